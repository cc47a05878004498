//! The command loop each scenario process runs on the real kernel. It makes
//! exactly the system call a statement names and answers `ok VALUE` or
//! `err ERRNO`, by datagram on a socket of its own (`SOCKET.TOKEN`), so the
//! harness needs one socket however many agents there are. It creates no helper threads and allocates little, so pids
//! stay deterministic and forking a multi-threaded agent stays safe.

use std::os::unix::net::UnixDatagram;
use std::sync::Mutex;

/// The process's pidfds by handle name: one table for all its threads, as
/// the descriptor table is; copied by fork, gone with exec (close-on-exec).
static PIDFDS: Mutex<Vec<(String, i32)>> = Mutex::new(Vec::new());

fn pidfd_named(name: &str) -> Option<i32> {
    PIDFDS.lock().ok()?.iter().find(|(n, _)| n == name).map(|&(_, fd)| fd)
}

/// `struct pidfd_info` (include/uapi/linux/pidfd.h), its first version.
#[repr(C)]
#[derive(Default)]
struct PidfdInfo {
    mask: u64,
    cgroupid: u64,
    pid: u32,
    tgid: u32,
    ppid: u32,
    ids: [u32; 8],
    spare0: u32,
}

/// `PIDFD_GET_INFO`: `_IOWR(0xFF, 11, struct pidfd_info)`.
const PIDFD_GET_INFO: libc::c_ulong =
    (3 << 30) | ((std::mem::size_of::<PidfdInfo>() as libc::c_ulong) << 16) | (0xFF << 8) | 11;

/// Binds `SOCKET.TOKEN`, says hello to the harness at `socket` and serves
/// its commands (`SEQ COMMAND`, answered `SEQ REPLY`) until told to exit.
pub fn run(socket: &str, token: u32) -> ! {
    // After exec the same agent binds its address again.
    let _ = std::fs::remove_file(format!("{socket}.{token}"));
    let Ok(sock) = UnixDatagram::bind(format!("{socket}.{token}")) else {
        exit_group(121)
    };
    if sock.connect(socket).is_err() {
        exit_group(122);
    }
    let host_tid = super::procfs::own_nspid().and_then(|v| v.first().copied()).unwrap_or(0);
    if sock
        .send(format!("hello {token} {host_tid} {}", gettid_raw()).as_bytes())
        .is_err()
    {
        exit_group(123);
    }
    let mut buf = [0u8; 512];
    loop {
        // A handled signal interrupts recv (EINTR): that is no reason to stop.
        let n = loop {
            match sock.recv(&mut buf) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => exit_group(124),
            }
        };
        let msg = String::from_utf8_lossy(&buf[..n]);
        let (seq, cmd) = msg.split_once(' ').unwrap_or((&msg, ""));
        let reply = execute(socket, cmd.trim());
        let reply = format!("{seq} {reply}");
        loop {
            match sock.send(reply.as_bytes()) {
                Ok(_) => break,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => exit_group(125),
            }
        }
    }
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn res(r: libc::c_long) -> String {
    if r < 0 {
        format!("err {}", errno())
    } else {
        format!("ok {r}")
    }
}

fn gettid_raw() -> i32 {
    // SAFETY: gettid takes no arguments and cannot fail.
    unsafe { libc::syscall(libc::SYS_gettid) as i32 }
}

fn exit_group(code: i32) -> ! {
    // SAFETY: exit_group does not return.
    unsafe {
        libc::syscall(libc::SYS_exit_group, code);
    }
    unreachable!("exit_group returned")
}

extern "C" fn handler(_: libc::c_int) {}

/// A new process (not a thread) drops the descriptors it inherited — its
/// parent's connection must close when the parent dies — then serves.
pub fn child_start(socket: &str, token: u32) -> ! {
    // Every descriptor above stderr but the pidfds it inherited, which a
    // fork child holds as its parent did.
    let mut keep: Vec<u32> = PIDFDS
        .lock()
        .map(|t| t.iter().map(|&(_, fd)| fd as u32).collect())
        .unwrap_or_default();
    keep.sort_unstable();
    let mut from = 3u32;
    for fd in keep.into_iter().filter(|&fd| fd >= 3) {
        if fd > from {
            // SAFETY: closes a range of descriptors in this new process only.
            unsafe { libc::syscall(libc::SYS_close_range, from, fd - 1, 0u32) };
        }
        from = fd + 1;
    }
    // SAFETY: as above.
    unsafe { libc::syscall(libc::SYS_close_range, from, u32::MAX, 0u32) };
    run(socket, token)
}

