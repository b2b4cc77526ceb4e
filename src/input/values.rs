//! One cell -> one typed value. Each parser returns `Ok(None)` for an empty cell, `Err` with a
//! Dutch message for a value it cannot read, and pushes warnings for values it read with a
//! correction. Messages name the value; the caller adds the column and the cell.

use chrono::{Datelike, Duration, NaiveDate};

use super::columns::{fold_value, normalize_header, KNOWN_SPECIES, LABELS};
use super::raw::{Cell, Origin};
use crate::stock::{HomeType, Label, Monument, Strategy, WorkStatus};

pub type Parsed<T> = Result<Option<T>, String>;

/// A number as Dutch text: decimal comma, no thousands separator (`72,5`, `1234`).
/// `1234567` -> `1.234.567`.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

pub fn fmt_nl(value: f64) -> String {
    format!("{value}").replace('.', ",")
}

/// Dutch date as users write it: `01-09-2024`.
pub fn fmt_date(date: NaiveDate) -> String {
    date.format("%d-%m-%Y").to_string()
}

fn describe(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.trim().to_string(),
        Cell::Number(v) => fmt_nl(*v),
        Cell::Bool(true) => "WAAR".into(),
        Cell::Bool(false) => "ONWAAR".into(),
        Cell::Date(d) => fmt_date(*d),
        Cell::Error(e) => e.clone(),
        Cell::Formula(f) => format!("={}", shorten(f, 60)),
    }
}

/// At most `max` characters of `text`, with `…` when cut: for quoting a value in a message.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(max).collect();
        cut.push('…');
        cut
    }
}

/// Control characters (NUL, escape, ...) in a text: only tab and line breaks are kept (a text
/// cell may hold them); the others are invisible, break the plan's files and make two equal
/// texts differ (a complex `C1` and `C1` + NUL).
fn is_stray_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// [`text`], with control characters removed and a note saying so.
pub fn clean_text(cell: &Cell, notes: &mut Vec<String>) -> Parsed<String> {
    let value = text(cell)?;
    match value {
        Some(t) if t.chars().any(is_stray_control) => {
            let n = t.chars().filter(|c| is_stray_control(*c)).count();
            let cleaned: String = t.chars().filter(|c| !is_stray_control(*c)).collect();
            let cleaned = cleaned.trim().to_string();
            notes.push(format!(
                "{n} onzichtbaar stuurteken (zoals NUL) verwijderd; gelezen als '{}'",
                shorten(&cleaned, 60)
            ));
            if cleaned.is_empty() {
                return Err("de cel bevat alleen onzichtbare stuurtekens (zoals NUL)".into());
            }
            Ok(Some(cleaned))
        }
        other => Ok(other),
    }
}

fn excel_error(e: &str) -> String {
    format!("de cel bevat de Excel-fout {e}")
}

/// Text as given, trimmed. A whole number reads without decimals, so vhe `100001` typed as a
/// number stays `100001`.
pub fn text(cell: &Cell) -> Parsed<String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Text(s) => Ok(Some(s.trim().to_string())),
        Cell::Number(v) if v.fract() == 0.0 && v.abs() < 1e15 => Ok(Some(format!("{}", *v as i64))),
        Cell::Error(e) => Err(excel_error(e)),
        other => Ok(Some(describe(other))),
    }
}

/// How a text number was written, for the warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Separators {
    Plain,
    DecimalComma,
    ThousandDots,
    /// `2,800,000`: the English way, where `2,800` would be 2.8 the Dutch way.
    ThousandCommas,
    /// `2 800 000`.
    ThousandSpaces,
    /// `12.5`: a decimal point, where a Dutch reader writes `12,5`.
    DecimalPoint,
    /// `1,234.5`: the English way throughout.
    ThousandCommasDecimalPoint,
}

/// True for `1.234` or `12.345.678`: groups of three after a first group of one to three digits.
fn grouped(s: &str, sep: char) -> bool {
    let mut parts = s.split(sep);
    let first_ok = parts
        .next()
        .is_some_and(|p| (1..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()));
    let mut rest = 0;
    for p in parts {
        if p.len() != 3 || !p.chars().all(|c| c.is_ascii_digit()) {
            return false;
        }
        rest += 1;
    }
    first_ok && rest > 0
}

