
mod synth;
mod importer;
mod model;
mod output;
