mod cli;
mod fuzz;
mod hostile;
mod importer;
mod model;
mod output;
mod plan;
mod synth;
