//! Re-planning against a previous plan (`retrofit plan --vorig-plan PLAN.xlsx --vanaf JJJJ-MM`):
//! reads the previous plan workbook's `Projecten` (with the progress the user filled in) and
//! `Planning` sheets, pins the projects that are done, running or contracted at their (actual)
//! months, takes their cost and capacity off what the solve may use, keeps the permit dates the
//! previous plan assumed, lets open projects start no earlier than `--vanaf`, and hands the
//! previous start months to the solver as the stability reference
//! ([`crate::model::ScheduleOptions::reference_starts`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, Range, Reader};
use chrono::NaiveDate;

use crate::input::cellref::cell_ref;
use crate::input::raw::{convert_data, Cell, Origin};
use crate::input::values::{fmt_date, thousands};
use crate::input::Stock;
use crate::model::{self, Schedule, ScheduleOptions};
use crate::pace;
use crate::plan::{self, CarriedUpgrade, Plan};
use crate::projects::{self, Project};
use crate::room::Room;
use crate::scenario::{Committed, Month, Scenario};
use crate::stock::Label;

/// Header of the progress column in `Projecten`.
pub const PROGRESS_COLUMN: &str = "voortgang";
/// Header of the actual start month column.
pub const ACTUAL_START_COLUMN: &str = "werkelijke_start";
/// Header of the actual end month column.
pub const ACTUAL_END_COLUMN: &str = "werkelijk_gereed";
/// The values of `voortgang` (empty: open).
pub const PROGRESS_VALUES: [&str; 3] = ["gereed", "in uitvoering", "vastgelegd"];

/// What the user says about a project of the previous plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Done,
    Running,
    Contracted,
    /// Empty: may be re-planned.
    Open,
}

impl Progress {
    pub fn dutch(self) -> &'static str {
        match self {
            Progress::Done => "gereed",
            Progress::Running => "in uitvoering",
            Progress::Contracted => "vastgelegd",
            Progress::Open => "open",
        }
    }

    /// Done, running and contracted projects keep their months.
    pub fn pinned(self) -> bool {
        self != Progress::Open
    }
}

/// One project row of the previous plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviousProject {
    /// `Projecten!A5`: the cell of its id, for messages.
    pub cell: String,
    pub id: String,
    pub start: Month,
    pub end: Month,
    pub progress: Progress,
    pub actual_start: Option<Month>,
    pub actual_end: Option<Month>,
    /// `Projecten!T5`: the cell of its `werkelijk_gereed`, for messages about it.
    pub actual_end_cell: String,
    /// The cell its pinned start comes from: `werkelijke_start` when filled in, else
    /// `startmaand`, with that column's name.
    pub start_cell: (String, &'static str),
    /// The permit date the previous plan assumed (none when it was given or there was none).
    pub permit_assumed: Option<NaiveDate>,
    /// Its homes (vhe) from the `Planning` sheet, sorted.
    pub homes: Vec<String>,
    /// `kosten_eur` of the previous plan (escalated, at its planned start).
    pub cost_eur: Option<f64>,
    /// Its `complex` in `Projecten` (empty when the column is missing).
    pub complex: String,
    /// Its `woningen` in `Projecten`: also for a project whose homes have left the stock's
    /// list (carried over from an earlier re-plan), which has no rows in `Planning`.
    pub listed_homes: Option<usize>,
    /// Its `gespikkeld` in `Projecten` (`None` where the column or the cell is empty): whether
    /// it was on the municipality's list of its year.
    pub pepper_potted: Option<bool>,
}

impl PreviousProject {
    /// Homes its work was on: those in `Planning`, or the count `Projecten` gives.
    pub fn home_count(&self) -> usize {
        self.homes.len().max(self.listed_homes.unwrap_or(0))
    }

    /// The months it keeps when pinned: the actual start (else the planned one) and the actual
    /// end (else the start plus the planned duration).
    pub fn pinned_months(&self) -> (Month, Month) {
        let start = self.actual_start.unwrap_or(self.start);
        let end = self
            .actual_end
            .unwrap_or_else(|| start.plus(self.end.since(self.start)));
        (start, end)
    }

    /// [`PreviousProject::pinned_months`] as of a monitoring in `from`, without
    /// `werkelijk_gereed`: a project still running then runs at least through `from`, and one
    /// done then ended by `from`, whatever its planned end.
    pub fn months_at(&self, from: Month) -> (Month, Month) {
        let (start, end) = self.pinned_months();
        match self.progress {
            Progress::Running if self.actual_end.is_none() && end < from => (start, from),
            // Done by the monitoring: not after it (a start after it is an error).
            Progress::Done if self.actual_end.is_none() && end > from => (start, from.max(start)),
            _ => (start, end),
        }
    }
}

/// The previous plan as read.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviousPlan {
    pub path: PathBuf,
    pub projects: Vec<PreviousProject>,
    /// The name of its scenario (`Samenvatting`'s row `Scenario`), when it says one.
    pub scenario: Option<String>,
    /// The projects its own `Voortgang` sheet lists (the plan before it), when it is a re-plan
    /// (`None` without that sheet's table): a project carried over from an earlier monitoring
    /// is among them; a row typed into `Projecten` by hand is not.
    pub listed_before: Option<BTreeSet<String>>,
    /// The projects its `Niet ingepland` lists: left out there, not new to the stock.
    pub left_out: BTreeSet<String>,
    /// Per home (vhe) in its `Planning` sheet: the label and saving its work gives, where the
    /// sheet has `label_na`, `ep2_voor`, `ep2_na` and `gbo_m2` for it.
    pub effects: BTreeMap<String, HomeEffect>,
    /// Per home (vhe) in its `Planning` sheet: its `kosten_eur`, where it gives one: the
    /// weights by which pinned work whose homes partly left shares its cost
    /// ([`home_shares`]).
    pub home_costs: BTreeMap<String, f64>,
    /// Per project: the homes of its work that were no longer in that plan's `Planning`
    /// (sheet `Werk vorig plan` of a re-plan; [`crate::plan::LeftHome`]). Their costs and
    /// effects are in `home_costs` and `effects`.
    pub left_homes: BTreeMap<String, Vec<String>>,
    /// Per project it did not plan: the permit date it assumed (sheet `Niet ingepland`).
    pub assumed_permits: BTreeMap<String, NaiveDate>,
    /// The same per home (`vhe`), of the left-out projects and of the projects in `Projecten`
    /// with `vergunning_aangenomen` ja: for a project regrouped since (another id), whose
    /// homes keep their assumed dates (helper 68: a new `max_project_homes` assumed them anew
    /// from `--vanaf`, after the deadline).
    pub assumed_permits_by_home: BTreeMap<String, NaiveDate>,
    /// What reading it found typed over the program's own record and set right (a home count
    /// in `Projecten`), each naming its cell: warnings of the re-plan.
    pub read_notes: Vec<String>,
}

/// What a previous plan's work does to one home.
#[derive(Debug, Clone, PartialEq)]
pub struct HomeEffect {
    pub label_after: Label,
    pub energy_saved_kwh_per_year: f64,
}

const PROJECTS_SHEET: &str = "Projecten";
const PLANNING_SHEET: &str = "Planning";
const NOT_PLANNED_SHEET: &str = "Niet ingepland";
const SUMMARY_SHEET: &str = "Samenvatting";
/// A re-plan's sheet of the previous plan's projects, and its column of their rows there.
pub const PROGRESS_SHEET: &str = "Voortgang";
pub const PREVIOUS_ROW_COLUMN: &str = "rij_vorig_plan";
/// A re-plan's sheet of the homes of pinned work that are not in its `Planning`.
pub const LEFT_HOMES_SHEET: &str = "Werk vorig plan";

fn sheet(path: &Path, name: &str) -> Result<Range<Data>, String> {
    if path.is_dir() {
        return Err(format!(
            "vorig plan {}: dit is een map, geen bestand; geef het planbestand (.xlsx) dat retrofit schreef (--vorig-plan)",
            path.display()
        ));
    }
    if !path.is_file() {
        return Err(format!(
            "vorig plan {}: bestand niet gevonden (--vorig-plan)",
            path.display()
        ));
    }
    let mut book = open_workbook_auto(path).map_err(|e| {
        // calamine's own words are English: say it in Dutch, with its reason for the expert.
        let what = match e {
            calamine::Error::Msg(_) => "geen Excel-werkboek (.xlsx, .xlsm, .xls of .ods)".to_string(),
            other => format!("niet te openen als werkboek ({other})"),
        };
        format!(
            "vorig plan {}: {what}; geef het planbestand (.xlsx) dat retrofit schreef (--vorig-plan)",
            path.display()
        )
    })?;
    // Excel takes sheet names in any case: `projecten` is the sheet `Projecten`.
    let actual = book
        .sheet_names()
        .into_iter()
        .find(|n| n.trim().eq_ignore_ascii_case(name))
        .unwrap_or_else(|| name.to_string());
    book.worksheet_range(&actual).map_err(|_| {
        format!(
            "vorig plan {}: het blad {name} ontbreekt; geef een planbestand dat retrofit schreef (--vorig-plan)",
            path.display()
        )
    })
}

/// Header name -> zero-based column within the range; a missing required header is an error.
fn columns(
    range: &Range<Data>,
    sheet: &str,
    path: &Path,
    required: &[&str],
) -> Result<BTreeMap<String, usize>, String> {
    let mut out = BTreeMap::new();
    // Each header as typed, for messages.
    let mut typed = BTreeMap::new();
    if let Some(header) = range.rows().next() {
        for (j, cell) in header.iter().enumerate() {
            match cell {
                Data::String(s) if !s.trim().is_empty() => {
                    out.entry(s.trim().to_lowercase()).or_insert(j);
                    typed.insert(j, s.trim().to_string());
                }
                _ => {}
            }
        }
    }
    for name in required {
        if !out.contains_key(*name) {
            return Err(format!(
                "vorig plan {}: blad {sheet} mist de kolom '{name}'{}",
                path.display(),
                lookalike_header(&typed, name, sheet)
            ));
        }
    }
    Ok(out)
}

/// A header that most likely is the missing column `name` (`Voortgang (status)` for
/// `voortgang`, a typo), as advice; empty when none is close (helper 77: a renamed progress
/// column got no hint, where the stock's importer gives one).
fn lookalike_header(headers: &BTreeMap<usize, String>, name: &str, sheet: &str) -> String {
    use crate::input::columns::{closest, normalize_header, strip_parentheses};
    let wanted = normalize_header(name);
    let found = headers.iter().map(|(j, h)| (h, j)).find(|(header, _)| {
        let plain = normalize_header(&strip_parentheses(header));
        // The name, a typo of it, or a header that begins with it (`Voortgang project`).
        plain == wanted
            || closest(&plain, &[wanted.as_str()]).is_some()
            || (wanted.len() >= 5 && plain.starts_with(&wanted))
    });
    match found {
        Some((header, &j)) => format!(
            "; bedoelt u de kop '{header}' ({})? Hernoem die dan naar {name}",
            cell_ref(sheet, 0, j as u32)
        ),
        None => String::new(),
    }
}

struct Grid<'a> {
    range: &'a Range<Data>,
    sheet: &'a str,
}

impl Grid<'_> {
    fn cell(&self, row: usize, col: usize) -> Cell {
        self.range
            .get((row, col))
            .map(convert_data)
            .unwrap_or(Cell::Empty)
    }

    /// The number in column `col` of `row`, where the column exists and holds a finite number.
    fn finite_number(&self, row: usize, col: Option<usize>) -> Option<f64> {
        match col.map(|c| self.cell(row, c)) {
            Some(Cell::Number(v)) if v.is_finite() => Some(v),
            _ => None,
        }
    }

    /// The amount in euros in column `col` of `row` (`kosten_eur`), read as the stock reads
    /// amounts (text with a decimal comma or a euro sign too): `None` for an empty cell, an
    /// error naming the cell for one that is no amount or a negative one (`what` the amount
    /// is of: "het werk", "de woning").
    fn amount(&self, row: usize, col: usize, what: &str) -> Result<Option<f64>, String> {
        let mut ignored = Vec::new();
        match crate::input::values::amount(&self.cell(row, col), Origin::Workbook, &mut ignored) {
            Ok(Some(v)) if v < 0.0 => Err(format!(
                "{}: kosten_eur is negatief ({}); vul het bedrag van {what} in, of laat de cel leeg",
                self.place(row, col),
                crate::nl_format::given(v)
            )),
            Ok(v) => Ok(v),
            Err(e) => Err(format!("{}: kosten_eur: {e}", self.place(row, col))),
        }
    }

    fn place(&self, row: usize, col: usize) -> String {
        let (r0, c0) = self.range.start().unwrap_or((0, 0));
        cell_ref(self.sheet, r0 + row as u32, c0 + col as u32)
    }

    fn text(&self, row: usize, col: usize) -> String {
        match self.cell(row, col) {
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(v) => crate::input::values::fmt_nl(v),
            _ => String::new(),
        }
    }

    /// A month: `2025-04` as text, or a date cell (Excel turns typed `2025-04` into one).
    fn month(&self, row: usize, col: usize) -> Result<Option<Month>, String> {
        let cell = self.cell(row, col);
        match &cell {
            Cell::Empty => Ok(None),
            Cell::Text(s) if s.trim().is_empty() => Ok(None),
            Cell::Text(s) => Month::parse(s).map(Some).ok_or_else(|| {
                format!(
                    "{}: '{s}' is geen maand; schrijf JJJJ-MM (bv. 2025-04) of de maand in woorden (april 2025 of apr 2025)",
                    self.place(row, col)
                )
            }),
            Cell::Date(_) | Cell::Number(_) => {
                // A plain number is read as Excel's day count only when that gives a date of
                // this century: 202405 is not May 2024 but a day in 2454.
                let plain = match cell {
                    Cell::Number(n) => Some(n),
                    _ => None,
                };
                match (crate::input::values::date(&cell, Origin::Workbook), plain) {
                    (Ok(Some(d)), None) => Ok(Some(Month::first_starting_on_or_after(
                        d.with_day0(0).unwrap_or(d),
                    ))),
                    (Ok(Some(d)), Some(_)) if (2000..=2100).contains(&d.year()) => Ok(Some(
                        Month::first_starting_on_or_after(d.with_day0(0).unwrap_or(d)),
                    )),
                    (_, Some(n)) => Err(format!(
                        "{}: {} is geen maand; schrijf JJJJ-MM (bv. 2025-04) of de maand in woorden (april 2025 of apr 2025)",
                        self.place(row, col),
                        crate::input::values::fmt_nl(n)
                    )),
                    _ => Err(format!(
                        "{}: geen maand; schrijf JJJJ-MM (bv. 2025-04) of de maand in woorden (april 2025 of apr 2025)",
                        self.place(row, col)
                    )),
                }
            }
            _ => Err(format!(
                "{}: geen maand; schrijf JJJJ-MM (bv. 2025-04) of de maand in woorden (april 2025 of apr 2025)",
                self.place(row, col)
            )),
        }
    }
}

use chrono::Datelike;

/// One error as it is; several as a count and one line each (at most
/// [`MAX_ERRORS_SHOWN`], then how many more).
fn several_errors(errors: Vec<String>) -> String {
    if errors.len() == 1 {
        return errors.into_iter().next().unwrap_or_default();
    }
    let mut text = format!("{} fouten in het vorige plan:", errors.len());
    for e in errors.iter().take(MAX_ERRORS_SHOWN) {
        text.push_str("\n  ");
        text.push_str(e);
    }
    if errors.len() > MAX_ERRORS_SHOWN {
        text.push_str(&format!(
            "\n  ... en nog {} meer",
            errors.len() - MAX_ERRORS_SHOWN
        ));
    }
    text
}

/// At most this many errors of a previous plan are listed.
const MAX_ERRORS_SHOWN: usize = 20;

/// Reads a previous plan workbook written by retrofit. Every bad value is an error naming its
/// cell; all of them are reported together.
pub fn read_previous_plan(path: &Path) -> Result<PreviousPlan, String> {
    let (plan, errors) = read_rows(path)?;
    if !errors.is_empty() {
        return Err(several_errors(errors));
    }
    Ok(plan)
}

/// [`read_previous_plan`] for a re-plan from `from` (`--vanaf`) under `scenario`: the
/// progress those months contradict ([`progress_errors`]) is listed with the cells that cannot
/// be read, so that every mistake of the previous plan comes in one list.
pub fn read_previous_plan_at(
    path: &Path,
    from: Month,
    scenario: &Scenario,
) -> Result<PreviousPlan, String> {
    let (plan, mut errors) = read_rows(path)?;
    errors.extend(progress_errors(&plan, from, scenario));
    if !errors.is_empty() {
        return Err(several_errors(errors));
    }
    Ok(plan)
}

/// Whether a progress value says the work will not go ahead ("geannuleerd", "vervallen",
/// "gaat niet door", "geschrapt", "afgeblazen", "uitgesteld" is not: that is a later month).
fn is_cancellation(text: &str) -> bool {
    let t = text.to_lowercase();
    [
        "annul",
        "vervall",
        "vervalt",
        "niet door",
        "geschrapt",
        "schrappen",
        "afgeblazen",
        "stopgezet",
        "gestopt",
        "cancel",
    ]
    .iter()
    .any(|w| t.contains(w))
}

/// The `voortgang` word a team most likely means by `text` (already lower case): a word for
/// done, running or contracted work, or a typo of one (helper 79: "Klaar" refused without a
/// hint).
fn progress_meant(text: &str) -> Option<&'static str> {
    match text.trim() {
        "klaar" | "af" | "opgeleverd" | "afgerond" | "uitgevoerd" | "gedaan" => Some("gereed"),
        "gestart" | "begonnen" | "bezig" | "loopt" | "in uitvoer" | "uitvoering" => {
            Some("in uitvoering")
        }
        "gecontracteerd" | "gegund" | "opdracht" | "in opdracht" | "vast" => Some("vastgelegd"),
        other => crate::input::columns::closest(other, &["gereed", "in uitvoering", "vastgelegd"]),
    }
}

