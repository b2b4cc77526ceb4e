//! The subcommands; the only place that joins the stages of the pipeline.

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::input::{self, InputError, ReadOptions, Stock};
use crate::model::{self, ScheduleOptions, SolveStatus};
use crate::output;
use crate::plan::{self, Plan};
use crate::projects;
use crate::scenario::{ModelFileError, Scenario};
use crate::synth;

#[derive(Debug, Parser)]
#[command(
    name = "retrofit",
    version,
    about = "Plant de verduurzaming (EFG-labels naar A/B) van het bezit van een woningcorporatie"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Maak een planning: welke woningen, welk pakket, welke maand, tegen welke kosten.
    Plan(PlanArgs),
    /// Controleer een bezitsbestand zonder te plannen.
    Check {
        /// Het bezitsbestand (.xlsx, .xls, .ods, .csv, .parquet).
        stock: PathBuf,
    },
    /// Schrijf een leeg invoerbestand met alle kolommen, keuzelijsten en toelichting.
    Template {
        #[arg(long, short, default_value = "retrofit-invoer.xlsx")]
        output: PathBuf,
    },
    /// Genereer een realistisch voorbeeldbezit (voor demo's en metingen).
    Generate(synth::GenerateArgs),
    /// Meet per stap waar de tijd heen gaat, op gegenereerde bezitten van oplopende omvang.
    Bench(crate::bench::BenchArgs),
}

#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// Het bezitsbestand; zonder bestand het voorbeeldbezit in data/.
    pub stock: Option<PathBuf>,
    /// Scenariobestand (TOML); standaard models/scenario.toml.
    #[arg(long)]
    pub scenario: Option<PathBuf>,
    /// Het planbestand (.xlsx); standaard <bezit>-plan.xlsx in de huidige map.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Tijdslimiet van de solver in seconden (overschrijft het scenario).
    #[arg(long, allow_hyphen_values = true, value_parser = crate::limits::time_limit_s)]
    pub time_limit: Option<f64>,
    /// Schrijf het model als LP-bestand, ter controle.
    #[arg(long)]
    pub write_lp: Option<PathBuf>,
    /// Schrijf de lijst gespikkeld bezit voor de gemeente als eigen werkmap.
    #[arg(long)]
    pub gemeente: Option<PathBuf>,
    /// Schrijf het plan ook als JSON.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Schrijf de lijsten ook als CSV-bestanden in deze map.
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// Schrijf de lijsten ook als Parquet-bestanden in deze map.
    #[arg(long)]
    pub parquet: Option<PathBuf>,
    /// Plan de leesbare rijen ook als er rijen met fouten zijn; die worden overgeslagen en vermeld.
    #[arg(long)]
    pub rijen_overslaan: bool,
    /// Toon het volledige logboek van de solver HiGHS.
    #[arg(long, short)]
    pub verbose: bool,
    /// Geen voortgangsregels tijdens een lange berekening.
    #[arg(long, short)]
    pub quiet: bool,
    /// Seconden tussen twee voortgangsregels (verstreken tijd, beste plan, grens, gap); een
    /// berekening die binnen die tijd klaar is, toont er geen.
    #[arg(long, default_value_t = 5.0, allow_hyphen_values = true, value_parser = crate::limits::progress_every_s)]
    pub progress_every: f64,
}

/// What went wrong, and the exit status that goes with it.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Invalid input or no plan possible: exit status 1.
    #[error("{0}")]
    Input(String),
    /// A failure of the tool itself: exit status 2.
    #[error("{0}")]
    Tool(String),
}

impl CliError {
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Input(_) => 1,
            CliError::Tool(_) => 2,
        }
    }
}

impl From<ModelFileError> for CliError {
    fn from(e: ModelFileError) -> Self {
        CliError::Input(format!("scenario of catalogus ongeldig: {e}"))
    }
}

