//! The sheet `Scenario's` (in the stock workbook or in a workbook of its own): one column per
//! scenario, one row per setting, so an adviser never needs TOML. Row 1 holds the scenario names
//! (from column B), column A the settings: a scenario key (`target_label`,
//! `projects.max_project_homes`, `budget_eur.2025`) or its Dutch name (`doellabel`, `deadline`,
//! `startmaand`, `budget 2025`, `capaciteit 2025`). Each column becomes the same TOML table a
//! variant file holds, laid over the default with [`Scenario::from_layer`], so every key is
//! checked exactly as in a file; an error names the sheet's cell (`Scenario's!C7`). An empty cell
//! leaves the setting as in the default.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use toml::{Table, Value};

use crate::scenario::{ModelFileError, Scenario};

pub const SHEET: &str = "Scenario's";

/// One column of the sheet: the scenario's name, its table, and per key the cell it came from.
#[derive(Debug, Clone)]
pub struct SheetScenario {
    pub name: String,
    pub column: String,
    pub table: Table,
    pub cells: BTreeMap<String, String>,
    /// Per key, the row's setting as written in column A and its cell (`Scenario's!A7`).
    pub labels: BTreeMap<String, (String, String)>,
    /// What was read otherwise than written (a number typed as text), for the scenario's notes.
    pub notes: Vec<String>,
    /// The column its `basis` names, whose settings lie under its own ([`column_bases`]).
    pub based_on: Option<String>,
    /// Per key a base column gives (not the column itself), that column's (name, letter).
    pub key_columns: BTreeMap<String, (String, String)>,
    /// The sheet's name as the workbook spells it (`Scenarios`, `Scenario’s`), for the
    /// sources: [`SHEET`] would name a sheet the file does not have (helper 69).
    pub sheet: String,
    /// Its name in row 1, where a `naam` row renames it: a `basis` may name it by either
    /// (helper 108 named a column by row 1's name).
    pub title: String,
}

/// The settings column A takes by their Dutch names (besides every key of a scenario file).
const DUTCH_NAMES: &str = "naam, basis, startmaand, deadline, doellabel, prioriteit, indexering, max woningen per project, tempo, minimum tempo, startmaand gespikkeld, tijdslimiet, budget JJJJ en capaciteit JJJJ";

/// Column letters of a 0-based index (0 -> A, 26 -> AA).
fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The Dutch setting a row label that [`key_of`] does not know most likely misspells:
/// `budjet 2026` -> `budget 2026`, `doelabel` -> `doellabel`.
fn likely_setting(label: &str) -> Option<String> {
    const NAMES: [&str; 12] = [
        "naam",
        "prioriteit",
        "basis",
        "startmaand",
        "deadline",
        "doellabel",
        "indexering",
        "max woningen per project",
        "tempo",
        "minimum tempo",
        "startmaand gespikkeld",
        "tijdslimiet",
    ];
    let l = label.trim().to_lowercase();
    if let Some((word, year)) = l.rsplit_once(' ') {
        if year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()) {
            return crate::input::columns::closest(word.trim(), &["budget", "capaciteit"])
                .map(|w| format!("{w} {year}"));
        }
    }
    if let Some(name) = crate::input::columns::closest(&l, &NAMES) {
        return Some(name.to_string());
    }
    // A known name with a word more (helper 94: `deadline_maand`, no suggestion), the longest
    // such name.
    let spaced = format!(" {} ", l.replace(['_', '-'], " "));
    NAMES
        .iter()
        .filter(|n| spaced.contains(&format!(" {n} ")))
        .max_by_key(|n| n.len())
        .map(|n| n.to_string())
}

