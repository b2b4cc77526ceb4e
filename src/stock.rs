//! Homes, energy labels (NTA 8800) and the classification of every home with its reason.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Energy label of a home under NTA 8800, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Label {
    #[serde(rename = "A++++")]
    APlus4,
    #[serde(rename = "A+++")]
    APlus3,
    #[serde(rename = "A++")]
    APlus2,
    #[serde(rename = "A+")]
    APlus1,
    A,
    B,
    C,
    D,
    E,
    F,
    G,
}

impl Label {
    /// Every label, best first.
    pub const ALL: [Label; 11] = [
        Label::APlus4,
        Label::APlus3,
        Label::APlus2,
        Label::APlus1,
        Label::A,
        Label::B,
        Label::C,
        Label::D,
        Label::E,
        Label::F,
        Label::G,
    ];

    /// Upper bound of the class in EP2 (kWh/m² per year), inclusive; G has none.
    /// NTA 8800 label table for homes (Regeling energieprestatie gebouwen, bijlage 1).
    pub fn max_ep2_kwh_m2(self) -> Option<f64> {
        match self {
            Label::APlus4 => Some(0.0),
            Label::APlus3 => Some(50.0),
            Label::APlus2 => Some(75.0),
            Label::APlus1 => Some(105.0),
            Label::A => Some(160.0),
            Label::B => Some(190.0),
            Label::C => Some(250.0),
            Label::D => Some(290.0),
            Label::E => Some(335.0),
            Label::F => Some(380.0),
            Label::G => None,
        }
    }

    /// Lower bound of the class (exclusive): the upper bound of the next better label.
    pub fn min_ep2_kwh_m2(self) -> Option<f64> {
        let i = Label::ALL.iter().position(|&l| l == self)?;
        if i == 0 {
            None
        } else {
            Label::ALL[i - 1].max_ep2_kwh_m2()
        }
    }

    /// The label class of an EP2 value; each class includes its upper bound.
    pub fn from_ep2(ep2_kwh_m2: f64) -> Label {
        Label::ALL
            .iter()
            .copied()
            .find(|l| l.max_ep2_kwh_m2().is_some_and(|max| ep2_kwh_m2 <= max))
            .unwrap_or(Label::G)
    }

    /// Parses the spellings users type: `E`, `e`, `Label F`, `energielabel g`, `A+++`, `A++++`.
    pub fn parse(text: &str) -> Option<Label> {
        let t: String = text
            .trim()
            .to_uppercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let t = t
            .strip_prefix("ENERGIELABEL")
            .or_else(|| t.strip_prefix("LABEL"))
            .unwrap_or(&t)
            .trim_start_matches([':', '-']);
        Label::ALL.iter().copied().find(|l| l.as_str() == t)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Label::APlus4 => "A++++",
            Label::APlus3 => "A+++",
            Label::APlus2 => "A++",
            Label::APlus1 => "A+",
            Label::A => "A",
            Label::B => "B",
            Label::C => "C",
            Label::D => "D",
            Label::E => "E",
            Label::F => "F",
            Label::G => "G",
        }
    }

    /// E, F or G: the labels the agreements want gone.
    pub fn is_efg(self) -> bool {
        matches!(self, Label::E | Label::F | Label::G)
    }

    /// True when this label is the target or better.
    pub fn reaches(self, target: Label) -> bool {
        self <= target
    }

    /// Urgency of an EFG label for the tie-break "worse labels earlier": G 3, F 2, E 1, others 0.
    pub fn urgency(self) -> u32 {
        match self {
            Label::G => 3,
            Label::F => 2,
            Label::E => 1,
            _ => 0,
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Woningtype: single-family (grondgebonden) or multi-family (appartement).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum HomeType {
    #[serde(rename = "EGW")]
    Egw,
    #[serde(rename = "MGW")]
    Mgw,
}

impl HomeType {
    pub fn as_str(self) -> &'static str {
        match self {
            HomeType::Egw => "EGW",
            HomeType::Mgw => "MGW",
        }
    }
}

impl fmt::Display for HomeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Monument {
    #[default]
    No,
    Yes,
    National,
    Municipal,
}

impl Monument {
    pub fn is_monument(self) -> bool {
        self != Monument::No
    }
}

/// Complex strategy (complexstrategie).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Strategy {
    Operate,
    Renovate,
    Demolish,
    MaybeDemolish,
    Sell,
}

/// Status of the work on a home.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkStatus {
    /// uitgevoerd
    Done,
    /// in uitvoering
    InProgress,
    /// opname voldoende: an inspection found it sufficiently insulated
    InspectedSufficient,
}

impl WorkStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            WorkStatus::Done => "uitgevoerd",
            WorkStatus::InProgress => "in uitvoering",
            WorkStatus::InspectedSufficient => "opname voldoende",
        }
    }
}

/// Where a home came from in the input, for messages (`Woningen!A12`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRow {
    pub sheet: String,
    /// One-based row number as the user sees it.
    pub row: u32,
}

impl fmt::Display for SourceRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}!{}", self.sheet, self.row)
    }
}

