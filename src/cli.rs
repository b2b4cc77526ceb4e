//! The subcommands; the only place that joins the stages of the pipeline.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::Datelike;

use clap::{Parser, Subcommand};

use crate::cli_dutch;
use crate::input::{self, InputError, ReadOptions, Stock};
use crate::model::{self, ScheduleOptions};
use crate::output;
use crate::plan::{self, Plan};
use crate::projects;
use crate::scenario::{ModelFileError, Month, Scenario};
use crate::synth;

/// The command line; its help, usage and errors are made Dutch by [`crate::cli_dutch`], which
/// also adds `-h/--hulp` and `-V/--versie`. Option names are Dutch; the English names a user
/// reaches for (`--output`, `--quiet`, `--verbose`, `--help`, `--version`) and the names of
/// earlier versions (`--time-limit`, `--write-lp`, ...) work as aliases.
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
    #[command(alias = "controleer")]
    Check {
        /// Het bezitsbestand (.xlsx, .xls, .ods, .csv, .parquet).
        #[arg(value_name = "BEZIT")]
        stock: PathBuf,
        /// Scenariobestand (TOML) waarmee u gaat plannen: wat het plan over de bladen Budget en
        /// Capaciteit zegt, geldt bij dat scenario (zonder: het standaardscenario). Een werkmap
        /// met een werkblad Scenario's wordt gelezen zoals retrofit vergelijk dat doet.
        #[arg(long, value_name = "BESTAND")]
        scenario: Option<PathBuf>,
    },
    /// Schrijf een leeg invoerbestand met alle kolommen, keuzelijsten en toelichting.
    #[command(alias = "sjabloon")]
    Template {
        /// Het invoerbestand (.xlsx) (ook --output).
        #[arg(
            short = 'o',
            long = "uitvoer",
            alias = "output",
            value_name = "BESTAND",
            default_value = "retrofit-invoer.xlsx",
            hide_default_value = true,
            long_help = "Het invoerbestand (.xlsx); standaard retrofit-invoer.xlsx (ook --output)."
        )]
        output: PathBuf,
    },
    /// Schrijf het standaardscenario, de maatregelencatalogus, de soortenkalender en de energietabellen (WWS-punten, CO₂) om te bewerken.
    Scenario {
        /// De map waarin scenario.toml, catalog.toml, species.toml en energy.toml komen; standaard de huidige
        /// map (ook --output).
        #[arg(
            short = 'o',
            long = "uitvoer",
            alias = "output",
            value_name = "MAP",
            default_value = ".",
            hide_default_value = true
        )]
        output: PathBuf,
    },
    /// Genereer een realistisch voorbeeldbezit (voor demo's en metingen).
    #[command(alias = "genereer")]
    Generate(synth::GenerateArgs),
    /// Meet per stap waar de tijd heen gaat, op gegenereerde bezitten van oplopende omvang.
    #[command(alias = "meet")]
    Bench(crate::bench::BenchArgs),
    /// Plan het bezit onder meerdere scenario's en zet de plannen naast elkaar (eerste = basis).
    #[command(alias = "compare")]
    Vergelijk(crate::compare_cli::CompareArgs),
}

#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// Het bezitsbestand (.xlsx, .xls, .ods, .csv, .parquet); zonder bestand het ingebouwde
    /// voorbeeldbezit.
    #[arg(value_name = "BEZIT")]
    pub stock: Option<PathBuf>,
    /// Scenariobestand (TOML) met alleen wat afwijkt van het standaardscenario; `retrofit
    /// scenario` schrijft het standaardscenario uit om te bewerken.
    #[arg(long, value_name = "BESTAND")]
    pub scenario: Option<PathBuf>,
    /// Het planbestand (.xlsx); standaard <bezit>-plan.xlsx in de huidige map, bij --vorig-plan
    /// <vorig plan>-<vanaf>.xlsx naast het vorige plan (ook --output).
    #[arg(
        short = 'o',
        long = "uitvoer",
        alias = "output",
        value_name = "BESTAND"
    )]
    pub output: Option<PathBuf>,
    /// Tijdslimiet van de solver in seconden (overschrijft het scenario).
    #[arg(
        long = "tijdslimiet",
        alias = "time-limit",
        value_name = "SECONDEN",
        allow_hyphen_values = true,
        value_parser = crate::limits::time_limit_s
    )]
    pub time_limit: Option<f64>,
    /// Schrijf het model ook als LP-bestand (.lp), ter controle.
    #[arg(long = "lp-bestand", alias = "write-lp", value_name = "BESTAND")]
    pub write_lp: Option<PathBuf>,
    /// Schrijf de lijst gespikkeld bezit voor de gemeente als eigen werkmap (.xlsx).
    #[arg(long, value_name = "BESTAND")]
    pub gemeente: Option<PathBuf>,
    /// Alleen dit jaar in de lijst voor de gemeente (standaard: alle jaren, elk jaar een deel).
    #[arg(long, value_name = "JJJJ", value_parser = cli_dutch::year)]
    pub jaar: Option<i32>,
    /// Schrijf het overzicht voor huurders (per complex één pagina) als eigen werkmap (.xlsx).
    #[arg(long, value_name = "BESTAND")]
    pub huurders: Option<PathBuf>,
    /// Schrijf het plan ook als JSON (.json).
    #[arg(long, value_name = "BESTAND")]
    pub json: Option<PathBuf>,
    /// Schrijf de lijsten ook als CSV-bestanden in deze map.
    #[arg(long, value_name = "MAP")]
    pub csv: Option<PathBuf>,
    /// Schrijf de lijsten ook als Parquet-bestanden in deze map.
    #[arg(long, value_name = "MAP")]
    pub parquet: Option<PathBuf>,
    /// Plan de leesbare rijen ook als er rijen met fouten zijn; die worden overgeslagen en vermeld.
    #[arg(long)]
    pub rijen_overslaan: bool,
    /// Toon het volledige logboek van de solver HiGHS (ook --verbose).
    #[arg(short = 'v', long = "uitgebreid", alias = "verbose")]
    pub verbose: bool,
    /// Geen voortgangsregels tijdens een lange berekening (ook --quiet).
    #[arg(short = 'q', long = "stil", alias = "quiet")]
    pub quiet: bool,
    /// Seconden tussen twee voortgangsregels (verstreken tijd, beste plan, grens, gap); een
    /// berekening die binnen die tijd klaar is, toont er geen. Standaard 5.
    #[arg(
        long = "voortgang-elke",
        alias = "progress-every",
        value_name = "SECONDEN",
        default_value_t = 5.0,
        hide_default_value = true,
        allow_hyphen_values = true,
        value_parser = crate::limits::progress_every_s
    )]
    pub progress_every: f64,
    /// Plan opnieuw tegen een vorig plan (.xlsx van retrofit, met voortgang ingevuld in het blad
    /// Projecten): gereed, in uitvoering en vastgelegd blijven staan, de rest wordt opnieuw
    /// gepland vanaf --vanaf.
    #[arg(long = "vorig-plan", value_name = "BESTAND", requires = "vanaf")]
    pub vorig_plan: Option<PathBuf>,
    /// Eerste maand waarin open projecten mogen starten bij --vorig-plan (JJJJ-MM).
    #[arg(
        long = "vanaf",
        value_name = "JJJJ-MM",
        requires = "vorig_plan",
        value_parser = cli_dutch::month
    )]
    pub vanaf: Option<crate::scenario::Month>,
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
    /// The reader of the output closed it early (`retrofit bench | head -1`): not a failure.
    #[error("de uitvoer is gesloten")]
    OutputClosed,
}

