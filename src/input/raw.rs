//! Files -> raw cells with their positions: calamine for workbooks, polars for csv and parquet.
//!
//! Everything here is about getting cells out of a file; what the cells mean is `validate`'s job.
//! A csv or parquet file becomes one sheet named after the file, so every message has the same
//! `Blad!D12` form: row 1 of a csv is its first line, row 1 of a parquet file its column names.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};
use std::sync::{Arc, Once};

use calamine::{
    open_workbook_auto, open_workbook_auto_from_rs, Data, DataRef, Reader, Sheets, Xlsx, XlsxError,
};
use chrono::NaiveDate;
use polars::prelude::*;

use super::cellref::{column_ref, sheet_ref};
use super::columns::{
    find_column, normalize_header, BUDGET_SHEET, CAPACITY_SHEET, EXPLANATION_SHEET, HOMES_SHEET,
    HOME_COLUMNS,
};
use super::validate::header_score;
use super::Problem;

/// One cell as read, before any meaning is given to it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    #[default]
    Empty,
    /// Shared: a column's repeated texts (a corporation, a place, a label) are one allocation
    /// (see [`frame_rows`]).
    Text(Arc<str>),
    Number(f64),
    Bool(bool),
    /// A date-formatted workbook cell.
    Date(NaiveDate),
    /// An Excel error value such as `#N/B` or `#DEEL/0!`.
    Error(String),
    /// A formula without a stored result (a workbook written by a script or report generator
    /// and never opened in Excel): its value is unknown, which is not the same as empty.
    Formula(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// Text, with blank text read as empty (a cell holding only spaces is empty to a user).
    pub(crate) fn text(s: &str) -> Cell {
        if s.trim().is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.into())
        }
    }
}

/// Where the cells came from; decides how text numbers and plain numbers in date columns read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// xlsx/xls/ods: a number typed as text is unusual and is warned about; numbers in a date
    /// column are Excel date serials.
    Workbook,
    /// csv: every value is text. With `;` as separator the Dutch convention holds (decimal comma,
    /// dots between thousands); with `,` the decimal point does.
    Csv { dutch: bool },
    /// parquet: typed columns; text numbers use the decimal point.
    Parquet,
}

impl Origin {
    /// True when `1.234` means 1234 and `72,5` is the normal way to write 72.5.
    pub fn dutch_numbers(self) -> bool {
        matches!(self, Origin::Workbook | Origin::Csv { dutch: true })
    }

    /// True when a number typed as text deserves a warning: only in a workbook, where the user
    /// could have typed a real number.
    pub fn warns_text_numbers(self) -> bool {
        self == Origin::Workbook
    }
}

/// A rectangle of cells; `rows[i][j]` sits at zero-based (first_row + i, first_col + j).
#[derive(Debug, Clone)]
pub struct RawSheet {
    pub name: String,
    pub first_row: u32,
    pub first_col: u32,
    pub rows: Vec<Vec<Cell>>,
    /// For csv: the zero-based line each row starts on, when lines and rows differ.
    pub row_lines: Option<Vec<u32>>,
    pub origin: Origin,
    /// What reading the sheet found before any cell was given a meaning (an ambiguous sheet
    /// name, lines in another encoding, columns of a type that cannot be read).
    pub problems: Vec<Problem>,
}

static EMPTY: Cell = Cell::Empty;

impl RawSheet {
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&EMPTY)
    }

    /// Zero-based row in the file of `rows[row]`.
    pub fn abs_row(&self, row: usize) -> u32 {
        if let Some(line) = self.row_lines.as_ref().and_then(|l| l.get(row)) {
            return *line;
        }
        self.first_row
            .saturating_add(u32::try_from(row).unwrap_or(u32::MAX))
    }

    pub fn abs_col(&self, col: usize) -> u32 {
        self.first_col
            .saturating_add(u32::try_from(col).unwrap_or(u32::MAX))
    }

    /// `Woningen!D12` for `rows[row][col]`.
    pub fn location(&self, row: usize, col: usize) -> String {
        super::cellref::cell_ref(&self.name, self.abs_row(row), self.abs_col(col))
    }
}

/// The sheets the importer uses.
#[derive(Debug)]
pub struct RawBook {
    pub homes: RawSheet,
    pub budget: Option<RawSheet>,
    pub capacity: Option<RawSheet>,
    /// The optional heat plan per wijk (`Wijken`).
    pub districts: Option<RawSheet>,
    /// Every sheet of a workbook, in order (empty for csv and parquet).
    pub sheet_names: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Workbook,
    Csv,
    Parquet,
}

/// The kind of file from its extension; an unknown extension is refused in a sentence.
pub fn file_kind(path: &Path) -> Result<FileKind, String> {
    // A folder is not a file without an extension (helper 88).
    if path.is_dir() {
        return Err(
            "dit is een map, geen bestand; geef het .xlsx-, .xls-, .ods-, .csv- of .parquet-bestand met het bezit."
                .into(),
        );
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Ok(FileKind::Workbook),
        "csv" | "txt" => Ok(FileKind::Csv),
        "parquet" | "pq" => Ok(FileKind::Parquet),
        "" => Err(
            "het bestand heeft geen extensie; gebruik een .xlsx-, .xls-, .ods-, .csv- of .parquet-bestand."
                .into(),
        ),
        other => Err(format!(
            "bestanden met de extensie .{other} kan retrofit niet lezen; gebruik een .xlsx-, .xls-, .ods-, .csv- of .parquet-bestand."
        )),
    }
}

/// Readers running inside [`guarded`]: while there are any, a panic (also on a parser's worker
/// thread) prints nothing, since it becomes a Dutch sentence instead of a stack trace.
static QUIET: AtomicUsize = AtomicUsize::new(0);

/// Installs, once, a panic hook that stays silent while a reader runs in [`guarded`] and
/// otherwise does what the previous hook did.
fn quiet_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.load(AtomicOrdering::SeqCst) == 0 {
                previous(info);
            }
        }));
    });
}

/// Runs a reader and turns a panic inside a third-party parser into a clear sentence: a broken
/// file must never crash the tool.
fn guarded<T>(what: &str, f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    quiet_panics();
    QUIET.fetch_add(1, AtomicOrdering::SeqCst);
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.fetch_sub(1, AtomicOrdering::SeqCst);
    match result {
        Ok(result) => result,
        Err(_) => Err(format!(
            "het bestand is beschadigd of geen geldig {what}-bestand (de lezer liep vast)."
        )),
    }
}

