//! The cost panel: the profile in use (built-in or loaded from a file) and
//! four hand-written SVG charts, each with its data table beside it. Every
//! number comes from `pidns_core::cost`; nothing is priced here.

pub mod depth_chart;
pub mod profile_picker;
pub mod seed_chart;
pub mod step_bar;
pub mod totals;

use crate::state::AppHandle;
use depth_chart::DepthChart;
use profile_picker::ProfilePicker;
use seed_chart::SeedChart;
use step_bar::StepBar;
use totals::Totals;
use yew::prelude::*;

/// Properties of [`CostPanel`].
#[derive(Properties, PartialEq)]
pub struct CostPanelProps {
    pub state: AppHandle,
}

/// The panel named "Costs".
#[function_component(CostPanel)]
pub fn cost_panel(props: &CostPanelProps) -> Html {
    let s = &props.state;
    let h = s.history.borrow();
    let model = s.model();
    let run = h.run(model);
    let last = run.last_op(h.cursor()).map(|(i, step)| {
        (
            h.log().get(i).map(ToString::to_string).unwrap_or_default(),
            step.work.clone(),
        )
    });
    let levels: Vec<u32> = {
        let w = run.session().world();
        let mut v: Vec<u32> = w
            .tasks()
            .filter_map(|t| w.task_ref(t))
            .filter(|t| !t.is_thread())
            .map(|t| t.level())
            .collect();
        v.sort_unstable();
        v
    };
    let totals = [pidns_core::Model::Multilevel, pidns_core::Model::Flat]
        .map(|m| pidns_core::cost::report::total(&s.profile, h.run(m), h.cursor()));
    html! {
        <div class="costs">
            <ProfilePicker state={s.clone()} />
            <StepBar profile={s.profile.clone()} last={last} />
            <DepthChart profile={s.profile.clone()} model={model} levels={levels} />
            <Totals totals={totals.to_vec()} />
            <SeedChart profile={s.profile.clone()} />
        </div>
    }
}

/// `1.2 µs`, `106 ns`, `3.4 ms`: core's one formatter of costs.
pub use pidns_core::cost::report::format_ns;
