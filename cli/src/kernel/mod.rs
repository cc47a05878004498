//! `pidns kernel ...`: the real Linux kernel as the model's oracle. Every
//! scenario process becomes a real process (threads real threads) in a fresh
//! pid namespace, driven by a small command loop.

mod agent;
pub mod harness;
mod procfs;

use harness::{Mode, Outcome};
use pidns_core::scenario::Scenario;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit status when this machine cannot create pid namespaces at all.
pub const EXIT_UNAVAILABLE: u8 = 3;

/// How this process can make pid namespaces, if at all.
pub fn detect_mode() -> Result<Mode, String> {
    // SAFETY: geteuid cannot fail.
    if unsafe { libc::geteuid() } == 0 {
        return Ok(Mode::Root);
    }
    // Try CLONE_NEWUSER|CLONE_NEWPID in a throw-away child.
    // SAFETY: the child only calls unshare and _exit.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        let ok = unsafe { libc::unshare(libc::CLONE_NEWUSER | libc::CLONE_NEWPID) } == 0;
        unsafe { libc::_exit(i32::from(!ok)) };
    }
    let mut st = 0;
    // SAFETY: waiting for our own child.
    if pid > 0 && unsafe { libc::waitpid(pid, &mut st, 0) } == pid && libc::WIFEXITED(st) && libc::WEXITSTATUS(st) == 0
    {
        Ok(Mode::UserNs)
    } else {
        Err("cannot create pid namespaces here: not root, and unprivileged user namespaces are unavailable".into())
    }
}

/// `pidns kernel check FILE...`.
pub fn check(files: &[PathBuf], load: impl Fn(&std::path::Path) -> Result<Scenario, String>) -> ExitCode {
    let mode = match detect_mode() {
        Ok(m) => m,
        Err(why) => {
            eprintln!("pidns kernel check: {why}");
            return ExitCode::from(EXIT_UNAVAILABLE);
        }
    };
    println!(
        "kernel check: {} mode, Linux {}, scenario root at real level {}, deepest checkable scenario level {}",
        if mode == Mode::Root { "root" } else { "user-namespace" },
        std::fs::read_to_string("/proc/sys/kernel/osrelease")
            .unwrap_or_default()
            .trim(),
        procfs_level() + 1,
        harness::deepest_checkable()
    );
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for f in files {
        let sc = match load(f) {
            Ok(sc) => sc,
            Err(msg) => {
                eprintln!("{msg}");
                failed += 1;
                continue;
            }
        };
        let t0 = std::time::Instant::now();
        match harness::check(&sc, mode) {
            Outcome::Agreed => {
                passed += 1;
                println!("agree     {} ({} ms)", f.display(), t0.elapsed().as_millis());
            }
            Outcome::NotCheckable(why) => {
                skipped += 1;
                println!("not checkable {}: {why}", f.display());
            }
            Outcome::Broken(why) => {
                failed += 1;
                println!("BROKEN    {}: {why}", f.display());
            }
            Outcome::Disagreed(ds) => {
                failed += 1;
                println!("DISAGREE  {}", f.display());
                for d in ds {
                    println!(
                        "  {}:{}: {}: model {}, kernel {}",
                        f.display(),
                        d.line,
                        d.what,
                        d.model,
                        d.kernel
                    );
                }
            }
        }
    }
    println!("{skipped} not checkable");
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn procfs_level() -> usize {
    procfs::nspid(std::process::id() as i32).map_or(0, |v| v.len() - 1)
}
