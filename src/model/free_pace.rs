//! The most homes at a free pace: what the model's pace rule (one pace per start, slower only
//! where a project alone does not fit at its own; `src/pace.rs`) may cost in homes. A model of
//! its own, for a bound only, with a column per project, start and every duration from the
//! scenario's pace down to its minimum (each where the project alone fits and ends by the
//! deadline), and one start per project over all its durations: every plan at any pace the
//! scenario allows is a plan of it. Its optimum, against the plan's homes, turns "projects that
//! run slower side by side are not known to the model" (helper 103: a plan "bewezen" with 193
//! homes where 211 fitted at paces the scenario allows) into a figure. The plan itself stays the
//! model's: this model only says how many homes more a free pace could hold, at most.

use super::build::{self, RowKind};
use super::solve::{self, Branching, StageOptions};
use super::StageKind;
use crate::projects::Project;
use crate::scenario::Scenario;

/// Largest free-pace model that is solved, in columns; a larger one is skipped (said so).
pub const MAX_COLUMNS: usize = 10_000;

/// Seconds of the corporation's time limit that must be left to check it at all.
const MIN_TIME_LEFT_S: f64 = 1.0;

/// Seconds at most for the free-pace model: a safety net far above what its root takes (about
/// 1 s at most on the models measured), so that a busy machine still ends it on its root and
/// the figure reads the same on every run.
const TIME_LIMIT_S: f64 = 10.0;

/// Homes at a free pace beside the plan's, summed over the corporations checked.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct FreePace {
    /// Homes of the plan, in the model (open work only in a re-plan).
    pub planned: f64,
    /// Homes of the best free-pace plan found (at least `planned`).
    pub found: f64,
    /// No free-pace plan has more homes than this.
    pub bound: f64,
    /// Corporations checked (the figures above are theirs).
    pub checked: usize,
    /// Corporations where slower projects side by side could matter that were not checked
    /// (their model too large): the figures above do not cover them.
    pub unchecked: usize,
}

impl FreePace {
    pub fn and(self, o: FreePace) -> FreePace {
        FreePace {
            planned: self.planned + o.planned,
            found: self.found + o.found,
            bound: self.bound + o.bound,
            checked: self.checked + o.checked,
            unchecked: self.unchecked + o.unchecked,
        }
    }

    /// Whether no free-pace plan has more homes than the plan (proven).
    pub fn none_more(&self) -> bool {
        self.unchecked == 0 && self.bound < self.planned + 0.5
    }

    /// Said where some corporation was not checked.
    fn unchecked_dutch(&self) -> String {
        match self.unchecked {
            0 => String::new(),
            n => format!(
                " (voor {} niet nagegaan: het rekenmodel daarvoor is groter dan {} kolommen, of de tijdslimiet liet er te weinig tijd voor)",
                crate::nl_format::count(n, "corporatie", "corporaties"),
                crate::nl_format::number(MAX_COLUMNS)
            ),
        }
    }

    /// In short, for the screen and a status cell: "bij elk tempo geen woning meer (bewezen)",
    /// "bij vrij tempo 18 woningen meer (ten hoogste 21)".
    pub fn short_dutch(&self) -> String {
        let homes = |h: f64| crate::nl_format::count(h.round() as usize, "woning", "woningen");
        let (more, at_most) = (self.found - self.planned, self.bound - self.planned);
        let unchecked = if self.unchecked > 0 {
            ", niet voor elke corporatie nagegaan"
        } else {
            ""
        };
        if self.checked == 0 {
            "bij vrij tempo niet nagegaan (rekenmodel te groot of te weinig tijd)".to_string()
        } else if self.none_more() {
            "bij elk tempo geen woning meer (bewezen)".to_string()
        } else if more > 0.5 && at_most < more + 0.5 {
            format!("bij vrij tempo {} meer (bewezen){unchecked}", homes(more))
        } else if more > 0.5 {
            // "meer" after both figures (helper 105 read "ten hoogste 46 woningen" as a total).
            format!(
                "bij vrij tempo minstens {} en ten hoogste {} meer{unchecked}",
                homes(more),
                homes(at_most)
            )
        } else {
            format!(
                "bij vrij tempo ten hoogste {} meer{unchecked}",
                homes(at_most)
            )
        }
    }

