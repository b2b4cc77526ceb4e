//! Issue 14: hostile input, options and output hazards, each class pinned with a fixture: the
//! message, the cell or key, the exit status, and for a failed run that a previous plan at the
//! output path is byte-identical afterwards.
//!
//! The `.xlsx` and `.parquet` fixtures `hostile_*` come from `tests/fixtures/make_hostile.py`
//! (openpyxl writes formulas without a stored result; pyarrow writes the column types of pandas
//! and SQL exports); csv files and scenario files are written here.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rust_xlsxwriter::Workbook;

use retrofit::input::{read_raw, read_stock, InputError, Problem, ReadOptions, Severity, Stock};

use crate::importer::fixture;

struct Run {
    args: String,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn shown(&self) -> String {
        format!(
            "retrofit {}\n--- status {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.args, self.code, self.stdout, self.stderr
        )
    }

    /// The exit status, and never a panic.
    fn status(&self, expected: i32) -> &Self {
        assert_eq!(self.code, Some(expected), "{}", self.shown());
        assert!(
            !self.stderr.contains("panicked") && !self.stdout.contains("panicked"),
            "panic: {}",
            self.shown()
        );
        self
    }

    fn stderr_has(&self, fragments: &[&str]) -> &Self {
        for f in fragments {
            assert!(
                self.stderr.contains(f),
                "stderr lacks {f:?}\n{}",
                self.shown()
            );
        }
        self
    }
}

