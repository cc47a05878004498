//! `prctl(PR_SET_CHILD_SUBREAPER)` (kernel/sys.c).

use crate::errno::Errno;
use crate::ids::TaskId;
use crate::world::World;

/// `arg2` of `prctl(PR_SET_CHILD_SUBREAPER)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Subreaper {
    /// 0: the group stops being a child subreaper.
    Off,
    /// Nonzero: the group becomes a child subreaper.
    On,
}

impl World {
    /// `prctl(PR_SET_CHILD_SUBREAPER, on)` by `actor`. Turning it on also
    /// marks every descendant `has_child_subreaper`, so their orphans look up
    /// the tree (`walk_process_tree`). It is not inherited as such by fork.
    pub fn set_subreaper(&mut self, actor: TaskId, flag: Subreaper) -> Result<(), Errno> {
        let on = flag == Subreaper::On;
        self.check_actor(actor)?;
        let leader = self.leader(actor);
        self.task_mut(leader).flags.subreaper = on;
        if on {
            let mut stack: Vec<TaskId> = self.threads(leader).iter().flat_map(|&t| self.children(t)).collect();
            while let Some(p) = stack.pop() {
                self.task_mut(p).flags.has_child_subreaper = true;
                for t in self.threads(p) {
                    stack.extend(self.children(t));
                }
            }
        }
        Ok(())
    }
}
