//! What binds: for each project the solved plan leaves out, which rules stop it at every start
//! it could have had. That is the reason a user can act on (more budget in 2025, more capacity).

use std::collections::BTreeSet;

use super::build::{Milp, RowKind};
use super::start_plan::RowUse;
use crate::projects::NotPlanned;

/// The reason per project (indexed like `projects`) for projects with columns that are not
/// planned in `values`; `None` for planned projects and projects without columns.
pub fn reasons(milp: &Milp, values: &[f64], project_count: usize) -> Vec<Option<NotPlanned>> {
    let rows = RowUse::new(milp, values);
    let mut planned = vec![false; project_count];
    let mut columns: Vec<Vec<usize>> = vec![Vec::new(); project_count];
    for (j, c) in milp.columns.iter().enumerate() {
        columns[c.project].push(j);
        if values[j] > 0.5 {
            planned[c.project] = true;
        }
    }
    (0..project_count)
        .map(|p| {
            if planned[p] || columns[p].is_empty() {
                return None;
            }
            Some(project_reason(milp, &rows, &columns[p]))
        })
        .collect()
}

fn project_reason(milp: &Milp, rows: &RowUse, columns: &[usize]) -> NotPlanned {
    let mut budget_only: BTreeSet<i32> = BTreeSet::new();
    let mut capacity_only = BTreeSet::new();
    let mut both_years: BTreeSet<i32> = BTreeSet::new();
    let mut fits_somewhere = false;
    for &j in columns {
        let mut years = BTreeSet::new();
        let mut months = BTreeSet::new();
        for r in rows.violated_by(milp, j) {
            match milp.rows[r].kind {
                RowKind::Budget(y) => {
                    years.insert(y);
                }
                RowKind::Capacity(m) => {
                    months.insert(m);
                }
                RowKind::OneStart | RowKind::Stage => {}
            }
        }
        match (years.is_empty(), months.is_empty()) {
            (true, true) => fits_somewhere = true,
            (false, true) => budget_only.extend(years),
            (true, false) => capacity_only.extend(months),
            (false, false) => {
                both_years.extend(years);
                both_years.extend(months.iter().map(|m| m.year()));
            }
        }
    }
    if fits_somewhere {
        NotPlanned::SolverLimit
    } else if !budget_only.is_empty() && capacity_only.is_empty() {
        NotPlanned::Budget {
            years: budget_only.into_iter().collect(),
        }
    } else if budget_only.is_empty() && !capacity_only.is_empty() {
        NotPlanned::Capacity {
            months: capacity_only.into_iter().take(6).collect(),
        }
    } else if !budget_only.is_empty() {
        // Either more budget (at some starts) or more capacity (at others) would do.
        let mut years: BTreeSet<i32> = budget_only;
        years.extend(capacity_only.iter().map(|m| m.year()));
        NotPlanned::BudgetOrCapacity {
            years: years.into_iter().collect(),
        }
    } else {
        NotPlanned::BudgetAndCapacity {
            years: both_years.into_iter().collect(),
        }
    }
}
