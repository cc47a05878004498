//! The cost model reproduces the 2007 seed table and the Linux 6.18 sweep,
//! and its costs have the kernel's shapes.

use pidns_core::cost::fit::{linux_6_18, seed_2007, seed_observations};
use pidns_core::cost::tables::{LINUX_6_18, SEED_ROWS};
use pidns_core::cost::{trace_at, CostProfile, Workload};
use pidns_core::work::WorkKind;
use pidns_core::{CloneFlags, Errno, Model, World, PID_MAX_LIMIT};

#[test]
fn seed_2007_reproduces_every_row() {
    let fit = seed_2007();
    for (name, v) in &fit.params {
        assert!(v.is_finite() && *v >= 0.0, "{name} = {v}");
    }
    assert!(fit.params.len() <= 8);
    for row in &SEED_ROWS {
        let [nptl, getpid] = seed_observations(row);
        let p = &fit.profile;
        let model_nptl = p.cost(&nptl.trace) * nptl.count / 1e9;
        let model_getpid = p.cost(&getpid.trace) * getpid.count / 1e9;
        assert!(
            (model_nptl - row.nptl_s).abs() <= row.nptl_err,
            "{}: nptl {model_nptl:.3} vs {} ± {}",
            row.label,
            row.nptl_s,
            row.nptl_err
        );
        assert!(
            (model_getpid - row.getpid_s).abs() <= 1.0,
            "{}: getpid {model_getpid:.3} vs {}",
            row.label,
            row.getpid_s
        );
    }
}

#[test]
fn linux_6_18_predicts_the_sweep_within_5_percent() {
    let p = linux_6_18().profile;
    let ml = Model::Multilevel;
    for r in LINUX_6_18.iter().filter(|r| [0, 1, 2, 4, 8, 16, 31].contains(&r.depth)) {
        let cost = |w| p.cost(&trace_at(ml, r.depth, w).expect("depth"));
        for (what, model, measured) in [
            ("getpid", cost(Workload::Getpid), r.getpid_ns),
            (
                "fork+exit+wait",
                cost(Workload::ForkExitWait) / 1e3,
                r.fork_exit_wait_us,
            ),
            (
                "thread create+join",
                cost(Workload::ThreadCreateJoin) / 1e3,
                r.thread_create_join_us,
            ),
        ] {
            let err = (model - measured).abs() / measured;
            assert!(
                err <= 0.05,
                "depth {}: {what} model {model:.2} vs measured {measured:.2} ({:.1}%)",
                r.depth,
                err * 100.0
            );
        }
    }
}

#[test]
fn getpid_is_flat_and_creation_linear_in_depth() {
    for p in [seed_2007().profile, linux_6_18().profile] {
        let c = |m, d, w| p.cost(&trace_at(m, d, w).expect("depth"));
        let ml = Model::Multilevel;
        for w in [Workload::Getpid, Workload::Gettid] {
            assert!(
                (0..=32).all(|d| c(ml, d, w) == c(ml, 0, w)),
                "{} {:?} grows with depth",
                p.name,
                w
            );
            assert_eq!(c(Model::Flat, 0, w).max(c(Model::Flat, 1, w)), c(Model::Flat, 1, w));
        }
        for w in [Workload::ForkExitWait, Workload::ThreadCreateJoin] {
            let step = c(ml, 1, w) - c(ml, 0, w);
            assert!(step > 0.0, "{}: {:?} does not grow", p.name, w);
            for d in 1..=32 {
                let linear = c(ml, 0, w) + step * f64::from(d);
                assert!(
                    (c(ml, d, w) - linear).abs() < 1e-6 * linear,
                    "{}: {:?} not linear at {d}",
                    p.name,
                    w
                );
            }
        }
        assert!(
            trace_at(Model::Flat, 2, Workload::ForkExitWait).is_none(),
            "flat stops at level 1"
        );
    }
}

#[test]
fn a_failed_operation_costs_only_what_ran_before_it_failed() {
    let p = linux_6_18().profile;
    let mut w = World::new(Model::Multilevel, PID_MAX_LIMIT);
    let mut t = w.init().expect("init");
    for _ in 0..32 {
        t = w
            .clone_task(
                t,
                CloneFlags {
                    newpid: true,
                    ..CloneFlags::default()
                },
            )
            .expect("nest")
            .0;
    }
    assert_eq!(
        w.clone_task(
            t,
            CloneFlags {
                newpid: true,
                ..CloneFlags::default()
            }
        ),
        Err(Errno::ENOSPC)
    );
    assert_eq!(
        p.cost(w.trace()),
        p.prices.get(WorkKind::SyscallEntry),
        "refused before any allocation"
    );
    w.exit_group(t, 0).expect("exit");
    let parent = w
        .tasks()
        .find(|&x| w.task_ref(x).is_some_and(|r| r.level() == 31))
        .expect("level 31 init");
    let dead = w.task_ref(t).expect("zombie").active_pid_ns();
    w.setns(parent, dead).ok();
    let fork = w.clone_task(parent, CloneFlags::default());
    assert!(fork.is_err());
    let kinds: Vec<WorkKind> = w.trace().iter().map(|x| x.kind()).collect();
    assert!(
        kinds.contains(&WorkKind::PidNrAlloc)
            && kinds.contains(&WorkKind::PidNrFree)
            && !kinds.contains(&WorkKind::CopyProcess),
        "{kinds:?}"
    );
}