/// The scenario key of a row label: a key as in the TOML file, or its Dutch name.
fn key_of(label: &str) -> Option<String> {
    let l = label.trim().to_lowercase();
    let l = l.trim_end_matches(':').trim();
    if l.is_empty() {
        return None;
    }
    let fixed = match l {
        "naam" => Some("name"),
        "basis" => Some("base"),
        "startmaand" | "start" => Some("start_month"),
        "deadline" | "deadlinemaand" | "einddatum" => Some("deadline_month"),
        "doellabel" | "label" => Some("target_label"),
        "indexering" | "indexering % per jaar" | "kostenstijging % per jaar" => {
            Some("cost.escalation_pct_per_year")
        }
        "max woningen per project" => Some("projects.max_project_homes"),
        "woningen per maand per project" | "tempo" => Some("projects.homes_per_month_per_project"),
        "minimum tempo" | "min tempo" | "minimaal tempo" => {
            Some("projects.min_homes_per_month_per_project")
        }
        // Helper 77: one of the settings an adviser varies most had no Dutch name.
        "startmaand gespikkeld"
        | "gespikkeld startmaand"
        | "gespikkelde startmaand"
        | "startmaand gespikkeld bezit" => Some("projects.pepper_potted_start_month"),
        "tijdslimiet" => Some("solver.time_limit_s"),
        // As `Vergelijking` names it (helper 83), with its value in either words.
        "prioriteit" => Some("priority"),
        _ => None,
    };
    if let Some(k) = fixed {
        return Some(k.to_string());
    }
    let year_of = |prefix: &str| {
        l.strip_prefix(prefix)
            .map(str::trim)
            .filter(|y| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()))
            .map(str::to_string)
    };
    if let Some(y) = year_of("budget") {
        return Some(format!("budget_eur.{y}"));
    }
    if let Some(y) = year_of("capaciteit") {
        return Some(format!("capacity_homes_per_month.{y}"));
    }
    Some(label.trim().to_string())
}

/// Whether every setting under `key`'s first part is a number (budgets, capacities, costs,
/// paces, solver settings): text there that reads as a number is that number.
fn takes_numbers(key: &str) -> bool {
    let first = key.split('.').next().unwrap_or_default().trim();
    [
        "budget_eur",
        "capacity_homes_per_month",
        "assumed_ep2_kwh_m2",
        "corporations",
        "cost",
        "projects",
        "solver",
        "maintenance",
    ]
    .contains(&first)
}

/// Text that reads as a number the Dutch way (`400.000`, `2,5`), as a TOML value, with the
/// note the stock's sheets give for it (none for plain digits).
/// A setting in euros (a key part ending in `_eur`) also takes the euro sign (`€ 400.000`).
fn number_of_text(key: &str, text: &str) -> Option<(Value, Option<String>)> {
    use crate::input::raw::{Cell, Origin};
    use crate::input::values;
    let mut notes = Vec::new();
    let cell = Cell::Text(text.into());
    let euros = key.split('.').any(|part| part.trim().ends_with("_eur"));
    let number = if euros {
        values::amount(&cell, Origin::Workbook, &mut notes)
    } else {
        values::number(&cell, Origin::Workbook, &mut notes)
    }
    .ok()
    .flatten()?;
    let value = if number.fract() == 0.0 && number.abs() < 1e15 {
        Value::Integer(number as i64)
    } else {
        Value::Float(number)
    };
    Some((value, notes.into_iter().next()))
}

/// A cell as a TOML value; `None` for an empty cell.
fn value_of(data: &Data) -> Option<Value> {
    match data {
        Data::Empty => None,
        Data::String(s) if s.trim().is_empty() => None,
        Data::String(s) => Some(Value::String(s.trim().to_string())),
        Data::Int(i) => Some(Value::Integer(*i)),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(Value::Integer(*f as i64)),
        Data::Float(f) => Some(Value::Float(*f)),
        Data::Bool(b) => Some(Value::Boolean(*b)),
        // A month typed as a date (Excel turns "2025-01" into 1 January 2025).
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, ..) = dt.to_ymd_hms_milli();
            Some(Value::String(format!("{y:04}-{m:02}")))
        }
        Data::DateTime(dt) => Some(Value::Float(dt.as_f64())),
        Data::DateTimeIso(s) => Some(Value::String(s.get(..7).unwrap_or(s).to_string())),
        Data::DurationIso(s) => Some(Value::String(s.clone())),
        Data::Error(e) => Some(Value::String(format!("#{e:?}"))),
    }
}

