//! The plan for other tools: the whole plan as json, and each list of the workbook as a csv or
//! parquet file with the same columns as its sheet.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use polars::prelude::{
    Column as PlColumn, CsvWriter, DataFrame, NamedFrom, ParquetWriter, SerWriter, Series,
};

use super::safe_write::{Batch, OutputError};
use super::tables::{self, Kind, ListTable, Value};
use crate::plan::Plan;

/// Writes the whole plan (every field of [`Plan`]) as pretty-printed json.
pub fn write_json(plan: &Plan, path: &Path) -> Result<(), OutputError> {
    let mut batch = Batch::new();
    stage_json(plan, path, &mut batch)?;
    batch.commit().map(|_| ())
}

/// [`write_json`] into a batch: the file is replaced only when the batch is committed.
pub fn stage_json(plan: &Plan, path: &Path, batch: &mut Batch) -> Result<(), OutputError> {
    batch.stage(path, |file| {
        let mut out = BufWriter::new(file);
        serde_json::to_writer_pretty(&mut out, plan).map_err(|e| OutputError::Json {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        out.write_all(b"\n")
            .and_then(|_| out.flush())
            .map_err(|e| OutputError::from_io(path, &e))
    })
}

/// File format of [`write_tables`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    /// Semicolon separated, decimal comma, UTF-8 with byte order mark: what Excel with Dutch
    /// settings opens directly. Euros are plain numbers (no `€`), months text `YYYY-MM`.
    Csv,
    /// Apache Parquet: numbers as Float64/Int64, everything else as text.
    Parquet,
}

impl TableFormat {
    pub fn extension(self) -> &'static str {
        match self {
            TableFormat::Csv => "csv",
            TableFormat::Parquet => "parquet",
        }
    }
}

/// The file stems of [`write_tables`], in workbook order (one per list of `tables::all`).
pub const TABLE_FILE_STEMS: [&str; 8] = [
    "planning",
    "projecten",
    "begroting",
    "begroting_complex",
    "gespikkeld",
    "uitgesloten",
    "niet_ingepland",
    "invoercontrole",
];

/// The file names [`write_tables`] writes in its directory.
pub fn table_file_names(format: TableFormat) -> Vec<String> {
    TABLE_FILE_STEMS
        .iter()
        .map(|stem| format!("{stem}.{}", format.extension()))
        .collect()
}

/// Writes one file per list into `dir` (`planning`, `projecten`, `begroting`,
/// `begroting_complex`, `gespikkeld`, `uitgesloten`, `niet_ingepland`, `invoercontrole`), each
/// with the columns of its sheet, and returns the paths written. `dir` is created when its
/// parent exists. The files replace old ones only when every one of them is complete.
pub fn write_tables(
    plan: &Plan,
    dir: &Path,
    format: TableFormat,
) -> Result<Vec<PathBuf>, OutputError> {
    let mut batch = Batch::new();
    stage_tables(plan, dir, format, &mut batch)?;
    batch.commit()
}

/// [`write_tables`] into a batch: nothing is replaced until the batch is committed.
pub fn stage_tables(
    plan: &Plan,
    dir: &Path,
    format: TableFormat,
    batch: &mut Batch,
) -> Result<(), OutputError> {
    batch.make_dir(dir)?;
    for table in tables::all(plan) {
        let path = dir.join(format!("{}.{}", table.file_stem, format.extension()));
        stage_table(&table, &path, format, batch)?;
    }
    Ok(())
}

/// The list as a polars DataFrame: Int64 for whole numbers, Float64 for other numbers (euros and
/// areas to cents, factors to 6 decimals), text (String) for text and dates; empty cells are
/// nulls.
pub fn data_frame(table: &ListTable) -> Result<DataFrame, polars::prelude::PolarsError> {
    let mut columns = Vec::with_capacity(table.columns.len());
    for (c, col) in table.columns.iter().enumerate() {
        let cells = table.rows.iter().map(|r| r.get(c).unwrap_or(&Value::Empty));
        let series = match col.kind {
            Kind::Int => {
                let v: Vec<Option<i64>> = cells
                    .map(|v| match v {
                        Value::Int(i) => Some(*i),
                        Value::Num(x) if x.is_finite() => Some(x.round() as i64),
                        _ => None,
                    })
                    .collect();
                Series::new(col.name.into(), v)
            }
            Kind::Decimal | Kind::Euro | Kind::Factor | Kind::Percent => {
                let v: Vec<Option<f64>> = cells
                    .map(|v| match v {
                        Value::Num(x) if x.is_finite() => Some(tables::stored_number(*x, col.kind)),
                        Value::Int(i) => Some(*i as f64),
                        _ => None,
                    })
                    .collect();
                Series::new(col.name.into(), v)
            }
            Kind::Text | Kind::Note | Kind::Date => {
                let v: Vec<Option<String>> = cells
                    .map(|v| match v {
                        Value::Empty => None,
                        Value::Text(t) if t.is_empty() => None,
                        other => Some(other.display(col.kind)),
                    })
                    .collect();
                Series::new(col.name.into(), v)
            }
        };
        columns.push(PlColumn::from(series));
    }
    DataFrame::new(table.rows.len(), columns)
}

fn stage_table(
    table: &ListTable,
    path: &Path,
    format: TableFormat,
    batch: &mut Batch,
) -> Result<(), OutputError> {
    let table_error = |e: polars::prelude::PolarsError| OutputError::Table {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let mut df = data_frame(table).map_err(table_error)?;
    batch.stage(path, |file| match format {
        TableFormat::Csv => CsvWriter::new(file)
            .include_bom(true)
            .include_header(true)
            .with_separator(b';')
            .with_decimal_comma(true)
            .finish(&mut df)
            .map_err(table_error),
        TableFormat::Parquet => ParquetWriter::new(file)
            .finish(&mut df)
            .map(|_| ())
            .map_err(table_error),
    })
}
