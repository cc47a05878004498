//! A session: a [`World`] driven under process names, one [`Op`] at a time.
//! This is the only path from the language to the model; the CLI, the web
//! app and the tests all go through it.

use super::ast::{Op, Target, Verb};
use crate::syscalls::KillTarget;
use crate::task::ExitStatus;
use crate::{Errno, Model, TaskId, Work, World};
use serde::Serialize;
use std::collections::HashMap;

/// What a name refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    /// An existing task (running, stopped, exiting or zombie).
    Live(TaskId),
    /// A reaped task and how its group ended.
    Gone(ExitStatus),
}

/// What an operation returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepValue {
    /// The system call's return value.
    Value(i64),
    /// The call does not return (`exit`, `reboot`).
    NoReturn,
}

/// The outcome of one operation: its value or errno, and the kernel work done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    pub result: Result<StepValue, Errno>,
    pub work: Vec<Work>,
    /// The name given to a task this step created.
    pub created: Option<String>,
    /// The lab's limit that made this step fail, when it was one of ours
    /// rather than the modelled kernel's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<Limit>,
}

impl Step {
    /// Why the step failed, in one line: the limit's reason when a limit of
    /// the lab was hit, else what the errno means (`None` when it succeeded).
    pub fn explain(&self) -> Option<&'static str> {
        match (self.result, self.limit) {
            (Ok(_), _) => None,
            (Err(_), Some(l)) => Some(l.explain()),
            (Err(e), None) => Some(e.explain()),
        }
    }
}

/// A limit of the lab (not of the modelled kernel) that can make an
/// operation fail; the errno stays the one the kernel gives at its own
/// analogous limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    /// [`Session::MAX_TASKS`] tasks exist: a fork fails `EAGAIN`, as the
    /// kernel's does at `threads-max` or `RLIMIT_NPROC`.
    Tasks,
}

impl Limit {
    /// Which limit, in one line.
    pub fn explain(self) -> &'static str {
        match self {
            Limit::Tasks => {
                "the session's task limit: at most 1,000,000 tasks exist at once (the lab's cap, like the kernel's threads-max)"
            }
        }
    }
}

/// One row of the process table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProcessRow {
    pub name: String,
    pub thread_of: Option<String>,
    pub state: &'static str,
    pub level: u32,
    pub nspid: Vec<u32>,
    /// getppid() as the task itself sees it.
    pub ppid: u32,
    pub parent: Option<String>,
}

/// A world plus the names of its tasks.
#[derive(Clone, Debug)]
pub struct Session {
    world: World,
    names: HashMap<String, Holder>,
    by_task: HashMap<TaskId, String>,
    next_auto: u64,
    max_tasks: usize,
}

impl Session {
    /// Most tasks one session may hold ([`crate::limits::MAX_TASKS`]);
    /// beyond it forks fail `EAGAIN` with [`Limit::Tasks`] as the reason.
    pub const MAX_TASKS: usize = crate::limits::MAX_TASKS;

    /// A fresh world: one process, `init`.
    pub fn new(model: Model, pid_max: u32) -> Session {
        let world = World::new(model, pid_max);
        let mut s = Session {
            world,
            names: HashMap::new(),
            by_task: HashMap::new(),
            next_auto: 2,
            max_tasks: Self::MAX_TASKS,
        };
        if let Some(init) = s.world.init() {
            s.bind("init".to_string(), init);
        }
        s
    }

    /// The same session with a lower task limit than [`Session::MAX_TASKS`]
    /// (never a higher one): what a front end with less memory, or a test
    /// of the limit, uses. Models the kernel's `threads-max`.
    pub fn with_task_limit(mut self, max_tasks: usize) -> Session {
        self.max_tasks = max_tasks.min(Self::MAX_TASKS);
        self
    }

    /// The modelled kernel, read-only.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// What `name` refers to.
    pub fn holder(&self, name: &str) -> Option<Holder> {
        self.names.get(name).copied()
    }

    /// The name of an existing task.
    pub fn name_of(&self, t: TaskId) -> Option<&str> {
        self.by_task.get(&t).map(String::as_str)
    }

