//! A work limit for HiGHS, so that a stage that is not proven ends at the same point of its
//! search on every run, where a time limit ends it wherever the clock happens to be.
//!
//! HiGHS' branch and bound is deterministic (the same model, options and starting plan give the
//! same plan, also with two threads), but its `time_limit` is not: two runs of the same stock
//! stopped on the clock can hand back different plans. The work is counted instead in HiGHS' LP
//! iterations, which HiGHS reports to a callback each time it checks its limits; the callback
//! interrupts HiGHS once the corporation's work is spent. An iteration costs more on a larger
//! model, so the account is kept in seconds as this machine would spend them
//! ([`seconds_per_iteration`]), and a corporation gets [`WORK_SHARE_OF_TIME_LIMIT`] of its time
//! limit. The time limit itself stays as the safety net for a busy or slower machine, and a
//! stage ended by it says so.
//!
//! The only module with `unsafe` code: the callback goes through HiGHS' C interface, which
//! neither good_lp nor the highs crate wraps.
#![allow(unsafe_code)]

use std::ffi::{c_char, c_int, c_void};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use highs_sys::{HighsCallbackDataIn, HighsCallbackDataOut};

use super::solve::SolveError;

/// The share of the time limit that a corporation's work may take on this project's 2-core AMD
/// EPYC, by [`seconds_per_iteration`]: well below 1, because that estimate is off by up to 40 %
/// on a given model and leaves out HiGHS' presolve, the LP relaxations and the local search,
/// and the clock should not be what ends a stage on the machine the estimate comes from. At
/// 0.6 a generated 25,000-home stock (standard scenario) ended its cost stage on its work at
/// 47.5 s of 60 and 9.8 s of 10, leaving the ordering stage too little time for its local
/// search at 10 s (a helper's trial, one run each). At 0.5, with the ordering stage's share
/// kept for it (`order_time_share`, 25 %): that stock's solve took 9.3 s at 10 s and 27.5 s at
/// 60 s, three and two runs giving the same plan, at the cost the 47.5 s run found; 30,000
/// homes 29 s instead of 48 s at the same cost; 20,000 homes 21 s (one run each). The sector
/// benchmark (`--tijdslimiet 10`) then ends no stage on the clock, in 156 s instead of 180 s,
/// but leaves 6 homes and 10 cost stages open instead of 4 and 8.
pub const WORK_SHARE_OF_TIME_LIMIT: f64 = 0.5;

/// Microseconds per LP iteration on a model without nonzeros, and per 1,000 nonzeros more.
pub const MICROSECONDS_PER_ITERATION: (f64, f64) = (60.0, 3.0);

/// What an LP iteration of HiGHS' branch and bound costs on a model with `nonzeros`, on this
/// project's 2-core AMD EPYC: 60 µs plus 3 µs per 1,000 nonzeros. Measured (HiGHS 1.16 alone
/// on stages dumped with `RETROFIT_DUMP_STAGES`, from their starting plan, 6 to 15 s each until
/// their time limit): 76 µs at 7,300 nonzeros (a budget-free homes model, 12,000-home stock),
/// 115 µs at 19,500 (its homes stage), 154 µs at 22,500 (its cost stage), 140 to 175 µs at
/// 45,000 (the cost stage of a 20,000-home stock), 289 µs at 65,000 (30,000 homes), 256 µs at
/// 87,000 (40,000 homes); the sector benchmark's open homes and cost stages 74 to 166 µs at
/// 13,000 to 18,000 (all generated stocks, standard scenario).
pub fn seconds_per_iteration(nonzeros: usize) -> f64 {
    let (base, per_thousand) = MICROSECONDS_PER_ITERATION;
    (base + per_thousand * nonzeros as f64 / 1000.0) * 1e-6
}

/// The work of `iterations` LP iterations on a model with `nonzeros`, in microseconds.
pub fn microseconds_for(iterations: u64, nonzeros: usize) -> u64 {
    (iterations as f64 * seconds_per_iteration(nonzeros) * 1e6).round() as u64
}

/// The work one corporation's solve may spend, over all its stages, in microseconds as this
/// machine would spend them: counted from what HiGHS reports, so what remains at a stage is
/// the same on every run.
#[derive(Debug)]
pub struct WorkAccount {
    limit_us: u64,
    used_us: AtomicU64,
}

