//! The model as a CPLEX LP file, for audit (`retrofit plan --write-lp FILE`). Names follow the
//! plan (`start(P1203_2,2025_04)`, `budget(2025)`), with the characters LP readers reject
//! replaced.

use std::fmt::Write as _;

use super::build::Milp;
use crate::projects::Project;
use crate::scenario::Priority;

/// LP names may not contain `[`, `]`, `-`, `+`, spaces or `:`.
pub fn lp_name(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '[' => '(',
            ']' => ')',
            '-' | '+' | ' ' | ':' | '*' | '^' | '<' | '>' | '=' => '_',
            c if c.is_ascii() => c,
            _ => '_',
        })
        .collect()
}

fn terms(out: &mut String, names: &[String], terms: impl Iterator<Item = (usize, f64)>) {
    let mut n = 0;
    for (j, v) in terms {
        if v == 0.0 {
            continue;
        }
        let sign = if v < 0.0 { "-" } else { "+" };
        let _ = write!(out, " {sign} {} {}", v.abs(), names[j]);
        n += 1;
        if n % 6 == 0 {
            out.push_str("\n  ");
        }
    }
    if n == 0 {
        out.push_str(" 0");
    }
}

/// The stage-1 model with every row, as LP text: most homes planned, or with `priority =
/// "worst_label_first"` most G homes (then F and E, whose counts are rows of their own). With
/// several corporations (each its own model, `(corporation, model)`, its columns' projects
/// indices into `projects`), one LP with all of them side by side: their objectives summed,
/// each row's name prefixed with its corporation, so that the file is one valid model whose
/// optimum is the sum of theirs.
pub fn to_lp(
    models: &[(String, Milp)],
    projects: &[Project],
    priority: Priority,
    title: &str,
) -> String {
    let several = models.len() > 1;
    let by_label = priority == Priority::WorstLabelFirst;
    let mut merged = Milp::default();
    // Rows that never bind, for recomputing the later stages: each corporation's cost of
    // every start in euros (the cost stage's objective, which the budget rows alone do not
    // give: a budget no plan can exceed has no row; helper 50), and with the label priority
    // each start's F and E homes (helper 52 found only "homes" in the file).
    let mut audit_rows = Vec::new();
    let mut objective = Vec::new();
    for (corporation, milp) in models {
        let offset = merged.columns.len();
        let named = |what: &str| {
            lp_name(&if several {
                format!("{corporation}/{what}")
            } else {
                what.to_string()
            })
        };
        let row = |values: Vec<f64>| -> Vec<(usize, f64)> {
            values
                .into_iter()
                .enumerate()
                .map(|(j, v)| (j + offset, v))
                .collect()
        };
        let label_homes = |label: usize| -> Vec<f64> {
            milp.columns
                .iter()
                .map(|c| projects[c.project].efg_homes[label] as f64)
                .collect()
        };
        audit_rows.push((named("cost_eur"), row(milp.cost_eur.clone())));
        // Stage 3's objective, as a count to maximise (helper 55 could not recompute "ten
        // hoogste N urgentiemaanden beter mogelijk" from the file).
        audit_rows.push((
            named("urgency_months"),
            row(milp.lateness.iter().map(|v| -v).collect()),
        ));
        if by_label {
            objective.extend(label_homes(0));
            for (label, what) in [(1, "homes_F"), (2, "homes_E")] {
                let count = label_homes(label);
                // A row without a term is no row to an LP reader.
                if count.iter().any(|&c| c > 0.0) {
                    audit_rows.push((named(what), row(count)));
                }
            }
        } else {
            objective.extend(&milp.homes);
        }
        merged.columns.extend(milp.columns.iter().cloned());
        merged.homes.extend(&milp.homes);
        for row in &milp.rows {
            let mut row = row.clone();
            if several {
                row.name = format!("{corporation}/{}", row.name);
            }
            for (j, _) in &mut row.terms {
                *j += offset;
            }
            merged.rows.push(row);
        }
    }
    let mut out = String::new();
    let _ = writeln!(out, "\\ {title}");
    if by_label {
        let _ = writeln!(
            out,
            "\\ priority = worst_label_first: stage 1 maximises G homes (the objective below), then F homes (row homes_F), then E homes (row homes_E); stage 2 minimises cost_eur, stage 3 urgency x months; each stage holds the earlier optima as rows."
        );
        let _ = writeln!(
            out,
            "\\ The rows homes_F and homes_E (>= 0, never binding) count each start's F and E homes."
        );
    } else {
        let _ = writeln!(
            out,
            "\\ Stage 1 objective; stage 2 minimises cost_eur, stage 3 urgency x months, each with the earlier optimum as a row."
        );
    }
    let _ = writeln!(
        out,
        "\\ The row cost_eur (>= 0, never binding) holds each start's escalated cost in euros: stage 2's objective."
    );
    let _ = writeln!(
        out,
        "\\ The row urgency_months (>= 0, never binding) holds each start's urgency (its homes' labels: G 3, F 2, E 1) times the months from that start to the deadline, both counted: stage 3 maximises it over the plan's projects, each at a start of the cost it has in the plan; 'ten hoogste N urgentiemaanden beter mogelijk' is measured in it."
    );
    let _ = writeln!(
        out,
        "\\ Names as in the plan, with the characters LP readers reject replaced: [ ] become ( ), and - + space : * ^ < > = and any non-ASCII character become _ (project P1127-2 is P1127_2)."
    );
    let _ = writeln!(
        out,
        "\\ Budget rows count in thousands of euros (budget(2025) <= 5000 is EUR 5,000,000); capacity rows in homes in progress a month."
    );
    let _ = writeln!(
        out,
        "\\ HiGHS also gets an integer per project that may be left out, equal to the sum of its starts (src/model/project_vars.rs): the same plans."
    );
    if several {
        let _ = writeln!(
            out,
            "\\ {} corporations, each with its own rows (named after it); they share no row.",
            models.len()
        );
    }
    out.push_str(if by_label {
        "Maximize\n homes_G:"
    } else {
        "Maximize\n homes:"
    });
    rows_and_columns(&mut out, &merged, &objective, &audit_rows);
    out
}

