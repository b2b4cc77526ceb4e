//! The command `retrofit vergelijk`: reads the stock once, loads every scenario (the first is the
//! baseline), plans them ([`crate::compare`]) and writes the comparison workbook
//! ([`crate::output::comparison`]), and with `--plannen MAP` each scenario's own plan workbook.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use crate::cli::{self, CliError};
use crate::compare::{self, BudgetSeries};
use crate::input::{self, ReadOptions};
use crate::model::ScheduleOptions;
use crate::nl_format::{count, decimal, number};
use crate::output;
use crate::scenario::Scenario;
use crate::scenario_sheet;

use crate::embedded::DEFAULT_SCENARIO_NAME as DEFAULT_NAME;

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// Het bezitsbestand (.xlsx, .xls, .ods, .csv, .parquet); zonder bestand het ingebouwde
    /// voorbeeldbezit.
    #[arg(value_name = "BEZIT")]
    pub stock: Option<PathBuf>,
    /// Scenariobestand (TOML) of werkmap met een werkblad Scenario's (elke kolom een scenario),
    /// herhaalbaar; het eerste scenario is de basis. Een bestand noemt alleen wat afwijkt (van
    /// het standaardscenario, of van het bestand dat het als base noemt). 'standaard' is het
    /// ingebouwde standaardscenario. Zonder --scenario: het standaardscenario en de kolommen van
    /// het werkblad Scenario's van BEZIT.
    #[arg(long, value_name = "BESTAND")]
    pub scenario: Vec<PathBuf>,
    /// Het budget van elk jaar van VAN tot TOT procent van dat van de basis, in stappen van
    /// STAP (bijvoorbeeld 50:150:10; TOT doet altijd mee, 100 % als het ertussen ligt); geeft
    /// het werkblad Budgetgevoeligheid (ook --budget-series).
    #[arg(long = "budget-reeks", alias = "budget-series", value_name = "VAN:TOT:STAP", value_parser = parse_series, allow_hyphen_values = true)]
    pub budget_series: Option<BudgetSeries>,
    /// De vergelijkingswerkmap (.xlsx); standaard <bezit>-vergelijking.xlsx in de huidige map
    /// (ook --output).
    #[arg(
        short = 'o',
        long = "uitvoer",
        alias = "output",
        value_name = "BESTAND"
    )]
    pub output: Option<PathBuf>,
    /// Schrijf ook het volledige plan van elk scenario in deze map (ook --plans).
    #[arg(long = "plannen", alias = "plans", value_name = "MAP")]
    pub plans: Option<PathBuf>,
    /// Tijdslimiet van de solver in seconden per plan (overschrijft het scenario).
    #[arg(
        long = "tijdslimiet",
        alias = "time-limit",
        value_name = "SECONDEN",
        allow_hyphen_values = true,
        value_parser = crate::limits::time_limit_s
    )]
    pub time_limit: Option<f64>,
    /// Geen voortgangsregels (ook --quiet).
    #[arg(short = 'q', long = "stil", alias = "quiet")]
    pub quiet: bool,
}

fn parse_series(text: &str) -> Result<BudgetSeries, String> {
    BudgetSeries::parse(text)
}

/// The scenarios of a `Scenario's` sheet, each over the default and the stock's figures; the
/// errors of every column at once.
pub(crate) fn sheet_scenarios(
    stock: &input::Stock,
    workbook: &Path,
    sheets: Vec<scenario_sheet::SheetScenario>,
) -> Result<Vec<Scenario>, CliError> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for s in &sheets {
        match s
            .scenario(workbook)
            .map_err(CliError::Input)
            .and_then(|scenario| cli::with_stock_figures(stock, scenario))
        {
            Ok(scenario) => out.push(scenario),
            Err(e) => errors.push(e.to_string()),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(CliError::Input(scenario_sheet::all_errors(errors)))
    }
}

