//! `retrofit bench`: a rerunnable benchmark of the whole pipeline on synthetic stocks. Per size it
//! generates a stock once (not timed), then runs read, validate, prepare, build, solve, plan
//! tables and workbook a number of times and prints per stage the median, min and max, with the
//! model's size, the solver's outcome, the homes planned and the peak memory.
//!
//! The default scenario is made for the 8,000-home sample; a larger corporation gets each year's
//! budget and capacity in proportion (its homes / 8,000), so a larger stock is a larger
//! corporation, not the same corporation with ten times the homes.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::cli::{self, CliError};
use crate::input::{self, InputError, ReadOptions};
use crate::model::{self, ScheduleOptions, SolveStatus, StageReport};
use crate::output;
use crate::plan;
use crate::projects;
use crate::scenario::{CorporationLimits, Scenario};
use crate::synth::{self, SynthSpec};

/// Homes of the sample stock the default scenario's budget and capacity are made for.
pub const SAMPLE_HOMES: usize = 8000;

/// Up to this many homes `--format auto` writes xlsx, beyond it parquet.
pub const AUTO_XLSX_MAX_HOMES: usize = 100_000;

/// File format of the generated stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StockFormat {
    /// xlsx up to 100.000 woningen, daarboven parquet.
    Auto,
    Xlsx,
    Csv,
    Parquet,
}

impl StockFormat {
    /// The extension written for a stock of `homes` homes.
    pub fn extension(self, homes: usize) -> &'static str {
        match self {
            StockFormat::Auto if homes <= AUTO_XLSX_MAX_HOMES => "xlsx",
            StockFormat::Auto => "parquet",
            StockFormat::Xlsx => "xlsx",
            StockFormat::Csv => "csv",
            StockFormat::Parquet => "parquet",
        }
    }
}

#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// Aantallen woningen, door komma's gescheiden; per aantal een eigen tabel (standaard
    /// 8000,80000,800000).
    #[arg(
        long = "woningen",
        alias = "homes",
        value_name = "N,N,..",
        value_delimiter = ',',
        default_values_t = [8000usize, 80_000, 800_000],
        hide_default_value = true,
        value_parser = crate::limits::homes_count
    )]
    pub homes: Vec<usize>,
    /// Aantal corporaties; elke corporatie krijgt budget en capaciteit naar haar omvang
    /// (standaard 1).
    #[arg(
        long = "corporaties",
        alias = "corporations",
        value_name = "N",
        default_value_t = 1,
        hide_default_value = true,
        value_parser = crate::limits::corporations_count
    )]
    pub corporations: usize,
    /// Herhalingen per aantal; de tabel geeft de mediaan (en min en max) (standaard 3).
    #[arg(
        long = "herhalingen",
        alias = "runs",
        value_name = "N",
        default_value_t = 3,
        hide_default_value = true,
        value_parser = crate::limits::runs_count
    )]
    pub runs: usize,
    /// Startwaarde van het gegenereerde bezit (standaard 2024).
    #[arg(
        long = "startwaarde",
        alias = "seed",
        value_name = "GETAL",
        default_value_t = 2024,
        hide_default_value = true,
        value_parser = crate::cli_dutch::seed
    )]
    pub seed: u64,
    /// Bestandstype van het gegenereerde bezit: auto, xlsx, csv of parquet (standaard auto: xlsx
    /// tot 100.000 woningen, daarboven parquet).
    #[arg(
        long = "formaat",
        alias = "format",
        value_name = "SOORT",
        value_enum,
        default_value_t = StockFormat::Auto,
        hide_default_value = true,
        hide_possible_values = true
    )]
    pub format: StockFormat,
    /// Alleen genereren, lezen en valideren (de importer).
    #[arg(long = "alleen-lezen", alias = "read-only")]
    pub read_only: bool,
    /// Tijdslimiet van de solver in seconden (overschrijft het scenario).
    #[arg(
        long = "tijdslimiet",
        alias = "time-limit",
        value_name = "SECONDEN",
        allow_hyphen_values = true,
        value_parser = crate::limits::time_limit_s
    )]
    pub time_limit: Option<f64>,
    /// Scenariobestand (TOML) in plaats van het standaardscenario, bijvoorbeeld met een kleinere
    /// max_project_homes voor meer en kleinere projecten; budget en capaciteit worden daarna
    /// naar omvang geschaald zoals bij het standaardscenario.
    #[arg(long = "scenario", value_name = "BESTAND")]
    pub scenario: Option<std::path::PathBuf>,
}

