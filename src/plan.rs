//! The solved schedule turned into the plan's tables: per home, per project, the budget per year
//! and quarter, the homes not planned with their reason, and the label distribution per year end.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::input::{Problem, SkippedRow, SourceInfo, Stock};
use crate::model::{Schedule, SolveReport};
use crate::projects::{Preparation, Prepared};
use crate::scenario::{Month, Scenario};
use crate::stock::{Exclusion, Home, Label};

/// One planned home (sheet `Planning`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedHome {
    pub vhe: String,
    pub corporation: String,
    pub complex: String,
    pub project: String,
    pub address: String,
    /// The street alone (the municipality's list names the streets of a block).
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub district: String,
    pub home_type: String,
    pub area_m2: f64,
    pub label_before: Label,
    pub ep2_before: f64,
    /// True when EP2 was not given and the scenario's assumed value was used.
    pub ep2_assumed: bool,
    pub package_id: String,
    pub package: String,
    /// The heat source the package installs (none for insulation and ventilation alone).
    pub heating: crate::heat_plan::Heating,
    pub ep2_after: f64,
    pub label_after: Label,
    pub start: Month,
    pub end: Month,
    /// Escalated to the project's start year, less the maintenance saving when combined.
    pub cost_eur: f64,
    /// The project starts in the home's maintenance year (`onderhoudsjaar`).
    pub maintenance_combined: bool,
    /// The saving from that, escalated (0 when not combined).
    pub maintenance_saving_eur: f64,
    pub pepper_potted: bool,
    pub private_in_block: Option<u32>,
    /// Comma separated.
    pub species: String,
}

/// See [`Plan::pace_note`].
pub const PACE_NOTE: &str = "'bewezen' geldt bij het tempo per start van het rekenmodel: een project loopt alleen langzamer bij een start waar het in zijn eigen tempo alleen al niet past. Projecten die naast elkaar allebei langzamer lopen, kent het model niet; waar de capaciteit of het budget krap is, kan zo'n plan meer woningen, lagere kosten of een betere volgorde G-F-E halen. Een reden 'budget' of 'capaciteit' in Niet ingepland geldt daarom bij het tempo per start.";

/// [`PACE_NOTE`] in short, for the screen (helper 66: five lines on every run that an adviser
/// cannot act on); the workbook's `Samenvatting` keeps the whole note.
pub const PACE_NOTE_SHORT: &str = "'bewezen' en de redenen 'budget' en 'capaciteit' gelden bij het tempo per start van het rekenmodel; projecten die naast elkaar allebei langzamer lopen, kent het model niet (zie Samenvatting)";

/// Said after a budget or capacity reason where [`PACE_NOTE`] applies.
pub const PACE_REASON_NOTE: &str =
    "; geldt bij het tempo per start van het rekenmodel (zie 'Let op (tempo)' in Samenvatting)";

/// Said after a budget or capacity reason's line (`reden`) where [`PACE_NOTE`] applies.
pub const PACE_LINE_NOTE: &str = ", bij het tempo per start van het rekenmodel";

/// The line of a budget or capacity reason of a project that alone is too large at some of its
/// starts: what holds at every start, in this plan where the reason is this plan's. It names
/// the budget (or the capacity) alone where the reason is the budget's at the starts the model
/// could choose and only the budget is too small for the project alone at the others
/// (`over`, [`crate::pace::too_large_over`]).
fn too_large_line(why: &crate::projects::NotPlanned, over: &crate::pace::AloneOverrun) -> String {
    use crate::pace::AloneOver;
    use crate::projects::NotPlanned;
    let at_model_starts = match why {
        NotPlanned::NotProven { now } | NotPlanned::NotExcluded { now, .. } => now.as_ref(),
        other => other,
    };
    let limit = match (at_model_starts, over.over()) {
        (NotPlanned::Budget { both, .. }, AloneOver::Budget) if both.is_empty() => {
            "binnen het budget"
        }
        (NotPlanned::Capacity { both, .. }, AloneOver::Capacity) if both.is_empty() => {
            "binnen de capaciteit"
        }
        _ => "binnen budget en capaciteit",
    };
    // A reason of one limit whose line names both says so in its category, and the limits
    // once (helper 107 read "budget: ... binnen budget en capaciteit" as two reasons at odds).
    let other = match (at_model_starts, limit) {
        (NotPlanned::Budget { .. }, "binnen budget en capaciteit") => {
            " en bij sommige starts capaciteit"
        }
        (NotPlanned::Capacity { .. }, "binnen budget en capaciteit") => {
            " en bij sommige starts budget"
        }
        _ => "",
    };
    let after_category = if other.is_empty() {
        format!(" {limit}")
    } else {
        String::new()
    };
    match why {
        NotPlanned::NotProven { .. } => format!(
            "plan niet bewezen optimaal; in dit plan past het bij geen enkele startmaand {limit}"
        ),
        // As the line of such a reason without this clause says it (helper 100 read
        // "budget en capaciteit (in dit plan): ..." beside "budget en capaciteit: ..., in dit
        // plan" in one column).
        NotPlanned::NotExcluded { now, .. } => format!(
            "{}{other}: past bij geen enkele startmaand{after_category}, in dit plan",
            now.category()
        ),
        _ => format!(
            "{}{other}: past bij geen enkele startmaand{after_category}",
            why.category()
        ),
    }
}

