//! The pace of a project: homes completed a month, and so its duration. A project runs at the
//! scenario's pace; when at that pace it fits no start (a year's budget or a month's capacity is
//! smaller than the project alone needs), it runs at the fastest slower pace that does fit, down
//! to the scenario's minimum pace. Only when even the slowest pace fits nowhere is it "te groot".
//! At a start where that pace is too large alone while a slower one fits, it runs at the fastest
//! slower pace that fits there ([`Project::slower_starts`]): the solver chooses among starts,
//! and so among paces.

use std::collections::{BTreeMap, BTreeSet};

use crate::projects::{
    allowed_starts, candidate_starts, NotPlanned, Overrun, Project, NO_START_LEAST_SHORT,
};
use crate::scenario::{Month, Scenario};

/// Whole months a project of `homes` homes takes at `pace` homes a month (at least one).
pub fn duration_at(homes: usize, pace: f64) -> u32 {
    (homes as f64 / pace).ceil().max(1.0) as u32
}

/// The duration at the minimum pace, the longest allowed (never shorter than `fastest`): like
/// the scenario's pace, a pace gives whole months, `ceil(homes / pace)` (7 homes at 4 a month:
/// 2 months).
pub fn longest_duration(homes: usize, min_pace: f64, fastest: u32) -> u32 {
    duration_at(homes, min_pace).max(fastest)
}

/// The durations of a project of `homes` homes at the scenario's pace and at the slowest pace
/// it allows (the same where it allows none slower, or none that takes longer).
pub fn duration_range(homes: usize, rules: &crate::scenario::ProjectRules) -> (u32, u32) {
    let fastest = duration_at(homes, rules.homes_per_month_per_project);
    let slowest = min_pace(rules).map_or(fastest, |m| longest_duration(homes, m, fastest));
    (fastest, slowest)
}

/// The slowest pace the scenario allows (never above its pace), when it allows a slower one.
fn min_pace(rules: &crate::scenario::ProjectRules) -> Option<f64> {
    rules
        .min_homes_per_month_per_project
        .map(|m| m.min(rules.homes_per_month_per_project))
}

/// Settles `project`'s duration, allowed starts, the reason when there are none, and the starts
/// at which it is too large at that duration ([`slowest_needed`]), under `scenario`.
pub fn settle(project: &mut Project, scenario: &Scenario) {
    project.slower_starts.clear();
    let at_scenario_pace = project.clone();
    let (duration, allowed, blocked) = slowest_needed(project, scenario);
    project.duration_months = duration;
    project.allowed_starts = allowed;
    project.blocked = blocked;
    // The starts that the rules other than its size allow at the scenario's pace: a project
    // slowed to find any start is too large alone at every start at that pace, also at the
    // late starts from which only a faster pace than its slowed one ends by the deadline
    // (helper 102: 2028-10 was in neither the list nor "bij de andere starts").
    project.too_large_starts = if project.blocked.is_none() {
        candidate_starts(&at_scenario_pace, scenario)
            .unwrap_or_default()
            .into_iter()
            .filter(|m| !project.allowed_starts.contains(m))
            .collect()
    } else {
        Vec::new()
    };
    // At a start where its pace is too large, the project runs at the fastest slower pace that
    // fits there alone (helpers 58 and 59: projects of 8 homes at 8 a month fitted 2024 only,
    // where capacity 4 in 2025 and 2026 took them at 4 a month; the plan left 32 of 48 homes
    // out, proven at the fixed pace).
    project.slower_starts = slower_starts(project, scenario);
    if !project.slower_starts.is_empty() {
        project
            .allowed_starts
            .extend(project.slower_starts.keys().copied());
        project.allowed_starts.sort_unstable();
        let slower = &project.slower_starts;
        project.too_large_starts.retain(|s| !slower.contains_key(s));
    }
    // The starts where the work done, running or contracted is what keeps it out: without it,
    // it would fit there (helper 73: a start whose months no pinned work touched was said to
    // be too large beside that work, because that work took part of the year's budget).
    project.too_large_beside_pinned = beside_pinned(project, scenario);
}

