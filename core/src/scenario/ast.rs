//! The scenario language's syntax tree, and its canonical text form
//! (`Display` writes a statement back as the parser reads it).

use crate::{CloneFlags, Disposition, Errno, Model, ProcState, RebootCmd, Signal};
use std::fmt;

/// A parsed scenario: its header and its statements.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scenario {
    pub header: Header,
    pub lines: Vec<Line>,
}

impl Scenario {
    /// Its statements, without their line numbers.
    pub fn statements(self) -> Vec<Stmt> {
        self.lines.into_iter().map(|l| l.stmt).collect()
    }
}

/// The optional header (`model`, `pid_max`, `profile`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    pub model: Option<Model>,
    pub pid_max: Option<u32>,
    pub profile: Option<String>,
}

/// One statement and the line it came from (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub line: usize,
    pub stmt: Stmt,
}

/// An operation or an expectation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stmt {
    Op(Op),
    Expect(Expect),
}

/// `ACTOR VERB [ARGS] [as NAME]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Op {
    pub actor: String,
    pub verb: Verb,
    /// `as NAME`, for fork and clone.
    pub name: Option<String>,
}

/// What an operation does, one variant per system call of the language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verb {
    /// `fork` (all flags false) or `clone FLAGS`.
    Clone(CloneFlags),
    /// `fork set_tid N,...` or `clone FLAGS set_tid N,...`: `clone3()` with
    /// the child's numbers chosen, deepest level first.
    CloneSetTid(CloneFlags, Vec<u32>),
    /// `exit_thread [CODE]`: `exit()` of the calling thread only.
    ExitThread(u8),
    /// `exec`: `execve()`; `de_thread` makes the caller the process's only thread.
    Exec,
    /// `pidfd_open TARGET`: a handle on a process (`as H` names it).
    PidfdOpen(Target),
    /// `pidfd_send_signal H SIG`.
    PidfdSendSignal(String, Signal),
    /// `pidfd_getpid H`: the process's pid as the caller's namespace sees it.
    PidfdGetpid(String),
    /// `close H`.
    Close(String),
    Unshare,
    Setns(String),
    Exit(u8),
    Wait(Option<String>),
    Kill(Target, Signal),
    Signal(Signal, Disposition),
    Subreaper(bool),
    Setsid,
    Getpid,
    Gettid,
    Getppid,
    Getsid,
    SetLastPid(i64),
    SetPidMax(i64),
    Reboot(RebootCmd),
}

/// The target of `kill`: a name, or a number read in the caller's namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Name(String),
    /// A positive pid, or -1.
    Pid(i64),
}

/// Which id an `expect N <field> = V` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdField {
    Pid,
    Tid,
    Ppid,
    Sid,
}

/// An `expect` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    Ok,
    Error(Errno),
    Result(i64),
    Id { name: String, field: IdField, value: i64 },
    Nspid { name: String, values: Vec<u32> },
    PidIn { name: String, viewer: String, value: i64 },
    Level { name: String, value: u32 },
    State { name: String, state: ProcState },
    Parent { name: String, parent: String },
    Killed { name: String, sig: Signal },
    Exited { name: String, code: u8 },
    Sees { name: String, names: Vec<String> },
}

impl IdField {
    /// The keyword.
    pub fn name(self) -> &'static str {
        match self {
            IdField::Pid => "pid",
            IdField::Tid => "tid",
            IdField::Ppid => "ppid",
            IdField::Sid => "sid",
        }
    }
}

impl RebootCmd {
    /// The keyword.
    pub fn name(self) -> &'static str {
        match self {
            RebootCmd::Restart => "restart",
            RebootCmd::Halt => "halt",
            RebootCmd::PowerOff => "poweroff",
            RebootCmd::CadOn => "cad_on",
        }
    }
}

