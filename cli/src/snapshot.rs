//! `pidns snapshot`: the running machine's pid namespaces as a scenario.
//!
//! This module is the part that needs no kernel: what was read
//! ([`Machine`]), the plan that turns it into a scenario (who creates whom,
//! in which order, under which name; [`plan`]), the scenario's text
//! ([`Plan::text`]) and the comparison of a replay with what was read
//! ([`compare`]). Reading `/proc` is `kernel::machine` (Linux only).

use pidns_core::scenario::{Holder, LineParser, Session};
use pidns_core::PID_MAX_DEFAULT;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::fmt::Write as _;

/// Most processes (threads included) one snapshot reads: past it reading
/// stops and the scenario says so at its top.
pub const MAX_PROCESSES: usize = 100_000;

/// Longest name the language accepts.
const NAME_MAX: usize = 32;

/// A thread that is not its group's leader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Thread {
    pub host: i32,
    pub comm: String,
    /// Its tid at every level, from the reader's namespace down.
    pub nspid: Vec<u32>,
}

/// One process as `/proc` showed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proc {
    /// Its pid in the reader's namespace.
    pub host: i32,
    /// Its pid at every level, from the reader's namespace down (`NSpid:`).
    pub nspid: Vec<u32>,
    /// Its real parent's pid in the reader's namespace; 0 for none.
    pub ppid: i32,
    /// The inode of its pid namespace (`/proc/PID/ns/pid`); 0 if unreadable.
    pub ns: u64,
    /// The inode of `/proc/PID/ns/pid_for_children`; 0 if unreadable.
    pub for_children: u64,
    /// Start time in clock ticks after boot (`stat` field 22).
    pub start: u64,
    pub comm: String,
    pub zombie: bool,
    /// Its exit code when it is a zombie that exited (not killed).
    pub exit_code: Option<i32>,
    pub threads: Vec<Thread>,
}

/// What one reading of `/proc` found.
#[derive(Clone, Debug, Default)]
pub struct Machine {
    pub procs: Vec<Proc>,
    /// Each namespace's parent namespace (`NS_GET_PARENT`), by inode; the
    /// reader's own namespace has none.
    pub ns_parent: HashMap<u64, u64>,
    /// The reader's own pid namespace.
    pub root_ns: u64,
    /// `pid_max` of the reader's namespace.
    pub pid_max: Option<u32>,
    /// What the reading could not do, one line each (ended while reading,
    /// the cap, kernel threads left out).
    pub notes: Vec<String>,
}

/// How one process comes into being in the scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Make {
    /// The scenario's first process.
    Root,
    /// `ACTOR fork set_tid ...` (after a `setns` when needed).
    Fork { actor: usize },
    /// `ACTOR clone newpid set_tid 1,...`: the init of a new namespace.
    NewNs { actor: usize },
}

/// One process of the scenario: what was read and how it is made.
#[derive(Clone, Debug)]
struct Placed {
    proc: usize,
    name: String,
    /// Its numbers from the scenario's root namespace down.
    nspid: Vec<u32>,
    make: Make,
    /// The real parent, when it is in the scenario.
    parent: Option<usize>,
    /// Why the creator is not the real parent, when it is not.
    stand_in: Option<String>,
    threads: Vec<(String, Vec<u32>, usize)>,
}

/// A scenario ready to be written: processes in creation order.
#[derive(Clone, Debug)]
pub struct Plan {
    placed: Vec<Placed>,
    /// Processes left out, with the reason: (host pid, command, reason).
    unplaced: Vec<(i32, String, String)>,
    notes: Vec<String>,
    pid_max: Option<u32>,
    /// Namespace of each placed process (by index into `placed`) and the
    /// name of each namespace's init.
    ns_of: Vec<u64>,
    init_of: HashMap<u64, usize>,
    ns_parent: HashMap<u64, u64>,
    /// What was read, for the comments.
    procs: Vec<Proc>,
    /// The scenario's root namespace is not the reader's.
    rebased: bool,
}

/// The names given so far, and for each base the next suffix to try, so
/// that a thousand `sleep`s are named in linear time.
#[derive(Clone, Debug, Default)]
pub struct Names {
    used: HashSet<String>,
    next: HashMap<String, u32>,
}

impl Names {
    /// No name given yet but `init`, which names only the first process.
    pub fn new() -> Names {
        let mut n = Names::default();
        n.used.insert("init".into());
        n
    }

