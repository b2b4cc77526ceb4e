//! The plan workbook (Dutch): Samenvatting with charts, the lists as Excel tables, Begroting,
//! Invoercontrole and Aannames. Built in memory with rust_xlsxwriter and written safely.

use std::path::Path;

use chrono::Datelike;
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFormat, ChartLegendPosition, ChartSolidFill, ChartType,
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Table, TableColumn, Workbook,
    Worksheet, XlsxError,
};

use super::safe_write::{write_bytes, OutputError};
use super::tables::{self, Kind, ListTable, Value};
use super::tenants::wrapped_lines;
use crate::impact::plan_impact;
use crate::model::StageKind;
use crate::plan::Plan;
use crate::stock::{Exclusion, Label};

pub const SUMMARY_SHEET: &str = "Samenvatting";
pub const ASSUMPTIONS_SHEET: &str = "Aannames";
/// Sheet names of the plan workbook, in order.
pub const SHEETS: [&str; 9] = [
    SUMMARY_SHEET,
    "Planning",
    "Projecten",
    "Begroting",
    "Gespikkeld",
    "Uitgesloten",
    "Niet ingepland",
    "Invoercontrole",
    ASSUMPTIONS_SHEET,
];

/// Writes the plan workbook to `path`; an existing file is replaced only after a complete write.
pub fn write_plan_workbook(plan: &Plan, path: &Path) -> Result<(), OutputError> {
    let bytes = plan_workbook_bytes(plan).map_err(|e| OutputError::Workbook {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    write_bytes(path, &bytes)
}

/// The plan workbook as xlsx bytes.
pub fn plan_workbook_bytes(plan: &Plan) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    wb.set_properties(&properties(plan, "Plan verduurzaming EFG-woningen")?);

    wb.push_worksheet(summary_sheet(plan, &f)?);
    if let Some(ws) = progress_sheet(plan, &f)? {
        wb.push_worksheet(ws);
    }
    wb.push_worksheet(list_sheet(plan, &tables::planning(plan), "Planning", &f)?);
    let projects = tables::projects(plan);
    let mut projects_ws = list_sheet(plan, &projects, "Projecten", &f)?;
    progress_inputs(&mut projects_ws, &projects, plan.projects.len())?;
    wb.push_worksheet(projects_ws);
    if let Some(left) = tables::left_homes(plan) {
        wb.push_worksheet(list_sheet(plan, &left, "WerkVorigPlan", &f)?);
    }
    wb.define_name(
        crate::replan::PROGRESS_CHECK_NAME,
        &format!("={}", progress_check(&projects)),
    )?;
    wb.push_worksheet(budget_sheet(plan, &f)?);
    wb.push_worksheet(list_sheet(
        plan,
        &tables::pepper_potted(plan),
        "Gespikkeld",
        &f,
    )?);
    wb.push_worksheet(list_sheet(
        plan,
        &tables::excluded(plan),
        "Uitgesloten",
        &f,
    )?);
    wb.push_worksheet(list_sheet(
        plan,
        &tables::not_planned(plan),
        "NietIngepland",
        &f,
    )?);
    wb.push_worksheet(list_sheet(
        plan,
        &tables::input_check(plan),
        "Invoercontrole",
        &f,
    )?);
    wb.push_worksheet(assumptions_sheet(plan, &f)?);
    wb.save_to_buffer()
}

/// Document properties with a fixed creation date (the first day of the plan's start month)
/// instead of the current time, so the same plan gives the same file.
pub(crate) fn properties(plan: &Plan, title: &str) -> Result<DocProperties, XlsxError> {
    let start = plan.scenario.start_month.first_day();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(start.year()).unwrap_or(2024),
        start.month() as u8,
        start.day() as u8,
    )?;
    Ok(DocProperties::new()
        .set_title(title)
        .set_subject(format!("Scenario {}", plan.scenario.name))
        .set_author(format!("retrofit {}", plan.tool_version))
        .set_comment(format!("Invoer: {}", plan.source.file_name))
        .set_creation_datetime(&created))
}

/// The cell formats used throughout.
pub(crate) struct Formats {
    pub title: Format,
    pub bold: Format,
    pub section: Format,
    pub header: Format,
    /// Header over a column of numbers.
    pub header_right: Format,
    pub euro: Format,
    pub euro_bold: Format,
    pub decimal: Format,
    pub decimal_bold: Format,
    /// Whole numbers with thousands separators.
    pub thousands: Format,
    pub thousands_bold: Format,
    /// Header over a number column whose name needs more than one line.
    pub header_wrap: Format,
    /// Header of a small table in `Aannames`: left, at the bottom, wrapped between words.
    pub header_block: Format,
    pub factor: Format,
    pub int: Format,
    pub date: Format,
    pub percent: Format,
    pub text: Format,
    /// Long text (a reason, a message): wrapped in its column.
    pub text_wrap: Format,
    pub note: Format,
}

pub(crate) const EURO_FORMAT: &str = "€ #,##0";

impl Formats {
    pub fn new() -> Formats {
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold(),
            section: Format::new().set_bold().set_font_size(12),
            header: Format::new()
                .set_bold()
                .set_background_color("#DDEBF7")
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::Left)
                .set_indent(1),
            header_right: Format::new()
                .set_bold()
                .set_background_color("#DDEBF7")
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::Right),
            euro: Format::new().set_num_format(EURO_FORMAT),
            euro_bold: Format::new().set_num_format(EURO_FORMAT).set_bold(),
            decimal: Format::new().set_num_format("0.0"),
            decimal_bold: Format::new().set_num_format("#,##0.0").set_bold(),
            thousands: Format::new().set_num_format("#,##0"),
            thousands_bold: Format::new().set_num_format("#,##0").set_bold(),
            header_block: Format::new()
                .set_bold()
                .set_background_color("#DDEBF7")
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::Bottom)
                .set_indent(1)
                .set_text_wrap(),
            header_wrap: Format::new()
                .set_bold()
                .set_background_color("#DDEBF7")
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::Right)
                .set_align(FormatAlign::Bottom)
                .set_text_wrap(),
            factor: Format::new().set_num_format("0.0000"),
            int: Format::new().set_num_format("0"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            percent: Format::new().set_num_format("0.00%"),
            // Indented, so text does not touch a right-aligned number in the column before.
            text: Format::new().set_align(FormatAlign::Left).set_indent(1),
            text_wrap: Format::new()
                .set_align(FormatAlign::Left)
                .set_indent(1)
                .set_text_wrap(),
            note: Format::new().set_italic().set_font_color("#595959"),
        }
    }

    fn for_kind(&self, kind: Kind) -> &Format {
        match kind {
            Kind::Text | Kind::Note => &self.text,
            Kind::Int => &self.int,
            Kind::Decimal => &self.decimal,
            Kind::Euro => &self.euro,
            Kind::Factor => &self.factor,
            Kind::Date => &self.date,
            Kind::Percent => &self.percent,
        }
    }
}

/// Writes one value with the format of its column kind.
pub(crate) fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: &Value,
    kind: Kind,
    f: &Formats,
) -> Result<(), XlsxError> {
    match value {
        Value::Text(s) if s.is_empty() => {}
        Value::Text(s) => {
            ws.write_string_with_format(row, col, s, f.for_kind(Kind::Text))?;
        }
        Value::Int(i) => {
            ws.write_number_with_format(row, col, *i as f64, f.for_kind(kind))?;
        }
        Value::Num(x) if x.is_finite() => {
            ws.write_number_with_format(row, col, *x, f.for_kind(kind))?;
        }
        // A value that is not a number is left empty rather than written as an error cell.
        Value::Num(_) => {}
        Value::Date(d) => {
            let date = ExcelDateTime::from_ymd(
                u16::try_from(d.year()).unwrap_or(1900),
                d.month() as u8,
                d.day() as u8,
            )?;
            ws.write_date_with_format(row, col, &date, &f.date)?;
        }
        Value::Empty => {}
    }
    Ok(())
}

/// Column widths from the content, in characters, kept between a minimum and a maximum.
pub(crate) struct Widths(Vec<f64>);

impl Widths {
    pub fn new() -> Widths {
        Widths(Vec::new())
    }

    pub fn fit(&mut self, col: u16, chars: usize) {
        let col = col as usize;
        if self.0.len() <= col {
            self.0.resize(col + 1, 0.0);
        }
        let w = (chars as f64 + 2.5).clamp(6.0, 60.0);
        if w > self.0[col] {
            self.0[col] = w;
        }
    }

    /// The sum of the column widths, in characters.
    pub fn total(&self) -> f64 {
        self.0.iter().sum()
    }

    /// The sum of the widths of columns 0 to `last`.
    pub fn sum_to(&self, last: u16) -> f64 {
        self.0.iter().take(last as usize + 1).sum()
    }

    pub fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (col, &w) in self.0.iter().enumerate() {
            if w > 0.0 {
                ws.set_column_width(col as u16, w)?;
            }
        }
        Ok(())
    }
}

/// Texts longer than this wrap within their column.
const WRAP_CHARS: usize = 40;

/// Texts in the narrower columns of `Aannames` wrap beyond this.
const NARROW_WRAP_CHARS: usize = 22;

/// The width used to count the lines of a wrapped text: less than the column's (`WRAP_CHARS`
/// and 2.5 for the margin, [`Widths::fit`]), for the indent, so a row is rather too tall than
/// too short (its lines would run over the next row). At 36, a text of two lines in
/// LibreOffice's rendering was given three (`Niet ingepland`, rendered); 40 counts 45
/// characters a line where the column holds about 48.
const WRAPPED_WIDTH: f64 = WRAP_CHARS as f64;