/// Without `--scenario`: the default, then the variants of the stock's `Scenario's` sheet. With
/// it: each file in order; a workbook gives every column of its `Scenario's` sheet.
fn load_scenarios(
    stock: &input::Stock,
    stock_path: &Path,
    paths: &[PathBuf],
) -> Result<Vec<Scenario>, CliError> {
    if paths.is_empty() {
        let mut out = vec![cli::scenario_for(stock, None)?];
        if let Some(sheets) = scenario_sheet::read(stock_path).map_err(CliError::Input)? {
            out.extend(sheet_scenarios(stock, stock_path, sheets)?);
        }
        return Ok(out);
    }
    // Every scenario's mistakes in one list: a budget round's files are often wrong in the
    // same way (a later deadline without its years), and one run should name them all.
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, p) in paths.iter().enumerate() {
        // The same file twice would compare a scenario with itself.
        let same = |q: &PathBuf| {
            q.as_os_str() == p.as_os_str() || (p.is_file() && output::is_same_file(q, p))
        };
        if let Some(first) = paths[..i].iter().find(|q| same(q)) {
            let also = if first.as_os_str() == p.as_os_str() {
                String::new()
            } else {
                format!(" (ook als {})", first.display())
            };
            errors.push(format!(
                "--scenario {} staat twee keer in de opdracht{also}; noem elk scenario één keer",
                p.display(),
            ));
            continue;
        }
        match load_one(stock, p) {
            Ok(scenarios) => out.extend(scenarios),
            Err(CliError::Input(message)) => errors.push(message),
            Err(other) => return Err(other),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(CliError::Input(crate::nl_format::error_list(&errors)))
    }
}

/// The scenarios of one `--scenario` argument: the default by name, a file, or every column
/// of a workbook's `Scenario's` sheet.
pub(crate) fn load_one(stock: &input::Stock, p: &Path) -> Result<Vec<Scenario>, CliError> {
    if crate::embedded::names_default_scenario(&p.to_string_lossy(), Path::new("")) {
        return Ok(vec![cli::scenario_for(stock, None)?]);
    }
    if !p.is_file() {
        return Err(CliError::Input(format!(
            "--scenario {}: bestand bestaat niet (gebruik '{DEFAULT_NAME}' voor het ingebouwde standaardscenario)",
            p.display()
        )));
    }
    let is_toml = p
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    if is_toml {
        return Ok(vec![cli::scenario_for(stock, Some(p))?]);
    }
    match scenario_sheet::read(p).map_err(CliError::Input)? {
        Some(sheets) => sheet_scenarios(stock, p, sheets),
        None => Err(CliError::Input(format!(
            "--scenario {}: geen scenariobestand (.toml) en geen werkmap met een werkblad {}",
            p.display(),
            scenario_sheet::SHEET
        ))),
    }
}

/// What `check --scenario WERKMAP` says of a workbook's scenarios that read well: their names,
/// how to compare them, and what reading them noted (each note once: the stock's `Budget` and
/// `Capaciteit` sheets give every scenario the same ones).
pub(crate) fn workbook_check_text(stock: &Path, workbook: &Path, scenarios: &[Scenario]) -> String {
    let names: Vec<&str> = scenarios.iter().map(|s| s.name.as_str()).collect();
    let mut text = format!(
        "{}, blad {}: {} in orde ({}); retrofit vergelijk {} --scenario {} plant ze naast elkaar (het eerste is de basis), retrofit plan neemt één scenariobestand (.toml).\n",
        workbook.display(),
        scenario_sheet::SHEET,
        crate::nl_format::count(names.len(), "scenario", "scenario's"),
        crate::nl_format::and_list(&names),
        stock.display(),
        workbook.display(),
    );
    let mut said = std::collections::HashSet::new();
    for note in scenarios.iter().flat_map(|s| &s.source_notes) {
        if said.insert(note) {
            text.push_str(&format!("Let op: {note}\n"));
        }
    }
    text
}

