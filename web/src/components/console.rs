//! The console: the whole scenario language, one statement or a pasted
//! scenario at a time. Enter runs, Shift+Enter adds a line, ↑/↓ walk the
//! history, Tab completes verbs, process names and signals. Errors are shown
//! with their line and column; nothing is applied from an input with errors.

use pidns_core::scenario::{parse, KEYWORDS};
use pidns_core::Signal;
use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Properties of [`Console`].
#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    /// Statements sent so far (for ↑/↓).
    pub sent: Rc<Vec<String>>,
    /// Process names, for completion.
    pub names: Rc<Vec<String>>,
    /// Errors of the last input.
    pub errors: Vec<String>,
    pub on_submit: Callback<String>,
}

/// Completions of `word` among the language's words and `names`.
pub fn complete(word: &str, names: &[String]) -> Vec<String> {
    if word.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<String> = KEYWORDS
        .iter()
        .map(|s| s.to_string())
        .chain(Signal::ALL.iter().map(|s| s.name().to_string()))
        .chain(names.iter().cloned())
        .filter(|c| c.starts_with(word) && c != word)
        .collect();
    pidns_core::sort::sort_by(&mut out, Ord::cmp);
    out.dedup();
    out
}

fn common_prefix(v: &[String]) -> String {
    let Some(first) = v.first() else { return String::new() };
    let mut n = first.len();
    for s in v {
        n = n.min(first.bytes().zip(s.bytes()).take_while(|(a, b)| a == b).count());
    }
    first[..n].to_string()
}

/// The textbox named "Console".
#[function_component(Console)]
pub fn console(props: &ConsoleProps) -> Html {
    let input = use_node_ref();
    let hist_pos = use_state(|| None::<usize>);
    let hints = use_state(Vec::<String>::new);
    // The history list shows its newest line.
    let list = use_node_ref();
    {
        let list = list.clone();
        use_effect_with(props.sent.clone(), move |_| {
            if let Some(ol) = list.cast::<web_sys::Element>() {
                ol.set_scroll_top(ol.scroll_height());
            }
        });
    }
    let onkeydown = {
        let (input, hist_pos, hints) = (input.clone(), hist_pos.clone(), hints.clone());
        let (sent, names, on_submit) = (props.sent.clone(), props.names.clone(), props.on_submit.clone());
        Callback::from(move |e: KeyboardEvent| {
            let Some(el) = input.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let value = el.value();
            match e.key().as_str() {
                "Enter" if !e.shift_key() => {
                    e.prevent_default();
                    if !value.trim().is_empty() {
                        // A statement that does not parse stays in the box, beside its error.
                        if parse(&value).is_ok() {
                            el.set_value("");
                        }
                        on_submit.emit(value);
                        hist_pos.set(None);
                        hints.set(Vec::new());
                    }
                }
                "ArrowUp" | "ArrowDown" if !value.contains('\n') && !sent.is_empty() => {
                    e.prevent_default();
                    let up = e.key() == "ArrowUp";
                    let next = match (*hist_pos, up) {
                        (None, true) => Some(sent.len() - 1),
                        (None, false) => None,
                        (Some(i), true) => Some(i.saturating_sub(1)),
                        (Some(i), false) if i + 1 < sent.len() => Some(i + 1),
                        (Some(_), false) => None,
                    };
                    el.set_value(next.map(|i| sent[i].as_str()).unwrap_or(""));
                    hist_pos.set(next);
                }
                "Tab" => {
                    let caret = el.selection_start().ok().flatten().unwrap_or(value.len() as u32) as usize;
                    let caret = caret.min(value.len());
                    let before = &value[..caret];
                    let start = before.rfind(|c: char| c.is_whitespace()).map_or(0, |i| i + 1);
                    let word = &before[start..];
                    let found = complete(word, &names);
                    if found.is_empty() {
                        return;
                    }
                    e.prevent_default();
                    let fill = if found.len() == 1 {
                        format!("{} ", found[0])
                    } else {
                        common_prefix(&found)
                    };
                    let new = format!("{}{}{}", &value[..start], fill, &value[caret..]);
                    el.set_value(&new);
                    let pos = (start + fill.len()) as u32;
                    let _ = el.set_selection_range(pos, pos);
                    hints.set(if found.len() > 1 { found } else { Vec::new() });
                }
                _ => {}
            }
        })
    };
    html! {
        <section class="console" aria-labelledby="console-title">
            <h2 id="console-title">{ t!(console) }</h2>
            <ol ref={list} class="sent" tabindex="0" aria-label={t!(console_history)}>
                { for props.sent.iter().rev().take(12).rev().map(|s| html! { <li><code>{ s }</code></li> }) }
            </ol>
            <textarea ref={input} class="console-input" aria-label={t!(console)} rows="2" spellcheck="false"
                autocomplete="off" placeholder={t!(init_fork_as_shell_enter_runs_shift)}
                onkeydown={onkeydown} />
            <div class="hints" aria-live="polite">
                if !hints.is_empty() { { format!(t!(completions), hints.join(" ")) } }
            </div>
            if !props.errors.is_empty() {
                <ul class="errors" role="alert">
                    { for props.errors.iter().map(|e| html! { <li>{ e }</li> }) }
                </ul>
            }
        </section>
    }
}
