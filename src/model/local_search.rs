//! Improving a feasible plan by moving projects, so that HiGHS gets an incumbent close enough to
//! the LP bound to be proven at once (or the LP bound alone proves it).
//!
//! Two kinds of moves, both exact in their bookkeeping of every budget and capacity row:
//! - relocate: one project to a better start that fits as things are;
//! - ruin and recreate: one project to another start of no higher objective regardless, the
//!   projects in the rows it overfills taken out, and those put back one by one at their best
//!   start that fits. A round is kept when every project is back and the plan is no worse.
//!
//! A third, for the cost stage when some projects are left out:
//! - exchange: one planned project out and one left out in (at its cheapest start that fits, or
//!   with the projects in the rows it overfills taken out and put back where they fit), then
//!   left-out projects added cheapest per home until every row with a lower bound (the homes,
//!   or the G/F/E homes, an earlier stage settled) holds again. Without it the cost stage could
//!   only move the projects the homes stage happened to choose: on a generated stock of 28
//!   corporations one cost stage started 8.6 % above the optimum HiGHS found.
//!
//! [`Mode`] says which projects may change: in the cost and later stages every planned project
//! stays planned unless exchanged, so the homes count never drops; in the homes stage a round
//! may leave a project out if it plans more (or as many) homes. The rounds are counted, not
//! timed, with a fixed random seed, and so is the work they may take ([`Limits`]): the same plan
//! on every run and every machine. The clock is only the safety net, and a search it cuts short
//! says so ([`Improved::clock_cut`]).

use std::time::Instant;

use super::build::{Milp, RowKind};
use super::start_plan::tolerance;

/// The smallest objective change that counts as an improvement.
const MIN_GAIN: f64 = 1e-7;

/// At most this many projects are taken out in one ruin-and-recreate round.
const MAX_RUIN: usize = 8;

/// One exchange round per this many ruin-and-recreate rounds. An exchange round scans the
/// left-out projects and costs far more: on the generated 40,000-home stock with the default
/// scenario (345 projects, 10,605 columns) all rounds took 11.5 s and ended on the clock, a
/// tenth 2.1 s (EUR 6,777,832 against 6,717,531 with all, from 8,103,631); at 16,000 homes a
/// tenth 0.27 s (EUR 7,695,159 against 7,683,898). Ending on the count keeps the plan the same
/// on every machine.
const EXCHANGE_SHARE: usize = 10;

/// Nanoseconds of this machine per unit of counted work. A search counts its steps, each kind
/// weighed by what it costs on this project's 2-core AMD EPYC in these units: per row a column
/// is planned in or taken out of [`PUT_OR_TAKE`], per row a column is checked against
/// [`FIT`], per project or row scanned [`SCAN`], per column times log2 columns sorted
/// [`SORT`], per column weighed for a move or a refill [`WEIGH`], per column of the model to
/// set the search up [`SET_UP`]. Fitted to the searches of 12 stocks and scenarios (generated
/// stocks of 3,000 to 80,000 homes, tight budgets and capacities, 1 to 4 homes a project,
/// `--tijdslimiet 30`, one run each, traced on 2026-11-29): the 21 searches of more than
/// 100 ms took 0.60 to 1.44 times the time their count gives (median 0.80), the 38 shorter ones
/// up to 2.6 times; on the sector benchmark (`--tijdslimiet 10`) 852 searches, those of more
/// than 50 ms 0.59 to 2.39 times (median 1.04).
pub const NANOSECONDS_PER_WORK_UNIT: f64 = 0.5;
const PUT_OR_TAKE: usize = 2;
const FIT: usize = 1;
const SCAN: usize = 3;
const SORT: usize = 2;
const WEIGH: usize = 7;
const SET_UP: usize = 120;

/// How far a search may go: at most `rounds` rounds of each kind, at most `max_work_us` of
/// counted work (microseconds as this machine would spend them, by
/// [`NANOSECONDS_PER_WORK_UNIT`]), both the same on every run; and the clock at `deadline`, the
/// safety net on a busy or slower machine.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub rounds: usize,
    pub max_work_us: u64,
    pub deadline: Instant,
}

/// The improved plan, the work it took (microseconds as counted), and whether the clock cut
/// the search short: then another run may return another plan.
#[derive(Debug, Clone)]
pub struct Improved {
    pub values: Vec<f64>,
    pub work_us: u64,
    pub clock_cut: bool,
}

