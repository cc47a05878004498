//! `pidns check`: a scenario replayed by the [`Engine`], statement by
//! statement, and what went wrong in it. [`Checker`] streams (the CLI runs
//! a 50 MB scenario without holding its steps); [`check`] collects a report.

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
                observed: format!("{} ({})", e.name(), step.explain().unwrap_or_default()),
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

/// `pidns check` one statement at a time, on the [`Engine`]: a failing
/// operation is held back until the next statement shows whether an
/// `expect error` follows it.
#[derive(Clone, Debug)]
pub struct Checker {
    model: Model,
    engine: Engine,
    /// The last operation, if it failed: (line, statement, outcome).
    pending: Option<(usize, Stmt, Outcome)>,
    failures: Vec<Failure>,
    expectations: usize,
}

impl Checker {
    /// A checker of a scenario under `model` whose root namespace has `pid_max`.
    pub fn new(model: Model, pid_max: u32) -> Checker {
        Checker {
            model,
            engine: Engine::new(model, pid_max),
            pending: None,
            failures: Vec::new(),
            expectations: 0,
        }
    }

    /// The model it runs.
    pub fn model(&self) -> Model {
        self.model
    }

    /// The failures found so far (a failed last operation is not among them
    /// until the next statement or [`Checker::finish`]).
    pub fn failures(&self) -> &[Failure] {
        &self.failures
    }

    /// Applies the statement at `line` and returns its outcome.
    pub fn statement(&mut self, line: usize, stmt: &Stmt) -> Outcome {
        if let Some((l, s, o)) = self.pending.take() {
            self.failures.extend(failure(l, &s, &o, Some(stmt)));
        }
        let outcome = self.engine.apply(stmt);
        match &outcome {
            Outcome::Op(step) if step.result.is_err() => {
                self.pending = Some((line, stmt.clone(), outcome.clone()));
            }
            Outcome::Op(_) => {}
            Outcome::Expect(_) => {
                self.expectations += 1;
                self.failures.extend(failure(line, stmt, &outcome, None));
            }
        }
        outcome
    }

    /// The session at the end, every failure, and how many expectations ran.
    pub fn finish(mut self) -> (Session, Vec<Failure>, usize) {
        if let Some((l, s, o)) = self.pending.take() {
            self.failures.extend(failure(l, &s, &o, None));
        }
        (self.engine.into_session(), self.failures, self.expectations)
    }
}

/// Runs `sc` (under `model` if given, else its header's) and checks it.
pub fn check(sc: &Scenario, model: Option<Model>) -> CheckReport {
    let model = model.or(sc.header.model).unwrap_or_default();
    let mut checker = Checker::new(model, sc.header.pid_max.unwrap_or(PID_MAX_DEFAULT));
    let mut steps = Vec::new();
    for l in &sc.lines {
        if let Outcome::Op(step) = checker.statement(l.line, &l.stmt) {
            steps.push((l.line, l.stmt.to_string(), step));
        }
    }
    let (session, failures, expectations) = checker.finish();
    CheckReport {
        model,
        steps,
        failures,
        expectations,
        session: Some(session),
    }
}