impl CliError {
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Input(_) => 1,
            CliError::Tool(_) => 2,
            CliError::OutputClosed => 0,
        }
    }
}

impl From<ModelFileError> for CliError {
    fn from(e: ModelFileError) -> Self {
        CliError::Input(format!("scenario of catalogus ongeldig: {e}"))
    }
}

pub fn input_error(e: InputError) -> CliError {
    input_error_with(e, false)
}

/// `skipping`: the rows with errors were already skipped (`--rijen-overslaan`), so what is left
/// cannot be skipped and the advice is only to mend it.
fn input_error_with(e: InputError, skipping: bool) -> CliError {
    match e {
        InputError::Unreadable { .. } => CliError::Input(e.to_string()),
        InputError::Invalid {
            problems,
            readable_rows,
        } => {
            let n = problems.iter().filter(|p| p.is_error()).count();
            // Only errors in cells of the homes' sheet can be skipped: those in the Budget,
            // Capaciteit and Wijken sheets always stop the read, so with one of those among
            // them skipping does not help.
            let in_home_rows = problems.iter().filter(|p| p.is_error()).all(|p| {
                p.location.rsplit_once('!').is_some_and(|(sheet, _)| {
                    let sheet = sheet.trim_matches('\'').to_lowercase();
                    !["budget", "capaciteit", "wijken"].contains(&sheet.as_str())
                })
            });
            // A header not read that looks like a missing column comes first: the row errors
            // may be its consequence, and skipping those rows would plan without the column
            // (helper 78: 383 rows "energielabel ontbreekt" under a label column headed
            // `Energielabel 2026`, with the advice to skip them).
            let lookalikes = input::columns::missing_lookalike_warnings(&problems);
            // Merged cells: skipping rows would drop homes Excel shows a value for (helper 97).
            let merged = problems
                .iter()
                .any(|p| p.is_error() && p.message.contains(input::MERGED));
            let advice = if !lookalikes.is_empty() {
                "Hernoem eerst de kop die niet gelezen wordt (zie de eerste regels); lees het bestand dan opnieuw."
            } else if merged {
                "Maak de samengevoegde cellen los (zie de meldingen) en lees het bestand opnieuw; --rijen-overslaan helpt daar niet."
            } else if skipping || !in_home_rows {
                "Herstel de genoemde cellen (--rijen-overslaan slaat alleen woningrijen over)."
            } else if readable_rows == 0 {
                // Helper 86: the template with only its example row was told to skip it.
                "Herstel de genoemde cellen: geen enkele woningrij is zonder fout, dus --rijen-overslaan laat niets over om te plannen."
            } else {
                "Herstel de genoemde cellen, of plan de leesbare rijen met --rijen-overslaan."
            };
            let first: String = lookalikes
                .iter()
                .map(|hint| format!("Let op: {hint}\n"))
                .collect();
            // Said first, so not again in the list below.
            let rest: Vec<input::problem::Problem> = problems
                .iter()
                .filter(|p| !input::columns::is_missing_lookalike(p))
                .cloned()
                .collect();
            CliError::Input(format!(
                "{first}{}\n{}: het bestand is niet geschikt om mee te plannen. {advice}",
                input::summary::problems_report(&rest),
                count(n, "fout", "fouten")
            ))
        }
    }
}

