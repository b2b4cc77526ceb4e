//! The LP relaxation's neighbourhood: a smaller MIP in which every project that the LP solution
//! starts whole, in a month that no fractional project touches, keeps that start, and the others
//! may move within the months the fractional projects touch. For the ordering stage of a large
//! model, which HiGHS cannot take whole within its work limit, when the LP bound is nearly met:
//! the best order then usually differs from the LP's only around its fractions.
//!
//! Measured on generated 80,000-home stocks (order model, HiGHS 1.16 alone; release, one run
//! each): with at most 4 homes a project (11,985 columns, LP bound -109,833.8, the local
//! search's best -109,760) the neighbourhood (7,909 columns) gives -109,833 at its root in 0.9 s,
//! proven by the LP bound; HiGHS' root on the whole model took 4.8 s. With at most 3 (14,331
//! columns, LP -109,973.3, best start -109,967) it gives -109,972 in 0.6 s. On the default stock
//! the best start lies 0.6 % from the LP bound and the neighbourhood is nearly the whole model
//! (no plan in 30 s), so it is not tried there ([`MAX_LP_GAP`]).

use std::collections::BTreeSet;

use super::build::{Milp, RowKind};
use super::solve::{self, Branching, StageOptions};

/// Largest relative distance between the best start and the LP bound at which the neighbourhood
/// is tried: a work limit by the numbers, not by the clock, so the plan is the same on every run.
pub const MAX_LP_GAP: f64 = 0.001;

/// The neighbourhood of the LP solution `lp` as its own model, with per column of it the column
/// of `milp` it stands for; `None` when the LP solution has no fractions.
pub fn around(milp: &Milp, lp: &[f64]) -> Option<(Milp, Vec<usize>)> {
    let fractional = |v: f64| v > 1e-6 && v < 1.0 - 1e-6;
    let projects = milp.columns.iter().map(|c| c.project).max()? + 1;
    let mut months: Vec<Vec<usize>> = vec![Vec::new(); milp.columns.len()];
    for (r, row) in milp.rows.iter().enumerate() {
        if matches!(row.kind, RowKind::Capacity(_)) {
            for &(j, _) in &row.terms {
                months[j].push(r);
            }
        }
    }
    let mut split = vec![false; projects];
    for (j, c) in milp.columns.iter().enumerate() {
        split[c.project] |= fractional(lp[j]);
    }
    let touched: BTreeSet<usize> = milp
        .columns
        .iter()
        .enumerate()
        .filter(|&(j, c)| split[c.project] && lp[j] > 1e-6)
        .flat_map(|(j, _)| months[j].iter().copied())
        .collect();
    if touched.is_empty() {
        return None;
    }
    let mut free = split.clone();
    for (j, c) in milp.columns.iter().enumerate() {
        free[c.project] |= lp[j] > 1e-6 && months[j].iter().any(|r| touched.contains(r));
    }
    let keep: Vec<bool> = milp
        .columns
        .iter()
        .enumerate()
        .map(|(j, c)| {
            if free[c.project] {
                lp[j] > 1e-6 || months[j].iter().all(|r| touched.contains(r))
            } else {
                lp[j] > 0.5
            }
        })
        .collect();
    let (mut sub, kept) = milp.restrict(&keep);
    // restrict() leaves the one-start rows to the caller: the same rules, on the kept columns.
    let mut new_index = vec![usize::MAX; milp.columns.len()];
    for (k, &j) in kept.iter().enumerate() {
        new_index[j] = k;
    }
    for row in milp.rows.iter().filter(|r| r.kind == RowKind::OneStart) {
        let terms: Vec<(usize, f64)> = row
            .terms
            .iter()
            .filter(|&&(j, _)| keep[j])
            .map(|&(j, v)| (new_index[j], v))
            .collect();
        if !terms.is_empty() {
            sub.add_row(
                RowKind::OneStart,
                row.name.clone(),
                terms,
                row.lower,
                row.upper,
            );
        }
    }
    Some((sub, kept))
}

