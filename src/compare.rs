//! `retrofit vergelijk`: plans one stock under several scenarios and lays the plans side by side.
//! The first scenario is the baseline; every other plan is solved with the baseline's start
//! months as reference ([`crate::model::stability`]), so a project moves only when the
//! scenario's change makes it worth homes or cost. Also the budget series: the baseline's budget
//! of every year scaled step by step, with the homes each step buys.
//!
//! No I/O here: [`crate::output::comparison`] writes the workbook.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::input::Stock;
use crate::model::{self, ScheduleOptions, SolveError};
use crate::plan::{self, Plan};
use crate::projects::{self, Project};
use crate::scenario::{Month, Scenario};
use crate::setting_changes;
use crate::stock::Label;

/// Plans a stock under one scenario; `reference` is the baseline's start month per project id.
pub fn plan_scenario(
    stock: &Stock,
    scenario: &Scenario,
    options: &ScheduleOptions,
    reference: Option<&BTreeMap<String, Month>>,
) -> Result<Plan, SolveError> {
    let prep = projects::prepare(&stock.homes, scenario);
    let options = ScheduleOptions {
        reference_starts: reference.cloned(),
        ..options.clone()
    };
    let schedule = model::schedule(&prep.projects, scenario, &options)?;
    Ok(plan::build(stock, scenario, &prep, &schedule))
}

/// The start month of every planned project of a plan, by project id.
pub fn starts(plan: &Plan) -> BTreeMap<String, Month> {
    plan.projects
        .iter()
        .map(|p| (p.id.clone(), p.start))
        .collect()
}

/// How to solve each scenario: its own solver settings with the command line's overrides.
pub type OptionsFor<'a> = &'a (dyn Fn(&Scenario) -> ScheduleOptions + Sync);

/// Plans every scenario: the first (the baseline) alone, then the others in parallel against it.
/// `done` is told each scenario's index as it finishes (for progress lines).
pub fn plan_all(
    stock: &Stock,
    scenarios: &[Scenario],
    options: OptionsFor,
    done: &(dyn Fn(usize) + Sync),
) -> Result<Vec<Plan>, SolveError> {
    let Some(first) = scenarios.first() else {
        return Ok(Vec::new());
    };
    let baseline = plan_scenario(stock, first, &options(first), None)?;
    done(0);
    let reference = starts(&baseline);
    let rest: Vec<Result<Plan, SolveError>> = scenarios[1..]
        .par_iter()
        .enumerate()
        .map(|(i, s)| {
            // A variant that changes nothing gets the baseline's plan itself: solving it again
            // could, where the baseline is not proven, find another plan of the same quality
            // (or a better one) and show differences the variant did not cause.
            let r = if same_settings(first, s) {
                let mut plan = baseline.clone();
                plan.scenario = s.clone();
                Ok(plan)
            } else {
                plan_scenario(stock, s, &options(s), Some(&reference))
            };
            done(i + 1);
            r
        })
        .collect();
    let mut plans = vec![baseline];
    for r in rest {
        plans.push(r?);
    }
    Ok(plans)
}

/// Whether two scenarios plan alike: every setting equal, whatever their names, files and the
/// words on where their figures came from.
pub fn same_settings(a: &Scenario, b: &Scenario) -> bool {
    let (x, y) = (setting_changes::settings(a), setting_changes::settings(b));
    !x.is_null() && x == y
}

/// One scenario's figures (a row of sheet `Vergelijking`).
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioRow {
    pub name: String,
    pub file: String,
    pub start_month: Month,
    pub deadline_month: Month,
    pub target_label: String,
    pub budget_source: String,
    pub capacity_source: String,
    /// The files the scenario's measure catalog and species calendar came from
    /// (`<ingebouwd>/catalog.toml` for the built-in ones): scenarios may differ in either.
    pub catalog_file: String,
    pub species_file: String,
    pub homes_planned: usize,
    /// Planned homes with label G, F and E before (what `worst_label_first` is about).
    pub planned_gfe: [usize; 3],
    /// The scenario's priority, in the plan's words.
    pub priority: String,
    pub projects_planned: usize,
    /// Per year of the comparison (all scenarios' years): homes whose project starts then,
    /// cost and budget (summed over corporations); `None` outside the scenario's horizon.
    pub years: BTreeMap<i32, YearFigures>,
    pub total_cost_eur: f64,
    /// Primary fossil energy saved per year once every planned home is done (MWh/year), and
    /// CO2 avoided from the start to the deadline (tonnes): `impact::plan_impact`.
    pub energy_saved_mwh_per_year: f64,
    pub co2_avoided_t_to_deadline: f64,
    /// EFG homes left at each year end of the scenario's horizon.
    pub efg_left: BTreeMap<i32, usize>,
    pub efg_at_deadline: usize,
    /// Homes not planned, by reason, most first.
    pub not_planned: Vec<(String, usize)>,
    pub not_planned_total: usize,
    pub status: String,
    pub cost_gap: f64,
    /// Projects that start in another month than in the baseline, or are planned in only one
    /// of the two.
    pub projects_moved: usize,
    /// The settings in which the scenario differs from the baseline
    /// ([`setting_changes::settings_changed`];
    /// empty for the baseline itself).
    pub settings_changed: String,
    /// Where the plan moves or drops more projects than the baseline's months mended only
    /// where they do not fit in this scenario: both plans' changes, homes and cost, and what
    /// the moves buy (helper 94 read "het budget van 2027 is te krap" as the reason in a
    /// scenario with more capacity, where the moves bought € 8,807 of cost).
    pub moves_bought: Option<String>,
}

