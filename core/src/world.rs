//! The modelled kernel: arenas of tasks, pids and pid namespaces, the pid
//! allocator (`alloc_pid`/`free_pid`, kernel/pid.c) and the read-only views
//! (`pid_nr_ns`, NSpid, `ps`). The system calls live in `crate::syscalls`,
//! one module each.

use crate::effect::{Effect, Recording};
use crate::errno::Errno;
use crate::ids::{NsId, PidId, TaskId};
use crate::namespace::{Model, PidNamespace, PID_MAX_LIMIT, RESERVED_PIDS};

use crate::pid::{PidCache, Upid};
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
        };
        // A fresh namespace always has room for pid 1, so this cannot fail.
        if let Ok(pid) = w.alloc_pid(NsId::ROOT) {
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

    /// One namespace.
    pub fn ns(&self, ns: NsId) -> &PidNamespace {
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
        self.tasks[index] = Some(Task {
            pid,
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
        let cache = &mut self.caches[pid.level() as usize];
        cache.set_task(pid.slot(), Some(id));
        cache.get(pid.slot());
        id
    }

    /// `release_task`: the task leaves the world and its pids are put.
    pub(crate) fn release_task(&mut self, t: TaskId) {
        self.trace.push(Work::ReleaseTask);
        let status = self.group_exit(t).unwrap_or(ExitStatus::Exited(0));
        self.released.push(Released { task: t, status });
        let task = self.task(t).clone();
        // Children still linked to a released task (none in practice: a
        // namespace's last init thread outlives its namespace's members)
        // are orphans with no parent.
        for c in self.children(t) {
            for th in self.threads(c) {
                self.task_mut(th).parent = None;
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

    // ----- pids ----------------------------------------------------------

    /// `alloc_pid(ns)`: one number per level, from `ns` up to the root, each
    /// by `idr_alloc_cyclic` from the level's cursor. On failure every number
    /// already taken is given back (the cursors stay where they moved, as in
    /// the kernel), and the error is `EAGAIN` (a level is full) or `ENOMEM`
    /// (the namespace's init has died: `PIDNS_ADDING` is clear).
    pub(crate) fn alloc_pid(&mut self, ns: NsId) -> Result<PidId, Errno> {
        let level = self.ns(ns).level as usize;
        while self.caches.len() <= level {
            let l = self.caches.len() as u32;
            self.caches.push(PidCache::new(l));
        }
        let slot = self.caches[level].alloc(ns).ok_or(Errno::EAGAIN)?;
        let pid = PidId::new(level as u32, slot);
        // Borrow the path out of the namespace for the walk (no copy).
        let path = std::mem::take(&mut self.namespaces[ns.index()].path);
        let numbers = self.caches[level].numbers_mut(slot as usize);
        let mut failed_at = None;
        for l in (0..=level).rev() {
            let tmp = &mut self.namespaces[path[l].index()];
            let pid_min = if tmp.idr.cursor() > RESERVED_PIDS {
                RESERVED_PIDS
            } else {
                1
            };
            match tmp.idr.alloc_cyclic(pid, pid_min, tmp.pid_max) {
                Some(nr) => numbers[l] = nr,
                None => {
                    failed_at = Some(l);
                    break;
                }
            }
        }
        let lowest = failed_at.unwrap_or(0);
        self.trace_numbers(lowest, level, Work::PidNrAlloc { level: 0 }, Work::VpidAlloc);
        let err = match failed_at {
            Some(_) => Some(Errno::EAGAIN),
            None if !self.namespaces[ns.index()].adding => Some(Errno::ENOMEM),
            None => None,
        };
        if let Some(err) = err {
            let numbers = self.caches[level].numbers(slot as usize);
            let first = failed_at.map_or(0, |l| l + 1);
            for l in first..=level {
                self.namespaces[path[l].index()].idr.remove(numbers[l]);
            }
            if first <= level {
                self.trace_numbers(first, level, Work::PidNrFree { level: 0 }, Work::VpidFree);
            }
            self.namespaces[ns.index()].path = path;
            let target = self.ns_mut(ns);
            if target.adding && target.pid_allocated == 0 {
                // "On failure to allocate the first pid, reset the state."
                target.idr.set_cursor(0);
            }
            self.caches[level].release(slot as usize);
            return Err(err);
        }
        for l in (0..=level).rev() {
            self.namespaces[path[l].index()].pid_allocated += 1;
        }
        self.namespaces[ns.index()].path = path;
        if self.model == Model::Multilevel {
            self.trace
                .extend((0..=level).rev().map(|l| Work::PidNrPublish { level: l as u32 }));
        }
        Ok(pid)
    }

    /// Records per-level number work for levels `lo..=hi` — allocations
    /// deepest first, frees root first, as the kernel loops: `per_level` (with
    /// its level set) in the multilevel model; in the flat model the global
    /// number at level 0 and `vpid` for the virtual one.
    fn trace_numbers(&mut self, lo: usize, hi: usize, per_level: Work, vpid: Work) {
        let alloc = matches!(per_level, Work::PidNrAlloc { .. });
        let flat = self.model == Model::Flat;
        let item = move |l: usize| match (flat && l > 0, alloc) {
            (true, _) => vpid,
            (false, true) => Work::PidNrAlloc { level: l as u32 },
            (false, false) => Work::PidNrFree { level: l as u32 },
        };
        if alloc {
            self.trace.extend((lo..=hi).rev().map(item));
        } else {
            self.trace.extend((lo..=hi).map(item));
        }
    }

    /// Drops one attachment (PGID or SID) of `pid`; the last one frees it.
    pub(crate) fn put_pid(&mut self, pid: PidId) {
        self.put_pid_of(pid, None);
    }

    /// `put_pid`, naming the task being released with it, for the effect.
    fn put_pid_of(&mut self, pid: PidId, owner: Option<TaskId>) {
        if self.caches[pid.level() as usize].put(pid.slot()) {
            self.free_pid(pid, owner);
        }
    }

    /// `free_pid`: removes the pid's number at every level, root first. A
    /// namespace init waiting in `zap_pid_ns_processes` is woken when only
    /// its own pids are left (`init_pids`); a namespace whose last pid goes
    /// is dead.
    fn free_pid(&mut self, pid: PidId, owner: Option<TaskId>) {
        let level = pid.level() as usize;
        let deepest = self.pid_ns(pid).index();
        self.note(|w| Effect::PidFreed {
            task: owner,
            upids: w.upids_of(pid),
        });
        let path = std::mem::take(&mut self.namespaces[deepest].path);
        self.trace_numbers(0, level, Work::PidNrFree { level: 0 }, Work::VpidFree);
        let numbers = self.caches[level].numbers(pid.slot());
        let mut wake = Vec::new();
        let mut dead = Vec::new();
        for l in 0..=level {
            let ns = &mut self.namespaces[path[l].index()];
            ns.idr.remove(numbers[l]);
            ns.pid_allocated -= 1;
            if ns.pid_allocated == 0 && !ns.adding {
                dead.push(path[l]);
            }
            if let Some(r) = ns.child_reaper {
                wake.push((r, ns.pid_allocated));
            }
        }
        self.namespaces[deepest].path = path;
        self.caches[level].release(pid.slot());
        for ns in dead {
            self.note(|_| Effect::NsDead { ns });
        }
        for (r, left) in wake {
            if self.exists(r) && self.task(r).state == TaskState::Exiting && left == self.init_pids(r) {
                self.finish_zap(r);
            }
        }
    }

    /// `init_pids` of `zap_pid_ns_processes`: how many pids of the namespace
    /// the waiting reaper's own group still holds (itself, and its leader
    /// when the reaper is another thread: a delayed group leader).
    pub(crate) fn init_pids(&self, reaper: TaskId) -> u32 {
        if self.is_thread(reaper) {
            2
        } else {
            1
        }
    }

    /// The namespace a pid belongs to (`ns_of_pid`): its deepest level.
    pub(crate) fn pid_ns(&self, pid: PidId) -> NsId {
        self.caches[pid.level() as usize].ns(pid.slot())
    }

    pub(crate) fn pid_numbers(&self, pid: PidId) -> &[u32] {
        self.caches[pid.level() as usize].numbers(pid.slot())
    }

    /// `pid_nr_ns(pid, ns)`: the pid's number in `ns`, 0 when invisible
    /// there. O(1): one index and one comparison, no walk.
    pub(crate) fn pid_nr_ns(&self, pid: PidId, ns: NsId) -> u32 {
        let l = self.ns(ns).level;
        if l > pid.level() || self.ns(self.pid_ns(pid)).path[l as usize] != ns {
            return 0;
        }
        self.pid_numbers(pid)[l as usize]
    }

    /// `find_pid_ns(nr, ns)` then `pid_task(PIDTYPE_PID)`: the task whose
    /// thread pid is `nr` in `ns`.
    pub(crate) fn find_task_by_vpid(&self, nr: u32, ns: NsId) -> Option<TaskId> {
        let pid = self.ns(ns).idr.find(nr)?;
        self.caches[pid.level() as usize].task(pid.slot())
    }

    // ----- task views ----------------------------------------------------

    /// `task_active_pid_ns(t)`: the namespace `t` was born in. It never changes.
    pub fn active_ns(&self, t: TaskId) -> NsId {
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
    pub fn tid_in(&self, t: TaskId, ns: NsId) -> u32 {
        self.pid_nr_ns(self.task(t).pid, ns)
    }

    /// `t`'s tgid as seen from `ns` (`task_tgid_nr_ns`), 0 if invisible.
    pub fn tgid_in(&self, t: TaskId, ns: NsId) -> u32 {
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
            Some(p) if self.exists(p) => self.tgid_in(p, self.active_ns(t)),
            _ => 0,
        }
    }

    /// `getsid(0)` as `t` sees it: 0 when the session leader is invisible.
    pub fn sid_seen_by_self(&self, t: TaskId) -> u32 {
        match self.task(self.leader(t)).session {
            Some(s) => self.pid_nr_ns(s, self.active_ns(t)),
            None => 0,
        }
    }

    /// `ps` inside `ns`: every thread-group leader visible there that has not
    /// become a zombie, in arena order.
    pub fn ps(&self, ns: NsId) -> Vec<TaskId> {
        self.tasks()
            .filter(|&t| !self.is_thread(t) && self.state(t) != TaskState::Zombie && self.tid_in(t, ns) != 0)
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
        assert!(w.same_state(&before, true));
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
