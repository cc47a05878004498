//! One file per component.
pub mod actions;
pub mod app;
pub mod console;
pub mod cost;
pub mod lesson_panel;
pub mod notice_bar;
pub mod panel_tabs;
pub mod process_table;
pub mod session_bar;
pub mod timeline;
pub mod toolbar;
pub mod welcome;
pub mod world;
pub mod world_section;
