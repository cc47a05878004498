//! # pidns-core: a kernel model of Linux PID namespaces
//!
//! A pure model (no I/O, clocks or randomness; builds for wasm32 and native)
//! of how Linux numbers processes in nested pid namespaces, in both designs
//! of June 2007: the **multilevel** model Linux merged (a pid has one number
//! per level, up to `MAX_PID_NS_LEVEL` = 32) and the **flat** model it
//! dropped (a global and one virtual number).
//!
//! - [`World`] is the kernel: tasks, `struct pid`s and pid namespaces, with
//!   one method per system call (`clone_task`, `unshare_newpid`, `setns`,
//!   `exit_group`, `wait`, `kill`, ...). Every call returns the kernel's
//!   value or [`Errno`], and records the [`Work`] it did in [`World::trace`].
//! - [`scenario`] is the `.pns` language: parser, runner and checker.

pub mod cost;
pub mod effect;
pub mod errno;
pub mod fixed;
pub mod idr;
pub mod ids;
mod invariants;
pub mod limits;
pub mod namespace;
pub mod pid;
pub mod scenario;
pub mod signal;
pub mod sort;
pub mod syscalls;
pub mod task;
pub mod view;
pub mod work;
pub mod world;

pub use effect::{Effect, Recording, ReparentReason, SignalFate};
pub use errno::Errno;
pub use fixed::Fixed;
pub use ids::{NsId, TaskId};
pub use invariants::Cursors;
pub use namespace::{Model, PidNamespace, MAX_PID_NS_LEVEL, PID_MAX_DEFAULT, PID_MAX_LIMIT, RESERVED_PIDS};
pub use pid::Upid;
pub use signal::{Disposition, Signal};
pub use syscalls::{CloneFlags, KillTarget, RebootCmd, Subreaper};
pub use task::{ExitStatus, ProcState, TaskState};
pub use view::TaskRef;
pub use work::Work;
pub use world::{Released, World};
