//! The schedule as a mixed-integer linear program: one binary per project and allowed start
//! month, budget rows per year, capacity rows per month, solved lexicographically with HiGHS
//! through good_lp (most homes, then lowest cost, then worse labels earlier).
//!
//! `build` does no I/O and prints nothing, so it can be tested and dumped as an LP file.

use serde::Serialize;

use crate::nl_format;
use crate::projects::NotPlanned;
use crate::scenario::Month;

/// How the solve ended, in the words the plan uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SolveStatus {
    /// Every stage proven optimal (within the scenario's gap).
    Optimal,
    /// A stage stopped at its limit, the time limit or the work that goes with it
    /// (src/model/work_limit.rs): the plan is the best found, not proven optimal.
    LimitReached,
    /// Homes and cost proven optimal; the tie-break "worse labels earlier" ended at its work
    /// limit (or its share of the time limit) with the best order found, not proven.
    OrderNotProven,
    /// Nothing to schedule: no project has an allowed start.
    Empty,
    /// Nothing to schedule: there is no project at all (no E, F or G home that is not
    /// excluded; in a re-plan, none that is not pinned).
    NoProjects,
}

/// The order stage as the status names it. It reorders the projects of the cost stage's plan,
/// each within the months of the cost it has there (its start year, where costs rise by year):
/// exact within those, not among plans that put projects in other years at no more cost,
/// which exist where the cost is proven only to its gap (helper 76: the same 30 projects, 23
/// in other years, 4 cents cheaper and 27 urgency-months better).
pub const ORDER_CLAIM: &str = "volgorde G-F-E binnen de startjaren";

impl SolveStatus {
    pub fn dutch(self) -> &'static str {
        match self {
            SolveStatus::Optimal => "optimaal (bewezen)",
            SolveStatus::LimitReached => {
                "rekenlimiet bereikt: beste gevonden plan, niet bewezen optimaal"
            }
            SolveStatus::OrderNotProven => {
                "optimaal in woningen en kosten (bewezen); volgorde G-F-E binnen de startjaren: beste gevonden, niet bewezen"
            }
            SolveStatus::Empty => "niets te verdelen: geen enkel project kan binnen de regels starten",
            SolveStatus::NoProjects => "niets te verdelen: er is geen project om in te plannen",
        }
    }
}

/// The objective of a stage of the lexicographic solve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum StageKind {
    /// Most homes (a whole number).
    Homes,
    /// Most homes of one label (G, F or E), for `priority = "worst_label_first"` (a whole
    /// number; src/model/priority.rs).
    LabelHomes,
    /// Lowest escalated cost (euros; proven within the relative gap).
    Cost,
    /// Worse labels earlier: urgency (G 3, F 2, E 1) times months before the deadline (a
    /// whole number).
    Order,
    /// Fewest projects away from their start in a reference plan (a whole number; only with
    /// [`ScheduleOptions::reference_starts`], see [`stability`]).
    Stability,
}

impl StageKind {
    /// Whole-number objectives are proven only to the unit.
    pub fn integral(self) -> bool {
        !matches!(self, StageKind::Cost)
    }
}

/// One stage of the lexicographic solve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageReport {
    /// `woningen`, `kosten`, `volgorde` (with the corporation in front for several)
    pub name: String,
    pub kind: StageKind,
    pub status: SolveStatus,
    pub objective: f64,
    /// Best bound proved on the objective (HiGHS' or the LP relaxation's).
    pub bound: f64,
    /// Whether any bound was proved; without one (stopped before the root LP), `bound` is the
    /// objective itself and says nothing.
    pub bound_known: bool,
    /// Relative gap between objective and bound (0 when proven optimal).
    pub gap: f64,
    /// Seconds spent handing the model to HiGHS (good_lp expressions, column matrix).
    pub setup_s: f64,
    pub time_s: f64,
    /// How the stage was settled.
    pub method: StageMethod,
    /// Objective of the best starting plan (greedy, LP-guided, improved by local search).
    pub start_objective: f64,
    /// The stage ended on the clock (the time limit, or the order stage's share of it) rather
    /// than on its proof or its work limit: another run, or another machine, may end elsewhere.
    pub clock: bool,
    /// The clock (the safety net) cut a part of the stage short before its counted work ran
    /// out: its local search, the bound of whole projects, the budget-free relaxation or HiGHS.
    /// A stage proven all the same holds what it says, but another run may end on another plan
    /// (as good in this stage's own objective; later stages start from it).
    pub clock_cut: bool,
    /// By how much the ordering stage's window search (src/model/window_search.rs) improved
    /// on the plan HiGHS or the starting plans left (urgency-months; 0 elsewhere). A search
    /// that ran beside HiGHS from the starting plan counts from HiGHS' plan.
    pub window_gain: f64,
}

/// How a stage was settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum StageMethod {
    /// The greedy plan plans every project that has a start: nothing left to prove.
    AllPlanned,
    /// The starting plan lies within the gap of the LP relaxation's bound: proven without
    /// branching.
    LpBound,
    /// HiGHS' branch and bound, from the starting plan.
    BranchAndBound,
    /// HiGHS' root node only (cuts and heuristics, no branching), from the starting plan.
    RootNode,
    /// HiGHS' branch and bound up to a number of nodes, from the starting plan.
    NodeLimit,
    /// The bound of the model without its budget rows (src/model/relaxation.rs) proves the
    /// starting plan.
    BudgetFreeBound,
    /// The bound of what each month's capacity can hold in whole projects
    /// (src/model/pattern_bound.rs) proves the starting plan.
    PatternBound,
    /// The best starting plan, improved by local search, against the LP bound; no branch and
    /// bound (a model too large for it within the stage's work limit).
    StartPlan,
    /// HiGHS ran on past its time limit (src/model/watchdog.rs) and was left behind: the
    /// starting plan stands, against the LP bound.
    HighsOverran,
    /// A whole-number stage whose bound left room for one unit more, decided by asking HiGHS
    /// for any plan with that unit more (src/model/one_more.rs): found, or proven that none
    /// exists.
    OneMore,
    /// A stage not proven whose reference plan (the previous plan in a re-plan, the baseline in
    /// `vergelijk`) costs more than the best plan found, but within the target gap: the
    /// reference stays, so that an unchanged situation moves nothing.
    ReferenceKept,
}

impl StageMethod {
    pub fn dutch(self) -> &'static str {
        match self {
            StageMethod::AllPlanned => "elk project met een mogelijke start ingepland (niets te bewijzen)",
            // A whole-number stage to the unit, a cost stage within its gap: the outcome beside
            // it says which.
            StageMethod::LpBound => "startplan bewezen met de grens van de LP-relaxatie",
            StageMethod::BranchAndBound => "HiGHS branch-and-bound",
            StageMethod::RootNode => "HiGHS, alleen de wortelknoop",
            StageMethod::NodeLimit => "HiGHS branch-and-bound tot een aantal knopen",
            StageMethod::BudgetFreeBound => "bewezen met de grens van het model zonder budget",
            StageMethod::PatternBound => {
                "bewezen met de grens van hele projecten per maand (capaciteit, zonder budget)"
            }
            StageMethod::StartPlan => "beste startplan na lokaal zoeken, tegen de LP-grens",
            StageMethod::HighsOverran => {
                "HiGHS stopte niet op de tijdslimiet en is niet afgewacht; het startplan geldt, tegen de LP-grens"
            }
            StageMethod::OneMore => {
                "HiGHS zocht een plan met één meer dan het beste plan (de grens liet er één toe)"
            }
            StageMethod::ReferenceKept => {
                "referentieplan aangehouden (vorig plan of basisscenario): binnen de doelgap van het beste gevonden plan"
            }
        }
    }
}

impl StageReport {
    /// The report of a stage solved as the lowest -x (most homes as the lowest -homes), in the
    /// terms of x: objective, bound and starting plan negated back.
    pub(crate) fn maximised(mut self) -> StageReport {
        self.objective = -self.objective;
        self.bound = -self.bound;
        self.start_objective = -self.start_objective;
        self
    }

    /// The bound as a whole-number stage proves it: the whole number next to the plan that no
    /// plan passes (at most 310.81 homes is at most 310); a cost stage's bound as it is.
    pub fn whole_bound(&self) -> f64 {
        if !self.kind.integral() || !self.bound.is_finite() {
            return self.bound;
        }
        let margin = solve::integral_margin(self.bound);
        if self.bound > self.objective {
            (self.bound + margin).floor()
        } else {
            (self.bound - margin).ceil()
        }
    }

    /// The stage's relative gap against [`StageReport::whole_bound`].
    pub fn whole_gap(&self) -> f64 {
        if self.kind.integral() && self.bound.is_finite() {
            solve::relative_gap(self.objective, self.whole_bound())
        } else {
            self.gap
        }
    }

    /// A homes stage whose plan a later stage could add to: `homes` found now, proven when that
    /// reaches the stage's whole bound.
    pub(crate) fn raise_found(&mut self, homes: f64) {
        self.objective = homes;
        self.gap = if self.bound_known {
            solve::relative_gap(homes, self.bound)
        } else {
            self.gap
        };
        if self.bound_known && homes >= self.whole_bound() - 0.5 {
            self.status = SolveStatus::Optimal;
            self.clock = false;
        }
    }

    /// The gap the plan reports: against the whole bound for a whole-number stage with a bound
    /// ([`StageReport::whole_gap`]), else the stage's own (100 % without a bound).
    pub fn reported_gap(&self) -> f64 {
        if self.bound_known {
            self.whole_gap()
        } else {
            self.gap
        }
    }

    /// For a homes stage (objective = homes planned, bound = the most homes possible): how many
    /// more homes a better plan could at most have; 0 when proven, `None` when no bound is
    /// known (then nothing can be said).
    pub fn homes_possibly_more(&self) -> Option<u64> {
        if self.kind != StageKind::Homes || self.status == SolveStatus::Optimal {
            return Some(0);
        }
        if !self.bound_known {
            return None;
        }
        let most = (self.bound + solve::integral_margin(self.bound)).floor();
        Some((most - self.objective.round()).max(1.0) as u64)
    }

    /// For an order stage not proven: by how many urgency-months a better order could at most
    /// beat this one; `None` without a bound.
    pub fn order_possibly_better(&self) -> Option<usize> {
        if self.kind != StageKind::Order || !self.bound_known || !self.bound.is_finite() {
            return None;
        }
        let units = (self.objective - self.bound + solve::integral_margin(self.bound)).floor();
        (units >= 1.0).then_some(units as usize)
    }

    /// The stage's outcome in the plan's words: proven, or the best found with what a better
    /// plan could at most gain.
    pub fn outcome_dutch(&self) -> String {
        if self.status == SolveStatus::Optimal {
            return match self.kind {
                StageKind::Cost => {
                    // The gap bounds what a better plan could save: rounded up, as the status
                    // line's "binnen" is, so that the two say the same.
                    format!(
                        "bewezen optimaal (gap {})",
                        nl_format::percent_at_most(self.gap, 2)
                    )
                }
                _ => "bewezen optimaal".into(),
            } + if self.clock_cut {
                CLOCK_CUT_OUTCOME
            } else {
                ""
            };
        }
        // Stopped by the clock rather than its work, another run may end elsewhere: said.
        let found = if self.clock {
            "beste gevonden binnen de tijdslimiet, niet bewezen"
        } else {
            "beste gevonden, niet bewezen"
        };
        match self.kind {
            StageKind::LabelHomes if !self.bound_known => {
                format!("{found}: nog geen grens bekend")
            }
            StageKind::LabelHomes => {
                let most = (self.bound + solve::integral_margin(self.bound)).floor();
                format!(
                    "{found}: ten hoogste {} met dit label meer mogelijk",
                    nl_format::count(
                        (most - self.objective.round()).max(1.0) as usize,
                        "woning",
                        "woningen"
                    )
                )
            }
            StageKind::Homes => match self.homes_possibly_more() {
                Some(n) => format!(
                    "{found}: ten hoogste {} meer mogelijk",
                    nl_format::count(n as usize, "woning", "woningen")
                ),
                None => format!("{found}: nog geen grens bekend"),
            },
            StageKind::Cost if !self.bound_known => {
                format!("{found}: nog geen grens bekend")
            }
            StageKind::Cost if self.method == StageMethod::ReferenceKept => format!(
                "referentieplan aangehouden, niet bewezen: gap {}",
                nl_format::percent_at_most(self.gap, 2)
            ),
            StageKind::Cost => format!("{found}: gap {}", nl_format::percent_at_most(self.gap, 2)),
            StageKind::Stability => {
                let units = (self.objective - self.bound + solve::integral_margin(self.bound))
                    .floor()
                    .max(1.0);
                format!(
                    "{found}: ten hoogste {} minder verschoven mogelijk",
                    nl_format::count(units as usize, "project", "projecten")
                )
            }
            StageKind::Order => match self.order_possibly_better() {
                Some(units) => format!("{found}: {}", order_better_text(units)),
                None => found.into(),
            },
        }
    }
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
    /// Homes at a free pace beside the plan's, where projects running slower side by side
    /// could matter ([`free_pace`]).
    pub free_pace: Option<free_pace::FreePace>,
}