/// Whether a cell's text begins with a word of the `voortgang` column (gereed, in uitvoering,
/// vastgelegd), or one a team types for done (klaar, opgeleverd, afgerond), as a whole word:
/// "Gereed", "gereed volgens aannemer", "Vastgelegd: juni", "Opgeleverd"; not "gereedmelding",
/// "nog niet gereed", "gereed: nee" or "klaar voor start" (helper 73).
fn begins_with_progress(text: &str) -> bool {
    let text = text.trim().to_lowercase();
    [
        "gereed",
        "in uitvoering",
        "vastgelegd",
        "klaar",
        "opgeleverd",
        "afgerond",
    ]
    .iter()
    .any(|word| {
        text.strip_prefix(word).is_some_and(|rest| {
            let said = rest.trim_start_matches(|c: char| !c.is_alphanumeric());
            !rest.starts_with(char::is_alphanumeric)
                && !["nee", "niet", "voor"].iter().any(|w| {
                    said.strip_prefix(w)
                        .is_some_and(|r| !r.starts_with(char::is_alphanumeric))
                })
        })
    })
}

/// The previous plan's projects that can be read, and the errors of the rows that cannot.
fn read_rows(path: &Path) -> Result<(PreviousPlan, Vec<String>), String> {
    let range = sheet(path, PROJECTS_SHEET)?;
    let cols = columns(
        &range,
        PROJECTS_SHEET,
        path,
        &[
            "project",
            "startmaand",
            "eindmaand",
            "vergunning_gereed",
            "vergunning_aangenomen",
            PROGRESS_COLUMN,
            ACTUAL_START_COLUMN,
            ACTUAL_END_COLUMN,
        ],
    )?;
    let g = Grid {
        range: &range,
        sheet: PROJECTS_SHEET,
    };
    let mut planning_errors = Vec::new();
    let (homes, planning_cells, mut effects, mut home_costs) =
        read_planning_homes(path, &mut planning_errors)?;
    let left_homes = read_left_homes(path, &mut home_costs, &mut effects);
    let mut projects: Vec<PreviousProject> = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    // Every row is read, and every bad cell is reported at once (all of a row's too), so that
    // a user mends them all in one go.
    let mut errors: Vec<String> = planning_errors;
    let mut notes: Vec<String> = Vec::new();
    for row in 1..range.height() {
        let mut bad: Vec<String> = Vec::new();
        let id = g.text(row, cols["project"]);
        let progress_col = cols[PROGRESS_COLUMN];
        let progress_text = g.text(row, progress_col).to_lowercase();
        if id.is_empty() {
            // A row without its id but with progress would be dropped unseen.
            let filled: Vec<String> = [PROGRESS_COLUMN, ACTUAL_START_COLUMN, ACTUAL_END_COLUMN]
                .iter()
                .filter(|c| match g.cell(row, cols[**c]) {
                    Cell::Empty => false,
                    Cell::Text(s) => !s.trim().is_empty(),
                    _ => true,
                })
                .map(|c| c.to_string())
                .collect();
            if !filled.is_empty() {
                errors.push(format!(
                    "{}: de kolom project is leeg, maar {} {} ingevuld; vul het project in of maak de rij leeg",
                    g.place(row, cols["project"]),
                    crate::nl_format::and_list(&filled.iter().map(String::as_str).collect::<Vec<_>>()),
                    if filled.len() == 1 { "is" } else { "zijn" }
                ));
            }
            continue;
        }
        let cell = g.place(row, cols["project"]);
        if let Some(first) = seen.get(&id) {
            errors.push(format!(
                "{cell}: project {id} staat twee keer in het vorige plan (ook {first})"
            ));
            continue;
        }
        seen.insert(id.clone(), cell.clone());
        let need = |col: &str, bad: &mut Vec<String>| -> Option<Month> {
            match g.month(row, cols[col]) {
                Ok(Some(m)) => Some(m),
                Ok(None) => {
                    bad.push(format!("{}: {col} ontbreekt", g.place(row, cols[col])));
                    None
                }
                Err(e) => {
                    bad.push(e);
                    None
                }
            }
        };
        let start = need("startmaand", &mut bad);
        let end = need("eindmaand", &mut bad);
        // Helper 82: a startmaand typed after the eindmaand gave `Voortgang` a planned end
        // before its start, without a word.
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                bad.push(format!(
                    "{}: eindmaand {e} ligt vóór startmaand {s} ({}); zet de maanden terug zoals het vorige plan ze gaf (een open project plant retrofit zelf opnieuw; werk dat anders liep, vult u in bij {ACTUAL_START_COLUMN} en {ACTUAL_END_COLUMN})",
                    g.place(row, cols["eindmaand"]),
                    g.place(row, cols["startmaand"])
                ));
            }
        }
        // Progress typed in a column of the team's own while `voortgang` is empty would leave
        // the work open unseen (helper 70: "gereed" in a column "Voortgang team"; helper 71:
        // also in a column without a header), also as the first words of a note ("gereed
        // volgens aannemer"; "nog niet gereed" does not begin with them).
        if progress_text.trim().is_empty() {
            for j in (0..range.width()).filter(|&j| j != progress_col) {
                if !begins_with_progress(&g.text(row, j)) {
                    continue;
                }
                let column = match cols.iter().find(|(_, &c)| c == j) {
                    Some((name, _)) => format!("de kolom '{name}'"),
                    None => "een kolom zonder kop".to_string(),
                };
                bad.push(format!(
                    "{}: '{}' staat in {column}, die retrofit niet leest, en voortgang ({}) is leeg; vul voortgang in (gereed, in uitvoering of vastgelegd), of begin de notitie anders als het werk nog open is",
                    g.place(row, j),
                    g.text(row, j).trim(),
                    g.place(row, progress_col)
                ));
            }
        }
        let progress = match progress_text.as_str() {
            "" => Some(Progress::Open),
            "gereed" => Some(Progress::Done),
            "in uitvoering" => Some(Progress::Running),
            "vastgelegd" => Some(Progress::Contracted),
            other => {
                let hint = progress_meant(other)
                    .filter(|_| !is_cancellation(other))
                    .map(|word| format!("bedoelt u '{word}'? "))
                    .unwrap_or_default();
                // Work that will not go ahead is said in the stock, not here (helper 103 typed
                // "geannuleerd" and was not told where it goes).
                let cancelled = if is_cancellation(other) {
                    "; werk dat niet doorgaat, zet u niet in voortgang maar in het bezit: strategie verkoop of sloop, of status opname voldoende (dan laat het nieuwe plan het weg en meldt het)"
                } else {
                    ""
                };
                bad.push(format!(
                    "{}: voortgang '{other}' onbekend; {hint}kies gereed, in uitvoering, vastgelegd of laat leeg{cancelled}",
                    g.place(row, progress_col)
                ));
                None
            }
        };
        let optional = |col: &str, bad: &mut Vec<String>| -> Result<Option<Month>, ()> {
            g.month(row, cols[col]).map_err(|e| bad.push(e))
        };
        let actual_start = optional(ACTUAL_START_COLUMN, &mut bad);
        let actual_end = optional(ACTUAL_END_COLUMN, &mut bad);
        let start_place = g.place(row, cols[ACTUAL_START_COLUMN]);
        let end_place = g.place(row, cols[ACTUAL_END_COLUMN]);
        if let (Some(progress), Ok(actual_start), Ok(actual_end)) =
            (progress, actual_start, actual_end)
        {
            if progress == Progress::Open && (actual_start.is_some() || actual_end.is_some()) {
                bad.push(format!(
                    "{}: project {id} heeft een werkelijke maand maar geen voortgang; vul voortgang in (gereed, in uitvoering of vastgelegd)",
                    g.place(row, progress_col)
                ));
            }
            // (Open is said once, above.)
            if actual_end.is_some() && !matches!(progress, Progress::Done | Progress::Open) {
                bad.push(format!(
                    "{end_place}: werkelijk_gereed is ingevuld, maar de voortgang is '{}'; zet voortgang op gereed of maak werkelijk_gereed leeg",
                    progress.dutch()
                ));
            }
            if let (Some(s), Some(e)) = (actual_start.or(start), actual_end) {
                if e < s {
                    bad.push(format!(
                        "{end_place}: werkelijk_gereed {e} ligt vóór de start {s}"
                    ));
                }
            }
        }
        // A contracted project's werkelijke_start is the month it was contracted for, when
        // another than planned (SPEC: "with actual months where they differ").
        let permit_assumed = assumed_permit(&g, row, &cols).unwrap_or_else(|e| {
            bad.push(e);
            None
        });
        // A contract sum may be typed as text with a decimal comma or a euro sign (`€ 120.000,50`),
        // as the stock's amounts may (helper 64).
        let cost_eur = cols.get("kosten_eur").and_then(|&c| {
            g.amount(row, c, "het werk").unwrap_or_else(|e| {
                bad.push(e);
                None
            })
        });
        // A row with neither month nor homes in Planning is most likely added by hand (helper
        // 77: only "startmaand ontbreekt" was said): one message that says what it is.
        let empty = |col: &str| matches!(g.month(row, cols[col]), Ok(None));
        if empty("startmaand") && empty("eindmaand") && !homes.contains_key(&id) {
            let missing = ["startmaand", "eindmaand"]
                .map(|col| format!("{}: {col} ontbreekt", g.place(row, cols[col])));
            bad.retain(|b| !missing.contains(b));
            bad.insert(
                0,
                format!(
                    "{cell}: project {id} staat niet in het vorige plan: het heeft geen woningen in Planning en geen startmaand of eindmaand. Is de rij met de hand toegevoegd, haal hem dan weg: een nieuw project plant retrofit zelf"
                ),
            );
        }
        let (Some(start), Some(end), Some(progress), Ok(actual_start), Ok(actual_end)) =
            (start, end, progress, actual_start, actual_end)
        else {
            errors.append(&mut bad);
            continue;
        };
        if !bad.is_empty() {
            errors.append(&mut bad);
            continue;
        }
        let mut own = homes.get(&id).cloned().unwrap_or_default();
        own.sort();
        let mut listed_homes = match cols.get("woningen").map(|&c| g.cell(row, c)) {
            Some(Cell::Number(v)) if v.is_finite() && v >= 0.0 && v.fract() == 0.0 => {
                Some(v as usize)
            }
            _ => None,
        };
        // The program's own record of its homes: its rows in `Planning`, and those of its
        // pinned work that left the stock before (`Werk vorig plan`). A count typed over it
        // (helper 82: 22 changed to 30 gave 8 homes that carried cost and took capacity) is
        // said, and the record counts.
        let recorded = own.len() + left_homes.get(&id).map_or(0, Vec::len);
        if let (Some(n), true) = (listed_homes, recorded > 0) {
            if n != recorded {
                let left = left_homes.get(&id).map_or(0, Vec::len);
                notes.push(format!(
                    "{}: woningen {n} klopt niet met de {} van project {id} in Planning{}; retrofit rekent met {recorded} (woningen in Projecten hoeft u niet te wijzigen: retrofit telt de woningen in Planning)",
                    g.place(row, cols["woningen"]),
                    crate::nl_format::count(own.len(), "woning", "woningen"),
                    if left > 0 {
                        format!(" en {left} in {LEFT_HOMES_SHEET}")
                    } else {
                        String::new()
                    }
                ));
                listed_homes = Some(recorded);
            }
        }
        projects.push(PreviousProject {
            cell,
            id,
            start,
            end,
            progress,
            actual_start,
            actual_end,
            actual_end_cell: end_place.clone(),
            start_cell: if actual_start.is_some() {
                (start_place.clone(), ACTUAL_START_COLUMN)
            } else {
                (g.place(row, cols["startmaand"]), "startmaand")
            },
            permit_assumed,
            homes: own,
            cost_eur,
            complex: cols
                .get("complex")
                .map(|&c| g.text(row, c))
                .unwrap_or_default(),
            listed_homes,
            pepper_potted: cols
                .get("gespikkeld")
                .map(|&c| g.text(row, c).trim().to_lowercase())
                .and_then(|t| match t.as_str() {
                    "ja" => Some(true),
                    "nee" => Some(false),
                    _ => None,
                }),
        });
    }
    errors.extend(unlisted_projects(&homes, &planning_cells, &seen));
    let (assumed_permits, mut assumed_permits_by_home, permit_errors) = read_assumed_permits(path);
    errors.extend(permit_errors);
    for p in &projects {
        if let Some(d) = p.permit_assumed {
            for v in &p.homes {
                assumed_permits_by_home.insert(v.clone(), d);
            }
        }
    }
    Ok((
        PreviousPlan {
            path: path.to_path_buf(),
            projects,
            scenario: scenario_name(path),
            listed_before: listed_before(path),
            left_out: left_out_projects(path),
            effects,
            home_costs,
            left_homes,
            assumed_permits,
            assumed_permits_by_home,
            read_notes: notes,
        },
        errors,
    ))
}

/// Per project the previous plan left out: the permit date it assumed, from `Niet ingepland`
/// (a plan written before that sheet had the columns has none to keep).
type AssumedPermits = (
    BTreeMap<String, NaiveDate>,
    BTreeMap<String, NaiveDate>,
    Vec<String>,
);