/// A comparison's projects, against the baseline.
const COMPARE_WORDING: crate::plan_changes::Wording = crate::plan_changes::Wording {
    one: "project",
    many: "projecten",
    added_one: "dat de basis niet plant",
    added_many: "die de basis niet plant",
    mended: "Aangepast waar het niet past: een project gaat naar de dichtstbijzijnde maand die wel past, een project dat de basis niet plant naar waar het het goedkoopst past.",
};

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct YearFigures {
    pub homes_started: usize,
    pub cost_eur: f64,
    pub budget_eur: f64,
}

/// A project whose start differs from the baseline in at least one scenario (a row of
/// `Verschillen`).
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectDifference {
    pub project: String,
    pub corporation: String,
    pub complex: String,
    pub homes: usize,
    /// Per scenario: the start month, or the reason it is not planned there.
    pub starts: Vec<Result<Month, String>>,
    /// Per scenario: why it starts in another month than in the baseline, where it does
    /// ([`explain_moves`]); empty otherwise.
    pub why: Vec<String>,
}

impl ProjectDifference {
    /// Months later (positive) or earlier than in the baseline, per scenario; `None` when it is
    /// not planned in one of the two.
    pub fn change_months(&self, scenario: usize) -> Option<i32> {
        match (&self.starts[0], &self.starts[scenario]) {
            (Ok(base), Ok(here)) => Some(here.since(*base)),
            _ => None,
        }
    }
}

/// The comparison of several plans of one stock, the first being the baseline.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub rows: Vec<ScenarioRow>,
    pub differences: Vec<ProjectDifference>,
    /// Every year of any scenario's horizon.
    pub years: Vec<i32>,
}

/// Where each project stands in a plan: its start, or the reason (category) it is not planned,
/// with its homes.
fn project_states(plan: &Plan) -> BTreeMap<String, (String, String, usize, Result<Month, String>)> {
    let mut out = BTreeMap::new();
    for p in &plan.projects {
        out.insert(
            p.id.clone(),
            (
                p.corporation.clone(),
                p.complex.clone(),
                p.homes,
                Ok(p.start),
            ),
        );
    }
    for h in plan.not_planned.iter().filter(|h| !h.project.is_empty()) {
        let e = out.entry(h.project.clone()).or_insert_with(|| {
            (
                h.corporation.clone(),
                h.complex.clone(),
                0,
                Err(format!("niet ingepland: {}", h.category)),
            )
        });
        if e.3.is_err() {
            e.2 += 1;
        }
    }
    out
}

/// Per home (vhe): where it stands in a plan, in the words of `Verschillen`.
fn home_states(plan: &Plan) -> BTreeMap<&str, String> {
    let mut out = BTreeMap::new();
    for h in &plan.planned {
        out.insert(
            h.vhe.as_str(),
            format!("in project {} (start {})", h.project, h.start),
        );
    }
    for h in &plan.not_planned {
        out.insert(h.vhe.as_str(), format!("niet ingepland ({})", h.category));
    }
    for h in &plan.excluded {
        out.insert(h.vhe.as_str(), format!("uitgesloten ({})", h.category));
    }
    out
}

