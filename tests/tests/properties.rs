//! Property tests over random scenarios from the shared generator
//! (`scenario::generate`, which `pidns kernel fuzz` uses too). After every
//! step the world's invariants hold; a failed operation changes nothing (but
//! the idr cursors alloc_pid moved, as on Linux); and the two models agree
//! on every scenario that never tries to create a namespace below level 1.

use pidns_core::scenario::generate::generate;
use pidns_core::scenario::{Session, Step, Stmt};
use pidns_core::{Errno, Model, Work};
use proptest::prelude::*;

/// Replays a generated scenario in `model`, checking the invariants and the
/// failure rule at every step; returns the steps and the session.
fn run(model: Model, pid_max: u32, choices: &[u64]) -> Result<(Vec<Step>, Session), TestCaseError> {
    let sc = generate(choices);
    let mut s = Session::new(model, pid_max);
    let mut steps = Vec::new();
    for l in &sc.lines {
        let Stmt::Op(o) = &l.stmt else { continue };
        let before = s.world().clone();
        let step = s.apply(o);
        if let Err(msg) = s.world().check_invariants() {
            return Err(TestCaseError::fail(format!("after `{o}`: {msg}")));
        }
        if let Err(e) = step.result {
            let cursors = if matches!(e, Errno::EAGAIN | Errno::ENOMEM) {
                pidns_core::Cursors::Ignore
            } else {
                pidns_core::Cursors::Compare
            };
            prop_assert!(
                s.world().same_state(&before, cursors),
                "`{o}` failed with {e} but changed the world"
            );
        }
        steps.push(step);
    }
    Ok((steps, s))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_in_both_models(choices in prop::collection::vec(any::<u64>(), 1..60), small in any::<bool>()) {
        let pid_max = if small { 310 } else { 32768 };
        run(Model::Multilevel, pid_max, &choices)?;
        run(Model::Flat, pid_max, &choices)?;
    }

    #[test]
    fn models_agree_when_no_namespace_goes_below_level_1(choices in prop::collection::vec(any::<u64>(), 1..60)) {
        let (ml, ms) = run(Model::Multilevel, 32768, &choices)?;
        // Only scenarios that never even try to create a level-2 namespace.
        let deep = ml.iter().flat_map(|s| &s.work).any(|w| matches!(w, Work::CreatePidNs { level } if *level >= 2));
        prop_assume!(!deep);
        let (fl, fs) = run(Model::Flat, 32768, &choices)?;
        let results = |v: &[Step]| v.iter().map(|s| (s.result, s.created.clone())).collect::<Vec<_>>();
        prop_assert_eq!(results(&ml), results(&fl));
        prop_assert_eq!(ms.table(), fs.table());
    }
}

#[test]
fn the_generator_goes_deep_and_does_everything() {
    use pidns_core::scenario::generate::choices_from_seed;
    let mut deepest = 0;
    let mut verbs = std::collections::BTreeSet::new();
    for seed in 0..200 {
        let sc = generate(&choices_from_seed(seed, 40));
        let mut s = Session::new(Model::Multilevel, 32768);
        for l in &sc.lines {
            if let Stmt::Op(o) = &l.stmt {
                s.apply(o);
                verbs.insert(o.verb.to_string().split_whitespace().next().unwrap_or("").to_string());
            }
        }
        deepest = deepest.max(s.world().namespaces().map(|(_, n)| n.level).max().unwrap_or(0));
    }
    assert!(deepest >= 5, "deepest generated level {deepest}");
    // Every verb but the read-only ones (get*) and the sysctl writes (set_*).
    for v in pidns_core::scenario::VERBS
        .into_iter()
        .filter(|v| !v.starts_with("get") && !v.starts_with("set_"))
    {
        assert!(verbs.contains(v), "never generated {v}: {verbs:?}");
    }
}
