//! The page: the banner (or presenter mode's bar), the toolbar, the notice,
//! the world section, and the side panel with the timeline. It holds the
//! state and hands each part only what it shows and the actions it may send.

use super::actions::Actions;
use super::console::Console;
use super::cost::CostPanel;
use super::lesson_panel::LessonPanel;
use super::notice_bar::NoticeBar;
use super::panel_tabs::{panel_name, PanelTabs};
use super::session_bar::{open_file, SessionBar};
use super::timeline::Timeline;
use super::toolbar::{Controls, SpeedSelect, Toolbar};
use super::welcome::Welcome;
use super::world_section::{TablePlace, WorldSection};
use crate::derived::Derived;
use crate::hooks::{use_autosave, use_keyboard, use_link_listener, use_theme};
use crate::persist::{self, Settings};
use crate::state::{Action, AppState, Notice, Panel, SessionAction, StudyAction, ViewAction, ViewMode};
use crate::study::Progress;
use pidns_core::scenario::share::SessionDoc;
use pidns_core::Model;
use std::rc::Rc;
use yew::prelude::*;

/// The scenario a first visit starts with: `unshare`, whose caller stays put
/// while its first child becomes pid 1.
pub const EXAMPLE: &str = "init fork as shell
shell unshare newpid
shell fork as boot
boot fork as worker
shell fork as second
";

/// Properties of [`App`].
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// Restore and autosave the session and settings in `localStorage`, and
    /// open a share link in the address; off for tests that need a fresh app.
    #[prop_or(true)]
    pub persist: bool,
}

impl Default for AppProps {
    fn default() -> AppProps {
        AppProps { persist: true }
    }
}

