mod cli;
mod importer;
mod model;
mod output;
mod plan;
mod synth;
