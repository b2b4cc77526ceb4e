//! CLI tests: the built binary, run as a user runs it, for a good run and each class of error.
//! Each test asserts the exit status (0 success, 1 invalid input or no plan possible, 2 failure
//! of the tool itself) and the Dutch words and the cell or column the user needs, and, for an
//! error, that no output file appears and no file that was there is touched.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook_auto, Data, Reader};
use rust_xlsxwriter::Workbook;

use retrofit::input::columns::{BUDGET_COLUMNS, CAPACITY_COLUMNS, HOME_COLUMNS};

use crate::importer::fixture;

/// What one run of the binary gave.
struct Run {
    args: String,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Asserts the exit status, and that nothing panicked whatever the status.
    fn status(&self, expected: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(expected),
            "retrofit {}: expected exit status {expected}\n{}",
            self.args,
            self.shown()
        );
        assert!(
            !self.stderr.contains("panicked") && !self.stdout.contains("panicked"),
            "retrofit {}: panic\n{}",
            self.args,
            self.shown()
        );
        self
    }

    fn stdout_has(&self, fragments: &[&str]) -> &Self {
        for f in fragments {
            assert!(
                self.stdout.contains(f),
                "retrofit {}: stdout lacks {f:?}\n{}",
                self.args,
                self.shown()
            );
        }
        self
    }

    fn stdout_lacks(&self, fragments: &[&str]) -> &Self {
        for f in fragments {
            assert!(
                !self.stdout.contains(f),
                "retrofit {}: stdout has {f:?}\n{}",
                self.args,
                self.shown()
            );
        }
        self
    }

    fn stderr_has(&self, fragments: &[&str]) -> &Self {
        for f in fragments {
            assert!(
                self.stderr.contains(f),
                "retrofit {}: stderr lacks {f:?}\n{}",
                self.args,
                self.shown()
            );
        }
        self
    }

    fn shown(&self) -> String {
        format!(
            "--- status {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs the binary in `cwd` (a temp dir, so a default output name lands where the test looks).
fn retrofit<I, S>(cwd: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<S> = args.into_iter().collect();
    let shown = args
        .iter()
        .map(|a| a.as_ref().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let out = Command::new(env!("CARGO_BIN_EXE_retrofit"))
        .args(&args)
        .current_dir(cwd)
        .output()
        .expect("the retrofit binary runs");
    Run {
        args: shown,
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

/// The names in a directory (not recursive), so a test can see that nothing appeared.
fn entries(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect()
}

fn names(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

type Grid = Vec<Vec<Data>>;

fn sheet(path: &Path, name: &str) -> Grid {
    let mut wb = open_workbook_auto(path).expect("workbook opens");
    let range = wb.worksheet_range(name).expect(name);
    range.rows().map(|r| r.to_vec()).collect()
}

fn sheet_names(path: &Path) -> Vec<String> {
    open_workbook_auto(path)
        .expect("workbook opens")
        .sheet_names()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn row_texts(row: &[Data]) -> Vec<String> {
    row.iter().map(text).collect()
}

/// A plan with a broken stock: exit status 1, every fragment in the message, and the output
/// directory (also the working directory) exactly as it was: no plan, no temp file.
fn assert_plan_refused(stock: &Path, extra: &[&str], fragments: &[&str]) {
    let dir = tempdir();
    let out = dir.path().join("uit");
    fs::create_dir(&out).expect("mkdir");
    let plan = out.join("p.xlsx");
    let mut args: Vec<&OsStr> = vec![
        OsStr::new("plan"),
        stock.as_os_str(),
        OsStr::new("--output"),
        plan.as_os_str(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    retrofit(&out, &args).status(1).stderr_has(fragments);
    assert!(
        entries(&out).is_empty(),
        "files written despite the error: {:?}",
        entries(&out)
    );
}

// ---------------------------------------------------------------------------------------------
// A good run
// ---------------------------------------------------------------------------------------------

#[test]
fn plan_of_a_generated_stock_writes_every_output() {
    let dir = tempdir();
    let d = dir.path();
    let stock = d.join("b.xlsx");
    retrofit(
        d,
        [
            OsStr::new("generate"),
            OsStr::new("--homes"),
            OsStr::new("1500"),
            OsStr::new("--seed"),
            OsStr::new("3"),
            OsStr::new("--output"),
            stock.as_os_str(),
        ],
    )
    .status(0)
    .stdout_has(&["1.500 woningen geschreven naar", "b.xlsx"]);
    assert!(stock.is_file());

    let (plan, gemeente, json, csv, parquet, lp) = (
        d.join("p.xlsx"),
        d.join("g.xlsx"),
        d.join("p.json"),
        d.join("csv"),
        d.join("pq"),
        d.join("m.lp"),
    );
    let run = retrofit(
        d,
        [
            OsStr::new("plan"),
            stock.as_os_str(),
            OsStr::new("--output"),
            plan.as_os_str(),
            OsStr::new("--gemeente"),
            gemeente.as_os_str(),
            OsStr::new("--json"),
            json.as_os_str(),
            OsStr::new("--csv"),
            csv.as_os_str(),
            OsStr::new("--parquet"),
            parquet.as_os_str(),
            OsStr::new("--write-lp"),
            lp.as_os_str(),
        ],
    );
    run.status(0).stdout_has(&[
        "Woningen gelezen: 1.500",
        "Ingepland: ",
        "Solver: ",
        &format!("Plan geschreven naar {}", plan.display()),
        // Every file written is reported.
        &format!(
            "Lijst gespikkeld bezit voor de gemeente geschreven naar {}",
            gemeente.display()
        ),
        &format!("JSON geschreven naar {}", json.display()),
        &format!("LP-bestand geschreven naar {}", lp.display()),
        &format!("in map {}: ", csv.display()),
        "CSV-bestanden geschreven in map",
        "Parquet-bestanden geschreven in map",
    ]);
    assert!(run.stderr.is_empty(), "stderr: {}", run.stderr);
    for file in [&plan, &gemeente, &json, &lp] {
        assert!(file.is_file(), "{} missing", file.display());
    }
    for (dir, ext) in [(&csv, "csv"), (&parquet, "parquet")] {
        let files = entries(dir);
        for table in ["planning", "projecten", "uitgesloten", "invoercontrole"] {
            assert!(
                files.contains(&format!("{table}.{ext}")),
                "{} lacks {table}.{ext}: {files:?}",
                dir.display()
            );
        }
    }
    // No temp file of the safe writer is left beside the outputs.
    assert_eq!(
        entries(d),
        names(&["b.xlsx", "p.xlsx", "g.xlsx", "p.json", "csv", "pq", "m.lp"])
    );

    let lp_text = fs::read_to_string(&lp).expect("lp");
    for section in ["Maximize", "Subject To", "Binaries", "End"] {
        assert!(
            lp_text.lines().any(|l| l.trim() == section),
            "LP file lacks a line {section:?}"
        );
    }
    assert!(
        lp_text.contains("budget(") || lp_text.contains("capacity("),
        "LP file names no budget or capacity row"
    );
    assert!(
        lp_text.contains("start("),
        "LP file names no start variable"
    );

    // The json parses and agrees with the printed summary.
    let value: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&json).expect("json")).expect("json parses");
    assert_eq!(value["homes_read"], 1500);
    let planned = value["planned"]
        .as_array()
        .expect("planned is a list")
        .len();
    assert!(planned > 0, "nothing planned");
    run.stdout_has(&[&format!(
        "Ingepland: {}",
        retrofit::nl_format::count(planned, "woning", "woningen")
    )]);

    // The workbooks open and hold what their names promise.
    let sheets = sheet_names(&plan);
    for name in [
        "Samenvatting",
        "Planning",
        "Niet ingepland",
        "Invoercontrole",
    ] {
        assert!(sheets.iter().any(|s| s == name), "plan lacks {name}");
    }
    let planning = sheet(&plan, "Planning");
    let data_rows = planning
        .iter()
        .skip(1)
        .filter(|r| r.iter().any(|c| !matches!(c, Data::Empty)))
        .count();
    assert_eq!(data_rows, planned, "Planning rows against the json");
    assert_eq!(sheet_names(&gemeente), vec!["Gespikkeld".to_string()]);
}

#[test]
fn plan_without_stock_plans_the_sample_into_the_working_directory() {
    let dir = tempdir();
    retrofit(dir.path(), ["plan"]).status(0).stdout_has(&[
        "Ingepland: ",
        "Solver: ",
        "Plan geschreven naar voorbeeldbezit-plan.xlsx",
    ]);
    let plan = dir.path().join("voorbeeldbezit-plan.xlsx");
    assert!(plan.is_file());
    assert_eq!(entries(dir.path()), names(&["voorbeeldbezit-plan.xlsx"]));
    assert!(sheet_names(&plan).iter().any(|s| s == "Planning"));
}

#[test]
fn a_solve_shows_progress_lines_unless_quiet() {
    let dir = tempdir();
    // Every 10 ms, so that even the sample's short solve is caught in a stage.
    retrofit(dir.path(), ["plan", "--progress-every", "0.01"])
        .status(0)
        .stderr_has(&["[0:00] ", "beste plan ", ", gap "]);
    let quiet = retrofit(
        dir.path(),
        [
            "plan",
            "--quiet",
            "--progress-every",
            "0.01",
            "-o",
            "stil.xlsx",
        ],
    );
    quiet.status(0);
    assert!(!quiet.stderr.contains("beste plan"), "{}", quiet.shown());
    retrofit(dir.path(), ["plan", "--progress-every", "0"])
        .status(1)
        .stderr_has(&["--voortgang-elke moet groter dan 0 zijn"]);
}

// ---------------------------------------------------------------------------------------------
// Invalid input: exit status 1, the cell or column named, no output
// ---------------------------------------------------------------------------------------------

#[test]
fn plan_refuses_an_unknown_label_and_names_the_cell() {
    assert_plan_refused(
        &fixture("err_unknown_label.xlsx"),
        &[],
        &[
            "Woningen!E3",
            "onbekend energielabel 'H'",
            "--rijen-overslaan",
        ],
    );
}

#[test]
fn plan_refuses_a_missing_required_column_and_names_it() {
    assert_plan_refused(
        &fixture("err_missing_column.xlsx"),
        &[],
        &[
            "Woningen, kolom gbo_m2",
            "verplichte kolom 'gbo_m2' ontbreekt",
        ],
    );
}

#[test]
fn plan_refuses_a_duplicate_vhe_and_names_both_cells() {
    assert_plan_refused(
        &fixture("err_duplicate_vhe.xlsx"),
        &[],
        &["Woningen!A5", "'1001' komt dubbel voor", "Woningen!A2"],
    );
}

#[test]
fn plan_refuses_a_missing_file() {
    let dir = tempdir();
    let missing = dir.path().join("bestaat_niet.xlsx");
    assert_plan_refused(
        &missing,
        &[],
        &["bestaat_niet.xlsx", "het bestand bestaat niet"],
    );
}

#[test]
fn plan_refuses_a_text_file_named_xlsx() {
    let dir = tempdir();
    let text_file = dir.path().join("tekst.xlsx");
    fs::write(&text_file, "vhe;complex\n1;C1\n").expect("write");
    assert_plan_refused(
        &text_file,
        &[],
        &["tekst.xlsx", "geen leesbaar .xlsx-werkboek"],
    );
    // The committed fixture of the same kind.
    assert_plan_refused(
        &fixture("not_a_workbook.xlsx"),
        &[],
        &["not_a_workbook.xlsx", "geen leesbaar .xlsx-werkboek"],
    );
}

/// `check` of a file that is no workbook says so once, in Dutch (helper 66 saw the reader's
/// English message again under "Blad Scenario's").
#[test]
fn check_of_a_file_that_is_no_workbook_says_so_once() {
    let dir = tempdir();
    let text_file = dir.path().join("tekst.xlsx");
    fs::write(&text_file, "vhe;complex\n1;C1\n").expect("write");
    let run = retrofit(dir.path(), [OsStr::new("check"), text_file.as_os_str()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("geen leesbaar .xlsx-werkboek"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("Blad Scenario's"), "{}", run.stderr);
    assert_eq!(run.stderr.matches("Zip error").count(), 1, "{}", run.stderr);
}

/// Copies `models/` into a temp dir, with `edit` applied to one of its files.
fn models_copy(dir: &Path, file: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let models = dir.join("model");
    fs::create_dir(&models).expect("mkdir");
    // The files `retrofit scenario` writes: the scenario names the catalog and species beside it.
    for (name, text) in retrofit::embedded::files_to_edit() {
        let text = if name == file { edit(&text) } else { text };
        fs::write(models.join(name), text).expect("write");
    }
    models.join("scenario.toml")
}

#[test]
fn plan_refuses_an_unknown_scenario_key_naming_file_and_key() {
    // The pristine copy is accepted: the refusals below are about the key alone.
    let dir = tempdir();
    let scenario = models_copy(dir.path(), "", |t| t.to_string());
    let out = dir.path().join("p.xlsx");
    retrofit(
        dir.path(),
        [
            OsStr::new("plan"),
            fixture("good.xlsx").as_os_str(),
            OsStr::new("--scenario"),
            scenario.as_os_str(),
            OsStr::new("--output"),
            out.as_os_str(),
        ],
    )
    .status(0);

    // At the top level.
    let dir = tempdir();
    let scenario = models_copy(dir.path(), "scenario.toml", |t| {
        format!("onbekende_sleutel = 1\n{t}")
    });
    let shown = scenario.display().to_string();
    assert_plan_refused(
        &fixture("good.xlsx"),
        &["--scenario", &shown],
        &[&shown, "onbekende_sleutel"],
    );

    // Inside a table.
    let dir = tempdir();
    let scenario = models_copy(dir.path(), "scenario.toml", |t| {
        t.replacen("[projects]\n", "[projects]\nmax_project_huizen = 12\n", 1)
    });
    let shown = scenario.display().to_string();
    assert_plan_refused(
        &fixture("good.xlsx"),
        &["--scenario", &shown],
        &[&shown, "max_project_huizen"],
    );

    // In the catalog the scenario points at: the catalog file is the one named.
    let dir = tempdir();
    let scenario = models_copy(dir.path(), "catalog.toml", |t| {
        format!("catalogus_versie = 2\n{t}")
    });
    let catalog = scenario.with_file_name("catalog.toml");
    let shown = scenario.display().to_string();
    assert_plan_refused(
        &fixture("good.xlsx"),
        &["--scenario", &shown],
        &[&catalog.display().to_string(), "catalogus_versie"],
    );
}

#[test]
fn plan_refuses_a_time_limit_of_zero_or_less() {
    for value in ["--time-limit=0", "--time-limit=-1"] {
        assert_plan_refused(
            &fixture("good.xlsx"),
            &[value],
            &["--tijdslimiet moet groter dan 0 zijn"],
        );
    }
    // Not a number at all (helper 80: "moet groter dan 0 zijn" said of NaN).
    assert_plan_refused(
        &fixture("good.xlsx"),
        &["--time-limit=NaN"],
        &["--tijdslimiet moet een getal (seconden) zijn, niet 'NaN'"],
    );
}

#[test]
fn plan_refuses_to_write_over_its_input() {
    let original = fs::read(fixture("good.xlsx")).expect("fixture");
    for flag in ["--output", "--gemeente", "--json"] {
        let dir = tempdir();
        let input = dir.path().join("in.xlsx");
        fs::write(&input, &original).expect("copy");
        // The same file spelled differently: relative, through `./`, against an absolute input.
        retrofit(
            dir.path(),
            [
                OsStr::new("plan"),
                input.as_os_str(),
                OsStr::new(flag),
                OsStr::new("./in.xlsx"),
            ],
        )
        .status(1)
        .stderr_has(&["./in.xlsx", "invoerbestand", "Kies een andere naam"]);
        assert_eq!(fs::read(&input).expect("input"), original, "{flag}");
        assert_eq!(entries(dir.path()), names(&["in.xlsx"]), "{flag}");
    }

    // A hard link is the same file under another name.
    let dir = tempdir();
    let input = dir.path().join("in.xlsx");
    fs::write(&input, &original).expect("copy");
    let link = dir.path().join("link.xlsx");
    fs::hard_link(&input, &link).expect("hard link");
    retrofit(
        dir.path(),
        [
            OsStr::new("plan"),
            input.as_os_str(),
            OsStr::new("--output"),
            link.as_os_str(),
        ],
    )
    .status(1)
    .stderr_has(&["invoerbestand"]);
    assert_eq!(fs::read(&input).expect("input"), original);
}

#[test]
fn plan_refuses_to_write_the_lp_file_over_its_input() {
    let original = fs::read(fixture("good.xlsx")).expect("fixture");
    let dir = tempdir();
    let input = dir.path().join("in.xlsx");
    fs::write(&input, &original).expect("copy");
    let out = dir.path().join("p.xlsx");
    retrofit(
        dir.path(),
        [
            OsStr::new("plan"),
            input.as_os_str(),
            OsStr::new("--output"),
            out.as_os_str(),
            OsStr::new("--write-lp"),
            input.as_os_str(),
        ],
    )
    .status(1)
    .stderr_has(&["invoerbestand"]);
    assert_eq!(
        fs::read(&input).expect("input"),
        original,
        "stock overwritten"
    );
}

#[test]
fn plan_refuses_two_outputs_with_the_same_name() {
    for flag in ["--gemeente", "--json"] {
        let dir = tempdir();
        let out = dir.path().join("p.xlsx");
        let run = retrofit(
            dir.path(),
            [
                OsStr::new("plan"),
                fixture("good.xlsx").as_os_str(),
                OsStr::new("--output"),
                out.as_os_str(),
                OsStr::new(flag),
                out.as_os_str(),
            ],
        );
        run.status(1).stderr_has(&["p.xlsx"]);
        assert!(entries(dir.path()).is_empty(), "{flag}: written anyway");
    }
}

#[test]
fn a_failed_plan_never_replaces_a_good_one() {
    let dir = tempdir();
    let d = dir.path();
    let plan = d.join("p.xlsx");
    let good = |extra: &[&str]| {
        let mut args = vec![
            "plan".to_string(),
            fixture("good.xlsx").display().to_string(),
            "--output".into(),
            plan.display().to_string(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    retrofit(d, good(&[])).status(0);
    let before = fs::read(&plan).expect("plan written");
    assert!(sheet_names(&plan).iter().any(|s| s == "Planning"));

    // An invalid stock with the same output.
    retrofit(
        d,
        [
            OsStr::new("plan"),
            fixture("err_unknown_label.xlsx").as_os_str(),
            OsStr::new("--output"),
            plan.as_os_str(),
        ],
    )
    .status(1)
    .stderr_has(&["Woningen!E3"]);
    assert_eq!(fs::read(&plan).expect("plan"), before, "plan file changed");

    // A good stock that fails later: invalid scenario, invalid option.
    let models = tempdir();
    let scenario = models_copy(models.path(), "scenario.toml", |t| format!("x = 1\n{t}"));
    retrofit(d, good(&["--scenario", &scenario.display().to_string()])).status(1);
    retrofit(d, good(&["--time-limit", "0"])).status(1);
    assert_eq!(fs::read(&plan).expect("plan"), before, "plan file changed");
    assert_eq!(entries(d), names(&["p.xlsx"]), "temp files left behind");
}

#[test]
fn plan_with_no_plannable_home_exits_1_and_says_why() {
    // One G home whose flora & fauna permit comes after the deadline.
    let dir = tempdir();
    let stock = dir.path().join("te_laat.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Woningen").expect("name");
    let header = [
        "vhe",
        "complex",
        "woningtype",
        "gbo_m2",
        "energielabel",
        "ff_soorten",
        "ff_vergunning",
    ];
    let row = ["9001", "C90", "EGW", "", "G", "vleermuis", "01-01-2030"];
    for (j, (h, v)) in (0u16..).zip(header.iter().zip(row)) {
        ws.write_string(0, j, *h).expect("write");
        if j == 3 {
            ws.write_number(1, j, 80.0).expect("write");
        } else {
            ws.write_string(1, j, v).expect("write");
        }
    }
    wb.save(&stock).expect("save");

    let plan = dir.path().join("p.xlsx");
    retrofit(
        dir.path(),
        [
            OsStr::new("plan"),
            stock.as_os_str(),
            OsStr::new("--output"),
            plan.as_os_str(),
        ],
    )
    .status(1)
    .stderr_has(&[
        // The conclusion first, then the summary on lines of its own.
        "retrofit: Geen enkele woning kon worden ingepland.",
        "\nScenario: ",
        "Niet ingepland",
    ]);
    // The workbook that explains why is written: it is the answer to "why not".
    let rows = sheet(&plan, "Niet ingepland");
    assert!(
        rows.iter()
            .any(|r| row_texts(r).iter().any(|c| c == "9001")),
        "9001 not listed: {rows:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// --rijen-overslaan
// ---------------------------------------------------------------------------------------------

#[test]
fn skipping_rows_plans_the_rest_and_lists_the_skipped_row() {
    let dir = tempdir();
    let plan = dir.path().join("p.xlsx");
    retrofit(
        dir.path(),
        [
            OsStr::new("plan"),
            fixture("err_unknown_label.xlsx").as_os_str(),
            OsStr::new("--rijen-overslaan"),
            OsStr::new("--output"),
            plan.as_os_str(),
        ],
    )
    .status(0)
    .stdout_has(&["1 rij overgeslagen", "Ingepland: 2 woningen"]);

    let rows = sheet(&plan, "Invoercontrole");
    let skipped: Vec<Vec<String>> = rows
        .iter()
        .map(|r| row_texts(r))
        .filter(|r| r.iter().any(|c| c.starts_with("rij overgeslagen")))
        .collect();
    assert_eq!(skipped.len(), 1, "{rows:?}");
    let row = &skipped[0];
    assert!(row.iter().any(|c| c == "Woningen!3:3"), "{row:?}");
    assert!(
        row.iter()
            .any(|c| c.contains("Woningen!E3") && c.contains("onbekend energielabel 'H'")),
        "{row:?}"
    );
    assert!(row.iter().any(|c| c == "1002"), "{row:?}");
}

// ---------------------------------------------------------------------------------------------
// retrofit check
// ---------------------------------------------------------------------------------------------

#[test]
fn check_of_a_good_stock_prints_the_summary() {
    let dir = tempdir();
    let run = retrofit(
        dir.path(),
        [OsStr::new("check"), fixture("good.xlsx").as_os_str()],
    );
    run.status(0).stdout_has(&[
        "Invoer: good.xlsx",
        "Woningen gelezen: 8",
        "EFG-woningen: 6",
        "Monumenten: 2",
        "Budget (blad Budget)",
        "Geen waarschuwingen",
    ]);
    assert!(run.stderr.is_empty(), "stderr: {}", run.stderr);
    assert!(entries(dir.path()).is_empty(), "check wrote a file");
}

#[test]
fn check_of_a_broken_stock_names_every_cell() {
    let dir = tempdir();
    retrofit(
        dir.path(),
        [
            OsStr::new("check"),
            fixture("err_unknown_label.xlsx").as_os_str(),
        ],
    )
    .status(1)
    .stderr_has(&["1 fout", "Woningen!E3", "onbekend energielabel 'H'"]);
    retrofit(
        dir.path(),
        [
            OsStr::new("check"),
            fixture("err_area_not_positive.xlsx").as_os_str(),
        ],
    )
    .status(1)
    .stderr_has(&["2 fouten", "Woningen!D2", "Woningen!D3"]);
    retrofit(
        dir.path(),
        [
            OsStr::new("check"),
            fixture("err_missing_column.xlsx").as_os_str(),
        ],
    )
    .status(1)
    .stderr_has(&["Woningen, kolom gbo_m2"]);
    retrofit(
        dir.path(),
        [OsStr::new("check"), OsStr::new("bestaat_niet.xlsx")],
    )
    .status(1)
    .stderr_has(&["bestaat_niet.xlsx", "bestaat niet"]);
    assert!(entries(dir.path()).is_empty(), "check wrote a file");
}

// ---------------------------------------------------------------------------------------------
// retrofit template
// ---------------------------------------------------------------------------------------------

/// The attributes and first `<formula1>` of every `<dataValidation>` in a worksheet's XML.
fn data_validations(xml: &str) -> Vec<String> {
    xml.split("<dataValidation ")
        .skip(1)
        .map(|chunk| {
            let end = chunk.find("</dataValidation>").unwrap_or(chunk.len());
            chunk[..end].to_string()
        })
        .collect()
}

/// Excel's column letters for a zero-based index.
fn column_letters(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ascii")
}

#[test]
fn template_has_every_column_explained_with_drop_down_lists() {
    let dir = tempdir();
    let template = dir.path().join("t.xlsx");
    retrofit(
        dir.path(),
        [
            OsStr::new("template"),
            OsStr::new("--output"),
            template.as_os_str(),
        ],
    )
    .status(0)
    .stdout_has(&["Invoersjabloon geschreven naar", "t.xlsx"]);
    assert_eq!(entries(dir.path()), names(&["t.xlsx"]), "temp file left");

    let sheets = sheet_names(&template);
    for name in ["Woningen", "Toelichting", "Budget", "Capaciteit"] {
        assert!(
            sheets.iter().any(|s| s == name),
            "{name} missing: {sheets:?}"
        );
    }
    assert_eq!(sheets[0], "Woningen", "Woningen is the first sheet");

    let homes = sheet(&template, "Woningen");
    let header = row_texts(&homes[0]);
    for col in HOME_COLUMNS {
        assert!(
            header.iter().any(|h| h == col.name),
            "Woningen header lacks {}: {header:?}",
            col.name
        );
    }
    for (name, columns) in [("Budget", BUDGET_COLUMNS), ("Capaciteit", CAPACITY_COLUMNS)] {
        let header = row_texts(&sheet(&template, name)[0]);
        for col in columns {
            assert!(
                header.iter().any(|h| h == col.name),
                "{name} header lacks {}",
                col.name
            );
        }
    }

    // Toelichting: a row (blad, kolom, ...) for every column, with its explanation.
    let explanation: Vec<Vec<String>> = sheet(&template, "Toelichting")
        .iter()
        .map(|r| row_texts(r))
        .collect();
    for (sheet_name, columns) in [
        ("Woningen", HOME_COLUMNS),
        ("Budget", BUDGET_COLUMNS),
        ("Capaciteit", CAPACITY_COLUMNS),
    ] {
        for col in columns {
            let row = explanation
                .iter()
                .find(|r| r.len() > 1 && r[0] == sheet_name && r[1] == col.name);
            let row = row.unwrap_or_else(|| {
                panic!("Toelichting does not explain {sheet_name}.{}", col.name)
            });
            assert!(
                row.iter().any(|c| c == col.description),
                "Toelichting row of {} lacks its description",
                col.name
            );
        }
    }

    // The untouched template is refused, on its example row alone (every other cell of that
    // row reads without a problem), and no plan is written.
    let example = "Woningen!A2: fout: vhe: 'VOORBEELD' is de voorbeeldrij van het invoersjabloon";
    retrofit(dir.path(), [OsStr::new("check"), template.as_os_str()])
        .status(1)
        .stderr_has(&["1 fout, 0 waarschuwingen", example]);
    let plan = dir.path().join("p.xlsx");
    retrofit(
        dir.path(),
        [
            OsStr::new("plan"),
            template.as_os_str(),
            OsStr::new("--output"),
            plan.as_os_str(),
        ],
    )
    .status(1)
    .stderr_has(&[example]);
    assert!(!plan.exists(), "the example row was planned");

    // Drop-down lists: calamine does not expose validations, so read the sheet's XML.
    let unzip = Command::new("unzip")
        .arg("-p")
        .arg(&template)
        .arg("xl/worksheets/sheet1.xml")
        .output();
    let xml = match unzip {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).into_owned(),
        Ok(out) => panic!(
            "unzip failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ),
        Err(e) => {
            println!("note: `unzip` not available ({e}); drop-down lists not checked");
            return;
        }
    };
    let validations = data_validations(&xml);
    let lists = [
        "energielabel",
        "woningtype",
        "monument",
        "strategie",
        "gespikkeld",
        "status",
    ];
    for name in lists {
        let col = HOME_COLUMNS
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("{name} not in HOME_COLUMNS"));
        assert!(!col.allowed.is_empty(), "{name} has no vocabulary");
        let index = header.iter().position(|h| h == name).expect("in header");
        let range_start = format!("sqref=\"{}2:", column_letters(index));
        let found: Vec<&String> = validations
            .iter()
            .filter(|v| v.contains(&range_start))
            .collect();
        assert_eq!(found.len(), 1, "{name}: validations {found:?}");
        let v = found[0];
        assert!(v.contains("type=\"list\""), "{name}: not a list: {v}");
        let formula = v
            .split("<formula1>")
            .nth(1)
            .and_then(|f| f.split("</formula1>").next())
            .unwrap_or_else(|| panic!("{name}: no formula1: {v}"));
        let items: Vec<&str> = formula.trim_matches('"').split(',').collect();
        assert_eq!(items, col.allowed, "{name}: drop-down values");
    }
    // And no other column has a list: free columns must not reject typed values.
    let list_count = validations
        .iter()
        .filter(|v| v.contains("type=\"list\""))
        .count();
    assert_eq!(list_count, lists.len());
}

#[test]
fn column_letters_follow_excel() {
    assert_eq!(column_letters(0), "A");
    assert_eq!(column_letters(25), "Z");
    assert_eq!(column_letters(26), "AA");
    assert_eq!(column_letters(27), "AB");
    assert_eq!(column_letters(701), "ZZ");
    assert_eq!(column_letters(702), "AAA");
}

// ---------------------------------------------------------------------------------------------
// Usage
// ---------------------------------------------------------------------------------------------

#[test]
fn usage_errors_exit_1_and_help_exits_0() {
    let dir = tempdir();
    let d = dir.path();
    retrofit(d, ["plan", "--onbekende-optie"])
        .status(1)
        .stderr_has(&[
            "retrofit: fout: onbekende optie '--onbekende-optie'",
            "Gebruik: retrofit plan [BEZIT] [OPTIES]",
            "Meer uitleg: retrofit plan --hulp",
        ]);
    retrofit(d, ["opruimen"]).status(1).stderr_has(&[
        "onbekende opdracht 'opruimen'",
        "Gebruik: retrofit <OPDRACHT>",
    ]);
    // No subcommand at all: the Dutch help on stderr, not a plan.
    retrofit(d, Vec::<&str>::new())
        .status(1)
        .stderr_has(&["retrofit: geef een opdracht", "Opdrachten:"]);
    retrofit(d, ["check"])
        .status(1)
        .stderr_has(&["ontbreekt: <BEZIT>", "Gebruik: retrofit check <BEZIT>"]);
    retrofit(d, ["generate", "--homes", "0", "--output", "x.xlsx"])
        .status(1)
        .stderr_has(&["--woningen moet minstens 1 zijn"]);

    retrofit(d, ["--help"]).status(0).stdout_has(&[
        "Gebruik: retrofit <OPDRACHT> [OPTIES]",
        "Opdrachten:",
        "plan",
        "check",
        "template",
        "scenario",
        "generate",
        "-h, --hulp",
        "-V, --versie",
    ]);
    retrofit(d, ["plan", "--help"]).status(0).stdout_has(&[
        "Gebruik: retrofit plan [BEZIT] [OPTIES]",
        "Argumenten:",
        "Opties:",
        "[BEZIT]",
        "--scenario <BESTAND>",
        "-o, --uitvoer <BESTAND>",
        "(ook --output)",
        "--tijdslimiet <SECONDEN>",
        "--lp-bestand <BESTAND>",
        "--gemeente <BESTAND>",
        "--json <BESTAND>",
        "--csv <MAP>",
        "--parquet <MAP>",
        "--rijen-overslaan",
        "-v, --uitgebreid",
        "-q, --stil",
        "--voortgang-elke <SECONDEN>",
    ]);
    // `help` as a command, in Dutch too.
    retrofit(d, ["help", "check"])
        .status(0)
        .stdout_has(&["Gebruik: retrofit check <BEZIT> [OPTIES]"]);
    let version = format!("retrofit {}\n", env!("CARGO_PKG_VERSION"));
    for args in [
        &["--version"][..],
        &["--versie"],
        &["-V"],
        &["plan", "--version"],
        &["check", "-V"],
    ] {
        let run = retrofit(d, args);
        run.status(0);
        assert_eq!(run.stdout, version, "retrofit {}", run.args);
    }
    for help in [["plan", "-h"], ["plan", "--hulp"], ["generate", "--help"]] {
        retrofit(d, help)
            .status(0)
            .stdout_has(&["Gebruik: retrofit"]);
    }
    assert!(entries(d).is_empty(), "usage errors wrote {:?}", entries(d));
}

/// The top-level help, pinned whole: a change to it is a change a user sees.
#[test]
fn top_level_help_is_pinned() {
    let dir = tempdir();
    let run = retrofit(dir.path(), ["--help"]);
    run.status(0);
    let expected = "\
Plant de verduurzaming (EFG-labels naar A/B) van het bezit van een woningcorporatie

Gebruik: retrofit <OPDRACHT> [OPTIES]

Opdrachten:
  plan       Maak een planning: welke woningen, welk pakket, welke maand, tegen welke kosten
  check      Controleer een bezitsbestand zonder te plannen
  template   Schrijf een leeg invoerbestand met alle kolommen, keuzelijsten en toelichting
  scenario   Schrijf het standaardscenario, de maatregelencatalogus, de soortenkalender en de energietabellen (WWS-punten, CO₂) om te bewerken
  generate   Genereer een realistisch voorbeeldbezit (voor demo's en metingen)
  bench      Meet per stap waar de tijd heen gaat, op gegenereerde bezitten van oplopende omvang
  vergelijk  Plan het bezit onder meerdere scenario's en zet de plannen naast elkaar (eerste = basis)

Opties:
  -h, --hulp    Toon deze hulp (ook --help)
  -V, --versie  Toon het versienummer (ook --version)
";
    assert_eq!(run.stdout, expected);
}

/// Not a word of clap's English reaches the user: help of every command and each class of
/// usage error, one by one.
#[test]
fn help_and_usage_errors_are_dutch_for_each_class() {
    let dir = tempdir();
    let d = dir.path();
    const ENGLISH: &[&str] = &[
        "Usage",
        "Options",
        "Arguments",
        "Commands",
        "error:",
        "[default",
        "[possible",
        "[aliases",
        "Print help",
        "Print version",
        "tip:",
        "For more information",
    ];
    let no_english = |run: &Run| {
        for word in ENGLISH {
            assert!(
                !run.stdout.contains(word) && !run.stderr.contains(word),
                "retrofit {}: English {word:?}\n{}",
                run.args,
                run.shown()
            );
        }
    };
    for cmd in ["plan", "check", "template", "scenario", "generate", "bench"] {
        no_english(retrofit(d, [cmd, "--help"]).status(0));
    }
    no_english(retrofit(d, ["--help"]).status(0));
    // Each class of bad option: (arguments, what the message must say).
    let cases: &[(&[&str], &[&str])] = &[
        // misspelt option, with the suggestion
        (
            &["plan", "--scenaro", "s.toml"],
            &["onbekende optie '--scenaro'", "bedoelt u '--scenario'?"],
        ),
        // an option of another command: where it belongs, not the nearest spelling here
        (
            &["check", "--uitvoer", "s.xlsx"],
            &["optie '--uitvoer' hoort niet bij retrofit check, wel bij retrofit plan"],
        ),
        (
            &["check", "-o", "x.xlsx"],
            &["optie '-o' hoort niet bij retrofit check, wel bij retrofit plan"],
        ),
        (
            &["generate", "-o", "x.xlsx", "--quiet"],
            &["optie '--quiet' hoort niet bij retrofit generate, wel bij retrofit plan en vergelijk"],
        ),
        // misspelt command, with the suggestion
        (&["plna"], &["onbekende opdracht 'plna'", "'plan'"]),
        // a value that is not a number
        (
            &["plan", "--tijdslimiet", "snel"],
            &[
                "ongeldige waarde 'snel' voor --tijdslimiet <SECONDEN>",
                "moet een getal",
            ],
        ),
        (
            &["plan", "--time-limit", "snel"],
            &["ongeldige waarde 'snel' voor --tijdslimiet"],
        ),
        (
            &["generate", "--woningen", "8.000", "-o", "x.xlsx"],
            &[
                "ongeldige waarde '8.000' voor --woningen <N>",
                "moet een geheel getal",
            ],
        ),
        // a value outside a closed list
        (
            &["bench", "--formaat", "xls"],
            &[
                "ongeldige waarde 'xls' voor --formaat",
                "kies uit: auto, xlsx, csv, parquet",
                "bedoelt u 'xlsx'?",
            ],
        ),
        // an option without its value
        (
            &["plan", "--uitvoer"],
            &["--uitvoer <BESTAND> vraagt een waarde"],
        ),
        // a required option missing
        (
            &["generate"],
            &[
                "ontbreekt: --uitvoer <BESTAND>",
                "Gebruik: retrofit generate --uitvoer <BESTAND> [OPTIES]",
            ],
        ),
        // an argument too many
        (
            &["plan", "a.xlsx", "b.xlsx"],
            &["onverwacht argument 'b.xlsx'"],
        ),
        // a flag twice
        (
            &["plan", "--stil", "--stil"],
            &["--stil staat er meer dan één keer"],
        ),
    ];
    for (args, fragments) in cases {
        let run = retrofit(d, *args);
        run.status(1)
            .stderr_has(fragments)
            .stderr_has(&["retrofit: fout: ", "Gebruik: retrofit"]);
        no_english(&run);
    }
    // A negative number is a value (refused by its own check), not an unknown option `-1`.
    retrofit(d, ["plan", "--tijdslimiet", "-1"])
        .status(1)
        .stderr_has(&["--tijdslimiet moet groter dan 0 zijn"]);
    assert!(entries(d).is_empty(), "usage errors wrote {:?}", entries(d));
}

/// The English and earlier option names keep working: `-o/--output`, `--time-limit`, ...
#[test]
fn english_and_earlier_option_names_are_aliases() {
    let dir = tempdir();
    let d = dir.path();
    let out = d.join("p.xlsx");
    let json = d.join("p.json");
    retrofit(
        d,
        [
            OsStr::new("plan"),
            fixture("good.xlsx").as_os_str(),
            OsStr::new("--output"),
            out.as_os_str(),
            OsStr::new("--time-limit"),
            OsStr::new("20"),
            OsStr::new("--quiet"),
            OsStr::new("--progress-every"),
            OsStr::new("2,5"),
            OsStr::new("--json"),
            json.as_os_str(),
        ],
    )
    .status(0)
    .stdout_has(&["Plan geschreven naar", "JSON geschreven naar"]);
    assert!(out.is_file() && json.is_file());
    let t = d.join("t.xlsx");
    retrofit(d, [OsStr::new("template"), OsStr::new("-o"), t.as_os_str()]).status(0);
    assert!(t.is_file());
    let g = d.join("g.csv");
    retrofit(
        d,
        [
            OsStr::new("generate"),
            OsStr::new("--homes"),
            OsStr::new("30"),
            OsStr::new("--seed"),
            OsStr::new("3"),
            OsStr::new("-o"),
            g.as_os_str(),
        ],
    )
    .status(0)
    .stdout_has(&["30 woningen geschreven naar"]);
}

/// The format of a file follows its extension, or the run is refused before anything is
/// computed or written.
#[test]
fn an_output_name_with_the_wrong_extension_is_refused() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "--uitvoer",
            "plan.csv",
            "de naam moet eindigen op .xlsx (het plan is een Excel-werkmap; voor CSV: --csv MAP",
        ),
        (
            "--gemeente",
            "gemeente.csv",
            "de naam moet eindigen op .xlsx",
        ),
        ("--json", "plan.txt", "de naam moet eindigen op .json"),
        ("--lp-bestand", "model.txt", "de naam moet eindigen op .lp"),
    ];
    for (flag, name, message) in cases {
        let dir = tempdir();
        let d = dir.path();
        let mut args = vec![
            "plan".to_string(),
            fixture("good.xlsx").display().to_string(),
        ];
        if *flag != "--uitvoer" {
            args.extend(["--uitvoer".to_string(), "p.xlsx".to_string()]);
        }
        args.extend([flag.to_string(), name.to_string()]);
        retrofit(d, &args)
            .status(1)
            .stderr_has(&[&format!("{flag} {name}: {message}")]);
        assert!(entries(d).is_empty(), "{flag}: wrote {:?}", entries(d));
    }
    let dir = tempdir();
    retrofit(dir.path(), ["template", "-o", "sjabloon.csv"])
        .status(1)
        .stderr_has(&["--uitvoer sjabloon.csv: de naam moet eindigen op .xlsx"]);
    assert!(entries(dir.path()).is_empty());
}

#[test]
fn plan_refuses_outputs_it_cannot_write_before_writing_any() {
    // A missing directory, and a table directory that is a file: exit 1 (the user's to fix),
    // and the plan workbook that could be written is not left behind.
    let dir = tempdir();
    std::fs::write(dir.path().join("g.txt"), "geen map").unwrap();
    for (flag, target, words) in [
        ("--json", "nodir/p.json", "bestaat niet"),
        ("--csv", "g.txt", "geen map"),
    ] {
        let run = retrofit(
            dir.path(),
            [
                OsStr::new("plan"),
                fixture("good.xlsx").as_os_str(),
                OsStr::new("--output"),
                OsStr::new("p.xlsx"),
                OsStr::new(flag),
                OsStr::new(target),
            ],
        );
        run.status(1).stderr_has(&[flag, words]);
        assert_eq!(
            entries(dir.path()),
            names(&["g.txt"]),
            "{flag}: written anyway"
        );
    }
}

#[test]
fn a_horizon_year_without_budget_or_capacity_is_refused_naming_the_year() {
    // Deadline 2028 with figures up to 2026: 2027 and 2028 would be planned with € 0.
    let dir = tempdir();
    let scenario = models_copy(dir.path(), "scenario.toml", |t| {
        t.replacen(
            "deadline_month = \"2026-12\"",
            "deadline_month = \"2028-12\"",
            1,
        )
    });
    let shown = scenario.display().to_string();
    assert_plan_refused(
        &fixture("good.xlsx"),
        &["--scenario", &shown],
        &[
            "budget ontbreekt voor 2027 en 2028",
            "capaciteit ontbreekt voor 2027 en 2028",
            "alleen 2024, 2025, 2026",
            // The sheet gives every year the file names (with the default's figures): said
            // with its years, not as the file's alone (helper 104), nor as if the file named
            // none (helper 106).
            &format!("het budget per jaar komt uit het werkblad Budget (2024, 2025, 2026, die scenario {shown} ook noemt); genoemd"),
        ],
    );
    // A file that names only the deadline: its figures are the default's, and it says so
    // (on the sample, which has no Budget sheet: with one, the sheet's years win).
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/voorbeeldbezit.xlsx");
    let later = dir.path().join("alleen-deadline.toml");
    std::fs::write(
        &later,
        "deadline_month = \"2028-12\"\n[budget_eur]\n2025 = 3_000_000\n",
    )
    .unwrap();
    let shown = later.display().to_string();
    assert_plan_refused(
        &sample,
        &["--scenario", &shown],
        &[
            &format!("het budget per jaar komt uit het ingebouwde standaardscenario (2024, 2026) en scenario {shown} (2025)"),
            &format!("de capaciteit per jaar komt uit het ingebouwde standaardscenario ({shown} noemt geen eigen jaren)"),
        ],
    );
    // A variant on that file: its years come from the variant and its base, each named.
    let variant = dir.path().join("variant.toml");
    std::fs::write(
        &variant,
        "base = \"alleen-deadline.toml\"\n[budget_eur]\n2026 = 2_000_000\n",
    )
    .unwrap();
    let variant_shown = variant.display().to_string();
    assert_plan_refused(
        &sample,
        &["--scenario", &variant_shown],
        &[&format!(
            "het budget per jaar komt uit het ingebouwde standaardscenario (2024), basis {shown} (2025) en scenario {variant_shown} (2026)"
        )],
    );
}

/// A stock of one F home with a sheet `Budget` of `years` (year, budget).
fn stock_with_budget_sheet(stock: &Path, years: &[(i32, f64)]) {
    stock_with_label_and_budget_sheet(stock, "F", years);
}

/// The same with the home's label `label`.
fn stock_with_label_and_budget_sheet(stock: &Path, label: &str, years: &[(i32, f64)]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Woningen").expect("name");
    for (j, (h, v)) in (0u16..).zip(
        ["vhe", "complex", "woningtype", "energielabel"]
            .iter()
            .zip(["9001", "C90", "EGW", label]),
    ) {
        ws.write_string(0, j, *h).expect("write");
        ws.write_string(1, j, v).expect("write");
    }
    ws.write_string(0, 4, "gbo_m2").expect("write");
    ws.write_number(1, 4, 80.0).expect("write");
    let budget = wb.add_worksheet();
    budget.set_name("Budget").expect("name");
    budget.write_string(0, 0, "jaar").expect("write");
    budget.write_string(0, 1, "budget_eur").expect("write");
    for (i, (year, eur)) in (1u32..).zip(years) {
        budget.write_number(i, 0, *year as f64).expect("write");
        budget.write_number(i, 1, *eur).expect("write");
    }
    wb.save(stock).expect("save");
}

/// A stock of one F home of corporation W1 with a sheet `Budget` giving W1 `years`.
fn stock_with_corporation_budget(stock: &Path, years: &[i32]) {
    let rows: Vec<(i32, &str)> = years.iter().map(|&y| (y, "W1")).collect();
    stock_with_corporation_budget_rows(stock, &rows);
}

/// The same with the corporation of each `Budget` row as given.
fn stock_with_corporation_budget_rows(stock: &Path, rows: &[(i32, &str)]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Woningen").expect("name");
    for (j, (h, v)) in (0u16..).zip(
        ["vhe", "corporatie", "complex", "woningtype", "energielabel"]
            .iter()
            .zip(["9001", "W1", "C90", "EGW", "F"]),
    ) {
        ws.write_string(0, j, *h).expect("write");
        ws.write_string(1, j, v).expect("write");
    }
    ws.write_string(0, 5, "gbo_m2").expect("write");
    ws.write_number(1, 5, 80.0).expect("write");
    let budget = wb.add_worksheet();
    budget.set_name("Budget").expect("name");
    for (j, h) in (0u16..).zip(["jaar", "budget_eur", "corporatie"]) {
        budget.write_string(0, j, h).expect("write");
    }
    for (i, (year, corporation)) in (1u32..).zip(rows) {
        budget.write_number(i, 0, *year as f64).expect("write");
        budget.write_number(i, 1, 100_000.0).expect("write");
        budget.write_string(i, 2, *corporation).expect("write");
    }
    wb.save(stock).expect("save");
}

/// A corporation's year given twice, once under another spelling of its name, is an error
/// at the second row (helper 83: the plan took the second figure with a warning on the name).
#[test]
fn a_budget_year_given_twice_under_two_spellings_is_an_error() {
    let dir = tempdir();
    let stock = dir.path().join("w1.xlsx");
    stock_with_corporation_budget_rows(
        &stock,
        &[(2024, "W1"), (2025, "W1"), (2026, "W1"), (2026, "w1")],
    );
    for cmd in ["check", "plan"] {
        retrofit(dir.path(), [OsStr::new(cmd), stock.as_os_str()])
            .status(1)
            .stderr_has(&[
                "Budget!B5",
                "jaar 2026 van corporatie 'W1' staat dubbel (ook in Budget!B4",
            ]);
    }
}

/// A corporation of the `Budget` sheet that the stock does not have is said with the cells
/// that name it, where the name is to be corrected (helper 101: no cell was named).
#[test]
fn an_unknown_corporation_of_the_budget_sheet_is_said_with_its_cells() {
    let dir = tempdir();
    let stock = dir.path().join("w1.xlsx");
    stock_with_corporation_budget_rows(
        &stock,
        &[
            (2024, "W1"),
            (2025, "W1"),
            (2026, "W1"),
            (2025, "Woonstichting X"),
            (2026, "Woonstichting X"),
        ],
    );
    retrofit(dir.path(), [OsStr::new("plan"), stock.as_os_str()])
        .status(0)
        .stdout_has(&[
            "budget voor corporatie 'Woonstichting X' (werkblad Budget: Budget!C5, Budget!C6) telt niet mee",
        ]);
}

/// A corporation's own budget sheet without a year of the horizon: `check` refuses it as
/// `plan` does (helper 59: check said "Geen waarschuwingen", plan refused), and with the year
/// both accept it.
#[test]
fn check_refuses_a_stock_whose_corporation_lacks_a_budget_year_as_plan_does() {
    let dir = tempdir();
    let stock = dir.path().join("w1.xlsx");
    stock_with_corporation_budget(&stock, &[2024, 2025]);
    let missing = "budget van corporatie W1 ontbreekt voor 2026";
    retrofit(dir.path(), [OsStr::new("check"), stock.as_os_str()])
        .status(1)
        .stderr_has(&[
            "met het standaardscenario weigert retrofit plan dit bestand",
            missing,
        ]);
    retrofit(dir.path(), [OsStr::new("plan"), stock.as_os_str()])
        .status(1)
        .stderr_has(&[missing]);
    stock_with_corporation_budget(&stock, &[2024, 2025, 2026]);
    retrofit(dir.path(), [OsStr::new("check"), stock.as_os_str()]).status(0);
    retrofit(dir.path(), [OsStr::new("plan"), stock.as_os_str()]).status(0);
    // A year past every figure: the message names where the corporation's own years came
    // from, not only the general figures' source (helper 95: "komt uit het ingebouwde
    // standaardscenario" of years a Budget sheet gave).
    let later = dir.path().join("later.toml");
    std::fs::write(&later, "deadline_month = \"2027-12\"\n").unwrap();
    retrofit(
        dir.path(),
        [
            OsStr::new("check"),
            stock.as_os_str(),
            OsStr::new("--scenario"),
            later.as_os_str(),
        ],
    )
    .status(1)
    .stderr_has(&[
        "budget van corporatie W1 ontbreekt voor 2027",
        "het budget per jaar komt uit werkblad Budget van w1.xlsx (2024, 2025, 2026) en het ingebouwde standaardscenario",
    ]);
}

/// A general budget in the user's scenario file beside a corporation's own budget for every
/// year: nobody plans with it, and `plan` says so (helper 95: only `Aannames` did).
#[test]
fn an_unused_general_budget_is_said() {
    let dir = tempdir();
    let stock = dir.path().join("w1.xlsx");
    stock_with_corporation_budget(&stock, &[2024, 2025, 2026]);
    let general = dir.path().join("algemeen.toml");
    std::fs::write(&general, "[budget_eur]\n2025 = 1_000_000\n").unwrap();
    let note = "het algemene budget van";
    let run = |scenario: Option<&Path>| {
        let mut args = vec![OsStr::new("plan"), stock.as_os_str()];
        if let Some(s) = scenario {
            args.extend([OsStr::new("--scenario"), s.as_os_str()]);
        }
        retrofit(dir.path(), args)
    };
    run(Some(&general)).status(0).stdout_has(&[
        note,
        "([budget_eur]: 2025) wordt niet gebruikt: elke corporatie heeft voor elk jaar van de planperiode een eigen budget",
    ]);
    run(None).status(0).stdout_lacks(&[note]);
}

/// The budget of `year` in the plan's `Begroting` (its total row).
fn planned_budget(plan: &Path, year: i32) -> f64 {
    let grid = sheet(plan, "Begroting");
    grid.iter()
        .find(|r| text(&r[0]) == year.to_string() && text(&r[1]) == "totaal")
        .and_then(|r| match r[3] {
            Data::Float(f) => Some(f),
            Data::Int(i) => Some(i as f64),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no total row for {year} in Begroting"))
}

#[test]
fn a_bad_budget_cell_is_not_told_to_be_skipped() {
    // --rijen-overslaan skips rows of homes only: an error in the Budget sheet is to be mended.
    let dir = tempdir();
    let stock = dir.path().join("min.xlsx");
    stock_with_budget_sheet(&stock, &[(2024, -5.0)]);
    let run = retrofit(dir.path(), [OsStr::new("plan"), stock.as_os_str()]);
    run.status(1).stderr_has(&[
        "Budget!B2",
        "--rijen-overslaan slaat alleen woningrijen over",
    ]);
    assert!(
        !run.stderr.contains("plan de leesbare rijen"),
        "{}",
        run.stderr
    );
    // Beside an error in a home's row too: skipping that row would not help either.
    let both = dir.path().join("beide.xlsx");
    stock_with_label_and_budget_sheet(&both, "H", &[(2024, -5.0)]);
    let run = retrofit(dir.path(), [OsStr::new("plan"), both.as_os_str()]);
    run.status(1).stderr_has(&[
        "Budget!B2",
        "Woningen!D2",
        "--rijen-overslaan slaat alleen woningrijen over",
    ]);
    assert!(
        !run.stderr.contains("plan de leesbare rijen"),
        "{}",
        run.stderr
    );
    // A home's error alone may be skipped, where a row without an error is left to plan.
    let home = dir.path().join("woning.xlsx");
    stock_with_label_and_budget_sheet(&home, "H", &[(2024, 5.0)]);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Woningen").expect("name");
    for (i, row) in (0u32..).zip([
        ["vhe", "complex", "woningtype", "energielabel", "gbo_m2"],
        ["9001", "C90", "EGW", "H", "80"],
        ["9002", "C90", "EGW", "F", "80"],
    ]) {
        for (j, v) in (0u16..).zip(row) {
            ws.write_string(i, j, v).expect("write");
        }
    }
    let two = dir.path().join("twee.xlsx");
    wb.save(&two).expect("save");
    retrofit(dir.path(), [OsStr::new("plan"), two.as_os_str()])
        .status(1)
        .stderr_has(&[
            "Woningen!D2",
            "plan de leesbare rijen met --rijen-overslaan",
        ]);
    // Not where no row is without an error: skipping would leave nothing (helper 86: the
    // template with only its example row).
    retrofit(dir.path(), [OsStr::new("plan"), home.as_os_str()])
        .status(1)
        .stderr_has(&[
            "Woningen!D2",
            "geen enkele woningrij is zonder fout, dus --rijen-overslaan laat niets over om te plannen",
        ]);
}

#[test]
fn plan_with_a_workbook_as_scenario_points_to_vergelijk() {
    let dir = tempdir();
    let stock = dir.path().join("min.xlsx");
    stock_with_budget_sheet(&stock, &[(2024, 5.0)]);
    retrofit(
        dir.path(),
        [
            OsStr::new("plan"),
            stock.as_os_str(),
            OsStr::new("--scenario"),
            stock.as_os_str(),
        ],
    )
    .status(1)
    .stderr_has(&["--scenario", "een werkmap", "retrofit vergelijk"]);
}

#[test]
fn the_budget_sheet_overrides_the_scenario_except_a_year_the_scenario_changes() {
    // SPEC: the stock's sheets override the scenario's figures. A scenario file as `retrofit
    // scenario` writes it names every year with the default's figure: the sheet still holds.
    // A variant that changes a year (what a comparison is about) keeps its change, said.
    let dir = tempdir();
    let stock = dir.path().join("begroot.xlsx");
    stock_with_budget_sheet(
        &stock,
        &[(2024, 400_000.0), (2025, 450_000.0), (2026, 480_000.0)],
    );
    retrofit(dir.path(), ["scenario", "--uitvoer", "model"]).status(0);
    let full = dir.path().join("model").join("scenario.toml");
    assert!(
        std::fs::read_to_string(&full)
            .expect("scenario")
            .contains("2025 = 3_500_000"),
        "the written scenario names the default's budget years"
    );
    let plan = dir.path().join("volledig.xlsx");
    retrofit(
        dir.path(),
        [
            OsStr::new("plan"),
            stock.as_os_str(),
            OsStr::new("--scenario"),
            full.as_os_str(),
            OsStr::new("--output"),
            plan.as_os_str(),
        ],
    )
    .status(0)
    .stdout_lacks(&["eigen waarde"]);
    for (year, eur) in [(2024, 400_000.0), (2025, 450_000.0), (2026, 480_000.0)] {
        assert_eq!(planned_budget(&plan, year), eur, "{year}");
    }
    let variant = dir.path().join("min20.toml");
    std::fs::write(
        &variant,
        "base = \"model/scenario.toml\"\nname = \"budget 2025 -20 %\"\n[budget_eur]\n2024 = 2_200_000\n2025 = 2_800_000\n",
    )
    .expect("write");
    let plan = dir.path().join("variant.xlsx");
    retrofit(
        dir.path(),
        [
            OsStr::new("plan"),
            stock.as_os_str(),
            OsStr::new("--scenario"),
            variant.as_os_str(),
            OsStr::new("--output"),
            plan.as_os_str(),
        ],
    )
    .status(0)
    .stdout_has(&[
        "Let op: het werkblad Budget noemt het budget voor 2025 € 450.000 (scenario: € 2.800.000), maar scenario ",
        "min20.toml met zijn basis noemt een andere waarde; de waarde van het scenario geldt (wat een scenario zelf noemt, gaat voor het werkblad; laat het jaar weg uit het scenario om het werkblad te volgen)",
    ]);
    // 2024 repeats the default's figure: the sheet's; 2025 is the variant's change.
    assert_eq!(planned_budget(&plan, 2024), 400_000.0);
    assert_eq!(planned_budget(&plan, 2025), 2_800_000.0);
    assert_eq!(planned_budget(&plan, 2026), 480_000.0);
    // A variant that names the sheet's own figure: no conflict, nothing said (helper 103 saw
    // the warning on every run, whether or not the figures differed).
    let agrees = dir.path().join("gelijk.toml");
    std::fs::write(
        &agrees,
        "base = \"model/scenario.toml\"\nname = \"gelijk\"\n[budget_eur]\n2025 = 450_000\n",
    )
    .expect("write");
    let plan = dir.path().join("gelijk.xlsx");
    retrofit(
        dir.path(),
        [
            OsStr::new("plan"),
            stock.as_os_str(),
            OsStr::new("--scenario"),
            agrees.as_os_str(),
            OsStr::new("--output"),
            plan.as_os_str(),
        ],
    )
    .status(0)
    .stdout_lacks(&["noemt een andere waarde"]);
    assert_eq!(planned_budget(&plan, 2025), 450_000.0);
    // The same variant named by a path relative to the working directory, from a folder of
    // its own: the base's catalog, species and energy files are found beside the base.
    std::fs::create_dir_all(dir.path().join("varianten")).expect("dir");
    std::fs::write(
        dir.path().join("varianten").join("min20.toml"),
        "base = \"../model/scenario.toml\"\n[budget_eur]\n2025 = 2_800_000\n",
    )
    .expect("write");
    retrofit(
        dir.path(),
        [
            "plan",
            "begroot.xlsx",
            "--scenario",
            "varianten/min20.toml",
            "--output",
            "relatief.xlsx",
        ],
    )
    .status(0);
    assert_eq!(
        planned_budget(&dir.path().join("relatief.xlsx"), 2025),
        2_800_000.0
    );
    // A variant without a name of its own is called after its file, not after its base.
    let unnamed = dir.path().join("zonder_naam.toml");
    std::fs::write(&unnamed, "base = \"model/scenario.toml\"\n").expect("write");
    retrofit(
        dir.path(),
        [
            OsStr::new("plan"),
            stock.as_os_str(),
            OsStr::new("--scenario"),
            unnamed.as_os_str(),
            OsStr::new("--output"),
            dir.path().join("zonder_naam.xlsx").as_os_str(),
        ],
    )
    .status(0)
    .stdout_has(&["Scenario: zonder_naam (doel label B"]);
}

#[test]
fn a_budget_sheet_that_leaves_out_a_year_says_where_that_year_comes_from() {
    // A stock whose Budget sheet names 2024 and 2025 only: 2026 takes the scenario's figure,
    // and the plan says so (line on screen, source per year in Aannames).
    let dir = tempdir();
    let stock = dir.path().join("twee_jaar.xlsx");
    // 2027 lies after the deadline (2026-12): said, and not counted as a source.
    stock_with_budget_sheet(
        &stock,
        &[(2024, 500_000.0), (2025, 500_000.0), (2027, 500_000.0)],
    );
    let scenario = dir.path().join("later.toml");
    std::fs::write(
        &scenario,
        "[capacity_homes_per_month]\n2026 = 12\n2027 = 12\n2028 = 12\n",
    )
    .expect("write");
    let plan = dir.path().join("p.xlsx");
    retrofit(
        dir.path(),
        [
            OsStr::new("plan"),
            stock.as_os_str(),
            OsStr::new("--scenario"),
            scenario.as_os_str(),
            OsStr::new("--output"),
            plan.as_os_str(),
        ],
    )
    .status(0)
    .stdout_has(&[
        "Let op: het werkblad Budget noemt 2026 niet; het budget voor 2026 komt uit het standaardscenario (via ",
        "Let op: het budget voor 2027 (werkblad Budget van twee_jaar.xlsx) telt niet mee: de horizon loopt tot en met 2026-12 (deadline_month)",
        "Let op: de capaciteit voor 2027, 2028 (scenario ",
    ])
    .stdout_lacks(&["2024, 2025, 2027"]);
    // `check` says it too, with the default scenario.
    retrofit(dir.path(), [OsStr::new("check"), stock.as_os_str()])
        .status(0)
        .stdout_has(&[
            "Met het standaardscenario (plant u met een eigen scenario, geef het dan met --scenario) zegt het plan over de bladen Budget en Capaciteit:",
            "Let op: het budget voor 2027 (werkblad Budget van twee_jaar.xlsx) telt niet mee",
        ]);
    // With the scenario the team plans with (to 2027), 2027 counts (helper 82).
    let to_2027 = dir.path().join("tot2027.toml");
    std::fs::write(
        &to_2027,
        "deadline_month = \"2027-12\"\n[budget_eur]\n2027 = 3_000_000\n[capacity_homes_per_month]\n2027 = 12\n",
    )
    .expect("write");
    retrofit(
        dir.path(),
        [
            OsStr::new("check"),
            stock.as_os_str(),
            OsStr::new("--scenario"),
            to_2027.as_os_str(),
        ],
    )
    .status(0)
    .stdout_has(&["Met scenario "])
    .stdout_lacks(&["het budget voor 2027 (werkblad Budget van twee_jaar.xlsx) telt niet mee"]);
    // A year the team's own file names is its deliberate figure: no "Let op", and the source
    // names the file of the chain that gives it (helper 104: "Let op" and "met zijn basis"
    // for a year the variant named itself).
    let own = dir.path().join("eigen.toml");
    std::fs::write(&own, "[budget_eur]\n2026 = 400_000\n").expect("write");
    let variant = dir.path().join("variant.toml");
    std::fs::write(&variant, "base = \"eigen.toml\"\nname = \"variant\"\n").expect("write");
    for file in [&own, &variant] {
        retrofit(
            dir.path(),
            [
                OsStr::new("check"),
                stock.as_os_str(),
                OsStr::new("--scenario"),
                file.as_os_str(),
            ],
        )
        .status(0)
        .stdout_lacks(&["noemt 2026 niet"]);
    }
    let json = dir.path().join("variant.json");
    retrofit(
        dir.path(),
        [
            OsStr::new("plan"),
            stock.as_os_str(),
            OsStr::new("--scenario"),
            variant.as_os_str(),
            OsStr::new("--output"),
            dir.path().join("v.xlsx").as_os_str(),
            OsStr::new("--json"),
            json.as_os_str(),
        ],
    )
    .status(0);
    let text = std::fs::read_to_string(&json).expect("json");
    assert!(
        text.contains(&format!(
            "basis {} (van scenario {}) voor 2026",
            own.display(),
            variant.display()
        )),
        "{text}"
    );
    // `standaard` is the built-in default for `plan` and `check` too, as for `vergelijk`
    // (helper 84).
    for cmd in ["plan", "check"] {
        retrofit(
            dir.path(),
            [
                OsStr::new(cmd),
                stock.as_os_str(),
                OsStr::new("--scenario"),
                OsStr::new("Standaard"),
            ],
        )
        .status(0);
    }
    let rows = sheet(&plan, "Aannames");
    // The notes are in the workbook too, each on a row of its own.
    let notes: Vec<Vec<String>> = rows
        .iter()
        .map(|r| row_texts(r))
        .filter(|r| r.first().is_some_and(|k| k == "let op (herkomst)"))
        .collect();
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert!(
        notes[1][1]
            .starts_with("het budget voor 2027 (werkblad Budget van twee_jaar.xlsx) telt niet mee"),
        "{notes:?}"
    );
    let texts: Vec<String> = rows.iter().flat_map(|r| row_texts(r)).collect();
    assert!(
        texts.iter().any(|t| t.contains(
            "werkblad Budget van twee_jaar.xlsx voor 2024, 2025; het standaardscenario (via "
        ) && t.ends_with("voor 2026")),
        "{texts:?}"
    );
}

#[test]
fn a_reader_that_closes_the_pipe_early_is_no_failure() {
    // `retrofit bench | head -1`: the reader goes away; the program ends quietly with status 0,
    // never a panic (101) or a tool failure (2).
    let dir = tempdir();
    let mut child = Command::new(env!("CARGO_BIN_EXE_retrofit"))
        .args([
            "bench",
            "--woningen",
            "100",
            "--herhalingen",
            "1",
            "--alleen-lezen",
        ])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    drop(child.stdout.take());
    drop(child.stderr.take());
    let status = child.wait().expect("waits");
    assert_eq!(status.code(), Some(0), "{status:?}");
}

#[test]
fn bench_says_a_bad_scenario_before_generating_anything() {
    let dir = tempdir();
    let d = dir.path();
    fs::write(
        d.join("later.toml"),
        "start_month = \"2027-01\"\ndeadline_month = \"2028-12\"\n",
    )
    .expect("write");
    let r = retrofit(
        d,
        [
            "bench",
            "--woningen",
            "100",
            "--herhalingen",
            "1",
            "--scenario",
            "later.toml",
        ],
    );
    r.status(1)
        .stderr_has(&["budget ontbreekt voor 2027", "later.toml"]);
    assert!(!r.stderr.contains("genereren"), "{}", r.shown());
    fs::write(d.join("klein.toml"), "[projects]\nmax_project_homes = 4\n").expect("write");
    retrofit(
        d,
        [
            "bench",
            "--woningen",
            "300",
            "--herhalingen",
            "1",
            "--scenario",
            "klein.toml",
        ],
    )
    .status(0)
    .stdout_has(&["Scenario: klein.toml (met het standaardscenario)"]);
}

#[test]
fn template_and_generate_never_write_over_an_existing_file() {
    let dir = tempdir();
    let d = dir.path();
    fs::write(d.join("sjabloon.xlsx"), b"ingevuld").expect("write");
    retrofit(d, ["template", "-o", "sjabloon.xlsx"])
        .status(1)
        .stderr_has(&["sjabloon.xlsx", "bestaat al"]);
    assert_eq!(
        fs::read(d.join("sjabloon.xlsx")).expect("read"),
        b"ingevuld"
    );
    fs::write(d.join("bezit.xlsx"), b"echt bezit").expect("write");
    retrofit(d, ["generate", "--woningen", "10", "-o", "bezit.xlsx"])
        .status(1)
        .stderr_has(&["bezit.xlsx", "bestaat al"]);
    assert_eq!(fs::read(d.join("bezit.xlsx")).expect("read"), b"echt bezit");
}

/// The terms `+ 3 start(P1,2024_01)` of one LP section (objective or row) as column -> factor.
fn lp_terms(section: &str) -> BTreeMap<String, f64> {
    let words: Vec<&str> = section.split_whitespace().collect();
    words
        .chunks(3)
        .map(|t| {
            assert_eq!(t[0], "+", "{t:?}");
            (t[2].to_string(), t[1].parse().unwrap())
        })
        .collect()
}

/// With `priority = "worst_label_first"` the LP file says so and maximises G homes, with the
/// F and E counts as rows (helper 52: the file maximised all homes, so the proven plan looked
/// 11 homes short): the plan's starts count its G homes in the objective.
#[test]
fn the_lp_file_of_the_label_priority_maximises_g_homes() {
    let dir = tempdir();
    let d = dir.path();
    retrofit(d, ["generate", "--woningen", "3000", "-o", "b.xlsx"]).status(0);
    fs::write(
        d.join("g.toml"),
        "priority = \"worst_label_first\"\n[budget_eur]\n2024 = 300_000\n2025 = 300_000\n2026 = 300_000\n",
    )
    .unwrap();
    retrofit(
        d,
        [
            "plan",
            "b.xlsx",
            "-q",
            "--scenario",
            "g.toml",
            "-o",
            "p.xlsx",
            "--lp-bestand",
            "p.lp",
        ],
    )
    .status(0);
    let lp = fs::read_to_string(d.join("p.lp")).unwrap();
    assert!(
        lp.contains("\\ priority = worst_label_first: stage 1 maximises G homes"),
        "{lp:.600}"
    );
    let objective = lp
        .split("Maximize\n homes_G:")
        .nth(1)
        .and_then(|t| t.split("Subject To").next())
        .expect("objective homes_G");
    let g = lp_terms(objective);
    for row in ["homes_F", "homes_E", "cost_eur"] {
        assert!(lp.contains(&format!("\n {row}:")), "row {row}");
    }
    let planning = sheet(&d.join("p.xlsx"), "Planning");
    let header: Vec<String> = planning[0].iter().map(text).collect();
    let at = |name: &str| header.iter().position(|h| h == name).expect(name);
    let g_planned = planning[1..]
        .iter()
        .filter(|r| text(&r[at("label_voor")]) == "G")
        .count();
    let projects = sheet(&d.join("p.xlsx"), "Projecten");
    let header: Vec<String> = projects[0].iter().map(text).collect();
    let at = |name: &str| header.iter().position(|h| h == name).expect(name);
    let counted: f64 = projects[1..]
        .iter()
        .map(|r| {
            let column = retrofit::model::lp_file::lp_name(&format!(
                "start[{},{}]",
                text(&r[at("project")]),
                text(&r[at("startmaand")])
            ));
            g.get(&column).copied().unwrap_or(0.0)
        })
        .sum();
    assert!(g_planned > 0);
    assert_eq!(counted, g_planned as f64);
}

/// With several corporations the LP file is still one model (one objective, one `End`, no row
/// twice), each corporation's rows named after it.
#[test]
fn the_lp_file_of_two_corporations_is_one_valid_model() {
    let dir = tempdir();
    let d = dir.path();
    retrofit(
        d,
        [
            "generate",
            "--woningen",
            "3000",
            "--corporaties",
            "2",
            "-o",
            "twee.xlsx",
        ],
    )
    .status(0);
    retrofit(
        d,
        [
            "plan",
            "twee.xlsx",
            "-q",
            "-o",
            "twee-plan.xlsx",
            "--lp-bestand",
            "twee.lp",
        ],
    )
    .status(0);
    let text = fs::read_to_string(d.join("twee.lp")).expect("read");
    assert_eq!(text.matches("Maximize").count(), 1, "{text:.300}");
    assert_eq!(text.lines().filter(|l| l.trim() == "End").count(), 1);
    let constraints = text
        .split("Subject To")
        .nth(1)
        .and_then(|t| t.split("Binaries").next())
        .expect("sections");
    let names: Vec<&str> = constraints
        .lines()
        .filter(|l| l.starts_with(' ') && !l.starts_with("  "))
        .filter_map(|l| l.trim().split_once(':').map(|(n, _)| n))
        .collect();
    let distinct: BTreeSet<&str> = names.iter().copied().collect();
    assert!(names.len() > 10);
    assert_eq!(distinct.len(), names.len(), "a row name twice");
    let prefixes: BTreeSet<&str> = names
        .iter()
        .filter(|n| n.contains("capacity("))
        .filter_map(|n| n.split_once('/').map(|(corp, _)| corp))
        .collect();
    assert_eq!(prefixes.len(), 2, "{prefixes:?}");

    // Each corporation's cost_eur row gives the cost of every start (helper 50 found a
    // corporation whose budget never binds without any cost in the file): the planned starts
    // add up to the plan's cost, project by project.
    // A never-binding row of both corporations, column by column.
    let audit_row = |what: &str| -> BTreeMap<String, f64> {
        let mut terms = BTreeMap::new();
        for corporation in ["Woonstichting_1", "Woonstichting_2"] {
            let row = constraints
                .split(&format!(" {corporation}/{what}:"))
                .nth(1)
                .and_then(|r| r.split(">= 0").next())
                .unwrap_or_else(|| panic!("{corporation}/{what}"));
            terms.extend(lp_terms(row));
        }
        terms
    };
    let cost = audit_row("cost_eur");
    let grid = sheet(&d.join("twee-plan.xlsx"), "Projecten");
    let header: Vec<String> = grid[0].iter().map(self::text).collect();
    let at = |name: &str| header.iter().position(|h| h == name).expect(name);
    assert!(grid.len() > 10);
    for row in &grid[1..] {
        let column = retrofit::model::lp_file::lp_name(&format!(
            "start[{},{}]",
            self::text(&row[at("project")]),
            self::text(&row[at("startmaand")])
        ));
        let planned: f64 = self::text(&row[at("kosten_eur")]).parse().unwrap();
        let in_file = cost.get(&column).unwrap_or_else(|| panic!("{column}"));
        assert!(
            (in_file - planned).abs() <= 1.0,
            "{column}: {in_file} against {planned}"
        );
    }

    // The urgency_months row (the order stage's objective), recomputed from the workbook:
    // the project's homes' labels (G 3, F 2, E 1) times the months from its start to the
    // deadline (2026-12), both counted.
    let urgency = audit_row("urgency_months");
    let homes = sheet(&d.join("twee-plan.xlsx"), "Planning");
    let home_header: Vec<String> = homes[0].iter().map(self::text).collect();
    let home_at = |name: &str| home_header.iter().position(|h| h == name).expect(name);
    let mut labels: BTreeMap<String, f64> = BTreeMap::new();
    for h in &homes[1..] {
        let weight = match self::text(&h[home_at("label_voor")]).as_str() {
            "G" => 3.0,
            "F" => 2.0,
            "E" => 1.0,
            other => panic!("label {other}"),
        };
        *labels
            .entry(self::text(&h[home_at("project")]))
            .or_default() += weight;
    }
    for row in &grid[1..] {
        let project = self::text(&row[at("project")]);
        let start = self::text(&row[at("startmaand")]);
        let (year, month) = start.split_once('-').expect("month");
        let (year, month): (i32, i32) = (year.parse().unwrap(), month.parse().unwrap());
        let months_left = (2026 - year) * 12 + (12 - month) + 1;
        let column = retrofit::model::lp_file::lp_name(&format!("start[{project},{start}]"));
        let in_file = urgency.get(&column).unwrap_or_else(|| panic!("{column}"));
        assert_eq!(*in_file, labels[&project] * months_left as f64, "{column}");
    }
}

/// An output whose folder is a file says so, rather than that the folder does not exist.
#[test]
fn an_output_inside_a_file_is_refused_as_not_a_folder() {
    let dir = tempdir();
    let d = dir.path();
    fs::write(d.join("oud.xlsx"), b"x").expect("write");
    retrofit(d, ["plan", "-q", "-o", "oud.xlsx/plan.xlsx"])
        .status(1)
        .stderr_has(&["oud.xlsx is een bestand, geen map"]);
    retrofit(d, ["plan", "-q", "-o", "geen-map/plan.xlsx"])
        .status(1)
        .stderr_has(&["de map geen-map bestaat niet"]);
}

#[test]
fn figures_for_corporations_are_shown_per_corporation_and_unknown_ones_said() {
    // A stock of two corporations; the scenario gives a general budget and capacity (the
    // capacity equal to the default's, named all the same), Woonstichting 1 a budget of its own
    // for 2024 and a misspelt corporation a capacity: the first is in Aannames, the second said.
    let dir = tempdir();
    let d = dir.path();
    generate_two_corporations(d);
    std::fs::write(
        d.join("eigen.toml"),
        "[budget_eur]\n2024 = 900_000\n2025 = 900_000\n2026 = 900_000\n[capacity_homes_per_month]\n2024 = 9\n2025 = 16\n2026 = 16\n[corporations.\"Woonstichting 1\".budget_eur]\n2024 = 123_000\n[corporations.\"Woonstichtng 2\".capacity_homes_per_month]\n2025 = 3\n",
    )
    .expect("write");
    plan_two_with_own_scenario(d)
    .status(0)
    .stdout_has(&["Let op: capaciteit voor corporatie 'Woonstichtng 2' (scenario eigen.toml; bedoelt u 'Woonstichting 2'?) telt niet mee: het bezit heeft geen woningen van die corporatie (corporaties in het bezit: Woonstichting 1, Woonstichting 2); een naam moet gespeld zijn als in de kolom corporatie (hoofdletters, spaties, streepjes en accenten tellen niet)"]);
    let rows = sheet(&d.join("p.xlsx"), "Aannames");
    let texts: Vec<Vec<String>> = rows.iter().map(|r| row_texts(r)).collect();
    let block = texts
        .iter()
        .position(|r| {
            r.first()
                .is_some_and(|t| t.starts_with("Eigen budget en capaciteit van corporaties"))
        })
        .expect("a block of the corporations' own figures");
    let own: Vec<&Vec<String>> = texts[block + 2..]
        .iter()
        .take_while(|r| r.first().is_some_and(|t| !t.is_empty()))
        .collect();
    assert_eq!(own.len(), 1, "{own:?}");
    // With where each figure comes from: the corporation's own budget from the file, its
    // capacity the general one.
    assert_eq!(
        own[0][..6],
        [
            "Woonstichting 1",
            "2024",
            "123000",
            "9",
            "scenario eigen.toml",
            "algemene capaciteit"
        ],
        "{own:?}"
    );
    assert!(
        texts.iter().any(|r| r.len() > 1
            && r[0] == "herkomst eigen budget corporaties"
            && r[1] == "scenario eigen.toml: Woonstichting 1 (2024)"),
        "{texts:?}"
    );
    // Its own budget names 2024 only: the other years are said to be the general budget's.
    assert!(
        texts.iter().any(|r| r.len() > 1
            && r[0] == "let op (herkomst)"
            && r[1].starts_with("corporatie 'Woonstichting 1' heeft een eigen budget voor 2024, niet voor 2025, 2026; voor die jaren plant 'Woonstichting 1' met het algemene budget (2025: € ")
            && r[1].ends_with(", het hele bedrag: elke corporatie zonder eigen budget krijgt dat, niet een deel ervan")),
        "{texts:?}"
    );
    // Each corporation plans with the general figures on its own: the caption says so.
    assert!(
        texts
            .iter()
            .any(|r| r.first().is_some_and(|t| t.starts_with(
                "Budget en capaciteit per jaar van de planperiode, voor elke corporatie apart"
            ))),
        "{texts:?}"
    );
    // Its source counts the year of the corporation in the stock, not the misspelt one's.
    assert!(
        texts.iter().any(|r| r
            .iter()
            .any(|t| t.contains("capaciteit: standaardscenario (via eigen.toml)"))),
        "{texts:?}"
    );
    // `Samenvatting` gives each corporation's cost, budget, homes planned and not over the
    // whole planning (helper 101: the sum hid one corporation's idle budget beside the other's
    // homes left out), as recomputed from `Projecten`, `Begroting` and `Niet ingepland`.
    let number = |d: &Data| match d {
        Data::Float(x) => *x,
        Data::Int(x) => *x as f64,
        other => panic!("no number: {other:?}"),
    };
    let column = |rows: &Grid, name: &str| {
        rows[0]
            .iter()
            .position(|h| text(h) == name)
            .unwrap_or_else(|| panic!("column {name}"))
    };
    let summary = sheet(&d.join("p.xlsx"), "Samenvatting");
    let at = summary
        .iter()
        .position(|r| {
            r.first()
                .is_some_and(|c| text(c) == "Per corporatie, over de hele planning")
        })
        .expect("a table per corporation");
    let projects = sheet(&d.join("p.xlsx"), "Projecten");
    let budget = sheet(&d.join("p.xlsx"), "Begroting");
    let left = sheet(&d.join("p.xlsx"), "Niet ingepland");
    for (k, corporation) in ["Woonstichting 1", "Woonstichting 2"].iter().enumerate() {
        let row = &summary[at + 2 + k];
        assert_eq!(text(&row[0]), *corporation);
        let of = |rows: &Grid, value: &str, filter: &dyn Fn(&[Data]) -> bool| -> f64 {
            let (c, v) = (column(rows, "corporatie"), column(rows, value));
            rows[1..]
                .iter()
                .filter(|r| text(&r[c]) == *corporation && filter(r))
                .map(|r| number(&r[v]))
                .sum()
        };
        let cost = of(&projects, "kosten_eur", &|_| true);
        let homes = of(&projects, "woningen", &|_| true);
        let quarter = column(&budget, "kwartaal");
        let budgeted = of(&budget, "budget_eur", &|r| text(&r[quarter]) == "totaal");
        let not_planned = left[1..]
            .iter()
            .filter(|r| text(&r[column(&left, "corporatie")]) == *corporation)
            .count();
        assert!(
            (number(&row[1]) - cost).abs() < 1.0,
            "{row:?} against {cost}"
        );
        assert!(
            (number(&row[2]) - budgeted).abs() < 1.0,
            "{row:?} against {budgeted}"
        );
        assert_eq!(number(&row[5]), homes, "{row:?}");
        assert_eq!(number(&row[6]) as usize, not_planned, "{row:?}");
    }
}

/// A generated stock of 600 homes of two corporations, `twee.xlsx` in `d`.
fn generate_two_corporations(d: &Path) {
    retrofit(
        d,
        [
            "generate",
            "--woningen",
            "600",
            "--corporaties",
            "2",
            "--uitvoer",
            "twee.xlsx",
        ],
    )
    .status(0);
}

/// `twee.xlsx` planned with the scenario `eigen.toml` into `p.xlsx`, in `d`.
fn plan_two_with_own_scenario(d: &Path) -> Run {
    retrofit(
        d,
        [
            "plan",
            "twee.xlsx",
            "--scenario",
            "eigen.toml",
            "--uitvoer",
            "p.xlsx",
        ],
    )
}

/// Own figures for some corporation beside the built-in general budget: the general figure is
/// the sample stock's, so a corporation-year without its own is an error naming it, its years
/// and the sources, with the misspelt name that most likely meant it (helper 58: a typo in the
/// `Budget` sheet planned a corporation with the sample's € 2.2 M a year, exit 0).
#[test]
fn a_corporation_without_own_figures_beside_others_is_refused_with_the_default() {
    let dir = tempdir();
    let d = dir.path();
    generate_two_corporations(d);
    let own = "[corporations.\"Woonstichting 1\".budget_eur]\n2024 = 400_000\n2025 = 400_000\n2026 = 400_000\n[corporations.\"Woonstichtng 2\".budget_eur]\n2024 = 300_000\n";
    std::fs::write(d.join("eigen.toml"), own).expect("write");
    let plan = d.join("p.xlsx");
    std::fs::write(&plan, b"eerder plan").expect("write");
    let run = plan_two_with_own_scenario(d);
    run.status(1).stderr_has(&[
        "budget van corporatie Woonstichting 2 ontbreekt voor 2024, 2025 en 2026: eigen cijfers per corporatie komen uit scenario eigen.toml: Woonstichting 1 (2024, 2025, 2026); het algemene budget is voor 2024, 2025 en 2026 dat van het ingebouwde standaardscenario (gemaakt voor het voorbeeldbezit), niet van deze corporatie",
        "Let op: budget voor corporatie 'Woonstichtng 2' (scenario eigen.toml; bedoelt u 'Woonstichting 2'?) telt niet mee",
    ]);
    // Woonstichting 1 has all its years: no error for it.
    assert!(!run.stderr.contains("corporatie Woonstichting 1 ontbreekt"));
    assert_eq!(std::fs::read(&plan).expect("read"), b"eerder plan");
    // A general budget of the user's own covers the corporation without one: planned.
    std::fs::write(
        d.join("eigen.toml"),
        format!("[budget_eur]\n2024 = 500_000\n2025 = 500_000\n2026 = 500_000\n{own}"),
    )
    .expect("write");
    plan_two_with_own_scenario(d).status(0);
}

/// Homes whose work the stock records as done or under way keep the stock's label in the
/// count of EFG homes after the plan; the summary says how many of them there are, counted
/// from the plan's own list of excluded homes (helper 58 read the count as work left).
#[test]
fn the_efg_count_after_the_plan_says_how_many_are_done_or_under_way() {
    let dir = tempdir();
    let d = dir.path();
    retrofit(d, ["generate", "--woningen", "600", "--uitvoer", "g.xlsx"]).status(0);
    retrofit(d, ["plan", "g.xlsx", "--uitvoer", "p.xlsx"]).status(0);
    let excluded = sheet(&d.join("p.xlsx"), "Uitgesloten");
    let header = row_texts(&excluded[0]);
    let reason = header
        .iter()
        .position(|h| h == "reden")
        .expect("a column reden");
    let worked = excluded[1..]
        .iter()
        .filter(|r| matches!(text(&r[reason]).as_str(), "uitgevoerd" | "in uitvoering"))
        .count();
    assert!(worked > 0, "the generated stock has such homes");
    let summary = sheet(&d.join("p.xlsx"), "Samenvatting");
    let at = summary
        .iter()
        .position(|r| text(&r[0]).starts_with("Woningen E, F of G na het plan"))
        .expect("the count");
    let next = row_texts(&summary[at + 1]);
    assert!(
        next[0].starts_with("waarvan uitgevoerd of in uitvoering: in het bezit nog E, F of G"),
        "{next:?}"
    );
    assert_eq!(next[1], worked.to_string(), "{next:?}");
}

#[test]
fn assumptions_name_the_catalog_species_and_energy_files_read() {
    // The built-in files, without --scenario.
    let dir = tempdir();
    let plan = dir.path().join("ingebouwd.xlsx");
    retrofit(
        dir.path(),
        [
            OsStr::new("plan"),
            fixture("good.xlsx").as_os_str(),
            OsStr::new("--output"),
            plan.as_os_str(),
        ],
    )
    .status(0);
    let value = |plan: &Path, key: &str| -> String {
        sheet(plan, "Aannames")
            .iter()
            .map(|r| row_texts(r))
            .find(|r| r.first().is_some_and(|k| k == key))
            .and_then(|r| r.get(1).cloned())
            .unwrap_or_else(|| panic!("no row {key}"))
    };
    let keys = [
        "maatregelencatalogus (bestand)",
        "soortenkalender (bestand)",
        "energietabellen WWS en CO₂ (bestand)",
    ];
    let built_in: Vec<String> = keys.iter().map(|k| value(&plan, k)).collect();
    assert_eq!(
        built_in,
        [
            "<ingebouwd>/catalog.toml",
            "<ingebouwd>/species.toml",
            "<ingebouwd>/energy.toml"
        ]
    );
    // The copies `retrofit scenario` writes, named by the scenario in its folder; a variant in
    // another folder on that base reads them there, and says so.
    retrofit(dir.path(), ["scenario", "--uitvoer", "model"]).status(0);
    std::fs::create_dir(dir.path().join("varianten")).expect("dir");
    std::fs::write(
        dir.path().join("varianten").join("v.toml"),
        "base = \"../model/scenario.toml\"\n[budget_eur]\n2025 = 2_800_000\n",
    )
    .expect("write");
    for (scenario, folder) in [
        ("model/scenario.toml", "model"),
        ("varianten/v.toml", "varianten/../model"),
    ] {
        let plan = dir.path().join("eigen.xlsx");
        retrofit(
            dir.path(),
            [
                "plan",
                fixture("good.xlsx").to_str().expect("path"),
                "--scenario",
                scenario,
                "--output",
                "eigen.xlsx",
            ],
        )
        .status(0);
        let own: Vec<String> = keys.iter().map(|k| value(&plan, k)).collect();
        assert_eq!(
            own,
            ["catalog.toml", "species.toml", "energy.toml"].map(|f| format!("{folder}/{f}")),
            "{scenario}"
        );
    }
}

/// No output of retrofit replaces a stock: a workbook with a sheet `Woningen` given as an
/// output (here `--gemeente`) is refused before anything is written, and left as it was.
#[test]
fn an_output_never_replaces_a_stock() {
    let dir = tempdir();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/voorbeeldbezit.xlsx");
    let other = dir.path().join("ander-bezit.xlsx");
    std::fs::copy(&sample, &other).unwrap();
    let before = std::fs::read(&other).unwrap();
    let run = retrofit(
        dir.path(),
        [
            "plan",
            "-q",
            "-o",
            "plan.xlsx",
            "--gemeente",
            "ander-bezit.xlsx",
        ],
    );
    assert_eq!(run.code, Some(1), "{}", run.shown());
    run.stderr_has(&["ander-bezit.xlsx: dit is een bezitsbestand (het heeft een blad 'Woningen')"]);
    assert_eq!(std::fs::read(&other).unwrap(), before);
    assert!(!dir.path().join("plan.xlsx").exists());

    // Whatever its sheet is called, and as CSV (here in the folder of --csv): any file that
    // retrofit would read homes from.
    let csv = dir.path().join("projecten.csv");
    retrofit(
        dir.path(),
        ["generate", "--woningen", "30", "-o", "projecten.csv"],
    )
    .status(0);
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet().set_name("Blad1").unwrap();
    for (r, line) in std::fs::read_to_string(&csv).unwrap().lines().enumerate() {
        for (c, value) in line.split(';').enumerate() {
            ws.write_string(r as u32, c as u16, value).unwrap();
        }
    }
    book.save(dir.path().join("blad1.xlsx")).unwrap();
    let (csv_before, blad1_before) = (
        std::fs::read(&csv).unwrap(),
        std::fs::read(dir.path().join("blad1.xlsx")).unwrap(),
    );
    let run = retrofit(dir.path(), ["check", "blad1.xlsx"]);
    assert_eq!(run.code, Some(0), "a stock: {}", run.shown());
    let run = retrofit(dir.path(), ["plan", "-q", "-o", "blad1.xlsx"]);
    assert_eq!(run.code, Some(1), "{}", run.shown());
    run.stderr_has(&[
        "blad1.xlsx: dit is een bezitsbestand (blad 'Blad1' heeft de kolommen van een bezit)",
    ]);
    let run = retrofit(dir.path(), ["plan", "-q", "-o", "plan.xlsx", "--csv", "."]);
    assert_eq!(run.code, Some(1), "{}", run.shown());
    run.stderr_has(&[
        "projecten.csv: dit is een bezitsbestand (het heeft de kolommen van een bezit)",
    ]);
    assert_eq!(std::fs::read(&csv).unwrap(), csv_before);
    assert_eq!(
        std::fs::read(dir.path().join("blad1.xlsx")).unwrap(),
        blad1_before
    );
    assert!(!dir.path().join("plan.xlsx").exists());
}

/// A plan in which a user filled in progress (the monitoring's work) is never replaced; a
/// re-plan's own output, whose progress retrofit carried over, may be written again.
#[test]
fn an_output_never_replaces_progress_a_user_filled_in() {
    let dir = tempdir();
    retrofit(dir.path(), ["plan", "-q", "-o", "plan.xlsx"]).status(0);
    // Unchanged, a plan may be written again.
    retrofit(dir.path(), ["plan", "-q", "-o", "plan.xlsx"]).status(0);
    // Progress filled in by hand: the first project is done.
    let grid = sheet(&dir.path().join("plan.xlsx"), "Projecten");
    let header: Vec<String> = grid[0].iter().map(text).collect();
    let col = |h: &str| header.iter().position(|x| x == h).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    for name in sheet_names(&dir.path().join("plan.xlsx")) {
        let rows = sheet(&dir.path().join("plan.xlsx"), &name);
        let ws = book.add_worksheet().set_name(&name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, d) in row.iter().enumerate() {
                match d {
                    Data::Float(f) => ws.write_number(r as u32, c as u16, *f).map(|_| ()),
                    Data::DateTime(t) => ws
                        .write_number_with_format(
                            r as u32,
                            c as u16,
                            t.as_f64(),
                            &rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd"),
                        )
                        .map(|_| ()),
                    Data::Empty => Ok(()),
                    other => ws.write_string(r as u32, c as u16, text(other)).map(|_| ()),
                }
                .unwrap();
            }
        }
        if name == "Projecten" {
            ws.write_string(1, col("voortgang") as u16, "gereed")
                .unwrap();
        }
    }
    book.save(dir.path().join("plan.xlsx")).unwrap();
    let before = std::fs::read(dir.path().join("plan.xlsx")).unwrap();
    for args in [
        vec!["plan", "-q", "-o", "plan.xlsx"],
        vec!["vergelijk", "-q", "-o", "plan.xlsx"],
    ] {
        let run = retrofit(dir.path(), args);
        assert_eq!(run.code, Some(1), "{}", run.shown());
        run.stderr_has(&["plan.xlsx: in dit plan is voortgang ingevuld (blad Projecten: 1 project); retrofit schrijft er niet overheen"]);
        assert_eq!(std::fs::read(dir.path().join("plan.xlsx")).unwrap(), before);
    }
    // A plan file of `vergelijk --plannen` with progress: its name is fixed, so the message
    // sends the user to another folder.
    retrofit(
        dir.path(),
        ["vergelijk", "-q", "-o", "v.xlsx", "--plannen", "plannen"],
    )
    .status(0);
    let written: Vec<PathBuf> = std::fs::read_dir(dir.path().join("plannen"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    std::fs::copy(dir.path().join("plan.xlsx"), &written[0]).unwrap();
    let run = retrofit(
        dir.path(),
        ["vergelijk", "-q", "-o", "v2.xlsx", "--plannen", "plannen"],
    );
    run.status(1).stderr_has(&[
        "in dit plan is voortgang ingevuld",
        "De plannen van --plannen heten naar hun scenario; kies voor --plannen een andere map",
    ]);
    assert!(!dir.path().join("v2.xlsx").exists());
    // The re-plan that uses it carries the progress over; the same command again may replace
    // its own output.
    let replan = [
        "plan",
        "-q",
        "--vorig-plan",
        "plan.xlsx",
        "--vanaf",
        "2024-06",
        "-o",
        "plan-2024-06.xlsx",
    ];
    retrofit(dir.path(), replan).status(0);
    let grid = sheet(&dir.path().join("plan-2024-06.xlsx"), "Projecten");
    assert!(grid.iter().flatten().any(|d| text(d) == "gereed"));
    retrofit(dir.path(), replan).status(0);
    // The re-plan's documents say from when they hold (helper 98: the January and July
    // documents printed the same header).
    let with_documents: Vec<&str> = replan
        .iter()
        .copied()
        .chain(["--gemeente", "g.xlsx", "--huurders", "h.xlsx"])
        .collect();
    retrofit(dir.path(), with_documents).status(0);
    for file in ["g.xlsx", "h.xlsx"] {
        use std::io::Read;
        let mut archive =
            zip::ZipArchive::new(std::fs::File::open(dir.path().join(file)).unwrap()).unwrap();
        let mut xml = String::new();
        archive
            .by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        assert!(
            xml.contains("planning 2024-01 t/m 2026-12, herzien per juni 2024</oddHeader>"),
            "{file}"
        );
    }
}

/// The municipality's per-block row names every district of the block's homes: complex 1097
/// of the sample lies in Moergestel Noord and Moergestel Centrum.
#[test]
fn a_block_over_two_districts_names_both() {
    let dir = tempdir();
    let run = retrofit(
        dir.path(),
        [
            "plan",
            "-q",
            "-o",
            "plan.xlsx",
            "--gemeente",
            "gemeente.xlsx",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.shown());
    let path = dir.path().join("gemeente.xlsx");
    let grid = sheet(&path, &sheet_names(&path)[0]);
    let row = grid
        .iter()
        .find(|r| r.get(1).is_some_and(|c| text(c) == "1097"))
        .expect("complex 1097 per block");
    assert_eq!(text(&row[6]), "Moergestel Noord, Moergestel Centrum");
}

/// The built-in scenario's budget and capacity are made for the 8,000-home sample: a stock of
/// twice that, or of several corporations (each gets the whole default), is told so, and how
/// to give its own figures; a stock of the sample's size, or a scenario file, is not.
#[test]
fn default_figures_on_a_stock_they_were_not_made_for_are_said() {
    let dir = tempdir();
    let d = dir.path();
    let note = "budget en capaciteit zijn die van het standaardscenario, gemaakt voor het voorbeeldbezit van 8.000 woningen";
    for (homes, corporations, said) in [
        ("16000", "1", Some("dit bezit telt 16.000 woningen")),
        ("8000", "1", None),
        (
            "4000",
            "2",
            Some("elke corporatie krijgt ze in hun geheel (2 corporaties van"),
        ),
    ] {
        let stock = format!("b{homes}-{corporations}.csv");
        retrofit(
            d,
            [
                "generate",
                "--woningen",
                homes,
                "--corporaties",
                corporations,
                "-o",
                &stock,
            ],
        )
        .status(0);
        let run = retrofit(d, ["check", &stock]);
        run.status(0);
        match said {
            Some(what) => {
                run.stdout_has(&[note, what, "retrofit scenario schrijft er een"]);
            }
            None => {
                run.stdout_lacks(&[note]);
            }
        }
    }
    // The user's own scenario file: the figures are theirs, whatever they are.
    retrofit(d, ["scenario", "-o", "eigen"]).status(0);
    let own = d.join("eigen").join("scenario.toml");
    retrofit(
        d,
        [
            OsStr::new("plan"),
            OsStr::new("b16000-1.csv"),
            OsStr::new("--scenario"),
            own.as_os_str(),
            OsStr::new("--tijdslimiet"),
            OsStr::new("2"),
            OsStr::new("-q"),
            OsStr::new("-o"),
            OsStr::new("p.xlsx"),
        ],
    )
    .status(0)
    .stdout_lacks(&[note]);
    // Several corporations that each take a scenario file's general figures: said too (a
    // total meant for all would be given to each); with figures of their own, not.
    let shared = "gelden voor elke corporatie in haar geheel, niet samen: Woonstichting 1 en Woonstichting 2 krijgen elk het hele budget en de hele capaciteit";
    let plan = |scenario: &Path| {
        retrofit(
            d,
            [
                OsStr::new("plan"),
                OsStr::new("b4000-2.csv"),
                OsStr::new("--scenario"),
                scenario.as_os_str(),
                OsStr::new("--tijdslimiet"),
                OsStr::new("2"),
                OsStr::new("-q"),
                OsStr::new("-o"),
                OsStr::new("p2.xlsx"),
            ],
        )
    };
    plan(&own)
        .status(0)
        .stdout_has(&[shared])
        .stdout_lacks(&[note]);
    let split = d.join("verdeeld.toml");
    let mut text = String::new();
    for corporation in ["Woonstichting 1", "Woonstichting 2"] {
        text.push_str(&format!(
            "[corporations.\"{corporation}\".budget_eur]\n2024 = 1_000_000\n2025 = 1_000_000\n2026 = 1_000_000\n"
        ));
    }
    std::fs::write(&split, &text).unwrap();
    // The budget split, the capacity still the general one for each.
    plan(&split).status(0).stdout_lacks(&[shared, note]).stdout_has(&[
        "de capaciteit (",
        "geldt voor elke corporatie in haar geheel, niet samen: Woonstichting 1 en Woonstichting 2 krijgen elk de hele capaciteit",
    ]);
    for corporation in ["Woonstichting 1", "Woonstichting 2"] {
        text.push_str(&format!(
            "[corporations.\"{corporation}\".capacity_homes_per_month]\n2024 = 5\n2025 = 5\n2026 = 5\n"
        ));
    }
    std::fs::write(&split, &text).unwrap();
    plan(&split)
        .status(0)
        .stdout_lacks(&["voor elke corporatie in haar geheel", note]);
    // Figures of their own only for years before the horizon (helper 86: a `Budget` sheet of
    // the wrong years): each plans with the general figure, and that is said, with the years.
    let past = d.join("verleden.toml");
    let mut text = String::new();
    for corporation in ["Woonstichting 1", "Woonstichting 2"] {
        text.push_str(&format!(
            "[corporations.\"{corporation}\".budget_eur]\n2021 = 1_000_000\n2022 = 1_000_000\n"
        ));
    }
    std::fs::write(&past, &text).unwrap();
    plan(&past).status(0).stdout_has(&[
        shared,
        "corporatie 'Woonstichting 1' heeft een eigen budget voor 2021, 2022, buiten de horizon (2024-01 t/m 2026-12), en geen voor 2024, 2025, 2026; voor die jaren plant 'Woonstichting 1' met het algemene budget (2024: € ",
        "corporatie 'Woonstichting 2' heeft een eigen budget voor 2021, 2022, buiten de horizon",
    ]);
    // One corporation with figures of its own, the other without (a name spelt otherwise in
    // the sheet): the one on the general figure is named.
    std::fs::write(
        &past,
        "[budget_eur]\n2024 = 2_000_000\n2025 = 2_000_000\n2026 = 2_000_000\n[corporations.\"Woonstichting 1\".budget_eur]\n2024 = 1_000_000\n2025 = 1_000_000\n2026 = 1_000_000\n",
    )
    .unwrap();
    plan(&past).status(0).stdout_has(&[
        "corporatie 'Woonstichting 2' heeft geen eigen budget voor de jaren van de horizon en plant met het algemene budget (scenario ",
        "verleden.toml; 2024: € 2.000.000; 2025: € 2.000.000; 2026: € 2.000.000), terwijl de andere corporaties een eigen budget hebben",
    ]).stdout_lacks(&["corporatie 'Woonstichting 1' heeft geen eigen budget"]);
}

/// `Niet ingepland` gives each reason in a line (`reden`) and, where it says more, in full in
/// the last column (`toelichting`), so that rows stay one line high (helper 66: a reason of
/// 950 characters made a row of 17 lines).
#[test]
fn a_reason_not_planned_is_a_line_with_the_whole_of_it_beside() {
    let dir = tempdir();
    let d = dir.path();
    retrofit(d, ["generate", "--woningen", "600", "--uitvoer", "g.xlsx"]).status(0);
    let budget = "[budget_eur]\n2024 = 150_000\n2025 = 150_000\n2026 = 150_000\n";
    std::fs::write(d.join("krap.toml"), budget).expect("write");
    // The same with ample capacity: the budget alone falls short.
    std::fs::write(
        d.join("ruim.toml"),
        format!("{budget}[capacity_homes_per_month]\n2024 = 1000\n2025 = 1000\n2026 = 1000\n"),
    )
    .expect("write");
    // Per scenario: the projects too large alone at some starts, and of those the ones whose
    // line names budget and capacity.
    let mut counts = Vec::new();
    for name in ["krap", "ruim"] {
        let out = format!("{name}.xlsx");
        let scenario = format!("{name}.toml");
        retrofit(
            d,
            [
                "plan",
                "g.xlsx",
                "--scenario",
                scenario.as_str(),
                "--uitvoer",
                out.as_str(),
            ],
        )
        .status(0);
        counts.push(check_reason_lines(&d.join(out)));
    }
    // With the sample's capacity some of the model's starts are full on both; with ample
    // capacity none is, and every such line names the budget alone.
    let [(too_large, both), (ample_too_large, ample_both)] = counts[..] else {
        unreachable!()
    };
    assert!(too_large > 0 && both > 0, "{too_large}, {both}");
    assert!(
        ample_too_large > 0 && ample_both == 0,
        "{ample_too_large}, {ample_both}"
    );
}

/// Checks every line of a plan's `Niet ingepland` (see above) and returns how many budget
/// reasons are of projects too large alone at some starts, and of those how many lines name
/// budget and capacity.
fn check_reason_lines(plan: &Path) -> (usize, usize) {
    let rows = sheet(plan, "Niet ingepland");
    let header = row_texts(&rows[0]);
    assert_eq!(header.last().map(String::as_str), Some("toelichting"));
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (reason, category, detail) = (col("reden"), col("categorie"), col("toelichting"));
    let mut on_budget = 0;
    let (mut too_large, mut too_large_both) = (0, 0);
    for r in &rows[1..] {
        let (line, full) = (text(&r[reason]), text(&r[detail]));
        assert!(line.chars().count() <= 160, "{line}");
        if text(&r[category]).starts_with("budget") {
            on_budget += 1;
            // The full reason names the years or starts, which the line leaves out.
            assert!(full.starts_with("budget"), "{full}");
            assert!(full.contains("past bij geen enkele startmaand"), "{full}");
            assert!(full.contains("202"), "{full}");
            assert!(full.chars().count() > line.chars().count(), "{full}");
            if !full.contains("is het project alleen al groter") {
                assert!(
                    line.starts_with("budget: past bij geen enkele startmaand binnen het budget"),
                    "{line}"
                );
                continue;
            }
            // A project too large alone at some starts: the line claims no more than holds
            // there (helper 70: "ook niet met meer capaciteit alleen" where it would have).
            // Only the budget is too small for it alone there (the capacity is ample for 600
            // homes), so where at the model's starts the budget alone falls short too, the
            // line names the budget alone (helper 71: "budget en capaciteit" where the budget
            // alone fell short at every start); where at some of them the capacity is full as
            // well, both.
            too_large += 1;
            assert!(
                full.contains(
                    "is het project alleen al groter dan het budget van een jaar (2024, 2025 of 2026), bij zijn tempo"
                ),
                "{full}"
            );
            let limit = if full.contains("en ook niet binnen de capaciteit") {
                too_large_both += 1;
                // The category says where the capacity counts (helper 107 read "budget: ...
                // binnen budget en capaciteit" as two reasons at odds).
                assert!(
                    line.starts_with(
                        "budget en bij sommige starts capaciteit: past bij geen enkele startmaand,"
                    ),
                    "{line}"
                );
                continue;
            } else {
                "binnen het budget"
            };
            assert!(
                line.contains(&format!("past bij geen enkele startmaand {limit}"))
                    && line.ends_with("(zie toelichting)"),
                "{line}"
            );
        } else if full.is_empty() {
            // A reason said whole in its line has no `toelichting`.
            assert!(!line.is_empty());
        }
    }
    assert!(on_budget > 0, "the tight budget leaves projects out");
    (too_large, too_large_both)
}

/// A species calendar's mistake names the species and the month that is none (helper 74:
/// "species[0].open_start_months: maanden 1 tot en met 12"); a scenario's broken lines are
/// said all at once, each with its line.
#[test]
fn model_file_mistakes_name_the_species_and_every_broken_line() {
    let dir = tempdir();
    let d = dir.path();
    retrofit(d, ["scenario", "--uitvoer", "m"]).status(0);
    let species = fs::read_to_string(d.join("m/species.toml")).expect("species");
    let broken = species
        .replacen(
            "open_start_months = [4, 9, 10]",
            "open_start_months = [4, 9, 13]",
            1,
        )
        .replacen("survey_end = \"10-01\"", "survey_end = \"01-10-2027\"", 1);
    assert_ne!(broken, species, "the bats' months are in the file");
    fs::write(d.join("m/species.toml"), broken).expect("write");
    retrofit(
        d,
        [
            "plan",
            "--scenario",
            "m/scenario.toml",
            "--uitvoer",
            "p.xlsx",
        ],
    )
    .status(1)
    .stderr_has(&[
        "species[0] (vleermuis).open_start_months: 13 is geen maand",
        "species[0] (vleermuis).survey_end: '01-10-2027' is geen datum als MM-DD",
    ]);
    fs::write(
        d.join("kapot.toml"),
        "[budget_eur]\n2025 = 2.800.000\n2026 = 3,500,000\n",
    )
    .expect("write");
    retrofit(
        d,
        ["plan", "--scenario", "kapot.toml", "--uitvoer", "p.xlsx"],
    )
    .status(1)
    .stderr_has(&[
        "kapot.toml: regel 2 (2025 = 2.800.000)",
        "kapot.toml: regel 3 (2026 = 3,500,000)",
    ]);
    assert!(!d.join("p.xlsx").exists());
}
