//! Whether a project the plan leaves out is kept out of every optimal plan, or only out of this
//! one. A plan whose cost is proven to its gap (0.1 % by default) need not be the cheapest to the
//! euro: another plan of the same homes, as cheap or cheaper, may hold a project this one leaves
//! out for lack of budget or capacity. Found by an independent recomputation (a helper's
//! trial on a generated 5,000-home stock, `max_project_homes = 2`): of 19 projects left out
//! with reason "capaciteit" by a plan proven within 0.02 %, 4 fitted in plans of the same homes
//! costing less than it.
//!
//! The proof that a project is kept out of every plan at least as cheap as this one comes from
//! one LP: with its optimum `z` and reduced costs `d`, every plan `x` of the model costs at
//! least `z + sum of d_j x_j over the columns with d_j > 0` (LP duality: the columns with
//! `d_j < 0` sit at their upper bound in the LP and can only fall). A plan that starts the
//! project in one of its columns costs at least `z + the smallest positive d_j` among them; when
//! that is more than this plan costs, no plan as cheap as this one, and so no optimal plan, holds
//! the project. Where that bound is too weak, the LP with the project required
//! ([`forced_excludes`]) may prove it: its optimum lies above this plan's cost, or it has none.
//! On a 394-home stock of helper 75 (its scenario `n1`), 24 homes' reasons "budget (in dit
//! plan)" became "budget" so, and a MIP of each of those projects with as many homes at no more
//! cost, solved apart from this code (highspy on the `--lp-bestand` model), was infeasible.
//! Where the LP has a plan with the project in fractions, the whole-number model with the
//! project required may have none at all ([`forced_infeasible`]): on helper 80's stock with a
//! capacity of 3 to 5 homes a month, 7 of 12 projects left out "capaciteit (in dit plan)" were
//! so (its own MIP recomputation: "with it at most 142 or 143 homes", against the optimum's 144).

use highs::{ColProblem, HighsModelStatus, Sense};

use super::build::{Milp, RowKind};

/// The LP relaxation's optimum of a model and its reduced costs: a floor under the cost of any
/// plan that starts a given column.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct CostFloor {
    value: f64,
    reduced: Vec<f64>,
}

impl CostFloor {
    /// The LP relaxation of `milp` at `objective` (every row, every column between 0 and its
    /// upper bound); `None` when HiGHS does not solve it to optimality.
    pub(super) fn of(milp: &Milp, objective: &[f64]) -> Option<CostFloor> {
        let solved = relaxation(milp, objective, &[])?.try_solve().ok()?;
        if solved.status() != HighsModelStatus::Optimal {
            return None;
        }
        let solution = solved.get_solution();
        Some(CostFloor {
            value: solved.objective_value(),
            reduced: solution.dual_columns().to_vec(),
        })
    }

    /// The least a plan that starts one of `columns` can cost.
    pub(super) fn least_with(&self, columns: &[usize]) -> f64 {
        let extra = columns
            .iter()
            .map(|&j| self.reduced.get(j).copied().unwrap_or(0.0).max(0.0))
            .fold(f64::INFINITY, f64::min);
        self.value + if extra.is_finite() { extra } else { 0.0 }
    }

    /// Whether every plan that starts one of `columns` costs more than `plan_cost`: by a euro
    /// and a relative 1e-7 (HiGHS' tolerances), so that rounding never proves it.
    pub(super) fn excludes(&self, columns: &[usize], plan_cost: f64) -> bool {
        self.least_with(columns) > plan_cost + 1.0 + 1e-7 * plan_cost.abs()
    }
}