/// Ends a reason's line where its `toelichting` says what holds at the other starts.
pub const SEE_DETAIL: &str = " (zie toelichting)";

/// Said after the solver's status where [`PACE_NOTE`] applies, where the note is not beside it.
pub const PACE_STATUS: &str = "let op (tempo): bewezen bij het tempo per start van het rekenmodel; projecten die naast elkaar allebei langzamer lopen, kent het model niet";

/// One planned project (sheet `Projecten`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedProject {
    pub id: String,
    pub corporation: String,
    pub complex: String,
    pub block: String,
    pub homes: usize,
    pub start: Month,
    pub end: Month,
    pub duration_months: u32,
    /// Homes completed a month: homes / duration (the scenario's pace, or slower when that did
    /// not fit).
    pub pace_homes_per_month: f64,
    /// Escalated to the start year, less the maintenance saving: the sum of its homes' costs.
    pub cost_eur: f64,
    /// Homes combined with their planned maintenance, and the saving (escalated).
    pub maintenance_homes: usize,
    pub maintenance_saving_eur: f64,
    pub species: String,
    pub pepper_potted: bool,
    /// `2025-03-01`, given or assumed; empty without species.
    pub permit_ready: String,
    pub permit_assumed: bool,
}

/// A home in `Uitgesloten` or `Niet ingepland`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListedHome {
    pub vhe: String,
    pub corporation: String,
    pub complex: String,
    pub address: String,
    pub postcode: String,
    pub city: String,
    pub label: Label,
    /// The reason in a line (`reden`).
    pub reason: String,
    /// The reason in full where it says more than `reason` (`toelichting`): the starts and
    /// months it names, the caveats of a plan not proven or of the pace; else empty.
    pub detail: String,
    /// Short category of the reason, for counting (`sloop`, `budget`, ...).
    pub category: String,
    /// The project it would have been part of, where there is one.
    pub project: String,
    /// It stands in a block with private homes (gespikkeld): the municipality's list names
    /// those the plan leaves out.
    pub pepper_potted: bool,
    /// For a home of a project with species: the permit date its project counts with, and
    /// whether the plan assumed it (`Niet ingepland`, so that a re-plan keeps an assumed date,
    /// SPEC "assumed permit dates stay those of the previous plan").
    pub permit_ready: Option<chrono::NaiveDate>,
    pub permit_assumed: bool,
    /// For a home not planned that has a package: the package's cost at the catalog's price
    /// level, without escalation or maintenance saving (its start, which sets those, is not
    /// known): what the budget round asks of the homes left out (helper 98).
    pub package_cost_eur: Option<f64>,
}

/// Cost against budget for one year (corporation empty for a single corporation).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearBudget {
    pub corporation: String,
    pub year: i32,
    pub cost_eur: f64,
    /// Of `cost_eur`, the part of work from the previous plan whose homes are no longer in
    /// this plan (a re-plan's [`CarriedWork`]): cost without homes in this plan's counts.
    pub carried_cost_eur: f64,
    pub budget_eur: f64,
    /// Homes whose project starts this year.
    pub homes_started: usize,
    /// Homes whose project ends this year.
    pub homes_finished: usize,
    /// Escalation factor of this year against the price level.
    pub escalation_factor: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuarterCost {
    pub corporation: String,
    pub year: i32,
    /// 1..=4
    pub quarter: u32,
    pub cost_eur: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComplexYearCost {
    pub corporation: String,
    pub complex: String,
    pub year: i32,
    pub cost_eur: f64,
    pub homes_started: usize,
}

/// Work a re-plan counts without planning it: a pinned project (done, running or contracted)
/// whose homes have all left the stock's list since, or the part of a pinned project whose
/// homes have partly left (the previous plan's cost and homes less what is planned here). It
/// was paid for and took its crew, so its cost counts in the plan's years, quarters and
/// complexes as it counts against the budget ([`Plan::add_carried`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CarriedWork {
    /// The project's id.
    pub id: String,
    pub corporation: String,
    pub complex: String,
    pub start: Month,
    pub months: u32,
    pub cost_eur: f64,
    pub homes: usize,
}