/// Per project, and per home (`vhe`), the permit dates `Niet ingepland` says were assumed.
fn read_assumed_permits(path: &Path) -> AssumedPermits {
    let mut out = BTreeMap::new();
    let mut by_home = BTreeMap::new();
    let mut errors = Vec::new();
    let Ok(range) = sheet(path, NOT_PLANNED_SHEET) else {
        return (out, by_home, errors);
    };
    let wanted = ["project", "vergunning_gereed", "vergunning_aangenomen"];
    let Ok(cols) = columns(&range, NOT_PLANNED_SHEET, path, &wanted) else {
        return (out, by_home, errors);
    };
    let g = Grid {
        range: &range,
        sheet: NOT_PLANNED_SHEET,
    };
    for row in 1..range.height() {
        let id = g.text(row, cols["project"]);
        let assumed = g.text(row, cols["vergunning_aangenomen"]).to_lowercase();
        match assumed.as_str() {
            "ja" => {}
            "nee" | "" => continue,
            other => {
                errors.push(format!(
                    "{}: vergunning_aangenomen is '{other}'; verwacht ja, nee of leeg",
                    g.place(row, cols["vergunning_aangenomen"])
                ));
                continue;
            }
        }
        if id.is_empty() {
            continue;
        }
        match assumed_permit(&g, row, &cols) {
            // The latest of its homes' dates, as the project's permit is (SPEC).
            Ok(Some(d)) => {
                if let Some(&c) = cols.get("vhe") {
                    let vhe = g.text(row, c);
                    if !vhe.is_empty() {
                        by_home.insert(vhe, d);
                    }
                }
                let e = out.entry(id).or_insert(d);
                *e = (*e).max(d);
            }
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    (out, by_home, errors)
}

/// The permit date a row of `Projecten` or `Niet ingepland` says the plan assumed: its
/// `vergunning_gereed` where `vergunning_aangenomen` is ja; an error naming the cell where that
/// date is not one.
fn assumed_permit(
    g: &Grid,
    row: usize,
    cols: &BTreeMap<String, usize>,
) -> Result<Option<NaiveDate>, String> {
    if g.text(row, cols["vergunning_aangenomen"]).to_lowercase() != "ja" {
        return Ok(None);
    }
    let c = g.cell(row, cols["vergunning_gereed"]);
    match crate::input::values::date(&c, Origin::Workbook) {
        Ok(Some(d)) => Ok(Some(d)),
        _ => Err(format!(
            "{}: vergunning_gereed is geen datum ('{}'), terwijl vergunning_aangenomen ja is",
            g.place(row, cols["vergunning_gereed"]),
            g.text(row, cols["vergunning_gereed"])
        )),
    }
}

/// The defined name under which a plan workbook keeps the check number of the progress it was
/// written with ([`progress_check`]): a later run tells from it whether a user has filled in
/// progress since.
pub const PROGRESS_CHECK_NAME: &str = "retrofit_voortgang";

/// A check number of a plan's progress: its `Projecten` rows as (project, voortgang,
/// werkelijke_start, werkelijk_gereed) texts, trimmed, those with any progress, in the order
/// of their ids.
pub fn progress_check(rows: &[[String; 4]]) -> u32 {
    use sha2::{Digest, Sha256};
    let mut filled: Vec<&[String; 4]> = rows
        .iter()
        .filter(|r| r[1..].iter().any(|v| !v.is_empty()))
        .collect();
    filled.sort();
    let mut hash = Sha256::new();
    for row in filled {
        for value in row {
            hash.update(value.as_bytes());
            hash.update([0u8]);
        }
    }
    let digest = hash.finalize();
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// How many projects of the plan workbook at `path` have progress that a user filled in since
/// retrofit wrote it (`voortgang`, `werkelijke_start` or `werkelijk_gereed` on `Projecten`,
/// other than the progress its check number [`PROGRESS_CHECK_NAME`] was made of); `None` when
/// there is none, or it is no plan workbook. A monitoring's work: no output may replace it.
/// A re-plan's own carried-over progress is no user's work: running it again may replace it.
pub fn entered_progress(path: &Path) -> Option<usize> {
    if !path.is_file() {
        return None;
    }
    let mut book = open_workbook_auto(path).ok()?;
    let written: Option<u32> = book
        .defined_names()
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(PROGRESS_CHECK_NAME))
        .and_then(|(_, formula)| formula.trim().trim_start_matches('=').parse().ok());
    let sheet = book
        .sheet_names()
        .into_iter()
        .find(|n| n.trim().eq_ignore_ascii_case(PROJECTS_SHEET))?;
    let range = book.worksheet_range(&sheet).ok()?;
    // A header renamed by hand (`Voortgang (Q2)`) still names its column.
    let header: Vec<String> = range
        .rows()
        .next()?
        .iter()
        .map(|c| crate::input::columns::normalize_header(&c.to_string()))
        .collect();
    let col = |name: &str| {
        let name = crate::input::columns::normalize_header(name);
        header
            .iter()
            .position(|h| *h == name)
            .or_else(|| header.iter().position(|h| h.starts_with(&name)))
    };
    let cols = [
        col("project")?,
        col(PROGRESS_COLUMN)?,
        col(ACTUAL_START_COLUMN)?,
        col(ACTUAL_END_COLUMN)?,
    ];
    // A value other than text (a month Excel made a date of) is the user's own.
    let text = |d: Option<&Data>| match d {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.trim().to_string(),
        Some(other) => format!("{other:?}"),
    };
    let rows: Vec<[String; 4]> = range
        .rows()
        .skip(1)
        .map(|row| cols.map(|c| text(row.get(c))))
        .collect();
    let filled = rows
        .iter()
        .filter(|r| r[1..].iter().any(|v| !v.is_empty()))
        .count();
    (filled > 0 && written != Some(progress_check(&rows))).then_some(filled)
}

/// The scenario a plan was made with: `Samenvatting`'s row `Scenario` (none when the sheet or
/// the row is missing: the name serves only a warning).
fn scenario_name(path: &Path) -> Option<String> {
    let range = sheet(path, SUMMARY_SHEET).ok()?;
    let g = Grid {
        range: &range,
        sheet: SUMMARY_SHEET,
    };
    (0..range.height().min(20))
        .find(|&row| g.text(row, 0) == "Scenario")
        .map(|row| g.text(row, 1))
        .filter(|name| !name.is_empty())
}

/// For a project of `previous` that its `Voortgang` sheet does not list as a project of the
/// plan before it: why its origin is not known (a row typed in by hand, or a workbook without
/// that sheet). `None` when the sheet lists it.
fn unknown_origin(previous: &PreviousPlan, prev: &PreviousProject) -> Option<&'static str> {
    match &previous.listed_before {
        Some(listed) if listed.contains(&prev.id) => None,
        Some(_) => Some("staat niet in blad Voortgang (de projecten van het plan daarvoor)"),
        None => Some("het werkboek heeft geen blad Voortgang dat zegt dat het uit een eerdere monitoring komt"),
    }
}

/// The projects a re-plan's `Voortgang` sheet lists (column `project` of its table); `None`
/// for a workbook without that table (a first plan).
fn listed_before(path: &Path) -> Option<BTreeSet<String>> {
    let range = sheet(path, PROGRESS_SHEET).ok()?;
    let g = Grid {
        range: &range,
        sheet: PROGRESS_SHEET,
    };
    let header = (0..range.height())
        .find(|&row| g.text(row, 0) == "project" && g.text(row, 1) == PREVIOUS_ROW_COLUMN)?;
    Some(
        (header + 1..range.height())
            .map(|row| (g.text(row, 0), g.text(row, 1)))
            .take_while(|(id, _)| !id.is_empty())
            // Not the projects new in that plan (no row of its previous plan).
            .filter(|(_, cell)| !cell.is_empty())
            .map(|(id, _)| id)
            .collect(),
    )
}

/// The projects the previous plan left out (its `Niet ingepland`; empty without that sheet or
/// its `project` column).
fn left_out_projects(path: &Path) -> BTreeSet<String> {
    let Ok(range) = sheet(path, NOT_PLANNED_SHEET) else {
        return BTreeSet::new();
    };
    let Ok(cols) = columns(&range, NOT_PLANNED_SHEET, path, &["project"]) else {
        return BTreeSet::new();
    };
    let g = Grid {
        range: &range,
        sheet: NOT_PLANNED_SHEET,
    };
    (1..range.height())
        .map(|row| g.text(row, cols["project"]))
        .filter(|id| !id.is_empty())
        .collect()
}

/// The homes of pinned work that a re-plan wrote to sheet `Werk vorig plan` (none without the
/// sheet), per project, with their cost share and effect added to `costs` and `effects`. The
/// sheet is the program's own record: a cell it cannot read leaves that figure out.
fn read_left_homes(
    path: &Path,
    costs: &mut BTreeMap<String, f64>,
    effects: &mut BTreeMap<String, HomeEffect>,
) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let Ok(range) = sheet(path, LEFT_HOMES_SHEET) else {
        return out;
    };
    let Ok(cols) = columns(&range, LEFT_HOMES_SHEET, path, &["project", "vhe"]) else {
        return out;
    };
    let g = Grid {
        range: &range,
        sheet: LEFT_HOMES_SHEET,
    };
    let number = |row: usize, name: &str| g.finite_number(row, cols.get(name).copied());
    for row in 1..range.height() {
        let (project, vhe) = (g.text(row, cols["project"]), g.text(row, cols["vhe"]));
        if project.is_empty() || vhe.is_empty() {
            continue;
        }
        if let Some(c) = number(row, "kosten_eur").filter(|c| *c >= 0.0) {
            costs.insert(vhe.clone(), c);
        }
        let label = cols
            .get("label_na")
            .and_then(|&c| Label::parse(&g.text(row, c)));
        if let (Some(label_after), Some(kwh)) = (label, number(row, "besparing_kwh_per_jaar")) {
            effects.insert(
                vhe.clone(),
                HomeEffect {
                    label_after,
                    energy_saved_kwh_per_year: kwh,
                },
            );
        }
        out.entry(project).or_default().push(vhe);
    }
    out
}

/// Projects whose homes `Planning` lists but that have no row in `Projecten` (a row deleted,
/// or its id changed by hand): their progress is unknown, and re-planning them as open would
/// plan finished or contracted work again. One error each, at its first `Planning` cell, with
/// the `Projecten` id it may have become.
fn unlisted_projects(
    homes: &BTreeMap<String, Vec<String>>,
    planning_cells: &BTreeMap<String, String>,
    listed: &BTreeMap<String, String>,
) -> Vec<String> {
    // Ids in Projecten without homes in Planning: what a mistyped id looks like.
    let orphans: Vec<&str> = listed
        .keys()
        .filter(|id| !homes.contains_key(*id))
        .map(String::as_str)
        .collect();
    let missing = homes.keys().filter(|id| !listed.contains_key(*id)).count();
    homes
        .iter()
        .filter(|(id, _)| !listed.contains_key(*id))
        .map(|(id, vhe)| {
            let hint = orphans
                .iter()
                .find(|o| o.eq_ignore_ascii_case(id))
                .copied()
                // Without or with another corporation before its `/` (helper 82: `P1076` for
                // `Woonstichting 1/P1076`).
                .or_else(|| {
                    let own = |x: &str| x.rsplit('/').next().unwrap_or(x).to_lowercase();
                    orphans.iter().find(|o| own(o) == own(id)).copied()
                })
                .or_else(|| crate::input::columns::closest(id, &orphans))
                // One with more after it (helper 97: `P1168` renamed `P1168-A`), or the only
                // stray row beside the only missing project.
                .or_else(|| {
                    let lower = id.to_lowercase();
                    orphans
                        .iter()
                        .find(|o| o.to_lowercase().starts_with(&lower))
                        .copied()
                })
                .or_else(|| (orphans.len() == 1 && missing == 1).then(|| orphans[0]))
                .map(|o| format!(" (of is het project {o} in {}?)", listed[o]))
                .unwrap_or_default();
            format!(
                "{}: project {id} ({}) staat in Planning, maar niet op blad Projecten, dus zijn voortgang is onbekend; zet zijn rij terug{hint}",
                planning_cells[id],
                crate::nl_format::count(vhe.len(), "woning", "woningen"),
            )
        })
        .collect()
}

/// Per project id its homes (vhe) in the `Planning` sheet, the cell of its first one, and per
/// home what its work does.
type PlanningHomes = (
    BTreeMap<String, Vec<String>>,
    BTreeMap<String, String>,
    BTreeMap<String, HomeEffect>,
    BTreeMap<String, f64>,
);

/// A home's `kosten_eur` that cannot be read (text that is no amount, or a negative one) is
/// an error naming its cell, added to `bad`: it would otherwise split its work by count (helper
/// 68 typed "€ 5.000" there).
fn read_planning_homes(path: &Path, bad: &mut Vec<String>) -> Result<PlanningHomes, String> {
    let range = sheet(path, PLANNING_SHEET)?;
    let cols = columns(&range, PLANNING_SHEET, path, &["vhe", "project"])?;
    let g = Grid {
        range: &range,
        sheet: PLANNING_SHEET,
    };
    let number = |row: usize, name: &str| g.finite_number(row, cols.get(name).copied());
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut cells: BTreeMap<String, String> = BTreeMap::new();
    let mut effects: BTreeMap<String, HomeEffect> = BTreeMap::new();
    let mut costs: BTreeMap<String, f64> = BTreeMap::new();
    for row in 1..range.height() {
        let (vhe, project) = (g.text(row, cols["vhe"]), g.text(row, cols["project"]));
        if !vhe.is_empty() && !project.is_empty() {
            cells
                .entry(project.clone())
                .or_insert_with(|| g.place(row, cols["project"]));
            // As the plan computes it (src/impact.rs), from the previous plan's own figures.
            let label_after = cols
                .get("label_na")
                .and_then(|&c| Label::parse(&g.text(row, c)));
            let area = number(row, "gbo_m2");
            if let (Some(label_after), Some(before), Some(after), Some(area)) = (
                label_after,
                number(row, "ep2_voor"),
                number(row, "ep2_na"),
                area,
            ) {
                effects.insert(
                    vhe.clone(),
                    HomeEffect {
                        label_after,
                        energy_saved_kwh_per_year: crate::impact::energy_saved_kwh_per_year(
                            before, after, area,
                        ),
                    },
                );
            }
            if let Some(&c) = cols.get("kosten_eur") {
                match g.amount(row, c, "de woning") {
                    Ok(Some(v)) => {
                        costs.insert(vhe.clone(), v);
                    }
                    Ok(None) => {}
                    Err(e) => bad.push(e),
                }
            }
            out.entry(project).or_default().push(vhe);
        }
    }
    Ok((out, cells, effects, costs))
}

/// Homes of pinned work (done, running, contracted) that the stock now excludes (for their
/// status, uitgevoerd or in uitvoering, or for any other reason: sale, demolition), with the
/// label and saving the previous plan gave them
/// and the work's last month: the plan counts their upgrade as it counts that of pinned work
/// whose homes it still plans (helper 58: recording "in uitvoering" in the stock as well kept
/// 12 homes E, F or G in the forecast and dropped 325 MWh, for work the plan pays for). So are
/// the homes the stock now gives a label out of E, F and G (the register updated after the
/// work), for their energy and CO₂ only ([`CarriedUpgrade::relabelled`]). A home the plan
/// now plans, or without the previous plan's figures, is not among them.
fn carried_upgrades(
    previous: &PreviousPlan,
    plan: &Plan,
    stock: &Stock,
    from: Month,
) -> Vec<CarriedUpgrade> {
    // Whatever now excludes the home: work done on a home since sold (or to be demolished)
    // made it A or B all the same (helper 94: a home upgraded in February and then sold was
    // still counted as an F home left at the deadline, while its cost and saving counted).
    let excluded: BTreeMap<&str, Label> = plan
        .excluded
        .iter()
        .map(|h| (h.vhe.as_str(), h.label))
        .collect();
    // Homes listed nowhere in the plan (not E, F or G and no status) with their label now.
    let listed: BTreeSet<&str> = plan
        .planned
        .iter()
        .map(|h| h.vhe.as_str())
        .chain(plan.excluded.iter().map(|h| h.vhe.as_str()))
        .chain(plan.not_planned.iter().map(|h| h.vhe.as_str()))
        .collect();
    let relabelled: BTreeMap<&str, Label> = stock
        .homes
        .iter()
        .filter(|h| !h.label.is_efg() && !listed.contains(h.vhe.as_str()))
        .map(|h| (h.vhe.as_str(), h.label))
        .collect();
    let mut out = Vec::new();
    for prev in previous.projects.iter().filter(|p| p.progress.pinned()) {
        let (_, end) = prev.months_at(from);
        let left = previous.left_homes.get(&prev.id).into_iter().flatten();
        for vhe in prev.homes.iter().chain(left) {
            let Some(effect) = previous.effects.get(vhe) else {
                continue;
            };
            let (label_before, label_after, relabelled) =
                match (excluded.get(vhe.as_str()), relabelled.get(vhe.as_str())) {
                    (Some(&before), _) => (before, effect.label_after, false),
                    (None, Some(&now)) => (now, now, true),
                    (None, None) => continue,
                };
            out.push(CarriedUpgrade {
                vhe: vhe.clone(),
                end,
                label_before,
                label_after,
                energy_saved_kwh_per_year: effect.energy_saved_kwh_per_year,
                relabelled,
            });
        }
    }
    out
}

/// One project of the previous plan in sheet `Voortgang`.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressRow {
    /// `Projecten!A5` of the previous plan.
    pub cell: String,
    pub id: String,
    pub planned_start: Month,
    pub planned_end: Month,
    pub progress: Progress,
    pub actual_start: Option<Month>,
    pub actual_end: Option<Month>,
    /// Its months in the new plan (none when it is not planned or gone).
    pub new_start: Option<Month>,
    pub new_end: Option<Month>,
    /// New start less planned start, in months.
    pub change_months: Option<i32>,
    /// Why it moved (or did not), in Dutch.
    pub why: String,
    /// Its homes and `kosten_eur` in the previous plan: a pinned project gone from the stock's
    /// list is carried into the re-plan's `Projecten` with them, so that the next monitoring
    /// still counts its cost.
    pub homes: usize,
    pub cost_eur: Option<f64>,
    pub complex: String,
    /// Gone from the stock's list (no project of today's stock has its id).
    pub gone: bool,
    /// The vhe of its homes in the previous plan's `Planning`: a home added to the project
    /// since was not in the previous plan (helper 93).
    pub previous_homes: Vec<String>,
    /// Gone because the stock now excludes all its homes, or gives them all a label outside E,
    /// F and G: for the tenants' overview (helper 99: such a complex vanished from it without a
    /// word).
    pub left_because: Option<LeftBecause>,
    /// The places of its homes in the stock, each once, in the order of its homes.
    pub places: Vec<String>,
    /// Its `gespikkeld` in the previous plan (`None` where that plan does not say): a
    /// pepper-potted project gone from the plan is said to the municipality too (helper 108:
    /// a block sold since vanished from its list without a word).
    pub pepper_potted: Option<bool>,
}

impl ProgressRow {
    /// Open work of the previous plan whose project this plan no longer has (no project of
    /// today's stock has its id): said apart to the tenants and the municipality.
    pub fn open_and_gone(&self) -> bool {
        self.progress == Progress::Open && self.gone && self.new_start.is_none()
    }

    /// Its corporation, from its id (`corporation/P...` where the stock names corporations;
    /// empty otherwise).
    pub fn corporation(&self) -> &str {
        self.id.split_once('/').map_or("", |(c, _)| c)
    }
}

/// Why the homes of a project of the previous plan that this plan no longer has are out of the
/// plan, where the stock says so.
#[derive(Debug, Clone, PartialEq)]
pub enum LeftBecause {
    /// The stock excludes them all now, for these reasons ("verkoop").
    Excluded(String),
    /// The stock gives them all a label outside E, F and G now ("label B").
    Relabelled(String),
}

/// Progress against the previous plan, for the monitoring meeting (sheet `Voortgang`).
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressReport {
    pub previous_file: String,
    pub from: Month,
    /// The answer at the top: EFG-free by the deadline, and if not, how many homes are left
    /// and why.
    pub headline: String,
    /// Where the plan moves more open projects than the previous plan mended only where it no
    /// longer fits: what that mended plan would plan, beside this plan ([`moves_text`]).
    pub moves: Option<String>,
    pub warnings: Vec<String>,
    pub rows: Vec<ProgressRow>,
    /// Projects this plan starts that the previous plan's `Projecten` does not list (helper 66:
    /// a project new in the Q2 re-plan was in neither `Voortgang` nor the console).
    pub new_projects: Vec<NewProject>,
    pub years: Vec<ProgressYear>,
}

impl ProgressReport {
    /// The start the previous plan gave project `id`, where this plan starts it in another
    /// month and its work has not begun (open, or contracted from `--vanaf` on): for the
    /// municipality's and tenants' documents, which would otherwise show the new month
    /// without a word (helper 86 F3).
    ///
    /// A part of a project regrouped since (`P2020-1`, helper 90) has the month of the previous
    /// project(s) its homes were in, where they were all open and had one start month.
    pub fn earlier_start(&self, id: &str) -> Option<Month> {
        // Contracted work has not begun where its start in this plan (the contracted month) is
        // from `--vanaf` on, whatever month the previous plan gave it (helper 94: a block
        // planned for April and contracted for September was in no "Verschoven" line).
        let open = |row: &ProgressRow| match row.progress {
            Progress::Open => true,
            Progress::Contracted => row.new_start.unwrap_or(row.planned_start) >= self.from,
            Progress::Done | Progress::Running => false,
        };
        if let Some(row) = self.rows.iter().find(|r| r.id == id) {
            let new_start = row.new_start?;
            return (open(row) && new_start != row.planned_start).then_some(row.planned_start);
        }
        let part = self.new_projects.iter().find(|n| n.id == id)?;
        let mut was: Option<Month> = None;
        for old in &part.homes_were_in {
            let row = self.rows.iter().find(|r| &r.id == old)?;
            if !open(row) || was.is_some_and(|m| m != row.planned_start) {
                return None;
            }
            was = Some(row.planned_start);
        }
        was.filter(|&m| m != part.start)
    }

