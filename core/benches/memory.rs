//! Memory per live process: one million processes at depth 8, counted by a
//! global allocator. Run: `cargo bench -p pidns-core --bench memory`.

use pidns_core::{CloneFlags, Model, World, PID_MAX_LIMIT};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(l.size(), Ordering::Relaxed) + l.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        if new > l.size() {
            let now = LIVE.fetch_add(new - l.size(), Ordering::Relaxed) + new - l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        } else {
            LIVE.fetch_sub(l.size() - new, Ordering::Relaxed);
        }
        unsafe { System.realloc(p, l, new) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn main() {
    const N: usize = 1_000_000;
    const DEPTH: u32 = 8;
    let before = LIVE.load(Ordering::Relaxed);
    let mut w = World::new(Model::Multilevel, PID_MAX_LIMIT);
    let mut t = w.init().expect("init");
    for _ in 0..DEPTH {
        t = w
            .clone_task(
                t,
                CloneFlags {
                    newpid: true,
                    ..CloneFlags::default()
                },
            )
            .expect("nest")
            .0;
    }
    let start = std::time::Instant::now();
    for i in 0..N {
        if let Err(e) = w.clone_task(t, CloneFlags::default()) {
            panic!("fork {i} failed: {e}");
        }
    }
    let took = start.elapsed();
    let live = LIVE.load(Ordering::Relaxed) - before;
    let peak = PEAK.load(Ordering::Relaxed) - before;
    println!(
        "{N} live processes at depth {DEPTH}: {:.1} MB live heap ({:.0} B/process), peak {:.1} MB; created in {:.2} s ({:.2} M forks/s)",
        live as f64 / 1e6,
        live as f64 / N as f64,
        peak as f64 / 1e6,
        took.as_secs_f64(),
        N as f64 / took.as_secs_f64() / 1e6
    );
    assert_eq!(w.task_count(), N + DEPTH as usize + 1);
}