/// Sets `a.b.c` in `table`, making the tables on the way; a segment may be quoted as in a TOML
/// file (`corporations."Wonen b.v.".budget_eur.2025`), and a bare one may hold spaces. Returns
/// the key as a TOML file writes it, as errors name it.
fn insert_path(table: &mut Table, key: &str, value: Value) -> Result<String, String> {
    const CORPORATION_KEY: &str = "een naam met een punt hoort tussen aanhalingstekens: corporations.\"Wonen b.v.\".budget_eur.2025";
    let parts = crate::model_toml::key_segments(key)
        .ok_or_else(|| format!("'{key}' is geen geldige sleutel ({CORPORATION_KEY})"))?;
    // A corporation's figure has exactly four parts; more or fewer is most likely a name with a
    // dot written bare, which would otherwise be split into a wrong name and a wrong year.
    if parts[0] == "corporations"
        && (parts.len() != 4
            || !["budget_eur", "capacity_homes_per_month"].contains(&parts[2].as_str()))
    {
        return Err(format!(
            "een cijfer van een corporatie heet corporations.NAAM.budget_eur.JAAR of corporations.NAAM.capacity_homes_per_month.JAAR; {CORPORATION_KEY}"
        ));
    }
    let written = crate::model_toml::dotted_key(&parts);
    let mut t = table;
    for part in &parts[..parts.len() - 1] {
        let entry = t
            .entry(part.to_string())
            .or_insert_with(|| Value::Table(Table::new()));
        t = match entry {
            Value::Table(inner) => inner,
            _ => return Err(format!("'{part}' is geen tabel")),
        };
    }
    t.insert(parts[parts.len() - 1].to_string(), value);
    Ok(written)
}

/// Whether a sheet is `Scenario's` (also `Scenarios`, `scenario’s`).
pub fn is_sheet_name(name: &str) -> bool {
    let normal = |s: &str| s.to_lowercase().replace(['\'', '’', ' '], "");
    normal(name) == normal(SHEET)
}

/// The scenarios of sheet `Scenario's` of `path`; `None` when the workbook has no such sheet
/// (or `path` is not a workbook). Errors name the cell.
pub fn read(path: &Path) -> Result<Option<Vec<SheetScenario>>, String> {
    let is_book = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["xlsx", "xlsm", "xls", "ods"].contains(&e.to_lowercase().as_str()));
    if !is_book || crate::embedded::is_embedded(path) || !path.is_file() {
        return Ok(None);
    }
    // Not opened, or calamine stuck: said in Dutch with the file's name; the sheet's own
    // messages as they are.
    crate::input::raw::with_workbook(path, |book| Ok(read_book(book, path)))
        .map_err(|e| format!("{}: {e}", path.display()))?
}

