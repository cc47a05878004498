//! The lab's own limits (`pidns_core::limits`) as a user meets them: each is
//! refused with a reason that names it, and none is mistaken for the
//! kernel's.

use pidns_core::limits::{MAX_DOC_BYTES, MAX_LINE_BYTES, MAX_PRICE_NS};
use pidns_core::scenario::share::{SessionDoc, ShareError};
use pidns_core::scenario::{parse_line, Limit, Op, Session, Stmt, Verb};
use pidns_core::{CloneFlags, Errno, Model, Work, PID_MAX_DEFAULT};

fn fork(actor: &str) -> Op {
    Op {
        actor: actor.into(),
        verb: Verb::Clone(CloneFlags::default()),
        name: None,
    }
}

#[test]
fn the_task_limit_says_which_limit_was_hit_and_keeps_the_kernels_errno() {
    let mut s = Session::new(Model::Multilevel, PID_MAX_DEFAULT).with_task_limit(3);
    assert!(s.apply(&fork("init")).result.is_ok());
    assert!(s.apply(&fork("init")).result.is_ok());
    let step = s.apply(&fork("init"));
    assert_eq!(step.result, Err(Errno::EAGAIN));
    assert_eq!(step.limit, Some(Limit::Tasks));
    assert!(step.work.is_empty(), "refused before the kernel: {:?}", step.work);
    let why = step.explain().unwrap_or_default();
    assert!(why.contains("task limit") && !why.contains("idr"), "{why}");
    // The kernel's own EAGAIN (a full pid namespace) still says so.
    let mut s = Session::new(Model::Multilevel, 301);
    let mut last = None;
    for _ in 0..400 {
        last = Some(s.apply(&fork("init")));
    }
    let last = last.expect("forked");
    assert_eq!((last.result, last.limit), (Err(Errno::EAGAIN), None));
    assert!(last.explain().unwrap_or_default().contains("idr full"));
}

#[test]
fn a_maximal_price_keeps_every_total_finite() {
    let p = pidns_core::cost::CostProfile::from_json(&format!(
        r#"{{"name": "max", "prices": {{"copy_process": {MAX_PRICE_NS}}}}}"#
    ))
    .expect("the bound itself is accepted");
    let trace = vec![Work::CopyProcess; 1 << 20];
    assert!(p.cost(&trace).is_finite());
    let over = pidns_core::cost::CostProfile::from_json(r#"{"name": "x", "prices": {"reap": 1e308}}"#);
    assert!(over.is_err_and(|e| e.0.contains("reap")));
}

#[test]
fn a_share_link_carrying_a_huge_statement_is_refused_quickly_and_briefly() {
    let verb = "z".repeat(MAX_DOC_BYTES / 2);
    let doc = SessionDoc::new(vec![format!("init {verb}")], 1).to_compact_json();
    let link = SessionDoc::link_from_deflated(&miniz_oxide::deflate::compress_to_vec(doc.as_bytes(), 9));
    assert!(link.len() < 10_000, "a small link: {}", link.len());
    let e = SessionDoc::from_link(&link).expect_err("refused");
    assert!(matches!(e, ShareError::BadStatements { total: 1, .. }), "{e}");
    assert!(e.to_string().len() < 300, "{e}");
    assert!(parse_line(&"z".repeat(MAX_LINE_BYTES), 1).is_err());
    assert!(matches!(parse_line("init fork", 1), Ok(Stmt::Op(_))));
}

#[test]
fn an_unknown_name_says_so_beside_its_errno() {
    let mut s = Session::new(pidns_core::Model::Multilevel, pidns_core::PID_MAX_DEFAULT);
    for (text, errno) in [
        ("zed getpid", Errno::ESRCH),
        ("init kill zed SIGTERM", Errno::ESRCH),
        ("init pidfd_open zed", Errno::ESRCH),
        ("init pidfd_getpid zed", Errno::EBADF),
    ] {
        let Ok(Stmt::Op(op)) = parse_line(text, 1) else {
            panic!("{text} parses")
        };
        let step = s.apply(&op);
        assert_eq!(step.result, Err(errno), "{text}");
        assert_eq!(step.explain().as_deref(), Some("no process is named zed"), "{text}");
    }
    let Ok(Stmt::Op(op)) = parse_line("init getpid", 1) else {
        panic!("parses")
    };
    assert_eq!(s.apply(&op).explain(), None, "success explains nothing");
}
