//! The lesson panel: the list of lessons (with each one's progress) and the
//! seeded random exercise; in a lesson, its explanation, its goal checked
//! against the current state, hints, and the next step with its
//! predict-then-reveal question.

use crate::persist;
use crate::state::{Notice, StudyAction, StudyState};
use crate::study::{Progress, PROGRESS_MAX};
use pidns_core::scenario::exercise::exercise;
use pidns_core::scenario::lesson::{GoalCheck, Lesson};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Properties of [`LessonPanel`].
#[derive(Properties)]
pub struct LessonPanelProps {
    /// The open lesson, if any, and the progress.
    pub study: StudyState,
    /// The session's cursor (which lesson steps have run).
    pub cursor: usize,
    /// The open lesson's goal, checked against the session now.
    pub goal: Rc<Vec<GoalCheck>>,
    /// A lesson opened, stepped, closed or done; progress imported.
    pub on_study: Callback<StudyAction>,
    /// Something went wrong (an export or import).
    pub on_notice: Callback<Notice>,
}

impl PartialEq for LessonPanelProps {
    fn eq(&self, o: &Self) -> bool {
        self.study == o.study
            && self.cursor == o.cursor
            && Rc::ptr_eq(&self.goal, &o.goal)
            && self.on_study == o.on_study
            && self.on_notice == o.on_notice
    }
}

