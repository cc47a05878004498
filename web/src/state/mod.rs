//! The app's state behind one `use_reducer`, in four parts with their own
//! actions: the session (statements, history, console), study (the open
//! lesson, progress), the view (model, selection, panel, theme...) and the
//! cost profile. A part's action changes only that part, except where the
//! app ties them together (an input's header picks a model and a profile, a
//! lesson or a load replaces the session): those ties are here.
//! No kernel rule lives here: statements go to `pidns_core`'s `History`.

pub mod cost;
pub mod session;
pub mod study;
pub mod view;

pub use cost::{CostAction, CostState};
pub use session::{SessionAction, SessionState, SENT_MAX};
pub use study::{StudyAction, StudyState};
pub use view::{Notice, Panel, Speed, Theme, ViewAction, ViewMode, ViewState};

use crate::study::{LessonRun, Reveal, Stash};
use pidns_core::cost::CostProfile;
use pidns_core::scenario::history::Outcome;
use pidns_core::scenario::lesson::{answer_matches, answer_of, Lesson};
use pidns_core::scenario::share::SessionDoc;
use pidns_core::scenario::Stmt;
use pidns_core::{Model, PID_MAX_DEFAULT};
use std::rc::Rc;
use yew::prelude::*;

/// Everything the views render.
#[derive(Clone, Default, PartialEq)]
pub struct AppState {
    /// The statements, their replays and the console.
    pub session: SessionState,
    /// The open lesson and the progress.
    pub study: StudyState,
    /// How the world is shown.
    pub view: ViewState,
    /// The cost profile.
    pub cost: CostState,
}

/// What the user did, addressed to the part of the state it changes.
pub enum Action {
    /// A statement, undo, redo, a jump, a load.
    Session(SessionAction),
    /// A lesson opened, stepped or closed; progress.
    Study(StudyAction),
    /// How the world is shown.
    View(ViewAction),
    /// The profile chosen or refused.
    Cost(CostAction),
}

impl AppState {
    /// The model whose state the single-model views show.
    pub fn model(&self) -> Model {
        self.view.mode.model()
    }

    /// Shows a notice.
    fn notify(&mut self, n: Notice) {
        self.view.notice = Some(n);
    }

    fn submit(&mut self, text: &str) {
        if let Some(acc) = self.session.submit(text) {
            if let Some(m) = acc.model {
                self.view.mode = ViewMode::One(m);
            }
            if let Some(p) = acc.profile {
                self.cost.profile = Rc::new(p);
            }
            self.study.cut(acc.at);
            self.follow_new_child();
        }
    }

