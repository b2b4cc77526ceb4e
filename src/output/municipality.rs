//! The list for the municipality (`retrofit plan --gemeente FILE [--jaar YYYY]`): the planned
//! homes between privately owned homes (gespikkeld bezit) as a workbook of its own, with a cover
//! text (what pepper-potted ownership is, what the corporation does in which blocks and months,
//! how many private owners each block has, whom to contact) and one section per year, each on
//! its own printed page, addresses in natural order.

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::paging::{Pager, HEADER_ROW_PT, ROW_PT, SECTION_ROW_PT, TITLE_ROW_PT};
use super::safe_write::{write_bytes, OutputError};
use super::tables;
use super::tenants::{a4_landscape_scale, short_month, wrapped_lines};
use super::workbook::{print_header_footer, properties};
use crate::natural_sort::natural_cmp;
use crate::nl_format::count;
use crate::plan::{ListedHome, Plan, PlannedHome};
use crate::scenario::Month;

pub const SHEET: &str = "Gespikkeld";

/// Headers of the homes table of each year, in order (readable Dutch; the plan workbook's
/// `Gespikkeld` sheet keeps the data contract's names).
pub const HOME_COLUMNS: [(&str, f64); 12] = [
    ("Jaar", 5.5),
    ("Complex", 8.5),
    ("Blok", 7.0),
    ("Adres", 22.0),
    ("Postcode", 8.5),
    ("Plaats", 12.0),
    ("Wijk", 12.0),
    ("Maatregelen", 24.0),
    ("Start", 8.5),
    ("Gereed", 8.5),
    ("Particuliere woningen in blok", 10.0),
    ("Vhe-nummer", 9.5),
];

/// What the complex column's indent (one level) takes of its width, in characters: without
/// it, "Stichting Woonzorg Oost O40" was counted as two lines, took three, and its last line
/// printed over the next row (helper 47).
const INDENT_CHARS: f64 = 2.5;

/// The width column `column` (of either table) leaves its text: the complex column (1) is
/// indented.
fn text_width(widths: &[f64], column: usize) -> f64 {
    if column == 1 {
        widths[column] - INDENT_CHARS
    } else {
        widths[column]
    }
}

/// The widest column any word of `texts` needs to print unbroken: a character per unit of
/// width (on the safe side for wide letters; "Hilvarenbeek" broke at 12 in LibreOffice) and
/// one for the cell's margins, at most [`MAX_WORD_WIDTH`].
fn word_fit_width(texts: &[&str]) -> f64 {
    let longest = texts
        .iter()
        .flat_map(|t| t.split_whitespace())
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    (longest as f64 + 1.0).min(MAX_WORD_WIDTH)
}

/// A column grows for its longest word up to this width; a longer word is broken.
const MAX_WORD_WIDTH: f64 = 20.0;

/// Headers of the per-block table of each year; it shares the columns of the homes table
/// (`Straten` spans Adres and Postcode), so both print in the page width.
pub const BLOCK_COLUMNS: [&str; 11] = [
    "Jaar",
    "Complex",
    "Blok",
    "Straten",
    "Plaats",
    "Wijk",
    "Maatregelen",
    "Start",
    "Gereed",
    "Particuliere woningen in blok",
    "Woningen corporatie",
];

/// Writes the municipality's workbook for every year of the plan.
pub fn write_municipality_workbook(plan: &Plan, path: &Path) -> Result<(), OutputError> {
    write_municipality_workbook_for(plan, path, None)
}

/// Writes the municipality's workbook for one year, or for every year with `None`.
pub fn write_municipality_workbook_for(
    plan: &Plan,
    path: &Path,
    year: Option<i32>,
) -> Result<(), OutputError> {
    let bytes = municipality_workbook_bytes(plan, year).map_err(|e| OutputError::Workbook {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    write_bytes(path, &bytes)
}

fn month_name(month: u32) -> &'static str {
    crate::nl_format::month_name(month)
}

/// The pepper-potted homes starting in `year` (every year with `None`), by year, then place,
/// then address in natural order (street, house number as a number, addition).
pub fn pepper_potted_homes(plan: &Plan, year: Option<i32>) -> Vec<&PlannedHome> {
    let mut homes: Vec<&PlannedHome> = plan
        .planned
        .iter()
        .filter(|h| h.pepper_potted && year.is_none_or(|y| h.start.year() == y))
        .collect();
    homes.sort_by(|a, b| {
        a.start
            .year()
            .cmp(&b.start.year())
            .then_with(|| a.corporation.cmp(&b.corporation))
            .then_with(|| natural_cmp(&a.city, &b.city))
            .then_with(|| natural_cmp(&a.address, &b.address))
            .then_with(|| a.vhe.cmp(&b.vhe))
    });
    homes
}

fn block_of<'a>(plan: &'a Plan, h: &PlannedHome) -> &'a str {
    plan.projects
        .iter()
        .find(|p| p.id == h.project)
        .map_or("", |p| p.block.as_str())
}

