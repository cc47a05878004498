//! "Scenario cost": the whole scenario so far, priced in both models side by side.

use super::format_ns;
use pidns_core::cost::report::{totals_conclusion, Total};
use pidns_core::Fixed;
use yew::prelude::*;

const W: f64 = 480.0;

/// Properties of [`Totals`].
#[derive(Properties, PartialEq)]
pub struct TotalsProps {
    pub totals: Vec<Total>,
}

/// The figure named "Scenario cost".
#[function_component(Totals)]
pub fn totals(props: &TotalsProps) -> Html {
    let max = props.totals.iter().map(|t| t.ns).fold(0.0, f64::max);
    let row_h = 26.0;
    let height = row_h * props.totals.len() as f64 + 4.0;
    html! {
        <figure class="chart" aria-label={t!(scenario_cost)}>
            <figcaption>{ t!(scenario_cost_both_models_on_the_sam) }</figcaption>
            <p class="conclusion">{ totals_conclusion(&props.totals) }</p>
            <svg viewBox={format!("0 0 {} {}", Fixed(W, 0), Fixed(height, 1))} role="img" aria-label={t!(bars_of_the_scenario_s_total_cost_pe)}>
                { for props.totals.iter().enumerate().map(|(i, t)| {
                    let w = if max > 0.0 { t.ns / max * (W - 190.0) } else { 0.0 };
                    let y = i as f64 * row_h + 2.0;
                    html! {
                        <g class={classes!("total", t.model.name())}>
                            <text x="0" y={Fixed(y + 16.0, 1).to_string()}>{ t.model.name() }</text>
                            <rect x="90" y={Fixed(y, 1).to_string()} width={Fixed(w, 2).to_string()} height="20" data-ns={Fixed(t.ns, 3).to_string()} />
                            <text x={Fixed(96.0 + w, 1).to_string()} y={Fixed(y + 16.0, 1).to_string()}>{ format_ns(t.ns) }</text>
                        </g>
                    }
                }) }
            </svg>
            <table class="data" aria-label={t!(scenario_cost_table)}>
                <thead><tr><th scope="col">{ t!(model) }</th><th scope="col">{ t!(col_operations) }</th><th scope="col">{ t!(col_failed) }</th><th scope="col">{ t!(total_ns) }</th></tr></thead>
                <tbody>
                    { for props.totals.iter().map(|t| html! {
                        <tr><th scope="row">{ t.model.name() }</th><td>{ t.ops }</td><td>{ t.failed }</td><td class="num">{ Fixed(t.ns, 1).to_string() }</td></tr>
                    }) }
                </tbody>
            </table>
        </figure>
    }
}
