//! `pidns check`: a scenario replayed by the [`Engine`], and what went wrong
//! in it.

use super::ast::{Expect, Scenario, Stmt};
use super::engine::{Engine, Outcome, Verdict};
use super::session::{Session, Step};
use crate::{Model, PID_MAX_DEFAULT};
use serde::Serialize;
use std::fmt;

/// An expectation that did not hold, or an operation that failed unexpectedly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub line: usize,
    pub statement: String,
    pub expected: String,
    pub observed: String,
}

impl fmt::Display for Failure {
    /// `line 4: expect a pid = 9: expected 9, observed 2`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}: {}: expected {}, observed {}",
            self.line, self.statement, self.expected, self.observed
        )
    }
}

/// Everything a run of a scenario produced.
#[derive(Clone, Debug, Serialize)]
pub struct CheckReport {
    pub model: Model,
    pub steps: Vec<(usize, String, Step)>,
    pub failures: Vec<Failure>,
    pub expectations: usize,
    #[serde(skip)]
    pub session: Option<Session>,
}

impl CheckReport {
    /// Whether every expectation held and every failing operation was expected.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// What `pidns check` counts as a failure of statement `stmt` (at `line`),
/// given its outcome and the statement after it: an expectation that did not
/// hold, or an operation that failed without an `expect error` next.
pub fn failure(line: usize, stmt: &Stmt, outcome: &Outcome, next: Option<&Stmt>) -> Option<Failure> {
    match outcome {
        Outcome::Op(step) => {
            let e = step.result.err()?;
            let expected_error = matches!(next, Some(Stmt::Expect(Expect::Error(_))));
            (!expected_error).then(|| Failure {
                line,
                statement: stmt.to_string(),
                expected: "success (no 'expect error' follows)".into(),
                observed: format!("{} ({})", e.name(), e.explain()),
            })
        }
        Outcome::Expect(Verdict::Holds) => None,
        Outcome::Expect(Verdict::Fails { expected, observed }) => Some(Failure {
            line,
            statement: stmt.to_string(),
            expected: expected.clone(),
            observed: observed.clone(),
        }),
    }
}

/// Runs `sc` (under `model` if given, else its header's) and checks it.
pub fn check(sc: &Scenario, model: Option<Model>) -> CheckReport {
    let model = model.or(sc.header.model).unwrap_or_default();
    let mut engine = Engine::new(model, sc.header.pid_max.unwrap_or(PID_MAX_DEFAULT));
    let mut steps = Vec::new();
    let mut failures = Vec::new();
    let mut expectations = 0;
    for (i, l) in sc.lines.iter().enumerate() {
        let outcome = engine.apply(&l.stmt);
        let next = sc.lines.get(i + 1).map(|n| &n.stmt);
        failures.extend(failure(l.line, &l.stmt, &outcome, next));
        match outcome {
            Outcome::Op(step) => steps.push((l.line, l.stmt.to_string(), step)),
            Outcome::Expect(_) => expectations += 1,
        }
    }
    CheckReport {
        model,
        steps,
        failures,
        expectations,
        session: Some(engine.into_session()),
    }
}