/// One block (or complex without blocks) with pepper-potted work in a year.
struct Block<'a> {
    corporation: &'a str,
    complex: &'a str,
    block: &'a str,
    /// Every place and district of its homes, in the order met (a complex may span two).
    cities: Vec<&'a str>,
    districts: Vec<&'a str>,
    streets: Vec<String>,
    start: Month,
    end: Month,
    homes: usize,
    /// The largest count of private homes its homes give, and the smallest: when the homes
    /// differ, the block shows the range ("3 tot 5") rather than one of them, and each home's
    /// row its own.
    private: Option<u32>,
    private_least: Option<u32>,
    /// Its homes that give no count: the block's count is then not said as certain.
    private_unknown: usize,
    packages: Vec<&'a str>,
}

fn blocks<'a>(plan: &'a Plan, homes: &[&'a PlannedHome]) -> Vec<Block<'a>> {
    let mut out: Vec<Block> = Vec::new();
    for h in homes {
        let block = block_of(plan, h);
        match out
            .iter_mut()
            .find(|b| b.corporation == h.corporation && b.complex == h.complex && b.block == block)
        {
            Some(b) => {
                b.homes += 1;
                b.start = b.start.min(h.start);
                b.end = b.end.max(h.end);
                b.private = b.private.max(h.private_in_block);
                b.private_unknown += usize::from(h.private_in_block.is_none());
                b.private_least = match (b.private_least, h.private_in_block) {
                    (Some(a), Some(n)) => Some(a.min(n)),
                    (a, n) => a.or(n),
                };
                let street = h.street.clone();
                if !b.streets.contains(&street) {
                    b.streets.push(street);
                }
                if !b.packages.contains(&h.package.as_str()) {
                    b.packages.push(&h.package);
                }
                if !b.cities.contains(&h.city.as_str()) {
                    b.cities.push(&h.city);
                }
                if !b.districts.contains(&h.district.as_str()) {
                    b.districts.push(&h.district);
                }
            }
            None => out.push(Block {
                corporation: &h.corporation,
                complex: &h.complex,
                block,
                cities: vec![&h.city],
                districts: vec![&h.district],
                streets: vec![h.street.clone()],
                start: h.start,
                end: h.end,
                homes: 1,
                private: h.private_in_block,
                private_least: h.private_in_block,
                private_unknown: usize::from(h.private_in_block.is_none()),
                packages: vec![&h.package],
            }),
        }
    }
    out.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then_with(|| a.corporation.cmp(b.corporation))
            .then_with(|| natural_cmp(a.complex, b.complex))
            .then_with(|| natural_cmp(a.block, b.block))
    });
    out
}

/// A block's count of private homes as text, or `None` when it is one certain number (written
/// as a number): a range when its homes differ, "onbekend" when none gives it, and how many
/// homes do not give it when some do not.
fn private_text(b: &Block) -> Option<String> {
    let unknown = match b.private_unknown {
        0 => String::new(),
        k => format!(" (onbekend bij {k} van de {} woningen)", b.homes),
    };
    match (b.private_least, b.private) {
        (Some(least), Some(n)) if least < n => Some(format!("{least} tot {n}{unknown}")),
        (_, Some(_)) if unknown.is_empty() => None,
        (_, Some(n)) => Some(format!("{n}{unknown}")),
        (_, None) => Some("onbekend".to_string()),
    }
}

/// The street of an address: the text before the first digit ("Kerkstraat 12a" -> "Kerkstraat").
/// The complex as shown: with its corporation after it for a stock of several corporations
/// ("1275 (Woonstichting 1)"; helper 92 read "Woonstichting 1 1275" as one name).
fn complex_text(corporation: &str, complex: &str) -> String {
    if corporation.is_empty() {
        complex.to_string()
    } else {
        format!("{complex} ({corporation})")
    }
}

/// Who plans: the corporation(s).
fn who(plan: &Plan) -> Option<String> {
    // Also those whose pepper-potted homes the list names as left out (helper 101: "Planning
    // van Wooncorporatie Zuiderhuis." above another corporation's homes left out).
    let mut corporations: Vec<&str> = plan
        .planned
        .iter()
        .filter(|h| h.pepper_potted)
        .map(|h| h.corporation.as_str())
        .chain(
            plan.not_planned
                .iter()
                .filter(|h| h.pepper_potted)
                .map(|h| h.corporation.as_str()),
        )
        .filter(|c| !c.is_empty())
        .collect();
    corporations.sort();
    corporations.dedup();
    // Not the name of the stock's file: the corporation's export, of no use to the
    // municipality (helper 66).
    // A stock without corporation names has none to say (helper 82 read "Planning van de
    // corporatie." as a line left unfinished).
    (!corporations.is_empty()).then(|| corporations.join(", "))
}

