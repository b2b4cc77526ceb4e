//! A bound on the most homes from a relaxation: the model without its budget rows (and the cuts
//! drawn from them), so capacity, permits, species months and the deadline only. Every plan of
//! the model is a plan of the relaxation, so no plan plans more homes than the relaxation's
//! optimum, and a plan that reaches it is proven optimal.
//!
//! Why it proves what the whole model does not: without the budget, projects of different cost
//! but the same size, duration and starts are alike, and the relaxation counts them
//! (src/model/symmetry.rs). On the sector benchmark's small corporations (capacity 5 to 10 homes
//! a month) many projects of one to three homes are alike, and the relaxation is a far smaller
//! model without the permutations that keep HiGHS from closing the whole model's bound. Where
//! the budget binds, its optimum lies above the best plan and it proves nothing; the whole model
//! goes on to HiGHS then, and the better of the two bounds holds.

use super::build::{Milp, RowKind};
use super::solve::{Branching, SolveError, StageOptions};
use super::symmetry;

/// The model without its budget rows and the cardinality cuts drawn from them.
pub(super) fn without_budget(milp: &Milp) -> Milp {
    let mut relaxed = milp.clone();
    relaxed
        .rows
        .retain(|r| !matches!(r.kind, RowKind::Budget(_) | RowKind::BudgetCardinality));
    relaxed
}

/// What the relaxation gave: HiGHS' proven bound (`None` when the model has no budget row, so
/// that the relaxation would be the model itself, or HiGHS gives none), and whether the clock
/// stopped HiGHS there (then another run may get another bound).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct RelaxedBound {
    pub bound: Option<f64>,
    pub clock: bool,
}

/// HiGHS' proven bound on the lowest `objective` over the relaxation (alike projects counted),
/// from the starting plan `plan` (a plan of the model, so of the relaxation too), within
/// `options` (its time limit and work).
pub(super) fn budget_free_bound(
    name: &str,
    milp: &Milp,
    objective: &[f64],
    plan: &[f64],
    options: &StageOptions,
) -> Result<RelaxedBound, SolveError> {
    if !milp
        .rows
        .iter()
        .any(|r| matches!(r.kind, RowKind::Budget(_)))
    {
        return Ok(RelaxedBound {
            bound: None,
            clock: false,
        });
    }
    let relaxed = without_budget(milp);
    let options = StageOptions {
        branching: Branching::Full,
        log_file: None,
        ..options.clone()
    };
    let name = format!("{name}-zonder-budget");
    let report = symmetry::solve_counting_alike(&name, &relaxed, objective, plan, &options)?.report;
    Ok(RelaxedBound {
        bound: report.bound_known.then_some(report.bound),
        clock: report.clock_cut,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build::Column;
    use crate::model::solve::solve_stage;
    use crate::model::StageKind;
    use crate::scenario::Month;

    /// Four one-home projects that may start in January or February, a capacity of 2 homes a
    /// month, and a budget of 3 projects: the most homes is 3, the relaxation's 4.
    fn model() -> (Milp, Vec<f64>) {
        let mut milp = Milp::default();
        let mut objective = Vec::new();
        for p in 0..4 {
            for m in [1, 2] {
                milp.columns.push(Column {
                    project: p,
                    start: Month::new(2025, m),
                    name: format!("start[P{p},2025-0{m}]"),
                });
                objective.push(-1.0);
            }
            let j = 2 * p;
            milp.add_row(
                RowKind::OneStart,
                format!("one_start[P{p}]"),
                vec![(j, 1.0), (j + 1, 1.0)],
                0.0,
                1.0,
            );
        }
        for m in 0..2 {
            milp.add_row(
                RowKind::Capacity(Month::new(2025, m as u32 + 1)),
                format!("capacity[{m}]"),
                (0..4).map(|p| (2 * p + m, 1.0)).collect(),
                f64::NEG_INFINITY,
                2.0,
            );
        }
        milp.add_row(
            RowKind::Budget(2025),
            "budget[2025]".into(),
            (0..8).map(|j| (j, 10.0 + (j / 2) as f64)).collect(),
            f64::NEG_INFINITY,
            36.0,
        );
        (milp, objective)
    }

    fn options() -> StageOptions {
        StageOptions::exact_for_tests(StageKind::Homes)
    }

    #[test]
    fn the_relaxation_drops_the_budget_and_bounds_the_homes() {
        let (milp, objective) = model();
        let relaxed = without_budget(&milp);
        assert_eq!(relaxed.rows.len(), milp.rows.len() - 1);
        let plan = vec![1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0];
        assert!(milp.satisfies(&plan));
        let bound = budget_free_bound("woningen", &milp, &objective, &plan, &options())
            .expect("HiGHS")
            .bound
            .expect("a bound");
        // Without the budget all four fit (two a month): a bound of 4 homes, not a proof of 3.
        assert_eq!(bound, -4.0);
        let whole = solve_stage("woningen", &milp, &objective, &plan, &options()).expect("HiGHS");
        assert_eq!(whole.report.objective, -3.0);
        assert!(
            bound <= whole.report.objective,
            "a relaxation never bounds below the optimum"
        );
    }

    #[test]
    fn without_a_budget_that_binds_the_relaxation_proves_the_plan() {
        let (mut milp, objective) = model();
        for row in &mut milp.rows {
            if row.kind == RowKind::Budget(2025) {
                row.upper = 100.0;
            }
        }
        let plan = vec![1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0];
        assert!(milp.satisfies(&plan));
        let bound = budget_free_bound("woningen", &milp, &objective, &plan, &options())
            .expect("HiGHS")
            .bound
            .expect("a bound");
        assert_eq!(bound, -4.0);
        // A model without a budget row has no relaxation of this kind.
        let relaxed = without_budget(&milp);
        assert_eq!(
            budget_free_bound("woningen", &relaxed, &objective, &plan, &options()).expect("HiGHS"),
            RelaxedBound {
                bound: None,
                clock: false
            }
        );
    }
}
