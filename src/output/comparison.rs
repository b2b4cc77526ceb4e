//! The comparison workbook of `retrofit vergelijk` (Dutch): `Vergelijking` (one row per
//! scenario), `Overzicht` (the same turned, one column per scenario, to print), `Grafieken`
//! (the EFG homes left and the cost against budget per year),
//! `Verschillen` (every project that starts elsewhere than in the baseline) and, with a budget
//! series, `Budgetgevoeligheid`.

use std::path::Path;

use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ChartMarker, ChartMarkerType, ChartType, Format, FormatAlign,
    Workbook, Worksheet, XlsxError,
};

use super::safe_write::{write_bytes, OutputError};
use super::tenants::wrapped_lines;
use super::workbook::{gap_shown, Formats, Widths, EURO_FORMAT};
use crate::compare::{BudgetStep, Comparison, ScenarioRow};
use crate::model::SolveStatus;

pub const COMPARISON_SHEET: &str = "Vergelijking";
pub const OVERVIEW_SHEET: &str = "Overzicht";
pub const DIFFERENCES_SHEET: &str = "Verschillen";
pub const CHARTS_SHEET: &str = "Grafieken";
pub const SENSITIVITY_SHEET: &str = "Budgetgevoeligheid";

/// Writes the comparison workbook; an existing file is replaced only after a complete write.
pub fn write_comparison_workbook(
    comparison: &Comparison,
    series: Option<&[BudgetStep]>,
    stock_name: &str,
    path: &Path,
) -> Result<(), OutputError> {
    let bytes =
        comparison_bytes(comparison, series, stock_name).map_err(|e| OutputError::Workbook {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
    write_bytes(path, &bytes)
}

pub fn comparison_bytes(
    comparison: &Comparison,
    series: Option<&[BudgetStep]>,
    stock_name: &str,
) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    wb.push_worksheet(comparison_sheet(comparison, stock_name, &f)?);
    wb.push_worksheet(overview_sheet(comparison, stock_name, &f)?);
    wb.push_worksheet(differences_sheet(comparison, &f)?);
    wb.push_worksheet(charts_sheet(comparison, &f)?);
    if let Some(steps) = series {
        wb.push_worksheet(sensitivity_sheet(comparison, steps, &f)?);
    }
    wb.save_to_buffer()
}

/// A line with round markers for column `col` of a table on `sheet`: its name in the header row,
/// the categories in column A below it, down to row `last`.
fn line_series(chart: &mut Chart, sheet: &str, header_row: u32, last: u32, col: u16) {
    chart
        .add_series()
        .set_name((sheet, header_row, col))
        .set_categories((sheet, header_row + 1, 0, last, 0))
        .set_values((sheet, header_row + 1, col, last, col))
        .set_marker(
            ChartMarker::new()
                .set_type(ChartMarkerType::Circle)
                .set_size(6),
        );
}

fn print_setup(ws: &mut Worksheet, header_row: u32) -> Result<(), XlsxError> {
    ws.set_landscape();
    // A3: a table of a scenario column per scenario stays readable at one page wide.
    ws.set_paper_size(8);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, header_row)?;
    ws.set_footer(PAGE_FOOTER);
    Ok(())
}

/// The printed page's header: the sheet's title and the stock, in bold (`&` escaped, the
/// stock's name cut at 120 characters).
fn page_header(title: &str, stock_name: &str) -> String {
    format!(
        "&L&B{title}: {}&B",
        stock_name
            .chars()
            .take(120)
            .collect::<String>()
            .replace('&', "&&")
    )
}

/// The page number on every printed page of the comparison (helper 71: `Grafieken` had none).
const PAGE_FOOTER: &str = "&Rpagina &P van &N";

/// A3 landscape at 70 %, over as many pages wide as the columns need, with column A (the
/// scenario or the project) and the header row on every page.
fn wide_print_setup(ws: &mut Worksheet, header_row: u32) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(8);
    ws.set_print_scale(70);
    ws.set_repeat_rows(header_row, header_row)?;
    ws.set_repeat_columns(0, 0)?;
    ws.set_footer(PAGE_FOOTER);
    Ok(())
}

