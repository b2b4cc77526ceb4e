mod cli;
mod importer;
mod model;
mod new_user;
mod output;
mod plan;
mod planning_rules;
mod synth;
