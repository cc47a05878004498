//! `exit_group()`, a single thread's `exit()`, and everything a dying task
//! sets off (kernel/exit.c: `do_group_exit`, `do_exit`, `exit_notify`,
//! `forget_original_parent`, `find_child_reaper`, `find_new_reaper`,
//! `release_task`; kernel/pid_namespace.c: `zap_pid_ns_processes`).
//!
//! Each task of a dying group runs `do_exit` on its own: the caller first,
//! then the others in thread-list order, as they act on the group's SIGKILL.
//! A namespace init's task that finds no live thread of its group to hand
//! the namespace to zaps the namespace and waits there (`exiting`) until only
//! its group's pids are left; its children keep it as their real parent
//! until then.

use crate::effect::{Effect, ReparentReason, SignalFate};
use crate::errno::Errno;
use crate::ids::TaskId;
use crate::signal::{Disposition, Signal};
use crate::task::{ExitStatus, TaskState};
use crate::work::Work;
use crate::world::World;

/// Where `find_child_reaper` left a dying task.
enum ChildReaper {
    /// The namespace has a reaper (`Some`) or none left (`None`): go on.
    Found(Option<TaskId>),
    /// The task is its namespace's last init thread and waits in
    /// `zap_pid_ns_processes` for the namespace to empty.
    Waiting,
}

impl World {
    /// `exit_group(code)` by `actor`: every thread of its group exits.
    pub fn exit_group(&mut self, actor: TaskId, code: u8) -> Result<(), Errno> {
        self.check_actor(actor)?;
        self.do_group_exit(actor, ExitStatus::Exited(code));
        Ok(())
    }

    /// `exit(code)` (not `exit_group`) by `actor`, as `pthread_exit` ends:
    /// only the calling thread exits. A thread passes its children to a live
    /// thread and is released at once; a leader whose threads live stays a
    /// zombie until the group is empty (`delay_group_leader`; `/proc` shows
    /// it as Z), and a namespace init's leader hands the namespace to a live
    /// thread. The last thread's code is how the process ended.
    pub fn exit_thread(&mut self, actor: TaskId, code: u8) -> Result<(), Errno> {
        self.check_actor(actor)?;
        self.do_exit(actor, ExitStatus::Exited(code));
        Ok(())
    }

    /// `do_group_exit`: `first`'s whole group dies with `status`
    /// (`SIGNAL_GROUP_EXIT`). `first` (the caller of `exit_group`, or the
    /// thread a fatal signal woke) runs `do_exit` first, then the other
    /// threads in thread-list order. A group already dying (made to exit, or
    /// with every thread exiting) is left alone, as `complete_signal` finds
    /// no thread that `wants_signal`.
    pub(crate) fn do_group_exit(&mut self, first: TaskId, status: ExitStatus) {
        let leader = self.leader(first);
        if self.group_dying(leader) {
            return;
        }
        self.task_mut(leader).exit = Some(status);
        if self.task(first).exit_code.is_none() {
            self.do_exit(first, status);
        }
        // The others in thread-list order; each exit may unlink a thread, so
        // the list is walked afresh from the leader every time.
        while let Some(t) = self.next_live_thread(leader, first) {
            self.do_exit(t, status);
        }
    }

    /// The first task of `leader`'s group, other than `skip`, that has not
    /// begun to exit.
    fn next_live_thread(&self, leader: TaskId, skip: TaskId) -> Option<TaskId> {
        let mut cur = self.exists(leader).then_some(leader);
        while let Some(t) = cur {
            if t != skip && self.task(t).exit_code.is_none() {
                return Some(t);
            }
            cur = self.task(t).next_thread;
        }
        None
    }

    /// `do_exit` of one task: `PF_EXITING`, then `exit_notify` (which passes
    /// its children on and, for a namespace's last init thread, zaps the
    /// namespace and waits).
    pub(crate) fn do_exit(&mut self, t: TaskId, code: ExitStatus) {
        self.trace.push(Work::ExitTask);
        self.task_mut(t).exit_code = Some(code);
        if self.find_alive_thread(t).is_none() {
            // group_dead: the last thread's code is the process's (unless
            // the group was made to exit), and its descriptors close.
            let leader = self.leader(t);
            self.task_mut(leader).exit_code = Some(code);
            self.close_pidfds_of(t);
        }
        match self.find_child_reaper(t) {
            ChildReaper::Waiting => {
                let status = self.group_exit(t);
                self.set_task_state(t, TaskState::Exiting, status);
            }
            ChildReaper::Found(reaper) => {
                self.forget_original_parent(t, reaper);
                self.exit_notify(t);
            }
        }
    }