impl CarriedWork {
    /// The last month it is counted in.
    pub fn end(&self) -> Month {
        self.start.plus(self.months.max(1) as i32 - 1)
    }
}

/// A home of pinned work of the previous plan that the stock now excludes (for its status,
/// uitgevoerd or in uitvoering, or for another reason such as a sale): its upgrade counts at
/// the work's last month, with the label and saving the previous plan gave it (src/replan.rs).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CarriedUpgrade {
    pub vhe: String,
    pub end: Month,
    pub label_before: Label,
    pub label_after: Label,
    pub energy_saved_kwh_per_year: f64,
    /// The stock already gives the home a label out of E, F and G (the register was updated
    /// after the work): its label counts as the stock gives it, and only its energy and CO₂
    /// are added (helper 63: updating the register dropped 314 MWh of done work).
    pub relabelled: bool,
}

/// A home of done, running or contracted work that is not in the plan's `Planning` (sold,
/// labelled out of E, F and G since, or excluded for its status), with its share of the work's
/// cost and the label and saving the work gave it: written to sheet `Werk vorig plan`, so that
/// the next re-plan still shares the work's cost and counts its saving (helper 65: a second
/// re-plan lost them, 845 MWh a year).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeftHome {
    pub project: String,
    pub vhe: String,
    pub cost_eur: f64,
    pub label_after: Option<Label>,
    pub energy_saved_kwh_per_year: Option<f64>,
}

/// Homes per label at a moment: the stock at the start, then each year end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelSnapshot {
    /// `start 2024`, `eind 2024`, or for a deadline before December `eind juni 2027`.
    pub moment: String,
    /// The year whose end it counts (`None` for the start).
    pub year_end: Option<i32>,
    /// Count per label for every label in `Label::ALL` order.
    pub counts: Vec<(Label, usize)>,
    pub efg: usize,
}

/// The whole plan: what the workbook, json and console summary are written from.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// Whether projects running slower side by side could beat the plan's proofs
    /// ([`crate::pace::side_by_side_unexplored`]); in the json too, beside the solver's status.
    pub pace_side_by_side: bool,
    pub scenario: Scenario,
    pub source: SourceInfo,
    pub homes_read: usize,
    pub efg_homes: usize,
    pub not_efg_homes: usize,
    pub planned: Vec<PlannedHome>,
    pub projects: Vec<PlannedProject>,
    pub excluded: Vec<ListedHome>,
    pub not_planned: Vec<ListedHome>,
    pub warnings: Vec<Problem>,
    pub skipped: Vec<SkippedRow>,
    pub years: Vec<YearBudget>,
    pub quarters: Vec<QuarterCost>,
    pub complex_years: Vec<ComplexYearCost>,
    pub labels: Vec<LabelSnapshot>,
    pub solve: SolveReport,
    pub tool_version: String,
    /// Work of earlier plans counted here without being planned (a re-plan only).
    pub carried: Vec<CarriedWork>,
    /// Progress against a previous plan (sheet `Voortgang`), for a re-plan only.
    #[serde(skip)]
    pub progress: Option<crate::replan::ProgressReport>,
    /// Homes of pinned work counted as upgraded though the stock excludes them for their
    /// status (a re-plan only).
    pub carried_upgrades: Vec<CarriedUpgrade>,
    /// Homes of pinned work not in `Planning` (a re-plan only; [`LeftHome`]).
    pub left_homes: Vec<LeftHome>,
    /// Against a reference plan (a comparison's baseline, a re-plan's previous plan): that
    /// plan mended only where it no longer fits, beside this plan ([`crate::plan_changes`]).
    #[serde(skip)]
    pub reference_repair: Option<crate::model::ReferenceRepair>,
}