/// [`read`] of the opened workbook.
fn read_book(
    mut book: calamine::Sheets<std::io::BufReader<std::fs::File>>,
    path: &Path,
) -> Result<Option<Vec<SheetScenario>>, String> {
    let Some(name) = book.sheet_names().into_iter().find(|n| is_sheet_name(n)) else {
        return Ok(None);
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| format!("{}: werkblad {name}: {e}", path.display()))?;
    let (row0, col0) = range
        .start()
        .map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let rows: Vec<&[Data]> = range.rows().collect();
    let cell = |r: usize, c: usize| format!("{name}!{}{}", column_letters(col0 + c), row0 + r + 1);
    let Some(header) = rows.first() else {
        return Err(format!("{}: werkblad {name} is leeg", path.display()));
    };
    let mut out: Vec<SheetScenario> = Vec::new();
    // Columns read only to check their settings: one without a name, or with a name taken.
    let mut flawed: Vec<SheetScenario> = Vec::new();
    let mut errors = Vec::new();
    let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let renamed_columns: Vec<String> = (1..width)
        .filter(|&c| named_below(&rows, c).is_some())
        .map(|c| column_letters(col0 + c))
        .collect();
    for c in 1..width {
        let has_settings = rows
            .iter()
            .skip(1)
            .any(|r| r.get(c).and_then(value_of).is_some());
        let mut named = true;
        // No name in row 1 but one in a `naam` row: that name.
        let title = header
            .get(c)
            .and_then(value_of)
            .or_else(|| named_below(&rows, c).map(Value::String));
        let title = match title {
            Some(Value::String(s)) => s,
            Some(other) => other.to_string(),
            // A column with settings but no name would be left out unseen.
            None if has_settings => {
                errors.push(format!(
                    "{}: {}: deze kolom heeft instellingen maar geen naam; zet de naam van het scenario in rij 1",
                    path.display(),
                    cell(0, c)
                ));
                named = false;
                format!("(kolom {})", column_letters(col0 + c))
            }
            None => continue,
        };
        // Two columns of one name would give two rows of a comparison that nobody can tell apart.
        // Row 1's names count where no `naam` row renames the column (helper 107: 'A' twice in
        // row 1 over 'A' and 'B' in a `naam` row was called one name); the names a `naam` row
        // gives are compared below.
        let renamed = |letters: &str| renamed_columns.iter().any(|r| r == letters);
        if let Some(same) = out.iter().find(|o| {
            named
                && !renamed(&column_letters(col0 + c))
                && !renamed(&o.column)
                && o.name.trim().to_lowercase() == title.trim().to_lowercase()
        }) {
            errors.push(format!(
                "{}: {}: de naam '{title}' staat ook in {name}!{}1; geef elk scenario een eigen naam",
                path.display(),
                cell(0, c),
                same.column
            ));
            named = false;
        }
        let mut s = SheetScenario {
            name: title.clone(),
            column: column_letters(col0 + c),
            table: Table::new(),
            cells: BTreeMap::new(),
            labels: BTreeMap::new(),
            notes: Vec::new(),
            based_on: None,
            key_columns: BTreeMap::new(),
            sheet: name.clone(),
            title: title.clone(),
        };
        s.table.insert("name".into(), Value::String(title));
        for (r, row) in rows.iter().enumerate().skip(1) {
            let label = match row.first().and_then(value_of) {
                Some(Value::String(l)) => l,
                Some(other) => other.to_string(),
                None => continue,
            };
            let Some(value) = row.get(c).and_then(value_of) else {
                continue;
            };
            let Some(key) = key_of(&label) else {
                continue;
            };
            // A figure typed as text (`400.000`), as the stock's sheets read it: with a note.
            let value = match value {
                Value::String(text) if takes_numbers(&key) => match number_of_text(&key, &text) {
                    Some((number, note)) => {
                        s.notes.extend(
                            note.map(|n| format!("{}: {}: {n}", path.display(), cell(r, c))),
                        );
                        number
                    }
                    None => Value::String(text),
                },
                other => other,
            };
            // A setting given twice would let the later row win unseen, and hide the earlier's
            // mistakes.
            let written_key = crate::model_toml::key_segments(&key)
                .map(|parts| crate::model_toml::dotted_key(&parts));
            if let Some(first) = written_key.as_ref().and_then(|k| s.cells.get(k)) {
                errors.push(format!(
                    "{}: {}: {key} staat ook in {first}; geef elke instelling één keer",
                    path.display(),
                    cell(r, c)
                ));
                continue;
            }
            match insert_path(&mut s.table, &key, value) {
                Ok(written) => {
                    s.cells.insert(written.clone(), cell(r, c));
                    s.labels
                        .insert(written, (label.trim().to_string(), cell(r, 0)));
                }
                Err(e) => errors.push(format!("{}: {}: {key}: {e}", path.display(), cell(r, c))),
            }
        }
        // A `naam` row's name is the column's, as `vergelijk` names it (and as a `basis` and
        // the messages name the column).
        if let Some(Value::String(n)) = s.table.get("name") {
            s.name = n.clone();
        }
        if named {
            out.push(s);
        } else {
            flawed.push(s);
        }
    }
    // Two columns that a `naam` row gives one name: as two columns of one name in row 1.
    for (i, s) in out.iter().enumerate() {
        let name_of = |s: &SheetScenario| {
            s.table
                .get("name")
                .and_then(Value::as_str)
                .map(|n| n.trim().to_string())
        };
        let Some(own) = name_of(s) else { continue };
        if let Some(same) = out[..i]
            .iter()
            .find(|o| name_of(o).is_some_and(|n| n.to_lowercase() == own.to_lowercase()))
        {
            let at = |o: &SheetScenario| {
                o.cells
                    .get("name")
                    .cloned()
                    .unwrap_or_else(|| format!("{name}!{}1", o.column))
            };
            errors.push(format!(
                "{}: {}: de naam '{own}' staat ook in {}; geef elk scenario een eigen naam",
                path.display(),
                at(s),
                at(same)
            ));
        }
    }
    column_bases(&mut out, path, &name, &mut errors);
    if !errors.is_empty() {
        // The settings' own mistakes too, in every column, so that all come in one list.
        errors.extend(
            out.iter()
                .chain(&flawed)
                .filter_map(|s| s.scenario(path).err()),
        );
        return Err(all_errors(errors));
    }
    if out.is_empty() {
        return Err(format!(
            "{}: werkblad {name}: geen scenario's; zet de namen in rij 1 vanaf kolom B en de instellingen in kolom A",
            path.display()
        ));
    }
    Ok(Some(out))
}

