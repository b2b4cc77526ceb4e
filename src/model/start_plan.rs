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

/// Greedy plan: projects by cost per home (cheapest first, so the most homes fit), each at the
/// first allowed start (columns are in start order) that fits every row.
pub fn greedy(milp: &Milp) -> Vec<f64> {
    let mut values = vec![0.0; milp.columns.len()];
    let mut rows = RowUse::new(milp, &values);
    // Columns grouped per project, in the order build() made them (start ascending).
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    for (j, c) in milp.columns.iter().enumerate() {
        match groups.last_mut() {
            Some((p, cols)) if *p == c.project => cols.push(j),
            _ => groups.push((c.project, vec![j])),
        }
    }
    groups.sort_by(|a, b| {
        let per_home =
            |g: &(usize, Vec<usize>)| milp.cost_eur[g.1[0]] / milp.homes[g.1[0]].max(1.0);
        per_home(a).total_cmp(&per_home(b)).then(a.0.cmp(&b.0))
    });
    for (_, cols) in groups {
        if let Some(&j) = cols
            .iter()
            .find(|&&j| rows.violated_by(milp, j).next().is_none())
        {
            values[j] = 1.0;
            rows.add(j);
        }
    }
    values
}
