//! Reading a stock: calamine (xlsx/xls/ods) or polars (csv/parquet) -> typed homes + problems.
//!
//! CONTRACT (owned by the importer work; signatures used by cli/plan):
//! - `read_stock(path, &ReadOptions) -> Result<Stock, InputError>`, which is
//!   `validate_raw(read_raw(path)?, &ReadOptions)`: the two stages apart, for `retrofit bench`
//! - `Stock` holds the typed homes, every warning, skipped rows (only with `skip_invalid_rows`),
//!   the optional `Budget` / `Capaciteit` sheets, and the source file info (name, SHA-256).
//!
//! The stages, one module each: [`raw`] gets cells with their positions out of a file,
//! [`validate`] finds the header (through the one column table in [`columns`]) and turns rows
//! into homes, parsing each cell with [`values`]; [`cellref`] writes every place as `Woningen!D12`.
//! [`frame`] and [`summary`] present what was read.
//!
//! Conventions a user meets: a csv or parquet file reads as one sheet named after the file
//! (`voorraad.csv!D12`; row 1 of a parquet file is its column names). Text numbers with a decimal
//! comma are warned about in workbooks only, because in a `;`-separated csv they are the norm.
//! Errors in the `Budget` and `Capaciteit` sheets always stop the read, also under
//! `skip_invalid_rows`, since a plan under a misread budget is worse than none.

pub mod cellref;
pub mod columns;
pub mod districts;
pub mod frame;
mod hidden;
mod merged;
mod sheet_xml;
pub use merged::MERGED;
pub mod parquet_types;
pub mod problem;
pub mod raw;
pub mod summary;
pub mod validate;
pub mod values;

use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

pub use frame::homes_frame;
pub use problem::{Problem, Severity};
pub use summary::{check_report, problems_report};

use crate::stock::Home;
use raw::{FileKind, RawBook};
use validate::YearSheet;

#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Plan the readable rows anyway: rows with errors are skipped and listed.
    pub skip_invalid_rows: bool,
}

/// A figure per year from the optional `Budget` or `Capaciteit` sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearFigure {
    /// Empty when the sheet has no `corporatie` column.
    pub corporation: String,
    pub year: i32,
    pub value: f64,
    /// Cell of the value, for messages (`Budget!B3`).
    pub location: String,
    /// Cell of the corporation (`Budget!C3`); empty without the column.
    pub corporation_location: String,
}

/// A row left out under `skip_invalid_rows`, with every reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkippedRow {
    pub location: String,
    pub vhe: Option<String>,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceInfo {
    pub path: PathBuf,
    pub file_name: String,
    pub sha256: String,
    /// The sheet the homes were read from (`Woningen`, or the first sheet).
    pub sheet: String,
    /// Every sheet of a workbook, in order (empty for csv and parquet).
    #[serde(skip)]
    pub sheet_names: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Stock {
    pub homes: Vec<Home>,
    /// Warnings only (errors either stopped the read or became skipped rows).
    pub warnings: Vec<Problem>,
    pub skipped: Vec<SkippedRow>,
    pub budgets: Vec<YearFigure>,
    pub capacities: Vec<YearFigure>,
    /// The municipality's heat plan per wijk from the optional sheet `Wijken`.
    pub districts: Vec<crate::heat_plan::DistrictPlan>,
    pub source: SourceInfo,
    /// Data rows read from the homes sheet (homes + skipped rows).
    pub rows_read: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file cannot be read at all (missing, not a workbook, truncated): one clear sentence.
    #[error("{path}: {reason}")]
    Unreadable { path: String, reason: String },
    /// The file was read but holds errors; every problem of the file, errors and warnings.
    #[error("{} fout(en) in de invoer", .problems.iter().filter(|p| p.is_error()).count())]
    Invalid {
        problems: Vec<Problem>,
        /// The homes' rows read without an error: what `--rijen-overslaan` would plan.
        readable_rows: usize,
    },
}

/// Reads and checks a stock file: `.xlsx`, `.xls`, `.ods` (calamine) or `.csv`, `.parquet`
/// (polars). All problems of the file are collected before it fails; see the module docs.
/// The two stages, [`read_raw`] and [`validate_raw`], can also be called one by one.
pub fn read_stock(path: &Path, options: &ReadOptions) -> Result<Stock, InputError> {
    validate_raw(read_raw(path)?, options)
}

/// A stock file as raw cells, before any cell is given a meaning: what [`read_raw`] hands to
/// [`validate_raw`].
#[derive(Debug)]
pub struct RawStock {
    pub book: RawBook,
    pub path: PathBuf,
    pub file_name: String,
    pub sha256: String,
}

/// The first stage of [`read_stock`]: the file's sheets as raw cells and its SHA-256; fails only
/// when the file cannot be read at all.
pub fn read_raw(path: &Path) -> Result<RawStock, InputError> {
    let unreadable = |reason: String| InputError::Unreadable {
        path: path.display().to_string(),
        reason,
    };
    let kind = raw::file_kind(path).map_err(unreadable)?;
    // The sample stock is built into the program (`<ingebouwd>/voorbeeldbezit.xlsx`).
    let embedded = crate::embedded::file(path);
    let bytes = match embedded {
        Some(bytes) => bytes.to_vec(),
        None => read_bytes(path).map_err(unreadable)?,
    };
    let sha256 = hex_digest(&bytes);
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());

    let book = match kind {
        FileKind::Workbook if embedded.is_some() => raw::read_workbook_bytes(bytes, path),
        FileKind::Workbook => {
            // calamine reads from the path; the bytes above only serve the hash.
            drop(bytes);
            raw::read_workbook(path)
        }
        FileKind::Csv => raw::read_csv(&bytes, &file_name).map(only_homes),
        FileKind::Parquet => raw::read_parquet(bytes, &file_name).map(only_homes),
    }
    .map_err(unreadable)?;
    Ok(RawStock {
        book,
        path: path.to_path_buf(),
        file_name,
        sha256,
    })
}

