//! From classified homes to projects: the package per home, grouping by complex (and block),
//! splitting by address order, and the rules that only limit *when* a project may start
//! (permits, species seasons, pepper-potted month, deadline, its own size) turned into data: the
//! project's allowed start months. The MILP then only sees what remains.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::catalog::Choice;
use crate::heat_plan::{HeatSolution, Heating};
use crate::input::values::{fmt_nl, thousands};
use crate::pace;
use crate::scenario::{Month, Scenario};
use crate::stock::{classify, Class, Exclusion, Home, Label};

/// Why an eligible home is not in the plan. The first group is known before the solve; the
/// second is found by checking the solved plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum NotPlanned {
    /// No package of the catalog brings the home to the target label.
    NoPackage { best_label: Option<Label> },
    /// The home's wijk gets a heat network (sheet `Wijken`): only packages without a heat
    /// source ("no regret") may be used, and none of them reaches the target.
    HeatNetworkNoRegret {
        district: String,
        year: Option<i32>,
        best_label: Option<Label>,
    },
    /// The permit (given or assumed) leaves no start that ends by the deadline.
    PermitAfterDeadline {
        permit_month: Month,
        assumed: bool,
        /// The project's months and the last start that ends by the deadline (helper 88 asked
        /// why a permit ready in the deadline's month allows no start).
        duration_months: u32,
        last_start: Month,
    },
    /// Permit and deadline leave starts, from `first` to `last_start` (the last that ends by the
    /// deadline), but none is open for every species present.
    NoOpenSeason {
        species: Vec<String>,
        first: Month,
        last_start: Month,
        /// The permit's date and whether it is assumed, where `first` is its month (later than
        /// the planning's start).
        permit: Option<(NaiveDate, bool)>,
    },
    /// The project alone is larger than a year's budget or a month's capacity allows (`what`
    /// says which); `homes` is its size (a project of one home cannot be split). `one_home_fits`:
    /// a project of one of its homes (at its average cost per home, in one month) fits alone at
    /// some start its rules allow, so splitting can help; else only more budget or capacity.
    ProjectTooLarge {
        what: String,
        homes: usize,
        one_home_fits: bool,
        /// What the advice says to raise: "het budget" or "de capaciteit" where raising that
        /// alone would let it fit at some start, "het budget of de capaciteit" where either
        /// would (at different starts), "het budget en de capaciteit" where both fall short at
        /// every start (or where it fits in no month at all).
        short_of: &'static str,
        /// In a re-plan: at some start it would fit without the work done, running or
        /// contracted, which is then what keeps it out (helper 74 read "past alleen al bij
        /// geen startmaand" of a project a fifth of the budget, beside contracted work).
        beside_pinned: bool,
        /// The highest minimum pace (homes a month) below the scenario's that lets the project
        /// alone fit some start, and the months it then takes (src/pace.rs), so that the
        /// advice can name them (helper 86: 4-home
        /// projects "te groot" beside a capacity of 3, where a minimum of 2 planned them).
        slower_fits: Option<(f64, u32)>,
    },
    /// The project's duration does not fit between its earliest start and the deadline.
    TooLongForHorizon { duration_months: u32 },
    /// With more budget in these years it would be planned. `both`: its other starts, where
    /// budget and capacity both have no room (said too, lest the list read as every start).
    Budget { years: Vec<i32>, both: Vec<Month> },
    /// With more capacity in these months it would be planned; `both` as for `Budget`.
    Capacity {
        months: Vec<Month>,
        both: Vec<Month>,
    },
    /// At some starts more budget, at others more capacity, would let it in; `both` as for
    /// `Budget`.
    BudgetOrCapacity { years: Vec<i32>, both: Vec<Month> },
    /// Both budget and capacity are full at every start it could have: the years whose budget
    /// and the months whose capacity it would overrun (helper 99: the capacity months were
    /// not named, and their years were said as budget years).
    BudgetAndCapacity { years: Vec<i32>, months: Vec<Month> },
    /// A pepper-potted project may start only from the scenario's month in its year; no such
    /// start is left before the deadline.
    PepperPottedMonth {
        month: u32,
        /// In a re-plan, for a project not on the year's list the municipality has: the first
        /// month it may start ([`Project::pepper_potted_listed_from`]).
        listed_from: Option<Month>,
        /// The starts permit, species calendar and deadline leave: all before that month.
        left: Vec<Month>,
    },
    /// The project may start no more than `max_years_before` years before the maintenance
    /// year of its homes, which leaves no start before the deadline.
    MaintenanceTooFar {
        year: i32,
        max_years_before: u32,
        /// The starts the other rules leave: all too long before the maintenance year.
        left: Vec<Month>,
    },
    /// It would fit but the solver stopped at its time limit before placing it.
    SolverLimit,
    /// The homes stage is not proven: a better plan may take it in. `now` says what stops it
    /// in this plan.
    NotProven { now: Box<NotPlanned> },
    /// The homes are proven, but a plan of the same homes that holds this project is not
    /// proven to cost more than this one: the cost is proven only to its gap
    /// (`cost_proven`), or not at all. `now` says what stops it in this plan.
    NotExcluded {
        now: Box<NotPlanned>,
        cost_proven: bool,
    },
}

