//! retrofit: plans the energy upgrades of a Dutch housing corporation's stock.
//!
//! The pipeline, one module a stage: [`input`] reads and checks the stock, [`stock`] classifies
//! homes, [`catalog`] picks measure packages, [`projects`] groups homes into projects with their
//! allowed start months, [`model`] schedules them with a MILP, [`plan`] turns the solution into
//! tables and [`output`] writes them. [`cli`] is the only place that joins the stages.

pub mod bench;
pub mod catalog;
pub mod cli;
pub mod cli_dutch;
pub mod compare;
pub mod compare_cli;
pub mod embedded;
pub mod energy;
pub mod heat_plan;
pub mod impact;
pub mod input;
pub mod limits;
pub mod maintenance;
pub mod model;
pub mod model_toml;
pub mod natural_sort;
pub mod nl_format;
pub mod output;
pub mod pace;
pub mod plan;
pub mod plan_changes;
pub mod projects;
pub mod replan;
pub mod room;
pub mod scenario;
pub mod scenario_sheet;
pub mod setting_changes;
pub mod stock;
pub mod synth;
pub mod variants;