/// The application root.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let persist = props.persist;
    let form = *use_state(|| if persist { Form::requested() } else { Form::Page });
    // The embed form keeps nothing: the page's autosave and settings are the visitor's own.
    let keep = persist && form == Form::Page;
    let embed = form == Form::Embed;
    let state = use_reducer(move || startup(persist, form));
    let (session, view) = (&state.session, &state.view);
    use_keyboard(view.presenter || embed, state.dispatcher());
    use_autosave(&state, keep);
    use_theme(view.theme, view.speed, keep);
    use_link_listener(keep, state.dispatcher());
    let reader = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
    let model = state.model();
    let compare = view.mode == ViewMode::Compare;
    let deps = (
        session.version,
        model == Model::Flat,
        view.view_from.clone(),
        compare,
        Rc::as_ptr(&state.cost.profile) as usize,
        Rc::as_ptr(&view.expanded) as usize,
        session.animate,
    );
    let last = use_mut_ref(|| None::<Rc<Derived>>);
    let derived = {
        let (state, last) = (state.clone(), last.clone());
        use_memo(deps, move |_| {
            let d = Rc::new(Derived::new(&state, last.borrow().as_deref()));
            *last.borrow_mut() = Some(d.clone());
            d
        })
    };
    let d = &**derived;
    let dispatch = act(&state, |a| a);
    let on_submit = act(&state, |t| Action::Session(SessionAction::Submit(t)));
    let on_jump = act(&state, |i| Action::Session(SessionAction::Jump(i)));
    let on_speed = act(&state, |s| Action::View(ViewAction::SetSpeed(s)));
    let set_presenter = |on: bool| dispatch.reform(move |_| Action::View(ViewAction::Presenter(on)));
    let selected = if d.names.contains(&view.selected) {
        view.selected.clone()
    } else {
        "init".to_string()
    };
    let style = format!("--step:{}ms", view.speed.step_ms());
    let presenter = view.presenter;
    let mode_name = if compare { t!(compare_lower) } else { model.name() };
    let world = html! {
        <WorldSection title={format!(t!(the_world), mode_name)} narration={d.narration.clone()}
            picture={d.picture.clone()} flat_picture={d.flat_picture.clone()}
            rows={d.rows.clone()} flat_rows={compare.then(|| d.flat_rows.clone())} divergences={d.divergences.clone()}
            max_level={d.max_level} fresh={d.fresh.clone()} selected={selected.clone()} viewer={view.view_from.clone()}
            table={if embed { TablePlace::Instead } else { TablePlace::UnderPicture }}
            on_select={act(&state, |n| Action::View(ViewAction::Select(n)))} on_expand={act(&state, |k| Action::View(ViewAction::Expand(k)))} />
    };
    let timeline = html! {
        <section class="timeline-panel" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{ format!(t!(timeline_cost), state.cost.profile.name) }</h2>
            <Timeline entries={d.timeline.clone()} cursor={d.cursor} diverged={d.diverged.clone()} on_jump={on_jump.clone()} />
        </section>
    };
    let toolbar = |controls: Controls| {
        html! {
            <Toolbar mode={view.mode} cursor={d.cursor} len={d.len} speed={view.speed} view_from={view.view_from.clone()}
                choices={d.choices.clone()} more={d.more} controls={controls}
                on_mode={act(&state, |m| Action::View(ViewAction::SetMode(m)))}
                on_undo={act(&state, |_| Action::Session(SessionAction::Undo))}
                on_redo={if controls == Controls::All { act(&state, |_| Action::Session(SessionAction::Redo)) } else { act(&state, |_| Action::Study(StudyAction::Next)) }}
                on_jump={on_jump.clone()}
                on_speed={on_speed.clone()}
                on_view_from={act(&state, |v| Action::View(ViewAction::ViewFrom(v)))} />
        }
    };
    let notice = view.notice.as_ref().map(|n| {
        html! {
            <NoticeBar notice={n.clone()} can_restore={session.replaced.is_some()}
                on_restore={act(&state, |_| Action::Session(SessionAction::Restore))}
                on_dismiss={act(&state, |_| Action::View(ViewAction::Notice(None)))} />
        }
    });
    let lesson_panel = || {
        let goal = state.study.lesson.as_ref().map_or_else(Vec::new, |run| {
            run.lesson.goal_status(session.history.borrow().run(model).engine())
        });
        html! {
            <section class="lesson-panel">
                <LessonPanel study={state.study.clone()} cursor={d.cursor} goal={Rc::new(goal)}
                    on_study={act(&state, Action::Study)} on_notice={act(&state, |n| Action::View(ViewAction::Notice(Some(n))))} />
            </section>
        }
    };
    // The embed form (a share link's, for a slide) shows the timeline beside the world, and nothing else.
    let side = if presenter || embed {
        if state.study.lesson.is_some() && !embed {
            lesson_panel()
        } else {
            timeline
        }
    } else {
        let panel = match view.panel {
            Panel::Build => html! {
                <>
                    <Actions selected={selected.clone()} choices={d.choices.clone()} more={d.more} on_submit={on_submit.clone()} />
                    <Console sent={session.sent.clone()} names={d.names.clone()} errors={session.errors.clone()} on_submit={on_submit} />
                </>
            },
            Panel::Lesson => lesson_panel(),
            Panel::Costs => html! {
                <section class="cost-panel">
                    <CostPanel cost={state.cost.clone()} history={session.history.clone()} version={session.version}
                        model={model} on_cost={act(&state, Action::Cost)} />
                </section>
            },
        };
        html! {
            <>
                <PanelTabs panel={view.panel} on_panel={act(&state, |p| Action::View(ViewAction::SetPanel(p)))} />
                <div id="side-panel" role="tabpanel" aria-label={panel_name(view.panel)}>{ panel }</div>
                { timeline }
            </>
        }
    };
    // A session file dropped anywhere on the page is opened.
    let on_dragover = Callback::from(|e: DragEvent| e.prevent_default());
    let on_drop = {
        let (dispatch, reader) = (dispatch.clone(), reader.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                open_file(file, dispatch.clone(), reader.clone());
            }
        })
    };
    let doc = {
        let s = state.clone();
        Callback::from(move |()| s.doc())
    };
    html! {
        <div class={classes!("app", presenter.then_some("presenter"), embed.then_some("embed"))} style={style} ondragover={on_dragover} ondrop={on_drop}>
            if embed {
            } else if presenter {
                <header class="presenter-bar">
                    <strong>{ state.study.lesson.as_ref().map_or_else(|| "pidns-lab".to_string(), |l| l.lesson.title.clone()) }</strong>
                    <span class="muted">{ t!(or_space_next_back_esc_leave) }</span>
                    <button onclick={act(&state, |_| Action::Session(SessionAction::Undo))}>{ t!(step_back) }</button>
                    <button onclick={act(&state, |_| Action::Study(StudyAction::Next))}>{ t!(step_next) }</button>
                    <SpeedSelect speed={view.speed} on_speed={on_speed.clone()} />
                    <button onclick={set_presenter(false)}>{ t!(leave_presenter_mode) }</button>
                </header>
            } else {
                <header class="banner">
                    <h1>{ t!(pidns_lab) }</h1>
                    <p class="tagline">{ t!(linux_pid_namespaces_flat_and_multil) }</p>
                    <SessionBar theme={view.theme} doc={doc} on_action={dispatch.clone()} reader={reader.clone()} on_presenter={set_presenter(true)} />
                    <Welcome on_action={dispatch.clone()} example={EXAMPLE} on_first_visit={persist} />
                </header>
                <nav aria-label={t!(session_controls)}>{ toolbar(Controls::All) }</nav>
            }
            { for notice }
            <main class="layout">
                { world }
                <aside class="side">{ side }</aside>
            </main>
            if embed {
                <div class="embed-bar">
                    { toolbar(Controls::Steps) }
                    <a href={persist::page_url()} target="_blank" rel="noopener">{ t!(open_in_pidns_lab) }</a>
                </div>
            }
        </div>
    }
}