fn input_error(e: InputError) -> CliError {
    match e {
        InputError::Unreadable { .. } => CliError::Input(e.to_string()),
        InputError::Invalid { problems } => {
            let n = problems.iter().filter(|p| p.is_error()).count();
            CliError::Input(format!(
                "{}\n{n} fout(en): het bestand is niet geschikt om mee te plannen. Herstel de genoemde cellen, of plan de leesbare rijen met --rijen-overslaan.",
                input::summary::problems_report(&problems)
            ))
        }
    }
}

/// Runs a parsed command; returns what to print on success.
pub fn run(cli: Cli) -> Result<String, CliError> {
    match cli.command {
        Command::Plan(args) => run_plan(&args),
        Command::Check { stock } => {
            let stock = input::read_stock(&stock, &ReadOptions::default()).map_err(input_error)?;
            Ok(input::summary::check_report(&stock))
        }
        Command::Template { output } => {
            // A missing folder, a read-only file or one open in Excel is the user's to fix.
            output::check_target(&output).map_err(output_error)?;
            output::template::write_template(&output)
                .map_err(|e| CliError::Tool(format!("{}: {e}", output.display())))?;
            Ok(format!(
                "Invoersjabloon geschreven naar {}",
                output.display()
            ))
        }
        Command::Generate(args) => synth::run_generate(&args)
            .map(|line| format!("{line}\n"))
            .map_err(|e| CliError::Input(e.to_string())),
        Command::Bench(args) => crate::bench::run_bench(&args, &mut std::io::stdout()),
    }
}

/// The sample stock shipped in `data/`.
pub fn sample_stock_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/voorbeeldbezit.xlsx")
}

/// Loads the scenario and lets the stock's `Budget` and `Capaciteit` sheets override it.
pub fn scenario_for(stock: &Stock, scenario_path: Option<&Path>) -> Result<Scenario, CliError> {
    let path = scenario_path
        .map(Path::to_path_buf)
        .unwrap_or_else(Scenario::default_path);
    let mut scenario = Scenario::load(&path)?;
    let pairs = |figures: &[input::YearFigure]| -> Vec<(String, i32, f64)> {
        figures
            .iter()
            .map(|f| (f.corporation.clone(), f.year, f.value))
            .collect()
    };
    scenario.override_years(
        &pairs(&stock.budgets),
        &pairs(&stock.capacities),
        &stock.source.file_name,
    );
    Ok(scenario)
}

/// Classifies, groups and schedules: the plan of a checked stock.
pub fn make_plan(
    stock: &Stock,
    scenario: &Scenario,
    options: &ScheduleOptions,
) -> Result<Plan, CliError> {
    let prep = projects::prepare(&stock.homes, scenario);
    let schedule = model::schedule(&prep.projects, scenario, options)
        .map_err(|e| CliError::Tool(e.to_string()))?;
    Ok(plan::build(stock, scenario, &prep, &schedule))
}

