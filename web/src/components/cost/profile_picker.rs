//! Choosing the cost profile: a built-in one, or a JSON file as written by
//! `pidns kernel bench` (validated by `CostProfile::from_json`; a bad file is
//! refused with its reason and the current profile stays).

use crate::persist;
use crate::state::{CostAction, CostState};
use gloo::file::callbacks::FileReader;
use pidns_core::cost::{CostProfile, BUILTIN_PROFILES};
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The largest profile file read, as `CostProfile::from_json` accepts.
const MAX_PROFILE_BYTES: usize = 64 * 1024;

/// Properties of [`ProfilePicker`].
#[derive(Properties, PartialEq)]
pub struct ProfilePickerProps {
    /// The profile in use, and why the last file was refused.
    pub cost: CostState,
    /// A profile chosen or a file refused.
    pub on_cost: Callback<CostAction>,
}

/// The "Profile" select and the "Load profile" file input.
#[function_component(ProfilePicker)]
pub fn profile_picker(props: &ProfilePickerProps) -> Html {
    let reader = use_mut_ref(|| None::<FileReader>);
    let current = props.cost.profile.name.clone();
    let on_pick = {
        let on_cost = props.on_cost.clone();
        Callback::from(move |e: Event| {
            let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() else {
                return;
            };
            if let Some(p) = CostProfile::builtin(&sel.value()) {
                on_cost.emit(CostAction::SetProfile(Rc::new(p)));
            }
        })
    };
    let on_file = {
        let (on_cost, reader) = (props.on_cost.clone(), reader.clone());
        Callback::from(move |e: Event| {
            let on_cost = on_cost.clone();
            *reader.borrow_mut() = persist::read_picked(&e, MAX_PROFILE_BYTES, move |name, text| {
                on_cost.emit(
                    match text.and_then(|t| CostProfile::from_json(&t).map_err(|e| e.to_string())) {
                        Ok(p) => CostAction::SetProfile(Rc::new(p)),
                        Err(e) => CostAction::Refused(format!("{name}: {e}")),
                    },
                )
            });
        })
    };
    let builtin = BUILTIN_PROFILES.contains(&current.as_str());
    html! {
        <div class="profile-picker">
            <label>{ t!(profile_label) }
                <select aria-label={t!(profile)} onchange={on_pick}>
                    { for BUILTIN_PROFILES.iter().map(|n| html! { <option value={*n} selected={*n == current}>{ *n }</option> }) }
                    if !builtin { <option value="" selected=true>{ format!(t!(loaded), current = current) }</option> }
                </select>
            </label>
            <label class="file">{ t!(load_profile_json_label) }
                <input type="file" accept=".json,application/json" aria-label={t!(load_profile_json)} onchange={on_file} />
            </label>
            if let Some(e) = &props.cost.error { <p class="errors" role="alert">{ e }</p> }
            if !props.cost.profile.description.is_empty() { <p class="muted">{ &props.cost.profile.description }</p> }
        </div>
    }
}
