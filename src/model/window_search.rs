//! Window search for the ordering stage: the projects that start within a few consecutive
//! months are taken out of the plan and put back by HiGHS in the best order those months allow,
//! everything else held where it is; the window then slides on by a month.
//!
//! The ordering stage's local search moves and exchanges one or two projects at a time, and
//! HiGHS' root from its plan rarely finds a better one on large stocks. Where capacity binds in
//! every month, a better order exchanges several projects of different sizes between months at
//! once (a month that takes a 6-home and a 2-home project instead of a 4-home and two 2-home
//! ones), which such a window, solved exactly, finds. Measured on the order stage of the
//! generated 80,000-home stock (`retrofit bench --woningen 80000`, dumped with
//! `RETROFIT_DUMP_STAGES`, a Python prototype on HiGHS 1.16): from retrofit's plan at
//! -110,569 urgency-months, windows of 2 months reached -110,651, of 3 months -110,754 (136
//! windows, each solved in 0.01 to 0.3 s), of 4 months -110,762 in twice the time; the optimum,
//! proven by HiGHS alone in one of several 60 to 120 s runs, is -110,783.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::hash::{Hash, Hasher};
use std::time::Instant;

use super::build::{Column, Milp, Row, RowKind};
use super::solve::{Branching, StageOptions};
use super::symmetry;
use super::work_limit::WorkLimit;
use super::SolveStatus;
use crate::scenario::Month;

/// Consecutive months a window frees (see the module's measurements).
pub const WINDOW_MONTHS: usize = 3;

/// Sweeps over all windows at most; a sweep that improves nothing ends the search earlier. On
/// the generated 80,000-home stock (release, this project's 2-core AMD EPYC) the first sweep
/// (28 windows) took the order from -110,569 to -110,738 urgency-months, the second (23
/// windows; the others unchanged since they last improved nothing) to -110,751, a third
/// nothing more.
pub const MAX_SWEEPS: usize = 2;

/// HiGHS' nodes per window: the windows of the 80,000-home stock close within their root or a
/// few nodes; the cap keeps a larger window (a corporation with many projects a month) from
/// taking the stage's whole work.
pub const WINDOW_NODES: i32 = 200;

/// What the window search found.
#[derive(Debug, Clone)]
pub struct Windows {
    /// The plan, one value per column of the model.
    pub values: Vec<f64>,
    /// The clock (the stage's time limit, the safety net) ended the search before its work.
    pub clock_cut: bool,
}

