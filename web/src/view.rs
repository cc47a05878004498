//! What the views show, read from a `Session` through `pidns_core`'s own
//! observation functions (`nspid`, `task_tgid_nr_ns`, `ps`...): no pid is computed here.

use pidns_core::scenario::history::{Outcome, Run};
use pidns_core::scenario::{ProcessRow, Session, Stmt, Verdict};
use pidns_core::{sort, ProcState};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// One row of the process table: core's row (`Session::table`, threads right
/// after their process, processes by global pid) and, with "view from", its
/// pid as the viewer sees it (0: invisible).
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub task: ProcessRow,
    pub seen: Option<u32>,
    /// A task the last step ended (killed, exited or reaped): shown once more, marked.
    pub ended: bool,
}

/// Rows as `now`, with the tasks the last step ended (`ended`, from core's
/// step effects) marked: those now a zombie or exiting keep their row, those
/// reaped come back once from `before` (the rows one step earlier) as
/// `gone`. So a namespace's death is seen as its processes go.
pub fn with_ended<'a>(before: &[Row], mut now: Vec<Row>, ended: impl Iterator<Item = &'a str>) -> Vec<Row> {
    let ended: HashSet<&str> = ended.collect();
    if ended.is_empty() {
        return now;
    }
    let present: HashSet<String> = now.iter().map(|r| r.task.name.clone()).collect();
    let ghosts: Vec<Row> = before
        .iter()
        .filter(|r| ended.contains(r.task.name.as_str()) && !present.contains(&r.task.name))
        .map(|r| {
            let mut g = r.clone();
            g.task.state = ProcState::Gone;
            g
        })
        .collect();
    for r in &mut now {
        r.ended = ended.contains(r.task.name.as_str());
    }
    now.extend(ghosts.into_iter().map(|g| Row { ended: true, ..g }));
    // Processes by global pid, each thread right after its process.
    let global = |r: &Row| r.task.nspid.first().copied().unwrap_or(0);
    let leader: HashMap<String, u32> = before
        .iter()
        .chain(&now)
        .filter(|r| r.task.thread_of.is_none())
        .map(|r| (r.task.name.clone(), global(r)))
        .collect();
    sort::sort_by_key(&mut now, |r| {
        let group = r
            .task
            .thread_of
            .as_ref()
            .and_then(|l| leader.get(l).copied())
            .unwrap_or(global(r));
        (group, r.task.thread_of.is_some(), global(r))
    });
    now
}

/// `6025/146/1`: numbers at every level, root first.
pub fn format_nspid(nspid: &[u32]) -> String {
    nspid.iter().map(u32::to_string).collect::<Vec<_>>().join("/")
}

/// The process table of a session, seen from `view_from` if given.
pub fn rows(s: &Session, view_from: Option<&str>) -> Vec<Row> {
    let viewer_ns = view_from.and_then(|n| s.task(n)).map(|t| t.active_pid_ns());
    s.table()
        .into_iter()
        .map(|task| {
            let seen = viewer_ns.map(|ns| s.task(&task.name).map_or(0, |t| t.pid_nr_ns(ns)));
            Row {
                task,
                seen,
                ended: false,
            }
        })
        .collect()
}

/// The name of every namespace's init (`child_reaper`), root first.
pub fn namespace_inits(s: &Session) -> Vec<&str> {
    s.world()
        .namespaces()
        .filter_map(|(_, ns)| ns.child_reaper.and_then(|t| s.name_of(t)))
        .collect()
}

/// One entry of the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub index: usize,
    pub text: String,
    pub result: String,
    /// The errno's explanation, or the failed expectation.
    pub note: Option<String>,
    pub failed: bool,
    pub cost_ns: Option<f64>,
}

/// The timeline of a run under a profile.
pub fn timeline(log: &[Stmt], run: &Run, profile: &pidns_core::cost::CostProfile) -> Rc<Vec<Entry>> {
    Rc::new(
        log.iter()
            .zip(run.outcomes())
            .enumerate()
            .map(|(index, (stmt, o))| {
                let (note, cost_ns) = match o {
                    Outcome::Op(step) => (step.explain(), Some(profile.cost(&step.work))),
                    Outcome::Expect(v @ Verdict::Fails { .. }) => (Some(v.to_string()), None),
                    Outcome::Expect(Verdict::Holds) => (None, None),
                };
                Entry {
                    index,
                    text: stmt.to_string(),
                    result: o.to_string(),
                    failed: note.is_some(),
                    note,
                    cost_ns,
                }
            })
            .collect(),
    )
}

