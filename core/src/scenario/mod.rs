//! The `.pns` scenario language: one small line-oriented language for the
//! CLI, the web console, lessons and tests (see `docs/scenario-language.md`).
//!
//! [`parse`] turns text into a [`Scenario`] (or every error, with line and
//! column); a [`Session`] replays operations on a [`crate::World`] under
//! process names; [`check`] evaluates the `expect` lines.

mod ast;
mod check;
mod engine;
pub mod exercise;
pub mod generate;
pub mod history;
pub mod lesson;
mod parse;
mod session;
pub mod share;

pub use ast::{Expect, Header, IdField, Line, Op, Scenario, Stmt, Target, Verb};
pub use check::{check, failure, CheckReport, Checker, Failure};
pub use engine::{ending, Ending, Engine, Outcome, Verdict};
pub use parse::{parse, parse_line, text_from_bytes, LineParser, ParseError, KEYWORDS, VERBS};
pub use session::{Holder, Limit, ProcessRow, Session, Step, StepValue};