    /// The rest of a namespace init's exit, once `zap_pid_ns_processes`
    /// returns (only its group's own pids are left in the namespace).
    pub(crate) fn finish_zap(&mut self, init: TaskId) {
        self.forget_original_parent(init, Some(init));
        self.exit_notify(init);
    }

    /// `exit_notify` for a task whose children are passed on: a thread is
    /// released at once (and, if it was the last, its delayed leader is
    /// notified); a leader becomes a zombie, or is released at once when its
    /// parent ignores SIGCHLD or it has none (`do_notify_parent` returning
    /// autoreap). A leader whose threads live stays a zombie nobody can reap
    /// yet (`delay_group_leader`).
    fn exit_notify(&mut self, t: TaskId) {
        let status = self.group_exit(t);
        if self.is_thread(t) {
            let leader = self.leader(t);
            self.release_task(t);
            if self.task(leader).state == TaskState::Zombie && !self.is_delayed_leader(leader) {
                self.notify_parent(leader);
            }
            return;
        }
        self.set_task_state(t, TaskState::Zombie, status);
        if !self.is_delayed_leader(t) {
            self.notify_parent(t);
        }
    }

    /// `do_notify_parent` for a zombie leader whose group is empty: released
    /// at once when its parent ignores SIGCHLD or it has none.
    fn notify_parent(&mut self, leader: TaskId) {
        let autoreap = match self.task(leader).parent {
            Some(p) if self.exists(p) => self.sighand(p).get(Signal::SIGCHLD) == Disposition::Ignore,
            _ => true,
        };
        if autoreap {
            self.release_task(leader);
        }
    }

    /// `forget_original_parent(father)`: hand every child to
    /// `find_new_reaper`. Zombies handed to a parent that ignores SIGCHLD are
    /// released. A child handed to a thread of `father`'s own group is not
    /// reparented as far as anyone can see (`same_thread_group`).
    fn forget_original_parent(&mut self, father: TaskId, child_reaper: Option<TaskId>) {
        if self.task(father).first_child.is_none() {
            return;
        }
        let children = self.children(father);
        let (reaper, why) = self.find_new_reaper(father, child_reaper);
        if reaper == Some(father) {
            // The namespace's last init thread, back from zap_pid_ns_processes:
            // its children stay its own (there are none left in practice).
            return;
        }
        for c in children {
            self.trace.push(Work::Reparent);
            self.unlink_child(c);
            match reaper.filter(|&r| self.exists(r)) {
                Some(r) => {
                    for t in self.threads(c) {
                        self.task_mut(t).parent = Some(r);
                    }
                    self.link_child(r, c);
                    self.note(|_| Effect::Reparented {
                        task: c,
                        from: father,
                        to: Some(r),
                        why,
                    });
                    let zombie = self.state(c) == TaskState::Zombie && !self.is_delayed_leader(c);
                    let same_group = self.leader(r) == self.leader(father);
                    if zombie && !same_group && self.sighand(r).get(Signal::SIGCHLD) == Disposition::Ignore {
                        self.release_task(c);
                    }
                }
                None => {
                    // No reaper is left (the world's own init died): the
                    // orphan has no parent and is released when it dies.
                    for t in self.threads(c) {
                        self.task_mut(t).parent = None;
                    }
                    self.note(|_| Effect::Reparented {
                        task: c,
                        from: father,
                        to: None,
                        why: ReparentReason::NoReaper,
                    });
                    if self.state(c) == TaskState::Zombie && !self.is_delayed_leader(c) {
                        self.release_task(c);
                    }
                }
            }
        }
    }

    /// `find_child_reaper`: the child reaper of `father`'s active namespace.
    /// If that is `father` itself, a live thread of its group takes the
    /// namespace over (`find_alive_thread`); failing that, the namespace dies
    /// with it (`zap_pid_ns_processes`) and `father` waits until only its
    /// group's pids are left.
    fn find_child_reaper(&mut self, father: TaskId) -> ChildReaper {
        let ns = self.task_active_pid_ns(father);
        let reaper = self.ns(ns).child_reaper;
        if reaper != Some(father) {
            return ChildReaper::Found(reaper);
        }
        if let Some(t) = self.find_alive_thread(father) {
            self.ns_mut(ns).child_reaper = Some(t);
            self.note(|_| Effect::ChildReaper { ns, task: t });
            return ChildReaper::Found(Some(t));
        }
        self.zap_pid_ns_processes(father);
        if self.ns(ns).pid_allocated > self.init_pids(father) {
            ChildReaper::Waiting
        } else {
            ChildReaper::Found(Some(father))
        }
    }

