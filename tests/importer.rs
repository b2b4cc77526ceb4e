//! Importer tests: good and broken fixture files, each asserting the message and its cell.
//!
//! The `.xlsx`, `.xls`, `.ods` and `.csv` fixtures come from `tests/fixtures/make_fixtures.py`
//! (openpyxl, xlwt, a hand-built OpenDocument package); parquet files and the NTA 8800 stock are
//! written here into a temp dir.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use polars::prelude::*;
use rust_xlsxwriter::Workbook;
use sha2::{Digest, Sha256};

use retrofit::input::{
    check_report, homes_frame, problems_report, read_stock, InputError, Problem, ReadOptions,
    Severity, Stock,
};
use retrofit::output::template::write_template;
use retrofit::stock::{HomeType, Label, Monument, Strategy, WorkStatus};

/// A file of `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

fn read(path: &Path) -> Result<Stock, InputError> {
    read_stock(path, &ReadOptions::default())
}

fn read_ok(name: &str) -> Stock {
    match read(&fixture(name)) {
        Ok(stock) => stock,
        Err(InputError::Invalid { problems, .. }) => {
            panic!(
                "{name}: unexpected problems:\n{}",
                problems_report(&problems)
            )
        }
        Err(e) => panic!("{name}: {e}"),
    }
}

fn invalid(path: &Path) -> Vec<Problem> {
    match read(path) {
        Err(InputError::Invalid { problems, .. }) => problems,
        Err(e) => panic!("{}: expected Invalid, got {e}", path.display()),
        Ok(stock) => panic!(
            "{}: expected Invalid, got {} homes",
            path.display(),
            stock.homes.len()
        ),
    }
}

fn unreadable(path: &Path) -> String {
    match read(path) {
        Err(InputError::Unreadable { reason, .. }) => reason,
        Err(e) => panic!("{}: expected Unreadable, got {e}", path.display()),
        Ok(_) => panic!("{}: expected Unreadable, read fine", path.display()),
    }
}

/// The one problem at `location` with `severity`, containing every fragment.
fn assert_problem(problems: &[Problem], severity: Severity, location: &str, fragments: &[&str]) {
    let found: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.location == location && p.severity == severity)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one {severity:?} at {location}, got:\n{}",
        problems_report(problems)
    );
    for f in fragments {
        assert!(
            found[0].message.contains(f),
            "{location}: message {:?} lacks {f:?}",
            found[0].message
        );
    }
}