fn workbook_error(path: &Path, err: impl std::fmt::Display) -> String {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    format!(
        "het bestand is geen leesbaar .{ext}-werkboek: het is beschadigd, afgekapt of eigenlijk een ander soort bestand (technische melding: {err})."
    )
}

pub(crate) fn convert_data(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::text(s),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => {
            if dt.is_datetime() {
                let (y, m, d, ..) = dt.to_ymd_hms_milli();
                NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
                    .map(Cell::Date)
                    .unwrap_or(Cell::Number(dt.as_f64()))
            } else {
                // A duration-formatted cell: its number is all a user meant.
                Cell::Number(dt.as_f64())
            }
        }
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map(Cell::Date)
            .unwrap_or_else(|| Cell::text(s)),
        Data::DurationIso(s) => Cell::text(s),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// The same conversion for a cell streamed from an xlsx sheet.
fn convert_ref(data: &DataRef<'_>) -> Cell {
    match data {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) => Cell::text(s),
        DataRef::SharedString(s) => Cell::text(s),
        DataRef::Int(i) => convert_data(&Data::Int(*i)),
        DataRef::Float(f) => convert_data(&Data::Float(*f)),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) => convert_data(&Data::DateTime(*dt)),
        DataRef::DateTimeIso(s) => convert_data(&Data::DateTimeIso(s.clone())),
        DataRef::DurationIso(s) => Cell::text(s),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}

fn empty_sheet(name: &str, origin: Origin) -> RawSheet {
    RawSheet {
        name: name.to_string(),
        first_row: 0,
        first_col: 0,
        rows: Vec::new(),
        row_lines: None,
        origin,
        problems: Vec::new(),
    }
}

/// A sheet from its used cells only: each row is as long as its last used cell, so memory
/// follows the used cells, not the bounding box (one stray value in XFD1 costs one long row,
/// not a dense 16,384-column sheet).
fn sparse_sheet(name: &str, cells: Vec<((u32, u32), Cell)>) -> RawSheet {
    let mut sheet = empty_sheet(name, Origin::Workbook);
    let (Some(first_row), Some(first_col), Some(last_row)) = (
        cells.iter().map(|((r, _), _)| *r).min(),
        cells.iter().map(|((_, c), _)| *c).min(),
        cells.iter().map(|((r, _), _)| *r).max(),
    ) else {
        return sheet;
    };
    let height = usize::try_from(last_row - first_row).unwrap_or(0) + 1;
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); height];
    for ((r, c), cell) in cells {
        let (i, j) = ((r - first_row) as usize, (c - first_col) as usize);
        let row = &mut rows[i];
        if row.len() <= j {
            row.resize(j + 1, Cell::Empty);
        }
        row[j] = cell;
    }
    sheet.first_row = first_row;
    sheet.first_col = first_col;
    sheet.rows = rows;
    sheet
}

/// Streams an xlsx sheet cell by cell, with each cell's formula: a formula without a stored
/// result becomes [`Cell::Formula`] instead of reading as empty.
fn read_xlsx_sheet<RS: std::io::Read + std::io::Seek>(
    book: &mut Xlsx<RS>,
    name: &str,
) -> Result<RawSheet, XlsxError> {
    let mut reader = book.worksheet_cells_reader(name)?;
    let mut cells = Vec::new();
    while let Some(c) = reader.next_cell_with_formula()? {
        let mut cell = convert_ref(&c.value);
        // No stored value at all; a formula whose result is empty text (=ALS(A1="";"";..))
        // has one, and reads as empty.
        if c.value == DataRef::Empty {
            if let Some(f) = c.formula.filter(|f| !f.trim().is_empty()) {
                cell = Cell::Formula(f);
            }
        }
        if !cell.is_empty() {
            cells.push((c.pos, cell));
        }
    }
    Ok(sparse_sheet(name, cells))
}

/// Reads a sheet of any workbook kind: xlsx streamed (see [`read_xlsx_sheet`]), the others
/// through calamine's range, with formulas without a stored result marked.
fn read_any_sheet<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    name: &str,
) -> Result<RawSheet, String> {
    if let Sheets::Xlsx(x) = book {
        return read_xlsx_sheet(x, name).map_err(|e| e.to_string());
    }
    let range = book.worksheet_range(name).map_err(|e| e.to_string())?;
    let mut cells = Vec::new();
    for (r, c, data) in range.used_cells() {
        let cell = convert_data(data);
        if !cell.is_empty() {
            let (r0, c0) = range.start().unwrap_or((0, 0));
            cells.push(((r0 + r as u32, c0 + c as u32), cell));
        }
    }
    if let Ok(formulas) = book.worksheet_formula(name) {
        let (r0, c0) = formulas.start().unwrap_or((0, 0));
        for (r, c, f) in formulas.used_cells() {
            let pos = (r0 + r as u32, c0 + c as u32);
            let empty = range.get_value(pos).is_none_or(|d| *d == Data::Empty);
            if empty && !f.trim().is_empty() {
                cells.push((pos, Cell::Formula(f.clone())));
            }
        }
    }
    Ok(sparse_sheet(name, cells))
}

/// The sheet called `wanted`: an exact name wins over one that differs only in case, spaces or
/// accents; when several match, the choice is a warning, never silent.
fn pick_sheet(names: &[String], wanted: &str) -> (Option<String>, Option<String>) {
    let folded: Vec<&String> = names
        .iter()
        .filter(|n| normalize_header(n) == normalize_header(wanted))
        .collect();
    let exact = names
        .iter()
        .find(|n| n.as_str() == wanted)
        .or_else(|| names.iter().find(|n| n.trim() == wanted));
    let chosen = exact.or(folded.first().copied()).cloned();
    let warning = match (&chosen, folded.len()) {
        (Some(c), n) if n > 1 => {
            let all: Vec<String> = folded.iter().map(|n| format!("'{n}'")).collect();
            Some(format!(
                "het werkboek heeft {n} bladen met de naam {wanted} ({}); blad '{c}' wordt gelezen{}, de andere worden genegeerd. Geef de andere bladen een andere naam",
                all.join(", "),
                if exact.is_some() { " (exacte naam)" } else { " (het eerste)" }
            ))
        }
        _ => None,
    };
    (chosen, warning)
}

