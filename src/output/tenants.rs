//! The tenants' overview (`retrofit plan --huurders FILE`): per complex one printed page with the
//! addresses, the measures, the months of the work and, per home, label and EP2 before and after,
//! the expected energy saving and the change in WWS energy points, with the statement that
//! insulation brings no rent increase and the assumptions in a footnote.

use std::collections::BTreeMap;
use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::paging::{Pager, HEADER_ROW_PT, ROW_PT, TITLE_ROW_PT};
use super::safe_write::{write_bytes, OutputError};
use super::workbook::{print_header_footer, properties};
use crate::energy::EnergyTables;
use crate::impact::{home_impact, home_type};
use crate::natural_sort::natural_cmp;
use crate::plan::{Plan, PlannedHome};
use crate::replan::LeftBecause;
use crate::scenario::Month;
use crate::stock::HomeType;

pub const SHEET: &str = "Huurders";

/// Column headers of a complex's table, in order; the tests look them up by these names.
pub const COLUMNS: [(&str, f64); 14] = [
    ("Adres", 22.0),
    ("Woningtype", 10.5),
    // The catalog's names of up to 40 characters on one line (helper 69: at 34, "Schilisolatie
    // + CO2-gestuurde ventilatie" was counted as two, and complexes of 24 homes took two pages).
    // Up to 44 characters on one line: "Schilisolatie (dak, vloer, spouw, HR++-glas)" was
    // counted as two lines at 36 and left an empty line under each such home (helper 103).
    ("Maatregelen", 39.5),
    ("Start", 8.5),
    ("Gereed", 8.5),
    // The labels side by side, then the EP2 values: with each label beside its EP2, the
    // wrapped headers read across as "EP2 vóór Label" over "(kWh/m²) na" (helper 103).
    ("Label nu", 6.0),
    ("Label na", 6.0),
    ("EP2 nu (kWh/m²)", 8.0),
    ("EP2 na (kWh/m²)", 8.0),
    // Primary fossil energy, not what the tenant's meter shows (helper 103 read it so).
    ("Besparing fossiel (kWh/jaar)", 9.5),
    ("WWS-punten nu", 8.0),
    ("WWS-punten na", 8.0),
    ("Verschil WWS-punten", 8.0),
    ("Vhe-nummer", 9.5),
];

/// The sum of the column widths above, in characters: what the print scale is chosen for.
const TABLE_WIDTH_CHARS: f64 = 160.0;

/// Merged text lines wrap at about this many characters across the table's width.
const LINE_CHARS: usize = 175;

/// The agreement's promise, printed on every complex's page.
pub const NO_RENT_INCREASE: &str = "Huur: isolatie brengt geen huurverhoging met zich mee. Dat is afgesproken in de prestatieafspraken van corporatie, gemeente en huurdersorganisatie.";

/// Said after [`NO_RENT_INCREASE`] where a package installs a heat pump: the agreement covers
/// insulation, and what a heat pump means for the rent is the corporation's to say (helper 66
/// read the promise beside heat pumps as covering them).
pub const HEAT_PUMP_RENT: &str = "De afspraak gaat over isolatie; wat de warmtepomp voor uw huur betekent, hoort u van de corporatie.";

/// `april 2025`: in a sentence, the month in full (helper 86 read "begint in apr 2027", helper
/// 87 "2027-01 t/m 2027-06" in the text for tenants).
pub(crate) fn long_month(m: Month) -> String {
    format!("{} {}", crate::nl_format::month_name(m.month()), m.year())
}

/// `apr 2025`
pub fn short_month(m: Month) -> String {
    format!(
        "{} {}",
        crate::nl_format::short_month_name(m.month()),
        m.year()
    )
}

fn home_type_text(t: HomeType) -> &'static str {
    match t {
        HomeType::Egw => "eengezins",
        HomeType::Mgw => "meergezins",
    }
}

