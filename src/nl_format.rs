//! Numbers and counts the Dutch way, one format for every line the command line prints:
//! `8.000`, `€ 5.883.719`, `0,09 %`, and singular or plural with the count (`1 woning`,
//! `2 woningen`).

use crate::input::values::thousands;

/// A whole number with thousands points: `8.000`.
pub fn number(n: usize) -> String {
    thousands(i64::try_from(n).unwrap_or(i64::MAX))
}

/// A count with its noun in singular or plural: `1 woning`, `8.000 woningen`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", number(n), if n == 1 { one } else { many })
}

/// A number with a decimal comma: `0,08`.
pub fn decimal(value: f64, places: usize) -> String {
    // A value that rounds to zero prints as 0, never as "-0,0".
    let half_unit = 0.5 * 10f64.powi(-(places as i32));
    let value = if value.abs() < half_unit { 0.0 } else { value };
    format!("{value:.places$}").replace('.', ",")
}

/// A number with thousands points and a decimal comma: `1.337,5`.
pub fn decimal_grouped(value: f64, places: usize) -> String {
    let text = decimal(value.abs(), places);
    let (whole, fraction) = text.split_once(',').unwrap_or((&text, ""));
    let whole = thousands(whole.parse::<i64>().unwrap_or(i64::MAX));
    let sign = if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole},{fraction}")
    }
}

/// A share as a percentage with a decimal comma: `0,09 %` for 0.0009.
pub fn percent(share: f64, places: usize) -> String {
    format!("{} %", decimal(share * 100.0, places))
}

/// A share as an upper bound, rounded up to `places` (0.000949 -> "0,10 %" with 2 places), so
/// that "binnen 0,10 %" holds: rounding to the nearest could claim less than the truth.
pub fn percent_at_most(share: f64, places: usize) -> String {
    let scale = 10f64.powi(places as i32);
    let up = ((share * 100.0 * scale) - 1e-9).ceil().max(0.0) / scale;
    format!("{} %", decimal(up, places))
}

/// Euros the Dutch way: `€ 1.234.567`.
pub fn euro(value: f64) -> String {
    format!("€ {}", thousands(value.round() as i64))
}