/// The header of a table in the documents for people (municipality, tenants): bold on the plan's
/// blue, wrapped, on the bottom line.
pub fn document_header() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#DDEBF7")
        .set_border_bottom(FormatBorder::Thin)
        .set_align(FormatAlign::Bottom)
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Writes `table` at `first_row` as an Excel table named `name` (header row always present,
/// also for an empty list) and returns the last row it occupies.
pub(crate) fn write_list(
    ws: &mut Worksheet,
    table: &ListTable,
    first_row: u32,
    name: &str,
    f: &Formats,
    widths: &mut Widths,
) -> Result<u32, XlsxError> {
    for (r, row) in table.rows.iter().enumerate() {
        let excel_row = first_row + 1 + r as u32;
        let mut lines = 1;
        for (c, (value, column)) in row.iter().zip(&table.columns).enumerate() {
            match value {
                // A note runs on to the right, in a column as wide as a wrapped one.
                Value::Text(s) if column.kind == Kind::Note && !s.is_empty() => {
                    ws.write_string_with_format(excel_row, c as u16, s, &f.text)?;
                    widths.fit(c as u16, char_len(s).min(WRAP_CHARS));
                }
                // Long text wraps in a column of at most WRAP_CHARS instead of being cut off.
                Value::Text(s) if char_len(s) > WRAP_CHARS => {
                    ws.write_string_with_format(excel_row, c as u16, s, &f.text_wrap)?;
                    widths.fit(c as u16, WRAP_CHARS);
                    lines = lines.max(wrapped_lines(s, WRAPPED_WIDTH));
                }
                _ => {
                    write_value(ws, excel_row, c as u16, value, column.kind, f)?;
                    widths.fit(c as u16, char_len(&value.display(column.kind)));
                }
            }
        }
        // Spreadsheet programs do not reliably grow a row for wrapped text when opening.
        if lines > 1 {
            ws.set_row_height(excel_row, 15.0 * lines as f64)?;
        }
    }
    let columns: Vec<TableColumn> = table
        .columns
        .iter()
        .map(|c| {
            // Set explicitly (not only through the table style) so every viewer shows it.
            let format = if matches!(c.kind, Kind::Text | Kind::Note) {
                &f.header
            } else {
                &f.header_right
            };
            TableColumn::new()
                .set_header(c.name)
                .set_header_format(format.clone())
        })
        .collect();
    for (c, column) in table.columns.iter().enumerate() {
        // Room for the filter button next to the header (on screen; on paper it is a margin).
        widths.fit(c as u16, char_len(column.name) + 1);
    }
    // Excel needs a data row in a table; an empty list gets one empty row.
    let last_row = first_row + (table.rows.len() as u32).max(1);
    let last_col = (table.columns.len() as u16).saturating_sub(1);
    let excel_table = Table::new().set_columns(&columns).set_name(name);
    ws.add_table(first_row, 0, last_row, last_col, &excel_table)?;
    Ok(last_row)
}

/// The title every page of the plan workbook carries in its header.
pub const PLAN_TITLE: &str = "Plan verduurzaming EFG-woningen";

/// Page header and footer: the document's title left (and, with `name_sheet`, the sheet: the
/// plan workbook's many sheets; a document of one sheet named like its title would read
/// "... voor de gemeente – Gespikkeld", helper 56), right the input file (the plan workbook)
/// or the months planned (a document); the scenario left and the page number ("pagina 2 van
/// 5") right.
pub(crate) fn print_header_footer(
    ws: &mut Worksheet,
    title: &str,
    name_sheet: bool,
    plan: &Plan,
) -> Result<(), XlsxError> {
    // `&` starts a code in a header; a name may be long, and a header holds 255 characters.
    let clean = |s: &str, max: usize| -> String {
        let s: String = s.chars().take(max).collect();
        s.replace('&', "&&")
    };
    // The team's workbook names its input file; a document for people outside the team names
    // the period it plans instead (helper 66: a municipality has no use for the name of the
    // corporation's export file).
    // A re-plan's documents say from when they hold (helper 98: January's and July's printed
    // the same header, and could not be told apart).
    let revised = plan.progress.as_ref().map_or(String::new(), |p| {
        format!(", herzien per {}", super::tenants::long_month(p.from))
    });
    let right = if name_sheet {
        clean(&plan.source.file_name, 60)
    } else {
        format!(
            "planning {} t/m {}{revised}",
            plan.scenario.start_month, plan.scenario.deadline_month
        )
    };
    ws.set_header(format!(
        "&L&B{}&B{}&R{right}",
        clean(title, 80),
        if name_sheet { " – &A" } else { "" },
    ));
    ws.set_footer(format!(
        "&LScenario: {}&Rpagina &P van &N",
        clean(&plan.scenario.name, 80)
    ));
    Ok(())
}

/// Column width (characters) that one landscape page holds at the smallest print scale we
/// accept (65 %, text of about 7 pt): A4 and A3, as LibreOffice prints with margins of 0.4
/// inch (measured: about 98 and 139 characters at 100 %; its default font is wider than
/// Excel's Calibri, so Excel has room to spare).
const A4_CHARS_AT_65: f64 = 150.0;
const A3_CHARS_AT_65: f64 = 213.0;

/// Landscape, fit to the width: A4 when the sheet fits at a readable size, else A3, and a sheet
/// wider than one A3 page at that size over several pages side by side, with the columns up to
/// `repeat_cols` (the one that says which home a row is) repeated on each. Header rows repeat,
/// and every page has a header and footer.
fn print_setup(
    ws: &mut Worksheet,
    repeat_header: Option<u32>,
    width_chars: f64,
    repeat_cols: Option<(u16, f64)>,
    plan: &Plan,
) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    // Excel's paper codes: 9 = A4, 8 = A3.
    if width_chars <= A4_CHARS_AT_65 {
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 0);
    } else {
        ws.set_paper_size(8);
        let mut pages = 1;
        // A sheet somewhat wider than that, or one without a column to repeat, still goes on
        // one page width (down to about 57 %): a second page without the row's key is hard
        // to read.
        if repeat_cols.is_some() && width_chars > A3_CHARS_AT_65 * 1.15 {
            let repeated = repeat_cols.map_or(0.0, |(_, w)| w);
            // Each further page also carries the repeated columns.
            let room = (A3_CHARS_AT_65 - repeated).max(A3_CHARS_AT_65 / 2.0);
            pages = ((width_chars - repeated) / room).ceil().max(1.0) as u16;
            if let Some((last, _)) = repeat_cols {
                ws.set_repeat_columns(0, last)?;
            }
        }
        ws.set_print_fit_to_pages(pages, 0);
    }
    if let Some(row) = repeat_header {
        ws.set_repeat_rows(row, row)?;
    }
    print_header_footer(ws, PLAN_TITLE, true, plan)
}

/// A sheet holding one list as an Excel table with a frozen header row.
fn list_sheet(
    plan: &Plan,
    table: &ListTable,
    table_name: &str,
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(table.sheet)?;
    let mut widths = Widths::new();
    let last_row = write_list(&mut ws, table, 0, table_name, f, &mut widths)?;
    widths.apply(&mut ws)?;
    ws.set_freeze_panes(1, 0)?;
    // A note in the last column runs on to the right on screen; on paper, where it would make
    // the page as wide as its longest text (rendered: a page of unreadable 2 pt text), the
    // sheet prints without it; the reason's line before it says it all in short.
    let mut printed_width = widths.total();
    if let Some(last) = table.columns.len().checked_sub(1) {
        if table.columns[last].kind == Kind::Note && last > 0 {
            let last = last as u16;
            ws.set_print_area(0, 0, last_row, last - 1)?;
            printed_width = widths.sum_to(last - 1);
        }
    }
    // The column that says which home (or project) a row is, repeated on each page of a wide
    // sheet (with the corporation before it, where there is one).
    let repeat = table
        .column_index("vhe")
        .or_else(|| table.column_index("project"))
        .filter(|&last| last <= 1)
        .map(|last| (last as u16, widths.sum_to(last as u16)));
    print_setup(&mut ws, Some(0), printed_width, repeat, plan)?;
    Ok(ws)
}

