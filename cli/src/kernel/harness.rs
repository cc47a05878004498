//! Replays one scenario on real processes in a fresh pid namespace, step by
//! step beside the model, and lists every disagreement.

use super::procfs;
use pidns_core::scenario::{
    Ending, Engine, Holder, Op, Outcome as Done, Scenario, Session, Step, StepValue, Stmt, Target, Verb,
};
use pidns_core::{
    Errno, ExitStatus, Model, ProcState, Signal, TaskId, TaskState, Work, MAX_PID_NS_LEVEL, PID_MAX_DEFAULT,
};
use std::collections::HashMap;
use std::os::unix::net::UnixDatagram;
use std::time::{Duration, Instant};

/// How the harness may create pid namespaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// As root: a plain `clone(CLONE_NEWPID)`.
    Root,
    /// Unprivileged: `clone(CLONE_NEWUSER|CLONE_NEWPID)` with a one-id map.
    UserNs,
}

/// One difference between the model and the kernel.
#[derive(Clone, Debug)]
pub struct Disagreement {
    pub line: usize,
    pub what: String,
    pub model: String,
    pub kernel: String,
}

/// The outcome of checking one scenario.
pub enum Outcome {
    Agreed,
    Disagreed(Vec<Disagreement>),
    /// The kernel cannot express it here (why).
    NotCheckable(String),
    /// It did not finish in time or the harness failed (why).
    Broken(String),
}

const REPLY_TIMEOUT: Duration = Duration::from_secs(3);
const SCENARIO_TIMEOUT: Duration = Duration::from_secs(60);

struct Agent {
    host_tid: i32,
    /// The tid the agent reported in its own namespace.
    own_tid: i32,
    /// The agent's socket address (`SOCKET.TOKEN`); `None` once it is gone.
    addr: Option<String>,
    /// Its NSpid from the host's root, read once: a task's numbers never
    /// change while it exists (one /proc read per task, not per statement).
    nspid: std::cell::OnceCell<Vec<i32>>,
    /// How it ended, once the kernel told us (a wait status).
    ending: Option<ExitStatus>,
}

struct Run {
    mode: Mode,
    /// The harness's one socket: every command goes out and every reply
    /// and hello comes in through it (datagrams carry the sequence number
    /// of the command they answer), so the harness holds O(1) descriptors
    /// however many tasks the scenario makes.
    sock: UnixDatagram,
    socket: String,
    /// Hellos of new tasks that arrived while waiting for a reply.
    hellos: Vec<(u32, i32, i32)>,
    next_seq: u64,
    dir: std::path::PathBuf,
    agents: HashMap<String, Agent>,
    next_token: u32,
    /// Levels of the harness's own namespace above the scenario's root.
    host_level: usize,
    init_host_pid: i32,
    started: Instant,
    out: Vec<Disagreement>,
    /// The first failure of the harness's own reads (a descriptor limit, no
    /// memory): the run is then broken, never a disagreement.
    fault: std::cell::RefCell<Option<String>>,
}

/// The deepest scenario level the kernel can host under this harness.
pub fn deepest_checkable() -> u32 {
    let host = procfs::nspid(std::process::id() as i32)
        .ok()
        .flatten()
        .map_or(0, |v| v.len() as u32 - 1);
    MAX_PID_NS_LEVEL.saturating_sub(host + 1)
}

