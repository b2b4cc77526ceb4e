//! Writes homes as an input stock: `.xlsx` (sheet `Woningen`), `.csv` as a Dutch Excel export
//! (semicolons, decimal comma, dd-mm-jjjj) or `.parquet`. Every writer writes a temporary file
//! beside the target and renames it, so a failed write never replaces a good file.

use std::borrow::Cow;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use polars::prelude::{Column, DataFrame, NamedFrom, ParquetWriter, Series};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

use super::SynthError;
use crate::input::columns::{Column as StockColumn, Field, HOME_COLUMNS};
use crate::input::values::{monument_str, strategy_str};
use crate::stock::Home;

/// Rows an xlsx worksheet holds (1,048,576) minus the header row.
pub const XLSX_MAX_HOMES: usize = 1_048_575;

/// Refuses a stock too large for one xlsx worksheet.
pub fn check_xlsx_rows(homes: usize) -> Result<(), SynthError> {
    if homes > XLSX_MAX_HOMES {
        Err(SynthError::TooManyRows {
            homes,
            max: XLSX_MAX_HOMES,
        })
    } else {
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum FileKind {
    Xlsx,
    Csv,
    Parquet,
}

fn format_of(path: &Path) -> Result<FileKind, SynthError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("xlsx") => Ok(FileKind::Xlsx),
        Some("csv") => Ok(FileKind::Csv),
        Some("parquet") => Ok(FileKind::Parquet),
        _ => Err(SynthError::UnknownFormat {
            path: path.display().to_string(),
        }),
    }
}

/// Checks that `homes` homes can be written to `path` (its extension and, for xlsx, the size).
pub(crate) fn check_format(path: &Path, homes: usize) -> Result<(), SynthError> {
    if format_of(path)? == FileKind::Xlsx {
        check_xlsx_rows(homes)?;
    }
    Ok(())
}

/// Writes the homes to `path`, in the format its extension names (`.xlsx`, `.csv`, `.parquet`).
/// The column `corporatie` is written only when the homes belong to several corporations.
pub fn write_stock(homes: &[Home], path: &Path) -> Result<(), SynthError> {
    let format = format_of(path)?;
    if format == FileKind::Xlsx {
        check_xlsx_rows(homes.len())?;
    }
    let columns = columns_for(homes);
    let tmp = temp_path(path);
    let written = match format {
        FileKind::Xlsx => write_xlsx(homes, &columns, &tmp),
        FileKind::Csv => write_csv(homes, &columns, &tmp),
        FileKind::Parquet => write_parquet(homes, &columns, &tmp),
    };
    let result = written.and_then(|()| {
        fs::rename(&tmp, path).map_err(|error| SynthError::Io {
            path: path.display().to_string(),
            error,
        })
    });
    if result.is_err() {
        // Best effort: the error that matters is the one returned.
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// `dir/.name.tmp-<pid>` beside the target, so the rename stays on one file system.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "voorraad".to_string());
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

// ---------------------------------------------------------------------------------------------
// Columns

/// A column of the `Woningen` sheet: the importer's own column table gives order and names.
type Col = &'static StockColumn;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Int,
    /// A number shown with this many decimals.
    Num(usize),
    Date,
}

fn kind(field: Field) -> Kind {
    match field {
        Field::HouseNumber
        | Field::BuildYear
        | Field::DemolitionYear
        | Field::PrivateInBlock
        | Field::MaintenanceYear => Kind::Int,
        Field::Area => Kind::Num(1),
        Field::Ep2 => Kind::Num(2),
        Field::PermitDate => Kind::Date,
        _ => Kind::Text,
    }
}

/// Column width in the workbook (characters).
fn width(field: Field) -> f64 {
    match field {
        Field::Street | Field::District | Field::Species => 22.0,
        Field::Corporation | Field::Strategy | Field::Monument | Field::Status => 18.0,
        Field::PrivateInBlock | Field::PermitDate | Field::MaintenanceYear => 15.0,
        Field::City | Field::Label => 13.0,
        _ => 10.0,
    }
}

fn columns_for(homes: &[Home]) -> Vec<Col> {
    let several = homes.iter().any(|h| !h.corporation.is_empty());
    HOME_COLUMNS
        .iter()
        .filter(|c| c.field != Field::Corporation || several)
        .collect()
}

enum Value<'a> {
    Text(Cow<'a, str>),
    Int(i64),
    Num(f64),
    Date(NaiveDate),
    Empty,
}

fn text<'a>(s: &'a Option<String>) -> Value<'a> {
    s.as_deref()
        .map_or(Value::Empty, |s| Value::Text(Cow::Borrowed(s)))
}

fn int<T: Into<i64>>(v: Option<T>) -> Value<'static> {
    v.map_or(Value::Empty, |v| Value::Int(v.into()))
}

