//! Fitting a profile to measurements: weighted linear least squares over the
//! work the model's own traces contain. Each parameter prices one or more
//! kinds of work (with fixed shares where the data cannot tell them apart);
//! each observation is a workload's traced iteration, times a count, against
//! a measured value. Running this is the whole procedure: the built-in
//! profiles are rebuilt by it, never typed in.

use super::profile::{CostProfile, Prices};
use super::tables::{
    Linux618Row, ModernRow, SeedRow, GETPID_COUNT, LINUX_6_18, LINUX_6_18_MODERN, NPTL_COUNT, SEED_ROWS,
};
use super::workload::{trace_at, Workload};
use crate::work::WorkKind;
use crate::{Model, Work};

/// A fitted price: the kinds it sets and each kind's share of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub name: &'static str,
    pub kinds: Vec<(WorkKind, f64)>,
}

/// One measurement: `count` iterations of `trace` took `measured` (in the
/// observation's unit, `ns_per_unit` nanoseconds each), with uncertainty `sigma`.
#[derive(Clone, Debug)]
pub struct Observation {
    pub label: String,
    pub trace: Vec<Work>,
    pub count: f64,
    pub ns_per_unit: f64,
    pub measured: f64,
    pub sigma: f64,
}

/// A fit's outcome: the profile, each parameter's value (ns), and each
/// observation with the model's value.
#[derive(Clone, Debug)]
pub struct Fit {
    pub profile: CostProfile,
    pub params: Vec<(&'static str, f64)>,
    pub residuals: Vec<(String, f64, f64)>,
}

impl Observation {
    fn predicted(&self, prices: &Prices) -> f64 {
        prices.cost(&self.trace) * self.count / self.ns_per_unit
    }
}

/// Fits `params` on top of `base` prices so that the observations' weighted
/// squared errors are least. Returns the prices and the parameter values, or
/// why not (a parameter no observation constrains).
pub fn least_squares(base: Prices, params: &[Param], obs: &[Observation]) -> Result<(Prices, Vec<f64>), String> {
    let n = params.len();
    let mut ata = vec![vec![0.0; n]; n];
    let mut atb = vec![0.0; n];
    for o in obs {
        let x: Vec<f64> = params
            .iter()
            .map(|p| {
                let share = |w: &Work| p.kinds.iter().find(|(k, _)| *k == w.kind()).map_or(0.0, |(_, s)| *s);
                o.trace.iter().map(share).sum::<f64>() * o.count / o.ns_per_unit
            })
            .collect();
        let y = o.measured - o.predicted(&base);
        let w = 1.0 / (o.sigma * o.sigma);
        for i in 0..n {
            atb[i] += w * x[i] * y;
            for j in 0..n {
                ata[i][j] += w * x[i] * x[j];
            }
        }
    }
    let theta = solve(ata, atb).ok_or_else(|| "the observations do not determine every parameter".to_string())?;
    let mut prices = base;
    for (p, v) in params.iter().zip(&theta) {
        for (kind, share) in &p.kinds {
            let old = prices.get(*kind);
            prices.set(*kind, old + v * share);
        }
    }
    Ok((prices, theta))
}

/// Gaussian elimination with partial pivoting; `None` if singular.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let piv = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[piv][col].abs() < 1e-12 * (1.0 + a[col][col].abs()) {
            return None;
        }
        a.swap(col, piv);
        b.swap(col, piv);
        let (upper, lower) = a.split_at_mut(col + 1);
        let pivot = &upper[col];
        for (r, row) in lower.iter_mut().enumerate() {
            let f = row[col] / pivot[col];
            for (x, p) in row[col..].iter_mut().zip(&pivot[col..]) {
                *x -= f * p;
            }
            b[col + 1 + r] -= f * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let s: f64 = (i + 1..n).map(|k| a[i][k] * x[k]).sum();
        x[i] = (b[i] - s) / a[i][i];
    }
    Some(x)
}

fn param(name: &'static str, kinds: &[(WorkKind, f64)]) -> Param {
    Param {
        name,
        kinds: kinds.to_vec(),
    }
}

fn run(name: &str, description: &str, base: Prices, stages: &[(Vec<Param>, Vec<Observation>)]) -> Fit {
    let mut prices = base;
    let mut values = Vec::new();
    let mut all_obs = Vec::new();
    for (params, obs) in stages {
        let (p, fitted) = non_negative(prices, params, obs);
        prices = p;
        values.extend(fitted);
        all_obs.extend(obs.iter().cloned());
    }
    let residuals = all_obs
        .iter()
        .map(|o| (o.label.clone(), o.measured, o.predicted(&prices)))
        .collect();
    Fit {
        profile: CostProfile {
            name: name.into(),
            description: description.into(),
            prices,
        },
        params: values,
        residuals,
    }
}

