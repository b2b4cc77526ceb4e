//! The plan workbook and the exports, read back: calamine for the workbooks, serde_json for the
//! json, polars for parquet. Values are compared, not bytes (except where bytes are the point).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, Reader};
use retrofit::input::{Problem, SkippedRow, SourceInfo};
use retrofit::model::{SolveReport, SolveStatus, StageKind, StageMethod, StageReport};
use retrofit::output::tables::{SKIPPED_PREFIX, YEAR_TOTAL};
use retrofit::output::workbook::{plan_workbook_bytes, RUN_TIME_LABELS, SHEETS};
use retrofit::output::{
    refuse_same_file, write_json, write_municipality_workbook, write_plan_workbook, write_tables,
    OutputError, TableFormat,
};
use retrofit::plan::{
    ComplexYearCost, LabelSnapshot, ListedHome, Plan, PlannedHome, PlannedProject, QuarterCost,
    YearBudget,
};
use retrofit::scenario::{Month, Scenario};
use retrofit::stock::Label;

// ---------------------------------------------------------------------------------------------
// A small, complete plan, worked out by hand.
//
// Project C100-1: 3 homes x EUR 20,000, 2024-04..2024-05 -> 2024-Q2 60,000.
// Project C200-1: 2 homes x EUR 25,000, gespikkeld, bats, 2025-10..2026-01, 12,500 a month
//   -> 2025-Q4 37,500, 2026-Q1 12,500.
// Total 110,000. Excluded: V006 (monument), V007 (sloop). Not planned: V008 (budget).
// Not EFG: 2 homes (counted only). Skipped row: V900. 10 homes read, 8 EFG.
// ---------------------------------------------------------------------------------------------

fn planned_home(
    vhe: &str,
    complex: &str,
    project: &str,
    before: Label,
    after: Label,
    start: Month,
    end: Month,
    cost: f64,
    pepper: bool,
) -> PlannedHome {
    PlannedHome {
        vhe: vhe.into(),
        corporation: String::new(),
        complex: complex.into(),
        project: project.into(),
        address: format!("Kerkstraat {}", &vhe[1..]),
        street: "Kerkstraat".into(),
        postcode: "1234 AB".into(),
        city: "Zwolle".into(),
        district: "Centrum".into(),
        home_type: "EGW".into(),
        area_m2: 95.5,
        label_before: before,
        ep2_before: 360.0,
        ep2_assumed: false,
        package_id: "egw_schil".into(),
        package: "Schilisolatie (dak, vloer, spouw, HR++)".into(),
        heating: Default::default(),
        ep2_after: 180.0,
        label_after: after,
        start,
        end,
        cost_eur: cost,
        maintenance_combined: false,
        maintenance_saving_eur: 0.0,
        pepper_potted: pepper,
        private_in_block: pepper.then_some(6),
        species: if pepper {
            "vleermuis".into()
        } else {
            String::new()
        },
    }
}

fn listed(vhe: &str, complex: &str, label: Label, reason: &str, project: &str) -> ListedHome {
    ListedHome {
        vhe: vhe.into(),
        corporation: String::new(),
        complex: complex.into(),
        address: format!("Dorpsweg {}", &vhe[1..]),
        postcode: "1234 CD".into(),
        city: "Zwolle".into(),
        label,
        reason: reason.into(),
        detail: String::new(),
        category: reason.into(),
        project: project.into(),
        pepper_potted: false,
        permit_ready: None,
        permit_assumed: false,
        package_cost_eur: None,
    }
}

fn snapshot(moment: &str, labels: &[Label]) -> LabelSnapshot {
    let counts: Vec<(Label, usize)> = Label::ALL
        .iter()
        .map(|l| (*l, labels.iter().filter(|x| *x == l).count()))
        .collect();
    let efg = labels.iter().filter(|l| l.is_efg()).count();
    LabelSnapshot {
        moment: moment.into(),
        year_end: moment.strip_prefix("eind ").and_then(|y| y.parse().ok()),
        counts,
        efg,
    }
}

