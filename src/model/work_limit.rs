//! A work limit for HiGHS, so that a stage that is not proven ends at the same point of its
//! search on every run, where a time limit ends it wherever the clock happens to be.
//!
//! HiGHS' branch and bound is deterministic (the same model, options and starting plan give the
//! same plan, also with two threads), but its `time_limit` is not: two runs of the same stock
//! stopped on the clock can hand back different plans (seen on a generated 30,000-home stock,
//! 128 of 172 start months moved between two identical runs). The work is counted instead in
//! HiGHS' LP iterations, which HiGHS reports to a callback each time it checks its limits; the
//! callback interrupts HiGHS once a corporation's work is spent. The work a corporation gets
//! follows from the scenario's time limit ([`LP_ITERATIONS_PER_SECOND`]); the time limit itself
//! stays as the safety net for a slower machine, and a stage ended by it still says so.
//!
//! The only module with `unsafe` code: the callback goes through HiGHS' C interface, which
//! neither good_lp nor the highs crate wraps.
#![allow(unsafe_code)]

use std::ffi::{c_char, c_int, c_void};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use highs_sys::{HighsCallbackDataIn, HighsCallbackDataOut};

use super::solve::SolveError;

/// LP iterations of work per second of the time limit. Set below what HiGHS does per second
/// on this project's 2-core AMD EPYC on the models that run into their limit, so that there the
/// work ends a stage before the clock does. Measured (HiGHS 1.16 alone on dumped stages,
/// `RETROFIT_DUMP_STAGES`, from their starting plan, until their time limit): the cost stage of
/// a generated 20,000-home stock with the standard scenario 7,100 a second; the homes and cost
/// stages of the sector benchmark that reach their limit 6,000 to 13,500 (the order stage of
/// the 80,000-home bench stock 3,100, but it goes to HiGHS' root only and does not reach its
/// work). In retrofit, at 5,000: the 20,000-home stock (`retrofit plan`, default 60 s) ends its
/// cost stage on its work, the whole solve in 46 s, and two runs give the same plan (at 60 s on
/// the clock before, with a 4.27 % gap at 20 s); the sector benchmark (`--tijdslimiet 10`)
/// ends every stage on its work or its proof, in 149 s instead of 180 s, with 6 homes and 9
/// cost stages open instead of 4 and 8 (one quiet run each). A higher rate proves a few more
/// sector stages and lets the clock end the 20,000-home cost stage again.
pub const LP_ITERATIONS_PER_SECOND: f64 = 5_000.0;

/// The work one corporation's solve may spend, over all its stages: counted as HiGHS reports
/// it, so what remains at a stage is the same on every run.
#[derive(Debug)]
pub struct WorkAccount {
    limit: u64,
    used: AtomicU64,
}

impl WorkAccount {
    /// The work that goes with `time_limit_s`.
    pub fn for_time_limit(time_limit_s: f64) -> Arc<WorkAccount> {
        Arc::new(WorkAccount {
            limit: (time_limit_s.max(0.0) * LP_ITERATIONS_PER_SECOND) as u64,
            used: AtomicU64::new(0),
        })
    }

    pub fn limit(&self) -> u64 {
        self.limit
    }

    pub fn remaining(&self) -> u64 {
        self.limit.saturating_sub(self.used.load(Ordering::Relaxed))
    }

    pub fn spend(&self, iterations: u64) {
        self.used.fetch_add(iterations, Ordering::Relaxed);
    }
}

/// The work one HiGHS run may spend: what remains in its corporation's account, and at most
/// `at_most` (a stage's share).
#[derive(Debug, Clone)]
pub struct WorkLimit {
    pub account: Arc<WorkAccount>,
    pub at_most: u64,
}

impl WorkLimit {
    /// All that remains in `account`.
    pub fn all(account: &Arc<WorkAccount>) -> WorkLimit {
        WorkLimit {
            account: Arc::clone(account),
            at_most: u64::MAX,
        }
    }

