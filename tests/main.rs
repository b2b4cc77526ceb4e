mod cli;
mod documents;
mod importer;
mod model;
mod output;
mod plan;
mod synth;
