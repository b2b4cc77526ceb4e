//! The plan's lists as plain tables (column names, kinds, rows), built once and written by both
//! the workbook and the csv/parquet export, so a sheet and its file always have the same columns.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::input::values::thousands;
use crate::natural_sort::natural_cmp;
use crate::plan::{ListedHome, Plan};
use crate::scenario::Month;

/// How a column is typed and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// Text that may be long, in the last column: written on one line, so that it runs on into
    /// the empty cells to its right instead of making the row tall (`toelichting`).
    Note,
    /// Whole numbers (years, counts).
    Int,
    /// Numbers shown with one decimal (area, EP2).
    Decimal,
    /// Euros, shown as `€ #,##0`.
    Euro,
    /// Factors shown with four decimals (escalation).
    Factor,
    /// A calendar date; text `YYYY-MM-DD` in csv/parquet.
    Date,
    /// A fraction shown as a percentage (0.05 -> 5.00%).
    Percent,
}

/// A number as the csv and parquet files store it: euros and decimals to the cent, factors and
/// percentages to the millionth, so that they show 171.1 rather than 171.10080000000002. The
/// workbook and the json keep full precision, so that what is recomputed from them (a pace
/// from homes and months, CO₂ summed over homes) adds up.
pub fn stored_number(x: f64, kind: Kind) -> f64 {
    let scale = match kind {
        Kind::Factor | Kind::Percent => 1e6,
        Kind::Decimal | Kind::Euro => 100.0,
        _ => return x,
    };
    (x * scale).round() / scale
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Int(i64),
    Num(f64),
    Date(NaiveDate),
    Empty,
}

impl Value {
    pub fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    pub fn yes_no(b: bool) -> Value {
        Value::text(if b { "ja" } else { "nee" })
    }

    /// Text as it appears in csv and for measuring column widths.
    pub fn display(&self, kind: Kind) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Num(x) => match kind {
                Kind::Euro => format!("€ {}", thousands(x.round() as i64)),
                Kind::Factor => format!("{x:.4}"),
                Kind::Int => format!("{x:.0}"),
                Kind::Percent => format!("{:.2}%", x * 100.0),
                _ => format!("{x:.1}"),
            },
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::Empty => String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
}

/// One list of the plan: a sheet of the workbook and a file of the export.
#[derive(Debug, Clone, PartialEq)]
pub struct ListTable {
    /// Sheet name in the workbook (`Niet ingepland`).
    pub sheet: &'static str,
    /// File name without extension in the export (`niet_ingepland`).
    pub file_stem: &'static str,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Value>>,
}