/// Writes the tenants' overview to `path`.
pub fn write_tenants_workbook(plan: &Plan, path: &Path) -> Result<(), OutputError> {
    let bytes = tenants_workbook_bytes(plan).map_err(|e| OutputError::Workbook {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    write_bytes(path, &bytes)
}

/// The planned homes per (corporation, complex), complexes and addresses in natural order.
pub fn homes_per_complex(plan: &Plan) -> Vec<((String, String), Vec<&PlannedHome>)> {
    let mut groups: BTreeMap<(String, String), Vec<&PlannedHome>> = BTreeMap::new();
    for h in &plan.planned {
        groups
            .entry((h.corporation.clone(), h.complex.clone()))
            .or_default()
            .push(h);
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by(|(a, _), (b, _)| a.0.cmp(&b.0).then_with(|| natural_cmp(&a.1, &b.1)));
    for (_, homes) in &mut groups {
        homes.sort_by(|a, b| natural_cmp(&a.address, &b.address).then(a.vhe.cmp(&b.vhe)));
    }
    groups
}

fn unique<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut v: Vec<&str> = Vec::new();
    for i in items {
        if !i.is_empty() && !v.contains(&i) {
            v.push(i);
        }
    }
    v
}

/// Column width (characters) that fills the width of an A4 landscape page at 100 % with
/// margins of 0.4 inch, as LibreOffice prints it (measured: its default font is wider than
/// Excel's Calibri, so Excel has room to spare).
const A4_LANDSCAPE_CHARS: f64 = 98.0;

/// The print scale (%) at which `width_chars` of columns fill one A4 landscape width.
pub(crate) fn a4_landscape_scale(width_chars: f64) -> u16 {
    ((A4_LANDSCAPE_CHARS / width_chars * 100.0).floor() as u16).clamp(10, 100)
}

/// Row height (points) for a merged line of text across the table: one `per_line` per
/// started `LINE_CHARS`.
fn line_height(text: &str, per_line: f64) -> f64 {
    let lines = text.chars().count().div_ceil(LINE_CHARS).max(1);
    per_line * lines as f64
}

/// Lines a text takes when wrapped in a column `width_chars` wide (a word never split).
pub(crate) fn wrapped_lines(text: &str, width_chars: f64) -> usize {
    // A column holds about 1.15 characters of proportional text per unit of width, on the
    // safe side (measured in LibreOffice's rendering: with 1.25, "Dokter Schaepmanstraat 23A"
    // was counted as one line in the address column of 22 and printed over the next row).
    let room = (width_chars * 1.15 - 1.0).max(1.0) as usize;
    let mut lines = 1;
    let mut used = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if used == 0 {
            used = n;
        } else if used + 1 + n <= room {
            used += 1 + n;
        } else {
            lines += 1;
            used = n;
        }
        // A word longer than the column is broken over lines of its own.
        if used > room {
            lines += (used - 1) / room;
            used = (used - 1) % room + 1;
        }
    }
    lines
}

/// Text with a decimal comma and thousands dots: `1.234,5`.
fn dutch_number(x: f64, places: usize) -> String {
    let s = format!("{x:.places$}");
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let negative = int.starts_with('-');
    let digits: Vec<char> = int.trim_start_matches('-').chars().collect();
    let mut grouped = String::new();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(*c);
    }
    let sign = if negative { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

/// The tenants' overview as xlsx bytes: one sheet, each complex on its own page.
pub fn tenants_workbook_bytes(plan: &Plan) -> Result<Vec<u8>, XlsxError> {
    let tables = &plan.scenario.energy;
    let title = Format::new().set_bold().set_font_size(14);
    let line = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let bold_line = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let note = Format::new()
        .set_italic()
        .set_font_size(9)
        .set_font_color("#404040")
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let header = super::workbook::document_header();
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    // Text after a number column keeps a little distance from it.
    let indented = Format::new()
        .set_align(FormatAlign::Left)
        .set_indent(1)
        .set_align(FormatAlign::Top);
    let center = Format::new()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::Top);
    // One decimal: whole numbers showed 159.6 (label A) and 160.48 (label B) both as 160.
    let ep2 = Format::new()
        .set_num_format("0.0")
        .set_align(FormatAlign::Top);
    // An assumed EP2 keeps its number and gets a star, explained in the footnote.
    let ep2_assumed = Format::new()
        .set_num_format("0.0\" *\"")
        .set_align(FormatAlign::Top);
    let int = Format::new()
        .set_num_format("#,##0")
        .set_align(FormatAlign::Top);
    // Points as they are (-15, 34); the change with its sign (+49).
    let points = Format::new()
        .set_num_format("0")
        .set_align(FormatAlign::Top);
    let signed = Format::new()
        .set_num_format("+0;-0;0")
        .set_align(FormatAlign::Top);
    let total = Format::new()
        .set_bold()
        .set_num_format("#,##0")
        .set_border_top(FormatBorder::Thin);
    let total_text = Format::new().set_bold().set_border_top(FormatBorder::Thin);

    let mut wb = Workbook::new();
    wb.set_properties(&properties(plan, "Verduurzaming: overzicht voor huurders")?);
    let mut ws = Worksheet::new();
    ws.set_name(SHEET)?;
    let last_col = COLUMNS.len() as u16 - 1;
    for (c, (_, width)) in COLUMNS.iter().enumerate() {
        ws.set_column_width(c as u16, *width)?;
    }
    let s = &plan.scenario;
    let mut row = 0u32;
    let mut pages = Pager::new(a4_landscape_scale(TABLE_WIDTH_CHARS));
    let groups = homes_per_complex(plan);
    if groups.is_empty() {
        ws.write_string_with_format(0, 0, "Verduurzaming: overzicht voor huurders", &title)?;
        ws.merge_range(
            1,
            0,
            1,
            last_col,
            &format!(
                "In dit plan (scenario {}, {} t/m {}) zijn geen woningen ingepland.",
                s.name,
                long_month(s.start_month),
                long_month(s.deadline_month)
            ),
            &line,
        )?;
    }
    for (i, ((corporation, complex), homes)) in groups.iter().enumerate() {
        if i > 0 {
            pages.break_before(row);
        }
        let places = unique(homes.iter().map(|h| h.city.as_str())).join(" / ");
        ws.write_string_with_format(
            row,
            0,
            format!(
                "Verduurzaming complex {complex}{}",
                where_and_whose(&places, corporation)
            ),
            &title,
        )?;
        pages.add(TITLE_ROW_PT);
        row += 1;
        let packages = unique(homes.iter().map(|h| h.package.as_str()));
        let mut projects: Vec<(&str, Month, Month, usize)> = Vec::new();
        for h in homes {
            match projects.iter_mut().find(|p| p.0 == h.project) {
                Some(p) => p.3 += 1,
                None => projects.push((&h.project, h.start, h.end, 1)),
            }
        }
        projects.sort_by_key(|p| (p.1, p.0));
        // In a re-plan, each part in the tense of its recorded progress.
        let phases: Vec<Phase> = projects
            .iter()
            .map(|&(id, start, _, _)| phase(plan, id, start))
            .collect();
        let when = if projects.len() == 1 {
            let (_, start, end, _) = projects[0];
            let (s, e) = (long_month(start), long_month(end));
            let count = crate::nl_format::count(homes.len(), "woning", "woningen");
            let months = during(start, end);
            match phases[0] {
                Phase::Done => format!(
                    "Wanneer: het werk is uitgevoerd {months} ({}).",
                    done_count(plan, projects[0].0, homes.len()).0
                ),
                Phase::Begun => format!(
                    "Wanneer: het werk is in {s} begonnen en is naar verwachting in {e} klaar ({count})."
                ),
                Phase::ContractedEarlier => format!(
                    "Wanneer: het werk is vastgelegd voor {}, maar nog niet als begonnen gemeld ({count}).",
                    span(start, end)
                ),
                // Work of one month in one sentence (helper 78's render: "begint in nov 2028
                // en is naar verwachting in nov 2028 klaar").
                Phase::Coming if start == end => {
                    format!(
                        "Wanneer: het werk is gepland in {s} ({count}).{}",
                        earlier_sentence(plan, projects[0].0)
                    )
                }
                Phase::Coming => format!(
                    "Wanneer: het werk begint in {s} en is naar verwachting in {e} klaar ({count}).{}",
                    earlier_sentence(plan, projects[0].0)
                ),
            }
        } else {
            // Parts still to come in the same months, none moved, are said together, with
            // their homes summed (helper 99: "2 woningen in mei 2028; 1 woning in mei 2028"):
            // per group its first part, its homes and its number of parts.
            let joins = |i: usize| {
                phases[i] == Phase::Coming && earlier_start(plan, projects[i].0).is_none()
            };
            let mut together: Vec<(usize, usize, usize)> = Vec::new();
            for (i, &(_, start, end, n)) in projects.iter().enumerate() {
                let same = |&&mut (f, _, _): &&mut (usize, usize, usize)| {
                    joins(f) && (projects[f].1, projects[f].2) == (start, end)
                };
                match together.iter_mut().find(same).filter(|_| joins(i)) {
                    Some(group) => {
                        group.1 += n;
                        group.2 += 1;
                    }
                    None => together.push((i, n, 1)),
                }
            }
            let parts: Vec<String> = together
                .iter()
                .map(|&(i, n, k)| {
                    let (id, start, end, _) = projects[i];
                    let phase = &phases[i];
                    let homes = crate::nl_format::count(n, "woning", "woningen");
                    let (s, e) = (long_month(start), long_month(end));
                    let months = during(start, end);
                    match phase {
                        Phase::Done => {
                            // "5 woningen, waarvan 3 op deze pagina, uitgevoerd ...".
                            let (count, on_page) = done_count(plan, id, n);
                            let comma = if on_page { "," } else { "" };
                            format!("{count}{comma} uitgevoerd {months}")
                        }
                        Phase::Begun => {
                            format!("{homes} in {s} begonnen, naar verwachting in {e} klaar")
                        }
                        Phase::ContractedEarlier => format!(
                            "{homes} vastgelegd voor {}, nog niet als begonnen gemeld",
                            span(start, end)
                        ),
                        Phase::Coming => match earlier_start(plan, id) {
                            Some(earlier) => format!(
                                "{homes} {months} (in het vorige plan vanaf {})",
                                long_month(earlier)
                            ),
                            None if k > 1 => format!("{homes} {months} ({k} delen)"),
                            None => format!("{homes} {months}"),
                        },
                    }
                })
                .collect();
            // Parts all to come in the same months run side by side: said once (helper 59
            // read "30 woningen van jan 2024 tot en met apr 2024" three times over).
            if let [(first, total, k)] = together[..] {
                let (_, start, end, n) = projects[first];
                if projects.iter().all(|p| p.3 == n) {
                    format!(
                        "Wanneer: in {k} delen van elk {}, tegelijk {}.",
                        crate::nl_format::count(n, "woning", "woningen"),
                        during(start, end)
                    )
                } else {
                    format!(
                        "Wanneer: in {k} delen van samen {}, tegelijk {}.",
                        crate::nl_format::count(total, "woning", "woningen"),
                        during(start, end)
                    )
                }
            } else {
                // Parts said alike are said once, with how many (helper 77: "1 woning
                // uitgevoerd in mei 2027; 1 woning uitgevoerd in mei 2027").
                let mut said: Vec<(String, usize)> = Vec::new();
                for part in parts {
                    match said.iter_mut().find(|(text, _)| *text == part) {
                        Some((_, k)) => *k += 1,
                        None => said.push((part, 1)),
                    }
                }
                if let [(text, k)] = said.as_slice() {
                    format!("Wanneer: in {k} delen van elk {text}.")
                } else {
                    let said: Vec<String> = said
                        .into_iter()
                        .map(|(text, k)| {
                            if k == 1 {
                                text
                            } else {
                                format!("{k} delen van elk {text}")
                            }
                        })
                        .collect();
                    format!("Wanneer: in {} delen: {}.", projects.len(), said.join("; "))
                }
            }
        };
        let saved: f64 = homes
            .iter()
            .map(|h| home_impact(tables, h).energy_saved_kwh_per_year)
            .sum();
        // The text's kWh are the table's: the sum of its rows, each as shown (whole kWh), so
        // that text, rows and total agree (helper 58: 136.048 in the text, 136.049 as total,
        // rows adding up to 136.050).
        let saved_shown: f64 = homes
            .iter()
            .map(|h| kwh_shown(&home_impact(tables, h)))
            .sum();
        // Homes of the complex with E, F or G that this plan leaves out: said, so that their
        // tenants do not read the page as covering them (the reasons are the corporation's).
        let left_out: Vec<(&str, &str)> = plan
            .not_planned
            .iter()
            .filter(|h| h.corporation == *corporation && h.complex == *complex)
            .map(|h| (h.project.as_str(), h.vhe.as_str()))
            .collect();
        let when = if !left_out.is_empty() {
            format!(
                "{when} {} van dit complex met label E, F of G {} niet in deze planning{}; vraag de corporatie naar de reden.",
                crate::nl_format::count(left_out.len(), "andere woning", "andere woningen"),
                if left_out.len() == 1 { "staat" } else { "staan" },
                dropped_clause(plan, left_out)
            )
        } else {
            when
        };
        let lines = [
            (format!("Wat: {}.", packages.join("; ")), &line),
            (when, &line),
            (
                if homes
                    .iter()
                    .any(|h| h.heating != crate::heat_plan::Heating::None)
                {
                    format!("{NO_RENT_INCREASE} {HEAT_PUMP_RENT}")
                } else {
                    NO_RENT_INCREASE.to_string()
                },
                &bold_line,
            ),
            (
                format!(
                    "Wat het oplevert: een beter energielabel en minder energieverbruik (samen ongeveer {} kWh per jaar aan primaire fossiele energie, {} ton CO₂ per jaar minder). Het aantal WWS-punten (energiedeel van het woningwaarderingsstelsel) stijgt; dat bepaalt de maximale huur, niet uw huur.",
                    dutch_number(saved_shown, 0),
                    dutch_number(saved * tables.co2_kg_per_kwh() / 1000.0, 1)
                ),
                &line,
            ),
        ];
        for (text_line, format) in lines {
            ws.merge_range(row, 0, row, last_col, &text_line, format)?;
            // Merged cells do not grow with their text: give each line the room it needs.
            let height = line_height(&text_line, 15.0);
            ws.set_row_height(row, height)?;
            pages.add(height);
            row += 1;
        }
        row += 1;
        pages.add(ROW_PT);
        // Where work is done, the values before it are no longer "nu".
        let done_here = phases.contains(&Phase::Done);
        let header_row = |ws: &mut Worksheet, row: u32, first: &str| -> Result<(), XlsxError> {
            for (c, (name, _)) in COLUMNS.iter().enumerate() {
                let name = if c == 0 {
                    first.to_string()
                } else if done_here {
                    name.replace(" nu", " vóór")
                } else {
                    name.to_string()
                };
                ws.write_string_with_format(row, c as u16, name, &header)?;
            }
            ws.set_row_height(row, HEADER_ROW_PT)?;
            Ok(())
        };
        // On a page the table runs onto, the header names the complex (helper 71: a page of
        // rows without it).
        // With several corporations, also whose (two may have a complex of the same number).
        let continued = if corporation.is_empty() {
            format!("Adres (complex {complex}, vervolg)")
        } else {
            format!("Adres (complex {complex}, {corporation}, vervolg)")
        };
        let write_header = |ws: &mut Worksheet, row: u32| -> Result<(), XlsxError> {
            header_row(ws, row, &continued)
        };
        header_row(&mut ws, row, COLUMNS[0].0)?;
        pages.add(HEADER_ROW_PT);
        row += 1;
        let mut total_saved = 0.0;
        // Neither LibreOffice nor Excel reliably grows a row for wrapped text on opening.
        let heights: Vec<f64> = homes
            .iter()
            .map(|h| {
                let lines = wrapped_lines(&h.address, COLUMNS[0].1)
                    .max(wrapped_lines(&h.package, COLUMNS[2].1));
                ROW_PT * lines as f64
            })
            .collect();
        let notes = page_notes(plan, tables, homes);
        // The total, an empty row and the notes under the table.
        let tail = 2.0 * ROW_PT + notes.iter().map(|n| note_height(n)).sum::<f64>();
        // The last rows go with the notes: where they would not fit together on this page, the
        // last three rows start the next (helper 70: a page of only the notes and the contact).
        let keep_from = homes.len().saturating_sub(3);
        for (i, (h, &height)) in homes.iter().zip(&heights).enumerate() {
            if i == keep_from && i > 0 && !pages.has_room(heights[i..].iter().sum::<f64>() + tail) {
                pages.break_before(row);
                write_header(&mut ws, row)?;
                pages.add(HEADER_ROW_PT);
                row += 1;
            }
            // A table that runs onto the next page repeats its header there.
            row = pages.place_row(&mut ws, row, height, &write_header)?;
            let imp = home_impact(tables, h);
            let saved = kwh_shown(&imp);
            total_saved += saved;
            ws.write_string_with_format(row, 0, &h.address, &text)?;
            ws.write_string_with_format(row, 1, home_type_text(home_type(h)), &text)?;
            ws.write_string_with_format(row, 2, &h.package, &text)?;
            ws.write_string_with_format(row, 3, short_month(h.start), &text)?;
            ws.write_string_with_format(row, 4, short_month(h.end), &text)?;
            ws.write_string_with_format(row, 5, h.label_before.as_str(), &center)?;
            ws.write_string_with_format(row, 6, h.label_after.as_str(), &center)?;
            let before_format = if h.ep2_assumed { &ep2_assumed } else { &ep2 };
            ws.write_number_with_format(row, 7, h.ep2_before, before_format)?;
            ws.write_number_with_format(row, 8, ep2_shown_after(h.ep2_after), &ep2)?;
            ws.write_number_with_format(row, 9, saved, &int)?;
            ws.write_number_with_format(row, 10, f64::from(imp.wws_points_before), &points)?;
            ws.write_number_with_format(row, 11, f64::from(imp.wws_points_after), &points)?;
            ws.write_number_with_format(row, 12, f64::from(imp.wws_points_change()), &signed)?;
            ws.write_string_with_format(row, 13, &h.vhe, &indented)?;
            if height > ROW_PT {
                ws.set_row_height(row, height)?;
            }
            row += 1;
        }
        ws.write_string_with_format(
            row,
            0,
            format!(
                "Samen ({})",
                crate::nl_format::count(homes.len(), "woning", "woningen")
            ),
            &total_text,
        )?;
        for c in 1..=last_col {
            match c {
                9 => ws.write_number_with_format(row, c, total_saved, &total)?,
                _ => ws.write_blank(row, c, &total_text)?,
            };
        }
        row += 2;
        pages.add(2.0 * ROW_PT);
        for n in notes {
            ws.merge_range(row, 0, row, last_col, &n, &note)?;
            let height = note_height(&n);
            ws.set_row_height(row, height)?;
            pages.add(height);
            row += 1;
        }
        row += 1;
    }
    // Complexes with E, F or G homes of which the plan plans none: named on a page of their
    // own, as the municipality's document names them, so that their tenants (and the tenants'
    // association) see them (helper 66: a complex announced in January vanished at Q2).
    let unplanned = unplanned_complexes(plan, &groups);
    if !unplanned.is_empty() {
        if groups.is_empty() {
            row = 3;
        } else {
            pages.break_before(row);
        }
        let intro = format!(
            "In deze complexen staan woningen met label E, F of G die dit plan (scenario {}, {} t/m {}) niet inplant. Vraag de corporatie naar de reden. Woningen die volgens de afspraken buiten het plan vallen (zoals monumenten en woningen die worden gesloopt of verkocht) staan hier niet. {}",
            s.name,
            long_month(s.start_month),
            long_month(s.deadline_month),
            contact_line(
                plan,
                &unplanned
                    .iter()
                    .map(|(corporation, ..)| corporation.as_str())
                    .collect::<Vec<_>>()
            )
        );
        let items: Vec<String> = unplanned
            .iter()
            .map(|(corporation, complex, places, n)| {
                format!(
                    "Complex {complex}{}: {}{}",
                    where_and_whose(places, corporation),
                    crate::nl_format::count(*n, "woning", "woningen"),
                    dropped_clause(
                        plan,
                        plan.not_planned
                            .iter()
                            .filter(|h| h.corporation == *corporation && h.complex == *complex)
                            .map(|h| (h.project.as_str(), h.vhe.as_str()))
                    )
                )
            })
            .collect();
        let list = ComplexList {
            heading: "Niet in deze planning",
            intro: &intro,
            items: &items,
        };
        row = list.write(&mut ws, &mut pages, row, (&title, &line))?;
    }
    // Complexes of the previous plan's work of which this plan has nothing left, neither
    // planned nor left out: their homes are relabelled, excluded or gone (helper 99: a complex
    // relabelled B vanished from the overview without a word, where its tenants had been told
    // of the work).
    let dropped = dropped_complexes(plan, &groups, &unplanned);
    if !dropped.is_empty() {
        if groups.is_empty() && unplanned.is_empty() {
            row = 3;
        } else if unplanned.is_empty() || !pages.has_room(TITLE_ROW_PT + 4.0 * ROW_PT) {
            pages.break_before(row);
        } else {
            row += 1;
            pages.add(ROW_PT);
        }
        // Complexes whose E, F or G homes this plan leaves out are listed above, not here
        // (helper 100 looked here for one).
        let above = if unplanned.is_empty() {
            ""
        } else {
            " Complexen met woningen die nog label E, F of G hebben en niet zijn ingepland, staan hierboven onder Niet in deze planning."
        };
        let intro = format!(
            "In deze complexen was in het vorige plan werk gepland, maar hun woningen horen niet meer bij deze planning: ze hebben nu een ander energielabel, vallen volgens de afspraken buiten het plan (zoals bij sloop of verkoop) of zijn niet meer van de corporatie.{above} {}",
            contact_line(
                plan,
                &dropped
                    .iter()
                    .map(|d| d.corporation.as_str())
                    .collect::<Vec<_>>()
            )
        );
        let items: Vec<String> = dropped
            .iter()
            .map(|d| {
                let why = match &d.left_because {
                    Some(LeftBecause::Relabelled(labels)) => format!(
                        "volgens de gegevens van de corporatie hebben ze nu {labels}: ze vallen niet meer onder deze afspraken (die gaan over woningen met label E, F of G)"
                    ),
                    // The agreement's own exclusions, which its intro names too (helper 100:
                    // "vraag de corporatie naar de reden" where the reason was known).
                    Some(LeftBecause::Excluded(reasons)) => format!(
                        "ze vallen volgens de afspraken nu buiten het plan ({reasons})"
                    ),
                    None => "vraag de corporatie naar de reden".to_string(),
                };
                // Each start of its parts (helper 102: "vanaf november 2027" for 9 homes then
                // and 10 from April 2028).
                let starts: Vec<String> = d
                    .previous_starts
                    .iter()
                    .map(|&m| format!("vanaf {}", long_month(m)))
                    .collect();
                let when = match starts.len() {
                    1 => starts[0].clone(),
                    n => format!(
                        "in {n} delen, {}",
                        crate::nl_format::and_list(
                            &starts.iter().map(String::as_str).collect::<Vec<_>>()
                        )
                    ),
                };
                format!(
                    "Complex {}{}: {}, in het vorige plan {when}; {why}.",
                    d.complex,
                    where_and_whose(&d.places.join(" / "), &d.corporation),
                    crate::nl_format::count(d.homes, "woning", "woningen"),
                )
            })
            .collect();
        let list = ComplexList {
            heading: "Niet meer in deze planning",
            intro: &intro,
            items: &items,
        };
        list.write(&mut ws, &mut pages, row, (&title, &line))?;
    }
    ws.set_page_breaks(pages.breaks())?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    // A fixed scale rather than fit-to-page: spreadsheet programs ignore manual page breaks
    // when fitting to pages.
    ws.set_print_scale(a4_landscape_scale(TABLE_WIDTH_CHARS));
    print_header_footer(
        &mut ws,
        "Verduurzaming: overzicht voor huurders",
        false,
        plan,
    )?;
    wb.push_worksheet(ws);
    wb.save_to_buffer()
}

/// The notes under a complex's table: the scenario and what EP2 and the saving are, the
/// assumed EP2 where used, the CO₂ factor and WWS points with their sources, and whom to ask.
fn page_notes(plan: &Plan, tables: &EnergyTables, homes: &[&PlannedHome]) -> Vec<String> {
    let s = &plan.scenario;
    let mut notes = vec![format!(
        "Toelichting. Planning volgens scenario \"{}\" ({} t/m {}, doel label {} of beter); maanden kunnen nog verschuiven. EP2 is het primaire fossiele energieverbruik per m² per jaar volgens het energielabel (NTA 8800). Besparing fossiel = (EP2 vóór de werkzaamheden − EP2 na) × gebruiksoppervlakte: een berekende waarde, geen meterstand; uw eigen verbruik hangt ook af van uw gebruik.",
        s.name,
        long_month(s.start_month),
        long_month(s.deadline_month),
        s.target_label
    )];
    if homes.iter().any(|h| h.ep2_assumed) {
        // G has no upper bound: the figure used is said where a G home on the page has it
        // (helper 119: "G heeft er geen" left the reader guessing).
        let g = crate::stock::Label::G;
        let for_g = match s.assumed_ep2_kwh_m2.get(&g) {
            Some(ep2) if homes.iter().any(|h| h.ep2_assumed && h.label_before == g) => format!(
                "G heeft er geen: voor G is met {} kWh/m² gerekend",
                dutch_number(*ep2, 0)
            ),
            _ => "G heeft er geen".to_string(),
        };
        notes.push(format!("* Geen EP2 bekend, of een EP2 die niet bij het geregistreerde label past: gerekend is met de aangenomen EP2 van het label uit het scenario (standaard de bovengrens van de labelklasse; {for_g}); de echte besparing kan anders zijn."));
    }
    notes.push(format!(
        "CO₂: besparing × {} kg CO₂ per kWh (aardgas; bron: {}). WWS-punten: {}; eengezins- en meergezinswoningen krijgen verschillende punten.",
        dutch_number(tables.co2_kg_per_kwh(), 4),
        tables.co2_source,
        tables.wws_source
    ));
    // Whom to ask, as the municipality's list says (helper 69: the overview said "vraag de
    // corporatie" without saying whom): the complex's own corporation's contact.
    let corporations: Vec<&str> = homes.iter().map(|h| h.corporation.as_str()).collect();
    notes.push(contact_line(plan, &corporations));
    notes
}

/// A note's row height: smaller type, but italic, about 150 characters to a line of 12 points.
fn note_height(note: &str) -> f64 {
    12.0 * note.chars().count().div_ceil(150).max(1) as f64
}

/// Whom tenants of these corporations' homes ask: their corporation's `contact` or the
/// scenario's, or a line to fill in.
fn contact_line(plan: &Plan, corporations: &[&str]) -> String {
    format!(
        "Vragen? Contact bij de corporatie: {}",
        plan.scenario
            .contacts_text(corporations)
            .unwrap_or_else(|| crate::scenario::CONTACT_TO_FILL_IN.to_string())
    )
}

/// A list of complexes on the overview's last pages: a heading, an introduction and one line
/// per complex, the heading repeated ("(vervolg)") on every page the list runs on to.
struct ComplexList<'a> {
    heading: &'a str,
    intro: &'a str,
    items: &'a [String],
}

