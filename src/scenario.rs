//! The scenario: horizon, target, budgets, capacity, project rules, species calendar.
//! Loaded from `models/scenario.toml` (or `--scenario FILE`) and checked when loaded.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::embedded;
use crate::energy::EnergyTables;
use crate::heat_plan::HeatPlan;
use crate::maintenance::MaintenanceRules;
use crate::model_toml;
use crate::nl_format;
use crate::stock::Label;

/// A calendar month, counted as `year * 12 + (month - 1)` so months subtract and compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Month(i32);

impl Month {
    pub fn new(year: i32, month: u32) -> Month {
        Month(year * 12 + month as i32 - 1)
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// 1..=12
    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    /// 1..=4
    pub fn quarter(self) -> u32 {
        (self.month() - 1) / 3 + 1
    }

    pub fn plus(self, months: i32) -> Month {
        Month(self.0 + months)
    }

    /// Months from `earlier` to `self`.
    pub fn since(self, earlier: Month) -> i32 {
        self.0 - earlier.0
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year(), self.month(), 1).unwrap_or(NaiveDate::MIN)
    }

    /// The first month that begins on or after `date`.
    pub fn first_starting_on_or_after(date: NaiveDate) -> Month {
        let m = Month::new(date.year(), date.month());
        if date.day() == 1 {
            m
        } else {
            m.plus(1)
        }
    }

    /// `2025-04`, also written `2025/04` or `2025.04`, or month first with the year in four
    /// digits (`04-2025`, `4/2025`): the four-digit year tells the order apart. A Dutch month
    /// name before a four-digit year reads too (`juni 2027`, `jun-2027`, `Mrt 2026`), as the
    /// workbook and the documents write months.
    pub fn parse(text: &str) -> Option<Month> {
        if let Some(m) = Month::parse_named(text) {
            return Some(m);
        }
        let (a, b) = text.trim().split_once(['-', '/', '.'])?;
        let (y, m) = if b.trim().len() == 4 && a.trim().len() <= 2 {
            (b.trim(), a.trim())
        } else {
            (a.trim(), b.trim())
        };
        if y.len() != 4 || m.is_empty() || m.len() > 2 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month: u32 = m.parse().ok()?;
        ((1..=12).contains(&month) && (1900..=2200).contains(&year))
            .then(|| Month::new(year, month))
    }