fn sample_plan() -> Plan {
    use Label::*;
    let scenario = Scenario::load(&Scenario::default_path()).expect("default scenario");
    let (a1, a2) = (Month::new(2024, 4), Month::new(2024, 5));
    let (b1, b2) = (Month::new(2025, 10), Month::new(2026, 1));
    let planned = vec![
        planned_home("V001", "C100", "C100-1", G, B, a1, a2, 20_000.0, false),
        planned_home("V002", "C100", "C100-1", F, A, a1, a2, 20_000.0, false),
        planned_home("V003", "C100", "C100-1", E, B, a1, a2, 20_000.0, false),
        planned_home("V004", "C200", "C200-1", F, A, b1, b2, 25_000.0, true),
        planned_home("V005", "C200", "C200-1", E, B, b1, b2, 25_000.0, true),
    ];
    let project =
        |id: &str, complex: &str, homes, start, end, months, cost, pepper: bool| PlannedProject {
            id: id.to_string(),
            corporation: String::new(),
            complex: String::from(complex),
            block: String::new(),
            homes,
            start,
            end,
            duration_months: months,
            pace_homes_per_month: homes as f64 / months as f64,
            cost_eur: cost,
            maintenance_homes: 0,
            maintenance_saving_eur: 0.0,
            species: if pepper {
                "vleermuis".into()
            } else {
                String::new()
            },
            pepper_potted: pepper,
            permit_ready: if pepper {
                "2025-03-01".into()
            } else {
                String::new()
            },
            permit_assumed: pepper,
        };
    let projects = vec![
        project("C100-1", "C100", 3, a1, a2, 2, 60_000.0, false),
        project("C200-1", "C200", 2, b1, b2, 4, 50_000.0, true),
    ];
    let year = |year, cost, budget, started, finished, factor| YearBudget {
        corporation: String::new(),
        year,
        cost_eur: cost,
        carried_cost_eur: 0.0,
        budget_eur: budget,
        homes_started: started,
        homes_finished: finished,
        escalation_factor: factor,
    };
    let years = vec![
        year(2024, 60_000.0, 2_600_000.0, 3, 3, 1.0),
        year(2025, 37_500.0, 4_500_000.0, 2, 0, 1.04),
        year(2026, 12_500.0, 4_500_000.0, 0, 2, 1.0816),
    ];
    let mut quarters = Vec::new();
    for y in 2024..=2026 {
        for q in 1..=4 {
            let cost = match (y, q) {
                (2024, 2) => 60_000.0,
                (2025, 4) => 37_500.0,
                (2026, 1) => 12_500.0,
                _ => 0.0,
            };
            quarters.push(QuarterCost {
                corporation: String::new(),
                year: y,
                quarter: q,
                cost_eur: cost,
            });
        }
    }
    let cy = |complex: &str, year, cost, started| ComplexYearCost {
        corporation: String::new(),
        complex: complex.into(),
        year,
        cost_eur: cost,
        homes_started: started,
    };
    let stage = |name: &str, objective| StageReport {
        name: name.into(),
        kind: StageKind::Cost,
        status: SolveStatus::Optimal,
        objective,
        bound: objective,
        bound_known: true,
        gap: 0.0,
        setup_s: 0.001,
        time_s: 0.01,
        method: StageMethod::LpBound,
        start_objective: objective,
        clock: false,
        clock_cut: false,
        window_gain: 0.0,
    };
    Plan {
        pace_side_by_side: false,
        reference_repair: None,
        scenario,
        source: SourceInfo {
            path: PathBuf::from("data/voorbeeld.xlsx"),
            file_name: "voorbeeld.xlsx".into(),
            sha256: "ab".repeat(32),
            sheet: "Woningen".into(),
            sheet_names: Vec::new(),
        },
        homes_read: 10,
        efg_homes: 8,
        not_efg_homes: 2,
        planned,
        projects,
        excluded: vec![
            listed("V006", "C300", G, "monument", ""),
            listed("V007", "C300", E, "sloop", ""),
        ],
        not_planned: vec![listed("V008", "C400", F, "budget", "C400-1")],
        warnings: vec![Problem::warning(
            "Woningen!J5",
            "EP2 200 past bij label C, geregistreerd label E; label E gebruikt",
        )],
        skipped: vec![SkippedRow {
            location: "Woningen!A12".into(),
            vhe: Some("V900".into()),
            reasons: vec![
                "onbekend energielabel \"H\"".into(),
                "gbo_m2 ontbreekt".into(),
            ],
        }],
        years,
        quarters,
        complex_years: vec![
            cy("C100", 2024, 60_000.0, 3),
            cy("C200", 2025, 37_500.0, 2),
            cy("C200", 2026, 12_500.0, 0),
        ],
        labels: vec![
            snapshot("start 2024", &[G, F, E, F, E, G, E, F, C, D]),
            snapshot("eind 2024", &[B, A, B, F, E, G, E, F, C, D]),
            snapshot("eind 2025", &[B, A, B, F, E, G, E, F, C, D]),
            snapshot("eind 2026", &[B, A, B, A, B, G, E, F, C, D]),
        ],
        solve: SolveReport {
            status: SolveStatus::Optimal,
            gap: 0.0,
            stages: vec![stage("woningen", 5.0), stage("kosten", 110_000.0)],
            variables: 42,
            constraints: 17,
            build_s: 0.005,
            time_s: 0.02,
            solver: "HiGHS".into(),
            free_pace: None,
        },
        tool_version: "0.1.0".into(),
        carried: Vec::new(),
        progress: None,
        carried_upgrades: Vec::new(),
        left_homes: Vec::new(),
    }
}

/// The same plan with no homes planned, excluded or not planned: every list is empty.
fn empty_plan() -> Plan {
    let mut plan = sample_plan();
    plan.planned.clear();
    plan.projects.clear();
    plan.excluded.clear();
    plan.not_planned.clear();
    plan.warnings.clear();
    plan.skipped.clear();
    plan.complex_years.clear();
    plan.homes_read = 2;
    plan.efg_homes = 0;
    for y in &mut plan.years {
        y.cost_eur = 0.0;
        y.homes_started = 0;
        y.homes_finished = 0;
    }
    for q in &mut plan.quarters {
        q.cost_eur = 0.0;
    }
    plan
}

// ---------------------------------------------------------------------------------------------
// Reading back
// ---------------------------------------------------------------------------------------------

type Grid = Vec<Vec<Data>>;

