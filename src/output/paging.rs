//! Page breaks for the printed documents (the municipality's list, the tenants' overview): a
//! table that runs onto another page repeats its header row there, so that every printed page
//! says what its columns are.
//!
//! Spreadsheet programs break pages on their own where a page is full; a header row can only be
//! repeated by a break of our own before that. So the documents count the height of every row
//! they write and break a little before the page is full.

use rust_xlsxwriter::{Worksheet, XlsxError};

/// Height (points) of an A4 landscape page's printable area at 100 %, with the documents'
/// margins of 0.6 inch at top and bottom: (8.27 - 2 x 0.6) inch x 72.
const A4_LANDSCAPE_ROOM_PT: f64 = 509.0;

/// The share of that room the documents fill before they break: LibreOffice draws rows a
/// little taller than their height in the file, and a page it breaks itself would lose the
/// header row.
const ROOM_SHARE: f64 = 0.92;

/// A row of one line of 11-point text, as the documents write it.
pub(crate) const ROW_PT: f64 = 15.0;

/// A table's header row (three lines of wrapped column names).
pub(crate) const HEADER_ROW_PT: f64 = 45.0;

/// A title row of 14-point text: its height is not set, so programs size it to the text.
pub(crate) const TITLE_ROW_PT: f64 = 19.0;

/// A section title row of 12-point text (height not set either).
pub(crate) const SECTION_ROW_PT: f64 = 16.0;

/// The height of the rows written on the current printed page, and the page breaks so far.
#[derive(Debug)]
pub(crate) struct Pager {
    /// Row points that fit on one page at the document's print scale.
    room: f64,
    used: f64,
    /// Rows (0-based) that start a new page.
    breaks: Vec<u32>,
}

impl Pager {
    /// A pager for pages printed at `scale_percent`.
    pub(crate) fn new(scale_percent: u16) -> Pager {
        Pager {
            room: A4_LANDSCAPE_ROOM_PT * ROOM_SHARE * 100.0 / f64::from(scale_percent.max(10)),
            used: 0.0,
            breaks: Vec::new(),
        }
    }

    /// A page break before `row`: it is the first of a page.
    pub(crate) fn break_before(&mut self, row: u32) {
        self.breaks.push(row);
        self.used = 0.0;
    }

    /// The page breaks, for `Worksheet::set_page_breaks`.
    pub(crate) fn breaks(&self) -> &[u32] {
        &self.breaks
    }

    /// A row of `height` points that goes on whatever page it falls (a title, a line of text,
    /// an empty row).
    pub(crate) fn add(&mut self, height: f64) {
        self.used += height;
    }

    /// A table row of `height` points: true when it fits on this page (and is counted there);
    /// false when the caller is to break the page before it and repeat the table's header.
    pub(crate) fn fits(&mut self, height: f64) -> bool {
        if !self.has_room(height) {
            return false;
        }
        self.used += height;
        true
    }

    /// Whether rows of `height` points together fit on this page (an empty page takes
    /// anything).
    pub(crate) fn has_room(&self, height: f64) -> bool {
        self.used <= 0.0 || self.used + height <= self.room
    }

    /// Places a table row of `height` points at `row`: when it does not fit on the page, a page
    /// break goes there and `header` repeats the table's header in that row first. Returns the
    /// row the table row goes in.
    pub(crate) fn place_row(
        &mut self,
        ws: &mut Worksheet,
        row: u32,
        height: f64,
        header: &dyn Fn(&mut Worksheet, u32) -> Result<(), XlsxError>,
    ) -> Result<u32, XlsxError> {
        if self.fits(height) {
            return Ok(row);
        }
        self.break_before(row);
        header(ws, row)?;
        self.add(HEADER_ROW_PT + height);
        Ok(row + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_holds_its_room_and_no_more() {
        let mut p = Pager::new(100);
        let rows = (A4_LANDSCAPE_ROOM_PT * ROOM_SHARE / 15.0).floor() as usize;
        for _ in 0..rows {
            assert!(p.fits(15.0));
        }
        assert!(!p.fits(15.0), "the next row goes on a new page");
        p.break_before(rows as u32);
        assert_eq!(p.breaks(), [rows as u32]);
        assert!(p.fits(15.0));
        // At half the scale a page holds twice the rows.
        let mut half = Pager::new(50);
        for _ in 0..2 * rows {
            assert!(half.fits(15.0));
        }
        assert!(!half.fits(15.0));
        // A row taller than a page still goes on an empty page.
        let mut p = Pager::new(100);
        assert!(p.fits(10_000.0));
    }
}
