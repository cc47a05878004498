//! The timeline: every statement with its result or errno (and the errno's
//! explanation) and its cost; click one to go back to just after it.

use super::cost::format_ns;
use crate::view::Entry;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Entries rendered around the cursor in a long log.
const AROUND: usize = 40;

/// Properties of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub entries: Rc<Vec<Entry>>,
    pub cursor: usize,
    #[prop_or_default]
    pub diverged: Rc<Vec<usize>>,
    pub on_jump: Callback<usize>,
}

/// The list named "Timeline".
#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    // The current step stays in view as the cursor moves (only the list scrolls, never the page).
    let list = use_node_ref();
    {
        let list = list.clone();
        use_effect_with(props.cursor, move |_| {
            if let Some(ol) = list.cast::<web_sys::HtmlElement>() {
                let li = ol
                    .query_selector("li.current")
                    .ok()
                    .flatten()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(li) = li {
                    let (top, bottom) = (li.offset_top(), li.offset_top() + li.offset_height());
                    if top < ol.scroll_top() {
                        ol.set_scroll_top(top);
                    } else if bottom > ol.scroll_top() + ol.client_height() {
                        ol.set_scroll_top(bottom - ol.client_height());
                    }
                }
            }
        });
    }
    let n = props.entries.len();
    let from = props.cursor.saturating_sub(AROUND);
    let to = (props.cursor + AROUND).min(n);
    html! {
        <ol ref={list} class="timeline" aria-label={t!(timeline)} start={(from + 1).to_string()}>
            if from > 0 { <li class="elided">{ format!(t!(earlier_steps), from = from) }</li> }
            { for props.entries[from..to].iter().map(|e| {
                let on_jump = props.on_jump.clone();
                let at = e.index + 1;
                let class = classes!(
                    e.failed.then_some("failed"),
                    (e.index >= props.cursor).then_some("undone"),
                    (e.index + 1 == props.cursor).then_some("current"),
                    props.diverged.contains(&e.index).then_some("diverged"),
                );
                html! {
                    <li class={class} key={e.index}>
                        <button class="step" onclick={Callback::from(move |_| on_jump.emit(at))}
                            aria-current={(e.index + 1 == props.cursor).then_some("step")}>
                            <code>{ &e.text }</code>
                            <span class="result">{ &e.result }</span>
                            if let Some(c) = e.cost_ns { <span class="cost">{ format_ns(c) }</span> }
                        </button>
                        if let Some(note) = &e.note { <div class="note">{ note }</div> }
                    </li>
                }
            }) }
            if to < n { <li class="elided">{ format!(t!(later_steps), n - to) }</li> }
        </ol>
    }
}