/// Duration, allowed starts and the reason when there are none, for `project` whose
/// `duration_months` is the one at the scenario's pace: that duration when it leaves a start (or
/// when something other than its size blocks it), else the shortest longer duration, at no less
/// than the duration at the minimum pace, that leaves a start.
pub fn slowest_needed(
    project: &Project,
    scenario: &Scenario,
) -> (u32, Vec<Month>, Option<NotPlanned>) {
    let fastest = project.duration_months;
    let (allowed, blocked) = allowed_starts(project, scenario);
    let Some(NotPlanned::ProjectTooLarge {
        what,
        one_home_fits,
        short_of,
        beside_pinned,
        ..
    }) = &blocked
    else {
        return (fastest, allowed, blocked);
    };
    let rules = &scenario.projects;
    // No slower pace allowed: the reason names the minimum pace at which it would fit.
    let at_its_pace = |mut blocked: Option<NotPlanned>| {
        if let Some(NotPlanned::ProjectTooLarge { slower_fits, .. }) = &mut blocked {
            *slower_fits = fitting_pace(project, scenario, fastest);
        }
        (fastest, allowed.clone(), blocked)
    };
    let Some(min_pace) = min_pace(rules) else {
        return at_its_pace(blocked.clone());
    };
    let one_home_fits = *one_home_fits;
    let longest = longest_duration(project.home_count(), min_pace, fastest);
    if longest == fastest {
        return at_its_pace(blocked.clone());
    }
    let mut trial = project.clone();
    let mut last_what = what.clone();
    let mut last_short_of = *short_of;
    // Whether, at some pace, it would fit without the work done, running or contracted.
    let mut any_beside_pinned = *beside_pinned;
    let mut tried = fastest;
    let mut by_deadline = false;
    for d in fastest + 1..=longest {
        trial.duration_months = d;
        match allowed_starts(&trial, scenario) {
            (allowed, None) => return (d, allowed, None),
            (
                _,
                Some(NotPlanned::ProjectTooLarge {
                    what,
                    short_of,
                    beside_pinned,
                    ..
                }),
            ) => {
                last_what = what;
                last_short_of = short_of;
                any_beside_pinned |= beside_pinned;
                tried = d;
            }
            // Longer no longer fits before the deadline: slower does not help.
            _ => {
                by_deadline = true;
                break;
            }
        }
    }
    let what = if tried == fastest {
        format!("{last_what}; langzamer werken is niet meer uiterlijk in de deadlinemaand klaar")
    } else {
        let longest = if by_deadline {
            // Longer than that ends after the deadline (helper 61 read "the longest the
            // minimum pace allows" where the minimum allowed more months).
            "de langste duur die uiterlijk in de deadlinemaand klaar is".to_string()
        } else {
            // Whole months: the slowest pace can lie under the minimum (7 homes in 2 months:
            // 3.5 a month at a minimum of 4), said in that order (helper 59 read "minimum 4
            // (dan 3)" as a contradiction).
            format!(
                "de langste duur die het minimumtempo van {} toestaat",
                crate::nl_format::per_month(min_pace)
            )
        };
        let slowest = format!(
            "{tried} maanden ({})",
            crate::nl_format::per_month(project.home_count() as f64 / tried as f64)
        );
        // The start named least short is so at that duration, not over every duration
        // (helper 62 read it as the least short of all): the sentence says which.
        match last_what.strip_prefix(NO_START_LEAST_SHORT) {
            Some(least_short) => format!(
                "past bij geen startmaand, ook niet in {slowest}, {longest}; het kleinste tekort bij die duur: {least_short}"
            ),
            None => format!("{last_what}, ook in {slowest}, {longest}"),
        }
    };
    (
        fastest,
        Vec::new(),
        Some(NotPlanned::ProjectTooLarge {
            what,
            homes: project.home_count(),
            one_home_fits,
            short_of: last_short_of,
            beside_pinned: any_beside_pinned,
            // Slower than the minimum helps only where the deadline did not stop it.
            slower_fits: if by_deadline {
                None
            } else {
                fitting_pace(project, scenario, tried)
            },
        }),
    )
}

/// The highest minimum pace (homes a month, in tenths) that lets `project` run longer than
/// `duration` months, long enough to fit some start alone (its whole months ending before the
/// deadline), with the months it then takes: what the scenario's minimum would have to be at
/// most. A minimum `m` allows `ceil(homes / m)` months, so `d` months need `m < homes / (d - 1)`
/// (helper 87: 4 homes fit in 2 months, which a minimum of 3,9 already allows, where "tot 2"
/// was advised). `None` when no longer duration fits.
fn fitting_pace(project: &Project, scenario: &Scenario, duration: u32) -> Option<(f64, u32)> {
    let homes = project.home_count();
    let mut trial = project.clone();
    trial.slower_starts.clear();
    // At most the horizon's months: a longer project ends after the deadline.
    let horizon = scenario.deadline_month.since(scenario.start_month).max(0) as u32 + 1;
    for d in duration + 1..=horizon {
        trial.duration_months = d;
        match allowed_starts(&trial, scenario) {
            (allowed, None) if !allowed.is_empty() => {
                // The largest tenth below homes / (d - 1) (d is at least 2).
                let tenths = (homes as f64 * 10.0 / (d - 1) as f64 - 1e-9).ceil() - 1.0;
                let pace = tenths / 10.0;
                return (pace >= 0.1 && duration_at(homes, pace) >= d).then_some((pace, d));
            }
            (_, Some(NotPlanned::ProjectTooLarge { .. })) => continue,
            _ => return None,
        }
    }
    None
}

