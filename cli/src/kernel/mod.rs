//! `pidns kernel ...`: the real Linux kernel as the model's oracle. Every
//! scenario process becomes a real process (threads real threads) in a fresh
//! pid namespace, driven by a small command loop.

pub mod agent;
pub mod bench;
mod clone3;
pub mod harness;
pub mod machine;
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
            errln!("pidns kernel check: {why}");
            return ExitCode::from(EXIT_UNAVAILABLE);
        }
    };
    outln!(
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
                errln!("{msg}");
                failed += 1;
                continue;
            }
        };
        let t0 = std::time::Instant::now();
        match harness::check(&sc, mode) {
            Outcome::Agreed => {
                passed += 1;
                outln!("agree     {} ({} ms)", f.display(), t0.elapsed().as_millis());
            }
            Outcome::NotCheckable(why) => {
                skipped += 1;
                outln!("not checkable {}: {why}", f.display());
            }
            Outcome::Broken(why) => {
                failed += 1;
                outln!("BROKEN    {}: {why}", f.display());
            }
            Outcome::Disagreed(ds) => {
                failed += 1;
                outln!("DISAGREE  {}", f.display());
                for d in ds {
                    outln!(
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
    outln!("{skipped} not checkable");
    outln!("{passed} passed, {failed} failed");
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn procfs_level() -> usize {
    procfs::nspid(std::process::id() as i32)
        .ok()
        .flatten()
        .map_or(0, |v| v.len() - 1)
}

/// `pidns kernel fuzz`: random scenarios from the shared generator, each
/// checked on the kernel; a disagreement is shrunk statement by statement to
/// a minimal scenario written to `out`.
pub fn fuzz(seed: u64, count: u32, len: usize, out: &std::path::Path) -> ExitCode {
    use pidns_core::scenario::generate::{choices_from_seed, generate, to_text};
    let mode = match detect_mode() {
        Ok(m) => m,
        Err(why) => {
            errln!("pidns kernel fuzz: {why}");
            return ExitCode::from(EXIT_UNAVAILABLE);
        }
    };
    let (mut passed, mut failed) = (0, 0);
    let t0 = std::time::Instant::now();
    for i in 0..count {
        let case_seed = seed.wrapping_add(u64::from(i));
        let sc = generate(&choices_from_seed(case_seed, len));
        let outcome = harness::check(&sc, mode);
        let ok = matches!(outcome, Outcome::Agreed | Outcome::NotCheckable(_));
        err!(
            "\rfuzz: case {}/{count} (seed {case_seed}), {failed} disagreeing   ",
            i + 1
        );
        if ok {
            passed += 1;
            continue;
        }
        failed += 1;
        let minimal = shrink(sc, mode);
        let path = out.join(format!("fuzz-{case_seed}.pns"));
        let mut text = format!("# pidns kernel fuzz --seed {seed}: case {i} (seed {case_seed}), shrunk\n");
        if let Outcome::Disagreed(ds) = harness::check(&minimal, mode) {
            for d in ds.iter().take(10) {
                text.push_str(&format!(
                    "# line {}: {}: model {}, kernel {}\n",
                    d.line, d.what, d.model, d.kernel
                ));
            }
        }
        text.push_str(&to_text(&minimal));
        match std::fs::create_dir_all(out).and_then(|()| std::fs::write(&path, &text)) {
            Ok(()) => errln!("\nfuzz: disagreement, minimal scenario in {}", path.display()),
            Err(e) => errln!("\nfuzz: disagreement; cannot write {}: {e}\n{text}", path.display()),
        }
    }
    errln!();
    outln!(
        "fuzz: {count} cases of up to {len} statements in {:.1} s",
        t0.elapsed().as_secs_f64()
    );
    outln!("{passed} passed, {failed} failed");
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Removes statements one at a time, last first, keeping every removal after
/// which the kernel and the model still disagree.
fn shrink(mut sc: Scenario, mode: Mode) -> Scenario {
    let disagrees = |s: &Scenario| matches!(harness::check(s, mode), Outcome::Disagreed(_));
    let mut changed = true;
    while changed {
        changed = false;
        let mut i = sc.lines.len();
        while i > 0 {
            i -= 1;
            let mut candidate = sc.clone();
            candidate.lines.remove(i);
            if disagrees(&candidate) {
                sc = candidate;
                changed = true;
            }
        }
    }
    for (n, l) in sc.lines.iter_mut().enumerate() {
        l.line = n + 1;
    }
    sc
}
