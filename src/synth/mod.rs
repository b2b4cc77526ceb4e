//! A realistic synthetic stock of a Brabant housing corporation, and the `generate` subcommand.
//!
//! [`generate`] draws complexes (village, streets, build year, woningtype, size, a typical label)
//! and then their homes, deterministically for a seed. The shares it aims at are constants below;
//! `data/README.md` lists them with their rationale. [`write_stock`] writes the homes as an input
//! workbook (`.xlsx`), a Dutch Excel csv export (`.csv`) or a parquet file (`.parquet`).

mod places;
mod writer;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::Instant;

use chrono::NaiveDate;

use crate::stock::{classify, Class, Exclusion, Home, HomeType, Label, Monument, SourceRow};
use crate::stock::{Strategy, WorkStatus};
use places::{StreetEra, Village, ERA_OLD, ERA_POSTWAR, ERA_RECENT, ERA_SEVENTIES, VILLAGES};

pub use writer::{check_xlsx_rows, write_stock, XLSX_MAX_HOMES};

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthSpec {
    /// Number of homes (verhuureenheden), exactly.
    pub homes: usize,
    /// Number of corporations; 1 leaves `Home::corporation` empty.
    pub corporations: usize,
    /// Seed: the same spec gives the same stock.
    pub seed: u64,
    /// Share of homes without an EP2 figure (labels registered before NTA 8800 have none).
    pub ep2_missing_share: f64,
    /// Share of homes whose EP2 lies one class off the registered label (exercises the warning).
    pub ep2_mismatch_share: f64,
}

impl SynthSpec {
    pub fn new(homes: usize, corporations: usize, seed: u64) -> Self {
        SynthSpec {
            homes,
            corporations,
            seed,
            ..SynthSpec::default()
        }
    }
}

impl Default for SynthSpec {
    fn default() -> Self {
        SynthSpec {
            homes: 8000,
            corporations: 1,
            seed: 2024,
            ep2_missing_share: 0.10,
            ep2_mismatch_share: 0.01,
        }
    }
}

/// Errors of generating and writing a stock; the messages are for the user (Dutch).
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error(
        "{homes} woningen passen niet in een xlsx-werkblad (maximaal {max} rijen onder de kopregel); \
         kies een .csv- of .parquet-bestand"
    )]
    TooManyRows { homes: usize, max: usize },
    #[error("onbekend bestandstype voor {path}: kies een bestand op .xlsx, .csv of .parquet")]
    UnknownFormat { path: String },
    /// An option or output file the run cannot take; the message names it.
    #[error("{0}")]
    InvalidSpec(String),
    #[error("kan {path} niet schrijven: {error}")]
    Io { path: String, error: std::io::Error },
    #[error("kan xlsx-bestand {path} niet schrijven: {error}")]
    Xlsx {
        path: String,
        error: rust_xlsxwriter::XlsxError,
    },
    #[error("kan parquet-bestand {path} niet schrijven: {error}")]
    Parquet {
        path: String,
        error: polars::prelude::PolarsError,
    },
}

// ---------------------------------------------------------------------------------------------
// Shares. Complex-level shares are exact counts (rounded share of the complexes among the
// candidates), so a stock of a few hundred complexes hits them without sampling noise.

/// Build-year bands of the social stock with the share of homes, the share of EGW, and the
/// typical label of a complex. The band shares and label mixes are assumptions, tuned so that an
/// 8,000-home stock has about 5.5 % EFG (see `data/README.md`).
struct Band {
    first_year: i32,
    last_year: i32,
    home_share: f64,
    /// Share of the band's homes that are EGW.
    egw_share: f64,
    labels: &'static [(Label, f64)],
    streets: &'static StreetEra,
    /// gbo_m2 range of a complex's typical home: (EGW, MGW).
    area_m2: ((f64, f64), (f64, f64)),
}

const BANDS: [Band; 6] = [
    Band {
        first_year: 1905,
        last_year: 1944,
        home_share: 0.03,
        egw_share: 0.90,
        labels: &[
            (Label::G, 0.15),
            (Label::F, 0.25),
            (Label::E, 0.30),
            (Label::D, 0.25),
            (Label::C, 0.05),
        ],
        streets: &ERA_OLD,
        area_m2: ((75.0, 100.0), (45.0, 65.0)),
    },
    Band {
        first_year: 1945,
        last_year: 1964,
        home_share: 0.12,
        egw_share: 0.70,
        labels: &[
            (Label::F, 0.03),
            (Label::E, 0.11),
            (Label::D, 0.56),
            (Label::C, 0.30),
        ],
        streets: &ERA_POSTWAR,
        area_m2: ((78.0, 105.0), (48.0, 70.0)),
    },
    Band {
        first_year: 1965,
        last_year: 1974,
        home_share: 0.17,
        egw_share: 0.55,
        labels: &[(Label::E, 0.05), (Label::D, 0.45), (Label::C, 0.50)],
        streets: &ERA_POSTWAR,
        area_m2: ((85.0, 115.0), (55.0, 80.0)),
    },
    Band {
        first_year: 1975,
        last_year: 1991,
        home_share: 0.33,
        egw_share: 0.60,
        labels: &[(Label::C, 0.50), (Label::B, 0.45), (Label::A, 0.05)],
        streets: &ERA_SEVENTIES,
        area_m2: ((85.0, 120.0), (50.0, 85.0)),
    },
    Band {
        first_year: 1992,
        last_year: 2005,
        home_share: 0.18,
        egw_share: 0.50,
        labels: &[(Label::B, 0.50), (Label::A, 0.50)],
        streets: &ERA_RECENT,
        area_m2: ((95.0, 130.0), (55.0, 90.0)),
    },
    Band {
        first_year: 2006,
        last_year: 2023,
        home_share: 0.165,
        egw_share: 0.45,
        labels: &[
            (Label::A, 0.40),
            (Label::APlus1, 0.35),
            (Label::APlus2, 0.25),
        ],
        streets: &ERA_RECENT,
        area_m2: ((95.0, 130.0), (55.0, 90.0)),
    },
];