impl ComplexList<'_> {
    /// Writes the list from `row` with the `(title, line)` formats; returns the row after it.
    fn write(
        &self,
        ws: &mut Worksheet,
        pages: &mut Pager,
        mut row: u32,
        (title, line): (&Format, &Format),
    ) -> Result<u32, XlsxError> {
        let last_col = COLUMNS.len() as u16 - 1;
        ws.write_string_with_format(row, 0, self.heading, title)?;
        pages.add(TITLE_ROW_PT);
        row += 1;
        ws.merge_range(row, 0, row, last_col, self.intro, line)?;
        let height = line_height(self.intro, 15.0);
        ws.set_row_height(row, height)?;
        pages.add(height + ROW_PT);
        row += 2;
        for item in self.items {
            let height = line_height(item, ROW_PT);
            if !pages.fits(height) {
                // A page of its own says what it lists (helper 82: page 71 of 71 went on
                // with complexes under no heading).
                pages.break_before(row);
                ws.write_string_with_format(row, 0, format!("{} (vervolg)", self.heading), title)?;
                pages.add(TITLE_ROW_PT + height);
                row += 1;
            }
            ws.merge_range(row, 0, row, last_col, item, line)?;
            if height > ROW_PT {
                ws.set_row_height(row, height)?;
            }
            row += 1;
        }
        Ok(row)
    }
}

