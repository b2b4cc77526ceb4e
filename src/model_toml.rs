//! The TOML files of `models/` as a user meets them: a file may name only what it changes (it is
//! merged over its default, table by table), and every error is Dutch and names the file, the
//! line or the key (`scenario.toml: budget_eur.2025: ...`).
//!
//! [`merge_tables`] is general: any layering of TOML tables (a user's file over the embedded
//! default, a scenario variant over its base) uses it before deserialising, so every key stays
//! checked by `deny_unknown_fields`.

use std::path::Path;

use serde::de::DeserializeOwned;
use toml::{Table, Value};

use crate::embedded;
use crate::scenario::ModelFileError;

/// Lays `over` on top of `base`: a key in both whose values are both tables is merged key by
/// key; any other value of `over` (number, text, list) replaces the one in `base`.
pub fn merge_tables(base: &mut Table, over: Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(Value::Table(b)), Value::Table(o)) => merge_tables(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// The text of a model file: an embedded one (`<ingebouwd>/catalog.toml`) or one on disk.
pub fn read_text(path: &Path) -> Result<String, ModelFileError> {
    let io = |reason: String| ModelFileError::Io {
        file: path.display().to_string(),
        reason,
    };
    if let Some(bytes) = embedded::file(path) {
        return String::from_utf8(bytes.to_vec()).map_err(|_| io("geen UTF-8-tekst".into()));
    }
    if path.is_dir() {
        return Err(io(
            "dit is een map, geen bestand (geef het .toml-bestand)".into()
        ));
    }
    std::fs::read_to_string(path).map_err(|e| {
        io(match e.kind() {
            std::io::ErrorKind::NotFound => "het bestand bestaat niet".into(),
            std::io::ErrorKind::PermissionDenied => "geen leesrechten".into(),
            std::io::ErrorKind::InvalidData => "geen UTF-8-tekst".into(),
            _ => e.to_string(),
        })
    })
}

/// At most this many syntax errors of one file are said at once.
const MAX_SYNTAX_ERRORS: usize = 20;

/// Parses TOML text into a table; a syntax error names the file, the line and what to write.
/// Every broken line is said at once, in line order (up to [`MAX_SYNTAX_ERRORS`]): after each
/// error its line is left out and the text parsed again, as the parser stops at one (which was
/// not even always the first: "regel 4" was said of a file broken in lines 3 and 4).
pub fn parse_table(text: &str, file: &Path) -> Result<Table, ModelFileError> {
    let first = match text.parse::<Table>() {
        Ok(table) => {
            let dotted = dotted_thousands(text);
            if dotted.is_empty() {
                return Ok(table);
            }
            let file = file.display().to_string();
            return Err(ModelFileError::all(
                dotted
                    .into_iter()
                    .map(|message| ModelFileError::Parse {
                        file: file.clone(),
                        message,
                    })
                    .collect(),
            ));
        }
        Err(e) => e,
    };
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut said: std::collections::BTreeMap<usize, String> = std::collections::BTreeMap::new();
    let mut error = Some(first);
    while let Some(e) = error.take() {
        let joined: String = lines.concat();
        let start = e.span().map(|s| s.start).unwrap_or(0);
        let (line_no, line) = line_at(&joined, start);
        if said.contains_key(&line_no) || said.len() >= MAX_SYNTAX_ERRORS {
            break;
        }
        said.insert(
            line_no,
            format!(
                "regel {line_no} ({}): {}",
                line.trim(),
                syntax_message(e.message(), line)
            ),
        );
        // Without a broken table header, the lines under it would land in another table and
        // their errors (a key twice) would be the mending's, not the file's: they are left out,
        // and the lines above it read again (helper 97: `name = "kapot` above `[budget_eur`
        // was said only in the next round; the parser said the header first).
        if line.trim_start().starts_with('[') {
            lines.truncate(line_no - 1);
        } else {
            // The line left out (kept as an empty line, so the next error's number is the
            // file's).
            match lines.get_mut(line_no - 1) {
                Some(l) => *l = if l.ends_with('\n') { "\n" } else { "" },
                None => break,
            }
        }
        error = lines.concat().parse::<Table>().err();
    }
    let file = file.display().to_string();
    Err(ModelFileError::all(
        said.into_values()
            .map(|message| ModelFileError::Parse {
                file: file.clone(),
                message,
            })
            .collect(),
    ))
}

/// Deserialises a (merged) table; an error names the key it is about.
pub fn from_table<T: DeserializeOwned>(table: &Table, file: &Path) -> Result<T, ModelFileError> {
    // Through text, so that the error has a span that leads to its key.
    let text = toml::to_string(table).map_err(|e| ModelFileError::Parse {
        file: file.display().to_string(),
        message: format!("kan de tabel niet verwerken ({e})"),
    })?;
    toml::from_str::<T>(&text).map_err(|e| {
        let start = e.span().map(|s| s.start).unwrap_or(0);
        let mut key = key_at(&text, start);
        let message = e.message().trim().to_string();
        if let Some(missing) = between(&message, "missing field `", "`") {
            key = if key.is_empty() {
                missing.to_string()
            } else {
                format!("{key}.{missing}")
            };
        } else if let Some(unknown) = between(&message, "unknown field `", "`") {
            let named = key_segments(&key).and_then(|k| k.last().cloned());
            if named.as_deref() != Some(unknown) {
                key = if key.is_empty() {
                    unknown.to_string()
                } else {
                    format!("{key}.{unknown}")
                };
            }
        }
        let mut message = with_range(value_message(&message), &key);
        // TOML reads an unquoted date (`start_month = 2025-01-01`) as a date-time, which serde
        // sees as a table: say what the user wrote.
        if let Some(Value::Datetime(written)) = value_at(table, &key) {
            message = message.replace(
                "verkeerd soort waarde: een tabel",
                &format!("verkeerd soort waarde: een datum zonder aanhalingstekens ({written})"),
            );
            // A month is written as year and month between quotes.
            if let Some(date) = written.date.as_ref().filter(|_| key.ends_with("_month")) {
                message.push_str(&format!(", zoals \"{:04}-{:02}\"", date.year, date.month));
            }
        }
        let key = with_element_id(table, key);
        ModelFileError::Invalid {
            file: file.display().to_string(),
            key: if key.is_empty() {
                "(bestand)".into()
            } else {
                key
            },
            message,
        }
    })
}

/// `package[3].heating` as `package[3] (egw_villa).heating`: an element of an array of tables
/// named by its `id` (or, as a species is, its `name`) too, as the catalog's own checks name it.
fn with_element_id(table: &Table, key: String) -> String {
    let (first, rest) = key.split_once('.').unwrap_or((&key, ""));
    let Some((name, index)) = first
        .strip_suffix(']')
        .and_then(|f| f.split_once('['))
        .and_then(|(n, i)| Some((n, i.parse::<usize>().ok()?)))
    else {
        return key;
    };
    let id = table
        .get(name)
        .and_then(Value::as_array)
        .and_then(|a| a.get(index))
        .and_then(|e| {
            e.get("id")
                .and_then(Value::as_str)
                .or_else(|| e.get("name").and_then(Value::as_str))
        });
    match (id, rest.is_empty()) {
        (Some(id), true) => format!("{first} ({id})"),
        (Some(id), false) => format!("{first} ({id}).{rest}"),
        (None, _) => key,
    }
}

/// The value at a dotted key (as an error names it) in `table`, if there is one.
pub fn value_at<'a>(table: &'a Table, key: &str) -> Option<&'a Value> {
    let path = key_segments(key)?;
    let (last, parents) = path.split_last()?;
    let mut here = table;
    for segment in parents {
        here = here.get(segment)?.as_table()?;
    }
    here.get(last)
}