fn errors(problems: &[Problem]) -> Vec<&Problem> {
    problems.iter().filter(|p| p.is_error()).collect()
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

// ---------------------------------------------------------------- good files

#[test]
fn good_stock_reads_every_field() {
    let stock = read_ok("good.xlsx");
    assert!(stock.warnings.is_empty(), "{:?}", stock.warnings);
    assert_eq!(stock.homes.len(), 8);
    assert_eq!(stock.rows_read, 8);
    assert!(stock.skipped.is_empty());
    assert_eq!(stock.source.sheet, "Woningen");
    assert_eq!(stock.source.file_name, "good.xlsx");
    let bytes = std::fs::read(fixture("good.xlsx")).expect("fixture");
    let expected: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(stock.source.sha256, expected);

    let h = |vhe: &str| {
        stock
            .homes
            .iter()
            .find(|h| h.vhe == vhe)
            .unwrap_or_else(|| panic!("vhe {vhe} missing"))
    };
    let first = h("2001");
    assert_eq!(first.source.to_string(), "Woningen!2");
    assert_eq!(first.complex, "C10");
    assert_eq!(first.block.as_deref(), Some("1"));
    assert_eq!(first.address(), "Kerkstraat 1");
    assert_eq!(first.postcode.as_deref(), Some("1234 AB"));
    assert_eq!(first.home_type, HomeType::Egw);
    assert_eq!(first.build_year, Some(1962));
    assert_eq!(first.area_m2, 92.5);
    assert_eq!(first.label, Label::E);
    assert_eq!(first.ep2_kwh_m2, Some(320.0));
    assert_eq!(first.strategy, Some(Strategy::Operate));
    assert_eq!(first.maintenance_year, Some(2027));
    assert_eq!(first.corporation, "");

    let second = h("2002");
    assert_eq!(second.address(), "Kerkstraat 3a");
    assert!(second.pepper_potted);
    assert_eq!(second.private_in_block, Some(4));
    assert_eq!(second.species, vec!["vleermuis", "gierzwaluw"]);
    assert_eq!(second.permit_date, date(2024, 9, 1));

    assert_eq!(h("2003").monument, Monument::National);
    let fourth = h("2004");
    assert_eq!(fourth.strategy, Some(Strategy::MaybeDemolish));
    assert_eq!(fourth.demolition_year, Some(2027));
    assert_eq!(fourth.permit_date, date(2025, 3, 15));
    assert_eq!(fourth.species, vec!["huismus"]);
    assert_eq!(fourth.ep2_kwh_m2, None);
    assert_eq!(h("2005").strategy, Some(Strategy::Sell));
    assert_eq!(h("2006").monument, Monument::Municipal);
    assert_eq!(h("2006").status, Some(WorkStatus::InspectedSufficient));
    assert_eq!(h("2007").status, Some(WorkStatus::InProgress));
    assert_eq!(h("2007").species, vec!["vleermuis"]);
    assert_eq!(h("2008").status, Some(WorkStatus::Done));
    assert_eq!(h("2008").label, Label::A);

    let budgets: Vec<(i32, f64, &str)> = stock
        .budgets
        .iter()
        .map(|b| (b.year, b.value, b.location.as_str()))
        .collect();
    assert_eq!(
        budgets,
        vec![
            (2024, 1_500_000.0, "Budget!B2"),
            (2025, 2_000_000.0, "Budget!B3"),
            (2026, 2_000_000.0, "Budget!B4")
        ]
    );
    let capacities: Vec<(i32, f64, &str)> = stock
        .capacities
        .iter()
        .map(|b| (b.year, b.value, b.location.as_str()))
        .collect();
    assert_eq!(
        capacities,
        vec![
            (2024, 6.0, "Capaciteit!B2"),
            (2025, 8.5, "Capaciteit!B3"),
            (2026, 8.0, "Capaciteit!B4")
        ]
    );
}

#[test]
fn foreign_stock_with_titles_and_synonyms_reads_without_problems() {
    let stock = read_ok("foreign.xlsx");
    assert!(stock.warnings.is_empty(), "{:?}", stock.warnings);
    assert_eq!(stock.source.sheet, "Blad1");
    let got: Vec<(&str, &str, HomeType, Label)> = stock
        .homes
        .iter()
        .map(|h| (h.vhe.as_str(), h.complex.as_str(), h.home_type, h.label))
        .collect();
    assert_eq!(
        got,
        vec![
            ("30001", "0456", HomeType::Egw, Label::E),
            ("30002", "0456", HomeType::Egw, Label::E),
            ("30003", "0457", HomeType::Mgw, Label::F),
            ("30004", "0457", HomeType::Mgw, Label::G),
            ("30005", "0458", HomeType::Mgw, Label::B),
        ]
    );
    assert_eq!(stock.homes[0].source.to_string(), "Blad1!4");
    assert_eq!(stock.homes[1].area_m2, 86.5);
    assert_eq!(stock.homes[1].house_number, Some(3));
    assert_eq!(stock.homes[1].city.as_deref(), Some("Eindhoven"));
    assert!(stock.homes[1].pepper_potted);
    assert_eq!(stock.homes[3].monument, Monument::National);
    assert_eq!(stock.homes[0].build_year, Some(1958));
}

#[test]
fn homes_sheet_is_found_by_name_in_any_case_and_offset_cells_keep_their_place() {
    // Sheet order Info, WONINGEN; the table starts at B3 below an empty first row and column.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("verschoven.xlsx");
    let mut wb = Workbook::new();
    let info = wb.add_worksheet();
    info.set_name("Info").expect("name");
    info.write_string(0, 0, "geen woningen hier")
        .expect("write");
    let ws = wb.add_worksheet();
    ws.set_name("WONINGEN").expect("name");
    ws.write_string(1, 2, "Overzicht woningen").expect("title");
    for (j, h) in ["VHE", "Complex", "Woning-type", "GBO (m²)", "Energielabel"]
        .iter()
        .enumerate()
    {
        ws.write_string(2, 1 + j as u16, *h).expect("header");
    }
    let rows = [
        ["1", "C1", "EGW", "80", "E"],
        ["2", "C1", "EGW", "nul", "F"],
    ];
    for (i, row) in rows.iter().enumerate() {
        for (j, v) in row.iter().enumerate() {
            let (r, c) = (3 + i as u32, 1 + j as u16);
            match v.parse::<f64>() {
                Ok(n) if j == 3 => ws.write_number(r, c, n).map(|_| ()),
                _ => ws.write_string(r, c, *v).map(|_| ()),
            }
            .expect("cell");
        }
    }
    wb.save(&path).expect("save");
    let problems = invalid(&path);
    assert_eq!(errors(&problems).len(), 1, "{}", problems_report(&problems));
    assert_problem(
        &problems,
        Severity::Error,
        "WONINGEN!E5",
        &["gbo_m2: 'nul' is geen getal"],
    );
}

#[test]
fn label_follows_from_ep2_when_only_ep2_is_given() {
    let stock = read_ok("ep2_only.xlsx");
    assert!(stock.warnings.is_empty(), "{:?}", stock.warnings);
    let labels: Vec<Label> = stock.homes.iter().map(|h| h.label).collect();
    assert_eq!(labels, vec![Label::E, Label::F, Label::G]);
}

#[test]
fn blank_rows_are_skipped_silently() {
    let stock = read_ok("blank_rows.xlsx");
    assert!(stock.warnings.is_empty(), "{:?}", stock.warnings);
    assert_eq!(stock.rows_read, 3);
    let rows: Vec<u32> = stock.homes.iter().map(|h| h.source.row).collect();
    assert_eq!(rows, vec![2, 4, 7]);
}

// ---------------------------------------------------------------- errors

#[test]
fn missing_required_column_is_named() {
    let problems = invalid(&fixture("err_missing_column.xlsx"));
    assert_eq!(errors(&problems).len(), 1, "{}", problems_report(&problems));
    assert_problem(
        &problems,
        Severity::Error,
        "Woningen, kolom gbo_m2",
        &["verplichte kolom 'gbo_m2' ontbreekt"],
    );
}

#[test]
fn missing_label_and_ep2_columns_is_named() {
    let problems = invalid(&fixture("err_missing_label_column.xlsx"));
    assert_eq!(errors(&problems).len(), 1, "{}", problems_report(&problems));
    assert_problem(
        &problems,
        Severity::Error,
        "Woningen, kolom energielabel",
        &["'energielabel' ontbreekt", "geen kolom ep2"],
    );
}

#[test]
fn unknown_label() {
    let problems = invalid(&fixture("err_unknown_label.xlsx"));
    assert_eq!(errors(&problems).len(), 1);
    assert_problem(
        &problems,
        Severity::Error,
        "Woningen!E3",
        &["energielabel", "onbekend energielabel 'H'", "A++++", "G"],
    );
}

#[test]
fn unknown_home_type() {
    let problems = invalid(&fixture("err_unknown_woningtype.xlsx"));
    assert_eq!(errors(&problems).len(), 1);
    assert_problem(
        &problems,
        Severity::Error,
        "Woningen!C4",
        &["onbekend woningtype 'woonboot'", "EGW", "MGW"],
    );
}

#[test]
fn area_must_be_positive() {
    let problems = invalid(&fixture("err_area_not_positive.xlsx"));
    assert_eq!(errors(&problems).len(), 2);
    assert_problem(
        &problems,
        Severity::Error,
        "Woningen!D2",
        &["gbo_m2", "groter dan 0", "niet 0"],
    );
    assert_problem(&problems, Severity::Error, "Woningen!D3", &["niet -5"]);
}

#[test]
fn area_must_be_a_number() {
    let problems = invalid(&fixture("err_area_not_numeric.xlsx"));
    assert_eq!(errors(&problems).len(), 1);
    assert_problem(
        &problems,
        Severity::Error,
        "Woningen!D4",
        &["gbo_m2: 'groot' is geen getal"],
    );
}

#[test]
fn empty_vhe() {
    let problems = invalid(&fixture("err_empty_vhe.xlsx"));
    assert_eq!(errors(&problems).len(), 1);
    assert_problem(
        &problems,
        Severity::Error,
        "Woningen!A3",
        &["vhe: ontbreekt"],
    );
}

#[test]
fn duplicate_vhe_names_both_cells() {
    let problems = invalid(&fixture("err_duplicate_vhe.xlsx"));
    assert_eq!(errors(&problems).len(), 1);
    assert_problem(
        &problems,
        Severity::Error,
        "Woningen!A5",
        &["'1001' komt dubbel voor", "Woningen!A2"],
    );
}

#[test]
fn negative_ep2() {
    let problems = invalid(&fixture("err_negative_ep2.xlsx"));
    assert_eq!(errors(&problems).len(), 1);
    assert_problem(
        &problems,
        Severity::Error,
        "Woningen!F2",
        &["ep2", "0 of meer", "niet -3"],
    );
}

#[test]
fn no_label_and_no_ep2_in_a_row() {
    let problems = invalid(&fixture("err_label_and_ep2_empty.xlsx"));
    assert_eq!(errors(&problems).len(), 1);
    assert_problem(
        &problems,
        Severity::Error,
        "Woningen!E3",
        &["energielabel", "ontbreekt", "geen ep2"],
    );
}

/// Two homes at one address (street, number, addition, place) get a warning at the later
/// one's street cell naming the first; another addition or number is another address, and a
/// postcode that differs does not make one (helper 104: two homes at "Nieuwe Rijt 1").
#[test]
fn two_homes_at_one_address_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("adressen.csv");
    std::fs::write(
        &path,
        "vhe;complex;woningtype;gbo_m2;energielabel;straat;huisnummer;toevoeging;postcode;plaats\n\
         V1;C1;EGW;80;F;Nieuwe Rijt;1;;5000 AA;Tilburg\n\
         V2;C1;EGW;80;F;Nieuwe Rijt;1;;5000 AB;Tilburg\n\
         V3;C1;EGW;80;F;Nieuwe Rijt;1;A;5000 AA;Tilburg\n\
         V4;C1;EGW;80;F;Nieuwe Rijt;3;;5000 AA;Tilburg\n\
         V5;C1;EGW;80;F;nieuwe rijt ;1;;5000 AA;Tilburg\n",
    )
    .unwrap();
    let stock = read(&path).expect("reads");
    assert_eq!(stock.homes.len(), 5, "no home is dropped");
    let said: Vec<String> = stock
        .warnings
        .iter()
        .filter(|w| w.to_string().contains("adres:"))
        .map(|w| w.to_string())
        .collect();
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(said[0].contains("adressen.csv!F3"), "{said:?}");
    assert!(
        said[0].contains("vhe V2 heeft hetzelfde adres als vhe V1 (adressen.csv!F2)"),
        "{said:?}"
    );
    assert!(
        said[1].contains("vhe V5 heeft hetzelfde adres als vhe V1"),
        "{said:?}"
    );
}

/// Without a label column, a home without EP2 is named at its EP2 cell, and the message says
/// the column is missing rather than that the (absent) label cell is empty.
#[test]
fn an_empty_ep2_without_a_label_column_names_the_missing_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("zonderlabel.csv");
    std::fs::write(
        &path,
        "vhe;complex;woningtype;gbo_m2;ep2\nV1;C1;EGW;80;310\nV2;C1;EGW;80;\n",
    )
    .unwrap();
    let problems = invalid(&path);
    assert_eq!(errors(&problems).len(), 1, "{}", problems_report(&problems));
    assert_problem(
        &problems,
        Severity::Error,
        "zonderlabel.csv!E3",
        &["ep2: leeg", "geen kolom energielabel"],
    );
}

