//! Workloads as one traced iteration: a worker process at a given depth
//! (an ordinary process in the deepest of a chain of namespaces, as the
//! kernel benchmarks run it) does the operation once; the trace is its work.

use crate::{CloneFlags, Model, Work, World, PID_MAX_LIMIT};
use serde::Serialize;

/// What one iteration of a benchmark loop does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Workload {
    /// `getpid()`.
    Getpid,
    /// `gettid()`.
    Gettid,
    /// `fork()`, the child `_exit()`s, the parent `waitpid()`s.
    ForkExitWait,
    /// `pthread_create()` + `pthread_join()` (glibc nptl/perf.c `-t 1 --sync-join`).
    ThreadCreateJoin,
    /// `clone(CLONE_NEWPID)`, the new init exits, the parent waits.
    CloneNewpidExitWait,
    /// `clone3()` with its pid chosen (`set_tid`) at its own level, the
    /// child exits, the parent waits.
    ForkSetTidExitWait,
    /// `pidfd_open()` of the worker itself, then `close()`.
    PidfdOpenClose,
    /// `pidfd_send_signal(fd, 0)` to the worker itself.
    PidfdSendSignal,
}

impl Workload {
    /// Every workload.
    pub const ALL: [Workload; 8] = [
        Workload::Getpid,
        Workload::Gettid,
        Workload::ForkExitWait,
        Workload::ThreadCreateJoin,
        Workload::CloneNewpidExitWait,
        Workload::ForkSetTidExitWait,
        Workload::PidfdOpenClose,
        Workload::PidfdSendSignal,
    ];

    /// A short label.
    pub fn label(self) -> &'static str {
        match self {
            Workload::Getpid => "getpid",
            Workload::Gettid => "gettid",
            Workload::ForkExitWait => "fork+exit+wait",
            Workload::ThreadCreateJoin => "thread create+join",
            Workload::CloneNewpidExitWait => "clone(NEWPID)+exit+wait",
            Workload::ForkSetTidExitWait => "clone3 set_tid+exit+wait",
            Workload::PidfdOpenClose => "pidfd_open+close",
            Workload::PidfdSendSignal => "pidfd_send_signal",
        }
    }
}

/// The work of one iteration of `workload` by a process `depth` levels below
/// the root in `model`; `None` when the model cannot nest that deep.
pub fn trace_at(model: Model, depth: u32, workload: Workload) -> Option<Vec<Work>> {
    let extra = u32::from(workload == Workload::CloneNewpidExitWait);
    if depth + extra > model.max_level() {
        return None;
    }
    let mut w = World::new(model, PID_MAX_LIMIT);
    let mut init = w.init()?;
    for _ in 0..depth {
        init = w
            .clone_task(
                init,
                CloneFlags {
                    newpid: true,
                    ..CloneFlags::default()
                },
            )
            .ok()?
            .0;
    }
    let (worker, _) = w.clone_task(init, CloneFlags::default()).ok()?;
    let mut trace = Vec::new();
    match workload {
        Workload::Getpid => {
            w.getpid(worker).ok()?;
            trace.extend_from_slice(w.trace());
        }
        Workload::Gettid => {
            w.gettid(worker).ok()?;
            trace.extend_from_slice(w.trace());
        }
        Workload::ForkExitWait | Workload::CloneNewpidExitWait | Workload::ForkSetTidExitWait => {
            let newpid = workload == Workload::CloneNewpidExitWait;
            let chosen: &[u32] = if workload == Workload::ForkSetTidExitWait {
                &[1000]
            } else {
                &[]
            };
            let (child, _) = w
                .clone3(
                    worker,
                    CloneFlags {
                        newpid,
                        ..CloneFlags::default()
                    },
                    chosen,
                )
                .ok()?;
            trace.extend_from_slice(w.trace());
            w.exit_group(child, 0).ok()?;
            trace.extend_from_slice(w.trace());
            w.wait(worker, None).ok()?;
            trace.extend_from_slice(w.trace());
        }
        Workload::PidfdOpenClose | Workload::PidfdSendSignal => {
            let nr = w.task_tgid_nr_ns(worker, w.task_active_pid_ns(worker));
            let fd = w.pidfd_open(worker, nr).ok()?;
            if workload == Workload::PidfdOpenClose {
                trace.extend_from_slice(w.trace());
                w.close_pidfd(worker, fd).ok()?;
                trace.extend_from_slice(w.trace());
            } else {
                w.pidfd_send_signal(worker, fd, crate::Signal::SIGCHLD).ok()?;
                trace.extend_from_slice(w.trace());
            }
        }
        Workload::ThreadCreateJoin => {
            let (thread, _) = w
                .clone_task(
                    worker,
                    CloneFlags {
                        thread: true,
                        ..CloneFlags::default()
                    },
                )
                .ok()?;
            trace.extend_from_slice(w.trace());
            w.exit_thread(thread, 0).ok()?;
            trace.extend_from_slice(w.trace());
        }
    }
    Some(trace)
}
