//! Choosing the cost profile: a built-in one, or a JSON file as written by
//! `pidns kernel bench` (validated by `CostProfile::from_json`; a bad file is
//! refused with its reason and the current profile stays).

use crate::state::{Action, AppHandle};
use gloo::file::callbacks::FileReader;
use pidns_core::cost::{CostProfile, BUILTIN_PROFILES};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The largest profile file read, as `CostProfile::from_json` accepts.
const MAX_PROFILE_BYTES: f64 = 64.0 * 1024.0;

/// Properties of [`ProfilePicker`].
#[derive(Properties, PartialEq)]
pub struct ProfilePickerProps {
    pub state: AppHandle,
}

/// The "Profile" select and the "Load profile" file input.
#[function_component(ProfilePicker)]
pub fn profile_picker(props: &ProfilePickerProps) -> Html {
    let reader = use_mut_ref(|| None::<FileReader>);
    let current = props.state.profile.name.clone();
    let on_pick = {
        let st = props.state.clone();
        Callback::from(move |e: Event| {
            let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() else {
                return;
            };
            if let Some(p) = CostProfile::builtin(&sel.value()) {
                st.dispatch(Action::SetProfile(Rc::new(p)));
            }
        })
    };
    let on_file = {
        let (st, reader) = (props.state.clone(), reader.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            if file.size() > MAX_PROFILE_BYTES {
                st.dispatch(Action::ProfileError(format!(
                    "{}: {} bytes; a profile is at most 65536",
                    file.name(),
                    file.size()
                )));
                return;
            }
            let (st2, name) = (st.clone(), file.name());
            let task = gloo::file::callbacks::read_as_text(&gloo::file::File::from(file), move |res| match res {
                Ok(text) => match CostProfile::from_json(&text) {
                    Ok(p) => st2.dispatch(Action::SetProfile(Rc::new(p))),
                    Err(e) => st2.dispatch(Action::ProfileError(format!("{name}: {e}"))),
                },
                Err(e) => st2.dispatch(Action::ProfileError(format!("{name}: cannot read it: {e}"))),
            });
            *reader.borrow_mut() = Some(task);
        })
    };
    let builtin = BUILTIN_PROFILES.contains(&current.as_str());
    html! {
        <div class="profile-picker">
            <label>{ "Profile " }
                <select aria-label="Profile" onchange={on_pick}>
                    { for BUILTIN_PROFILES.iter().map(|n| html! { <option value={*n} selected={*n == current}>{ *n }</option> }) }
                    if !builtin { <option value="" selected=true>{ format!("{current} (loaded)") }</option> }
                </select>
            </label>
            <label class="file">{ "Load profile JSON " }
                <input type="file" accept=".json,application/json" aria-label="Load profile JSON" onchange={on_file} />
            </label>
            if let Some(e) = &props.state.profile_error { <p class="errors" role="alert">{ e }</p> }
            if !props.state.profile.description.is_empty() { <p class="muted">{ &props.state.profile.description }</p> }
        </div>
    }
}
