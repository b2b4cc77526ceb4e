//! A whole-number stage whose bound leaves room for exactly one unit more than its best plan
//! (one home, one G home) is decided by one question to HiGHS: is there any plan with that one
//! unit more? The model gets a row that asks for it and no objective. A plan found is optimal
//! (the bound allows no more); no plan at all proves the best plan optimal. The question is the
//! same one branch and bound on the stage's objective must answer, and HiGHS often answers it
//! sooner: on helper 119's stock (268 homes, budget and capacity tight; its homes stage dumped with
//! `RETROFIT_DUMP_STAGES`, HiGHS 1.16 in Python, one thread, five random seeds, on a busy
//! machine) branch and bound from the best plan (143 homes, bound 144) found the 144th home in
//! 4.7, 5.6 and 6.9 s and not within 40 s twice; the question found it in 1.5 to 7.1 s every
//! time (median 3.0 s) with HiGHS' presolve, and in 2.0 to 13.1 s (median 4.8 s) without it.

use super::build::{Milp, RowKind};
use super::solve::{self, SolveError, StageOptions};

/// The share of a homes stage's remaining time and work that branch and bound on the objective
/// gets first; the question gets the rest where it applies, branch and bound again otherwise.
/// Branch and bound is sometimes the quicker of the two: on the sector benchmark's homes stage
/// that the question applied to (dumped, HiGHS alone, one thread) branch and bound proved it in
/// 0.7 s, where the root (0.6 s) and the question (5.1 s) took longer. The cost of going
/// first: the sector benchmark (`--tijdslimiet 10`, one quiet run each, 2026-12-03) left 9
/// homes stages open (at most 39 homes) and 11 cost stages instead of 8 and 10 without the
/// question (asked at once after HiGHS' root: the same 9 and 11; with a share of 0.75: 9 and
/// 11, two homes stages cut by the clock); helper 119's stock gains its 144th home, proven, in
/// 37 s (40.7 s at 0.75), where the stage had stopped at 143 after 29.8 s.
pub const BRANCH_FIRST_SHARE: f64 = 0.5;

/// What HiGHS answered.
pub enum Answer {
    /// A plan with one unit more: optimal, the bound allowing no more.
    Found(Vec<f64>),
    /// No plan has one unit more: the best plan is optimal.
    NoneExists,
    /// Neither, within the stage's time and work.
    Open,
}

/// Whether a stage whose best plan is worth `value` (minimised, a whole number) and whose bound
/// is `bound` may gain exactly one unit: then [`ask`] decides it.
pub fn applies(value: f64, bound: f64) -> bool {
    let units = (value - bound + solve::integral_margin(bound)).floor();
    units == 1.0
}

/// Asks HiGHS for any plan of `milp` whose `objective` is at most `value - 1` (so one unit
/// better), within `options`' time and work.
pub fn ask(
    name: &str,
    milp: &Milp,
    objective: &[f64],
    value: f64,
    options: &StageOptions,
) -> Result<Answer, SolveError> {
    let mut asked = milp.clone();
    asked.add_row(
        RowKind::Stage,
        format!("stage[{name}: een meer]"),
        objective
            .iter()
            .enumerate()
            .filter(|&(_, &c)| c != 0.0)
            .map(|(j, &c)| (j, c))
            .collect(),
        f64::NEG_INFINITY,
        value - 0.5,
    );
    let nothing = vec![0.0; objective.len()];
    let options = StageOptions {
        log_file: None,
        ..options.clone()
    };
    match solve::solve_stage(
        &format!("{name} (een meer)"),
        &asked,
        &nothing,
        &[],
        &options,
    ) {
        Ok(found) => {
            let better: f64 = found.values.iter().zip(objective).map(|(x, c)| x * c).sum();
            // Checked, as every plan handed on is: the rows of the stage's own model and the
            // unit more.
            if better <= value - 0.5 && milp.satisfies(&found.values) {
                Ok(Answer::Found(found.values))
            } else {
                Ok(Answer::Open)
            }
        }
        Err(SolveError::Infeasible) => Ok(Answer::NoneExists),
        Err(SolveError::NoSolution) => Ok(Answer::Open),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build::grid_for_tests;
    use crate::model::StageKind;
    use crate::scenario::Month;

    /// Three projects of two homes that may start in one month of capacity four: at most two.
    fn two_of_three() -> (Milp, Vec<f64>) {
        let milp = grid_for_tests(3, 1, Month::new(2025, 1), 2.0, 2.0, 4.0, false, |_, _| 1.0);
        let minus_homes = milp.homes.iter().map(|h| -h).collect();
        (milp, minus_homes)
    }

    #[test]
    fn applies_only_where_the_bound_allows_exactly_one_unit_more() {
        assert!(applies(-143.0, -144.0));
        assert!(applies(-143.0, -144.9));
        // 144.9999999 is the LP's 145 within its tolerance: two more may fit.
        assert!(!applies(-143.0, -144.9999999));
        assert!(!applies(-143.0, -145.0));
        // Proven already.
        assert!(!applies(-143.0, -143.5));
    }

    #[test]
    fn a_plan_with_one_more_is_found_and_none_is_proven_absent() {
        let (milp, objective) = two_of_three();
        let options = StageOptions::exact_for_tests(StageKind::Homes);
        // From one project (2 homes): a plan with at least 3 homes exists (4).
        match ask("woningen", &milp, &objective, -2.0, &options).expect("answer") {
            Answer::Found(plan) => {
                assert!(milp.satisfies(&plan));
                let homes: f64 = plan.iter().zip(&milp.homes).map(|(x, h)| x * h).sum();
                assert!(homes >= 3.0, "{homes}");
            }
            _ => panic!("a plan with more homes exists"),
        }
        // From two projects (4 homes): none has 5.
        assert!(matches!(
            ask("woningen", &milp, &objective, -4.0, &options).expect("answer"),
            Answer::NoneExists
        ));
    }
}