/// For a year in which no pepper-potted work starts: the work begun earlier that runs on into
/// it, as a clause (helper 77: "2028: geen woningen ... ingepland" while a block's work ran
/// from December 2027 to May 2028); `None` when none does.
fn running_into(plan: &Plan, year: i32) -> Option<String> {
    let running: Vec<&PlannedHome> = plan
        .planned
        .iter()
        .filter(|h| h.pepper_potted && h.start.year() < year && h.end.year() >= year)
        .collect();
    let last = running.iter().map(|h| h.end).max()?;
    let b = blocks(plan, &running);
    // Listed under the years they start (helper 79: the year's own table is empty).
    let years: std::collections::BTreeSet<String> =
        running.iter().map(|h| h.start.year().to_string()).collect();
    let years: Vec<&str> = years.iter().map(String::as_str).collect();
    Some(format!(
        "werk dat eerder begon, loopt door tot en met {} ({} in {}, in de tabellen van {})",
        crate::output::tenants::long_month(last),
        count(running.len(), "corporatiewoning", "corporatiewoningen"),
        count(b.len(), "blok", "blokken"),
        crate::nl_format::and_list(&years)
    ))
}

/// The cover text above the lists, one paragraph a line.
pub fn explanation(plan: &Plan, year: Option<i32>) -> Vec<String> {
    let s = &plan.scenario;
    let homes = pepper_potted_homes(plan, year);
    let period = match year {
        Some(y) => format!("in {y}"),
        None => format!(
            "in de planperiode {} t/m {}",
            super::tenants::long_month(s.start_month),
            super::tenants::long_month(s.deadline_month)
        ),
    };
    let mut lines = vec![format!("Verduurzaming van gespikkeld bezit {period}")];
    lines.extend(who(plan).map(|w| format!("Planning van {w}.")));
    // Several corporations in one plan: said in the plural (helper 86).
    let (whose, which, does) = if plan.corporations().len() > 1 {
        (
            "de corporaties",
            "een corporatie",
            "Wat de corporaties doen",
        )
    } else {
        ("de corporatie", "de corporatie", "Wat de corporatie doet")
    };
    // Said of the homes in this planning, not of every E, F or G home (helper 119 read it so
    // beside 124 homes left out).
    lines.extend([
        format!("Wat is gespikkeld bezit? Huurwoningen van {whose} die in één blok staan met woningen van particuliere eigenaren. Isoleert {which} haar woningen in zo'n blok, dan is dat het moment om ook de particuliere eigenaren te benaderen: de aannemer en de steiger zijn er al, en de woningen delen daken, gevels en muren."),
        format!(
            "{does}: de woningen met energielabel E, F of G die in deze planning staan, krijgen maatregelen tot label {} of beter (scenario {}). Gespikkelde projecten beginnen niet vóór {} van hun jaar, zodat de gemeente de particuliere eigenaren in hetzelfde blok tijdig kan benaderen over meedoen, communicatie en subsidies.",
            s.target_label,
            s.name,
            month_name(s.projects.pepper_potted_start_month)
        ),
    ]);
    // Every year of the plan period, also one without such homes (helper 69: a list for
    // 2027-2028 that said nothing of 2028).
    let years: Vec<i32> = match year {
        Some(y) => vec![y],
        None => s.years().collect(),
    };
    if homes.is_empty() {
        lines.push(format!(
            "{} zijn geen woningen tussen particuliere woningen ingepland.",
            capitalised(&period)
        ));
    }
    for y in years {
        let in_year: Vec<&PlannedHome> = homes
            .iter()
            .copied()
            .filter(|h| h.start.year() == y)
            .collect();
        if in_year.is_empty() {
            let running = running_into(plan, y);
            if !homes.is_empty() {
                lines.push(match running {
                    Some(running) => {
                        format!("{y}: geen nieuwe starts tussen particuliere woningen; {running}.")
                    }
                    None => format!("{y}: geen woningen tussen particuliere woningen ingepland."),
                });
            } else if let Some(running) = running.filter(|_| year.is_some()) {
                // A list for one year says what still runs in it too.
                lines.pop();
                lines.push(format!(
                    "{}: geen nieuwe starts tussen particuliere woningen; {running}.",
                    capitalised(&period)
                ));
            }
            continue;
        }
        let b = blocks(plan, &in_year);
        let private: u32 = b.iter().filter_map(|b| b.private).sum();
        let least: u32 = b.iter().filter_map(|b| b.private_least).sum();
        let private = if least < private {
            format!("{least} tot {private} particuliere woningen")
        } else {
            count(
                private as usize,
                "particuliere woning",
                "particuliere woningen",
            )
        };
        // Blocks where some home gives no count: the sum is of what the stock says.
        let unknown: usize = b.iter().map(|b| b.private_unknown).sum();
        let private = if unknown == in_year.len() {
            "een onbekend aantal particuliere woningen (het bezit noemt het bij geen van deze woningen)".to_string()
        } else if unknown > 0 {
            format!(
                "{private} waar het bezit het aantal noemt (onbekend bij {unknown} van de {} corporatiewoningen)",
                in_year.len()
            )
        } else {
            private
        };
        lines.push(format!(
            "{y}: {} in {}, met samen {private}; per blok staan de maanden en het aantal particuliere woningen in de tabel 'Per blok', per woning het adres en de maatregelen daaronder.",
            count(in_year.len(), "corporatiewoning", "corporatiewoningen"),
            count(b.len(), "blok", "blokken"),
        ));
    }
    // Pepper-potted homes this plan leaves out: said, so that a block an earlier list named
    // does not drop out of it without a word.
    lines.extend(left_out_line(plan, year));
    // Blocks whose start moved since the previous plan: said with both months, so that a
    // municipality that told private owners "mei" sees why the list now says "september"
    // (helper 86 F3).
    lines.extend(moved_line(plan, year));
    // Blocks done, running or contracted at the re-plan: the list shows their months like any
    // other's (helper 98 could not tell a finished block from a planned one, nor why a block
    // begun late showed another month).
    lines.extend(status_line(plan, year));
    // Blocks the previous plan planned and this one leaves out, with the month they had: said
    // apart from the list above, where they could hide among "andere complexen" (helper 95: a
    // block announced for April, dropped at Q2 without a word to the municipality).
    lines.extend(dropped_line(plan, year));
    // Each corporation's own contact where the list holds homes of several (helper 71); a list
    // of none names the plan's corporations' (helper 78: a year without starts got the line
    // to fill in, though the scenario gave a contact).
    let mut corporations: Vec<&str> = homes
        .iter()
        .map(|h| h.corporation.as_str())
        .chain(
            plan.not_planned
                .iter()
                .filter(|h| h.pepper_potted)
                .map(|h| h.corporation.as_str()),
        )
        .collect();
    if corporations.is_empty() {
        corporations = plan
            .planned
            .iter()
            .map(|h| h.corporation.as_str())
            .chain(plan.not_planned.iter().map(|h| h.corporation.as_str()))
            .collect();
    }
    if corporations.is_empty() {
        corporations.push("");
    }
    lines.push(format!(
        "Contact bij de corporatie: {}",
        s.contacts_text(&corporations)
            .unwrap_or_else(|| crate::scenario::CONTACT_TO_FILL_IN.to_string())
    ));
    lines
}