/// Why a project of another scenario has no project here: where its homes stand in this
/// plan (helper 63 read only "geen project in dit scenario" where a target label A left every
/// home of the complex out for its heat network).
fn absent_text(homes: &BTreeSet<&str>, here: &BTreeMap<&str, String>) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for vhe in homes {
        let state = here.get(vhe).map_or("niet E, F of G", |s| s.as_str());
        *counts.entry(state).or_default() += 1;
    }
    let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    match counts.as_slice() {
        [] => "geen project in dit scenario".into(),
        [(state, _)] => format!("geen project in dit scenario; de woningen: {state}"),
        more => format!(
            "geen project in dit scenario; de woningen: {}",
            more.iter()
                .map(|(state, n)| format!("{n} {state}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

pub fn compare(plans: &[Plan]) -> Comparison {
    let states: Vec<_> = plans.iter().map(project_states).collect();
    let homes_here: Vec<_> = plans.iter().map(home_states).collect();
    // Each project's homes, from the plans that have it.
    let mut project_homes: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for plan in plans {
        let planned = plan.planned.iter().map(|h| (&h.project, &h.vhe));
        let left_out = plan.not_planned.iter().map(|h| (&h.project, &h.vhe));
        for (project, vhe) in planned.chain(left_out).filter(|(p, _)| !p.is_empty()) {
            project_homes
                .entry(project.as_str())
                .or_default()
                .insert(vhe.as_str());
        }
    }
    let ids: BTreeSet<&String> = states.iter().flat_map(|s| s.keys()).collect();
    let mut differences = Vec::new();
    let mut moved = vec![0usize; plans.len()];
    for id in ids {
        let starts: Vec<Result<Month, String>> = states
            .iter()
            .zip(&homes_here)
            .map(|(s, here)| {
                s.get(id).map(|st| st.3.clone()).unwrap_or_else(|| {
                    let none = BTreeSet::new();
                    let homes = project_homes.get(id.as_str()).unwrap_or(&none);
                    Err(absent_text(homes, here))
                })
            })
            .collect();
        let mut differs = false;
        for (i, s) in starts.iter().enumerate().skip(1) {
            let same = match (&starts[0], s) {
                (Ok(a), Ok(b)) => a == b,
                (Err(_), Err(_)) => true,
                _ => false,
            };
            if !same {
                moved[i] += 1;
                differs = true;
            }
        }
        if differs {
            // A project this scenario leaves out where the baseline plans it: its reason
            // here, in a line (helper 77: an empty "Waarom" beside "niet ingepland").
            let why = plans
                .iter()
                .enumerate()
                .map(|(i, plan)| match (&starts[0], &starts[i]) {
                    (Ok(_), Err(_)) if i > 0 => plan
                        .not_planned
                        .iter()
                        .find(|h| h.project == *id)
                        .map(|h| h.reason_line().to_string())
                        .unwrap_or_default(),
                    _ => String::new(),
                })
                .collect();
            let (corporation, complex, homes) = states
                .iter()
                .find_map(|s| s.get(id))
                .map(|st| (st.0.clone(), st.1.clone(), st.2))
                .unwrap_or_default();
            differences.push(ProjectDifference {
                project: id.clone(),
                corporation,
                complex,
                homes,
                why,
                starts,
            });
        }
    }
    let years: Vec<i32> = plans
        .iter()
        .flat_map(|p| p.scenario.years())
        .collect::<BTreeSet<i32>>()
        .into_iter()
        .collect();
    let rows = plans
        .iter()
        .zip(moved)
        .enumerate()
        .map(|(i, (plan, projects_moved))| ScenarioRow {
            settings_changed: match (i, plans.first()) {
                (1.., Some(base)) => setting_changes::settings_changed(
                    &base.scenario,
                    &plan.scenario,
                    &plan.corporations(),
                ),
                _ => String::new(),
            },
            ..scenario_row(plan, projects_moved)
        })
        .collect();
    Comparison {
        rows,
        differences,
        years,
    }
}

/// Says, for each project a scenario starts in another month than the baseline, why: the
/// baseline's month is not allowed there (its permit, a species season, the deadline, or the
/// project alone is too large there), or it does not fit beside the rest of that scenario's
/// plan (which budget years or capacity months are short), or it does fit and the plan chose
/// another for more homes, lower cost or fewer moves (helper 66: a project moved 16 months with
/// no word why). Every statement is recomputed from the scenario's projects and plan.
pub fn explain_moves(stock: &Stock, plans: &[Plan], comparison: &mut Comparison) {
    // The baseline's projects, for what an added project costs there.
    let base_projects = match plans.first() {
        Some(base) => projects::prepare(&stock.homes, &base.scenario).projects,
        None => Vec::new(),
    };
    for (i, plan) in plans.iter().enumerate().skip(1) {
        // Moved, or added: planned here where the baseline leaves it out (helper 82: an empty
        // "Waarom" beside "erbij").
        let moved: Vec<usize> = comparison
            .differences
            .iter()
            .enumerate()
            .filter(|(_, d)| match (&d.starts[0], &d.starts[i]) {
                (Ok(a), Ok(b)) => a != b,
                (Err(_), Ok(_)) => true,
                _ => false,
            })
            .map(|(k, _)| k)
            .collect();
        if moved.is_empty() {
            continue;
        }
        let prep = projects::prepare(&stock.homes, &plan.scenario);
        let index: BTreeMap<&str, usize> = prep
            .projects
            .iter()
            .enumerate()
            .map(|(k, p)| (p.id.as_str(), k))
            .collect();
        let mut starts: Vec<Option<Month>> = vec![None; prep.projects.len()];
        for p in &plan.projects {
            if let Some(&k) = index.get(p.id.as_str()) {
                starts[k] = Some(p.start);
            }
        }
        let all: Vec<usize> = (0..prep.projects.len()).collect();
        let room = crate::room::Room::of(&prep.projects, &all, &starts, &plan.scenario);
        for k in moved {
            let d = &mut comparison.differences[k];
            let Some(&j) = index.get(d.project.as_str()) else {
                continue;
            };
            let p = &prep.projects[j];
            let (base, here) = match (d.starts[0].clone(), d.starts[i].clone()) {
                (Ok(base), Ok(here)) => (base, here),
                (Err(absent), Ok(here)) => {
                    let base_cost = base_projects
                        .iter()
                        .find(|b| b.id == p.id)
                        .map(|b| b.cost_at(here, &plans[0].scenario));
                    d.why[i] = added_text(
                        p,
                        here,
                        &absent,
                        base_cost,
                        &plans[0].scenario,
                        &plan.scenario,
                    );
                    continue;
                }
                _ => continue,
            };
            let direction = if here < base { "eerder" } else { "later" };
            // A project with other homes here (another target label leaves some without a
            // package) says so first: the row's `Woningen` are the baseline's (helper 95: 36
            // shown where the label-A plan starts 11).
            let homes = base_projects
                .iter()
                .find(|b| b.id == p.id)
                .filter(|b| b.home_count() != p.home_count())
                .map(|b| {
                    format!(
                        "hier {} (in de basis {}); ",
                        crate::nl_format::count(p.home_count(), "woning", "woningen"),
                        b.home_count()
                    )
                })
                .unwrap_or_default();
            // The model gives a project one pace per start: where it gives it another duration
            // at the baseline's month than the baseline ran it, that is what does not fit
            // (helper 101: the baseline's 10 months fitted the raised budget; the 9 months the
            // model gave it there did not).
            let months = crate::room::months_at_clause(
                p,
                base,
                plans[0]
                    .projects
                    .iter()
                    .find(|q| q.id == p.id)
                    .map(|q| q.end.since(q.start) + 1),
                "in de basis",
            );
            let why = if let Some(rule) = projects::start_refused(p, &plan.scenario, base) {
                format!("{direction}: de startmaand van de basis ({base}) mag in dit scenario niet: {rule}")
            } else {
                let short = room.short_at(p, here, base);
                if short.is_empty() {
                    format!("{direction}: de startmaand van de basis ({base}) past{months} ook naast de rest van dit plan; het plan koos een andere (de prioriteit van het scenario gaat vóór zo min mogelijk verschuivingen)")
                } else {
                    format!(
                        "{direction}: in de startmaand van de basis ({base}) past het{months} niet naast de rest van dit plan ({})",
                        crate::room::too_tight(&short)
                    )
                }
            };
            d.why[i] = format!("{homes}{why}");
        }
    }
}

/// Why a project the baseline leaves out is planned in a scenario: where the baseline has it,
/// and what of the scenario's settings gives it room where it starts (a higher budget in a
/// year it costs, a higher capacity in a month it runs, another priority). Only what the
/// settings say, not a claim that that change alone let it in.
fn added_text(
    p: &Project,
    here: Month,
    absent: &str,
    base_cost: Option<f64>,
    base: &Scenario,
    s: &Scenario,
) -> String {
    let there = match absent.strip_prefix("geen project in dit scenario") {
        Some(rest) => format!("in de basis geen project{rest}"),
        None => format!("in de basis {absent}"),
    };
    let corporation = p.corporation.as_str();
    let mut more = Vec::new();
    // Months outside the baseline's horizon have no figure there to compare (helper 83:
    // "€ 500.000 in plaats van € 0" for a year after the baseline's deadline): said as such.
    let in_base = |m: Month| m >= base.start_month && m <= base.deadline_month;
    let end = p.end_month(here);
    let outside_base = !in_base(here) || !in_base(end);
    if outside_base {
        more.push(format!(
            "een planperiode tot en met {} (de basis: {} tot en met {})",
            s.deadline_month, base.start_month, base.deadline_month
        ));
    }
    let base_years: Vec<i32> = base.years().collect();
    for y in p
        .cost_by_year(here, s)
        .into_keys()
        .filter(|y| base_years.contains(y))
    {
        let (a, b) = (base.budget(corporation, y), s.budget(corporation, y));
        if b > a + 0.5 {
            more.push(budget_raised(y, a, b));
        }
    }
    // Capacity is a figure per year: the months it runs with more, a span per year.
    let mut months: BTreeMap<i32, Vec<Month>> = BTreeMap::new();
    for m in (0..p.duration_at(here) as i32)
        .map(|k| here.plus(k))
        .filter(|&m| in_base(m))
    {
        if s.capacity(corporation, m) > base.capacity(corporation, m) + 1e-9 {
            months.entry(m.year()).or_default().push(m);
        }
    }
    for in_year in months.values() {
        let (first, last) = (in_year[0], in_year[in_year.len() - 1]);
        let span = if first == last {
            first.to_string()
        } else {
            format!("{first} tot en met {last}")
        };
        more.push(capacity_raised(
            &span,
            base.capacity(corporation, first),
            s.capacity(corporation, first),
        ));
    }
    let mut text = format!("erbij: {there}; hier start het in {here}");
    if !more.is_empty() {
        let items: Vec<&str> = more.iter().map(String::as_str).collect();
        text.push_str(&format!(
            ", waar dit scenario meer geeft: {}",
            crate::nl_format::and_list(&items)
        ));
    }
    // What the project costs at that start, where it costs less here (another package for
    // another target label, other prices).
    let cost = p.cost_at(here, s);
    if let Some(was) = base_cost.filter(|&was| cost < was - 0.5) {
        text.push_str(&format!(
            "; het kost hier {} in plaats van {} bij die start",
            crate::nl_format::euro_given(cost),
            crate::nl_format::euro_given(was)
        ));
    }
    if s.priority != base.priority {
        text.push_str(&format!(
            "; de prioriteit is hier {}",
            s.priority.short_dutch()
        ));
    }
    // A project within the baseline's period may still owe its place to another period
    // (later work moved past the old deadline): named where its own months did not say it.
    let mut others = if outside_base {
        Vec::new()
    } else {
        crate::setting_changes::horizon_changes(base, s)
    };
    others.extend(crate::setting_changes::other_settings_changed(base, s));
    if !others.is_empty() {
        // Other rules may make room too (pace, project size, target label, prices: cheaper
        // packages elsewhere leave budget): named, not weighed.
        text.push_str(&format!(
            "; ook anders in dit scenario: {} (zie Instellingen anders dan de basis)",
            crate::nl_format::and_list(&others.iter().map(String::as_str).collect::<Vec<_>>())
        ));
    } else if more.is_empty() && s.priority == base.priority {
        // Nothing more in its own years and months: the room comes from elsewhere, where other
        // projects can go (helper 96: a project in 2028-10 in a scenario with more budget for
        // 2027 only read "zie Instellingen anders dan de basis").
        let elsewhere = more_elsewhere(corporation, base, s);
        if elsewhere.is_empty() {
            // No more budget or capacity anywhere and no other rule: the room is what the
            // other projects of this plan leave (helper 107: a budget cut added a project, and
            // the row said only "zie Instellingen"). Not said to be theirs in the baseline:
            // that holds only where the baseline is proven.
            text.push_str("; dit scenario geeft nergens meer budget of capaciteit: het past naast de andere projecten van dit plan (wat daar verschuift of vervalt: zie hun rijen)");
        } else {
            text.push_str(&format!(
                "; in zijn eigen jaren en maanden geeft dit scenario niet meer, wel elders, waar andere projecten heen kunnen: {}",
                crate::nl_format::and_list(&elsewhere.iter().map(String::as_str).collect::<Vec<_>>())
            ));
        }
    }
    text
}

/// The budgets and capacities of the baseline's period that `s` raises for `corporation`: "het
/// budget van 2027 (€ 900.000 in plaats van € 700.000)", "de capaciteit in 2028 (6 in plaats
/// van 5 woningen per maand)" (the first month of the period in that year that it raises).
fn more_elsewhere(corporation: &str, base: &Scenario, s: &Scenario) -> Vec<String> {
    let mut out = Vec::new();
    for y in base.years() {
        let (a, b) = (base.budget(corporation, y), s.budget(corporation, y));
        if b > a + 0.5 {
            out.push(budget_raised(y, a, b));
        }
    }
    for y in base.years() {
        let raised = (1..=12)
            .map(|m| Month::new(y, m))
            .filter(|&m| m >= base.start_month && m <= base.deadline_month)
            .find(|&m| s.capacity(corporation, m) > base.capacity(corporation, m) + 1e-9);
        if let Some(m) = raised {
            out.push(capacity_raised(
                &y.to_string(),
                base.capacity(corporation, m),
                s.capacity(corporation, m),
            ));
        }
    }
    out
}

/// "het budget van 2027 (€ 900.000 in plaats van € 700.000)".
fn budget_raised(year: i32, base: f64, now: f64) -> String {
    format!(
        "het budget van {year} ({} in plaats van {})",
        crate::nl_format::euro_given(now),
        crate::nl_format::euro_given(base)
    )
}

/// "de capaciteit in 2028-01 tot en met 2028-06 (6 in plaats van 5 woningen per maand)".
fn capacity_raised(when: &str, base: f64, now: f64) -> String {
    format!(
        "de capaciteit in {when} ({} in plaats van {} woningen per maand)",
        crate::nl_format::given(now),
        crate::nl_format::given(base)
    )
}

fn scenario_row(plan: &Plan, projects_moved: usize) -> ScenarioRow {
    let s = &plan.scenario;
    let mut years: BTreeMap<i32, YearFigures> = BTreeMap::new();
    for y in &plan.years {
        let f = years.entry(y.year).or_default();
        f.homes_started += y.homes_started;
        f.cost_eur += y.cost_eur;
        f.budget_eur += y.budget_eur;
    }
    let efg_left: BTreeMap<i32, usize> = plan
        .labels
        .iter()
        .filter_map(|l| l.year_end.map(|y| (y, l.efg)))
        .collect();
    // Every planned project ends by the deadline, so the last year end counts them all.
    let efg_at_deadline = efg_left.values().last().copied().unwrap_or(plan.efg_homes);
    let impact = crate::impact::plan_impact(plan);
    let planned_for = plan.corporations();
    ScenarioRow {
        name: s.name.clone(),
        file: s.file.display().to_string(),
        start_month: s.start_month,
        deadline_month: s.deadline_month,
        target_label: s.target_label.to_string(),
        budget_source: with_corporations(
            &s.general_source_text(true, &planned_for),
            s.general_figures_unused(true, &planned_for),
            s.corporation_sources_text(true),
        ),
        capacity_source: with_corporations(
            &s.general_source_text(false, &planned_for),
            s.general_figures_unused(false, &planned_for),
            s.corporation_sources_text(false),
        ),
        catalog_file: s.model_files.catalog.display().to_string(),
        species_file: s.model_files.species.display().to_string(),
        homes_planned: plan.planned.len(),
        planned_gfe: [Label::G, Label::F, Label::E]
            .map(|l| plan.planned.iter().filter(|h| h.label_before == l).count()),
        priority: s.priority.dutch().to_string(),
        projects_planned: plan.projects.len(),
        years,
        total_cost_eur: plan.total_cost_eur(),
        energy_saved_mwh_per_year: impact.energy_saved_kwh_per_year / 1000.0,
        co2_avoided_t_to_deadline: impact.co2_avoided_kg_to_deadline / 1000.0,
        efg_left,
        efg_at_deadline,
        not_planned: plan.not_planned_by_reason(),
        not_planned_total: plan.not_planned.len(),
        status: plan.status_dutch(),
        cost_gap: plan.solve.cost_gap(),
        projects_moved,
        settings_changed: String::new(),
        moves_bought: plan.reference_repair.as_ref().and_then(|r| {
            crate::plan_changes::moves_bought(
                r,
                &COMPARE_WORDING,
                "Het plan van de basis, alleen aangepast waar het in dit scenario niet past",
                "Dit plan",
            )
        }),
    }
}

/// A budget series `VAN:TOT:STAP` in percent of the baseline's budget (`50:150:10`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BudgetSeries {
    pub from_pct: u32,
    pub to_pct: u32,
    pub step_pct: u32,
}

impl BudgetSeries {
    /// Parses `VAN:TOT:STAP`; the message says what is wrong, in Dutch.
    pub fn parse(text: &str) -> Result<BudgetSeries, String> {
        let parts: Vec<&str> = text.split(':').map(str::trim).collect();
        let bad = || {
            format!("'{text}': verwacht VAN:TOT:STAP in procenten van het budget, bijvoorbeeld 50:150:10")
        };
        let [from, to, step] = parts.as_slice() else {
            return Err(bad());
        };
        let num = |s: &str| {
            s.trim_end_matches('%')
                .trim()
                .parse::<u32>()
                .map_err(|_| bad())
        };
        let (from_pct, to_pct, step_pct) = (num(from)?, num(to)?, num(step)?);
        if step_pct == 0 {
            return Err(format!("'{text}': de stap moet groter dan 0 zijn"));
        }
        if to_pct < from_pct {
            return Err(format!(
                "'{text}': TOT ({to_pct}) ligt onder VAN ({from_pct})"
            ));
        }
        if from_pct > 1000 || to_pct > 1000 {
            return Err(format!("'{text}': ten hoogste 1000 %"));
        }
        if (to_pct - from_pct) / step_pct + 1 > 101 {
            return Err(format!("'{text}': ten hoogste 101 stappen"));
        }
        Ok(BudgetSeries {
            from_pct,
            to_pct,
            step_pct,
        })
    }

    /// VAN, VAN + STAP, ... up to TOT; TOT itself also when the steps pass it by (50:150:30
    /// ends 140, 150), and 100 % (the baseline, which every other step is read against) when
    /// it lies between VAN and TOT.
    pub fn steps(&self) -> Vec<u32> {
        let mut steps: Vec<u32> = (self.from_pct..=self.to_pct)
            .step_by(self.step_pct as usize)
            .collect();
        steps.push(self.to_pct);
        if (self.from_pct..=self.to_pct).contains(&100) {
            steps.push(100);
        }
        steps.sort_unstable();
        steps.dedup();
        steps
    }
}

/// A general figure's source with, where corporations have figures of their own, theirs; the
/// corporations' first where the general figure is `unused` (helper 107 read "niet gebruikt:
/// ..." at the head of the printed row as if the budget were not used).
fn with_corporations(general: &str, unused: bool, corporations: Option<String>) -> String {
    match corporations {
        Some(own) if unused => {
            format!("eigen cijfers van corporaties: {own}; algemeen cijfer {general}")
        }
        Some(own) => format!("{general}; eigen cijfers van corporaties: {own}"),
        None => general.to_string(),
    }
}

/// `scenario` with every year's budget (its own and each corporation's) scaled by `pct` %.
pub fn scaled_budget(scenario: &Scenario, pct: u32) -> Scenario {
    let f = pct as f64 / 100.0;
    let mut s = scenario.clone();
    for v in s.budget_eur.values_mut() {
        *v *= f;
    }
    for c in s.corporations.values_mut() {
        for v in c.budget_eur.values_mut() {
            *v *= f;
        }
    }
    s.name = format!("{} (budget {pct} %)", scenario.name);
    s.budget_source = format!("{} x {pct} %", scenario.budget_source);
    s
}

/// One step of the budget series (a row of `Budgetgevoeligheid`).
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetStep {
    pub pct: u32,
    /// Budget of the whole horizon (all years, all corporations).
    pub budget_eur: f64,
    pub homes_planned: usize,
    pub efg_at_deadline: usize,
    pub total_cost_eur: f64,
    /// Extra homes per extra € 100,000 of budget against the previous step; `None` for the
    /// first step.
    pub homes_per_100k: Option<f64>,
    pub status: String,
}

/// Total budget of a plan's horizon, summed over years and corporations.
fn horizon_budget(plan: &Plan) -> f64 {
    plan.years.iter().map(|y| y.budget_eur).sum()
}

/// Plans every step of the series in parallel (each against the baseline as reference).
pub fn budget_series(
    stock: &Stock,
    baseline: &Plan,
    series: &BudgetSeries,
    options: OptionsFor,
    done: &(dyn Fn(usize) + Sync),
) -> Result<Vec<BudgetStep>, SolveError> {
    let reference = starts(baseline);
    let steps = series.steps();
    // The tightest budgets first, each on the next free core: they take longest (the sample's
    // stability stage at 60 % took about 4.4 s of a series of 6.2 s where it started last).
    let plans: Vec<Result<(u32, Plan), SolveError>> = in_order(steps.len(), |i| {
        let pct = steps[i];
        // 100 % is the baseline itself (an identical scenario reproduces it exactly).
        if pct == 100 {
            return Ok((pct, baseline.clone()));
        }
        let s = scaled_budget(&baseline.scenario, pct);
        // A step's row shows its figures, not its reasons nor the free pace's figure: no
        // models for those (on the sample's series about 1.5 s of 5).
        let step_options = ScheduleOptions {
            figures_only: true,
            ..options(&s)
        };
        let r = plan_scenario(stock, &s, &step_options, Some(&reference)).map(|p| (pct, p));
        done(i);
        r
    });
    let mut out: Vec<BudgetStep> = Vec::new();
    for r in plans {
        let (pct, plan) = r?;
        let budget_eur = horizon_budget(&plan);
        let homes_planned = plan.planned.len();
        let homes_per_100k = out.last().and_then(|prev| {
            let extra = budget_eur - prev.budget_eur;
            (extra > 0.0)
                .then(|| (homes_planned as f64 - prev.homes_planned as f64) / extra * 100_000.0)
        });
        let row = scenario_row(&plan, 0);
        out.push(BudgetStep {
            pct,
            budget_eur,
            homes_planned,
            efg_at_deadline: row.efg_at_deadline,
            total_cost_eur: plan.total_cost_eur(),
            homes_per_100k,
            status: plan.status_dutch(),
        });
    }
    Ok(out)
}

/// `f` of every index `0..n`, started in that order, each on the next free worker (as many as
/// rayon's pool has threads): what comes first starts first, where rayon's halving of the range
/// may start the last item last, after the others are done.
fn in_order<R: Send>(n: usize, f: impl Fn(usize) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<R>>> = (0..n).map(|_| Mutex::new(None)).collect();
    let workers = rayon::current_num_threads().clamp(1, n.max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let r = f(i);
                *results[i].lock().expect("no worker panicked") = Some(r);
            });
        }
    });
    results
        .into_iter()
        .map(|m| {
            m.into_inner()
                .expect("no worker panicked")
                .expect("every index done")
        })
        .collect()
}

