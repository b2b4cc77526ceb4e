//! What binds: for each project the solved plan leaves out, which rules stop it at every start
//! it could have had. That is the reason a user can act on (more budget in 2025, more capacity).

use std::collections::BTreeSet;

use super::build::{Milp, RowKind};
use super::start_plan::RowUse;
use crate::projects::NotPlanned;
use crate::scenario::Month;

/// Which stages of a plan are proven: its homes (or label) stages and its cost stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proven {
    pub homes: bool,
    pub cost: bool,
}

/// The reason per project (indexed like `projects`) for projects with columns that are not
/// planned in `values`; `None` for planned projects and projects without columns. A budget or
/// capacity reason holds for this plan. It holds for every optimal plan only when the homes
/// are proven (else it is marked as not proven: a plan with more homes may hold the project)
/// and `settled(columns)` proves that every plan of those homes starting one of the project's
/// columns costs more than this one (src/model/left_out.rs), so more than the cheapest, whether
/// or not this plan's cost is proven; else it is marked as not excluded. `settled` is asked
/// only for such reasons of a plan whose homes are proven.
pub fn reasons(
    milp: &Milp,
    values: &[f64],
    project_count: usize,
    proven: Proven,
    settled: &dyn Fn(&[usize]) -> bool,
) -> Vec<Option<NotPlanned>> {
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
            let reason = project_reason(milp, &rows, &columns[p]);
            Some(match reason {
                NotPlanned::SolverLimit => reason,
                _ if !proven.homes => NotPlanned::NotProven {
                    now: Box::new(reason),
                },
                _ if !settled(&columns[p]) => NotPlanned::NotExcluded {
                    now: Box::new(reason),
                    cost_proven: proven.cost,
                },
                _ => reason,
            })
        })
        .collect()
}