/// Sheet `Voortgang` of a re-plan: at the top whether the stock is EFG-free by the deadline,
/// the warnings about the previous plan, then per project of the previous plan its months.
fn progress_sheet(plan: &Plan, f: &Formats) -> Result<Option<Worksheet>, XlsxError> {
    let (Some(report), Some(table)) = (&plan.progress, tables::progress(plan)) else {
        return Ok(None);
    };
    let mut ws = Worksheet::new();
    ws.set_name(table.sheet)?;
    ws.write_string_with_format(0, 0, "Voortgang tegen het vorige plan", &f.title)?;
    ws.write_string_with_format(
        1,
        0,
        format!(
            "Vorig plan {}; opnieuw gepland vanaf {}",
            report.previous_file, report.from
        ),
        &f.note,
    )?;
    // The headline and the warnings come after the tables: they wrap over the tables' width,
    // known once the tables are written (a long line left to run on made the printed page
    // scale to a few points).
    let mut row = 5 + report.warnings.len() as u32;
    let mut widths = Widths::new();
    if let Some(years) = tables::progress_years(plan) {
        ws.write_string_with_format(
            row + 1,
            0,
            "Per jaar: vorig plan, gereed en prognose",
            &f.section,
        )?;
        row = write_list(&mut ws, &years, row + 2, "VoortgangPerJaar", f, &mut widths)? + 2;
        let title = if report.new_projects.is_empty() {
            "Per project van het vorige plan"
        } else {
            "Per project van het vorige plan, en de projecten nieuw in dit plan"
        };
        ws.write_string_with_format(row, 0, title, &f.section)?;
    }
    write_list(&mut ws, &table, row + 1, "Voortgang", f, &mut widths)?;
    widths.apply(&mut ws)?;
    let last_col = (table.columns.len().max(1) - 1) as u16;
    let width = widths.sum_to(last_col);
    let paragraph = |ws: &mut Worksheet, row: u32, text: &str, format: &Format| {
        let lines = wrapped_lines(text, width).max(1);
        ws.merge_range(row, 0, row, last_col, text, format)?;
        ws.set_row_height(row, 15.0 * lines as f64).map(|_| ())
    };
    paragraph(
        &mut ws,
        3,
        &report.headline,
        &f.section.clone().set_text_wrap(),
    )?;
    if let Some(moves) = &report.moves {
        paragraph(&mut ws, 4, moves, &f.text_wrap)?;
    }
    for (i, w) in report.warnings.iter().enumerate() {
        paragraph(&mut ws, 5 + i as u32, &format!("Let op: {w}"), &f.text_wrap)?;
    }
    print_setup(&mut ws, None, widths.total(), None, plan)?;
    Ok(Some(ws))
}

/// The columns a user fills in for a re-plan (`voortgang`, `werkelijke_start`,
/// `werkelijk_gereed`): a drop-down list on `voortgang`, an input message on each and a note on
/// the `voortgang` header explaining how to use them.
fn progress_inputs(
    ws: &mut Worksheet,
    table: &tables::ListTable,
    rows: usize,
) -> Result<(), XlsxError> {
    use crate::replan::{ACTUAL_END_COLUMN, ACTUAL_START_COLUMN, PROGRESS_COLUMN, PROGRESS_VALUES};
    use rust_xlsxwriter::{DataValidation, Note};
    let last = rows.max(1) as u32;
    if let Some(j) = table.column_index(PROGRESS_COLUMN) {
        let list = DataValidation::new()
            .allow_list_strings(&PROGRESS_VALUES)?
            .set_input_title("voortgang")?
            .set_input_message(
                "gereed, in uitvoering, vastgelegd of leeg (open: mag opnieuw gepland worden)",
            )?;
        ws.add_data_validation(1, j as u16, last, j as u16, &list)?;
        ws.insert_note(
            0,
            j as u16,
            &Note::new(
                "Vul bij de monitoring (Q2 en Q4) per project de voortgang in: gereed, in uitvoering of vastgelegd (contract getekend: blijft in zijn maand); leeg = open, mag opnieuw gepland worden. Begon een project in een andere maand dan gepland, vul dan werkelijke_start in (JJJJ-MM); is het klaar, vul werkelijk_gereed in (JJJJ-MM). Plan daarna opnieuw met: retrofit plan BEZIT --vorig-plan DIT-BESTAND.xlsx --vanaf JJJJ-MM. Gaat een open project niet door, dan zegt het bezit waarom (strategie verkoop of sloop, of status opname voldoende): pas het daar aan; het nieuwe plan laat het project dan weg en zegt dat.",
            )
            .set_author("retrofit"),
        )?;
    }
    for name in [ACTUAL_START_COLUMN, ACTUAL_END_COLUMN] {
        if let Some(j) = table.column_index(name) {
            let v = DataValidation::new()
                .allow_any_value()
                .set_input_title(name)?
                .set_input_message("maand als JJJJ-MM, bv. 2025-04; leeg als gepland")?;
            ws.add_data_validation(1, j as u16, last, j as u16, &v)?;
        }
    }
    Ok(())
}

/// The check number of the progress written on `Projecten` (a re-plan's carried-over progress;
/// none in a first plan): see [`crate::replan::entered_progress`].
fn progress_check(projects: &tables::ListTable) -> u32 {
    use crate::replan::{ACTUAL_END_COLUMN, ACTUAL_START_COLUMN, PROGRESS_COLUMN};
    let cols = [
        "project",
        PROGRESS_COLUMN,
        ACTUAL_START_COLUMN,
        ACTUAL_END_COLUMN,
    ]
    .map(|name| projects.column_index(name));
    let rows: Vec<[String; 4]> = projects
        .rows
        .iter()
        .map(|row| {
            cols.map(|c| match c.and_then(|c| row.get(c)) {
                Some(tables::Value::Text(s)) => s.trim().to_string(),
                _ => String::new(),
            })
        })
        .collect();
    crate::replan::progress_check(&rows)
}

/// Sheet `Begroting`: per quarter and year against the budget; below it per complex and year.
fn budget_sheet(plan: &Plan, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name("Begroting")?;
    let mut widths = Widths::new();
    let last = write_list(
        &mut ws,
        &tables::budget(plan),
        0,
        "Begroting",
        f,
        &mut widths,
    )?;
    let title_row = last + 2;
    ws.write_string_with_format(title_row, 0, "Kosten per complex en jaar", &f.section)?;
    write_list(
        &mut ws,
        &tables::budget_per_complex(plan),
        title_row + 1,
        "BegrotingComplex",
        f,
        &mut widths,
    )?;
    widths.apply(&mut ws)?;
    ws.set_freeze_panes(1, 0)?;
    // Two tables: repeating the first one's header over the second would mislead.
    print_setup(&mut ws, None, widths.total(), None, plan)?;
    Ok(ws)
}

/// The colour of each label in charts, green (A++++) to red (G), after the label sticker.
fn label_color(label: Label) -> &'static str {
    match label {
        Label::APlus4 => "#005A24",
        Label::APlus3 => "#006B2D",
        Label::APlus2 => "#007D35",
        Label::APlus1 => "#008F3D",
        Label::A => "#00A651",
        Label::B => "#50B848",
        Label::C => "#BED630",
        Label::D => "#FFF200",
        Label::E => "#FDB913",
        Label::F => "#F37021",
        Label::G => "#ED1C24",
    }
}

/// One line of the key figures.
struct Figure {
    label: String,
    value: Value,
    kind: Kind,
}

/// Characters of a key figure's text that fit in one line of the two value columns.
const KEY_TEXT_CHARS: usize = 30;

/// Where `Samenvatting`'s key figure "Let op (tempo)" sends the reader: the whole note, written
/// over the sheet's width under the charts.
const PACE_NOTE_BELOW: &str = "toelichting onder de grafieken";

/// The note's last column (the year table's, A to H) and about the width of A to H in
/// characters, for its height.
const PACE_NOTE_LAST_COL: u16 = 7;
const PACE_NOTE_WIDTH_CHARS: f64 = 170.0;

fn figure(label: impl Into<String>, value: Value, kind: Kind) -> Figure {
    Figure {
        label: label.into(),
        value,
        kind,
    }
}

fn count(n: usize) -> Value {
    Value::Int(n as i64)
}

/// Per year, summed over corporations: cost, budget, homes started and finished, escalation.
struct YearRow {
    year: i32,
    cost_eur: f64,
    budget_eur: f64,
    started: usize,
    finished: usize,
    escalation: f64,
}

fn year_rows(plan: &Plan) -> Vec<YearRow> {
    let mut rows: Vec<YearRow> = Vec::new();
    for y in &plan.years {
        match rows.iter_mut().find(|r| r.year == y.year) {
            Some(r) => {
                r.cost_eur += y.cost_eur;
                r.budget_eur += y.budget_eur;
                r.started += y.homes_started;
                r.finished += y.homes_finished;
            }
            None => rows.push(YearRow {
                year: y.year,
                cost_eur: y.cost_eur,
                budget_eur: y.budget_eur,
                started: y.homes_started,
                finished: y.homes_finished,
                escalation: y.escalation_factor,
            }),
        }
    }
    rows.sort_by_key(|r| r.year);
    rows
}

/// At most this many corporations get a row each in `Samenvatting` (more: `Begroting`).
const CORPORATIONS_IN_SUMMARY: usize = 12;

/// One corporation's cost and budget over the whole planning, and its homes planned and not.
struct CorporationRow {
    name: String,
    cost_eur: f64,
    budget_eur: f64,
    planned: usize,
    not_planned: usize,
}

/// Whether `Samenvatting` has a row per corporation: 2 to [`CORPORATIONS_IN_SUMMARY`].
fn corporations_in_summary(plan: &Plan) -> bool {
    (2..=CORPORATIONS_IN_SUMMARY).contains(&plan.corporations().len())
}

/// Per corporation named in the plan's years, in their order.
fn corporation_rows(plan: &Plan) -> Vec<CorporationRow> {
    fn count<'a>(
        corporations: impl Iterator<Item = &'a str>,
    ) -> std::collections::BTreeMap<&'a str, usize> {
        let mut n = std::collections::BTreeMap::new();
        for c in corporations {
            *n.entry(c).or_default() += 1;
        }
        n
    }
    let planned = count(plan.planned.iter().map(|h| h.corporation.as_str()));
    let not_planned = count(plan.not_planned.iter().map(|h| h.corporation.as_str()));
    let mut rows: Vec<CorporationRow> = Vec::new();
    for y in &plan.years {
        let row = match rows.iter_mut().position(|r| r.name == y.corporation) {
            Some(i) => &mut rows[i],
            None => {
                let name = y.corporation.as_str();
                rows.push(CorporationRow {
                    name: y.corporation.clone(),
                    cost_eur: 0.0,
                    budget_eur: 0.0,
                    planned: planned.get(name).copied().unwrap_or(0),
                    not_planned: not_planned.get(name).copied().unwrap_or(0),
                });
                rows.last_mut().expect("just pushed")
            }
        };
        row.cost_eur += y.cost_eur;
        row.budget_eur += y.budget_eur;
    }
    rows
}

