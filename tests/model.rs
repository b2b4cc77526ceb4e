//! Hand-solved tiny instances: each pins the optimum of one rule.

use chrono::NaiveDate;
use std::path::PathBuf;

use retrofit::catalog::{Catalog, Package};
use retrofit::input::{SourceInfo, Stock};
use retrofit::model::{
    schedule, ScheduleOptions, SolveStatus, StageKind, StageMethod, ORDER_MIP_MAX_COLUMNS,
};
use retrofit::projects::{prepare, NotPlanned};
use retrofit::scenario::{Month, Scenario};
use retrofit::stock::{Home, HomeType, Label, Monument, SourceRow};

/// A home in complex `complex` of 100 m², label `label`, EP2 given inside the label.
pub fn home(vhe: &str, complex: &str, label: Label) -> Home {
    Home {
        source: SourceRow {
            sheet: "Woningen".into(),
            row: 2,
        },
        vhe: vhe.into(),
        corporation: String::new(),
        complex: complex.into(),
        block: None,
        street: Some("Kerkstraat".into()),
        house_number: vhe
            .trim_start_matches(|c: char| !c.is_ascii_digit())
            .parse()
            .ok(),
        addition: None,
        postcode: Some("5121 AB".into()),
        city: Some("Rijen".into()),
        district: None,
        home_type: HomeType::Egw,
        build_year: Some(1960),
        area_m2: 100.0,
        label,
        ep2_kwh_m2: Some(match label {
            Label::E => 320.0,
            Label::F => 360.0,
            _ => 420.0,
        }),
        monument: Monument::No,
        strategy: None,
        demolition_year: None,
        pepper_potted: false,
        private_in_block: None,
        species: Vec::new(),
        permit_date: None,
        status: None,
        maintenance_year: None,
    }
}

/// `n` homes of one complex.
pub fn complex(name: &str, n: usize, label: Label) -> Vec<Home> {
    (1..=n)
        .map(|i| home(&format!("{name}-{i}"), name, label))
        .collect()
}

/// One year (2024), no escalation, one package of € 10,000 per home reaching A from any EFG,
/// ample budget and capacity, projects of one month (pace 100 homes a month).
pub fn scenario() -> Scenario {
    let mut s = Scenario::load(&Scenario::default_path()).expect("default scenario");
    s.start_month = Month::new(2024, 1);
    s.deadline_month = Month::new(2024, 12);
    s.cost.escalation_pct_per_year = 0.0;
    s.projects.homes_per_month_per_project = 100.0;
    s.projects.max_project_homes = 100;
    s.budget_eur = [(2024, 1e9)].into_iter().collect();
    s.capacity_homes_per_month = [(2024, 1e6)].into_iter().collect();
    s.catalog = Catalog {
        price_level_year: 2024,
        packages: vec![Package {
            id: "p".into(),
            name: "pakket".into(),
            home_type: HomeType::Egw,
            fixed_eur: 10_000.0,
            per_m2_eur: 0.0,
            ep2_reduction_pct: 60.0,
            heating: Default::default(),
        }],
    };
    s
}

/// Solver options of the tests: a generous time limit, gaps at zero.
pub fn options() -> ScheduleOptions {
    ScheduleOptions {
        time_limit_s: 30.0,
        mip_rel_gap: 0.0,
        order_time_share: 0.5,
        verbose: false,
        progress_every: None,
        reference_starts: None,
        figures_only: false,
    }
}

/// A stock of `homes` as the importer would hand it over, without sheets beside it.
pub fn stock(homes: Vec<Home>) -> Stock {
    Stock {
        homes,
        warnings: Vec::new(),
        skipped: Vec::new(),
        budgets: Vec::new(),
        capacities: Vec::new(),
        districts: Vec::new(),
        source: SourceInfo {
            path: PathBuf::from("klein.xlsx"),
            file_name: "klein.xlsx".into(),
            sha256: String::new(),
            sheet: "Woningen".into(),
            sheet_names: Vec::new(),
        },
        rows_read: 0,
    }
}

/// Start month per project id, or the reason it is not planned.
fn solve(homes: &[Home], s: &Scenario) -> Vec<(String, Result<Month, NotPlanned>)> {
    let prep = prepare(homes, s);
    let sched = schedule(&prep.projects, s, &options()).expect("solve");
    assert_eq!(sched.report.status, SolveStatus::Optimal);
    prep.projects
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let r = match sched.starts[i] {
                Some(m) => Ok(m),
                None => Err(sched.reasons[i]
                    .clone()
                    .or_else(|| p.blocked.clone())
                    .expect("a reason for every project not planned")),
            };
            (p.id.clone(), r)
        })
        .collect()
}