fn run_plan(args: &PlanArgs) -> Result<String, CliError> {
    let started = Instant::now();
    let stock_path = args.stock.clone().unwrap_or_else(sample_stock_path);
    let read_options = ReadOptions {
        skip_invalid_rows: args.rijen_overslaan,
    };
    let stock = input::read_stock(&stock_path, &read_options).map_err(input_error)?;
    let scenario = scenario_for(&stock, args.scenario.as_deref())?;
    let mut options = ScheduleOptions::from_scenario(&scenario);
    if let Some(t) = args.time_limit {
        options.time_limit_s = t;
    }
    options.verbose = args.verbose;
    options.progress_every =
        (!args.quiet).then(|| std::time::Duration::from_secs_f64(args.progress_every));

    let output_path = args.output.clone().unwrap_or_else(|| {
        let stem = stock_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "bezit".into());
        PathBuf::from(format!("{stem}-plan.xlsx"))
    });
    check_output_targets(&stock_path, &output_path, args)?;
    check_writable(&stock_path, &output_path, args)?;

    let lp_text = args.write_lp.as_ref().map(|_| {
        let prep = projects::prepare(&stock.homes, &scenario);
        model::build_all(&prep.projects, &scenario)
            .iter()
            .map(|m| model::lp_file::to_lp(m, &format!("retrofit {}", scenario.name)))
            .collect::<String>()
    });

    let plan = make_plan(&stock, &scenario, &options)?;
    let mut text = plan_summary(&plan);
    if plan.planned.is_empty() && !plan.not_planned.is_empty() {
        return Err(nothing_planned(&plan, &output_path, text));
    }
    // Every output goes to a temporary file first; only when all are complete are they
    // renamed into place, so a failure anywhere replaces nothing.
    let mut batch = output::Batch::new();
    if let (Some(path), Some(lp)) = (&args.write_lp, &lp_text) {
        batch
            .stage_bytes(path, lp.as_bytes())
            .map_err(output_error)?;
    }
    let bytes = output::workbook::plan_workbook_bytes(&plan)
        .map_err(|e| workbook_error(&output_path, e))?;
    batch
        .stage_bytes(&output_path, &bytes)
        .map_err(output_error)?;
    if let Some(path) = &args.gemeente {
        let bytes = output::municipality::municipality_workbook_bytes(&plan)
            .map_err(|e| workbook_error(path, e))?;
        batch.stage_bytes(path, &bytes).map_err(output_error)?;
    }
    if let Some(path) = &args.json {
        output::stage_json(&plan, path, &mut batch).map_err(output_error)?;
    }
    if let Some(dir) = &args.csv {
        output::stage_tables(&plan, dir, output::TableFormat::Csv, &mut batch)
            .map_err(output_error)?;
    }
    if let Some(dir) = &args.parquet {
        output::stage_tables(&plan, dir, output::TableFormat::Parquet, &mut batch)
            .map_err(output_error)?;
    }
    batch.commit().map_err(output_error)?;
    text.push_str(&format!(
        "Plan geschreven naar {} in {} s.\n",
        output_path.display(),
        decimal(started.elapsed().as_secs_f64(), 1)
    ));
    Ok(text)
}

