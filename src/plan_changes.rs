//! Words for a plan against its reference plan (a re-plan's previous plan, a comparison's
//! baseline): how many projects it moves, drops and adds, and what its moves buy beside the
//! reference mended only where it no longer fits ([`crate::model::ReferenceRepair`]).

use crate::input::values::thousands;
use crate::model::{PlanChanges, ReferenceRepair};
use crate::nl_format::count;

/// How the projects are named: "open project(en)" in a re-plan, "project(en)" in a
/// comparison; the projects without a reference start ("opnieuw of voor het eerst in", "die de
/// basis niet plant"); and how the reference is mended where it no longer fits (`mended`, a
/// sentence of its own after the figures: helper 96 read one sentence of about 120 words).
pub struct Wording {
    pub one: &'static str,
    pub many: &'static str,
    /// After one project and after several ("dat" / "die de basis niet plant": helper 107
    /// read "1 project die").
    pub added_one: &'static str,
    pub added_many: &'static str,
    pub mended: &'static str,
}

/// "verschuift 29 open projecten, laat er 1 vallen en plant er 3 opnieuw of voor het eerst
/// in".
pub fn changes_text(c: &PlanChanges, w: &Wording) -> String {
    let projects = |n: usize| count(n, w.one, w.many);
    let mut parts: Vec<String> = Vec::new();
    if c.moved > 0 {
        parts.push(format!("verschuift {}", projects(c.moved)));
    }
    if c.dropped > 0 {
        parts.push(if parts.is_empty() {
            format!("laat {} vallen", projects(c.dropped))
        } else {
            format!("laat er {} vallen", c.dropped)
        });
    }
    // Projects without a reference start: new, or regrouped (helper 66 read "neemt er 3
    // nieuw op" of one new project).
    if c.added > 0 {
        let added = if c.added == 1 {
            w.added_one
        } else {
            w.added_many
        };
        parts.push(if parts.is_empty() {
            format!("plant {} {added}", count(c.added, "project", "projecten"))
        } else {
            format!("plant er {} {added}", c.added)
        });
    }
    match parts.as_slice() {
        [] => format!("verschuift geen {}", w.one),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} en {last}", rest.join(", ")),
    }
}

/// Where the plan moves or drops more projects than the mended reference: the mended plan's
/// and this plan's changes, homes and cost (`mended` names the mended plan, `this` the plan),
/// and what the difference buys. `None` where it moves or drops no more.
pub fn moves_bought(
    r: &ReferenceRepair,
    w: &Wording,
    mended_name: &str,
    this: &str,
) -> Option<String> {
    let (mended, plan) = (&r.repaired, &r.plan);
    if plan.away() <= mended.away() {
        return None;
    }
    let homes = |h: f64| count(h.round() as usize, "woning", "woningen");
    let gain = gain_text(mended, plan, r.by_label);
    Some(format!(
        "{mended_name}, {}; het plant {} voor € {}. {this} {}; het plant {} voor € {}: {gain}. {}",
        changes_text(mended, w),
        homes(mended.homes),
        thousands(mended.cost_eur.round() as i64),
        changes_text(plan, w),
        homes(plan.homes),
        thousands(plan.cost_eur.round() as i64),
        w.mended,
    ))
}

