//! `struct task_struct`, reduced to what pid namespaces touch: the thread
//! pid, the thread group, the parent and children lists, `nsproxy`'s
//! `pid_ns_for_children`, the process group and session, and the signal
//! state shared by a thread group (`signal_struct`, `sighand_struct`).

use crate::ids::{NsId, PidId, TaskId};
use crate::signal::{SigHand, Signal};
use serde::{Deserialize, Serialize};

/// What a task is doing, as `ps` and the scenario language name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskState {
    /// Runnable or sleeping.
    Running,
    /// Stopped by SIGSTOP.
    Stopped,
    /// A namespace init inside `zap_pid_ns_processes`, waiting for the
    /// namespace to empty before it can become a zombie.
    Exiting,
    /// Dead, waiting for its parent to reap it.
    Zombie,
}

impl TaskState {
    /// The language's name of the state.
    pub fn name(self) -> &'static str {
        ProcState::from(self).name()
    }
}

/// A task's state as `ps`, the scenario language and the picture name it:
/// the live states of [`TaskState`], and `Gone` once it was released
/// (`release_task`: reaped, or autoreaped).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProcState {
    /// Runnable or sleeping.
    Running,
    /// Stopped by SIGSTOP.
    Stopped,
    /// A namespace init inside `zap_pid_ns_processes`.
    Exiting,
    /// Dead, waiting for its parent to reap it.
    Zombie,
    /// Released: its pids are freed and its name may be reused.
    Gone,
}

impl ProcState {
    /// Every state, in the language's order.
    pub const ALL: [ProcState; 5] = [
        ProcState::Running,
        ProcState::Stopped,
        ProcState::Exiting,
        ProcState::Zombie,
        ProcState::Gone,
    ];

    /// The language's name of the state.
    pub fn name(self) -> &'static str {
        match self {
            ProcState::Running => "running",
            ProcState::Stopped => "stopped",
            ProcState::Exiting => "exiting",
            ProcState::Zombie => "zombie",
            ProcState::Gone => "gone",
        }
    }

    /// Whether a task in this state has not begun to exit (running or stopped).
    pub fn is_alive(self) -> bool {
        matches!(self, ProcState::Running | ProcState::Stopped)
    }
}

impl From<TaskState> for ProcState {
    fn from(s: TaskState) -> ProcState {
        match s {
            TaskState::Running => ProcState::Running,
            TaskState::Stopped => ProcState::Stopped,
            TaskState::Exiting => ProcState::Exiting,
            TaskState::Zombie => ProcState::Zombie,
        }
    }
}

impl std::fmt::Display for ProcState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.name())
    }
}

/// How a thread group ended, as its parent's wait status says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExitStatus {
    /// `WIFEXITED`, with `WEXITSTATUS`.
    Exited(u8),
    /// `WIFSIGNALED`, with `WTERMSIG`.
    Killed(Signal),
}

/// A task. Fields marked "group" are meaningful on the thread-group leader
/// only; threads read them through their leader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Task {
    /// `thread_pid`: this task's own pid (its tid at every level).
    pub pid: PidId,
    /// Which task this is, for ever (`TaskId`s are reused; this is not): what
    /// a pidfd holds on to, so it never reaches a later task in the same slot.
    pub serial: u64,
    /// `group_leader`: itself for a process.
    pub leader: TaskId,
    /// Next thread of the group, in creation order (`signal->thread_head`).
    pub next_thread: Option<TaskId>,
    /// `real_parent` (group).
    pub parent: Option<TaskId>,
    /// This task's `children` list, oldest first.
    pub first_child: Option<TaskId>,
    pub last_child: Option<TaskId>,
    /// Links in the parent's `children` list (`sibling`).
    pub prev_sibling: Option<TaskId>,
    pub next_sibling: Option<TaskId>,
    /// `nsproxy->pid_ns_for_children`: where this task's next child goes.
    pub for_children: NsId,
    /// PIDTYPE_PGID and PIDTYPE_SID (group); `None` when the group or session
    /// lives outside the modelled world.
    pub pgrp: Option<PidId>,
    pub session: Option<PidId>,
    pub state: TaskState,
    /// `SIGNAL_GROUP_EXIT` and `group_exit_code`: how the whole group was
    /// made to end, once it was (group).
    pub exit: Option<ExitStatus>,
    /// `PF_EXITING` and `exit_code`: this task has entered `do_exit` with
    /// this code (a single thread's `exit`, or its part of a group exit).
    pub exit_code: Option<ExitStatus>,
    /// Signal dispositions (group).
    pub sighand: SigHand,
    /// Signals sent while the group was stopped, acted on at SIGCONT (group).
    pub pending: u16,
    /// Group flags (`signal->flags`, `is_child_subreaper`, `has_child_subreaper`).
    pub flags: GroupFlags,
}

/// Per-thread-group flags from `struct signal_struct`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct GroupFlags {
    /// `SIGNAL_UNKILLABLE`: set on a namespace's init when it is created.
    pub unkillable: bool,
    /// `prctl(PR_SET_CHILD_SUBREAPER)`.
    pub subreaper: bool,
    /// Some ancestor was a subreaper when this group was created or marked.
    pub has_child_subreaper: bool,
}

impl std::fmt::Display for ExitStatus {
    /// `exited 0`, `killed SIGKILL`: as `expect` lines and narration say it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExitStatus::Exited(c) => write!(f, "exited {c}"),
            ExitStatus::Killed(s) => write!(f, "killed {}", s.name()),
        }
    }
}
