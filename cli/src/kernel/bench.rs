//! `pidns kernel bench`: the real kernel's cost per pid-namespace depth.
//! For each depth a chain of `unshare(CLONE_NEWPID)`+`fork()` is built and
//! the deepest namespace's init forks a worker that re-`exec`s this binary,
//! so the fork-chain slowdown that has nothing to do with pid namespaces
//! (anon_vma chains, `kernel-measurements.md` §2.2) does not pollute the
//! figures. Rounds alternate the depth order; the table shows medians and
//! spreads; the sweep is fitted into a cost profile.

use pidns_core::cost::fit::{from_sweep, price_modern};
use pidns_core::cost::tables::{Linux618Row, ModernRow};
use std::io::Read;
use std::time::{Duration, Instant};

/// What one worker measured at its depth.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sample {
    pub getpid_ns: f64,
    pub getppid_ns: f64,
    pub fork_us: f64,
    pub thread_us: f64,
    pub clone_us: f64,
    /// `pidfd_open(getpid())` + `close`, ns.
    pub pidfd_open_ns: f64,
    /// `pidfd_send_signal(fd, 0)`, ns.
    pub pidfd_signal_ns: f64,
    /// clone3 with `set_tid` chosen at the deepest level + exit + wait, µs.
    pub set_tid_fork_us: f64,
}

const FIELDS: usize = 8;

impl Sample {
    fn values(&self) -> [f64; FIELDS] {
        [
            self.getpid_ns,
            self.getppid_ns,
            self.fork_us,
            self.thread_us,
            self.clone_us,
            self.pidfd_open_ns,
            self.pidfd_signal_ns,
            self.set_tid_fork_us,
        ]
    }

    fn from_values(v: [f64; FIELDS]) -> Sample {
        Sample {
            getpid_ns: v[0],
            getppid_ns: v[1],
            fork_us: v[2],
            thread_us: v[3],
            clone_us: v[4],
            pidfd_open_ns: v[5],
            pidfd_signal_ns: v[6],
            set_tid_fork_us: v[7],
        }
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        0.0
    } else {
        v[v.len() / 2]
    }
}

fn now_ns() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime fills the struct.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as f64 * 1e9 + ts.tv_nsec as f64
}

extern "C" fn nothing(_: *mut libc::c_void) -> *mut libc::c_void {
    std::ptr::null_mut()
}

/// The mean time of one call of `f`, in ns, over `n` calls (median of 5 runs).
fn per_call(n: u32, f: &mut dyn FnMut()) -> f64 {
    let n = n.max(1);
    let mut runs: Vec<f64> = (0..5)
        .map(|_| {
            let t = now_ns();
            for _ in 0..n {
                f();
            }
            (now_ns() - t) / f64::from(n)
        })
        .collect();
    median(&mut runs)
}

/// clone3 with `set_tid` (deepest level first), the child exiting at once; waited for.
fn fork_set_tid(tids: &[libc::pid_t]) {
    let pid = super::clone3::fork_set_tid(0, tids);
    if pid == 0 {
        // SAFETY: the child leaves at once.
        unsafe { libc::_exit(0) };
    }
    if pid > 0 {
        let mut st = 0;
        // SAFETY: waiting for our own child.
        unsafe { libc::waitpid(pid as libc::pid_t, &mut st, 0) };
    }
}

