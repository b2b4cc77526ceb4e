//! Writing the plan: the plan workbook, the municipality's list, and json/csv/parquet exports.
//! Every file is written safely (`safe_write`): a failure never leaves a half-written file in
//! place of a good one.

pub mod comparison;
pub mod export;
pub mod municipality;
pub mod safe_write;
pub mod tables;
pub mod template;
pub mod workbook;

pub use export::{write_json, write_tables, TableFormat};
pub use municipality::write_municipality_workbook;
pub use safe_write::{refuse_same_file, OutputError};
pub use workbook::write_plan_workbook;
