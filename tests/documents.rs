//! The documents for the people around the plan, read back with calamine from a real plan of the
//! sample stock: the tenants' overview (every planned home once, points and savings recomputed
//! here from the tables in `models/energy.toml`), the municipality's list for one year (exactly
//! that year's pepper-potted homes, in natural address order), the CO2 figures of `Samenvatting`
//! and the command-line options `--huurders` and `--jaar`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use calamine::{open_workbook_auto, Data, Reader};
use retrofit::cli::{make_plan, scenario_for};
use retrofit::input::{read_stock, ReadOptions};
use retrofit::model::ScheduleOptions;
use retrofit::output::municipality::write_municipality_workbook_for;
use retrofit::output::tenants::{write_tenants_workbook, NO_RENT_INCREASE};
use retrofit::output::write_plan_workbook;
use retrofit::plan::Plan;

type Grid = Vec<Vec<Data>>;

fn sample_stock() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/voorbeeldbezit.xlsx")
}

/// The plan of the sample stock with the default scenario, made once for all tests here.
fn sample_plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        let stock = read_stock(&sample_stock(), &ReadOptions::default()).expect("sample reads");
        let scenario = scenario_for(&stock, None).expect("default scenario");
        let mut options = ScheduleOptions::from_scenario(&scenario);
        options.progress_every = None;
        make_plan(&stock, &scenario, &options).expect("sample plans")
    })
}

fn read_sheet(path: &Path, name: &str) -> Grid {
    let mut wb = open_workbook_auto(path).expect("workbook opens");
    let range = wb.worksheet_range(name).expect("sheet reads");
    let mut grid = Vec::new();
    if let Some((end_row, end_col)) = range.end() {
        for r in 0..=end_row {
            grid.push(
                (0..=end_col)
                    .map(|c| range.get_value((r, c)).cloned().unwrap_or(Data::Empty))
                    .collect(),
            );
        }
    }
    grid
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn number(d: &Data) -> f64 {
    match d {
        Data::Float(x) => *x,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// Every table under a header row whose first cell is `first_header`: header names and rows
/// (up to the first empty row). A table that runs onto another printed page repeats its
/// header row there: that row continues the table, it does not start one.
fn tables(grid: &Grid, first_header: &str) -> Vec<(Vec<String>, Vec<Vec<Data>>)> {
    let mut out: Vec<(Vec<String>, Vec<Vec<Data>>)> = Vec::new();
    let mut i = 0;
    while i < grid.len() {
        if grid[i].first().map(text).as_deref() != Some(first_header) {
            i += 1;
            continue;
        }
        let headers: Vec<String> = grid[i].iter().map(text).collect();
        let mut rows = Vec::new();
        i += 1;
        while i < grid.len() && grid[i].iter().any(|d| *d != Data::Empty) {
            // The header again on a page the table runs onto (its first cell may name the
            // complex there).
            let row: Vec<String> = grid[i].iter().map(text).collect();
            if row[1..] != headers[1..] {
                rows.push(grid[i].clone());
            }
            i += 1;
        }
        out.push((headers, rows));
    }
    out
}

/// The rows (0-based) of header rows whose first cell is `first_header`, or, on a page the
/// tenants' table runs onto, `first_header` naming the complex (`Adres (complex X, vervolg)`).
fn header_rows(grid: &Grid, first_header: &str) -> Vec<usize> {
    let continued = format!("{first_header} (complex ");
    (0..grid.len())
        .filter(|&i| {
            grid[i]
                .first()
                .map(text)
                .is_some_and(|t| t == first_header || t.starts_with(&continued))
        })
        .collect()
}

fn col(headers: &[String], name: &str) -> usize {
    headers
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("column {name:?} in {headers:?}"))
}

/// The tables of `models/energy.toml`, read here without the program's loader.
struct Tables {
    egw: BTreeMap<String, f64>,
    mgw: BTreeMap<String, f64>,
    co2_kg_per_kwh: f64,
}

fn energy_tables() -> Tables {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/energy.toml");
    let doc: toml::Table = std::fs::read_to_string(path).unwrap().parse().unwrap();
    let points = |kind: &str| -> BTreeMap<String, f64> {
        doc["wws"][kind]
            .as_table()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_integer().unwrap() as f64))
            .collect()
    };
    let co2 = &doc["co2"];
    Tables {
        egw: points("egw"),
        mgw: points("mgw"),
        co2_kg_per_kwh: co2["gas_co2_kg_per_m3"].as_float().unwrap()
            / co2["gas_kwh_per_m3"].as_float().unwrap(),
    }
}

#[test]
fn energy_table_has_the_beleidsboek_points() {
    let t = energy_tables();
    // Huurcommissie, beleidsboek 2025 (SPEC): E -4, F -9, G -15; B 34 / 30.
    for (label, p) in [("E", -4.0), ("F", -9.0), ("G", -15.0)] {
        assert_eq!(t.egw[label], p);
        assert_eq!(t.mgw[label], p);
    }
    assert_eq!(t.egw["B"], 34.0);
    assert_eq!(t.mgw["B"], 30.0);
    assert_eq!(t.egw.len(), 11);
    assert_eq!(t.mgw.len(), 11);
}