/// Parses a number typed as text. `dutch` decides `1.234` (1234 under the Dutch convention,
/// 1.234 otherwise); `72,5` and `1.234,5` read the Dutch way in any file, `1,234.5` the English.
fn parse_number_text(raw: &str, dutch: bool) -> Option<(f64, Separators)> {
    let s: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let (negative, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(&s)),
    };
    if !body.chars().any(|c| c.is_ascii_digit())
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let commas = body.matches(',').count();
    let dots = body.matches('.').count();
    let (int_part, frac_part, seps): (String, String, Separators) = match (commas, dots) {
        (0, 0) => (body.to_string(), String::new(), Separators::Plain),
        (1, 0) => {
            let (i, f) = body.split_once(',')?;
            (i.to_string(), f.to_string(), Separators::DecimalComma)
        }
        (0, 1) if dutch && grouped(body, '.') => (
            body.replace('.', ""),
            String::new(),
            Separators::ThousandDots,
        ),
        (0, 1) => {
            let (i, f) = body.split_once('.')?;
            (i.to_string(), f.to_string(), Separators::DecimalPoint)
        }
        (0, _) if grouped(body, '.') => (
            body.replace('.', ""),
            String::new(),
            Separators::ThousandDots,
        ),
        (_, 0) if grouped(body, ',') => (
            body.replace(',', ""),
            String::new(),
            Separators::ThousandCommas,
        ),
        (c, d) if c > 0 && d > 0 => {
            let last = body.rfind([',', '.'])?;
            let decimal = body[last..].chars().next()?;
            let group = if decimal == ',' { '.' } else { ',' };
            let int = &body[..last];
            if int.contains(decimal) || !grouped(int, group) {
                return None;
            }
            let seps = if decimal == ',' {
                Separators::DecimalComma
            } else {
                Separators::ThousandCommasDecimalPoint
            };
            (int.replace(group, ""), body[last + 1..].to_string(), seps)
        }
        _ => return None,
    };
    if !int_part.chars().all(|c| c.is_ascii_digit())
        || !frac_part.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let int_part = if int_part.is_empty() { "0" } else { &int_part };
    let normalized = if frac_part.is_empty() {
        int_part.to_string()
    } else {
        format!("{int_part}.{frac_part}")
    };
    let value: f64 = normalized.parse().ok()?;
    if !value.is_finite() {
        return None;
    }
    // Spaces between the digits (`2 800 000`), said like the other separators.
    let spaced = raw.trim().contains([' ', '\u{a0}', '\u{202f}']);
    let seps = if spaced && seps == Separators::Plain {
        Separators::ThousandSpaces
    } else {
        seps
    };
    Some((if negative { -value } else { value }, seps))
}

/// A number: a numeric cell, or text such as `72,5`, `1.234,5` or `85.5`.
pub fn number(cell: &Cell, origin: Origin, warnings: &mut Vec<String>) -> Parsed<f64> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(v) if v.is_finite() => Ok(Some(*v)),
        Cell::Number(v) => Err(format!("'{v}' is geen getal")),
        Cell::Text(s) => match parse_number_text(s, origin.dutch_numbers()) {
            Some((v, seps)) => {
                let written = match seps {
                    Separators::DecimalComma => Some("met een decimale komma"),
                    Separators::ThousandDots => Some("met punten tussen de duizendtallen"),
                    Separators::ThousandCommas => Some("met komma's tussen de duizendtallen"),
                    Separators::ThousandSpaces => Some("met spaties tussen de cijfers"),
                    Separators::DecimalPoint => Some("met een decimale punt"),
                    Separators::ThousandCommasDecimalPoint => {
                        Some("met komma's tussen de duizendtallen en een decimale punt")
                    }
                    Separators::Plain => None,
                };
                if let (Some(written), true) = (written, origin.warns_text_numbers()) {
                    warnings.push(format!(
                        "'{}' is een getal als tekst {written}; gelezen als {}",
                        s.trim(),
                        crate::nl_format::given(v)
                    ));
                }
                Ok(Some(v))
            }
            None => Err(format!("'{}' is geen getal", s.trim())),
        },
        Cell::Date(d) => Err(format!("'{}' is een datum, geen getal", fmt_date(*d))),
        Cell::Bool(_) => Err(format!("'{}' is geen getal", describe(cell))),
        Cell::Error(e) => Err(excel_error(e)),
        Cell::Formula(_) => Err(format!(
            "'{}' is een formule zonder berekende waarde",
            describe(cell)
        )),
    }
}

/// An amount of euros: a number as [`number`] reads it, where text may also carry the euro
/// sign or `EUR` before or after it (`€ 120.000`, `120.000,50 €`, `EUR 2.500.000`), as an
/// adviser copies it from a contract or a letter.
pub fn amount(cell: &Cell, origin: Origin, warnings: &mut Vec<String>) -> Parsed<f64> {
    let Cell::Text(s) = cell else {
        return number(cell, origin, warnings);
    };
    let Some(bare) = bare_amount(s) else {
        return number(cell, origin, warnings);
    };
    let mut notes = Vec::new();
    match number(&Cell::Text(bare.into()), origin, &mut notes) {
        Ok(v) => {
            // Said of the text as typed, sign and all.
            let quoted = format!("'{bare}'");
            warnings.extend(
                notes
                    .into_iter()
                    .map(|n| n.replacen(&quoted, &format!("'{}'", s.trim()), 1)),
            );
            Ok(v)
        }
        Err(_) => Err(format!("'{}' is geen bedrag", s.trim())),
    }
}

/// The text without a euro sign or `EUR` at its start or end, and without the `,-` of whole
/// euros (`€ 120.000,-`); `None` where it has none of them.
fn bare_amount(text: &str) -> Option<&str> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let unsigned = ["€", "euro", "eur"]
        .iter()
        .find_map(|m| {
            if lower.starts_with(m) {
                Some(&t[m.len()..])
            } else if lower.ends_with(m) {
                Some(&t[..t.len() - m.len()])
            } else {
                None
            }
        })
        .map(str::trim);
    let rest = unsigned.unwrap_or(t);
    let whole = [",--", ",-", ".--", ".-"]
        .iter()
        .find_map(|m| rest.strip_suffix(m));
    let rest = whole.unwrap_or(rest).trim();
    (unsigned.is_some() || whole.is_some())
        .then_some(rest)
        .filter(|r| !r.is_empty())
}

