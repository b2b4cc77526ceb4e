//! Dutch text for `retrofit check`: what was read, and every problem with its cell.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::values::{fmt_nl, thousands};
use super::{Problem, Stock, YearFigure};
use crate::stock::{Label, Monument, Strategy};

fn count(n: usize) -> String {
    thousands(i64::try_from(n).unwrap_or(i64::MAX))
}

fn figures(list: &[YearFigure], fmt: impl Fn(f64) -> String) -> String {
    list.iter()
        .map(|f| {
            if f.corporation.is_empty() {
                format!("{} {}", f.year, fmt(f.value))
            } else {
                format!("{} {} {}", f.corporation, f.year, fmt(f.value))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A short summary of the stock followed by every warning and skipped row.
pub fn check_report(stock: &Stock) -> String {
    let homes = &stock.homes;
    let mut out = String::new();
    let hash_short: String = stock.source.sha256.chars().take(12).collect();
    // Writing to a String cannot fail; the results are ignored for that reason.
    // A csv or parquet file has no sheets: its "sheet" is the file's own name.
    let sheet = if stock.source.sheet == stock.source.file_name {
        String::new()
    } else {
        format!("blad {}, ", stock.source.sheet)
    };
    let _ = writeln!(
        out,
        "Invoer: {} ({sheet}sha256 {hash_short}…)",
        stock.source.file_name
    );
    // A look-alike header of a missing column first: the plan would silently go without it.
    for hint in super::columns::missing_lookalike_warnings(&stock.warnings) {
        let _ = writeln!(out, "Let op: {hint}");
    }
    let _ = writeln!(
        out,
        "Woningen gelezen: {} (rijen met gegevens: {}, overgeslagen: {})",
        count(homes.len()),
        count(stock.rows_read),
        count(stock.skipped.len())
    );

    let mut per_label: BTreeMap<Label, usize> = BTreeMap::new();
    for h in homes {
        *per_label.entry(h.label).or_default() += 1;
    }
    let labels: Vec<String> = per_label
        .iter()
        .map(|(l, n)| format!("{l} {}", count(*n)))
        .collect();
    let _ = writeln!(
        out,
        "Per label: {}",
        if labels.is_empty() {
            "-".into()
        } else {
            labels.join(", ")
        }
    );
    let efg: Vec<String> = [Label::E, Label::F, Label::G]
        .iter()
        .map(|l| format!("{l} {}", count(per_label.get(l).copied().unwrap_or(0))))
        .collect();
    let efg_total: usize = homes.iter().filter(|h| h.label.is_efg()).count();
    let _ = writeln!(
        out,
        "EFG-woningen: {} ({})",
        count(efg_total),
        efg.join(", ")
    );

    let monuments = |m: Monument| homes.iter().filter(|h| h.monument == m).count();
    let _ = writeln!(
        out,
        "Monumenten: {} (ja {}, rijksmonument {}, gemeentelijk monument {})",
        count(homes.iter().filter(|h| h.monument.is_monument()).count()),
        count(monuments(Monument::Yes)),
        count(monuments(Monument::National)),
        count(monuments(Monument::Municipal))
    );
    let strategy = |s: Strategy| homes.iter().filter(|h| h.strategy == Some(s)).count();
    let _ = writeln!(
        out,
        "Sloop: {}, sloop mogelijk: {}, met sloopjaar: {}",
        count(strategy(Strategy::Demolish)),
        count(strategy(Strategy::MaybeDemolish)),
        count(homes.iter().filter(|h| h.demolition_year.is_some()).count())
    );
    let _ = writeln!(out, "Verkoop: {}", count(strategy(Strategy::Sell)));
    let _ = writeln!(
        out,
        "Gespikkeld: {}",
        count(homes.iter().filter(|h| h.pepper_potted).count())
    );

    let mut per_species: BTreeMap<&str, usize> = BTreeMap::new();
    for h in homes {
        for s in &h.species {
            *per_species.entry(s.as_str()).or_default() += 1;
        }
    }
    let with_species = homes.iter().filter(|h| !h.species.is_empty()).count();
    let species: Vec<String> = per_species
        .iter()
        .map(|(s, n)| format!("{s} {}", count(*n)))
        .collect();
    let _ = writeln!(
        out,
        "Woningen met beschermde soorten: {}{}; met datum flora- en faunavergunning: {}",
        count(with_species),
        if species.is_empty() {
            String::new()
        } else {
            format!(" ({})", species.join(", "))
        },
        count(homes.iter().filter(|h| h.permit_date.is_some()).count())
    );
    if !stock.budgets.is_empty() {
        let _ = writeln!(
            out,
            "Budget (blad Budget): {}",
            figures(&stock.budgets, |v| format!(
                "€ {}",
                thousands(v.round() as i64)
            ))
        );
    }
    if !stock.capacities.is_empty() {
        let _ = writeln!(
            out,
            "Capaciteit (blad Capaciteit, woningen per maand): {}",
            figures(&stock.capacities, fmt_nl)
        );
    }
    if !stock.skipped.is_empty() {
        let _ = writeln!(
            out,
            "\nOvergeslagen rijen ({}):",
            count(stock.skipped.len())
        );
        for s in &stock.skipped {
            let vhe = s
                .vhe
                .as_deref()
                .map(|v| format!(" (vhe {v})"))
                .unwrap_or_default();
            let _ = writeln!(out, "  {}{vhe}:", s.location);
            for reason in &s.reasons {
                let _ = writeln!(out, "    {reason}");
            }
        }
    }
    if stock.warnings.is_empty() {
        let _ = writeln!(out, "\nGeen waarschuwingen.");
    } else {
        let _ = writeln!(out, "\nWaarschuwingen ({}):", count(stock.warnings.len()));
        for w in &stock.warnings {
            let _ = writeln!(out, "  {w}");
        }
    }
    out
}

/// Every problem, errors first, one a line: `Woningen!D12: fout: ...`.
pub fn problems_report(problems: &[Problem]) -> String {
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.len() - errors;
    let mut out = format!(
        "{} {}, {} {}:\n",
        count(errors),
        if errors == 1 { "fout" } else { "fouten" },
        count(warnings),
        if warnings == 1 {
            "waarschuwing"
        } else {
            "waarschuwingen"
        }
    );
    for p in problems.iter().filter(|p| p.is_error()) {
        let _ = writeln!(out, "{p}");
    }
    for p in problems.iter().filter(|p| !p.is_error()) {
        let _ = writeln!(out, "{p}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1.000");
        assert_eq!(thousands(1_234_567), "1.234.567");
        assert_eq!(thousands(-2500), "-2.500");
    }

    #[test]
    fn errors_come_first() {
        let problems = vec![
            Problem::warning("Woningen!F3", "let op"),
            Problem::error("Woningen!D12", "fout gevonden"),
        ];
        let report = problems_report(&problems);
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(lines[0], "1 fout, 1 waarschuwing:");
        assert_eq!(lines[1], "Woningen!D12: fout: fout gevonden");
        assert_eq!(lines[2], "Woningen!F3: waarschuwing: let op");
    }
}
