//! Read-only views of the world, named as the kernel names them: a task's
//! numbers as seen from a namespace (`task_pid_nr_ns`, `task_tgid_nr_ns`),
//! NSpid, its parent, children, threads and state, and `ps` inside a
//! namespace.

use crate::ids::{NsId, PidId, TaskId};
use crate::pid::Upid;
use crate::signal::SigHand;
use crate::task::{ExitStatus, TaskState};
use crate::world::World;

impl World {
    /// `task_active_pid_ns(t)`: the namespace `t` was born in. It never changes.
    pub fn task_active_pid_ns(&self, t: TaskId) -> NsId {
        self.pid_ns(self.task(t).pid)
    }

    /// `nsproxy->pid_ns_for_children`: where `t`'s next child will live.
    pub fn ns_for_children(&self, t: TaskId) -> NsId {
        self.task(t).for_children
    }

    /// The level of `t`'s active namespace.
    pub fn level(&self, t: TaskId) -> u32 {
        self.task(t).pid.level()
    }

    /// The thread-group leader of `t` (itself for a process).
    pub fn leader(&self, t: TaskId) -> TaskId {
        self.task(t).leader
    }

    /// Whether `t` is a thread that is not its group's leader.
    pub fn is_thread(&self, t: TaskId) -> bool {
        self.task(t).leader != t
    }

    /// The tasks of `t`'s thread group, leader first, in creation order.
    pub fn threads(&self, t: TaskId) -> Vec<TaskId> {
        let mut out = vec![self.leader(t)];
        let mut cur = self.leader(t);
        while let Some(n) = self.task(cur).next_thread {
            out.push(n);
            cur = n;
        }
        out
    }

    /// `t`'s own thread pid as seen from `ns` (`task_pid_nr_ns`), 0 if invisible.
    pub fn task_pid_nr_ns(&self, t: TaskId, ns: NsId) -> u32 {
        self.pid_nr_ns(self.task(t).pid, ns)
    }

    /// `t`'s tgid as seen from `ns` (`task_tgid_nr_ns`), 0 if invisible.
    pub fn task_tgid_nr_ns(&self, t: TaskId, ns: NsId) -> u32 {
        self.pid_nr_ns(self.task(self.leader(t)).pid, ns)
    }

    /// `t`'s numbers at every level, root first: the `NSpid:` line of
    /// `/proc/PID/status` read from the root namespace.
    pub fn nspid(&self, t: TaskId) -> Vec<u32> {
        self.pid_numbers(self.task(t).pid).to_vec()
    }

    /// `t`'s `struct upid`s, root first.
    pub fn upids(&self, t: TaskId) -> Vec<Upid> {
        self.upids_of(self.task(t).pid)
    }

    /// A pid's `struct upid`s, root first.
    pub(crate) fn upids_of(&self, pid: PidId) -> Vec<Upid> {
        let path = &self.ns(self.pid_ns(pid)).path;
        self.pid_numbers(pid)
            .iter()
            .zip(path.iter())
            .map(|(&nr, &ns)| Upid { nr, ns })
            .collect()
    }

    /// `t`'s real parent (`real_parent`), if any.
    pub fn parent(&self, t: TaskId) -> Option<TaskId> {
        self.task(t).parent
    }

    /// The process (thread-group leader) of `t`'s real parent: a child
    /// handed to a thread of a group is that group's child, as `PPid` shows.
    pub fn parent_process(&self, t: TaskId) -> Option<TaskId> {
        self.task(t).parent.filter(|&p| self.exists(p)).map(|p| self.leader(p))
    }

    /// `t`'s children (its own `children` list), oldest first.
    pub fn children(&self, t: TaskId) -> Vec<TaskId> {
        let mut out = Vec::new();
        let mut c = self.task(t).first_child;
        while let Some(x) = c {
            out.push(x);
            c = self.task(x).next_sibling;
        }
        out
    }

    /// What `t` is doing.
    pub fn state(&self, t: TaskId) -> TaskState {
        self.task(t).state
    }

    /// How `t`'s thread group ended, once it has: the group exit code when
    /// the group was made to exit (`SIGNAL_GROUP_EXIT`), else the leader's
    /// own exit code once the leader has exited (what `wait` reports).
    pub fn group_exit(&self, t: TaskId) -> Option<ExitStatus> {
        let leader = self.task(self.leader(t));
        leader.exit.or(leader.exit_code)
    }

    /// `delay_group_leader`: a group leader that has exited while other
    /// threads of its group live; its parent cannot reap it yet.
    pub fn is_delayed_leader(&self, t: TaskId) -> bool {
        !self.is_thread(t) && self.task(t).next_thread.is_some()
    }

    /// Whether `t`'s group is a child subreaper.
    pub fn is_subreaper(&self, t: TaskId) -> bool {
        self.task(self.leader(t)).flags.subreaper
    }

    /// `t`'s signal dispositions.
    pub fn sighand(&self, t: TaskId) -> SigHand {
        self.task(self.leader(t)).sighand
    }

    /// `getppid()` as `t` itself would see it: the parent's tgid in `t`'s
    /// namespace, 0 when the parent is outside it.
    pub fn ppid_seen_by_self(&self, t: TaskId) -> u32 {
        match self.task(t).parent {
            Some(p) if self.exists(p) => self.task_tgid_nr_ns(p, self.task_active_pid_ns(t)),
            _ => 0,
        }
    }

    /// `getsid(0)` as `t` sees it: 0 when the session leader is invisible.
    pub fn sid_seen_by_self(&self, t: TaskId) -> u32 {
        match self.task(self.leader(t)).session {
            Some(s) => self.pid_nr_ns(s, self.task_active_pid_ns(t)),
            None => 0,
        }
    }

    /// `ps` inside `ns`: every thread-group leader visible there that has not
    /// become a zombie, in arena order.
    pub fn ps(&self, ns: NsId) -> Vec<TaskId> {
        self.tasks()
            .filter(|&t| !self.is_thread(t) && self.state(t) != TaskState::Zombie && self.task_pid_nr_ns(t, ns) != 0)
            .collect()
    }

    /// Whether `t` may make a system call: it exists and is neither a zombie,
    /// an init stuck in `zap_pid_ns_processes`, stopped, nor exiting.
    pub fn can_run(&self, t: TaskId) -> bool {
        self.exists(t)
            && self.state(t) == TaskState::Running
            && self.task(self.leader(t)).exit.is_none()
            && self.task(t).exit_code.is_none()
    }
}
