//! `reboot(2)` inside a pid namespace (kernel/pid_namespace.c `reboot_pid_ns`).

use crate::errno::Errno;
use crate::ids::TaskId;
use crate::signal::Signal;
use crate::task::ExitStatus;
use crate::world::World;

/// The `reboot(2)` commands the language knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RebootCmd {
    /// `LINUX_REBOOT_CMD_RESTART`: the init's parent sees SIGHUP.
    Restart,
    /// `LINUX_REBOOT_CMD_HALT`: SIGINT.
    Halt,
    /// `LINUX_REBOOT_CMD_POWER_OFF`: SIGINT.
    PowerOff,
    /// `LINUX_REBOOT_CMD_CAD_ON`: not valid inside a namespace (`EINVAL`).
    CadOn,
}

impl World {
    /// `reboot(cmd)` by `actor`, acting on its namespace
    /// (`reboot_pid_ns`): the namespace records the signal its init's parent
    /// will see, the init gets SIGKILL, and the calling *thread* exits
    /// (`do_exit(0)`). The caller's other threads die by the namespace's
    /// SIGKILL, so a multi-threaded caller's group ends killed by SIGKILL.
    /// The world's root namespace behaves like a container's: the scenario's
    /// `init` is its init.
    pub fn reboot(&mut self, actor: TaskId, cmd: RebootCmd) -> Result<(), Errno> {
        self.check_actor(actor)?;
        let sig = match cmd {
            RebootCmd::Restart => Signal::SIGHUP,
            RebootCmd::Halt | RebootCmd::PowerOff => Signal::SIGINT,
            RebootCmd::CadOn => return Err(Errno::EINVAL),
        };
        let ns = self.task_active_pid_ns(actor);
        self.ns_mut(ns).reboot = Some(sig);
        let Some(init) = self.ns(ns).child_reaper.filter(|&i| self.exists(i)) else {
            self.do_exit(actor, ExitStatus::Exited(0));
            return Ok(());
        };
        if self.leader(init) == self.leader(actor) {
            // SIGKILL to its own group: SIGNAL_GROUP_EXIT at once, and the
            // caller, already running, is the first to exit.
            self.do_group_exit(actor, ExitStatus::Killed(Signal::SIGKILL));
        } else {
            self.do_exit(actor, ExitStatus::Exited(0));
            self.do_group_exit(init, ExitStatus::Killed(Signal::SIGKILL));
        }
        Ok(())
    }
}