/// Every sheet as a grid of absolute positions (row 0 = Excel row 1).
fn read_workbook(path: &Path) -> BTreeMap<String, Grid> {
    let mut wb = open_workbook_auto(path).expect("workbook opens");
    let mut out = BTreeMap::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).expect("sheet reads");
        let mut grid = Vec::new();
        if let Some((end_row, end_col)) = range.end() {
            for r in 0..=end_row {
                let row: Vec<Data> = (0..=end_col)
                    .map(|c| range.get_value((r, c)).cloned().unwrap_or(Data::Empty))
                    .collect();
                grid.push(row);
            }
        }
        out.insert(name, grid);
    }
    out
}

fn sheet_order(path: &Path) -> Vec<String> {
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

fn number(d: &Data) -> f64 {
    match d {
        Data::Float(x) => *x,
        Data::Int(i) => *i as f64,
        other => panic!("expected a number cell, got {other:?}"),
    }
}

/// A list starting at `header_row`: its headers and data rows up to the first empty row.
struct List {
    headers: Vec<String>,
    rows: Vec<Vec<Data>>,
}

impl List {
    fn read(grid: &Grid, header_row: usize) -> List {
        let headers: Vec<String> = grid[header_row]
            .iter()
            .map(text)
            .take_while(|h| !h.is_empty())
            .collect();
        let rows = grid[header_row + 1..]
            .iter()
            .take_while(|r| r.iter().any(|d| *d != Data::Empty))
            .map(|r| r[..headers.len().min(r.len())].to_vec())
            .collect();
        List { headers, rows }
    }

    fn col(&self, name: &str) -> usize {
        self.headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("column {name} in {:?}", self.headers))
    }

    fn values(&self, name: &str) -> Vec<&Data> {
        let c = self.col(name);
        self.rows
            .iter()
            .map(|r| r.get(c).unwrap_or(&Data::Empty))
            .collect()
    }

    fn sum(&self, name: &str) -> f64 {
        self.values(name).into_iter().map(number).sum()
    }
}

/// Row index of the first cell in column A equal to `label`.
fn find_row(grid: &Grid, label: &str) -> usize {
    grid.iter()
        .position(|r| r.first().map(text).as_deref() == Some(label))
        .unwrap_or_else(|| panic!("row {label:?} not found"))
}

/// The value next to a key figure in `Samenvatting`.
fn figure(grid: &Grid, label: &str) -> f64 {
    number(&grid[find_row(grid, label)][1])
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

fn write_sample(dir: &Path) -> (Plan, PathBuf, BTreeMap<String, Grid>) {
    let plan = sample_plan();
    let path = dir.join("plan.xlsx");
    write_plan_workbook(&plan, &path).expect("workbook written");
    let sheets = read_workbook(&path);
    (plan, path, sheets)
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[test]
fn workbook_has_the_sheets_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let (_, path, _) = write_sample(dir.path());
    assert_eq!(sheet_order(&path), SHEETS.map(String::from).to_vec());
}

#[test]
fn list_sheets_have_the_spec_columns() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, sheets) = write_sample(dir.path());
    let required: [(&str, &[&str]); 7] = [
        (
            "Planning",
            &[
                "vhe",
                "complex",
                "project",
                "adres",
                "postcode",
                "plaats",
                "woningtype",
                "gbo_m2",
                "label_voor",
                "ep2_voor",
                "pakket",
                "ep2_na",
                "label_na",
                "startmaand",
                "kwartaal",
                "jaar",
                "kosten_eur",
                "gespikkeld",
                "ff_soorten",
            ],
        ),
        (
            "Projecten",
            &[
                "project",
                "complex",
                "woningen",
                "startmaand",
                "eindmaand",
                "duur_maanden",
                "kosten_eur",
                "ff_soorten",
                "gespikkeld",
            ],
        ),
        (
            "Begroting",
            &["jaar", "kwartaal", "kosten_eur", "budget_eur", "ruimte_eur"],
        ),
        (
            "Gespikkeld",
            &[
                "jaar",
                "kwartaal",
                "complex",
                "adres",
                "postcode",
                "plaats",
                "wijk",
                "pakket",
                "particulier_in_blok",
            ],
        ),
        (
            "Uitgesloten",
            &["vhe", "complex", "adres", "energielabel", "reden"],
        ),
        (
            "Niet ingepland",
            &["vhe", "complex", "adres", "energielabel", "reden"],
        ),
        ("Invoercontrole", &["cel", "melding"]),
    ];
    for (sheet, columns) in required {
        let list = List::read(&sheets[sheet], 0);
        // The spec's columns come first and in the spec's order (no corporation here).
        assert_eq!(&list.headers[..columns.len()], columns, "{sheet}");
    }
}

