//! The `pidns` binary's contract: check's summary line and exit codes, run's
//! text and JSON output, clear errors on bad files, never a panic.

use std::path::Path;
use std::process::{Command, Output};

fn pidns(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pidns"))
        .args(args)
        .output()
        .expect("run pidns")
}

fn tmp(name: &str, body: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("pidns-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p.to_string_lossy().into_owned()
}

fn scenarios() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/scenarios")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn check_counts_files_and_sets_the_exit_code() {
    let good = format!("{}/unshare-caller-stays.pns", scenarios());
    let bad = tmp("bad.pns", b"init fork as a\nexpect result 9\n");
    let out = pidns(&["check", &good, &bad]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.ends_with("1 passed, 1 failed\n"), "{stdout}");
    assert!(
        stdout.contains("bad.pns:2: `expect result 9`: expected result 9, observed result 2"),
        "{stdout}"
    );
}

#[test]
fn parse_errors_exit_2_with_line_and_column() {
    let f = tmp("typo.pns", b"init frok\ninit fork as a b\n");
    let out = pidns(&["check", &f]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("typo.pns:1:6: unknown verb 'frok'"), "{stderr}");
    assert!(stderr.contains("typo.pns:2:16: unexpected 'b'"), "{stderr}");
}

#[test]
fn hostile_input_never_panics() {
    let mut junk: Vec<u8> = (0..=255u8).cycle().take(20_000).collect();
    junk.extend_from_slice("\ninit fork as ééé\nexpect".as_bytes());
    for f in [
        tmp("junk.pns", &junk),
        tmp("empty.pns", b""),
        "/nonexistent/x.pns".to_string(),
    ] {
        let out = pidns(&["run", &f]);
        assert!(matches!(out.status.code(), Some(0) | Some(2)), "{f}: {:?}", out.status);
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    }
}

