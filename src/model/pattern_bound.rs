//! A bound on the most homes from what each month's capacity can hold: the configuration LP
//! (one variable per set of projects that fits a month together), by column generation.
//!
//! Why: on small corporations (capacity 5 to 10 homes a month) the homes stage packs projects
//! of one to thirty homes into months, and the LP relaxation lets a project fill a month in
//! part, so its bound lies 10 or more homes above the best plan; HiGHS then needs 20 to over
//! 60 s to close it. The configuration LP counts only whole projects in each month. Measured
//! on the eight homes stages that the sector benchmark (`--tijdslimiet 10`) left open, dumped
//! with `RETROFIT_DUMP_STAGES` (a Python prototype of this module on HiGHS 1.16): the LP
//! bound 299.4 against a best plan of 287 homes became 287.75, proving it (HiGHS alone: 22 to
//! 44 s); three of the eight were proven, and the other five came to within 1 to 5 homes.
//!
//! The bound is a Lagrangian one, valid after any round: each column's months are copies of
//! it, priced with multipliers from the restricted master LP's duals, so that
//! `sum over projects of the best start's value less its prices` plus `sum over months of the
//! most that month's prices can hold` bounds every plan. Capacities and loads are weighed in
//! whole units (loads rounded down, capacity rounded down after a small tolerance), which can
//! only let more projects fit, so the bound stays valid. Rows other than the capacity rows and
//! the one-start rows (the budget, the cuts) are left out: a relaxation again.
//!
//! Deterministic: a fixed number of rounds at most, and a counted amount of work (HiGHS' LP
//! iterations and the knapsacks' cells); the clock is only the safety net (a round it cuts off
//! gives no bound at all, and says so). It also stops as soon as the restricted master no
//! longer proves the plan: no bound of it can then.

use std::time::Instant;

use highs::{ColProblem, HighsModelStatus, Model, Row as HighsRow, Sense};

use super::build::{Milp, RowKind};
use super::work_limit::microseconds_for;

/// Loads and capacities are weighed in units of 1/n home, for the smallest n up to this that
/// makes every load of a row whole (a project of 27 homes over 4 months loads 6.75, n = 4);
/// otherwise in units of 1/120, rounded down.
const MAX_UNITS_PER_HOME: u32 = 120;

/// At most this many rounds of pricing (each adds at most one set of projects per month).
/// Measured on the sector's open homes stages: 10 to 60 rounds.
const MAX_ROUNDS: usize = 300;

/// The bound is not tried on models whose months hold more (project start, month) pairs than
/// this: the master LP grows with them, and on such models (large corporations, capacity of
/// tens of homes a month) the LP bound is close already.
const MAX_LINKS: usize = 60_000;

/// Nor when one round's knapsacks would fill more cells than this.
const MAX_CELLS_PER_ROUND: usize = 30_000_000;

/// What one knapsack cell (a capacity unit of a month per item filled, or per group copied)
/// costs on this project's 2-core AMD EPYC, in picoseconds: the 56 rounds of the three homes
/// stages that came this far on 9 generated stocks and scenarios (`--tijdslimiet 10`,
/// 2026-11-29) took 4.3 ns a cell at the median, the rounds over 0.2 ms 4 to 10 ns (two of
/// them 19 and 44 ns). Next to the LP iterations this is a few percent of the bound's work.
const PICOSECONDS_PER_CELL: u64 = 5000;

/// The bound found, on the stage's objective (the lowest -homes: a lower bound; none when the
/// clock cut it off), with the work it took in microseconds as src/model/work_limit.rs counts
/// them, and whether the clock cut it off.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PatternBound {
    pub bound: Option<f64>,
    pub work_us: u64,
    pub clock_cut: bool,
}

/// One capacity row: its items (column, month's load in units) and its capacity in units.
struct Resource {
    capacity: usize,
    /// (column, load in units, link row index into `links`), by group.
    items: Vec<(usize, usize, usize)>,
}

