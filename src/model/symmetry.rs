//! Alike projects counted, not named. In a model where every project starts exactly once (the
//! order stage), two projects whose columns are alike (the same starts, the same objective at
//! each, the same coefficient in every row) can swap their starts without changing any row or
//! the objective. HiGHS does not know that and explores every permutation of them. The model
//! that counts how many projects of each class of alike projects start in each month has the
//! same plans (up to which alike project is which), the same objective values and the same LP
//! bound, with one whole-number column per class and start instead of one binary per project
//! and start.
//!
//! A row in which a project has the same coefficient at every start (a budget year its cost
//! stays within, wherever in the year it starts) holds a constant for that project, whatever
//! plan: the constant moves to the row's bounds, so projects of different cost can be alike.
//!
//! The generated 80,000-home stock's order model drops from 6,981 columns to 2,155. On 82 order
//! stages of the sector benchmark that the root had left open (an earlier run, dumped; HiGHS
//! 1.16 alone, root only, without a starting plan) the counted models were proven at the root
//! in 52 cases against 33, in 83 s against 111 s summed; their best plan was better in 22 cases
//! and worse in 4 (README, "Measured").

use std::collections::{BTreeMap, HashMap};

use super::build::{Column, Milp, RowKind};
use super::solve::{solve_stage, SolveError, StageOptions, StageResult};
use crate::scenario::Month;

/// The counting model of a model with alike projects, and the way back to a plan per project.
pub(super) struct Aggregated {
    /// One column per class and start, bounded by the class's size.
    pub milp: Milp,
    /// The objective per column of [`Aggregated::milp`].
    pub objective: Vec<f64>,
    /// Per class: per member project (ascending), its columns in the original model, in start
    /// order.
    members: Vec<Vec<Vec<usize>>>,
    /// Per class: its column in the counting model for each start, in start order.
    class_columns: Vec<Vec<usize>>,
    /// Columns of the original model.
    original_columns: usize,
    /// Every project starts exactly once (else at most once).
    exactly: bool,
}

/// Identical bit patterns only: alike means equal, not close.
type Coefficients = Vec<u64>;

fn bits(values: impl Iterator<Item = f64>) -> Coefficients {
    values.map(f64::to_bits).collect()
}

