//! Which settings of a scenario differ from another's, by the Dutch names sheet `Scenario's`
//! reads (`src/scenario_sheet.rs`) and otherwise in the words of `Aannames` (`budget 2025:
//! € 3.500.000 → € 2.800.000`): the column `Instellingen anders dan de basis` of
//! sheet `Vergelijking`, read by a budget officer who does not know the scenario file's keys.
//! Settings this module has no words for keep their key (`solver.nieuw: 1 → 2`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::nl_format;
use crate::scenario::{Priority, Scenario};

/// How many changed settings a comparison row gives with their values; the others are named
/// (up to [`SETTINGS_NAMED`]), the rest counted.
pub const SETTINGS_LISTED: usize = 8;

/// How many further changed settings a comparison row names without their values.
pub const SETTINGS_NAMED: usize = 16;

/// A scenario's settings as a tree, without its name, file and the words on where its figures
/// came from.
pub fn settings(s: &Scenario) -> Value {
    let mut v = serde_json::to_value(s).unwrap_or(Value::Null);
    if let Some(map) = v.as_object_mut() {
        for key in [
            "name",
            "file",
            "budget_source",
            "capacity_source",
            "source_notes",
            "explicit_budget_years",
            "explicit_capacity_years",
        ] {
            map.remove(key);
        }
    }
    v
}

/// A scenario's [`settings`] by path (`["budget_eur", "2025"]`), the whole tables as one value.
fn flat_settings(s: &Scenario) -> BTreeMap<Vec<String>, Value> {
    let mut out = BTreeMap::new();
    flatten(&mut Vec::new(), &settings(s), &mut out);
    out
}

/// The settings compared as a whole (too long to list): their key and their name.
const WHOLE_TABLES: [(&str, &str); 4] = [
    ("catalog", "maatregelencatalogus"),
    ("species", "soortenkalender"),
    ("energy", "energietabellen WWS en CO₂"),
    ("heat_plan", "warmteplan gemeente (blad Wijken)"),
];

/// The settings in which `s` differs from `base`, in one line: `budget 2025: € 3.500.000 →
/// € 2.800.000; max woningen per project: 40 → 4`; the measure catalog, the species calendar,
/// the energy tables and the heat plan as a whole (`maatregelencatalogus: anders`). The first
/// [`SETTINGS_LISTED`] with their values, then the next [`SETTINGS_NAMED`] by name, then how
/// many more. Empty when none differ.
///
/// `corporations` are those the plan of `s` plans for (`""` for a stock of one): a general
/// budget or capacity of a year each of them has its own figure for is said to be unused
/// (helper 83: "budget 2027: geen → € 1.000.000" that changed no project).
pub fn settings_changed(base: &Scenario, s: &Scenario, corporations: &[&str]) -> String {
    let unused = |path: &[String]| -> Option<String> {
        let [key, year] = path else {
            return None;
        };
        let budget = match key.as_str() {
            "budget_eur" => true,
            "capacity_homes_per_month" => false,
            _ => return None,
        };
        let year: i32 = year.parse().ok()?;
        s.general_figure_unused(budget, year, corporations)
            .then(|| {
                format!(
                    " (niet gebruikt: elke corporatie heeft een eigen {} voor {year})",
                    if budget { "budget" } else { "capaciteit" }
                )
            })
    };
    let (a, b) = (flat_settings(base), flat_settings(s));
    let paths: BTreeSet<&Vec<String>> = a.keys().chain(b.keys()).collect();
    // What a budget officer weighs first goes first (helper 83: eight assumed EP2 values, in
    // the order of their keys, pushed the budget and the target label out of sight).
    let mut changed: Vec<&Vec<String>> = paths
        .into_iter()
        .filter(|p| a.get(*p) != b.get(*p))
        .collect();
    changed.sort_by_key(|p| (rank(p), *p));
    let mut parts: Vec<String> = Vec::new();
    // Those past the first, by name in one part that says their values are left out (helper
    // 107 read "capaciteit Woonstede Hart 2030 (anders)" without knowing why no value).
    let mut named: Vec<String> = Vec::new();
    let mut more = 0;
    for (i, path) in changed.iter().enumerate() {
        let name = name_of(path);
        if i >= SETTINGS_LISTED + SETTINGS_NAMED {
            more = changed.len() - i;
            break;
        }
        if i >= SETTINGS_LISTED {
            named.push(name);
        } else if whole_table(path).is_some() {
            parts.push(format!("{name}: anders"));
        } else {
            let shown = |v: Option<&Value>| value_of(path, v.unwrap_or(&Value::Null));
            parts.push(format!(
                "{name}: {} → {}{}",
                shown(a.get(*path)),
                shown(b.get(*path)),
                unused(path).unwrap_or_default()
            ));
        }
    }
    if !named.is_empty() {
        parts.push(format!(
            "ook anders (waarden in het scenario): {}",
            named.join(", ")
        ));
    }
    if more > 0 {
        parts.push(format!("en nog {more}"));
    }
    // Figures for a corporation the stock lacks are dropped: said here, lest a scenario of
    // "+20 %" for a misspelt name read as changing nothing without a word (helper 101).
    parts.extend(
        s.source_notes
            .iter()
            .filter(|n| {
                n.contains(crate::scenario::UNKNOWN_CORPORATIONS_NOTE)
                    && !base.source_notes.contains(n)
            })
            .map(|n| format!("let op: {n}")),
    );
    parts.join("; ")
}