/// Homes of a complex: the typical label, or one class better or worse.
const LABEL_ONE_BETTER: f64 = 0.10;
const LABEL_ONE_WORSE: f64 = 0.10;

/// Complex sizes (homes), EGW and MGW.
const EGW_SIZE: (usize, usize) = (8, 40);
const MGW_SIZE: (usize, usize) = (12, 80);
const COMPLEX_MIN: usize = 8;
const COMPLEX_MAX: usize = 80;
/// Complexes from this size may be split into blocks (blok), with this probability.
const BLOCKS_FROM_SIZE: usize = 24;
const BLOCKS_SHARE: f64 = 0.6;

/// Share of all complexes: monuments (pre-1945 complexes), sloop / sloop mogelijk (pre-1975),
/// verkoop (EGW 1945-1974), pepper-potted (EGW before 1992).
const MONUMENT_COMPLEXES: f64 = 0.01;
const DEMOLITION_COMPLEXES: f64 = 0.02;
const SALE_COMPLEXES: f64 = 0.01;
const PEPPER_POTTED_COMPLEXES: f64 = 0.10;
/// Share of the other pre-1992 complexes with strategie renoveren (eligible all the same).
const RENOVATE_SHARE: f64 = 0.08;
/// Share of complexes with a planned major maintenance year.
const MAINTENANCE_SHARE: f64 = 0.25;

/// Species in pre-1975 complexes whose typical label is EFG, as a share of those complexes, and
/// (lower) in the other pre-1975 complexes.
const SPECIES: [(&str, f64, f64); 3] = [
    ("vleermuis", 0.20, 0.05),
    ("gierzwaluw", 0.10, 0.03),
    ("huismus", 0.10, 0.03),
];
/// Share of complexes with species that have a permit date, and of those dates the share after
/// the default deadline (2027).
const PERMIT_SHARE: f64 = 0.5;
const PERMIT_LATE_SHARE: f64 = 0.1;

/// Work status of EFG homes not excluded by policy: uitgevoerd, in uitvoering, opname voldoende.
const STATUS_SHARES: [(WorkStatus, f64); 3] = [
    (WorkStatus::Done, 0.05),
    (WorkStatus::InProgress, 0.02),
    (WorkStatus::InspectedSufficient, 0.04),
];

/// Streets are left for a new one once their numbers pass this.
const STREET_FULL_AT: u32 = 160;

// ---------------------------------------------------------------------------------------------
// RNG

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast and good enough for synthetic data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [0, n); n > 0.
    fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Uniform integer in [lo, hi].
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Index drawn by weight.
    fn weighted(&mut self, weights: impl Iterator<Item = f64> + Clone) -> usize {
        let total: f64 = weights.clone().sum();
        let mut x = self.unit() * total;
        let mut last = 0;
        for (i, w) in weights.enumerate() {
            if x < w {
                return i;
            }
            x -= w;
            last = i;
        }
        last
    }

    /// `k` distinct items of `items` (all when there are fewer), in draw order.
    fn choose(&mut self, items: &[usize], k: usize) -> Vec<usize> {
        let mut pool = items.to_vec();
        let k = k.min(pool.len());
        for i in 0..k {
            let j = i + self.below(pool.len() - i);
            pool.swap(i, j);
        }
        pool.truncate(k);
        pool
    }
}

// ---------------------------------------------------------------------------------------------
// Complexes

#[derive(Clone)]
struct ComplexPlan {
    number: String,
    corporation: String,
    village: usize,
    band: usize,
    build_year: i32,
    home_type: HomeType,
    size: usize,
    label: Label,
    area_m2: f64,
    monument: Monument,
    strategy: Strategy,
    demolition_year: Option<i32>,
    pepper_potted: bool,
    species: Vec<&'static str>,
    permit_date: Option<NaiveDate>,
    maintenance_year: Option<i32>,
}

fn draw_size(rng: &mut Rng, home_type: HomeType, band: usize) -> usize {
    let (lo, hi) = match home_type {
        HomeType::Egw => EGW_SIZE,
        HomeType::Mgw => MGW_SIZE,
    };
    // Pre-war complexes are small: a street of workers' homes, not a neighbourhood.
    let hi = if band == 0 { hi.min(20) } else { hi };
    // Skewed to the small end: many small complexes, few large ones.
    let u = rng.unit() * rng.unit().sqrt();
    lo + ((hi - lo + 1) as f64 * u) as usize
}

