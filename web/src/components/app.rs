//! The page: toolbar, namespace tree and process table (one per model in
//! Compare), the action panel, the console and the timeline.

use super::actions::Actions;
use super::console::Console;
use super::cost::CostPanel;
use super::lesson_panel::LessonPanel;
use super::process_table::ProcessTable;
use super::session_bar::{open_file, SessionBar};
use super::timeline::Timeline;
use super::toolbar::{SpeedSelect, Toolbar};
use super::world::World;
use crate::hooks::{use_autosave, use_keyboard, use_link_listener, use_theme};
use crate::persist::{self, Settings};
use crate::picture::{self, Picture};
use crate::state::Notice;
use crate::state::{Action, AppState, Panel, ViewMode};
use crate::study::Progress;
use crate::view::{self, Row};
use pidns_core::scenario::history::Outcome;
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
    let state = use_reducer(move || startup(persist));
    use_keyboard(state.presenter, state.dispatcher());
    use_autosave(&state, persist);
    use_theme(state.theme, state.speed, persist);
    use_link_listener(persist, state.dispatcher());
    let reader = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
    let model = state.model();
    let deps = (
        state.version,
        model == Model::Flat,
        state.view_from.clone(),
        state.mode == ViewMode::Compare,
        Rc::as_ptr(&state.profile) as usize,
        Rc::as_ptr(&state.expanded) as usize,
        state.animate,
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
    let on_submit = act(&state, Action::Submit);
    let on_select = act(&state, Action::Select);
    let on_expand = act(&state, Action::Expand);
    // The main view: the picture (with the table under it, the accessible alternative) or the table alone.
    let show_picture = use_state(|| true);
    let view_switch = {
        let button = |on: bool, label: &'static str| {
            let show = show_picture.clone();
            html! {
                <button type="button" aria-pressed={(*show_picture == on).to_string()} class={classes!((*show_picture == on).then_some("active"))}
                    onclick={Callback::from(move |_| show.set(on))}>{ label }</button>
            }
        };
        html! {
            <div class="view-switch" role="group" aria-label={t!(pic_view_switch)}>
                { button(true, t!(pic_view_picture)) }
                { button(false, t!(pic_view_table)) }
            </div>
        }
    };
    let on_jump = act(&state, Action::Jump);
    let selected = if d.names.contains(&state.selected) {
        state.selected.clone()
    } else {
        "init".to_string()
    };
    let toolbar = {
        html! {
            <Toolbar mode={state.mode} cursor={d.cursor} len={d.len} speed={state.speed} view_from={state.view_from.clone()}
                choices={d.choices.clone()} more={d.more}
                on_mode={act(&state, Action::SetMode)}
                on_undo={act(&state, |_| Action::Undo)}
                on_redo={act(&state, |_| Action::Redo)}
                on_jump={on_jump.clone()}
                on_speed={act(&state, Action::SetSpeed)}
                on_view_from={act(&state, Action::ViewFrom)} />
        }
    };
    let table = |rows: &Rc<Vec<Row>>, label: &'static str| {
        html! {
            <ProcessTable rows={rows.clone()} max_level={d.max_level} selected={Some(selected.clone())}
                fresh={d.fresh.clone()} viewer={state.view_from.clone()} on_select={on_select.clone()} label={label} />
        }
    };
    let style = format!("--step:{}ms", state.speed.step_ms());
    let presenter = state.presenter;
    let world = html! {
        <section class="world" aria-labelledby="world-title">
            <h2 id="world-title">{ format!(t!(the_world), if state.mode == ViewMode::Compare { t!(compare_lower).to_string() } else { model.name().to_string() }) }</h2>
            <p class="narration" aria-live="polite">{ d.narration.clone() }</p>
            { view_switch }
            if *show_picture {
                if let Some(flat) = &d.flat_picture {
                    <World picture={d.picture.clone()} selected={selected.clone()} viewer={state.view_from.clone()}
                        on_select={on_select.clone()} on_expand={on_expand.clone()} label={t!(world_multilevel)} />
                    <World picture={flat.clone()} selected={selected.clone()} viewer={state.view_from.clone()}
                        on_select={on_select.clone()} on_expand={on_expand} label={t!(world_flat)} prefix="picf" />
                } else {
                    <World picture={d.picture.clone()} selected={selected.clone()} viewer={state.view_from.clone()}
                        on_select={on_select.clone()} on_expand={on_expand} label={t!(world)} />
                }
            }
            if state.mode == ViewMode::Compare {
                <div class="compare">
                    <div><h3>{ t!(multilevel) }</h3>{ table(&d.rows, "Processes") }</div>
                    <div><h3>{ t!(flat) }</h3>{ table(&d.flat_rows, "Processes (flat)") }</div>
                </div>
                <section class="divergences" aria-label={t!(divergences)}>
                    <h3>{ format!(t!(divergent_steps), d.divergences.len()) }</h3>
                    <ul>
                        { for d.divergences.iter().map(|(i, stmt, a, b)| html! {
                            <li class="diverged"><code>{ format!("{}: {stmt}", i + 1) }</code>{ format!(t!(multilevel_flat), a = a, b = b) }</li>
                        }) }
                    </ul>
                </section>
            } else {
                { table(&d.rows, "Processes") }
            }
        </section>
    };
    let timeline = html! {
        <section class="timeline-panel" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{ format!(t!(timeline_cost), state.profile.name) }</h2>
            <Timeline entries={d.timeline.clone()} cursor={d.cursor} diverged={d.diverged.clone()} on_jump={on_jump} />
        </section>
    };
    let panel = match state.panel {
        Panel::Build => html! {
            <>
                <Actions selected={selected.clone()} choices={d.choices.clone()} more={d.more} on_submit={on_submit.clone()} />
                <Console sent={state.sent.clone()} names={d.names.clone()} errors={state.errors.clone()} on_submit={on_submit} />
            </>
        },
        Panel::Lesson => html! { <section class="lesson-panel"><LessonPanel state={state.clone()} /></section> },
        Panel::Costs => html! { <section class="cost-panel"><CostPanel state={state.clone()} /></section> },
    };
    let tab = |p: Panel, label: &'static str| {
        let s = state.clone();
        let on = state.panel == p;
        html! {
            <button role="tab" id={format!("tab-{}", label.to_lowercase())} aria-selected={on.to_string()} aria-controls="side-panel"
                tabindex={if on { "0" } else { "-1" }} class={classes!("tab", on.then_some("active"))}
                onclick={Callback::from(move |_| s.dispatch(Action::SetPanel(p)))}>{ label }</button>
        }
    };
    // A session file dropped anywhere on the page is opened.
    let on_dragover = Callback::from(|e: DragEvent| e.prevent_default());
    let on_drop = {
        let (s, reader) = (state.clone(), reader.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                open_file(file, s.clone(), reader.clone());
            }
        })
    };
    let set_presenter = |on: bool| {
        let s = state.clone();
        Callback::from(move |_| s.dispatch(Action::Presenter(on)))
    };
    html! {
        <div class={classes!("app", presenter.then_some("presenter"))} style={style} ondragover={on_dragover} ondrop={on_drop}>
            if presenter {
                <header class="presenter-bar">
                    <strong>{ state.lesson.as_ref().map_or_else(|| "pidns-lab".to_string(), |l| l.lesson.title.clone()) }</strong>
                    <span class="muted">{ t!(or_space_next_back_esc_leave) }</span>
                    <SpeedSelect speed={state.speed} on_speed={act(&state, Action::SetSpeed)} />
                    <button onclick={set_presenter(false)}>{ t!(leave_presenter_mode) }</button>
                </header>
            } else {
                <header class="banner">
                    <h1>{ t!(pidns_lab) }</h1>
                    <p class="tagline">{ t!(linux_pid_namespaces_flat_and_multil) }</p>
                    <SessionBar state={state.clone()} reader={reader.clone()} on_presenter={set_presenter(true)} />
                    <super::welcome::Welcome state={state.clone()} example={EXAMPLE} on_first_visit={persist} />
                </header>
                <nav aria-label={t!(session_controls)}>{ toolbar }</nav>
            }
            if let Some(n) = &state.notice {
                <div class={classes!("notice", n.error.then_some("error"))} role={if n.error { "alert" } else { "status" }}>
                    <span>{ &n.text }</span>
                    if state.replaced.is_some() && !n.error {
                        <button onclick={act(&state, |_| Action::Restore)}>{ t!(bring_back_the_previous_session) }</button>
                    }
                    <button onclick={act(&state, |_| Action::Notice(None))}>{ t!(dismiss) }</button>
                </div>
            }
            <main class="layout">
                { world }
                <aside class="side">
                    if presenter {
                        if state.lesson.is_some() {
                            <section class="lesson-panel"><LessonPanel state={state.clone()} /></section>
                        } else {
                            { timeline }
                        }
                    } else {
                        <div role="tablist" aria-label={t!(panels)} class="tabs">
                            { tab(Panel::Build, t!(tab_build)) }
                            { tab(Panel::Lesson, t!(lessons)) }
                            { tab(Panel::Costs, t!(tab_costs)) }
                        </div>
                        <div id="side-panel" role="tabpanel" aria-label={match state.panel { Panel::Build => t!(tab_build), Panel::Lesson => t!(lessons), Panel::Costs => t!(tab_costs) }}>
                            { panel }
                        </div>
                        { timeline }
                    }
                </aside>
            </main>
        </div>
    }
}

