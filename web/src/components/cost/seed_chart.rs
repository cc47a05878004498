//! "Seed results": the 2007 seed's published table (nptl thread test and
//! 10^9 getpid calls, per kernel configuration) beside what the chosen
//! profile predicts for the same rows, with the differences; and a dot plot
//! of the nptl column (published ± error as a bar, the model as a dot).

use pidns_core::cost::report::{seed_conclusion, seed_results};
use pidns_core::cost::CostProfile;
use pidns_core::Fixed;
use std::rc::Rc;
use yew::prelude::*;

const W: f64 = 480.0;
const ROW: f64 = 20.0;
const LEFT: f64 = 190.0;

/// Properties of [`SeedChart`].
#[derive(Properties, PartialEq)]
pub struct SeedChartProps {
    pub profile: Rc<CostProfile>,
}

/// The figure named "Seed results".
#[function_component(SeedChart)]
pub fn seed_chart(props: &SeedChartProps) -> Html {
    let rows = seed_results(&props.profile);
    let lo = rows
        .iter()
        .map(|r| (r.row.nptl_s - r.row.nptl_err).min(r.nptl_s))
        .fold(f64::INFINITY, f64::min)
        - 0.1;
    let hi = rows
        .iter()
        .map(|r| (r.row.nptl_s + r.row.nptl_err).max(r.nptl_s))
        .fold(0.0, f64::max)
        + 0.1;
    let x = |s: f64| LEFT + (s - lo) / (hi - lo).max(1e-9) * (W - LEFT - 10.0);
    let height = ROW * rows.len() as f64 + 38.0;
    html! {
        <figure class="chart" aria-label={t!(seed_results)}>
            <figcaption>{ format!(t!(seed_results_the_june_2007_figures_a), props.profile.name) }</figcaption>
            <p class="legend"><span class="key published">{ t!(seed_legend_published) }</span>{ " " }<span class="key model">{ t!(seed_legend_model) }</span>{ " " }<span class="key model outside">{ t!(seed_legend_outside) }</span></p>
            <p class="conclusion">{ seed_conclusion(&rows) }</p>
            <svg viewBox={format!("0 0 {} {}", Fixed(W, 0), Fixed(height, 1))} role="img" aria-label={t!(nptl_seconds_per_kernel_configuratio)}>
                { for rows.iter().enumerate().map(|(i, r)| {
                    let y = 4.0 + ROW * i as f64;
                    html! {
                        <g class="seed-row" data-row={r.row.label}>
                            <text class="tick" x={Fixed(LEFT - 6.0, 1).to_string()} y={Fixed(y + 13.0, 1).to_string()} text-anchor="end">{ short(r.row.label) }</text>
                            <rect class="published" x={Fixed(x(r.row.nptl_s - r.row.nptl_err), 1).to_string()} y={Fixed(y + 4.0, 1).to_string()}
                                width={Fixed(x(r.row.nptl_s + r.row.nptl_err) - x(r.row.nptl_s - r.row.nptl_err), 1).to_string()} height="10" data-s={Fixed(r.row.nptl_s, 3).to_string()}>
                                <title>{ format!(t!(published_s), Fixed(r.row.nptl_s, 2), Fixed(r.row.nptl_err, 2)) }</title>
                            </rect>
                            <circle class={classes!("model", (!r.nptl_within_error()).then_some("outside"))} cx={Fixed(x(r.nptl_s), 1).to_string()} cy={Fixed(y + 9.0, 1).to_string()} r="4" data-s={Fixed(r.nptl_s, 3).to_string()}>
                                <title>{ format!(t!(model_s), Fixed(r.nptl_s, 3)) }</title>
                            </circle>
                        </g>
                    }
                }) }
                { for (0..4).map(|i| lo + (hi - lo) * f64::from(i) / 4.0).map(|v| html! {
                    <text class="tick" x={Fixed(x(v), 1).to_string()} y={Fixed(height - 20.0, 1).to_string()} text-anchor="middle">{ Fixed(v, 2).to_string() }</text>
                }) }
                <text class="axis-title" x={Fixed(W / 2.0, 1).to_string()} y={Fixed(height - 4.0, 1).to_string()} text-anchor="middle">{ format!(t!(axis_nptl), lo = Fixed(lo, 1)) }</text>
            </svg>
            <div class="table-box" tabindex="0" role="region" aria-label={t!(seed_results_figures)}>
                <table class="data" aria-label={t!(seed_results_table)}>
                    <thead>
                        <tr>
                            <th scope="col">{ t!(col_kernel) }</th>
                            <th scope="col">{ t!(nptl_s_2007) }</th><th scope="col">{ t!(col_model) }</th><th scope="col">{ t!(col_diff) }</th>
                            <th scope="col">{ t!(getpid_s_2007) }</th><th scope="col">{ t!(col_model) }</th><th scope="col">{ t!(col_diff) }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for rows.iter().map(|r| html! {
                            <tr>
                                <th scope="row">{ r.row.label }</th>
                                <td class="num">{ format!("{} ± {}", Fixed(r.row.nptl_s, 2), Fixed(r.row.nptl_err, 2)) }</td>
                                <td class="num">{ Fixed(r.nptl_s, 3).to_string() }</td>
                                <td class={classes!("num", (!r.nptl_within_error()).then_some("outside"))}>{ signed(r.nptl_s - r.row.nptl_s) }</td>
                                <td class="num">{ Fixed(r.row.getpid_s, 3).to_string() }</td>
                                <td class="num">{ Fixed(r.getpid_s, 3).to_string() }</td>
                                <td class={classes!("num", (!r.getpid_within_tolerance()).then_some("outside"))}>{ signed(r.getpid_s - r.row.getpid_s) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </figure>
    }
}

/// The row label without the common "patch + " prefix.
fn short(label: &str) -> &str {
    label.strip_prefix("patch + ").unwrap_or(label)
}

/// A difference with its sign and three decimals: `+3.704`, `-0.250`.
fn signed(d: f64) -> String {
    format!("{:+}", Fixed(d, 3))
}