impl NotPlanned {
    /// The reason in Dutch, with what a user can do about it.
    pub fn reason(&self, target: Label) -> String {
        match self {
            NotPlanned::NoPackage { best_label } => match best_label {
                Some(l) => format!(
                    "geen pakket: het beste pakket uit de catalogus haalt label {l}, doel is {target}"
                ),
                None => "geen pakket: de catalogus heeft geen pakket voor dit woningtype".into(),
            },
            NotPlanned::HeatNetworkNoRegret {
                district,
                year,
                best_label,
            } => {
                let when = year.map(|y| format!(" ({y})")).unwrap_or_default();
                let best = match best_label {
                    Some(l) => format!("de beste haalt label {l}"),
                    None => "de catalogus heeft er geen voor dit woningtype".into(),
                };
                format!(
                    "wijk {district} krijgt een warmtenet{when}: alleen no-regret-pakketten zonder eigen warmtebron; {best}, doel is {target}"
                )
            }
            NotPlanned::PermitAfterDeadline {
                permit_month,
                assumed,
                duration_months,
                last_start,
            } => format!(
                "vergunning flora & fauna {} (eerste startmaand {permit_month}) laat geen start toe die uiterlijk in de deadlinemaand klaar is: het project duurt {}, de laatste start is {last_start}",
                if *assumed { "verwacht" } else { "gereed" },
                crate::nl_format::count(*duration_months as usize, "maand", "maanden")
            ),
            // The months between permit and the last start that ends by the deadline (helper
            // 74 read "tussen vergunning en deadline" where open months lay after that start).
            // Where the permit sets the first month, it is named (helper 77 read "in 2028-11,
            // de laatste start ..." and asked why not September).
            NotPlanned::NoOpenSeason {
                species,
                first,
                last_start,
                permit,
            } => {
                let permit = permit.map(|(date, assumed)| {
                    format!(
                        "de eerste startmaand na de {} ({})",
                        if assumed {
                            "aangenomen vergunningsdatum"
                        } else {
                            "vergunning"
                        },
                        crate::input::values::fmt_date(date)
                    )
                });
                let months = match (first == last_start, permit) {
                    (true, None) => format!(
                        "in {first}, de laatste start waarmee het project uiterlijk in de deadlinemaand klaar is"
                    ),
                    (false, None) => format!(
                        "van {first} t/m {last_start}, de laatste start waarmee het project uiterlijk in de deadlinemaand klaar is"
                    ),
                    (true, Some(permit)) => format!(
                        "in {first}: {permit} en de laatste waarmee het project uiterlijk in de deadlinemaand klaar is"
                    ),
                    (false, Some(permit)) => format!(
                        "van {first} t/m {last_start}: van {permit} t/m de laatste waarmee het project uiterlijk in de deadlinemaand klaar is"
                    ),
                };
                format!("geen startmaand open voor {} {months}", species.join(", "))
            }
            // A project of one home cannot be split, and where not even one home fits,
            // splitting does not help.
            NotPlanned::ProjectTooLarge { what, .. } => self.too_large_text(what, true),
            NotPlanned::TooLongForHorizon { duration_months } => format!(
                "project duurt {duration_months} maanden en is niet meer uiterlijk in de deadlinemaand klaar"
            ),
            NotPlanned::Budget { years, both } if both.is_empty() => format!(
                "budget: past bij geen enkele startmaand nog binnen het budget van {}",
                years_text(years)
            ),
            // The years are those of the starts where only the budget falls short; said after
            // the starts where both do, lest they read as the only years short (helper 57: "het
            // budget van jaar 2026" where the starts in 2024 and 2025 overran those years too).
            NotPlanned::Budget { years, both } => format!(
                "budget: past bij geen enkele startmaand: bij een start in {} {BOTH_SHORT}, bij de andere starts niet binnen het budget van {}",
                months_text(both),
                years_text(years)
            ),
            NotPlanned::Capacity { months, both } => {
                // The months the project would work in without room (not its starts, which
                // `both_text` names): helper 56 read the two lists as one.
                // Helper 72 still read them as starts: said as the months it would run in.
                format!(
                    "capaciteit: past bij geen enkele startmaand; te krap in {} waarin het zou lopen: {}{}",
                    if months.len() == 1 { "de maand" } else { "de maanden" },
                    months_text(months),
                    both_text(both)
                )
            }
            NotPlanned::BudgetOrCapacity { years, both } => format!(
                "budget of capaciteit: past niet in {}: bij de ene startmaand is meer budget genoeg, bij de andere meer capaciteit{}",
                years_text(years),
                both_text(both)
            ),
            // Beside the other projects of this plan: with those moved, more of one alone may
            // do (helper 96 fitted each such project with more budget only; the reason had
            // said "meer van alleen één van beide is niet genoeg").
            NotPlanned::BudgetAndCapacity { years, months } => format!(
                "budget en capaciteit: past bij geen enkele startmaand: {}",
                both_short_beside_plan(years, months, true)
            ),
            // The starts the other rules leave, named (helper 74: "en dan niet meer vóór de
            // deadline klaar" where the species calendar closed the months that would be).
            NotPlanned::PepperPottedMonth {
                month,
                listed_from: None,
                left,
            } => format!(
                "gespikkeld: start pas vanaf {} van een jaar; de startmaanden die vergunning, soortenkalender en deadline openlaten ({}) liggen daarvóór",
                crate::nl_format::month_name(*month),
                months_text(left)
            ),
            NotPlanned::PepperPottedMonth {
                month,
                listed_from: Some(from),
                left,
            } => format!(
                "gespikkeld: start pas vanaf {} van een jaar, en niet vóór {from}: {}; de startmaanden die vergunning, soortenkalender en deadline openlaten ({}) liggen daarvóór",
                crate::nl_format::month_name(*month),
                not_listed_text(*from),
                months_text(left)
            ),
            NotPlanned::MaintenanceTooFar {
                year,
                max_years_before,
                left,
            } => format!(
                "onderhoud: start niet meer dan {max_years_before} jaar vóór het onderhoudsjaar {year}; de startmaanden die de andere regels openlaten ({}) liggen eerder",
                months_text(left)
            ),
            NotPlanned::SolverLimit => {
                "past wel naast dit plan, maar de solver stopte op zijn rekenlimiet (tijdslimiet of het rekenwerk dat erbij hoort, zie Aannames); verhoog --tijdslimiet".into()
            }
            NotPlanned::NotProven { now } => format!(
                "plan niet bewezen optimaal (de solver stopte op zijn tijds- of rekenlimiet): een beter plan kan dit project mogelijk wel bevatten; in dit plan: {}",
                now.reason(target)
            ),
            NotPlanned::NotExcluded {
                now,
                cost_proven: true,
            } => format!(
                "{}, in dit plan; niet uitgesloten dat een plan met dit project en evenveel woningen even duur is, of goedkoper binnen de marge waarop de kosten bewezen zijn (zie Aannames)",
                now.reason(target)
            ),
            NotPlanned::NotExcluded {
                now,
                cost_proven: false,
            } => format!(
                "{}, in dit plan; het aantal woningen is bewezen, maar de kosten niet: niet uitgesloten dat een plan met dit project en evenveel woningen goedkoper is",
                now.reason(target)
            ),
        }
    }

    /// The reason at the starts the model could choose, after a clause about the others ("bij
    /// start in 2027-07 is het project alleen al groter dan ...; bij de andere starts: ..."):
    /// without the category and "at every start", which the line before it says (helper 96
    /// read "bij de andere starts: budget en capaciteit: bij elke startmaand ..." as a
    /// contradiction). The caveats of a plan not proven or a project not excluded stay.
    pub fn reason_at_other_starts(&self, target: Label) -> String {
        match self {
            NotPlanned::Budget { years, both } if both.is_empty() => {
                format!("niet binnen het budget van {}", years_text(years))
            }
            NotPlanned::Budget { years, both } => format!(
                "bij een start in {} {BOTH_SHORT}, bij de rest niet binnen het budget van {}",
                months_text(both),
                years_text(years)
            ),
            NotPlanned::Capacity { months, both } => format!(
                "te krap in {} waarin het zou lopen: {}{}",
                if months.len() == 1 { "de maand" } else { "de maanden" },
                months_text(months),
                both_text(both)
            ),
            NotPlanned::BudgetOrCapacity { years, both } => format!(
                "past het niet in {}: bij de ene startmaand is meer budget genoeg, bij de andere meer capaciteit{}",
                years_text(years),
                both_text(both)
            ),
            NotPlanned::BudgetAndCapacity { years, months } => {
                both_short_beside_plan(years, months, false)
            }
            // The full reason with the inner one said at the other starts: the caveats stay
            // where the full reason has them.
            NotPlanned::NotProven { now } | NotPlanned::NotExcluded { now, .. } => self
                .reason(target)
                .replacen(&now.reason(target), &now.reason_at_other_starts(target), 1),
            other => other.reason(target),
        }
    }

    /// The reason in a line, for the column `reden` and for `Voortgang`: what stops the
    /// project, without the starts, months and caveats that [`NotPlanned::reason`] adds (those
    /// go in the column `toelichting`). Each is true on its own: the budget and capacity
    /// reasons say "bij geen enkele startmaand", which holds at the starts where both fall
    /// short too (helper 66: reasons of 950 characters made rows of 17 lines).
    pub fn short_reason(&self, target: Label) -> String {
        match self {
            NotPlanned::Budget { .. } => {
                "budget: past bij geen enkele startmaand binnen het budget".into()
            }
            NotPlanned::Capacity { .. } => {
                "capaciteit: past bij geen enkele startmaand binnen de capaciteit".into()
            }
            NotPlanned::BudgetAndCapacity { .. } => {
                "budget en capaciteit: past bij geen enkele startmaand binnen budget en capaciteit"
                    .into()
            }
            NotPlanned::BudgetOrCapacity { years, .. } => format!(
                "budget of capaciteit: past niet in {} (bij de ene startmaand is meer budget genoeg, bij de andere meer capaciteit)",
                years_text(years)
            ),
            NotPlanned::SolverLimit => {
                "past wel naast dit plan, maar de solver stopte op zijn rekenlimiet".into()
            }
            // `what` names the pace, the months and the shortfall: the whole reason's.
            // "op zichzelf" (on its own) only where the work done, running or contracted is not
            // what keeps it out (helper 75 read it beside "naast werk ...").
            NotPlanned::ProjectTooLarge { beside_pinned, .. } => self.too_large_text(
                if *beside_pinned {
                    "past bij geen startmaand"
                } else {
                    "past op zichzelf bij geen enkele startmaand"
                },
                false,
            ),
            NotPlanned::NotProven { now } => format!(
                "plan niet bewezen optimaal; in dit plan: {}",
                now.short_reason(target)
            ),
            NotPlanned::NotExcluded { now, .. } => {
                format!("{}, in dit plan", now.short_reason(target))
            }
            _ => self.reason(target),
        }
    }