/// The configuration-LP bound on the lowest `objective` (columns of positive objective left
/// out: the homes stage's -homes) over `milp` without its budget, from the starting plan
/// `plan`. Stops as soon as `proves(bound)` holds, when no set of projects improves the
/// master, after [`MAX_ROUNDS`], or once its LP iterations and knapsack cells come to
/// `max_work_us` (the best bound so far then holds: the same on every run). `None` when the
/// model is of a kind the bound does not cover or too large; no bound, marked, when the clock
/// passes `deadline` (the safety net).
pub(super) fn pattern_bound(
    milp: &Milp,
    objective: &[f64],
    plan: &[f64],
    proves: impl Fn(f64) -> bool,
    max_work_us: Option<u64>,
    deadline: Instant,
) -> Option<PatternBound> {
    let n = milp.columns.len();
    if !milp.column_upper.is_empty() || objective.len() != n || plan.len() != n {
        return None;
    }
    let value: Vec<f64> = objective.iter().map(|c| (-c).max(0.0)).collect();
    // Groups: at most one column of each (its one-start row); a column in none is its own.
    let mut group_of: Vec<Option<usize>> = vec![None; n];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for row in milp.rows.iter().filter(|r| r.kind == RowKind::OneStart) {
        if row.upper > 1.0 + 1e-9 || row.terms.iter().any(|&(_, a)| (a - 1.0).abs() > 1e-9) {
            return None;
        }
        for &(j, _) in &row.terms {
            if group_of[j].is_some() {
                return None;
            }
            group_of[j] = Some(groups.len());
        }
        groups.push(row.terms.iter().map(|&(j, _)| j).collect());
    }
    for (j, g) in group_of.iter_mut().enumerate() {
        if g.is_none() {
            *g = Some(groups.len());
            groups.push(vec![j]);
        }
    }
    let group_of: Vec<usize> = group_of.into_iter().map(|g| g.unwrap_or(0)).collect();
    // The capacity rows, weighed in units; only columns of some value take part.
    let mut resources = Vec::new();
    let mut links: Vec<usize> = Vec::new(); // the column of each (month, column) pair
    let mut cells = 0usize;
    for row in milp
        .rows
        .iter()
        .filter(|r| matches!(r.kind, RowKind::Capacity(_)))
    {
        if !row.upper.is_finite() || row.upper < 0.0 {
            return None;
        }
        let terms: Vec<(usize, f64)> = row
            .terms
            .iter()
            .copied()
            .filter(|&(j, a)| a > 0.0 && value[j] > 0.0)
            .collect();
        let units = units_per_home(terms.iter().map(|t| t.1));
        let capacity = (row.upper * units as f64 + 1e-3).floor() as usize;
        let mut items = terms
            .iter()
            .map(|&(j, a)| {
                links.push(j);
                (
                    j,
                    (a * units as f64 + 1e-9).floor() as usize,
                    links.len() - 1,
                )
            })
            .collect::<Vec<_>>();
        // A group's items side by side, for the knapsack.
        items.sort_by_key(|&(j, _, _)| (group_of[j], j));
        cells = cells.saturating_add((capacity + 1).saturating_mul(items.len()));
        resources.push(Resource { capacity, items });
    }
    if resources.is_empty() || links.len() > MAX_LINKS || cells > MAX_CELLS_PER_ROUND {
        return None;
    }
    // Per column, its link rows.
    let mut links_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (l, &j) in links.iter().enumerate() {
        links_of[j].push(l);
    }

    // The restricted master: the lowest -value, columns x in [0, 1] at most one per group,
    // per month at most one set of projects (convexity), and each column's months covered by
    // a set that holds it (x - sum of sets <= 0).
    let mut problem = ColProblem::default();
    let group_rows: Vec<HighsRow> = groups.iter().map(|_| problem.add_row(..=1.0)).collect();
    let convexity: Vec<HighsRow> = resources.iter().map(|_| problem.add_row(..=1.0)).collect();
    let link_rows: Vec<HighsRow> = links.iter().map(|_| problem.add_row(..=0.0)).collect();
    let mut nonzeros = 0usize;
    for j in 0..n {
        if value[j] <= 0.0 {
            continue;
        }
        let mut factors = vec![(group_rows[group_of[j]], 1.0)];
        factors.extend(links_of[j].iter().map(|&l| (link_rows[l], 1.0)));
        nonzeros += factors.len();
        problem.add_column(-value[j], 0.0..=1.0, &factors);
    }
    // The starting plan's sets: the master starts from a plan of the model.
    for (r, resource) in resources.iter().enumerate() {
        let mut factors = vec![(convexity[r], 1.0)];
        factors.extend(
            resource
                .items
                .iter()
                .filter(|&&(j, _, _)| plan[j] > 0.5)
                .map(|&(_, _, l)| (link_rows[l], -1.0)),
        );
        nonzeros += factors.len();
        problem.add_column(0.0, 0.0.., &factors);
    }
    let mut model = problem.optimise(Sense::Minimise);
    model.make_quiet();
    // Primal simplex: the sets added each round leave the last basis primal feasible. On the
    // sector's 2,174-column homes stage (Python prototype, HiGHS 1.16) the LP solves took
    // 3.6 s in all against 19.7 s with HiGHS' default choice (dual).
    model.try_set_option("simplex_strategy", 4).ok()?;

    let mut best: Option<f64> = None;
    let mut work_us = 0u64;
    for _ in 0..MAX_ROUNDS {
        if Instant::now() >= deadline {
            return Some(PatternBound {
                bound: None,
                work_us,
                clock_cut: true,
            });
        }
        if max_work_us.is_some_and(|max| work_us >= max) {
            break;
        }
        let solved = model.try_solve().ok()?;
        if solved.status() != HighsModelStatus::Optimal {
            break;
        }
        let master = solved.objective_value();
        // Counted as HiGHS' branch and bound counts its work (src/model/work_limit.rs).
        let iterations = u64::try_from(solved.simplex_iteration_count()).unwrap_or(0);
        work_us += microseconds_for(iterations, nonzeros);
        let solution = solved.get_solution();
        let duals = solution.dual_rows();
        // The price of each (month, column) pair: what covering it is worth to the master.
        let price: Vec<f64> = (0..links.len())
            .map(|l| (-duals[group_rows.len() + convexity.len() + l]).max(0.0))
            .collect();
        // Lagrangian bound: each group's best column less its prices, plus each month's most.
        let mut most = 0.0;
        for group in &groups {
            let best_column = group
                .iter()
                .map(|&j| value[j] - links_of[j].iter().map(|&l| price[l]).sum::<f64>())
                .fold(0.0, f64::max);
            most += best_column;
        }
        let mut new_sets = Vec::new();
        let mut filled = 0u64;
        for (r, resource) in resources.iter().enumerate() {
            let (held, set, cells) = most_held(resource, &price, &group_of);
            filled += cells;
            most += held;
            // The set's reduced cost: 0 - (convexity dual - sum of its link duals).
            let reduced = -duals[group_rows.len() + r] - held;
            if reduced < -1e-9 && !set.is_empty() {
                new_sets.push((r, set));
            }
        }
        work_us += filled * PICOSECONDS_PER_CELL / 1_000_000;
        let bound = -most;
        if best.is_none_or(|b| bound > b) {
            best = Some(bound);
        }
        // The restricted master's value lies at or above the configuration LP's, and every
        // bound of this module at or below it: once the master no longer proves the plan,
        // no round will (helper 91: a 30,000-home stock whose 19 rounds took 22.8 s, their
        // bound thousands of homes from the plan, where HiGHS proves it in 2 s). Corporations
        // whose plan this bound proves never stop here: their master stays above the proof.
        if best.is_some_and(&proves) || new_sets.is_empty() || !proves(master + 1e-6) {
            break;
        }
        model = Model::from(solved);
        for (r, set) in new_sets {
            let mut factors = vec![(convexity[r], 1.0)];
            factors.extend(set.iter().map(|&l| (link_rows[l], -1.0)));
            nonzeros += factors.len();
            model.try_add_column(0.0, 0.0.., factors).ok()?;
        }
    }
    best.map(|bound| PatternBound {
        bound: Some(bound),
        work_us,
        clock_cut: false,
    })
}

