//! Random valid scenarios from a stream of choice words: the generator the
//! property tests drive with proptest and `pidns kernel fuzz` drives with a
//! seed. It runs the model as it goes, so every actor it picks can run, and
//! names every new process (`as pN`) so that removing a statement while
//! shrinking never renames the others.
//!
//! Besides uniform moves it steers into the corners where models go wrong:
//! a thread in a namespace init (then its leader's `exit_group`), a process
//! that `setns`es into a namespace below it and forks there (a child whose
//! parent is outside its namespace, which keeps a dying namespace from
//! emptying), `reboot` by a multi-threaded caller, and the states an exiting
//! init's children go through (the oracle compares every task's real parent
//! after every statement). It never gives a namespace init more than one
//! extra thread: with two, which thread the kernel leaves waiting in
//! `zap_pid_ns_processes` depends on the scheduler; nor does a thread send
//! SIGSTOP to its own multi-threaded group (whether `kill` returns before
//! the group stop depends on which thread takes the signal).

use super::ast::{Header, Line, Op, Scenario, Stmt, Target, Verb};
use super::session::{Holder, Session};
use crate::{CloneFlags, Disposition, Model, RebootCmd, Signal, PID_MAX_DEFAULT};

/// How deep generated namespaces may go (the oracle hosts 31 levels below
/// its own; a little room is left).
pub const MAX_GENERATED_LEVEL: u32 = 30;