    /// "project te groot[ naast werk ...]: <what>; [splits het project, ][verlaag het
    /// minimumtempo tot <pace> of ]verhoog <short_of>" for [`NotPlanned::ProjectTooLarge`]: a
    /// project of one home cannot be split, and where not even one home fits, splitting does
    /// not help; the minimum pace is named where a lower one lets it fit, with its key and its
    /// name in sheet `Scenario's` in the `full` reason. Empty for any other reason.
    fn too_large_text(&self, what: &str, full: bool) -> String {
        let NotPlanned::ProjectTooLarge {
            homes,
            one_home_fits,
            short_of,
            beside_pinned,
            slower_fits,
            ..
        } = self
        else {
            return String::new();
        };
        let mut ways = Vec::new();
        if *homes > 1 && *one_home_fits {
            ways.push("splits het project".to_string());
        }
        if let Some((pace, months)) = slower_fits {
            // The key and the months in the full reason; the line stays one line.
            // With the pace it then runs at: "tot 3,3" beside "ook niet in 3 maanden (3,3
            // woningen per maand)" read as circular (helper 98; 10 homes in 3 months is 3,33).
            let (key, then) = if full {
                (
                    " ([projects] min_homes_per_month_per_project; blad Scenario's: minimum tempo)",
                    format!(
                        " of lager (het project duurt dan {months} maanden, {})",
                        crate::nl_format::per_month(*homes as f64 / f64::from(*months))
                    ),
                )
            } else {
                ("", String::new())
            };
            ways.push(format!(
                "verlaag het minimumtempo{key} tot {}{then}",
                crate::nl_format::per_month(*pace)
            ));
        }
        ways.push(format!("verhoog {short_of}"));
        let ways: Vec<&str> = ways.iter().map(String::as_str).collect();
        let beside = if *beside_pinned { BESIDE_PINNED } else { "" };
        format!(
            "project te groot{beside}: {what}; {}",
            crate::nl_format::or_list(&ways)
        )
    }

    /// Whether the reason is budget or capacity in the plan (also when not proven or not
    /// excluded): the reasons that name the years or months of the project's starts.
    pub fn is_budget_or_capacity(&self) -> bool {
        match self {
            NotPlanned::Budget { .. }
            | NotPlanned::Capacity { .. }
            | NotPlanned::BudgetOrCapacity { .. }
            | NotPlanned::BudgetAndCapacity { .. } => true,
            NotPlanned::NotProven { now } | NotPlanned::NotExcluded { now, .. } => {
                now.is_budget_or_capacity()
            }
            _ => false,
        }
    }

    /// A short category for counting (`budget`, `capaciteit`, ...).
    pub fn category(&self) -> &'static str {
        match self {
            NotPlanned::NoPackage { .. } => "geen pakket",
            NotPlanned::HeatNetworkNoRegret { .. } => "warmtenet: alleen no-regret",
            NotPlanned::PermitAfterDeadline { .. } => "vergunning te laat",
            NotPlanned::NoOpenSeason { .. } => "seizoen soorten",
            NotPlanned::ProjectTooLarge { .. } => "project te groot",
            NotPlanned::TooLongForHorizon { .. } => "te lang voor horizon",
            NotPlanned::Budget { .. } => "budget",
            NotPlanned::Capacity { .. } => "capaciteit",
            NotPlanned::BudgetOrCapacity { .. } => "budget of capaciteit",
            NotPlanned::BudgetAndCapacity { .. } => "budget en capaciteit",
            NotPlanned::PepperPottedMonth { .. } => "gespikkeld startmaand",
            NotPlanned::MaintenanceTooFar { .. } => "onderhoudsjaar te ver",
            NotPlanned::SolverLimit => "rekenlimiet solver",
            NotPlanned::NotProven { .. } => "plan niet bewezen",
            NotPlanned::NotExcluded { now, .. } => match **now {
                NotPlanned::Budget { .. } => "budget (in dit plan)",
                NotPlanned::Capacity { .. } => "capaciteit (in dit plan)",
                NotPlanned::BudgetOrCapacity { .. } => "budget of capaciteit (in dit plan)",
                NotPlanned::BudgetAndCapacity { .. } => "budget en capaciteit (in dit plan)",
                _ => "in dit plan",
            },
        }
    }
}

/// What a reason says of the starts at which a project needs more budget and more capacity
/// both.
const BOTH_SHORT: &str = "past het niet binnen het budget en ook niet binnen de capaciteit";

/// Budget and capacity both short (at every start, or at the starts a clause before names),
/// said as what it is: beside the rest of this plan, whose projects could move. Names the years
/// of the budget and the months of the capacity it would overrun.
fn both_short_beside_plan(years: &[i32], months: &[Month], every_start: bool) -> String {
    format!(
        "naast de rest van dit plan zijn{} budget en capaciteit allebei te krap (het budget van {}; de capaciteit in {} waarin het zou lopen: {})",
        if every_start { " bij elke start" } else { "" },
        years_text(years),
        if months.len() == 1 { "de maand" } else { "de maanden" },
        months_text(months)
    )
}

/// The starts at which a project needs more budget and more capacity both, after a reason
/// that names the years (or months) where one of them would do.
fn both_text(both: &[Month]) -> String {
    if both.is_empty() {
        return String::new();
    }
    format!("; bij een start in {} {BOTH_SHORT}", months_text(both))
}

/// The first six months, and how many more: a list cut short silently reads as if the later
/// months were not in it.
fn months_text(months: &[Month]) -> String {
    let shown: Vec<String> = months.iter().take(6).map(|m| m.to_string()).collect();
    let more = match months.len().saturating_sub(6) {
        0 => String::new(),
        n => format!(" en nog {}", crate::nl_format::count(n, "maand", "maanden")),
    };
    format!("{}{more}", shown.join(", "))
}

/// "2027-06 t/m 2027-08, 2027-10 en 2028-01": ascending months, each run of consecutive months
/// as a range ([`month_runs`]).
pub(crate) fn month_ranges(months: &[Month]) -> String {
    let runs = month_runs(months);
    crate::nl_format::and_list(&runs.iter().map(String::as_str).collect::<Vec<_>>())
}

/// Ascending months as runs of consecutive months: "2027-06 t/m 2027-08", "2027-10".
fn month_runs(months: &[Month]) -> Vec<String> {
    let mut runs: Vec<(Month, Month)> = Vec::new();
    for &m in months {
        match runs.last_mut() {
            Some((_, last)) if last.plus(1) == m => *last = m,
            _ => runs.push((m, m)),
        }
    }
    runs.into_iter()
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a} t/m {b}")
            }
        })
        .collect()
}

fn years_text(years: &[i32]) -> String {
    let y: Vec<String> = years.iter().map(|y| y.to_string()).collect();
    match y.len() {
        0 => "het budget".into(),
        1 => format!("jaar {}", y[0]),
        // "de jaren 2025 en 2026" (helper 105 read "het budget van jaren 2025, 2026").
        _ => {
            let y: Vec<&str> = y.iter().map(String::as_str).collect();
            format!("de jaren {}", crate::nl_format::and_list(&y))
        }
    }
}

/// What happens to one home before the solve.
#[derive(Debug, Clone, PartialEq)]
pub enum Prepared {
    NotEfg,
    Excluded(Exclusion),
    NoPackage {
        best_label: Option<Label>,
    },
    /// In a heat-network wijk, no package without a heat source reaches the target.
    NoRegretOnly(NotPlanned),
    /// In project `project`, with its package.
    InProject {
        project: usize,
    },
}

