//! One file per component.
pub mod app;
pub mod process_table;
