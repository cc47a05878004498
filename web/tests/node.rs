//! wasm tests in Node: the kernel model compiled to wasm, and the app's
//! reducer (undo, redo, jump, editing after undo, bad input kept out).

use pidns_web::state::{Action, AppState, SessionAction, StudyAction};
use pidns_web::view;
use std::rc::Rc;
use wasm_bindgen_test::wasm_bindgen_test;
use yew::Reducible;

fn reduce(s: Rc<AppState>, a: Action) -> Rc<AppState> {
    s.reduce(a)
}

#[wasm_bindgen_test]
fn the_model_runs_in_wasm() {
    let mut s = pidns_core::scenario::Session::new(pidns_core::Model::Multilevel, 32768);
    let sc = pidns_core::scenario::parse(pidns_web::components::app::EXAMPLE).expect("parses");
    for l in &sc.lines {
        if let pidns_core::scenario::Stmt::Op(op) = &l.stmt {
            s.apply(op);
        }
    }
    let rows = view::rows(&s, Some("boot"));
    let worker = rows.iter().find(|r| r.task.name == "worker").expect("worker row");
    assert_eq!(worker.task.nspid, vec![4, 2]);
    assert_eq!(worker.seen, Some(2));
    assert_eq!(
        rows.iter().find(|r| r.task.name == "init").and_then(|r| r.seen),
        Some(0),
        "init is invisible from boot"
    );
    assert_eq!(view::format_nspid(&worker.task.nspid), "4/2");
}

#[wasm_bindgen_test]
fn reducer_undo_redo_jump_and_edit_after_undo() {
    let s = Rc::new(AppState::default());
    let s = reduce(
        s,
        Action::Session(SessionAction::Submit("init fork as a\na fork as b\na fork as c".into())),
    );
    assert_eq!(s.session.history.borrow().cursor(), 3);
    let s = reduce(s, Action::Session(SessionAction::Undo));
    let s = reduce(s, Action::Session(SessionAction::Undo));
    assert_eq!(s.session.history.borrow().cursor(), 1);
    let s = reduce(s, Action::Session(SessionAction::Redo));
    assert_eq!(s.session.history.borrow().cursor(), 2);
    assert!(!s.session.animate, "redo shows the step at once");
    let s = reduce(s, Action::Study(StudyAction::Next));
    assert_eq!(s.session.history.borrow().cursor(), 3);
    assert!(s.session.animate, "a presenter's → plays the step");
    let s = reduce(s, Action::Session(SessionAction::Undo));
    let s = reduce(s, Action::Session(SessionAction::Jump(1)));
    let s = reduce(s, Action::Session(SessionAction::Submit("init fork as d".into())));
    let h = s.session.history.borrow();
    assert_eq!(
        (h.cursor(), h.log().len()),
        (2, 2),
        "editing after going back drops the redo tail"
    );
    assert_eq!(
        *s.session.sent,
        vec!["init fork as a", "a fork as b", "a fork as c", "init fork as d"]
    );
}

#[wasm_bindgen_test]
fn bad_input_changes_nothing_and_says_where() {
    let s = Rc::new(AppState::default());
    let s = reduce(s, Action::Session(SessionAction::Submit("init fork as a".into())));
    let v = s.session.version;
    let s = reduce(
        s,
        Action::Session(SessionAction::Submit("init fork\ninit frok\nexpect a pid =".into())),
    );
    assert_eq!(
        s.session.history.borrow().log().len(),
        1,
        "no statement of a bad input is applied"
    );
    assert_eq!(s.session.version, v);
    assert_eq!(s.session.errors.len(), 2);
    assert!(
        s.session.errors[0].starts_with("line 2, col 6: unknown verb 'frok'"),
        "{:?}",
        s.session.errors
    );
    let s = reduce(
        s,
        Action::Session(SessionAction::Submit("model flat\nprofile nosuch\ninit fork".into())),
    );
    assert_eq!(
        s.view.mode,
        pidns_web::state::ViewMode::One(pidns_core::Model::Multilevel),
        "the header is not applied either"
    );
    assert!(
        s.session.errors[0].contains("unknown profile 'nosuch'"),
        "{:?}",
        s.session.errors
    );
    assert_eq!(s.session.history.borrow().log().len(), 1);
}

#[wasm_bindgen_test]
fn a_lesson_keeps_the_session_aside_and_follows_undo() {
    use pidns_core::scenario::lesson::Lesson;
    let s = Rc::new(AppState::default());
    let s = reduce(s, Action::Session(SessionAction::Submit("init fork as mine".into())));
    let before = s.session.history.clone();
    let lesson = Rc::new(Lesson::builtin().remove(0));
    let s = reduce(s, Action::Study(StudyAction::Open(lesson.clone())));
    assert_eq!(s.session.history.borrow().log().len(), lesson.start.len());
    let s = reduce(s, Action::Study(StudyAction::Step("3".into())));
    let run = s.study.lesson.clone().expect("open");
    let cursor = s.session.history.borrow().cursor();
    let r = run.last_reveal(cursor).expect("asked");
    assert_eq!((r.truth.as_str(), r.correct), ("3", true));
    let s = reduce(s, Action::Study(StudyAction::Step("2".into())));
    let p = s.study.progress.of(&lesson.id);
    assert_eq!((p.asked, p.right), (2, 1), "getpid of the new init is 1, not 2");
    let s = reduce(s, Action::Session(SessionAction::Undo));
    let cursor = s.session.history.borrow().cursor();
    assert_eq!(
        s.study.lesson.as_ref().map(|r| r.next(cursor)),
        Some(1),
        "undo goes back one lesson step"
    );
    let s = reduce(s, Action::Study(StudyAction::Next));
    let cursor = s.session.history.borrow().cursor();
    assert_eq!(
        s.study.lesson.as_ref().map(|r| (r.next(cursor), r.marks.len())),
        Some((2, 2))
    );
    let s = reduce(s, Action::Study(StudyAction::Close));
    assert!(
        Rc::ptr_eq(&s.session.history, &before),
        "the session before the lesson is back"
    );
    assert!(s.study.lesson.is_none());
}
