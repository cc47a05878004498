//! Small typed handles into the world's arenas. They are indices, never
//! references held across operations, so the world can be cloned and compared.

use serde::{Deserialize, Serialize};
use std::num::NonZeroU32;

/// A task (a process or a thread: a `struct task_struct`). Slots of reaped
/// tasks are reused, so a `TaskId` is only meaningful while its task exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TaskId(NonZeroU32);

impl TaskId {
    pub(crate) fn from_index(i: usize) -> TaskId {
        // The arena never grows past u32::MAX - 1 slots (World::MAX_TASKS).
        TaskId(NonZeroU32::MIN.saturating_add(i as u32))
    }

    /// The arena index.
    pub fn index(self) -> usize {
        (self.0.get() - 1) as usize
    }
}

/// A pid namespace (`struct pid_namespace`). Namespaces are never freed, so a
/// dead namespace can still be shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct NsId(pub(crate) u32);

impl NsId {
    /// The root namespace, `init_pid_ns`.
    pub const ROOT: NsId = NsId(0);

    /// The arena index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A `struct pid`: one number per level, kept in the per-level pid cache
/// (`ns->pid_cachep`), so the level is part of the handle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PidId(NonZeroU32);

impl PidId {
    const SLOT_BITS: u32 = 26;

    pub(crate) fn new(level: u32, slot: u32) -> PidId {
        let raw = (level << Self::SLOT_BITS) | slot;
        PidId(NonZeroU32::MIN.saturating_add(raw))
    }

    /// The pid's level (`pid->level`): its number of namespaces minus one.
    pub fn level(self) -> u32 {
        (self.0.get() - 1) >> Self::SLOT_BITS
    }

    pub(crate) fn slot(self) -> usize {
        ((self.0.get() - 1) & ((1 << Self::SLOT_BITS) - 1)) as usize
    }

    pub(crate) const MAX_SLOTS: usize = 1 << Self::SLOT_BITS;
}

/// A pidfd: an open handle on a process (a `pidfs` file), shared by every
/// process whose descriptor table holds it (a fork child inherits it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PidfdId(pub(crate) u32);

impl PidfdId {
    /// The arena index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}