/// A complex of which the previous plan planned open work and this plan has no home, planned or
/// left out ([`dropped_complexes`]).
struct DroppedComplex {
    corporation: String,
    complex: String,
    places: Vec<String>,
    /// Its homes in the previous plan's projects.
    homes: usize,
    /// The starts the previous plan gave them, ascending, each once.
    previous_starts: Vec<Month>,
    /// Why they are out, where the stock says the same for each of those projects.
    left_because: Option<LeftBecause>,
}

/// The complexes of open projects of the previous plan that are gone from this plan (no project
/// of this stock has their id) and that neither a page (`planned`) nor the list of complexes
/// left out (`unplanned`) names. In natural order.
fn dropped_complexes(
    plan: &Plan,
    planned: &[((String, String), Vec<&PlannedHome>)],
    unplanned: &[(String, String, String, usize)],
) -> Vec<DroppedComplex> {
    let Some(report) = &plan.progress else {
        return Vec::new();
    };
    let mut out: Vec<(DroppedComplex, bool)> = Vec::new();
    for row in &report.rows {
        if !row.open_and_gone() {
            continue;
        }
        let corporation = row.corporation();
        let named = |c: &str, x: &str| c == corporation && x == row.complex;
        if planned.iter().any(|((c, x), _)| named(c, x))
            || unplanned.iter().any(|(c, x, ..)| named(c, x))
        {
            continue;
        }
        match out
            .iter_mut()
            .find(|(d, _)| named(&d.corporation, &d.complex))
        {
            Some((d, alike)) => {
                d.homes += row.homes;
                if !d.previous_starts.contains(&row.planned_start) {
                    d.previous_starts.push(row.planned_start);
                    d.previous_starts.sort_unstable();
                }
                for place in &row.places {
                    if !d.places.contains(place) {
                        d.places.push(place.clone());
                    }
                }
                *alike &= row.left_because.is_some() && row.left_because == d.left_because;
            }
            None => out.push((
                DroppedComplex {
                    corporation: corporation.to_string(),
                    complex: row.complex.clone(),
                    places: row.places.clone(),
                    homes: row.homes,
                    previous_starts: vec![row.planned_start],
                    left_because: row.left_because.clone(),
                },
                row.left_because.is_some(),
            )),
        }
    }
    let mut out: Vec<DroppedComplex> = out
        .into_iter()
        .map(|(mut d, alike)| {
            if !alike {
                d.left_because = None;
            }
            d
        })
        .collect();
    out.sort_by(|a, b| {
        natural_cmp(&a.corporation, &b.corporation)
            .then_with(|| natural_cmp(&a.complex, &b.complex))
    });
    out
}