/// The counting model of `milp`, when every project in it starts exactly once, or every
/// project at most once, and at least two are alike; `None` otherwise (the model is then solved
/// as it is).
pub(super) fn aggregate(milp: &Milp, objective: &[f64]) -> Option<Aggregated> {
    if !milp.column_upper.is_empty() {
        return None;
    }
    // Each project's columns in start order.
    let mut by_project: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (j, c) in milp.columns.iter().enumerate() {
        by_project.entry(c.project).or_default().push(j);
    }
    for columns in by_project.values_mut() {
        columns.sort_by_key(|&j| milp.columns[j].start);
    }
    // Every project has its own row: sum of its columns = 1 (exactly once) or <= 1 (at most
    // once; a project with one start needs no row for that).
    let mut own_row = vec![false; milp.rows.len()];
    let mut once: BTreeMap<usize, bool> = BTreeMap::new();
    for (r, row) in milp.rows.iter().enumerate() {
        let exactly = row.lower == 1.0;
        if row.kind != RowKind::OneStart || row.upper != 1.0 || !(exactly || row.lower <= 0.0) {
            continue;
        }
        let Some(&(first, _)) = row.terms.first() else {
            continue;
        };
        let project = milp.columns[first].project;
        let mut columns: Vec<usize> = row.terms.iter().map(|&(j, _)| j).collect();
        columns.sort_by_key(|&j| milp.columns[j].start);
        if row.terms.iter().all(|&(_, v)| v == 1.0) && by_project.get(&project) == Some(&columns) {
            own_row[r] = true;
            once.insert(project, exactly);
        }
    }
    let exactly = once.len() == by_project.len() && once.values().all(|&e| e);
    let at_most = by_project
        .iter()
        .all(|(p, columns)| once.get(p).map_or(columns.len() == 1, |&e| !e));
    if !exactly && !at_most {
        return None;
    }
    // Position of each column within its project's starts.
    let mut position = vec![0usize; milp.columns.len()];
    for columns in by_project.values() {
        for (t, &j) in columns.iter().enumerate() {
            position[j] = t;
        }
    }
    // Per project, per row it appears in: its coefficient at each of its starts.
    let mut per_project: BTreeMap<usize, BTreeMap<usize, Vec<f64>>> = BTreeMap::new();
    for (r, row) in milp.rows.iter().enumerate() {
        if own_row[r] {
            continue;
        }
        for &(j, v) in &row.terms {
            let project = milp.columns[j].project;
            let n = by_project[&project].len();
            per_project
                .entry(project)
                .or_default()
                .entry(r)
                .or_insert_with(|| vec![0.0; n])[position[j]] += v;
        }
    }
    // A row with the same coefficient at every start holds a constant for a project that
    // starts exactly once (one that may stay out adds it only when planned).
    let mut constant = vec![0.0; milp.rows.len()];
    let mut varying: BTreeMap<usize, Vec<(usize, Vec<f64>)>> = BTreeMap::new();
    for (&project, rows) in &per_project {
        for (&r, coefficients) in rows {
            if exactly
                && coefficients
                    .iter()
                    .all(|v| v.to_bits() == coefficients[0].to_bits())
            {
                constant[r] += coefficients[0];
            } else {
                varying
                    .entry(project)
                    .or_default()
                    .push((r, coefficients.clone()));
            }
        }
    }
    // Classes of alike projects, numbered in the order of their first project.
    type Key = (Vec<Month>, Coefficients, Vec<(usize, Coefficients)>);
    let mut class_of_key: HashMap<Key, usize> = HashMap::new();
    let mut members: Vec<Vec<Vec<usize>>> = Vec::new();
    for (&project, columns) in &by_project {
        let key: Key = (
            columns.iter().map(|&j| milp.columns[j].start).collect(),
            bits(columns.iter().map(|&j| objective[j])),
            varying
                .get(&project)
                .map(|rows| {
                    rows.iter()
                        .map(|(r, c)| (*r, bits(c.iter().copied())))
                        .collect()
                })
                .unwrap_or_default(),
        );
        let next = members.len();
        let class = *class_of_key.entry(key).or_insert(next);
        if class == next {
            members.push(Vec::new());
        }
        members[class].push(columns.clone());
    }
    if members.len() == by_project.len() {
        return None;
    }
    // The counting model: per class and start one column, bounded by the class's size.
    let mut out = Milp::default();
    let mut objective_out = Vec::new();
    let mut class_columns = Vec::with_capacity(members.len());
    let mut aggregated_of = vec![usize::MAX; milp.columns.len()];
    // The class's first project stands for all of them in the rows.
    let mut stands_for_class = vec![false; milp.columns.len()];
    for class in &members {
        let size = class.len() as f64;
        let mut columns = Vec::with_capacity(class[0].len());
        for (t, &j) in class[0].iter().enumerate() {
            let original = &milp.columns[j];
            let k = out.columns.len();
            out.columns.push(Column {
                project: original.project,
                start: original.start,
                name: if class.len() == 1 {
                    original.name.clone()
                } else {
                    format!("alike{}_{}", class.len(), original.name)
                },
            });
            out.column_upper.push(size);
            objective_out.push(objective[j]);
            for member in class {
                aggregated_of[member[t]] = k;
            }
            stands_for_class[j] = true;
            columns.push(k);
        }
        class_columns.push(columns);
    }
    let varies: std::collections::HashSet<(usize, usize)> = varying
        .iter()
        .flat_map(|(&project, rows)| rows.iter().map(move |(r, _)| (project, *r)))
        .collect();
    for (r, row) in milp.rows.iter().enumerate() {
        if own_row[r] {
            continue;
        }
        let terms: Vec<(usize, f64)> = row
            .terms
            .iter()
            .filter(|&&(j, _)| {
                stands_for_class[j] && varies.contains(&(milp.columns[j].project, r))
            })
            .map(|&(j, v)| (aggregated_of[j], v))
            .collect();
        let lower = row.lower - constant[r];
        let upper = row.upper - constant[r];
        // Bounds shifted by sums of constants: a hair of rounding may not turn a row that
        // holds into one that does not.
        let size = [row.lower, row.upper]
            .into_iter()
            .filter(|b| b.is_finite())
            .fold(1.0_f64, |m, b| m.max(b.abs()));
        let slack = 1e-9 * size + 1e-6;
        if terms.is_empty() {
            if lower > slack || upper < -slack {
                return None;
            }
            continue;
        }
        // A lower bound at or below zero is not stated to HiGHS (src/model/solve.rs), which is
        // right only for a row without negative coefficients.
        if lower.is_finite() && lower <= 0.0 && terms.iter().any(|&(_, v)| v < 0.0) {
            return None;
        }
        out.add_row(
            row.kind,
            row.name.clone(),
            terms,
            if lower.is_finite() {
                lower - slack
            } else {
                lower
            },
            if upper.is_finite() {
                upper + slack
            } else {
                upper
            },
        );
    }
    for (class, columns) in class_columns.iter().enumerate() {
        let size = members[class].len() as f64;
        let first = &milp.columns[members[class][0][0]];
        out.add_row(
            RowKind::OneStart,
            format!("start_count[{}]", first.name),
            columns.iter().map(|&k| (k, 1.0)).collect(),
            if exactly { size } else { 0.0 },
            size,
        );
    }
    Some(Aggregated {
        milp: out,
        objective: objective_out,
        members,
        class_columns,
        original_columns: milp.columns.len(),
        exactly,
    })
}

