//! `kill(2)` and signal delivery with the pid-namespace rules
//! (kernel/signal.c: `kill_something_info`, `send_signal_locked`,
//! `sig_task_ignored`, `prepare_signal`).

use crate::effect::{Effect, SignalFate};
use crate::errno::Errno;
use crate::ids::{NsId, TaskId};
use crate::signal::{DefaultAction, Disposition, Signal};
use crate::task::{ExitStatus, TaskState};
use crate::work::Work;
use crate::world::World;

/// The `pid` argument of `kill(2)`, read in the caller's namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KillTarget {
    /// `pid > 0`: the process holding that number in the caller's namespace.
    Pid(u32),
    /// `-1`: every process the caller can see except itself and its own
    /// namespace's init.
    All,
}

impl World {
    /// `kill(target, sig)` by `actor`. An invisible or unknown pid is `ESRCH`;
    /// `kill(-1)` that reaches no one is `ESRCH`. A signal a namespace init
    /// drops still returns 0.
    pub fn kill(&mut self, actor: TaskId, target: KillTarget, sig: Signal) -> Result<(), Errno> {
        self.check_actor(actor)?;
        let ns = self.task_active_pid_ns(actor);
        match target {
            KillTarget::Pid(nr) => {
                self.trace.push(Work::FindPid);
                let t = self.find_task_by_pid_ns(nr, ns).ok_or(Errno::ESRCH)?;
                self.send_signal(actor, self.leader(t), sig);
                Ok(())
            }
            KillTarget::All => {
                let me = self.leader(actor);
                let mut victims: Vec<(u32, TaskId)> = self
                    .tasks()
                    .filter(|&t| !self.is_thread(t) && t != me && self.task_pid_nr_ns(t, ns) > 1)
                    .map(|t| (self.task_pid_nr_ns(t, NsId::ROOT), t))
                    .collect();
                if victims.is_empty() {
                    return Err(Errno::ESRCH);
                }
                // for_each_process walks in creation order; global pids follow it until they wrap.
                crate::sort::sort_by_key(&mut victims, |&v| v);
                for (_, t) in victims {
                    if self.exists(t) {
                        self.send_signal(actor, t, sig);
                    }
                }
                Ok(())
            }
        }
    }

    /// Sends `sig` from `sender` to the thread group of `target` and acts on
    /// it at once. The signal is forced when the sender is invisible in the
    /// target's namespace (an ancestor sending to a namespace init).
    pub(crate) fn send_signal(&mut self, sender: TaskId, target: TaskId, sig: Signal) {
        let force = self.task_tgid_nr_ns(sender, self.task_active_pid_ns(target)) == 0;
        self.trace.push(Work::SignalSend);
        // Recorded before what it sets off; its fate is known once acted on.
        let at = self.effects().len();
        self.note(|_| Effect::Signal {
            from: sender,
            to: target,
            sig,
            fate: SignalFate::Delivered,
        });
        let fate = self.deliver(target, sig, force);
        self.set_signal_fate(at, fate);
    }

    fn deliver(&mut self, leader: TaskId, sig: Signal, force: bool) -> SignalFate {
        if self.group_dying(leader) {
            return SignalFate::TargetExiting;
        }
        // prepare_signal: SIGCONT resumes a stopped group whatever happens next.
        let resumed = sig == Signal::SIGCONT && self.state(leader) == TaskState::Stopped;
        if resumed {
            self.set_group_state(leader, TaskState::Running);
        }
        let fate = self.act_on(leader, sig, force);
        if resumed {
            self.deliver_pending(leader);
        }
        fate
    }

    /// `sig_task_ignored`, then the signal's disposition or default action.
    fn act_on(&mut self, leader: TaskId, sig: Signal, force: bool) -> SignalFate {
        let disp = self.sighand(leader).get(sig);
        let global_init = self.level(leader) == 0 && self.task_pid_nr_ns(leader, self.task_active_pid_ns(leader)) == 1;
        if global_init && sig.kernel_only() {
            return SignalFate::IgnoredByInit;
        }
        // sig_task_ignored: a namespace init drops SIG_DFL signals unless an
        // ancestor sends SIGKILL or SIGSTOP.
        let unkillable = self.task(leader).flags.unkillable && disp == Disposition::Default;
        if unkillable && !(force && sig.kernel_only()) {
            return SignalFate::IgnoredByInit;
        }
        let acts = match disp {
            Disposition::Ignore => false,
            Disposition::Handle => true,
            Disposition::Default => !matches!(sig.default_action(), DefaultAction::Ignore | DefaultAction::Continue),
        };
        if !acts {
            return if sig == Signal::SIGCONT {
                SignalFate::Delivered
            } else {
                SignalFate::Ignored
            };
        }
        // A stopped group acts on nothing but SIGKILL (and SIGCONT, above):
        // other signals stay pending until it is continued.
        if self.state(leader) == TaskState::Stopped && sig != Signal::SIGKILL && sig != Signal::SIGSTOP {
            self.task_mut(leader).pending |= sig.bit();
            return SignalFate::PendingWhileStopped;
        }
        if disp == Disposition::Default {
            match sig.default_action() {
                DefaultAction::Terminate => self.do_group_exit(leader, ExitStatus::Killed(sig)),
                DefaultAction::Stop => self.set_group_state(leader, TaskState::Stopped),
                DefaultAction::Continue | DefaultAction::Ignore => {}
            }
        }
        if unkillable {
            SignalFate::ForcedFromAncestor
        } else {
            SignalFate::Delivered
        }
    }

    /// After SIGCONT: the pending signals, lowest number first, as the
    /// group's dispositions now say; a fatal one ends the group.
    fn deliver_pending(&mut self, leader: TaskId) {
        for sig in Signal::ALL {
            if self.task(leader).pending & sig.bit() == 0 {
                continue;
            }
            self.task_mut(leader).pending &= !sig.bit();
            if self.sighand(leader).get(sig) == Disposition::Default && sig.default_action() == DefaultAction::Terminate
            {
                self.task_mut(leader).pending = 0;
                self.do_group_exit(leader, ExitStatus::Killed(sig));
                return;
            }
        }
    }

    fn set_group_state(&mut self, leader: TaskId, state: TaskState) {
        for t in self.threads(leader) {
            if matches!(self.state(t), TaskState::Running | TaskState::Stopped) {
                self.set_task_state(t, state, None);
            }
        }
    }
}
