//! The figures the web cost panel and `pidns cost` both show, computed once
//! here: the 2007 seed table beside a profile's predictions, a workload's
//! cost at every depth, and a trace as the segments of a stacked bar.

use super::fit::seed_observations;
use super::tables::{SeedRow, GETPID_TOLERANCE_S, SEED_ROWS};
use super::{trace_at, CostProfile, Workload};
use crate::work::WorkKind;
use crate::{Model, Work};

/// One row of the seed's table and what a profile predicts for it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SeedResult {
    pub row: SeedRow,
    /// The nptl test (10^6 thread create+join) in CPU seconds, as modelled.
    pub nptl_s: f64,
    /// 10^9 getpid() calls in seconds, as modelled.
    pub getpid_s: f64,
}

impl SeedResult {
    /// Whether the modelled nptl time lies within the published error.
    pub fn nptl_within_error(&self) -> bool {
        (self.nptl_s - self.row.nptl_s).abs() <= self.row.nptl_err
    }

    /// Whether the modelled getpid time lies within [`GETPID_TOLERANCE_S`].
    pub fn getpid_within_tolerance(&self) -> bool {
        (self.getpid_s - self.row.getpid_s).abs() <= GETPID_TOLERANCE_S
    }
}

/// The six seed rows under profile `p`.
pub fn seed_results(p: &CostProfile) -> Vec<SeedResult> {
    SEED_ROWS
        .iter()
        .map(|row| {
            let [nptl, getpid] = seed_observations(row);
            SeedResult {
                row: *row,
                nptl_s: p.cost(&nptl.trace) * nptl.count / 1e9,
                getpid_s: p.cost(&getpid.trace) * getpid.count / 1e9,
            }
        })
        .collect()
}

/// The cost in ns of one iteration of `w` at every depth from 0 to `max`
/// that `model` allows (the flat model stops at 1).
pub fn depth_series(p: &CostProfile, model: Model, w: Workload, max: u32) -> Vec<(u32, f64)> {
    (0..=max)
        .map_while(|d| trace_at(model, d, w).map(|t| (d, p.cost(&t))))
        .collect()
}

/// A run of identical work in a trace: one segment of a stacked bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub kind: WorkKind,
    /// The level, for per-level work (`alloc_pid` at level 3...).
    pub level: Option<u32>,
    pub count: u32,
    pub ns: f64,
}

/// A trace as segments, in the order the kernel did the work: consecutive
/// items of the same kind at the same level merge. A fork at depth 8 shows
/// its nine `pid_nr_alloc` segments, deepest level first.
pub fn segments(p: &CostProfile, trace: &[Work]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for w in trace {
        let ns = p.price(w);
        match out.last_mut() {
            Some(s) if s.kind == w.kind() && s.level == w.level() => {
                s.count += 1;
                s.ns += ns;
            }
            _ => out.push(Segment {
                kind: w.kind(),
                level: w.level(),
                count: 1,
                ns,
            }),
        }
    }
    out
}

impl std::fmt::Display for Segment {
    /// `pid_nr_alloc L3`, `copy_process`, `signal_send ×4`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.kind)?;
        if let Some(l) = self.level {
            write!(f, " L{l}")?;
        }
        if self.count > 1 {
            write!(f, " ×{}", self.count)?;
        }
        Ok(())
    }
}

/// One step's cost as the cost panel shows it: the stacked bar's segments,
/// the same without copying the process (`copy_process` dwarfs the rest),
/// and the share of per-level work.
#[derive(Clone, Debug, PartialEq)]
pub struct StepCost {
    pub segments: Vec<Segment>,
    pub total_ns: f64,
    /// The segments other than `copy_process`/`copy_thread`, when there are
    /// both kinds (a zoomed bar is worth drawing).
    pub zoomed: Option<Vec<Segment>>,
    /// Work repeated per level (allocating, publishing, freeing numbers).
    pub per_level_ns: f64,
    /// How many levels allocated a number.
    pub levels: usize,
}

/// The cost of one step's trace under `p`.
pub fn step_cost(p: &CostProfile, trace: &[Work]) -> StepCost {
    let segments = segments(p, trace);
    let copying = |s: &Segment| matches!(s.kind, WorkKind::CopyProcess | WorkKind::CopyThread);
    let rest: Vec<Segment> = segments.iter().filter(|s| !copying(s)).cloned().collect();
    StepCost {
        total_ns: segments.iter().map(|s| s.ns).sum(),
        per_level_ns: segments.iter().filter(|s| s.level.is_some()).map(|s| s.ns).sum(),
        levels: segments.iter().filter(|s| s.kind == WorkKind::PidNrAlloc).count(),
        zoomed: (rest.len() < segments.len() && !rest.is_empty()).then_some(rest),
        segments,
    }
}

/// A scenario's total in one model: its operations, how many failed, and
/// their cost.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Total {
    pub model: Model,
    pub ops: usize,
    pub failed: usize,
    pub ns: f64,
}

/// The total of the operations among the first `upto` statements of `run`.
pub fn total(p: &CostProfile, run: &crate::scenario::history::Run, upto: usize) -> Total {
    let mut t = Total {
        model: run.model(),
        ops: 0,
        failed: 0,
        ns: 0.0,
    };
    for (_, step) in run.steps(upto) {
        t.ops += 1;
        t.failed += usize::from(step.result.is_err());
        t.ns += p.cost(&step.work);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fork_at_depth_8_allocates_nine_numbers_deepest_first() {
        let p = CostProfile::builtin("linux-6.18").expect("built in");
        let trace = trace_at(Model::Multilevel, 8, Workload::ForkExitWait).expect("depth 8");
        let segs = segments(&p, &trace);
        let allocs: Vec<u32> = segs
            .iter()
            .filter(|s| s.kind == WorkKind::PidNrAlloc)
            .filter_map(|s| s.level)
            .collect();
        assert_eq!(allocs, (0..=8).rev().collect::<Vec<_>>());
        let total: f64 = segs.iter().map(|s| s.ns).sum();
        assert!((total - p.cost(&trace)).abs() < 1e-6);
    }

    #[test]
    fn the_flat_series_stops_at_level_one() {
        let p = CostProfile::builtin("seed-2007").expect("built in");
        assert_eq!(depth_series(&p, Model::Flat, Workload::Getpid, 32).len(), 2);
        assert_eq!(depth_series(&p, Model::Multilevel, Workload::Getpid, 32).len(), 33);
    }

    #[test]
    fn the_seed_profile_lands_within_the_published_errors() {
        let p = CostProfile::builtin("seed-2007").expect("built in");
        let rows = seed_results(&p);
        assert_eq!(rows.len(), 6);
        assert!(
            rows.iter()
                .all(|r| r.nptl_within_error() && r.getpid_within_tolerance()),
            "{rows:?}"
        );
    }
}