/// After a complex's name: ", Rijen / Goirle (Corporatie A)"; empty parts left out.
fn where_and_whose(places: &str, corporation: &str) -> String {
    let mut out = String::new();
    if !places.is_empty() {
        out.push_str(&format!(", {places}"));
    }
    if !corporation.is_empty() {
        out.push_str(&format!(" ({corporation})"));
    }
    out
}

/// The complexes (corporation, complex, places, E/F/G homes) whose E/F/G homes the plan leaves
/// all out: none of their homes is planned. In natural order.
fn unplanned_complexes(
    plan: &Plan,
    planned: &[((String, String), Vec<&PlannedHome>)],
) -> Vec<(String, String, String, usize)> {
    let mut out: Vec<(String, String, Vec<&str>, usize)> = Vec::new();
    for h in &plan.not_planned {
        if planned
            .iter()
            .any(|((c, x), _)| *c == h.corporation && *x == h.complex)
        {
            continue;
        }
        match out
            .iter_mut()
            .find(|(c, x, _, _)| *c == h.corporation && *x == h.complex)
        {
            Some((_, _, places, n)) => {
                *n += 1;
                if !h.city.is_empty() && !places.contains(&h.city.as_str()) {
                    places.push(&h.city);
                }
            }
            None => out.push((
                h.corporation.clone(),
                h.complex.clone(),
                if h.city.is_empty() {
                    Vec::new()
                } else {
                    vec![h.city.as_str()]
                },
                1,
            )),
        }
    }
    out.sort_by(|a, b| natural_cmp(&a.0, &b.0).then_with(|| natural_cmp(&a.1, &b.1)));
    out.into_iter()
        .map(|(c, x, places, n)| (c, x, places.join(" / "), n))
        .collect()
}