/// Mean of [`draw_size`]: lo + (hi - lo + 1) E[u sqrt(v)] - 1/2, with E[u sqrt(v)] = 1/3.
fn mean_size(home_type: HomeType, band: usize) -> f64 {
    let (lo, hi) = match home_type {
        HomeType::Egw => EGW_SIZE,
        HomeType::Mgw => MGW_SIZE,
    };
    let hi = if band == 0 { hi.min(20) } else { hi };
    lo as f64 + (hi - lo + 1) as f64 / 3.0 - 0.5
}

/// The chance that a complex is EGW such that the band's homes are `egw_share` EGW: MGW
/// complexes are larger, so fewer of the complexes are MGW than of the homes.
fn egw_complex_probability(band: usize) -> f64 {
    let h = BANDS[band].egw_share;
    let (egw, mgw) = (
        mean_size(HomeType::Egw, band),
        mean_size(HomeType::Mgw, band),
    );
    h * mgw / (h * mgw + (1.0 - h) * egw)
}

/// Complex sizes summing to exactly `homes`, each within 8-80 unless the stock is smaller.
fn fit_size(drawn: usize, remaining: usize) -> usize {
    let size = drawn.min(remaining);
    let rest = remaining - size;
    if rest == 0 || rest >= COMPLEX_MIN {
        size
    } else if remaining <= COMPLEX_MAX {
        remaining
    } else {
        remaining - COMPLEX_MIN
    }
}

/// The label at `position` (0..1) of a band's label mix laid out as cumulative intervals.
fn label_at(mix: &[(Label, f64)], position: f64) -> Label {
    let total: f64 = mix.iter().map(|&(_, w)| w).sum();
    let mut acc = 0.0;
    for &(label, w) in mix {
        acc += w / total;
        if position < acc {
            return label;
        }
    }
    mix.last().map_or(Label::C, |&(l, _)| l)
}

/// Relative sizes of `n` corporations, cumulative: a Zipf law with exponent 0.5, so that the
/// sector's shape comes out of the figures (about 2.3 million homes in about 280
/// corporations, the largest about 80,000): at those sizes the largest gets about 72,000 homes,
/// the median about 6,000 and the smallest about 4,300.
fn corporation_size_weights(n: usize) -> Vec<f64> {
    let mut total = 0.0;
    (1..=n)
        .map(|rank| {
            total += (rank as f64).powf(-0.5);
            total
        })
        .collect()
}

/// The name of corporation `index` (0-based) of a generated stock.
fn corporation_name(index: usize) -> String {
    format!("Woonstichting {}", index + 1)
}

/// Every corporation asked for gets a complex: drawn by size, a small stock of many
/// corporations left some without (1,000 homes in 30 corporations gave 23). A corporation
/// without one takes the last complex of the corporation with the most (at least two), else
/// half of the largest complex. Uses no random draws, so a stock whose corporations all drew a
/// complex is the same as before.
fn give_every_corporation_a_complex(plans: &mut Vec<ComplexPlan>, corporations: usize) {
    let mut held: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in plans.iter().enumerate() {
        held.entry(p.corporation.clone()).or_default().push(i);
    }
    for k in 0..corporations {
        let name = corporation_name(k);
        if held.contains_key(&name) {
            continue;
        }
        // The corporation holding the most complexes, the lowest number among equals.
        let richest = (0..corporations)
            .map(corporation_name)
            .filter_map(|n| held.get(&n).map(|c| (c.len(), n)))
            .filter(|(count, _)| *count >= 2)
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let moved = match richest {
            Some((_, from)) => {
                let i = held
                    .get_mut(&from)
                    .and_then(Vec::pop)
                    .expect("two complexes");
                plans[i].corporation = name.clone();
                i
            }
            None => {
                // Fewer complexes than corporations: split the largest (there are at least as
                // many homes as corporations, so one has two homes or more).
                let Some(largest) = (0..plans.len())
                    .filter(|&i| plans[i].size >= 2)
                    .max_by_key(|&i| (plans[i].size, std::cmp::Reverse(i)))
                else {
                    return;
                };
                let half = plans[largest].size / 2;
                plans[largest].size -= half;
                let mut split = plans[largest].clone();
                split.size = half;
                split.corporation = name.clone();
                plans.push(split);
                plans.len() - 1
            }
        };
        held.insert(name, vec![moved]);
    }
}

/// A corporation drawn by size (`cumulative` from [`corporation_size_weights`]).
fn draw_corporation(rng: &mut Rng, cumulative: &[f64]) -> usize {
    let x = rng.unit() * cumulative.last().copied().unwrap_or(0.0);
    cumulative
        .partition_point(|&c| c <= x)
        .min(cumulative.len() - 1)
}

