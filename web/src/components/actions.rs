//! Buttons that act on the selected process. Each click sends the same
//! statement the console would take (`shell fork`), so there is one path
//! from input to the model. pidfd_open takes the kill row's target (the
//! handle is named like a process, `p2`...); the pidfd row signals through a
//! handle with the kill row's signal.

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
    let handle = use_node_ref();
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
    let pidfd_open = {
        let (t, sel) = (kill_to.clone(), sel.clone());
        with(Rc::new(move || {
            Some(format!("{sel} pidfd_open {}", value_of_select(&t)?))
        }))
    };
    let handle_name = |r: &NodeRef| {
        r.cast::<HtmlInputElement>()
            .map(|e| e.value().trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let pidfd_signal = {
        let (h, s, sel) = (handle.clone(), signal.clone(), sel.clone());
        with(Rc::new(move || {
            Some(format!(
                "{sel} pidfd_send_signal {} {}",
                handle_name(&h)?,
                value_of_select(&s)?
            ))
        }))
    };
    let pidfd_getpid = {
        let (h, sel) = (handle.clone(), sel.clone());
        with(Rc::new(move || {
            Some(format!("{sel} pidfd_getpid {}", handle_name(&h)?))
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
            <h2 id="actions-title">{ format!(t!(act_as), sel = sel) }</h2>
            <div class="buttons">
                <button onclick={send(format!("{sel} fork"))}>{ t!(fork) }</button>
                <button onclick={send(format!("{sel} clone newpid"))}>{ t!(clone_newpid) }</button>
                <button onclick={send(format!("{sel} clone thread"))}>{ t!(new_thread) }</button>
                <button onclick={send(format!("{sel} unshare newpid"))}>{ t!(unshare) }</button>
                <button onclick={send(format!("{sel} exit"))}>{ t!(exit) }</button>
                <button onclick={send(format!("{sel} exit_thread"))}>{ t!(exit_thread) }</button>
                <button onclick={send(format!("{sel} exec"))}>{ t!(exec) }</button>
                <button onclick={send(format!("{sel} wait"))}>{ t!(wait) }</button>
                <button onclick={send(format!("{sel} subreaper on"))}>{ t!(subreaper_on) }</button>
                <button onclick={send(format!("{sel} subreaper off"))}>{ t!(subreaper_off) }</button>
            </div>
            <div class="row">
                <label>{ t!(setns_target_label) }<select ref={setns_to} aria-label={t!(setns_target)}>{ options(&props.choices) }</select></label>
                <button onclick={setns}>{ t!(setns) }</button>
            </div>
            <div class="row">
                <label>{ t!(kill_target_label) }<select ref={kill_to} aria-label={t!(kill_target)}>{ options(&props.choices) }</select></label>
                <label>{ t!(signal_label) }<select ref={signal} aria-label={t!(signal)}>
                    { for Signal::ALL.iter().map(|s| html! { <option value={s.name()} selected={*s == Signal::SIGTERM}>{ s.name() }</option> }) }
                </select></label>
                <button onclick={kill}>{ t!(kill) }</button>
                <button onclick={pidfd_open}>{ t!(pidfd_open) }</button>
            </div>
            <div class="row">
                <label>{ t!(pidfd_handle_label) }<input ref={handle} type="text" size="6" autocomplete="off" aria-label={t!(pidfd_handle)} /></label>
                <button onclick={pidfd_signal}>{ t!(pidfd_send_signal) }</button>
                <button onclick={pidfd_getpid}>{ t!(pidfd_getpid) }</button>
            </div>
            <div class="row">
                <label>{ t!(last_pid_label) }<input ref={last_pid} type="number" min="0" value="99" aria-label={t!(last_pid_value)} /></label>
                <button onclick={set_last}>{ t!(set_last_pid) }</button>
            </div>
        </section>
    }
}

/// The last, disabled entry of a drop-down that leaves `more` names out.
pub fn more_option(more: usize) -> Html {
    if more == 0 {
        return Html::default();
    }
    html! { <option disabled=true value="">{ format!(t!(more_type_the_name_in_the_console), more = more) }</option> }
}
