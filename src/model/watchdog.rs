//! HiGHS on a thread of its own, waited for at most its time limit and a grace period.
//!
//! HiGHS checks its time limit in most places, not all: in HiGHS 1.16 the presolve of a sub-MIP
//! (`HPresolve::strengthenInequalities`, within root-reduced-cost sub-MIPs inside a RINS
//! sub-MIP) ran on for more than seven minutes past a stage's 60 s (the sector benchmark with
//! the default time limit, Woonstichting 155's cost stage; seen with gdb). A plan must never
//! hang on that, so a stage waits for HiGHS at most [`wait_for`] its limit, then goes on
//! without HiGHS' answer: its starting plan stands, marked as such. HiGHS' thread is left to
//! end on its own (it holds only its own copy of the model); the process does not wait for it.

use std::sync::mpsc;
use std::time::Duration;

/// Why HiGHS' answer is not there.
#[derive(Debug, PartialEq)]
pub enum NotDone {
    /// HiGHS did not return within its time limit and the grace period.
    Overran,
    /// No thread could be started for it (the system's limit): the reason.
    NoThread(String),
}

/// How long to wait for a HiGHS run with `time_limit_s`: the limit, plus 2 s and a tenth of it
/// (HiGHS normally stops within a fraction of a second of its limit).
pub fn wait_for(time_limit_s: f64) -> Duration {
    let limit = time_limit_s.max(0.0);
    Duration::try_from_secs_f64(limit + 2.0 + 0.1 * limit).unwrap_or(Duration::MAX)
}

/// Room for HiGHS' recursion (sub-MIPs within sub-MIPs): the main thread's size.
const STACK_BYTES: usize = 8 << 20;

/// `work(input)` on its own thread, or [`NotDone::Overran`] when it has not finished after
/// `wait` (it then finishes on its own; its result is dropped).
pub fn run_within<I, O>(input: I, wait: Duration, work: fn(I) -> O) -> Result<O, NotDone>
where
    I: Send + 'static,
    O: Send + 'static,
{
    let (tx, rx) = mpsc::sync_channel(1);
    std::thread::Builder::new()
        .name("highs".into())
        .stack_size(STACK_BYTES)
        .spawn(move || {
            // The receiver is gone when the wait is over: nothing to hand the result to.
            let _ = tx.send(work(input));
        })
        .map_err(|e| NotDone::NoThread(e.to_string()))?;
    rx.recv_timeout(wait).map_err(|_| NotDone::Overran)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_past_its_wait_is_left_behind() {
        let quick = run_within(3u64, Duration::from_secs(5), |n| n * 2);
        assert_eq!(quick, Ok(6));
        let started = std::time::Instant::now();
        let slow = run_within(0u64, Duration::from_millis(100), |_| {
            std::thread::sleep(Duration::from_secs(3));
            1
        });
        assert_eq!(slow, Err(NotDone::Overran));
        assert!(started.elapsed() < Duration::from_secs(2), "not waited for");
    }

    #[test]
    fn the_wait_is_the_limit_and_a_grace() {
        assert_eq!(wait_for(10.0), Duration::from_secs(13));
        assert_eq!(wait_for(60.0), Duration::from_secs(68));
        assert_eq!(wait_for(f64::INFINITY), Duration::MAX);
    }
}
