//! `setns(fd, CLONE_NEWPID)` (kernel/pid_namespace.c `pidns_install`).

use crate::effect::Effect;
use crate::errno::Errno;
use crate::ids::{NsId, TaskId};
use crate::world::World;

impl World {
    /// `setns(fd of target's active pid namespace, CLONE_NEWPID)` by `actor`.
    /// Allowed only into the caller's active namespace or a descendant of it
    /// (else `EINVAL`: one can go down the tree, never up or sideways). The
    /// caller keeps its pid; its future children are born in the target.
    pub fn setns(&mut self, actor: TaskId, target: NsId) -> Result<(), Errno> {
        self.check_actor(actor)?;
        let active = self.ns(self.task_active_pid_ns(actor));
        let new = self.pid_namespace(target).ok_or(Errno::EINVAL)?;
        if new.level < active.level || new.ancestor_at(active.level) != Some(active.id()) {
            return Err(Errno::EINVAL);
        }
        self.task_mut(actor).for_children = target;
        self.note(|_| Effect::ForChildren {
            task: actor,
            ns: target,
        });
        Ok(())
    }
}
