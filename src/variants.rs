//! Scenario variants: a scenario file that names only what differs, on top of the default
//! scenario or of the file it names as its `base` (which may name its own base). The layers are
//! merged with [`crate::model_toml::merge_tables`] before the scenario is checked, so every key
//! of a variant is checked exactly like a full scenario file's.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use toml::{Table, Value};

use crate::model_toml;
use crate::scenario::ModelFileError;

/// The key naming the file a variant lies on top of.
pub const BASE_KEY: &str = "base";

/// Bases nested deeper than this are refused (a chain that long is a mistake).
const MAX_DEPTH: usize = 20;

/// The scenario file at `path` with its chain of bases merged under it (the default is not
/// included). The `base` key is removed; a `catalog`, `species` or `energy` a base names stays relative
/// to that base's own folder.
pub fn layered_table(path: &Path) -> Result<Table, ModelFileError> {
    layered(path, &mut Vec::new())
}

fn layered(path: &Path, chain: &mut Vec<PathBuf>) -> Result<Table, ModelFileError> {
    let mut own = model_toml::parse_table(&model_toml::read_text(path)?, path)?;
    let Some(base) = own.remove(BASE_KEY) else {
        return Ok(own);
    };
    let Some(name) = base.as_str() else {
        return Err(ModelFileError::invalid(
            path,
            BASE_KEY,
            "verwacht de naam van een scenariobestand, tussen aanhalingstekens",
        ));
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    // `standaard` is the built-in default, under every file already.
    if crate::embedded::names_default_scenario(name, dir) {
        return Ok(own);
    }
    let base_path = dir.join(name);
    let me = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    chain.push(me);
    let seen = base_path.canonicalize().is_ok_and(|b| chain.contains(&b));
    if seen || chain.len() > MAX_DEPTH {
        return Err(ModelFileError::invalid(
            path,
            BASE_KEY,
            format!(
                "{} is (via base) weer op zichzelf gebaseerd; een variant kan niet op zichzelf voortbouwen",
                base_path.display()
            ),
        ));
    }
    if !base_path.is_file() {
        return Err(ModelFileError::invalid(
            path,
            BASE_KEY,
            format!("het basisscenario {} bestaat niet", base_path.display()),
        ));
    }
    let mut table = layered(&base_path, chain)?;
    relative_to_variant(&mut table, name);
    model_toml::merge_tables(&mut table, own);
    Ok(table)
}

/// The file of the chain of `path` (the variant, then its bases in order) that sets `key`
/// itself: the one an error about that key should name. `None` when none does (a key the
/// default sets, or one an error derives) or a file cannot be read.
pub fn file_setting(path: &Path, key: &str) -> Option<PathBuf> {
    let mut here = path.to_path_buf();
    for _ in 0..=MAX_DEPTH {
        let own = model_toml::parse_table(&model_toml::read_text(&here).ok()?, &here).ok()?;
        if model_toml::value_at(&own, key).is_some() {
            return Some(here);
        }
        let base = own.get(BASE_KEY)?.as_str()?;
        here = here.parent().unwrap_or(Path::new(".")).join(base);
    }
    None
}

/// The files a base's `table` names (catalog, species, energy) are relative to the base's folder;
/// the scenario reads them relative to the variant's, so they get the base's folder as the
/// variant names it (`base`, relative to the variant).
pub fn relative_to_variant(table: &mut Table, base: &str) {
    let base_dir = Path::new(base).parent().unwrap_or(Path::new(""));
    for key in ["catalog", "species", "energy"] {
        if let Some(Value::String(file)) = table.get(key) {
            let joined = base_dir.join(file).display().to_string();
            table.insert(key.to_string(), Value::String(joined));
        }
    }
}

/// The budget and capacity years a scenario sets itself, as (corporation, year); the
/// corporation is empty for the scenario's own tables. A year counts only where the scenario
/// changes the figure of the default scenario (`default`): these win over the stock's
/// `Budget`/`Capaciteit` sheets (src/scenario.rs, `override_years`). A year a file names with
/// the default's own figure, as every file `retrofit scenario` writes does, leaves the year to
/// the sheets, as a scenario without that year would (SPEC: the sheets override the scenario's
/// values; a variant's own change is what a comparison compares).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExplicitYears {
    pub budget: BTreeSet<(String, i32)>,
    pub capacity: BTreeSet<(String, i32)>,
    /// The years whose general budget or capacity the file names, equal to the default's
    /// or not: the user's figure all the same.
    pub named_budget: BTreeSet<i32>,
    pub named_capacity: BTreeSet<i32>,
}

