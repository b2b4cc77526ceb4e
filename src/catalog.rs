//! The measure catalog (`models/catalog.toml`): packages per woningtype with cost and EP2
//! effect, checked when loaded, and the choice of the cheapest package that reaches the target.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::heat_plan::Heating;
use crate::model_toml;
use crate::scenario::ModelFileError;
use crate::stock::{HomeType, Label};

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Package {
    pub id: String,
    pub name: String,
    pub home_type: HomeType,
    /// Euros per home at the catalog's price level.
    pub fixed_eur: f64,
    /// Euros per m² of usable area (gbo) at the catalog's price level.
    pub per_m2_eur: f64,
    /// EP2 after = EP2 before x (1 - pct / 100).
    pub ep2_reduction_pct: f64,
    /// The heat source it installs (`none`, `hybrid_heat_pump`, `heat_pump`,
    /// `collective_heat_pump`); `none` when not given.
    #[serde(default)]
    pub heating: Heating,
}

impl Package {
    /// Cost for a home of `area_m2` at the catalog's price level.
    pub fn cost_eur(&self, area_m2: f64) -> f64 {
        self.fixed_eur + self.per_m2_eur * area_m2
    }

    pub fn ep2_after(&self, ep2_before: f64) -> f64 {
        ep2_before * (1.0 - self.ep2_reduction_pct / 100.0)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub price_level_year: i32,
    #[serde(rename = "package")]
    pub packages: Vec<Package>,
}

/// The package chosen for a home, with its effect and cost at the catalog's price level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    pub package: usize,
    pub ep2_after: f64,
    pub label_after: Label,
    pub cost_eur: f64,
}

impl Catalog {
    /// Reads and checks a catalog, saying every mistake at once: a value that cannot be read is
    /// mended with the built-in catalog's to find the next ([`model_toml::from_table_mending`]).
    pub fn load(path: &Path) -> Result<Catalog, ModelFileError> {
        let table = model_toml::parse_table(&model_toml::read_text(path)?, path)?;
        let built_in =
            model_toml::parse_table(crate::embedded::CATALOG_TOML, path).unwrap_or_default();
        let (catalog, mut errors) =
            model_toml::from_table_mending::<Catalog>(&table, &built_in, path);
        if let Some(catalog) = catalog {
            match catalog.check(path) {
                Ok(()) if errors.is_empty() => return Ok(catalog),
                Ok(()) => {}
                Err(e) => errors.push(e),
            }
        }
        Err(ModelFileError::all(errors))
    }

    /// Every mistake of the catalog at once ([`ModelFileError::all`]).
    fn check(&self, path: &Path) -> Result<(), ModelFileError> {
        let mut errors = Vec::new();
        if !(1900..=2200).contains(&self.price_level_year) {
            errors.push(ModelFileError::invalid(
                path,
                "price_level_year",
                format!(
                    "geen jaartal tussen 1900 en 2200: {}",
                    self.price_level_year
                ),
            ));
        }
        if self.packages.is_empty() {
            errors.push(ModelFileError::invalid(path, "package", "geen pakketten"));
        }
        for (i, p) in self.packages.iter().enumerate() {
            let key = |k: &str| format!("package[{i}] ({}).{k}", p.id);
            if self.packages[..i].iter().any(|q| q.id == p.id) {
                errors.push(ModelFileError::invalid(
                    path,
                    key("id"),
                    "komt twee keer voor",
                ));
            }
            for (k, text) in [("id", &p.id), ("name", &p.name)] {
                if text.chars().count() > 200 {
                    errors.push(ModelFileError::invalid(
                        path,
                        key(k),
                        format!("{} tekens; hoogstens 200", text.chars().count()),
                    ));
                }
            }
            let max = crate::limits::MAX_PACKAGE_EUR;
            for (k, v) in [("fixed_eur", p.fixed_eur), ("per_m2_eur", p.per_m2_eur)] {
                if !(v >= 0.0 && v <= max) {
                    errors.push(ModelFileError::invalid(
                        path,
                        key(k),
                        format!(
                            "moet tussen 0 en {} euro liggen, niet {}",
                            crate::nl_format::given(max),
                            crate::nl_format::given(v)
                        ),
                    ));
                }
            }
            if !(0.0..=100.0).contains(&p.ep2_reduction_pct) {
                errors.push(ModelFileError::invalid(
                    path,
                    key("ep2_reduction_pct"),
                    format!(
                        "moet tussen 0 en 100 liggen, niet {}",
                        crate::nl_format::given(p.ep2_reduction_pct)
                    ),
                ));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ModelFileError::all(errors))
        }
    }