/// At most this many errors of one file are reported together.
pub const MAX_ERRORS: usize = 20;

/// Like [`from_table`], but goes on past an error to find the next: the key an error names is
/// set to its value in `fallback` (the defaults the table was merged over) or, where `fallback`
/// has none (an unknown key, a corporation's own figure), taken out, and the table is read
/// again. Returns the value read from the mended table (if it could be mended) and every error,
/// in the order found, at most [`MAX_ERRORS`].
pub fn from_table_mending<T: DeserializeOwned>(
    table: &Table,
    fallback: &Table,
    file: &Path,
) -> (Option<T>, Vec<ModelFileError>) {
    let mut table = table.clone();
    let mut errors: Vec<ModelFileError> = Vec::new();
    loop {
        match from_table::<T>(&table, file) {
            Ok(value) => return (Some(value), errors),
            Err(e) => {
                let mended = match &e {
                    ModelFileError::Invalid { key, .. } => {
                        let repeated = errors.iter().any(|seen| {
                            matches!(seen, ModelFileError::Invalid { key: k, .. } if k == key)
                        });
                        !repeated
                            && key_segments(key)
                                .is_some_and(|path| mend(&mut table, fallback, &path))
                    }
                    _ => false,
                };
                errors.push(e);
                if !mended || errors.len() >= MAX_ERRORS {
                    return (None, errors);
                }
            }
        }
    }
}