/// Whether the scenario can be replayed on this kernel, and why not.
pub fn checkable(sc: &Scenario, model_run: &[(usize, String, Step)]) -> Result<(), String> {
    if sc.header.model == Some(Model::Flat) {
        return Err("model flat: the kernel runs the multilevel model".into());
    }
    let thread_set_tid = |l: &pidns_core::scenario::Line| matches!(&l.stmt, Stmt::Op(Op { verb: Verb::CloneSetTid(f, _), .. }) if f.thread);
    // set_tid with more values than the child has levels: EINVAL in the
    // scenario, but on the kernel the harness's own namespace is one more
    // level, so the array would reach it.
    let mut engine = Engine::new(Model::Multilevel, sc.header.pid_max.unwrap_or(PID_MAX_DEFAULT));
    for l in &sc.lines {
        if let Stmt::Op(Op {
            actor,
            verb: Verb::CloneSetTid(f, tids),
            ..
        }) = &l.stmt
        {
            if let Some(t) = engine.session().task(actor) {
                let level = engine
                    .session()
                    .world()
                    .pid_namespace(t.pid_ns_for_children())
                    .map_or(0, |n| n.level)
                    + u32::from(f.newpid);
                if tids.len() > level as usize + 1 {
                    return Err(format!(
                        "line {}: set_tid has more values than the child has levels; on the kernel the harness's own namespace is one more level",
                        l.line
                    ));
                }
            }
        }
        engine.apply(&l.stmt);
    }
    if let Some(l) = sc.lines.iter().find(|l| thread_set_tid(l)) {
        return Err(format!(
            "line {}: a thread with a chosen tid (clone3 CLONE_THREAD set_tid) needs a raw thread the harness does not make",
            l.line
        ));
    }
    let deepest = model_run
        .iter()
        .flat_map(|(_, _, s)| &s.work)
        .filter_map(|w| match w {
            Work::CreatePidNs { level } => Some(*level),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let limit = deepest_checkable();
    if deepest > limit {
        return Err(format!(
            "needs pid namespace level {deepest}; inside a fresh namespace this kernel allows {limit}"
        ));
    }
    Ok(())
}

fn errno_name(n: i32) -> String {
    Errno::from_number(n).map_or_else(
        || std::io::Error::from_raw_os_error(n).to_string(),
        |e| e.name().to_string(),
    )
}

/// A kernel reply: a value, an errno, or the caller is gone (exit, reboot).
#[derive(Clone, Debug, PartialEq)]
enum Reply {
    Ok(i64, Vec<i64>),
    Err(i32),
    Gone,
    NotRunnable,
}

impl Reply {
    /// As a model step's result reads (`Step`'s `Display`).
    fn show(&self) -> String {
        match self {
            Reply::Ok(v, _) => format!("= {v}"),
            Reply::Err(e) => errno_name(*e),
            Reply::Gone => "(no return)".into(),
            Reply::NotRunnable => "ESRCH (the process cannot run)".into(),
        }
    }
}

fn wait_status(status: i64) -> ExitStatus {
    let s = status as i32;
    if libc::WIFSIGNALED(s) {
        Signal::from_number(libc::WTERMSIG(s)).map_or(ExitStatus::Exited(0), ExitStatus::Killed)
    } else {
        ExitStatus::Exited(libc::WEXITSTATUS(s) as u8)
    }
}

/// Checks one scenario against the kernel.
pub fn check(sc: &Scenario, mode: Mode) -> Outcome {
    let pid_max = sc.header.pid_max.unwrap_or(PID_MAX_DEFAULT);
    let probe = pidns_core::scenario::check(sc, Some(Model::Multilevel));
    if let Err(why) = checkable(sc, &probe.steps) {
        return Outcome::NotCheckable(why);
    }
    let mut run = match Run::start(mode, pid_max) {
        Ok(r) => r,
        Err(e) => return Outcome::Broken(e),
    };
    let result = run.replay(sc, pid_max);
    run.stop();
    match result {
        Err(e) => Outcome::Broken(e),
        Ok(()) if run.out.is_empty() => Outcome::Agreed,
        Ok(()) => Outcome::Disagreed(std::mem::take(&mut run.out)),
    }
}

impl Run {
    fn start(mode: Mode, pid_max: u32) -> Result<Run, String> {
        remove_stale_dirs();
        raise_nofile_limit();
        let dir = std::env::temp_dir().join(format!(
            "{DIR_PREFIX}{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
        let socket = dir.join("s").to_string_lossy().into_owned();
        let sock = UnixDatagram::bind(&socket).map_err(|e| procfs::harness_error(&socket, &e))?;
        sock.set_read_timeout(Some(Duration::from_millis(20)))
            .map_err(|e| e.to_string())?;
        let host_level = procfs::nspid(std::process::id() as i32)
            .ok()
            .flatten()
            .map_or(0, |v| v.len());
        let mut run = Run {
            mode,
            sock,
            socket,
            hellos: Vec::new(),
            next_seq: 0,
            dir,
            agents: HashMap::new(),
            next_token: 0,
            host_level,
            init_host_pid: 0,
            started: Instant::now(),
            out: Vec::new(),
            fault: std::cell::RefCell::new(None),
        };
        let flags = match mode {
            Mode::Root => libc::CLONE_NEWPID,
            Mode::UserNs => libc::CLONE_NEWPID | libc::CLONE_NEWUSER,
        };
        // SAFETY: a fork-like raw clone; the child only runs the agent loop.
        let pid = unsafe {
            libc::syscall(
                libc::SYS_clone,
                (flags | libc::SIGCHLD) as libc::c_long,
                0usize,
                0usize,
                0usize,
                0usize,
            )
        };
        if pid < 0 {
            return Err(format!(
                "clone(CLONE_NEWPID) failed: {}",
                std::io::Error::last_os_error()
            ));
        }
        if pid == 0 {
            // The scenario's init dies with the harness (even by SIGKILL),
            // and its namespace with it: no agent outlives a killed run.
            // SAFETY: prctl on this new process only.
            unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) };
            super::agent::child_start(&run.socket, 0);
        }
        run.init_host_pid = pid as i32;
        run.next_token = 1;
        if mode == Mode::UserNs {
            let uid = unsafe { libc::geteuid() };
            let gid = unsafe { libc::getegid() };
            let w = |f: &str, s: String| std::fs::write(format!("/proc/{pid}/{f}"), s);
            w("setgroups", "deny".into())
                .and_then(|()| w("uid_map", format!("0 {uid} 1")))
                .and_then(|()| w("gid_map", format!("0 {gid} 1")))
                .map_err(|e| format!("cannot map ids into the user namespace: {e}"))?;
        }
        run.await_hello(0, "init")?;
        match run.send("init", &format!("write /proc/sys/kernel/pid_max {pid_max}"))? {
            Reply::Ok(..) => Ok(run),
            other => Err(format!(
                "cannot set pid_max {pid_max} in the fresh namespace: {}",
                other.show()
            )),
        }
    }

    fn stop(&mut self) {
        // SAFETY: plain signals and waits on our own child; killing the
        // scenario's init zaps its whole namespace.
        unsafe {
            libc::kill(self.init_host_pid, libc::SIGKILL);
            let mut st = 0;
            libc::waitpid(self.init_host_pid, &mut st, 0);
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }

    fn check_deadline(&self) -> Result<(), String> {
        if self.started.elapsed() > SCENARIO_TIMEOUT {
            Err(format!(
                "scenario did not finish within {} s",
                SCENARIO_TIMEOUT.as_secs()
            ))
        } else {
            Ok(())
        }
    }

    /// The next datagram for the harness, or `None` after the socket's
    /// short timeout; an error is the harness's own.
    fn receive(&self, buf: &mut [u8]) -> Result<Option<String>, String> {
        match self.sock.recv(buf) {
            Ok(n) => Ok(Some(String::from_utf8_lossy(&buf[..n]).into_owned())),
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => Ok(None),
            Err(e) => Err(procfs::harness_error(&self.socket, &e)),
        }
    }

    /// Keeps a new task's `hello TOKEN HOST_TID OWN_TID`; other datagrams
    /// (late replies to earlier commands) are dropped.
    fn keep_hello(&mut self, msg: &str) {
        let w: Vec<i64> = msg.split_whitespace().skip(1).filter_map(|x| x.parse().ok()).collect();
        if msg.starts_with("hello ") && w.len() == 3 {
            self.hellos.push((w[0] as u32, w[1] as i32, w[2] as i32));
        }
    }

    /// Waits for the hello of the new task `token` and registers it as `name`.
    fn await_hello(&mut self, token: u32, name: &str) -> Result<(), String> {
        let deadline = Instant::now() + REPLY_TIMEOUT;
        let mut buf = [0u8; 512];
        loop {
            for (t, host_tid, own_tid) in std::mem::take(&mut self.hellos) {
                let agent = Agent {
                    host_tid,
                    own_tid,
                    addr: Some(format!("{}.{t}", self.socket)),
                    nspid: std::cell::OnceCell::new(),
                    ending: None,
                };
                let key = if t == token {
                    name.to_string()
                } else {
                    format!("(task #{t})")
                };
                self.agents.insert(key, agent);
                if t == token {
                    return Ok(());
                }
            }
            match self.receive(&mut buf)? {
                Some(msg) => self.keep_hello(&msg),
                None if Instant::now() > deadline => return Err(format!("the new task '{name}' never connected")),
                None => {}
            }
        }
    }

    /// Sends a command to `name`'s agent and reads its reply. A caller that
    /// dies or stops itself during the call does not return (`Gone`); its
    /// reply, if it comes after a SIGCONT, carries an old sequence number
    /// and is dropped.
    fn send(&mut self, name: &str, cmd: &str) -> Result<Reply, String> {
        let Some(agent) = self.agents.get(name) else {
            return Ok(Reply::NotRunnable);
        };
        let host = agent.host_tid;
        let Some(addr) = agent.addr.clone() else {
            return Ok(Reply::NotRunnable);
        };
        self.next_seq += 1;
        let seq = self.next_seq;
        if let Err(e) = self.sock.send_to(format!("{seq} {cmd}").as_bytes(), &addr) {
            if matches!(e.raw_os_error(), Some(libc::ECONNREFUSED | libc::ENOENT)) {
                if let Some(a) = self.agents.get_mut(name) {
                    a.addr = None;
                }
                return Ok(Reply::Gone);
            }
            return Err(procfs::harness_error(&addr, &e));
        }
        let deadline = Instant::now() + REPLY_TIMEOUT;
        let mut buf = [0u8; 512];
        let line = loop {
            match self.receive(&mut buf)? {
                Some(msg) => match msg.split_once(' ') {
                    Some((n, rest)) if n.parse() == Ok(seq) => break rest.to_string(),
                    _ => self.keep_hello(&msg),
                },
                None => {
                    // A task that stopped or is exiting (its files closed, a
                    // namespace init waiting in zap_pid_ns_processes) will not answer.
                    if matches!(
                        procfs::state(host)?,
                        ProcState::Stopped | ProcState::Exiting | ProcState::Zombie | ProcState::Gone
                    ) {
                        return Ok(Reply::Gone);
                    }
                    if Instant::now() > deadline {
                        return Err(format!(
                            "{name} did not answer '{cmd}' within {} s",
                            REPLY_TIMEOUT.as_secs()
                        ));
                    }
                }
            }
        };
        let words: Vec<&str> = line.split_whitespace().collect();
        let nums: Vec<i64> = words.iter().skip(1).filter_map(|x| x.parse().ok()).collect();
        match words.first().copied() {
            Some("ok") => Ok(Reply::Ok(
                nums.first().copied().unwrap_or(0),
                nums.get(1..).unwrap_or(&[]).to_vec(),
            )),
            Some("err") => Ok(Reply::Err(nums.first().copied().unwrap_or(0) as i32)),
            _ => Err(format!("bad reply from {name}: '{}'", line.trim())),
        }
    }

    fn host_tid(&self, name: &str) -> Option<i32> {
        self.agents.get(name).map(|a| a.host_tid)
    }

    /// `name`'s NSpid from the host's root (`None` when it is gone).
    fn kernel_nspid(&self, name: &str) -> Option<Vec<i32>> {
        let agent = self.agents.get(name)?;
        if let Some(v) = agent.nspid.get() {
            return Some(v.clone());
        }
        let v = self.observe(procfs::nspid(agent.host_tid), None)?;
        Some(agent.nspid.get_or_init(|| v).clone())
    }

    fn kstate(&self, name: &str) -> ProcState {
        self.host_tid(name)
            .map_or(ProcState::Gone, |h| self.observe(procfs::state(h), ProcState::Gone))
    }

    /// A /proc reading, or `otherwise` after noting the harness's own
    /// failure (the statement then ends the run as broken).
    fn observe<T>(&self, r: Result<T, String>, otherwise: T) -> T {
        r.unwrap_or_else(|e| {
            self.fault.borrow_mut().get_or_insert(e);
            otherwise
        })
    }

    /// After a failed open or ioctl on `path`: `Ok` when the task or its
    /// namespace is gone or hidden, else the harness's own failure.
    fn own_failure(&self, path: &std::ffi::CStr) -> Result<(), String> {
        let e = std::io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EMFILE | libc::ENFILE | libc::ENOMEM) => Err(procfs::harness_error(&path.to_string_lossy(), &e)),
            _ => Ok(()),
        }
    }

    /// The harness's first own failure, if any.
    fn fault(&self) -> Result<(), String> {
        self.fault.borrow_mut().take().map_or(Ok(()), Err)
    }

    /// `b`'s pid as `a` sees it on the kernel: its NSpid entry at `a`'s
    /// level, if `b`'s namespace at that level is `a`'s.
    fn kernel_pid_in(&self, a: &str, b: &str) -> Option<i64> {
        let (ha, hb) = (self.host_tid(a)?, self.host_tid(b)?);
        let (na, nb) = (self.kernel_nspid(a)?, self.kernel_nspid(b)?);
        let la = na.len() - 1;
        if nb.len() - 1 < la {
            return None;
        }
        let want = procfs::ns_inode(&format!("/proc/{ha}/ns/pid"))?;
        let path = std::ffi::CString::new(format!("/proc/{hb}/ns/pid")).ok()?;
        // SAFETY: open/ioctl/fstat/close on file descriptors we own.
        unsafe {
            let mut fd = libc::open(path.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC);
            if fd < 0 {
                return self.observe(self.own_failure(&path).map(|()| None), None);
            }
            for _ in 0..(nb.len() - 1 - la) {
                let parent = libc::ioctl(fd, libc::NS_GET_PARENT);
                libc::close(fd);
                if parent < 0 {
                    return self.observe(self.own_failure(&path).map(|()| None), None);
                }
                fd = parent;
            }
            let mut st: libc::stat = std::mem::zeroed();
            let ok = libc::fstat(fd, &mut st) == 0;
            libc::close(fd);
            (ok && st.st_ino == want).then(|| i64::from(nb[la]))
        }
    }

    fn disagree(&mut self, line: usize, what: impl Into<String>, model: impl Into<String>, kernel: impl Into<String>) {
        self.out.push(Disagreement {
            line,
            what: what.into(),
            model: model.into(),
            kernel: kernel.into(),
        });
    }

    /// Replays the scenario with core's one engine, making each operation's
    /// system call on the kernel beside it and comparing after each.
    fn replay(&mut self, sc: &Scenario, pid_max: u32) -> Result<(), String> {
        let mut engine = Engine::new(Model::Multilevel, pid_max);
        let mut last = None;
        for l in &sc.lines {
            let Done::Op(step) = engine.apply(&l.stmt) else {
                continue;
            };
            let Stmt::Op(op) = &l.stmt else { continue };
            self.check_deadline()?;
            // The kernel side runs the statement if its own process can.
            let reply = if self.kstate(&op.actor) == ProcState::Running {
                self.execute(op, &step)?
            } else {
                Reply::NotRunnable
            };
            self.compare_result(l.line, op, &step, &reply);
            // Only a death or a signal changes other tasks after the call
            // returns; every other statement's effects are done when it
            // replies, so waiting for the states to settle would only cost
            // time (20 ms a statement, most of a 2,000-fork run).
            let ppids = if matches!(
                op.verb,
                Verb::Exit(_)
                    | Verb::Kill(..)
                    | Verb::Reboot(_)
                    | Verb::Wait(_)
                    | Verb::PidfdSendSignal(..)
                    | Verb::ExitThread(_)
                    | Verb::Exec
            ) {
                self.settle(engine.session());
                Ppids::Every
            } else {
                // Only a death reparents: after any other statement the one
                // getppid() that can be new is the created task's (every
                // other is compared again after the next death, and at the
                // end), so a run costs O(tasks) /proc reads per statement
                // and O(tasks) round trips per death, not per statement.
                Ppids::Created(step.created.clone())
            };
            self.compare_world(l.line, engine.session(), &ppids)?;
            self.fault()?;
            last = Some((l.line, ppids));
        }
        if let Some((line, Ppids::Created(_))) = last {
            self.compare_world(line, engine.session(), &Ppids::Every)?;
            self.fault()?;
        }
        Ok(())
    }

    /// Runs `op` on the kernel; registers a task it creates under the
    /// model's name for it.
    fn execute(&mut self, op: &Op, step: &Step) -> Result<Reply, String> {
        if step.result == Err(Errno::EEXIST) {
            return Ok(Reply::Err(libc::EEXIST)); // the language's rule, not a system call
        }
        let a = op.actor.as_str();
        let cmd = match &op.verb {
            Verb::Clone(f) if f.thread && f.newpid => "clone_newpid_thread".to_string(),
            Verb::Clone(f) if f.thread => format!("thread {}", self.next_token),
            Verb::Clone(f) => {
                let flags =
                    if f.newpid { libc::CLONE_NEWPID } else { 0 } | if f.parent { libc::CLONE_PARENT } else { 0 };
                format!("clone {flags} {}", self.next_token)
            }
            Verb::Unshare => "unshare".into(),
            Verb::Setns(b) => match (self.kstate(b), self.host_tid(b)) {
                (ProcState::Gone, _) | (_, None) => return Ok(Reply::Err(libc::ESRCH)),
                (_, Some(h)) => format!("setns {h}"),
            },
            Verb::Exit(code) => format!("exit {code}"),
            Verb::Wait(None) => "wait -1".into(),
            Verb::Wait(Some(b)) => match self.kernel_pid_in(a, b) {
                Some(nr) if self.kstate(b) != ProcState::Gone => format!("wait {nr}"),
                _ => return Ok(Reply::Err(libc::ECHILD)),
            },
            Verb::Kill(Target::Pid(n), s) => format!("kill {n} {}", s.number()),
            Verb::Kill(Target::Name(b), s) => match self.kernel_pid_in(a, b) {
                Some(nr) if self.kstate(b) != ProcState::Gone => format!("kill {nr} {}", s.number()),
                _ => return Ok(Reply::Err(libc::ESRCH)),
            },
            Verb::Signal(s, d) => format!("sigaction {} {}", s.number(), d.name()),
            Verb::Subreaper(on) => format!("subreaper {}", u8::from(*on)),
            Verb::Setsid => "setsid".into(),
            Verb::Getpid => "getpid".into(),
            Verb::Gettid => "gettid".into(),
            Verb::Getppid => "getppid".into(),
            Verb::Getsid => "getsid".into(),
            Verb::SetLastPid(n) => format!("write /proc/sys/kernel/ns_last_pid {n}"),
            Verb::SetPidMax(n) => format!("write /proc/sys/kernel/pid_max {n}"),
            Verb::Reboot(c) => format!("reboot {}", c.name()),
            Verb::CloneSetTid(f, tids) => {
                let flags = if f.newpid { libc::CLONE_NEWPID } else { 0 }
                    | if f.parent { libc::CLONE_PARENT } else { 0 }
                    | if f.thread {
                        libc::CLONE_THREAD | libc::CLONE_SIGHAND | libc::CLONE_VM
                    } else {
                        0
                    };
                let tids: Vec<String> = tids.iter().map(u32::to_string).collect();
                format!("clone3 {flags} {} {}", self.next_token, tids.join(","))
            }
            Verb::ExitThread(code) => format!("exit_thread {code}"),
            Verb::Exec => return self.exec(a),
            Verb::PidfdOpen(Target::Pid(n)) => format!("pidfd_open {n} {}", step.created.as_deref().unwrap_or("-")),
            Verb::PidfdOpen(Target::Name(b)) => match self.kernel_pid_in(a, b) {
                Some(nr) if self.kstate(b) != ProcState::Gone => {
                    format!("pidfd_open {nr} {}", step.created.as_deref().unwrap_or("-"))
                }
                _ => return Ok(Reply::Err(libc::ESRCH)),
            },
            Verb::PidfdSendSignal(h, s) => format!("pidfd_send_signal {h} {}", s.number()),
            Verb::PidfdGetpid(h) => format!("pidfd_getpid {h}"),
            Verb::Close(h) => format!("close {h}"),
        };
        let mut reply = self.send(a, &cmd)?;
        if let Verb::Clone(f) | Verb::CloneSetTid(f, _) = &op.verb {
            if matches!(reply, Reply::Ok(..)) && !(f.thread && f.newpid) {
                let token = self.next_token;
                self.next_token += 1;
                let name = step.created.clone().unwrap_or_else(|| format!("(task #{token})"));
                self.await_hello(token, &name)?;
                if f.thread {
                    let tid = self.agents.get(&name).map_or(0, |x| i64::from(x.own_tid));
                    reply = Reply::Ok(tid, Vec::new());
                }
            }
        }
        if let (Verb::Wait(_), Reply::Ok(pid, rest)) = (&op.verb, &reply) {
            if *pid > 0 {
                let status = wait_status(rest.first().copied().unwrap_or(0));
                let names: Vec<String> = self.agents.keys().cloned().collect();
                if let Some(n) = names.iter().find(|n| self.kernel_pid_in(a, n) == Some(*pid)) {
                    if let Some(ag) = self.agents.get_mut(n) {
                        ag.ending = Some(status);
                    }
                }
            }
        }
        Ok(reply)
    }

    /// `exec` by `name`'s agent: it execve()s this program as the same agent,
    /// which says hello again (from the thread that called exec, now the
    /// process's only thread and its leader).
    fn exec(&mut self, name: &str) -> Result<Reply, String> {
        let Some(token) = self
            .agents
            .get(name)
            .and_then(|a| a.addr.as_deref())
            .and_then(|addr| addr.rsplit('.').next())
            .and_then(|t| t.parse::<u32>().ok())
        else {
            return Ok(Reply::NotRunnable);
        };
        let addr = format!("{}.{token}", self.socket);
        self.next_seq += 1;
        let seq = self.next_seq;
        self.sock
            .send_to(format!("{seq} exec {token}").as_bytes(), &addr)
            .map_err(|e| procfs::harness_error(&addr, &e))?;
        // Either the same agent says hello again from its new image, or
        // execve failed and the old one answers with the errno.
        let deadline = Instant::now() + REPLY_TIMEOUT;
        let mut buf = [0u8; 512];
        loop {
            if self.hellos.iter().any(|h| h.0 == token) {
                self.await_hello(token, name)?;
                break;
            }
            match self.receive(&mut buf)? {
                Some(msg) => match msg.split_once(' ') {
                    Some((n, rest)) if n.parse() == Ok(seq) => {
                        let errno = rest.split_whitespace().nth(1).and_then(|e| e.parse().ok()).unwrap_or(0);
                        return Ok(Reply::Err(errno));
                    }
                    _ => self.keep_hello(&msg),
                },
                None if Instant::now() > deadline => return Err(format!("{name} neither exec'd nor answered")),
                None => {}
            }
        }
        // The old leader's pid is the caller's now: its agent is gone.
        let host = self.host_tid(name);
        for (n, a) in self.agents.iter_mut() {
            if n != name && Some(a.host_tid) == host {
                a.host_tid = -1;
                a.addr = None;
            }
        }
        Ok(Reply::Ok(0, Vec::new()))
    }

    fn compare_result(&mut self, line: usize, op: &Op, step: &Step, reply: &Reply) {
        let agree = match (&step.result, reply) {
            (Ok(StepValue::Value(v)), Reply::Ok(k, _)) => v == k,
            (Ok(StepValue::NoReturn), Reply::Gone) => true,
            // Without privilege, setns into a namespace owned by another user
            // namespace fails the capability check before the level check.
            (Err(Errno::EINVAL), Reply::Err(libc::EPERM)) => {
                self.mode == Mode::UserNs && matches!(op.verb, Verb::Setns(_))
            }
            (Err(e), Reply::Err(k)) => e.number() == *k,
            (Err(Errno::ESRCH), Reply::NotRunnable) => true,
            _ => false,
        };
        if !agree {
            self.disagree(line, format!("`{op}` returned"), step.to_string(), reply.show());
        }
    }

    /// Waits (bounded) until the kernel's task states are the model's, or,
    /// if they never get there, have stopped changing for a while: a task
    /// caught between `PF_EXITING` and its end on a busy machine is still on
    /// its way. Reaps the scenario's init when it died (the harness is its
    /// parent).
    fn settle(&mut self, s: &Session) {
        let expected: Vec<(i32, ProcState)> = {
            let mut v: Vec<(i32, ProcState)> = self
                .agents
                .iter()
                .filter(|(_, a)| a.host_tid > 0)
                .map(|(n, a)| {
                    let state = match s.holder(n) {
                        Some(Holder::Live(t)) => s.world().task_ref(t).map_or(ProcState::Gone, |r| r.state().into()),
                        _ => ProcState::Gone,
                    };
                    (a.host_tid, state)
                })
                .collect();
            v.sort_by_key(|x| x.0);
            v
        };
        let snapshot = |r: &Run| -> Vec<(i32, ProcState)> {
            let mut v: Vec<(i32, ProcState)> = r
                .agents
                .values()
                .filter(|a| a.host_tid > 0)
                .map(|a| (a.host_tid, r.observe(procfs::state(a.host_tid), ProcState::Gone)))
                .collect();
            v.sort_by_key(|x| x.0);
            v
        };
        let start = Instant::now();
        let mut last = Vec::new();
        let mut stable = 0;
        loop {
            self.reap_init();
            let now = snapshot(self);
            if now == expected {
                break;
            }
            stable = if now == last { stable + 1 } else { 0 };
            let waited = start.elapsed();
            if (stable >= 3 && waited >= Duration::from_millis(100)) || waited >= Duration::from_millis(800) {
                break;
            }
            last = now;
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Reaps the scenario's init if it is a zombie (the harness is its
    /// parent), noting how it ended for whoever holds its pid now: `init`,
    /// or the thread that took it over by exec.
    fn reap_init(&mut self) {
        if self.observe(procfs::state(self.init_host_pid), ProcState::Gone) == ProcState::Zombie {
            let mut st = 0;
            // SAFETY: reaping our own child.
            if unsafe { libc::waitpid(self.init_host_pid, &mut st, libc::WNOHANG) } == self.init_host_pid {
                let holder = self.agents.iter_mut().find(|(_, a)| a.host_tid == self.init_host_pid);
                if let Some((_, a)) = holder {
                    a.ending = Some(wait_status(i64::from(st)));
                }
            }
        }
    }

    /// The pair of tasks whose states differ from the model's only by which
    /// thread of a threaded namespace init runs `zap_pid_ns_processes` while
    /// a member reaped outside keeps the namespace waiting. When the leader
    /// gets to `exit_notify` while another thread still lives,
    /// `find_child_reaper` hands the namespace to that thread, which zaps it
    /// when it exits; that is the model's order. When the group dies of a
    /// signal every thread is woken at once and the scheduler decides: on a
    /// busy machine the other thread may set `PF_EXITING` first, and the
    /// leader zaps. Both are Linux, so the kernel's (leader exiting, thread
    /// gone) is taken for the model's (leader zombie, thread exiting).
    fn zap_order_race(&self, s: &Session) -> Vec<String> {
        let w = s.world();
        let mut out = Vec::new();
        for name in s.names() {
            let Some(Holder::Live(t)) = s.holder(name) else {
                continue;
            };
            let Some(task) = w.task_ref(t) else { continue };
            let zapper = task.is_thread()
                && task.state() == TaskState::Exiting
                && w.pid_namespace(task.active_pid_ns()).and_then(|ns| ns.child_reaper) == Some(t);
            let leader = task.leader();
            let Some(lname) = s.name_of(leader).filter(|_| zapper) else {
                continue;
            };
            let leader_zombie = w.task_ref(leader).map(|l| l.state()) == Some(TaskState::Zombie);
            if leader_zombie && self.kstate(name) == ProcState::Gone && self.kstate(lname) == ProcState::Exiting {
                out.extend([name.to_string(), lname.to_string()]);
            }
        }
        out
    }

    fn compare_world(&mut self, line: usize, s: &Session, ppids: &Ppids) -> Result<(), String> {
        let race = self.zap_order_race(s);
        let w = s.world();
        let names: Vec<String> = s.names().into_iter().map(str::to_string).collect();
        for name in &names {
            let k = self.kstate(name);
            match s.holder(name) {
                Some(Holder::Gone(status)) => {
                    if k != ProcState::Gone {
                        self.disagree(line, format!("state of {name}"), ProcState::Gone.name(), k.name());
                    } else if let Some(kend) = self.agents.get(name).and_then(|a| a.ending) {
                        if kend != status {
                            self.disagree(line, format!("how {name} ended"), status.to_string(), kend.to_string());
                        }
                    }
                }
                Some(Holder::Live(t)) => {
                    let Some(task) = w.task_ref(t) else { continue };
                    let mstate = task.state();
                    if ProcState::from(mstate) != k {
                        if !race.contains(name) {
                            self.disagree(line, format!("state of {name}"), mstate.name(), k.name());
                        }
                        continue;
                    }
                    self.compare_real_parent(line, s, name, task.parent_process())?;
                    let knspid = self
                        .kernel_nspid(name)
                        .map(|v| v.get(self.host_level..).unwrap_or(&[]).to_vec());
                    let mnspid: Vec<i32> = task.nspid().iter().map(|&x| x as i32).collect();
                    if knspid.as_ref() != Some(&mnspid) {
                        self.disagree(
                            line,
                            format!("NSpid of {name}"),
                            fmt_list(&mnspid),
                            knspid.map_or("?".into(), |v| fmt_list(&v)),
                        );
                    }
                    let check_ppid = match ppids {
                        Ppids::Every => true,
                        Ppids::Created(c) => c.as_deref() == Some(name.as_str()),
                    };
                    if mstate == TaskState::Running && check_ppid {
                        if let Reply::Ok(ppid, _) = self.send(name, "getppid")? {
                            let m = i64::from(task.ppid());
                            if ppid != m {
                                self.disagree(line, format!("getppid of {name}"), m.to_string(), ppid.to_string());
                            }
                        }
                    }
                    if mstate == TaskState::Zombie {
                        let (ending, parent) = (task.group_exit(), task.parent());
                        self.compare_zombie_ending(line, s, name, ending, parent)?;
                    }
                }
                Some(Holder::Handle(_)) | None => {}
            }
        }
        let extra: Vec<String> = self
            .agents
            .keys()
            .filter(|n| s.holder(n).is_none() && self.kstate(n) != ProcState::Gone)
            .cloned()
            .collect();
        for n in extra {
            self.disagree(line, format!("task {n}"), "does not exist", self.kstate(&n).name());
        }
        Ok(())
    }

    fn compare_zombie_ending(
        &mut self,
        line: usize,
        s: &Session,
        name: &str,
        model: Option<ExitStatus>,
        parent: Option<TaskId>,
    ) -> Result<(), String> {
        let Some(parent) = parent
            .filter(|&p| s.world().can_run(p))
            .and_then(|p| s.name_of(p))
            .map(str::to_string)
        else {
            return Ok(());
        };
        let Some(nr) = self.kernel_pid_in(&parent, name) else {
            return Ok(());
        };
        if let Reply::Ok(code, rest) = self.send(&parent, &format!("peek {nr}"))? {
            let st = rest.first().copied().unwrap_or(0) as i32;
            let kernel = match code as i32 {
                libc::CLD_EXITED => Some(ExitStatus::Exited(st as u8)),
                libc::CLD_KILLED | libc::CLD_DUMPED => Signal::from_number(st).map(ExitStatus::Killed),
                _ => None,
            };
            if kernel.is_some() && kernel != model {
                self.disagree(
                    line,
                    format!("how {name} ended"),
                    Ending(model).to_string(),
                    Ending(kernel).to_string(),
                );
            }
        }
        Ok(())
    }
}

impl Run {
    /// Compares `name`'s real parent with the kernel's, as the root
    /// namespace sees it (`PPid:` of `/proc/PID/status` read from outside,
    /// not `getppid()`, which is 0 for every namespace init): the parent's
    /// process name, or `(none)` when it is outside the scenario. One /proc
    /// read, no round trip, so it runs for every task after every statement.
    fn compare_real_parent(
        &mut self,
        line: usize,
        s: &Session,
        name: &str,
        parent: Option<TaskId>,
    ) -> Result<(), String> {
        let model = parent.and_then(|p| s.name_of(p)).unwrap_or("(none)");
        let Some(host) = self.host_tid(name) else {
            return Ok(());
        };
        let Some(kppid) = procfs::ppid(host)? else {
            return Ok(()); // gone meanwhile: the state comparison reports it
        };
        let kernel = self
            .agents
            .iter()
            .find(|(_, a)| a.host_tid == kppid)
            .map_or("(none)", |(n, _)| n.as_str());
        if model != kernel {
            let kernel = kernel.to_string();
            self.disagree(line, format!("real parent of {name}"), model, kernel);
        }
        Ok(())
    }
}

/// Whose `getppid()` a statement's comparison asks the kernel for.
enum Ppids {
    /// Every running task's (after a statement that can end tasks).
    Every,
    /// Only the task the statement created, if any.
    Created(Option<String>),
}

/// The start of every harness directory's name: `pidns-oracle-PID-NANOS`.
const DIR_PREFIX: &str = "pidns-oracle-";

/// Removes the directories of harnesses that are no longer running (a
/// `kill -9` leaves its directory behind; the next start cleans it).
fn remove_stale_dirs() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(owner) = name
            .to_str()
            .and_then(|n| n.strip_prefix(DIR_PREFIX))
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<i32>().ok())
        else {
            continue;
        };
        // SAFETY: signal 0 only asks whether the process exists.
        let dead =
            unsafe { libc::kill(owner, 0) } != 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH);
        if dead {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Raises this process's soft descriptor limit to its hard limit: the
/// harness holds one connection per scenario task, and a shell's common
/// `ulimit -n 1024` would otherwise end a run of a thousand forks (as a
/// broken run, with the reason, if even the hard limit is too low).
fn raise_nofile_limit() {
    let mut rl = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: get/setrlimit on structs we own.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl) == 0 && rl.rlim_cur < rl.rlim_max {
            rl.rlim_cur = rl.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &rl);
        }
    }
}

fn fmt_list(v: &[i32]) -> String {
    v.iter().map(i32::to_string).collect::<Vec<_>>().join(" ")
}
