//! The modelled kernel: arenas of tasks, pids and pid namespaces, the pid
//! allocator (`alloc_pid`/`free_pid`, kernel/pid.c) and the read-only views
//! (`pid_nr_ns`, NSpid, `ps`). The system calls live in `crate::syscalls`,
//! one module each.

use crate::effect::{Effect, Recording};
use crate::errno::Errno;
use crate::ids::{NsId, PidId, TaskId};
use crate::namespace::{Model, PidNamespace, PID_MAX_LIMIT};

use crate::pid::PidCache;
use crate::signal::SigHand;
use crate::task::{ExitStatus, GroupFlags, ProcState, Task, TaskState};
use crate::work::Work;

/// A task that left the world during the last operation (`release_task`),
/// with how its thread group ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Released {
    /// The task; its id may be reused from now on.
    pub task: TaskId,
    /// How its thread group ended.
    pub status: ExitStatus,
}

/// The whole simulated kernel. Cloning it is a snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct World {
    model: Model,
    pub(crate) namespaces: Vec<PidNamespace>,
    pub(crate) caches: Vec<PidCache>,
    pub(crate) tasks: Vec<Option<Task>>,
    free_tasks: Vec<u32>,
    live_tasks: usize,
    pub(crate) trace: Vec<Work>,
    pub(crate) released: Vec<Released>,
    recording: Recording,
    pub(crate) effects: Vec<Effect<TaskId>>,
    next_serial: u64,
    pub(crate) pidfds: Vec<Option<crate::syscalls::Pidfd>>,
}

impl World {
    /// Creates a world running `model` whose root namespace has `pid_max`,
    /// with one task: `init`, pid 1 of the root namespace and its child reaper.
    pub fn new(model: Model, pid_max: u32) -> World {
        let mut w = World {
            model,
            namespaces: vec![PidNamespace::new(NsId::ROOT, None, pid_max.min(PID_MAX_LIMIT))],
            caches: Vec::new(),
            tasks: Vec::new(),
            free_tasks: Vec::new(),
            live_tasks: 0,
            trace: Vec::new(),
            released: Vec::new(),
            recording: Recording::Off,
            effects: Vec::new(),
            next_serial: 0,
            pidfds: Vec::new(),
        };
        // A fresh namespace always has room for pid 1, so this cannot fail.
        if let Ok(pid) = w.alloc_pid(NsId::ROOT, &[]) {
            let init = w.new_task(pid, NsId::ROOT, None);
            w.namespaces[0].child_reaper = Some(init);
            w.task_mut(init).flags.unkillable = true;
        }
        w.trace.clear();
        w
    }

    /// Which 2007 model this world runs.
    pub fn model(&self) -> Model {
        self.model
    }

    /// The first task, pid 1 of the root namespace, if it still exists.
    pub fn init(&self) -> Option<TaskId> {
        self.namespaces[0].child_reaper
    }

    /// The kernel work the last operation did, in order.
    pub fn trace(&self) -> &[Work] {
        &self.trace
    }

    /// Tasks released by the last operation.
    pub fn released(&self) -> &[Released] {
        &self.released
    }

    /// What the last operation changed, in the order the kernel did it
    /// (empty unless recording is [`Recording::On`]).
    pub fn effects(&self) -> &[Effect<TaskId>] {
        &self.effects
    }

    /// Turns the recording of effects on or off (off by default: the bare
    /// model's benchmarks pay nothing for it).
    pub fn set_recording(&mut self, r: Recording) {
        self.recording = r;
        self.effects.clear();
    }

    /// Records an effect, built only when effects are recorded.
    pub(crate) fn note(&mut self, effect: impl FnOnce(&World) -> Effect<TaskId>) {
        if self.recording == Recording::On {
            let e = effect(self);
            self.effects.push(e);
        }
    }

    /// Sets the fate of the signal effect recorded at `at`.
    pub(crate) fn set_signal_fate(&mut self, at: usize, fate: crate::effect::SignalFate) {
        if let Some(Effect::Signal { fate: f, .. }) = self.effects.get_mut(at) {
            *f = fate;
        }
    }

