//! A plan is checked by recomputing its rules from the written workbook: budget per year,
//! capacity per month, permits and seasons, pepper-potted month, deadline, cost and labels, and
//! one outcome per EFG home. The rules are recomputed here from the spec, not from the planner's
//! own helpers, and the input is read back independently.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use calamine::{open_workbook_auto, Data, DataType, Reader};
use chrono::{Datelike, Duration, NaiveDate};
use retrofit::cli::{make_plan, sample_stock_path, scenario_for};
use retrofit::heat_plan::{DistrictPlan, HeatSolution, Heating};
use retrofit::input::{read_stock, ReadOptions, Stock};
use retrofit::model::{ScheduleOptions, SolveStatus};
use retrofit::output::write_plan_workbook;
use retrofit::scenario::{Priority, Scenario};
use retrofit::synth::{generate, write_stock, SynthSpec};

/// A sheet as rows of named cells.
struct Sheet {
    rows: Vec<HashMap<String, Data>>,
}

impl Sheet {
    fn read(path: &Path, name: &str) -> Sheet {
        let mut wb = open_workbook_auto(path).expect("workbook");
        let range = wb.worksheet_range(name).expect(name);
        let mut iter = range.rows();
        let header: Vec<String> = iter
            .next()
            .expect("header")
            .iter()
            .map(|c| c.to_string())
            .collect();
        let rows = iter
            .filter(|r| r.iter().any(|c| !matches!(c, Data::Empty)))
            .map(|r| {
                header
                    .iter()
                    .cloned()
                    .zip(r.iter().cloned())
                    .collect::<HashMap<_, _>>()
            })
            .collect();
        Sheet { rows }
    }
}

fn text(row: &HashMap<String, Data>, col: &str) -> String {
    match row.get(col) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn num(row: &HashMap<String, Data>, col: &str) -> f64 {
    match row.get(col) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("column {col}: not a number: {other:?}"),
    }
}

/// `2025-04` -> months since year 0.
fn month_index(text: &str) -> i32 {
    let (y, m) = text.split_once('-').expect("YYYY-MM");
    y.parse::<i32>().unwrap() * 12 + m.parse::<i32>().unwrap() - 1
}

fn first_month_on_or_after(d: NaiveDate) -> i32 {
    let m = d.year() * 12 + d.month() as i32 - 1;
    if d.day() == 1 {
        m
    } else {
        m + 1
    }
}

/// NTA 8800 class bounds, written out again from the spec.
/// A wijk's name as the heat plan matches it: case- and space-insensitively.
fn district_key(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn label_of(ep2: f64) -> &'static str {
    let table = [
        (0.0, "A++++"),
        (50.0, "A+++"),
        (75.0, "A++"),
        (105.0, "A+"),
        (160.0, "A"),
        (190.0, "B"),
        (250.0, "C"),
        (290.0, "D"),
        (335.0, "E"),
        (380.0, "F"),
    ];
    table
        .iter()
        .find(|(max, _)| ep2 <= *max)
        .map(|(_, l)| *l)
        .unwrap_or("G")
}

/// Plans `stock` with `scenario`, writes the workbook and checks every rule from it.
fn check_plan(stock: &Stock, scenario: &Scenario, dir: &Path) -> (usize, usize) {
    let options = ScheduleOptions::from_scenario(scenario);
    let plan = make_plan(stock, scenario, &options).expect("plan");
    check_written_plan(stock, scenario, &plan, dir, &BTreeSet::new())
}

