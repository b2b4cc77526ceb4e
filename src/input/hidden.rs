//! Hidden rows in a stock workbook: Excel hides rows by hand or by a filter, but a hidden row is
//! read like any other. A user who hid homes meaning to leave them out would see them planned
//! without a word (helpers 90 and 92), so the rows of homes that are hidden are said once, as a
//! warning. calamine does not give row visibility, so the sheet's XML is scanned for
//! `<row r="12" hidden="1">` (xlsx only: .xls and .ods have no such part and give none).

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use super::cellref::sheet_ref;
use super::problem::Problem;

/// Sheet XML larger than this is not scanned (a note is not worth reading hundreds of MB).
const MAX_XML_BYTES: u64 = 512 << 20;

/// The one-based numbers of the hidden rows of sheet `sheet` in the xlsx at `path`; empty for
/// other files or when the workbook cannot be read this way.
pub fn hidden_rows(path: &Path, sheet: &str) -> BTreeSet<u32> {
    let Ok(file) = std::fs::File::open(path) else {
        return BTreeSet::new();
    };
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return BTreeSet::new();
    };
    let mut read = |name: &str| -> Option<String> {
        let mut entry = zip.by_name(name).ok()?;
        if entry.size() > MAX_XML_BYTES {
            return None;
        }
        let mut text = String::new();
        entry.read_to_string(&mut text).ok()?;
        Some(text)
    };
    let Some(workbook) = read("xl/workbook.xml") else {
        return BTreeSet::new();
    };
    let Some(rels) = read("xl/_rels/workbook.xml.rels") else {
        return BTreeSet::new();
    };
    let Some(target) = sheet_target(&workbook, &rels, sheet) else {
        return BTreeSet::new();
    };
    // Most sheets hide no row: one substring search, not a walk over every element.
    read(&target)
        .filter(|xml| xml.contains("hidden="))
        .map(|xml| hidden_in_sheet_xml(&xml))
        .unwrap_or_default()
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

/// The worksheet part of sheet `sheet`: its `r:id` in `workbook.xml`, that relation's target in
/// `workbook.xml.rels`, as a path in the zip.
fn sheet_target(workbook: &str, rels: &str, sheet: &str) -> Option<String> {
    let id = elements(workbook, "sheet")
        .find(|e| attribute(e, "name").is_some_and(|n| unescape(&n) == sheet))
        .and_then(|e| attribute(e, "r:id"))?;
    let target = elements(rels, "Relationship")
        .find(|e| attribute(e, "Id").as_deref() == Some(id.as_str()))
        .and_then(|e| attribute(e, "Target"))?;
    Some(match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("xl/{target}"),
    })
}

/// The one-based numbers of the `<row>` elements with `hidden="1"` (or `true`).
fn hidden_in_sheet_xml(xml: &str) -> BTreeSet<u32> {
    elements(xml, "row")
        .filter(|e| matches!(attribute(e, "hidden").as_deref(), Some("1" | "true")))
        .filter_map(|e| attribute(e, "r")?.parse().ok())
        .collect()
}

/// The start tags `<name ...>` (attributes included, up to `>`), also with a namespace prefix
/// (`<x:row`).
fn elements<'a>(xml: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    xml.split('<').filter_map(move |part| {
        let tag = part.split('>').next()?;
        let element = tag.split_whitespace().next()?;
        let local = element.rsplit(':').next()?;
        (local == name).then_some(tag)
    })
}

/// The value of attribute `name` in start tag `tag`.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().last();
        let after = &rest[at + name.len()..];
        let after_trimmed = after.trim_start();
        if before.is_some_and(char::is_whitespace) && after_trimmed.starts_with('=') {
            let value = after_trimmed[1..].trim_start();
            let quote = value.chars().next()?;
            if quote == '"' || quote == '\'' {
                let end = value[1..].find(quote)?;
                return Some(value[1..1 + end].to_string());
            }
        }
        rest = &rest[at + name.len()..];
    }
    None
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
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
    fn a_sheet_name_leads_to_its_part() {
        let workbook = r#"<workbook><sheets><sheet name="Uitleg" sheetId="1" r:id="rId1"/><sheet name="Woningen &amp; meer" sheetId="2" r:id="rId2"/></sheets></workbook>"#;
        let rels = r#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x" Target="/xl/worksheets/sheet2.xml"/></Relationships>"#;
        assert_eq!(
            sheet_target(workbook, rels, "Woningen & meer").as_deref(),
            Some("xl/worksheets/sheet2.xml")
        );
        assert_eq!(
            sheet_target(workbook, rels, "Uitleg").as_deref(),
            Some("xl/worksheets/sheet1.xml")
        );
        assert_eq!(sheet_target(workbook, rels, "Budget"), None);
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