/// Runs a parsed command; returns what to print on success.
pub fn run(cli: Cli) -> Result<String, CliError> {
    match cli.command {
        Command::Plan(args) => run_plan(&args),
        Command::Check {
            stock: path,
            scenario: scenario_path,
        } => {
            let stock = match input::read_stock(&path, &ReadOptions::default()) {
                Ok(stock) => stock,
                Err(e) => {
                    // The mistakes of a `Scenario's` sheet too, checked without the stock's own
                    // figures, so that all of the file's mistakes are said at once.
                    let mut err = input_error(e);
                    if let CliError::Input(message) = &mut err {
                        let wrong: Vec<String> = match crate::scenario_sheet::read(&path) {
                            Ok(Some(sheets)) => sheets
                                .iter()
                                .filter_map(|s| s.scenario(&path).err())
                                .collect(),
                            Ok(None) => Vec::new(),
                            // The sheet's own list (names, settings given twice, ...); not a
                            // workbook that does not open, which the stock's message says
                            // already (helper 66 saw it again, in English).
                            Err(_) if calamine::open_workbook_auto(&path).is_err() => Vec::new(),
                            Err(e) => vec![e],
                        };
                        if !wrong.is_empty() {
                            message.push_str(&format!(
                                "\nBlad {}: {}",
                                crate::scenario_sheet::SHEET,
                                crate::scenario_sheet::all_errors(wrong)
                            ));
                        }
                    }
                    return Err(err);
                }
            };
            let mut report = input::summary::check_report(&stock);
            // The scenarios of a `Scenario's` sheet are checked as `vergelijk` reads them.
            // The stock's own report first, also when the sheet has mistakes: every problem
            // of the file at once.
            let sheet_error = |e: String| {
                println!("{report}");
                CliError::Input(format!("Blad {}: {e}", crate::scenario_sheet::SHEET))
            };
            if let Some(sheets) = crate::scenario_sheet::read(&path).map_err(sheet_error)? {
                let scenarios = crate::compare_cli::sheet_scenarios(&stock, &path, sheets)
                    .map_err(|e| match e {
                        CliError::Input(e) => sheet_error(e),
                        other => other,
                    })?;
                // The names `vergelijk` gives them (a `naam` row over row 1).
                let names: Vec<&str> = scenarios.iter().map(|s| s.name.as_str()).collect();
                report.push_str(&format!(
                    "Blad {}: {} in orde ({}); retrofit vergelijk plant ze naast het standaardscenario, retrofit plan gebruikt ze niet.\n",
                    crate::scenario_sheet::SHEET,
                    crate::nl_format::count(names.len(), "scenario", "scenario's"),
                    crate::nl_format::and_list(&names)
                ));
                // What reading them noted (a figure typed as text), as vergelijk says it.
                for note in scenarios.iter().flat_map(|s| &s.source_notes) {
                    if note.contains(crate::scenario_sheet::SHEET) {
                        report.push_str(&format!("Let op: {note}\n"));
                    }
                }
            }
            // A workbook of scenarios is checked as `vergelijk` reads it (helper 104: check
            // refused it as plan does, so its mistakes showed only in vergelijk).
            if let Some(workbook) = scenario_path.as_deref().filter(|p| is_workbook_file(p)) {
                let scenarios =
                    crate::compare_cli::load_one(&stock, workbook).inspect_err(|_| {
                        println!("{report}");
                    })?;
                report.push_str(&crate::compare_cli::workbook_check_text(
                    &path, workbook, &scenarios,
                ));
                return Ok(report);
            }
            // What a plan would say about the stock's Budget and Capaciteit sheets (a row of a
            // corporation the stock lacks, a year past the deadline), with the scenario the
            // user names (helper 82: the default's horizon gave advice for a stock prepared for
            // 2027-2028), else the default one. A stock a plan with it would refuse (a
            // corporation-year without budget or capacity) is refused here too (helper 59:
            // check said nothing, plan refused).
            let with = match &scenario_path {
                Some(p) => format!("scenario {}", p.display()),
                None => "het standaardscenario".to_string(),
            };
            let scenario = match scenario_for(&stock, scenario_path.as_deref()) {
                Ok(scenario) => Some(scenario),
                Err(CliError::Input(e)) if scenario_path.is_none() => {
                    println!("{report}");
                    return Err(CliError::Input(format!(
                        "met {with} weigert retrofit plan dit bestand: {e}"
                    )));
                }
                Err(CliError::Input(e)) => {
                    println!("{report}");
                    return Err(CliError::Input(format!(
                        "met {with} weigert retrofit plan: {e}"
                    )));
                }
                Err(_) => None,
            };
            if let Some(scenario) = scenario {
                if !scenario.source_notes.is_empty() {
                    let hint = if scenario_path.is_none() {
                        " (plant u met een eigen scenario, geef het dan met --scenario)"
                    } else {
                        ""
                    };
                    report.push_str(&format!(
                        "Met {with}{hint} zegt het plan over de bladen Budget en Capaciteit:\n"
                    ));
                }
                for note in &scenario.source_notes {
                    report.push_str(&format!("Let op: {note}\n"));
                }
                // Asked for, it is said that it looked (helper 83: silence read as not checked).
                if scenario.source_notes.is_empty() && scenario_path.is_some() {
                    report.push_str(&format!(
                        "Met {with} heeft het plan geen opmerkingen over de bladen Budget en Capaciteit.\n"
                    ));
                }
            }
            Ok(report)
        }
        Command::Template { output } => {
            if !has_extension(&output, "xlsx") {
                return Err(CliError::Input(format!(
                    "--uitvoer {}: de naam moet eindigen op .xlsx (het sjabloon is een Excel-werkmap)",
                    output.display()
                )));
            }
            // A missing folder, a read-only file or one open in Excel is the user's to fix.
            output::check_target(&output).map_err(output_error)?;
            // A template may have been filled in since: never written over (like `scenario`).
            if output.exists() {
                return Err(CliError::Input(format!(
                    "--uitvoer {}: bestaat al en kan al ingevulde gegevens bevatten; kies een andere naam of verwijder het bestand eerst",
                    output.display()
                )));
            }
            output::template::write_template(&output)
                .map_err(|e| CliError::Tool(format!("{}: {e}", output.display())))?;
            Ok(format!(
                "Invoersjabloon geschreven naar {}\n",
                output.display()
            ))
        }
        Command::Scenario { output } => write_model_files(&output),
        Command::Generate(args) => synth::run_generate(&args)
            .map(|line| format!("{line}\n"))
            .map_err(|e| CliError::Input(e.to_string())),
        Command::Bench(args) => crate::bench::run_bench(&args, &mut std::io::stdout()),
        Command::Vergelijk(args) => crate::compare_cli::run_compare(&args),
    }
}

/// `retrofit scenario`: writes the default scenario, catalog and species calendar into `dir`
/// (made when missing) for editing; refuses to overwrite any of them, before writing one.
fn write_model_files(dir: &Path) -> Result<String, CliError> {
    let files = crate::embedded::files_to_edit();
    if dir.exists() && !dir.is_dir() {
        return Err(CliError::Input(format!(
            "--uitvoer {}: bestaat al en is geen map",
            dir.display()
        )));
    }
    let existing: Vec<String> = files
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        return Err(CliError::Input(format!(
            "{} {}; retrofit overschrijft geen bewerkte scenariobestanden. Kies een andere map met --uitvoer MAP.",
            crate::nl_format::and_list(&existing.iter().map(String::as_str).collect::<Vec<_>>()),
            if existing.len() == 1 { "bestaat al" } else { "bestaan al" }
        )));
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        CliError::Input(format!(
            "--uitvoer {}: kan de map niet maken ({e})",
            dir.display()
        ))
    })?;
    let mut text = String::new();
    for (name, contents) in &files {
        let path = dir.join(name);
        output::safe_write::write_bytes(&path, contents.as_bytes()).map_err(output_error)?;
        text.push_str(&format!("Geschreven: {}\n", path.display()));
    }
    text.push_str(&format!(
        "Pas aan wat u wilt veranderen en plan met: retrofit plan BEZIT --scenario {}\nEen scenariobestand mag ook alleen de sleutels noemen die afwijken; de rest komt uit het ingebouwde standaardscenario.\n",
        dir.join(crate::embedded::SCENARIO_NAME).display()
    ));
    Ok(text)
}

/// The sample stock of `data/`, built into the program (`<ingebouwd>/voorbeeldbezit.xlsx`);
/// [`input::read_stock`] reads it from the program itself.
pub fn sample_stock_path() -> PathBuf {
    crate::embedded::path(crate::embedded::SAMPLE_STOCK_NAME)
}