fn header(
    ws: &mut Worksheet,
    row: u32,
    names: &[String],
    text_columns: &[usize],
    f: &Formats,
    w: &mut Widths,
) -> Result<(), XlsxError> {
    // Headers wrap over up to three lines, so a column is as wide as its figures; a header over
    // text is aligned left like its text, over figures right.
    let left = f.header.clone().set_text_wrap();
    let right = f.header_right.clone().set_text_wrap();
    for (c, name) in names.iter().enumerate() {
        let format = if c == 0 || text_columns.contains(&c) {
            &left
        } else {
            &right
        };
        ws.write_string_with_format(row, c as u16, name, format)?;
        let word = name
            .split(' ')
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0);
        w.fit(c as u16, word.max(name.chars().count().div_ceil(3)).min(16));
    }
    ws.set_row_height(row, 45)?;
    Ok(())
}

fn text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    s: &str,
    f: &Formats,
    w: &mut Widths,
) -> Result<(), XlsxError> {
    if !s.is_empty() {
        ws.write_string_with_format(row, col, s, &f.text)?;
        w.fit(col, s.chars().count());
    }
    Ok(())
}

/// Column width (characters) of the first printed page of `Vergelijking` (A3 landscape at 70 %,
/// as LibreOffice prints it: about 198; some room kept).
const FIRST_PAGE_CHARS: f64 = 180.0;

/// Texts longer than this (reasons, solver status, sources) wrap in a column this wide, so that
/// the printed page shows them whole (helper 69: cut at "vergunning n" and "; pr").
const LONG_TEXT_CHARS: usize = 60;

/// A text that may be long: wrapped beyond [`LONG_TEXT_CHARS`]; `lines` grows to the lines it
/// takes, for the row's height.
fn long_text(
    ws: &mut Worksheet,
    (row, col): (u32, u16),
    s: &str,
    f: &Formats,
    w: &mut Widths,
    lines: &mut usize,
) -> Result<(), XlsxError> {
    let n = s.chars().count();
    if n <= LONG_TEXT_CHARS {
        return text(ws, row, col, s, f, w);
    }
    ws.write_string_with_format(row, col, s, &f.text_wrap)?;
    w.fit(col, LONG_TEXT_CHARS);
    // Counted a little narrower than the column, for the indent (as the plan's lists do).
    *lines = (*lines).max(wrapped_lines(s, LONG_TEXT_CHARS as f64 - 2.0));
    Ok(())
}

fn num(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    x: f64,
    format: &Format,
    w: &mut Widths,
) -> Result<(), XlsxError> {
    if x.is_finite() {
        ws.write_number_with_format(row, col, x, format)?;
        w.fit(col, 11);
    }
    Ok(())
}

/// A scenario's text for a measure, made and borrowed.
type RowText = fn(&ScenarioRow) -> String;
type RowStr = fn(&ScenarioRow) -> &str;

/// The measure of the solver's status: the first of those for the team.
const SOLVER_MEASURE: &str = "Solver";

/// One cell of the comparison's table.
enum Cell<'f> {
    Empty,
    /// A short text, on one line.
    Text(String),
    /// A text that may be long: wrapped where it is.
    Long(String),
    Num(f64, &'f Format),
}

/// What the comparison says of each scenario: a column of `Vergelijking` (one row per
/// scenario), a row of `Overzicht` (one column per scenario); `text` when it holds text.
struct Measure<'f> {
    name: String,
    text: bool,
    cells: Vec<Cell<'f>>,
}