/// Per eligible home with a package: the EP2 used and the chosen package.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HomeMeasure {
    pub ep2_before: f64,
    /// True when the EP2 was not given and the scenario's assumed EP2 for the label was used.
    pub ep2_assumed: bool,
    pub choice: Choice,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Project {
    /// `P1203-B2-1`: complex, block, part.
    pub id: String,
    pub corporation: String,
    pub complex: String,
    pub block: Option<String>,
    /// Indices into the stock's homes, in address order.
    pub homes: Vec<usize>,
    /// Sum of the homes' package costs at the catalog's price level.
    pub cost_eur: f64,
    pub duration_months: u32,
    pub species: Vec<String>,
    pub pepper_potted: bool,
    /// The latest permit date of its homes with species (given or assumed).
    pub permit_ready: Option<NaiveDate>,
    pub permit_assumed: bool,
    /// Sum of the homes' label urgency (G 3, F 2, E 1), for "worse labels earlier".
    pub urgency: u32,
    /// Per maintenance year (`onderhoudsjaar`) of its homes: their package cost at the price
    /// level, on which the maintenance saving applies when the project starts that year.
    pub maintenance_cost: BTreeMap<i32, f64>,
    /// The cheapest package cost at the price level of its homes without a maintenance year,
    /// and per maintenance year of those with that year (which changes both their cost and
    /// their starts): the least a project of one of its homes costs, for the split advice.
    pub cheapest_home: CheapestHome,
    /// Homes with label G, F and E, for "worst label first".
    pub efg_homes: [usize; 3],
    /// Start months that every rule on this project alone allows, ascending.
    pub allowed_starts: Vec<Month>,
    /// Why `allowed_starts` is empty, when it is.
    pub blocked: Option<NotPlanned>,
    /// Starts every other rule allows but at which the project alone, at its pace, is larger
    /// than a year's budget or a month's capacity (src/pace.rs keeps the pace when some start
    /// fits): said beside a budget or capacity reason.
    pub too_large_starts: Vec<Month>,
    /// Those of them at which, in a re-plan, work done, running or contracted takes part of
    /// the budget or capacity: the clause then names what that work leaves.
    pub too_large_beside_pinned: Vec<Month>,
    /// Starts at which the project alone is too large at its pace but fits at a slower one
    /// (down to the scenario's minimum pace): per start, the duration of the fastest such pace
    /// (src/pace.rs). They are among `allowed_starts`; at the others it runs `duration_months`.
    pub slower_starts: BTreeMap<Month, u32>,
    /// In a re-plan, work done, running or contracted with the same homes as in the previous
    /// plan: the cost its `Projecten` row gives (the plan's figure, or the contract sum the team
    /// wrote there), counted whatever the prices of this scenario (src/replan.rs).
    pub pinned_cost_eur: Option<f64>,
    /// With `pinned_cost_eur`, each home's share of it (by `vhe`), as the previous plan split
    /// it (src/replan.rs); they add up to `pinned_cost_eur`.
    pub pinned_home_costs: BTreeMap<String, f64>,
    /// In a re-plan after the start of a year, whose list of pepper-potted work the
    /// municipality has had since then (SPEC: shared at the start of each year, before work
    /// starts): a pepper-potted project that was not on it starts no earlier than January of
    /// the next year (src/replan.rs; helper 82 saw one moved into the month of the re-plan).
    pub pepper_potted_listed_from: Option<Month>,
}

/// See [`Project::cheapest_home`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CheapestHome {
    pub without_year_eur: Option<f64>,
    pub by_maintenance_year: BTreeMap<i32, f64>,
}

#[cfg(test)]
impl Project {
    /// A project for unit tests of the model: `homes` homes (indices 0..homes), `duration`
    /// months, no cost, rules or labels.
    pub(crate) fn bare(id: &str, homes: usize, duration: u32) -> Project {
        Project {
            id: id.into(),
            corporation: String::new(),
            complex: String::new(),
            block: None,
            homes: (0..homes).collect(),
            cost_eur: 0.0,
            duration_months: duration,
            species: Vec::new(),
            pepper_potted: false,
            permit_ready: None,
            permit_assumed: false,
            urgency: 0,
            maintenance_cost: BTreeMap::new(),
            cheapest_home: CheapestHome::default(),
            efg_homes: [0; 3],
            allowed_starts: Vec::new(),
            blocked: None,
            too_large_starts: Vec::new(),
            too_large_beside_pinned: Vec::new(),
            slower_starts: BTreeMap::new(),
            pinned_cost_eur: None,
            pinned_home_costs: BTreeMap::new(),
            pepper_potted_listed_from: None,
        }
    }
}

impl Project {
    pub fn home_count(&self) -> usize {
        self.homes.len()
    }

    /// Homes in progress per month while it runs at its own pace.
    pub fn homes_per_month(&self) -> f64 {
        self.homes.len() as f64 / self.duration_months as f64
    }

    /// Its duration when it starts in `start`: slower at [`Project::slower_starts`].
    pub fn duration_at(&self, start: Month) -> u32 {
        self.slower_starts
            .get(&start)
            .copied()
            .unwrap_or(self.duration_months)
    }

    /// Homes in progress per month while it runs, when it starts in `start`.
    pub fn homes_per_month_at(&self, start: Month) -> f64 {
        self.homes.len() as f64 / self.duration_at(start) as f64
    }

    pub fn end_month(&self, start: Month) -> Month {
        start.plus(self.duration_at(start) as i32 - 1)
    }

    /// Escalated cost when starting in `start`, less the maintenance saving on the homes whose
    /// maintenance year is the start year; for pinned work in a re-plan, the previous plan's
    /// cost ([`Project::pinned_cost_eur`]).
    pub fn cost_at(&self, start: Month, scenario: &Scenario) -> f64 {
        self.pinned_cost_eur
            .unwrap_or_else(|| self.priced_cost_at(start, scenario))
    }

    /// [`Project::cost_at`] at this scenario's prices, also for pinned work.
    pub fn priced_cost_at(&self, start: Month, scenario: &Scenario) -> f64 {
        (self.cost_eur - self.maintenance_saving_at(start, scenario))
            * scenario.cost.escalation_factor(start.year())
    }

    /// The maintenance saving at the price level when starting in `start`.
    pub fn maintenance_saving_at(&self, start: Month, scenario: &Scenario) -> f64 {
        let m = &scenario.maintenance;
        if m.combined(Some(start.year()), start) {
            self.maintenance_cost
                .get(&start.year())
                .map_or(0.0, |c| c * m.saving_pct / 100.0)
        } else {
            0.0
        }
    }

    /// The earliest maintenance year of its homes.
    pub fn earliest_maintenance_year(&self) -> Option<i32> {
        self.maintenance_cost.keys().next().copied()
    }

    /// Cost per calendar year when starting in `start`: the escalated cost spread evenly.
    pub fn cost_by_year(&self, start: Month, scenario: &Scenario) -> BTreeMap<i32, f64> {
        let months = self.duration_at(start);
        let per_month = self.cost_at(start, scenario) / months as f64;
        let mut out = BTreeMap::new();
        for i in 0..months as i32 {
            *out.entry(start.plus(i).year()).or_insert(0.0) += per_month;
        }
        out
    }
}

/// Every home's preparation and the projects.
#[derive(Debug, Clone)]
pub struct Preparation {
    pub homes: Vec<Prepared>,
    /// Per home: `Some` for homes in a project.
    pub measures: Vec<Option<HomeMeasure>>,
    pub projects: Vec<Project>,
}

/// The EP2 used for a home: the given one, else the scenario's conservative value for its label.
/// A given EP2 of another class than the registered label counts as none: the registered label
/// decides (SPEC), also for the package and the saving (helper 88: an E home with EP2 150 got a
/// light package and was shown to its tenants as going to A+).
pub fn ep2_used(home: &Home, scenario: &Scenario) -> (f64, bool) {
    match home
        .ep2_kwh_m2
        .filter(|&ep2| Label::from_ep2(ep2) == home.label)
    {
        Some(ep2) => (ep2, false),
        None => (
            scenario
                .assumed_ep2_kwh_m2
                .get(&home.label)
                .copied()
                .unwrap_or(450.0),
            true,
        ),
    }
}

/// The date a home's flora & fauna permit is taken to be ready: the given date, else the end of
/// the first survey season (of its species, the latest) on or after the plan's start plus the
/// scenario's lead time. `None` when the home has no species and no date. A date without a
/// species still holds the work (the importer warns that no season applies then).
pub fn permit_ready(home: &Home, scenario: &Scenario) -> Option<(NaiveDate, bool)> {
    if let Some(d) = home.permit_date {
        return Some((d, false));
    }
    if home.species.is_empty() {
        return None;
    }
    let plan_start = scenario.start_month.first_day();
    let season_end = home
        .species
        .iter()
        .filter_map(|s| scenario.species_season(s))
        .map(|s| s.first_survey_end_after(plan_start))
        .max()
        // An unknown species has no survey season in the calendar; the permit still takes the
        // lead time from the plan's start.
        .unwrap_or(plan_start);
    // Checked: the scenario bounds the lead time, but a date past the calendar's end must
    // still not panic; it then means "never within any horizon".
    let ready = season_end
        .checked_add_signed(Duration::weeks(i64::from(
            scenario.projects.permit_lead_weeks,
        )))
        .unwrap_or(NaiveDate::MAX);
    Some((ready, true))
}

/// Classifies, chooses packages, groups into projects and computes allowed starts.
pub fn prepare(homes: &[Home], scenario: &Scenario) -> Preparation {
    prepare_keeping(homes, scenario, &[])
}