#[test]
fn unparsable_optional_values_are_all_reported() {
    let problems = invalid(&fixture("err_optional_values.xlsx"));
    assert_eq!(errors(&problems).len(), 6, "{}", problems_report(&problems));
    // The build year is not used in planning: its unreadable value is a warning, and the home
    // is read without it (helper 103: `1965-1970` kept a home out of the plan).
    assert_problem(
        &problems,
        Severity::Warning,
        "Woningen!G2",
        &[
            "bouwjaar",
            "'negentien' is geen jaartal",
            "telt niet mee in de planning",
        ],
    );
    let expected: [(&str, &[&str]); 6] = [
        (
            "Woningen!H3",
            &["ff_vergunning", "'31-02-2024' is geen bestaande datum"],
        ),
        (
            "Woningen!I4",
            &["gespikkeld", "'misschien' is geen ja of nee"],
        ),
        (
            "Woningen!J2",
            &["monument", "onbekende monumentstatus 'half'"],
        ),
        (
            "Woningen!K3",
            &["strategie", "onbekende strategie 'afwachten'"],
        ),
        ("Woningen!L4", &["particulier_in_blok", "0 of meer"]),
        ("Woningen!M2", &["status", "onbekende status 'gepland'"]),
    ];
    for (loc, fragments) in expected {
        assert_problem(&problems, Severity::Error, loc, fragments);
    }
}

#[test]
fn no_homes_at_all() {
    let problems = invalid(&fixture("err_no_homes.xlsx"));
    assert_eq!(errors(&problems).len(), 1);
    assert_problem(
        &problems,
        Severity::Error,
        "Woningen",
        &["geen woningen gevonden"],
    );
}

#[test]
fn budget_and_capacity_sheets_are_checked_by_cell() {
    let problems = invalid(&fixture("err_budget_sheet.xlsx"));
    assert_eq!(errors(&problems).len(), 4, "{}", problems_report(&problems));
    assert_problem(
        &problems,
        Severity::Error,
        "Budget!A3",
        &["jaar", "'twintig' is geen jaartal"],
    );
    assert_problem(
        &problems,
        Severity::Error,
        "Budget!B4",
        &["budget_eur", "0 of meer"],
    );
    assert_problem(
        &problems,
        Severity::Error,
        "Budget!A5",
        &["2024 staat dubbel", "Budget!A2"],
    );
    assert_problem(
        &problems,
        Severity::Error,
        "Capaciteit!B2",
        &["woningen_per_maand", "'veel' is geen getal"],
    );
}

#[test]
fn a_row_with_only_a_remark_is_not_dropped() {
    // One error, at the remark, rather than one for every column the row lacks.
    let problems = invalid(&fixture("err_row_with_only_remark.xlsx"));
    let at_row: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.is_error() && p.location.ends_with('3'))
        .collect();
    assert_eq!(at_row.len(), 1, "{}", problems_report(&problems));
    assert_eq!(at_row[0].location, "Woningen!G3");
    assert!(
        at_row[0].message.starts_with(
            "deze rij heeft alleen 'nog opvragen' en niets in de kolommen die retrofit leest (vhe, complex,"
        ),
        "{}",
        at_row[0].message
    );
}

/// A permit date without a species: a warning at the date, which still holds the work.
#[test]
fn a_permit_date_without_a_species_is_warned() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vergunning.csv");
    std::fs::write(
        &path,
        "vhe;complex;woningtype;gbo_m2;energielabel;ff_soorten;ff_vergunning\nV1;C1;EGW;80;F;;01-06-2026\nV2;C1;EGW;80;G;vleermuis;01-06-2026\n",
    )
    .unwrap();
    let stock = read(&path).expect("reads");
    assert_problem(
        &stock.warnings,
        Severity::Warning,
        "vergunning.csv!G2",
        &["ff_vergunning 01-06-2026 is ingevuld, maar ff_soorten niet"],
    );
    assert!(!stock.warnings.iter().any(|w| w.location.ends_with("G3")));
}

/// `particulier_in_blok` is the block's count: a home of the block that gives another count is
/// warned about at its cell, once per block; another block, or a complex, may have its own, and
/// a home not pepper-potted may say 0.
#[test]
fn a_block_whose_homes_give_different_private_counts_is_warned() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blok.csv");
    std::fs::write(
        &path,
        "vhe;complex;blok;woningtype;gbo_m2;energielabel;gespikkeld;particulier_in_blok\n\
         V1;C1;B1;MGW;60;F;ja;10\nV2;C1;B1;MGW;60;F;ja;10\nV3;C1;B1;MGW;60;F;ja;14\n\
         V4;C1;B1;MGW;60;F;ja;12\nV5;C1;B2;MGW;60;F;ja;3\nV6;C2;;MGW;60;F;ja;7\nV7;C2;;MGW;60;F;ja;7\n\
         V8;C2;;MGW;60;F;nee;0\n",
    )
    .unwrap();
    let stock = read(&path).expect("reads");
    assert_problem(
        &stock.warnings,
        Severity::Warning,
        "blok.csv!H4",
        &["particulier_in_blok: blok B1 van complex C1 heeft 10 bij de eerste woning (blok.csv!H2) en hier 14"],
    );
    let said: Vec<&str> = stock
        .warnings
        .iter()
        .filter(|w| w.message.contains("particulier_in_blok"))
        .map(|w| w.location.as_str())
        .collect();
    assert_eq!(said, ["blok.csv!H4"]);
}

/// A total under the years of `Budget` or `Capaciteit` is no year, nor is a row of units under
/// its header: a warning each, as under the homes, and the years are read (helper 97: an error
/// there, a warning under the homes).
#[test]
fn a_total_row_under_the_years_is_left_out_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("budget-totaal.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Woningen").unwrap();
    for (j, h) in ["vhe", "complex", "woningtype", "gbo_m2", "energielabel"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, j as u16, *h).unwrap();
        ws.write_string(1, j as u16, ["V1", "C1", "EGW", "80", "F"][j])
            .unwrap();
    }
    // Each with a row of units under its header (helper 102: an error in `Budget`).
    for (name, value, unit, total) in [
        ("Budget", "budget_eur", "(€)", 3_000_000.0),
        (
            "Capaciteit",
            "woningen_per_maand",
            "[woningen per maand]",
            40.0,
        ),
    ] {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        ws.write_string(0, 0, "jaar").unwrap();
        ws.write_string(0, 1, value).unwrap();
        ws.write_string(1, 1, unit).unwrap();
        for (i, y) in [2024, 2025].iter().enumerate() {
            ws.write_number(2 + i as u32, 0, f64::from(*y)).unwrap();
            ws.write_number(2 + i as u32, 1, total / 2.0).unwrap();
        }
        ws.write_string(4, 0, "Totaal").unwrap();
        ws.write_number(4, 1, total).unwrap();
    }
    wb.save(&path).unwrap();
    let stock = read(&path).expect("reads");
    for (sheet, unit) in [("Budget", "(€)"), ("Capaciteit", "[woningen per maand]")] {
        assert_problem(
            &stock.warnings,
            Severity::Warning,
            &format!("{sheet}!A5"),
            &["'Totaal' in de kolom jaar: gelezen als een totaalregel, niet als jaar"],
        );
        assert_problem(
            &stock.warnings,
            Severity::Warning,
            &format!("{sheet}!B2"),
            &[&format!(
                "rij 2 heeft geen jaar en alleen eenheden ('{unit}'): gelezen als deel van de kop, niet als jaar"
            )],
        );
    }
    let years = |figures: &[retrofit::input::YearFigure]| -> Vec<(i32, f64)> {
        figures.iter().map(|f| (f.year, f.value)).collect()
    };
    assert_eq!(
        years(&stock.budgets),
        [(2024, 1_500_000.0), (2025, 1_500_000.0)]
    );
    assert_eq!(years(&stock.capacities), [(2024, 20.0), (2025, 20.0)]);
}