/// A `basis` that names another column of the sheet rather than a file (helper 69 named its
/// first column, "Basis 2027-2028", and read "het bestand bestaat niet"): the column's settings
/// are laid over that column's (and so on down its bases), an empty cell keeping the base
/// column's value; a key the column does not set is said at the base column's cell. A file of
/// that name beside the workbook goes first. A name that is neither, or bases that go round, is
/// an error at the `basis` cell.
fn column_bases(out: &mut [SheetScenario], workbook: &Path, sheet: &str, errors: &mut Vec<String>) {
    let dir = workbook.parent().unwrap_or(Path::new("."));
    let base_of = |s: &SheetScenario| match s.table.get(crate::variants::BASE_KEY) {
        Some(Value::String(b)) if !dir.join(b).is_file() => Some(b.trim().to_lowercase()),
        _ => None,
    };
    let column_named = |out: &[SheetScenario], name: &str| {
        let is = |n: &str| n.trim().to_lowercase() == name;
        out.iter()
            .position(|o| is(&o.name))
            .or_else(|| out.iter().position(|o| is(&o.title)))
    };
    let mut laid: Vec<(usize, Vec<usize>)> = Vec::new();
    for i in 0..out.len() {
        let Some(mut base) = base_of(&out[i]) else {
            continue;
        };
        let at = out[i]
            .cells
            .get(crate::variants::BASE_KEY)
            .cloned()
            .unwrap_or_else(|| format!("{sheet}!{}", out[i].column));
        let written = match out[i].table.get(crate::variants::BASE_KEY) {
            Some(Value::String(b)) => b.clone(),
            _ => String::new(),
        };
        // The columns under it, nearest first.
        let mut chain = vec![i];
        let failed = loop {
            let Some(j) = column_named(out, &base) else {
                // `standaard` with no column of that name: the built-in default.
                if crate::embedded::names_default_scenario(&base, dir) {
                    break None;
                }
                let names: Vec<&str> = out.iter().map(|o| o.name.as_str()).collect();
                break Some(format!(
                    "basis '{written}' is geen bestand naast de werkmap en geen kolom van dit blad; noem een scenariobestand (.toml) of de naam van een kolom ({})",
                    names.join(", ")
                ));
            };
            if chain.contains(&j) {
                let names: Vec<&str> = chain.iter().map(|&k| out[k].name.as_str()).collect();
                break Some(format!(
                    "de bases gaan in een kring ({} en weer {}); geef een kolom zonder basis of met een bestand als basis",
                    names.join(" -> "),
                    out[j].name
                ));
            }
            chain.push(j);
            match base_of(&out[j]) {
                Some(next) => base = next,
                None => break None,
            }
        };
        match failed {
            Some(message) => {
                errors.push(format!("{}: {at}: {message}", workbook.display()));
                // Said here; not again as a file that cannot be read.
                out[i].table.remove(crate::variants::BASE_KEY);
            }
            // A chain of one: the column's base is the built-in default, laid under it anyway.
            None if chain.len() == 1 => {}
            None => laid.push((i, chain)),
        }
    }
    // Laid after every chain is known, from the tables as written.
    let written: Vec<SheetScenario> = out.to_vec();
    for (i, chain) in laid {
        let last = chain[chain.len() - 1];
        let mut table = written[last].table.clone();
        let mut cells = written[last].cells.clone();
        let mut labels = written[last].labels.clone();
        let mut key_columns = BTreeMap::new();
        let by = |k: usize| (written[k].name.clone(), written[k].column.clone());
        for key in written[last].cells.keys() {
            key_columns.insert(key.clone(), by(last));
        }
        for &k in chain[..chain.len() - 1].iter().rev() {
            let mut own = written[k].table.clone();
            own.remove(crate::variants::BASE_KEY);
            crate::model_toml::merge_tables(&mut table, own);
            cells.extend(written[k].cells.clone());
            labels.extend(written[k].labels.clone());
            for key in written[k].cells.keys() {
                if k == i {
                    key_columns.remove(key);
                } else {
                    key_columns.insert(key.clone(), by(k));
                }
            }
        }
        // The base of the column itself is a column, not a file: its cell says where it came
        // from only for a base the last column names.
        if !written[last].table.contains_key(crate::variants::BASE_KEY) {
            cells.remove(crate::variants::BASE_KEY);
        }
        out[i].table = table;
        out[i].cells = cells;
        out[i].labels = labels;
        out[i].based_on = Some(written[chain[1]].name.clone());
        out[i].key_columns = key_columns;
    }
}

/// The name a `naam` row gives column `c`, if any.
fn named_below(rows: &[&[Data]], c: usize) -> Option<String> {
    rows.iter().skip(1).find_map(|row| {
        let label = row.first().and_then(value_of)?;
        let label = match label {
            Value::String(l) => l,
            other => other.to_string(),
        };
        if key_of(&label).as_deref() != Some("name") {
            return None;
        }
        match row.get(c).and_then(value_of)? {
            Value::String(n) => Some(n),
            other => Some(other.to_string()),
        }
    })
}

