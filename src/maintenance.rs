//! Maintenance synergy: an upgrade that starts in a home's planned major-maintenance year
//! (`onderhoudsjaar`) shares scaffolding, preparation and the tenants' disturbance with that
//! maintenance, and costs the scenario's `[maintenance] saving_pct` less. Optionally a project
//! starts no more than `max_years_before` years before the earliest maintenance year of its
//! homes.

use serde::{Deserialize, Serialize};

use crate::scenario::Month;

/// The scenario's `[maintenance]` section.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct MaintenanceRules {
    /// Saving in % of the package cost for a home whose upgrade starts in its maintenance year.
    #[serde(default)]
    pub saving_pct: f64,
    /// A project starts no more than this many years before the earliest maintenance year of
    /// its homes (none: no such rule).
    #[serde(default)]
    pub max_years_before: Option<u32>,
}

impl MaintenanceRules {
    /// The message when the section is not valid, naming the key.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        if !(self.saving_pct >= 0.0 && self.saving_pct < 100.0) {
            return Err((
                "maintenance.saving_pct",
                "moet 0 of meer en minder dan 100 zijn".into(),
            ));
        }
        Ok(())
    }

    /// Whether a home with `maintenance_year` is combined with its maintenance when its project
    /// starts in `start`.
    pub fn combined(&self, maintenance_year: Option<i32>, start: Month) -> bool {
        self.saving_pct > 0.0 && maintenance_year == Some(start.year())
    }

    /// The share of the package cost paid when combined (1 - saving).
    pub fn factor(&self, maintenance_year: Option<i32>, start: Month) -> f64 {
        if self.combined(maintenance_year, start) {
            1.0 - self.saving_pct / 100.0
        } else {
            1.0
        }
    }

    /// Whether `start` keeps the "not more than N years early" rule for a project whose homes'
    /// earliest maintenance year is `earliest`.
    pub fn start_allowed(&self, earliest: Option<i32>, start: Month) -> bool {
        match (self.max_years_before, earliest) {
            (Some(n), Some(year)) => start.year() >= year - n as i32,
            _ => true,
        }
    }
}