/// The worker's timing loops (run after re-exec, at its depth); prints one line.
pub fn worker(calls: u32, samples: u32) -> ! {
    let syscall_loop = |nr: libc::c_long| {
        let mut runs: Vec<f64> = (0..5)
            .map(|_| {
                let t = now_ns();
                for _ in 0..calls {
                    // SAFETY: getpid/getppid take no arguments.
                    std::hint::black_box(unsafe { libc::syscall(nr) });
                }
                (now_ns() - t) / f64::from(calls)
            })
            .collect();
        median(&mut runs)
    };
    let timed = |f: &mut dyn FnMut()| {
        for _ in 0..20 {
            f();
        }
        let mut v: Vec<f64> = (0..samples)
            .map(|_| {
                let t = now_ns();
                f();
                (now_ns() - t) / 1e3
            })
            .collect();
        median(&mut v)
    };
    let fork_like = |flags: libc::c_long| {
        // SAFETY: a fork-like raw clone; the child exits at once.
        let pid = unsafe {
            libc::syscall(
                libc::SYS_clone,
                flags | libc::SIGCHLD as libc::c_long,
                0usize,
                0usize,
                0usize,
                0usize,
            )
        };
        if pid == 0 {
            unsafe { libc::_exit(0) };
        }
        let mut st = 0;
        unsafe { libc::waitpid(pid as libc::pid_t, &mut st, 0) };
    };
    let s = Sample {
        getpid_ns: syscall_loop(libc::SYS_getpid),
        getppid_ns: syscall_loop(libc::SYS_getppid),
        fork_us: timed(&mut || fork_like(0)),
        thread_us: timed(&mut || {
            // pthread_create + pthread_join of a thread that returns at once.
            let mut t: libc::pthread_t = 0;
            // SAFETY: `nothing` ignores its argument; the thread is joined before `t` is reused.
            unsafe {
                if libc::pthread_create(&mut t, std::ptr::null(), nothing, std::ptr::null_mut()) == 0 {
                    libc::pthread_join(t, std::ptr::null_mut());
                }
            }
        }),
        clone_us: timed(&mut || fork_like(libc::CLONE_NEWPID as libc::c_long)),
        pidfd_open_ns: per_call(calls / 10, &mut || {
            // SAFETY: pidfd_open of this process, then close of that descriptor.
            unsafe {
                let fd = libc::syscall(libc::SYS_pidfd_open, libc::getpid(), 0u32);
                if fd >= 0 {
                    libc::close(fd as libc::c_int);
                }
            }
        }),
        pidfd_signal_ns: {
            // SAFETY: a pidfd on this process; signal 0 checks and delivers nothing.
            let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, libc::getpid(), 0u32) } as libc::c_int;
            let v = per_call(calls / 10, &mut || unsafe {
                libc::syscall(libc::SYS_pidfd_send_signal, fd, 0, std::ptr::null::<u8>(), 0u32);
            });
            unsafe { libc::close(fd) };
            v
        },
        set_tid_fork_us: {
            // Numbers from the top of this namespace's pid_max down: free,
            // and never the cyclic allocator's next.
            let max: libc::pid_t = std::fs::read_to_string("/proc/sys/kernel/pid_max")
                .ok()
                .and_then(|t| t.trim().parse().ok())
                .unwrap_or(32768);
            let mut next = max - 1;
            timed(&mut || {
                let tid = [next];
                next -= 1;
                fork_set_tid(&tid);
            })
        },
    };
    let v = s.values();
    outln!(
        "sample {} {} {} {} {} {} {} {}",
        v[0],
        v[1],
        v[2],
        v[3],
        v[4],
        v[5],
        v[6],
        v[7]
    );
    std::process::exit(0)
}