/// HiGHS' root node (with its RINS and RENS sub-MIPs) on the neighbourhood of `lp`: the plan it
/// finds, as a plan of `milp`, when that keeps every row of `milp` and beats `best`. Also says
/// whether the clock stopped it.
pub fn search(
    name: &str,
    milp: &Milp,
    objective: &[f64],
    lp: &[f64],
    best: f64,
    options: &StageOptions,
) -> (Option<(f64, Vec<f64>)>, bool) {
    let Some((sub, kept)) = around(milp, lp) else {
        return (None, false);
    };
    let sub_objective: Vec<f64> = kept.iter().map(|&j| objective[j]).collect();
    let sub_options = StageOptions {
        branching: Branching::RootWithSubMips,
        log_file: None,
        ..options.clone()
    };
    let Ok(r) = solve::solve_stage(name, &sub, &sub_objective, &[], &sub_options) else {
        return (None, false);
    };
    let mut values = vec![0.0; milp.columns.len()];
    for (k, &j) in kept.iter().enumerate() {
        values[j] = r.values[k];
    }
    let value: f64 = values.iter().zip(objective).map(|(x, c)| x * c).sum();
    let better = milp.satisfies(&values) && value < best - 1e-9;
    (better.then_some((value, values)), r.report.clock)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build::Column;
    use crate::scenario::Month;

    /// Three projects of one home, capacity one a month in months 1-3, and an LP solution that
    /// splits projects 0 and 1 over months 1 and 2 and starts project 2 whole in month 3.
    fn three_months() -> (Milp, Vec<f64>) {
        let mut milp = Milp::default();
        for p in 0..3 {
            for m in 1..=3 {
                milp.columns.push(Column {
                    project: p,
                    start: Month::new(2025, m),
                    name: format!("start[{p},{m}]"),
                });
                milp.homes.push(1.0);
                milp.cost_eur.push(0.0);
                milp.lateness.push(-(m as f64));
            }
        }
        for p in 0..3 {
            let terms = (0..3).map(|m| (3 * p + m, 1.0)).collect();
            milp.add_row(RowKind::OneStart, format!("one[{p}]"), terms, 1.0, 1.0);
        }
        for m in 0..3 {
            let terms = (0..3).map(|p| (3 * p + m, 1.0)).collect();
            let month = Month::new(2025, m as u32 + 1);
            milp.add_row(
                RowKind::Capacity(month),
                format!("cap[{m}]"),
                terms,
                0.0,
                1.0,
            );
        }
        let lp = vec![0.5, 0.5, 0.0, 0.5, 0.5, 0.0, 0.0, 0.0, 1.0];
        (milp, lp)
    }

    #[test]
    fn projects_whole_outside_the_fractions_keep_their_lp_start() {
        let (milp, lp) = three_months();
        let (sub, kept) = around(&milp, &lp).unwrap();
        // Projects 0 and 1 may start in months 1 and 2 (the months their fractions touch);
        // project 2 keeps month 3.
        assert_eq!(kept, vec![0, 1, 3, 4, 8]);
        let one_starts: Vec<usize> = sub
            .rows
            .iter()
            .filter(|r| r.kind == RowKind::OneStart)
            .map(|r| r.terms.len())
            .collect();
        assert_eq!(one_starts, vec![2, 2, 1]);
        assert!(sub.satisfies(&[1.0, 0.0, 0.0, 1.0, 1.0]));
        assert!(!sub.satisfies(&[1.0, 0.0, 1.0, 0.0, 1.0]), "two in month 1");
    }

    #[test]
    fn an_integral_lp_solution_has_no_neighbourhood() {
        let (milp, _) = three_months();
        let lp = vec![1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0];
        assert!(around(&milp, &lp).is_none());
    }
}
