//! One integer per project for HiGHS to branch on: whether the project is planned (for a
//! column that counts alike projects, how many of them; src/model/symmetry.rs).
//!
//! The model has one binary per project and start month. HiGHS branches on single columns,
//! and fixing one start of a project to 0 changes little: the project takes a neighbouring
//! month. Which projects are planned at all is what the homes and cost stages turn on (which
//! 43 of 348 homes to leave out when the capacity cannot hold the large projects together),
//! and a variable per project lets HiGHS branch on that, and read the homes row as a knapsack
//! over whole projects (its cover cuts). The variable is linked to its columns
//! (`sum of the project's starts - planned = 0`, in place of the one-start row), so the model's
//! plans are the same; only HiGHS' search changes.
//!
//! Measured with HiGHS 1.16 alone (highspy) on the stages the sector benchmark (`--tijdslimiet
//! 10`) left open, dumped with `RETROFIT_DUMP_STAGES`, each from its starting plan, on this
//! project's 2-core AMD EPYC (2026-11-29, one run each; seconds to the proof, 40 s at most for
//! cost, 30 s for homes):
//! - cost stages, without / with the variables (the homes row over them): 5.4 / 1.6, 3.9 / 1.1,
//!   28.5 / 10.3 (3,596 nodes / 275), 6.3 / 1.4, 5.9 / 6.0, 9.9 / 5.4, 8.4 / 0.3, 5.5 / 2.6,
//!   4.5 / 1.7; two stages proven by neither, one of them with a better plan (€ 5,297,247
//!   against € 5,381,596) and the other with a better bound.
//! - homes stages (with the homes stage's options, presolve off and a small cut pool), without
//!   / with: 12.1 / 3.0, over 30 / 14.4, over 30 / 8.7; two proven by neither. With the
//!   objective on the projects' variables as well, 6.5, 20.3 and 27.5: the objective stays on
//!   the columns.
//! - The whole sector benchmark (`--tijdslimiet 10`, one run each, quiet): 8 cost stages open
//!   before, 6 with the variables, the homes stages 4 open either way, the same 99,956 homes;
//!   solving 130.7 s before, 110.5 s with (155.0 s and 114.5 s summed over the cost stages, on
//!   2 threads); the whole run 184.7 s and 155.9 s. With `--tijdslimiet 20`: 3 homes and 4 cost
//!   stages open, 167.2 s (with every stage dumped). The generated
//!   stocks plan every project, so no project has a variable there (8,000 to 80,000 homes, also
//!   with at most 2 or 4 homes a project: the same plans and proofs).
//!
//! Only where a project may be left out (a one-start row with room between its bounds): in the
//! ordering stage every project is planned, and such a variable would be fixed.
//!
//! Not in the stages that count homes ([`left_out_of`]). With them, HiGHS 1.16 can hang at its
//! root: on the generated 80,000-home stock with budgets of € 6.6, 10.5 and 10.5 million and
//! capacity 90, 160 and 160 homes a month (2024-2026), the homes stage handed HiGHS its start
//! of 1,995 homes against an LP bound of 1,996.78, and HiGHS did not return (gdb, 2026-12-01:
//! `HighsDomain::ConflictPoolPropagation::propagateConflict` under
//! `HighsPrimalHeuristics::linesearchRounding` in `evaluateRootNode`; also on one thread, with
//! presolve, without RINS and RENS). The watchdog (src/model/watchdog.rs) left it after 35 s,
//! the stage unproven with 1,588 homes "plan niet bewezen". The same model without the
//! variables: 1,996 homes proven in 4.7 s (HiGHS alone, from the same start); `retrofit plan`
//! 10.5 s in all, every stage proven but the order. On the sector benchmark (`--tijdslimiet
//! 10`, one quiet run each, Intel Xeon 2-core): 8 homes stages open with the variables and 8
//! without, summed 50.7 s and 56.2 s, the whole run 280 s and 302 s (its order stages, which
//! have no such variables, 120 s and 134 s: the machine's own spread). The homes stages of the
//! stocks measured above came before the budget-free relaxation (src/model/relaxation.rs) and
//! the bound of whole projects per month (src/model/pattern_bound.rs), which now settle most
//! of them. A stage of one label's homes (`worst_label_first`) counts homes in the same way and
//! goes without them too.

use super::build::{Milp, RowKind};
use super::StageKind;

/// Whether a stage of `kind` goes to HiGHS without the projects' variables (see above).
pub fn left_out_of(kind: StageKind) -> bool {
    matches!(kind, StageKind::Homes | StageKind::LabelHomes)
}

/// A project's variable: its bounds, from its one-start row (which `RowForm::Link` names).
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectVar {
    pub lower: f64,
    pub upper: f64,
}

