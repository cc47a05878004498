//! The namespace tree (SVG): each pid namespace with its level, its init and
//! its processes with their pid there; dead namespaces dashed and marked.

use crate::view::NsNode;
use pidns_core::ProcState;
use std::rc::Rc;
use yew::prelude::*;

const BOX_W: i32 = 170;
const GAP_X: i32 = 20;
const LINE_H: i32 = 16;
const HEAD_H: i32 = 22;
const GAP_Y: i32 = 34;
/// Processes listed per namespace before "+N more".
const SHOWN: usize = 8;

/// Properties of [`NsTree`].
#[derive(Properties, PartialEq)]
pub struct NsTreeProps {
    pub nodes: Rc<Vec<NsNode>>,
    #[prop_or_default]
    pub selected: Option<String>,
    #[prop_or_default]
    pub fresh: Option<String>,
    #[prop_or_default]
    pub on_select: Callback<String>,
}

fn height(n: &NsNode) -> i32 {
    HEAD_H + LINE_H * (n.members.len().min(SHOWN) as i32 + i32::from(n.members.len() > SHOWN)).max(1) + 8
}

/// The figure named "Namespace tree".
#[function_component(NsTree)]
pub fn ns_tree(props: &NsTreeProps) -> Html {
    let nodes = &props.nodes;
    let children = |i: usize| -> Vec<usize> {
        (0..nodes.len())
            .filter(|&c| nodes[c].parent.map(|p| p.index()) == Some(i))
            .collect()
    };
    // Leaves get consecutive columns; a parent sits over its children.
    let mut x = vec![0i32; nodes.len()];
    let mut next_col = 0i32;
    fn place(i: usize, children: &dyn Fn(usize) -> Vec<usize>, x: &mut [i32], next: &mut i32) {
        let kids = children(i);
        if kids.is_empty() {
            x[i] = *next * (BOX_W + GAP_X);
            *next += 1;
        } else {
            for &k in &kids {
                place(k, children, x, next);
            }
            x[i] = (x[kids[0]] + x[kids[kids.len() - 1]]) / 2;
        }
    }
    if !nodes.is_empty() {
        place(0, &children, &mut x, &mut next_col);
    }
    let max_level = nodes.iter().map(|n| n.level).max().unwrap_or(0) as usize;
    let mut row_h = vec![0i32; max_level + 1];
    for n in nodes.iter() {
        row_h[n.level as usize] = row_h[n.level as usize].max(height(n));
    }
    let y_of = |level: u32| -> i32 { row_h[..level as usize].iter().map(|h| h + GAP_Y).sum::<i32>() };
    let width = (next_col.max(1) * (BOX_W + GAP_X)).max(BOX_W + GAP_X);
    let total_h = y_of(max_level as u32) + row_h[max_level] + 4;
    let desc = format!(
        t!(ns_tree_desc),
        nodes.len(),
        nodes.iter().filter(|n| n.dead).count(),
        max_level
    );
    html! {
        <figure class="ns-tree" aria-label={t!(namespace_tree)}>
            <figcaption>{ t!(namespace_tree) }</figcaption>
            <div class="tree-scroll" tabindex="0" role="region" aria-label={t!(namespace_tree_scrollable)}>
                <svg width={width.to_string()} height={total_h.to_string()} viewBox={format!("0 0 {width} {total_h}")} role="img" aria-labelledby="ns-tree-title ns-tree-desc">
                    <title id="ns-tree-title">{ t!(namespace_tree) }</title>
                    <desc id="ns-tree-desc">{ desc }</desc>
                    { for nodes.iter().enumerate().filter_map(|(i, n)| n.parent.map(|p| (i, p.index()))).map(|(i, p)| {
                        let (x1, y1) = (x[p] + BOX_W / 2, y_of(nodes[p].level) + height(&nodes[p]));
                        let (x2, y2) = (x[i] + BOX_W / 2, y_of(nodes[i].level));
                        html! { <line class="edge" x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()} /> }
                    }) }
                    { for nodes.iter().enumerate().map(|(i, n)| node(props, n, x[i], y_of(n.level))) }
                </svg>
            </div>
        </figure>
    }
}

fn node(props: &NsTreeProps, n: &NsNode, x: i32, y: i32) -> Html {
    let h = height(n);
    let title = format!(
        "level {}{}{}",
        n.level,
        n.init.as_ref().map(|i| format!(t!(init), i = i)).unwrap_or_default(),
        if n.dead { t!(dead) } else { "" }
    );
    let class = classes!("ns", format!("lvl{}", n.level % 8), n.dead.then_some("dead"));
    html! {
        <g class={class} transform={format!("translate({x},{y})")}>
            <rect width={BOX_W.to_string()} height={h.to_string()} rx="6" />
            <text class="ns-head" x="8" y="15">{ title }</text>
            { for n.members.iter().take(SHOWN).enumerate().map(|(k, (name, nr, state))| {
                let on_select = props.on_select.clone();
                let who = name.clone();
                let cls = classes!(
                    "member",
                    (props.selected.as_deref() == Some(name.as_str())).then_some("selected"),
                    (props.fresh.as_deref() == Some(name.as_str())).then_some("fresh"),
                );
                html! {
                    <text class={cls} x="12" y={(HEAD_H + 12 + LINE_H * k as i32).to_string()}
                        onclick={Callback::from(move |_| on_select.emit(who.clone()))}>
                        { format!("{nr:>5}  {name}{}", if *state == ProcState::Running { String::new() } else { format!(" ({state})") }) }
                    </text>
                }
            }) }
            if n.members.len() > SHOWN {
                <text class="more" x="12" y={(HEAD_H + 12 + LINE_H * SHOWN as i32).to_string()}>{ format!(t!(more), n.members.len() - SHOWN) }</text>
            }
            if n.members.is_empty() {
                <text class="more" x="12" y={(HEAD_H + 12).to_string()}>{ if n.dead { t!(empty) } else { t!(no_process_yet) } }</text>
            }
        </g>
    }
}
