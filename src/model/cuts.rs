//! Valid inequalities: rows implied by the budget and capacity rows for every 0/1 plan, added
//! because they tighten the LP relaxation (and so the bounds that prove a plan optimal). They
//! never change which plans are allowed.

use std::collections::BTreeMap;

use super::build::{Column, Milp, Row, RowKind};
use super::start_plan::tolerance;
use crate::projects::Project;

/// Adds the cuts of every family to `milp`.
pub fn define_cuts(milp: &mut Milp, projects: &[Project]) {
    for (kind, (name, terms, upper)) in cardinality_cuts(milp) {
        milp.add_row(kind, name, terms, f64::NEG_INFINITY, upper);
    }
    define_lifted_capacity_cuts(milp, projects);
}

/// When the homes a stage holds equal the capacity of every month together (each project's
/// homes counted in capacity rows, spread over its months), every plan that holds them fills
/// every month to its capacity: the capacity rows become equalities. Valid for every plan that
/// keeps the homes stage's row; HiGHS propagates the equalities where the inequalities left it
/// searching. Measured on a generated 20,000-home stock with the default scenario (capacity 9
/// and 16 homes a month, 492 homes at most, all months full; the cost model dumped, HiGHS 1.16
/// alone from the plan's start, 10 s): EUR 7,421,812 against 7,564,334 with the inequalities,
/// the same bound. Returns whether it applied.
pub fn saturate_capacity(milp: &mut Milp, homes: f64) -> bool {
    let capacity: Vec<usize> = (0..milp.rows.len())
        .filter(|&r| matches!(milp.rows[r].kind, RowKind::Capacity(_)))
        .collect();
    let total: f64 = capacity.iter().map(|&r| milp.rows[r].upper).sum();
    if capacity.is_empty() || !total.is_finite() || (total - homes).abs() > tolerance(total) {
        return false;
    }
    let mut counted = vec![0.0; milp.columns.len()];
    for &r in &capacity {
        for &(j, v) in &milp.rows[r].terms {
            counted[j] += v;
        }
    }
    let all_counted = counted
        .iter()
        .zip(&milp.homes)
        .all(|(c, h)| (c - h).abs() <= tolerance(*h));
    if !all_counted {
        return false;
    }
    for &r in &capacity {
        milp.rows[r].lower = milp.rows[r].upper;
    }
    true
}

/// The lifted capacity cuts of `milp`'s capacity rows (see [`lifted_capacity_cut`]).
pub fn define_lifted_capacity_cuts(milp: &mut Milp, projects: &[Project]) {
    let cuts: Vec<Cut> = milp
        .rows
        .iter()
        .filter(|r| matches!(r.kind, RowKind::Capacity(_)))
        .filter_map(|r| lifted_capacity_cut(r, &milp.columns, projects))
        .collect();
    for (name, terms, upper) in cuts {
        milp.add_row(
            RowKind::LiftedCapacity,
            name,
            terms,
            f64::NEG_INFINITY,
            upper,
        );
    }
}

/// A cut as `(name, terms, upper bound)`.
type Cut = (String, Vec<(usize, f64)>, f64);

/// Largest k of the cardinality cuts per row: tight rows, where a few projects fill a month or a
/// year, are where the LP relaxation is weak (two projects of 8 homes a month "half" sharing a
/// capacity of 9); beyond a handful the cuts add rows without tightening much.
const MAX_CARDINALITY: usize = 6;

/// For each budget and capacity row `sum a_j x_j <= b` and k = 1..MAX_CARDINALITY: the columns
/// with (k+1) a_j > b cannot have k+1 of them chosen, so sum over them of x_j <= k. Valid for
/// every 0/1 plan that keeps the row; added only when more than k projects have such a column
/// (otherwise it cannot bind), and only once per distinct set.
fn cardinality_cuts(milp: &Milp) -> Vec<(RowKind, Cut)> {
    let mut cuts = Vec::new();
    for row in &milp.rows {
        if !matches!(row.kind, RowKind::Budget(_) | RowKind::Capacity(_)) || !row.upper.is_finite()
        {
            continue;
        }
        let b = row.upper + tolerance(row.upper);
        let mut previous = 0;
        for k in 1..=MAX_CARDINALITY {
            let terms: Vec<(usize, f64)> = row
                .terms
                .iter()
                .filter(|&&(_, a)| (k as f64 + 1.0) * a > b)
                .map(|&(j, _)| (j, 1.0))
                .collect();
            let mut projects: Vec<usize> = terms
                .iter()
                .map(|&(j, _)| milp.columns[j].project)
                .collect();
            projects.sort_unstable();
            projects.dedup();
            if projects.len() <= k {
                continue;
            }
            if terms.len() == previous {
                // Same set as for k - 1: that cut is tighter.
                continue;
            }
            previous = terms.len();
            let kind = if matches!(row.kind, RowKind::Budget(_)) {
                RowKind::BudgetCardinality
            } else {
                RowKind::Cardinality
            };
            cuts.push((kind, (format!("card[{},{k}]", row.name), terms, k as f64)));
        }
    }
    cuts
}