/// `milp` with each stage row's bound rounded to the whole number its whole-number terms allow:
/// the homes stage holds "homes >= H - 0.5", which every plan of whole projects meets only with
/// H homes, but which the LP meets with half a home less, and so cheaper. For the proofs here
/// the LP is held to H itself (helper 81's stock d: a project whose LP with it required costs
/// EUR 2,090,141 at H homes, above the plan's EUR 2,083,679, cost EUR 2,080,683 at H - 0.5 and
/// stayed "(in dit plan)").
pub(super) fn whole_stage_rows(milp: &Milp) -> Milp {
    let mut out = milp.clone();
    for row in out
        .rows
        .iter_mut()
        .filter(|r| r.kind == RowKind::Stage && r.terms.iter().all(|&(_, a)| a.fract() == 0.0))
    {
        if row.lower.is_finite() {
            row.lower = (row.lower - 1e-9).ceil();
        }
        if row.upper.is_finite() {
            row.upper = (row.upper + 1e-9).floor();
        }
    }
    out
}

/// At most this many LPs with a project required ([`forced_excludes`]) per plan.
pub(super) const FORCED_LP_MAX: usize = 64;
/// Their count is also at most this divided by the model's columns: 9 on the generated
/// 80,000-home stock (20,482 columns), 64 on its 8,000-home one (2,074).
pub(super) const FORCED_LP_COLUMNS: usize = 200_000;

/// At most this many MIPs with a project required ([`forced_infeasible`]) per plan.
pub(super) const FORCED_MIP_MAX: usize = 32;
/// Their count is also at most this divided by the model's columns: 1 on the generated
/// 80,000-home stock (20,482 columns), 19 on its 8,000-home one (2,074), 32 on helper 80's
/// tight-capacity stock (1,231).
pub(super) const FORCED_MIP_COLUMNS: usize = 40_000;
/// Branch-and-bound nodes each may take: none in a large model. A project that no plan of these
/// homes can hold is found out by HiGHS' presolve and root (on that stock 7 of 7, 0.01 to 0.1 s
/// each); beyond them the search rarely ends in time: with 50 nodes, the 28 such MIPs of the
/// sector benchmark found none infeasible and 27 of them ran into the clock below (53 s in all,
/// the benchmark 28 s longer). Without nodes a MIP there takes about 0.1 s (three dumped cost
/// stages).
const FORCED_MIP_NODES: i32 = 0;
/// In a model of at most this many columns (a corporation of a few hundred homes) each may
/// branch, up to [`FORCED_MIP_SMALL_NODES`] nodes and the work below: there the
/// search ends (helper 100: on 257 homes, 7 of 10 reasons kept "in dit plan" where every plan
/// with the project had fewer homes or cost more).
/// Each ends on its nodes or on LP iterations worth [`FORCED_MIP_SMALL_WORK_S`] on this
/// machine (src/model/work_limit.rs), not on the clock (its safety net is
/// [`FORCED_MIP_TIME_S`]), so that a reason reads the same on every run (helper 104: with a
/// clock of 0.25 s, one run in six on a busy machine kept "in dit plan" where the others had
/// settled it).
const FORCED_MIP_BRANCH_COLUMNS: usize = 2_500;
const FORCED_MIP_SMALL_WORK_S: f64 = 0.25;
const FORCED_MIP_SMALL_NODES: i32 = 1_000;
/// The safety net on the clock for each (the node limit ends them first on this machine).
pub(super) const FORCED_MIP_TIME_S: f64 = 2.0;

