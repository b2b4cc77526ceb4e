//! `retrofit template`: an empty input workbook written from the one column table, with
//! drop-down lists, a marked example row (vhe `VOORBEELD`, which the importer refuses so that an
//! untouched template is never planned), and a sheet that explains
//! every column in Dutch.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, ExcelDateTime, Format, FormatAlign, Note, Workbook,
    Worksheet, XlsxError,
};

use crate::input::columns::{
    Column, ColumnType, Example, Required, BUDGET_COLUMNS, BUDGET_SHEET, CAPACITY_COLUMNS,
    CAPACITY_SHEET, HOMES_SHEET, HOME_COLUMNS, KNOWN_SPECIES,
};

/// Rows below the header that get the drop-down lists.
const VALIDATED_ROWS: u32 = 10_000;

const EXPLANATION: &[&str] = &[
    "Invulinstructie voor de woningvoorraad van retrofit",
    "Blad Woningen: één rij per woning (verhuureenheid). De kopregel mag onder titelregels staan; kolomnamen mogen ook als synoniem, met hoofdletters, spaties, streepjes of accenten.",
    "Rij 2 van Woningen is een voorbeeld (vhe VOORBEELD, grijs): vervang of verwijder die; retrofit weigert te plannen zolang die rij er staat. Kolommen die hier niet staan worden genegeerd (met een waarschuwing); een kop die op een bekende kolom lijkt, krijgt de vraag 'bedoelt u ...?'. Een eigen kop koppelt u aan een kolom door hem te hernoemen naar de kolomnaam of een synoniem hieronder.",
    "Bladen Budget en Capaciteit zijn niet verplicht; ingevuld (één rij per jaar) vervangen ze het budget en de capaciteit van het scenario, behalve in een jaar waarvoor het scenario zelf een ander bedrag dan het standaardscenario noemt (dat zegt het plan). Leeg gelden die van het scenario.",
    "Blad Wijken is niet verplicht: het warmteplan van de gemeente (Transitievisie Warmte) per wijk, met warmteoplossing warmtenet, all-electric, hybride of nog onbekend en het jaar. Een woning in een wijk met een warmtenet (kolom wijk van Woningen) krijgt alleen pakketten zonder eigen warmtebron (no regret).",
    "Getallen als getal invullen; tekst met een decimale komma (72,5) wordt gelezen met een waarschuwing. Datums als datum of als dd-mm-jjjj.",
    "Controleer het bestand met: retrofit check BESTAND. Elke fout noemt de cel, bijvoorbeeld Woningen!D12.",
];

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color("#D9E1F2")
        .set_align(FormatAlign::Center)
}

fn date_format() -> Format {
    Format::new().set_num_format("dd-mm-yyyy")
}

fn required_text(col: &Column) -> &'static str {
    match col.required {
        Required::Yes => "ja",
        Required::No => "nee",
        Required::UnlessEp2 => "ja, tenzij ep2 is ingevuld",
    }
}

fn type_text(col: &Column) -> String {
    if col.unit.is_empty() {
        col.kind.describe().to_string()
    } else {
        format!("{}, {}", col.kind.describe(), col.unit)
    }
}

/// The allowed values as the explanation sheet lists them, with the spellings also accepted.
fn allowed_text(col: &Column) -> String {
    let base = col.allowed.join(", ");
    match col.kind {
        ColumnType::Label => format!("{base} (ook 'Label E' of 'e')"),
        ColumnType::HomeType => format!(
            "{base} (ook eengezinswoning, grondgebonden, meergezinswoning, appartement, flat, portiek, galerij)"
        ),
        ColumnType::YesNo => format!("{base} (ook j/n, 1/0, x)"),
        ColumnType::SpeciesList => format!(
            "{} (ook dwergvleermuis, laatvlieger; andere soorten met een waarschuwing)",
            KNOWN_SPECIES.join(", ")
        ),
        ColumnType::Status => format!("{base} of leeg"),
        ColumnType::Text => "vrije tekst".into(),
        ColumnType::Integer => "geheel getal, 0 of meer".into(),
        ColumnType::Year => "jaartal van vier cijfers, zoals 1965 of 2027".into(),
        ColumnType::Number => "getal, met decimale komma of punt".into(),
        ColumnType::Date => "datum, of tekst als dd-mm-jjjj, d-m-jjjj, jjjj-mm-dd, dd/mm/jjjj of 15 maart 2025".into(),
        ColumnType::Monument | ColumnType::Strategy => base,
    }
}

