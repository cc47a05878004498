//! Benchmarks of the picture's layout (divan): random worlds of 1,000 and 10,000 processes across
//! 8 namespace levels, shown whole and collapsed to 300 visible processes. The picture must update
//! within 16 ms at 1,000 processes and 100 ms at 10,000 in the browser, so layout should take a few
//! milliseconds natively. Run: `cargo bench -p pidns-layout`.

#[path = "../tests/common/mod.rs"]
mod common;

use common::World;
use divan::counter::ItemsCount;
use divan::Bencher;
use pidns_layout::{layout, Measures};

fn main() {
    divan::main();
}

/// Every process laid out (nothing collapsed).
#[divan::bench(args = [1_000, 10_000])]
fn whole(b: Bencher, n: usize) {
    let w = World::random(42, n, 8);
    let m = Measures {
        collapse_at: usize::MAX,
        ..Measures::default()
    };
    b.counter(ItemsCount::new(n))
        .bench_local(|| layout(&w.procs, &w.nss, &[], &m));
}

/// The default view: large subtrees collapsed into "+K processes" nodes.
#[divan::bench(args = [1_000, 10_000])]
fn collapsed(b: Bencher, n: usize) {
    let w = World::random(42, n, 8);
    let m = Measures::default();
    b.counter(ItemsCount::new(n))
        .bench_local(|| layout(&w.procs, &w.nss, &[], &m));
}
