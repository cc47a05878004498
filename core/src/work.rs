//! The kernel work an operation does, recorded as it happens so that a cost
//! profile can price it. Each item names the kernel function it stands for.

use serde::{Deserialize, Serialize};

/// One unit of kernel work. Items that repeat per level carry the level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Work {
    /// Entering and leaving the kernel for one system call.
    SyscallEntry,
    /// `copy_process` for a new thread group (mm, files, signal_struct...).
    CopyProcess,
    /// `copy_process` for a `CLONE_THREAD` child (shares the mm).
    CopyThread,
    /// `create_pid_namespace` at `level`.
    CreatePidNs { level: u32 },
    /// `idr_alloc_cyclic` of one number in the namespace at `level`.
    PidNrAlloc { level: u32 },
    /// `idr_replace` making the number at `level` visible, and `pid_allocated++`.
    PidNrPublish { level: u32 },
    /// `idr_remove` of one number at `level` in `free_pid`.
    PidNrFree { level: u32 },
    /// `pid_nr_ns`: reading a pid's number for one namespace (O(1): `numbers[level]`).
    PidNrNs,
    /// The flat model's virtual-pid translation at the user/kernel boundary.
    VpidTranslate,
    /// `find_pid_ns`: looking a number up in one namespace's idr.
    FindPid,
    /// Queueing or acting on one signal for one thread group.
    SignalSend,
    /// `exit_notify` / `release_task` for one task.
    ExitTask,
    /// Moving one orphan to its new parent (`forget_original_parent`).
    Reparent,
    /// One step up the parent chain looking for a subreaper.
    SubreaperWalk,
    /// `zap_pid_ns_processes` of the namespace at `level`.
    ZapPidNs { level: u32 },
    /// `wait_task_zombie` reaping one child.
    Reap,
}

impl Work {
    /// The work of reading one of the caller's own ids (getpid, gettid,
    /// getppid, getsid) at `level`: the multilevel model always goes through
    /// `pid_nr_ns`; the flat model reads the global number directly in the
    /// root namespace and translates to the virtual one below it.
    pub fn id_lookup(model: crate::Model, level: u32) -> Option<Work> {
        match (model, level) {
            (crate::Model::Multilevel, _) => Some(Work::PidNrNs),
            (crate::Model::Flat, 0) => None,
            (crate::Model::Flat, _) => Some(Work::VpidTranslate),
        }
    }
}
