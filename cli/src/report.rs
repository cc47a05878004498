//! Text and JSON renderings of a scenario run.

use pidns_core::cost::CostProfile;
use pidns_core::scenario::{CheckReport, StepValue};
use std::fmt::Write;

/// The human-readable run: one line per step with its cost, then the process table.
pub fn run_text(r: &CheckReport, p: &CostProfile) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "model: {}, cost profile: {}", r.model.name(), p.name);
    for (line, text, step) in &r.steps {
        let res = match step.result {
            Err(e) => format!("-1 {step} ({})", e.explain()),
            Ok(_) => step.to_string(),
        };
        let created = step
            .created
            .as_ref()
            .map(|n| format!(" [new: {n}]"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{line:>4}  {text:<32} {res}{created}   [{:.1} ns]",
            p.cost(&step.work)
        );
    }
    for f in &r.failures {
        let _ = writeln!(out, "FAIL {f}");
    }
    let _ = writeln!(
        out,
        "\n{:<12} {:<12} {:<8} {:>5}  {:<24} {:>6}",
        "NAME", "THREAD OF", "STATE", "LEVEL", "NSPID", "PPID"
    );
    if let Some(s) = &r.session {
        for row in s.table() {
            let nspid = row.nspid.iter().map(u32::to_string).collect::<Vec<_>>().join("/");
            let _ = writeln!(
                out,
                "{:<12} {:<12} {:<8} {:>5}  {:<24} {:>6}",
                row.name,
                row.thread_of.as_deref().unwrap_or("-"),
                row.state,
                row.level,
                nspid,
                row.ppid
            );
        }
    }
    out
}

/// The same run as one JSON document.
pub fn run_json(r: &CheckReport, p: &CostProfile) -> String {
    let steps: Vec<_> = r
        .steps
        .iter()
        .map(|(line, text, step)| {
            serde_json::json!({
                "line": line,
                "statement": text,
                "result": match step.result {
                    Ok(StepValue::Value(v)) => serde_json::json!({"ok": v}),
                    Ok(StepValue::NoReturn) => serde_json::json!({"ok": null}),
                    Err(e) => serde_json::json!({"errno": e.name(), "explanation": e.explain()}),
                },
                "created": step.created,
                "cost_ns": p.cost(&step.work),
                "work": step.work,
                "effects": step.effects,
            })
        })
        .collect();
    let table = r.session.as_ref().map(|s| s.table()).unwrap_or_default();
    let doc = serde_json::json!({
        "model": r.model,
        "profile": p.name,
        "steps": steps,
        "failures": r.failures,
        "processes": table,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