impl WorkAccount {
    /// The work that goes with `time_limit_s`.
    pub fn for_time_limit(time_limit_s: f64) -> Arc<WorkAccount> {
        Arc::new(WorkAccount {
            limit_us: (time_limit_s.max(0.0) * WORK_SHARE_OF_TIME_LIMIT * 1e6) as u64,
            used_us: AtomicU64::new(0),
        })
    }

    /// An account of its own with `limit_us` of work: for a search that runs beside another
    /// on the same corporation, so that neither sees the other's spending (which would make
    /// what each may spend depend on the clock). Its spending is charged to the corporation's
    /// account once both have ended.
    pub fn with_limit_us(limit_us: u64) -> Arc<WorkAccount> {
        Arc::new(WorkAccount {
            limit_us,
            used_us: AtomicU64::new(0),
        })
    }

    pub fn used_us(&self) -> u64 {
        self.used_us.load(Ordering::Relaxed)
    }

    pub fn limit_us(&self) -> u64 {
        self.limit_us
    }

    pub fn remaining_us(&self) -> u64 {
        self.limit_us
            .saturating_sub(self.used_us.load(Ordering::Relaxed))
    }

    /// Counts `iterations` on a model with `nonzeros` as spent.
    pub fn spend(&self, iterations: u64, nonzeros: usize) {
        self.spend_us(microseconds_for(iterations, nonzeros));
    }

    /// Counts `us` microseconds of work, counted elsewhere, as spent.
    pub fn spend_us(&self, us: u64) {
        self.used_us.fetch_add(us, Ordering::Relaxed);
    }
}

/// The work one HiGHS run may spend: what remains in its corporation's account beyond
/// `reserve_us` (kept for a later stage), and at most `at_most_us` (a stage's share).
#[derive(Debug, Clone)]
pub struct WorkLimit {
    pub account: Arc<WorkAccount>,
    pub at_most_us: u64,
    pub reserve_us: u64,
    /// Set when the run's result is no longer needed: HiGHS is interrupted at its next check,
    /// and the ordering stage's window search stops (src/model/mod.rs, the windows beside
    /// HiGHS). A run called off is discarded, so it cannot make a plan depend on the clock.
    pub call_off: Option<Arc<AtomicBool>>,
}

impl WorkLimit {
    /// All that remains in `account`.
    pub fn all(account: &Arc<WorkAccount>) -> WorkLimit {
        WorkLimit {
            account: Arc::clone(account),
            at_most_us: u64::MAX,
            reserve_us: 0,
            call_off: None,
        }
    }

    /// Whether the run was called off (see `call_off`).
    pub fn called_off(&self) -> bool {
        self.call_off
            .as_ref()
            .is_some_and(|c| c.load(Ordering::Relaxed))
    }

    /// The same, leaving `share` of the account's whole limit for a later stage.
    pub fn keeping(&self, share: f64) -> WorkLimit {
        WorkLimit {
            reserve_us: (self.account.limit_us() as f64 * share) as u64,
            ..self.clone()
        }
    }

    /// At most `share` of what remains now.
    pub fn share_of_remaining(&self, share: f64) -> WorkLimit {
        WorkLimit {
            at_most_us: (self.microseconds() as f64 * share) as u64,
            ..self.clone()
        }
    }

    /// At most `share` of the account's whole limit.
    pub fn share_of_limit(&self, share: f64) -> WorkLimit {
        WorkLimit {
            at_most_us: self
                .at_most_us
                .min((self.account.limit_us() as f64 * share) as u64),
            ..self.clone()
        }
    }

    /// The microseconds of work a run may spend.
    pub fn microseconds(&self) -> u64 {
        self.account
            .remaining_us()
            .saturating_sub(self.reserve_us)
            .min(self.at_most_us)
    }

    /// LP iterations a run on a model with `nonzeros` may spend.
    pub fn iterations(&self, nonzeros: usize) -> u64 {
        (self.microseconds() as f64 * 1e-6 / seconds_per_iteration(nonzeros)) as u64
    }
}

