//! Natural order of addresses: street, then house number as a number, then addition
//! ("Raadhuisstraat 7, 7a, 8, 10, 12" rather than "10, 12, 7, 7a, 8").

use std::cmp::Ordering;

/// A piece of a text: a run of digits (compared as a number) or of other characters
/// (compared without case).
#[derive(Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    Number(u128, usize),
}

fn pieces(s: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut chars = s.trim().chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            let mut digits = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                digits.push(d);
                chars.next();
            }
            let trimmed = digits.trim_start_matches('0');
            // Absurdly long digit runs compare as their length first, then as text.
            let value = trimmed.parse::<u128>().unwrap_or(u128::MAX);
            out.push(Piece::Number(value, digits.len()));
        } else {
            let mut text = String::new();
            while let Some(&d) = chars.peek().filter(|d| !d.is_ascii_digit()) {
                text.extend(d.to_lowercase());
                chars.next();
            }
            // Spaces and punctuation between street and number do not decide the order.
            let text: String = text
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == ' ')
                .collect();
            out.push(Piece::Text(text.trim().to_string()));
        }
    }
    out
}

/// Compares two texts in natural order: digit runs as numbers, the rest without case. Texts
/// that compare equal that way fall back to plain comparison, so the order is total.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (pa, pb) = (pieces(a), pieces(b));
    for (x, y) in pa.iter().zip(&pb) {
        let o = match (x, y) {
            (Piece::Number(u, lu), Piece::Number(v, lv)) => u.cmp(v).then(lu.cmp(lv)),
            (Piece::Text(s), Piece::Text(t)) => s.cmp(t),
            // A number sorts before text ("7" before "Kerkstraat").
            (Piece::Number(..), Piece::Text(_)) => Ordering::Less,
            (Piece::Text(_), Piece::Number(..)) => Ordering::Greater,
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    pa.len().cmp(&pb.len()).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(items: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = items.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| natural_cmp(a, b));
        v
    }

    #[test]
    fn house_numbers_sort_as_numbers_then_additions() {
        assert_eq!(
            sorted(&[
                "Raadhuisstraat 10",
                "Raadhuisstraat 12",
                "Raadhuisstraat 19",
                "Raadhuisstraat 7",
                "Raadhuisstraat 8",
                "Raadhuisstraat 7a",
                "Raadhuisstraat 7 B",
                "Kerkstraat 100",
            ]),
            [
                "Kerkstraat 100",
                "Raadhuisstraat 7",
                "Raadhuisstraat 7a",
                "Raadhuisstraat 7 B",
                "Raadhuisstraat 8",
                "Raadhuisstraat 10",
                "Raadhuisstraat 12",
                "Raadhuisstraat 19",
            ]
        );
    }

    #[test]
    fn case_and_leading_zeros_do_not_decide_but_keep_a_total_order() {
        assert_eq!(natural_cmp("kerkstraat 2", "Kerkstraat 10"), Ordering::Less);
        assert_eq!(
            natural_cmp("Kerkstraat 004", "Kerkstraat 5"),
            Ordering::Less
        );
        assert_ne!(
            natural_cmp("Kerkstraat 4", "Kerkstraat 004"),
            Ordering::Equal
        );
        assert_eq!(natural_cmp("", "A"), Ordering::Less);
        assert_eq!(natural_cmp("Laan 2-1", "Laan 2-10"), Ordering::Less);
        assert_eq!(natural_cmp("Laan 2-2", "Laan 2-10"), Ordering::Less);
    }
}
