//! `waitpid(pid, WNOHANG)` (kernel/exit.c `do_wait`, `wait_task_zombie`).

use crate::errno::Errno;
use crate::ids::TaskId;
use crate::task::TaskState;
use crate::work::Work;
use crate::world::World;

impl World {
    /// `waitpid(-1 or pid, WNOHANG)` by `actor`: reaps one zombie child of any
    /// thread of its group (the caller's own children first) and returns its
    /// pid as `actor` sees it; 0 if children exist but none is a zombie (an
    /// init still in `zap_pid_ns_processes` is not, nor a leader whose threads
    /// live: `delay_group_leader`); `ECHILD` if no child
    /// matches. `pid` is read in the caller's namespace.
    pub fn wait(&mut self, actor: TaskId, pid: Option<u32>) -> Result<u32, Errno> {
        self.check_actor(actor)?;
        let ns = self.task_active_pid_ns(actor);
        let wanted = match pid {
            Some(nr) => {
                self.trace.push(Work::FindPid);
                match self.find_task_by_pid_ns(nr, ns) {
                    Some(t) => Some(t),
                    None => return Err(Errno::ECHILD),
                }
            }
            None => None,
        };
        // The caller's own children first, then the other threads' in
        // thread-list order from the caller on (while_each_thread).
        let mut waiter = actor;
        let mut any = false;
        loop {
            let mut c = self.task(waiter).first_child;
            while let Some(child) = c {
                c = self.task(child).next_sibling;
                if wanted.is_some_and(|w| w != child) {
                    continue;
                }
                any = true;
                if self.state(child) == TaskState::Zombie && !self.is_delayed_leader(child) {
                    let nr = self.task_pid_nr_ns(child, ns);
                    self.trace.push(Work::Reap);
                    self.trace.extend(Work::id_lookup(self.model(), self.ns(ns).level));
                    self.release_task(child);
                    return Ok(nr);
                }
            }
            waiter = self.task(waiter).next_thread.unwrap_or(self.leader(actor));
            if waiter == actor {
                break;
            }
        }
        if any {
            Ok(0)
        } else {
            Err(Errno::ECHILD)
        }
    }
}