#[cfg(test)]
mod tests {

    /// Every index once, the results in index order, whatever worker ran it.
    #[test]
    fn in_order_maps_every_index_once_in_order() {
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let out = super::in_order(7, |i| {
            calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            i * 10
        });
        assert_eq!(out, vec![0, 10, 20, 30, 40, 50, 60]);
        assert_eq!(calls.into_inner(), 7);
        assert!(super::in_order(0, |i| i).is_empty());
    }

    #[test]
    fn a_variant_that_changes_nothing_but_its_name_plans_alike() {
        let base = Scenario::load_default().expect("default");
        let mut same = base.clone();
        same.name = "zelfde".into();
        same.file = "zelfde.toml".into();
        same.budget_source = "standaardscenario (via zelfde.toml)".into();
        assert!(same_settings(&base, &same));
        let mut cut = same.clone();
        cut.budget_eur.insert(2025, 2_800_000.0);
        assert!(!same_settings(&base, &cut));
        let mut later = same;
        later.solver.time_limit_s = 5.0;
        assert!(!same_settings(&base, &later));
    }

    use super::*;

    /// Where no corporation plans with the general figure, the corporations' own sources come
    /// first (helper 107 read "niet gebruikt" as the budget's).
    #[test]
    fn a_figure_source_names_the_corporations_first_where_the_general_one_is_unused() {
        let own = Some("werkblad Budget van b.xlsx: A (2027), B (2027)".to_string());
        let unused = "niet gebruikt: elke corporatie heeft voor elk jaar van de planperiode een eigen budget";
        assert_eq!(
            with_corporations(unused, true, own.clone()),
            format!("eigen cijfers van corporaties: werkblad Budget van b.xlsx: A (2027), B (2027); algemeen cijfer {unused}")
        );
        assert_eq!(
            with_corporations("scenario s.toml", false, own),
            "scenario s.toml; eigen cijfers van corporaties: werkblad Budget van b.xlsx: A (2027), B (2027)"
        );
        assert_eq!(
            with_corporations("scenario s.toml", false, None),
            "scenario s.toml"
        );
    }