/// The panel named "Lesson".
#[function_component(LessonPanel)]
pub fn lesson_panel(props: &LessonPanelProps) -> Html {
    let lessons = use_memo((), |_| Lesson::builtin().into_iter().map(Rc::new).collect::<Vec<_>>());
    let answer = use_node_ref();
    let reader = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
    let seed = use_node_ref();
    // Where a worksheet is drawn (as markup: far smaller in the wasm than nodes).
    let sheet = use_node_ref();
    let (study, on_study) = (&props.study, &props.on_study);
    let reached = props.goal.iter().all(|(_, v)| v.holds());
    // Once the open lesson's goal holds, it is done (hooks run on every render).
    {
        let key = study
            .lesson
            .as_ref()
            .filter(|_| reached)
            .map(|run| run.lesson.id.clone())
            .filter(|id| !study.progress.of(id).done);
        let on_study = on_study.clone();
        use_effect_with(key, move |key| {
            if key.is_some() {
                on_study.emit(StudyAction::Done);
            }
        });
    }
    let Some(run) = study.lesson.clone() else {
        let open = |l: Rc<Lesson>| on_study.reform(move |_| StudyAction::Open(l.clone()));
        let number = {
            let seed = seed.clone();
            move || {
                seed.cast::<HtmlInputElement>()
                    .and_then(|i| i.value().trim().parse::<u64>().ok())
                    .unwrap_or(1)
            }
        };
        let start_exercise = {
            let number = number.clone();
            on_study.reform(move |_| StudyAction::Open(Rc::new(exercise(number()))))
        };
        let print_sheet = {
            let sheet = sheet.clone();
            Callback::from(move |_| {
                if let Some(el) = sheet.cast::<web_sys::Element>() {
                    el.set_inner_html(&worksheet(&exercise(number())));
                    let _ = web_sys::window().map(|w| w.print());
                }
            })
        };
        // The sheet's own "Close worksheet" button empties it.
        let close_sheet = {
            let sheet = sheet.clone();
            Callback::from(move |e: MouseEvent| {
                let close = e
                    .target_dyn_into::<web_sys::Element>()
                    .is_some_and(|t| t.class_name() == "no-print");
                if let (true, Some(el)) = (close, sheet.cast::<web_sys::Element>()) {
                    el.set_inner_html("");
                }
            })
        };
        let export_progress = {
            let (progress, on_notice) = (study.progress.clone(), props.on_notice.clone());
            Callback::from(move |_| {
                if let Err(e) = persist::download("pidns-lab-progress.json", "application/json", &progress.to_json()) {
                    on_notice.emit(Notice::error(e));
                }
            })
        };
        let import_progress = {
            let (on_study, on_notice, reader) = (on_study.clone(), props.on_notice.clone(), reader.clone());
            Callback::from(move |e: Event| {
                let (on_study, on_notice) = (on_study.clone(), on_notice.clone());
                *reader.borrow_mut() = persist::read_picked(&e, PROGRESS_MAX, move |name, text| {
                    match text.and_then(|t| Progress::from_json(&t)) {
                        Ok(p) => on_study.emit(StudyAction::SetProgress(Rc::new(p))),
                        Err(e) => on_notice.emit(Notice::error(format!("Could not import {name}: {e}"))),
                    }
                });
            })
        };
        return html! {
            <div class="lesson-list">
                <ol class="lessons" aria-label={t!(lessons)}>
                    { for lessons.iter().map(|l| {
                        let p = study.progress.of(&l.id);
                        html! {
                            <li>
                                <button class="open-lesson" onclick={open(l.clone())}>{ &l.title }</button>
                                if p.done { <span class="done" title={t!(goal_reached)}>{ t!(done) }</span> }
                                if !p.done && p.asked > 0 { <span class="in-progress">{ t!(in_progress) }</span> }
                                if p.asked > 0 { <span class="score">{ format!(t!(predicted), p.right, p.asked) }</span> }
                            </li>
                        }
                    }) }
                </ol>
                <div class="row exercise">
                    <label>{ t!(exercise_number_label) }<input ref={seed} type="number" min="0" value="1" aria-label={t!(exercise_number)} /></label>
                    <button onclick={start_exercise}>{ t!(start_exercise) }</button>
                    <button onclick={print_sheet}>{ t!(print_worksheet) }</button>
                </div>
                <div ref={sheet} onclick={close_sheet}></div>
                <p class="muted">{ t!(an_exercise_is_a_short_random_scenar) }</p>
                <div class="row">
                    <button onclick={export_progress}>{ t!(export_progress) }</button>
                    <label class="file-button">{ t!(import_progress_pick) }
                        <input type="file" accept=".json,application/json" aria-label={t!(import_progress)} onchange={import_progress} />
                    </label>
                </div>
            </div>
        };
    };
    let l = &run.lesson;
    let cursor = props.cursor;
    let status = &props.goal;
    let next = run.next(cursor);
    let step = l.steps.get(next);
    let go = {
        let (on_study, answer) = (on_study.clone(), answer.clone());
        Callback::from(move |_: ()| {
            let given = answer.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            if let Some(i) = answer.cast::<HtmlInputElement>() {
                i.set_value("");
            }
            on_study.emit(StudyAction::Step(given));
        })
    };
    let on_key = {
        let go = go.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                go.emit(());
            }
        })
    };
    let close = on_study.reform(|_| StudyAction::Close);
    let p = study.progress.of(&l.id);
    let masked = next < l.goal_open_at();
    let answered = run.answered(cursor);
    let last = run.last_reveal(cursor).and(answered.last()).map(|(k, _)| *k);
    let why = last.and_then(|k| l.steps.get(k)).and_then(|s| s.why.as_deref());
    let following = lessons
        .iter()
        .position(|x| x.id == l.id)
        .and_then(|i| lessons.get(i + 1))
        .cloned();
    let open_next = {
        let (on_study, following) = (on_study.clone(), following.clone());
        Callback::from(move |_| {
            if let Some(n) = following.clone() {
                on_study.emit(StudyAction::Open(n));
            }
        })
    };
    html! {
        <article class="lesson" aria-labelledby="lesson-title">
            <h3 id="lesson-title">{ &l.title }</h3>
            <p class="about">{ &l.about }</p>
            if !l.see.is_empty() {
                <p class="see">{ t!(kernel_sources) }
                    { for l.see.iter().map(|(label, u)| html! { <a href={u.clone()}>{ label }</a> }) }
                </p>
            }
            { for l.text.iter().map(|t| html! { <p>{ t }</p> }) }
            <section class={classes!("goal", reached.then_some("reached"))} aria-label={t!(goal)}>
                <h4>{ if reached { t!(goal_reached_heading) } else { t!(goal) } }</h4>
                <p>{ &l.goal_text }</p>
                <ul>
                    { for status.iter().map(|(e, r)| html! {
                        <li class={if r.holds() { "holds" } else { "open" }}>
                            <code>{ if masked { e.masked() } else { e.to_string() } }</code>{ if r.holds() { " ✓" } else if masked { "" } else { " …" } }
                        </li>
                    }) }
                </ul>
                if masked { <p class="muted">{ t!(goal_masked) }</p> }
            </section>
            if let Some(r) = run.last_reveal(cursor) {
                <div class={classes!("reveal", if r.given.is_empty() { "shown" } else if r.correct { "right" } else { "wrong" })} role="status">
                    <p>{ &r.question }</p>
                    <p>
                        { if r.given.is_empty() { t!(no_prediction).to_string() } else { format!(t!(you_said), r.given) } }
                        { t!(the_kernel_returned_label) }<strong class="truth">{ &r.truth }</strong>
                        { if r.given.is_empty() { "." } else if r.correct { t!(right) } else { t!(not_quite) } }
                    </p>
                    if let Some(w) = why {
                        <p class="why">{ if r.correct || r.given.is_empty() { format!(t!(why_right), w) } else { format!(t!(why_wrong), w) } }</p>
                    }
                </div>
            }
            if let Some(step) = step {
                <section class="next-step" aria-label={t!(next_step)}>
                    <h4>{ format!(t!(step_of), l.ops_before(next) + 1, l.ops_before(l.steps.len())) }</h4>
                    <p><code>{ step.stmt.to_string() }</code></p>
                    if let Some(q) = &step.ask {
                        <label class="ask">{ q }
                            <input ref={answer} type="text" aria-label={t!(your_prediction)} placeholder={t!(a_number_or_an_errno)} onkeydown={on_key} autocomplete="off" />
                        </label>
                        <button onclick={go.reform(|_| ())}>{ t!(reveal) }</button>
                    } else {
                        <button onclick={go.reform(|_| ())}>{ t!(run_step) }</button>
                    }
                </section>
            } else {
                <p class="muted">{ t!(all_steps_have_run_try_your_own_stat) }</p>
                if let Some(n) = &following {
                    <button class="next-lesson" onclick={open_next}>{ format!(t!(next_lesson), n.title) }</button>
                }
            }
            if !answered.is_empty() {
                <details class="qa-log" open={step.is_none()}>
                    <summary>{ format!(t!(qa_log), answered.len()) }</summary>
                    <ol>
                        { for answered.iter().map(|(_, r)| html! {
                            <li class={if r.given.is_empty() { "shown" } else if r.correct { "right" } else { "wrong" }}>
                                { &r.question }{ " — " }
                                { if r.given.is_empty() { t!(no_prediction).to_string() } else { format!(t!(qa_said), r.given) } }
                                { "; " }{ format!(t!(qa_kernel), r.truth) }{ if r.given.is_empty() { "" } else if r.correct { " ✓" } else { " ✗" } }
                            </li>
                        }) }
                    </ol>
                </details>
            }
            if !l.hints.is_empty() {
                <details class="hints-box">
                    <summary>{ t!(hints) }</summary>
                    <ul>{ for l.hints.iter().map(|h| html! { <li>{ h }</li> }) }</ul>
                </details>
            }
            <p class="score">{ format!(t!(predictions_right_of), p.right, p.asked) }</p>
            <button onclick={close}>{ t!(close_lesson) }</button>
        </article>
    }
}

