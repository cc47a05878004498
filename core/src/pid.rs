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

/// One level's pid cache (`ns->pid_cachep`): slots of `level + 1` numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PidCache {
    stride: usize,
    numbers: Vec<u32>,
    meta: Vec<PidMeta>,
    free: Vec<u32>,
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
        let meta = PidMeta {
            ns,
            task: None,
            count: 0,
        };
        if let Some(slot) = self.free.pop() {
            let s = slot as usize;
            self.numbers[s * self.stride..(s + 1) * self.stride].fill(0);
            self.meta[s] = meta;
            return Some(slot);
        }
        let slot = self.meta.len();
        if slot >= PidId::MAX_SLOTS {
            return None;
        }
        self.numbers.resize(self.numbers.len() + self.stride, 0);
        self.meta.push(meta);
        Some(slot as u32)
    }

    pub(crate) fn release(&mut self, slot: usize) {
        self.meta[slot].task = None;
        self.free.push(slot as u32);
    }

    pub(crate) fn numbers(&self, slot: usize) -> &[u32] {
        &self.numbers[slot * self.stride..(slot + 1) * self.stride]
    }

    pub(crate) fn numbers_mut(&mut self, slot: usize) -> &mut [u32] {
        &mut self.numbers[slot * self.stride..(slot + 1) * self.stride]
    }

    pub(crate) fn ns(&self, slot: usize) -> NsId {
        self.meta[slot].ns
    }

    pub(crate) fn task(&self, slot: usize) -> Option<TaskId> {
        self.meta[slot].task
    }

    pub(crate) fn set_task(&mut self, slot: usize, t: Option<TaskId>) {
        self.meta[slot].task = t;
    }

    pub(crate) fn get(&mut self, slot: usize) {
        self.meta[slot].count += 1;
    }

    /// Drops one attachment; true when none is left (time for `free_pid`).
    pub(crate) fn put(&mut self, slot: usize) -> bool {
        let m = &mut self.meta[slot];
        m.count -= 1;
        m.count == 0
    }
}
