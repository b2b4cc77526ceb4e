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
    /// Toon de voortgang van de solver.
    #[arg(long, short)]
    pub verbose: bool,
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
        if t.is_nan() || t <= 0.0 {
            return Err(CliError::Input(
                "--time-limit moet groter dan 0 zijn".into(),
            ));
        }
        options.time_limit_s = t;
    }
    options.verbose = args.verbose;

    let output_path = args.output.clone().unwrap_or_else(|| {
        let stem = stock_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "bezit".into());
        PathBuf::from(format!("{stem}-plan.xlsx"))
    });
    for target in [
        Some(&output_path),
        args.gemeente.as_ref(),
        args.json.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        output::refuse_same_file(&stock_path, target)
            .map_err(|e| CliError::Input(e.to_string()))?;
    }

    if let Some(lp) = &args.write_lp {
        let prep = projects::prepare(&stock.homes, &scenario);
        let text: String = model::build_all(&prep.projects, &scenario)
            .iter()
            .map(|m| model::lp_file::to_lp(m, &format!("retrofit {}", scenario.name)))
            .collect();
        output::safe_write::write_bytes(lp, text.as_bytes())
            .map_err(|e| CliError::Tool(e.to_string()))?;
    }

    let plan = make_plan(&stock, &scenario, &options)?;
    let tool = |e: output::OutputError| CliError::Tool(e.to_string());
    output::write_plan_workbook(&plan, &output_path).map_err(tool)?;
    if let Some(path) = &args.gemeente {
        output::write_municipality_workbook(&plan, path).map_err(tool)?;
    }
    if let Some(path) = &args.json {
        output::write_json(&plan, path).map_err(tool)?;
    }
    if let Some(dir) = &args.csv {
        output::write_tables(&plan, dir, output::TableFormat::Csv).map_err(tool)?;
    }
    if let Some(dir) = &args.parquet {
        output::write_tables(&plan, dir, output::TableFormat::Parquet).map_err(tool)?;
    }
    let mut text = plan_summary(&plan);
    text.push_str(&format!(
        "Plan geschreven naar {} in {:.1} s.\n",
        output_path.display(),
        started.elapsed().as_secs_f64()
    ));
    if plan.planned.is_empty() && plan.not_planned.iter().any(|_| true) {
        return Err(CliError::Input(format!(
            "{text}Geen enkele woning kon worden ingepland: zie het werkblad 'Niet ingepland'."
        )));
    }
    Ok(text)
}

/// Euros the Dutch way: `€ 1.234.567`.
pub fn euro(value: f64) -> String {
    let negative = value < 0.0;
    let digits = format!("{:.0}", value.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    format!("{}€ {out}", if negative { "-" } else { "" })
}

/// The short Dutch summary printed after `retrofit plan`.
pub fn plan_summary(plan: &Plan) -> String {
    let mut t = String::new();
    t.push_str(&format!(
        "Scenario: {} (doel label {}, deadline {})\n",
        plan.scenario.name, plan.scenario.target_label, plan.scenario.deadline_month
    ));
    t.push_str(&format!(
        "Woningen gelezen: {}; EFG: {}; niet EFG: {}\n",
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
        "Solver: {}, gap {:.2} %, {:.2} s ({} variabelen, {} restricties)\n",
        s.status.dutch(),
        s.gap * 100.0,
        s.time_s,
        s.variables,
        s.constraints
    ));
    if s.status == SolveStatus::TimeLimit {
        t.push_str("Let op: dit is het beste plan dat binnen de tijdslimiet is gevonden, niet bewezen optimaal.\n");
    }
    t
}