/// Which projects a search may leave out or bring in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every planned project stays planned; none is added (the order and stability stages, and
    /// the later G/F/E stages).
    KeepPlanned,
    /// A project may be left out for others that lower the objective more: "most homes" as
    /// -homes per column (the homes stage and the first G/F/E stage).
    MayUnplan,
    /// Planned and left-out projects may be exchanged while every row with a lower bound holds
    /// (the cost stage: the homes held by the stage row stay planned).
    Exchange,
}

/// `values` improved for `objective` (minimised): relocations, up to `limits.rounds` rounds of
/// ruin and recreate and relocations again; then, in [`Mode::Exchange`], up to a tenth as many
/// exchange rounds ([`EXCHANGE_SHARE`]), and when they found a cheaper plan the first two
/// again. Stops early once `good_enough(objective value)` (checked every few hundred rounds),
/// once its work reaches `limits.max_work_us`, or at `limits.deadline`. Returns `values`
/// unchanged when it is not a feasible 0/1 plan.
pub fn improve(
    milp: &Milp,
    objective: &[f64],
    values: &[f64],
    mode: Mode,
    good_enough: &dyn Fn(f64) -> bool,
    limits: &Limits,
) -> Improved {
    let Some(mut search) = Search::new(milp, objective, values, mode, limits) else {
        return Improved {
            values: values.to_vec(),
            work_us: 0,
            clock_cut: false,
        };
    };
    let rounds = limits.rounds;
    search.relocate();
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    if !good_enough(search.total()) {
        search.ruin_and_recreate(&mut rng, rounds, good_enough);
        search.relocate();
    }
    // Exchanges after the moves above, so that those stay what they were before exchanges
    // existed; when they find a cheaper set of projects, its starts are searched again.
    if mode == Mode::Exchange
        && !good_enough(search.total())
        && search.exchange(&mut rng, rounds / EXCHANGE_SHARE, good_enough)
    {
        search.relocate();
        if !good_enough(search.total()) {
            search.ruin_and_recreate(&mut rng, rounds, good_enough);
            search.relocate();
        }
    }
    let mut out = vec![0.0; milp.columns.len()];
    for &j in search.current.iter().flatten() {
        out[j] = 1.0;
    }
    Improved {
        values: out,
        work_us: search.work_us(),
        clock_cut: search.clock_cut,
    }
}

/// A small deterministic random source (xorshift64*).
pub(super) struct XorShift(pub(super) u64);

impl XorShift {
    pub(super) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (n > 0).
    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

struct Search<'a> {
    objective: &'a [f64],
    /// Columns per project (local index, in the model's order), and each column's project.
    project_columns: Vec<Vec<usize>>,
    column_project: Vec<usize>,
    /// Per column the capped rows (budget, capacity) it appears in, with its coefficient.
    column_rows: Vec<Vec<(usize, f64)>>,
    activity: Vec<f64>,
    /// Row bound plus its tolerance.
    upper: Vec<f64>,
    /// The chosen column per project.
    current: Vec<Option<usize>>,
    /// Per row the projects whose chosen column uses it.
    row_users: Vec<Vec<usize>>,
    /// Whether a project may be left out (only when every planned column lowers the
    /// objective, as with "most homes" as -homes).
    may_unplan: bool,
    /// Per column the rows with a lower bound it appears in (exchange mode only), their
    /// activity and lower bound minus its tolerance.
    column_floors: Vec<Vec<(usize, f64)>>,
    floor_activity: Vec<f64>,
    floor: Vec<f64>,
    /// Work counted so far (units of [`NANOSECONDS_PER_WORK_UNIT`]) and at most, and the clock.
    work: std::cell::Cell<u64>,
    max_work: u64,
    deadline: Instant,
    /// The clock ended a part of the search before its rounds or its work did.
    clock_cut: bool,
}