/// A callback that dispatches the action `f` makes of its argument (one function for
/// every callback of a kind, rather than one closure each).
fn act<T: 'static>(state: &UseReducerHandle<AppState>, f: fn(T) -> Action) -> Callback<T> {
    let d = state.dispatcher();
    Callback::from(move |x| d.dispatch(f(x)))
}

/// The first state: saved settings and progress; then the session from a
/// share link in the address, or the autosaved one, or the example.
fn startup(persist: bool) -> AppState {
    let mut s = AppState::default();
    if persist {
        let settings = Settings::load();
        s.theme = settings.theme;
        s.speed = settings.speed;
        s.progress = Rc::new(Progress::load());
    }
    let mut loaded = false;
    let mut notice = None;
    if persist {
        match persist::load_autosave() {
            Ok(Some(doc)) => loaded = s.load(&doc).is_ok(),
            Ok(None) => {}
            Err(e) => notice = Some(Notice { error: true, text: e }),
        }
    }
    if !loaded {
        s.history.borrow_mut().push(
            pidns_core::scenario::parse(EXAMPLE)
                .map(pidns_core::scenario::Scenario::statements)
                .unwrap_or_default(),
        );
    }
    if let Some(payload) = persist.then(persist::link_payload).flatten() {
        match SessionDoc::from_link(&payload) {
            Ok(doc) => {
                let before = s.stash();
                if s.load(&doc).is_ok() {
                    s.replaced = Some(before);
                    notice = Some(Notice {
                        error: false,
                        text: format!(t!(opened_the_shared_session_statements), doc.statements.len()),
                    });
                    persist::clear_link();
                }
            }
            Err(e) => {
                notice = Some(Notice {
                    error: true,
                    text: format!(t!(this_link_could_not_be_opened_your_o), e = e),
                })
            }
        }
    }
    s.notice = notice;
    s
}

