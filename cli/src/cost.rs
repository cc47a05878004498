//! `pidns cost ...`: the seed table, per-depth costs, a scenario's per-step
//! costs, and the fits behind the built-in profiles.

use pidns_core::cost::fit;
use pidns_core::cost::report::seed_results;
use pidns_core::cost::{trace_at, CostProfile, Workload, BUILTIN_PROFILES};
use pidns_core::scenario::CheckReport;
use pidns_core::{Model, MAX_PID_NS_LEVEL};
use serde_json::json;
use std::fmt::Write;
use std::path::Path;

/// Resolves `--profile`: a built-in name, or a JSON file.
pub fn load_profile(spec: &str, relative_to: Option<&Path>) -> Result<CostProfile, String> {
    if let Some(p) = CostProfile::builtin(spec) {
        return Ok(p);
    }
    let mut path = Path::new(spec).to_path_buf();
    if path.is_relative() {
        if let Some(dir) = relative_to.and_then(Path::parent) {
            if !path.exists() {
                path = dir.join(path);
            }
        }
    }
    if !path.exists() {
        return Err(format!(
            "profile '{spec}': not a built-in ({}) and not a readable file",
            BUILTIN_PROFILES.join(", ")
        ));
    }
    let bytes = crate::input::read_bounded(&path, "profile", pidns_core::limits::MAX_PROFILE_BYTES)
        .map_err(|e| format!("profile '{spec}': {e}"))?;
    let text = pidns_core::scenario::text_from_bytes(&bytes).map_err(|e| format!("profile '{spec}': {e}"))?;
    CostProfile::from_json(text).map_err(|e| format!("profile '{spec}': {e}"))
}

/// `pidns cost seed-table`.
pub fn seed_table(p: &CostProfile, as_json: bool) -> String {
    let rows: Vec<_> = seed_results(p)
        .into_iter()
        .map(|r| (r.row, r.nptl_s, r.getpid_s))
        .collect();
    if as_json {
        let doc: Vec<_> = rows
            .iter()
            .map(|(r, n, g)| {
                json!({
                    "row": r.label,
                    "nptl_s": {"published": r.nptl_s, "error": r.nptl_err, "model": round(*n, 4)},
                    "getpid_s": {"published": r.getpid_s, "model": round(*g, 3)},
                })
            })
            .collect();
        return pretty(&json!(doc));
    }
    let mut out = format!("2007 seed table vs profile '{}'\n", p.name);
    let _ = writeln!(
        out,
        "{:<38} {:>14} {:>8} {:>7}   {:>10} {:>10} {:>7}",
        "row", "nptl s (±err)", "model", "diff", "getpid s", "model", "diff"
    );
    for (r, n, g) in rows {
        let ok = |d: f64, tol: f64| if d.abs() <= tol { " " } else { "!" };
        let _ = writeln!(
            out,
            "{:<38} {:>7.2} ±{:<5.2} {:>8.3} {:>+7.3}{} {:>10.3} {:>10.3} {:>+7.3}{}",
            r.label,
            r.nptl_s,
            r.nptl_err,
            n,
            n - r.nptl_s,
            ok(n - r.nptl_s, r.nptl_err),
            r.getpid_s,
            g,
            g - r.getpid_s,
            ok(g - r.getpid_s, 1.0)
        );
    }
    out.push_str("('!' marks a cell outside the published error: ±err for nptl, ±1.0 s for getpid)\n");
    out
}

const DEPTH_WORKLOADS: [Workload; 4] = [
    Workload::Getpid,
    Workload::Gettid,
    Workload::ForkExitWait,
    Workload::ThreadCreateJoin,
];