/// One line naming the pepper-potted E/F/G homes the plan does not plan, per complex; those
/// that [`dropped_line`] names (the previous plan had them, in the list's year) are said there
/// only (helper 103 read two complexes twice, once in each line).
fn left_out_line(plan: &Plan, year: Option<i32>) -> Option<String> {
    // Per complex: its homes left out, each as (project, vhe).
    // The corporation and the count in one pair of brackets (helper 101 read "L02 (Woonstichting
    // De Linde) (18)").
    type LeftOut<'a> = ((&'a str, &'a str), usize, Vec<(&'a str, &'a str)>);
    let mut complexes: Vec<LeftOut> = Vec::new();
    for h in plan
        .not_planned
        .iter()
        .filter(|h| h.pepper_potted && dropped_from(plan, h, year).is_none())
    {
        let name = (h.complex.as_str(), h.corporation.as_str());
        let home = (h.project.as_str(), h.vhe.as_str());
        match complexes.iter_mut().find(|(c, ..)| *c == name) {
            Some((_, n, homes)) => {
                *n += 1;
                homes.push(home);
            }
            None => complexes.push((name, 1, vec![home])),
        }
    }
    if complexes.is_empty() {
        return None;
    }
    complexes.sort_by(|a, b| natural_cmp(a.0 .1, b.0 .1).then_with(|| natural_cmp(a.0 .0, b.0 .0)));
    let total: usize = complexes.iter().map(|(_, n, _)| n).sum();
    // The homes the line "Niet meer ingepland" names count in the total (helper 106 read 81
    // left out where 85 were: the 4 dropped since the previous plan stood apart).
    let dropped = plan
        .not_planned
        .iter()
        .filter(|h| h.pepper_potted && dropped_from(plan, h, year).is_some())
        .count();
    // In a re-plan, work the previous plan had planned says so (helper 86 F3).
    let shown: Vec<String> = complexes
        .iter()
        .map(|((c, corporation), n, homes)| {
            let whose = if corporation.is_empty() {
                String::new()
            } else {
                format!("{corporation}: ")
            };
            let dropped = super::tenants::dropped_clause(plan, homes.iter().copied());
            match dropped.strip_prefix(" (") {
                Some(clause) => format!("{c} ({whose}{n}; {clause}"),
                None => format!("{c} ({whose}{n})"),
            }
        })
        .collect();
    let homes = |n| {
        count(
            n,
            "woning met label E, F of G",
            "woningen met label E, F of G",
        )
    };
    let listed = first_eight(&shown, "ander complex", "andere complexen");
    Some(if dropped == 0 {
        format!(
            "Niet in deze planning: {} in blokken met particuliere woningen, in complex {listed}; de corporatie kan de reden geven.",
            homes(total)
        )
    } else {
        format!(
            "Niet in deze planning: {} in blokken met particuliere woningen: {} die het vorige plan nog plande (zie Niet meer ingepland hieronder) en {total} in complex {listed}; de corporatie kan de reden geven.",
            homes(total + dropped),
            crate::nl_format::number(dropped),
        )
    })
}

