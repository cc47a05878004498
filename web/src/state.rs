//! The app's state behind one `use_reducer`: the session history (log,
//! cursor, both models' replays) and the view settings. The heavy history
//! lives in a shared cell mutated in place; `version` tells Yew it changed.
//! No kernel rule lives here: statements go to `pidns_core`'s `History`.

use pidns_core::cost::{CostProfile, DEFAULT_PROFILE};
use pidns_core::scenario::history::History;
use pidns_core::scenario::{parse, ParseError};
use pidns_core::{Model, PID_MAX_DEFAULT};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Console history length, as a shell's `HISTSIZE`.
pub const SENT_MAX: usize = 500;

/// Which model(s) the views show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewMode {
    One(Model),
    /// Both models side by side on the same log.
    Compare,
}

/// How fast new pids are revealed, level by level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speed {
    Slow,
    Normal,
    Fast,
    Instant,
}

impl Speed {
    /// Milliseconds between two levels' numbers appearing.
    pub fn step_ms(self) -> u32 {
        match self {
            Speed::Slow => 600,
            Speed::Normal => 250,
            Speed::Fast => 90,
            Speed::Instant => 0,
        }
    }
}

/// Everything the views render.
#[derive(Clone)]
pub struct AppState {
    pub history: Rc<RefCell<History>>,
    pub version: u64,
    pub mode: ViewMode,
    pub selected: String,
    pub view_from: Option<String>,
    pub profile: Rc<CostProfile>,
    pub speed: Speed,
    /// The last [`SENT_MAX`] statements sent from the console or the buttons,
    /// oldest first (the timeline keeps them all).
    pub sent: Rc<Vec<String>>,
    /// The last input's errors, each with line and column.
    pub errors: Vec<String>,
}

impl PartialEq for AppState {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.history, &o.history)
            && self.version == o.version
            && self.mode == o.mode
            && self.selected == o.selected
            && self.view_from == o.view_from
            && Rc::ptr_eq(&self.profile, &o.profile)
            && self.speed == o.speed
            && Rc::ptr_eq(&self.sent, &o.sent)
            && self.errors == o.errors
    }
}

impl Default for AppState {
    fn default() -> AppState {
        AppState {
            history: Rc::new(RefCell::new(History::new(PID_MAX_DEFAULT))),
            version: 0,
            mode: ViewMode::One(Model::Multilevel),
            selected: "init".into(),
            view_from: None,
            profile: Rc::new(CostProfile::builtin(DEFAULT_PROFILE).unwrap_or_else(|| CostProfile {
                name: "none".into(),
                description: String::new(),
                prices: Default::default(),
            })),
            speed: Speed::Normal,
            sent: Rc::default(),
            errors: Vec::new(),
        }
    }
}

/// What the user did.
pub enum Action {
    /// Statements typed, pasted or made by a button (one or more lines).
    Submit(String),
    Undo,
    Redo,
    /// Move the cursor to after this many statements.
    Jump(usize),
    SetMode(ViewMode),
    Select(String),
    ViewFrom(Option<String>),
    SetSpeed(Speed),
}

impl AppState {
    /// The model whose state the single-model views show.
    pub fn model(&self) -> Model {
        match self.mode {
            ViewMode::One(m) => m,
            ViewMode::Compare => Model::Multilevel,
        }
    }

    fn submit(&mut self, text: &str) {
        let sc = match parse(text) {
            Ok(sc) => sc,
            Err(errs) => {
                self.errors = errs.iter().map(ParseError::to_string).collect();
                return;
            }
        };
        let mut errors = Vec::new();
        if let Some(m) = sc.header.model {
            self.mode = ViewMode::One(m);
        }
        if let Some(name) = &sc.header.profile {
            match CostProfile::builtin(name) {
                Some(p) => self.profile = Rc::new(p),
                None => errors.push(format!("unknown profile '{name}' (built-in: linux-6.18, seed-2007)")),
            }
        }
        if let Some(pid_max) = sc.header.pid_max {
            if self.history.borrow().log().is_empty() {
                *self.history.borrow_mut() = History::new(pid_max);
            } else {
                errors.push("pid_max can only be set before the first operation (undo to the start first)".into());
            }
        }
        if errors.is_empty() {
            let sent = Rc::make_mut(&mut self.sent);
            sent.extend(text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string));
            sent.drain(..sent.len().saturating_sub(SENT_MAX));
            self.history
                .borrow_mut()
                .push(sc.lines.into_iter().map(|l| l.stmt).collect());
            self.version += 1;
        }
        self.errors = errors;
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Submit(text) => s.submit(&text),
            Action::Undo => {
                s.history.borrow_mut().undo();
                s.version += 1;
            }
            Action::Redo => {
                s.history.borrow_mut().redo();
                s.version += 1;
            }
            Action::Jump(at) => {
                s.history.borrow_mut().jump(at);
                s.version += 1;
            }
            Action::SetMode(m) => s.mode = m,
            Action::Select(name) => s.selected = name,
            Action::ViewFrom(v) => s.view_from = v,
            Action::SetSpeed(sp) => s.speed = sp,
        }
        Rc::new(s)
    }
}

/// The state handle every component receives.
pub type AppHandle = UseReducerHandle<AppState>;
