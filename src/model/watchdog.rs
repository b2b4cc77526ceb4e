//! HiGHS on a thread of its own, waited for at most its time limit and a grace period; the
//! thread is kept for the next run.
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

type Job = Box<dyn FnOnce() + Send>;

/// A thread that runs HiGHS jobs one after another. HiGHS sets up its task scheduler on each
/// new thread that calls it, about 6 ms on this project's 2-core AMD EPYC, so one thread kept
/// for the runs of a plan spares that on every run after the first (the ordering stage's window
/// search hands HiGHS dozens of small models: 0.95 s against 0.64 s for 51 windows of the
/// generated 80,000-home stock when each run had a thread of its own).
struct Worker {
    jobs: mpsc::Sender<Job>,
}

/// The idle worker, if any. A caller takes it out for its run and puts it back after, so
/// callers on several threads at once each get a worker of their own; one left behind on a run
/// that overran is not put back, and ends when that run does.
static IDLE: std::sync::Mutex<Option<Worker>> = std::sync::Mutex::new(None);

impl Worker {
    fn spawn() -> Result<Worker, NotDone> {
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("highs".into())
            .stack_size(STACK_BYTES)
            .spawn(move || {
                for job in queue {
                    job();
                }
            })
            .map_err(|e| NotDone::NoThread(e.to_string()))?;
        Ok(Worker { jobs })
    }

    fn idle() -> Option<Worker> {
        IDLE.lock().ok().and_then(|mut slot| slot.take())
    }

    fn put_back(self) {
        if let Ok(mut slot) = IDLE.lock() {
            if slot.is_none() {
                *slot = Some(self);
            }
        }
    }
}

/// `work(input)` on HiGHS' thread, or [`NotDone::Overran`] when it has not finished after
/// `wait` (it then finishes on its own; its result is dropped, and its thread with it).
pub fn run_within<I, O>(input: I, wait: Duration, work: fn(I) -> O) -> Result<O, NotDone>
where
    I: Send + 'static,
    O: Send + 'static,
{
    let (tx, rx) = mpsc::sync_channel(1);
    let job: Job = Box::new(move || {
        // The receiver is gone when the wait is over: nothing to hand the result to.
        let _ = tx.send(work(input));
    });
    let worker = match Worker::idle() {
        Some(worker) => match worker.jobs.send(job) {
            Ok(()) => worker,
            // Its thread has ended (a run panicked): a new one takes the job.
            Err(mpsc::SendError(job)) => start(job)?,
        },
        None => start(job)?,
    };
    match rx.recv_timeout(wait) {
        Ok(answer) => {
            worker.put_back();
            Ok(answer)
        }
        Err(_) => Err(NotDone::Overran),
    }
}

fn start(job: Job) -> Result<Worker, NotDone> {
    let worker = Worker::spawn()?;
    worker
        .jobs
        .send(job)
        .map_err(|_| NotDone::NoThread("de thread voor HiGHS stopte meteen".to_string()))?;
    Ok(worker)
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

    /// A run that panicked or overran takes its thread with it; the next run gets another.
    #[test]
    fn a_run_after_a_lost_thread_gets_another() {
        let slow = run_within(0u64, Duration::from_millis(50), |_| {
            std::thread::sleep(Duration::from_millis(500));
            1
        });
        assert_eq!(slow, Err(NotDone::Overran));
        let panicked = run_within(0u64, Duration::from_secs(5), |_| -> u64 {
            panic!("een fout in de run")
        });
        assert_eq!(panicked, Err(NotDone::Overran));
        for n in 0..3u64 {
            let name = run_within(n, Duration::from_secs(5), |n| {
                (n, std::thread::current().name().map(str::to_string))
            });
            assert_eq!(name, Ok((n, Some("highs".to_string()))));
        }
    }

    #[test]
    fn the_wait_is_the_limit_and_a_grace() {
        assert_eq!(wait_for(10.0), Duration::from_secs(13));
        assert_eq!(wait_for(60.0), Duration::from_secs(68));
        assert_eq!(wait_for(f64::INFINITY), Duration::MAX);
    }
}