/// One line naming the blocks whose pepper-potted work this re-plan starts in another month
/// than the previous plan did, with both months; for a list of one year, the blocks that start
/// in it or were to start in it. `None` outside a re-plan or when nothing moved.
fn moved_line(plan: &Plan, year: Option<i32>) -> Option<String> {
    let report = plan.progress.as_ref()?;
    // (block as shown, previous start, new start, homes), in the order of the new start.
    let mut moved: Vec<(String, Month, Month, usize)> = Vec::new();
    for h in pepper_potted_homes(plan, None) {
        let Some(earlier) = report.earlier_start(&h.project) else {
            continue;
        };
        if year.is_some_and(|y| h.start.year() != y && earlier.year() != y) {
            continue;
        }
        let name = block_name(plan, h);
        match moved.iter_mut().find(|(n, ..)| *n == name) {
            Some((_, from, to, homes)) => {
                *from = (*from).min(earlier);
                *to = (*to).min(h.start);
                *homes += 1;
            }
            None => moved.push((name, earlier, h.start, 1)),
        }
    }
    if moved.is_empty() {
        return None;
    }
    moved.sort_by(|a, b| a.2.cmp(&b.2).then_with(|| natural_cmp(&a.0, &b.0)));
    let homes: usize = moved.iter().map(|m| m.3).sum();
    let long = super::tenants::long_month;
    let shown: Vec<String> = moved
        .iter()
        .map(|(name, from, to, _)| format!("{name} (van {} naar {})", long(*from), long(*to)))
        .collect();
    Some(format!(
        "Verschoven ten opzichte van het vorige plan: de start van {} in {}: {}.",
        count(homes, "corporatiewoning", "corporatiewoningen"),
        count(moved.len(), "blok", "blokken"),
        first_eight(&shown, "ander blok", "andere blokken")
    ))
}

/// "complex 204 (Woongoed Zeeuwse Stromen) blok B", or without `blok` for a home not in a
/// named block: a block as the cover's lines name it.
fn block_name(plan: &Plan, h: &PlannedHome) -> String {
    let block = block_of(plan, h);
    let complex = complex_text(&h.corporation, &h.complex);
    if block.is_empty() {
        format!("complex {complex}")
    } else {
        format!("complex {complex} blok {block}")
    }
}

/// One line naming the blocks of pepper-potted homes whose work is done, running or contracted
/// at a re-plan, with its months where they are not those of the previous plan; for a list of
/// one year, those starting in it. `None` outside a re-plan or when there are none.
fn status_line(plan: &Plan, year: Option<i32>) -> Option<String> {
    use crate::replan::Progress;
    let report = plan.progress.as_ref()?;
    let long = super::tenants::long_month;
    // Per progress: (block as shown, start in this plan, start in the previous plan).
    type Blocks = Vec<(String, Month, Month)>;
    let mut by_progress: Vec<(Progress, Blocks)> =
        [Progress::Done, Progress::Running, Progress::Contracted]
            .into_iter()
            .map(|p| (p, Vec::new()))
            .collect();
    for h in pepper_potted_homes(plan, year) {
        let Some(row) = report
            .rows
            .iter()
            .find(|r| r.id == h.project && r.progress.pinned())
        else {
            continue;
        };
        let name = block_name(plan, h);
        if let Some((_, list)) = by_progress.iter_mut().find(|(p, _)| *p == row.progress) {
            if !list.iter().any(|(n, ..)| *n == name) {
                list.push((name, h.start, row.planned_start));
            }
        }
    }
    let parts: Vec<String> = by_progress
        .into_iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(progress, mut list)| {
            list.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| natural_cmp(&a.0, &b.0)));
            let shown: Vec<String> = list
                .iter()
                .map(|(name, now, was)| match progress {
                    Progress::Running if now != was => format!(
                        "{name} (begonnen in {}; in het vorige plan {})",
                        long(*now),
                        long(*was)
                    ),
                    Progress::Running => format!("{name} (begonnen in {})", long(*now)),
                    Progress::Contracted if now != was => format!(
                        "{name} (start {}; in het vorige plan {})",
                        long(*now),
                        long(*was)
                    ),
                    Progress::Contracted => format!("{name} (start {})", long(*now)),
                    _ => name.clone(),
                })
                .collect();
            format!(
                "{}: {}",
                progress.dutch(),
                first_eight(&shown, "ander blok", "andere blokken")
            )
        })
        .collect();
    if parts.is_empty() {
        return None;
    }
    Some(format!(
        "Stand per {}: {}.",
        long(report.from),
        parts.join("; ")
    ))
}

