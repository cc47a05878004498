//! The lesson panel: the list of lessons (with each one's progress) and the
//! seeded random exercise; in a lesson, its explanation, its goal checked
//! against the current state, hints, and the next step with its
//! predict-then-reveal question.

use crate::persist;
use crate::state::{Action, AppHandle, Notice};
use crate::study::{Progress, PROGRESS_MAX};
use pidns_core::scenario::exercise::exercise;
use pidns_core::scenario::lesson::Lesson;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Properties of [`LessonPanel`].
#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    pub state: AppHandle,
}

/// The panel named "Lesson".
#[function_component(LessonPanel)]
pub fn lesson_panel(props: &LessonPanelProps) -> Html {
    let lessons = use_memo((), |_| Lesson::builtin().into_iter().map(Rc::new).collect::<Vec<_>>());
    let answer = use_node_ref();
    let reader = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
    let seed = use_node_ref();
    let st = &props.state;
    // Whether the open lesson's goal holds now (hooks run on every render).
    let reached = st.lesson.as_ref().map(|run| {
        let h = st.history.borrow();
        (
            run.lesson.id.clone(),
            run.lesson.goal_status(h.run(st.model()).engine()),
        )
    });
    {
        let st = st.clone();
        let key = reached
            .as_ref()
            .map(|(id, status)| (id.clone(), status.iter().all(|(_, v)| v.holds())));
        use_effect_with(key, move |key| {
            if let Some((id, true)) = key {
                if !st.progress.of(id).done {
                    st.dispatch(Action::LessonDone);
                }
            }
        });
    }
    let Some(run) = st.lesson.clone() else {
        let open = |l: Rc<Lesson>| {
            let st = st.clone();
            Callback::from(move |_| st.dispatch(Action::OpenLesson(l.clone())))
        };
        let start_exercise = {
            let (st, seed) = (st.clone(), seed.clone());
            Callback::from(move |_| {
                let n = seed
                    .cast::<HtmlInputElement>()
                    .and_then(|i| i.value().trim().parse::<u64>().ok())
                    .unwrap_or(1);
                st.dispatch(Action::OpenLesson(Rc::new(exercise(n))));
            })
        };
        let export_progress = {
            let st = st.clone();
            Callback::from(move |_| {
                if let Err(e) = persist::download("pidns-lab-progress.json", "application/json", &st.progress.to_json())
                {
                    st.dispatch(Action::Notice(Some(Notice { error: true, text: e })));
                }
            })
        };
        let import_progress = {
            let (st, reader) = (st.clone(), reader.clone());
            Callback::from(move |e: Event| {
                let st = st.clone();
                *reader.borrow_mut() = persist::read_picked(&e, PROGRESS_MAX, move |name, text| {
                    st.dispatch(match text.and_then(|t| Progress::from_json(&t)) {
                        Ok(p) => Action::SetProgress(Rc::new(p)),
                        Err(e) => Action::Notice(Some(Notice {
                            error: true,
                            text: format!("Could not import {name}: {e}"),
                        })),
                    })
                });
            })
        };
        return html! {
            <div class="lesson-list">
                <ol class="lessons" aria-label={t!(lessons)}>
                    { for lessons.iter().map(|l| {
                        let p = st.progress.of(&l.id);
                        html! {
                            <li>
                                <button class="open-lesson" onclick={open(l.clone())}>{ &l.title }</button>
                                if p.done { <span class="done" title={t!(goal_reached)}>{ t!(done) }</span> }
                                if p.asked > 0 { <span class="score">{ format!(t!(predicted), p.right, p.asked) }</span> }
                            </li>
                        }
                    }) }
                </ol>
                <div class="row exercise">
                    <label>{ t!(exercise_number_label) }<input ref={seed} type="number" min="0" value="1" aria-label={t!(exercise_number)} /></label>
                    <button onclick={start_exercise}>{ t!(start_exercise) }</button>
                </div>
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
    let cursor = st.history.borrow().cursor();
    let status = reached.map(|r| r.1).unwrap_or_default();
    let reached = status.iter().all(|(_, v)| v.holds());
    let next = run.next(cursor);
    let step = l.steps.get(next);
    let go = {
        let (st, answer) = (st.clone(), answer.clone());
        Callback::from(move |_: ()| {
            let given = answer.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            if let Some(i) = answer.cast::<HtmlInputElement>() {
                i.set_value("");
            }
            st.dispatch(Action::LessonStep(given));
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
    let close = {
        let st = st.clone();
        Callback::from(move |_| st.dispatch(Action::CloseLesson))
    };
    let p = st.progress.of(&l.id);
    html! {
        <article class="lesson" aria-labelledby="lesson-title">
            <h3 id="lesson-title">{ &l.title }</h3>
            <p class="about">{ &l.about }</p>
            { for l.text.iter().map(|t| html! { <p>{ t }</p> }) }
            <section class={classes!("goal", reached.then_some("reached"))} aria-label={t!(goal)}>
                <h4>{ if reached { t!(goal_reached_heading) } else { t!(goal) } }</h4>
                <p>{ &l.goal_text }</p>
                <ul>
                    { for status.iter().map(|(e, r)| html! {
                        <li class={if r.holds() { "holds" } else { "open" }}>
                            <code>{ e.to_string() }</code>{ if r.holds() { " ✓" } else { " …" } }
                        </li>
                    }) }
                </ul>
            </section>
            if let Some(r) = run.last_reveal(cursor) {
                <div class={classes!("reveal", if r.given.is_empty() { "shown" } else if r.correct { "right" } else { "wrong" })} role="status">
                    <p>{ &r.question }</p>
                    <p>
                        { if r.given.is_empty() { t!(no_prediction).to_string() } else { format!(t!(you_said), r.given) } }
                        { t!(the_kernel_returned_label) }<strong class="truth">{ &r.truth }</strong>
                        { if r.given.is_empty() { "." } else if r.correct { t!(right) } else { t!(not_quite) } }
                    </p>
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