    /// Every name ever bound, sorted.
    pub fn names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.names.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }

    /// The names of live tasks (not zombies, not reaped), sorted.
    pub fn live_names(&self) -> Vec<&str> {
        self.names()
            .into_iter()
            .filter(|n| matches!(self.holder(n), Some(Holder::Live(_))))
            .collect()
    }

    /// The names of tasks that can make a system call now (live and not
    /// stopped), sorted: the actors a scenario may use.
    pub fn runnable_names(&self) -> Vec<&str> {
        self.names()
            .into_iter()
            .filter(|n| matches!(self.holder(n), Some(Holder::Live(t)) if self.world.can_run(t)))
            .collect()
    }

    fn bind(&mut self, name: String, t: TaskId) {
        self.by_task.insert(t, name.clone());
        self.names.insert(name, Holder::Live(t));
    }

    fn live(&self, name: &str) -> Option<TaskId> {
        match self.names.get(name) {
            Some(Holder::Live(t)) => Some(*t),
            _ => None,
        }
    }

    /// Runs one operation.
    pub fn apply(&mut self, op: &Op) -> Step {
        // A step refused before any system call (an unknown actor, a name in
        // use, the task limit) did no kernel work: not the previous step's.
        self.world.begin();
        let result = self.dispatch(op);
        let limit = (result == Err(Errno::EAGAIN) && matches!(op.verb, Verb::Clone(_)) && self.at_task_limit())
            .then_some(Limit::Tasks);
        let work = self.world.trace().to_vec();
        for r in self.world.released().to_vec() {
            if let Some(name) = self.by_task.remove(&r.task) {
                self.names.insert(name, Holder::Gone(r.status));
            }
        }
        let created = match result {
            Ok((_, Some(t))) => {
                let name = self.new_name(op.name.clone());
                self.bind(name.clone(), t);
                Some(name)
            }
            _ => None,
        };
        Step {
            result: result.map(|(v, _)| v),
            work,
            created,
            limit,
        }
    }

    /// Whether the session holds as many tasks as its limit allows.
    fn at_task_limit(&self) -> bool {
        self.world.task_count() >= self.max_tasks
    }

    fn new_name(&mut self, wanted: Option<String>) -> String {
        if let Some(n) = wanted {
            return n;
        }
        loop {
            let n = format!("p{}", self.next_auto);
            self.next_auto += 1;
            if self.live(&n).is_none() {
                return n;
            }
        }
    }

    fn dispatch(&mut self, op: &Op) -> Result<(StepValue, Option<TaskId>), Errno> {
        let w = &mut self.world;
        let actor = match self.names.get(&op.actor) {
            Some(Holder::Live(t)) if w.can_run(*t) => *t,
            _ => return Err(Errno::ESRCH),
        };
        let val = |v: u32| Ok((StepValue::Value(i64::from(v)), None));
        let zero = |r: Result<(), Errno>| r.map(|()| (StepValue::Value(0), None));
        let ns = w.active_ns(actor);
        match &op.verb {
            Verb::Clone(flags) => {
                if let Some(n) = &op.name {
                    if self.live(n).is_some() {
                        return Err(Errno::EEXIST);
                    }
                }
                if self.at_task_limit() {
                    return Err(Errno::EAGAIN);
                }
                let (t, nr) = self.world.clone_task(actor, *flags)?;
                Ok((StepValue::Value(i64::from(nr)), Some(t)))
            }
            Verb::Unshare => zero(w.unshare_newpid(actor)),
            Verb::Setns(target) => {
                let target = self.live(target).ok_or(Errno::ESRCH)?;
                let target_ns = self.world.active_ns(target);
                zero(self.world.setns(actor, target_ns))
            }
            Verb::Exit(code) => w.exit_group(actor, *code).map(|()| (StepValue::NoReturn, None)),
            Verb::Wait(None) => w.wait(actor, None).and_then(val),
            Verb::Wait(Some(child)) => {
                let nr = self.live(child).map_or(0, |c| self.world.tid_in(c, ns));
                if nr == 0 {
                    return Err(Errno::ECHILD);
                }
                self.world.wait(actor, Some(nr)).and_then(val)
            }
            Verb::Kill(target, sig) => {
                let t = match target {
                    Target::Pid(-1) => KillTarget::All,
                    Target::Pid(n) => KillTarget::Pid(u32::try_from(*n).map_err(|_| Errno::ESRCH)?),
                    Target::Name(name) => {
                        let nr = self.live(name).map_or(0, |t| self.world.tid_in(t, ns));
                        if nr == 0 {
                            return Err(Errno::ESRCH);
                        }
                        KillTarget::Pid(nr)
                    }
                };
                self.world.kill(actor, t, *sig)?;
                // A caller that killed or stopped itself does not see kill return.
                if self.world.can_run(actor) {
                    Ok((StepValue::Value(0), None))
                } else {
                    Ok((StepValue::NoReturn, None))
                }
            }
            Verb::Signal(sig, d) => zero(w.sigaction(actor, *sig, *d)),
            Verb::Subreaper(on) => zero(w.set_subreaper(actor, *on)),
            Verb::Setsid => w.setsid(actor).and_then(val),
            Verb::Getpid => w.getpid(actor).and_then(val),
            Verb::Gettid => w.gettid(actor).and_then(val),
            Verb::Getppid => w.getppid(actor).and_then(val),
            Verb::Getsid => w.getsid(actor).and_then(val),
            Verb::SetLastPid(n) => zero(w.set_last_pid(actor, *n)),
            Verb::SetPidMax(n) => zero(w.set_pid_max(actor, *n)),
            Verb::Reboot(cmd) => w.reboot(actor, *cmd).map(|()| (StepValue::NoReturn, None)),
        }
    }

    /// The process table: every existing task, threads after their leader.
    pub fn table(&self) -> Vec<ProcessRow> {
        let w = &self.world;
        let mut rows = Vec::new();
        let mut leaders: Vec<TaskId> = w.tasks().filter(|&t| !w.is_thread(t)).collect();
        leaders.sort_by_key(|&t| w.nspid(t)[0]);
        for l in leaders {
            for t in w.threads(l) {
                rows.push(ProcessRow {
                    name: self.display_name(t),
                    thread_of: (t != l).then(|| self.display_name(l)),
                    state: w.state(t).name(),
                    level: w.level(t),
                    nspid: w.nspid(t),
                    ppid: w.ppid_seen_by_self(t),
                    parent: w.parent(t).filter(|&p| w.exists(p)).map(|p| self.display_name(p)),
                });
            }
        }
        rows
    }

    fn display_name(&self, t: TaskId) -> String {
        self.name_of(t)
            .map_or_else(|| format!("task{}", t.index()), str::to_string)
    }
}