/// One line naming the complexes with pepper-potted homes that the previous plan planned (open
/// work) and this re-plan leaves out, with the month they were to start; for a list of one
/// year, those that were to start in it. `None` outside a re-plan or when none is left out.
fn dropped_line(plan: &Plan, year: Option<i32>) -> Option<String> {
    // (complex as shown, previous start, homes, why where the stock says), in the order of the
    // previous start.
    let mut dropped: Vec<(String, Month, usize, Option<String>)> = Vec::new();
    let mut add = |name: String, was: Month, homes: usize, why: Option<String>| match dropped
        .iter_mut()
        .find(|(n, ..)| *n == name)
    {
        Some((_, from, n, _)) => {
            *from = (*from).min(was);
            *n += homes;
        }
        None => dropped.push((name, was, homes, why)),
    };
    for h in plan.not_planned.iter().filter(|h| h.pepper_potted) {
        let Some(was) = dropped_from(plan, h, year) else {
            continue;
        };
        add(
            format!("complex {}", complex_text(&h.corporation, &h.complex)),
            was,
            1,
            None,
        );
    }
    // Pepper-potted projects of the previous plan gone from this one: the stock now excludes
    // their homes (sold, demolished) or gives them another label (helper 108: a block sold
    // since was on the municipality's list and vanished without a word).
    for row in plan.progress.iter().flat_map(|r| &r.rows) {
        if !row.open_and_gone()
            || row.pepper_potted != Some(true)
            || year.is_some_and(|y| row.planned_start.year() != y)
        {
            continue;
        }
        let why = row.left_because.as_ref().map(|l| match l {
            crate::replan::LeftBecause::Excluded(reasons) => {
                format!("valt nu buiten het plan: {reasons}")
            }
            crate::replan::LeftBecause::Relabelled(labels) => format!("heeft nu {labels}"),
        });
        add(
            format!("complex {}", complex_text(row.corporation(), &row.complex)),
            row.planned_start,
            row.homes,
            why,
        );
    }
    if dropped.is_empty() {
        return None;
    }
    dropped.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| natural_cmp(&a.0, &b.0)));
    let homes: usize = dropped.iter().map(|d| d.2).sum();
    let long = super::tenants::long_month;
    let shown: Vec<String> = dropped
        .iter()
        .map(|(name, from, _, why)| match why {
            Some(why) => format!("{name} (was gepland vanaf {}; {why})", long(*from)),
            None => format!("{name} (was gepland vanaf {})", long(*from)),
        })
        .collect();
    Some(format!(
        "Niet meer ingepland ten opzichte van het vorige plan: {} in {}: {}; de corporatie kan de reden geven.",
        count(homes, "corporatiewoning", "corporatiewoningen"),
        count(dropped.len(), "complex", "complexen"),
        first_eight(&shown, "ander complex", "andere complexen")
    ))
}

/// The month a left-out home was to start in the previous plan, where the re-plan drops it
/// and that month lies in the list's year (any year for the whole plan's list).
fn dropped_from(plan: &Plan, h: &ListedHome, year: Option<i32>) -> Option<Month> {
    let was = plan.progress.as_ref()?.dropped_start(&h.project, &h.vhe)?;
    (year.is_none_or(|y| was.year() == y)).then_some(was)
}