    /// At most `share` of what remains now.
    pub fn share_of_remaining(&self, share: f64) -> WorkLimit {
        WorkLimit {
            account: Arc::clone(&self.account),
            at_most: (self.iterations() as f64 * share) as u64,
        }
    }

    /// At most `share` of the account's whole limit.
    pub fn share_of_limit(&self, share: f64) -> WorkLimit {
        WorkLimit {
            account: Arc::clone(&self.account),
            at_most: self
                .at_most
                .min((self.account.limit() as f64 * share) as u64),
        }
    }

    /// LP iterations this run may spend.
    pub fn iterations(&self) -> u64 {
        self.account.remaining().min(self.at_most)
    }
}

/// What the callback reads and writes while HiGHS runs. It must outlive the solve: the caller
/// keeps the box until HiGHS has returned.
pub struct Interrupt {
    max_lp_iterations: i64,
}

/// Asks HiGHS (`highs`, the pointer of a `highs::Model`) to call back whenever its MIP solver
/// checks its limits, and to stop once it has spent `max_lp_iterations`.
pub fn install(highs: *mut c_void, max_lp_iterations: u64) -> Result<Box<Interrupt>, SolveError> {
    let mut interrupt = Box::new(Interrupt {
        max_lp_iterations: i64::try_from(max_lp_iterations).unwrap_or(i64::MAX),
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
            "kan de werklimiet (callback) niet instellen".into(),
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
        if (*data_out).mip_total_lp_iterations >= interrupt.max_lp_iterations {
            (*data_in).user_interrupt = 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::build::{Column, Milp, RowKind};
    use crate::model::local_search::XorShift;
    use crate::model::solve::{solve_stage, Branching, StageOptions};
    use crate::model::{SolveStatus, StageKind};
    use crate::scenario::Month;

    #[test]
    fn shares_never_exceed_what_remains() {
        let account = WorkAccount::for_time_limit(10.0);
        assert_eq!(account.limit(), (10.0 * LP_ITERATIONS_PER_SECOND) as u64);
        let all = WorkLimit::all(&account);
        account.spend(account.limit() / 2);
        assert_eq!(all.iterations(), account.limit() / 2);
        // A quarter of the limit, then a half of what remains.
        let order = all.share_of_limit(0.25);
        assert_eq!(order.iterations(), account.limit() / 4);
        let half = all.share_of_remaining(0.5);
        assert_eq!(half.iterations(), account.limit() / 4);
        account.spend(account.limit());
        assert_eq!(order.iterations(), 0);
        assert_eq!(account.remaining(), 0);
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
            time_limit_s: 60.0,
            mip_rel_gap: 0.0,
            mip_abs_gap: 0.5,
            kind: StageKind::Order,
            verbose: false,
            relaxed: false,
            log_file: None,
            branching: Branching::Full,
            gap_base: 0.0,
            work,
        }
    }

    /// A stage stopped on its work is not proven, says it did not stop on the clock, spends
    /// the work it was given (and little more), and ends with the same plan on every run;
    /// without the limit the same model is proven.
    #[test]
    fn a_stage_stopped_on_its_work_ends_the_same_way_every_run() {
        let (milp, objective) = knapsacks();
        let proven = solve_stage("test", &milp, &objective, &[], &options(None)).expect("HiGHS");
        assert_eq!(proven.report.status, SolveStatus::Optimal);
        let mut plans = Vec::new();
        for _ in 0..3 {
            let account = Arc::new(WorkAccount {
                limit: 300,
                used: AtomicU64::new(0),
            });
            let work = Some(WorkLimit::all(&account));
            let r = solve_stage("test", &milp, &objective, &[], &options(work)).expect("HiGHS");
            assert_ne!(r.report.status, SolveStatus::Optimal);
            assert!(!r.report.clock);
            assert!(milp.satisfies(&r.values));
            assert!(r.report.objective >= proven.report.objective);
            let used = account.limit() - account.remaining();
            assert!((300..3_000).contains(&used), "spent {used} LP iterations");
            plans.push((r.values, r.report.objective, r.report.bound));
        }
        assert!(plans.windows(2).all(|w| w[0] == w[1]));
    }
}
