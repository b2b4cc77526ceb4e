//! Merged cells in a stock workbook: Excel shows a merged range's value in every row it spans,
//! but stores it only in the range's first cell, so the other rows read as empty. Where a
//! required cell reads as empty because it lies in a merged range, its error says so, with the
//! range and what to do. Looked up only when such errors exist (reading the ranges means
//! reading the sheet again).

use std::collections::HashMap;
use std::path::Path;

use calamine::{open_workbook_auto, Sheets};

use super::cellref::{cell_ref, column_letters};
use super::problem::Problem;

/// At most this many cells of merged ranges are looked at (a sheet merged wholesale would
/// otherwise take long for a note).
const MAX_CELLS: u64 = 200_000;

/// The merged ranges of sheet `sheet` of the xlsx `path`, zero-based ((row, col) start, end),
/// inclusive; empty for other files or when they cannot be read.
fn merged_ranges(path: &Path, sheet: &str) -> Vec<((u32, u32), (u32, u32))> {
    let Ok(Sheets::Xlsx(mut book)) = open_workbook_auto(path) else {
        return Vec::new();
    };
    book.merge_cells_by_sheet_name(sheet)
        .map(|ranges| ranges.iter().map(|d| (d.start, d.end)).collect())
        .unwrap_or_default()
}

/// Adds to each error of a required cell that reads as empty ("ontbreekt") inside a merged
/// range of the homes sheet which range it lies in.
pub fn explain_empty_merged_cells(path: &Path, sheet: &str, problems: &mut [Problem]) {
    let missing = |p: &Problem| p.is_error() && p.message.contains("ontbreekt");
    if !problems.iter().any(missing) {
        return;
    }
    let in_range = cells_in_ranges(path, sheet);
    for p in problems.iter_mut().filter(|p| missing(p)) {
        if let Some(range) = in_range.get(&p.location) {
            p.message.push_str(&explanation(range));
        }
    }
}

/// The same for the reasons of rows skipped under `--rijen-overslaan` (helper 82: skipped,
/// the row's reason lost the explanation), each reason starting with its cell.
pub fn explain_skipped_rows(path: &Path, sheet: &str, skipped: &mut [super::SkippedRow]) {
    let missing = |r: &String| r.contains("ontbreekt");
    if !skipped.iter().flat_map(|s| &s.reasons).any(missing) {
        return;
    }
    let in_range = cells_in_ranges(path, sheet);
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
fn cells_in_ranges(path: &Path, sheet: &str) -> HashMap<String, String> {
    let ranges = merged_ranges(path, sheet);
    let mut in_range: HashMap<String, String> = HashMap::new();
    let mut cells = 0u64;
    'ranges: for ((r0, c0), (r1, c1)) in ranges {
        let range = format!(
            "{}:{}{}",
            cell_ref(sheet, r0, c0),
            column_letters(c1),
            u64::from(r1) + 1
        );
        for r in r0..=r1 {
            for c in c0..=c1 {
                cells += 1;
                if cells > MAX_CELLS {
                    break 'ranges;
                }
                if (r, c) != (r0, c0) {
                    in_range.insert(cell_ref(sheet, r, c), range.clone());
                }
            }
        }
    }
    in_range
}
