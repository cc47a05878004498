//! The built-in lessons (`core/lessons/*.pns`): each parses, each `ask` sits
//! on an operation, the goal does not hold at the start nor in an empty
//! world, and the lesson's own steps reach it.

use pidns_core::scenario::lesson::{Lesson, BUILTIN};
use pidns_core::scenario::{Engine, Stmt, Verdict};
use pidns_core::{Model, PID_MAX_DEFAULT};

fn engine(l: &Lesson) -> Engine {
    Engine::new(
        l.header.model.unwrap_or(Model::Multilevel),
        l.header.pid_max.unwrap_or(PID_MAX_DEFAULT),
    )
}

fn run<'a>(e: &mut Engine, stmts: impl Iterator<Item = &'a Stmt>) {
    for st in stmts.filter(|st| matches!(st, Stmt::Op(_))) {
        e.apply(st);
    }
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
            !l.see.is_empty(),
            "{id}: no '#: see' link to a man page or the kernel source"
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
            assert_eq!(
                st.ask.is_some(),
                st.why.as_ref().is_some_and(|w| !w.is_empty() && w.len() <= 100),
                "{id}: every ask needs a short '#: why' (one line, at most 100 bytes), and only an ask: {:?}",
                st.ask
            );
        }
        assert!(!l.goal_reached(&engine(&l)), "{id}: an empty scenario reaches the goal");
        let mut e = engine(&l);
        run(&mut e, l.start.iter());
        assert!(!l.goal_reached(&e), "{id}: the start alone reaches the goal");
        run(&mut e, l.steps.iter().map(|st| &st.stmt));
        let failed: Vec<String> = l
            .goal_status(&e)
            .into_iter()
            .filter(|(_, v)| *v != Verdict::Holds)
            .map(|(x, v)| format!("{x}: {v}"))
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