/// Per kind of stage (homes, cost, order) over many corporations: how many were settled how,
/// how many stopped at the time limit, their summed and largest time, and the largest gap.
fn stage_summary(stages: &[StageReport]) -> String {
    let mut t = String::from("Solverstappen per soort (laatste run, over de corporaties):\n");
    for kind in ["woningen", "kosten", model::ORDER_STAGE] {
        let of_kind: Vec<&StageReport> = stages
            .iter()
            .filter(|s| s.name == kind || s.name.ends_with(&format!(": {kind}")))
            .collect();
        if of_kind.is_empty() {
            continue;
        }
        let mut methods: BTreeMap<&str, usize> = BTreeMap::new();
        for s in &of_kind {
            *methods.entry(s.method.dutch()).or_default() += 1;
        }
        let methods: Vec<String> = methods.iter().map(|(m, n)| format!("{n}× {m}")).collect();
        let limited = of_kind
            .iter()
            .filter(|s| s.status == SolveStatus::LimitReached)
            .count();
        // What the clock rather than the work decided: another run may end elsewhere.
        let on_clock = of_kind.iter().filter(|s| s.clock).count();
        let cut_proven = of_kind
            .iter()
            .filter(|s| s.status == SolveStatus::Optimal && s.clock_cut)
            .count();
        let mut clock = String::new();
        if on_clock > 0 {
            clock.push_str(&format!(" ({on_clock} binnen de tijdslimiet)"));
        }
        if cut_proven > 0 {
            clock.push_str(&format!(
                "; {cut_proven} bewezen, maar de tijdslimiet kortte een zoekstap in"
            ));
        }
        let total: f64 = of_kind.iter().map(|s| s.time_s).sum();
        let slowest = of_kind
            .iter()
            .max_by(|a, b| a.time_s.total_cmp(&b.time_s))
            .expect("not empty");
        let widest = of_kind
            .iter()
            .max_by(|a, b| a.reported_gap().total_cmp(&b.reported_gap()))
            .expect("not empty");
        // What the ordering stage's window search (src/model/window_search.rs) added.
        let windows: Vec<f64> = of_kind
            .iter()
            .map(|s| s.window_gain)
            .filter(|&g| g > 0.5)
            .collect();
        if !windows.is_empty() {
            clock.push_str(&format!(
                "; vensters verbeterden {} ervan, samen {}",
                windows.len(),
                crate::nl_format::count(
                    windows.iter().sum::<f64>().round() as usize,
                    "urgentiemaand",
                    "urgentiemaanden"
                )
            ));
        }
        t.push_str(&format!(
            "  {kind}: {}; {limited} beste gevonden, niet bewezen{clock}; samen {} s, langste {} s ({}); grootste gap {} % ({})\n",
            methods.join(", "),
            decimal(total, 1),
            decimal(slowest.time_s, 2),
            slowest.name,
            decimal(widest.reported_gap() * 100.0, 4),
            widest.name,
        ));
    }
    t
}

/// The timed stages, in pipeline order; `--read-only` times the first two.
const STAGES: [&str; 7] = [
    "lezen (ruw)",
    "valideren",
    "voorbereiden",
    "model bouwen",
    "oplossen",
    "plantabellen",
    "werkmap schrijven",
];
const READ_STAGES: usize = 2;

