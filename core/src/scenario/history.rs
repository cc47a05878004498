//! A session's history: the statement log and a cursor, as editors keep
//! them. Undo and redo move the cursor; editing after going back drops the
//! redo tail; the state at any step is a replay from the nearest snapshot,
//! so moving around a long log stays fast. One [`Run`] per model, so the two
//! 2007 models can be compared on the same log.

use super::ast::Stmt;
use super::engine::Engine;
pub use super::engine::Outcome;
use super::session::{Session, Step};
use crate::Model;

/// A session is snapshotted every this many statements.
const SNAPSHOT_EVERY: usize = 64;

/// A log replayed in one model by the [`Engine`], with every outcome kept
/// and snapshots every [`SNAPSHOT_EVERY`] statements so that any step can be
/// reached quickly.
#[derive(Clone, Debug)]
pub struct Run {
    model: Model,
    pid_max: u32,
    outcomes: Vec<Outcome>,
    /// Engines after `i * SNAPSHOT_EVERY` statements.
    snapshots: Vec<Engine>,
    /// The engine at `at` statements.
    current: Engine,
    at: usize,
}

impl Run {
    /// An empty run under `model` whose root namespace has `pid_max`.
    pub fn new(model: Model, pid_max: u32) -> Run {
        let e = Engine::new(model, pid_max);
        Run {
            model,
            pid_max,
            outcomes: Vec::new(),
            snapshots: vec![e.clone()],
            current: e,
            at: 0,
        }
    }

    /// The model this run uses.
    pub fn model(&self) -> Model {
        self.model
    }

    /// The outcome of each statement of the log (also past the cursor).
    pub fn outcomes(&self) -> &[Outcome] {
        &self.outcomes
    }

    /// The session at the cursor.
    pub fn session(&self) -> &Session {
        self.current.session()
    }

    /// The engine at the cursor (to evaluate an expectation there).
    pub fn engine(&self) -> &Engine {
        &self.current
    }

    /// Applies one more statement at the end of the log (the cursor must be
    /// at the end) and returns its outcome.
    pub fn apply(&mut self, stmt: &Stmt) -> &Outcome {
        let o = self.current.apply(stmt);
        self.outcomes.push(o);
        self.at = self.outcomes.len();
        if self.at % SNAPSHOT_EVERY == 0 {
            self.snapshots.push(self.current.clone());
        }
        &self.outcomes[self.at - 1]
    }

    /// Applies statements at the end of the log.
    pub fn push(&mut self, stmts: &[Stmt]) {
        for stmt in stmts {
            self.apply(stmt);
        }
    }

    /// The operations among the first `upto` statements: (index, step), in order.
    pub fn steps(&self, upto: usize) -> impl DoubleEndedIterator<Item = (usize, &Step)> {
        self.outcomes[..upto.min(self.outcomes.len())]
            .iter()
            .enumerate()
            .filter_map(|(i, o)| o.step().map(|s| (i, s)))
    }

    /// The last operation among the first `upto` statements: the one an
    /// `expect ok|error|result` after them reads.
    pub fn last_op(&self, upto: usize) -> Option<(usize, &Step)> {
        self.steps(upto).next_back()
    }

    /// Moves the session to `at` statements: from the nearest snapshot at or
    /// before it (or from where it is, if that is closer).
    fn seek(&mut self, log: &[Stmt], at: usize) {
        if at == self.at {
            return;
        }
        let snap = at / SNAPSHOT_EVERY;
        let (mut engine, from) = if self.at < at && self.at >= snap * SNAPSHOT_EVERY {
            (
                std::mem::replace(&mut self.current, Engine::new(self.model, self.pid_max)),
                self.at,
            )
        } else {
            (
                self.snapshots[snap.min(self.snapshots.len() - 1)].clone(),
                snap * SNAPSHOT_EVERY,
            )
        };
        for stmt in &log[from..at] {
            engine.apply(stmt);
        }
        self.current = engine;
        self.at = at;
    }

    fn truncate(&mut self, log: &[Stmt], len: usize) {
        self.seek(log, len);
        self.outcomes.truncate(len);
        self.snapshots.truncate(len / SNAPSHOT_EVERY + 1);
    }
}

/// The log, its cursor, and its replay in both models.
#[derive(Clone, Debug)]
pub struct History {
    log: Vec<Stmt>,
    cursor: usize,
    runs: [Run; 2],
}

