//! Buttons that act on the selected process. Each click sends the same
//! statement the console would take (`shell fork`), so there is one path
//! from input to the model.

use pidns_core::Signal;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Properties of [`Actions`].
#[derive(Properties, PartialEq)]
pub struct ActionsProps {
    pub selected: String,
    /// Names a target can be chosen from (see `view::choices`), and how many are left out.
    pub choices: Rc<Vec<String>>,
    #[prop_or_default]
    pub more: usize,
    pub on_submit: Callback<String>,
}

/// The action panel.
#[function_component(Actions)]
pub fn actions(props: &ActionsProps) -> Html {
    let (setns_to, kill_to, signal, last_pid) = (use_node_ref(), use_node_ref(), use_node_ref(), use_node_ref());
    let sel = props.selected.clone();
    let send = |stmt: String| {
        let cb = props.on_submit.clone();
        Callback::from(move |_| cb.emit(stmt.clone()))
    };
    let with = |f: Rc<dyn Fn() -> Option<String>>| {
        let cb = props.on_submit.clone();
        Callback::from(move |_| {
            if let Some(s) = f() {
                cb.emit(s);
            }
        })
    };
    let value_of_select = |r: &NodeRef| {
        r.cast::<HtmlSelectElement>()
            .map(|e| e.value())
            .filter(|v| !v.is_empty())
    };
    let setns = {
        let (r, sel) = (setns_to.clone(), sel.clone());
        with(Rc::new(move || value_of_select(&r).map(|t| format!("{sel} setns {t}"))))
    };
    let kill = {
        let (t, s, sel) = (kill_to.clone(), signal.clone(), sel.clone());
        with(Rc::new(move || {
            Some(format!("{sel} kill {} {}", value_of_select(&t)?, value_of_select(&s)?))
        }))
    };
    let set_last = {
        let (r, sel) = (last_pid.clone(), sel.clone());
        with(Rc::new(move || {
            let v = r.cast::<HtmlInputElement>()?.value();
            v.trim().parse::<i64>().ok().map(|n| format!("{sel} set_last_pid {n}"))
        }))
    };
    let options = |names: &[String]| {
        let mut v: Vec<Html> = names
            .iter()
            .map(|n| html! { <option value={n.clone()}>{ n }</option> })
            .collect();
        v.push(more_option(props.more));
        v.into_iter().collect::<Html>()
    };
    html! {
        <section class="actions" aria-labelledby="actions-title">
            <h2 id="actions-title">{ format!("Act as {sel}") }</h2>
            <div class="buttons">
                <button onclick={send(format!("{sel} fork"))}>{ "Fork" }</button>
                <button onclick={send(format!("{sel} clone newpid"))}>{ "Clone newpid" }</button>
                <button onclick={send(format!("{sel} clone thread"))}>{ "New thread" }</button>
                <button onclick={send(format!("{sel} unshare newpid"))}>{ "Unshare" }</button>
                <button onclick={send(format!("{sel} exit"))}>{ "Exit" }</button>
                <button onclick={send(format!("{sel} wait"))}>{ "Wait" }</button>
                <button onclick={send(format!("{sel} subreaper on"))}>{ "Subreaper on" }</button>
                <button onclick={send(format!("{sel} subreaper off"))}>{ "Subreaper off" }</button>
            </div>
            <div class="row">
                <label>{ "Setns target " }<select ref={setns_to} aria-label="Setns target">{ options(&props.choices) }</select></label>
                <button onclick={setns}>{ "Setns" }</button>
            </div>
            <div class="row">
                <label>{ "Kill target " }<select ref={kill_to} aria-label="Kill target">{ options(&props.choices) }</select></label>
                <label>{ "Signal " }<select ref={signal} aria-label="Signal">
                    { for Signal::ALL.iter().map(|s| html! { <option value={s.name()} selected={*s == Signal::SIGTERM}>{ s.name() }</option> }) }
                </select></label>
                <button onclick={kill}>{ "Kill" }</button>
            </div>
            <div class="row">
                <label>{ "Last pid " }<input ref={last_pid} type="number" min="0" value="99" aria-label="Last pid value" /></label>
                <button onclick={set_last}>{ "Set last pid" }</button>
            </div>
        </section>
    }
}

/// The last, disabled entry of a drop-down that leaves `more` names out.
pub fn more_option(more: usize) -> Html {
    if more == 0 {
        return Html::default();
    }
    html! { <option disabled=true value="">{ format!("… {more} more: type the name in the console") }</option> }
}
