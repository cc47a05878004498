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
    /// Making the number at `level` visible under `pidmap_lock` (today's
    /// `idr_replace` + `pid_allocated++`; the per-namespace upid hashing of
    /// the 2007 multilevel patch). The flat model has no per-namespace upids
    /// to publish: its global number is visible once allocated.
    PidNrPublish { level: u32 },
    /// `idr_remove` of one number at `level` in `free_pid` (or when
    /// `alloc_pid` unwinds after a failure).
    PidNrFree { level: u32 },
    /// The flat model's virtual pid: allocating it and hashing it (the
    /// 2007 "OpenVZ view" vpid, kept beside the global number).
    VpidAlloc,
    /// The flat model's virtual pid being unhashed and freed.
    VpidFree,
    /// `pid_nr_ns`: reading a pid's number for one namespace (O(1): `numbers[level]`).
    PidNrNs,
    /// The flat model's virtual-pid translation at the user/kernel boundary.
    VpidTranslate,
    /// `find_pid_ns`: looking a number up in one namespace's idr.
    FindPid,
    /// Queueing or acting on one signal for one thread group.
    SignalSend,
    /// `do_exit` and `exit_notify` for one task.
    ExitTask,
    /// `release_task`: unhashing a dead task and putting its pids.
    ReleaseTask,
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

impl Work {
    /// The kind's name, as in profiles and JSON (`"pid_nr_alloc"`).
    pub fn kind(&self) -> &'static str {
        match self {
            Work::SyscallEntry => "syscall_entry",
            Work::CopyProcess => "copy_process",
            Work::CopyThread => "copy_thread",
            Work::CreatePidNs { .. } => "create_pid_ns",
            Work::PidNrAlloc { .. } => "pid_nr_alloc",
            Work::PidNrPublish { .. } => "pid_nr_publish",
            Work::PidNrFree { .. } => "pid_nr_free",
            Work::VpidAlloc => "vpid_alloc",
            Work::VpidFree => "vpid_free",
            Work::PidNrNs => "pid_nr_ns",
            Work::VpidTranslate => "vpid_translate",
            Work::FindPid => "find_pid",
            Work::SignalSend => "signal_send",
            Work::ExitTask => "exit_task",
            Work::ReleaseTask => "release_task",
            Work::Reparent => "reparent",
            Work::SubreaperWalk => "subreaper_walk",
            Work::ZapPidNs { .. } => "zap_pid_ns",
            Work::Reap => "reap",
        }
    }

    /// The level the work is done at, for per-level kinds.
    pub fn level(&self) -> Option<u32> {
        match self {
            Work::CreatePidNs { level }
            | Work::PidNrAlloc { level }
            | Work::PidNrPublish { level }
            | Work::PidNrFree { level }
            | Work::ZapPidNs { level } => Some(*level),
            _ => None,
        }
    }
}