/// Loads the scenario and lets the stock's `Budget` and `Capaciteit` sheets override it.
pub fn scenario_for(stock: &Stock, scenario_path: Option<&Path>) -> Result<Scenario, CliError> {
    // `standaard` (no file of that name) is the built-in default, as `vergelijk` reads it
    // (helper 84: `plan --scenario standaard` said the file did not exist).
    let scenario_path = scenario_path
        .filter(|p| !crate::embedded::names_default_scenario(&p.to_string_lossy(), Path::new("")));
    let path = scenario_path
        .map(Path::to_path_buf)
        .unwrap_or_else(Scenario::default_path);
    // A workbook of scenarios is for `vergelijk`: one plan takes one scenario file.
    // (A file that is not there is said to be missing, by the reading below.)
    if is_workbook_file(&path) {
        return Err(CliError::Input(format!(
            "--scenario {}: een werkmap; plan verwacht één scenariobestand (TOML, zoals retrofit scenario het schrijft). Een werkmap met een blad Scenario's vergelijkt u met retrofit vergelijk BEZIT --scenario {}",
            path.display(),
            path.display()
        )));
    }
    with_stock_figures(stock, Scenario::load(&path)?)
}

/// Lets the stock's `Budget` and `Capaciteit` sheets override a loaded scenario (except the
/// years it names itself), and checks that every year of the horizon has its figures.
pub fn with_stock_figures(stock: &Stock, mut scenario: Scenario) -> Result<Scenario, CliError> {
    let pairs = |figures: &[input::YearFigure]| -> Vec<(String, i32, f64)> {
        figures
            .iter()
            .map(|f| (f.corporation.clone(), f.year, f.value))
            .collect()
    };
    let mut corporations: Vec<&str> = stock.homes.iter().map(|h| h.corporation.as_str()).collect();
    corporations.sort_unstable();
    corporations.dedup();
    // Where the sheets name each corporation, for a name the stock does not know.
    let mut cells = crate::scenario::SheetCells::new();
    for (budget, figures) in [(true, &stock.budgets), (false, &stock.capacities)] {
        for f in figures
            .iter()
            .filter(|f| !f.corporation_location.is_empty())
        {
            cells
                .entry((budget, f.corporation.clone()))
                .or_default()
                .push(f.corporation_location.clone());
        }
    }
    let (budgets, capacities) = scenario.drop_unknown_corporations(
        &corporations,
        pairs(&stock.budgets),
        pairs(&stock.capacities),
        &cells,
    );
    scenario.note_years_after_deadline(&budgets, &capacities, &stock.source.file_name);
    scenario.override_years(
        &budgets,
        &capacities,
        &stock.source.file_name,
        &corporations,
    );
    scenario.note_partial_corporation_years();
    let note = default_figures_note(stock, &scenario)
        .or_else(|| shared_figures_note(&corporations, &scenario));
    scenario.source_notes.extend(note);
    let unused = unused_general_notes(&corporations, &scenario);
    scenario.source_notes.extend(unused);
    scenario.heat_plan = crate::heat_plan::HeatPlan::new(&stock.districts);
    check_horizon_years(&scenario, &corporations)?;
    Ok(scenario)
}

/// How [`default_figures_note`] begins (`bench` scales the figures, and drops the note).
pub const DEFAULT_FIGURES_NOTE: &str = "budget en capaciteit zijn die van het standaardscenario";

/// A note when every budget and capacity is the built-in default's (no scenario file, no
/// `Budget` or `Capaciteit` sheet) on a stock they were not made for: a corporation of at least
/// twice the sample's homes, or several corporations (each gets the whole default). A new user
/// planning an 80,000-home stock without figures of their own otherwise sees 9 homes a month
/// planned and many homes "niet ingepland: capaciteit", with no word on where that came from.
pub fn default_figures_note(stock: &Stock, scenario: &Scenario) -> Option<String> {
    if !crate::embedded::is_embedded(&scenario.file)
        || !stock.budgets.is_empty()
        || !stock.capacities.is_empty()
    {
        return None;
    }
    let mut homes: BTreeMap<&str, usize> = BTreeMap::new();
    for h in &stock.homes {
        *homes.entry(h.corporation.as_str()).or_default() += 1;
    }
    let sample = crate::bench::SAMPLE_HOMES;
    let largest = homes.values().copied().max()?;
    let what = if homes.len() > 1 {
        let smallest = homes.values().copied().min().unwrap_or(largest);
        let range = if smallest == largest {
            count(largest, "woning", "woningen")
        } else {
            format!(
                "{} tot {}",
                number(smallest),
                count(largest, "woning", "woningen")
            )
        };
        format!(
            "elke corporatie krijgt ze in hun geheel ({} corporaties van {range})",
            homes.len()
        )
    } else if largest >= 2 * sample {
        format!("dit bezit telt {}", count(largest, "woning", "woningen"))
    } else {
        return None;
    };
    Some(format!(
        "{DEFAULT_FIGURES_NOTE}, gemaakt voor het voorbeeldbezit van {}; {what}. Geef de eigen cijfers in de bladen Budget en Capaciteit van het bezit of in een scenariobestand (retrofit scenario schrijft er een om te bewerken).",
        count(sample, "woning", "woningen")
    ))
}

/// How [`shared_figures_note`] says to split a total between corporations.
const SPLIT_ADVICE: &str = "Is het een totaal, verdeel het dan per corporatie: [corporations.\"NAAM\"] in het scenario, of een kolom corporatie in de bladen Budget en Capaciteit.";

/// What every [`shared_figures_note`] says (`bench` scales the figures, and drops the note).
pub const SHARED_FIGURES_NOTE: &str = "voor elke corporatie in haar geheel, niet samen";

/// A general budget or capacity the user's scenario file names for years of the horizon, where
/// every corporation has its own figure for every year (so nobody plans with it): said, as the
/// plan is the same with or without it (helper 95: only `Aannames` said "niet gebruikt").
fn unused_general_notes(corporations: &[&str], scenario: &Scenario) -> Vec<String> {
    let horizon: Vec<i32> = scenario.years().collect();
    let mut notes = Vec::new();
    for (budget, what, key) in [
        (true, "het algemene budget", "budget_eur"),
        (false, "de algemene capaciteit", "capacity_homes_per_month"),
    ] {
        let years: Vec<i32> = scenario
            .file_general_years(budget)
            .into_iter()
            .flatten()
            .copied()
            .filter(|y| horizon.contains(y))
            .collect();
        if years.is_empty() || !scenario.general_figures_unused(budget, corporations) {
            continue;
        }
        let list: Vec<String> = years.iter().map(i32::to_string).collect();
        notes.push(format!(
            "{what} van {} ([{key}]: {}) wordt niet gebruikt: elke corporatie heeft voor elk jaar van de planperiode een eigen {}; verander het per corporatie (werkblad {} of [corporations.\"NAAM\"] in het scenariobestand)",
            scenario.file.display(),
            crate::nl_format::and_list(&list.iter().map(String::as_str).collect::<Vec<_>>()),
            if budget { "budget" } else { "capaciteit" },
            if budget { "Budget" } else { "Capaciteit" },
        ));
    }
    notes
}

