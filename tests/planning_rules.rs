//! Hand-solved tiny instances for the planning rules of issue 10: pace, label priority,
//! maintenance synergy.

use retrofit::model::{schedule, ScheduleOptions, SolveStatus};
use retrofit::projects::{prepare, NotPlanned};
use retrofit::scenario::{Month, Priority, Scenario};
use retrofit::stock::{Home, Label};

use crate::model::{complex, scenario};

fn options() -> ScheduleOptions {
    ScheduleOptions {
        time_limit_s: 30.0,
        mip_rel_gap: 0.0,
        order_time_share: 0.5,
        verbose: false,
        progress_every: None,
    }
}

/// Per project: (start, duration) or the reason it is not planned.
type Outcome = Result<(Month, u32), NotPlanned>;

/// Per project id its outcome.
fn solve(homes: &[Home], s: &Scenario) -> Vec<(String, Outcome)> {
    let prep = prepare(homes, s);
    let sched = schedule(&prep.projects, s, &options()).expect("solve");
    assert!(
        matches!(
            sched.report.status,
            SolveStatus::Optimal | SolveStatus::Empty
        ),
        "{:?}",
        sched.report.status
    );
    prep.projects
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let r = match sched.starts[i] {
                Some(m) => Ok((m, p.duration_months)),
                None => Err(sched.reasons[i]
                    .clone()
                    .or_else(|| p.blocked.clone())
                    .expect("a reason")),
            };
            (p.id.clone(), r)
        })
        .collect()
}

fn get<'a>(r: &'a [(String, Outcome)], id: &str) -> &'a Outcome {
    &r.iter().find(|(p, _)| p == id).expect(id).1
}

#[test]
fn a_project_too_fast_for_capacity_runs_slower() {
    // 20 homes at the scenario's pace of 8 a month: 3 months at 6.7 a month, over a capacity of
    // 4. At 5 a month (4 months) still over; at 4 a month (5 months) it fits.
    let homes = complex("A", 20, Label::F);
    let mut s = scenario();
    s.projects.homes_per_month_per_project = 8.0;
    s.projects.min_homes_per_month_per_project = Some(2.0);
    s.capacity_homes_per_month.insert(2024, 4.0);
    let r = solve(&homes, &s);
    assert_eq!(get(&r, "PA"), &Ok((Month::new(2024, 1), 5)));
}