/// Sets `path` in `table` to its value in `fallback`, or removes it where `fallback` has none;
/// false when neither changes the table.
fn mend(table: &mut Table, fallback: &Table, path: &[String]) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut fallback_table = Some(fallback);
    let mut here = table;
    for segment in parents {
        // An element of an array of tables, as errors name it: `package[3] (egw_villa)`.
        let element = segment
            .split_once('[')
            .and_then(|(name, rest)| Some((name, rest.split_once(']')?.0.parse::<usize>().ok()?)));
        let (name, index) = match element {
            Some((name, index)) => (name, Some(index)),
            None => (segment.as_str(), None),
        };
        let in_fallback = fallback_table.and_then(|t| t.get(name));
        fallback_table = match index {
            Some(i) => in_fallback.and_then(Value::as_array).and_then(|a| a.get(i)),
            None => in_fallback,
        }
        .and_then(Value::as_table);
        let next = match (here.get_mut(name), index) {
            (Some(Value::Array(a)), Some(i)) => a.get_mut(i),
            (v, None) => v,
            _ => None,
        };
        match next {
            Some(Value::Table(t)) => here = t,
            _ => return false,
        }
    }
    match fallback_table.and_then(|t| t.get(last)) {
        Some(v) if here.get(last) != Some(v) => {
            here.insert(last.clone(), v.clone());
            true
        }
        Some(_) => false,
        None => here.remove(last).is_some(),
    }
}

/// Whole-number keys whose range is narrower than "0 of meer": a type error names their range.
const NARROWER_RANGES: [(&str, &str); 2] = [
    (
        "projects.max_project_homes",
        "een geheel getal van 1 of meer",
    ),
    (
        "projects.pepper_potted_start_month",
        "een maandnummer van 1 tot en met 12",
    ),
];

/// `message` with "een geheel getal van 0 of meer" replaced by `key`'s own range, if narrower.
fn with_range(message: String, key: &str) -> String {
    match NARROWER_RANGES.iter().find(|(k, _)| *k == key) {
        Some((_, range)) => message.replace("een geheel getal van 0 of meer", range),
        None => message,
    }
}

/// Reads a model file whole (no default beneath it) and deserialises it.
pub fn load<T: DeserializeOwned>(path: &Path) -> Result<T, ModelFileError> {
    let table = parse_table(&read_text(path)?, path)?;
    from_table(&table, path)
}

/// The 1-based line number and text of the line holding byte `offset`.
fn line_at(text: &str, offset: usize) -> (usize, &str) {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    (text[..start].matches('\n').count() + 1, &text[start..end])
}

/// The segments of a dotted TOML key, `corporations."Woonstichting 1".budget_eur`: a bare
/// segment trimmed (spaces inside are kept, as a user types a name in a sheet), a quoted one
/// (`"..."` with escapes, `'...'` as written) unquoted. `None` when a quote is not closed, a
/// segment is empty or something follows a quoted segment other than a dot.
pub fn key_segments(key: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut chars = key.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let segment = match chars.peek() {
            Some('"') => {
                chars.next();
                let mut s = String::new();
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => match chars.next()? {
                            'n' => s.push('\n'),
                            't' => s.push('\t'),
                            'r' => s.push('\r'),
                            'u' | 'U' => return None,
                            c => s.push(c),
                        },
                        c => s.push(c),
                    }
                }
                s
            }
            Some('\'') => {
                chars.next();
                let mut s = String::new();
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => s.push(c),
                    }
                }
                s
            }
            _ => {
                let mut s = String::new();
                while let Some(&c) = chars.peek() {
                    if c == '.' {
                        break;
                    }
                    s.push(c);
                    chars.next();
                }
                let s = s.trim().to_string();
                if s.is_empty() {
                    return None;
                }
                s
            }
        };
        out.push(segment);
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        match chars.next() {
            None => return Some(out),
            Some('.') => continue,
            Some(_) => return None,
        }
    }
}