/// How a row of the model goes to HiGHS.
#[derive(Debug, Clone, PartialEq)]
pub enum RowForm {
    /// As in the model, over its columns.
    AsIs,
    /// A one-start row: its columns less the project's variable, equal to 0.
    Link(usize),
    /// A row whose every project has one coefficient on all its columns (the homes row):
    /// over the projects' variables, `(variable, coefficient)`, with the row's bounds.
    OnProjects(Vec<(usize, f64)>),
}

/// The projects' variables of `milp` and how each row goes to HiGHS.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectVars {
    pub vars: Vec<ProjectVar>,
    /// Per row of the model (none at all: every row as it is).
    pub rows: Vec<RowForm>,
    /// Per column: its project's variable, if it has one.
    owner: Vec<Option<usize>>,
}

impl ProjectVars {
    /// One variable per one-start row that leaves its project free to be planned or not, with
    /// a coefficient of 1 on each of its columns.
    pub fn of(milp: &Milp) -> ProjectVars {
        let mut vars = Vec::new();
        let mut rows = vec![RowForm::AsIs; milp.rows.len()];
        let mut owner: Vec<Option<usize>> = vec![None; milp.columns.len()];
        let mut columns_of: Vec<usize> = Vec::new();
        for (i, row) in milp.rows.iter().enumerate() {
            let free = row.kind == RowKind::OneStart
                && row.lower < row.upper
                && row.upper.is_finite()
                && !row.terms.is_empty()
                && row
                    .terms
                    .iter()
                    .all(|&(j, a)| a == 1.0 && owner[j].is_none());
            if !free {
                continue;
            }
            let k = vars.len();
            for &(j, _) in &row.terms {
                owner[j] = Some(k);
            }
            vars.push(ProjectVar {
                lower: row.lower.max(0.0),
                upper: row.upper,
            });
            columns_of.push(row.terms.len());
            rows[i] = RowForm::Link(k);
        }
        if vars.is_empty() {
            return ProjectVars { vars, rows, owner };
        }
        for (i, row) in milp.rows.iter().enumerate() {
            if row.kind == RowKind::OneStart || row.terms.is_empty() {
                continue;
            }
            if let Some(terms) = on_projects(row, &owner, &columns_of) {
                rows[i] = RowForm::OnProjects(terms);
            }
        }
        ProjectVars { vars, rows, owner }
    }

    /// No variables: every row goes to HiGHS as it is.
    pub fn none() -> ProjectVars {
        ProjectVars {
            vars: Vec::new(),
            rows: Vec::new(),
            owner: Vec::new(),
        }
    }

    /// The variables' values in the plan `values` (a value per column).
    pub fn values_of(&self, values: &[f64]) -> Vec<f64> {
        let mut planned = vec![0.0; self.vars.len()];
        for (j, &v) in values.iter().enumerate() {
            if let Some(k) = self.owner.get(j).copied().flatten() {
                planned[k] += v;
            }
        }
        planned
    }
}

