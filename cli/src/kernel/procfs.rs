//! Reading the real kernel's view of a task from the host's `/proc`.

use std::fs;

/// What `/proc/PID/stat` says a task is doing, in the language's states.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KState {
    Running,
    Stopped,
    /// A namespace init inside `zap_pid_ns_processes` (`PF_EXITING`, not yet a zombie).
    Exiting,
    Zombie,
    Gone,
}

impl KState {
    pub fn name(self) -> &'static str {
        match self {
            KState::Running => "running",
            KState::Stopped => "stopped",
            KState::Exiting => "exiting",
            KState::Zombie => "zombie",
            KState::Gone => "gone",
        }
    }
}

const PF_EXITING: u64 = 0x4;

/// The state of host pid `pid` (a tid works too).
pub fn state(pid: i32) -> KState {
    let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return KState::Gone;
    };
    // Fields after the command name, which ends at the last ')'.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let (st, flags) = (
        fields.first().copied().unwrap_or("?"),
        fields.get(6).and_then(|f| f.parse::<u64>().ok()),
    );
    match st {
        "Z" => KState::Zombie,
        "X" | "x" => KState::Gone,
        "T" | "t" => KState::Stopped,
        _ if flags.is_some_and(|f| f & PF_EXITING != 0) => KState::Exiting,
        _ => KState::Running,
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
    let status = fs::read_to_string(path).ok()?;
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