/// Every measure of the comparison, in the order of `Vergelijking`'s columns: settings, homes,
/// per year, totals, what is left, reasons, solver and sources.
fn measures<'f>(c: &Comparison, f: &'f Formats) -> Vec<Measure<'f>> {
    let mut out: Vec<Measure<'f>> = Vec::new();
    let mut add = |name: String, text: bool, cell: &dyn Fn(usize, &ScenarioRow) -> Cell<'f>| {
        let cells = c.rows.iter().enumerate().map(|(i, r)| cell(i, r)).collect();
        out.push(Measure { name, text, cells });
    };
    let count = |n: usize| Cell::Num(n as f64, &f.int);
    let short: [(&str, RowText); 5] = [
        ("Scenario", |r| r.name.clone()),
        ("Bestand", |r| r.file.clone()),
        ("Start", |r| r.start_month.to_string()),
        ("Deadline", |r| r.deadline_month.to_string()),
        ("Doellabel", |r| r.target_label.clone()),
    ];
    for (name, value) in short {
        add(name.into(), true, &|_, r| Cell::Text(value(r)));
    }
    add("Prioriteit".into(), true, &|_, r| {
        Cell::Long(r.priority.clone())
    });
    add("Instellingen anders dan de basis".into(), true, &|i, r| {
        Cell::Long(
            match (i, r.settings_changed.is_empty()) {
                (0, _) => "basis",
                (_, true) => "geen (alleen naam of bestand)",
                _ => r.settings_changed.as_str(),
            }
            .to_string(),
        )
    });
    add("Woningen ingepland".into(), false, &|_, r| {
        count(r.homes_planned)
    });
    for (k, label) in ["G", "F", "E"].iter().enumerate() {
        add(format!("Waarvan {label}"), false, &|_, r| {
            count(r.planned_gfe[k])
        });
    }
    add("Projecten".into(), false, &|_, r| count(r.projects_planned));
    let years = &c.years;
    for &y in years {
        add(format!("Woningen gestart {y}"), false, &|_, r| {
            r.years
                .get(&y)
                .map_or(Cell::Empty, |fig| count(fig.homes_started))
        });
    }
    for &y in years {
        add(format!("Kosten {y}"), false, &|_, r| {
            r.years
                .get(&y)
                .map_or(Cell::Empty, |fig| Cell::Num(fig.cost_eur, &f.euro))
        });
        add(format!("Budget {y}"), false, &|_, r| {
            r.years
                .get(&y)
                .map_or(Cell::Empty, |fig| Cell::Num(fig.budget_eur, &f.euro))
        });
    }
    add("Totale kosten".into(), false, &|_, r| {
        Cell::Num(r.total_cost_eur, &f.euro_bold)
    });
    add(
        "Energie bespaard per jaar na het plan (MWh)".into(),
        false,
        &|_, r| Cell::Num(r.energy_saved_mwh_per_year, &f.thousands),
    );
    add("CO₂ minder t/m deadline (ton)".into(), false, &|_, r| {
        Cell::Num(r.co2_avoided_t_to_deadline, &f.decimal)
    });
    for &y in years {
        add(format!("EFG over eind {y}"), false, &|_, r| {
            r.efg_left.get(&y).map_or(Cell::Empty, |&n| count(n))
        });
    }
    add("EFG over bij deadline".into(), false, &|_, r| {
        count(r.efg_at_deadline)
    });
    add("Niet ingepland".into(), false, &|_, r| {
        count(r.not_planned_total)
    });
    add("Niet ingepland per reden".into(), true, &|_, r| {
        let reasons: Vec<String> = r
            .not_planned
            .iter()
            .map(|(k, n)| format!("{k} {}", crate::nl_format::number(*n)))
            .collect();
        Cell::Long(reasons.join(", "))
    });
    add("Projecten anders dan basis".into(), false, &|i, r| {
        if i == 0 {
            Cell::Text("basis".into())
        } else {
            count(r.projects_moved)
        }
    });
    // Printed here too: `Verschillen` prints only its table.
    add("Wat de verschuivingen opleveren".into(), true, &|i, r| {
        Cell::Long(if i == 0 {
            "basis".into()
        } else {
            r.moves_bought.clone().unwrap_or_default()
        })
    });
    add(SOLVER_MEASURE.into(), true, &|_, r| {
        Cell::Long(r.status.clone())
    });
    // Rounded up as the status's "kosten binnen" is (helper 69: 0,02 % beside "binnen 0,03 %"
    // in one row).
    add("Gap kosten".into(), false, &|_, r| {
        Cell::Num(gap_shown(r.cost_gap), &f.percent)
    });
    let sources: [(&str, RowStr); 4] = [
        ("Herkomst budget", |r| &r.budget_source),
        ("Herkomst capaciteit", |r| &r.capacity_source),
        ("Maatregelencatalogus", |r| &r.catalog_file),
        ("Soortenkalender", |r| &r.species_file),
    ];
    for (name, source) in sources {
        add(name.into(), true, &|_, r| Cell::Long(source(r).to_string()));
    }
    out
}