/// What the plan gains over the mended reference, in the terms it was planned by: more homes,
/// else lower cost; under "worst label first" more homes of the worst label where they differ
/// (G, then F, then E), with fewer homes in all and the cost difference said beside it (helper
/// 103: "191 woningen voor € 3.133.797: € 179.486 lagere kosten" hid 2 homes fewer and the 4
/// F homes more that the plan was chosen for).
fn gain_text(mended: &PlanChanges, plan: &PlanChanges, by_label: bool) -> String {
    let homes = |h: f64| count(h.round() as usize, "woning", "woningen");
    let euros = |e: f64| format!("€ {}", thousands(e.round() as i64));
    let cost = || {
        if mended.cost_eur > plan.cost_eur + 0.5 {
            Some(format!(
                "{} lagere kosten",
                euros(mended.cost_eur - plan.cost_eur)
            ))
        } else if plan.cost_eur > mended.cost_eur + 0.5 {
            Some(format!(
                "{} hogere kosten",
                euros(plan.cost_eur - mended.cost_eur)
            ))
        } else {
            None
        }
    };
    if by_label {
        let differs = (0..3).find(|&i| (plan.efg_homes[i] - mended.efg_homes[i]).abs() > 0.5);
        if let Some(i) = differs {
            let label = ["G", "F", "E"][i];
            let (now, then) = (plan.efg_homes[i], mended.efg_homes[i]);
            let more_or_fewer = if now > then { "meer" } else { "minder" };
            let mut parts = vec![format!(
                "{} met label {label} {more_or_fewer} ({} in plaats van {})",
                homes((now - then).abs()),
                now.round(),
                then.round()
            )];
            if plan.homes + 0.5 < mended.homes {
                parts.push(format!(
                    "{} minder in totaal",
                    homes(mended.homes - plan.homes)
                ));
            } else if plan.homes > mended.homes + 0.5 {
                parts.push(format!(
                    "{} meer in totaal",
                    homes(plan.homes - mended.homes)
                ));
            }
            parts.extend(cost());
            let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
            return crate::nl_format::and_list(&parts);
        }
    }
    if plan.homes > mended.homes + 0.5 {
        format!("{} meer", homes(plan.homes - mended.homes))
    } else if mended.cost_eur > plan.cost_eur + 0.5 {
        format!("{} lagere kosten", euros(mended.cost_eur - plan.cost_eur))
    } else {
        "geen meer woningen of lagere kosten".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Under "worst label first" the gain is the worse label's homes, with fewer homes in all
    /// and the cost said beside it (helper 103's comparison: 4 F homes more, 2 homes fewer).
    #[test]
    fn the_gain_is_said_in_the_terms_the_plan_was_chosen_by() {
        let mended = PlanChanges {
            homes: 193.0,
            cost_eur: 3_313_283.0,
            efg_homes: [20.0, 59.0, 114.0],
            ..PlanChanges::default()
        };
        let plan = PlanChanges {
            homes: 191.0,
            cost_eur: 3_133_797.0,
            moved: 5,
            dropped: 2,
            added: 1,
            efg_homes: [20.0, 63.0, 108.0],
        };
        assert_eq!(
            gain_text(&mended, &plan, true),
            "4 woningen met label F meer (63 in plaats van 59), 2 woningen minder in totaal en € 179.486 lagere kosten"
        );
        // Planned for most homes, the same two plans would be said by their cost: only where
        // the homes are equal or more (the homes stage makes them so).
        assert_eq!(
            gain_text(
                &mended,
                &PlanChanges {
                    homes: 193.0,
                    ..plan
                },
                false
            ),
            "€ 179.486 lagere kosten"
        );
        // Equal in every label: said as under most homes.
        assert_eq!(
            gain_text(
                &mended,
                &PlanChanges {
                    efg_homes: mended.efg_homes,
                    homes: 193.0,
                    ..plan
                },
                true
            ),
            "€ 179.486 lagere kosten"
        );
        let r = ReferenceRepair {
            repaired: mended,
            plan,
            by_label: true,
        };
        let w = Wording {
            one: "project",
            many: "projecten",
            added_one: "dat de basis niet plant",
            added_many: "die de basis niet plant",
            mended: "Aangepast.",
        };
        // "dat" after one project, "die" after several (helper 107).
        assert_eq!(
            changes_text(&plan, &w),
            "verschuift 5 projecten, laat er 2 vallen en plant er 1 dat de basis niet plant"
        );
        let alone = PlanChanges {
            added: 2,
            ..PlanChanges::default()
        };
        assert_eq!(
            changes_text(&alone, &w),
            "plant 2 projecten die de basis niet plant"
        );
        let text = moves_bought(&r, &w, "De basis", "Dit plan").expect("moves more");
        assert!(
            text.contains("het plant 191 woningen voor € 3.133.797: 4 woningen met label F meer"),
            "{text}"
        );
    }
}