    /// Starts an operation: clears the trace, the released list and the effects.
    pub(crate) fn begin(&mut self) {
        self.trace.clear();
        self.released.clear();
        if !self.effects.is_empty() {
            self.clear_effects();
        }
    }

    /// Kept out of `begin`, the hot path of every system call: with
    /// recording off there is never anything to drop.
    #[cold]
    #[inline(never)]
    fn clear_effects(&mut self) {
        self.effects.clear();
    }

    /// Moves `t` to `to`, recording the change (`cause`: how its group ended,
    /// for the states that end it).
    pub(crate) fn set_task_state(&mut self, t: TaskId, to: TaskState, cause: Option<ExitStatus>) {
        let from = self.task(t).state;
        if from == to {
            return;
        }
        self.task_mut(t).state = to;
        self.note(|_| Effect::State {
            task: t,
            from: from.into(),
            to: to.into(),
            cause,
        });
    }

    // ----- arenas -------------------------------------------------------

    pub(crate) fn task(&self, t: TaskId) -> &Task {
        match self.tasks.get(t.index()) {
            Some(Some(task)) => task,
            _ => unreachable_task(t),
        }
    }

    pub(crate) fn task_mut(&mut self, t: TaskId) -> &mut Task {
        match self.tasks.get_mut(t.index()) {
            Some(Some(task)) => task,
            _ => unreachable_task(t),
        }
    }

    /// Whether `t` names an existing task (running, stopped, exiting or zombie).
    pub fn exists(&self, t: TaskId) -> bool {
        matches!(self.tasks.get(t.index()), Some(Some(_)))
    }