/// A choice read past a doubt or a remark (`ja?`, `MGW?`, `EGW (zie opmerking)`) is taken, and
/// said at its cell so that the user sees what was taken for certain.
#[test]
fn a_doubt_or_remark_in_a_choice_is_read_and_warned() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("twijfel.csv");
    std::fs::write(
        &path,
        "vhe;complex;woningtype;gbo_m2;energielabel;monument\nV1;C1;MGW?;80;F;ja?\nV2;C1;EGW (zie opmerking);80;G;nee\n",
    )
    .unwrap();
    let stock = read(&path).expect("reads");
    for (cell, text) in [("C2", "MGW?"), ("F2", "ja?"), ("C3", "EGW (zie opmerking)")] {
        assert_problem(
            &stock.warnings,
            Severity::Warning,
            &format!("twijfel.csv!{cell}"),
            &[&format!(
                "'{text}': het vraagteken of de opmerking tussen haakjes is genegeerd"
            )],
        );
    }
    assert!(!stock
        .warnings
        .iter()
        .any(|w| w.location == "twijfel.csv!F3"));
}

/// A total under the list is no home: a warning at its text, and the homes are read.
#[test]
fn a_total_row_under_the_list_is_left_out_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("totaal.csv");
    std::fs::write(
        &path,
        "vhe;complex;woningtype;gbo_m2;energielabel;opmerking\nV1;C1;EGW;80;F;\nV2;C1;EGW;80;G;\n;;;;;Totaal: 2 woningen\nTotaal;;;160;;\n;zie notitie;;;;\n;;;240;Totaal;\n",
    )
    .unwrap();
    let problems = invalid(&path);
    // In a column not read, or in a column read with a sum beside it: no home either way.
    for (cell, text) in [
        ("F4", "Totaal: 2 woningen"),
        ("A5", "Totaal"),
        ("E7", "Totaal"),
    ] {
        assert_problem(
            &problems,
            Severity::Warning,
            &format!("totaal.csv!{cell}"),
            &[&format!(
                "'{text}' zonder energielabel of EP2: gelezen als een totaalregel, niet als woning"
            )],
        );
    }
    // A remark alone in a column read: one error for the row.
    assert_eq!(errors(&problems).len(), 1, "{}", problems_report(&problems));
    assert_problem(
        &problems,
        Severity::Error,
        "totaal.csv!B6",
        &["deze rij heeft alleen 'zie notitie' en verder niets van een woning"],
    );
}

/// One corporation however its name is capitalised or spaced; a home without its corporation
/// among homes with one is an error (it would get the whole budget as a corporation of its own).
#[test]
fn corporations_are_one_whatever_their_capitals_and_a_missing_one_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corp.csv");
    let head = "vhe;corporatie;complex;woningtype;gbo_m2;energielabel\n";
    std::fs::write(
        &path,
        format!("{head}V1;Woonbron;C1;EGW;80;F\nV2;woonbron ;C1;EGW;80;F\nV3;Woonbron;C2;EGW;80;G\nV4;WOONBRON;C2;EGW;80;G\nV5;Ymere;C3;EGW;80;G\nV6;Woon-brön;C3;EGW;80;G\nV7;Woonbrun;C4;EGW;80;F\nV8;Woonstichting 1;C5;EGW;80;F\nV9;Woonstichting 5a;C6;EGW;80;F\n"),
    )
    .unwrap();
    let stock = read(&path).expect("reads");
    let names: BTreeSet<&str> = stock.homes.iter().map(|h| h.corporation.as_str()).collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "Woonbron",
            "Woonbrun",
            "Ymere",
            "Woonstichting 1",
            "Woonstichting 5a"
        ])
    );
    // Numbered names are numbered on purpose: no near miss.
    assert!(
        !stock
            .warnings
            .iter()
            .any(|w| w.message.contains("lijkt op 'Woonstichting")),
        "{:?}",
        stock.warnings
    );
    assert_problem(
        &stock.warnings,
        Severity::Warning,
        "corp.csv!B7",
        &["corporatie 'Woon-brön' (1 woning) is gelezen als 'Woonbron'"],
    );
    // A letter apart: perhaps two corporations, so warned, not joined.
    assert_problem(
        &stock.warnings,
        Severity::Warning,
        "corp.csv!B8",
        &["corporatie 'Woonbrun' (1 woning) lijkt op 'Woonbron' (5 woningen vanaf corp.csv!B2); is dat dezelfde corporatie?"],
    );
    assert_problem(
        &stock.warnings,
        Severity::Warning,
        "corp.csv!B3",
        &["corporatie 'woonbron' (1 woning) is gelezen als 'Woonbron' (2 woningen in corp.csv!B2)"],
    );
    assert_problem(
        &stock.warnings,
        Severity::Warning,
        "corp.csv!B5",
        &["corporatie 'WOONBRON' (1 woning) is gelezen als 'Woonbron'"],
    );
    std::fs::write(
        &path,
        format!("{head}V1;Woonbron;C1;EGW;80;F\nV2;;C1;EGW;80;F\n"),
    )
    .unwrap();
    let problems = invalid(&path);
    assert_problem(
        &problems,
        Severity::Error,
        "corp.csv!B3",
        &["corporatie ontbreekt, terwijl andere woningen er een hebben (zoals 'Woonbron' in corp.csv!B2)"],
    );
}

#[test]
fn errors_come_before_warnings() {
    let problems = invalid(&fixture("err_row_with_only_remark.xlsx"));
    let first_warning = problems.iter().position(|p| !p.is_error());
    let last_error = problems.iter().rposition(Problem::is_error);
    if let (Some(w), Some(e)) = (first_warning, last_error) {
        assert!(e < w, "{}", problems_report(&problems));
    }
    let report = problems_report(&problems);
    assert!(
        report.starts_with("1 fout, 1 waarschuwing:\nWoningen!G3: fout: deze rij heeft alleen"),
        "{report}"
    );
}

// ---------------------------------------------------------------- warnings

#[test]
fn ep2_disagreeing_with_label_warns_and_keeps_label() {
    let stock = read_ok("warn_ep2_mismatch.xlsx");
    assert_eq!(stock.warnings.len(), 1, "{:?}", stock.warnings);
    assert_problem(
        &stock.warnings,
        Severity::Warning,
        "Woningen!F2",
        &[
            "EP2 270,5",
            "hoort bij label D",
            "geregistreerde energielabel is E",
            "label E wordt gebruikt",
        ],
    );
    assert_eq!(stock.homes[0].label, Label::E);
    assert_eq!(stock.homes[0].ep2_kwh_m2, Some(270.5));
}

/// A registered label and an EP2 that disagree outside E, F and G (D and C, A+ and A) change
/// nothing in the plan: no warning. One of them E, F or G: warned.
#[test]
fn ep2_disagreeing_outside_efg_is_not_warned() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("labels.csv");
    std::fs::write(
        &path,
        "vhe;complex;woningtype;gbo_m2;energielabel;ep2\nV1;C1;EGW;80;D;227,3\nV2;C1;EGW;80;A+;113\nV3;C1;EGW;80;E;150\nV4;C1;EGW;80;C;340\n",
    )
    .unwrap();
    let stock = read(&path).expect("reads");
    let at: Vec<&str> = stock.warnings.iter().map(|w| w.location.as_str()).collect();
    assert_eq!(
        at,
        ["labels.csv!F4", "labels.csv!F5"],
        "{:?}",
        stock.warnings
    );
}

#[test]
fn decimal_comma_in_text_warns() {
    let stock = read_ok("warn_decimal_comma.xlsx");
    assert_eq!(stock.warnings.len(), 1, "{:?}", stock.warnings);
    assert_problem(
        &stock.warnings,
        Severity::Warning,
        "Woningen!D2",
        &["gbo_m2", "'72,5'", "decimale komma", "gelezen als 72,5"],
    );
    assert_eq!(stock.homes[0].area_m2, 72.5);
}