/// The too-large starts at which the project alone would fit, at its pace or a slower one the
/// scenario allows that ends by the deadline, without the work done, running or contracted.
fn beside_pinned(project: &Project, scenario: &Scenario) -> Vec<Month> {
    let committed = &scenario.committed;
    if project.too_large_starts.is_empty()
        || (committed.cost_eur.is_empty() && committed.load.is_empty())
    {
        return Vec::new();
    }
    let mut trial = trial_of(project);
    project
        .too_large_starts
        .iter()
        .copied()
        .filter(|&s| {
            durations_at(project, scenario, s).any(|d| {
                trial.duration_months = d;
                crate::projects::fits_without_pinned(&trial, scenario, s)
            })
        })
        .collect()
}

/// The durations `project` may take at start `s`: the scenario's pace's (its own, unless it was
/// slowed to find any start), then each longer one down to the scenario's minimum pace
/// ([`longest_duration`]) that still ends by the deadline.
fn durations_at<'a>(
    project: &Project,
    scenario: &'a Scenario,
    s: Month,
) -> impl Iterator<Item = u32> + 'a {
    // From the scenario's pace: a project slowed to find any start ([`slowest_needed`]) is at
    // a late start of its too-large list only at a faster pace than its own in time.
    let own = project.duration_months;
    let fastest = duration_at(
        project.home_count(),
        scenario.projects.homes_per_month_per_project,
    )
    .min(own);
    let longest = min_pace(&scenario.projects)
        .map_or(own, |m| longest_duration(project.home_count(), m, own));
    (fastest..=longest)
        .take_while(move |&d| d == fastest || s <= scenario.deadline_month.plus(1 - d as i32))
}

/// A copy of `project` to try other durations on: without its slower starts, so that
/// `duration_months` is the duration at every start.
fn trial_of(project: &Project) -> Project {
    let mut trial = project.clone();
    trial.slower_starts.clear();
    trial
}

/// Which limit a project alone overruns at its too-large starts ([`Project::too_large_starts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AloneOver {
    /// Only a year's budget, at each such start, at its pace and at every slower pace the
    /// scenario allows that ends by the deadline.
    Budget,
    /// Only a month's capacity, likewise.
    Capacity,
    /// The budget at some, the capacity at others, or both.
    Either,
}

/// The limits `project` alone overruns at its too-large starts ([`too_large_over`]): the years
/// whose budget and the months whose capacity it overruns at some such start and pace, each
/// once, ascending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AloneOverrun {
    pub years: Vec<i32>,
    pub months: Vec<Month>,
}

impl AloneOverrun {
    /// Which kind of limit: the budget alone, the capacity alone, or either.
    pub fn over(&self) -> AloneOver {
        match (self.years.is_empty(), self.months.is_empty()) {
            (false, true) => AloneOver::Budget,
            (true, false) => AloneOver::Capacity,
            _ => AloneOver::Either,
        }
    }
}

/// Which limits `project` alone overruns at each of its too-large starts, at every pace from
/// its own down to the scenario's minimum that ends by the deadline (the paces
/// [`slower_starts`] tries): what a reason may name without "of" (helper 71: "budget en
/// capaciteit" where the budget alone fell short at every start), and which years and months
/// (helper 100: "het budget van een jaar of de capaciteit van een maand" where one month's
/// capacity was short). `None` without such starts.
pub fn too_large_over(project: &Project, scenario: &Scenario) -> Option<AloneOverrun> {
    if project.too_large_starts.is_empty() {
        return None;
    }
    let mut trial = trial_of(project);
    let (mut years, mut months) = (BTreeSet::new(), BTreeSet::new());
    for &s in &project.too_large_starts {
        for d in durations_at(project, scenario, s) {
            trial.duration_months = d;
            let over = crate::projects::overrun_alone(&trial, scenario, s);
            years.extend(over.years.iter().map(|&(y, _)| y));
            months.extend(over.months);
        }
    }
    Some(AloneOverrun {
        years: years.into_iter().collect(),
        months: months.into_iter().collect(),
    })
}

