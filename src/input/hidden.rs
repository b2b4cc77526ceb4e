//! Hidden rows in a stock workbook: Excel hides rows by hand or by a filter, but a hidden row is
//! read like any other. A user who hid homes meaning to leave them out would see them planned
//! without a word (helpers 90 and 92), so the rows of homes that are hidden are said once, as a
//! warning. calamine does not give row visibility, so the sheet's XML (src/input/sheet_xml.rs) is scanned
//! for `<row r="12" hidden="1">` (xlsx only: .xls and .ods have no such part and give none).

use std::collections::BTreeSet;

use super::cellref::sheet_ref;
use super::problem::Problem;
use super::sheet_xml::{attribute, elements};

/// The one-based numbers of the hidden rows in a worksheet's XML; most sheets hide no row: one
/// substring search, not a walk over every element.
pub fn hidden_rows(xml: &str) -> BTreeSet<u32> {
    if xml.contains("hidden=") {
        hidden_in_sheet_xml(xml)
    } else {
        BTreeSet::new()
    }
}

/// The warning for the homes read from hidden rows (`home_rows`: one-based rows of the homes),
/// `None` when no home sits in one.
pub fn hidden_homes_warning(
    sheet: &str,
    hidden: &BTreeSet<u32>,
    home_rows: impl Iterator<Item = u32>,
) -> Option<Problem> {
    let rows: Vec<u32> = home_rows.filter(|r| hidden.contains(r)).collect();
    if rows.is_empty() {
        return None;
    }
    const SHOWN: usize = 10;
    let mut listed = rows
        .iter()
        .take(SHOWN)
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    if rows.len() > SHOWN {
        listed.push_str(&format!(" en {} meer", rows.len() - SHOWN));
    }
    let (count, counts) = if rows.len() == 1 {
        ("1 woning staat in een verborgen rij", "ze telt")
    } else {
        ("woningen staan in verborgen rijen", "ze tellen")
    };
    let count = if rows.len() == 1 {
        count.to_string()
    } else {
        format!("{} {count}", rows.len())
    };
    Some(Problem::warning(
        sheet_ref(sheet),
        format!(
            "{count} (rij {listed}; verborgen met de hand of door een filter): {counts} gewoon mee, zoals elke rij. Hoort een woning niet in het plan, verwijder dan de rij."
        ),
    ))
}

/// The one-based numbers of the `<row>` elements with `hidden="1"` (or `true`).
pub fn hidden_in_sheet_xml(xml: &str) -> BTreeSet<u32> {
    elements(xml, "row")
        .filter(|e| matches!(attribute(e, "hidden").as_deref(), Some("1" | "true")))
        .filter_map(|e| attribute(e, "r")?.parse().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_rows_are_found_by_their_attribute() {
        let xml = r#"<worksheet><sheetData><row r="1" spans="1:3"><c r="A1"/></row><row r="12" hidden="1" spans="1:3"/><row r="13" customHeight="1" hidden="true"/><row r="14" hidden="0"/></sheetData></worksheet>"#;
        assert_eq!(
            hidden_in_sheet_xml(xml).into_iter().collect::<Vec<_>>(),
            vec![12, 13]
        );
    }

    #[test]
    fn the_warning_names_the_rows_of_homes_only() {
        let hidden: BTreeSet<u32> = [3, 5, 40].into();
        let w = hidden_homes_warning("Woningen", &hidden, [2, 3, 4, 5].into_iter()).unwrap();
        assert!(
            w.message
                .starts_with("2 woningen staan in verborgen rijen (rij 3, 5;"),
            "{}",
            w.message
        );
        assert!(hidden_homes_warning("Woningen", &hidden, [2, 4].into_iter()).is_none());
    }
}
