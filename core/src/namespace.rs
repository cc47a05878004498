//! `struct pid_namespace` (include/linux/pid_namespace.h) and the 2007 choice
//! of model that decides how deep namespaces may nest.

use crate::idr::Idr;
use crate::ids::{NsId, TaskId};
use crate::signal::Signal;
use serde::{Deserialize, Serialize};

/// `MAX_PID_NS_LEVEL`: the deepest level a pid namespace may have (since 3.7).
pub const MAX_PID_NS_LEVEL: u32 = 32;
/// `RESERVED_PIDS`: once a namespace's cursor passes this, wrapping restarts here.
pub const RESERVED_PIDS: u32 = 300;
/// `PID_MAX_LIMIT` on 64-bit: the ceiling of any `pid_max`, and the `pid_max`
/// of every new namespace since Linux 6.14.
pub const PID_MAX_LIMIT: u32 = 4_194_304;
/// `PID_MAX_DEFAULT`: the root namespace's `pid_max` unless a scenario says otherwise.
pub const PID_MAX_DEFAULT: u32 = 32_768;
/// The smallest `pid_max` the sysctl accepts (`RESERVED_PIDS + 1`).
pub const PID_MAX_MIN: u32 = RESERVED_PIDS + 1;

/// The two designs of June 2007 ("[PATCH 0/28] Pid namespaces (two models)").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Model {
    /// Namespaces nest up to [`MAX_PID_NS_LEVEL`]; a pid has one number per
    /// level. This is what Linux merged in 2.6.24 and runs today.
    #[default]
    Multilevel,
    /// A pid has a global and at most one virtual number: a namespace below
    /// level 1 cannot be created (`EINVAL`).
    Flat,
}

impl Model {
    /// The deepest level a namespace may have in this model.
    pub fn max_level(self) -> u32 {
        match self {
            Model::Multilevel => MAX_PID_NS_LEVEL,
            Model::Flat => 1,
        }
    }

    /// The errno for creating a namespace below [`Model::max_level`].
    pub fn too_deep(self) -> crate::Errno {
        match self {
            Model::Multilevel => crate::Errno::ENOSPC,
            Model::Flat => crate::Errno::EINVAL,
        }
    }

    /// `"multilevel"` or `"flat"`.
    pub fn name(self) -> &'static str {
        match self {
            Model::Multilevel => "multilevel",
            Model::Flat => "flat",
        }
    }

    /// Parses a model name.
    pub fn from_name(s: &str) -> Option<Model> {
        match s {
            "multilevel" => Some(Model::Multilevel),
            "flat" => Some(Model::Flat),
            _ => None,
        }
    }
}

/// A pid namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PidNamespace {
    /// 0 for the root namespace.
    pub level: u32,
    /// `None` only for the root.
    pub parent: Option<NsId>,
    /// This namespace and its ancestors, root first: `path[l]` is the
    /// ancestor at level `l`, which makes `pid_nr_ns` O(1).
    pub(crate) path: Box<[NsId]>,
    pub(crate) idr: Idr,
    /// This namespace's own `pid_max` (per namespace since Linux 6.14).
    pub pid_max: u32,
    /// The namespace's init (`child_reaper`), once its first process exists.
    pub child_reaper: Option<TaskId>,
    /// `PIDNS_ADDING`: cleared by `disable_pid_allocation` when the init dies.
    pub adding: bool,
    /// `pid_allocated` without the flag bit: pids with a number here.
    pub pid_allocated: u32,
    /// Set by `reboot(2)` inside the namespace: the signal the init's parent sees.
    pub reboot: Option<Signal>,
}

impl PidNamespace {
    pub(crate) fn new(id: NsId, parent: Option<&PidNamespace>, pid_max: u32) -> PidNamespace {
        let mut path: Vec<NsId> = parent.map(|p| p.path.to_vec()).unwrap_or_default();
        path.push(id);
        PidNamespace {
            level: parent.map_or(0, |p| p.level + 1),
            parent: parent.map(|p| p.path[p.path.len() - 1]),
            path: path.into_boxed_slice(),
            idr: Idr::default(),
            pid_max,
            child_reaper: None,
            adding: true,
            pid_allocated: 0,
            reboot: None,
        }
    }

    /// The ancestor (or self) at `level`, if `level` ≤ this level.
    pub fn ancestor_at(&self, level: u32) -> Option<NsId> {
        self.path.get(level as usize).copied()
    }

    /// This namespace's id.
    pub fn id(&self) -> NsId {
        self.path[self.path.len() - 1]
    }

    /// `ns_last_pid` as read from /proc: the last number handed out.
    pub fn last_pid(&self) -> u32 {
        self.idr.cursor().saturating_sub(1)
    }

    /// A namespace is dead once its init has died (no more processes may join).
    pub fn is_dead(&self) -> bool {
        !self.adding
    }
}
