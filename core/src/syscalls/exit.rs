//! `exit_group()` and everything a dying thread group sets off
//! (kernel/exit.c: `do_group_exit`, `forget_original_parent`,
//! `find_child_reaper`, `find_new_reaper`, `exit_notify`; kernel/pid_namespace.c:
//! `zap_pid_ns_processes`).

use crate::errno::Errno;
use crate::ids::TaskId;
use crate::signal::{Disposition, Signal};
use crate::task::{ExitStatus, TaskState};
use crate::work::Work;
use crate::world::World;

impl World {
    /// `exit_group(code)` by `actor`: every thread of its group exits.
    pub fn exit_group(&mut self, actor: TaskId, code: u8) -> Result<(), Errno> {
        self.check_actor(actor)?;
        self.do_group_exit(self.leader(actor), ExitStatus::Exited(code));
        Ok(())
    }

    /// `exit(2)` (not `exit_group`) by a thread that is not its group's
    /// leader, as `pthread_exit` does: it passes its children to a live
    /// thread and is released at once. Used by the cost workloads (the
    /// scenario language only has `exit_group`).
    pub(crate) fn thread_exit(&mut self, thread: TaskId) -> Result<(), Errno> {
        self.check_actor(thread)?;
        if !self.is_thread(thread) {
            return Err(Errno::EINVAL);
        }
        self.trace.push(Work::ExitTask);
        self.forget_original_parent(thread);
        self.release_task(thread);
        Ok(())
    }

    /// The group of `leader` dies with `status`: threads first, then the
    /// leader. Each passes its children on (`forget_original_parent`); a
    /// namespace init that dies zaps its namespace first.
    pub(crate) fn do_group_exit(&mut self, leader: TaskId, status: ExitStatus) {
        if self.task(leader).exit.is_some() {
            return;
        }
        self.task_mut(leader).exit = Some(status);
        while let Some(t) = self.task(leader).next_thread {
            self.trace.push(Work::ExitTask);
            self.forget_original_parent(t);
            self.release_task(t);
        }
        self.trace.push(Work::ExitTask);
        self.forget_original_parent(leader);
        let ns = self.active_ns(leader);
        let waiting = self.ns(ns).child_reaper == Some(leader) && self.ns(ns).pid_allocated > 1;
        if waiting {
            // Still in zap_pid_ns_processes: zombies whose parents live
            // outside the namespace keep it from emptying.
            self.task_mut(leader).state = TaskState::Exiting;
        } else {
            self.exit_notify(leader);
        }
    }

    /// The last part of a namespace init's exit, once its namespace is empty.
    pub(crate) fn finish_zap(&mut self, init: TaskId) {
        self.task_mut(init).state = TaskState::Running;
        self.exit_notify(init);
    }

    /// `exit_notify` for a group leader whose threads are all gone: it becomes
    /// a zombie, or is released at once when its parent ignores SIGCHLD or
    /// it has none (`do_notify_parent` returning autoreap).
    fn exit_notify(&mut self, leader: TaskId) {
        let autoreap = match self.task(leader).parent {
            Some(p) if self.exists(p) => self.sighand(p).get(Signal::SIGCHLD) == Disposition::Ignore,
            _ => true,
        };
        if autoreap {
            self.release_task(leader);
        } else {
            self.task_mut(leader).state = TaskState::Zombie;
        }
    }

