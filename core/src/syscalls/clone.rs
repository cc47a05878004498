//! `fork()` and `clone()` with `CLONE_NEWPID`, `CLONE_THREAD` and
//! `CLONE_PARENT` (kernel/fork.c: `copy_process`, `copy_pid_ns`).

use crate::effect::Effect;
use crate::errno::Errno;
use crate::ids::{NsId, TaskId};
use crate::namespace::{PidNamespace, MAX_PID_NS_LEVEL, PID_MAX_LIMIT};
use crate::work::Work;
use crate::world::World;

/// The clone flags the scenario language can set. `fork()` is all false.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CloneFlags {
    /// `CLONE_NEWPID`: the child is pid 1 of a new namespace.
    pub newpid: bool,
    /// `CLONE_THREAD|CLONE_SIGHAND|CLONE_VM`: a new thread of the caller's group.
    pub thread: bool,
    /// `CLONE_PARENT`: the child's parent is the caller's parent.
    pub parent: bool,
}

impl World {
    /// `clone(flags)` by `actor`; returns the new task and its pid (its tid
    /// for a thread) as `actor` sees it.
    ///
    /// Checks, in `copy_process` order: `CLONE_PARENT` from a namespace init
    /// (`SIGNAL_UNKILLABLE`) → `EINVAL`; `CLONE_THREAD` with `CLONE_NEWPID`,
    /// or after unshare/setns changed `pid_ns_for_children` → `EINVAL`;
    /// `CLONE_NEWPID` when `pid_ns_for_children` is not the active namespace
    /// → `EINVAL`; a namespace deeper than the model allows → `ENOSPC`
    /// (multilevel, level 33) or `EINVAL` (flat, level 2); then `alloc_pid`
    /// (`EAGAIN`, `ENOMEM`).
    pub fn clone_task(&mut self, actor: TaskId, flags: CloneFlags) -> Result<(TaskId, u32), Errno> {
        self.clone3(actor, flags, &[])
    }

    /// `clone3(flags, set_tid)` by `actor`: as [`World::clone_task`], with
    /// the child's numbers chosen for the deepest `set_tid.len()` levels
    /// (clone3's array, deepest level first, as CRIU restores a process).
    /// More than `MAX_PID_NS_LEVEL` values is `EINVAL` before anything
    /// (`copy_clone_args_from_user`); the rest is `alloc_pid`'s: more values
    /// than levels, a number outside `1..pid_max` or other than 1 in a
    /// namespace without an init → `EINVAL`, a number in use → `EEXIST`.
    /// The flat model has two levels at most, so it can choose a global and
    /// one virtual number, and refuses a longer array with `EINVAL` as it
    /// refuses a deeper namespace.
    pub fn clone3(&mut self, actor: TaskId, flags: CloneFlags, set_tid: &[u32]) -> Result<(TaskId, u32), Errno> {
        self.check_actor(actor)?;
        if set_tid.len() > MAX_PID_NS_LEVEL as usize {
            return Err(Errno::EINVAL);
        }
        let leader = self.leader(actor);
        let active = self.task_active_pid_ns(actor);
        let for_children = self.ns_for_children(actor);
        if flags.parent && self.task(leader).flags.unkillable {
            return Err(Errno::EINVAL);
        }
        if flags.thread && (flags.newpid || active != for_children) {
            return Err(Errno::EINVAL);
        }
        let mut new_ns = None;
        if flags.newpid {
            if active != for_children {
                return Err(Errno::EINVAL);
            }
            new_ns = Some(self.create_pid_namespace(for_children)?);
        }
        let target = new_ns.unwrap_or(for_children);
        let pid = match self.alloc_pid(target, set_tid) {
            Ok(pid) => pid,
            Err(e) => {
                if new_ns.is_some() {
                    self.namespaces.pop();
                }
                return Err(e);
            }
        };
        let child = if flags.thread {
            self.trace.push(Work::CopyThread);
            let t = self.new_task(pid, for_children, Some(leader));
            let parent = self.task(actor).parent;
            self.task_mut(t).parent = parent;
            let mut last = leader;
            while let Some(n) = self.task(last).next_thread {
                last = n;
            }
            self.task_mut(last).next_thread = Some(t);
            t
        } else {
            self.trace.push(Work::CopyProcess);
            let t = self.new_task(pid, target, None);
            let parent = if flags.parent {
                self.task(actor).parent
            } else {
                Some(actor)
            };
            let g = self.task(leader).clone();
            for p in [g.pgrp, g.session].into_iter().flatten() {
                self.get_pid(p);
            }
            let parent_flags = parent.map(|p| self.task(self.leader(p)).flags).unwrap_or_default();
            let is_child_reaper = self.pid_numbers(pid).last() == Some(&1);
            {
                let c = self.task_mut(t);
                c.pgrp = g.pgrp;
                c.session = g.session;
                c.sighand = g.sighand;
                c.flags.has_child_subreaper = parent_flags.has_child_subreaper || parent_flags.subreaper;
                c.flags.unkillable = is_child_reaper;
            }
            if is_child_reaper {
                self.ns_mut(target).child_reaper = Some(t);
            }
            if let Some(p) = parent {
                self.link_child(p, t);
            }
            self.dup_pidfds(actor, t);
            t
        };
        self.note(|w| Effect::TaskCreated {
            task: child,
            thread_of: w.is_thread(child).then(|| w.leader(child)),
            parent: w.parent(child),
            upids: w.upids(child).into_iter().rev().collect(),
            chosen: set_tid.len(),
        });
        self.trace.extend(Work::id_lookup(self.model(), self.ns(active).level));
        Ok((child, self.task_pid_nr_ns(child, active)))
    }

    /// `create_pid_namespace(parent)`: a child namespace one level down,
    /// with `pid_max` = `PID_MAX_LIMIT` (Linux 6.14+), or the model's depth error.
    pub(crate) fn create_pid_namespace(&mut self, parent: NsId) -> Result<NsId, Errno> {
        let level = self.ns(parent).level + 1;
        if level > self.model().max_level() {
            return Err(self.model().too_deep());
        }
        self.trace.push(Work::CreatePidNs { level });
        let id = NsId(self.namespaces.len() as u32);
        let ns = PidNamespace::new(id, Some(self.ns(parent)), PID_MAX_LIMIT);
        self.namespaces.push(ns);
        self.note(|_| Effect::NsCreated { ns: id, level, parent });
        Ok(id)
    }
}