/// HiGHS on the model with alike projects counted (this module) where it has them, else on
/// the model itself. The plan handed back is one per project either way.
pub(super) fn solve_counting_alike(
    name: &str,
    milp: &Milp,
    objective: &[f64],
    plan: &[f64],
    options: &StageOptions,
) -> Result<StageResult, SolveError> {
    let Some(alike) = aggregate(milp, objective) else {
        return solve_stage(name, milp, objective, plan, options);
    };
    let mut r = solve_stage(
        name,
        &alike.milp,
        &alike.objective,
        &alike.counts(plan),
        options,
    )?;
    let back = alike.plan(&r.values, plan);
    match back.filter(|v| milp.satisfies(v)) {
        Some(values) => {
            r.values = values;
            Ok(r)
        }
        // Not seen: the counts always make a plan that keeps every row. Should they not, the
        // model itself is solved instead.
        None => solve_stage(name, milp, objective, plan, options),
    }
}

/// The columns HiGHS gets for `milp`: those of its counting model where it has one.
pub(super) fn counted_columns(milp: &Milp, objective: &[f64]) -> usize {
    aggregate(milp, objective).map_or(milp.columns.len(), |a| a.milp.columns.len())
}

impl Aggregated {
    /// The counts of a plan per project: how many of each class start in each month.
    pub fn counts(&self, plan: &[f64]) -> Vec<f64> {
        if plan.len() != self.original_columns {
            return Vec::new();
        }
        let mut counts = vec![0.0; self.milp.columns.len()];
        for (class, columns) in self.class_columns.iter().enumerate() {
            for member in &self.members[class] {
                for (t, &j) in member.iter().enumerate() {
                    counts[columns[t]] += plan[j].round();
                }
            }
        }
        counts
    }

