//! Reading the running machine for `pidns snapshot`: every process's
//! `stat` and `status` (NSpid, parent, command, start time), its pid
//! namespace and `pid_for_children` (the inodes of `/proc/PID/ns/...`),
//! each namespace's parent (`ioctl(NS_GET_PARENT)`) and, with threads, every
//! `/proc/PID/task/TID/status`. It only reads: no process is signalled,
//! traced or entered. Files are read one at a time through `procfs`'s one
//! buffer; a process that ends while being read is skipped and counted.

use super::procfs::{harness_error, read_with};
use crate::snapshot::{Machine, Proc, Thread, MAX_PROCESSES};
use std::collections::{HashMap, HashSet};
use std::io::ErrorKind;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

/// `_IO(0xb7, 0x2)`: the parent of a pid namespace, as a new descriptor.
const NS_GET_PARENT: u64 = 0xb702;
/// `PF_KTHREAD` in `stat`'s flags.
const PF_KTHREAD: u64 = 0x0020_0000;

/// What to read besides processes.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub threads: bool,
    pub kernel_threads: bool,
}

/// The fields of `/proc/PID/stat` a snapshot uses.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Stat {
    comm: String,
    zombie: bool,
    ppid: i32,
    flags: u64,
    start: u64,
    exit_code: Option<i32>,
}

fn parse_stat(s: &str) -> Option<Stat> {
    let (head, rest) = s.rsplit_once(')')?;
    let comm = head.split_once('(')?.1.to_string();
    let f: Vec<&str> = rest.split_whitespace().collect();
    // `f[k]` is field k + 3 of proc(5).
    let status: Option<i32> = f.get(49).and_then(|x| x.parse().ok());
    Some(Stat {
        comm,
        zombie: *f.first()? == "Z",
        ppid: f.get(1)?.parse().ok()?,
        flags: f.get(6)?.parse().ok()?,
        start: f.get(19)?.parse().ok()?,
        exit_code: status.filter(|s| s & 0x7f == 0).map(|s| (s >> 8) & 0xff),
    })
}

/// `NSpid:` and `Name:` of a `status` file.
fn parse_status(s: &str) -> Option<(Vec<u32>, String)> {
    let mut nspid = None;
    let mut name = String::new();
    for l in s.lines() {
        if let Some(v) = l.strip_prefix("NSpid:") {
            nspid = v.split_whitespace().map(|x| x.parse().ok()).collect();
        } else if let Some(v) = l.strip_prefix("Name:") {
            name = v.trim().to_string();
        }
    }
    Some((nspid?, name))
}

/// The inode of a namespace link (`pid:[4026531836]`): `Ok(None)` when the
/// task is gone, `Ok(Some(0))` when it may not be read (another user's).
fn ns_link(path: &str) -> Result<Option<u64>, String> {
    match std::fs::read_link(path) {
        Ok(t) => {
            let t = t.to_string_lossy();
            let n = t
                .split_once('[')
                .and_then(|(_, r)| r.strip_suffix(']'))
                .and_then(|n| n.parse().ok());
            Ok(Some(n.unwrap_or(0)))
        }
        Err(e) if e.kind() == ErrorKind::NotFound || e.raw_os_error() == Some(libc::ESRCH) => Ok(None),
        Err(e) if e.kind() == ErrorKind::PermissionDenied => Ok(Some(0)),
        Err(e) => Err(harness_error(path, &e)),
    }
}

fn inode(fd: &OwnedFd) -> Option<u64> {
    // SAFETY: fstat writes into the struct we own; fd is open.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    (unsafe { libc::fstat(fd.as_raw_fd(), &mut st) } == 0).then_some(st.st_ino)
}

/// `NS_GET_PARENT` from the namespace of host pid `pid` upwards until
/// `root` or a namespace already known, into `parents`.
fn ns_parents(pid: i32, ns: u64, root: u64, parents: &mut HashMap<u64, u64>) -> bool {
    let Ok(file) = std::fs::File::open(format!("/proc/{pid}/ns/pid")) else {
        return false;
    };
    let mut fd = OwnedFd::from(file);
    if inode(&fd) != Some(ns) {
        return false; // the pid was reused meanwhile
    }
    let mut cur = ns;
    for _ in 0..=pidns_core::MAX_PID_NS_LEVEL {
        if cur == root || parents.contains_key(&cur) {
            return true;
        }
        // SAFETY: an ioctl on a descriptor we own; it returns a new one or -1.
        let p = unsafe { libc::ioctl(fd.as_raw_fd(), NS_GET_PARENT as _) };
        if p < 0 {
            return false;
        }
        // SAFETY: `p` is a fresh descriptor that nothing else owns.
        fd = unsafe { OwnedFd::from_raw_fd(p) };
        let Some(up) = inode(&fd) else { return false };
        parents.insert(cur, up);
        cur = up;
    }
    false
}