/// The solved schedule: per project its start month, or the reason it is not planned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schedule {
    pub starts: Vec<Option<Month>>,
    pub reasons: Vec<Option<NotPlanned>>,
    pub report: SolveReport,
    /// Against a reference plan: the simple repair of the reference beside the plan
    /// ([`ReferenceRepair`]), over the corporations together.
    pub repair: Option<ReferenceRepair>,
}

/// The reference plan mended only where it no longer fits ([`stability::repaired_plan`])
/// beside the plan found, both over the projects solved: what the plan's moves buy (helper 63
/// read the reasons of 29 moved projects in a re-plan as circular, where the plan held 3 homes
/// more than the previous plan mended).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct ReferenceRepair {
    pub repaired: PlanChanges,
    pub plan: PlanChanges,
    /// Planned under `priority = "worst_label_first"` (most G, then F, then E homes before
    /// cost), so that what the moves buy is said in those terms (helper 103).
    pub by_label: bool,
}

/// A plan against the reference: its homes and cost, and how many projects it moves, drops
/// and adds.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct PlanChanges {
    pub homes: f64,
    pub cost_eur: f64,
    /// Projects with a reference start planned at another start.
    pub moved: usize,
    /// Projects with a reference start left out.
    pub dropped: usize,
    /// Projects without a reference start planned.
    pub added: usize,
    /// Homes planned with label G, F and E.
    pub efg_homes: [f64; 3],
}

impl PlanChanges {
    fn add(self, o: PlanChanges) -> PlanChanges {
        PlanChanges {
            homes: self.homes + o.homes,
            cost_eur: self.cost_eur + o.cost_eur,
            efg_homes: [0, 1, 2].map(|i| self.efg_homes[i] + o.efg_homes[i]),
            moved: self.moved + o.moved,
            dropped: self.dropped + o.dropped,
            added: self.added + o.added,
        }
    }

    /// The projects with a reference start it moves or drops.
    pub fn away(&self) -> usize {
        self.moved + self.dropped
    }
}

impl ReferenceRepair {
    fn add(self, other: ReferenceRepair) -> ReferenceRepair {
        ReferenceRepair {
            repaired: self.repaired.add(other.repaired),
            plan: self.plan.add(other.plan),
            by_label: self.by_label || other.by_label,
        }
    }
}

pub mod binding;
pub mod build;
mod cuts;
pub mod free_pace;
mod left_out;
pub mod local_search;
pub mod lp_file;
mod one_more;
mod pattern_bound;
mod priority;
pub mod progress;
mod project_vars;
mod relaxation;
pub mod solve;
pub mod stability;
pub mod start_plan;
mod symmetry;
mod watchdog;
mod window_search;
mod work_limit;

pub use window_search::{MAX_SWEEPS, WINDOW_MONTHS};

use std::collections::BTreeMap;
use std::time::Instant;

use std::sync::atomic::{AtomicBool, Ordering};

use progress::Progress;
use rayon::prelude::*;

use crate::projects::Project;
use crate::scenario::{Priority, Scenario};
use build::{Milp, RowKind};
pub use solve::SolveError;
use solve::{relative_gap, solve_stage, Branching, StageOptions};
pub use work_limit::{MICROSECONDS_PER_ITERATION, WORK_SHARE_OF_TIME_LIMIT};

/// Name of the tie-break stage (worse labels earlier).
pub const ORDER_STAGE: &str = "volgorde";

/// How long and how exactly to solve.
#[derive(Debug, Clone)]
pub struct ScheduleOptions {
    /// Seconds for all stages of one corporation together.
    pub time_limit_s: f64,
    pub mip_rel_gap: f64,
    /// Share of `time_limit_s` the ordering stage may use at most.
    pub order_time_share: f64,
    /// Print HiGHS' progress log.
    pub verbose: bool,
    /// Print progress lines (elapsed, best plan, bound, gap) at this interval while solving;
    /// nothing when the solve ends within the first interval.
    pub progress_every: Option<std::time::Duration>,
    /// A reference start month per project id (the baseline of `retrofit vergelijk`): a
    /// tie-break after cost keeps as many projects as possible in their reference month
    /// ([`stability`]).
    pub reference_starts: Option<BTreeMap<String, Month>>,
    /// A step of a budget series, of which only the figures are shown (homes, cost, EFG left,
    /// status): no free-pace model ([`free_pace`]) and no proofs that settle the reasons of
    /// projects left out (their "in dit plan" is not shown).
    pub figures_only: bool,
}

impl ScheduleOptions {
    pub fn from_scenario(scenario: &Scenario) -> ScheduleOptions {
        ScheduleOptions {
            time_limit_s: scenario.solver.time_limit_s,
            mip_rel_gap: scenario.solver.mip_rel_gap,
            order_time_share: scenario.solver.order_time_share,
            verbose: false,
            progress_every: None,
            reference_starts: None,
            figures_only: false,
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
pub fn build_all(projects: &[Project], scenario: &Scenario) -> Vec<(String, Milp)> {
    corporations(projects)
        .iter()
        .map(|subset| {
            let corporation = subset
                .first()
                .map(|&p| projects[p].corporation.clone())
                .unwrap_or_default();
            (corporation, build::build(projects, subset, scenario))
        })
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
    let solve_all = |progress: Option<&Progress>| -> Vec<Result<CorporationSchedule, SolveError>> {
        groups
            .par_iter()
            .map(|subset| {
                let r = schedule_corporation(projects, subset, scenario, options, progress);
                if let Some(p) = progress {
                    p.corporation_done();
                }
                r
            })
            .collect()
    };
    let solved = match options.progress_every.filter(|_| !options.verbose) {
        None => solve_all(None),
        Some(every) => {
            let progress = Progress::new(groups.len(), every);
            with_progress(&progress, || solve_all(Some(&progress)))
        }
    };
    let mut starts = vec![None; projects.len()];
    let mut reasons = vec![None; projects.len()];
    let mut stages = Vec::new();
    let (mut variables, mut constraints) = (0, 0);
    let mut build_s = 0.0;
    let several = groups.len() > 1;
    let mut repair: Option<ReferenceRepair> = None;
    let mut free_pace: Option<free_pace::FreePace> = None;
    for (subset, result) in groups.iter().zip(solved) {
        let r = result?;
        if let Some(x) = r.free_pace {
            free_pace = Some(free_pace.unwrap_or_default().and(x));
        }
        if let Some(x) = r.repair {
            repair = Some(repair.unwrap_or_default().add(x));
        }
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
    let is_order = |s: &StageReport| matches!(s.kind, StageKind::Order | StageKind::Stability);
    let status = if projects.is_empty() {
        SolveStatus::NoProjects
    } else if stages.is_empty() {
        SolveStatus::Empty
    } else if stages
        .iter()
        .any(|s| !is_order(s) && s.status == SolveStatus::LimitReached)
    {
        SolveStatus::LimitReached
    } else if stages.iter().any(|s| s.status == SolveStatus::LimitReached) {
        SolveStatus::OrderNotProven
    } else {
        SolveStatus::Optimal
    };
    let gap = plan_gap(&stages);
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
            solver: "HiGHS (open-source MILP-solver)".into(),
            free_pace,
        },
        repair,
    })
}

impl SolveReport {
    /// More homes than planned that a better plan could at most have (0 when every homes stage
    /// is proven; `None` when a stage that is not proven has no bound).
    pub fn homes_possibly_more(&self) -> Option<u64> {
        self.stages.iter().map(|s| s.homes_possibly_more()).sum()
    }

    /// Whether [`SolveReport::gap`] means something: every homes and cost stage has a bound
    /// (without one, a stage's gap is set to 100 %, which is not a measured figure).
    pub fn gap_known(&self) -> bool {
        self.gap.is_finite()
            && self.stages.iter().all(|s| {
                !matches!(
                    s.kind,
                    StageKind::Homes | StageKind::LabelHomes | StageKind::Cost
                ) || s.bound_known
            })
    }

    /// The largest gap the plan reports ([`StageReport::reported_gap`]) among the stages of
    /// `kinds`, 0 without such stages; `None` when one of them has no bound (its gap is not a
    /// measured figure).
    pub fn gap_of(&self, kinds: &[StageKind]) -> Option<f64> {
        let mut gap: f64 = 0.0;
        for s in self.stages.iter().filter(|s| kinds.contains(&s.kind)) {
            if !s.bound_known {
                return None;
            }
            gap = gap.max(s.reported_gap());
        }
        Some(gap)
    }

    /// Largest relative gap of the cost stages.
    pub fn cost_gap(&self) -> f64 {
        self.stages
            .iter()
            .filter(|s| s.kind == StageKind::Cost)
            .map(|s| s.gap)
            .fold(0.0, f64::max)
    }

    /// For a plan stopped on a limit before its homes or cost were proven: which limit, the
    /// clock (`de tijdslimiet`) or the work that goes with it (src/model/work_limit.rs).
    pub fn limit_dutch(&self) -> Option<&'static str> {
        if self.status != SolveStatus::LimitReached {
            None
        } else if self.stages.iter().any(|s| s.clock) {
            Some("de tijdslimiet")
        } else {
            Some("de rekenlimiet (zie Aannames)")
        }
    }

    /// What the clock decided, for the closing lines, `Samenvatting` and `Aannames`: the stages
    /// it stopped before their proof, and the proven stages where it cut a part short (the
    /// safety net, on a short time limit or a busy or slower machine), by name; another run may
    /// then give another plan, as good (as many homes, a cost within the gap) only where homes
    /// and cost are proven. `None` when the work and the proofs decided everything.
    pub fn clock_note(&self) -> Option<String> {
        let names = |of: Vec<&str>| -> Option<(String, &str)> {
            let named = match of.len() {
                0 => return None,
                1..=3 => nl_format::and_list(&of),
                n => format!(
                    "{} en {} andere",
                    of[..3].join(", "),
                    nl_format::number(n - 3)
                ),
            };
            // The stages' names, and the verb in number with them.
            Some(if of.len() == 1 {
                (format!("de stap {named}"), "stopte")
            } else {
                (format!("de stappen {named}"), "stopten")
            })
        };
        let stopped = names(
            self.stages
                .iter()
                .filter(|s| s.status != SolveStatus::Optimal && s.clock)
                .map(|s| s.name.as_str())
                .collect(),
        );
        let cut = names(
            self.stages
                .iter()
                .filter(|s| s.status == SolveStatus::Optimal && s.clock_cut)
                .map(|s| s.name.as_str())
                .collect(),
        );
        let what = match (&stopped, &cut) {
            (None, None) => return None,
            (Some((stopped, verb)), None) => {
                format!("{stopped} {verb} op de tijdslimiet, niet bewezen")
            }
            (None, Some((cut, _))) => {
                format!("bij {cut} kortte de tijdslimiet een zoekstap in (wel bewezen)")
            }
            (Some((stopped, verb)), Some((cut, _))) => format!(
                "{stopped} {verb} op de tijdslimiet, niet bewezen; bij {cut} kortte de tijdslimiet een zoekstap in (wel bewezen)"
            ),
        };
        let other = if plan_proven(&self.stages) {
            "een ander plan geven, met evenveel woningen en kosten binnen de gap"
        } else {
            "een ander plan geven"
        };
        Some(format!(
            "Let op: {what}. Een volgende run kan daardoor {other}; een hogere --tijdslimiet maakt dat minder waarschijnlijk (oorzaak: een korte tijdslimiet, of een drukke of tragere computer)."
        ))
    }