    /// The cheapest package for this home type whose resulting label reaches `target`; ties go
    /// to the better EP2, then to catalog order. `None` when no package reaches the target.
    pub fn choose(
        &self,
        home_type: HomeType,
        area_m2: f64,
        ep2_before: f64,
        target: Label,
    ) -> Option<Choice> {
        self.choose_allowed(home_type, area_m2, ep2_before, target, &|_| true)
    }

    /// [`Catalog::choose`] among the packages whose heating `allowed` accepts.
    pub fn choose_allowed(
        &self,
        home_type: HomeType,
        area_m2: f64,
        ep2_before: f64,
        target: Label,
        allowed: &dyn Fn(Heating) -> bool,
    ) -> Option<Choice> {
        self.packages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.home_type == home_type && allowed(p.heating))
            .map(|(i, p)| {
                let ep2_after = p.ep2_after(ep2_before);
                Choice {
                    package: i,
                    ep2_after,
                    label_after: Label::from_ep2(ep2_after),
                    cost_eur: p.cost_eur(area_m2),
                }
            })
            .filter(|c| c.label_after.reaches(target))
            .min_by(|a, b| {
                a.cost_eur
                    .total_cmp(&b.cost_eur)
                    .then(a.ep2_after.total_cmp(&b.ep2_after))
                    .then(a.package.cmp(&b.package))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every mistake of a catalog at once, each named by its package: a word it does not know
    /// (read past with the built-in catalog's value) and a figure out of range.
    #[test]
    fn every_mistake_of_a_catalog_is_said_at_once() {
        let text = crate::embedded::CATALOG_TOML
            .replacen("home_type = \"EGW\"", "home_type = \"villa\"", 1)
            .replacen("heating = \"none\"\nname", "heating = \"gas\"\nname", 1)
            .replacen("fixed_eur = 6_500", "fixed_eur = -5", 1);
        let dir = std::env::temp_dir().join(format!("retrofit-catalogus-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("c.toml");
        std::fs::write(&path, text).unwrap();
        let err = Catalog::load(&path).unwrap_err().to_string();
        std::fs::remove_dir_all(&dir).ok();
        assert!(err.starts_with("3 fouten:"), "{err}");
        for said in [
            ".heating: onbekende waarde 'gas'",
            "package[0] (egw_schil).home_type: onbekende waarde 'villa'; kies EGW of MGW",
            "package[0] (egw_schil).fixed_eur: moet tussen 0 en",
        ] {
            assert!(err.contains(said), "{said}: {err}");
        }
    }

    fn pkg(id: &str, fixed: f64, pct: f64) -> Package {
        Package {
            id: id.into(),
            name: id.into(),
            home_type: HomeType::Egw,
            fixed_eur: fixed,
            per_m2_eur: 10.0,
            ep2_reduction_pct: pct,
            heating: Heating::None,
        }
    }

    #[test]
    fn cheapest_package_that_reaches_target() {
        let c = Catalog {
            price_level_year: 2024,
            packages: vec![
                pkg("a", 1000.0, 30.0),
                pkg("b", 2000.0, 50.0),
                pkg("c", 3000.0, 70.0),
            ],
        };
        // EP2 300: a -> 210 (C), b -> 150 (A), c -> 90 (A+): b is cheapest reaching B.
        let choice = c.choose(HomeType::Egw, 100.0, 300.0, Label::B).unwrap();
        assert_eq!(c.packages[choice.package].id, "b");
        assert_eq!(choice.cost_eur, 3000.0);
        assert_eq!(choice.label_after, Label::A);
        // Target D: a reaches 210 (C).
        let choice = c.choose(HomeType::Egw, 100.0, 300.0, Label::D).unwrap();
        assert_eq!(c.packages[choice.package].id, "a");
        // Nothing reaches B from EP2 700 (c -> 210).
        assert!(c.choose(HomeType::Egw, 100.0, 700.0, Label::B).is_none());
        // No MGW packages at all.
        assert!(c.choose(HomeType::Mgw, 60.0, 300.0, Label::B).is_none());
    }

    #[test]
    fn shipped_catalog_loads_and_covers_both_types() {
        let path = crate::embedded::path(crate::embedded::CATALOG_NAME);
        let c = Catalog::load(&path).unwrap();
        for t in [HomeType::Egw, HomeType::Mgw] {
            // A G home at the assumed EP2 of 450 must be reachable to B.
            assert!(c.choose(t, 80.0, 450.0, Label::B).is_some(), "{t}");
        }
    }
}
