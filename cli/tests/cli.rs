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
fn endless_or_huge_inputs_are_refused_after_the_limit_with_a_short_message() {
    for args in [
        vec!["run", "/dev/zero"],
        vec!["check", "/dev/zero"],
        vec!["run", "--profile", "/dev/zero", "/dev/null"],
    ] {
        let out = pidns(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("the lab's limit") && stderr.len() < 300,
            "{args:?}: {stderr}"
        );
    }
    // A file of NULs under the size limit: one over-long line, one short error.
    let nuls = tmp("nuls.pns", &vec![0u8; 200_000]);
    let out = pidns(&["run", &nuls]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("nuls.pns:1:1: the line is 200000 bytes") && stderr.len() < 300,
        "{stderr}"
    );
}

#[test]
fn a_huge_unknown_verb_is_quoted_short_and_not_searched() {
    let f = tmp("verb.pns", format!("init {}\n", "x".repeat(60_000)).as_bytes());
    let out = pidns(&["check", &f]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("unknown verb 'xxxx") && !stderr.contains("did you mean"),
        "{stderr}"
    );
    assert!(stderr.len() < 300, "{} bytes of error", stderr.len());
}

#[test]
fn keywords_name_processes_and_bad_utf8_is_reported_at_line_and_column() {
    let f = tmp(
        "kw.pns",
        b"init fork as model\nmodel fork as expect\nexpect getpid\nexpect result 3\n",
    );
    let out = pidns(&["check", &f]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let f = tmp("utf8.pns", b"init fork\ninit f\xffork\n");
    let out = pidns(&["run", &f]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("utf8.pns:2:7: not UTF-8"));
}

#[test]
fn a_closed_stdout_ends_the_command_quietly() {
    use std::process::Stdio;
    let f = tmp("long.pns", "init getpid\n".repeat(20_000).as_bytes());
    for json in [true, false] {
        let mut args = vec!["run", f.as_str()];
        if json {
            args.push("--json");
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_pidns"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn pidns");
        let mut first = [0u8; 10];
        std::io::Read::read_exact(child.stdout.as_mut().expect("stdout"), &mut first).expect("read");
        drop(child.stdout.take()); // like `| head -c 10`
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert!(stderr.is_empty(), "{stderr}");
    }
}

#[test]
fn profile_prices_that_would_overflow_a_total_are_refused() {
    let huge = tmp(
        "huge-profile.json",
        br#"{"name": "x", "prices": {"copy_process": 1e308}}"#,
    );
    let out = pidns(&[
        "run",
        &format!("{}/unshare-caller-stays.pns", scenarios()),
        "--profile",
        &huge,
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("copy_process") && stderr.contains("finite"), "{stderr}");
}

#[test]
fn run_streams_every_step_and_reads_stdin() {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_pidns"))
        .args(["run", "-", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn pidns");
    let text = "init fork as a\n".to_string() + &"a getpid\nexpect ok\n".repeat(3000);
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(doc["steps"].as_array().map(Vec::len), Some(3001));
    assert_eq!(doc["failures"], serde_json::json!([]));
    assert_eq!(doc["processes"][1]["name"], "a");
}

/// `pidns kernel check` of `forks` forks by init under `ulimit -n LIMIT`
/// (soft and hard): its exit status and stdout.
#[cfg(target_os = "linux")]
fn forks_under_fd_limit(limit: u32, forks: usize) -> Option<(Option<i32>, String)> {
    let file = tmp(&format!("forks{forks}.pns"), "init fork\n".repeat(forks).as_bytes());
    let out = Command::new("sh")
        .args([
            "-c",
            &format!("ulimit -n {limit} && exec \"$0\" kernel check \"$1\""),
            env!("CARGO_BIN_EXE_pidns"),
            &file,
        ])
        .output()
        .expect("run sh");
    if out.status.code() == Some(3) {
        eprintln!("SKIPPED: the kernel oracle cannot run here");
        return None;
    }
    Some((out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned()))
}

#[cfg(target_os = "linux")]
#[test]
fn kernel_check_reports_its_own_limits_as_broken_never_as_a_disagreement() {
    // Four descriptors: stdio and the harness's socket, none left to read /proc.
    let Some((code, text)) = forks_under_fd_limit(4, 40) else {
        return;
    };
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("BROKEN") && text.contains("Too many open files"),
        "{text}"
    );
    assert!(!text.contains("DISAGREE"), "{text}");
}

#[cfg(target_os = "linux")]
#[test]
fn kernel_check_holds_a_few_descriptors_however_many_processes_run() {
    // 300 live processes under a limit of 32 descriptors: the harness holds
    // one socket for them all and one /proc file at a time.
    let Some((code, text)) = forks_under_fd_limit(32, 300) else {
        return;
    };
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("agree") && text.ends_with("1 passed, 0 failed\n"),
        "{text}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn kernel_check_cleans_the_directory_a_killed_run_left_behind() {
    let stale = std::env::temp_dir().join("pidns-oracle-2147483646-1");
    std::fs::create_dir_all(&stale).unwrap();
    let Some(_) = kernel(&["check", &format!("{}/unshare-caller-stays.pns", scenarios())]) else {
        return;
    };
    assert!(
        !stale.exists(),
        "a dead harness's directory is removed at the next start"
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