/// The message for a workbook calamine cannot open; a password gets its own.
fn open_error(path: &Path, err: &calamine::Error) -> String {
    let password = matches!(
        err,
        calamine::Error::Xlsx(XlsxError::Password)
            | calamine::Error::Xls(calamine::XlsError::Password)
            | calamine::Error::Ods(calamine::OdsError::Password)
    ) || err.to_string().to_lowercase().contains("password");
    if password {
        return "het werkboek is beveiligd met een wachtwoord, zodat retrofit het niet kan lezen. Open het in Excel en bewaar het zonder wachtwoord (Bestand > Info > Werkmap beveiligen > Versleutelen met wachtwoord: leeg laten).".into();
    }
    workbook_error(path, err)
}

/// Opens the workbook at `path` and runs `read` on it, with calamine's errors said in Dutch and
/// a panic inside it turned into a sentence, as for the stock (for another workbook read beside
/// it: a `Scenario's` sheet of its own).
pub(crate) fn with_workbook<T>(
    path: &Path,
    read: impl FnOnce(Sheets<std::io::BufReader<std::fs::File>>) -> Result<T, String>,
) -> Result<T, String> {
    guarded("werkboek", || {
        let book = open_workbook_auto(path).map_err(|e| open_error(path, &e))?;
        read(book)
    })
}

/// Reads the homes sheet (`Woningen`, else the first sheet) and the optional `Budget` and
/// `Capaciteit` sheets of a workbook.
pub fn read_workbook(path: &Path) -> Result<RawBook, String> {
    guarded("werkboek", || {
        let book = open_workbook_auto(path).map_err(|e| open_error(path, &e))?;
        read_sheets(book, path)
    })
}

/// [`read_workbook`] of a workbook held in memory (the embedded sample stock); `path` only
/// names it in messages.
pub fn read_workbook_bytes(bytes: Vec<u8>, path: &Path) -> Result<RawBook, String> {
    guarded("werkboek", || {
        let book =
            open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| open_error(path, &e))?;
        read_sheets(book, path)
    })
}

fn read_sheets<RS: std::io::Read + std::io::Seek>(
    mut book: Sheets<RS>,
    path: &Path,
) -> Result<RawBook, String> {
    let names = book.sheet_names();
    let (homes_name, homes_warning) = homes_sheet(&names)?;
    let mut homes = read_any_sheet(&mut book, &homes_name).map_err(|e| workbook_error(path, e))?;
    if let Some(w) = homes_warning {
        homes
            .problems
            .push(Problem::warning(sheet_ref(&homes_name), w));
    }
    let mut optional = |wanted: &str| -> Result<Option<RawSheet>, String> {
        match pick_sheet(&names, wanted) {
            (Some(name), warning) if name != homes_name => {
                let mut sheet =
                    read_any_sheet(&mut book, &name).map_err(|e| workbook_error(path, e))?;
                if let Some(w) = warning {
                    sheet.problems.push(Problem::warning(sheet_ref(&name), w));
                }
                Ok(Some(sheet))
            }
            _ => Ok(None),
        }
    };
    let budget = optional(BUDGET_SHEET)?;
    let capacity = optional(CAPACITY_SHEET)?;
    let districts = optional(super::districts::DISTRICTS_SHEET)?;
    let read: Vec<String> = [Some(&homes), budget.as_ref(), capacity.as_ref()]
        .into_iter()
        .flatten()
        .map(|s| s.name.clone())
        .collect();
    for (name, warning) in near_miss_warnings(&names, &read) {
        homes
            .problems
            .push(Problem::warning(sheet_ref(&name), warning));
    }
    Ok(RawBook {
        homes,
        budget,
        capacity,
        districts,
        sheet_names: names,
    })
}

/// The name and cells of the sheet a stock would be read from (see [`homes_sheet`]), and
/// whether its name begins with `Woningen` (a sheet so named is the homes sheet); `None` when
/// the workbook cannot be read or has no candidate sheet.
pub fn homes_sheet_of(path: &Path) -> Option<(RawSheet, bool)> {
    guarded("werkboek", || {
        let mut book = open_workbook_auto(path).map_err(|e| open_error(path, &e))?;
        let names = book.sheet_names();
        let named = names
            .iter()
            .any(|n| normalize_header(n).starts_with(&normalize_header(HOMES_SHEET)));
        let (name, _) = homes_sheet(&names)?;
        read_any_sheet(&mut book, &name).map(|sheet| (sheet, named))
    })
    .ok()
}

/// The sheets a stock workbook may have beside its homes, and the names such sheets are given
/// otherwise (`Budget 2024-2026`, `Begroting`): a sheet whose name begins with one of these is
/// never taken for the homes.
const OTHER_SHEETS: [&str; 6] = [
    BUDGET_SHEET,
    CAPACITY_SHEET,
    super::districts::DISTRICTS_SHEET,
    crate::scenario_sheet::SHEET,
    EXPLANATION_SHEET,
    "Begroting",
];

fn is_other_sheet(name: &str) -> bool {
    let name = normalize_header(name);
    OTHER_SHEETS
        .iter()
        .any(|o| name.starts_with(&normalize_header(o)))
}

fn quoted_list(sheets: &[&String]) -> String {
    let q: Vec<String> = sheets.iter().map(|o| format!("'{o}'")).collect();
    crate::nl_format::and_list(&q.iter().map(String::as_str).collect::<Vec<_>>())
}

