//! Solving one stage of the lexicographic objective: the model goes to HiGHS through good_lp,
//! and the solved HiGHS model is read directly for status, bound and gap (good_lp does not
//! report those).

use std::time::Instant;

use good_lp::solvers::highs::highs;
use good_lp::{variable, Expression, ProblemVariables, SolverModel, Variable};
use highs::{HighsModelStatus, HighsSolutionStatus};

use super::build::Milp;
use super::project_vars::{self, ProjectVars, RowForm};
use super::watchdog;
use super::work_limit::{self, WorkLimit};
use super::{SolveStatus, StageKind, StageMethod, StageReport};

/// Options for one stage.
#[derive(Debug, Clone)]
pub struct StageOptions {
    pub time_limit_s: f64,
    pub mip_rel_gap: f64,
    /// Absolute gap at which a stage with a fractional objective (cost) counts as solved: a euro.
    pub mip_abs_gap: f64,
    /// Which objective: homes and the order (urgency-months) are whole numbers for every plan,
    /// and such a stage is proven only when the bound lies less than one unit from the best
    /// plan, whatever the relative gap.
    pub kind: StageKind,
    /// Print HiGHS' progress log (elapsed, best plan, bound, gap) while it solves.
    pub verbose: bool,
    /// Solve the LP relaxation (every binary in [0, 1]) instead of the MILP.
    pub relaxed: bool,
    /// Let HiGHS write its log here (for the progress lines), unless `verbose`.
    pub log_file: Option<std::path::PathBuf>,
    /// How far HiGHS may branch: a work limit that ends the stage the same way on every run
    /// and machine, where a time limit would not.
    pub branching: Branching,
    /// Added to the plan's value in the relative gap ([`stage_gap`]): in a re-plan, the cost
    /// of the work done, running or contracted, which the cost stage's objective leaves out,
    /// so that the cost gap is a share of the whole plan's cost, as in the first plan. 0
    /// elsewhere.
    pub gap_base: f64,
    /// The work this stage's HiGHS runs may spend (src/model/work_limit.rs), so that a stage
    /// that is not proven ends at the same point on every run; `None`: the time limit alone.
    pub work: Option<WorkLimit>,
}

#[cfg(test)]
impl StageOptions {
    /// For tests: a whole-number stage of `kind` with full branch and bound, proven to the
    /// unit, 20 s, no work limit.
    pub(crate) fn exact_for_tests(kind: StageKind) -> StageOptions {
        StageOptions {
            time_limit_s: 20.0,
            mip_rel_gap: 0.0,
            mip_abs_gap: 0.5,
            kind,
            verbose: false,
            relaxed: false,
            log_file: None,
            branching: Branching::Full,
            gap_base: 0.0,
            work: None,
        }
    }
}

/// How far a stage may go beyond its starting plans and the LP bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Branching {
    /// HiGHS' branch and bound until proven (or the time limit).
    Full,
    /// HiGHS' root node only (presolve, cuts, the cheaper heuristics; no RINS or RENS sub-MIPs,
    /// no branching), then the best plan found.
    Root,
    /// HiGHS' root node with its RINS and RENS sub-MIPs and without presolve, no branching: for
    /// an order model too large for [`Branching::Root`] whose best start is already close to
    /// the LP bound (`ORDER_ROOT_MAX_LP_GAP` in src/model/mod.rs).
    RootWithSubMips,
    /// HiGHS' branch and bound up to this many nodes, without RINS and RENS: for small order
    /// models, whose root often leaves a gap that a few branches close (`ORDER_TREE_NODES` in
    /// src/model/mod.rs).
    Nodes(i32),
    /// No branch and bound: the best starting plan after local search, with the LP bound.
    None,
}

#[derive(Debug, thiserror::Error)]
pub enum SolveError {
    #[error("de solver HiGHS gaf een fout: {0}")]
    Highs(String),
    #[error("de solver vond binnen de tijdslimiet geen enkel plan")]
    NoSolution,
    /// HiGHS proved that the model has no plan at all (a stage always has one, its starting
    /// plan; a question such as src/model/one_more.rs asks may have none).
    #[error("het model heeft geen enkel plan")]
    Infeasible,
}

pub struct StageResult {
    /// Value per column, rounded to 0/1.
    pub values: Vec<f64>,
    pub report: StageReport,
}