    /// The start the previous plan gave home `vhe` of open project `id`, where this plan
    /// leaves the project out: the documents say the work was planned before (a tenant told
    /// "mei" in January reads "niet in deze planning" at Q2). A home added to the project since
    /// was not planned before (helper 93: "2 andere woningen ... in het vorige plan wel" of a
    /// project with one home new).
    pub fn dropped_start(&self, id: &str, vhe: &str) -> Option<Month> {
        let row = self.rows.iter().find(|r| r.id == id)?;
        let was_in = row.previous_homes.is_empty() || row.previous_homes.iter().any(|v| v == vhe);
        (row.progress == Progress::Open && row.new_start.is_none() && !row.gone && was_in)
            .then_some(row.planned_start)
    }
}

/// A project of the re-plan that the previous plan does not list, with its months.
#[derive(Debug, Clone, PartialEq)]
pub struct NewProject {
    pub id: String,
    pub start: Month,
    pub end: Month,
    pub homes: usize,
    /// The previous plan listed it in `Niet ingepland` (helper 73 read "nieuw" of it).
    pub was_left_out: bool,
    /// The previous plan's projects that held any of its homes (regrouped), in order.
    pub homes_were_in: Vec<String>,
}

/// Per year: the previous plan against what is done and the new plan's forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressYear {
    pub year: i32,
    /// Homes of the previous plan's projects planned to finish this year.
    pub planned_homes: usize,
    /// The previous plan's cost in this year: per project the plan's own figure (its homes'
    /// `kosten_eur`, [`planned_cost`]), spread over its months.
    pub planned_cost_eur: f64,
    /// Homes of projects marked `gereed` that finished this year.
    pub done_homes: usize,
    /// Homes finishing this year in the new plan (done, running, contracted and open).
    pub forecast_homes: usize,
    /// Cost this year in the new plan.
    pub forecast_cost_eur: f64,
}

/// The re-plan: the plan and the warnings about the previous plan (in Dutch, each naming its
/// row).
#[derive(Debug)]
pub struct Replanned {
    pub plan: Plan,
    pub warnings: Vec<String>,
    /// Per project index of the plan: pinned at its months.
    pub pinned: Vec<bool>,
    /// What the solver was given: the open projects (with their rules from --vanaf) and the
    /// scenario with the budget and capacity that pinned work leaves (for `--lp-bestand`).
    pub solved_projects: Vec<Project>,
    pub solved_scenario: Scenario,
}

/// Where a pinned project at `start` breaks a rule on its own (permit, season, pepper-potted
/// month, deadline), in Dutch.
pub fn pinned_rule_breaks(p: &Project, start: Month, scenario: &Scenario) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(date) = p.permit_ready {
        if Month::first_starting_on_or_after(date) > start {
            out.push(format!(
                "vergunning: start {start} vóór de vergunning flora & fauna ({}, {})",
                fmt_date(date),
                if p.permit_assumed {
                    "verwacht"
                } else {
                    "gereed"
                }
            ));
        }
    }
    for s in &p.species {
        if let Some(season) = scenario.species_season(s) {
            if !season.is_open(start) {
                out.push(format!("seizoen: {s} staat geen start in {start} toe"));
            }
        }
    }
    let pepper = scenario.projects.pepper_potted_start_month;
    if p.pepper_potted && start.month() < pepper {
        out.push(format!(
            "gespikkeld: start pas vanaf {} van een jaar, niet in {start}",
            crate::nl_format::month_name(pepper)
        ));
    }
    let end = p.end_month(start);
    if end > scenario.deadline_month {
        out.push(format!(
            "deadline: klaar in {end}, na de deadline {}",
            scenario.deadline_month
        ));
    }
    out
}

/// Cells (`Projecten!A17`) in the order of their rows, joined by commas.
fn cells_in_row_order(cells: &[String]) -> String {
    let row = |c: &String| -> u32 {
        let digits: String = c.chars().rev().take_while(char::is_ascii_digit).collect();
        digits
            .chars()
            .rev()
            .collect::<String>()
            .parse()
            .unwrap_or(0)
    };
    let mut sorted: Vec<&String> = cells.iter().collect();
    sorted.sort_by_key(|c| row(c));
    sorted.dedup();
    // Three or more rows in a row of one column as a range (`Projecten!A2:A35`).
    let column = |c: &String| {
        c.trim_end_matches(|ch: char| ch.is_ascii_digit())
            .to_string()
    };
    let mut runs: Vec<(&String, &String)> = Vec::new();
    for c in sorted {
        match runs.last_mut() {
            Some((_, last)) if column(last) == column(c) && row(last) + 1 == row(c) => *last = c,
            _ => runs.push((c, c)),
        }
    }
    let mut parts: Vec<String> = Vec::new();
    for (first, last) in runs {
        match row(last) - row(first) {
            0 => parts.push(first.clone()),
            1 => parts.extend([first.clone(), last.clone()]),
            _ => {
                let short = last.rsplit('!').next().unwrap_or(last);
                parts.push(format!("{first}:{short}"));
            }
        }
    }
    parts.join(", ")
}

/// (corporation, complex)
type Complex = (String, String);

/// When today's grouping of the stock (`prep`) no longer gives a done, running or contracted
/// project of the previous plan its homes (its id names other homes now, or its homes sit in
/// other projects), the projects to keep as they were: every such project of the complexes
/// concerned, with those complexes (corporation, complex). `None` when every one is intact (the
/// usual case: the grouping is left as it is, so that nothing moves).
fn pinned_regrouped(
    stock: &Stock,
    prep: &projects::Preparation,
    previous: &PreviousPlan,
) -> Option<(Vec<projects::KeptProject>, BTreeSet<Complex>)> {
    let project_of: BTreeMap<&str, usize> = prep
        .projects
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            p.homes
                .iter()
                .map(move |&h| (stock.homes[h].vhe.as_str(), i))
        })
        .collect();
    let complex_of = |i: usize| {
        let p = &prep.projects[i];
        (p.corporation.clone(), p.complex.clone())
    };
    let pinned: Vec<&PreviousProject> = previous
        .projects
        .iter()
        .filter(|p| p.progress.pinned())
        .collect();
    let mut complexes = BTreeSet::new();
    for prev in &pinned {
        // Its homes still in the plan (a home now labelled A or B is in no project).
        let now: BTreeSet<usize> = prev
            .homes
            .iter()
            .filter_map(|v| project_of.get(v.as_str()).copied())
            .collect();
        let same_id = prep.projects.iter().position(|p| p.id == prev.id);
        let intact = match same_id {
            Some(i) => {
                let homes = home_vhe(stock, &prep.projects[i]);
                let mut still: Vec<&str> = prev
                    .homes
                    .iter()
                    .map(String::as_str)
                    .filter(|v| project_of.contains_key(v))
                    .collect();
                still.sort();
                homes == still
            }
            None => now.is_empty(),
        };
        if !intact {
            complexes.extend(now.iter().map(|&i| complex_of(i)));
            if let Some(i) = same_id {
                complexes.insert(complex_of(i));
            }
        }
    }
    if complexes.is_empty() {
        return None;
    }
    // Also those without a home left in the plan: their ids stay theirs, so that no new
    // home takes over a finished project's id (and its progress).
    let kept = pinned
        .iter()
        .filter(|prev| {
            prev.homes
                .iter()
                .filter_map(|v| project_of.get(v.as_str()).copied())
                .chain(prep.projects.iter().position(|p| p.id == prev.id))
                .any(|i| complexes.contains(&complex_of(i)))
        })
        .map(|prev| projects::KeptProject {
            id: prev.id.clone(),
            vhe: prev.homes.clone(),
            complex: prev.complex.clone(),
        })
        .collect();
    Some((kept, complexes))
}

/// The progress that a re-plan from `from` under `scenario` contradicts: work gereed or in
/// uitvoering that starts after `from`, work gereed that finishes after it, and pinned work
/// (also vastgelegd) that starts before the scenario does or after its deadline (its cost and
/// homes would fall in no year of the plan). Each is said at the cell of the month at fault.
pub fn progress_errors(previous: &PreviousPlan, from: Month, scenario: &Scenario) -> Vec<String> {
    let (scenario_start, deadline) = (scenario.start_month, scenario.deadline_month);
    // Months outside the horizon most often mean the scenario was left out (`--scenario`).
    let other_scenario = previous
        .scenario
        .as_ref()
        .filter(|n| **n != scenario.name)
        .map(|n| format!(" (het vorige plan is gemaakt met scenario '{n}')"))
        .unwrap_or_default();
    // Pinned work outside the horizon: before the scenario starts, or after its deadline.
    let outside = previous
        .projects
        .iter()
        .filter(|p| p.progress.pinned())
        .filter_map(|p| {
            let (start, _) = p.pinned_months();
            let (cell, column) = &p.start_cell;
            let (when, hint) = if start < scenario_start {
                (
                    format!("vóór de start van het scenario ({scenario_start})"),
                    if p.actual_start.is_some() {
                        "controleer de maand; begon het werk echt zo vroeg, plan dan met een scenario dat eerder begint"
                    } else {
                        "gebruik het scenario van het vorige plan"
                    },
                )
            } else if start > deadline {
                (
                    format!("na de deadline van het scenario ({deadline})"),
                    "controleer de maand, of plan met een scenario met een latere deadline_month",
                )
            } else {
                return None;
            };
            Some(format!(
                "{cell}: project {} is {}, maar begint volgens {column} in {start}, {when}; {hint}{other_scenario}",
                p.id,
                p.progress.dutch()
            ))
        });
    // Done or running work has started by the monitoring month: a start after --vanaf is a
    // mistake in the progress (or in --vanaf), not something to plan around.
    let not_started: Vec<String> = previous
        .projects
        .iter()
        .filter(|p| matches!(p.progress, Progress::Done | Progress::Running))
        .filter(|p| p.pinned_months().0 > from)
        .map(|p| {
            let (start, _) = p.pinned_months();
            let (cell, column) = &p.start_cell;
            format!(
                "{cell}: project {} is {}, maar begint volgens {column} pas in {start}, na --vanaf {from}; vul de werkelijke maanden in of kies een latere --vanaf",
                p.id,
                p.progress.dutch()
            )
        })
        .collect();
    // Done work has finished by the monitoring month.
    let not_finished = previous
        .projects
        .iter()
        .filter(|p| p.progress == Progress::Done)
        .filter_map(|p| p.actual_end.filter(|&end| end > from).map(|end| (p, end)))
        .map(|(p, end)| {
            format!(
                "{}: project {} is gereed, maar {ACTUAL_END_COLUMN} is {end}, na --vanaf {from}; vul de werkelijke maand in of kies een latere --vanaf",
                p.actual_end_cell, p.id
            )
        });
    outside.chain(not_started).chain(not_finished).collect()
}

/// `--vanaf` must lie in the scenario's horizon: checked before the previous plan's cells, as a
/// month outside it would make every pinned project's month look wrong.
pub fn check_from(scenario: &Scenario, from: Month) -> Result<(), String> {
    if from < scenario.start_month || from > scenario.deadline_month {
        // Before the start: helper 106 was told to use the previous plan's scenario, which it
        // did; --vanaf is the first month to plan again (the month after the monitoring).
        let hint = if from > scenario.deadline_month {
            "verschuif deadline_month in het scenario (--scenario) als er daarna nog gepland moet worden".to_string()
        } else {
            format!(
                "--vanaf is de eerste maand die opnieuw gepland wordt; kies een maand vanaf {}, of plan met een scenario met een eerdere start_month",
                scenario.start_month
            )
        };
        return Err(format!(
            "--vanaf {from} ligt buiten de planperiode van het scenario ({} t/m {}); {hint}",
            scenario.start_month, scenario.deadline_month
        ));
    }
    Ok(())
}

/// Added to a budget or capacity reason in a re-plan with pinned work.
pub const PINNED_FIRST: &str = "; het budget en de capaciteit in deze reden zijn wat overblijft naast het werk dat gereed, in uitvoering of vastgelegd is (zie Voortgang)";

/// A previous plan most of whose homes are not in `stock`, or sit there in another complex,
/// belongs to another stock (generated or exported stocks may share vhe numbers): re-planning
/// against it would charge its work to this stock's budget and capacity.
fn refuse_other_stock(stock: &Stock, previous: &PreviousPlan) -> Result<(), String> {
    let in_stock: BTreeMap<&str, &str> = stock
        .homes
        .iter()
        .map(|h| (h.vhe.as_str(), h.complex.as_str()))
        .collect();
    let mut homes = 0usize;
    let mut missing = 0usize;
    let mut moved: Vec<(&str, &str, &str)> = Vec::new();
    for p in &previous.projects {
        for vhe in &p.homes {
            homes += 1;
            match in_stock.get(vhe.as_str()) {
                None => missing += 1,
                Some(now) if !p.complex.is_empty() && *now != p.complex => {
                    moved.push((vhe, &p.complex, now))
                }
                Some(_) => {}
            }
        }
    }
    if homes == 0 || 2 * (missing + moved.len()) <= homes {
        return Ok(());
    }
    let example = moved
        .first()
        .map(|(vhe, then, now)| {
            format!(" (zoals vhe {vhe}: toen complex {then}, nu complex {now})")
        })
        .unwrap_or_default();
    // Without a stock file the built-in sample was read: most likely the stock was left out
    // (helper 79: the advice blamed the previous plan).
    let advice = if crate::embedded::is_embedded(&stock.source.path) {
        "er is geen bezitsbestand opgegeven, dus las retrofit het ingebouwde voorbeeldbezit; geef het bezit waarvan het vorige plan gemaakt is als eerste argument (retrofit plan BEZIT --vorig-plan PLAN --vanaf JJJJ-MM)"
    } else {
        "is het een plan van een ander bezit? Geef het plan dat van dit bezit gemaakt is (--vorig-plan)"
    };
    Err(format!(
        "vorig plan {}: van zijn {} (vhe in blad Planning) staan er {missing} niet in het bezit {} en {} in een ander complex{example}; {advice}",
        previous.path.display(),
        crate::nl_format::count(homes, "woning", "woningen"),
        stock.source.file_name,
        moved.len()
    ))
}