/// The years of `layer` (a scenario file with its bases merged) whose budget or capacity
/// differs from `default`'s (the default scenario's table) or that `default` has no figure for.
pub fn explicit_years(layer: &Table, default: &Table) -> ExplicitYears {
    let number = |v: &Value| v.as_float().or_else(|| v.as_integer().map(|i| i as f64));
    let years = |table: Option<&Value>, below: Option<&Value>, corporation: &str| {
        let below = below.and_then(Value::as_table);
        table
            .and_then(Value::as_table)
            .map(|t| {
                t.iter()
                    .filter(|(k, v)| {
                        let default = below.and_then(|b| b.get(k.as_str())).and_then(number);
                        default.is_none() || number(v) != default
                    })
                    .filter_map(|(k, _)| k.trim().parse::<i32>().ok())
                    .map(|y| (corporation.to_string(), y))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let corporation_table = |t: &Table, name: &str, key: &str| -> Option<Value> {
        t.get("corporations")
            .and_then(Value::as_table)
            .and_then(|c| c.get(name))
            .and_then(Value::as_table)
            .and_then(|c| c.get(key))
            .cloned()
    };
    let mut out = ExplicitYears::default();
    for (key, set) in [
        ("budget_eur", &mut out.budget),
        ("capacity_homes_per_month", &mut out.capacity),
    ] {
        set.extend(years(layer.get(key), default.get(key), ""));
        let named = layer
            .get(key)
            .and_then(Value::as_table)
            .into_iter()
            .flat_map(|t| t.keys().filter_map(|k| k.trim().parse::<i32>().ok()));
        if key == "budget_eur" {
            out.named_budget.extend(named);
        } else {
            out.named_capacity.extend(named);
        }
        if let Some(corporations) = layer.get("corporations").and_then(Value::as_table) {
            for (name, c) in corporations {
                let below = corporation_table(default, name, key);
                set.extend(years(c.get(key), below.as_ref(), name));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variant_lies_over_its_base_and_names_its_years() {
        let dir = std::env::temp_dir().join(format!("retrofit-variants-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("basis.toml"),
            "name = \"basis\"\ntarget_label = \"A\"\n[budget_eur]\n2025 = 1_000\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("variant.toml"),
            "base = \"basis.toml\"\nname = \"variant\"\n[budget_eur]\n2026 = 2_000\n",
        )
        .unwrap();
        let t = layered_table(&dir.join("variant.toml")).unwrap();
        assert_eq!(t["name"].as_str(), Some("variant"));
        assert_eq!(t["target_label"].as_str(), Some("A"));
        assert!(t.get(BASE_KEY).is_none());
        let e = explicit_years(&t, &Table::new());
        let years: Vec<i32> = e.budget.iter().map(|(_, y)| *y).collect();
        assert_eq!(years, vec![2025, 2026]);
        assert!(e.capacity.is_empty());
        // A year set to the default's own figure is no change of the scenario's.
        let default: Table =
            toml::from_str("[budget_eur]\n2025 = 1_000.0\n2026 = 3_000\n").unwrap();
        let e = explicit_years(&t, &default);
        let years: Vec<i32> = e.budget.iter().map(|(_, y)| *y).collect();
        assert_eq!(years, vec![2026]);

        std::fs::write(dir.join("kring.toml"), "base = \"kring.toml\"\n").unwrap();
        let err = layered_table(&dir.join("kring.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("base") && err.contains("zichzelf"), "{err}");
        std::fs::write(dir.join("los.toml"), "base = \"weg.toml\"\n").unwrap();
        let err = layered_table(&dir.join("los.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("bestaat niet"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }

    /// An error names the file of the chain that sets the key, not the variant on top.
    #[test]
    fn an_error_names_the_file_that_sets_the_key() {
        let dir = std::env::temp_dir().join(format!("retrofit-fout-basis-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("basis.toml"), "[budget_eur]\n2025 = -5\n").unwrap();
        std::fs::write(
            dir.join("variant.toml"),
            "base = \"basis.toml\"\n[solver]\nmip_rel_gap = 3\n",
        )
        .unwrap();
        let variant = dir.join("variant.toml");
        assert_eq!(
            file_setting(&variant, "budget_eur.2025"),
            Some(dir.join("basis.toml"))
        );
        assert_eq!(
            file_setting(&variant, "solver.mip_rel_gap"),
            Some(variant.clone())
        );
        assert_eq!(file_setting(&variant, "target_label"), None);
        let err = crate::scenario::Scenario::load(&variant)
            .unwrap_err()
            .to_string();
        let base_line = format!("{}: budget_eur.2025:", dir.join("basis.toml").display());
        let variant_line = format!("{}: solver.mip_rel_gap:", variant.display());
        assert!(
            err.contains(&base_line) && err.contains(&variant_line),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_bases_files_stay_relative_to_its_folder() {
        let dir = std::env::temp_dir().join(format!("retrofit-base-files-{}", std::process::id()));
        let write = |file: &str, text: &str| {
            let path = dir.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "model/scenario.toml",
            "catalog = \"c.toml\"\nspecies = \"s.toml\"\nenergy = \"e.toml\"\n",
        );
        write("op_model.toml", "base = \"model/scenario.toml\"\n");
        let t = layered_table(&dir.join("op_model.toml")).unwrap();
        for (key, file) in [
            ("catalog", "c.toml"),
            ("species", "s.toml"),
            ("energy", "e.toml"),
        ] {
            // Relative to the variant's folder, which the scenario joins them to.
            let expected = Path::new("model").join(file).display().to_string();
            assert_eq!(t[key].as_str(), Some(expected.as_str()), "{key}");
        }
        // Through two bases in two folders.
        write(
            "varianten/tussen.toml",
            "base = \"../model/scenario.toml\"\n",
        );
        write("boven.toml", "base = \"varianten/tussen.toml\"\n");
        let t = layered_table(&dir.join("boven.toml")).unwrap();
        let expected = Path::new("varianten")
            .join("../model")
            .join("e.toml")
            .display()
            .to_string();
        assert_eq!(t["energy"].as_str(), Some(expected.as_str()));
        std::fs::remove_dir_all(&dir).ok();
    }
}
