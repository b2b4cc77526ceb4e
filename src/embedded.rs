//! The files built into the program: the default scenario, measure catalog, species calendar and
//! energy tables of `models/`, and the sample stock of `data/`. With them `retrofit` runs from any folder, on
//! any machine, without the source tree; a user's own files still override them.
//!
//! An embedded file has a path of its own under [`EMBEDDED_DIR`] (`<ingebouwd>/scenario.toml`),
//! so messages name it and the loaders that take a path ([`crate::scenario::Scenario::load`],
//! [`crate::input::read_stock`]) accept it like a file on disk.

use std::path::{Path, PathBuf};

/// The folder name under which embedded files are addressed; not a folder on disk.
pub const EMBEDDED_DIR: &str = "<ingebouwd>";

pub const SCENARIO_NAME: &str = "scenario.toml";
pub const CATALOG_NAME: &str = "catalog.toml";
pub const SPECIES_NAME: &str = "species.toml";
pub const ENERGY_NAME: &str = "energy.toml";
pub const SAMPLE_STOCK_NAME: &str = "voorbeeldbezit.xlsx";

pub const SCENARIO_TOML: &str = include_str!("../models/scenario.toml");
pub const CATALOG_TOML: &str = include_str!("../models/catalog.toml");
pub const SPECIES_TOML: &str = include_str!("../models/species.toml");
pub const ENERGY_TOML: &str = include_str!("../models/energy.toml");
pub const SAMPLE_STOCK: &[u8] = include_bytes!("../data/voorbeeldbezit.xlsx");

/// The files `retrofit scenario` writes for editing, with their text.
pub const MODEL_FILES: [(&str, &str); 4] = [
    (SCENARIO_NAME, SCENARIO_TOML),
    (CATALOG_NAME, CATALOG_TOML),
    (SPECIES_NAME, SPECIES_TOML),
    (ENERGY_NAME, ENERGY_TOML),
];

/// The files `retrofit scenario` writes, with their text: the scenario names the catalog and
/// species calendar written beside it (in the embedded default those keys are comments, so that
/// a lone copy of the scenario uses the built-in ones).
pub fn files_to_edit() -> Vec<(&'static str, String)> {
    MODEL_FILES
        .iter()
        .map(|(name, text)| {
            let text = if *name == SCENARIO_NAME {
                text.replace("\n# catalog = ", "\ncatalog = ")
                    .replace("\n# species = ", "\nspecies = ")
                    .replace("\n# energy = ", "\nenergy = ")
            } else {
                text.to_string()
            };
            (*name, text)
        })
        .collect()
}

/// The path under which an embedded file is addressed: `<ingebouwd>/scenario.toml`.
pub fn path(name: &str) -> PathBuf {
    Path::new(EMBEDDED_DIR).join(name)
}

/// The contents of the embedded file `path` names, or `None` for any other path.
pub fn file(path: &Path) -> Option<&'static [u8]> {
    let mut parts = path.components();
    let dir = parts.next()?;
    let name = parts.next()?;
    if dir.as_os_str() != EMBEDDED_DIR || parts.next().is_some() {
        return None;
    }
    let name = name.as_os_str().to_str()?;
    if name == SAMPLE_STOCK_NAME {
        return Some(SAMPLE_STOCK);
    }
    MODEL_FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| text.as_bytes())
}

/// The name that stands for the built-in default scenario: in `--scenario`, as a scenario
/// file's `base` and as a `basis` in a `Scenario's` sheet.
pub const DEFAULT_SCENARIO_NAME: &str = "standaard";

/// Whether `name`, as given beside the folder `dir`, means the built-in default scenario: the
/// name `standaard` (any case) where no file of that name exists.
pub fn names_default_scenario(name: &str, dir: &Path) -> bool {
    let name = name.trim();
    name.eq_ignore_ascii_case(DEFAULT_SCENARIO_NAME) && !dir.join(name).exists()
}

/// Whether `path` addresses an embedded file.
pub fn is_embedded(path: &Path) -> bool {
    file(path).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_paths_resolve_and_others_do_not() {
        assert_eq!(file(&path(SCENARIO_NAME)), Some(SCENARIO_TOML.as_bytes()));
        assert_eq!(
            file(&path(SAMPLE_STOCK_NAME)).map(<[u8]>::len),
            Some(SAMPLE_STOCK.len())
        );
        assert!(file(Path::new("models/scenario.toml")).is_none());
        assert!(file(&path("andere.toml")).is_none());
        assert!(file(&Path::new(EMBEDDED_DIR).join("a").join(SCENARIO_NAME)).is_none());
        let scenario = &files_to_edit()[0].1;
        assert!(scenario.contains("\ncatalog = \"catalog.toml\""));
        assert!(scenario.contains("\nspecies = \"species.toml\""));
        assert!(!SCENARIO_TOML.contains("\ncatalog = "));
        // The sample is a real workbook (zip), not a Git LFS pointer.
        assert!(SAMPLE_STOCK.starts_with(b"PK"));
    }
}