/// Whether no plan of `milp` (its rows: the homes of the homes stage among them) starts one of
/// `columns` and costs `plan_cost` or less, proven by HiGHS' branch and bound on the
/// whole-number model with that start required, a row holding its cost at `plan_cost`, and no
/// objective: infeasible. Where the LP with the project required has a solution in fractions,
/// the whole-number model may have none: the project's homes leave no way to reach the homes of
/// the optimum in whole projects, or only at a higher cost. `false` where HiGHS finds a plan or
/// stops at its node limit or at `time_limit_s` (at most [`FORCED_MIP_TIME_S`]).
pub(super) fn forced_infeasible(
    milp: &Milp,
    columns: &[usize],
    plan_cost: f64,
    time_limit_s: f64,
) -> bool {
    if columns.is_empty() {
        return false;
    }
    let zero = vec![0.0; milp.columns.len()];
    let Some(mut model) = forced_model(milp, &zero, columns, Some(plan_cost)) else {
        return false;
    };
    let nodes = if milp.columns.len() <= FORCED_MIP_BRANCH_COLUMNS {
        FORCED_MIP_SMALL_NODES
    } else {
        FORCED_MIP_NODES
    };
    let settings = [
        model.try_set_option("mip_max_nodes", nodes),
        model.try_set_option("time_limit", time_limit_s.clamp(0.01, FORCED_MIP_TIME_S)),
    ];
    if settings.iter().any(|s| s.is_err()) {
        return false;
    }
    // Kept until HiGHS has returned: the callback reads it during the solve.
    let _interrupt = if milp.columns.len() <= FORCED_MIP_BRANCH_COLUMNS {
        let nonzeros = super::solve::nonzeros(milp);
        let iterations =
            (FORCED_MIP_SMALL_WORK_S / super::work_limit::seconds_per_iteration(nonzeros)) as u64;
        let account = super::work_limit::WorkAccount::with_limit_us(u64::MAX);
        let work = super::work_limit::WorkLimit::all(&account);
        match super::work_limit::install(model.as_mut_ptr(), iterations, &work) {
            Ok(interrupt) => Some(interrupt),
            Err(_) => return false,
        }
    } else {
        None
    };
    model
        .try_solve()
        .is_ok_and(|solved| solved.status() == HighsModelStatus::Infeasible)
}

/// The LP relaxation of `milp` at `objective`, with a row that starts at least one of `forced`
/// where it is not empty; `None` when the objective does not fit the model.
fn relaxation(milp: &Milp, objective: &[f64], forced: &[usize]) -> Option<highs::Model> {
    forced_model(milp, objective, forced, None)
}

/// [`relaxation`], or with a cost `ceiling` the whole-number model itself, its cost held at
/// most that.
fn forced_model(
    milp: &Milp,
    objective: &[f64],
    forced: &[usize],
    ceiling: Option<f64>,
) -> Option<highs::Model> {
    let integer = ceiling.is_some();
    if objective.len() != milp.columns.len() {
        return None;
    }
    let mut problem = ColProblem::default();
    let rows: Vec<_> = milp
        .rows
        .iter()
        .map(|r| problem.add_row(r.lower..=r.upper))
        .collect();
    let forced_row = (!forced.is_empty()).then(|| problem.add_row(1.0..));
    let cost_row = ceiling.map(|c| problem.add_row(..=c));
    let mut factors: Vec<Vec<(highs::Row, f64)>> = vec![Vec::new(); milp.columns.len()];
    for (r, row) in milp.rows.iter().enumerate() {
        for &(j, a) in &row.terms {
            factors[j].push((rows[r], a));
        }
    }
    if let Some(row) = forced_row {
        for &j in forced {
            factors.get_mut(j)?.push((row, 1.0));
        }
    }
    if let Some(row) = cost_row {
        for (j, &c) in milp.cost_eur.iter().enumerate() {
            if c != 0.0 {
                factors.get_mut(j)?.push((row, c));
            }
        }
    }
    for (j, f) in factors.iter().enumerate() {
        let upper = milp.column_upper.get(j).copied().unwrap_or(1.0);
        problem.add_column_with_integrality(objective[j], 0.0..=upper, f, integer);
    }
    let mut model = problem.try_optimise(Sense::Minimise).ok()?;
    model.make_quiet();
    Some(model)
}

