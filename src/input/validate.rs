//! Raw cells -> typed homes and year figures, with every problem at its cell.
//!
//! Finding the header row, mapping columns through the one column table, and checking each row
//! all happen here; nothing stops at the first problem, so a user sees all of them at once.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use polars::prelude::PlHashMap;

use super::cellref::{column_ref, sheet_ref};
use super::columns::{
    find_column, suggest_column, Column, ColumnType, Field, Required, BUDGET_COLUMNS,
    CAPACITY_COLUMNS, EXAMPLE_VHE, FIELD_COUNT, HOME_COLUMNS, LOOKALIKE_OF_MISSING,
};
use super::raw::{Cell, RawSheet};
use super::values::{self, fmt_nl};
use super::{Problem, ReadOptions, SkippedRow, YearFigure};
use crate::stock::{Home, Label, SourceRow};

/// How many rows from the top may hold titles before the header.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// Distinct known columns in a row, and whether the required ones are all there.
pub fn header_score(row: &[Cell], table: &'static [Column]) -> (usize, bool) {
    let fields: HashSet<Field> = row
        .iter()
        .filter_map(|c| match c {
            Cell::Text(s) => find_column(table, s).map(|col| col.field),
            _ => None,
        })
        .collect();
    let complete = table.iter().all(|col| match col.required {
        Required::No => true,
        Required::Yes => fields.contains(&col.field),
        Required::UnlessEp2 => fields.contains(&col.field) || fields.contains(&Field::Ep2),
    });
    (fields.len(), complete)
}

/// The header row: the first of the top rows that holds every required column; failing that,
/// the row with the most known columns (at least `min_matches`), so the missing ones can be named.
pub fn find_header_row(
    sheet: &RawSheet,
    table: &'static [Column],
    min_matches: usize,
) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, row) in sheet.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let (count, complete) = header_score(row, table);
        if complete && count > 0 {
            return Some(i);
        }
        if count >= min_matches && best.is_none_or(|(_, c)| count > c) {
            best = Some((i, count));
        }
    }
    best.map(|(i, _)| i)
}

