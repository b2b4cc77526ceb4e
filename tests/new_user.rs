//! What a new user meets: a copy of the binary on its own (no source tree beside it), partial
//! and copied scenario files, headers that almost match a known column, a plan that starts in
//! the past.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::Reader;
use chrono::Datelike;
use rust_xlsxwriter::Workbook;

use crate::importer::fixture;

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn ok(&self) -> &Self {
        assert_eq!(self.code, Some(0), "{}", self.shown());
        self
    }

    fn refused(&self) -> &Self {
        assert_eq!(self.code, Some(1), "{}", self.shown());
        self
    }

    fn shown(&self) -> String {
        format!(
            "--- status {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `binary` in `cwd` with HOME there too and no Cargo variables in its environment.
fn run_in(binary: &Path, cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(binary)
        .args(args)
        .current_dir(cwd)
        .env_clear()
        .env("HOME", cwd)
        .env("PATH", "/usr/bin:/bin")
        .output()
        .expect("retrofit runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A shell command that hides the source tree (an empty folder mounted over it in a private
/// mount namespace) and then runs the given program; `None` where the system does not allow it
/// (not root, no `unshare`), in which case the copy alone has to show it.
fn hiding_script(empty: &Path) -> Option<String> {
    let src = source_dir();
    let hide = format!(
        "mount --bind '{}' '{src}' && test ! -e '{src}/Cargo.toml'",
        empty.display()
    );
    let works = Command::new("unshare")
        .args(["--mount", "sh", "-c", &hide])
        .output()
        .is_ok_and(|o| o.status.success());
    works.then(|| format!("{hide} && exec \"$0\" \"$@\""))
}

/// [`run_in`] with the source tree hidden where possible (see [`hiding_script`]).
fn run_hidden(binary: &Path, cwd: &Path, args: &[&str]) -> Run {
    let empty = tempfile::tempdir().expect("tempdir");
    let Some(script) = hiding_script(empty.path()) else {
        println!(
            "note: cannot hide the source tree here (unshare --mount); running the copy as is"
        );
        return run_in(binary, cwd, args);
    };
    let out = Command::new("unshare")
        .args(["--mount", "sh", "-c", &script])
        .arg(binary)
        .args(args)
        .current_dir(cwd)
        .env_clear()
        .env("HOME", cwd)
        .env("PATH", "/usr/bin:/bin")
        .output()
        .expect("unshare runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A copy of the built binary alone in an empty folder, and another empty folder to run it in.
struct Copied {
    _dirs: (tempfile::TempDir, tempfile::TempDir),
    binary: PathBuf,
    work: PathBuf,
}

fn copied_binary() -> Copied {
    let bin_dir = tempfile::tempdir().expect("tempdir");
    let work = tempfile::tempdir().expect("tempdir");
    let binary = bin_dir.path().join("retrofit");
    fs::copy(env!("CARGO_BIN_EXE_retrofit"), &binary).expect("copy binary");
    Copied {
        binary,
        work: work.path().to_path_buf(),
        _dirs: (bin_dir, work),
    }
}

fn source_dir() -> &'static str {
    env!("CARGO_MANIFEST_DIR")
}

/// The program reads nothing through the path it was built from: no source file names it.
#[test]
fn no_source_file_refers_to_the_build_directory() {
    fn walk(dir: &Path, found: &mut Vec<String>) {
        for entry in fs::read_dir(dir).expect("src").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = fs::read_to_string(&path).expect("read");
                if text.contains(concat!("CARGO_", "MANIFEST_DIR")) {
                    found.push(path.display().to_string());
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(&Path::new(source_dir()).join("src"), &mut found);
    assert!(found.is_empty(), "build path used in {found:?}");
}

/// A copy of the binary in an empty folder, run from another empty folder with the source tree
/// hidden (where the system allows), plans the embedded sample and a stock it is given, writes
/// and uses the default scenario files, and never mentions the source tree.
#[test]
fn a_copied_binary_runs_without_the_source_tree() {
    let c = copied_binary();
    let never_source = |run: &Run| {
        assert!(
            !run.stdout.contains(source_dir()) && !run.stderr.contains(source_dir()),
            "mentions the source tree\n{}",
            run.shown()
        );
    };

    // The embedded sample with the embedded scenario.
    let run = run_hidden(&c.binary, &c.work, &["plan", "-q"]);
    run.ok();
    never_source(&run);
    assert!(
        run.stdout.contains("Woningen gelezen: 8.000"),
        "{}",
        run.shown()
    );
    assert!(c.work.join("voorbeeldbezit-plan.xlsx").is_file());

    // A stock of the user's own, beside nothing else.
    fs::copy(fixture("good.xlsx"), c.work.join("eigen.xlsx")).expect("copy stock");
    let run = run_hidden(&c.binary, &c.work, &["plan", "eigen.xlsx", "-q"]);
    run.ok();
    never_source(&run);
    assert!(
        run.stdout.contains("Woningen gelezen: 8;"),
        "{}",
        run.shown()
    );
    assert!(c.work.join("eigen-plan.xlsx").is_file());
    run_hidden(&c.binary, &c.work, &["check", "eigen.xlsx"]).ok();

    // The default scenario files, written to edit; used as they are, they plan the same.
    let run = run_hidden(&c.binary, &c.work, &["scenario", "--uitvoer", "model"]);
    run.ok();
    for name in ["scenario.toml", "catalog.toml", "species.toml"] {
        assert!(c.work.join("model").join(name).is_file(), "{name}");
        assert!(
            run.stdout.contains(&format!("model/{name}")),
            "{}",
            run.shown()
        );
    }
    // Never over an edited file.
    run_hidden(&c.binary, &c.work, &["scenario", "--uitvoer", "model"])
        .refused()
        .stderr
        .contains("bestaan al")
        .then_some(())
        .expect("says the files exist");
    let run = run_in(
        &c.binary,
        &c.work,
        &[
            "plan",
            "eigen.xlsx",
            "--scenario",
            "model/scenario.toml",
            "-o",
            "met-model.xlsx",
            "-q",
        ],
    );
    run.ok();
    never_source(&run);

    // A scenario copied alone (without catalog and species beside it) and one that names only
    // what it changes both plan, with the built-in catalog and species calendar.
    fs::create_dir(c.work.join("los")).expect("mkdir");
    let default = retrofit::embedded::SCENARIO_TOML;
    fs::write(c.work.join("los/kopie.toml"), default).expect("write");
    fs::write(
        c.work.join("los/deel.toml"),
        "name = \"meer budget\"\n[budget_eur]\n2024 = 2_500_000\n",
    )
    .expect("write");
    for (file, name) in [
        ("los/kopie.toml", "EFG-vrij eind 2026 (standaard)"),
        ("los/deel.toml", "meer budget"),
    ] {
        let run = run_in(
            &c.binary,
            &c.work,
            &[
                "plan",
                "eigen.xlsx",
                "--scenario",
                file,
                "-o",
                "s.xlsx",
                "-q",
            ],
        );
        run.ok();
        assert!(
            run.stdout.contains(&format!("Scenario: {name}")),
            "{}",
            run.shown()
        );
    }
}

#[test]
fn a_bad_scenario_number_is_explained_in_dutch_with_file_and_line() {
    let c = copied_binary();
    fs::copy(fixture("good.xlsx"), c.work.join("eigen.xlsx")).expect("copy stock");
    fs::write(c.work.join("s.toml"), "[budget_eur]\n2025 = 2.800.000\n").expect("write");
    let run = run_in(
        &c.binary,
        &c.work,
        &["plan", "eigen.xlsx", "--scenario", "s.toml"],
    );
    run.refused();
    assert!(
        run.stderr
            .contains("s.toml: regel 2 (2025 = 2.800.000): een getal zonder duizendtalpunten"),
        "{}",
        run.shown()
    );
    fs::write(c.work.join("s.toml"), "[projects]\nmax_projekt_homes = 3\n").expect("write");
    let run = run_in(
        &c.binary,
        &c.work,
        &["plan", "eigen.xlsx", "--scenario", "s.toml"],
    );
    run.refused();
    assert!(
        run.stderr
            .contains("s.toml: projects.max_projekt_homes: onbekende sleutel; bedoelt u 'max_project_homes'? bekend zijn hier: max_project_homes"),
        "{}",
        run.shown()
    );
    assert!(!c.work.join("eigen-plan.xlsx").exists());
}

/// A value of the wrong kind or range names its own key and the range that key accepts, not
/// another key's or a wider one.
#[test]
fn a_bad_scenario_value_names_its_key_and_its_own_range() {
    let c = copied_binary();
    fs::copy(fixture("good.xlsx"), c.work.join("eigen.xlsx")).expect("copy stock");
    for (text, expected) in [
        (
            "[projects]\nmax_project_homes = \"veel\"\n",
            "projects.max_project_homes: verkeerd soort waarde: tekst \"veel\", verwacht een geheel getal van 1 of meer",
        ),
        (
            "[projects]\npepper_potted_start_month = -2\n",
            "projects.pepper_potted_start_month: ongeldige waarde geheel getal -2, verwacht een maandnummer van 1 tot en met 12",
        ),
        (
            "[projects]\npermit_lead_weeks = -2\n",
            "projects.permit_lead_weeks: ongeldige waarde geheel getal -2, verwacht een geheel getal van 0 of meer",
        ),
        (
            "[solver]\norder_time_share = 1.5\n",
            "solver.order_time_share: moet groter dan 0 en hoogstens 1 zijn, niet 1,5",
        ),
    ] {
        fs::write(c.work.join("s.toml"), text).expect("write");
        let run = run_in(
            &c.binary,
            &c.work,
            &["plan", "eigen.xlsx", "--scenario", "s.toml"],
        );
        run.refused();
        assert!(run.stderr.contains(expected), "{}", run.shown());
    }
    assert!(!c.work.join("eigen-plan.xlsx").exists());
}

/// `labels.xlsx` in `dir`: three homes with their label under `Energielabel 2026` beside an
/// `ep2` column, the type under `type_header`; the EP2 of row `empty_ep2` (1-based) left empty.
fn label_lookalike_stock(dir: &Path, type_header: &str, empty_ep2: Option<u32>) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Woningen").expect("name");
    let header = [
        "vhe",
        "complex",
        type_header,
        "gbo_m2",
        "Energielabel 2026",
        "ep2",
    ];
    for (j, h) in (0u16..).zip(header) {
        ws.write_string(0, j, h).expect("write");
    }
    for i in 1..=3u32 {
        let ep2 = if empty_ep2 == Some(i) { "" } else { "330" };
        let row = [&format!("{}", 200 + i), "12", "EGW", "90", "D", ep2];
        for (j, v) in (0u16..).zip(row) {
            ws.write_string(i, j, v).expect("write");
        }
    }
    wb.save(dir.join("labels.xlsx")).expect("save");
}

/// A label column under another header beside an `ep2` column: no error follows (the EP2 gives
/// a label), so the look-alike is said first, with what the plan does without it (helper 77:
/// `Energielabel 2026` ignored in silence, a registered D planned as E from its EP2). A type
/// column headed `Soort` is read as woningtype.
#[test]
fn a_label_column_under_another_header_beside_ep2_is_said() {
    let dir = tempfile::tempdir().expect("tempdir");
    label_lookalike_stock(dir.path(), "Soort", None);
    let bin = Path::new(env!("CARGO_BIN_EXE_retrofit"));
    let run = run_in(bin, dir.path(), &["check", "labels.xlsx"]);
    run.ok();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[1].starts_with("Let op: Woningen!E1: kop 'Energielabel 2026' lijkt op kolom 'energielabel', die ontbreekt: deze kop wordt niet gelezen; zonder deze kolom volgt het label van elke woning uit zijn EP2, niet uit het geregistreerde label."),
        "{}",
        run.shown()
    );
    assert!(!run.stdout.contains("'Soort'"), "{}", run.shown());
}

/// The same look-alike label header where a home's EP2 is empty too: the read is refused, the
/// look-alike comes first with the advice to rename it, and is not said again in the list.
#[test]
fn a_lookalike_in_a_refused_read_is_said_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    label_lookalike_stock(dir.path(), "woningtype", Some(2));
    let bin = Path::new(env!("CARGO_BIN_EXE_retrofit"));
    for command in ["check", "plan"] {
        let run = run_in(bin, dir.path(), &[command, "labels.xlsx"]);
        run.refused();
        let said = "kop 'Energielabel 2026' lijkt op kolom 'energielabel'";
        let first = run.stderr.find(&format!("Let op: Woningen!E1: {said}"));
        let errors = run.stderr.find("1 fout, 0 waarschuwingen:");
        assert!(
            first.is_some() && errors.is_some() && first < errors,
            "{}",
            run.shown()
        );
        assert_eq!(run.stderr.matches(said).count(), 1, "{}", run.shown());
        assert!(run.stderr.contains("Woningen!F3"), "{}", run.shown());
        assert!(
            run.stderr.contains("Hernoem eerst de kop"),
            "{}",
            run.shown()
        );
    }
}

/// A stock whose permit column is headed `FF ontheffing datum`: the header is not read, and
/// `check` and `plan` say so before anything else, with the column it looks like.
#[test]
fn a_near_miss_header_of_a_missing_column_is_shown_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let stock = dir.path().join("bijna.xlsx");
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
        "Opmerking",
        "FF ontheffing datum",
    ];
    for (j, h) in (0u16..).zip(header) {
        ws.write_string(0, j, h).expect("write");
    }
    for i in 1..=3u32 {
        let row = [
            format!("{}", 1146 + i),
            "1147".to_string(),
            "EGW".to_string(),
            "90".to_string(),
            "F".to_string(),
            "vleermuis".to_string(),
            String::new(),
            "01-05-2027".to_string(),
        ];
        for (j, v) in (0u16..).zip(row) {
            ws.write_string(i, j, v).expect("write");
        }
    }
    wb.save(&stock).expect("save");
    let bin = Path::new(env!("CARGO_BIN_EXE_retrofit"));
    let expected = "Let op: Woningen!H1: kop 'FF ontheffing datum' lijkt op kolom 'ff_vergunning', die ontbreekt: deze kop wordt niet gelezen";

    let run = run_in(bin, dir.path(), &["check", "bijna.xlsx"]);
    run.ok();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[1].starts_with(expected), "{}", run.shown());
    assert!(
        lines[1].contains("Hernoem de kop dan naar ff_vergunning"),
        "{}",
        run.shown()
    );
    // An unrelated column is only listed, without a guess.
    assert!(
        run.stdout
            .contains("Woningen!G1: waarschuwing: onbekende kolom 'Opmerking' wordt genegeerd\n"),
        "{}",
        run.shown()
    );

    // First in the list of warnings too.
    let listed = lines
        .iter()
        .position(|l| l.starts_with("Waarschuwingen ("))
        .expect("warnings listed");
    assert!(
        lines[listed + 1].starts_with("  Woningen!H1: waarschuwing: kop 'FF ontheffing datum'"),
        "{}",
        run.shown()
    );

    let run = run_in(bin, dir.path(), &["plan", "bijna.xlsx", "-q"]);
    run.ok();
    // The plan's own list of warnings starts with it as well.
    let mut book = calamine::open_workbook_auto(dir.path().join("bijna-plan.xlsx")).expect("plan");
    let rows = book
        .worksheet_range("Invoercontrole")
        .expect("Invoercontrole");
    let first_warning = rows
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .find(|c| c.contains("Opmerking") || c.contains("FF ontheffing datum"))
        .expect("a warning in Invoercontrole");
    assert!(
        first_warning.contains("FF ontheffing datum"),
        "{first_warning}"
    );
    assert!(run.stdout.starts_with(expected), "{}", run.shown());
    assert!(
        run.stdout.contains("vergunningsdatum aan"),
        "{}",
        run.shown()
    );
}

/// A required column whose header is a near miss: the error names the header to rename.
#[test]
fn a_missing_required_column_points_at_its_look_alike() {
    let dir = tempfile::tempdir().expect("tempdir");
    let stock = dir.path().join("opp.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (j, h) in (0u16..).zip(["vhe", "complex", "woningtype", "Gebruiksopp", "label"]) {
        ws.write_string(0, j, h).expect("write");
    }
    for (j, v) in (0u16..).zip(["1", "C1", "EGW", "80", "F"]) {
        ws.write_string(1, j, v).expect("write");
    }
    wb.save(&stock).expect("save");
    let run = run_in(
        Path::new(env!("CARGO_BIN_EXE_retrofit")),
        dir.path(),
        &["check", "opp.xlsx"],
    );
    run.refused();
    assert!(
        run.stderr.contains(
            "verplichte kolom 'gbo_m2' ontbreekt (ook herkend als: gbo, gebruiksoppervlakte, oppervlakte, gebruiksoppervlak, opp_m2, oppervlakte_m2); bedoelt u de kop 'Gebruiksopp' (Sheet1!D1)? Hernoem die dan naar gbo_m2"
        ),
        "{}",
        run.shown()
    );
}

/// A plan that starts before this month says so in one line; one from this month on does not.
#[test]
fn a_plan_starting_in_the_past_says_so_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bin = Path::new(env!("CARGO_BIN_EXE_retrofit"));
    fs::copy(fixture("good.xlsx"), dir.path().join("eigen.xlsx")).expect("copy");
    let today = chrono::Utc::now().date_naive();
    let now = format!("{:04}-{:02}", today.year(), today.month());

    let run = run_in(bin, dir.path(), &["plan", "eigen.xlsx", "-q"]);
    run.ok();
    let past: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("in het verleden"))
        .collect();
    assert_eq!(past.len(), 1, "{}", run.shown());
    assert!(
        past[0].starts_with(&format!(
            "Let op: de planning begint in 2024-01, vóór deze maand ({now});"
        )),
        "{}",
        run.shown()
    );
    assert!(
        past[0].contains(&format!("start_month = \"{now}\"")),
        "{}",
        run.shown()
    );

    // From this month on, with budget and capacity for the years ahead: no such line.
    let y = today.year();
    let scenario = format!(
        "start_month = \"{now}\"\ndeadline_month = \"{}-12\"\n[budget_eur]\n{y} = 3_000_000\n{} = 3_000_000\n{} = 3_000_000\n[capacity_homes_per_month]\n{y} = 16\n{} = 16\n{} = 16\n",
        y + 2,
        y + 1,
        y + 2,
        y + 1,
        y + 2
    );
    fs::write(dir.path().join("nu.toml"), scenario).expect("write");
    let run = run_in(
        bin,
        dir.path(),
        &[
            "plan",
            "eigen.xlsx",
            "--scenario",
            "nu.toml",
            "-o",
            "nu.xlsx",
            "-q",
        ],
    );
    run.ok();
    assert!(!run.stdout.contains("in het verleden"), "{}", run.shown());
}