/// Writes `plan` to `dir/plan.xlsx` and checks every rule from it. Projects in `pinned` (a
/// re-plan's done, running or contracted projects) keep their actual months, so their duration
/// is not checked against the pace; their budget and capacity are checked with the others.
pub fn check_written_plan(
    stock: &Stock,
    scenario: &Scenario,
    plan: &retrofit::plan::Plan,
    dir: &Path,
    pinned: &BTreeSet<String>,
) -> (usize, usize) {
    // A re-plan may leave nothing to solve when every project left is pinned or blocked.
    assert!(
        !matches!(
            plan.solve.status,
            SolveStatus::Empty | SolveStatus::NoProjects
        ) || !pinned.is_empty()
    );
    let path = dir.join("plan.xlsx");
    write_plan_workbook(plan, &path).expect("write");

    let planning = Sheet::read(&path, "Planning");
    let projects = Sheet::read(&path, "Projecten");
    let excluded = Sheet::read(&path, "Uitgesloten");
    let not_planned = Sheet::read(&path, "Niet ingepland");
    let start = month_index(&scenario.start_month.to_string());
    let deadline = month_index(&scenario.deadline_month.to_string());
    let homes_by_vhe: HashMap<&str, &retrofit::stock::Home> =
        stock.homes.iter().map(|h| (h.vhe.as_str(), h)).collect();

    // One outcome per EFG home; non-EFG homes in no list.
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for (sheet, name) in [
        (&planning, "Planning"),
        (&excluded, "Uitgesloten"),
        (&not_planned, "Niet ingepland"),
    ] {
        for r in &sheet.rows {
            let vhe = text(r, "vhe");
            assert!(
                seen.insert(vhe.clone(), name).is_none(),
                "{vhe} in two lists"
            );
        }
    }
    let efg: BTreeSet<String> = stock
        .homes
        .iter()
        .filter(|h| matches!(h.label.as_str(), "E" | "F" | "G"))
        .map(|h| h.vhe.clone())
        .collect();
    let listed: BTreeSet<String> = seen.keys().cloned().collect();
    assert_eq!(listed, efg, "every EFG home exactly once, no other home");

    // Projects: duration, deadline, cost per year and homes per month.
    let pace = scenario.projects.homes_per_month_per_project;
    let mut cost_by_year: BTreeMap<i32, f64> = BTreeMap::new();
    let mut load_by_month: BTreeMap<i32, f64> = BTreeMap::new();
    let mut project_start: HashMap<String, i32> = HashMap::new();
    let mut project_cost: HashMap<String, f64> = HashMap::new();
    let mut project_homes: HashMap<String, usize> = HashMap::new();
    let mut project_saving: HashMap<String, f64> = HashMap::new();
    for r in &projects.rows {
        let id = text(r, "project");
        let homes = num(r, "woningen");
        let s = month_index(&text(r, "startmaand"));
        let e = month_index(&text(r, "eindmaand"));
        let d = num(r, "duur_maanden");
        // The scenario's pace, or slower (down to the minimum pace) when that fits nowhere.
        let fastest = (homes / pace).ceil().max(1.0);
        let free = !pinned.contains(&id);
        assert!(
            !free || d >= fastest,
            "{id}: faster than the scenario's pace"
        );
        if free && d > fastest {
            let min = scenario
                .projects
                .min_homes_per_month_per_project
                .expect("slower only with a minimum pace");
            assert!(
                d <= (homes / min).ceil().max(1.0),
                "{id}: longer than at the minimum pace"
            );
        }
        assert!(
            (num(r, "tempo_woningen_per_maand") - homes / d).abs() < 1e-9,
            "{id}: pace = homes / duration"
        );
        assert_eq!(e - s + 1, d as i32, "{id}: end = start + duration - 1");
        assert!(s >= start, "{id}: starts before the horizon");
        assert!(e <= deadline, "{id}: ends after the deadline");
        let cost = num(r, "kosten_eur");
        for k in 0..d as i32 {
            *cost_by_year.entry((s + k).div_euclid(12)).or_default() += cost / d;
            *load_by_month.entry(s + k).or_default() += homes / d;
        }
        project_start.insert(id.clone(), s);
        project_homes.insert(id.clone(), homes as usize);
        // Pinned work carried from an earlier monitoring (its homes no longer E, F or G) has
        // no maintenance figures.
        let saving = match text(r, "besparing_onderhoud_eur").as_str() {
            "" if pinned.contains(&id) => 0.0,
            _ => num(r, "besparing_onderhoud_eur"),
        };
        project_saving.insert(id.clone(), saving);
        project_cost.insert(id, cost);
    }
    for (year, cost) in &cost_by_year {
        let budget = scenario.budget("", *year);
        assert!(*cost <= budget + 1.0, "budget {year}: {cost} > {budget}");
    }
    // `Begroting`: each year's total is what `Projecten` costs in that year (a re-plan's work
    // carried from earlier monitorings included), against the scenario's budget.
    let budget_sheet = Sheet::read(&path, "Begroting");
    let mut totals: BTreeMap<i32, (f64, f64)> = BTreeMap::new();
    for r in budget_sheet
        .rows
        .iter()
        .filter(|r| text(r, "kwartaal") == "totaal")
    {
        let e = totals.entry(num(r, "jaar") as i32).or_default();
        e.0 += num(r, "kosten_eur");
        e.1 += num(r, "budget_eur");
    }
    assert_eq!(
        totals.keys().copied().collect::<Vec<_>>(),
        scenario.years().collect::<Vec<_>>()
    );
    for (year, (cost, budget)) in &totals {
        let from_projects = cost_by_year.get(year).copied().unwrap_or(0.0);
        assert!(
            (cost - from_projects).abs() < 1.0,
            "Begroting {year}: {cost} against {from_projects} in Projecten"
        );
        assert!((budget - scenario.budget("", *year)).abs() < 1.0);
    }
    for (m, load) in &load_by_month {
        let cap = scenario.capacity_homes_per_month[&m.div_euclid(12)];
        assert!(*load <= cap + 1e-6, "capacity month {m}: {load} > {cap}");
    }

    // Per home: package cost escalated to the start year, EP2 and label after, and the rules on
    // the project's start (permit, seasons, pepper-potted month).
    let mut home_cost_by_project: HashMap<String, f64> = HashMap::new();
    let mut saving_by_project: HashMap<String, f64> = HashMap::new();
    let mut members: HashMap<String, Vec<&retrofit::stock::Home>> = HashMap::new();
    for r in &planning.rows {
        let vhe = text(r, "vhe");
        let home = homes_by_vhe[vhe.as_str()];
        let project = text(r, "project");
        let s = month_index(&text(r, "startmaand"));
        assert_eq!(project_start[&project], s, "{vhe}: start = its project's");
        assert_eq!(num(r, "jaar") as i32, s.div_euclid(12));
        let package = scenario
            .catalog
            .packages
            .iter()
            .find(|p| p.id == text(r, "pakket_id"))
            .expect("package of the catalog");
        assert_eq!(
            package.home_type, home.home_type,
            "{vhe}: package for its type"
        );
        // Heat plan: in a wijk with a heat network no package with a heat source.
        let heat_network = stock.districts.iter().any(|d| {
            d.solution == HeatSolution::HeatNetwork
                && home.district.as_deref().map(district_key) == Some(district_key(&d.district))
        });
        if heat_network {
            assert_eq!(
                package.heating,
                Heating::None,
                "{vhe}: heat-pump package in a heat-network wijk"
            );
        }
        let factor = (1.0 + scenario.cost.escalation_pct_per_year / 100.0)
            .powi(s.div_euclid(12) - scenario.cost.price_level_year);
        // Combined with planned maintenance when the project starts in the home's maintenance
        // year: the scenario's saving off the package cost.
        let combined = scenario.maintenance.saving_pct > 0.0
            && home.maintenance_year == Some(s.div_euclid(12));
        assert_eq!(
            text(r, "met_onderhoud"),
            if combined { "ja" } else { "nee" },
            "{vhe}: combined with maintenance"
        );
        let share = if combined {
            1.0 - scenario.maintenance.saving_pct / 100.0
        } else {
            1.0
        };
        let full = (package.fixed_eur + package.per_m2_eur * home.area_m2) * factor;
        let cost = full * share;
        // Pinned work counts the previous plan's cost, shared over its homes pro rata: their
        // sum is checked against the project below.
        let cost = if pinned.contains(&project) {
            num(r, "kosten_eur")
        } else {
            cost
        };
        assert!((num(r, "kosten_eur") - cost).abs() < 0.01, "{vhe}: cost");
        let saving = full * (1.0 - share);
        assert!(
            (num(r, "besparing_onderhoud_eur") - saving).abs() < 0.01,
            "{vhe}: maintenance saving"
        );
        *saving_by_project.entry(project.clone()).or_default() += saving;
        if let (Some(y), Some(n)) = (home.maintenance_year, scenario.maintenance.max_years_before) {
            assert!(
                s.div_euclid(12) >= y - n as i32,
                "{vhe}: starts more than {n} years before its maintenance year {y}"
            );
        }
        *home_cost_by_project.entry(project.clone()).or_default() += cost;
        let ep2_after = num(r, "ep2_voor") * (1.0 - package.ep2_reduction_pct / 100.0);
        assert!(
            (num(r, "ep2_na") - ep2_after).abs() < 1e-6,
            "{vhe}: ep2 after"
        );
        assert_eq!(
            text(r, "label_na"),
            label_of(ep2_after),
            "{vhe}: label after"
        );
        assert!(ep2_after <= 190.0, "{vhe}: reaches B");
        members.entry(project).or_default().push(home);
    }
    for (id, cost) in &home_cost_by_project {
        // A pinned project some of whose homes have left the plan since (now A or B) keeps
        // the previous plan's homes and cost in `Projecten`.
        let homes_left = pinned.contains(id) && project_homes[id] > members[id].len();
        assert!(
            homes_left || (project_cost[id] - cost).abs() < 0.05,
            "{id}: cost = sum of homes"
        );
        assert!(
            (project_saving[id] - saving_by_project[id]).abs() < 0.05,
            "{id}: maintenance saving = sum of homes"
        );
    }
    let plan_start =
        NaiveDate::from_ymd_opt(scenario.start_month.year(), scenario.start_month.month(), 1)
            .unwrap();
    for (id, homes) in &members {
        let s = project_start[id];
        let species: BTreeSet<&str> = homes
            .iter()
            .flat_map(|h| h.species.iter().map(String::as_str))
            .collect();
        for sp in &species {
            if let Some(season) = scenario.species.iter().find(|x| x.name == *sp) {
                assert!(
                    season
                        .open_start_months
                        .contains(&((s.rem_euclid(12) + 1) as u32)),
                    "{id}: start month closed for {sp}"
                );
            }
        }
        for h in homes.iter().filter(|h| !h.species.is_empty()) {
            let ready = h.permit_date.unwrap_or_else(|| {
                // The end of the first survey season starting on or after the plan's start,
                // plus the lead time.
                let end = h
                    .species
                    .iter()
                    .filter_map(|sp| scenario.species.iter().find(|x| &x.name == sp))
                    .map(|season| {
                        let md = |t: &str| {
                            let (m, d) = t.split_once('-').unwrap();
                            (m.parse::<u32>().unwrap(), d.parse::<u32>().unwrap())
                        };
                        let (sm, sd) = md(&season.survey_start);
                        let (em, ed) = md(&season.survey_end);
                        let mut y = plan_start.year();
                        if NaiveDate::from_ymd_opt(y, sm, sd).unwrap() < plan_start {
                            y += 1;
                        }
                        NaiveDate::from_ymd_opt(y, em, ed).unwrap()
                    })
                    .max()
                    .unwrap_or(plan_start);
                end + Duration::weeks(scenario.projects.permit_lead_weeks as i64)
            });
            assert!(
                s >= first_month_on_or_after(ready),
                "{id}: starts before the permit of {} ({ready})",
                h.vhe
            );
        }
        if homes.iter().any(|h| h.pepper_potted) {
            assert!(
                s.rem_euclid(12) + 1 >= scenario.projects.pepper_potted_start_month as i32,
                "{id}: pepper-potted project starts before the month"
            );
        }
    }
    // Every home not planned has a reason; one in a project has its package's cost at the
    // catalog's prices: the cheapest of its type that reaches B from its EP2 (the stock's where
    // it matches the label, else the scenario's assumed EP2 of the label), without a heat
    // source in a heat-network wijk.
    let mut priced = 0.0;
    for r in &not_planned.rows {
        let vhe = text(r, "vhe");
        assert!(!text(r, "reden").is_empty(), "{vhe}: no reason");
        if text(r, "project").is_empty() {
            assert_eq!(
                text(r, "pakketkosten_prijspeil_eur"),
                "",
                "{vhe}: a cost without a project"
            );
            continue;
        }
        let home = homes_by_vhe[vhe.as_str()];
        let heat_network = stock.districts.iter().any(|d| {
            d.solution == HeatSolution::HeatNetwork
                && home.district.as_deref().map(district_key) == Some(district_key(&d.district))
        });
        let ep2 = home
            .ep2_kwh_m2
            .filter(|&e| label_of(e) == home.label.as_str())
            .unwrap_or_else(|| scenario.assumed_ep2_kwh_m2[&home.label]);
        let costs: Vec<f64> = scenario
            .catalog
            .packages
            .iter()
            .filter(|p| p.home_type == home.home_type)
            .filter(|p| !heat_network || p.heating == Heating::None)
            .filter(|p| ep2 * (1.0 - p.ep2_reduction_pct / 100.0) <= 190.0)
            .map(|p| p.fixed_eur + p.per_m2_eur * home.area_m2)
            .collect();
        let cost = num(r, "pakketkosten_prijspeil_eur");
        let cheapest = costs.iter().copied().fold(f64::INFINITY, f64::min);
        assert!(
            (cheapest - cost).abs() < 0.01,
            "{vhe}: {cost} is not the cheapest {cheapest}"
        );
        priced += cost;
    }
    // `Samenvatting` gives their sum.
    let mut wb = open_workbook_auto(&path).expect("workbook");
    let summary = wb.worksheet_range("Samenvatting").expect("Samenvatting");
    let said: Vec<f64> = summary
        .rows()
        .filter(|r| {
            r.first()
                .is_some_and(|c| c.to_string().starts_with("Niet ingepland: pakketkosten"))
        })
        .map(|r| r[1].get_float().expect("a number"))
        .collect();
    if priced > 0.0 {
        assert_eq!(said.len(), 1, "{said:?}");
        assert!((said[0] - priced).abs() < 0.5, "{said:?} against {priced}");
    } else {
        assert!(said.is_empty(), "{said:?}");
    }
    (planning.rows.len(), not_planned.rows.len())
}