#[test]
fn run_prints_steps_and_table_and_json() {
    let f = format!("{}/unshare-second-child-pid2.pns", scenarios());
    let text = String::from_utf8(pidns(&["run", &f]).stdout).unwrap();
    assert!(text.contains("shell fork as second"), "{text}");
    assert!(text.contains("second       -            running      1  4/2"), "{text}");
    let out = pidns(&["run", &f, "--json", "--model", "flat"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["model"], "flat");
    assert_eq!(doc["processes"][3]["nspid"], serde_json::json!([4, 2]));
    assert_eq!(doc["steps"][0]["result"]["ok"], 2);
}

#[test]
fn cost_seed_table_json_has_the_published_shape() {
    let out = pidns(&["cost", "seed-table", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 6);
    for r in rows {
        let (pub_n, err, model_n) = (
            r["nptl_s"]["published"].as_f64().unwrap(),
            r["nptl_s"]["error"].as_f64().unwrap(),
            r["nptl_s"]["model"].as_f64().unwrap(),
        );
        assert!((pub_n - model_n).abs() <= err, "{r}");
        let (pub_g, model_g) = (
            r["getpid_s"]["published"].as_f64().unwrap(),
            r["getpid_s"]["model"].as_f64().unwrap(),
        );
        assert!((pub_g - model_g).abs() <= 1.0, "{r}");
    }
    assert_eq!(rows[0]["row"], "2.6.21-rc1-mm1");
}

#[test]
fn cost_depth_stops_flat_at_its_limit_and_profiles_load_from_files() {
    let text = String::from_utf8(pidns(&["cost", "depth", "--max", "3"]).stdout).unwrap();
    assert!(text.contains("the flat model stops here"), "{text}");
    let json = pidns(&["cost", "fit", "linux-6.18", "--json"]).stdout;
    let f = tmp("profile.json", &json);
    let out = pidns(&["cost", "depth", "--max", "1", "--json", "--profile", &f]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["profile"], "linux-6.18");
    let bad = tmp("bad-profile.json", br#"{"name": "x", "prices": {"syscall_entry": -3}}"#);
    let out = pidns(&[
        "run",
        &format!("{}/unshare-caller-stays.pns", scenarios()),
        "--profile",
        &bad,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("syscall_entry"));
}

#[test]
fn cost_scenario_prices_each_step() {
    let f = format!("{}/max-nesting-32-levels.pns", scenarios());
    let out = pidns(&["cost", "scenario", &f, "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let steps = doc["steps"].as_array().unwrap();
    let first = steps[0]["ns"].as_f64().unwrap();
    let last_clone = steps[31]["ns"].as_f64().unwrap();
    assert!(
        last_clone > first,
        "a clone at level 31 costs more than at level 0: {first} vs {last_clone}"
    );
}

/// Runs `pidns kernel ...`; `None` (with a visible note) where this machine
/// cannot create pid namespaces (exit status 3).
#[cfg(target_os = "linux")]
fn kernel(args: &[&str]) -> Option<Output> {
    let mut all = vec!["kernel"];
    all.extend_from_slice(args);
    let out = pidns(&all);
    if out.status.code() == Some(3) {
        eprintln!(
            "SKIPPED: the kernel oracle cannot run here: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    Some(out)
}

#[cfg(target_os = "linux")]
#[test]
fn kernel_check_reports_agreement_and_what_it_cannot_check() {
    let Some(out) = kernel(&[
        "check",
        &format!("{}/unshare-caller-stays.pns", scenarios()),
        &format!("{}/flat-refuses-level-2.pns", scenarios()),
    ]) else {
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("agree     ") && text.contains("not checkable") && text.contains("model flat"),
        "{text}"
    );
    assert!(text.ends_with("1 passed, 0 failed\n"), "{text}");
}

#[cfg(target_os = "linux")]
#[test]
fn kernel_bench_writes_a_profile_that_cost_loads() {
    let path = tmp("measured.json", b"");
    let Some(out) = kernel(&[
        "bench",
        "--depths",
        "0,2",
        "--rounds",
        "1",
        "--calls",
        "1000",
        "--samples",
        "10",
        "--out",
        &path,
    ]) else {
        return;
    };
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("fork+exit+wait us") && table.contains("fitted profile"),
        "{table}"
    );
    let loaded = pidns(&["cost", "depth", "--max", "2", "--profile", &path]);
    assert_eq!(
        loaded.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
}

#[test]
fn completions_name_every_subcommand_in_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let out = pidns(&["completions", shell]);
        let script = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{shell}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        for sub in ["run", "check", "cost", "completions", "man"] {
            assert!(script.contains(sub), "{shell} completions lack `{sub}`");
        }
        assert!(script.contains("pidns"), "{shell} completions do not name pidns");
    }
    let out = pidns(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2), "an unknown shell is a usage error");
}

#[test]
fn man_page_has_name_synopsis_and_subcommands() {
    let out = pidns(&["man"]);
    let page = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "not roff: {}",
        &page[..page.len().min(80)]
    );
    assert!(page.contains(".TH pidns 1"), "no title line");
    assert!(page.contains(".SH NAME\npidns"), "no NAME section");
    assert!(page.contains(".SH SYNOPSIS"), "no SYNOPSIS section");
    assert!(
        page.contains("pidns\\-check") || page.contains("check"),
        "subcommands missing"
    );
}

#[test]
fn man_dir_writes_one_page_per_subcommand() {
    let dir = std::env::temp_dir().join(format!("pidns-cli-man-{}", std::process::id()));
    let out = pidns(&["man", "--dir", &dir.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    for page in ["pidns.1", "pidns-run.1", "pidns-check.1", "pidns-cost-depth.1"] {
        let text = std::fs::read_to_string(dir.join(page)).unwrap_or_default();
        assert!(text.contains(".SH NAME"), "{page} has no NAME section");
    }
    std::fs::remove_dir_all(&dir).ok();
}
