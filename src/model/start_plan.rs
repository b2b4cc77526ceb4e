//! A good starting plan for HiGHS: greedy, cheapest homes first, each at its earliest start
//! that still fits every row. Feasible by construction, so every stage has an incumbent.

use super::build::Milp;

/// Row activity bookkeeping shared by the greedy plan and the "what binds" check.
pub struct RowUse {
    /// For each column, the rows it appears in with its coefficient.
    pub column_rows: Vec<Vec<(usize, f64)>>,
    pub activity: Vec<f64>,
}

impl RowUse {
    pub fn new(milp: &Milp, values: &[f64]) -> RowUse {
        let mut column_rows = vec![Vec::new(); milp.columns.len()];
        let mut activity = vec![0.0; milp.rows.len()];
        for (r, row) in milp.rows.iter().enumerate() {
            for &(j, v) in &row.terms {
                column_rows[j].push((r, v));
                activity[r] += v * values.get(j).copied().unwrap_or(0.0);
            }
        }
        RowUse {
            column_rows,
            activity,
        }
    }

    /// Rows that adding column `j` would push over their upper bound.
    pub fn violated_by(&self, milp: &Milp, j: usize) -> impl Iterator<Item = usize> + '_ {
        let upper: Vec<f64> = self.column_rows[j]
            .iter()
            .map(|&(r, _)| milp.rows[r].upper)
            .collect();
        self.column_rows[j]
            .iter()
            .zip(upper)
            .filter(move |&(&(r, v), up)| self.activity[r] + v > up + tolerance(up))
            .map(|(&(r, _), _)| r)
    }

    pub fn add(&mut self, j: usize) {
        for &(r, v) in &self.column_rows[j] {
            self.activity[r] += v;
        }
    }
}

/// Slack allowed on a row bound: a cent on budgets, a hair on capacity.
pub fn tolerance(bound: f64) -> f64 {
    1e-9 * bound.abs().max(1.0) + 1e-6
}

/// The columns of each project, in the order build() made them (start ascending).
pub(super) fn project_columns(milp: &Milp) -> Vec<(usize, Vec<usize>)> {
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    for (j, c) in milp.columns.iter().enumerate() {
        match groups.last_mut() {
            Some((p, cols)) if *p == c.project => cols.push(j),
            _ => groups.push((c.project, vec![j])),
        }
    }
    groups
}

/// Plans the first of `candidates` that fits every row, if any.
pub(super) fn place_first_fitting(
    milp: &Milp,
    rows: &mut RowUse,
    values: &mut [f64],
    candidates: &[usize],
) {
    if let Some(&j) = candidates
        .iter()
        .find(|&&j| rows.violated_by(milp, j).next().is_none())
    {
        values[j] = 1.0;
        rows.add(j);
    }
}

/// `values` with every project it leaves out that still fits beside it added, the most homes
/// first, each at its first start that fits every row.
pub fn fill(milp: &Milp, values: &[f64]) -> Vec<f64> {
    let mut values = values.to_vec();
    let mut rows = RowUse::new(milp, &values);
    let mut groups: Vec<(usize, Vec<usize>)> = project_columns(milp)
        .into_iter()
        .filter(|(_, cols)| cols.iter().all(|&j| values[j] < 0.5))
        .collect();
    groups.sort_by(|a, b| {
        milp.homes[b.1[0]]
            .total_cmp(&milp.homes[a.1[0]])
            .then(a.0.cmp(&b.0))
    });
    for (_, cols) in groups {
        place_first_fitting(milp, &mut rows, &mut values, &cols);
    }
    values
}

/// Greedy plan for the most homes: projects by cost per home, cheapest first (so the most
/// homes fit a budget), each at its first allowed start that fits every row.
pub fn greedy_most_homes(milp: &Milp) -> Vec<f64> {
    greedy(milp, |cost_per_home| cost_per_home)
}

/// Greedy plan for the lowest escalated cost: the most expensive homes first, each at its
/// earliest start that fits. Escalation makes every euro cheaper in an earlier year, and the
/// early years' capacity is what is scarce, so it goes to the homes that save the most per
/// unit of capacity (the classic knapsack greedy).
pub fn greedy_cheapest(milp: &Milp) -> Vec<f64> {
    greedy(milp, |cost_per_home| -cost_per_home)
}

/// Greedy plan guided by the LP relaxation `lp`: projects the LP plans most firmly first, each
/// at the start the LP gives most of it, else the nearest start that fits.
pub fn lp_guided(milp: &Milp, lp: &[f64]) -> Vec<f64> {
    let mut values = vec![0.0; milp.columns.len()];
    let mut rows = RowUse::new(milp, &values);
    let mut groups = project_columns(milp);
    let mass = |cols: &[usize]| cols.iter().map(|&j| lp[j]).sum::<f64>();
    groups.sort_by(|a, b| {
        mass(&b.1)
            .total_cmp(&mass(&a.1))
            .then(milp.cost_eur[b.1[0]].total_cmp(&milp.cost_eur[a.1[0]]))
    });
    for (_, cols) in groups {
        if mass(&cols) < 1e-6 {
            continue;
        }
        // The LP's favourite start first, then the others by their distance from the LP's mean.
        let mean: f64 = cols.iter().map(|&j| lp[j] * j as f64).sum::<f64>() / mass(&cols);
        let mut order = cols.clone();
        order.sort_by(|&a, &b| {
            lp[b]
                .total_cmp(&lp[a])
                .then((a as f64 - mean).abs().total_cmp(&(b as f64 - mean).abs()))
        });
        place_first_fitting(milp, &mut rows, &mut values, &order);
    }
    values
}

/// Projects in the order of `key(cost per home at the earliest start)`, each at the first of its
/// columns (in start order, as build() made them) that fits every row.
fn greedy(milp: &Milp, key: impl Fn(f64) -> f64) -> Vec<f64> {
    let mut values = vec![0.0; milp.columns.len()];
    let mut rows = RowUse::new(milp, &values);
    let mut groups = project_columns(milp);
    let order = |g: &(usize, Vec<usize>)| key(milp.cost_eur[g.1[0]] / milp.homes[g.1[0]].max(1.0));
    groups.sort_by(|a, b| order(a).total_cmp(&order(b)).then(a.0.cmp(&b.0)));
    for (_, cols) in groups {
        place_first_fitting(milp, &mut rows, &mut values, &cols);
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Month;

    /// Room left beside a plan is filled, largest projects first, each at its first start that
    /// fits; a plan with no room stays as it is.
    #[test]
    fn a_project_that_fits_beside_a_plan_is_added() {
        // 3 projects of 3 homes, 2 months of capacity 5: one project a month fits.
        let milp = crate::model::build::grid_for_tests(
            3,
            2,
            Month::new(2024, 1),
            3.0,
            3.0,
            5.0,
            false,
            |_, _| 1.0,
        );
        // Project 0 in February only: January is free for another.
        let mut plan = vec![0.0; milp.columns.len()];
        plan[1] = 1.0;
        let filled = fill(&milp, &plan);
        assert!(milp.satisfies(&filled));
        assert_eq!(filled.iter().sum::<f64>(), 2.0);
        assert_eq!(filled[2], 1.0, "project 1 in January: {filled:?}");
        assert_eq!(fill(&milp, &filled), filled);
    }
}