#[test]
fn tenants_overview_has_every_planned_home_once_with_recomputed_points_and_savings() {
    let plan = sample_plan();
    assert!(plan.planned.len() > 100, "the sample plans homes");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huurders.xlsx");
    write_tenants_workbook(plan, &path).unwrap();
    let grid = read_sheet(&path, "Huurders");
    let t = energy_tables();

    let all_text: String = grid
        .iter()
        .flatten()
        .map(text)
        .collect::<Vec<_>>()
        .join("\n");
    let complexes: BTreeSet<&str> = plan.planned.iter().map(|h| h.complex.as_str()).collect();
    // One section (and one statement of no rent increase) per complex.
    assert_eq!(
        all_text.matches(NO_RENT_INCREASE).count(),
        complexes.len(),
        "one statement per complex"
    );
    for c in &complexes {
        assert!(
            all_text.contains(&format!("Verduurzaming complex {c}")),
            "complex {c} has a title"
        );
    }

    // The footnote on assumed EP2 names the figure used for G (which has no upper bound) on
    // the pages of a G home with one, and only there (helper 119).
    let g_figure = format!(
        "voor G is met {} kWh/m² gerekend",
        plan.scenario.assumed_ep2_kwh_m2[&retrofit::stock::Label::G]
    );
    let pages_with_assumed_g: BTreeSet<&str> = plan
        .planned
        .iter()
        .filter(|h| h.ep2_assumed && h.label_before == retrofit::stock::Label::G)
        .map(|h| h.complex.as_str())
        .collect();
    assert!(
        !pages_with_assumed_g.is_empty(),
        "the sample has such homes"
    );
    assert_eq!(
        all_text.matches(&g_figure).count(),
        pages_with_assumed_g.len(),
        "{g_figure}"
    );

    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let sections = tables(&grid, "Adres");
    assert_eq!(sections.len(), complexes.len());
    // Each complex's text names the kWh of its total row, the sum of its rows as shown.
    let said: Vec<f64> = grid
        .iter()
        .flatten()
        .map(text)
        .filter_map(|t| {
            let (_, rest) = t.split_once("samen ongeveer ")?;
            let (kwh, _) = rest.split_once(" kWh")?;
            kwh.replace('.', "").parse().ok()
        })
        .collect();
    assert_eq!(said.len(), sections.len());
    for ((headers, rows), said) in sections.iter().zip(&said) {
        let mut sum = 0.0;
        for row in rows {
            let vhe = text(&row[col(headers, "Vhe-nummer")]);
            if vhe.is_empty() {
                // The total row of the complex.
                assert!(text(&row[0]).starts_with("Samen ("), "{row:?}");
                let total = number(&row[col(headers, "Besparing fossiel (kWh/jaar)")]);
                assert_eq!(total, sum, "{row:?}");
                assert_eq!(total, *said, "{row:?}");
                continue;
            }
            sum += number(&row[col(headers, "Besparing fossiel (kWh/jaar)")]);
            *seen.entry(vhe.clone()).or_default() += 1;
            let home = plan
                .planned
                .iter()
                .find(|h| h.vhe == vhe)
                .unwrap_or_else(|| panic!("{vhe} is not a planned home"));
            let table = if home.home_type == "EGW" {
                &t.egw
            } else {
                &t.mgw
            };
            let before = table[home.label_before.as_str()];
            let after = table[home.label_after.as_str()];
            assert_eq!(number(&row[col(headers, "WWS-punten nu")]), before, "{vhe}");
            assert_eq!(number(&row[col(headers, "WWS-punten na")]), after, "{vhe}");
            assert_eq!(
                number(&row[col(headers, "Verschil WWS-punten")]),
                after - before,
                "{vhe}"
            );
            let ep2_before = number(&row[col(headers, "EP2 nu (kWh/m²)")]);
            let ep2_after = number(&row[col(headers, "EP2 na (kWh/m²)")]);
            assert!((ep2_before - home.ep2_before).abs() < 1e-9, "{vhe}");
            // Rounded up to a tenth, so that it gives the label shown beside it.
            assert!(
                ep2_after >= home.ep2_after - 1e-9 && ep2_after < home.ep2_after + 0.1,
                "{vhe}: {ep2_after} for {}",
                home.ep2_after
            );
            assert_eq!(
                retrofit::stock::Label::from_ep2(ep2_after),
                home.label_after,
                "{vhe}"
            );
            let saving = number(&row[col(headers, "Besparing fossiel (kWh/jaar)")]);
            // In whole kWh, as shown.
            let expected = ((home.ep2_before - home.ep2_after) * home.area_m2).round();
            assert_eq!(saving, expected, "{vhe}");
            assert_eq!(
                text(&row[col(headers, "Label nu")]),
                home.label_before.as_str()
            );
            assert_eq!(
                text(&row[col(headers, "Label na")]),
                home.label_after.as_str()
            );
            assert_eq!(text(&row[col(headers, "Maatregelen")]), home.package);
            assert_eq!(text(&row[col(headers, "Adres")]), home.address);
        }
    }
    let planned: BTreeSet<String> = plan.planned.iter().map(|h| h.vhe.clone()).collect();
    assert_eq!(seen.keys().cloned().collect::<BTreeSet<_>>(), planned);
    assert!(seen.values().all(|n| *n == 1), "every home once");
    // The footnote names the scenario and the sources of the tables.
    assert!(all_text.contains(&plan.scenario.name));
    assert!(all_text.contains("Huurcommissie"));
    assert!(all_text.contains("CO2emissiefactoren.nl"));
    let _ = t.co2_kg_per_kwh;
}

