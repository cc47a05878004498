//! Property tests: random operation sequences in both models. After every
//! step the world's invariants hold; a failed operation changes nothing (but
//! the idr cursors alloc_pid moved, as on Linux); and the two models agree on
//! every sequence that never creates a namespace below level 1.

use pidns_core::scenario::{Op, Session, Step, Target, Verb};
use pidns_core::{CloneFlags, Disposition, Errno, Model, RebootCmd, Signal, Work};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Act {
    Fork,
    CloneNewpid,
    Thread,
    Parent,
    Unshare,
    Setns(usize),
    Exit(u8),
    Wait(Option<usize>),
    Kill(usize, Signal),
    KillAll(Signal),
    Sig(Signal, Disposition),
    Subreaper(bool),
    Setsid,
    Getppid,
    LastPid(i64),
    PidMax(i64),
    Reboot(RebootCmd),
}

fn signal() -> impl Strategy<Value = Signal> {
    prop::sample::select(Signal::ALL.to_vec())
}

fn act() -> impl Strategy<Value = Act> {
    prop_oneof![
        6 => Just(Act::Fork),
        3 => Just(Act::CloneNewpid),
        2 => Just(Act::Thread),
        1 => Just(Act::Parent),
        2 => Just(Act::Unshare),
        1 => any::<usize>().prop_map(Act::Setns),
        3 => (0u8..4).prop_map(Act::Exit),
        3 => prop::option::of(any::<usize>()).prop_map(Act::Wait),
        2 => (any::<usize>(), signal()).prop_map(|(t, s)| Act::Kill(t, s)),
        1 => signal().prop_map(Act::KillAll),
        1 => (signal(), prop::sample::select(vec![Disposition::Default, Disposition::Handle, Disposition::Ignore]))
            .prop_map(|(s, d)| Act::Sig(s, d)),
        1 => any::<bool>().prop_map(Act::Subreaper),
        1 => Just(Act::Setsid),
        1 => Just(Act::Getppid),
        1 => prop_oneof![-1i64..5, 295i64..305, 395i64..401].prop_map(Act::LastPid),
        1 => prop_oneof![299i64..303, 395i64..401].prop_map(Act::PidMax),
        1 => prop::sample::select(vec![RebootCmd::Restart, RebootCmd::Halt, RebootCmd::CadOn]).prop_map(Act::Reboot),
    ]
}

fn op(names: &[String], actor: usize, a: &Act) -> Op {
    let pick = |i: usize| names[i % names.len()].clone();
    let verb = match a {
        Act::Fork => Verb::Clone(CloneFlags::default()),
        Act::CloneNewpid => Verb::Clone(CloneFlags {
            newpid: true,
            ..CloneFlags::default()
        }),
        Act::Thread => Verb::Clone(CloneFlags {
            thread: true,
            ..CloneFlags::default()
        }),
        Act::Parent => Verb::Clone(CloneFlags {
            parent: true,
            ..CloneFlags::default()
        }),
        Act::Unshare => Verb::Unshare,
        Act::Setns(t) => Verb::Setns(pick(*t)),
        Act::Exit(c) => Verb::Exit(*c),
        Act::Wait(t) => Verb::Wait(t.map(pick)),
        Act::Kill(t, s) => Verb::Kill(Target::Name(pick(*t)), *s),
        Act::KillAll(s) => Verb::Kill(Target::Pid(-1), *s),
        Act::Sig(s, d) => Verb::Signal(*s, *d),
        Act::Subreaper(on) => Verb::Subreaper(*on),
        Act::Setsid => Verb::Setsid,
        Act::Getppid => Verb::Getppid,
        Act::LastPid(n) => Verb::SetLastPid(*n),
        Act::PidMax(n) => Verb::SetPidMax(*n),
        Act::Reboot(c) => Verb::Reboot(*c),
    };
    Op {
        actor: pick(actor),
        verb,
        name: None,
    }
}

/// Runs `acts` in `model`, checking the invariants and the failure rule at
/// every step; returns the steps.
fn run(model: Model, pid_max: u32, acts: &[(usize, Act)]) -> Result<(Vec<Step>, Session), TestCaseError> {
    let mut s = Session::new(model, pid_max);
    let mut names = vec!["init".to_string()];
    let mut steps = Vec::new();
    for (actor, a) in acts {
        let o = op(&names, *actor, a);
        let before = s.world().clone();
        let step = s.apply(&o);
        if let Err(msg) = s.world().check_invariants() {
            return Err(TestCaseError::fail(format!("after `{o}`: {msg}")));
        }
        if let Err(e) = step.result {
            let cursors_may_move = matches!(e, Errno::EAGAIN | Errno::ENOMEM);
            prop_assert!(
                s.world().same_state(&before, cursors_may_move),
                "`{o}` failed with {e} but changed the world"
            );
        }
        if let Some(n) = &step.created {
            names.push(n.clone());
        }
        steps.push(step);
    }
    Ok((steps, s))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_in_both_models(
        acts in prop::collection::vec((any::<usize>(), act()), 1..60),
        small in any::<bool>(),
    ) {
        let pid_max = if small { 310 } else { 32768 };
        run(Model::Multilevel, pid_max, &acts)?;
        run(Model::Flat, pid_max, &acts)?;
    }

    #[test]
    fn models_agree_when_no_namespace_goes_below_level_1(acts in prop::collection::vec((any::<usize>(), act()), 1..60)) {
        let (ml, ms) = run(Model::Multilevel, 32768, &acts)?;
        // Only sequences that never even try to create a level-2 namespace.
        let deep = ml.iter().flat_map(|s| &s.work).any(|w| matches!(w, Work::CreatePidNs { level } if *level >= 2));
        prop_assume!(!deep);
        let (fl, fs) = run(Model::Flat, 32768, &acts)?;
        let results = |v: &[Step]| v.iter().map(|s| (s.result, s.created.clone())).collect::<Vec<_>>();
        prop_assert_eq!(results(&ml), results(&fl));
        prop_assert_eq!(ms.table(), fs.table());
    }
}