#[test]
fn without_a_minimum_pace_or_below_it_the_project_is_too_large() {
    let homes = complex("A", 20, Label::F);
    let mut s = scenario();
    s.projects.homes_per_month_per_project = 8.0;
    s.capacity_homes_per_month.insert(2024, 4.0);
    s.projects.min_homes_per_month_per_project = None;
    let r = solve(&homes, &s);
    assert!(
        matches!(get(&r, "PA"), Err(NotPlanned::ProjectTooLarge { .. })),
        "{r:?}"
    );
    // A minimum pace of 5 a month: 4 months at 5 a month is still over 4.
    s.projects.min_homes_per_month_per_project = Some(5.0);
    let r = solve(&homes, &s);
    match get(&r, "PA") {
        Err(NotPlanned::ProjectTooLarge { what }) => {
            assert!(what.contains("ook in 4 maanden"), "{what}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_slower_pace_spreads_the_cost_over_two_years() {
    // 10 homes of € 10,000 starting no earlier than November 2024 (pepper-potted month 11):
    // at 10 a month all € 100k falls in 2024, over its budget of € 60k; at 5 a month (2 months,
    // November and December) still all in 2024; the horizon runs to the end of 2025, so a
    // start in December at 5 a month puts € 50k in each year.
    let mut homes = complex("A", 10, Label::E);
    homes[0].pepper_potted = true;
    let mut s = scenario();
    s.deadline_month = Month::new(2025, 12);
    s.projects.homes_per_month_per_project = 10.0;
    s.projects.min_homes_per_month_per_project = Some(5.0);
    s.projects.pepper_potted_start_month = 12;
    s.budget_eur = [(2024, 60_000.0), (2025, 0.0)].into_iter().collect();
    s.capacity_homes_per_month.insert(2025, 1e6);
    let r = solve(&homes, &s);
    // 2025 has no budget at all: every start leaves cost in 2025 or over 2024's budget.
    assert!(
        matches!(get(&r, "PA"), Err(NotPlanned::ProjectTooLarge { .. })),
        "{r:?}"
    );
    s.budget_eur.insert(2025, 60_000.0);
    let r = solve(&homes, &s);
    assert_eq!(get(&r, "PA"), &Ok((Month::new(2024, 12), 2)));
}

#[test]
fn worst_label_first_takes_a_g_project_over_two_cheaper_e_projects() {
    // G: 3 homes (€ 30k); E1 and E2: 2 homes each (€ 20k each); budget € 40k.
    // Most homes: E1 + E2 (4 homes, € 40k). Worst label first: G (3 G homes, € 30k); the
    // € 10k left fits no E project.
    let mut homes = complex("G", 3, Label::G);
    homes.extend(complex("E1", 2, Label::E));
    homes.extend(complex("E2", 2, Label::E));
    let mut s = scenario();
    s.budget_eur.insert(2024, 40_000.0);
    let r = solve(&homes, &s);
    assert!(get(&r, "PE1").is_ok() && get(&r, "PE2").is_ok(), "{r:?}");
    assert!(get(&r, "PG").is_err(), "{r:?}");
    s.priority = Priority::WorstLabelFirst;
    let r = solve(&homes, &s);
    assert!(get(&r, "PG").is_ok(), "{r:?}");
    assert!(get(&r, "PE1").is_err() && get(&r, "PE2").is_err(), "{r:?}");
    assert!(
        matches!(get(&r, "PE1"), Err(NotPlanned::Budget { years }) if years == &[2024]),
        "{r:?}"
    );
}

#[test]
fn worst_label_first_then_f_then_e() {
    // Budget € 60k: F (3 homes, € 30k), E (2 homes, € 20k), E-big (3 homes, € 30k),
    // G (1 home, € 10k). G first (€ 10k), then F (€ 30k), then the € 20k left: E (2 homes)
    // rather than E-big (3 homes, € 30k, over).
    let mut homes = complex("F", 3, Label::F);
    homes.extend(complex("E", 2, Label::E));
    homes.extend(complex("EB", 3, Label::E));
    homes.extend(complex("G", 1, Label::G));
    let mut s = scenario();
    s.budget_eur.insert(2024, 60_000.0);
    s.priority = Priority::WorstLabelFirst;
    let r = solve(&homes, &s);
    for id in ["PG", "PF", "PE"] {
        assert!(get(&r, id).is_ok(), "{id}: {r:?}");
    }
    assert!(get(&r, "PEB").is_err(), "{r:?}");
}

#[test]
fn a_project_in_its_maintenance_year_is_cheaper_and_starts_there_when_the_budget_allows() {
    // 5 homes of € 10,000, maintenance year 2025; 4 % escalation, saving 10 %.
    // Start 2024: € 50,000. Start 2025: € 50,000 x 0.9 x 1.04 = € 46,800: the cheaper plan.
    let mut homes = complex("A", 5, Label::F);
    for h in &mut homes {
        h.maintenance_year = Some(2025);
    }
    let mut s = scenario();
    s.deadline_month = Month::new(2025, 12);
    s.cost.escalation_pct_per_year = 4.0;
    s.maintenance.saving_pct = 10.0;
    s.budget_eur.insert(2025, 1e9);
    s.capacity_homes_per_month.insert(2025, 1e6);
    let prep = prepare(&homes, &s);
    let p = &prep.projects[0];
    assert!((p.cost_at(Month::new(2024, 5), &s) - 50_000.0).abs() < 1e-6);
    assert!((p.cost_at(Month::new(2025, 5), &s) - 46_800.0).abs() < 1e-6);
    let r = solve(&homes, &s);
    assert_eq!(
        get(&r, "PA").as_ref().map(|(m, _)| m.year()),
        Ok(2025),
        "{r:?}"
    );
    // Without the saving the escalation makes 2024 cheaper.
    s.maintenance.saving_pct = 0.0;
    let r = solve(&homes, &s);
    assert_eq!(get(&r, "PA").as_ref().map(|(m, _)| m.year()), Ok(2024));
    // With the saving but a 2025 budget below € 46,800 it starts in 2024 at full cost.
    s.maintenance.saving_pct = 10.0;
    s.budget_eur.insert(2025, 40_000.0);
    let r = solve(&homes, &s);
    assert_eq!(get(&r, "PA").as_ref().map(|(m, _)| m.year()), Ok(2024));
}

#[test]
fn a_project_starts_no_more_than_n_years_before_its_maintenance_year() {
    // Maintenance in 2026, at most 1 year before: no start in 2024.
    let mut homes = complex("A", 5, Label::F);
    homes[2].maintenance_year = Some(2026);
    let mut s = scenario();
    s.deadline_month = Month::new(2026, 12);
    s.maintenance.saving_pct = 0.0;
    s.maintenance.max_years_before = Some(1);
    for y in [2025, 2026] {
        s.budget_eur.insert(y, 1e9);
        s.capacity_homes_per_month.insert(y, 1e6);
    }
    let r = solve(&homes, &s);
    assert_eq!(get(&r, "PA").as_ref().map(|(m, _)| m.year()), Ok(2025));
    // Maintenance in 2028 and the deadline at the end of 2026: no start allowed.
    homes[2].maintenance_year = Some(2028);
    let r = solve(&homes, &s);
    assert_eq!(
        get(&r, "PA"),
        &Err(NotPlanned::MaintenanceTooFar {
            year: 2028,
            max_years_before: 1
        })
    );
}
