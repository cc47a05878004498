//! Helpers shared by pidns-lab's cross-crate tests: where the scenario files
//! are, and checking one of them through the same library path `pidns check`
//! uses.

use pidns_core::scenario;
use std::path::{Path, PathBuf};

/// `tests/scenarios/`.
pub fn scenario_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// Every `.pns` file under `tests/scenarios/`, sorted.
pub fn scenario_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(scenario_dir())
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|e| e == "pns"));
    v.sort();
    v
}

/// Parses and checks one scenario file; `Err` lists what went wrong.
pub fn check_file(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let sc = scenario::parse(&text).map_err(|errs| {
        errs.iter()
            .map(|e| format!("{}: {e}", path.display()))
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let report = scenario::check(&sc, None);
    if report.passed() {
        Ok(())
    } else {
        Err(report
            .failures
            .iter()
            .map(|f| format!("{}: {f}", path.display()))
            .collect::<Vec<_>>()
            .join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_scenario_files() {
        assert!(scenario_files().iter().all(|p| p.starts_with(scenario_dir())));
        assert!(!scenario_files().is_empty());
    }
}
