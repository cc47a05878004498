//! The process table: one row per task, one column per level with its pid as
//! seen from that level (blank where it has none), the NSpid tuple, state,
//! parent and the ppid it sees itself. Threads follow their process. Long
//! tables are windowed: only the rows in view are in the DOM.

use crate::view::{format_nspid, Row};
use std::rc::Rc;
use web_sys::HtmlElement;
use yew::prelude::*;

/// Row height in pixels (fixed, for windowing).
const ROW_PX: usize = 28;
/// Rows rendered around the visible ones.
const WINDOW: usize = 60;

/// Properties of [`ProcessTable`].
#[derive(Properties, PartialEq)]
pub struct ProcessTableProps {
    pub rows: Rc<Vec<Row>>,
    /// Levels shown as columns: 0..=max_level.
    #[prop_or_default]
    pub max_level: u32,
    #[prop_or_default]
    pub selected: Option<String>,
    /// The process just created, animated level by level.
    #[prop_or_default]
    pub fresh: Option<String>,
    /// The name in "pid as seen by X" (view-from).
    #[prop_or_default]
    pub viewer: Option<String>,
    #[prop_or_default]
    pub on_select: Callback<String>,
    #[prop_or(AttrValue::Static("Processes"))]
    pub label: AttrValue,
}

/// The table named "Processes".
#[function_component(ProcessTable)]
pub fn process_table(props: &ProcessTableProps) -> Html {
    let first = use_state(|| 0usize);
    let onscroll = {
        let first = first.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target_dyn_into::<HtmlElement>() {
                first.set((el.scroll_top().max(0) as usize / ROW_PX).saturating_sub(WINDOW / 3));
            }
        })
    };
    let total = props.rows.len();
    let start = (*first).min(total.saturating_sub(1));
    let end = (start + WINDOW).min(total);
    let levels: Vec<u32> = (0..=props.max_level).collect();
    let cols = levels.len() + 6 + usize::from(props.viewer.is_some());
    let spacer = |n: usize| {
        (n > 0).then(|| html! { <tr class="spacer" aria-hidden="true" style={format!("height:{}px", n * ROW_PX)}><td colspan={cols.to_string()}></td></tr> })
    };
    html! {
        <div class="table-scroll" onscroll={onscroll}>
            <table class="processes" aria-label={props.label.clone()} aria-rowcount={(total + 1).to_string()}>
                <thead>
                    <tr>
                        <th scope="col">{ t!(name) }</th>
                        { for levels.iter().map(|l| html! { <th scope="col" class="lvl" title={format!(t!(pid_as_seen_from_level), l = l)}>{ format!("L{l}") }</th> }) }
                        <th scope="col">{ t!(nspid) }</th>
                        <th scope="col">{ t!(state) }</th>
                        <th scope="col">{ t!(parent) }</th>
                        <th scope="col">{ t!(ppid_own_view) }</th>
                        if let Some(v) = &props.viewer { <th scope="col">{ format!(t!(pid_seen_by), v = v) }</th> }
                        <th scope="col" class="sr-only">{ t!(select) }</th>
                    </tr>
                </thead>
                <tbody>
                    { spacer(start) }
                    { for props.rows[start..end].iter().enumerate().map(|(i, r)| row(props, r, start + i + 2, &levels)) }
                    { spacer(total - end) }
                </tbody>
            </table>
        </div>
    }
}

fn row(props: &ProcessTableProps, Row { task: r, seen, ended }: &Row, index: usize, levels: &[u32]) -> Html {
    let fresh = props.fresh.as_deref() == Some(r.name.as_str());
    let class = classes!(
        r.thread_of.is_some().then_some("thread"),
        (props.selected.as_deref() == Some(r.name.as_str())).then_some("selected"),
        fresh.then_some("fresh"),
        ended.then_some("ended"),
        (*seen == Some(0)).then_some("invisible"),
        format!("state-{}", r.state),
    );
    let name = r.name.clone();
    let on_select = props.on_select.clone();
    let select = Callback::from(move |_| on_select.emit(name.clone()));
    html! {
        <tr key={r.name.clone()} class={class} aria-rowindex={index.to_string()}>
            <th scope="row" class="name">
                if let Some(p) = &r.thread_of { <span class="sr-only">{ format!(t!(thread_of), p = p) }</span> }
                { &r.name }
            </th>
            { for levels.iter().map(|&l| {
                let cell = r.nspid.get(l as usize).map(u32::to_string).unwrap_or_default();
                // Deepest level first, as alloc_pid allocates.
                let delay = r.level.saturating_sub(l);
                html! { <td class="lvl" style={format!("--d:{delay}")}>{ cell }</td> }
            }) }
            <td class="nspid">{ format_nspid(&r.nspid) }</td>
            <td class="state">{ r.state.name() }</td>
            <td>{ r.parent.clone().unwrap_or_default() }</td>
            <td>{ r.ppid }</td>
            if let Some(seen) = *seen { <td class="seen">{ if seen == 0 { t!(invisible).to_string() } else { seen.to_string() } }</td> }
            <td><button class="select" aria-label={format!(t!(select_2), r.name)} onclick={select}>{ "⋯" }</button></td>
        </tr>
    }
}