/// Whether no plan of `milp` that starts one of `columns` costs `plan_cost` or less, proven by
/// the LP relaxation with that start required: infeasible (no plan of these homes holds the
/// project at all) or dearer by a euro and a relative 1e-7. Stronger than
/// [`CostFloor::excludes`], whose bound is this LP's dual bound from the unforced optimum, at
/// the price of an LP per project. `false` where HiGHS settles neither.
pub(super) fn forced_excludes(
    milp: &Milp,
    objective: &[f64],
    columns: &[usize],
    plan_cost: f64,
) -> bool {
    if columns.is_empty() {
        return false;
    }
    let Some(solved) = relaxation(milp, objective, columns).and_then(|m| m.try_solve().ok()) else {
        return false;
    };
    match solved.status() {
        HighsModelStatus::Infeasible => true,
        HighsModelStatus::Optimal => {
            solved.objective_value() > plan_cost + 1.0 + 1e-7 * plan_cost.abs()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build::RowKind;
    use crate::scenario::Month;

    /// Projects of (homes, cost) in one month of capacity 8, each starting there or not, with a
    /// stage row of at least 8 homes (held at 7.5, as the homes stage writes it).
    fn one_month_of_eight(projects: &[(f64, f64)]) -> Milp {
        let mut milp = crate::model::build::grid_for_tests(
            projects.len(),
            1,
            Month::new(2025, 1),
            4.0,
            4.0,
            8.0,
            false,
            |_, _| 100.0,
        );
        for (j, &(homes, cost)) in projects.iter().enumerate() {
            milp.homes[j] = homes;
            milp.cost_eur[j] = cost;
            for row in milp.rows.iter_mut().filter(|r| r.kind != RowKind::OneStart) {
                for term in row.terms.iter_mut().filter(|t| t.0 == j) {
                    term.1 = homes;
                }
            }
        }
        let stage = projects.iter().enumerate().map(|(j, p)| (j, p.0)).collect();
        milp.add_row(
            RowKind::Stage,
            "stage[woningen]".into(),
            stage,
            7.5,
            f64::INFINITY,
        );
        milp
    }

    /// Projects of 6, 4 and 4 homes in one month of capacity 8, at least 8 homes, each costing
    /// 100: only the two of 4 reach 8 homes in whole projects. The LP with the first required
    /// takes half of another (150, below the plan's 200), so only the whole-number model
    /// shows that no plan of 8 homes holds it.
    #[test]
    fn a_project_no_plan_of_these_homes_holds_in_whole_projects_is_excluded() {
        let milp = one_month_of_eight(&[(6.0, 100.0), (4.0, 100.0), (4.0, 100.0)]);
        let cost = milp.cost_eur.clone();
        assert!(!forced_excludes(&milp, &cost, &[0], 200.0));
        assert!(forced_infeasible(&milp, &[0], 200.0, FORCED_MIP_TIME_S));
        assert!(!forced_infeasible(&milp, &[1], 200.0, FORCED_MIP_TIME_S));
        assert!(!forced_infeasible(&milp, &[], 200.0, FORCED_MIP_TIME_S));
    }

    /// Projects of 6 homes (€ 60), 2 homes (€ 200) and twice 4 homes (€ 100) in one month of
    /// capacity 8, at least 8 homes: the plan takes the two of 4 (€ 200). With the first
    /// required, the LP takes half of one of 4 (€ 110), and whole projects reach 8 homes only
    /// with the one of 2 (€ 260): only the whole-number model with the plan's cost as ceiling
    /// shows that no plan of 8 homes with it costs € 200 or less (helper 100).
    #[test]
    fn a_project_only_dearer_whole_plans_hold_is_excluded() {
        let milp = one_month_of_eight(&[(6.0, 60.0), (2.0, 200.0), (4.0, 100.0), (4.0, 100.0)]);
        let cost = milp.cost_eur.clone();
        assert!(!forced_excludes(&milp, &cost, &[0], 200.0));
        assert!(forced_infeasible(&milp, &[0], 200.0, FORCED_MIP_TIME_S));
        // At a plan cost of 260 a plan with it is as cheap: not excluded.
        assert!(!forced_infeasible(&milp, &[0], 260.0, FORCED_MIP_TIME_S));
    }

    /// A stage row of whole homes is held to the whole number its half-unit bound stands for;
    /// a row with a fraction among its terms, and rows of other kinds, are left as they are.
    #[test]
    fn stage_rows_of_whole_homes_are_held_to_whole_numbers() {
        let mut milp = three_in_one_month();
        milp.rows.last_mut().expect("the stage row").lower = 7.5;
        milp.add_row(
            RowKind::Stage,
            "stage[stabiliteit]".into(),
            vec![(0, 1.0), (1, 1.0)],
            f64::NEG_INFINITY,
            1.5,
        );
        milp.add_row(
            RowKind::Stage,
            "stage[fractions]".into(),
            vec![(0, 0.5)],
            0.25,
            f64::INFINITY,
        );
        let whole = whole_stage_rows(&milp);
        let n = whole.rows.len();
        assert_eq!(
            (whole.rows[n - 3].lower, whole.rows[n - 3].upper),
            (8.0, f64::INFINITY)
        );
        assert_eq!(whole.rows[n - 2].upper, 1.0);
        assert_eq!(whole.rows[n - 1].lower, 0.25);
        for (a, b) in whole
            .rows
            .iter()
            .zip(&milp.rows)
            .filter(|(r, _)| r.kind != RowKind::Stage)
        {
            assert_eq!((a.lower, a.upper), (b.lower, b.upper));
        }
        // Planning at least 8 homes of 4 each takes two projects: the LP's floor is the two
        // cheapest (210), where "at least 7.5" let it take 100 + 0.875 of 110 (196.25).
        let mut half = three_in_one_month();
        half.rows.last_mut().expect("the stage row").lower = 7.5;
        let cost = half.cost_eur.clone();
        let loose = CostFloor::of(&half, &cost).expect("an LP optimum");
        assert!((loose.value - 196.25).abs() < 1e-6, "{loose:?}");
        let floor = CostFloor::of(&whole_stage_rows(&half), &cost).expect("an LP optimum");
        assert!((floor.value - 210.0).abs() < 1e-6, "{floor:?}");
    }

    /// Three projects of 4 homes in one month of capacity 12, at least 6 homes: costs 100, 110
    /// and 500.
    fn three_in_one_month() -> Milp {
        let mut milp = crate::model::build::grid_for_tests(
            3,
            1,
            Month::new(2025, 1),
            4.0,
            4.0,
            12.0,
            false,
            |p, _| [100.0, 110.0, 500.0][p],
        );
        milp.add_row(
            RowKind::Stage,
            "stage[woningen]".into(),
            (0..3).map(|j| (j, 4.0)).collect(),
            6.0,
            f64::INFINITY,
        );
        milp
    }

    /// Three projects of 4 homes in one month of capacity 12, at least 6 homes: costs 100, 110
    /// and 500. The LP takes the first and half the second (155); the cheapest plan is the first
    /// two (210). Any plan with the third costs at least 155 + 390: excluded; the second is not.
    #[test]
    fn a_project_only_a_dearer_plan_holds_is_excluded() {
        let milp = three_in_one_month();
        let cost = milp.cost_eur.clone();
        let floor = CostFloor::of(&milp, &cost).expect("an LP optimum");
        assert!((floor.value - 155.0).abs() < 1e-6, "{floor:?}");
        assert!((floor.least_with(&[2]) - 545.0).abs() < 1e-6, "{floor:?}");
        assert!(floor.excludes(&[2], 210.0));
        assert!(!floor.excludes(&[1], 210.0));
        // Against a plan that costs more than a plan with the project could: not excluded.
        assert!(!floor.excludes(&[2], 600.0));
    }

    /// The LP with the project required: the third project costs at least 500 + 50 (half the
    /// first for the sixth home), more than the plan's 210: excluded; the second (110 + 50)
    /// not; a project that cannot start at all (its column fixed at 0): excluded.
    #[test]
    fn a_project_the_lp_with_it_required_prices_above_the_plan_is_excluded() {
        let mut milp = three_in_one_month();
        let cost = milp.cost_eur.clone();
        assert!(forced_excludes(&milp, &cost, &[2], 210.0));
        assert!(!forced_excludes(&milp, &cost, &[1], 210.0));
        assert!(!forced_excludes(&milp, &cost, &[2], 560.0));
        assert!(!forced_excludes(&milp, &cost, &[], 210.0));
        milp.column_upper = vec![1.0, 1.0, 0.0];
        assert!(forced_excludes(&milp, &cost, &[2], 1e9));
    }
}