/// Solves `milp` for the lowest `objective`, starting from `initial` (a feasible 0/1 plan).
pub fn solve_stage(
    name: &str,
    milp: &Milp,
    objective: &[f64],
    initial: &[f64],
    options: &StageOptions,
) -> Result<StageResult, SolveError> {
    let started = Instant::now();
    // HiGHS runs on a thread of its own, on its own copy of the model, and is waited for at
    // most its time limit and a grace period (src/model/watchdog.rs).
    let job = (
        milp.clone(),
        objective.to_vec(),
        initial.to_vec(),
        options.clone(),
    );
    let wait = watchdog::wait_for(options.time_limit_s);
    let run = |(milp, objective, initial, options): (Milp, Vec<f64>, Vec<f64>, StageOptions)| {
        run_highs(&milp, &objective, &initial, &options)
    };
    let solved = match watchdog::run_within(job, wait, run) {
        Ok(answer) => answer?,
        Err(watchdog::NotDone::NoThread(why)) => {
            return Err(SolveError::Highs(format!("geen thread voor HiGHS: {why}")))
        }
        Err(watchdog::NotDone::Overran) => {
            // What the run left behind spends is not known: its whole share counts as spent.
            if let Some(work) = &options.work {
                let nonzeros = nonzeros(milp);
                work.account.spend(work.iterations(nonzeros), nonzeros);
            }
            return overran(name, milp, objective, initial, options, started);
        }
    };
    if let (Some(work), false) = (&options.work, options.relaxed) {
        work.account.spend(solved.lp_iterations, nonzeros(milp));
    }
    let setup_s = solved.setup_s;
    let highs_status = match solved.status {
        HighsModelStatus::Optimal => SolveStatus::Optimal,
        HighsModelStatus::ModelEmpty => SolveStatus::Optimal,
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt
        | HighsModelStatus::ReachedMemoryLimit => SolveStatus::LimitReached,
        // Every column is bounded, so no model here is unbounded: either means no plan.
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => {
            return Err(SolveError::Infeasible)
        }
        other => return Err(SolveError::Highs(format!("status {other:?}"))),
    };
    if !options.relaxed {
        dump_stage(name, highs_status, milp, objective, initial);
    }
    let has_solution = milp.columns.is_empty() || solved.feasible;
    let from_highs = |solved: &HighsAnswer| -> Vec<f64> {
        solved
            .columns
            .iter()
            .map(|&v| if options.relaxed { v } else { v.round() })
            .collect()
    };
    // A plan that breaks a row is never handed on, whatever HiGHS says of it: the starting plan
    // (feasible) stands instead.
    let usable = |values: &Vec<f64>| options.relaxed || milp.satisfies(values);
    let values: Vec<f64> = if has_solution && usable(&from_highs(&solved)) {
        from_highs(&solved)
    } else if initial.len() == milp.columns.len() {
        // HiGHS kept no plan of its own: the starting plan is still valid.
        initial.to_vec()
    } else {
        return Err(SolveError::NoSolution);
    };
    let value: f64 = values.iter().zip(objective).map(|(x, c)| x * c).sum();
    // HiGHS' bound, where it can be trusted.
    let mut proven = solved.dual_bound;
    let mut trusted = true;
    let mut clock_cut = solved.status == HighsModelStatus::ReachedTimeLimit || solved.at_time_limit;
    // HiGHS 1.16, given a starting plan, has been seen to report an optimal objective while
    // handing back the starting plan's columns (a cost stage at € 331,574 "optimal", the columns
    // worth € 388,449; helper 56: a start of € 422,748 that presolve reduced to "€ 271,043,
    // optimal", both bounds without the fixed columns' cost). The columns are what we plan by,
    // so when they disagree with HiGHS' own objective, its bound is not trusted either, and the
    // stage is solved again without the starting plan.
    if has_solution
        && !options.relaxed
        && !initial.is_empty()
        && (value - solved.objective_value).abs() > 1e-6 * value.abs().max(1.0) + 1e-6
    {
        proven = None;
        trusted = false;
        let elapsed = started.elapsed().as_secs_f64();
        if elapsed < options.time_limit_s {
            let retry = StageOptions {
                time_limit_s: (options.time_limit_s - elapsed).max(0.01),
                ..options.clone()
            };
            // No answer from the re-solve (HiGHS left behind on the clock): the plan below,
            // with no bound of HiGHS (the caller adds the LP's).
            if let Ok(mut again) = solve_stage(name, milp, objective, &[], &retry) {
                if again.report.objective <= value {
                    again.report.time_s = started.elapsed().as_secs_f64();
                    again.report.start_objective =
                        initial.iter().zip(objective).map(|(x, c)| x * c).sum();
                    return Ok(again);
                }
                // The re-solve's plan is worse than the start, but its bound holds for the
                // model: the starting plan is held against it (helper 56: HiGHS' second run
                // ended at € 422,938 with bound € 422,556, which proves the start within
                // 0.05 %, where the LP's bound alone said 0.11 %).
                if again.report.bound_known {
                    proven = Some(again.report.bound);
                }
                clock_cut |= again.report.clock_cut;
            }
        }
    }
    // The gap reported is the relative distance to the proven bound, whatever HiGHS' status.
    // Without any proven bound (stopped before the root LP) it is reported as 100 %.
    let (bound, gap) = match proven {
        Some(b) => (b, stage_gap(value, b, options)),
        None if options.relaxed || milp.columns.is_empty() => (value, 0.0),
        None => (value, 1.0),
    };
    // Proven is what the numbers say, with the stage's own standard (to the unit for whole
    // numbers), not HiGHS' status alone.
    let status = match proven {
        Some(_) if !options.relaxed && !milp.columns.is_empty() => {
            if is_proven(value, bound, options) {
                SolveStatus::Optimal
            } else {
                SolveStatus::LimitReached
            }
        }
        // No bound from a run whose objective disagreed with its columns: not proven.
        None if !trusted => SolveStatus::LimitReached,
        // No bound to check: HiGHS' word, given the gaps it was set to stop at.
        _ => highs_status,
    };
    // Stopped by its time limit, or by its work when it had run as long as its time limit: HiGHS
    // limits its sub-MIPs, LPs and presolve by the time that remains, so at that point the
    // clock may have cut one short (seen: the same 20,000-home cost stage at `--tijdslimiet 3`
    // stopped on its work after 6,340 to 7,608 LP iterations in four runs, a sub-MIP having run
    // up to the time limit, with four different plans).
    let start_objective = if initial.len() == values.len() {
        initial.iter().zip(objective).map(|(x, c)| x * c).sum()
    } else {
        value
    };
    Ok(StageResult {
        values,
        report: StageReport {
            name: name.to_string(),
            kind: options.kind,
            status,
            objective: value,
            bound,
            bound_known: proven.is_some() || options.relaxed || milp.columns.is_empty(),
            gap,
            setup_s,
            time_s: started.elapsed().as_secs_f64(),
            method: match options.branching {
                Branching::Root | Branching::RootWithSubMips => StageMethod::RootNode,
                Branching::Nodes(_) => StageMethod::NodeLimit,
                Branching::Full | Branching::None => StageMethod::BranchAndBound,
            },
            start_objective,
            // Ended by its work limit, a stage ends the same way on every run; by the clock not.
            clock: status != SolveStatus::Optimal && clock_cut,
            clock_cut,
            window_gain: 0.0,
        },
    })
}