/// One stage's model (minimise `objective`) as LP text: what a stage hands HiGHS, for
/// measuring it outside retrofit (`RETROFIT_DUMP_STAGES`).
pub fn stage_to_lp(milp: &Milp, objective: &[f64], title: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\\ {title}");
    out.push_str("Minimize\n stage:");
    rows_and_columns(&mut out, milp, objective, &[]);
    out
}

/// The objective, the model's rows, then `audit` rows (name, terms) written as `>= 0`, then
/// the columns' bounds and kinds.
fn rows_and_columns(
    out: &mut String,
    milp: &Milp,
    objective: &[f64],
    audit: &[(String, Vec<(usize, f64)>)],
) {
    let names: Vec<String> = milp.columns.iter().map(|c| lp_name(&c.name)).collect();
    terms(out, &names, objective.iter().copied().enumerate());
    out.push_str("\nSubject To\n");
    for row in &milp.rows {
        let name = lp_name(&row.name);
        if row.upper.is_finite() {
            let _ = write!(out, " {name}:");
            terms(out, &names, row.terms.iter().copied());
            let _ = writeln!(out, " <= {}", row.upper);
        }
        if row.lower.is_finite() && row.lower > 0.0 {
            let _ = write!(out, " {name}_min:");
            terms(out, &names, row.terms.iter().copied());
            let _ = writeln!(out, " >= {}", row.lower);
        }
    }
    for (name, row) in audit {
        let _ = write!(out, " {name}:");
        terms(out, &names, row.iter().copied());
        let _ = writeln!(out, " >= 0");
    }
    // Columns that count identical projects (src/model/symmetry.rs) are whole numbers up to
    // their number; the others binaries.
    let upper = |j: usize| milp.column_upper.get(j).copied().unwrap_or(1.0);
    let counts: Vec<usize> = (0..names.len()).filter(|&j| upper(j) > 1.0).collect();
    if !counts.is_empty() {
        out.push_str("Bounds\n");
        for &j in &counts {
            let _ = writeln!(out, " 0 <= {} <= {}", names[j], upper(j));
        }
        out.push_str("Generals\n");
        for &j in &counts {
            let _ = writeln!(out, " {}", names[j]);
        }
    }
    out.push_str("Binaries\n");
    for (j, n) in names.iter().enumerate() {
        if upper(j) <= 1.0 {
            let _ = writeln!(out, " {n}");
        }
    }
    out.push_str("End\n");
}
