//! Files -> raw cells with their positions: calamine for workbooks, polars for csv and parquet.
//!
//! Everything here is about getting cells out of a file; what the cells mean is `validate`'s job.
//! A csv or parquet file becomes one sheet named after the file, so every message has the same
//! `Blad!D12` form: row 1 of a csv is its first line, row 1 of a parquet file its column names.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Arc;

use calamine::{open_workbook_auto, open_workbook_auto_from_rs, Data, Range, Reader};
use chrono::NaiveDate;
use polars::prelude::*;

use super::columns::{normalize_header, BUDGET_SHEET, CAPACITY_SHEET, HOMES_SHEET, HOME_COLUMNS};
use super::validate::header_score;

/// One cell as read, before any meaning is given to it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date-formatted workbook cell.
    Date(NaiveDate),
    /// An Excel error value such as `#N/B` or `#DEEL/0!`.
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// Text, with blank text read as empty (a cell holding only spaces is empty to a user).
    fn text(s: &str) -> Cell {
        if s.trim().is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_string())
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Workbook,
    Csv,
    Parquet,
}

/// The kind of file from its extension; an unknown extension is refused in a sentence.
pub fn file_kind(path: &Path) -> Result<FileKind, String> {
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

/// Runs a reader and turns a panic inside a third-party parser into a clear sentence: a broken
/// file must never crash the tool.
fn guarded<T>(what: &str, f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    match catch_unwind(AssertUnwindSafe(f)) {
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

fn convert_data(data: &Data) -> Cell {
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

fn convert_range(name: &str, range: &Range<Data>) -> RawSheet {
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .map(|r| r.iter().map(convert_data).collect())
        .collect();
    RawSheet {
        name: name.to_string(),
        first_row,
        first_col,
        rows,
        row_lines: None,
        origin: Origin::Workbook,
    }
}

/// Reads the homes sheet (`Woningen`, any case, else the first sheet) and the optional `Budget`
/// and `Capaciteit` sheets of a workbook.
pub fn read_workbook(path: &Path) -> Result<RawBook, String> {
    guarded("werkboek", || {
        let book = open_workbook_auto(path).map_err(|e| workbook_error(path, e))?;
        read_sheets(book, path)
    })
}

/// [`read_workbook`] of a workbook held in memory (the embedded sample stock); `path` only
/// names it in messages.
pub fn read_workbook_bytes(bytes: Vec<u8>, path: &Path) -> Result<RawBook, String> {
    guarded("werkboek", || {
        let book =
            open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| workbook_error(path, e))?;
        read_sheets(book, path)
    })
}

fn read_sheets<RS: std::io::Read + std::io::Seek>(
    mut book: calamine::Sheets<RS>,
    path: &Path,
) -> Result<RawBook, String> {
    let names = book.sheet_names();
    let find = |wanted: &str| {
        names
            .iter()
            .find(|n| normalize_header(n) == normalize_header(wanted))
            .cloned()
    };
    let homes_name = match find(HOMES_SHEET).or_else(|| names.first().cloned()) {
        Some(n) => n,
        None => return Err("het werkboek bevat geen enkel blad.".into()),
    };
    let homes_range = book
        .worksheet_range(&homes_name)
        .map_err(|e| workbook_error(path, e))?;
    let homes = convert_range(&homes_name, &homes_range);
    let mut optional = |wanted: &str| -> Result<Option<RawSheet>, String> {
        match find(wanted) {
            Some(name) if name != homes_name => {
                let range = book
                    .worksheet_range(&name)
                    .map_err(|e| workbook_error(path, e))?;
                Ok(Some(convert_range(&name, &range)))
            }
            _ => Ok(None),
        }
    };
    let budget = optional(BUDGET_SHEET)?;
    let capacity = optional(CAPACITY_SHEET)?;
    let districts = optional(super::districts::DISTRICTS_SHEET)?;
    Ok(RawBook {
        homes,
        budget,
        capacity,
        districts,
    })
}

/// Decodes csv bytes: UTF-8 (with or without BOM), else Windows-1252, which Excel on Dutch
/// Windows writes for "CSV (gescheiden door lijstscheidingsteken)".
fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| cp1252_char(b)).collect(),
    }
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
        let text = decode_text(bytes);
        let sep = sniff_separator(&text);
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
        })
    })
}

/// Reads a parquet file; its column names become row 1, its values rows 2 and on.
pub fn read_parquet(bytes: Vec<u8>, name: &str) -> Result<RawSheet, String> {
    guarded("parquet", || {
        let df = ParquetReader::new(Cursor::new(bytes))
            .finish()
            .map_err(|e| polars_error("parquet", e))?;
        let header: Vec<Cell> = df
            .get_column_names()
            .iter()
            .map(|n| Cell::text(n.as_str()))
            .collect();
        let mut rows = vec![header];
        rows.extend(frame_rows(&df).map_err(|e| polars_error("parquet", e))?);
        Ok(RawSheet {
            name: name.to_string(),
            first_row: 0,
            first_col: 0,
            rows,
            row_lines: None,
            origin: Origin::Parquet,
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
            for (row, v) in rows.iter_mut().zip(ca.iter()) {
                row.push(v.map_or(Cell::Empty, Cell::text));
            }
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn windows_1252_decodes() {
        assert_eq!(decode_text(b"caf\xe9 \x80"), "café €");
        assert_eq!(decode_text("\u{feff}vhe".as_bytes()), "vhe");
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
}
