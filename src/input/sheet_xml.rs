//! A worksheet's own XML in an xlsx, for what calamine does not give: which rows are hidden
//! (src/input/hidden.rs) and which cells are merged (src/input/merged.rs). Read once, beside the
//! validation.

use std::io::Read;
use std::path::Path;

/// Sheet XML larger than this is not scanned (a note is not worth reading hundreds of MB).
const MAX_XML_BYTES: u64 = 512 << 20;

/// The XML of sheet `sheet` in the xlsx at `path`; `None` for other files, a part too large, or
/// when the workbook cannot be read this way.
pub fn sheet_xml(path: &Path, sheet: &str) -> Option<String> {
    let file = std::fs::File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(file).ok()?;
    let mut read = |name: &str| -> Option<String> {
        let mut entry = zip.by_name(name).ok()?;
        if entry.size() > MAX_XML_BYTES {
            return None;
        }
        let mut text = String::new();
        entry.read_to_string(&mut text).ok()?;
        Some(text)
    };
    let workbook = read("xl/workbook.xml")?;
    let rels = read("xl/_rels/workbook.xml.rels")?;
    let target = sheet_target(&workbook, &rels, sheet)?;
    read(&target)
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

/// The start tags `<name ...>` (attributes included, up to `>`), also with a namespace prefix
/// (`<x:row`).
pub fn elements<'a>(xml: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    xml.split('<').filter_map(move |part| {
        let tag = part.split('>').next()?;
        let element = tag.split_whitespace().next()?;
        let local = element.rsplit(':').next()?;
        (local == name).then_some(tag)
    })
}

/// The value of attribute `name` in start tag `tag`.
pub fn attribute(tag: &str, name: &str) -> Option<String> {
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
}
