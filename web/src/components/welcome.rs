//! First contact: a welcome card on a first visit (and from the "Welcome"
//! button later) that offers three ways in: lesson 1, the narrated
//! example stepped from its start, or an empty world. Each is an action the
//! app already has (open a lesson, load a session), so the session the
//! visitor had can be brought back as after any load.

use crate::persist;
use crate::state::{Action, AppHandle};
use pidns_core::scenario::lesson::Lesson;
use pidns_core::scenario::share::SessionDoc;
use std::rc::Rc;
use yew::prelude::*;

/// The `localStorage` key set once the welcome card has been closed.
pub const WELCOMED_KEY: &str = "pidns-lab.welcomed";

/// Properties of [`Welcome`].
#[derive(Properties, PartialEq)]
pub struct WelcomeProps {
    pub state: AppHandle,
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
    let first = props.on_first_visit && persist::read(WELCOMED_KEY).is_none();
    let open = use_state(|| first);
    let close = {
        let open = open.clone();
        Callback::from(move |_: ()| {
            persist::write(WELCOMED_KEY, "1");
            open.set(false);
        })
    };
    let act = |make: Rc<dyn Fn() -> Vec<Action>>| {
        let (st, close) = (props.state.clone(), close.clone());
        Callback::from(move |_: MouseEvent| {
            for a in make() {
                st.dispatch(a);
            }
            close.emit(());
        })
    };
    let lesson_1 = act(Rc::new(|| {
        Lesson::builtin()
            .into_iter()
            .next()
            .map(|l| vec![Action::OpenLesson(Rc::new(l))])
            .unwrap_or_default()
    }));
    let example = {
        let text = props.example;
        act(Rc::new(move || {
            let stmts: Vec<String> = text.lines().map(str::to_string).collect();
            vec![
                Action::Load(Box::new(SessionDoc::new(stmts, 0)), t!(the_narrated_example).into()),
                Action::Presenter(true),
            ]
        }))
    };
    let empty = act(Rc::new(|| {
        vec![Action::Load(Box::new(empty_session()), t!(a_new_session).into())]
    }));
    let reopen = {
        let open = open.clone();
        Callback::from(move |_| open.set(true))
    };
    let on_key = {
        let close = close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                close.emit(());
            }
        })
    };
    html! {
        <>
            <button class="welcome-button" onclick={reopen}>{ t!(welcome) }</button>
            if *open {
                <div class="welcome-backdrop">
                    <section class="welcome" role="dialog" aria-modal="true" aria-labelledby="welcome-title" onkeydown={on_key}>
                        <h2 id="welcome-title">{ t!(welcome_title) }</h2>
                        <p>{ t!(welcome_text) }</p>
                        <div class="welcome-choices">
                            <button onclick={lesson_1} autofocus=true>{ t!(start_lesson_1) }</button>
                            <button onclick={example}>{ t!(watch_the_narrated_example) }</button>
                            <button onclick={empty}>{ t!(start_empty) }</button>
                        </div>
                        <p class="muted">{ t!(welcome_keys) }</p>
                        <button class="welcome-close" onclick={close.reform(|_| ())}>{ t!(close) }</button>
                    </section>
                </div>
            }
        </>
    }
}