/// Steps whose outcome differs between the two models (Compare mode).
pub fn divergences(log: &[Stmt], a: &Run, b: &Run) -> Vec<(usize, String, String, String)> {
    log.iter()
        .zip(a.outcomes().iter().zip(b.outcomes()))
        .enumerate()
        .filter(|(_, (_, (x, y)))| !x.agrees_with(y))
        .map(|(i, (stmt, (x, y)))| (i, stmt.to_string(), x.to_string(), y.to_string()))
        .collect()
}

/// The most names a drop-down (setns and kill targets, "view from") offers.
pub const CHOICES_MAX: usize = 200;

/// The names a drop-down offers: every live name in a small world; in a large
/// one, the names in `keep` (the selection, the viewer), every namespace's
/// init, then names in order, up to [`CHOICES_MAX`]. Any other name can still
/// be typed in the console. Returns the names, sorted, and how many were left out.
pub fn choices(names: &[String], inits: &[&str], keep: &[Option<&str>]) -> (Vec<String>, usize) {
    if names.len() <= CHOICES_MAX {
        return (names.to_vec(), 0);
    }
    let live = |n: &&str| names.binary_search_by(|x| x.as_str().cmp(n)).is_ok();
    let mut out: Vec<&str> = keep
        .iter()
        .flatten()
        .copied()
        .chain(inits.iter().copied())
        .filter(live)
        .collect();
    sort::sort_by_key(&mut out, |&n| n);
    out.dedup();
    let kept = out.clone();
    for n in names {
        if out.len() >= CHOICES_MAX {
            break;
        }
        if kept.binary_search(&n.as_str()).is_err() {
            out.push(n);
        }
    }
    sort::sort_by_key(&mut out, |&n| n);
    out.dedup();
    (out.iter().map(|n| n.to_string()).collect(), names.len() - out.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pidns_core::scenario::history::History;
    use pidns_core::scenario::parse;

    fn history(text: &str) -> History {
        let mut h = History::new(pidns_core::PID_MAX_DEFAULT);
        h.push(parse(text).expect("parses").statements());
        h
    }

    #[test]
    fn a_large_world_offers_the_viewer_and_every_init_first() {
        let mut text = String::from("init clone newpid as zz_init\n");
        for i in 0..300 {
            text += &format!("init fork as p{i:03}\n");
        }
        let h = history(&text);
        let s = h.run(pidns_core::Model::Multilevel).session();
        let names: Vec<String> = s.live_names().into_iter().map(str::to_string).collect();
        let (offered, more) = choices(&names, &namespace_inits(s), &[Some("p299"), Some("nobody")]);
        assert_eq!(offered.len(), CHOICES_MAX);
        assert_eq!(more, names.len() - CHOICES_MAX);
        for must in ["init", "zz_init", "p299", "p000"] {
            assert!(offered.iter().any(|n| n == must), "{must} offered");
        }
        assert!(!offered.iter().any(|n| n == "nobody"), "only live names");
        assert!(offered.windows(2).all(|w| w[0] < w[1]), "sorted");
    }

    #[test]
    fn a_dying_namespace_shows_its_processes_ending() {
        let mut h = history("init fork as a\na clone newpid as box\nbox fork as x\nbox fork as y\ny exit\nbox exit\n");
        let ml = pidns_core::Model::Multilevel;
        let now = rows(h.run(ml).session(), None);
        let step = h.run(ml).last_op(h.cursor()).map(|(_, s)| s.clone()).expect("a step");
        h.undo();
        let before = rows(h.run(ml).session(), None);
        let marked = with_ended(&before, now, step.ended());
        let show = |n: &str| {
            marked
                .iter()
                .find(|r| r.task.name == n)
                .map(|r| (r.task.state, r.ended))
        };
        assert_eq!(
            show("box"),
            Some((ProcState::Zombie, true)),
            "the init waits for its parent"
        );
        assert_eq!(
            show("x"),
            Some((ProcState::Gone, true)),
            "killed and reaped by zap_pid_ns_processes"
        );
        assert_eq!(show("y"), None, "a zombie before the step is not ended by it");
        assert_eq!(show("a"), Some((ProcState::Running, false)));
        let order: Vec<&str> = marked.iter().map(|r| r.task.name.as_str()).collect();
        assert_eq!(order, ["init", "a", "box", "x"], "by global pid");
    }

    #[test]
    fn a_small_world_offers_every_name() {
        let h = history("init fork as a\na fork as b\n");
        let s = h.run(pidns_core::Model::Multilevel).session();
        let names: Vec<String> = s.live_names().into_iter().map(str::to_string).collect();
        assert_eq!(choices(&names, &namespace_inits(s), &[None]), (names.clone(), 0));
    }
}
