//! What kernel/pid.c holds: `struct pid` and `struct upid`
//! (include/linux/pid.h), `alloc_pid`/`free_pid`, `get_pid`/`put_pid`,
//! `pid_nr_ns` and `find_pid_ns`. A pid has one number per level, root
//! first, and is stored in a cache per level like the kernel's
//! `pid_<level+1>` kmem caches, so a pid at depth *d* costs exactly *d*+1
//! numbers.

use crate::effect::Effect;
use crate::errno::Errno;
use crate::ids::{NsId, PidId, TaskId};
use crate::namespace::{Model, RESERVED_PIDS};
use crate::task::TaskState;
use crate::work::Work;
use crate::world::World;
use serde::{Deserialize, Serialize};

/// `struct upid`: a pid's number in one namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Upid {
    /// The number as seen in `ns`.
    pub nr: u32,
    /// The namespace at that level.
    pub ns: NsId,
}

/// How many pids one slab of a cache holds.
const SLAB_PIDS: usize = 4096;

/// One level's pid cache (`ns->pid_cachep`): slabs of pids of `level + 1`
/// numbers each, so memory grows a slab at a time, never by doubling.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PidCache {
    stride: usize,
    slabs: Vec<Slab>,
    len: usize,
    free: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Slab {
    numbers: Box<[u32]>,
    meta: Box<[PidMeta]>,
}

/// What the kernel keeps beside the numbers: the deepest namespace, the task
/// the pid is the thread pid of (`tasks[PIDTYPE_PID]`), and how many
/// attachments (PID, PGID, SID) keep it allocated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PidMeta {
    ns: NsId,
    task: Option<TaskId>,
    count: u32,
}

const EMPTY: PidMeta = PidMeta {
    ns: NsId::ROOT,
    task: None,
    count: 0,
};

impl PidCache {
    pub(crate) fn new(level: u32) -> PidCache {
        PidCache {
            stride: level as usize + 1,
            ..PidCache::default()
        }
    }

    /// Takes a slot for a pid living in `ns`; its numbers start at 0 and are
    /// filled in level by level by `alloc_pid`.
    pub(crate) fn alloc(&mut self, ns: NsId) -> Option<u32> {
        let slot = match self.free.pop() {
            Some(slot) => slot as usize,
            None if self.len >= PidId::MAX_SLOTS => return None,
            None => {
                if self.len % SLAB_PIDS == 0 {
                    self.slabs.push(Slab {
                        numbers: vec![0; SLAB_PIDS * self.stride].into_boxed_slice(),
                        meta: vec![EMPTY; SLAB_PIDS].into_boxed_slice(),
                    });
                }
                self.len += 1;
                self.len - 1
            }
        };
        *self.meta_mut(slot) = PidMeta {
            ns,
            task: None,
            count: 0,
        };
        self.numbers_mut(slot).fill(0);
        Some(slot as u32)
    }

    pub(crate) fn release(&mut self, slot: usize) {
        self.meta_mut(slot).task = None;
        self.free.push(slot as u32);
    }

    fn meta(&self, slot: usize) -> &PidMeta {
        &self.slabs[slot / SLAB_PIDS].meta[slot % SLAB_PIDS]
    }

    fn meta_mut(&mut self, slot: usize) -> &mut PidMeta {
        &mut self.slabs[slot / SLAB_PIDS].meta[slot % SLAB_PIDS]
    }

    pub(crate) fn numbers(&self, slot: usize) -> &[u32] {
        let o = (slot % SLAB_PIDS) * self.stride;
        &self.slabs[slot / SLAB_PIDS].numbers[o..o + self.stride]
    }

    pub(crate) fn numbers_mut(&mut self, slot: usize) -> &mut [u32] {
        let o = (slot % SLAB_PIDS) * self.stride;
        &mut self.slabs[slot / SLAB_PIDS].numbers[o..o + self.stride]
    }

    pub(crate) fn ns(&self, slot: usize) -> NsId {
        self.meta(slot).ns
    }

    pub(crate) fn task(&self, slot: usize) -> Option<TaskId> {
        self.meta(slot).task
    }

    pub(crate) fn set_task(&mut self, slot: usize, t: Option<TaskId>) {
        self.meta_mut(slot).task = t;
    }

    pub(crate) fn get(&mut self, slot: usize) {
        self.meta_mut(slot).count += 1;
    }

    /// Drops one attachment; true when none is left (time for `free_pid`).
    pub(crate) fn put(&mut self, slot: usize) -> bool {
        let m = self.meta_mut(slot);
        m.count -= 1;
        m.count == 0
    }
}