/// Builds the chain to `depth`, runs one worker there, returns its sample.
fn measure(depth: u32, calls: u32, samples: u32, cpu: Option<usize>) -> Result<Sample, String> {
    let exe = std::fs::read_link("/proc/self/exe").map_err(|e| format!("cannot find this binary: {e}"))?;
    let mut fds = [0; 2];
    // SAFETY: pipe/fork/unshare/prctl/execv/_exit in the child chain only.
    unsafe {
        if libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) != 0 {
            return Err("pipe failed".into());
        }
        let pid = libc::fork();
        if pid < 0 {
            return Err("fork failed".into());
        }
        if pid == 0 {
            libc::close(fds[0]);
            libc::dup2(fds[1], 1);
            if let Some(cpu) = cpu {
                // Pinning is inherited by the chain and survives the exec.
                let mut set: libc::cpu_set_t = std::mem::zeroed();
                libc::CPU_SET(cpu, &mut set);
                if libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) != 0 {
                    libc::_exit(14);
                }
            }
            if libc::geteuid() != 0 && !enter_own_user_ns() {
                libc::_exit(13);
            }
            for _ in 0..depth {
                if libc::unshare(libc::CLONE_NEWPID) != 0 {
                    libc::_exit(10);
                }
                let c = libc::fork();
                if c < 0 {
                    libc::_exit(11);
                }
                if c > 0 {
                    let mut st = 0;
                    libc::waitpid(c, &mut st, 0);
                    libc::_exit(0);
                }
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong);
            }
            // The deepest namespace's init forks the worker, which re-execs.
            let w = libc::fork();
            if w == 0 {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong);
                let path = std::ffi::CString::new(exe.as_os_str().as_encoded_bytes()).unwrap_or_default();
                let args: Vec<std::ffi::CString> = ["pidns", "kernel", "bench-worker", "--calls"]
                    .iter()
                    .map(|s| s.to_string())
                    .chain([calls.to_string(), "--samples".into(), samples.to_string()])
                    .filter_map(|s| std::ffi::CString::new(s).ok())
                    .collect();
                let mut argv: Vec<*const libc::c_char> = args.iter().map(|a| a.as_ptr()).collect();
                argv.push(std::ptr::null());
                libc::execv(path.as_ptr(), argv.as_ptr());
                libc::_exit(12);
            }
            let mut st = 0;
            libc::waitpid(w, &mut st, 0);
            libc::_exit(0);
        }
        libc::close(fds[1]);
        let mut pipe = {
            use std::os::unix::io::FromRawFd;
            std::fs::File::from_raw_fd(fds[0])
        };
        let deadline = Instant::now() + Duration::from_secs(120);
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let left = deadline.saturating_duration_since(Instant::now()).as_millis() as i32;
            let mut pfd = libc::pollfd {
                fd: fds[0],
                events: libc::POLLIN,
                revents: 0,
            };
            if left <= 0 || libc::poll(&mut pfd, 1, left) <= 0 {
                libc::kill(pid, libc::SIGKILL); // PR_SET_PDEATHSIG takes the chain down
                let mut st = 0;
                libc::waitpid(pid, &mut st, 0);
                return Err(format!("depth {depth}: the worker did not finish within 120 s"));
            }
            match pipe.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => return Err(e.to_string()),
            }
        }
        let mut st = 0;
        libc::waitpid(pid, &mut st, 0);
        let out = String::from_utf8_lossy(&out);
        let nums: Vec<f64> = out
            .lines()
            .find(|l| l.starts_with("sample "))
            .map(|l| l.split_whitespace().skip(1).filter_map(|x| x.parse().ok()).collect())
            .unwrap_or_default();
        let v: [f64; FIELDS] = nums
            .try_into()
            .map_err(|_| format!("depth {depth}: no result from the worker (status {st})"))?;
        Ok(Sample::from_values(v))
    }
}

/// Unprivileged: a user namespace of our own with a one-id map, so that the
/// chain's `unshare(CLONE_NEWPID)` calls are allowed.
fn enter_own_user_ns() -> bool {
    // SAFETY: geteuid/getegid/unshare have no memory arguments.
    let (uid, gid) = unsafe { (libc::geteuid(), libc::getegid()) };
    if unsafe { libc::unshare(libc::CLONE_NEWUSER) } != 0 {
        return false;
    }
    std::fs::write("/proc/self/setgroups", "deny").is_ok()
        && std::fs::write("/proc/self/uid_map", format!("0 {uid} 1")).is_ok()
        && std::fs::write("/proc/self/gid_map", format!("0 {gid} 1")).is_ok()
}