fn get<'a>(
    r: &'a [(String, Result<Month, NotPlanned>)],
    id: &str,
) -> &'a Result<Month, NotPlanned> {
    &r.iter().find(|(p, _)| p == id).expect(id).1
}

#[test]
fn budget_binding_plans_most_homes() {
    // A 10 homes (€ 100k), B 5 (€ 50k), C 8 (€ 80k); budget € 170k.
    // A+B = 15 homes (150k) beats B+C = 13 and A+C (180k, over budget).
    let mut homes = complex("A", 10, Label::E);
    homes.extend(complex("B", 5, Label::E));
    homes.extend(complex("C", 8, Label::E));
    let mut s = scenario();
    s.budget_eur.insert(2024, 170_000.0);
    let r = solve(&homes, &s);
    assert!(get(&r, "PA").is_ok());
    assert!(get(&r, "PB").is_ok());
    // C is in no plan of 15 homes (A+C is over budget, B+C has 13), but only whole projects
    // show it: every home costs € 10,000, so the LP with C required has a plan of 15 homes
    // at this plan's cost. The whole-number model with C required has none
    // (`left_out::forced_infeasible`), so the reason holds for every optimal plan.
    assert_eq!(
        get(&r, "PC"),
        &Err(NotPlanned::Budget {
            years: vec![2024],
            both: Vec::new()
        })
    );
}

#[test]
fn capacity_binding_leaves_one_project_out() {
    // Three projects of 10 homes, 2 months each (pace 5/month, 5 homes in progress a month);
    // a horizon of 3 months and capacity 10: February can hold only two projects.
    let mut homes = complex("A", 10, Label::E);
    homes.extend(complex("B", 10, Label::F));
    homes.extend(complex("C", 10, Label::G));
    let mut s = scenario();
    s.deadline_month = Month::new(2024, 3);
    s.projects.homes_per_month_per_project = 5.0;
    s.capacity_homes_per_month.insert(2024, 10.0);
    let r = solve(&homes, &s);
    let planned = r.iter().filter(|(_, x)| x.is_ok()).count();
    assert_eq!(planned, 2, "{r:?}");
    let left_out = &r.iter().find(|(_, x)| x.is_err()).unwrap().1;
    // Any of the three could be the one left out at the same homes: the capacity reason holds
    // in this plan only.
    let Err(NotPlanned::NotExcluded { now, .. }) = left_out else {
        panic!("{left_out:?}");
    };
    assert!(
        matches!(&**now, NotPlanned::Capacity { months, .. } if months.contains(&Month::new(2024, 2))),
        "{left_out:?}"
    );
}

#[test]
fn worse_labels_start_first_when_capacity_forces_an_order() {
    // Two projects that cannot run at the same time (capacity 5, each 5 homes a month for two
    // months) in a horizon of four months: same homes, same cost, so the G project goes first.
    let mut homes = complex("E", 10, Label::E);
    homes.extend(complex("G", 10, Label::G));
    let mut s = scenario();
    s.deadline_month = Month::new(2024, 4);
    s.projects.homes_per_month_per_project = 5.0;
    s.capacity_homes_per_month.insert(2024, 5.0);
    let r = solve(&homes, &s);
    assert_eq!(get(&r, "PG"), &Ok(Month::new(2024, 1)));
    assert_eq!(get(&r, "PE"), &Ok(Month::new(2024, 3)));
}