/// The notes under a comparison sheet's title: the stock, the baseline (its first row or
/// column, `first`), how the other scenarios are planned against it; and where a scenario is
/// not proven optimal, that a difference may come from that.
fn comparison_notes(c: &Comparison, stock_name: &str, first: &str) -> Vec<String> {
    let base = c.rows.first().map(|r| r.name.as_str()).unwrap_or("");
    let mut note = format!(
        "Bezit: {stock_name}. Eerste {first} is de basis ({base}). Elk ander scenario is gepland met de startmaanden van de basis als voorkeur: een project verschuift alleen als de regels van dat scenario de startmaand van de basis niet toestaan, of als dat woningen (bij slechtste labels eerst: G-, dan F-, dan E-woningen) scheelt, of kosten: meer dan de marge waarbinnen dat scenario de kosten bewijst (standaard 0,10 % boven de ondergrens; plannen binnen die marge tellen als even duur); de kolom Waarom zegt welke. Kosten geïndexeerd naar het startjaar."
    );
    // CO₂ to each scenario's own deadline is not comparable across deadlines (helper 88: 205 t
    // for a June deadline beside 350 t, though that scenario saved more a year).
    if c.rows
        .iter()
        .any(|r| Some(r.deadline_month) != c.rows.first().map(|b| b.deadline_month))
    {
        note.push_str(" De scenario's hebben niet dezelfde deadline: CO₂ minder t/m deadline telt tot de eigen deadline van elk scenario; Energie bespaard per jaar na het plan vergelijkt ze gelijk.");
    }
    let mut notes = vec![note];
    if c.rows
        .iter()
        .any(|r| !r.status.starts_with(SolveStatus::Optimal.dutch()))
    {
        notes.push(NOT_ALL_PROVEN_NOTE.to_string());
    }
    notes
}

/// Said under the title when a scenario is not proven optimal.
const NOT_ALL_PROVEN_NOTE: &str = "Let op: niet elk scenario is bewezen optimaal (kolom Solver). Daar kan een verschil met de basis ook komen doordat de solver op zijn rekenlimiet stopte (de tijdslimiet of het rekenwerk dat erbij hoort, zie Aannames), niet alleen uit de wijziging; een hogere tijdslimiet (--tijdslimiet) maakt die kans kleiner.";

fn comparison_sheet(c: &Comparison, stock_name: &str, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(COMPARISON_SHEET)?;
    let mut w = Widths::new();
    // The stock is named in the note below and in the page header: column A, printed on every
    // page, need only be as wide as the short title.
    let title = "Vergelijking van scenario's";
    ws.write_string_with_format(0, 0, title, &f.title)?;
    // The notes, written when the column widths are known (below).
    let notes = comparison_notes(c, stock_name, "rij");
    let measures = measures(c, f);
    let names: Vec<String> = measures.iter().map(|m| m.name.clone()).collect();
    let text_columns: Vec<usize> = (1..measures.len()).filter(|&k| measures[k].text).collect();
    let header_row = 3;
    header(&mut ws, header_row, &names, &text_columns, f, &mut w)?;
    for i in 0..c.rows.len() {
        let row = header_row + 1 + i as u32;
        let mut lines = 1;
        for (k, m) in measures.iter().enumerate() {
            let col = k as u16;
            match &m.cells[i] {
                Cell::Empty => {}
                Cell::Text(s) => text(&mut ws, row, col, s, f, &mut w)?,
                Cell::Long(s) => long_text(&mut ws, (row, col), s, f, &mut w, &mut lines)?,
                Cell::Num(x, format) => num(&mut ws, row, col, *x, format, &mut w)?,
            }
        }
        if lines > 1 {
            ws.set_row_height(row, 15.0 * lines as f64)?;
        }
    }
    w.apply(&mut ws)?;
    // Column A, repeated on every printed page, as wide as the scenario names and the title, so
    // that the title is not cut there (helper 69: "Vergelijking van s" on pages 2 to 4).
    let longest_name = c
        .rows
        .iter()
        .map(|r| r.name.chars().count())
        // The title's type is larger and bold: about 1.3 of a column's characters each.
        .chain([title.chars().count() * 13 / 10])
        .max()
        .unwrap_or(0);
    let first_width = (longest_name as f64 + 2.0).clamp(20.0, 50.0);
    ws.set_column_width(0, first_width)?;
    // The notes wrap over the columns after A that the first printed page holds: from column
    // B, since column A is printed again on every page, where a part of them would read cut.
    let note = f.note.clone().set_text_wrap().set_align(FormatAlign::Top);
    let mut last = 1u16;
    while (last as usize) + 1 < names.len()
        && first_width + w.sum_to(last + 1) - w.sum_to(0) <= FIRST_PAGE_CHARS
    {
        last += 1;
    }
    let merged = w.sum_to(last) - w.sum_to(0);
    for (row, text) in (1u32..).zip(&notes) {
        ws.merge_range(row, 1, row, last, text, &note)?;
        let lines = wrapped_lines(text, merged - 2.0);
        ws.set_row_height(row, 13.0 * lines as f64)?;
    }
    ws.set_freeze_panes(header_row + 1, 1)?;
    // Many columns: printed on A3 over several pages, each with the scenario names in front.
    wide_print_setup(&mut ws, header_row)?;
    ws.set_header(page_header(title, stock_name));
    Ok(ws)
}