/// The sheet the homes are read from, with a warning when another sheet may hold homes too:
/// the sheet `Woningen`; else the first whose name begins with it (`Woningen 2024`); else the
/// first sheet whose name does not begin with one of [`OTHER_SHEETS`] (a workbook with `Budget`
/// in front of `Bezit 2024`). The warning names every such sheet that is not read; beside a
/// sheet `Woningen` only those whose names begin with it (`Woningen 2`), as other sheets beside
/// it are notes.
fn homes_sheet(names: &[String]) -> Result<(String, Option<String>), String> {
    let begins = |n: &String| normalize_header(n).starts_with(&normalize_header(HOMES_SHEET));
    if let (Some(chosen), warning) = pick_sheet(names, HOMES_SHEET) {
        let unread: Vec<&String> = names
            .iter()
            .filter(|n| **n != chosen && begins(n))
            .filter(|n| normalize_header(n) != normalize_header(HOMES_SHEET))
            .collect();
        let also = (!unread.is_empty()).then(|| {
            let (begin, is) = if unread.len() == 1 {
                ("begint", "wordt")
            } else {
                ("beginnen", "worden")
            };
            format!(
                "blad {} {begin} ook met {HOMES_SHEET} en {is} niet gelezen: de woningen worden alleen gelezen uit blad '{chosen}'. Staan er ook woningen op, zet ze dan op blad '{chosen}'",
                quoted_list(&unread)
            )
        });
        let warning = match (warning, also) {
            (Some(w), Some(a)) => Some(format!("{w}; {a}")),
            (w, a) => w.or(a),
        };
        return Ok((chosen, warning));
    }
    let candidates: Vec<&String> = names.iter().filter(|n| !is_other_sheet(n)).collect();
    let beginning: Vec<&String> = names.iter().filter(|n| begins(n)).collect();
    let (chosen, why) = match (beginning.first(), candidates.first()) {
        (Some(n), _) => (*n, format!("het eerste blad dat met {HOMES_SHEET} begint")),
        (None, Some(n)) => (
            *n,
            format!(
                "het eerste blad waarvan de naam niet begint met {}",
                crate::nl_format::or_list(&OTHER_SHEETS)
            ),
        ),
        (None, None) if names.is_empty() => {
            return Err("het werkboek bevat geen enkel blad.".into())
        }
        (None, None) => {
            return Err(format!(
                "het werkboek heeft geen blad met woningen: alleen {}. Zet de woningen op een blad met de naam {HOMES_SHEET}",
                quoted_list(&names.iter().collect::<Vec<_>>())
            ))
        }
    };
    // One sheet, whatever its name: read without a word.
    if names.len() == 1 {
        return Ok((chosen.to_string(), None));
    }
    let unread: Vec<&String> = names
        .iter()
        .filter(|n| *n != chosen && (begins(n) || !is_other_sheet(n)))
        .collect();
    let also = if unread.is_empty() {
        String::new()
    } else {
        format!("; niet gelezen: {}", quoted_list(&unread))
    };
    Ok((
        chosen.to_string(),
        Some(format!(
            "geen blad met de naam {HOMES_SHEET}; de woningen worden gelezen uit blad '{chosen}', {why}{also}. Staan de woningen op een ander blad, geef dat blad de naam {HOMES_SHEET}"
        )),
    ))
}

/// Warnings for sheets named like `Budget` or `Capaciteit` that are not read as such
/// (`Budget 2024-2026`, `Begroting`): without one, their figures would go unused without a word.
fn near_miss_warnings(names: &[String], read: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for n in names {
        if read.contains(n) {
            continue;
        }
        let folded = normalize_header(n);
        let like = |word: &str| folded.starts_with(&normalize_header(word));
        let (what, wanted) = if like(BUDGET_SHEET) || like("Begroting") {
            ("het budget per jaar", BUDGET_SHEET)
        } else if like(CAPACITY_SHEET) {
            ("de capaciteit per maand", CAPACITY_SHEET)
        } else {
            continue;
        };
        out.push((
            n.clone(),
            format!(
                "blad '{n}' wordt niet gelezen: {what} wordt alleen gelezen uit een blad met de naam {wanted}. Geef het blad die naam als retrofit het moet gebruiken"
            ),
        ));
    }
    out
}

/// Decodes csv bytes: UTF-16 (Excel's "Unicode-tekst", with or without byte order mark),
/// UTF-8 (with or without BOM), else Windows-1252, which Excel on Dutch Windows writes for "CSV
/// (gescheiden door lijstscheidingsteken)". A UTF-8 file with some lines in Windows-1252 (two
/// files pasted together) is decoded line by line, and each such line is named in a warning.
fn decode_text(bytes: &[u8], name: &str) -> (String, Vec<Problem>) {
    if let Some(text) = decode_utf16(bytes) {
        return (text, Vec::new());
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), Vec::new());
    }
    let mut text = String::with_capacity(bytes.len());
    let mut legacy_lines = Vec::new();
    let mut utf8_non_ascii = false;
    for (i, line) in bytes.split_inclusive(|b| *b == b'\n').enumerate() {
        // Valid UTF-8 stays UTF-8; only the bytes that are not are read as Windows-1252.
        let mut rest = line;
        let mut legacy = false;
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    utf8_non_ascii |= !s.is_ascii();
                    text.push_str(s);
                    break;
                }
                Err(e) => {
                    let (valid, after) = rest.split_at(e.valid_up_to());
                    let valid = std::str::from_utf8(valid).unwrap_or_default();
                    utf8_non_ascii |= !valid.is_ascii();
                    text.push_str(valid);
                    let bad = e.error_len().unwrap_or(after.len()).min(after.len());
                    text.extend(after[..bad].iter().map(|&b| cp1252_char(b)));
                    legacy = true;
                    rest = &after[bad..];
                }
            }
        }
        if legacy {
            legacy_lines.push(i);
        }
    }
    let mut problems = Vec::new();
    if utf8_non_ascii {
        const SHOWN: usize = 10;
        for &i in legacy_lines.iter().take(SHOWN) {
            problems.push(Problem::warning(
                format!("{} regel {}", sheet_ref(name), i + 1),
                "deze regel is geen UTF-8 zoals de rest van het bestand en is gelezen als Windows-1252: controleer de letters met accenten en bewaar het bestand als 'CSV UTF-8'".to_string(),
            ));
        }
        if legacy_lines.len() > SHOWN {
            problems.push(Problem::warning(
                sheet_ref(name),
                format!(
                    "nog {} regels zijn geen UTF-8 en zijn gelezen als Windows-1252",
                    legacy_lines.len() - SHOWN
                ),
            ));
        }
    }
    (text, problems)
}