/// The first eight items, comma-separated, and how many more ("en 3 andere complexen").
fn first_eight(items: &[String], one_more: &str, more: &str) -> String {
    let shown = items[..items.len().min(8)].join(", ");
    match items.len().saturating_sub(8) {
        0 => shown,
        k => format!("{shown} en {}", count(k, one_more, more)),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The municipality's workbook as xlsx bytes: one sheet, a section per year.
pub fn municipality_workbook_bytes(plan: &Plan, year: Option<i32>) -> Result<Vec<u8>, XlsxError> {
    let title = Format::new().set_bold().set_font_size(14);
    let section = Format::new().set_bold().set_font_size(12);
    let para = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let header = super::workbook::document_header();
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    // Text after a number column keeps a little distance from it.
    let text_indented = Format::new()
        .set_align(FormatAlign::Left)
        .set_indent(1)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let indented = Format::new()
        .set_align(FormatAlign::Left)
        .set_indent(1)
        .set_align(FormatAlign::Top);
    let int = Format::new()
        .set_num_format("0")
        .set_align(FormatAlign::Top);

    let mut wb = Workbook::new();
    let doc_title = match year {
        Some(y) => format!("Gespikkeld bezit {y}: planning voor de gemeente"),
        None => "Gespikkeld bezit: planning voor de gemeente".to_string(),
    };
    wb.set_properties(&properties(plan, &doc_title)?);
    let mut ws = Worksheet::new();
    ws.set_name(SHEET)?;
    let last_col = HOME_COLUMNS.len() as u16 - 1;
    // With several corporations the complex column also names the corporation: wider, and
    // the address, place and district columns give up that room.
    let mut widths: Vec<f64> = HOME_COLUMNS.iter().map(|(_, w)| *w).collect();
    if tables::has_corporations(plan) {
        for (c, delta) in [(1, 7.5), (3, -4.0), (5, -1.5), (6, -2.0)] {
            widths[c] += delta;
        }
    }
    // A word wider than its column is broken mid-word ("Hilvarenbee-k", helper 50): the block,
    // place and district columns grow to their longest word.
    let listed = pepper_potted_homes(plan, year);
    for (c, words) in [
        (
            2,
            listed.iter().map(|h| block_of(plan, h)).collect::<Vec<_>>(),
        ),
        (5, listed.iter().map(|h| h.city.as_str()).collect()),
        (6, listed.iter().map(|h| h.district.as_str()).collect()),
    ] {
        widths[c] = widths[c].max(word_fit_width(&words));
    }
    for (c, width) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *width)?;
    }

    // A fixed scale: manual page breaks are ignored when fitting to pages.
    let scale = a4_landscape_scale(widths.iter().sum());
    let mut pages = Pager::new(scale);
    let lines = explanation(plan, year);
    let mut row = 0u32;
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            ws.write_string_with_format(row, 0, line, &title)?;
            pages.add(TITLE_ROW_PT);
        } else {
            ws.merge_range(row, 0, row, last_col, line, &para)?;
            // Merged cells do not grow with their text: room for each started 160 characters.
            let lines_needed = line.chars().count().div_ceil(160).max(1);
            let height = ROW_PT * lines_needed as f64;
            ws.set_row_height(row, height)?;
            pages.add(height);
        }
        row += 1;
    }
    row += 1;
    pages.add(ROW_PT);

    let homes = listed;
    let years: Vec<i32> = match year {
        Some(y) => vec![y],
        None => tables::pepper_potted_years(plan),
    };
    let write_home_header = |ws: &mut Worksheet, row: u32| -> Result<(), XlsxError> {
        for (c, (name, _)) in HOME_COLUMNS.iter().enumerate() {
            ws.write_string_with_format(row, c as u16, *name, &header)?;
        }
        ws.set_row_height(row, HEADER_ROW_PT)?;
        Ok(())
    };
    // Columns as in the homes table: `Straten` spans Adres and Postcode.
    let block_cols: [u16; 11] = [0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11];
    let write_block_header = |ws: &mut Worksheet, row: u32| -> Result<(), XlsxError> {
        for (name, &c) in BLOCK_COLUMNS.iter().zip(&block_cols) {
            if c == 3 {
                ws.merge_range(row, 3, row, 4, name, &header)?;
            } else {
                ws.write_string_with_format(row, c, *name, &header)?;
            }
        }
        ws.set_row_height(row, HEADER_ROW_PT)?;
        Ok(())
    };
    // An empty list is said in its text, without a table: a header with nothing under it read
    // as a table left empty by mistake (helpers 90 and 92).
    for (i, y) in years.iter().enumerate() {
        let in_year: Vec<&PlannedHome> = homes
            .iter()
            .copied()
            .filter(|h| h.start.year() == *y)
            .collect();
        if in_year.is_empty() {
            continue;
        }
        let year_blocks = blocks(plan, &in_year);
        // The homes table in the order of the blocks table, each block's homes together, by
        // address within it (helper 99: sorted by place and address, a complex over two
        // streets was split by another's homes): each home keyed once by its block's place.
        let mut keyed: Vec<(usize, &PlannedHome)> = in_year
            .iter()
            .map(|h| {
                let block = block_of(plan, h);
                let place = year_blocks.iter().position(|b| {
                    b.corporation == h.corporation && b.complex == h.complex && b.block == block
                });
                (place.unwrap_or(usize::MAX), *h)
            })
            .collect();
        keyed.sort_by(|(ka, a), (kb, b)| {
            ka.cmp(kb)
                .then_with(|| natural_cmp(&a.city, &b.city))
                .then_with(|| natural_cmp(&a.address, &b.address))
                .then_with(|| a.vhe.cmp(&b.vhe))
        });
        let in_year: Vec<&PlannedHome> = keyed.into_iter().map(|(_, h)| h).collect();
        if i > 0 {
            pages.break_before(row);
        }
        ws.write_string_with_format(row, 0, format!("{y}: per blok"), &section)?;
        pages.add(SECTION_ROW_PT);
        row += 1;
        write_block_header(&mut ws, row)?;
        pages.add(HEADER_ROW_PT);
        row += 1;
        for b in &year_blocks {
            let streets = b.streets.join(", ");
            let packages = b.packages.join("; ");
            let cities = b.cities.join(", ");
            let districts = b.districts.join(", ");
            let private = private_text(b);
            // Programs do not reliably grow a row for wrapped text on opening.
            let lines = [
                wrapped_lines(private.as_deref().unwrap_or(""), widths[10]),
                wrapped_lines(
                    &complex_text(b.corporation, b.complex),
                    text_width(&widths, 1),
                ),
                // A block's name ("K2 achterzijde") wraps in its narrow column too (helper 48).
                wrapped_lines(b.block, widths[2]),
                wrapped_lines(&streets, widths[3] + widths[4]),
                wrapped_lines(&cities, widths[5]),
                wrapped_lines(&districts, widths[6]),
                wrapped_lines(&packages, widths[7]),
            ]
            .into_iter()
            .max()
            .unwrap_or(1);
            let height = ROW_PT * lines as f64;
            // A table that runs onto the next page repeats its header there.
            row = pages.place_row(&mut ws, row, height, &write_block_header)?;
            ws.write_number_with_format(row, 0, f64::from(*y), &int)?;
            ws.write_string_with_format(
                row,
                1,
                complex_text(b.corporation, b.complex),
                &text_indented,
            )?;
            ws.write_string_with_format(row, 2, b.block, &text)?;
            ws.merge_range(row, 3, row, 4, &streets, &text)?;
            ws.write_string_with_format(row, 5, &cities, &text)?;
            ws.write_string_with_format(row, 6, &districts, &text)?;
            ws.write_string_with_format(row, 7, &packages, &text)?;
            ws.write_string_with_format(row, 8, short_month(b.start), &text)?;
            ws.write_string_with_format(row, 9, short_month(b.end), &text)?;
            match &private {
                Some(t) => ws.write_string_with_format(row, 10, t, &text)?,
                None => {
                    ws.write_number_with_format(row, 10, f64::from(b.private.unwrap_or(0)), &int)?
                }
            };
            ws.write_number_with_format(row, 11, b.homes as f64, &int)?;
            if lines > 1 {
                ws.set_row_height(row, height)?;
            }
            row += 1;
        }
        row += 1;
        pages.add(ROW_PT);
        // Per home its complex and block texts and, since programs do not reliably grow a
        // row for wrapped text on opening, the lines its row needs.
        let home_rows: Vec<(String, String, usize)> = in_year
            .iter()
            .map(|h| {
                let complex = complex_text(&h.corporation, &h.complex);
                let block = block_of(plan, h).to_string();
                let lines = [
                    (1, &complex),
                    (2, &block),
                    (3, &h.address),
                    (5, &h.city),
                    (6, &h.district),
                    (7, &h.package),
                ]
                .iter()
                .map(|(c, t)| wrapped_lines(t, text_width(&widths, *c)))
                .max()
                .unwrap_or(1);
                (complex, block, lines)
            })
            .collect();
        // The homes table starts on a new page when its title, header and first rows (up to
        // three) do not fit on this one: a title and header with one row or none under them
        // at a page's foot read as an empty table (helper 63).
        let first_rows: f64 = home_rows
            .iter()
            .take(3)
            .map(|(_, _, lines)| ROW_PT * *lines as f64)
            .sum();
        if !pages.has_room(SECTION_ROW_PT + HEADER_ROW_PT + first_rows) {
            pages.break_before(row);
        }
        pages.add(SECTION_ROW_PT + HEADER_ROW_PT);
        ws.write_string_with_format(row, 0, format!("{y}: per woning"), &section)?;
        row += 1;
        write_home_header(&mut ws, row)?;
        row += 1;
        for (h, (complex, block, lines)) in in_year.iter().zip(&home_rows) {
            let lines = *lines;
            let height = ROW_PT * lines as f64;
            row = pages.place_row(&mut ws, row, height, &write_home_header)?;
            ws.write_number_with_format(row, 0, f64::from(h.start.year()), &int)?;
            ws.write_string_with_format(row, 1, complex, &text_indented)?;
            ws.write_string_with_format(row, 2, block, &text)?;
            ws.write_string_with_format(row, 3, &h.address, &text)?;
            ws.write_string_with_format(row, 4, &h.postcode, &text)?;
            ws.write_string_with_format(row, 5, &h.city, &text)?;
            ws.write_string_with_format(row, 6, &h.district, &text)?;
            ws.write_string_with_format(row, 7, &h.package, &text)?;
            ws.write_string_with_format(row, 8, short_month(h.start), &text)?;
            ws.write_string_with_format(row, 9, short_month(h.end), &text)?;
            match h.private_in_block {
                Some(n) => ws.write_number_with_format(row, 10, f64::from(n), &int)?,
                None => ws.write_string_with_format(row, 10, "onbekend", &text)?,
            };
            ws.write_string_with_format(row, 11, &h.vhe, &indented)?;
            if lines > 1 {
                ws.set_row_height(row, height)?;
            }
            row += 1;
        }
        row += 1;
        pages.add(ROW_PT);
    }
    ws.set_page_breaks(pages.breaks())?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_scale(scale);
    print_header_footer(&mut ws, &doc_title, false, plan)?;
    wb.push_worksheet(ws);
    wb.save_to_buffer()
}
