//! The plan workbook (Dutch): Samenvatting with charts, the lists as Excel tables, Begroting,
//! Invoercontrole and Aannames. Built in memory with rust_xlsxwriter and written safely.

use std::path::Path;

use chrono::Datelike;
use rust_xlsxwriter::{
    Chart, ChartFormat, ChartLegendPosition, ChartLine, ChartMarker, ChartMarkerType,
    ChartSolidFill, ChartType, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Table, TableColumn, Workbook, Worksheet, XlsxError,
};

use super::safe_write::{write_bytes, OutputError};
use super::tables::{self, Kind, ListTable, Value};
use crate::plan::Plan;
use crate::stock::Label;

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
    wb.push_worksheet(list_sheet(&tables::planning(plan), "Planning", &f)?);
    wb.push_worksheet(list_sheet(&tables::projects(plan), "Projecten", &f)?);
    wb.push_worksheet(budget_sheet(plan, &f)?);
    wb.push_worksheet(list_sheet(&tables::pepper_potted(plan), "Gespikkeld", &f)?);
    wb.push_worksheet(list_sheet(&tables::excluded(plan), "Uitgesloten", &f)?);
    wb.push_worksheet(list_sheet(&tables::not_planned(plan), "NietIngepland", &f)?);
    wb.push_worksheet(list_sheet(
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
    pub factor: Format,
    pub int: Format,
    pub date: Format,
    pub percent: Format,
    pub text: Format,
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
            factor: Format::new().set_num_format("0.0000"),
            int: Format::new().set_num_format("0"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            percent: Format::new().set_num_format("0.00%"),
            // Indented, so text does not touch a right-aligned number in the column before.
            text: Format::new().set_align(FormatAlign::Left).set_indent(1),
            note: Format::new().set_italic().set_font_color("#595959"),
        }
    }

    fn for_kind(&self, kind: Kind) -> &Format {
        match kind {
            Kind::Text => &self.text,
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

    pub fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (col, &w) in self.0.iter().enumerate() {
            if w > 0.0 {
                ws.set_column_width(col as u16, w)?;
            }
        }
        Ok(())
    }
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
        for (c, (value, column)) in row.iter().zip(&table.columns).enumerate() {
            write_value(ws, excel_row, c as u16, value, column.kind, f)?;
            widths.fit(c as u16, char_len(&value.display(column.kind)));
        }
    }
    let columns: Vec<TableColumn> = table
        .columns
        .iter()
        .map(|c| {
            // Set explicitly (not only through the table style) so every viewer shows it.
            let format = if c.kind == Kind::Text {
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
        // Room for the filter button next to the header.
        widths.fit(c as u16, char_len(column.name) + 3);
    }
    // Excel needs a data row in a table; an empty list gets one empty row.
    let last_row = first_row + (table.rows.len() as u32).max(1);
    let last_col = (table.columns.len() as u16).saturating_sub(1);
    let excel_table = Table::new().set_columns(&columns).set_name(name);
    ws.add_table(first_row, 0, last_row, last_col, &excel_table)?;
    Ok(last_row)
}

fn print_setup(ws: &mut Worksheet, repeat_header: Option<u32>) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    if let Some(row) = repeat_header {
        ws.set_repeat_rows(row, row)?;
    }
    Ok(())
}

/// A sheet holding one list as an Excel table with a frozen header row.
fn list_sheet(table: &ListTable, table_name: &str, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(table.sheet)?;
    let mut widths = Widths::new();
    write_list(&mut ws, table, 0, table_name, f, &mut widths)?;
    widths.apply(&mut ws)?;
    ws.set_freeze_panes(1, 0)?;
    print_setup(&mut ws, Some(0))?;
    Ok(ws)
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
    print_setup(&mut ws, None)?;
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
        figure("Invoerbestand", Value::text(&plan.source.file_name), Text),
        figure("Woningen ingelezen", count(plan.homes_read), Int),
        figure("Woningen met label E, F of G", count(plan.efg_homes), Int),
        figure(
            "Woningen zonder label E, F of G (alleen geteld)",
            count(plan.not_efg_homes),
            Int,
        ),
    ];
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
    if let Some(last) = plan.labels.last() {
        v.push(figure(
            format!("Woningen E, F of G na het plan ({})", last.moment),
            count(last.efg),
            Int,
        ));
    }
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
    v.push(figure(
        "Status rekenmodel",
        Value::text(plan.solve.status_dutch()),
        Text,
    ));
    let gap = if plan.solve.gap.is_finite() {
        Value::Num(plan.solve.gap)
    } else {
        Value::text("onbekend")
    };
    v.push(figure("Gap (relatief)", gap, Percent));
    v.push(figure(
        "Rekentijd (s)",
        Value::Num(plan.solve.time_s),
        Decimal,
    ));
    v
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
    for fig in key_figures(plan) {
        ws.write_string(row, 0, &fig.label)?;
        write_value(&mut ws, row, 1, &fig.value, fig.kind, f)?;
        row += 1;
    }
    if tables::has_corporations(plan) {
        ws.write_string_with_format(
            row,
            0,
            "Kosten en budget hieronder zijn opgeteld over de corporaties; per corporatie: zie Begroting.",
            &f.note,
        )?;
        row += 1;
    }

    // Charts sit to the right of the key figures; the tables start below both.
    let charts_col = 3;
    let chart_rows = 32;
    let mut r = row.max(3 + chart_rows) + 1;

    // Cost per year against budget.
    ws.write_string_with_format(r, 0, "Kosten per jaar tegen budget", &f.section)?;
    r += 1;
    let year_header = r;
    let headers = [
        "jaar",
        "kosten_eur",
        "budget_eur",
        "ruimte_eur",
        "benutting",
        "woningen_gestart",
        "woningen_gereed",
        "escalatiefactor",
    ];
    for (c, h) in headers.iter().enumerate() {
        let format = if c == 0 { &f.header } else { &f.header_right };
        ws.write_string_with_format(r, c as u16, *h, format)?;
    }
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
    r += 2;

    // Labels at the start and at each year end.
    ws.write_string_with_format(
        r,
        0,
        "Labelverdeling (woningen per label) bij de start en aan het eind van elk jaar",
        &f.section,
    )?;
    r += 1;
    let label_header = r;
    ws.write_string_with_format(r, 0, "moment", &f.header)?;
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

    if label_last > label_header {
        let mut chart = Chart::new(ChartType::ColumnStacked);
        for (i, l) in Label::ALL.iter().enumerate() {
            // Labels nobody has at any moment only clutter the legend.
            let used = plan
                .labels
                .iter()
                .any(|s| s.counts.iter().any(|(k, n)| k == l && *n > 0));
            if !used {
                continue;
            }
            let col = 1 + i as u16;
            chart
                .add_series()
                .set_name((SUMMARY_SHEET, label_header, col))
                .set_categories((SUMMARY_SHEET, label_header + 1, 0, label_last, 0))
                .set_values((SUMMARY_SHEET, label_header + 1, col, label_last, col))
                .set_format(
                    ChartFormat::new()
                        .set_solid_fill(ChartSolidFill::new().set_color(label_color(*l))),
                )
                .set_gap(60);
        }
        // The count of E, F and G on its own axis: the road to zero the agreement is about,
        // visible even when EFG is a small part of the stock.
        let mut efg = Chart::new(ChartType::Line);
        efg.add_series()
            .set_name((SUMMARY_SHEET, label_header, efg_col))
            .set_categories((SUMMARY_SHEET, label_header + 1, 0, label_last, 0))
            .set_values((
                SUMMARY_SHEET,
                label_header + 1,
                efg_col,
                label_last,
                efg_col,
            ))
            .set_secondary_axis(true)
            .set_format(ChartLine::new().set_color("#C00000").set_width(2.25))
            .set_marker(
                ChartMarker::new()
                    .set_type(ChartMarkerType::Circle)
                    .set_size(7)
                    .set_format(ChartSolidFill::new().set_color("#C00000")),
            );
        chart.combine(&efg);
        chart
            .title()
            .set_name("Energielabels: start en eind van elk jaar");
        chart.y_axis().set_name("woningen");
        chart.y2_axis().set_name("woningen E, F of G").set_min(0);
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
        chart.title().set_name("Kosten tegen budget per jaar");
        chart.y_axis().set_num_format(EURO_FORMAT);
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.set_width(620).set_height(300);
        ws.insert_chart(3 + chart_rows / 2, charts_col, &chart)?;
    }

    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 1);
    Ok(ws)
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
            ws.write_string_with_format(r, c as u16, *h, &f.header)?;
            widths.fit(c as u16, char_len(h));
        }
        r += 1;
    }
    for values in rows {
        for (c, (v, k)) in values.iter().zip(kinds).enumerate() {
            write_value(ws, r, c as u16, v, *k, f)?;
            widths.fit(c as u16, char_len(&v.display(*k)));
        }
        r += 1;
    }
    Ok(r + 1)
}

