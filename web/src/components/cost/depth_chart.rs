//! "Overhead by depth": getpid, fork+exit+wait and thread create+join at
//! every depth from 0 to 32, in both models, under the chosen profile (one
//! small chart per operation, as their scales differ a thousandfold). The
//! flat model's line ends at level 1, where it refuses to nest. The levels
//! the current scenario's processes live at are marked.

use super::format_ns;
use pidns_core::cost::report::{depth_conclusion, depth_series};
use pidns_core::cost::{CostProfile, Workload};
use pidns_core::Fixed;
use pidns_core::{Model, MAX_PID_NS_LEVEL};
use std::rc::Rc;
use yew::prelude::*;

/// The operations charted.
pub const WORKLOADS: [Workload; 3] = [Workload::Getpid, Workload::ForkExitWait, Workload::ThreadCreateJoin];
const MODELS: [Model; 2] = [Model::Multilevel, Model::Flat];
const W: f64 = 480.0;
const H: f64 = 160.0;
const LEFT: f64 = 74.0;
const BOTTOM: f64 = 34.0;

/// Properties of [`DepthChart`].
#[derive(Properties, PartialEq)]
pub struct DepthChartProps {
    pub profile: Rc<CostProfile>,
    /// The model the scenario runs in (its processes are marked on that line).
    pub model: Model,
    /// The level of every live process of the scenario, sorted.
    pub levels: Vec<u32>,
}