/// `Overzicht`: `Vergelijking` turned a quarter, one column per scenario and a row per
/// measure, to print on one page wide for the budget round's memo (helper 104: `Vergelijking`
/// printed 6 pages wide, each with a few columns of three rows).
fn overview_sheet(c: &Comparison, stock_name: &str, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(OVERVIEW_SHEET)?;
    let title = "Overzicht van scenario's";
    ws.write_string_with_format(0, 0, title, &f.title)?;
    let measures = measures(c, f);
    let n = c.rows.len();
    let (label_width, width) = (30.0, if n <= 4 { 32.0 } else { 26.0 });
    ws.set_column_width(0, label_width)?;
    for k in 0..n {
        ws.set_column_width(1 + k as u16, width)?;
    }
    let top = |format: &Format| format.clone().set_align(FormatAlign::Top);
    let (label, wrap) = (top(&f.bold).set_text_wrap(), top(&f.text_wrap));
    // The notes of `Vergelijking`, with the line that this is its table turned.
    let mut notes = comparison_notes(c, stock_name, "kolom");
    notes[0] = format!(
        "De cijfers van het werkblad Vergelijking, met per scenario een kolom (om af te drukken). {}",
        notes[0]
    );
    let note = f.note.clone().set_text_wrap().set_align(FormatAlign::Top);
    let across = label_width + width * n as f64;
    for (i, text) in notes.iter().enumerate() {
        let row = 1 + i as u32;
        if n == 0 {
            ws.write_string_with_format(row, 0, text, &note)?;
        } else {
            ws.merge_range(row, 0, row, n as u16, text, &note)?;
        }
        ws.set_row_height(row, 13.0 * wrapped_lines(text, across - 2.0) as f64)?;
    }
    let header_row = 4u32;
    let header = f.header.clone().set_text_wrap().set_align(FormatAlign::Top);
    let mut row = header_row;
    for m in &measures {
        // The solver and the sources last, under a heading of their own: for the team, not
        // the board (helper 107: they mean nothing to a board member).
        if m.name == SOLVER_MEASURE {
            row += 1;
            ws.write_string_with_format(
                row,
                0,
                "Voor het team: rekenmodel en bronnen",
                &f.section,
            )?;
            row += 1;
        }
        let is_header = row == header_row;
        let mut lines = wrapped_lines(&m.name, label_width - 2.0);
        ws.write_string_with_format(row, 0, &m.name, if is_header { &header } else { &label })?;
        for (k, cell) in m.cells.iter().enumerate() {
            let col = 1 + k as u16;
            match cell {
                Cell::Empty => {}
                Cell::Text(s) | Cell::Long(s) => {
                    ws.write_string_with_format(
                        row,
                        col,
                        s,
                        if is_header { &header } else { &wrap },
                    )?;
                    lines = lines.max(wrapped_lines(s, width - 2.0));
                }
                Cell::Num(x, format) if x.is_finite() => {
                    ws.write_number_with_format(row, col, *x, &top(format))?;
                }
                Cell::Num(..) => {}
            }
        }
        if lines > 1 {
            ws.set_row_height(row, 15.0 * lines as f64)?;
        }
        row += 1;
    }
    ws.set_freeze_panes(header_row + 1, 1)?;
    // One page wide: A4 upright for one or two scenarios, lying for up to five, A3 beyond.
    if n > 2 {
        ws.set_landscape();
    }
    ws.set_paper_size(if n > 5 { 8 } else { 9 });
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, header_row)?;
    ws.set_footer(PAGE_FOOTER);
    ws.set_header(page_header(title, stock_name));
    Ok(ws)
}

/// The width of `Grafieken`'s data columns (characters).
const CHART_DATA_WIDTH: f64 = 12.0;

