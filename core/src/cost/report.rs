//! The figures the web cost panel and `pidns cost` both show, computed once
//! here: the 2007 seed table beside a profile's predictions, a workload's
//! cost at every depth, and a trace as the segments of a stacked bar.

use super::fit::seed_observations;
use super::tables::{SeedRow, GETPID_TOLERANCE_S, SEED_ROWS};
use super::{trace_at, CostProfile, Workload};
use crate::fixed::Fixed;
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

/// `1.2 µs`, `106 ns`, `3.4 ms`: how every chart and sentence shows a cost.
pub fn format_ns(ns: f64) -> String {
    if ns.abs() >= 1e6 {
        format!("{} ms", Fixed(ns / 1e6, 2))
    } else if ns.abs() >= 1000.0 {
        format!("{} µs", Fixed(ns / 1000.0, 2))
    } else {
        format!("{} ns", Fixed(ns, 0))
    }
}

/// How much one more level adds to a depth series (least squares over its
/// points); 0 for a series of one point.
pub fn per_level(series: &[(u32, f64)]) -> f64 {
    let n = series.len() as f64;
    if series.len() < 2 {
        return 0.0;
    }
    let mx = series.iter().map(|p| f64::from(p.0)).sum::<f64>() / n;
    let my = series.iter().map(|p| p.1).sum::<f64>() / n;
    let sxy: f64 = series.iter().map(|p| (f64::from(p.0) - mx) * (p.1 - my)).sum();
    let sxx: f64 = series.iter().map(|p| (f64::from(p.0) - mx).powi(2)).sum();
    if sxx > 0.0 {
        sxy / sxx
    } else {
        0.0
    }
}

/// The depth chart's conclusion in one sentence, from the numbers: "each
/// level adds 0.53 µs to fork+exit+wait; getpid does not grow." A series
/// grows when its slope over the whole depth is over 0.5 % of its start.
pub fn depth_conclusion(series: &[(Workload, &[(u32, f64)])]) -> String {
    let (mut grows, mut flat) = (Vec::new(), Vec::new());
    for (w, s) in series {
        let slope = per_level(s);
        let start = s.first().map_or(0.0, |p| p.1).abs();
        let span = s.last().map_or(0, |p| p.0);
        if slope * f64::from(span) > start * 0.005 && slope > 0.0 {
            grows.push(format!("{} to {}", format_ns(slope), w.label()));
        } else {
            flat.push(w.label());
        }
    }
    let mut out = String::new();
    if !grows.is_empty() {
        out = format!("Each level adds {}", grows.join(" and "));
    }
    if !flat.is_empty() {
        let verb = if flat.len() == 1 { "does" } else { "do" };
        let tail = format!("{} {verb} not grow with depth", flat.join(" and "));
        out = if out.is_empty() { tail } else { format!("{out}; {tail}") };
    }
    out + "."
}

/// The seed chart's conclusion: how many rows the profile reproduces.
pub fn seed_conclusion(rows: &[SeedResult]) -> String {
    let nptl = rows.iter().filter(|r| r.nptl_within_error()).count();
    let getpid = rows.iter().filter(|r| r.getpid_within_tolerance()).count();
    format!(
        "The profile lands within the published error on {nptl} of {n} nptl rows and within tolerance on {getpid} of {n} getpid rows.",
        n = rows.len()
    )
}

/// The scenario totals' conclusion: which model costs more, and by how much.
pub fn totals_conclusion(totals: &[Total]) -> String {
    let [a, b] = match totals {
        [a, b] if a.ns > 0.0 || b.ns > 0.0 => [a, b],
        _ => return "No operation has run yet.".into(),
    };
    let (hi, lo) = if a.ns >= b.ns { (a, b) } else { (b, a) };
    if hi.ns - lo.ns < hi.ns * 0.0005 {
        return format!("Both models cost the same for these {} operations.", a.ops.max(b.ops));
    }
    format!(
        "{} costs {} more than {} ({} %) for these {} operations.",
        hi.model.name(),
        format_ns(hi.ns - lo.ns),
        lo.model.name(),
        Fixed((hi.ns - lo.ns) / hi.ns.max(1e-9) * 100.0, 1),
        hi.ops
    )
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
    fn conclusions_are_computed_from_the_numbers() {
        let fork = [(0, 100.0), (1, 600.0), (2, 1100.0)];
        let getpid = [(0, 106.0), (1, 106.0), (2, 106.0)];
        assert_eq!(
            depth_conclusion(&[(Workload::Getpid, &getpid), (Workload::ForkExitWait, &fork)]),
            "Each level adds 500 ns to fork+exit+wait; getpid does not grow with depth."
        );
        assert_eq!(format_ns(530.0 * 1000.0 / 1000.0 * 1.0), "530 ns");
        assert_eq!(format_ns(1530.0), "1.53 µs");
        let t = |model, ns| Total {
            model,
            ops: 3,
            failed: 0,
            ns,
        };
        assert_eq!(
            totals_conclusion(&[t(Model::Multilevel, 2000.0), t(Model::Flat, 1000.0)]),
            "multilevel costs 1.00 µs more than flat (50.0 %) for these 3 operations."
        );
        let p = CostProfile::builtin("seed-2007").expect("built in");
        assert!(seed_conclusion(&seed_results(&p)).contains("on 6 of 6 nptl rows"));
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