/// The months of the year in Dutch, January first.
pub const MONTHS: [&str; 12] = [
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

/// The months of the year abbreviated as the workbook writes them, January first.
pub const MONTHS_SHORT: [&str; 12] = [
    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

/// A month of the year by its number (4: `april`); `?` outside 1 to 12.
pub fn month_name(month: u32) -> &'static str {
    MONTHS
        .get((month as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}

/// A month of the year abbreviated by its number (3: `mrt`); `?` outside 1 to 12.
pub fn short_month_name(month: u32) -> &'static str {
    MONTHS_SHORT
        .get((month as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}

/// The number of a month (1 to 12) from its Dutch name, in full or short as the workbook writes
/// it, or `sept` (helper 81), lower case: `maart`, `mrt` -> 3.
pub fn month_number(name: &str) -> Option<u32> {
    let k = (0..12)
        .position(|k| name == MONTHS[k] || name == MONTHS_SHORT[k])
        .or((name == "sept").then_some(8))?;
    Some(k as u32 + 1)
}

/// Euros as given: whole ones as [`euro`], with cents where there are (`€ 700.000,50`), so
/// that a figure quoted back is not one the user did not type (helper 83).
pub fn euro_given(value: f64) -> String {
    if value.fract().abs() < 1e-9 {
        euro(value)
    } else {
        format!("€ {}", decimal_grouped(value, 2))
    }
}

/// Items the Dutch way: `a`, `a en b`, `a, b en c` (nothing for none).
pub fn and_list(items: &[&str]) -> String {
    joined(items, "en")
}

/// Choices the Dutch way: `a`, `a of b`, `a, b of c` (nothing for none).
pub fn or_list(items: &[&str]) -> String {
    joined(items, "of")
}

fn joined(items: &[&str], last_word: &str) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("{} {last_word} {last}", rest.join(", "))
        }
        Some((last, _)) => (*last).to_string(),
        None => String::new(),
    }
}

/// A pace: `1 woning per maand`, `5 woningen per maand`, `3,3 woningen per maand` (one
/// decimal where it is not whole).
pub fn per_month(homes: f64) -> String {
    let shown = if (homes - homes.round()).abs() < 0.05 {
        number(homes.round() as usize)
    } else {
        decimal(homes, 1)
    };
    let noun = if shown == "1" { "woning" } else { "woningen" };
    format!("{shown} {noun} per maand")
}

/// Error messages as one: a single one as it is, several counted, each on its own indented
/// line (`3 fouten:\n  a\n  b\n  c`); a message of several lines keeps its further lines
/// indented under its first.
pub fn error_list(errors: &[String]) -> String {
    match errors {
        [one] => one.clone(),
        _ => {
            let lines: Vec<String> = errors.iter().map(|e| e.replace('\n', "\n    ")).collect();
            format!("{} fouten:\n  {}", errors.len(), lines.join("\n  "))
        }
    }
}

/// A number as a user gave it, in a message: `2,5`, `1.000.000.000.000`; beyond a thousand
/// million million as `1,5e99`; `inf (oneindig)` and `nan (geen getal)` by name.
pub fn given(value: f64) -> String {
    if value.is_nan() {
        return "nan (geen getal)".to_string();
    }
    if value.is_infinite() {
        return if value > 0.0 {
            "inf (oneindig)".to_string()
        } else {
            "-inf (min oneindig)".to_string()
        };
    }
    if value.abs() >= 1e15 {
        return format!("{value:e}").replace('.', ",");
    }
    // Up to six decimals, without trailing zeros.
    let text = decimal_grouped(value, 6);
    match text.split_once(',') {
        Some((whole, fraction)) => {
            let fraction = fraction.trim_end_matches('0');
            if fraction.is_empty() {
                whole.to_string()
            } else {
                format!("{whole},{fraction}")
            }
        }
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pace_reads_as_homes_per_month() {
        assert_eq!(per_month(1.0), "1 woning per maand");
        assert_eq!(per_month(8.0), "8 woningen per maand");
        assert_eq!(per_month(10.0 / 3.0), "3,3 woningen per maand");
        assert_eq!(per_month(7.333_333_333_333_333), "7,3 woningen per maand");
        assert_eq!(per_month(0.5), "0,5 woningen per maand");
    }

    #[test]
    fn several_errors_keep_a_long_one_together() {
        let list = error_list(&["a".into(), "b:\nb1\nb2".into()]);
        assert_eq!(list, "2 fouten:\n  a\n  b:\n    b1\n    b2");
    }

    #[test]
    fn items_are_listed_with_en_before_the_last() {
        assert_eq!(and_list(&[]), "");
        assert_eq!(and_list(&["G"]), "G");
        assert_eq!(and_list(&["G", "F"]), "G en F");
        assert_eq!(and_list(&["G", "F", "E"]), "G, F en E");
    }

    #[test]
    fn a_given_number_reads_the_dutch_way_also_when_huge_or_not_a_number() {
        assert_eq!(given(2.5), "2,5");
        assert_eq!(given(1e12), "1.000.000.000.000");
        assert_eq!(given(-1.0), "-1");
        assert_eq!(given(0.000_25), "0,00025");
        assert_eq!(given(1.5e99), "1,5e99");
        assert_eq!(given(f64::INFINITY), "inf (oneindig)");
        assert_eq!(given(f64::NEG_INFINITY), "-inf (min oneindig)");
        assert_eq!(given(f64::NAN), "nan (geen getal)");
    }

    #[test]
    fn an_upper_bound_is_rounded_up() {
        assert_eq!(percent_at_most(0.000949, 2), "0,10 %");
        assert_eq!(percent_at_most(0.000999, 2), "0,10 %");
        assert_eq!(percent_at_most(0.001, 2), "0,10 %");
        assert_eq!(percent_at_most(0.0000002, 2), "0,01 %");
        assert_eq!(percent_at_most(0.0, 2), "0,00 %");
    }

    #[test]
    fn one_format_for_numbers_and_counts() {
        assert_eq!(number(8000), "8.000");
        assert_eq!(decimal(-0.0, 1), "0,0");
        assert_eq!(decimal(-0.04, 1), "0,0");
        assert_eq!(decimal(-0.06, 1), "-0,1");
        assert_eq!(count(1, "woning", "woningen"), "1 woning");
        assert_eq!(count(0, "woning", "woningen"), "0 woningen");
        assert_eq!(count(12_345, "project", "projecten"), "12.345 projecten");
        assert_eq!(euro(5_883_719.4), "€ 5.883.719");
        assert_eq!(percent(0.0009, 2), "0,09 %");
        assert_eq!(decimal(6.25, 1), "6,2");
        assert_eq!(decimal_grouped(1337.46, 1), "1.337,5");
        assert_eq!(decimal_grouped(57.1, 1), "57,1");
        assert_eq!(decimal_grouped(1_234_567.0, 0), "1.234.567");
        assert_eq!(decimal_grouped(-1_234.5, 1), "-1.234,5");
        assert_eq!(decimal_grouped(-0.04, 1), "0,0");
    }
}
