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
    /// No such file or directory: `pidfd_open` of a thread's tid (the pid
    /// has no thread group of its own) without `PIDFD_THREAD`.
    #[error("ENOENT")]
    ENOENT,
    /// No such process.
    #[error("ESRCH")]
    ESRCH,
    /// Bad file descriptor: the caller holds no such pidfd.
    #[error("EBADF")]
    EBADF,
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
    /// Object is remote: the pidfd's process is not visible from the caller's
    /// pid namespace (`PIDFD_GET_INFO`).
    #[error("EREMOTE")]
    EREMOTE,
}

impl Errno {
    /// Every errno, in the order of their numbers.
    pub const ALL: [Errno; 11] = [
        Errno::EPERM,
        Errno::ENOENT,
        Errno::ESRCH,
        Errno::EBADF,
        Errno::ECHILD,
        Errno::EAGAIN,
        Errno::ENOMEM,
        Errno::EEXIST,
        Errno::EINVAL,
        Errno::ENOSPC,
        Errno::EREMOTE,
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
            Errno::EBADF => "EBADF",
            Errno::ENOENT => "ENOENT",
            Errno::EREMOTE => "EREMOTE",
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
            Errno::EBADF => 9,
            Errno::ENOENT => 2,
            Errno::EREMOTE => 66,
        }
    }

    /// A one-line explanation of what this errno means for pid namespaces.
    pub fn explain(self) -> &'static str {
        match self {
            Errno::EPERM => "not permitted (e.g. setsid by a process-group leader)",
            Errno::ESRCH => "no such process: the target is gone or not visible from the caller's pid namespace",
            Errno::EAGAIN => "a pid namespace on the way to the root has no free pid number (alloc_pid: idr full)",
            Errno::ENOMEM => "the pid namespace is dying or dead: its init exited, so it takes no new processes",
            Errno::EEXIST => "taken: the name is held by something that exists, or the set_tid number is in use",
            Errno::EINVAL => {
                "invalid for this caller (e.g. a second unshare, CLONE_NEWPID with CLONE_THREAD, setns upwards, \
                 a set_tid out of range, more set_tid values than levels)"
            }
            Errno::ENOSPC => "pid namespaces nest at most MAX_PID_NS_LEVEL (32) levels deep",
            Errno::ECHILD => "the caller has no child that matches",
            Errno::ENOENT => {
                "that pid is a thread's, not a process's: pidfd_open names processes (without PIDFD_THREAD)"
            }
            Errno::EBADF => "the caller holds no such pidfd (closed, or never opened by its process)",
            Errno::EREMOTE => "the pidfd's process is not visible from the caller's pid namespace",
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