/// Two scenarios of one name (apart from capitals and spaces) would give rows and plan files
/// that nobody can tell apart: an error naming where each comes from.
fn refuse_same_names(scenarios: &[Scenario]) -> Result<(), CliError> {
    let key = |s: &Scenario| s.name.trim().to_lowercase();
    let mut errors = Vec::new();
    for (i, s) in scenarios.iter().enumerate() {
        if let Some(first) = scenarios[..i].iter().find(|o| key(o) == key(s)) {
            errors.push(format!(
                "--scenario: de naam '{}' van {} staat ook in {}; geef elk scenario een eigen naam (name = \"...\" in een scenariobestand, rij 1 of naam in een blad Scenario's)",
                s.name.trim(),
                s.file_label(),
                first.file_label()
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CliError::Input(crate::nl_format::error_list(&errors)))
    }
}

/// A plan that starts before `now` and so plans homes in the past: how many (a comparison of
/// such plans compares months that have gone by).
fn past_start_note(plan: &crate::plan::Plan, now: crate::scenario::Month) -> Option<String> {
    let start = plan.scenario.start_month;
    let in_past = plan.planned.iter().filter(|h| h.start < now).count();
    if start >= now || in_past == 0 || plan.progress.is_some() {
        return None;
    }
    Some(format!(
        "de planning begint in {start}, vóór deze maand ({now}); {} in het verleden; geef een scenario met start_month = \"{now}\" om vanaf nu te vergelijken",
        cli::homes_start(in_past)
    ))
}

/// With `--scenario` files, the stock's own `Scenario's` sheet is only compared when the stock
/// is one of them: say so, lest its columns be taken for compared.
fn unused_sheet_note(stock: &input::Stock, stock_path: &Path, paths: &[PathBuf]) -> Option<String> {
    let has_sheet = stock
        .source
        .sheet_names
        .iter()
        .any(|n| scenario_sheet::is_sheet_name(n));
    let same = |p: &PathBuf| output::is_same_file(stock_path, p);
    (has_sheet && !paths.is_empty() && !paths.iter().any(same)).then(|| {
        format!(
            "het bezit heeft een blad {sheet}; met --scenario worden alleen de opgegeven scenario's vergeleken, niet die van dat blad. Geef ook het bezit als --scenario ({file}) om ze mee te nemen",
            sheet = scenario_sheet::SHEET,
            file = stock_path.display()
        )
    })
}

fn check_xlsx(flag: &str, path: &Path) -> Result<(), CliError> {
    if !cli::has_extension(path, "xlsx") {
        return Err(CliError::Input(format!(
            "{flag} {}: de naam moet eindigen op .xlsx (de vergelijking is een Excel-werkmap)",
            path.display()
        )));
    }
    // Its folder exists, it is not read-only and not open in Excel: the same checks as `plan`.
    crate::output::check_target(path).map_err(cli::output_error)
}

/// A file name for a scenario's plan: its name with only letters, digits, '-' and '_'.
fn plan_file_name(index: usize, name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let clean = clean
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!(
        "{}-{}-plan.xlsx",
        index + 1,
        if clean.is_empty() { "scenario" } else { &clean }
    )
}

pub fn run_compare(args: &CompareArgs) -> Result<String, CliError> {
    let started = Instant::now();
    let stock_path = args.stock.clone().unwrap_or_else(cli::sample_stock_path);
    let output_path = args.output.clone().unwrap_or_else(|| {
        let stem = stock_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "bezit".into());
        PathBuf::from(format!("{stem}-vergelijking.xlsx"))
    });
    check_xlsx("--uitvoer", &output_path)?;
    output::refuse_same_file(&stock_path, &output_path).map_err(cli::output_error)?;
    if let Some(dir) = &args.plans {
        if dir.exists() && !dir.is_dir() {
            return Err(CliError::Input(format!(
                "--plannen {}: bestaat al en is geen map",
                dir.display()
            )));
        }
    }
    let stock =
        input::read_stock(&stock_path, &ReadOptions::default()).map_err(cli::input_error)?;
    let mut scenarios = load_scenarios(&stock, &stock_path, &args.scenario)?;
    if let Some(t) = args.time_limit {
        // Every plan's `Aannames` names the limit its solve had (helper 82: the plans of
        // --plannen said the scenario's 60 s after a solve of 0,05 s).
        for s in &mut scenarios {
            s.solver.time_limit_s = t;
        }
    }
    refuse_same_names(&scenarios)?;
    // Every output is checked before anything is solved (a plan file over a plan with
    // progress, a stock, a file open in Excel), and written together at the end or not at all.
    output::check_target(&output_path).map_err(cli::output_error)?;
    let plan_files: Vec<String> = scenarios
        .iter()
        .enumerate()
        .map(|(i, s)| plan_file_name(i, &s.name))
        .collect();
    if let Some(dir) = &args.plans {
        output::check_dir_target(dir, &plan_files).map_err(|e| {
            // The plan files are named after their scenarios: another folder is the way out.
            let fixed = matches!(
                e,
                output::OutputError::IsStock { .. } | output::OutputError::HasProgress { .. }
            );
            match cli::output_error(e) {
                CliError::Input(m) if fixed => CliError::Input(format!(
                    "{m}. De plannen van --plannen heten naar hun scenario; kies voor --plannen een andere map"
                )),
                other => other,
            }
        })?;
        // The comparison named as one of the plan files would be lost under it.
        let absolute = |p: &Path| std::path::absolute(p).ok();
        if let Some(name) = plan_files.iter().find(|name| {
            let plan = dir.join(name);
            absolute(&plan) == absolute(&output_path) || output::is_same_file(&plan, &output_path)
        }) {
            return Err(CliError::Input(format!(
                "--uitvoer {} is ook het planbestand {name} van --plannen {}; kies een andere naam of map",
                output_path.display(),
                dir.display()
            )));
        }
    }
    // Each scenario with its own solver settings (the time limit of --tijdslimiet set above),
    // as `retrofit plan --scenario` solves it.
    let options = ScheduleOptions::from_scenario;
    // The 100 % step of a budget series is the baseline itself, not planned again.
    let total = scenarios.len()
        + args
            .budget_series
            .map_or(0, |s| s.steps().iter().filter(|&&p| p != 100).count());
    let finished = AtomicUsize::new(0);
    let progress = |what: String| {
        let n = finished.fetch_add(1, Ordering::Relaxed) + 1;
        if !args.quiet && total > 1 {
            // Never a panic when standard error is a closed pipe.
            let _ = writeln!(
                std::io::stderr(),
                "  {n} van {total} plannen klaar ({what}), {} s",
                decimal(started.elapsed().as_secs_f64(), 1)
            );
        }
    };
    let plans = compare::plan_all(&stock, &scenarios, &options, &|i| {
        progress(scenarios[i].name.clone())
    })
    .map_err(|e| CliError::Tool(e.to_string()))?;
    let mut comparison = compare::compare(&plans);
    compare::explain_moves(&stock, &plans, &mut comparison);
    let series = match &args.budget_series {
        Some(series) => Some(
            compare::budget_series(&stock, &plans[0], series, &options, &|i| {
                progress(format!("budget {} %", series.steps()[i]))
            })
            .map_err(|e| CliError::Tool(e.to_string()))?,
        ),
        None => None,
    };
    let stock_name = stock.source.file_name.clone();
    let mut batch = output::Batch::new();
    let bytes = output::comparison::comparison_bytes(&comparison, series.as_deref(), &stock_name)
        .map_err(|e| CliError::Tool(format!("{}: {e}", output_path.display())))?;
    batch
        .stage_bytes(&output_path, &bytes)
        .map_err(cli::output_error)?;
    let mut written = vec![format!(
        "Vergelijking geschreven naar {}",
        output_path.display()
    )];
    if let Some(dir) = &args.plans {
        batch.make_dir(dir).map_err(cli::output_error)?;
        for (plan, name) in plans.iter().zip(&plan_files) {
            let path = dir.join(name);
            let bytes = output::workbook::plan_workbook_bytes(plan)
                .map_err(|e| CliError::Tool(format!("{}: {e}", path.display())))?;
            batch
                .stage_bytes(&path, &bytes)
                .map_err(cli::output_error)?;
            written.push(format!(
                "Plan '{}' geschreven naar {}",
                plan.scenario.name,
                path.display()
            ));
        }
    }
    batch.commit().map_err(cli::output_error)?;

    let mut text = String::new();
    if let Some(note) = unused_sheet_note(&stock, &stock_path, &args.scenario) {
        text.push_str(&format!("Let op: {note}\n"));
    }
    let base = &comparison.rows[0];
    // Each scenario's notes; those that every scenario has (the stock's own sheets give them
    // all the same) are said once, after the scenarios (helper 108: the same Budget-sheet note
    // under each of five scenarios).
    let notes: Vec<Vec<String>> = plans
        .iter()
        .map(|p| {
            let mut n = p.scenario.source_notes.clone();
            n.extend(past_start_note(p, cli::current_month()));
            n
        })
        .collect();
    let shared: Vec<&String> = match notes.split_first() {
        Some((first, rest)) if !rest.is_empty() => first
            .iter()
            .filter(|n| rest.iter().all(|other| other.contains(n)))
            .collect(),
        _ => Vec::new(),
    };
    for (i, r) in comparison.rows.iter().enumerate() {
        let moved = if i == 0 {
            "basis".to_string()
        } else {
            format!(
                "{} anders dan de basis",
                count(r.projects_moved, "project", "projecten")
            )
        };
        text.push_str(&format!(
            "{}: {} ingepland, totaal {}, EFG over bij deadline {}; {moved}\n",
            r.name,
            count(r.homes_planned, "woning", "woningen"),
            cli::euro(r.total_cost_eur),
            number(r.efg_at_deadline),
        ));
        text.push_str(&format!("  solver: {}\n", r.status));
        for note in notes[i].iter().filter(|n| !shared.contains(n)) {
            text.push_str(&format!("  let op: {note}\n"));
        }
    }
    for note in &shared {
        text.push_str(&format!("Let op, bij elk scenario: {note}\n"));
    }
    // Without --scenario the baseline is the built-in default, made for the sample stock: said
    // where the stock's own columns are compared with it (helper 69 read 18 projects "anders
    // dan de basis" against a baseline of 2024-2026).
    if args.scenario.is_empty() && comparison.rows.len() > 1 {
        text.push_str(&format!(
            "Let op: de basis is het ingebouwde standaardscenario ({} t/m {}); de kolommen van het blad {} zijn ermee vergeleken. Wilt u een eigen kolom als basis, geef dan --scenario {} (de eerste kolom is dan de basis)\n",
            plans[0].scenario.start_month,
            plans[0].scenario.deadline_month,
            scenario_sheet::SHEET,
            stock_path.display()
        ));
    }
    if comparison.rows.len() > 1 {
        text.push_str(&format!(
            "Verschillen met de basis ({}): {}\n",
            base.name,
            count(comparison.differences.len(), "project", "projecten")
        ));
    }
    if let Some(steps) = &series {
        text.push_str(&format!(
            "Budgetreeks: {} van {} % tot {} %\n",
            count(steps.len(), "stap", "stappen"),
            steps.first().map_or(0, |s| s.pct),
            steps.last().map_or(0, |s| s.pct)
        ));
    }
    for line in &written {
        text.push_str(line);
        text.push('\n');
    }
    text.push_str(&format!(
        "{} gepland in {} s.\n",
        count(total, "plan", "plannen"),
        decimal(started.elapsed().as_secs_f64(), 1)
    ));
    Ok(text)
}