/// The names of the settings in which `s` differs from `base` apart from the horizon
/// ([`horizon_changes`]), the budgets, the capacities, the priority, contacts and the solver's
/// settings (which `Verschillen` says at each project in figures), each once, in the order of
/// [`rank`]: a project a scenario adds beside other changes (a target label, prices) names them
/// too (helper 88: a project credited to more capacity was in because label D's packages cost
/// less).
pub fn other_settings_changed(base: &Scenario, s: &Scenario) -> Vec<String> {
    let (a, b) = (flat_settings(base), flat_settings(s));
    let said = [
        "start_month",
        "deadline_month",
        "budget_eur",
        "capacity_homes_per_month",
        "priority",
        "contact",
        "corporations",
        "solver",
    ];
    let mut changed: Vec<&Vec<String>> = a
        .keys()
        .chain(b.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|p| a.get(*p) != b.get(*p))
        .filter(|p| !p.first().is_some_and(|k| said.contains(&k.as_str())))
        .collect();
    changed.sort_by_key(|p| (rank(p), *p));
    let mut names: Vec<String> = Vec::new();
    for path in changed {
        let name = name_of(path);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// The planning period where `s` has another one than `base`, as said beside a project a
/// scenario adds within the baseline's period (helper 90: a later deadline lets other work move
/// later and leaves room earlier, and was not named): "startmaand (2024-07 in plaats van
/// 2024-01)", "deadline (2028-12 in plaats van 2026-12)".
pub fn horizon_changes(base: &Scenario, s: &Scenario) -> Vec<String> {
    let mut out = Vec::new();
    if s.start_month != base.start_month {
        out.push(format!(
            "startmaand ({} in plaats van {})",
            s.start_month, base.start_month
        ));
    }
    if s.deadline_month != base.deadline_month {
        out.push(format!(
            "deadline ({} in plaats van {})",
            s.deadline_month, base.deadline_month
        ));
    }
    out
}

/// The order in which changed settings are said: the horizon and the goal, the money and the
/// hands, the priority, the rules of projects and costs, then the rest.
fn rank(path: &[String]) -> usize {
    const ORDER: [&str; 14] = [
        "start_month",
        "deadline_month",
        "target_label",
        "budget_eur",
        "capacity_homes_per_month",
        "corporations",
        "priority",
        "projects",
        "cost",
        "maintenance",
        "catalog",
        "species",
        "heat_plan",
        "assumed_ep2_kwh_m2",
    ];
    let head = path.first().map(String::as_str).unwrap_or_default();
    ORDER.iter().position(|k| *k == head).unwrap_or(ORDER.len())
}

/// The settings by their path of keys; a whole table as one value at its key.
fn flatten(path: &mut Vec<String>, v: &Value, out: &mut BTreeMap<Vec<String>, Value>) {
    match v {
        Value::Object(map) if !(path.len() == 1 && whole_table(path).is_some()) => {
            for (k, inner) in map {
                path.push(k.clone());
                flatten(path, inner, out);
                path.pop();
            }
        }
        // Not given is the same as absent (a corporation's own contact, a rule left out).
        Value::Null => {}
        _ => {
            out.insert(path.clone(), v.clone());
        }
    }
}

fn whole_table(path: &[String]) -> Option<&'static str> {
    match path {
        [key] => WHOLE_TABLES
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, name)| *name),
        _ => None,
    }
}