impl World {
    /// `alloc_pid(ns, set_tid)`: one number per level, from `ns` up to the
    /// root. `set_tid` (clone3's array, deepest level first) chooses the
    /// numbers of the deepest levels: each must lie in `1..pid_max` of its
    /// level (else `EINVAL`), be 1 in a namespace that has no init yet (else
    /// `EINVAL`), and be free (else `EEXIST`); more values than levels is
    /// `EINVAL`. The other levels take `idr_alloc_cyclic` from the level's
    /// cursor (a chosen number does not move it). On failure every number
    /// already taken is given back (the cursors stay where they moved, as in
    /// the kernel), and the error is that level's, `EAGAIN` (a level is
    /// full) or `ENOMEM` (the namespace's init has died: `PIDNS_ADDING` is
    /// clear).
    pub(crate) fn alloc_pid(&mut self, ns: NsId, set_tid: &[u32]) -> Result<PidId, Errno> {
        let level = self.ns(ns).level as usize;
        if set_tid.len() > level + 1 {
            return Err(Errno::EINVAL);
        }
        while self.caches.len() <= level {
            let l = self.caches.len() as u32;
            self.caches.push(PidCache::new(l));
        }
        let slot = self.caches[level].alloc(ns).ok_or(Errno::EAGAIN)?;
        let pid = PidId::new(level as u32, slot);
        // Borrow the path out of the namespace for the walk (no copy).
        let path = std::mem::take(&mut self.namespaces[ns.index()].path);
        let numbers = self.caches[level].numbers_mut(slot as usize);
        // (level, errno, whether the idr was asked at that level)
        let mut failed: Option<(usize, Errno, bool)> = None;
        for l in (0..=level).rev() {
            let tmp = &mut self.namespaces[path[l].index()];
            if let Some(&tid) = set_tid.get(level - l) {
                // "no PID 1 exists": a namespace that never had an init (the
                // kernel keeps a dead init's child_reaper, so a dying
                // namespace passes here and fails later with ENOMEM).
                let never_had_init = tmp.child_reaper.is_none() && tmp.adding;
                if tid < 1 || tid >= tmp.pid_max || (tid != 1 && never_had_init) {
                    failed = Some((l, Errno::EINVAL, false));
                    break;
                }
                if !tmp.idr.alloc_exact(pid, tid) {
                    failed = Some((l, Errno::EEXIST, true));
                    break;
                }
                numbers[l] = tid;
                continue;
            }
            let pid_min = if tmp.idr.cursor() > RESERVED_PIDS {
                RESERVED_PIDS
            } else {
                1
            };
            match tmp.idr.alloc_cyclic(pid, pid_min, tmp.pid_max) {
                Some(nr) => numbers[l] = nr,
                None => {
                    failed = Some((l, Errno::EAGAIN, true));
                    break;
                }
            }
        }
        let failed_at = failed.map(|(l, _, _)| l);
        let asked = match failed {
            Some((l, _, true)) => Some(l),
            Some((l, _, false)) => (l < level).then_some(l + 1),
            None => Some(0),
        };
        if let Some(lowest) = asked {
            self.trace_numbers(lowest, level, Work::PidNrAlloc { level: 0 }, Work::VpidAlloc);
            // The levels set_tid chose claimed their number instead.
            let chosen = set_tid.len().min(level + 1 - lowest);
            let start = self.trace.len() - (level + 1 - lowest);
            for (i, w) in self.trace[start..start + chosen].iter_mut().enumerate() {
                *w = Work::SetTidClaim {
                    level: (level - i) as u32,
                };
            }
        }
        let err = match failed {
            Some((_, e, _)) => Some(e),
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
        if self.model() == Model::Multilevel {
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
        let flat = self.model() == Model::Flat;
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

    /// `get_pid`: one more attachment (PID, PGID or SID) keeps `pid` allocated.
    pub(crate) fn get_pid(&mut self, pid: PidId) {
        self.caches[pid.level() as usize].get(pid.slot());
    }

    /// `put_pid`: drops one attachment (PGID or SID) of `pid`; the last one frees it.
    pub(crate) fn put_pid(&mut self, pid: PidId) {
        self.put_pid_of(pid, None);
    }

    /// `put_pid`, naming the task being released with it, for the effect.
    pub(crate) fn put_pid_of(&mut self, pid: PidId, owner: Option<TaskId>) {
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
        // Namespaces that die, and inits waiting in zap_pid_ns_processes that
        // may wake: rare, so nothing is allocated unless one is found.
        let mut dead = Vec::new();
        let mut wake = Vec::new();
        for l in 0..=level {
            let ns = &mut self.namespaces[path[l].index()];
            ns.idr.remove(numbers[l]);
            ns.pid_allocated -= 1;
            if ns.pid_allocated == 0 && !ns.adding {
                dead.push(path[l]);
            }
            if let Some(r) = ns.child_reaper.filter(|_| !ns.adding) {
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
    pub(crate) fn find_task_by_pid_ns(&self, nr: u32, ns: NsId) -> Option<TaskId> {
        let pid = self.ns(ns).idr.find(nr)?;
        self.caches[pid.level() as usize].task(pid.slot())
    }
}
