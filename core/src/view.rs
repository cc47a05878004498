//! Read-only views of the world, named as the kernel names them: a task's
//! numbers as seen from a namespace (`task_pid_nr_ns`, `task_tgid_nr_ns`),
//! NSpid, its parent, children, threads and state, and `ps` inside a
//! namespace.

use crate::ids::{NsId, PidId, TaskId};
use crate::namespace::PidNamespace;
use crate::pid::Upid;
use crate::signal::SigHand;
use crate::task::{ExitStatus, TaskState};
use crate::world::World;

impl World {
    /// `task_active_pid_ns(t)`: the namespace `t` was born in. It never changes.
    pub(crate) fn task_active_pid_ns(&self, t: TaskId) -> NsId {
        self.pid_ns(self.task(t).pid)
    }

    /// `nsproxy->pid_ns_for_children`: where `t`'s next child will live.
    pub(crate) fn ns_for_children(&self, t: TaskId) -> NsId {
        self.task(t).for_children
    }

    /// The level of `t`'s active namespace.
    pub(crate) fn level(&self, t: TaskId) -> u32 {
        self.task(t).pid.level()
    }

    /// The thread-group leader of `t` (itself for a process).
    pub(crate) fn leader(&self, t: TaskId) -> TaskId {
        self.task(t).leader
    }

    /// Whether `t` is a thread that is not its group's leader.
    pub(crate) fn is_thread(&self, t: TaskId) -> bool {
        self.task(t).leader != t
    }

    /// The tasks of `t`'s thread group, leader first, in creation order.
    pub(crate) fn threads(&self, t: TaskId) -> Vec<TaskId> {
        let mut out = vec![self.leader(t)];
        let mut cur = self.leader(t);
        while let Some(n) = self.task(cur).next_thread {
            out.push(n);
            cur = n;
        }
        out
    }

    /// `t`'s own thread pid as seen from `ns` (`task_pid_nr_ns`), 0 if invisible.
    pub(crate) fn task_pid_nr_ns(&self, t: TaskId, ns: NsId) -> u32 {
        self.pid_nr_ns(self.task(t).pid, ns)
    }

    /// `t`'s tgid as seen from `ns` (`task_tgid_nr_ns`), 0 if invisible.
    pub(crate) fn task_tgid_nr_ns(&self, t: TaskId, ns: NsId) -> u32 {
        self.pid_nr_ns(self.task(self.leader(t)).pid, ns)
    }

    /// `t`'s numbers at every level, root first: the `NSpid:` line of
    /// `/proc/PID/status` read from the root namespace.
    pub(crate) fn nspid(&self, t: TaskId) -> Vec<u32> {
        self.pid_numbers(self.task(t).pid).to_vec()
    }