/// A callback that dispatches the action `f` makes of its argument (one function for
/// every callback of a kind, rather than one closure each: smaller wasm).
fn act<T: 'static>(state: &UseReducerHandle<AppState>, f: fn(T) -> Action) -> Callback<T> {
    let d = state.dispatcher();
    Callback::from(move |x| d.dispatch(f(x)))
}

/// The page's form: the whole app, or a share link's embed form.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Page,
    /// `?embed` in the address (as "Copy embed code" writes it): the picture
    /// or table, the timeline and the step controls; presenter keys step it.
    Embed,
}

impl Form {
    /// The form the address asks for.
    fn requested() -> Form {
        if persist::embed_requested() {
            Form::Embed
        } else {
            Form::Page
        }
    }
}

/// The first state: saved settings and progress; then the session from a
/// share link in the address, or the autosaved one, or the example. The
/// embed form reads only its link.
fn startup(persist: bool, form: Form) -> AppState {
    let mut s = AppState::default();
    let keep = persist && form == Form::Page;
    if keep {
        let settings = Settings::load();
        s.view.theme = settings.theme;
        s.view.speed = settings.speed;
        s.study.progress = Rc::new(Progress::load());
    }
    let mut loaded = false;
    let mut notice = None;
    if keep {
        match persist::load_autosave() {
            Ok(Some(doc)) => loaded = s.load(&doc).is_ok(),
            Ok(None) => {}
            Err(e) => notice = Some(Notice::error(e)),
        }
    }
    if !loaded {
        s.session.history.borrow_mut().push(
            pidns_core::scenario::parse(EXAMPLE)
                .map(pidns_core::scenario::Scenario::statements)
                .unwrap_or_default(),
        );
    }
    if let Some(payload) = persist.then(persist::link_payload).flatten() {
        match SessionDoc::from_link(&payload) {
            Ok(doc) => {
                let before = s.stash();
                // The embed form shows the session it was made for without a word about it.
                if s.load(&doc).is_ok() && keep {
                    s.session.replaced = Some(before);
                    notice = Some(Notice::done(format!(
                        t!(opened_the_shared_session_statements),
                        doc.statements.len()
                    )));
                    persist::clear_link();
                }
            }
            Err(e) => notice = Some(Notice::error(format!(t!(this_link_could_not_be_opened_your_o), e = e))),
        }
    }
    s.view.notice = notice;
    s
}