/// A whole number (`12`, `12,0`).
pub fn integer(cell: &Cell, origin: Origin, warnings: &mut Vec<String>) -> Parsed<i64> {
    let Some(v) = number(cell, origin, warnings)? else {
        return Ok(None);
    };
    if v.fract() != 0.0 || v.abs() > 1e15 {
        return Err(format!("'{}' is geen geheel getal", describe(cell)));
    }
    Ok(Some(v as i64))
}

/// A whole number of at least 0 that fits a u32.
pub fn count(cell: &Cell, origin: Origin, warnings: &mut Vec<String>) -> Parsed<u32> {
    match integer(cell, origin, warnings)? {
        None => Ok(None),
        Some(v) => u32::try_from(v).map(Some).map_err(|_| {
            format!(
                "'{}' moet een geheel getal van 0 of meer zijn",
                describe(cell)
            )
        }),
    }
}

/// A calendar year (1000 to 2200).
pub fn year(cell: &Cell, origin: Origin, warnings: &mut Vec<String>) -> Parsed<i32> {
    if let Cell::Date(d) = cell {
        return Err(format!(
            "'{}' is een datum, geen jaartal (zet de cel op getalnotatie)",
            fmt_date(*d)
        ));
    }
    match integer(cell, origin, warnings)
        .map_err(|_| format!("'{}' is geen jaartal", describe(cell)))?
    {
        None => Ok(None),
        Some(v) if (1000..=2200).contains(&v) => Ok(Some(v as i32)),
        Some(_) => Err(format!("'{}' is geen jaartal", describe(cell))),
    }
}

fn ymd(y: &str, m: &str, d: &str) -> Option<Option<NaiveDate>> {
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !(all_digits(y) && all_digits(m) && all_digits(d))
        || y.len() != 4
        || m.len() > 2
        || d.len() > 2
    {
        return None;
    }
    let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    // Some(None): the shape is a date but the day does not exist (31-02-2024).
    Some(NaiveDate::from_ymd_opt(y, m, d))
}

/// `15 maart 2025`, `15-mrt-2025`, `1 sept. 2025`: a day, a Dutch month name (in full or
/// short, as the plan's sheets write months) and a year; `Some(None)` for a day that does not
/// exist. A month name with a year alone is no date (`mrt 2025`: which day?).
fn named_month_date(s: &str) -> Option<Option<NaiveDate>> {
    let parts: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .filter(|p| !p.is_empty())
        .collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    let month = crate::nl_format::month_number(&m.trim_end_matches('.').to_lowercase())?;
    ymd(y, &month.to_string(), d)
}

/// Parses `dd-mm-jjjj`, `d-m-jjjj`, `dd/mm/jjjj`, `dd.mm.jjjj` and `jjjj-mm-dd` (optionally
/// followed by a time, as databases export it), and `15 maart 2025` (helper 97: month names
/// were read in `Projecten` and `--vanaf`, but not here).
fn parse_date_text(raw: &str) -> Result<NaiveDate, String> {
    let s = raw.trim();
    match named_month_date(s) {
        Some(Some(d)) => return Ok(d),
        Some(None) => return Err(format!("'{s}' is geen bestaande datum")),
        None => {}
    }
    if let Some(m) = crate::scenario::Month::parse(s) {
        return Err(format!(
            "'{s}' is een maand, geen datum; noem ook de dag (bijvoorbeeld 01-{:02}-{}, of de dag van de vergunning)",
            m.month(),
            m.year()
        ));
    }
    let date_part = s.split(['T', ' ']).next().unwrap_or(s);
    let parts: Vec<&str> = date_part.split(['-', '/', '.']).collect();
    let found = if parts.len() == 3 {
        if parts[0].len() == 4 {
            ymd(parts[0], parts[1], parts[2])
        } else {
            ymd(parts[2], parts[1], parts[0])
        }
    } else {
        None
    };
    match found {
        Some(Some(d)) => Ok(d),
        Some(None) => Err(format!("'{s}' is geen bestaande datum")),
        None => Err(format!("'{s}' is geen datum; schrijf dd-mm-jjjj")),
    }
}

/// A date: a date cell, an Excel serial number (workbooks only) or date text, between
/// [`FIRST_PLAUSIBLE_YEAR`] and [`LAST_PLAUSIBLE_YEAR`].
pub fn date(cell: &Cell, origin: Origin) -> Parsed<NaiveDate> {
    let found = match cell {
        Cell::Empty => return Ok(None),
        Cell::Date(d) => *d,
        // A year typed as text reads as one, as in a number cell.
        Cell::Text(s) if s.trim().parse::<f64>().is_ok_and(is_year_like) => {
            return Err(year_message(s.trim()))
        }
        Cell::Text(s) => parse_date_text(s)?,
        Cell::Number(v) if origin == Origin::Workbook => serial_date(*v)?,
        Cell::Error(e) => return Err(excel_error(e)),
        other => {
            return Err(format!(
                "'{}' is geen datum; schrijf dd-mm-jjjj",
                describe(other)
            ))
        }
    };
    if !(FIRST_PLAUSIBLE_YEAR..=LAST_PLAUSIBLE_YEAR).contains(&found.year()) {
        return Err(format!(
            "{} ligt niet tussen {FIRST_PLAUSIBLE_YEAR} en {LAST_PLAUSIBLE_YEAR}; schrijf de datum als dd-mm-jjjj",
            found.format("%d-%m-%Y")
        ));
    }
    Ok(Some(found))
}