    /// The sentence the plan says (Dutch), beside the pace note.
    pub fn dutch(&self) -> String {
        let homes = |h: f64| crate::nl_format::count(h.round() as usize, "woning", "woningen");
        let more = self.found - self.planned;
        let at_most = self.bound - self.planned;
        let model = "Een apart rekenmodel dat projecten ook naast elkaar langzamer laat lopen (tot het minimumtempo van het scenario)";
        if self.checked == 0 {
            return format!(
                "Hoeveel woningen meer passen als projecten ook naast elkaar langzamer lopen, is niet nagegaan: het rekenmodel daarvoor is groter dan {} kolommen, of de tijdslimiet liet er te weinig tijd voor.",
                crate::nl_format::number(MAX_COLUMNS)
            );
        }
        let mut text = if self.none_more() {
            format!("{model}, bewijst dat er dan geen woning meer past")
        } else if more > 0.5 {
            // The plan found is a lower bound (helper 105's own model found 45 more where this
            // one found 32): "minstens".
            let exact = if at_most < more + 0.5 {
                "bewezen het meeste".to_string()
            } else {
                format!(
                    "een vrij tempo haalt dus minstens {} en ten hoogste {} meer",
                    homes(more),
                    homes(at_most)
                )
            };
            format!(
                "{model}, vond een plan met {} meer ({exact}). Dat plan maakt retrofit niet; een scenario met een lager tempo (homes_per_month_per_project) kan er een deel van halen",
                homes(more)
            )
        } else {
            format!(
                "{model}, vond geen plan met meer woningen, maar bewijst niet dat het er geen is: ten hoogste {} meer",
                homes(at_most)
            )
        };
        text.push_str(&self.unchecked_dutch());
        text.push('.');
        text
    }
}