    /// The plan's status in one line, the same words in the summary, `Aannames`, the command
    /// line and `bench`: what is proven, and for what is not, what a better plan could gain.
    pub fn status_dutch(&self) -> String {
        if matches!(self.status, SolveStatus::Empty | SolveStatus::NoProjects) {
            return self.status.dutch().into();
        }
        let open = |kind: StageKind| {
            self.stages
                .iter()
                .filter(|s| s.kind == kind && s.status != SolveStatus::Optimal)
                .collect::<Vec<_>>()
        };
        let (homes, by_label, cost, stable, order) = (
            open(StageKind::Homes),
            open(StageKind::LabelHomes),
            open(StageKind::Cost),
            open(StageKind::Stability),
            open(StageKind::Order),
        );
        let present = |kind: StageKind| self.stages.iter().any(|s| s.kind == kind);
        if homes.is_empty()
            && by_label.is_empty()
            && cost.is_empty()
            && stable.is_empty()
            && order.is_empty()
        {
            let exact: Vec<&str> = [
                (StageKind::Homes, "woningen"),
                (StageKind::LabelHomes, "woningen per label (G, F, E)"),
                (StageKind::Stability, stability::STABILITY_CLAIM),
                (StageKind::Order, ORDER_CLAIM),
            ]
            .into_iter()
            .filter(|&(kind, _)| present(kind))
            .map(|(_, name)| name)
            .collect();
            let mut parts = Vec::new();
            if !exact.is_empty() {
                parts.push(format!("{} exact", nl_format::and_list(&exact)));
            }
            if present(StageKind::Cost) {
                parts.push(format!(
                    "kosten binnen {}",
                    nl_format::percent_at_most(self.cost_gap(), 2)
                ));
            }
            return format!("{}: {}", SolveStatus::Optimal.dutch(), parts.join(", "));
        }
        // A stage stopped by the clock rather than its work may end elsewhere on another run.
        let found = |stages: &[&StageReport]| {
            if stages.iter().any(|s| s.clock) {
                "beste gevonden binnen de tijdslimiet, niet bewezen"
            } else {
                "beste gevonden, niet bewezen"
            }
        };
        let cost_proven = format!(
            "kosten (binnen {})",
            nl_format::percent_at_most(self.cost_gap(), 2)
        );
        // Under `worst_label_first`: which labels' stages are open and which proven (helper
        // 91: "woningen per label: beste gevonden" where only E was open).
        let open_labels = priority::labels_of(&by_label);
        let label_stages: Vec<&StageReport> = self
            .stages
            .iter()
            .filter(|s| s.kind == StageKind::LabelHomes)
            .collect();
        let proven_labels: Vec<&str> = priority::labels_of(&label_stages)
            .into_iter()
            .filter(|l| !open_labels.contains(l))
            .collect();
        let proven_labels_text = format!(
            "woningen per label ({})",
            nl_format::and_list(&proven_labels)
        );
        let mut proven: Vec<&str> = Vec::new();
        let mut not = Vec::new();
        if !homes.is_empty() {
            not.push(match self.homes_possibly_more() {
                Some(n) => format!(
                    "woningen: {} (ten hoogste {} meer mogelijk)",
                    found(&homes),
                    nl_format::count(n as usize, "woning", "woningen")
                ),
                None => format!("woningen: {} (nog geen grens bekend)", found(&homes)),
            });
        } else if present(StageKind::Homes) && by_label.is_empty() {
            // Beside label stages left open, "woningen bewezen" (the corporations where every
            // project fits) would read as a contradiction: said only with them.
            proven.push("woningen");
        }
        if !by_label.is_empty() && !open_labels.is_empty() {
            if !proven_labels.is_empty() {
                proven.push(&proven_labels_text);
            }
            not.push(format!(
                "woningen per label ({}): {}",
                nl_format::and_list(&open_labels),
                found(&by_label)
            ));
        } else if !by_label.is_empty() {
            not.push(format!(
                "woningen per label (G, F, E): {}",
                found(&by_label)
            ));
        } else if present(StageKind::LabelHomes) {
            proven.push("woningen per label (G, F, E)");
        }
        if !cost.is_empty() {
            if cost.iter().all(|s| s.bound_known) {
                let gap = cost.iter().map(|s| s.gap).fold(0.0, f64::max);
                let found = if cost.iter().any(|s| s.method == StageMethod::ReferenceKept) {
                    "referentieplan aangehouden, niet bewezen"
                } else {
                    found(&cost)
                };
                not.push(format!(
                    "kosten: {found} (gap {})",
                    nl_format::percent_at_most(gap, 2)
                ));
            } else if cost.iter().all(|s| !s.bound_known) {
                not.push(format!("kosten: {} (nog geen grens bekend)", found(&cost)));
            } else {
                not.push(format!(
                    "kosten: {} (niet overal een grens bekend)",
                    found(&cost)
                ));
            }
        } else if present(StageKind::Cost) {
            proven.push(&cost_proven);
        }
        if !stable.is_empty() {
            not.push(format!(
                "{}: {}",
                stability::STABILITY_CLAIM,
                found(&stable)
            ));
        } else if present(StageKind::Stability) {
            proven.push(stability::STABILITY_CLAIM);
        }
        if !order.is_empty() {
            // Over corporations the order objectives add up, and so do the bounds.
            let better: Option<usize> = order.iter().map(|s| s.order_possibly_better()).sum();
            let found = format!("{ORDER_CLAIM}: {}", found(&order));
            not.push(match better {
                Some(units) => format!("{found} ({})", order_better_text(units)),
                None => found,
            });
        } else if present(StageKind::Order) {
            proven.push(ORDER_CLAIM);
        }
        let mut out = String::new();
        if !proven.is_empty() {
            out = format!("{} bewezen optimaal; ", nl_format::and_list(&proven));
        }
        out.push_str(&not.join("; "));
        out
    }
}

struct CorporationSchedule {
    starts: Vec<Option<Month>>,
    reasons: Vec<Option<NotPlanned>>,
    repair: Option<ReferenceRepair>,
    stages: Vec<StageReport>,
    variables: usize,
    constraints: usize,
    build_s: f64,
    free_pace: Option<free_pace::FreePace>,
}