/// The years a date in the stock may lie in (a permit, a start): anything else is a typing
/// mistake, such as a year or a small number in a cell without date format, which Excel counts
/// as days from 1900 (2026 is 18-07-1905).
pub const FIRST_PLAUSIBLE_YEAR: i32 = 1990;
pub const LAST_PLAUSIBLE_YEAR: i32 = 2100;

/// A number in a workbook's date column: an Excel date serial (a date cell that lost its date
/// format); a whole number that reads as a year is said to be one.
fn serial_date(v: f64) -> Result<NaiveDate, String> {
    if is_year_like(v) {
        return Err(year_message(&(v as i64).to_string()));
    }
    // Excel's 1900 date system counts from 1899-12-30 for every date after February 1900.
    let base = NaiveDate::from_ymd_opt(1899, 12, 30).ok_or("interne datumfout")?;
    let date = (1.0..2_958_466.0)
        .contains(&v)
        .then(|| base.checked_add_signed(Duration::days(v.floor() as i64)))
        .flatten();
    // A number whose date lies outside the plausible years is said as the number typed (Excel
    // would show 7 as 07-01-1900, which is no date anyone meant).
    match date {
        Some(d) if (FIRST_PLAUSIBLE_YEAR..=LAST_PLAUSIBLE_YEAR).contains(&d.year()) => Ok(d),
        _ => Err(format!("'{}' is geen datum; schrijf dd-mm-jjjj", fmt_nl(v))),
    }
}

/// A whole number that reads as a year.
fn is_year_like(v: f64) -> bool {
    v.fract() == 0.0 && (1900.0..=2200.0).contains(&v)
}

fn year_message(year: &str) -> String {
    format!("'{year}' is een jaartal, geen datum; schrijf de datum als dd-mm-jjjj (bijvoorbeeld 01-01-{year})")
}

/// ja/nee and the usual variants: j/n, 1/0, true/false, waar/onwaar, x for yes.
pub fn yes_no(cell: &Cell) -> Parsed<bool> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Bool(b) => Ok(Some(*b)),
        Cell::Number(v) if *v == 1.0 => Ok(Some(true)),
        Cell::Number(v) if *v == 0.0 => Ok(Some(false)),
        Cell::Text(s) => match normalize_header(s).as_str() {
            "ja" | "j" | "yes" | "y" | "1" | "true" | "waar" | "x" => Ok(Some(true)),
            "nee" | "n" | "neen" | "no" | "0" | "false" | "onwaar" => Ok(Some(false)),
            _ => Err(format!("'{}' is geen ja of nee", s.trim())),
        },
        Cell::Error(e) => Err(excel_error(e)),
        other => Err(format!("'{}' is geen ja of nee", describe(other))),
    }
}

/// An energy label: `E`, `e`, `Label F`, `A+++`.
pub fn label(cell: &Cell) -> Parsed<Label> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Text(s) => Label::parse(s).map(Some).ok_or_else(|| {
            format!(
                "onbekend energielabel '{}'; toegestaan zijn {}",
                s.trim(),
                crate::nl_format::and_list(LABELS)
            )
        }),
        Cell::Error(e) => Err(excel_error(e)),
        other => Err(format!(
            "onbekend energielabel '{}'; toegestaan zijn {}",
            describe(other),
            crate::nl_format::and_list(LABELS)
        )),
    }
}

/// EGW or MGW, also by the words housing people use.
pub fn home_type(cell: &Cell) -> Parsed<HomeType> {
    let s = match cell {
        Cell::Empty => return Ok(None),
        Cell::Text(s) => s,
        Cell::Error(e) => return Err(excel_error(e)),
        other => return Err(unknown_home_type(&describe(other))),
    };
    // A remark in parentheses (`appartement (portiek)`) is no part of the type.
    match normalize_header(&crate::input::columns::strip_parentheses(s)).as_str() {
        "egw"
        | "eengezinswoning"
        | "eengezins"
        | "grondgebonden"
        | "grondgebondenwoning"
        | "rijwoning"
        | "rijtjeshuis"
        | "rijtjeswoning"
        | "tussenwoning"
        | "hoekwoning"
        | "tweeondereenkap"
        | "tweeondereenkapwoning"
        | "2onder1kap"
        | "2onder1kapwoning"
        | "halfvrijstaand"
        | "halfvrijstaandewoning"
        | "geschakeld"
        | "geschakeldewoning"
        | "eindwoning"
        | "kopwoning"
        | "vrijstaand"
        | "vrijstaandewoning" => Ok(Some(HomeType::Egw)),
        "mgw" | "meergezinswoning" | "meergezins" | "appartement" | "flat" | "flatwoning"
        | "portiek" | "portiekwoning" | "portiekflat" | "galerij" | "galerijwoning"
        | "galerijflat" | "etagewoning" | "maisonnette" | "maisonette" | "maisonnettewoning"
        | "maisonettewoning" | "benedenwoning" | "bovenwoning" | "appartementen" | "studio"
        | "penthouse" | "duplexwoning" | "hoogbouw" | "laagbouwflat" => Ok(Some(HomeType::Mgw)),
        _ => Err(unknown_home_type(s.trim())),
    }
}