fn write_header(sheet: &mut Worksheet, columns: &[Column]) -> Result<(), XlsxError> {
    let bold = header_format();
    for (j, col) in (0u16..).zip(columns) {
        sheet.write_string_with_format(0, j, col.name, &bold)?;
        let width = (col.name.len() as f64 + 4.0).max(12.0);
        sheet.set_column_width(j, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn write_example(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    example: Example,
) -> Result<(), XlsxError> {
    match example {
        Example::None => {}
        Example::Text(s) => {
            sheet.write_string(row, col, s)?;
        }
        Example::Number(v) => {
            sheet.write_number(row, col, v)?;
        }
        Example::Date(y, m, d) => {
            let date = ExcelDateTime::from_ymd(
                u16::try_from(y).unwrap_or(2024),
                u8::try_from(m).unwrap_or(1),
                u8::try_from(d).unwrap_or(1),
            )?;
            sheet.write_with_format(row, col, &date, &date_format())?;
        }
    }
    Ok(())
}

fn homes_sheet(workbook: &mut Workbook) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(HOMES_SHEET)?;
    write_header(sheet, HOME_COLUMNS)?;
    // The example row is marked: grey italics and a note; the importer refuses its vhe.
    sheet.set_row_format(
        1,
        &Format::new()
            .set_italic()
            .set_font_color("#808080")
            .set_background_color("#F2F2F2"),
    )?;
    sheet.insert_note(
        1,
        0,
        &Note::new("Voorbeeldrij: vervang deze rij door een echte woning of verwijder hem. Zolang vhe VOORBEELD hier staat, weigert retrofit te plannen.")
            .set_author("retrofit"),
    )?;
    for (j, col) in (0u16..).zip(HOME_COLUMNS) {
        write_example(sheet, 1, j, col.example)?;
        match col.kind {
            // Text format keeps leading zeros of numbers such as vhe 000123.
            ColumnType::Text => {
                sheet.set_column_format(j, &Format::new().set_num_format("@"))?;
            }
            ColumnType::Date => {
                sheet.set_column_format(j, &date_format())?;
            }
            _ => {}
        }
        let mut validation = if col.allowed.is_empty() {
            DataValidation::new().allow_any_value()
        } else {
            // A warning rather than a stop: the importer also accepts synonyms such as
            // "appartement", which a user may paste from another system.
            DataValidation::new()
                .allow_list_strings(col.allowed)?
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_title("Onbekende waarde")?
                .set_error_message(format!(
                    "Toegestaan zijn: {}. Zie het blad Toelichting.",
                    col.allowed.join(", ")
                ))?
        };
        validation = validation
            .set_input_title(col.name)?
            .set_input_message(col.description)?;
        sheet.add_data_validation(1, j, VALIDATED_ROWS, j, &validation)?;
    }
    print_setup(sheet)?;
    Ok(())
}

fn year_sheet(workbook: &mut Workbook, name: &str, columns: &[Column]) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(name)?;
    write_header(sheet, columns)?;
    for (j, col) in (0u16..).zip(columns) {
        let validation = DataValidation::new()
            .allow_any_value()
            .set_input_title(col.name)?
            .set_input_message(col.description)?;
        sheet.add_data_validation(1, j, 200, j, &validation)?;
    }
    print_setup(sheet)?;
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// Sheet `Wijken`: the municipality's heat plan per wijk, with a list for the solution.
fn districts_sheet(workbook: &mut Workbook) -> Result<(), XlsxError> {
    use crate::heat_plan::HeatSolution;
    use crate::input::districts::{DISTRICTS_SHEET, DISTRICT_COLUMNS};
    let sheet = workbook.add_worksheet();
    sheet.set_name(DISTRICTS_SHEET)?;
    let bold = header_format();
    for (j, name) in (0u16..).zip(DISTRICT_COLUMNS) {
        sheet.write_string_with_format(0, j, name, &bold)?;
        sheet.set_column_width(j, 20.0)?;
    }
    let list = DataValidation::new()
        .allow_list_strings(&HeatSolution::KEYS)?
        .set_input_title("warmteoplossing")?
        .set_input_message("warmtenet, all-electric, hybride of nog onbekend")?;
    sheet.add_data_validation(1, 1, 500, 1, &list)?;
    Ok(())
}

fn explanation_sheet(workbook: &mut Workbook) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(crate::input::columns::EXPLANATION_SHEET)?;
    let bold = header_format()
        .set_align(FormatAlign::Left)
        .set_align(FormatAlign::Bottom)
        .set_text_wrap();
    let title = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    // Column widths chosen so the table prints on one A4 landscape width at about 65 %.
    let headers = [
        ("blad", 10.0),
        ("kolom", 19.0),
        ("verplicht", 11.0),
        ("type / eenheid", 16.0),
        ("toegestane waarden", 28.0),
        ("synoniemen", 24.0),
        ("uitleg", 44.0),
    ];
    let total: f64 = headers.iter().map(|(_, w)| w).sum();
    let last_col = headers.len() as u16 - 1;
    for (i, line) in (0u32..).zip(EXPLANATION) {
        if i == 0 {
            sheet.write_string_with_format(i, 0, *line, &title)?;
        } else {
            // Across the table's width, wrapped: a long line neither runs off the page nor
            // widens column A.
            sheet.merge_range(i, 0, i, last_col, line, &wrap)?;
            let lines = super::tenants::wrapped_lines(line, total);
            sheet.set_row_height(i, 15.0 * lines as f64)?;
        }
    }
    let header_row = EXPLANATION.len() as u32 + 1;
    for (j, (h, width)) in (0u16..).zip(headers) {
        sheet.write_string_with_format(header_row, j, h, &bold)?;
        sheet.set_column_width(j, width)?;
    }
    let tables = [
        (HOMES_SHEET, HOME_COLUMNS),
        (BUDGET_SHEET, BUDGET_COLUMNS),
        (CAPACITY_SHEET, CAPACITY_COLUMNS),
    ];
    let mut row = header_row + 1;
    for (sheet_name, columns) in tables {
        for col in columns {
            let cells = [
                sheet_name.to_string(),
                col.name.to_string(),
                required_text(col).to_string(),
                type_text(col),
                allowed_text(col),
                col.synonyms.join(", "),
                col.description.to_string(),
            ];
            let mut lines = 1;
            for (j, (text, (_, width))) in (0u16..).zip(cells.iter().zip(headers)) {
                sheet.write_string_with_format(row, j, text, &wrap)?;
                lines = lines.max(super::tenants::wrapped_lines(text, width));
            }
            // Spreadsheet programs do not reliably grow a row for wrapped text on opening;
            // without this the lines of one row run over the next.
            sheet.set_row_height(row, 15.0 * lines as f64)?;
            row += 1;
        }
    }
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(header_row, header_row)?;
    print_header_footer(sheet);
    Ok(())
}

/// Landscape, fit to the width, the column names repeated on each page, and a header and
/// footer with the title and page number.
fn print_setup(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet.set_landscape();
    // Excel's paper code 8 = A3. The homes sheet's 25 columns print two pages wide with the
    // vhe repeated (on one page the text would be about 4 pt).
    sheet.set_paper_size(8);
    sheet.set_print_fit_to_pages(2, 0);
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_repeat_columns(0, 0)?;
    print_header_footer(sheet);
    Ok(())
}

fn print_header_footer(sheet: &mut Worksheet) {
    sheet.set_header("&L&Bretrofit: invoersjabloon&B – &A");
    sheet.set_footer("&Rpagina &P van &N");
}

/// A temp file in the target's own directory, so the final rename stays on one file system.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "sjabloon.xlsx".into());
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Writes the input template: sheets `Woningen`, `Budget`, `Capaciteit`, `Wijken` and
/// `Toelichting`.
/// The file appears whole or not at all: it is written beside the target and then renamed.
pub fn write_template(path: &Path) -> Result<(), XlsxError> {
    let mut workbook = Workbook::new();
    homes_sheet(&mut workbook)?;
    year_sheet(&mut workbook, BUDGET_SHEET, BUDGET_COLUMNS)?;
    year_sheet(&mut workbook, CAPACITY_SHEET, CAPACITY_COLUMNS)?;
    districts_sheet(&mut workbook)?;
    explanation_sheet(&mut workbook)?;

    let tmp = temp_path(path);
    let saved = workbook
        .save(&tmp)
        .and_then(|()| std::fs::rename(&tmp, path).map_err(XlsxError::IoError));
    if saved.is_err() {
        // Best effort: a leftover temp file is harmless but untidy.
        let _ = std::fs::remove_file(&tmp);
    }
    saved
}