impl ListTable {
    fn new(sheet: &'static str, file_stem: &'static str, columns: &[(&'static str, Kind)]) -> Self {
        ListTable {
            sheet,
            file_stem,
            columns: columns
                .iter()
                .map(|&(name, kind)| Column { name, kind })
                .collect(),
            rows: Vec::new(),
        }
    }

    /// Puts a `corporatie` column first, filled from `corporations` (one per row).
    fn with_corporation(mut self, corporations: Vec<String>) -> Self {
        self.columns.insert(
            0,
            Column {
                name: "corporatie",
                kind: Kind::Text,
            },
        );
        for (row, corp) in self.rows.iter_mut().zip(corporations) {
            row.insert(0, Value::Text(corp));
        }
        self
    }

    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

/// A re-plan's homes of pinned work not in `Planning` (sold, labelled out of E, F and G since, or
/// excluded for their status), with their share of the work's cost and the label and saving it
/// gave them: what the next re-plan reads back (src/replan.rs). `None` when there are none.
pub fn left_homes(plan: &Plan) -> Option<ListTable> {
    use Kind::*;
    if plan.left_homes.is_empty() {
        return None;
    }
    let mut t = ListTable::new(
        crate::replan::LEFT_HOMES_SHEET,
        "werk_vorig_plan",
        &[
            ("project", Text),
            ("vhe", Text),
            ("kosten_eur", Euro),
            ("label_na", Text),
            ("besparing_kwh_per_jaar", Decimal),
        ],
    );
    for h in &plan.left_homes {
        t.rows.push(vec![
            Value::text(&h.project),
            Value::text(&h.vhe),
            Value::Num(h.cost_eur),
            h.label_after
                .map_or(Value::Empty, |l| Value::Text(l.to_string())),
            h.energy_saved_kwh_per_year.map_or(Value::Empty, Value::Num),
        ]);
    }
    Some(t)
}

/// Sheet `Voortgang` of a re-plan: per project of the previous plan its planned, actual and
/// new months and why it moved; then the projects new in this plan.
pub fn progress(plan: &Plan) -> Option<ListTable> {
    use Kind::*;
    let report = plan.progress.as_ref()?;
    let mut t = ListTable::new(
        crate::replan::PROGRESS_SHEET,
        "voortgang",
        &[
            ("project", Text),
            (crate::replan::PREVIOUS_ROW_COLUMN, Text),
            ("gepland_start", Text),
            ("gepland_gereed", Text),
            ("voortgang", Text),
            ("werkelijke_start", Text),
            ("werkelijk_gereed", Text),
            ("nieuw_start", Text),
            ("nieuw_gereed", Text),
            ("verschil_maanden", Int),
            ("waarom", Text),
        ],
    );
    let month =
        |m: Option<crate::scenario::Month>| m.map_or(Value::Empty, |m| Value::Text(m.to_string()));
    for r in &report.rows {
        t.rows.push(vec![
            Value::text(&r.id),
            Value::text(&r.cell),
            Value::Text(r.planned_start.to_string()),
            Value::Text(r.planned_end.to_string()),
            Value::text(r.progress.dutch()),
            month(r.actual_start),
            month(r.actual_end),
            month(r.new_start),
            month(r.new_end),
            r.change_months
                .map_or(Value::Empty, |c| Value::Int(c.into())),
            Value::text(&r.why),
        ]);
    }
    // After them, the projects this plan starts that the previous plan does not list.
    for n in &report.new_projects {
        t.rows.push(vec![
            Value::text(&n.id),
            Value::Empty,
            Value::Empty,
            Value::Empty,
            Value::text("open"),
            Value::Empty,
            Value::Empty,
            Value::Text(n.start.to_string()),
            Value::Text(n.end.to_string()),
            Value::Empty,
            Value::Text(if n.was_left_out {
                format!(
                    "nu ingepland ({}): het vorige plan had het in Niet ingepland",
                    crate::nl_format::count(n.homes, "woning", "woningen")
                )
            } else if n.homes_were_in.is_empty() {
                format!(
                    "nieuw in dit plan ({}): niet in Projecten van het vorige plan",
                    crate::nl_format::count(n.homes, "woning", "woningen")
                )
            } else {
                format!(
                    "nieuw in dit plan ({}): anders gegroepeerd, de woningen stonden in {}",
                    crate::nl_format::count(n.homes, "woning", "woningen"),
                    n.homes_were_in.join(", ")
                )
            }),
        ]);
    }
    Some(t)
}

/// The per-year part of sheet `Voortgang`: planned against done and forecast.
pub fn progress_years(plan: &Plan) -> Option<ListTable> {
    use Kind::*;
    let report = plan.progress.as_ref()?;
    let mut t = ListTable::new(
        "Voortgang",
        "voortgang_per_jaar",
        &[
            ("jaar", Int),
            ("woningen_gepland_gereed", Int),
            ("woningen_gereed", Int),
            ("woningen_prognose_gereed", Int),
            ("kosten_gepland_eur", Euro),
            ("kosten_prognose_eur", Euro),
        ],
    );
    for y in &report.years {
        t.rows.push(vec![
            Value::Int(y.year.into()),
            Value::Int(y.planned_homes as i64),
            Value::Int(y.done_homes as i64),
            Value::Int(y.forecast_homes as i64),
            Value::Num(y.planned_cost_eur),
            Value::Num(y.forecast_cost_eur),
        ]);
    }
    Some(t)
}

/// True when the stock names corporations: then lists get a `corporatie` column.
pub fn has_corporations(plan: &Plan) -> bool {
    plan.planned.iter().any(|h| !h.corporation.is_empty())
        || plan.projects.iter().any(|p| !p.corporation.is_empty())
        || plan.excluded.iter().any(|h| !h.corporation.is_empty())
        || plan.not_planned.iter().any(|h| !h.corporation.is_empty())
        || plan.years.iter().any(|y| !y.corporation.is_empty())
}

fn maybe_corporation(table: ListTable, plan: &Plan, corporations: Vec<String>) -> ListTable {
    if has_corporations(plan) {
        table.with_corporation(corporations)
    } else {
        table
    }
}

/// Sheet `Planning`: one row per planned home, in start order.
pub fn planning(plan: &Plan) -> ListTable {
    use Kind::*;
    let mut t = ListTable::new(
        "Planning",
        "planning",
        &[
            ("vhe", Text),
            ("complex", Text),
            ("project", Text),
            ("adres", Text),
            ("postcode", Text),
            ("plaats", Text),
            ("woningtype", Text),
            ("gbo_m2", Decimal),
            ("label_voor", Text),
            ("ep2_voor", Decimal),
            ("pakket", Text),
            ("ep2_na", Decimal),
            ("label_na", Text),
            ("startmaand", Text),
            ("kwartaal", Text),
            ("jaar", Int),
            ("kosten_eur", Euro),
            ("gespikkeld", Text),
            ("ff_soorten", Text),
            ("eindmaand", Text),
            ("ep2_aangenomen", Text),
            ("pakket_id", Text),
            ("wijk", Text),
            ("particulier_in_blok", Int),
            ("met_onderhoud", Text),
            ("besparing_onderhoud_eur", Euro),
        ],
    );
    for h in &plan.planned {
        t.rows.push(vec![
            Value::text(&h.vhe),
            Value::text(&h.complex),
            Value::text(&h.project),
            Value::text(&h.address),
            Value::text(&h.postcode),
            Value::text(&h.city),
            Value::text(&h.home_type),
            Value::Num(h.area_m2),
            Value::text(h.label_before.as_str()),
            Value::Num(h.ep2_before),
            Value::text(&h.package),
            Value::Num(h.ep2_after),
            Value::text(h.label_after.as_str()),
            Value::Text(h.start.to_string()),
            Value::Text(h.start.quarter_label()),
            Value::Int(h.start.year().into()),
            Value::Num(h.cost_eur),
            Value::yes_no(h.pepper_potted),
            Value::text(&h.species),
            Value::Text(h.end.to_string()),
            Value::yes_no(h.ep2_assumed),
            Value::text(&h.package_id),
            Value::text(&h.district),
            h.private_in_block
                .map_or(Value::Empty, |n| Value::Int(n.into())),
            Value::yes_no(h.maintenance_combined),
            Value::Num(h.maintenance_saving_eur),
        ]);
    }
    let corps = plan.planned.iter().map(|h| h.corporation.clone()).collect();
    maybe_corporation(t, plan, corps)
}

/// Sheet `Projecten`: one row per planned project.
pub fn projects(plan: &Plan) -> ListTable {
    use Kind::*;
    let mut t = ListTable::new(
        "Projecten",
        "projecten",
        &[
            ("project", Text),
            ("complex", Text),
            ("woningen", Int),
            ("startmaand", Text),
            ("eindmaand", Text),
            ("duur_maanden", Int),
            ("kosten_eur", Euro),
            ("ff_soorten", Text),
            ("gespikkeld", Text),
            ("blok", Text),
            ("kwartaal", Text),
            ("jaar", Int),
            ("vergunning_gereed", Date),
            ("vergunning_aangenomen", Text),
            ("tempo_woningen_per_maand", Decimal),
            ("woningen_met_onderhoud", Int),
            ("besparing_onderhoud_eur", Euro),
            // Filled in by the user for a re-plan (`retrofit plan --vorig-plan`): written empty,
            // except in a re-plan, where the progress recorded for pinned projects is carried
            // over, so that the next monitoring starts from it.
            (crate::replan::PROGRESS_COLUMN, Text),
            (crate::replan::ACTUAL_START_COLUMN, Text),
            (crate::replan::ACTUAL_END_COLUMN, Text),
        ],
    );
    let recorded: BTreeMap<&str, &crate::replan::ProgressRow> = plan
        .progress
        .iter()
        .flat_map(|r| &r.rows)
        .filter(|r| r.progress.pinned())
        .map(|r| (r.id.as_str(), r))
        .collect();
    let month = |m: Option<Month>| m.map_or(Value::Empty, |m| Value::Text(m.to_string()));
    for p in &plan.projects {
        let progress = recorded.get(p.id.as_str());
        let permit = match NaiveDate::parse_from_str(&p.permit_ready, "%Y-%m-%d") {
            Ok(d) => Value::Date(d),
            Err(_) if p.permit_ready.is_empty() => Value::Empty,
            Err(_) => Value::text(&p.permit_ready),
        };
        let permit_assumed = if p.permit_ready.is_empty() {
            Value::Empty
        } else {
            Value::yes_no(p.permit_assumed)
        };
        // A pinned project some of whose homes have left the plan since the previous plan
        // (now labelled A or B, or sold) keeps the previous plan's homes and cost here: the
        // work was done and paid, and the next monitoring counts it so.
        let (homes, cost_eur, pace) = match progress {
            Some(r) if r.homes > p.homes => (
                r.homes,
                r.cost_eur.unwrap_or(p.cost_eur),
                r.homes as f64 / p.duration_months.max(1) as f64,
            ),
            _ => (p.homes, p.cost_eur, p.pace_homes_per_month),
        };
        t.rows.push(vec![
            Value::text(&p.id),
            Value::text(&p.complex),
            Value::Int(homes as i64),
            Value::Text(p.start.to_string()),
            Value::Text(p.end.to_string()),
            Value::Int(p.duration_months.into()),
            Value::Num(cost_eur),
            Value::text(&p.species),
            Value::yes_no(p.pepper_potted),
            Value::text(&p.block),
            Value::Text(p.start.quarter_label()),
            Value::Int(p.start.year().into()),
            permit,
            permit_assumed,
            Value::Num(pace),
            Value::Int(p.maintenance_homes as i64),
            Value::Num(p.maintenance_saving_eur),
            progress.map_or(Value::Empty, |r| Value::text(r.progress.dutch())),
            month(progress.and_then(|r| r.actual_start)),
            month(progress.and_then(|r| r.actual_end)),
        ]);
    }
    let mut carried_corporations = Vec::new();
    // A re-plan carries over the done, running and contracted projects whose homes have all
    // left the stock's list (now labelled A or B, or sold): not planned here, but their cost
    // and homes still count at the next monitoring. Their homes are in no `Planning` row.
    for r in plan
        .progress
        .iter()
        .flat_map(|r| &r.rows)
        .filter(|r| r.gone && r.progress.pinned() && r.cost_eur.is_some())
    {
        // The months its cost and homes are counted in (`CarriedWork`): the actual ones, a
        // running project through the monitoring at least.
        let (start, end) = match plan.carried.iter().find(|w| w.id == r.id) {
            Some(w) => (w.start, w.end()),
            None => {
                let start = r.actual_start.unwrap_or(r.planned_start);
                (
                    start,
                    r.actual_end
                        .unwrap_or_else(|| start.plus(r.planned_end.since(r.planned_start))),
                )
            }
        };
        let mut row = vec![Value::Empty; t.columns.len()];
        let set = |row: &mut Vec<Value>, name: &str, v: Value| {
            if let Some(c) = t.columns.iter().position(|c| c.name == name) {
                row[c] = v;
            }
        };
        set(&mut row, "project", Value::text(&r.id));
        set(&mut row, "complex", Value::text(&r.complex));
        set(&mut row, "woningen", Value::Int(r.homes as i64));
        set(&mut row, "startmaand", Value::Text(start.to_string()));
        set(&mut row, "eindmaand", Value::Text(end.to_string()));
        set(
            &mut row,
            "duur_maanden",
            Value::Int((end.since(start) + 1).into()),
        );
        set(
            &mut row,
            "kosten_eur",
            Value::Num(r.cost_eur.unwrap_or(0.0)),
        );
        set(&mut row, "kwartaal", Value::Text(start.quarter_label()));
        set(&mut row, "jaar", Value::Int(start.year().into()));
        set(
            &mut row,
            "tempo_woningen_per_maand",
            Value::Num(r.homes as f64 / (end.since(start) + 1).max(1) as f64),
        );
        set(
            &mut row,
            crate::replan::PROGRESS_COLUMN,
            Value::text(r.progress.dutch()),
        );
        set(
            &mut row,
            crate::replan::ACTUAL_START_COLUMN,
            month(r.actual_start),
        );
        set(
            &mut row,
            crate::replan::ACTUAL_END_COLUMN,
            month(r.actual_end),
        );
        t.rows.push(row);
        // `Woonstichting 2/P1027-6` names its corporation.
        carried_corporations.push(
            r.id.split_once('/')
                .map(|(c, _)| c.to_string())
                .unwrap_or_default(),
        );
    }
    let corps = plan
        .projects
        .iter()
        .map(|p| p.corporation.clone())
        .chain(carried_corporations)
        .collect();
    maybe_corporation(t, plan, corps)
}

/// The `kwartaal` value of a year's total row in `Begroting`.
pub const YEAR_TOTAL: &str = "totaal";

/// Sheet `Begroting` (first table): per year its four quarters, then a total row with the
/// year's budget and room (budget - cost), and the escalation factor of the projects that
/// start in that year.
pub fn budget(plan: &Plan) -> ListTable {
    use Kind::*;
    let mut t = ListTable::new(
        "Begroting",
        "begroting",
        &[
            ("jaar", Int),
            ("kwartaal", Text),
            ("kosten_eur", Euro),
            ("budget_eur", Euro),
            ("ruimte_eur", Euro),
            ("escalatiefactor", Factor),
            ("woningen_gestart", Int),
            ("woningen_gereed", Int),
        ],
    );
    let mut corps = Vec::new();
    for y in &plan.years {
        // Quarters that begin after the deadline hold no work (helper 87: 2027-Q3 and Q4 at
        // € 0 under a deadline of 2027-06); one that holds cost is shown all the same.
        let deadline = plan.scenario.deadline_month;
        for q in plan.quarters.iter().filter(|q| {
            q.corporation == y.corporation
                && q.year == y.year
                && (crate::scenario::Month::new(q.year, 3 * q.quarter - 2) <= deadline
                    || q.cost_eur.abs() > 0.005)
        }) {
            t.rows.push(vec![
                Value::Int(q.year.into()),
                Value::Text(format!("{}-Q{}", q.year, q.quarter)),
                Value::Num(q.cost_eur),
                Value::Empty,
                Value::Empty,
                // The year's factor prices the projects that start in it; a quarter's cost also
                // holds work started the year before, at that year's factor (helper 85), so the
                // factor is given on the year's total row only.
                Value::Empty,
                Value::Empty,
                Value::Empty,
            ]);
            corps.push(y.corporation.clone());
        }
        t.rows.push(vec![
            Value::Int(y.year.into()),
            Value::text(YEAR_TOTAL),
            Value::Num(y.cost_eur),
            Value::Num(y.budget_eur),
            Value::Num(y.budget_eur - y.cost_eur),
            Value::Num(y.escalation_factor),
            Value::Int(y.homes_started as i64),
            Value::Int(y.homes_finished as i64),
        ]);
        corps.push(y.corporation.clone());
    }
    maybe_corporation(t, plan, corps)
}

/// Sheet `Begroting` (second table): cost and homes started per complex and year.
pub fn budget_per_complex(plan: &Plan) -> ListTable {
    use Kind::*;
    let mut t = ListTable::new(
        "Begroting",
        "begroting_complex",
        &[
            ("complex", Text),
            ("jaar", Int),
            ("kosten_eur", Euro),
            ("woningen_gestart", Int),
        ],
    );
    for c in &plan.complex_years {
        t.rows.push(vec![
            Value::text(&c.complex),
            Value::Int(c.year.into()),
            Value::Num(c.cost_eur),
            Value::Int(c.homes_started as i64),
        ]);
    }
    let corps = plan
        .complex_years
        .iter()
        .map(|c| c.corporation.clone())
        .collect();
    maybe_corporation(t, plan, corps)
}

/// Sheet `Gespikkeld`: planned homes between privately owned homes, for the municipality.
pub fn pepper_potted(plan: &Plan) -> ListTable {
    use Kind::*;
    let mut t = ListTable::new(
        "Gespikkeld",
        "gespikkeld",
        &[
            ("jaar", Int),
            ("kwartaal", Text),
            ("complex", Text),
            ("adres", Text),
            ("postcode", Text),
            ("plaats", Text),
            ("wijk", Text),
            ("pakket", Text),
            ("particulier_in_blok", Int),
            ("startmaand", Text),
            ("eindmaand", Text),
            ("project", Text),
            ("vhe", Text),
        ],
    );
    let mut homes: Vec<_> = plan.planned.iter().filter(|h| h.pepper_potted).collect();
    // Addresses in natural order: street, house number as a number, addition.
    homes.sort_by(|a, b| {
        (&a.corporation, a.start, &a.complex)
            .cmp(&(&b.corporation, b.start, &b.complex))
            .then_with(|| natural_cmp(&a.address, &b.address))
            .then_with(|| a.vhe.cmp(&b.vhe))
    });
    for h in &homes {
        t.rows.push(vec![
            Value::Int(h.start.year().into()),
            Value::Text(h.start.quarter_label()),
            Value::text(&h.complex),
            Value::text(&h.address),
            Value::text(&h.postcode),
            Value::text(&h.city),
            Value::text(&h.district),
            Value::text(&h.package),
            h.private_in_block
                .map_or(Value::Empty, |n| Value::Int(n.into())),
            Value::Text(h.start.to_string()),
            Value::Text(h.end.to_string()),
            Value::text(&h.project),
            Value::text(&h.vhe),
        ]);
    }
    let corps = homes.iter().map(|h| h.corporation.clone()).collect();
    maybe_corporation(t, plan, corps)
}

fn listed(
    plan: &Plan,
    sheet: &'static str,
    stem: &'static str,
    homes: &[ListedHome],
    with_project: bool,
) -> ListTable {
    use Kind::*;
    let mut cols = vec![
        ("vhe", Text),
        ("complex", Text),
        ("adres", Text),
        ("energielabel", Text),
        ("reden", Text),
        ("postcode", Text),
        ("plaats", Text),
    ];
    if with_project {
        cols.push(("categorie", Text));
        cols.push(("project", Text));
        cols.push(("vergunning_gereed", Date));
        cols.push(("vergunning_aangenomen", Text));
        cols.push(("pakketkosten_prijspeil_eur", Euro));
        cols.push(("toelichting", Note));
    }
    let mut t = ListTable::new(sheet, stem, &cols);
    for h in homes {
        let mut row = vec![
            Value::text(&h.vhe),
            Value::text(&h.complex),
            Value::text(&h.address),
            Value::text(h.label.as_str()),
            Value::text(&h.reason),
            Value::text(&h.postcode),
            Value::text(&h.city),
        ];
        if with_project {
            row.push(Value::text(&h.category));
            row.push(Value::text(&h.project));
            row.push(h.permit_ready.map_or(Value::Empty, Value::Date));
            row.push(
                h.permit_ready
                    .map_or(Value::Empty, |_| Value::yes_no(h.permit_assumed)),
            );
            row.push(h.package_cost_eur.map_or(Value::Empty, Value::Num));
            row.push(Value::text(&h.detail));
        }
        t.rows.push(row);
    }
    let corps = homes.iter().map(|h| h.corporation.clone()).collect();
    maybe_corporation(t, plan, corps)
}

/// Sheet `Uitgesloten`: EFG homes left out by policy, with the reason.
pub fn excluded(plan: &Plan) -> ListTable {
    listed(plan, "Uitgesloten", "uitgesloten", &plan.excluded, false)
}

/// Sheet `Niet ingepland`: eligible homes without a start by the deadline, with the reason.
pub fn not_planned(plan: &Plan) -> ListTable {
    listed(
        plan,
        "Niet ingepland",
        "niet_ingepland",
        &plan.not_planned,
        true,
    )
}

/// The text that starts the message of a skipped row in `Invoercontrole`.
pub const SKIPPED_PREFIX: &str = "rij overgeslagen: ";

/// Sheet `Invoercontrole`: every warning, then every skipped row.
pub fn input_check(plan: &Plan) -> ListTable {
    use Kind::*;
    let mut t = ListTable::new(
        "Invoercontrole",
        "invoercontrole",
        &[("cel", Text), ("melding", Text), ("overgeslagen_vhe", Text)],
    );
    for w in &plan.warnings {
        t.rows.push(vec![
            Value::text(&w.location),
            Value::text(&w.message),
            Value::Empty,
        ]);
    }
    for s in &plan.skipped {
        t.rows.push(vec![
            Value::text(&s.location),
            Value::Text(format!("{SKIPPED_PREFIX}{}", s.reasons.join("; "))),
            s.vhe.as_ref().map_or(Value::Empty, Value::text),
        ]);
    }
    t
}

/// Every list, in workbook order: what `write_tables` exports, one file each.
pub fn all(plan: &Plan) -> Vec<ListTable> {
    vec![
        planning(plan),
        projects(plan),
        budget(plan),
        budget_per_complex(plan),
        pepper_potted(plan),
        excluded(plan),
        not_planned(plan),
        input_check(plan),
    ]
}

/// The years in which pepper-potted homes start, ascending.
pub fn pepper_potted_years(plan: &Plan) -> Vec<i32> {
    plan.planned
        .iter()
        .filter(|h| h.pepper_potted)
        .map(|h| h.start.year())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euro_display_groups_thousands_the_dutch_way() {
        assert_eq!(Value::Num(1234567.4).display(Kind::Euro), "€ 1.234.567");
        assert_eq!(Value::Num(-950.0).display(Kind::Euro), "€ -950");
        assert_eq!(Value::Num(0.0).display(Kind::Euro), "€ 0");
        assert_eq!(Value::Num(1.04).display(Kind::Factor), "1.0400");
    }
}
