//! `CostProfile`: a price in nanoseconds for each kind of kernel work,
//! loadable from JSON.

use crate::limits::{MAX_PRICE_NS, MAX_PROFILE_BYTES};
use crate::work::{Work, WorkKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;

/// The built-in profiles' names.
pub const BUILTIN_PROFILES: [&str; 2] = ["linux-6.18", "seed-2007"];
/// The profile used when none is named.
pub const DEFAULT_PROFILE: &str = "linux-6.18";

/// Prices in nanoseconds, one per [`WorkKind`] (per item: per-level kinds
/// are charged once per level). In JSON a map from kind names to prices;
/// kinds a profile leaves out cost 0, unknown kinds are refused.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
#[serde(try_from = "HashMap<String, f64>")]
pub struct Prices([f64; WorkKind::COUNT]);

impl Default for Prices {
    fn default() -> Prices {
        Prices([0.0; WorkKind::COUNT])
    }
}

impl Prices {
    /// The price of one item of `kind`.
    pub fn get(&self, kind: WorkKind) -> f64 {
        self.0[kind as usize]
    }

    /// Sets the price of `kind`.
    pub fn set(&mut self, kind: WorkKind, ns: f64) {
        self.0[kind as usize] = ns;
    }

    /// Every kind with its price, in [`WorkKind::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (WorkKind, f64)> + '_ {
        WorkKind::ALL.iter().map(|&k| (k, self.get(k)))
    }

    /// The cost of a trace in nanoseconds: the sum of its priced work.
    pub fn cost(&self, trace: &[Work]) -> f64 {
        trace.iter().map(|w| self.get(w.kind())).sum()
    }
}

impl TryFrom<HashMap<String, f64>> for Prices {
    type Error = String;

    fn try_from(map: HashMap<String, f64>) -> Result<Prices, String> {
        let mut p = Prices::default();
        for (name, ns) in map {
            let kind = WorkKind::from_name(&name).ok_or_else(|| format!("unknown kind of work `{name}`"))?;
            p.set(kind, ns);
        }
        Ok(p)
    }
}

impl Serialize for Prices {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter().map(|(k, ns)| (k.name(), ns)))
    }
}

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
        for (kind, v) in p.prices.iter() {
            if !(0.0..=MAX_PRICE_NS).contains(&v) {
                return Err(ProfileError(format!(
                    "price of {kind} is {}: prices are nanoseconds from 0 to 1e9 \
                     (one second per unit of work), so that every total stays a finite number",
                    crate::fixed::Fixed(v, 3)
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
        self.prices.get(w.kind())
    }

    /// The cost of a trace in nanoseconds: the sum of its priced work.
    pub fn cost(&self, trace: &[Work]) -> f64 {
        self.prices.cost(trace)
    }

    /// The cost of a trace grouped by kind, in the order kinds first appear:
    /// `(kind, count, nanoseconds)`.
    pub fn breakdown(&self, trace: &[Work]) -> Vec<(WorkKind, u32, f64)> {
        let mut out: Vec<(WorkKind, u32, f64)> = Vec::new();
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
