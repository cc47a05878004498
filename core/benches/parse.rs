//! Parse time per size of input (divan), 1 KB to 50 MB, for two shapes:
//! a realistic mix of statements, and the worst case of issue 11 (only
//! expectations before the first operation, which used to make every line
//! rescan the lines before it). Linear parsing shows as a flat time per MB
//! (divan's bytes counter). Run: `cargo bench -p pidns-core --bench parse`.

use divan::counter::BytesCount;
use divan::Bencher;
use pidns_core::scenario::parse;

fn main() {
    divan::main();
}

/// Sizes of input in bytes.
const SIZES: [usize; 6] = [1_000, 10_000, 100_000, 1_000_000, 10_000_000, 50_000_000];

/// About `size` bytes of whole lines repeating `block`.
fn text(block: &str, size: usize) -> String {
    block.repeat(size.div_ceil(block.len()))
}

const MIX: &str = "init fork as a\na unshare newpid\na fork as b\nexpect b nspid = 3 1\nb getpid\nexpect result 1\nb exit 3\na wait b\nexpect b exited 3\na exit\ninit wait a\n# a comment line\n\n";

/// A mix of operations, expectations, comments and blank lines.
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn statements(b: Bencher, size: usize) {
    let t = text(MIX, size);
    b.counter(BytesCount::new(t.len()))
        .bench_local(|| parse(&t).map(|s| s.lines.len()).unwrap_or(0));
}

/// Only `expect ok` lines: no operation ever comes.
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn leading_expectations(b: Bencher, size: usize) {
    let t = text("expect ok\n", size);
    b.counter(BytesCount::new(t.len()))
        .bench_local(|| parse(&t).map(|s| s.lines.len()).unwrap_or(0));
}
