//! Progress lines while a long solve runs: every few seconds, on standard error, the elapsed
//! time, how many corporations are done, and for each stage being solved its best plan, bound
//! and gap. HiGHS' figures are read from its own log file (the `highs` crate has no callbacks);
//! a run that ends within the first interval prints nothing.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::solve::relative_gap;
use crate::input::values::thousands;

/// The shared state the solving threads report to and the reporter thread reads.
pub struct Progress {
    started: Instant,
    interval: Duration,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    corporations: usize,
    done: usize,
    next: u64,
    active: BTreeMap<u64, Active>,
}

struct Active {
    /// `Woonstichting 3: kosten`
    label: String,
    /// HiGHS' log file while HiGHS solves this stage.
    log: Option<PathBuf>,
    /// Best plan and bound known before HiGHS (start plan, LP relaxation), as minimised.
    best: Option<f64>,
    bound: Option<f64>,
    /// Factor for showing values: -1 when the stage minimises -homes.
    shown: f64,
}

/// A stage being solved; see [`Progress::begin`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket(u64);

/// One line of HiGHS' branch-and-bound table: bound, best plan (if any), gap (if known).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HighsLine {
    pub bound: f64,
    pub best: Option<f64>,
    pub gap: Option<f64>,
}

impl Progress {
    pub fn new(corporations: usize, interval: Duration) -> Progress {
        Progress {
            started: Instant::now(),
            interval,
            state: Mutex::new(State {
                corporations,
                ..State::default()
            }),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        // A poisoned lock only means a reporting thread panicked; the figures are still usable.
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut state)
    }

    /// A stage starts; it minimises, and its values are shown times `shown` (-1 to show homes
    /// for a stage that minimises -homes).
    pub fn begin(&self, label: String, shown: f64) -> Ticket {
        self.with(|s| {
            s.next += 1;
            s.active.insert(
                s.next,
                Active {
                    label,
                    log: None,
                    best: None,
                    bound: None,
                    shown,
                },
            );
            Ticket(s.next)
        })
    }

    /// The best plan and bound known so far, before or without HiGHS.
    pub fn known(&self, ticket: Ticket, best: Option<f64>, bound: Option<f64>) {
        self.with(|s| {
            if let Some(a) = s.active.get_mut(&ticket.0) {
                a.best = best.or(a.best);
                a.bound = bound.or(a.bound);
            }
        });
    }

    /// A log file for HiGHS to write while it solves this stage (removed at [`Progress::end`]).
    pub fn log_file(&self, ticket: Ticket) -> PathBuf {
        let path = std::env::temp_dir().join(format!(
            "retrofit-highs-{}-{}.log",
            std::process::id(),
            ticket.0
        ));
        self.with(|s| {
            if let Some(a) = s.active.get_mut(&ticket.0) {
                a.log = Some(path.clone());
            }
        });
        path
    }

    pub fn end(&self, ticket: Ticket) {
        if let Some(log) = self.with(|s| s.active.remove(&ticket.0).and_then(|a| a.log)) {
            let _ = std::fs::remove_file(log);
        }
    }

    pub fn corporation_done(&self) {
        self.with(|s| s.done += 1);
    }

    /// The progress lines as they stand.
    pub fn lines(&self) -> Vec<String> {
        let elapsed = self.started.elapsed().as_secs();
        let clock = format!("[{}:{:02}]", elapsed / 60, elapsed % 60);
        self.with(|s| {
            let mut lines = Vec::new();
            if s.corporations > 1 {
                lines.push(format!(
                    "{clock} {} van {} corporaties klaar, {} fase(n) bezig",
                    s.done,
                    s.corporations,
                    s.active.len()
                ));
            }
            for a in s.active.values() {
                let highs = a.log.as_deref().and_then(last_highs_line);
                let best = highs.and_then(|h| h.best).or(a.best);
                let bound = match (highs.map(|h| h.bound), a.bound) {
                    (Some(h), Some(b)) => Some(h.max(b)),
                    (h, b) => h.or(b),
                };
                let mut line = format!("{clock} {}: ", a.label);
                let show = |v: f64| thousands((v * a.shown).round() as i64);
                match best {
                    Some(b) => line.push_str(&format!("beste plan {}", show(b))),
                    None => line.push_str("nog geen plan"),
                }
                if let Some(bound) = bound {
                    // A bound is shown rounded to the side it allows: down, for a stage that
                    // minimises (cost, order), and for homes, maximised and whole, down too (a
                    // bound of 468.86 homes allows 468, not the 469 it rounds to; helper 57).
                    let whole_bound = (bound * a.shown + 1e-6).floor();
                    line.push_str(&format!(", grens {}", thousands(whole_bound as i64)));
                    if let Some(best) = best {
                        let gap = relative_gap(best, bound);
                        line.push_str(&format!(", gap {:.2} %", gap * 100.0).replace('.', ","));
                    }
                }
                line.push_str(if a.log.is_some() {
                    " (HiGHS zoekt)"
                } else {
                    " (startplan)"
                });
                lines.push(line);
            }
            lines
        })
    }