/// An exercise as a worksheet, in markup: its questions with blanks, then
/// (on a new page when printed) the answer key with each answer's why.
/// Everything in it is core's text (statements, errno names, why lines),
/// escaped all the same.
fn worksheet(ex: &Lesson) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    let (mut q, mut a) = (String::new(), String::new());
    for (k, answer) in ex.answer_key() {
        let step = &ex.steps[k];
        let stmt = esc(&step.stmt.to_string());
        q += &format!("<li><code>{stmt}</code> → <span class=\"blank\"></span></li>");
        a += &format!(
            "<li><code>{stmt}</code> → <strong>{}</strong> — {}</li>",
            esc(&answer),
            esc(step.why.as_deref().unwrap_or_default())
        );
    }
    format!(
        "<section class=\"worksheet\" aria-label=\"{w}\"><h3>{w} — {t}</h3><p>{i}</p><ol class=\"questions\">{q}</ol>\
         <section class=\"answer-key\" aria-label=\"{k}\"><h3>{k} — {t}</h3><ol>{a}</ol></section>\
         <button class=\"no-print\">{c}</button></section>",
        w = t!(worksheet),
        t = esc(&ex.title),
        i = t!(worksheet_intro),
        k = t!(answer_key),
        c = t!(close_worksheet),
    )
}
