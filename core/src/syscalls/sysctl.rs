//! `/proc/sys/kernel/ns_last_pid` and `/proc/sys/kernel/pid_max`, both per
//! pid namespace (kernel/pid_namespace.c `pid_ns_ctl_handler`; per-namespace
//! `pid_max` since Linux 6.14).

use crate::effect::Effect;
use crate::errno::Errno;
use crate::ids::TaskId;
use crate::namespace::{PID_MAX_LIMIT, PID_MAX_MIN};
use crate::world::World;

impl World {
    /// Writes `n` to `ns_last_pid` of `actor`'s active namespace: the next
    /// allocation there starts at `n + 1`. Accepted range 0..=pid_max.
    pub fn set_last_pid(&mut self, actor: TaskId, n: i64) -> Result<(), Errno> {
        self.check_actor(actor)?;
        let ns = self.task_active_pid_ns(actor);
        let max = self.ns(ns).pid_max;
        let n = u32::try_from(n).ok().filter(|&n| n <= max).ok_or(Errno::EINVAL)?;
        self.ns_mut(ns).idr.set_cursor(n + 1);
        self.note(|_| Effect::LastPid { ns, last: n });
        Ok(())
    }

    /// Writes `n` to `pid_max` of `actor`'s active namespace. Accepted range
    /// 301..=4194304; a child namespace may go above its parent's, but every
    /// level still allocates below its own, so the effective ceiling is the
    /// minimum along the chain.
    pub fn set_pid_max(&mut self, actor: TaskId, n: i64) -> Result<(), Errno> {
        self.check_actor(actor)?;
        let ns = self.task_active_pid_ns(actor);
        let n = u32::try_from(n)
            .ok()
            .filter(|n| (PID_MAX_MIN..=PID_MAX_LIMIT).contains(n))
            .ok_or(Errno::EINVAL)?;
        self.ns_mut(ns).pid_max = n;
        self.note(|_| Effect::PidMax { ns, max: n });
        Ok(())
    }
}