/// A project's months: "januari 2027", or "maart 2027 tot en met april 2027".
fn span(start: Month, end: Month) -> String {
    if start == end {
        long_month(start)
    } else {
        format!("{} tot en met {}", long_month(start), long_month(end))
    }
}

/// A project's months after a verb: "in januari 2027" (one month named once), or "van maart
/// 2027 tot en met april 2027".
fn during(start: Month, end: Month) -> String {
    if start == end {
        format!("in {}", long_month(start))
    } else {
        format!("van {}", span(start, end))
    }
}

/// Where a project's work stands, for the tense of the overview: by the progress the team
/// recorded in a re-plan, never by its months alone (a contracted project whose months passed
/// is not done).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    Done,
    Begun,
    /// Contracted for months before `--vanaf`, not reported as begun.
    ContractedEarlier,
    Coming,
}

/// The homes of a part whose work is done, `shown` on this page: where the previous plan
/// recorded the work for more (the stock has since given the others a label out of E, F and G,
/// or no longer lists them), that number too, so that the page does not say the work covered
/// fewer homes than it did (helper 51: "(8 woningen)" where 10 were done). True with it when
/// the text names the homes on this page apart.
fn done_count(plan: &Plan, project: &str, shown: usize) -> (String, bool) {
    let recorded = recorded(plan, project).map_or(0, |row| row.homes);
    if recorded > shown {
        let all = crate::nl_format::count(recorded, "woning", "woningen");
        (format!("{all}, waarvan {shown} op deze pagina"), true)
    } else {
        (crate::nl_format::count(shown, "woning", "woningen"), false)
    }
}