/// One segment of a key as a TOML file writes it: bare where TOML allows (letters, digits, `_`
/// and `-`), else between double quotes (`"Woonstichting 1"`), so that a user can find it.
pub fn key_segment(name: &str) -> String {
    let bare = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        return name.to_string();
    }
    let mut out = String::from('"');
    for c in name.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A dotted key from its segments, each written as [`key_segment`] writes it.
pub fn dotted_key<S: AsRef<str>>(segments: &[S]) -> String {
    segments
        .iter()
        .map(|s| key_segment(s.as_ref()))
        .collect::<Vec<_>>()
        .join(".")
}

/// A key as `toml::to_string` wrote it, written again as a user's file would (names with a
/// space or a quote between double quotes); as it stands when it cannot be read.
fn rewritten(key: &str) -> String {
    key_segments(key).map_or_else(|| key.to_string(), |s| dotted_key(&s))
}

/// The dotted key at byte `offset` of TOML text written by `toml::to_string`: the last table
/// header above it, then the key of its line.
fn key_at(text: &str, offset: usize) -> String {
    let offset = offset.min(text.len());
    let (line_no, line) = line_at(text, offset);
    let line = line.trim();
    let lines: Vec<&str> = text.lines().collect();
    // A table header's key; an element of an array of tables (`[[package]]`) with its index
    // among the elements above it (`package[3]`), as the catalog's own checks name it.
    let header = |at: usize| {
        let l = lines.get(at)?.trim();
        if !(l.starts_with('[') && l.ends_with(']')) {
            return None;
        }
        let name = rewritten(l.trim_matches(|c| c == '[' || c == ']').trim());
        if l.starts_with("[[") {
            let index = lines[..at].iter().filter(|o| o.trim() == l).count();
            Some(format!("{name}[{index}]"))
        } else {
            Some(name)
        }
    };
    if let Some(h) = header(line_no.saturating_sub(1)) {
        return h;
    }
    let own = line
        .split_once('=')
        .map(|(k, _)| rewritten(k.trim()))
        .unwrap_or_default();
    let table = (0..line_no.saturating_sub(1))
        .rev()
        .find_map(header)
        .unwrap_or_default();
    match (table.is_empty(), own.is_empty()) {
        (true, _) => own,
        (false, true) => table,
        (false, false) => format!("{table}.{own}"),
    }
}

/// Euro amounts written the Dutch way with one thousands dot (`2028 = 550.000`): valid TOML,
/// read as 550, so never an error of the parser (helper 94: a budget of € 550 planned without a
/// word). A value of one to three digits, a dot and exactly three digits, under a key or table
/// whose name ends in `_eur` (an amount in euros, never given to a tenth of a cent), is said
/// with its line; `550.0` still means € 550.
fn dotted_thousands(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let line_offset = offset;
        offset += raw.len();
        let line = raw.split('#').next().unwrap_or("").trim();
        let Some((_, value)) = line.split_once('=') else {
            continue;
        };
        let value = value.trim();
        let Some((whole, part)) = value.split_once('.') else {
            continue;
        };
        let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
        if !(digits(whole) && whole.len() <= 3 && digits(part) && part.len() == 3) {
            continue;
        }
        let key = key_at(text, line_offset);
        let in_euros = key
            .split('.')
            .any(|segment| segment.trim_matches('"').ends_with("_eur"));
        if in_euros {
            // What TOML reads, in Dutch and as TOML would take it literally: 550 and 550.0,
            // 1,25 and 1.25.
            let cents = part.trim_end_matches('0');
            let (read, literal) = if cents.is_empty() {
                (whole.to_string(), format!("{whole}.0"))
            } else {
                (format!("{whole},{cents}"), format!("{whole}.{cents}"))
            };
            out.push(format!(
                "regel {} ({line}): een bedrag in euro's met een duizendtalpunt; TOML leest {value} als {read}; schrijf {whole}{part} of {whole}_{part} (of {literal} als u echt € {read} bedoelt)",
                i + 1,
            ));
        }
    }
    out
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let rest = &text[text.find(open)? + open.len()..];
    Some(&rest[..rest.find(close)?])
}

