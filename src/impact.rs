//! What the plan brings, per home and in total: primary fossil energy saved, CO2 avoided and the
//! change in WWS energy points, from the tables in `models/energy.toml`. One function per level,
//! so the summary, the tenants' overview and a comparison of scenarios use the same figures.

use crate::energy::EnergyTables;
use crate::plan::{Plan, PlannedHome};
use crate::scenario::Month;
use crate::stock::HomeType;

/// What one planned home gains from its package.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HomeImpact {
    /// (EP2 before − EP2 after) × usable area, kWh of primary fossil energy per year.
    pub energy_saved_kwh_per_year: f64,
    /// `energy_saved_kwh_per_year` × the CO2 factor, kg per year.
    pub co2_avoided_kg_per_year: f64,
    pub wws_points_before: i32,
    pub wws_points_after: i32,
}

impl HomeImpact {
    pub fn wws_points_change(&self) -> i32 {
        self.wws_points_after - self.wws_points_before
    }
}

/// The woningtype of a planned home (`EGW` / `MGW`); anything else counts as multi-family,
/// which has the lower points.
pub fn home_type(h: &PlannedHome) -> HomeType {
    if h.home_type.eq_ignore_ascii_case("EGW") {
        HomeType::Egw
    } else {
        HomeType::Mgw
    }
}

/// Primary fossil energy a home saves a year: EP2 before less after (kWh/m²), times its area;
/// never negative.
pub fn energy_saved_kwh_per_year(ep2_before: f64, ep2_after: f64, area_m2: f64) -> f64 {
    ((ep2_before - ep2_after) * area_m2).max(0.0)
}

/// The impact of one planned home.
pub fn home_impact(tables: &EnergyTables, h: &PlannedHome) -> HomeImpact {
    let saved = energy_saved_kwh_per_year(h.ep2_before, h.ep2_after, h.area_m2);
    let t = home_type(h);
    HomeImpact {
        energy_saved_kwh_per_year: saved,
        co2_avoided_kg_per_year: saved * tables.co2_kg_per_kwh(),
        wws_points_before: tables.wws_points(t, h.label_before),
        wws_points_after: tables.wws_points(t, h.label_after),
    }
}

/// Energy and CO2 of the plan in one calendar year of the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct YearImpact {
    pub year: i32,
    /// Homes whose work ends in this year.
    pub homes_finished: usize,
    /// Saving per year of all homes finished by the end of this year (kWh/year).
    pub energy_saved_kwh_per_year_at_year_end: f64,
    /// CO2 avoided per year by all homes finished by the end of this year (kg/year).
    pub co2_avoided_kg_per_year_at_year_end: f64,
    /// Energy actually saved within this year: each finished home from the month after its
    /// last month of work, up to the deadline (kWh).
    pub energy_saved_kwh_in_year: f64,
    /// CO2 actually avoided within this year, counted the same way (kg).
    pub co2_avoided_kg_in_year: f64,
}

/// Energy and CO2 of a whole plan: per year of the horizon and to the deadline.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanImpact {
    pub years: Vec<YearImpact>,
    /// Saving per year once every planned home is done (kWh/year).
    pub energy_saved_kwh_per_year: f64,
    /// CO2 avoided per year once every planned home is done (kg/year).
    pub co2_avoided_kg_per_year: f64,
    /// Energy saved from the plan's start to its deadline (kWh).
    pub energy_saved_kwh_to_deadline: f64,
    /// CO2 avoided from the plan's start to its deadline (kg).
    pub co2_avoided_kg_to_deadline: f64,
    /// The factor used, kg CO2 per kWh primary fossil energy.
    pub co2_kg_per_kwh: f64,
}

/// Months of `year` in which a home finished in `end` saves energy: after `end`, up to and
/// including `deadline`.
fn saving_months(year: i32, end: Month, deadline: Month) -> i32 {
    let first = end.plus(1).max(Month::new(year, 1));
    let last = deadline.min(Month::new(year, 12));
    (last.since(first) + 1).max(0)
}

/// The plan's energy and CO2 figures (what `Samenvatting` shows, and what a comparison of
/// scenarios can put side by side).
pub fn plan_impact(plan: &Plan) -> PlanImpact {
    let tables = &plan.scenario.energy;
    let deadline = plan.scenario.deadline_month;
    // Per home: its last month of work and its saving and CO₂ per year; with the homes of
    // pinned work the plan counts as upgraded though the stock excludes them (a re-plan).
    let homes: Vec<(Month, f64, f64)> = plan
        .planned
        .iter()
        .map(|h| {
            let i = home_impact(tables, h);
            (
                h.end,
                i.energy_saved_kwh_per_year,
                i.co2_avoided_kg_per_year,
            )
        })
        .chain(plan.carried_upgrades.iter().map(|u| {
            let kwh = u.energy_saved_kwh_per_year;
            (u.end, kwh, kwh * tables.co2_kg_per_kwh())
        }))
        .collect();
    let years: Vec<YearImpact> = plan
        .scenario
        .years()
        .map(|year| {
            let year_end = Month::new(year, 12);
            let mut y = YearImpact {
                year,
                homes_finished: 0,
                energy_saved_kwh_per_year_at_year_end: 0.0,
                co2_avoided_kg_per_year_at_year_end: 0.0,
                energy_saved_kwh_in_year: 0.0,
                co2_avoided_kg_in_year: 0.0,
            };
            for &(end, kwh, co2) in &homes {
                if end.year() == year {
                    y.homes_finished += 1;
                }
                if end <= year_end {
                    y.energy_saved_kwh_per_year_at_year_end += kwh;
                    y.co2_avoided_kg_per_year_at_year_end += co2;
                }
                let share = saving_months(year, end, deadline) as f64 / 12.0;
                y.energy_saved_kwh_in_year += kwh * share;
                y.co2_avoided_kg_in_year += co2 * share;
            }
            y
        })
        .collect();
    PlanImpact {
        energy_saved_kwh_per_year: homes.iter().map(|h| h.1).sum(),
        co2_avoided_kg_per_year: homes.iter().map(|h| h.2).sum(),
        energy_saved_kwh_to_deadline: years.iter().map(|y| y.energy_saved_kwh_in_year).sum(),
        co2_avoided_kg_to_deadline: years.iter().map(|y| y.co2_avoided_kg_in_year).sum(),
        co2_kg_per_kwh: tables.co2_kg_per_kwh(),
        years,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saving_starts_the_month_after_the_work_and_stops_at_the_deadline() {
        let deadline = Month::new(2026, 12);
        // Work ends in 2024-10: November and December of 2024 count.
        assert_eq!(saving_months(2024, Month::new(2024, 10), deadline), 2);
        assert_eq!(saving_months(2025, Month::new(2024, 10), deadline), 12);
        // Ends in December: nothing that year, all of the next.
        assert_eq!(saving_months(2024, Month::new(2024, 12), deadline), 0);
        assert_eq!(saving_months(2025, Month::new(2024, 12), deadline), 12);
        // Ends in the deadline month: nothing before the deadline.
        assert_eq!(saving_months(2026, deadline, deadline), 0);
        assert_eq!(saving_months(2024, Month::new(2025, 3), deadline), 0);
    }
}
