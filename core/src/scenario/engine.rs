//! The one replay engine: the only loop that applies statements to a
//! [`Session`] and evaluates expectations. The history (undo, redo, both
//! models), `pidns check`, the kernel oracle, lesson goals, exercises and the
//! tests all drive it, one statement at a time.

use super::ast::{Expect, IdField, Stmt};
use super::session::{Holder, Session, Step, StepValue};
use crate::task::{ExitStatus, ProcState};
use crate::{Errno, Model, TaskState};
use serde::Serialize;
use std::fmt;

/// What one statement did.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// An operation and its step.
    Op(Step),
    /// An expectation and whether it held.
    Expect(Verdict),
}

/// Whether an expectation held, and if not, what was expected and seen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    Holds,
    Fails { expected: String, observed: String },
}

impl Verdict {
    /// Whether the expectation held.
    pub fn holds(&self) -> bool {
        matches!(self, Verdict::Holds)
    }

    fn compare(expected: String, observed: String) -> Verdict {
        if expected == observed {
            Verdict::Holds
        } else {
            Verdict::Fails { expected, observed }
        }
    }
}

impl fmt::Display for Verdict {
    /// `holds`, or `expected X, observed Y`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Holds => f.write_str("holds"),
            Verdict::Fails { expected, observed } => write!(f, "expected {expected}, observed {observed}"),
        }
    }
}

impl fmt::Display for Outcome {
    /// The outcome in a word: `= 3`, `(no return)`, `EINVAL`, `holds`, `fails`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Op(step) => step.fmt(f),
            Outcome::Expect(Verdict::Holds) => f.write_str("holds"),
            Outcome::Expect(Verdict::Fails { .. }) => f.write_str("fails"),
        }
    }
}

impl Outcome {
    /// Whether two runs of the same statement (the two models, in Compare)
    /// came out the same: the same value or errno for an operation, both
    /// holding or both failing for an expectation. Costs and effects aside.
    pub fn agrees_with(&self, other: &Outcome) -> bool {
        match (self, other) {
            (Outcome::Op(a), Outcome::Op(b)) => a.result == b.result,
            (Outcome::Expect(a), Outcome::Expect(b)) => a.holds() == b.holds(),
            _ => false,
        }
    }

    /// The operation's step, if this was an operation.
    pub fn step(&self) -> Option<&Step> {
        match self {
            Outcome::Op(s) => Some(s),
            Outcome::Expect(_) => None,
        }
    }

    /// Whether it went wrong: an operation that failed, or an expectation
    /// that did not hold.
    pub fn failed(&self) -> bool {
        match self {
            Outcome::Op(s) => s.result.is_err(),
            Outcome::Expect(v) => !v.holds(),
        }
    }
}

/// How a process ended, as `expect N exited|killed` reads it: `None` while
/// it has not ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ending(pub Option<ExitStatus>);

impl fmt::Display for Ending {
    /// `exited 0`, `killed SIGKILL`, `still alive`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(st) => st.fmt(f),
            None => f.write_str("still alive"),
        }
    }
}

/// A session and the result of its last operation: everything the next
/// statement needs.
#[derive(Clone, Debug)]
pub struct Engine {
    session: Session,
    last: Option<Result<StepValue, Errno>>,
}

impl Engine {
    /// A fresh world under `model` whose root namespace has `pid_max`.
    pub fn new(model: Model, pid_max: u32) -> Engine {
        Engine {
            session: Session::new(model, pid_max),
            last: None,
        }
    }

    /// The session after the statements applied so far.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The session, giving the engine up.
    pub fn into_session(self) -> Session {
        self.session
    }

    /// Applies one statement: runs an operation, or evaluates an expectation
    /// (against the session and the last operation's result).
    pub fn apply(&mut self, stmt: &Stmt) -> Outcome {
        match stmt {
            Stmt::Op(op) => {
                let step = self.session.apply(op);
                self.last = Some(step.result);
                Outcome::Op(step)
            }
            Stmt::Expect(e) => Outcome::Expect(self.verdict(e)),
        }
    }

    /// Whether `e` holds now.
    pub fn verdict(&self, e: &Expect) -> Verdict {
        match evaluate(&self.session, self.last, e) {
            Ok(()) => Verdict::Holds,
            Err(v) => v,
        }
    }
}

/// The last operation's result as an expectation reads it.
fn show_result(last: Option<Result<StepValue, Errno>>) -> String {
    match last {
        None => "no operation yet".into(),
        Some(Ok(StepValue::Value(v))) => format!("result {v}"),
        Some(Ok(StepValue::NoReturn)) => "success (no return value)".into(),
        Some(Err(e)) => format!("error {}", e.name()),
    }
}

