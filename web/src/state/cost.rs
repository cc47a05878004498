//! The cost profile the timeline and the charts price with, and why the
//! last profile file was refused.

use pidns_core::cost::{CostProfile, DEFAULT_PROFILE};
use std::rc::Rc;

/// The profile in use.
#[derive(Clone)]
pub struct CostState {
    pub profile: Rc<CostProfile>,
    /// Why the last profile file was refused.
    pub error: Option<String>,
}

impl PartialEq for CostState {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.profile, &o.profile) && self.error == o.error
    }
}

impl Default for CostState {
    fn default() -> CostState {
        CostState {
            profile: Rc::new(CostProfile::builtin(DEFAULT_PROFILE).unwrap_or_else(|| CostProfile {
                name: "none".into(),
                description: String::new(),
                prices: Default::default(),
            })),
            error: None,
        }
    }
}

/// A change of profile.
pub enum CostAction {
    /// A built-in profile chosen, or a file read and checked by `CostProfile::from_json`.
    SetProfile(Rc<CostProfile>),
    /// A profile file refused, with its name and reason; the profile stays.
    Refused(String),
}

impl CostState {
    /// Applies a change.
    pub fn apply(&mut self, a: CostAction) {
        match a {
            CostAction::SetProfile(p) => {
                self.profile = p;
                self.error = None;
            }
            CostAction::Refused(e) => self.error = Some(e),
        }
    }
}