#[test]
fn numbers_are_numbers_and_months_are_text() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, sheets) = write_sample(dir.path());
    let planning = List::read(&sheets["Planning"], 0);
    assert_eq!(planning.rows.len(), 5);
    for name in ["gbo_m2", "ep2_voor", "ep2_na", "jaar", "kosten_eur"] {
        for v in planning.values(name) {
            assert!(matches!(v, Data::Float(_) | Data::Int(_)), "{name}: {v:?}");
        }
    }
    let months: Vec<String> = planning
        .values("startmaand")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(months[0], "2024-04");
    assert!(planning
        .values("startmaand")
        .iter()
        .all(|d| matches!(d, Data::String(_))));
    assert_eq!(text(planning.values("kwartaal")[0]), "2024-Q2");
    assert_eq!(text(planning.values("gespikkeld")[4]), "ja");
    let projects = List::read(&sheets["Projecten"], 0);
    assert!(matches!(
        projects.values("vergunning_gereed")[1],
        Data::DateTime(_)
    ));
    assert!(matches!(
        projects.values("woningen")[0],
        Data::Float(_) | Data::Int(_)
    ));
}

#[test]
fn costs_agree_between_planning_projects_and_budget() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, _, sheets) = write_sample(dir.path());
    let planning = List::read(&sheets["Planning"], 0).sum("kosten_eur");
    let projects = List::read(&sheets["Projecten"], 0).sum("kosten_eur");
    let budget = List::read(&sheets["Begroting"], 0);
    let kwartaal = budget.col("kwartaal");
    let kosten = budget.col("kosten_eur");
    let (mut year_totals, mut quarter_sum) = (0.0, 0.0);
    for row in &budget.rows {
        if text(&row[kwartaal]) == YEAR_TOTAL {
            year_totals += number(&row[kosten]);
            // Room is budget minus cost on every year total row.
            let room = number(&row[budget.col("ruimte_eur")]);
            let b = number(&row[budget.col("budget_eur")]);
            assert!(close(room, b - number(&row[kosten])));
        } else {
            quarter_sum += number(&row[kosten]);
        }
    }
    assert!(close(planning, 110_000.0), "{planning}");
    assert!(close(projects, planning), "{projects}");
    assert!(close(year_totals, planning), "{year_totals}");
    assert!(close(quarter_sum, planning), "{quarter_sum}");
    assert!(close(plan.total_cost_eur(), planning));
    assert_eq!(budget.rows.len(), 3 * 5, "4 quarters and a total per year");

    // The per-complex table sits below, under its own title.
    let grid = &sheets["Begroting"];
    let per_complex = List::read(grid, find_row(grid, "Kosten per complex en jaar") + 1);
    assert_eq!(
        per_complex.headers[..4],
        ["complex", "jaar", "kosten_eur", "woningen_gestart"]
    );
    assert!(close(per_complex.sum("kosten_eur"), planning));
    assert!(close(per_complex.sum("woningen_gestart"), 5.0));

    // Samenvatting: total and per-year table agree.
    let summary = &sheets["Samenvatting"];
    assert!(close(
        figure(summary, "Totale kosten (geïndexeerd)"),
        planning
    ));
    let years = List::read(
        summary,
        find_row(summary, "Kosten per jaar tegen budget") + 1,
    );
    assert_eq!(years.rows.len(), 4, "three years and a total");
    assert_eq!(text(&years.rows[3][0]), "totaal");
    assert!(close(
        number(&years.rows[3][years.col("Kosten (€)")]),
        planning
    ));
    let per_year: f64 = years.rows[..3]
        .iter()
        .map(|r| number(&r[years.col("Kosten (€)")]))
        .sum();
    assert!(close(per_year, planning));
}

#[test]
fn summary_counts_match_the_lists_and_every_home_is_in_one_place() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, _, sheets) = write_sample(dir.path());
    let summary = &sheets["Samenvatting"];
    let planning = List::read(&sheets["Planning"], 0);
    let excluded = List::read(&sheets["Uitgesloten"], 0);
    let not_planned = List::read(&sheets["Niet ingepland"], 0);
    let check = List::read(&sheets["Invoercontrole"], 0);
    let skipped = check
        .values("melding")
        .iter()
        .filter(|m| text(m).starts_with(SKIPPED_PREFIX))
        .count();

    assert_eq!(figure(summary, "Woningen ingelezen"), 10.0);
    assert_eq!(figure(summary, "Woningen met label E, F of G"), 8.0);
    assert_eq!(
        figure(summary, "Ingepland, totaal"),
        planning.rows.len() as f64
    );
    assert_eq!(
        figure(summary, "Uitgesloten, totaal"),
        excluded.rows.len() as f64
    );
    assert_eq!(
        figure(summary, "Niet ingepland, totaal"),
        not_planned.rows.len() as f64
    );
    assert_eq!(
        figure(summary, "Overgeslagen rijen (zie Invoercontrole)"),
        skipped as f64
    );
    assert_eq!(
        figure(summary, "Waarschuwingen bij de invoer"),
        (check.rows.len() - skipped) as f64
    );
    assert_eq!(figure(summary, "Uitgesloten: monument"), 1.0);
    assert_eq!(figure(summary, "Niet ingepland: budget"), 1.0);
    assert_eq!(figure(summary, "Ingepland, start in 2024"), 3.0);
    assert_eq!(figure(summary, "Ingepland, start in 2025"), 2.0);
    assert_eq!(figure(summary, "Ingepland, start in 2026"), 0.0);
    let status_row = find_row(summary, "Status rekenmodel");
    assert_eq!(text(&summary[status_row][1]), plan.solve.status_dutch());
    assert!(text(&summary[status_row][1]).starts_with(SolveStatus::Optimal.dutch()));
    // Each gap on its own row, as the plan's stages have them: proven homes have none.
    assert_eq!(figure(summary, "Gap woningen (relatief)"), 0.0);
    let cost_gap = plan.solve.gap_of(&[StageKind::Cost]).unwrap();
    assert!(cost_gap <= plan.scenario.solver.mip_rel_gap, "{cost_gap}");
    assert!((figure(summary, "Gap kosten (relatief)") - cost_gap).abs() <= 1e-4);

    // Every EFG home is planned, excluded or not planned; with the non-EFG count that is every
    // home read.
    let efg = planning.rows.len() + excluded.rows.len() + not_planned.rows.len();
    assert_eq!(efg, plan.efg_homes);
    assert_eq!(efg + plan.not_efg_homes, plan.homes_read);

    // Each vhe listed appears in exactly one list.
    let mut seen: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (sheet, list, col) in [
        ("Planning", &planning, "vhe"),
        ("Uitgesloten", &excluded, "vhe"),
        ("Niet ingepland", &not_planned, "vhe"),
        ("Invoercontrole", &check, "overgeslagen_vhe"),
    ] {
        for v in list.values(col) {
            if !text(v).is_empty() {
                seen.entry(text(v)).or_default().push(sheet);
            }
        }
    }
    for (vhe, places) in &seen {
        assert_eq!(places.len(), 1, "{vhe} in {places:?}");
    }
    assert_eq!(seen.len(), 9, "8 EFG homes and the skipped row");

    // The label table on Samenvatting shows the road to zero EFG.
    let labels = List::read(summary, find_row(summary, "Moment"));
    let efg_col = labels.col("EFG");
    let efg: Vec<f64> = labels.rows.iter().map(|r| number(&r[efg_col])).collect();
    assert_eq!(efg, [8.0, 5.0, 5.0, 3.0]);
}