/// How the process named `name` ended, as far as the session knows
/// (`None` when no process has that name).
pub fn ending(s: &Session, name: &str) -> Option<Ending> {
    match s.holder(name)? {
        Holder::Gone(st) => Some(Ending(Some(st))),
        Holder::Live(t) => {
            let w = s.world();
            let ended = matches!(w.state(t), TaskState::Zombie | TaskState::Exiting);
            Some(Ending(w.group_exit(t).filter(|_| ended)))
        }
        Holder::Handle(_) => None,
    }
}

fn evaluate(s: &Session, last: Option<Result<StepValue, Errno>>, e: &Expect) -> Result<(), Verdict> {
    let w = s.world();
    let fails = |expected: String, observed: String| Verdict::Fails { expected, observed };
    let live = |name: &str| match s.holder(name) {
        Some(Holder::Live(t)) => Ok(t),
        Some(Holder::Gone(_)) => Err(fails(
            format!("'{name}' to exist"),
            format!("'{name}' is gone (reaped)"),
        )),
        Some(Holder::Handle(_)) => Err(fails(
            format!("a process named '{name}'"),
            "a pidfd of that name".into(),
        )),
        None => Err(fails(format!("a process named '{name}'"), "no such name".into())),
    };
    let eq = |exp: String, obs: String| match Verdict::compare(exp, obs) {
        Verdict::Holds => Ok(()),
        v => Err(v),
    };
    match e {
        Expect::Ok => match last {
            Some(Ok(_)) => Ok(()),
            _ => Err(fails("success".into(), show_result(last))),
        },
        Expect::Error(err) => eq(format!("error {}", err.name()), show_result(last)),
        Expect::Result(v) => eq(format!("result {v}"), show_result(last)),
        Expect::Id { name, field, value } => {
            let t = live(name)?;
            let got = match field {
                IdField::Pid => w.task_tgid_nr_ns(t, w.task_active_pid_ns(t)),
                IdField::Tid => w.task_pid_nr_ns(t, w.task_active_pid_ns(t)),
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
            eq(
                value.to_string(),
                w.task_tgid_nr_ns(t, w.task_active_pid_ns(v)).to_string(),
            )
        }
        Expect::Level { name, value } => eq(value.to_string(), w.level(live(name)?).to_string()),
        Expect::State { name, state } => {
            let got = match s.holder(name) {
                Some(Holder::Gone(_)) => ProcState::Gone,
                Some(Holder::Live(t)) => w.state(t).into(),
                Some(Holder::Handle(_)) | None => {
                    return Err(fails(state.name().into(), format!("no process named '{name}'")))
                }
            };
            eq(state.name().into(), got.name().into())
        }
        Expect::Parent { name, parent } => {
            let t = live(name)?;
            let got = w.parent_process(t).and_then(|p| s.name_of(p)).unwrap_or("(none)");
            eq(parent.clone(), got.into())
        }
        Expect::Killed { name, sig } => {
            let want = format!("killed {}", sig.name());
            match ending(s, name) {
                Some(got) => eq(want, got.to_string()),
                None => Err(fails(want, format!("no process named '{name}'"))),
            }
        }
        Expect::Exited { name, code } => {
            let want = format!("exited {code}");
            match ending(s, name) {
                Some(got) => eq(want, got.to_string()),
                None => Err(fails(want, format!("no process named '{name}'"))),
            }
        }
        Expect::Sees { name, names } => {
            let t = live(name)?;
            let mut got: Vec<String> = w
                .ps(w.task_active_pid_ns(t))
                .into_iter()
                .map(|p| s.name_of(p).unwrap_or("?").to_string())
                .collect();
            crate::sort::sort_by(&mut got, Ord::cmp);
            let mut exp = names.clone();
            crate::sort::sort_by(&mut exp, Ord::cmp);
            eq(exp.join(" "), got.join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario::history::History;
    use crate::scenario::parse;
    use crate::Model;

    #[test]
    fn the_models_agree_until_the_flat_one_refuses_a_second_level() {
        let sc =
            parse("init clone newpid as a\na clone newpid as b\nexpect a pid = 1\nexpect b pid = 1").expect("parses");
        let mut h = History::new(32768);
        h.push(sc.statements());
        let (ml, fl) = (h.run(Model::Multilevel).outcomes(), h.run(Model::Flat).outcomes());
        let agree: Vec<bool> = ml.iter().zip(fl).map(|(a, b)| a.agrees_with(b)).collect();
        assert_eq!(agree, [true, false, true, false], "{ml:?}\n{fl:?}");
    }
}