    #[test]
    fn budget_series_parses_and_refuses() {
        let s = BudgetSeries::parse("50:150:10").unwrap();
        assert_eq!(s.steps().len(), 11);
        assert_eq!(s.steps()[0], 50);
        assert_eq!(s.steps()[10], 150);
        // TOT and the baseline's 100 % are steps also when STAP passes them by.
        let s = BudgetSeries::parse("50:150:30").unwrap();
        assert_eq!(s.steps(), [50, 80, 100, 110, 140, 150]);
        let s = BudgetSeries::parse("0:60:25").unwrap();
        assert_eq!(s.steps(), [0, 25, 50, 60]);
        assert!(BudgetSeries::parse("50:150").is_err());
        assert!(BudgetSeries::parse("150:50:10")
            .unwrap_err()
            .contains("onder"));
        assert!(BudgetSeries::parse("50:150:0")
            .unwrap_err()
            .contains("stap"));
        assert!(BudgetSeries::parse("a:b:c")
            .unwrap_err()
            .contains("VAN:TOT:STAP"));
    }

    #[test]
    fn a_project_absent_from_a_scenario_says_where_its_homes_are() {
        let homes: BTreeSet<&str> = ["1", "2", "3"].into();
        let mut here = BTreeMap::new();
        here.insert(
            "1",
            "niet ingepland (warmtenet: alleen no-regret)".to_string(),
        );
        here.insert(
            "2",
            "niet ingepland (warmtenet: alleen no-regret)".to_string(),
        );
        here.insert("3", "in project P7".to_string());
        assert_eq!(
            absent_text(&homes, &here),
            "geen project in dit scenario; de woningen: 2 niet ingepland (warmtenet: alleen no-regret), 1 in project P7"
        );
        here.insert(
            "3",
            "niet ingepland (warmtenet: alleen no-regret)".to_string(),
        );
        assert_eq!(
            absent_text(&homes, &here),
            "geen project in dit scenario; de woningen: niet ingepland (warmtenet: alleen no-regret)"
        );
        // A home no list of the plan holds is no longer E, F or G there.
        here.remove("3");
        assert!(absent_text(&homes, &here).ends_with("1 niet E, F of G"));
        assert_eq!(
            absent_text(&BTreeSet::new(), &here),
            "geen project in dit scenario"
        );
    }
}