/// The re-plan's record of a project of the previous plan (`Voortgang`), if any.
fn recorded<'a>(plan: &'a Plan, project: &str) -> Option<&'a crate::replan::ProgressRow> {
    plan.progress
        .as_ref()
        .and_then(|r| r.rows.iter().find(|row| row.id == project))
}

/// The start the previous plan gave a part whose work has not begun, where this plan moves it
/// (helper 86 F3: tenants told "mei" in January read "september" at Q2 without a word).
fn earlier_start(plan: &Plan, project: &str) -> Option<Month> {
    plan.progress.as_ref()?.earlier_start(project)
}

/// " (in het vorige plan wel, vanaf mei 2027)" where a re-plan leaves out work the previous
/// plan planned, `homes` holding each home left out with its project; " (waarvan 2 in het
/// vorige plan wel, ...)" where only some of them were; or nothing.
pub(crate) fn dropped_clause<'a>(
    plan: &Plan,
    homes: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    let Some(report) = plan.progress.as_ref() else {
        return String::new();
    };
    let starts: Vec<Option<Month>> = homes
        .into_iter()
        .map(|(project, vhe)| report.dropped_start(project, vhe))
        .collect();
    let dropped = starts.iter().flatten().count();
    match starts.iter().flatten().min() {
        Some(m) if dropped == starts.len() => {
            format!(" (in het vorige plan wel, vanaf {})", long_month(*m))
        }
        Some(m) => format!(
            " (waarvan {dropped} in het vorige plan wel, vanaf {})",
            long_month(*m)
        ),
        None => String::new(),
    }
}