/// Everything the views need, computed once per change.
struct Derived {
    /// What it was computed for: model, view-from, compare.
    key: (Model, Option<String>, bool),
    cursor: usize,
    len: usize,
    rows: Rc<Vec<Row>>,
    flat_rows: Rc<Vec<Row>>,
    names: Rc<Vec<String>>,
    /// What the drop-downs offer, and how many names they leave out.
    choices: Rc<Vec<String>>,
    more: usize,
    max_level: u32,
    fresh: Option<String>,
    timeline: Rc<Vec<view::Entry>>,
    divergences: Vec<(usize, String, String, String)>,
    diverged: Rc<Vec<usize>>,
    narration: String,
    /// The picture of the single-model (or multilevel) session.
    picture: Rc<Picture>,
    /// Compare: the flat model's picture.
    flat_picture: Option<Rc<Picture>>,
}

impl Derived {
    /// `prev` is the last one computed: after one operation forward in the
    /// same view, the tasks that operation ended are marked.
    fn new(state: &AppState, prev: Option<&Derived>) -> Derived {
        let h = state.history.borrow();
        let model = state.model();
        let run = h.run(model);
        let session = run.session();
        let vf = state.view_from.as_deref();
        let compare = state.mode == ViewMode::Compare;
        let key = (model, state.view_from.clone(), compare);
        let cursor = h.cursor();
        // One operation forward (with the expectations after it).
        let one_op = |from: usize| {
            from < cursor
                && h.log()[from..cursor]
                    .iter()
                    .filter(|st| matches!(st, pidns_core::scenario::Stmt::Op(_)))
                    .count()
                    == 1
        };
        let prev = prev.filter(|p| p.key == key && one_op(p.cursor));
        // The tasks the last step ended, as core's step effects say.
        let mark =
            |before: Option<&Rc<Vec<Row>>>, model: Model, now: Vec<Row>| match (before, h.run(model).last_op(cursor)) {
                (Some(b), Some((_, step))) => view::with_ended(b, now, step.ended()),
                _ => now,
            };
        let rows = mark(prev.map(|p| &p.rows), run.model(), view::rows(session, vf));
        let max_level = rows.iter().map(|r| r.task.level).max().unwrap_or(0);
        let flat_rows = if compare {
            mark(
                prev.map(|p| &p.flat_rows),
                Model::Flat,
                view::rows(h.run(Model::Flat).session(), vf),
            )
        } else {
            Vec::new()
        };
        let divergences = if compare {
            view::divergences(h.log(), h.run(Model::Multilevel), h.run(Model::Flat))
        } else {
            Vec::new()
        };
        let last = cursor
            .checked_sub(1)
            .and_then(|i| run.outcomes().get(i).map(|o| (i, o)));
        // Only a step forward animates: undo, redo and jumps show the world as it is.
        let last_step = run.last_op(cursor).map(|(_, step)| step).filter(|_| state.animate);
        let fresh = last_step.and_then(|step| step.created.clone());
        let narration = match last {
            None => t!(no_statement_yet).to_string(),
            Some((i, o)) => {
                let stmt = h.log().get(i).map(ToString::to_string).unwrap_or_default();
                let mut result = match o {
                    Outcome::Op(step) => match step.result {
                        Err(_) => format!("{o} ({})", step.explain().unwrap_or_default()),
                        Ok(_) => o.to_string(),
                    },
                    Outcome::Expect(v) => v.to_string(),
                };
                // The signals it sent and their fate, as the picture's arrows say, up to a zap.
                if let Outcome::Op(step) = o {
                    for e in &step.effects {
                        match e {
                            pidns_core::Effect::Signal { from, to, sig, fate } => {
                                result += &format!(t!(said_signal), sig.name(), from, to, fate.describe())
                            }
                            pidns_core::Effect::ZapBegins { init, .. } => {
                                result += &format!(t!(said_zap), init);
                                break;
                            }
                            _ => {}
                        }
                    }
                }
                let ended: Vec<&str> = rows.iter().filter(|r| r.ended).map(|r| r.task.name.as_str()).collect();
                let ended = if ended.is_empty() {
                    String::new()
                } else {
                    format!(t!(ended), ended.join(", "))
                };
                format!("Step {}: {stmt} {result}.{ended}", i + 1)
            }
        };
        let ended_names: Vec<String> = rows.iter().filter(|r| r.ended).map(|r| r.task.name.clone()).collect();
        // Processes the step reaped are drawn once more from the picture before it.
        fn gone(rows: &[Row]) -> Vec<&str> {
            rows.iter()
                .filter(|r| r.ended && r.task.state == pidns_core::ProcState::Gone)
                .map(|r| r.task.name.as_str())
                .collect()
        }
        let ghosts = prev.map_or_else(Vec::new, |p| picture::ghosts(&p.picture, &gone(&rows)));
        let picture = picture::picture(
            session,
            &picture::Options {
                view_from: vf,
                expanded: &state.expanded,
                effects: last_step.map_or(&[], |s| &s.effects[..]),
                ended: &ended_names,
                fresh: fresh.as_deref(),
                ghosts: &ghosts,
            },
        );
        let flat_picture = compare.then(|| {
            let flat = h.run(Model::Flat);
            let step = flat.last_op(cursor).map(|(_, step)| step).filter(|_| state.animate);
            let ended: Vec<String> = flat_rows
                .iter()
                .filter(|r| r.ended)
                .map(|r| r.task.name.clone())
                .collect();
            Rc::new(picture::picture(
                flat.session(),
                &picture::Options {
                    view_from: vf,
                    expanded: &state.expanded,
                    effects: step.map_or(&[], |s| &s.effects[..]),
                    ended: &ended,
                    fresh: step.and_then(|s| s.created.as_deref()),
                    ghosts: &prev
                        .and_then(|p| p.flat_picture.as_deref())
                        .map_or_else(Vec::new, |p| picture::ghosts(p, &gone(&flat_rows))),
                },
            ))
        });
        let names: Vec<String> = session.live_names().into_iter().map(str::to_string).collect();
        let namespaces = view::namespaces(session);
        let (choices, more) = view::choices(&names, &namespaces, &[vf]);
        Derived {
            key,
            cursor,
            len: h.log().len(),
            max_level: max_level.max(flat_rows.iter().map(|r| r.task.level).max().unwrap_or(0)),
            rows: Rc::new(rows),
            flat_rows: Rc::new(flat_rows),
            names: Rc::new(names),
            choices: Rc::new(choices),
            more,
            fresh,
            timeline: view::timeline(h.log(), run, &state.profile),
            diverged: Rc::new(divergences.iter().map(|x| x.0).collect()),
            divergences,
            narration,
            picture: Rc::new(picture),
            flat_picture,
        }
    }
}
