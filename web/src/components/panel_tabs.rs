//! The side panel's tabs: "Build", "Lessons", "Costs".

use crate::state::Panel;
use yew::prelude::*;

/// Properties of [`PanelTabs`].
#[derive(Properties, PartialEq)]
pub struct PanelTabsProps {
    /// The tab shown.
    pub panel: Panel,
    /// A tab was chosen.
    pub on_panel: Callback<Panel>,
}

/// A tab's name, which also names the tab panel showing it.
pub fn panel_name(panel: Panel) -> &'static str {
    match panel {
        Panel::Build => t!(tab_build),
        Panel::Lesson => t!(lessons),
        Panel::Costs => t!(tab_costs),
    }
}

/// The tab list named "Panels", controlling the element `side-panel`.
#[function_component(PanelTabs)]
pub fn panel_tabs(p: &PanelTabsProps) -> Html {
    let tab = |panel: Panel| {
        let on = p.panel == panel;
        let label = panel_name(panel);
        html! {
            <button role="tab" id={format!("tab-{}", label.to_ascii_lowercase())} aria-selected={on.to_string()} aria-controls="side-panel"
                tabindex={if on { "0" } else { "-1" }} class={classes!("tab", on.then_some("active"))}
                onclick={p.on_panel.reform(move |_| panel)}>{ label }</button>
        }
    };
    html! {
        <div role="tablist" aria-label={t!(panels)} class="tabs">
            { for [Panel::Build, Panel::Lesson, Panel::Costs].into_iter().map(tab) }
        </div>
    }
}
