//! What a step did, as typed data in the order the kernel does it: tasks
//! created (`copy_process` + `alloc_pid`), pids freed (`free_pid`), state
//! changes, reparentings (`forget_original_parent`), signals and their fate
//! (`send_signal_locked`, `sig_task_ignored`), namespaces born, zapped and
//! dead, and the sysctls that changed. Front ends draw and narrate these;
//! they never work out what a step did on their own.
//!
//! `T` names a task: the world records [`TaskId`](crate::TaskId)s, and a
//! scenario session hands its front ends the same effects with process names
//! ([`Effect::map`]).

use crate::ids::NsId;
use crate::pid::Upid;
use crate::signal::Signal;
use crate::task::{ExitStatus, ProcState};
use serde::Serialize;
use std::fmt;

/// One change a step made to the world.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Effect<T> {
    /// `create_pid_namespace`: a namespace one level below `parent`.
    NsCreated { ns: NsId, level: u32, parent: NsId },
    /// `copy_process`: a task was created. `upids` are its numbers deepest
    /// level first, as `alloc_pid` allocates them (the reverse of NSpid).
    TaskCreated {
        task: T,
        /// The group leader when the task is a thread (`CLONE_THREAD`).
        thread_of: Option<T>,
        /// Its real parent.
        parent: Option<T>,
        upids: Vec<Upid>,
        /// How many of `upids` (from the deepest) were chosen with
        /// `clone3`'s `set_tid` rather than allocated cyclically.
        chosen: usize,
    },
    /// `nsproxy->pid_ns_for_children` changed (`unshare`, `setns`): where
    /// `task`'s next children will be born.
    ForChildren { task: T, ns: NsId },
    /// A task's state changed; `cause` is how its group ended, for the
    /// states that end it.
    State {
        task: T,
        from: ProcState,
        to: ProcState,
        cause: Option<ExitStatus>,
    },
    /// `forget_original_parent`: an orphan got a new real parent.
    Reparented {
        task: T,
        from: T,
        to: Option<T>,
        why: ReparentReason,
    },
    /// `de_thread`: a non-leader thread that called `exec` took over its
    /// process's pid at every level (`upids`, root first); the old leader
    /// is released with the thread's former pid.
    DeThread { task: T, old_leader: T, upids: Vec<Upid> },
    /// `pidfd_open`: `owner`'s process now holds a handle on `target`.
    PidfdOpened { owner: T, target: T },
    /// A namespace's `child_reaper` moved to another thread of its init's
    /// group (`find_child_reaper` → `find_alive_thread`).
    ChildReaper { ns: NsId, task: T },
    /// A signal sent to a thread group, and what became of it.
    Signal {
        from: T,
        to: T,
        sig: Signal,
        fate: SignalFate,
    },
    /// `zap_pid_ns_processes` begins: the namespace's init is dying; no new
    /// process may join (`PIDNS_ADDING` clear) and every member gets SIGKILL.
    ZapBegins { ns: NsId, init: T },
    /// `free_pid`: a pid's numbers, root first, given back. `task` is the
    /// task released with it (`None` when the last user of the pid was a
    /// process group or session that outlived its leader).
    PidFreed { task: Option<T>, upids: Vec<Upid> },
    /// The namespace's last pid was freed: it is dead and empty.
    NsDead { ns: NsId },
    /// `ns_last_pid` was written.
    LastPid { ns: NsId, last: u32 },
    /// `pid_max` was written.
    PidMax { ns: NsId, max: u32 },
}

/// Why an orphan went where it did (`find_new_reaper`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReparentReason {
    /// A live thread of the dying task's own group (`find_alive_thread`).
    Thread,
    /// The nearest `PR_SET_CHILD_SUBREAPER` ancestor in the same namespace.
    Subreaper,
    /// The namespace's init (`child_reaper`).
    ChildReaper,
    /// No reaper is left: the world's own init died.
    NoReaper,
}

/// What became of a signal (kernel/signal.c).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalFate {
    /// Acted on: the default action ran, or the handler was entered.
    Delivered,
    /// `sig_task_ignored`: a namespace init drops a signal it has no handler
    /// for, unless an ancestor namespace sends SIGKILL or SIGSTOP.
    IgnoredByInit,
    /// SIGKILL or SIGSTOP from an ancestor namespace: an init cannot refuse it.
    ForcedFromAncestor,
    /// The disposition is `SIG_IGN`, or the default action is to ignore.
    Ignored,
    /// The group is stopped: the signal waits for SIGCONT.
    PendingWhileStopped,
    /// The group is already exiting or a zombie: nothing happens.
    TargetExiting,
}

impl ReparentReason {
    /// A few words for narration.
    pub fn describe(self) -> &'static str {
        match self {
            ReparentReason::Thread => "a live thread of its group",
            ReparentReason::Subreaper => "the nearest child subreaper",
            ReparentReason::ChildReaper => "the namespace's init",
            ReparentReason::NoReaper => "no reaper is left",
        }
    }
}

impl SignalFate {
    /// A few words for narration.
    pub fn describe(self) -> &'static str {
        match self {
            SignalFate::Delivered => "delivered",
            SignalFate::IgnoredByInit => "ignored by the namespace's init",
            SignalFate::ForcedFromAncestor => "forced from an ancestor namespace",
            SignalFate::Ignored => "ignored",
            SignalFate::PendingWhileStopped => "pending while stopped",
            SignalFate::TargetExiting => "too late: the target is already exiting",
        }
    }
}