/// The smallest n up to [`MAX_UNITS_PER_HOME`] that makes every load whole, else the largest.
fn units_per_home(loads: impl Iterator<Item = f64> + Clone) -> u32 {
    (1..=MAX_UNITS_PER_HOME)
        .find(|&n| {
            loads.clone().all(|a| {
                let x = a * n as f64;
                (x - x.round()).abs() < 1e-6
            })
        })
        .unwrap_or(MAX_UNITS_PER_HOME)
}

/// An item of a month's knapsack: its link row, load in units and price.
type Priced = (usize, usize, f64);

/// The most that `resource` can hold at `price`, at most one column of a group: a
/// multiple-choice knapsack by dynamic programming over its capacity in units. Returns the
/// value, the link rows of the set that holds it, and the cells it filled or scanned (its work).
fn most_held(resource: &Resource, price: &[f64], group_of: &[usize]) -> (f64, Vec<usize>, u64) {
    let mut cells = resource.items.len();
    // Items worth something, by group (the items come sorted by group).
    let mut by_group: Vec<(usize, Vec<Priced>)> = Vec::new();
    for &(j, load, l) in &resource.items {
        let p = price[l];
        if p <= 1e-12 {
            continue;
        }
        let g = group_of[j];
        match by_group.last_mut() {
            Some((h, items)) if *h == g => items.push((l, load, p)),
            _ => by_group.push((g, vec![(l, load, p)])),
        }
    }
    let capacity = resource.capacity;
    let mut held = vec![0.0f64; capacity + 1];
    // choice[k][c]: the item of group k taken at capacity c (u32::MAX: none).
    let mut choice: Vec<Vec<u32>> = Vec::with_capacity(by_group.len());
    for (_, items) in &by_group {
        cells += 2 * (capacity + 1)
            + items
                .iter()
                .map(|&(_, load, _)| (capacity + 1).saturating_sub(load))
                .sum::<usize>();
        let mut next = held.clone();
        let mut chosen = vec![u32::MAX; capacity + 1];
        for (i, &(_, load, p)) in items.iter().enumerate() {
            for c in load..=capacity {
                let with = held[c - load] + p;
                if with > next[c] + 1e-12 {
                    next[c] = with;
                    chosen[c] = i as u32;
                }
            }
        }
        held = next;
        choice.push(chosen);
    }
    let mut set = Vec::new();
    let mut c = capacity;
    for (k, (_, items)) in by_group.iter().enumerate().rev() {
        let i = choice[k][c];
        if i != u32::MAX {
            let (l, load, _) = items[i as usize];
            set.push(l);
            c -= load;
        }
    }
    (held[capacity], set, cells as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build::Column;
    use crate::model::local_search::XorShift;
    use crate::scenario::Month;

    /// Projects (homes, months of work, first and last allowed start) over `months` months of
    /// capacity `capacity` each; each project loads homes/duration in each of its months.
    fn model(projects: &[(u32, u32, u32, u32)], months: u32, capacity: f64) -> (Milp, Vec<f64>) {
        let mut milp = Milp::default();
        let mut objective = Vec::new();
        let mut load: Vec<Vec<(usize, f64)>> = vec![Vec::new(); months as usize];
        for (p, &(homes, duration, first, last)) in projects.iter().enumerate() {
            let mut starts = Vec::new();
            for s in first..=last.min(months - duration) {
                let j = milp.columns.len();
                milp.columns.push(Column {
                    project: p,
                    start: Month::new(2025, s + 1),
                    name: format!("start[P{p},{s}]"),
                });
                objective.push(-(homes as f64));
                for m in s..s + duration {
                    load[m as usize].push((j, homes as f64 / duration as f64));
                }
                starts.push((j, 1.0));
            }
            milp.add_row(
                RowKind::OneStart,
                format!("one[P{p}]"),
                starts,
                f64::NEG_INFINITY,
                1.0,
            );
        }
        for (m, terms) in load.into_iter().enumerate() {
            milp.add_row(
                RowKind::Capacity(Month::new(2025, m as u32 + 1)),
                format!("cap[{m}]"),
                terms,
                f64::NEG_INFINITY,
                capacity,
            );
        }
        (milp, objective)
    }

    fn far() -> Instant {
        Instant::now() + std::time::Duration::from_secs(60)
    }

    /// The most value of any plan, by trying every start (or none) of every project.
    fn brute_force(milp: &Milp, objective: &[f64]) -> f64 {
        let projects = milp
            .columns
            .iter()
            .map(|c| c.project)
            .max()
            .map_or(0, |p| p + 1);
        let columns: Vec<Vec<usize>> = (0..projects)
            .map(|p| {
                (0..milp.columns.len())
                    .filter(|&j| milp.columns[j].project == p)
                    .collect()
            })
            .collect();
        let mut best = 0.0f64;
        let mut pick = vec![0usize; projects];
        loop {
            let mut x = vec![0.0; milp.columns.len()];
            for (p, &k) in pick.iter().enumerate() {
                if k > 0 {
                    x[columns[p][k - 1]] = 1.0;
                }
            }
            if milp.satisfies(&x) {
                best = best.max(-x.iter().zip(objective).map(|(a, b)| a * b).sum::<f64>());
            }
            // Next combination.
            let mut p = 0;
            loop {
                if p == projects {
                    return best;
                }
                pick[p] += 1;
                if pick[p] <= columns[p].len() {
                    break;
                }
                pick[p] = 0;
                p += 1;
            }
        }
    }

    /// Three projects of 3 homes that may start in either of two months of capacity 5: one fits
    /// a month, so 6 homes; the LP fills both months (10, or 9 with three projects).
    #[test]
    fn whole_projects_per_month_bound_what_the_lp_fills() {
        let (milp, objective) = model(&[(3, 1, 0, 1), (3, 1, 0, 1), (3, 1, 0, 1)], 2, 5.0);
        let plan = vec![1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        assert!(milp.satisfies(&plan));
        // Asked to prove 6 homes, which only the configuration LP's own value does.
        let proves_six = |b: f64| b > -6.0 - 1e-6;
        let b = pattern_bound(&milp, &objective, &plan, proves_six, None, far()).expect("a bound");
        let bound = b.bound.expect("not cut by the clock");
        assert!((bound + 6.0).abs() < 1e-6, "bound {bound}");
        // Asked to prove 7 (a plan it cannot prove): it stops, with a bound that still holds.
        let b = pattern_bound(&milp, &objective, &plan, |b| b > -8.0, None, far())
            .and_then(|b| b.bound)
            .expect("a bound");
        assert!(b <= -6.0 + 1e-6, "bound {b}");
    }

    /// On random small models with loads in halves and thirds: the bound is never below the
    /// best plan (tried exhaustively), and stops as soon as it proves the plan it was given.
    #[test]
    fn the_bound_holds_on_random_models() {
        let mut rng = XorShift(0xB0_0E5E);
        let mut tight = 0;
        for _ in 0..40 {
            let months = 3 + rng.below(2) as u32;
            let projects: Vec<(u32, u32, u32, u32)> = (0..5 + rng.below(2))
                .map(|_| {
                    let duration = 1 + rng.below(3) as u32;
                    let first = rng.below(2) as u32;
                    (
                        1 + rng.below(8) as u32,
                        duration,
                        first,
                        first + rng.below(3) as u32,
                    )
                })
                .collect();
            let capacity = 3.0 + rng.below(5) as f64 + 0.3;
            let (milp, objective) = model(&projects, months, capacity);
            let best = brute_force(&milp, &objective);
            let empty = vec![0.0; milp.columns.len()];
            let b = pattern_bound(&milp, &objective, &empty, |_| false, None, far())
                .and_then(|b| b.bound)
                .expect("a bound");
            assert!(-b >= best - 1e-6, "bound {} below the best plan {best}", -b);
            // Asked to stop once it proves `best`, it proves it or says more (its master
            // stays above the configuration LP's value, so it stops early only where that
            // value does not prove `best` either).
            let stop = pattern_bound(&milp, &objective, &empty, |b| -b < best + 1.0, None, far())
                .and_then(|b| b.bound)
                .expect("a bound");
            assert!(-stop >= best - 1e-6);
            if -stop < best + 1.0 - 1e-6 {
                tight += 1;
            }
        }
        // Not a vacuous bound: on most of these models it proves the best plan.
        assert!(tight >= 30, "proved {tight} of 40");
    }

    /// A clock already past gives no bound and says so; models the bound does not cover
    /// (counted columns) give nothing.
    #[test]
    fn no_bound_where_it_does_not_apply() {
        let (mut milp, objective) = model(&[(3, 1, 0, 1), (2, 1, 0, 1)], 2, 5.0);
        let plan = vec![0.0; milp.columns.len()];
        let cut = pattern_bound(&milp, &objective, &plan, |_| false, None, Instant::now())
            .expect("a model the bound covers");
        assert_eq!(cut.bound, None);
        assert!(cut.clock_cut);
        let b = pattern_bound(&milp, &objective, &plan, |_| false, None, far()).expect("covered");
        assert!(b.bound.is_some() && !b.clock_cut);
        milp.column_upper = vec![2.0; milp.columns.len()];
        assert!(pattern_bound(&milp, &objective, &plan, |_| false, None, far()).is_none());
    }
}