/// A TOML syntax error in Dutch, with what to write instead where the cause is clear.
fn syntax_message(english: &str, line: &str) -> String {
    let e = english.to_lowercase();
    if e.contains("duplicate") {
        return "deze sleutel of tabel staat er twee keer in".into();
    }
    let value = line.split_once('=').map(|(_, v)| v.trim()).unwrap_or("");
    let digits_and_dots = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '_')
        && value.matches('.').count() >= 1;
    if digits_and_dots && value.matches('.').count() >= 2 {
        return "een getal zonder duizendtalpunten, bijvoorbeeld 2800000 of 2_800_000".into();
    }
    if value.contains(',') && value.chars().all(|c| c.is_ascii_digit() || c == ',') {
        return "een getal met een decimale punt, bijvoorbeeld 2.5 (geen komma)".into();
    }
    // A quote opened and not closed (helper 74 was told to put it between quotes).
    if (value.starts_with('"') && value.matches('"').count() == 1)
        || (value.starts_with('\'') && value.matches('\'').count() == 1)
    {
        return format!(
            "de tekst mist het sluitende aanhalingsteken ({})",
            &value[..1]
        );
    }
    // A bare word: a number written out, or text without its quotes; which one, the key says
    // (helper 74 wrote `max_project_homes = veertig` and was told to quote it).
    if !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '-')
    {
        return format!(
            "'{value}' is geen waarde: een getal in cijfers (40, 2.5) of tekst tussen aanhalingstekens (\"B\")"
        );
    }
    if e.contains("string") {
        "tekst hoort tussen aanhalingstekens, bijvoorbeeld \"B\"".into()
    } else if e.contains("invalid") && (e.contains("float") || e.contains("integer")) {
        "geen geldig getal (schrijf 2800000 of 2_800_000, decimalen met een punt: 2.5)".into()
    } else if e.contains("key") {
        "geen geldige sleutel; verwacht sleutel = waarde".into()
    } else if line.contains('=') {
        "geen geldige waarde: getallen als 2800000 of 2.5, tekst tussen aanhalingstekens, lijsten als [1, 2]".into()
    } else {
        "geen geldige TOML-regel: verwacht sleutel = waarde of een tabelkop als [cost]".into()
    }
}

/// A serde message about a value, in Dutch.
fn value_message(english: &str) -> String {
    if let Some(rest) = english.strip_prefix("unknown field `") {
        let unknown = rest.split('`').next().unwrap_or_default();
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        // A typo, else the one key the word begins (`deadline` -> `deadline_month`).
        let begun = || {
            let mut keys = expected
                .iter()
                .filter(|k| k.starts_with(&format!("{}_", unknown.to_lowercase())));
            keys.next().filter(|_| keys.next().is_none()).copied()
        };
        let hint = crate::input::columns::closest(unknown, &expected)
            .or_else(begun)
            .map_or(String::new(), |k| format!("bedoelt u '{k}'? "));
        return format!(
            "onbekende sleutel; {hint}bekend zijn hier: {}",
            expected.join(", ")
        );
    }
    if english.starts_with("missing field `") {
        return "deze sleutel ontbreekt".into();
    }
    if let Some(rest) = english.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "verkeerd soort waarde: {}, verwacht {}",
            dutch_type(found),
            dutch_type(expected)
        );
    }
    if let Some(rest) = english.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "ongeldige waarde {}, verwacht {}",
            dutch_type(found),
            dutch_type(expected)
        );
    }
    if let Some(rest) = english.strip_prefix("unknown variant `") {
        // `unknown variant `villa`, expected `EGW` or `MGW`` / `expected one of `a`, `b``
        let (given, allowed) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed: Vec<&str> = allowed.split('`').skip(1).step_by(2).collect();
        return format!(
            "onbekende waarde '{given}'; kies {}",
            crate::nl_format::or_list(&allowed)
        );
    }
    if english.contains("invalid length") {
        return "verkeerd aantal elementen in de lijst".into();
    }
    if english.is_ascii() && english.contains("expected") {
        return format!("ongeldige waarde (toml: {english})");
    }
    // Our own checks (months, labels) are already Dutch.
    english.to_string()
}

