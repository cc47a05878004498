//! Everything the views show, computed once per change of the session or
//! of how it is shown: the process tables, the pictures, the timeline, the
//! narration of the last step. Read from `pidns_core` (rows, effects,
//! costs); nothing here is a kernel rule.

use crate::picture::{self, Picture};
use crate::state::{AppState, ViewMode};
use crate::view::{self, Row};
use pidns_core::scenario::history::{Outcome, Run};
use pidns_core::Model;
use std::rc::Rc;

/// Everything the views need, computed once per change.
pub struct Derived {
    /// What it was computed for: model, view-from, compare.
    pub key: (Model, Option<String>, bool),
    pub cursor: usize,
    pub len: usize,
    pub rows: Rc<Vec<Row>>,
    pub flat_rows: Rc<Vec<Row>>,
    pub names: Rc<Vec<String>>,
    /// What the drop-downs offer, and how many names they leave out.
    pub choices: Rc<Vec<String>>,
    pub more: usize,
    pub max_level: u32,
    pub fresh: Option<String>,
    pub timeline: Rc<Vec<view::Entry>>,
    pub divergences: Rc<Vec<(usize, String, String, String)>>,
    pub diverged: Rc<Vec<usize>>,
    pub narration: String,
    /// The picture of the single-model (or multilevel) session.
    pub picture: Rc<Picture>,
    /// Compare: the flat model's picture.
    pub flat_picture: Option<Rc<Picture>>,
}

impl Derived {
    /// `prev` is the last one computed: after one operation forward in the
    /// same view, the tasks that operation ended are marked.
    pub fn new(state: &AppState, prev: Option<&Derived>) -> Derived {
        let h = state.session.history.borrow();
        let model = state.model();
        let run = h.run(model);
        let session = run.session();
        let vf = state.view.view_from.as_deref();
        let compare = state.view.mode == ViewMode::Compare;
        let key = (model, state.view.view_from.clone(), compare);
        let cursor = h.cursor();
        // One operation forward (with the expectations after it).
        let one_op = |from: usize| {
            from < cursor
                && h.log()[from..cursor]
                    .iter()
                    .filter(|st| matches!(st, pidns_core::scenario::Stmt::Op(_)))
                    .count()
                    == 1
        };
        let prev = prev.filter(|p| p.key == key && one_op(p.cursor));
        // The tasks the last step ended, as core's step effects say.
        let mark =
            |before: Option<&Rc<Vec<Row>>>, model: Model, now: Vec<Row>| match (before, h.run(model).last_op(cursor)) {
                (Some(b), Some((_, step))) => view::with_ended(b, now, step.ended()),
                _ => now,
            };
        let rows = mark(prev.map(|p| &p.rows), run.model(), view::rows(session, vf));
        let max_level = rows.iter().map(|r| r.task.level).max().unwrap_or(0);
        let flat_rows = if compare {
            mark(
                prev.map(|p| &p.flat_rows),
                Model::Flat,
                view::rows(h.run(Model::Flat).session(), vf),
            )
        } else {
            Vec::new()
        };
        let divergences = if compare {
            view::divergences(h.log(), h.run(Model::Multilevel), h.run(Model::Flat))
        } else {
            Vec::new()
        };
        let last = cursor
            .checked_sub(1)
            .and_then(|i| run.outcomes().get(i).map(|o| (i, o)));
        // Only a step forward animates: undo, redo and jumps show the world as it is.
        let last_step = run
            .last_op(cursor)
            .map(|(_, step)| step)
            .filter(|_| state.session.animate);
        let fresh = last_step.and_then(|step| step.created.clone());
        let narration = match last {
            None => t!(no_statement_yet).to_string(),
            Some((i, o)) => {
                let stmt = h.log().get(i).map(ToString::to_string).unwrap_or_default();
                let told = |o: &Outcome| match o {
                    Outcome::Op(step) => match step.result {
                        Err(_) => format!("{o} ({})", step.explain().unwrap_or_default()),
                        Ok(_) => o.to_string(),
                    },
                    Outcome::Expect(v) => v.to_string(),
                };
                let mut result = told(o);
                // Compare: the flat model's result too, where it differs.
                if let Some(f) = h
                    .run(Model::Flat)
                    .outcomes()
                    .get(i)
                    .filter(|f| compare && !o.agrees_with(f))
                {
                    result += &format!(t!(said_flat), told(f));
                }
                // The signals it sent and their fate, as the picture's arrows say, up to a zap.
                if let Outcome::Op(step) = o {
                    for e in &step.effects {
                        match e {
                            pidns_core::Effect::Signal { from, to, sig, fate } => {
                                result += &format!(t!(said_signal), sig.name(), from, to, fate.describe())
                            }
                            pidns_core::Effect::ZapBegins { init, .. } => {
                                result += &format!(t!(said_zap), init);
                                break;
                            }
                            _ => {}
                        }
                    }
                }
                let ended: Vec<&str> = rows.iter().filter(|r| r.ended).map(|r| r.task.name.as_str()).collect();
                let ended = if ended.is_empty() {
                    String::new()
                } else {
                    format!(t!(ended), ended.join(", "))
                };
                format!("Step {}: {stmt} {result}.{ended}", i + 1)
            }
        };
        // A run's picture: the last step's motion (when animating), the tasks it ended, and
        // the processes it reaped drawn once more from the picture before it.
        let draw = |run: &Run, rows: &[Row], before: Option<&Picture>| {
            let step = run
                .last_op(cursor)
                .map(|(_, step)| step)
                .filter(|_| state.session.animate);
            let ended: Vec<String> = rows.iter().filter(|r| r.ended).map(|r| r.task.name.clone()).collect();
            let gone: Vec<&str> = rows
                .iter()
                .filter(|r| r.ended && r.task.state == pidns_core::ProcState::Gone)
                .map(|r| r.task.name.as_str())
                .collect();
            let ghosts = before.map_or_else(Vec::new, |p| picture::ghosts(p, &gone));
            picture::picture(
                run.session(),
                &picture::Options {
                    view_from: vf,
                    expanded: &state.view.expanded,
                    effects: step.map_or(&[], |s| &s.effects[..]),
                    ended: &ended,
                    fresh: step.and_then(|s| s.created.as_deref()),
                    ghosts: &ghosts,
                },
            )
        };
        let picture = draw(run, &rows, prev.map(|p| &*p.picture));
        let flat_picture = compare.then(|| {
            Rc::new(draw(
                h.run(Model::Flat),
                &flat_rows,
                prev.and_then(|p| p.flat_picture.as_deref()),
            ))
        });
        let names: Vec<String> = session.live_names().into_iter().map(str::to_string).collect();
        let (choices, more) = view::choices(&names, &view::namespace_inits(session), &[vf]);
        Derived {
            key,
            cursor,
            len: h.log().len(),
            max_level: max_level.max(flat_rows.iter().map(|r| r.task.level).max().unwrap_or(0)),
            rows: Rc::new(rows),
            flat_rows: Rc::new(flat_rows),
            names: Rc::new(names),
            choices: Rc::new(choices),
            more,
            fresh,
            timeline: view::timeline(h.log(), run, &state.cost.profile),
            diverged: Rc::new(divergences.iter().map(|x| x.0).collect()),
            divergences: Rc::new(divergences),
            narration,
            picture: Rc::new(picture),
            flat_picture,
        }
    }
}