impl History {
    /// An empty history whose worlds' root namespace has `pid_max`.
    pub fn new(pid_max: u32) -> History {
        History {
            log: Vec::new(),
            cursor: 0,
            runs: [Run::new(Model::Multilevel, pid_max), Run::new(Model::Flat, pid_max)],
        }
    }

    /// The statements, also those past the cursor (the redo tail).
    pub fn log(&self) -> &[Stmt] {
        &self.log
    }

    /// The root namespace's `pid_max` of its worlds.
    pub fn pid_max(&self) -> u32 {
        self.runs[0].pid_max
    }

    /// How many statements are in effect.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The replay in one model.
    pub fn run(&self, model: Model) -> &Run {
        &self.runs[usize::from(model == Model::Flat)]
    }

    /// Adds statements at the cursor, dropping the redo tail first.
    pub fn push(&mut self, stmts: Vec<Stmt>) {
        if self.cursor < self.log.len() {
            for r in &mut self.runs {
                r.truncate(&self.log, self.cursor);
            }
            self.log.truncate(self.cursor);
        }
        let from = self.log.len();
        self.log.extend(stmts);
        for r in &mut self.runs {
            r.push(&self.log[from..]);
        }
        self.cursor = self.log.len();
    }

    /// Moves the cursor to `at` (clamped to the log).
    pub fn jump(&mut self, at: usize) {
        let at = at.min(self.log.len());
        for r in &mut self.runs {
            r.seek(&self.log, at);
        }
        self.cursor = at;
    }

    /// One statement back; false if at the start.
    pub fn undo(&mut self) -> bool {
        let can = self.cursor > 0;
        if can {
            self.jump(self.cursor - 1);
        }
        can
    }

    /// One statement forward; false if at the end.
    pub fn redo(&mut self) -> bool {
        let can = self.cursor < self.log.len();
        if can {
            self.jump(self.cursor + 1);
        }
        can
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{parse, Scenario, Verdict};

    fn stmts(text: &str) -> Vec<Stmt> {
        parse(text).map(Scenario::statements).unwrap_or_default()
    }

    #[test]
    fn undo_redo_and_editing_after_undo() {
        let mut h = History::new(32768);
        h.push(stmts("init fork as a\na fork as b\na clone newpid as c"));
        assert_eq!(h.cursor(), 3);
        assert!(h.undo());
        assert_eq!(h.run(Model::Multilevel).session().holder("c"), None);
        assert!(h.redo() && !h.redo());
        assert!(h.run(Model::Multilevel).session().holder("c").is_some());
        h.jump(1);
        h.push(stmts("init fork as d"));
        assert_eq!(h.log().len(), 2, "the redo tail was dropped");
        let s = h.run(Model::Multilevel).session();
        assert!(s.holder("b").is_none() && s.holder("d").is_some());
        assert_eq!(h.run(Model::Flat).outcomes().len(), 2);
    }

    #[test]
    fn state_at_any_step_equals_a_fresh_replay() {
        let mut text = String::new();
        for i in 0..150 {
            text.push_str(&format!("init fork as p{i}\n"));
            if i % 3 == 0 {
                text.push_str(&format!("p{i} exit\ninit wait\n"));
            }
        }
        let all = stmts(&text);
        let mut h = History::new(32768);
        h.push(all.clone());
        for at in [0, 1, 63, 64, 65, 130, 200, 17, all.len()] {
            h.jump(at);
            let mut fresh = History::new(32768);
            fresh.push(all[..at.min(all.len())].to_vec());
            let (a, b) = (
                h.run(Model::Multilevel).session(),
                fresh.run(Model::Multilevel).session(),
            );
            assert!(
                a.world().same_state(b.world(), crate::Cursors::Compare),
                "state differs at step {at}"
            );
            assert_eq!(a.table(), b.table());
        }
    }

    #[test]
    fn expectations_are_evaluated_in_place() {
        let mut h = History::new(32768);
        h.push(stmts("init fork as a\nexpect result 2\nexpect a pid = 9"));
        let o = h.run(Model::Multilevel).outcomes();
        assert_eq!(o[1], Outcome::Expect(Verdict::Holds));
        assert!(
            matches!(&o[2], Outcome::Expect(Verdict::Fails { expected, observed }) if expected == "9" && observed == "2")
        );
    }
}