    /// A name in the language (`[a-z][a-z0-9_-]{0,31}`) derived from a
    /// command, different from every name given before and never `init`
    /// (keywords are names in the language).
    pub fn derive(&mut self, comm: &str) -> String {
        let mapped: String = comm
            .chars()
            .map(|c| c.to_ascii_lowercase())
            .map(|c| {
                if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let start = mapped.find(|c: char| c.is_ascii_lowercase()).unwrap_or(mapped.len());
        let mut base: String = mapped[start..].chars().take(NAME_MAX - 6).collect();
        while base.ends_with('-') {
            base.pop();
        }
        if base.is_empty() {
            base = "proc".into();
        }
        let mut name = base.clone();
        let n = self.next.entry(base.clone()).or_insert(2);
        while self.used.contains(&name) {
            name = format!("{base}-{n}");
            *n += 1;
        }
        self.used.insert(name.clone());
        name
    }
}

/// The namespace chain of `ns` up to (not past) `top`: whether `top` is
/// `ns` or one of its ancestors.
fn within(ns: u64, top: u64, parent: &HashMap<u64, u64>) -> bool {
    let mut cur = ns;
    for _ in 0..=pidns_core::MAX_PID_NS_LEVEL + 1 {
        if cur == top {
            return true;
        }
        match parent.get(&cur) {
            Some(&p) => cur = p,
            None => return false,
        }
    }
    false
}

/// Plans the scenario of `m`, or of the namespace of host pid `scope` and
/// those below it (that namespace becomes the scenario's root).
pub fn plan(m: Machine, scope: Option<i32>) -> Result<Plan, String> {
    let by_host: HashMap<i32, usize> = m.procs.iter().enumerate().map(|(i, p)| (p.host, i)).collect();
    let (top, base) = match scope {
        None => (m.root_ns, 0),
        Some(pid) => {
            let p = &m.procs[*by_host
                .get(&pid)
                .ok_or_else(|| format!("--ns {pid}: no such process (or it ended while reading)"))?];
            if p.ns == 0 {
                return Err(format!("--ns {pid}: its pid namespace cannot be read (run as root)"));
            }
            (p.ns, p.nspid.len() - 1)
        }
    };
    let mut unplaced = Vec::new();
    let mut notes = m.notes.clone();
    // Which processes belong, and each one's namespace.
    let mut member: Vec<bool> = vec![false; m.procs.len()];
    for (i, p) in m.procs.iter().enumerate() {
        let ns = if p.ns == 0 && p.nspid.len() == 1 {
            m.root_ns
        } else {
            p.ns
        };
        if ns == 0 {
            if p.nspid.len() > base {
                let why = if p.zombie {
                    "a zombie, whose pid namespace cannot be read"
                } else {
                    "its pid namespace cannot be read (run as root)"
                };
                unplaced.push((p.host, p.comm.clone(), why.into()));
            }
            continue;
        }
        member[i] = within(ns, top, &m.ns_parent) && p.nspid.len() > base;
        if !member[i] && !within(ns, m.root_ns, &m.ns_parent) {
            let why = "its namespace's parent could not be read (NS_GET_PARENT), so where it belongs is unknown";
            unplaced.push((p.host, p.comm.clone(), why.into()));
        }
    }
    let ns_of = |i: usize| if m.procs[i].ns == 0 { m.root_ns } else { m.procs[i].ns };
    // Each namespace's init.
    let mut init_of: HashMap<u64, usize> = HashMap::new();
    for i in (0..m.procs.len()).filter(|&i| member[i]) {
        if m.procs[i].nspid.last() == Some(&1) {
            init_of.insert(ns_of(i), i);
        }
    }
    let root = *init_of
        .get(&top)
        .ok_or("the namespace has no init that could be read (it ended while reading?)")?;
    // Members of a namespace whose init was not read cannot be placed.
    for (i, p) in m.procs.iter().enumerate() {
        if member[i] && !init_of.contains_key(&ns_of(i)) {
            member[i] = false;
            unplaced.push((p.host, p.comm.clone(), "its namespace's init was not read".into()));
        }
    }
    // The real parent, when it is a member that started no later.
    let parent_of = |i: usize| -> Option<usize> {
        let p = &m.procs[i];
        let &q = by_host.get(&p.ppid)?;
        (member[q] && m.procs[q].start <= p.start && q != i).then_some(q)
    };
    // Creation order: parents before children, every namespace's init before
    // its members, and otherwise by start time.
    let deps = |i: usize| -> [Option<usize>; 2] {
        let own_init = init_of.get(&ns_of(i)).copied().filter(|&x| x != i);
        // A namespace's init needs its parent namespace's init.
        let up_init = if own_init.is_none() && i != root {
            m.ns_parent.get(&ns_of(i)).and_then(|pn| init_of.get(pn).copied())
        } else {
            None
        };
        [parent_of(i), own_init.or(up_init)]
    };
    let mut waiting: Vec<usize> = vec![0; m.procs.len()];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); m.procs.len()];
    for i in (0..m.procs.len()).filter(|&i| member[i]) {
        for d in deps(i).into_iter().flatten() {
            if i != root {
                waiting[i] += 1;
                children[d].push(i);
            }
        }
    }
    let key = |i: usize| Reverse((m.procs[i].start, m.procs[i].host, i));
    let mut ready: BinaryHeap<_> = (0..m.procs.len())
        .filter(|&i| member[i] && (waiting[i] == 0 || i == root))
        .map(key)
        .collect();
    let mut order = Vec::new();
    let mut done = vec![false; m.procs.len()];
    // The root first, whatever its start time says.
    let mut next = Some(root);
    loop {
        let i = match next.take() {
            Some(i) => i,
            None => match ready.pop() {
                Some(Reverse((_, _, i))) => i,
                None => break,
            },
        };
        if done[i] {
            continue;
        }
        done[i] = true;
        order.push(i);
        for &c in &children[i] {
            waiting[c] -= 1;
            if waiting[c] == 0 {
                ready.push(key(c));
            }
        }
    }
    for i in (0..m.procs.len()).filter(|&i| member[i] && !done[i]) {
        let p = &m.procs[i];
        unplaced.push((
            p.host,
            p.comm.clone(),
            "its parent or namespace could not be placed first (processes changed while reading?)".into(),
        ));
    }
    // Names and how each is made.
    let mut used = Names::new();
    let mut index: HashMap<usize, usize> = HashMap::new();
    let mut placed: Vec<Placed> = Vec::new();
    let mut ns_list = Vec::new();
    for &i in &order {
        let p = &m.procs[i];
        let ns = ns_of(i);
        let is_init = init_of.get(&ns) == Some(&i);
        // The init it needs placed first: its namespace's, or for an init the
        // parent namespace's.
        let needed = if is_init {
            m.ns_parent.get(&ns).and_then(|pn| init_of.get(pn))
        } else {
            init_of.get(&ns)
        };
        if i != root && !needed.is_some_and(|n| index.contains_key(n)) {
            unplaced.push((p.host, p.comm.clone(), "the init it needs could not be placed".into()));
            continue;
        }
        let name = if i == root {
            "init".to_string()
        } else {
            used.derive(&p.comm)
        };
        let parent = parent_of(i).and_then(|q| index.get(&q).copied());
        let (make, stand_in) = if i == root {
            (Make::Root, None)
        } else if is_init {
            let parent_ns = m.ns_parent.get(&ns).copied().unwrap_or(0);
            let up_init = needed.and_then(|n| index.get(n).copied()).unwrap_or(0);
            match parent {
                Some(q) if ns_list[q] == parent_ns => (Make::NewNs { actor: q }, None),
                Some(q) => (
                    Make::NewNs { actor: up_init },
                    Some(format!(
                        "its parent {} lives in an ancestor of the namespace's parent namespace, where it cannot create this namespace",
                        placed[q].name
                    )),
                ),
                None => (Make::NewNs { actor: up_init }, Some(missing_parent(p))),
            }
        } else {
            match parent {
                Some(q) if within(ns, ns_list[q], &m.ns_parent) => (Make::Fork { actor: q }, None),
                Some(q) => (
                    Make::Fork { actor: 0 },
                    Some(format!(
                        "its parent {} lives in a namespace that is not an ancestor of its own",
                        placed[q].name
                    )),
                ),
                None => (Make::Fork { actor: 0 }, Some(missing_parent(p))),
            }
        };
        let threads = p
            .threads
            .iter()
            .filter(|t| t.nspid.len() == p.nspid.len())
            .map(|t| (used.derive(&t.comm), t.nspid[base..].to_vec(), t.host as usize))
            .collect();
        index.insert(i, placed.len());
        ns_list.push(ns);
        placed.push(Placed {
            proc: i,
            name,
            nspid: p.nspid[base..].to_vec(),
            make,
            parent,
            stand_in,
            threads,
        });
    }
    let init_of = init_of
        .into_iter()
        .filter_map(|(ns, i)| index.get(&i).map(|&k| (ns, k)))
        .collect();
    if scope.is_some() {
        notes.push(format!(
            "pid_max of this namespace is not read (that needs entering it); the reader's namespace has {}",
            m.pid_max.map_or("an unreadable one".to_string(), |n| n.to_string())
        ));
    }
    Ok(Plan {
        placed,
        unplaced,
        notes,
        pid_max: m.pid_max,
        ns_of: ns_list,
        init_of,
        ns_parent: m.ns_parent,
        procs: m.procs,
        rebased: scope.is_some(),
    })
}

