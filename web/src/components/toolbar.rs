//! The toolbar: model switch, undo/redo, step slider, animation speed and
//! "view from"; embedded in a slide, only the step controls.

use crate::state::{Speed, ViewMode};
use pidns_core::Model;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Which of the toolbar's controls are shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Controls {
    /// Model, undo/redo, slider, speed and "view from".
    #[default]
    All,
    /// Back, Next and the slider (the embed form; Next plays the step as presenter mode's →).
    Steps,
}

/// Properties of [`Toolbar`].
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub mode: ViewMode,
    pub cursor: usize,
    pub len: usize,
    pub speed: Speed,
    pub view_from: Option<String>,
    /// Names offered in "view from" (see `view::choices`), and how many are left out.
    pub choices: Rc<Vec<String>>,
    #[prop_or_default]
    pub more: usize,
    pub on_mode: Callback<ViewMode>,
    pub on_undo: Callback<()>,
    pub on_redo: Callback<()>,
    pub on_jump: Callback<usize>,
    pub on_speed: Callback<Speed>,
    pub on_view_from: Callback<Option<String>>,
    #[prop_or_default]
    pub controls: Controls,
}

/// The toolbar.
#[function_component(Toolbar)]
pub fn toolbar(p: &ToolbarProps) -> Html {
    let mode_value = match p.mode {
        ViewMode::One(Model::Multilevel) => "multilevel",
        ViewMode::One(Model::Flat) => "flat",
        ViewMode::Compare => "compare",
    };
    let on_mode = {
        let cb = p.on_mode.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                cb.emit(match s.value().as_str() {
                    "flat" => ViewMode::One(Model::Flat),
                    "compare" => ViewMode::Compare,
                    _ => ViewMode::One(Model::Multilevel),
                });
            }
        })
    };
    let on_slide = {
        let cb = p.on_jump.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                cb.emit(i.value().parse().unwrap_or(0));
            }
        })
    };
    let on_view = {
        let cb = p.on_view_from.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                let v = s.value();
                cb.emit((!v.is_empty()).then_some(v));
            }
        })
    };
    let (undo, redo) = (p.on_undo.clone(), p.on_redo.clone());
    let all = p.controls == Controls::All;
    let label = if all { t!(session) } else { t!(step_controls) };
    html! {
        <div class="toolbar" role="toolbar" aria-label={label}>
            if all {
            <label>{ t!(model_label) }
                <select aria-label={t!(model)} onchange={on_mode}>
                    <option value="multilevel" selected={mode_value == "multilevel"}>{ t!(multilevel) }</option>
                    <option value="flat" selected={mode_value == "flat"}>{ t!(flat) }</option>
                    <option value="compare" selected={mode_value == "compare"}>{ t!(compare) }</option>
                </select>
            </label>
            }
            <button onclick={Callback::from(move |_| undo.emit(()))} disabled={p.cursor == 0} title={if all { t!(ctrl_z) } else { "←" }}>{ if all { t!(undo) } else { t!(step_back) } }</button>
            <button onclick={Callback::from(move |_| redo.emit(()))} disabled={p.cursor >= p.len} title={if all { t!(ctrl_shift_z) } else { "→" }}>{ if all { t!(redo) } else { t!(step_next) } }</button>
            <label class="slider">{ format!(t!(step_2), p.cursor, p.len) }
                <input type="range" aria-label={t!(step)} min="0" max={p.len.to_string()} value={p.cursor.to_string()} oninput={on_slide} />
            </label>
            if all {
            <SpeedSelect speed={p.speed} on_speed={p.on_speed.clone()} />
            <label>{ t!(view_from_label) }
                <select aria-label={t!(view_from)} onchange={on_view}>
                    <option value="" selected={p.view_from.is_none()}>{ t!(everywhere) }</option>
                    { for p.choices.iter().map(|n| html! { <option value={n.clone()} selected={p.view_from.as_deref() == Some(n.as_str())}>{ n }</option> }) }
                    { super::actions::more_option(p.more) }
                </select>
            </label>
            }
        </div>
    }
}

/// Properties of [`SpeedSelect`].
#[derive(Properties, PartialEq)]
pub struct SpeedSelectProps {
    pub speed: Speed,
    pub on_speed: Callback<Speed>,
}

/// The select named "Animation speed" (toolbar and presenter bar).
#[function_component(SpeedSelect)]
pub fn speed_select(p: &SpeedSelectProps) -> Html {
    let on_speed = {
        let cb = p.on_speed.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                cb.emit(match s.value().as_str() {
                    "slow" => Speed::Slow,
                    "fast" => Speed::Fast,
                    "instant" => Speed::Instant,
                    _ => Speed::Normal,
                });
            }
        })
    };
    let speed = match p.speed {
        Speed::Slow => "slow",
        Speed::Normal => "normal",
        Speed::Fast => "fast",
        Speed::Instant => "instant",
    };
    html! {
        <label>{ t!(speed_label) }
            <select aria-label={t!(animation_speed)} onchange={on_speed}>
                { for ["slow", "normal", "fast", "instant"].iter().map(|s| html! { <option value={*s} selected={*s == speed}>{ *s }</option> }) }
            </select>
        </label>
    }
}
