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
    /// One model.
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
    /// The system's preference (`prefers-color-scheme`).
    System,
    /// Light, whatever the system prefers.
    Light,
    /// Dark, whatever the system prefers.
    Dark,
}

/// A message to the user about something that just happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// Something went wrong (an alert), rather than something done (a status).
    pub error: bool,
    /// What to say.
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
    /// The lessons and exercises.
    Lesson,
    /// The cost profile and charts.
    Costs,
}

/// How fast new pids are revealed, level by level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Speed {
    /// 600 ms a level.
    Slow,
    /// 250 ms a level.
    Normal,
    /// 90 ms a level.
    Fast,
    /// No motion.
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
    /// The model shown, or both.
    pub mode: ViewMode,
    /// The process the action buttons act on.
    pub selected: String,
    /// "View from": the process whose namespace the numbers are read in.
    pub view_from: Option<String>,
    /// How fast a step's motion plays.
    pub speed: Speed,
    /// The side panel's tab.
    pub panel: Panel,
    /// Presenter mode: large type, chrome hidden, keyboard stepping.
    pub presenter: bool,
    /// The colour theme.
    pub theme: Theme,
    /// What just happened, until dismissed.
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
    /// Shows a model, or both.
    SetMode(ViewMode),
    /// Selects the process the action buttons act on.
    Select(String),
    /// Reads the numbers in this process's namespace (none: everywhere).
    ViewFrom(Option<String>),
    /// Sets the motion's speed.
    SetSpeed(Speed),
    /// Shows a side panel tab.
    SetPanel(Panel),
    /// Enters or leaves presenter mode.
    Presenter(bool),
    /// Sets the colour theme.
    SetTheme(Theme),
    /// Shows a notice, or dismisses it.
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
