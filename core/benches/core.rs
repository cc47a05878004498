//! Benchmarks of the kernel model (divan): fork+exit+wait by depth, the id
//! system calls, pid translation. Costs should grow like the kernel's: fork
//! O(depth), getpid O(1). Run: `cargo bench -p pidns-core --bench core`.

use divan::counter::ItemsCount;
use divan::Bencher;
use pidns_core::{CloneFlags, Model, TaskId, World, PID_MAX_LIMIT};

fn main() {
    divan::main();
}

/// A world whose init has a chain of `depth` nested namespaces below it;
/// returns the init of the deepest one.
fn chain(depth: u32) -> (World, TaskId) {
    let mut w = World::new(Model::Multilevel, PID_MAX_LIMIT);
    let mut t = w.init().expect("init");
    let newpid = CloneFlags {
        newpid: true,
        ..CloneFlags::default()
    };
    for _ in 0..depth {
        t = w.clone_task(t, newpid).expect("nest").0;
    }
    (w, t)
}

/// fork() by the deepest init, exit_group() by the child, wait() by the init.
#[divan::bench(args = [0, 1, 8, 32])]
fn fork_exit_wait(b: Bencher, depth: u32) {
    let (mut w, init) = chain(depth);
    b.counter(ItemsCount::new(1usize)).bench_local(|| {
        let (child, _) = w.clone_task(init, CloneFlags::default()).expect("fork");
        w.exit_group(child, 0).expect("exit");
        w.wait(init, None).expect("wait")
    });
}

/// The same with effects recorded, as a scenario session runs it.
#[divan::bench(args = [0, 8, 32])]
fn fork_exit_wait_recorded(b: Bencher, depth: u32) {
    let (mut w, init) = chain(depth);
    w.set_recording(pidns_core::Recording::On);
    b.counter(ItemsCount::new(1usize)).bench_local(|| {
        let (child, _) = w.clone_task(init, CloneFlags::default()).expect("fork");
        w.exit_group(child, 0).expect("exit");
        w.wait(init, None).expect("wait")
    });
}

/// getpid() by a process at `depth`.
#[divan::bench(args = [0, 8, 32])]
fn getpid(b: Bencher, depth: u32) {
    let (mut w, init) = chain(depth);
    let (p, _) = w.clone_task(init, CloneFlags::default()).expect("fork");
    b.counter(ItemsCount::new(1usize))
        .bench_local(|| w.getpid(divan::black_box(p)).expect("getpid"));
}

/// Translating the deepest process's pid to the root's view and to its own
/// (`pid_nr_ns`), and to an unrelated namespace (invisible: 0).
#[divan::bench(args = [1, 8, 32])]
fn translate(b: Bencher, depth: u32) {
    let (mut w, init) = chain(depth);
    let (p, _) = w.clone_task(init, CloneFlags::default()).expect("fork");
    let task = |t| w.task_ref(t).expect("exists");
    let root = task(w.init().expect("init")).active_pid_ns();
    let own = task(p).active_pid_ns();
    b.counter(ItemsCount::new(2usize)).bench_local(|| {
        let t = task(divan::black_box(p));
        t.tgid_nr_ns(root) + t.tgid_nr_ns(own)
    });
}
