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
    /// `alloc_pid` claiming a number chosen with clone3's `set_tid` at
    /// `level`: the range and init checks and an exact `idr_alloc`.
    SetTidClaim { level: u32 },
    /// `pidfd_open`: a pidfs file for the pid, installed as a descriptor.
    PidfdOpen,
    /// Resolving a pidfd to its pid (`fdget`, `pidfd_pid`, the namespace
    /// check) for `pidfd_send_signal`, `PIDFD_GET_INFO` or `close`.
    PidfdGet,
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

/// The one list of kernel work kinds: each kind's [`Work`] variant, its
/// name (as in profiles and JSON) and its [`CostGroup`] (the stacked bar's
/// colour). [`WorkKind`], its names and the price table all come from it.
macro_rules! work_kinds {
    ($($kind:ident ($pat:pat) = $name:literal, $group:ident;)*) => {
        /// A kind of kernel work: a [`Work`] without its level.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum WorkKind {
            $(
                #[doc = concat!("`", $name, "`")]
                $kind,
            )*
        }

        impl WorkKind {
            /// Every kind, in the list's order.
            pub const ALL: &'static [WorkKind] = &[$(WorkKind::$kind),*];
            /// How many kinds there are.
            pub const COUNT: usize = WorkKind::ALL.len();

            /// The kind's name, as in profiles and JSON (`"pid_nr_alloc"`).
            pub fn name(self) -> &'static str {
                match self {
                    $(WorkKind::$kind => $name,)*
                }
            }

            /// The colour group the cost charts draw this kind in.
            pub fn group(self) -> CostGroup {
                match self {
                    $(WorkKind::$kind => CostGroup::$group,)*
                }
            }
        }

        impl Work {
            /// The kind of this work.
            pub fn kind(&self) -> WorkKind {
                match self {
                    $($pat => WorkKind::$kind,)*
                }
            }
        }
    };
}

work_kinds! {
    SyscallEntry(Work::SyscallEntry) = "syscall_entry", Entry;
    CopyProcess(Work::CopyProcess) = "copy_process", Copy;
    CopyThread(Work::CopyThread) = "copy_thread", Copy;
    CreatePidNs(Work::CreatePidNs { .. }) = "create_pid_ns", Namespace;
    PidNrAlloc(Work::PidNrAlloc { .. }) = "pid_nr_alloc", Alloc;
    PidNrPublish(Work::PidNrPublish { .. }) = "pid_nr_publish", Publish;
    PidNrFree(Work::PidNrFree { .. }) = "pid_nr_free", Free;
    VpidAlloc(Work::VpidAlloc) = "vpid_alloc", Alloc;
    VpidFree(Work::VpidFree) = "vpid_free", Free;
    PidNrNs(Work::PidNrNs) = "pid_nr_ns", Lookup;
    VpidTranslate(Work::VpidTranslate) = "vpid_translate", Lookup;
    FindPid(Work::FindPid) = "find_pid", Lookup;
    SignalSend(Work::SignalSend) = "signal_send", Exit;
    ExitTask(Work::ExitTask) = "exit_task", Exit;
    ReleaseTask(Work::ReleaseTask) = "release_task", Exit;
    Reparent(Work::Reparent) = "reparent", Exit;
    SubreaperWalk(Work::SubreaperWalk) = "subreaper_walk", Exit;
    ZapPidNs(Work::ZapPidNs { .. }) = "zap_pid_ns", Namespace;
    SetTidClaim(Work::SetTidClaim { .. }) = "set_tid_claim", Alloc;
    PidfdOpen(Work::PidfdOpen) = "pidfd_open", Lookup;
    PidfdGet(Work::PidfdGet) = "pidfd_get", Lookup;
    Reap(Work::Reap) = "reap", Exit;
}

/// The groups the cost charts colour work by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CostGroup {
    /// Entering and leaving the kernel.
    Entry,
    /// `copy_process`.
    Copy,
    /// Creating and zapping pid namespaces.
    Namespace,
    /// Allocating pid numbers.
    Alloc,
    /// Publishing them per level.
    Publish,
    /// Freeing them.
    Free,
    /// Reading and finding pids.
    Lookup,
    /// Exit, signals, reparenting and reaping.
    Exit,
}

impl CostGroup {
    /// A short name, used as the chart's CSS class `w-<name>`.
    pub fn name(self) -> &'static str {
        match self {
            CostGroup::Entry => "entry",
            CostGroup::Copy => "copy",
            CostGroup::Namespace => "ns",
            CostGroup::Alloc => "alloc",
            CostGroup::Publish => "publish",
            CostGroup::Free => "free",
            CostGroup::Lookup => "lookup",
            CostGroup::Exit => "exit",
        }
    }
}

impl WorkKind {
    /// The kind named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<WorkKind> {
        WorkKind::ALL.iter().copied().find(|k| k.name() == name)
    }
}

impl std::fmt::Display for WorkKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.name())
    }
}

impl Serialize for WorkKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl Work {
    /// The level the work is done at, for per-level kinds.
    pub fn level(&self) -> Option<u32> {
        match self {
            Work::CreatePidNs { level }
            | Work::PidNrAlloc { level }
            | Work::PidNrPublish { level }
            | Work::PidNrFree { level }
            | Work::SetTidClaim { level }
            | Work::ZapPidNs { level } => Some(*level),
            _ => None,
        }
    }
}
