//! `getpid`, `gettid`, `getppid`, `getsid` (kernel/sys.c, kernel/pid.c): each
//! reads one number of one pid for the caller's namespace — O(1) at any depth.

use crate::errno::Errno;
use crate::ids::TaskId;
use crate::work::Work;
use crate::world::World;

impl World {
    /// `getpid()`: the caller's tgid in its own namespace (`task_tgid_vnr`).
    pub fn getpid(&mut self, actor: TaskId) -> Result<u32, Errno> {
        self.check_actor(actor)?;
        self.trace.extend(Work::id_lookup(self.model(), self.level(actor)));
        Ok(self.task_tgid_nr_ns(actor, self.task_active_pid_ns(actor)))
    }

    /// `gettid()`: the caller's own pid in its namespace (`task_pid_vnr`).
    pub fn gettid(&mut self, actor: TaskId) -> Result<u32, Errno> {
        self.check_actor(actor)?;
        self.trace.extend(Work::id_lookup(self.model(), self.level(actor)));
        Ok(self.task_pid_nr_ns(actor, self.task_active_pid_ns(actor)))
    }

    /// `getppid()`: the parent's tgid in the caller's namespace, 0 when the
    /// parent lives in an ancestor namespace.
    pub fn getppid(&mut self, actor: TaskId) -> Result<u32, Errno> {
        self.check_actor(actor)?;
        self.trace.extend(Work::id_lookup(self.model(), self.level(actor)));
        Ok(self.ppid_seen_by_self(actor))
    }

    /// `getsid(0)`: the session leader's pid in the caller's namespace, 0
    /// when the leader is invisible there (a fresh namespace's init).
    pub fn getsid(&mut self, actor: TaskId) -> Result<u32, Errno> {
        self.check_actor(actor)?;
        self.trace.extend(Work::id_lookup(self.model(), self.level(actor)));
        Ok(self.sid_seen_by_self(actor))
    }
}
