//! `retrofit vergelijk`: scenario variants against a baseline, the stability tie-break, and the
//! comparison workbook read back against the plans `retrofit plan --scenario` writes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook_auto, Data, Reader};
use retrofit::compare::{self, ScenarioRow};
use retrofit::input::Stock;
use retrofit::scenario::{Month, Scenario};
use retrofit::stock::Label;

use crate::model::{complex, options, scenario, stock};

/// A (G, 10 homes), B (F, 10), C (E, 10), D (E, 5), € 10,000 a home, projects of one month,
/// no escalation, ample capacity; 2024 and 2025 with € 200,000 each.
fn small() -> (Stock, Scenario) {
    let mut homes = complex("A", 10, Label::G);
    homes.extend(complex("B", 10, Label::F));
    homes.extend(complex("C", 10, Label::E));
    homes.extend(complex("D", 5, Label::E));
    let mut s = scenario();
    s.name = "basis".into();
    s.deadline_month = Month::new(2025, 12);
    s.budget_eur = [(2024, 200_000.0), (2025, 200_000.0)].into_iter().collect();
    s.capacity_homes_per_month = [(2024, 1e6), (2025, 1e6)].into_iter().collect();
    (stock(homes), s)
}

fn start(plan: &retrofit::plan::Plan, id: &str) -> Option<Month> {
    plan.projects.iter().find(|p| p.id == id).map(|p| p.start)
}

#[test]
fn a_budget_cut_moves_one_project_and_drops_one_and_an_identical_variant_moves_none() {
    let (stock, base) = small();
    let same = Scenario {
        name: "zelfde".into(),
        ..base.clone()
    };
    // 2024 cut to € 100,000 (one project of ten homes), 2025 stays € 200,000 (two): 30 homes at
    // most, so D (5 homes) drops out. Keeping A in 2024 (the G homes first) and C in 2025 as
    // in the baseline, only B moves, from 2024-01 to 2025-01.
    let mut cut = base.clone();
    cut.name = "2024 -50 %".into();
    cut.budget_eur.insert(2024, 100_000.0);
    let plans = compare::plan_all(&stock, &[base, same, cut], &|_| options(), &|_| {}).unwrap();
    let jan = |y| Some(Month::new(y, 1));
    // Baseline, by hand: € 200,000 a year holds two projects in 2024; G and F go first.
    assert_eq!(start(&plans[0], "PA"), jan(2024));
    assert_eq!(start(&plans[0], "PB"), jan(2024));
    assert_eq!(start(&plans[0], "PC"), jan(2025));
    assert_eq!(start(&plans[0], "PD"), jan(2025));

    assert_eq!(start(&plans[2], "PA"), jan(2024));
    assert_eq!(start(&plans[2], "PB"), jan(2025));
    assert_eq!(start(&plans[2], "PC"), jan(2025));
    assert_eq!(start(&plans[2], "PD"), None);
    // With D no plan reaches 30 homes (in 2024 only D fits beside nothing else): the reason
    // holds for every optimal plan.
    assert!(plans[2]
        .not_planned
        .iter()
        .any(|h| h.project == "PD" && h.category == "budget"));

    let mut c = compare::compare(&plans);
    compare::explain_moves(&stock, &plans, &mut c);
    let moved: Vec<usize> = c
        .rows
        .iter()
        .map(|r: &ScenarioRow| r.projects_moved)
        .collect();
    assert_eq!(moved, vec![0, 0, 2]);
    let ids: Vec<&str> = c.differences.iter().map(|d| d.project.as_str()).collect();
    assert_eq!(ids, ["PB", "PD"]);
    let b = &c.differences[0];
    assert_eq!(b.change_months(1), Some(0));
    assert_eq!(b.change_months(2), Some(12));
    // Why B moved, recomputed: in 2024-01 beside A (€ 100,000 of the cut € 100,000), B's
    // € 100,000 overruns 2024's budget. The baseline's column and the unmoved scenario say
    // nothing.
    assert_eq!(
        b.why[2],
        "later: in de startmaand van de basis (2024-01) past het niet naast de rest van dit plan (het budget van 2024 is te krap)"
    );
    assert_eq!(b.why[0], "");
    assert_eq!(b.why[1], "");
    let d = &c.differences[1];
    // Not planned: its category is in its start's column, its reason in a line beside it
    // (helper 77 found that column empty).
    assert_eq!(
        d.why[2],
        "budget: past bij geen enkele startmaand binnen het budget, bij het tempo per start van het rekenmodel"
    );
    assert_eq!(d.homes, 5);
    assert_eq!(d.change_months(2), None);
    assert!(matches!(&d.starts[2], Err(reason) if reason.contains("budget")));
    assert_eq!(c.rows[2].homes_planned, 30);
    assert_eq!(c.rows[2].efg_at_deadline, 5);
}

/// A project a scenario adds says where the baseline has it and what the scenario gives more
/// where it starts (helper 82: an empty "Waarom" beside "erbij"). The baseline (2024 cut to
/// € 100,000) leaves D out; with € 250,000 in 2025 D fits there beside B and C.
#[test]
fn a_project_a_scenario_adds_says_why() {
    let (stock, mut cut) = small();
    cut.budget_eur.insert(2024, 100_000.0);
    let mut more = cut.clone();
    more.name = "meer 2025".into();
    more.budget_eur.insert(2025, 250_000.0);
    more.capacity_homes_per_month.insert(2025, 2e6);
    let plans = compare::plan_all(&stock, &[cut, more], &|_| options(), &|_| {}).unwrap();
    assert_eq!(start(&plans[0], "PD"), None);
    assert_eq!(start(&plans[1], "PD"), Some(Month::new(2025, 1)));
    let mut c = compare::compare(&plans);
    compare::explain_moves(&stock, &plans, &mut c);
    let d = c
        .differences
        .iter()
        .find(|d| d.project == "PD")
        .expect("D differs");
    assert_eq!(
        d.why[1],
        "erbij: in de basis niet ingepland: budget; hier start het in 2025-01, waar dit scenario meer geeft: het budget van 2025 (€ 250.000 in plaats van € 200.000) en de capaciteit in 2025-01 (2.000.000 in plaats van 1.000.000 woningen per maand)"
    );
}

/// A project a scenario adds where it gives no more in the project's own years and months
/// names what it gives elsewhere (helper 96 read "zie Instellingen anders dan de basis"). The
/// baseline (2024 cut to € 100,000) leaves D out; with 2024 back at € 200,000, B moves into
/// 2024 and D, whose permit is for 2025, fits there, whose budget is the same in both.
#[test]
fn a_project_added_by_room_elsewhere_names_where() {
    let (mut stock, mut cut) = small();
    for h in stock.homes.iter_mut().filter(|h| h.complex == "D") {
        h.permit_date = chrono::NaiveDate::from_ymd_opt(2025, 1, 1);
    }
    cut.budget_eur.insert(2024, 100_000.0);
    let mut more = cut.clone();
    more.name = "meer 2024".into();
    more.budget_eur.insert(2024, 200_000.0);
    let plans = compare::plan_all(&stock, &[cut, more], &|_| options(), &|_| {}).unwrap();
    assert_eq!(start(&plans[0], "PD"), None);
    assert_eq!(start(&plans[1], "PD").map(|m| m.year()), Some(2025));
    let mut c = compare::compare(&plans);
    compare::explain_moves(&stock, &plans, &mut c);
    let d = c
        .differences
        .iter()
        .find(|d| d.project == "PD")
        .expect("D differs");
    assert_eq!(
        d.why[1],
        format!(
            "erbij: in de basis niet ingepland: budget; hier start het in {}; in zijn eigen jaren en maanden geeft dit scenario niet meer, wel elders, waar andere projecten heen kunnen: het budget van 2024 (€ 200.000 in plaats van € 100.000)",
            start(&plans[1], "PD").unwrap()
        )
    );
}

