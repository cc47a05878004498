//! pidns-lab's Yew front end. It renders the state of a `pidns_core` world and
//! dispatches user actions to it; it never re-implements a kernel rule.

pub mod components;

pub use components::app::App;
pub use components::process_table::{ProcessTable, ProcessTableProps};