fn value(field: Field, h: &Home) -> Value<'_> {
    let st = |s: &'static str| Value::Text(Cow::Borrowed(s));
    match field {
        Field::Vhe => Value::Text(Cow::Borrowed(&h.vhe)),
        Field::Corporation => Value::Text(Cow::Borrowed(&h.corporation)),
        Field::Complex => Value::Text(Cow::Borrowed(&h.complex)),
        Field::Block => text(&h.block),
        Field::Street => text(&h.street),
        Field::HouseNumber => int(h.house_number),
        Field::Addition => text(&h.addition),
        Field::Postcode => text(&h.postcode),
        Field::City => text(&h.city),
        Field::District => text(&h.district),
        Field::HomeType => st(h.home_type.as_str()),
        Field::BuildYear => int(h.build_year),
        Field::Area => Value::Num(h.area_m2),
        Field::Label => st(h.label.as_str()),
        Field::Ep2 => h.ep2_kwh_m2.map_or(Value::Empty, Value::Num),
        Field::Monument => st(monument_str(h.monument)),
        Field::Strategy => h.strategy.map_or(Value::Empty, |s| st(strategy_str(s))),
        Field::DemolitionYear => int(h.demolition_year),
        Field::PepperPotted => st(if h.pepper_potted { "ja" } else { "nee" }),
        Field::PrivateInBlock => int(h.private_in_block),
        Field::Species if h.species.is_empty() => Value::Empty,
        Field::Species => Value::Text(Cow::Owned(h.species.join(", "))),
        Field::PermitDate => h.permit_date.map_or(Value::Empty, Value::Date),
        Field::Status => h.status.map_or(Value::Empty, |s| st(s.as_str())),
        Field::MaintenanceYear => int(h.maintenance_year),
        // Columns of the Budget and Capaciteit sheets, not of a home.
        Field::Year | Field::BudgetEur | Field::HomesPerMonth => Value::Empty,
    }
}

// ---------------------------------------------------------------------------------------------
// xlsx