#[test]
fn without_the_reference_a_tie_may_move_projects_with_it_none_move() {
    // Budget 2024 raised to hold everything, no escalation: every start in 2024 or 2025 costs
    // the same. The order G-F-E alone would pull C and D into 2024-01; with the baseline as
    // reference they stay in 2025-01, since moving them gains neither homes nor cost.
    let (stock, base) = small();
    let mut more = base.clone();
    more.name = "meer 2024".into();
    more.budget_eur.insert(2024, 400_000.0);
    let alone = compare::plan_scenario(&stock, &more, &options(), None).unwrap();
    assert_eq!(start(&alone, "PC"), Some(Month::new(2024, 1)));
    let plans = compare::plan_all(&stock, &[base, more], &|_| options(), &|_| {}).unwrap();
    assert_eq!(start(&plans[1], "PC"), Some(Month::new(2025, 1)));
    assert_eq!(start(&plans[1], "PD"), Some(Month::new(2025, 1)));
    assert!(compare::compare(&plans).differences.is_empty());
    let status = plans[1].solve.status_dutch();
    assert!(status.contains("stabiliteit"), "{status}");
}

// ---- the command, read back ----

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn retrofit(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_retrofit"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the retrofit binary runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn grid(path: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut wb = open_workbook_auto(path).expect("workbook opens");
    let range = wb.worksheet_range(sheet).expect(sheet);
    range.rows().map(|r| r.to_vec()).collect()
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn cell_num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// The rows of `Vergelijking` under its header row (row 4), by header name.
fn comparison_rows(path: &Path) -> Vec<HashMap<String, Data>> {
    let g = grid(path, "Vergelijking");
    let header: Vec<String> = g[3].iter().map(cell_text).collect();
    g[4..]
        .iter()
        .take_while(|r| r.first().is_some_and(|c| !matches!(c, Data::Empty)))
        .map(|r| header.iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

/// From a plan workbook's `Samenvatting`: per year (cost, homes started), and EFG per moment.
struct PlanFigures {
    years: HashMap<i32, (f64, f64)>,
    efg: HashMap<String, f64>,
    /// `Samenvatting`'s CO2 avoided to the deadline (tonnes).
    co2_t: Option<f64>,
}

fn plan_figures(path: &Path) -> PlanFigures {
    let g = grid(path, "Samenvatting");
    let mut years = HashMap::new();
    let mut efg = HashMap::new();
    let mut efg_col = None;
    let mut co2_t = None;
    for row in &g {
        let first = row.first().map(cell_text).unwrap_or_default();
        if first.starts_with("CO₂ minder t/m") && first.ends_with("(ton)") {
            co2_t = row.get(1).map(cell_num);
        }
        if first.eq_ignore_ascii_case("moment") {
            efg_col = row.iter().position(|c| cell_text(c) == "EFG");
            continue;
        }
        if let (Some(col), true) = (
            efg_col,
            first.starts_with("eind ") || first.starts_with("start "),
        ) {
            efg.insert(first.clone(), cell_num(&row[col]));
            continue;
        }
        if let Ok(y) = first.parse::<i32>() {
            if efg_col.is_none() && !years.contains_key(&y) {
                years.insert(y, (cell_num(&row[1]), cell_num(&row[5])));
            }
        }
    }
    PlanFigures { years, efg, co2_t }
}

#[test]
fn vergelijk_rows_equal_the_plans_of_each_scenario_read_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(
        d.join("min20.toml"),
        // 2027 lies after the deadline: said under this scenario only, and not counted.
        "name = \"budget 2025 -20 %\"\n[budget_eur]\n2025 = 2_800_000\n2027 = 1\n",
    )
    .unwrap();
    std::fs::write(d.join("zelfde.toml"), "# niets anders\n").unwrap();
    let run = retrofit(
        d,
        &[
            "vergelijk",
            "-q",
            "--scenario",
            "standaard",
            "--scenario",
            "zelfde.toml",
            "--scenario",
            "min20.toml",
            "--plannen",
            "plannen",
            "-o",
            "v.xlsx",
            "--tijdslimiet",
            "45",
        ],
    );
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("zelfde: "), "{}", run.stdout);
    let note = "  let op: het budget voor 2027 (scenario min20.toml) telt niet mee";
    assert_eq!(run.stdout.matches(note).count(), 1, "{}", run.stdout);
    assert!(
        run.stdout
            .split(note)
            .next()
            .is_some_and(|before| before.contains("budget 2025 -20 %: ")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("0 projecten anders dan de basis"),
        "{}",
        run.stdout
    );
    // A note that every scenario has is said once, after them; one of a single scenario stays
    // under it (helper 108: the same note under each of five scenarios).
    let past = "de planning begint in 2024-01, vóór deze maand";
    let same = retrofit(
        d,
        &[
            "vergelijk",
            "-q",
            "--scenario",
            "standaard",
            "--scenario",
            "zelfde.toml",
            "-o",
            "zelfde.xlsx",
        ],
    );
    assert_eq!(same.code, Some(0), "{}", same.stderr);
    assert_eq!(same.stdout.matches(past).count(), 1, "{}", same.stdout);
    assert!(
        same.stdout
            .contains(&format!("Let op, bij elk scenario: {past}")),
        "{}",
        same.stdout
    );
    assert_eq!(run.stdout.matches(note).count(), 1, "{}", run.stdout);
    let rows = comparison_rows(&d.join("v.xlsx"));
    assert_eq!(rows.len(), 3);
    assert_eq!(cell_text(&rows[1]["Scenario"]), "zelfde");
    for row in &rows {
        // Every planned home had label G, F or E.
        let gfe: f64 = ["Waarvan G", "Waarvan F", "Waarvan E"]
            .iter()
            .map(|k| cell_num(&row[*k]))
            .sum();
        assert_eq!(gfe, cell_num(&row["Woningen ingepland"]));
        assert!(cell_text(&row["Prioriteit"]).starts_with("meeste woningen"));
    }
    assert_eq!(cell_num(&rows[1]["Projecten anders dan basis"]), 0.0);
    assert!(cell_num(&rows[2]["Projecten anders dan basis"]) > 0.0);
    // Which settings differ from the baseline, in the words of `Aannames`.
    let changed = |r: usize| cell_text(&rows[r]["Instellingen anders dan de basis"]);
    assert_eq!(changed(0), "basis");
    assert_eq!(changed(1), "geen (alleen naam of bestand)");
    assert!(
        changed(2).starts_with("budget 2025: € ")
            && changed(2).contains(" → € 2.800.000; budget 2027: geen → € 1"),
        "{}",
        changed(2)
    );
    let differences = grid(&d.join("v.xlsx"), "Verschillen");
    let listed = differences.len() - 4;
    assert_eq!(
        listed as f64,
        cell_num(&rows[2]["Projecten anders dan basis"])
    );

    // The baseline row is `retrofit plan` itself; every row is the plan --plannen wrote.
    let base = retrofit(d, &["plan", "-q", "-o", "basis.xlsx"]);
    assert_eq!(base.code, Some(0), "{}", base.stderr);
    let variant = retrofit(
        d,
        &["plan", "-q", "--scenario", "min20.toml", "-o", "min20.xlsx"],
    );
    assert_eq!(variant.code, Some(0), "{}", variant.stderr);
    let mut written: Vec<PathBuf> = std::fs::read_dir(d.join("plannen"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    written.sort();
    assert_eq!(written.len(), 3);
    // Each plan's `Aannames` names the limit of --tijdslimiet, which its solve had (helper 82:
    // the scenario's 60 s).
    for path in &written {
        let limit = grid(path, "Aannames")
            .into_iter()
            .find(|r| cell_text(&r[0]).starts_with("solver tijdslimiet per corporatie"))
            .map(|r| cell_num(&r[1]));
        assert_eq!(limit, Some(45.0), "{}", path.display());
    }
    let check = |row: &HashMap<String, Data>, plan: &PlanFigures, exact: bool| {
        let mut total = 0.0;
        let (mut started_all, mut shown_all) = (0.0, 0.0);
        for (y, (cost, started)) in &plan.years {
            total += cost;
            let shown_started = cell_num(&row[&format!("Woningen gestart {y}")]);
            started_all += started;
            shown_all += shown_started;
            let shown = cell_num(&row[&format!("Kosten {y}")]);
            if exact {
                assert_eq!(shown_started, *started, "{y}");
                assert!((shown - cost).abs() < 0.5, "{y}: {shown} != {cost}");
            }
        }
        // Planned beside the baseline, the variant keeps the baseline's years where that costs
        // no homes and no more: its homes per year may differ from the plan made alone, its
        // homes in all may not.
        assert_eq!(shown_all, started_all);
        if exact {
            let co2 = plan.co2_t.expect("CO2 in Samenvatting");
            let shown = cell_num(&row["CO₂ minder t/m deadline (ton)"]);
            assert!((shown - co2).abs() < 0.05, "CO2 {shown} != {co2}");
        }
        let shown_total = cell_num(&row["Totale kosten"]);
        // Cost is proven within the scenario's gap (0.1 %): a plan solved on its own may pick
        // another plan within that gap.
        let tolerance = if exact { 0.5 } else { 0.001 * total };
        assert!(
            (shown_total - total).abs() <= tolerance,
            "{shown_total} != {total}"
        );
        for (moment, n) in &plan.efg {
            if let Some(y) = moment.strip_prefix("eind ") {
                let key = format!("EFG over eind {y}");
                if exact {
                    assert_eq!(cell_num(&row[&key]), *n, "{moment}");
                }
            }
        }
        let last = plan
            .efg
            .iter()
            .filter(|(m, _)| m.starts_with("eind "))
            .max_by_key(|(m, _)| (*m).clone())
            .map(|(_, n)| *n)
            .unwrap();
        assert_eq!(cell_num(&row["EFG over bij deadline"]), last);
    };
    check(&rows[0], &plan_figures(&d.join("basis.xlsx")), true);
    for (row, path) in rows.iter().zip(&written) {
        check(row, &plan_figures(path), true);
    }
    // The variant planned on its own: the same homes, and the same cost within the cost gap.
    let alone = plan_figures(&d.join("min20.xlsx"));
    check(&rows[2], &alone, false);
}

#[test]
fn a_budget_series_gives_one_row_per_step_with_the_marginal_homes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = retrofit(
        dir.path(),
        &[
            "vergelijk",
            "-q",
            "--budget-reeks",
            "80:120:20",
            "-o",
            "r.xlsx",
        ],
    );
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    let g = grid(&dir.path().join("r.xlsx"), "Budgetgevoeligheid");
    let steps: Vec<&Vec<Data>> = g[4..]
        .iter()
        .take_while(|r| matches!(r.first(), Some(Data::Float(_)) | Some(Data::Int(_))))
        .collect();
    let pcts: Vec<f64> = steps.iter().map(|r| cell_num(&r[0])).collect();
    assert_eq!(pcts, vec![80.0, 100.0, 120.0]);
    let homes: Vec<f64> = steps.iter().map(|r| cell_num(&r[2])).collect();
    assert!(homes[0] <= homes[1] && homes[1] <= homes[2], "{homes:?}");
    // Extra homes per extra € 100,000 against the previous step, recomputed.
    for k in 1..steps.len() {
        let extra_budget = cell_num(&steps[k][1]) - cell_num(&steps[k - 1][1]);
        let expected = (homes[k] - homes[k - 1]) / extra_budget * 100_000.0;
        assert!((cell_num(&steps[k][5]) - expected).abs() < 1e-6);
    }
    // The 100 % step is the baseline itself.
    let base = comparison_rows(&dir.path().join("r.xlsx"));
    assert_eq!(cell_num(&base[0]["Woningen ingepland"]), homes[1]);
}

/// More capacity lets the plan move projects to cheaper months: `Verschillen` says, above the
/// projects, what the baseline's plan mended only where it no longer fits would plan and what
/// the moves buy (helper 94 read only "het budget van 2027 is te krap" per project). This
/// plan's part of the line is its own figures in `Vergelijking`.
#[test]
fn verschillen_says_what_a_scenarios_moves_buy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(
        d.join("cap.toml"),
        "name = \"cap +50\"\n[capacity_homes_per_month]\n2024 = 45\n2025 = 45\n2026 = 45\n",
    )
    .unwrap();
    let run = retrofit(
        d,
        &[
            "vergelijk",
            "-q",
            "--scenario",
            "standaard",
            "--scenario",
            "cap.toml",
            "-o",
            "v.xlsx",
        ],
    );
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    let rows = comparison_rows(&d.join("v.xlsx"));
    let differences = grid(&d.join("v.xlsx"), "Verschillen");
    let line = cell_text(&differences[2][0]);
    assert!(
        line.starts_with(
            "cap +50: Het plan van de basis, alleen aangepast waar het in dit scenario niet past"
        ),
        "{line}"
    );
    let thousands = |x: f64| {
        let digits = format!("{}", x.round() as i64);
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push('.');
            }
            out.push(c);
        }
        out
    };
    let this = format!(
        "Dit plan verschuift {} projecten; het plant {} woningen voor € {}: € ",
        cell_num(&rows[1]["Projecten anders dan basis"]),
        cell_num(&rows[1]["Woningen ingepland"]),
        thousands(cell_num(&rows[1]["Totale kosten"]))
    );
    assert!(
        line.contains(&this) && line.contains(" lagere kosten. Aangepast waar het niet past: "),
        "{this}\n{line}"
    );
    // `Vergelijking`, which prints whole, says the same in the scenario's row.
    assert_eq!(
        format!(
            "cap +50: {}",
            cell_text(&rows[1]["Wat de verschuivingen opleveren"])
        ),
        line
    );
    assert_eq!(
        cell_text(&rows[0]["Wat de verschuivingen opleveren"]),
        "basis"
    );
    // The projects' table starts under that line: every project that differs is listed.
    let header = differences
        .iter()
        .position(|r| r.first().is_some_and(|c| cell_text(c) == "Project"))
        .expect("header");
    assert_eq!(header, 4);
    assert_eq!(
        (differences.len() - header - 1) as f64,
        cell_num(&rows[1]["Projecten anders dan basis"])
    );
}

