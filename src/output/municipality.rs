//! The list for the municipality (`retrofit plan --gemeente FILE`): the planned homes between
//! privately owned homes (gespikkeld bezit) as a workbook of its own, with a short explanation
//! above the table so it can be sent on as it is.

use std::path::Path;

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::safe_write::{write_bytes, OutputError};
use super::tables;
use super::workbook::{properties, write_list, Formats, Widths};
use crate::plan::Plan;

/// Writes the municipality's workbook to `path` (one sheet, `Gespikkeld`).
pub fn write_municipality_workbook(plan: &Plan, path: &Path) -> Result<(), OutputError> {
    let bytes = municipality_workbook_bytes(plan).map_err(|e| OutputError::Workbook {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    write_bytes(path, &bytes)
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

fn month_name(month: u32) -> &'static str {
    MONTHS
        .get((month as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}

/// The explanation above the table, one line a row.
pub fn explanation(plan: &Plan) -> Vec<String> {
    let homes: Vec<_> = plan.planned.iter().filter(|h| h.pepper_potted).collect();
    let mut corporations: Vec<&str> = homes
        .iter()
        .map(|h| h.corporation.as_str())
        .filter(|c| !c.is_empty())
        .collect();
    corporations.sort();
    corporations.dedup();
    let who = if corporations.is_empty() {
        format!("de corporatie (bestand {})", plan.source.file_name)
    } else {
        format!(
            "{} (bestand {})",
            corporations.join(", "),
            plan.source.file_name
        )
    };
    let s = &plan.scenario;
    let mut lines = vec![
        format!("Verduurzaming van gespikkeld bezit: planning van {who}"),
        format!(
            "Scenario {}, planperiode {} t/m {}; doel: label {} of beter voor woningen met label E, F of G.",
            s.name, s.start_month, s.deadline_month, s.target_label
        ),
    ];
    let years = tables::pepper_potted_years(plan);
    if years.is_empty() {
        lines.push(
            "In deze planperiode zijn geen woningen tussen particuliere woningen ingepland.".into(),
        );
    } else {
        for y in &years {
            let in_year: Vec<_> = homes.iter().filter(|h| h.start.year() == *y).collect();
            let mut complexes: Vec<&str> = in_year.iter().map(|h| h.complex.as_str()).collect();
            complexes.sort();
            complexes.dedup();
            lines.push(format!(
                "{y}: {} corporatiewoning(en) in {} complex(en); het aantal particuliere woningen per blok staat in de tabel.",
                in_year.len(),
                complexes.len(),
            ));
        }
    }
    lines.push(
        "Per woning staat hieronder welk pakket maatregelen de corporatie aanbrengt en in welke maand het werk begint."
            .into(),
    );
    lines.push(format!(
        "Gespikkelde projecten beginnen niet vóór {} van hun jaar, zodat de gemeente de particuliere eigenaren in hetzelfde blok",
        month_name(s.projects.pepper_potted_start_month)
    ));
    lines.push(
        "(kolom particulier_in_blok) tijdig kan benaderen over meedoen, communicatie en subsidies."
            .into(),
    );
    lines
}

/// The municipality's workbook as xlsx bytes.
pub fn municipality_workbook_bytes(plan: &Plan) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    wb.set_properties(&properties(
        plan,
        "Gespikkeld bezit: planning voor de gemeente",
    )?);
    let mut ws = Worksheet::new();
    ws.set_name("Gespikkeld")?;
    let lines = explanation(plan);
    for (i, line) in lines.iter().enumerate() {
        let format = if i == 0 { &f.title } else { &f.note };
        ws.write_string_with_format(i as u32, 0, line, format)?;
    }
    let header_row = lines.len() as u32 + 1;
    let mut widths = Widths::new();
    write_list(
        &mut ws,
        &tables::pepper_potted(plan),
        header_row,
        "Gespikkeld",
        &f,
        &mut widths,
    )?;
    widths.apply(&mut ws)?;
    ws.set_freeze_panes(header_row + 1, 0)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, header_row)?;
    wb.push_worksheet(ws);
    wb.save_to_buffer()
}
