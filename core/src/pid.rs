//! `struct pid` and `struct upid` (include/linux/pid.h): a pid has one number
//! per level, root first, and is stored in a cache per level like the
//! kernel's `pid_<level+1>` kmem caches, so a pid at depth *d* costs exactly
//! *d*+1 numbers.

use crate::ids::{NsId, PidId, TaskId};
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