/// The second stage of [`read_stock`]: the homes and the `Budget` / `Capaciteit` figures out of
/// the raw cells, with every problem.
pub fn validate_raw(raw: RawStock, options: &ReadOptions) -> Result<Stock, InputError> {
    let RawStock {
        book,
        path,
        file_name,
        sha256,
    } = raw;
    // Hidden rows of a workbook, looked up beside the validation (the sheet's XML is read
    // again: on another core it adds nothing to the time; a workbook that is no xlsx has none).
    let workbook = raw::file_kind(&path) == Ok(FileKind::Workbook);
    // So are its merged cells (the same XML, read once).
    let layout = (workbook && !crate::embedded::is_embedded(&path)).then(|| {
        let (path, sheet) = (path.clone(), book.homes.name.clone());
        std::thread::spawn(move || {
            let xml = sheet_xml::sheet_xml(&path, &sheet).unwrap_or_default();
            (hidden::hidden_rows(&xml), merged::merged_in_sheet_xml(&xml))
        })
    });
    let homes = validate::read_homes(&book.homes, options);
    // What reading the file found comes first: it explains the rest.
    let mut problems: Vec<Problem> = std::iter::once(&book.homes)
        .chain(book.budget.iter())
        .chain(book.capacity.iter())
        .flat_map(|s| s.problems.iter().cloned())
        .collect();
    problems.extend(homes.problems);
    let mut read_years = |sheet: &Option<raw::RawSheet>, which| match sheet {
        Some(s) => {
            let read = validate::read_years(s, which);
            problems.extend(read.problems);
            read.figures
        }
        None => Vec::new(),
    };
    let mut budgets = read_years(&book.budget, YearSheet::Budget);
    let mut capacities = read_years(&book.capacity, YearSheet::Capacity);
    problems.extend(unify_figure_corporations(&mut budgets, &homes.homes));
    problems.extend(unify_figure_corporations(&mut capacities, &homes.homes));
    let districts = match &book.districts {
        Some(sheet) => {
            let read = districts::read_districts(sheet);
            problems.extend(read.problems);
            read.plans
        }
        None => Vec::new(),
    };
    let (hidden, merged_ranges) = layout.and_then(|h| h.join().ok()).unwrap_or_default();
    if let Some(header_row) = homes.header_row {
        let with_error: std::collections::HashSet<&str> = problems
            .iter()
            .filter(|p| p.is_error())
            .map(|p| p.location.as_str())
            .chain(
                homes
                    .skipped
                    .iter()
                    .flat_map(|s| &s.reasons)
                    .filter_map(|r| r.split(": ").next()),
            )
            .collect();
        let (header, cells) = merged::merged_cell_errors(
            &book.homes,
            header_row,
            &homes.columns,
            &merged_ranges,
            &with_error,
        );
        // A merged header comes first: the errors of the column it hides follow from it.
        problems.splice(0..0, header);
        problems.extend(cells);
    }
    // With errors, the homes read are only some of the sheet's (a row with an error is not
    // read, a missing column reads none): a wijk of the rows left out would be said to have no
    // homes (helper 56). Its warnings do not change whether the stock is refused.
    let refused = problems.iter().any(Problem::is_error);
    if !refused {
        problems.extend(unmatched_districts(&districts, &homes.homes));
    }
    problems.extend(hidden::hidden_homes_warning(
        &book.homes.name,
        &hidden,
        homes.homes.iter().map(|h| h.source.row),
    ));

    if refused {
        // Under --rijen-overslaan the rows skipped had errors of their own: refused all the
        // same (an error no skipping mends), they are said too (helper 99: `check` said 12,
        // `plan --rijen-overslaan` 6).
        // (Not twice where the read said them already: no row left to plan.)
        let skipped: Vec<Problem> = homes
            .skipped
            .iter()
            .flat_map(|s| &s.reasons)
            .map(|r| match r.split_once(": fout: ") {
                Some((location, message)) => Problem::error(location, message),
                None => Problem::error(String::new(), r.clone()),
            })
            .filter(|p| !problems.contains(p))
            .collect();
        problems.extend(skipped);
        merged::explain_empty_merged_cells(&book.homes.name, &merged_ranges, &mut problems);
        // Errors first, each in reading order, then the warnings: the order a user fixes them.
        problems.sort_by_key(|p| p.severity);
        return Err(InputError::Invalid {
            problems,
            readable_rows: homes.homes.len(),
        });
    }
    let mut skipped = homes.skipped;
    merged::explain_skipped_rows(&book.homes.name, &merged_ranges, &mut skipped);
    Ok(Stock {
        homes: homes.homes,
        warnings: problems,
        skipped,
        budgets,
        capacities,
        districts,
        source: SourceInfo {
            path,
            file_name,
            sha256,
            sheet: book.homes.name.clone(),
            sheet_names: book.sheet_names.clone(),
        },
        rows_read: homes.rows_read,
    })
}