/// One home (verhuureenheid) as read and checked from the stock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Home {
    pub source: SourceRow,
    pub vhe: String,
    /// Corporation, for stocks of several corporations; empty when the input has one.
    pub corporation: String,
    pub complex: String,
    pub block: Option<String>,
    pub street: Option<String>,
    pub house_number: Option<u32>,
    pub addition: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub district: Option<String>,
    pub home_type: HomeType,
    pub build_year: Option<i32>,
    pub area_m2: f64,
    /// Registered label; when only EP2 was given, the label of that EP2.
    pub label: Label,
    pub ep2_kwh_m2: Option<f64>,
    pub monument: Monument,
    pub strategy: Option<Strategy>,
    pub demolition_year: Option<i32>,
    pub pepper_potted: bool,
    pub private_in_block: Option<u32>,
    /// Species names, lower case as in the species calendar (`vleermuis`, `gierzwaluw`, ...).
    pub species: Vec<String>,
    pub permit_date: Option<NaiveDate>,
    pub status: Option<WorkStatus>,
    pub maintenance_year: Option<i32>,
}

impl Home {
    /// Street, number and addition as one address line ("Kerkstraat 12a").
    pub fn address(&self) -> String {
        let mut a = self.street.clone().unwrap_or_default();
        if let Some(n) = self.house_number {
            if !a.is_empty() {
                a.push(' ');
            }
            a.push_str(&n.to_string());
        }
        if let Some(t) = &self.addition {
            if self.house_number.is_some() && t.chars().next().is_some_and(|c| c.is_alphabetic()) {
                a.push_str(t);
            } else {
                a.push(' ');
                a.push_str(t);
            }
        }
        a
    }
}

/// Why an EFG home is left out of the plan by policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Exclusion {
    Monument,
    Demolition,
    Sale,
    Done,
    InProgress,
    InspectedSufficient,
}

impl Exclusion {
    pub const ALL: [Exclusion; 6] = [
        Exclusion::Monument,
        Exclusion::Demolition,
        Exclusion::Sale,
        Exclusion::Done,
        Exclusion::InProgress,
        Exclusion::InspectedSufficient,
    ];

    /// The reason as the plan writes it (spec: "Classification").
    pub fn reason(self) -> &'static str {
        match self {
            Exclusion::Monument => "monument",
            Exclusion::Demolition => "sloop",
            Exclusion::Sale => "verkoop",
            Exclusion::Done => "uitgevoerd",
            Exclusion::InProgress => "in uitvoering",
            Exclusion::InspectedSufficient => "opname voldoende",
        }
    }
}

/// The outcome of classification for one home.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    NotEfg,
    Excluded(Exclusion),
    Eligible,
}

/// Classifies a home. The order of the checks decides the one reason an EFG home gets when several
/// apply: monument first (a legal fact), then demolition and sale (strategy), then the work status.
pub fn classify(home: &Home) -> Class {
    if !home.label.is_efg() {
        return Class::NotEfg;
    }
    if home.monument.is_monument() {
        return Class::Excluded(Exclusion::Monument);
    }
    if matches!(
        home.strategy,
        Some(Strategy::Demolish | Strategy::MaybeDemolish)
    ) || home.demolition_year.is_some()
    {
        return Class::Excluded(Exclusion::Demolition);
    }
    if home.strategy == Some(Strategy::Sell) {
        return Class::Excluded(Exclusion::Sale);
    }
    match home.status {
        Some(WorkStatus::Done) => Class::Excluded(Exclusion::Done),
        Some(WorkStatus::InProgress) => Class::Excluded(Exclusion::InProgress),
        Some(WorkStatus::InspectedSufficient) => Class::Excluded(Exclusion::InspectedSufficient),
        None => Class::Eligible,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_bounds_include_upper_limit() {
        let table = [
            (-5.0, Label::APlus4),
            (0.0, Label::APlus4),
            (0.1, Label::APlus3),
            (50.0, Label::APlus3),
            (75.0, Label::APlus2),
            (105.0, Label::APlus1),
            (105.01, Label::A),
            (160.0, Label::A),
            (190.0, Label::B),
            (190.5, Label::C),
            (250.0, Label::C),
            (290.0, Label::D),
            (335.0, Label::E),
            (380.0, Label::F),
            (380.01, Label::G),
            (900.0, Label::G),
        ];
        for (ep2, label) in table {
            assert_eq!(Label::from_ep2(ep2), label, "EP2 {ep2}");
        }
    }

    #[test]
    fn label_spellings() {
        let table = [
            ("E", Some(Label::E)),
            ("e", Some(Label::E)),
            (" label F ", Some(Label::F)),
            ("Label  g", Some(Label::G)),
            ("energielabel: a", Some(Label::A)),
            ("A++++", Some(Label::APlus4)),
            ("a+++", Some(Label::APlus3)),
            ("A+", Some(Label::APlus1)),
            ("H", None),
            ("", None),
            ("A+++++", None),
        ];
        for (text, label) in table {
            assert_eq!(Label::parse(text), label, "{text:?}");
        }
    }

    #[test]
    fn min_bound_is_previous_max() {
        assert_eq!(Label::APlus4.min_ep2_kwh_m2(), None);
        assert_eq!(Label::B.min_ep2_kwh_m2(), Some(160.0));
        assert_eq!(Label::G.min_ep2_kwh_m2(), Some(380.0));
    }
}