/// Street (lower case), house number, addition: the natural order of an address.
fn natural_key(address: &str) -> (String, u64, String) {
    let first_digit = address
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(address.len());
    let street = address[..first_digit].trim().to_lowercase();
    let rest = &address[first_digit..];
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let number = digits.parse().unwrap_or(0);
    let addition = rest[digits.len()..].trim().to_lowercase();
    (street, number, addition)
}

#[test]
fn municipality_list_for_one_year_has_exactly_that_years_homes_naturally_sorted() {
    let plan = sample_plan();
    let years: BTreeSet<i32> = plan
        .planned
        .iter()
        .filter(|h| h.pepper_potted)
        .map(|h| h.start.year())
        .collect();
    assert!(
        years.len() >= 2,
        "the sample has pepper-potted homes in several years"
    );
    let dir = tempfile::tempdir().unwrap();
    for year in years {
        let path = dir.path().join(format!("gemeente-{year}.xlsx"));
        write_municipality_workbook_for(plan, &path, Some(year)).unwrap();
        let grid = read_sheet(&path, "Gespikkeld");
        let intro = text(&grid[0][0]);
        assert!(intro.contains(&format!("in {year}")), "{intro}");
        // One homes table; the block table above it starts with the same column.
        let homes: Vec<_> = tables(&grid, "Jaar")
            .into_iter()
            .filter(|(h, _)| h.iter().any(|c| c == "Vhe-nummer"))
            .collect();
        assert_eq!(homes.len(), 1, "one year, one homes table");
        let (headers, rows) = &homes[0];
        let listed: Vec<String> = rows
            .iter()
            .map(|r| text(&r[col(headers, "Vhe-nummer")]))
            .collect();
        let expected: BTreeSet<String> = plan
            .planned
            .iter()
            .filter(|h| h.pepper_potted && h.start.year() == year)
            .map(|h| h.vhe.clone())
            .collect();
        assert_eq!(listed.len(), expected.len(), "{year}: no home twice");
        assert_eq!(
            listed.iter().cloned().collect::<BTreeSet<_>>(),
            expected,
            "{year}"
        );
        for r in rows {
            assert_eq!(number(&r[col(headers, "Jaar")]), year as f64);
        }
        let blocks: Vec<_> = tables(&grid, "Jaar")
            .into_iter()
            .filter(|(h, _)| h.iter().any(|c| c == "Woningen corporatie"))
            .collect();
        assert_eq!(blocks.len(), 1);
        let (bh, brows) = &blocks[0];
        // In the blocks' order, each block's homes together (helper 99: a complex over two
        // streets was split by another's homes), and within a block the natural order within
        // each place: street, house number as a number, addition.
        let block_of = |h: &[String], r: &Vec<calamine::Data>| {
            (text(&r[col(h, "Complex")]), text(&r[col(h, "Blok")]))
        };
        let order: Vec<(String, String)> = brows.iter().map(|r| block_of(bh, r)).collect();
        let keys: Vec<(usize, String, (String, u64, String))> = rows
            .iter()
            .map(|r| {
                let block = block_of(headers, r);
                (
                    order.iter().position(|b| *b == block).expect("its block"),
                    text(&r[col(headers, "Plaats")]).to_lowercase(),
                    natural_key(&text(&r[col(headers, "Adres")])),
                )
            })
            .collect();
        for pair in keys.windows(2) {
            assert!(
                pair[0] <= pair[1],
                "{year}: {:?} before {:?}",
                pair[0],
                pair[1]
            );
        }
        // The block table counts the same homes.
        let counted: f64 = brows
            .iter()
            .map(|r| number(&r[col(bh, "Woningen corporatie")]))
            .sum();
        assert_eq!(counted, expected.len() as f64);
    }
}

#[test]
fn natural_key_sorts_house_numbers_as_numbers() {
    let mut v = vec!["Raadhuisstraat 10", "Raadhuisstraat 7", "Raadhuisstraat 7a"];
    v.sort_by_key(|a| natural_key(a));
    assert_eq!(
        v,
        ["Raadhuisstraat 7", "Raadhuisstraat 7a", "Raadhuisstraat 10"]
    );
}

#[test]
fn summary_co2_figures_are_recomputed_from_the_planning_sheet() {
    let plan = sample_plan();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.xlsx");
    write_plan_workbook(plan, &path).unwrap();
    let t = energy_tables();
    let planning = read_sheet(&path, "Planning");
    let headers: Vec<String> = planning[0].iter().map(text).collect();
    let mut kwh = 0.0;
    for row in &planning[1..] {
        let before = number(&row[col(&headers, "ep2_voor")]);
        let after = number(&row[col(&headers, "ep2_na")]);
        let area = number(&row[col(&headers, "gbo_m2")]);
        kwh += (before - after) * area;
    }
    let summary = read_sheet(&path, "Samenvatting");
    let figure = |label: &str| -> f64 {
        let row = summary
            .iter()
            .find(|r| text(&r[0]) == label)
            .unwrap_or_else(|| panic!("{label} in Samenvatting"));
        number(&row[1])
    };
    let mwh = figure("Energie bespaard per jaar na het plan (MWh primair fossiel)");
    assert!((mwh - kwh / 1000.0).abs() < 1e-6, "{mwh} vs {kwh}");
    let tonnes = figure("CO₂ minder per jaar na het plan (ton)");
    assert!((tonnes - kwh * t.co2_kg_per_kwh / 1000.0).abs() < 1e-6);
    // To the deadline: each home from the month after its last month of work.
    let deadline = plan.scenario.deadline_month;
    let to_deadline: f64 = plan
        .planned
        .iter()
        .map(|h| {
            let months = deadline.since(h.end).max(0) as f64;
            (h.ep2_before - h.ep2_after) * h.area_m2 * months / 12.0
        })
        .sum();
    let label = format!("CO₂ minder t/m {deadline} (ton)");
    let to_deadline_t = figure(&label);
    assert!((to_deadline_t - to_deadline * t.co2_kg_per_kwh / 1000.0).abs() < 1e-6);
    assert!(to_deadline_t > 0.0 && to_deadline_t < tonnes * 3.0);
}