/// A setting's Dutch name: as sheet `Scenario's` reads it where it reads one, else as
/// `Aannames` says it; its key where there is none.
fn name_of(path: &[String]) -> String {
    if let Some(name) = whole_table(path) {
        return name.to_string();
    }
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    match p.as_slice() {
        ["start_month"] => "startmaand".into(),
        ["deadline_month"] => "deadline".into(),
        ["target_label"] => "doellabel".into(),
        ["priority"] => "prioriteit".into(),
        ["contact"] => "contactpersoon".into(),
        ["budget_eur", year] => format!("budget {year}"),
        ["capacity_homes_per_month", year] => format!("capaciteit {year}"),
        ["corporations", corporation, "budget_eur", year] => {
            format!("budget {corporation} {year}")
        }
        ["corporations", corporation, "capacity_homes_per_month", year] => {
            format!("capaciteit {corporation} {year}")
        }
        ["corporations", corporation, "contact"] => format!("contactpersoon {corporation}"),
        ["assumed_ep2_kwh_m2", label] => format!("aangenomen EP2 bij label {label}"),
        ["cost", "price_level_year"] => "prijspeil kosten".into(),
        ["cost", "escalation_pct_per_year"] => "indexering".into(),
        ["projects", "max_project_homes"] => "max woningen per project".into(),
        ["projects", "homes_per_month_per_project"] => "tempo".into(),
        ["projects", "min_homes_per_month_per_project"] => "minimum tempo".into(),
        ["projects", "pepper_potted_start_month"] => "startmaand gespikkeld".into(),
        ["projects", "permit_lead_weeks"] => {
            "vergunning zonder datum gereed na het onderzoeksseizoen".into()
        }
        ["solver", "time_limit_s"] => "tijdslimiet".into(),
        ["solver", "mip_rel_gap"] => "marge waarbinnen de kosten bewezen worden".into(),
        ["solver", "order_time_share"] => "deel van de rekentijd voor de volgorde G-F-E".into(),
        ["maintenance", "saving_pct"] => "besparing bij start in onderhoudsjaar".into(),
        ["maintenance", "max_years_before"] => "start ten hoogste jaren vóór onderhoudsjaar".into(),
        _ => path.join("."),
    }
}

/// A setting's value with its unit (`€ 2.800.000`, `16 woningen per maand`, `0,10 %`).
fn value_of(path: &[String], v: &Value) -> String {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    let last = p.last().copied().unwrap_or_default();
    let Some(n) = v.as_f64() else {
        return match (last, v) {
            // Serialised by its variant's name (`WorstLabelFirst`), read as `worst_label_first`.
            ("priority", Value::String(key)) => match key.as_str() {
                "Homes" => Priority::Homes.short_dutch().into(),
                "WorstLabelFirst" => Priority::WorstLabelFirst.short_dutch().into(),
                other => Priority::parse(other)
                    .map_or_else(|| other.to_string(), |p| p.short_dutch().to_string()),
            },
            ("max_years_before", Value::Null) => "geen regel".into(),
            (_, Value::Null) => "geen".into(),
            (_, Value::String(t)) => t.clone(),
            (_, Value::Bool(t)) => if *t { "ja" } else { "nee" }.into(),
            (_, other) => other.to_string(),
        };
    };
    // Amounts as given, cents too (helper 83: € 700.000,50 read as "€ 700.001").
    let euro = nl_format::euro_given;
    match last {
        "budget_eur" => euro(n),
        _ if p.get(p.len().wrapping_sub(2)) == Some(&"budget_eur") => euro(n),
        _ if p.get(p.len().wrapping_sub(2)) == Some(&"capacity_homes_per_month") => {
            nl_format::per_month(n)
        }
        "homes_per_month_per_project" | "min_homes_per_month_per_project" => {
            nl_format::per_month(n)
        }
        "escalation_pct_per_year" | "saving_pct" => format!("{} %", nl_format::given(n)),
        "mip_rel_gap" | "order_time_share" => format!("{} %", nl_format::given(n * 100.0)),
        "time_limit_s" => format!("{} s", nl_format::given(n)),
        "permit_lead_weeks" => nl_format::count(n as usize, "week", "weken"),
        "max_years_before" => nl_format::count(n as usize, "jaar", "jaar"),
        "pepper_potted_start_month" => month_name(n),
        _ if p.first() == Some(&"assumed_ep2_kwh_m2") => {
            format!("{} kWh/m² per jaar", nl_format::given(n))
        }
        _ => nl_format::given(n),
    }
}