/// UTF-16 text: with a byte order mark, or without one when most high (or low) bytes of the
/// first characters are zero, as in every mostly-Latin UTF-16 file.
fn decode_utf16(bytes: &[u8]) -> Option<String> {
    let (body, little) = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        (rest, true)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        (rest, false)
    } else {
        let head = &bytes[..bytes.len().min(2000)];
        let pairs = head.len() / 2;
        if pairs < 4 {
            return None;
        }
        let zero_odd = head
            .chunks_exact(2)
            .filter(|p| p[1] == 0 && p[0] != 0)
            .count();
        let zero_even = head
            .chunks_exact(2)
            .filter(|p| p[0] == 0 && p[1] != 0)
            .count();
        if zero_odd * 10 >= pairs * 8 {
            (bytes, true)
        } else if zero_even * 10 >= pairs * 8 {
            (bytes, false)
        } else {
            return None;
        }
    };
    let units = body.chunks_exact(2).map(|p| {
        if little {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
    )
}

/// The zero-based line on which a quoted field opens that never closes (a truncated file, or a
/// stray quote at the start of a field), as a csv reader sees quotes: only at a field's start.
fn unclosed_quote_line(text: &str, sep: char) -> Option<u32> {
    let mut line: u32 = 0;
    let mut opened_on: Option<u32> = None;
    let mut at_field_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if opened_on.is_some() {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                }
                '"' => {
                    opened_on = None;
                    at_field_start = false;
                }
                '\n' => line = line.saturating_add(1),
                _ => {}
            }
            continue;
        }
        match c {
            '"' if at_field_start => opened_on = Some(line),
            '\n' => {
                line = line.saturating_add(1);
                at_field_start = true;
            }
            '\r' => {}
            c if c == sep => at_field_start = true,
            _ => at_field_start = false,
        }
    }
    opened_on
}

fn cp1252_char(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// One csv record as seen by a quote-aware scanner: the zero-based line it starts on, its number
/// of fields, whether they are all blank, and (only when asked) the fields themselves.
struct Record {
    line: u32,
    width: usize,
    blank: bool,
    fields: Vec<String>,
}

/// Splits csv text into records. Used to choose the separator (with fields, first lines only) and
/// to number rows and size the schema (shape only, whole file); the values come from polars.
fn scan_records(text: &str, sep: char, limit: Option<usize>, keep_fields: bool) -> Vec<Record> {
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut width = 0usize;
    let mut blank = true;
    let mut in_quotes = false;
    let mut line: u32 = 0;
    let mut start_line: u32 = 0;
    let mut any = false;
    let mut chars = text.chars().peekable();
    let end_field = |field: &mut String, fields: &mut Vec<String>, width: &mut usize| {
        *width += 1;
        if keep_fields {
            fields.push(std::mem::take(field));
        } else {
            field.clear();
        }
    };
    while let Some(c) = chars.next() {
        any = true;
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    in_quotes = false;
                }
            } else {
                if c == '\n' {
                    line = line.saturating_add(1);
                }
                if !c.is_whitespace() {
                    blank = false;
                }
                if keep_fields {
                    field.push(c);
                }
            }
            continue;
        }
        match c {
            '"' => in_quotes = true,
            '\r' => {}
            '\n' => {
                end_field(&mut field, &mut fields, &mut width);
                records.push(Record {
                    line: start_line,
                    width,
                    blank,
                    fields: std::mem::take(&mut fields),
                });
                width = 0;
                blank = true;
                line = line.saturating_add(1);
                start_line = line;
                any = false;
                if limit.is_some_and(|l| records.len() >= l) {
                    return records;
                }
            }
            c if c == sep => end_field(&mut field, &mut fields, &mut width),
            c => {
                if !c.is_whitespace() {
                    blank = false;
                }
                if keep_fields {
                    field.push(c);
                }
            }
        }
    }
    if any {
        end_field(&mut field, &mut fields, &mut width);
        records.push(Record {
            line: start_line,
            width,
            blank,
            fields,
        });
    }
    records
}

/// The separator under which the first lines hold the most known column names; `;` wins ties
/// because Dutch Excel writes it.
fn sniff_separator(text: &str) -> char {
    let mut best = (';', 0usize, 0usize);
    for sep in [';', ',', '\t'] {
        let records = scan_records(text, sep, Some(30), true);
        let rows: Vec<Vec<Cell>> = records
            .iter()
            .map(|r| r.fields.iter().map(|f| Cell::text(f)).collect())
            .collect();
        let score = rows
            .iter()
            .map(|r| header_score(r, HOME_COLUMNS).0)
            .max()
            .unwrap_or(0);
        let width = records.iter().map(|r| r.width).max().unwrap_or(0);
        if score > best.1 || (score == best.1 && best.1 == 0 && width > best.2) {
            best = (sep, score, width);
        }
    }
    best.0
}

fn polars_error(what: &str, err: impl std::fmt::Display) -> String {
    format!(
        "het bestand is geen leesbaar {what}-bestand: het is beschadigd, afgekapt of eigenlijk een ander soort bestand (technische melding: {err})."
    )
}

/// Reads a csv file through polars, every column as text; the separator is sniffed.
pub fn read_csv(bytes: &[u8], name: &str) -> Result<RawSheet, String> {
    guarded("csv", || {
        let (text, problems) = decode_text(bytes, name);
        let sep = sniff_separator(&text);
        if let Some(line) = unclosed_quote_line(&text, sep) {
            return Err(format!(
                "regel {}: hier opent een aanhalingsteken (\") dat nergens wordt gesloten, zodat de rest van het bestand als één tekst zou worden gelezen. Het bestand is afgekapt of de aanhalingstekens kloppen niet: herstel die regel of bewaar het bestand opnieuw vanuit Excel.",
                line + 1
            ));
        }
        let records = scan_records(&text, sep, None, false);
        let width = records.iter().map(|r| r.width).max().unwrap_or(0).max(1);
        let sep_byte = u8::try_from(u32::from(sep)).unwrap_or(b';');
        let schema: Schema = (0..width)
            .map(|i| Field::new(format!("c{i}").into(), DataType::String))
            .collect();
        let df = CsvReadOptions::default()
            .with_has_header(false)
            .with_schema(Some(Arc::new(schema)))
            .with_raise_if_empty(false)
            .map_parse_options(|o| {
                o.with_separator(sep_byte)
                    .with_quote_char(Some(b'"'))
                    .with_missing_is_null(true)
                    .with_truncate_ragged_lines(true)
            })
            .into_reader_with_file_handle(Cursor::new(text.into_bytes()))
            .finish()
            .map_err(|e| polars_error("csv", e))?;
        let rows = frame_rows(&df).map_err(|e| polars_error("csv", e))?;
        // Number rows by the line they start on; polars may or may not keep blank lines, so
        // match on whichever count agrees with it.
        let height = df.height();
        let row_lines = if records.len() == height {
            Some(records.iter().map(|r| r.line).collect())
        } else {
            let non_blank: Vec<u32> = records
                .iter()
                .filter(|r| !r.blank)
                .map(|r| r.line)
                .collect();
            (non_blank.len() == height).then_some(non_blank)
        };
        Ok(RawSheet {
            name: name.to_string(),
            first_row: 0,
            first_col: 0,
            rows,
            row_lines,
            origin: Origin::Csv { dutch: sep != ',' },
            problems,
        })
    })
}