/// With several corporations, the years in which one of them costs more than its budget: a
/// note under the table that adds them up.
fn corporations_over_budget(plan: &Plan) -> Option<String> {
    let corporations = plan.corporations();
    if corporations.len() < 2 {
        return None;
    }
    let over: Vec<String> = plan
        .years
        .iter()
        .filter(|y| y.cost_eur > y.budget_eur + 0.5)
        .map(|y| {
            format!(
                "{} in {}: {} tegen een budget van {}",
                y.corporation,
                y.year,
                crate::nl_format::euro(y.cost_eur),
                crate::nl_format::euro(y.budget_eur)
            )
        })
        .collect();
    (!over.is_empty()).then(|| {
        format!(
            "Let op: de ruimte hierboven telt de corporaties samen; over het eigen budget {} {} (zie Begroting)",
            if over.len() == 1 { "gaat" } else { "gaan" },
            over.join("; ")
        )
    })
}

/// The key figures at the top of `Samenvatting`, labels as the tests and users look them up.
fn key_figures(plan: &Plan) -> Vec<Figure> {
    use Kind::*;
    let s = &plan.scenario;
    let mut v = vec![
        figure("Scenario", Value::text(&s.name), Text),
        figure(
            "Planperiode",
            Value::Text(format!("{} t/m {}", s.start_month, s.deadline_month)),
            Text,
        ),
        figure(
            "Doellabel",
            Value::Text(format!("{} of beter", s.target_label)),
            Text,
        ),
        figure("Prioriteit", Value::text(s.priority.dutch()), Text),
    ];
    // A re-plan says so at the top: its figures hold pinned work and a new start.
    if let Some(p) = &plan.progress {
        v.push(figure(
            "Opnieuw gepland",
            Value::Text(format!(
                "vanaf {} tegen het vorige plan {} (zie blad Voortgang)",
                p.from, p.previous_file
            )),
            Text,
        ));
    }
    v.extend([
        figure("Invoerbestand", Value::text(&plan.source.file_name), Text),
        figure("Woningen ingelezen", count(plan.homes_read), Int),
        figure("Woningen met label E, F of G", count(plan.efg_homes), Int),
        figure(
            "Woningen zonder label E, F of G (alleen geteld)",
            count(plan.not_efg_homes),
            Int,
        ),
    ]);
    for (reason, n) in plan.excluded_by_reason() {
        v.push(figure(format!("Uitgesloten: {reason}"), count(n), Int));
    }
    v.push(figure(
        "Uitgesloten, totaal",
        count(plan.excluded.len()),
        Int,
    ));
    for y in year_rows(plan) {
        v.push(figure(
            format!("Ingepland, start in {}", y.year),
            count(y.started),
            Int,
        ));
    }
    v.push(figure("Ingepland, totaal", count(plan.planned.len()), Int));
    for (reason, n) in plan.not_planned_by_reason() {
        v.push(figure(format!("Niet ingepland: {reason}"), count(n), Int));
    }
    v.push(figure(
        "Niet ingepland, totaal",
        count(plan.not_planned.len()),
        Int,
    ));
    // What the homes left out would cost, for the budget round (helper 98): at the catalog's
    // prices, as their start (which sets escalation and maintenance saving) is not known.
    let priced: Vec<f64> = plan
        .not_planned
        .iter()
        .filter_map(|h| h.package_cost_eur)
        .collect();
    if !priced.is_empty() {
        v.push(figure(
            // Short enough for the column's printed width (helper 100: the price level was
            // cut off on paper); the README says the rest.
            format!(
                "Niet ingepland: pakketkosten (prijspeil {})",
                plan.scenario.cost.price_level_year
            ),
            Value::Num(priced.iter().sum()),
            Euro,
        ));
    }
    if let Some(last) = plan.labels.last() {
        v.push(figure(
            format!("Woningen E, F of G na het plan ({})", last.moment),
            count(last.efg),
            Int,
        ));
        // Homes whose work the stock records as done or under way keep the stock's label in
        // that count (the plan does not know their new one): said, lest the count read as work
        // left (helper 58).
        // Those of pinned work count with the label the previous plan gave them (counted by
        // home: pinned work's homes excluded for another reason, a sale, are not among these;
        // helper 95 saw -1 where they were subtracted).
        let upgraded = plan.carried_upgraded_homes_by(crate::scenario::Month::new(
            plan.scenario.deadline_month.year(),
            12,
        ));
        let worked = plan
            .excluded
            .iter()
            .filter(|h| {
                [Exclusion::Done, Exclusion::InProgress]
                    .iter()
                    .any(|e| h.category == e.reason())
                    && !upgraded.contains(h.vhe.as_str())
            })
            .count();
        if worked > 0 {
            v.push(figure(
                "waarvan uitgevoerd of in uitvoering: in het bezit nog E, F of G (registreer na afronding het nieuwe label)",
                count(worked),
                Int,
            ));
        }
    }
    let imp = plan_impact(plan);
    v.push(figure(
        "Energie bespaard per jaar na het plan (MWh primair fossiel)",
        Value::Num(imp.energy_saved_kwh_per_year / 1000.0),
        Decimal,
    ));
    v.push(figure(
        "CO₂ minder per jaar na het plan (ton)",
        Value::Num(imp.co2_avoided_kg_per_year / 1000.0),
        Decimal,
    ));
    v.push(figure(
        format!("CO₂ minder t/m {} (ton)", s.deadline_month),
        Value::Num(imp.co2_avoided_kg_to_deadline / 1000.0),
        Decimal,
    ));
    v.push(figure(
        "Waarschuwingen bij de invoer",
        count(plan.warnings.len()),
        Int,
    ));
    v.push(figure(
        "Overgeslagen rijen (zie Invoercontrole)",
        count(plan.skipped.len()),
        Int,
    ));
    v.push(figure(
        "Totale kosten (geïndexeerd)",
        Value::Num(plan.total_cost_eur()),
        Euro,
    ));
    if plan.carried_cost_eur().abs() >= 0.5 {
        v.push(figure(
            "Waarvan werk vorig plan (woningen niet meer in plan)",
            Value::Num(plan.carried_cost_eur()),
            Euro,
        ));
        v.push(figure(
            "Woningen in dat werk (niet in de aantallen hier; wel in Voortgang)",
            count(plan.carried_homes()),
            Int,
        ));
    }
    v.push(figure(
        "Status rekenmodel",
        Value::text(plan.solve.status_dutch()),
        Text,
    ));
    if let Some(note) = plan.solve.clock_note() {
        v.push(figure("Let op (tijdslimiet)", Value::text(note), Text));
    }
    // The figure here, the whole note under the charts (helper 106: 20 lines in the narrow
    // value column, its label at the bottom).
    if plan.pace_note().is_some() {
        let figure_text = match &plan.solve.free_pace {
            Some(f) => format!("{}; {PACE_NOTE_BELOW}", f.short_dutch()),
            None => PACE_NOTE_BELOW.to_string(),
        };
        v.push(figure("Let op (tempo)", Value::text(figure_text), Text));
    }
    // Rounded up to the 0.01 % the cell shows, as the status line's "binnen" is: the two then
    // read the same, and neither claims less than the truth.
    for (label, kinds) in GAP_ROWS {
        let gap = match plan.solve.gap_of(kinds) {
            Some(gap) => Value::Num(gap_shown(gap)),
            None => Value::text(GAP_UNKNOWN),
        };
        v.push(figure(format!("Gap {label} (relatief)"), gap, Percent));
    }
    v.push(figure(
        "Rekentijd (s)",
        Value::Num(plan.solve.time_s),
        Decimal,
    ));
    v
}

/// A gap rounded up to the 0.01 % a percent cell shows: never less than the truth.
pub(crate) fn gap_shown(gap: f64) -> f64 {
    ((gap * 1e4) - 1e-9).ceil().max(0.0) / 1e4
}

/// The gap when a homes or cost stage has no bound: not 100 %, unknown.
const GAP_UNKNOWN: &str = "onbekend: een stap heeft nog geen grens";

/// The gaps `Samenvatting` and `Aannames` show, each the largest of its stages (over every
/// corporation): the homes, with the label stages of `worst_label_first`, and the cost.
const GAP_ROWS: [(&str, &[StageKind]); 2] = [
    ("woningen", &[StageKind::Homes, StageKind::LabelHomes]),
    ("kosten", &[StageKind::Cost]),
];

/// A header row of a `Samenvatting` table: its first column (a name) left, the figures right.
fn summary_header_row(
    ws: &mut Worksheet,
    row: u32,
    headers: &[&str],
    f: &Formats,
) -> Result<(), XlsxError> {
    for (c, h) in headers.iter().enumerate() {
        let format = if c == 0 { &f.header } else { &f.header_right };
        ws.write_string_with_format(row, c as u16, *h, format)?;
    }
    Ok(())
}