/// " In het vorige plan stond de start in mei 2027." after a one-part sentence, or nothing.
fn earlier_sentence(plan: &Plan, project: &str) -> String {
    earlier_start(plan, project).map_or(String::new(), |m| {
        format!(" In het vorige plan stond de start in {}.", long_month(m))
    })
}

fn phase(plan: &Plan, project: &str, start: Month) -> Phase {
    use crate::replan::Progress;
    let Some(report) = &plan.progress else {
        return Phase::Coming;
    };
    match recorded(plan, project).map(|r| r.progress) {
        Some(Progress::Done) => Phase::Done,
        Some(Progress::Running) => Phase::Begun,
        Some(Progress::Contracted) if start < report.from => Phase::ContractedEarlier,
        _ => Phase::Coming,
    }
}

/// The EP2 after the work as the overview shows it: rounded up to one decimal, so that the
/// number agrees with the label beside it (each label includes its upper bound, a whole number:
/// 160.04 is label B, and shown as 160.0 it would read as A).
fn ep2_shown_after(ep2: f64) -> f64 {
    (ep2 * 10.0 - 1e-9).ceil() / 10.0
}

/// A home's energy saved per year as the overview shows it: whole kWh.
fn kwh_shown(imp: &crate::impact::HomeImpact) -> f64 {
    imp.energy_saved_kwh_per_year.round()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_numbers() {
        assert_eq!(dutch_number(1234567.0, 0), "1.234.567");
        assert_eq!(dutch_number(0.20250, 4), "0,2025");
        assert_eq!(dutch_number(-950.0, 0), "-950");
        assert_eq!(dutch_number(12.0, 0), "12");
    }

    /// The EP2 shown after the work gives the label shown beside it, at every tenth and
    /// between them, boundaries included.
    #[test]
    fn the_ep2_shown_after_agrees_with_its_label() {
        use crate::stock::Label;
        assert_eq!(ep2_shown_after(159.6), 159.6);
        assert_eq!(ep2_shown_after(160.48), 160.5);
        assert_eq!(ep2_shown_after(160.0), 160.0);
        assert_eq!(ep2_shown_after(160.04), 160.1);
        for i in 0..400_000 {
            let x = f64::from(i) / 1000.0;
            let shown = ep2_shown_after(x);
            assert!(shown >= x - 1e-9 && shown < x + 0.1, "{x} shown {shown}");
            assert_eq!(
                Label::from_ep2(shown),
                Label::from_ep2(x),
                "{x} shown {shown}"
            );
        }
    }

    #[test]
    fn table_width_is_the_sum_of_the_columns() {
        let sum: f64 = COLUMNS.iter().map(|(_, w)| w).sum();
        assert!((sum - TABLE_WIDTH_CHARS).abs() < 1e-9, "{sum}");
    }

    #[test]
    fn wrapping_counts_lines_by_words() {
        assert_eq!(wrapped_lines("Schilisolatie + hybride warmtepomp", 25.0), 2);
        assert_eq!(wrapped_lines("Kerkstraat 12", 22.0), 1);
        assert_eq!(
            wrapped_lines("Schilisolatie + CO2-gestuurde ventilatie", COLUMNS[2].1),
            1
        );
        assert_eq!(wrapped_lines("Dokter Schaepmanstraat 23A", 22.0), 2);
        assert_eq!(wrapped_lines("", 22.0), 1);
        // A SHA-256 in a column of 42.5: 64 characters over two lines.
        assert_eq!(wrapped_lines(&"a".repeat(64), 42.5), 2);
    }

    #[test]
    fn short_months() {
        assert_eq!(short_month(Month::new(2025, 4)), "apr 2025");
        assert_eq!(short_month(Month::new(2026, 12)), "dec 2026");
    }
}
