//! The schedule as a mixed-integer linear program: one binary per project and allowed start
//! month, budget rows per year, capacity rows per month, solved lexicographically with HiGHS
//! through good_lp (most homes, then lowest cost, then worse labels earlier).
//!
//! `build` does no I/O and prints nothing, so it can be tested and dumped as an LP file.

use serde::Serialize;

use crate::projects::NotPlanned;
use crate::scenario::Month;

/// How the solve ended, in the words the plan uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SolveStatus {
    /// Every stage proven optimal (within the scenario's gap).
    Optimal,
    /// A stage stopped at the time limit: the plan is the best found, not proven optimal.
    TimeLimit,
    /// Homes and cost proven optimal; the tie-break "worse labels earlier" stopped at its time
    /// share with the best order found.
    OrderTimeLimit,
    /// Nothing to schedule: no project has an allowed start.
    Empty,
}

impl SolveStatus {
    pub fn dutch(self) -> &'static str {
        match self {
            SolveStatus::Optimal => "optimaal (bewezen)",
            SolveStatus::TimeLimit => {
                "tijdslimiet bereikt: beste gevonden plan, niet bewezen optimaal"
            }
            SolveStatus::OrderTimeLimit => {
                "optimaal in woningen en kosten (bewezen); volgorde G-F-E: beste binnen de tijdslimiet"
            }
            SolveStatus::Empty => "niets in te plannen",
        }
    }
}

/// One stage of the lexicographic solve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageReport {
    /// `woningen`, `kosten`, `volgorde`
    pub name: String,
    pub status: SolveStatus,
    pub objective: f64,
    /// Best bound HiGHS proved on the objective.
    pub bound: f64,
    /// Relative gap between objective and bound (0 when proven optimal).
    pub gap: f64,
    /// Seconds spent handing the model to HiGHS (good_lp expressions, column matrix).
    pub setup_s: f64,
    pub time_s: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SolveReport {
    pub status: SolveStatus,
    /// Largest relative gap of the stages that decide the plan (homes, cost).
    pub gap: f64,
    pub stages: Vec<StageReport>,
    pub variables: usize,
    pub constraints: usize,
    /// Seconds building the models (rows and columns, and handing them to HiGHS), summed over
    /// corporations and stages.
    pub build_s: f64,
    /// Wall-clock seconds of the whole schedule, build included.
    pub time_s: f64,
    pub solver: String,
}

/// The solved schedule: per project its start month, or the reason it is not planned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schedule {
    pub starts: Vec<Option<Month>>,
    pub reasons: Vec<Option<NotPlanned>>,
    pub report: SolveReport,
}

pub mod binding;
pub mod build;
pub mod lp_file;
pub mod solve;
pub mod start_plan;

use std::collections::BTreeMap;
use std::time::Instant;

use rayon::prelude::*;

use crate::projects::Project;
use crate::scenario::Scenario;
use build::{Milp, RowKind};
pub use solve::SolveError;
use solve::{solve_stage, Sense, StageOptions};

/// Name of the tie-break stage (worse labels earlier).
pub const ORDER_STAGE: &str = "volgorde";

/// How long and how exactly to solve.
#[derive(Debug, Clone)]
pub struct ScheduleOptions {
    /// Seconds for all stages of one corporation together.
    pub time_limit_s: f64,
    pub mip_rel_gap: f64,
    /// Print HiGHS' progress log.
    pub verbose: bool,
}

impl ScheduleOptions {
    pub fn from_scenario(scenario: &Scenario) -> ScheduleOptions {
        ScheduleOptions {
            time_limit_s: scenario.solver.time_limit_s,
            mip_rel_gap: scenario.solver.mip_rel_gap,
            verbose: false,
        }
    }
}

/// The projects of each corporation, which share budget and capacity; corporations are
/// independent of each other.
pub fn corporations(projects: &[Project]) -> Vec<Vec<usize>> {
    let mut by: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in projects.iter().enumerate() {
        by.entry(&p.corporation).or_default().push(i);
    }
    by.into_values().collect()
}

/// The models of every corporation (for `--write-lp` and tests).
pub fn build_all(projects: &[Project], scenario: &Scenario) -> Vec<Milp> {
    corporations(projects)
        .iter()
        .map(|subset| build::build(projects, subset, scenario))
        .collect()
}