/// A note when several corporations of the stock each take the general budget or capacity
/// (of a scenario file, the built-in default, or `Budget`/`Capaciteit` sheets without a
/// corporation column) in whole: a total meant for all of them would otherwise be given to
/// each (helper 47: € 20 M a year as a total became € 49 M spent in one year by three
/// corporations). Budget and capacity are looked at apart: a per-corporation `Budget` sheet
/// beside the general capacity still leaves the capacity shared (helper 48).
/// `corporations`: the stock's, each once.
pub fn shared_figures_note(corporations: &[&str], scenario: &Scenario) -> Option<String> {
    // A corporation without a figure of its own for any year of the horizon (its scenario
    // table and its `Budget`/`Capaciteit` rows are both in `corporations`); one with some
    // years of its own is told of the others by `note_partial_corporation_years`.
    let general = |budget: bool| -> Vec<&str> {
        corporations
            .iter()
            .copied()
            .filter(|c| {
                !scenario.corporations.get(*c).is_some_and(|own| {
                    own.figures(budget)
                        .keys()
                        .any(|y| scenario.years().any(|h| h == *y))
                })
            })
            .collect()
    };
    let (budget, capacity) = (general(true), general(false));
    // One corporation on the general figure beside others with their own: most likely rows
    // of the sheet spelt for another name (helper 86: 'Wonen Brabnt' in `Budget` left Wonen
    // Brabant N.V. on the general € 3,000,000 a year).
    let lone: Vec<String> = [(true, &budget), (false, &capacity)]
        .into_iter()
        .filter(|(_, c)| c.len() == 1 && corporations.len() >= 2)
        .map(|(is_budget, c)| {
            let (what, general, source) = if is_budget {
                ("budget", "het algemene budget", &scenario.budget_source)
            } else {
                (
                    "capaciteit",
                    "de algemene capaciteit",
                    &scenario.capacity_source,
                )
            };
            let figures = scenario.general_figures(is_budget, scenario.years());
            format!(
                "corporatie '{}' heeft geen eigen {what} voor de jaren van de horizon en plant met {general} ({source}; {}), terwijl de andere corporaties een eigen {what} hebben. Hoort een rij van blad {} bij deze corporatie, spel de naam dan als in de kolom corporatie",
                c[0],
                figures.join("; "),
                if is_budget { "Budget" } else { "Capaciteit" }
            )
        })
        .collect();
    // What is shared, what each corporation gets, where it came from, who shares it.
    let shared: Vec<(&str, &str, &str, &Vec<&str>)> = [
        (
            "het budget",
            "het hele budget",
            &scenario.budget_source,
            &budget,
        ),
        (
            "de capaciteit",
            "de hele capaciteit",
            &scenario.capacity_source,
            &capacity,
        ),
    ]
    .into_iter()
    .filter(|(_, _, _, c)| c.len() >= 2)
    .map(|(what, whole, source, c)| (what, whole, source.as_str(), c))
    .collect();
    if shared.is_empty() {
        return (!lone.is_empty()).then(|| lone.join(". "));
    }
    let names = |general: &[&str]| {
        if general.len() <= 3 {
            crate::nl_format::and_list(general)
        } else {
            format!(
                "{} en {} andere",
                general[..2].join(", "),
                general.len() - 2
            )
        }
    };
    // Both shared by the same corporations: one sentence.
    if shared.len() == 2 && budget == capacity {
        let source = if scenario.budget_source == scenario.capacity_source {
            scenario.budget_source.clone()
        } else {
            format!(
                "budget: {}; capaciteit: {}",
                scenario.budget_source, scenario.capacity_source
            )
        };
        return Some(format!(
            "het budget en de capaciteit ({source}) gelden {SHARED_FIGURES_NOTE}: {} krijgen elk het hele budget en de hele capaciteit. {SPLIT_ADVICE}",
            names(&budget)
        ));
    }
    let parts: Vec<String> = shared
        .iter()
        .map(|(what, whole, source, c)| {
            format!(
                "{what} ({source}) geldt {SHARED_FIGURES_NOTE}: {} krijgen elk {whole}",
                names(c)
            )
        })
        .collect();
    let lone: String = lone.iter().map(|l| format!(" Ook: {l}.")).collect();
    Some(format!("{}. {SPLIT_ADVICE}{lone}", parts.join("; ")))
}

