mod cli;
mod compare;
mod importer;
mod model;
mod new_user;
mod output;
mod plan;
mod synth;
