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
}

impl Workload {
    /// Every workload.
    pub const ALL: [Workload; 5] = [
        Workload::Getpid,
        Workload::Gettid,
        Workload::ForkExitWait,
        Workload::ThreadCreateJoin,
        Workload::CloneNewpidExitWait,
    ];

    /// A short label.
    pub fn label(self) -> &'static str {
        match self {
            Workload::Getpid => "getpid",
            Workload::Gettid => "gettid",
            Workload::ForkExitWait => "fork+exit+wait",
            Workload::ThreadCreateJoin => "thread create+join",
            Workload::CloneNewpidExitWait => "clone(NEWPID)+exit+wait",
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
        Workload::ForkExitWait | Workload::CloneNewpidExitWait => {
            let newpid = workload == Workload::CloneNewpidExitWait;
            let (child, _) = w
                .clone_task(
                    worker,
                    CloneFlags {
                        newpid,
                        ..CloneFlags::default()
                    },
                )
                .ok()?;
            trace.extend_from_slice(w.trace());
            w.exit_group(child, 0).ok()?;
            trace.extend_from_slice(w.trace());
            w.wait(worker, None).ok()?;
            trace.extend_from_slice(w.trace());
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