/// Largest common denominator of a month's heights (homes / duration) for which the lifted cut
/// is computed; beyond it the month gets none.
const MAX_DENOMINATOR: u64 = 720;

/// Largest capacity, in those whole units, for the table of subset sums (one bit per unit).
const MAX_UNITS: u64 = 1 << 20;

/// A capacity row `sum_p h_p x_p <= C`, with h_p = homes / duration, lifted where the month
/// holds "large" projects (2 h_p > C: at most one of them runs in the month):
///
/// `sum_p h_p x_p + sum_large w_p x_p <= C'`
///
/// In units of 1/L (L the common denominator of the heights, so every h_p is whole), a month's
/// load is a sum of distinct projects' heights. `fill(r)` is the largest sum of the other
/// (not large) projects' heights that is at most r; C' = max(fill(C), max_large h_p + fill(C - h_p))
/// is the most any plan can load the month, and w_p = C' - h_p - fill(C - h_p) is what a month
/// with large project p must leave empty. Valid: a plan with large p loads at most
/// h_p + fill(C - h_p) = C' - w_p; a plan without one at most fill(C) <= C'. This closes
/// the LP's habit of filling the room beside a large project with fractions of projects
/// that do not fit it whole (7.75 homes a month beside a capacity of 9.33 leaves 1.58,
/// which projects of one and two homes fill to 1 at most).
fn lifted_capacity_cut(row: &Row, columns: &[Column], projects: &[Project]) -> Option<Cut> {
    let mut shape: BTreeMap<usize, (u64, u64)> = BTreeMap::new();
    for &(j, _) in &row.terms {
        let c = &columns[j];
        let p = &projects[c.project];
        let this = (
            p.home_count() as u64,
            u64::from(p.duration_at(c.start)).max(1),
        );
        // A project of two paces in the month has two heights: the argument below counts one
        // height per project, so the month gets no cut.
        if shape.insert(c.project, this).is_some_and(|was| was != this) {
            return None;
        }
    }
    let denominator = shape.values().try_fold(1u64, |l, &(_, d)| {
        Some(lcm(l, d)).filter(|&l| l <= MAX_DENOMINATOR)
    })?;
    let capacity = row.upper + tolerance(row.upper);
    if !capacity.is_finite() || capacity < 0.0 {
        return None;
    }
    let units = (capacity * denominator as f64 + 1e-9).floor();
    if units > MAX_UNITS as f64 {
        return None;
    }
    let c = units as u64;
    let height: BTreeMap<usize, u64> = shape
        .iter()
        .map(|(&p, &(homes, d))| (p, homes * (denominator / d)))
        .collect();
    let large = |h: u64| 2 * h > c && h <= c;
    if !height.values().any(|&h| large(h)) {
        return None;
    }
    let sums = SubsetSums::new(height.values().copied().filter(|&h| !large(h)), c);
    let most = height
        .values()
        .filter(|&&h| large(h))
        .map(|&h| h + sums.fill(c - h))
        .fold(sums.fill(c), u64::max);
    let lift = |h: u64| {
        if large(h) {
            most - h - sums.fill(c - h)
        } else {
            0
        }
    };
    if most == c && height.values().all(|&h| lift(h) == 0) {
        return None;
    }
    let terms = row
        .terms
        .iter()
        .map(|&(j, _)| {
            let h = height[&columns[j].project];
            (j, (h + lift(h)) as f64)
        })
        .collect();
    Some((format!("lifted[{}]", row.name), terms, most as f64))
}

/// Which sums of distinct items up to a limit can be made: one bit per sum.
struct SubsetSums {
    bits: Vec<u64>,
}

impl SubsetSums {
    fn new(items: impl Iterator<Item = u64>, limit: u64) -> SubsetSums {
        let words = (limit / 64 + 1) as usize;
        let mut bits = vec![0u64; words];
        bits[0] = 1;
        for item in items.filter(|&h| h <= limit) {
            let (shift_words, shift_bits) = ((item / 64) as usize, (item % 64) as u32);
            for w in (shift_words..words).rev() {
                let from = w - shift_words;
                let mut moved = bits[from] << shift_bits;
                if shift_bits > 0 && from > 0 {
                    moved |= bits[from - 1] >> (64 - shift_bits);
                }
                bits[w] |= moved;
            }
        }
        // Sums past the limit are never asked for; clear them so fill() need not check.
        let spare = 64 * words as u64 - (limit + 1);
        if let Some(last) = bits.last_mut() {
            *last &= u64::MAX >> spare;
        }
        SubsetSums { bits }
    }