/// Raw clone with no new stack: returns twice like fork.
fn raw_clone(flags: libc::c_long) -> libc::c_long {
    // SAFETY: without CLONE_VM the child gets a copy of the address space, so
    // running on the same stack address is what fork does.
    unsafe { libc::syscall(libc::SYS_clone, flags, 0usize, 0usize, 0usize, 0usize) }
}

fn execute(socket: &str, cmd: &str) -> String {
    let words: Vec<&str> = cmd.split_whitespace().collect();
    let num = |i: usize| words.get(i).and_then(|w| w.parse::<i64>().ok()).unwrap_or(0);
    match words.first().copied().unwrap_or("") {
        "clone" => {
            // clone FLAGS TOKEN: FLAGS is CLONE_NEWPID/CLONE_PARENT bits.
            let r = raw_clone(num(1) as libc::c_long | libc::SIGCHLD as libc::c_long);
            if r == 0 {
                child_start(socket, num(2) as u32);
            }
            res(r)
        }
        "clone3" => {
            // clone3 FLAGS TOKEN TID,TID...: set_tid deepest level first.
            let tids: Vec<libc::pid_t> = words
                .get(3)
                .map(|w| w.split(',').filter_map(|t| t.parse().ok()).collect())
                .unwrap_or_default();
            let r = super::clone3::fork_set_tid(num(1) as u64, &tids);
            if r == 0 {
                child_start(socket, num(2) as u32);
            }
            res(r)
        }
        "exit_thread" => {
            // SAFETY: exit(2) ends the calling thread only and does not return.
            unsafe { libc::syscall(libc::SYS_exit, num(1) as i32) };
            format!("err {}", errno())
        }
        "exec" => {
            // execve of this same program as the agent `TOKEN`, which says hello again.
            // thread-self: once the leader has exited, /proc/self (the zombie
            // leader, with no mm left) has no exe link.
            let exe = std::ffi::CString::new("/proc/thread-self/exe").unwrap_or_default();
            let args: Vec<std::ffi::CString> =
                ["pidns", "kernel", "agent", socket, words.get(1).copied().unwrap_or("0")]
                    .iter()
                    .filter_map(|a| std::ffi::CString::new(*a).ok())
                    .collect();
            let mut argv: Vec<*const libc::c_char> = args.iter().map(|a| a.as_ptr()).collect();
            argv.push(std::ptr::null());
            let env: [*const libc::c_char; 1] = [std::ptr::null()];
            // SAFETY: argv and envp are NULL-terminated arrays of C strings that outlive the call.
            unsafe { libc::execve(exe.as_ptr(), argv.as_ptr(), env.as_ptr()) };
            format!("err {}", errno())
        }
        "pidfd_open" => {
            // SAFETY: pidfd_open takes a pid and flags.
            let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, num(1) as libc::pid_t, 0u32) };
            if fd < 0 {
                return format!("err {}", errno());
            }
            if let Ok(mut t) = PIDFDS.lock() {
                t.push((words.get(2).copied().unwrap_or("").to_string(), fd as i32));
            }
            "ok 0".into()
        }
        "pidfd_send_signal" => match pidfd_named(words.get(1).copied().unwrap_or("")) {
            // SAFETY: a descriptor, a signal number, no siginfo, no flags.
            Some(fd) => res(unsafe {
                libc::syscall(
                    libc::SYS_pidfd_send_signal,
                    fd,
                    num(2) as libc::c_int,
                    std::ptr::null::<u8>(),
                    0u32,
                )
            }),
            None => format!("err {}", libc::EBADF),
        },
        "pidfd_getpid" => match pidfd_named(words.get(1).copied().unwrap_or("")) {
            Some(fd) => {
                let mut info = PidfdInfo {
                    mask: 1, // PIDFD_INFO_PID
                    ..PidfdInfo::default()
                };
                // SAFETY: PIDFD_GET_INFO fills a struct pidfd_info of the size its number encodes.
                let r = unsafe { libc::ioctl(fd, PIDFD_GET_INFO, &mut info as *mut PidfdInfo) };
                if r < 0 {
                    format!("err {}", errno())
                } else {
                    format!("ok {}", info.tgid)
                }
            }
            None => format!("err {}", libc::EBADF),
        },
        "close" => {
            let name = words.get(1).copied().unwrap_or("");
            let fd = PIDFDS.lock().ok().and_then(|mut t| {
                let i = t.iter().position(|(n, _)| n == name)?;
                Some(t.remove(i).1)
            });
            match fd {
                // SAFETY: closes a descriptor this process holds.
                Some(fd) => res(unsafe { libc::close(fd) } as libc::c_long),
                None => format!("err {}", libc::EBADF),
            }
        }
        "clone_newpid_thread" => {
            // The kernel refuses CLONE_NEWPID|CLONE_THREAD before creating anything.
            let flags = libc::CLONE_NEWPID | libc::CLONE_THREAD | libc::CLONE_SIGHAND | libc::CLONE_VM;
            let r = raw_clone(flags as libc::c_long);
            if r == 0 {
                exit_group(126);
            }
            res(r)
        }
        "thread" => {
            let (socket, token) = (socket.to_string(), num(1) as u32);
            match std::thread::Builder::new().spawn(move || run(&socket, token)) {
                Ok(_) => "ok 0".into(),
                Err(e) => format!("err {}", e.raw_os_error().unwrap_or(libc::EAGAIN)),
            }
        }
        // SAFETY (all below): plain system calls with scalar arguments.
        "unshare" => res(unsafe { libc::unshare(libc::CLONE_NEWPID) } as libc::c_long),
        "setns" => {
            let path = std::ffi::CString::new(format!("/proc/{}/ns/pid", num(1))).unwrap_or_default();
            let fd = unsafe { libc::open(path.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC) };
            if fd < 0 {
                return format!("err {}", errno());
            }
            let r = unsafe { libc::setns(fd, libc::CLONE_NEWPID) };
            let e = errno();
            unsafe { libc::close(fd) };
            if r < 0 {
                format!("err {e}")
            } else {
                "ok 0".into()
            }
        }
        "exit" => exit_group(num(1) as i32),
        "wait" => {
            let mut status = 0;
            let r = unsafe { libc::waitpid(num(1) as libc::pid_t, &mut status, libc::WNOHANG) };
            if r < 0 {
                format!("err {}", errno())
            } else {
                format!("ok {r} {status}")
            }
        }
        "peek" => {
            // waitid(P_PID, pid, WEXITED|WNOWAIT|WNOHANG): how a zombie child ended.
            let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
            let r = unsafe {
                libc::waitid(
                    libc::P_PID,
                    num(1) as libc::id_t,
                    &mut info,
                    libc::WEXITED | libc::WNOWAIT | libc::WNOHANG,
                )
            };
            if r < 0 {
                return format!("err {}", errno());
            }
            let (code, status) = unsafe { (info.si_code, info.si_status()) };
            format!("ok {code} {status}")
        }
        "kill" => res(unsafe { libc::kill(num(1) as libc::pid_t, num(2) as libc::c_int) } as libc::c_long),
        "sigaction" => {
            let disp = match words.get(2).copied() {
                Some("handle") => handler as *const () as libc::sighandler_t,
                Some("ignore") => libc::SIG_IGN,
                _ => libc::SIG_DFL,
            };
            let mut sa: libc::sigaction = unsafe { std::mem::zeroed() };
            sa.sa_sigaction = disp;
            res(unsafe { libc::sigaction(num(1) as libc::c_int, &sa, std::ptr::null_mut()) } as libc::c_long)
        }
        "subreaper" => {
            res(unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, num(1) as libc::c_ulong) } as libc::c_long)
        }
        "setsid" => res(unsafe { libc::setsid() } as libc::c_long),
        "getpid" => res(unsafe { libc::syscall(libc::SYS_getpid) }),
        "gettid" => res(unsafe { libc::syscall(libc::SYS_gettid) }),
        "getppid" => res(unsafe { libc::syscall(libc::SYS_getppid) }),
        "getsid" => res(unsafe { libc::getsid(0) } as libc::c_long),
        "write" => match std::fs::write(words.get(1).copied().unwrap_or(""), words.get(2).copied().unwrap_or("")) {
            Ok(()) => "ok 0".into(),
            Err(e) => format!("err {}", e.raw_os_error().unwrap_or(libc::EIO)),
        },
        "reboot" => {
            // reboot(2) from the initial pid namespace would reboot the machine:
            // refuse unless this process is in another namespace than pid 1's.
            let own = super::procfs::ns_inode("/proc/thread-self/ns/pid");
            if own.is_none() || own == super::procfs::ns_inode("/proc/1/ns/pid") {
                return format!("err {} refusing reboot in the initial pid namespace", libc::EPERM);
            }
            let cmd = match words.get(1).copied() {
                Some("restart") => libc::LINUX_REBOOT_CMD_RESTART,
                Some("halt") => libc::LINUX_REBOOT_CMD_HALT,
                Some("poweroff") => libc::LINUX_REBOOT_CMD_POWER_OFF,
                _ => libc::LINUX_REBOOT_CMD_CAD_ON,
            };
            res(unsafe {
                libc::syscall(
                    libc::SYS_reboot,
                    libc::LINUX_REBOOT_MAGIC1,
                    libc::LINUX_REBOOT_MAGIC2,
                    cmd,
                    0usize,
                )
            })
        }
        other => format!("err {} unknown command '{other}'", libc::EINVAL),
    }
}