/// What one HiGHS run answered, as plain data (it crosses from HiGHS' thread).
struct HighsAnswer {
    status: HighsModelStatus,
    /// HiGHS holds a feasible plan.
    feasible: bool,
    columns: Vec<f64>,
    objective_value: f64,
    dual_bound: Option<f64>,
    /// Seconds spent handing the model to HiGHS.
    setup_s: f64,
    /// HiGHS' LP iterations, over the whole branch and bound (0 for an LP).
    lp_iterations: u64,
    /// The run lasted its time limit (counted from before the model was built, so no later
    /// than HiGHS' own clock): whatever stopped it, a part of it may have stopped on the clock.
    at_time_limit: bool,
}

/// Builds `milp` in HiGHS with the stage's options, starting from `initial`, and solves it.
fn run_highs(
    milp: &Milp,
    objective: &[f64],
    initial: &[f64],
    options: &StageOptions,
) -> Result<HighsAnswer, SolveError> {
    let started = Instant::now();
    let mut vars = ProblemVariables::new();
    let xs: Vec<Variable> = milp
        .columns
        .iter()
        .enumerate()
        .map(|(j, c)| {
            let v = variable().name(c.name.clone());
            // A column counting identical projects (src/model/symmetry.rs) is a whole number up
            // to their number; every other column a binary.
            let upper = milp.column_upper.get(j).copied().unwrap_or(1.0);
            vars.add(if options.relaxed {
                v.min(0.0).max(upper)
            } else if upper > 1.0 {
                v.integer().min(0.0).max(upper)
            } else {
                v.binary()
            })
        })
        .collect();
    // One integer per project that may be left out, for HiGHS to branch on
    // (src/model/project_vars.rs); not in an LP, where it would change nothing, nor in a
    // stage that counts homes, where HiGHS 1.16 can hang on them (see that module).
    let projects = if options.relaxed || project_vars::left_out_of(options.kind) {
        ProjectVars::none()
    } else {
        ProjectVars::of(milp)
    };
    let ys: Vec<Variable> = projects
        .vars
        .iter()
        .map(|p| {
            let v = variable().min(p.lower).max(p.upper);
            vars.add(if p.upper > 1.0 {
                v.integer()
            } else {
                v.binary()
            })
        })
        .collect();
    let mut goal = Expression::with_capacity(xs.len());
    for (x, &c) in xs.iter().zip(objective) {
        if c != 0.0 {
            goal.add_mul(c, *x);
        }
    }
    let mut problem = vars.minimise(goal).using(highs);
    for (i, row) in milp.rows.iter().enumerate() {
        let mut lhs = Expression::with_capacity(row.terms.len() + 1);
        let form = projects.rows.get(i);
        if let Some(RowForm::OnProjects(terms)) = form {
            for &(k, v) in terms {
                lhs.add_mul(v, ys[k]);
            }
        } else {
            for &(j, v) in &row.terms {
                lhs.add_mul(v, xs[j]);
            }
        }
        if let Some(RowForm::Link(k)) = form {
            lhs.add_mul(-1.0, ys[*k]);
            problem.add_constraint(lhs.eq(0.0));
            continue;
        }
        if row.upper.is_finite() && row.lower.is_finite() && row.lower == row.upper {
            problem.add_constraint(lhs.eq(row.upper));
            continue;
        }
        if row.upper.is_finite() {
            problem.add_constraint(lhs.clone().leq(row.upper));
        }
        if row.lower.is_finite() && row.lower > 0.0 {
            problem.add_constraint(lhs.geq(row.lower));
        }
    }
    let mut model = problem
        .try_into_inner()
        .map_err(|e| SolveError::Highs(e.to_string()))?;
    let set = |model: &mut highs::Model, key: &str, value: f64| {
        model
            .try_set_option(key, value)
            .map_err(|e| SolveError::Highs(format!("optie {key}: {e:?}")))
    };
    set(&mut model, "time_limit", options.time_limit_s.max(0.01))?;
    if options.kind.integral() {
        // HiGHS rounds the bound of a whole-number objective up; stop only when the rounded
        // bound meets the plan.
        set(&mut model, "mip_rel_gap", 0.0)?;
        set(&mut model, "mip_abs_gap", 0.5)?;
    } else {
        set(&mut model, "mip_rel_gap", options.mip_rel_gap)?;
        set(&mut model, "mip_abs_gap", options.mip_abs_gap)?;
    }
    // A question without objective (src/model/one_more.rs) keeps HiGHS' presolve, which
    // answered it sooner there.
    let asks = objective.iter().all(|&c| c == 0.0);
    if matches!(options.kind, StageKind::Homes | StageKind::Stability) && !options.relaxed && !asks
    {
        // The homes stage reaches HiGHS with the best plan the local search found, which is
        // usually optimal; what is left is the proof. Without presolve and with a small cut pool
        // HiGHS proves it faster: the sample at half its budget (287 homes), 7.7 s against
        // 1.5 s (release, 2 runs each). Likewise the stability stage: its 28 models that went
        // to HiGHS in the budget series of the sample and of helpers 110 and 111's stocks
        // (dumped with RETROFIT_DUMP_STAGES, HiGHS 1.16 alone, one thread, from their starting
        // plans) took 49.8 s together against 79.7 s with presolve and the default pool; the
        // sample's 60 % step 1.6 s against 6.4 s (on a busy machine; the same optima).
        model
            .try_set_option("presolve", "off")
            .map_err(|e| SolveError::Highs(format!("optie presolve: {e:?}")))?;
        model
            .try_set_option("mip_pool_soft_limit", 100)
            .map_err(|e| SolveError::Highs(format!("optie mip_pool_soft_limit: {e:?}")))?;
    }
    if options.branching == Branching::RootWithSubMips && !options.relaxed {
        // Without presolve the root's cuts reach the bound sooner on these models (measured at
        // ORDER_ROOT_MAX_LP_GAP).
        model
            .try_set_option("mip_max_nodes", 1)
            .map_err(|e| SolveError::Highs(format!("optie mip_max_nodes: {e:?}")))?;
        model
            .try_set_option("presolve", "off")
            .map_err(|e| SolveError::Highs(format!("optie presolve: {e:?}")))?;
    }
    let max_nodes = match options.branching {
        Branching::Root => Some(1),
        Branching::Nodes(n) => Some(n),
        _ => None,
    };
    if let (Some(nodes), false) = (max_nodes, options.relaxed) {
        // Measured on the 276 order stages of the sector benchmark (dumped with
        // RETROFIT_DUMP_STAGES, HiGHS 1.16 alone): with RINS and RENS the root took up to 3.9 s
        // on models under 1,000 columns, without them up to 0.9 s, proving 68 of 124 (against
        // 81) in the 500-1,000 column range and the 8,000-home stock's order all the same.
        model
            .try_set_option("mip_max_nodes", nodes)
            .map_err(|e| SolveError::Highs(format!("optie mip_max_nodes: {e:?}")))?;
        for key in ["mip_heuristic_run_rins", "mip_heuristic_run_rens"] {
            model
                .try_set_option(key, false)
                .map_err(|e| SolveError::Highs(format!("optie {key}: {e:?}")))?;
        }
    }
    if options.kind == StageKind::Order && !options.relaxed {
        // A small cut pool: the order stage is proven at the root with HiGHS' cuts, and with
        // the default pool (10,000) HiGHS spends longer managing it. Measured on the sample
        // (release, 5 paired runs on a loaded 2-core machine): solve 0.17-0.35 s against
        // 0.29-0.60 s, the same plan and proof.
        model
            .try_set_option("mip_pool_soft_limit", 100)
            .map_err(|e| SolveError::Highs(format!("optie mip_pool_soft_limit: {e:?}")))?;
    }
    // Expert knob for benchmarking HiGHS options: RETROFIT_HIGHS_OPTIONS="key=value,key=value".
    if let Ok(extra) = std::env::var("RETROFIT_HIGHS_OPTIONS") {
        for pair in extra.split(',').filter(|p| !p.trim().is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let (k, v) = (k.trim(), v.trim());
            let result = if let Ok(i) = v.parse::<i32>() {
                model.try_set_option(k, i)
            } else if let Ok(f) = v.parse::<f64>() {
                model.try_set_option(k, f)
            } else if let Ok(b) = v.parse::<bool>() {
                model.try_set_option(k, b)
            } else {
                model.try_set_option(k, v)
            };
            result.map_err(|e| SolveError::Highs(format!("optie {k}: {e:?}")))?;
        }
    }
    if options.verbose {
        model.set_option("output_flag", true);
        model.set_option("log_to_console", true);
    } else if let Some(path) = options.log_file.as_ref().and_then(|p| p.to_str()) {
        model.set_option("output_flag", true);
        model.set_option("log_to_console", false);
        model
            .try_set_option("log_file", path)
            .map_err(|e| SolveError::Highs(format!("optie log_file: {e:?}")))?;
    }
    let setup_s = started.elapsed().as_secs_f64();
    if initial.len() == milp.columns.len() && !options.relaxed {
        let mut start = initial.to_vec();
        start.extend(projects.values_of(initial));
        model
            .try_set_solution(Some(&start), None, None, None)
            .map_err(|e| SolveError::Highs(format!("startoplossing: {e:?}")))?;
    }
    // Kept until HiGHS has returned: the callback reads it during the solve.
    let interrupt = match (&options.work, options.relaxed) {
        (Some(work), false) => Some(work_limit::install(
            model.as_mut_ptr(),
            work.iterations(nonzeros(milp)),
            work,
        )?),
        _ => None,
    };
    let solved = model
        .try_solve()
        .map_err(|e| SolveError::Highs(format!("{e:?}")))?;
    let at_time_limit = started.elapsed().as_secs_f64() >= options.time_limit_s.max(0.01);
    let lp_iterations = if interrupt.is_some() {
        u64::try_from(solved.simplex_iteration_count()).unwrap_or(0)
    } else {
        0
    };
    drop(interrupt);
    Ok(HighsAnswer {
        lp_iterations,
        status: solved.status(),
        feasible: solved.primal_solution_status() == HighsSolutionStatus::Feasible,
        // The model's columns come first; the projects' variables after them.
        columns: solved
            .get_solution()
            .columns()
            .iter()
            .take(milp.columns.len())
            .copied()
            .collect(),
        objective_value: solved.objective_value(),
        dual_bound: solved
            .double_info_value(c"mip_dual_bound")
            .ok()
            .filter(|b| b.is_finite()),
        setup_s,
        at_time_limit,
    })
}

