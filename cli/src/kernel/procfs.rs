//! Reading the real kernel's view of a task from the host's `/proc`.
//!
//! A read that fails because the task is gone (`ENOENT`, `ESRCH`) says so;
//! any other failure (`EMFILE`, `ENFILE`, `ENOMEM`, ...) is the harness's
//! own trouble and comes back as an error, never as "the process is gone".
//! Each read opens one file, reads it into one reused buffer and closes it
//! at once: a statement's checks hold at most one descriptor at a time.

use pidns_core::ProcState;
use std::cell::RefCell;
use std::fs;
use std::io::Read;

thread_local! {
    /// The one buffer every read of this thread reuses.
    static BUF: RefCell<String> = RefCell::new(String::with_capacity(4096));
}

/// Reads `path` and hands its text to `f`: `Ok(None)` when the task is gone.
pub fn read_with<T>(path: &str, f: impl FnOnce(&str) -> T) -> Result<Option<T>, String> {
    let gone = |e: &std::io::Error| e.kind() == std::io::ErrorKind::NotFound || e.raw_os_error() == Some(libc::ESRCH);
    let mut file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if gone(&e) => return Ok(None),
        Err(e) => return Err(harness_error(path, &e)),
    };
    BUF.with(|b| {
        let mut buf = b.borrow_mut();
        buf.clear();
        match file.read_to_string(&mut buf) {
            Ok(_) => Ok(Some(f(&buf))),
            Err(e) if gone(&e) => Ok(None),
            Err(e) => Err(harness_error(path, &e)),
        }
    })
}

/// The reason the harness could not read `path`, naming its own limit.
pub fn harness_error(path: &str, e: &std::io::Error) -> String {
    let limit = match e.raw_os_error() {
        Some(libc::EMFILE) => format!(" (the harness's descriptor limit, RLIMIT_NOFILE = {})", nofile_limit()),
        Some(libc::ENFILE) => " (the system's descriptor limit, fs.file-max)".to_string(),
        Some(libc::EAGAIN | libc::ENOMEM) => " (the harness is short of memory or processes)".to_string(),
        _ => String::new(),
    };
    format!("the harness could not read {path}: {e}{limit}")
}

/// The soft limit on this process's open descriptors.
pub fn nofile_limit() -> u64 {
    let mut rl = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct we own.
    unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl) };
    rl.rlim_cur
}

const PF_EXITING: u64 = 0x4;

/// The state of host pid `pid` (a tid works too) in the language's states,
/// or why the harness could not read it: `exiting` is a task past
/// `do_exit`'s `PF_EXITING` that is not yet a zombie (a namespace init
/// inside `zap_pid_ns_processes`).
pub fn state(pid: i32) -> Result<ProcState, String> {
    Ok(read_with(&format!("/proc/{pid}/stat"), parse_state)?.unwrap_or(ProcState::Gone))
}

fn parse_state(stat: &str) -> ProcState {
    // Fields after the command name, which ends at the last ')'.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let mut fields = rest.split_whitespace();
    let st = fields.next().unwrap_or("?");
    let flags = fields.nth(5).and_then(|f| f.parse::<u64>().ok());
    match st {
        "Z" => ProcState::Zombie,
        "X" | "x" => ProcState::Gone,
        "T" | "t" => ProcState::Stopped,
        _ if flags.is_some_and(|f| f & PF_EXITING != 0) => ProcState::Exiting,
        _ => ProcState::Running,
    }
}

/// The `NSpid:` line of host pid `pid`: its number at every level, from the
/// host's root down; `Ok(None)` when the task is gone.
pub fn nspid(pid: i32) -> Result<Option<Vec<i32>>, String> {
    Ok(read_with(&format!("/proc/{pid}/status"), parse_nspid)?.flatten())
}

/// The `PPid:` line of host pid `pid` read from the host: its real parent's
/// tgid in the host's namespace; `Ok(None)` when the task is gone.
pub fn ppid(pid: i32) -> Result<Option<i32>, String> {
    let parse = |status: &str| {
        let line = status.lines().find(|l| l.starts_with("PPid:"))?;
        line["PPid:".len()..].trim().parse().ok()
    };
    Ok(read_with(&format!("/proc/{pid}/status"), parse)?.flatten())
}

/// The calling thread's own NSpid, from `/proc/thread-self` (the host's
/// `/proc`, so the first entry is its host tid).
pub fn own_nspid() -> Option<Vec<i32>> {
    nspid_at("/proc/thread-self/status")
}

fn nspid_at(path: &str) -> Option<Vec<i32>> {
    read_with(path, parse_nspid).ok().flatten().flatten()
}

fn parse_nspid(status: &str) -> Option<Vec<i32>> {
    let line = status.lines().find(|l| l.starts_with("NSpid:"))?;
    line["NSpid:".len()..]
        .split_whitespace()
        .map(|x| x.parse().ok())
        .collect()
}

/// The inode of a pid namespace file, to compare namespaces.
pub fn ns_inode(path: &str) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).ok().map(|m| m.ino())
}
