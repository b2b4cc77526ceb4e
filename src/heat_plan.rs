//! The municipality's heat plan (Transitievisie Warmte) per neighbourhood (wijk), from the
//! stock's optional sheet `Wijken`, and what it allows: in a wijk that gets a heat network
//! (`warmtenet`) a home gets no package that installs its own heat source (heat pump, hybrid or
//! collective): only the "no regret" measures (insulation, ventilation). Other wijken are not
//! restricted.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The heating a catalog package installs (`heating` in `catalog.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Heating {
    /// No heat source: insulation and ventilation only ("no regret").
    #[default]
    None,
    /// A hybrid heat pump beside the boiler.
    HybridHeatPump,
    /// An individual all-electric heat pump.
    HeatPump,
    /// A collective heat pump for the building.
    CollectiveHeatPump,
}

/// The heat solution the municipality has chosen for a wijk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum HeatSolution {
    HeatNetwork,
    AllElectric,
    Hybrid,
    Unknown,
}

impl HeatSolution {
    /// The values of column `warmteoplossing`.
    pub const KEYS: [&'static str; 4] = ["warmtenet", "all-electric", "hybride", "nog onbekend"];

    /// Parses a `warmteoplossing` cell (case, spaces, hyphens and underscores ignored).
    pub fn parse(text: &str) -> Option<HeatSolution> {
        let key: String = text
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '_'))
            .collect();
        match key.as_str() {
            // "Stadsverwarming" is the everyday word for it (helper 104).
            "warmtenet" | "warmtenetwerk" | "stadsverwarming" => Some(HeatSolution::HeatNetwork),
            "allelectric" => Some(HeatSolution::AllElectric),
            "hybride" => Some(HeatSolution::Hybrid),
            "nogonbekend" | "onbekend" => Some(HeatSolution::Unknown),
            _ => None,
        }
    }

    pub fn dutch(self) -> &'static str {
        match self {
            HeatSolution::HeatNetwork => "warmtenet",
            HeatSolution::AllElectric => "all-electric",
            HeatSolution::Hybrid => "hybride",
            HeatSolution::Unknown => "nog onbekend",
        }
    }

    /// Whether a package installing `heating` may be used in a wijk with this solution.
    pub fn allows(self, heating: Heating) -> bool {
        self != HeatSolution::HeatNetwork || heating == Heating::None
    }
}

/// One row of sheet `Wijken`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DistrictPlan {
    /// As written in the sheet.
    pub district: String,
    pub solution: HeatSolution,
    /// The year the solution is planned, when given.
    pub year: Option<i32>,
    /// Cell of the wijk (`Wijken!A3`).
    pub location: String,
}

/// The heat plan by wijk, matched on the home's `wijk` case- and space-insensitively.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HeatPlan {
    districts: BTreeMap<String, DistrictPlan>,
}

impl HeatPlan {
    pub fn new(plans: &[DistrictPlan]) -> HeatPlan {
        HeatPlan {
            districts: plans
                .iter()
                .map(|p| (district_key(&p.district), p.clone()))
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.districts.is_empty()
    }

    pub fn len(&self) -> usize {
        self.districts.len()
    }

    /// The plan of the home's wijk, when the sheet names it.
    pub fn for_district(&self, district: Option<&str>) -> Option<&DistrictPlan> {
        self.districts.get(&district_key(district?))
    }

    /// Rows per solution, for the plan's assumptions.
    pub fn districts(&self) -> impl Iterator<Item = &DistrictPlan> {
        self.districts.values()
    }

    /// `3 wijken: warmtenet 1 (Noord 2030), hybride 2`, or that there is none.
    pub fn summary_dutch(&self) -> String {
        if self.is_empty() {
            return "geen (geen blad Wijken): elk pakket mag".into();
        }
        let mut parts = Vec::new();
        for solution in [
            HeatSolution::HeatNetwork,
            HeatSolution::AllElectric,
            HeatSolution::Hybrid,
            HeatSolution::Unknown,
        ] {
            let names: Vec<String> = self
                .districts()
                .filter(|d| d.solution == solution)
                .map(|d| match d.year {
                    Some(y) => format!("{} {y}", d.district),
                    None => d.district.clone(),
                })
                .collect();
            if !names.is_empty() {
                parts.push(format!(
                    "{} {} ({})",
                    solution.dutch(),
                    names.len(),
                    names.join(", ")
                ));
            }
        }
        format!(
            "{} wijken: {}; in een warmtenetwijk alleen pakketten zonder eigen warmtebron",
            self.len(),
            parts.join("; ")
        )
    }
}

/// The key a wijk is matched on: lower case, inner spaces collapsed.
pub fn district_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solutions_parse_loosely_and_only_a_heat_network_restricts() {
        assert_eq!(
            HeatSolution::parse(" Warmtenet "),
            Some(HeatSolution::HeatNetwork)
        );
        assert_eq!(
            HeatSolution::parse("All electric"),
            Some(HeatSolution::AllElectric)
        );
        assert_eq!(
            HeatSolution::parse("nog_onbekend"),
            Some(HeatSolution::Unknown)
        );
        assert_eq!(
            HeatSolution::parse("Stadsverwarming"),
            Some(HeatSolution::HeatNetwork)
        );
        assert_eq!(HeatSolution::parse("geothermie"), None);
        assert!(!HeatSolution::HeatNetwork.allows(Heating::HeatPump));
        assert!(!HeatSolution::HeatNetwork.allows(Heating::HybridHeatPump));
        assert!(HeatSolution::HeatNetwork.allows(Heating::None));
        assert!(HeatSolution::Hybrid.allows(Heating::HeatPump));
    }
}