#[test]
fn pepper_potted_and_check_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, sheets) = write_sample(dir.path());
    let pepper = List::read(&sheets["Gespikkeld"], 0);
    assert_eq!(pepper.rows.len(), 2);
    assert_eq!(text(pepper.values("kwartaal")[0]), "2025-Q4");
    assert_eq!(number(pepper.values("particulier_in_blok")[0]), 6.0);

    let check = List::read(&sheets["Invoercontrole"], 0);
    assert_eq!(text(&check.rows[0][0]), "Woningen!J5");
    assert_eq!(
        text(&check.rows[1][1]),
        "rij overgeslagen: onbekend energielabel \"H\"; gbo_m2 ontbreekt"
    );

    let np = List::read(&sheets["Niet ingepland"], 0);
    assert_eq!(text(np.values("project")[0]), "C400-1");
}

#[test]
fn assumptions_name_every_scenario_and_catalog_value() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, _, sheets) = write_sample(dir.path());
    let grid = &sheets["Aannames"];
    let all: Vec<String> = grid.iter().flatten().map(text).collect();
    let has = |s: &str| all.iter().any(|c| c == s);
    for p in &plan.scenario.catalog.packages {
        assert!(has(&p.id) && has(&p.name), "{}", p.id);
    }
    for s in &plan.scenario.species {
        assert!(has(&s.name), "{}", s.name);
    }
    for s in [
        plan.scenario.name.as_str(),
        plan.scenario.budget_source.as_str(),
        plan.source.sha256.as_str(),
        "voorbeeld.xlsx",
        "HiGHS",
        "woningen",
        "kosten",
        "0.1.0",
    ] {
        assert!(has(s), "{s}");
    }
    let budget = List::read(grid, find_row(grid, "jaar"));
    let first_year = *plan.scenario.budget_eur.keys().next().unwrap();
    assert_eq!(
        number(budget.values("budget (€)")[0]),
        plan.scenario.budget("", first_year)
    );
    let ep2 = List::read(grid, find_row(grid, "label"));
    assert_eq!(ep2.rows.len(), Label::ALL.len());
}

#[test]
fn writing_is_deterministic_except_for_the_run_time() {
    let dir = tempfile::tempdir().unwrap();
    let plan = sample_plan();
    // The same plan gives the same file, byte for byte (fixed document date).
    assert_eq!(
        plan_workbook_bytes(&plan).unwrap(),
        plan_workbook_bytes(&plan).unwrap()
    );

    // A second run of the same plan differs only in the solver's time.
    let mut rerun = plan.clone();
    rerun.solve.time_s = 3.456_789_012;
    let (a, b) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    write_plan_workbook(&plan, &a).unwrap();
    write_plan_workbook(&rerun, &b).unwrap();
    let (a, b) = (read_workbook(&a), read_workbook(&b));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    let run_time_rows = ["Rekentijd (s)", RUN_TIME_LABELS[0], RUN_TIME_LABELS[1]];
    let mut differing = 0;
    for (sheet, grid) in &a {
        let other = &b[sheet];
        assert_eq!(grid.len(), other.len(), "{sheet}");
        for (r, (x, y)) in grid.iter().zip(other).enumerate() {
            if run_time_rows.contains(&text(&x[0]).as_str()) {
                differing += usize::from(x != y);
                continue;
            }
            assert_eq!(x, y, "{sheet} row {}", r + 1);
        }
    }
    assert_eq!(
        differing, 2,
        "the run time shows in Samenvatting and Aannames"
    );
    // Aannames writes the time in its text column, to the millisecond, not as measured.
    let shown = b["Aannames"]
        .iter()
        .find(|row| text(&row[0]) == RUN_TIME_LABELS[0])
        .map(|row| row[1].clone());
    assert_eq!(shown, Some(Data::Float(3.457)));
}