fn run(cwd: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_retrofit"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the binary runs");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(!text.contains("panicked"), "{text}");
    (out.status.code(), text)
}

#[test]
fn year_option_needs_the_municipality_file_and_a_year_of_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let stock = sample_stock();
    let stock = stock.to_str().unwrap();
    let (code, text) = run(dir.path(), &["plan", stock, "--jaar", "2025", "-q"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("--jaar") && text.contains("--gemeente"),
        "{text}"
    );
    let (code, text) = run(
        dir.path(),
        &[
            "plan",
            stock,
            "--gemeente",
            "g.xlsx",
            "--jaar",
            "2031",
            "-q",
        ],
    );
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("--jaar 2031") && text.contains("planperiode"),
        "{text}"
    );
    // Nothing written on either error.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn plan_writes_the_tenants_overview_and_one_years_municipality_list() {
    let dir = tempfile::tempdir().unwrap();
    let stock = sample_stock();
    let (code, out) = run(
        dir.path(),
        &[
            "plan",
            stock.to_str().unwrap(),
            "--output",
            "plan.xlsx",
            "--huurders",
            "huurders.xlsx",
            "--gemeente",
            "gemeente.xlsx",
            "--jaar",
            "2025",
            "-q",
        ],
    );
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("ton CO₂"), "{out}");
    let grid = read_sheet(&dir.path().join("huurders.xlsx"), "Huurders");
    assert!(text_in(&grid, NO_RENT_INCREASE));
    let grid = read_sheet(&dir.path().join("gemeente.xlsx"), "Gespikkeld");
    assert!(text(&grid[0][0]).contains("in 2025"));
    // The page headers: the plan's name their sheet, the one-sheet documents only their title
    // (helper 56: "Gespikkeld bezit 2025: planning voor de gemeente – Gespikkeld").
    let header = |file: &str| {
        use std::io::Read;
        let path = dir.path().join(file);
        let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut xml = String::new();
        let mut sheet = archive.by_name("xl/worksheets/sheet1.xml").unwrap();
        sheet.read_to_string(&mut xml).unwrap();
        let start = xml.find("<oddHeader>").expect("a page header") + "<oddHeader>".len();
        let end = xml[start..].find("</oddHeader>").unwrap() + start;
        xml[start..end].to_string()
    };
    assert!(
        header("plan.xlsx").contains("&amp;A"),
        "{}",
        header("plan.xlsx")
    );
    // The plan names its stock's file; the documents, for people outside the team, the months
    // planned instead (helper 66).
    let file_name = stock.file_name().unwrap().to_str().unwrap();
    assert!(header("plan.xlsx").contains(file_name));
    for (file, title) in [
        (
            "gemeente.xlsx",
            "Gespikkeld bezit 2025: planning voor de gemeente",
        ),
        ("huurders.xlsx", "Verduurzaming: overzicht voor huurders"),
    ] {
        let h = header(file);
        assert!(h.contains(title) && !h.contains("&amp;A"), "{file}: {h}");
        assert!(h.contains("planning 2024-01 t/m 2026-12"), "{file}: {h}");
        assert!(!h.contains(file_name), "{file}: {h}");
    }
    // Whom to ask: without `contact` in the scenario, a line to fill in, on every complex's page.
    let grid = read_sheet(&dir.path().join("huurders.xlsx"), "Huurders");
    let asks = grid
        .iter()
        .filter(|r| text(&r[0]).starts_with("Vragen? Contact bij de corporatie: ....."))
        .count();
    let complexes = grid
        .iter()
        .filter(|r| text(&r[0]).starts_with("Verduurzaming complex "))
        .count();
    assert!(complexes > 0 && asks == complexes, "{asks} of {complexes}");
    // The same file named twice is refused before anything is written.
    let other = tempfile::tempdir().unwrap();
    let (code, out) = run(
        other.path(),
        &[
            "plan",
            stock.to_str().unwrap(),
            "--output",
            "x.xlsx",
            "--huurders",
            "x.xlsx",
        ],
    );
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("--huurders"), "{out}");
    assert_eq!(std::fs::read_dir(other.path()).unwrap().count(), 0);
}

fn text_in(grid: &Grid, needle: &str) -> bool {
    grid.iter().flatten().any(|d| text(d) == needle)
}