/// `row` over the projects' variables, when each of its columns has a project variable and
/// every project in it appears with all its columns at one coefficient.
fn on_projects(
    row: &super::build::Row,
    owner: &[Option<usize>],
    columns_of: &[usize],
) -> Option<Vec<(usize, f64)>> {
    let mut seen: std::collections::BTreeMap<usize, (f64, usize)> = Default::default();
    for &(j, a) in &row.terms {
        let k = owner[j]?;
        let entry = seen.entry(k).or_insert((a, 0));
        if entry.0 != a {
            return None;
        }
        entry.1 += 1;
    }
    seen.iter()
        .all(|(&k, &(_, n))| n == columns_of[k])
        .then(|| seen.into_iter().map(|(k, (a, _))| (k, a)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build::grid_for_tests;
    use crate::scenario::Month;

    #[test]
    fn a_free_project_gets_a_variable_and_the_homes_row_is_read_over_them() {
        // 3 projects of 2 homes, 4 months each, capacity 2 a month, each at most once.
        let mut milp = grid_for_tests(3, 4, Month::new(2025, 1), 2.0, 2.0, 2.0, false, |p, k| {
            (10 * p) as f64 + f64::from(k)
        });
        let all: Vec<usize> = (0..milp.columns.len()).collect();
        milp.add_row(
            RowKind::Stage,
            "stage[woningen]".into(),
            all.iter().map(|&j| (j, milp.homes[j])).collect(),
            3.5,
            f64::INFINITY,
        );
        let pv = ProjectVars::of(&milp);
        assert_eq!(pv.vars.len(), 3);
        assert!(pv.vars.iter().all(|v| v.lower == 0.0 && v.upper == 1.0));
        let stage = milp.rows.len() - 1;
        assert_eq!(
            pv.rows[stage],
            RowForm::OnProjects(vec![(0, 2.0), (1, 2.0), (2, 2.0)])
        );
        // Capacity rows hold some columns of each project only: as they are.
        for (i, row) in milp.rows.iter().enumerate() {
            if matches!(row.kind, RowKind::Capacity(_)) {
                assert_eq!(pv.rows[i], RowForm::AsIs);
            }
        }
        let mut plan = vec![0.0; milp.columns.len()];
        plan[1] = 1.0;
        plan[4 * 2 + 3] = 1.0;
        assert_eq!(pv.values_of(&plan), vec![1.0, 0.0, 1.0]);
    }

    #[test]
    fn projects_that_must_start_get_no_variable() {
        let milp = grid_for_tests(2, 3, Month::new(2025, 1), 1.0, 1.0, 2.0, true, |_, _| 1.0);
        let pv = ProjectVars::of(&milp);
        assert!(pv.vars.is_empty());
        assert!(pv.rows.iter().all(|r| *r == RowForm::AsIs));
    }

    #[test]
    fn a_row_with_part_of_a_project_or_unequal_coefficients_stays_as_it_is() {
        let mut milp = grid_for_tests(2, 3, Month::new(2025, 1), 1.0, 1.0, 2.0, false, |_, _| 1.0);
        // Project 0's first two starts only.
        milp.add_row(
            RowKind::Stage,
            "a".into(),
            vec![(0, 1.0), (1, 1.0)],
            1.0,
            2.0,
        );
        // All of project 1's starts, at two coefficients.
        milp.add_row(
            RowKind::Stage,
            "b".into(),
            vec![(3, 1.0), (4, 2.0), (5, 1.0)],
            1.0,
            2.0,
        );
        let pv = ProjectVars::of(&milp);
        let n = milp.rows.len();
        assert_eq!(pv.rows[n - 2], RowForm::AsIs);
        assert_eq!(pv.rows[n - 1], RowForm::AsIs);
    }

    /// Every plan of a small model, by brute force: each project unplanned or at one of its
    /// starts.
    fn best_by_enumeration(milp: &Milp, objective: &[f64], projects: usize) -> f64 {
        let per = milp.columns.len() / projects;
        let mut best = f64::INFINITY;
        let mut choice = vec![0usize; projects];
        loop {
            let mut values = vec![0.0; milp.columns.len()];
            for (p, &c) in choice.iter().enumerate() {
                if c > 0 {
                    values[per * p + c - 1] = 1.0;
                }
            }
            if milp.satisfies(&values) {
                let v: f64 = values.iter().zip(objective).map(|(x, c)| x * c).sum();
                best = best.min(v);
            }
            let mut p = 0;
            loop {
                if p == projects {
                    return best;
                }
                choice[p] += 1;
                if choice[p] <= per {
                    break;
                }
                choice[p] = 0;
                p += 1;
            }
        }
    }

    #[test]
    fn highs_with_the_projects_variables_finds_the_optimum_of_every_plan() {
        use crate::model::solve::{solve_stage, StageOptions};
        use crate::model::StageKind;
        // Projects of 1 to 4 homes that load their homes in their start month, capacity 5 a
        // month, a floor of 60 % of the homes, costs that differ by project and month: which
        // projects to leave out is the question, and the homes row is read over the projects'
        // variables.
        let mut seed: u64 = 7;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for case in 0..6 {
            let projects = 6;
            let months = 3;
            let homes: Vec<f64> = (0..projects).map(|_| (1 + next(4)) as f64).collect();
            let cost: Vec<f64> = (0..projects * months)
                .map(|_| (10 + next(90)) as f64)
                .collect();
            let mut milp = grid_for_tests(
                projects,
                months as u32,
                Month::new(2025, 1),
                1.0,
                1.0,
                5.0,
                false,
                |p, k| cost[p * months + k as usize],
            );
            for (j, c) in milp.columns.clone().iter().enumerate() {
                milp.homes[j] = homes[c.project];
            }
            for row in milp.rows.iter_mut() {
                if matches!(row.kind, RowKind::Capacity(_)) {
                    for t in row.terms.iter_mut() {
                        t.1 = homes[t.0 / months];
                    }
                }
            }
            let all: f64 = homes.iter().sum();
            let floor = (all * 0.6).floor();
            let terms = (0..milp.columns.len())
                .map(|j| (j, milp.homes[j]))
                .collect();
            milp.add_row(
                RowKind::Stage,
                "stage[woningen]".into(),
                terms,
                floor - 0.5,
                f64::INFINITY,
            );
            let best = best_by_enumeration(&milp, &milp.cost_eur, projects);
            assert!(best.is_finite(), "case {case}: no plan");
            let options = StageOptions {
                mip_abs_gap: 1e-6,
                ..StageOptions::exact_for_tests(StageKind::Cost)
            };
            let r = solve_stage("kosten", &milp, &milp.cost_eur, &[], &options).unwrap();
            assert!(milp.satisfies(&r.values), "case {case}");
            assert_eq!(r.report.objective, best, "case {case}");
            assert!(ProjectVars::of(&milp)
                .rows
                .iter()
                .any(|r| matches!(r, RowForm::OnProjects(_))));
        }
    }
}