fn write_xlsx(homes: &[Home], columns: &[Col], tmp: &Path) -> Result<(), SynthError> {
    let xlsx_error = |error: XlsxError| SynthError::Xlsx {
        path: tmp.display().to_string(),
        error,
    };
    let mut workbook = Workbook::new();
    // Rows go to a temporary file as they are written (constant memory), so a stock of a million
    // homes does not hold every cell in memory; strings are then written inline, which calamine
    // reads like shared ones.
    let sheet = workbook
        .add_worksheet_with_constant_memory()
        .map_err(xlsx_error)?;
    sheet.set_name("Woningen").map_err(xlsx_error)?;

    let header = Format::new()
        .set_bold()
        .set_background_color(0xD9E1F2)
        .set_align(FormatAlign::Center);
    let date_format = Format::new().set_num_format("dd-mm-yyyy");
    let one_decimal = Format::new().set_num_format("0.0");
    let two_decimals = Format::new().set_num_format("0.00");

    for (c, &col) in columns.iter().enumerate() {
        let c = c as u16;
        sheet
            .write_string_with_format(0, c, col.name, &header)
            .map_err(xlsx_error)?;
        sheet
            .set_column_width(c, width(col.field))
            .map_err(xlsx_error)?;
    }
    for (r, home) in homes.iter().enumerate() {
        // Checked against XLSX_MAX_HOMES by the caller, so the row fits in u32.
        let row = (r + 1) as u32;
        for (c, &col) in columns.iter().enumerate() {
            let c = c as u16;
            match value(col.field, home) {
                Value::Text(s) => {
                    sheet.write_string(row, c, s).map_err(xlsx_error)?;
                }
                Value::Int(n) => {
                    sheet.write_number(row, c, n as f64).map_err(xlsx_error)?;
                }
                Value::Num(x) => {
                    let format = match kind(col.field) {
                        Kind::Num(1) => &one_decimal,
                        _ => &two_decimals,
                    };
                    sheet
                        .write_number_with_format(row, c, x, format)
                        .map_err(xlsx_error)?;
                }
                Value::Date(d) => {
                    let date = excel_date(d).map_err(xlsx_error)?;
                    sheet
                        .write_datetime_with_format(row, c, &date, &date_format)
                        .map_err(xlsx_error)?;
                }
                Value::Empty => {}
            }
        }
    }
    let last_col = columns.len().saturating_sub(1) as u16;
    sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    sheet
        .autofilter(0, 0, homes.len() as u32, last_col)
        .map_err(xlsx_error)?;
    workbook.save(tmp).map_err(xlsx_error)
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

// ---------------------------------------------------------------------------------------------
// csv

/// A field as Dutch Excel exports it: quoted only when it holds the separator, a quote or a
/// line break.
fn push_csv_text(line: &mut String, s: &str) {
    if s.contains([';', '"', '\n', '\r']) {
        line.push('"');
        line.push_str(&s.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(s);
    }
}

fn write_csv(homes: &[Home], columns: &[Col], tmp: &Path) -> Result<(), SynthError> {
    let io_error = |error: std::io::Error| SynthError::Io {
        path: tmp.display().to_string(),
        error,
    };
    let file = File::create(tmp).map_err(io_error)?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    // "CSV UTF-8" as Excel saves it: a byte-order mark, semicolons and CRLF line ends.
    let mut line = String::from("\u{feff}");
    let headers: Vec<&str> = columns.iter().map(|c| c.name).collect();
    line.push_str(&headers.join(";"));
    line.push_str("\r\n");
    out.write_all(line.as_bytes()).map_err(io_error)?;
    for home in homes {
        line.clear();
        for (c, &col) in columns.iter().enumerate() {
            if c > 0 {
                line.push(';');
            }
            match value(col.field, home) {
                Value::Text(s) => push_csv_text(&mut line, &s),
                Value::Int(n) => line.push_str(&n.to_string()),
                Value::Num(x) => {
                    let d = match kind(col.field) {
                        Kind::Num(d) => d,
                        _ => 2,
                    };
                    line.push_str(&format!("{x:.d$}").replace('.', ","));
                }
                Value::Date(d) => line.push_str(&d.format("%d-%m-%Y").to_string()),
                Value::Empty => {}
            }
        }
        line.push_str("\r\n");
        out.write_all(line.as_bytes()).map_err(io_error)?;
    }
    out.flush().map_err(io_error)?;
    out.into_inner()
        .map_err(|e| io_error(e.into_error()))?
        .sync_all()
        .map_err(io_error)
}

// ---------------------------------------------------------------------------------------------
// parquet

fn write_parquet(homes: &[Home], columns: &[Col], tmp: &Path) -> Result<(), SynthError> {
    let mut frame_columns = Vec::with_capacity(columns.len());
    for &col in columns {
        let name = col.name;
        let series = match kind(col.field) {
            Kind::Text => {
                let v: Vec<Option<String>> = homes
                    .iter()
                    .map(|h| match value(col.field, h) {
                        Value::Text(s) => Some(s.into_owned()),
                        _ => None,
                    })
                    .collect();
                Series::new(name.into(), v)
            }
            Kind::Int => {
                let v: Vec<Option<i64>> = homes
                    .iter()
                    .map(|h| match value(col.field, h) {
                        Value::Int(n) => Some(n),
                        _ => None,
                    })
                    .collect();
                Series::new(name.into(), v)
            }
            Kind::Num(_) => {
                let v: Vec<Option<f64>> = homes
                    .iter()
                    .map(|h| match value(col.field, h) {
                        Value::Num(x) => Some(x),
                        _ => None,
                    })
                    .collect();
                Series::new(name.into(), v)
            }
            // ISO dates as text: the lean polars build has no date type (feature dtype-date).
            Kind::Date => {
                let v: Vec<Option<String>> = homes
                    .iter()
                    .map(|h| match value(col.field, h) {
                        Value::Date(d) => Some(d.format("%Y-%m-%d").to_string()),
                        _ => None,
                    })
                    .collect();
                Series::new(name.into(), v)
            }
        };
        frame_columns.push(Column::from(series));
    }
    let parquet_error = |error| SynthError::Parquet {
        path: tmp.display().to_string(),
        error,
    };
    let mut df = DataFrame::new(homes.len(), frame_columns).map_err(parquet_error)?;
    let io_error = |error: std::io::Error| SynthError::Io {
        path: tmp.display().to_string(),
        error,
    };
    let file = File::create(tmp).map_err(io_error)?;
    let mut out = BufWriter::new(file);
    ParquetWriter::new(&mut out)
        .finish(&mut df)
        .map_err(parquet_error)?;
    out.flush().map_err(io_error)?;
    out.into_inner()
        .map_err(|e| io_error(e.into_error()))?
        .sync_all()
        .map_err(io_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_when_needed() {
        let mut line = String::new();
        push_csv_text(&mut line, "Kerkstraat");
        push_csv_text(&mut line, ";");
        push_csv_text(&mut line, "a\"b;c");
        assert_eq!(line, "Kerkstraat\";\"\"a\"\"b;c\"");
    }

    #[test]
    fn format_by_extension() {
        assert_eq!(format_of(Path::new("a.XLSX")).ok(), Some(FileKind::Xlsx));
        assert_eq!(format_of(Path::new("a.csv")).ok(), Some(FileKind::Csv));
        assert_eq!(
            format_of(Path::new("a.parquet")).ok(),
            Some(FileKind::Parquet)
        );
        assert!(matches!(
            format_of(Path::new("a.ods")),
            Err(SynthError::UnknownFormat { .. })
        ));
    }

    #[test]
    fn xlsx_row_limit() {
        assert!(check_xlsx_rows(XLSX_MAX_HOMES).is_ok());
        assert!(matches!(
            check_xlsx_rows(XLSX_MAX_HOMES + 1),
            Err(SynthError::TooManyRows { .. })
        ));
    }
}
