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
    /// init still in `zap_pid_ns_processes` is not); `ECHILD` if no child
    /// matches. `pid` is read in the caller's namespace.
    pub fn wait(&mut self, actor: TaskId, pid: Option<u32>) -> Result<u32, Errno> {
        self.check_actor(actor)?;
        let ns = self.active_ns(actor);
        let wanted = match pid {
            Some(nr) => {
                self.trace.push(Work::FindPid);
                match self.find_task_by_vpid(nr, ns) {
                    Some(t) => Some(t),
                    None => return Err(Errno::ECHILD),
                }
            }
            None => None,
        };
        let threads = self.threads(actor);
        let start = threads.iter().position(|&t| t == actor).unwrap_or(0);
        let mut any = false;
        for i in 0..threads.len() {
            let waiter = threads[(start + i) % threads.len()];
            for c in self.children(waiter) {
                if wanted.is_some_and(|w| w != c) {
                    continue;
                }
                any = true;
                if self.state(c) == TaskState::Zombie {
                    let nr = self.tid_in(c, ns);
                    self.trace.push(Work::Reap);
                    self.release_task(c);
                    return Ok(nr);
                }
            }
        }
        if any {
            Ok(0)
        } else {
            Err(Errno::ECHILD)
        }
    }
}