/// Errors of several columns as one message, each on its own line (a column's own
/// "N fouten:" list taken apart), counted when more than one. An error every column shares
/// (an unknown setting in column A) is said once (helper 50: said and counted per column).
pub fn all_errors(errors: Vec<String>) -> String {
    let mut lines: Vec<String> = Vec::new();
    for e in errors {
        let mut parts = e.lines();
        let found: Vec<String> = match parts.next() {
            Some(first) if first.ends_with(" fouten:") => {
                parts.map(|l| l.trim().to_string()).collect()
            }
            _ => vec![e],
        };
        for line in found {
            if !lines.contains(&line) {
                lines.push(line);
            }
        }
    }
    crate::nl_format::error_list(&lines)
}

impl SheetScenario {
    /// The checked scenario of this column: its table over the default (or over its `base`,
    /// relative to the workbook); an error names the cell of the key it is about.
    pub fn scenario(&self, workbook: &Path) -> Result<Scenario, String> {
        let label = PathBuf::from(format!(
            "{}#{}!{}",
            workbook.display(),
            self.sheet,
            self.column
        ));
        let mut table = self.table.clone();
        let mut base_file = None;
        let mut base_error = None;
        let dir = workbook.parent().unwrap_or(Path::new("."));
        let based = match table.remove(crate::variants::BASE_KEY) {
            // `standaard`: the built-in default, under every column already.
            Some(Value::String(base)) if crate::embedded::names_default_scenario(&base, dir) => {
                false
            }
            Some(Value::String(base)) => {
                let base_path = dir.join(&base);
                match crate::variants::layered_table(&base_path) {
                    Ok(mut under) => {
                        base_file = Some(base_path);
                        // The scenario reads the base's files relative to the workbook's folder.
                        crate::variants::relative_to_variant(&mut under, &base);
                        crate::model_toml::merge_tables(&mut under, table);
                        table = under;
                        true
                    }
                    // The column's own settings are still checked, over the default, so that
                    // their mistakes come in the same list (helper 107: `capaciteit 2027 = zes`
                    // was said only once the base was mended).
                    Err(e) => {
                        base_error = Some(format!(
                            "{}: {e}",
                            self.cell_of(crate::variants::BASE_KEY, workbook)
                        ));
                        false
                    }
                }
            }
            _ => false,
        };
        // Without its base, a mistake about a key the column does not set is the base's
        // absence, not the column's.
        let relevant = |e: &ModelFileError| {
            base_error.is_none()
                || !matches!(e, ModelFileError::Invalid { key, message, .. }
                    if !self.cells.contains_key(key)
                        && (!message.starts_with("onbekende sleutel") || key.contains('.')))
        };
        let result = Scenario::from_layer(table, &label).map_err(|e| {
            let in_cell = |e: ModelFileError| match e {
                // A setting the sheet does not know: said at its name in column A.
                ModelFileError::Invalid { key, message, .. }
                    if message.starts_with("onbekende sleutel") && !key.contains('.') =>
                {
                    let (label, cell) = self
                        .labels
                        .get(&key)
                        .cloned()
                        .unwrap_or_else(|| (key.clone(), self.cell_of(&key, workbook)));
                    // A Dutch name misspelt, else a scenario file's key (the file's own hint).
                    let hint = likely_setting(&label)
                        .or_else(|| {
                            message
                                .split("bedoelt u '")
                                .nth(1)
                                .and_then(|rest| rest.split('\'').next())
                                .map(str::to_string)
                        })
                        .map_or(String::new(), |s| format!("bedoelt u '{s}'? "));
                    format!(
                        "{}: {cell}: onbekende instelling '{label}'; {hint}bekend zijn {DUTCH_NAMES}, en elke sleutel van een scenariobestand (retrofit scenario schrijft het standaardscenario met al zijn sleutels)",
                        workbook.display()
                    )
                }
                ModelFileError::Invalid { key, message, .. } => {
                    // A key the column does not set but its base does: said at the base's file.
                    let in_base = base_file
                        .as_ref()
                        .filter(|_| !self.cells.contains_key(&key))
                        .and_then(|b| crate::variants::file_setting(b, &key));
                    match in_base {
                        Some(file) => format!(
                            "{} (basis van {}): {key}: {message}",
                            file.display(),
                            self.cell_of(crate::variants::BASE_KEY, workbook)
                        ),
                        None => format!("{}: {key}: {message}", self.cell_of(&key, workbook)),
                    }
                }
                other => other.to_string(),
            };
            match e {
                ModelFileError::Several(errors) => {
                    // Beside a setting the sheet does not know, an error about a key neither
                    // this column nor its base sets is most likely that setting's consequence
                    // (helper 94: `dedline` gave two more errors, "2026-12 ligt vóór
                    // start_month", of the default deadline): said once the name is mended.
                    let unknown = |e: &ModelFileError| {
                        matches!(e, ModelFileError::Invalid { key, message, .. }
                            if message.starts_with("onbekende sleutel") && !key.contains('.'))
                    };
                    let set_here = |key: &str| {
                        self.cells.contains_key(key)
                            || base_file
                                .as_ref()
                                .is_some_and(|b| crate::variants::file_setting(b, key).is_some())
                    };
                    let any_unknown = errors.iter().any(unknown);
                    let kept: Vec<ModelFileError> = errors
                        .into_iter()
                        .filter(|e| {
                            !any_unknown
                                || unknown(e)
                                || !matches!(e, ModelFileError::Invalid { key, .. } if !set_here(key))
                        })
                        .filter(relevant)
                        .collect();
                    crate::nl_format::error_list(&kept.into_iter().map(in_cell).collect::<Vec<_>>())
                }
                e if relevant(&e) => in_cell(e),
                _ => String::new(),
            }
        });
        if let Some(base_error) = base_error {
            let own = result.err().filter(|e| !e.is_empty());
            return Err(all_errors([base_error].into_iter().chain(own).collect()));
        }
        let mut scenario = result?;
        if based || self.based_on.is_some() {
            scenario.key_sources = self.key_sources(&label, base_file.as_deref());
            scenario.mark_based();
        }
        scenario.source_notes.extend(self.notes.iter().cloned());
        Ok(scenario)
    }

