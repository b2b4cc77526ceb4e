//! The pace of a project: homes completed a month, and so its duration. A project runs at the
//! scenario's pace; when at that pace it fits no start (a year's budget or a month's capacity is
//! smaller than the project alone needs), it runs at the fastest slower pace that does fit, down
//! to the scenario's minimum pace. Only when even the slowest pace fits nowhere is it "te groot".

use crate::projects::{allowed_starts, candidate_starts, NotPlanned, Project};
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

/// Settles `project`'s duration, allowed starts, the reason when there are none, and the starts
/// at which it is too large at that duration ([`slowest_needed`]), under `scenario`.
pub fn settle(project: &mut Project, scenario: &Scenario) {
    let (duration, allowed, blocked) = slowest_needed(project, scenario);
    project.duration_months = duration;
    project.allowed_starts = allowed;
    project.blocked = blocked;
    project.too_large_starts = if project.blocked.is_none() {
        candidate_starts(project, scenario)
            .unwrap_or_default()
            .into_iter()
            .filter(|m| !project.allowed_starts.contains(m))
            .collect()
    } else {
        Vec::new()
    };
    let corporation = project.corporation.as_str();
    project.too_large_beside_pinned = project
        .too_large_starts
        .iter()
        .copied()
        .filter(|&s| {
            (0..project.duration_months as i32).any(|i| {
                let m = s.plus(i);
                scenario.capacity_free(corporation, m) < scenario.capacity(corporation, m)
                    || scenario.budget_free(corporation, m.year())
                        < scenario.budget(corporation, m.year())
            })
        })
        .collect();
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
        ..
    }) = &blocked
    else {
        return (fastest, allowed, blocked);
    };
    let rules = &scenario.projects;
    let Some(min_pace) = rules.min_homes_per_month_per_project else {
        return (fastest, allowed, blocked);
    };
    let one_home_fits = *one_home_fits;
    let min_pace = min_pace.min(rules.homes_per_month_per_project);
    let longest = longest_duration(project.home_count(), min_pace, fastest);
    if longest == fastest {
        return (fastest, allowed, blocked);
    }
    let mut trial = project.clone();
    let mut last_what = what.clone();
    let mut last_short_of = *short_of;
    let mut tried = fastest;
    for d in fastest + 1..=longest {
        trial.duration_months = d;
        match allowed_starts(&trial, scenario) {
            (allowed, None) => return (d, allowed, None),
            (_, Some(NotPlanned::ProjectTooLarge { what, short_of, .. })) => {
                last_what = what;
                last_short_of = short_of;
                tried = d;
            }
            // Longer no longer fits before the deadline: slower does not help.
            _ => break,
        }
    }
    let what = if tried == fastest {
        format!("{last_what}; langzamer werken past niet meer vóór de deadline")
    } else {
        format!(
            "{last_what}, ook in {tried} maanden, de langste duur bij het minimumtempo van {} (dan {})",
            crate::nl_format::per_month(min_pace),
            crate::nl_format::per_month(project.home_count() as f64 / tried as f64),
        )
    };
    (
        fastest,
        Vec::new(),
        Some(NotPlanned::ProjectTooLarge {
            what,
            homes: project.home_count(),
            one_home_fits,
            short_of: last_short_of,
        }),
    )
}

/// Whether `project`, at a slower pace than its own (down to the scenario's minimum), could
/// start alone at one of the starts where its own pace is too large
/// ([`Project::too_large_starts`]): the model gives each project one pace before the solve, so
/// a plan proven optimal is proven at those paces, and such a project left out might fit a
/// plan at a slower pace (helper 58).
pub fn slower_opens_starts(project: &Project, scenario: &Scenario) -> bool {
    let rules = &scenario.projects;
    let Some(min_pace) = rules.min_homes_per_month_per_project else {
        return false;
    };
    if project.too_large_starts.is_empty() {
        return false;
    }
    let fastest = project.duration_months;
    let longest = longest_duration(
        project.home_count(),
        min_pace.min(rules.homes_per_month_per_project),
        fastest,
    );
    let mut trial = project.clone();
    (fastest + 1..=longest).any(|d| {
        trial.duration_months = d;
        let last_start = scenario.deadline_month.plus(1 - d as i32);
        project
            .too_large_starts
            .iter()
            .filter(|&&s| s <= last_start)
            .any(|&s| crate::projects::overrun_alone(&trial, scenario, s).fits())
    })
}