/// A project to keep as it was, whatever the grouping of today's stock: a re-plan's done,
/// running or contracted project, by its id and the vhe numbers of its homes.
#[derive(Debug, Clone)]
pub struct KeptProject {
    pub id: String,
    pub vhe: Vec<String>,
    /// Its complex in the previous plan (empty when not known): it stays under that complex
    /// where as many of its homes are still in it as in any other.
    pub complex: String,
}

/// [`prepare`], except that the homes of each [`KeptProject`] that are still eligible form
/// exactly that project (its id, its homes). The other homes of a complex are grouped as
/// usual, under ids the kept projects do not use.
pub fn prepare_keeping(homes: &[Home], scenario: &Scenario, kept: &[KeptProject]) -> Preparation {
    let kept_of: BTreeMap<&str, usize> = kept
        .iter()
        .enumerate()
        .flat_map(|(k, p)| p.vhe.iter().map(move |v| (v.as_str(), k)))
        .collect();
    let mut kept_members: Vec<Vec<usize>> = vec![Vec::new(); kept.len()];
    let mut prepared = Vec::with_capacity(homes.len());
    let mut measures = vec![None; homes.len()];
    let mut groups: BTreeMap<(&str, &str, Option<&str>), Vec<usize>> = BTreeMap::new();
    for (i, home) in homes.iter().enumerate() {
        let p = match classify(home) {
            Class::NotEfg => Prepared::NotEfg,
            Class::Excluded(e) => Prepared::Excluded(e),
            Class::Eligible => {
                let (ep2, assumed) = ep2_used(home, scenario);
                let district = scenario.heat_plan.for_district(home.district.as_deref());
                let allowed = |h: Heating| district.is_none_or(|d| d.solution.allows(h));
                match scenario.catalog.choose_allowed(
                    home.home_type,
                    home.area_m2,
                    ep2,
                    scenario.target_label,
                    &allowed,
                ) {
                    Some(choice) => {
                        measures[i] = Some(HomeMeasure {
                            ep2_before: ep2,
                            ep2_assumed: assumed,
                            choice,
                        });
                        match kept_of.get(home.vhe.as_str()) {
                            Some(&k) => kept_members[k].push(i),
                            None => groups
                                .entry((&home.corporation, &home.complex, home.block.as_deref()))
                                .or_default()
                                .push(i),
                        }
                        // The project index is filled in below.
                        Prepared::InProject {
                            project: usize::MAX,
                        }
                    }
                    None => match district.filter(|d| d.solution == HeatSolution::HeatNetwork) {
                        Some(d) => Prepared::NoRegretOnly(NotPlanned::HeatNetworkNoRegret {
                            district: d.district.clone(),
                            year: d.year,
                            best_label: best_reachable(home, ep2, scenario, &allowed),
                        }),
                        None => Prepared::NoPackage {
                            best_label: best_reachable(home, ep2, scenario, &|_| true),
                        },
                    },
                }
            }
        };
        prepared.push(p);
    }

    let max = scenario.projects.max_project_homes.max(1);
    let mut projects = Vec::new();
    let mut add = |project: Project, prepared: &mut Vec<Prepared>| {
        for &h in &project.homes {
            prepared[h] = Prepared::InProject {
                project: projects.len(),
            };
        }
        projects.push(project);
    };
    for (k, mut members) in kept_members.into_iter().enumerate() {
        if members.is_empty() {
            continue;
        }
        members.sort_by(|&a, &b| address_key(&homes[a]).cmp(&address_key(&homes[b])));
        // Under the complex most of its homes are in now (a home moved to another complex in
        // the stock does not take the project along); among equals, its previous complex, else
        // the first in address order.
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for &m in &members {
            *count.entry(homes[m].complex.as_str()).or_default() += 1;
        }
        let most = count.values().copied().max().unwrap_or(0);
        let complex = if count.get(kept[k].complex.as_str()) == Some(&most) {
            kept[k].complex.as_str()
        } else {
            members
                .iter()
                .map(|&m| homes[m].complex.as_str())
                .find(|c| count.get(c) == Some(&most))
                .unwrap_or_default()
        };
        let home = members
            .iter()
            .map(|&m| &homes[m])
            .find(|h| h.complex == complex)
            .unwrap_or(&homes[members[0]]);
        let project = build_project(
            kept[k].id.clone(),
            &home.corporation,
            &home.complex,
            home.block.as_deref(),
            members,
            homes,
            &measures,
            scenario,
        );
        add(project, &mut prepared);
    }
    let taken: BTreeSet<&str> = kept.iter().map(|p| p.id.as_str()).collect();
    for ((corporation, complex, block), mut members) in groups {
        members.sort_by(|&a, &b| address_key(&homes[a]).cmp(&address_key(&homes[b])));
        let parts = members.len().div_ceil(max);
        // Balanced parts (45 homes at most 40 -> 23 + 22), in address order.
        let base = members.len() / parts;
        let extra = members.len() % parts;
        let mut offset = 0;
        let id_of = |number: Option<usize>| {
            let mut id = format!("P{complex}");
            if let Some(b) = block {
                id.push_str(&format!("-{b}"));
            }
            if let Some(n) = number {
                id.push_str(&format!("-{n}"));
            }
            if !corporation.is_empty() {
                id = format!("{corporation}/{id}");
            }
            id
        };
        // Numbered from 1, past the numbers of kept projects (only a re-plan keeps any).
        let mut number = 0;
        for part in 0..parts {
            let size = base + usize::from(part < extra);
            let chunk = members[offset..offset + size].to_vec();
            offset += size;
            let id = if parts == 1 && !taken.contains(id_of(None).as_str()) {
                id_of(None)
            } else {
                number += 1;
                while taken.contains(id_of(Some(number)).as_str()) {
                    number += 1;
                }
                id_of(Some(number))
            };
            let project = build_project(
                id,
                corporation,
                complex,
                block,
                chunk,
                homes,
                &measures,
                scenario,
            );
            add(project, &mut prepared);
        }
    }
    Preparation {
        homes: prepared,
        measures,
        projects,
    }
}

fn best_reachable(
    home: &Home,
    ep2: f64,
    scenario: &Scenario,
    allowed: &dyn Fn(Heating) -> bool,
) -> Option<Label> {
    scenario
        .catalog
        .packages
        .iter()
        .filter(|p| p.home_type == home.home_type && allowed(p.heating))
        .map(|p| Label::from_ep2(p.ep2_after(ep2)))
        .min()
}

fn address_key(h: &Home) -> (Option<&str>, Option<&str>, Option<u32>, Option<&str>, &str) {
    (
        h.city.as_deref(),
        h.street.as_deref(),
        h.house_number,
        h.addition.as_deref(),
        &h.vhe,
    )
}

fn build_project(
    id: String,
    corporation: &str,
    complex: &str,
    block: Option<&str>,
    homes_idx: Vec<usize>,
    homes: &[Home],
    measures: &[Option<HomeMeasure>],
    scenario: &Scenario,
) -> Project {
    let cost_eur = homes_idx
        .iter()
        .filter_map(|&h| measures[h].as_ref())
        .map(|m| m.choice.cost_eur)
        .sum();
    let duration_months = pace::duration_at(
        homes_idx.len(),
        scenario.projects.homes_per_month_per_project,
    );
    let mut species: Vec<String> = homes_idx
        .iter()
        .flat_map(|&h| homes[h].species.iter().cloned())
        .collect();
    species.sort();
    species.dedup();
    let permits: Vec<(NaiveDate, bool)> = homes_idx
        .iter()
        .filter_map(|&h| permit_ready(&homes[h], scenario))
        .collect();
    let permit = permits.iter().copied().max_by_key(|(d, _)| *d);
    let mut project = Project {
        id,
        corporation: corporation.to_string(),
        complex: complex.to_string(),
        block: block.map(str::to_string),
        pepper_potted: homes_idx.iter().any(|&h| homes[h].pepper_potted),
        urgency: homes_idx.iter().map(|&h| homes[h].label.urgency()).sum(),
        maintenance_cost: {
            let mut by_year = BTreeMap::new();
            for &h in &homes_idx {
                if let (Some(year), Some(m)) = (homes[h].maintenance_year, &measures[h]) {
                    *by_year.entry(year).or_insert(0.0) += m.choice.cost_eur;
                }
            }
            by_year
        },
        cheapest_home: {
            let mut cheapest = CheapestHome::default();
            for &h in &homes_idx {
                if let Some(m) = &measures[h] {
                    let cost = m.choice.cost_eur;
                    let e = match homes[h].maintenance_year {
                        Some(year) => cheapest.by_maintenance_year.entry(year).or_insert(cost),
                        None => cheapest.without_year_eur.get_or_insert(cost),
                    };
                    *e = e.min(cost);
                }
            }
            cheapest
        },
        efg_homes: [Label::G, Label::F, Label::E]
            .map(|l| homes_idx.iter().filter(|&&h| homes[h].label == l).count()),
        homes: homes_idx,
        cost_eur,
        duration_months,
        species,
        permit_ready: permit.map(|(d, _)| d),
        permit_assumed: permit.is_some_and(|(_, a)| a),
        allowed_starts: Vec::new(),
        blocked: None,
        too_large_starts: Vec::new(),
        too_large_beside_pinned: Vec::new(),
        slower_starts: BTreeMap::new(),
        pinned_cost_eur: None,
        pinned_home_costs: BTreeMap::new(),
        pepper_potted_listed_from: None,
    };
    pace::settle(&mut project, scenario);
    project
}