/// Per field, its column (index and definition): an array indexed by the field, as every cell
/// of every row looks its column up here (a hash map's hashing was 6 % of the sector's reading
/// and validation, `perf`, 2026-12-02).
#[derive(Clone, Copy)]
struct ByField([Option<(usize, &'static Column)>; FIELD_COUNT]);

impl ByField {
    fn new() -> ByField {
        ByField([None; FIELD_COUNT])
    }

    fn get(&self, field: &Field) -> Option<&(usize, &'static Column)> {
        self.0[*field as usize].as_ref()
    }

    fn contains_key(&self, field: &Field) -> bool {
        self.get(field).is_some()
    }

    fn insert(&mut self, field: Field, column: (usize, &'static Column)) {
        self.0[field as usize] = Some(column);
    }

    fn values(&self) -> impl Iterator<Item = &(usize, &'static Column)> {
        self.0.iter().flatten()
    }
}

/// The columns of a sheet once its header is known.
pub struct ColumnMap {
    pub header_row: usize,
    by_field: ByField,
    /// Indexes of the columns that are read (the first of each field), ascending.
    known: Vec<usize>,
}

impl ColumnMap {
    /// The indexes of the columns read, in the sheet's order.
    pub fn known_columns(&self) -> impl Iterator<Item = usize> + '_ {
        self.known.iter().copied()
    }

    /// The names of the columns read, in the sheet's order.
    pub fn read_names(&self) -> Vec<&'static str> {
        let mut cols: Vec<(usize, &'static str)> =
            self.by_field.values().map(|(j, c)| (*j, c.name)).collect();
        cols.sort_unstable();
        cols.into_iter().map(|(_, name)| name).collect()
    }

    pub fn get(&self, field: Field) -> Option<(usize, &'static Column)> {
        self.by_field.get(&field).copied()
    }

    pub fn has(&self, field: Field) -> bool {
        self.by_field.contains_key(&field)
    }
}

/// Maps the header row's cells to columns; warns about unknown and repeated headers and errors
/// on missing required columns.
pub fn map_columns(
    sheet: &RawSheet,
    table: &'static [Column],
    header_row: usize,
    problems: &mut Vec<Problem>,
) -> ColumnMap {
    let mut by_field = ByField::new();
    let mut known = Vec::new();
    let header = sheet.rows.get(header_row).map(Vec::as_slice).unwrap_or(&[]);
    let mut lookalikes: Vec<(String, String, &'static Column)> = Vec::new();
    // Look-alikes of missing columns go before the sheet's other problems.
    let first_problem = problems.len();
    let mut first_warnings = Vec::new();
    for (j, cell) in header.iter().enumerate() {
        let text = match cell {
            Cell::Empty => continue,
            Cell::Text(s) => s.trim().to_string(),
            other => values::text(other).ok().flatten().unwrap_or_default(),
        };
        let loc = sheet.location(header_row, j);
        match find_column(table, &text) {
            Some(col) => {
                if let Some((first, _)) = by_field.get(&col.field) {
                    problems.push(Problem::warning(
                        loc,
                        format!(
                            "kolom '{}' is een tweede kolom {} (de eerste staat in {}); deze kolom wordt genegeerd",
                            values::shorten(&text, 80),
                            col.name,
                            sheet.location(header_row, *first)
                        ),
                    ));
                } else {
                    by_field.insert(col.field, (j, col));
                    known.push(j);
                }
            }
            None => match suggest_column(table, &text) {
                Some(col) => lookalikes.push((loc, text, col)),
                None => problems.push(Problem::warning(
                    loc,
                    format!(
                        "onbekende kolom '{}' wordt genegeerd",
                        values::shorten(&text, 80)
                    ),
                )),
            },
        }
    }
    // A look-alike of a column that is there is just an unknown column; of a missing column it
    // is most likely that column, which the plan would otherwise go without.
    let mut lookalike_of = HashMap::new();
    for (loc, text, col) in lookalikes {
        if by_field.contains_key(&col.field) {
            problems.push(Problem::warning(
                loc,
                format!(
                    "onbekende kolom '{text}' wordt genegeerd (bedoelt u '{}'? die kolom is er al)",
                    col.name
                ),
            ));
        } else {
            // A required column's look-alike is named in the error about that column; a label
            // column that the EP2 stands in for gives no such error, so its look-alike is said
            // here (helper 77: `Energielabel 2026` ignored, every label taken from the EP2).
            let error_follows = match col.required {
                Required::Yes => true,
                Required::UnlessEp2 => !by_field.contains_key(&Field::Ep2),
                Required::No => false,
            };
            if !error_follows {
                first_warnings.push(Problem::warning(
                    loc.clone(),
                    format!(
                        "kop '{text}' lijkt op kolom '{}', {LOOKALIKE_OF_MISSING}{}. Bedoelt u '{}'? Hernoem de kop dan naar {}.",
                        col.name,
                        missing_consequence(col.field),
                        col.name,
                        col.name
                    ),
                ));
            }
            lookalike_of.entry(col.field).or_insert((loc, text));
        }
    }
    problems.splice(first_problem..first_problem, first_warnings);
    let lookalike_hint = |col: &Column| {
        lookalike_of
            .get(&col.field)
            .map(|(loc, text)| {
                format!(
                    "; bedoelt u de kop '{text}' ({loc})? Hernoem die dan naar {}",
                    col.name
                )
            })
            .unwrap_or_default()
    };
    for col in table {
        let present = by_field.contains_key(&col.field);
        match col.required {
            Required::Yes if !present => problems.push(Problem::error(
                column_ref(&sheet.name, col.name),
                format!(
                    "verplichte kolom '{}' ontbreekt{}{}",
                    col.name,
                    synonyms_hint(col),
                    lookalike_hint(col)
                ),
            )),
            Required::UnlessEp2 if !present && !by_field.contains_key(&Field::Ep2) => problems
                .push(Problem::error(
                    column_ref(&sheet.name, col.name),
                    format!(
                        "verplichte kolom '{}' ontbreekt en er is ook geen kolom ep2{}{}",
                        col.name,
                        synonyms_hint(col),
                        lookalike_hint(col)
                    ),
                )),
            _ => {}
        }
    }
    ColumnMap {
        header_row,
        by_field,
        known,
    }
}

/// What the plan does without a column a look-alike header probably meant.
fn missing_consequence(field: Field) -> &'static str {
    match field {
        Field::PermitDate => {
            "; zonder deze kolom neemt het plan voor elke woning met soorten een vergunningsdatum aan (permit_lead_weeks na het eerste onderzoeksseizoen)"
        }
        Field::Species => "; zonder deze kolom plant het zonder flora- en faunaregels",
        Field::Monument | Field::Strategy | Field::DemolitionYear | Field::Status => {
            "; zonder deze kolom kunnen woningen die uitgesloten horen te worden, worden ingepland"
        }
        Field::PepperPotted => "; zonder deze kolom is geen enkele woning gespikkeld",
        Field::Label => {
            "; zonder deze kolom volgt het label van elke woning uit zijn EP2, niet uit het geregistreerde label"
        }
        _ => "; de waarden in deze kolom tellen niet mee",
    }
}

fn synonyms_hint(col: &Column) -> String {
    if col.synonyms.is_empty() {
        String::new()
    } else {
        format!(" (ook herkend als: {})", col.synonyms.join(", "))
    }
}

fn required_names(table: &[Column]) -> String {
    let names: Vec<String> = table
        .iter()
        .filter(|c| c.is_required())
        .map(|c| match c.required {
            Required::UnlessEp2 => format!("{} (of ep2)", c.name),
            _ => c.name.to_string(),
        })
        .collect();
    names.join(", ")
}

fn no_header(sheet: &RawSheet, table: &[Column]) -> Problem {
    Problem::error(
        sheet_ref(&sheet.name),
        format!(
            "geen kopregel gevonden in de eerste {HEADER_SEARCH_ROWS} rijen van blad {}; verwacht worden in ieder geval de kolommen {}",
            sheet.name,
            required_names(table)
        ),
    )
}

/// Warns once for each column without a header that holds data below the header. One pass
/// over the used cells: a stray value far to the right costs one cell, not a column scan.
fn warn_headerless_data(sheet: &RawSheet, map: &ColumnMap, problems: &mut Vec<Problem>) {
    let header = sheet
        .rows
        .get(map.header_row)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let mut first: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for (i, row) in sheet.rows.iter().enumerate().skip(map.header_row + 1) {
        for (j, cell) in row.iter().enumerate() {
            if cell.is_empty()
                || map.known.binary_search(&j).is_ok()
                || header.get(j).is_some_and(|c| !c.is_empty())
            {
                continue;
            }
            first.entry(j).or_insert(i);
        }
    }
    for (j, i) in first {
        problems.push(Problem::warning(
            sheet.location(i, j),
            "deze kolom heeft geen kop en wordt genegeerd".to_string(),
        ));
    }
}

/// The problems of one row while it is read.
struct RowReader<'a> {
    sheet: &'a RawSheet,
    map: &'a ColumnMap,
    row: usize,
    errors: Vec<Problem>,
    warnings: Vec<Problem>,
}

impl<'a> RowReader<'a> {
    fn location(&self, field: Field) -> Option<String> {
        self.map
            .get(field)
            .map(|(j, _)| self.sheet.location(self.row, j))
    }

    /// Parses the cell of `field` with `parse`, filing its error or warnings at the cell.
    fn read<T>(
        &mut self,
        field: Field,
        parse: impl FnOnce(&Cell, &mut Vec<String>) -> values::Parsed<T>,
    ) -> Option<T> {
        let (j, col) = self.map.get(field)?;
        let cell = self.sheet.cell(self.row, j);
        let mut notes = Vec::new();
        let result = match cell_problem(cell) {
            Some(msg) => Err(msg),
            None => parse(cell, &mut notes),
        };
        // A choice read past a doubt or a remark (`ja?`, `MGW?`, `EGW (zie opmerking)`): said,
        // so that the user sees what was taken for certain.
        if let (Cell::Text(text), Ok(Some(_))) = (cell, &result) {
            let choice = matches!(
                field,
                Field::HomeType
                    | Field::Monument
                    | Field::Strategy
                    | Field::PepperPotted
                    | Field::Species
                    | Field::Status
                    | Field::Label
            );
            if choice && text.contains(['?', '(']) {
                notes.push(format!(
                    "'{}': het vraagteken of de opmerking tussen haakjes is genegeerd; controleer de waarde",
                    text.trim()
                ));
            }
        }
        if notes.is_empty() && result.is_ok() {
            // The common case builds no cell reference: large stocks have millions of cells.
            return result.ok().flatten();
        }
        let loc = self.sheet.location(self.row, j);
        for note in notes {
            self.warnings.push(Problem::warning(
                loc.clone(),
                format!("{}: {note}", col.name),
            ));
        }
        match result {
            Ok(v) => v,
            // A column the plan does not use: its value is said and left out, not the home
            // (helper 103: `1965-1970` in bouwjaar kept a home out of the plan).
            Err(msg) if field == Field::BuildYear => {
                self.warnings.push(Problem::warning(
                    loc,
                    format!(
                        "{}: {msg}; het bouwjaar telt niet mee in de planning: de woning wordt zonder bouwjaar gelezen",
                        col.name
                    ),
                ));
                None
            }
            Err(msg) => {
                self.errors
                    .push(Problem::error(loc, format!("{}: {msg}", col.name)));
                None
            }
        }
    }

    /// Reads a cell by its column type.
    fn read_typed(&mut self, field: Field) -> Option<Typed> {
        let (_, col) = self.map.get(field)?;
        let origin = self.sheet.origin;
        match col.kind {
            ColumnType::Text => self.read(field, values::clean_text).map(Typed::Text),
            ColumnType::Integer => self
                .read(field, |c, w| values::count(c, origin, w))
                .map(Typed::Count),
            ColumnType::Year => self
                .read(field, |c, w| values::year(c, origin, w))
                .map(Typed::Year),
            // A column of euros takes the euro sign in text (`€ 2.500.000`).
            ColumnType::Number if col.unit == "euro" => self
                .read(field, |c, w| values::amount(c, origin, w))
                .map(Typed::Number),
            ColumnType::Number => self
                .read(field, |c, w| values::number(c, origin, w))
                .map(Typed::Number),
            _ => None,
        }
    }

    fn text(&mut self, field: Field) -> Option<String> {
        match self.read_typed(field) {
            Some(Typed::Text(s)) => Some(s),
            _ => None,
        }
    }

    fn year(&mut self, field: Field) -> Option<i32> {
        match self.read_typed(field) {
            Some(Typed::Year(y)) => Some(y),
            _ => None,
        }
    }

    fn count(&mut self, field: Field) -> Option<u32> {
        match self.read_typed(field) {
            Some(Typed::Count(n)) => Some(n),
            _ => None,
        }
    }

    fn number(&mut self, field: Field) -> Option<f64> {
        match self.read_typed(field) {
            Some(Typed::Number(v)) => Some(v),
            _ => None,
        }
    }

    /// A value that must be there: an empty cell is an error (a missing column already is one).
    fn require<T>(&mut self, field: Field, value: Option<T>) -> Option<T> {
        if value.is_none() {
            if let Some((j, col)) = self.map.get(field) {
                if self.sheet.cell(self.row, j).is_empty() {
                    self.errors.push(Problem::error(
                        self.sheet.location(self.row, j),
                        format!("{}: ontbreekt (verplicht)", col.name),
                    ));
                }
            }
        }
        value
    }
}

/// Texts longer than this are refused: Excel holds 32,767 characters in a cell, and the plan
/// joins texts (street, number and addition in one address; a value quoted in a message), so a
/// text near that limit would only fail when the plan is written.
pub const MAX_TEXT_CHARS: usize = 1_000;

/// What makes a cell unreadable whatever its column: a formula without a stored result, or a
/// text too long for the plan.
fn cell_problem(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Formula(f) => Some(format!(
            "formule zonder berekende waarde (={}): open en bewaar het bestand in Excel, dan wordt de uitkomst bewaard",
            values::shorten(f, 60)
        )),
        Cell::Text(t) if t.len() > MAX_TEXT_CHARS && t.chars().count() > MAX_TEXT_CHARS => {
            Some(format!(
                "de tekst is {} tekens lang; retrofit neemt hoogstens {} tekens per cel over (Excel bewaart hoogstens {} tekens in een cel en het plan voegt teksten samen)",
                values::thousands(t.chars().count() as i64),
                values::thousands(MAX_TEXT_CHARS as i64),
                values::thousands(crate::limits::MAX_CELL_CHARS as i64),
            ))
        }
        _ => None,
    }
}

/// Sort key of a cell reference's column (`D` < `Z` < `AA`), so a row's problems read left to
/// right whatever order the fields were checked in.
fn column_key(location: &str) -> (usize, String) {
    let cell = location.rsplit('!').next().unwrap_or("");
    let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
    (letters.len(), letters)
}

impl RowReader<'_> {
    fn sort_by_column(&mut self) {
        self.errors.sort_by_key(|p| column_key(&p.location));
        self.warnings.sort_by_key(|p| column_key(&p.location));
    }
}