#[test]
fn a_large_order_stage_ends_on_its_work_limit_the_same_way_every_run() {
    // 264 one-home projects (G, F and E in turn), each free to start in any month of 2024,
    // capacity 22 a month: the order stage has more columns than HiGHS' branch and bound gets,
    // so it keeps the best starting plan against the LP bound, and says so truthfully.
    let labels = [Label::G, Label::F, Label::E];
    let homes: Vec<Home> = (0..264)
        .map(|i| home(&format!("V{i}"), &format!("C{i}"), labels[i % 3]))
        .collect();
    let mut s = scenario();
    s.capacity_homes_per_month.insert(2024, 22.0);
    let prep = prepare(&homes, &s);
    let solve = || schedule(&prep.projects, &s, &options()).expect("solve");
    let first = solve();
    let order = first
        .report
        .stages
        .iter()
        .find(|st| st.kind == StageKind::Order)
        .expect("an order stage");
    assert!(prep.projects.len() * 12 > ORDER_MIP_MAX_COLUMNS);
    assert!(
        !matches!(
            order.method,
            StageMethod::BranchAndBound | StageMethod::RootNode
        ),
        "{order:?}"
    );
    assert!(
        order.bound_known && order.bound <= order.objective + 1e-6,
        "{order:?}"
    );
    if order.status != SolveStatus::Optimal {
        assert_eq!(order.method, StageMethod::StartPlan, "{order:?}");
        assert!(first
            .report
            .status_dutch()
            .contains("volgorde G-F-E binnen de startjaren: beste gevonden, niet bewezen"));
    }
    // Every project planned, capacity kept in every month.
    assert!(first.starts.iter().all(Option::is_some));
    for m in 1..=12 {
        let month = Month::new(2024, m);
        let running = first.starts.iter().filter(|s| **s == Some(month)).count();
        assert!(running <= 22, "{month}: {running}");
    }
    assert_eq!(
        solve().starts,
        first.starts,
        "the same plan on a second run"
    );
}

#[test]
fn bat_project_starts_only_in_april_september_or_october() {
    let mut homes = complex("V", 4, Label::F);
    for h in &mut homes {
        h.species = vec!["vleermuis".into()];
        h.permit_date = NaiveDate::from_ymd_opt(2023, 12, 1);
    }
    let s = scenario();
    let prep = prepare(&homes, &s);
    let allowed: Vec<String> = prep.projects[0]
        .allowed_starts
        .iter()
        .map(|m| m.to_string())
        .collect();
    assert_eq!(allowed, ["2024-04", "2024-09", "2024-10"]);
    // Same cost every month, so the tie-break starts it at the first open month.
    assert_eq!(get(&solve(&homes, &s), "PV"), &Ok(Month::new(2024, 4)));
}

#[test]
fn pepper_potted_project_held_to_april() {
    let mut homes = complex("S", 4, Label::G);
    homes[2].pepper_potted = true;
    let s = scenario();
    let r = solve(&homes, &s);
    assert_eq!(get(&r, "PS"), &Ok(Month::new(2024, 4)));
}

#[test]
fn permit_after_deadline_is_not_planned() {
    let mut homes = complex("Z", 3, Label::E);
    homes[0].species = vec!["gierzwaluw".into()];
    homes[0].permit_date = NaiveDate::from_ymd_opt(2025, 3, 1);
    homes.extend(complex("Y", 3, Label::E));
    let s = scenario();
    let r = solve(&homes, &s);
    assert_eq!(
        get(&r, "PZ"),
        &Err(NotPlanned::PermitAfterDeadline {
            permit_month: Month::new(2025, 3),
            assumed: false,
            duration_months: 1,
            last_start: Month::new(2024, 12),
        })
    );
    let reason = get(&r, "PZ").as_ref().unwrap_err().reason(Label::B);
    assert!(
        reason.ends_with("(eerste startmaand 2025-03) laat geen start toe die uiterlijk in de deadlinemaand klaar is: het project duurt 1 maand, de laatste start is 2024-12"),
        "{reason}"
    );
    assert!(get(&r, "PY").is_ok());
}

#[test]
fn escalation_starts_work_in_the_cheaper_year() {
    // Two years with 10 % escalation and budget for both projects in either year: the cheapest
    // plan starts both in the first year.
    let mut homes = complex("A", 5, Label::E);
    homes.extend(complex("B", 5, Label::F));
    let mut s = scenario();
    s.deadline_month = Month::new(2025, 12);
    s.cost.escalation_pct_per_year = 10.0;
    s.budget_eur.insert(2025, 1e9);
    s.capacity_homes_per_month.insert(2025, 1e6);
    let r = solve(&homes, &s);
    for id in ["PA", "PB"] {
        assert_eq!(get(&r, id).as_ref().map(|m| m.year()), Ok(2024), "{id}");
    }
}