    /// A plan per project with these counts: each alike project keeps its start in `like`
    /// (the starting plan) where the counts allow, and the others take the remaining starts,
    /// first projects first (where projects start at most once, those left over stay out).
    /// `None` when the counts do not add up to the classes.
    pub fn plan(&self, counts: &[f64], like: &[f64]) -> Option<Vec<f64>> {
        if counts.len() != self.milp.columns.len() {
            return None;
        }
        let mut plan = vec![0.0; self.original_columns];
        for (class, columns) in self.class_columns.iter().enumerate() {
            let mut left: Vec<i64> = columns.iter().map(|&k| counts[k].round() as i64).collect();
            let planned = left.iter().sum::<i64>();
            let size = self.members[class].len() as i64;
            if left.iter().any(|&n| n < 0) || planned > size || (self.exactly && planned < size) {
                return None;
            }
            let mut placed = vec![false; self.members[class].len()];
            for (m, member) in self.members[class].iter().enumerate() {
                let kept = member
                    .iter()
                    .position(|&j| like.get(j).is_some_and(|&v| v > 0.5));
                if let Some(t) = kept.filter(|&t| left[t] > 0) {
                    left[t] -= 1;
                    plan[member[t]] = 1.0;
                    placed[m] = true;
                }
            }
            let mut t = 0;
            for (m, member) in self.members[class].iter().enumerate() {
                if placed[m] {
                    continue;
                }
                while t < left.len() && left[t] == 0 {
                    t += 1;
                }
                // Fewer counted than alike projects (at most once): the rest stay out.
                let Some(n) = left.get_mut(t) else {
                    break;
                };
                *n -= 1;
                plan[member[t]] = 1.0;
            }
        }
        Some(plan)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(m: u32) -> Month {
        Month::new(2025, m)
    }

    /// Three projects with starts in two months: 0 and 1 alike (one home each, urgency 3), 2
    /// different (two homes); a capacity of 2 homes a month and one budget row in which each
    /// has its own constant cost.
    fn model() -> (Milp, Vec<f64>) {
        let mut milp = Milp::default();
        let mut objective = Vec::new();
        for (p, homes, urgency) in [(0, 1.0, 3.0), (1, 1.0, 3.0), (2, 2.0, 1.0)] {
            for m in [1, 2] {
                milp.columns.push(Column {
                    project: p,
                    start: month(m),
                    name: format!("start[P{p},2025-0{m}]"),
                });
                objective.push(-urgency * homes * f64::from(3 - m));
            }
        }
        for (p, j) in [(0, 0), (1, 2), (2, 4)] {
            milp.add_row(
                RowKind::OneStart,
                format!("start_once[P{p}]"),
                vec![(j, 1.0), (j + 1, 1.0)],
                1.0,
                1.0,
            );
        }
        for m in 0..2 {
            milp.add_row(
                RowKind::Capacity(month(m as u32 + 1)),
                format!("capacity[{m}]"),
                vec![(m, 1.0), (2 + m, 1.0), (4 + m, 2.0)],
                f64::NEG_INFINITY,
                2.0,
            );
        }
        milp.add_row(
            RowKind::Budget(2025),
            "budget[2025]".into(),
            (0..6).map(|j| (j, [10.0, 11.0, 20.0][j / 2])).collect(),
            f64::NEG_INFINITY,
            41.0,
        );
        (milp, objective)
    }

    #[test]
    fn alike_projects_become_one_count_and_constants_leave_the_rows() {
        let (milp, objective) = model();
        let a = aggregate(&milp, &objective).expect("0 and 1 are alike");
        assert_eq!(a.milp.columns.len(), 4, "two classes of two starts");
        assert_eq!(a.milp.column_upper, vec![2.0, 2.0, 1.0, 1.0]);
        assert_eq!(a.objective, vec![-6.0, -3.0, -4.0, -2.0]);
        assert!(
            a.milp.rows.iter().all(|r| r.kind != RowKind::Budget(2025)),
            "every cost is the same at each start: the budget row is a constant that holds"
        );
        // The plans of both models: project 2 in one month and the two alike ones in the
        // other, never both alike in the month of project 2.
        let plan = vec![1.0, 0.0, 1.0, 0.0, 0.0, 1.0];
        assert!(milp.satisfies(&plan));
        let counts = a.counts(&plan);
        assert_eq!(counts, vec![2.0, 0.0, 0.0, 1.0]);
        assert!(a.milp.satisfies(&counts));
        assert!(
            !a.milp.satisfies(&[1.0, 1.0, 0.0, 1.0]),
            "capacity of month 2"
        );
        let back = a.plan(&counts, &plan).expect("counts add up");
        assert_eq!(back, plan);
        assert_eq!(dot(&back, &objective), dot(&counts, &a.objective));
    }

    #[test]
    fn alike_projects_keep_their_starting_months_where_the_counts_allow() {
        let (milp, objective) = model();
        let a = aggregate(&milp, &objective).expect("alike");
        // Project 1 started in month 2 and project 0 in month 1; one of each month.
        let like = vec![1.0, 0.0, 0.0, 1.0, 1.0, 0.0];
        let back = a.plan(&[1.0, 1.0, 1.0, 0.0], &like).expect("adds up");
        assert_eq!(back, like);
        // Counts that do not add up to the class are refused.
        assert!(a.plan(&[1.0, 0.0, 1.0, 0.0], &like).is_none());
    }

    #[test]
    fn a_budget_that_varies_with_the_start_keeps_projects_apart() {
        let (mut milp, objective) = model();
        let budget = milp
            .rows
            .iter_mut()
            .find(|r| r.kind == RowKind::Budget(2025))
            .expect("budget row");
        // Project 1 costs more when it starts in month 2 (another escalation year).
        budget.terms[3].1 = 12.0;
        assert!(
            aggregate(&milp, &objective).is_none(),
            "no two projects alike"
        );
    }

    #[test]
    fn a_project_that_may_stay_out_is_never_counted() {
        let (mut milp, objective) = model();
        milp.rows[0].lower = 0.0;
        assert!(aggregate(&milp, &objective).is_none());
    }

    /// Random order models with many alike projects (sizes 1-3 homes, durations 1-2 months,
    /// urgency 1-3, starts in an allowed window of 4 months), a capacity per month and a budget
    /// per half year that some projects leave when they start late. HiGHS proves the optimum of
    /// the model and of its counting model; they must be equal, and the plan made from the
    /// counts must keep every row of the model and have that optimum.
    #[test]
    fn the_counting_model_has_the_same_optimum() {
        use super::super::local_search::XorShift;
        use super::super::solve::{solve_stage, StageOptions};
        use super::super::StageKind;
        let mut rng = XorShift(0xA11C_E5EE_D5EE_D123);
        let mut counted = 0;
        for _ in 0..100 {
            let months = 8;
            let mut milp = Milp::default();
            let mut objective = Vec::new();
            let kinds: Vec<(f64, usize, f64, usize)> = (0..3)
                .map(|_| {
                    (
                        1.0 + rng.below(3) as f64,
                        1 + rng.below(2),
                        1.0 + rng.below(3) as f64,
                        rng.below(3),
                    )
                })
                .collect();
            let projects = 6 + rng.below(6);
            let mut capacity: Vec<Vec<(usize, f64)>> = vec![Vec::new(); months];
            let mut budget: Vec<Vec<(usize, f64)>> = vec![Vec::new(); 2];
            for p in 0..projects {
                let (homes, duration, urgency, first) = kinds[rng.below(kinds.len())];
                let cost = 10.0 + rng.below(3) as f64;
                let mut own = Vec::new();
                for start in first..(first + 4).min(months + 1 - duration) {
                    let j = milp.columns.len();
                    milp.columns.push(Column {
                        project: p,
                        start: Month::new(2025, start as u32 + 1),
                        name: format!("start[P{p},{start}]"),
                    });
                    objective.push(-urgency * homes * (months - start) as f64);
                    for m in start..start + duration {
                        capacity[m].push((j, homes / duration as f64));
                        budget[m / 4].push((j, cost / duration as f64));
                    }
                    own.push((j, 1.0));
                }
                milp.add_row(RowKind::OneStart, format!("once[P{p}]"), own, 1.0, 1.0);
            }
            for (m, terms) in capacity.into_iter().enumerate() {
                let limit = 2.5 + rng.below(3) as f64;
                let month = Month::new(2025, m as u32 + 1);
                milp.add_row(
                    RowKind::Capacity(month),
                    format!("cap[{m}]"),
                    terms,
                    f64::NEG_INFINITY,
                    limit,
                );
            }
            for (half, terms) in budget.into_iter().enumerate() {
                let limit = 40.0 + rng.below(40) as f64;
                milp.add_row(
                    RowKind::Budget(half as i32),
                    format!("budget[{half}]"),
                    terms,
                    f64::NEG_INFINITY,
                    limit,
                );
            }
            let options = StageOptions::exact_for_tests(StageKind::Order);
            let Ok(whole) = solve_stage("test", &milp, &objective, &[], &options) else {
                // No plan keeps every row: nothing to compare.
                continue;
            };
            let Some(a) = aggregate(&milp, &objective) else {
                continue;
            };
            counted += 1;
            let counts = solve_stage("test", &a.milp, &a.objective, &[], &options)
                .expect("the counting model has the plans of the model");
            assert_eq!(whole.report.objective, counts.report.objective);
            assert_eq!(whole.report.status, counts.report.status);
            let plan = a
                .plan(&counts.values, &whole.values)
                .expect("counts add up");
            assert!(milp.satisfies(&plan));
            assert_eq!(dot(&plan, &objective), whole.report.objective);
            // The model's own optimum, as counts, is kept as it is.
            assert_eq!(
                a.plan(&a.counts(&whole.values), &whole.values),
                Some(whole.values)
            );
        }
        assert!(
            counted >= 30,
            "only {counted} models had alike projects and a plan"
        );
    }

    fn dot(a: &[f64], b: &[f64]) -> f64 {
        a.iter().zip(b).map(|(x, y)| x * y).sum()
    }
}
