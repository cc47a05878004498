//! The built-in lessons (`core/lessons/*.pns`): each parses, each `ask` sits
//! on an operation, the goal does not hold at the start nor in an empty
//! world, and the lesson's own steps reach it.

use pidns_core::scenario::lesson::{Lesson, BUILTIN};
use pidns_core::scenario::{Session, Step, Stmt};
use pidns_core::{Model, PID_MAX_DEFAULT};

fn session(l: &Lesson) -> Session {
    Session::new(
        l.header.model.unwrap_or(Model::Multilevel),
        l.header.pid_max.unwrap_or(PID_MAX_DEFAULT),
    )
}

fn run<'a>(s: &mut Session, stmts: impl Iterator<Item = &'a Stmt>) -> Option<Step> {
    let mut last = None;
    for st in stmts {
        if let Stmt::Op(op) = st {
            last = Some(s.apply(op));
        }
    }
    last
}

#[test]
fn every_lesson_parses_and_its_steps_reach_its_goal() {
    assert!(BUILTIN.len() >= 10);
    for (id, text) in BUILTIN {
        let l = Lesson::parse(id, text).unwrap_or_else(|e| panic!("{id}: {e:?}"));
        assert!(
            !l.text.is_empty() && !l.about.is_empty() && !l.hints.is_empty(),
            "{id}: explanation, about, hints"
        );
        assert!(
            l.steps.iter().any(|s| s.ask.is_some()),
            "{id}: no predict-then-reveal question"
        );
        for st in &l.steps {
            assert!(
                st.ask.is_none() || matches!(st.stmt, Stmt::Op(_)),
                "{id}: ask on an expectation"
            );
        }
        let empty = session(&l);
        assert!(
            !l.goal_reached(&empty, None),
            "{id}: an empty scenario reaches the goal"
        );
        let mut s = session(&l);
        let last = run(&mut s, l.start.iter());
        assert!(
            !l.goal_reached(&s, last.as_ref()),
            "{id}: the start alone reaches the goal"
        );
        let last = run(&mut s, l.steps.iter().map(|st| &st.stmt));
        let failed: Vec<String> = l
            .goal_status(&s, last.as_ref())
            .into_iter()
            .filter_map(|(e, r)| {
                r.err()
                    .map(|(want, got)| format!("{e}: expected {want}, observed {got}"))
            })
            .collect();
        assert!(failed.is_empty(), "{id}: the steps miss the goal: {failed:?}");
    }
}

#[test]
fn lesson_ids_and_titles_are_unique() {
    let lessons = Lesson::builtin();
    assert_eq!(lessons.len(), BUILTIN.len(), "a built-in lesson does not parse");
    let mut titles: Vec<&str> = lessons.iter().map(|l| l.title.as_str()).collect();
    titles.sort_unstable();
    titles.dedup();
    assert_eq!(titles.len(), lessons.len());
}