    /// `forget_original_parent(father)`: find the reaper (which zaps the
    /// namespace if `father` is its init), then hand every child to
    /// `find_new_reaper`. Zombies handed to a parent that ignores SIGCHLD are
    /// released.
    fn forget_original_parent(&mut self, father: TaskId) {
        let child_reaper = self.find_child_reaper(father);
        if self.task(father).first_child.is_none() {
            return;
        }
        let children = self.children(father);
        let reaper = self.find_new_reaper(father, child_reaper);
        for c in children {
            self.trace.push(Work::Reparent);
            self.unlink_child(c);
            match reaper.filter(|&r| r != father && self.exists(r)) {
                Some(r) => {
                    for t in self.threads(c) {
                        self.task_mut(t).parent = Some(r);
                    }
                    self.link_child(r, c);
                    let zombie = self.state(c) == TaskState::Zombie;
                    if zombie && self.sighand(r).get(Signal::SIGCHLD) == Disposition::Ignore {
                        self.release_task(c);
                    }
                }
                None => {
                    // No reaper is left (the world's own init died): the
                    // orphan has no parent and is released when it dies.
                    for t in self.threads(c) {
                        self.task_mut(t).parent = None;
                    }
                    if self.state(c) == TaskState::Zombie {
                        self.release_task(c);
                    }
                }
            }
        }
    }

    /// `find_child_reaper`: the child reaper of `father`'s active namespace;
    /// if that is `father` itself, the namespace dies with it
    /// (`zap_pid_ns_processes`) and `father` is returned.
    fn find_child_reaper(&mut self, father: TaskId) -> Option<TaskId> {
        let ns = self.active_ns(father);
        let reaper = self.ns(ns).child_reaper;
        if reaper != Some(father) {
            return reaper;
        }
        self.zap_pid_ns_processes(father);
        Some(father)
    }

    /// `find_new_reaper`: a live thread of `father`'s group; else the nearest
    /// ancestor that is a child subreaper *at the same pid level*; else the
    /// namespace's child reaper.
    fn find_new_reaper(&mut self, father: TaskId, child_reaper: Option<TaskId>) -> Option<TaskId> {
        if let Some(t) = self.find_alive_thread(father) {
            return Some(t);
        }
        let leader = self.leader(father);
        if self.task(leader).flags.has_child_subreaper {
            let level = self.level(father);
            let mut r = self.task(father).parent;
            while let Some(p) = r.filter(|&p| self.exists(p) && self.level(p) == level) {
                self.trace.push(Work::SubreaperWalk);
                if self.is_subreaper(p) {
                    if let Some(t) = self.find_alive_thread(p) {
                        return Some(t);
                    }
                }
                r = self.task(p).parent;
            }
        }
        child_reaper.filter(|&r| self.exists(r))
    }

    /// `find_alive_thread`: a thread of `t`'s group that is not exiting.
    fn find_alive_thread(&self, t: TaskId) -> Option<TaskId> {
        if self.group_exit(t).is_some() {
            return None;
        }
        Some(self.leader(t))
    }

    /// `zap_pid_ns_processes`: the init of a namespace is dying. New
    /// processes are refused (`ENOMEM`), the init ignores SIGCHLD so its
    /// children reap themselves, and every task with a number ≥ 2 in the
    /// namespace — which includes every task of every namespace below it —
    /// gets SIGKILL. Zombies of the init are reaped.
    fn zap_pid_ns_processes(&mut self, init: TaskId) {
        let ns = self.active_ns(init);
        self.trace.push(Work::ZapPidNs {
            level: self.ns(ns).level,
        });
        self.ns_mut(ns).adding = false;
        self.task_mut(init).sighand.set(Signal::SIGCHLD, Disposition::Ignore);
        let victims: Vec<u32> = self
            .ns(ns)
            .idr
            .iter()
            .filter(|&(nr, _)| nr >= 2)
            .map(|(nr, _)| nr)
            .collect();
        for nr in victims {
            if let Some(t) = self.find_task_by_vpid(nr, ns) {
                self.trace.push(Work::SignalSend);
                self.do_group_exit(self.leader(t), ExitStatus::Killed(Signal::SIGKILL));
            }
        }
        // kernel_wait4(-1, __WALL) until ECHILD: reap the zombies among its children.
        for c in self.children(init) {
            if self.exists(c) && self.state(c) == TaskState::Zombie {
                self.trace.push(Work::Reap);
                self.release_task(c);
            }
        }
        if let Some(sig) = self.ns(ns).reboot {
            self.task_mut(init).exit = Some(ExitStatus::Killed(sig));
        }
    }
}