    /// Every existing task, in arena order.
    pub fn tasks(&self) -> impl Iterator<Item = TaskId> + '_ {
        self.tasks
            .iter()
            .enumerate()
            .filter(|(_, t)| t.is_some())
            .map(|(i, _)| TaskId::from_index(i))
    }

    /// How many tasks exist.
    pub fn task_count(&self) -> usize {
        self.live_tasks
    }

    /// Every namespace ever created, root first (they are never freed).
    pub fn namespaces(&self) -> impl Iterator<Item = (NsId, &PidNamespace)> + '_ {
        self.namespaces.iter().enumerate().map(|(i, n)| (NsId(i as u32), n))
    }

    /// One namespace (`ns` is one of this world's).
    pub(crate) fn ns(&self, ns: NsId) -> &PidNamespace {
        &self.namespaces[ns.index()]
    }

    pub(crate) fn ns_mut(&mut self, ns: NsId) -> &mut PidNamespace {
        &mut self.namespaces[ns.index()]
    }

    /// Upper bound on tasks, so that ids and pid slots never overflow.
    pub const MAX_TASKS: usize = crate::ids::PidId::MAX_SLOTS;

    pub(crate) fn new_task(&mut self, pid: PidId, for_children: NsId, leader: Option<TaskId>) -> TaskId {
        let index = match self.free_tasks.pop() {
            Some(i) => i as usize,
            None => {
                self.tasks.push(None);
                self.tasks.len() - 1
            }
        };
        let id = TaskId::from_index(index);
        self.next_serial += 1;
        self.tasks[index] = Some(Task {
            pid,
            serial: self.next_serial,
            leader: leader.unwrap_or(id),
            next_thread: None,
            parent: None,
            first_child: None,
            last_child: None,
            prev_sibling: None,
            next_sibling: None,
            for_children,
            pgrp: None,
            session: None,
            state: TaskState::Running,
            exit: None,
            exit_code: None,
            sighand: SigHand::default(),
            pending: 0,
            flags: GroupFlags::default(),
        });
        self.live_tasks += 1;
        self.caches[pid.level() as usize].set_task(pid.slot(), Some(id));
        self.get_pid(pid);
        id
    }

    /// `release_task`: the task leaves the world and its pids are put.
    pub(crate) fn release_task(&mut self, t: TaskId) {
        self.trace.push(Work::ReleaseTask);
        // A thread ends as it exited itself (`exit_thread`, or killed by
        // de_thread); a process as its group ended.
        let status = match self.is_thread(t) {
            true => self.task(t).exit_code,
            false => None,
        }
        .or_else(|| self.group_exit(t))
        .unwrap_or(ExitStatus::Exited(0));
        self.released.push(Released { task: t, status });
        let task = self.task(t).clone();
        // Children still linked to a released task (none in practice: a
        // namespace's last init thread outlives its namespace's members)
        // are orphans with no parent.
        if task.first_child.is_some() {
            for c in self.children(t) {
                for th in self.threads(c) {
                    self.task_mut(th).parent = None;
                }
            }
        }
        self.note(|_| Effect::State {
            task: t,
            from: task.state.into(),
            to: ProcState::Gone,
            cause: Some(status),
        });
        if task.leader == t {
            self.unlink_child(t);
        } else {
            // Unlink from the thread list.
            let mut cur = task.leader;
            while let Some(next) = self.task(cur).next_thread {
                if next == t {
                    self.task_mut(cur).next_thread = task.next_thread;
                    break;
                }
                cur = next;
            }
        }
        let ns = self.pid_ns(task.pid);
        if self.ns(ns).child_reaper == Some(t) {
            self.ns_mut(ns).child_reaper = None;
        }
        self.caches[task.pid.level() as usize].set_task(task.pid.slot(), None);
        self.tasks[t.index()] = None;
        self.free_tasks.push(t.index() as u32);
        self.live_tasks -= 1;
        self.put_pid_of(task.pid, Some(t));
        if task.leader == t {
            if let Some(p) = task.pgrp {
                self.put_pid(p);
            }
            if let Some(s) = task.session {
                self.put_pid(s);
            }
        }
    }

    /// Starts an operation by `t` (`begin`) and refuses a caller that
    /// cannot make a system call (`ESRCH`).
    pub(crate) fn check_actor(&mut self, t: TaskId) -> Result<(), Errno> {
        self.begin();
        if !self.can_run(t) {
            return Err(Errno::ESRCH);
        }
        self.trace.push(Work::SyscallEntry);
        Ok(())
    }

    // ----- children lists ------------------------------------------------

    /// `list_add_tail(&child->sibling, &parent->children)`.
    pub(crate) fn link_child(&mut self, parent: TaskId, child: TaskId) {
        let last = self.task(parent).last_child;
        {
            let c = self.task_mut(child);
            c.parent = Some(parent);
            c.prev_sibling = last;
            c.next_sibling = None;
        }
        match last {
            Some(l) => self.task_mut(l).next_sibling = Some(child),
            None => self.task_mut(parent).first_child = Some(child),
        }
        self.task_mut(parent).last_child = Some(child);
    }

    /// `list_replace_init(&old->sibling, &new->sibling)`: `new` takes `old`'s
    /// place in its parent's children list, and its parent.
    pub(crate) fn replace_child(&mut self, old: TaskId, new: TaskId) {
        let (parent, prev, next) = {
            let o = self.task(old);
            (o.parent, o.prev_sibling, o.next_sibling)
        };
        {
            let n = self.task_mut(new);
            n.parent = parent;
            n.prev_sibling = prev;
            n.next_sibling = next;
        }
        let o = self.task_mut(old);
        o.prev_sibling = None;
        o.next_sibling = None;
        let Some(parent) = parent.filter(|&p| self.exists(p)) else {
            return;
        };
        match prev {
            Some(p) => self.task_mut(p).next_sibling = Some(new),
            None => self.task_mut(parent).first_child = Some(new),
        }
        match next {
            Some(n) => self.task_mut(n).prev_sibling = Some(new),
            None => self.task_mut(parent).last_child = Some(new),
        }
    }

    /// `list_del_init(&child->sibling)`.
    pub(crate) fn unlink_child(&mut self, child: TaskId) {
        let (parent, prev, next) = {
            let c = self.task(child);
            (c.parent, c.prev_sibling, c.next_sibling)
        };
        let Some(parent) = parent.filter(|&p| self.exists(p)) else {
            return;
        };
        match prev {
            Some(p) => self.task_mut(p).next_sibling = next,
            None => self.task_mut(parent).first_child = next,
        }
        match next {
            Some(n) => self.task_mut(n).prev_sibling = prev,
            None => self.task_mut(parent).last_child = prev,
        }
        let c = self.task_mut(child);
        c.prev_sibling = None;
        c.next_sibling = None;
    }
}

