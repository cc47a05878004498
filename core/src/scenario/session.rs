//! A session: a [`World`] driven under process names, one [`Op`] at a time.
//! This is the only path from the language to the model; the CLI, the web
//! app and the tests all go through it.

use super::ast::{Op, Target, Verb};
use crate::effect::{Effect, Recording};
use crate::ids::PidfdId;
use crate::syscalls::KillTarget;
use crate::task::{ExitStatus, ProcState};
use crate::{Errno, Model, TaskId, Work, World};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

/// What a name refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    /// An existing task (running, stopped, exiting or zombie).
    Live(TaskId),
    /// A reaped task and how its group ended.
    Gone(ExitStatus),
    /// An open pidfd (handles share the name space of processes).
    Handle(PidfdId),
}

/// What an operation made that gets a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Made {
    Task(TaskId),
    Handle(PidfdId),
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

/// The outcome of one operation: its value or errno, the kernel work it did
/// (only its own: a statement refused before reaching the model did none),
/// and what it changed, with tasks named as the session names them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    pub result: Result<StepValue, Errno>,
    pub work: Vec<Work>,
    /// What the step changed, in the order the kernel did it (empty when it failed).
    pub effects: Vec<Effect<String>>,
    /// The name given to a task this step created.
    pub created: Option<String>,
    /// The lab's limit that made this step fail, when it was one of ours
    /// rather than the modelled kernel's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<Limit>,
    /// The name the statement used that names nothing, when that is why it
    /// failed (the errno stays the kernel's for a process it cannot find).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown_name: Option<String>,
}

impl Step {
    /// Why the step failed, in one line: the unknown name, or the limit's
    /// reason when a limit of the lab was hit, else what the errno means
    /// (`None` when it succeeded).
    pub fn explain(&self) -> Option<String> {
        match (self.result, self.limit, &self.unknown_name) {
            (Ok(_), _, _) => None,
            (Err(_), _, Some(n)) => Some(format!("no process is named {n}")),
            (Err(_), Some(l), None) => Some(l.explain().to_string()),
            (Err(e), None, None) => Some(e.explain().to_string()),
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

impl Step {
    /// The tasks this step ended (took from running or stopped to exiting,
    /// zombie or gone), in the order they ended.
    pub fn ended(&self) -> impl Iterator<Item = &str> {
        self.effects.iter().filter_map(Effect::ended).map(String::as_str)
    }
}

impl fmt::Display for Step {
    /// The result in a word: `= 3`, `(no return)`, `EINVAL`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.result {
            Ok(StepValue::Value(v)) => write!(f, "= {v}"),
            Ok(StepValue::NoReturn) => f.write_str("(no return)"),
            Err(e) => f.write_str(e.name()),
        }
    }
}

/// One row of the process table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProcessRow {
    pub name: String,
    pub thread_of: Option<String>,
    pub state: ProcState,
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
    /// The open handles' names, to let them go once closed everywhere.
    handles: Vec<(String, PidfdId)>,
    /// A name the statement being applied used that names nothing.
    unknown: Option<String>,
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
        let mut world = World::new(model, pid_max);
        world.set_recording(Recording::On);
        let mut s = Session {
            world,
            names: HashMap::new(),
            handles: Vec::new(),
            unknown: None,
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

    /// The existing task named `name`.
    pub fn task(&self, name: &str) -> Option<crate::TaskRef<'_>> {
        self.live(name).and_then(|t| self.world.task_ref(t))
    }

    /// The name of an existing task.
    pub fn name_of(&self, t: TaskId) -> Option<&str> {
        self.by_task.get(&t).map(String::as_str)
    }