    /// What gives each budget and capacity key of a column laid over a base: the column's own
    /// cell (`scenario {label}`), a base column's (`basis 'Basis' in bezit.xlsx#Scenario's!B`),
    /// or a base file's chain (`basis b.toml`); a key none of them sets is left out.
    fn key_sources(&self, label: &Path, base_file: Option<&Path>) -> BTreeMap<String, String> {
        let workbook = label.display().to_string();
        let workbook = workbook
            .rsplit_once('#')
            .map_or(workbook.as_str(), |(w, _)| w);
        let mut sources = BTreeMap::new();
        for key in self.cells.keys() {
            let source = match self.key_columns.get(key) {
                Some((name, letter)) => {
                    format!("basis '{name}' in {workbook}#{}!{letter}", self.sheet)
                }
                None => format!("scenario {}", label.display()),
            };
            sources.insert(key.clone(), source);
        }
        if let Some(base) = base_file {
            for table in ["budget_eur", "capacity_homes_per_month"] {
                let Ok(chain) = crate::variants::layered_table(base) else {
                    continue;
                };
                let Some(years) = chain.get(table).and_then(Value::as_table) else {
                    continue;
                };
                for year in years.keys() {
                    let key = format!("{table}.{year}");
                    if sources.contains_key(&key) {
                        continue;
                    }
                    if let Some(file) = crate::variants::file_setting(base, &key) {
                        sources.insert(key, format!("basis {}", file.display()));
                    }
                }
            }
        }
        sources
    }

