//! The app's effects as hooks, out of the root component: the document's keyboard
//! shortcuts, autosave, the share-link listener and the theme.

use crate::persist::{self, Settings};
use crate::state::{Action, AppState, Notice, SessionAction, Speed, StudyAction, Theme, ViewAction};
use pidns_core::scenario::share::SessionDoc;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Ctrl+Z / Ctrl+Shift+Z anywhere, and in presenter mode the keys that step and leave
/// (see [`key_action`]), listened for on the document.
#[hook]
pub fn use_keyboard(presenter: bool, dispatcher: UseReducerDispatcher<AppState>) {
    use_effect_with(presenter, move |&presenter| {
        let options = gloo::events::EventListenerOptions::enable_prevent_default();
        let doc = gloo::utils::document();
        let listener = gloo::events::EventListener::new_with_options(&doc, "keydown", options, move |e| {
            let Some(e) = e.dyn_ref::<KeyboardEvent>() else { return };
            // A control that handled its key (the picture's arrows) keeps it.
            if e.default_prevented() {
                return;
            }
            if focus_console(e) {
                e.prevent_default();
                return;
            }
            if let Some(a) = key_action(e, presenter) {
                e.prevent_default();
                dispatcher.dispatch(a);
            }
        });
        move || drop(listener)
    });
}

/// With `persist`: lesson progress saved on every change, and the session autosaved
/// half a second after the last change (a notice says when storage refuses it).
#[hook]
pub fn use_autosave(state: &UseReducerHandle<AppState>, persist: bool) {
    use_effect_with(state.study.progress.clone(), move |p| {
        if persist {
            p.save();
        }
    });
    let pending = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
    let s = state.clone();
    let key = (
        state.session.version,
        state.view.mode,
        state.view.view_from.clone(),
        Rc::as_ptr(&state.cost.profile) as usize,
        state.study.lesson.is_some(),
    );
    use_effect_with(key, move |_| {
        if persist {
            *pending.borrow_mut() = Some(gloo::timers::callback::Timeout::new(500, move || {
                if !persist::write(persist::SESSION_KEY, &s.doc().to_json()) {
                    s.dispatch(Action::View(ViewAction::Notice(Some(Notice::error(
                        t!(autosave_failed).into(),
                    )))));
                }
            }));
        }
    });
}

/// Applies the theme to the document, and with `persist` saves the settings.
#[hook]
pub fn use_theme(theme: Theme, speed: Speed, persist: bool) {
    use_effect_with((theme, speed), move |&(theme, speed)| {
        apply_theme(theme);
        if persist {
            Settings { theme, speed }.save();
        }
    });
}

/// With `persist`: a link pasted into this tab's address bar (only the fragment changes)
/// opens its session.
#[hook]
pub fn use_link_listener(persist: bool, dispatcher: UseReducerDispatcher<AppState>) {
    use_effect_with(persist, move |&persist| {
        let listener = persist.then(|| {
            gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                if let Some(payload) = persist::link_payload() {
                    dispatcher.dispatch(match SessionDoc::from_link(&payload) {
                        Ok(doc) => {
                            persist::clear_link();
                            Action::Session(SessionAction::Load(Box::new(doc), t!(the_shared_session).into()))
                        }
                        Err(e) => Action::View(ViewAction::Notice(Some(Notice::error(format!(
                            t!(this_link_could_not_be_opened_your_o),
                            e = e
                        ))))),
                    });
                }
            })
        });
        move || drop(listener)
    });
}

/// Sets `data-theme` on the document (none: follow the system).
pub fn apply_theme(theme: Theme) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = match theme {
            Theme::System => root.remove_attribute("data-theme"),
            Theme::Light => root.set_attribute("data-theme", "light"),
            Theme::Dark => root.set_attribute("data-theme", "dark"),
        };
    }
}

/// What a key press does: Ctrl+Z / Ctrl+Shift+Z anywhere but in a console
/// with text; in presenter mode → / space / PageDown forward, ← / PageUp
/// back and Escape to leave, unless typing in a field (and Space is left to
/// a focused button, link or tree item).
pub fn key_action(e: &KeyboardEvent, presenter: bool) -> Option<Action> {
    let target = e.target();
    let typing = typing(e);
    let text_in_console = target
        .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        .is_some_and(|t| !t.value().is_empty());
    if (e.ctrl_key() || e.meta_key()) && e.key().eq_ignore_ascii_case("z") && !text_in_console {
        return Some(Action::Session(if e.shift_key() {
            SessionAction::Redo
        } else {
            SessionAction::Undo
        }));
    }
    if !presenter || typing || e.ctrl_key() || e.meta_key() || e.alt_key() {
        return None;
    }
    match e.key().as_str() {
        // Space on a focused button, link or tree item is that control's own.
        " " if activates(e) => None,
        "ArrowRight" | " " | "PageDown" => Some(Action::Study(StudyAction::Next)),
        "ArrowLeft" | "PageUp" => Some(Action::Session(SessionAction::Undo)),
        "Escape" => Some(Action::View(ViewAction::Presenter(false))),
        _ => None,
    }
}

/// Whether the key's target is a control that Space activates.
fn activates(e: &KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("button, a, summary, [role=treeitem]").ok().flatten())
        .is_some()
}

/// Whether the key goes to a text field, a drop-down or the console.
fn typing(e: &KeyboardEvent) -> bool {
    e.target().is_some_and(|t| {
        t.dyn_ref::<web_sys::HtmlInputElement>()
            .is_some_and(|i| i.type_() != "range")
            || t.dyn_ref::<web_sys::HtmlTextAreaElement>().is_some()
            || t.dyn_ref::<web_sys::HtmlSelectElement>().is_some()
    })
}

/// `/` anywhere but in a text field puts the cursor in the console (as the
/// console's placeholder says); true when it did.
fn focus_console(e: &KeyboardEvent) -> bool {
    if e.key() != "/" || typing(e) || e.ctrl_key() || e.meta_key() || e.alt_key() {
        return false;
    }
    let console = gloo::utils::document()
        .query_selector("textarea.console-input")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok());
    console.is_some_and(|c| c.focus().is_ok())
}
