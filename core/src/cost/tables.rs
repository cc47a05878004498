//! Published measurements the built-in profiles are fitted to.

use crate::Model;

/// One row of the 2007 seed's results table ("[PATCH 0/28] Pid namespaces
/// (two models)", Emelianov, 15 June 2007), as recovered in
/// `kernel-pidns.md` §1.2: glibc nptl `perf -s 1000000 -t 1 -r 0 -T
/// --sync-join` CPU seconds (± error), and the wall time of 10^9 getpid calls.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SeedRow {
    /// The row's label as archived (rows after unshare are marked so).
    pub label: &'static str,
    /// The model whose work the row's kernel does. A kernel without pid
    /// namespaces (the base, `PID_NS=n`) does exactly the flat model's
    /// init-namespace work: the flat design's "zero overhead" claim.
    pub model: Model,
    /// The level the benchmark ran at: 0, or 1 "after unshare".
    pub level: u32,
    pub nptl_s: f64,
    pub nptl_err: f64,
    pub getpid_s: f64,
}

/// Thread create+join iterations in the nptl test (`-s 1000000`).
pub const NPTL_COUNT: f64 = 1e6;
/// getpid() calls in the getpid test.
pub const GETPID_COUNT: f64 = 1e9;
/// How close a model's getpid total must be to the published one, in seconds.
pub const GETPID_TOLERANCE_S: f64 = 1.0;

/// The six rows, in the order of the post.
pub const SEED_ROWS: [SeedRow; 6] = [
    SeedRow {
        label: "2.6.21-rc1-mm1",
        model: Model::Flat,
        level: 0,
        nptl_s: 11.72,
        nptl_err: 0.12,
        getpid_s: 382.695,
    },
    SeedRow {
        label: "patch + PID_NS=n",
        model: Model::Flat,
        level: 0,
        nptl_s: 11.68,
        nptl_err: 0.14,
        getpid_s: 382.859,
    },
    SeedRow {
        label: "patch + PID_NS_FLAT",
        model: Model::Flat,
        level: 0,
        nptl_s: 11.83,
        nptl_err: 0.18,
        getpid_s: 382.795,
    },
    SeedRow {
        label: "patch + PID_NS_MULTI",
        model: Model::Multilevel,
        level: 0,
        nptl_s: 12.01,
        nptl_err: 0.18,
        getpid_s: 386.437,
    },
    SeedRow {
        label: "patch + PID_NS_FLAT (after unshare)",
        model: Model::Flat,
        level: 1,
        nptl_s: 12.52,
        nptl_err: 0.15,
        getpid_s: 382.949,
    },
    SeedRow {
        label: "patch + PID_NS_MULTI (after unshare)",
        model: Model::Multilevel,
        level: 1,
        nptl_s: 12.96,
        nptl_err: 0.14,
        getpid_s: 386.782,
    },
];

/// One depth of a kernel sweep: the built-in Linux 6.18 one
/// (`kernel-measurements.md` §2.1: worker re-exec'd at its depth, pinned,
/// median of 3 rounds) or one measured by `pidns kernel bench`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Linux618Row {
    pub depth: u32,
    pub getpid_ns: f64,
    pub fork_exit_wait_us: f64,
    pub thread_create_join_us: f64,
    pub clone_newpid_exit_wait_us: f64,
}