#[test]
fn unknown_species_warns_and_is_kept() {
    let stock = read_ok("warn_unknown_species.xlsx");
    assert_eq!(stock.warnings.len(), 1, "{:?}", stock.warnings);
    assert_problem(
        &stock.warnings,
        Severity::Warning,
        "Woningen!G2",
        &["ff_soorten", "onbekende soort 'steenmarter'"],
    );
    assert_eq!(stock.homes[0].species, vec!["steenmarter", "vleermuis"]);
}

#[test]
fn unknown_column_warns_once() {
    let stock = read_ok("warn_unknown_column.xlsx");
    assert_eq!(stock.warnings.len(), 1, "{:?}", stock.warnings);
    assert_problem(
        &stock.warnings,
        Severity::Warning,
        "Woningen!G1",
        &["onbekende kolom 'Opmerking'"],
    );
}

// ---------------------------------------------------------------- skip_invalid_rows

fn read_skipping(name: &str) -> Result<Stock, InputError> {
    read_stock(
        &fixture(name),
        &ReadOptions {
            skip_invalid_rows: true,
        },
    )
}

#[test]
fn skip_invalid_rows_lists_each_skipped_row() {
    let stock = read_skipping("err_unknown_label.xlsx").expect("readable rows are planned");
    assert_eq!(stock.homes.len(), 2);
    assert_eq!(stock.rows_read, 3);
    assert_eq!(stock.skipped.len(), 1);
    let s = &stock.skipped[0];
    assert_eq!(s.location, "Woningen!3:3");
    assert_eq!(s.vhe.as_deref(), Some("1002"));
    assert_eq!(s.reasons.len(), 1);
    assert!(
        s.reasons[0].starts_with("Woningen!E3: fout: energielabel: onbekend energielabel 'H'"),
        "{:?}",
        s.reasons
    );

    let stock = read_skipping("err_duplicate_vhe.xlsx").expect("duplicate row skipped");
    assert_eq!(stock.homes.len(), 3);
    assert_eq!(stock.skipped.len(), 1);
    assert_eq!(stock.skipped[0].location, "Woningen!5:5");
    let report = check_report(&stock);
    assert!(report.contains("Overgeslagen rijen (1)"), "{report}");
}

#[test]
fn skip_invalid_rows_still_fails_on_file_errors() {
    assert!(matches!(
        read_skipping("err_missing_column.xlsx"),
        Err(InputError::Invalid { .. })
    ));
    assert!(matches!(
        read_skipping("err_no_homes.xlsx"),
        Err(InputError::Invalid { .. })
    ));
    assert!(matches!(
        read_skipping("truncated.xlsx"),
        Err(InputError::Unreadable { .. })
    ));
}

/// A sheet `name` with the five required headers in row 1.
fn homes_sheet<'a>(wb: &'a mut Workbook, name: &str) -> &'a mut rust_xlsxwriter::Worksheet {
    let ws = wb.add_worksheet();
    ws.set_name(name).expect("name");
    for (j, h) in ["vhe", "complex", "woningtype", "gbo_m2", "energielabel"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, j as u16, *h).expect("write");
    }
    ws
}

/// Without a sheet `Woningen`, one whose name begins with it (`Woningen 2024`) is read before
/// the first sheet (an `Info` sheet in front), and a warning says which.
#[test]
fn a_homes_sheet_named_woningen_and_more_is_found_behind_other_sheets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("met_info.xlsx");
    let mut wb = Workbook::new();
    let info = wb.add_worksheet();
    info.set_name("Info").expect("name");
    info.write_string(0, 0, "Bezit per 1 januari")
        .expect("write");
    let ws = homes_sheet(&mut wb, "Woningen 2024");
    for (j, v) in ["1", "C", "EGW", "80", "E"].iter().enumerate() {
        ws.write_string(1, j as u16, *v).expect("write");
    }
    wb.save(&path).expect("save");
    let stock = read_stock(&path, &ReadOptions::default()).expect("read");
    assert_eq!(stock.source.sheet, "Woningen 2024");
    assert_eq!(stock.homes.len(), 1);
    assert!(
        stock
            .warnings
            .iter()
            .any(|w| w.message.contains("geen blad met de naam Woningen")
                && w.message.contains("'Woningen 2024'")),
        "{:?}",
        stock.warnings
    );
}

/// Homes in hidden rows (by hand or a filter) are read like any other, with one warning that
/// names their rows (helpers 90 and 92: a user who hid homes to leave them out saw nothing).
/// A hidden row without a home is not named.
#[test]
fn homes_in_hidden_rows_are_read_and_warned_about() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("verborgen.xlsx");
    let mut wb = Workbook::new();
    let ws = homes_sheet(&mut wb, "Woningen");
    for r in 1..=4u32 {
        for (j, v) in [&r.to_string(), "C", "EGW", "80", "E"].iter().enumerate() {
            ws.write_string(r, j as u16, *v).expect("write");
        }
    }
    for hidden in [2, 4, 9] {
        ws.set_row_hidden(hidden).expect("hide");
    }
    wb.save(&path).expect("save");
    let stock = read_stock(&path, &ReadOptions::default()).expect("read");
    assert_eq!(stock.homes.len(), 4);
    let hidden: Vec<&Problem> = stock
        .warnings
        .iter()
        .filter(|w| w.message.contains("verborgen"))
        .collect();
    assert_eq!(hidden.len(), 1, "{:?}", stock.warnings);
    assert_eq!(hidden[0].location, "Woningen");
    assert!(
        hidden[0]
            .message
            .starts_with("2 woningen staan in verborgen rijen (rij 3, 5;"),
        "{}",
        hidden[0].message
    );
}

