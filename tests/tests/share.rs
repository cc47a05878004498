//! Share links, JSON and `.pns` files carry a session exactly: for random
//! sessions (the shared scenario generator), session → link/file → session
//! gives the same statements, cursor and settings, and replaying it gives
//! the same world.

use pidns_core::scenario::generate::generate;
use pidns_core::scenario::history::History;
use pidns_core::scenario::share::SessionDoc;
use pidns_core::Model;
use proptest::prelude::*;

fn replay(doc: &SessionDoc) -> History {
    let mut h = History::new(doc.pid_max);
    h.push(doc.parsed().expect("a checked document parses"));
    h.jump(doc.cursor);
    h
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_session_survives_link_json_and_pns(
        choices in prop::collection::vec(any::<u64>(), 1..60),
        back in 0usize..10,
        compare in any::<bool>(),
        flat in any::<bool>(),
    ) {
        let sc = generate(&choices);
        let statements: Vec<String> = sc.lines.iter().map(|l| l.stmt.to_string()).collect();
        let cursor = statements.len().saturating_sub(back);
        let mut doc = SessionDoc::new(statements, cursor);
        doc.compare = compare;
        doc.model = if flat { Model::Flat } else { Model::Multilevel };
        doc.view_from = Some("init".into());
        doc.profile = Some("seed-2007".into());
        let deflated = miniz_oxide::deflate::compress_to_vec(doc.to_compact_json().as_bytes(), 9);
        let from_link = SessionDoc::from_link(&SessionDoc::link_from_deflated(&deflated));
        prop_assert_eq!(from_link.as_ref(), Ok(&doc));
        prop_assert_eq!(SessionDoc::from_json(&doc.to_json()), Ok(doc.clone()));
        let from_pns = SessionDoc::from_pns(&doc.to_pns()).expect("pns");
        prop_assert_eq!(&from_pns.statements[..], &doc.statements[..cursor]);
        prop_assert_eq!((from_pns.model, from_pns.profile.clone()), (doc.model, doc.profile.clone()));
        let (a, b) = (replay(&doc), replay(&from_link.expect("link")));
        for m in [Model::Multilevel, Model::Flat] {
            prop_assert_eq!(a.run(m).session().table(), b.run(m).session().table());
        }
    }
}