/// The start months every rule on this project alone allows, and the reason when there are none.
/// The filters run in the order a user would fix them: deadline, permit, season, pepper-potted,
/// then the project's own size against each year's budget and each month's capacity.
pub fn allowed_starts(project: &Project, scenario: &Scenario) -> (Vec<Month>, Option<NotPlanned>) {
    match candidate_starts(project, scenario) {
        Ok(candidates) => size_filter(project, scenario, candidates),
        Err(why) => (Vec::new(), Some(why)),
    }
}

/// Whether the rules other than the pepper-potted list (and the project's size) leave
/// `project` a start before `from`, the month the list lets it start: only then does the list
/// keep it from a month it could have had.
pub(crate) fn starts_before_list(project: &Project, scenario: &Scenario, from: Month) -> bool {
    let mut unlisted = project.clone();
    unlisted.pepper_potted_listed_from = None;
    candidate_starts(&unlisted, scenario).is_ok_and(|starts| starts.iter().any(|&s| s < from))
}

/// The starts every rule but the project's size allows: deadline, permit, season,
/// pepper-potted month and maintenance year; the reason when there are none.
pub(crate) fn candidate_starts(
    project: &Project,
    scenario: &Scenario,
) -> Result<Vec<Month>, NotPlanned> {
    let last_start = scenario
        .deadline_month
        .plus(1 - project.duration_months as i32);
    if last_start < scenario.start_month {
        return Err(NotPlanned::TooLongForHorizon {
            duration_months: project.duration_months,
        });
    }
    let mut first = scenario.start_month;
    let mut permit = None;
    if let Some(date) = project.permit_ready {
        let permit_month = Month::first_starting_on_or_after(date);
        if permit_month > last_start {
            return Err(NotPlanned::PermitAfterDeadline {
                permit_month,
                assumed: project.permit_assumed,
                duration_months: project.duration_months,
                last_start,
            });
        }
        if permit_month > first {
            first = permit_month;
            permit = Some((date, project.permit_assumed));
        }
    }
    let seasons: Vec<_> = project
        .species
        .iter()
        .filter_map(|s| scenario.species_season(s))
        .collect();
    let candidates: Vec<Month> = (0..=last_start.since(first))
        .map(|i| first.plus(i))
        .filter(|m| seasons.iter().all(|s| s.is_open(*m)))
        .collect();
    if candidates.is_empty() {
        return Err(NotPlanned::NoOpenSeason {
            species: project.species.clone(),
            first,
            last_start,
            permit,
        });
    }
    let pepper = scenario.projects.pepper_potted_start_month;
    let listed_from = project.pepper_potted_listed_from;
    let (candidates, left): (Vec<Month>, Vec<Month>) = candidates.into_iter().partition(|&m| {
        !project.pepper_potted || (m.month() >= pepper && listed_from.is_none_or(|l| m >= l))
    });
    if candidates.is_empty() {
        return Err(NotPlanned::PepperPottedMonth {
            month: pepper,
            listed_from,
            left,
        });
    }
    let earliest = project.earliest_maintenance_year();
    let (candidates, left): (Vec<Month>, Vec<Month>) = candidates
        .into_iter()
        .partition(|&m| scenario.maintenance.start_allowed(earliest, m));
    if candidates.is_empty() {
        return Err(NotPlanned::MaintenanceTooFar {
            year: earliest.unwrap_or_default(),
            max_years_before: scenario.maintenance.max_years_before.unwrap_or_default(),
            left,
        });
    }
    Ok(candidates)
}

/// Why a pepper-potted project starts no earlier than `from` in a re-plan: the list of the
/// year before `from` went to the municipality at that year's start without all its homes (none
/// of them, or a home added to the project since: helper 93 read "dit project stond daar niet
/// op" of a listed project with one home new).
pub fn not_listed_text(from: Month) -> String {
    format!(
        "de gemeente kreeg aan het begin van {} de lijst gespikkeld bezit van dat jaar, en niet elke woning van dit project stond daarop",
        from.year() - 1
    )
}

/// The rules that keep the project from starting in `month`, in words for a sentence "… mag in
/// dit scenario niet: <rules>"; `None` when every rule allows it. Every rule of the project's
/// own ([`candidate_starts`]: the planning's start, the deadline, the permit, the species
/// calendar, the pepper-potted month, the maintenance year) that refuses it is named, in that
/// order (helper 73: naming only the first left a user who mended it with a month still
/// refused). Only where they all allow it is the project's size named: where it alone overruns
/// a year's budget or a month's capacity at that start ([`overrun_alone`]). A month that every
/// named rule allows but the project's `allowed_starts` still leaves out (none is known) gets
/// a general sentence rather than a rule it cannot name.
pub fn start_refused(project: &Project, scenario: &Scenario, month: Month) -> Option<String> {
    let mut rules = Vec::new();
    if month < scenario.start_month {
        rules.push(format!(
            "die ligt vóór het begin van de planning ({})",
            scenario.start_month
        ));
    }
    let deadline = scenario.deadline_month;
    if month > deadline {
        rules.push(format!("die ligt na de deadline ({deadline})"));
    } else if month > deadline.plus(1 - project.duration_months as i32) {
        // A project slowed down because at the scenario's pace it fits no start says so: the
        // deadline is then not the whole story (helper 74).
        let own = crate::pace::duration_at(
            project.home_count(),
            scenario.projects.homes_per_month_per_project,
        );
        let slower = if project.duration_months > own {
            "; langzamer dan het tempo van het scenario, omdat het in dat tempo bij geen startmaand past"
        } else {
            ""
        };
        rules.push(format!(
            "het project ({}{slower}) loopt dan door na de deadline ({deadline})",
            crate::nl_format::count(project.duration_months as usize, "maand", "maanden")
        ));
    }
    if let Some(date) = project.permit_ready {
        let permit_month = Month::first_starting_on_or_after(date);
        if month < permit_month {
            let how = if project.permit_assumed {
                "verwacht"
            } else {
                "gereed"
            };
            rules.push(format!(
                "de vergunning flora & fauna is pas {how} vanaf {permit_month}"
            ));
        }
    }
    let closed: Vec<&str> = project
        .species
        .iter()
        .filter(|s| {
            scenario
                .species_season(s)
                .is_some_and(|season| !season.is_open(month))
        })
        .map(String::as_str)
        .collect();
    if !closed.is_empty() {
        rules.push(format!(
            "die maand is geen startmaand voor {} (soortenkalender)",
            closed.join(", ")
        ));
    }
    let pepper = scenario.projects.pepper_potted_start_month;
    if project.pepper_potted && month.month() < pepper {
        rules.push(format!(
            "gespikkeld bezit start pas vanaf {} van een jaar",
            crate::nl_format::month_name(pepper)
        ));
    }
    if let Some(from) = project
        .pepper_potted_listed_from
        .filter(|&f| project.pepper_potted && month < f)
    {
        rules.push(format!(
            "gespikkeld bezit start niet vóór {from}: {}",
            not_listed_text(from)
        ));
    }
    let earliest = project.earliest_maintenance_year();
    if !scenario.maintenance.start_allowed(earliest, month) {
        rules.push(format!(
            "die ligt meer dan {} jaar vóór het onderhoudsjaar {}",
            scenario.maintenance.max_years_before.unwrap_or_default(),
            earliest.unwrap_or_default()
        ));
    }
    if !rules.is_empty() {
        return Some(crate::nl_format::and_list(
            &rules.iter().map(String::as_str).collect::<Vec<_>>(),
        ));
    }
    if project.allowed_starts.contains(&month) {
        return None;
    }
    let over = overrun_alone(project, scenario, month);
    let mut parts = Vec::new();
    if !over.years.is_empty() {
        let years: Vec<i32> = over.years.iter().map(|&(y, _)| y).collect();
        parts.push(format!("het budget van {}", years_text(&years)));
    }
    if !over.months.is_empty() {
        parts.push(format!("de capaciteit in {}", months_text(&over.months)));
    }
    Some(
        if parts.is_empty() && project.too_large_beside_pinned.contains(&month) {
            "het project alleen past dan niet naast werk dat gereed, in uitvoering of vastgelegd is"
                .to_string()
        } else if parts.is_empty() {
            "het scenario staat die start voor dit project niet toe".to_string()
        } else {
            format!(
                "het project alleen is dan groter dan {}",
                parts.join(" en ")
            )
        },
    )
}

