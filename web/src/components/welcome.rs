//! First contact: a welcome card on a first visit (and from the "Welcome"
//! button later) that offers three ways in: lesson 1, the narrated
//! example stepped from its start, or an empty world. Each is an action the
//! app already has (open a lesson, load a session), so the session the
//! visitor had can be brought back as after any load.

use crate::persist;
use crate::state::{Action, SessionAction, StudyAction, ViewAction};
use pidns_core::scenario::lesson::{Lesson, BUILTIN};
use pidns_core::scenario::share::SessionDoc;
use std::rc::Rc;
use yew::prelude::*;

/// The `localStorage` key set once the welcome card has been closed.
pub const WELCOMED_KEY: &str = "pidns-lab.welcomed";

/// Properties of [`Welcome`].
#[derive(Properties, PartialEq)]
pub struct WelcomeProps {
    /// Opens lesson 1, loads a session, enters presenter mode.
    pub on_action: Callback<Action>,
    /// The narrated example's statements, one per line.
    pub example: &'static str,
    /// Whether a first visit opens the card (off in tests that mount the app).
    #[prop_or(true)]
    pub on_first_visit: bool,
}

/// An empty world: only `init`.
pub fn empty_session() -> SessionDoc {
    SessionDoc::new(Vec::new(), 0)
}

/// The "Welcome" button and, when open, the welcome card (a modal dialog).
#[function_component(Welcome)]
pub fn welcome(props: &WelcomeProps) -> Html {
    let open = use_state(|| props.on_first_visit && persist::read(WELCOMED_KEY).is_none());
    // 1: lesson 1, 2: the narrated example, 3: an empty world, else just close.
    let choose = {
        let (st, open, example) = (props.on_action.clone(), open.clone(), props.example);
        Callback::from(move |which: u8| {
            persist::write(WELCOMED_KEY, "1");
            open.set(false);
            let load = |doc: SessionDoc, name: &str| Action::Session(SessionAction::Load(Box::new(doc), name.into()));
            match which {
                1 => {
                    if let Some(l) = BUILTIN.first().and_then(|(id, text)| Lesson::parse(id, text).ok()) {
                        st.emit(Action::Study(StudyAction::Open(Rc::new(l))));
                    }
                }
                2 => {
                    let doc = SessionDoc::new(example.lines().map(str::to_string).collect(), 0);
                    st.emit(load(doc, t!(the_narrated_example)));
                    st.emit(Action::View(ViewAction::Presenter(true)));
                }
                3 => st.emit(load(empty_session(), t!(a_new_session))),
                _ => {}
            }
        })
    };
    let reopen = {
        let open = open.clone();
        Callback::from(move |_| open.set(true))
    };
    html! {
        <>
            <button class="welcome-button" onclick={reopen}>{ t!(welcome) }</button>
            if *open {
                <div class="welcome-backdrop">
                    <section class="welcome" role="dialog" aria-modal="true" aria-labelledby="welcome-title">
                        <h2 id="welcome-title">{ t!(welcome_title) }</h2>
                        <p>{ t!(welcome_text) }</p>
                        <div class="welcome-choices">
                            <button onclick={choose.reform(|_| 1)}>{ t!(start_lesson_1) }</button>
                            <button onclick={choose.reform(|_| 2)}>{ t!(watch_the_narrated_example) }</button>
                            <button onclick={choose.reform(|_| 3)}>{ t!(start_empty) }</button>
                        </div>
                        <p class="muted">{ t!(welcome_keys) }</p>
                        <button class="welcome-close" onclick={choose.reform(|_| 0)}>{ t!(close) }</button>
                    </section>
                </div>
            }
        </>
    }
}