/// The median of `values` (the mean of the middle two for an even count); `None` when empty.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// Budget and capacity in proportion to each corporation's size: every year's figure times
/// homes / 8,000. The corporation `""` (a stock of one corporation) scales the scenario's own
/// figures; a named corporation gets limits of its own, from what applied to it before.
/// Returns the factor per corporation.
pub fn scale_scenario(
    scenario: &mut Scenario,
    homes_per_corporation: &BTreeMap<String, usize>,
) -> BTreeMap<String, f64> {
    let factors: BTreeMap<String, f64> = homes_per_corporation
        .iter()
        .map(|(name, &n)| (name.clone(), n as f64 / SAMPLE_HOMES as f64))
        .collect();
    // Named corporations first, from the unscaled figures they fell back on.
    let mut limits = Vec::new();
    for (name, &f) in factors.iter().filter(|(name, _)| !name.is_empty()) {
        let own = scenario.corporations.get(name);
        let budget_years: BTreeSet<i32> = scenario
            .budget_eur
            .keys()
            .chain(own.iter().flat_map(|c| c.budget_eur.keys()))
            .copied()
            .collect();
        let capacity_years: BTreeSet<i32> = scenario
            .capacity_homes_per_month
            .keys()
            .chain(own.iter().flat_map(|c| c.capacity_homes_per_month.keys()))
            .copied()
            .collect();
        let capacity = |year: i32| {
            own.and_then(|c| c.capacity_homes_per_month.get(&year))
                .or_else(|| scenario.capacity_homes_per_month.get(&year))
                .copied()
                .unwrap_or(0.0)
        };
        limits.push((
            name.clone(),
            CorporationLimits {
                budget_eur: budget_years
                    .iter()
                    .map(|&y| (y, scenario.budget(name, y) * f))
                    .collect(),
                capacity_homes_per_month: capacity_years
                    .iter()
                    .map(|&y| (y, capacity(y) * f))
                    .collect(),
                contact: own.and_then(|c| c.contact.clone()),
            },
        ));
    }
    if let Some(&f) = factors.get("") {
        scenario.budget_eur.values_mut().for_each(|v| *v *= f);
        scenario
            .capacity_homes_per_month
            .values_mut()
            .for_each(|v| *v *= f);
    }
    scenario.corporations.extend(limits);
    let note = if factors.len() == 1 {
        let f = factors.values().next().copied().unwrap_or(1.0);
        format!("× {} (retrofit bench: naar omvang)", decimal(f, 2))
    } else {
        "per corporatie naar omvang (retrofit bench)".to_string()
    };
    scenario.budget_source = format!("{}, {note}", scenario.budget_source);
    scenario.capacity_source = format!("{}, {note}", scenario.capacity_source);
    factors
}

/// Runs the benchmark, printing each size's table to `out` as soon as it is done (a large size
/// takes minutes); progress goes to stderr. Returns the closing line.
pub fn run_bench(args: &BenchArgs, out: &mut dyn Write) -> Result<String, CliError> {
    check_args(args)?;
    let scratch = Scratch::new()?;
    let print = |out: &mut dyn Write, text: &str| {
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::BrokenPipe => CliError::OutputClosed,
                _ => CliError::Tool(format!("kan de uitvoer niet schrijven: {e}")),
            })
    };
    print(out, &machine_report())?;
    for &homes in &args.homes {
        let table = bench_size(args, homes, &scratch.dir)?;
        print(out, &table)?;
    }
    Ok(format!(
        "Klaar: {}, {} elk; tijden in seconden (wandklok).\n",
        crate::nl_format::count(args.homes.len(), "omvang", "omvangen"),
        crate::nl_format::count(args.runs, "run", "runs")
    ))
}

fn check_args(args: &BenchArgs) -> Result<(), CliError> {
    let bad = |m: &str| Err(CliError::Input(m.to_string()));
    if args.homes.is_empty() || args.homes.contains(&0) {
        return bad("--woningen moet een of meer aantallen van minstens 1 zijn (bijv. 8000,80000)");
    }
    if args.runs == 0 {
        return bad("--herhalingen moet minstens 1 zijn");
    }
    if args.corporations == 0 {
        return bad("--corporaties moet minstens 1 zijn");
    }
    // As `generate` says: every corporation gets at least one home.
    if let Some(&fewest) = args.homes.iter().min().filter(|&&h| h < args.corporations) {
        return Err(CliError::Input(format!(
            "--corporaties ({}) mag niet groter zijn dan --woningen ({}): elke corporatie krijgt minstens één woning",
            args.corporations, fewest
        )));
    }
    if let Some(path) = &args.scenario {
        // A bad scenario file, or one without budget or capacity for a year of its horizon,
        // is said before anything is generated.
        cli::check_horizon_years(&Scenario::load(path)?, &[""])?;
    }
    if let Some(t) = args.time_limit {
        if t.is_nan() || t <= 0.0 {
            return bad("--tijdslimiet moet groter dan 0 zijn");
        }
    }
    if args.format == StockFormat::Xlsx {
        if let Some(&too_many) = args.homes.iter().find(|&&h| h > synth::XLSX_MAX_HOMES) {
            return Err(CliError::Input(format!(
                "{} woningen passen niet in een xlsx-werkblad (maximaal {}); kies --format parquet, csv of auto",
                thousands(too_many),
                thousands(synth::XLSX_MAX_HOMES)
            )));
        }
    }
    Ok(())
}