/// The measured depths.
pub const LINUX_6_18: [Linux618Row; 8] = [
    Linux618Row {
        depth: 0,
        getpid_ns: 104.26,
        fork_exit_wait_us: 106.20,
        thread_create_join_us: 15.63,
        clone_newpid_exit_wait_us: 112.49,
    },
    Linux618Row {
        depth: 1,
        getpid_ns: 110.61,
        fork_exit_wait_us: 106.99,
        thread_create_join_us: 15.92,
        clone_newpid_exit_wait_us: 113.65,
    },
    Linux618Row {
        depth: 2,
        getpid_ns: 102.81,
        fork_exit_wait_us: 107.20,
        thread_create_join_us: 16.40,
        clone_newpid_exit_wait_us: 115.26,
    },
    Linux618Row {
        depth: 3,
        getpid_ns: 106.28,
        fork_exit_wait_us: 105.61,
        thread_create_join_us: 17.15,
        clone_newpid_exit_wait_us: 113.72,
    },
    Linux618Row {
        depth: 4,
        getpid_ns: 109.55,
        fork_exit_wait_us: 106.23,
        thread_create_join_us: 17.81,
        clone_newpid_exit_wait_us: 117.31,
    },
    Linux618Row {
        depth: 8,
        getpid_ns: 109.21,
        fork_exit_wait_us: 110.39,
        thread_create_join_us: 19.86,
        clone_newpid_exit_wait_us: 120.54,
    },
    Linux618Row {
        depth: 16,
        getpid_ns: 101.87,
        fork_exit_wait_us: 113.28,
        thread_create_join_us: 23.66,
        clone_newpid_exit_wait_us: 124.37,
    },
    Linux618Row {
        depth: 31,
        getpid_ns: 105.51,
        fork_exit_wait_us: 122.30,
        thread_create_join_us: 30.90,
        clone_newpid_exit_wait_us: 139.45,
    },
];

/// One depth of the modern pid APIs' measurements (`pidns kernel bench`):
/// a fork with a chosen pid beside a plain one, and the pidfd calls, with the
/// same machine's getpid as its syscall cost.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ModernRow {
    pub depth: u32,
    pub getpid_ns: f64,
    pub fork_exit_wait_us: f64,
    pub set_tid_fork_exit_wait_us: f64,
    pub pidfd_open_close_ns: f64,
    pub pidfd_send_signal_ns: f64,
}

/// Measured by `pidns kernel bench --depths 0,1,2,4,8,16,31 --rounds 3
/// --samples 300 --calls 500000` on the project's 2-vCPU machine (Linux
/// 6.18.44, not pinned, medians of 3 rounds), 2026-12-01. Another machine
/// than [`LINUX_6_18`]'s (getpid 62 ns here, 104 ns there): only differences
/// within one row are used.
pub const LINUX_6_18_MODERN: [ModernRow; 7] = [
    ModernRow {
        depth: 0,
        getpid_ns: 61.54,
        fork_exit_wait_us: 49.72,
        set_tid_fork_exit_wait_us: 53.52,
        pidfd_open_close_ns: 1449.68,
        pidfd_send_signal_ns: 149.49,
    },
    ModernRow {
        depth: 1,
        getpid_ns: 61.29,
        fork_exit_wait_us: 76.07,
        set_tid_fork_exit_wait_us: 51.84,
        pidfd_open_close_ns: 1464.56,
        pidfd_send_signal_ns: 153.26,
    },
    ModernRow {
        depth: 2,
        getpid_ns: 76.58,
        fork_exit_wait_us: 52.34,
        set_tid_fork_exit_wait_us: 56.14,
        pidfd_open_close_ns: 1529.86,
        pidfd_send_signal_ns: 160.77,
    },
    ModernRow {
        depth: 4,
        getpid_ns: 62.41,
        fork_exit_wait_us: 50.74,
        set_tid_fork_exit_wait_us: 53.65,
        pidfd_open_close_ns: 1295.47,
        pidfd_send_signal_ns: 149.65,
    },
    ModernRow {
        depth: 8,
        getpid_ns: 62.55,
        fork_exit_wait_us: 60.05,
        set_tid_fork_exit_wait_us: 56.61,
        pidfd_open_close_ns: 1270.15,
        pidfd_send_signal_ns: 148.18,
    },
    ModernRow {
        depth: 16,
        getpid_ns: 61.06,
        fork_exit_wait_us: 56.85,
        set_tid_fork_exit_wait_us: 57.87,
        pidfd_open_close_ns: 1297.20,
        pidfd_send_signal_ns: 149.61,
    },
    ModernRow {
        depth: 31,
        getpid_ns: 61.13,
        fork_exit_wait_us: 61.20,
        set_tid_fork_exit_wait_us: 67.37,
        pidfd_open_close_ns: 1253.53,
        pidfd_send_signal_ns: 190.39,
    },
];