fn charts_sheet(c: &Comparison, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(CHARTS_SHEET)?;
    ws.write_string_with_format(0, 0, "Grafieken van de vergelijking", &f.title)?;
    let years = &c.years;
    let wrap = f.header_right.clone().set_text_wrap();
    let last_row = 0u32;
    // Chart data: EFG left per year end (one column per scenario), cost and budget per year.
    let efg_header = last_row + 3;
    ws.write_string_with_format(
        efg_header - 1,
        0,
        "EFG-woningen over per jaareinde",
        &f.section,
    )?;
    ws.write_string_with_format(efg_header, 0, "Jaar", &f.header)?;
    let cost_col0 = c.rows.len() as u16 + 2;
    ws.write_string_with_format(
        efg_header - 1,
        cost_col0,
        "Kosten en budget per jaar",
        &f.section,
    )?;
    ws.write_string_with_format(efg_header, cost_col0, "Jaar", &f.header)?;
    for (s, r) in c.rows.iter().enumerate() {
        let col = 1 + s as u16;
        ws.write_string_with_format(efg_header, col, &r.name, &wrap)?;
        ws.write_string_with_format(
            efg_header,
            cost_col0 + 1 + 2 * s as u16,
            format!("kosten {}", r.name),
            &wrap,
        )?;
        ws.write_string_with_format(
            efg_header,
            cost_col0 + 2 + 2 * s as u16,
            format!("budget {}", r.name),
            &wrap,
        )?;
    }
    for (k, y) in years.iter().enumerate() {
        let row = efg_header + 1 + k as u32;
        ws.write_number_with_format(row, 0, *y as f64, &f.int)?;
        ws.write_number_with_format(row, cost_col0, *y as f64, &f.int)?;
        for (s, r) in c.rows.iter().enumerate() {
            if let Some(n) = r.efg_left.get(y) {
                ws.write_number_with_format(row, 1 + s as u16, *n as f64, &f.int)?;
            }
            if let Some(fig) = r.years.get(y) {
                ws.write_number_with_format(
                    row,
                    cost_col0 + 1 + 2 * s as u16,
                    fig.cost_eur,
                    &f.euro,
                )?;
                ws.write_number_with_format(
                    row,
                    cost_col0 + 2 + 2 * s as u16,
                    fig.budget_eur,
                    &f.euro,
                )?;
            }
        }
    }
    // As many lines as the longest header takes in its column (helper 107: clipped at three).
    let header_lines = c
        .rows
        .iter()
        // Bold: about a sixth wider than the text [`wrapped_lines`] counts.
        .map(|r| {
            wrapped_lines(
                &format!("budget {}", r.name),
                (CHART_DATA_WIDTH - 1.0) * 0.85,
            )
        })
        .max()
        .unwrap_or(1)
        .max(3);
    ws.set_row_height(efg_header, 15.0 * header_lines as f64)?;
    let data_last = efg_header + years.len() as u32;
    if !years.is_empty() && !c.rows.is_empty() {
        let mut efg = Chart::new(ChartType::Line);
        for s in 0..c.rows.len() {
            let col = 1 + s as u16;
            line_series(&mut efg, CHARTS_SHEET, efg_header, data_last, col);
        }
        efg.title().set_name("EFG-woningen over per jaareinde");
        efg.y_axis().set_name("woningen E, F of G").set_min(0);
        efg.legend().set_position(ChartLegendPosition::Bottom);
        efg.set_width(900).set_height(340);
        let chart_row = data_last + 2;
        ws.insert_chart(chart_row, 0, &efg)?;

        let mut cost = Chart::new(ChartType::Column);
        let mut budget = Chart::new(ChartType::Line);
        for s in 0..c.rows.len() {
            let (cc, bc) = (cost_col0 + 1 + 2 * s as u16, cost_col0 + 2 + 2 * s as u16);
            cost.add_series()
                .set_name((CHARTS_SHEET, efg_header, cc))
                .set_categories((
                    CHARTS_SHEET,
                    efg_header + 1,
                    cost_col0,
                    data_last,
                    cost_col0,
                ))
                .set_values((CHARTS_SHEET, efg_header + 1, cc, data_last, cc));
            budget
                .add_series()
                .set_name((CHARTS_SHEET, efg_header, bc))
                .set_categories((
                    CHARTS_SHEET,
                    efg_header + 1,
                    cost_col0,
                    data_last,
                    cost_col0,
                ))
                .set_values((CHARTS_SHEET, efg_header + 1, bc, data_last, bc))
                .set_marker(
                    ChartMarker::new()
                        .set_type(ChartMarkerType::Diamond)
                        .set_size(7),
                );
        }
        cost.combine(&budget);
        cost.title()
            .set_name("Kosten per jaar tegen budget, per scenario");
        cost.y_axis().set_num_format(EURO_FORMAT).set_min(0);
        cost.legend().set_position(ChartLegendPosition::Bottom);
        cost.set_width(900).set_height(340);
        ws.insert_chart(chart_row + 19, 0, &cost)?;
    }
    ws.set_column_width(0, 8)?;
    ws.set_column_range_width(1, 2 + 3 * c.rows.len() as u16, CHART_DATA_WIDTH)?;
    ws.set_landscape();
    ws.set_paper_size(8); // A3
    ws.set_print_fit_to_pages(1, 0);
    ws.set_footer(PAGE_FOOTER);
    Ok(ws)
}