fn unknown_home_type(value: &str) -> String {
    format!(
        "onbekend woningtype '{value}'; toegestaan zijn EGW (eengezinswoning, grondgebonden) en MGW (meergezinswoning, appartement, flat, portiek, galerij)"
    )
}

pub fn monument(cell: &Cell) -> Parsed<Monument> {
    let s = match cell {
        Cell::Empty => return Ok(None),
        Cell::Bool(b) => return Ok(Some(if *b { Monument::Yes } else { Monument::No })),
        Cell::Number(v) if *v == 0.0 => return Ok(Some(Monument::No)),
        Cell::Number(v) if *v == 1.0 => return Ok(Some(Monument::Yes)),
        Cell::Text(s) => &**s,
        Cell::Error(e) => return Err(excel_error(e)),
        other => return Err(unknown_monument(&describe(other))),
    };
    match normalize_header(s).as_str() {
        "nee" | "n" | "neen" | "geen" | "nvt" | "0" | "false" | "onwaar" | "geenmonument" => {
            Ok(Some(Monument::No))
        }
        "ja" | "j" | "1" | "true" | "waar" | "x" | "monument" => Ok(Some(Monument::Yes)),
        "rijksmonument" | "rijks" | "rm" => Ok(Some(Monument::National)),
        "gemeentelijkmonument" | "gemeentelijk" | "gemeentemonument" | "gm" => {
            Ok(Some(Monument::Municipal))
        }
        _ => Err(unknown_monument(s.trim())),
    }
}

fn unknown_monument(value: &str) -> String {
    format!(
        "onbekende monumentstatus '{value}'; toegestaan zijn nee, ja, rijksmonument en gemeentelijk monument"
    )
}

pub fn monument_str(m: Monument) -> &'static str {
    match m {
        Monument::No => "nee",
        Monument::Yes => "ja",
        Monument::National => "rijksmonument",
        Monument::Municipal => "gemeentelijk monument",
    }
}

pub fn strategy(cell: &Cell) -> Parsed<Strategy> {
    let s = match cell {
        Cell::Empty => return Ok(None),
        Cell::Text(s) => &**s,
        Cell::Error(e) => return Err(excel_error(e)),
        other => return Err(unknown_strategy(&describe(other))),
    };
    match normalize_header(s).as_str() {
        "doorexploiteren" | "exploiteren" | "doorexploitatie" | "handhaven" => {
            Ok(Some(Strategy::Operate))
        }
        "renoveren" | "renovatie" => Ok(Some(Strategy::Renovate)),
        "sloop" | "slopen" | "sloopnieuwbouw" => Ok(Some(Strategy::Demolish)),
        "sloopmogelijk" | "mogelijksloop" | "mogelijkslopen" | "eventueelsloop" => {
            Ok(Some(Strategy::MaybeDemolish))
        }
        "verkoop" | "verkopen" => Ok(Some(Strategy::Sell)),
        _ => Err(unknown_strategy(s.trim())),
    }
}

fn unknown_strategy(value: &str) -> String {
    format!(
        "onbekende strategie '{value}'; toegestaan zijn doorexploiteren, renoveren, sloop, sloop mogelijk en verkoop"
    )
}

pub fn strategy_str(s: Strategy) -> &'static str {
    match s {
        Strategy::Operate => "doorexploiteren",
        Strategy::Renovate => "renoveren",
        Strategy::Demolish => "sloop",
        Strategy::MaybeDemolish => "sloop mogelijk",
        Strategy::Sell => "verkoop",
    }
}

pub fn status(cell: &Cell) -> Parsed<WorkStatus> {
    let s = match cell {
        Cell::Empty => return Ok(None),
        Cell::Text(s) => &**s,
        Cell::Error(e) => return Err(excel_error(e)),
        other => return Err(unknown_status(&describe(other))),
    };
    match normalize_header(s).as_str() {
        "uitgevoerd" | "gereed" => Ok(Some(WorkStatus::Done)),
        "inuitvoering" | "onderhanden" => Ok(Some(WorkStatus::InProgress)),
        "opnamevoldoende" | "voldoende" | "voldoendegeisoleerd" => {
            Ok(Some(WorkStatus::InspectedSufficient))
        }
        // A dash or "geen" is how people write "nothing happened yet".
        "geen" | "nvt" | "" => Ok(None),
        _ => Err(unknown_status(s.trim())),
    }
}

fn unknown_status(value: &str) -> String {
    format!(
        "onbekende status '{value}'; toegestaan zijn uitgevoerd, in uitvoering en opname voldoende (of leeg)"
    )
}

/// The calendar's name of a species, for the spellings ecologists' reports use.
fn canonical_species(name: &str) -> Option<&'static str> {
    match name {
        "vleermuis"
        | "vleermuizen"
        | "gewone dwergvleermuis"
        | "dwergvleermuis"
        | "laatvlieger" => Some("vleermuis"),
        // Every other bat species in Dutch ends in -vleermuis (ruige dwergvleermuis, meervleermuis).
        n if n.ends_with("vleermuis") || n.ends_with("vleermuizen") => Some("vleermuis"),
        "gierzwaluw" | "gierzwaluwen" => Some("gierzwaluw"),
        "huismus" | "huismussen" | "mus" | "mussen" => Some("huismus"),
        _ => None,
    }
}