fn missing_parent(p: &Proc) -> String {
    if p.ppid == 0 {
        "it has no parent in this snapshot".into()
    } else {
        format!(
            "its parent (host pid {}) is outside the snapshot or ended while reading",
            p.ppid
        )
    }
}

/// `set_tid` values: deepest level first.
fn set_tid(nspid: &[u32]) -> String {
    nspid.iter().rev().map(u32::to_string).collect::<Vec<_>>().join(",")
}

/// A comment's text: printable, one line.
fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { '?' } else { c }).collect()
}

/// What `--check` compares for one name: its numbers from the scenario's
/// root down and its real parent's name (`None`: no parent in the snapshot).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    pub name: String,
    pub host: i32,
    pub nspid: Vec<u32>,
    /// `None` for threads (their parent is their group's).
    pub parent: Option<Option<String>>,
}

impl Plan {
    /// The scenario's statements and comments.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let w = &mut out;
        let _ = writeln!(w, "# pidns snapshot: {} processes", self.placed.len());
        for n in &self.notes {
            let _ = writeln!(w, "# note: {}", clean(n));
        }
        if !self.unplaced.is_empty() {
            let _ = writeln!(w, "# not placed ({}):", self.unplaced.len());
            for (host, comm, why) in &self.unplaced {
                let _ = writeln!(w, "#   {} (host pid {host}): {why}", clean(comm));
            }
        }
        if let Some(n) = self.pid_max.filter(|&n| n != PID_MAX_DEFAULT && n > 300) {
            let _ = writeln!(w, "pid_max {n}");
        }
        // Where each process's next child goes, as the scenario has it.
        let mut for_children: Vec<u64> = self.ns_of.clone();
        for (k, pl) in self.placed.iter().enumerate() {
            let p = &self.procs[pl.proc];
            let said = format!("{} (host pid {})", clean(&p.comm), p.host);
            let why = pl
                .stand_in
                .as_ref()
                .map(|s| format!("; created by a stand-in: {s}"))
                .unwrap_or_default();
            match pl.make {
                Make::Root => {
                    let _ = writeln!(w, "# init: {said}");
                }
                Make::NewNs { actor } => {
                    let a = &self.placed[actor].name;
                    if for_children[actor] != self.ns_of[actor] {
                        let _ = writeln!(w, "{a} setns {a}");
                        for_children[actor] = self.ns_of[actor];
                    }
                    let _ = writeln!(
                        w,
                        "{a} clone newpid set_tid {} as {}   # {said}, a new namespace{why}",
                        set_tid(&pl.nspid),
                        pl.name
                    );
                }
                Make::Fork { actor } => {
                    let a = &self.placed[actor].name;
                    let ns = self.ns_of[k];
                    if for_children[actor] != ns {
                        let target = match self.init_of.get(&ns) {
                            _ if ns == self.ns_of[actor] => a,
                            Some(&i) => &self.placed[i].name,
                            None => a,
                        };
                        let _ = writeln!(w, "{a} setns {target}");
                        for_children[actor] = ns;
                    }
                    let _ = writeln!(
                        w,
                        "{a} fork set_tid {} as {}   # {said}{why}",
                        set_tid(&pl.nspid),
                        pl.name
                    );
                }
            }
            for (name, nspid, host) in &pl.threads {
                let comm = p
                    .threads
                    .iter()
                    .find(|t| t.host as usize == *host)
                    .map_or("", |t| &t.comm);
                let _ = writeln!(
                    w,
                    "{} clone thread set_tid {} as {name}   # thread {} (host tid {host})",
                    pl.name,
                    set_tid(nspid),
                    clean(comm)
                );
            }
        }
        // Each process's pid_for_children as read, where the language can say it.
        for (k, pl) in self.placed.iter().enumerate() {
            let real = self.procs[pl.proc].for_children;
            if real == 0 || real == for_children[k] {
                continue;
            }
            let own = self.ns_of[k];
            let target = if real == own {
                Some(pl.name.as_str())
            } else if self.ns_parent.get(&real) == Some(&own) || within(real, own, &self.ns_parent) {
                self.init_of.get(&real).map(|&i| self.placed[i].name.as_str())
            } else {
                None
            };
            match target {
                Some(t) => {
                    let _ = writeln!(w, "{} setns {t}   # its pid_for_children as read", pl.name);
                }
                None => {
                    let _ = writeln!(
                        w,
                        "# {}: its pid_for_children is a namespace without processes here; not replayed",
                        pl.name
                    );
                }
            }
        }
        for pl in &self.placed {
            let p = &self.procs[pl.proc];
            if p.zombie && pl.make != Make::Root {
                match p.exit_code {
                    Some(c) => {
                        let _ = writeln!(w, "{} exit {c}   # a zombie", pl.name);
                    }
                    None => {
                        let _ = writeln!(w, "{} exit   # a zombie killed by a signal (replayed as exit)", pl.name);
                    }
                }
            }
        }
        if self.rebased {
            let _ = writeln!(
                w,
                "# the namespace of host pid {} is this scenario's root",
                self.procs[self.placed[0].proc].host
            );
        }
        out
    }

    /// What a replay must show, one entry per process and thread.
    pub fn expected(&self) -> Vec<Expected> {
        let mut v = Vec::new();
        for pl in &self.placed {
            let p = &self.procs[pl.proc];
            let parent = match (&pl.make, pl.parent) {
                (Make::Root, _) => None,
                (_, Some(q)) => Some(self.placed[q].name.clone()),
                (_, None) => None,
            };
            v.push(Expected {
                name: pl.name.clone(),
                host: p.host,
                nspid: pl.nspid.clone(),
                parent: Some(parent),
            });
            for (name, nspid, host) in &pl.threads {
                v.push(Expected {
                    name: name.clone(),
                    host: *host as i32,
                    nspid: nspid.clone(),
                    parent: None,
                });
            }
        }
        v
    }

    /// How many processes were placed and how many left out.
    pub fn counts(&self) -> (usize, usize) {
        (self.placed.len(), self.unplaced.len())
    }
}