fn differences_sheet(c: &Comparison, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(DIFFERENCES_SHEET)?;
    let mut w = Widths::new();
    let base = c.rows.first().map(|r| r.name.as_str()).unwrap_or("");
    let title = "Projecten die anders starten dan in de basis";
    let subtitle = format!(
        "{} ten opzichte van de basis ({base}). Verschil: maanden later (+) of eerder (-) dan in de basis.",
        crate::nl_format::count(c.differences.len(), "project anders", "projecten anders")
    );
    ws.write_string_with_format(0, 0, title, &f.title)?;
    ws.write_string_with_format(1, 0, &subtitle, &f.note)?;
    // Per scenario whose moves buy homes or cost beyond the baseline mended: what they buy,
    // one line each under the subtitle.
    let bought: Vec<String> = c
        .rows
        .iter()
        .skip(1)
        .filter_map(|r| r.moves_bought.as_ref().map(|t| format!("{}: {t}", r.name)))
        .collect();
    for (i, line) in bought.iter().enumerate() {
        ws.write_string_with_format(2 + i as u32, 0, line, &f.note)?;
    }
    let mut names: Vec<String> = ["Project", "Corporatie", "Complex", "Woningen"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    names.extend(c.rows.iter().map(|r| format!("Start {}", r.name)));
    names.extend(
        c.rows
            .iter()
            .skip(1)
            .map(|r| format!("Verschil {} (mnd)", r.name)),
    );
    names.extend(c.rows.iter().skip(1).map(|r| format!("Waarom {}", r.name)));
    let header_row = 3 + bought.len() as u32;
    let why_first = 4 + 2 * c.rows.len() - 1;
    // The start columns hold a month or why it is not planned: left, both, so that a month
    // and the reason beside it do not run together on paper (helper 108).
    let text_columns: Vec<usize> = [1, 2]
        .into_iter()
        .chain(4..4 + c.rows.len())
        .chain(why_first..why_first + c.rows.len().saturating_sub(1))
        .collect();
    header(&mut ws, header_row, &names, &text_columns, f, &mut w)?;
    for (i, d) in c.differences.iter().enumerate() {
        let row = header_row + 1 + i as u32;
        text(&mut ws, row, 0, &d.project, f, &mut w)?;
        text(&mut ws, row, 1, &d.corporation, f, &mut w)?;
        text(&mut ws, row, 2, &d.complex, f, &mut w)?;
        num(&mut ws, row, 3, d.homes as f64, &f.int, &mut w)?;
        for (s, start) in d.starts.iter().enumerate() {
            let col = 4 + s as u16;
            match start {
                Ok(m) => text(&mut ws, row, col, &m.to_string(), f, &mut w)?,
                Err(reason) => text(&mut ws, row, col, reason, f, &mut w)?,
            }
        }
        for s in 1..d.starts.len() {
            let col = 4 + c.rows.len() as u16 + (s - 1) as u16;
            match d.change_months(s) {
                Some(m) => num(&mut ws, row, col, m as f64, &f.int, &mut w)?,
                None => {
                    let t = match (&d.starts[0], &d.starts[s]) {
                        (Ok(_), Err(_)) => "valt af",
                        (Err(_), Ok(_)) => "erbij",
                        _ => "",
                    };
                    text(&mut ws, row, col, t, f, &mut w)?;
                }
            }
        }
        let mut lines = 1;
        for s in 1..d.starts.len() {
            let at = (row, (why_first + s - 1) as u16);
            let why = d.why.get(s).map_or("", String::as_str);
            long_text(&mut ws, at, why, f, &mut w, &mut lines)?;
        }
        if lines > 1 {
            ws.set_row_height(row, 15.0 * lines as f64)?;
        }
    }
    if c.differences.is_empty() {
        ws.write_string_with_format(header_row + 1, 0, "geen verschillen", &f.note)?;
    }
    w.apply(&mut ws)?;
    // A stock of one corporation has no corporation names: the column stays out of sight.
    if c.differences.iter().all(|d| d.corporation.is_empty()) {
        ws.set_column_hidden(1)?;
    }
    ws.set_freeze_panes(header_row + 1, 1)?;
    // The reasons per scenario make it wide: over several pages, each with the project in
    // front (fit to one width it printed at about 3 pt). The title and its line go in the page
    // header, not in the rows above the table: column A, printed on every page, would cut them
    // there ("Projecter", helper 71).
    wide_print_setup(&mut ws, header_row)?;
    let last_row = header_row + (c.differences.len() as u32).max(1);
    ws.set_print_area(header_row, 0, last_row, names.len() as u16 - 1)?;
    let header_text: String = format!("{title}. {subtitle}")
        .replace('&', "&&")
        .chars()
        .take(240)
        .collect();
    ws.set_header(format!("&L{header_text}"));
    Ok(ws)
}

fn sensitivity_sheet(
    c: &Comparison,
    steps: &[BudgetStep],
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(SENSITIVITY_SHEET)?;
    let mut w = Widths::new();
    let base = c.rows.first().map(|r| r.name.as_str()).unwrap_or("");
    ws.write_string_with_format(0, 0, "Budgetgevoeligheid", &f.title)?;
    ws.write_string_with_format(
        1,
        0,
        format!(
            "Het budget van elk jaar geschaald naar een percentage van dat van de basis ({base}); al het andere gelijk. Extra woningen per € 100.000 extra budget (niet extra kosten): ten opzichte van de vorige stap.{}",
            // Summed over corporations, the figure hides which one's budget binds (helper
            // 101: another's extra budget bought nothing).
            if c.differences.iter().any(|d| !d.corporation.is_empty()) {
                " Met meer corporaties: het budget van elke corporatie geschaald, woningen en budget opgeteld over de corporaties; het getal ligt tussen dat van de corporaties afzonderlijk (bij de ene levert extra budget evenveel of meer woningen per € 100.000 op, bij de andere evenveel of minder; zie de plannen per corporatie)."
            } else {
                ""
            }
        ),
        &f.note,
    )?;
    let names: Vec<String> = [
        "Budget (% van basis)",
        "Budget hele horizon",
        "Woningen ingepland",
        "EFG over bij deadline",
        "Totale kosten",
        "Extra woningen per € 100.000 extra budget",
        "Solver",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let header_row = 3;
    header(&mut ws, header_row, &names, &[6], f, &mut w)?;
    for (i, s) in steps.iter().enumerate() {
        let row = header_row + 1 + i as u32;
        num(&mut ws, row, 0, s.pct as f64, &f.int, &mut w)?;
        num(&mut ws, row, 1, s.budget_eur, &f.euro, &mut w)?;
        num(&mut ws, row, 2, s.homes_planned as f64, &f.int, &mut w)?;
        num(&mut ws, row, 3, s.efg_at_deadline as f64, &f.int, &mut w)?;
        num(&mut ws, row, 4, s.total_cost_eur, &f.euro, &mut w)?;
        if let Some(x) = s.homes_per_100k {
            num(&mut ws, row, 5, x, &f.decimal, &mut w)?;
        }
        text(&mut ws, row, 6, &s.status, f, &mut w)?;
    }
    let last = header_row + steps.len() as u32;
    if !steps.is_empty() {
        let mut chart = Chart::new(ChartType::Line);
        for col in [2u16, 3u16] {
            line_series(&mut chart, SENSITIVITY_SHEET, header_row, last, col);
        }
        chart
            .title()
            .set_name("Woningen ingepland en EFG over, per budget");
        chart.x_axis().set_name("budget (% van de basis)");
        chart.y_axis().set_name("woningen").set_min(0);
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.set_width(620).set_height(320);
        ws.insert_chart(last + 2, 0, &chart)?;
    }
    w.apply(&mut ws)?;
    ws.set_column_width(0, 12)?;
    ws.set_column_width(6, 50)?;
    ws.set_freeze_panes(header_row + 1, 0)?;
    print_setup(&mut ws, header_row)?;
    Ok(ws)
}
