//! `unshare(CLONE_NEWPID)` (kernel/fork.c `ksys_unshare`, kernel/pid_namespace.c
//! `copy_pid_ns`).

use crate::effect::Effect;
use crate::errno::Errno;
use crate::ids::TaskId;
use crate::world::World;

impl World {
    /// `unshare(CLONE_NEWPID)` by `actor`. The caller does not move: only its
    /// `pid_ns_for_children` becomes a new child namespace, whose first child
    /// will be its pid 1. A second call before that (or after setns) fails
    /// `EINVAL`, because `pid_ns_for_children` is no longer the active
    /// namespace; too deep fails `ENOSPC` (multilevel) or `EINVAL` (flat).
    pub fn unshare_newpid(&mut self, actor: TaskId) -> Result<(), Errno> {
        self.check_actor(actor)?;
        let for_children = self.ns_for_children(actor);
        if self.task_active_pid_ns(actor) != for_children {
            return Err(Errno::EINVAL);
        }
        let ns = self.create_pid_namespace(for_children)?;
        self.task_mut(actor).for_children = ns;
        self.note(|_| Effect::ForChildren { task: actor, ns });
        Ok(())
    }
}
