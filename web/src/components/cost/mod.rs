//! The cost panel: the profile in use (built-in or loaded from a file) and
//! four hand-written SVG charts, each with its data table beside it. Every
//! number comes from `pidns_core::cost`; nothing is priced here.

pub mod depth_chart;
pub mod profile_picker;
pub mod seed_chart;
pub mod step_bar;
pub mod totals;

use crate::state::{CostAction, CostState};
use depth_chart::DepthChart;
use pidns_core::scenario::history::History;
use pidns_core::Model;
use profile_picker::ProfilePicker;
use seed_chart::SeedChart;
use std::cell::RefCell;
use std::rc::Rc;
use step_bar::StepBar;
use totals::Totals;
use yew::prelude::*;

/// Properties of [`CostPanel`].
#[derive(Properties)]
pub struct CostPanelProps {
    /// The profile and why the last file was refused.
    pub cost: CostState,
    /// The session priced, and its version (the history changes in place).
    pub history: Rc<RefCell<History>>,
    pub version: u64,
    /// The model whose step and depths are charted.
    pub model: Model,
    /// A profile chosen or a file refused.
    pub on_cost: Callback<CostAction>,
}

impl PartialEq for CostPanelProps {
    fn eq(&self, o: &Self) -> bool {
        self.cost == o.cost
            && Rc::ptr_eq(&self.history, &o.history)
            && self.version == o.version
            && self.model == o.model
            && self.on_cost == o.on_cost
    }
}

/// The panel named "Costs".
#[function_component(CostPanel)]
pub fn cost_panel(props: &CostPanelProps) -> Html {
    let profile = &props.cost.profile;
    let h = props.history.borrow();
    let model = props.model;
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
        pidns_core::sort::sort_by_key(&mut v, |&l| l);
        v
    };
    let totals = [pidns_core::Model::Multilevel, pidns_core::Model::Flat]
        .map(|m| pidns_core::cost::report::total(profile, h.run(m), h.cursor()));
    html! {
        <div class="costs">
            <ProfilePicker cost={props.cost.clone()} on_cost={props.on_cost.clone()} />
            <StepBar profile={profile.clone()} last={last} />
            <DepthChart profile={profile.clone()} model={model} levels={levels} />
            <Totals totals={totals.to_vec()} />
            <SeedChart profile={profile.clone()} />
        </div>
    }
}

/// `1.2 µs`, `106 ns`, `3.4 ms`: core's one formatter of costs.
pub use pidns_core::cost::report::format_ns;