#[test]
fn plan_gespikkeld_sheet_sorts_addresses_naturally_within_month_and_complex() {
    let plan = sample_plan();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.xlsx");
    write_plan_workbook(plan, &path).unwrap();
    let grid = read_sheet(&path, "Gespikkeld");
    let headers: Vec<String> = grid[0].iter().map(text).collect();
    // The data contract's column names stay on the plan's list sheets.
    for name in [
        "jaar",
        "kwartaal",
        "complex",
        "adres",
        "particulier_in_blok",
    ] {
        col(&headers, name);
    }
    let key = |r: &Vec<Data>| {
        (
            text(&r[col(&headers, "startmaand")]),
            text(&r[col(&headers, "complex")]),
            natural_key(&text(&r[col(&headers, "adres")])),
        )
    };
    let rows = &grid[1..];
    assert!(rows.len() > 10);
    for pair in rows.windows(2) {
        let (a, b) = (key(&pair[0]), key(&pair[1]));
        if (&a.0, &a.1) == (&b.0, &b.1) {
            assert!(a.2 <= b.2, "{a:?} before {b:?}");
        }
    }
}

#[test]
fn planning_lists_each_project_in_natural_address_order() {
    let plan = sample_plan();
    for pair in plan.planned.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if (a.start, &a.project) == (b.start, &b.project) {
            assert!(
                natural_key(&a.address) <= natural_key(&b.address),
                "{} before {}",
                a.address,
                b.address
            );
        }
    }
}

#[test]
fn assumptions_list_the_wws_points_and_the_co2_factor_used() {
    let plan = sample_plan();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.xlsx");
    write_plan_workbook(plan, &path).unwrap();
    let grid = read_sheet(&path, "Aannames");
    let t = energy_tables();
    let row = |label: &str| -> &Vec<Data> {
        grid.iter()
            .find(|r| text(&r[0]) == label)
            .unwrap_or_else(|| panic!("{label} in Aannames"))
    };
    let factor = number(&row("CO₂ per kWh primair fossiel (kg)")[1]);
    assert!((factor - t.co2_kg_per_kwh).abs() < 1e-12);
    // The WWS table: its header row, then a row per label with EGW and MGW points.
    let header = grid
        .iter()
        .position(|r| text(&r[0]) == "label" && text(&r[1]) == "eengezins")
        .expect("WWS table");
    for r in &grid[header + 1..header + 12] {
        let label = text(&r[0]);
        assert_eq!(number(&r[1]), t.egw[&label], "{label}");
        assert_eq!(number(&r[2]), t.mgw[&label], "{label}");
    }
}

/// A complex of 130 pepper-potted homes fills several printed pages in both documents: each
/// page after a break starts with the table's header row again, and every home is still
/// listed exactly once.
#[test]
fn long_tables_repeat_their_header_on_every_printed_page() {
    use crate::model::{complex, options, scenario, stock};
    let mut homes = complex("Lang", 130, retrofit::stock::Label::F);
    for h in &mut homes {
        h.pepper_potted = true;
    }
    let s = scenario();
    let plan = make_plan(&stock(homes), &s, &options()).expect("plans");
    assert_eq!(plan.planned.len(), 130);
    let dir = tempfile::tempdir().unwrap();

    let path = dir.path().join("huurders.xlsx");
    write_tenants_workbook(&plan, &path).unwrap();
    let grid = read_sheet(&path, "Huurders");
    let headers = header_rows(&grid, "Adres");
    assert!(
        headers.len() >= 3,
        "130 rows take three pages or more: {headers:?}"
    );
    // The first page also holds the title and the text lines; every full page after it holds
    // the same number of rows, except the one before the last, which may break early so that
    // the last rows go with the notes (helper 70: a page of only the notes).
    let rows_on: Vec<usize> = headers.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(rows_on[0] < rows_on[1], "{headers:?}");
    let full = &rows_on[1..rows_on.len() - 1];
    assert!(full.iter().all(|&n| n == rows_on[1]), "{headers:?}");
    assert!(rows_on[rows_on.len() - 1] <= rows_on[1], "{headers:?}");
    // A page the table runs onto names the complex in its header.
    assert_eq!(text(&grid[headers[1]][0]), "Adres (complex Lang, vervolg)");
    let last_page = &grid[*headers.last().unwrap()..];
    let homes_there = last_page
        .iter()
        .filter(|r| text(&r[13]).starts_with("Lang-"))
        .count();
    assert!(homes_there >= 3, "{headers:?}");
    assert!(last_page
        .iter()
        .any(|r| text(&r[0]).starts_with("Vragen? Contact bij de corporatie")));
    let sections = tables(&grid, "Adres");
    assert_eq!(sections.len(), 1, "one complex, one table");
    let (cols, rows) = &sections[0];
    let vhe: Vec<String> = rows
        .iter()
        .map(|r| text(&r[col(cols, "Vhe-nummer")]))
        .filter(|v| !v.is_empty())
        .collect();
    assert_eq!(vhe.len(), 130);
    assert_eq!(vhe.iter().collect::<BTreeSet<_>>().len(), 130);

    let path = dir.path().join("gemeente.xlsx");
    write_municipality_workbook_for(&plan, &path, None).unwrap();
    let grid = read_sheet(&path, "Gespikkeld");
    let home_headers: Vec<usize> = header_rows(&grid, "Jaar")
        .into_iter()
        .filter(|&i| grid[i].iter().any(|d| text(d) == "Vhe-nummer"))
        .collect();
    assert!(home_headers.len() >= 2, "{home_headers:?}");
    let homes: Vec<_> = tables(&grid, "Jaar")
        .into_iter()
        .filter(|(h, _)| h.iter().any(|c| c == "Vhe-nummer"))
        .collect();
    assert_eq!(homes.len(), 1, "one year, one homes table");
    let (cols, rows) = &homes[0];
    let listed: BTreeSet<String> = rows
        .iter()
        .map(|r| text(&r[col(cols, "Vhe-nummer")]))
        .collect();
    assert_eq!(rows.len(), 130);
    assert_eq!(listed.len(), 130);

    // With several corporations, a continued header also names whose complex it is.
    let mut homes = complex("Lang", 130, retrofit::stock::Label::F);
    let mut other = complex("Kort", 2, retrofit::stock::Label::F);
    for h in &mut homes {
        h.corporation = "Woonstichting A".to_string();
    }
    for h in &mut other {
        h.corporation = "Woonstichting B".to_string();
    }
    homes.extend(other);
    let plan = make_plan(&stock(homes), &s, &options()).expect("plans");
    let path = dir.path().join("huurders-twee.xlsx");
    write_tenants_workbook(&plan, &path).unwrap();
    let grid = read_sheet(&path, "Huurders");
    let headers = header_rows(&grid, "Adres");
    assert!(
        headers
            .iter()
            .any(|&i| text(&grid[i][0]) == "Adres (complex Lang, Woonstichting A, vervolg)"),
        "{:?}",
        headers
            .iter()
            .map(|&i| text(&grid[i][0]))
            .collect::<Vec<_>>()
    );
}