/// Plans `stock` again from `from` on, keeping what the previous plan's progress pins.
pub fn replan(
    stock: &Stock,
    scenario: &Scenario,
    options: &ScheduleOptions,
    previous: &PreviousPlan,
    from: Month,
) -> Result<Replanned, String> {
    check_from(scenario, from)?;
    let errors = progress_errors(previous, from, scenario);
    if !errors.is_empty() {
        return Err(several_errors(errors));
    }
    refuse_other_stock(stock, previous)?;
    let mut warnings = previous.read_notes.clone();
    if let Some(name) = previous.scenario.as_ref().filter(|n| **n != scenario.name) {
        warnings.push(format!(
            "het vorige plan is gemaakt met scenario '{name}', dit plan met '{}'. Is dat de bedoeling? Geef anders met --scenario het scenario van het vorige plan",
            scenario.name
        ));
    }
    // The rules from `from` on: a new project's assumed permit counts from then.
    let mut solve_scenario = scenario.clone();
    solve_scenario.start_month = from;
    let mut prep = projects::prepare(&stock.homes, &solve_scenario);
    if let Some((kept, complexes)) = pinned_regrouped(stock, &prep, previous) {
        prep = projects::prepare_keeping(&stock.homes, &solve_scenario, &kept);
        // Said only where the open homes are now grouped otherwise than in the previous plan
        // (a complex regrouped at an earlier monitoring, and unchanged since, is regrouped the
        // same way again, silently).
        let before: BTreeMap<&str, &Vec<String>> = previous
            .projects
            .iter()
            .map(|p| (p.id.as_str(), &p.homes))
            .collect();
        let kept_ids: BTreeSet<&str> = kept.iter().map(|k| k.id.as_str()).collect();
        let before_complex: BTreeMap<&str, &str> = previous
            .projects
            .iter()
            .map(|p| (p.id.as_str(), p.complex.as_str()))
            .collect();
        let regrouped = |corporation: &str, complex: &str| {
            prep.projects.iter().any(|p| {
                p.corporation == corporation
                    && p.complex == complex
                    && !kept_ids.contains(p.id.as_str())
                    && before.get(p.id.as_str()) != Some(&&home_vhe(stock, p))
            })
        };
        // A kept project whose homes the stock now puts in more than one complex: it keeps
        // its homes (the work was done on them), under the complex most of them are in.
        for p in prep
            .projects
            .iter()
            .filter(|p| kept_ids.contains(p.id.as_str()))
        {
            let elsewhere: Vec<&str> = p
                .homes
                .iter()
                .map(|&h| &stock.homes[h])
                .filter(|h| h.complex != p.complex)
                .map(|h| h.vhe.as_str())
                .collect();
            if elsewhere.is_empty() {
                continue;
            }
            let previous = before_complex.get(p.id.as_str()).copied().unwrap_or("");
            let was = if previous.is_empty() || previous == p.complex {
                String::new()
            } else {
                format!(" (in het vorige plan complex {previous})")
            };
            warnings.push(format!(
                "project {}: {} {} nu in een ander complex dan {}; het project houdt zijn woningen en staat onder complex {}{was}. Klopt de indeling van het bezit, of hoort dit vorige plan bij een ander bezit?",
                p.id,
                crate::nl_format::count(elsewhere.len(), "woning", "woningen"),
                if elsewhere.len() == 1 { "staat" } else { "staan" },
                p.complex,
                p.complex,
            ));
        }
        for (corporation, complex) in complexes {
            if !regrouped(&corporation, &complex) {
                continue;
            }
            warnings.push(format!(
                "complex {complex}{}: de woningen zijn anders in projecten verdeeld dan in het vorige plan (een woning erbij of eraf, of een andere projectgrootte); de projecten die gereed, in uitvoering of vastgelegd zijn houden hun woningen, de andere woningen van het complex zijn opnieuw verdeeld",
                corp_text(&corporation)
            ));
        }
    }
    let by_id: BTreeMap<&str, &PreviousProject> = previous
        .projects
        .iter()
        .map(|p| (p.id.as_str(), p))
        .collect();
    let current: BTreeSet<String> = prep.projects.iter().map(|p| p.id.clone()).collect();
    let mut used = PinnedUse::default();
    let mut carried_before: Vec<String> = Vec::new();
    // Done projects whose homes the stock now lists as upgraded (a label out of E, F and G, or
    // a status): the normal update after the work, said once for all of them.
    let mut upgraded: Vec<String> = Vec::new();
    let by_vhe = homes_by_vhe(stock);
    let is_upgraded = |prev: &PreviousProject| done_and_upgraded(&by_vhe, prev);
    let mut carried: Vec<crate::plan::CarriedWork> = Vec::new();
    for prev in &previous.projects {
        if !current.contains(&prev.id) {
            let lost = match (prev.progress.pinned(), prev.cost_eur) {
                (false, _) => String::new(),
                // Done or running work was paid and took its crew: its cost (the previous
                // plan's) and homes in progress still count against budget and capacity.
                (true, Some(cost)) => {
                    let (start, end) = prev.months_at(from);
                    let months = end.since(start) + 1;
                    // The id is `corporation/P...` when the stock names corporations.
                    let named = prev.id.split_once('/').map(|(c, _)| c);
                    if let Some(gone) =
                        named.filter(|c| !stock.homes.iter().any(|h| h.corporation == *c))
                    {
                        // Its cost belongs to no corporation of today's stock: counted in no
                        // budget, so in no total either, and said.
                        warnings.push(format!(
                            "{}: project {} is {} en van corporatie '{gone}', die het bezit niet meer noemt (hernoemd of vertrokken?): zijn kosten (€ {}) tellen in dit plan nergens mee. Is de corporatie hernoemd, gebruik dan in het bezit de naam uit het vorige plan",
                            prev.cell,
                            prev.id,
                            prev.progress.dutch(),
                            thousands(cost.round() as i64)
                        ));
                        continue;
                    }
                    let corporation = named.unwrap_or("");
                    used.add(
                        corporation,
                        &prev.cell,
                        evenly_by_year(cost, start, months),
                        start,
                        months,
                        prev.home_count() as f64 / months as f64,
                    );
                    carried.push(crate::plan::CarriedWork {
                        id: prev.id.clone(),
                        corporation: corporation.to_string(),
                        complex: prev.complex.clone(),
                        start,
                        months: months.max(1) as u32,
                        cost_eur: cost,
                        homes: prev.home_count(),
                    });
                    let when = if start == end {
                        format!("in {start}")
                    } else {
                        format!("van {start} t/m {end}")
                    };
                    format!(
                        " Het was {}: zijn kosten uit het vorige plan (€ {}) en zijn woningen blijven meetellen in budget en capaciteit {when}, en zijn kosten in de Begroting van dit plan.",
                        prev.progress.dutch(),
                        thousands(cost.round() as i64)
                    )
                }
                (true, None) => format!(
                    " Het was {}: zonder kosten_eur in het vorige plan tellen zijn kosten en capaciteit niet meer mee.",
                    prev.progress.dutch()
                ),
            };
            // Carried over from an earlier monitoring (no homes left in `Planning`): said
            // once for all of them below, not again one by one at every monitoring. A row
            // the plan before did not have (its `Voortgang` does not list it) was typed in by
            // hand: said on its own (helper 51: an invented project counted without a word).
            if prev.progress.pinned() && prev.cost_eur.is_some() && prev.homes.is_empty() {
                match unknown_origin(previous, prev) {
                    None => carried_before.push(prev.cell.clone()),
                    Some(origin) => warnings.push(format!(
                        "{}: project {} heeft geen woningen in Planning en {origin}.{lost} Is het met de hand toegevoegd en hoort het er niet bij, haal de rij dan weg",
                        prev.cell, prev.id,
                    )),
                }
                continue;
            }
            if prev.cost_eur.is_some() && is_upgraded(prev) {
                upgraded.push(prev.cell.clone());
                continue;
            }
            // Where every home is in the stock with a label outside E, F and G, said (helper
            // 99 read the list of possible causes for a complex relabelled B).
            // As `Voortgang` says it: excluded before relabelled.
            let why = match (
                excluded_now(&by_vhe, prev),
                labels_now_outside_efg(&by_vhe, prev),
            ) {
                (Some(reasons), _) => format!("{}.", excluded_text(&reasons)),
                (None, Some(labels)) => format!("{}.", relabelled_text(&labels)),
                (None, None) => "de woningen hebben geen label E, F of G meer, zijn weg of uitgesloten (verkoop, sloop), of anders gegroepeerd; blad Voortgang zegt welke.".to_string(),
            };
            warnings.push(format!(
                "{}: project {} van het vorige plan (start {}) komt in dit bezit niet meer voor als project: {why}{lost}",
                prev.cell, prev.id, prev.start
            ));
        }
    }
    if !upgraded.is_empty() {
        warnings.push(format!(
            "{}: {} gereed, en het bezit geeft hun woningen nu een label buiten E, F en G (of een status): hun kosten uit het vorige plan tellen mee in budget en Begroting, hun woningen niet meer als E, F of G",
            cells_in_row_order(&upgraded),
            crate::nl_format::count(upgraded.len(), "project", "projecten")
        ));
    }
    if !carried_before.is_empty() {
        warnings.push(format!(
            "{}: {} uit eerdere monitoringen (gereed, in uitvoering of vastgelegd; de woningen zijn niet meer E, F of G of niet meer in het bezit); de kosten en woningen tellen mee in budget en capaciteit, de kosten ook in de Begroting",
            cells_in_row_order(&carried_before),
            crate::nl_format::count(carried_before.len(), "project", "projecten")
        ));
    }
    let mut pinned = vec![false; prep.projects.len()];
    let mut starts: Vec<Option<Month>> = vec![None; prep.projects.len()];
    let mut reference = BTreeMap::new();
    let project_of: BTreeMap<String, String> = prep
        .projects
        .iter()
        .flat_map(|p| {
            p.homes
                .iter()
                .map(|&h| (stock.homes[h].vhe.clone(), p.id.clone()))
        })
        .collect();
    for (i, p) in prep.projects.iter_mut().enumerate() {
        let Some(prev) = by_id.get(p.id.as_str()) else {
            // Not planned then: the permit date it assumed is in `Niet ingepland`. Regrouped
            // since (an id the previous plan does not know): the latest its homes had, where
            // every one of them had one.
            let by_homes = || -> Option<NaiveDate> {
                let dates: Option<Vec<NaiveDate>> = p
                    .homes
                    .iter()
                    .map(|&h| {
                        previous
                            .assumed_permits_by_home
                            .get(&stock.homes[h].vhe)
                            .copied()
                    })
                    .collect();
                dates.and_then(|d| d.into_iter().max())
            };
            if let Some(d) = previous
                .assumed_permits
                .get(&p.id)
                .copied()
                .or_else(by_homes)
            {
                if p.permit_assumed {
                    p.permit_ready = Some(d);
                }
            }
            continue;
        };
        let now = home_vhe(stock, p);
        let same_homes = now == prev.homes;
        if !same_homes {
            let gone: Vec<&String> = prev.homes.iter().filter(|v| !now.contains(v)).collect();
            let new: Vec<&String> = now.iter().filter(|v| !prev.homes.contains(v)).collect();
            warnings.push(format!(
                "{}: project {} heeft andere woningen dan in het vorige plan ({} toen, {} nu; {}; nieuw: {}){}",
                prev.cell,
                p.id,
                prev.homes.len(),
                now.len(),
                where_gone(&gone, &by_vhe, &project_of),
                list_or_none(&new),
                if prev.progress.pinned() {
                    format!(
                        "; het blijft {} in zijn maanden{}",
                        prev.progress.dutch(),
                        if prev.cost_eur.is_some() {
                            "; budget en capaciteit tellen de kosten en woningen van het vorige plan"
                        } else {
                            ", met de woningen van nu (zonder kosten_eur in het vorige plan)"
                        }
                    )
                } else if prev.start < from {
                    // Its month lies before --vanaf: nothing to keep (helper 93).
                    "; het wordt opnieuw gepland".into()
                } else {
                    "; het wordt opnieuw gepland en houdt zijn maand waar dat kan".into()
                }
            ));
        }
        // The permit date the previous plan assumed does not move with --vanaf.
        if let Some(d) = prev.permit_assumed {
            if p.permit_assumed {
                p.permit_ready = Some(d);
            }
        }
        if prev.progress.pinned() {
            let (start, end) = prev.months_at(from);
            if (start, end) != prev.pinned_months() {
                let assumed = if prev.progress == Progress::Running {
                    format!("aangenomen is dat het loopt tot en met {from} (de eerste maand van dit plan, --vanaf; vul {ACTUAL_END_COLUMN} in als het klaar is)")
                } else {
                    format!("aangenomen is dat het uiterlijk in {from} (de eerste maand van dit plan, --vanaf) klaar was (vul {ACTUAL_END_COLUMN} in)")
                };
                // Its end follows from its actual start where one is given (helper 78: "volgens
                // de planning in 2027-06", where the plan said 2027-02).
                // Helper 87 read "zou met zijn werkelijke start in 2027-05 en zijn duur in
                // 2027-05 klaar zijn": the end first, then what it follows from.
                let end = prev.pinned_months().1;
                let by = match prev.actual_start {
                    Some(a) if a != prev.start && prev.actual_end.is_none() => {
                        let months = prev.end.since(prev.start) + 1;
                        format!(
                            "in {end} klaar zijn (werkelijke start {a}, geplande duur {})",
                            crate::nl_format::count(months as usize, "maand", "maanden")
                        )
                    }
                    _ => format!("volgens de planning in {end} klaar zijn"),
                };
                warnings.push(format!(
                    "{}: project {} is {}, maar zou {by}; {assumed}",
                    prev.cell,
                    p.id,
                    prev.progress.dutch()
                ));
            }
            if prev.progress == Progress::Contracted && start < from {
                warnings.push(format!(
                    "{}: project {} is vastgelegd maar gepland in {start}, vóór --vanaf {from}; het blijft in {start}",
                    prev.cell, p.id
                ));
            }
            p.duration_months = (end.since(start) + 1).max(1) as u32;
            // Its months are the pinned ones, whatever pace a start would otherwise have.
            p.slower_starts.clear();
            for why in pinned_rule_breaks(p, start, scenario) {
                warnings.push(format!(
                    "{}: project {} ({}) breekt een regel: {why}",
                    prev.cell,
                    p.id,
                    prev.progress.dutch()
                ));
            }
            // Work on homes that have left the plan since (now labelled A or B, or gone from
            // the stock) was still paid for and took its crew: with other homes than before, a
            // pinned project counts the previous plan's cost and homes.
            let months = p.duration_months as i32;
            // (Also when they left before the previous plan: it lists more homes than its
            // `Planning` holds.)
            let homes_left = !same_homes || prev.home_count() > prev.homes.len();
            // A zero sum counts no cost at all: said, whatever the homes (helper 65).
            if prev.cost_eur.is_some_and(|c| c.abs() < 0.005) {
                warnings.push(format!(
                    "{}: project {} ({}) heeft kosten_eur 0: het telt zonder kosten in budget en Begroting; vul het bedrag van het werk in als dat niet klopt",
                    prev.cell,
                    p.id,
                    prev.progress.dutch()
                ));
            }
            // With the same homes, the work counts the cost the previous plan gives it (a
            // contract sum the team wrote there, or the plan's figure): done, running or
            // contracted work is not priced again at this scenario's prices.
            if let Some(cost) = prev.cost_eur.filter(|_| !homes_left) {
                let priced = p.priced_cost_at(start, scenario);
                if (cost - priced).abs() >= 0.5 && cost.abs() >= 0.005 {
                    warnings.push(format!(
                        "{}: project {} ({}) telt met kosten_eur uit het vorige plan, € {}; tegen de prijzen van dit scenario zou het bij een start in {start} € {} kosten",
                        prev.cell,
                        p.id,
                        prev.progress.dutch(),
                        thousands(cost.round() as i64),
                        thousands(priced.round() as i64)
                    ));
                }
                p.pinned_home_costs = shares_of_homes_now(previous, prev, cost, &now);
                p.pinned_cost_eur = Some(cost);
            }
            let (cost_by_year, homes_per_month) = match prev.cost_eur.filter(|_| homes_left) {
                Some(cost) => {
                    // The plan counts this project's homes with their share of the previous
                    // plan's cost (helper 64: a contract sum typed in `kosten_eur` went whole
                    // onto the homes that left); the rest of it is carried.
                    let shares = shares_of_homes_in(previous, prev, cost, &now);
                    let share: f64 = shares.values().sum();
                    // A home new to the work has no share: then all are split pro rata.
                    if shares.len() == now.len() {
                        p.pinned_home_costs = shares;
                    }
                    p.pinned_cost_eur = Some(share);
                    carried.push(crate::plan::CarriedWork {
                        id: p.id.clone(),
                        corporation: p.corporation.clone(),
                        complex: p.complex.clone(),
                        start,
                        months: months as u32,
                        cost_eur: cost - share,
                        homes: prev.home_count().saturating_sub(p.home_count()),
                    });
                    (
                        evenly_by_year(cost, start, months),
                        prev.home_count() as f64 / months as f64,
                    )
                }
                None => (p.cost_by_year(start, scenario), p.homes_per_month_at(start)),
            };
            used.add(
                &p.corporation,
                &prev.cell,
                cost_by_year,
                start,
                months,
                homes_per_month,
            );
            p.allowed_starts = vec![start];
            p.blocked = None;
            pinned[i] = true;
            starts[i] = Some(start);
        } else {
            // Every open project of the previous plan keeps its month as the reference, also
            // one that slipped past --vanaf or has other homes now: its tenants were told that
            // month (helper 92: without it, a slipped one-home project was left out for
            // another the previous plan had left out, at a higher cost, and a project that lost
            // a home swapped months with one that gained one).
            reference.insert(p.id.clone(), prev.start);
        }
    }
    // Pinned projects together against each year's budget and each month's capacity.
    let PinnedUse {
        committed,
        year_rows: pinned_rows,
        month_rows: pinned_month_rows,
    } = used;
    // Only where open projects may still start: a month or year before `from` is history
    // (helper 77: the same warning about months long past at every re-plan).
    for ((corp, y), cost) in &committed.cost_eur {
        let budget = scenario.budget(corp, *y);
        if *y >= from.year() && *cost > budget + 0.5 {
            warnings.push(format!(
                "budget {y}{}: de vastgezette projecten (gereed, in uitvoering of vastgelegd: {}) kosten € {}, meer dan het budget van € {}; voor open projecten blijft in {y} niets over",
                corp_text(corp),
                pinned_rows
                    .get(&(corp.clone(), *y))
                    .map(|r| cells_in_row_order(r))
                    .unwrap_or_default(),
                thousands(cost.round() as i64),
                thousands(budget.round() as i64)
            ));
        }
    }
    let over: Vec<String> = committed
        .load
        .iter()
        .filter(|((corp, m), load)| *m >= from && **load > scenario.capacity(corp, *m) + 1e-9)
        .map(|((corp, m), load)| {
            format!(
                "{m}{}: {} woningen tegelijk bij een capaciteit van {} ({})",
                corp_text(corp),
                crate::nl_format::decimal(*load, 1),
                crate::input::values::fmt_nl(scenario.capacity(corp, *m)),
                pinned_month_rows
                    .get(&(corp.clone(), *m))
                    .map(|r| cells_in_row_order(r))
                    .unwrap_or_default()
            )
        })
        .collect();
    if !over.is_empty() {
        warnings.push(format!(
            "capaciteit: de vastgezette projecten (gereed, in uitvoering of vastgelegd) gaan samen over de capaciteit in {}; voor open projecten blijft daar niets over",
            over.join("; ")
        ));
    }
    solve_scenario.committed = committed;
    // Open projects: their rules again, with the kept permit dates and the capacity and budget
    // that is left.
    let fastest = solve_scenario.projects.homes_per_month_per_project;
    // After January the municipality has this year's list of pepper-potted work (SPEC: shared
    // at the start of each year, before work starts): the homes of the previous plan's
    // pepper-potted projects of this year, and of earlier years (work that slipped, which the
    // municipality knows of; helper 83 saw one from 2027's list left out of 2028). A
    // pepper-potted project with a home not on it (also one not pepper-potted then: helper
    // 83) waits for next year's list. A plan that does not say (`gespikkeld` empty) is taken
    // at its word.
    let listed: Option<BTreeSet<&str>> = (from.month() > 1).then(|| {
        previous
            .projects
            .iter()
            .filter(|q| q.start.year() <= from.year() && q.pepper_potted != Some(false))
            .flat_map(|q| q.homes.iter().map(String::as_str))
            .collect()
    });
    for (i, p) in prep.projects.iter_mut().enumerate() {
        if pinned[i] {
            continue;
        }
        if let Some(listed) = &listed {
            let on_list = p
                .homes
                .iter()
                .all(|&h| listed.contains(stock.homes[h].vhe.as_str()));
            if p.pepper_potted && !on_list {
                p.pepper_potted_listed_from = Some(Month::new(from.year() + 1, 1));
            }
        }
        p.duration_months = pace::duration_at(p.home_count(), fastest);
        pace::settle(p, &solve_scenario);
    }
    let open: Vec<usize> = (0..prep.projects.len()).filter(|&i| !pinned[i]).collect();
    let open_projects: Vec<Project> = open.iter().map(|&i| prep.projects[i].clone()).collect();
    let mut options = options.clone();
    options.reference_starts = Some(reference.clone());
    let solved =
        model::schedule(&open_projects, &solve_scenario, &options).map_err(|e| e.to_string())?;
    let mut reasons = vec![None; prep.projects.len()];
    for (k, &i) in open.iter().enumerate() {
        starts[i] = solved.starts[k];
        reasons[i] = solved.reasons[k].clone();
    }
    let changed = OpenChanges::of(
        previous,
        stock,
        &prep.projects,
        &open,
        &solved.starts,
        &reference,
        from,
    );
    let moves = solved
        .repair
        .and_then(moves_text)
        .map(|text| format!("{text} {}", changed.names()).trim_end().to_string());
    if let Some(w) = changed.dropped_warning(previous) {
        warnings.push(w);
    }
    let schedule = Schedule {
        starts,
        reasons,
        report: solved.report,
        repair: solved.repair,
    };
    let mut plan = plan::build_for(stock, scenario, &solve_scenario, &prep, &schedule);
    for work in carried {
        plan.add_carried(work);
    }
    // A budget or capacity reason in a re-plan counts what pinned work leaves: said, where
    // that work takes any of the corporation's budget or capacity.
    let pinned_corporations: BTreeSet<&str> = solve_scenario
        .committed
        .cost_eur
        .iter()
        .map(|((c, _), v)| (c.as_str(), *v))
        .chain(
            solve_scenario
                .committed
                .load
                .iter()
                .map(|((c, _), v)| (c.as_str(), *v)),
        )
        .filter(|(_, v)| *v > 0.0)
        .map(|(c, _)| c)
        .collect();
    for h in &mut plan.not_planned {
        let on_limits = h.category.starts_with("budget") || h.category.starts_with("capaciteit");
        if on_limits && pinned_corporations.contains(h.corporation.as_str()) {
            h.add_detail(PINNED_FIRST);
        }
    }
    let room = Room::of(&prep.projects, &open, &schedule.starts, &solve_scenario);
    let rows = previous
        .projects
        .iter()
        .map(|prev| {
            let i = prep.projects.iter().position(|p| p.id == prev.id);
            let start = i.and_then(|i| schedule.starts[i]);
            // For a project moved: what its old month lacks beside the rest of this plan; for one
            // that slipped, what --vanaf's month lacks (helper 93: a slipped project moved ten
            // months with no word why). (For one that month no longer allows at all because
            // that work fills it: what the project alone overruns there.)
            let wanted = prev.start.max(from);
            let moved_room = i
                .zip(start)
                .filter(|&(i, s)| !pinned[i] && s != wanted)
                .map(|(i, s)| {
                    let p = &prep.projects[i];
                    MoveRoom {
                        short: if p.too_large_beside_pinned.contains(&wanted) {
                            room.alone_short_at(p, wanted)
                        } else {
                            room.short_at(p, s, wanted)
                        },
                        between: between_text(p, wanted, s, &room, &solve_scenario),
                    }
                });
            let mut row = progress_row(
                prev,
                i.map(|i| &prep.projects[i]),
                start,
                moved_room,
                &plan,
                from,
                stock,
                &by_vhe,
            );
            // Not known to be carried over from an earlier monitoring, though it looks so.
            if let Some(origin) = unknown_origin(previous, prev)
                .filter(|_| i.is_none() && prev.homes.is_empty() && prev.progress.pinned())
            {
                row.why = format!(
                    "{}: zonder woningen in Planning, en {origin}; in zijn maanden",
                    prev.progress.dutch()
                );
            }
            row
        })
        .collect();
    let upgrades = carried_upgrades(previous, &plan, stock, from);
    plan.add_carried_upgrades(upgrades);
    plan.left_homes = left_homes(previous, &plan);
    warnings.extend(regrouped_left_out(previous, &prep.projects, &plan));
    labels_from(&mut plan, from);
    plan.progress = Some(ProgressReport {
        previous_file: previous
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        from,
        headline: headline(&plan),
        moves,
        warnings: warnings.clone(),
        rows,
        new_projects: changed.new_projects(&plan, previous),
        years: progress_years(previous, &plan),
    });
    Ok(Replanned {
        plan,
        warnings,
        pinned,
        solved_projects: open_projects,
        solved_scenario: solve_scenario,
    })
}