/// What the callback reads while HiGHS runs. It must outlive the solve: the caller
/// keeps the box until HiGHS has returned.
pub struct Interrupt {
    max_lp_iterations: i64,
    call_off: Option<Arc<AtomicBool>>,
}

/// Asks HiGHS (`highs`, the pointer of a `highs::Model`) to call back whenever its MIP solver
/// checks its limits, and to stop once it has spent `max_lp_iterations` or `work` is called off.
pub fn install(
    highs: *mut c_void,
    max_lp_iterations: u64,
    work: &WorkLimit,
) -> Result<Box<Interrupt>, SolveError> {
    let mut interrupt = Box::new(Interrupt {
        max_lp_iterations: i64::try_from(max_lp_iterations).unwrap_or(i64::MAX),
        call_off: work.call_off.clone(),
    });
    let data: *mut Interrupt = &mut *interrupt;
    // SAFETY: `highs` is a live HiGHS instance (the caller's model). The callback data points
    // into the box, which the caller keeps until the solve has returned; HiGHS calls the
    // callback only during the solve, on the thread that calls the MIP solver's limit check.
    let status = unsafe {
        let set = highs_sys::Highs_setCallback(highs, Some(on_mip_interrupt), data.cast());
        if set == highs_sys::kHighsStatusError {
            set
        } else {
            highs_sys::Highs_startCallback(highs, highs_sys::kHighsCallbackMipInterrupt)
        }
    };
    if status == highs_sys::kHighsStatusError {
        return Err(SolveError::Highs(
            "kan de rekenlimiet van HiGHS (callback) niet instellen".into(),
        ));
    }
    Ok(interrupt)
}