#[test]
fn raising_the_budget_never_plans_fewer_homes() {
    // Projects of 3 to 11 homes; for budgets in steps of € 20k the planned homes never fall.
    let mut homes = Vec::new();
    for (i, n) in [3, 7, 11, 5, 9, 4].iter().enumerate() {
        homes.extend(complex(&format!("K{i}"), *n, Label::F));
    }
    let mut last = 0;
    for step in 0..=20 {
        let mut s = scenario();
        s.budget_eur.insert(2024, 20_000.0 * step as f64);
        let planned: usize = {
            let prep = prepare(&homes, &s);
            let sched = schedule(&prep.projects, &s, &options()).unwrap();
            prep.projects
                .iter()
                .zip(&sched.starts)
                .filter(|(_, st)| st.is_some())
                .map(|(p, _)| p.home_count())
                .sum()
        };
        assert!(planned >= last, "budget step {step}: {planned} < {last}");
        // Never over budget: € 10k a home.
        assert!(planned as f64 * 10_000.0 <= 20_000.0 * step as f64 + 1e-6);
        last = planned;
    }
    assert_eq!(last, 39);
}

/// A small deterministic random source for the instance generator (xorshift64).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// The most homes, then the lowest cost, of every plan of `sizes`-home projects (one home a
/// month, so a project of k homes runs k months and uses 1 of the capacity each month) in a
/// horizon of `months`, by enumerating every start (or none) of every project. Written from the
/// rules alone, independently of the model.
fn brute_force(
    sizes: &[usize],
    costs: &[f64],
    months: usize,
    capacity: usize,
    budget: f64,
) -> (usize, f64) {
    let mut best = (0usize, 0.0f64);
    let options: Vec<usize> = sizes.iter().map(|&k| months + 1 - k + 1).collect();
    let mut choice = vec![0usize; sizes.len()];
    loop {
        // choice 0 = not planned, c >= 1 = start in month c - 1.
        let mut load = vec![0usize; months];
        let (mut homes, mut cost, mut ok) = (0, 0.0, true);
        for (p, &c) in choice.iter().enumerate() {
            if c == 0 {
                continue;
            }
            for slot in load.iter_mut().skip(c - 1).take(sizes[p]) {
                *slot += 1;
                ok &= *slot <= capacity;
            }
            homes += sizes[p];
            cost += costs[p];
        }
        ok &= cost <= budget + 1e-6;
        if ok && (homes > best.0 || (homes == best.0 && cost < best.1 - 1e-6)) {
            best = (homes, cost);
        }
        // Next combination.
        let mut p = 0;
        while p < choice.len() {
            choice[p] += 1;
            if choice[p] < options[p] {
                break;
            }
            choice[p] = 0;
            p += 1;
        }
        if p == choice.len() {
            return best;
        }
    }
}

#[test]
fn random_small_instances_match_the_enumerated_optimum_or_say_they_are_not_proven() {
    // Packing instances (projects of 1-4 homes, one home a month, tight capacity and budget),
    // each checked against the optimum found by enumeration: the plan has the most homes and,
    // when it calls itself proven, a cost within the gap of the cheapest such plan.
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    for case in 0..30 {
        let months = 3 + rng.below(4) as usize;
        let n = 2 + rng.below(5) as usize;
        let mut homes = Vec::new();
        let mut sizes = Vec::new();
        let mut costs = Vec::new();
        for p in 0..n {
            let k = 1 + rng.below(months.min(4) as u64) as usize;
            let label = [Label::E, Label::F, Label::G][rng.below(3) as usize];
            let mut c = complex(&format!("K{p}"), k, label);
            let mut cost = 0.0;
            for h in &mut c {
                h.area_m2 = 50.0 + rng.below(100) as f64;
                cost += 10_000.0 + 100.0 * h.area_m2;
            }
            homes.extend(c);
            sizes.push(k);
            costs.push(cost);
        }
        let capacity = 1 + rng.below(2) as usize;
        let total: f64 = costs.iter().sum();
        let budget = (total * (0.3 + 0.1 * rng.below(6) as f64)).round();
        let mut s = scenario();
        s.deadline_month = Month::new(2024, months as u32);
        s.projects.homes_per_month_per_project = 1.0;
        s.catalog.packages[0].per_m2_eur = 100.0;
        s.budget_eur.insert(2024, budget);
        s.capacity_homes_per_month.insert(2024, capacity as f64);
        let (best_homes, best_cost) = brute_force(&sizes, &costs, months, capacity, budget);

        let prep = prepare(&homes, &s);
        let sched = schedule(&prep.projects, &s, &options()).expect("solve");
        let (mut planned, mut cost) = (0, 0.0);
        for (p, start) in prep.projects.iter().zip(&sched.starts) {
            if start.is_some() {
                planned += p.home_count();
                cost += p.cost_eur;
            }
        }
        let label = format!(
            "case {case}: sizes {sizes:?}, months {months}, capacity {capacity}, budget {budget}"
        );
        assert_eq!(prep.projects.len(), n, "{label}: one project per complex");
        if sched.report.status == SolveStatus::Optimal {
            assert_eq!(
                planned, best_homes,
                "{label}: proven but not the most homes"
            );
            assert!(
                cost <= best_cost * (1.0 + sched.report.gap) + 1.0,
                "{label}: proven but € {cost} > € {best_cost}"
            );
        } else {
            assert!(planned <= best_homes, "{label}");
        }
    }
}

