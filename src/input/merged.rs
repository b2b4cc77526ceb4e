//! Merged cells in a stock workbook: Excel shows a merged range's value in every cell it spans,
//! but stores it only in the range's first cell, so the others read as empty. In a column that
//! is read, that changes what a home says without a word: `sloop` merged over the nine rows of a
//! complex excluded only its first home, and the other eight were planned (helper 97). So:
//! - a range with a value over cells of a column read is an error, once per range;
//! - a header merged over several columns is an error when a column it hides has values (the
//!   column is not read at all);
//! - a required cell that reads as empty inside a range gets the range in its own error.
//!
//! The ranges come from the sheet's XML (src/input/sheet_xml.rs, xlsx only: `.xls` and `.ods`
//! give none), read once beside the validation.

use std::collections::{HashMap, HashSet};

use super::cellref::{a1, cell_ref, column_letters};
use super::problem::Problem;
use super::raw::{Cell, RawSheet};
use super::sheet_xml::{attribute, elements};

/// A merged range, zero-based and inclusive: (first row, first column), (last row, last column).
pub type Range = ((u32, u32), (u32, u32));

/// At most this many cells of merged ranges are looked at (a sheet merged wholesale would
/// otherwise take long).
const MAX_CELLS: u64 = 200_000;

/// Marks the errors of this module: skipping rows does not mend a merge.
pub const MERGED: &str = "samengevoegd";

/// The merged ranges of a worksheet's XML (`<mergeCell ref="P2:P10"/>`).
pub fn merged_in_sheet_xml(xml: &str) -> Vec<Range> {
    if !xml.contains("mergeCell") {
        return Vec::new();
    }
    elements(xml, "mergeCell")
        .filter_map(|e| attribute(e, "ref"))
        .filter_map(|r| {
            let (a, b) = r.split_once(':')?;
            let ((r0, c0), (r1, c1)) = (parse_ref(a)?, parse_ref(b)?);
            Some(((r0.min(r1), c0.min(c1)), (r0.max(r1), c0.max(c1))))
        })
        .collect()
}