/// Schedules every project: corporations are solved independently and in parallel.
pub fn schedule(
    projects: &[Project],
    scenario: &Scenario,
    options: &ScheduleOptions,
) -> Result<Schedule, SolveError> {
    let started = Instant::now();
    let groups = corporations(projects);
    let solved: Vec<Result<CorporationSchedule, SolveError>> = groups
        .par_iter()
        .map(|subset| schedule_corporation(projects, subset, scenario, options))
        .collect();
    let mut starts = vec![None; projects.len()];
    let mut reasons = vec![None; projects.len()];
    let mut stages = Vec::new();
    let (mut variables, mut constraints) = (0, 0);
    let mut build_s = 0.0;
    let several = groups.len() > 1;
    for (subset, result) in groups.iter().zip(solved) {
        let r = result?;
        for &p in subset {
            starts[p] = r.starts[p];
            reasons[p] = r.reasons[p].clone();
        }
        variables += r.variables;
        build_s += r.build_s + r.stages.iter().map(|s| s.setup_s).sum::<f64>();
        constraints += r.constraints;
        for mut s in r.stages {
            if several {
                s.name = format!("{}: {}", projects[subset[0]].corporation, s.name);
            }
            stages.push(s);
        }
    }
    // Homes and cost decide the plan; the ordering stage is a tie-break among plans of equal
    // cost, reported on its own line when it did not finish.
    let is_order = |s: &StageReport| s.name.ends_with(ORDER_STAGE);
    let status = if stages.is_empty() {
        SolveStatus::Empty
    } else if stages
        .iter()
        .any(|s| !is_order(s) && s.status == SolveStatus::TimeLimit)
    {
        SolveStatus::TimeLimit
    } else if stages.iter().any(|s| s.status == SolveStatus::TimeLimit) {
        SolveStatus::OrderTimeLimit
    } else {
        SolveStatus::Optimal
    };
    let gap = stages
        .iter()
        .filter(|s| !is_order(s))
        .map(|s| s.gap)
        .fold(0.0, f64::max);
    Ok(Schedule {
        starts,
        reasons,
        report: SolveReport {
            status,
            gap,
            stages,
            variables,
            constraints,
            build_s,
            time_s: started.elapsed().as_secs_f64(),
            solver: "HiGHS (via good_lp)".into(),
        },
    })
}

struct CorporationSchedule {
    starts: Vec<Option<Month>>,
    reasons: Vec<Option<NotPlanned>>,
    stages: Vec<StageReport>,
    variables: usize,
    constraints: usize,
    build_s: f64,
}