/// What `project` alone overruns at start `s` at every pace from its own down to the scenario's
/// minimum that ends by the deadline: the years whose budget and the months whose capacity each
/// of those paces overruns. Helper 82: a re-plan said "de capaciteit in 2027-08, 2027-09" for a
/// project that at a slower pace fitted those months, where only the budget kept it out.
pub fn overrun_at_every_pace(project: &Project, scenario: &Scenario, s: Month) -> Overrun {
    let mut trial = trial_of(project);
    let mut common: Option<Overrun> = None;
    for d in durations_at(project, scenario, s) {
        trial.duration_months = d;
        let over = crate::projects::overrun_alone(&trial, scenario, s);
        common = Some(match common {
            None => over,
            Some(c) => Overrun {
                years: c
                    .years
                    .into_iter()
                    .filter(|(y, _)| over.years.iter().any(|(z, _)| z == y))
                    .collect(),
                months: c
                    .months
                    .into_iter()
                    .filter(|m| over.months.contains(m))
                    .collect(),
            },
        });
    }
    common.unwrap_or_else(|| crate::projects::overrun_alone(project, scenario, s))
}

/// Per start of [`Project::too_large_starts`]: the duration of the fastest slower pace (down to
/// the scenario's minimum pace) at which the project alone fits there and still ends by the
/// deadline; starts where none does are left out.
fn slower_starts(project: &Project, scenario: &Scenario) -> BTreeMap<Month, u32> {
    let mut out = BTreeMap::new();
    let mut trial = trial_of(project);
    for &s in &project.too_large_starts {
        // The slower ones only: at its own pace (and any faster) it is too large there.
        for d in durations_at(project, scenario, s).filter(|&d| d > project.duration_months) {
            trial.duration_months = d;
            if crate::projects::overrun_alone(&trial, scenario, s).fits() {
                out.insert(s, d);
                break;
            }
        }
    }
    out
}

/// Whether a plan proven under this model's pace rule (a project runs slower only at a start
/// where its own pace alone does not fit) might be beaten by projects that run slower side by
/// side, which the SPEC's "may run slower ... to fit the capacity" also allows (and which this
/// model, slowing a project that alone is too large for a year's budget, allows for the budget
/// too): some project has a start from which a slower pace (down to the scenario's minimum)
/// still ends by the deadline, while one of its months at its own pace lies in a month whose
/// capacity, or a year whose budget, the projects of its corporation could together exceed
/// (each at its own pace, cost and any of its allowed starts). Elsewhere no plan fills the
/// capacity or the budget, so running slower side by side gains nothing (helper 60 found random
/// stocks where such plans had more homes; helper 61 a budget case).
pub fn side_by_side_unexplored<'a>(
    projects: impl IntoIterator<Item = &'a Project> + Clone,
    scenario: &Scenario,
) -> bool {
    let Some(min) =
        min_pace(&scenario.projects).filter(|&m| m < scenario.projects.homes_per_month_per_project)
    else {
        return false;
    };
    let mut load: BTreeMap<(&str, Month), f64> = BTreeMap::new();
    let mut cost: BTreeMap<(&str, i32), f64> = BTreeMap::new();
    for p in projects.clone() {
        let mut highest: BTreeMap<Month, f64> = BTreeMap::new();
        let mut dearest: BTreeMap<i32, f64> = BTreeMap::new();
        for &s in &p.allowed_starts {
            let own = p.duration_at(s);
            let height = p.homes_per_month_at(s);
            for k in 0..own as i32 {
                let e = highest.entry(s.plus(k)).or_insert(0.0);
                *e = e.max(height);
            }
            let longest = longest_duration(p.home_count(), min, own);
            for y in s.year()..=s.plus(longest as i32 - 1).year() {
                let e = dearest.entry(y).or_insert(0.0);
                *e = e.max(p.cost_at(s, scenario));
            }
        }
        let c = p.corporation.as_str();
        for (m, h) in highest {
            *load.entry((c, m)).or_insert(0.0) += h;
        }
        for (y, eur) in dearest {
            *cost.entry((c, y)).or_insert(0.0) += eur;
        }
    }
    let tight = |c: &str, m: Month| {
        load.get(&(c, m))
            .is_some_and(|&l| l > scenario.capacity_free(c, m) + 1e-9)
            || cost
                .get(&(c, m.year()))
                .is_some_and(|&e| e > scenario.budget_free(c, m.year()) + 0.005)
    };
    projects.into_iter().any(|p| {
        p.allowed_starts.iter().any(|&s| {
            let own = p.duration_at(s);
            longest_duration(p.home_count(), min, own) > own
                && s.plus(own as i32) <= scenario.deadline_month
                && (0..own as i32).any(|k| tight(&p.corporation, s.plus(k)))
        })
    })
}
