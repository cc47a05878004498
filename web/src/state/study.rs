//! Study: the lesson (or exercise) being worked through, and the student's
//! progress in every lesson.

use crate::study::{LessonRun, Progress};
use pidns_core::scenario::lesson::Lesson;
use std::rc::Rc;

/// The open lesson and the progress.
#[derive(Clone, Default, PartialEq)]
pub struct StudyState {
    /// The lesson being worked through, if any.
    pub lesson: Option<Rc<LessonRun>>,
    pub progress: Rc<Progress>,
}

/// A step of study.
pub enum StudyAction {
    /// Opens a lesson (or an exercise); the current session is kept aside.
    Open(Rc<Lesson>),
    /// Runs the lesson's next step; the string is the student's prediction.
    Step(String),
    /// Closes the lesson and gives the session it replaced back.
    Close,
    /// The open lesson's goal holds.
    Done,
    /// Replaces the lesson progress (an import).
    SetProgress(Rc<Progress>),
    /// Forward, as presenter mode's → and space: the lesson's next step
    /// (revealed without a prediction), or redo.
    Next,
}

impl StudyState {
    /// Marks the open lesson done (its goal holds).
    pub fn done(&mut self) {
        if let Some(id) = self.lesson.as_ref().map(|r| r.lesson.id.clone()) {
            if !self.progress.of(&id).done {
                Rc::make_mut(&mut self.progress).0.entry(id).or_default().done = true;
            }
        }
    }

    /// The open lesson forgets its steps past `cursor` (a new statement dropped them).
    pub fn cut(&mut self, cursor: usize) {
        if let Some(run) = &mut self.lesson {
            Rc::make_mut(run).cut(cursor);
        }
    }

    /// The index of the open lesson's next step at `cursor`, if one is left.
    pub fn next_step(&self, cursor: usize) -> Option<usize> {
        let run = self.lesson.as_ref()?;
        let k = run.next(cursor);
        (k < run.lesson.steps.len()).then_some(k)
    }
}
