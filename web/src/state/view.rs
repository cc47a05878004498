//! How the world is shown: which model, which process is selected and from
//! whose namespace, the side panel, presenter mode, theme, animation speed,
//! the picture's expanded subtrees and the last notice. Nothing here changes
//! the session.

use pidns_core::Model;
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// Which model(s) the views show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewMode {
    One(Model),
    /// Both models side by side on the same log.
    Compare,
}

impl ViewMode {
    /// The model whose state the single-model views show (Compare: the multilevel one).
    pub fn model(self) -> Model {
        match self {
            ViewMode::One(m) => m,
            ViewMode::Compare => Model::Multilevel,
        }
    }
}

/// The colour theme: the system's, or one chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    System,
    Light,
    Dark,
}

/// A message to the user about something that just happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
}

impl Notice {
    /// A notice that something went wrong.
    pub fn error(text: String) -> Notice {
        Notice { error: true, text }
    }

    /// A notice that something was done.
    pub fn done(text: String) -> Notice {
        Notice { error: false, text }
    }
}

/// The side panel's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// Action buttons and the console.
    Build,
    Lesson,
    Costs,
}

/// How fast new pids are revealed, level by level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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

/// How the world is shown.
#[derive(Clone, PartialEq)]
pub struct ViewState {
    pub mode: ViewMode,
    /// The process the action buttons act on.
    pub selected: String,
    /// "View from": the process whose namespace the numbers are read in.
    pub view_from: Option<String>,
    pub speed: Speed,
    pub panel: Panel,
    /// Presenter mode: large type, chrome hidden, keyboard stepping.
    pub presenter: bool,
    pub theme: Theme,
    pub notice: Option<Notice>,
    /// Processes (picture keys) whose collapsed children the picture shows.
    pub expanded: Rc<Vec<u64>>,
}

impl Default for ViewState {
    fn default() -> ViewState {
        ViewState {
            mode: ViewMode::One(Model::Multilevel),
            selected: "init".into(),
            view_from: None,
            speed: Speed::Normal,
            panel: Panel::Build,
            presenter: false,
            theme: Theme::System,
            notice: None,
            expanded: Rc::default(),
        }
    }
}

/// A change of how the world is shown.
pub enum ViewAction {
    SetMode(ViewMode),
    Select(String),
    ViewFrom(Option<String>),
    SetSpeed(Speed),
    SetPanel(Panel),
    Presenter(bool),
    SetTheme(Theme),
    Notice(Option<Notice>),
    /// Shows every child of a process the picture collapsed ("+K processes").
    Expand(u64),
}

impl ViewState {
    /// Applies a change.
    pub fn apply(&mut self, a: ViewAction) {
        match a {
            ViewAction::SetMode(m) => self.mode = m,
            ViewAction::Select(name) => self.selected = name,
            ViewAction::ViewFrom(v) => self.view_from = v,
            ViewAction::SetSpeed(s) => self.speed = s,
            ViewAction::SetPanel(p) => self.panel = p,
            ViewAction::Presenter(on) => self.presenter = on,
            ViewAction::SetTheme(t) => self.theme = t,
            ViewAction::Notice(n) => self.notice = n,
            ViewAction::Expand(key) => {
                if !self.expanded.contains(&key) {
                    Rc::make_mut(&mut self.expanded).push(key);
                }
            }
        }
    }

    /// Back to `init`, seen from the root namespace (a new session is shown).
    pub(super) fn refocus(&mut self) {
        self.selected = "init".into();
        self.view_from = None;
    }
}
