//! pidfds: a handle that names a *process*, not a number (kernel/pid.c
//! `pidfd_open`, kernel/signal.c `pidfd_send_signal`, fs/pidfs.c
//! `PIDFD_GET_INFO`). It holds on to the process itself, so after the
//! process is reaped and its number is handed out again, the handle still
//! refers to the dead process (`ESRCH`) and never reaches the new holder.
//! Descriptors are inherited by fork, closed by `exec` (pidfds are
//! close-on-exec) and when their process's last thread exits.

use crate::effect::Effect;
use crate::errno::Errno;
use crate::ids::{NsId, PidfdId, TaskId};
use crate::signal::Signal;
use crate::work::Work;
use crate::world::World;

/// An open pidfd: the process it names (by identity: task and serial) and
/// the processes (group leaders, by identity) whose descriptor tables hold it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pidfd {
    target: (TaskId, u64),
    /// `ns_of_pid`: the namespace of the process's pid, which the struct pid
    /// keeps after the process is reaped.
    ns: NsId,
    holders: Vec<(TaskId, u64)>,
}

impl World {
    fn identity(&self, t: TaskId) -> (TaskId, u64) {
        let leader = self.leader(t);
        (leader, self.task(leader).serial)
    }

    /// The process a pidfd names, while it exists (running, exiting or a zombie).
    fn pidfd_task(&self, fd: &Pidfd) -> Option<TaskId> {
        let (t, serial) = fd.target;
        (self.exists(t) && self.task(t).serial == serial).then_some(t)
    }

    /// `actor`'s process's descriptor `fd`, or `EBADF`.
    fn held(&self, actor: TaskId, fd: PidfdId) -> Result<&Pidfd, Errno> {
        let me = self.identity(actor);
        match self.pidfds.get(fd.index()) {
            Some(Some(p)) if p.holders.contains(&me) => Ok(p),
            _ => Err(Errno::EBADF),
        }
    }

    /// Checks the pidfd table: every open pidfd is held by at least one
    /// process, and only by processes that exist and have a live thread (a
    /// process's descriptors close with its last thread: a handle never
    /// outlives its owner's view).
    pub(crate) fn check_pidfds(&self) -> Result<(), String> {
        for (i, p) in self.pidfds.iter().enumerate() {
            let Some(p) = p else { continue };
            if p.holders.is_empty() {
                return Err(format!("pidfd {i} is open but no process holds it"));
            }
            for &(t, serial) in &p.holders {
                let alive = self.exists(t) && self.task(t).serial == serial && !self.group_dying_or_dead(t);
                if !alive {
                    return Err(format!("pidfd {i} is held by {t:?}, which has no live thread"));
                }
            }
        }
        Ok(())
    }

    /// Whether every thread of `t`'s group has begun to exit.
    fn group_dying_or_dead(&self, t: TaskId) -> bool {
        self.threads(t).iter().all(|&x| self.task(x).exit_code.is_some())
    }

    /// Whether pidfd `fd` is still open somewhere.
    pub fn pidfd_is_open(&self, fd: PidfdId) -> bool {
        matches!(self.pidfds.get(fd.index()), Some(Some(_)))
    }

    /// The process pidfd `fd` names, if it still exists.
    pub fn pidfd_target(&self, fd: PidfdId) -> Option<TaskId> {
        match self.pidfds.get(fd.index()) {
            Some(Some(p)) => self.pidfd_task(p),
            _ => None,
        }
    }

    /// `pidfd_open(nr, 0)` by `actor`: `nr` is read in the caller's namespace
    /// (`ESRCH` if nothing holds it there); it must be a process, not a
    /// thread (`ENOENT` without `PIDFD_THREAD`, as Linux 6.18 answers). A
    /// zombie can be opened.
    pub fn pidfd_open(&mut self, actor: TaskId, nr: u32) -> Result<PidfdId, Errno> {
        self.check_actor(actor)?;
        self.trace.push(Work::FindPid);
        let t = self
            .find_task_by_pid_ns(nr, self.task_active_pid_ns(actor))
            .ok_or(Errno::ESRCH)?;
        if self.is_thread(t) {
            return Err(Errno::ENOENT);
        }
        self.trace.push(Work::PidfdOpen);
        let fd = Pidfd {
            target: self.identity(t),
            ns: self.task_active_pid_ns(t),
            holders: vec![self.identity(actor)],
        };
        let id = PidfdId(self.pidfds.len() as u32);
        self.pidfds.push(Some(fd));
        let owner = self.leader(actor);
        self.note(|_| Effect::PidfdOpened { owner, target: t });
        Ok(id)
    }