fn project_reason(milp: &Milp, rows: &RowUse, columns: &[usize]) -> NotPlanned {
    let mut budget_only: BTreeSet<i32> = BTreeSet::new();
    let mut capacity_only = BTreeSet::new();
    let mut both_years: BTreeSet<i32> = BTreeSet::new();
    let mut both_months: BTreeSet<Month> = BTreeSet::new();
    let mut both_starts = BTreeSet::new();
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
                RowKind::OneStart
                | RowKind::Stage
                | RowKind::Cardinality
                | RowKind::BudgetCardinality
                | RowKind::LiftedCapacity => {}
            }
        }
        match (years.is_empty(), months.is_empty()) {
            (true, true) => fits_somewhere = true,
            (false, true) => budget_only.extend(years),
            (true, false) => capacity_only.extend(months),
            (false, false) => {
                both_starts.insert(milp.columns[j].start);
                both_years.extend(years);
                both_months.extend(months);
            }
        }
    }
    if fits_somewhere {
        return NotPlanned::SolverLimit;
    }
    let both: Vec<Month> = both_starts.into_iter().collect();
    if !budget_only.is_empty() && capacity_only.is_empty() {
        NotPlanned::Budget {
            years: budget_only.into_iter().collect(),
            both,
        }
    } else if budget_only.is_empty() && !capacity_only.is_empty() {
        NotPlanned::Capacity {
            months: capacity_only.into_iter().collect(),
            both,
        }
    } else if !budget_only.is_empty() {
        // Either more budget (at some starts) or more capacity (at others) would do.
        let mut years: BTreeSet<i32> = budget_only;
        years.extend(capacity_only.iter().map(|m| m.year()));
        NotPlanned::BudgetOrCapacity {
            years: years.into_iter().collect(),
            both,
        }
    } else {
        NotPlanned::BudgetAndCapacity {
            years: both_years.into_iter().collect(),
            months: both_months.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build::{Column, Row};
    use crate::scenario::Month;

    const PROVEN: Proven = Proven {
        homes: true,
        cost: true,
    };

    /// Two projects that each fill January's capacity; only the first is planned.
    fn full_january() -> (Milp, Vec<f64>) {
        let mut milp = Milp::default();
        for p in 0..2 {
            milp.columns.push(Column {
                project: p,
                start: Month::new(2024, 1),
                name: format!("start[P{p},2024-01]"),
            });
            milp.homes.push(4.0);
            milp.cost_eur.push(1.0);
            milp.lateness.push(0.0);
        }
        milp.rows.push(Row {
            kind: RowKind::Capacity(Month::new(2024, 1)),
            name: "capacity[2024-01]".into(),
            terms: vec![(0, 4.0), (1, 4.0)],
            lower: f64::NEG_INFINITY,
            upper: 5.0,
        });
        (milp, vec![1.0, 0.0])
    }

    #[test]
    fn a_capacity_reason_holds_when_the_homes_are_proven() {
        let (milp, values) = full_january();
        let reasons = reasons(&milp, &values, 2, PROVEN, &|_| true);
        assert_eq!(reasons[0], None);
        assert_eq!(
            reasons[1],
            Some(NotPlanned::Capacity {
                months: vec![Month::new(2024, 1)],
                both: Vec::new(),
            })
        );
    }

    #[test]
    fn without_proven_homes_the_reason_says_the_plan_is_not_proven() {
        let (milp, values) = full_january();
        let reasons = reasons(
            &milp,
            &values,
            2,
            Proven {
                homes: false,
                cost: false,
            },
            &|_| true,
        );
        let r = reasons[1].clone().expect("a reason");
        assert_eq!(
            r,
            NotPlanned::NotProven {
                now: Box::new(NotPlanned::Capacity {
                    months: vec![Month::new(2024, 1)],
                    both: Vec::new(),
                })
            }
        );
        let text = r.reason(crate::stock::Label::B);
        assert!(text.starts_with("plan niet bewezen optimaal"), "{text}");
        assert!(text.contains("capaciteit"), "{text}");
    }

    /// A proven plan whose bound does not prove that a plan with the project costs more: the
    /// capacity reason is said as what holds in this plan only.
    #[test]
    fn a_reason_not_settled_by_the_cost_bound_is_said_as_this_plans() {
        let (milp, values) = full_january();
        let reasons = reasons(&milp, &values, 2, PROVEN, &|_| false);
        let r = reasons[1].clone().expect("a reason");
        assert_eq!(r.category(), "capaciteit (in dit plan)");
        let text = r.reason(crate::stock::Label::B);
        assert!(
            text.starts_with(
                "capaciteit: past bij geen enkele startmaand; te krap in de maand waarin het zou lopen: 2024-01, in dit plan; niet uitgesloten dat een plan met dit project"
            ),
            "{text}"
        );
    }

    /// Homes proven, cost not: a reason the cost floor settles holds for every optimal plan
    /// (every plan with the project costs more than this one, so more than the cheapest);
    /// one it does not settle is said as this plan's, naming the cost as not proven.
    #[test]
    fn with_proven_homes_a_settled_reason_holds_whether_or_not_the_cost_is_proven() {
        let (milp, values) = full_january();
        let homes_only = Proven {
            homes: true,
            cost: false,
        };
        let capacity = NotPlanned::Capacity {
            months: vec![Month::new(2024, 1)],
            both: Vec::new(),
        };
        let reasons_settled = reasons(&milp, &values, 2, homes_only, &|_| true);
        assert_eq!(reasons_settled[1], Some(capacity.clone()));
        let r = reasons(&milp, &values, 2, homes_only, &|_| false)[1]
            .clone()
            .expect("a reason");
        assert_eq!(
            r,
            NotPlanned::NotExcluded {
                now: Box::new(capacity),
                cost_proven: false
            }
        );
        assert_eq!(r.category(), "capaciteit (in dit plan)");
        let text = r.reason(crate::stock::Label::B);
        assert!(
            text.contains("in dit plan") && text.contains("de kosten niet"),
            "{text}"
        );
    }

    /// A project whose 2025 start needs budget and whose 2024 start needs budget and capacity:
    /// the budget reason names 2025, and says that 2024 needs both, lest 2025 read as its only
    /// start.
    #[test]
    fn starts_blocked_by_both_are_said_beside_a_budget_reason() {
        let mut milp = Milp::default();
        for (p, start) in [
            (0, Month::new(2024, 1)),
            (1, Month::new(2024, 1)),
            (1, Month::new(2025, 1)),
        ] {
            milp.columns.push(Column {
                project: p,
                start,
                name: format!("start[P{p},{start}]"),
            });
            milp.homes.push(4.0);
            milp.cost_eur.push(1.0);
            milp.lateness.push(0.0);
        }
        let row = |kind, name: &str, terms, upper| Row {
            kind,
            name: name.into(),
            terms,
            lower: f64::NEG_INFINITY,
            upper,
        };
        milp.rows.push(row(
            RowKind::Capacity(Month::new(2024, 1)),
            "capacity[2024-01]",
            vec![(0, 4.0), (1, 4.0)],
            5.0,
        ));
        milp.rows.push(row(
            RowKind::Budget(2024),
            "budget[2024]",
            vec![(0, 1.0), (1, 1.0)],
            1.5,
        ));
        milp.rows.push(row(
            RowKind::Budget(2025),
            "budget[2025]",
            vec![(2, 1.0)],
            0.5,
        ));
        let reasons = reasons(&milp, &[1.0, 0.0, 0.0], 2, PROVEN, &|_| true);
        let r = reasons[1].clone().expect("a reason");
        assert_eq!(
            r,
            NotPlanned::Budget {
                years: vec![2025],
                both: vec![Month::new(2024, 1)]
            }
        );
        assert_eq!(
            r.reason(crate::stock::Label::B),
            "budget: past bij geen enkele startmaand: bij een start in 2024-01 past het niet binnen het budget en ook niet binnen de capaciteit, bij de andere starts niet binnen het budget van jaar 2025"
        );
    }

    /// A project that at its only start, in 2027-12, overruns the budget of 2027 and the
    /// capacity of December and January: the reason names 2027 as the budget's year and the
    /// two months as the capacity's, not 2028 as a budget year (helper 99).
    #[test]
    fn budget_and_capacity_both_short_name_the_budget_years_and_the_capacity_months() {
        let (dec, jan) = (Month::new(2027, 12), Month::new(2028, 1));
        let mut milp = Milp::default();
        for p in 0..2 {
            milp.columns.push(Column {
                project: p,
                start: dec,
                name: format!("start[P{p},{dec}]"),
            });
            milp.homes.push(4.0);
            milp.cost_eur.push(1.0);
            milp.lateness.push(0.0);
        }
        for (kind, name) in [
            (RowKind::Capacity(dec), "capacity[2027-12]"),
            (RowKind::Capacity(jan), "capacity[2028-01]"),
            (RowKind::Budget(2027), "budget[2027]"),
        ] {
            milp.rows.push(Row {
                kind,
                name: name.into(),
                terms: vec![(0, 1.0), (1, 1.0)],
                lower: f64::NEG_INFINITY,
                upper: 1.5,
            });
        }
        let r = reasons(&milp, &[1.0, 0.0], 2, PROVEN, &|_| true)[1]
            .clone()
            .expect("a reason");
        assert_eq!(
            r,
            NotPlanned::BudgetAndCapacity {
                years: vec![2027],
                months: vec![dec, jan],
            }
        );
        let text = r.reason(crate::stock::Label::B);
        assert!(
            text.ends_with("(het budget van jaar 2027; de capaciteit in de maanden waarin het zou lopen: 2027-12, 2028-01)"),
            "{text}"
        );
    }
}
