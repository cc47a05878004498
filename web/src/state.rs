//! The app's state behind one `use_reducer`: the session history (log,
//! cursor, both models' replays) and the view settings. The heavy history
//! lives in a shared cell mutated in place; `version` tells Yew it changed.
//! No kernel rule lives here: statements go to `pidns_core`'s `History`.

use crate::study::{LessonRun, Progress, Reveal, Stash};
use pidns_core::cost::{CostProfile, DEFAULT_PROFILE};
use pidns_core::scenario::history::{History, Outcome};
use pidns_core::scenario::lesson::{answer_matches, answer_of, Lesson};
use pidns_core::scenario::share::{SessionDoc, MAX_STATEMENTS};
use pidns_core::scenario::{parse, ParseError, Stmt};
use pidns_core::{Model, PID_MAX_DEFAULT};
use serde::{Deserialize, Serialize};
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
    pub panel: Panel,
    /// The lesson being worked through, if any.
    pub lesson: Option<Rc<LessonRun>>,
    pub progress: Rc<Progress>,
    /// Presenter mode: large type, chrome hidden, keyboard stepping.
    pub presenter: bool,
    /// Why the last profile file was refused.
    pub profile_error: Option<String>,
    pub theme: Theme,
    pub notice: Option<Notice>,
    /// The session a loaded file or link replaced, until the next load.
    pub replaced: Option<Stash>,
    /// Processes (picture keys) whose collapsed children the picture shows.
    pub expanded: Rc<Vec<u64>>,
    /// The last change went one step forward (a statement, a lesson step): animate it.
    /// Undo, redo and jumps do not replay animations.
    pub animate: bool,
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
            && self.panel == o.panel
            && self.lesson == o.lesson
            && Rc::ptr_eq(&self.progress, &o.progress)
            && self.presenter == o.presenter
            && self.profile_error == o.profile_error
            && self.theme == o.theme
            && self.notice == o.notice
            && self.replaced.is_some() == o.replaced.is_some()
            && Rc::ptr_eq(&self.expanded, &o.expanded)
            && self.animate == o.animate
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
            panel: Panel::Build,
            lesson: None,
            progress: Rc::default(),
            presenter: false,
            profile_error: None,
            theme: Theme::System,
            notice: None,
            replaced: None,
            expanded: Rc::default(),
            animate: true,
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
    SetPanel(Panel),
    /// Opens a lesson (or an exercise); the current session is kept aside.
    OpenLesson(Rc<Lesson>),
    /// Runs the lesson's next step; the string is the student's prediction.
    LessonStep(String),
    /// Closes the lesson and gives the session it replaced back.
    CloseLesson,
    /// The open lesson's goal holds.
    LessonDone,
    SetProfile(Rc<CostProfile>),
    ProfileError(String),
    Presenter(bool),
    /// Forward, as presenter mode's → and space: the lesson's next step
    /// (revealed without a prediction), or redo.
    Next,
    /// Replaces the session with a checked document (from a link or a file,
    /// named by the string); the replaced one can be brought back.
    Load(Box<SessionDoc>, String),
    /// Brings back the session the last load replaced.
    Restore,
    Notice(Option<Notice>),
    SetTheme(Theme),
    /// Replaces the lesson progress (an import).
    SetProgress(Rc<Progress>),
    /// Shows every child of a process the picture collapsed ("+K processes").
    Expand(u64),
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
                self.remember(text.lines()); // for ↑ (classroom2)
                return;
            }
        };
        // Check everything first: nothing of an input with errors is applied.
        let mut errors = Vec::new();
        let profile = sc.header.profile.as_deref().map(|name| {
            CostProfile::builtin(name).ok_or_else(|| format!(t!(unknown_profile_built_in_linux_6_18), name = name))
        });
        if let Some(Err(e)) = &profile {
            errors.push(e.clone());
        }
        if sc.header.pid_max.is_some() && !self.history.borrow().log().is_empty() {
            errors.push(t!(pid_max_first).into());
        }
        let len = self.history.borrow().cursor() + sc.lines.len();
        if len > MAX_STATEMENTS {
            errors.push(format!(
                t!(too_many_statements),
                MAX_STATEMENTS = MAX_STATEMENTS,
                len = len
            ));
        }
        if errors.is_empty() {
            if let Some(m) = sc.header.model {
                self.mode = ViewMode::One(m);
            }
            if let Some(Ok(p)) = profile {
                self.profile = Rc::new(p);
            }
            if let Some(pid_max) = sc.header.pid_max {
                self.history = Rc::new(RefCell::new(History::new(pid_max)));
            }
            self.remember(text.lines());
            self.push(sc.statements());
            self.animate = true;
            self.follow_new_child();
        }
        self.errors = errors;
    }

    /// The selection follows a process the last step created (not a thread).
    fn follow_new_child(&mut self) {
        let h = self.history.borrow();
        let created = h.run(self.model()).last_op(h.cursor()).and_then(|(_, step)| {
            step.effects.iter().find_map(|e| match e {
                pidns_core::Effect::TaskCreated {
                    task, thread_of: None, ..
                } if step.created.as_ref() == Some(task) => Some(task.clone()),
                _ => None,
            })
        });
        drop(h);
        if let Some(name) = created {
            self.selected = name;
        }
    }

    /// Adds lines to the console history.
    fn remember<'a>(&mut self, lines: impl Iterator<Item = &'a str>) {
        let sent = Rc::make_mut(&mut self.sent);
        sent.extend(lines.filter(|l| !l.trim().is_empty()).map(str::to_string));
        sent.drain(..sent.len().saturating_sub(SENT_MAX));
    }

    /// Pushes statements at the cursor; lesson steps past it are forgotten.
    fn push(&mut self, stmts: Vec<Stmt>) {
        let cursor = self.history.borrow().cursor();
        if let Some(run) = &mut self.lesson {
            Rc::make_mut(run).cut(cursor);
        }
        self.history.borrow_mut().push(stmts);
        self.version += 1;
    }

    fn open_lesson(&mut self, lesson: Rc<Lesson>) {
        let stash = match self.lesson.take() {
            Some(open) => open.stash.clone(),
            None => Stash {
                history: self.history.clone(),
                sent: self.sent.clone(),
                mode: self.mode,
            },
        };
        let mut h = History::new(lesson.header.pid_max.unwrap_or(PID_MAX_DEFAULT));
        h.push(lesson.start.clone());
        self.history = Rc::new(RefCell::new(h));
        self.mode = ViewMode::One(lesson.header.model.unwrap_or(Model::Multilevel));
        if let Some(p) = lesson.header.profile.as_deref().and_then(CostProfile::builtin) {
            self.profile = Rc::new(p);
        }
        self.selected = "init".into();
        self.view_from = None;
        self.errors.clear();
        self.panel = Panel::Lesson;
        self.lesson = Some(Rc::new(LessonRun {
            lesson,
            marks: Vec::new(),
            stash,
        }));
        self.version += 1;
    }

    fn close_lesson(&mut self) {
        if let Some(run) = self.lesson.take() {
            self.unstash(run.stash.clone());
        }
    }

    /// The user's own session (the one a lesson keeps aside, if one is open), to keep aside.
    pub fn stash(&self) -> Stash {
        match &self.lesson {
            Some(run) => run.stash.clone(),
            None => Stash {
                history: self.history.clone(),
                sent: self.sent.clone(),
                mode: self.mode,
            },
        }
    }

    fn unstash(&mut self, st: Stash) {
        self.history = st.history;
        self.sent = st.sent;
        self.mode = st.mode;
        self.selected = "init".into();
        self.view_from = None;
        self.version += 1;
    }

    /// The user's own session as a document (the one a lesson keeps aside, if one is open).
    pub fn doc(&self) -> SessionDoc {
        let st = self.stash();
        let h = st.history.borrow();
        let mut d = SessionDoc::new(h.log().iter().map(ToString::to_string).collect(), h.cursor());
        d.pid_max = h.pid_max();
        d.model = match st.mode {
            ViewMode::One(m) => m,
            ViewMode::Compare => Model::Multilevel,
        };
        d.compare = st.mode == ViewMode::Compare;
        d.view_from = if self.lesson.is_none() {
            self.view_from.clone()
        } else {
            None
        };
        d.profile = pidns_core::cost::BUILTIN_PROFILES
            .contains(&self.profile.name.as_str())
            .then(|| self.profile.name.clone());
        d
    }

    /// Replaces the session with a document's; on error nothing changes.
    pub fn load(&mut self, doc: &SessionDoc) -> Result<(), String> {
        let stmts = doc.parsed().map_err(|e| e.to_string())?;
        let mut h = History::new(doc.pid_max);
        h.push(stmts);
        h.jump(doc.cursor);
        self.history = Rc::new(RefCell::new(h));
        self.mode = if doc.compare {
            ViewMode::Compare
        } else {
            ViewMode::One(doc.model)
        };
        if let Some(p) = doc.profile.as_deref().and_then(CostProfile::builtin) {
            self.profile = Rc::new(p);
        }
        self.view_from = doc.view_from.clone();
        self.selected = "init".into();
        self.sent = Rc::new(doc.statements.iter().rev().take(SENT_MAX).rev().cloned().collect());
        self.errors.clear();
        self.lesson = None;
        self.version += 1;
        Ok(())
    }

    /// Runs the next lesson step (with the expectations right after it) and,
    /// if it asked, compares `given` with what the model returned.
    fn lesson_step(&mut self, given: String) {
        let Some(run) = self.lesson.clone() else { return };
        let cursor = self.history.borrow().cursor();
        let k = run.next(cursor);
        let steps = &run.lesson.steps;
        let Some(first) = steps.get(k) else { return };
        let group = run.lesson.step_group(k);
        let end = group.end;
        let stmts: Vec<Stmt> = steps[group].iter().map(|s| s.stmt.clone()).collect();
        let texts: Vec<String> = stmts.iter().map(ToString::to_string).collect();
        self.remember(texts.iter().map(String::as_str));
        self.push(stmts);
        let h = self.history.borrow();
        let reveal = match (&first.ask, h.run(self.model()).outcomes().get(cursor)) {
            (Some(q), Some(Outcome::Op(step))) => {
                let truth = answer_of(step);
                let correct = answer_matches(&given, &truth);
                Some(Reveal {
                    question: q.clone(),
                    given: given.trim().to_string(),
                    truth,
                    correct,
                })
            }
            _ => None,
        };
        let at = h.cursor();
        drop(h);
        if let Some(r) = reveal.as_ref().filter(|r| !r.given.is_empty()) {
            let p = Rc::make_mut(&mut self.progress)
                .0
                .entry(run.lesson.id.clone())
                .or_default();
            p.asked += 1;
            p.right += u32::from(r.correct);
        }
        if let Some(run) = &mut self.lesson {
            Rc::make_mut(run).marks.push((at, end, reveal));
        }
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
                s.animate = false;
            }
            Action::Redo => {
                s.history.borrow_mut().redo();
                s.version += 1;
                s.animate = false;
            }
            Action::Jump(at) => {
                s.history.borrow_mut().jump(at);
                s.version += 1;
                s.animate = false;
            }
            Action::Expand(key) => {
                if !s.expanded.contains(&key) {
                    Rc::make_mut(&mut s.expanded).push(key);
                }
            }
            Action::SetMode(m) => s.mode = m,
            Action::Select(name) => s.selected = name,
            Action::ViewFrom(v) => s.view_from = v,
            Action::SetSpeed(sp) => s.speed = sp,
            Action::SetPanel(p) => s.panel = p,
            Action::OpenLesson(l) => s.open_lesson(l),
            Action::LessonStep(given) => {
                s.lesson_step(given);
                s.animate = true;
            }
            Action::CloseLesson => s.close_lesson(),
            Action::LessonDone => {
                if let Some(id) = s.lesson.as_ref().map(|r| r.lesson.id.clone()) {
                    if !s.progress.of(&id).done {
                        Rc::make_mut(&mut s.progress).0.entry(id).or_default().done = true;
                    }
                }
            }
            Action::SetProfile(p) => {
                s.profile = p;
                s.profile_error = None;
            }
            Action::ProfileError(e) => s.profile_error = Some(e),
            Action::Presenter(on) => s.presenter = on,
            Action::Load(doc, from) => match doc.parsed() {
                Err(e) => {
                    s.notice = Some(Notice {
                        error: true,
                        text: format!(t!(could_not_open), from = from, e = e),
                    })
                }
                Ok(_) => {
                    // A lesson gives the user's own session back first: that is what the load replaces.
                    s.close_lesson();
                    let replaced = s.stash();
                    if s.load(&doc).is_ok() {
                        s.replaced = Some(replaced);
                        let n = doc.statements.len();
                        s.notice = Some(Notice {
                            error: false,
                            text: format!(t!(opened_statements), from = from, n = n),
                        });
                    }
                }
            },
            Action::Restore => {
                if let Some(st) = s.replaced.take() {
                    s.close_lesson();
                    s.unstash(st);
                    s.notice = Some(Notice {
                        error: false,
                        text: t!(previous_session_back).into(),
                    });
                }
            }
            Action::Notice(n) => s.notice = n,
            Action::SetTheme(t) => s.theme = t,
            Action::SetProgress(p) => {
                let n = p.0.len();
                s.progress = p;
                s.notice = Some(Notice {
                    error: false,
                    text: format!(t!(imported_progress_for_lesson_s), n = n),
                });
            }
            Action::Next => {
                let cursor = s.history.borrow().cursor();
                match &s.lesson {
                    Some(run) if run.next(cursor) < run.lesson.steps.len() => s.lesson_step(String::new()),
                    _ => {
                        s.history.borrow_mut().redo();
                        s.version += 1;
                    }
                }
            }
        }
        Rc::new(s)
    }
}

/// The state handle every component receives.
pub type AppHandle = UseReducerHandle<AppState>;