/// After "project te groot" where, without the work done, running or contracted, it would fit.
const BESIDE_PINNED: &str = " naast werk dat gereed, in uitvoering of vastgelegd is";

/// How a too-large reason begins when some start falls short by a figure it then names.
pub(crate) const NO_START_LEAST_SHORT: &str = "past bij geen startmaand; het kleinste tekort: ";

/// The candidate starts at which the project alone fits each year's budget and each month's
/// capacity; the reason, naming the start that falls least short, when none does.
fn size_filter(
    project: &Project,
    scenario: &Scenario,
    candidates: Vec<Month>,
) -> (Vec<Month>, Option<NotPlanned>) {
    let load = project.homes_per_month();
    // Where no start fits, the reason names the start that falls least short (the smallest
    // ratio of what it needs to what is free; the earliest of equals), not whichever was tried
    // last: that is the start a user would make room for.
    let mut too_large: Option<(f64, String)> = None;
    // Whether at some start the budget alone falls short, or the capacity alone: what raising
    // one of them alone would mend, so what the advice names (helper 54).
    let (mut budget_alone, mut capacity_alone) = (false, false);
    let mut note = |ratio: f64, text: String| {
        if too_large.as_ref().is_none_or(|(r, _)| ratio < *r) {
            too_large = Some((ratio, text));
        }
    };
    let corporation = &project.corporation;
    let considered = candidates.clone();
    let allowed: Vec<Month> = candidates
        .into_iter()
        .filter(|&s| {
            // The year this start overruns most, and the month it overfills most (each by the
            // ratio of what it needs to what is free).
            let over = overrun_alone(project, scenario, s);
            let over_budget = over
                .years
                .into_iter()
                .map(|(y, c)| (c / scenario.budget_free(corporation, y).max(0.01), y, c))
                // The first of the largest: the month or year a user meets first (helper 59
                // saw 2024-02 named where 2024-01 fell as short).
                .reduce(|a, b| if b.0 > a.0 { b } else { a });
            let over_capacity = over
                .months
                .into_iter()
                .map(|m| (load / scenario.capacity_free(corporation, m).max(1e-9), m))
                .reduce(|a, b| if b.0 > a.0 { b } else { a });
            let budget_text = |y: i32, c: f64| {
                let free = scenario.budget_free(corporation, y);
                // In a re-plan, part of the budget is taken by pinned projects.
                let what = if free < scenario.budget(corporation, y) {
                    "het budget dat na gereed, lopend en vastgelegd werk over is"
                } else {
                    "een budget"
                };
                format!(
                    "start {s} kost in {y} € {} bij {what} van € {}",
                    thousands(c.round() as i64),
                    thousands(free.round() as i64)
                )
            };
            let capacity_text = |m: Month| {
                let free = scenario.capacity_free(corporation, m);
                let what = if free < scenario.capacity(corporation, m) {
                    "de capaciteit die na lopend en vastgelegd werk over is"
                } else {
                    "een capaciteit"
                };
                format!(
                    "start {s} vraagt {} bij {what} van {} in {m}",
                    crate::nl_format::per_month(load),
                    fmt_nl(free)
                )
            };
            budget_alone |= over_budget.is_some() && over_capacity.is_none();
            capacity_alone |= over_capacity.is_some() && over_budget.is_none();
            // A start short on both counts by the worse of the two.
            match (over_budget, over_capacity) {
                (None, None) => return true,
                (Some((r, y, c)), None) => note(r, budget_text(y, c)),
                (None, Some((r, m))) => note(r, capacity_text(m)),
                (Some((rb, y, c)), Some((rc, m))) => {
                    if rb >= rc {
                        note(rb, budget_text(y, c))
                    } else {
                        note(rc, capacity_text(m))
                    }
                }
            }
            false
        })
        .collect();
    if allowed.is_empty() {
        let what = match too_large {
            Some((_, text)) => format!("{NO_START_LEAST_SHORT}{text}"),
            None => "past in geen maand".into(),
        };
        return (
            Vec::new(),
            Some(NotPlanned::ProjectTooLarge {
                what,
                homes: project.home_count(),
                one_home_fits: one_home_fits(project, scenario),
                beside_pinned: considered
                    .iter()
                    .any(|&s| fits_without_pinned(project, scenario, s)),
                // Settled by src/pace.rs, which tries slower paces.
                slower_fits: None,
                short_of: match (budget_alone, capacity_alone) {
                    (true, false) => "het budget",
                    (false, true) => "de capaciteit",
                    (true, true) => "het budget of de capaciteit",
                    (false, false) => "het budget en de capaciteit",
                },
            }),
        );
    }
    (allowed, None)
}

/// Whether a project of one of `project`'s homes, in one month (its heaviest pace), fits alone
/// in a year's budget and a month's capacity at some start its rules allow: only then can
/// splitting the project help (helper 49 and 53 were told to split where not one home fits).
/// The homes tried are the cheapest without a maintenance year and the cheapest of each
/// maintenance year, each with that year's saving and start rule; the project's other rules
/// (permit, species, pepper-potted) hold for them too, so the advice never says more than one
/// home can do. Before, one home at the average cost was tried, and no split was advised
/// where only a cheaper home fits.
fn one_home_fits(project: &Project, scenario: &Scenario) -> bool {
    let cheapest = &project.cheapest_home;
    let candidates = cheapest
        .without_year_eur
        .map(|cost| (cost, None))
        .into_iter()
        .chain(
            cheapest
                .by_maintenance_year
                .iter()
                .map(|(&year, &cost)| (cost, Some(year))),
        );
    let mut one = project.clone();
    one.homes.truncate(1);
    one.duration_months = 1;
    candidates.into_iter().any(|(cost, year)| {
        one.cost_eur = cost;
        one.maintenance_cost = year.map(|y| (y, cost)).into_iter().collect();
        candidate_starts(&one, scenario).is_ok_and(|starts| {
            starts
                .iter()
                .any(|&s| overrun_alone(&one, scenario, s).fits())
        })
    })
}

/// What `project` alone, started at `s` at its pace, overruns of what the scenario leaves free
/// (in a re-plan, after work done, running or contracted).
pub struct Overrun {
    /// The years whose budget its cost there exceeds, with that cost.
    pub years: Vec<(i32, f64)>,
    /// The months whose capacity its homes in progress exceed.
    pub months: Vec<Month>,
}

impl Overrun {
    pub fn fits(&self) -> bool {
        self.years.is_empty() && self.months.is_empty()
    }
}

/// The one test of whether a project alone fits a start: the size filter's, the split
/// advice's and a re-plan's reason for a month that pinned work fills. Against what work done,
/// running or contracted leaves of each year's budget and each month's capacity.
pub fn overrun_alone(project: &Project, scenario: &Scenario, s: Month) -> Overrun {
    let corporation = project.corporation.as_str();
    overrun_against(
        project,
        scenario,
        s,
        |y| scenario.budget_free(corporation, y),
        |m| scenario.capacity_free(corporation, m),
    )
}