/// A stage whose HiGHS run was left behind past its time limit: the starting plan, with no
/// bound of HiGHS (the caller adds the LP's); without a starting plan (the LP, a re-solve) an
/// error, which those callers treat as no answer.
fn overran(
    name: &str,
    milp: &Milp,
    objective: &[f64],
    initial: &[f64],
    options: &StageOptions,
    started: Instant,
) -> Result<StageResult, SolveError> {
    if options.relaxed || initial.len() != milp.columns.len() {
        return Err(SolveError::Highs(
            "HiGHS stopte niet op de tijdslimiet".to_string(),
        ));
    }
    dump_stage(name, SolveStatus::LimitReached, milp, objective, initial);
    let value: f64 = initial.iter().zip(objective).map(|(x, c)| x * c).sum();
    Ok(StageResult {
        values: initial.to_vec(),
        report: StageReport {
            name: name.to_string(),
            kind: options.kind,
            status: SolveStatus::LimitReached,
            objective: value,
            bound: value,
            bound_known: false,
            gap: 1.0,
            setup_s: 0.0,
            time_s: started.elapsed().as_secs_f64(),
            method: StageMethod::HighsOverran,
            start_objective: value,
            clock: true,
            clock_cut: true,
            window_gain: 0.0,
        },
    })
}

