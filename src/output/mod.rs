//! Writing the plan: the plan workbook, the municipality's list, the tenants' overview, and
//! json/csv/parquet exports.
//! Every file is written safely (`safe_write`): a failure never leaves a half-written file in
//! place of a good one.

pub mod comparison;
pub mod export;
pub mod municipality;
mod paging;
pub mod safe_write;
pub mod tables;
pub mod template;
pub mod tenants;
pub mod workbook;

pub use export::{
    stage_json, stage_tables, table_file_names, write_json, write_tables, TableFormat,
};
pub use municipality::{write_municipality_workbook, write_municipality_workbook_for};
pub use safe_write::{
    check_dir_target, check_target, is_same_file, refuse_same_file, Batch, OutputError,
};
pub use tenants::write_tenants_workbook;
pub use workbook::write_plan_workbook;