#[cold]
fn unreachable_task(t: TaskId) -> ! {
    // Every public entry point checks `exists`/`can_run` first; reaching this
    // is a bug in the model, never the result of user input.
    panic!("pidns-core: task {t:?} used after release")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CloneFlags;

    const NEWPID: CloneFlags = CloneFlags {
        newpid: true,
        thread: false,
        parent: false,
    };

    #[test]
    fn alloc_pid_unwinds_every_level_and_keeps_a_new_namespace_at_pid_1() {
        let mut w = World::new(Model::Multilevel, 302);
        let init = w.init().unwrap();
        let (a, _) = w.clone_task(init, CloneFlags::default()).unwrap();
        w.unshare_newpid(a).unwrap();
        w.set_last_pid(init, 299).unwrap();
        for expect in [300, 301] {
            assert_eq!(w.clone_task(init, CloneFlags::default()).unwrap().1, expect);
        }
        let before = w.clone();
        assert_eq!(w.clone_task(a, CloneFlags::default()), Err(Errno::EAGAIN));
        assert!(w.same_state(&before, crate::Cursors::Ignore));
        let levels: Vec<u32> = w
            .trace()
            .iter()
            .filter_map(|x| match x {
                Work::PidNrAlloc { level } => Some(*level),
                _ => None,
            })
            .collect();
        assert_eq!(levels, vec![1, 0], "deepest level first, failing at the root");
        let new_ns = w.ns_for_children(a);
        assert_eq!(w.ns(new_ns).idr.cursor(), 0, "first-process failure resets the cursor");
        assert_eq!(w.clone_task(init, NEWPID), Err(Errno::EAGAIN));
        assert_eq!(
            w.namespaces().count(),
            2,
            "the namespace made for the failed clone is gone"
        );
    }

    #[test]
    fn ns_last_pid_and_pid_max_ranges() {
        let mut w = World::new(Model::Multilevel, 32768);
        let init = w.init().unwrap();
        assert_eq!(w.set_last_pid(init, -1), Err(Errno::EINVAL));
        assert_eq!(w.set_last_pid(init, 32769), Err(Errno::EINVAL));
        assert_eq!(w.set_last_pid(init, 32768), Ok(()));
        assert_eq!(w.clone_task(init, CloneFlags::default()).unwrap().1, 300);
        assert_eq!(w.ns(NsId::ROOT).last_pid(), 300);
        assert_eq!(w.set_pid_max(init, 300), Err(Errno::EINVAL));
        assert_eq!(w.set_pid_max(init, 4_194_305), Err(Errno::EINVAL));
        assert_eq!(w.set_pid_max(init, 301), Ok(()));
        assert_eq!(
            w.clone_task(init, CloneFlags::default()),
            Err(Errno::EAGAIN),
            "only 300 is below 301, and it is taken"
        );
    }

    #[test]
    fn levels_are_limited_by_the_model() {
        for (model, limit, err) in [(Model::Multilevel, 32, Errno::ENOSPC), (Model::Flat, 1, Errno::EINVAL)] {
            let mut w = World::new(model, 32768);
            let mut t = w.init().unwrap();
            for _ in 0..limit {
                t = w.clone_task(t, NEWPID).unwrap().0;
            }
            assert_eq!(w.level(t), limit);
            assert_eq!(w.clone_task(t, NEWPID), Err(err));
            assert_eq!(w.unshare_newpid(t), Err(err));
        }
    }
}