/// Arrow types that the lean polars build of this tool turns into columns. Others (dates,
/// timestamps, decimals, small ints, lists, ...) need polars features that cost much compile
/// time, so their columns are named instead (see [`read_parquet`]).
fn readable_type(dtype: &ArrowDataType) -> bool {
    use ArrowDataType as A;
    matches!(
        dtype,
        A::Null
            | A::Boolean
            | A::UInt32
            | A::UInt64
            | A::Int32
            | A::Int64
            | A::Float32
            | A::Float64
            | A::Utf8
            | A::LargeUtf8
            | A::Utf8View
    )
}

/// A parquet type the way a user knows it from pandas, DuckDB or SQL.
fn type_name(dtype: &ArrowDataType) -> String {
    use ArrowDataType as A;
    match dtype {
        A::Date32 | A::Date64 => "datum (date)".into(),
        A::Timestamp(_, None) => "tijdstip (timestamp)".into(),
        A::Timestamp(_, Some(zone)) => format!("tijdstip met tijdzone {zone} (timestamp)"),
        A::Decimal(p, s) | A::Decimal32(p, s) | A::Decimal64(p, s) | A::Decimal256(p, s) => {
            format!("decimaal getal (decimal({p}, {s}))")
        }
        A::Int8 => "klein geheel getal (int8)".into(),
        A::Int16 => "klein geheel getal (int16)".into(),
        A::UInt8 => "klein geheel getal (uint8)".into(),
        A::UInt16 => "klein geheel getal (uint16)".into(),
        A::Float16 => "getal met halve precisie (float16)".into(),
        A::Time32(_) | A::Time64(_) => "tijd van de dag (time)".into(),
        A::Duration(_) => "tijdsduur (duration)".into(),
        A::List(_) | A::LargeList(_) | A::FixedSizeList(..) => "lijst (list)".into(),
        A::Struct(_) => "samengestelde waarde (struct)".into(),
        A::Dictionary(..) => "categorie (dictionary/categorical)".into(),
        A::Binary | A::LargeBinary | A::BinaryView | A::FixedSizeBinary(_) => {
            "binaire gegevens (binary)".into()
        }
        other => format!("{other:?}"),
    }
}

/// Reads a parquet file; its column names become row 1, its values rows 2 and on. A column of
/// a type this tool cannot read stops the read only when the importer uses it (its header is a
/// known column), with the column and its type named; other such columns are left out with a
/// warning.
pub fn read_parquet(bytes: Vec<u8>, name: &str) -> Result<RawSheet, String> {
    guarded("parquet", || {
        let mut reader = ParquetReader::new(Cursor::new(bytes.as_slice()));
        let schema = reader.schema().map_err(|e| polars_error("parquet", e))?;
        // Each column of the sheet: from polars' frame (its index there) or decoded here.
        enum Source {
            Frame(usize),
            Decoded(Vec<Cell>),
        }
        let mut keep = Vec::new();
        let mut columns: Vec<(String, Source)> = Vec::new();
        let mut refused = Vec::new();
        // A refused date or time column is told to become text, not a number (helper 93: the
        // advice for a timestamp with a time zone was astype('float64')).
        let mut refused_dates = false;
        let mut problems = Vec::new();
        for (i, field) in schema.iter_values().enumerate() {
            let column = field.name.as_str();
            if readable_type(&field.dtype) {
                columns.push((column.to_string(), Source::Frame(keep.len())));
                keep.push(i);
                continue;
            }
            let kind = type_name(&field.dtype);
            let used = find_column(HOME_COLUMNS, column).is_some();
            let is_date = matches!(
                field.dtype,
                ArrowDataType::Date32
                    | ArrowDataType::Date64
                    | ArrowDataType::Timestamp(..)
                    | ArrowDataType::Time32(_)
                    | ArrowDataType::Time64(_)
            );
            if used && super::parquet_types::decodable(&field.dtype) {
                match super::parquet_types::read_column(&bytes, column) {
                    Ok(cells) => {
                        columns.push((column.to_string(), Source::Decoded(cells)));
                        continue;
                    }
                    Err(e) => {
                        refused_dates |= is_date;
                        refused.push(format!(
                            "kolom '{column}' van het type {kind} kon niet worden gelezen ({e})"
                        ))
                    }
                }
            } else if used {
                refused_dates |= is_date;
                refused.push(format!("kolom '{column}' heeft het type {kind}"));
            } else {
                problems.push(Problem::warning(
                    column_ref(name, column),
                    format!("kolom '{column}' van het type {kind} wordt niet gelezen en genegeerd (retrofit gebruikt deze kolom niet)"),
                ));
            }
        }
        if !refused.is_empty() {
            let example = if refused_dates {
                "bijvoorbeeld in pandas een datum met df['kolom'].dt.strftime('%Y-%m-%d'), een getal met df['kolom'].astype('float64')"
            } else {
                "bijvoorbeeld in pandas met df['kolom'].astype('float64') of .astype(str)"
            };
            return Err(format!(
                "{}, dat retrofit niet kan lezen. Bewaar deze kolom(men) als tekst (een datum als '2024-09-01') of als getal (float64 of int64), {example}.",
                refused.join("; ")
            ));
        }
        let decoded_height = columns.iter().find_map(|(_, s)| match s {
            Source::Decoded(cells) => Some(cells.len()),
            Source::Frame(_) => None,
        });
        let (mut frame, height) = if keep.is_empty() {
            (Vec::new(), decoded_height.unwrap_or(0))
        } else {
            let df = ParquetReader::new(Cursor::new(bytes.as_slice()))
                .with_projection(Some(keep))
                .finish()
                .map_err(|e| polars_error("parquet", e))?;
            (
                frame_rows(&df).map_err(|e| polars_error("parquet", e))?,
                df.height(),
            )
        };
        for (column, source) in &columns {
            if let Source::Decoded(cells) = source {
                if cells.len() != height {
                    return Err(polars_error(
                        "parquet",
                        format!(
                            "kolom {column}: {} waarden voor {height} rijen",
                            cells.len()
                        ),
                    ));
                }
            }
        }
        let header: Vec<Cell> = columns.iter().map(|(n, _)| Cell::text(n)).collect();
        // The frame's rows are the sheet's rows when every column came from it, in order (the
        // usual case): no copy. Otherwise each row is assembled by moving its cells, so that
        // the cells of a large stock are never held twice (the sector's 2.3 million homes:
        // 6.9 GB at the peak with a copy).
        let in_frame_order = columns
            .iter()
            .enumerate()
            .all(|(i, (_, s))| matches!(s, Source::Frame(j) if *j == i));
        let rows = if in_frame_order && frame.len() == height {
            let mut rows = Vec::with_capacity(height + 1);
            rows.push(header);
            rows.append(&mut frame);
            rows
        } else {
            let mut rows = Vec::with_capacity(height + 1);
            rows.push(header);
            let mut decoded: Vec<Option<std::vec::IntoIter<Cell>>> = columns
                .iter_mut()
                .map(|(_, s)| match s {
                    Source::Decoded(cells) => Some(std::mem::take(cells).into_iter()),
                    Source::Frame(_) => None,
                })
                .collect();
            let mut frame_rows = frame.into_iter();
            for _ in 0..height {
                let mut frame_row = frame_rows.next().unwrap_or_default();
                rows.push(
                    columns
                        .iter()
                        .zip(decoded.iter_mut())
                        .map(|((_, source), cells)| match (source, cells) {
                            (Source::Frame(j), _) => frame_row
                                .get_mut(*j)
                                .map(std::mem::take)
                                .unwrap_or(Cell::Empty),
                            (Source::Decoded(_), Some(cells)) => {
                                cells.next().unwrap_or(Cell::Empty)
                            }
                            (Source::Decoded(_), None) => Cell::Empty,
                        })
                        .collect(),
                );
            }
            rows
        };
        Ok(RawSheet {
            name: name.to_string(),
            first_row: 0,
            first_col: 0,
            rows,
            row_lines: None,
            origin: Origin::Parquet,
            problems,
        })
    })
}