    /// `t`'s `struct upid`s, root first.
    pub(crate) fn upids(&self, t: TaskId) -> Vec<Upid> {
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
    pub(crate) fn parent(&self, t: TaskId) -> Option<TaskId> {
        self.task(t).parent
    }

    /// The process (thread-group leader) of `t`'s real parent: a child
    /// handed to a thread of a group is that group's child, as `PPid` shows.
    pub(crate) fn parent_process(&self, t: TaskId) -> Option<TaskId> {
        self.task(t).parent.filter(|&p| self.exists(p)).map(|p| self.leader(p))
    }

    /// `t`'s children (its own `children` list), oldest first.
    pub(crate) fn children(&self, t: TaskId) -> Vec<TaskId> {
        let mut out = Vec::new();
        let mut c = self.task(t).first_child;
        while let Some(x) = c {
            out.push(x);
            c = self.task(x).next_sibling;
        }
        out
    }

    /// What `t` is doing.
    pub(crate) fn state(&self, t: TaskId) -> TaskState {
        self.task(t).state
    }

    /// How `t`'s thread group ended, once it has: the group exit code when
    /// the group was made to exit (`SIGNAL_GROUP_EXIT`), else the leader's
    /// own exit code once the leader has exited (what `wait` reports).
    pub(crate) fn group_exit(&self, t: TaskId) -> Option<ExitStatus> {
        let leader = self.task(self.leader(t));
        leader.exit.or(leader.exit_code)
    }

    /// `delay_group_leader`: a group leader that has exited while other
    /// threads of its group live; its parent cannot reap it yet.
    pub(crate) fn is_delayed_leader(&self, t: TaskId) -> bool {
        !self.is_thread(t) && self.task(t).next_thread.is_some()
    }

    /// Whether `t`'s group is a child subreaper.
    pub(crate) fn is_subreaper(&self, t: TaskId) -> bool {
        self.task(self.leader(t)).flags.subreaper
    }

    /// `t`'s signal dispositions.
    pub(crate) fn sighand(&self, t: TaskId) -> SigHand {
        self.task(self.leader(t)).sighand
    }

    /// `getppid()` as `t` itself would see it: the parent's tgid in `t`'s
    /// namespace, 0 when the parent is outside it.
    pub(crate) fn ppid_seen_by_self(&self, t: TaskId) -> u32 {
        match self.task(t).parent {
            Some(p) if self.exists(p) => self.task_tgid_nr_ns(p, self.task_active_pid_ns(t)),
            _ => 0,
        }
    }

    /// `getsid(0)` as `t` sees it: 0 when the session leader is invisible.
    pub(crate) fn sid_seen_by_self(&self, t: TaskId) -> u32 {
        match self.task(self.leader(t)).session {
            Some(s) => self.pid_nr_ns(s, self.task_active_pid_ns(t)),
            None => 0,
        }
    }

    /// `ps` inside `ns`: every thread-group leader visible there that has not
    /// become a zombie, in arena order.
    pub(crate) fn ps(&self, ns: NsId) -> Vec<TaskId> {
        self.tasks()
            .filter(|&t| !self.is_thread(t) && self.state(t) != TaskState::Zombie && self.task_pid_nr_ns(t, ns) != 0)
            .collect()
    }

    /// Whether `t` may make a system call: it exists and is neither a zombie,
    /// an init stuck in `zap_pid_ns_processes`, stopped, nor exiting.
    pub fn can_run(&self, t: TaskId) -> bool {
        // A task that has begun to exit is never left running after an
        // operation: do_exit takes it to exiting, zombie or gone at once.
        self.exists(t) && self.state(t) == TaskState::Running && self.task(self.leader(t)).exit.is_none()
    }
}

/// A task that exists, read through the world: the public way to look at a
/// task. [`World::task_ref`] hands one out only for a `TaskId` whose task
/// exists, so none of its methods can meet a stale id.
#[derive(Clone, Copy)]
pub struct TaskRef<'w> {
    world: &'w World,
    id: TaskId,
}

impl World {
    /// The task `t`, or `None` when `t` is stale (released) or foreign.
    pub fn task_ref(&self, t: TaskId) -> Option<TaskRef<'_>> {
        self.exists(t).then_some(TaskRef { world: self, id: t })
    }

    /// The namespace `ns`, or `None` when `ns` is not one of this world's.
    pub fn pid_namespace(&self, ns: NsId) -> Option<&PidNamespace> {
        self.namespaces.get(ns.index())
    }

    /// `ps` inside `ns`: every thread-group leader visible there that has
    /// not become a zombie, in arena order; empty for a foreign `ns`.
    pub fn ps_in(&self, ns: NsId) -> Vec<TaskId> {
        match self.pid_namespace(ns) {
            Some(_) => self.ps(ns),
            None => Vec::new(),
        }
    }

    /// `find_task_by_pid_ns(nr, ns)`: the task whose thread pid is `nr` in
    /// `ns`; `None` when there is none or `ns` is foreign.
    pub fn find_task(&self, nr: u32, ns: NsId) -> Option<TaskId> {
        self.pid_namespace(ns)?;
        self.find_task_by_pid_ns(nr, ns)
    }
}