/// The model's nonzeros, which set what an LP iteration costs (src/model/work_limit.rs).
pub(super) fn nonzeros(milp: &Milp) -> usize {
    milp.rows.iter().map(|r| r.terms.len()).sum()
}

/// Whether a plan of objective `value` (minimised) is proven by `bound`: for a whole-number
/// objective when the bound lies less than one unit below it (with a margin for the LP's
/// tolerances, so a bound of 4,262.9996 does not "prove" 4,262 when 4,263 may fit); otherwise
/// within the relative gap or a euro.
pub fn is_proven(value: f64, bound: f64, options: &StageOptions) -> bool {
    if !bound.is_finite() {
        return false;
    }
    if options.kind.integral() {
        value - bound < 1.0 - integral_margin(bound)
    } else {
        stage_gap(value, bound, options) <= options.mip_rel_gap
            || value - bound <= options.mip_abs_gap
    }
}

/// Whether a plan of value `value` counts as equal to the best plan found, `best`, in a stage
/// that is not proven: the same whole number, or for cost within the stage's target gap (the
/// tolerance within which a proven cost stage calls plans optimal).
pub fn within_target(value: f64, best: f64, options: &StageOptions) -> bool {
    if options.kind.integral() {
        value - best < 0.5
    } else {
        stage_gap(value, best, options) <= options.mip_rel_gap
            || value - best <= options.mip_abs_gap
    }
}

