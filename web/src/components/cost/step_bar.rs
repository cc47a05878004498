//! "Cost of the last step": its kernel work as a stacked bar, in the order
//! the kernel did it (one segment per run of the same work at the same
//! level), and the same figures as a table.

use super::format_ns;
use pidns_core::cost::report::{step_cost, Segment, StepCost};
use pidns_core::cost::CostProfile;
use pidns_core::Fixed;
use pidns_core::Work;
use std::rc::Rc;
use yew::prelude::*;

const W: f64 = 480.0;
const H: f64 = 34.0;

/// Properties of [`StepBar`].
#[derive(Properties, PartialEq)]
pub struct StepBarProps {
    pub profile: Rc<CostProfile>,
    /// The last operation's text and work, if the cursor is after one.
    pub last: Option<(String, Vec<Work>)>,
}

/// The figure named "Cost of the last step".
#[function_component(StepBar)]
pub fn step_bar(props: &StepBarProps) -> Html {
    let Some((text, work)) = &props.last else {
        return html! {
            <figure class="chart" aria-label={t!(cost_of_the_last_step)}>
                <figcaption>{ t!(cost_of_the_last_step) }</figcaption>
                <p class="muted">{ t!(no_operation_yet) }</p>
            </figure>
        };
    };
    let StepCost {
        segments: segs,
        total_ns: total,
        zoomed,
        per_level_ns: per_level,
        levels,
    } = step_cost(&props.profile, work);
    html! {
        <figure class="chart" aria-label={t!(cost_of_the_last_step)}>
            <figcaption>{ format!(t!(cost_of_the_last_step_2), format_ns(total), text = text) }</figcaption>
            { bar(&segs, &format!(t!(stacked_bar_of_the_kernel_work_of_th), text = text)) }
            if let Some(rest) = &zoomed {
                <p class="muted">{ format!(t!(zoomed_everything_but_copying_the_pr), format_ns(rest.iter().map(|s| s.ns).sum())) }</p>
                { bar(rest, t!(zoomed_bar)) }
            }
            if levels > 0 {
                <p class="muted">{ format!(t!(per_level_work_allocating_publishing), format_ns(per_level), format_ns(total), levels = levels) }</p>
            }
            <div class="table-box" tabindex="0" role="region" aria-label={t!(cost_of_the_last_step_figures)}>
                <table class="data" aria-label={t!(cost_of_the_last_step_table)}>
                    <thead><tr><th scope="col">{ t!(kernel_work) }</th><th scope="col">{ "×" }</th><th scope="col">{ t!(col_ns) }</th><th scope="col">{ t!(col_share) }</th></tr></thead>
                    <tbody>
                        { for segs.iter().map(|s| html! {
                            <tr>
                                <th scope="row"><span class={classes!("swatch", format!("w-{}", s.kind.group().name()))} aria-hidden="true"></span>{ Segment { count: 1, ..s.clone() }.to_string() }</th>
                                <td>{ s.count }</td>
                                <td class="num">{ Fixed(s.ns, 1).to_string() }</td>
                                <td class="num">{ if total > 0.0 { format!("{}%", Fixed(s.ns / total * 100.0, 1)) } else { "—".into() } }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </figure>
    }
}

/// One stacked bar of segments, scaled to their sum.
fn bar(segs: &[Segment], aria: &str) -> Html {
    let total: f64 = segs.iter().map(|s| s.ns).sum();
    let mut x = 0.0;
    let rects: Html = segs
        .iter()
        .map(|s| {
            let w = if total > 0.0 { s.ns / total * W } else { 0.0 };
            let label = s.to_string();
            let rect = html! {
                <rect class={classes!("seg", format!("w-{}", s.kind.group().name()))} x={Fixed(x, 2).to_string()} y="4" width={Fixed(w.max(0.0), 2).to_string()} height={Fixed(H - 8.0, 1).to_string()}
                    data-kind={s.kind.name()} data-ns={Fixed(s.ns, 3).to_string()}>
                    <title>{ format!("{label}: {}", format_ns(s.ns)) }</title>
                </rect>
            };
            x += w;
            rect
        })
        .collect();
    html! { <svg viewBox={format!("0 0 {} {}", Fixed(W, 0), Fixed(H, 0))} class="bar" role="img" aria-label={aria.to_string()}>{ rects }</svg> }
}