/// Runs the binary in `cwd`; a run that does not end within two minutes is a hang.
fn retrofit<S: AsRef<OsStr>>(cwd: &Path, args: &[S]) -> Run {
    let shown = args
        .iter()
        .map(|a| a.as_ref().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let mut child = Command::new(env!("CARGO_BIN_EXE_retrofit"))
        .args(args)
        .current_dir(cwd)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the retrofit binary runs");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("retrofit {shown}: no exit within 120 s (hang)");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
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

/// A good plan of `good.xlsx` at `dir/p.xlsx`; returns its path and bytes.
fn good_plan(dir: &Path) -> (PathBuf, Vec<u8>) {
    let plan = dir.join("p.xlsx");
    retrofit(
        dir,
        &[
            OsStr::new("plan"),
            fixture("good.xlsx").as_os_str(),
            OsStr::new("-o"),
            plan.as_os_str(),
        ],
    )
    .status(0);
    let bytes = fs::read(&plan).expect("plan written");
    (plan, bytes)
}

fn plan_args<'a>(stock: &'a Path, plan: &'a Path, extra: &'a [&'a str]) -> Vec<&'a OsStr> {
    let mut args = vec![
        OsStr::new("plan"),
        stock.as_os_str(),
        OsStr::new("-o"),
        plan.as_os_str(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    args
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

// ---------------------------------------------------------------------------------------------
// Data loss: a run that ends in exit 1 never replaces the previous plan
// ---------------------------------------------------------------------------------------------

#[test]
fn a_later_target_that_cannot_be_written_leaves_the_plan_untouched() {
    let dir = tempdir();
    let d = dir.path();
    let (plan, before) = good_plan(d);

    // A read-only json file.
    let json = d.join("p.json");
    fs::write(&json, b"oud").expect("json");
    let mut perms = fs::metadata(&json).expect("meta").permissions();
    perms.set_readonly(true);
    fs::set_permissions(&json, perms).expect("chmod");
    retrofit(
        d,
        &plan_args(&fixture("good.xlsx"), &plan, &["--json", "p.json"]),
    )
    .status(1)
    .stderr_has(&["p.json", "alleen-lezen"]);
    assert_eq!(fs::read(&plan).expect("plan"), before, "plan replaced");
    assert_eq!(fs::read(&json).expect("json"), b"oud");

    // A municipality workbook open in LibreOffice.
    fs::write(d.join(".~lock.g.xlsx#"), b"").expect("lock");
    retrofit(
        d,
        &plan_args(&fixture("good.xlsx"), &plan, &["--gemeente", "g.xlsx"]),
    )
    .status(1)
    .stderr_has(&["g.xlsx", "geopend"]);
    assert_eq!(fs::read(&plan).expect("plan"), before, "plan replaced");

    // A csv folder with a read-only file in it.
    let csv = d.join("lijsten");
    fs::create_dir(&csv).expect("mkdir");
    let planning = csv.join("planning.csv");
    fs::write(&planning, b"oud").expect("csv");
    let mut perms = fs::metadata(&planning).expect("meta").permissions();
    perms.set_readonly(true);
    fs::set_permissions(&planning, perms).expect("chmod");
    retrofit(
        d,
        &plan_args(&fixture("good.xlsx"), &plan, &["--csv", "lijsten"]),
    )
    .status(1)
    .stderr_has(&["planning.csv", "alleen-lezen"]);
    assert_eq!(fs::read(&plan).expect("plan"), before, "plan replaced");
    assert_eq!(names_in(&csv), vec!["planning.csv".to_string()]);

    // No temporary file is left anywhere.
    assert_eq!(
        names_in(d),
        vec![".~lock.g.xlsx#", "lijsten", "p.json", "p.xlsx"]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>()
    );
}

/// One G home whose flora & fauna permit comes after the deadline: nothing can be planned.
fn unplannable_stock(dir: &Path) -> PathBuf {
    let stock = dir.join("te_laat.xlsx");
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
    for (j, h) in (0u16..).zip(header) {
        ws.write_string(0, j, h).expect("write");
    }
    for (j, v) in (0u16..).zip(["9001", "C90", "EGW"]) {
        ws.write_string(1, j, v).expect("write");
    }
    ws.write_number(1, 3, 80.0).expect("write");
    for (j, v) in (4u16..).zip(["G", "vleermuis", "01-01-2030"]) {
        ws.write_string(1, j, v).expect("write");
    }
    wb.save(&stock).expect("save");
    stock
}

#[test]
fn nothing_planned_never_overwrites_an_existing_plan() {
    let dir = tempdir();
    let d = dir.path();
    let (plan, before) = good_plan(d);
    let stock = unplannable_stock(d);
    let json = d.join("p.json");
    fs::write(&json, b"oud").expect("json");
    retrofit(d, &plan_args(&stock, &plan, &["--json", "p.json"]))
        .status(1)
        .stderr_has(&[
            "Geen enkele woning kon worden ingepland",
            "p-niet-ingepland.xlsx",
            "niet overschreven",
        ]);
    assert_eq!(fs::read(&plan).expect("plan"), before, "plan replaced");
    assert_eq!(fs::read(&json).expect("json"), b"oud", "json replaced");
    let reasons = d.join("p-niet-ingepland.xlsx");
    let mut wb = calamine::open_workbook_auto(&reasons).expect("reasons workbook");
    use calamine::Reader;
    let rows = wb.worksheet_range("Niet ingepland").expect("sheet");
    assert!(
        rows.rows().any(|r| r
            .iter()
            .any(|c| matches!(c, calamine::Data::String(s) if s == "9001"))),
        "9001 not listed"
    );
    // A second such run takes the next free name.
    retrofit(d, &plan_args(&stock, &plan, &[]))
        .status(1)
        .stderr_has(&["p-niet-ingepland-2.xlsx"]);
    assert_eq!(fs::read(&plan).expect("plan"), before, "plan replaced");
}

// ---------------------------------------------------------------------------------------------
// Panics and hangs: options and scenario keys out of range
// ---------------------------------------------------------------------------------------------

#[test]
fn numeric_options_out_of_range_are_refused_in_dutch() {
    let dir = tempdir();
    let d = dir.path();
    let (plan, before) = good_plan(d);
    for (option, value, words) in [
        ("--tijdslimiet", "inf", "hoogstens 86.400 seconden"),
        ("--tijdslimiet", "1e300", "hoogstens 86.400 seconden"),
        ("--tijdslimiet", "-1", "moet groter dan 0 zijn"),
        ("--tijdslimiet", "abc", "moet een getal"),
        ("--voortgang-elke", "1e300", "--voortgang-elke moet tussen"),
        (
            "--voortgang-elke",
            "-5",
            "--voortgang-elke moet groter dan 0 zijn",
        ),
    ] {
        retrofit(
            d,
            &plan_args(&fixture("good.xlsx"), &plan, &[option, value]),
        )
        .status(1)
        .stderr_has(&[option, words]);
        assert_eq!(fs::read(&plan).expect("plan"), before, "{option} {value}");
    }
}

/// The models/ files in `dir`, with `edit` applied to scenario.toml.
fn scenario_with(dir: &Path, edit: impl Fn(&str) -> String) -> PathBuf {
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    for f in ["catalog.toml", "species.toml"] {
        fs::copy(models.join(f), dir.join(f)).expect("copy");
    }
    // The copy names its own catalog and species calendar (the built-in default leaves them out).
    let text = fs::read_to_string(models.join("scenario.toml"))
        .expect("scenario")
        .replace("\n# catalog = ", "\ncatalog = ")
        .replace("\n# species = ", "\nspecies = ");
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit changed nothing");
    let path = dir.join("scenario.toml");
    fs::write(&path, edited).expect("write");
    path
}

fn set_key(text: &str, key: &str, value: &str) -> String {
    text.lines()
        .map(|l| {
            if l.trim_start().starts_with(&format!("{key} =")) {
                format!("{key} = {value}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn scenario_values_out_of_range_name_their_key() {
    let dir = tempdir();
    let d = dir.path();
    let (plan, before) = good_plan(d);
    for (key, value, named) in [
        ("time_limit_s", "inf", "solver.time_limit_s"),
        ("time_limit_s", "1e300", "solver.time_limit_s"),
        (
            "permit_lead_weeks",
            "20000000",
            "projects.permit_lead_weeks",
        ),
        (
            "homes_per_month_per_project",
            "1e-10",
            "projects.homes_per_month_per_project",
        ),
        ("G", "-1e300", "assumed_ep2_kwh_m2.G"),
        ("mip_rel_gap", "nan", "mip_rel_gap"),
        ("2025", "1e300", "budget_eur.2025"),
        ("name", &format!("\"{}\"", "x".repeat(40_000)), "name"),
    ] {
        let models = tempdir();
        let scenario = scenario_with(models.path(), |t| set_key(t, key, value));
        let shown = scenario.display().to_string();
        retrofit(
            d,
            &plan_args(&fixture("good.xlsx"), &plan, &["--scenario", &shown]),
        )
        .status(1)
        .stderr_has(&[named, "scenario.toml"]);
        assert_eq!(fs::read(&plan).expect("plan"), before, "{key} = {value}");
    }
}

#[test]
fn catalog_values_out_of_range_name_their_key() {
    let models = tempdir();
    let m = models.path();
    let scenario = scenario_with(m, |t| format!("{t}\n"));
    let catalog = fs::read_to_string(m.join("catalog.toml")).expect("catalog");
    let edited = catalog.replacen("fixed_eur = ", "fixed_eur = 1e300 # ", 1);
    fs::write(m.join("catalog.toml"), edited).expect("write");
    let dir = tempdir();
    let shown = scenario.display().to_string();
    retrofit(
        dir.path(),
        &plan_args(
            &fixture("good.xlsx"),
            &dir.path().join("p.xlsx"),
            &["--scenario", &shown],
        ),
    )
    .status(1)
    .stderr_has(&["catalog.toml", "fixed_eur"]);
    assert!(names_in(dir.path()).is_empty());

    // A package name too long for a cell of the plan.
    let long = catalog.replacen(
        "name = \"Schilisolatie (dak, vloer, spouw, HR++-glas)\"",
        &format!("name = \"{}\"", "x".repeat(40_000)),
        1,
    );
    assert_ne!(long, catalog);
    fs::write(m.join("catalog.toml"), long).expect("write");
    retrofit(
        dir.path(),
        &plan_args(
            &fixture("good.xlsx"),
            &dir.path().join("p.xlsx"),
            &["--scenario", &shown],
        ),
    )
    .status(1)
    .stderr_has(&["catalog.toml", ".name", "hoogstens 200"]);
    assert!(names_in(dir.path()).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Silently wrong plans: formulas, sheet names, control characters, encodings, huge values
// ---------------------------------------------------------------------------------------------

fn problems(path: &Path) -> Vec<Problem> {
    match read_stock(path, &ReadOptions::default()) {
        Err(InputError::Invalid { problems, .. }) => problems,
        Err(e) => panic!("{}: expected problems, got {e}", path.display()),
        Ok(s) => panic!(
            "{}: expected problems, got {} homes",
            path.display(),
            s.homes.len()
        ),
    }
}

fn read_ok(path: &Path) -> Stock {
    match read_stock(path, &ReadOptions::default()) {
        Ok(s) => s,
        Err(InputError::Invalid { problems, .. }) => panic!(
            "{}: {}",
            path.display(),
            retrofit::input::problems_report(&problems)
        ),
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

fn has_error(problems: &[Problem], location: &str, words: &str) {
    assert!(
        problems.iter().any(|p| p.severity == Severity::Error
            && p.location == location
            && p.message.contains(words)),
        "no error at {location} with {words:?}: {problems:#?}"
    );
}

#[test]
fn formulas_without_a_stored_value_are_errors_at_their_cell() {
    let p = problems(&fixture("hostile_formula.xlsx"));
    has_error(&p, "Woningen!F5", "formule zonder berekende waarde");
    has_error(&p, "Woningen!A6", "open en bewaar het bestand in Excel");
    assert!(
        !p.iter().any(|p| p.message.contains("ontbreekt")),
        "a formula is not missing: {p:#?}"
    );
    let dir = tempdir();
    retrofit(
        dir.path(),
        &[
            OsStr::new("check"),
            fixture("hostile_formula.xlsx").as_os_str(),
        ],
    )
    .status(1)
    .stderr_has(&["Woningen!F5", "Woningen!A6"]);
}

#[test]
fn an_exact_sheet_name_wins_and_the_ambiguity_is_a_warning() {
    let stock = read_ok(&fixture("hostile_two_sheets.xlsx"));
    assert_eq!(stock.source.sheet, "Woningen");
    assert_eq!(stock.homes.len(), 5, "the 2 stale homes of WONINGEN read");
    assert!(
        stock
            .warnings
            .iter()
            .any(|w| w.message.contains("'WONINGEN'") && w.message.contains("'Woningen'")),
        "{:#?}",
        stock.warnings
    );
}

#[test]
fn a_stray_value_far_right_costs_memory_of_used_cells_only() {
    let raw = read_raw(&fixture("hostile_xfd1.xlsx")).expect("reads");
    let cells: usize = raw.book.homes.rows.iter().map(Vec::len).sum();
    // Dense, the 4 x 16,384 bounding box would be 65,536 cells.
    assert!(cells < 17_000, "{cells} cells held");
    let stock = read_ok(&fixture("hostile_xfd1.xlsx"));
    assert_eq!(stock.homes.len(), 3);
}

#[test]
fn a_text_too_long_for_the_plan_is_an_error_at_check() {
    let p = problems(&fixture("hostile_long_street.xlsx"));
    has_error(&p, "Woningen!G3", "32.767 tekens");
    let dir = tempdir();
    retrofit(
        dir.path(),
        &[
            OsStr::new("check"),
            fixture("hostile_long_street.xlsx").as_os_str(),
        ],
    )
    .status(1)
    .stderr_has(&["Woningen!G3"]);
}

fn csv_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).expect("write csv");
    path
}

#[test]
fn control_characters_are_removed_with_a_warning_and_make_no_new_complex() {
    let dir = tempdir();
    let path = csv_file(
        dir.path(),
        "nul.csv",
        b"vhe;complex;woningtype;gbo_m2;energielabel\n1;C1\x00;EGW;80;G\n2;C1;EGW;80;G\n3;\x00\x07;EGW;80;G\n",
    );
    let p = problems(&path);
    has_error(&p, "nul.csv!B4", "stuurtekens");
    assert!(
        p.iter().any(|w| w.severity == Severity::Warning
            && w.location == "nul.csv!B2"
            && w.message.contains("stuurteken")),
        "{p:#?}"
    );
    let path = csv_file(
        dir.path(),
        "nul2.csv",
        b"vhe;complex;woningtype;gbo_m2;energielabel\n1;C1\x00;EGW;80;G\n2;C1;EGW;80;G\n",
    );
    let stock = read_ok(&path);
    assert!(stock.homes.iter().all(|h| h.complex == "C1"));
}

#[test]
fn mixed_encodings_are_read_line_by_line_and_named() {
    let dir = tempdir();
    let path = csv_file(
        dir.path(),
        "plaatsen.csv",
        b"vhe;complex;woningtype;gbo_m2;energielabel;plaats\n1;C1;EGW;80;G;Die\xc3\xabn\n2;C1;EGW;80;G;Die\xebn\n",
    );
    let stock = read_ok(&path);
    assert!(
        stock
            .homes
            .iter()
            .all(|h| h.city.as_deref() == Some("Dieën")),
        "{:?}",
        stock
            .homes
            .iter()
            .map(|h| h.city.clone())
            .collect::<Vec<_>>()
    );
    assert!(
        stock
            .warnings
            .iter()
            .any(|w| w.location.contains("regel 3") && w.message.contains("Windows-1252")),
        "{:#?}",
        stock.warnings
    );
}

#[test]
fn utf16_unicode_text_exports_are_read() {
    let dir = tempdir();
    let text = "\u{feff}vhe\tcomplex\twoningtype\tgbo_m2\tenergielabel\tplaats\r\n1\tC1\tEGW\t80\tG\tDieën\r\n2\tC1\tEGW\t72,5\tF\tDieën\r\n";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let path = csv_file(dir.path(), "unicode.txt", &bytes);
    let stock = read_ok(&path);
    assert_eq!(stock.homes.len(), 2);
    assert_eq!(stock.homes[1].area_m2, 72.5);
    assert_eq!(stock.homes[0].city.as_deref(), Some("Dieën"));
    assert!(stock.warnings.is_empty(), "{:#?}", stock.warnings);
}

#[test]
fn an_unclosed_quote_names_its_line() {
    let dir = tempdir();
    let path = csv_file(
        dir.path(),
        "afgekapt.csv",
        b"vhe;complex;woningtype;gbo_m2;energielabel\n1;C1;EGW;80;G\n2;\"C1;EGW;80;G\n",
    );
    match read_stock(&path, &ReadOptions::default()) {
        Err(InputError::Unreadable { reason, .. }) => {
            assert!(
                reason.contains("regel 3") && reason.contains("aanhalingsteken"),
                "{reason}"
            );
            assert!(!reason.to_lowercase().contains("python"), "{reason}");
        }
        other => panic!("expected unreadable, got {other:?}"),
    }
}

#[test]
fn implausible_areas_and_ep2_are_errors_at_their_cell() {
    let dir = tempdir();
    let path = csv_file(
        dir.path(),
        "typo.csv",
        b"vhe;complex;woningtype;gbo_m2;energielabel;ep2\n1;C1;EGW;1000000000;G;400\n2;C1;EGW;80;G;1000000\n3;C1;EGW;80;G;400\n",
    );
    let p = problems(&path);
    has_error(&p, "typo.csv!D2", "niet aannemelijk");
    has_error(&p, "typo.csv!F3", "niet aannemelijk");
}

#[test]
fn parquet_columns_of_other_types_block_only_when_used() {
    let stock = read_ok(&fixture("hostile_unused_types.parquet"));
    assert_eq!(stock.homes.len(), 3);
    for column in [
        "peildatum",
        "gewijzigd_tz",
        "klein",
        "half",
        "lijst",
        "samengesteld",
        "bedrag",
    ] {
        assert!(
            stock
                .warnings
                .iter()
                .any(|w| w.message.contains(&format!("'{column}'"))),
            "{column}: {:#?}",
            stock.warnings
        );
    }
    // gbo_m2 as DECIMAL(10, 2), as SQL exports write it: read, not refused.
    let stock = read_ok(&fixture("hostile_decimal_area.parquet"));
    let areas: Vec<f64> = stock.homes.iter().map(|h| h.area_m2).collect();
    assert_eq!(areas, vec![85.5, 90.0, 60.25]);
    let dir = tempdir();
    retrofit(
        dir.path(),
        &[
            OsStr::new("check"),
            fixture("hostile_decimal_area.parquet").as_os_str(),
        ],
    )
    .status(0);
}

#[test]
fn parquet_dates_decimals_and_small_ints_are_read_when_used() {
    use chrono::NaiveDate;
    let stock = read_ok(&fixture("hostile_typed_columns.parquet"));
    let h = &stock.homes;
    assert_eq!(h.len(), 3);
    assert_eq!(h[0].area_m2, 85.5);
    assert_eq!(h[2].area_m2, 60.25);
    assert_eq!(h[0].ep2_kwh_m2, Some(300.5));
    assert_eq!(h[0].build_year, Some(1965));
    assert_eq!(h[1].build_year, None);
    assert_eq!(h[1].maintenance_year, Some(2026));
    assert_eq!(h[2].private_in_block, Some(3));
    assert_eq!(h[0].permit_date, NaiveDate::from_ymd_opt(2024, 9, 1));
    let complexes: Vec<&str> = h.iter().map(|h| h.complex.as_str()).collect();
    assert_eq!(complexes, vec!["C01", "C01", "C02"]);
    assert_eq!(h[2].home_type, retrofit::stock::HomeType::Mgw);
    let stamped = read_ok(&fixture("hostile_timestamp_permit.parquet"));
    assert_eq!(
        stamped.homes[0].permit_date,
        NaiveDate::from_ymd_opt(2024, 9, 1)
    );
    // A timestamp with a time zone is named, not read a day off.
    match read_stock(
        &fixture("hostile_zoned_permit.parquet"),
        &ReadOptions::default(),
    ) {
        Err(InputError::Unreadable { reason, .. }) => {
            assert!(
                reason.contains("'ff_vergunning'")
                    && reason.contains("tijdzone")
                    && reason.contains("dt.strftime('%Y-%m-%d')"),
                "{reason}"
            );
        }
        other => panic!("expected a named column type, got {other:?}"),
    }
}

#[test]
fn a_password_protected_workbook_is_named_as_such() {
    match read_stock(&fixture("hostile_password.xlsx"), &ReadOptions::default()) {
        Err(InputError::Unreadable { reason, .. }) => {
            assert!(reason.contains("wachtwoord"), "{reason}");
            assert!(!reason.contains("beschadigd"), "{reason}");
        }
        other => panic!("expected unreadable, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Messages: reasons write euros and decimals the Dutch way
// ---------------------------------------------------------------------------------------------

#[test]
fn reasons_write_euros_with_thousands_dots() {
    let models = tempdir();
    let scenario = scenario_with(models.path(), |t| {
        let t = set_key(t, "2024", "1000");
        let t = set_key(&t, "2025", "1000");
        set_key(&t, "2026", "1000")
    });
    let dir = tempdir();
    let plan = dir.path().join("p.xlsx");
    let stock = csv_file(
        dir.path(),
        "klein.csv",
        b"vhe;complex;woningtype;gbo_m2;energielabel\n1;C1;EGW;80;G\n2;C1;EGW;80;G\n",
    );
    let shown = scenario.display().to_string();
    retrofit(
        dir.path(),
        &plan_args(&stock, &plan, &["--scenario", &shown]),
    )
    .status(1)
    .stderr_has(&["Geen enkele woning kon worden ingepland"]);
    let mut wb = calamine::open_workbook_auto(&plan).expect("reasons workbook");
    use calamine::Reader;
    let rows = wb.worksheet_range("Niet ingepland").expect("sheet");
    let reasons: Vec<String> = rows
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .filter(|c| c.contains("bij een budget van"))
        .collect();
    assert!(!reasons.is_empty(), "no reasons");
    for r in &reasons {
        assert!(r.contains("bij een budget van € 1.000"), "{r}");
        // The start that falls least short: the first month of the cheapest year, before
        // escalation (2024), not whichever start was tried last.
        assert!(
            r.contains("past bij geen startmaand; het kleinste tekort: start 2024-01 kost in 2024"),
            "{r}"
        );
        let digits_after_euro = r
            .split("€ ")
            .skip(1)
            .all(|part| part.chars().take_while(char::is_ascii_digit).count() <= 3);
        assert!(digits_after_euro, "{r}");
    }
}

#[test]
fn template_over_an_open_or_read_only_file_is_refused_with_exit_1() {
    let dir = tempdir();
    let d = dir.path();
    let target = d.join("sjabloon.xlsx");
    fs::write(&target, b"eigen werk").expect("write");
    fs::write(d.join("~$sjabloon.xlsx"), b"").expect("lock");
    retrofit(d, &["template", "-o", "sjabloon.xlsx"])
        .status(1)
        .stderr_has(&["sjabloon.xlsx", "geopend"]);
    assert_eq!(fs::read(&target).expect("read"), b"eigen werk");
    retrofit(d, &["template", "-o", "geen/map/sjabloon.xlsx"])
        .status(1)
        .stderr_has(&["bestaat niet"]);
}

#[test]
fn generate_and_bench_counts_out_of_range_are_refused() {
    let dir = tempdir();
    let d = dir.path();
    for args in [
        &[
            "generate",
            "--woningen",
            "18446744073709551615",
            "--output",
            "x.csv",
        ][..],
        &[
            "generate",
            "--woningen",
            "5",
            "--corporaties",
            "18446744073709551615",
            "--output",
            "x.csv",
        ],
        &[
            "generate",
            "--woningen",
            "5",
            "--corporaties",
            "10",
            "--output",
            "x.csv",
        ],
        &["bench", "--woningen", "99999999999", "--herhalingen", "1"],
        &["bench", "--herhalingen", "0"],
        &[
            "bench",
            "--woningen",
            "3000,200",
            "--corporaties",
            "500",
            "--herhalingen",
            "1",
        ],
    ] {
        let run = retrofit(d, args);
        run.status(1);
        assert!(
            run.stderr.contains("--woningen")
                || run.stderr.contains("--corporaties")
                || run.stderr.contains("--herhalingen"),
            "{}",
            run.shown()
        );
    }
    assert!(names_in(d).is_empty(), "{:?}", names_in(d));
}

#[test]
fn a_table_directory_never_overwrites_the_stock_inside_it() {
    let dir = tempdir();
    let d = dir.path();
    let lists = d.join("lijsten");
    fs::create_dir(&lists).expect("mkdir");
    let stock = lists.join("planning.csv");
    fs::copy(fixture("stock.csv"), &stock).expect("copy");
    let before = fs::read(&stock).expect("read");
    retrofit(
        d,
        &plan_args(&stock, &d.join("p.xlsx"), &["--csv", "lijsten"]),
    )
    .status(1)
    .stderr_has(&["invoerbestand"]);
    assert_eq!(fs::read(&stock).expect("read"), before, "stock overwritten");
    assert_eq!(names_in(d), vec!["lijsten".to_string()]);
}

#[test]
#[cfg(unix)]
fn a_pipe_as_stock_is_refused_not_waited_on() {
    let dir = tempdir();
    let fifo = dir.path().join("bezit.csv");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo not available; skipped");
        return;
    }
    retrofit(dir.path(), &[OsStr::new("check"), fifo.as_os_str()])
        .status(1)
        .stderr_has(&["geen gewoon bestand"]);
}

#[test]
fn a_timestamp_with_a_fixed_offset_gives_the_local_date() {
    let stock = read_ok(&fixture("hostile_offset_permit.parquet"));
    assert_eq!(
        stock.homes[0].permit_date,
        chrono::NaiveDate::from_ymd_opt(2024, 9, 1)
    );
}

#[test]
fn a_formula_whose_result_is_empty_text_reads_as_empty() {
    // Excel stores =ALS(...;"";...) with its result, empty text: a value, not a formula
    // without one.
    let stock = read_ok(&fixture("hostile_empty_text_result.xlsx"));
    assert_eq!(stock.homes.len(), 1);
    assert_eq!(stock.homes[0].strategy, None);
}

#[test]
fn a_workbook_output_needs_the_xlsx_extension() {
    let dir = tempdir();
    let d = dir.path();
    for (flag, name) in [
        ("-o", "plan.csv"),
        ("-o", "plan"),
        ("--gemeente", "gemeente.xls"),
    ] {
        let mut args = vec!["plan", "--quiet"];
        let good = fixture("good.xlsx");
        let good = good.to_str().expect("utf-8 path");
        args.push(good);
        if flag != "-o" {
            args.extend(["-o", "p.xlsx"]);
        }
        args.extend([flag, name]);
        retrofit(d, &args).status(1).stderr_has(&[name, ".xlsx"]);
        assert!(names_in(d).is_empty(), "{flag} {name}: {:?}", names_in(d));
    }
}

/// A folder given as the stock is called a folder, not a file without an extension (helper 88).
#[test]
fn a_folder_as_the_stock_is_called_a_folder() {
    let dir = tempdir();
    let d = dir.path();
    fs::create_dir(d.join("bezit")).expect("mkdir");
    for command in ["check", "plan"] {
        retrofit(d, &[command, "bezit"])
            .status(1)
            .stderr_has(&["bezit", "dit is een map, geen bestand"]);
    }
}