/// The LP's bound on a whole-number objective is trusted to within this margin.
pub fn integral_margin(bound: f64) -> f64 {
    1e-6 * bound.abs().max(1.0) + 1e-6
}

/// The stage's relative gap: [`relative_gap`] with [`StageOptions::gap_base`] added to the
/// plan's value.
pub fn stage_gap(value: f64, bound: f64, options: &StageOptions) -> f64 {
    ((value - bound).abs() / (value.abs() + options.gap_base).max(1.0)).max(0.0)
}

/// |value - bound| / max(|value|, 1): HiGHS' definition of the relative gap, safe at zero.
pub fn relative_gap(value: f64, bound: f64) -> f64 {
    ((value - bound).abs() / value.abs().max(1.0)).max(0.0)
}

/// Expert knob for measuring stages outside retrofit: with `RETROFIT_DUMP_STAGES=DIR`, every
/// MIP a stage handed HiGHS, and every stage left unproven without HiGHS (its best starting
/// plan against the LP bound), is written to `DIR/<stage>-<how it ended>-<n>.lp` (`optimaal` or
/// `open`), with its starting plan (the columns at 1) in `DIR/<stage>-<how>-<n>.start`. The
/// first write says on standard error where the models go, or why they cannot; the plan goes
/// on either way (it is a diagnostic).
pub(super) fn dump_stage(
    name: &str,
    status: SolveStatus,
    milp: &Milp,
    objective: &[f64],
    initial: &[f64],
) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let Some(dir) = std::env::var_os("RETROFIT_DUMP_STAGES") else {
        return;
    };
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let how = if status == SolveStatus::Optimal {
        "optimaal"
    } else {
        "open"
    };
    let file = format!("{}-{how}-{n}", name.replace([' ', ':', '/'], "_"));
    let base = std::path::Path::new(&dir).join(file);
    let lp = super::lp_file::stage_to_lp(milp, objective, name);
    let start: String = milp
        .columns
        .iter()
        .zip(initial)
        .filter(|(_, &v)| v > 0.5)
        .map(|(c, &v)| {
            // A column counting alike projects (src/model/symmetry.rs) with its count.
            if v > 1.5 {
                format!("{} {v}\n", super::lp_file::lp_name(&c.name))
            } else {
                format!("{}\n", super::lp_file::lp_name(&c.name))
            }
        })
        .collect();
    // A folder not there yet is made (helper 91: one warning, then nothing dumped).
    let written = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(base.with_extension("lp"), lp))
        .and_then(|()| std::fs::write(base.with_extension("start"), start));
    // Said once on standard error: where the models go, or why they cannot.
    static SAID: std::sync::Once = std::sync::Once::new();
    SAID.call_once(|| match &written {
        Ok(()) => eprintln!(
            "RETROFIT_DUMP_STAGES: de modellen van de solverstappen worden geschreven naar {}",
            std::path::Path::new(&dir).display()
        ),
        Err(e) => eprintln!(
            "Let op: RETROFIT_DUMP_STAGES: kan {} niet schrijven: {e}",
            base.with_extension("lp").display()
        ),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(kind: StageKind) -> StageOptions {
        StageOptions {
            branching: Branching::Full,
            time_limit_s: 1.0,
            mip_rel_gap: 0.001,
            mip_abs_gap: 1.0,
            kind,
            verbose: false,
            relaxed: false,
            log_file: None,
            gap_base: 0.0,
            work: None,
        }
    }

    /// In a re-plan the cost stage plans the open projects only; the work done, running or
    /// contracted counts in the base of the gap, as it did in the first plan.
    #[test]
    fn the_cost_gap_of_a_re_plan_counts_the_pinned_work() {
        let open_only = options(StageKind::Cost);
        // EUR 896,881 against a bound of 895,785: 0.12 % of the open projects alone.
        assert!(!is_proven(896_881.0, 895_785.0, &open_only));
        let whole = StageOptions {
            gap_base: 343_120.0,
            ..open_only.clone()
        };
        // 0.088 % of the whole plan's EUR 1,240,001.
        assert!(is_proven(896_881.0, 895_785.0, &whole));
        assert!((stage_gap(896_881.0, 895_785.0, &whole) - 1_096.0 / 1_240_001.0).abs() < 1e-9);
        assert_eq!(
            stage_gap(896_881.0, 895_785.0, &open_only),
            relative_gap(896_881.0, 895_785.0)
        );
    }

    #[test]
    fn whole_numbers_are_proven_only_to_the_unit() {
        // Most homes as the lowest -homes: 4,262 planned against a bound of 4,263 lies within
        // 0.1 % but one more home may fit, so it is not proven.
        let homes = options(StageKind::Homes);
        assert!(relative_gap(-4262.0, -4263.0) < 0.001);
        assert!(!is_proven(-4262.0, -4263.0, &homes));
        // A fractional bound below the next whole number proves it.
        assert!(is_proven(-4262.0, -4262.4, &homes));
        assert!(is_proven(-4262.0, -4262.0, &homes));
        // A bound a hair under one unit away may be the LP's tolerance on 4,263: not proven.
        assert!(!is_proven(-4262.0, -4262.9996, &homes));
        assert!(!is_proven(-4262.0, f64::NEG_INFINITY, &homes));
        // The order stage is a whole number too; cost goes by the relative gap.
        assert!(!is_proven(
            -113_813.0,
            -113_814.0,
            &options(StageKind::Order)
        ));
        assert!(is_proven(
            5_883_719.0,
            5_878_600.0,
            &options(StageKind::Cost)
        ));
        assert!(!is_proven(
            5_903_466.0,
            5_878_600.0,
            &options(StageKind::Cost)
        ));
    }
}