    /// `pidfd_send_signal(fd, sig)` by `actor`, checking in the kernel's
    /// order: `EBADF` if its process holds no such descriptor; `EINVAL`
    /// unless the pid's namespace is the caller's or below it
    /// (`access_pidfd_pidns`, asked even of a reaped process); `ESRCH` once
    /// the process is reaped (even if its number now belongs to another). A
    /// zombie takes the signal and nothing happens.
    pub fn pidfd_send_signal(&mut self, actor: TaskId, fd: PidfdId, sig: Signal) -> Result<(), Errno> {
        self.check_actor(actor)?;
        let t = self.pidfd_in_view(actor, fd)?.ok_or(Errno::EINVAL)?;
        let t = t.ok_or(Errno::ESRCH)?;
        self.send_signal(actor, t, sig);
        Ok(())
    }

    /// `ioctl(fd, PIDFD_GET_INFO)` by `actor`: the process's pid as the
    /// caller's namespace sees it; `EREMOTE` when its pid's namespace is not
    /// the caller's or below it (asked first, even of a reaped process),
    /// `ESRCH` once it is reaped.
    pub fn pidfd_getpid(&mut self, actor: TaskId, fd: PidfdId) -> Result<u32, Errno> {
        self.check_actor(actor)?;
        let t = self.pidfd_in_view(actor, fd)?.ok_or(Errno::EREMOTE)?;
        let t = t.ok_or(Errno::ESRCH)?;
        self.trace.push(Work::PidNrNs);
        Ok(self.task_tgid_nr_ns(t, self.task_active_pid_ns(actor)))
    }

    /// The descriptor `actor`'s process holds (`EBADF` if none), and whether
    /// its pid's namespace is the caller's or below it (`access_pidfd_pidns`:
    /// `None` if not); inside, the process if it still exists.
    fn pidfd_in_view(&mut self, actor: TaskId, fd: PidfdId) -> Result<Option<Option<TaskId>>, Errno> {
        self.trace.push(Work::PidfdGet);
        let held = self.held(actor, fd)?;
        let active = self.ns(self.task_active_pid_ns(actor));
        let visible = self.ns(held.ns).ancestor_at(active.level) == Some(active.id());
        Ok(visible.then(|| self.pidfd_task(held)))
    }

    /// `close(fd)` by `actor`: its process lets go of the descriptor; the
    /// pidfd is gone once no process holds it.
    pub fn close_pidfd(&mut self, actor: TaskId, fd: PidfdId) -> Result<(), Errno> {
        self.check_actor(actor)?;
        self.trace.push(Work::PidfdGet);
        self.held(actor, fd)?;
        let me = self.identity(actor);
        self.drop_holder(fd.index(), me);
        Ok(())
    }

    fn drop_holder(&mut self, i: usize, who: (TaskId, u64)) {
        if let Some(Some(p)) = self.pidfds.get_mut(i) {
            p.holders.retain(|&h| h != who);
            if p.holders.is_empty() {
                self.pidfds[i] = None;
            }
        }
    }

    /// `copy_files` on fork: the child's process holds every pidfd its
    /// parent's does.
    pub(crate) fn dup_pidfds(&mut self, parent: TaskId, child: TaskId) {
        if self.pidfds.is_empty() {
            return;
        }
        let (from, to) = (self.identity(parent), self.identity(child));
        for p in self.pidfds.iter_mut().flatten() {
            if p.holders.contains(&from) {
                p.holders.push(to);
            }
        }
    }

    /// `exit_files` (the group's last thread exits) and close-on-exec: the
    /// process `t` belongs to lets go of every pidfd it holds.
    pub(crate) fn close_pidfds_of(&mut self, t: TaskId) {
        if self.pidfds.is_empty() {
            return;
        }
        let me = self.identity(t);
        for i in 0..self.pidfds.len() {
            self.drop_holder(i, me);
        }
    }

    /// `de_thread`'s takeover: pidfds naming or held by the process under its
    /// old leader now name and are held under `new`, which took its pid.
    pub(crate) fn retarget_pidfds(&mut self, old: TaskId, new: TaskId) {
        let (from, to) = ((old, self.task(old).serial), (new, self.task(new).serial));
        for p in self.pidfds.iter_mut().flatten() {
            if p.target == from {
                p.target = to;
            }
            for h in &mut p.holders {
                if *h == from {
                    *h = to;
                }
            }
        }
    }
}