#[test]
fn empty_lists_keep_their_header_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("leeg.xlsx");
    write_plan_workbook(&empty_plan(), &path).unwrap();
    let sheets = read_workbook(&path);
    for sheet in [
        "Planning",
        "Projecten",
        "Gespikkeld",
        "Uitgesloten",
        "Niet ingepland",
        "Invoercontrole",
    ] {
        let list = List::read(&sheets[sheet], 0);
        assert!(list.headers.len() >= 2, "{sheet}: {:?}", list.headers);
        assert!(list.rows.is_empty(), "{sheet}");
    }
    assert_eq!(figure(&sheets["Samenvatting"], "Ingepland, totaal"), 0.0);
}

#[test]
fn a_failed_write_leaves_the_good_file() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, path, _) = write_sample(dir.path());
    let good = fs::read(&path).unwrap();

    // A workbook open in LibreOffice (its lock file) is refused; the file stays as it was.
    let lock = dir.path().join(".~lock.plan.xlsx#");
    fs::write(&lock, b"").unwrap();
    let err = write_plan_workbook(&empty_plan(), &path).unwrap_err();
    assert!(matches!(err, OutputError::Locked { .. }), "{err}");
    assert!(err.to_string().contains("plan.xlsx"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), good);
    fs::remove_file(&lock).unwrap();

    // A missing directory is named.
    let missing = dir.path().join("bestaat-niet").join("plan.xlsx");
    let err = write_plan_workbook(&plan, &missing).unwrap_err();
    assert!(matches!(err, OutputError::MissingDirectory { .. }), "{err}");
    assert!(err.to_string().contains("bestaat-niet"), "{err}");
    assert!(!missing.exists());

    // Writing over a directory fails and leaves it alone.
    let err = write_json(&plan, dir.path()).unwrap_err();
    assert!(matches!(err, OutputError::IsDirectory { .. }), "{err}");

    // No temporary files are left behind.
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["plan.xlsx"]);
}

#[test]
fn output_must_not_overwrite_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("voorraad.xlsx");
    fs::write(&input, b"stock").unwrap();
    let err = refuse_same_file(&input, &input).unwrap_err();
    assert!(matches!(err, OutputError::SameFile { .. }));
    assert!(err.to_string().contains("voorraad.xlsx"), "{err}");
    fs::create_dir(dir.path().join("sub")).unwrap();
    let roundabout = dir.path().join("sub").join("..").join("voorraad.xlsx");
    assert!(refuse_same_file(&input, &roundabout).is_err());
    assert!(refuse_same_file(&input, &dir.path().join("plan.xlsx")).is_ok());
    assert!(refuse_same_file(&input, &dir.path().join("sub").join("voorraad.xlsx")).is_ok());
}

