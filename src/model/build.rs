//! Building the MILP as plain data: columns (one binary per project and allowed start month),
//! rows per constraint family, and the three objectives. No I/O, no solver.

use std::collections::BTreeMap;

use crate::projects::Project;
use crate::scenario::{Month, Scenario};

/// One binary: project `project` starts in `start`.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub project: usize,
    pub start: Month,
    /// `start[P1203-2,2025-04]`
    pub name: String,
}

/// Which rule a row comes from, so a solved plan can say what binds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RowKind {
    OneStart,
    Budget(i32),
    Capacity(Month),
    /// A bound on an earlier stage's objective (lexicographic solve).
    Stage,
    /// Implied by a capacity row: at most k of the columns that each take more than a (k+1)-th
    /// of it (a cardinality cut, src/model/cuts.rs; it tightens the LP relaxation, never the
    /// plans).
    Cardinality,
    /// The same, implied by a budget row.
    BudgetCardinality,
    /// A capacity row with the room that no plan can fill taken out (src/model/cuts.rs; like
    /// the cardinality cuts, it tightens the LP relaxation, never the plans).
    LiftedCapacity,
}

/// `lower <= sum(terms) <= upper`
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub kind: RowKind,
    /// `budget[2025]`, `capacity[2025-04]`, `one_start[P1203-2]`
    pub name: String,
    pub terms: Vec<(usize, f64)>,
    pub lower: f64,
    pub upper: f64,
}

/// The scheduling MILP of one corporation, as data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Milp {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Objective 1 (maximise): homes planned, per column.
    pub homes: Vec<f64>,
    /// Objective 2 (minimise): escalated cost, per column.
    pub cost_eur: Vec<f64>,
    /// Objective 3 (minimise): -(label urgency (G 3, F 2, E 1) x months from start to deadline).
    pub lateness: Vec<f64>,
    /// Upper bound per column when columns count identical projects (src/model/symmetry.rs);
    /// empty when every column is a binary, as in every model [`build`] makes.
    pub column_upper: Vec<f64>,
}

/// A test model on a grid: `projects` projects that may each start in one of `months` months
/// from `first` (column `months * p + k` for project p in month k), each of `homes` homes that
/// load `load` in its month of a capacity of `capacity` a month, at `cost(p, k)`; each starts
/// at most once, or exactly once when `exactly_once`.
#[cfg(test)]
pub fn grid_for_tests(
    projects: usize,
    months: u32,
    first: Month,
    homes: f64,
    load: f64,
    capacity: f64,
    exactly_once: bool,
    cost: impl Fn(usize, u32) -> f64,
) -> Milp {
    let mut milp = Milp::default();
    let width = months as usize;
    for p in 0..projects {
        for k in 0..months {
            let start = first.plus(k as i32);
            milp.columns.push(Column {
                project: p,
                start,
                name: format!("start[P{p},{start}]"),
            });
            milp.homes.push(homes);
            milp.cost_eur.push(cost(p, k));
            milp.lateness.push(0.0);
        }
        let terms = (0..width).map(|k| (width * p + k, 1.0)).collect();
        let lower = if exactly_once { 1.0 } else { 0.0 };
        milp.add_row(RowKind::OneStart, format!("once[{p}]"), terms, lower, 1.0);
    }
    for k in 0..width {
        let terms = (0..projects).map(|p| (width * p + k, load)).collect();
        let month = first.plus(k as i32);
        milp.add_row(
            RowKind::Capacity(month),
            format!("cap[{month}]"),
            terms,
            0.0,
            capacity,
        );
    }
    milp
}

impl Milp {
    pub fn add_row(
        &mut self,
        kind: RowKind,
        name: String,
        terms: Vec<(usize, f64)>,
        lower: f64,
        upper: f64,
    ) {
        self.rows.push(Row {
            kind,
            name,
            terms,
            lower,
            upper,
        });
    }
}

