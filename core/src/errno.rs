//! The error numbers the modelled system calls return, named as in
//! `include/uapi/asm-generic/errno-base.h`.

use serde::{Deserialize, Serialize};

/// A failed system call's `errno`. Every modelled failure is one of these,
/// chosen by the same check, in the same order, as the kernel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
pub enum Errno {
    /// Operation not permitted.
    #[error("EPERM")]
    EPERM,
    /// No such process.
    #[error("ESRCH")]
    ESRCH,
    /// Try again: a pid namespace's number space is full.
    #[error("EAGAIN")]
    EAGAIN,
    /// Cannot allocate memory: the target pid namespace no longer accepts processes.
    #[error("ENOMEM")]
    ENOMEM,
    /// File exists (used by the scenario layer for a name still in use).
    #[error("EEXIST")]
    EEXIST,
    /// Invalid argument.
    #[error("EINVAL")]
    EINVAL,
    /// No space left: the pid namespace nesting limit is reached.
    #[error("ENOSPC")]
    ENOSPC,
    /// No child processes to wait for.
    #[error("ECHILD")]
    ECHILD,
}

impl Errno {
    /// Every errno, in the order of their numbers.
    pub const ALL: [Errno; 8] = [
        Errno::EPERM,
        Errno::ESRCH,
        Errno::EAGAIN,
        Errno::ENOMEM,
        Errno::EEXIST,
        Errno::EINVAL,
        Errno::ENOSPC,
        Errno::ECHILD,
    ];

    /// The kernel's name, e.g. `"EINVAL"`.
    pub fn name(self) -> &'static str {
        match self {
            Errno::EPERM => "EPERM",
            Errno::ESRCH => "ESRCH",
            Errno::EAGAIN => "EAGAIN",
            Errno::ENOMEM => "ENOMEM",
            Errno::EEXIST => "EEXIST",
            Errno::EINVAL => "EINVAL",
            Errno::ENOSPC => "ENOSPC",
            Errno::ECHILD => "ECHILD",
        }
    }

    /// The errno's number on Linux x86-64.
    pub fn number(self) -> i32 {
        match self {
            Errno::EPERM => 1,
            Errno::ESRCH => 3,
            Errno::EAGAIN => 11,
            Errno::ENOMEM => 12,
            Errno::EEXIST => 17,
            Errno::EINVAL => 22,
            Errno::ENOSPC => 28,
            Errno::ECHILD => 10,
        }
    }

    /// A one-line explanation of what this errno means for pid namespaces.
    pub fn explain(self) -> &'static str {
        match self {
            Errno::EPERM => "not permitted (e.g. setsid by a process-group leader)",
            Errno::ESRCH => "no such process: the target is gone or not visible from the caller's pid namespace",
            Errno::EAGAIN => "a pid namespace on the way to the root has no free pid number (alloc_pid: idr full)",
            Errno::ENOMEM => "the pid namespace is dying or dead: its init exited, so it takes no new processes",
            Errno::EEXIST => "that name is still held by a process that exists",
            Errno::EINVAL => {
                "invalid for this caller (e.g. a second unshare, CLONE_NEWPID with CLONE_THREAD, setns upwards)"
            }
            Errno::ENOSPC => "pid namespaces nest at most MAX_PID_NS_LEVEL (32) levels deep",
            Errno::ECHILD => "the caller has no child that matches",
        }
    }

    /// The errno with Linux x86-64 number `n`, if the model knows it.
    pub fn from_number(n: i32) -> Option<Errno> {
        Errno::ALL.into_iter().find(|e| e.number() == n)
    }

    /// Parses a kernel errno name such as `"ENOSPC"`.
    pub fn from_name(name: &str) -> Option<Errno> {
        Errno::ALL.into_iter().find(|e| e.name() == name)
    }
}