#[test]
fn municipality_workbook_explains_and_lists() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gemeente.xlsx");
    write_municipality_workbook(&sample_plan(), &path).unwrap();
    assert_eq!(sheet_order(&path), ["Gespikkeld"]);
    let grid = &read_workbook(&path)["Gespikkeld"];
    let header = find_row_with(grid, "Adres");
    assert!(header >= 3, "explanation above the table");
    let intro: String = grid[..header].iter().map(|r| text(&r[0]) + "\n").collect();
    // The corporation, not its export file (helper 66); without a name, no line that says
    // none (helper 82).
    assert!(!intro.contains("Planning van"), "{intro}");
    assert!(!intro.contains("voorbeeld.xlsx"), "{intro}");
    assert!(intro.contains("2025: 2 corporatiewoningen in "), "{intro}");
    // Every year of the plan period has its line, also one without such homes (helper 69).
    for y in 2024..=2026 {
        assert!(intro.contains(&format!("\n{y}: ")), "{y}: {intro}");
    }
    assert!(intro.contains("particuliere eigenaren"), "{intro}");
    assert!(intro.contains("april"), "{intro}");
    assert!(intro.contains("Wat is gespikkeld bezit?"), "{intro}");
    assert!(intro.contains("Contact"), "{intro}");
    let list = List::read(grid, header);
    assert_eq!(list.rows.len(), 2);
    // Natural order: house number 4 before 5 (the addresses are "Kerkstraat 004", "... 005").
    assert_eq!(text(list.values("Adres")[0]), "Kerkstraat 004");
    assert_eq!(number(list.values("Particuliere woningen in blok")[0]), 6.0);

    // A street whose name holds a number keeps it in the table per block.
    let mut plan = sample_plan();
    for h in plan.planned.iter_mut() {
        h.street = "Plein 1944".into();
        h.address = format!("Plein 1944 {}", &h.vhe[1..]);
    }
    let digits = dir.path().join("plein.xlsx");
    write_municipality_workbook(&plan, &digits).unwrap();
    let grid = &read_workbook(&digits)["Gespikkeld"];
    let cells: Vec<String> = grid.iter().flatten().map(text).collect();
    assert!(cells.iter().any(|c| c == "Plein 1944"), "{cells:?}");

    // A year without starts names the work that runs on into it (helper 77): the sample's
    // block runs from 2025-10 to 2026-01, one of its homes here to 2026-02.
    let mut plan = sample_plan();
    let home = plan
        .planned
        .iter_mut()
        .find(|h| h.pepper_potted)
        .expect("a pepper-potted home");
    (home.start, home.end) = (Month::new(2025, 12), Month::new(2026, 2));
    let running = dir.path().join("doorlopend.xlsx");
    write_municipality_workbook(&plan, &running).unwrap();
    let grid = &read_workbook(&running)["Gespikkeld"];
    let intro: String = grid.iter().map(|r| text(&r[0]) + "\n").collect();
    assert!(
        intro.contains("\n2026: geen nieuwe starts tussen particuliere woningen; werk dat eerder begon, loopt door tot en met februari 2026 (2 corporatiewoningen in 1 blok, in de tabellen van 2025).\n"),
        "{intro}"
    );
    assert!(
        intro.contains("\n2024: geen woningen tussen particuliere woningen ingepland.\n"),
        "{intro}"
    );

    // The list of a year without starts names the scenario's contact, not a line to fill in
    // (helper 78).
    plan.scenario.contact = Some("Team Wonen, 013-1234567".into());
    let one_year = dir.path().join("2024.xlsx");
    retrofit::output::municipality::write_municipality_workbook_for(&plan, &one_year, Some(2024))
        .unwrap();
    let grid = &read_workbook(&one_year)["Gespikkeld"];
    let intro: String = grid.iter().map(|r| text(&r[0]) + "\n").collect();
    assert!(
        intro.contains("\nContact bij de corporatie: Team Wonen, 013-1234567\n"),
        "{intro}"
    );

    // Without pepper-potted homes the sheet says so, with no empty table under it (helpers 90
    // and 92 read a lone header as a table left empty by mistake).
    let empty = dir.path().join("leeg.xlsx");
    write_municipality_workbook(&empty_plan(), &empty).unwrap();
    let grid = &read_workbook(&empty)["Gespikkeld"];
    let intro: String = grid.iter().map(|r| text(&r[0]) + "\n").collect();
    assert!(
        intro.contains("geen woningen tussen particuliere woningen"),
        "{intro}"
    );
    assert!(
        !grid.iter().any(|r| r.iter().any(|d| text(d) == "Adres")),
        "{grid:?}"
    );
}

/// The first row with `label` in any of its cells (a table's header row).
fn find_row_with(grid: &Grid, label: &str) -> usize {
    grid.iter()
        .position(|r| r.iter().any(|d| text(d) == label))
        .unwrap_or_else(|| panic!("row with {label:?} not found"))
}

#[test]
fn json_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let plan = sample_plan();
    let path = dir.path().join("plan.json");
    write_json(&plan, &path).unwrap();
    let v: serde_json::Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(v["planned"].as_array().unwrap().len(), 5);
    assert_eq!(v["projects"].as_array().unwrap().len(), 2);
    assert_eq!(v["excluded"].as_array().unwrap().len(), 2);
    assert_eq!(v["not_planned"].as_array().unwrap().len(), 1);
    assert_eq!(v["skipped"].as_array().unwrap().len(), 1);
    assert_eq!(v["homes_read"], 10);
    assert_eq!(v["planned"][0]["start"], "2024-04");
    assert_eq!(v["scenario"]["name"], plan.scenario.name.as_str());
}

#[test]
fn csv_and_parquet_tables() {
    let dir = tempfile::tempdir().unwrap();
    let plan = sample_plan();
    let expected_rows = [
        ("planning", 5),
        ("projecten", 2),
        ("begroting", 15),
        ("begroting_complex", 3),
        ("gespikkeld", 2),
        ("uitgesloten", 2),
        ("niet_ingepland", 1),
        ("invoercontrole", 2),
    ];

    let csv_dir = dir.path().join("csv");
    let written = write_tables(&plan, &csv_dir, TableFormat::Csv).unwrap();
    assert_eq!(written.len(), expected_rows.len());
    for (stem, rows) in expected_rows {
        let text = fs::read_to_string(csv_dir.join(format!("{stem}.csv"))).unwrap();
        assert_eq!(text.lines().count(), rows + 1, "{stem}");
    }
    let planning = fs::read_to_string(csv_dir.join("planning.csv")).unwrap();
    let header = planning
        .lines()
        .next()
        .unwrap()
        .trim_start_matches('\u{feff}');
    assert!(header.starts_with("vhe;complex;project;adres"), "{header}");
    assert!(planning.contains(";2024-04;"), "months as text");

    let pq_dir = dir.path().join("parquet");
    write_tables(&plan, &pq_dir, TableFormat::Parquet).unwrap();
    for (stem, rows) in expected_rows {
        let file = fs::File::open(pq_dir.join(format!("{stem}.parquet"))).unwrap();
        use polars::prelude::SerReader;
        let df = polars::prelude::ParquetReader::new(file).finish().unwrap();
        assert_eq!(df.height(), rows, "{stem}");
    }

    // A table directory whose parent is missing is named, not created.
    let deep = dir.path().join("geen").join("tabellen");
    let err = write_tables(&plan, &deep, TableFormat::Csv).unwrap_err();
    assert!(matches!(err, OutputError::MissingDirectory { .. }), "{err}");
}