/// Whether the project alone would fit start `s` without the work done, running or contracted
/// (against each year's whole budget and each month's whole capacity): where it does not fit
/// [`overrun_alone`] but does this, that work is what keeps it out.
pub fn fits_without_pinned(project: &Project, scenario: &Scenario, s: Month) -> bool {
    let corporation = project.corporation.as_str();
    overrun_against(
        project,
        scenario,
        s,
        |y| scenario.budget(corporation, y),
        |m| scenario.capacity(corporation, m),
    )
    .fits()
}

fn overrun_against(
    project: &Project,
    scenario: &Scenario,
    s: Month,
    budget: impl Fn(i32) -> f64,
    capacity: impl Fn(Month) -> f64,
) -> Overrun {
    let load = project.homes_per_month_at(s);
    Overrun {
        years: project
            .cost_by_year(s, scenario)
            .into_iter()
            .filter(|&(y, c)| c > budget(y) + 0.005)
            .collect(),
        months: (0..project.duration_at(s) as i32)
            .map(|i| s.plus(i))
            .filter(|&m| load > capacity(m) + 1e-9)
            .collect(),
    }
}

/// For a project the plan leaves out on budget or capacity: its starts at which it alone is
/// too large ([`Project::too_large_starts`]), said after its reason (they are in no plan, so
/// the reason's years would otherwise read as all it could have). `None` when there are none.
/// In a re-plan, where work already done, running or contracted takes part of a year's budget
/// or a month's capacity at those starts, the clause says it is what that work leaves.
/// It names the budget or the capacity alone where only that one is overrun there
/// ([`crate::pace::too_large_over`]).
pub fn too_large_clause(project: &Project, scenario: &Scenario) -> Option<String> {
    crate::pace::too_large_over(project, scenario)
        .map(|over| too_large_clause_for(project, scenario, &over))
}

/// [`too_large_clause`] for a project whose too-large starts overrun `over`, where the caller
/// has that already (the plan's line names it too).
pub fn too_large_clause_for(
    project: &Project,
    scenario: &Scenario,
    over: &crate::pace::AloneOverrun,
) -> String {
    // Which years and months, after the kind of limit: at each start and pace one of them. The
    // last list goes in one pair of brackets with what pinned work leaves, where that is said.
    let one_of = |items: Vec<String>| {
        crate::nl_format::or_list(&items.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let years = one_of(over.years.iter().map(|y| y.to_string()).collect());
    let months = one_of(month_runs(&over.months));
    // Only lists that hold something: none is named where `over` was sought against other
    // limits than those that found the starts too large (helper 102 read "()").
    let listed = |which: &str| {
        if which.is_empty() {
            String::new()
        } else {
            format!(" ({which})")
        }
    };
    let (head, which) = match over.over() {
        crate::pace::AloneOver::Budget => ("het budget van een jaar".to_string(), years),
        crate::pace::AloneOver::Capacity => ("de capaciteit van een maand".to_string(), months),
        crate::pace::AloneOver::Either => (
            format!(
                "het budget van een jaar{} of de capaciteit van een maand",
                listed(&years)
            ),
            months,
        ),
    };
    // Said of the work done, running or contracted only where, without it, the project would
    // fit (helper 73 read it at starts that work did not touch).
    let pinned = &project.too_large_beside_pinned;
    let limits = if pinned.is_empty() {
        format!("groter dan {head}{}", listed(&which))
    } else if pinned.len() == project.too_large_starts.len() {
        format!(
            "groter dan wat het werk dat gereed, in uitvoering of vastgelegd is overlaat van {head}{}",
            listed(&which)
        )
    } else {
        let which = if which.is_empty() {
            String::new()
        } else {
            format!("{which}; ")
        };
        format!(
            "groter dan {head} ({which}bij start in {}: dan wat het werk dat gereed, in uitvoering of vastgelegd is ervan overlaat)",
            months_text(pinned)
        )
    };
    // The paces from the scenario's own down to its slowest (helper 80: "bij zijn tempo (4
    // woningen per maand) en bij elk lager tempo" of a project whose pace was 8, 4 the slowest).
    let homes = project.home_count();
    let (fastest, slowest) = crate::pace::duration_range(homes, &scenario.projects);
    let per_month = |months: u32| crate::nl_format::per_month(homes as f64 / months as f64);
    let pace = if slowest > fastest {
        format!(
            "bij zijn tempo ({}) en bij elk lager tempo tot en met {} dat het scenario toestaat en dat uiterlijk in de deadlinemaand klaar is",
            per_month(fastest),
            per_month(slowest)
        )
    } else {
        format!("bij zijn tempo ({})", per_month(fastest))
    };
    format!(
        "; bij start in {} is het project alleen al {limits}, {pace}",
        months_text(&project.too_large_starts),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_of_one_home_is_not_told_to_split() {
        let reason = |homes| {
            NotPlanned::ProjectTooLarge {
                what: "past bij geen startmaand".into(),
                homes,
                one_home_fits: true,
                short_of: "het budget/de capaciteit",
                beside_pinned: false,
                slower_fits: None,
            }
            .reason(Label::B)
        };
        assert_eq!(
            reason(1),
            "project te groot: past bij geen startmaand; verhoog het budget/de capaciteit"
        );
        assert!(
            reason(2).contains("splits het project of verhoog"),
            "{}",
            reason(2)
        );
    }

    /// Budget and capacity both short is said beside the rest of the plan, without a claim that
    /// more of one alone cannot help (helper 96 fitted each such project with more budget
    /// only); after a clause about some starts, the reason at the others has no category and
    /// no "every start" of its own, and keeps its caveat.
    #[test]
    fn the_reasons_say_what_holds_beside_this_plan() {
        let both = NotPlanned::BudgetAndCapacity {
            years: vec![2027],
            months: vec![Month::new(2027, 12), Month::new(2028, 1)],
        };
        assert_eq!(
            both.reason(Label::B),
            "budget en capaciteit: past bij geen enkele startmaand: naast de rest van dit plan zijn bij elke start budget en capaciteit allebei te krap (het budget van jaar 2027; de capaciteit in de maanden waarin het zou lopen: 2027-12, 2028-01)"
        );
        let m = Month::new(2027, 7);
        let reasons = [
            both.clone(),
            NotPlanned::Budget {
                years: vec![2027],
                both: vec![],
            },
            NotPlanned::Budget {
                years: vec![2027],
                both: vec![m],
            },
            NotPlanned::Capacity {
                months: vec![m],
                both: vec![m.plus(1)],
            },
            NotPlanned::BudgetOrCapacity {
                years: vec![2028],
                both: vec![],
            },
        ];
        for why in reasons {
            for wrapped in [
                why.clone(),
                NotPlanned::NotExcluded {
                    now: Box::new(why.clone()),
                    cost_proven: true,
                },
                NotPlanned::NotProven {
                    now: Box::new(why.clone()),
                },
            ] {
                let full = wrapped.reason(Label::B);
                let at_others = wrapped.reason_at_other_starts(Label::B);
                assert!(!full.contains("niet genoeg"), "{full}");
                for said_before in ["bij elke start", "geen enkele startmaand"] {
                    assert!(!at_others.contains(said_before), "{at_others}");
                }
                assert!(!at_others.starts_with(why.category()), "{at_others}");
                // The caveat of a project not excluded stays, after the reason.
                if let NotPlanned::NotExcluded { .. } = wrapped {
                    assert!(
                        at_others.ends_with(full.split(", in dit plan").last().unwrap()),
                        "{at_others}"
                    );
                    assert!(at_others.contains(", in dit plan; niet uitgesloten"));
                }
            }
        }
    }

    /// A capacity reason names six months and says how many more there are.
    #[test]
    fn a_long_capacity_reason_says_how_many_months_are_left_out() {
        let months = |n: i32| (0..n).map(|k| Month::new(2024, 1).plus(k)).collect();
        let reason = |n| {
            NotPlanned::Capacity {
                months: months(n),
                both: Vec::new(),
            }
            .reason(Label::B)
        };
        assert_eq!(
            reason(2),
            "capaciteit: past bij geen enkele startmaand; te krap in de maanden waarin het zou lopen: 2024-01, 2024-02"
        );
        assert_eq!(
            reason(36),
            "capaciteit: past bij geen enkele startmaand; te krap in de maanden waarin het zou lopen: 2024-01, 2024-02, 2024-03, 2024-04, 2024-05, 2024-06 en nog 30 maanden"
        );
        assert!(reason(7).ends_with("2024-06 en nog 1 maand"));
    }
}