/// A list of species separated by `,` `;` `/` `+` or ` en `: lower-case names, known spellings
/// mapped to the calendar's names, unknown ones kept with a warning.
pub fn species(cell: &Cell, warnings: &mut Vec<String>) -> Parsed<Vec<String>> {
    let s = match cell {
        Cell::Empty | Cell::Bool(false) => return Ok(None),
        Cell::Number(n) if *n == 0.0 => return Ok(Some(Vec::new())),
        Cell::Text(s) => s,
        Cell::Error(e) => return Err(excel_error(e)),
        other => return Err(format!("'{}' is geen lijst van soorten", describe(other))),
    };
    // A remark in parentheses (`vleermuis (vermoedelijk)`) is no part of the name.
    let folded = fold_value(&crate::input::columns::strip_parentheses(s));
    if matches!(
        folded.trim(),
        "" | "geen" | "nee" | "-" | "n.v.t." | "nvt" | "0" | "geen soorten"
    ) {
        return Ok(Some(Vec::new()));
    }
    let mut out: Vec<String> = Vec::new();
    let spaced = format!(" {folded} ")
        .replace(" en ", ",")
        .replace(" & ", ",");
    for part in spaced.split([',', ';', '/', '+', '&']) {
        // `gierzwaluw?`: the doubt is the user's, the species is known.
        let name = part
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .trim_end_matches(['?', '!', '.'])
            .trim()
            .to_string();
        if name.is_empty() {
            continue;
        }
        let kept = match canonical_species(&name) {
            Some(c) => c.to_string(),
            None => {
                warnings.push(format!(
                    "onbekende soort '{name}' (bekend zijn {}); overgenomen zoals opgegeven: de soortenkalender geeft er geen gesloten maanden voor, wel wacht het werk op de vergunning (zonder datum aangenomen na de voorbereidingstijd)",
                    crate::nl_format::and_list(KNOWN_SPECIES)
                ));
                name
            }
        };
        if !out.contains(&kept) {
            out.push(kept);
        }
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn thousands_by_commas_or_spaces_are_read_with_a_note() {
        for (text, note) in [
            ("2,800,000", "met komma's tussen de duizendtallen"),
            ("2 800 000", "met spaties tussen de cijfers"),
            ("2.800.000", "met punten tussen de duizendtallen"),
        ] {
            let mut w = Vec::new();
            assert_eq!(
                number(&t(text), Origin::Workbook, &mut w),
                Ok(Some(2_800_000.0)),
                "{text}"
            );
            assert!(w.len() == 1 && w[0].contains(note), "{text}: {w:?}");
        }
        let mut w = Vec::new();
        assert_eq!(
            number(&t("2800000"), Origin::Workbook, &mut w),
            Ok(Some(2_800_000.0))
        );
        assert!(w.is_empty());
    }

    #[test]
    fn numbers_as_text() {
        let table: [(&str, bool, Option<f64>); 17] = [
            ("72,5", true, Some(72.5)),
            ("72.5", true, Some(72.5)),
            ("1.234,5", true, Some(1234.5)),
            ("1.234", true, Some(1234.0)),
            ("1.234", false, Some(1.234)),
            ("1.500.000", true, Some(1_500_000.0)),
            ("1.500.000", false, Some(1_500_000.0)),
            ("1,234.5", true, Some(1234.5)),
            ("-3", true, Some(-3.0)),
            (" 85 ", true, Some(85.0)),
            ("1 234,5", true, Some(1234.5)),
            ("abc", true, None),
            ("1,2,3", true, None),
            ("1.23.4", true, None),
            ("inf", true, None),
            ("NaN", true, None),
            ("", true, None),
        ];
        for (text, dutch, expected) in table {
            assert_eq!(
                parse_number_text(text, dutch).map(|(v, _)| v),
                expected,
                "{text:?} dutch={dutch}"
            );
        }
    }

    #[test]
    fn decimal_comma_warns_in_workbook_only() {
        let mut w = Vec::new();
        assert_eq!(number(&t("72,5"), Origin::Workbook, &mut w), Ok(Some(72.5)));
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("decimale komma"), "{w:?}");
        // The English way is read as such, and said too (helper 48: no note).
        for (typed, read, said) in [
            ("12.5", 12.5, "'12.5' is een getal als tekst met een decimale punt; gelezen als 12,5"),
            (
                "1,234.5",
                1234.5,
                "'1,234.5' is een getal als tekst met komma's tussen de duizendtallen en een decimale punt; gelezen als 1.234,5",
            ),
        ] {
            let mut w = Vec::new();
            assert_eq!(number(&t(typed), Origin::Workbook, &mut w), Ok(Some(read)));
            assert_eq!(w, vec![said.to_string()]);
        }
        let mut w = Vec::new();
        assert_eq!(
            number(&t("72,5"), Origin::Csv { dutch: true }, &mut w),
            Ok(Some(72.5))
        );
        assert!(w.is_empty());
        let mut w = Vec::new();
        assert_eq!(number(&t("72"), Origin::Workbook, &mut w), Ok(Some(72.0)));
        assert!(w.is_empty());
    }

    #[test]
    fn dates() {
        let d = |y, m, dd| Ok(Some(NaiveDate::from_ymd_opt(y, m, dd).unwrap()));
        assert_eq!(date(&t("01-09-2024"), Origin::Workbook), d(2024, 9, 1));
        assert_eq!(date(&t("1-9-2024"), Origin::Workbook), d(2024, 9, 1));
        assert_eq!(date(&t("2024-09-01"), Origin::Workbook), d(2024, 9, 1));
        assert_eq!(date(&t("01/09/2024"), Origin::Workbook), d(2024, 9, 1));
        assert_eq!(
            date(&t("2024-09-01 00:00:00"), Origin::Workbook),
            d(2024, 9, 1)
        );
        assert_eq!(
            date(&t("2024-09-01T00:00:00"), Origin::Workbook),
            d(2024, 9, 1)
        );
        assert_eq!(
            date(&Cell::Number(45536.0), Origin::Workbook),
            d(2024, 9, 1)
        );
        assert!(date(&Cell::Number(45536.0), Origin::Parquet).is_err());
        assert!(date(&t("31-02-2024"), Origin::Workbook)
            .unwrap_err()
            .contains("geen bestaande datum"));
        assert!(date(&t("morgen"), Origin::Workbook).is_err());
        assert!(date(&t("1-9-24"), Origin::Workbook).is_err());
        // Month names, as the plan's sheets and `--vanaf` read them (helper 97).
        for typed in [
            "15 maart 2025",
            "15-mrt-2025",
            "15 Mrt. 2025",
            "15/maart/2025",
        ] {
            assert_eq!(date(&t(typed), Origin::Workbook), d(2025, 3, 15), "{typed}");
        }
        assert_eq!(date(&t("1 sept. 2025"), Origin::Workbook), d(2025, 9, 1));
        assert!(date(&t("31 februari 2025"), Origin::Workbook)
            .unwrap_err()
            .contains("geen bestaande datum"));
        assert_eq!(
            date(&t("mrt 2025"), Origin::Workbook).unwrap_err(),
            "'mrt 2025' is een maand, geen datum; noem ook de dag (bijvoorbeeld 01-03-2025, of de dag van de vergunning)"
        );
        // A year or a small number in a cell without date format is no date (Excel would
        // count it as days from 1900), nor is a date far outside the planning's years.
        let e = date(&Cell::Number(2026.0), Origin::Workbook).unwrap_err();
        assert!(e.contains("jaartal") && e.contains("01-01-2026"), "{e}");
        for v in [-3.0, 0.0, 5.5, 7.0, 400.0] {
            let e = date(&Cell::Number(v), Origin::Workbook).unwrap_err();
            assert_eq!(
                e,
                format!("'{}' is geen datum; schrijf dd-mm-jjjj", fmt_nl(v))
            );
        }
        let e = date(&t("2026"), Origin::Csv { dutch: true }).unwrap_err();
        assert!(e.contains("jaartal"), "{e}");
        let e = date(&t("18-07-1905"), Origin::Workbook).unwrap_err();
        assert!(e.contains("18-07-1905") && e.contains("1990"), "{e}");
        assert!(date(&t("01-01-2101"), Origin::Workbook).is_err());
        assert_eq!(date(&t("31-12-2100"), Origin::Workbook), d(2100, 12, 31));
    }

    #[test]
    fn yes_no_spellings() {
        for s in ["ja", "J", "x", "1", "true", "WAAR", "Yes"] {
            assert_eq!(yes_no(&t(s)), Ok(Some(true)), "{s}");
        }
        for s in ["nee", "N", "0", "false", "Onwaar"] {
            assert_eq!(yes_no(&t(s)), Ok(Some(false)), "{s}");
        }
        assert_eq!(yes_no(&Cell::Number(1.0)), Ok(Some(true)));
        assert_eq!(yes_no(&Cell::Empty), Ok(None));
        assert!(yes_no(&t("misschien")).is_err());
    }

    #[test]
    fn vocabularies() {
        assert_eq!(home_type(&t("Eengezinswoning")), Ok(Some(HomeType::Egw)));
        assert_eq!(home_type(&t("grondgebonden")), Ok(Some(HomeType::Egw)));
        assert_eq!(home_type(&t("egw")), Ok(Some(HomeType::Egw)));
        for s in [
            "2-onder-1-kap",
            "Twee onder een kap",
            "hoekwoning",
            "rijtjeshuis",
            "Geschakelde woning",
        ] {
            assert_eq!(home_type(&t(s)), Ok(Some(HomeType::Egw)), "{s}");
        }
        for s in [
            "Appartement",
            "flat",
            "Portiek",
            "galerij",
            "mgw",
            "meergezinswoning",
            "Portiekflat",
            "appartement (portiek)",
            "Studio",
            "bovenwoning",
        ] {
            assert_eq!(home_type(&t(s)), Ok(Some(HomeType::Mgw)), "{s}");
        }
        assert!(home_type(&t("woonboot")).is_err());
        assert_eq!(
            monument(&t("Gemeentelijk monument")),
            Ok(Some(Monument::Municipal))
        );
        assert_eq!(monument(&t("rijksmonument")), Ok(Some(Monument::National)));
        assert_eq!(monument(&t("nee")), Ok(Some(Monument::No)));
        assert_eq!(monument(&t("ja")), Ok(Some(Monument::Yes)));
        assert_eq!(
            strategy(&t("Sloop mogelijk")),
            Ok(Some(Strategy::MaybeDemolish))
        );
        assert_eq!(strategy(&t("sloop")), Ok(Some(Strategy::Demolish)));
        assert_eq!(strategy(&t("doorexploiteren")), Ok(Some(Strategy::Operate)));
        assert_eq!(strategy(&t("verkoop")), Ok(Some(Strategy::Sell)));
        assert_eq!(
            status(&t("In uitvoering")),
            Ok(Some(WorkStatus::InProgress))
        );
        assert_eq!(
            status(&t("opname voldoende")),
            Ok(Some(WorkStatus::InspectedSufficient))
        );
        assert_eq!(status(&t("uitgevoerd")), Ok(Some(WorkStatus::Done)));
        assert!(status(&t("gepland")).is_err());
    }

    #[test]
    fn labels() {
        assert_eq!(label(&t("Label E")), Ok(Some(Label::E)));
        assert_eq!(label(&t("e")), Ok(Some(Label::E)));
        assert_eq!(label(&t("A++++")), Ok(Some(Label::APlus4)));
        assert!(label(&t("H")).unwrap_err().contains("'H'"));
        assert!(label(&Cell::Number(3.0)).is_err());
    }

    #[test]
    fn species_lists() {
        let mut w = Vec::new();
        assert_eq!(
            species(&t("Gewone dwergvleermuis, Gierzwaluw en huismus"), &mut w),
            Ok(Some(vec![
                "vleermuis".to_string(),
                "gierzwaluw".to_string(),
                "huismus".to_string()
            ]))
        );
        assert!(w.is_empty());
        assert_eq!(
            species(
                &t("laatvlieger/vleermuis + Huismussen; gierzwaluwen"),
                &mut w
            ),
            Ok(Some(vec![
                "vleermuis".to_string(),
                "huismus".to_string(),
                "gierzwaluw".to_string()
            ]))
        );
        assert!(w.is_empty());
        assert_eq!(
            species(&t("Steenmarter"), &mut w),
            Ok(Some(vec!["steenmarter".to_string()]))
        );
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("onbekende soort 'steenmarter'"));
        assert_eq!(species(&t("geen"), &mut w), Ok(Some(vec![])));
        // A remark in parentheses is no part of the name; 0 is none.
        let mut w = Vec::new();
        assert_eq!(
            species(&t("Vleermuis (vermoedelijk)"), &mut w),
            Ok(Some(vec!["vleermuis".to_string()]))
        );
        assert_eq!(species(&t("0"), &mut w), Ok(Some(vec![])));
        assert_eq!(
            species(&t("gierzwaluw?"), &mut w),
            Ok(Some(vec!["gierzwaluw".to_string()]))
        );
        assert_eq!(species(&Cell::Number(0.0), &mut w), Ok(Some(vec![])));
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn text_of_numbers() {
        assert_eq!(text(&Cell::Number(100001.0)), Ok(Some("100001".into())));
        assert_eq!(text(&t("  C01 ")), Ok(Some("C01".into())));
        assert!(text(&Cell::Error("#N/B".into())).is_err());
    }

    #[test]
    fn amounts_with_a_euro_sign() {
        let mut w = Vec::new();
        let read = |s: &str, w: &mut Vec<String>| amount(&t(s), Origin::Workbook, w);
        assert_eq!(read("€ 120.000", &mut w), Ok(Some(120_000.0)));
        assert_eq!(w, ["'€ 120.000' is een getal als tekst met punten tussen de duizendtallen; gelezen als 120.000"]);
        assert_eq!(read("120.000,50 €", &mut w), Ok(Some(120_000.5)));
        assert_eq!(read("EUR 2.500.000", &mut w), Ok(Some(2_500_000.0)));
        assert_eq!(read("2500 euro", &mut w), Ok(Some(2500.0)));
        assert_eq!(read("€ 120.000,-", &mut w), Ok(Some(120_000.0)));
        assert_eq!(read("1.000.000,--", &mut w), Ok(Some(1_000_000.0)));
        assert_eq!(read("€ ,-", &mut w), Err("'€ ,-' is geen getal".into()));
        assert_eq!(read("€", &mut w), Err("'€' is geen getal".into()));
        assert_eq!(
            read("€ veel", &mut w),
            Err("'€ veel' is geen bedrag".into())
        );
        assert_eq!(read("1.5 $", &mut w), Err("'1.5 $' is geen getal".into()));
        assert_eq!(
            amount(&Cell::Number(7.0), Origin::Workbook, &mut w),
            Ok(Some(7.0))
        );
        // A number of homes or m² keeps refusing the sign.
        assert!(number(&t("€ 120"), Origin::Workbook, &mut w).is_err());
    }

    #[test]
    fn years() {
        let mut w = Vec::new();
        assert_eq!(
            year(&Cell::Number(1965.0), Origin::Workbook, &mut w),
            Ok(Some(1965))
        );
        assert_eq!(year(&t("1965"), Origin::Workbook, &mut w), Ok(Some(1965)));
        assert!(year(&t("negentien"), Origin::Workbook, &mut w).is_err());
        assert!(year(&Cell::Number(65.0), Origin::Workbook, &mut w).is_err());
        assert!(year(&Cell::Number(1965.5), Origin::Workbook, &mut w).is_err());
    }
}
