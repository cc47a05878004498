//! The session: the statements entered (with both models' replays, in
//! `pidns_core`'s `History`), the console's history and errors, and the
//! session the last load replaced. The heavy history lives in a shared cell
//! mutated in place; `version` tells Yew it changed.

use crate::study::Stash;
use pidns_core::cost::CostProfile;
use pidns_core::scenario::history::History;
use pidns_core::scenario::share::{SessionDoc, MAX_STATEMENTS};
use pidns_core::scenario::{parse, ParseError, Stmt};
use pidns_core::{Model, PID_MAX_DEFAULT};
use std::cell::RefCell;
use std::rc::Rc;

/// Console history length, as a shell's `HISTSIZE`.
pub const SENT_MAX: usize = 500;

/// The statements and what the console remembers.
#[derive(Clone)]
pub struct SessionState {
    /// The statements and both models' replays, changed in place.
    pub history: Rc<RefCell<History>>,
    /// Counts the changes of `history`, so that Yew sees them.
    pub version: u64,
    /// The last [`SENT_MAX`] statements sent from the console or the buttons,
    /// oldest first (the timeline keeps them all).
    pub sent: Rc<Vec<String>>,
    /// The last input's errors, each with line and column.
    pub errors: Vec<String>,
    /// The session a loaded file or link replaced, until the next load.
    pub replaced: Option<Stash>,
    /// The last change went one step forward (a statement, a lesson step): animate it.
    /// Undo, redo and jumps do not replay animations.
    pub animate: bool,
}

impl PartialEq for SessionState {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.history, &o.history)
            && self.version == o.version
            && Rc::ptr_eq(&self.sent, &o.sent)
            && self.errors == o.errors
            && self.replaced.is_some() == o.replaced.is_some()
            && self.animate == o.animate
    }
}

impl Default for SessionState {
    fn default() -> SessionState {
        SessionState {
            history: Rc::new(RefCell::new(History::new(PID_MAX_DEFAULT))),
            version: 0,
            sent: Rc::default(),
            errors: Vec::new(),
            replaced: None,
            animate: true,
        }
    }
}

/// A change of the session.
pub enum SessionAction {
    /// Statements typed, pasted or made by a button (one or more lines).
    Submit(String),
    /// Back one statement.
    Undo,
    /// Forward one statement (shown at once, not animated).
    Redo,
    /// Move the cursor to after this many statements.
    Jump(usize),
    /// Replaces the session with a checked document (from a link or a file,
    /// named by the string); the replaced one can be brought back.
    Load(Box<SessionDoc>, String),
    /// Brings back the session the last load replaced.
    Restore,
}

/// What an accepted input asks of the rest of the app: its header's model
/// and profile, and the cursor before its statements (a lesson forgets its
/// steps past it).
pub struct Accepted {
    /// The `model` header's model, if any.
    pub model: Option<Model>,
    /// The `profile` header's built-in profile, if any.
    pub profile: Option<CostProfile>,
    /// The cursor before the input's statements.
    pub at: usize,
}

impl SessionState {
    /// The number of statements in effect.
    pub fn cursor(&self) -> usize {
        self.history.borrow().cursor()
    }

    /// Moves through the history (undo, redo, a jump): shown as it is, not animated.
    pub fn travel<R>(&mut self, f: impl FnOnce(&mut History) -> R) {
        f(&mut self.history.borrow_mut());
        self.version += 1;
        self.animate = false;
    }

    /// Parses and checks an input, then pushes its statements at the cursor.
    /// Nothing of an input with errors is applied; its text is still
    /// remembered for ↑, and its errors kept.
    pub fn submit(&mut self, text: &str) -> Option<Accepted> {
        let sc = match parse(text) {
            Ok(sc) => sc,
            Err(errs) => {
                self.errors = errs.iter().map(ParseError::to_string).collect();
                self.remember(text.lines());
                return None;
            }
        };
        let mut errors = Vec::new();
        let profile = match sc.header.profile.as_deref() {
            None => None,
            Some(name) => match CostProfile::builtin(name) {
                Some(p) => Some(p),
                None => {
                    errors.push(format!(t!(unknown_profile_built_in_linux_6_18), name = name));
                    None
                }
            },
        };
        if sc.header.pid_max.is_some() && !self.history.borrow().log().is_empty() {
            errors.push(t!(pid_max_first).into());
        }
        let len = self.cursor() + sc.lines.len();
        if len > MAX_STATEMENTS {
            errors.push(format!(
                t!(too_many_statements),
                MAX_STATEMENTS = MAX_STATEMENTS,
                len = len
            ));
        }
        let accepted = errors.is_empty().then(|| {
            if let Some(pid_max) = sc.header.pid_max {
                self.history = Rc::new(RefCell::new(History::new(pid_max)));
            }
            self.remember(text.lines());
            let at = self.cursor();
            let model = sc.header.model;
            self.push(sc.statements());
            Accepted { model, profile, at }
        });
        self.errors = errors;
        accepted
    }

    /// Adds lines to the console history.
    pub fn remember<'a>(&mut self, lines: impl Iterator<Item = &'a str>) {
        let sent = Rc::make_mut(&mut self.sent);
        sent.extend(lines.filter(|l| !l.trim().is_empty()).map(str::to_string));
        sent.drain(..sent.len().saturating_sub(SENT_MAX));
    }

    /// Pushes statements at the cursor (those past it are dropped), to be animated.
    pub fn push(&mut self, stmts: Vec<Stmt>) {
        self.history.borrow_mut().push(stmts);
        self.version += 1;
        self.animate = true;
    }

    /// Starts a new history with these statements (a lesson's start).
    pub fn start(&mut self, pid_max: u32, stmts: Vec<Stmt>) {
        let mut h = History::new(pid_max);
        h.push(stmts);
        self.history = Rc::new(RefCell::new(h));
        self.errors.clear();
        self.version += 1;
    }

    /// Puts a kept session back.
    pub fn unstash(&mut self, st: &Stash) {
        self.history = st.history.clone();
        self.sent = st.sent.clone();
        self.version += 1;
    }

    /// Replaces the session with a document's; on error nothing changes.
    pub fn load(&mut self, doc: &SessionDoc) -> Result<(), String> {
        let stmts = doc.parsed().map_err(|e| e.to_string())?;
        let mut h = History::new(doc.pid_max);
        h.push(stmts);
        h.jump(doc.cursor);
        self.history = Rc::new(RefCell::new(h));
        self.sent = Rc::new(doc.statements.iter().rev().take(SENT_MAX).rev().cloned().collect());
        self.errors.clear();
        self.version += 1;
        Ok(())
    }
}