/// Helper 56: on a generated 300-home stock with a tight budget, HiGHS, given the starting
/// plan of the cost stage, answered "optimal" with an objective (€ 271,043) that was not its
/// columns' (€ 422,748): presolve had left the fixed columns' cost out. The stage then solved
/// again without the start, found a worse plan with a bound that proved the start, and reported
/// the start against the LP's weaker bound instead: "niet bewezen (gap 0,11 %)". The stage is
/// proven, and its claim holds against the cost optimum found at a zero gap.
#[test]
fn a_start_that_highs_misreports_is_held_against_the_re_solves_bound() {
    let homes = retrofit::synth::generate(&retrofit::synth::SynthSpec::new(300, 1, 7));
    let mut s = Scenario::load(&Scenario::default_path()).expect("default scenario");
    s.budget_eur = [(2024, 150_000.0), (2025, 200_000.0), (2026, 150_000.0)]
        .into_iter()
        .collect();
    let prep = prepare(&homes, &s);
    let cost_stage = |options: &ScheduleOptions| {
        let solved = schedule(&prep.projects, &s, options).expect("solve");
        let cost = solved
            .report
            .stages
            .iter()
            .find(|st| st.kind == StageKind::Cost);
        cost.expect("a cost stage").clone()
    };
    let options = ScheduleOptions::from_scenario(&s);
    let cost = cost_stage(&options);
    assert_eq!(cost.status, SolveStatus::Optimal, "{cost:?}");
    assert!(
        cost.bound_known && cost.gap <= options.mip_rel_gap,
        "{cost:?}"
    );
    let exact = cost_stage(&ScheduleOptions {
        mip_rel_gap: 0.0,
        ..options.clone()
    });
    assert_eq!(exact.status, SolveStatus::Optimal, "{exact:?}");
    assert!(cost.bound <= exact.objective + 1e-6, "{cost:?} {exact:?}");
    assert!(
        cost.objective <= exact.objective * (1.0 + options.mip_rel_gap),
        "{cost:?} {exact:?}"
    );
}