/// The cells of a frame, row by row; numbers stay numbers, everything else becomes text.
fn frame_rows(df: &DataFrame) -> PolarsResult<Vec<Vec<Cell>>> {
    let height = df.height();
    let mut rows: Vec<Vec<Cell>> = (0..height)
        .map(|_| Vec::with_capacity(df.width()))
        .collect();
    for column in df.columns() {
        let dtype = column.dtype().clone();
        if dtype == DataType::Boolean {
            let ca = column.bool()?;
            for (row, v) in rows.iter_mut().zip(ca.iter()) {
                row.push(v.map_or(Cell::Empty, Cell::Bool));
            }
        } else if dtype.is_primitive_numeric() {
            let cast = column.cast(&DataType::Float64)?;
            let ca = cast.f64()?;
            for (row, v) in rows.iter_mut().zip(ca.iter()) {
                row.push(v.map_or(Cell::Empty, Cell::Number));
            }
        } else {
            let cast = column.cast(&DataType::String)?;
            let ca = cast.str()?;
            let mut shared = SharedTexts::default();
            for (row, v) in rows.iter_mut().zip(ca.iter()) {
                row.push(v.map_or(Cell::Empty, |t| shared.cell(t)));
            }
        }
    }
    Ok(rows)
}

/// A column's texts, each distinct one allocated once while the column has few (a corporation,
/// a place, a label, a status); a column of mostly distinct texts (vhe, postcode) stops
/// sharing once it has [`SharedTexts::MOST`], so that the lookup costs no more than it saves.
/// Reading the sector's 2.3 million homes (parquet) took 30.1 s and 6.9 GB at the peak with a
/// text allocated per cell and the cells copied once, 6.3 s and 4.4 GB now (one run each).
#[derive(Default)]
struct SharedTexts {
    seen: PlHashMap<String, Arc<str>>,
    full: bool,
}

impl SharedTexts {
    const MOST: usize = 4096;