enum Typed {
    Text(String),
    Count(u32),
    Year(i32),
    Number(f64),
}

/// The homes sheet read: homes, every problem (errors and warnings), skipped rows.
pub struct HomesRead {
    pub homes: Vec<Home>,
    pub problems: Vec<Problem>,
    pub skipped: Vec<SkippedRow>,
    pub rows_read: usize,
    /// The header's row (an index into the sheet's rows), where one was found.
    pub header_row: Option<usize>,
    /// The columns read (indexes into a row) with their names.
    pub columns: Vec<(usize, &'static str)>,
}

/// A text that starts a total or an average under a list (`Totaal`, `Subtotaal:`,
/// `gemiddeld`): such a row is no home, and no year.
fn is_total_text(t: &str) -> bool {
    let t = t.trim().to_lowercase();
    ["totaal", "total", "subtota", "gemiddeld", "som:"]
        .iter()
        .any(|w| t.starts_with(w))
}

fn row_is_empty(row: Option<&Vec<Cell>>) -> bool {
    row.is_none_or(|r| r.iter().all(Cell::is_empty))
}

/// The cells (column, text) of row `i` where it is a row of units: nothing in the `key`
/// column (the vhe of a home, the year of a budget), and every cell filled a unit, in brackets
/// (`(m²)`, `[jaar]`) or one of a few written bare (`m2`, `kWh/m²`, `€`). `None` for any other
/// row: a home always has its vhe, a budget its year.
fn units_row(
    sheet: &RawSheet,
    map: &ColumnMap,
    key: Field,
    i: usize,
) -> Option<Vec<(usize, String)>> {
    // Units, and the formats and kinds of value a template writes under its header (helper
    // 102: `dd-mm-jjjj`, `aantal`, `ja/nee` made the row a home with an error per column).
    const BARE: [&str; 22] = [
        "m2",
        "m²",
        "kwh/m2",
        "kwh/m²",
        "kwh/m2.jr",
        "kwh/m².jr",
        "kwh/m2/jaar",
        "kwh/m²/jaar",
        "jaar",
        "jjjj",
        "dd-mm-jjjj",
        "jjjj-mm-dd",
        "datum",
        "aantal",
        "ja/nee",
        "j/n",
        "tekst",
        "getal",
        "%",
        "€",
        "eur",
        "euro",
    ];
    let (key, _) = map.get(key)?;
    if !sheet.cell(i, key).is_empty() {
        return None;
    }
    let mut units = Vec::new();
    for (j, c) in sheet.rows.get(i)?.iter().enumerate() {
        if c.is_empty() {
            continue;
        }
        let Cell::Text(t) = c else { return None };
        let t = t.trim();
        let bracketed = |open, close| t.len() > 2 && t.starts_with(open) && t.ends_with(close);
        if !(bracketed('(', ')')
            || bracketed('[', ']')
            || BARE.contains(&t.to_lowercase().as_str()))
        {
            return None;
        }
        units.push((j, t.to_string()));
    }
    (!units.is_empty()).then_some(units)
}

/// The first row under the header with anything in it: where a row of units can be.
fn first_filled_row(sheet: &RawSheet, header_row: usize) -> Option<usize> {
    (header_row + 1..sheet.rows.len()).find(|&k| !row_is_empty(sheet.rows.get(k)))
}

/// The warning for row `i` where it is the first filled row under the header
/// ([`first_filled_row`]) and a row of units ([`units_row`]): part of the header, not a home or
/// a year.
fn units_warning(
    sheet: &RawSheet,
    map: &ColumnMap,
    key: Field,
    first_filled: Option<usize>,
    i: usize,
) -> Option<Problem> {
    if first_filled != Some(i) {
        return None;
    }
    let units = units_row(sheet, map, key, i)?;
    let (what, kind) = match key {
        Field::Vhe => ("vhe", "woning"),
        _ => ("jaar", "jaar"),
    };
    Some(Problem::warning(
        sheet.location(i, units[0].0),
        format!(
            "rij {} heeft geen {what} en alleen eenheden ({}): gelezen als deel van de kop, niet als {kind}",
            sheet.abs_row(i) + 1,
            units
                .iter()
                .map(|(_, t)| format!("'{t}'"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ))
}

/// A Dutch postcode written as `1234 AB`: four digits (the first not 0) and two letters, with
/// any case, spaces or a hyphen between (`5061nk`, `5061-NK`); `None` for anything else.
fn dutch_postcode(text: &str) -> Option<String> {
    let kept: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    let (digits, letters) = kept.split_at_checked(4)?;
    let ok = digits.chars().all(|c| c.is_ascii_digit())
        && !digits.starts_with('0')
        && letters.len() == 2
        && letters.chars().all(|c| c.is_ascii_alphabetic());
    ok.then(|| format!("{digits} {}", letters.to_ascii_uppercase()))
}

/// Splits `12a` / `12-2` typed as a house number into number and addition.
fn split_house_number(text: &str) -> Option<(u32, String)> {
    let t = text.trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    let rest = t[digits.len()..].trim_start_matches([' ', '-']).trim();
    if rest.is_empty() {
        return None;
    }
    Some((digits.parse().ok()?, rest.to_string()))
}

/// Reads the homes sheet.
pub fn read_homes(sheet: &RawSheet, options: &ReadOptions) -> HomesRead {
    // The errors of the rows skipped (`skip_invalid_rows`), said when no row is left.
    let mut skipped_problems: Vec<Problem> = Vec::new();
    let mut out = HomesRead {
        homes: Vec::new(),
        problems: Vec::new(),
        skipped: Vec::new(),
        rows_read: 0,
        header_row: None,
        columns: Vec::new(),
    };
    if sheet.rows.iter().all(|r| row_is_empty(Some(r))) {
        out.problems.push(Problem::error(
            sheet_ref(&sheet.name),
            format!("blad {} is leeg: er staan geen woningen in", sheet.name),
        ));
        return out;
    }
    let Some(header_row) = find_header_row(sheet, HOME_COLUMNS, 2) else {
        out.problems.push(no_header(sheet, HOME_COLUMNS));
        return out;
    };
    let map = map_columns(sheet, HOME_COLUMNS, header_row, &mut out.problems);
    warn_headerless_data(sheet, &map, &mut out.problems);
    out.header_row = Some(header_row);
    out.columns = map.by_field.values().map(|(j, c)| (*j, c.name)).collect();
    out.columns.sort_unstable();

    // vhe -> (row, col) of its first cell; the reference is only written for a duplicate.
    // polars' hash map: a vhe for every home, 2.3 million in the sector benchmark.
    let mut seen_vhe: PlHashMap<String, (usize, usize)> = PlHashMap::default();
    seen_vhe.reserve(sheet.rows.len().saturating_sub(header_row + 1));
    // The first named corporation: once one home names its corporation, a home without one
    // would become a corporation of its own, with the whole budget and capacity.
    let corporation_col = map.get(Field::Corporation).map(|(j, _)| j);
    let first_corporation = corporation_col.and_then(|j| {
        (header_row + 1..sheet.rows.len()).find_map(|i| {
            values::text(sheet.cell(i, j))
                .ok()
                .flatten()
                .filter(|t| !t.trim().is_empty())
                .map(|t| (sheet.location(i, j), t))
        })
    });
    // The row of each home read, for the corporations' spellings below.
    let mut home_rows: Vec<usize> = Vec::new();
    let first_filled = first_filled_row(sheet, header_row);
    for i in header_row + 1..sheet.rows.len() {
        if row_is_empty(sheet.rows.get(i)) {
            continue;
        }
        // A row with nothing in the columns read: a total under the list is left out with a
        // warning; anything else (`nog opvragen` beside a home still to be filled in) is one
        // error at its text, not one for every column it lacks.
        // Whether the row has anything in the columns read, and how many cells it fills; its
        // texts only for a row that may be no home (no label, one cell, nothing read): a home
        // costs no allocation here.
        let cells = sheet.rows.get(i);
        let filled_count = cells.map_or(0, |c| c.iter().filter(|c| !c.is_empty()).count());
        let none_read = cells.is_none_or(|c| {
            map.known_columns()
                .all(|j| c.get(j).is_none_or(Cell::is_empty))
        });
        // `Totaal` written in the label column itself counts as no label.
        let label_is_total = map
            .get(Field::Label)
            .is_some_and(|(j, _)| matches!(sheet.cell(i, j), Cell::Text(t) if is_total_text(t)));
        let no_label = [Field::Label, Field::Ep2].iter().all(|f| {
            map.get(*f).is_none_or(|(j, _)| {
                sheet.cell(i, j).is_empty() || (*f == Field::Label && label_is_total)
            })
        });
        let filled: Vec<(usize, String)> = if none_read || no_label || filled_count == 1 {
            cells
                .map(|cells| {
                    cells
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| !c.is_empty())
                        .map(|(j, c)| (j, values::text(c).ok().flatten().unwrap_or_default()))
                        .collect()
                })
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        // A total under the list (`Totaal: 20 woningen`, in any column, without a label or
        // EP2 of its own) is no home.
        let total = filled.iter().find(|(_, t)| is_total_text(t));
        if let (Some((j, text)), true) = (total, no_label) {
            out.problems.push(Problem::warning(
                sheet.location(i, *j),
                format!(
                    "'{text}' zonder energielabel of EP2: gelezen als een totaalregel, niet als woning"
                ),
            ));
            continue;
        }
        // A row of units under the header (`(m²)`, `kWh/m²`), its header cells often merged
        // down over it: part of the header, not a home (helper 99: an error for every column).
        if let Some(warning) = units_warning(sheet, &map, Field::Vhe, first_filled, i) {
            out.problems.push(warning);
            continue;
        }
        // A row of one remark (`nog opvragen`, `zie notitie`), or with nothing in the columns
        // read: one error at its text, not one for every column it lacks.
        let only_other = (none_read || filled_count == 1).then(|| filled.clone());
        out.rows_read += 1;
        let mut r = RowReader {
            sheet,
            map: &map,
            row: i,
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        let home = match &only_other {
            Some(texts) => {
                let message = if none_read {
                    format!(
                        "deze rij heeft alleen '{}' en niets in de kolommen die retrofit leest ({}); vul de woning aan of verwijder de rij",
                        texts[0].1,
                        map.read_names().join(", ")
                    )
                } else {
                    format!(
                        "deze rij heeft alleen '{}' en verder niets van een woning; vul de woning aan of verwijder de rij",
                        texts[0].1
                    )
                };
                r.errors
                    .push(Problem::error(sheet.location(i, texts[0].0), message));
                None
            }
            None => read_home(&mut r, &mut seen_vhe),
        };
        if let (Some((first, name)), Some(j), Some(h)) =
            (&first_corporation, corporation_col, &home)
        {
            if h.corporation.is_empty() {
                r.errors.push(Problem::error(
                    sheet.location(i, j),
                    format!(
                        "corporatie ontbreekt, terwijl andere woningen er een hebben (zoals '{name}' in {first}); zonder naam zou deze woning een eigen corporatie vormen, met het hele budget en de hele capaciteit. Vul de corporatie in"
                    ),
                ));
            }
        }
        r.sort_by_column();
        out.problems.append(&mut r.warnings);
        if r.errors.is_empty() {
            // A row without errors always yields a home unless a required column is missing,
            // which is already a file-level error.
            if let Some(home) = home {
                out.homes.push(home);
                home_rows.push(i);
            }
        } else if options.skip_invalid_rows {
            let row_ref = SourceRow {
                sheet: sheet.name.clone(),
                row: sheet.abs_row(i).saturating_add(1),
            };
            let vhe = r
                .map
                .get(Field::Vhe)
                .and_then(|(j, _)| values::text(sheet.cell(i, j)).ok().flatten());
            out.skipped.push(SkippedRow {
                // The whole row as Excel names it (`Woningen!6:6`; helper 86 read `Woningen!6`
                // as no cell at all).
                location: format!("{row_ref}:{}", row_ref.row),
                vhe,
                reasons: r.errors.iter().map(ToString::to_string).collect(),
            });
            skipped_problems.append(&mut r.errors);
        } else {
            out.problems.append(&mut r.errors);
        }
    }

    let file_errors = out.problems.iter().any(Problem::is_error);
    if out.rows_read == 0 {
        out.problems.push(Problem::error(
            sheet_ref(&sheet.name),
            format!(
                "geen woningen gevonden: onder de kopregel (rij {}) staan geen gegevens",
                sheet.abs_row(header_row).saturating_add(1)
            ),
        ));
    } else if out.homes.is_empty() && !file_errors && !out.skipped.is_empty() {
        // Under skip_invalid_rows with every row skipped there is nothing to plan: fail with the
        // reasons instead of an empty plan.
        out.problems.push(Problem::error(
            sheet_ref(&sheet.name),
            format!(
                "geen enkele woning is leesbaar: alle {} rijen bevatten fouten",
                out.rows_read
            ),
        ));
        // Each cell's error as it is, once (a skipped row's reasons carry their cell already).
        out.problems.append(&mut skipped_problems);
    }
    if let Some(j) = corporation_col {
        let warnings = unify_corporations(sheet, j, &mut out.homes, &home_rows);
        out.problems.extend(warnings);
    }
    if let Some((j, _)) = map.get(Field::PrivateInBlock) {
        let warnings = private_counts_differ(sheet, j, &out.homes, &home_rows);
        out.problems.extend(warnings);
    }
    if let Some((j, _)) = map.get(Field::Street) {
        let warnings = same_addresses(sheet, j, &out.homes, &home_rows);
        out.problems.extend(warnings);
    }
    if let (Some((j, _)), false) = (map.get(Field::PermitDate), map.has(Field::Species)) {
        let dated = out.homes.iter().filter(|h| h.permit_date.is_some()).count();
        if dated > 0 {
            out.problems.push(Problem::warning(
                sheet.location(header_row, j),
                format!(
                    "{} {} een datum in ff_vergunning, maar het blad heeft geen kolom ff_soorten: hun werk begint niet vóór die datum, maar er gelden geen gesloten maanden van de soortenkalender",
                    crate::nl_format::count(dated, "woning", "woningen"),
                    if dated == 1 { "heeft" } else { "hebben" }
                ),
            ));
        }
    }
    out
}

/// Homes at the same address (street, number and addition, in the same place; a postcode
/// that differs does not make two addresses of one street and number): a
/// warning at the later one's street cell, naming the first; the tenants' overview would list
/// both under one address (helper 104: two homes at "Nieuwe Rijt 1" without an addition). At
/// most [`SAME_ADDRESS_SHOWN`] one by one, then one line for the rest.
fn same_addresses(
    sheet: &RawSheet,
    col: usize,
    homes: &[Home],
    home_rows: &[usize],
) -> Vec<Problem> {
    const SAME_ADDRESS_SHOWN: usize = 10;
    use std::hash::{Hash, Hasher};
    let key = |t: &Option<String>| t.as_deref().unwrap_or("").trim().to_lowercase();
    let address = |h: &Home| {
        (
            h.corporation.clone(),
            key(&h.city),
            h.house_number,
            key(&h.addition),
            key(&h.street),
        )
    };
    // By a hash of the address only (the sector's 2.3 million homes): a hit is compared in
    // full.
    let mut first: PlHashMap<u64, usize> = PlHashMap::default();
    let mut out = Vec::new();
    let mut more = 0;
    for (i, (h, &row)) in homes.iter().zip(home_rows).enumerate() {
        if h.street.is_none() || h.house_number.is_none() {
            continue;
        }
        let this = address(h);
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        this.hash(&mut hasher);
        let hash = hasher.finish();
        let Some(&earlier) = first.get(&hash) else {
            first.insert(hash, i);
            continue;
        };
        if address(&homes[earlier]) != this {
            continue;
        }
        if out.len() < SAME_ADDRESS_SHOWN {
            out.push(Problem::warning(
                sheet.location(row, col),
                format!(
                    "adres: vhe {} heeft hetzelfde adres als vhe {} ({}); controleer huisnummer en toevoeging: het overzicht voor huurders noemt ze onder één adres",
                    h.vhe,
                    homes[earlier].vhe,
                    sheet.location(home_rows[earlier], col)
                ),
            ));
        } else {
            more += 1;
        }
    }
    if more > 0 {
        out.push(Problem::warning(
            sheet_ref(&sheet.name),
            format!(
                "adres: nog {} met hetzelfde adres als een eerdere woning",
                crate::nl_format::count(more, "woning", "woningen")
            ),
        ));
    }
    out
}

/// `particulier_in_blok` counts the private homes of a block (or of a complex without blocks):
/// a block whose pepper-potted homes give different counts gets a warning at the first cell
/// that differs from the block's first count (helper 69: the municipality's list then said
/// "10 tot 14").
fn private_counts_differ(
    sheet: &RawSheet,
    col: usize,
    homes: &[Home],
    home_rows: &[usize],
) -> Vec<Problem> {
    let mut first: BTreeMap<(&str, &str, &str), (u32, usize)> = BTreeMap::new();
    let mut warned: BTreeSet<(&str, &str, &str)> = BTreeSet::new();
    let mut out = Vec::new();
    for (h, &row) in homes.iter().zip(home_rows) {
        // The municipality's list counts only pepper-potted homes; a home not pepper-potted
        // may well say 0.
        let Some(n) = h.private_in_block.filter(|_| h.pepper_potted) else {
            continue;
        };
        let key = (
            h.corporation.as_str(),
            h.complex.as_str(),
            h.block.as_deref().unwrap_or(""),
        );
        let (seen, at) = *first.entry(key).or_insert((n, row));
        if seen != n && warned.insert(key) {
            let block = match h.block.as_deref() {
                Some(b) => format!("blok {b} van complex {}", h.complex),
                None => format!("complex {} (zonder blok)", h.complex),
            };
            out.push(Problem::warning(
                sheet.location(row, col),
                format!(
                    "particulier_in_blok: {block} heeft {seen} bij de eerste woning ({}) en hier {n}; het is het aantal particuliere woningen van het hele blok, dus bij elke woning van het blok hetzelfde (de lijst voor de gemeente noemt anders een bereik)",
                    sheet.location(at, col)
                ),
            ));
        }
    }
    out
}

/// A corporation is one corporation however its name is capitalised, spaced, hyphenated or
/// accented (`Woonbron`, `woonbron`, `Woon-bron`, `Wöonbron`): each spelling would otherwise
/// get the whole budget and capacity. Its homes take the spelling most of them have (the first
/// met on a tie); a warning at the first cell of each other spelling says so. Names that still
/// differ by a letter or two are warned about, not joined.
pub fn unify_corporations(
    sheet: &RawSheet,
    col: usize,
    homes: &mut [Home],
    rows: &[usize],
) -> Vec<Problem> {
    let key = corporation_key;
    // Per key, each spelling with its count and first row, in the order met.
    let mut spellings: HashMap<String, Vec<(String, usize, usize)>> = HashMap::new();
    for (h, &row) in homes.iter().zip(rows) {
        let list = spellings.entry(key(&h.corporation)).or_default();
        match list.iter_mut().find(|(s, _, _)| *s == h.corporation) {
            Some(entry) => entry.1 += 1,
            None => list.push((h.corporation.clone(), 1, row)),
        }
    }
    let mut chosen: HashMap<String, String> = HashMap::new();
    let mut warnings = Vec::new();
    for list in spellings.values().filter(|l| l.len() > 1) {
        let best = list
            .iter()
            .enumerate()
            .max_by_key(|(i, (_, n, _))| (*n, std::cmp::Reverse(*i)))
            .map(|(_, s)| s.clone())
            .expect("a spelling");
        for (spelling, n, row) in list.iter().filter(|(s, _, _)| *s != best.0) {
            warnings.push(Problem::warning(
                sheet.location(*row, col),
                format!(
                    "corporatie '{spelling}' ({}) is gelezen als '{}' ({} in {}): dezelfde naam in andere hoofdletters, spaties, streepjes of accenten",
                    crate::nl_format::count(*n, "woning", "woningen"),
                    best.0,
                    crate::nl_format::count(best.1, "woning", "woningen"),
                    sheet.location(best.2, col),
                ),
            ));
            chosen.insert(spelling.clone(), best.0.clone());
        }
    }
    for h in homes.iter_mut() {
        if let Some(name) = chosen.get(&h.corporation) {
            h.corporation = name.clone();
        }
    }
    // Two names a letter or two apart: most likely one corporation misspelt, but perhaps two.
    // Per name: its key, the spelling kept, all its homes and its first row.
    let mut names: Vec<(&String, &String, usize, usize)> = spellings
        .iter()
        .filter(|(k, _)| k.len() >= 6)
        .map(|(k, list)| {
            let kept = chosen.get(&list[0].0).unwrap_or(&list[0].0);
            let homes = list.iter().map(|(_, n, _)| n).sum();
            let first = list.iter().map(|(_, _, row)| *row).min().unwrap_or(0);
            (k, kept, homes, first)
        })
        .collect();
    names.sort_by_key(|(_, _, _, row)| *row);
    for (i, a) in names.iter().enumerate() {
        for b in &names[i + 1..] {
            // Numbered names (`Woonstichting 15`, `Woonstichting 5a`) are numbered on purpose.
            let numbered = |k: &str| k.chars().any(|c| c.is_ascii_digit());
            if !numbered(a.0)
                && !numbered(b.0)
                && crate::input::columns::edit_distance(a.0, b.0) <= 2
            {
                warnings.push(Problem::warning(
                    sheet.location(b.3, col),
                    format!(
                        "corporatie '{}' ({}) lijkt op '{}' ({} vanaf {}); is dat dezelfde corporatie? Zo niet, dan krijgt elk het hele budget en de hele capaciteit. Zo ja, spel de naam gelijk",
                        b.1,
                        crate::nl_format::count(b.2, "woning", "woningen"),
                        a.1,
                        crate::nl_format::count(a.2, "woning", "woningen"),
                        sheet.location(a.3, col),
                    ),
                ));
            }
        }
    }
    warnings.sort_by_key(|p| p.location.clone());
    warnings
}

/// The name a corporation is known by, however written: lower case, accents folded, only
/// letters and digits (`Woonstichting-Noord`, `woonstichting noord`).
pub fn corporation_key(name: &str) -> String {
    crate::input::columns::normalize_header(name)
}

fn read_home(
    r: &mut RowReader<'_>,
    seen_vhe: &mut PlHashMap<String, (usize, usize)>,
) -> Option<Home> {
    let vhe = r.text(Field::Vhe);
    let vhe = r.require(Field::Vhe, vhe);
    if let (Some(v), Some((j, _))) = (&vhe, r.map.get(Field::Vhe)) {
        // The template's example row: fictitious, so never planned.
        if v.trim().eq_ignore_ascii_case(EXAMPLE_VHE) {
            r.errors.push(Problem::error(
                r.sheet.location(r.row, j),
                format!(
                    "vhe: '{v}' is de voorbeeldrij van het invoersjabloon (retrofit template); vervang die door een echte woning of verwijder de rij"
                ),
            ));
        }
        if let Some(&(first_row, first_col)) = seen_vhe.get(v) {
            r.errors.push(Problem::error(
                r.sheet.location(r.row, j),
                format!(
                    "vhe: '{v}' komt dubbel voor (ook in {})",
                    r.sheet.location(first_row, first_col)
                ),
            ));
        } else {
            seen_vhe.insert(v.clone(), (r.row, j));
        }
    }
    let corporation = r.text(Field::Corporation).unwrap_or_default();
    let complex = r.text(Field::Complex);
    let complex = r.require(Field::Complex, complex);
    let block = r.text(Field::Block);
    let street = r.text(Field::Street);
    let mut addition = r.text(Field::Addition);
    let house_number = read_house_number(r, &mut addition);
    let postcode = r.text(Field::Postcode).map(|p| match dutch_postcode(&p) {
        Some(written) => written,
        None => {
            // Said, and kept as written: a postcode abroad or a typo the user knows best
            // (helper 97: `5061`, `5061-NK` and `5061nk` went into the municipality's list
            // as they were).
            if let Some(loc) = r.location(Field::Postcode) {
                r.warnings.push(Problem::warning(
                    loc,
                    format!("postcode: '{p}' is geen postcode van de vorm 1234 AB; overgenomen zoals geschreven"),
                ));
            }
            p
        }
    });
    let city = r.text(Field::City);
    let district = r.text(Field::District);
    let home_type = r.read(Field::HomeType, |c, _| values::home_type(c));
    let home_type = r.require(Field::HomeType, home_type);
    let build_year = r.year(Field::BuildYear);
    let area = r.number(Field::Area);
    let area = r.require(Field::Area, area);
    if let Some(a) = area.filter(|a| *a <= 0.0) {
        if let Some(loc) = r.location(Field::Area) {
            r.errors.push(Problem::error(
                loc,
                format!(
                    "gbo_m2: de oppervlakte moet groter dan 0 m² zijn, niet {}",
                    fmt_nl(a)
                ),
            ));
        }
    }
    let min_area = crate::limits::MIN_AREA_M2;
    if let Some(a) = area.filter(|a| *a > 0.0 && *a < min_area) {
        if let Some(loc) = r.location(Field::Area) {
            r.errors.push(Problem::error(
                loc,
                format!(
                    "gbo_m2: een oppervlakte van {} m² is niet aannemelijk voor één woning (minstens {} m²); een tikfout, bijvoorbeeld een komma waar een punt tussen duizendtallen bedoeld is?",
                    crate::nl_format::given(a),
                    fmt_nl(min_area)
                ),
            ));
        }
    }
    let large_area = crate::limits::LARGE_AREA_M2;
    if let Some(a) = area.filter(|a| *a > large_area && *a <= crate::limits::MAX_AREA_M2) {
        if let Some(loc) = r.location(Field::Area) {
            r.warnings.push(Problem::warning(
                loc,
                format!(
                    "gbo_m2: {} m² is ongewoon groot voor één woning (meer dan {} m²); controleer het getal (een punt waar een decimale komma bedoeld is?)",
                    crate::nl_format::given(a),
                    values::thousands(large_area as i64)
                ),
            ));
        }
    }
    let max_area = crate::limits::MAX_AREA_M2;
    if let Some(a) = area.filter(|a| *a > max_area) {
        if let Some(loc) = r.location(Field::Area) {
            r.errors.push(Problem::error(
                loc,
                format!(
                    "gbo_m2: een oppervlakte van {} m² is niet aannemelijk voor één woning (hoogstens {} m²); een tikfout?",
                    crate::nl_format::given(a),
                    values::thousands(max_area as i64)
                ),
            ));
        }
    }
    let ep2 = r.number(Field::Ep2);
    if let Some(e) = ep2.filter(|e| *e < 0.0) {
        if let Some(loc) = r.location(Field::Ep2) {
            r.errors.push(Problem::error(
                loc,
                format!("ep2: EP2 moet 0 of meer zijn, niet {}", fmt_nl(e)),
            ));
        }
    }
    let max_ep2 = crate::limits::MAX_EP2_KWH_M2;
    if let Some(e) = ep2.filter(|e| *e > max_ep2) {
        if let Some(loc) = r.location(Field::Ep2) {
            r.errors.push(Problem::error(
                loc,
                format!(
                    "ep2: {} kWh/m² is niet aannemelijk (hoogstens {}; label G begint bij 380); een tikfout?",
                    fmt_nl(e),
                    values::thousands(max_ep2 as i64)
                ),
            ));
        }
    }
    let registered = r.read(Field::Label, |c, _| values::label(c));
    let label = resolve_label(r, registered, ep2);
    let monument = r.read(Field::Monument, |c, _| values::monument(c));
    let strategy = r.read(Field::Strategy, |c, _| values::strategy(c));
    let demolition_year = r.year(Field::DemolitionYear);
    let pepper_potted = r.read(Field::PepperPotted, |c, _| values::yes_no(c));
    let private_in_block = r.count(Field::PrivateInBlock);
    let species = r.read(Field::Species, values::species);
    let origin = r.sheet.origin;
    let permit_date = r.read(Field::PermitDate, |c, notes| {
        let date = values::date(c, origin);
        // A number in a cell without date format is read as Excel's day number: said, since
        // Excel shows the number (helper 99: 46300 became 05-10-2026 without a word).
        if let (Cell::Number(v), Ok(Some(d))) = (c, &date) {
            notes.push(format!(
                "'{}' is een getal zonder datumnotatie; gelezen als Excel-datumnummer: {} (zet de cel op datumnotatie, of schrijf de datum als dd-mm-jjjj)",
                values::fmt_nl(*v),
                values::fmt_date(*d)
            ));
        }
        date
    });
    // Said per home where the species column is there but empty (without the column: once,
    // at the header, by read_homes).
    let species_column = r.map.has(Field::Species);
    if let (Some(date), true) = (
        permit_date,
        species_column && species.as_ref().is_none_or(Vec::is_empty),
    ) {
        if let Some(location) = r.location(Field::PermitDate) {
            r.warnings.push(Problem::warning(
                location,
                format!(
                    "ff_vergunning {} is ingevuld, maar ff_soorten niet: het werk begint niet vóór die datum, maar zonder soort gelden geen gesloten maanden van de soortenkalender. Vul de soort in",
                    values::fmt_date(date)
                ),
            ));
        }
    }
    let status = r.read(Field::Status, |c, _| values::status(c));
    let maintenance_year = r.year(Field::MaintenanceYear);

    Some(Home {
        source: SourceRow {
            sheet: r.sheet.name.clone(),
            row: r.sheet.abs_row(r.row).saturating_add(1),
        },
        vhe: vhe?,
        corporation,
        complex: complex?,
        block,
        street,
        house_number,
        addition,
        postcode,
        city,
        district,
        home_type: home_type?,
        build_year,
        area_m2: area?,
        label: label?,
        ep2_kwh_m2: ep2,
        monument: monument.unwrap_or_default(),
        strategy,
        demolition_year,
        pepper_potted: pepper_potted.unwrap_or(false),
        private_in_block,
        species: species.unwrap_or_default(),
        permit_date,
        status,
        maintenance_year,
    })
}

/// `12a` in the house-number column is split into 12 and `a` (with a warning) when the addition
/// column is empty; otherwise it is an error, as the two would clash.
fn read_house_number(r: &mut RowReader<'_>, addition: &mut Option<String>) -> Option<u32> {
    let (j, _) = r.map.get(Field::HouseNumber)?;
    if let Cell::Text(s) = r.sheet.cell(r.row, j) {
        if let Some((n, rest)) = split_house_number(s) {
            let loc = r.sheet.location(r.row, j);
            if addition.is_none() {
                r.warnings.push(Problem::warning(
                    loc,
                    format!(
                        "huisnummer: '{}' gelezen als huisnummer {n} met toevoeging '{rest}'",
                        s.trim()
                    ),
                ));
                *addition = Some(rest);
                return Some(n);
            }
            r.errors.push(Problem::error(
                loc,
                format!(
                    "huisnummer: '{}' bevat een toevoeging terwijl de kolom toevoeging ook gevuld is",
                    s.trim()
                ),
            ));
            return None;
        }
    }
    r.count(Field::HouseNumber)
}

/// The registered label decides; EP2 fills in a missing label and is checked against it.
fn resolve_label(
    r: &mut RowReader<'_>,
    registered: Option<Label>,
    ep2: Option<f64>,
) -> Option<Label> {
    let label_cell_empty = r
        .map
        .get(Field::Label)
        .is_none_or(|(j, _)| r.sheet.cell(r.row, j).is_empty());
    let ep2_valid = ep2.filter(|e| *e >= 0.0);
    match (registered, ep2_valid) {
        (Some(label), Some(e)) => {
            let class = Label::from_ep2(e);
            // Only where it matters to the plan: E, F or G on either side. A D home whose EP2
            // says C is planned neither way (helper 94: 10 of 14 warnings were such, burying
            // the ones that matter).
            if class != label && (class.is_efg() || label.is_efg()) {
                if let Some(loc) = r.location(Field::Ep2) {
                    r.warnings.push(Problem::warning(
                        loc,
                        format!(
                            "ep2: EP2 {} kWh/m² hoort bij label {class}, maar het geregistreerde energielabel is {label}; het geregistreerde label {label} wordt gebruikt, ook voor pakket en besparing (met de aangenomen EP2 van label {label}, zoals bij een woning zonder EP2)",
                            fmt_nl(e)
                        ),
                    ));
                }
            }
            Some(label)
        }
        (Some(label), None) => Some(label),
        (None, Some(e)) if label_cell_empty => Some(Label::from_ep2(e)),
        (None, _) => {
            // Only complain when nothing else already explains the gap: an unreadable label or
            // EP2 has its own error, a missing column its file-level one.
            let ep2_cell_empty = r
                .map
                .get(Field::Ep2)
                .is_none_or(|(j, _)| r.sheet.cell(r.row, j).is_empty());
            if label_cell_empty && ep2_cell_empty {
                // Without a label column the cell named is the EP2's: say so, not that a label
                // cell is empty (helper 92: 282 errors "energielabel: ontbreekt" at ep2 cells).
                let (loc, text) = match r.location(Field::Label) {
                    Some(loc) => (
                        Some(loc),
                        "energielabel: ontbreekt en er is ook geen ep2 ingevuld",
                    ),
                    None => (
                        r.location(Field::Ep2),
                        "ep2: leeg, en het blad heeft geen kolom energielabel: een woning heeft een energielabel of een ep2 nodig",
                    ),
                };
                if let Some(loc) = loc {
                    r.errors.push(Problem::error(loc, text.to_string()));
                }
            }
            None
        }
    }
}

/// A `Budget` or `Capaciteit` sheet read.
pub struct YearsRead {
    pub figures: Vec<YearFigure>,
    pub problems: Vec<Problem>,
}

/// Which optional sheet is being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearSheet {
    Budget,
    Capacity,
}

/// Reads a `Budget` or `Capaciteit` sheet: one figure per year (and corporation).
pub fn read_years(sheet: &RawSheet, which: YearSheet) -> YearsRead {
    let (table, value_field) = match which {
        YearSheet::Budget => (BUDGET_COLUMNS, Field::BudgetEur),
        YearSheet::Capacity => (CAPACITY_COLUMNS, Field::HomesPerMonth),
    };
    let mut out = YearsRead {
        figures: Vec::new(),
        problems: Vec::new(),
    };
    if sheet.rows.iter().all(|r| row_is_empty(Some(r))) {
        out.problems.push(Problem::warning(
            sheet_ref(&sheet.name),
            format!(
                "blad {} is leeg en wordt genegeerd; de waarden van het scenario gelden",
                sheet.name
            ),
        ));
        return out;
    }
    let Some(header_row) = find_header_row(sheet, table, 1) else {
        out.problems.push(no_header(sheet, table));
        return out;
    };
    let map = map_columns(sheet, table, header_row, &mut out.problems);
    warn_headerless_data(sheet, &map, &mut out.problems);
    if !(map.has(Field::Year) && map.has(value_field)) {
        return out;
    }
    let mut seen: HashMap<(String, i32), String> = HashMap::new();
    let first_filled = first_filled_row(sheet, header_row);
    for i in header_row + 1..sheet.rows.len() {
        if row_is_empty(sheet.rows.get(i)) {
            continue;
        }
        // A row of units under the header, as under the homes (helper 102: `(€)` under
        // `budget_eur` was an error here, a warning there).
        if let Some(warning) = units_warning(sheet, &map, Field::Year, first_filled, i) {
            out.problems.push(warning);
            continue;
        }
        // A total under the years (`Totaal` in the year column) is no year, as under the homes
        // (helper 97: an error here, a warning there).
        if let Some((j, Cell::Text(t))) = map
            .get(Field::Year)
            .map(|(j, _)| (j, sheet.cell(i, j)))
            .filter(|(_, c)| matches!(c, Cell::Text(t) if is_total_text(t)))
        {
            out.problems.push(Problem::warning(
                sheet.location(i, j),
                format!(
                    "'{}' in de kolom jaar: gelezen als een totaalregel, niet als jaar",
                    t.trim()
                ),
            ));
            continue;
        }
        let mut r = RowReader {
            sheet,
            map: &map,
            row: i,
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        let year = r.year(Field::Year);
        let year = r.require(Field::Year, year);
        let value = r.number(value_field);
        let value = r.require(value_field, value);
        let corporation = r.text(Field::Corporation).unwrap_or_default();
        let value_loc = r.location(value_field).unwrap_or_default();
        if let Some(v) = value {
            let name = map.get(value_field).map_or("", |(_, c)| c.name);
            let max = match which {
                YearSheet::Budget => crate::limits::MAX_BUDGET_EUR,
                YearSheet::Capacity => crate::limits::MAX_CAPACITY_HOMES,
            };
            if v < 0.0 {
                r.errors.push(Problem::error(
                    value_loc.clone(),
                    format!("{name}: moet 0 of meer zijn, niet {}", fmt_nl(v)),
                ));
            } else if v > max {
                r.errors.push(Problem::error(
                    value_loc.clone(),
                    format!(
                        "{name}: {} is niet aannemelijk (hoogstens {}); een tikfout?",
                        fmt_nl(v),
                        values::thousands(max as i64)
                    ),
                ));
            }
        }
        if let (Some(y), Some(loc)) = (year, r.location(Field::Year)) {
            let key = (corporation.clone(), y);
            if let Some(first) = seen.get(&key) {
                // Each year once per corporation, where the sheet names them (helper 102).
                let whose = if corporation.is_empty() {
                    String::new()
                } else {
                    format!(" voor corporatie '{corporation}'")
                };
                r.errors.push(Problem::error(
                    loc,
                    format!(
                        "jaar: {y} staat{whose} dubbel in blad {} (ook in {first})",
                        sheet.name
                    ),
                ));
            } else {
                seen.insert(key, loc);
            }
        }
        r.sort_by_column();
        out.problems.append(&mut r.warnings);
        if r.errors.is_empty() {
            if let (Some(year), Some(value)) = (year, value) {
                out.figures.push(YearFigure {
                    corporation,
                    year,
                    value,
                    location: value_loc,
                    corporation_location: r.location(Field::Corporation).unwrap_or_default(),
                });
            }
        } else {
            out.problems.append(&mut r.errors);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::raw::Origin;
    use chrono::NaiveDate;

    /// Postcodes are written `1234 AB` (helper 97: `5061NK`, `5061 nk` and `5061-NK` went into
    /// the municipality's list as typed); anything else is kept, with a warning at the cell.
    #[test]
    fn postcodes_are_written_the_dutch_way() {
        for typed in ["5061NK", "5061 nk", "5061-NK", " 5061  Nk "] {
            assert_eq!(dutch_postcode(typed).as_deref(), Some("5061 NK"), "{typed}");
        }
        for other in ["5061", "0612 AB", "5061 N", "5061 NKX", "B-1000", "50A1 NK"] {
            assert_eq!(dutch_postcode(other), None, "{other}");
        }
        let read = read_homes(
            &sheet(vec![
                vec![
                    "vhe",
                    "complex",
                    "woningtype",
                    "gbo_m2",
                    "energielabel",
                    "postcode",
                ],
                vec!["1", "C1", "EGW", "80", "E", "5061nk"],
                vec!["2", "C1", "EGW", "80", "E", "5061"],
            ]),
            &ReadOptions::default(),
        );
        let postcodes: Vec<Option<&str>> =
            read.homes.iter().map(|h| h.postcode.as_deref()).collect();
        assert_eq!(postcodes, [Some("5061 NK"), Some("5061")]);
        assert!(read.problems.iter().any(|p| p.location == "Woningen!F3"
            && p.message == "postcode: '5061' is geen postcode van de vorm 1234 AB; overgenomen zoals geschreven"), "{:?}", read.problems);
    }

    /// A number in the permit date column of a workbook is read as Excel's day number, and
    /// said (helper 99: 46300 became 05-10-2026 without a word); a date cell is not.
    #[test]
    fn a_day_number_in_a_date_column_is_said() {
        let mut s = sheet(vec![
            vec![
                "vhe",
                "complex",
                "woningtype",
                "gbo_m2",
                "energielabel",
                "soorten",
                "ff_vergunning",
            ],
            vec!["1", "C1", "EGW", "80", "E", "vleermuis", ""],
            vec!["2", "C1", "EGW", "80", "E", "vleermuis", ""],
        ]);
        s.rows[1][6] = Cell::Number(46300.0);
        s.rows[2][6] = Cell::Date(NaiveDate::from_ymd_opt(2026, 10, 5).unwrap());
        let read = read_homes(&s, &ReadOptions::default());
        let dates: Vec<Option<NaiveDate>> = read.homes.iter().map(|h| h.permit_date).collect();
        assert_eq!(dates, [NaiveDate::from_ymd_opt(2026, 10, 5); 2]);
        let said: Vec<&Problem> = read
            .problems
            .iter()
            .filter(|p| p.message.contains("datumnummer"))
            .collect();
        assert_eq!(said.len(), 1, "{:?}", read.problems);
        assert_eq!(said[0].location, "Woningen!G2");
        assert!(said[0].message.starts_with("ff_vergunning: '46300' is een getal zonder datumnotatie; gelezen als Excel-datumnummer: 05-10-2026"));
    }

    fn sheet(rows: Vec<Vec<&str>>) -> RawSheet {
        RawSheet {
            name: "Woningen".into(),
            first_row: 0,
            first_col: 0,
            rows: rows
                .into_iter()
                .map(|r| {
                    r.into_iter()
                        .map(|s| {
                            if s.is_empty() {
                                Cell::Empty
                            } else {
                                Cell::Text(s.into())
                            }
                        })
                        .collect()
                })
                .collect(),
            row_lines: None,
            origin: Origin::Workbook,
            problems: Vec::new(),
        }
    }

    #[test]
    fn header_below_titles() {
        let s = sheet(vec![
            vec!["Woningvoorraad 2024"],
            vec!["Label overzicht", "", "peildatum 1-1-2024"],
            vec![
                "VHE-nummer",
                "Complexnummer",
                "Type",
                "Gebruiksoppervlakte",
                "Label",
            ],
            vec!["1", "C1", "EGW", "80", "E"],
        ]);
        assert_eq!(find_header_row(&s, HOME_COLUMNS, 2), Some(2));
    }

    #[test]
    fn header_with_missing_column_is_still_found() {
        let s = sheet(vec![
            vec!["titel"],
            vec!["vhe", "complex", "woningtype", "energielabel"],
            vec!["1", "C1", "EGW", "E"],
        ]);
        assert_eq!(find_header_row(&s, HOME_COLUMNS, 2), Some(1));
        let mut problems = Vec::new();
        map_columns(&s, HOME_COLUMNS, 1, &mut problems);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].location, "Woningen, kolom gbo_m2");
        assert!(problems[0].is_error());
    }

    #[test]
    fn no_header_among_titles() {
        let s = sheet(vec![vec!["a", "b"], vec!["c", "d"]]);
        assert_eq!(find_header_row(&s, HOME_COLUMNS, 2), None);
    }

    #[test]
    fn ep2_alone_is_enough() {
        let s = sheet(vec![
            vec!["vhe", "complex", "woningtype", "gbo_m2", "ep2"],
            vec!["1", "C1", "EGW", "80", "300"],
        ]);
        let read = read_homes(&s, &ReadOptions::default());
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        assert_eq!(read.homes[0].label, Label::E);
    }

    /// An area too small for a home is an error at its cell; one unusually large, a warning.
    #[test]
    fn implausible_areas_are_said_at_their_cell() {
        let s = sheet(vec![
            vec!["vhe", "complex", "woningtype", "gbo_m2", "ep2"],
            vec!["1", "C1", "EGW", "1,234", "300"],
            vec!["2", "C1", "EGW", "1234", "300"],
            vec!["3", "C1", "EGW", "18", "300"],
        ]);
        let read = read_homes(&s, &ReadOptions::default());
        let said: Vec<(&str, bool)> = read
            .problems
            .iter()
            .filter(|p| p.message.contains("m²"))
            .map(|p| (p.location.as_str(), p.is_error()))
            .collect();
        assert_eq!(
            said,
            [("Woningen!D2", true), ("Woningen!D3", false)],
            "{:?}",
            read.problems
        );
    }

    #[test]
    fn house_number_with_letter() {
        assert_eq!(split_house_number("12a"), Some((12, "a".into())));
        assert_eq!(split_house_number("12 - 2"), Some((12, "2".into())));
        assert_eq!(split_house_number("12"), None);
        assert_eq!(split_house_number("a12"), None);
    }
}