/// Least squares with every price ≥ 0: a parameter that comes out negative
/// (noise in a measured sweep) is pinned at 0 and the rest refitted. A
/// parameter the observations cannot determine is reported as NaN.
fn non_negative(base: Prices, params: &[Param], obs: &[Observation]) -> (Prices, Vec<(&'static str, f64)>) {
    let mut free: Vec<Param> = params.to_vec();
    loop {
        let Ok((prices, theta)) = least_squares(base, &free, obs) else {
            return (base, params.iter().map(|p| (p.name, f64::NAN)).collect());
        };
        match theta
            .iter()
            .enumerate()
            .filter(|(_, v)| **v < 0.0)
            .min_by(|a, b| a.1.total_cmp(b.1))
        {
            Some((i, _)) => {
                free.remove(i);
            }
            None => {
                let value = |p: &Param| free.iter().position(|f| f.name == p.name).map_or(0.0, |i| theta[i]);
                return (prices, params.iter().map(|p| (p.name, value(p))).collect());
            }
        }
    }
}

fn traced(model: Model, depth: u32, w: Workload) -> Vec<Work> {
    trace_at(model, depth, w).unwrap_or_default()
}

/// The nptl and getpid observations of one seed row.
pub fn seed_observations(row: &SeedRow) -> [Observation; 2] {
    [
        Observation {
            label: format!("{}: nptl s", row.label),
            trace: traced(row.model, row.level, Workload::ThreadCreateJoin),
            count: NPTL_COUNT,
            ns_per_unit: 1e9,
            measured: row.nptl_s,
            sigma: row.nptl_err,
        },
        Observation {
            label: format!("{}: getpid s", row.label),
            trace: traced(row.model, row.level, Workload::Getpid),
            count: GETPID_COUNT,
            ns_per_unit: 1e9,
            measured: row.getpid_s,
            sigma: 0.5,
        },
    ]
}

/// `seed-2007`: 7 prices fitted to the seed's six rows (12 figures):
/// syscall entry; thread creation (with its teardown and join); one pid
/// number allocated and freed at one level; publishing a per-namespace upid
/// (multilevel only); `pid_nr_ns` (multilevel); the flat model's vpid
/// allocation and its translation. Kinds no seed workload does cost 0.
pub fn seed_2007() -> Fit {
    let params = vec![
        param("syscall_entry", &[(WorkKind::SyscallEntry, 1.0)]),
        param("thread_create_join", &[(WorkKind::CopyThread, 1.0)]),
        param(
            "pid_nr_per_level",
            &[(WorkKind::PidNrAlloc, 0.5), (WorkKind::PidNrFree, 0.5)],
        ),
        param("upid_publish_per_level", &[(WorkKind::PidNrPublish, 1.0)]),
        param("pid_nr_ns", &[(WorkKind::PidNrNs, 1.0)]),
        param(
            "vpid_alloc_free",
            &[(WorkKind::VpidAlloc, 0.5), (WorkKind::VpidFree, 0.5)],
        ),
        param("vpid_translate", &[(WorkKind::VpidTranslate, 1.0)]),
    ];
    let obs = SEED_ROWS.iter().flat_map(seed_observations).collect();
    run(
        "seed-2007",
        "Fitted to the 2007 seed's table (nptl perf and 10^9 getpid, 2.6.21-era hardware) by cost::fit::seed_2007. Kinds the seed never measured (fork, exit/wait, namespace creation, signals) cost 0 here.",
        Prices::default(),
        &[(params, obs)],
    )
}

/// `linux-6.18`: fitted to the Linux 6.18 sweep of this machine kind. Stage
/// one: syscall entry, process and thread round trips, and one price per pid
/// level (alloc, publish, free in equal thirds) from getpid, fork+exit+wait
/// and thread create+join at every measured depth; stage two: namespace
/// creation from clone(CLONE_NEWPID)+exit+wait. `pid_nr_ns` is folded into
/// the syscall price (getpid is flat in depth).
pub fn linux_6_18() -> Fit {
    let mut fit = from_sweep(
        "linux-6.18",
        "Fitted to Linux 6.18 on a 2-vCPU VM (kernel-measurements.md §2.1) by cost::fit::linux_6_18: about 104 ns per syscall and 0.5 µs per pid-namespace level on fork and thread creation; pidfd and set_tid work from pidns kernel bench on the project's machine (tables::LINUX_6_18_MODERN).",
        &LINUX_6_18,
    );
    price_modern(&mut fit, &LINUX_6_18_MODERN);
    fit
}

/// Prices the modern pid APIs' work from measured rows, each by a
/// difference within its own row (so the rows may come from another machine
/// than the rest of the profile): `pidfd_get` is a `pidfd_send_signal(0)`
/// less a syscall; `pidfd_open` is an open and a close less two syscalls,
/// the lookup of the pid and that `pidfd_get`; a claimed `set_tid` number
/// costs a cyclic allocation plus what a chosen-pid fork costs over a plain
/// one (nothing measurable on Linux 6.18: the median difference is pinned at
/// 0 when negative). Medians over the rows; the values join `fit.params`.
pub fn price_modern(fit: &mut Fit, rows: &[ModernRow]) {
    let med = |f: &dyn Fn(&ModernRow) -> f64| {
        let mut v: Vec<f64> = rows.iter().map(f).filter(|x| x.is_finite()).collect();
        crate::sort::sort_by(&mut v, f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(0.0)
    };
    let p = &mut fit.profile.prices;
    let get = med(&|r| r.pidfd_send_signal_ns - r.getpid_ns).max(0.0);
    let find = p.get(WorkKind::FindPid);
    let open = med(&|r| r.pidfd_open_close_ns - 2.0 * r.getpid_ns).max(0.0);
    let open = (open - get - find).max(0.0);
    let extra = med(&|r| (r.set_tid_fork_exit_wait_us - r.fork_exit_wait_us) * 1e3).max(0.0);
    let claim = p.get(WorkKind::PidNrAlloc) + extra;
    p.set(WorkKind::PidfdGet, get);
    p.set(WorkKind::PidfdOpen, open);
    p.set(WorkKind::SetTidClaim, claim);
    fit.params
        .extend([("pidfd_get", get), ("pidfd_open", open), ("set_tid_claim", claim)]);
}

/// A profile fitted to a depth sweep of the real kernel (the built-in
/// `linux-6.18`, or one `pidns kernel bench` just measured): the same two
/// stages as [`linux_6_18`].
pub fn from_sweep(name: &str, description: &str, rows: &[Linux618Row]) -> Fit {
    let ml = Model::Multilevel;
    let mut stage1 = Vec::new();
    let mut stage2 = Vec::new();
    for r in rows {
        let obs = |label: &str, w, measured: f64, unit: f64, sigma: f64| Observation {
            label: format!("depth {}: {label}", r.depth),
            trace: traced(ml, r.depth, w),
            count: 1.0,
            ns_per_unit: unit,
            measured,
            sigma,
        };
        stage1.push(obs("getpid ns", Workload::Getpid, r.getpid_ns, 1.0, 5.0));
        stage1.push(obs(
            "fork+exit+wait us",
            Workload::ForkExitWait,
            r.fork_exit_wait_us,
            1e3,
            0.03 * r.fork_exit_wait_us,
        ));
        stage1.push(obs(
            "thread create+join us",
            Workload::ThreadCreateJoin,
            r.thread_create_join_us,
            1e3,
            0.03 * r.thread_create_join_us,
        ));
        stage2.push(obs(
            "clone(NEWPID)+exit+wait us",
            Workload::CloneNewpidExitWait,
            r.clone_newpid_exit_wait_us,
            1e3,
            0.03 * r.clone_newpid_exit_wait_us,
        ));
    }
    let third = 1.0 / 3.0;
    run(
        name,
        description,
        Prices::default(),
        &[
            (
                vec![
                    param("syscall_entry", &[(WorkKind::SyscallEntry, 1.0)]),
                    param("process_round_trip", &[(WorkKind::CopyProcess, 1.0)]),
                    param("thread_round_trip", &[(WorkKind::CopyThread, 1.0)]),
                    param(
                        "pid_level",
                        &[
                            (WorkKind::PidNrAlloc, third),
                            (WorkKind::PidNrPublish, third),
                            (WorkKind::PidNrFree, third),
                        ],
                    ),
                ],
                stage1,
            ),
            (vec![param("pid_namespace", &[(WorkKind::CreatePidNs, 1.0)])], stage2),
        ],
    )
}

impl CostProfile {
    /// A built-in profile by name (fitted now from its measurements), or `None`.
    pub fn builtin(name: &str) -> Option<CostProfile> {
        match name {
            "seed-2007" => Some(seed_2007().profile),
            "linux-6.18" => Some(linux_6_18().profile),
            _ => None,
        }
    }
}