    /// Prints the lines every interval until `stop` is set.
    pub fn report_until(&self, stop: &AtomicBool) {
        let mut next = self.interval;
        while !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(20).min(self.interval));
            if self.started.elapsed() >= next {
                let mut err = std::io::stderr().lock();
                for line in self.lines() {
                    let _ = writeln!(err, "{line}");
                }
                next += self.interval;
            }
        }
    }
}

/// The last branch-and-bound line in HiGHS' log file, if any.
fn last_highs_line(path: &Path) -> Option<HighsLine> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines().rev().find_map(parse_highs_line)
}

/// Parses a row of HiGHS' branch-and-bound table, for example
/// ` L       0       0         0   0.00%   5881873.00022   5883803.7248       0.03%     1787    101      0      4957     2.2s`
/// (source letter, nodes, queue, leaves, explored, best bound, best plan, gap, cuts, in LP,
/// conflicts, LP iterations, time).
pub fn parse_highs_line(line: &str) -> Option<HighsLine> {
    let mut tokens: Vec<&str> = line.split_whitespace().collect();
    if tokens.first().is_some_and(|t| t.parse::<f64>().is_err()) {
        tokens.remove(0);
    }
    if tokens.len() != 12 || !tokens[3].ends_with('%') || !tokens[11].ends_with('s') {
        return None;
    }
    let number = |t: &str| t.parse::<f64>().ok().filter(|v| v.is_finite());
    let bound = number(tokens[4])?;
    let best = number(tokens[5]);
    let gap = tokens[6]
        .strip_suffix('%')
        .and_then(number)
        .map(|g| g / 100.0);
    Some(HighsLine { bound, best, gap })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_highs_table_rows_and_nothing_else() {
        let row = " L       0       0         0   0.00%   5881873.00022   5883803.7248       0.03%     1787    101      0      4957     2.2s";
        assert_eq!(
            parse_highs_line(row),
            Some(HighsLine {
                bound: 5881873.00022,
                best: Some(5883803.7248),
                gap: Some(0.0003),
            })
        );
        let no_plan = "         0       0         0   0.00%   -111858.266598  inf                  inf     5116     88    318     12401     7.9s";
        assert_eq!(
            parse_highs_line(no_plan),
            Some(HighsLine {
                bound: -111858.266598,
                best: None,
                gap: None,
            })
        );
        assert_eq!(parse_highs_line("Presolving model"), None);
        assert_eq!(
            parse_highs_line("109 rows, 2074 cols, 8724 nonzeros 0s"),
            None
        );
        assert_eq!(
            parse_highs_line("  Gap               0.0328% (tolerance: 0.1%)"),
            None
        );
    }

    #[test]
    fn lines_name_the_stage_its_plan_bound_and_gap() {
        let p = Progress::new(3, Duration::from_secs(5));
        let t = p.begin("Woonstichting 2: kosten".into(), 1.0);
        p.known(t, Some(1_010_000.0), Some(1_000_000.0));
        p.corporation_done();
        let lines = p.lines();
        assert_eq!(lines.len(), 2);
        assert!(
            lines[0].ends_with("1 van 3 corporaties klaar, 1 fase(n) bezig"),
            "{lines:?}"
        );
        assert!(
            lines[1].ends_with(
                "Woonstichting 2: kosten: beste plan 1.010.000, grens 1.000.000, gap 0,99 % (startplan)"
            ),
            "{lines:?}"
        );
        // HiGHS' log takes over once it has a row.
        let log = p.log_file(t);
        std::fs::write(
            &log,
            "Presolving model\n         1       0         1 100.00%   1005000   1008000       0.30%        0      0      0       410     0.2s\n",
        )
        .unwrap();
        let lines = p.lines();
        assert!(
            lines[1].ends_with("beste plan 1.008.000, grens 1.005.000, gap 0,30 % (HiGHS zoekt)"),
            "{lines:?}"
        );
        p.end(t);
        assert!(!log.exists());
        assert_eq!(p.lines().len(), 1);
        // A homes stage (minimising -homes) shows the whole number of homes its bound allows.
        let t = p.begin("Woonstichting 3: woningen".into(), -1.0);
        p.known(t, Some(-467.0), Some(-468.86));
        let lines = p.lines();
        assert!(
            lines[1].ends_with("woningen: beste plan 467, grens 468, gap 0,40 % (startplan)"),
            "{lines:?}"
        );
    }
}
