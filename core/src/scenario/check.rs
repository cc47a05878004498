//! `pidns check`: runs a scenario and evaluates its `expect` lines.

use super::ast::{Expect, IdField, Scenario, StateName, Stmt};
use super::session::{Holder, Session, Step, StepValue};
use crate::task::ExitStatus;
use crate::{Model, PID_MAX_DEFAULT};
use serde::Serialize;

/// An expectation that did not hold, or an operation that failed unexpectedly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub line: usize,
    pub statement: String,
    pub expected: String,
    pub observed: String,
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

/// Runs `sc` (under `model` if given, else its header's) and checks it.
pub fn check(sc: &Scenario, model: Option<Model>) -> CheckReport {
    let model = model.or(sc.header.model).unwrap_or_default();
    let mut checker = Checker::new(model, sc.header.pid_max.unwrap_or(PID_MAX_DEFAULT));
    let mut steps = Vec::new();
    for l in &sc.lines {
        if let Some(step) = checker.statement(l.line, &l.stmt) {
            steps.push((l.line, l.stmt.to_string(), step.clone()));
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

/// A scenario checked one statement at a time, keeping only the session,
/// the last step and the failures: what `pidns run` and `pidns check` use to
/// stream a scenario of any length (and [`check`] is built on).
#[derive(Clone, Debug)]
pub struct Checker {
    model: Model,
    session: Session,
    last: Option<Step>,
    /// A failed operation's failure, dropped if the next statement is `expect error`.
    pending: Option<Failure>,
    failures: Vec<Failure>,
    expectations: usize,
}

impl Checker {
    /// A fresh session under `model` with the root namespace's `pid_max`.
    pub fn new(model: Model, pid_max: u32) -> Checker {
        Checker {
            model,
            session: Session::new(model, pid_max),
            last: None,
            pending: None,
            failures: Vec::new(),
            expectations: 0,
        }
    }

    /// The model it runs.
    pub fn model(&self) -> Model {
        self.model
    }

    /// The failures so far (an operation's own failure is counted once the
    /// next statement shows it was not expected).
    pub fn failures(&self) -> &[Failure] {
        &self.failures
    }

    /// Runs the statement on line `line`: an operation returns its step.
    pub fn statement(&mut self, line: usize, stmt: &Stmt) -> Option<&Step> {
        let pending = self.pending.take();
        if !matches!(stmt, Stmt::Expect(Expect::Error(_))) {
            self.failures.extend(pending);
        }
        match stmt {
            Stmt::Op(op) => {
                let step = self.session.apply(op);
                if let Err(e) = step.result {
                    self.pending = Some(Failure {
                        line,
                        statement: op.to_string(),
                        expected: "success (no 'expect error' follows)".into(),
                        observed: format!("{} ({})", e.name(), step.explain().unwrap_or_default()),
                    });
                }
                Some(&*self.last.insert(step))
            }
            Stmt::Expect(e) => {
                self.expectations += 1;
                if let Err((expected, observed)) = evaluate(&self.session, self.last.as_ref(), e) {
                    self.failures.push(Failure {
                        line,
                        statement: e.to_string(),
                        expected,
                        observed,
                    });
                }
                None
            }
        }
    }

    /// The session, every failure in line order and how many expectations
    /// were checked.
    pub fn finish(mut self) -> (Session, Vec<Failure>, usize) {
        self.failures.extend(self.pending.take());
        (self.session, self.failures, self.expectations)
    }
}

fn show_result(step: Option<&Step>) -> String {
    match step.map(|s| s.result) {
        None => "no operation yet".into(),
        Some(Ok(StepValue::Value(v))) => format!("result {v}"),
        Some(Ok(StepValue::NoReturn)) => "success (no return value)".into(),
        Some(Err(e)) => format!("error {}", e.name()),
    }
}

fn ending(s: &Session, name: &str) -> Result<Option<ExitStatus>, String> {
    match s.holder(name) {
        None => Err(format!("no process named '{name}'")),
        Some(Holder::Gone(st)) => Ok(Some(st)),
        Some(Holder::Live(t)) => Ok(s
            .world()
            .group_exit(t)
            .filter(|_| matches!(s.world().state(t), crate::TaskState::Zombie | crate::TaskState::Exiting))),
    }
}

fn show_ending(e: Option<ExitStatus>) -> String {
    match e {
        None => "still alive".into(),
        Some(ExitStatus::Exited(c)) => format!("exited {c}"),
        Some(ExitStatus::Killed(s)) => format!("killed {}", s.name()),
    }
}

/// Checks one expectation against a session and the last operation's step:
/// `Err((expected, observed))` when it does not hold.
pub fn evaluate(s: &Session, last: Option<&Step>, e: &Expect) -> Result<(), (String, String)> {
    let w = s.world();
    let live = |name: &str| match s.holder(name) {
        Some(Holder::Live(t)) => Ok(t),
        Some(Holder::Gone(_)) => Err((format!("'{name}' to exist"), format!("'{name}' is gone (reaped)"))),
        None => Err((format!("a process named '{name}'"), "no such name".into())),
    };
    let eq = |exp: String, obs: String| if exp == obs { Ok(()) } else { Err((exp, obs)) };
    match e {
        Expect::Ok => match last.map(|l| l.result) {
            Some(Ok(_)) => Ok(()),
            _ => Err(("success".into(), show_result(last))),
        },
        Expect::Error(err) => eq(format!("error {}", err.name()), show_result(last)),
        Expect::Result(v) => eq(format!("result {v}"), show_result(last)),
        Expect::Id { name, field, value } => {
            let t = live(name)?;
            let got = match field {
                IdField::Pid => w.tgid_in(t, w.active_ns(t)),
                IdField::Tid => w.tid_in(t, w.active_ns(t)),
                IdField::Ppid => w.ppid_seen_by_self(t),
                IdField::Sid => w.sid_seen_by_self(t),
            };
            eq(value.to_string(), got.to_string())
        }
        Expect::Nspid { name, values } => {
            let t = live(name)?;
            let fmt = |v: &[u32]| v.iter().map(u32::to_string).collect::<Vec<_>>().join(" ");
            eq(fmt(values), fmt(&w.nspid(t)))
        }
        Expect::PidIn { name, viewer, value } => {
            let (t, v) = (live(name)?, live(viewer)?);
            eq(value.to_string(), w.tgid_in(t, w.active_ns(v)).to_string())
        }
        Expect::Level { name, value } => eq(value.to_string(), w.level(live(name)?).to_string()),
        Expect::State { name, state } => {
            let got = match s.holder(name) {
                Some(Holder::Gone(_)) => StateName::Gone.name(),
                Some(Holder::Live(t)) => w.state(t).name(),
                None => return Err((state.name().into(), format!("no process named '{name}'"))),
            };
            eq(state.name().into(), got.into())
        }
        Expect::Parent { name, parent } => {
            let t = live(name)?;
            let got = w
                .parent(t)
                .filter(|&p| w.exists(p))
                .and_then(|p| s.name_of(p))
                .unwrap_or("(none)");
            eq(parent.clone(), got.into())
        }
        Expect::Killed { name, sig } => {
            let got = ending(s, name).map_err(|m| (format!("killed {}", sig.name()), m))?;
            eq(format!("killed {}", sig.name()), show_ending(got))
        }
        Expect::Exited { name, code } => {
            let got = ending(s, name).map_err(|m| (format!("exited {code}"), m))?;
            eq(format!("exited {code}"), show_ending(got))
        }
        Expect::Sees { name, names } => {
            let t = live(name)?;
            let mut got: Vec<String> = w
                .ps(w.active_ns(t))
                .into_iter()
                .map(|p| s.name_of(p).unwrap_or("?").to_string())
                .collect();
            got.sort();
            let mut exp = names.clone();
            exp.sort();
            eq(exp.join(" "), got.join(" "))
        }
    }
}