/// Stability against a reference plan (`retrofit vergelijk`, re-plans), checked against
/// enumeration on small instances across a year boundary with escalation: projects of 1-2
/// homes of equal cost per home (so plans in other years tie on cost), a random reference.
/// The plan has the most homes and, when proven, a cost within the gap of the cheapest; when
/// its stability stage is proven, no plan with as many homes and no more cost differs from the
/// reference in fewer projects (moved, added or left out), in any year (helper 88: held to the cost stage's
/// years, a variant moved 14 projects where 5 moves gave as many homes for less).
#[test]
fn stability_moves_the_fewest_projects_of_any_plan_as_good_in_homes_and_cost() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let first = Month::new(2024, 10);
    let mut checked = 0;
    for case in 0..40 {
        let months = 4 + rng.below(3) as usize;
        let n = 3 + rng.below(4) as usize;
        let capacity = 1 + rng.below(2) as usize;
        let mut homes = Vec::new();
        let mut sizes = Vec::new();
        for p in 0..n {
            let k = 1 + rng.below(2) as usize;
            homes.extend(complex(&format!("K{p}"), k, Label::G));
            sizes.push(k);
        }
        let mut s = scenario();
        s.start_month = first;
        s.deadline_month = first.plus(months as i32 - 1);
        s.projects.homes_per_month_per_project = 1.0;
        s.cost.escalation_pct_per_year = 4.0;
        s.catalog.price_level_year = 2024;
        let per_home = 10_000.0;
        let budget_2024 = per_home * (1 + rng.below(4)) as f64;
        let budget_2025 = per_home * 1.04 * (2 + rng.below(4)) as f64 + 1.0;
        s.budget_eur = [(2024, budget_2024), (2025, budget_2025)]
            .into_iter()
            .collect();
        s.capacity_homes_per_month = [(2024, capacity as f64), (2025, capacity as f64)]
            .into_iter()
            .collect();
        let prep = prepare(&homes, &s);
        assert_eq!(
            prep.projects.len(),
            n,
            "case {case}: one project per complex"
        );
        // A random reference: a start in the horizon or a month before it, or none.
        let reference: std::collections::BTreeMap<String, Month> = prep
            .projects
            .iter()
            .filter_map(|p| {
                let k = rng.below(months as u64 + 2) as i32;
                (k <= months as i32).then(|| (p.id.clone(), first.plus(k - 1)))
            })
            .collect();
        let mut opts = options();
        opts.reference_starts = Some(reference.clone());
        let sched = schedule(&prep.projects, &s, &opts).expect("solve");

        // Enumeration from the rules: cost escalated to the start year, spread evenly over the
        // project's months for the budgets; one home a month of capacity per running project.
        let sizes_now: Vec<usize> = prep.projects.iter().map(|p| p.home_count()).collect();
        let cost_at = |p: usize, start: usize| {
            let year = first.plus(start as i32).year();
            prep.projects[p].cost_eur * 1.04f64.powi(year - 2024)
        };
        // Projects that differ from the reference: moved, added or left out (as `Vergelijking`
        // counts them; helper 90: left-out projects counted as nothing).
        let moved = |choice: &[usize]| {
            choice
                .iter()
                .enumerate()
                .filter(|&(p, &c)| {
                    let wanted = reference.get(&prep.projects[p].id);
                    if c == 0 {
                        wanted.is_some()
                    } else {
                        wanted != Some(&first.plus(c as i32 - 1))
                    }
                })
                .count()
        };
        let mut plans: Vec<(usize, f64, usize)> = Vec::new();
        let mut choice = vec![0usize; n];
        loop {
            let mut load = vec![0usize; months];
            let mut budget = [0.0f64; 2];
            let (mut planned, mut cost, mut ok) = (0, 0.0, true);
            for (p, &c) in choice.iter().enumerate() {
                if c == 0 {
                    continue;
                }
                let k = sizes_now[p];
                ok &= c - 1 + k <= months;
                let eur = cost_at(p, c - 1);
                for m in (c - 1)..(c - 1 + k).min(months) {
                    load[m] += 1;
                    ok &= load[m] <= capacity;
                    budget[(first.plus(m as i32).year() - 2024) as usize] += eur / k as f64;
                }
                planned += k;
                cost += eur;
            }
            ok &= budget[0] <= budget_2024 + 1e-6 && budget[1] <= budget_2025 + 1e-6;
            if ok {
                plans.push((planned, cost, moved(&choice)));
            }
            let mut p = 0;
            while p < n {
                choice[p] += 1;
                if choice[p] <= months {
                    break;
                }
                choice[p] = 0;
                p += 1;
            }
            if p == n {
                break;
            }
        }
        let most = plans.iter().map(|p| p.0).max().unwrap();
        let cheapest = plans
            .iter()
            .filter(|p| p.0 == most)
            .map(|p| p.1)
            .fold(f64::INFINITY, f64::min);

        let mut got = vec![0usize; n];
        let (mut planned, mut cost) = (0, 0.0);
        for (p, start) in sched.starts.iter().enumerate() {
            if let Some(m) = start {
                let c = m.since(first) as usize;
                got[p] = c + 1;
                planned += sizes_now[p];
                cost += cost_at(p, c);
            }
        }
        let label = format!("case {case}: sizes {sizes_now:?}, months {months}, capacity {capacity}, budgets {budget_2024}/{budget_2025}, reference {reference:?}, plan {:?}", sched.starts);
        assert_eq!(sched.report.status, SolveStatus::Optimal, "{label}");
        assert_eq!(planned, most, "{label}");
        assert!(
            cost <= cheapest * (1.0 + 1e-6) + 1.0,
            "{label}: € {cost} > € {cheapest}"
        );
        let stage = sched
            .report
            .stages
            .iter()
            .find(|st| st.kind == StageKind::Stability)
            .expect("a stability stage");
        assert_eq!(stage.status, SolveStatus::Optimal, "{label}");
        let fewest = plans
            .iter()
            .filter(|p| p.0 == most && p.1 <= cost + 1e-6)
            .map(|p| p.2)
            .min()
            .unwrap();
        assert_eq!(moved(&got), fewest, "{label}");
        checked += 1;
    }
    assert_eq!(checked, 40);
}