    /// `find_new_reaper`: a live thread of `father`'s group; else the nearest
    /// ancestor that is a child subreaper *at the same pid level*; else the
    /// namespace's child reaper.
    fn find_new_reaper(&mut self, father: TaskId, child_reaper: Option<TaskId>) -> (Option<TaskId>, ReparentReason) {
        if let Some(t) = self.find_alive_thread(father) {
            return (Some(t), ReparentReason::Thread);
        }
        let leader = self.leader(father);
        if self.task(leader).flags.has_child_subreaper {
            let level = self.level(father);
            let mut r = self.task(father).parent;
            while let Some(p) = r.filter(|&p| self.exists(p) && self.level(p) == level) {
                self.trace.push(Work::SubreaperWalk);
                if self.is_subreaper(p) {
                    if let Some(t) = self.find_alive_thread(p) {
                        return (Some(t), ReparentReason::Subreaper);
                    }
                }
                r = self.task(p).parent;
            }
        }
        match child_reaper.filter(|&r| self.exists(r)) {
            Some(r) => (Some(r), ReparentReason::ChildReaper),
            None => (None, ReparentReason::NoReaper),
        }
    }

    /// Whether `t`'s group is past acting on signals: made to exit as a
    /// group, or every thread of it has begun to exit.
    pub(crate) fn group_dying(&self, t: TaskId) -> bool {
        self.task(self.leader(t)).exit.is_some() || self.find_alive_thread(t).is_none()
    }

    /// `find_alive_thread`: the first thread of `t`'s group, in thread-list
    /// order from the leader, that has not begun to exit (`PF_EXITING`).
    fn find_alive_thread(&self, t: TaskId) -> Option<TaskId> {
        let mut cur = Some(self.leader(t));
        while let Some(x) = cur {
            if self.task(x).exit_code.is_none() {
                return Some(x);
            }
            cur = self.task(x).next_thread;
        }
        None
    }

    /// `zap_pid_ns_processes`: the init of a namespace is dying. New
    /// processes are refused (`ENOMEM`), the init ignores SIGCHLD so its
    /// children reap themselves, and every task with a number ≥ 2 in the
    /// namespace — which includes every task of every namespace below it —
    /// gets SIGKILL. Zombies among the init's children are reaped.
    fn zap_pid_ns_processes(&mut self, init: TaskId) {
        let ns = self.task_active_pid_ns(init);
        self.trace.push(Work::ZapPidNs {
            level: self.ns(ns).level,
        });
        self.note(|_| Effect::ZapBegins { ns, init });
        self.ns_mut(ns).adding = false;
        let leader = self.leader(init);
        self.task_mut(leader).sighand.set(Signal::SIGCHLD, Disposition::Ignore);
        let victims: Vec<u32> = self
            .ns(ns)
            .idr
            .iter()
            .filter(|&(nr, _)| nr >= 2)
            .map(|(nr, _)| nr)
            .collect();
        for nr in victims {
            if let Some(t) = self.find_task_by_pid_ns(nr, ns) {
                if self.leader(t) == leader {
                    continue; // the init's own delayed leader
                }
                self.trace.push(Work::SignalSend);
                let target = self.leader(t);
                let fate = if self.group_dying(target) {
                    SignalFate::TargetExiting
                } else {
                    SignalFate::Delivered
                };
                self.note(|_| Effect::Signal {
                    from: init,
                    to: target,
                    sig: Signal::SIGKILL,
                    fate,
                });
                self.do_group_exit(target, ExitStatus::Killed(Signal::SIGKILL));
            }
        }
        // kernel_wait4(-1, __WALL) until ECHILD: reap the zombies among its children.
        for c in self.children(init) {
            if self.exists(c) && self.state(c) == TaskState::Zombie && !self.is_delayed_leader(c) {
                self.trace.push(Work::Reap);
                self.release_task(c);
            }
        }
        if let Some(sig) = self.ns(ns).reboot {
            self.task_mut(leader).exit = Some(ExitStatus::Killed(sig));
        }
    }
}