/// Complexes band by band until each band holds its share of the homes (the last band takes
/// what is left), so the build-year mix, and with it the EFG share, does not swing with the seed.
fn plan_complexes(rng: &mut Rng, spec: &SynthSpec) -> Vec<ComplexPlan> {
    let corporations = spec.corporations.max(1);
    let corporation_weights = corporation_size_weights(corporations);
    let mut plans = Vec::new();
    let mut remaining = spec.homes;
    for (band, b) in BANDS.iter().enumerate() {
        let quota = if band + 1 == BANDS.len() {
            remaining
        } else {
            (b.home_share * spec.homes as f64).round() as usize
        };
        let first_of_band = plans.len();
        let mut in_band = 0;
        while in_band < quota && remaining > 0 {
            let home_type = if rng.chance(egw_complex_probability(band)) {
                HomeType::Egw
            } else {
                HomeType::Mgw
            };
            let size = fit_size(draw_size(rng, home_type, band), remaining);
            remaining -= size;
            in_band += size;
            let village = rng.weighted(VILLAGES.iter().map(|v| v.weight));
            let corporation = if corporations == 1 {
                String::new()
            } else {
                corporation_name(draw_corporation(rng, &corporation_weights))
            };
            let build_year = if band == 0 {
                // Most pre-war social homes are from the 1920s and 1930s.
                let u = 1.0 - rng.unit() * rng.unit();
                b.first_year + ((b.last_year - b.first_year + 1) as f64 * u) as i32
            } else {
                rng.between(b.first_year as i64, b.last_year as i64) as i32
            };
            let (egw, mgw) = b.area_m2;
            let (lo, hi) = match home_type {
                HomeType::Egw => egw,
                HomeType::Mgw => mgw,
            };
            plans.push(ComplexPlan {
                number: String::new(),
                corporation,
                village,
                band,
                build_year: build_year.min(b.last_year),
                home_type,
                size,
                label: Label::C,
                area_m2: rng.uniform(lo, hi),
                monument: Monument::No,
                strategy: Strategy::Operate,
                demolition_year: None,
                pepper_potted: false,
                species: Vec::new(),
                permit_date: None,
                maintenance_year: None,
            });
        }
        // Typical labels by systematic sampling over the band's homes in random order: each
        // label gets its share of the homes (to within one complex), not just in expectation.
        let mut order: Vec<usize> = (first_of_band..plans.len()).collect();
        order = rng.choose(&order, order.len());
        let offset = rng.unit();
        let mut before = 0usize;
        for i in order {
            let middle = (before as f64 + plans[i].size as f64 / 2.0) / in_band.max(1) as f64;
            plans[i].label = label_at(b.labels, (middle + offset).fract());
            before += plans[i].size;
        }
    }
    if corporations > 1 {
        give_every_corporation_a_complex(&mut plans, corporations);
    }
    // Complex numbers follow the build year, as in many corporations' administrations.
    plans.sort_by_key(|p| p.build_year);
    let mut number = 1000u32;
    for p in &mut plans {
        number += 1 + rng.below(5) as u32;
        p.number = number.to_string();
    }
    plans
}

/// Count of complexes for a share, rounded.
fn share_count(share: f64, complexes: usize) -> usize {
    (share * complexes as f64).round() as usize
}

fn candidates(plans: &[ComplexPlan], keep: impl Fn(&ComplexPlan) -> bool) -> Vec<usize> {
    (0..plans.len()).filter(|&i| keep(&plans[i])).collect()
}

/// Monuments, demolition, sale, pepper-potting, species, permits and maintenance years.
fn assign_policies(rng: &mut Rng, plans: &mut [ComplexPlan]) {
    let n = plans.len();
    let pre = |year: i32| move |p: &ComplexPlan| p.build_year < year;

    for i in rng.choose(
        &candidates(plans, pre(1945)),
        share_count(MONUMENT_COMPLEXES, n),
    ) {
        plans[i].monument = if rng.chance(0.4) {
            Monument::National
        } else {
            Monument::Municipal
        };
    }
    let free = |p: &ComplexPlan| !p.monument.is_monument() && p.strategy == Strategy::Operate;

    for i in rng.choose(
        &candidates(plans, |p| p.build_year < 1975 && free(p)),
        share_count(DEMOLITION_COMPLEXES, n),
    ) {
        let p = &mut plans[i];
        if rng.chance(0.5) {
            p.strategy = Strategy::Demolish;
            if rng.chance(0.75) {
                p.demolition_year = Some(rng.between(2026, 2030) as i32);
            }
        } else {
            p.strategy = Strategy::MaybeDemolish;
            if rng.chance(0.25) {
                p.demolition_year = Some(rng.between(2029, 2035) as i32);
            }
        }
    }

    for i in rng.choose(
        &candidates(plans, |p| {
            p.home_type == HomeType::Egw && (1945..1975).contains(&p.build_year) && free(p)
        }),
        share_count(SALE_COMPLEXES, n),
    ) {
        plans[i].strategy = Strategy::Sell;
    }

    // Homes sold one by one when they fall vacant leave private homes between the corporation's:
    // older single-family complexes, including those still being sold.
    for i in rng.choose(
        &candidates(plans, |p| {
            p.home_type == HomeType::Egw
                && p.build_year < 1992
                && !p.monument.is_monument()
                && !matches!(p.strategy, Strategy::Demolish | Strategy::MaybeDemolish)
        }),
        share_count(PEPPER_POTTED_COMPLEXES, n),
    ) {
        plans[i].pepper_potted = true;
    }

    for p in plans.iter_mut() {
        if p.build_year < 1992 && free(p) && rng.chance(RENOVATE_SHARE) {
            p.strategy = Strategy::Renovate;
        }
    }

    let efg_old = candidates(plans, |p| p.build_year < 1975 && p.label.is_efg());
    let other_old = candidates(plans, |p| p.build_year < 1975 && !p.label.is_efg());
    for (species, efg_share, other_share) in SPECIES {
        for (pool, share) in [(&efg_old, efg_share), (&other_old, other_share)] {
            for i in rng.choose(pool, share_count(share, pool.len())) {
                plans[i].species.push(species);
            }
        }
    }
    // Keep the species in calendar order whatever the draw order was.
    for p in plans.iter_mut() {
        p.species
            .sort_by_key(|s| SPECIES.iter().position(|(name, _, _)| name == s));
    }

    let with_species = candidates(plans, |p| !p.species.is_empty());
    let permitted = rng.choose(&with_species, share_count(PERMIT_SHARE, with_species.len()));
    let late =
        share_count(PERMIT_LATE_SHARE, permitted.len()).max(usize::from(permitted.len() >= 5));
    for (k, &i) in permitted.iter().enumerate() {
        plans[i].permit_date = Some(if k < late {
            date_between(rng, (2027, 1, 15), (2027, 6, 30))
        } else {
            date_between(rng, (2024, 2, 1), (2025, 9, 30))
        });
    }

    for p in plans.iter_mut() {
        if rng.chance(MAINTENANCE_SHARE) {
            p.maintenance_year = Some(rng.between(2025, 2034) as i32);
        }
    }
}

