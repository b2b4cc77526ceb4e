//! Hand-solved tiny instances for the planning rules of issue 10: pace, label priority,
//! maintenance synergy.

use retrofit::catalog::{Catalog, Package};
use retrofit::cli::scenario_for;
use retrofit::heat_plan::{DistrictPlan, HeatPlan, HeatSolution, Heating};
use retrofit::input::{problems_report, read_stock, InputError, ReadOptions};
use retrofit::model::{schedule, SolveStatus};
use retrofit::projects::{prepare, NotPlanned, Prepared};
use retrofit::scenario::{Month, Priority, Scenario};
use retrofit::stock::{Home, HomeType, Label};
use rust_xlsxwriter::Workbook;

use crate::model::{complex, home, options, scenario, stock};
use retrofit::cli::make_plan;

/// Per project: (start, duration) or the reason it is not planned.
type Outcome = Result<(Month, u32), NotPlanned>;

/// Per project id its outcome.
fn solve(homes: &[Home], s: &Scenario) -> Vec<(String, Outcome)> {
    let prep = prepare(homes, s);
    let sched = schedule(&prep.projects, s, &options()).expect("solve");
    assert!(
        matches!(
            sched.report.status,
            SolveStatus::Optimal | SolveStatus::Empty | SolveStatus::NoProjects
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

/// Without any project the status says there is nothing to plan, not that none can start.
#[test]
fn with_no_project_at_all_the_status_says_so() {
    let sched = schedule(&[], &scenario(), &options()).expect("solve");
    assert_eq!(sched.report.status, SolveStatus::NoProjects);
    assert_eq!(
        sched.report.status_dutch(),
        "niets te verdelen: er is geen project om in te plannen"
    );
}

/// A permit date without a species still holds the work until then (the importer warns that
/// no season applies): before, the date was ignored and the work planned before the permit.
#[test]
fn a_permit_date_without_a_species_still_holds_the_work() {
    let mut homes = complex("A", 2, Label::F);
    homes[0].permit_date = chrono::NaiveDate::from_ymd_opt(2024, 6, 1);
    assert!(homes[0].species.is_empty());
    let r = solve(&homes, &scenario());
    assert_eq!(get(&r, "PA"), &Ok((Month::new(2024, 6), 1)));
}

#[test]
fn a_small_project_may_take_the_months_of_the_minimum_pace() {
    // 7 homes at 8 a month: 1 month at 7 a month, over a capacity of 6. At the minimum pace of
    // 4 a month it takes ceil(7 / 4) = 2 months: 3.5 a month, which fits.
    let homes = complex("A", 7, Label::F);
    let mut s = scenario();
    s.projects.homes_per_month_per_project = 8.0;
    s.projects.min_homes_per_month_per_project = Some(4.0);
    s.capacity_homes_per_month.insert(2024, 6.0);
    let r = solve(&homes, &s);
    assert_eq!(get(&r, "PA"), &Ok((Month::new(2024, 1), 2)));
}

/// A project slowed to find any start: its too-large starts are those of the scenario's pace,
/// also the last, from which only that pace ends by the deadline (helper 102: 2028-10 was in
/// neither the list nor "bij de andere starts").
#[test]
fn a_slowed_project_names_its_late_starts_too_large_at_the_faster_pace() {
    // 8 homes at 8 a month (1 month) over a capacity of 4 every month; at the minimum pace of
    // 4 a month (2 months) it fits, but a start in the deadline month ends a month late.
    let homes = complex("A", 8, Label::F);
    let mut s = scenario();
    s.deadline_month = Month::new(2025, 12);
    s.budget_eur.insert(2025, 1e9);
    s.projects.homes_per_month_per_project = 8.0;
    s.projects.min_homes_per_month_per_project = Some(4.0);
    s.capacity_homes_per_month.insert(2024, 4.0);
    s.capacity_homes_per_month.insert(2025, 4.0);
    let prep = prepare(&homes, &s);
    let a = &prep.projects[0];
    assert_eq!(a.duration_months, 2);
    assert_eq!(a.allowed_starts.last(), Some(&Month::new(2025, 11)));
    assert_eq!(a.too_large_starts, vec![Month::new(2025, 12)]);
    // There it is too large for the capacity at the one pace that ends in time.
    assert_eq!(
        retrofit::pace::too_large_over(a, &s).map(|o| o.months),
        Some(vec![Month::new(2025, 12)])
    );
    let clause = retrofit::projects::too_large_clause(a, &s).expect("a clause");
    assert!(
        clause.starts_with("; bij start in 2025-12 is het project alleen al groter dan de capaciteit van een maand (2025-12)"),
        "{clause}"
    );
}

#[test]
fn starts_where_the_project_alone_is_too_large_are_named_beside_its_reason() {
    // 8 homes at 8 a month: over 2024's capacity of 3, within 2025's 8; at the minimum pace of
    // 4 a month still over 3. The pace stays (2025 has starts), so 2024 has none: a budget or
    // capacity reason says so, as the starts of 2024 are in no plan at all.
    let homes = complex("A", 8, Label::F);
    let mut s = scenario();
    s.deadline_month = Month::new(2025, 12);
    s.budget_eur.insert(2025, 1e9);
    s.projects.homes_per_month_per_project = 8.0;
    s.projects.min_homes_per_month_per_project = Some(4.0);
    s.capacity_homes_per_month.insert(2024, 3.0);
    s.capacity_homes_per_month.insert(2025, 8.0);
    let prep = prepare(&homes, &s);
    let a = &prep.projects[0];
    assert_eq!(a.duration_months, 1);
    assert_eq!(a.allowed_starts.first(), Some(&Month::new(2025, 1)));
    let first_year: Vec<Month> = (1..=12).map(|m| Month::new(2024, m)).collect();
    assert_eq!(a.too_large_starts, first_year);
    assert!(a.slower_starts.is_empty());
    // Only 2024's capacity is too small for it (its budget is ample): the clause names that
    // alone.
    let clause = retrofit::projects::too_large_clause(a, &s).expect("a clause");
    assert_eq!(
        clause,
        "; bij start in 2024-01, 2024-02, 2024-03, 2024-04, 2024-05, 2024-06 en nog 6 maanden is het project alleen al groter dan de capaciteit van een maand (2024-01 t/m 2024-12), bij zijn tempo (8 woningen per maand) en bij elk lager tempo tot en met 4 woningen per maand dat het scenario toestaat en dat uiterlijk in de deadlinemaand klaar is"
    );
    assert_eq!(
        retrofit::pace::too_large_over(a, &s).map(|o| o.over()),
        Some(retrofit::pace::AloneOver::Capacity)
    );
    // With 2024's budget too small for it as well, both are named.
    let mut tight = s.clone();
    tight.budget_eur.insert(2024, 50_000.0);
    let a = &prepare(&homes, &tight).projects[0];
    assert_eq!(
        retrofit::pace::too_large_over(a, &tight).map(|o| o.over()),
        Some(retrofit::pace::AloneOver::Either)
    );
    assert!(retrofit::projects::too_large_clause(a, &tight)
        .expect("a clause")
        .contains("alleen al groter dan het budget van een jaar (2024) of de capaciteit van een maand (2024-01 t/m 2024-12)"));
    // With the budget alone too small (capacity ample), the budget alone.
    let mut budget = tight.clone();
    budget.capacity_homes_per_month.insert(2024, 8.0);
    let a = &prepare(&homes, &budget).projects[0];
    assert_eq!(
        retrofit::pace::too_large_over(a, &budget).map(|o| o.over()),
        Some(retrofit::pace::AloneOver::Budget)
    );
    assert!(retrofit::projects::too_large_clause(a, &budget)
        .expect("a clause")
        .contains("alleen al groter dan het budget van een jaar (2024), bij zijn tempo"));
    // Capacity 6 in 2024 takes it at 4 a month (2 months): 2024's starts are its, slower.
    s.capacity_homes_per_month.insert(2024, 6.0);
    let prep = prepare(&homes, &s);
    let a = &prep.projects[0];
    assert!(a.too_large_starts.is_empty());
    assert_eq!(a.allowed_starts.first(), Some(&Month::new(2024, 1)));
    assert_eq!(a.duration_at(Month::new(2024, 1)), 2);
    assert_eq!(a.duration_at(Month::new(2025, 1)), 1);
    assert_eq!(a.slower_starts.len(), 12);
    // Where the pace fits everywhere, nothing is said.
    s.capacity_homes_per_month.insert(2024, 8.0);
    let prep = prepare(&homes, &s);
    assert!(prep.projects[0].too_large_starts.is_empty());
    assert_eq!(
        retrofit::projects::too_large_clause(&prep.projects[0], &s),
        None
    );
    // In a re-plan, where pinned work takes the capacity of 2024's months, the clause says the
    // project is larger than what that work leaves, not than a month's capacity.
    for m in 1..=12 {
        s.committed
            .load
            .insert((String::new(), Month::new(2024, m)), 5.0);
    }
    let prep = prepare(&homes, &s);
    let clause = retrofit::projects::too_large_clause(&prep.projects[0], &s).expect("a clause");
    assert!(
        clause.contains("alleen al groter dan wat het werk dat gereed, in uitvoering of vastgelegd is overlaat van de capaciteit van een maand (2024-01 t/m 2024-12), bij zijn tempo (8 woningen per maand)"),
        "{clause}"
    );
    // Where 2024's capacity itself is too small (3) and pinned work takes only part of 2024's
    // budget, which stays ample, that work is not what keeps it out (helper 73: "past niet
    // meer naast werk dat gereed ... is" of months that work did not touch).
    s.committed.load.clear();
    s.capacity_homes_per_month.insert(2024, 3.0);
    s.committed.cost_eur.insert((String::new(), 2024), 10_000.0);
    let prep = prepare(&homes, &s);
    let a = &prep.projects[0];
    assert_eq!(a.too_large_starts.len(), 12);
    assert!(a.too_large_beside_pinned.is_empty());
    let clause = retrofit::projects::too_large_clause(a, &s).expect("a clause");
    assert!(
        clause.contains(
            "is het project alleen al groter dan de capaciteit van een maand (2024-01 t/m 2024-12), bij zijn tempo"
        ),
        "{clause}"
    );
    // Pinned work in the first half of 2024 only: it keeps the project out of those starts
    // (capacity 8, 5 taken), the capacity itself out of none.
    s.capacity_homes_per_month.insert(2024, 8.0);
    for m in 1..=6 {
        s.committed
            .load
            .insert((String::new(), Month::new(2024, m)), 5.0);
    }
    let prep = prepare(&homes, &s);
    let a = &prep.projects[0];
    let first_half: Vec<Month> = (1..=6).map(|m| Month::new(2024, m)).collect();
    assert_eq!(a.too_large_starts, first_half);
    assert_eq!(a.too_large_beside_pinned, first_half);
    // With 2025's capacity too small as well (3), its starts are too large by the capacity
    // itself: the clause says which starts the pinned work keeps it from.
    s.capacity_homes_per_month.insert(2025, 3.0);
    let prep = prepare(&homes, &s);
    let a = &prep.projects[0];
    assert_eq!(a.too_large_starts.len(), 18);
    assert_eq!(a.too_large_beside_pinned, first_half);
    let clause = retrofit::projects::too_large_clause(a, &s).expect("a clause");
    assert!(
        clause.contains("is het project alleen al groter dan de capaciteit van een maand (2024-01 t/m 2024-06 of 2025-01 t/m 2025-12; bij start in 2024-01, 2024-02, 2024-03, 2024-04, 2024-05, 2024-06: dan wat het werk dat gereed, in uitvoering of vastgelegd is ervan overlaat), bij zijn tempo"),
        "{clause}"
    );
}

#[test]
fn without_a_minimum_pace_or_below_it_the_project_is_too_large() {
    let homes = complex("A", 20, Label::F);
    let mut s = scenario();
    s.projects.homes_per_month_per_project = 8.0;
    s.capacity_homes_per_month.insert(2024, 4.0);
    s.projects.min_homes_per_month_per_project = None;
    let r = solve(&homes, &s);
    match get(&r, "PA") {
        // Every month of the start falls as short: the first is named (helper 59 saw the
        // second named).
        Err(NotPlanned::ProjectTooLarge {
            what, slower_fits, ..
        }) => {
            assert!(
                what.ends_with(
                    "start 2024-01 vraagt 6,7 woningen per maand bij een capaciteit van 4 in 2024-01"
                ),
                "{what}"
            );
            // 5 months at 4 a month fit: the advice names the highest minimum that allows
            // them, 4.9 (ceil(20 / 4.9) = 5; helpers 86 and 87).
            assert_eq!(*slower_fits, Some((4.9, 5)));
        }
        other => panic!("{other:?}"),
    }
    let advice = |r: &_| match get(r, "PA") {
        Err(why) => why.reason(Label::B),
        other => panic!("{other:?}"),
    };
    assert!(
        advice(&r).ends_with("; splits het project, verlaag het minimumtempo ([projects] min_homes_per_month_per_project; blad Scenario's: minimum tempo) tot 4,9 woningen per maand of lager (het project duurt dan 5 maanden, 4 woningen per maand) of verhoog de capaciteit"),
        "{}",
        advice(&r)
    );
    // A minimum pace of 5 a month: 4 months at 5 a month is still over 4.
    s.projects.min_homes_per_month_per_project = Some(5.0);
    let r = solve(&homes, &s);
    match get(&r, "PA") {
        Err(NotPlanned::ProjectTooLarge {
            what, slower_fits, ..
        }) => {
            assert_eq!(
                what,
                "past bij geen startmaand, ook niet in 4 maanden (5 woningen per maand), de langste duur die het minimumtempo van 5 woningen per maand toestaat; het kleinste tekort bij die duur: start 2024-01 vraagt 5 woningen per maand bij een capaciteit van 4 in 2024-01"
            );
            assert_eq!(*slower_fits, Some((4.9, 5)));
        }
        other => panic!("{other:?}"),
    }
    // The minimum it names lets the project fit, in the months it names; a tenth more not.
    s.projects.min_homes_per_month_per_project = Some(4.9);
    assert_eq!(
        get(&solve(&homes, &s), "PA").as_ref().map(|&(_, d)| d).ok(),
        Some(5)
    );
    s.projects.min_homes_per_month_per_project = Some(5.0);
    assert!(get(&solve(&homes, &s), "PA").is_err());
    s.projects.min_homes_per_month_per_project = Some(5.0);
    // A minimum pace of 2 would allow 10 months; a horizon of 4 months allows 4, and the
    // reason says that the deadline, not the minimum, stops it (helper 61).
    s.projects.min_homes_per_month_per_project = Some(2.0);
    s.deadline_month = Month::new(2024, 4);
    let r = solve(&homes, &s);
    match get(&r, "PA") {
        Err(NotPlanned::ProjectTooLarge {
            what, slower_fits, ..
        }) => {
            assert!(
                what.starts_with(
                    "past bij geen startmaand, ook niet in 4 maanden (5 woningen per maand), de langste duur die uiterlijk in de deadlinemaand klaar is; het kleinste tekort bij die duur: start 2024-01 vraagt 5 woningen per maand"
                ),
                "{what}"
            );
            // Slower ends after the deadline: no minimum is named.
            assert_eq!(*slower_fits, None);
        }
        other => panic!("{other:?}"),
    }
}

/// Splitting is advised only where a smaller project could fit: one of its homes alone, at
/// some start (helper 49 saw "splits het project" at capacity 0 everywhere, helper 53 where
/// each home cost more than a year's budget).
#[test]
fn a_project_is_told_to_split_only_when_a_smaller_one_could_fit() {
    let homes = complex("A", 20, Label::F);
    let mut s = scenario();
    s.projects.homes_per_month_per_project = 8.0;
    s.projects.min_homes_per_month_per_project = None;
    let reason = |s: &Scenario| match get(&solve(&homes, s), "PA") {
        Err(why @ NotPlanned::ProjectTooLarge { one_home_fits, .. }) => {
            (*one_home_fits, why.reason(Label::B))
        }
        other => panic!("{other:?}"),
    };
    s.capacity_homes_per_month.insert(2024, 4.0);
    let (one_home_fits, text) = reason(&s);
    assert!(one_home_fits);
    assert!(
        text.contains("; splits het project, verlaag het minimumtempo"),
        "{text}"
    );
    s.capacity_homes_per_month.insert(2024, 0.0);
    let (one_home_fits, text) = reason(&s);
    assert!(!one_home_fits);
    assert!(
        text.starts_with("project te groot: ") && !text.contains("splits"),
        "{text}"
    );
    // Capacity alone falls short: the advice names it alone (helper 53).
    assert!(text.ends_with("; verhoog de capaciteit"), "{text}");
    // Budget: € 15,000 holds one home of € 10,000, so splitting helps; € 5,000 holds none
    // (helper 53: told to split where each home alone was too large).
    s.capacity_homes_per_month.insert(2024, 100.0);
    s.budget_eur.insert(2024, 15_000.0);
    let (one_home_fits, text) = reason(&s);
    assert!(one_home_fits, "{text}");
    assert!(text.contains("splits het project of verhoog"), "{text}");
    s.budget_eur.insert(2024, 5_000.0);
    let (one_home_fits, text) = reason(&s);
    assert!(!one_home_fits, "{text}");
    assert!(!text.contains("splits"), "{text}");
    assert!(text.ends_with("; verhoog het budget"), "{text}");
    // Both short at every start: raising one alone does not help (helper 54).
    s.capacity_homes_per_month.insert(2024, 0.0);
    let (_, text) = reason(&s);
    assert!(
        text.ends_with("; verhoog het budget en de capaciteit"),
        "{text}"
    );
}

/// The split advice tries the cheapest home, not the average one: a project whose average
/// home is over the budget but whose cheapest home fits is told to split; one whose cheapest
/// home fits only with its maintenance saving, too (a leftover of an earlier session).
#[test]
fn a_project_is_told_to_split_where_its_cheapest_home_fits() {
    // € 10,000 + € 100/m²: one home of 50 m² costs € 15,000, nineteen of 150 m² € 25,000
    // (average € 24,500).
    let mut homes = complex("A", 20, Label::F);
    for (i, h) in homes.iter_mut().enumerate() {
        h.area_m2 = if i == 0 { 50.0 } else { 150.0 };
    }
    let mut s = scenario();
    s.catalog.packages[0].per_m2_eur = 100.0;
    s.projects.homes_per_month_per_project = 8.0;
    s.projects.min_homes_per_month_per_project = None;
    let reason = |homes: &[Home], s: &Scenario| match get(&solve(homes, s), "PA") {
        Err(why @ NotPlanned::ProjectTooLarge { one_home_fits, .. }) => {
            (*one_home_fits, why.reason(Label::B))
        }
        other => panic!("{other:?}"),
    };
    s.budget_eur.insert(2024, 20_000.0);
    let (fits, text) = reason(&homes, &s);
    assert!(fits, "the € 15,000 home fits € 20,000: {text}");
    assert!(text.contains("splits het project of verhoog"), "{text}");
    s.budget_eur.insert(2024, 14_000.0);
    let (fits, text) = reason(&homes, &s);
    assert!(!fits, "no home fits € 14,000: {text}");
    assert!(!text.contains("splits"), "{text}");
    // A 150 m² home with maintenance in 2024 and a saving of 50 %: € 12,500, under € 14,000;
    // the same home with maintenance in 2030 saves nothing in the horizon.
    s.maintenance.saving_pct = 50.0;
    homes[1].maintenance_year = Some(2030);
    let (fits, _) = reason(&homes, &s);
    assert!(!fits);
    homes[1].maintenance_year = Some(2024);
    let (fits, text) = reason(&homes, &s);
    assert!(
        fits,
        "the € 25,000 home costs € 12,500 with its maintenance: {text}"
    );
    assert!(text.contains("splits het project of verhoog"), "{text}");
}

/// Projects that fit only side by side at a slower pace: the model (one pace per start) plans
/// two of three, and says how many homes more a free pace holds, from a model of its own
/// (helper 103: "bewezen" with 193 homes where 211 fitted at paces the scenario allows).
#[test]
fn the_homes_a_free_pace_could_add_are_said() {
    // Three projects of 8 homes at 8 a month, two months before the deadline, capacity 12:
    // at their pace one a month fits (8 + 8 > 12), so 16 homes; at 4 a month all three run
    // side by side over both months (12 a month), 24 homes. Alone each fits at its own pace, so
    // the model gives none a slower one.
    let mut homes = complex("A", 8, Label::F);
    homes.extend(complex("B", 8, Label::F));
    homes.extend(complex("C", 8, Label::F));
    let mut s = scenario();
    s.start_month = Month::new(2024, 11);
    s.deadline_month = Month::new(2024, 12);
    s.projects.homes_per_month_per_project = 8.0;
    s.projects.min_homes_per_month_per_project = Some(4.0);
    s.capacity_homes_per_month.insert(2024, 12.0);
    let prep = prepare(&homes, &s);
    let sched = schedule(&prep.projects, &s, &options()).expect("solve");
    assert_eq!(sched.starts.iter().flatten().count(), 2);
    let free = sched.report.free_pace.expect("checked");
    assert_eq!((free.planned, free.found, free.bound), (16.0, 24.0, 24.0));
    assert!(!free.none_more());
    assert_eq!(
        free.short_dutch(),
        "bij vrij tempo 8 woningen meer (bewezen)"
    );
    // The plan says so beside its status and in its pace note.
    let stock = crate::model::stock(homes.clone());
    let plan = retrofit::plan::build(&stock, &s, &prep, &sched);
    assert!(
        plan.status_dutch()
            .ends_with("kent het model niet: bij vrij tempo 8 woningen meer (bewezen)"),
        "{}",
        plan.status_dutch()
    );
    assert!(
        plan.pace_note()
            .expect("a note")
            .contains("vond een plan met 8 woningen meer (bewezen het meeste)"),
        "{:?}",
        plan.pace_note()
    );
    // With capacity 16 both fit at their pace, and no free pace adds one: said as proven.
    s.capacity_homes_per_month.insert(2024, 16.0);
    let prep = prepare(&homes, &s);
    let sched = schedule(&prep.projects, &s, &options()).expect("solve");
    assert_eq!(sched.starts.iter().flatten().count(), 3);
    if let Some(free) = sched.report.free_pace {
        assert!(free.none_more(), "{free:?}");
    }
    // A budget series' step, whose figures alone are shown: not checked.
    let off = retrofit::model::ScheduleOptions {
        figures_only: true,
        ..options()
    };
    s.capacity_homes_per_month.insert(2024, 12.0);
    let prep = prepare(&homes, &s);
    assert_eq!(
        schedule(&prep.projects, &s, &off)
            .expect("solve")
            .report
            .free_pace,
        None
    );
}

/// A project runs slower at a start where its pace is too large alone but a slower pace fits
/// (helpers 58 and 59: at a fixed pace, projects that fitted 2024 only were left out while
/// 2025's capacity took them at a slower pace; "optimaal (bewezen)" at 16 of 48 homes).
#[test]
fn a_project_runs_slower_at_starts_where_only_a_slower_pace_fits() {
    // A and B: 6 homes of € 10,000 each, at 6 a month one month. 2024: budget for one of
    // them, capacity 10; 2025: budget for both, capacity 4, under their pace of 6, not under
    // 3 a month (2 months).
    let mut homes = complex("A", 6, Label::F);
    homes.extend(complex("B", 6, Label::F));
    let mut s = scenario();
    s.deadline_month = Month::new(2025, 12);
    s.projects.homes_per_month_per_project = 6.0;
    s.projects.min_homes_per_month_per_project = Some(2.0);
    s.budget_eur = [(2024, 60_000.0), (2025, 100_000.0)].into_iter().collect();
    s.capacity_homes_per_month = [(2024, 10.0), (2025, 4.0)].into_iter().collect();
    let plan = make_plan(&stock(homes.clone()), &s, &options()).expect("plan");
    assert_eq!(plan.planned.len(), 12, "{:?}", plan.not_planned);
    assert_eq!(plan.solve.status, SolveStatus::Optimal);
    let mut paces: Vec<(i32, u32)> = plan
        .projects
        .iter()
        .map(|p| (p.start.year(), p.duration_months))
        .collect();
    paces.sort();
    // One in 2024 at its pace, one in 2025 at 3 a month; 2025's capacity of 4 holds one at a
    // time, so the second 2025 start would wait: the plan has one in each year.
    assert_eq!(paces, vec![(2024, 1), (2025, 2)], "{:?}", plan.projects);
    let slow = plan
        .projects
        .iter()
        .find(|p| p.start.year() == 2025)
        .unwrap();
    assert_eq!(slow.pace_homes_per_month, 3.0);
    assert_eq!(slow.end, slow.start.plus(1));
    // Without a minimum pace no slower pace is allowed: one project, the other left out.
    s.projects.min_homes_per_month_per_project = None;
    let plan = make_plan(&stock(homes), &s, &options()).expect("plan");
    assert_eq!(plan.planned.len(), 6);
}

#[test]
fn a_proof_that_slower_projects_side_by_side_could_beat_says_so() {
    // A, B, C: 6 homes each, at 6 a month one month; the horizon is January and February
    // 2024, capacity 9. At their pace one project a month fits (12 homes); at 3 a month all
    // three would run side by side (18 homes), which the model's pace rule does not try (each
    // fits alone at its pace): the plan's proof says what it holds against (helper 60).
    let mut homes = complex("A", 6, Label::F);
    homes.extend(complex("B", 6, Label::F));
    homes.extend(complex("C", 6, Label::F));
    let mut s = scenario();
    s.deadline_month = Month::new(2024, 2);
    s.projects.homes_per_month_per_project = 6.0;
    s.projects.min_homes_per_month_per_project = Some(3.0);
    s.budget_eur = [(2024, 1e9)].into_iter().collect();
    s.capacity_homes_per_month = [(2024, 9.0)].into_iter().collect();
    let plan = make_plan(&stock(homes.clone()), &s, &options()).expect("plan");
    assert_eq!(plan.planned.len(), 12);
    assert_eq!(plan.solve.status, SolveStatus::Optimal);
    let note = plan.pace_note().expect("a note beside the proof");
    assert!(note.contains("naast elkaar allebei langzamer"), "{note}");
    // Without a slower pace, or where the capacity holds every project at once, the proof
    // needs no such note.
    let mut fixed = s.clone();
    fixed.projects.min_homes_per_month_per_project = Some(6.0);
    let plan = make_plan(&stock(homes.clone()), &fixed, &options()).expect("plan");
    assert_eq!(plan.pace_note(), None);
    assert_eq!(plan.status_dutch(), plan.solve.status_dutch());
    let mut roomy = s.clone();
    roomy.capacity_homes_per_month = [(2024, 18.0)].into_iter().collect();
    let plan = make_plan(&stock(homes.clone()), &roomy, &options()).expect("plan");
    assert_eq!(plan.planned.len(), 18);
    assert_eq!(plan.pace_note(), None);
    // Nor where no slower pace ends by the deadline: the horizon is one month.
    let mut short = s.clone();
    short.deadline_month = Month::new(2024, 1);
    let plan = make_plan(&stock(homes), &short, &options()).expect("plan");
    assert_eq!(plan.planned.len(), 6);
    assert_eq!(plan.pace_note(), None);
}

#[test]
fn a_proof_that_slower_projects_could_beat_on_the_budget_says_so_and_so_do_its_reasons() {
    // A and B: 8 homes of € 10,000, at 8 a month one month, from 2024-06 to 2025-01. 2024's
    // budget holds one and a half, 2025's a half: one project in 2024 at its pace leaves the
    // other out ("budget"), where at 4 a month from 2024-12 it would put half its cost in each
    // year (helper 61). The plan says its proof holds at the pace per start, and so does the
    // reason.
    let mut homes = complex("A", 8, Label::F);
    homes.extend(complex("B", 8, Label::F));
    let mut s = scenario();
    s.start_month = Month::new(2024, 6);
    s.deadline_month = Month::new(2025, 1);
    s.projects.homes_per_month_per_project = 8.0;
    s.projects.min_homes_per_month_per_project = Some(4.0);
    s.budget_eur = [(2024, 120_000.0), (2025, 40_000.0)].into_iter().collect();
    s.capacity_homes_per_month = [(2024, 100.0), (2025, 100.0)].into_iter().collect();
    let plan = make_plan(&stock(homes), &s, &options()).expect("plan");
    assert_eq!(plan.planned.len(), 8, "{:?}", plan.not_planned);
    assert_eq!(plan.solve.status, SolveStatus::Optimal);
    assert!(plan.pace_note().is_some());
    let reason = &plan.not_planned[0].detail;
    assert!(reason.starts_with("budget"), "{reason}");
    assert!(
        reason.ends_with(retrofit::plan::PACE_REASON_NOTE),
        "{reason}"
    );
    // Where the note is not beside the status (`vergelijk`), the status says it, with the homes
    // a free pace holds: B from 2024-12 at 4 a month puts half its cost in each year.
    let free = plan.solve.free_pace.expect("checked");
    assert_eq!((free.planned, free.found), (8.0, 16.0));
    assert!(
        plan.status_dutch().contains(&format!(
            "; {}: bij vrij tempo 8 woningen meer",
            retrofit::plan::PACE_STATUS
        )),
        "{}",
        plan.status_dutch()
    );
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
        matches!(get(&r, "PE1"), Err(NotPlanned::Budget { years, .. }) if years == &[2024]),
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
    let every_month: Vec<Month> = (0..36).map(|k| Month::new(2024, 1).plus(k)).collect();
    let why = NotPlanned::MaintenanceTooFar {
        year: 2028,
        max_years_before: 1,
        left: every_month,
    };
    assert_eq!(get(&r, "PA"), &Err(why.clone()));
    assert_eq!(
        why.reason(Label::B),
        "onderhoud: start niet meer dan 1 jaar vóór het onderhoudsjaar 2028; de startmaanden die de andere regels openlaten (2024-01, 2024-02, 2024-03, 2024-04, 2024-05, 2024-06 en nog 30 maanden) liggen eerder"
    );
}

/// A reason of the project's own rules names the months the other rules leave, so that it is
/// true where those rules together refuse them (helper 74: "geen startmaand open ... tussen
/// vergunning en deadline" where the open months lay after the last start that ends by the
/// deadline; "gespikkeld ... en dan niet meer uiterlijk in de deadlinemaand klaar" where the species
/// calendar closed the months that would be).
#[test]
fn a_reason_of_the_projects_own_rules_names_the_months_left() {
    // 5 homes at 1 a month (5 months), swifts (open January to March and September to
    // December), deadline 2024-10: the last start that ends by then is 2024-06, and 2024-04 to
    // 2024-06 are closed; 2024-09 and 2024-10 are open but too late.
    let mut homes = complex("A", 5, Label::F);
    for h in &mut homes {
        h.species = vec!["gierzwaluw".into()];
        h.permit_date = chrono::NaiveDate::from_ymd_opt(2024, 1, 1);
    }
    let mut s = scenario();
    s.start_month = Month::new(2024, 4);
    s.deadline_month = Month::new(2024, 10);
    s.projects.homes_per_month_per_project = 1.0;
    let r = solve(&homes, &s);
    let why = get(&r, "PA").as_ref().expect_err("not planned");
    assert_eq!(
        why.reason(Label::B),
        "geen startmaand open voor gierzwaluw van 2024-04 t/m 2024-06, de laatste start waarmee het project uiterlijk in de deadlinemaand klaar is"
    );
    // The same from a planning start in January with the permit on 15 April: the permit sets
    // the first month, 2024-05, and is named (helper 77).
    for h in &mut homes {
        h.permit_date = chrono::NaiveDate::from_ymd_opt(2024, 4, 15);
    }
    s.start_month = Month::new(2024, 1);
    let r = solve(&homes, &s);
    let why = get(&r, "PA").as_ref().expect_err("not planned");
    assert_eq!(
        why.reason(Label::B),
        "geen startmaand open voor gierzwaluw van 2024-05 t/m 2024-06: van de eerste startmaand na de vergunning (15-04-2024) t/m de laatste waarmee het project uiterlijk in de deadlinemaand klaar is"
    );
    // Pepper-potted from April, house sparrows (open January, February and September to
    // December), one month of work, deadline 2024-04: the species leave 2024-01 and 2024-02,
    // both before April.
    let mut homes = complex("B", 1, Label::F);
    homes[0].species = vec!["huismus".into()];
    homes[0].permit_date = chrono::NaiveDate::from_ymd_opt(2024, 1, 1);
    homes[0].pepper_potted = true;
    let mut s = scenario();
    s.deadline_month = Month::new(2024, 4);
    let r = solve(&homes, &s);
    let why = get(&r, "PB").as_ref().expect_err("not planned");
    assert_eq!(
        why.reason(Label::B),
        "gespikkeld: start pas vanaf april van een jaar; de startmaanden die vergunning, soortenkalender en deadline openlaten (2024-01, 2024-02) liggen daarvóór"
    );
}

/// Shell only (45 % less EP2, € 15,000, no heat source) and shell + heat pump (60 %, € 10,000).
fn heat_catalog(s: &mut Scenario) {
    let package = |id: &str, fixed: f64, pct: f64, heating: Heating| Package {
        id: id.into(),
        name: id.into(),
        home_type: HomeType::Egw,
        fixed_eur: fixed,
        per_m2_eur: 0.0,
        ep2_reduction_pct: pct,
        heating,
    };
    s.catalog = Catalog {
        price_level_year: 2024,
        packages: vec![
            package("schil", 15_000.0, 45.0, Heating::None),
            package("warmtepomp", 10_000.0, 60.0, Heating::HeatPump),
        ],
    };
}

fn district_plan(district: &str, solution: HeatSolution, year: Option<i32>) -> DistrictPlan {
    DistrictPlan {
        district: district.into(),
        solution,
        year,
        location: "Wijken!A2".into(),
    }
}

#[test]
fn a_home_in_a_heat_network_wijk_gets_no_heat_pump_package() {
    // E homes (EP2 320): heat pump -> 128 (A) for € 10,000, shell -> 176 (B) for € 15,000.
    // G home (EP2 420): shell -> 231 (C): the target B is out of reach without a heat pump.
    let mut homes = complex("N", 2, Label::E);
    homes.extend(complex("Z", 2, Label::E));
    homes.push(home("N-9", "N", Label::G));
    for h in &mut homes {
        h.district = Some(if h.complex == "N" { "Noord" } else { "Zuid" }.into());
    }
    let mut s = scenario();
    heat_catalog(&mut s);
    let index = |vhe: &str| homes.iter().position(|h| h.vhe == vhe).unwrap();
    let package_of = |prep: &retrofit::projects::Preparation, s: &Scenario, vhe: &str| {
        prep.measures[index(vhe)]
            .as_ref()
            .map(|m| s.catalog.packages[m.choice.package].id.clone())
    };
    // Without a heat plan every home gets the cheaper heat pump.
    let prep = prepare(&homes, &s);
    assert_eq!(package_of(&prep, &s, "N-1").as_deref(), Some("warmtepomp"));
    s.heat_plan = HeatPlan::new(&[
        district_plan(" noord ", HeatSolution::HeatNetwork, Some(2030)),
        district_plan("Zuid", HeatSolution::AllElectric, None),
    ]);
    let prep = prepare(&homes, &s);
    let package_of = |vhe: &str| package_of(&prep, &s, vhe);
    assert_eq!(package_of("N-1").as_deref(), Some("schil"));
    assert_eq!(package_of("N-2").as_deref(), Some("schil"));
    assert_eq!(package_of("Z-1").as_deref(), Some("warmtepomp"));
    assert_eq!(package_of("N-9"), None);
    match &prep.homes[index("N-9")] {
        Prepared::NoRegretOnly(why) => {
            assert_eq!(
                why,
                &NotPlanned::HeatNetworkNoRegret {
                    district: " noord ".into(),
                    year: Some(2030),
                    best_label: Some(Label::C)
                }
            );
            let text = why.reason(Label::B);
            assert!(text.contains("warmtenet (2030)"), "{text}");
            assert!(text.contains("label C"), "{text}");
        }
        other => panic!("{other:?}"),
    }
}

/// A small stock workbook with a `Wijken` sheet of `rows` (wijk, warmteoplossing, jaar).
fn stock_with_districts(path: &std::path::Path, rows: &[[&str; 3]]) {
    let homes = [
        ["1", "C1", "EGW", "100", "E", "320", "Noord"],
        ["2", "C1", "EGW", "100", "E", "320", "Noord"],
        ["3", "C2", "EGW", "100", "E", "320", "Zuid"],
    ];
    stock_with_homes_and_districts(path, &homes, rows);
}

/// [`stock_with_districts`] with homes of its own (vhe, complex, woningtype, gbo_m2,
/// energielabel, ep2, wijk).
fn stock_with_homes_and_districts(path: &std::path::Path, homes: &[[&str; 7]], rows: &[[&str; 3]]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Woningen").unwrap();
    let header = [
        "vhe",
        "complex",
        "woningtype",
        "gbo_m2",
        "energielabel",
        "ep2",
        "wijk",
    ];
    for (j, h) in header.iter().enumerate() {
        ws.write_string(0, j as u16, *h).unwrap();
    }
    for (i, row) in homes.iter().enumerate() {
        for (j, v) in row.iter().enumerate() {
            let r = 1 + i as u32;
            match v.parse::<f64>() {
                Ok(n) if j == 3 || j == 5 => ws.write_number(r, j as u16, n).map(|_| ()),
                _ => ws.write_string(r, j as u16, *v).map(|_| ()),
            }
            .unwrap();
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name("Wijken").unwrap();
    for (j, h) in ["wijk", "warmteoplossing", "jaar"].iter().enumerate() {
        ws.write_string(0, j as u16, *h).unwrap();
    }
    for (i, row) in rows.iter().enumerate() {
        for (j, v) in row.iter().enumerate() {
            let r = 1 + i as u32;
            match v.parse::<f64>() {
                Ok(n) => ws.write_number(r, j as u16, n).map(|_| ()),
                _ => ws.write_string(r, j as u16, *v).map(|_| ()),
            }
            .unwrap();
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn the_wijken_sheet_is_read_and_a_bad_value_names_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("wijken.xlsx");
    stock_with_districts(
        &good,
        &[["Noord", "Warmtenet", "2030"], ["Zuid", "hybride", ""]],
    );
    let stock = read_stock(&good, &ReadOptions::default()).expect("read");
    assert_eq!(stock.districts.len(), 2);
    assert_eq!(stock.districts[0].solution, HeatSolution::HeatNetwork);
    assert_eq!(stock.districts[0].year, Some(2030));
    assert_eq!(stock.districts[1].year, None);
    assert!(
        !stock
            .warnings
            .iter()
            .any(|w| w.location.starts_with("Wijken")),
        "{:?}",
        stock.warnings
    );
    // A wijk no home has (a typo) restricts nothing: a warning at its cell, with a suggestion.
    let typo = dir.path().join("typo.xlsx");
    stock_with_districts(&typo, &[["Noordd", "warmtenet", "2030"]]);
    let read = read_stock(&typo, &ReadOptions::default()).expect("read");
    let warning = read
        .warnings
        .iter()
        .find(|w| w.location == "Wijken!A2")
        .expect("a warning at Wijken!A2");
    assert!(warning.message.contains("'Noordd'"), "{}", warning.message);
    assert!(
        warning.message.contains("bedoelt u 'Noord'?"),
        "{}",
        warning.message
    );
    // The plan: the Noord homes get a package without a heat source.
    let mut s = scenario_for(&stock, None).unwrap();
    s.start_month = Month::new(2024, 1);
    let prep = prepare(&stock.homes, &s);
    for (h, m) in stock.homes.iter().zip(&prep.measures) {
        let package = &s.catalog.packages[m.as_ref().expect("a package").choice.package];
        if h.district.as_deref() == Some("Noord") {
            assert_eq!(package.heating, Heating::None, "{}", package.id);
        }
    }

    let bad = dir.path().join("fout.xlsx");
    stock_with_districts(
        &bad,
        &[
            ["Noord", "geothermie", "2030"],
            ["Zuid", "hybride", "ooit"],
            ["noord", "hybride", ""],
        ],
    );
    let problems = match read_stock(&bad, &ReadOptions::default()) {
        Err(InputError::Invalid { problems, .. }) => problems,
        other => panic!("{:?}", other.map(|s| s.districts)),
    };
    let text = problems_report(&problems);
    assert!(text.contains("Wijken!B2"), "{text}");
    assert!(text.contains("geothermie"), "{text}");
    assert!(text.contains("Wijken!C3"), "{text}");
    assert!(text.contains("Wijken!A4"), "{text}");
    assert!(text.contains("dubbel"), "{text}");
}

/// A stock with errors is refused; its homes read are then only some of the sheet's, so a wijk
/// whose only home has an error is not said to have no homes (helper 56: "wijk 'Noord' komt bij
/// geen enkele woning voor" beside a missing column).
#[test]
fn a_refused_stock_does_not_say_its_wijken_have_no_homes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fout.xlsx");
    let homes = [
        ["1", "C1", "EGW", "100", "E", "320", "Noord"],
        ["2", "C2", "EGW", "100", "Q", "320", "Zuid"],
    ];
    let rows = [["Zuid", "warmtenet", "2030"], ["Oost", "warmtenet", "2030"]];
    stock_with_homes_and_districts(&path, &homes, &rows);
    let problems = match read_stock(&path, &ReadOptions::default()) {
        Err(InputError::Invalid { problems, .. }) => problems,
        other => panic!("{:?}", other.map(|s| s.districts)),
    };
    let text = problems_report(&problems);
    assert!(text.contains("Woningen!E3"), "{text}");
    assert!(!text.contains("geen enkele woning"), "{text}");
    // Read without the error, the wijk no home has is said, the one with a home is not.
    let good = [homes[0], ["2", "C2", "EGW", "100", "E", "320", "Zuid"]];
    stock_with_homes_and_districts(&path, &good, &rows);
    let stock = read_stock(&path, &ReadOptions::default()).expect("read");
    let said: Vec<&str> = stock
        .warnings
        .iter()
        .filter(|w| w.message.contains("geen enkele woning"))
        .map(|w| w.location.as_str())
        .collect();
    assert_eq!(said, ["Wijken!A3"], "{:?}", stock.warnings);
}

#[test]
fn a_plan_over_a_budget_row_or_under_a_stage_row_does_not_satisfy_the_model() {
    use retrofit::model::build::{Column, Milp, RowKind};
    let mut milp = Milp::default();
    for j in 0..2 {
        milp.columns.push(Column {
            project: j,
            start: Month::new(2024, 1),
            name: format!("x{j}"),
        });
    }
    milp.add_row(
        RowKind::Budget(2024),
        "budget".into(),
        vec![(0, 60.0), (1, 50.0)],
        f64::NEG_INFINITY,
        100.0,
    );
    milp.add_row(
        RowKind::Stage,
        "stage".into(),
        vec![(0, 1.0)],
        0.5,
        f64::INFINITY,
    );
    assert!(milp.satisfies(&[1.0, 0.0]));
    assert!(!milp.satisfies(&[1.0, 1.0]), "110 over a budget of 100");
    assert!(!milp.satisfies(&[0.0, 1.0]), "stage row not held");
}

#[test]
fn the_template_has_a_wijken_sheet_with_its_columns() {
    use calamine::{open_workbook_auto, Reader};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sjabloon.xlsx");
    retrofit::output::template::write_template(&path).unwrap();
    let mut wb = open_workbook_auto(&path).unwrap();
    let range = wb.worksheet_range("Wijken").expect("sheet Wijken");
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, ["wijk", "warmteoplossing", "jaar"]);
}

#[test]
fn bad_new_scenario_keys_name_the_key() {
    let dir = tempfile::tempdir().unwrap();
    for (text, key) in [
        ("priority = \"worst\"\n", "priority"),
        (
            "[maintenance]\nsaving_pct = 150\n",
            "maintenance.saving_pct",
        ),
        (
            "[projects]\nmin_homes_per_month_per_project = 10\n",
            "projects.min_homes_per_month_per_project",
        ),
    ] {
        let path = dir.path().join("s.toml");
        std::fs::write(&path, text).unwrap();
        let message = Scenario::load(&path).expect_err(text).to_string();
        assert!(message.contains(key), "{text}: {message}");
    }
    let path = dir.path().join("ok.toml");
    std::fs::write(
        &path,
        "priority = \"worst_label_first\"\n[maintenance]\nsaving_pct = 5\nmax_years_before = 2\n",
    )
    .unwrap();
    let s = Scenario::load(&path).unwrap();
    assert_eq!(s.priority, Priority::WorstLabelFirst);
    assert_eq!(s.maintenance.saving_pct, 5.0);
    assert_eq!(s.maintenance.max_years_before, Some(2));
}

/// Why a start month is not allowed names the rule that refuses it (a comparison's and a
/// re-plan's "mag niet" used to list every rule there is), and only refuses months the
/// project's allowed starts leave out.
#[test]
fn a_refused_start_names_the_rule_that_refuses_it() {
    use retrofit::projects::start_refused;
    // 30 homes at 10 a month (3 months), bats (starts in April, September and October), the
    // permit from 2024-04-15, a deadline of 2025-12, and 2025's budget too small for it alone.
    let mut homes = complex("A", 30, Label::F);
    for h in &mut homes {
        h.species = vec!["vleermuis".into()];
        h.permit_date = chrono::NaiveDate::from_ymd_opt(2024, 4, 15);
    }
    let mut s = scenario();
    s.deadline_month = Month::new(2025, 12);
    s.projects.homes_per_month_per_project = 10.0;
    s.budget_eur.insert(2025, 100_000.0);
    s.capacity_homes_per_month.insert(2025, 1e6);
    let prep = prepare(&homes, &s);
    let a = &prep.projects[0];
    assert_eq!(a.duration_months, 3);
    let refused = |y, m| start_refused(a, &s, Month::new(y, m));
    // Every rule that refuses a month is named (helper 73: the first alone left a user who
    // mended it with the month still refused).
    assert_eq!(
        refused(2023, 12).as_deref(),
        Some("die ligt vóór het begin van de planning (2024-01), de vergunning flora & fauna is pas gereed vanaf 2024-05 en die maand is geen startmaand voor vleermuis (soortenkalender)")
    );
    assert_eq!(
        refused(2024, 4).as_deref(),
        Some("de vergunning flora & fauna is pas gereed vanaf 2024-05")
    );
    assert_eq!(
        refused(2024, 5).as_deref(),
        Some("die maand is geen startmaand voor vleermuis (soortenkalender)")
    );
    assert_eq!(refused(2024, 9), None);
    assert_eq!(
        refused(2025, 4).as_deref(),
        Some("het project alleen is dan groter dan het budget van jaar 2025")
    );
    // Work may run in the deadline month itself: one starting in 2025-10 ends in 2025-12, so
    // there only its size is named.
    assert_eq!(
        refused(2025, 10).as_deref(),
        Some("het project alleen is dan groter dan het budget van jaar 2025")
    );
    assert_eq!(
        refused(2025, 11).as_deref(),
        Some("het project (3 maanden) loopt dan door na de deadline (2025-12) en die maand is geen startmaand voor vleermuis (soortenkalender)")
    );
    assert_eq!(
        refused(2026, 1).as_deref(),
        Some("die ligt na de deadline (2025-12) en die maand is geen startmaand voor vleermuis (soortenkalender)")
    );
    // A project slowed down to fit (20 homes at 8 a month over a capacity of 4: 5 months at
    // 4 a month) says so beside the deadline.
    let slow_homes = complex("S", 20, Label::F);
    let mut slow = scenario();
    slow.projects.homes_per_month_per_project = 8.0;
    slow.projects.min_homes_per_month_per_project = Some(2.0);
    slow.capacity_homes_per_month.insert(2024, 4.0);
    let prep_slow = prepare(&slow_homes, &slow);
    let p = &prep_slow.projects[0];
    assert_eq!(p.duration_months, 5);
    assert_eq!(
        start_refused(p, &slow, Month::new(2024, 9)).as_deref(),
        Some("het project (5 maanden; langzamer dan het tempo van het scenario, omdat het in dat tempo bij geen startmaand past) loopt dan door na de deadline (2024-12)")
    );
    // Refused exactly where the project may not start.
    for k in -3..30 {
        let m = Month::new(2024, 1).plus(k);
        assert_eq!(
            start_refused(a, &s, m).is_none(),
            a.allowed_starts.contains(&m),
            "{m}: {:?}",
            start_refused(a, &s, m)
        );
    }
}

/// An EP2 of another class than the registered label counts as none (SPEC: the registered label
/// decides): the package, the label after and the saving use the label's conservative EP2, and
/// the home says so (helper 88: an E home with EP2 150 was shown to its tenants as going to A+
/// on that EP2).
#[test]
fn an_ep2_at_odds_with_the_registered_label_is_not_used() {
    let s = scenario();
    let mut homes = complex("A", 2, Label::E);
    homes[0].ep2_kwh_m2 = Some(150.0);
    homes[1].ep2_kwh_m2 = Some(300.0);
    let plan = make_plan(&stock(homes), &s, &options()).expect("plan");
    let by_vhe = |i: usize| {
        plan.planned
            .iter()
            .find(|h| h.vhe == format!("A-{i}"))
            .unwrap_or_else(|| panic!("A-{i} planned: {:?}", plan.planned))
    };
    let assumed = s.assumed_ep2_kwh_m2[&Label::E];
    let odd = by_vhe(1);
    assert_eq!((odd.ep2_before, odd.ep2_assumed), (assumed, true));
    assert_eq!(odd.label_before, Label::E);
    let fitting = by_vhe(2);
    assert_eq!((fitting.ep2_before, fitting.ep2_assumed), (300.0, false));
}
