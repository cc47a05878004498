//! The session's own controls: Share (a link carrying the whole session),
//! Copy embed code (an `<iframe>` of that link's embed form, for slides),
//! save as `.pns` or JSON, open a file (also by dropping it on the page),
//! the colour theme, and presenter mode. Files and links are checked by
//! `pidns_core::scenario::share`; a refused one leaves the session as it was.

use crate::persist;
use crate::state::{Action, Notice, SessionAction, Theme, ViewAction};
use gloo::file::callbacks::FileReader;
use pidns_core::scenario::share::{SessionDoc, MAX_TEXT};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Opens a dropped or picked session file (`.json` or `.pns`); `slot`
/// keeps the reader alive until it is done.
pub fn open_file(file: web_sys::File, on_action: Callback<Action>, slot: Rc<RefCell<Option<FileReader>>>) {
    *slot.borrow_mut() = persist::read_file(file, MAX_TEXT, move |name, text| on_action.emit(open_text(name, text)));
}

/// What a file's text opens, or the notice saying why it does not.
fn open_text(name: String, text: Result<String, String>) -> Action {
    let doc = text.and_then(|t| {
        let json = name.ends_with(".json") || t.trim_start().starts_with('{');
        if json {
            SessionDoc::from_json(&t)
        } else {
            SessionDoc::from_pns(&t)
        }
        .map_err(|e| e.to_string())
    });
    match doc {
        Ok(d) => Action::Session(SessionAction::Load(Box::new(d), name)),
        Err(e) => Action::View(ViewAction::Notice(Some(Notice::error(format!(
            "Could not open {name}: {e}"
        ))))),
    }
}

/// What the bar shows after Share or Copy embed code.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Made {
    Link,
    Embed,
}

/// Properties of [`SessionBar`].
#[derive(Properties)]
pub struct SessionBarProps {
    /// The theme chosen.
    pub theme: Theme,
    /// Makes the document of the user's own session (to share or save).
    pub doc: Callback<(), SessionDoc>,
    /// Loads, notices and the theme.
    pub on_action: Callback<Action>,
    /// Where a file being read is kept (shared with the page's drop handler).
    pub reader: Rc<RefCell<Option<FileReader>>>,
    /// Enters presenter mode.
    pub on_presenter: Callback<MouseEvent>,
}

impl PartialEq for SessionBarProps {
    fn eq(&self, o: &Self) -> bool {
        self.theme == o.theme
            && self.doc == o.doc
            && self.on_action == o.on_action
            && Rc::ptr_eq(&self.reader, &o.reader)
            && self.on_presenter == o.on_presenter
    }
}

/// The banner's session controls.
#[function_component(SessionBar)]
pub fn session_bar(props: &SessionBarProps) -> Html {
    let link = use_state(|| None::<(Made, String)>);
    let (st, doc) = (&props.on_action, &props.doc);
    let notice = |e: String| Action::View(ViewAction::Notice(Some(Notice::error(e))));
    let share = |made: Made| {
        let (st, link, doc) = (st.clone(), link.clone(), doc.clone());
        Callback::from(move |_| {
            let (st, link, doc) = (st.clone(), link.clone(), doc.emit(()));
            yew::platform::spawn_local(async move {
                match persist::share_link(&doc).await {
                    Ok(url) => {
                        let text = match made {
                            Made::Link => url,
                            Made::Embed => persist::embed_code(&url),
                        };
                        copy_to_clipboard(&text);
                        link.set(Some((made, text)));
                    }
                    Err(e) => st.emit(notice(format!(t!(could_not_make_a_link), e = e))),
                }
            });
        })
    };
    let save = |pns: bool| {
        let (st, doc) = (st.clone(), doc.clone());
        Callback::from(move |_| {
            let doc = doc.emit(());
            let res = if pns {
                persist::download("session.pns", "text/plain", &doc.to_pns())
            } else {
                persist::download("session.json", "application/json", &doc.to_json())
            };
            if let Err(e) = res {
                st.emit(notice(e));
            }
        })
    };
    let on_file = {
        let (st, reader) = (st.clone(), props.reader.clone());
        Callback::from(move |e: Event| {
            let st = st.clone();
            *reader.borrow_mut() = persist::read_picked(&e, MAX_TEXT, move |name, text| st.emit(open_text(name, text)));
        })
    };
    let on_theme = {
        let st = st.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                st.emit(Action::View(ViewAction::SetTheme(match s.value().as_str() {
                    "light" => Theme::Light,
                    "dark" => Theme::Dark,
                    _ => Theme::System,
                })));
            }
        })
    };
    let theme = match props.theme {
        Theme::System => "system",
        Theme::Light => "light",
        Theme::Dark => "dark",
    };
    let new_session = {
        st.reform(|_| {
            Action::Session(SessionAction::Load(
                Box::new(super::welcome::empty_session()),
                t!(a_new_session).into(),
            ))
        })
    };
    html! {
        <div class="session-bar">
            <button onclick={new_session} title={t!(new_session_title)}>{ t!(new_session) }</button>
            <button onclick={share(Made::Link)} title={t!(copy_a_link_that_opens_this_session)}>{ t!(share) }</button>
            <button onclick={share(Made::Embed)} title={t!(copy_embed_code_title)}>{ t!(copy_embed_code) }</button>
            <button onclick={save(true)}>{ t!(save_pns) }</button>
            <button onclick={save(false)}>{ t!(save_json) }</button>
            <label class="file-button">{ t!(open_file) }
                <input type="file" accept=".pns,.json,text/plain,application/json" aria-label={t!(open_session_file)} onchange={on_file} />
            </label>
            <label>{ t!(theme_label) }
                <select aria-label={t!(theme)} onchange={on_theme}>
                    { for ["system", "light", "dark"].iter().map(|t| html! { <option value={*t} selected={*t == theme}>{ *t }</option> }) }
                </select>
            </label>
            <button class="presenter-toggle" onclick={props.on_presenter.clone()} title={t!(large_type_for_a_projector_to_step)}>{ t!(presenter_mode) }</button>
            if let Some((made, text)) = &*link {
                <div class="share-link" role="status">
                    <label>{ if *made == Made::Link { t!(share_link_copied_label) } else { t!(embed_code_copied_label) } }
                        <input type="text" readonly=true value={text.clone()} aria-label={if *made == Made::Link { t!(share_link) } else { t!(embed_code) }} /></label>
                    <button onclick={{ let link = link.clone(); Callback::from(move |_| link.set(None)) }}>{ t!(close) }</button>
                </div>
            }
        </div>
    }
}

/// Copies text with the asynchronous clipboard API; where it is refused
/// (no secure context), the visible link field is the way to copy it.
fn copy_to_clipboard(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}