    /// `juni 2027`, `jun 2027`, `jun-2027`, `mrt. 2026`: a Dutch month name, in full or
    /// abbreviated as the workbook writes it, then a four-digit year.
    fn parse_named(text: &str) -> Option<Month> {
        let text = text.trim().to_lowercase();
        let split = text.find(|c: char| !c.is_alphabetic())?;
        let (name, rest) = text.split_at(split);
        let year = rest.trim_start_matches(['.', ' ', '-', '/']);
        let month = nl_format::month_number(name)?;
        let year: i32 = (year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()))
            .then(|| year.parse().ok())??;
        (1900..=2200)
            .contains(&year)
            .then(|| Month::new(year, month))
    }

    /// `2025-Q2`
    pub fn quarter_label(self) -> String {
        format!("{}-Q{}", self.year(), self.quarter())
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl From<Month> for String {
    fn from(m: Month) -> String {
        m.to_string()
    }
}

impl TryFrom<String> for Month {
    type Error = String;
    fn try_from(s: String) -> Result<Month, String> {
        Month::parse(&s).ok_or_else(|| format!("geen maand (jjjj-mm): {s:?}"))
    }
}

/// Problems with a models/ file: the file and, where known, the key are named.
#[derive(Debug, thiserror::Error)]
pub enum ModelFileError {
    #[error("{file}: kan het bestand niet lezen: {reason}")]
    Io { file: String, reason: String },
    #[error("{file}: {message}")]
    Parse { file: String, message: String },
    #[error("{file}: {key}: {message}")]
    Invalid {
        file: String,
        key: String,
        message: String,
    },
    /// More than one problem in a file, each on its own line, so that a user mends them in one
    /// go ([`ModelFileError::all`]).
    #[error("{}", nl_format::error_list(&.0.iter().map(|e| e.to_string()).collect::<Vec<_>>()))]
    Several(Vec<ModelFileError>),
}

impl ModelFileError {
    pub fn invalid(file: &Path, key: impl Into<String>, message: impl Into<String>) -> Self {
        ModelFileError::Invalid {
            file: file.display().to_string(),
            key: key.into(),
            message: message.into(),
        }
    }

    /// One error for `errors` (at least one): the error itself when there is one, else
    /// [`ModelFileError::Several`], flattened.
    pub fn all(errors: Vec<ModelFileError>) -> ModelFileError {
        let mut flat = Vec::new();
        for e in errors {
            match e {
                ModelFileError::Several(inner) => flat.extend(inner),
                e => flat.push(e),
            }
        }
        if flat.len() == 1 {
            flat.remove(0)
        } else {
            ModelFileError::Several(flat)
        }
    }

    /// `self` with `f` applied to each single error (each of [`ModelFileError::Several`]).
    pub fn map_each(self, f: &dyn Fn(ModelFileError) -> ModelFileError) -> ModelFileError {
        match self {
            ModelFileError::Several(errors) => {
                ModelFileError::Several(errors.into_iter().map(|e| e.map_each(f)).collect())
            }
            e => f(e),
        }
    }
}

/// The single errors of `e`.
fn flatten(e: ModelFileError) -> Vec<ModelFileError> {
    match e {
        ModelFileError::Several(inner) => inner.into_iter().flat_map(flatten).collect(),
        e => vec![e],
    }
}

/// The keys whose values could not be read and were mended with their default.
fn mended_keys(errors: &[ModelFileError]) -> Vec<String> {
    errors
        .iter()
        .flat_map(|e| match e {
            ModelFileError::Several(inner) => mended_keys(inner),
            ModelFileError::Invalid { key, .. } => vec![key.clone()],
            _ => Vec::new(),
        })
        .collect()
}

/// Whether a check's error is about a key mended with its default: a value the user did not
/// write (helper 69: `deadline_month = "2028-13"` was said, then "2026-12 ligt vóór start_month
/// 2027-01" of the default's 2026-12).
fn about_mended(e: &ModelFileError, mended: &[String]) -> bool {
    match e {
        ModelFileError::Invalid { key, message, .. } => mended
            .iter()
            .any(|m| m == key || message.split(|c: char| c.is_whitespace()).any(|w| w == m)),
        _ => false,
    }
}

/// Reads and deserialises a whole TOML file of `models/` (on disk or embedded), naming the file
/// in every error; see [`crate::model_toml`].
pub fn load_toml<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, ModelFileError> {
    model_toml::load(path)
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    name: String,
    start_month: Month,
    deadline_month: Month,
    target_label: String,
    /// Own catalog and species calendar, relative to the scenario file; the embedded ones
    /// without.
    catalog: Option<PathBuf>,
    species: Option<PathBuf>,
    /// WWS points and CO2 factor (`models/energy.toml`); without it the built-in tables.
    #[serde(default)]
    energy: Option<PathBuf>,
    /// Whom the municipality (about the pepper-potted list) and the tenants (in their
    /// overview) contact at the corporation: name, phone, e-mail.
    #[serde(default)]
    contact: Option<String>,
    cost: CostRules,
    projects: ProjectRules,
    assumed_ep2_kwh_m2: BTreeMap<String, f64>,
    budget_eur: BTreeMap<String, f64>,
    capacity_homes_per_month: BTreeMap<String, f64>,
    #[serde(default)]
    solver: SolverSettings,
    /// Saving when an upgrade is combined with planned maintenance.
    #[serde(default)]
    maintenance: MaintenanceRules,
    /// `homes` (most homes first) or `worst_label_first`.
    #[serde(default)]
    priority: Option<String>,
    /// Budget and capacity of named corporations, for stocks of several corporations.
    #[serde(default)]
    corporations: BTreeMap<String, CorporationFile>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
struct CorporationFile {
    #[serde(default)]
    budget_eur: BTreeMap<String, f64>,
    #[serde(default)]
    capacity_homes_per_month: BTreeMap<String, f64>,
    /// Whom the municipality and the tenants contact at this corporation, where not the
    /// scenario's `contact`.
    #[serde(default)]
    contact: Option<String>,
}

/// Where a document has no contact to give: a line to fill in by hand.
pub const CONTACT_TO_FILL_IN: &str =
    "........................................................ (naam, telefoon, e-mail)";

/// A figure of the stock's `Budget` or `Capaciteit` sheet: corporation (`""` for all), year,
/// value.
pub type SheetFigure = (String, i32, f64);

/// The cells of the corporation names in the stock's `Budget` (`true`) and `Capaciteit`
/// (`false`) sheets, by name: where a misspelt name is to be corrected.
pub type SheetCells = BTreeMap<(bool, String), Vec<String>>;

/// "werkblad Budget (Budget!C3, Budget!C5)": the sheet that names a corporation, with the
/// cells where it does (helper 101: the message named no cell to correct).
fn sheet_source(cells: &SheetCells, budget: bool, corporation: &str) -> String {
    let sheet = if budget { "Budget" } else { "Capaciteit" };
    match cells.get(&(budget, corporation.to_string())) {
        Some(at) if !at.is_empty() => {
            const SHOWN: usize = 3;
            let mut shown = at[..at.len().min(SHOWN)].join(", ");
            if at.len() > SHOWN {
                shown.push_str(&format!(" en nog {}", at.len() - SHOWN));
            }
            format!("werkblad {sheet}: {shown}")
        }
        _ => format!("werkblad {sheet}"),
    }
}

/// Budget and capacity of one corporation where they differ from the scenario's defaults.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct CorporationLimits {
    pub budget_eur: BTreeMap<i32, f64>,
    pub capacity_homes_per_month: BTreeMap<i32, f64>,
    /// Its own contact for the documents, where the scenario's `contact` is not its.
    pub contact: Option<String>,
}

impl CorporationLimits {
    /// Its own budgets (`budget`) or capacities, per year.
    pub fn figures(&self, budget: bool) -> &BTreeMap<i32, f64> {
        if budget {
            &self.budget_eur
        } else {
            &self.capacity_homes_per_month
        }
    }

    fn figures_mut(&mut self, budget: bool) -> &mut BTreeMap<i32, f64> {
        if budget {
            &mut self.budget_eur
        } else {
            &mut self.capacity_homes_per_month
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CostRules {
    pub price_level_year: i32,
    pub escalation_pct_per_year: f64,
}

impl CostRules {
    /// Factor that brings a cost at the price level to `year`.
    pub fn escalation_factor(&self, year: i32) -> f64 {
        (1.0 + self.escalation_pct_per_year / 100.0).powi(year - self.price_level_year)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProjectRules {
    pub max_project_homes: usize,
    pub homes_per_month_per_project: f64,
    /// Slowest pace a project may run at when the scenario pace does not fit (homes a month);
    /// without it a project runs only at the scenario pace.
    #[serde(default)]
    pub min_homes_per_month_per_project: Option<f64>,
    pub pepper_potted_start_month: u32,
    pub permit_lead_weeks: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SolverSettings {
    pub time_limit_s: f64,
    pub mip_rel_gap: f64,
    /// Share of the time limit the tie-break "worse labels earlier" may use at most, after homes
    /// and cost are settled.
    #[serde(default = "default_order_time_share")]
    pub order_time_share: f64,
}

fn default_order_time_share() -> f64 {
    0.25
}

impl Default for SolverSettings {
    fn default() -> Self {
        SolverSettings {
            time_limit_s: 60.0,
            mip_rel_gap: 0.0,
            order_time_share: default_order_time_share(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct SpeciesFile {
    species: Vec<SpeciesSeason>,
}

/// Survey season and open start months of one protected species.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SpeciesSeason {
    pub name: String,
    /// `MM-DD`
    pub survey_start: String,
    /// `MM-DD`
    pub survey_end: String,
    pub open_start_months: Vec<u32>,
}

impl SpeciesSeason {
    fn month_day(text: &str) -> Option<(u32, u32)> {
        let (m, d) = text.split_once('-')?;
        let (m, d) = (m.parse().ok()?, d.parse().ok()?);
        NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
    }

    /// The end of the first survey season that starts on or after `from`.
    pub fn first_survey_end_after(&self, from: NaiveDate) -> NaiveDate {
        let (sm, sd) = Self::month_day(&self.survey_start).unwrap_or((1, 1));
        let (em, ed) = Self::month_day(&self.survey_end).unwrap_or((12, 31));
        let mut year = from.year();
        loop {
            let start = NaiveDate::from_ymd_opt(year, sm, sd).unwrap_or(from);
            if start >= from {
                let end_year = if (em, ed) < (sm, sd) { year + 1 } else { year };
                return NaiveDate::from_ymd_opt(end_year, em, ed).unwrap_or(start);
            }
            year += 1;
        }
    }

    pub fn is_open(&self, month: Month) -> bool {
        self.open_start_months.contains(&month.month())
    }
}

/// What the plan puts first when not every project fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub enum Priority {
    /// Most homes, then lowest cost, then worse labels earlier (`homes`).
    #[default]
    Homes,
    /// Most G homes, then most F homes, then most E homes, then lowest cost, then worse labels
    /// earlier (`worst_label_first`).
    WorstLabelFirst,
}

impl Priority {
    /// The key's values in the scenario file.
    pub const KEYS: [&'static str; 2] = ["homes", "worst_label_first"];

    /// Its key, or its Dutch words as `Vergelijking` says them (`meeste woningen`, `slechtste
    /// label eerst`), which a `Scenario's` sheet may hold.
    pub fn parse(key: &str) -> Option<Priority> {
        match key.trim().to_lowercase().as_str() {
            "homes" | "meeste woningen" => Some(Priority::Homes),
            "worst_label_first" | "slechtste label eerst" => Some(Priority::WorstLabelFirst),
            _ => None,
        }
    }

    /// The rule in a few words, where a line names it beside others (`Vergelijking`).
    pub fn short_dutch(self) -> &'static str {
        match self {
            Priority::Homes => "meeste woningen",
            Priority::WorstLabelFirst => "slechtste label eerst",
        }
    }

    /// The rule in the plan's words, with the setting that chose it last (helper 69 read
    /// "meeste woningen (homes)" as English in the text).
    pub fn dutch(self) -> &'static str {
        match self {
            Priority::Homes => {
                "meeste woningen, dan laagste kosten, dan slechtere labels eerder (priority = \"homes\")"
            }
            Priority::WorstLabelFirst => {
                "slechtste label eerst: meeste G-woningen, dan F, dan E, dan laagste kosten (priority = \"worst_label_first\")"
            }
        }
    }
}

/// A checked scenario with its catalog and species calendar.
#[derive(Debug, Clone, Serialize)]
pub struct Scenario {
    pub name: String,
    pub file: PathBuf,
    pub start_month: Month,
    pub deadline_month: Month,
    pub target_label: Label,
    pub cost: CostRules,
    pub projects: ProjectRules,
    pub assumed_ep2_kwh_m2: BTreeMap<Label, f64>,
    /// Budget per year of the stock (or of each corporation without limits of its own).
    pub budget_eur: BTreeMap<i32, f64>,
    pub capacity_homes_per_month: BTreeMap<i32, f64>,
    /// Per corporation, the years where its budget or capacity differs from the defaults.
    pub corporations: BTreeMap<String, CorporationLimits>,
    /// Where the budget and capacity came from: the scenario file or the stock's sheets.
    pub budget_source: String,
    pub capacity_source: String,
    /// Years of the horizon whose budget or capacity the stock's sheets leave to the scenario
    /// while naming others: said in the plan, since a forgotten year would otherwise take the
    /// scenario's (example) figure unnoticed.
    pub source_notes: Vec<String>,
    /// (corporation, year) of the budgets and capacities the scenario file (with its bases)
    /// sets to a figure other than the default's: these win over the stock's
    /// `Budget`/`Capaciteit` sheets. The corporation is empty for the scenario's own tables.
    pub explicit_budget_years: std::collections::BTreeSet<(String, i32)>,
    pub explicit_capacity_years: std::collections::BTreeSet<(String, i32)>,
    /// The corporations' own figures that came from a stock's sheet, per (corporation, year),
    /// with the sheet (`werkblad Budget van bezit.xlsx`); their other own figures are the
    /// scenario file's ([`Scenario::corporation_figure_source`]).
    #[serde(skip)]
    pub corporation_sheet_budgets: BTreeMap<(String, i32), String>,
    #[serde(skip)]
    pub corporation_sheet_capacities: BTreeMap<(String, i32), String>,
    /// The years for which a stock's sheet gives the general budget or capacity (a row
    /// without corporation): figures of the user's, not of the default.
    #[serde(skip)]
    pub sheet_general_budget_years: std::collections::BTreeSet<i32>,
    #[serde(skip)]
    pub sheet_general_capacity_years: std::collections::BTreeSet<i32>,
    /// The years for which the scenario file (or its base) names the general budget or
    /// capacity, also where it equals the default's.
    #[serde(skip)]
    pub named_general_budget_years: std::collections::BTreeSet<i32>,
    #[serde(skip)]
    pub named_general_capacity_years: std::collections::BTreeSet<i32>,
    /// Whether own budgets (`[0]`) or capacities (`[1]`) were given for a corporation the stock
    /// lacks (dropped, most likely a misspelt name): own figures were meant all the same.
    #[serde(skip)]
    pub unknown_corporation_figures: [bool; 2],
    /// The scenario file builds on a `base`.
    #[serde(skip)]
    pub has_base: bool,
    /// Per key (`budget_eur.2025`) of a `Scenario's` column laid over a base, what gives it:
    /// `scenario bezit.xlsx#Scenario's!C` for the column's own cell, `basis 'Basis' in
    /// bezit.xlsx#Scenario's!B` for a base column's, `basis b.toml` for a base file's
    /// (src/scenario_sheet.rs). Empty otherwise: a file's chain is read where asked.
    #[serde(skip)]
    pub key_sources: BTreeMap<String, String>,
    pub solver: SolverSettings,
    /// What the plan puts first (`priority`).
    pub priority: Priority,
    /// Saving when combined with planned maintenance (`[maintenance]`).
    pub maintenance: MaintenanceRules,
    /// The municipality's heat plan per wijk, from the stock's sheet `Wijken` (empty without).
    pub heat_plan: HeatPlan,
    pub species: Vec<SpeciesSeason>,
    pub catalog: Catalog,
    /// WWS energy points and CO2 factor, for the tenants' overview and the CO2 figures.
    pub energy: EnergyTables,
    /// The files the catalog and species calendar were read from.
    #[serde(skip)]
    pub model_files: ModelFiles,
    /// Contact for the municipality's list and the tenants' overview; none gives a line to fill
    /// in by hand. A corporation may have its own ([`Scenario::contact_of`]).
    pub contact: Option<String>,
    /// Budget and capacity already taken by pinned projects of a re-plan
    /// ([`crate::replan`]); empty for an ordinary plan.
    #[serde(skip)]
    pub committed: Committed,
}

/// Where a scenario's catalog and species calendar come from: the files as read
/// (`<ingebouwd>/catalog.toml` for a built-in one), for `Aannames` (the energy tables keep their
/// own, `EnergyTables::file`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModelFiles {
    pub catalog: PathBuf,
    pub species: PathBuf,
}

/// Cost per (corporation, year) and homes in progress per (corporation, month) of projects that
/// are fixed before the solve (done, running or contracted in a re-plan).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Committed {
    pub cost_eur: BTreeMap<(String, i32), f64>,
    pub load: BTreeMap<(String, Month), f64>,
}

impl Scenario {
    /// The default scenario, `models/scenario.toml` as embedded in the program
    /// (`<ingebouwd>/scenario.toml`); [`Scenario::load`] reads it from the program itself.
    pub fn default_path() -> PathBuf {
        embedded::path(embedded::SCENARIO_NAME)
    }

    /// The embedded default scenario with the embedded catalog and species calendar.
    pub fn load_default() -> Result<Scenario, ModelFileError> {
        Scenario::load(&Scenario::default_path())
    }

    /// Loads a scenario file. The file may name only what it changes: it is merged over the
    /// embedded default, table by table, before it is checked. The catalog and species calendar
    /// are the embedded ones unless the file names its own (relative to the file).
    ///
    /// A file may name another as its `base` (relative to the file): it is then laid over that
    /// file (which may name its own base), and the whole over the default (a scenario variant).
    pub fn load(path: &Path) -> Result<Scenario, ModelFileError> {
        if embedded::is_embedded(path) {
            return Scenario::from_layer(toml::Table::new(), path);
        }
        // Whether the file builds on a base: then its budget and capacity years may come from
        // that base, and the plan says so.
        let file_itself = model_toml::parse_table(&model_toml::read_text(path)?, path)?;
        let dir = path.parent().unwrap_or(Path::new("."));
        let has_base = file_itself.get(crate::variants::BASE_KEY).is_some_and(|b| {
            !b.as_str()
                .is_some_and(|b| embedded::names_default_scenario(b, dir))
        });
        let mut own = crate::variants::layered_table(path)?;
        // A variant without a name of its own is called after its file, not after the default
        // or its base (whose name would then be on a plan it does not describe, and two columns
        // of a comparison would carry one name).
        if !file_itself.contains_key("name") {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            own.insert("name".into(), toml::Value::String(stem));
        }
        // A key of a base is checked with the variant: an error names the file of the chain
        // that sets the key, else the variant "met zijn basis" (a key the default sets, or an
        // error that follows from another).
        let variant_file = path.display().to_string();
        let with_base = |e: ModelFileError| match e {
            ModelFileError::Invalid { file, key, message } if has_base && file == variant_file => {
                ModelFileError::Invalid {
                    file: crate::variants::file_setting(path, &key).map_or_else(
                        || format!("{file} (met zijn basis)"),
                        |f| f.display().to_string(),
                    ),
                    key,
                    message,
                }
            }
            ModelFileError::Io { file, reason } if has_base => ModelFileError::Io {
                file,
                reason: reason.replace(
                    &format!(" in {})", path.display()),
                    &format!(" in {} met zijn basis)", path.display()),
                ),
            },
            other => other,
        };
        let mut scenario = Scenario::from_layer(own, path).map_err(|e| e.map_each(&with_base))?;
        if has_base {
            scenario.mark_based();
        }
        Ok(scenario)
    }

    /// The files of a variant's chain that give `key`'s `years` (`budget_eur`), each with its
    /// years: `scenario x.toml` for its own, `basis b.toml` for its base's (helper 104: "komt
    /// uit scenario x.toml met zijn basis" where x.toml named the year itself); a `Scenario's`
    /// column laid over a base, by its [`Scenario::key_sources`]. Another scenario not read
    /// from a file of its own (a column without base, the default) gives `label`.
    fn files_of_years(&self, key: &str, years: &[i32], label: &str) -> Vec<(String, Vec<i32>)> {
        if !self.key_sources.is_empty() {
            return group_years(years.iter().copied(), |y| {
                self.key_sources
                    .get(&format!("{key}.{y}"))
                    .map_or_else(|| label.to_string(), Clone::clone)
            });
        }
        if !(self.has_base && self.is_own_toml_file()) {
            return vec![(label.to_string(), years.to_vec())];
        }
        group_years(
            years.iter().copied(),
            |y| match crate::variants::file_setting(&self.file, &format!("{key}.{y}")) {
                Some(f) if f == self.file => format!("scenario {}", f.display()),
                Some(f) => format!(
                    "basis {} (van scenario {})",
                    f.display(),
                    self.file.display()
                ),
                None => label.to_string(),
            },
        )
    }

    /// Read from a scenario file of the user's (not the built-in one, not a `Scenario's`
    /// column): which file of its chain sets a key can be told ([`crate::variants::file_setting`]).
    fn is_own_toml_file(&self) -> bool {
        self.file.is_file()
            && !crate::embedded::is_embedded(&self.file)
            && self
                .file
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    }

    /// Marks a scenario laid over a `base`: its sources then say `scenario x.toml met zijn
    /// basis`, since its budget and capacity years may come from that base.
    ///
    /// Where each of its own years can be told (a file of the user's, whose chain is read, or a
    /// `Scenario's` column with [`Scenario::key_sources`]), the sources name per year the file
    /// or column that gives it instead: `scenario x.toml (2026) en basis b.toml (2025)` (helper
    /// 108: `met zijn basis` where the column named the year itself).
    pub fn mark_based(&mut self) {
        self.has_base = true;
        let file = format!("scenario {}", self.file.display());
        let with_base = format!("{file} met zijn basis");
        let told = self.is_own_toml_file() || !self.key_sources.is_empty();
        let horizon = self.start_month.year()..=self.deadline_month.year();
        for key in ["budget_eur", "capacity_homes_per_month"] {
            let explicit = if key == "budget_eur" {
                &self.explicit_budget_years
            } else {
                &self.explicit_capacity_years
            };
            let told_source = told.then(|| {
                file_source(
                    &self.file.display().to_string(),
                    false,
                    horizon.clone(),
                    explicit,
                    |y| self.year_source(key, y),
                )
            });
            let source = if key == "budget_eur" {
                &mut self.budget_source
            } else {
                &mut self.capacity_source
            };
            match told_source {
                Some(told) => *source = told,
                None if !source.contains(&with_base) => *source = source.replace(&file, &with_base),
                None => {}
            }
        }
    }

    /// What gives a based scenario's `key` (`budget_eur`) of `year`: its own file or column
    /// (`scenario x.toml`), a base file (`basis b.toml`) or a base column, as far as it can be
    /// told; else the scenario with its base.
    fn year_source(&self, key: &str, year: i32) -> String {
        let full = format!("{key}.{year}");
        if let Some(source) = self.key_sources.get(&full) {
            return source.clone();
        }
        match self
            .is_own_toml_file()
            .then(|| crate::variants::file_setting(&self.file, &full))
            .flatten()
        {
            Some(f) if f == self.file => format!("scenario {}", f.display()),
            Some(f) => format!("basis {}", f.display()),
            None => self.file_label(),
        }
    }

    /// The scenario of `over` (what a file or a column of sheet `Scenario's` names) laid over
    /// the embedded default, checked key by key; errors name `path`. The budget and capacity
    /// years where `over` changes the default's figure are the scenario's own: they win over
    /// the stock's `Budget`/`Capaciteit` sheets ([`crate::variants::explicit_years`]).
    pub fn from_layer(over: toml::Table, path: &Path) -> Result<Scenario, ModelFileError> {
        let default_path = Scenario::default_path();
        let mut table = model_toml::parse_table(embedded::SCENARIO_TOML, &default_path)?;
        let explicit = crate::variants::explicit_years(&over, &table);
        let defaults = table.clone();
        model_toml::merge_tables(&mut table, over);
        // Every error of the file at once: a key that cannot be read is mended with its
        // default (or left out) to find the next, and the mended file is checked further.
        let (file, mut errors) =
            model_toml::from_table_mending::<ScenarioFile>(&table, &defaults, path);
        let Some(file) = file else {
            return Err(ModelFileError::all(errors));
        };
        match Scenario::from_file(file, path, explicit) {
            Ok(scenario) if errors.is_empty() => Ok(scenario),
            Ok(_) => Err(ModelFileError::all(errors)),
            Err(e) => {
                let mended = mended_keys(&errors);
                errors.extend(flatten(e).into_iter().filter(|e| !about_mended(e, &mended)));
                Err(ModelFileError::all(errors))
            }
        }
    }

    /// The checks and the model files of a scenario file read whole: its table merged over
    /// the default and deserialised. `explicit` are the years the file (or its base) names.
    fn from_file(
        file: ScenarioFile,
        path: &Path,
        explicit: crate::variants::ExplicitYears,
    ) -> Result<Scenario, ModelFileError> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let model_file = |own: &Option<PathBuf>, name: &str| match own {
            Some(p) => dir.join(p),
            None => embedded::path(name),
        };
        // A catalog or species file the scenario names but that cannot be read: say where it
        // was named.
        let named_in = |key: &'static str| {
            let scenario = path.display().to_string();
            move |e: ModelFileError| match e {
                ModelFileError::Io { file, reason } => ModelFileError::Io {
                    file,
                    reason: format!("{reason} (genoemd als {key} in {scenario})"),
                },
                other => other,
            }
        };
        let bad = |key: &str, message: String| ModelFileError::invalid(path, key, message);
        // Every problem is collected, so that the user mends them in one go; where a value is
        // wrong, a stand-in lets the checks after it go on (the scenario is not used then).
        let mut errors: Vec<ModelFileError> = Vec::new();

        let target_label = Label::parse(&file.target_label).unwrap_or_else(|| {
            errors.push(bad(
                "target_label",
                format!("onbekend label {:?}", file.target_label),
            ));
            Label::B
        });
        // A target of E, F or G would plan work on homes that stay E, F or G, or none at all.
        if target_label.is_efg() {
            errors.push(bad(
                "target_label",
                format!(
                    "doellabel {target_label} is zelf E, F of G: het plan moet woningen van E, F en G af helpen (in principe naar A of B); kies D of beter"
                ),
            ));
        }
        if file.deadline_month < file.start_month {
            // Either may come from the default scenario: say both values, so that a file that
            // names only one sees the other.
            errors.push(bad(
                "deadline_month",
                format!(
                    "{} ligt vóór start_month {}; noem in het scenario een deadline_month vanaf {}",
                    file.deadline_month, file.start_month, file.start_month
                ),
            ));
        } else if file.deadline_month.since(file.start_month) > 12 * 30 {
            errors.push(bad("deadline_month", "horizon langer dan 30 jaar".into()));
        }
        let p = &file.projects;
        if p.max_project_homes == 0 {
            errors.push(bad(
                "projects.max_project_homes",
                "moet minstens 1 zijn".into(),
            ));
        }
        // The pace's range (also 0 and NaN) is checked with the scenario's (`check_ranges`):
        // checked here too, one mistake was said twice with two ranges (helper 52).
        if !(1..=12).contains(&p.pepper_potted_start_month) {
            errors.push(bad(
                "projects.pepper_potted_start_month",
                "moet 1 tot en met 12 zijn".into(),
            ));
        }
        if !(file.cost.escalation_pct_per_year > -50.0 && file.cost.escalation_pct_per_year < 100.0)
        {
            errors.push(bad(
                "cost.escalation_pct_per_year",
                format!(
                    "moet groter dan -50 en kleiner dan 100 zijn, niet {}",
                    nl_format::given(file.cost.escalation_pct_per_year)
                ),
            ));
        }
        // The solver's settings are checked key by key in check_ranges below.
        if let Err((key, message)) = file.maintenance.check() {
            errors.push(bad(key, message));
        }
        let priority = match &file.priority {
            None => Priority::Homes,
            Some(key) => Priority::parse(key).unwrap_or_else(|| {
                errors.push(bad(
                    "priority",
                    format!(
                        "onbekende waarde {key:?}; kies {} (in een blad Scenario's mag ook \"meeste woningen\" of \"slechtste label eerst\")",
                        Priority::KEYS.map(|k| format!("\"{k}\"")).join(" of ")
                    ),
                ));
                Priority::Homes
            }),
        };
        let mut assumed = BTreeMap::new();
        for (k, v) in &file.assumed_ep2_kwh_m2 {
            match Label::parse(k) {
                None => errors.push(bad(
                    &format!("assumed_ep2_kwh_m2.{k}"),
                    "onbekend label".into(),
                )),
                Some(_) if !v.is_finite() => {
                    errors.push(bad(&format!("assumed_ep2_kwh_m2.{k}"), "geen getal".into()))
                }
                // The EP2 assumed for a label must be one of that label (NTA 8800's bands).
                Some(label) if *v >= 0.0 && Label::from_ep2(*v) != label => errors.push(bad(
                    &format!("assumed_ep2_kwh_m2.{k}"),
                    format!(
                        "{} kWh/m² hoort bij label {}, niet bij {label}",
                        nl_format::given(*v),
                        Label::from_ep2(*v)
                    ),
                )),
                Some(label) => {
                    assumed.insert(label, *v);
                }
            }
        }
        for label in Label::ALL {
            if !assumed.contains_key(&label)
                && !file
                    .assumed_ep2_kwh_m2
                    .keys()
                    .any(|k| Label::parse(k) == Some(label))
            {
                errors.push(bad(
                    "assumed_ep2_kwh_m2",
                    format!("label {label} ontbreekt"),
                ));
            }
        }

        let budget_eur = year_table(path, "budget_eur", &file.budget_eur, &mut errors);
        let capacity = year_table(
            path,
            "capacity_homes_per_month",
            &file.capacity_homes_per_month,
            &mut errors,
        );

        let species_path = model_file(&file.species, embedded::SPECIES_NAME);
        let species = match load_toml::<SpeciesFile>(&species_path) {
            Ok(species_file) => {
                for (i, s) in species_file.species.iter().enumerate() {
                    // Named by its species too, as a serde error on it is.
                    let key = |k: &str| format!("species[{i}] ({}).{k}", s.name);
                    for (k, v) in [
                        ("survey_start", &s.survey_start),
                        ("survey_end", &s.survey_end),
                    ] {
                        if SpeciesSeason::month_day(v).is_none() {
                            errors.push(ModelFileError::invalid(
                                &species_path,
                                key(k),
                                format!("'{v}' is geen datum als MM-DD (bijvoorbeeld \"07-15\")"),
                            ));
                        }
                    }
                    let wrong: Vec<String> = s
                        .open_start_months
                        .iter()
                        .filter(|m| !(1..=12).contains(*m))
                        .map(|m| m.to_string())
                        .collect();
                    if !wrong.is_empty() {
                        errors.push(ModelFileError::invalid(
                            &species_path,
                            key("open_start_months"),
                            format!(
                                "{} is geen maand; maanden zijn 1 tot en met 12",
                                wrong.join(", ")
                            ),
                        ));
                    }
                }
                species_file.species
            }
            Err(e) => {
                errors.push(named_in("species")(e));
                Vec::new()
            }
        };
        let catalog_path = model_file(&file.catalog, embedded::CATALOG_NAME);
        let catalog = Catalog::load(&catalog_path).map_err(named_in("catalog"));
        let energy = match &file.energy {
            Some(p) => EnergyTables::load(&dir.join(p)).map_err(named_in("energy")),
            None => EnergyTables::built_in(),
        };
        let model_files = ModelFiles {
            catalog: catalog_path,
            species: species_path,
        };
        let mut corporations = BTreeMap::new();
        for (name, c) in &file.corporations {
            // A table without a name would stand for no corporation (the general figures are
            // the file's own tables).
            if name.trim().is_empty() {
                errors.push(bad(
                    "corporations",
                    format!("een tabel [corporations.{name:?}] zonder naam; noem de corporatie zoals in de kolom corporatie van het bezit, of zet algemene cijfers in [budget_eur] en [capacity_homes_per_month]"),
                ));
                continue;
            }
            let key = |k: &str| corporation_key(name, k);
            corporations.insert(
                name.clone(),
                CorporationLimits {
                    budget_eur: year_table(path, &key("budget_eur"), &c.budget_eur, &mut errors),
                    capacity_homes_per_month: year_table(
                        path,
                        &key("capacity_homes_per_month"),
                        &c.capacity_homes_per_month,
                        &mut errors,
                    ),
                    contact: c.contact.clone().filter(|c| !c.trim().is_empty()),
                },
            );
        }
        // A catalog or energy table that cannot be read is said; the built-in one stands in, so
        // that the scenario's own checks below still say theirs.
        let catalog = match catalog {
            Ok(catalog) => Some(catalog),
            Err(e) => {
                errors.push(e);
                Catalog::load(&embedded::path(embedded::CATALOG_NAME)).ok()
            }
        };
        let energy = match energy {
            Ok(energy) => Some(energy),
            Err(e) => {
                errors.push(e);
                EnergyTables::built_in().ok()
            }
        };
        let (Some(catalog), Some(energy)) = (catalog, energy) else {
            return Err(ModelFileError::all(errors));
        };

        let file_name = path.display().to_string();
        let horizon = file.start_month.year()..=file.deadline_month.year();
        let source = |explicit: &std::collections::BTreeSet<(String, i32)>| {
            file_source(
                &file_name,
                embedded::is_embedded(path),
                horizon.clone(),
                explicit,
                |_| format!("scenario {file_name}"),
            )
        };
        let (budget_source, capacity_source) =
            (source(&explicit.budget), source(&explicit.capacity));
        let scenario = Scenario {
            name: file.name,
            file: path.to_path_buf(),
            start_month: file.start_month,
            deadline_month: file.deadline_month,
            target_label,
            cost: file.cost,
            projects: file.projects,
            assumed_ep2_kwh_m2: assumed,
            budget_eur,
            capacity_homes_per_month: capacity,
            corporations,
            budget_source,
            capacity_source,
            explicit_budget_years: explicit.budget,
            explicit_capacity_years: explicit.capacity,
            named_general_budget_years: explicit.named_budget,
            named_general_capacity_years: explicit.named_capacity,
            unknown_corporation_figures: [false; 2],
            corporation_sheet_budgets: BTreeMap::new(),
            corporation_sheet_capacities: BTreeMap::new(),
            sheet_general_budget_years: Default::default(),
            sheet_general_capacity_years: Default::default(),
            has_base: false,
            key_sources: BTreeMap::new(),
            source_notes: Vec::new(),
            solver: file.solver,
            priority,
            maintenance: file.maintenance,
            heat_plan: HeatPlan::default(),
            species,
            catalog,
            energy,
            model_files,
            contact: file.contact.filter(|c| !c.trim().is_empty()),
            committed: Committed::default(),
        };
        errors.extend(scenario.check_ranges().err());
        if errors.is_empty() {
            Ok(scenario)
        } else {
            Err(ModelFileError::all(errors))
        }
    }

    /// Months of the horizon, start to deadline inclusive.
    pub fn months(&self) -> impl Iterator<Item = Month> + '_ {
        (0..=self.deadline_month.since(self.start_month)).map(|i| self.start_month.plus(i))
    }

    pub fn years(&self) -> std::ops::RangeInclusive<i32> {
        self.start_month.year()..=self.deadline_month.year()
    }

    /// Budget of a corporation in a year: its own figure, else the scenario's; a year neither
    /// names has none. The corporation is empty for a stock of one corporation.
    /// Whom to contact at `corporation`: its own `contact` (`[corporations."NAAM"]`), else
    /// the scenario's.
    pub fn contact_of(&self, corporation: &str) -> Option<&str> {
        self.corporations
            .get(corporation)
            .and_then(|c| c.contact.as_deref())
            .or(self.contact.as_deref())
    }

    /// Whom to contact about a document of these corporations' homes: the one contact they
    /// share, or each corporation's own after its name ("A: …; B: …", a line to fill in for
    /// one without); `None` when none has any (the document then gives a line to fill in).
    pub fn contacts_text(&self, corporations: &[&str]) -> Option<String> {
        let mut names: Vec<&str> = corporations.to_vec();
        names.sort_unstable();
        names.dedup();
        let contacts: Vec<Option<&str>> = names.iter().map(|c| self.contact_of(c)).collect();
        if contacts.windows(2).all(|w| w[0] == w[1]) {
            return contacts.first().copied().flatten().map(str::to_string);
        }
        Some(
            names
                .iter()
                .zip(contacts)
                .map(|(name, contact)| format!("{name}: {}", contact.unwrap_or(CONTACT_TO_FILL_IN)))
                .collect::<Vec<_>>()
                .join("; "),
        )
    }

    pub fn budget(&self, corporation: &str, year: i32) -> f64 {
        self.corporations
            .get(corporation)
            .and_then(|c| c.budget_eur.get(&year))
            .or_else(|| self.budget_eur.get(&year))
            .copied()
            .unwrap_or(0.0)
    }

    /// Capacity (homes in progress) of a corporation in a month, like [`Scenario::budget`].
    pub fn capacity(&self, corporation: &str, month: Month) -> f64 {
        let year = month.year();
        self.corporations
            .get(corporation)
            .and_then(|c| c.capacity_homes_per_month.get(&year))
            .or_else(|| self.capacity_homes_per_month.get(&year))
            .copied()
            .unwrap_or(0.0)
    }

    /// The budget left for the solve: [`Scenario::budget`] less what pinned projects take
    /// ([`Scenario::committed`]), never below zero.
    pub fn budget_free(&self, corporation: &str, year: i32) -> f64 {
        let taken = self
            .committed
            .cost_eur
            .get(&(corporation.to_string(), year))
            .copied()
            .unwrap_or(0.0);
        (self.budget(corporation, year) - taken).max(0.0)
    }

    /// The capacity left for the solve, like [`Scenario::budget_free`].
    pub fn capacity_free(&self, corporation: &str, month: Month) -> f64 {
        let taken = self
            .committed
            .load
            .get(&(corporation.to_string(), month))
            .copied()
            .unwrap_or(0.0);
        (self.capacity(corporation, month) - taken).max(0.0)
    }

    pub fn species_season(&self, name: &str) -> Option<&SpeciesSeason> {
        self.species.iter().find(|s| s.name == name)
    }

    /// Says which budget and capacity years, named by the scenario file itself or by the stock's
    /// `Budget`/`Capaciteit` sheets (`sheet_source`), lie after the deadline's year (after
    /// [`Scenario::drop_unknown_corporations`], which says the corporations the stock lacks
    /// apart): the plan does
    /// not use them, and a figure for 2027 beside a deadline in 2026 more likely means a deadline
    /// left unmoved than a figure meant to be ignored. (Years before the start are the past: a
    /// scenario written by `retrofit scenario` and moved to a later start keeps them, unused.)
    pub fn note_years_after_deadline(
        &mut self,
        sheet_budgets: &[SheetFigure],
        sheet_capacities: &[SheetFigure],
        sheet_source: &str,
    ) {
        let last = self.deadline_month.year();
        let mut notes = Vec::new();
        // Per corporation (`""`: the general table), the years after the deadline.
        let mut say = |what: &str, figures: &mut dyn Iterator<Item = (&str, i32)>, source: &str| {
            let mut by_corporation: BTreeMap<&str, std::collections::BTreeSet<i32>> =
                BTreeMap::new();
            for (corporation, year) in figures {
                if year > last {
                    by_corporation.entry(corporation).or_default().insert(year);
                }
            }
            for (corporation, years) in by_corporation {
                let those = if years.len() == 1 {
                    "dat jaar mee moet"
                } else {
                    "die jaren mee moeten"
                };
                let whose = if corporation.is_empty() {
                    String::new()
                } else {
                    format!(" van corporatie '{corporation}'")
                };
                notes.push(format!(
                    "{what}{whose} voor {} ({source}) telt niet mee: de horizon loopt tot en met {} (deadline_month); verschuif de deadline als {those} tellen",
                    year_list(&years),
                    self.deadline_month
                ));
            }
        };
        let from_file = self.file_label();
        say(
            "het budget",
            &mut self
                .explicit_budget_years
                .iter()
                .map(|(c, y)| (c.as_str(), *y)),
            &from_file,
        );
        say(
            "de capaciteit",
            &mut self
                .explicit_capacity_years
                .iter()
                .map(|(c, y)| (c.as_str(), *y)),
            &from_file,
        );
        say(
            "het budget",
            &mut sheet_budgets.iter().map(|f| (f.0.as_str(), f.1)),
            &format!("werkblad Budget van {sheet_source}"),
        );
        say(
            "de capaciteit",
            &mut sheet_capacities.iter().map(|f| (f.0.as_str(), f.1)),
            &format!("werkblad Capaciteit van {sheet_source}"),
        );
        self.source_notes.extend(notes);
    }

    /// The scenario file as a source of figures: `scenario x.toml`, or `scenario x.toml met
    /// zijn basis` for a variant on a base.
    pub fn file_label(&self) -> String {
        if self.has_base {
            format!("scenario {} met zijn basis", self.file.display())
        } else {
            format!("scenario {}", self.file.display())
        }
    }

    /// Where corporation `name`'s budget (`budget`) or capacity of `year` comes from: its own
    /// figure's sheet or scenario file, or the general figure (the table of all corporations).
    pub fn corporation_figure_source(&self, name: &str, year: i32, budget: bool) -> String {
        let own = self
            .corporations
            .get(name)
            .is_some_and(|c| c.figures(budget).contains_key(&year));
        let sheets = if budget {
            &self.corporation_sheet_budgets
        } else {
            &self.corporation_sheet_capacities
        };
        match (own, sheets.get(&(name.to_string(), year))) {
            (false, _) if budget => "algemeen budget".to_string(),
            (false, _) => "algemene capaciteit".to_string(),
            (true, Some(sheet)) => sheet.clone(),
            (true, None) => self.file_label(),
        }
    }

    /// Corporation `name`'s own budget (`budget`) or capacity years for which `keep` holds, per
    /// source ([`Scenario::corporation_figure_source`]), in ascending order.
    fn own_figure_sources(
        &self,
        name: &str,
        budget: bool,
        keep: impl Fn(i32) -> bool,
    ) -> BTreeMap<String, Vec<i32>> {
        let mut by_source: BTreeMap<String, Vec<i32>> = BTreeMap::new();
        let own = self.corporations.get(name);
        for &y in own.iter().flat_map(|c| c.figures(budget).keys()) {
            if keep(y) {
                by_source
                    .entry(self.corporation_figure_source(name, y, budget))
                    .or_default()
                    .push(y);
            }
        }
        by_source
    }

    /// Where the corporations' own budgets (`budget`) or capacities of the horizon come from,
    /// per source: `werkblad Budget van bezit.xlsx: Woonstichting 1 (2024, 2025); scenario
    /// c.toml: Woonstichting 3 (2025)`; none without own figures.
    pub fn corporation_sources_text(&self, budget: bool) -> Option<String> {
        let horizon: Vec<i32> = self.years().collect();
        let mut by_source: BTreeMap<String, BTreeMap<&str, Vec<i32>>> = BTreeMap::new();
        for name in self.corporations.keys() {
            for (source, years) in self.own_figure_sources(name, budget, |y| horizon.contains(&y)) {
                by_source
                    .entry(source)
                    .or_default()
                    .insert(name.as_str(), years);
            }
        }
        (!by_source.is_empty()).then(|| {
            by_source
                .iter()
                .map(|(source, corporations)| {
                    let list: Vec<String> = corporations
                        .iter()
                        .map(|(c, years)| format!("{c} ({})", year_list(years)))
                        .collect();
                    format!("{source}: {}", list.join(", "))
                })
                .collect::<Vec<_>>()
                .join("; ")
        })
    }

    /// Where the general budget (`budget`) or capacity came from, for a plan of `corporations`
    /// (`""` for a stock of one): the source, or that no corporation plans with it because each
    /// has its own figure for every year of the horizon (helper 82: "herkomst budget:
    /// standaardscenario" where every figure came from the stock's sheet, per corporation).
    pub fn general_source_text(&self, budget: bool, corporations: &[&str]) -> String {
        if self.general_figures_unused(budget, corporations) {
            format!(
                "niet gebruikt: elke corporatie heeft voor elk jaar van de planperiode een eigen {}",
                if budget { "budget" } else { "capaciteit" }
            )
        } else if budget {
            self.budget_source.clone()
        } else {
            self.capacity_source.clone()
        }
    }

    /// Whether each of `corporations` (at least one) has its own budget (`budget`) or capacity
    /// for every year of the horizon, so that none plans with the general figure.
    pub fn general_figures_unused(&self, budget: bool, corporations: &[&str]) -> bool {
        self.years()
            .all(|y| self.general_figure_unused(budget, y, corporations))
    }

    /// Whether each of `corporations` (at least one) has its own budget (`budget`) or capacity
    /// for `year`, so that none plans that year with the general figure.
    pub fn general_figure_unused(&self, budget: bool, year: i32, corporations: &[&str]) -> bool {
        !corporations.is_empty()
            && corporations.iter().all(|c| {
                self.corporations
                    .get(*c)
                    .is_some_and(|own| own.figures(budget).contains_key(&year))
            })
    }

    /// The general budget (`budget`) or capacity of `years`, each as `2027: € 3.000.000` or
    /// `2027: 6 woningen per maand`; a year without a general figure is left out.
    pub fn general_figures(&self, budget: bool, years: impl Iterator<Item = i32>) -> Vec<String> {
        let table = if budget {
            &self.budget_eur
        } else {
            &self.capacity_homes_per_month
        };
        years
            .filter_map(|y| table.get(&y).map(|&v| (y, v)))
            .map(|(y, v)| {
                let shown = if budget {
                    nl_format::euro(v)
                } else {
                    nl_format::per_month(v)
                };
                format!("{y}: {shown}")
            })
            .collect()
    }

    /// Says, for each corporation with figures of its own for some years of the horizon but not
    /// all, that it plans the other years with the general figure: most likely a year left out.
    pub fn note_partial_corporation_years(&mut self) {
        let horizon: Vec<i32> = self.years().collect();
        let mut notes = Vec::new();
        for (name, own) in &self.corporations {
            for (what, general, budget) in [
                ("budget", "het algemene budget", true),
                ("capaciteit", "de algemene capaciteit", false),
            ] {
                let has: Vec<i32> = own
                    .figures(budget)
                    .keys()
                    .copied()
                    .filter(|y| horizon.contains(y))
                    .collect();
                let lacks: Vec<i32> = horizon
                    .iter()
                    .copied()
                    .filter(|y| !has.contains(y))
                    .collect();
                // Figures of its own only outside the horizon (helper 86: a `Budget` sheet of
                // 2024 and 2025 beside a horizon of 2027-2028 left three corporations on the
                // general € 3,000,000 each, without a word).
                let outside: Vec<i32> = own
                    .figures(budget)
                    .keys()
                    .copied()
                    .filter(|y| !horizon.contains(y))
                    .collect();
                if lacks.is_empty() || (has.is_empty() && outside.is_empty()) {
                    continue;
                }
                // The figure it plans with, and that it is whole, not a share (helper 83: two
                // corporations each spent nearly the general € 500,000 of 2029).
                let figures = self.general_figures(budget, lacks.iter().copied());
                let whole = if figures.is_empty() {
                    String::new()
                } else {
                    format!(
                        " ({}), {}",
                        figures.join("; "),
                        if budget {
                            "het hele bedrag: elke corporatie zonder eigen budget krijgt dat, niet een deel ervan"
                        } else {
                            "de hele capaciteit: elke corporatie zonder eigen capaciteit krijgt die, niet een deel ervan"
                        }
                    )
                };
                let those = if lacks.len() == 1 {
                    "dat jaar"
                } else {
                    "die jaren"
                };
                notes.push(if has.is_empty() {
                    format!(
                        "corporatie '{name}' heeft een eigen {what} voor {}, buiten de horizon ({} t/m {}), en geen voor {}; voor {those} plant '{name}' met {general}{whole}",
                        year_list(&outside),
                        self.start_month,
                        self.deadline_month,
                        year_list(&lacks),
                    )
                } else {
                    format!(
                        "corporatie '{name}' heeft een eigen {what} voor {}, niet voor {}; voor {those} plant '{name}' met {general}{whole}",
                        year_list(&has),
                        year_list(&lacks),
                    )
                });
            }
        }
        self.source_notes.extend(notes);
    }

    /// Says which corporations the scenario or the stock's sheets (`sheet_budgets`,
    /// `sheet_capacities`) give a budget or capacity for while the stock has no home of them
    /// (`corporations`, `""` for a stock of one): most likely a name spelt otherwise than in the
    /// stock. Their figures apply to no home, so they are dropped: from the scenario's tables,
    /// from the years it names, and from the sheets' rows (returned).
    pub fn drop_unknown_corporations(
        &mut self,
        corporations: &[&str],
        sheet_budgets: Vec<SheetFigure>,
        sheet_capacities: Vec<SheetFigure>,
        cells: &SheetCells,
    ) -> (Vec<SheetFigure>, Vec<SheetFigure>) {
        // A scenario's corporation spelt otherwise than the stock spells it (capitals, spaces,
        // hyphens, accents) is the stock's, as the stock's own sheets read it.
        let key = crate::input::validate::corporation_key;
        let respelt: Vec<(String, String)> = self
            .corporations
            .keys()
            .filter(|c| !corporations.contains(&c.as_str()))
            .filter_map(|c| {
                corporations
                    .iter()
                    .find(|s| !s.is_empty() && key(s) == key(c))
                    .map(|s| (c.clone(), s.to_string()))
            })
            .collect();
        for (written, stock) in respelt {
            if self.corporations.contains_key(&stock) {
                continue;
            }
            if let Some(figures) = self.corporations.remove(&written) {
                self.source_notes.push(format!(
                    "corporatie '{written}' ({}) is gelezen als '{stock}', zoals het bezit haar schrijft",
                    self.file_label()
                ));
                self.corporations.insert(stock, figures);
            }
        }
        let known = |c: &str| c.is_empty() || corporations.contains(&c);
        // Each unknown name with where it is named.
        let mut unknown: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let scenario_file = self.file_label();
        let named = self
            .corporations
            .keys()
            .map(|c| (c.clone(), scenario_file.clone()))
            .chain(
                sheet_budgets
                    .iter()
                    .map(|f| (f.0.clone(), sheet_source(cells, true, &f.0))),
            )
            .chain(
                sheet_capacities
                    .iter()
                    .map(|f| (f.0.clone(), sheet_source(cells, false, &f.0))),
            );
        for (c, source) in named.filter(|(c, _)| !known(c)) {
            let sources = unknown.entry(c).or_default();
            if !sources.contains(&source) {
                sources.push(source);
            }
        }
        for (budget, rows) in [(true, &sheet_budgets), (false, &sheet_capacities)] {
            self.unknown_corporation_figures[usize::from(!budget)] =
                rows.iter().any(|f| !known(&f.0))
                    || self
                        .corporations
                        .iter()
                        .any(|(c, own)| !known(c) && !own.figures(budget).is_empty());
        }
        if unknown.is_empty() {
            return (sheet_budgets, sheet_capacities);
        }
        // The stock's own names are a reminder (the stock lists them all); every unknown name is
        // one to correct, so all are said up to a bound that only a hostile sheet reaches.
        const SHOWN: usize = 10;
        const UNKNOWN_SHOWN: usize = 100;
        let in_stock: Vec<&str> = corporations
            .iter()
            .copied()
            .filter(|c| !c.is_empty())
            .collect();
        let in_stock_text = if in_stock.is_empty() {
            "het bezit heeft geen kolom corporatie".to_string()
        } else {
            let more = if in_stock.len() > SHOWN {
                format!(" en nog {}", in_stock.len() - SHOWN)
            } else {
                String::new()
            };
            format!(
                "corporaties in het bezit: {}{more}",
                in_stock[..in_stock.len().min(SHOWN)].join(", ")
            )
        };
        let (which, those) = if unknown.len() == 1 {
            ("corporatie", "die corporatie")
        } else {
            ("corporaties", "die corporaties")
        };
        // Names with a hint first (a likely misspelling is the one to correct), each group in
        // alphabetical order; hints are sought among the first HINTED names only, a bound that
        // only a hostile sheet reaches (each search compares with every name in the stock).
        const HINTED: usize = 300;
        let mut listed: Vec<(&String, &Vec<String>, Option<&str>)> = unknown
            .iter()
            .enumerate()
            .map(|(i, (c, sources))| {
                let hint = if i < HINTED {
                    likely_meant(c, &in_stock)
                } else {
                    None
                };
                (c, sources, hint)
            })
            .collect();
        listed.sort_by_key(|(_, _, hint)| hint.is_none());
        let any_hint = listed.iter().any(|(_, _, hint)| hint.is_some());
        let mut names: Vec<String> = listed
            .iter()
            .take(UNKNOWN_SHOWN)
            .map(|(c, sources, hint)| {
                let hint = hint.map_or(String::new(), |k| format!("; bedoelt u '{k}'?"));
                format!("'{c}' ({}{hint})", sources.join(", "))
            })
            .collect();
        if unknown.len() > UNKNOWN_SHOWN {
            names.push(format!("en nog {}", unknown.len() - UNKNOWN_SHOWN));
        }
        // The spelling advice once, after the names it applies to.
        let advice = if any_hint {
            "; een naam moet gespeld zijn als in de kolom corporatie (hoofdletters, spaties, streepjes en accenten tellen niet)"
        } else {
            ""
        };
        // What is dropped: the figures, and a contact (helper 75: a table holding only a
        // contact was said to hold budget or capacity).
        let dropped_contact = self
            .corporations
            .iter()
            .any(|(c, own)| !known(c) && own.contact.is_some());
        let mut what: Vec<&str> = Vec::new();
        if self.unknown_corporation_figures[0] {
            what.push("budget");
        }
        if self.unknown_corporation_figures[1] {
            what.push("capaciteit");
        }
        if dropped_contact {
            what.push("contact");
        }
        if what.is_empty() {
            what = vec!["budget", "capaciteit"];
        }
        self.source_notes.push(format!(
            "{} voor {which} {}{UNKNOWN_CORPORATIONS_NOTE}{those} ({in_stock_text}){advice}",
            crate::nl_format::or_list(&what),
            names.join(", ")
        ));
        self.corporations.retain(|c, _| known(c));
        self.explicit_budget_years.retain(|(c, _)| known(c));
        self.explicit_capacity_years.retain(|(c, _)| known(c));
        let keep = |rows: Vec<SheetFigure>| -> Vec<SheetFigure> {
            rows.into_iter().filter(|f| known(&f.0)).collect()
        };
        (keep(sheet_budgets), keep(sheet_capacities))
    }

    /// The scenario's budget (or capacity) of a year, general or of a corporation.
    fn own_figure(&self, budget: bool, corporation: &str, year: i32) -> Option<f64> {
        if corporation.is_empty() {
            let general = if budget {
                &self.budget_eur
            } else {
                &self.capacity_homes_per_month
            };
            general.get(&year).copied()
        } else {
            self.corporations
                .get(corporation)
                .and_then(|o| o.figures(budget).get(&year).copied())
        }
    }

    /// Replaces budgets and capacities for the years given (the stock's `Budget`/`Capaciteit`
    /// sheets); a figure with a corporation applies to that corporation only. A year whose
    /// figure the scenario file changes from the default keeps the file's figure (a variant's
    /// own change wins); a year it names with the default's figure is the sheet's.
    pub fn override_years(
        &mut self,
        budgets: &[SheetFigure],
        capacities: &[SheetFigure],
        source: &str,
        corporations: &[&str],
    ) {
        // Years a variant names itself win over the stock's sheets.
        // A corporation's row gives way only to the scenario's figure for that corporation: the
        // scenario's general figure is for the corporations without one of their own.
        let keeps =
            |explicit: &std::collections::BTreeSet<(String, i32)>, corporation: &str, year: i32| {
                explicit.contains(&(corporation.to_string(), year))
            };
        // A sheet figure equal to the scenario's own is no conflict: read from the sheet,
        // without a warning (helper 103 saw the same warning on every run, whether or not the
        // figures differed).
        let differs = |budget: bool, (c, y, value): &SheetFigure| {
            self.own_figure(budget, c, *y)
                .is_none_or(|mine| (mine - value).abs() > 1e-6 * mine.abs().max(1.0))
        };
        let (budgets, kept_budget): (Vec<_>, Vec<_>) = budgets
            .iter()
            .partition(|f| !keeps(&self.explicit_budget_years, &f.0, f.1) || !differs(true, f));
        let (capacities, kept_capacity): (Vec<_>, Vec<_>) = capacities
            .iter()
            .partition(|f| !keeps(&self.explicit_capacity_years, &f.0, f.1) || !differs(false, f));
        for (figures, budget, sheet) in [
            (&budgets, true, "Budget"),
            (&capacities, false, "Capaciteit"),
        ] {
            for (corporation, year, value) in figures.iter().copied() {
                if corporation.is_empty() {
                    let general = if budget {
                        &mut self.budget_eur
                    } else {
                        &mut self.capacity_homes_per_month
                    };
                    general.insert(*year, *value);
                    if budget {
                        self.sheet_general_budget_years.insert(*year);
                    } else {
                        self.sheet_general_capacity_years.insert(*year);
                    }
                    continue;
                }
                let sheets = if budget {
                    &mut self.corporation_sheet_budgets
                } else {
                    &mut self.corporation_sheet_capacities
                };
                sheets.insert(
                    (corporation.clone(), *year),
                    format!("werkblad {sheet} van {source}"),
                );
                self.corporations
                    .entry(corporation.clone())
                    .or_default()
                    .figures_mut(budget)
                    .insert(*year, *value);
            }
        }
        let scenario_file = self.file.display().to_string();
        let embedded = embedded::is_embedded(&self.file);
        // A variant built on a base says so (`Scenario::load`), here too.
        let file_label = self.file_label();
        let horizon: Vec<i32> = self.years().collect();
        // Which general figures the sheet gives, which the scenario file keeps (a variant's
        // own), and which the sheet leaves to the scenario where a corporation plans with them
        // (said on screen too). A corporation's own rows are its own (`Aannames` lists them
        // apart); years after the deadline are said apart (`note_years_after_deadline`).
        let describe = |applied: &[&SheetFigure],
                        kept: &[&SheetFigure],
                        explicit: &std::collections::BTreeSet<(String, i32)>,
                        has_own: &dyn Fn(&str, i32) -> bool,
                        sheet: &str,
                        what: &str|
         -> Option<(String, Option<String>)> {
            let years = |figures: &[&SheetFigure]| -> Vec<i32> {
                let set: std::collections::BTreeSet<i32> = figures
                    .iter()
                    .filter(|f| f.0.is_empty())
                    .map(|f| f.1)
                    .filter(|y| horizon.contains(y))
                    .collect();
                set.into_iter().collect()
            };
            let (named, kept) = (years(applied), years(kept));
            if named.is_empty() {
                // The sheet gives no general figure for a year of the horizon: the general
                // figures come from where they did.
                return None;
            }
            // The years the sheet leaves to the scenario (the general table's figures): from
            // the scenario file itself, or from the default through it.
            let rest: Vec<i32> = horizon
                .iter()
                .copied()
                .filter(|y| !named.contains(y) && !kept.contains(y))
                .collect();
            let sources_of = |years: &[i32]| -> Vec<(String, Vec<i32>)> {
                let (from_file, from_default): (Vec<i32>, Vec<i32>) = years
                    .iter()
                    .partition(|&&y| embedded || explicit.contains(&(String::new(), y)));
                let mut sources = Vec::new();
                if !from_file.is_empty() {
                    let key = if sheet == "Budget" {
                        "budget_eur"
                    } else {
                        "capacity_homes_per_month"
                    };
                    sources.extend(self.files_of_years(key, &from_file, &file_label));
                }
                if !from_default.is_empty() {
                    sources.push((
                        format!("het standaardscenario (via {scenario_file})"),
                        from_default,
                    ));
                }
                sources
            };
            let sources = sources_of(&rest);
            // Said on screen only for the years some corporation (or the stock of one) plans
            // with the general figure: a year every corporation has its own figure for is left
            // to no one.
            let used: Vec<i32> = rest
                .iter()
                .copied()
                .filter(|&y| corporations.iter().any(|c| c.is_empty() || !has_own(c, y)))
                .collect();
            let mut text = format!("werkblad {sheet} van {source}");
            if !kept.is_empty() || !sources.is_empty() {
                text.push_str(&format!(" voor {}", year_list(&named)));
            }
            if !kept.is_empty() {
                text.push_str(&format!(
                    "; {file_label} voor {} (eigen waarde van het scenario)",
                    year_list(&kept)
                ));
            }
            for (from, years) in &sources {
                text.push_str(&format!("; {from} voor {}", year_list(years)));
            }
            // Years the user's own scenario file names (not the default's) are its deliberate
            // figures: said in the source, not as "Let op" (helper 104).
            let deliberate =
                !embedded && used.iter().all(|&y| explicit.contains(&(String::new(), y)));
            let note = (!used.is_empty() && !deliberate).then(|| {
                let from = match sources_of(&used).as_slice() {
                    [(from, _)] => from.clone(),
                    many => many
                        .iter()
                        .map(|(from, years)| format!("{from} ({})", year_list(years)))
                        .collect::<Vec<_>>()
                        .join(" en "),
                };
                format!(
                    "het werkblad {sheet} noemt {} niet; {what} voor {} komt uit {from}",
                    year_list(&used),
                    year_list(&used)
                )
            });
            Some((text, note))
        };
        let own_budget = |c: &str, y: i32| {
            self.corporations
                .get(c)
                .is_some_and(|o| o.budget_eur.contains_key(&y))
        };
        let own_capacity = |c: &str, y: i32| {
            self.corporations
                .get(c)
                .is_some_and(|o| o.capacity_homes_per_month.contains_key(&y))
        };
        let budget = describe(
            &budgets,
            &kept_budget,
            &self.explicit_budget_years,
            &own_budget,
            "Budget",
            "het budget",
        );
        let capacity = describe(
            &capacities,
            &kept_capacity,
            &self.explicit_capacity_years,
            &own_capacity,
            "Capaciteit",
            "de capaciteit",
        );
        // A sheet row that the scenario file's own figure for that year wins over (the general
        // table's, or the corporation's): said, since the sheet names it and the sheets
        // otherwise override the scenario.
        let overruled = |kept: &[&SheetFigure], budget: bool| -> Vec<String> {
            let (sheet, what) = if budget {
                ("Budget", "het budget")
            } else {
                ("Capaciteit", "de capaciteit")
            };
            let amount = |v: f64| {
                if budget {
                    crate::nl_format::euro(v)
                } else if v.fract() == 0.0 {
                    format!("{v}")
                } else {
                    crate::nl_format::decimal(v, 1)
                }
            };
            // Per year the sheet's figure and the scenario's: "2028 € 2.100.000 (scenario
            // € 1.900.000)" (helper 103: the warning named no figures).
            let both = |f: &SheetFigure| {
                let mine = self.own_figure(budget, &f.0, f.1).unwrap_or_default();
                format!("{} {} (scenario: {})", f.1, amount(f.2), amount(mine))
            };
            let mut general: Vec<&SheetFigure> = Vec::new();
            let mut by_corporation: BTreeMap<&str, Vec<&SheetFigure>> = BTreeMap::new();
            for f in kept.iter().copied().filter(|f| horizon.contains(&f.1)) {
                if f.0.is_empty() {
                    general.push(f);
                } else {
                    by_corporation.entry(f.0.as_str()).or_default().push(f);
                }
            }
            let list = |figures: &[&SheetFigure]| {
                let items: Vec<String> = figures.iter().map(|f| both(f)).collect();
                let items: Vec<&str> = items.iter().map(String::as_str).collect();
                crate::nl_format::and_list(&items)
            };
            let rule = "wat een scenario zelf noemt, gaat voor het werkblad; laat het jaar weg uit het scenario om het werkblad te volgen";
            let mut notes = Vec::new();
            if !general.is_empty() {
                notes.push(format!(
                    "het werkblad {sheet} noemt {what} voor {}, maar {file_label} noemt een andere waarde; de waarde van het scenario geldt ({rule})",
                    list(&general)
                ));
            }
            for (corporation, figures) in by_corporation {
                notes.push(format!(
                    "het werkblad {sheet} noemt {what} van {corporation} voor {}, maar {file_label} noemt een andere waarde; de waarde van het scenario geldt ({rule})",
                    list(&figures)
                ));
            }
            notes
        };
        let overruled_budget = overruled(&kept_budget, true);
        let overruled_capacity = overruled(&kept_capacity, false);
        self.source_notes.extend(overruled_budget);
        self.source_notes.extend(overruled_capacity);
        if let Some((text, note)) = budget {
            self.budget_source = text;
            self.source_notes.extend(note);
        }
        if let Some((text, note)) = capacity {
            self.capacity_source = text;
            self.source_notes.extend(note);
        }
    }

    /// Every year of the horizon needs a budget and a capacity, for every corporation of the
    /// stock (its own figure or the scenario's): a missing year would silently plan with € 0 or
    /// no capacity. One message per corporation and figure, naming the missing years and where
    /// the figures came from.
    pub fn missing_years(&self, corporations: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        // Where the figures can come from: the scenario file (or the default under it), and
        // the stock's sheet if it has one.
        // With a sheet, the sheet's years win over the file's unless the file changes them:
        // the sources are named without claiming years for either.
        // With a sheet, its years and the others' source each with their years (helper 104:
        // "komt uit scenario basis.toml en het werkblad Budget" where basis.toml named no
        // budget and the other years came from the built-in default).
        let horizon: Vec<i32> = self.years().collect();
        let sources = |source: &str, sheet: &str, key: &str, general: &BTreeMap<i32, f64>| {
            if !source.starts_with("werkblad") {
                return self.years_origin(key, general);
            }
            let from_sheet = if key == "budget_eur" {
                &self.sheet_general_budget_years
            } else {
                &self.sheet_general_capacity_years
            };
            // Years the file names too, with the sheet's figure (no conflict, so the sheet's
            // source stands): said, not "noemt geen eigen jaren" (helper 106).
            let also: Vec<i32> = self
                .file_general_years(key == "budget_eur")
                .map(|named| from_sheet.intersection(named).copied().collect())
                .unwrap_or_default();
            let file = self.file.display();
            let sheet_part = match also.len() {
                0 => format!("het werkblad {sheet} ({})", year_list(from_sheet)),
                n if n == from_sheet.len() => format!(
                    "het werkblad {sheet} ({}, die scenario {file} ook noemt)",
                    year_list(from_sheet)
                ),
                _ => format!(
                    "het werkblad {sheet} ({}; scenario {file} noemt {} ook)",
                    year_list(from_sheet),
                    year_list(&also)
                ),
            };
            // The other years of the horizon; those outside it do not matter here.
            let rest: BTreeMap<i32, f64> = general
                .iter()
                .filter(|(y, _)| !from_sheet.contains(y) && horizon.contains(y))
                .map(|(&y, &v)| (y, v))
                .collect();
            if from_sheet.is_empty() {
                return format!("scenario {} en het werkblad {sheet}", self.file.display());
            }
            if rest.is_empty() {
                return sheet_part;
            }
            let origin = self.years_origin(key, &rest);
            // Several sources say their years in brackets already: "... (2024, 2025) en ...".
            let has_years = origin
                .match_indices('(')
                .any(|(i, _)| origin[i + 1..].starts_with(|c: char| c.is_ascii_digit()));
            if has_years {
                format!("{origin} en {sheet_part}")
            } else {
                format!("{origin} voor {} en {sheet_part}", year_list(rest.keys()))
            }
        };
        // Own figures for some corporation of the stock: the default's general figure (made
        // for the sample stock) is then no figure of this stock's (helper 58: a corporation
        // spelt otherwise in the Budget sheet planned with the sample's € 2.2 M a year).
        let own_anywhere = |budget: bool| {
            self.unknown_corporation_figures[usize::from(!budget)]
                || corporations.iter().any(|c| {
                    self.corporations
                        .get(*c)
                        .is_some_and(|o| o.figures(budget).keys().any(|y| horizon.contains(y)))
                })
        };
        for corporation in corporations {
            let own = self.corporations.get(*corporation);
            let who = if corporation.is_empty() {
                String::new()
            } else {
                format!(" van corporatie {corporation}")
            };
            let years = self.years();
            let missing = |has: &dyn Fn(i32) -> bool| -> String {
                let missing: Vec<String> = years
                    .clone()
                    .filter(|y| !has(*y))
                    .map(|y| y.to_string())
                    .collect();
                crate::nl_format::and_list(&missing.iter().map(String::as_str).collect::<Vec<_>>())
            };
            // This corporation's own figures and where they came from, beside the general
            // figures' source (helper 95: "komt uit het ingebouwde standaardscenario" of figures
            // a Budget sheet gave for 2027 and 2028).
            let origin = |budget: bool, general: String| -> String {
                let by_source = self.own_figure_sources(corporation, budget, |_| true);
                if by_source.is_empty() {
                    return general;
                }
                let own_text: Vec<String> = by_source
                    .iter()
                    .map(|(source, years)| format!("{source} ({})", year_list(years)))
                    .collect();
                format!("{} en {general}", own_text.join(", "))
            };
            let budget_missing = missing(&|year| {
                own.is_some_and(|c| c.budget_eur.contains_key(&year))
                    || self.budget_eur.contains_key(&year)
            });
            if !budget_missing.is_empty() {
                out.push(format!(
                    "budget{who} ontbreekt voor {budget_missing}: de horizon loopt van {} tot en met {}, het budget per jaar komt uit {}; genoemd: {}",
                    self.start_month,
                    self.deadline_month,
                    origin(
                        true,
                        sources(&self.budget_source, "Budget", "budget_eur", &self.budget_eur)
                    ),
                    years_list(own.map(|c| &c.budget_eur), &self.budget_eur, &horizon)
                ));
            }
            let capacity_missing = missing(&|year| {
                own.is_some_and(|c| c.capacity_homes_per_month.contains_key(&year))
                    || self.capacity_homes_per_month.contains_key(&year)
            });
            // The years this corporation would plan with the default's general figure beside
            // own figures.
            let from_default = |budget: bool| {
                let general = if budget {
                    &self.budget_eur
                } else {
                    &self.capacity_homes_per_month
                };
                missing(&|year| {
                    own.is_some_and(|c| c.figures(budget).contains_key(&year))
                        || !general.contains_key(&year)
                        || !own_anywhere(budget)
                        || self.users_general(budget, year)
                })
            };
            for (what, sheet, key, is_budget) in [
                ("budget", "Budget", "budget_eur", true),
                (
                    "capaciteit",
                    "Capaciteit",
                    "capacity_homes_per_month",
                    false,
                ),
            ] {
                let years = from_default(is_budget);
                if years.is_empty() {
                    continue;
                }
                let general = if is_budget {
                    "het algemene budget"
                } else {
                    "de algemene capaciteit"
                };
                let own_sources = match self.corporation_sources_text(is_budget) {
                    Some(text) => format!("eigen cijfers per corporatie komen uit {text}"),
                    None => {
                        "de eigen cijfers horen bij geen corporatie van het bezit (zie hieronder)"
                            .to_string()
                    }
                };
                let that = if is_budget { "dat" } else { "die" };
                out.push(format!(
                    "{what}{who} ontbreekt voor {years}: {own_sources}; {general} is voor {years} {that} van het ingebouwde standaardscenario (gemaakt voor het voorbeeldbezit), niet van deze corporatie. Geef voor {years} een eigen {what} (werkblad {sheet}, of [corporations] in een scenariobestand) of een algemeen {key} in een scenariobestand"
                ));
            }
            if !capacity_missing.is_empty() {
                out.push(format!(
                    "capaciteit{who} ontbreekt voor {capacity_missing}: de horizon loopt van {} tot en met {}, de capaciteit per jaar komt uit {}; genoemd: {}",
                    self.start_month,
                    self.deadline_month,
                    origin(
                        false,
                        sources(
                            &self.capacity_source,
                            "Capaciteit",
                            "capacity_homes_per_month",
                            &self.capacity_homes_per_month
                        )
                    ),
                    years_list(
                        own.map(|c| &c.capacity_homes_per_month),
                        &self.capacity_homes_per_month,
                        &horizon
                    )
                ));
            }
        }
        out
    }
}

/// How the note on figures for corporations without homes begins: a missing year's error
/// repeats it, as such a name is most likely the missing corporation's, spelt otherwise.
pub const UNKNOWN_CORPORATIONS_NOTE: &str = " telt niet mee: het bezit heeft geen woningen van ";

/// Where a scenario file's budget or capacity comes from, by the years its general table names
/// (`explicit`, corporation `""`) within the horizon: the file, the default, or the file for
/// some years and the default for the rest. A corporation's own years are its own (`Aannames`
/// lists them apart), and years outside the horizon are no source of the plan's figures (those
/// after the deadline are said apart: [`Scenario::note_years_after_deadline`]).
///
/// `source_of` names what gives each own year (`scenario x.toml`, `basis b.toml`): sources other
/// than the file itself are said with their years.
fn file_source(
    file_name: &str,
    embedded: bool,
    horizon: std::ops::RangeInclusive<i32>,
    explicit: &std::collections::BTreeSet<(String, i32)>,
    source_of: impl Fn(i32) -> String,
) -> String {
    let own: std::collections::BTreeSet<i32> = explicit
        .iter()
        .filter(|(c, y)| c.is_empty() && horizon.contains(y))
        .map(|(_, y)| *y)
        .collect();
    let all = embedded || horizon.clone().all(|y| own.contains(&y));
    if own.is_empty() && !all {
        return format!("standaardscenario (via {file_name})");
    }
    // The scenario's own years first, then its bases'.
    let mut groups = group_years(own.iter().copied(), source_of);
    groups.sort_by_key(|(source, _)| !source.starts_with("scenario "));
    let sources = match groups.as_slice() {
        [(source, _)] if all => source.clone(),
        [] => format!("scenario {file_name}"),
        _ => {
            let parts: Vec<String> = groups
                .iter()
                .map(|(source, years)| format!("{source} ({})", year_list(years)))
                .collect();
            crate::nl_format::and_list(&parts.iter().map(String::as_str).collect::<Vec<_>>())
        }
    };
    if all {
        sources
    } else {
        format!("{sources}; overige jaren uit het standaardscenario")
    }
}

/// `years` by the source `source_of` gives each, each source once with its years, in the order
/// first met.
fn group_years<S: PartialEq>(
    years: impl IntoIterator<Item = i32>,
    source_of: impl Fn(i32) -> S,
) -> Vec<(S, Vec<i32>)> {
    let mut groups: Vec<(S, Vec<i32>)> = Vec::new();
    for y in years {
        let source = source_of(y);
        match groups.iter_mut().find(|(s, _)| *s == source) {
            Some((_, ys)) => ys.push(y),
            None => groups.push((source, vec![y])),
        }
    }
    groups
}

/// Years as the plan lists them: "2024, 2025, 2026".
fn year_list<'a>(years: impl IntoIterator<Item = &'a i32>) -> String {
    years
        .into_iter()
        .map(|y| y.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl Scenario {
    /// Whether the general budget (`budget`) or capacity of `year` is the user's: from the
    /// stock's sheet, or named by a scenario file of the user's (not the built-in one).
    fn users_general(&self, budget: bool, year: i32) -> bool {
        let sheet = if budget {
            &self.sheet_general_budget_years
        } else {
            &self.sheet_general_capacity_years
        };
        sheet.contains(&year)
            || self
                .file_general_years(budget)
                .is_some_and(|named| named.contains(&year))
    }

    /// The years for which the user's scenario file (not the built-in default) names a general
    /// budget (`budget`) or capacity; `None` for the built-in scenario.
    pub fn file_general_years(&self, budget: bool) -> Option<&std::collections::BTreeSet<i32>> {
        (!crate::embedded::is_embedded(&self.file)).then_some(if budget {
            &self.named_general_budget_years
        } else {
            &self.named_general_capacity_years
        })
    }

    /// Where the scenario's years of `key` (`budget_eur`) come from, said only as far as it
    /// is known: per file of a scenario file's chain (the file, then its bases) the years it
    /// names, and the built-in default for the rest; for a `Scenario's` column the years it
    /// changes from the default ([`Scenario::explicit_budget_years`]), and the default for the
    /// rest. A source that names none of the years is not said to give them.
    fn years_origin(&self, key: &str, years: &BTreeMap<i32, f64>) -> String {
        const DEFAULT: &str = "het ingebouwde standaardscenario";
        let label = self.file.display().to_string();
        let is_file = self.is_own_toml_file();
        // Per source (None: the built-in default) its years, in the order first met.
        let groups = group_years(years.keys().copied(), |y| {
            if is_file {
                crate::variants::file_setting(&self.file, &format!("{key}.{y}")).map(|f| {
                    if f == self.file {
                        format!("scenario {label}")
                    } else {
                        format!("basis {}", f.display())
                    }
                })
            } else {
                let explicit = if key == "budget_eur" {
                    &self.explicit_budget_years
                } else {
                    &self.explicit_capacity_years
                };
                // A column's years by the column or base that gives each, where known.
                explicit
                    .contains(&(String::new(), y))
                    .then(|| self.year_source(key, y))
            }
        });
        let who = if !is_file && self.has_base {
            format!("{label} met zijn basis")
        } else {
            label.clone()
        };
        match groups.as_slice() {
            [] => format!("scenario {who}"),
            [(Some(source), _)] => source.clone(),
            [(None, _)] => format!("{DEFAULT} ({who} noemt geen eigen jaren)"),
            _ => {
                let parts: Vec<String> = groups
                    .iter()
                    .map(|(source, ys)| {
                        format!(
                            "{} ({})",
                            source.as_deref().unwrap_or(DEFAULT),
                            year_list(ys)
                        )
                    })
                    .collect();
                crate::nl_format::and_list(&parts.iter().map(String::as_str).collect::<Vec<_>>())
            }
        }
    }
}

/// The years of the horizon a table names (a corporation's own and the scenario's): "2027,
/// 2028". Years outside it do not help (helper 106 read the default's 2024 to 2026 in a message
/// about a horizon of 2027 to 2029).
fn years_list(
    own: Option<&BTreeMap<i32, f64>>,
    general: &BTreeMap<i32, f64>,
    horizon: &[i32],
) -> String {
    let mut years: Vec<i32> = general.keys().copied().collect();
    years.extend(own.into_iter().flat_map(|t| t.keys().copied()));
    years.retain(|y| horizon.contains(y));
    years.sort_unstable();
    years.dedup();
    if years.is_empty() {
        return "geen enkel jaar van de horizon".into();
    }
    format!("alleen {}", year_list(&years))
}

impl Scenario {
    /// Checks that every number of the scenario lies in a range that makes sense (finite;
    /// positive where needed; an upper bound where a huge value is a typo), naming the key, so
    /// that no value can overflow a date or a duration later on. Runs on the scenario as
    /// loaded, whatever files it was merged from.
    pub fn check_ranges(&self) -> Result<(), ModelFileError> {
        use crate::limits::*;
        let errors = std::cell::RefCell::new(Vec::new());
        let bad = |key: &str, message: String| {
            errors
                .borrow_mut()
                .push(ModelFileError::invalid(&self.file, key, message));
        };
        if self.name.trim().is_empty() {
            bad(
                "name",
                "de naam is leeg; geef het scenario een naam, of laat name weg (dan heet het naar zijn bestand)".into(),
            );
        }
        // The name is printed in every plan; Excel holds 32,767 characters in a cell.
        if self.name.chars().count() > 200 {
            bad(
                "name",
                format!(
                    "de naam is {} tekens lang; hoogstens 200",
                    self.name.chars().count()
                ),
            );
        }
        if let Some(name) = self.corporations.keys().find(|n| n.chars().count() > 200) {
            bad(
                "corporations",
                format!(
                    "de naam van corporatie '{}…' is langer dan 200 tekens",
                    name.chars().take(40).collect::<String>()
                ),
            );
        }
        let s = &self.solver;
        if !(s.time_limit_s > 0.0 && s.time_limit_s <= MAX_TIME_LIMIT_S) {
            bad(
                "solver.time_limit_s",
                format!(
                    "moet groter dan 0 en hoogstens {} seconden (een dag) zijn, niet {}",
                    nl_format::given(MAX_TIME_LIMIT_S),
                    nl_format::given(s.time_limit_s)
                ),
            );
        }
        if !(s.mip_rel_gap >= 0.0 && s.mip_rel_gap <= 1.0) {
            bad(
                "solver.mip_rel_gap",
                format!(
                    "moet tussen 0 en 1 liggen, niet {}",
                    nl_format::given(s.mip_rel_gap)
                ),
            );
        }
        if !(s.order_time_share > 0.0 && s.order_time_share <= 1.0) {
            bad(
                "solver.order_time_share",
                format!(
                    "moet groter dan 0 en hoogstens 1 zijn, niet {}",
                    nl_format::given(s.order_time_share)
                ),
            );
        }
        let p = &self.projects;
        let pace_ok = p.homes_per_month_per_project >= MIN_HOMES_PER_MONTH
            && p.homes_per_month_per_project <= 10_000.0;
        if !pace_ok {
            bad(
                "projects.homes_per_month_per_project",
                format!(
                    "het tempo moet minstens één woning per jaar (0,0833 per maand) en hoogstens 10.000 per maand zijn, niet {}",
                    nl_format::given(p.homes_per_month_per_project)
                ),
            );
        }
        // Against a pace that is itself wrong, the minimum would only repeat that mistake.
        if let Some(min) = p.min_homes_per_month_per_project.filter(|_| pace_ok) {
            if !(min >= MIN_HOMES_PER_MONTH && min <= p.homes_per_month_per_project) {
                bad(
                    "projects.min_homes_per_month_per_project",
                    format!(
                        "het minimumtempo moet minstens één woning per jaar (0,0833 per maand) en ten hoogste homes_per_month_per_project ({}) zijn, niet {}",
                        nl_format::given(p.homes_per_month_per_project),
                        nl_format::given(min)
                    ),
                );
            }
        }
        if p.permit_lead_weeks > MAX_PERMIT_LEAD_WEEKS {
            bad(
                "projects.permit_lead_weeks",
                format!(
                    "de doorlooptijd van een vergunning mag hoogstens {MAX_PERMIT_LEAD_WEEKS} weken (tien jaar) zijn, niet {}",
                    p.permit_lead_weeks
                ),
            );
        }
        if p.max_project_homes > 1_000_000 {
            bad(
                "projects.max_project_homes",
                format!("hoogstens 1000000, niet {}", p.max_project_homes),
            );
        }
        if !(1900..=2200).contains(&self.cost.price_level_year) {
            bad(
                "cost.price_level_year",
                format!(
                    "geen jaartal tussen 1900 en 2200: {}",
                    self.cost.price_level_year
                ),
            );
        }
        // Costs escalate from this year, so it must be the year of the catalog's amounts: a
        // scenario at 2026 over a catalog at 2024 took 2024 prices as 2026 ones (7.5 % too
        // cheap at 4 % a year), without a word.
        else if self.cost.price_level_year != self.catalog.price_level_year {
            bad(
                "cost.price_level_year",
                format!(
                    "{} wijkt af van het prijspeil van de catalogus {} (price_level_year = {}). De kosten stijgen vanaf dit jaar, dus het moet het jaar van de bedragen in de catalogus zijn: maak beide gelijk (in de catalogus bovenaan, in het scenario onder [cost]){}",
                    self.cost.price_level_year,
                    self.model_files.catalog.display(),
                    self.catalog.price_level_year,
                    if embedded::is_embedded(&self.model_files.catalog) {
                        "; retrofit scenario schrijft de catalogus om te bewerken, met catalog = \"catalog.toml\" in het scenario"
                    } else {
                        ""
                    }
                ),
            );
        }
        for (label, v) in &self.assumed_ep2_kwh_m2 {
            if !(*v >= 0.0 && *v <= MAX_EP2_KWH_M2) {
                bad(
                    &format!("assumed_ep2_kwh_m2.{label}"),
                    format!(
                        "moet tussen 0 en {} kWh/m² liggen, niet {}",
                        nl_format::given(MAX_EP2_KWH_M2),
                        nl_format::given(*v)
                    ),
                );
            }
        }
        let years = |key: &str, table: &BTreeMap<i32, f64>, max: f64| {
            for (year, v) in table {
                if !(1900..=2200).contains(year) {
                    bad(
                        &format!("{key}.{year}"),
                        "geen jaartal tussen 1900 en 2200".into(),
                    );
                } else if !(*v >= 0.0 && *v <= max) {
                    bad(
                        &format!("{key}.{year}"),
                        format!(
                            "moet tussen 0 en {} liggen, niet {}",
                            nl_format::given(max),
                            nl_format::given(*v)
                        ),
                    );
                }
            }
        };
        years("budget_eur", &self.budget_eur, MAX_BUDGET_EUR);
        years(
            "capacity_homes_per_month",
            &self.capacity_homes_per_month,
            MAX_CAPACITY_HOMES,
        );
        for (name, c) in &self.corporations {
            years(
                &corporation_key(name, "budget_eur"),
                &c.budget_eur,
                MAX_BUDGET_EUR,
            );
            years(
                &corporation_key(name, "capacity_homes_per_month"),
                &c.capacity_homes_per_month,
                MAX_CAPACITY_HOMES,
            );
        }
        let errors = errors.into_inner();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ModelFileError::all(errors))
        }
    }
}

fn year_table(
    path: &Path,
    key: &str,
    table: &BTreeMap<String, f64>,
    errors: &mut Vec<ModelFileError>,
) -> BTreeMap<i32, f64> {
    let mut out = BTreeMap::new();
    for (k, v) in table {
        let Ok(year) = k.parse::<i32>() else {
            errors.push(ModelFileError::invalid(
                path,
                format!("{key}.{k}"),
                "geen jaartal",
            ));
            continue;
        };
        if !(v.is_finite() && *v >= 0.0) {
            errors.push(ModelFileError::invalid(
                path,
                format!("{key}.{k}"),
                format!(
                    "moet een getal van minstens 0 zijn, niet {}",
                    nl_format::given(*v)
                ),
            ));
            continue;
        }
        out.insert(year, *v);
    }
    out
}

/// The key of a corporation's table as the scenario file writes it, so that a user can find it:
/// `corporations."Woonstichting 1".budget_eur`.
fn corporation_key(name: &str, key: &str) -> String {
    crate::model_toml::dotted_key(&["corporations", name, key])
}

/// The stock's corporation a name most likely means: the same letters and digits apart from
/// capitals, spaces and punctuation, or else the one nearest within two typos (none when two are
/// equally near).
fn likely_meant<'a>(name: &str, in_stock: &[&'a str]) -> Option<&'a str> {
    let fold = |c: &str| -> String {
        c.chars()
            .filter(|ch| ch.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let folded = fold(name);
    if let Some(k) = in_stock.iter().find(|k| fold(k) == folded) {
        return Some(k);
    }
    // Names of about the same length only, and not too long to compare (a sheet may hold
    // thousands of rows of long texts).
    const LONGEST: usize = 80;
    let comparable = |k: &str| {
        let n = k.chars().count();
        n <= LONGEST && folded.chars().count() <= LONGEST && n.abs_diff(folded.chars().count()) <= 2
    };
    let mut near: Vec<(usize, &'a str)> = in_stock
        .iter()
        .map(|k| (fold(k), *k))
        .filter(|(f, _)| comparable(f))
        .map(|(f, k)| (crate::input::columns::edit_distance(&f, &folded), k))
        .filter(|(d, _)| *d <= 2)
        .collect();
    near.sort();
    match near.as_slice() {
        [(d, k)] => Some(*k).filter(|_| *d > 0),
        [(d, k), (e, _), ..] if d < e => Some(k),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_general_figures_are_said_unused_where_every_corporation_has_its_own() {
        let mut s = Scenario::load_default().expect("default");
        let years: Vec<i32> = s.years().collect();
        let mut own = CorporationLimits::default();
        for &y in &years {
            own.budget_eur.insert(y, 1_000_000.0);
        }
        s.corporations.insert("A".into(), own.clone());
        // B plans with the general budget: its source holds.
        let source = s.budget_source.clone();
        assert_eq!(s.general_source_text(true, &["A", "B"]), source);
        s.corporations.insert("B".into(), own.clone());
        assert!(s
            .general_source_text(true, &["A", "B"])
            .starts_with("niet gebruikt: elke corporatie"));
        // The capacity is still the general one; a year short keeps the general budget too.
        assert_eq!(s.general_source_text(false, &["A", "B"]), s.capacity_source);
        own.budget_eur.remove(&years[0]);
        s.corporations.insert("B".into(), own);
        assert_eq!(s.general_source_text(true, &["A", "B"]), source);
        assert_eq!(s.general_source_text(true, &[]), source);
    }

    #[test]
    fn month_arithmetic() {
        let m = Month::new(2024, 12);
        assert_eq!(m.plus(1), Month::new(2025, 1));
        assert_eq!(m.to_string(), "2024-12");
        assert_eq!(m.quarter_label(), "2024-Q4");
        assert_eq!(Month::parse("2025-04"), Some(Month::new(2025, 4)));
        assert_eq!(Month::parse("2025-13"), None);
        // Other separators, and the month first when the year has four digits.
        for text in [
            "2025/04",
            "2025.4",
            " 2025 - 04 ",
            "04-2025",
            "4/2025",
            "04.2025",
            "april 2025",
            "Apr 2025",
            "apr-2025",
            "apr. 2025",
        ] {
            assert_eq!(Month::parse(text), Some(Month::new(2025, 4)), "{text}");
        }
        assert_eq!(Month::parse("juni 2027"), Some(Month::new(2027, 6)));
        assert_eq!(Month::parse("mrt 2026"), Some(Month::new(2026, 3)));
        assert_eq!(Month::parse("December 2028"), Some(Month::new(2028, 12)));
        assert_eq!(Month::parse("sept. 2024"), Some(Month::new(2024, 9)));
        for text in [
            "25-04",
            "04-25",
            "2025-04-01",
            "2025",
            "2025-",
            "-04",
            "2025-004",
            "april",
            "april 25",
            "juno 2025",
            "april 2025 x",
            "ap 2025",
        ] {
            assert_eq!(Month::parse(text), None, "{text}");
        }
        assert_eq!(Month::new(2026, 1).since(Month::new(2024, 1)), 24);
    }

    #[test]
    fn first_month_on_or_after_date() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            Month::first_starting_on_or_after(d(2025, 4, 1)),
            Month::new(2025, 4)
        );
        assert_eq!(
            Month::first_starting_on_or_after(d(2025, 4, 2)),
            Month::new(2025, 5)
        );
        assert_eq!(
            Month::first_starting_on_or_after(d(2025, 12, 31)),
            Month::new(2026, 1)
        );
    }

    #[test]
    fn years_after_the_deadline_are_said_and_are_no_source() {
        let over: toml::Table =
            toml::from_str("[capacity_homes_per_month]\n2027 = 12\n").expect("toml");
        let mut s = Scenario::from_layer(over, Path::new("laat.toml")).expect("scenario");
        // The file names no year of the horizon: its figures all come from the default.
        assert_eq!(s.capacity_source, "standaardscenario (via laat.toml)");
        let sheet = |years: &[i32]| -> Vec<(String, i32, f64)> {
            years.iter().map(|&y| (String::new(), y, 1e6)).collect()
        };
        s.note_years_after_deadline(&sheet(&[2025, 2027, 2028]), &[], "bezit.xlsx");
        assert_eq!(
            s.source_notes,
            vec![
                "de capaciteit voor 2027 (scenario laat.toml) telt niet mee: de horizon loopt tot en met 2026-12 (deadline_month); verschuif de deadline als dat jaar mee moet tellen",
                "het budget voor 2027, 2028 (werkblad Budget van bezit.xlsx) telt niet mee: de horizon loopt tot en met 2026-12 (deadline_month); verschuif de deadline als die jaren mee moeten tellen",
            ]
        );
        // A sheet naming only years after the deadline leaves the source as it was (not
        // "werkblad Budget van bezit.xlsx voor ; ..."); one that names a year of the horizon
        // too is the source of that year only.
        let before = s.budget_source.clone();
        s.override_years(&sheet(&[2027]), &[], "bezit.xlsx", &[""]);
        assert_eq!(s.budget_source, before);
        s.override_years(&sheet(&[2025, 2027]), &[], "bezit.xlsx", &[""]);
        assert!(
            s.budget_source.starts_with(
                "werkblad Budget van bezit.xlsx voor 2025; het standaardscenario (via laat.toml) voor 2024, 2026"
            ),
            "{}",
            s.budget_source
        );
    }

    #[test]
    fn a_start_after_the_default_deadline_names_both_months() {
        let over: toml::Table = toml::from_str("start_month = \"2027-01\"\n").expect("toml");
        let e = Scenario::from_layer(over, Path::new("later.toml"))
            .expect_err("start after the deadline")
            .to_string();
        assert!(
            e.contains("deadline_month")
                && e.contains("2026-12 ligt vóór start_month 2027-01; noem in het scenario een deadline_month vanaf 2027-01"),
            "{e}"
        );
    }

    /// A month that cannot be read is said once; the checks that would compare the default it
    /// was mended with are not (helper 69).
    #[test]
    fn a_month_that_is_no_month_is_said_once() {
        let over: toml::Table =
            toml::from_str("start_month = \"2027-01\"\ndeadline_month = \"2028-13\"\n")
                .expect("toml");
        let e = Scenario::from_layer(over, Path::new("m.toml"))
            .expect_err("no month")
            .to_string();
        assert_eq!(
            e,
            "m.toml: deadline_month: geen maand (jjjj-mm): \"2028-13\""
        );
        // A start after a deadline the user wrote is still said, beside another error.
        let over: toml::Table = toml::from_str(
            "start_month = \"2029-01\"\ndeadline_month = \"2028-12\"\n[budget_eur]\n2029 = \"veel\"\n",
        )
        .expect("toml");
        let e = Scenario::from_layer(over, Path::new("m.toml"))
            .expect_err("two errors")
            .to_string();
        assert!(e.contains("2028-12 ligt vóór start_month 2029-01"), "{e}");
        assert!(e.contains("budget_eur"), "{e}");
    }

    #[test]
    fn a_corporations_own_years_are_no_source_of_the_general_figures() {
        let over: toml::Table = toml::from_str(
            "[corporations.\"W1\".budget_eur]\n2024 = 1\n[capacity_homes_per_month]\n2025 = 3\n",
        )
        .expect("toml");
        let mut s = Scenario::from_layer(over, Path::new("eigen.toml")).expect("scenario");
        assert_eq!(s.budget_source, "standaardscenario (via eigen.toml)");
        assert_eq!(
            s.capacity_source,
            "scenario eigen.toml (2025); overige jaren uit het standaardscenario"
        );
        // Likewise a sheet with only a corporation's rows leaves the general source as it was.
        let before = s.budget_source.clone();
        s.override_years(&[("W1".into(), 2025, 2.0)], &[], "bezit.xlsx", &["W1"]);
        assert_eq!(s.budget_source, before);
        assert!(s.source_notes.is_empty(), "{:?}", s.source_notes);
        assert_eq!(s.budget("W1", 2025), 2.0);
        // A general row for 2026 beside W1's own 2024 (the file's, which wins over the sheet's
        // row: said) and 2025: the general table's 2024 and 2025 still come from the default,
        // but only W1 plans here, so no year is said to be left to the scenario.
        s.override_years(
            &[("W1".into(), 2024, 3.0), ("".into(), 2026, 4.0)],
            &[],
            "bezit.xlsx",
            &["W1"],
        );
        assert_eq!(
            s.budget_source,
            "werkblad Budget van bezit.xlsx voor 2026; het standaardscenario (via eigen.toml) voor 2024, 2025"
        );
        assert_eq!(s.budget("W1", 2024), 1.0);
        assert_eq!(
            s.source_notes,
            vec!["het werkblad Budget noemt het budget van W1 voor 2024 € 3 (scenario: € 1), maar scenario eigen.toml noemt een andere waarde; de waarde van het scenario geldt (wat een scenario zelf noemt, gaat voor het werkblad; laat het jaar weg uit het scenario om het werkblad te volgen)"]
        );
        s.source_notes.clear();
        // The same figure in the sheet as in the file is no conflict: nothing said (helper
        // 103 saw the warning on every run).
        s.override_years(&[("W1".into(), 2024, 1.0)], &[], "bezit.xlsx", &["W1"]);
        assert!(s.source_notes.is_empty(), "{:?}", s.source_notes);
        assert_eq!(s.budget("W1", 2024), 1.0);
        // A corporation's sheet row for a year whose general figure the file sets: the
        // corporation's own row holds (the general figure is for corporations without one).
        s.override_years(&[], &[("W1".into(), 2025, 7.0)], "bezit.xlsx", &["W1"]);
        assert_eq!(s.capacity("W1", Month::new(2025, 1)), 7.0);
        assert!(s.source_notes.is_empty(), "{:?}", s.source_notes);
        // With a second corporation without figures of its own, 2024 and 2025 come from the
        // scenario for it (the default, through the file).
        s.override_years(&[("".into(), 2026, 4.0)], &[], "bezit.xlsx", &["W1", "W2"]);
        assert_eq!(
            s.budget_source,
            "werkblad Budget van bezit.xlsx voor 2026; het standaardscenario (via eigen.toml) voor 2024, 2025"
        );
    }

    #[test]
    fn a_corporations_own_figures_say_where_they_come_from() {
        let over: toml::Table =
            toml::from_str("[corporations.\"W3\".budget_eur]\n2025 = 4\n").expect("toml");
        let mut s = Scenario::from_layer(over, Path::new("c.toml")).expect("scenario");
        s.override_years(
            &[("W1".into(), 2024, 3.0), ("W1".into(), 2025, 3.0)],
            &[("W1".into(), 2026, 5.0)],
            "bezit.xlsx",
            &["W1", "W2", "W3"],
        );
        for (corporation, year, budget, source) in [
            ("W1", 2024, true, "werkblad Budget van bezit.xlsx"),
            ("W1", 2026, true, "algemeen budget"),
            ("W1", 2026, false, "werkblad Capaciteit van bezit.xlsx"),
            ("W3", 2025, true, "scenario c.toml"),
            ("W2", 2025, true, "algemeen budget"),
        ] {
            assert_eq!(
                s.corporation_figure_source(corporation, year, budget),
                source,
                "{corporation} {year}"
            );
        }
        assert_eq!(
            s.corporation_sources_text(true).as_deref(),
            Some("scenario c.toml: W3 (2025); werkblad Budget van bezit.xlsx: W1 (2024, 2025)")
        );
        s.note_partial_corporation_years();
        assert_eq!(
            s.source_notes,
            vec![
                "corporatie 'W1' heeft een eigen budget voor 2024, 2025, niet voor 2026; voor dat jaar plant 'W1' met het algemene budget (2026: € 3.500.000), het hele bedrag: elke corporatie zonder eigen budget krijgt dat, niet een deel ervan",
                "corporatie 'W1' heeft een eigen capaciteit voor 2026, niet voor 2024, 2025; voor die jaren plant 'W1' met de algemene capaciteit (2024: 9 woningen per maand; 2025: 16 woningen per maand), de hele capaciteit: elke corporatie zonder eigen capaciteit krijgt die, niet een deel ervan",
                "corporatie 'W3' heeft een eigen budget voor 2025, niet voor 2024, 2026; voor die jaren plant 'W3' met het algemene budget (2024: € 2.200.000; 2026: € 3.500.000), het hele bedrag: elke corporatie zonder eigen budget krijgt dat, niet een deel ervan",
            ]
        );
    }

    #[test]
    fn a_corporation_table_without_a_name_is_refused() {
        for text in [
            "[corporations.\"\".budget_eur]\n2025 = 1\n",
            "[corporations.\"  \".capacity_homes_per_month]\n2025 = 1\n",
        ] {
            let over: toml::Table = toml::from_str(text).expect("toml");
            let err = Scenario::from_layer(over, Path::new("leeg.toml"))
                .expect_err("a nameless corporation")
                .to_string();
            assert!(
                err.contains("leeg.toml: corporations:") && err.contains("zonder naam"),
                "{err}"
            );
        }
    }

    #[test]
    fn a_target_label_of_e_f_or_g_is_refused() {
        for label in ["E", "F", "G"] {
            let err = layer_error(&format!("target_label = \"{label}\"\n"));
            assert!(
                err.contains(&format!(
                    "target_label: doellabel {label} is zelf E, F of G"
                )),
                "{err}"
            );
        }
        let over: toml::Table = toml::from_str("target_label = \"D\"\n").expect("toml");
        let s = Scenario::from_layer(over, Path::new("c.toml")).expect("D is a target");
        assert_eq!(s.target_label, Label::D);
    }

    /// Every mistake of a file is said at once, each on its own line with its key, in the
    /// order the file is checked; one mistake alone reads as before.
    #[test]
    fn every_mistake_in_a_scenario_file_is_said_at_once() {
        let err = layer_error(
            "deadlin_month = \"2027-12\"\ntarget_label = \"Q\"\n[budget_eur]\n2025 = \"veel\"\n2026 = -3\n[solver]\ntime_limit_s = 0\nmip_rel_gap = 2\n[corporations.\"W A\"]\nbudget_eur = { 2025 = -1 }\n",
        );
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines[0], "7 fouten:", "{err}");
        let keys: Vec<&str> = lines[1..]
            .iter()
            .map(|l| l.trim().split(": ").nth(1).unwrap_or(""))
            .collect();
        assert_eq!(
            keys,
            [
                "budget_eur.2025",
                "deadlin_month",
                "target_label",
                "budget_eur.2026",
                "corporations.\"W A\".budget_eur.2025",
                "solver.time_limit_s",
                "solver.mip_rel_gap",
            ],
            "{err}"
        );
        assert!(
            lines[1..].iter().all(|l| l.starts_with("  c.toml: ")),
            "{err}"
        );
        // An empty name, and an EP2 assumed for a label that belongs to another.
        let err = layer_error("name = \" \"\n[assumed_ep2_kwh_m2]\nG = 300\n");
        assert!(err.starts_with("2 fouten:"), "{err}");
        assert!(
            err.contains("c.toml: assumed_ep2_kwh_m2.G: 300 kWh/m² hoort bij label E, niet bij G"),
            "{err}"
        );
        assert!(err.contains("c.toml: name: de naam is leeg"), "{err}");
        // One mistake: the error itself, without a count.
        assert_eq!(
            layer_error("[solver]\ntime_limit_s = 0\n"),
            "c.toml: solver.time_limit_s: moet groter dan 0 en hoogstens 86.400 seconden (een dag) zijn, niet 0"
        );
    }

    /// The error of a scenario file with `text` alone over the default (named `c.toml`).
    fn layer_error(text: &str) -> String {
        let over: toml::Table = toml::from_str(text).expect("toml");
        Scenario::from_layer(over, Path::new("c.toml"))
            .expect_err("a bad figure")
            .to_string()
    }

    /// A figure out of range is shown as a Dutch reader reads numbers, also when huge or not a
    /// number at all.
    #[test]
    fn a_figure_out_of_range_is_shown_the_dutch_way() {
        for (text, said) in [
            (
                "[budget_eur]\n2025 = inf\n",
                "budget_eur.2025: moet een getal van minstens 0 zijn, niet inf (oneindig)",
            ),
            (
                "[budget_eur]\n2025 = nan\n",
                "budget_eur.2025: moet een getal van minstens 0 zijn, niet nan (geen getal)",
            ),
            (
                "[budget_eur]\n2025 = 1.5e99\n",
                "budget_eur.2025: moet tussen 0 en 1.000.000.000.000 liggen, niet 1,5e99",
            ),
            (
                "[capacity_homes_per_month]\n2025 = 12345678.5\n",
                "moet tussen 0 en 10.000.000 liggen, niet 12.345.678,5",
            ),
            (
                "[solver]\ntime_limit_s = 100000\n",
                "hoogstens 86.400 seconden (een dag) zijn, niet 100.000",
            ),
        ] {
            let err = layer_error(text);
            assert!(err.contains(said), "{err}");
        }
    }

    /// A bad figure in a corporation's table names its key as the file writes it: quoted when
    /// the name has a space, a quote or other letters TOML keys cannot have bare.
    #[test]
    fn a_corporations_key_is_named_as_the_file_writes_it() {
        for (text, key) in [
            (
                "[corporations.\"Woonstichting 1\".budget_eur]\n2025 = -1\n",
                "corporations.\"Woonstichting 1\".budget_eur.2025",
            ),
            (
                "[corporations.W_1.capacity_homes_per_month]\n2025 = -1\n",
                "corporations.W_1.capacity_homes_per_month.2025",
            ),
            (
                "[corporations.'Het \"Oosten\"'.budget_eur]\n20x5 = 1\n",
                "corporations.\"Het \\\"Oosten\\\"\".budget_eur.20x5",
            ),
        ] {
            let err = layer_error(text);
            assert!(err.contains(&format!("c.toml: {key}:")), "{err}");
        }
        // Type errors (found while reading the file) the same way, and a table that is not one
        // is called a table, not by the program's own name for it.
        for (text, key, what) in [
            (
                "[corporations.\"Woonstichting 1\".budget_eur]\n2025 = \"veel\"\n",
                "corporations.\"Woonstichting 1\".budget_eur.2025",
                "verkeerd soort waarde",
            ),
            (
                "[corporations.\"Élan Wonen\".capacity_homes_per_month]\n2025 = true\n",
                "corporations.\"Élan Wonen\".capacity_homes_per_month.2025",
                "verkeerd soort waarde",
            ),
            (
                "[corporations.'Wonen \"Zuid\" b.v.'.budget_eur]\n2025 = \"veel\"\n",
                "corporations.\"Wonen \\\"Zuid\\\" b.v.\".budget_eur.2025",
                "verkeerd soort waarde",
            ),
            (
                "[corporations]\n\"Woonstichting 1\" = 5\n",
                "corporations.\"Woonstichting 1\"",
                "verwacht een tabel",
            ),
        ] {
            let err = layer_error(text);
            assert!(
                err.contains(&format!("c.toml: {key}: ")) && err.contains(what),
                "{err}"
            );
            assert!(!err.contains("struct"), "{err}");
        }
        // The same through the range check, for a figure beyond the largest allowed.
        let err = layer_error("[corporations.\"Ons Huis\".budget_eur]\n2025 = 1e15\n");
        assert!(
            err.contains("corporations.\"Ons Huis\".budget_eur.2025"),
            "{err}"
        );
    }

    /// Two names each with a hint: the spelling advice is said once, at the end.
    #[test]
    fn the_spelling_advice_is_said_once() {
        let mut s = Scenario::load(&Scenario::default_path()).expect("default scenario");
        let both = ["Woonstichting 1", "Woonstichting 2"];
        // The cells where the sheet names them (helper 101: no cell was named).
        let cells: SheetCells = [
            (
                (true, "Woonstichtng 2".to_string()),
                vec!["Budget!C3".to_string()],
            ),
            (
                (true, "Ons Huis".to_string()),
                (4..=8).map(|r| format!("Budget!C{r}")).collect(),
            ),
        ]
        .into_iter()
        .collect();
        s.drop_unknown_corporations(
            &both,
            vec![
                ("woonstichting 1".into(), 2025, 1.0),
                ("Woonstichtng 2".into(), 2025, 1.0),
                ("Ons Huis".into(), 2025, 1.0),
            ],
            vec![],
            &cells,
        );
        let note = &s.source_notes[0];
        for said in [
            "'Woonstichtng 2' (werkblad Budget: Budget!C3; bedoelt u 'Woonstichting 2'?)",
            "'Ons Huis' (werkblad Budget: Budget!C4, Budget!C5, Budget!C6 en nog 2)",
        ] {
            assert!(note.contains(said), "{note}");
        }
        assert_eq!(s.source_notes.len(), 1, "{:?}", s.source_notes);
        let note = &s.source_notes[0];
        assert_eq!(note.matches("moet gespeld zijn").count(), 1, "{note}");
        assert!(
            note.ends_with("; een naam moet gespeld zijn als in de kolom corporatie (hoofdletters, spaties, streepjes en accenten tellen niet)"),
            "{note}"
        );
        assert!(
            note.contains("'woonstichting 1' (werkblad Budget; bedoelt u 'Woonstichting 1'?)"),
            "{note}"
        );
        // Many names without a hint do not hide the ones with one: those come first.
        let mut s = Scenario::load(&Scenario::default_path()).expect("default scenario");
        let mut rows: Vec<SheetFigure> = (0..150)
            .map(|i| (format!("Aaa fictief {i:03}"), 2025, 1.0))
            .collect();
        rows.push(("Woonstichtng 2".into(), 2025, 1.0));
        s.drop_unknown_corporations(&both, rows, vec![], &SheetCells::new());
        let note = &s.source_notes[0];
        assert!(
            note.contains("corporaties 'Woonstichtng 2' (werkblad Budget; bedoelt u 'Woonstichting 2'?), 'Aaa fictief 000'"),
            "{note}"
        );
        assert!(note.contains("en nog 51 telt niet mee"), "{note}");
        assert!(
            note.ends_with("gespeld zijn als in de kolom corporatie (hoofdletters, spaties, streepjes en accenten tellen niet)"),
            "{note}"
        );
        // Without any hint, no advice.
        let mut s = Scenario::load(&Scenario::default_path()).expect("default scenario");
        s.drop_unknown_corporations(
            &both,
            vec![("Ons Huis".into(), 2025, 1.0)],
            vec![],
            &SheetCells::new(),
        );
        assert!(
            !s.source_notes[0].contains("gespeld"),
            "{:?}",
            s.source_notes
        );
    }

    /// A scenario file's corporation spelt otherwise than the stock spells it (capitals,
    /// spaces, hyphens, accents) is the stock's, with a note; a name a letter off is not.
    #[test]
    fn a_scenario_corporation_spelt_otherwise_is_the_stocks() {
        let mut s = Scenario::load(&Scenario::default_path()).expect("default scenario");
        let stock = ["Woonstichting Noord"];
        let mut figures = CorporationLimits::default();
        figures.budget_eur.insert(2025, 7.0);
        s.corporations.insert("WOONSTICHTING-nöord".into(), figures);
        s.drop_unknown_corporations(&stock, vec![], vec![], &SheetCells::new());
        assert_eq!(
            s.corporations.keys().collect::<Vec<_>>(),
            vec!["Woonstichting Noord"]
        );
        assert_eq!(s.corporations["Woonstichting Noord"].budget_eur[&2025], 7.0);
        assert_eq!(
            s.source_notes,
            vec!["corporatie 'WOONSTICHTING-nöord' (scenario <ingebouwd>/scenario.toml) is gelezen als 'Woonstichting Noord', zoals het bezit haar schrijft"]
        );
    }

    #[test]
    fn figures_for_a_corporation_without_homes_are_said() {
        let mut s = Scenario::load(&Scenario::default_path()).expect("default scenario");
        let both = ["Woonstichting 1", "Woonstichting 2"];
        s.corporations
            .insert("Woonstichting 1".into(), CorporationLimits::default());
        s.drop_unknown_corporations(&both, vec![], vec![], &SheetCells::new());
        assert!(s.source_notes.is_empty(), "{:?}", s.source_notes);
        s.corporations
            .insert("Woonstichtng 2".into(), CorporationLimits::default());
        let (budgets, _) = s.drop_unknown_corporations(
            &both,
            vec![
                ("Woonstichting 1".into(), 2025, 1.0),
                ("Woonstichtng 2".into(), 2025, 1.0),
            ],
            vec![],
            &SheetCells::new(),
        );
        // Only the known corporation's sheet row is kept, and only its table.
        assert_eq!(budgets, vec![("Woonstichting 1".into(), 2025, 1.0)]);
        assert_eq!(
            s.corporations.keys().collect::<Vec<_>>(),
            vec!["Woonstichting 1"]
        );
        assert_eq!(
            s.source_notes,
            vec!["budget voor corporatie 'Woonstichtng 2' (scenario <ingebouwd>/scenario.toml, werkblad Budget; bedoelt u 'Woonstichting 2'?) telt niet mee: het bezit heeft geen woningen van die corporatie (corporaties in het bezit: Woonstichting 1, Woonstichting 2); een naam moet gespeld zijn als in de kolom corporatie (hoofdletters, spaties, streepjes en accenten tellen niet)"]
        );
        // A name that differs only in capitals and spaces is pointed to the stock's spelling.
        s.source_notes.clear();
        s.drop_unknown_corporations(
            &both,
            vec![("woonstichting  1".into(), 2025, 1.0)],
            vec![],
            &SheetCells::new(),
        );
        assert_eq!(
            s.source_notes,
            vec!["budget voor corporatie 'woonstichting  1' (werkblad Budget; bedoelt u 'Woonstichting 1'?) telt niet mee: het bezit heeft geen woningen van die corporatie (corporaties in het bezit: Woonstichting 1, Woonstichting 2); een naam moet gespeld zijn als in de kolom corporatie (hoofdletters, spaties, streepjes en accenten tellen niet)"]
        );
        // A table with only a contact says that the contact is what is dropped (helper 75).
        s.source_notes.clear();
        s.corporations.insert(
            "Woonstichtng 2".into(),
            CorporationLimits {
                contact: Some("Team B".into()),
                ..Default::default()
            },
        );
        s.drop_unknown_corporations(&both, vec![], vec![], &SheetCells::new());
        assert_eq!(s.source_notes.len(), 1, "{:?}", s.source_notes);
        assert!(
            s.source_notes[0].starts_with("contact voor corporatie 'Woonstichtng 2' (scenario <ingebouwd>/scenario.toml; bedoelt u 'Woonstichting 2'?) telt niet mee"),
            "{:?}",
            s.source_notes
        );
        // Spaces and capitals, or a typo or two: the nearest name; two equally near: none.
        let stock = ["Woonstichting 1", "Woonstichting 2"];
        assert_eq!(
            likely_meant("WOONSTICHTING2", &stock),
            Some("Woonstichting 2")
        );
        assert_eq!(
            likely_meant("Woon-stichting 1", &stock),
            Some("Woonstichting 1")
        );
        assert_eq!(
            likely_meant("Woonstichtng 2", &stock),
            Some("Woonstichting 2")
        );
        assert_eq!(likely_meant("Woonstichting 3", &stock), None);
        assert_eq!(likely_meant("Ons Huis", &stock), None);
        // A year after the deadline names its corporation; one the stock lacks is said by
        // `drop_unknown_corporations` (first), and dropped there.
        s.source_notes.clear();
        s.explicit_budget_years
            .insert(("Woonstichting 1".into(), 2027));
        s.explicit_budget_years
            .insert(("Woonstichtng 2".into(), 2028));
        s.corporations
            .insert("Woonstichtng 2".into(), CorporationLimits::default());
        s.drop_unknown_corporations(&both, vec![], vec![], &SheetCells::new());
        assert_eq!(s.source_notes.len(), 1, "{:?}", s.source_notes);
        s.source_notes.clear();
        s.note_years_after_deadline(&[], &[], "bezit.xlsx");
        assert_eq!(s.source_notes.len(), 1, "{:?}", s.source_notes);
        assert!(
            s.source_notes[0]
                .starts_with("het budget van corporatie 'Woonstichting 1' voor 2027 (scenario "),
            "{:?}",
            s.source_notes
        );
    }

    #[test]
    fn default_scenario_loads() {
        let s = Scenario::load(&Scenario::default_path()).expect("default scenario");
        assert_eq!(s.target_label, Label::B);
        assert_eq!(s.months().count(), 36);
        assert_eq!(s.species.len(), 3);
        let bat = s.species_season("vleermuis").unwrap();
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        assert_eq!(
            bat.first_survey_end_after(start),
            NaiveDate::from_ymd_opt(2024, 10, 1).unwrap()
        );
        // A plan starting mid-season takes the next year's season.
        let later = NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
        assert_eq!(
            bat.first_survey_end_after(later),
            NaiveDate::from_ymd_opt(2025, 10, 1).unwrap()
        );
    }

    #[test]
    fn energy_tables_are_built_in_or_named_by_the_scenario() {
        let default = Scenario::load(&Scenario::default_path()).unwrap();
        assert_eq!(
            default
                .energy
                .wws_points(crate::stock::HomeType::Egw, Label::B),
            34
        );
        // A scenario that names its own tables gets them, with the file named in errors.
        let dir = tempfile::tempdir().unwrap();
        let energy = embedded::ENERGY_TOML.replacen("B = 34", "B = 33", 1);
        std::fs::write(dir.path().join("mijn_energie.toml"), energy).unwrap();
        let text = "energy = \"mijn_energie.toml\"\n";
        let path = dir.path().join("s.toml");
        std::fs::write(&path, text).unwrap();
        let s = Scenario::load(&path).unwrap();
        assert_eq!(
            s.energy.wws_points(crate::stock::HomeType::Egw, Label::B),
            33
        );
        assert!(s.energy.file.ends_with("mijn_energie.toml"));
        std::fs::remove_file(dir.path().join("mijn_energie.toml")).unwrap();
        let err = Scenario::load(&path).unwrap_err().to_string();
        assert!(err.contains("mijn_energie.toml"), "{err}");
    }

    /// A pace of 0 is one mistake, said once with its range (helper 52: twice, with two).
    #[test]
    fn a_pace_of_zero_is_said_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        std::fs::write(&path, "[projects]\nhomes_per_month_per_project = 0\n").unwrap();
        let err = Scenario::load(&path).unwrap_err().to_string();
        assert_eq!(
            err.matches("homes_per_month_per_project").count(),
            1,
            "{err}"
        );
        assert!(
            err.contains("het tempo moet minstens één woning per jaar (0,0833 per maand) en hoogstens 10.000 per maand zijn, niet 0"),
            "{err}"
        );
    }

    #[test]
    fn unknown_key_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let text = embedded::SCENARIO_TOML.replace("[cost]", "[cost]\nescalatie = 3");
        let path = dir.path().join("s.toml");
        std::fs::write(&path, text).unwrap();
        let err = Scenario::load(&path).unwrap_err().to_string();
        assert!(
            err.contains("s.toml") && err.contains("cost.escalatie"),
            "{err}"
        );
    }

    #[test]
    fn a_scenario_file_names_only_what_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("krap.toml");
        std::fs::write(
            &path,
            "name = \"krap budget\"\n[budget_eur]\n2025 = 2_800_000\n[projects]\nmax_project_homes = 20\n",
        )
        .unwrap();
        let s = Scenario::load(&path).expect("partial scenario");
        let default = Scenario::load_default().unwrap();
        assert_eq!(s.name, "krap budget");
        assert_eq!(s.budget_eur.get(&2025), Some(&2_800_000.0));
        assert_eq!(s.budget_eur.get(&2024), default.budget_eur.get(&2024));
        assert_eq!(s.projects.max_project_homes, 20);
        assert_eq!(
            s.projects.homes_per_month_per_project,
            default.projects.homes_per_month_per_project
        );
        // Catalog and species come from the program, not from beside the file.
        assert_eq!(s.catalog, default.catalog);
        assert_eq!(s.species, default.species);

        // A file that names its own catalog gets that one, and an error names it.
        std::fs::write(&path, "catalog = \"mijn-catalogus.toml\"\n").unwrap();
        let err = Scenario::load(&path).unwrap_err().to_string();
        assert!(
            err.contains("mijn-catalogus.toml") && err.contains("bestaat niet"),
            "{err}"
        );
    }

    /// Costs escalate from the scenario's price level; the catalog's amounts are of its own.
    /// The two apart is refused, naming both; the same year in both is read.
    #[test]
    fn a_price_level_other_than_the_catalogs_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        std::fs::write(&path, "[cost]\nprice_level_year = 2026\n").unwrap();
        let err = Scenario::load(&path).unwrap_err().to_string();
        for part in [
            "cost.price_level_year: 2026 wijkt af van het prijspeil van de catalogus",
            "(price_level_year = 2024)",
            "retrofit scenario schrijft de catalogus",
        ] {
            assert!(err.contains(part), "{part} in {err}");
        }
        let catalog = crate::embedded::CATALOG_TOML.replacen(
            "price_level_year = 2024",
            "price_level_year = 2026",
            1,
        );
        std::fs::write(dir.path().join("cat.toml"), catalog).unwrap();
        std::fs::write(
            &path,
            "catalog = \"cat.toml\"\n[cost]\nprice_level_year = 2026\n",
        )
        .unwrap();
        let s = Scenario::load(&path).expect("both at 2026");
        assert_eq!(s.catalog.price_level_year, 2026);
        assert_eq!(s.cost.escalation_factor(2026), 1.0);
    }

    #[test]
    fn a_typo_in_a_number_is_explained_in_dutch() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        std::fs::write(&path, "[budget_eur]\n2025 = 2.800.000\n").unwrap();
        let err = Scenario::load(&path).unwrap_err().to_string();
        assert!(err.contains("s.toml: regel 2"), "{err}");
        assert!(err.contains("2800000 of 2_800_000"), "{err}");
    }
}