fn workbook_error(path: &Path, e: rust_xlsxwriter::XlsxError) -> CliError {
    output_error(output::OutputError::Workbook {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

/// No home could be planned: the run ends with exit 1. The workbook with the reasons is written
/// only to a file that does not exist yet (the output path when it is free, else a new name
/// beside it), so that an earlier plan is never replaced by a plan without homes; the other
/// outputs are not written.
fn nothing_planned(plan: &Plan, output_path: &Path, mut text: String) -> CliError {
    let target = free_name(output_path);
    let written = output::workbook::plan_workbook_bytes(plan)
        .map_err(|e| e.to_string())
        .and_then(|bytes| {
            let mut batch = output::Batch::new();
            batch
                .stage_bytes(&target, &bytes)
                .and_then(|_| batch.commit())
                .map_err(|e| e.to_string())
        });
    text.push_str("Geen enkele woning kon worden ingepland.");
    match written {
        Ok(_) => text.push_str(&format!(
            " De redenen staan in het werkblad 'Niet ingepland' van {}.",
            target.display()
        )),
        Err(e) => text.push_str(&format!(" De redenen konden niet worden geschreven: {e}.")),
    }
    if target != output_path {
        text.push_str(&format!(
            " Het bestaande bestand {} is niet overschreven.",
            output_path.display()
        ));
    }
    text.push_str(" Er is geen andere uitvoer geschreven.");
    CliError::Input(text)
}

/// `path` when no file has that name, else the first free `<stem>-niet-ingepland[-n].xlsx`
/// beside it.
fn free_name(path: &Path) -> PathBuf {
    if !path.exists() {
        return path.to_path_buf();
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into());
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "xlsx".into());
    (1..)
        .map(|n| {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            path.with_file_name(format!("{stem}-niet-ingepland{suffix}.{ext}"))
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| path.with_file_name(format!("{stem}-niet-ingepland.{ext}")))
}

/// Checks, before the plan is computed, that every output can be written (not read-only, not
/// open in Excel, its directory takes files), so that a run never computes a plan it cannot
/// deliver.
fn check_writable(stock: &Path, output: &Path, args: &PlanArgs) -> Result<(), CliError> {
    // A workbook under another extension opens as garbage or not at all.
    for (flag, path) in [
        ("--output", Some(output)),
        ("--gemeente", args.gemeente.as_deref()),
    ] {
        let Some(path) = path else { continue };
        let xlsx = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        if !xlsx {
            return Err(CliError::Input(format!(
                "{flag} {}: dit wordt een Excel-werkmap; geef een bestandsnaam die eindigt op .xlsx (lijsten als csv of parquet: --csv MAP of --parquet MAP)",
                path.display()
            )));
        }
    }
    let files = [
        Some(output),
        args.gemeente.as_deref(),
        args.json.as_deref(),
        args.write_lp.as_deref(),
    ];
    for path in files.into_iter().flatten() {
        output::check_target(path).map_err(output_error)?;
    }
    for (dir, format) in [
        (args.csv.as_deref(), output::TableFormat::Csv),
        (args.parquet.as_deref(), output::TableFormat::Parquet),
    ] {
        if let Some(dir) = dir {
            let names = output::table_file_names(format);
            // The stock itself may be one of the files a table directory receives.
            for name in &names {
                output::refuse_same_file(stock, &dir.join(name)).map_err(output_error)?;
            }
            output::check_dir_target(dir, &names).map_err(output_error)?;
        }
    }
    Ok(())
}

/// A target the user named that cannot be written is the user's to fix (exit 1); a failure
/// while writing is the tool's (exit 2).
fn output_error(e: output::OutputError) -> CliError {
    use output::OutputError as E;
    match e {
        E::MissingDirectory { .. }
        | E::Locked { .. }
        | E::NotWritable { .. }
        | E::IsDirectory { .. }
        | E::SameFile { .. } => CliError::Input(e.to_string()),
        _ => CliError::Tool(e.to_string()),
    }
}

/// Checks every output before anything is computed or written, so that a run never stops
/// half-way with some files written: none overwrites the input, no two share a name, each
/// file's directory exists, and a table directory is a directory or can be made.
fn check_output_targets(stock: &Path, output: &Path, args: &PlanArgs) -> Result<(), CliError> {
    let files: Vec<(&str, &Path)> = [
        ("--output", Some(output)),
        ("--gemeente", args.gemeente.as_deref()),
        ("--json", args.json.as_deref()),
        ("--write-lp", args.write_lp.as_deref()),
    ]
    .into_iter()
    .filter_map(|(flag, p)| p.map(|p| (flag, p)))
    .collect();
    let dirs: Vec<(&str, &Path)> = [
        ("--csv", args.csv.as_deref()),
        ("--parquet", args.parquet.as_deref()),
    ]
    .into_iter()
    .filter_map(|(flag, p)| p.map(|p| (flag, p)))
    .collect();
    // Two outputs clash when their directories resolve to the same place and the names match.
    let resolved = |p: &Path| -> PathBuf {
        let parent = p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        match (parent.canonicalize(), p.file_name()) {
            (Ok(dir), Some(name)) => dir.join(name),
            _ => p.to_path_buf(),
        }
    };
    let same = |a: &Path, b: &Path| resolved(a) == resolved(b);
    let all: Vec<(&str, &Path)> = files.iter().chain(&dirs).copied().collect();
    for (i, (flag, path)) in all.iter().enumerate() {
        output::refuse_same_file(stock, path).map_err(output_error)?;
        if let Some((other, _)) = all[..i].iter().find(|(_, p)| same(p, path)) {
            return Err(CliError::Input(format!(
                "{other} en {flag} noemen hetzelfde bestand {}; kies voor elke uitvoer een eigen naam",
                path.display()
            )));
        }
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !parent.is_dir() {
            return Err(CliError::Input(format!(
                "{flag} {}: de map {} bestaat niet",
                path.display(),
                parent.display()
            )));
        }
    }
    for (flag, path) in &files {
        if path.is_dir() {
            return Err(CliError::Input(format!(
                "{flag} {}: dit is een map, geen bestand",
                path.display()
            )));
        }
    }
    for (flag, path) in &dirs {
        if path.exists() && !path.is_dir() {
            return Err(CliError::Input(format!(
                "{flag} {}: bestaat al en is geen map",
                path.display()
            )));
        }
    }
    Ok(())
}

/// A number with a decimal comma: `0,08`.
pub fn decimal(value: f64, places: usize) -> String {
    format!("{value:.places$}").replace('.', ",")
}

/// Euros the Dutch way: `€ 1.234.567`.
pub fn euro(value: f64) -> String {
    format!("€ {}", input::values::thousands(value.round() as i64))
}

/// The short Dutch summary printed after `retrofit plan`.
pub fn plan_summary(plan: &Plan) -> String {
    let mut t = String::new();
    t.push_str(&format!(
        "Scenario: {} (doel label {}, deadline {})\n",
        plan.scenario.name, plan.scenario.target_label, plan.scenario.deadline_month
    ));
    let skipped = if plan.skipped.is_empty() {
        String::new()
    } else {
        format!(" (en {} rij(en) overgeslagen)", plan.skipped.len())
    };
    t.push_str(&format!(
        "Woningen gelezen: {}{skipped}; EFG: {}; niet EFG: {}\n",
        plan.homes_read, plan.efg_homes, plan.not_efg_homes
    ));
    let excl: Vec<String> = plan
        .excluded_by_reason()
        .iter()
        .map(|(r, n)| format!("{r} {n}"))
        .collect();
    t.push_str(&format!(
        "Uitgesloten: {}{}\n",
        plan.excluded.len(),
        if excl.is_empty() {
            String::new()
        } else {
            format!(" ({})", excl.join(", "))
        }
    ));
    t.push_str(&format!(
        "Ingepland: {} woningen in {} projecten, totaal {}\n",
        plan.planned.len(),
        plan.projects.len(),
        euro(plan.total_cost_eur())
    ));
    for y in &plan.years {
        let corp = if y.corporation.is_empty() {
            String::new()
        } else {
            format!("{} ", y.corporation)
        };
        t.push_str(&format!(
            "  {corp}{}: {} woningen gestart, {} klaar; kosten {} van budget {}\n",
            y.year,
            y.homes_started,
            y.homes_finished,
            euro(y.cost_eur),
            euro(y.budget_eur)
        ));
    }
    let np: Vec<String> = plan
        .not_planned_by_reason()
        .iter()
        .map(|(r, n)| format!("{r} {n}"))
        .collect();
    t.push_str(&format!(
        "Niet ingepland: {}{}\n",
        plan.not_planned.len(),
        if np.is_empty() {
            String::new()
        } else {
            format!(" ({})", np.join(", "))
        }
    ));
    if !plan.warnings.is_empty() || !plan.skipped.is_empty() {
        t.push_str(&format!(
            "Invoercontrole: {} waarschuwing(en), {} rij(en) overgeslagen\n",
            plan.warnings.len(),
            plan.skipped.len()
        ));
    }
    let s = &plan.solve;
    t.push_str(&format!(
        "Solver: {}, gap {} %, {} s ({} variabelen, {} restricties)\n",
        s.status.dutch(),
        decimal(s.gap * 100.0, 2),
        decimal(s.time_s, 2),
        input::values::thousands(s.variables as i64),
        input::values::thousands(s.constraints as i64)
    ));
    if let Some(order) = s
        .stages
        .iter()
        .find(|st| st.name.ends_with(model::ORDER_STAGE) && st.status == SolveStatus::TimeLimit)
    {
        t.push_str(&format!(
            "Volgorde G-F-E: tijdslimiet, gap {} % op de volgorde (woningen en kosten staan vast).\n",
            decimal(order.gap * 100.0, 2)
        ));
    }
    if s.status == SolveStatus::TimeLimit {
        t.push_str("Let op: dit is het beste plan dat binnen de tijdslimiet is gevonden, niet bewezen optimaal.\n");
    }
    t
}
