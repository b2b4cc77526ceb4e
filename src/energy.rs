//! The energy and rent tables of `models/energy.toml`: WWS energy points per label and woningtype
//! (Huurcommissie) and the CO2 factor per kWh of primary fossil energy, checked when loaded.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::scenario::{load_toml, ModelFileError};
use crate::stock::{HomeType, Label};

/// The default tables, built into the program so a scenario without an `energy` key still has
/// them.
const DEFAULT_TOML: &str = crate::embedded::ENERGY_TOML;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct EnergyFile {
    wws: WwsFile,
    co2: Co2File,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct WwsFile {
    source: String,
    egw: BTreeMap<String, i32>,
    mgw: BTreeMap<String, i32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Co2File {
    source: String,
    gas_co2_kg_per_m3: f64,
    gas_kwh_per_m3: f64,
}

/// Checked energy and rent tables.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EnergyTables {
    /// The file they came from (`<ingebouwd>/energy.toml` for the built-in default, as the
    /// other built-in model files are named).
    pub file: String,
    pub wws_source: String,
    pub wws_egw: BTreeMap<Label, i32>,
    pub wws_mgw: BTreeMap<Label, i32>,
    pub co2_source: String,
    pub gas_co2_kg_per_m3: f64,
    pub gas_kwh_per_m3: f64,
}

impl EnergyTables {
    /// Loads and checks a tables file.
    pub fn load(path: &Path) -> Result<EnergyTables, ModelFileError> {
        let file: EnergyFile = load_toml(path)?;
        Self::check(file, path)
    }

    /// The tables shipped in `models/energy.toml`, as built into the program.
    pub fn built_in() -> Result<EnergyTables, ModelFileError> {
        let name = crate::embedded::path(crate::embedded::ENERGY_NAME);
        let file: EnergyFile = toml::from_str(DEFAULT_TOML).map_err(|e| ModelFileError::Parse {
            file: name.display().to_string(),
            message: e.to_string().trim().replace('\n', " "),
        })?;
        Self::check(file, &name)
    }

    fn check(file: EnergyFile, path: &Path) -> Result<EnergyTables, ModelFileError> {
        let table = |key: &str, raw: &BTreeMap<String, i32>| {
            let mut out = BTreeMap::new();
            for (k, v) in raw {
                let label = Label::parse(k).ok_or_else(|| {
                    ModelFileError::invalid(path, format!("wws.{key}.{k}"), "onbekend label")
                })?;
                if !(-100..=100).contains(v) {
                    return Err(ModelFileError::invalid(
                        path,
                        format!("wws.{key}.{k}"),
                        "punten buiten -100 .. 100",
                    ));
                }
                out.insert(label, *v);
            }
            for label in Label::ALL {
                if !out.contains_key(&label) {
                    return Err(ModelFileError::invalid(
                        path,
                        format!("wws.{key}"),
                        format!("label {label} ontbreekt"),
                    ));
                }
            }
            Ok(out)
        };
        let wws_egw = table("egw", &file.wws.egw)?;
        let wws_mgw = table("mgw", &file.wws.mgw)?;
        let c = &file.co2;
        if !(c.gas_co2_kg_per_m3.is_finite() && c.gas_co2_kg_per_m3 > 0.0) {
            return Err(ModelFileError::invalid(
                path,
                "co2.gas_co2_kg_per_m3",
                "moet groter dan 0 zijn",
            ));
        }
        if !(c.gas_kwh_per_m3.is_finite() && c.gas_kwh_per_m3 > 0.0) {
            return Err(ModelFileError::invalid(
                path,
                "co2.gas_kwh_per_m3",
                "moet groter dan 0 zijn",
            ));
        }
        for (key, s) in [("wws.source", &file.wws.source), ("co2.source", &c.source)] {
            if s.trim().is_empty() {
                return Err(ModelFileError::invalid(path, key, "bron ontbreekt"));
            }
        }
        Ok(EnergyTables {
            file: path.display().to_string(),
            wws_source: file.wws.source,
            wws_egw,
            wws_mgw,
            co2_source: file.co2.source.clone(),
            gas_co2_kg_per_m3: c.gas_co2_kg_per_m3,
            gas_kwh_per_m3: c.gas_kwh_per_m3,
        })
    }

    /// WWS energy points of a home of `home_type` with `label`.
    pub fn wws_points(&self, home_type: HomeType, label: Label) -> i32 {
        let table = match home_type {
            HomeType::Egw => &self.wws_egw,
            HomeType::Mgw => &self.wws_mgw,
        };
        // Every label is present: checked when loaded.
        table.get(&label).copied().unwrap_or(0)
    }

    /// Kilograms of CO2 per kWh of primary fossil energy.
    pub fn co2_kg_per_kwh(&self) -> f64 {
        self.gas_co2_kg_per_m3 / self.gas_kwh_per_m3
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_tables_are_the_beleidsboek_figures() {
        let built_in = EnergyTables::built_in().unwrap();
        assert_eq!(built_in.wws_points(HomeType::Egw, Label::B), 34);
        assert_eq!(built_in.wws_points(HomeType::Mgw, Label::B), 30);
        assert_eq!(built_in.wws_points(HomeType::Mgw, Label::G), -15);
        assert_eq!(built_in.wws_points(HomeType::Egw, Label::E), -4);
        assert!((built_in.co2_kg_per_kwh() - 0.2025).abs() < 0.0005);
    }

    #[test]
    fn a_missing_label_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.toml");
        std::fs::write(
            &path,
            DEFAULT_TOML.replace("\nG = -15\n\n[co2]", "\n\n[co2]"),
        )
        .unwrap();
        let err = EnergyTables::load(&path).unwrap_err().to_string();
        assert!(err.contains("wws.mgw") && err.contains("label G"), "{err}");
    }
}