/// Lexicographic solve of one corporation: (1) most homes, (2) then lowest escalated cost with
/// the homes held, (3) then worse labels earlier with the cost held. Each stage starts from the
/// previous stage's plan, so a time limit always leaves a valid plan.
fn schedule_corporation(
    projects: &[Project],
    subset: &[usize],
    scenario: &Scenario,
    options: &ScheduleOptions,
) -> Result<CorporationSchedule, SolveError> {
    let started = Instant::now();
    let mut milp = build::build(projects, subset, scenario);
    let build_s = started.elapsed().as_secs_f64();
    let (variables, constraints) = (milp.columns.len(), milp.rows.len());
    let mut stages = Vec::new();
    let mut values = start_plan::greedy_most_homes(&milp);
    if !milp.columns.is_empty() {
        let stage_options = |started: &Instant, mip_abs_gap: f64| StageOptions {
            time_limit_s: (options.time_limit_s - started.elapsed().as_secs_f64()).max(0.1),
            mip_rel_gap: options.mip_rel_gap,
            mip_abs_gap,
            verbose: options.verbose,
            relaxed: false,
        };
        // Stage 1: most homes. When the greedy plan already places every project that has a
        // start, that is the proven optimum and HiGHS is not needed.
        let all_homes: f64 = {
            let mut seen = BTreeMap::new();
            for (j, c) in milp.columns.iter().enumerate() {
                seen.insert(c.project, milp.homes[j]);
            }
            seen.values().sum()
        };
        let greedy_homes = dot(&values, &milp.homes);
        let homes = if greedy_homes >= all_homes - 0.5 {
            stages.push(StageReport {
                name: "woningen".into(),
                status: SolveStatus::Optimal,
                objective: greedy_homes,
                bound: all_homes,
                gap: 0.0,
                setup_s: 0.0,
                time_s: 0.0,
            });
            greedy_homes
        } else {
            let r = solve_stage(
                "woningen",
                &milp,
                &milp.homes.clone(),
                Sense::Maximise,
                &values,
                &stage_options(&started, 0.99),
            )?;
            values = r.values;
            let h = r.report.objective;
            stages.push(r.report);
            h
        };
        let all_columns: Vec<usize> = (0..milp.columns.len()).collect();
        milp.add_row(
            RowKind::Stage,
            "stage[woningen]".into(),
            all_columns.iter().map(|&j| (j, milp.homes[j])).collect(),
            homes - 0.5,
            f64::INFINITY,
        );
        // Stage 2: lowest escalated cost for that many homes, from the cheaper of the plan so far
        // and a cost-greedy plan that keeps as many homes.
        let cost = milp.cost_eur.clone();
        let mut candidates = vec![start_plan::greedy_cheapest(&milp)];
        let lp_options = StageOptions {
            relaxed: true,
            ..stage_options(&started, 1.0)
        };
        if let Ok(lp) = solve_stage("lp", &milp, &cost, Sense::Minimise, &[], &lp_options) {
            candidates.push(start_plan::lp_guided(&milp, &lp.values));
            // RENS: the MILP over the starts the LP uses (plus the plan so far, so it stays
            // feasible) is small, and its optimum is a near-optimal plan to start from.
            // Each project keeps every start in the years the LP or the plan so far gives it:
            // the LP's own starts alone leave too little room to pack the months.
            let mut years: BTreeMap<(usize, i32), ()> = BTreeMap::new();
            for (j, c) in milp.columns.iter().enumerate() {
                if lp.values[j] > 1e-6 || values[j] > 0.5 {
                    years.insert((c.project, c.start.year()), ());
                }
            }
            let keep: Vec<bool> = milp
                .columns
                .iter()
                .map(|c| years.contains_key(&(c.project, c.start.year())))
                .collect();
            let (sub, kept) = milp.restrict(&keep, true);
            let sub_initial: Vec<f64> = kept.iter().map(|&j| values[j]).collect();
            // At most a tenth of the time limit: on large stocks the full model's own search
            // is the better use of the time.
            let sub_options = StageOptions {
                time_limit_s: ((options.time_limit_s - started.elapsed().as_secs_f64()) * 0.3)
                    .min(options.time_limit_s * 0.1)
                    .max(0.1),
                ..stage_options(&started, 1.0)
            };
            let sub_cost: Vec<f64> = kept.iter().map(|&j| cost[j]).collect();
            if let Ok(r) = solve_stage(
                "rens",
                &sub,
                &sub_cost,
                Sense::Minimise,
                &sub_initial,
                &sub_options,
            ) {
                let mut cand = vec![0.0; milp.columns.len()];
                for (k, &j) in kept.iter().enumerate() {
                    cand[j] = r.values[k];
                }
                candidates.push(cand);
            }
        }
        for cand in candidates {
            if dot(&cand, &milp.homes) >= homes - 0.5 && dot(&cand, &cost) < dot(&values, &cost) {
                values = cand;
            }
        }
        let r = solve_stage(
            "kosten",
            &milp,
            &cost,
            Sense::Minimise,
            &values,
            &stage_options(&started, 1.0),
        )?;
        values = r.values;
        stages.push(r.report);
        // Stage 3: worse labels earlier, for that cost. A plan of equal cost keeps the same
        // projects, each at a start of the same cost (the same escalation year), so stage 3
        // reorders within those: an exact tie-break without a knife-edge cost row.
        let keep: Vec<bool> = {
            let chosen: BTreeMap<usize, f64> = milp
                .columns
                .iter()
                .enumerate()
                .filter(|&(j, _)| values[j] > 0.5)
                .map(|(j, c)| (c.project, milp.cost_eur[j]))
                .collect();
            milp.columns
                .iter()
                .enumerate()
                .map(|(j, c)| {
                    chosen.get(&c.project).is_some_and(|&cost| {
                        (milp.cost_eur[j] - cost).abs() <= 1e-6 * cost.max(1.0)
                    })
                })
                .collect()
        };
        let (mut tie_break, kept) = milp.restrict(&keep, false);
        tie_break.require_one_start(projects);
        let initial: Vec<f64> = kept.iter().map(|&j| values[j]).collect();
        let lateness = tie_break.lateness.clone();
        // The tie-break gets at most a quarter of the time limit.
        let order_options = StageOptions {
            time_limit_s: (options.time_limit_s - started.elapsed().as_secs_f64())
                .min(options.time_limit_s * 0.25)
                .max(0.1),
            ..stage_options(&started, 0.99)
        };
        let r = solve_stage(
            ORDER_STAGE,
            &tie_break,
            &lateness,
            Sense::Minimise,
            &initial,
            &order_options,
        )?;
        values = vec![0.0; milp.columns.len()];
        for (k, &j) in kept.iter().enumerate() {
            values[j] = r.values[k];
        }
        stages.push(r.report);
    }
    let mut starts = vec![None; projects.len()];
    for (j, c) in milp.columns.iter().enumerate() {
        if values[j] > 0.5 {
            starts[c.project] = Some(c.start);
        }
    }
    let reasons = binding::reasons(&milp, &values, projects.len());
    Ok(CorporationSchedule {
        starts,
        reasons,
        stages,
        variables,
        constraints,
        build_s,
    })
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