fn month_names(months: &[u32]) -> String {
    const NAMES: [&str; 12] = [
        "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ];
    months
        .iter()
        .filter_map(|m| NAMES.get((*m as usize).wrapping_sub(1)))
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rows of `Aannames` that change from run to run of the same plan: the solver's time.
/// (The stage table's times vary as well.)
pub const RUN_TIME_LABELS: [&str; 2] = ["rekentijd totaal (s)", "opbouwtijd model (s)"];

/// Sheet `Aannames`: every scenario and catalog value used, the input and the solver.
fn assumptions_sheet(plan: &Plan, f: &Formats) -> Result<Worksheet, XlsxError> {
    use Kind::*;
    let s = &plan.scenario;
    let mut ws = Worksheet::new();
    ws.set_name(ASSUMPTIONS_SHEET)?;
    let mut w = Widths::new();
    ws.write_string_with_format(0, 0, "Aannames en herkomst van dit plan", &f.title)?;
    let kv = |k: &str, v: Value| vec![Value::text(k), v];
    let t = |x: &str| Value::text(x);

    let scenario_rows = vec![
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
            "minimumtempo als dat niet past (woningen per maand)",
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
        kv("herkomst budget", t(&s.budget_source)),
        kv("herkomst capaciteit", t(&s.capacity_source)),
        kv(
            "solver tijdslimiet per corporatie, alle fasen samen (s)",
            Value::Num(s.solver.time_limit_s),
        ),
        kv(
            "solver gap-doel (relatief)",
            Value::Num(s.solver.mip_rel_gap),
        ),
        kv(
            "aandeel tijdslimiet voor volgorde G-F-E (ten hoogste)",
            Value::Num(s.solver.order_time_share),
        ),
    ];
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
        &["label", "ep2_kwh_m2"],
        &[Text, Decimal],
        &ep2_rows,
        f,
        &mut w,
    )?;

    let mut years: Vec<i32> = s
        .budget_eur
        .keys()
        .chain(s.capacity_homes_per_month.keys())
        .copied()
        .chain(s.years())
        .collect();
    years.sort();
    years.dedup();
    let year_rows: Vec<Vec<Value>> = years
        .iter()
        .map(|&y| {
            vec![
                Value::Int(y.into()),
                s.budget_eur
                    .get(&y)
                    .map_or(Value::Empty, |v| Value::Num(*v)),
                s.capacity_homes_per_month
                    .get(&y)
                    .map_or(Value::Empty, |v| Value::Num(*v)),
                Value::Num(s.cost.escalation_factor(y)),
            ]
        })
        .collect();
    r = write_block(
        &mut ws,
        r,
        &format!(
            "Budget en capaciteit per jaar (budget: {}; capaciteit: {})",
            s.budget_source, s.capacity_source
        ),
        &[
            "jaar",
            "budget_eur",
            "capaciteit_woningen_per_maand",
            "escalatiefactor",
        ],
        &[Int, Euro, Decimal, Factor],
        &year_rows,
        f,
        &mut w,
    )?;

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
            "vast_eur",
            "per_m2_eur",
            "ep2_reductie_pct",
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
            "inventarisatie_van",
            "inventarisatie_tot",
            "open_startmaanden",
        ],
        &[Text, Text, Text, Text],
        &species_rows,
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
    let solver_rows = vec![
        kv("solver", t(&sv.solver)),
        kv("status", t(&sv.status_dutch())),
        kv("gap (relatief)", Value::Num(sv.gap)),
        kv(RUN_TIME_LABELS[0], Value::Num(sv.time_s)),
        kv(RUN_TIME_LABELS[1], Value::Num(sv.build_s)),
        kv("variabelen", Value::Int(sv.variables as i64)),
        kv("restricties", Value::Int(sv.constraints as i64)),
    ];
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
    let stage_rows: Vec<Vec<Value>> = sv
        .stages
        .iter()
        .map(|st| {
            vec![
                t(&st.name),
                t(&st.outcome_dutch()),
                Value::Num(st.objective),
                Value::Num(st.bound),
                Value::Num(st.gap),
                Value::Num(st.setup_s),
                Value::Num(st.time_s),
                t(st.method.dutch()),
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
            "opbouw_s",
            "tijd_s",
            "methode",
            "doelwaarde_startplan",
        ],
        &[
            Text, Text, Decimal, Decimal, Factor, Factor, Factor, Text, Decimal,
        ],
        &stage_rows,
        f,
        &mut w,
    )?;
    w.apply(&mut ws)?;
    ws.set_print_fit_to_pages(1, 0);
    ws.set_paper_size(9);
    Ok(ws)
}
