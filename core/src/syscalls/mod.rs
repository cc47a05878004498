//! The modelled system calls, one module each, as `impl World` blocks. Each
//! validates before it mutates, records the kernel work it does in the
//! world's trace, and returns what the system call returns.

mod clone;
mod exec;
mod exit;
mod getid;
mod kill;
mod pidfd;
mod prctl;
mod reboot;
mod setns;
mod setsid;
mod sigaction;
mod sysctl;
mod unshare;
mod wait;

pub use clone::CloneFlags;
pub use kill::KillTarget;
pub(crate) use pidfd::Pidfd;
pub use prctl::Subreaper;
pub use reboot::RebootCmd;