/// `pidns cost depth`.
pub fn depth_table(p: &CostProfile, max: u32, as_json: bool) -> String {
    let max = max.min(MAX_PID_NS_LEVEL);
    let cost = |m, d, w| trace_at(m, d, w).map(|t| p.cost(&t));
    if as_json {
        let mut doc = Vec::new();
        for model in [Model::Multilevel, Model::Flat] {
            for d in 0..=max {
                let Some(_) = cost(model, d, Workload::Getpid) else {
                    continue;
                };
                let mut row = json!({"model": model, "depth": d});
                for w in DEPTH_WORKLOADS {
                    let (c, base) = (cost(model, d, w).unwrap_or(0.0), cost(model, 0, w).unwrap_or(0.0));
                    row[w.label()] = json!({"ns": round(c, 3), "overhead_pct": round(pct(c, base), 3)});
                }
                doc.push(row);
            }
        }
        return pretty(&json!({"profile": p.name, "rows": doc}));
    }
    let mut out = format!(
        "cost per operation by depth, profile '{}' (overhead vs depth 0 of the same model)\n",
        p.name
    );
    for model in [Model::Multilevel, Model::Flat] {
        let _ = writeln!(out, "\n{} model", model.name());
        let _ = writeln!(
            out,
            "{:>5} {:>20} {:>20} {:>24} {:>24}",
            "depth", "getpid ns", "gettid ns", "fork+exit+wait us", "thread create+join us"
        );
        for d in 0..=max {
            let Some(_) = cost(model, d, Workload::Getpid) else {
                let _ = writeln!(
                    out,
                    "{:>5}  the flat model stops here: a namespace below level {} is refused (EINVAL)",
                    d,
                    model.max_level()
                );
                break;
            };
            let cell = |w: Workload, scale: f64| {
                let (c, base) = (cost(model, d, w).unwrap_or(0.0), cost(model, 0, w).unwrap_or(0.0));
                format!("{:.2} ({:+.1}%)", c / scale, pct(c, base))
            };
            let _ = writeln!(
                out,
                "{:>5} {:>20} {:>20} {:>24} {:>24}",
                d,
                cell(Workload::Getpid, 1.0),
                cell(Workload::Gettid, 1.0),
                cell(Workload::ForkExitWait, 1e3),
                cell(Workload::ThreadCreateJoin, 1e3)
            );
        }
    }
    out
}

/// `pidns cost scenario`: each step's cost and its breakdown by kind.
pub fn scenario_costs(r: &CheckReport, p: &CostProfile, as_json: bool) -> String {
    if as_json {
        let steps: Vec<_> = r
            .steps
            .iter()
            .map(|(line, text, step)| {
                let parts: Vec<_> = p
                    .breakdown(&step.work)
                    .into_iter()
                    .map(|(k, n, ns)| json!({"kind": k, "count": n, "ns": round(ns, 3)}))
                    .collect();
                json!({"line": line, "statement": text, "ns": round(p.cost(&step.work), 3), "work": parts})
            })
            .collect();
        let total: f64 = r.steps.iter().map(|(_, _, s)| p.cost(&s.work)).sum();
        return pretty(&json!({"profile": p.name, "model": r.model, "total_ns": round(total, 3), "steps": steps}));
    }
    let mut out = format!("per-step cost, profile '{}', model {}\n", p.name, r.model.name());
    let mut total = 0.0;
    for (line, text, step) in &r.steps {
        let c = p.cost(&step.work);
        total += c;
        let parts: Vec<String> = p
            .breakdown(&step.work)
            .into_iter()
            .map(|(k, n, ns)| format!("{k}×{n} {ns:.1}"))
            .collect();
        let _ = writeln!(
            out,
            "{line:>4}  {text:<32} {:>12} ns  = {}",
            format!("{c:.1}"),
            parts.join(" + ")
        );
    }
    let _ = writeln!(out, "total {total:.1} ns");
    out
}

/// `pidns cost fit NAME`: the fit behind a built-in profile.
pub fn fit_report(name: &str, as_json: bool) -> Result<String, String> {
    let f = match name {
        "seed-2007" => fit::seed_2007(),
        "linux-6.18" => fit::linux_6_18(),
        other => {
            return Err(format!(
                "no fit named '{other}' (expected {})",
                BUILTIN_PROFILES.join(" or ")
            ))
        }
    };
    if as_json {
        return Ok(f.profile.to_json());
    }
    let mut out = format!(
        "{}\n{}\n\nfitted parameters (ns):\n",
        f.profile.name, f.profile.description
    );
    for (n, v) in &f.params {
        let _ = writeln!(out, "  {n:<28} {v:>12.4}");
    }
    out.push_str("\nobservations: measured → model\n");
    for (label, m, pred) in &f.residuals {
        let _ = writeln!(out, "  {label:<58} {m:>11.3} → {pred:>11.3} ({:+.2}%)", pct(*pred, *m));
    }
    Ok(out)
}

fn pct(v: f64, base: f64) -> f64 {
    if base == 0.0 {
        0.0
    } else {
        (v - base) / base * 100.0
    }
}

fn round(v: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (v * f).round() / f
}

fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}