impl fmt::Display for Verb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verb::Clone(fl) if *fl == CloneFlags::default() => write!(f, "fork"),
            Verb::Clone(fl) => {
                write!(f, "clone")?;
                for (on, w) in [(fl.newpid, "newpid"), (fl.thread, "thread"), (fl.parent, "parent")] {
                    if on {
                        write!(f, " {w}")?;
                    }
                }
                Ok(())
            }
            Verb::CloneSetTid(fl, tids) => {
                let tids: Vec<String> = tids.iter().map(u32::to_string).collect();
                write!(f, "{} set_tid {}", Verb::Clone(*fl), tids.join(","))
            }
            Verb::ExitThread(c) => write!(f, "exit_thread {c}"),
            Verb::Exec => write!(f, "exec"),
            Verb::PidfdOpen(Target::Name(n)) => write!(f, "pidfd_open {n}"),
            Verb::PidfdOpen(Target::Pid(p)) => write!(f, "pidfd_open {p}"),
            Verb::PidfdSendSignal(h, s) => write!(f, "pidfd_send_signal {h} {}", s.name()),
            Verb::PidfdGetpid(h) => write!(f, "pidfd_getpid {h}"),
            Verb::Close(h) => write!(f, "close {h}"),
            Verb::Unshare => write!(f, "unshare newpid"),
            Verb::Setns(n) => write!(f, "setns {n}"),
            Verb::Exit(c) => write!(f, "exit {c}"),
            Verb::Wait(None) => write!(f, "wait"),
            Verb::Wait(Some(n)) => write!(f, "wait {n}"),
            Verb::Kill(Target::Name(n), s) => write!(f, "kill {n} {}", s.name()),
            Verb::Kill(Target::Pid(p), s) => write!(f, "kill {p} {}", s.name()),
            Verb::Signal(s, d) => write!(f, "signal {} {}", s.name(), d.name()),
            Verb::Subreaper(on) => write!(f, "subreaper {}", if *on { "on" } else { "off" }),
            Verb::Setsid => write!(f, "setsid"),
            Verb::Getpid => write!(f, "getpid"),
            Verb::Gettid => write!(f, "gettid"),
            Verb::Getppid => write!(f, "getppid"),
            Verb::Getsid => write!(f, "getsid"),
            Verb::SetLastPid(n) => write!(f, "set_last_pid {n}"),
            Verb::SetPidMax(n) => write!(f, "set_pid_max {n}"),
            Verb::Reboot(c) => write!(f, "reboot {}", c.name()),
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.actor, self.verb)?;
        if let Some(n) = &self.name {
            write!(f, " as {n}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expect ")?;
        match self {
            Expect::Ok => write!(f, "ok"),
            Expect::Error(e) => write!(f, "error {}", e.name()),
            Expect::Result(v) => write!(f, "result {v}"),
            Expect::Id { name, field, value } => write!(f, "{name} {} = {value}", field.name()),
            Expect::Nspid { name, values } => {
                write!(f, "{name} nspid =")?;
                values.iter().try_for_each(|v| write!(f, " {v}"))
            }
            Expect::PidIn { name, viewer, value } => write!(f, "{name} pid in {viewer} = {value}"),
            Expect::Level { name, value } => write!(f, "{name} level = {value}"),
            Expect::State { name, state } => write!(f, "{name} state = {}", state.name()),
            Expect::Parent { name, parent } => write!(f, "{name} parent = {parent}"),
            Expect::Killed { name, sig } => write!(f, "{name} killed {}", sig.name()),
            Expect::Exited { name, code } => write!(f, "{name} exited {code}"),
            Expect::Sees { name, names } => {
                write!(f, "{name} sees =")?;
                names.iter().try_for_each(|v| write!(f, " {v}"))
            }
        }
    }
}

impl Expect {
    /// The expectation with its value hidden (`expect box pid = …`), for a
    /// goal shown before the questions that would give the value away.
    pub fn masked(&self) -> String {
        let s = self.to_string();
        match s.split_once('=') {
            Some((head, _)) => format!("{head}= …"),
            None => s.rsplit_once(' ').map_or(s.clone(), |(head, _)| format!("{head} …")),
        }
    }
}

impl fmt::Display for Stmt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stmt::Op(o) => o.fmt(f),
            Stmt::Expect(e) => e.fmt(f),
        }
    }
}