/// The label table of a re-plan. The stock is read as it is now: done work whose homes it
/// already labels anew counts as upgraded from the first row on, so a row at the plan's start
/// or at the end of a year before `from` would count those homes upgraded before their work
/// (helper 41: 330 E/F/G homes at the start instead of 480). The first row is therefore the
/// stock as read, and the year ends start at `from`'s year, by whose end all done work is.
fn labels_from(plan: &mut Plan, from: Month) {
    for s in &mut plan.labels {
        if s.moment.starts_with("start ") {
            s.moment = STOCK_AS_READ.to_string();
        }
    }
    plan.labels
        .retain(|s| s.year_end.is_none_or(|y| y >= from.year()));
}

/// The first row of a re-plan's label table.
pub const STOCK_AS_READ: &str = "bezit zoals ingelezen";

fn corp_text(corp: &str) -> String {
    if corp.is_empty() {
        String::new()
    } else {
        format!(" ({corp})")
    }
}

/// Pinned work (done, running, contracted) against each year's budget and each month's
/// capacity, with the rows of the previous plan that put it there (for the warnings when it
/// alone exceeds them).
#[derive(Default)]
struct PinnedUse {
    committed: Committed,
    year_rows: BTreeMap<(String, i32), Vec<String>>,
    month_rows: BTreeMap<(String, Month), Vec<String>>,
}

impl PinnedUse {
    /// The work of row `cell`: `cost_by_year` against the budget, `homes_per_month` in each of
    /// the `months` months from `start` against the capacity.
    fn add(
        &mut self,
        corporation: &str,
        cell: &str,
        cost_by_year: BTreeMap<i32, f64>,
        start: Month,
        months: i32,
        homes_per_month: f64,
    ) {
        for (y, c) in cost_by_year {
            let key = (corporation.to_string(), y);
            *self.committed.cost_eur.entry(key.clone()).or_default() += c;
            self.year_rows
                .entry(key)
                .or_default()
                .push(cell.to_string());
        }
        for k in 0..months {
            let key = (corporation.to_string(), start.plus(k));
            *self.committed.load.entry(key.clone()).or_default() += homes_per_month;
            self.month_rows
                .entry(key)
                .or_default()
                .push(cell.to_string());
        }
    }
}

/// `cost` spread evenly over the `months` months from `start`, per year.
fn evenly_by_year(cost: f64, start: Month, months: i32) -> BTreeMap<i32, f64> {
    let mut by_year = BTreeMap::new();
    for k in 0..months {
        *by_year.entry(start.plus(k).year()).or_default() += cost / months as f64;
    }
    by_year
}

/// A project's homes by vhe, sorted: as a previous plan lists them (`PreviousProject::homes`).
fn home_vhe(stock: &Stock, project: &Project) -> Vec<String> {
    let mut vhe: Vec<String> = project
        .homes
        .iter()
        .map(|&h| stock.homes[h].vhe.clone())
        .collect();
    vhe.sort();
    vhe
}