/// A month of the year by its number (1 `januari`); its number where it is none.
fn month_name(n: f64) -> String {
    if n.fract() == 0.0 && (1.0..=12.0).contains(&n) {
        nl_format::month_name(n as u32).to_string()
    } else {
        format!("maand {}", nl_format::given(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Beside a project a scenario adds: the settings other than horizon, budget, capacity,
    /// priority, contacts and solver, each named once.
    #[test]
    fn other_settings_are_named_once_without_budget_and_capacity() {
        let base = Scenario::load_default().expect("default");
        let mut other = base.clone();
        other.budget_eur.insert(2025, 2_800_000.0);
        other.capacity_homes_per_month.insert(2025, 1.0);
        other.solver.mip_rel_gap = 0.002;
        assert!(other_settings_changed(&base, &other).is_empty());
        other.target_label = crate::stock::Label::D;
        other.projects.max_project_homes = 4;
        other.catalog.packages[0].fixed_eur += 1.0;
        other.catalog.packages[1].fixed_eur += 1.0;
        assert_eq!(
            other_settings_changed(&base, &other),
            [
                "doellabel",
                "max woningen per project",
                "maatregelencatalogus"
            ]
        );
    }

    #[test]
    fn a_changed_planning_period_is_named_with_both_months() {
        let base = Scenario::load_default().expect("default");
        let mut other = base.clone();
        assert!(horizon_changes(&base, &other).is_empty());
        other.deadline_month = crate::scenario::Month::new(2028, 12);
        assert_eq!(
            horizon_changes(&base, &other),
            ["deadline (2028-12 in plaats van 2026-12)"]
        );
        other.start_month = crate::scenario::Month::new(2024, 7);
        assert_eq!(
            horizon_changes(&base, &other),
            [
                "startmaand (2024-07 in plaats van 2024-01)",
                "deadline (2028-12 in plaats van 2026-12)"
            ]
        );
        // Not among the other settings: said by this list, or by the project's own months.
        assert!(other_settings_changed(&base, &other).is_empty());
    }

    #[test]
    fn the_settings_changed_are_named_in_dutch_with_their_units() {
        let base = Scenario::load_default().expect("default");
        let mut other = base.clone();
        other.name = "anders".into();
        assert_eq!(settings_changed(&base, &other, &[""]), "");
        other.budget_eur.insert(2025, 2_800_000.0);
        other.solver.mip_rel_gap = 0.002;
        other.projects.max_project_homes = 4;
        other.priority = crate::scenario::Priority::WorstLabelFirst;
        other.catalog.packages.pop();
        let line = settings_changed(&base, &other, &[""]);
        assert!(
            line.contains("budget 2025: € 3.500.000 → € 2.800.000"),
            "{line}"
        );
        assert!(
            line.contains("marge waarbinnen de kosten bewezen worden: 0,1 % → 0,2 %"),
            "{line}"
        );
        assert!(line.contains("max woningen per project: 40 → 4"), "{line}");
        assert!(line.contains("maatregelencatalogus: anders"), "{line}");
        assert!(
            line.contains("prioriteit: meeste woningen → slechtste label eerst"),
            "{line}"
        );
        assert!(!line.contains('_'), "no file keys: {line}");
        // A year the baseline lacks, and a capacity with its unit.
        other.capacity_homes_per_month.insert(2031, 12.0);
        let line = settings_changed(&base, &other, &[""]);
        assert!(
            line.contains("capaciteit 2031: geen → 12 woningen per maand"),
            "{line}"
        );
        // Many changes: the first with their values, the next by name, then a count.
        for year in 2032..2060 {
            other.capacity_homes_per_month.insert(year, 1.0);
        }
        let line = settings_changed(&base, &other, &[""]);
        let parts: Vec<&str> = line.split("; ").collect();
        assert_eq!(parts.len(), SETTINGS_LISTED + 2, "{line}");
        let named = parts[SETTINGS_LISTED]
            .strip_prefix("ook anders (waarden in het scenario): ")
            .expect("the named ones in one part");
        assert_eq!(named.split(", ").count(), SETTINGS_NAMED, "{line}");
        assert!(!named.contains('→'), "{line}");
        let total = 6 + 28;
        assert_eq!(
            parts.last().copied(),
            Some(format!("en nog {}", total - SETTINGS_LISTED - SETTINGS_NAMED).as_str()),
            "{line}"
        );
    }

    #[test]
    fn a_general_figure_every_corporation_overrides_is_said_unused() {
        let base = Scenario::load_default().expect("default");
        let mut other = base.clone();
        other.budget_eur.insert(2025, 1_000_000.0);
        let mut own = crate::scenario::CorporationLimits::default();
        own.budget_eur.insert(2025, 2_000_000.0);
        for c in ["W1", "W2"] {
            other.corporations.insert(c.into(), own.clone());
        }
        let line = settings_changed(&base, &other, &["W1", "W2"]);
        assert!(
            line.starts_with("budget 2025: € 3.500.000 → € 1.000.000 (niet gebruikt: elke corporatie heeft een eigen budget voor 2025)"),
            "{line}"
        );
        // W3 plans with it.
        let line = settings_changed(&base, &other, &["W1", "W2", "W3"]);
        assert!(
            line.starts_with("budget 2025: € 3.500.000 → € 1.000.000; "),
            "{line}"
        );
    }

    #[test]
    fn a_corporation_name_with_a_point_keeps_its_name() {
        let base = Scenario::load_default().expect("default");
        let mut other = base.clone();
        let mut own = crate::scenario::CorporationLimits::default();
        own.budget_eur.insert(2025, 1_000_000.0);
        other.corporations.insert("St. Woonwel".into(), own);
        let line = settings_changed(&base, &other, &[""]);
        assert_eq!(line, "budget St. Woonwel 2025: geen → € 1.000.000");
    }
}