/// A `Budget` or `Capaciteit` row whose corporation the homes spell otherwise (in capitals or
/// spaces) is theirs: read under the homes' spelling, with a warning at its cell.
fn unify_figure_corporations(
    figures: &mut [YearFigure],
    homes: &[crate::stock::Home],
) -> Vec<Problem> {
    let key = validate::corporation_key;
    if figures.iter().all(|f| f.corporation.is_empty()) {
        return Vec::new();
    }
    let names = distinct_by_key(homes, |h| Some(h.corporation.as_str()), key);
    let mut out = Vec::new();
    for f in figures.iter_mut().filter(|f| !f.corporation.is_empty()) {
        match names.get(&key(&f.corporation)) {
            Some(name) if *name != f.corporation => {
                out.push(Problem::warning(
                    f.corporation_location.clone(),
                    format!(
                        "corporatie '{}' is gelezen als '{name}', zoals het blad met de woningen haar schrijft",
                        f.corporation
                    ),
                ));
                f.corporation = name.to_string();
            }
            _ => {}
        }
    }
    // Read under the homes' spelling, two rows may now give one corporation's year twice
    // (helper 83: `Woonstichting2` beside `Woonstichting 2` took the second figure unseen).
    let mut seen: std::collections::BTreeMap<(&str, i32), &str> = Default::default();
    for f in figures.iter() {
        match seen.get(&(f.corporation.as_str(), f.year)) {
            Some(first) => out.push(Problem::error(
                f.location.clone(),
                format!(
                    "jaar {} van corporatie '{}' staat dubbel (ook in {first}, met de naam anders geschreven); houd één rij",
                    f.year, f.corporation
                ),
            )),
            None => {
                seen.insert((f.corporation.as_str(), f.year), f.location.as_str());
            }
        }
    }
    out
}

/// The names the homes give (`name`, such as the corporation or the wijk), each spelling once
/// under its `key`: a sector stock has millions of homes and a few hundred names, so each name is
/// keyed once rather than once per home (keying every home's names into three maps, for
/// sheets it did not even have, took the sector's validation to 29.1 s; 11.0 s without, medians
/// of 3 on a 2-core Intel Xeon).
fn distinct_by_key<'a>(
    homes: &'a [crate::stock::Home],
    name: impl Fn(&'a crate::stock::Home) -> Option<&'a str>,
    key: impl Fn(&str) -> String,
) -> std::collections::BTreeMap<String, &'a str> {
    let mut seen = std::collections::HashSet::new();
    let mut last = None;
    let mut out = std::collections::BTreeMap::new();
    for n in homes.iter().filter_map(name) {
        // Homes of one corporation or wijk mostly come together: skip the run cheaply.
        if last == Some(n) {
            continue;
        }
        last = Some(n);
        if seen.insert(n) {
            out.insert(key(n), n);
        }
    }
    out
}

