//! Priority "worst label first" (`priority = "worst_label_first"`): instead of the one stage
//! "most homes", three lexicographic stages: most G homes, then (holding those) most F homes,
//! then most E homes. Each is a whole-number stage settled like the homes stage (LP bound or
//! HiGHS, proven only to the unit, else "beste gevonden") and then held by a `Stage` row, so
//! the cost and order stages that follow keep it.

use super::build::{Milp, RowKind};
use super::local_search::Mode;
use super::progress::Progress;
use super::solve::{SolveError, StageOptions};
use super::start_plan::{self, RowUse};
use super::{solve_with_start_plans, StageKind, StageReport, StartRules};
use crate::projects::Project;

/// The stages in order, with the index into `Project::efg_homes` and the stage's name.
const LABEL_STAGES: [(usize, &str); 3] = [(0, "woningen G"), (1, "woningen F"), (2, "woningen E")];

/// The labels (G, F, E, in that order) of the label stages among `stages`, known by their
/// names (with the corporation's in front where there are several).
pub(super) fn labels_of(stages: &[&StageReport]) -> Vec<&'static str> {
    LABEL_STAGES
        .iter()
        .filter(|(_, name)| stages.iter().any(|s| s.name.ends_with(name)))
        .filter_map(|(_, name)| name.strip_prefix("woningen "))
        .collect()
}

/// Runs the label stages on `milp` from the feasible plan `values`, adding a stage row after
/// each; a label no project has is skipped. A reference plan ([`super::stability`]) is tried
/// first in each stage and kept where it is proven optimal. Returns the plan and the stage
/// reports.
pub(super) fn label_stages(
    milp: &mut Milp,
    projects: &[Project],
    mut values: Vec<f64>,
    reference: Option<&Vec<f64>>,
    stage_options: &dyn Fn(StageKind) -> StageOptions,
    progress: Option<&Progress>,
    label: &dyn Fn(&str) -> String,
) -> Result<(Vec<f64>, Vec<StageReport>), SolveError> {
    let mut stages = Vec::new();
    for (index, name) in LABEL_STAGES {
        let count: Vec<f64> = milp
            .columns
            .iter()
            .map(|c| projects[c.project].efg_homes[index] as f64)
            .collect();
        if count.iter().all(|&c| c == 0.0) {
            continue;
        }
        let minus: Vec<f64> = count.iter().map(|c| -c).collect();
        let mut starting = vec![values.clone(), fill(milp, &values, &count)];
        if let Some(r) = reference {
            starting.insert(0, r.clone());
        }
        // Only the first stage may leave projects out in its local search: that search does
        // not see the rows holding an earlier stage.
        let first = stages.is_empty();
        let r = solve_with_start_plans(
            name,
            milp,
            &minus,
            starting,
            StartRules {
                homes: 0.0,
                mode: if first {
                    Mode::MayUnplan
                } else {
                    Mode::KeepPlanned
                },
                reference_first: reference.is_some(),
            },
            &stage_options(StageKind::LabelHomes),
            progress.map(|p| (p, label(name), -1.0)),
        )?;
        values = r.values;
        let report = r.report.maximised();
        let held = report.objective;
        stages.push(report);
        milp.add_row(
            RowKind::Stage,
            format!("stage[{name}]"),
            count
                .iter()
                .enumerate()
                .filter(|&(_, &c)| c > 0.0)
                .map(|(j, &c)| (j, c))
                .collect(),
            held - 0.5,
            f64::INFINITY,
        );
    }
    Ok((values, stages))
}

/// `values` with the unplanned projects that have homes of the stage's label added, most such
/// homes per euro first, each at its first start that fits every row. Only adds, so every
/// earlier stage's row stays kept.
fn fill(milp: &Milp, values: &[f64], count: &[f64]) -> Vec<f64> {
    let mut out = values.to_vec();
    let mut rows = RowUse::new(milp, &out);
    let mut groups: Vec<(usize, Vec<usize>)> = start_plan::project_columns(milp)
        .into_iter()
        .filter(|(_, cols)| count[cols[0]] > 0.0 && cols.iter().all(|&j| out[j] < 0.5))
        .collect();
    let per_euro = |cols: &[usize]| count[cols[0]] / milp.cost_eur[cols[0]].max(1.0);
    groups.sort_by(|a, b| {
        per_euro(&b.1)
            .total_cmp(&per_euro(&a.1))
            .then(a.0.cmp(&b.0))
    });
    for (_, cols) in groups {
        start_plan::place_first_fitting(milp, &mut rows, &mut out, &cols);
    }
    out
}