/// The sweep: medians over rounds and spreads, a table, and a fitted profile.
pub fn run(
    depths: &[u32],
    rounds: u32,
    calls: u32,
    samples: u32,
    cpu: Option<usize>,
    out: Option<&std::path::Path>,
) -> Result<String, String> {
    let total = depths.len() * rounds as usize;
    let mut per_depth: Vec<Vec<Sample>> = vec![Vec::new(); depths.len()];
    let mut done = 0;
    for round in 0..rounds {
        let order: Vec<usize> = if round % 2 == 0 {
            (0..depths.len()).collect()
        } else {
            (0..depths.len()).rev().collect()
        };
        for i in order {
            let bar = "#".repeat(done * 30 / total.max(1));
            err!("\r[{bar:<30}] round {}/{rounds}, depth {:>2}   ", round + 1, depths[i]);
            per_depth[i].push(measure(depths[i], calls, samples, cpu)?);
            done += 1;
        }
    }
    errln!("\r[{}] done{:20}", "#".repeat(30), "");
    let med: Vec<Sample> = per_depth
        .iter()
        .map(|v| {
            let mut m = [0.0; FIELDS];
            for (k, slot) in m.iter_mut().enumerate() {
                *slot = median(&mut v.iter().map(|s| s.values()[k]).collect::<Vec<_>>());
            }
            Sample::from_values(m)
        })
        .collect();
    let base = med.first().copied().unwrap_or_default();
    let pct = |v: f64, b: f64| if b == 0.0 { 0.0 } else { (v - b) / b * 100.0 };
    let mut table = format!(
        "kernel bench: Linux {}, {rounds} rounds, {calls} syscalls x 5 runs, {samples} samples per loop, {} (medians over rounds; spread min..max)\n",
        std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default().trim(),
        cpu.map_or("not pinned".to_string(), |c| format!("pinned to CPU {c}"))
    );
    table.push_str(&format!(
        "{:>5} | {:>22} | {:>22} | {:>24} | {:>24} | {:>24} | {:>22} | {:>22} | {:>24}\n",
        "depth",
        "getpid ns",
        "getppid ns",
        "fork+exit+wait us",
        "thread create+join us",
        "clone(NEWPID)+exit+wait us",
        "pidfd_open+close ns",
        "pidfd_send_signal ns",
        "set_tid fork+exit+wait us"
    ));
    for (i, d) in depths.iter().enumerate() {
        let (m, b) = (med[i].values(), base.values());
        let spread = |k: usize| {
            let v: Vec<f64> = per_depth[i].iter().map(|s| s.values()[k]).collect();
            (
                v.iter().copied().fold(f64::INFINITY, f64::min),
                v.iter().copied().fold(0.0, f64::max),
            )
        };
        let cell = |k: usize| format!("{:.2} ({:+.1}%)", m[k], pct(m[k], b[k]));
        table.push_str(&format!(
            "{d:>5} | {:>22} | {:>22} | {:>24} | {:>24} | {:>24} | {:>22} | {:>22} | {:>24}\n",
            cell(0),
            cell(1),
            cell(2),
            cell(3),
            cell(4),
            cell(5),
            cell(6),
            cell(7)
        ));
        let s: Vec<String> = (0..FIELDS)
            .map(spread)
            .map(|(lo, hi)| format!("{lo:.2}..{hi:.2}"))
            .collect();
        table.push_str(&format!(
            "{:>5} | {:>22} | {:>22} | {:>24} | {:>24} | {:>24} | {:>22} | {:>22} | {:>24}\n",
            "", s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]
        ));
    }
    let rows: Vec<Linux618Row> = depths
        .iter()
        .zip(&med)
        .map(|(&depth, s)| Linux618Row {
            depth,
            getpid_ns: s.getpid_ns,
            fork_exit_wait_us: s.fork_us,
            thread_create_join_us: s.thread_us,
            clone_newpid_exit_wait_us: s.clone_us,
        })
        .collect();
    let mut fit = from_sweep(
        "measured",
        &format!(
            "Measured by pidns kernel bench on Linux {} (depths {:?})",
            std::fs::read_to_string("/proc/sys/kernel/osrelease")
                .unwrap_or_default()
                .trim(),
            depths
        ),
        &rows,
    );
    let modern: Vec<ModernRow> = depths
        .iter()
        .zip(&med)
        .map(|(&depth, s)| ModernRow {
            depth,
            getpid_ns: s.getpid_ns,
            fork_exit_wait_us: s.fork_us,
            set_tid_fork_exit_wait_us: s.set_tid_fork_us,
            pidfd_open_close_ns: s.pidfd_open_ns,
            pidfd_send_signal_ns: s.pidfd_signal_ns,
        })
        .collect();
    price_modern(&mut fit, &modern);
    table.push_str("\nfitted profile (ns):\n");
    for (n, v) in &fit.params {
        table.push_str(&format!("  {n:<24} {v:>12.2}\n"));
    }
    if let Some(path) = out {
        std::fs::write(path, fit.profile.to_json()).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        table.push_str(&format!("profile written to {}\n", path.display()));
    }
    Ok(table)
}