/// A project with fewer homes in a scenario (target label A: no package brings a home of EP2
/// 600 to A) says so in front of why it moved: the row's `Woningen` are the baseline's
/// (helper 95: 36 shown where the label-A plan starts 11). Recomputed from the plans written.
#[test]
fn a_moved_project_with_other_homes_says_how_many() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(
        d.join("mix.csv"),
        "vhe;complex;woningtype;gbo_m2;energielabel;ep2\nV1;C1;EGW;80;G;420\nV2;C1;EGW;80;G;500\nV3;C1;EGW;80;G;600\nV4;C1;EGW;80;E;300\nV5;C2;EGW;80;F;350\n",
    )
    .unwrap();
    std::fs::write(
        d.join("a.toml"),
        "name = \"A later\"\ntarget_label = \"A\"\nstart_month = \"2024-04\"\n",
    )
    .unwrap();
    let run = retrofit(
        d,
        &[
            "vergelijk",
            "mix.csv",
            "-q",
            "--scenario",
            "standaard",
            "--scenario",
            "a.toml",
            "--plannen",
            "plannen",
            "-o",
            "v.xlsx",
        ],
    );
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    let mut homes_of_c1 = Vec::new();
    let mut written: Vec<PathBuf> = std::fs::read_dir(d.join("plannen"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    written.sort();
    for plan in &written {
        let planning = grid(plan, "Planning");
        let col = planning[0]
            .iter()
            .position(|c| cell_text(c) == "project")
            .expect("project");
        homes_of_c1.push(
            planning
                .iter()
                .filter(|r| cell_text(&r[col]) == "PC1")
                .count(),
        );
    }
    homes_of_c1.sort();
    assert_eq!(homes_of_c1, [3, 4], "{written:?}");
    let differences = grid(&d.join("v.xlsx"), "Verschillen");
    let why = |project: &str| {
        let row = differences
            .iter()
            .find(|r| r.first().is_some_and(|c| cell_text(c) == project))
            .unwrap_or_else(|| panic!("{project}"));
        cell_text(row.last().unwrap())
    };
    assert!(
        why("PC1").starts_with("hier 3 woningen (in de basis 4); later: "),
        "{}",
        why("PC1")
    );
    assert!(why("PC2").starts_with("later: "), "{}", why("PC2"));
}

#[test]
fn vergelijk_refuses_bad_input_with_exit_status_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let run = retrofit(d, &["vergelijk", "--scenario", "weg.toml"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("weg.toml") && run.stderr.contains("standaard"),
        "{}",
        run.stderr
    );
    let run = retrofit(d, &["vergelijk", "--budget-reeks", "150:50:10"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("--budget-reeks"), "{}", run.stderr);
    // The same range as plan's: more than 0, at most a day.
    for bad in ["inf", "-1", "0"] {
        let run = retrofit(d, &["vergelijk", "--tijdslimiet", bad]);
        assert_eq!(run.code, Some(1), "{bad}: {}", run.stderr);
        assert!(run.stderr.contains("--tijdslimiet"), "{}", run.stderr);
    }
    let run = retrofit(d, &["vergelijk", "-o", "v.csv"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains(".xlsx"), "{}", run.stderr);
    std::fs::write(d.join("los.toml"), "base = \"nergens.toml\"\n").unwrap();
    let run = retrofit(d, &["vergelijk", "--scenario", "los.toml"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("los.toml") && run.stderr.contains("base"),
        "{}",
        run.stderr
    );
    std::fs::write(d.join("gat.toml"), "deadline_month = \"2027-12\"\n").unwrap();
    let run = retrofit(d, &["vergelijk", "--scenario", "gat.toml"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("2027"), "{}", run.stderr);
    // Every scenario's mistakes in one list, each further line indented under its scenario.
    std::fs::write(
        d.join("later.toml"),
        "name = \"later\"\ndeadline_month = \"2028-12\"\n",
    )
    .unwrap();
    let run = retrofit(
        d,
        &[
            "vergelijk",
            "--scenario",
            "gat.toml",
            "--scenario",
            "standaard",
            "--scenario",
            "later.toml",
            "--scenario",
            "weg.toml",
        ],
    );
    assert_eq!(run.code, Some(1));
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert!(lines[0].ends_with("3 fouten:"), "{}", run.stderr);
    for expected in [
        "  scenario 'gat': budget en capaciteit",
        "      budget ontbreekt voor 2027: ",
        "  scenario 'later': budget en capaciteit",
        "      capaciteit ontbreekt voor 2027 en 2028: ",
        "  --scenario weg.toml: bestand bestaat niet",
    ] {
        assert!(
            lines.iter().any(|l| l.starts_with(expected)),
            "{expected}: {}",
            run.stderr
        );
    }
    assert!(!d.join("voorbeeldbezit-vergelijking.xlsx").exists());
}

/// `--plannen` files are checked before anything is solved, and the outputs are written
/// together or not at all: a plan file that would replace a stock stops the run with nothing
/// written.
#[test]
fn vergelijk_checks_its_plan_files_first_and_writes_all_or_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let run = retrofit(d, &["vergelijk", "-q", "-o", "v.xlsx", "--plannen", "p"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let plan_file = std::fs::read_dir(d.join("p"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .next()
        .expect("a plan file");
    std::fs::remove_file(d.join("v.xlsx")).unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/voorbeeldbezit.xlsx");
    std::fs::copy(&sample, &plan_file).unwrap();
    let run = retrofit(d, &["vergelijk", "-q", "-o", "v.xlsx", "--plannen", "p"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("dit is een bezitsbestand"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "nothing solved: {}", run.stdout);
    assert!(!d.join("v.xlsx").exists());
    assert_eq!(
        std::fs::read(&plan_file).unwrap(),
        std::fs::read(&sample).unwrap()
    );
    // The comparison named as one of its own plan files would be lost under it.
    std::fs::remove_file(&plan_file).unwrap();
    let name = plan_file.file_name().unwrap().to_str().unwrap();
    let shown = format!("p/{name}");
    let run = retrofit(d, &["vergelijk", "-q", "-o", &shown, "--plannen", "p"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "--uitvoer {shown} is ook het planbestand {name} van --plannen p"
        )),
        "{}",
        run.stderr
    );
    assert!(!plan_file.exists());
}

/// The sample stock's path, for a command that needs one.
fn sample_path() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/data/voorbeeldbezit.xlsx")
}

fn scenario_workbook(path: &Path, rows: &[(&str, Vec<Option<&str>>)], names: &[&str]) {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Scenario's").unwrap();
    ws.write_string(0, 0, "instelling").unwrap();
    for (c, n) in names.iter().enumerate() {
        ws.write_string(0, 1 + c as u16, *n).unwrap();
    }
    for (r, (label, values)) in rows.iter().enumerate() {
        ws.write_string(1 + r as u32, 0, *label).unwrap();
        for (c, v) in values.iter().enumerate() {
            match v {
                Some(v) => match v.parse::<f64>() {
                    Ok(x) => ws.write_number(1 + r as u32, 1 + c as u16, x).unwrap(),
                    Err(_) => ws.write_string(1 + r as u32, 1 + c as u16, *v).unwrap(),
                },
                None => ws,
            };
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn a_scenario_sheet_gives_the_same_plans_as_the_variant_files_and_names_bad_cells() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(
        d.join("min20.toml"),
        "name = \"budget 2025 -20 %\"\n[budget_eur]\n2025 = 2_800_000\n",
    )
    .unwrap();
    std::fs::write(
        d.join("labela.toml"),
        "name = \"label A\"\ntarget_label = \"A\"\n",
    )
    .unwrap();
    scenario_workbook(
        &d.join("scenarios.xlsx"),
        &[
            // Typed as text the Dutch way: read as the number, with a note.
            ("budget 2025", vec![Some("2.800.000"), None]),
            ("doellabel", vec![None, Some("A")]),
        ],
        &["budget 2025 -20 %", "label A"],
    );
    let sheet = retrofit(
        d,
        &[
            "vergelijk",
            "-q",
            "--scenario",
            "standaard",
            "--scenario",
            "scenarios.xlsx",
            "-o",
            "blad.xlsx",
        ],
    );
    assert_eq!(sheet.code, Some(0), "{}", sheet.stderr);
    assert!(
        sheet.stdout.contains("scenarios.xlsx: Scenario's!B2: '2.800.000' is een getal als tekst met punten tussen de duizendtallen"),
        "{}",
        sheet.stdout
    );
    let files = retrofit(
        d,
        &[
            "vergelijk",
            "-q",
            "--scenario",
            "standaard",
            "--scenario",
            "min20.toml",
            "--scenario",
            "labela.toml",
            "-o",
            "toml.xlsx",
        ],
    );
    assert_eq!(files.code, Some(0), "{}", files.stderr);
    let a = comparison_rows(&d.join("blad.xlsx"));
    let b = comparison_rows(&d.join("toml.xlsx"));
    assert_eq!(a.len(), 3);
    // `Overzicht` is `Vergelijking` turned to print: a row per column, a column per scenario.
    let overview = grid(&d.join("blad.xlsx"), "Overzicht");
    let header_at = overview
        .iter()
        .position(|r| r.first().map(cell_text).as_deref() == Some("Scenario"))
        .expect("Overzicht has its header");
    let measures: Vec<&Vec<Data>> = overview[header_at..]
        .iter()
        .filter(|r| a[0].contains_key(&cell_text(&r[0])))
        .collect();
    assert_eq!(measures.len(), a[0].len());
    for row in measures {
        let name = cell_text(&row[0]);
        for (k, scenario) in a.iter().enumerate() {
            assert_eq!(
                cell_text(&row[1 + k]),
                cell_text(&scenario[&name]),
                "{name}"
            );
        }
    }
    for (x, y) in a.iter().zip(&b) {
        for col in [
            "Scenario",
            "Doellabel",
            "Woningen ingepland",
            "Totale kosten",
            "EFG over bij deadline",
            "Projecten anders dan basis",
        ] {
            assert_eq!(cell_text(&x[col]), cell_text(&y[col]), "{col}");
        }
    }
    assert!(
        cell_text(&a[1]["Herkomst budget"]).contains("Scenario's!B"),
        "{}",
        cell_text(&a[1]["Herkomst budget"])
    );

    scenario_workbook(
        &d.join("fout.xlsx"),
        &[
            ("doellabel", vec![Some("A")]),
            ("budget 2025", vec![Some("veel")]),
        ],
        &["kapot"],
    );
    let bad = retrofit(d, &["vergelijk", "--scenario", "fout.xlsx"]);
    assert_eq!(bad.code, Some(1), "{}", bad.stderr);
    assert!(bad.stderr.contains("Scenario's!B3"), "{}", bad.stderr);
    assert!(!d.join("voorbeeldbezit-vergelijking.xlsx").exists());

    // Every mistake of every column at once; a setting the sheet does not know is said at its
    // name in column A, with the Dutch names.
    scenario_workbook(
        &d.join("fouten.xlsx"),
        &[
            ("doellabel", vec![Some("Z"), Some("A")]),
            ("budget 2025", vec![Some("veel"), None]),
            ("onzin sleutel", vec![Some("2"), Some("1")]),
        ],
        &["een", "twee"],
    );
    let bad = retrofit(d, &["vergelijk", "--scenario", "fouten.xlsx"]);
    assert_eq!(bad.code, Some(1), "{}", bad.stderr);
    // A base that does not read leaves the column's own settings checked: every mistake in
    // one list (helper 107: `capaciteit 2025 = zes` came only once the base was mended).
    std::fs::write(d.join("kapot.toml"), "budget_eur = [\n").unwrap();
    scenario_workbook(
        &d.join("basis-fout.xlsx"),
        &[
            ("basis", vec![Some("weg.toml"), Some("kapot.toml")]),
            ("capaciteit 2025", vec![Some("zes"), Some("zeven")]),
        ],
        &["x", "y"],
    );
    let broken = retrofit(d, &["vergelijk", "--scenario", "basis-fout.xlsx"]);
    assert_eq!(broken.code, Some(1), "{}", broken.stderr);
    for said in [
        "Scenario's!B2: basis 'weg.toml'",
        "Scenario's!B3: capacity_homes_per_month.2025",
        "Scenario's!C2: kapot.toml",
        "Scenario's!C3: capacity_homes_per_month.2025",
    ] {
        assert!(broken.stderr.contains(said), "{said}: {}", broken.stderr);
    }
    // A `naam` row names the columns over row 1: one name twice in row 1 under two names is
    // no mistake (helper 107), and those names are the scenarios'.
    scenario_workbook(
        &d.join("namen.xlsx"),
        &[
            ("naam", vec![Some("laag"), Some("hoog")]),
            ("doellabel", vec![Some("A"), Some("B")]),
        ],
        &["A", "A"],
    );
    let checked = retrofit(d, &["check", sample_path(), "--scenario", "namen.xlsx"]);
    assert_eq!(checked.code, Some(0), "{}", checked.stderr);
    assert!(
        checked
            .stdout
            .contains("2 scenario's in orde (laag en hoog)"),
        "{}",
        checked.stdout
    );
    // A `basis` may name a renamed column by its row-1 name too (helper 108).
    scenario_workbook(
        &d.join("hernoemd.xlsx"),
        &[
            ("naam", vec![Some("Basis 2027"), None]),
            ("basis", vec![None, Some("Basis")]),
            ("doellabel", vec![Some("A"), None]),
        ],
        &["Basis", "Variant"],
    );
    let checked = retrofit(d, &["check", sample_path(), "--scenario", "hernoemd.xlsx"]);
    assert_eq!(checked.code, Some(0), "{}", checked.stderr);
    assert!(
        checked
            .stdout
            .contains("2 scenario's in orde (Basis 2027 en Variant)"),
        "{}",
        checked.stdout
    );
    // A column on a base column: its plan's budget source names per year the column that gives
    // it, by name, not "met zijn basis" (helper 108).
    scenario_workbook(
        &d.join("basiskolom.xlsx"),
        &[
            ("basis", vec![None, Some("Basis")]),
            ("budget 2025", vec![Some("3000000"), None]),
            ("budget 2026", vec![None, Some("4500000")]),
        ],
        &["Basis", "Ruim"],
    );
    let run = retrofit(
        d,
        &[
            "vergelijk",
            "-q",
            "--scenario",
            "basiskolom.xlsx",
            "--plannen",
            "basiskolom-plannen",
            "-o",
            "basiskolom-v.xlsx",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let assumptions = grid(&d.join("basiskolom-plannen/2-Ruim-plan.xlsx"), "Aannames");
    let source = assumptions
        .iter()
        .find(|r| r.first().is_some_and(|c| *c == "herkomst budget"))
        .map(|r| r[1].to_string())
        .expect("herkomst budget");
    assert_eq!(
        source,
        "scenario basiskolom.xlsx#Scenario's!C (2026) en basis 'Basis' in basiskolom.xlsx#Scenario's!B (2025); overige jaren uit het standaardscenario"
    );
    // A workbook that is none: said in Dutch, as for the stock (calamine's English before).
    std::fs::write(d.join("rommel.xlsx"), "geen werkmap").unwrap();
    let broken = retrofit(d, &["vergelijk", "--scenario", "rommel.xlsx"]);
    assert_eq!(broken.code, Some(1), "{}", broken.stderr);
    assert!(
        broken
            .stderr
            .contains("rommel.xlsx: het bestand is geen leesbaar .xlsx-werkboek"),
        "{}",
        broken.stderr
    );
    // `check` reads a workbook of scenarios as `vergelijk` does (helper 104: it refused the
    // workbook as `plan` does, so its mistakes showed only when comparing).
    let sample = sample_path();
    let checked = retrofit(d, &["check", sample, "--scenario", "fouten.xlsx"]);
    assert_eq!(checked.code, Some(1), "{}", checked.stderr);
    assert!(
        checked.stderr.contains("Scenario's!B2: target_label"),
        "{}",
        checked.stderr
    );
    assert!(
        checked.stdout.contains("Woningen gelezen"),
        "{}",
        checked.stdout
    );
    let checked = retrofit(d, &["check", sample, "--scenario", "scenarios.xlsx"]);
    assert_eq!(checked.code, Some(0), "{}", checked.stderr);
    for said in [
        "scenarios.xlsx, blad Scenario's: 2 scenario's in orde (budget 2025 -20 % en label A)",
        "Let op: scenarios.xlsx: Scenario's!B2: '2.800.000' is een getal als tekst",
    ] {
        assert!(checked.stdout.contains(said), "{said}: {}", checked.stdout);
    }
    for said in [
        "3 fouten:",
        "Scenario's!B2: target_label",
        "Scenario's!B3: budget_eur.2025",
        "Scenario's!A4: onbekende instelling 'onzin sleutel'; bekend zijn naam, basis",
    ] {
        assert!(bad.stderr.contains(said), "{said}: {}", bad.stderr);
    }
    // Set in both columns, the unknown setting is still one mistake, said once (helper 50).
    assert_eq!(
        bad.stderr.matches("onbekende instelling").count(),
        1,
        "{}",
        bad.stderr
    );

    // A misspelt deadline in a column that moves its start past the default deadline: the
    // setting is said with the name it most likely means, not also the default deadline
    // that it left in place (helper 94: two more errors, "2026-12 ligt vóór start_month").
    scenario_workbook(
        &d.join("deadline.xlsx"),
        &[
            ("startmaand", vec![Some("2027-01")]),
            ("deadline_maand", vec![Some("2028-06")]),
        ],
        &["later"],
    );
    let bad = retrofit(d, &["vergelijk", "--scenario", "deadline.xlsx"]);
    assert_eq!(bad.code, Some(1), "{}", bad.stderr);
    assert!(
        bad.stderr.contains(
            "Scenario's!A3: onbekende instelling 'deadline_maand'; bedoelt u 'deadline'?"
        ) && !bad.stderr.contains("ligt vóór"),
        "{}",
        bad.stderr
    );

    // A column with settings but no name, and two columns of one name: neither is left out
    // or shown twice unseen.
    // The settings' own mistakes come with them, in every column; a misspelt setting gets the
    // setting it most likely means.
    scenario_workbook(
        &d.join("namen.xlsx"),
        &[
            ("doellabel", vec![Some("A"), Some("Q"), Some("A")]),
            ("budjet 2026", vec![None, None, Some("1")]),
        ],
        &["", "zelfde", "zelfde"],
    );
    let bad = retrofit(d, &["vergelijk", "--scenario", "namen.xlsx"]);
    assert_eq!(bad.code, Some(1), "{}", bad.stderr);
    for said in [
        "4 fouten:",
        "Scenario's!B1: deze kolom heeft instellingen maar geen naam",
        "Scenario's!D1: de naam 'zelfde' staat ook in Scenario's!C1",
        "Scenario's!C2: target_label: onbekend label \"Q\"",
        "Scenario's!A3: onbekende instelling 'budjet 2026'; bedoelt u 'budget 2026'?",
    ] {
        assert!(bad.stderr.contains(said), "{said}: {}", bad.stderr);
    }

    // A setting given twice in a column (the later row would win unseen), two columns that a
    // `naam` row gives one name, and a scenario file's key misspelt in column A.
    scenario_workbook(
        &d.join("dubbel.xlsx"),
        &[
            ("budget 2025", vec![Some("veel"), None]),
            ("budget_eur.2025", vec![Some("1600000"), None]),
            ("naam", vec![Some("zelfde"), Some("zelfde")]),
            ("target_labl", vec![None, Some("A")]),
        ],
        &["a", "b"],
    );
    // One file twice, two files of one name, and a column named only by its naam row.
    let twice = retrofit(
        d,
        &[
            "vergelijk",
            "--scenario",
            "min20.toml",
            "--scenario",
            "min20.toml",
        ],
    );
    assert_eq!(twice.code, Some(1), "{}", twice.stderr);
    assert!(
        twice.stderr.contains(
            "--scenario min20.toml staat twee keer in de opdracht; noem elk scenario één keer"
        ),
        "{}",
        twice.stderr
    );
    std::fs::copy(d.join("min20.toml"), d.join("kopie.toml")).unwrap();
    let copied = retrofit(
        d,
        &[
            "vergelijk",
            "--scenario",
            "min20.toml",
            "--scenario",
            "kopie.toml",
        ],
    );
    assert_eq!(copied.code, Some(1), "{}", copied.stderr);
    assert!(
        copied.stderr.contains(
            "--scenario: de naam 'budget 2025 -20 %' van scenario kopie.toml staat ook in scenario min20.toml"
        ),
        "{}",
        copied.stderr
    );
    scenario_workbook(
        &d.join("naamrij.xlsx"),
        &[
            ("naam", vec![Some("via naam")]),
            ("doellabel", vec![Some("A")]),
        ],
        &[""],
    );
    let named = retrofit(
        d,
        &[
            "vergelijk",
            "-q",
            "--scenario",
            "naamrij.xlsx",
            "-o",
            "n.xlsx",
        ],
    );
    assert_eq!(named.code, Some(0), "{}", named.stderr);
    assert!(named.stdout.contains("via naam:"), "{}", named.stdout);
    let bad = retrofit(d, &["vergelijk", "--scenario", "dubbel.xlsx"]);
    assert_eq!(bad.code, Some(1), "{}", bad.stderr);
    for said in [
        "Scenario's!B3: budget_eur.2025 staat ook in Scenario's!B2",
        "Scenario's!B2: budget_eur.2025: verkeerd soort waarde",
        "Scenario's!C4: de naam 'zelfde' staat ook in Scenario's!B4",
        "Scenario's!A5: onbekende instelling 'target_labl'; bedoelt u 'target_label'?",
    ] {
        assert!(bad.stderr.contains(said), "{said}: {}", bad.stderr);
    }
}

/// `check` checks a stock's `Scenario's` sheet as `vergelijk` reads it; `plan`, which does not
/// use it, says so.
#[test]
fn check_checks_the_scenario_sheet_and_plan_says_it_does_not_use_it() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    // The sample stock with a `Scenario's` sheet added.
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/voorbeeldbezit.xlsx");
    let grid = grid(&sample, "Woningen");
    let with_sheet = |name: &str, label: &str, bad_home: bool, twice: bool| {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Woningen").unwrap();
        let area = grid[0].iter().position(|h| cell_text(h) == "gbo_m2");
        for (r, row) in grid.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if bad_home && r == 1 && Some(c) == area {
                    ws.write_number(1, c as u16, -1.0).unwrap();
                    continue;
                }
                match v {
                    Data::Float(x) => ws.write_number(r as u32, c as u16, *x),
                    Data::Int(x) => ws.write_number(r as u32, c as u16, *x as f64),
                    // A date as Excel's day number (a date cell without its format).
                    Data::DateTime(x) => ws.write_number(r as u32, c as u16, x.as_f64()),
                    Data::Empty => continue,
                    other => ws.write_string(r as u32, c as u16, cell_text(other)),
                }
                .unwrap();
            }
        }
        let sheet = wb.add_worksheet();
        sheet.set_name("Scenario's").unwrap();
        sheet.write_string(0, 1, "krap").unwrap();
        sheet.write_string(1, 0, "doellabel").unwrap();
        sheet.write_string(1, 1, label).unwrap();
        if twice {
            sheet.write_string(0, 2, "krap").unwrap();
            sheet.write_string(1, 2, "A").unwrap();
        }
        wb.save(d.join(name)).unwrap();
    };
    with_sheet("goed.xlsx", "A", false, false);
    with_sheet("fout.xlsx", "Z", false, false);
    with_sheet("allebei.xlsx", "Z", true, false);
    with_sheet("namen.xlsx", "A", true, true);
    let ok = retrofit(d, &["check", "goed.xlsx"]);
    assert_eq!(ok.code, Some(0), "{}", ok.stderr);
    assert!(
        ok.stdout
            .contains("Blad Scenario's: 1 scenario in orde (krap)"),
        "{}",
        ok.stdout
    );
    let bad = retrofit(d, &["check", "fout.xlsx"]);
    assert_eq!(bad.code, Some(1), "{}", bad.stderr);
    assert!(
        bad.stderr
            .contains("Scenario's!B2: target_label: onbekend label \"Z\""),
        "{}",
        bad.stderr
    );
    // A stock with a mistake of its own: the sheet's mistakes are said too.
    let both = retrofit(d, &["check", "allebei.xlsx"]);
    assert_eq!(both.code, Some(1), "{}", both.stderr);
    assert!(
        both.stderr.contains("gbo_m2")
            && both
                .stderr
                .contains("Blad Scenario's: allebei.xlsx: Scenario's!B2: target_label"),
        "{}",
        both.stderr
    );
    // A mistake of the sheet's own (two columns of one name) beside the stock's: both said.
    let names = retrofit(d, &["check", "namen.xlsx"]);
    assert_eq!(names.code, Some(1), "{}", names.stderr);
    assert!(
        names.stderr.contains("gbo_m2")
            && names
                .stderr
                .contains("Scenario's!C1: de naam 'krap' staat ook in Scenario's!B1"),
        "{}",
        names.stderr
    );
    let plan = retrofit(d, &["plan", "goed.xlsx", "-o", "plan.xlsx"]);
    assert_eq!(plan.code, Some(0), "{}", plan.stderr);
    assert!(
        plan.stdout
            .contains("het bezit heeft een blad Scenario's; retrofit plan gebruikt het niet, dit plan volgt het standaardscenario"),
        "{}",
        plan.stdout
    );
    // `vergelijk` with `--scenario` files other than the stock: the sheet is not compared, and
    // it says so; with the stock among them, its column is planned and nothing is said.
    let other = retrofit(
        d,
        &[
            "vergelijk",
            "goed.xlsx",
            "-q",
            "--scenario",
            "standaard",
            "-o",
            "v1.xlsx",
        ],
    );
    assert_eq!(other.code, Some(0), "{}", other.stderr);
    assert!(
        other.stdout.contains(
            "Let op: het bezit heeft een blad Scenario's; met --scenario worden alleen de opgegeven scenario's vergeleken"
        ),
        "{}",
        other.stdout
    );
    let with_stock = retrofit(
        d,
        &[
            "vergelijk",
            "goed.xlsx",
            "-q",
            "--scenario",
            "standaard",
            "--scenario",
            "goed.xlsx",
            "-o",
            "v2.xlsx",
        ],
    );
    assert_eq!(with_stock.code, Some(0), "{}", with_stock.stderr);
    assert!(with_stock.stdout.contains("krap:"), "{}", with_stock.stdout);
    assert!(
        !with_stock.stdout.contains("met --scenario worden"),
        "{}",
        with_stock.stdout
    );
    assert!(!with_stock.stdout.contains("de basis is het ingebouwde"));
    // Without --scenario the baseline is the built-in default, which starts in 2024: said, and
    // so are its homes started in the past (helper 69).
    let own = retrofit(d, &["vergelijk", "goed.xlsx", "-q", "-o", "v3.xlsx"]);
    assert_eq!(own.code, Some(0), "{}", own.stderr);
    assert!(
        own.stdout.contains(
            "Let op: de basis is het ingebouwde standaardscenario (2024-01 t/m 2026-12); de kolommen van het blad Scenario's zijn ermee vergeleken. Wilt u een eigen kolom als basis, geef dan --scenario goed.xlsx"
        ),
        "{}",
        own.stdout
    );
    // The default starts in 2024-01, before any month this test runs in; both plans start
    // their homes in the past alike, so it is said once for both.
    assert!(
        own.stdout
            .contains("Let op, bij elk scenario: de planning begint in 2024-01, vóór deze maand"),
        "{}",
        own.stdout
    );
}

#[test]
fn a_plan_over_budget_does_not_satisfy_the_model() {
    // Milp::satisfies once gave a row with an infinite lower bound an infinite slack and passed
    // every plan; the baseline fed to a cut budget then reached HiGHS as "feasible".
    let (stock, mut s) = small();
    s.budget_eur.insert(2024, 100_000.0);
    let prep = retrofit::projects::prepare(&stock.homes, &s);
    let subset: Vec<usize> = (0..prep.projects.len()).collect();
    let milp = retrofit::model::build::build(&prep.projects, &subset, &s);
    // Every project in its first month (2024-01): € 350,000 against € 100,000.
    let mut plan = vec![0.0; milp.columns.len()];
    let mut seen = std::collections::BTreeSet::new();
    for (j, c) in milp.columns.iter().enumerate() {
        if seen.insert(c.project) {
            plan[j] = 1.0;
        }
    }
    assert!(!milp.satisfies(&plan));
    let none = vec![0.0; milp.columns.len()];
    assert!(milp.satisfies(&none));
}

#[test]
fn vergelijking_names_each_scenarios_catalog_and_species_calendar() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    std::fs::copy(models.join("catalog.toml"), d.join("prijzen-2026.toml")).unwrap();
    std::fs::write(d.join("eigen.toml"), "catalog = \"prijzen-2026.toml\"\n").unwrap();
    let run = retrofit(
        d,
        &[
            "vergelijk",
            "-q",
            "--scenario",
            "standaard",
            "--scenario",
            "eigen.toml",
            "-o",
            "v.xlsx",
        ],
    );
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    let rows = comparison_rows(&d.join("v.xlsx"));
    let files = |row: &HashMap<String, Data>| {
        (
            cell_text(&row["Maatregelencatalogus"]),
            cell_text(&row["Soortenkalender"]),
        )
    };
    assert_eq!(
        files(&rows[0]),
        (
            "<ingebouwd>/catalog.toml".to_string(),
            "<ingebouwd>/species.toml".to_string()
        )
    );
    let (catalog, species) = files(&rows[1]);
    assert!(catalog.ends_with("prijzen-2026.toml"), "{catalog}");
    assert_eq!(species, "<ingebouwd>/species.toml");
}

/// A `basis` may name another column of the sheet: the column's settings lie over that
/// column's (helper 69 named its first column and read "het bestand bestaat niet"). A name that
/// is neither a file nor a column, and bases that go round, are errors at the cell.
#[test]
fn a_scenario_column_may_take_another_column_as_its_base() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    scenario_workbook(
        &d.join("kolommen.xlsx"),
        &[
            ("budget 2025", vec![Some("2800000"), None]),
            ("doellabel", vec![None, Some("A")]),
            ("basis", vec![None, Some("Krap 2025")]),
        ],
        &["Krap 2025", "Krap en A"],
    );
    let run = retrofit(
        d,
        &[
            "vergelijk",
            "-q",
            "--scenario",
            "kolommen.xlsx",
            "-o",
            "v.xlsx",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let rows = comparison_rows(&d.join("v.xlsx"));
    let row = |name: &str| {
        rows.iter()
            .find(|r| cell_text(&r["Scenario"]) == name)
            .expect(name)
    };
    // The second column has its base's budget and its own target label.
    assert_eq!(cell_num(&row("Krap en A")["Budget 2025"]), 2_800_000.0);
    assert_eq!(cell_text(&row("Krap en A")["Doellabel"]), "A");
    assert_eq!(cell_text(&row("Krap 2025")["Doellabel"]), "B");
    // A base that is neither, and bases that go round.
    scenario_workbook(
        &d.join("fout.xlsx"),
        &[
            ("doellabel", vec![None, Some("A"), None]),
            ("basis", vec![Some("Weg"), Some("Rond"), Some("Ook A")]),
        ],
        &["Eerste", "Ook A", "Rond"],
    );
    let bad = retrofit(
        d,
        &["vergelijk", "-q", "--scenario", "fout.xlsx", "-o", "w.xlsx"],
    );
    assert_eq!(bad.code, Some(1), "{}", bad.stderr);
    assert!(
        bad.stderr.contains(
            "fout.xlsx: Scenario's!B3: basis 'Weg' is geen bestand naast de werkmap en geen kolom van dit blad; noem een scenariobestand (.toml) of de naam van een kolom (Eerste, Ook A, Rond)"
        ),
        "{}",
        bad.stderr
    );
    assert!(
        bad.stderr.contains(
            "fout.xlsx: Scenario's!C3: de bases gaan in een kring (Ook A -> Rond en weer Ook A)"
        ),
        "{}",
        bad.stderr
    );
    assert!(!bad.stderr.contains("bestaat niet"), "{}", bad.stderr);
    assert!(!d.join("w.xlsx").exists());
}

/// `standaard`, the name `--scenario` knows for the built-in default, is that default as a
/// file's `base` and as a sheet's `basis` too (a new user wrote `base = "standaard"` and read
/// "het basisscenario standaard bestaat niet"); a column of that name goes first.
#[test]
fn standaard_as_a_base_is_the_built_in_default() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(
        d.join("krap.toml"),
        "base = \"standaard\"\nname = \"krap\"\n[budget_eur]\n2025 = 2_800_000\n",
    )
    .unwrap();
    std::fs::write(
        d.join("los.toml"),
        "name = \"los\"\n[budget_eur]\n2025 = 2_800_000\n",
    )
    .unwrap();
    scenario_workbook(
        &d.join("blad.xlsx"),
        &[
            ("doellabel", vec![Some("A"), None]),
            ("basis", vec![Some("Standaard"), Some("standaard")]),
        ],
        &["Label A", "Gewoon"],
    );
    let run = retrofit(
        d,
        &[
            "vergelijk",
            "-q",
            "--scenario",
            "krap.toml",
            "--scenario",
            "los.toml",
            "--scenario",
            "blad.xlsx",
            "-o",
            "v.xlsx",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let rows = comparison_rows(&d.join("v.xlsx"));
    let row = |name: &str| {
        rows.iter()
            .find(|r| cell_text(&r["Scenario"]) == name)
            .expect(name)
    };
    for column in ["Budget 2025", "Woningen ingepland", "Totale kosten"] {
        assert_eq!(row("krap")[column], row("los")[column], "{column}");
    }
    assert_eq!(cell_num(&row("krap")["Budget 2025"]), 2_800_000.0);
    assert_eq!(cell_text(&row("Label A")["Doellabel"]), "A");
    assert_eq!(cell_text(&row("Gewoon")["Doellabel"]), "B");
    // A column named Standaard is the base its name gives.
    scenario_workbook(
        &d.join("kolom.xlsx"),
        &[
            ("doellabel", vec![Some("A"), None]),
            ("basis", vec![None, Some("standaard")]),
        ],
        &["Standaard", "Erop"],
    );
    let run = retrofit(
        d,
        &[
            "vergelijk",
            "-q",
            "--scenario",
            "kolom.xlsx",
            "-o",
            "w.xlsx",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let rows = comparison_rows(&d.join("w.xlsx"));
    let erop = rows
        .iter()
        .find(|r| cell_text(&r["Scenario"]) == "Erop")
        .expect("Erop");
    assert_eq!(cell_text(&erop["Doellabel"]), "A");
}

/// A project moved because the baseline's month is not allowed in a scenario is told which
/// rule refuses it, not a list of every rule there is.
#[test]
fn a_move_off_a_refused_month_names_the_rule() {
    let (stock, base) = small();
    // The planning starts in 2025-01 with € 400,000 for that year: every project moves there.
    let mut later = base.clone();
    later.name = "vanaf 2025".into();
    later.start_month = Month::new(2025, 1);
    later.budget_eur.insert(2025, 400_000.0);
    let plans = compare::plan_all(&stock, &[base, later], &|_| options(), &|_| {}).unwrap();
    let mut c = compare::compare(&plans);
    compare::explain_moves(&stock, &plans, &mut c);
    let moved: Vec<(&str, &str)> = c
        .differences
        .iter()
        .filter(|d| d.change_months(1).is_some_and(|m| m != 0))
        .map(|d| (d.project.as_str(), d.why[1].as_str()))
        .collect();
    assert_eq!(
        moved,
        [
            ("PA", "later: de startmaand van de basis (2024-01) mag in dit scenario niet: die ligt vóór het begin van de planning (2025-01)"),
            ("PB", "later: de startmaand van de basis (2024-01) mag in dit scenario niet: die ligt vóór het begin van de planning (2025-01)"),
        ]
    );
}

/// A project moved although the baseline's month still fits beside the rest of the scenario's
/// plan says so, and that the scenario's priority (here the cost) went before the fewest moves.
#[test]
fn a_move_where_the_baselines_month_still_fits_says_the_priority_chose() {
    let (stock, base) = small();
    // 10 % escalation a year makes 2024 cheaper than 2025; 2024's € 400,000 holds all four
    // projects (€ 350,000), so C and D move to 2024 to save cost, while 2025-01 would still hold
    // either of them beside the rest of this plan (nothing else is in 2025).
    let mut cheaper = base.clone();
    cheaper.name = "stijging 10 %".into();
    cheaper.cost.escalation_pct_per_year = 10.0;
    cheaper.budget_eur.insert(2024, 400_000.0);
    let plans = compare::plan_all(&stock, &[base, cheaper], &|_| options(), &|_| {}).unwrap();
    assert_eq!(start(&plans[0], "PC"), Some(Month::new(2025, 1)));
    assert_eq!(start(&plans[0], "PD"), Some(Month::new(2025, 1)));
    assert_eq!(start(&plans[1], "PC").map(|m| m.year()), Some(2024));
    assert_eq!(start(&plans[1], "PD").map(|m| m.year()), Some(2024));
    let mut c = compare::compare(&plans);
    compare::explain_moves(&stock, &plans, &mut c);
    let why: Vec<(&str, &str)> = c
        .differences
        .iter()
        .map(|d| (d.project.as_str(), d.why[1].as_str()))
        .collect();
    let fits = "eerder: de startmaand van de basis (2025-01) past ook naast de rest van dit plan; het plan koos een andere (de prioriteit van het scenario gaat vóór zo min mogelijk verschuivingen)";
    assert_eq!(why, [("PC", fits), ("PD", fits)]);
}