/// HiGHS' callback: interrupt once the LP iterations reach the limit. It must not panic (it is
/// called from C).
unsafe extern "C" fn on_mip_interrupt(
    callback_type: c_int,
    _message: *const c_char,
    data_out: *const HighsCallbackDataOut,
    data_in: *mut HighsCallbackDataIn,
    user_data: *mut c_void,
) {
    if callback_type != highs_sys::kHighsCallbackMipInterrupt as c_int
        || data_out.is_null()
        || data_in.is_null()
        || user_data.is_null()
    {
        return;
    }
    // SAFETY: HiGHS passes back the pointer `install` gave it, to an `Interrupt` that lives
    // until the solve returns, and valid data for this callback type.
    unsafe {
        let interrupt = &*(user_data as *const Interrupt);
        let called_off = interrupt
            .call_off
            .as_ref()
            .is_some_and(|c| c.load(Ordering::Relaxed));
        if called_off || (*data_out).mip_total_lp_iterations >= interrupt.max_lp_iterations {
            (*data_in).user_interrupt = 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build::{Column, Milp, RowKind};
    use crate::model::local_search::XorShift;
    use crate::model::solve::{solve_stage, StageOptions};
    use crate::model::{SolveStatus, StageKind};
    use crate::scenario::Month;

    #[test]
    fn shares_never_exceed_what_remains() {
        // 6 s of work: 100,000 iterations of 60 µs on a model without nonzeros, 50,000 of
        // 120 µs on one with 20,000.
        let account = WorkAccount::for_time_limit(6.0 / WORK_SHARE_OF_TIME_LIMIT);
        assert_eq!(account.limit_us(), 6_000_000);
        let all = WorkLimit::all(&account);
        assert_eq!(all.iterations(0), 100_000);
        assert_eq!(all.iterations(20_000), 50_000);
        // Keeping a quarter for a later stage.
        assert_eq!(all.keeping(0.25).iterations(0), 75_000);
        account.spend(25_000, 20_000);
        assert_eq!(account.remaining_us(), 3_000_000);
        assert_eq!(all.keeping(0.25).iterations(0), 25_000);
        // A quarter of the limit, then a half of what remains.
        let order = all.share_of_limit(0.25);
        assert_eq!(order.iterations(0), 25_000);
        let half = all.share_of_remaining(0.5);
        assert_eq!(half.iterations(0), 25_000);
        account.spend(100_000, 0);
        assert_eq!(order.iterations(0), 0);
        assert_eq!(account.remaining_us(), 0);
    }

    /// 60 projects of one start each, in 8 capacity rows of random loads: the most value that
    /// fits, a model HiGHS has to branch on.
    fn knapsacks() -> (Milp, Vec<f64>) {
        let mut rng = XorShift(0x5EED_0F70_1234);
        let mut milp = Milp::default();
        let mut objective = Vec::new();
        let mut rows = vec![Vec::new(); 8];
        for p in 0..60 {
            milp.columns.push(Column {
                project: p,
                start: Month::new(2025, 1),
                name: format!("start[P{p},2025-01]"),
            });
            objective.push(-(10.0 + rng.below(90) as f64));
            for row in rows.iter_mut() {
                row.push((p, 5.0 + rng.below(60) as f64));
            }
        }
        for (i, terms) in rows.into_iter().enumerate() {
            let total: f64 = terms.iter().map(|t| t.1).sum();
            milp.add_row(
                RowKind::Capacity(Month::new(2025, 1)),
                format!("cap[{i}]"),
                terms,
                f64::NEG_INFINITY,
                (total * 0.4).floor(),
            );
        }
        (milp, objective)
    }

    fn options(work: Option<WorkLimit>) -> StageOptions {
        StageOptions {
            work,
            ..StageOptions::exact_for_tests(StageKind::Order)
        }
    }

    /// A stage stopped on its work is not proven, says it did not stop on the clock, spends
    /// the work it was given (and little more), and ends with the same plan on every run;
    /// without the limit the same model is proven.
    #[test]
    fn a_stage_stopped_on_its_work_ends_the_same_way_every_run() {
        let (milp, objective) = knapsacks();
        let nonzeros: usize = milp.rows.iter().map(|r| r.terms.len()).sum();
        let proven = solve_stage("test", &milp, &objective, &[], &options(None)).expect("HiGHS");
        assert_eq!(proven.report.status, SolveStatus::Optimal);
        let mut plans = Vec::new();
        for _ in 0..3 {
            // 300 iterations on this model.
            let account = Arc::new(WorkAccount {
                limit_us: (300.0 * seconds_per_iteration(nonzeros) * 1e6).ceil() as u64,
                used_us: AtomicU64::new(0),
            });
            let work = Some(WorkLimit::all(&account));
            let r = solve_stage("test", &milp, &objective, &[], &options(work)).expect("HiGHS");
            assert_ne!(r.report.status, SolveStatus::Optimal);
            assert!(!r.report.clock);
            assert!(milp.satisfies(&r.values));
            assert!(r.report.objective >= proven.report.objective);
            let used = (account.limit_us() - account.remaining_us()) as f64
                / (seconds_per_iteration(nonzeros) * 1e6);
            assert!(
                (299.0..3_000.0).contains(&used),
                "spent {used} LP iterations"
            );
            plans.push((r.values, r.report.objective, r.report.bound));
        }
        assert!(plans.windows(2).all(|w| w[0] == w[1]));
    }

    /// A run called off (HiGHS proved the ordering stage beside it) stops at HiGHS' first
    /// check, with ample work left, and is not called proven; the same run not called off is.
    #[test]
    fn a_run_called_off_stops_at_once() {
        let (milp, objective) = knapsacks();
        let account = WorkAccount::with_limit_us(600_000_000);
        let call_off = Arc::new(AtomicBool::new(false));
        let work = WorkLimit {
            call_off: Some(Arc::clone(&call_off)),
            ..WorkLimit::all(&account)
        };
        assert!(!work.called_off());
        let kept = solve_stage("test", &milp, &objective, &[], &options(Some(work.clone())))
            .expect("HiGHS");
        assert_eq!(kept.report.status, SolveStatus::Optimal);
        let full_us = account.used_us();
        call_off.store(true, Ordering::Relaxed);
        assert!(work.called_off());
        // From the empty plan, which every row allows.
        let empty = vec![0.0; milp.columns.len()];
        let off =
            solve_stage("test", &milp, &objective, &empty, &options(Some(work))).expect("HiGHS");
        assert_ne!(off.report.status, SolveStatus::Optimal);
        assert!(milp.satisfies(&off.values));
        assert!(
            account.used_us() - full_us < full_us,
            "the run called off spent {} µs, the whole proof {full_us} µs",
            account.used_us() - full_us
        );
    }
}