/// `P10` as zero-based (row, column).
fn parse_ref(a1: &str) -> Option<(u32, u32)> {
    let a1 = a1.trim().replace('$', "");
    let split = a1.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = a1.split_at(split);
    if letters.is_empty() || !letters.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut col: u32 = 0;
    for c in letters.to_ascii_uppercase().bytes() {
        col = col.checked_mul(26)?.checked_add(u32::from(c - b'A') + 1)?;
    }
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// `Woningen!P2:P10`.
fn range_ref(sheet: &str, ((r0, c0), (r1, c1)): Range) -> String {
    format!(
        "{}:{}{}",
        cell_ref(sheet, r0, c0),
        column_letters(c1),
        u64::from(r1) + 1
    )
}

/// The errors of merged ranges over the homes' columns: `header_row` is the header's index in
/// `sheet.rows`, `columns` the columns read (indexes into a row) with their names. A range
/// over cells that already have an error of their own (`with_error`: an error's cell, or a
/// skipped row's reason's) is left to that error (required cells get the range in it:
/// [`explain_empty_merged_cells`], [`explain_skipped_rows`]). The errors of a merged header
/// come apart from those of merged cells: the first explain the errors of the column hidden.
pub fn merged_cell_errors(
    sheet: &RawSheet,
    header_row: usize,
    columns: &[(usize, &'static str)],
    ranges: &[Range],
    with_error: &HashSet<&str>,
) -> (Vec<Problem>, Vec<Problem>) {
    let header = sheet.abs_row(header_row);
    let name_of = |abs_col: u32| {
        columns
            .iter()
            .find(|(j, _)| sheet.abs_col(*j) == abs_col)
            .map(|(_, n)| *n)
    };
    let value_at = |abs_row: u32, abs_col: u32| -> Option<&Cell> {
        let row = abs_row.checked_sub(sheet.first_row)? as usize;
        let col = abs_col.checked_sub(sheet.first_col)? as usize;
        Some(sheet.cell(row, col)).filter(|c| !c.is_empty())
    };
    let last_row = sheet.abs_row(sheet.rows.len().saturating_sub(1));
    let (mut header_errors, mut out) = (Vec::new(), Vec::new());
    let mut cells = 0u64;
    // In reading order (the sheet's XML lists them in the order they were made).
    let mut ranges = ranges.to_vec();
    ranges.sort_unstable();
    for range in ranges {
        let ((r0, c0), (r1, c1)) = range;
        cells += u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
        if cells > MAX_CELLS {
            break;
        }
        if r0 <= header && header <= r1 {
            // A header over several columns: the columns it hides have no header.
            let hidden: Vec<u32> = (c0 + 1..=c1)
                .filter(|&c| (header + 1..=last_row.max(header)).any(|r| value_at(r, c).is_some()))
                .collect();
            if !hidden.is_empty() && c1 > c0 {
                let shown = value_at(header, c0)
                    .map(|c| format!(" ('{}')", cell_text(c)))
                    .unwrap_or_default();
                let letters: Vec<String> = hidden.iter().map(|&c| column_letters(c)).collect();
                header_errors.push(Problem::error(
                    cell_ref(&sheet.name, header, c0),
                    format!(
                        "kop: de cellen {} zijn {MERGED}, dus alleen kolom {} heeft een kop{shown}; kolom {} heeft zo geen kop en wordt niet gelezen, ook niet de waarden eronder: maak de samenvoeging ongedaan en geef elke kolom zijn eigen kop",
                        range_ref(&sheet.name, range),
                        column_letters(c0),
                        letters.join(", ")
                    ),
                ));
            }
            continue;
        }
        if r0 < header {
            // Above the header: a title.
            continue;
        }
        let Some(value) = value_at(r0, c0) else {
            continue;
        };
        // The cells of columns read, other than the first.
        let covered: Vec<(u32, u32)> = (r0..=r1)
            .flat_map(|r| (c0..=c1).map(move |c| (r, c)))
            .filter(|&(r, c)| (r, c) != (r0, c0) && name_of(c).is_some())
            .collect();
        let Some(&(fr, fc)) = covered.first() else {
            continue;
        };
        let refs: Vec<String> = covered
            .iter()
            .map(|&(r, c)| cell_ref(&sheet.name, r, c))
            .collect();
        if refs.iter().any(|r| with_error.contains(r.as_str())) {
            continue;
        }
        let mut names: Vec<&str> = covered.iter().filter_map(|&(_, c)| name_of(c)).collect();
        names.dedup();
        let others = if covered.len() == 1 {
            "de andere cel leest".to_string()
        } else {
            format!("de andere {} cellen lezen", covered.len())
        };
        // Over rows the value belongs in each row; within one row, in each column (helper 99:
        // "in elke rij" for P2:Q2).
        let each = if r1 > r0 { "elke rij" } else { "elke kolom" };
        out.push(Problem::error(
            cell_ref(&sheet.name, fr, fc),
            format!(
                "{}: de cellen {} zijn {MERGED}: alleen de eerste, {}, heeft de waarde '{}'; Excel toont die over de hele samenvoeging, maar {others} als leeg: maak de samenvoeging ongedaan en vul de waarde in {each} in",
                names.join(", "),
                range_ref(&sheet.name, range),
                a1(r0, c0),
                cell_text(value)
            ),
        ));
    }
    (header_errors, out)
}

fn cell_text(c: &Cell) -> String {
    super::values::text(c).ok().flatten().unwrap_or_default()
}

/// Adds to each error of a required cell that reads as empty ("ontbreekt") inside a merged
/// range which range it lies in.
pub fn explain_empty_merged_cells(sheet: &str, ranges: &[Range], problems: &mut [Problem]) {
    let missing = |p: &Problem| p.is_error() && p.message.contains("ontbreekt");
    if ranges.is_empty() || !problems.iter().any(missing) {
        return;
    }
    let in_range = cells_in_ranges(sheet, ranges);
    for p in problems.iter_mut().filter(|p| missing(p)) {
        if let Some(range) = in_range.get(&p.location) {
            p.message.push_str(&explanation(range));
        }
    }
}

/// The same for the reasons of rows skipped under `--rijen-overslaan` (helper 82: skipped,
/// the row's reason lost the explanation), each reason starting with its cell.
pub fn explain_skipped_rows(sheet: &str, ranges: &[Range], skipped: &mut [super::SkippedRow]) {
    let missing = |r: &String| r.contains("ontbreekt");
    if ranges.is_empty() || !skipped.iter().flat_map(|s| &s.reasons).any(missing) {
        return;
    }
    let in_range = cells_in_ranges(sheet, ranges);
    for reason in skipped.iter_mut().flat_map(|s| &mut s.reasons) {
        let cell = reason.split(": ").next().unwrap_or_default().to_string();
        if let Some(range) = in_range.get(&cell).filter(|_| missing(reason)) {
            reason.push_str(&explanation(range));
        }
    }
}

fn explanation(range: &str) -> String {
    format!(
        "; de cel hoort bij de samengevoegde cellen {range}, waarvan alleen de eerste een waarde heeft: maak de samenvoeging ongedaan en vul de waarde in elke rij in"
    )
}

/// Per cell of a merged range other than its first (`Woningen!B11`), the range
/// (`Woningen!B10:B12`).
fn cells_in_ranges(sheet: &str, ranges: &[Range]) -> HashMap<String, String> {
    let mut in_range: HashMap<String, String> = HashMap::new();
    let mut cells = 0u64;
    'ranges: for &range in ranges {
        let ((r0, c0), (r1, c1)) = range;
        let name = range_ref(sheet, range);
        for r in r0..=r1 {
            for c in c0..=c1 {
                cells += 1;
                if cells > MAX_CELLS {
                    break 'ranges;
                }
                if (r, c) != (r0, c0) {
                    in_range.insert(cell_ref(sheet, r, c), name.clone());
                }
            }
        }
    }
    in_range
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_ranges_are_read_from_the_sheet_xml() {
        let xml = r#"<worksheet><sheetData/><mergeCells count="2"><mergeCell ref="P2:P10"/><mergeCell ref="$L$1:$M$1"/><mergeCell ref="AA3:AB4"/></mergeCells></worksheet>"#;
        assert_eq!(
            merged_in_sheet_xml(xml),
            vec![((1, 15), (9, 15)), ((0, 11), (0, 12)), ((2, 26), (3, 27))]
        );
        assert!(merged_in_sheet_xml("<worksheet/>").is_empty());
    }
}