    /// Every name ever bound, sorted.
    pub fn names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.names.keys().map(String::as_str).collect();
        crate::sort::sort_by_key(&mut v, |&n| n);
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
        self.unknown = None;
        let result = self.dispatch(op);
        let clone = matches!(op.verb, Verb::Clone(_) | Verb::CloneSetTid(..));
        let limit = (result == Err(Errno::EAGAIN) && clone && self.at_task_limit()).then_some(Limit::Tasks);
        let work = self.world.trace().to_vec();
        let created = match result {
            Ok((_, Some(made))) => {
                let name = self.new_name(op.name.clone());
                match made {
                    Made::Task(t) => self.bind(name.clone(), t),
                    Made::Handle(h) => {
                        self.names.insert(name.clone(), Holder::Handle(h));
                        self.handles.push((name.clone(), h));
                    }
                }
                Some(name)
            }
            _ => None,
        };
        // Named before the released tasks' names are let go.
        let effects = match result {
            Ok(_) => self
                .world
                .effects()
                .iter()
                .map(|e| e.clone().map(|t| self.display_name(t)))
                .collect(),
            Err(_) => Vec::new(),
        };
        for r in self.world.released().to_vec() {
            if let Some(name) = self.by_task.remove(&r.task) {
                self.names.insert(name, Holder::Gone(r.status));
            }
        }
        // A pidfd no process holds any more lets its name go.
        if !self.handles.is_empty() {
            let w = &self.world;
            let names = &mut self.names;
            self.handles.retain(|(n, h)| {
                let open = w.pidfd_is_open(*h);
                if !open {
                    names.remove(n);
                }
                open
            });
        }
        Step {
            result: result.map(|(v, _)| v),
            work,
            effects,
            created,
            limit,
            unknown_name: self.unknown.take().filter(|_| result.is_err()),
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
            if !self.taken(&n) {
                return n;
            }
        }
    }

    /// Whether `name` is held now (by an existing task or an open handle).
    fn taken(&self, name: &str) -> bool {
        matches!(self.names.get(name), Some(Holder::Live(_) | Holder::Handle(_)))
    }

    /// The open handle named `name`, or `EBADF`.
    fn handle(&mut self, name: &str) -> Result<PidfdId, Errno> {
        match self.names.get(name) {
            Some(Holder::Handle(h)) => Ok(*h),
            Some(_) => Err(Errno::EBADF),
            None => {
                self.note_unknown(name);
                Err(Errno::EBADF)
            }
        }
    }

    /// Remembers that the statement named `name`, which names nothing.
    fn note_unknown(&mut self, name: &str) {
        self.unknown = Some(name.to_string());
    }

    /// A target's number as the caller's namespace sees it (`ESRCH` when
    /// the named process is gone or invisible there).
    fn target_nr(&mut self, target: &Target, ns: crate::NsId) -> Result<u32, Errno> {
        match target {
            Target::Pid(n) => u32::try_from(*n).map_err(|_| Errno::ESRCH),
            Target::Name(name) if !self.names.contains_key(name) => {
                self.note_unknown(name);
                Err(Errno::ESRCH)
            }
            Target::Name(name) => match self.live(name).map_or(0, |t| self.world.task_pid_nr_ns(t, ns)) {
                0 => Err(Errno::ESRCH),
                nr => Ok(nr),
            },
        }
    }

    /// `Ok` with no return when the caller no longer runs after the call
    /// (it killed or stopped itself), else its value.
    fn returns(&self, actor: TaskId, r: Result<(), Errno>) -> Result<(StepValue, Option<Made>), Errno> {
        r?;
        if self.world.can_run(actor) {
            Ok((StepValue::Value(0), None))
        } else {
            Ok((StepValue::NoReturn, None))
        }
    }

    fn dispatch(&mut self, op: &Op) -> Result<(StepValue, Option<Made>), Errno> {
        let w = &mut self.world;
        let actor = match self.names.get(&op.actor) {
            Some(Holder::Live(t)) if w.can_run(*t) => *t,
            Some(_) => return Err(Errno::ESRCH),
            None => {
                self.unknown = Some(op.actor.clone());
                return Err(Errno::ESRCH);
            }
        };
        let val = |v: u32| Ok((StepValue::Value(i64::from(v)), None));
        let zero = |r: Result<(), Errno>| r.map(|()| (StepValue::Value(0), None));
        let ns = w.task_active_pid_ns(actor);
        match &op.verb {
            Verb::Clone(flags) | Verb::CloneSetTid(flags, _) => {
                if op.name.as_deref().is_some_and(|n| self.taken(n)) {
                    return Err(Errno::EEXIST);
                }
                if self.at_task_limit() {
                    return Err(Errno::EAGAIN);
                }
                let set_tid = match &op.verb {
                    Verb::CloneSetTid(_, tids) => tids.as_slice(),
                    _ => &[],
                };
                let (t, nr) = self.world.clone3(actor, *flags, set_tid)?;
                Ok((StepValue::Value(i64::from(nr)), Some(Made::Task(t))))
            }
            Verb::ExitThread(code) => w.exit_thread(actor, *code).map(|()| (StepValue::NoReturn, None)),
            Verb::Exec => zero(w.execve(actor)),
            Verb::PidfdOpen(target) => {
                if op.name.as_deref().is_some_and(|n| self.taken(n)) {
                    return Err(Errno::EEXIST);
                }
                let nr = self.target_nr(target, ns)?;
                let h = self.world.pidfd_open(actor, nr)?;
                Ok((StepValue::Value(0), Some(Made::Handle(h))))
            }
            Verb::PidfdSendSignal(h, sig) => {
                let h = self.handle(h)?;
                let r = self.world.pidfd_send_signal(actor, h, *sig);
                self.returns(actor, r)
            }
            Verb::PidfdGetpid(h) => {
                let h = self.handle(h)?;
                self.world.pidfd_getpid(actor, h).and_then(val)
            }
            Verb::Close(h) => {
                let h = self.handle(h)?;
                zero(self.world.close_pidfd(actor, h))
            }
            Verb::Unshare => zero(w.unshare_newpid(actor)),
            Verb::Setns(target) => {
                let target = self.live(target).ok_or(Errno::ESRCH)?;
                let target_ns = self.world.task_active_pid_ns(target);
                zero(self.world.setns(actor, target_ns))
            }
            Verb::Exit(code) => w.exit_group(actor, *code).map(|()| (StepValue::NoReturn, None)),
            Verb::Wait(None) => w.wait(actor, None).and_then(val),
            Verb::Wait(Some(child)) => {
                let nr = self.live(child).map_or(0, |c| self.world.task_pid_nr_ns(c, ns));
                if nr == 0 {
                    return Err(Errno::ECHILD);
                }
                self.world.wait(actor, Some(nr)).and_then(val)
            }
            Verb::Kill(target, sig) => {
                let t = match target {
                    Target::Pid(-1) => KillTarget::All,
                    t => KillTarget::Pid(self.target_nr(t, ns)?),
                };
                let r = self.world.kill(actor, t, *sig);
                self.returns(actor, r)
            }
            Verb::Signal(sig, d) => zero(w.sigaction(actor, *sig, *d)),
            Verb::Subreaper(on) => zero(w.set_subreaper(
                actor,
                if *on {
                    crate::Subreaper::On
                } else {
                    crate::Subreaper::Off
                },
            )),
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
        crate::sort::sort_by_key(&mut leaders, |&t| w.nspid(t)[0]);
        for l in leaders {
            for t in w.threads(l) {
                rows.push(ProcessRow {
                    name: self.display_name(t),
                    thread_of: (t != l).then(|| self.display_name(l)),
                    state: w.state(t).into(),
                    level: w.level(t),
                    nspid: w.nspid(t),
                    ppid: w.ppid_seen_by_self(t),
                    parent: w.parent_process(t).map(|p| self.display_name(p)),
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
