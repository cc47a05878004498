//! `execve()` as far as pid namespaces see it (fs/exec.c `de_thread`,
//! `flush_signal_handlers`; kernel/pid.c `exchange_tids`).

use crate::effect::Effect;
use crate::errno::Errno;
use crate::ids::TaskId;
use crate::signal::{Disposition, Signal};
use crate::task::ExitStatus;
use crate::world::World;

impl World {
    /// `execve()` by `actor` (any thread). `de_thread`: every other thread of
    /// the group is killed (`zap_other_threads`) and exits; the leader among
    /// them hands its children and, for a namespace init, the namespace to a
    /// live thread first (`find_alive_thread`). A non-leader caller then
    /// takes over the leader's pid at every level (`exchange_tids`: its NSpid
    /// becomes the process's, and `gettid() == getpid()`), the leader's place
    /// among its parent's children, its process group and session, and the
    /// old leader is released with the caller's former pid. Handled signals
    /// go back to `SIG_DFL`; ignored ones stay ignored
    /// (`flush_signal_handlers`), which changes what an init can be killed
    /// by from inside. Pidfds are close-on-exec. Returns 0.
    pub fn execve(&mut self, actor: TaskId) -> Result<(), Errno> {
        self.check_actor(actor)?;
        let leader = self.leader(actor);
        let others: Vec<TaskId> = self.threads(leader).into_iter().filter(|&t| t != actor).collect();
        for t in others {
            if self.exists(t) && self.task(t).exit_code.is_none() {
                self.do_exit(t, ExitStatus::Killed(Signal::SIGKILL));
            }
        }
        if leader != actor {
            self.exchange_tids_and_take_over(actor, leader);
        }
        let mut sighand = self.task(actor).sighand;
        for sig in Signal::ALL {
            if sighand.get(sig) == Disposition::Handle {
                sighand.set(sig, Disposition::Default);
            }
        }
        self.task_mut(actor).sighand = sighand;
        self.close_pidfds_of(actor);
        Ok(())
    }

    /// The end of `de_thread` for a non-leader `tsk`: it takes the zombie
    /// leader's pid and place, and the leader is released.
    fn exchange_tids_and_take_over(&mut self, tsk: TaskId, leader: TaskId) {
        let (mine, theirs) = (self.task(tsk).pid, self.task(leader).pid);
        self.task_mut(tsk).pid = theirs;
        self.task_mut(leader).pid = mine;
        self.caches[theirs.level() as usize].set_task(theirs.slot(), Some(tsk));
        self.caches[mine.level() as usize].set_task(mine.slot(), Some(leader));
        // The group's own state (signal_struct, sighand, tasks list place).
        let old = self.task(leader).clone();
        {
            let t = self.task_mut(tsk);
            t.leader = tsk;
            t.pgrp = old.pgrp;
            t.session = old.session;
            t.sighand = old.sighand;
            t.pending = old.pending;
            t.flags = old.flags;
            t.exit = old.exit;
            t.next_thread = Some(leader);
        }
        self.replace_child(leader, tsk);
        {
            let l = self.task_mut(leader);
            l.leader = tsk;
            l.next_thread = None;
            l.pgrp = None;
            l.session = None;
        }
        let ns = self.task_active_pid_ns(tsk);
        if self.ns(ns).child_reaper == Some(leader) {
            self.ns_mut(ns).child_reaper = Some(tsk);
        }
        self.retarget_pidfds(leader, tsk);
        self.note(|w| Effect::DeThread {
            task: tsk,
            old_leader: leader,
            upids: w.upids(tsk),
        });
        self.release_task(leader);
    }
}