/// Lexicographic solve of one corporation: (1) most homes, (2) then lowest escalated cost with
/// the homes held, (3) then worse labels earlier with the cost held. Each stage starts from the
/// previous stage's plan, so a time limit always leaves a valid plan.
fn schedule_corporation(
    projects: &[Project],
    subset: &[usize],
    scenario: &Scenario,
    options: &ScheduleOptions,
    progress: Option<&Progress>,
) -> Result<CorporationSchedule, SolveError> {
    let started = Instant::now();
    let corporation = subset
        .first()
        .map(|&p| projects[p].corporation.as_str())
        .unwrap_or("");
    let label = |stage: &str| {
        if corporation.is_empty() {
            stage.to_string()
        } else {
            format!("{corporation}: {stage}")
        }
    };
    let mut milp = build::build(projects, subset, scenario);
    let build_s = started.elapsed().as_secs_f64();
    let (variables, constraints) = (milp.columns.len(), milp.rows.len());
    let mut stages = Vec::new();
    let mut values = start_plan::greedy_most_homes(&milp);
    // The reference plan, where there is one (mended where it no longer fits), is tried first
    // in the homes (or label) and cost stages, and kept where they prove it optimal.
    let reference = options
        .reference_starts
        .as_ref()
        .map(|r| stability::repaired_plan(&milp, projects, r));
    let with_reference = |mut plans: Vec<Vec<f64>>| {
        if let Some(r) = &reference {
            plans.insert(0, r.clone());
        }
        plans
    };
    // In a re-plan, the cost of the work done, running or contracted: outside the model, but
    // part of the plan's cost, and so of the base of its cost gap.
    let pinned_cost: f64 = scenario
        .committed
        .cost_eur
        .iter()
        .filter(|((c, _), _)| c == corporation)
        .map(|(_, eur)| eur)
        .sum();
    // The solver work this corporation may spend, over all its stages (a limit that ends a
    // stage the same way on every run; the time limit stays as the safety net).
    let work = work_limit::WorkAccount::for_time_limit(options.time_limit_s);
    if !milp.columns.is_empty() {
        // The homes stages leave the cost stage its share of the time and work, and both leave
        // the ordering stage its own.
        // In a re-plan the stability stage comes between cost and order, with a share of its
        // own (STABILITY_TIME_SHARE).
        let stability_share = if options.reference_starts.is_some() {
            STABILITY_TIME_SHARE
        } else {
            0.0
        };
        let kept_share = |kind: StageKind| match kind {
            StageKind::Homes | StageKind::LabelHomes => {
                (options.order_time_share + COST_TIME_SHARE + stability_share).min(0.9)
            }
            StageKind::Cost => (options.order_time_share + stability_share).min(0.9),
            StageKind::Stability => options.order_time_share,
            StageKind::Order => 0.0,
        };
        // On the clock, only the homes stages keep their share: with the cost stage keeping the
        // ordering stage's share of the clock as well, the sector benchmark (`--tijdslimiet
        // 10`, one run each, quiet) left 9 cost stages open, some on the clock, instead of 8,
        // all on their work (the ordering stage has its own cap on the clock, below).
        let clock_kept = |kind: StageKind| match kind {
            StageKind::Homes | StageKind::LabelHomes => options.time_limit_s * kept_share(kind),
            StageKind::Cost => options.time_limit_s * stability_share,
            _ => 0.0,
        };
        let stage_options = |started: &Instant, kind: StageKind| StageOptions {
            time_limit_s: (options.time_limit_s
                - started.elapsed().as_secs_f64()
                - clock_kept(kind))
            .max(0.1),
            mip_rel_gap: options.mip_rel_gap,
            // A euro on cost; whole-number stages are proven to the unit.
            mip_abs_gap: 1.0,
            kind,
            verbose: options.verbose,
            relaxed: false,
            log_file: None,
            branching: Branching::Full,
            gap_base: if kind == StageKind::Cost {
                pinned_cost
            } else {
                0.0
            },
            work: Some(work_limit::WorkLimit::all(&work).keeping(kept_share(kind))),
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
        let homes =
            if scenario.priority == Priority::WorstLabelFirst && greedy_homes < all_homes - 0.5 {
                // Most G, then F, then E homes instead of most homes (src/model/priority.rs).
                let (v, reports) = priority::label_stages(
                    &mut milp,
                    projects,
                    values,
                    reference.as_ref(),
                    &|kind| stage_options(&started, kind),
                    progress,
                    &label,
                )?;
                values = v;
                stages.extend(reports);
                dot(&values, &milp.homes)
            } else if greedy_homes >= all_homes - 0.5 {
                stages.push(StageReport {
                    name: "woningen".into(),
                    kind: StageKind::Homes,
                    status: SolveStatus::Optimal,
                    objective: greedy_homes,
                    bound: all_homes,
                    bound_known: true,
                    gap: 0.0,
                    setup_s: 0.0,
                    time_s: 0.0,
                    method: StageMethod::AllPlanned,
                    start_objective: greedy_homes,
                    clock: false,
                    clock_cut: false,
                    window_gain: 0.0,
                });
                greedy_homes
            } else {
                // Most homes as the lowest -homes, so the same start plans, local search (which may
                // here leave a project out for others that plan more) and LP bound serve.
                let minus_homes: Vec<f64> = milp.homes.iter().map(|h| -h).collect();
                let r = solve_with_start_plans(
                    "woningen",
                    &milp,
                    &minus_homes,
                    with_reference(vec![values.clone()]),
                    StartRules {
                        homes: 0.0,
                        mode: local_search::Mode::MayUnplan,
                        reference_first: reference.is_some(),
                    },
                    &stage_options(&started, StageKind::Homes),
                    progress.map(|p| (p, label("woningen"), -1.0)),
                )?;
                values = r.values;
                let report = r.report.maximised();
                let h = report.objective;
                stages.push(report);
                h
            };
        if homes >= all_homes - 0.5 {
            // Every project with a start is planned: say so row by row (each starts exactly
            // once), which the LP relaxation feels far more than one row on the homes total.
            milp.rows.retain(|r| r.kind != RowKind::OneStart);
            milp.require_one_start(projects);
        } else {
            let all_columns: Vec<usize> = (0..milp.columns.len()).collect();
            milp.add_row(
                RowKind::Stage,
                "stage[woningen]".into(),
                all_columns.iter().map(|&j| (j, milp.homes[j])).collect(),
                homes - 0.5,
                f64::INFINITY,
            );
            cuts::saturate_capacity(&mut milp, homes);
        }
        // Stage 2: lowest escalated cost for that many homes.
        let cost = milp.cost_eur.clone();
        let mut homes = homes;
        loop {
            let starting = with_reference(vec![values.clone(), start_plan::greedy_cheapest(&milp)]);
            let r = solve_with_start_plans(
                "kosten",
                &milp,
                &cost,
                starting,
                StartRules {
                    homes,
                    // Which projects carry the homes is open here, so projects may be exchanged
                    // (when every project is planned, none is left out to exchange with).
                    mode: local_search::Mode::Exchange,
                    reference_first: reference.is_some(),
                },
                &stage_options(&started, StageKind::Cost),
                progress.map(|p| (p, label("kosten"), 1.0)),
            )?;
            values = r.values;
            // A homes stage stopped before its proof may leave a project out that fits beside
            // the cheaper plan the cost stage found: that plan with the project has more homes,
            // so it is taken, the homes stage says so, and the cost stage runs again for them.
            let filled = start_plan::fill(&milp, &values);
            let more = dot(&filled, &milp.homes);
            let homes_stage = stages.iter_mut().rfind(|s| s.kind == StageKind::Homes);
            match homes_stage {
                Some(h) if h.status != SolveStatus::Optimal && more > homes + 0.5 => {
                    homes = more;
                    values = filled;
                    h.raise_found(more);
                    for row in milp.rows.iter_mut().filter(|r| r.kind == RowKind::Stage) {
                        row.lower = homes - 0.5;
                    }
                }
                _ => {
                    stages.push(r.report);
                    break;
                }
            }
        }
        // Stability against a reference plan, between cost and order: the fewest projects
        // away from their reference start among the plans with as many homes and a cost the
        // cost stage's claim covers, in any year (helper 88: held to the cost stage's years, a
        // variant moved 14 projects where 5 moves gave as many homes for less). The order stage
        // then holds the number of projects moved.
        let mut moved_held = None;
        if let Some(reference) = &options.reference_starts {
            let found_cost = dot(&values, &cost);
            // Plans within the cost stage's proven gap count as equal in cost (as the
            // reference does in the homes and cost stages): the row allows any cost the
            // stage's claim covers, so that a move is made only where every plan with fewer
            // costs more than that. A stage not proven holds its own plan's cost. (Held to the
            // found cost exactly, HiGHS took 29 s and 12,203 nodes on helper 88's variant.)
            let cost_options = stage_options(&started, StageKind::Cost);
            let ceiling = match stages.iter().rfind(|s| s.kind == StageKind::Cost) {
                Some(c) if c.status == SolveStatus::Optimal && c.bound_known => {
                    let g = cost_options.mip_rel_gap;
                    let relative = (c.bound + g * cost_options.gap_base) / (1.0 - g);
                    let absolute = c.bound + cost_options.mip_abs_gap;
                    // A hair inside, so that the plan's own gap stays within the claim.
                    let inside = relative.max(absolute) - 1e-6 * c.bound.abs().max(1.0);
                    found_cost.max(inside)
                }
                _ => found_cost,
            };
            let mut held = milp.clone();
            held.add_row(
                RowKind::Stage,
                "stage[kosten]".into(),
                cost.iter()
                    .enumerate()
                    .filter(|&(_, &c)| c != 0.0)
                    .map(|(j, &c)| (j, c))
                    .collect(),
                f64::NEG_INFINITY,
                ceiling,
            );
            let (moved, changed_anyway) = stability::changes_objective(&held, projects, reference);
            let mut r = solve_with_start_plans(
                stability::STABILITY_STAGE,
                &held,
                &moved,
                with_reference(vec![values.clone()]),
                StartRules {
                    homes,
                    mode: local_search::Mode::Exchange,
                    reference_first: false,
                },
                &stage_options(&started, StageKind::Stability),
                progress.map(|p| (p, label(stability::STABILITY_STAGE), 1.0)),
            )?;
            values = r.values;
            moved_held = Some(r.report.objective);
            // Reported as the number of projects that differ.
            r.report.objective += changed_anyway;
            r.report.bound += changed_anyway;
            r.report.start_objective += changed_anyway;
            // The cost stage reports the plan's own cost: a plan that moves fewer projects may
            // cost less, or more within the stage's proven gap.
            let now = dot(&values, &cost);
            if let Some(c) = stages.iter_mut().rfind(|s| s.kind == StageKind::Cost) {
                c.objective = now;
                if c.bound_known {
                    c.gap = solve::stage_gap(now, c.bound, &cost_options);
                }
            }
            stages.push(r.report);
        }
        // Stage 3: worse labels earlier, for the projects of that plan, each at a start of the
        // cost it has there (the same escalation year): no knife-edge cost row. Plans that put
        // projects in other years at no more cost are not searched ([`ORDER_CLAIM`]).
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
        let (mut tie_break, kept) = milp.restrict(&keep);
        tie_break.require_one_start(projects);
        // The lifted capacity cuts again, over the chosen projects only: fewer projects to
        // fill a month beside a large one leave more room that no order can fill. (On the
        // generated 8,000-home stock the order stage's root took 0.29 s with the cuts of the
        // full model, 0.23 s with these.)
        tie_break.rows.retain(|r| r.kind != RowKind::LiftedCapacity);
        cuts::define_lifted_capacity_cuts(&mut tie_break, projects);
        let initial: Vec<f64> = kept.iter().map(|&j| values[j]).collect();
        if let (Some(reference), Some(moved)) = (&options.reference_starts, moved_held) {
            stability::hold_changes_where_all_start(&mut tie_break, projects, reference, moved);
        }
        let lateness = tie_break.lateness.clone();
        // The tie-break ends on a work limit, so that it ends the same way on every run; its
        // share of the time limit is only a safety net.
        let order_defaults = stage_options(&started, StageKind::Order);
        let order_options = StageOptions {
            time_limit_s: (options.time_limit_s - started.elapsed().as_secs_f64())
                .min(options.time_limit_s * options.order_time_share)
                .max(0.1),
            branching: order_branching(symmetry::counted_columns(&tie_break, &lateness)),
            work: order_defaults
                .work
                .as_ref()
                .map(|w| w.share_of_limit(options.order_time_share)),
            ..order_defaults
        };
        let r = solve_with_start_plans(
            ORDER_STAGE,
            &tie_break,
            &lateness,
            vec![initial],
            StartRules {
                homes,
                mode: local_search::Mode::KeepPlanned,
                reference_first: false,
            },
            &order_options,
            progress.map(|p| (p, label(ORDER_STAGE), 1.0)),
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
    // Budget and capacity reasons hold for every optimal plan only where one LP proves that a
    // plan with the project costs more than this one (src/model/left_out.rs).
    // The LP is solved when the first such reason asks for it, once.
    // Where that bound does not settle it, an LP with the project required may
    // (`left_out::forced_excludes`), for at most `FORCED_LP_MAX` projects and fewer in a large
    // model (`FORCED_LP_COLUMNS`), in the order the reasons ask, so the same on every run.
    let floor = std::cell::OnceCell::new();
    let plan_cost = dot(&values, &milp.cost_eur);
    // The proofs below hold the LP to the whole homes of the stage rows: a copy of the model,
    // made when the first reason asks for a proof.
    let whole_model = std::cell::OnceCell::new();
    // Then, where the LP has a plan with the project in fractions, the whole-number model may
    // have none at all (`left_out::forced_infeasible`), for at most `FORCED_MIP_MAX` projects and
    // fewer in a large model (`FORCED_MIP_COLUMNS`), likewise in the order the reasons ask.
    let budget =
        |work: usize, max: usize| std::cell::Cell::new((work / milp.columns.len().max(1)).min(max));
    let forced_left = budget(left_out::FORCED_LP_COLUMNS, left_out::FORCED_LP_MAX);
    let forced_mips_left = budget(left_out::FORCED_MIP_COLUMNS, left_out::FORCED_MIP_MAX);
    // Within the corporation's time limit (helper 85: 53 s of such proofs beside 30 s of
    // stages, on a busy machine, under a limit of 60 s): past it, a reason not settled by the
    // bound keeps its hedge ("in dit plan"), which holds all the same.
    let remaining_s = || options.time_limit_s - started.elapsed().as_secs_f64();
    let take = |left: &std::cell::Cell<usize>| {
        let some = left.get() > 0 && remaining_s() > 0.0;
        left.set(left.get().saturating_sub(1));
        some
    };
    let settled = |columns: &[usize]| {
        if options.figures_only {
            return false;
        }
        let whole = whole_model.get_or_init(|| left_out::whole_stage_rows(&milp));
        let by_bound = floor
            .get_or_init(|| left_out::CostFloor::of(whole, &whole.cost_eur))
            .as_ref()
            .is_some_and(|f| f.excludes(columns, plan_cost));
        by_bound
            || (take(&forced_left)
                && left_out::forced_excludes(whole, &whole.cost_eur, columns, plan_cost))
            || (take(&forced_mips_left)
                && left_out::forced_infeasible(whole, columns, plan_cost, remaining_s()))
    };
    let reasons = binding::reasons(
        &milp,
        &values,
        projects.len(),
        stages_proven(&stages),
        &settled,
    );
    let repair = match (&reference, &options.reference_starts) {
        (Some(repaired), Some(wanted)) if !milp.columns.is_empty() => {
            let changes = |plan: &[f64]| {
                let mut start = BTreeMap::new();
                for (j, c) in milp.columns.iter().enumerate() {
                    if plan[j] > 0.5 {
                        start.insert(c.project, c.start);
                    }
                }
                let mut out = PlanChanges {
                    homes: dot(plan, &milp.homes),
                    cost_eur: dot(plan, &milp.cost_eur),
                    ..PlanChanges::default()
                };
                for &p in start.keys() {
                    for (n, &h) in out.efg_homes.iter_mut().zip(&projects[p].efg_homes) {
                        *n += h as f64;
                    }
                }
                for &p in subset {
                    match (wanted.get(&projects[p].id), start.get(&p)) {
                        (Some(w), Some(s)) if w != s => out.moved += 1,
                        (Some(_), None) => out.dropped += 1,
                        (None, Some(_)) => out.added += 1,
                        _ => {}
                    }
                }
                out
            };
            Some(ReferenceRepair {
                repaired: changes(repaired),
                plan: changes(&values),
                by_label: scenario.priority == Priority::WorstLabelFirst,
            })
        }
        _ => None,
    };
    // Where projects running slower side by side could matter, how many homes more a free
    // pace could hold (src/model/free_pace.rs); under "worst label first" homes are not the
    // first aim, so not there.
    let free_pace = if !options.figures_only && scenario.priority == Priority::Homes {
        let own = subset.iter().map(|&p| &projects[p]);
        if crate::pace::side_by_side_unexplored(own, scenario) {
            let planned: Vec<(usize, Month, u32)> = subset
                .iter()
                .filter_map(|&p| starts[p].map(|s| (p, s, projects[p].duration_at(s))))
                .collect();
            let left = options.time_limit_s - started.elapsed().as_secs_f64();
            free_pace::check(projects, subset, scenario, &planned, left)?
        } else {
            None
        }
    } else {
        None
    };
    Ok(CorporationSchedule {
        starts,
        reasons,
        repair,
        stages,
        variables,
        constraints,
        build_s,
        free_pace,
    })
}

/// Whether the projects the plan leaves out are settled: by the homes (or label) and the cost
/// stages, all proven. A cost stage not proven may have left out a project that the cheapest
/// plan holds; the order and stability stages only move starts.
fn plan_proven(stages: &[StageReport]) -> bool {
    let proven = stages_proven(stages);
    proven.homes && proven.cost
}

/// Whether the homes (or label) stages and the cost stage of a plan are all proven.
fn stages_proven(stages: &[StageReport]) -> binding::Proven {
    let all_of = |kinds: &[StageKind]| {
        stages
            .iter()
            .filter(|s| kinds.contains(&s.kind))
            .all(|s| s.status == SolveStatus::Optimal)
    };
    binding::Proven {
        homes: all_of(&[StageKind::Homes, StageKind::LabelHomes]),
        cost: all_of(&[StageKind::Cost]),
    }
}

/// The plan's gap: the largest of its homes and cost stages (the order stages are a tie-break,
/// reported on their own). A whole-number stage's gap is against its whole bound: a homes stage
/// of 91 homes under a bound of 91.57 is proven, with gap 0, not 0.6 %.
fn plan_gap(stages: &[StageReport]) -> f64 {
    stages
        .iter()
        .filter(|s| !matches!(s.kind, StageKind::Order | StageKind::Stability))
        .map(StageReport::reported_gap)
        .fold(0.0, f64::max)
}

/// The share of a corporation's time limit (and work) that the homes stages leave for the cost
/// stage, beside the ordering stage's share. Without it, a homes stage that could not be proven
/// took all but the ordering stage's share, and the cost stage after it stopped on the clock.
/// Measured on the sector benchmark (`--tijdslimiet 10`, one run each, quiet, 2026-11-29):
/// without it 180 s, 4 homes and 8 cost stages open (these on the clock, largest gap 4.48 %);
/// with it 169 s, the same 4 homes and 8 cost stages open, these on their work (so the same
/// plan on every run), largest gap 3.46 %, the same 99,956 homes.
pub const COST_TIME_SHARE: f64 = 0.25;

/// The share of a corporation's time limit (and work) that the homes and cost stages of a
/// re-plan leave for the stability stage (fewest projects moved from the previous plan),
/// beside the ordering stage's share. Without it, a cost stage that could not be proven took
/// all but the ordering stage's share: helper 86's Q2 re-plan (one corporation, 769 columns,
/// the cost stage open at 4.5 %) gave its stability stage 0.02 s, which ended at 41 projects
/// moved against a bound of 12, where a run whose cost stage stopped on the clock proved 17.
pub const STABILITY_TIME_SHARE: f64 = 0.1;

/// What a better order could at most gain, in the words of the status line and the stage table.
fn order_better_text(units: usize) -> String {
    format!(
        "ten hoogste {} beter mogelijk",
        nl_format::count(units, "urgentiemaand", "urgentiemaanden")
    )
}

/// Order stages of at most this many columns, counted with alike projects as one column per
/// class and start (src/model/symmetry.rs), go to HiGHS' root node ([`Branching::Root`]);
/// larger ones keep the best starting plan with the LP bound (unless it is already close to
/// it: [`ORDER_ROOT_MAX_LP_GAP`]). Measured before alike projects were counted, on the 276
/// order stages of the sector benchmark (HiGHS alone, root only, without RINS/RENS): under 500
/// columns 0.1 s on average, 500-1,000 columns 0.25 s (at most 0.9 s; 68 of 124 proven),
/// 1,000-1,500 0.5 s (1 of 26 proven). Counted, the generated 80,000-home stock's order model
/// has 2,155 columns instead of 6,981, and its root took 0.66 s (HiGHS alone, from the best
/// start), leaving at most 401 urgency-months where the best start alone left 704.
pub const ORDER_MIP_MAX_COLUMNS: usize = 2_500;

/// A larger model whose best start lies within this relative distance of the LP bound still
/// goes to HiGHS' root, with its RINS/RENS sub-MIPs and without presolve
/// ([`Branching::RootWithSubMips`]): a work limit by the numbers, not the clock. Measured on
/// generated 80,000-home stocks (order model alone in HiGHS 1.16, from the best start): with at
/// most 4 homes a project (11,985 columns, best start -109,760 against the LP's -109,833.8)
/// proven optimal at -109,833 in 1.5 s, with at most 3 (14,331 columns, -109,967 against
/// -109,973.3) at -109,972 in 1.3 s; with presolve 4.8 s and 2.1 s. On the default stock the
/// best start lies 0.6 % from the LP bound, and the root there took 2.0 s without a better order.
pub const ORDER_ROOT_MAX_LP_GAP: f64 = 0.001;

/// The share of the homes stage's remaining time that the model without its budget may take
/// (src/model/relaxation.rs). Measured on the 26 homes stages of the sector benchmark that
/// reached HiGHS (dumped, HiGHS 1.16 alone, alike projects counted): the relaxation proved 17
/// of the 18 that HiGHS proved on the whole model, each in at most 3.1 s, and 5 of the 8 it
/// left open at 10 s, in 0.6 to 4.4 s; where the budget binds its optimum lies above the plan
/// (333 homes against 321) within a second. With half the time, the sector benchmark
/// (`--tijdslimiet 10`) left 5 homes and 8 cost stages open; with three quarters, 4 and 7
/// (one run each, quiet machine, 180 s and 174 s): where the relaxation cannot prove the plan
/// in that time, HiGHS on the whole model did not in twice the time either.
pub const BUDGET_FREE_TIME_SHARE: f64 = 0.75;

/// Order stages of at most this many counted columns get a small tree instead of the root
/// alone ([`Branching::Nodes`] with [`ORDER_TREE_NODES`]). Measured on the 64 order stages of
/// the sector benchmark that the root left open (counted models, HiGHS 1.16 alone, from the
/// best start, without RINS/RENS): of the 28 under 500 columns the root proves 8 in 12.3 s
/// summed, 20 nodes 14 in 15.1 s, 100 nodes 17 in 18.0 s; of the 30 at 500-1,000 columns 100
/// nodes prove 4 instead of 2 for 18 s more, of the 6 larger none.
pub const ORDER_TREE_MAX_COLUMNS: usize = 500;

/// The nodes of that tree. With 300 (2026-11-30, the window search in place, the sector
/// benchmark at `--tijdslimiet 10`, one quiet run each) 49 order stages stayed open instead of
/// 52, but 4 of them on the clock, and the run took 182.7 s instead of 162.3 s.
pub const ORDER_TREE_NODES: i32 = 100;

/// How far the order stage may search, by the size of its model (in counted columns): a work
/// limit, not a time limit, so that the plan is the same on every run. (HiGHS has no work
/// limit of its own but nodes; the stage's share of the time limit stays as a safety net, and a
/// stage stopped by it says so.)
fn order_branching(columns: usize) -> Branching {
    if columns <= ORDER_TREE_MAX_COLUMNS {
        Branching::Nodes(ORDER_TREE_NODES)
    } else if columns <= ORDER_MIP_MAX_COLUMNS {
        Branching::Root
    } else {
        Branching::None
    }
}

/// Added to a proven stage's outcome when the clock cut a part of it short.
const CLOCK_CUT_OUTCOME: &str =
    "; de tijdslimiet kortte een zoekstap in: een volgende run kan een ander plan geven";

/// The share of a stage's work (src/model/work_limit.rs) its starting plans' local searches
/// may take together, counted by src/model/local_search.rs: the same on every run. On the
/// machine the count is fitted to, that is about a tenth of the stage's time (a stage's work is
/// about half its time, up to three quarters when an earlier stage took more time than work),
/// and the longer searches took 0.6 to 2.4 times their count there.
pub const LOCAL_SEARCH_WORK_SHARE: f64 = 0.2;

/// The share of a stage's time limit after which the clock stops its local searches: the
/// safety net on a busy or slower machine, at least twice the time their work takes on this
/// one (see [`LOCAL_SEARCH_WORK_SHARE`]). A search it stops is marked (`clock_cut`).
const LOCAL_SEARCH_CLOCK_SHARE: f64 = 0.4;

/// Ruin-and-recreate rounds per project in the model: enough to bring the plan within the
/// target gap of the LP bound on the stocks measured (see the README's benchmarks).
const ROUNDS_PER_PROJECT: usize = 1000;

/// Fewer for the order stage, so that they end on their count, not on the local search's time
/// share (which would make the order depend on the machine). Measured on the generated 80,000-
/// home stock (release, one run each): 100 rounds per project 0.13 s for the stage, 784
/// urgency-months from the LP bound; 300: 0.23 s, 704; 1,000: 0.60 s (at the time share), 683;
/// 3,000: 1.62 s, 679. On the 8,000-home stock no count improved the starting order.
const ORDER_ROUNDS_PER_PROJECT: usize = 300;

fn rounds_per_project(kind: StageKind) -> usize {
    if kind == StageKind::Order {
        ORDER_ROUNDS_PER_PROJECT
    } else {
        ROUNDS_PER_PROJECT
    }
}

/// Which starting plans a stage takes, and what its local search may do.
#[derive(Debug, Clone, Copy)]
struct StartRules {
    /// Plans with fewer homes are passed over (the homes an earlier stage settled).
    homes: f64,
    /// Which projects local search may leave out or bring in.
    mode: local_search::Mode,
    /// The first starting plan is a reference plan ([`stability`]): tried before the others,
    /// and kept when the stage's bound proves it (as soon as the LP bound does, or over a
    /// plan the stage found within the proven gap), so that an unchanged scenario reproduces
    /// its reference exactly.
    reference_first: bool,
}

/// One minimising stage: the LP relaxation gives a bound and a plan to round; the starting
/// plans, the LP-guided plan among them, are improved by local search; when the best is within
/// the gap of the LP bound it is proven without a MIP, otherwise HiGHS solves the MIP from it.
/// `progress` gets the stage's label and the factor its values are shown with (-1 for homes).
///
/// A valid reference plan (the first starting plan, with `rules.reference_first`) then
/// replaces the stage's plan when the stage is proven and the reference is proven by the same
/// bound: plans within the proven gap count as equal, and among equal plans the reference's is
/// kept (SPEC: an unchanged situation moves nothing). Without this, a cost stage proven within
/// 0.1 % could trade the previous plan for one a few euros cheaper and move projects nobody
/// asked to move.
fn solve_with_start_plans(
    name: &str,
    milp: &Milp,
    objective: &[f64],
    starting: Vec<Vec<f64>>,
    rules: StartRules,
    options: &StageOptions,
    progress: Option<(&Progress, String, f64)>,
) -> Result<solve::StageResult, SolveError> {
    let reference = starting
        .first()
        .filter(|_| rules.reference_first)
        .filter(|plan| dot(plan, &milp.homes) >= rules.homes - 0.5 && milp.satisfies(plan))
        .map(|plan| (dot(plan, objective), plan.clone()));
    let progress = progress.map(|(p, label, shown)| (p, p.begin(label, shown)));
    let result = solve_minimising(name, milp, objective, starting, rules, options, progress);
    if let Some((p, ticket)) = progress {
        p.end(ticket);
    }
    let mut r = result?;
    if let Some((value, plan)) = reference {
        let report = &mut r.report;
        // Proven: the reference too, when the same bound proves it. Not proven: the reference
        // when it is as good as the best plan found, to the unit or within the target gap.
        let kept = if report.status == SolveStatus::Optimal {
            report.bound_known && solve::is_proven(value, report.bound, options)
        } else {
            solve::within_target(value, report.objective, options)
        };
        if kept && plan != r.values {
            if report.status != SolveStatus::Optimal && value > report.objective {
                report.method = StageMethod::ReferenceKept;
            }
            report.objective = value;
            report.gap = if report.bound_known {
                solve::stage_gap(value, report.bound, options)
            } else {
                report.gap
            };
            r.values = plan;
        }
    }
    Ok(r)
}

fn solve_minimising(
    name: &str,
    milp: &Milp,
    objective: &[f64],
    mut starting: Vec<Vec<f64>>,
    rules: StartRules,
    options: &StageOptions,
    progress: Option<(&Progress, progress::Ticket)>,
) -> Result<solve::StageResult, SolveError> {
    let started = Instant::now();
    let lp_options = StageOptions {
        relaxed: true,
        ..options.clone()
    };
    let lp = solve_stage("lp", milp, objective, &[], &lp_options).ok();
    if let (Some((p, t)), Some(lp)) = (progress, &lp) {
        p.known(t, None, Some(lp.report.objective));
    }
    if let Some(lp) = &lp {
        starting.push(start_plan::lp_guided(milp, &lp.values));
    }
    let projects = {
        let mut seen: Vec<usize> = milp.columns.iter().map(|c| c.project).collect();
        seen.dedup();
        seen.len()
    };
    let deadline =
        std::time::Duration::try_from_secs_f64(options.time_limit_s * LOCAL_SEARCH_CLOCK_SHARE)
            .ok()
            .and_then(|d| started.checked_add(d))
            .unwrap_or(started + std::time::Duration::from_secs(86_400));
    let bound = lp
        .as_ref()
        .filter(|lp| lp.report.status == SolveStatus::Optimal)
        .map(|lp| lp.report.objective);
    let proven = |value: f64| bound.is_some_and(|b| solve::is_proven(value, b, options));
    // The LP-guided plan first: it is usually the best, and once a plan is proven the others
    // are not needed. A reference plan comes before it.
    starting.reverse();
    if rules.reference_first {
        starting.rotate_right(1);
    }
    // The starting plans' local searches share one amount of work, a share of the stage's
    // (the same on every run); the clock is their safety net.
    let search_work_us = options.work.as_ref().map_or(u64::MAX, |w| {
        (w.microseconds() as f64 * LOCAL_SEARCH_WORK_SHARE) as u64
    });
    let mut search_spent_us = 0u64;
    let mut clock_cut = false;
    let mut best: Option<(f64, Vec<f64>)> = None;
    for (i, plan) in starting.into_iter().enumerate() {
        if best.as_ref().is_some_and(|(b, _)| proven(*b)) {
            break;
        }
        if dot(&plan, &milp.homes) < rules.homes - 0.5 || !milp.satisfies(&plan) {
            continue;
        }
        if rules.reference_first && i == 0 && proven(dot(&plan, objective)) {
            best = Some((dot(&plan, objective), plan));
            continue;
        }
        let limits = local_search::Limits {
            rounds: rounds_per_project(options.kind) * projects,
            max_work_us: search_work_us.saturating_sub(search_spent_us),
            deadline,
        };
        let improved = local_search::improve(milp, objective, &plan, rules.mode, &proven, &limits);
        search_spent_us += improved.work_us;
        clock_cut |= improved.clock_cut;
        let plan = improved.values;
        let value = dot(&plan, objective);
        if best.as_ref().is_none_or(|(b, _)| value < *b) {
            best = Some((value, plan));
        }
    }
    let (value, plan) = best.ok_or(SolveError::NoSolution)?;
    if let Some((p, t)) = progress {
        p.known(t, Some(value), None);
    }
    // Without branching, a start close to the LP bound still goes to HiGHS' root: there its
    // cuts and sub-MIPs usually close the rest.
    let branching = match options.branching {
        Branching::None
            if bound.is_some_and(|b| relative_gap(value, b) <= ORDER_ROOT_MAX_LP_GAP) =>
        {
            Branching::RootWithSubMips
        }
        other => other,
    };
    // A stage settled without HiGHS on the whole model: the best start against a bound (none
    // known: a gap of 100 %, as HiGHS' stages report it).
    let setup_s = lp.as_ref().map_or(0.0, |lp| lp.report.setup_s);
    let settled = |plan: Vec<f64>,
                   status: SolveStatus,
                   bound: Option<f64>,
                   method: StageMethod,
                   clock_cut: bool| solve::StageResult {
        values: plan,
        report: StageReport {
            name: name.to_string(),
            kind: options.kind,
            status,
            objective: value,
            bound: bound.unwrap_or(value),
            bound_known: bound.is_some(),
            gap: bound.map_or(1.0, |b| solve::stage_gap(value, b, options)),
            setup_s,
            time_s: started.elapsed().as_secs_f64(),
            method,
            start_objective: value,
            clock: clock_cut && status != SolveStatus::Optimal,
            clock_cut,
            window_gain: 0.0,
        },
    };
    // Proven by a bound of its own (whole projects per month, the model without its budget).
    let proven_by = |plan: Vec<f64>, b: f64, method: StageMethod, clock_cut: bool| {
        if let Some((p, t)) = progress {
            p.known(t, Some(value), Some(b));
        }
        settled(plan, SolveStatus::Optimal, Some(b), method, clock_cut)
    };
    // Settled without HiGHS: proven by the LP bound, or (without branching) the best start
    // against that bound.
    let proven_by_lp = proven(value);
    if proven_by_lp || branching == Branching::None {
        let (status, method) = if proven_by_lp {
            (SolveStatus::Optimal, StageMethod::LpBound)
        } else {
            // Not handed to HiGHS, so not written there: the open model, for measuring.
            solve::dump_stage(name, SolveStatus::LimitReached, milp, objective, &plan);
            (SolveStatus::LimitReached, StageMethod::StartPlan)
        };
        let mut r = settled(plan, status, bound, method, clock_cut);
        search_windows(milp, objective, &mut r, options, started);
        return Ok(r);
    }
    // The homes stage first tries the bound of what each month can hold in whole projects
    // (src/model/pattern_bound.rs), with at most the relaxation's share of the work: it proves
    // plans of small corporations whose LP bound lies homes above them.
    let mut pattern = None;
    if options.kind == StageKind::Homes && branching == Branching::Full {
        let remaining = (options.time_limit_s - started.elapsed().as_secs_f64()).max(0.0);
        let deadline = Instant::now()
            + std::time::Duration::try_from_secs_f64(remaining * BUDGET_FREE_TIME_SHARE)
                .unwrap_or_default();
        let proves = |b: f64| solve::is_proven(value, b, options);
        let work = options
            .work
            .as_ref()
            .map(|w| w.share_of_remaining(BUDGET_FREE_TIME_SHARE));
        let max_work_us = work.as_ref().map(|w| w.microseconds());
        pattern =
            pattern_bound::pattern_bound(milp, objective, &plan, proves, max_work_us, deadline);
        if let (Some(p), Some(work)) = (&pattern, &work) {
            work.account.spend_us(p.work_us);
        }
        clock_cut |= pattern.as_ref().is_some_and(|p| p.clock_cut);
        if let Some(b) = pattern
            .as_ref()
            .and_then(|p| p.bound)
            .filter(|&b| proves(b))
        {
            return Ok(proven_by(plan, b, StageMethod::PatternBound, clock_cut));
        }
    }
    // Then the bound of the model without its budget (src/model/relaxation.rs), with a share
    // of its time: it proves most plans of small corporations whose whole model HiGHS cannot
    // close in seconds.
    let mut relaxed_bound = None;
    if options.kind == StageKind::Homes && branching == Branching::Full {
        let share = StageOptions {
            time_limit_s: ((options.time_limit_s - started.elapsed().as_secs_f64())
                * BUDGET_FREE_TIME_SHARE)
                .max(0.1),
            work: options
                .work
                .as_ref()
                .map(|w| w.share_of_remaining(BUDGET_FREE_TIME_SHARE)),
            ..options.clone()
        };
        // A diagnostic bound: should HiGHS fail on it, the whole model is solved as before.
        if let Ok(relaxed) = relaxation::budget_free_bound(name, milp, objective, &plan, &share) {
            relaxed_bound = relaxed.bound;
            clock_cut |= relaxed.clock;
        }
        if let Some(b) = relaxed_bound.filter(|&b| solve::is_proven(value, b, options)) {
            return Ok(proven_by(plan, b, StageMethod::BudgetFreeBound, clock_cut));
        }
    }
    let rest = StageOptions {
        time_limit_s: (options.time_limit_s - started.elapsed().as_secs_f64()).max(0.1),
        log_file: progress.map(|(p, t)| p.log_file(t)),
        branching,
        ..options.clone()
    };
    // A homes stage branches first on a share of what remains (src/model/one_more.rs); where
    // that leaves room for exactly one home (or G, F, E home) more, HiGHS is then asked for any
    // plan with it instead, which proves the stage either way; otherwise branching goes on from
    // the better plan with the rest.
    let mut rest = rest;
    let mut plan = plan;
    let mut early = None;
    if matches!(options.kind, StageKind::Homes | StageKind::LabelHomes)
        && branching == Branching::Full
    {
        let mut best_bound = [bound, relaxed_bound, pattern.as_ref().and_then(|p| p.bound)]
            .into_iter()
            .flatten()
            .fold(f64::NEG_INFINITY, f64::max);
        if !one_more::applies(dot(&plan, objective), best_bound) {
            let first = StageOptions {
                time_limit_s: rest.time_limit_s * one_more::BRANCH_FIRST_SHARE,
                work: rest
                    .work
                    .as_ref()
                    .map(|w| w.share_of_remaining(one_more::BRANCH_FIRST_SHARE)),
                ..rest.clone()
            };
            let r = symmetry::solve_counting_alike(name, milp, objective, &plan, &first)?;
            if r.report.bound_known {
                best_bound = best_bound.max(r.report.bound);
            }
            if dot(&r.values, objective) < dot(&plan, objective) - 0.5 {
                plan = r.values.clone();
            }
            rest.time_limit_s = (options.time_limit_s - started.elapsed().as_secs_f64()).max(0.1);
            clock_cut |= r.report.clock_cut;
            // Proven: done. Otherwise the question below, or (more than one home open) the
            // branching goes on.
            if r.report.status == SolveStatus::Optimal {
                early = Some(r);
            }
        }
        let now = dot(&plan, objective);
        if early.is_none() && one_more::applies(now, best_bound) {
            let asked = Instant::now();
            let (plan, status, bound) = match one_more::ask(name, milp, objective, now, &rest)? {
                one_more::Answer::Found(better) => (better, SolveStatus::Optimal, best_bound),
                one_more::Answer::NoneExists => (plan, SolveStatus::Optimal, now),
                one_more::Answer::Open => {
                    // Ended by the clock rather than its work: another run may answer.
                    clock_cut |= asked.elapsed().as_secs_f64() >= 0.99 * rest.time_limit_s;
                    (plan, SolveStatus::LimitReached, best_bound)
                }
            };
            let objective_now = dot(&plan, objective);
            let mut r = settled(plan, status, Some(bound), StageMethod::OneMore, clock_cut);
            r.report.objective = objective_now;
            r.report.gap = solve::stage_gap(objective_now, bound, options);
            if let Some((p, t)) = progress {
                p.known(t, Some(objective_now), Some(bound));
            }
            return Ok(r);
        }
    }
    // The ordering stage's window search runs beside HiGHS, from the same plan.
    let (root, beside) = if let Some(r) = early {
        (Ok(r), None)
    } else if options.kind == StageKind::Order {
        windows_beside_highs(name, milp, objective, &plan, &rest, options, started)
    } else {
        (
            symmetry::solve_counting_alike(name, milp, objective, &plan, &rest),
            None,
        )
    };
    let mut r = root?;
    r.report.time_s = started.elapsed().as_secs_f64();
    r.report.start_objective = value;
    // HiGHS started from a plan whose local search (or a bound before it) the clock cut short:
    // another run may start elsewhere, and so end elsewhere.
    r.report.clock |= clock_cut && r.report.status != SolveStatus::Optimal;
    r.report.clock_cut |= clock_cut;
    // HiGHS may stop before its own bound reaches the LP's or the relaxation's; the best of
    // them holds, and proves the plan when it is close enough.
    let pattern_bound = pattern.and_then(|p| p.bound);
    for b in [bound, relaxed_bound, pattern_bound].into_iter().flatten() {
        if !r.report.bound_known || b > r.report.bound {
            r.report.bound = b;
            r.report.bound_known = true;
            r.report.gap = solve::stage_gap(r.report.objective, b, options);
            if solve::is_proven(r.report.objective, b, options) {
                r.report.status = SolveStatus::Optimal;
                r.report.clock = false;
            }
        }
    }
    match beside {
        // The windows beside HiGHS found the better plan: it is held against HiGHS' bound.
        Some(w)
            if r.report.status != SolveStatus::Optimal
                && dot(&w.values, objective) < r.report.objective - 0.5 =>
        {
            take_windows(&mut r, w, objective, options, started);
        }
        // HiGHS found no better plan than the start the windows searched from, and nor did
        // they: nothing more to search.
        Some(_) => {}
        // HiGHS found a better plan than the start (or none ran beside it): the windows go on
        // from HiGHS' plan.
        None => search_windows(milp, objective, &mut r, options, started),
    }
    Ok(r)
}

/// How long HiGHS runs alone on the ordering stage before the window search starts beside it:
/// most stages HiGHS proves end by then, and the search would only slow HiGHS down (on the
/// generated 8,000-home stock, whose order HiGHS proves in about 0.16 s alone, windows beside it
/// from the start took its root to 0.17 to 0.25 s in four runs).
pub const WINDOWS_HEAD_START: std::time::Duration = std::time::Duration::from_millis(250);

/// HiGHS on the ordering stage, with the window search (src/model/window_search.rs) from the
/// same starting plan beside it, on a core of its own where one is free: on the generated
/// 80,000-home stock the windows from the starting plan reach the order that they reach from
/// HiGHS' root, and the root there only tightens the bound. The window search has work of its
/// own ([`WINDOWS_BESIDE_WORK_SHARE`] of the stage's remaining work before HiGHS starts, charged to the
/// stage once both have ended), so that what each may spend does not depend on the clock and
/// the plan is the same on every run. Its plan counts only where HiGHS neither proves the stage
/// nor improves on the starting plan; otherwise it is called off, its work not charged, and
/// (unless proven) the windows search from HiGHS' plan after it, as they did before. Where no
/// core is free (the sector's corporations are solved side by side) it runs after HiGHS, and
/// only when its plan will count.
fn windows_beside_highs(
    name: &str,
    milp: &Milp,
    objective: &[f64],
    plan: &[f64],
    rest: &StageOptions,
    options: &StageOptions,
    started: Instant,
) -> (
    Result<solve::StageResult, SolveError>,
    Option<window_search::Windows>,
) {
    let Some(work) = &options.work else {
        return (
            symmetry::solve_counting_alike(name, milp, objective, plan, rest),
            None,
        );
    };
    let call_off = std::sync::Arc::new(AtomicBool::new(false));
    let own = work_limit::WorkLimit {
        call_off: Some(std::sync::Arc::clone(&call_off)),
        ..work_limit::WorkLimit::all(&work_limit::WorkAccount::with_limit_us(
            (work.microseconds() as f64 * WINDOWS_BESIDE_WORK_SHARE) as u64,
        ))
    };
    let deadline = std::time::Duration::try_from_secs_f64(options.time_limit_s)
        .ok()
        .and_then(|d| started.checked_add(d))
        .unwrap_or(started);
    let start = dot(plan, objective);
    // The windows from the starting plan count only when HiGHS neither proves the stage nor
    // finds a better plan than that start (the windows then go on from HiGHS' plan).
    let used = |r: &Result<solve::StageResult, SolveError>| {
        r.as_ref().is_ok_and(|r| {
            r.report.status != SolveStatus::Optimal && r.report.objective >= start - 0.5
        })
    };
    let root_done = AtomicBool::new(false);
    let (root, windows) = rayon::join(
        || {
            let r = symmetry::solve_counting_alike(name, milp, objective, plan, rest);
            if !used(&r) {
                call_off.store(true, Ordering::Relaxed);
            }
            root_done.store(true, Ordering::Relaxed);
            r
        },
        || {
            let waiting = Instant::now();
            while !root_done.load(Ordering::Relaxed) && waiting.elapsed() < WINDOWS_HEAD_START {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            if call_off.load(Ordering::Relaxed) {
                return None;
            }
            Some(window_search::improve(
                milp,
                objective,
                plan,
                options,
                Some(own.clone()),
                deadline,
            ))
        },
    );
    // Work spent on windows not used is not charged: whether they ran at all depends on the
    // clock (the head start, a free core).
    if !used(&root) {
        return (root, None);
    }
    work.account.spend_us(own.account.used_us());
    (root, windows)
}

/// Takes the window search's plan into `r` (HiGHS' or the starting plans' result, whose bound
/// it keeps) where it is better by a unit or more; the window gain is counted from `r`'s plan.
/// For the search after HiGHS (from `r`'s plan) and the one beside it (from the start).
fn take_windows(
    r: &mut solve::StageResult,
    w: window_search::Windows,
    objective: &[f64],
    options: &StageOptions,
    started: Instant,
) {
    let report = &mut r.report;
    report.clock_cut |= w.clock_cut;
    let value = dot(&w.values, objective);
    if report.objective - value > 0.5 {
        report.window_gain = report.objective - value;
        report.objective = value;
        r.values = w.values;
        if report.bound_known {
            report.gap = solve::stage_gap(value, report.bound, options);
            if solve::is_proven(value, report.bound, options) {
                report.status = SolveStatus::Optimal;
            }
        }
    }
    report.clock = report.clock_cut && report.status != SolveStatus::Optimal;
    report.time_s = started.elapsed().as_secs_f64();
}

/// The share of the work the ordering stage has left after HiGHS that its window search may
/// take (src/model/window_search.rs).
pub const WINDOW_WORK_SHARE: f64 = 0.5;

/// The share of the work the ordering stage has left before HiGHS that the window search beside
/// HiGHS may take: half of [`WINDOW_WORK_SHARE`], about what the search after HiGHS had where
/// HiGHS took half the stage's work. A choice, not a measured best: on the sector benchmark
/// (`--tijdslimiet 10`, where the search mostly runs after HiGHS, its windows budget-bound) the
/// ordering stages took 124.7 s with it and 118.7 and 129.4 s before the search moved beside
/// HiGHS (one run each, Intel Xeon, 2026-11-30), within that machine's spread.
pub const WINDOWS_BESIDE_WORK_SHARE: f64 = 0.25;

/// An ordering stage left unproven goes on with the window search from its plan
/// (src/model/window_search.rs), with a share of its remaining work and within its time
/// limit; the plan it improves is held against the same bound.
fn search_windows(
    milp: &Milp,
    objective: &[f64],
    r: &mut solve::StageResult,
    options: &StageOptions,
    started: Instant,
) {
    if options.kind != StageKind::Order || r.report.status == SolveStatus::Optimal {
        return;
    }
    let deadline = std::time::Duration::try_from_secs_f64(options.time_limit_s)
        .ok()
        .and_then(|d| started.checked_add(d))
        .unwrap_or(started);
    let work = options
        .work
        .as_ref()
        .map(|w| w.share_of_remaining(WINDOW_WORK_SHARE));
    let w = window_search::improve(milp, objective, &r.values, options, work, deadline);
    take_windows(r, w, objective, options, started);
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Runs `work` while a thread prints `progress` lines. The thread is stopped also when `work`
/// panics, so that it can never keep the process alive.
fn with_progress<T: Send>(progress: &Progress, work: impl FnOnce() -> T + Send) -> T {
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| progress.report_until(&stop));
        let _stop = StopOnDrop(&stop);
        work()
    })
}

/// Sets the flag when dropped, also while unwinding from a panic.
struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_stage_is_bounded_by_work_not_by_the_clock() {
        assert_eq!(
            order_branching(ORDER_TREE_MAX_COLUMNS),
            Branching::Nodes(ORDER_TREE_NODES)
        );
        assert_eq!(order_branching(ORDER_TREE_MAX_COLUMNS + 1), Branching::Root);
        assert_eq!(order_branching(ORDER_MIP_MAX_COLUMNS), Branching::Root);
        assert_eq!(order_branching(ORDER_MIP_MAX_COLUMNS + 1), Branching::None);
        assert_eq!(
            rounds_per_project(StageKind::Order),
            ORDER_ROUNDS_PER_PROJECT
        );
        assert_eq!(rounds_per_project(StageKind::Cost), ROUNDS_PER_PROJECT);
    }

    /// Three projects of three homes that may start in January or February, five homes of
    /// capacity a month and a budget that does not bind: one project fits a month, so 6 homes,
    /// where the LP fills both months (9 homes with three projects). The homes stage proves the
    /// plan with the bound of whole projects per month, before HiGHS.
    #[test]
    fn the_homes_stage_is_proven_by_whole_projects_per_month() {
        let january = Month::new(2025, 1);
        let mut milp = build::grid_for_tests(3, 2, january, 3.0, 3.0, 5.0, false, |_, _| 30_000.0);
        let budget = (0..6).map(|j| (j, 30_000.0)).collect();
        milp.add_row(RowKind::Budget(2025), "budget".into(), budget, 0.0, 1e6);
        let minus_homes: Vec<f64> = milp.homes.iter().map(|h| -h).collect();
        let rules = StartRules {
            homes: 0.0,
            mode: local_search::Mode::MayUnplan,
            reference_first: false,
        };
        let options = StageOptions::exact_for_tests(StageKind::Homes);
        let empty = vec![vec![0.0; 6]];
        let r = solve_with_start_plans(
            "woningen",
            &milp,
            &minus_homes,
            empty,
            rules,
            &options,
            None,
        )
        .expect("solved");
        assert_eq!(r.report.status, SolveStatus::Optimal);
        assert_eq!(r.report.method, StageMethod::PatternBound);
        assert_eq!(r.report.objective, -6.0);
        assert!(r.report.bound > -7.0, "bound {}", r.report.bound);
        assert!(milp.satisfies(&r.values));
    }

    /// Three projects of two homes, each starting once in one of three months that take three
    /// homes each, so one project a month; the LP fits one and a half a month and bounds the
    /// cost more than 0.1 % below the optimum (EUR 300,900: the project with the dear third
    /// month in the first or second). The reference plan (A, B, C in months 1-3) costs EUR 50
    /// more: within 0.1 % of the optimum, so once HiGHS proves the optimum the reference counts
    /// as equal and stays. When C's third month costs EUR 400 more, it gives way.
    #[test]
    fn a_reference_plan_within_the_proven_gap_is_kept() {
        let model = |c_third: f64| {
            let costs = [
                [100_000.0, 100_300.0, 100_600.0],
                [100_000.0, 100_300.0, 100_600.0],
                [100_000.0, 100_300.0, c_third],
            ];
            let january = Month::new(2025, 1);
            let cost = |p: usize, k: u32| costs[p][k as usize];
            build::grid_for_tests(3, 3, january, 2.0, 2.0, 3.0, true, cost)
        };
        let options = StageOptions {
            mip_rel_gap: 0.001,
            mip_abs_gap: 1.0,
            ..StageOptions::exact_for_tests(StageKind::Cost)
        };
        let rules = StartRules {
            homes: 6.0,
            mode: local_search::Mode::KeepPlanned,
            reference_first: true,
        };
        let solve = |milp: &Milp, reference: &[f64]| {
            let cost = milp.cost_eur.clone();
            let starting = vec![reference.to_vec()];
            solve_with_start_plans("kosten", milp, &cost, starting, rules, &options, None)
                .expect("solved")
        };
        let reference = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0];
        let r = solve(&model(100_650.0), &reference);
        assert_eq!(r.report.status, SolveStatus::Optimal);
        assert!(r.report.bound > 300_899.0, "HiGHS, not the LP, proves it");
        assert_eq!(r.values, reference, "equal within the proven gap: kept");
        assert_eq!(r.report.objective, 300_950.0);
        let r = solve(&model(101_000.0), &reference);
        assert_eq!(r.report.status, SolveStatus::Optimal);
        assert_ne!(r.values, reference, "0.13 % dearer: the cheaper plan wins");
        assert_eq!(r.report.objective, 300_900.0);
        // Not proven (no branching: the LP bound, EUR 300,450, lies 0.15 % below the best
        // plan): a reference within the target gap of the best plan found stays too, and the
        // stage says so instead of "beste gevonden"; its gap is the reference's own.
        let unproven = StageOptions {
            branching: Branching::None,
            ..options.clone()
        };
        let solve_unproven = |milp: &Milp| {
            let cost = milp.cost_eur.clone();
            let starting = vec![reference.to_vec()];
            solve_with_start_plans("kosten", milp, &cost, starting, rules, &unproven, None)
                .expect("solved")
        };
        let r = solve_unproven(&model(100_650.0));
        assert_eq!(r.report.status, SolveStatus::LimitReached);
        assert_eq!(
            r.values, reference,
            "within the target gap of the best found: kept"
        );
        assert_eq!(r.report.method, StageMethod::ReferenceKept);
        assert_eq!(r.report.objective, 300_950.0);
        assert!((r.report.gap - 500.0 / 300_950.0).abs() < 1e-9);
        assert!(r
            .report
            .outcome_dutch()
            .starts_with("referentieplan aangehouden"));
        let r = solve_unproven(&model(101_000.0));
        assert_eq!(r.report.status, SolveStatus::LimitReached);
        assert_ne!(
            r.values, reference,
            "0.13 % dearer than the best found: gives way"
        );
        assert_eq!(r.report.objective, 300_900.0);
        assert_eq!(r.report.method, StageMethod::StartPlan);
    }

    fn stage(kind: StageKind, status: SolveStatus, objective: f64, bound: f64) -> StageReport {
        StageReport {
            name: "s".into(),
            kind,
            status,
            objective,
            bound,
            bound_known: true,
            gap: relative_gap(objective, bound),
            setup_s: 0.0,
            time_s: 0.0,
            method: StageMethod::BranchAndBound,
            start_objective: objective,
            clock: false,
            clock_cut: false,
            window_gain: 0.0,
        }
    }

    /// A whole-number stage shows the whole bound it proves: at most 310.81 homes is 310, an
    /// urgency bound of -9,360.4 is -9,360; with it a proven stage's gap is 0.
    #[test]
    fn whole_number_stages_show_their_whole_bound() {
        let homes = stage(StageKind::Homes, SolveStatus::Optimal, 310.0, 310.8125);
        assert_eq!(homes.whole_bound(), 310.0);
        assert_eq!(homes.whole_gap(), 0.0);
        let open = stage(
            StageKind::Homes,
            SolveStatus::LimitReached,
            205.0,
            206.99999999999994,
        );
        assert_eq!(open.whole_bound(), 207.0);
        let order = stage(
            StageKind::Order,
            SolveStatus::LimitReached,
            -9350.0,
            -9360.4,
        );
        assert_eq!(order.whole_bound(), -9360.0);
        let cost = stage(StageKind::Cost, SolveStatus::LimitReached, 103.5, 100.25);
        assert_eq!(cost.whole_bound(), 100.25);
        assert_eq!(cost.whole_gap(), cost.gap);
        // The plan's gap takes the proven homes stage at 0, the cost stage's as it is.
        let small_cost = stage(StageKind::Cost, SolveStatus::Optimal, 1_000.0, 999.1);
        let proven_homes = stage(StageKind::Homes, SolveStatus::Optimal, 91.0, 91.568);
        assert!(proven_homes.gap > 0.006);
        assert_eq!(
            plan_gap(&[proven_homes, small_cost.clone()]),
            small_cost.gap
        );
    }

    /// The reasons of projects left out hold for every optimal plan only when homes and cost are
    /// proven; an order stage left open does not matter.
    #[test]
    fn projects_left_out_are_settled_by_proven_homes_and_cost() {
        let homes = stage(StageKind::Homes, SolveStatus::Optimal, 91.0, 91.5);
        let cost = stage(StageKind::Cost, SolveStatus::Optimal, 1_000.0, 999.5);
        let open_cost = stage(StageKind::Cost, SolveStatus::LimitReached, 1_000.0, 990.0);
        let open_order = stage(StageKind::Order, SolveStatus::LimitReached, -90.0, -95.0);
        assert!(plan_proven(&[homes.clone(), cost, open_order.clone()]));
        assert!(!plan_proven(&[homes, open_cost, open_order]));
        // A homes stage that a later plan adds a home to: proven once it reaches the bound.
        let mut open_homes = stage(StageKind::Homes, SolveStatus::LimitReached, 263.0, 264.0);
        open_homes.clock = true;
        open_homes.raise_found(264.0);
        assert_eq!(open_homes.status, SolveStatus::Optimal);
        assert_eq!(open_homes.objective, 264.0);
        assert!(!open_homes.clock);
        let mut far = stage(StageKind::Homes, SolveStatus::LimitReached, 260.0, 264.0);
        far.raise_found(262.0);
        assert_eq!(far.status, SolveStatus::LimitReached);
        assert_eq!(far.homes_possibly_more(), Some(2));
    }

    /// A plan whose stage ended on its work says so, not the clock; one the clock stopped does.
    #[test]
    fn a_plan_stopped_on_its_work_does_not_blame_the_clock() {
        let cost = stage(StageKind::Cost, SolveStatus::LimitReached, 103.0, 100.0);
        let mut clocked = cost.clone();
        clocked.clock = true;
        assert_eq!(
            report(vec![cost.clone()]).limit_dutch(),
            Some("de rekenlimiet (zie Aannames)")
        );
        assert_eq!(
            report(vec![cost.clone()]).status_dutch(),
            "kosten: beste gevonden, niet bewezen (gap 2,92 %)"
        );
        assert_eq!(
            report(vec![clocked.clone()]).limit_dutch(),
            Some("de tijdslimiet")
        );
        assert_eq!(
            report(vec![clocked]).status_dutch(),
            "kosten: beste gevonden binnen de tijdslimiet, niet bewezen (gap 2,92 %)"
        );
        let mut proven = report(vec![stage(
            StageKind::Cost,
            SolveStatus::Optimal,
            100.0,
            100.0,
        )]);
        proven.status = SolveStatus::Optimal;
        assert_eq!(proven.limit_dutch(), None);
        // An ordering stage stopped on the clock, homes and cost proven: no limit to name
        // (homes and cost are proven), but the clock's note, with homes and cost as good.
        let mut order = stage(StageKind::Order, SolveStatus::LimitReached, -90.0, -95.0);
        order.name = "volgorde".into();
        let mut only_order = report(vec![order.clone()]);
        only_order.status = SolveStatus::OrderNotProven;
        assert_eq!(only_order.limit_dutch(), None);
        assert_eq!(only_order.clock_note(), None, "ended on its work");
        order.clock = true;
        only_order.stages = vec![order];
        assert_eq!(
            only_order.clock_note().as_deref(),
            Some("Let op: de stap volgorde stopte op de tijdslimiet, niet bewezen. Een volgende run kan daardoor een ander plan geven, met evenveel woningen en kosten binnen de gap; een hogere --tijdslimiet maakt dat minder waarschijnlijk (oorzaak: een korte tijdslimiet, of een drukke of tragere computer).")
        );
    }

    /// A stage proven after the clock cut a part of it short stays proven, and says that another
    /// run may give another plan; the plan's note names every stage the clock decided.
    #[test]
    fn a_proven_stage_the_clock_cut_short_says_another_run_may_differ() {
        let homes = stage(StageKind::Homes, SolveStatus::Optimal, 91.0, 91.0);
        let mut cut = homes.clone();
        cut.clock_cut = true;
        assert_eq!(homes.outcome_dutch(), "bewezen optimaal");
        assert_eq!(
            cut.outcome_dutch(),
            "bewezen optimaal; de tijdslimiet kortte een zoekstap in: een volgende run kan een ander plan geven"
        );
        let mut plan = report(vec![homes.clone()]);
        plan.status = SolveStatus::Optimal;
        assert_eq!(plan.clock_note(), None);
        cut.name = "W1: woningen".into();
        plan.stages = vec![cut.clone()];
        assert_eq!(
            plan.clock_note().as_deref(),
            Some("Let op: bij de stap W1: woningen kortte de tijdslimiet een zoekstap in (wel bewezen). Een volgende run kan daardoor een ander plan geven, met evenveel woningen en kosten binnen de gap; een hogere --tijdslimiet maakt dat minder waarschijnlijk (oorzaak: een korte tijdslimiet, of een drukke of tragere computer).")
        );
        assert_eq!(plan.limit_dutch(), None, "proven: no limit to name");
        assert!(plan.status_dutch().starts_with("optimaal (bewezen)"));
        // A cost stage the clock stopped is named first, and another run's plan need not be as
        // good; of several stages the fourth and later are counted.
        let mut open_cost = stage(StageKind::Cost, SolveStatus::LimitReached, 100.0, 90.0);
        open_cost.name = "W5: kosten".into();
        open_cost.clock = true;
        let named = |n: &str| StageReport {
            name: n.into(),
            ..cut.clone()
        };
        plan.stages = vec![
            named("W1: woningen"),
            named("W2: woningen"),
            named("W3: woningen"),
            named("W4: woningen"),
            open_cost,
        ];
        let note = plan.clock_note().expect("a note");
        assert!(
            note.starts_with("Let op: de stap W5: kosten stopte op de tijdslimiet, niet bewezen; bij de stappen W1: woningen, W2: woningen, W3: woningen en 1 andere kortte"),
            "{note}"
        );
        assert!(
            note.contains("kan daardoor een ander plan geven; "),
            "{note}"
        );
        // Two stages stopped: the verb is plural.
        let mut open_order = stage(StageKind::Order, SolveStatus::LimitReached, -90.0, -95.0);
        open_order.name = "volgorde".into();
        open_order.clock = true;
        let mut open_cost = plan.stages.pop().expect("the cost stage");
        open_cost.name = "kosten".into();
        plan.stages = vec![open_cost, open_order];
        let note = plan.clock_note().expect("a note");
        assert!(
            note.starts_with("Let op: de stappen kosten en volgorde stopten op de tijdslimiet"),
            "{note}"
        );
        // A stage not proven that ended on its work: nothing for the clock to answer for.
        plan.stages = vec![stage(
            StageKind::Homes,
            SolveStatus::LimitReached,
            90.0,
            91.0,
        )];
        assert_eq!(plan.clock_note(), None);
    }

    /// A cost stage without a bound has no gap to speak of: "nog geen grens", not 100 %.
    #[test]
    fn a_stage_without_a_bound_has_an_unknown_gap() {
        let cost = stage(StageKind::Cost, SolveStatus::LimitReached, 100.0, 90.0);
        let order = stage(StageKind::Order, SolveStatus::LimitReached, -10.0, -12.0);
        let mut unbounded = cost.clone();
        unbounded.bound_known = false;
        unbounded.bound = unbounded.objective;
        unbounded.gap = 1.0;
        assert!(report(vec![cost.clone(), order.clone()]).gap_known());
        let r = report(vec![unbounded.clone(), order]);
        assert!(!r.gap_known());
        assert_eq!(
            unbounded.outcome_dutch(),
            "beste gevonden, niet bewezen: nog geen grens bekend"
        );
        assert!(r
            .status_dutch()
            .contains("kosten: beste gevonden, niet bewezen (nog geen grens bekend)"));
        let two = report(vec![unbounded, cost]);
        assert!(
            two.status_dutch()
                .contains("(niet overal een grens bekend)"),
            "{}",
            two.status_dutch()
        );
    }

    fn report(stages: Vec<StageReport>) -> SolveReport {
        SolveReport {
            status: SolveStatus::LimitReached,
            gap: 0.0,
            stages,
            variables: 0,
            constraints: 0,
            build_s: 0.0,
            time_s: 0.0,
            solver: String::new(),
            free_pace: None,
        }
    }

    #[test]
    fn an_unproven_homes_stage_says_how_many_more_homes_may_fit() {
        let homes = stage(StageKind::Homes, SolveStatus::LimitReached, 4262.0, 4263.0);
        assert_eq!(homes.homes_possibly_more(), Some(1));
        // Stopped before any bound: nothing can be said about how many more.
        let blind = StageReport {
            bound: 4262.0,
            bound_known: false,
            ..homes.clone()
        };
        assert_eq!(blind.homes_possibly_more(), None);
        assert_eq!(
            blind.outcome_dutch(),
            "beste gevonden, niet bewezen: nog geen grens bekend"
        );
        assert_eq!(
            homes.outcome_dutch(),
            "beste gevonden, niet bewezen: ten hoogste 1 woning meer mogelijk"
        );
        let cost = stage(StageKind::Cost, SolveStatus::Optimal, 100.0, 99.95);
        let r = report(vec![homes, cost]);
        let text = r.status_dutch();
        assert!(
            text.starts_with("kosten (binnen 0,05 %) bewezen optimaal"),
            "{text}"
        );
        assert!(
            text.contains(
                "woningen: beste gevonden, niet bewezen (ten hoogste 1 woning meer mogelijk)"
            ),
            "{text}"
        );
        assert!(!text.contains("woningen en"), "{text}");
    }

    #[test]
    fn label_stages_say_what_they_prove() {
        let g = stage(StageKind::LabelHomes, SolveStatus::LimitReached, 20.0, 22.0);
        assert_eq!(
            g.outcome_dutch(),
            "beste gevonden, niet bewezen: ten hoogste 2 woningen met dit label meer mogelijk"
        );
        // Not counted as "more homes" in total: more G homes may mean fewer homes.
        assert_eq!(g.homes_possibly_more(), Some(0));
        let text = report(vec![
            g,
            stage(StageKind::Cost, SolveStatus::Optimal, 100.0, 100.0),
        ])
        .status_dutch();
        assert!(
            text.ends_with("woningen per label (G, F, E): beste gevonden, niet bewezen"),
            "{text}"
        );
        // A corporation where every project fits has a proven homes stage instead; beside
        // label stages left open it is not called out as "woningen bewezen".
        let mixed = report(vec![
            stage(StageKind::Homes, SolveStatus::Optimal, 30.0, 30.0),
            stage(StageKind::LabelHomes, SolveStatus::LimitReached, 20.0, 22.0),
            stage(StageKind::Cost, SolveStatus::Optimal, 100.0, 100.0),
        ])
        .status_dutch();
        assert!(mixed.starts_with("kosten (binnen "), "{mixed}");
        assert!(!mixed.contains("woningen, "), "{mixed}");
        // Named by the priority's stages: the labels proven and the label left open apart.
        let named = |label: &str, status, objective, bound| StageReport {
            name: format!("woningen {label}"),
            ..stage(StageKind::LabelHomes, status, objective, bound)
        };
        let text = report(vec![
            named("G", SolveStatus::Optimal, 271.0, 271.0),
            named("F", SolveStatus::Optimal, 261.0, 261.0),
            named("E", SolveStatus::LimitReached, 34.0, 35.0),
            stage(StageKind::Cost, SolveStatus::Optimal, 100.0, 100.0),
        ])
        .status_dutch();
        assert!(
            text.starts_with("woningen per label (G en F) en kosten (binnen "),
            "{text}"
        );
        assert!(
            text.ends_with(
                "bewezen optimaal; woningen per label (E): beste gevonden, niet bewezen"
            ),
            "{text}"
        );
        let proven = report(vec![
            stage(StageKind::LabelHomes, SolveStatus::Optimal, 20.0, 20.0),
            stage(StageKind::Cost, SolveStatus::Optimal, 100.0, 100.0),
        ]);
        assert!(
            proven
                .status_dutch()
                .contains("woningen per label (G, F, E) exact"),
            "{}",
            proven.status_dutch()
        );
    }

    #[test]
    fn every_stage_proven_is_called_optimal() {
        let r = report(vec![
            stage(StageKind::Homes, SolveStatus::Optimal, 352.0, 352.0),
            stage(StageKind::Cost, SolveStatus::Optimal, 100.0, 99.91),
            stage(StageKind::Order, SolveStatus::Optimal, -10858.0, -10858.0),
        ]);
        assert_eq!(
            r.status_dutch(),
            "optimaal (bewezen): woningen en volgorde G-F-E binnen de startjaren exact, kosten binnen 0,09 %"
        );
        let order_open = report(vec![
            stage(StageKind::Homes, SolveStatus::Optimal, 352.0, 352.0),
            stage(StageKind::Cost, SolveStatus::Optimal, 100.0, 100.0),
            stage(
                StageKind::Order,
                SolveStatus::LimitReached,
                -113_813.0,
                -115_211.0,
            ),
        ]);
        assert_eq!(
            order_open.status_dutch(),
            "woningen en kosten (binnen 0,00 %) bewezen optimaal; volgorde G-F-E binnen de startjaren: beste gevonden, niet bewezen (ten hoogste 1.398 urgentiemaanden beter mogelijk)"
        );
        // Two corporations: what a better order could gain adds up; a stage stopped by the
        // clock says so, since another run may end elsewhere.
        let mut clocked = order_open.stages[2].clone();
        clocked.clock = true;
        let two = report(vec![order_open.stages[2].clone(), clocked.clone()]);
        assert_eq!(
            two.status_dutch(),
            "volgorde G-F-E binnen de startjaren: beste gevonden binnen de tijdslimiet, niet bewezen (ten hoogste 2.796 urgentiemaanden beter mogelijk)"
        );
        assert_eq!(
            clocked.outcome_dutch(),
            "beste gevonden binnen de tijdslimiet, niet bewezen: ten hoogste 1.398 urgentiemaanden beter mogelijk"
        );
        assert_eq!(
            order_open.stages[2].outcome_dutch(),
            "beste gevonden, niet bewezen: ten hoogste 1.398 urgentiemaanden beter mogelijk"
        );
        // One unit: singular.
        let one = stage(
            StageKind::Order,
            SolveStatus::LimitReached,
            -109_972.0,
            -109_973.333,
        );
        assert_eq!(
            one.outcome_dutch(),
            "beste gevonden, niet bewezen: ten hoogste 1 urgentiemaand beter mogelijk"
        );
    }

    #[test]
    fn a_panicking_solve_stops_the_progress_thread() {
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let progress = Progress::new(1, std::time::Duration::from_millis(10));
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                with_progress(&progress, || panic!("a solve that fails"))
            }));
            let _ = done.send(result.is_err());
        });
        let panicked = finished
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the progress thread kept running after the panic");
        assert!(panicked);
    }
}