/// However long the per-block tables before it, a year's homes table never starts at a page's
/// foot with its title and header and fewer than two rows (helper 63 saw "2024: per woning"
/// and its header alone at the bottom of page 1).
#[test]
fn a_homes_table_does_not_start_at_the_foot_of_a_page() {
    use crate::model::{complex, options, scenario, stock};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gemeente.xlsx");
    let mut checked = 0;
    for blocks in 1..=36 {
        let mut homes = Vec::new();
        for b in 0..blocks {
            let mut c = complex(&format!("B{b}"), 2, retrofit::stock::Label::F);
            for h in &mut c {
                h.pepper_potted = true;
            }
            homes.extend(c);
        }
        let plan = make_plan(&stock(homes), &scenario(), &options()).expect("plans");
        write_municipality_workbook_for(&plan, &path, None).unwrap();
        let grid = read_sheet(&path, "Gespikkeld");
        let breaks: BTreeSet<usize> =
            sheet_attributes(&path, "xl/worksheets/sheet1.xml", "brk", "id", "max")
                .into_keys()
                .map(|r| r as usize)
                .collect();
        for title in (0..grid.len()).filter(|&i| text(&grid[i][0]).ends_with(": per woning")) {
            let rows = grid[title + 2..]
                .iter()
                .take_while(|r| r.iter().any(|d| *d != Data::Empty))
                .count();
            // The title, its header and min(rows, 2) rows on one page.
            for b in title + 1..=title + 1 + rows.min(2) {
                assert!(
                    !breaks.contains(&b),
                    "{blocks} blocks: a break before row {b}, title in {title}: {breaks:?}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 36, "{checked}");
}

/// Homes of one block that give different counts of private homes: the block's row shows the
/// range and the year's line sums the ranges, rather than silently taking the largest; each
/// home's row keeps its own count. The home without a count is said, not read as none.
#[test]
fn a_block_whose_homes_differ_in_private_homes_shows_the_range() {
    use crate::model::{complex, options, scenario, stock};
    let mut homes = complex("Mix", 4, retrofit::stock::Label::F);
    for (h, n) in homes.iter_mut().zip([Some(3), Some(5), None, Some(5)]) {
        h.pepper_potted = true;
        h.private_in_block = n;
    }
    let plan = make_plan(&stock(homes), &scenario(), &options()).expect("plans");
    assert_eq!(plan.planned.len(), 4);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gemeente.xlsx");
    write_municipality_workbook_for(&plan, &path, None).unwrap();
    let grid = read_sheet(&path, "Gespikkeld");
    let (cols, rows) = tables(&grid, "Jaar")
        .into_iter()
        .find(|(h, _)| h.iter().any(|c| c == "Woningen corporatie"))
        .expect("a per-block table");
    assert_eq!(rows.len(), 1, "one block");
    assert_eq!(
        text(&rows[0][col(&cols, "Particuliere woningen in blok")]),
        "3 tot 5 (onbekend bij 1 van de 4 woningen)"
    );
    assert!(
        grid.iter().flatten().any(|d| text(d).contains(
            "met samen 3 tot 5 particuliere woningen waar het bezit het aantal noemt (onbekend bij 1 van de 4 corporatiewoningen);"
        )),
        "the year's line"
    );
    let (cols, rows) = tables(&grid, "Jaar")
        .into_iter()
        .find(|(h, _)| h.iter().any(|c| c == "Vhe-nummer"))
        .expect("a homes table");
    let mut own: Vec<String> = rows
        .iter()
        .map(|r| text(&r[col(&cols, "Particuliere woningen in blok")]))
        .collect();
    own.sort();
    assert_eq!(own, ["3", "5", "5", "onbekend"]);
}

/// Of each `<element ...>` of `sheet_file` (e.g. `xl/worksheets/sheet1.xml`) that has both,
/// attribute `key` (a number) with attribute `value`: the rows' heights (`row`, `r`, `ht`) or
/// the columns' widths (`col`, `min`, `width`), which calamine does not give.
fn sheet_attributes(
    path: &Path,
    sheet_file: &str,
    element: &str,
    key: &str,
    value: &str,
) -> BTreeMap<u32, f64> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    archive
        .by_name(sheet_file)
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let attribute = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = tag[start..].find('"')? + start;
        Some(tag[start..end].to_string())
    };
    xml.split(&format!("<{element} "))
        .skip(1)
        .filter_map(|tag| {
            let tag = format!(" {}", &tag[..tag.find('>')?]);
            let k = attribute(&tag, key)?.parse().ok()?;
            let v = attribute(&tag, value)?.parse().ok()?;
            Some((k, v))
        })
        .collect()
}

/// A block's name wraps in its column: its rows grow for it in both tables, and the column
/// for its longest word, so that the name prints whole (helper 48: "K2 achterzijde" broken
/// and cut in the Blok column).
#[test]
fn a_long_block_name_makes_its_rows_tall_enough() {
    use crate::model::{complex, options, scenario, stock};
    let mut homes = complex("K2", 2, retrofit::stock::Label::F);
    for h in &mut homes {
        h.pepper_potted = true;
        h.private_in_block = Some(4);
        h.block = Some("K2 achterzijde tuinkant".into());
    }
    let plan = make_plan(&stock(homes), &scenario(), &options()).expect("plans");
    assert_eq!(plan.planned.len(), 2);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gemeente.xlsx");
    write_municipality_workbook_for(&plan, &path, None).unwrap();
    let grid = read_sheet(&path, "Gespikkeld");
    let sheet_file = "xl/worksheets/sheet1.xml";
    let heights = sheet_attributes(&path, sheet_file, "row", "r", "ht");
    // The Blok column (the third) fits "achterzijde" unbroken (helper 50 saw district names
    // broken mid-word).
    let widths = sheet_attributes(&path, sheet_file, "col", "min", "width");
    assert!(widths.get(&3).is_some_and(|&w| w >= 12.0), "{widths:?}");
    let rows_with_block: Vec<u32> = grid
        .iter()
        .enumerate()
        .filter(|(_, row)| row.iter().any(|d| text(d) == "K2 achterzijde tuinkant"))
        .map(|(r, _)| r as u32 + 1)
        .collect();
    assert_eq!(rows_with_block.len(), 3, "the block row and two home rows");
    for r in rows_with_block {
        // Three lines of 7 characters' width: more than the 15 pt of one line.
        assert!(
            heights.get(&r).is_some_and(|&h| h >= 30.0),
            "row {r}: {heights:?}"
        );
    }
}

/// A complex planned in part: its page says how many of its other E, F and G homes this plan
/// leaves out, so that their tenants do not read it as covering them.
#[test]
fn the_tenants_page_of_a_complex_planned_in_part_names_the_homes_left_out() {
    use crate::model::{complex, options, scenario, stock};
    let mut homes = complex("Deels", 5, retrofit::stock::Label::F);
    // Block B's permit comes after the deadline: its three homes are not planned.
    for h in homes.iter_mut().skip(2) {
        h.block = Some("B".into());
        h.permit_date = chrono::NaiveDate::from_ymd_opt(2030, 1, 1);
    }
    let plan = make_plan(&stock(homes), &scenario(), &options()).expect("plans");
    assert_eq!((plan.planned.len(), plan.not_planned.len()), (2, 3));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huurders.xlsx");
    write_tenants_workbook(&plan, &path).unwrap();
    let grid = read_sheet(&path, "Huurders");
    assert!(
        grid.iter().flatten().any(|d| text(d).ends_with(
            "(2 woningen). 3 andere woningen van dit complex met label E, F of G staan niet in deze planning; vraag de corporatie naar de reden."
        )),
        "{grid:?}"
    );
}

/// Pepper-potted homes the plan leaves out are named in the municipality's list (a block an
/// earlier list announced does not drop out of it without a word); planned ones are not.
#[test]
fn the_municipality_list_names_pepper_potted_homes_left_out() {
    use crate::model::{complex, options, scenario, stock};
    let mut homes = complex("Mix", 4, retrofit::stock::Label::F);
    homes.extend(complex("Los", 2, retrofit::stock::Label::E));
    for h in homes.iter_mut().filter(|h| h.complex == "Mix") {
        h.pepper_potted = true;
    }
    let mut tight = scenario();
    tight.budget_eur.insert(2024, 1.0);
    let plan = make_plan(&stock(homes.clone()), &tight, &options()).expect("plans");
    assert!(plan.planned.is_empty());
    let lines = retrofit::output::municipality::explanation(&plan, None);
    let said = "Niet in deze planning: 4 woningen met label E, F of G in blokken met particuliere woningen, in complex Mix (4); de corporatie kan de reden geven.";
    assert!(lines.iter().any(|l| l == said), "{lines:?}");
    let plan = make_plan(&stock(homes), &scenario(), &options()).expect("plans");
    let lines = retrofit::output::municipality::explanation(&plan, None);
    assert!(
        !lines.iter().any(|l| l.starts_with("Niet in deze planning")),
        "{lines:?}"
    ); // No home of the year gives its block's private homes: the count is unknown, not 0.
    assert!(
        lines.iter().any(|l| l.contains(
            "met samen een onbekend aantal particuliere woningen (het bezit noemt het bij geen van deze woningen)"
        )),
        "{lines:?}"
    );
}

/// The tenants' overview says whom to ask, with the scenario's `contact`, on each complex's
/// page (helper 69: it said "vraag de corporatie" without saying whom).
#[test]
fn the_tenants_overview_names_the_contact() {
    let mut plan = sample_plan().clone();
    plan.scenario.contact = Some("Team Duurzaamheid, 088-1234567".into());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huurders.xlsx");
    write_tenants_workbook(&plan, &path).unwrap();
    let grid = read_sheet(&path, "Huurders");
    let first = |prefix: &str| {
        grid.iter()
            .filter(|r| text(&r[0]).starts_with(prefix))
            .count()
    };
    let complexes = first("Verduurzaming complex ");
    assert!(complexes > 0);
    assert_eq!(
        first("Vragen? Contact bij de corporatie: Team Duurzaamheid, 088-1234567"),
        complexes
    );
}

/// Where the plan holds homes of several corporations, each complex's page names its own
/// corporation's contact (`[corporations."NAAM"] contact`), and the municipality's list names
/// each one's after its name (helper 71: one contact for several corporations).
#[test]
fn each_corporation_has_its_own_contact() {
    let mut plan = sample_plan().clone();
    plan.scenario.contact = Some("Team Duurzaamheid, 088-1234567".into());
    // The complexes of every other project become corporation B's.
    let b_projects: std::collections::BTreeSet<String> = plan
        .projects
        .iter()
        .step_by(2)
        .map(|p| p.id.clone())
        .collect();
    for h in plan
        .planned
        .iter_mut()
        .filter(|h| b_projects.contains(&h.project))
    {
        h.corporation = "Woonstichting B".into();
    }
    plan.scenario.corporations.insert(
        "Woonstichting B".into(),
        retrofit::scenario::CorporationLimits {
            contact: Some("Woonstichting B, 013-7654321".into()),
            ..Default::default()
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huurders.xlsx");
    write_tenants_workbook(&plan, &path).unwrap();
    let grid = read_sheet(&path, "Huurders");
    let count = |prefix: &str| {
        grid.iter()
            .filter(|r| text(&r[0]).starts_with(prefix))
            .count()
    };
    let b_pages = grid
        .iter()
        .filter(|r| {
            text(&r[0]).starts_with("Verduurzaming complex ")
                && text(&r[0]).contains("(Woonstichting B)")
        })
        .count();
    let pages = count("Verduurzaming complex ");
    assert!(b_pages > 0 && b_pages < pages, "{b_pages} of {pages}");
    assert_eq!(
        count("Vragen? Contact bij de corporatie: Woonstichting B, 013-7654321"),
        b_pages
    );
    assert_eq!(
        count("Vragen? Contact bij de corporatie: Team Duurzaamheid, 088-1234567"),
        pages - b_pages
    );
    // The municipality's list, of both corporations' pepper-potted homes: each after its name.
    let lines = retrofit::output::municipality::explanation(&plan, None);
    let contact = lines
        .iter()
        .find(|l| l.starts_with("Contact bij de corporatie: "))
        .expect("a contact line");
    if plan
        .planned
        .iter()
        .any(|h| h.pepper_potted && h.corporation == "Woonstichting B")
        && plan
            .planned
            .iter()
            .any(|h| h.pepper_potted && h.corporation != "Woonstichting B")
    {
        assert!(
            contact.contains("Woonstichting B: Woonstichting B, 013-7654321"),
            "{contact}"
        );
        assert!(
            contact.contains(": Team Duurzaamheid, 088-1234567"),
            "{contact}"
        );
    }
}

/// The label table's last moment is the deadline where it falls before December (helper 85
/// read "eind 2027" of a plan that ends in June); a year that ends within the plan is "eind".
/// `Begroting` stops at the deadline's quarter too.
#[test]
fn a_deadline_before_december_ends_the_label_table_and_the_quarters_there() {
    use crate::model::{complex, options, scenario, stock};
    let homes = complex("K", 4, retrofit::stock::Label::F);
    let mut s = scenario();
    s.deadline_month = retrofit::scenario::Month::new(s.start_month.year() + 1, 6);
    let plan = make_plan(&stock(homes), &s, &options()).expect("plans");
    let moments: Vec<&str> = plan.labels.iter().map(|l| l.moment.as_str()).collect();
    let first = s.start_month.year();
    assert_eq!(
        moments,
        [
            format!("start {first}"),
            format!("eind {first}"),
            format!("eind juni {}", first + 1)
        ]
    );
    assert_eq!(plan.labels[2].year_end, Some(first + 1));
    // `Begroting` lists no quarter that begins after the deadline (helper 87).
    let quarters: Vec<String> = retrofit::output::tables::budget(&plan)
        .rows
        .iter()
        .filter_map(|r| match &r[1] {
            retrofit::output::tables::Value::Text(t) if t.contains("-Q") => Some(t.clone()),
            _ => None,
        })
        .collect();
    let next = first + 1;
    // The municipality's text names the plan period's months in full (helper 87).
    let text = retrofit::output::municipality::explanation(&plan, None).join("\n");
    assert!(
        text.contains(&format!(
            "in de planperiode januari {first} t/m juni {next}"
        )),
        "{text}"
    );
    assert_eq!(
        quarters,
        [
            format!("{first}-Q1"),
            format!("{first}-Q2"),
            format!("{first}-Q3"),
            format!("{first}-Q4"),
            format!("{next}-Q1"),
            format!("{next}-Q2"),
        ]
    );
}