/// Sheet `Samenvatting`: key figures, cost against budget per year, labels per moment, charts.
fn summary_sheet(plan: &Plan, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(SUMMARY_SHEET)?;
    ws.write_string_with_format(0, 0, "Plan verduurzaming EFG-woningen", &f.title)?;
    ws.write_string_with_format(
        1,
        0,
        format!(
            "Scenario {}; invoer {}; retrofit {}",
            plan.scenario.name, plan.source.file_name, plan.tool_version
        ),
        &f.note,
    )?;

    let mut row = 3;
    let top = |format: &Format| format.clone().set_align(FormatAlign::Top);
    let (label_top, wrap_top) = (Format::new().set_align(FormatAlign::Top), top(&f.text_wrap));
    for fig in key_figures(plan) {
        match &fig.value {
            // A long text (the solver's status) wraps over the two value columns instead of
            // running under the charts beside them; its label at its first line.
            Value::Text(text) if char_len(text) > KEY_TEXT_CHARS => {
                ws.write_string_with_format(row, 0, &fig.label, &label_top)?;
                ws.merge_range(row, 1, row, 2, text, &wrap_top)?;
                let lines = char_len(text).div_ceil(KEY_TEXT_CHARS);
                ws.set_row_height(row, 15.0 * lines as f64)?;
            }
            value => {
                ws.write_string(row, 0, &fig.label)?;
                write_value(&mut ws, row, 1, value, fig.kind, f)?;
            }
        }
        row += 1;
    }
    if tables::has_corporations(plan) {
        ws.write_string_with_format(
            row,
            0,
            if corporations_in_summary(plan) {
                "Kosten en budget hieronder zijn opgeteld over de corporaties; per corporatie: zie de tabel Per corporatie en Begroting."
            } else {
                "Kosten en budget hieronder zijn opgeteld over de corporaties; per corporatie: zie Begroting."
            },
            &f.note,
        )?;
        row += 1;
    }

    // Charts sit to the right of the key figures; the tables start below both.
    let charts_col = 3;
    let chart_rows = 32;
    let mut r = row.max(3 + chart_rows) + 1;
    // The whole pace note, over the width of the table below.
    if let Some(note) = plan.pace_note() {
        let text = format!("Let op (tempo): {note}");
        let note_format = f.note.clone().set_text_wrap().set_align(FormatAlign::Top);
        ws.merge_range(r, 0, r, PACE_NOTE_LAST_COL, &text, &note_format)?;
        let lines = super::tenants::wrapped_lines(&text, PACE_NOTE_WIDTH_CHARS);
        ws.set_row_height(r, 13.0 * lines as f64)?;
        r += 2;
    }

    // Cost per year against budget.
    ws.write_string_with_format(r, 0, "Kosten per jaar tegen budget", &f.section)?;
    r += 1;
    let year_header = r;
    // People read this sheet (and its charts' legends): readable headers, not the data
    // contract's column names.
    let headers = [
        "Jaar",
        "Kosten (€)",
        "Budget (€)",
        "Ruimte (€)",
        "Benutting",
        "Woningen gestart",
        "Woningen gereed",
        "Indexfactor kosten (start dat jaar)",
    ];
    summary_header_row(&mut ws, r, &headers, f)?;
    let years = year_rows(plan);
    for y in &years {
        r += 1;
        // The year as text, so charts use it as a category and not as a series.
        ws.write_string_with_format(r, 0, y.year.to_string(), &f.text)?;
        ws.write_number_with_format(r, 1, y.cost_eur, &f.euro)?;
        ws.write_number_with_format(r, 2, y.budget_eur, &f.euro)?;
        ws.write_number_with_format(r, 3, y.budget_eur - y.cost_eur, &f.euro)?;
        if y.budget_eur > 0.0 {
            ws.write_number_with_format(r, 4, y.cost_eur / y.budget_eur, &f.percent)?;
        }
        ws.write_number_with_format(r, 5, y.started as f64, &f.int)?;
        ws.write_number_with_format(r, 6, y.finished as f64, &f.int)?;
        ws.write_number_with_format(r, 7, y.escalation, &f.factor)?;
    }
    let year_last = r;
    r += 1;
    let cost: f64 = years.iter().map(|y| y.cost_eur).sum();
    let budget: f64 = years.iter().map(|y| y.budget_eur).sum();
    ws.write_string_with_format(r, 0, "totaal", &f.bold)?;
    ws.write_number_with_format(r, 1, cost, &f.euro_bold)?;
    ws.write_number_with_format(r, 2, budget, &f.euro_bold)?;
    ws.write_number_with_format(r, 3, budget - cost, &f.euro_bold)?;
    ws.write_number_with_format(
        r,
        5,
        years.iter().map(|y| y.started).sum::<usize>() as f64,
        &f.int,
    )?;
    r += 1;
    // The rows above add the corporations up: one corporation's overrun (pinned work in a
    // re-plan) would hide behind another's room.
    if let Some(note) = corporations_over_budget(plan) {
        ws.write_string_with_format(r, 0, note, &f.note)?;
        r += 1;
    }
    r += 1;
    // Per corporation, over the whole planning: the sum above hides one corporation's idle
    // budget beside another's homes left out (helpers 98 and 101). A table for a few; for
    // many, `Begroting`.
    // Counted only where shown: the sector's 280 corporations get none.
    if corporations_in_summary(plan) {
        let per_corporation = corporation_rows(plan);
        ws.write_string_with_format(r, 0, "Per corporatie, over de hele planning", &f.section)?;
        r += 1;
        let headers = [
            "Corporatie",
            "Kosten (€)",
            "Budget (€)",
            "Ruimte (€)",
            "Benutting",
            "Ingepland",
            "Niet ingepland",
        ];
        summary_header_row(&mut ws, r, &headers, f)?;
        for c in &per_corporation {
            r += 1;
            ws.write_string_with_format(r, 0, &c.name, &f.text)?;
            ws.write_number_with_format(r, 1, c.cost_eur, &f.euro)?;
            ws.write_number_with_format(r, 2, c.budget_eur, &f.euro)?;
            ws.write_number_with_format(r, 3, c.budget_eur - c.cost_eur, &f.euro)?;
            if c.budget_eur > 0.0 {
                ws.write_number_with_format(r, 4, c.cost_eur / c.budget_eur, &f.percent)?;
            }
            ws.write_number_with_format(r, 5, c.planned as f64, &f.int)?;
            ws.write_number_with_format(r, 6, c.not_planned as f64, &f.int)?;
        }
        r += 2;
    }

    // Labels at the start and at each year end.
    let title = match &plan.progress {
        Some(p) => format!(
            "Labelverdeling (woningen per label): het bezit zoals ingelezen (met de labels die het nu noemt) en aan het eind van elk jaar vanaf {}",
            p.from.year()
        ),
        None => "Labelverdeling (woningen per label) bij de start en aan het eind van elk jaar"
            .to_string(),
    };
    ws.write_string_with_format(r, 0, title, &f.section)?;
    r += 1;
    let label_header = r;
    ws.write_string_with_format(r, 0, "Moment", &f.header)?;
    for (i, l) in Label::ALL.iter().enumerate() {
        ws.write_string_with_format(r, 1 + i as u16, l.as_str(), &f.header_right)?;
    }
    let efg_col = 1 + Label::ALL.len() as u16;
    ws.write_string_with_format(r, efg_col, "EFG", &f.header_right)?;
    for snap in &plan.labels {
        r += 1;
        ws.write_string(r, 0, &snap.moment)?;
        for (i, l) in Label::ALL.iter().enumerate() {
            let n = snap
                .counts
                .iter()
                .find(|(k, _)| k == l)
                .map_or(0, |(_, n)| *n);
            ws.write_number_with_format(r, 1 + i as u16, n as f64, &f.int)?;
        }
        ws.write_number_with_format(r, efg_col, snap.efg as f64, &f.bold)?;
    }
    let label_last = r;

    ws.set_column_width(0, 48)?;
    for (c, h) in headers.iter().enumerate().skip(1) {
        ws.set_column_width(c as u16, (char_len(h) as f64 + 2.0).max(15.0))?;
    }
    ws.set_column_range_width(headers.len() as u16, efg_col, 8)?;

    r += 2;
    energy_block(&mut ws, plan, r, f)?;

    if label_last > label_header {
        // Only the homes still to do (G, F, E) per year end: the message of the agreement,
        // which a bar of all homes would hide.
        let mut chart = Chart::new(ChartType::ColumnStacked);
        for l in [Label::G, Label::F, Label::E] {
            let Some(i) = Label::ALL.iter().position(|x| *x == l) else {
                continue;
            };
            let col = 1 + i as u16;
            chart
                .add_series()
                .set_name((SUMMARY_SHEET, label_header, col))
                .set_categories((SUMMARY_SHEET, label_header + 1, 0, label_last, 0))
                .set_values((SUMMARY_SHEET, label_header + 1, col, label_last, col))
                .set_format(
                    ChartFormat::new()
                        .set_solid_fill(ChartSolidFill::new().set_color(label_color(l))),
                )
                .set_data_label(ChartDataLabel::new().show_value())
                .set_gap(50);
        }
        chart
            .title()
            .set_name("Woningen met label G, F of E per jaareinde");
        chart.y_axis().set_name("woningen").set_min(0);
        chart.legend().set_position(ChartLegendPosition::Right);
        chart.set_width(620).set_height(300);
        ws.insert_chart(3, charts_col, &chart)?;
    }

    if year_last > year_header {
        let mut chart = Chart::new(ChartType::Column);
        for (col, color) in [(1u16, "#2F5597"), (2u16, "#A5A5A5")] {
            chart
                .add_series()
                .set_name((SUMMARY_SHEET, year_header, col))
                .set_categories((SUMMARY_SHEET, year_header + 1, 0, year_last, 0))
                .set_values((SUMMARY_SHEET, year_header + 1, col, year_last, col))
                .set_format(
                    ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(color)),
                );
        }
        chart.title().set_name("Kosten tegen budget per jaar (€)");
        chart.y_axis().set_num_format(EURO_FORMAT).set_min(0);
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.set_width(620).set_height(300);
        ws.insert_chart(3 + chart_rows / 2, charts_col, &chart)?;
    }

    // The widths of the columns set above, the charts lying within them.
    let width = 48.0
        + (1..headers.len())
            .map(|c| (char_len(headers[c]) as f64 + 2.0).max(15.0))
            .sum::<f64>()
        + 8.0 * (efg_col as usize + 1 - headers.len()) as f64;
    print_setup(&mut ws, None, width, None, plan)?;
    Ok(ws)
}