impl Plan {
    /// Said beside the solver's status where [`Plan::pace_side_by_side`]: what "bewezen" is
    /// proven against.
    pub fn pace_note(&self) -> Option<String> {
        self.pace_side_by_side.then(|| match &self.solve.free_pace {
            Some(f) => format!("{PACE_NOTE} {}", f.dutch()),
            None => PACE_NOTE.to_string(),
        })
    }

    /// [`Plan::pace_note`] in short, for the screen and a status cell: with the homes a free
    /// pace could add where that was checked ([`crate::model::free_pace`]).
    pub fn pace_note_short(&self) -> Option<String> {
        self.pace_side_by_side.then(|| match &self.solve.free_pace {
            Some(f) => format!("{PACE_NOTE_SHORT}; {}", f.short_dutch()),
            None => PACE_NOTE_SHORT.to_string(),
        })
    }

    /// The solver's status in Dutch, with what a proof holds against where
    /// [`Plan::pace_note`] applies: for a line or cell that stands without the note
    /// (`vergelijk`; helper 62 saw "bewezen" there without it).
    pub fn status_dutch(&self) -> String {
        let status = self.solve.status_dutch();
        match (self.pace_side_by_side, &self.solve.free_pace) {
            // Not in brackets: the figure has its own ("(bewezen)"; helper 107's comparison
            // read "(bij elk tempo geen woning meer (bewezen))").
            (true, Some(f)) => format!("{status}; {PACE_STATUS}: {}", f.short_dutch()),
            (true, None) => format!("{status}; {PACE_STATUS}"),
            (false, _) => status,
        }
    }

    /// Counts `upgrades` in the label table (from each work's last month on) and keeps them for
    /// the energy and CO₂ figures.
    pub fn add_carried_upgrades(&mut self, upgrades: Vec<CarriedUpgrade>) {
        for s in &mut self.labels {
            let Some(year) = s.year_end else {
                continue;
            };
            for u in upgrades.iter().filter(|u| {
                !u.relabelled && u.end <= Month::new(year, 12) && u.label_before != u.label_after
            }) {
                for (label, n) in &mut s.counts {
                    if *label == u.label_before {
                        *n = n.saturating_sub(1);
                    } else if *label == u.label_after {
                        *n += 1;
                    }
                }
                s.efg = s.efg + usize::from(u.label_after.is_efg())
                    - usize::from(u.label_before.is_efg());
            }
        }
        self.carried_upgrades = upgrades;
    }

    /// How many of the homes the plan excludes count as upgraded by `by` through pinned work.
    pub fn carried_upgraded_by(&self, by: Month) -> usize {
        self.carried_upgraded_homes_by(by).len()
    }

    /// The homes [`Plan::carried_upgraded_by`] counts.
    pub fn carried_upgraded_homes_by(&self, by: Month) -> std::collections::BTreeSet<&str> {
        self.carried_upgrades
            .iter()
            .filter(|u| !u.relabelled && u.end <= by && !u.label_after.is_efg())
            .map(|u| u.vhe.as_str())
            .collect()
    }

    /// Counts of excluded homes by reason, in the order of `Exclusion::ALL`.
    pub fn excluded_by_reason(&self) -> Vec<(String, usize)> {
        let mut counts = count_by(self.excluded.iter().map(|h| h.category.as_str()));
        let rank = |c: &str| Exclusion::ALL.iter().position(|e| e.reason() == c);
        counts.sort_by_key(|(c, _)| rank(c));
        counts
    }

    /// Counts of homes not planned by reason, most first.
    pub fn not_planned_by_reason(&self) -> Vec<(String, usize)> {
        let mut counts = count_by(self.not_planned.iter().map(|h| h.category.as_str()));
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        counts
    }

    /// The planned projects' cost and the work carried from earlier plans.
    pub fn total_cost_eur(&self) -> f64 {
        self.projects.iter().map(|p| p.cost_eur).sum::<f64>() + self.carried_cost_eur()
    }

    /// The homes of the work carried from earlier plans ([`CarriedWork`]): not in this plan's
    /// home counts.
    pub fn carried_homes(&self) -> usize {
        self.carried.iter().map(|w| w.homes).sum()
    }

    /// The cost of the work carried from earlier plans ([`CarriedWork`]).
    pub fn carried_cost_eur(&self) -> f64 {
        self.carried.iter().map(|w| w.cost_eur).sum()
    }

