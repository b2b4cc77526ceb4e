//! Cell references as the user sees them: zero-based (row, col) from calamine or polars become
//! `Woningen!D12`. Every message builds its place here, so the convention lives in one spot.

/// Column letters for a zero-based column: 0 -> `A`, 25 -> `Z`, 26 -> `AA`.
pub fn column_letters(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The sheet name as a prefix; quoted as Excel does when it holds spaces or punctuation.
fn sheet_prefix(sheet: &str) -> String {
    let plain = sheet
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
    if plain && !sheet.is_empty() {
        sheet.to_string()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

/// `Woningen!D12` for the zero-based cell (11, 3).
pub fn cell_ref(sheet: &str, row: u32, col: u32) -> String {
    format!("{}!{}", sheet_prefix(sheet), a1(row, col))
}

/// `D12` for the zero-based cell (11, 3), without its sheet.
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), u64::from(row) + 1)
}

/// A whole column by its header name: `Woningen, kolom gbo_m2`.
pub fn column_ref(sheet: &str, column: &str) -> String {
    format!("{}, kolom {}", sheet_prefix(sheet), column)
}

/// A whole sheet, for problems that belong to no cell.
pub fn sheet_ref(sheet: &str) -> String {
    sheet_prefix(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        let table = [
            (0, "A"),
            (3, "D"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (51, "AZ"),
            (52, "BA"),
            (701, "ZZ"),
            (702, "AAA"),
            (16383, "XFD"),
        ];
        for (col, letters) in table {
            assert_eq!(column_letters(col), letters, "{col}");
        }
    }

    #[test]
    fn refs() {
        assert_eq!(cell_ref("Woningen", 11, 3), "Woningen!D12");
        assert_eq!(cell_ref("Budget", 0, 0), "Budget!A1");
        assert_eq!(cell_ref("voorraad.csv", 1, 5), "voorraad.csv!F2");
        assert_eq!(cell_ref("Mijn blad", 1, 1), "'Mijn blad'!B2");
        assert_eq!(cell_ref("Piet's", 1, 1), "'Piet''s'!B2");
        assert_eq!(cell_ref("X", u32::MAX, 0), "X!A4294967296");
        assert_eq!(column_ref("Woningen", "gbo_m2"), "Woningen, kolom gbo_m2");
    }
}