/// Section on `Samenvatting`: primary fossil energy saved and CO2 avoided per year and to the
/// deadline (see `impact::plan_impact`). Returns the last row written.
fn energy_block(
    ws: &mut Worksheet,
    plan: &Plan,
    first_row: u32,
    f: &Formats,
) -> Result<u32, XlsxError> {
    let imp = plan_impact(plan);
    let mut r = first_row;
    ws.write_string_with_format(
        r,
        0,
        "Energie en CO₂: wat het plan bespaart (primaire fossiele energie, EP2 × oppervlakte)",
        &f.section,
    )?;
    r += 1;
    // The homes whose saving the table counts: in a re-plan also those of pinned work that
    // the stock excludes or labels out of E, F and G (`Plan::carried_upgrades`), which the
    // plan's other home counts leave out (helper 64 read 492 by year beside a total of 438).
    let finished = if plan.carried_upgrades.is_empty() {
        "Woningen gereed"
    } else {
        "Woningen gereed (ook van werk uit het vorige plan buiten de aantallen van het plan)"
    };
    let headers = [
        "Jaar",
        finished,
        "Besparing per jaar, vanaf eind jaar (MWh/jaar)",
        "CO₂ minder per jaar, vanaf eind jaar (ton/jaar)",
        "Besparing in het jaar (MWh)",
        "CO₂ minder in het jaar (ton)",
    ];
    for (c, h) in headers.iter().enumerate() {
        let format = if c == 0 { &f.header } else { &f.header_wrap };
        ws.write_string_with_format(r, c as u16, *h, format)?;
    }
    ws.set_row_height(r, 45.0)?;
    for y in &imp.years {
        r += 1;
        ws.write_string_with_format(r, 0, y.year.to_string(), &f.text)?;
        ws.write_number_with_format(r, 1, y.homes_finished as f64, &f.int)?;
        ws.write_number_with_format(
            r,
            2,
            y.energy_saved_kwh_per_year_at_year_end / 1000.0,
            &f.thousands,
        )?;
        ws.write_number_with_format(
            r,
            3,
            y.co2_avoided_kg_per_year_at_year_end / 1000.0,
            &f.decimal,
        )?;
        ws.write_number_with_format(r, 4, y.energy_saved_kwh_in_year / 1000.0, &f.thousands)?;
        ws.write_number_with_format(r, 5, y.co2_avoided_kg_in_year / 1000.0, &f.decimal)?;
    }
    r += 1;
    ws.write_string_with_format(
        r,
        0,
        format!("t/m {}", plan.scenario.deadline_month),
        &f.bold,
    )?;
    let total: usize = imp.years.iter().map(|y| y.homes_finished).sum();
    ws.write_number_with_format(r, 1, total as f64, &f.int)?;
    ws.write_number_with_format(
        r,
        2,
        imp.energy_saved_kwh_per_year / 1000.0,
        &f.thousands_bold,
    )?;
    ws.write_number_with_format(r, 3, imp.co2_avoided_kg_per_year / 1000.0, &f.decimal_bold)?;
    ws.write_number_with_format(
        r,
        4,
        imp.energy_saved_kwh_to_deadline / 1000.0,
        &f.thousands_bold,
    )?;
    ws.write_number_with_format(
        r,
        5,
        imp.co2_avoided_kg_to_deadline / 1000.0,
        &f.decimal_bold,
    )?;
    let e = &plan.scenario.energy;
    for note in [
        format!(
            "Besparing per woning = (EP2 vóór − EP2 na) × gebruiksoppervlakte; een woning bespaart vanaf de maand na het eind van haar project. CO₂ = besparing × {} kg/kWh ({}).",
            crate::nl_format::decimal(imp.co2_kg_per_kwh, 4),
            e.co2_source
        ),
        "Het einddoel van de afspraken is geen CO₂-uitstoot van de gebouwde omgeving in 2050; dit plan haalt het deel dat isolatie van E-, F- en G-woningen bijdraagt.".to_string(),
    ] {
        r += 1;
        ws.write_string_with_format(r, 0, note, &f.note)?;
    }
    Ok(r)
}

/// Writes a small titled table (not an Excel table) and returns the next free row.
fn write_block(
    ws: &mut Worksheet,
    row: u32,
    title: &str,
    headers: &[&str],
    kinds: &[Kind],
    rows: &[Vec<Value>],
    f: &Formats,
    widths: &mut Widths,
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(row, 0, title, &f.section)?;
    let mut r = row + 1;
    if !headers.is_empty() {
        for (c, h) in headers.iter().enumerate() {
            // Headers wrap between words: the longest word sets the width.
            ws.write_string_with_format(r, c as u16, *h, &f.header_block)?;
            let longest = h.split_whitespace().map(char_len).max().unwrap_or(0);
            widths.fit(c as u16, longest.max(8));
        }
        // The narrow columns right of key and value are about 12 characters wide or more.
        let lines = headers
            .iter()
            .skip(2)
            .map(|h| wrapped_lines(h, 12.0))
            .max()
            .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(r, 15.0 * lines as f64)?;
        }
        r += 1;
    }
    for values in rows {
        let mut lines = 1;
        for (c, (v, k)) in values.iter().zip(kinds).enumerate() {
            // The key and value columns hold long texts; the columns to their right only the
            // later tables' figures, so they stay narrow.
            let limit = if c < 2 { WRAP_CHARS } else { NARROW_WRAP_CHARS };
            match v {
                // Long text (a path, a package name, a hash) wraps instead of widening the
                // column for every block below it.
                Value::Text(s) if char_len(s) > limit => {
                    ws.write_string_with_format(r, c as u16, s, &f.text_wrap)?;
                    widths.fit(c as u16, limit);
                    lines = lines.max(wrapped_lines(s, limit as f64 - 4.0));
                }
                _ => {
                    write_value(ws, r, c as u16, v, *k, f)?;
                    widths.fit(c as u16, char_len(&v.display(*k)));
                }
            }
        }
        if lines > 1 {
            ws.set_row_height(r, 15.0 * lines as f64)?;
        }
        r += 1;
    }
    Ok(r + 1)
}

