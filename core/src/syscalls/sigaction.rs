//! `sigaction(2)`: a thread group's signal dispositions.

use crate::errno::Errno;
use crate::ids::TaskId;
use crate::signal::{Disposition, Signal};
use crate::world::World;

impl World {
    /// Sets `actor`'s group's disposition of `sig`. SIGKILL and SIGSTOP
    /// cannot be caught or ignored (`EINVAL`).
    pub fn sigaction(&mut self, actor: TaskId, sig: Signal, disp: Disposition) -> Result<(), Errno> {
        self.check_actor(actor)?;
        if sig.kernel_only() {
            return Err(Errno::EINVAL);
        }
        let leader = self.leader(actor);
        self.task_mut(leader).sighand.set(sig, disp);
        Ok(())
    }
}