    /// The largest sum that can be made and is at most `r`.
    fn fill(&self, r: u64) -> u64 {
        let mut w = (r / 64) as usize;
        let mut word = self.bits[w] & (u64::MAX >> (63 - r % 64));
        loop {
            if word != 0 {
                return 64 * w as u64 + 63 - u64::from(word.leading_zeros());
            }
            if w == 0 {
                return 0;
            }
            w -= 1;
            word = self.bits[w];
        }
    }
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

fn lcm(a: u64, b: u64) -> u64 {
    a / gcd(a, b) * b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::local_search::XorShift;
    use crate::scenario::Month;

    fn project(homes: usize, duration: u32) -> Project {
        Project::bare(&format!("P{homes}x{duration}"), homes, duration)
    }

    /// One month's capacity row over one column per project.
    fn month(projects: &[Project], capacity: f64) -> (Row, Vec<Column>) {
        let columns = (0..projects.len())
            .map(|p| Column {
                project: p,
                start: Month::new(2025, 1),
                name: format!("start[{p}]"),
            })
            .collect();
        let row = Row {
            kind: RowKind::Capacity(Month::new(2025, 1)),
            name: "capacity[2025-01]".into(),
            terms: projects
                .iter()
                .enumerate()
                .map(|(p, project)| (p, project.homes_per_month()))
                .collect(),
            lower: f64::NEG_INFINITY,
            upper: capacity,
        };
        (row, columns)
    }

    fn load(terms: &[(usize, f64)], subset: u32) -> f64 {
        terms
            .iter()
            .filter(|&&(j, _)| subset & (1 << j) != 0)
            .map(|&(_, a)| a)
            .sum()
    }

    /// Random small models (projects of 1-4 homes over 1-2 months, columns at two starts,
    /// integer capacities) with the homes row at its largest value: after
    /// [`saturate_capacity`] exactly the same 0/1 plans are allowed, and it applies whenever
    /// the months together hold exactly those homes.
    #[test]
    fn saturated_capacity_allows_the_same_plans() {
        let mut rng = XorShift(23);
        let mut applied = 0;
        for _ in 0..300 {
            let months = 3;
            let mut milp = Milp::default();
            // Per column: its start month and duration.
            let mut spans: Vec<(i32, i32)> = Vec::new();
            for p in 0..1 + rng.below(4) {
                let homes = 1 + rng.below(4);
                let duration = 1 + rng.below(2) as i32;
                for s in 0..=(months - duration) {
                    milp.columns.push(Column {
                        project: p,
                        start: Month::new(2025, 1).plus(s),
                        name: format!("start[{p},{s}]"),
                    });
                    milp.homes.push(homes as f64);
                    milp.cost_eur.push(1.0 + rng.below(9) as f64);
                    spans.push((s, duration));
                }
            }
            for m in 0..months {
                let terms: Vec<(usize, f64)> = spans
                    .iter()
                    .enumerate()
                    .filter(|(_, &(s, d))| s <= m && m < s + d)
                    .map(|(j, &(_, d))| (j, milp.homes[j] / d as f64))
                    .collect();
                let capacity = rng.below(6) as f64;
                milp.add_row(
                    RowKind::Capacity(Month::new(2025, 1).plus(m)),
                    format!("capacity[{m}]"),
                    terms,
                    f64::NEG_INFINITY,
                    capacity,
                );
            }
            let mut one_start: BTreeMap<usize, Vec<(usize, f64)>> = BTreeMap::new();
            for (j, c) in milp.columns.iter().enumerate() {
                one_start.entry(c.project).or_default().push((j, 1.0));
            }
            for (p, terms) in one_start {
                milp.add_row(RowKind::OneStart, format!("one[{p}]"), terms, 0.0, 1.0);
            }
            let n = milp.columns.len();
            let plans: Vec<Vec<f64>> = (0..1u32 << n)
                .map(|s| (0..n).map(|j| f64::from(s >> j & 1)).collect())
                .collect();
            let homes_of = |x: &[f64]| x.iter().zip(&milp.homes).map(|(a, h)| a * h).sum::<f64>();
            let most = plans
                .iter()
                .filter(|x| milp.satisfies(x))
                .map(|x| homes_of(x))
                .fold(0.0, f64::max);
            let all: Vec<(usize, f64)> = (0..n).map(|j| (j, milp.homes[j])).collect();
            milp.add_row(
                RowKind::Stage,
                "stage".into(),
                all,
                most - 0.5,
                f64::INFINITY,
            );
            let before: Vec<bool> = plans.iter().map(|x| milp.satisfies(x)).collect();
            let total: f64 = milp
                .rows
                .iter()
                .filter(|r| matches!(r.kind, RowKind::Capacity(_)))
                .map(|r| r.upper)
                .sum();
            let did = saturate_capacity(&mut milp, most);
            assert_eq!(
                did,
                (total - most).abs() < 1e-9,
                "total {total}, homes {most}"
            );
            applied += usize::from(did);
            let after: Vec<bool> = plans.iter().map(|x| milp.satisfies(x)).collect();
            assert_eq!(before, after);
        }
        assert!(applied > 20, "applied in {applied} cases");
    }

    #[test]
    fn subset_sums_match_enumeration() {
        let mut rng = XorShift(11);
        for _ in 0..200 {
            let items: Vec<u64> = (0..rng.below(8))
                .map(|_| 1 + rng.below(150) as u64)
                .collect();
            let limit = rng.below(400) as u64;
            let sums = SubsetSums::new(items.iter().copied(), limit);
            for r in 0..=limit {
                let best = (0..1u32 << items.len())
                    .map(|s| {
                        (0..items.len())
                            .filter(|&i| s & (1 << i) != 0)
                            .map(|i| items[i])
                            .sum::<u64>()
                    })
                    .filter(|&sum| sum <= r)
                    .max()
                    .unwrap();
                assert_eq!(sums.fill(r), best, "items {items:?}, r {r}");
            }
        }
    }

    /// Every plan that keeps the capacity row keeps the lifted cut, and the best of them meets
    /// its bound exactly: the cut cuts off no plan and is as tight as a single row can be.
    #[test]
    fn the_lifted_cut_holds_for_every_plan_and_is_met() {
        let mut rng = XorShift(5);
        let mut lifted = 0;
        for case in 0..400 {
            let projects: Vec<Project> = (0..1 + rng.below(9))
                .map(|_| project(1 + rng.below(14), 1 + rng.below(4) as u32))
                .collect();
            let capacity = 2.0 + rng.below(1300) as f64 / 100.0;
            let (row, columns) = month(&projects, capacity);
            let Some((_, terms, upper)) = lifted_capacity_cut(&row, &columns, &projects) else {
                continue;
            };
            lifted += 1;
            let mut best = f64::NEG_INFINITY;
            for subset in 0..1u32 << projects.len() {
                if load(&row.terms, subset) <= capacity + 1e-9 {
                    let cut = load(&terms, subset);
                    assert!(cut <= upper + 1e-9, "case {case}: {cut} > {upper}");
                    best = best.max(cut);
                }
            }
            assert_eq!(best, upper, "case {case}: the bound is never met");
        }
        assert!(lifted > 100, "only {lifted} of 400 months lifted");
    }

    #[test]
    fn a_large_project_leaves_room_that_small_ones_cannot_fill() {
        // In quarters of a home a month, capacity 9.328 is 37: 31 homes in 4 months (31) leave
        // 6, which one- and two-home projects (4 and 8) fill to 4 at most; 9 homes in one
        // month (36) fill the month to 36. So no plan loads the month beyond 36, and one with
        // the 31-home project leaves at least 1 more empty.
        let projects = vec![
            project(31, 4),
            project(9, 1),
            project(1, 1),
            project(1, 1),
            project(2, 1),
        ];
        let (row, columns) = month(&projects, 9.328);
        let (_, terms, upper) = lifted_capacity_cut(&row, &columns, &projects).unwrap();
        assert_eq!(upper, 36.0);
        let coefficients: Vec<f64> = terms.iter().map(|&(_, a)| a).collect();
        assert_eq!(coefficients, [32.0, 36.0, 4.0, 4.0, 8.0]);
        // The LP relaxation's fill beside the large project: within the capacity row, not
        // within the cut.
        let relaxed = [1.0, 0.0, 1.0, 0.578, 0.0];
        let load_of =
            |terms: &[(usize, f64)]| -> f64 { terms.iter().map(|&(j, a)| a * relaxed[j]).sum() };
        assert!(load_of(&row.terms) <= 9.328 + 1e-9);
        assert!(load_of(&terms) > upper);
    }

    #[test]
    fn a_month_without_large_projects_gets_no_cut() {
        let projects = vec![project(4, 1), project(3, 1), project(2, 1)];
        let (row, columns) = month(&projects, 9.0);
        assert!(lifted_capacity_cut(&row, &columns, &projects).is_none());
    }
}
