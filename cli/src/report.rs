//! Text and JSON renderings of a scenario run, written as the run goes (one
//! step at a time), so a scenario of any length streams through in memory
//! proportional to its world, not to its text.

use pidns_core::cost::CostProfile;
use pidns_core::scenario::{Failure, Session, Step, StepValue};
use pidns_core::Model;

/// How a run is printed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// Prints a run as it goes: [`Printer::step`] per operation, then
/// [`Printer::finish`] with the failures and the process table.
pub struct Printer<'p> {
    format: Format,
    profile: &'p CostProfile,
    steps: usize,
}

impl<'p> Printer<'p> {
    /// Prints the run's first line (text) or opens the JSON document.
    pub fn start(format: Format, model: Model, profile: &'p CostProfile) -> Printer<'p> {
        match format {
            Format::Text => outln!("model: {}, cost profile: {}", model.name(), profile.name),
            Format::Json => out!(
                "{{\n  \"model\": {},\n  \"profile\": {},\n  \"steps\": [",
                json(&model),
                json(&profile.name)
            ),
        }
        Printer {
            format,
            profile,
            steps: 0,
        }
    }

    /// One step: its line, statement, result and cost.
    pub fn step(&mut self, line: usize, text: &str, step: &Step) {
        let cost = self.profile.cost(&step.work);
        match self.format {
            Format::Text => {
                let res = match step.result {
                    Ok(_) => step.to_string(),
                    Err(_) => format!("-1 {step} ({})", step.explain().unwrap_or_default()),
                };
                let created = step
                    .created
                    .as_ref()
                    .map(|n| format!(" [new: {n}]"))
                    .unwrap_or_default();
                outln!("{line:>4}  {text:<32} {res}{created}   [{cost:.1} ns]");
            }
            Format::Json => {
                let mut doc = serde_json::json!({
                    "line": line,
                    "statement": text,
                    "result": match step.result {
                        Ok(StepValue::Value(v)) => serde_json::json!({"ok": v}),
                        Ok(StepValue::NoReturn) => serde_json::json!({"ok": null}),
                        Err(e) => serde_json::json!({"errno": e.name(), "explanation": step.explain()}),
                    },
                    "created": step.created,
                    "cost_ns": cost,
                    "work": step.work,
                    "effects": step.effects,
                });
                if let (Some(limit), Some(map)) = (step.limit, doc.as_object_mut()) {
                    map.insert("limit".into(), serde_json::json!(limit));
                }
                let sep = if self.steps == 0 { "\n" } else { ",\n" };
                out!("{sep}{}", indented(&doc, "    "));
            }
        }
        self.steps += 1;
    }

    /// The failures and the final process table; closes the JSON document.
    pub fn finish(self, failures: &[Failure], session: &Session) {
        let table = session.table();
        match self.format {
            Format::Text => {
                for f in failures {
                    outln!("FAIL {f}");
                }
                outln!(
                    "\n{:<12} {:<12} {:<8} {:>5}  {:<24} {:>6}",
                    "NAME",
                    "THREAD OF",
                    "STATE",
                    "LEVEL",
                    "NSPID",
                    "PPID"
                );
                for row in table {
                    let nspid = row.nspid.iter().map(u32::to_string).collect::<Vec<_>>().join("/");
                    outln!(
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
            Format::Json => {
                out!("{},\n  \"failures\": ", if self.steps == 0 { "]" } else { "\n  ]" });
                array(failures);
                out!(",\n  \"processes\": ");
                array(&table);
                outln!("\n}}");
            }
        }
    }
}

/// A JSON array at the second level of the document, one item at a time.
fn array<T: serde::Serialize>(items: &[T]) {
    if items.is_empty() {
        out!("[]");
        return;
    }
    out!("[");
    for (i, item) in items.iter().enumerate() {
        out!("{}{}", if i == 0 { "\n" } else { ",\n" }, indented(item, "    "));
    }
    out!("\n  ]");
}

/// `v` as compact JSON.
fn json(v: &impl serde::Serialize) -> String {
    serde_json::to_string(v).unwrap_or_else(|e| format!("\"(unprintable: {e})\""))
}

/// `v` as pretty JSON, every line indented by `indent`.
fn indented(v: &impl serde::Serialize, indent: &str) -> String {
    let pretty = serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("\"(unprintable: {e})\""));
    pretty
        .lines()
        .map(|l| format!("{indent}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
