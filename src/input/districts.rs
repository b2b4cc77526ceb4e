//! The optional sheet `Wijken`: the municipality's heat plan per wijk (columns `wijk`,
//! `warmteoplossing`, optional `jaar`). Every error names its cell; an unknown heat solution,
//! a year that is not a whole year or a wijk named twice stops the read.

use std::collections::HashMap;

use super::columns::normalize_header;
use super::problem::Problem;
use super::raw::{Cell, RawSheet};
use crate::heat_plan::{district_key, DistrictPlan, HeatSolution};

/// The sheet's name.
pub const DISTRICTS_SHEET: &str = "Wijken";

/// The sheet's columns, in the template's order.
pub const DISTRICT_COLUMNS: [&str; 3] = ["wijk", "warmteoplossing", "jaar"];

/// What was read, and every problem.
pub struct DistrictsRead {
    pub plans: Vec<DistrictPlan>,
    pub problems: Vec<Problem>,
}

fn cell_text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Empty => None,
        Cell::Text(t) if t.trim().is_empty() => None,
        Cell::Text(t) => Some(t.trim().to_string()),
        Cell::Number(n) if n.fract() == 0.0 => Some(format!("{n:.0}")),
        Cell::Number(n) => Some(n.to_string()),
        Cell::Bool(b) => Some(b.to_string()),
        Cell::Date(d) => Some(d.to_string()),
        Cell::Error(e) => Some(e.clone()),
        // Read as text that no check accepts, so the cell is reported with what it holds.
        Cell::Formula(f) => Some(format!(
            "formule zonder berekende waarde ({f}): open en bewaar het bestand in Excel"
        )),
    }
}

/// Reads the sheet: the header is the first row that has a `wijk` column.
pub fn read_districts(sheet: &RawSheet) -> DistrictsRead {
    let mut out = DistrictsRead {
        plans: Vec::new(),
        problems: Vec::new(),
    };
    let sheet_ref = format!("{}!A1", sheet.name);
    let header = (0..sheet.rows.len().min(20)).find_map(|i| {
        let names: Vec<String> = sheet.rows[i]
            .iter()
            .map(|c| {
                cell_text(c)
                    .map(|t| normalize_header(&t))
                    .unwrap_or_default()
            })
            .collect();
        let find = |wanted: &[&str]| {
            names
                .iter()
                .position(|n| wanted.iter().any(|w| normalize_header(w) == *n))
        };
        find(&["wijk", "buurt"]).map(|w| {
            (
                i,
                w,
                find(&["warmteoplossing", "warmte_oplossing", "oplossing"]),
                find(&["jaar", "jaar_warmteoplossing"]),
            )
        })
    });
    if sheet
        .rows
        .iter()
        .all(|r| r.iter().all(|c| cell_text(c).is_none()))
    {
        out.problems.push(Problem::warning(
            sheet_ref,
            format!("blad {} is leeg en wordt genegeerd", sheet.name),
        ));
        return out;
    }
    let Some((header_row, wijk_col, solution_col, year_col)) = header else {
        out.problems.push(Problem::error(
            sheet_ref,
            format!(
                "blad {}: geen kopregel met de kolom wijk gevonden (kolommen: wijk, warmteoplossing, jaar)",
                sheet.name
            ),
        ));
        return out;
    };
    let Some(solution_col) = solution_col else {
        out.problems.push(Problem::error(
            sheet.location(header_row, wijk_col),
            format!(
                "blad {}: kolom warmteoplossing ontbreekt ({})",
                sheet.name,
                HeatSolution::KEYS.join(", ")
            ),
        ));
        return out;
    };
    let mut seen: HashMap<String, String> = HashMap::new();
    for i in header_row + 1..sheet.rows.len() {
        let wijk = cell_text(sheet.cell(i, wijk_col));
        let solution_text = cell_text(sheet.cell(i, solution_col));
        let year_cell = year_col.map(|c| (c, sheet.cell(i, c)));
        if wijk.is_none()
            && solution_text.is_none()
            && year_cell.is_none_or(|(_, c)| cell_text(c).is_none())
        {
            continue;
        }
        let Some(wijk) = wijk else {
            out.problems.push(Problem::error(
                sheet.location(i, wijk_col),
                "wijk: leeg, terwijl de rij een warmteoplossing of jaar heeft",
            ));
            continue;
        };
        let solution = match solution_text.as_deref().map(HeatSolution::parse) {
            Some(Some(s)) => Some(s),
            Some(None) => {
                out.problems.push(Problem::error(
                    sheet.location(i, solution_col),
                    format!(
                        "warmteoplossing: onbekende waarde {:?}; kies {}",
                        solution_text.unwrap_or_default(),
                        HeatSolution::KEYS.join(", ")
                    ),
                ));
                None
            }
            None => {
                out.problems.push(Problem::error(
                    sheet.location(i, solution_col),
                    format!(
                        "warmteoplossing: leeg voor wijk {wijk}; kies {}",
                        HeatSolution::KEYS.join(", ")
                    ),
                ));
                None
            }
        };
        let year = match year_cell {
            None => Ok(None),
            Some((_, Cell::Empty)) => Ok(None),
            Some((c, cell)) => {
                let n = match cell {
                    Cell::Number(n) => Some(*n),
                    Cell::Text(t) if t.trim().is_empty() => None,
                    Cell::Text(t) => t.trim().parse::<f64>().ok(),
                    _ => None,
                };
                match n {
                    Some(n) if n.fract() == 0.0 && (1900.0..=2200.0).contains(&n) => {
                        Ok(Some(n as i32))
                    }
                    None if cell_text(cell).is_none() => Ok(None),
                    _ => Err(Problem::error(
                        sheet.location(i, c),
                        format!(
                            "jaar: {:?} is geen jaartal (bijvoorbeeld 2030)",
                            cell_text(cell).unwrap_or_default()
                        ),
                    )),
                }
            }
        };
        let year = match year {
            Ok(y) => y,
            Err(p) => {
                out.problems.push(p);
                continue;
            }
        };
        let location = sheet.location(i, wijk_col);
        if let Some(first) = seen.get(&district_key(&wijk)) {
            out.problems.push(Problem::error(
                location,
                format!(
                    "wijk: {wijk} staat dubbel in blad {} (ook in {first})",
                    sheet.name
                ),
            ));
            continue;
        }
        seen.insert(district_key(&wijk), location.clone());
        if let Some(solution) = solution {
            out.plans.push(DistrictPlan {
                district: wijk,
                solution,
                year,
                location,
            });
        }
    }
    out
}