/// The figure named "Overhead by depth".
#[function_component(DepthChart)]
pub fn depth_chart(props: &DepthChartProps) -> Html {
    // Six traced sweeps of 33 depths: only when the profile changes, not at every step.
    let series = use_memo(props.profile.clone(), |p| {
        WORKLOADS
            .iter()
            .map(|&w| MODELS.map(|m| depth_series(p, m, w, MAX_PID_NS_LEVEL)))
            .collect::<Vec<_>>()
    });
    // The conclusion reads the multilevel lines (the flat one stops at level 1).
    let conclusion = depth_conclusion(
        &WORKLOADS
            .iter()
            .zip(series.iter())
            .map(|(w, s)| (*w, s[0].as_slice()))
            .collect::<Vec<_>>(),
    );
    let mut counts: Vec<(u32, usize)> = Vec::new();
    for &l in &props.levels {
        match counts.last_mut() {
            Some((at, n)) if *at == l => *n += 1,
            _ => counts.push((l, 1)),
        }
    }
    html! {
        <figure class="chart" aria-label={t!(overhead_by_depth)}>
            <figcaption>{ format!(t!(overhead_by_depth_profile), props.profile.name) }</figcaption>
            <p class="legend"><span class="key multilevel">{ t!(legend_multilevel) }</span>{ " " }<span class="key flat">{ t!(flat_refuses_below_level_1) }</span>{ " " }<span class="key here">{ t!(this_scenario_s_processes) }</span>{ " " }<span class="key">{ t!(legend_axis_break) }</span></p>
            <p class="conclusion">{ conclusion }</p>
            { for WORKLOADS.iter().zip(series.iter()).map(|(w, s)| chart(*w, s, props.model, &counts)) }
            <div class="table-box" tabindex="0" role="region" aria-label={t!(overhead_by_depth_figures)}>
                <table class="data" aria-label={t!(overhead_by_depth_table)}>
                    <thead>
                        <tr>
                            <th scope="col">{ t!(col_depth) }</th>
                            { for WORKLOADS.iter().flat_map(|w| MODELS.map(|m| html! { <th scope="col">{ format!("{} {}", w.label(), m.name()) }</th> })) }
                        </tr>
                    </thead>
                    <tbody>
                        { for (0..=MAX_PID_NS_LEVEL).map(|d| html! {
                            <tr>
                                <th scope="row">{ d }</th>
                                { for series.iter().flat_map(|s| s.iter().map(move |line| {
                                    let cell = line.iter().find(|p| p.0 == d).map(|p| Fixed(p.1, 1).to_string()).unwrap_or_else(|| "—".into());
                                    html! { <td class="num">{ cell }</td> }
                                })) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </figure>
    }
}

fn chart(w: Workload, lines: &[Vec<(u32, f64)>; 2], model: Model, counts: &[(u32, usize)]) -> Html {
    let max = lines.iter().flatten().map(|p| p.1).fold(0.0, f64::max).max(1.0);
    let min = lines
        .iter()
        .flatten()
        .map(|p| p.1)
        .fold(f64::INFINITY, f64::min)
        .min(max);
    // A zoomed axis starting just below the cheapest point shows the slope.
    let lo = (min - (max - min) * 0.15).max(0.0);
    let x = |d: u32| LEFT + f64::from(d) / f64::from(MAX_PID_NS_LEVEL) * (W - LEFT - 8.0);
    let y = |ns: f64| 6.0 + (1.0 - (ns - lo) / (max - lo).max(1e-9)) * (H - BOTTOM - 12.0);
    let marked = &lines[usize::from(model == Model::Flat)];
    html! {
        <svg viewBox={format!("0 0 {} {}", Fixed(W, 0), Fixed(H, 0))} class="depth" role="img" aria-label={format!(t!(cost_by_depth_both_models_the_table), w.label())}>
            <text class="title" x={Fixed(LEFT, 1).to_string()} y="12">{ w.label() }</text>
            <line class="axis" x1={Fixed(LEFT, 1).to_string()} y1={Fixed(H - BOTTOM, 1).to_string()} x2={Fixed(W - 8.0, 1).to_string()} y2={Fixed(H - BOTTOM, 1).to_string()} />
            <line class="axis" x1={Fixed(LEFT, 1).to_string()} y1="6" x2={Fixed(LEFT, 1).to_string()} y2={Fixed(H - BOTTOM, 1).to_string()} />
            { for [lo, (lo + max) / 2.0, max].into_iter().map(|v| html! {
                <text class="tick" x={Fixed(LEFT - 4.0, 1).to_string()} y={Fixed(y(v) + 4.0, 1).to_string()} text-anchor="end">{ format_ns(v) }</text>
            }) }
            if lo > 0.0 {
                // The axis does not start at zero: a marked break.
                <path class="axis-break" d={format!("M{} {} l-5 -3 l10 -4 l-10 -4 l5 -3", Fixed(LEFT, 1), Fixed(H - BOTTOM - 1.0, 1))} />
            }
            { for [0u32, 4, 8, 12, 16, 20, 24, 28, 32].iter().map(|&d| html! {
                <text class="tick" x={Fixed(x(d), 1).to_string()} y={Fixed(H - BOTTOM + 12.0, 1).to_string()} text-anchor="middle">{ d }</text>
            }) }
            <text class="axis-title" x={Fixed((LEFT + W) / 2.0, 1).to_string()} y={Fixed(H - 4.0, 1).to_string()} text-anchor="middle">{ t!(axis_depth) }</text>
            <text class="axis-title" transform={format!("translate(12 {}) rotate(-90)", Fixed((H - BOTTOM) / 2.0, 1))} text-anchor="middle">{ t!(axis_time) }</text>
            { for MODELS.iter().zip(lines).map(|(m, line)| html! {
                <g class={classes!("series", m.name())} data-series={format!("{} {}", w.label(), m.name())}>
                    <polyline points={line.iter().map(|p| format!("{},{}", Fixed(x(p.0), 1), Fixed(y(p.1), 1))).collect::<Vec<_>>().join(" ")} />
                    { for line.iter().map(|p| html! {
                        <circle class="pt" cx={Fixed(x(p.0), 1).to_string()} cy={Fixed(y(p.1), 1).to_string()} r="1.8" data-depth={p.0.to_string()} data-ns={Fixed(p.1, 1).to_string()}>
                            <title>{ format!(t!(at_depth), m.name(), p.0, format_ns(p.1)) }</title>
                        </circle>
                    }) }
                </g>
            }) }
            { for counts.iter().filter_map(|&(l, n)| marked.iter().find(|p| p.0 == l).map(|p| (l, n, p.1))).map(|(l, n, ns)| html! {
                <circle class="here" cx={Fixed(x(l), 1).to_string()} cy={Fixed(y(ns), 1).to_string()} r="5" data-level={l.to_string()} data-count={n.to_string()}>
                    <title>{ format!(t!(process_es_of_this_scenario_at_level), format_ns(ns), n = n, l = l) }</title>
                </circle>
            }) }
        </svg>
    }
}
