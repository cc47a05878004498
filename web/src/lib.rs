//! pidns-lab's Yew front end. It renders the state of `pidns_core` sessions
//! and dispatches the user's statements to them; it never re-implements a
//! kernel rule.

#[macro_use]
mod strings;
pub mod components;
mod derived;
pub mod hooks;
pub mod persist;
pub mod picture;
pub mod state;
pub mod study;
pub mod view;

pub use components::app::App;
pub use components::process_table::{ProcessTable, ProcessTableProps};