fn dutch_type(english: &str) -> String {
    let e = english.trim();
    let words = [
        ("f64", "een getal"),
        ("f32", "een getal"),
        ("i32", "een geheel getal"),
        ("i64", "een geheel getal"),
        ("u32", "een geheel getal van 0 of meer"),
        ("u64", "een geheel getal van 0 of meer"),
        ("usize", "een geheel getal van 0 of meer"),
        ("a string", "tekst tussen aanhalingstekens"),
        ("a sequence", "een lijst [..]"),
        ("a map", "een tabel"),
        ("a boolean", "true of false"),
        ("path string", "een bestandsnaam tussen aanhalingstekens"),
    ];
    if let Some((_, d)) = words.iter().find(|(w, _)| *w == e) {
        return d.to_string();
    }
    // A table of the program's own (`struct CorporationFile`): its name means nothing to a user.
    if e.starts_with("struct ") {
        return "een tabel".into();
    }
    if let Some(v) = e.strip_prefix("string ") {
        return format!("tekst {v}");
    }
    if let Some(v) = e.strip_prefix("integer ") {
        return format!("geheel getal {}", v.trim_matches('`'));
    }
    if let Some(v) = e.strip_prefix("floating point ") {
        let v = v.trim_matches('`');
        return match v.parse::<f64>() {
            Ok(x) => format!("getal {}", crate::nl_format::given(x)),
            Err(_) => format!("getal {v}"),
        };
    }
    if let Some(v) = e.strip_prefix("boolean ") {
        return v.to_string();
    }
    match e {
        "sequence" => "een lijst".into(),
        "map" => "een tabel".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)] // Fields are only deserialised.
    struct Small {
        name: String,
        cost: Cost,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)] // Fields are only deserialised.
    struct Cost {
        pct: f64,
        year: i32,
    }

    fn table(text: &str) -> Table {
        parse_table(text, Path::new("t.toml")).unwrap()
    }

    #[test]
    fn merge_keeps_what_the_layer_does_not_name() {
        let mut base = table("name = \"a\"\nlist = [1, 2]\n[cost]\npct = 4.0\nyear = 2024\n[budget]\n2024 = 1\n2025 = 2\n");
        merge_tables(
            &mut base,
            table("list = [3]\n[cost]\npct = 3.0\n[budget]\n2025 = 5\n2027 = 7\n"),
        );
        assert_eq!(base["name"].as_str(), Some("a"));
        assert_eq!(base["list"].as_array().map(Vec::len), Some(1));
        assert_eq!(base["cost"]["pct"].as_float(), Some(3.0));
        assert_eq!(base["cost"]["year"].as_integer(), Some(2024));
        let budget = base["budget"].as_table().unwrap();
        let years: Vec<(&str, i64)> = budget
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_integer().unwrap()))
            .collect();
        assert_eq!(years, [("2024", 1), ("2025", 5), ("2027", 7)]);
    }

    #[test]
    fn an_unknown_key_gets_the_key_it_misspells_or_begins() {
        let message = |unknown: &str| {
            value_message(&format!(
                "unknown field `{unknown}`, expected one of `start_month`, `deadline_month`, `budget_eur`, `capacity_homes_per_month`"
            ))
        };
        assert!(message("deadlin_month").contains("bedoelt u 'deadline_month'?"));
        assert!(message("deadline").contains("bedoelt u 'deadline_month'?"));
        assert!(message("Budget").contains("bedoelt u 'budget_eur'?"));
        assert!(message("capacity").contains("bedoelt u 'capacity_homes_per_month'?"));
        // No hint where nothing is close, or where the word begins two keys.
        assert!(!message("begroting").contains("bedoelt"));
        let two =
            value_message("unknown field `start`, expected one of `start_month`, `start_year`");
        assert!(!two.contains("bedoelt"), "{two}");
    }

    #[test]
    fn errors_name_the_key_in_dutch() {
        let err = from_table::<Small>(
            &table("name = \"a\"\n[cost]\npct = 4.0\nyear = 2024\nescalatie = 3\n"),
            Path::new("s.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("s.toml: cost.escalatie: onbekende sleutel"),
            "{err}"
        );
        assert!(err.contains("pct, year"), "{err}");

        let err = from_table::<Small>(
            &table("name = \"a\"\n[cost]\npct = \"vier\"\nyear = 2024\n"),
            Path::new("s.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("s.toml: cost.pct: verkeerd soort waarde"),
            "{err}"
        );
        assert!(err.contains("verwacht een getal"), "{err}");

        let err = from_table::<Small>(
            &table("name = \"a\"\n[cost]\npct = 4.0\n"),
            Path::new("s.toml"),
        )
        .unwrap_err()
        .to_string();
        assert_eq!(err, "s.toml: cost.year: deze sleutel ontbreekt");

        // A number with a fraction where a whole one belongs, written the Dutch way.
        let err = from_table::<Small>(
            &table("name = \"a\"\n[cost]\npct = 4.0\nyear = 2024.5\n"),
            Path::new("s.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("getal 2.024,5, verwacht een geheel getal"),
            "{err}"
        );
    }

    /// An element of an array of tables is named by its index and id; a value outside a list
    /// of words says the words; an unquoted date says it is one.
    #[test]
    fn errors_in_lists_of_tables_and_dates_say_what_was_written() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Item {
            id: String,
            kind: Kind,
        }
        #[derive(Debug, serde::Deserialize)]
        enum Kind {
            #[serde(rename = "EGW")]
            Egw,
            #[serde(rename = "MGW")]
            Mgw,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Items {
            month: Option<String>,
            item: Vec<Item>,
        }
        let text = "[[item]]\nid = \"a\"\nkind = \"EGW\"\n[[item]]\nid = \"b\"\nkind = \"villa\"\n";
        let err = from_table::<Items>(&table(text), Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "c.toml: item[1] (b).kind: onbekende waarde 'villa'; kies EGW of MGW"
        );
        // An element without an `id` is named by its `name`, as a species is.
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Species {
            name: String,
            open_start_months: Vec<u32>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Calendar {
            species: Vec<Species>,
        }
        let text = "[[species]]\nname = \"vleermuis\"\nopen_start_months = [4, 9, \"okt\"]\n";
        let err = from_table::<Calendar>(&table(text), Path::new("s.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("s.toml: species[0] (vleermuis).open_start_months: "),
            "{err}"
        );
        let text = "month = 2025-01-01\n[[item]]\nid = \"a\"\nkind = \"EGW\"\n";
        let err = from_table::<Items>(&table(text), Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "c.toml: month: verkeerd soort waarde: een datum zonder aanhalingstekens (2025-01-01)"
            ),
            "{err}"
        );
    }

    #[test]
    fn keys_are_read_and_written_as_toml_writes_them() {
        assert_eq!(
            key_segments("corporations.\"Woonstichting 1\".budget_eur").expect("key"),
            ["corporations", "Woonstichting 1", "budget_eur"]
        );
        assert_eq!(
            key_segments(" a . 'b.c' . \"d\\\"e\" ").expect("key"),
            ["a", "b.c", "d\"e"]
        );
        for bad in ["a..b", "\"a", "'a", "a.\"b\"c", ""] {
            assert_eq!(key_segments(bad), None, "{bad}");
        }
        for name in [
            "W_1",
            "Woonstichting 1",
            "Wonen \"Zuid\" b.v.",
            "Élan",
            "a\\b",
            "x.y",
        ] {
            let written = dotted_key(&["corporations", name, "budget_eur"]);
            // Written keys read back to the same name, and TOML reads them so too.
            assert_eq!(
                key_segments(&written).expect("key"),
                ["corporations", name, "budget_eur"],
                "{written}"
            );
            let table: Table = format!("[{written}]\n2025 = 1\n").parse().expect(&written);
            assert!(table["corporations"]
                .as_table()
                .expect("table")
                .contains_key(name));
        }
        assert_eq!(dotted_key(&["budget_eur", "2025"]), "budget_eur.2025");
    }

    /// `550.000` is valid TOML for 550: under a key in euros it is said, with what to write;
    /// elsewhere (a capacity of 1.500 homes a month), and with one decimal, it is read.
    #[test]
    fn a_euro_amount_with_a_thousands_dot_is_said() {
        let text = "base = \"b.toml\"\n[budget_eur]\n2027 = 450_000\n2028 = 550.000 # budget\n[corporations.\"Woonstichting A\".budget_eur]\n2028 = 1.250\n";
        let err = parse_table(text, Path::new("punt.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("punt.toml: regel 4 (2028 = 550.000): een bedrag in euro's met een duizendtalpunt; TOML leest 550.000 als 550; schrijf 550000 of 550_000 (of 550.0 als u echt € 550 bedoelt)"),
            "{err}"
        );
        assert!(
            err.contains("regel 6 (2028 = 1.250)")
                && err.contains(
                    "als 1,25; schrijf 1250 of 1_250 (of 1.25 als u echt € 1,25 bedoelt)"
                ),
            "{err}"
        );
        for fine in [
            "[budget_eur]\n2028 = 550.0\n",
            "[capacity_homes_per_month]\n2028 = 1.500\n",
            "[budget_eur]\n2028 = 550_000\n",
        ] {
            assert!(parse_table(fine, Path::new("s.toml")).is_ok(), "{fine}");
        }
    }

    #[test]
    fn syntax_errors_say_line_and_remedy_in_dutch() {
        let text = "name = \"a\"\n[budget_eur]\n2025 = 2.800.000\n";
        let err = parse_table(text, Path::new("s.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("s.toml: regel 3 (2025 = 2.800.000)"),
            "{err}"
        );
        assert!(err.contains("zonder duizendtalpunten"), "{err}");
        let err = parse_table("pct = 2,5\n", Path::new("s.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("regel 1") && err.contains("decimale punt"),
            "{err}"
        );
        let err = parse_table("name = B\n", Path::new("s.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("regel 1") && err.contains("aanhalingstekens"),
            "{err}"
        );
        // A number written out is not told to be quoted alone; an unclosed quote is said.
        let err = parse_table(
            "[projects]\nmax_project_homes = veertig\n",
            Path::new("s.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("regel 2")
                && err.contains("'veertig' is geen waarde: een getal in cijfers"),
            "{err}"
        );
        let err = parse_table("name = \"scenario B\n", Path::new("s.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("regel 1") && err.contains("mist het sluitende aanhalingsteken"),
            "{err}"
        );
        // Above a broken table header, which the parser says first, too (helper 97); the lines
        // under the header are not read for more.
        let err = parse_table(
            "name = \"kapot\n[budget_eur\n2027 = ja\n",
            Path::new("s.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("regel 1") && err.contains("mist het sluitende aanhalingsteken"),
            "{err}"
        );
        assert!(err.contains("regel 2 ([budget_eur)"), "{err}");
        assert!(!err.contains("regel 3"), "{err}");
        // A key given twice, with a whole number: said as such, not as a decimal comma.
        let text = "[solver]\ntime_limit_s = 5\ntime_limit_s = 6\n";
        let err = parse_table(text, Path::new("s.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("regel 3"), "{err}");
        assert!(err.contains("twee keer"), "{err}");
        assert!(!err.contains("decimale punt"), "{err}");
    }

    /// Every broken line is said at once, in line order (only the last of two was said).
    #[test]
    fn every_broken_line_is_said_at_once() {
        let text = "name = \"x\"\n[budget_eur]\n2025 = 2.800.000\n2026 = 3,500,000\n2027 = 4_000_000\n[solver]\ntime_limit_s = tien\n";
        let err = parse_table(text, Path::new("s.toml"))
            .unwrap_err()
            .to_string();
        let lines: Vec<&str> = err.lines().filter(|l| l.contains("s.toml:")).collect();
        assert!(err.starts_with("3 fouten:"), "{err}");
        assert_eq!(lines.len(), 3, "{err}");
        assert!(
            lines[0]
                .contains("s.toml: regel 3 (2025 = 2.800.000): een getal zonder duizendtalpunten"),
            "{err}"
        );
        assert!(
            lines[1].contains("s.toml: regel 4 (2026 = 3,500,000)"),
            "{err}"
        );
        assert!(
            lines[2].contains("s.toml: regel 7 (time_limit_s = tien)"),
            "{err}"
        );
        // A broken table header ends the list: what follows it would be misread.
        let text = "[budget_eur\n2025 = 2.800.000\n";
        let err = parse_table(text, Path::new("s.toml"))
            .unwrap_err()
            .to_string();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("regel 1"), "{err}");
    }
}