#[test]
fn sample_plan_keeps_every_rule() {
    let dir = tempfile::tempdir().unwrap();
    let stock = read_stock(&sample_stock_path(), &ReadOptions::default()).expect("sample");
    let scenario = scenario_for(&stock, None).unwrap();
    let (planned, not_planned) = check_plan(&stock, &scenario, dir.path());
    assert!(planned > 300, "{planned} planned");
    // Only homes that no plan could reach are left out by the default scenario.
    assert!(not_planned < 20, "{not_planned} not planned");
}

#[test]
fn tight_budget_and_capacity_plan_keeps_every_rule() {
    let dir = tempfile::tempdir().unwrap();
    let homes = generate(&SynthSpec::new(3000, 1, 11));
    let path = dir.path().join("stock.xlsx");
    write_stock(&homes, &path).unwrap();
    let stock = read_stock(&path, &ReadOptions::default()).unwrap();
    let mut scenario = scenario_for(&stock, None).unwrap();
    for (y, b) in [(2024, 600_000.0), (2025, 700_000.0), (2026, 500_000.0)] {
        scenario.budget_eur.insert(y, b);
    }
    for (y, c) in [(2024, 5.0), (2025, 4.0), (2026, 6.0)] {
        scenario.capacity_homes_per_month.insert(y, c);
    }
    let (planned, not_planned) = check_plan(&stock, &scenario, dir.path());
    assert!(planned > 0 && not_planned > 0, "{planned} / {not_planned}");
    // The rules above were recomputed with slower paces and combined-maintenance costs in the
    // plan: make sure both occur.
    let path = dir.path().join("plan.xlsx");
    let projects = Sheet::read(&path, "Projecten");
    let pace = scenario.projects.homes_per_month_per_project;
    let slower = projects
        .rows
        .iter()
        .filter(|r| num(r, "duur_maanden") > (num(r, "woningen") / pace).ceil())
        .count();
    assert!(slower > 0, "no project at a slower pace");
    let planning = Sheet::read(&path, "Planning");
    let combined = planning
        .rows
        .iter()
        .filter(|r| text(r, "met_onderhoud") == "ja")
        .count();
    assert!(combined > 0, "no home combined with maintenance");
}