    /// The cell a key came from (`bezit.xlsx, Scenario's!C7`), else the column.
    fn cell_of(&self, key: &str, workbook: &Path) -> String {
        let found = self
            .cells
            .iter()
            .find(|(k, _)| {
                key == k.as_str()
                    || key.starts_with(&format!("{k}."))
                    || k.starts_with(&format!("{key}."))
            })
            .map(|(_, c)| c.clone());
        match found {
            Some(c) => format!("{}: {c}", workbook.display()),
            None => format!(
                "{}: {}, kolom {} ({})",
                workbook.display(),
                self.sheet,
                self.column,
                self.name
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_map_to_keys_and_columns_to_letters() {
        assert_eq!(key_of("Budget 2025").as_deref(), Some("budget_eur.2025"));
        assert_eq!(
            key_of("capaciteit 2026").as_deref(),
            Some("capacity_homes_per_month.2026")
        );
        assert_eq!(key_of("Doellabel").as_deref(), Some("target_label"));
        assert_eq!(key_of("Prioriteit").as_deref(), Some("priority"));
        assert_eq!(
            crate::scenario::Priority::parse("Slechtste label eerst"),
            Some(crate::scenario::Priority::WorstLabelFirst)
        );
        assert_eq!(
            key_of("Gespikkeld startmaand").as_deref(),
            Some("projects.pepper_potted_start_month")
        );
        assert_eq!(
            key_of("minimum tempo").as_deref(),
            Some("projects.min_homes_per_month_per_project")
        );
        assert_eq!(
            likely_setting("startmaand gespikeld").as_deref(),
            Some("startmaand gespikkeld")
        );
        assert_eq!(
            key_of("projects.max_project_homes").as_deref(),
            Some("projects.max_project_homes")
        );
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(2), "C");
        assert_eq!(column_letters(26), "AA");
    }

    /// A row key names a corporation as a TOML file does: quoted (so that a name may hold a
    /// dot or a quote), or bare with spaces as a user types it.
    #[test]
    fn a_row_key_may_quote_a_corporation_name() {
        let mut table = Table::new();
        for key in [
            "corporations.\"Woonstichting 1\".budget_eur.2025",
            "corporations.Woonstichting 2.budget_eur.2025",
            "corporations.\"Wonen \\\"Zuid\\\" b.v.\".budget_eur.2025",
            "corporations.'Wonen b.v.'.capacity_homes_per_month.2025",
        ] {
            insert_path(&mut table, key, Value::Integer(1)).expect(key);
        }
        let corporations = table["corporations"].as_table().expect("table");
        let mut names: Vec<&String> = corporations.keys().collect();
        names.sort();
        assert_eq!(
            names,
            [
                "Wonen \"Zuid\" b.v.",
                "Wonen b.v.",
                "Woonstichting 1",
                "Woonstichting 2"
            ]
        );
        // A bare name with a dot would be split into a wrong name and year: refused.
        for bad in [
            "corporations.Wonen b.v.budget_eur.2025",
            "corporations.St. Jozef.budget_eur.2025",
            "corporations.\"Woonstichting 1\".budgett_eur.2025",
        ] {
            let err = insert_path(&mut table, bad, Value::Integer(1)).expect_err(bad);
            assert!(err.contains("corporations.NAAM.budget_eur.JAAR"), "{err}");
        }
        // The key as errors name it.
        assert_eq!(
            insert_path(
                &mut table,
                "corporations.Woonstichting 2.budget_eur.2026",
                Value::Integer(1)
            ),
            Ok("corporations.\"Woonstichting 2\".budget_eur.2026".to_string())
        );
        // An unclosed quote is said, not read as a name with a quote in it.
        let err = insert_path(
            &mut table,
            "corporations.\"Wonen.budget_eur.2025",
            Value::Integer(1),
        )
        .expect_err("unclosed");
        assert!(err.contains("geen geldige sleutel"), "{err}");
    }

    #[test]
    fn a_column_on_a_base_in_another_folder_reads_the_bases_files_there() {
        let dir = std::env::temp_dir().join(format!("retrofit-sheet-base-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("model")).unwrap();
        std::fs::write(
            dir.join("model").join("e.toml"),
            crate::embedded::ENERGY_TOML,
        )
        .unwrap();
        std::fs::write(
            dir.join("model").join("scenario.toml"),
            "energy = \"e.toml\"\n[budget_eur]\n2025 = 1_000\n",
        )
        .unwrap();
        let mut table = Table::new();
        table.insert("name".into(), Value::String("variant".into()));
        table.insert(
            crate::variants::BASE_KEY.into(),
            Value::String("model/scenario.toml".into()),
        );
        let column = SheetScenario {
            name: "variant".into(),
            column: "B".into(),
            table,
            cells: BTreeMap::new(),
            labels: BTreeMap::new(),
            notes: Vec::new(),
            based_on: None,
            key_columns: BTreeMap::new(),
            sheet: SHEET.into(),
            title: "variant".into(),
        };
        let s = column.scenario(&dir.join("bezit.xlsx")).expect("scenario");
        assert!(
            s.energy.file.ends_with("model/e.toml"),
            "{:?}",
            s.energy.file
        );
        assert!(s.has_base);
        // The year the base file names is said to come from it, not from "the column with
        // its base".
        let base = dir.join("model").join("scenario.toml");
        assert_eq!(
            s.budget_source,
            format!(
                "basis {} (2025); overige jaren uit het standaardscenario",
                base.display()
            )
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