impl<'a> Search<'a> {
    fn new(
        milp: &Milp,
        objective: &'a [f64],
        values: &[f64],
        mode: Mode,
        limits: &Limits,
    ) -> Option<Search<'a>> {
        let mut project_columns: Vec<Vec<usize>> = Vec::new();
        let mut column_project = Vec::with_capacity(milp.columns.len());
        let mut last = None;
        for (j, c) in milp.columns.iter().enumerate() {
            // build() and restrict() keep a project's columns together.
            if last != Some(c.project) {
                project_columns.push(Vec::new());
                last = Some(c.project);
            }
            project_columns.last_mut().expect("pushed").push(j);
            column_project.push(project_columns.len() - 1);
        }
        let mut column_rows = vec![Vec::new(); milp.columns.len()];
        let mut upper = vec![f64::INFINITY; milp.rows.len()];
        let mut column_floors = vec![Vec::new(); milp.columns.len()];
        let mut floor = vec![f64::NEG_INFINITY; milp.rows.len()];
        for (r, row) in milp.rows.iter().enumerate() {
            // Exchanging projects may lower any row: every lower bound is watched (the stage
            // rows holding homes, a project that must start exactly once).
            if mode == Mode::Exchange && row.lower.is_finite() && row.lower > 0.0 {
                floor[r] = row.lower - tolerance(row.lower);
                for &(j, v) in &row.terms {
                    column_floors[j].push((r, v));
                }
            }
            // A stage row with an upper bound (the stability stage's moved projects) caps
            // like budget and capacity; the homes stage row has only a lower bound.
            let capped = matches!(
                row.kind,
                RowKind::Budget(_) | RowKind::Capacity(_) | RowKind::Stage
            );
            if capped && row.upper.is_finite() {
                upper[r] = row.upper + tolerance(row.upper);
                for &(j, v) in &row.terms {
                    column_rows[j].push((r, v));
                }
            }
        }
        let mut search = Search {
            objective,
            project_columns,
            column_project,
            column_rows,
            activity: vec![0.0; milp.rows.len()],
            upper,
            current: Vec::new(),
            row_users: vec![Vec::new(); milp.rows.len()],
            may_unplan: mode == Mode::MayUnplan,
            column_floors,
            floor_activity: vec![0.0; milp.rows.len()],
            floor,
            work: std::cell::Cell::new(0),
            max_work: (limits.max_work_us as f64 * 1000.0 / NANOSECONDS_PER_WORK_UNIT)
                .min(u64::MAX as f64) as u64,
            deadline: limits.deadline,
            clock_cut: false,
        };
        search.count(SET_UP * milp.columns.len());
        search.current = vec![None; search.project_columns.len()];
        for (j, &x) in values.iter().enumerate() {
            if x > 0.5 {
                if search.current[search.column_project[j]].is_some() {
                    return None;
                }
                search.put(j);
            }
        }
        let feasible = search
            .activity
            .iter()
            .zip(&search.upper)
            .all(|(a, u)| a <= u);
        (feasible && search.floors_hold()).then_some(search)
    }

    /// Counts `units` of work.
    fn count(&self, units: usize) {
        self.work.set(self.work.get().saturating_add(units as u64));
    }

    /// The work counted so far, in microseconds as this machine would spend them.
    fn work_us(&self) -> u64 {
        (self.work.get() as f64 * NANOSECONDS_PER_WORK_UNIT / 1000.0) as u64
    }

    /// Whether the search's work is spent (the same point on every run).
    fn worked_out(&self) -> bool {
        self.work.get() >= self.max_work
    }

    /// Whether the clock has passed the deadline (the safety net): noted, since a search ended
    /// there may end elsewhere on another run.
    fn clock_passed(&mut self) -> bool {
        if Instant::now() >= self.deadline {
            self.clock_cut = true;
        }
        self.clock_cut
    }

    /// Whether every watched lower bound holds.
    fn floors_hold(&self) -> bool {
        self.count(SCAN * self.floor.len());
        self.floor_activity
            .iter()
            .zip(&self.floor)
            .all(|(a, f)| a >= f)
    }

    /// Plans column `j` (its project must be unplanned).
    fn put(&mut self, j: usize) {
        self.count(PUT_OR_TAKE * (1 + self.column_rows[j].len() + self.column_floors[j].len()));
        let k = self.column_project[j];
        for &(r, v) in &self.column_rows[j] {
            self.activity[r] += v;
            self.row_users[r].push(k);
        }
        for &(r, v) in &self.column_floors[j] {
            self.floor_activity[r] += v;
        }
        self.current[k] = Some(j);
    }

    /// Unplans project `k`, returning the column it had.
    fn take(&mut self, k: usize) -> Option<usize> {
        let j = self.current[k].take()?;
        self.count(PUT_OR_TAKE * (1 + self.column_floors[j].len()));
        for &(r, v) in &self.column_rows[j] {
            self.activity[r] -= v;
            self.count(PUT_OR_TAKE * (1 + self.row_users[r].len()));
            let users = &mut self.row_users[r];
            if let Some(i) = users.iter().position(|&q| q == k) {
                users.swap_remove(i);
            }
        }
        for &(r, v) in &self.column_floors[j] {
            self.floor_activity[r] -= v;
        }
        Some(j)
    }

    /// Whether column `j` fits every row as things are (its project unplanned).
    fn fits(&self, j: usize) -> bool {
        self.count(FIT * (1 + self.column_rows[j].len()));
        self.column_rows[j]
            .iter()
            .all(|&(r, v)| self.activity[r] + v <= self.upper[r])
    }

    fn total(&self) -> f64 {
        self.count(SCAN * self.current.len());
        self.current
            .iter()
            .flatten()
            .map(|&j| self.objective[j])
            .sum()
    }

    /// The columns of project `k` by objective, lowest first (ties in the model's order).
    fn columns_by_objective(&self, k: usize) -> Vec<usize> {
        let mut columns = self.project_columns[k].clone();
        let n = columns.len();
        self.count(SORT * (n * (1 + (usize::BITS - n.leading_zeros()) as usize)));
        columns.sort_by(|&x, &y| self.objective[x].total_cmp(&self.objective[y]));
        columns
    }

    /// Moves each planned project to its best start that fits, and (when projects may be left
    /// out) plans each unplanned one at its best start that fits and improves the plan, until
    /// nothing moves.
    fn relocate(&mut self) {
        loop {
            let mut moved = false;
            for k in 0..self.project_columns.len() {
                let a = self.take(k);
                if a.is_none() && !self.may_unplan {
                    continue;
                }
                let now = a.map_or(0.0, |a| self.objective[a]);
                let best = self
                    .columns_by_objective(k)
                    .into_iter()
                    .find(|&b| Some(b) == a || self.fits(b))
                    .filter(|&b| self.objective[b] < now - MIN_GAIN);
                moved |= best.is_some();
                if let Some(j) = best.or(a) {
                    self.put(j);
                }
            }
            if !moved || self.worked_out() || self.clock_passed() {
                break;
            }
        }
    }

    /// Exchange rounds (see the module text): kept when every watched lower bound holds and
    /// the plan is no worse. Returns whether the plan improved.
    fn exchange(
        &mut self,
        rng: &mut XorShift,
        rounds: usize,
        good_enough: &dyn Fn(f64) -> bool,
    ) -> bool {
        let start_total = self.total();
        let mut total = start_total;
        let by_unit = self.refill_order();
        let mut undo: Vec<(usize, Option<usize>)> = Vec::new();
        let mut removed: Vec<usize> = Vec::new();
        for round in 0..rounds {
            if self.worked_out()
                || (round % 256 == 255 && (good_enough(total) || self.clock_passed()))
            {
                break;
            }
            self.count(SCAN * self.current.len());
            let (planned, left_out): (Vec<usize>, Vec<usize>) =
                (0..self.current.len()).partition(|&k| self.current[k].is_some());
            if planned.is_empty() || left_out.is_empty() {
                break;
            }
            let k = planned[rng.below(planned.len())];
            undo.clear();
            removed.clear();
            undo.push((k, self.take(k)));
            // Every other round only the refill below decides what replaces k.
            let q = left_out[rng.below(left_out.len())];
            let columns = if round % 2 == 0 {
                Vec::new()
            } else {
                self.columns_by_objective(q)
            };
            if columns.is_empty() {
                let ok = self.refill(&by_unit, &mut undo);
                self.keep_or_undo(ok, &mut total, &undo);
                continue;
            }
            let b = match columns.iter().find(|&&d| self.fits(d)) {
                Some(&d) => d,
                None => columns[rng.below(columns.len())],
            };
            undo.push((q, None));
            self.put(b);
            let mut ok = self.ruin(b, q, rng, &mut undo, &mut removed);
            if ok {
                for &p in &removed {
                    if let Some(d) = self
                        .columns_by_objective(p)
                        .into_iter()
                        .find(|&d| self.fits(d))
                    {
                        self.put(d);
                    }
                }
                ok = self.refill(&by_unit, &mut undo);
            }
            self.keep_or_undo(ok, &mut total, &undo);
        }
        total < start_total - MIN_GAIN
    }

    /// The end of a round: kept when it went through (`ok`) and the plan is no worse than
    /// `total` (which then becomes the plan's value), else undone.
    fn keep_or_undo(&mut self, ok: bool, total: &mut f64, undo: &[(usize, Option<usize>)]) {
        // The plan's value only when the round went through: it costs a pass over the projects.
        match ok.then(|| self.total()) {
            Some(now) if now <= *total + MIN_GAIN => *total = now,
            _ => self.undo(undo),
        }
    }

    /// Puts every project on `undo` (project, column before) back as it was.
    fn undo(&mut self, undo: &[(usize, Option<usize>)]) {
        for &(p, _) in undo {
            self.take(p);
        }
        for &(_, c) in undo {
            if let Some(c) = c {
                self.put(c);
            }
        }
    }

    /// The columns that count in some watched lower bound, by objective per unit they bring at
    /// most (ties in the model's order).
    fn refill_order(&self) -> Vec<(f64, usize)> {
        let mut order: Vec<(f64, usize)> = self
            .column_floors
            .iter()
            .enumerate()
            .filter_map(|(d, floors)| {
                let most: f64 = floors.iter().map(|&(_, v)| v.max(0.0)).sum();
                (most > 0.0).then(|| (self.objective[d] / most, d))
            })
            .collect();
        order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        order
    }

    /// Adds left-out projects, each time the column that fits with the lowest objective per
    /// unit it brings to the lower bounds still short, until every watched lower bound holds
    /// (true) or nothing that fits helps (false). Each added project goes on `undo`.
    ///
    /// `by_unit` lists the columns by objective per unit they could bring at most, lowest first
    /// ([`Search::refill_order`]); with no negative objective, no column further down the list
    /// beats one that brings its units, so the scan stops there.
    fn refill(&mut self, by_unit: &[(f64, usize)], undo: &mut Vec<(usize, Option<usize>)>) -> bool {
        let early_stop = self.objective.iter().all(|&v| v >= 0.0);
        loop {
            if self.floors_hold() {
                return true;
            }
            let mut best: Option<(f64, usize)> = None;
            for &(at_best, d) in by_unit {
                self.count(WEIGH);
                if early_stop && best.is_some_and(|(b, _)| at_best >= b) {
                    break;
                }
                if self.current[self.column_project[d]].is_some() {
                    continue;
                }
                self.count(WEIGH * self.column_floors[d].len());
                let brought: f64 = self.column_floors[d]
                    .iter()
                    .map(|&(r, v)| v.min(self.floor[r] - self.floor_activity[r]).max(0.0))
                    .sum();
                if brought <= 0.0 {
                    continue;
                }
                let per_unit = self.objective[d] / brought;
                if best.is_none_or(|(b, _)| per_unit < b) && self.fits(d) {
                    best = Some((per_unit, d));
                }
            }
            let Some((_, d)) = best else {
                return false;
            };
            undo.push((self.column_project[d], None));
            self.put(d);
        }
    }

    /// See the module text. Returns whether the plan improved.
    fn ruin_and_recreate(
        &mut self,
        rng: &mut XorShift,
        rounds: usize,
        good_enough: &dyn Fn(f64) -> bool,
    ) -> bool {
        let start_total = self.total();
        let mut total = start_total;
        // The projects a round may start from: the planned ones, or every one when projects
        // may be left out (then an unplanned project is tried in).
        let candidates: Vec<usize> = (0..self.current.len())
            .filter(|&k| self.may_unplan || self.current[k].is_some())
            .collect();
        if candidates.is_empty() {
            return false;
        }
        let mut undo: Vec<(usize, Option<usize>)> = Vec::new();
        let mut removed: Vec<usize> = Vec::new();
        for round in 0..rounds {
            if self.worked_out()
                || (round % 256 == 255 && (good_enough(total) || self.clock_passed()))
            {
                break;
            }
            let k = candidates[rng.below(candidates.len())];
            let a = self.current[k];
            let now = a.map_or(0.0, |a| self.objective[a]);
            self.count(WEIGH * self.project_columns[k].len());
            let options: Vec<usize> = self.project_columns[k]
                .iter()
                .copied()
                .filter(|&b| Some(b) != a && self.objective[b] <= now + MIN_GAIN)
                .collect();
            if options.is_empty() {
                continue;
            }
            let b = options[rng.below(options.len())];
            // (project, its column before the round), to undo.
            undo.clear();
            removed.clear();
            undo.push((k, a));
            self.take(k);
            self.put(b);
            let mut ok = self.ruin(b, k, rng, &mut undo, &mut removed);
            if ok {
                for &q in &removed {
                    let best = self
                        .columns_by_objective(q)
                        .into_iter()
                        .find(|&d| self.fits(d));
                    match best {
                        Some(d) => self.put(d),
                        // Left out: allowed only when projects may be.
                        None if self.may_unplan => {}
                        None => {
                            ok = false;
                            break;
                        }
                    }
                }
                if ok && self.may_unplan {
                    // Room freed may take projects that were left out.
                    self.count(SCAN * self.current.len());
                    for q in 0..self.current.len() {
                        if self.current[q].is_some() {
                            continue;
                        }
                        let best = self
                            .columns_by_objective(q)
                            .into_iter()
                            .find(|&d| self.objective[d] < -MIN_GAIN && self.fits(d));
                        if let Some(d) = best {
                            undo.push((q, None));
                            self.put(d);
                        }
                    }
                }
            }
            self.keep_or_undo(ok, &mut total, &undo);
        }
        total < start_total - MIN_GAIN
    }

    /// The ruin of a round that just planned column `b` of project `k`: while a row of `b` is
    /// overfilled, a random other project in it is taken out (onto `undo` and `removed`), at
    /// most [`MAX_RUIN`]; false when a row cannot be mended that way. The projects taken out
    /// are then shuffled, for the order in which they are put back.
    fn ruin(
        &mut self,
        b: usize,
        k: usize,
        rng: &mut XorShift,
        undo: &mut Vec<(usize, Option<usize>)>,
        removed: &mut Vec<usize>,
    ) -> bool {
        while let Some(r) = self.column_rows[b]
            .iter()
            .map(|&(r, _)| r)
            .find(|&r| self.activity[r] > self.upper[r])
        {
            self.count(WEIGH * self.row_users[r].len());
            let users: Vec<usize> = self.row_users[r]
                .iter()
                .copied()
                .filter(|&q| q != k)
                .collect();
            if users.is_empty() || removed.len() >= MAX_RUIN {
                return false;
            }
            let q = users[rng.below(users.len())];
            let c = self.take(q);
            undo.push((q, c));
            removed.push(q);
        }
        for i in (1..removed.len()).rev() {
            removed.swap(i, rng.below(i + 1));
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build::{Column, Row};
    use crate::scenario::Month;

    /// Projects with one column per listed (month, objective), and one capacity row per month
    /// that holds `capacity` projects (each uses 1).
    fn model(projects: &[&[(u32, f64)]], capacity: f64) -> (Milp, Vec<f64>) {
        let mut milp = Milp::default();
        let mut objective = Vec::new();
        for (p, columns) in projects.iter().enumerate() {
            for &(month, value) in columns.iter() {
                milp.columns.push(Column {
                    project: p,
                    start: Month::new(2024, month),
                    name: format!("x[{p},{month}]"),
                });
                milp.homes.push(1.0);
                milp.cost_eur.push(value);
                milp.lateness.push(0.0);
                objective.push(value);
            }
        }
        for month in 1..=12 {
            let terms: Vec<(usize, f64)> = (0..milp.columns.len())
                .filter(|&j| milp.columns[j].start.month() == month)
                .map(|j| (j, 1.0))
                .collect();
            if !terms.is_empty() {
                milp.rows.push(Row {
                    kind: RowKind::Capacity(Month::new(2024, month)),
                    name: format!("capacity[{month}]"),
                    terms,
                    lower: f64::NEG_INFINITY,
                    upper: capacity,
                });
            }
        }
        (milp, objective)
    }

    fn never(_: f64) -> bool {
        false
    }

    fn far() -> Instant {
        Instant::now() + std::time::Duration::from_secs(60)
    }

    /// [`super::improve`] with `rounds` and `deadline` and no work limit: its plan.
    fn improve(
        milp: &Milp,
        objective: &[f64],
        values: &[f64],
        rounds: usize,
        mode: Mode,
        good_enough: &dyn Fn(f64) -> bool,
        deadline: Instant,
    ) -> Vec<f64> {
        let limits = Limits {
            rounds,
            max_work_us: u64::MAX,
            deadline,
        };
        super::improve(milp, objective, values, mode, good_enough, &limits).values
    }

    fn dot(a: &[f64], b: &[f64]) -> f64 {
        a.iter().zip(b).map(|(x, y)| x * y).sum()
    }

    #[test]
    fn a_blocked_better_start_is_freed_by_moving_the_project_in_it() {
        // P wants January (0) over February (10); Q has January and barely minds February (1).
        // One project per month. Start: P in February, Q in January = 10. Relocating alone
        // cannot move P; taking Q out and putting it back in February gives 0 + 1 = 1.
        let (milp, objective) = model(&[&[(1, 0.0), (2, 10.0)], &[(1, 0.0), (2, 1.0)]], 1.0);
        let start = vec![0.0, 1.0, 1.0, 0.0];
        assert!(milp.satisfies(&start));
        let better = improve(
            &milp,
            &objective,
            &start,
            100,
            Mode::KeepPlanned,
            &never,
            far(),
        );
        assert_eq!(better, vec![1.0, 0.0, 0.0, 1.0]);
        assert_eq!(dot(&better, &objective), 1.0);
    }

    #[test]
    fn every_project_stays_planned_and_every_row_holds() {
        // The result must keep all 12 projects and every row.
        let (milp, objective, start) = busy_model();
        assert!(milp.satisfies(&start));
        let better = improve(
            &milp,
            &objective,
            &start,
            5000,
            Mode::KeepPlanned,
            &never,
            far(),
        );
        assert!(milp.satisfies(&better));
        for p in 0..12 {
            let planned: f64 = better[p * 6..p * 6 + 6].iter().sum();
            assert_eq!(planned, 1.0, "project {p}");
        }
        assert!(dot(&better, &objective) <= dot(&start, &objective));
        // Deterministic: the same rounds give the same plan.
        assert_eq!(
            better,
            improve(
                &milp,
                &objective,
                &start,
                5000,
                Mode::KeepPlanned,
                &never,
                far()
            )
        );
    }

    /// 12 projects over 6 months, two a month, objectives that make many moves worth trying,
    /// each project in month p / 2 + 1 to start.
    fn busy_model() -> (Milp, Vec<f64>, Vec<f64>) {
        let rows: Vec<Vec<(u32, f64)>> = (0..12u32)
            .map(|p| {
                (1..=6u32)
                    .map(|m| (m, ((p * 7 + m * 5) % 11) as f64 + p as f64 * 0.1))
                    .collect()
            })
            .collect();
        let refs: Vec<&[(u32, f64)]> = rows.iter().map(|r| r.as_slice()).collect();
        let (milp, objective) = model(&refs, 2.0);
        let mut start = vec![0.0; milp.columns.len()];
        for p in 0..12 {
            start[p * 6 + p / 2] = 1.0;
        }
        (milp, objective, start)
    }

    #[test]
    fn the_work_limit_ends_a_search_at_the_same_point_on_every_run() {
        let (milp, objective, start) = busy_model();
        let run = |max_work_us, deadline| {
            let limits = Limits {
                rounds: 100_000,
                max_work_us,
                deadline,
            };
            super::improve(
                &milp,
                &objective,
                &start,
                Mode::KeepPlanned,
                &never,
                &limits,
            )
        };
        let whole = run(u64::MAX, far());
        assert!(!whole.clock_cut);
        // A tenth of the work the whole search takes: it stops on its count, every time at the
        // same plan, and no later than a round past its limit.
        let max = whole.work_us / 10;
        assert!(max > 0, "the search counts its work: {}", whole.work_us);
        let cut = run(max, far());
        assert!(!cut.clock_cut, "ended on its work, not the clock");
        assert!(cut.work_us >= max && cut.work_us < whole.work_us);
        assert!(milp.satisfies(&cut.values));
        for _ in 0..3 {
            let again = run(max, far());
            assert_eq!(again.values, cut.values);
            assert_eq!(again.work_us, cut.work_us);
        }
        assert!(dot(&whole.values, &objective) <= dot(&cut.values, &objective));
        // A clock already past: the search stops and says so.
        let clocked = run(u64::MAX, Instant::now());
        assert!(clocked.clock_cut);
        assert!(milp.satisfies(&clocked.values));
    }

    #[test]
    fn most_homes_leaves_one_project_out_for_two_that_plan_more() {
        // A (3 homes) runs January and February; B and C (2 homes each) one month each.
        // One project per month. Start: A alone, 3 homes. Best: B and C, 4 homes.
        let (mut milp, _) = model(&[&[(1, 0.0)], &[(1, 0.0)], &[(2, 0.0)]], 1.0);
        for row in &mut milp.rows {
            if row.name == "capacity[2]" {
                row.terms.push((0, 1.0));
            }
        }
        let homes = [-3.0, -2.0, -2.0];
        let start = vec![1.0, 0.0, 0.0];
        assert!(milp.satisfies(&start));
        let kept = improve(&milp, &homes, &start, 100, Mode::KeepPlanned, &never, far());
        assert_eq!(kept, start, "without may_unplan A stays");
        let better = improve(&milp, &homes, &start, 100, Mode::MayUnplan, &never, far());
        assert_eq!(better, vec![0.0, 1.0, 1.0]);
        assert!(milp.satisfies(&better));
    }

    /// `model` with homes per project and a stage row holding at least `homes` homes.
    fn with_homes(mut milp: Milp, per_project: &[f64], homes: f64) -> Milp {
        milp.homes = milp
            .columns
            .iter()
            .map(|c| per_project[c.project])
            .collect();
        let terms = (0..milp.columns.len())
            .map(|j| (j, milp.homes[j]))
            .collect();
        milp.rows.push(Row {
            kind: RowKind::Stage,
            name: "stage[woningen]".into(),
            terms,
            lower: homes - 0.5,
            upper: f64::INFINITY,
        });
        milp
    }

    #[test]
    fn the_cost_stage_exchanges_a_dear_project_for_cheaper_ones_with_as_many_homes() {
        // One project a month. A (2 homes, 10) in January, alone; B (1 home, 3) fits January
        // or February, C (1 home, 4) only March. Two homes held: B and C for 7.
        let (milp, cost) = model(&[&[(1, 10.0)], &[(1, 3.0), (2, 3.0)], &[(3, 4.0)]], 1.0);
        let milp = with_homes(milp, &[2.0, 1.0, 1.0], 2.0);
        let start = vec![1.0, 0.0, 0.0, 0.0];
        assert!(milp.satisfies(&start));
        let kept = improve(&milp, &cost, &start, 100, Mode::KeepPlanned, &never, far());
        assert_eq!(kept, start, "without exchanges A stays");
        let better = improve(&milp, &cost, &start, 100, Mode::Exchange, &never, far());
        assert!(milp.satisfies(&better));
        assert_eq!(dot(&better, &cost), 7.0, "{better:?}");
        assert_eq!(better[0], 0.0);
    }

    /// Random small models (homes 1-3 per project, costs per month, capacity per month, homes
    /// held at what a random plan planned): exchanges keep every row, the homes held among
    /// them, never raise the cost, and give the same plan on a second run.
    #[test]
    fn exchanges_keep_every_row_and_never_raise_the_cost() {
        let mut rng = XorShift(42);
        for case in 0..40 {
            let projects = 4 + rng.below(10);
            let spec: Vec<Vec<(u32, f64)>> = (0..projects)
                .map(|_| {
                    let first = 1 + rng.below(6) as u32;
                    (first..first + 1 + rng.below(4) as u32)
                        .map(|m| (m, 1.0 + rng.below(50) as f64))
                        .collect()
                })
                .collect();
            let refs: Vec<&[(u32, f64)]> = spec.iter().map(|r| r.as_slice()).collect();
            let homes: Vec<f64> = (0..projects).map(|_| 1.0 + rng.below(3) as f64).collect();
            let (mut milp, cost) = model(&refs, 2.0 + rng.below(3) as f64);
            milp.homes = milp.columns.iter().map(|c| homes[c.project]).collect();
            // Capacity in homes: each column uses its project's homes.
            for row in &mut milp.rows {
                for t in &mut row.terms {
                    t.1 = homes[milp.columns[t.0].project];
                }
            }
            // A start: projects in a random order, each at its first column that fits.
            let mut start = vec![0.0; milp.columns.len()];
            let mut order: Vec<usize> = (0..projects).collect();
            for i in (1..order.len()).rev() {
                order.swap(i, rng.below(i + 1));
            }
            for p in order {
                for j in (0..milp.columns.len()).filter(|&j| milp.columns[j].project == p) {
                    start[j] = 1.0;
                    if milp.satisfies(&start) {
                        break;
                    }
                    start[j] = 0.0;
                }
            }
            let held = dot(&start, &milp.homes);
            let milp = with_homes(milp, &homes, held);
            assert!(milp.satisfies(&start), "case {case}");
            let better = improve(&milp, &cost, &start, 500, Mode::Exchange, &never, far());
            assert!(milp.satisfies(&better), "case {case}: {better:?}");
            assert!(dot(&better, &milp.homes) >= held - 0.5, "case {case}");
            assert!(dot(&better, &cost) <= dot(&start, &cost), "case {case}");
            let again = improve(&milp, &cost, &start, 500, Mode::Exchange, &never, far());
            assert_eq!(better, again, "case {case}");
        }
    }

    #[test]
    fn an_infeasible_start_is_returned_unchanged() {
        let (milp, objective) = model(&[&[(1, 0.0)], &[(1, 0.0)]], 1.0);
        let start = vec![1.0, 1.0];
        assert_eq!(
            improve(
                &milp,
                &objective,
                &start,
                10,
                Mode::KeepPlanned,
                &never,
                far()
            ),
            start
        );
    }
}