impl Milp {
    /// The model with only the columns marked in `keep`; rows keep their kept terms, and rows
    /// left without terms are dropped, as are the one-start rows (the caller states its own).
    /// Returns the model and, per new column, its old index.
    pub fn restrict(&self, keep: &[bool]) -> (Milp, Vec<usize>) {
        let kept: Vec<usize> = (0..self.columns.len()).filter(|&j| keep[j]).collect();
        let mut new_index = vec![usize::MAX; self.columns.len()];
        for (k, &j) in kept.iter().enumerate() {
            new_index[j] = k;
        }
        let mut out = self.columns_only(&kept);
        for row in &self.rows {
            let terms: Vec<(usize, f64)> = row
                .terms
                .iter()
                .filter(|(j, _)| keep[*j])
                .map(|&(j, v)| (new_index[j], v))
                .collect();
            if !terms.is_empty() && row.kind != RowKind::OneStart {
                out.add_row(row.kind, row.name.clone(), terms, row.lower, row.upper);
            }
        }
        (out, kept)
    }

    /// The columns `kept` (old indices, in their new order) with their objectives and bounds,
    /// and no rows.
    pub fn columns_only(&self, kept: &[usize]) -> Milp {
        let pick = |v: &[f64]| kept.iter().map(|&j| v[j]).collect::<Vec<f64>>();
        Milp {
            columns: kept.iter().map(|&j| self.columns[j].clone()).collect(),
            rows: Vec::new(),
            homes: pick(&self.homes),
            cost_eur: pick(&self.cost_eur),
            lateness: pick(&self.lateness),
            column_upper: if self.column_upper.is_empty() {
                Vec::new()
            } else {
                pick(&self.column_upper)
            },
        }
    }

    /// Whether `values` (0/1 per column) keeps every row within its bounds.
    pub fn satisfies(&self, values: &[f64]) -> bool {
        values.len() == self.columns.len()
            && self.rows.iter().all(|row| {
                let activity: f64 = row.terms.iter().map(|&(j, v)| v * values[j]).sum();
                // Only finite bounds set the slack: a row without an upper bound (a stage
                // row) would otherwise get an infinite slack on its lower bound.
                let size = [row.upper, row.lower]
                    .into_iter()
                    .filter(|b| b.is_finite())
                    .fold(1.0_f64, |m, b| m.max(b.abs()));
                let slack = 1e-9 * size + 1e-6;
                activity <= row.upper + slack && activity >= row.lower - slack
            })
    }

    /// sum_s x[p,s] = 1 for every project with a column: each must start exactly once.
    pub fn require_one_start(&mut self, projects: &[Project]) {
        let mut by_project: BTreeMap<usize, Vec<(usize, f64)>> = BTreeMap::new();
        for (j, c) in self.columns.iter().enumerate() {
            by_project.entry(c.project).or_default().push((j, 1.0));
        }
        for (p, terms) in by_project {
            let name = format!("start_once[{}]", projects[p].id);
            self.add_row(RowKind::OneStart, name, terms, 1.0, 1.0);
        }
    }
}

/// Budget rows count in thousands of euros.
pub const EUR_PER_BUDGET_UNIT: f64 = 1000.0;

/// Builds the model for the projects `subset` (indices into `projects`): the variables, then one
/// function per constraint family.
pub fn build(projects: &[Project], subset: &[usize], scenario: &Scenario) -> Milp {
    let mut milp = Milp::default();
    define_start_variables(&mut milp, projects, subset, scenario);
    define_one_start_constraints(&mut milp, projects);
    // The subset is one corporation's: they share its budget and capacity.
    let corporation = subset
        .first()
        .map(|&p| projects[p].corporation.as_str())
        .unwrap_or("");
    define_budget_constraints(&mut milp, projects, corporation, scenario);
    define_capacity_constraints(&mut milp, projects, corporation, scenario);
    super::cuts::define_cuts(&mut milp, projects);
    milp
}

/// x[p,s] in {0,1} for every allowed start s of project p. The rules that only restrict when a
/// project may start (permit, seasons, pepper-potted month, deadline) are already in the allowed
/// starts, so they need no rows.
fn define_start_variables(
    milp: &mut Milp,
    projects: &[Project],
    subset: &[usize],
    scenario: &Scenario,
) {
    for &p in subset {
        let project = &projects[p];
        for &s in &project.allowed_starts {
            milp.columns.push(Column {
                project: p,
                start: s,
                name: format!("start[{},{}]", project.id, s),
            });
            milp.homes.push(project.home_count() as f64);
            milp.cost_eur.push(project.cost_at(s, scenario));
            // Negative for every start, so that planning an urgent project always beats
            // leaving it out, and an earlier start beats a later one.
            let months_left = scenario.deadline_month.since(s) + 1;
            milp.lateness
                .push(-(project.urgency as f64) * months_left as f64);
        }
    }
}