/// Not a check: writes the workbooks of a real plan (synthetic stock of 2,000 homes through the
/// whole pipeline) into `$RETROFIT_RENDER_DIR`, for `scripts/render.sh` and for looking at.
/// `RETROFIT_RENDER_DIR=/tmp/render cargo test --test main render_sample -- --ignored`
#[test]
#[ignore]
fn render_sample() {
    let Some(dir) = std::env::var_os("RETROFIT_RENDER_DIR") else {
        eprintln!("RETROFIT_RENDER_DIR not set; nothing written");
        return;
    };
    let dir = PathBuf::from(dir);
    fs::create_dir_all(&dir).unwrap();
    let scenario = Scenario::load(&Scenario::default_path()).unwrap();
    let homes = retrofit::synth::generate(&retrofit::synth::SynthSpec::new(2000, 1, 7));
    let stock = retrofit::input::Stock {
        rows_read: homes.len(),
        homes,
        warnings: sample_plan().warnings,
        skipped: sample_plan().skipped,
        budgets: Vec::new(),
        capacities: Vec::new(),
        districts: Vec::new(),
        source: sample_plan().source,
    };
    let prep = retrofit::projects::prepare(&stock.homes, &scenario);
    let options = retrofit::model::ScheduleOptions::from_scenario(&scenario);
    let schedule = retrofit::model::schedule(&prep.projects, &scenario, &options).unwrap();
    let plan = retrofit::plan::build(&stock, &scenario, &prep, &schedule);
    write_plan_workbook(&plan, &dir.join("plan.xlsx")).unwrap();
    write_municipality_workbook(&plan, &dir.join("gemeente.xlsx")).unwrap();
    retrofit::output::write_tenants_workbook(&plan, &dir.join("huurders.xlsx")).unwrap();
    write_json(&plan, &dir.join("plan.json")).unwrap();
    write_tables(&plan, &dir.join("csv"), TableFormat::Csv).unwrap();
}

/// The text of the tenants' overview written for `plan` to `path`, cell by cell.
fn tenants_text(plan: &retrofit::plan::Plan, path: &Path) -> String {
    retrofit::output::write_tenants_workbook(plan, path).unwrap();
    read_workbook(path)["Huurders"]
        .iter()
        .flatten()
        .map(text)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn tenants_overview_of_a_plan_without_homes_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huurders.xlsx");
    let all = tenants_text(&empty_plan(), &path);
    assert_eq!(sheet_order(&path), ["Huurders"]);
    assert!(all.contains("geen woningen ingepland"), "{all}");

    // The hand-made plan: two complexes, each with its title and the statement on the rent.
    let all = tenants_text(&sample_plan(), &path);
    assert!(all.contains("Verduurzaming complex C100"), "{all}");
    assert!(all.contains("Verduurzaming complex C200"), "{all}");
    assert_eq!(
        all.matches(retrofit::output::tenants::NO_RENT_INCREASE)
            .count(),
        2
    );
    use retrofit::output::tenants::HEAT_PUMP_RENT;
    assert!(!all.contains(HEAT_PUMP_RENT), "{all}");
    // A complex whose package installs a heat pump: the promise says it covers insulation.
    let mut plan = sample_plan();
    for h in plan.planned.iter_mut().filter(|h| h.complex == "C200") {
        h.heating = retrofit::heat_plan::Heating::HybridHeatPump;
    }
    let all = tenants_text(&plan, &path);
    assert_eq!(all.matches(HEAT_PUMP_RENT).count(), 1, "{all}");
    let c200 = all.find("Verduurzaming complex C200").unwrap();
    assert!(all.find(HEAT_PUMP_RENT).unwrap() > c200, "{all}");
    // Complexes of which no home is planned are named on a last page (helper 66); one with
    // planned homes is not (its page says how many others are left out).
    let mut plan = sample_plan();
    plan.not_planned = vec![
        listed("V31", "C300", Label::G, "budget", "P300"),
        listed("V32", "C300", Label::F, "budget", "P300"),
        listed("V9", "C100", Label::E, "budget", "P100-2"),
    ];
    let all = tenants_text(&plan, &path);
    let section = &all[all.find("Niet in deze planning").expect("the section")..];
    assert!(section.contains("Complex C300"), "{section}");
    assert!(section.contains(": 2 woningen"), "{section}");
    assert!(!section.contains("C100"), "{section}");
    assert!(!section.contains("(vervolg)"), "{section}");
    // A list longer than a page says what it lists on each next page (helper 82).
    plan.not_planned = (0..150)
        .map(|i| {
            listed(
                &format!("W{i}"),
                &format!("K{i:03}"),
                Label::E,
                "budget",
                &format!("PK{i:03}"),
            )
        })
        .collect();
    let all = tenants_text(&plan, &path);
    let section = &all[all.find("Niet in deze planning").expect("the section")..];
    assert!(section.contains("Complex K149"), "{section}");
    assert!(
        section.matches("Niet in deze planning (vervolg)").count() >= 2,
        "{section}"
    );
}