#[test]
fn worst_label_first_plans_the_g_homes_and_keeps_every_rule() {
    // The case: budgets of € 1.5 / 1.8 / 1.5 M on the sample. Most homes first leaves
    // most G homes out; worst label first plans as many G homes as possible, so at least as many.
    let stock = read_stock(&sample_stock_path(), &ReadOptions::default()).expect("sample");
    let mut scenario = scenario_for(&stock, None).unwrap();
    for (y, b) in [
        (2024, 1_500_000.0),
        (2025, 1_800_000.0),
        (2026, 1_500_000.0),
    ] {
        scenario.budget_eur.insert(y, b);
    }
    let g_planned = |scenario: &Scenario| {
        let dir = tempfile::tempdir().unwrap();
        check_plan(&stock, scenario, dir.path());
        let planning = Sheet::read(&dir.path().join("plan.xlsx"), "Planning");
        planning
            .rows
            .iter()
            .filter(|r| text(r, "label_voor") == "G")
            .count()
    };
    let by_homes = g_planned(&scenario);
    scenario.priority = Priority::WorstLabelFirst;
    let worst_first = g_planned(&scenario);
    let g_total = stock
        .homes
        .iter()
        .filter(|h| h.label.as_str() == "G")
        .count();
    assert!(worst_first > by_homes, "{worst_first} <= {by_homes}");
    assert!(worst_first <= g_total);
}

