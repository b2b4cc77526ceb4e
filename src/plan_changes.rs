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
    pub added: &'static str,
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
        parts.push(if parts.is_empty() {
            format!(
                "plant {} {}",
                count(c.added, "project", "projecten"),
                w.added
            )
        } else {
            format!("plant er {} {}", c.added, w.added)
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
    let gain = if plan.homes > mended.homes + 0.5 {
        format!("{} meer", homes(plan.homes - mended.homes))
    } else if mended.cost_eur > plan.cost_eur + 0.5 {
        format!(
            "€ {} lagere kosten",
            thousands((mended.cost_eur - plan.cost_eur).round() as i64)
        )
    } else {
        "geen meer woningen of lagere kosten".to_string()
    };
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