/// Reads one process; `Ok(None)` when it ended while being read.
fn read_proc(pid: i32, opts: Options, kthreads: &mut usize) -> Result<Option<Proc>, String> {
    let Some(st) = read_with(&format!("/proc/{pid}/stat"), parse_stat)?.flatten() else {
        return Ok(None);
    };
    if st.flags & PF_KTHREAD != 0 && !opts.kernel_threads {
        *kthreads += 1;
        return Ok(Some(Proc {
            host: 0,
            nspid: Vec::new(),
            ppid: 0,
            ns: 0,
            for_children: 0,
            start: 0,
            comm: String::new(),
            zombie: false,
            exit_code: None,
            threads: Vec::new(),
        }));
    }
    let Some((nspid, _)) = read_with(&format!("/proc/{pid}/status"), parse_status)?
        .flatten()
        .filter(|(n, _)| !n.is_empty())
    else {
        return Ok(None);
    };
    // A zombie has no namespaces left to read: its namespace stays unknown.
    let ns = match ns_link(&format!("/proc/{pid}/ns/pid"))? {
        Some(ns) => ns,
        None if st.zombie => 0,
        None => return Ok(None),
    };
    let for_children = ns_link(&format!("/proc/{pid}/ns/pid_for_children"))?.unwrap_or(0);
    let mut threads = Vec::new();
    if opts.threads {
        if let Ok(dir) = std::fs::read_dir(format!("/proc/{pid}/task")) {
            for e in dir.flatten() {
                let Some(tid) = e.file_name().to_str().and_then(|t| t.parse::<i32>().ok()) else {
                    continue;
                };
                if tid == pid {
                    continue;
                }
                if let Some((nspid, comm)) =
                    read_with(&format!("/proc/{pid}/task/{tid}/status"), parse_status)?.flatten()
                {
                    threads.push(Thread { host: tid, comm, nspid });
                }
            }
            threads.sort_by_key(|t| t.host);
        }
    }
    Ok(Some(Proc {
        host: pid,
        nspid,
        ppid: st.ppid,
        ns,
        for_children,
        start: st.start,
        comm: st.comm,
        zombie: st.zombie,
        exit_code: st.exit_code,
        threads,
    }))
}

/// Reads every process of this machine (as this process's `/proc` shows
/// them), their namespaces and `pid_max`.
pub fn read(opts: Options) -> Result<Machine, String> {
    let mut m = Machine {
        root_ns: ns_link("/proc/self/ns/pid")?.unwrap_or(0),
        pid_max: read_with("/proc/sys/kernel/pid_max", |s| s.trim().parse().ok())?.flatten(),
        ..Machine::default()
    };
    if m.root_ns == 0 {
        return Err("cannot read this process's own pid namespace (/proc/self/ns/pid)".into());
    }
    let mut pids: Vec<i32> = std::fs::read_dir("/proc")
        .map_err(|e| harness_error("/proc", &e))?
        .flatten()
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse().ok()))
        .collect();
    pids.sort_unstable();
    let me = std::process::id() as i32;
    let (mut ended, mut kthreads, mut tasks) = (0usize, 0usize, 0usize);
    for &pid in &pids {
        if pid == me {
            continue;
        }
        if tasks >= MAX_PROCESSES {
            m.notes.push(format!(
                "stopped after {MAX_PROCESSES} processes and threads (the snapshot's limit); {} processes not read",
                pids.len() - m.procs.len()
            ));
            break;
        }
        match read_proc(pid, opts, &mut kthreads)? {
            None => ended += 1,
            Some(p) if p.host == 0 => {}
            Some(p) => {
                tasks += 1 + p.threads.len();
                m.procs.push(p);
            }
        }
    }
    // A parent that ended while reading: its children were reparented since
    // they were read; read their parent again.
    let known: HashSet<i32> = m.procs.iter().map(|p| p.host).collect();
    for p in m.procs.iter_mut().filter(|p| p.ppid != 0 && !known.contains(&p.ppid)) {
        if let Some(st) = read_with(&format!("/proc/{}/stat", p.host), parse_stat)?.flatten() {
            p.ppid = st.ppid;
        }
    }
    // Each namespace's parent, from one of its processes.
    let mut seen = HashSet::new();
    for p in &m.procs {
        if p.ns != 0 && p.ns != m.root_ns && seen.insert(p.ns) && !ns_parents(p.host, p.ns, m.root_ns, &mut m.ns_parent)
        {
            seen.remove(&p.ns);
        }
    }
    if ended > 0 {
        m.notes.push(format!("{ended} processes ended while reading"));
    }
    if kthreads > 0 {
        m.notes.push(format!(
            "{kthreads} kernel threads left out (--kernel-threads includes them)"
        ));
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_fields_are_read_after_the_last_parenthesis() {
        let mut line = "42 (a (b) c) Z 7 42 42 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 12345".to_string();
        for _ in 23..52 {
            line.push_str(" 0");
        }
        line.push_str(" 768\n");
        let st = parse_stat(&line).expect("parses");
        assert_eq!(st.comm, "a (b) c");
        assert!(st.zombie);
        assert_eq!(
            (st.ppid, st.flags, st.start, st.exit_code),
            (7, 4194560, 12345, Some(3))
        );
    }

    #[test]
    fn this_machine_reads_with_this_process_left_out() {
        let m = read(Options::default()).expect("reads /proc");
        assert!(m.root_ns != 0);
        let me = std::process::id() as i32;
        assert!(m.procs.iter().all(|p| p.host != me && !p.nspid.is_empty()));
        assert!(m.procs.iter().any(|p| p.nspid == [1]), "an init");
    }
}