#[test]
fn profiles_round_trip_through_json_and_bad_files_are_refused() {
    let p = linux_6_18().profile;
    assert_eq!(CostProfile::from_json(&p.to_json()), Ok(p));
    for bad in [
        "",
        "{}",
        "[1,2]",
        r#"{"name": "x", "prices": {"fork": 1}}"#,
        r#"{"name": "x", "prices": {"syscall_entry": -1}}"#,
        r#"{"name": " ", "prices": {}}"#,
    ] {
        assert!(CostProfile::from_json(bad).is_err(), "{bad}");
    }
    assert!(CostProfile::from_json(&"x".repeat(70_000)).is_err());
    assert!(CostProfile::builtin("seed-2007").is_some() && CostProfile::builtin("nope").is_none());
}

#[test]
fn the_models_differ_in_the_work_they_emit() {
    let kinds = |m, l| -> Vec<&'static str> {
        // Names, as profiles spell them.
        trace_at(m, l, Workload::ThreadCreateJoin)
            .expect("depth")
            .iter()
            .map(|w| w.kind().name())
            .collect()
    };
    let count = |v: &[&str], k: &str| v.iter().filter(|x| **x == k).count();
    let (f0, f1, m1) = (
        kinds(Model::Flat, 0),
        kinds(Model::Flat, 1),
        kinds(Model::Multilevel, 1),
    );
    assert_eq!(
        (
            count(&f0, "pid_nr_alloc"),
            count(&f0, "vpid_alloc"),
            count(&f0, "pid_nr_publish")
        ),
        (1, 0, 0)
    );
    assert_eq!(
        (
            count(&f1, "pid_nr_alloc"),
            count(&f1, "vpid_alloc"),
            count(&f1, "vpid_free")
        ),
        (1, 1, 1)
    );
    assert_eq!(
        (
            count(&m1, "pid_nr_alloc"),
            count(&m1, "pid_nr_publish"),
            count(&m1, "pid_nr_free")
        ),
        (2, 2, 2)
    );
    assert_eq!(
        count(&f1, "vpid_translate") + count(&m1, "pid_nr_ns"),
        2,
        "the tid clone returns is translated"
    );
}

#[test]
fn a_noisy_sweep_still_gives_a_loadable_profile() {
    use pidns_core::cost::fit::from_sweep;
    use pidns_core::cost::tables::Linux618Row;
    // clone(NEWPID) measured cheaper than fork: the namespace price would be
    // negative; it is pinned at 0 instead.
    let rows: Vec<Linux618Row> = [0, 8, 31]
        .iter()
        .map(|&d| Linux618Row {
            depth: d,
            getpid_ns: 100.0,
            fork_exit_wait_us: 100.0 + 0.5 * f64::from(d),
            thread_create_join_us: 15.0 + 0.5 * f64::from(d),
            clone_newpid_exit_wait_us: 90.0,
        })
        .collect();
    let fit = from_sweep("noisy", "test", &rows);
    assert!(fit.params.iter().all(|(_, v)| *v >= 0.0), "{:?}", fit.params);
    assert_eq!(fit.profile.prices.get(WorkKind::CreatePidNs), 0.0);
    assert!(CostProfile::from_json(&fit.profile.to_json()).is_ok());
}

#[test]
fn a_statement_refused_before_the_model_carries_no_work_of_its_own() {
    use pidns_core::scenario::{parse, Engine, Outcome};
    let sc = parse("init fork as a\nghost getpid\ninit fork as a\n").expect("parses");
    let mut e = Engine::new(Model::Multilevel, pidns_core::PID_MAX_DEFAULT);
    let steps: Vec<_> = sc
        .lines
        .iter()
        .filter_map(|l| match e.apply(&l.stmt) {
            Outcome::Op(s) => Some(s),
            Outcome::Expect(_) => None,
        })
        .collect();
    assert!(!steps[0].work.is_empty(), "the fork did work");
    assert_eq!(steps[1].work, Vec::new(), "unknown actor: ESRCH before any work");
    assert_eq!(steps[2].work, Vec::new(), "name in use: EEXIST before any work");
    assert!(steps[1].effects.is_empty() && steps[2].effects.is_empty());
}

#[test]
fn the_modern_pid_apis_are_priced_from_measurements_and_flat_in_depth() {
    use pidns_core::cost::tables::LINUX_6_18_MODERN;
    let p = linux_6_18().profile;
    for k in [WorkKind::PidfdOpen, WorkKind::PidfdGet, WorkKind::SetTidClaim] {
        assert!(p.prices.get(k) > 0.0, "{k} is priced");
    }
    let first = LINUX_6_18_MODERN[0];
    assert!(
        (p.prices.get(WorkKind::PidfdGet) - (first.pidfd_send_signal_ns - first.getpid_ns)).abs() < 20.0,
        "pidfd_get is a pidfd_send_signal less a syscall"
    );
    let cost = |w, d| p.cost(&trace_at(Model::Multilevel, d, w).expect("depth"));
    for w in [Workload::PidfdOpenClose, Workload::PidfdSendSignal] {
        assert!(
            (cost(w, 0) - cost(w, 31)).abs() < 1e-6,
            "{} is flat in depth",
            w.label()
        );
    }
    let claims = |d| {
        trace_at(Model::Multilevel, d, Workload::ForkSetTidExitWait)
            .expect("depth")
            .iter()
            .filter(|w| w.kind() == WorkKind::SetTidClaim)
            .count()
    };
    assert_eq!((claims(0), claims(8)), (1, 1), "one chosen level, the deepest");
}