/// A scenario of at most `choices.len()` operations, one per choice word.
pub fn generate(choices: &[u64]) -> Scenario {
    let mut s = Session::new(Model::Multilevel, PID_MAX_DEFAULT);
    let mut lines = Vec::new();
    let mut next = 2u32;
    for &c in choices {
        let mut r = c;
        let mut pick = |n: usize| -> usize {
            let v = (r % n.max(1) as u64) as usize;
            r /= n.max(1) as u64;
            v
        };
        let names = s.names();
        let runnable = s.runnable_names();
        if runnable.is_empty() {
            break;
        }
        let deep = pick(4) == 0;
        let actor = if deep {
            // Go deep: the runnable process at the deepest level.
            runnable
                .iter()
                .copied()
                .max_by_key(|n| match s.holder(n) {
                    Some(Holder::Live(t)) => s.world().level(t),
                    _ => 0,
                })
                .unwrap_or("init")
        } else {
            runnable[pick(runnable.len())]
        };
        let level = match s.holder(actor) {
            Some(Holder::Live(t)) => s.world().level(t),
            _ => 0,
        };
        let any = names[pick(names.len())].to_string();
        let sig = [
            Signal::SIGKILL,
            Signal::SIGTERM,
            Signal::SIGUSR1,
            Signal::SIGSTOP,
            Signal::SIGCONT,
            Signal::SIGHUP,
        ][pick(6)];
        let new_name = |next: &mut u32| {
            let n = format!("p{next}");
            *next += 1;
            Some(n)
        };
        let roll = pick(100);
        let may_nest = level < MAX_GENERATED_LEVEL;
        let w = s.world();
        let live = |n: &str| match s.holder(n) {
            Some(Holder::Live(t)) => Some(t),
            _ => None,
        };
        let actor_task = live(actor);
        let is_init = actor_task.is_some_and(|t| w.ns(w.task_active_pid_ns(t)).child_reaper == Some(w.leader(t)));
        let threads = actor_task.map_or(1, |t| w.threads(t).len());
        // A process whose namespace lies strictly below the actor's.
        let below = names
            .iter()
            .filter_map(|n| live(n).map(|t| (n, t)))
            .filter(|&(_, t)| {
                actor_task.is_some_and(|a| {
                    let (mine, theirs) = (w.ns(w.task_active_pid_ns(a)), w.ns(w.task_active_pid_ns(t)));
                    theirs.level > mine.level && theirs.ancestor_at(mine.level) == Some(mine.id())
                })
            })
            .map(|(n, _)| n.to_string())
            .collect::<Vec<_>>();
        let thread = CloneFlags {
            thread: true,
            ..CloneFlags::default()
        };
        let same_group = |n: &str| matches!((live(n), actor_task), (Some(t), Some(a)) if w.leader(t) == w.leader(a));
        let corner = pick(5) == 0;
        // The modern pid APIs, one time in six: clone3 set_tid (never for a
        // thread, never more values than levels: the oracle cannot host
        // those), single-thread exit, exec, and pidfds.
        let modern = pick(6) == 0;
        let handles: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| matches!(s.holder(n), Some(Holder::Handle(_))))
            .collect();
        let handle = handles.get(pick(handles.len().max(1))).map(|h| h.to_string());
        let tid = 2 + pick(400) as u32;
        let (verb, name) = match roll {
            0..=19 if modern => (Verb::CloneSetTid(CloneFlags::default(), vec![tid]), new_name(&mut next)),
            20..=29 if modern && may_nest => (
                Verb::CloneSetTid(
                    CloneFlags {
                        newpid: true,
                        ..CloneFlags::default()
                    },
                    if level > 0 { vec![1, tid] } else { vec![1] },
                ),
                new_name(&mut next),
            ),
            30..=44 if modern => (Verb::ExitThread(pick(4) as u8), None),
            45..=54 if modern => (Verb::Exec, None),
            55..=74 if modern => (Verb::PidfdOpen(Target::Name(any.clone())), new_name(&mut next)),
            75..=85 if modern && handle.is_some() => {
                (Verb::PidfdSendSignal(handle.clone().unwrap_or_default(), sig), None)
            }
            86..=94 if modern && handle.is_some() => (Verb::PidfdGetpid(handle.clone().unwrap_or_default()), None),
            95..=99 if modern && handle.is_some() => (Verb::Close(handle.clone().unwrap_or_default()), None),
            // Corners first, one time in five.
            0..=29 if corner && is_init && threads < 2 => (Verb::Clone(thread), new_name(&mut next)),
            30..=54 if corner && !below.is_empty() => (Verb::Setns(below[pick(below.len())].clone()), None),
            55..=69 if corner && threads > 1 => (Verb::Reboot(RebootCmd::Restart), None),
            70..=99 if corner && is_init && threads > 1 => (Verb::Exit(pick(4) as u8), None),
            0..=21 => (Verb::Clone(CloneFlags::default()), new_name(&mut next)),
            22..=33 if may_nest => (
                Verb::Clone(CloneFlags {
                    newpid: true,
                    ..CloneFlags::default()
                }),
                new_name(&mut next),
            ),
            34..=39 if !(is_init && threads >= 2) => (Verb::Clone(thread), new_name(&mut next)),
            40..=42 => (
                Verb::Clone(CloneFlags {
                    parent: true,
                    ..CloneFlags::default()
                }),
                new_name(&mut next),
            ),
            43..=47 if may_nest => (Verb::Unshare, None),
            48..=52 => (Verb::Setns(any), None),
            53..=62 => (Verb::Exit(pick(4) as u8), None),
            63..=71 => (Verb::Wait(if pick(2) == 0 { None } else { Some(any) }), None),
            // Not SIGSTOP into its own multi-threaded group: whether the
            // caller returns from kill before the group stop lands depends
            // on which thread dequeues the signal.
            72..=79 if !(sig == Signal::SIGSTOP && threads > 1 && same_group(&any)) => {
                (Verb::Kill(Target::Name(any), sig), None)
            }
            // kill -1 only stops and continues: the processes it kills die
            // concurrently, and whether a child is reaped by a parent that
            // ignores SIGCHLD or reparented first depends on the scheduler.
            80..=81 if matches!(sig, Signal::SIGSTOP | Signal::SIGCONT) => (Verb::Kill(Target::Pid(-1), sig), None),
            82..=85 => {
                let d = [Disposition::Handle, Disposition::Ignore, Disposition::Default][pick(3)];
                (
                    Verb::Signal(
                        [Signal::SIGTERM, Signal::SIGUSR1, Signal::SIGCHLD, Signal::SIGHUP][pick(4)],
                        d,
                    ),
                    None,
                )
            }
            86..=89 => (Verb::Subreaper(pick(2) == 0), None),
            90..=91 => (Verb::Setsid, None),
            92..=96 => (
                [Verb::Getpid, Verb::Gettid, Verb::Getppid, Verb::Getsid][pick(4)].clone(),
                None,
            ),
            97..=98 => (Verb::SetLastPid([0, 1, 99, 299, 32766][pick(5)]), None),
            _ => (
                Verb::Reboot([RebootCmd::Restart, RebootCmd::Halt, RebootCmd::CadOn][pick(3)]),
                None,
            ),
        };
        let op = Op {
            actor: actor.to_string(),
            verb,
            name,
        };
        s.apply(&op);
        lines.push(Line {
            line: lines.len() + 1,
            stmt: Stmt::Op(op),
        });
    }
    Scenario {
        header: Header::default(),
        lines,
    }
}

/// The scenario as `.pns` text, one statement per line.
pub fn to_text(sc: &Scenario) -> String {
    sc.lines.iter().map(|l| format!("{}\n", l.stmt)).collect()
}

/// A reproducible stream of choice words from a seed (splitmix64).
pub fn choices_from_seed(seed: u64, len: usize) -> Vec<u64> {
    let mut x = seed;
    (0..len)
        .map(|_| {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        })
        .collect()
}