fn date(ymd: (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(ymd.0, ymd.1, ymd.2).unwrap_or_default()
}

fn date_between(rng: &mut Rng, first: (i32, u32, u32), last: (i32, u32, u32)) -> NaiveDate {
    let (first, last) = (date(first), date(last));
    let days = (last - first).num_days().max(0);
    first + chrono::Duration::days(rng.between(0, days))
}

// ---------------------------------------------------------------------------------------------
// Streets and addresses

struct Street {
    next_number: u32,
    district: String,
    postcode_area: u16,
    /// Postcode per run of 20 house numbers.
    postcodes: HashMap<u32, String>,
}

#[derive(Default)]
struct Streets {
    streets: HashMap<(usize, String), Street>,
    used_postcodes: HashSet<String>,
}

impl Streets {
    /// A street of the era in the village with room left, created on first use.
    fn pick(&mut self, rng: &mut Rng, village: usize, era: &StreetEra, not: &[String]) -> String {
        let v: &Village = &VILLAGES[village];
        let mut name = String::new();
        for _ in 0..30 {
            name = format!("{}{}", rng.pick(era.roots), rng.pick(era.suffixes));
            let full = self
                .streets
                .get(&(village, name.clone()))
                .is_some_and(|s| s.next_number > STREET_FULL_AT);
            if !full && !not.contains(&name) {
                break;
            }
        }
        self.streets
            .entry((village, name.clone()))
            .or_insert_with(|| Street {
                next_number: 1 + rng.below(8) as u32,
                district: format!("{} {}", v.name, rng.pick(v.districts)),
                postcode_area: *rng.pick(v.postcodes),
                postcodes: HashMap::new(),
            });
        name
    }

    fn street(&mut self, village: usize, name: &str) -> &mut Street {
        self.streets
            .get_mut(&(village, name.to_string()))
            .expect("street is created by pick before use")
    }

    fn postcode(&mut self, rng: &mut Rng, village: usize, name: &str, number: u32) -> String {
        let key = (village, name.to_string());
        let run = number / 20;
        if let Some(pc) = self.streets.get(&key).and_then(|s| s.postcodes.get(&run)) {
            return pc.clone();
        }
        let area = self.streets.get(&key).map_or(5000, |s| s.postcode_area);
        let mut code = String::new();
        // Prefer a code not used yet; in a very large stock the village runs out and repeats.
        for _ in 0..12 {
            let pair = loop {
                let a = *rng.pick(places::POSTCODE_LETTERS) as char;
                let b = *rng.pick(places::POSTCODE_LETTERS) as char;
                let pair = format!("{a}{b}");
                if !places::POSTCODE_PAIRS_NOT_USED.contains(&pair.as_str()) {
                    break pair;
                }
            };
            code = format!("{area} {pair}");
            if !self.used_postcodes.contains(&code) {
                break;
            }
        }
        self.used_postcodes.insert(code.clone());
        if let Some(s) = self.streets.get_mut(&key) {
            s.postcodes.insert(run, code.clone());
        }
        code
    }
}

/// How the homes of a complex are numbered.
#[derive(Clone, Copy)]
enum Numbering {
    /// Own house numbers, both sides (1) or one side (2) of the street.
    Own(u32),
    /// Flats sharing an entrance: one number with additions a, b, c, ...
    Entrance(usize),
}

/// Blocks of a complex as (name, size); empty when the complex has no blocks.
fn draw_blocks(rng: &mut Rng, plan: &ComplexPlan) -> Vec<(String, usize)> {
    if plan.size < BLOCKS_FROM_SIZE || !rng.chance(BLOCKS_SHARE) {
        return Vec::new();
    }
    let (lo, hi) = match plan.home_type {
        HomeType::Egw => (4, 10),
        HomeType::Mgw => (12, 40),
    };
    let mut blocks = Vec::new();
    let mut left = plan.size;
    while left > 0 {
        let mut size = rng.between(lo, hi) as usize;
        if left < size + lo as usize {
            size = left;
        }
        let name = match plan.home_type {
            HomeType::Egw => (blocks.len() + 1).to_string(),
            HomeType::Mgw => ((b'A' + (blocks.len() % 26) as u8) as char).to_string(),
        };
        blocks.push((name, size));
        left -= size;
    }
    blocks
}

// ---------------------------------------------------------------------------------------------
// Homes

fn shift_label(label: Label, by: i32) -> Label {
    let i = Label::ALL.iter().position(|&l| l == label).unwrap_or(0) as i32;
    // A++++ (EP2 <= 0) is left out: the generator never makes an energy-positive home.
    Label::ALL[(i + by).clamp(1, Label::ALL.len() as i32 - 1) as usize]
}

/// An EP2 inside the label's class (NTA 8800 bounds, upper bound included), two decimals.
fn draw_ep2(rng: &mut Rng, label: Label) -> f64 {
    let lo = label.min_ep2_kwh_m2().unwrap_or(0.0).max(0.0);
    let (hi, u) = match label.max_ep2_kwh_m2() {
        Some(hi) => (hi, rng.unit()),
        // G is open-ended; most G homes sit well below 480.
        None => (480.0, rng.unit().powf(1.7)),
    };
    let v = ((lo + (hi - lo) * u) * 100.0).round() / 100.0;
    v.clamp(lo + 0.01, hi)
}

fn homes_of_complex(
    rng: &mut Rng,
    spec: &SynthSpec,
    plan: &ComplexPlan,
    streets: &mut Streets,
    out: &mut Vec<Home>,
) {
    let band = &BANDS[plan.band];
    let blocks = draw_blocks(rng, plan);
    let street_count = match plan.home_type {
        HomeType::Egw if plan.size > 24 => 1 + rng.below(3),
        HomeType::Egw if plan.size > 12 => 1 + rng.below(2),
        _ => 1,
    };
    let mut names: Vec<String> = Vec::new();
    for _ in 0..street_count {
        let name = streets.pick(rng, plan.village, band.streets, &names);
        names.push(name);
    }
    let numbering = match plan.home_type {
        HomeType::Egw => Numbering::Own(1 + rng.below(2) as u32),
        HomeType::Mgw if rng.chance(0.45) => Numbering::Own(1),
        HomeType::Mgw => Numbering::Entrance(rng.between(4, 10) as usize),
    };

    // Each block (or the whole complex) with its private homes, scattered between the
    // corporation's as gaps in the numbering.
    let units: Vec<(Option<String>, usize)> = if blocks.is_empty() {
        vec![(None, plan.size)]
    } else {
        blocks.into_iter().map(|(n, s)| (Some(n), s)).collect()
    };

    let mut index = 0usize;
    let mut current_street = usize::MAX;
    let mut in_entrance = 0usize;
    let mut entrance_number = 0u32;
    for (block, size) in units {
        let mut gaps = vec![0u32; size];
        let private = if plan.pepper_potted {
            let p = (size as f64 * rng.uniform(0.25, 1.2)).round() as u32;
            for _ in 0..p.clamp(2, 20) {
                gaps[rng.below(size)] += 1;
            }
            Some(p.clamp(2, 20))
        } else {
            None
        };
        for gap in gaps {
            let street_index = index * names.len() / plan.size;
            let name = names[street_index].clone();
            if street_index != current_street {
                current_street = street_index;
                in_entrance = 0;
            }
            let street = streets.street(plan.village, &name);
            let (number, addition) = match numbering {
                Numbering::Own(step) => {
                    if street.next_number.is_multiple_of(2) && step == 2 && index == 0 {
                        street.next_number += 1;
                    }
                    street.next_number += gap * step;
                    let n = street.next_number;
                    street.next_number += step;
                    (n, None)
                }
                Numbering::Entrance(per) => {
                    if in_entrance == 0 {
                        entrance_number = street.next_number;
                        street.next_number += 2;
                    }
                    let addition = ((b'a' + in_entrance as u8) as char).to_string();
                    in_entrance = (in_entrance + 1) % per;
                    (entrance_number, Some(addition))
                }
            };
            let district = street.district.clone();
            let postcode = streets.postcode(rng, plan.village, &name, number);

            let label = {
                let u = rng.unit();
                if u < LABEL_ONE_BETTER {
                    shift_label(plan.label, -1)
                } else if u < LABEL_ONE_BETTER + LABEL_ONE_WORSE {
                    shift_label(plan.label, 1)
                } else {
                    plan.label
                }
            };
            let ep2 = if rng.chance(spec.ep2_missing_share) {
                None
            } else if rng.chance(spec.ep2_mismatch_share) {
                let off = if rng.chance(0.5) { -1 } else { 1 };
                let other = shift_label(label, off);
                let other = if other == label {
                    shift_label(label, -off)
                } else {
                    other
                };
                Some(draw_ep2(rng, other))
            } else {
                Some(draw_ep2(rng, label))
            };
            let (lo, hi) = match plan.home_type {
                HomeType::Egw => (75.0, 130.0),
                HomeType::Mgw => (45.0, 90.0),
            };
            // Mostly one home type per complex, some corner homes and other layouts.
            let variation = if rng.chance(0.2) {
                rng.uniform(0.85, 1.15)
            } else {
                rng.uniform(0.97, 1.03)
            };
            let area_m2 = ((plan.area_m2 * variation).clamp(lo, hi) * 10.0).round() / 10.0;

            let policy_excluded = plan.monument.is_monument()
                || matches!(
                    plan.strategy,
                    Strategy::Demolish | Strategy::MaybeDemolish | Strategy::Sell
                )
                || plan.demolition_year.is_some();
            let status = if label.is_efg() && !policy_excluded {
                let u = rng.unit();
                let mut acc = 0.0;
                STATUS_SHARES.iter().find_map(|&(s, p)| {
                    acc += p;
                    (u < acc).then_some(s)
                })
            } else {
                None
            };

            out.push(Home {
                source: SourceRow {
                    sheet: "Woningen".to_string(),
                    row: 0,
                },
                vhe: String::new(),
                corporation: plan.corporation.clone(),
                complex: plan.number.clone(),
                block: block.clone(),
                street: Some(name),
                house_number: Some(number),
                addition,
                postcode: Some(postcode),
                city: Some(VILLAGES[plan.village].name.to_string()),
                district: Some(district),
                home_type: plan.home_type,
                build_year: Some(plan.build_year),
                area_m2,
                label,
                ep2_kwh_m2: ep2,
                monument: plan.monument,
                strategy: Some(plan.strategy),
                demolition_year: plan.demolition_year,
                pepper_potted: plan.pepper_potted,
                private_in_block: private,
                species: plan.species.iter().map(|s| s.to_string()).collect(),
                permit_date: plan.permit_date,
                status,
                maintenance_year: plan.maintenance_year,
            });
            index += 1;
        }
    }
    // Leave a few numbers free before the next complex on the same street.
    for name in &names {
        streets.street(plan.village, name).next_number += rng.below(5) as u32;
    }
}

/// Generates a stock of exactly `spec.homes` homes; the same spec always gives the same stock.
pub fn generate(spec: &SynthSpec) -> Vec<Home> {
    let mut rng = Rng::new(spec.seed);
    let mut plans = plan_complexes(&mut rng, spec);
    assign_policies(&mut rng, &mut plans);

    let mut streets = Streets::default();
    let mut homes = Vec::with_capacity(spec.homes);
    for plan in &plans {
        homes_of_complex(&mut rng, spec, plan, &mut streets, &mut homes);
    }
    // Unit numbers in complex order, with the odd gap a sold or merged unit leaves.
    let mut vhe = 100_000u64;
    for (i, home) in homes.iter_mut().enumerate() {
        vhe += 1 + u64::from(rng.chance(0.05));
        home.vhe = vhe.to_string();
        home.source.row = (i + 2).min(u32::MAX as usize) as u32;
    }
    homes
}

// ---------------------------------------------------------------------------------------------
// Summary

/// Figures of a stock, for the command's summary, the tests and `data/README.md`.
#[derive(Debug, Clone, PartialEq)]
pub struct StockSummary {
    pub homes: usize,
    pub complexes: usize,
    pub corporations: usize,
    /// Homes per label, in [`Label::ALL`] order.
    pub per_label: Vec<(Label, usize)>,
    pub efg: usize,
    /// EFG homes excluded per reason, in [`Exclusion::ALL`] order.
    pub excluded: Vec<(Exclusion, usize)>,
    pub eligible: usize,
    pub ep2_missing: usize,
    /// Homes whose EP2 falls in another class than the registered label.
    pub ep2_mismatch: usize,
    pub pepper_potted_homes: usize,
    pub pepper_potted_complexes: usize,
    /// Per species: (name, complexes, homes, EFG homes).
    pub species: Vec<(String, usize, usize, usize)>,
    /// Complexes with species and a permit date, and those of them dated after 2026.
    pub permit_complexes: usize,
    pub permit_late_complexes: usize,
    pub monument_homes: usize,
}

pub fn summarize(homes: &[Home]) -> StockSummary {
    let complexes: HashSet<&str> = homes.iter().map(|h| h.complex.as_str()).collect();
    let corporations: HashSet<&str> = homes.iter().map(|h| h.corporation.as_str()).collect();
    let per_label = Label::ALL
        .iter()
        .map(|&l| (l, homes.iter().filter(|h| h.label == l).count()))
        .collect();
    let classes: Vec<Class> = homes.iter().map(classify).collect();
    let excluded = Exclusion::ALL
        .iter()
        .map(|&e| {
            let n = classes.iter().filter(|&&c| c == Class::Excluded(e)).count();
            (e, n)
        })
        .collect();
    let complexes_where = |keep: &dyn Fn(&Home) -> bool| {
        homes
            .iter()
            .filter(|h| keep(h))
            .map(|h| h.complex.as_str())
            .collect::<HashSet<_>>()
            .len()
    };
    let species = SPECIES
        .iter()
        .map(|&(name, _, _)| {
            let has = |h: &Home| h.species.iter().any(|s| s == name);
            (
                name.to_string(),
                complexes_where(&has),
                homes.iter().filter(|h| has(h)).count(),
                homes.iter().filter(|h| has(h) && h.label.is_efg()).count(),
            )
        })
        .collect();
    let deadline = date((2026, 12, 31));
    StockSummary {
        homes: homes.len(),
        complexes: complexes.len(),
        corporations: corporations.len(),
        per_label,
        efg: homes.iter().filter(|h| h.label.is_efg()).count(),
        excluded,
        eligible: classes.iter().filter(|&&c| c == Class::Eligible).count(),
        ep2_missing: homes.iter().filter(|h| h.ep2_kwh_m2.is_none()).count(),
        ep2_mismatch: homes
            .iter()
            .filter(|h| h.ep2_kwh_m2.is_some_and(|e| Label::from_ep2(e) != h.label))
            .count(),
        pepper_potted_homes: homes.iter().filter(|h| h.pepper_potted).count(),
        pepper_potted_complexes: complexes_where(&|h| h.pepper_potted),
        species,
        permit_complexes: complexes_where(&|h| !h.species.is_empty() && h.permit_date.is_some()),
        permit_late_complexes: complexes_where(&|h| {
            !h.species.is_empty() && h.permit_date.is_some_and(|d| d > deadline)
        }),
        monument_homes: homes.iter().filter(|h| h.monument.is_monument()).count(),
    }
}

// ---------------------------------------------------------------------------------------------
// The `generate` subcommand

#[derive(Debug, Clone, clap::Args)]
pub struct GenerateArgs {
    /// Aantal woningen (standaard 8000).
    #[arg(
        long = "woningen",
        alias = "homes",
        value_name = "N",
        default_value_t = 8000,
        hide_default_value = true,
        value_parser = crate::limits::homes_count
    )]
    pub homes: usize,
    /// Aantal corporaties (standaard 1; bij meer dan één komt er een kolom corporatie).
    #[arg(
        long = "corporaties",
        alias = "corporations",
        value_name = "N",
        default_value_t = 1,
        hide_default_value = true,
        value_parser = crate::limits::corporations_count
    )]
    pub corporations: usize,
    /// Startwaarde van het toeval: dezelfde waarde geeft hetzelfde bezit (standaard 2024).
    #[arg(
        long = "startwaarde",
        alias = "seed",
        value_name = "GETAL",
        default_value_t = 2024,
        hide_default_value = true,
        value_parser = crate::cli_dutch::seed
    )]
    pub seed: u64,
    /// Uitvoerbestand: .xlsx, .csv (puntkomma, decimale komma) of .parquet (ook --output).
    #[arg(
        short = 'o',
        long = "uitvoer",
        alias = "output",
        value_name = "BESTAND"
    )]
    pub output: PathBuf,
}