/// sum_s x[p,s] <= 1: a project starts at most once.
fn define_one_start_constraints(milp: &mut Milp, projects: &[Project]) {
    one_start_rows_by(milp, projects, |p| p);
}

/// A start at most once per project `of(c.project)` of `projects`, over its columns: the
/// columns' own projects, or several of them that are one project of `projects` (the free-pace
/// model's durations, src/model/free_pace.rs).
pub(super) fn one_start_rows_by(
    milp: &mut Milp,
    projects: &[Project],
    of: impl Fn(usize) -> usize,
) {
    let mut by_project: BTreeMap<usize, Vec<(usize, f64)>> = BTreeMap::new();
    for (j, c) in milp.columns.iter().enumerate() {
        by_project.entry(of(c.project)).or_default().push((j, 1.0));
    }
    for (p, terms) in by_project {
        // A single allowed start needs no row: the binary's own bound says it.
        if terms.len() > 1 {
            milp.add_row(
                RowKind::OneStart,
                format!("one_start[{}]", projects[p].id),
                terms,
                0.0,
                1.0,
            );
        }
    }
}

/// For each year y: sum_{p,s} x[p,s] * cost(p,s) * months(p,s,y) / duration(p) <= budget(y).
/// A project's cost is escalated to its start year and spread evenly over its months. A year
/// whose budget no combination of projects can exceed gets no row. The row is in thousands of
/// euros, so its numbers sit near the other rows' (HiGHS warns on badly scaled rows).
fn define_budget_constraints(
    milp: &mut Milp,
    projects: &[Project],
    corporation: &str,
    scenario: &Scenario,
) {
    let mut by_year: BTreeMap<i32, Vec<(usize, f64)>> = BTreeMap::new();
    for (j, c) in milp.columns.iter().enumerate() {
        for (year, cost) in projects[c.project].cost_by_year(c.start, scenario) {
            by_year
                .entry(year)
                .or_default()
                .push((j, cost / EUR_PER_BUDGET_UNIT));
        }
    }
    for (year, terms) in by_year {
        let budget = scenario.budget_free(corporation, year) / EUR_PER_BUDGET_UNIT;
        if max_per_project(&milp.columns, &terms) <= budget {
            continue;
        }
        milp.add_row(
            RowKind::Budget(year),
            format!("budget[{year}]"),
            terms,
            f64::NEG_INFINITY,
            budget,
        );
    }
}

/// For each month m: sum of homes/duration of the projects running in m <= capacity(m).
fn define_capacity_constraints(
    milp: &mut Milp,
    projects: &[Project],
    corporation: &str,
    scenario: &Scenario,
) {
    let mut by_month: BTreeMap<Month, Vec<(usize, f64)>> = BTreeMap::new();
    for (j, c) in milp.columns.iter().enumerate() {
        let p = &projects[c.project];
        for k in 0..p.duration_at(c.start) as i32 {
            by_month
                .entry(c.start.plus(k))
                .or_default()
                .push((j, p.homes_per_month_at(c.start)));
        }
    }
    for (month, terms) in by_month {
        let capacity = scenario.capacity_free(corporation, month);
        if max_per_project(&milp.columns, &terms) <= capacity + 1e-9 {
            continue;
        }
        milp.add_row(
            RowKind::Capacity(month),
            format!("capacity[{month}]"),
            terms,
            f64::NEG_INFINITY,
            capacity,
        );
    }
}

/// The largest value the row can take: each project contributes at most its largest term,
/// because it starts at most once.
fn max_per_project(columns: &[Column], terms: &[(usize, f64)]) -> f64 {
    let mut best: BTreeMap<usize, f64> = BTreeMap::new();
    for &(j, v) in terms {
        let e = best.entry(columns[j].project).or_insert(0.0);
        *e = e.max(v);
    }
    best.values().sum()
}
