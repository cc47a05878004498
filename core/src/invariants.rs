//! Consistency checks of a [`World`], for tests and debugging: the kernel's
//! own invariants between tasks, pids, idrs and namespaces.

use crate::task::TaskState;
use crate::world::World;

/// Whether [`World::same_state`] compares the idr cursors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cursors {
    /// Cursors must match too.
    Compare,
    /// Cursors may differ: `alloc_pid` moves them even when it fails, as Linux does.
    Ignore,
}

impl World {
    /// Checks that every existing task's pid has one number per level of its
    /// namespace chain, that each number maps back to it in that level's
    /// idr (so no number is held twice, however it was chosen: `set_tid`
    /// included), that pidfds are held only by live processes, that `pid_nr_ns` agrees with NSpid, that `pid_allocated` matches
    /// the idr, and that no running task is left in a dead namespace.
    pub fn check_invariants(&self) -> Result<(), String> {
        let mut counted = vec![0u32; self.namespaces.len()];
        for t in self.tasks() {
            let task = self.task(t);
            let ns = self.pid_ns(task.pid);
            let path = &self.ns(ns).path;
            let nrs = self.pid_numbers(task.pid);
            if nrs.len() != path.len() || nrs.len() != task.pid.level() as usize + 1 {
                return Err(format!(
                    "{t:?}: {} numbers for a level-{} pid",
                    nrs.len(),
                    task.pid.level()
                ));
            }
            for (l, (&nr, &lns)) in nrs.iter().zip(path.iter()).enumerate() {
                if self.ns(lns).idr.find(nr) != Some(task.pid) {
                    return Err(format!("{t:?}: number {nr} at level {l} does not map back to its pid"));
                }
                if self.task_pid_nr_ns(t, lns) != nr {
                    return Err(format!("{t:?}: pid_nr_ns disagrees with NSpid at level {l}"));
                }
                if l > 0 && self.ns(lns).parent != Some(path[l - 1]) {
                    return Err(format!("{t:?}: namespace chain broken at level {l}"));
                }
            }
            if self.ns(ns).is_dead() && matches!(task.state, TaskState::Running | TaskState::Stopped) {
                return Err(format!("{t:?}: still running in a namespace whose init died"));
            }
            if task.leader != t && self.task(task.leader).leader != task.leader {
                return Err(format!("{t:?}: its leader is not a leader"));
            }
        }
        self.check_pidfds()?;
        for (i, ns) in self.namespaces.iter().enumerate() {
            for (nr, pid) in ns.idr.iter() {
                let pns = self.pid_ns(pid);
                let level = ns.level as usize;
                if self.ns(pns).path.get(level) != Some(&ns.id()) || self.pid_numbers(pid)[level] != nr {
                    return Err(format!(
                        "namespace {i}: idr entry {nr} points to a pid without that number"
                    ));
                }
                counted[i] += 1;
            }
            if ns.pid_allocated != counted[i] || ns.idr.len() != counted[i] {
                return Err(format!(
                    "namespace {i}: pid_allocated {} but {} numbers in its idr",
                    ns.pid_allocated, counted[i]
                ));
            }
        }
        Ok(())
    }

    /// Whether two worlds hold the same kernel state, ignoring the last
    /// operation's trace and the pid caches' free lists (a slot taken and
    /// given back is still free; the numbers themselves are compared through
    /// the idrs). With [`Cursors::Ignore`], the idr cursors are ignored too:
    /// `alloc_pid` moves them even when it fails, as Linux does.
    pub fn same_state(&self, other: &World, cursors: Cursors) -> bool {
        let norm = |w: &World| {
            let mut w = w.clone();
            w.trace.clear();
            w.released.clear();
            w.effects.clear();
            w.caches.clear();
            if cursors == Cursors::Ignore {
                for ns in &mut w.namespaces {
                    ns.idr.set_cursor(0);
                }
            }
            w
        };
        norm(self) == norm(other)
    }
}