    /// Counts `work`'s cost in the years, quarters and complexes, spread evenly over its months
    /// as the solver counts it. Its homes are not counted there: the plan's home counts are of
    /// the homes in this plan (labels E, F and G), whose total the workbook and the console
    /// give; `Voortgang` compares work done and forecast with them included.
    /// The corporations it plans for, each once, in order (`""` for a stock of one).
    pub fn corporations(&self) -> Vec<&str> {
        let set: BTreeSet<&str> = self.years.iter().map(|y| y.corporation.as_str()).collect();
        set.into_iter().collect()
    }

    pub fn add_carried(&mut self, work: CarriedWork) {
        let months = work.months.max(1) as i32;
        let per_month = work.cost_eur / months as f64;
        for k in 0..months {
            let m = work.start.plus(k);
            if let Some(y) = self
                .years
                .iter_mut()
                .find(|y| y.corporation == work.corporation && y.year == m.year())
            {
                y.cost_eur += per_month;
                y.carried_cost_eur += per_month;
            }
            if let Some(q) = self.quarters.iter_mut().find(|q| {
                q.corporation == work.corporation && q.year == m.year() && q.quarter == m.quarter()
            }) {
                q.cost_eur += per_month;
            }
            self.complex_year(&work, m.year()).cost_eur += per_month;
        }
        self.carried.push(work);
    }

    /// The row of `work`'s complex in `year`, added in order when there is none yet.
    fn complex_year(&mut self, work: &CarriedWork, year: i32) -> &mut ComplexYearCost {
        let key = |c: &ComplexYearCost| (c.corporation.clone(), c.complex.clone(), c.year);
        let wanted = (work.corporation.clone(), work.complex.clone(), year);
        let at = match self.complex_years.binary_search_by(|c| key(c).cmp(&wanted)) {
            Ok(i) => i,
            Err(i) => {
                self.complex_years.insert(
                    i,
                    ComplexYearCost {
                        corporation: work.corporation.clone(),
                        complex: work.complex.clone(),
                        year,
                        cost_eur: 0.0,
                        homes_started: 0,
                    },
                );
                i
            }
        };
        &mut self.complex_years[at]
    }
}

fn count_by<'a>(items: impl Iterator<Item = &'a str>) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for c in items {
        match counts.iter_mut().find(|(k, _)| k == c) {
            Some((_, n)) => *n += 1,
            None => counts.push((c.to_string(), 1)),
        }
    }
    counts
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

impl ListedHome {
    /// The reason in a line without its pointer to the `toelichting` ([`SEE_DETAIL`]), for
    /// texts outside `Niet ingepland` (`Voortgang`, `Verschillen`).
    pub fn reason_line(&self) -> &str {
        self.reason.strip_suffix(SEE_DETAIL).unwrap_or(&self.reason)
    }

    /// The reason in full: `detail`, or the line where that says it all.
    fn full_reason(&self) -> &str {
        if self.detail.is_empty() {
            &self.reason
        } else {
            &self.detail
        }
    }

    /// Adds `more` to the reason in full (`toelichting`), which starts as the reason in a line.
    pub fn add_detail(&mut self, more: &str) {
        self.detail = format!("{}{more}", self.full_reason());
    }
}

/// A home not planned, with its reason in a line and in full (`detail` empty where the line
/// says it all).
fn not_planned_home(
    home: &Home,
    why: &crate::projects::NotPlanned,
    target: Label,
    project: &str,
) -> ListedHome {
    let short = why.short_reason(target);
    let full = why.reason(target);
    ListedHome {
        detail: if full == short { String::new() } else { full },
        ..listed(home, short, why.category(), project)
    }
}

fn listed(home: &Home, reason: String, category: &str, project: &str) -> ListedHome {
    ListedHome {
        detail: String::new(),
        vhe: home.vhe.clone(),
        corporation: home.corporation.clone(),
        complex: home.complex.clone(),
        address: home.address(),
        postcode: opt(&home.postcode),
        city: opt(&home.city),
        label: home.label,
        reason,
        category: category.to_string(),
        project: project.to_string(),
        pepper_potted: home.pepper_potted,
        permit_ready: None,
        permit_assumed: false,
        package_cost_eur: None,
    }
}