/// A `Wijken` row whose wijk no home has restricts nothing: most likely a typo, which would
/// silently switch the heat-network rule off for the wijk meant. A warning at its cell, with the
/// stock's closest wijk name when there is one.
fn unmatched_districts(
    plans: &[crate::heat_plan::DistrictPlan],
    homes: &[crate::stock::Home],
) -> Vec<Problem> {
    use crate::heat_plan::district_key;
    if plans.is_empty() {
        return Vec::new();
    }
    let known = distinct_by_key(homes, |h| h.district.as_deref(), district_key);
    plans
        .iter()
        .filter(|p| !known.contains_key(&district_key(&p.district)))
        .map(|p| {
            let key = district_key(&p.district);
            let closest = known
                .iter()
                .map(|(k, name)| (columns::edit_distance(&key, k), *name))
                .filter(|(d, _)| *d <= 3.max(key.chars().count() / 4))
                .min();
            let hint = match closest {
                Some((_, name)) => format!("; bedoelt u '{name}'?"),
                None => String::new(),
            };
            Problem::warning(
                p.location.clone(),
                format!(
                    "wijk '{}' komt bij geen enkele woning voor, dus deze regel beperkt niets{hint}",
                    p.district
                ),
            )
        })
        .collect()
}

/// Why `path` is a stock that retrofit would read homes from, in a few Dutch words (`het
/// heeft een blad Woningen`, `blad 'Blad1' heeft de kolommen van een bezit`); `None` when it
/// is not, cannot be read, or does not exist. No output may replace such a file.
pub fn stock_evidence(path: &Path) -> Option<String> {
    if !path.is_file() {
        return None;
    }
    let has_header = |sheet: &raw::RawSheet| {
        sheet
            .rows
            .iter()
            .take(validate::HEADER_SEARCH_ROWS)
            .any(|row| validate::header_score(row, columns::HOME_COLUMNS).1)
    };
    let kind = raw::file_kind(path).ok()?;
    match kind {
        FileKind::Workbook => {
            let (sheet, named) = raw::homes_sheet_of(path)?;
            if named {
                Some(format!("het heeft een blad '{}'", sheet.name))
            } else {
                has_header(&sheet)
                    .then(|| format!("blad '{}' heeft de kolommen van een bezit", sheet.name))
            }
        }
        FileKind::Csv | FileKind::Parquet => {
            let bytes = read_bytes(path).ok()?;
            let name = path.display().to_string();
            let sheet = match kind {
                FileKind::Csv => raw::read_csv(&bytes, &name).ok()?,
                _ => raw::read_parquet(bytes, &name).ok()?,
            };
            has_header(&sheet).then(|| "het heeft de kolommen van een bezit".to_string())
        }
    }
}

fn only_homes(homes: raw::RawSheet) -> RawBook {
    RawBook {
        homes,
        budget: None,
        capacity: None,
        districts: None,
        sheet_names: Vec::new(),
    }
}

/// The whole file, or one Dutch sentence saying why not.
fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    if path.is_dir() {
        return Err("dit is een map, geen bestand.".into());
    }
    // A pipe or a device would block or never end.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err("dit is geen gewoon bestand (maar bijvoorbeeld een pipe of apparaat).".into());
    }
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "het bestand bestaat niet.".to_string(),
        std::io::ErrorKind::PermissionDenied => {
            "retrofit mag dit bestand niet lezen (geen leesrechten).".to_string()
        }
        _ => format!("het bestand kan niet worden gelezen ({e})."),
    })?;
    if bytes.is_empty() {
        return Err("het bestand is leeg (0 bytes).".into());
    }
    Ok(bytes)
}

fn hex_digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(corporation: &str) -> YearFigure {
        YearFigure {
            corporation: corporation.into(),
            year: 2025,
            value: 1.0,
            location: "Budget!B2".into(),
            corporation_location: "Budget!C2".into(),
        }
    }

    /// A figure whose corporation the homes spell otherwise takes their spelling, with a
    /// warning at its cell; a name no home has, or none, is left as it is.
    #[test]
    fn figures_take_the_homes_spelling_of_their_corporation() {
        let homes = crate::synth::generate(&crate::synth::SynthSpec::new(60, 2, 1));
        let names: std::collections::BTreeSet<&str> =
            homes.iter().map(|h| h.corporation.as_str()).collect();
        let name = *names.iter().next().expect("a corporation");
        let mut figures = vec![
            figure(&name.to_uppercase()),
            figure("Woonstichting Elders"),
            figure(""),
        ];
        let said = unify_figure_corporations(&mut figures, &homes);
        assert_eq!(figures[0].corporation, name);
        assert_eq!(figures[1].corporation, "Woonstichting Elders");
        assert_eq!(figures[2].corporation, "");
        assert_eq!(said.len(), 1, "{said:?}");
        assert_eq!(said[0].location, "Budget!C2");
        assert!(said[0].message.contains(&format!("gelezen als '{name}'")));
        // Without a corporation on any figure there is nothing to match.
        let mut plain = vec![figure("")];
        assert!(unify_figure_corporations(&mut plain, &homes).is_empty());
    }
}
