//! Stability against a reference plan: a tie-break after homes and cost (and before the order
//! G-F-E) that keeps each project in its reference start month whenever that costs nothing in
//! homes or cost. `retrofit vergelijk` uses the baseline's plan as the reference, so that the
//! differences it shows are the ones a scenario's change causes; re-planning against a previous
//! plan can use the same mechanism.
//!
//! The reference is a start month per project id ([`super::ScheduleOptions::reference_starts`]).
//! It is also fed as the first starting plan of the homes (or G/F/E) and cost stages (where it
//! is a valid plan), and stays a stage's plan whenever the stage's proven bound proves it too
//! (`solve_with_start_plans` in `mod.rs`): plans within the proven gap count as equal, so a scenario
//! identical to the reference's reproduces it exactly.

use std::collections::BTreeMap;

use super::build::{Milp, RowKind};
use crate::projects::Project;
use crate::scenario::Month;

/// Name of the stability stage.
pub const STABILITY_STAGE: &str = "stabiliteit";

/// The reference plan as 0/1 values on `milp`'s columns: each project at its reference start,
/// where the model has that column. Projects without a reference start are left out.
pub fn reference_plan(
    milp: &Milp,
    projects: &[Project],
    reference: &BTreeMap<String, Month>,
) -> Vec<f64> {
    milp.columns
        .iter()
        .map(|c| {
            let same = reference
                .get(&projects[c.project].id)
                .is_some_and(|&m| m == c.start);
            if same {
                1.0
            } else {
                0.0
            }
        })
        .collect()
}

/// Per column 1 when choosing it puts its project somewhere else than its reference start
/// (another month, or a project the reference does not plan), else 0: the number of projects
/// that differ from the reference, as a whole-number objective to minimise.
pub fn moved_objective(
    milp: &Milp,
    projects: &[Project],
    reference: &BTreeMap<String, Month>,
) -> Vec<f64> {
    reference_plan(milp, projects, reference)
        .into_iter()
        .map(|same| 1.0 - same)
        .collect()
}

/// Holds the stage's result: at most `moved` projects away from their reference start (the
/// objective is a whole number, so half a unit is a safe margin).
pub fn hold(milp: &mut Milp, objective: &[f64], moved: f64) {
    let terms: Vec<(usize, f64)> = objective
        .iter()
        .enumerate()
        .filter(|&(_, &v)| v != 0.0)
        .map(|(j, &v)| (j, v))
        .collect();
    if terms.is_empty() {
        return;
    }
    milp.add_row(
        RowKind::Stage,
        format!("stage[{STABILITY_STAGE}]"),
        terms,
        f64::NEG_INFINITY,
        moved + 0.5,
    );
}