/// A temporary directory for the generated stocks and plans, removed when dropped.
struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    fn new() -> Result<Scratch, CliError> {
        let dir = std::env::temp_dir().join(format!("retrofit-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| {
            CliError::Tool(format!(
                "kan de tijdelijke map {} niet maken: {e}",
                dir.display()
            ))
        })?;
        Ok(Scratch { dir })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // Best effort: a left-over directory in the temp dir harms nothing.
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What one run measured.
struct Run {
    /// Seconds per stage, `STAGES` order (only the read stages with `--read-only`).
    stages: Vec<f64>,
    total_s: f64,
    outcome: Option<Outcome>,
}

/// The plan side of a full run.
struct Outcome {
    variables: usize,
    constraints: usize,
    /// The plan's status in its own words (`SolveReport::status_dutch`).
    status: String,
    gap: f64,
    solve_stages: Vec<StageReport>,
    /// [`crate::plan::Plan::pace_note`], where it applies.
    pace_note: Option<String>,
    /// Stages stopped by the time limit before HiGHS proved any bound: their gap is unknown,
    /// although the solve report gives 0 (it falls back to the objective as the bound).
    unbounded_stages: Vec<String>,
    /// Solve time outside the reported HiGHS stages (start plans, the LP relaxation, what binds);
    /// only for one corporation, whose stages run one after the other.
    solve_rest_s: Option<f64>,
    homes_planned: usize,
    homes_eligible: usize,
    projects_planned: usize,
    projects: usize,
}

fn bench_size(args: &BenchArgs, homes: usize, dir: &Path) -> Result<String, CliError> {
    let ext = args.format.extension(homes);
    let stock_path = dir.join(format!("bezit-{homes}.{ext}"));
    let plan_path = dir.join(format!("plan-{homes}.xlsx"));
    let label = format!("[{} woningen]", thousands(homes));

    let _ = writeln!(std::io::stderr(), "{label} genereren ({ext}) ...");
    let started = Instant::now();
    let generated = synth::generate(&SynthSpec::new(homes, args.corporations, args.seed));
    let mut per_corporation: BTreeMap<String, usize> = BTreeMap::new();
    for h in &generated {
        *per_corporation.entry(h.corporation.clone()).or_default() += 1;
    }
    synth::write_stock(&generated, &stock_path).map_err(|e| CliError::Tool(e.to_string()))?;
    drop(generated);
    let generate_s = started.elapsed().as_secs_f64();
    let file_mb = std::fs::metadata(&stock_path)
        .map(|m| m.len() as f64 / 1e6)
        .unwrap_or(0.0);

    // Peak memory from here on: the generated homes are gone, the runs are what is measured.
    let peak_reset = reset_peak_memory();
    let baseline_kb = proc_status_kb("VmRSS");

    let mut runs = Vec::with_capacity(args.runs);
    for r in 0..args.runs {
        let _ = writeln!(std::io::stderr(), "{label} run {}/{} ...", r + 1, args.runs);
        runs.push(one_run(args, &stock_path, &plan_path, &per_corporation)?);
    }
    let peak_kb = proc_status_kb("VmHWM");
    let _ = std::fs::remove_file(&stock_path);
    let _ = std::fs::remove_file(&plan_path);

    let mut t = String::new();
    let corporations = match per_corporation.len() {
        1 => "1 corporatie".to_string(),
        n => format!("{n} corporaties"),
    };
    t.push_str(&format!(
        "\n== {} woningen, {corporations}, {ext} ({} MB, gegenereerd in {} s, niet meegeteld); {}{} ==\n",
        thousands(homes),
        decimal(file_mb, 1),
        decimal(generate_s, 1),
        crate::nl_format::count(args.runs, "run", "runs"),
        if args.read_only { ", alleen lezen en valideren" } else { "" }
    ));
    if !args.read_only {
        t.push_str(&scenario_note(args.scenario.as_deref(), &per_corporation));
    }
    t.push_str(&stage_table(&runs));
    if let Some(text) = outcome_report(&runs) {
        t.push_str(&text);
    }
    let mb = |kb: u64| decimal(kb as f64 / 1024.0, 0);
    t.push_str(&match (peak_kb, peak_reset) {
        (Some(peak), true) => format!(
            "Piekgeheugen: {} MB (VmHWM, teruggezet na het genereren bij {} MB)\n",
            mb(peak),
            baseline_kb.map(mb).unwrap_or_else(|| "?".into())
        ),
        (Some(peak), false) => format!(
            "Piekgeheugen: {} MB (VmHWM van het hele proces: terugzetten via /proc/self/clear_refs lukte niet, dus inclusief genereren en eerdere omvangen)\n",
            mb(peak)
        ),
        (None, _) => "Piekgeheugen: onbekend (geen /proc/self/status)\n".to_string(),
    });
    Ok(t)
}

fn one_run(
    args: &BenchArgs,
    stock_path: &Path,
    plan_path: &Path,
    per_corporation: &BTreeMap<String, usize>,
) -> Result<Run, CliError> {
    let run_started = Instant::now();
    let mut stages = Vec::with_capacity(STAGES.len());
    let mut clock = Instant::now();
    let mut lap = |stages: &mut Vec<f64>| {
        stages.push(clock.elapsed().as_secs_f64());
        clock = Instant::now();
    };

    let raw = input::read_raw(stock_path).map_err(stock_error)?;
    lap(&mut stages);
    let stock = input::validate_raw(raw, &ReadOptions::default()).map_err(stock_error)?;
    lap(&mut stages);
    if args.read_only {
        drop(stock);
        return Ok(Run {
            stages,
            total_s: run_started.elapsed().as_secs_f64(),
            outcome: None,
        });
    }

    let mut scenario = cli::scenario_for(&stock, args.scenario.as_deref())?;
    scale_scenario(&mut scenario, per_corporation);
    // Scaled, the figures are made for this stock.
    scenario.source_notes.retain(|n| {
        !n.starts_with(cli::DEFAULT_FIGURES_NOTE) && !n.contains(cli::SHARED_FIGURES_NOTE)
    });
    let mut options = ScheduleOptions::from_scenario(&scenario);
    if let Some(t) = args.time_limit {
        options.time_limit_s = t;
    }
    // Progress lines on standard error when a solve runs long; the tables stay on standard out.
    options.progress_every = Some(std::time::Duration::from_secs(10));
    let prep = projects::prepare(&stock.homes, &scenario);
    lap(&mut stages);

    let schedule = model::schedule(&prep.projects, &scenario, &options)
        .map_err(|e| CliError::Tool(e.to_string()))?;
    let report = &schedule.report;
    // `build_s` is model building plus the hand-over to HiGHS; the rest of the schedule's wall
    // time is solving (start plans, HiGHS, what binds).
    stages.push(report.build_s);
    stages.push((report.time_s - report.build_s).max(0.0));
    clock = Instant::now();

    let plan = plan::build(&stock, &scenario, &prep, &schedule);
    stages.push(clock.elapsed().as_secs_f64());
    clock = Instant::now();
    output::write_plan_workbook(&plan, plan_path).map_err(|e| CliError::Tool(e.to_string()))?;
    stages.push(clock.elapsed().as_secs_f64());

    let solve_s = stages[4];
    // HiGHS' stage times include the hand-over, which `build_s` already counts.
    let stages_s: f64 = report.stages.iter().map(|s| s.time_s - s.setup_s).sum();
    let outcome = Outcome {
        variables: report.variables,
        constraints: report.constraints,
        status: report.status_dutch(),
        gap: report.gap,
        solve_stages: report.stages.clone(),
        pace_note: plan.pace_note(),
        unbounded_stages: report
            .stages
            .iter()
            .filter(|s| without_bound(s))
            .map(|s| s.name.clone())
            .collect(),
        solve_rest_s: (per_corporation.len() == 1).then(|| (solve_s - stages_s).max(0.0)),
        homes_planned: plan.planned.len(),
        homes_eligible: plan.planned.len() + plan.not_planned.len(),
        projects_planned: plan.projects.len(),
        projects: prep.projects.len(),
    };
    drop((plan, schedule, prep, stock));
    Ok(Run {
        stages,
        total_s: run_started.elapsed().as_secs_f64(),
        outcome: Some(outcome),
    })
}

/// A stage stopped by the time limit whose bound is its own objective: HiGHS proved no bound
/// (had it, the stage would be optimal at a zero gap).
fn without_bound(stage: &StageReport) -> bool {
    stage.status == SolveStatus::LimitReached && !stage.bound_known
}

/// A generated stock that does not read is a failure of the tool, not of the user's input.
fn stock_error(e: InputError) -> CliError {
    match e {
        InputError::Unreadable { .. } => CliError::Tool(e.to_string()),
        InputError::Invalid { problems, .. } => CliError::Tool(format!(
            "het gegenereerde bezit is ongeldig:\n{}",
            input::problems_report(&problems)
        )),
    }
}

fn scenario_note(file: Option<&Path>, per_corporation: &BTreeMap<String, usize>) -> String {
    let factor = |n: usize| n as f64 / SAMPLE_HOMES as f64;
    let source = match file {
        Some(path) => format!("{} (met het standaardscenario)", path.display()),
        None => "standaard".to_string(),
    };
    match per_corporation.iter().next() {
        Some((_, &n)) if per_corporation.len() == 1 => format!(
            "Scenario: {source}, budget en capaciteit van elk jaar × {} (woningen / {}, het voorbeeldbezit)\n",
            decimal(factor(n), 2),
            thousands(SAMPLE_HOMES)
        ),
        _ => {
            let factors: Vec<f64> = per_corporation.values().map(|&n| factor(n)).collect();
            let low = factors.iter().copied().fold(f64::INFINITY, f64::min);
            let high = factors.iter().copied().fold(0.0, f64::max);
            format!(
                "Scenario: {source}, per corporatie budget en capaciteit van elk jaar × haar woningen / {} ({} corporaties, factor {} tot {})\n",
                thousands(SAMPLE_HOMES),
                thousands(per_corporation.len()),
                decimal(low, 2),
                decimal(high, 2)
            )
        }
    }
}

fn stage_table(runs: &[Run]) -> String {
    let stage_count = runs.first().map_or(0, |r| r.stages.len());
    let totals: Vec<f64> = runs.iter().map(|r| r.total_s).collect();
    let total_median = median(&totals).unwrap_or(0.0);
    let mut t = format!(
        "{:<20} {:>10} {:>10} {:>10} {:>8}\n",
        "stap", "mediaan s", "min s", "max s", "aandeel"
    );
    let mut row = |name: &str, values: &[f64]| {
        let med = median(values).unwrap_or(0.0);
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let share = if total_median > 0.0 {
            format!("{} %", decimal(100.0 * med / total_median, 0))
        } else {
            "-".into()
        };
        t.push_str(&format!(
            "{:<20} {:>10} {:>10} {:>10} {:>8}\n",
            name,
            decimal(med, 3),
            decimal(min, 3),
            decimal(max, 3),
            share
        ));
    };
    for (i, name) in STAGES.iter().take(stage_count).enumerate() {
        let values: Vec<f64> = runs.iter().map(|r| r.stages[i]).collect();
        row(name, &values);
    }
    row("totaal", &totals);
    if stage_count == READ_STAGES {
        let read: Vec<f64> = runs.iter().map(|r| r.stages[0] + r.stages[1]).collect();
        row("lezen + valideren", &read);
    }
    t
}

fn outcome_report(runs: &[Run]) -> Option<String> {
    let outcomes: Vec<&Outcome> = runs.iter().filter_map(|r| r.outcome.as_ref()).collect();
    let first = outcomes.first()?;
    let mut t = String::new();
    t.push_str(&format!(
        "Model: {} variabelen, {} restricties (over de corporaties samen; bouwen = rijen en kolommen plus overdracht aan HiGHS)\n",
        thousands(first.variables),
        thousands(first.constraints)
    ));
    let mut statuses: Vec<(&str, usize)> = Vec::new();
    for o in &outcomes {
        match statuses.iter_mut().find(|(s, _)| *s == o.status) {
            Some((_, n)) => *n += 1,
            None => statuses.push((&o.status, 1)),
        }
    }
    let statuses: Vec<String> = statuses
        .iter()
        .map(|(s, n)| format!("{s} ({n} van {} runs)", outcomes.len()))
        .collect();
    let gap = outcomes.iter().map(|o| o.gap).fold(0.0, f64::max);
    let unbounded: BTreeSet<&str> = outcomes
        .iter()
        .flat_map(|o| o.unbounded_stages.iter().map(String::as_str))
        .collect();
    let unbounded = if unbounded.is_empty() {
        String::new()
    } else {
        let runs = outcomes
            .iter()
            .filter(|o| !o.unbounded_stages.is_empty())
            .count();
        format!(
            "; gap onbekend (rekenlimiet vóór een bewezen grens) in stap {} ({runs} van {} runs)",
            unbounded.into_iter().collect::<Vec<_>>().join(", "),
            outcomes.len()
        )
    };
    t.push_str(&format!(
        "Solver: {}; grootste gap woningen en kosten {} %{unbounded}\n",
        statuses.join(", "),
        decimal(gap * 100.0, 4)
    ));
    if let Some(note) = outcomes.iter().find_map(|o| o.pace_note.as_deref()) {
        t.push_str(&format!("Let op (tempo): {note}\n"));
    }
    if let Some(last) = outcomes.last().filter(|o| o.solve_stages.len() > 3) {
        t.push_str(&stage_summary(&last.solve_stages));
    } else if let Some(last) = outcomes.last() {
        let mut stages: Vec<String> = last
            .solve_stages
            .iter()
            .map(|s| {
                let gap = if without_bound(s) {
                    "gap onbekend".to_string()
                } else {
                    format!("gap {} %", decimal(s.gap * 100.0, 4))
                };
                let windows = if s.window_gain > 0.5 {
                    format!(
                        ", vensters: {} beter",
                        crate::nl_format::count(
                            s.window_gain.round() as usize,
                            "urgentiemaand",
                            "urgentiemaanden"
                        )
                    )
                } else {
                    String::new()
                };
                format!(
                    "{} {} s ({}; {}{windows}, overdracht {} s, {gap})",
                    s.name,
                    decimal(s.time_s, 2),
                    s.outcome_dutch(),
                    s.method.dutch(),
                    decimal(s.setup_s, 2),
                )
            })
            .collect();
        if let Some(rest) = last.solve_rest_s {
            stages.push(format!(
                "rest (gretig startplan, wat bindt) {} s",
                decimal(rest, 2)
            ));
        }
        if !stages.is_empty() {
            t.push_str(&format!(
                "Solverstappen (laatste run, incl. overdracht): {}\n",
                stages.join("; ")
            ));
        }
    }
    let planned: BTreeSet<usize> = outcomes.iter().map(|o| o.homes_planned).collect();
    let planned: Vec<String> = planned.iter().map(|&n| thousands(n)).collect();
    t.push_str(&format!(
        "Ingepland: {} van {} woningen in aanmerking; {} van {} projecten\n",
        planned.join(" / "),
        thousands(first.homes_eligible),
        thousands(first.projects_planned),
        thousands(first.projects)
    ));
    Some(t)
}

fn machine_report() -> String {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get().to_string())
        .unwrap_or_else(|_| "?".into());
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_else(|| "onbekend".into());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| kb_field(&m, "MemTotal"))
        .map(|kb| format!(", {} GB geheugen", decimal(kb as f64 / 1024.0 / 1024.0, 1)))
        .unwrap_or_default();
    let build = if cfg!(debug_assertions) {
        "debug-build: meet met cargo build --release"
    } else {
        "release-build"
    };
    format!(
        "Machine: {cores} kernen (nproc), processor {model}{memory}; retrofit {} ({build})\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// Sets the process's peak resident memory (VmHWM) back to its current size (Linux).
fn reset_peak_memory() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// A `kB` field of `/proc/self/status` (`VmHWM`, `VmRSS`).
fn proc_status_kb(key: &str) -> Option<u64> {
    kb_field(&std::fs::read_to_string("/proc/self/status").ok()?, key)
}

fn kb_field(text: &str, key: &str) -> Option<u64> {
    text.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// `12.345` the Dutch way.
fn thousands(n: usize) -> String {
    crate::input::values::thousands(i64::try_from(n).unwrap_or(i64::MAX))
}

/// `1,234` with a decimal comma.
fn decimal(x: f64, places: usize) -> String {
    crate::cli::decimal(x, places)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{StageKind, StageMethod};

    #[test]
    fn scenario_line_names_the_file_and_sums_up_many_corporations() {
        let one = BTreeMap::from([(String::new(), 16_000)]);
        assert_eq!(
            scenario_note(Some(Path::new("klein.toml")), &one),
            "Scenario: klein.toml (met het standaardscenario), budget en capaciteit van elk jaar × 2,00 (woningen / 8.000, het voorbeeldbezit)\n"
        );
        let many: BTreeMap<String, usize> = (0..280)
            .map(|i| (format!("C{i}"), 4_000 + 100 * i))
            .collect();
        let line = scenario_note(None, &many);
        assert!(
            line.contains("280 corporaties, factor 0,50 tot 3,99"),
            "{line}"
        );
        assert!(!line.contains("C17"), "{line}");
    }

    #[test]
    fn median_of_odd_even_and_unsorted() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[2.0]), Some(2.0));
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        // One slow outlier does not move the median.
        assert_eq!(median(&[1.0, 100.0, 1.1]), Some(1.1));
    }

    #[test]
    fn one_corporation_scales_the_scenario() {
        let mut s = Scenario::load(&Scenario::default_path()).expect("default scenario");
        let (budget, capacity) = (s.budget("", 2025), s.capacity("", s.start_month));
        let f = scale_scenario(&mut s, &BTreeMap::from([(String::new(), 80_000)]));
        assert_eq!(f[""], 10.0);
        assert!((s.budget("", 2025) - 10.0 * budget).abs() < 1e-6);
        assert!((s.capacity("", s.start_month) - 10.0 * capacity).abs() < 1e-9);
        assert!(s.corporations.is_empty());
        assert!(s.budget_source.contains("bench"));
    }

    #[test]
    fn each_corporation_scales_by_its_own_size() {
        let mut s = Scenario::load(&Scenario::default_path()).expect("default scenario");
        let budget = s.budget("", 2026);
        let f = scale_scenario(
            &mut s,
            &BTreeMap::from([("A".to_string(), 4000), ("B".to_string(), 16_000)]),
        );
        assert_eq!((f["A"], f["B"]), (0.5, 2.0));
        assert!((s.budget("A", 2026) - 0.5 * budget).abs() < 1e-6);
        assert!((s.budget("B", 2026) - 2.0 * budget).abs() < 1e-6);
        let month = s.start_month;
        assert!((s.capacity("B", month) - 4.0 * s.capacity("A", month)).abs() < 1e-9);
        // The defaults stay as they are for anyone else.
        assert_eq!(s.budget("C", 2026), budget);
    }

    #[test]
    fn a_time_limit_without_bound_has_no_gap() {
        let stage = |status, bound: f64| StageReport {
            name: "volgorde".into(),
            kind: StageKind::Order,
            status,
            objective: -100.0,
            bound,
            bound_known: bound != -100.0,
            gap: 0.0,
            setup_s: 0.0,
            time_s: 1.0,
            method: StageMethod::BranchAndBound,
            start_objective: -100.0,
            clock: false,
            clock_cut: false,
            window_gain: 0.0,
        };
        assert!(without_bound(&stage(SolveStatus::LimitReached, -100.0)));
        assert!(!without_bound(&stage(SolveStatus::LimitReached, -103.0)));
        assert!(!without_bound(&stage(SolveStatus::Optimal, -100.0)));
    }

    /// The summary over corporations counts the stages the clock decided: ended on it, or
    /// proven after it cut a search short.
    #[test]
    fn the_stage_summary_names_what_the_clock_decided() {
        let stage = |name: &str, status, clock, clock_cut| StageReport {
            name: name.into(),
            kind: StageKind::Homes,
            status,
            objective: 10.0,
            bound: 10.0,
            bound_known: true,
            gap: 0.0,
            setup_s: 0.0,
            time_s: 1.0,
            method: StageMethod::BranchAndBound,
            start_objective: 10.0,
            clock,
            clock_cut,
            window_gain: 0.0,
        };
        let quiet = stage_summary(&[
            stage("A: woningen", SolveStatus::Optimal, false, false),
            stage("B: woningen", SolveStatus::LimitReached, false, false),
        ]);
        assert!(
            quiet.contains("1 beste gevonden, niet bewezen; samen"),
            "{quiet}"
        );
        let clocked = stage_summary(&[
            stage("A: woningen", SolveStatus::Optimal, false, true),
            stage("B: woningen", SolveStatus::LimitReached, true, true),
        ]);
        assert!(
            clocked.contains("1 beste gevonden, niet bewezen (1 binnen de tijdslimiet); 1 bewezen, maar de tijdslimiet kortte een zoekstap in; samen"),
            "{clocked}"
        );
    }

    #[test]
    fn auto_format_and_numbers() {
        assert_eq!(StockFormat::Auto.extension(100_000), "xlsx");
        assert_eq!(StockFormat::Auto.extension(100_001), "parquet");
        assert_eq!(StockFormat::Csv.extension(8000), "csv");
        assert_eq!(thousands(1_234_567), "1.234.567");
        assert_eq!(decimal(0.5, 3), "0,500");
        assert_eq!(kb_field("VmHWM:\t  123456 kB\n", "VmHWM"), Some(123_456));
    }
}
