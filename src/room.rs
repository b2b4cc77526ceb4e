//! What a plan's projects use of each year's budget and each month's capacity, and which of
//! those limits one project would overrun at another start beside the rest: the words for why a
//! project is not in an earlier month (a re-plan's `Voortgang`, a comparison's `Verschillen`).

use std::collections::BTreeMap;

use crate::projects::Project;
use crate::scenario::{Month, Scenario};

/// What the planned projects use of each year's budget and each month's capacity, per
/// corporation (in a re-plan the open ones, beside the pinned work the scenario's free budget
/// and capacity leave out).
pub(crate) struct Room<'a> {
    scenario: &'a Scenario,
    budget: BTreeMap<(String, i32), f64>,
    capacity: BTreeMap<(String, Month), f64>,
}

impl<'a> Room<'a> {
    pub(crate) fn of(
        projects: &[Project],
        open: &[usize],
        starts: &[Option<Month>],
        scenario: &'a Scenario,
    ) -> Room<'a> {
        let mut room = Room {
            scenario,
            budget: BTreeMap::new(),
            capacity: BTreeMap::new(),
        };
        for &i in open {
            if let Some(s) = starts[i] {
                room.add(&projects[i], s, 1.0);
            }
        }
        room
    }

    fn add(&mut self, p: &Project, start: Month, sign: f64) {
        for (y, eur) in p.cost_by_year(start, self.scenario) {
            *self.budget.entry((p.corporation.clone(), y)).or_default() += sign * eur;
        }
        for k in 0..p.duration_at(start) as i32 {
            *self
                .capacity
                .entry((p.corporation.clone(), start.plus(k)))
                .or_default() += sign * p.homes_per_month_at(start);
        }
    }

    /// The limits that `p` alone, at `old`, overruns beside the work that is done, running or
    /// contracted (what the scenario leaves free), at its own pace and at every slower pace the
    /// scenario allows there: "het budget van 2026", "de capaciteit in 2026-03". Empty where no
    /// one limit is overrun at every pace.
    pub(crate) fn alone_short_at(&self, p: &Project, old: Month) -> Vec<String> {
        // The size filter's own test, which found the start too large, at each pace.
        let over = crate::pace::overrun_at_every_pace(p, self.scenario, old);
        let years: Vec<i32> = over.years.iter().map(|&(y, _)| y).collect();
        limits_text(&years, &over.months)
    }

    /// The limits that `p`, planned at `start`, would overrun at `old` with every other
    /// project where this plan has it: "het budget van 2026", "de capaciteit in 2026-03".
    pub(crate) fn short_at(&self, p: &Project, start: Month, old: Month) -> Vec<String> {
        let mut moved = Room {
            scenario: self.scenario,
            budget: self.budget.clone(),
            capacity: self.capacity.clone(),
        };
        moved.add(p, start, -1.0);
        moved.add(p, old, 1.0);
        let corporation = p.corporation.as_str();
        let years = p.cost_by_year(old, self.scenario).into_keys().filter(|&y| {
            moved.budget[&(p.corporation.clone(), y)]
                > self.scenario.budget_free(corporation, y) + 0.5
        });
        let months = (0..p.duration_at(old) as i32)
            .map(|k| old.plus(k))
            .filter(|&m| {
                moved.capacity[&(p.corporation.clone(), m)]
                    > self.scenario.capacity_free(corporation, m) + 1e-6
            });
        limits_text(&years.collect::<Vec<_>>(), &months.collect::<Vec<_>>())
    }
}

/// ", in de 9 maanden die het rekenmodel het daar geeft (in de basis 10)," where the model gives
/// `p` another duration at `at` than the reference plan `was` (`earlier`: "in de basis", "in het
/// vorige plan") ran it: [`Room::short_at`] tries the model's duration there, one pace per start.
/// Empty where they are the same or the reference's is not known.
pub(crate) fn months_at_clause(p: &Project, at: Month, was: Option<i32>, earlier: &str) -> String {
    let now = p.duration_at(at);
    match was {
        Some(was) if was != now as i32 => format!(
            ", in de {} die het rekenmodel het daar geeft ({earlier} {was}),",
            crate::nl_format::count(now as usize, "maand", "maanden")
        ),
        _ => String::new(),
    }
}

/// "het budget van 2026 en de capaciteit in 2026-03 zijn te krap": what [`Room::short_at`]
/// found, as a re-plan's `Voortgang` and a comparison's `Verschillen` say it.
pub(crate) fn too_tight(short: &[String]) -> String {
    format!(
        "{} {} te krap",
        crate::nl_format::and_list(&short.iter().map(String::as_str).collect::<Vec<_>>()),
        if short.len() == 1 { "is" } else { "zijn" }
    )
}

/// "het budget van 2026", "de capaciteit in 2026-03, 2026-04": the limits overrun, by kind.
fn limits_text(years: &[i32], months: &[Month]) -> Vec<String> {
    let years: Vec<String> = years.iter().map(|y| y.to_string()).collect();
    let months: Vec<String> = months.iter().map(|m| m.to_string()).collect();
    let mut short = Vec::new();
    if !years.is_empty() {
        short.push(format!("het budget van {}", years.join(", ")));
    }
    if !months.is_empty() {
        short.push(format!("de capaciteit in {}", months.join(", ")));
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The model's duration at a month is said beside the reference's where they differ
    /// (helper 101: a baseline's 10 months fitted a raised budget, the model's 9 did not).
    #[test]
    fn another_duration_at_the_month_than_the_reference_ran_is_said() {
        let (aug, sep) = (Month::new(2027, 8), Month::new(2027, 9));
        let mut p = Project::bare("PL01", 40, 9);
        p.slower_starts.insert(sep, 10);
        assert_eq!(
            months_at_clause(&p, aug, Some(10), "in de basis"),
            ", in de 9 maanden die het rekenmodel het daar geeft (in de basis 10),"
        );
        assert_eq!(months_at_clause(&p, sep, Some(10), "in de basis"), "");
        assert_eq!(months_at_clause(&p, aug, None, "in de basis"), "");
    }
}