/// A home's cost in `project` started in `start`, given its cost at this scenario's prices:
/// that, except in pinned work that counts the previous plan's cost
/// ([`Project::pinned_cost_eur`]), where it is the share the previous plan gave the home
/// ([`Project::pinned_home_costs`]); for a home without one, its share of the cost pro rata to
/// its priced cost (evenly where those are nothing), so that the homes add up to their project.
fn home_cost(
    project: &crate::projects::Project,
    vhe: &str,
    start: Month,
    scenario: &Scenario,
    priced: f64,
) -> f64 {
    let Some(cost) = project.pinned_cost_eur else {
        return priced;
    };
    if let Some(&share) = project.pinned_home_costs.get(vhe) {
        return share;
    }
    let project_priced = project.priced_cost_at(start, scenario);
    if project_priced > 0.0 {
        priced * cost / project_priced
    } else {
        cost / project.home_count().max(1) as f64
    }
}

/// Builds the plan from the stock, its preparation and the solved schedule.
pub fn build(stock: &Stock, scenario: &Scenario, prep: &Preparation, schedule: &Schedule) -> Plan {
    build_for(stock, scenario, scenario, prep, schedule)
}

/// [`build`] of a plan solved under `limits`: in a re-plan the scenario from `--vanaf` with the
/// work done, running or contracted counted ([`Scenario::committed`]), against which a project
/// left out is too large at some starts (helper 102: "het budget van een jaar () of de
/// capaciteit van een maand ()", the overruns sought against the whole budget and capacity).
pub fn build_for(
    stock: &Stock,
    scenario: &Scenario,
    limits: &Scenario,
    prep: &Preparation,
    schedule: &Schedule,
) -> Plan {
    let homes = &stock.homes;
    let target = scenario.target_label;
    let side_by_side = crate::pace::side_by_side_unexplored(&prep.projects, scenario);
    let mut planned = Vec::new();
    let mut excluded = Vec::new();
    let mut not_planned = Vec::new();
    let mut efg = 0;
    // Month in which each planned home's label improves (its project's end).
    let mut improved: Vec<Option<(Month, Label)>> = vec![None; homes.len()];

    for (i, home) in homes.iter().enumerate() {
        if home.label.is_efg() {
            efg += 1;
        }
        match &prep.homes[i] {
            Prepared::NotEfg => {}
            Prepared::Excluded(e) => {
                excluded.push(listed(home, e.reason().to_string(), e.reason(), ""))
            }
            Prepared::NoPackage { best_label } => {
                let why = crate::projects::NotPlanned::NoPackage {
                    best_label: *best_label,
                };
                not_planned.push(not_planned_home(home, &why, target, ""));
            }
            Prepared::NoRegretOnly(why) => {
                not_planned.push(not_planned_home(home, why, target, ""));
            }
            Prepared::InProject { project } => {
                let p = &prep.projects[*project];
                match schedule.starts[*project] {
                    Some(start) => {
                        let Some(m) = &prep.measures[i] else { continue };
                        let package = &scenario.catalog.packages[m.choice.package];
                        let end = p.end_month(start);
                        improved[i] = Some((end, m.choice.label_after));
                        planned.push(PlannedHome {
                            vhe: home.vhe.clone(),
                            corporation: home.corporation.clone(),
                            complex: home.complex.clone(),
                            project: p.id.clone(),
                            address: home.address(),
                            street: opt(&home.street),
                            postcode: opt(&home.postcode),
                            city: opt(&home.city),
                            district: opt(&home.district),
                            home_type: home.home_type.to_string(),
                            area_m2: home.area_m2,
                            label_before: home.label,
                            ep2_before: m.ep2_before,
                            ep2_assumed: m.ep2_assumed,
                            package_id: package.id.clone(),
                            package: package.name.clone(),
                            heating: package.heating,
                            ep2_after: m.choice.ep2_after,
                            label_after: m.choice.label_after,
                            start,
                            end,
                            cost_eur: home_cost(
                                p,
                                &home.vhe,
                                start,
                                scenario,
                                m.choice.cost_eur
                                    * scenario.maintenance.factor(home.maintenance_year, start)
                                    * scenario.cost.escalation_factor(start.year()),
                            ),
                            maintenance_combined: scenario
                                .maintenance
                                .combined(home.maintenance_year, start),
                            maintenance_saving_eur: m.choice.cost_eur
                                * (1.0 - scenario.maintenance.factor(home.maintenance_year, start))
                                * scenario.cost.escalation_factor(start.year()),
                            pepper_potted: home.pepper_potted,
                            private_in_block: home.private_in_block,
                            species: home.species.join(", "),
                        });
                    }
                    None => {
                        let why = schedule.reasons[*project]
                            .clone()
                            .or_else(|| p.blocked.clone())
                            .unwrap_or(crate::projects::NotPlanned::SolverLimit);
                        let mut listed_home = ListedHome {
                            permit_ready: p.permit_ready,
                            permit_assumed: p.permit_assumed,
                            package_cost_eur: prep.measures[i].as_ref().map(|m| m.choice.cost_eur),
                            ..not_planned_home(home, &why, target, &p.id)
                        };
                        if why.is_budget_or_capacity() {
                            // Which limit the project alone overruns, computed once for
                            // the clause and the line.
                            let over = crate::pace::too_large_over(p, limits);
                            let too_large = over
                                .as_ref()
                                .map(|o| crate::projects::too_large_clause_for(p, limits, o));
                            if let (Some(clause), Some(over)) = (&too_large, &over) {
                                // The reason is of the starts the model could choose; at the
                                // others the project alone is too large. The line then says
                                // only what holds at every start (helper 70: "ook niet met meer
                                // capaciteit alleen" where capacity alone blocked some starts).
                                let line = too_large_line(&why, over);
                                listed_home.detail = format!(
                                    "{line}{clause}; bij de andere starts: {}",
                                    why.reason_at_other_starts(target)
                                );
                                listed_home.reason = line;
                            }
                            if side_by_side {
                                // In the line too: it prints, and Voortgang shows it (helper 70).
                                // The detail first: without one, it is made from the line,
                                // which would then say it twice (helper 86).
                                listed_home.add_detail(PACE_REASON_NOTE);
                                listed_home.reason.push_str(PACE_LINE_NOTE);
                            }
                            if too_large.is_some() {
                                listed_home.reason.push_str(SEE_DETAIL);
                            }
                        }
                        // In a re-plan, the months before next year's list are closed to it:
                        // said beside whatever keeps it out of the others (helper 83: "verhoog
                        // het budget" where 2027's budget had room), unless its reason says it.
                        // Only where the other rules leave it a start before that month
                        // (helper 86: a project that could not start before April anyway).
                        let listed_from = p.pepper_potted_listed_from.filter(|&from| {
                            !matches!(why, crate::projects::NotPlanned::PepperPottedMonth { .. })
                                && crate::projects::starts_before_list(p, scenario, from)
                        });
                        if let Some(from) = listed_from {
                            listed_home.add_detail(&format!(
                                "; vóór {from} mag het niet starten: {}",
                                crate::projects::not_listed_text(from)
                            ));
                            // In the line too, which is read first (helper 84: "verhoog het
                            // budget" read as this year's budget).
                            listed_home
                                .reason
                                .push_str(&format!(" (niet vóór {from}: lijst gemeente)"));
                        }
                        not_planned.push(listed_home);
                    }
                }
            }
        }
    }

    let mut projects = Vec::new();
    let mut years: BTreeMap<(String, i32), YearBudget> = BTreeMap::new();
    let mut quarters: BTreeMap<(String, i32, u32), f64> = BTreeMap::new();
    let mut complex_years: BTreeMap<(String, String, i32), (f64, usize)> = BTreeMap::new();
    let corporations: Vec<String> = {
        let mut c: Vec<String> = homes.iter().map(|h| h.corporation.clone()).collect();
        c.sort();
        c.dedup();
        c
    };
    for corp in &corporations {
        for y in scenario.years() {
            years.insert(
                (corp.clone(), y),
                YearBudget {
                    corporation: corp.clone(),
                    year: y,
                    cost_eur: 0.0,
                    carried_cost_eur: 0.0,
                    budget_eur: scenario.budget(corp, y),
                    homes_started: 0,
                    homes_finished: 0,
                    escalation_factor: scenario.cost.escalation_factor(y),
                },
            );
            for q in 1..=4 {
                quarters.insert((corp.clone(), y, q), 0.0);
            }
        }
    }
    for (pi, p) in prep.projects.iter().enumerate() {
        let Some(start) = schedule.starts[pi] else {
            continue;
        };
        let end = p.end_month(start);
        let cost = p.cost_at(start, scenario);
        let months = p.duration_at(start);
        let per_month = cost / months as f64;
        for k in 0..months as i32 {
            let m = start.plus(k);
            if let Some(y) = years.get_mut(&(p.corporation.clone(), m.year())) {
                y.cost_eur += per_month;
            }
            *quarters
                .entry((p.corporation.clone(), m.year(), m.quarter()))
                .or_insert(0.0) += per_month;
            let e = complex_years
                .entry((p.corporation.clone(), p.complex.clone(), m.year()))
                .or_insert((0.0, 0));
            e.0 += per_month;
        }
        complex_years
            .entry((p.corporation.clone(), p.complex.clone(), start.year()))
            .or_insert((0.0, 0))
            .1 += p.home_count();
        if let Some(y) = years.get_mut(&(p.corporation.clone(), start.year())) {
            y.homes_started += p.home_count();
        }
        if let Some(y) = years.get_mut(&(p.corporation.clone(), end.year())) {
            y.homes_finished += p.home_count();
        }
        projects.push(PlannedProject {
            id: p.id.clone(),
            corporation: p.corporation.clone(),
            complex: p.complex.clone(),
            block: opt(&p.block),
            homes: p.home_count(),
            start,
            end,
            duration_months: p.duration_at(start),
            pace_homes_per_month: p.homes_per_month_at(start),
            cost_eur: cost,
            maintenance_homes: p
                .homes
                .iter()
                .filter(|&&h| {
                    scenario
                        .maintenance
                        .combined(homes[h].maintenance_year, start)
                })
                .count(),
            maintenance_saving_eur: p.maintenance_saving_at(start, scenario)
                * scenario.cost.escalation_factor(start.year()),
            species: p.species.join(", "),
            pepper_potted: p.pepper_potted,
            permit_ready: p.permit_ready.map(|d| d.to_string()).unwrap_or_default(),
            permit_assumed: p.permit_assumed,
        });
    }
    projects.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
    // Within a project, addresses in natural order (street, house number as a number, addition).
    planned.sort_by(|a, b| {
        (a.start, &a.project)
            .cmp(&(b.start, &b.project))
            .then_with(|| crate::natural_sort::natural_cmp(&a.address, &b.address))
            .then_with(|| a.vhe.cmp(&b.vhe))
    });

    let mut labels = vec![snapshot(
        format!("start {}", scenario.start_month.year()),
        None,
        homes.iter().map(|h| h.label),
    )];
    let deadline = scenario.deadline_month;
    for y in scenario.years() {
        let year_end = Month::new(y, 12);
        // No work ends after the deadline: a deadline before December is named as the moment
        // (helper 85 read "eind 2027" of a plan that ends in June).
        let moment = if y == deadline.year() && deadline.month() < 12 {
            format!(
                "eind {} {y}",
                crate::nl_format::month_name(deadline.month())
            )
        } else {
            format!("eind {y}")
        };
        labels.push(snapshot(
            moment,
            Some(y),
            homes.iter().zip(&improved).map(|(h, imp)| match imp {
                Some((end, after)) if *end <= year_end => *after,
                _ => h.label,
            }),
        ));
    }

    Plan {
        scenario: scenario.clone(),
        source: stock.source.clone(),
        homes_read: homes.len(),
        efg_homes: efg,
        not_efg_homes: homes.len() - efg,
        planned,
        projects,
        excluded,
        not_planned,
        warnings: stock.warnings.clone(),
        skipped: stock.skipped.clone(),
        years: years.into_values().collect(),
        quarters: quarters
            .into_iter()
            .map(|((corporation, year, quarter), cost_eur)| QuarterCost {
                corporation,
                year,
                quarter,
                cost_eur,
            })
            .collect(),
        complex_years: complex_years
            .into_iter()
            .map(
                |((corporation, complex, year), (cost_eur, homes_started))| ComplexYearCost {
                    corporation,
                    complex,
                    year,
                    cost_eur,
                    homes_started,
                },
            )
            .collect(),
        labels,
        solve: schedule.report.clone(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        carried: Vec::new(),
        progress: None,
        carried_upgrades: Vec::new(),
        left_homes: Vec::new(),
        pace_side_by_side: side_by_side,
        reference_repair: schedule.repair,
    }
}

fn snapshot(
    moment: String,
    year_end: Option<i32>,
    labels: impl Iterator<Item = Label>,
) -> LabelSnapshot {
    let mut counts: Vec<(Label, usize)> = Label::ALL.iter().map(|&l| (l, 0)).collect();
    for l in labels {
        if let Some(c) = counts.iter_mut().find(|(k, _)| *k == l) {
            c.1 += 1;
        }
    }
    let efg = counts
        .iter()
        .filter(|(l, _)| l.is_efg())
        .map(|(_, n)| n)
        .sum();
    LabelSnapshot {
        moment,
        year_end,
        counts,
        efg,
    }
}