/// A complex number merged over its rows shows in every row in Excel but is stored in the first
/// only: the other rows' errors say so, with the range.
#[test]
fn an_empty_cell_in_merged_cells_says_it_is_merged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("samengevoegd.xlsx");
    let mut wb = Workbook::new();
    let ws = homes_sheet(&mut wb, "Woningen");
    for r in 1..=3u32 {
        ws.write_string(r, 0, r.to_string()).expect("write");
        for (j, v) in ["EGW", "80", "E"].iter().enumerate() {
            ws.write_string(r, 2 + j as u16, *v).expect("write");
        }
    }
    ws.merge_range(1, 1, 3, 1, "1001", &rust_xlsxwriter::Format::new())
        .expect("merge");
    wb.save(&path).expect("save");
    match read_stock(&path, &ReadOptions::default()) {
        Err(InputError::Invalid { problems, .. }) => {
            for cell in ["Woningen!B3", "Woningen!B4"] {
                assert_problem(
                    &problems,
                    Severity::Error,
                    cell,
                    &["ontbreekt", "samengevoegde cellen Woningen!B2:B4"],
                );
            }
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    // Skipped under --rijen-overslaan, the rows' reasons say it too (helper 82).
    let stock = read_stock(
        &path,
        &ReadOptions {
            skip_invalid_rows: true,
        },
    )
    .expect("the first row reads");
    assert_eq!(stock.skipped.len(), 2, "{:?}", stock.skipped);
    for s in &stock.skipped {
        assert!(
            s.reasons
                .iter()
                .any(|r| r.contains("samengevoegde cellen Woningen!B2:B4")),
            "{s:?}"
        );
    }
}

/// A value merged over the rows of an optional column (`strategie` = sloop over a complex)
/// excluded only the first home, and the others were planned without a word (helper 97): now
/// an error, once per range, also under --rijen-overslaan; merged empty cells and a merged
/// title above the header are fine. A header merged over a column with values hides that
/// column: an error at the header, first.
/// A row of units under the header (`(m²)`, `kWh/m²`), the other header cells merged down
/// over it, is read as part of the header with one warning, not as a home with an error for
/// every column (helper 99). A row with a vhe is a home, whatever else it holds.
#[test]
fn a_row_of_units_under_the_header_is_part_of_the_header() {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |name: &str, vhe_in_units_row: Option<&str>| {
        let path = dir.path().join(name);
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Woningen").expect("name");
        let headers = [
            "vhe",
            "complex",
            "woningtype",
            "gbo_m2",
            "energielabel",
            "ep2",
        ];
        let units = [
            None,
            Some("tekst"),
            None,
            Some("(m²)"),
            None,
            Some("kWh/m²"),
        ];
        for (j, (h, unit)) in headers.iter().zip(units).enumerate() {
            let j = j as u16;
            match (unit, j == 0 && vhe_in_units_row.is_some()) {
                (Some(u), _) => {
                    ws.write_string(0, j, *h).expect("write");
                    ws.write_string(1, j, u).expect("write");
                }
                (None, true) => {
                    ws.write_string(0, j, *h).expect("write");
                    ws.write_string(1, j, vhe_in_units_row.unwrap())
                        .expect("write");
                }
                (None, false) => {
                    ws.merge_range(0, j, 1, j, h, &rust_xlsxwriter::Format::new())
                        .expect("merge");
                }
            }
        }
        for r in 2..=4u32 {
            ws.write_string(r, 0, format!("V{r}")).expect("write");
            for (j, v) in ["1001", "EGW", "80", "E", "300"].iter().enumerate() {
                ws.write_string(r, 1 + j as u16, *v).expect("write");
            }
        }
        wb.save(&path).expect("save");
        path
    };
    let stock = read_stock(&write("eenheden.xlsx", None), &ReadOptions::default())
        .expect("the units row is no home");
    assert_eq!(stock.homes.len(), 3);
    assert_problem(
        &stock.warnings,
        Severity::Warning,
        "Woningen!B2",
        &["rij 2 heeft geen vhe en alleen eenheden ('tekst', '(m²)', 'kWh/m²'): gelezen als deel van de kop, niet als woning"],
    );
    // With a vhe, the row is a home, and its units are errors at their cells.
    match read_stock(&write("met-vhe.xlsx", Some("V1")), &ReadOptions::default()) {
        Err(InputError::Invalid { problems, .. }) => {
            assert!(
                problems
                    .iter()
                    .any(|p| p.is_error() && p.location == "Woningen!D2"),
                "{problems:?}"
            );
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn a_value_merged_over_an_optional_column_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |name: &str, merge_header: bool, value: &str| {
        let path = dir.path().join(name);
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Woningen").expect("name");
        ws.merge_range(0, 0, 0, 5, "Bezit 2027", &rust_xlsxwriter::Format::new())
            .expect("title");
        for (j, h) in [
            "vhe",
            "complex",
            "woningtype",
            "gbo_m2",
            "energielabel",
            "strategie",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(1, j as u16, *h).expect("write");
        }
        for r in 2..=5u32 {
            ws.write_string(r, 0, r.to_string()).expect("write");
            for (j, v) in ["1001", "EGW", "80", "E"].iter().enumerate() {
                ws.write_string(r, 1 + j as u16, *v).expect("write");
            }
        }
        ws.merge_range(2, 5, 5, 5, value, &rust_xlsxwriter::Format::new())
            .expect("merge");
        if merge_header {
            ws.merge_range(1, 3, 1, 4, "gbo_m2", &rust_xlsxwriter::Format::new())
                .expect("merge header");
        }
        wb.save(&path).expect("save");
        path
    };
    for skip in [false, true] {
        let options = ReadOptions {
            skip_invalid_rows: skip,
        };
        match read_stock(&write("sloop.xlsx", false, "sloop"), &options) {
            Err(InputError::Invalid { problems, .. }) => {
                let errors: Vec<&Problem> = problems.iter().filter(|p| p.is_error()).collect();
                assert_eq!(errors.len(), 1, "{errors:?}");
                assert_problem(
                    &problems,
                    Severity::Error,
                    "Woningen!F4",
                    &[
                        "strategie: de cellen Woningen!F3:F6 zijn samengevoegd: alleen de eerste, F3, heeft de waarde 'sloop'",
                        "de andere 3 cellen lezen als leeg: maak de samenvoeging ongedaan en vul de waarde in elke rij in",
                    ],
                );
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
    }
    // Refused under --rijen-overslaan as well, the rows it would have skipped are said too
    // (helper 99: `plan --rijen-overslaan` said half the errors `check` said).
    let path = write("sloop-en-fout.xlsx", false, "sloop");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Woningen").expect("name");
    for (j, h) in [
        "vhe",
        "complex",
        "woningtype",
        "gbo_m2",
        "energielabel",
        "strategie",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, j as u16, *h).expect("write");
    }
    for r in 1..=4u32 {
        ws.write_string(r, 0, r.to_string()).expect("write");
        // The last row without its complex.
        let complex = if r == 4 { "" } else { "1001" };
        for (j, v) in [complex, "EGW", "80", "E"].iter().enumerate() {
            ws.write_string(r, 1 + j as u16, *v).expect("write");
        }
    }
    ws.merge_range(1, 5, 3, 5, "sloop", &rust_xlsxwriter::Format::new())
        .expect("merge");
    book.save(&path).expect("save");
    match read_stock(
        &path,
        &ReadOptions {
            skip_invalid_rows: true,
        },
    ) {
        Err(InputError::Invalid { problems, .. }) => {
            assert_problem(&problems, Severity::Error, "Woningen!F3", &["samengevoegd"]);
            assert_problem(
                &problems,
                Severity::Error,
                "Woningen!B5",
                &["complex", "ontbreekt"],
            );
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    // Empty cells merged: nothing shows, nothing is lost.
    let stock = read_stock(&write("leeg.xlsx", false, ""), &ReadOptions::default())
        .expect("merged empty cells read");
    assert_eq!(stock.homes.len(), 4);
    // The header: first, at its cell, naming the column it hides.
    match read_stock(&write("kop.xlsx", true, ""), &ReadOptions::default()) {
        Err(InputError::Invalid { problems, .. }) => {
            assert_eq!(problems[0].location, "Woningen!D2", "{problems:?}");
            assert!(
                problems[0].message.starts_with(
                    "kop: de cellen Woningen!D2:E2 zijn samengevoegd, dus alleen kolom D heeft een kop ('gbo_m2'); kolom E heeft zo geen kop en wordt niet gelezen"
                ),
                "{}",
                problems[0].message
            );
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn skip_invalid_rows_with_every_row_broken_fails() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("alles_fout.xlsx");
    let mut wb = Workbook::new();
    let ws = homes_sheet(&mut wb, "Woningen");
    ws.write_string(1, 0, "1").expect("write");
    ws.write_string(1, 1, "C").expect("write");
    ws.write_string(1, 2, "EGW").expect("write");
    ws.write_number(1, 3, -1.0).expect("write");
    ws.write_string(1, 4, "E").expect("write");
    wb.save(&path).expect("save");
    match read_stock(
        &path,
        &ReadOptions {
            skip_invalid_rows: true,
        },
    ) {
        Err(InputError::Invalid { problems, .. }) => {
            assert_problem(
                &problems,
                Severity::Error,
                "Woningen",
                &["geen enkele woning"],
            );
            // Each cell's error once, at its cell (not again under the row's location).
            assert_problem(&problems, Severity::Error, "Woningen!D2", &["gbo_m2"]);
            assert!(
                problems.iter().all(|p| !p.message.contains("fout:")),
                "{problems:?}"
            );
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

// ---------------------------------------------------------------- other formats

#[test]
fn csv_with_semicolons_and_decimal_commas() {
    let stock = read_ok("stock.csv");
    // 1.234,5 m² is read with its thousands dot, and is large enough to be asked about.
    let warned: Vec<(&str, bool)> = stock
        .warnings
        .iter()
        .map(|w| (w.location.as_str(), w.message.contains("ongewoon groot")))
        .collect();
    // Its permit dates without a species column hold the work, without a season: said once.
    assert_eq!(
        warned,
        [("stock.csv!D4", true), ("stock.csv!G2", false)],
        "{:?}",
        stock.warnings
    );
    assert!(stock.warnings[1].message.starts_with(
        "2 woningen hebben een datum in ff_vergunning, maar het blad heeft geen kolom ff_soorten"
    ));
    assert_eq!(stock.source.sheet, "stock.csv");
    assert_eq!(stock.rows_read, 3);
    let got: Vec<(&str, f64, Option<f64>, Label, u32)> = stock
        .homes
        .iter()
        .map(|h| {
            (
                h.vhe.as_str(),
                h.area_m2,
                h.ep2_kwh_m2,
                h.label,
                h.source.row,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("4001", 72.5, Some(312.5), Label::E, 3),
            ("4002", 1234.5, Some(360.0), Label::F, 4),
            ("4003", 60.0, Some(400.25), Label::G, 6),
        ]
    );
    assert_eq!(stock.homes[0].permit_date, date(2024, 9, 1));
    assert_eq!(stock.homes[2].permit_date, date(2025, 3, 15));
    assert!(stock.homes[0].pepper_potted);
    assert_eq!(stock.homes[2].home_type, HomeType::Mgw);
}

#[test]
fn csv_with_commas_and_decimal_points() {
    let stock = read_ok("stock_comma.csv");
    let areas: Vec<f64> = stock.homes.iter().map(|h| h.area_m2).collect();
    assert_eq!(areas, vec![72.5, 80.5]);
    assert_eq!(stock.homes[0].ep2_kwh_m2, Some(300.5));
}

#[test]
fn csv_errors_name_line_and_column() {
    let problems = invalid(&fixture("bad.csv"));
    assert_eq!(errors(&problems).len(), 2, "{}", problems_report(&problems));
    assert_problem(
        &problems,
        Severity::Error,
        "bad.csv!D3",
        &["'groot' is geen getal"],
    );
    assert_problem(
        &problems,
        Severity::Error,
        "bad.csv!E5",
        &["onbekend energielabel 'Q'"],
    );
}

fn write_parquet(path: &Path, area: Vec<Option<f64>>) {
    let n = area.len();
    let vhe: Vec<Option<String>> = (0..n).map(|i| Some(format!("70{i:02}"))).collect();
    let complex: Vec<Option<String>> = (0..n).map(|_| Some("C70".to_string())).collect();
    let kind: Vec<Option<String>> = (0..n).map(|_| Some("MGW".to_string())).collect();
    let label: Vec<Option<String>> = (0..n).map(|_| Some("F".to_string())).collect();
    let ep2: Vec<Option<f64>> = (0..n)
        .map(|i| if i == 0 { None } else { Some(350.0) })
        .collect();
    let mut df = DataFrame::new(
        n,
        vec![
            Column::new("vhe".into(), vhe),
            Column::new("complex".into(), complex),
            Column::new("woningtype".into(), kind),
            Column::new("gbo_m2".into(), area),
            Column::new("energielabel".into(), label),
            Column::new("ep2".into(), ep2),
        ],
    )
    .expect("frame");
    let file = std::fs::File::create(path).expect("create");
    ParquetWriter::new(file)
        .finish(&mut df)
        .expect("write parquet");
}

#[test]
fn parquet_reads_typed_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("voorraad.parquet");
    write_parquet(&path, vec![Some(70.0), Some(65.5)]);
    let stock = read(&path).expect("parquet reads");
    assert!(stock.warnings.is_empty(), "{:?}", stock.warnings);
    assert_eq!(stock.source.sheet, "voorraad.parquet");
    let got: Vec<(&str, f64, Label)> = stock
        .homes
        .iter()
        .map(|h| (h.vhe.as_str(), h.area_m2, h.label))
        .collect();
    assert_eq!(
        got,
        vec![("7000", 70.0, Label::F), ("7001", 65.5, Label::F)]
    );
    assert_eq!(stock.homes[0].source.row, 2);
}

#[test]
fn parquet_errors_name_the_cell() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("voorraad.parquet");
    write_parquet(&path, vec![Some(70.0), Some(-1.0), None]);
    let problems = invalid(&path);
    assert_eq!(errors(&problems).len(), 2, "{}", problems_report(&problems));
    assert_problem(
        &problems,
        Severity::Error,
        "voorraad.parquet!D3",
        &["groter dan 0"],
    );
    assert_problem(
        &problems,
        Severity::Error,
        "voorraad.parquet!D4",
        &["gbo_m2: ontbreekt"],
    );
}

#[test]
fn xls_and_ods_read_like_xlsx() {
    for name in ["stock.xls", "stock.ods"] {
        let stock = read_ok(name);
        // Only that its permit date holds the work without a species column.
        assert_eq!(stock.warnings.len(), 1, "{name}: {:?}", stock.warnings);
        assert!(
            stock.warnings[0].message.contains("geen kolom ff_soorten"),
            "{name}: {:?}",
            stock.warnings
        );
        let got: Vec<(&str, f64, Label)> = stock
            .homes
            .iter()
            .map(|h| (h.vhe.as_str(), h.area_m2, h.label))
            .collect();
        assert_eq!(
            got,
            vec![
                ("1001", 85.0, Label::E),
                ("1002", 90.0, Label::F),
                ("1003", 60.0, Label::G)
            ],
            "{name}"
        );
        assert_eq!(stock.homes[0].permit_date, date(2024, 9, 1), "{name}");
        assert_eq!(stock.homes[1].permit_date, None, "{name}");
    }
}

// ---------------------------------------------------------------- unreadable files

#[test]
fn truncated_workbook_is_unreadable() {
    let reason = unreadable(&fixture("truncated.xlsx"));
    assert!(reason.contains("geen leesbaar .xlsx-werkboek"), "{reason}");
}

#[test]
fn text_renamed_to_xlsx_is_unreadable() {
    let reason = unreadable(&fixture("not_a_workbook.xlsx"));
    assert!(reason.contains("geen leesbaar .xlsx-werkboek"), "{reason}");
}

#[test]
fn missing_file_is_unreadable() {
    let reason = unreadable(&fixture("bestaat_niet.xlsx"));
    assert_eq!(reason, "het bestand bestaat niet.");
    let err = read(&fixture("bestaat_niet.xlsx")).expect_err("missing");
    assert!(
        err.to_string()
            .ends_with("bestaat_niet.xlsx: het bestand bestaat niet."),
        "{err}"
    );
}

#[test]
fn wrong_extension_empty_file_and_directory_are_unreadable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docx = dir.path().join("voorraad.docx");
    std::fs::write(&docx, b"PK\x03\x04 rommel").expect("write");
    assert!(unreadable(&docx).contains("extensie .docx"));

    let empty = dir.path().join("leeg.xlsx");
    std::fs::write(&empty, b"").expect("write");
    assert!(unreadable(&empty).contains("leeg"));

    let folder = dir.path().join("map.xlsx");
    std::fs::create_dir(&folder).expect("mkdir");
    assert!(unreadable(&folder).contains("map"));
}

#[test]
fn garbage_in_any_format_never_panics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = std::fs::read(fixture("good.xlsx")).expect("fixture");
    // Cut the workbook at many lengths and flip bytes: each must give an answer, never a panic.
    for (i, cut) in [10usize, 100, 1000, 2000, 3000, 4000, 5000, 6000, 7000]
        .iter()
        .enumerate()
    {
        let mut bytes = good[..(*cut).min(good.len())].to_vec();
        if i % 2 == 1 {
            for b in bytes.iter_mut().skip(200).step_by(97) {
                *b ^= 0x5a;
            }
        }
        for ext in ["xlsx", "xls", "ods", "parquet", "csv"] {
            let path = dir.path().join(format!("kapot{i}.{ext}"));
            std::fs::write(&path, &bytes).expect("write");
            // Any result is fine as long as it is one (and not a panic).
            let _ = read(&path);
        }
    }
    let garbage = dir.path().join("rommel.parquet");
    std::fs::write(&garbage, b"dit is geen parquet").expect("write");
    assert!(unreadable(&garbage).contains("parquet"));
}

// ---------------------------------------------------------------- reference data

/// NTA 8800 class bounds, written out here independently of `Label::from_ep2`:
/// (label, lower bound exclusive, upper bound inclusive).
const NTA8800: [(&str, f64, f64); 11] = [
    ("A++++", f64::NEG_INFINITY, 0.0),
    ("A+++", 0.0, 50.0),
    ("A++", 50.0, 75.0),
    ("A+", 75.0, 105.0),
    ("A", 105.0, 160.0),
    ("B", 160.0, 190.0),
    ("C", 190.0, 250.0),
    ("D", 250.0, 290.0),
    ("E", 290.0, 335.0),
    ("F", 335.0, 380.0),
    ("G", 380.0, f64::INFINITY),
];

fn class_of(ep2: f64) -> &'static str {
    NTA8800
        .iter()
        .find(|(_, lo, hi)| ep2 > *lo && ep2 <= *hi)
        .map(|(l, _, _)| *l)
        .unwrap_or("?")
}

#[test]
fn registered_labels_warn_exactly_where_ep2_disagrees_about_efg() {
    let tsv_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/nta8800-registered-labels.tsv");
    let text = std::fs::read_to_string(&tsv_path).expect("reference data");
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    assert_eq!(lines.next(), Some("ep2\tenergielabel\tgebouwtype"));
    let rows: Vec<(f64, String, String)> = lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (
                f[0].parse().expect("ep2"),
                f[1].to_string(),
                f[2].to_string(),
            )
        })
        .collect();
    assert_eq!(rows.len(), 353);

    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("nta8800.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Woningen").expect("name");
    for (j, h) in [
        "vhe",
        "complex",
        "woningtype",
        "gbo_m2",
        "energielabel",
        "ep2",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, j as u16, *h).expect("header");
    }
    // Disagreeing rows are warned where either label is E, F or G (the plan's concern).
    let efg = |l: &str| ["E", "F", "G"].contains(&l);
    let mut disagreeing = 0;
    let mut expected = BTreeSet::new();
    for (i, (ep2, label, kind)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, format!("NTA{i:04}")).expect("vhe");
        ws.write_string(r, 1, format!("C{}", i / 10))
            .expect("complex");
        ws.write_string(r, 2, kind).expect("type");
        ws.write_number(r, 3, 80.0).expect("area");
        ws.write_string(r, 4, label).expect("label");
        ws.write_number(r, 5, *ep2).expect("ep2");
        if class_of(*ep2) != label {
            disagreeing += 1;
            if efg(class_of(*ep2)) || efg(label) {
                expected.insert(format!("Woningen!F{}", r + 1));
            }
        }
    }
    wb.save(&path).expect("save");
    assert!(disagreeing > 0, "the reference file has disagreeing rows");

    let stock = read(&path).expect("reference stock reads");
    assert_eq!(stock.homes.len(), 353);
    let warned: BTreeSet<String> = stock.warnings.iter().map(|w| w.location.clone()).collect();
    assert_eq!(warned, expected);
    assert_eq!(stock.warnings.len(), expected.len());
    for w in &stock.warnings {
        assert!(w.message.contains("wordt gebruikt"), "{w}");
    }
    // The registered label is kept in every row.
    for (home, (_, label, _)) in stock.homes.iter().zip(&rows) {
        assert_eq!(home.label.as_str(), label);
    }
}

// ---------------------------------------------------------------- template, frame, report

/// The template's example row (from the one column table) with vhe 100001 instead of VOORBEELD.
fn example_row_with_real_vhe(dir: &Path) -> PathBuf {
    use retrofit::input::columns::{Example, HOME_COLUMNS};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Woningen").expect("name");
    for (j, col) in (0u16..).zip(HOME_COLUMNS) {
        ws.write_string(0, j, col.name).expect("write");
        match col.example {
            Example::Text(_) if col.name == "vhe" => ws.write_string(1, j, "100001"),
            Example::Text(t) => ws.write_string(1, j, t),
            Example::Number(v) => ws.write_number(1, j, v),
            Example::Date(y, m, d) => ws.write_string(1, j, format!("{d:02}-{m:02}-{y}")),
            Example::None => continue,
        }
        .expect("write");
    }
    let path = dir.join("echt.xlsx");
    wb.save(&path).expect("save");
    path
}

#[test]
fn template_reads_back_without_problems() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sjabloon.xlsx");
    write_template(&path).expect("template");
    // Writing again replaces the file in place and leaves no temp file behind.
    write_template(&path).expect("template again");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["sjabloon.xlsx".to_string()]);

    // The example row is refused for its vhe alone: no other problem in it.
    match read(&path) {
        Err(InputError::Invalid { problems, .. }) => {
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert_eq!(problems[0].location, "Woningen!A2");
            assert!(problems[0].message.contains("voorbeeldrij"), "{problems:?}");
        }
        other => panic!("the example row was accepted: {other:?}"),
    }
    // Skipped, it leaves nothing to plan; the year sheets have no example figures to plan by.
    let skipping = ReadOptions {
        skip_invalid_rows: true,
    };
    assert!(read_stock(&path, &skipping).is_err());
    // Given a real vhe, the example row reads as documented.
    let real = example_row_with_real_vhe(dir.path());
    let stock = read(&real).expect("template row with a real vhe reads");
    assert!(stock.warnings.is_empty(), "{:?}", stock.warnings);
    assert_eq!(stock.homes.len(), 1);
    let home = &stock.homes[0];
    assert_eq!(home.label, Label::F);
    assert_eq!(home.permit_date, date(2024, 9, 1));
    assert_eq!(home.species, vec!["vleermuis"]);
    assert!(stock.budgets.is_empty() && stock.capacities.is_empty());

    use calamine::{open_workbook_auto, Data, Reader};
    let mut book = open_workbook_auto(&path).expect("calamine opens template");
    assert_eq!(
        book.sheet_names(),
        vec!["Woningen", "Budget", "Capaciteit", "Wijken", "Toelichting"]
    );
    let header: Vec<String> = book
        .worksheet_range("Woningen")
        .expect("Woningen")
        .rows()
        .next()
        .expect("header row")
        .iter()
        .map(|c| c.to_string())
        .collect();
    let names: Vec<&str> = retrofit::input::columns::HOME_COLUMNS
        .iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(header, names);
    let explained: Vec<String> = book
        .worksheet_range("Toelichting")
        .expect("Toelichting")
        .rows()
        .filter_map(|r| match r.get(1) {
            Some(Data::String(s)) => Some(s.clone()),
            _ => None,
        })
        .collect();
    for name in names {
        assert!(explained.iter().any(|e| e == name), "{name} not explained");
    }
}

#[test]
fn homes_frame_has_a_row_per_home() {
    let stock = read_ok("good.xlsx");
    let df = homes_frame(&stock.homes).expect("frame");
    assert_eq!(df.height(), 8);
    let vhe = df.column("vhe").expect("vhe").str().expect("text");
    assert_eq!(vhe.get(0), Some("2001"));
    let area = df.column("gbo_m2").expect("gbo").f64().expect("f64");
    assert_eq!(area.get(0), Some(92.5));
    let permit = df
        .column("ff_vergunning")
        .expect("permit")
        .str()
        .expect("text");
    assert_eq!(permit.get(1), Some("2024-09-01"));
}

#[test]
fn check_report_summarises_in_dutch() {
    let stock = read_ok("good.xlsx");
    let report = check_report(&stock);
    for line in [
        "Woningen gelezen: 8",
        "Per label: A 1, B 1, E 3, F 2, G 1",
        "EFG-woningen: 6 (E 3, F 2, G 1)",
        "Monumenten: 2",
        "Sloop: 1, sloop mogelijk: 1, met sloopjaar: 1",
        "Verkoop: 1",
        "Gespikkeld: 2",
        "Woningen met beschermde soorten: 3 (gierzwaluw 1, huismus 1, vleermuis 2); met datum flora- en faunavergunning: 2",
        "Budget (blad Budget): 2024 € 1.500.000",
        "Geen waarschuwingen.",
    ] {
        assert!(report.contains(line), "missing {line:?} in:\n{report}");
    }
    let warned = read_ok("warn_ep2_mismatch.xlsx");
    let report = check_report(&warned);
    assert!(
        report.contains("Woningen!F2: waarschuwing: ep2: EP2 270,5"),
        "{report}"
    );
}
