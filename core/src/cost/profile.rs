//! `CostProfile`: a price in nanoseconds for each kind of kernel work,
//! loadable from JSON.

use crate::limits::{MAX_PRICE_NS, MAX_PROFILE_BYTES};
use crate::Work;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The built-in profiles' names.
pub const BUILTIN_PROFILES: [&str; 2] = ["linux-6.18", "seed-2007"];
/// The profile used when none is named.
pub const DEFAULT_PROFILE: &str = "linux-6.18";

macro_rules! prices {
    ($($kind:ident),* $(,)?) => {
        /// Prices in nanoseconds, one per [`Work`] kind (per item: per-level
        /// kinds are charged once per level). Kinds a profile leaves out cost 0.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct Prices {
            $(pub $kind: f64,)*
        }

        impl Prices {
            /// Every kind name, in declaration order.
            pub const KINDS: &'static [&'static str] = &[$(stringify!($kind)),*];

            /// The price of one kind, by its [`Work::kind`] name.
            pub fn get(&self, kind: &str) -> Option<f64> {
                match kind {
                    $(stringify!($kind) => Some(self.$kind),)*
                    _ => None,
                }
            }

            /// Sets the price of one kind; false if there is no such kind.
            pub fn set(&mut self, kind: &str, ns: f64) -> bool {
                match kind {
                    $(stringify!($kind) => self.$kind = ns,)*
                    _ => return false,
                }
                true
            }
        }
    };
}

prices!(
    syscall_entry,
    copy_process,
    copy_thread,
    create_pid_ns,
    pid_nr_alloc,
    pid_nr_publish,
    pid_nr_free,
    vpid_alloc,
    vpid_free,
    pid_nr_ns,
    vpid_translate,
    find_pid,
    signal_send,
    exit_task,
    release_task,
    reparent,
    subreaper_walk,
    zap_pid_ns,
    reap,
);

/// A named set of prices. Serialised as JSON:
/// `{"name": "...", "description": "...", "prices": {"syscall_entry": 104.3, ...}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostProfile {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub prices: Prices,
}

/// Why a profile file was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileError(pub String);

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProfileError {}

impl CostProfile {
    /// A built-in profile by name (fitted now from its measurements), or `None`.
    pub fn builtin(name: &str) -> Option<CostProfile> {
        match name {
            "seed-2007" => Some(super::fit::seed_2007().profile),
            "linux-6.18" => Some(super::fit::linux_6_18().profile),
            _ => None,
        }
    }

    /// Parses and validates a profile: known kinds only, every price a
    /// number from 0 to [`MAX_PRICE_NS`] (so that no scenario's total, nor
    /// any per-depth series, can overflow to infinity), a non-empty name, at
    /// most [`MAX_PROFILE_BYTES`] of text.
    pub fn from_json(text: &str) -> Result<CostProfile, ProfileError> {
        if text.len() > MAX_PROFILE_BYTES {
            return Err(ProfileError(format!(
                "profile is {} bytes; at most {MAX_PROFILE_BYTES} are read",
                text.len()
            )));
        }
        let p: CostProfile =
            serde_json::from_str(text).map_err(|e| ProfileError(format!("not a cost profile: {e}")))?;
        if p.name.trim().is_empty() {
            return Err(ProfileError("the profile has an empty \"name\"".into()));
        }
        for kind in Prices::KINDS {
            let v = p.prices.get(kind).unwrap_or(0.0);
            if !(0.0..=MAX_PRICE_NS).contains(&v) {
                return Err(ProfileError(format!(
                    "price of {kind} is {}: prices are nanoseconds from 0 to {MAX_PRICE_NS:e} \
                     (one second per unit of work), so that every total stays a finite number",
                    if v.is_finite() && v.abs() < 1e9 {
                        v.to_string()
                    } else {
                        format!("{v:e}")
                    }
                )));
            }
        }
        Ok(p)
    }

    /// The profile as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The price of one unit of work.
    pub fn price(&self, w: &Work) -> f64 {
        self.prices.get(w.kind()).unwrap_or(0.0)
    }

    /// The cost of a trace in nanoseconds: the sum of its priced work.
    pub fn cost(&self, trace: &[Work]) -> f64 {
        trace.iter().map(|w| self.price(w)).sum()
    }

    /// The cost of a trace grouped by kind, in the order kinds first appear:
    /// `(kind, count, nanoseconds)`.
    pub fn breakdown(&self, trace: &[Work]) -> Vec<(&'static str, u32, f64)> {
        let mut out: Vec<(&'static str, u32, f64)> = Vec::new();
        for w in trace {
            let p = self.price(w);
            match out.iter_mut().find(|(k, _, _)| *k == w.kind()) {
                Some(e) => {
                    e.1 += 1;
                    e.2 += p;
                }
                None => out.push((w.kind(), 1, p)),
            }
        }
        out
    }
}