fn list_or_none(items: &[&String]) -> String {
    if items.is_empty() {
        "geen".into()
    } else {
        items
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Where the homes a project had in the previous plan and no longer has are now, each group
/// named ("weg: geen" when none): out of the stock, out of E, F and G, with a work status, in
/// another project, or excluded. A home upgraded by done work is not "gone" from the stock.
fn where_gone(
    gone: &[&String],
    by_vhe: &HomesByVhe,
    project_of: &BTreeMap<String, String>,
) -> String {
    if gone.is_empty() {
        return "weg: geen".into();
    }
    let mut groups: BTreeMap<(u8, String), Vec<&String>> = BTreeMap::new();
    for &v in gone {
        let key = match by_vhe.get(v.as_str()) {
            None => (0, "niet meer in het bezit".to_string()),
            Some(h) if !h.label.is_efg() => (1, "nu een label buiten E, F en G".to_string()),
            Some(crate::stock::Home {
                status: Some(status),
                ..
            }) => (2, format!("nu met status {}", status.as_str())),
            Some(_) => match project_of.get(v) {
                Some(other) => (3, format!("nu in project {other}")),
                None => (4, "nu uitgesloten (zie Uitgesloten)".to_string()),
            },
        };
        groups.entry(key).or_default().push(v);
    }
    groups
        .into_iter()
        .map(|((_, what), homes)| format!("{what}: {}", list_or_none(&homes)))
        .collect::<Vec<_>>()
        .join("; ")
}

type HomesByVhe<'a> = BTreeMap<&'a str, &'a crate::stock::Home>;

fn homes_by_vhe(stock: &Stock) -> HomesByVhe<'_> {
    stock.homes.iter().map(|h| (h.vhe.as_str(), h)).collect()
}

/// A done project whose homes are all in the stock (`by_vhe`), each with a label out of E, F
/// and G or a status (the usual update of the stock after the work).
fn done_and_upgraded(by_vhe: &HomesByVhe, prev: &PreviousProject) -> bool {
    prev.progress == Progress::Done
        && !prev.homes.is_empty()
        && prev.homes.iter().all(|v| {
            by_vhe
                .get(v.as_str())
                .is_some_and(|h| !h.label.is_efg() || h.status.is_some())
        })
}

/// "label B" or "labels B en C" where every home of `prev` is in the stock with a label outside
/// E, F and G; `None` otherwise (or without homes).
fn labels_now_outside_efg(by_vhe: &HomesByVhe, prev: &PreviousProject) -> Option<String> {
    let labels: Vec<crate::stock::Label> = prev
        .homes
        .iter()
        .map(|v| by_vhe.get(v.as_str()).map(|h| h.label))
        .collect::<Option<_>>()?;
    if labels.is_empty() || labels.iter().any(|l| l.is_efg()) {
        return None;
    }
    let distinct: std::collections::BTreeSet<String> =
        labels.iter().map(|l| l.to_string()).collect();
    let distinct: Vec<&str> = distinct.iter().map(String::as_str).collect();
    Some(if distinct.len() == 1 {
        format!("label {}", distinct[0])
    } else {
        format!("labels {}", crate::nl_format::and_list(&distinct))
    })
}

/// Per project of this plan holding any of `prev`'s homes: its id, its start (`None`: not
/// planned) and how many of those homes, in natural order of the ids. For a project gone by id:
/// where its homes are now (a home without a project now, e.g. without a package, counts in none).
fn homes_now(prev: &PreviousProject, plan: &Plan) -> Vec<(String, Option<Month>, usize)> {
    let mut now: Vec<(String, Option<Month>, usize)> = Vec::new();
    let held = plan
        .planned
        .iter()
        .map(|h| (&h.vhe, &h.project, Some(h.start)))
        .chain(plan.not_planned.iter().map(|h| (&h.vhe, &h.project, None)));
    for (vhe, project, start) in held {
        if project.is_empty() || !prev.homes.contains(vhe) {
            continue;
        }
        match now.iter_mut().find(|(p, _, _)| p == project) {
            Some((_, _, n)) => *n += 1,
            None => now.push((project.clone(), start, 1)),
        }
    }
    now.sort_by(|a, b| crate::natural_sort::natural_cmp(&a.0, &b.0));
    now
}

/// The reasons (`verkoop`, `sloop`, ...) for which the stock now excludes every home of `prev`
/// (as the plan's `Uitgesloten` says them), joined; `None` where some home is not excluded or
/// not in the stock, or the project lists none.
fn excluded_now(by_vhe: &HomesByVhe, prev: &PreviousProject) -> Option<String> {
    if prev.homes.is_empty() {
        return None;
    }
    let mut reasons: Vec<&str> = Vec::new();
    for vhe in &prev.homes {
        let crate::stock::Class::Excluded(e) = crate::stock::classify(by_vhe.get(vhe.as_str())?)
        else {
            return None;
        };
        if !reasons.contains(&e.reason()) {
            reasons.push(e.reason());
        }
    }
    Some(reasons.join(", "))
}

/// Where the homes of a project gone by id are now: "P1019-1 (start 2028-03), P1019-2 (niet
/// ingepland)" ([`homes_now`]); `None` where no project of this plan holds any.
fn regrouped_into(prev: &PreviousProject, plan: &Plan) -> Option<String> {
    let now = homes_now(prev, plan);
    if now.is_empty() {
        return None;
    }
    let named: Vec<String> = now
        .iter()
        .map(|(p, start, _)| match start {
            Some(s) => format!("{p} (start {s})"),
            None => format!("{p} (niet ingepland)"),
        })
        .collect();
    Some(some_of(&named))
}

/// Open projects of the previous plan regrouped since (no project has their id now) some of
/// whose homes this plan leaves out: warned about like a dropped project, since their tenants
/// know its months (helper 68: P1019's part P1019-2 was said only in `Voortgang`).
fn regrouped_left_out(previous: &PreviousPlan, projects: &[Project], plan: &Plan) -> Vec<String> {
    previous
        .projects
        .iter()
        .filter(|prev| !prev.progress.pinned() && !projects.iter().any(|p| p.id == prev.id))
        .filter_map(|prev| {
            let left: Vec<(String, Option<Month>, usize)> = homes_now(prev, plan)
                .into_iter()
                .filter(|(_, start, _)| start.is_none())
                .collect();
            let homes: usize = left.iter().map(|(_, _, n)| n).sum();
            if homes == 0 {
                return None;
            }
            let parts: Vec<&str> = left.iter().map(|(p, _, _)| p.as_str()).collect();
            Some(format!(
                "{}: project {} ({}) is anders gegroepeerd; {} van zijn woningen {} niet meer ingepland ({}); hun huurders, en bij gespikkeld bezit de gemeente, kennen de maanden van het vorige plan (zie Niet ingepland voor de reden)",
                prev.cell,
                prev.id,
                prev.start,
                homes,
                if homes == 1 { "is" } else { "zijn" },
                parts.join(", ")
            ))
        })
        .collect()
}

/// For a project that moved: the budget and capacity its old month (or, slipped, `--vanaf`'s)
/// lacks beside the rest of this plan (where the work done, running or contracted leaves too
/// little for the project alone there: beside that work), and why not the months between that
/// and its new start ([`between_text`]).
struct MoveRoom {
    short: Vec<String>,
    between: String,
}

/// "; in 2027-06 t/m 2027-08 past het evenmin naast de rest van dit plan (de capaciteit is te
/// krap)": for a project moved later, from `wanted` to `start`, why not each month between,
/// grouped by why (helper 99: a project moved four months said why not the first only). The
/// plan counts a move, not its months, so a month between may fit: said as such ("past het
/// ook", [`BETWEEN_FITS`]). Empty for a move earlier or to the next month.
fn between_text(
    p: &Project,
    wanted: Month,
    start: Month,
    room: &Room,
    scenario: &Scenario,
) -> String {
    let mut groups: Vec<(String, Vec<Month>)> = Vec::new();
    let mut tight: Vec<Month> = Vec::new();
    let mut kinds = BTreeSet::new();
    for m in (1..start.since(wanted)).map(|k| wanted.plus(k)) {
        // Pinned work first, as for the old month: a start it fills is no start of the model.
        let why = if p.too_large_beside_pinned.contains(&m) {
            let short = room.alone_short_at(p, m);
            let what = if short.is_empty() {
                String::new()
            } else {
                format!(" ({})", crate::room::too_tight(&short))
            };
            format!("past het alleen al niet naast werk dat gereed, in uitvoering of vastgelegd is{what}")
        } else if let Some(rule) = projects::start_refused(p, scenario, m) {
            format!("mag het niet: {rule}")
        } else {
            let short = room.short_at(p, start, m);
            if !short.is_empty() {
                // Each month its own limits: said by kind, for the months together.
                kinds.extend(short.iter().map(|l| l.starts_with("het budget")));
                tight.push(m);
                continue;
            }
            BETWEEN_FITS.into()
        };
        match groups.iter_mut().find(|(w, _)| *w == why) {
            Some((_, months)) => months.push(m),
            None => groups.push((why, vec![m])),
        }
    }
    if !tight.is_empty() {
        let limits = match (kinds.contains(&true), kinds.contains(&false)) {
            (true, false) => "het budget is te krap",
            (false, true) => "de capaciteit is te krap",
            _ => "het budget of de capaciteit is te krap",
        };
        groups.insert(
            0,
            (
                format!("past het evenmin naast de rest van dit plan ({limits})"),
                tight,
            ),
        );
    }
    groups.sort_by_key(|(_, months)| months[0]);
    groups
        .iter()
        .map(|(why, months)| format!("; in {} {why}", projects::month_ranges(months)))
        .collect()
}

/// What [`between_text`] says of a month between that fits.
const BETWEEN_FITS: &str = "past het ook naast de rest van dit plan";

/// Why a project of the previous plan has its new months. `room`: for a project that moved,
/// what its old month and the months between lack ([`MoveRoom`]).
#[allow(clippy::too_many_arguments)]
fn progress_row(
    prev: &PreviousProject,
    project: Option<&Project>,
    new_start: Option<Month>,
    room: Option<MoveRoom>,
    plan: &Plan,
    from: Month,
    stock: &Stock,
    by_vhe: &HomesByVhe,
) -> ProgressRow {
    let new_end = project.zip(new_start).map(|(p, s)| p.end_month(s));
    let change_months = new_start.map(|s| s.since(prev.start));
    let same_homes = project.is_some_and(|p| home_vhe(stock, p) == prev.homes);
    // The project as this plan has it (months as pinned, cost).
    let planned = plan.projects.iter().find(|q| q.id == prev.id);
    let mut left_because = None;
    let why = match (project, new_start) {
        (None, _) if done_and_upgraded(by_vhe, prev) => {
            "gereed; het bezit geeft de woningen nu een label buiten E, F en G".to_string()
        }
        // Carried over from an earlier monitoring: `Planning` no longer lists its homes, so
        // whether they are in the stock is not known here.
        (None, _) if prev.homes.is_empty() && prev.progress.pinned() => format!(
            "{}: overgenomen uit een eerdere monitoring, in zijn maanden",
            prev.progress.dutch()
        ),
        (None, _) => match regrouped_into(prev, plan) {
            // Its homes in projects of other ids (another `max_project_homes`, a complex
            // regrouped): said, not "gone" (helper 68).
            Some(now) => format!("anders gegroepeerd: de woningen staan nu in {now}"),
            None => match excluded_now(by_vhe, prev) {
                // Its homes are in the stock but left out by policy now (helper 93: a complex
                // set to verkoop read "bestaat niet meer in het bezit").
                Some(reasons) => {
                    let why = format!("niet meer ingepland: {}", excluded_text(&reasons));
                    left_because = Some(LeftBecause::Excluded(reasons));
                    why
                }
                None => match labels_now_outside_efg(by_vhe, prev) {
                    // Its homes are in the stock with a label outside E, F and G now (helper
                    // 97: relabelled B, the row read "bestaat niet meer in het bezit").
                    Some(labels) => {
                        let why = format!("niet meer ingepland: {}", relabelled_text(&labels));
                        left_because = Some(LeftBecause::Relabelled(labels));
                        why
                    }
                    None => "bestaat niet meer in het bezit".to_string(),
                },
            },
        },
        (Some(_), None) => {
            // The reason in a line; its starts and caveats are in `Niet ingepland`.
            match plan.not_planned.iter().find(|h| h.project == prev.id) {
                // One pointer, not "(zie toelichting) (toelichting in Niet ingepland)"
                // (helper 73).
                Some(h) if !h.detail.is_empty() => format!(
                    "niet meer ingepland: {} (toelichting in Niet ingepland)",
                    h.reason_line()
                ),
                Some(h) => format!("niet meer ingepland: {}", h.reason),
                None => "niet meer ingepland".to_string(),
            }
        }
        (Some(_), Some(s)) if prev.progress.pinned() => {
            // Held in the months it runs: those of the plan, or the actual ones where given.
            let progress = prev.progress.dutch();
            // Its end as pinned: the actual one, or where running work runs to.
            let pinned_end = planned.map(|p| p.end).filter(|&e| e != prev.end);
            match prev.actual_start {
                // "gepland 2027-04: 2 maanden later" (helper 93 read "; later;" alone).
                Some(a) if a != prev.start => format!(
                    "{progress}: vastgehouden in de werkelijke maanden ({} {a}, gepland {}: {} {}{})",
                    // Contracted work has a month, not a start yet.
                    if prev.progress == Progress::Contracted {
                        "vastgelegd voor"
                    } else {
                        "begonnen"
                    },
                    prev.start,
                    crate::nl_format::count(
                        a.since(prev.start).unsigned_abs() as usize,
                        "maand",
                        "maanden"
                    ),
                    if a > prev.start { "later" } else { "eerder" },
                    pinned_end
                        .map(|e| format!("; einde {e} in plaats van {}", prev.end))
                        .unwrap_or_default()
                ),
                _ if s == prev.start => match pinned_end {
                    Some(e) => format!(
                        "{progress}: start als gepland; einde {e} in plaats van {}",
                        prev.end
                    ),
                    None => format!("{progress}: blijft in zijn maanden"),
                },
                _ => format!("{progress}: vastgehouden, start {s}"),
            }
        }
        (Some(p), Some(s)) if s == prev.start => unchanged_start(
            prev,
            p.homes.len(),
            same_homes,
            new_end,
            planned.map(|q| q.cost_eur),
        ),
        (Some(p), Some(s)) => {
            let why = moved_text(p, s, prev, same_homes, from, room, plan);
            // A move that also changes the project's duration says so (helper 75: a project
            // slowed to fit read as moved only).
            match new_end.map(|e| e.since(s) + 1) {
                Some(months) if same_homes && months != prev.end.since(prev.start) + 1 => {
                    format!(
                        "{why}; duur nu {months} maanden, was {}",
                        prev.end.since(prev.start) + 1
                    )
                }
                _ => why,
            }
        }
    };
    ProgressRow {
        cell: prev.cell.clone(),
        id: prev.id.clone(),
        planned_start: prev.start,
        planned_end: prev.end,
        progress: prev.progress,
        actual_start: prev.actual_start,
        actual_end: prev.actual_end,
        new_start,
        new_end,
        change_months,
        why,
        homes: prev.home_count(),
        cost_eur: prev.cost_eur,
        complex: prev.complex.clone(),
        gone: project.is_none(),
        previous_homes: prev.homes.clone(),
        left_because,
        pepper_potted: prev.pepper_potted,
        places: {
            let mut places: Vec<String> = Vec::new();
            for city in prev
                .homes
                .iter()
                .filter_map(|v| by_vhe.get(v.as_str())?.city.clone())
            {
                if !city.is_empty() && !places.contains(&city) {
                    places.push(city);
                }
            }
            places
        },
    }
}

/// Why a project of the previous plan is gone whose homes the stock now excludes for `reasons`
/// ("verkoop"): in `Voortgang` and in the console.
fn excluded_text(reasons: &str) -> String {
    format!("de woningen zijn nu uitgesloten ({reasons})")
}

/// Why a project of the previous plan is gone whose homes the stock now gives `labels` ("label
/// B") outside E, F and G: in `Voortgang` and in the console.
fn relabelled_text(labels: &str) -> String {
    format!("het bezit geeft de woningen nu {labels}, niet meer E, F of G")
}

/// The plan's priorities where a month that fits was not chosen.
const PLAN_ORDER: &str = "het plan (eerst de meeste woningen, dan de laagste kosten, dan zo min mogelijk verschuivingen)";

/// Why project `p` starts in `s` instead of its old month: it slipped, the old month is given up
/// for pinned work or refused by a rule, or the rest of this plan; led by its homes where they
/// changed.
fn moved_text(
    p: &Project,
    s: Month,
    prev: &PreviousProject,
    same_homes: bool,
    from: Month,
    room: Option<MoveRoom>,
    plan: &Plan,
) -> String {
    // With other homes it keeps its month where it can, as any open project does; what changed
    // is said first, then why it moved (helper 77: "woningen gewijzigd" read as the reason a
    // project moved 10 months, where contracted work had taken its old month).
    let changed = (!same_homes).then(|| {
        let was = prev.home_count();
        let counts = if p.homes.len() == was {
            "andere woningen, even veel".to_string()
        } else {
            format!("nu {}, was {was}", p.homes.len())
        };
        format!("woningen gewijzigd ({counts}); ")
    });
    let changed = changed.unwrap_or_default();
    let (short, between) = room.map_or((Vec::new(), String::new()), |r| (r.short, r.between));
    if prev.start < from {
        let slipped = format!("{changed}uitgelopen: niet begonnen vóór {from}");
        if s == from {
            return slipped;
        }
        // Why not in --vanaf's month, the earliest it could start. Pinned work first: a start
        // it fills is no start of the model, and no rule of the scenario refuses it (helper 94
        // read "het scenario staat die start niet toe" where contracted work took the capacity).
        let why = if p.too_large_beside_pinned.contains(&from) {
            let what = if short.is_empty() {
                String::new()
            } else {
                format!(" ({})", crate::room::too_tight(&short))
            };
            format!("in {from} past het alleen al niet naast werk dat gereed, in uitvoering of vastgelegd is{what}")
        } else if let Some(rule) = crate::projects::start_refused(p, &plan.scenario, from) {
            format!("in {from} mag het niet: {rule}")
        } else if short.is_empty() {
            format!(
                "{from} past ook naast de rest van dit plan; {PLAN_ORDER} koos een latere maand"
            )
        } else {
            format!(
                "in {from} past het niet naast de rest van dit plan ({})",
                crate::room::too_tight(&short)
            )
        };
        return order_once(format!("{slipped}; {why}{between}"), s);
    }
    let direction = format!("{}: ", if s < prev.start { "eerder" } else { "later" });
    // The duration the model gives it at the old month, where the previous plan ran it longer
    // or shorter (helper 101, in a comparison); not where it is the new one, which the row's
    // "duur nu ..., was ..." says.
    let months = if same_homes && p.duration_at(prev.start) == p.duration_at(s) {
        String::new()
    } else {
        crate::room::months_at_clause(
            p,
            prev.start,
            Some(prev.end.since(prev.start) + 1),
            "in het vorige plan",
        )
    };
    let old = if p.too_large_beside_pinned.contains(&prev.start) {
        let what = if short.is_empty() {
            "het budget of de capaciteit".to_string()
        } else {
            crate::nl_format::and_list(&short.iter().map(String::as_str).collect::<Vec<_>>())
        };
        format!("de oude startmaand past niet meer naast werk dat gereed, in uitvoering of vastgelegd is: het project alleen vraagt dan meer dan dat werk overlaat van {what}")
    } else if let Some(rule) = crate::projects::start_refused(p, &plan.scenario, prev.start) {
        format!("de oude startmaand mag niet meer: {rule}")
    } else if short.is_empty() {
        // Said only what holds: whether the old month fits beside the rest of this plan
        // (helper 51 read "ruimte nodig voor uitgelopen en vastgelegd werk" where nothing had
        // slipped and contracted work had freed budget).
        format!("{direction}de oude maand past{months} ook naast de rest van dit plan; {PLAN_ORDER} koos een andere")
    } else {
        format!(
            "{direction}in de oude maand past het{months} niet naast de rest van dit plan ({})",
            crate::room::too_tight(&short)
        )
    };
    order_once(format!("{changed}{old}{between}"), s)
}

/// `text` with "; <the plan's order> koos <start>" after it where it says of a month between
/// that it fits ([`BETWEEN_FITS`]) and does not name the plan's order yet.
fn order_once(text: String, start: Month) -> String {
    if text.contains(BETWEEN_FITS) && !text.contains(PLAN_ORDER) {
        format!("{text}; {PLAN_ORDER} koos {start}")
    } else {
        text
    }
}

/// Why a project that starts in its old month has it: "ongewijzigd" only when its homes and
/// its end are the same too.
fn unchanged_start(
    prev: &PreviousProject,
    homes: usize,
    same_homes: bool,
    new_end: Option<Month>,
    new_cost: Option<f64>,
) -> String {
    let end = match new_end {
        Some(e) if e != prev.end => format!(", einde {e} (was {})", prev.end),
        _ => String::new(),
    };
    if !same_homes {
        let was = prev.home_count();
        let counts = if homes == was {
            "andere woningen, even veel".to_string()
        } else {
            format!("nu {homes}, was {was}")
        };
        format!("start ongewijzigd; woningen gewijzigd ({counts}){end}")
    } else if !end.is_empty() {
        format!("start ongewijzigd{end}: de duur volgt uit de regels van dit scenario")
    } else if let Some((new, old)) = new_cost
        .zip(prev.cost_eur)
        .filter(|(new, old)| (new - old).abs() >= 1.0)
    {
        // The same homes and months, another cost: packages or home data changed.
        format!(
            "start ongewijzigd; kosten {} in plaats van {} (pakketten of woninggegevens gewijzigd)",
            crate::nl_format::euro(new),
            crate::nl_format::euro(old)
        )
    } else {
        "ongewijzigd".to_string()
    }
}

/// Every home of pinned work `prev` (those in the previous plan's `Planning` and those it
/// recorded as left, [`PreviousPlan::left_homes`]) with its share of `cost` (the work's
/// `kosten_eur` in the previous plan): pro rata to their `kosten_eur` there, or by count where
/// one lacks it or `Projecten` counts homes neither sheet lists.
fn home_shares(previous: &PreviousPlan, prev: &PreviousProject, cost: f64) -> Vec<(String, f64)> {
    let mut homes: Vec<String> = prev.homes.clone();
    for v in previous.left_homes.get(&prev.id).into_iter().flatten() {
        if !homes.contains(v) {
            homes.push(v.clone());
        }
    }
    let weights: Vec<Option<f64>> = homes
        .iter()
        .map(|v| previous.home_costs.get(v).copied())
        .collect();
    let total: f64 = weights.iter().flatten().sum();
    let counted = prev.home_count().max(homes.len()).max(1);
    let by_cost = weights.iter().all(Option::is_some) && total > 0.0 && counted == homes.len();
    homes
        .into_iter()
        .zip(weights)
        .map(|(v, w)| {
            let share = if by_cost {
                cost * w.unwrap_or(0.0) / total
            } else {
                cost / counted as f64
            };
            (v, share)
        })
        .collect()
}

/// The shares of `cost` ([`home_shares`]) of the homes of pinned work that are among `now`.
fn shares_of_homes_in(
    previous: &PreviousPlan,
    prev: &PreviousProject,
    cost: f64,
    now: &[String],
) -> BTreeMap<String, f64> {
    home_shares(previous, prev, cost)
        .into_iter()
        .filter(|(v, _)| now.contains(v))
        .collect()
}

/// [`shares_of_homes_in`] for pinned work whose homes are the same as before (`now`), scaled
/// to add up to `cost`: in `Planning` each home keeps the cost the previous plan gave it, at
/// every monitoring, whatever this scenario's prices.
fn shares_of_homes_now(
    previous: &PreviousPlan,
    prev: &PreviousProject,
    cost: f64,
    now: &[String],
) -> BTreeMap<String, f64> {
    let shares = shares_of_homes_in(previous, prev, cost, now);
    let total: f64 = shares.values().sum();
    shares
        .into_iter()
        .map(|(v, c)| {
            let scaled = if total > 0.0 {
                c * cost / total
            } else {
                cost / now.len().max(1) as f64
            };
            (v, scaled)
        })
        .collect()
}

/// The homes of the previous plan's pinned work (with a `kosten_eur`) that this plan's
/// `Planning` does not hold, with their share of the work's cost and their effect: the record
/// the next re-plan reads back ([`read_left_homes`]).
fn left_homes(previous: &PreviousPlan, plan: &Plan) -> Vec<crate::plan::LeftHome> {
    let in_planning: BTreeSet<&str> = plan.planned.iter().map(|h| h.vhe.as_str()).collect();
    let mut out = Vec::new();
    for prev in previous.projects.iter().filter(|p| p.progress.pinned()) {
        let Some(cost) = prev.cost_eur else {
            continue;
        };
        for (vhe, share) in home_shares(previous, prev, cost) {
            if in_planning.contains(vhe.as_str()) {
                continue;
            }
            let effect = previous.effects.get(&vhe);
            out.push(crate::plan::LeftHome {
                project: prev.id.clone(),
                vhe,
                cost_eur: share,
                label_after: effect.map(|e| e.label_after),
                energy_saved_kwh_per_year: effect.map(|e| e.energy_saved_kwh_per_year),
            });
        }
    }
    out
}

/// The open projects this re-plan moves, drops or plans without a month of the previous plan
/// (new, or regrouped), by id: named where the plan says how many
/// ([`moves_text`]), and the dropped ones said to the adviser, since their tenants (and for
/// pepper-potted homes the municipality) know the previous plan's months (helper 66).
struct OpenChanges {
    moved: Vec<String>,
    dropped: Vec<String>,
    /// Open projects of the previous plan without a month in the model's reference that this
    /// plan leaves out too: not counted with `dropped` (the model's counts), but warned about
    /// alike (helper 68). Every open project of the previous plan has its month as the
    /// reference now (helper 92), so this stays empty unless that changes again.
    also_left_out: Vec<String>,
    /// With why it had no month: "nieuw", "anders gegroepeerd" (its homes were in another
    /// project of the previous plan: helper 90 read "nieuw" of a part `P2020-1`), "eerder niet
    /// ingepland" (in the previous plan's `Niet ingepland`), "andere woningen", "uitgelopen".
    added: Vec<(String, &'static str)>,
}

impl OpenChanges {
    fn of(
        previous: &PreviousPlan,
        stock: &Stock,
        projects: &[Project],
        open: &[usize],
        starts: &[Option<Month>],
        reference: &BTreeMap<String, Month>,
        from: Month,
    ) -> OpenChanges {
        let mut out = OpenChanges {
            moved: Vec::new(),
            dropped: Vec::new(),
            also_left_out: Vec::new(),
            added: Vec::new(),
        };
        for (k, &i) in open.iter().enumerate() {
            let id = &projects[i].id;
            match (reference.get(id), starts[k]) {
                (Some(w), Some(s)) if *w != s => out.moved.push(id.clone()),
                (Some(_), None) => out.dropped.push(id.clone()),
                (None, Some(_)) => {
                    let regrouped = || {
                        previous.projects.iter().any(|q| {
                            projects[i]
                                .homes
                                .iter()
                                .any(|&h| q.homes.contains(&stock.homes[h].vhe))
                        })
                    };
                    let why = match previous.projects.iter().find(|p| &p.id == id) {
                        None if regrouped() => "anders gegroepeerd",
                        // Listed in the previous plan's `Niet ingepland` (helper 105 read
                        // "nieuw" of it in the summary line, as helper 73 had in Voortgang).
                        None if previous.left_out.contains(id) => "eerder niet ingepland",
                        None => "nieuw",
                        Some(prev) if prev.start < from => "uitgelopen",
                        Some(_) => "andere woningen",
                    };
                    out.added.push((id.clone(), why));
                }
                (None, None)
                    if previous
                        .projects
                        .iter()
                        .any(|p| &p.id == id && !p.progress.pinned()) =>
                {
                    out.also_left_out.push(id.clone())
                }
                _ => {}
            }
        }
        out
    }

    /// "Welke: verschoven: P1030; niet meer ingepland: P1130, P1010; opnieuw of voor het eerst
    /// ingepland: P1083 (nieuw), P1103 (andere woningen)."
    fn names(&self) -> String {
        let mut parts = Vec::new();
        if !self.moved.is_empty() {
            parts.push(format!("verschoven: {}", some_of(&self.moved)));
        }
        if !self.dropped.is_empty() {
            parts.push(format!("niet meer ingepland: {}", some_of(&self.dropped)));
        }
        // Named here too, as the warning names them beside the dropped ones (helper 87: "laat
        // er 6 vallen" beside a warning of 7).
        if !self.also_left_out.is_empty() {
            parts.push(format!(
                "zonder maand in het vorige plan, en niet meer ingepland: {}",
                some_of(&self.also_left_out)
            ));
        }
        if !self.added.is_empty() {
            let named: Vec<String> = self
                .added
                .iter()
                .map(|(id, why)| format!("{id} ({why})"))
                .collect();
            parts.push(format!(
                "opnieuw of voor het eerst ingepland: {}",
                some_of(&named)
            ));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("Welke, in dit plan: {}.", parts.join("; "))
        }
    }

    /// The warning for the open projects of the previous plan this plan leaves out, each with
    /// its row and old start.
    fn dropped_warning(&self, previous: &PreviousPlan) -> Option<String> {
        let left_out: Vec<&String> = self.dropped.iter().chain(&self.also_left_out).collect();
        if left_out.is_empty() {
            return None;
        }
        let cells: Vec<String> = left_out
            .iter()
            .map(|id| {
                let cell = previous
                    .projects
                    .iter()
                    .find(|p| &p.id == *id)
                    .map(|p| format!(" ({}, {})", p.cell, p.start))
                    .unwrap_or_default();
                format!("{id}{cell}")
            })
            .collect();
        Some(format!(
            "{} van het vorige plan niet meer ingepland: {}; {} huurders, en bij gespikkeld bezit de gemeente, kennen de maanden van het vorige plan (de reden staat bij het project in blad Voortgang)",
            crate::nl_format::count(left_out.len(), "open project", "open projecten"),
            some_of(&cells),
            if left_out.len() == 1 { "de" } else { "hun" }
        ))
    }

    /// The projects this plan starts that the previous plan does not list.
    fn new_projects(&self, plan: &Plan, previous: &PreviousPlan) -> Vec<NewProject> {
        self.added
            .iter()
            .filter(|(_, why)| {
                matches!(
                    *why,
                    "nieuw" | "anders gegroepeerd" | "eerder niet ingepland"
                )
            })
            .filter_map(|(id, _)| plan.projects.iter().find(|p| &p.id == id))
            .map(|p| {
                let homes: Vec<&str> = plan
                    .planned
                    .iter()
                    .filter(|h| h.project == p.id)
                    .map(|h| h.vhe.as_str())
                    .collect();
                NewProject {
                    id: p.id.clone(),
                    start: p.start,
                    end: p.end,
                    homes: p.homes,
                    was_left_out: previous.left_out.contains(&p.id),
                    homes_were_in: previous
                        .projects
                        .iter()
                        .filter(|q| q.homes.iter().any(|v| homes.contains(&v.as_str())))
                        .map(|q| q.id.clone())
                        .collect(),
                }
            })
            .collect()
    }
}

/// At most ten items and how many more.
fn some_of(items: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut out = items
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > SHOWN {
        out.push_str(&format!(" en {} meer", items.len() - SHOWN));
    }
    out
}

/// A re-plan's projects: the open ones, against the previous plan.
const REPLAN_WORDING: crate::plan_changes::Wording = crate::plan_changes::Wording {
    one: "open project",
    many: "open projecten",
    // Projects without an open month in the previous plan: new, regrouped, slipped past
    // `--vanaf`, or not planned before (helper 96 read "zonder open maand" as jargon).
    added_one: "opnieuw of voor het eerst in",
    added_many: "opnieuw of voor het eerst in",
    mended: "Aangepast waar het niet meer past: een open project dat niet meer in zijn maand past (ook een uitgelopen project of een met andere woningen) gaat naar de dichtstbijzijnde maand die wel past, een project dat opnieuw of voor het eerst in het plan komt naar waar het het goedkoopst past.",
};

/// Why the re-plan moves more open projects than mending the previous plan would: the mended
/// plan's changes, homes and cost beside this plan's (open projects only; the plan puts most
/// homes first, then the lowest cost, then the fewest moves). `None` where it moves or drops
/// no more.
fn moves_text(r: model::ReferenceRepair) -> Option<String> {
    let bought = crate::plan_changes::moves_bought(
        &r,
        &REPLAN_WORDING,
        "Het vorige plan, alleen aangepast waar het niet meer past",
        "Dit plan",
    )?;
    let first = if r.by_label {
        "de meeste woningen met label G, dan F, dan E"
    } else {
        "de meeste woningen"
    };
    Some(format!(
        "{bought} Het plan gaat voor {first}, dan de laagste kosten, en verschuift pas daarna zo weinig mogelijk (bedragen van de open projecten)."
    ))
}

/// Is the stock EFG-free by the deadline, and if not, how many homes are left and why.
fn headline(plan: &Plan) -> String {
    let deadline = plan.scenario.deadline_month;
    let upgraded = plan.carried_upgraded_by(deadline);
    let left = plan.excluded.len() + plan.not_planned.len() - upgraded;
    if left == 0 {
        return format!(
            "EFG-vrij in {deadline}? Ja: met dit plan is het bezit EFG-vrij in {deadline}."
        );
    }
    let list = |counts: Vec<(String, usize)>| {
        counts
            .into_iter()
            .map(|(c, n)| format!("{c} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut why = Vec::new();
    if !plan.not_planned.is_empty() {
        why.push(format!(
            "niet ingepland: {}",
            list(plan.not_planned_by_reason())
        ));
    }
    if !plan.excluded.is_empty() {
        why.push(format!("uitgesloten: {}", list(plan.excluded_by_reason())));
    }
    let counted = if upgraded == 0 {
        "uitgesloten woningen tellen met hun label uit het bezit".to_string()
    } else {
        format!(
            "uitgesloten woningen tellen met hun label uit het bezit, behalve {} in gereed, lopend of vastgelegd werk: die met het label dat het vorige plan ze gaf",
            crate::nl_format::count(upgraded, "woning", "woningen")
        )
    };
    format!(
        "EFG-vrij in {deadline}? Nee: na dit plan zijn in {deadline} nog {left} woningen E, F of G ({}; {counted}).",
        why.join("; ")
    )
}

/// What the previous plan itself gave project `prev`: the sum of its homes' `kosten_eur` in
/// its `Planning` (and `Werk vorig plan`), where every home has one; else the project's
/// `kosten_eur` in `Projecten`. A contract sum the team typed there since is not the plan's
/// figure (helper 66 saw Voortgang put the previous plan over its budget with it).
fn planned_cost(previous: &PreviousPlan, prev: &PreviousProject) -> Option<f64> {
    let mut homes: Vec<&String> = prev.homes.iter().collect();
    for v in previous.left_homes.get(&prev.id).into_iter().flatten() {
        if !homes.contains(&v) {
            homes.push(v);
        }
    }
    let costs: Option<Vec<f64>> = homes
        .iter()
        .map(|v| previous.home_costs.get(*v).copied())
        .collect();
    match costs {
        Some(c) if !c.is_empty() && homes.len() >= prev.home_count() => Some(c.iter().sum()),
        _ => prev.cost_eur,
    }
}

/// Per year of the horizon: planned (previous plan), done and forecast (new plan).
fn progress_years(previous: &PreviousPlan, plan: &Plan) -> Vec<ProgressYear> {
    plan.scenario
        .years()
        .map(|year| {
            let planned_cost_eur = previous
                .projects
                .iter()
                .filter_map(|p| planned_cost(previous, p).map(|c| (p, c)))
                .map(|(p, c)| {
                    let months = p.end.since(p.start) + 1;
                    let inside = (0..months)
                        .filter(|&k| p.start.plus(k).year() == year)
                        .count();
                    c * inside as f64 / months as f64
                })
                .sum();
            ProgressYear {
                year,
                // Homes of the work, also those since labelled A or B or gone from the stock
                // (`woningen` in `Projecten`), as the forecast counts the carried work.
                planned_homes: previous
                    .projects
                    .iter()
                    .filter(|p| p.end.year() == year)
                    .map(|p| p.home_count())
                    .sum(),
                planned_cost_eur,
                done_homes: previous
                    .projects
                    .iter()
                    .filter(|p| p.progress == Progress::Done && p.pinned_months().1.year() == year)
                    .map(|p| p.home_count())
                    .sum(),
                forecast_homes: plan
                    .years
                    .iter()
                    .filter(|y| y.year == year)
                    .map(|y| y.homes_finished)
                    .sum::<usize>()
                    + plan
                        .carried
                        .iter()
                        .filter(|w| w.end().year() == year)
                        .map(|w| w.homes)
                        .sum::<usize>(),
                forecast_cost_eur: plan
                    .years
                    .iter()
                    .filter(|y| y.year == year)
                    .map(|y| y.cost_eur)
                    .sum(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    /// Months between an old and a new start, said as runs; the plan's order named once where
    /// a month between fits, and not again where the text names it already.
    #[test]
    fn months_between_are_said_as_runs_and_the_plans_order_once() {
        let m = Month::new;
        assert_eq!(
            projects::month_ranges(&[m(2027, 6), m(2027, 7), m(2027, 8), m(2027, 10), m(2028, 1)]),
            "2027-06 t/m 2027-08, 2027-10 en 2028-01"
        );
        assert_eq!(
            projects::month_ranges(&[m(2027, 12), m(2028, 1)]),
            "2027-12 t/m 2028-01"
        );
        let fits = format!("later: ...; in 2027-06 {BETWEEN_FITS}");
        assert_eq!(
            order_once(fits.clone(), m(2027, 9)),
            format!("{fits}; {PLAN_ORDER} koos 2027-09")
        );
        let said = format!("{fits}; {PLAN_ORDER} koos een andere");
        assert_eq!(order_once(said.clone(), m(2027, 9)), said);
        assert_eq!(order_once("later: x".into(), m(2027, 9)), "later: x");
    }

    #[test]
    fn a_progress_word_a_team_types_gets_the_word_meant() {
        assert_eq!(progress_meant("klaar"), Some("gereed"));
        assert_eq!(progress_meant("gestart"), Some("in uitvoering"));
        assert_eq!(progress_meant("gegund"), Some("vastgelegd"));
        assert_eq!(progress_meant("gerreed"), Some("gereed"));
        assert_eq!(progress_meant("onbekend"), None);
    }

    /// A missing column of the previous plan names a header that looks like it.
    #[test]
    fn a_missing_column_names_its_look_alike() {
        let headers: BTreeMap<usize, String> = [(1, "Project"), (18, "Voortgang (status)")]
            .into_iter()
            .map(|(j, h)| (j, h.to_string()))
            .collect();
        assert_eq!(
            lookalike_header(&headers, "voortgang", "Projecten"),
            "; bedoelt u de kop 'Voortgang (status)' (Projecten!S1)? Hernoem die dan naar voortgang"
        );
        assert_eq!(
            lookalike_header(&headers, "werkelijke_start", "Projecten"),
            ""
        );
        let headers: BTreeMap<usize, String> =
            [(2, "Voortgang project".to_string())].into_iter().collect();
        assert!(lookalike_header(&headers, "voortgang", "Projecten")
            .starts_with("; bedoelt u de kop 'Voortgang project' (Projecten!C1)?"));
    }

    #[test]
    fn moves_beyond_the_mended_plan_say_what_they_buy() {
        let mended = model::PlanChanges {
            homes: 347.0,
            cost_eur: 5_702_049.7,
            moved: 2,
            dropped: 0,
            added: 1,
            efg_homes: [0.0; 3],
        };
        let plan = model::PlanChanges {
            homes: 350.0,
            cost_eur: 5_694_408.4,
            moved: 28,
            dropped: 1,
            added: 3,
            efg_homes: [0.0; 3],
        };
        let r = model::ReferenceRepair {
            repaired: mended,
            plan,
            by_label: false,
        };
        assert_eq!(
            moves_text(r).unwrap(),
            "Het vorige plan, alleen aangepast waar het niet meer past, verschuift 2 open projecten en plant er 1 opnieuw of voor het eerst in; het plant 347 woningen voor € 5.702.050. Dit plan verschuift 28 open projecten, laat er 1 vallen en plant er 3 opnieuw of voor het eerst in; het plant 350 woningen voor € 5.694.408: 3 woningen meer. Aangepast waar het niet meer past: een open project dat niet meer in zijn maand past (ook een uitgelopen project of een met andere woningen) gaat naar de dichtstbijzijnde maand die wel past, een project dat opnieuw of voor het eerst in het plan komt naar waar het het goedkoopst past. Het plan gaat voor de meeste woningen, dan de laagste kosten, en verschuift pas daarna zo weinig mogelijk (bedragen van de open projecten)."
        );
        let cheaper = model::ReferenceRepair {
            repaired: model::PlanChanges {
                homes: 350.0,
                moved: 0,
                added: 0,
                ..mended
            },
            plan,
            by_label: false,
        };
        let text = moves_text(cheaper).unwrap();
        assert!(
            text.contains("niet meer past, verschuift geen open project; het plant"),
            "{text}"
        );
        assert!(text.contains(": € 7.641 lagere kosten."), "{text}");
        let dropped_only = model::PlanChanges {
            moved: 0,
            dropped: 1,
            added: 0,
            ..plan
        };
        assert_eq!(
            crate::plan_changes::changes_text(&dropped_only, &REPLAN_WORDING),
            "laat 1 open project vallen"
        );
        // No more moved or dropped than mending (2): nothing to explain.
        assert!(plan.away() > 2);
        let as_mended = model::PlanChanges {
            moved: 1,
            dropped: 1,
            ..plan
        };
        assert_eq!(
            moves_text(model::ReferenceRepair {
                repaired: mended,
                plan: as_mended,
                by_label: false,
            }),
            None
        );
    }

    #[test]
    fn the_projects_a_re_plan_changes_are_named() {
        let ids = |n: usize| (1..=n).map(|i| format!("P{i}")).collect::<Vec<_>>();
        let c = OpenChanges {
            moved: ids(12),
            dropped: vec![],
            also_left_out: vec![],
            added: vec![("P90".into(), "nieuw"), ("P91".into(), "uitgelopen")],
        };
        assert_eq!(
            c.names(),
            "Welke, in dit plan: verschoven: P1, P2, P3, P4, P5, P6, P7, P8, P9, P10 en 2 meer; opnieuw of voor het eerst ingepland: P90 (nieuw), P91 (uitgelopen)."
        );
        let none = OpenChanges {
            moved: vec![],
            dropped: vec![],
            also_left_out: vec![],
            added: vec![],
        };
        assert_eq!(none.names(), "");
    }

    fn grid_with(value: Data) -> Range<Data> {
        let mut r = Range::new((0, 0), (1, 0));
        r.set_value((0, 0), Data::String(ACTUAL_START_COLUMN.into()));
        r.set_value((1, 0), value);
        r
    }

    #[test]
    fn a_project_missing_from_projecten_is_named_with_the_id_it_may_have_become() {
        let map = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let homes: BTreeMap<String, Vec<String>> = [
            ("P1154-A", 2),
            ("P1041", 1),
            ("P1200", 3),
            ("Woonstichting 1/P1076", 1),
        ]
        .iter()
        .map(|(id, n)| (id.to_string(), vec!["v".to_string(); *n]))
        .collect();
        let cells = map(&[
            ("P1154-A", "Planning!C9"),
            ("P1041", "Planning!C4"),
            ("P1200", "Planning!C2"),
            ("Woonstichting 1/P1076", "Planning!D138"),
        ]);
        // P1200 is listed; the other three were typed otherwise (one without its corporation,
        // helper 82); P9999 has no homes (carried).
        let listed = map(&[
            ("P1154A", "Projecten!A7"),
            ("p1041", "Projecten!A3"),
            ("P1200", "Projecten!A2"),
            ("P9999", "Projecten!A9"),
            ("P1076", "Projecten!B19"),
        ]);
        let errors = unlisted_projects(&homes, &cells, &listed);
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(
            errors.iter().any(
                |e| e.starts_with("Planning!D138: project Woonstichting 1/P1076")
                    && e.ends_with("(of is het project P1076 in Projecten!B19?)")
            ),
            "{errors:?}"
        );
        assert!(errors.contains(&"Planning!C4: project P1041 (1 woning) staat in Planning, maar niet op blad Projecten, dus zijn voortgang is onbekend; zet zijn rij terug (of is het project p1041 in Projecten!A3?)".to_string()), "{errors:?}");
        assert!(errors.contains(&"Planning!C9: project P1154-A (2 woningen) staat in Planning, maar niet op blad Projecten, dus zijn voortgang is onbekend; zet zijn rij terug (of is het project P1154A in Projecten!A7?)".to_string()), "{errors:?}");
        // An id with more after it (helper 97: `P1168` renamed `P1168-A`), and the only stray
        // row beside the only missing project.
        let homes: BTreeMap<String, Vec<String>> = [("P1168".to_string(), vec!["v".into()])].into();
        let cells = map(&[("P1168", "Planning!C72")]);
        for (stray, cell) in [
            ("P1168-A", "Projecten!A40"),
            ("Vlasakker 1", "Projecten!A41"),
        ] {
            let listed = map(&[(stray, cell)]);
            assert_eq!(
                unlisted_projects(&homes, &cells, &listed),
                vec![format!("Planning!C72: project P1168 (1 woning) staat in Planning, maar niet op blad Projecten, dus zijn voortgang is onbekend; zet zijn rij terug (of is het project {stray} in {cell}?)")]
            );
        }
    }

    #[test]
    fn a_month_is_text_or_the_date_excel_makes_of_it() {
        let month = |v: Data| {
            let r = grid_with(v);
            Grid {
                range: &r,
                sheet: "Projecten",
            }
            .month(1, 0)
        };
        assert_eq!(
            month(Data::String("2025-04".into())),
            Ok(Some(Month::new(2025, 4)))
        );
        // Typing 2025-04 in Excel stores 1 April 2025 (serial 45748) as a date.
        let date = ExcelDateTime::new(45748.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(month(Data::DateTime(date)), Ok(Some(Month::new(2025, 4))));
        assert_eq!(month(Data::Empty), Ok(None));
        let e = month(Data::String("april".into())).unwrap_err();
        assert!(e.starts_with("Projecten!A2: 'april' is geen maand"), "{e}");
        // The number 45748 is Excel's day count for 1 April 2025; 202405 is no month.
        assert_eq!(month(Data::Float(45748.0)), Ok(Some(Month::new(2025, 4))));
        let e = month(Data::Float(202405.0)).unwrap_err();
        assert!(e.starts_with("Projecten!A2: 202405 is geen maand"), "{e}");
    }
}