/// Improves `plan` (feasible for `milp`) on `objective` (minimised), window by window, with at
/// most `work` of HiGHS' work (the same on every run) and no later than `deadline`.
pub fn improve(
    milp: &Milp,
    objective: &[f64],
    plan: &[f64],
    options: &StageOptions,
    work: Option<WorkLimit>,
    deadline: Instant,
) -> Windows {
    let months: Vec<Month> = milp
        .columns
        .iter()
        .map(|c| c.start)
        .collect::<BTreeSet<Month>>()
        .into_iter()
        .collect();
    let mut values = plan.to_vec();
    let budget_us = work.as_ref().map(|w| w.microseconds());
    let mut spent_us = 0u64;
    let mut clock_cut = false;
    let mut settled: HashSet<u64> = HashSet::new();
    'sweeps: for _ in 0..MAX_SWEEPS {
        let mut improved = false;
        for window in months.windows(WINDOW_MONTHS.min(months.len())) {
            let now = Instant::now();
            if now >= deadline {
                clock_cut = true;
                break 'sweeps;
            }
            // Called off: HiGHS beside it proved the stage or improved on the start, so this
            // plan is not used.
            if work.as_ref().is_some_and(|w| w.called_off()) {
                break 'sweeps;
            }
            let remaining_us = budget_us.map(|b| b.saturating_sub(spent_us));
            if remaining_us == Some(0) {
                break 'sweeps;
            }
            let Some(sub) = window_model(milp, objective, &values, window) else {
                continue;
            };
            // A window whose model is the same as when it last improved nothing is passed
            // over: its plan is already the best it holds.
            let print = sub.fingerprint();
            if settled.contains(&print) {
                continue;
            }
            let sub_work = work.as_ref().zip(remaining_us).map(|(w, r)| WorkLimit {
                at_most_us: r,
                ..w.clone()
            });
            let before_us = work.as_ref().map(|w| w.account.remaining_us());
            let sub_options = StageOptions {
                time_limit_s: (deadline - now).as_secs_f64().max(0.01),
                mip_rel_gap: 0.0,
                verbose: false,
                relaxed: false,
                log_file: None,
                branching: Branching::Nodes(WINDOW_NODES),
                gap_base: 0.0,
                work: sub_work,
                ..options.clone()
            };
            let answer = symmetry::solve_counting_alike(
                "volgorde (venster)",
                &sub.milp,
                &sub.objective,
                &sub.start,
                &sub_options,
            );
            if let (Some(w), Some(before)) = (&work, before_us) {
                spent_us += before.saturating_sub(w.account.remaining_us());
            }
            let Ok(answer) = answer else { continue };
            clock_cut |= answer.report.clock_cut;
            let better = answer.report.objective < dot(&sub.start, &sub.objective) - 0.5;
            if !better && answer.report.status == SolveStatus::Optimal {
                settled.insert(print);
            }
            if better {
                let mut next = values.clone();
                for (k, &j) in sub.columns.iter().enumerate() {
                    next[j] = answer.values[k];
                }
                // The window's rows hold the rest of the plan as it is, so its plan keeps every
                // row of the whole model; checked all the same before it is taken.
                if milp.satisfies(&next) && dot(&next, objective) < dot(&values, objective) {
                    values = next;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
    Windows { values, clock_cut }
}

/// The model of one window: the columns in `window` of the projects the plan starts there,
/// each such project starting there again; every other column held at its value in `plan`,
/// so the rows keep what they have left.
struct WindowModel {
    milp: Milp,
    objective: Vec<f64>,
    start: Vec<f64>,
    /// Per column of the window, its column in the whole model.
    columns: Vec<usize>,
}

impl WindowModel {
    /// The window's model in one number: its columns, starting plan and row bounds. (A
    /// collision would only pass over a window that might have improved the plan.)
    fn fingerprint(&self) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.columns.hash(&mut h);
        for v in &self.start {
            v.to_bits().hash(&mut h);
        }
        for row in &self.milp.rows {
            row.lower.to_bits().hash(&mut h);
            row.upper.to_bits().hash(&mut h);
        }
        h.finish()
    }
}

fn window_model(
    milp: &Milp,
    objective: &[f64],
    plan: &[f64],
    window: &[Month],
) -> Option<WindowModel> {
    let inside = |c: &Column| window.contains(&c.start);
    // How many times each project the plan starts in the window does so (once, unless a
    // column counts alike projects).
    let mut starts: BTreeMap<usize, f64> = BTreeMap::new();
    for (j, c) in milp.columns.iter().enumerate() {
        if plan[j] > 0.5 && inside(c) {
            *starts.entry(c.project).or_default() += plan[j].round();
        }
    }
    if starts.len() < 2 {
        return None;
    }
    let columns: Vec<usize> = (0..milp.columns.len())
        .filter(|&j| inside(&milp.columns[j]) && starts.contains_key(&milp.columns[j].project))
        .collect();
    let mut index = vec![usize::MAX; milp.columns.len()];
    for (k, &j) in columns.iter().enumerate() {
        index[j] = k;
    }
    let pick = |v: &[f64]| columns.iter().map(|&j| v[j]).collect::<Vec<f64>>();
    let mut sub = milp.columns_only(&columns);
    for row in &milp.rows {
        // The cuts tighten the LP relaxation only; the window's own model needs none.
        if matches!(
            row.kind,
            RowKind::OneStart
                | RowKind::Cardinality
                | RowKind::BudgetCardinality
                | RowKind::LiftedCapacity
        ) {
            continue;
        }
        let mut terms = Vec::new();
        let mut held = 0.0;
        for &(j, v) in &row.terms {
            if index[j] == usize::MAX {
                held += v * plan[j];
            } else {
                terms.push((index[j], v));
            }
        }
        if !terms.is_empty() {
            sub.rows.push(Row {
                kind: row.kind,
                name: row.name.clone(),
                terms,
                lower: row.lower - held,
                upper: row.upper - held,
            });
        }
    }
    let mut by_project: BTreeMap<usize, Vec<(usize, f64)>> = BTreeMap::new();
    for (k, c) in sub.columns.iter().enumerate() {
        by_project.entry(c.project).or_default().push((k, 1.0));
    }
    for (p, terms) in by_project {
        let n = starts[&p];
        sub.add_row(RowKind::OneStart, format!("window_once[{p}]"), terms, n, n);
    }
    Some(WindowModel {
        objective: pick(objective),
        start: pick(plan),
        milp: sub,
        columns,
    })
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build::grid_for_tests;
    use crate::model::StageKind;

    /// Three months of capacity 6; projects of 4, 2, 2 and 6 homes (one month each). The plan
    /// starts the 4-home and a 2-home project in month 1, the urgent 6-home one in month 2 and
    /// the other 2-home one in month 3: no move of one project or exchange of two fits, but the
    /// window of all three months puts the 6-home project first.
    #[test]
    fn a_window_exchanges_several_projects_at_once() {
        let first = Month::new(2025, 1);
        let mut milp = grid_for_tests(4, 3, first, 1.0, 1.0, 6.0, true, |_, _| 0.0);
        let sizes = [4.0, 2.0, 2.0, 6.0];
        for row in milp.rows.iter_mut() {
            if matches!(row.kind, RowKind::Capacity(_)) {
                for t in row.terms.iter_mut() {
                    t.1 = sizes[t.0 / 3];
                }
            }
        }
        // The 6-home project weighs most for each month earlier.
        let weight = [1.0, 1.0, 1.0, 5.0];
        let objective: Vec<f64> = (0..12).map(|j| weight[j / 3] * (j % 3) as f64).collect();
        let mut plan = vec![0.0; 12];
        for j in [0, 3, 8, 10] {
            plan[j] = 1.0;
        }
        assert!(milp.satisfies(&plan));
        assert_eq!(dot(&plan, &objective), 7.0);
        let options = StageOptions::exact_for_tests(StageKind::Order);
        let far = Instant::now() + std::time::Duration::from_secs(20);
        let w = improve(&milp, &objective, &plan, &options, None, far);
        assert!(milp.satisfies(&w.values));
        // Best: the 6-home project in month 1 (0), two others in month 2 (1 + 1), the last in
        // month 3 (2).
        assert_eq!(dot(&w.values, &objective), 4.0);
        // The gain over the plan it started from.
        assert_eq!(dot(&plan, &objective) - dot(&w.values, &objective), 3.0);
        assert!(!w.clock_cut);
    }

    /// Rows over columns outside the window keep what the rest of the plan uses: a window
    /// never overfills a month that the held projects share with it.
    #[test]
    fn a_window_keeps_the_room_held_projects_use() {
        let first = Month::new(2025, 1);
        let milp = grid_for_tests(3, 4, first, 1.0, 1.0, 1.0, true, |_, _| 0.0);
        // Project 0 held in month 4 (outside the first window), projects 1 and 2 in months 2
        // and 3; lateness: earlier is better for all.
        let objective: Vec<f64> = (0..12).map(|j| (j % 4) as f64).collect();
        let mut plan = vec![0.0; 12];
        plan[3] = 1.0;
        plan[4 + 1] = 1.0;
        plan[8 + 2] = 1.0;
        let options = StageOptions::exact_for_tests(StageKind::Order);
        let far = Instant::now() + std::time::Duration::from_secs(20);
        let w = improve(&milp, &objective, &plan, &options, None, far);
        assert!(milp.satisfies(&w.values));
        // One project a month: the best is months 1, 2, 3 for three projects (0 + 1 + 2).
        assert_eq!(dot(&w.values, &objective), 3.0);
    }
}