/// The free-pace check of one corporation's `subset`, whose plan holds `planned_starts` (a
/// start per project of the subset that is planned, with the duration it runs there).
/// `None` when no project can run slower than the model lets it.
pub fn check(
    projects: &[Project],
    subset: &[usize],
    scenario: &Scenario,
    planned: &[(usize, crate::scenario::Month, u32)],
    time_left_s: f64,
) -> Result<Option<FreePace>, solve::SolveError> {
    let planned_homes: f64 = planned
        .iter()
        .map(|&(p, _, _)| projects[p].home_count() as f64)
        .sum();
    // One project per (project, duration): the duration fixed at every start.
    let mut variants: Vec<Project> = Vec::new();
    let mut origin: Vec<usize> = Vec::new();
    let mut any_slower = false;
    for &p in subset {
        let project = &projects[p];
        let (fastest, slowest) =
            crate::pace::duration_range(project.home_count(), &scenario.projects);
        for d in fastest..=slowest {
            let mut v = project.clone();
            v.slower_starts.clear();
            v.duration_months = d;
            let (allowed, _) = crate::projects::allowed_starts(&v, scenario);
            if allowed.is_empty() {
                continue;
            }
            // A duration at a start that the model does not give the project there.
            any_slower |= allowed
                .iter()
                .any(|&s| project.duration_at(s) != d || !project.allowed_starts.contains(&s));
            v.allowed_starts = allowed;
            variants.push(v);
            origin.push(p);
        }
    }
    if !any_slower {
        return Ok(None);
    }
    let columns: usize = variants.iter().map(|v| v.allowed_starts.len()).sum();
    // Too large, or too little of the corporation's time limit left for its root (the sector
    // benchmark's corporations at their limit of 10 s): not checked, and said.
    if columns > MAX_COLUMNS || time_left_s < MIN_TIME_LEFT_S {
        return Ok(Some(FreePace {
            unchecked: 1,
            ..FreePace::default()
        }));
    }
    let all: Vec<usize> = (0..variants.len()).collect();
    let mut milp = build::build(&variants, &all, scenario);
    // Column names with their duration: the variants of a project share start months.
    for c in milp.columns.iter_mut() {
        let d = variants[c.project].duration_months;
        c.name = format!("start[{},{},{d}m]", variants[c.project].id, c.start);
    }
    // One start per project over all its durations.
    milp.rows.retain(|r| r.kind != RowKind::OneStart);
    build::one_start_rows_by(&mut milp, projects, |v| origin[v]);
    // The plan itself, as a starting plan: each planned project at its start and duration.
    let mut initial = vec![0.0; milp.columns.len()];
    for &(p, start, d) in planned {
        if let Some(j) = milp.columns.iter().position(|c| {
            origin[c.project] == p && c.start == start && variants[c.project].duration_months == d
        }) {
            initial[j] = 1.0;
        }
    }
    if !milp.satisfies(&initial) {
        initial = vec![0.0; milp.columns.len()];
    }
    let minus: Vec<f64> = milp.homes.iter().map(|h| -h).collect();
    let options = StageOptions {
        time_limit_s: time_left_s.clamp(0.1, TIME_LIMIT_S),
        mip_rel_gap: 0.0,
        mip_abs_gap: 0.5,
        kind: StageKind::Homes,
        verbose: false,
        relaxed: false,
        log_file: None,
        // HiGHS' root node only, a limit that ends it the same way on every run (the time limit is
        // the safety net). Measured on the free-pace models of helper 103's and 104's stocks (HiGHS
        // 1.16 alone, one thread): the root took 0.34 s and 0.97 s and found 211 and 169 homes, at
        // most 214 and 171; 500 nodes took 2.3 and 2.4 s for the same figures; the proofs (211 and
        // 171 homes) 995 and 1,301 nodes, 3.0 and 4.2 s.
        branching: Branching::Root,
        gap_base: 0.0,
        work: None,
    };
    let r = solve::solve_stage("woningen bij elk tempo", &milp, &minus, &initial, &options)?;
    let report = r.report.maximised();
    let found = report.objective.max(planned_homes);
    // Without a bound (its root cut short): not checked, rather than a bound of every home.
    if !report.bound_known {
        return Ok(Some(FreePace {
            unchecked: 1,
            ..FreePace::default()
        }));
    }
    let bound = report.whole_bound().max(found);
    Ok(Some(FreePace {
        planned: planned_homes,
        found,
        bound,
        checked: 1,
        unchecked: 0,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the figures say, for each case: proven none more, more found (proven or not), a
    /// bound only, and corporations not checked.
    #[test]
    fn the_figures_are_said_as_far_as_they_go() {
        let f = |planned: f64, found: f64, bound: f64, checked, unchecked| FreePace {
            planned,
            found,
            bound,
            checked,
            unchecked,
        };
        assert_eq!(
            f(352.0, 352.0, 352.0, 1, 0).short_dutch(),
            "bij elk tempo geen woning meer (bewezen)"
        );
        assert_eq!(
            f(193.0, 211.0, 214.0, 1, 0).short_dutch(),
            "bij vrij tempo minstens 18 woningen en ten hoogste 21 woningen meer"
        );
        assert_eq!(
            f(16.0, 24.0, 24.0, 1, 0).short_dutch(),
            "bij vrij tempo 8 woningen meer (bewezen)"
        );
        assert_eq!(
            f(169.0, 169.0, 171.0, 1, 0).short_dutch(),
            "bij vrij tempo ten hoogste 2 woningen meer"
        );
        // A corporation not checked: never "geen woning meer", and said.
        let partly = f(352.0, 352.0, 352.0, 1, 1);
        assert!(!partly.none_more());
        assert!(partly
            .short_dutch()
            .ends_with(", niet voor elke corporatie nagegaan"));
        assert!(partly
            .dutch()
            .ends_with("(voor 1 corporatie niet nagegaan: het rekenmodel daarvoor is groter dan 10.000 kolommen, of de tijdslimiet liet er te weinig tijd voor)."));
        // None checked: no figure at all.
        let none = FreePace {
            unchecked: 1,
            ..FreePace::default()
        };
        assert_eq!(
            none.short_dutch(),
            "bij vrij tempo niet nagegaan (rekenmodel te groot of te weinig tijd)"
        );
        assert!(none.dutch().contains("is niet nagegaan"));
    }
}
