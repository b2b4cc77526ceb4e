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
    #[arg(long)]
    pub time_limit: Option<f64>,
    /// Schrijf het model als LP-bestand, ter controle.
    #[arg(long)]
    pub write_lp: Option<PathBuf>,
    /// Schrijf de lijst gespikkeld bezit voor de gemeente als eigen werkmap.
    #[arg(long)]
    pub gemeente: Option<PathBuf>,
    /// Alleen dit jaar in de lijst voor de gemeente (standaard: alle jaren, elk jaar een deel).
    #[arg(long, value_name = "JJJJ")]
    pub jaar: Option<i32>,
    /// Schrijf het overzicht voor huurders (per complex één pagina) als eigen werkmap.
    #[arg(long)]
    pub huurders: Option<PathBuf>,
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
    #[arg(long, default_value_t = 5.0)]
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
    check_year_option(args, &scenario)?;
    let mut options = ScheduleOptions::from_scenario(&scenario);
    if let Some(t) = args.time_limit {
        if t.is_nan() || t <= 0.0 {
            return Err(CliError::Input(
                "--time-limit moet groter dan 0 zijn".into(),
            ));
        }
        options.time_limit_s = t;
    }
    options.verbose = args.verbose;
    if !(args.progress_every > 0.0 && args.progress_every.is_finite()) {
        return Err(CliError::Input(
            "--progress-every moet groter dan 0 zijn".into(),
        ));
    }
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

    if let Some(lp) = &args.write_lp {
        let prep = projects::prepare(&stock.homes, &scenario);
        let text: String = model::build_all(&prep.projects, &scenario)
            .iter()
            .map(|m| model::lp_file::to_lp(m, &format!("retrofit {}", scenario.name)))
            .collect();
        output::safe_write::write_bytes(lp, text.as_bytes()).map_err(output_error)?;
    }

    let plan = make_plan(&stock, &scenario, &options)?;
    output::write_plan_workbook(&plan, &output_path).map_err(output_error)?;
    if let Some(path) = &args.gemeente {
        output::write_municipality_workbook_for(&plan, path, args.jaar).map_err(output_error)?;
    }
    if let Some(path) = &args.huurders {
        output::write_tenants_workbook(&plan, path).map_err(output_error)?;
    }
    if let Some(path) = &args.json {
        output::write_json(&plan, path).map_err(output_error)?;
    }
    if let Some(dir) = &args.csv {
        output::write_tables(&plan, dir, output::TableFormat::Csv).map_err(output_error)?;
    }
    if let Some(dir) = &args.parquet {
        output::write_tables(&plan, dir, output::TableFormat::Parquet).map_err(output_error)?;
    }
    let mut text = plan_summary(&plan);
    text.push_str(&format!(
        "Plan geschreven naar {} in {} s.\n",
        output_path.display(),
        decimal(started.elapsed().as_secs_f64(), 1)
    ));
    if plan.planned.is_empty() && plan.not_planned.iter().any(|_| true) {
        return Err(CliError::Input(format!(
            "{text}Geen enkele woning kon worden ingepland: zie het werkblad 'Niet ingepland'."
        )));
    }
    Ok(text)
}

/// `--jaar` belongs to `--gemeente` and names a year of the plan's horizon.
fn check_year_option(args: &PlanArgs, scenario: &Scenario) -> Result<(), CliError> {
    let Some(year) = args.jaar else {
        return Ok(());
    };
    if args.gemeente.is_none() {
        return Err(CliError::Input(
            "--jaar hoort bij --gemeente: geef ook --gemeente BESTAND".into(),
        ));
    }
    if !scenario.years().contains(&year) {
        return Err(CliError::Input(format!(
            "--jaar {year} ligt buiten de planperiode {} t/m {}",
            scenario.start_month, scenario.deadline_month
        )));
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
        ("--huurders", args.huurders.as_deref()),
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
    let impact = crate::impact::plan_impact(plan);
    t.push_str(&format!(
        "Energie en CO₂: na het plan {} MWh per jaar primair fossiel bespaard, {} ton CO₂ per jaar minder; t/m {} samen {} ton CO₂ minder\n",
        input::values::thousands((impact.energy_saved_kwh_per_year / 1000.0).round() as i64),
        decimal(impact.co2_avoided_kg_per_year / 1000.0, 1),
        plan.scenario.deadline_month,
        decimal(impact.co2_avoided_kg_to_deadline / 1000.0, 1)
    ));
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
