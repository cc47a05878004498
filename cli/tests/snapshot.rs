//! `pidns snapshot` on real pid namespaces (Linux, root): two nested levels
//! with sleeping processes, a process with a second thread and a process
//! that `nsenter` put into the inner namespace from the outer one. Each test
//! kills everything it started and checks that nothing is left.
#![cfg(target_os = "linux")]

use std::collections::HashMap;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Level 1 (its init is `sh`): a sleep, a python process with a second
/// thread, an `unshare` making level 2 (a `sh` init and two sleeps), and an
/// `nsenter` that entered level 2 and forked a sleep there.
const LEVEL1: &str = r#"
sleep 60 &
python3 -c 'import threading,time; threading.Thread(target=time.sleep,args=(60,)).start(); time.sleep(60)' &
unshare --pid --fork --kill-child --mount-proc sh -c 'sleep 60 & sleep 60 & wait' &
U=$!
while [ ! -e /proc/$U/ns/pid_for_children ]; do sleep 0.01; done
sleep 0.1
nsenter --pid=/proc/$U/ns/pid_for_children -- sleep 60 &
wait
"#;

/// One fixture at a time: the tests of this file run in parallel, and a
/// fixture waits for its namespaces by scanning all of /proc, where another
/// fixture's processes would count too.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The real namespaces, killed (with everything in them) when dropped.
struct Fixture {
    outer: Child,
    /// Held while the fixture lives (see [`SERIAL`]); dropped last.
    _serial: std::sync::MutexGuard<'static, ()>,
    /// Host pid of level 1's init.
    init: i32,
    /// Inodes of the two namespaces.
    ns: Vec<u64>,
}

fn stat_ppid(pid: i32) -> Option<i32> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    s.rsplit_once(')')?.1.split_whitespace().nth(1)?.parse().ok()
}

fn ns_of(pid: i32) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(format!("/proc/{pid}/ns/pid")).ok().map(|m| m.ino())
}

