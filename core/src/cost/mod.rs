//! The cost model: the semantics emit [`Work`](crate::Work), a
//! [`CostProfile`] prices each kind of it, and the cost of anything is the
//! sum. Workloads (the 2007 nptl test, getpid loops, fork+exit+wait) are one
//! traced iteration times a count. The built-in profiles are *fitted* by
//! least squares from published measurements each time they are built
//! ([`fit`]), never typed in.

pub mod fit;
mod profile;
pub mod report;
pub mod tables;
mod workload;

pub use profile::{CostProfile, Prices, ProfileError, BUILTIN_PROFILES, DEFAULT_PROFILE};
pub use workload::{trace_at, Workload};
