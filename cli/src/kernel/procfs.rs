//! Reading the real kernel's view of a task from the host's `/proc`.

use pidns_core::ProcState;
use std::fs;

const PF_EXITING: u64 = 0x4;

/// The state of host pid `pid` (a tid works too), in the language's states:
/// `exiting` is a task past `do_exit`'s `PF_EXITING` that is not yet a
/// zombie (a namespace init inside `zap_pid_ns_processes`).
pub fn state(pid: i32) -> ProcState {
    let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return ProcState::Gone;
    };
    // Fields after the command name, which ends at the last ')'.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let (st, flags) = (
        fields.first().copied().unwrap_or("?"),
        fields.get(6).and_then(|f| f.parse::<u64>().ok()),
    );
    match st {
        "Z" => ProcState::Zombie,
        "X" | "x" => ProcState::Gone,
        "T" | "t" => ProcState::Stopped,
        _ if flags.is_some_and(|f| f & PF_EXITING != 0) => ProcState::Exiting,
        _ => ProcState::Running,
    }
}

/// The `NSpid:` line of host pid `pid`: its number at every level, from the
/// host's root down.
pub fn nspid(pid: i32) -> Option<Vec<i32>> {
    nspid_at(&format!("/proc/{pid}/status"))
}

/// The calling thread's own NSpid, from `/proc/thread-self` (the host's
/// `/proc`, so the first entry is its host tid).
pub fn own_nspid() -> Option<Vec<i32>> {
    nspid_at("/proc/thread-self/status")
}

fn nspid_at(path: &str) -> Option<Vec<i32>> {
    status_field(path, "NSpid:")?
        .split_whitespace()
        .map(|x| x.parse().ok())
        .collect()
}

/// The `PPid:` line of host pid `pid` read from the host: its real parent's
/// tgid in the host's namespace (0 when it has none there).
pub fn ppid(pid: i32) -> Option<i32> {
    status_field(&format!("/proc/{pid}/status"), "PPid:")?
        .trim()
        .parse()
        .ok()
}

fn status_field(path: &str, key: &str) -> Option<String> {
    let status = fs::read_to_string(path).ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    Some(line[key.len()..].to_string())
}

/// The inode of a pid namespace file, to compare namespaces.
pub fn ns_inode(path: &str) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).ok().map(|m| m.ino())
}
