mod cli;
mod documents;
mod importer;
mod model;
mod new_user;
mod output;
mod plan;
mod synth;