    /// The selection follows a process the last step created (not a thread).
    fn follow_new_child(&mut self) {
        let h = self.session.history.borrow();
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
            self.view.selected = name;
        }
    }

    fn open_lesson(&mut self, lesson: Rc<Lesson>) {
        let stash = self.stash();
        self.session
            .start(lesson.header.pid_max.unwrap_or(PID_MAX_DEFAULT), lesson.start.clone());
        self.view.mode = ViewMode::One(lesson.header.model.unwrap_or(Model::Multilevel));
        if let Some(p) = lesson.header.profile.as_deref().and_then(CostProfile::builtin) {
            self.cost.profile = Rc::new(p);
        }
        self.view.refocus();
        self.view.panel = Panel::Lesson;
        self.study.lesson = Some(Rc::new(LessonRun {
            lesson,
            marks: Vec::new(),
            stash,
        }));
    }

    fn close_lesson(&mut self) {
        if let Some(run) = self.study.lesson.take() {
            self.unstash(&run.stash);
        }
    }

    /// The user's own session (the one a lesson keeps aside, if one is open), to keep aside.
    pub fn stash(&self) -> Stash {
        match &self.study.lesson {
            Some(run) => run.stash.clone(),
            None => Stash {
                history: self.session.history.clone(),
                sent: self.session.sent.clone(),
                mode: self.view.mode,
            },
        }
    }

    fn unstash(&mut self, st: &Stash) {
        self.session.unstash(st);
        self.view.mode = st.mode;
        self.view.refocus();
    }

    /// The user's own session as a document (the one a lesson keeps aside, if one is open).
    pub fn doc(&self) -> SessionDoc {
        let st = self.stash();
        let h = st.history.borrow();
        let mut d = SessionDoc::new(h.log().iter().map(ToString::to_string).collect(), h.cursor());
        d.pid_max = h.pid_max();
        d.model = st.mode.model();
        d.compare = st.mode == ViewMode::Compare;
        d.view_from = if self.study.lesson.is_none() {
            self.view.view_from.clone()
        } else {
            None
        };
        d.profile = pidns_core::cost::BUILTIN_PROFILES
            .contains(&self.cost.profile.name.as_str())
            .then(|| self.cost.profile.name.clone());
        d
    }

    /// Replaces the session with a document's; on error nothing changes.
    pub fn load(&mut self, doc: &SessionDoc) -> Result<(), String> {
        self.session.load(doc)?;
        self.view.mode = if doc.compare {
            ViewMode::Compare
        } else {
            ViewMode::One(doc.model)
        };
        if let Some(p) = doc.profile.as_deref().and_then(CostProfile::builtin) {
            self.cost.profile = Rc::new(p);
        }
        self.view.refocus();
        self.view.view_from = doc.view_from.clone();
        self.study.lesson = None;
        Ok(())
    }

    /// Loads a document named `from`, keeping the session it replaces to bring back.
    fn load_keeping(&mut self, doc: &SessionDoc, from: &str) {
        if let Err(e) = doc.parsed() {
            self.notify(Notice::error(format!(t!(could_not_open), from = from, e = e)));
            return;
        }
        // A lesson gives the user's own session back first: that is what the load replaces.
        self.close_lesson();
        let replaced = self.stash();
        if self.load(doc).is_ok() {
            self.session.replaced = Some(replaced);
            let n = doc.statements.len();
            self.notify(Notice::done(format!(t!(opened_statements), from = from, n = n)));
        }
    }

    /// Runs the next lesson step (with the expectations right after it) and,
    /// if it asked, compares `given` with what the model returned.
    fn lesson_step(&mut self, given: String) {
        let Some(run) = self.study.lesson.clone() else { return };
        let cursor = self.session.cursor();
        let k = run.next(cursor);
        let steps = &run.lesson.steps;
        let Some(first) = steps.get(k) else { return };
        let group = run.lesson.step_group(k);
        let end = group.end;
        let stmts: Vec<Stmt> = steps[group].iter().map(|s| s.stmt.clone()).collect();
        let texts: Vec<String> = stmts.iter().map(ToString::to_string).collect();
        self.session.remember(texts.iter().map(String::as_str));
        self.study.cut(cursor);
        self.session.push(stmts);
        let h = self.session.history.borrow();
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
            let p = Rc::make_mut(&mut self.study.progress)
                .0
                .entry(run.lesson.id.clone())
                .or_default();
            p.asked += 1;
            p.right += u32::from(r.correct);
        }
        if let Some(run) = &mut self.study.lesson {
            Rc::make_mut(run).marks.push((at, end, reveal));
        }
    }

    fn session_action(&mut self, a: SessionAction) {
        match a {
            SessionAction::Submit(text) => self.submit(&text),
            SessionAction::Undo => self.session.travel(|h| h.undo()),
            SessionAction::Redo => self.session.travel(|h| h.redo()),
            SessionAction::Jump(at) => self.session.travel(|h| h.jump(at)),
            SessionAction::Load(doc, from) => self.load_keeping(&doc, &from),
            SessionAction::Restore => {
                if let Some(st) = self.session.replaced.take() {
                    self.close_lesson();
                    self.unstash(&st);
                    self.notify(Notice::done(t!(previous_session_back).into()));
                }
            }
        }
    }

    fn study_action(&mut self, a: StudyAction) {
        match a {
            StudyAction::Open(l) => self.open_lesson(l),
            StudyAction::Step(given) => self.lesson_step(given),
            StudyAction::Close => self.close_lesson(),
            StudyAction::Done => self.study.done(),
            StudyAction::SetProgress(p) => {
                let n = p.0.len();
                self.study.progress = p;
                self.notify(Notice::done(format!(t!(imported_progress_for_lesson_s), n = n)));
            }
            // A presenter's → plays the next step with its motion (the toolbar's Redo shows it at once).
            StudyAction::Next => match self.study.next_step(self.session.cursor()) {
                Some(_) => self.lesson_step(String::new()),
                None if self.session.cursor() < self.session.history.borrow().log().len() => {
                    self.session.travel(|h| h.redo());
                    self.session.animate = true;
                }
                // At the end there is nothing to play: the view stays as it is.
                None => {}
            },
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Session(a) => s.session_action(a),
            Action::Study(a) => s.study_action(a),
            Action::View(a) => s.view.apply(a),
            Action::Cost(a) => s.cost.apply(a),
        }
        Rc::new(s)
    }
}