/// The comparison of a replay with what was read.
#[derive(Clone, Debug, Default)]
pub struct Comparison {
    pub matched: usize,
    /// One line per difference.
    pub differ: Vec<String>,
    /// Statements the model refused (line, statement, why).
    pub refused: Vec<String>,
}

/// Replays `text` in the model and compares every process's NSpid and
/// parent with `expected`. A scenario the parser refuses is an error.
pub fn compare(text: &str, expected: &[Expected]) -> Result<Comparison, String> {
    let mut p = LineParser::new();
    let mut stmts = Vec::new();
    let mut errors = Vec::new();
    for raw in text.lines() {
        match p.next_line(raw) {
            Ok(Some(s)) => stmts.push((p.line(), s)),
            Ok(None) => {}
            Err(e) => errors.push(format!("line {}, col {}: {}", e.line, e.col, e.message)),
        }
    }
    if !errors.is_empty() {
        errors.truncate(5);
        return Err(format!("the model cannot read the snapshot: {}", errors.join("; ")));
    }
    let header = p.into_header();
    let mut checker = pidns_core::scenario::Checker::new(
        header.model.unwrap_or_default(),
        header.pid_max.unwrap_or(PID_MAX_DEFAULT),
    );
    for (line, s) in &stmts {
        checker.statement(*line, s);
    }
    let (session, failures, _) = checker.finish();
    let mut c = Comparison {
        refused: failures
            .iter()
            .map(|f| format!("line {}: `{}`: {}", f.line, f.statement, f.observed))
            .collect(),
        ..Comparison::default()
    };
    for e in expected {
        match observed(&session, &e.name) {
            None => c
                .differ
                .push(format!("{} (host pid {}): not in the model", e.name, e.host)),
            Some((nspid, parent)) => {
                let mut why = Vec::new();
                if nspid != e.nspid {
                    why.push(format!("NSpid {:?}, the model {:?}", e.nspid, nspid));
                }
                if let Some(want) = &e.parent {
                    if *want != parent {
                        why.push(format!(
                            "parent {}, the model {}",
                            want.as_deref().unwrap_or("none in the snapshot"),
                            parent.as_deref().unwrap_or("none")
                        ));
                    }
                }
                if why.is_empty() {
                    c.matched += 1;
                } else {
                    c.differ
                        .push(format!("{} (host pid {}): {}", e.name, e.host, why.join("; ")));
                }
            }
        }
    }
    Ok(c)
}