    fn cell(&mut self, text: &str) -> Cell {
        if self.full || text.trim().is_empty() {
            return Cell::text(text);
        }
        if let Some(shared) = self.seen.get(text) {
            return Cell::Text(shared.clone());
        }
        if self.seen.len() >= Self::MOST {
            self.full = true;
            self.seen = Default::default();
            return Cell::text(text);
        }
        let shared: Arc<str> = text.into();
        self.seen.insert(text.to_string(), shared.clone());
        Cell::Text(shared)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_texts_share_one_allocation_until_a_column_has_many() {
        let mut shared = SharedTexts::default();
        let (a, b) = (shared.cell("Rijen"), shared.cell("Rijen"));
        match (&a, &b) {
            (Cell::Text(x), Cell::Text(y)) => assert!(Arc::ptr_eq(x, y)),
            other => panic!("{other:?}"),
        }
        assert_eq!(shared.cell("  "), Cell::Empty);
        for i in 0..SharedTexts::MOST {
            shared.cell(&format!("vhe {i}"));
        }
        // Full: texts are still read, each its own.
        let (c, d) = (shared.cell("Rijen"), shared.cell("Rijen"));
        assert_eq!(c, Cell::Text("Rijen".into()));
        match (&c, &d) {
            (Cell::Text(x), Cell::Text(y)) => assert!(!Arc::ptr_eq(x, y)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn records_follow_quotes_and_lines() {
        let text = "titel\n\nvhe;complex\n\"a;b\";\"x\ny\"\r\n1;2";
        let recs = scan_records(text, ';', None, true);
        let lines: Vec<u32> = recs.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![0, 1, 2, 3, 5]);
        assert_eq!(recs[3].fields, vec!["a;b".to_string(), "x\ny".to_string()]);
        assert_eq!(recs[4].fields, vec!["1".to_string(), "2".to_string()]);
        assert!(recs[1].blank && !recs[0].blank);
        let shape = scan_records(text, ';', None, false);
        let widths: Vec<usize> = shape.iter().map(|r| r.width).collect();
        assert_eq!(widths, vec![1, 1, 2, 2, 2]);
        assert!(shape[3].fields.is_empty());
    }

    #[test]
    fn separator_follows_known_headers() {
        assert_eq!(
            sniff_separator("vhe;complex;gbo_m2;woningtype\n1;2;72,5;EGW\n"),
            ';'
        );
        assert_eq!(
            sniff_separator("vhe,complex,gbo_m2,woningtype\n1,2,\"72,5\",EGW\n"),
            ','
        );
        assert_eq!(sniff_separator("vhe\tcomplex\tgbo_m2\n"), '\t');
    }

    #[test]
    fn csv_rows_keep_their_line_numbers() {
        let text = "titel\r\nvhe;complex\r\n\r\n   \r\n\"1\";\"C\r\nD\"\r\n2;E\r\n";
        let sheet = read_csv(text.as_bytes(), "x.csv").expect("csv reads");
        let rows: Vec<(u32, Vec<Cell>)> = sheet
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.iter().any(|c| !c.is_empty()))
            .map(|(i, r)| (sheet.abs_row(i), r.clone()))
            .collect();
        let t = |s: &str| Cell::Text(s.into());
        assert_eq!(
            rows,
            vec![
                (0, vec![t("titel"), Cell::Empty]),
                (1, vec![t("vhe"), t("complex")]),
                (4, vec![t("1"), t("C\r\nD")]),
                (6, vec![t("2"), t("E")]),
            ]
        );
        assert_eq!(sheet.origin, Origin::Csv { dutch: true });
    }

    #[test]
    fn a_stray_windows_1252_byte_leaves_utf8_alone() {
        let (text, problems) = decode_text(b"plaats\nDie\xc3\xabn \xeb\nDie\xc3\xabn\n", "x.csv");
        assert_eq!(text, "plaats\nDieën ë\nDieën\n");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].location.contains("regel 2"), "{:?}", problems);
    }

    #[test]
    fn windows_1252_decodes() {
        assert_eq!(decode_text(b"caf\xe9 \x80", "x.csv").0, "café €");
        assert_eq!(decode_text("\u{feff}vhe".as_bytes(), "x.csv").0, "vhe");
    }

    #[test]
    fn the_exact_sheet_name_wins() {
        let names: Vec<String> = ["WONINGEN", "Woningen ", "Woningen", "Budget"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (chosen, warning) = pick_sheet(&names, "Woningen");
        assert_eq!(chosen.as_deref(), Some("Woningen"));
        assert!(warning.is_some_and(|w| w.contains("'WONINGEN'")));
        let (chosen, warning) = pick_sheet(&names, "Budget");
        assert_eq!(chosen.as_deref(), Some("Budget"));
        assert!(warning.is_none());
        let (chosen, _) = pick_sheet(&names[..1], "Woningen");
        assert_eq!(chosen.as_deref(), Some("WONINGEN"));
    }

    #[test]
    fn extensions() {
        assert_eq!(file_kind(Path::new("a.XLSX")), Ok(FileKind::Workbook));
        assert_eq!(file_kind(Path::new("a.ods")), Ok(FileKind::Workbook));
        assert_eq!(file_kind(Path::new("a.csv")), Ok(FileKind::Csv));
        assert_eq!(file_kind(Path::new("a.parquet")), Ok(FileKind::Parquet));
        assert!(file_kind(Path::new("a.docx")).is_err());
        assert!(file_kind(Path::new("a")).is_err());
    }

    #[test]
    fn the_homes_are_never_read_from_a_budget_sheet() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // `Budget` in front of the homes: the homes' sheet is read, and the warning says so.
        let (sheet, warning) =
            homes_sheet(&names(&["Budget 2024-2026", "Bezit 2024", "Notities"])).unwrap();
        assert_eq!(sheet, "Bezit 2024");
        let warning = warning.unwrap();
        assert!(warning.contains("uit blad 'Bezit 2024'"), "{warning}");
        assert!(warning.contains("niet gelezen: 'Notities'"), "{warning}");
        // The template's explanation is not the homes either.
        assert_eq!(
            homes_sheet(&names(&["Toelichting", "Bezit"])).unwrap().0,
            "Bezit"
        );
        // One sheet, whatever its name: no warning.
        assert_eq!(
            homes_sheet(&names(&["Blad1"])).unwrap(),
            ("Blad1".to_string(), None)
        );
        // Only sheets beside the homes: an error naming them, not the budget read as homes.
        let err = homes_sheet(&names(&["Budget", "capaciteit"])).unwrap_err();
        assert!(err.contains("'Budget' en 'capaciteit'"), "{err}");
        assert!(homes_sheet(&[]).is_err());
        // `Woningen` itself comes first; a second sheet of homes beside it is named as not
        // read, a sheet of notes is not.
        let (sheet, warning) =
            homes_sheet(&names(&["Budget", "Woningen", "Woningen 2", "Notities"])).unwrap();
        assert_eq!(sheet, "Woningen");
        let warning = warning.unwrap();
        assert!(
            warning.starts_with("blad 'Woningen 2' begint ook met Woningen en wordt niet gelezen"),
            "{warning}"
        );
        assert!(!warning.contains("Notities"), "{warning}");
        assert_eq!(
            homes_sheet(&names(&["Woningen", "Notities"])).unwrap().1,
            None
        );
        // A name beginning with it next; every other sheet that may hold homes is named.
        let (sheet, warning) = homes_sheet(&names(&["Bezit", "Woningen oud"])).unwrap();
        assert_eq!(sheet, "Woningen oud");
        assert!(warning.unwrap().contains("niet gelezen: 'Bezit'"));
        // A budget under another name is said to be unread.
        let near = near_miss_warnings(
            &names(&["Woningen", "Budget 2024-2026", "Begroting", "Capaciteit"]),
            &names(&["Woningen", "Capaciteit"]),
        );
        let sheets: Vec<&str> = near.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(sheets, ["Budget 2024-2026", "Begroting"]);
        assert!(near[0]
            .1
            .contains("alleen gelezen uit een blad met de naam Budget"));
    }
}