#[test]
fn heat_network_wijken_get_no_heat_source_and_keep_every_rule() {
    let dir = tempfile::tempdir().unwrap();
    let homes = generate(&SynthSpec::new(3000, 1, 5));
    let path = dir.path().join("stock.xlsx");
    write_stock(&homes, &path).unwrap();
    let mut stock = read_stock(&path, &ReadOptions::default()).unwrap();
    // The two wijken with the most EFG homes get a heat network.
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for h in &stock.homes {
        if let (Some(d), true) = (&h.district, matches!(h.label.as_str(), "E" | "F" | "G")) {
            *count.entry(d.clone()).or_default() += 1;
        }
    }
    let mut by_size: Vec<(usize, String)> = count.into_iter().map(|(d, n)| (n, d)).collect();
    by_size.sort();
    stock.districts = by_size
        .iter()
        .rev()
        .take(2)
        .map(|(_, d)| DistrictPlan {
            district: d.to_uppercase(),
            solution: HeatSolution::HeatNetwork,
            year: Some(2030),
            location: "Wijken!A2".into(),
        })
        .collect();
    let scenario = scenario_for(&stock, None).unwrap();
    check_plan(&stock, &scenario, dir.path());
    // The rule matters here: without the heat plan some home in those wijken would get a
    // package with a heat source.
    let in_network = |h: &retrofit::stock::Home| {
        stock.districts.iter().any(|d| {
            h.district.as_deref().map(str::to_lowercase) == Some(d.district.to_lowercase())
        })
    };
    let mut plain = scenario.clone();
    plain.heat_plan = Default::default();
    let prep = retrofit::projects::prepare(&stock.homes, &plain);
    let would_have_heat_source = stock.homes.iter().zip(&prep.measures).any(|(h, m)| {
        in_network(h)
            && m.as_ref()
                .is_some_and(|m| plain.catalog.packages[m.choice.package].heating != Heating::None)
    });
    assert!(would_have_heat_source, "the heat plan changes nothing here");
}