/// A task's NSpid and its parent's name in the replayed session.
fn observed(s: &Session, name: &str) -> Option<(Vec<u32>, Option<String>)> {
    let Some(Holder::Live(t)) = s.holder(name) else {
        return None;
    };
    let t = s.world().task_ref(t)?;
    let parent = t.parent_process().and_then(|q| s.name_of(q)).map(str::to_string);
    Some((t.nspid(), parent))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proc(host: i32, nspid: &[u32], ppid: i32, ns: u64, start: u64, comm: &str) -> Proc {
        Proc {
            host,
            nspid: nspid.to_vec(),
            ppid,
            ns,
            for_children: ns,
            start,
            comm: comm.into(),
            zombie: false,
            exit_code: None,
            threads: Vec::new(),
        }
    }

    #[test]
    fn names_are_valid_unique_and_never_init() {
        let mut used = Names::new();
        let valid = |n: &str| {
            n.len() <= 32
                && n.starts_with(|c: char| c.is_ascii_lowercase())
                && n.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        };
        let names: Vec<String> = [
            "bash",
            "bash",
            "kworker/0:1H-events_highpri",
            "(sd-pam)",
            "1234",
            "",
            "init",
            "fork",
            "Xorg",
            "été",
            "a-very-long-command-name-that-goes-on-and-on",
        ]
        .iter()
        .map(|c| used.derive(c))
        .collect();
        assert_eq!(names[0], "bash");
        assert_eq!(names[1], "bash-2");
        assert_eq!(names[2], "kworker-0-1h-events_highpr");
        assert_eq!(names[3], "sd-pam");
        assert_eq!(names[4], "proc");
        assert_eq!(names[5], "proc-2");
        assert_eq!(names[6], "init-2");
        assert_eq!(names[7], "fork");
        assert_eq!(names[8], "xorg");
        assert_eq!(names[9], "t");
        for n in &names {
            assert!(valid(n), "{n}");
        }
        let set: HashSet<&String> = names.iter().collect();
        assert_eq!(set.len(), names.len());
    }

    /// host 1 (init, ns A) -> 10 shell (A) -> 20 unshare (A) -> 30 box init
    /// (ns B, pids 30/1) -> 40 worker (B: 40/2); 50 nsenter (A) made 60 in B
    /// (60/3); 70's parent has gone (not read).
    fn machine() -> Machine {
        let mut procs = vec![
            proc(60, &[60, 3], 50, 2, 9, "sleep"),
            proc(40, &[40, 2], 30, 2, 6, "worker"),
            proc(30, &[30, 1], 20, 2, 5, "box"),
            proc(50, &[50], 10, 1, 8, "nsenter"),
            proc(20, &[20], 10, 1, 4, "unshare"),
            proc(10, &[10], 1, 1, 2, "sh"),
            proc(1, &[1], 0, 1, 1, "systemd"),
            proc(70, &[70], 99, 1, 3, "orphan?"),
        ];
        procs[0].for_children = 2;
        procs[1].threads.push(Thread {
            host: 41,
            comm: "worker".into(),
            nspid: vec![41, 4],
        });
        Machine {
            procs,
            ns_parent: [(2, 1)].into_iter().collect(),
            root_ns: 1,
            pid_max: Some(4194304),
            notes: vec!["1 process ended while reading".into()],
        }
    }

    fn position(text: &str, needle: &str) -> usize {
        text.find(needle).unwrap_or_else(|| panic!("no `{needle}` in\n{text}"))
    }

    #[test]
    fn parents_come_before_children_and_inits_before_their_members() {
        let plan = plan(machine(), None).expect("plan");
        let text = plan.text();
        assert!(
            text.starts_with("# pidns snapshot: 8 processes\n# note: 1 process ended while reading\n"),
            "{text}"
        );
        assert!(text.contains("pid_max 4194304\n"), "{text}");
        assert!(text.contains("# init: systemd (host pid 1)\n"), "{text}");
        let order = [
            "init fork set_tid 10 as sh ",
            "init fork set_tid 70 as orphan ",
            "sh fork set_tid 20 as unshare ",
            "unshare clone newpid set_tid 1,30 as box ",
            "box fork set_tid 2,40 as worker ",
            "worker clone thread set_tid 4,41 as worker-2 ",
            "sh fork set_tid 50 as nsenter ",
            "nsenter setns box\nnsenter fork set_tid 3,60 as sleep ",
        ];
        for pair in order.windows(2) {
            assert!(
                position(&text, pair[0]) < position(&text, pair[1]),
                "{pair:?} in\n{text}"
            );
        }
        assert!(text.contains("as orphan   # orphan? (host pid 70); created by a stand-in: its parent (host pid 99) is outside the snapshot or ended while reading\n"), "{text}");
        // sleep's pid_for_children was read as its own namespace; nsenter's as
        // its own too, so it goes back after the fork.
        assert!(
            text.contains("nsenter setns nsenter   # its pid_for_children as read\n"),
            "{text}"
        );
    }

    #[test]
    fn a_namespace_becomes_the_root_rebased() {
        let plan = plan(machine(), Some(40)).expect("plan");
        let text = plan.text();
        assert!(text.contains("# init: box (host pid 30)\n"), "{text}");
        assert!(text.contains("init fork set_tid 2 as worker "), "{text}");
        assert!(text.contains("worker clone thread set_tid 4 as worker-2 "), "{text}");
        assert!(
            text.contains(
                "init fork set_tid 3 as sleep   # sleep (host pid 60); created by a stand-in: its parent (host pid 50)"
            ),
            "{text}"
        );
        assert!(!text.contains("systemd"), "{text}");
        let exp = plan.expected();
        assert_eq!(exp.len(), 4);
        assert_eq!(exp[0].nspid, vec![1]);
        assert_eq!(exp[1].parent, Some(Some("init".into())));
        assert_eq!(plan.counts(), (3, 0));
    }

    #[test]
    fn members_of_a_namespace_without_init_are_listed_not_dropped() {
        let mut broken = machine();
        broken.ns_parent.clear();
        let text = plan(broken, None).expect("plan").text();
        assert!(
            text.contains("#   box (host pid 30): its namespace's parent could not be read"),
            "{text}"
        );
        let mut m = machine();
        m.procs.retain(|p| p.host != 30);
        let plan = plan(m, None).expect("plan");
        let text = plan.text();
        assert!(text.contains("# not placed (2):\n"), "{text}");
        assert!(
            text.contains("#   worker (host pid 40): its namespace's init was not read\n"),
            "{text}"
        );
        assert!(super::plan(machine(), Some(12345)).is_err());
    }

    #[test]
    fn compare_counts_what_the_model_rebuilt() {
        let text = "init fork as a\na fork as b\n";
        let exp = vec![
            Expected {
                name: "a".into(),
                host: 5,
                nspid: vec![2],
                parent: Some(Some("init".into())),
            },
            Expected {
                name: "b".into(),
                host: 6,
                nspid: vec![9],
                parent: Some(Some("a".into())),
            },
            Expected {
                name: "c".into(),
                host: 7,
                nspid: vec![4],
                parent: None,
            },
        ];
        let c = compare(text, &exp).expect("parses");
        assert_eq!(c.matched, 1);
        assert_eq!(c.differ.len(), 2, "{:?}", c.differ);
        assert!(c.differ[0].contains("NSpid [9], the model [3]"), "{:?}", c.differ);
        assert!(compare("init frok\n", &exp).is_err());
    }

    #[test]
    fn a_planned_snapshot_replays_to_zero_differences() {
        let plan = plan(machine(), None).expect("plan");
        let c = compare(&plan.text(), &plan.expected()).expect("the model reads set_tid");
        assert!(c.refused.is_empty(), "{:?}", c.refused);
        // orphan's parent is outside the snapshot: the stand-in differs.
        assert_eq!(c.differ.len(), 1, "{:?}", c.differ);
        assert_eq!(c.matched, plan.expected().len() - 1);
    }
}