/// `TaskRef` methods that read the world's view of the task with the same
/// name: `$doc`, `fn $name(self) -> $ty = World::$inner`.
macro_rules! task_views {
    ($($(#[$doc:meta])* $name:ident -> $ty:ty = $inner:ident;)*) => {
        impl TaskRef<'_> {
            $(
                $(#[$doc])*
                pub fn $name(self) -> $ty {
                    self.world.$inner(self.id)
                }
            )*
        }
    };
}

task_views! {
    /// `task_active_pid_ns`: the namespace it was born in (it never changes).
    active_pid_ns -> NsId = task_active_pid_ns;
    /// `nsproxy->pid_ns_for_children`: where its next child will live.
    pid_ns_for_children -> NsId = ns_for_children;
    /// The level of its active namespace.
    level -> u32 = level;
    /// Its thread-group leader (itself for a process).
    leader -> TaskId = leader;
    /// Whether it is a thread that is not its group's leader.
    is_thread -> bool = is_thread;
    /// Its thread group, leader first, in creation order.
    threads -> Vec<TaskId> = threads;
    /// Its numbers at every level, root first (`NSpid:`).
    nspid -> Vec<u32> = nspid;
    /// Its `struct upid`s, root first.
    upids -> Vec<Upid> = upids;
    /// Its real parent (`real_parent`), if any.
    parent -> Option<TaskId> = parent;
    /// The process (group leader) of its real parent, as `PPid` shows it.
    parent_process -> Option<TaskId> = parent_process;
    /// Its children, oldest first.
    children -> Vec<TaskId> = children;
    /// What it is doing.
    state -> TaskState = state;
    /// How its thread group ended, once it has.
    group_exit -> Option<ExitStatus> = group_exit;
    /// `delay_group_leader`: an exited leader whose threads live.
    is_delayed_leader -> bool = is_delayed_leader;
    /// Whether its group is a child subreaper.
    is_subreaper -> bool = is_subreaper;
    /// Its group's signal dispositions.
    sighand -> SigHand = sighand;
    /// `getppid()` as it would see it.
    ppid -> u32 = ppid_seen_by_self;
    /// `getsid(0)` as it would see it.
    sid -> u32 = sid_seen_by_self;
    /// Whether it may make a system call now.
    can_run -> bool = can_run;
}

impl TaskRef<'_> {
    /// The task's id.
    pub fn id(self) -> TaskId {
        self.id
    }

    /// `task_pid_nr_ns`: its own pid as seen from `ns`; 0 if invisible there
    /// (or `ns` is foreign).
    pub fn pid_nr_ns(self, ns: NsId) -> u32 {
        self.nr_in(ns, World::task_pid_nr_ns)
    }

    /// `task_tgid_nr_ns`: its tgid as seen from `ns`; 0 if invisible there
    /// (or `ns` is foreign).
    pub fn tgid_nr_ns(self, ns: NsId) -> u32 {
        self.nr_in(ns, World::task_tgid_nr_ns)
    }

    fn nr_in(self, ns: NsId, nr: fn(&World, TaskId, NsId) -> u32) -> u32 {
        match self.world.pid_namespace(ns) {
            Some(_) => nr(self.world, self.id, ns),
            None => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{CloneFlags, Errno, Model, World};

    #[test]
    fn stale_and_foreign_ids_give_none_or_an_errno_never_a_panic() {
        let mut a = World::new(Model::Multilevel, 32768);
        let init = a.init().expect("init");
        let newpid = CloneFlags {
            newpid: true,
            ..CloneFlags::default()
        };
        let (child, _) = a.clone_task(init, newpid).expect("clone");
        let foreign_ns = a.task_ref(child).expect("exists").active_pid_ns();
        a.exit_group(child, 0).expect("exit");
        a.wait(init, None).expect("reaped");
        assert!(a.task_ref(child).is_none(), "a released task");
        assert_eq!(
            a.kill(child, crate::KillTarget::Pid(1), crate::Signal::SIGTERM),
            Err(Errno::ESRCH)
        );
        let mut b = World::new(Model::Multilevel, 32768);
        let b_init = b.init().expect("init");
        assert!(b.pid_namespace(foreign_ns).is_none(), "a namespace of another world");
        assert!(b.ps_in(foreign_ns).is_empty() && b.find_task(1, foreign_ns).is_none());
        assert_eq!(b.setns(b_init, foreign_ns), Err(Errno::EINVAL));
        assert_eq!(b.task_ref(b_init).map(|t| t.pid_nr_ns(foreign_ns)), Some(0));
    }
}
