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
use super::start_plan::RowUse;
use crate::projects::Project;
use crate::scenario::Month;

/// Name of the stability stage.
pub const STABILITY_STAGE: &str = "stabiliteit";

/// The stability stage as the status names it: what it minimises, in words of its own, so that
/// a list beside the order's claim does not read as limited to the start years too (helper 90:
/// "stabiliteit en volgorde G-F-E binnen de startjaren").
pub const STABILITY_CLAIM: &str = "stabiliteit (minste gewijzigde projecten)";

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

/// The reference plan mended where it no longer fits (a project slipped past `--vanaf`, a
/// budget cut in a variant): its projects that still fit at their reference start stay there
/// (earliest reference start first); each other project with a reference goes to the start
/// nearest its reference start that fits (the earlier of two equally near); then projects
/// without a reference are added at their cheapest start that fits, so that the plan may reach
/// the homes of a stage that plans more than the reference did. Feasible by construction. As a
/// stage's first starting plan, it is the plan that moves the fewest projects that a simple
/// repair finds.
pub fn repaired_plan(
    milp: &Milp,
    projects: &[Project],
    reference: &BTreeMap<String, Month>,
) -> Vec<f64> {
    let wanted = |p: usize| reference.get(&projects[p].id).copied();
    let mut by_project: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (j, c) in milp.columns.iter().enumerate() {
        by_project.entry(c.project).or_default().push(j);
    }
    let mut out = vec![0.0; milp.columns.len()];
    let mut rows = RowUse::new(milp, &out);
    let mut placed = vec![false; projects.len()];
    let put = |j: usize, out: &mut Vec<f64>, rows: &mut RowUse| {
        out[j] = 1.0;
        rows.add(j);
    };
    // At their reference start, earliest first.
    let mut at_reference: Vec<(Month, usize)> = milp
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| wanted(c.project) == Some(c.start))
        .map(|(j, c)| (c.start, j))
        .collect();
    at_reference.sort();
    for (_, j) in at_reference {
        if rows.violated_by(milp, j).next().is_none() {
            put(j, &mut out, &mut rows);
            placed[milp.columns[j].project] = true;
        }
    }
    // Moved as little as fits, then the projects without a reference at their cheapest.
    for (&p, columns) in &by_project {
        let Some(month) = wanted(p).filter(|_| !placed[p]) else {
            continue;
        };
        let distance = |j: usize| {
            let start = milp.columns[j].start;
            let d = start.since(month);
            (d.abs(), d)
        };
        let mut order = columns.clone();
        order.sort_by_key(|&j| distance(j));
        if let Some(&j) = order
            .iter()
            .find(|&&j| rows.violated_by(milp, j).next().is_none())
        {
            put(j, &mut out, &mut rows);
            placed[p] = true;
        }
    }
    for (&p, columns) in &by_project {
        if placed[p] || wanted(p).is_some() {
            continue;
        }
        let mut order = columns.clone();
        order.sort_by(|&a, &b| {
            milp.cost_eur[a]
                .total_cmp(&milp.cost_eur[b])
                .then(a.cmp(&b))
        });
        if let Some(&j) = order
            .iter()
            .find(|&&j| rows.violated_by(milp, j).next().is_none())
        {
            put(j, &mut out, &mut rows);
        }
    }
    out
}

/// The number of projects that differ from the reference, as a whole-number objective to
/// minimise: per column -1 at its project's reference start, 0 at another start of a project
/// with a reference, +1 for a project the reference does not plan; plus the constant returned,
/// the projects with a reference and a column. So a reference project counts once when it
/// moves or is left out, and an added one once (helper 90: with drops counted as nothing, a
/// variant dropped a pepper-potted block and added another project rather than move it).
pub fn changes_objective(
    milp: &Milp,
    projects: &[Project],
    reference: &BTreeMap<String, Month>,
) -> (Vec<f64>, f64) {
    let same = reference_plan(milp, projects, reference);
    let objective = milp
        .columns
        .iter()
        .zip(same)
        .map(|(c, same)| {
            if reference.contains_key(&projects[c.project].id) {
                -same
            } else {
                1.0
            }
        })
        .collect();
    (objective, with_reference(milp, projects, reference))
}

/// The projects with a reference start and a column in `milp`: the constant of
/// [`changes_objective`].
fn with_reference(milp: &Milp, projects: &[Project], reference: &BTreeMap<String, Month>) -> f64 {
    let chosen: std::collections::BTreeSet<usize> = milp
        .columns
        .iter()
        .map(|c| c.project)
        .filter(|&p| reference.contains_key(&projects[p].id))
        .collect();
    chosen.len() as f64
}

/// Holds the number of projects that differ from the reference at most `moved` (the
/// stability stage's objective without its constant) in a model where every project starts
/// exactly once (the order stage): as the count of projects not at their reference start,
/// with non-negative terms only, since the local searches check a row only where a column
/// they add has a term (negative terms let them break it).
pub fn hold_changes_where_all_start(
    milp: &mut Milp,
    projects: &[Project],
    reference: &BTreeMap<String, Month>,
    moved: f64,
) {
    let constant = with_reference(milp, projects, reference);
    let elsewhere: Vec<f64> = reference_plan(milp, projects, reference)
        .into_iter()
        .map(|same| 1.0 - same)
        .collect();
    hold(milp, &elsewhere, moved + constant);
}

/// Holds a count at most `moved`: `objective` has non-negative terms only (the objective is a
/// whole number, so half a unit is a safe margin).
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build;

    /// Five projects of one home, one a month in months 3-6 (a re-plan from March). A and B
    /// keep their reference months; C's (April) is B's too, so it goes to the nearest free
    /// month (May, before June); S slipped from February to the first month left (June); N
    /// has no reference and finds no month left.
    #[test]
    fn a_reference_that_no_longer_fits_is_mended_with_the_fewest_moves() {
        let ids = ["A", "B", "C", "S", "N"];
        let projects: Vec<Project> = ids.iter().map(|id| Project::bare(id, 1, 1)).collect();
        let march = Month::new(2025, 3);
        let milp = build::grid_for_tests(ids.len(), 4, march, 1.0, 1.0, 1.0, false, |_, k| {
            f64::from(7 - k)
        });
        let reference: BTreeMap<String, Month> = [("A", 3), ("B", 4), ("C", 4), ("S", 2)]
            .into_iter()
            .map(|(id, m)| (id.to_string(), Month::new(2025, m)))
            .collect();
        let plan = repaired_plan(&milp, &projects, &reference);
        assert!(milp.satisfies(&plan));
        let month_of = |p: usize| {
            (0..4)
                .find(|&k| plan[4 * p + k] > 0.5)
                .map(|k| k as u32 + 3)
        };
        assert_eq!(
            (0..ids.len()).map(month_of).collect::<Vec<_>>(),
            vec![Some(3), Some(4), Some(5), Some(6), None]
        );
        // Where the reference fits as it is, it is the plan.
        let fits: BTreeMap<String, Month> = [("A", 3), ("B", 4), ("C", 5), ("S", 6)]
            .into_iter()
            .map(|(id, m)| (id.to_string(), Month::new(2025, m)))
            .collect();
        assert_eq!(
            repaired_plan(&milp, &projects, &fits),
            reference_plan(&milp, &projects, &fits)
        );
    }
}
