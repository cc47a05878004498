//! A lesson in progress and the student's progress. Which lesson steps have
//! run is read from the history's cursor (each step leaves a mark), so undo,
//! redo and the slider move through a lesson too. Progress per lesson is kept
//! in `localStorage` (through `persist`). No kernel rule lives here: answers
//! are checked against the results `pidns_core` computed.

use crate::persist;
use crate::state::ViewMode;
use pidns_core::scenario::history::History;
use pidns_core::scenario::lesson::Lesson;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// A predict-then-reveal answer, once the step has run.
#[derive(Clone, Debug, PartialEq)]
pub struct Reveal {
    pub question: String,
    /// What the student said (empty: revealed without an answer).
    pub given: String,
    /// What the kernel model returned: a number, an errno name, or `-`.
    pub truth: String,
    pub correct: bool,
}

/// The session a lesson replaced, given back when the lesson closes.
#[derive(Clone)]
pub struct Stash {
    pub history: Rc<RefCell<History>>,
    pub sent: Rc<Vec<String>>,
    pub mode: ViewMode,
}

/// A lesson being worked through.
#[derive(Clone)]
pub struct LessonRun {
    pub lesson: Rc<Lesson>,
    /// After each lesson step that ran: the cursor then, the index of the
    /// next step, and its reveal if it asked.
    pub marks: Vec<(usize, usize, Option<Reveal>)>,
    pub stash: Stash,
}

impl PartialEq for LessonRun {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.lesson, &o.lesson) && self.marks == o.marks
    }
}

impl LessonRun {
    /// The index in `lesson.steps` of the next step, at `cursor`.
    pub fn next(&self, cursor: usize) -> usize {
        self.marks.iter().rev().find(|m| m.0 <= cursor).map_or(0, |m| m.1)
    }

    /// The reveal of the last step run, at `cursor`.
    pub fn last_reveal(&self, cursor: usize) -> Option<&Reveal> {
        self.marks
            .iter()
            .rev()
            .find(|m| m.0 <= cursor)
            .and_then(|m| m.2.as_ref())
    }

    /// The questions answered up to `cursor`, each with the index in
    /// `lesson.steps` of the step that asked it (the step a mark ran is the
    /// one the mark before it pointed at): the Q&A log, and the reveal's why.
    pub fn answered(&self, cursor: usize) -> Vec<(usize, &Reveal)> {
        let mut from = 0;
        let mut out = Vec::new();
        for m in self.marks.iter().take_while(|m| m.0 <= cursor) {
            if let Some(r) = &m.2 {
                out.push((from, r));
            }
            from = m.1;
        }
        out
    }

    /// Forgets the steps past `cursor` (a new statement dropped them).
    pub fn cut(&mut self, cursor: usize) {
        self.marks.retain(|m| m.0 <= cursor);
    }
}

/// One lesson's progress.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonProgress {
    /// The goal was reached once.
    pub done: bool,
    /// Questions answered, and answered right.
    pub asked: u32,
    pub right: u32,
}

/// Progress per lesson id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress(pub HashMap<String, LessonProgress>);

/// The largest progress file read.
pub const PROGRESS_MAX: usize = 256 * 1024;

/// The `localStorage` key of [`Progress`].
pub const PROGRESS_KEY: &str = "pidns-lab.progress";

impl Progress {
    /// The saved progress; nothing (not an error) when none is saved, it is
    /// unreadable, or there is no storage.
    pub fn load() -> Progress {
        persist::read(PROGRESS_KEY)
            .and_then(|t| Progress::from_json(&t).ok())
            .unwrap_or_default()
    }

    /// Saves it; a full or missing storage loses only the progress.
    pub fn save(&self) {
        persist::write(PROGRESS_KEY, &self.to_json());
    }

    /// Reads exported progress, refusing what is not progress.
    pub fn from_json(text: &str) -> Result<Progress, String> {
        if text.len() > PROGRESS_MAX {
            return Err(format!(
                t!(bytes_at_most_are_read_2),
                text.len(),
                PROGRESS_MAX = PROGRESS_MAX
            ));
        }
        let p: Progress = serde_json::from_str(text).map_err(|e| format!(t!(not_lesson_progress), e = e))?;
        if p.0.len() > 10_000 || p.0.keys().any(|k| k.len() > 64 || k.is_empty()) {
            return Err(t!(progress_bad_ids).into());
        }
        if p.0.values().any(|l| l.right > l.asked) {
            return Err(t!(progress_bad_counts).into());
        }
        Ok(p)
    }

    /// As JSON, for export.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// One lesson's progress.
    pub fn of(&self, id: &str) -> LessonProgress {
        self.0.get(id).copied().unwrap_or_default()
    }
}