fn month_names(months: &[u32]) -> String {
    months
        .iter()
        .filter(|m| (1..=12).contains(*m))
        .map(|&m| crate::nl_format::short_month_name(m))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rows of `Aannames` that change from run to run of the same plan: the solver's time.
/// (The stage table's times vary as well.)
pub const RUN_TIME_LABELS: [&str; 2] = ["rekentijd totaal (s)", "opbouwtijd model (s)"];

/// Seconds rounded to the millisecond.
fn milliseconds(seconds: f64) -> f64 {
    (seconds * 1000.0).round() / 1000.0
}

/// Sheet `Aannames`: every scenario and catalog value used, the input and the solver.
fn assumptions_sheet(plan: &Plan, f: &Formats) -> Result<Worksheet, XlsxError> {
    use Kind::*;
    let s = &plan.scenario;
    // The corporations this plan plans for: where each has its own figure for every year, the
    // general one is said to be unused.
    let planned_for = plan.corporations();
    let general_source = |budget: bool| s.general_source_text(budget, &planned_for);
    let unused = |budget: bool| s.general_figures_unused(budget, &planned_for);
    let mut ws = Worksheet::new();
    ws.set_name(ASSUMPTIONS_SHEET)?;
    let mut w = Widths::new();
    ws.write_string_with_format(0, 0, "Aannames en herkomst van dit plan", &f.title)?;
    let kv = |k: &str, v: Value| vec![Value::text(k), v];
    let t = |x: &str| Value::text(x);

    let mut scenario_rows = vec![
        kv("naam", t(&s.name)),
        kv("bestand", Value::Text(s.file.display().to_string())),
        kv("startmaand", Value::Text(s.start_month.to_string())),
        kv(
            "deadline (laatste maand)",
            Value::Text(s.deadline_month.to_string()),
        ),
        kv("doellabel", t(s.target_label.as_str())),
        kv(
            "prijspeil kosten (jaar)",
            Value::Int(s.cost.price_level_year.into()),
        ),
        kv(
            "prijspeil catalogus (jaar)",
            Value::Int(s.catalog.price_level_year.into()),
        ),
        kv(
            "maatregelencatalogus (bestand)",
            Value::Text(s.model_files.catalog.display().to_string()),
        ),
        kv(
            "soortenkalender (bestand)",
            Value::Text(s.model_files.species.display().to_string()),
        ),
        kv(
            "energietabellen WWS en CO₂ (bestand)",
            Value::Text(s.energy.file.clone()),
        ),
        kv(
            "kostenstijging (% per jaar)",
            Value::Num(s.cost.escalation_pct_per_year),
        ),
        kv("prioriteit (priority)", t(s.priority.dutch())),
        kv(
            "besparing bij start in onderhoudsjaar (% pakketkosten)",
            Value::Num(s.maintenance.saving_pct),
        ),
        kv(
            "warmteplan gemeente (blad Wijken)",
            t(&s.heat_plan.summary_dutch()),
        ),
        kv(
            "start ten hoogste jaren vóór onderhoudsjaar",
            s.maintenance
                .max_years_before
                .map_or(t("geen regel"), |n| Value::Int(n.into())),
        ),
        kv(
            "max. woningen per project",
            Value::Int(s.projects.max_project_homes as i64),
        ),
        kv(
            "woningen per maand per project",
            Value::Num(s.projects.homes_per_month_per_project),
        ),
        kv(
            "minimumtempo waar dat tempo bij een start alleen al niet past (woningen per maand)",
            s.projects
                .min_homes_per_month_per_project
                .map_or(t("geen: alleen het tempo hierboven"), Value::Num),
        ),
        kv(
            "gespikkelde projecten starten niet vóór maand",
            Value::Int(s.projects.pepper_potted_start_month.into()),
        ),
        kv(
            "vergunning flora & fauna gereed na seizoen + (weken)",
            Value::Int(s.projects.permit_lead_weeks.into()),
        ),
        kv("herkomst budget", t(&general_source(true))),
        kv("herkomst capaciteit", t(&general_source(false))),
    ];
    // The corporations' own figures come from elsewhere: said beside the general ones (and per
    // year in the block of their own figures below).
    for (key, budget) in [
        ("herkomst eigen budget corporaties", true),
        ("herkomst eigen capaciteit corporaties", false),
    ] {
        if let Some(text) = s.corporation_sources_text(budget) {
            scenario_rows.push(kv(key, t(&text)));
        }
    }
    // What the run said about those figures (a year after the deadline, a corporation the
    // stock lacks, a year a sheet leaves out): in the workbook too, not only on screen.
    scenario_rows.extend(s.source_notes.iter().map(|n| kv("let op (herkomst)", t(n))));
    scenario_rows.extend([
        kv(
            "solver tijdslimiet per corporatie, alle fasen samen (s)",
            Value::Num(s.solver.time_limit_s),
        ),
        kv(
            "solver rekenlimiet per corporatie",
            t(&format!(
                "bij de tijdslimiet hoort een vaste hoeveelheid rekenwerk van de solver HiGHS, afgestemd op ongeveer {} van de tijdslimiet op een computer met 2 kernen; van dat rekenwerk houden de eerdere stappen {} over voor de volgorde G-F-E. Een stap die zijn optimum niet bewijst, stopt zodra zijn rekenwerk op is (de rekenlimiet), of eerder als de tijdslimiet verstrijkt. Stopt een stap op het rekenwerk voordat de tijdslimiet verstrijkt, dan geeft dezelfde invoer bij elke run hetzelfde plan; stopt hij op de tijd (of op het rekenwerk, maar pas bij de tijdslimiet), dan staat er 'binnen de tijdslimiet' en kan een nieuwe run anders uitkomen. Ook lokaal zoeken (het verbeteren van de startplannen) stopt op geteld rekenwerk, ten hoogste {} van dat van de stap; kort de tijd het toch in, dan zegt de stap dat, ook als hij bewezen is. Op die computer, zonder andere belasting, duurde de berekening bij de standaard 60 s 16 tot 29 s op gegenereerde bezitten van 20.000 tot 30.000 woningen; een drukke computer doet er langer over, en bij een korte tijdslimiet (10 s) duurt ze bijna de hele tijd, omdat vaste stappen (LP-relaxaties, het opbouwen van de modellen) niet als rekenwerk tellen: dan kan de tijd eerder op zijn. Technisch: het rekenwerk is geteld in LP-iteraties, elk als {} µs plus {} µs per 1.000 niet-nullen van het model",
                crate::nl_format::percent(crate::model::WORK_SHARE_OF_TIME_LIMIT, 0),
                crate::nl_format::percent(s.solver.order_time_share, 0),
                crate::nl_format::percent(crate::model::LOCAL_SEARCH_WORK_SHARE, 0),
                crate::model::MICROSECONDS_PER_ITERATION.0,
                crate::model::MICROSECONDS_PER_ITERATION.1
            )),
        ),
        kv(
            "solver gap-doel kosten (relatief; bij herplannen over de kosten van het hele plan, gereed, lopend en vastgelegd werk inbegrepen)",
            Value::text(crate::nl_format::percent(s.solver.mip_rel_gap, 2)),
        ),
        kv(
            "meeste woningen: grens van hele projecten per maand",
            t(&format!(
                "is de meeste woningen niet al met de LP-grens bewezen, dan berekent retrofit eerst hoeveel woningen er ten hoogste passen als elke maand alleen hele projecten bevat (capaciteit per maand en één start per project; budget en overige regels buiten beschouwing): een LP over de combinaties van projecten die samen in een maand passen, met ten hoogste {} van het resterende rekenwerk. Meer woningen dan die grens past in geen enkel plan; haalt het plan haar, dan is het bewezen. Anders volgt de grens zonder budget",
                crate::nl_format::percent(crate::model::BUDGET_FREE_TIME_SHARE, 0)
            )),
        ),
        kv(
            "meeste woningen: grens zonder budget",
            t(&format!(
                "is de meeste woningen niet al met de LP-grens of de grens van hele projecten per maand bewezen, dan lost HiGHS het model zonder budgetrijen op (alleen capaciteit, vergunningen, soorten en deadline; gelijke projecten geteld), met ten hoogste {} van de resterende tijd en het resterende rekenwerk: meer woningen dan daar past, past er met budget ook niet. Haalt het plan die grens, dan is het bewezen; anders gaat het hele model naar HiGHS en geldt de beste grens",
                crate::nl_format::percent(crate::model::BUDGET_FREE_TIME_SHARE, 0)
            )),
        ),
        kv(
            "aandeel tijdslimiet en rekenwerk voor volgorde G-F-E (ten hoogste; vangnet)",
            Value::Num(s.solver.order_time_share),
        ),
        kv(
            "volgorde G-F-E: rekenlimiet",
            t(&format!(
                "is de volgorde niet al met de LP-grens bewezen, dan gaat het model van deze stap (alleen de startmaanden van gelijke kosten; gelijke projecten geteld, niet elk apart) naar HiGHS: met ten hoogste {} variabelen branch-and-bound tot {} knopen, met ten hoogste {} alleen de wortelknoop (sneden en heuristieken, geen vertakking); anders het beste startplan na lokaal zoeken tegen de LP-grens, en ligt dat binnen {} van die grens, dan nog de wortelknoop van HiGHS (welke weg: zie de solverstappen). Bewijst HiGHS de volgorde niet, dan zoekt retrofit in vensters van {} opeenvolgende maanden: de projecten die in zo'n venster starten, ordent HiGHS daarbinnen opnieuw zo goed mogelijk, de rest van het plan blijft staan (ten hoogste {} rondes over alle vensters); gaat het model naar HiGHS, dan begint dit zoeken na {} s al naast HiGHS (op een vrije processorkern) vanaf hetzelfde startplan; vindt HiGHS een beter plan dan dat startplan, dan vervalt dat zoeken en zoeken de vensters daarna verder vanaf het plan van HiGHS. Zo is de volgorde bij elke run gelijk, tenzij de stap op de tijdslimiet stopt; de status zegt dat dan",
                crate::nl_format::number(crate::model::ORDER_TREE_MAX_COLUMNS),
                crate::model::ORDER_TREE_NODES,
                crate::nl_format::number(crate::model::ORDER_MIP_MAX_COLUMNS),
                crate::nl_format::percent(crate::model::ORDER_ROOT_MAX_LP_GAP, 1),
                crate::model::WINDOW_MONTHS,
                crate::model::MAX_SWEEPS,
                crate::nl_format::decimal(crate::model::WINDOWS_HEAD_START.as_secs_f64(), 2),
            )),
        ),
    ]);
    let mut r = write_block(
        &mut ws,
        2,
        "Scenario",
        &["onderdeel", "waarde"],
        &[Text, Text],
        &scenario_rows,
        f,
        &mut w,
    )?;

    let ep2_rows: Vec<Vec<Value>> = s
        .assumed_ep2_kwh_m2
        .iter()
        .map(|(l, v)| vec![t(l.as_str()), Value::Num(*v)])
        .collect();
    r = write_block(
        &mut ws,
        r,
        "Aangenomen EP2 per label als de EP2 ontbreekt (kWh/m² per jaar)",
        &["label", "EP2 (kWh/m²)"],
        &[Text, Decimal],
        &ep2_rows,
        f,
        &mut w,
    )?;

    // The years of the plan period: a figure for a year outside it is not used.
    let years: Vec<i32> = s.years().collect();
    let year_rows: Vec<Vec<Value>> = years
        .iter()
        .map(|&y| {
            vec![
                Value::Int(y.into()),
                // A general figure no corporation plans with is left empty.
                s.budget_eur
                    .get(&y)
                    .filter(|_| !unused(true))
                    .map_or(Value::Empty, |v| Value::Num(*v)),
                s.capacity_homes_per_month
                    .get(&y)
                    .filter(|_| !unused(false))
                    .map_or(Value::Empty, |v| Value::Num(*v)),
                Value::Num(s.cost.escalation_factor(y)),
            ]
        })
        .collect();
    r = write_block(
        &mut ws,
        r,
        &format!(
            "Budget en capaciteit per jaar van de planperiode{} (budget: {}; capaciteit: {})",
            // Each corporation plans with these figures on its own (they add up over the
            // corporations in Samenvatting), unless it has its own below.
            if planned_for.len() > 1 {
                ", voor elke corporatie apart"
            } else {
                ""
            },
            general_source(true),
            general_source(false)
        ),
        &[
            "jaar",
            "budget (€)",
            "capaciteit (woningen per maand)",
            "escalatiefactor",
        ],
        &[Int, Euro, Decimal, Factor],
        &year_rows,
        f,
        &mut w,
    )?;
    // A corporation's own figures (its scenario table or the stock's sheet rows for it) where
    // they differ from the table above: the figures its homes are planned with.
    let own_rows: Vec<Vec<Value>> = s
        .corporations
        .iter()
        .flat_map(|(name, own)| {
            years
                .iter()
                .filter(|y| {
                    own.budget_eur.contains_key(y) || own.capacity_homes_per_month.contains_key(y)
                })
                .map(|&y| {
                    vec![
                        t(name),
                        Value::Int(y.into()),
                        Value::Num(s.budget(name, y)),
                        Value::Num(s.capacity(name, crate::scenario::Month::new(y, 1))),
                        t(&s.corporation_figure_source(name, y, true)),
                        t(&s.corporation_figure_source(name, y, false)),
                    ]
                })
                .collect::<Vec<_>>()
        })
        .collect();
    if !own_rows.is_empty() {
        r = write_block(
            &mut ws,
            r,
            "Eigen budget en capaciteit van corporaties (in plaats van de tabel hierboven, voor de genoemde jaren)",
            &[
                "corporatie",
                "jaar",
                "budget (€)",
                "capaciteit (woningen per maand)",
                "herkomst budget",
                "herkomst capaciteit",
            ],
            &[Text, Int, Euro, Decimal, Text, Text],
            &own_rows,
            f,
            &mut w,
        )?;
    }

    let package_rows: Vec<Vec<Value>> = s
        .catalog
        .packages
        .iter()
        .map(|p| {
            vec![
                t(&p.id),
                t(&p.name),
                t(p.home_type.as_str()),
                Value::Num(p.fixed_eur),
                Value::Num(p.per_m2_eur),
                Value::Num(p.ep2_reduction_pct),
            ]
        })
        .collect();
    r = write_block(
        &mut ws,
        r,
        &format!(
            "Maatregelpakketten (catalogus, prijspeil {})",
            s.catalog.price_level_year
        ),
        &[
            "id",
            "naam",
            "woningtype",
            "vast (€)",
            "per m² (€)",
            "EP2-reductie (%)",
        ],
        &[Text, Text, Text, Euro, Euro, Decimal],
        &package_rows,
        f,
        &mut w,
    )?;

    let species_rows: Vec<Vec<Value>> = s
        .species
        .iter()
        .map(|sp| {
            vec![
                t(&sp.name),
                t(&sp.survey_start),
                t(&sp.survey_end),
                Value::Text(month_names(&sp.open_start_months)),
            ]
        })
        .collect();
    r = write_block(
        &mut ws,
        r,
        "Soortenkalender flora & fauna (inventarisatie mm-dd; maanden waarin het werk mag starten)",
        &[
            "soort",
            "inventarisatie van",
            "inventarisatie tot",
            "open startmaanden",
        ],
        &[Text, Text, Text, Text],
        &species_rows,
        f,
        &mut w,
    )?;

    let e = &s.energy;
    let wws_rows: Vec<Vec<Value>> = Label::ALL
        .iter()
        .map(|&l| {
            vec![
                t(l.as_str()),
                Value::Int(e.wws_points(crate::stock::HomeType::Egw, l).into()),
                Value::Int(e.wws_points(crate::stock::HomeType::Mgw, l).into()),
            ]
        })
        .collect();
    r = write_block(
        &mut ws,
        r,
        &format!(
            "WWS-punten energie per label ({}; {})",
            e.wws_source, e.file
        ),
        &["label", "eengezins", "meergezins"],
        &[Text, Int, Int],
        &wws_rows,
        f,
        &mut w,
    )?;
    let co2_rows = vec![
        kv("CO₂ aardgas (kg per m³)", Value::Num(e.gas_co2_kg_per_m3)),
        kv("energie aardgas (kWh per m³)", Value::Num(e.gas_kwh_per_m3)),
        kv(
            "CO₂ per kWh primair fossiel (kg)",
            Value::Num(e.co2_kg_per_kwh()),
        ),
        kv("bron", t(&e.co2_source)),
    ];
    r = write_block(
        &mut ws,
        r,
        "CO₂-factor voor de bespaarde energie",
        &["onderdeel", "waarde"],
        &[Text, Factor],
        &co2_rows,
        f,
        &mut w,
    )?;

    let src = &plan.source;
    let source_rows = vec![
        kv("retrofit versie", t(&plan.tool_version)),
        kv("invoerbestand", t(&src.file_name)),
        kv("pad", Value::Text(src.path.display().to_string())),
        kv("werkblad", t(&src.sheet)),
        kv("SHA-256", t(&src.sha256)),
    ];
    r = write_block(
        &mut ws,
        r,
        "Herkomst",
        &["onderdeel", "waarde"],
        &[Text, Text],
        &source_rows,
        f,
        &mut w,
    )?;

    let sv = &plan.solve;
    let mut solver_rows = vec![
        kv("solver", t(&sv.solver)),
        kv("status", t(&sv.status_dutch())),
        kv(
            crate::model::ORDER_CLAIM,
            t("de volgorde G-F-E houdt de projecten van het goedkoopste gevonden plan, elk in een maand van dezelfde kosten (zijn startjaar); daarbinnen is ze bewezen de beste, of de status zegt met hoeveel urgentiemaanden een betere volgorde ten hoogste beter is. Een plan met projecten in andere jaren kan even duur of goedkoper zijn en een betere volgorde hebben: de kosten zijn bewezen binnen een marge (gap), niet tot op de euro"),
        ),
    ];
    for (label, kinds) in GAP_ROWS {
        solver_rows.push(kv(
            &format!("gap {label} (relatief)"),
            // As text in this column of text, where a share of 0.000088 would show as 8.8E-05;
            // rounded up as on Samenvatting and the status line.
            match sv.gap_of(kinds) {
                Some(gap) => t(&crate::nl_format::percent_at_most(gap, 2)),
                None => Value::text(GAP_UNKNOWN),
            },
        ));
    }
    solver_rows.extend([
        // To the millisecond: the column is the block's text column, so Excel shows the
        // number as written (a measured float would show nine decimals).
        kv(RUN_TIME_LABELS[0], Value::Num(milliseconds(sv.time_s))),
        kv(RUN_TIME_LABELS[1], Value::Num(milliseconds(sv.build_s))),
        kv("variabelen", Value::Int(sv.variables as i64)),
        kv("restricties", Value::Int(sv.constraints as i64)),
    ]);
    // What the closing lines on screen say of the clock: in the workbook too.
    if let Some(note) = sv.clock_note() {
        solver_rows.push(kv("let op (tijdslimiet)", t(&note)));
    }
    if let Some(note) = plan.pace_note() {
        solver_rows.push(kv("let op (tempo)", t(&note)));
    }
    r = write_block(
        &mut ws,
        r,
        "Rekenmodel",
        &["onderdeel", "waarde"],
        &[Text, Text],
        &solver_rows,
        f,
        &mut w,
    )?;
    // A cost stage followed by its stability stage (before the next corporation's stages)
    // reports the cost of the plan that stage chose, which may lie above the cost stage's own
    // plan or its starting plan, within the gap: said beside its method (helper 92 read a
    // "doelwaarde" above the "doelwaarde startplan" as a proven stage doing worse).
    let then_stability = |i: usize| {
        sv.stages[i + 1..]
            .iter()
            .take_while(|s| !matches!(s.kind, StageKind::Homes | StageKind::LabelHomes))
            .any(|s| s.kind == StageKind::Stability)
    };
    let stage_rows: Vec<Vec<Value>> = sv
        .stages
        .iter()
        .enumerate()
        .map(|(i, st)| {
            let method = if st.kind == StageKind::Cost && then_stability(i) {
                format!(
                    "{}; doelwaarde: de kosten van het plan dat de fase stabiliteit koos, binnen de gap van deze fase",
                    st.method.dutch()
                )
            } else {
                st.method.dutch().to_string()
            };
            vec![
                t(&st.name),
                t(&st.outcome_dutch()),
                Value::Num(st.objective),
                if st.bound_known {
                    Value::Num(st.whole_bound())
                } else {
                    Value::text("onbekend")
                },
                if st.bound_known {
                    Value::Num(gap_shown(st.whole_gap()))
                } else {
                    Value::text("onbekend")
                },
                Value::Num(st.setup_s),
                Value::Num(st.time_s),
                t(&method),
                Value::Num(st.start_objective),
            ]
        })
        .collect();
    write_block(
        &mut ws,
        r,
        "Fasen van de optimalisatie (woningen, dan kosten, dan volgorde)",
        &[
            "fase",
            "status",
            "doelwaarde",
            "grens",
            "gap",
            "opbouw (s)",
            "tijd (s)",
            "methode",
            "doelwaarde startplan",
        ],
        &[
            Text, Text, Decimal, Decimal, Percent, Factor, Factor, Text, Decimal,
        ],
        &stage_rows,
        f,
        &mut w,
    )?;
    w.apply(&mut ws)?;
    print_setup(&mut ws, None, w.total(), None, plan)?;
    Ok(ws)
}
