//! `setsid()` (kernel/sys.c `ksys_setsid`).

use crate::errno::Errno;
use crate::ids::TaskId;
use crate::world::World;

impl World {
    /// `setsid()` by `actor`: its process becomes the leader of a new session
    /// and process group named by its tgid, which it returns as it sees it.
    /// A process-group leader may not (`EPERM`).
    pub fn setsid(&mut self, actor: TaskId) -> Result<u32, Errno> {
        self.check_actor(actor)?;
        let leader = self.leader(actor);
        let pid = self.task(leader).pid;
        if self.task(leader).pgrp == Some(pid) {
            return Err(Errno::EPERM);
        }
        let old = (self.task(leader).pgrp, self.task(leader).session);
        self.get_pid(pid); // PIDTYPE_PGID
        self.get_pid(pid); // PIDTYPE_SID
        {
            let g = self.task_mut(leader);
            g.pgrp = Some(pid);
            g.session = Some(pid);
        }
        for p in [old.0, old.1].into_iter().flatten() {
            self.put_pid(p);
        }
        Ok(self.task_tgid_nr_ns(actor, self.task_active_pid_ns(actor)))
    }
}
