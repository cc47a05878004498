//! `clone3(2)` with `set_tid`, for the agent and the bench alike.

/// `struct clone_args` of clone3(2), up to `set_tid_size` (`CLONE_ARGS_SIZE_VER1`).
#[repr(C)]
#[derive(Default)]
struct CloneArgs {
    flags: u64,
    pidfd: u64,
    child_tid: u64,
    parent_tid: u64,
    exit_signal: u64,
    stack: u64,
    stack_size: u64,
    tls: u64,
    set_tid: u64,
    set_tid_size: u64,
}

/// `clone3(flags, exit_signal = SIGCHLD, set_tid = tids)` with no new stack:
/// like fork, it returns twice (0 in the child, the child's pid as the
/// caller sees it in the parent), or -1 with `errno` set.
pub fn fork_set_tid(flags: u64, tids: &[libc::pid_t]) -> libc::c_long {
    let args = CloneArgs {
        flags,
        exit_signal: libc::SIGCHLD as u64,
        set_tid: tids.as_ptr() as u64,
        set_tid_size: tids.len() as u64,
        ..CloneArgs::default()
    };
    // SAFETY: without CLONE_VM and with no stack, clone3 returns twice like
    // fork; `args` and `tids` outlive the call.
    unsafe {
        libc::syscall(
            libc::SYS_clone3,
            &args as *const CloneArgs,
            std::mem::size_of::<CloneArgs>(),
        )
    }
}