/// Generates a stock and writes it; returns a one-line Dutch summary.
pub fn run_generate(args: &GenerateArgs) -> Result<String, SynthError> {
    let start = Instant::now();
    if args.homes == 0 {
        return Err(SynthError::InvalidSpec(
            "--woningen moet minstens 1 zijn".to_string(),
        ));
    }
    if args.corporations == 0 {
        return Err(SynthError::InvalidSpec(
            "--corporaties moet minstens 1 zijn".to_string(),
        ));
    }
    if args.corporations > args.homes {
        return Err(SynthError::InvalidSpec(format!(
            "--corporaties ({}) mag niet groter zijn dan --woningen ({}): elke corporatie krijgt minstens één woning",
            args.corporations, args.homes
        )));
    }
    // Fail on the format and the target (its folder exists, the file is not read-only or
    // open in Excel) before spending time on a large stock.
    writer::check_format(&args.output, args.homes)?;
    crate::output::check_target(&args.output)
        .map_err(|e| SynthError::InvalidSpec(e.to_string()))?;
    // A stock file may be someone's real stock: never written over.
    if args.output.exists() {
        return Err(SynthError::InvalidSpec(format!(
            "--uitvoer {}: bestaat al; kies een andere naam of verwijder het bestand eerst",
            args.output.display()
        )));
    }
    let spec = SynthSpec::new(args.homes, args.corporations, args.seed);
    let homes = generate(&spec);
    write_stock(&homes, &args.output)?;
    let efg = homes.iter().filter(|h| h.label.is_efg()).count();
    let corporations = if args.corporations > 1 {
        format!(" van {} corporaties", args.corporations)
    } else {
        String::new()
    };
    let seconds = crate::nl_format::decimal(start.elapsed().as_secs_f64(), 1);
    Ok(format!(
        "{}{} geschreven naar {} ({} EFG) in {} s",
        crate::nl_format::count(homes.len(), "woning", "woningen"),
        corporations,
        args.output.display(),
        crate::nl_format::number(efg),
        seconds
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ep2_draws_stay_in_their_class() {
        let mut rng = Rng::new(7);
        for &label in &Label::ALL[1..] {
            for _ in 0..2000 {
                let ep2 = draw_ep2(&mut rng, label);
                assert_eq!(Label::from_ep2(ep2), label, "{label} {ep2}");
                assert!(ep2 >= 0.0);
            }
        }
    }

    #[test]
    fn sizes_sum_to_the_stock() {
        for remaining in [1, 7, 8, 9, 15, 80, 81, 87, 88, 200] {
            for drawn in 8..=80 {
                let size = fit_size(drawn, remaining);
                assert!(size >= 1 && size <= remaining);
                let rest = remaining - size;
                assert!(rest == 0 || rest >= COMPLEX_MIN, "{drawn} of {remaining}");
                assert!(size <= COMPLEX_MAX || remaining <= COMPLEX_MAX);
            }
        }
    }

    #[test]
    fn rng_choose_is_distinct() {
        let mut rng = Rng::new(1);
        let items: Vec<usize> = (0..50).collect();
        let mut chosen = rng.choose(&items, 20);
        chosen.sort();
        chosen.dedup();
        assert_eq!(chosen.len(), 20);
        assert_eq!(rng.choose(&items[..3], 10).len(), 3);
    }
}