impl<T> Effect<T> {
    /// The same effect with every task renamed by `f` (a world's `TaskId`s to
    /// a session's names).
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> Effect<U> {
        match self {
            Effect::NsCreated { ns, level, parent } => Effect::NsCreated { ns, level, parent },
            Effect::TaskCreated {
                task,
                thread_of,
                parent,
                upids,
                chosen,
            } => Effect::TaskCreated {
                task: f(task),
                thread_of: thread_of.map(&mut f),
                parent: parent.map(&mut f),
                upids,
                chosen,
            },
            Effect::ForChildren { task, ns } => Effect::ForChildren { task: f(task), ns },
            Effect::State { task, from, to, cause } => Effect::State {
                task: f(task),
                from,
                to,
                cause,
            },
            Effect::Reparented { task, from, to, why } => Effect::Reparented {
                task: f(task),
                from: f(from),
                to: to.map(&mut f),
                why,
            },
            Effect::ChildReaper { ns, task } => Effect::ChildReaper { ns, task: f(task) },
            Effect::DeThread {
                task,
                old_leader,
                upids,
            } => Effect::DeThread {
                task: f(task),
                old_leader: f(old_leader),
                upids,
            },
            Effect::PidfdOpened { owner, target } => Effect::PidfdOpened {
                owner: f(owner),
                target: f(target),
            },
            Effect::Signal { from, to, sig, fate } => Effect::Signal {
                from: f(from),
                to: f(to),
                sig,
                fate,
            },
            Effect::ZapBegins { ns, init } => Effect::ZapBegins { ns, init: f(init) },
            Effect::PidFreed { task, upids } => Effect::PidFreed {
                task: task.map(&mut f),
                upids,
            },
            Effect::NsDead { ns } => Effect::NsDead { ns },
            Effect::LastPid { ns, last } => Effect::LastPid { ns, last },
            Effect::PidMax { ns, max } => Effect::PidMax { ns, max },
        }
    }

    /// The task this effect ended, if it took a live task (running or
    /// stopped) to an end (exiting, zombie or gone).
    pub fn ended(&self) -> Option<&T> {
        match self {
            Effect::State { task, from, to, .. } if from.is_alive() && !to.is_alive() => Some(task),
            _ => None,
        }
    }
}

impl<T: fmt::Display> fmt::Display for Effect<T> {
    /// One line of narration, e.g. `box: running → zombie (exited 0)` or
    /// `SIGTERM from shell to box: ignored by the namespace's init`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let nspid = |f: &mut fmt::Formatter<'_>, u: &mut dyn Iterator<Item = &Upid>| {
            let v: Vec<String> = u.map(|x| x.nr.to_string()).collect();
            f.write_str(&v.join("/"))
        };
        match self {
            Effect::NsCreated { level, .. } => write!(f, "a pid namespace is created at level {level}"),
            Effect::TaskCreated {
                task, upids, chosen, ..
            } => {
                write!(f, "{task} is created with pid ")?;
                nspid(f, &mut upids.iter().rev())?;
                match chosen {
                    0 => f.write_str(" (allocated deepest level first)"),
                    n => write!(f, " (the deepest {n} chosen with set_tid)"),
                }
            }
            Effect::ForChildren { task, ns } => {
                write!(f, "{task}'s next children will be born in namespace #{}", ns.index())
            }
            Effect::State { task, from, to, cause } => {
                write!(f, "{task}: {from} → {to}")?;
                match cause {
                    Some(c) if !to.is_alive() => write!(f, " ({c})"),
                    _ => Ok(()),
                }
            }
            Effect::Reparented { task, from, to, why } => match to {
                Some(to) => write!(f, "{task} is reparented from {from} to {to} ({})", why.describe()),
                None => write!(f, "{task} loses its parent {from} ({})", why.describe()),
            },
            Effect::ChildReaper { task, .. } => write!(f, "{task} takes over as the namespace's init"),
            Effect::DeThread {
                task,
                old_leader,
                upids,
            } => {
                write!(f, "{task} takes over {old_leader}'s pid ")?;
                nspid(f, &mut upids.iter())?;
                f.write_str(" (de_thread)")
            }
            Effect::PidfdOpened { owner, target } => write!(f, "{owner} holds a pidfd on {target}"),
            Effect::Signal { from, to, sig, fate } => {
                write!(f, "{} from {from} to {to}: {}", sig.name(), fate.describe())
            }
            Effect::ZapBegins { init, .. } => {
                write!(f, "{init}'s namespace is zapped: every member gets SIGKILL")
            }
            Effect::PidFreed { task, upids } => {
                f.write_str("pid ")?;
                nspid(f, &mut upids.iter())?;
                match task {
                    Some(t) => write!(f, " of {t} is freed"),
                    None => f.write_str(" is freed"),
                }
            }
            Effect::NsDead { ns } => write!(f, "namespace #{} is empty and dead", ns.index()),
            Effect::LastPid { last, .. } => write!(f, "ns_last_pid is set to {last}"),
            Effect::PidMax { max, .. } => write!(f, "pid_max is set to {max}"),
        }
    }
}

/// Whether a world records effects. Benchmarks of the bare model leave it
/// off; a scenario session turns it on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Recording {
    /// Effects are not recorded (the work trace still is).
    #[default]
    Off,
    /// Every operation records its effects.
    On,
}