/// Every year of the horizon needs a budget and a capacity, for each of `corporations` (`""`
/// for a stock of one): an error naming each missing year and where the figures came from.
pub fn check_horizon_years(scenario: &Scenario, corporations: &[&str]) -> Result<(), CliError> {
    let missing = scenario.missing_years(corporations);
    if missing.is_empty() {
        return Ok(());
    }
    // Figures for a corporation without homes are most likely the missing one's, spelt
    // otherwise: said here, as the run stops before its notes are shown.
    let unknown = scenario
        .source_notes
        .iter()
        .filter(|n| n.contains(crate::scenario::UNKNOWN_CORPORATIONS_NOTE))
        .map(|n| format!("\n  Let op: {n}"));
    Err(CliError::Input(format!(
        "scenario '{}': budget en capaciteit moeten voor elk jaar van de horizon bekend zijn.\n  {}{}",
        scenario.name,
        missing.join("\n  "),
        unknown.collect::<String>()
    )))
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
    let stock = input::read_stock(&stock_path, &read_options)
        .map_err(|e| input_error_with(e, args.rijen_overslaan))?;
    let mut scenario = scenario_for(&stock, args.scenario.as_deref())?;
    // A `Scenario's` sheet in the stock is for `vergelijk`: say so, lest its figures be taken
    // for this plan's.
    if stock
        .source
        .sheet_names
        .iter()
        .any(|n| crate::scenario_sheet::is_sheet_name(n))
    {
        let followed = if crate::embedded::is_embedded(&scenario.file) {
            "het standaardscenario".to_string()
        } else {
            scenario.file_label()
        };
        scenario.source_notes.push(format!(
            "het bezit heeft een blad {}; retrofit plan gebruikt het niet, dit plan volgt {followed}. retrofit vergelijk plant de scenario's van dat blad.",
            crate::scenario_sheet::SHEET
        ));
    }
    check_year_option(args, &scenario)?;
    if let Some(t) = args.time_limit {
        // The plan's `Aannames` names the limit the solve had.
        scenario.solver.time_limit_s = t;
    }
    let mut options = ScheduleOptions::from_scenario(&scenario);
    options.verbose = args.verbose;
    options.progress_every =
        (!args.quiet).then(|| std::time::Duration::from_secs_f64(args.progress_every));

    let output_path = args
        .output
        .clone()
        .unwrap_or_else(|| default_plan_name(&stock_path, args.vorig_plan.as_deref(), args.vanaf));
    check_output_targets(&stock_path, &output_path, args)?;
    check_output_formats(&output_path, args)?;
    check_writable(&stock_path, &output_path, args)?;

    // The model as solved, for audit: a re-plan's (its open projects, from --vanaf, with the
    // budget and capacity that pinned work leaves) or the plan's.
    let lp_of = |projects: &[crate::projects::Project], solved: &Scenario, title: String| {
        model::lp_file::to_lp(
            &model::build_all(projects, solved),
            projects,
            solved.priority,
            &title,
        )
    };

    // Every file written is reported, in the order written.
    let mut written = Vec::new();
    if let Some(lp) = &args.write_lp {
        written.push(format!("LP-bestand geschreven naar {}", lp.display()));
    }
    let (plan, replan_warnings, lp_text) = match (&args.vorig_plan, args.vanaf) {
        (Some(previous), Some(from)) => {
            crate::replan::check_from(&scenario, from).map_err(CliError::Input)?;
            let previous = crate::replan::read_previous_plan_at(previous, from, &scenario)
                .map_err(CliError::Input)?;
            let mut r = crate::replan::replan(&stock, &scenario, &options, &previous, from)
                .map_err(CliError::Input)?;
            // Open in Excel or LibreOffice: what is typed there but not saved is not read
            // (helper 51: read without a word).
            if let Some(lock) = crate::output::safe_write::lock_file(&previous.path) {
                r.warnings.insert(
                    0,
                    format!(
                        "{}: het bestand is geopend in Excel of een ander programma ({}); voortgang die daar nog niet is opgeslagen, is niet gelezen",
                        previous.path.display(),
                        lock.display()
                    ),
                );
            }
            let lp = args
                .write_lp
                .as_ref()
                .map(|_| {
                    let title = format!(
                        "retrofit {}, re-plan from {from}: the open projects only; pinned work is taken out of the budget and capacity rows",
                        scenario.name
                    );
                    lp_of(&r.solved_projects, &r.solved_scenario, title)
                });
            (r.plan, r.warnings, lp)
        }
        _ => {
            let lp = args.write_lp.as_ref().map(|_| {
                let prep = projects::prepare(&stock.homes, &scenario);
                lp_of(
                    &prep.projects,
                    &scenario,
                    format!("retrofit {}", scenario.name),
                )
            });
            (make_plan(&stock, &scenario, &options)?, Vec::new(), lp)
        }
    };
    let mut text = String::new();
    for w in &replan_warnings {
        text.push_str(&format!("Let op (vorig plan): {w}\n"));
    }
    text.push_str(&plan_summary(&plan));
    if let Some(moves) = plan.progress.as_ref().and_then(|p| p.moves.as_ref()) {
        text.push_str(&format!("Verschoven: {moves}\n"));
    }
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
        let bytes = output::municipality::municipality_workbook_bytes(&plan, args.jaar)
            .map_err(|e| workbook_error(path, e))?;
        batch.stage_bytes(path, &bytes).map_err(output_error)?;
        written.push(format!(
            "Lijst gespikkeld bezit voor de gemeente geschreven naar {}",
            path.display()
        ));
    }
    if let Some(path) = &args.huurders {
        let bytes =
            output::tenants::tenants_workbook_bytes(&plan).map_err(|e| workbook_error(path, e))?;
        batch.stage_bytes(path, &bytes).map_err(output_error)?;
        written.push(format!(
            "Overzicht voor huurders geschreven naar {}",
            path.display()
        ));
    }
    if let Some(path) = &args.json {
        output::stage_json(&plan, path, &mut batch).map_err(output_error)?;
        written.push(format!("JSON geschreven naar {}", path.display()));
    }
    for (dir, format, what) in [
        (&args.csv, output::TableFormat::Csv, "CSV"),
        (&args.parquet, output::TableFormat::Parquet, "Parquet"),
    ] {
        if let Some(dir) = dir {
            output::stage_tables(&plan, dir, format, &mut batch).map_err(output_error)?;
            let names = output::table_file_names(format);
            written.push(format!(
                "{} geschreven in map {}: {}",
                count(
                    names.len(),
                    &format!("{what}-bestand"),
                    &format!("{what}-bestanden")
                ),
                dir.display(),
                names.join(", ")
            ));
        }
    }
    batch.commit().map_err(output_error)?;
    text.push_str(&format!(
        "Plan geschreven naar {} in {} s.\n",
        output_path.display(),
        decimal(started.elapsed().as_secs_f64(), 1)
    ));
    for line in &written {
        text.push_str(line);
        text.push('\n');
    }
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
fn nothing_planned(plan: &Plan, output_path: &Path, summary: String) -> CliError {
    // The conclusion first (it follows "retrofit: "), then the summary that explains it.
    let mut text = String::new();
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
    text.push_str(" Er is geen andere uitvoer geschreven.\n");
    text.push_str(summary.trim_end());
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
    let files = [
        Some(output),
        args.gemeente.as_deref(),
        args.huurders.as_deref(),
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

/// A spreadsheet that is there: for `--scenario`, a workbook of scenarios rather than a file.
pub fn is_workbook_file(path: &Path) -> bool {
    path.is_file()
        && ["xlsx", "xlsm", "xls", "ods"]
            .iter()
            .any(|ext| has_extension(path, ext))
}

/// Whether `path` ends in `.ext` (any case).
pub fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// Each output file is written in the format its option makes; a name with another extension
/// is refused before anything is computed, so that `-o plan.csv` never gets a workbook.
fn check_output_formats(output: &Path, args: &PlanArgs) -> Result<(), CliError> {
    let checks: [(&str, Option<&Path>, &str, &str); 5] = [
        (
            "--uitvoer",
            Some(output),
            "xlsx",
            "het plan is een Excel-werkmap; voor CSV: --csv MAP, voor JSON: --json BESTAND.json, voor Parquet: --parquet MAP",
        ),
        (
            "--gemeente",
            args.gemeente.as_deref(),
            "xlsx",
            "de lijst voor de gemeente is een Excel-werkmap",
        ),
        (
            "--huurders",
            args.huurders.as_deref(),
            "xlsx",
            "het overzicht voor huurders is een Excel-werkmap",
        ),
        ("--json", args.json.as_deref(), "json", "dit is het plan als JSON"),
        (
            "--lp-bestand",
            args.write_lp.as_deref(),
            "lp",
            "dit is het model in LP-formaat",
        ),
    ];
    for (flag, path, ext, why) in checks {
        if let Some(path) = path.filter(|p| !has_extension(p, ext)) {
            return Err(CliError::Input(format!(
                "{flag} {}: de naam moet eindigen op .{ext} ({why})",
                path.display()
            )));
        }
    }
    Ok(())
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
pub fn output_error(e: output::OutputError) -> CliError {
    use output::OutputError as E;
    match e {
        E::MissingDirectory { .. }
        | E::Locked { .. }
        | E::NotWritable { .. }
        | E::IsDirectory { .. }
        | E::IsStock { .. }
        | E::HasProgress { .. }
        | E::SameFile { .. } => CliError::Input(e.to_string()),
        _ => CliError::Tool(e.to_string()),
    }
}

/// Checks every output before anything is computed or written, so that a run never stops
/// half-way with some files written: none overwrites the input, no two share a name, each
/// file's directory exists, and a table directory is a directory or can be made.
fn check_output_targets(stock: &Path, output: &Path, args: &PlanArgs) -> Result<(), CliError> {
    let files: Vec<(&str, &Path)> = [
        ("--uitvoer", Some(output)),
        ("--gemeente", args.gemeente.as_deref()),
        ("--huurders", args.huurders.as_deref()),
        ("--json", args.json.as_deref()),
        ("--lp-bestand", args.write_lp.as_deref()),
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
    // The previous plan holds the progress the team filled in and the start months this
    // monitoring is measured against: a re-plan never writes over it, also not through a
    // symbolic link (an existing file is compared by where its links lead).
    if let Some(previous) = &args.vorig_plan {
        let target = |p: &Path| p.canonicalize().unwrap_or_else(|_| resolved(p));
        if let Some((flag, path)) = all
            .iter()
            .find(|(_, p)| same(p, previous) || target(p) == target(previous))
        {
            let how = if *flag == "--uitvoer" && args.output.is_none() {
                "het plan zou standaard".to_string()
            } else {
                format!("{flag} zou")
            };
            let advice = match (*flag, args.vanaf) {
                ("--uitvoer", Some(from)) => {
                    // The name a re-plan gets without -o, unless that is the previous plan.
                    let name = default_plan_name(stock, Some(previous), Some(from));
                    // In the folder the user named (helper 77: `-o work/plan.xlsx` got a name
                    // in the current folder).
                    let name = match (
                        args.output.as_deref().and_then(Path::parent),
                        name.file_name(),
                    ) {
                        (Some(dir), Some(file)) => dir.join(file),
                        _ => name,
                    };
                    // Nor a file retrofit would refuse (one holding progress), nor one that
                    // is there already (helper 103 was offered the re-plan it had written).
                    let stem = name
                        .file_stem()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .to_string();
                    let name = std::iter::once(name.clone())
                        .chain((1..).map(|k| {
                            let suffix = if k == 1 {
                                String::new()
                            } else {
                                format!("-{k}")
                            };
                            name.with_file_name(format!("{stem}-herzien{suffix}.xlsx"))
                        }))
                        .take(100)
                        .find(|n| !same(n, previous) && !n.exists())
                        .unwrap_or_else(|| name.with_file_name(format!("{stem}-herzien.xlsx")));
                    format!(
                        "geef de nieuwe planning een eigen naam, bijvoorbeeld --uitvoer {}",
                        name.display()
                    )
                }
                _ => format!("kies voor {flag} een andere naam"),
            };
            return Err(CliError::Input(format!(
                "{how} het vorige plan {} overschrijven (--vorig-plan), met de ingevulde voortgang; {advice}",
                path.display()
            )));
        }
    }
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
            let why = if parent.exists() {
                format!("{} is een bestand, geen map", parent.display())
            } else {
                format!("de map {} bestaat niet", parent.display())
            };
            return Err(CliError::Input(format!("{flag} {}: {why}", path.display())));
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

use crate::nl_format::{count, number};
pub use crate::nl_format::{decimal, euro};

/// The short Dutch summary printed after `retrofit plan`.
pub fn plan_summary(plan: &Plan) -> String {
    let mut t = String::new();
    // What the user must know first: a look-alike header whose column is not read.
    let hints = input::columns::missing_lookalike_warnings(&plan.warnings);
    if !hints.is_empty() {
        for w in &hints {
            t.push_str(&format!("Let op: {w}\n"));
        }
    }
    for note in &plan.scenario.source_notes {
        t.push_str(&format!("Let op: {note}\n"));
    }
    t.push_str(&format!(
        "Scenario: {} (doel label {}, deadline {})\n",
        plan.scenario.name, plan.scenario.target_label, plan.scenario.deadline_month
    ));
    t.push_str(&format!("Prioriteit: {}\n", plan.scenario.priority.dutch()));
    let skipped = if plan.skipped.is_empty() {
        String::new()
    } else {
        format!(
            " (en {} overgeslagen)",
            count(plan.skipped.len(), "rij", "rijen")
        )
    };
    t.push_str(&format!(
        "Woningen gelezen: {}{skipped}; EFG: {}; niet EFG: {}\n",
        number(plan.homes_read),
        number(plan.efg_homes),
        number(plan.not_efg_homes)
    ));
    let excl: Vec<String> = plan
        .excluded_by_reason()
        .iter()
        .map(|(r, n)| format!("{r} {}", number(*n)))
        .collect();
    t.push_str(&format!(
        "Uitgesloten: {}{}\n",
        number(plan.excluded.len()),
        if excl.is_empty() {
            String::new()
        } else {
            format!(" ({})", excl.join(", "))
        }
    ));
    let carried = if plan.carried_cost_eur().abs() < 0.5 {
        String::new()
    } else {
        let one = plan.carried_homes() == 1;
        format!(
            " (waarvan {} werk uit het vorige plan aan {} die niet meer in het plan {} en niet in deze aantallen {})",
            euro(plan.carried_cost_eur()),
            count(plan.carried_homes(), "woning", "woningen"),
            if one { "staat" } else { "staan" },
            if one { "telt" } else { "tellen" }
        )
    };
    t.push_str(&format!(
        "Ingepland: {} in {}, totaal {}{carried}\n",
        count(plan.planned.len(), "woning", "woningen"),
        count(plan.projects.len(), "project", "projecten"),
        euro(plan.total_cost_eur())
    ));
    for y in &plan.years {
        let corp = if y.corporation.is_empty() {
            String::new()
        } else {
            format!("{} ", y.corporation)
        };
        // Cost of work whose homes left the plan, said where it is (helper 56: "0 woningen
        // gestart, 0 klaar; kosten € 126.420" read as cost without work).
        let carried = if y.carried_cost_eur.abs() < 0.5 {
            String::new()
        } else {
            format!(
                " (waarvan {} werk uit het vorige plan aan woningen buiten deze aantallen)",
                euro(y.carried_cost_eur)
            )
        };
        t.push_str(&format!(
            "  {corp}{}: {} gestart, {} klaar; kosten {}{carried} van budget {}\n",
            y.year,
            count(y.homes_started, "woning", "woningen"),
            number(y.homes_finished),
            euro(y.cost_eur),
            euro(y.budget_eur)
        ));
    }
    let impact = crate::impact::plan_impact(plan);
    t.push_str(&format!(
        "Energie en CO₂: na het plan {} MWh per jaar primair fossiel bespaard, {} ton CO₂ per jaar minder; t/m {} samen {} ton CO₂ minder\n",
        input::values::thousands((impact.energy_saved_kwh_per_year / 1000.0).round() as i64),
        crate::nl_format::decimal_grouped(impact.co2_avoided_kg_per_year / 1000.0, 1),
        plan.scenario.deadline_month,
        crate::nl_format::decimal_grouped(impact.co2_avoided_kg_to_deadline / 1000.0, 1)
    ));
    let np: Vec<String> = plan
        .not_planned_by_reason()
        .iter()
        .map(|(r, n)| format!("{r} {}", number(*n)))
        .collect();
    t.push_str(&format!(
        "Niet ingepland: {}{}\n",
        number(plan.not_planned.len()),
        if np.is_empty() {
            String::new()
        } else {
            format!(" ({})", np.join(", "))
        }
    ));
    if !plan.warnings.is_empty() || !plan.skipped.is_empty() {
        t.push_str(&format!(
            "Invoercontrole: {}, {} overgeslagen\n",
            count(plan.warnings.len(), "waarschuwing", "waarschuwingen"),
            count(plan.skipped.len(), "rij", "rijen")
        ));
    }
    let s = &plan.solve;
    t.push_str(&format!(
        "Solver: {}; {} s ({}, {})\n",
        s.status_dutch(),
        decimal(s.time_s, 2),
        count(s.variables, "variabele", "variabelen"),
        count(s.constraints, "restrictie", "restricties")
    ));
    if let Some(limit) = s.limit_dutch() {
        t.push_str(&format!(
            "Let op: dit is het beste plan dat binnen {limit} is gevonden, niet bewezen optimaal.\n"
        ));
    }
    if let Some(note) = s.clock_note() {
        t.push_str(&note);
        t.push('\n');
    }
    if let Some(note) = plan.pace_note_short() {
        t.push_str(&format!("Let op (tempo): {note}.\n"));
    }
    if let Some(line) = past_start_line(plan, current_month()) {
        t.push_str(&line);
    }
    t
}

/// The plan's name without `-o`, in the current directory: `<stock>-plan.xlsx`, or for a
/// re-plan `<previous plan>-<vanaf>.xlsx` (a month the previous name ends in replaced), so that
/// a re-plan never lands on a first plan of the same stock that holds other work.
fn default_plan_name(stock: &Path, previous: Option<&Path>, from: Option<Month>) -> PathBuf {
    let stem = |p: &Path, or: &str| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| or.into())
    };
    match (previous, from) {
        (Some(previous), Some(from)) => {
            let name = stem(previous, "plan");
            // "plan-2026-05" -> "plan": a month is 8 characters "-JJJJ-MM".
            let base = name
                .len()
                .checked_sub(8)
                .filter(|&i| name.is_char_boundary(i))
                .map(|i| name.split_at(i))
                .filter(|(_, tail)| tail.starts_with('-') && Month::parse(&tail[1..]).is_some())
                .map_or(name.as_str(), |(head, _)| head);
            // Beside the previous plan (helper 78: a previous plan in `eigen/` gave a re-plan in
            // the current folder).
            previous.with_file_name(format!("{base}-{from}.xlsx"))
        }
        _ => PathBuf::from(format!("{}-plan.xlsx", stem(stock, "bezit"))),
    }
}

/// The calendar month of today (UTC).
pub fn current_month() -> Month {
    let today = chrono::Utc::now().date_naive();
    Month::new(today.year(), today.month())
}

/// One line when the plan starts before `now`: how many homes it starts in the past, and how
/// to plan from now on instead.
pub fn past_start_line(plan: &Plan, now: Month) -> Option<String> {
    // A re-plan keeps the previous plan's start; only open projects before now matter.
    if let Some(report) = &plan.progress {
        if report.from >= now {
            return None;
        }
        return Some(format!(
            "Let op: --vanaf {} ligt vóór deze maand ({now}); open projecten kunnen in het verleden starten. Plan opnieuw met --vanaf {now}.\n",
            report.from
        ));
    }
    let start = plan.scenario.start_month;
    if start >= now || plan.planned.is_empty() {
        return None;
    }
    let in_past = plan.planned.iter().filter(|h| h.start < now).count();
    Some(format!(
        "Let op: de planning begint in {start}, vóór deze maand ({now}); {} in het verleden. Plan opnieuw vanaf nu met een scenariobestand met start_month = \"{now}\" (en zo nodig deadline_month, budget_eur en capacity_homes_per_month voor de jaren vanaf nu); retrofit scenario schrijft er een om te bewerken. Is er al gewerkt volgens dit plan, vul dan de voortgang in het blad Projecten in en plan opnieuw met --vorig-plan PLAN.xlsx --vanaf {now} -o PLAN-{now}.xlsx (het vorige plan blijft zo bewaard).\n",
        homes_start(in_past)
    ))
}

/// "1 woning start", "233 woningen starten".
pub fn homes_start(n: usize) -> String {
    if n == 1 {
        "1 woning start".to_string()
    } else {
        format!("{} starten", count(n, "woning", "woningen"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_re_plan_is_named_after_the_previous_plan_and_its_month() {
        let name = |stock: &str, previous: Option<&str>| {
            default_plan_name(
                Path::new(stock),
                previous.map(Path::new),
                previous.map(|_| Month::new(2026, 7)),
            )
        };
        assert_eq!(name("bezit.xlsx", None), PathBuf::from("bezit-plan.xlsx"));
        assert_eq!(
            name("bezit.xlsx", Some("q0-plan.xlsx")),
            PathBuf::from("q0-plan-2026-07.xlsx")
        );
        // The month of an earlier re-plan is replaced, not added to; the re-plan goes beside
        // the previous plan.
        assert_eq!(
            name("bezit.xlsx", Some("map/plan-2026-01.xlsx")),
            PathBuf::from("map/plan-2026-07.xlsx")
        );
        assert_eq!(
            name("bezit.xlsx", Some("plan-2026-x1.xlsx")),
            PathBuf::from("plan-2026-x1-2026-07.xlsx")
        );
        assert_eq!(
            name("bezit.xlsx", Some("€€€€.xlsx")),
            PathBuf::from("€€€€-2026-07.xlsx")
        );
    }
}