fn pids() -> Vec<i32> {
    std::fs::read_dir("/proc")
        .map(|d| {
            d.flatten()
                .filter_map(|e| e.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

fn nspid(pid: i32) -> Option<Vec<u32>> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let l = s.lines().find(|l| l.starts_with("NSpid:"))?;
    l["NSpid:".len()..].split_whitespace().map(|x| x.parse().ok()).collect()
}

impl Fixture {
    /// Starts the namespaces, or says why it cannot (not root, no unshare).
    fn start() -> Result<Fixture, String> {
        // SAFETY: geteuid cannot fail.
        if unsafe { libc::geteuid() } != 0 {
            return Err("not root".into());
        }
        use std::os::unix::process::CommandExt;
        let serial = SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let outer = Command::new("unshare")
            .args(["--pid", "--fork", "--kill-child", "--mount-proc", "sh", "-c", LEVEL1])
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("unshare: {e}"))?;
        let mut f = Fixture {
            init: 0,
            ns: Vec::new(),
            outer,
            _serial: serial,
        };
        let deadline = Instant::now() + Duration::from_secs(3);
        // Ready: level 1's init, and in level 2 three processes plus the
        // python thread in level 1.
        while Instant::now() < deadline {
            if let Ok(Some(st)) = f.outer.try_wait() {
                return Err(format!("unshare ended at once ({st}): pid namespaces unavailable?"));
            }
            let outer = f.outer.id() as i32;
            f.init = pids().into_iter().find(|&p| stat_ppid(p) == Some(outer)).unwrap_or(0);
            let l1 = ns_of(f.init);
            let inner: Vec<i32> = pids()
                .into_iter()
                .filter(|&p| nspid(p).is_some_and(|n| n.len() == 3) && ns_of(p) != l1)
                .collect();
            let threads = pids()
                .into_iter()
                .filter(|&p| ns_of(p) == l1)
                .any(|p| std::fs::read_dir(format!("/proc/{p}/task")).is_ok_and(|d| d.count() == 2));
            if f.init != 0 && inner.len() >= 4 && threads {
                f.ns = vec![l1.unwrap_or(0), ns_of(inner[0]).unwrap_or(0)];
                return Ok(f);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Err("the namespaces did not come up within 3 s".into())
    }

    fn snapshot(&self, extra: &[&str]) -> Output {
        let init = self.init.to_string();
        let mut args = vec!["snapshot", "--ns", &init, "--threads"];
        args.extend_from_slice(extra);
        Command::new(env!("CARGO_BIN_EXE_pidns"))
            .args(&args)
            .output()
            .expect("run pidns")
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        // SAFETY: the group is the one this fixture started.
        unsafe { libc::kill(-(self.outer.id() as i32), libc::SIGKILL) };
        let _ = self.outer.wait();
        let deadline = Instant::now() + Duration::from_secs(2);
        let left = || {
            pids()
                .into_iter()
                .filter(|&p| ns_of(p).is_some_and(|n| self.ns.contains(&n)))
                .count()
        };
        while left() > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        if !std::thread::panicking() {
            assert_eq!(left(), 0, "processes left in the test's namespaces");
        }
    }
}

fn fixture() -> Option<Fixture> {
    match Fixture::start() {
        Ok(f) => Some(f),
        Err(why) => {
            eprintln!("SKIPPED: {why}");
            None
        }
    }
}

/// Every `set_tid` in the scenario is the NSpid of the host pid its comment
/// names, from level 1 down, deepest first; inits come before their
/// namespace's members, parents before their children.
#[test]
fn snapshot_of_real_namespaces_names_every_process_with_its_numbers() {
    let Some(f) = fixture() else { return };
    let started = Instant::now();
    let out = f.snapshot(&[]);
    let took = started.elapsed();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains(&format!("# init: sh (host pid {})\n", f.init)), "{text}");
    let mut created: HashMap<String, usize> = HashMap::new();
    created.insert("init".into(), 0);
    let (mut processes, mut threads, mut newns, mut setns) = (0, 0, 0, 0);
    for (n, line) in text.lines().enumerate() {
        let (stmt, comment) = line.split_once('#').unwrap_or((line, ""));
        let w: Vec<&str> = stmt.split_whitespace().collect();
        if w.len() == 3 && w[1] == "setns" {
            assert!(
                created.contains_key(w[0]) && created.contains_key(w[2]),
                "{line}\n{text}"
            );
            setns += 1;
        }
        let Some(at) = w.iter().position(|&x| x == "set_tid") else {
            continue;
        };
        assert!(
            created.contains_key(w[0]),
            "actor of `{line}` not created before\n{text}"
        );
        let name = w[at + 3];
        created.insert(name.to_string(), n);
        let host: i32 = comment
            .rsplit_once("host ")
            .and_then(|(_, r)| {
                r.split_whitespace()
                    .nth(1)?
                    .split(|c: char| !c.is_ascii_digit())
                    .next()?
                    .parse()
                    .ok()
            })
            .unwrap_or_else(|| panic!("no host pid in `{line}`"));
        let real = nspid(host).expect("still running");
        let mut want: Vec<String> = real[1..].iter().map(u32::to_string).collect();
        want.reverse();
        assert_eq!(w[at + 1], want.join(","), "{line}");
        match w[1] {
            "fork" => processes += 1,
            "clone" if w[2] == "thread" => threads += 1,
            "clone" if w[2] == "newpid" => {
                newns += 1;
                assert!(w[at + 1].starts_with("1,"), "{line}");
            }
            _ => panic!("unexpected `{line}`"),
        }
    }
    // Forks: sleep, python, unshare and nsenter in level 1, two sleeps and
    // nsenter's sleep (after `nsenter setns`) in level 2; python's thread;
    // level 2's init.
    assert_eq!((processes, threads, newns), (7, 1, 1), "{text}");
    assert!(setns >= 1, "{text}");
    assert!(!text.contains("not placed"), "{text}");
    eprintln!("snapshot of {} processes took {took:?}", processes + newns + 1);
}

#[test]
fn snapshot_check_replays_real_namespaces_with_zero_differences() {
    let Some(f) = fixture() else { return };
    let out = f.snapshot(&["--check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.ends_with("10 matched, 0 differ\n"), "{text}");
}

#[test]
fn an_unknown_pid_is_refused_and_the_scenario_comes_on_stdout() {
    let pidns = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_pidns"))
            .args(args)
            .output()
            .expect("run pidns")
    };
    let out = pidns(&["snapshot", "--ns", "2147483647"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--ns 2147483647: no such process"), "{err}");
    let out = pidns(&["snapshot"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.starts_with("# pidns snapshot: "), "{text}");
    assert!(text.contains("\n# init: "), "{text}");
}
