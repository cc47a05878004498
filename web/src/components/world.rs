//! The figure named "World": the [`Picture`] drawn in SVG. The process tree is an ARIA
//! `tree` ("Process tree"); every namespace region a `group` named as the namespace; every
//! process a `treeitem` with a roving tabindex (arrow keys move, Enter selects). Wheel or
//! +/− zoom, drag pans, 0 resets; on a touch screen one finger pans and two pinch-zoom.

use crate::picture::{Chip, NodeKind, PicNode, Picture};
use pidns_core::Fixed;
use pidns_layout::{Key, Rect};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Properties of [`World`].
#[derive(Properties)]
pub struct WorldProps {
    /// What to draw.
    pub picture: Rc<Picture>,
    /// The selected process's name.
    pub selected: String,
    /// The "view from" process, if any.
    #[prop_or_default]
    pub viewer: Option<String>,
    /// A process was chosen (click, Enter).
    pub on_select: Callback<String>,
    /// A "+K processes" node was opened: the key of the process whose children to show.
    pub on_expand: Callback<Key>,
    /// The figure's name ("World"; in Compare "World, multilevel" and "World, flat").
    #[prop_or(AttrValue::Static("World"))]
    pub label: AttrValue,
    /// Prefix of the element ids, unique per picture on the page.
    #[prop_or(AttrValue::Static("pic"))]
    pub prefix: AttrValue,
}

impl PartialEq for WorldProps {
    /// The picture by pointer: a new one is built only when something changed, and
    /// comparing thousands of nodes on every render would cost more than drawing.
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.picture, &o.picture)
            && self.selected == o.selected
            && self.viewer == o.viewer
            && self.on_select == o.on_select
            && self.on_expand == o.on_expand
            && self.label == o.label
            && self.prefix == o.prefix
    }
}

/// Zoom and pan: `k` the scale, `(x, y)` the translation in picture units.
#[derive(Clone, Copy, PartialEq)]
struct View {
    k: f64,
    x: f64,
    y: f64,
}

enum ViewAction {
    /// Scale by a factor around a point of the picture.
    Zoom(f64, f64, f64),
    Pan(f64, f64),
    Reset,
}

impl Default for View {
    fn default() -> View {
        View { k: 1.0, x: 0.0, y: 0.0 }
    }
}

impl Reducible for View {
    type Action = ViewAction;
    fn reduce(self: Rc<Self>, a: ViewAction) -> Rc<Self> {
        let v = *self;
        Rc::new(match a {
            ViewAction::Zoom(f, cx, cy) => {
                let k = (v.k * f).clamp(0.2, 8.0);
                let f = k / v.k;
                View {
                    k,
                    x: cx - (cx - v.x) * f,
                    y: cy - (cy - v.y) * f,
                }
            }
            ViewAction::Pan(dx, dy) => View {
                x: v.x + dx,
                y: v.y + dy,
                ..v
            },
            ViewAction::Reset => View::default(),
        })
    }
}

const PAD: f64 = 8.0;

/// The legend strip after the level samples: a sample's class, its text, what it means.
const LEGEND: [(&str, &str, &str); 5] = [
    ("sw zombie", t!(pic_zombie), t!(pic_legend_zombie)),
    ("sw tagp", t!(pic_ppid0), t!(pic_legend_ppid0)),
    ("sw next", t!(pic_legend_next), t!(pic_legend_next_why)),
    ("sw ended", t!(pic_legend_name), t!(pic_legend_ended)),
    ("sw arrow", "⟶", t!(pic_legend_signal)),
];

/// A node's key among its siblings (and, after the picture's prefix, its element id).
fn dom_id(n: &PicNode) -> String {
    match n.kind {
        NodeKind::Process { .. } => format!("{}", n.key),
        NodeKind::More { .. } => format!("more-{}", n.key),
    }
}

fn focus_id(id: &str) {
    if let Some(el) = gloo::utils::document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::SvgElement>().ok())
    {
        let _ = el.focus();
    }
}

/// The figure named "World".
#[function_component(World)]
pub fn world(props: &WorldProps) -> Html {
    let p = &props.picture;
    let view = use_reducer(View::default);
    let focus = use_state(|| None::<String>);
    let svg_ref = use_node_ref();
    let drag = use_mut_ref(Vec::<(i32, f64, f64)>::new);
    let b = p.bounds;
    let (vw, vh) = (b.w + 2.0 * PAD, b.h + 2.0 * PAD);
    {
        // Wheel zoom needs a listener that may prevent scrolling the page.
        let dispatcher = view.dispatcher();
        let svg_ref = svg_ref.clone();
        use_effect_with((), move |_| {
            let listener = svg_ref.cast::<web_sys::Element>().map(|svg| {
                let options = gloo::events::EventListenerOptions::enable_prevent_default();
                gloo::events::EventListener::new_with_options(&svg, "wheel", options, move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::WheelEvent>() else {
                        return;
                    };
                    e.prevent_default();
                    let f = if e.delta_y() < 0.0 { 1.15 } else { 1.0 / 1.15 };
                    dispatcher.dispatch(ViewAction::Zoom(f, vw / 2.0, vh / 2.0));
                })
            });
            move || drop(listener)
        });
    }
    let units_per_px = {
        let svg_ref = svg_ref.clone();
        move || {
            svg_ref
                .cast::<web_sys::Element>()
                .map(|e| e.client_width())
                .filter(|&w| w > 0)
                .map_or(1.0, |w| vw / f64::from(w))
        }
    };
    // The keyboard's item: the focused one, else the selected one, else the first.
    let prefix = props.prefix.clone();
    let index_of = |id: &str| p.nodes.iter().position(|n| dom_id(n) == id);
    let selected_idx = p
        .nodes
        .iter()
        .position(|n| matches!(&n.kind, NodeKind::Process { name, .. } if *name == props.selected));
    let current = (*focus)
        .as_deref()
        .and_then(index_of)
        .or(selected_idx)
        .or(p.order.first().copied());
    let activate = {
        let (on_select, on_expand) = (props.on_select.clone(), props.on_expand.clone());
        move |n: &PicNode| match &n.kind {
            NodeKind::Process { name, .. } => on_select.emit(name.clone()),
            NodeKind::More { parent, .. } => on_expand.emit(*parent),
        }
    };
    let onkeydown = {
        let p = p.clone();
        let (focus, dispatcher) = (focus.clone(), view.dispatcher());
        let activate = activate.clone();
        let prefix = prefix.clone();
        Callback::from(move |e: KeyboardEvent| {
            match e.key().as_str() {
                "+" | "=" => dispatcher.dispatch(ViewAction::Zoom(1.25, vw / 2.0, vh / 2.0)),
                "-" | "_" => dispatcher.dispatch(ViewAction::Zoom(0.8, vw / 2.0, vh / 2.0)),
                "0" => dispatcher.dispatch(ViewAction::Reset),
                _ => {
                    let Some(i) = item_of(&p, e.target()) else {
                        return;
                    };
                    let pos = p.order.iter().position(|&x| x == i).unwrap_or(0);
                    let to = match e.key().as_str() {
                        "ArrowDown" => p.order.get(pos + 1).copied(),
                        "ArrowUp" => pos.checked_sub(1).and_then(|q| p.order.get(q).copied()),
                        "ArrowRight" => p.order.get(pos + 1).copied().filter(|&c| p.parent[c] == Some(i)),
                        "ArrowLeft" => p.parent[i],
                        "Home" => p.order.first().copied(),
                        "End" => p.order.last().copied(),
                        "Enter" | " " => {
                            e.prevent_default();
                            activate(&p.nodes[i]);
                            return;
                        }
                        _ => return,
                    };
                    e.prevent_default();
                    if let Some(to) = to {
                        let id = dom_id(&p.nodes[to]);
                        focus_id(&format!("{prefix}-{id}"));
                        focus.set(Some(id));
                    }
                    return;
                }
            }
            e.prevent_default();
        })
    };
    // Clicks are handled once for the whole picture: nodes carry no callback, so an
    // unchanged node is not re-rendered.
    let onclick = {
        let p = p.clone();
        let activate = activate.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(i) = item_of(&p, e.target()) {
                activate(&p.nodes[i]);
            }
        })
    };
    // One pointer pans (after a few pixels, so a tap still selects); two pinch-zoom.
    let onpointerdown = {
        let drag = drag.clone();
        Callback::from(move |e: PointerEvent| {
            let mut d = drag.borrow_mut();
            let at = (e.pointer_id(), f64::from(e.client_x()), f64::from(e.client_y()));
            d.retain(|q| q.0 != at.0);
            d.push(at);
        })
    };
    let onpointermove = {
        let (drag, dispatcher) = (drag.clone(), view.dispatcher());
        Callback::from(move |e: PointerEvent| {
            let mut d = drag.borrow_mut();
            let Some(k) = d.iter().position(|q| q.0 == e.pointer_id()).filter(|&k| k < 2) else {
                return;
            };
            if e.buttons() & 1 == 0 {
                d.remove(k);
                return;
            }
            let (x, y) = (f64::from(e.client_x()), f64::from(e.client_y()));
            let (_, x0, y0) = d[k];
            if let Some(&(_, ox, oy)) = d.get(1 - k) {
                // Squares, not `hypot`, which would pull libm's into the wasm.
                let before = (x0 - ox) * (x0 - ox) + (y0 - oy) * (y0 - oy);
                if before > 1.0 {
                    let f = (((x - ox) * (x - ox) + (y - oy) * (y - oy)) / before).sqrt();
                    dispatcher.dispatch(ViewAction::Zoom(f, vw / 2.0, vh / 2.0));
                }
            } else if (x - x0).abs() + (y - y0).abs() > 3.0 {
                let u = units_per_px();
                dispatcher.dispatch(ViewAction::Pan((x - x0) * u, (y - y0) * u));
            } else {
                return;
            }
            d[k] = (e.pointer_id(), x, y);
        })
    };
    let onpointerup = {
        let drag = drag.clone();
        Callback::from(move |e: PointerEvent| drag.borrow_mut().retain(|q| q.0 != e.pointer_id()))
    };
    let zoom_button = |label: &'static str, sign: &'static str, a: fn() -> ViewAction| {
        let dispatcher = view.dispatcher();
        html! { <button type="button" aria-label={label} title={label} onclick={Callback::from(move |_| dispatcher.dispatch(a()))}>{ sign }</button> }
    };
    // Regions nest as groups; each node sits in its innermost region's group.
    let mut region_kids: Vec<Vec<usize>> = vec![Vec::new(); p.regions.len()];
    let mut top_regions = Vec::new();
    for (i, r) in p.regions.iter().enumerate() {
        match r.parent {
            Some(q) if q < p.regions.len() => region_kids[q].push(i),
            _ => top_regions.push(i),
        }
    }
    let mut region_nodes: Vec<Vec<usize>> = vec![Vec::new(); p.regions.len()];
    let mut loose = Vec::new();
    for &i in &p.order {
        match p.region_of.get(i).copied().flatten() {
            Some(r) if r < p.regions.len() => region_nodes[r].push(i),
            _ => loose.push(i),
        }
    }
    let draw_node = |i: usize| node(props, i, current == Some(i));
    fn draw_region(
        p: &Picture,
        r: usize,
        kids: &[Vec<usize>],
        nodes: &[Vec<usize>],
        draw_node: &dyn Fn(usize) -> Html,
    ) -> Html {
        let reg = &p.regions[r];
        let class = classes!(
            "region",
            format!("lvl{}", reg.level % 8),
            reg.dead.then_some("dead"),
            reg.zap.then_some("zap")
        );
        let l = reg.label_rect;
        html! {
            <g key={format!("{}-{}", reg.ns, reg.piece)} role="group" aria-label={reg.name.clone()} class={class}>
                <g key="box" class="region-box-wrap">{ rect_el("region-box", &reg.rect, 18.0) }</g>
                <g key="label" class="region-label" aria-hidden="true">
                    { rect_el("pill", &l, l.h / 2.0) }
                    <text x={fmt(l.x + 10.0)} y={fmt(l.y + l.h / 2.0 + 4.0)}>{ &reg.label }</text>
                </g>
                { for kids[r].iter().map(|&k| draw_region(p, k, kids, nodes, draw_node)).chain(nodes[r].iter().map(|&i| draw_node(i))) }
            </g>
        }
    }
    let v = *view;
    let max_level = p.regions.iter().map(|r| r.level).max().unwrap_or(0);
    let viewer_level = p
        .nodes
        .iter()
        .find(|n| matches!(&n.kind, NodeKind::Process { name, .. } if Some(name) == props.viewer.as_ref()))
        .map_or(0, |n| n.level);
    html! {
        <figure class="world-pic" aria-label={props.label.clone()}>
            if props.label != t!(world) {
                <figcaption>{ props.label.clone() }</figcaption>
            }
            <div class="pic-tools">
                if let Some(x) = &props.viewer {
                    <p class="viewing">
                        <span class={classes!("pill", format!("lvl{}", viewer_level % 8))}>{ format!(t!(pic_viewing_pill), x, viewer_level) }</span>
                        <span class="muted">{ format!(t!(pic_viewing_from), x, x) }</span>
                    </p>
                }
                <span class="muted help" id={format!("{prefix}-help")}>{ t!(pic_zoom_help) }</span>
                { zoom_button(t!(pic_zoom_in), "+", || ViewAction::Zoom(1.25, 0.0, 0.0)) }
                { zoom_button(t!(pic_zoom_out), "−", || ViewAction::Zoom(0.8, 0.0, 0.0)) }
                { zoom_button(t!(pic_zoom_reset), t!(pic_reset), || ViewAction::Reset) }
            </div>
            <svg ref={svg_ref} class="pic" viewBox={format!("{} {} {} {}", fmt(b.x - PAD), fmt(b.y - PAD), fmt(vw), fmt(vh))}
                preserveAspectRatio="xMidYMin meet" style={format!("aspect-ratio: {} / {}", Fixed(vw, 0), Fixed(vh, 0))}
                {onkeydown} {onclick} {onpointerdown} {onpointermove} onpointerup={onpointerup.clone()} onpointercancel={onpointerup}>
                <g transform={format!("translate({} {}) scale({})", fmt(v.x), fmt(v.y), Fixed(v.k, 3))}>
                    <g role="tree" aria-label={t!(process_tree)} aria-describedby={format!("{prefix}-help")}>
                        { for top_regions.iter().map(|&r| draw_region(p, r, &region_kids, &region_nodes, &draw_node)) }
                        { for loose.iter().map(|&i| draw_node(i)) }
                    </g>
                    <g class="edges" aria-hidden="true">
                        { for p.edges.iter().map(|e| {
                            let mut pts = String::new();
                            for (x, y) in e.points {
                                pts += &fmt(x);
                                pts.push(',');
                                pts += &fmt(y);
                                pts.push(' ');
                            }
                            html! {
                                <g key={format!("{}-{}", dom_id(&p.nodes[e.from]), dom_id(&p.nodes[e.to]))}>
                                    if let Some((x, y)) = e.swing {
                                        <line class="old-edge" x1={fmt(x)} y1={fmt(y)} x2={fmt(e.points[3].0)} y2={fmt(e.points[3].1)} />
                                    }
                                    <polyline class={classes!("edge", e.swing.is_some().then_some("swing"))} points={pts} pathLength="1" />
                                    if let Some(t) = e.tag {
                                        <g class="ppid0">
                                            { rect_el("tag", &t, t.h / 2.0) }
                                            <text x={fmt(t.x + t.w / 2.0)} y={fmt(t.y + t.h / 2.0 + 4.0)} text-anchor="middle">{ t!(pic_ppid0) }</text>
                                        </g>
                                    }
                                </g>
                            }
                        }) }
                    </g>
                    <g class="signals" aria-hidden="true">
                        { for p.signals.iter().map(|s| html! {
                            <g class={classes!("signal", s.fate)}>
                                <path d={format!("M{} {}Q{} {} {} {}", fmt(s.from.0), fmt(s.from.1), fmt(s.ctrl.0), fmt(s.ctrl.1), fmt(s.to.0), fmt(s.to.1))} pathLength="1" marker-end={format!("url(#{prefix}-arrow)")} />
                                <text x={fmt(s.at.0)} y={fmt(s.at.1 - 6.0)} text-anchor="middle">{ &s.label }</text>
                            </g>
                        }) }
                    </g>
                </g>
                <defs>
                    <marker id={format!("{prefix}-arrow")} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M0 0L10 5L0 10z" />
                    </marker>
                </defs>
            </svg>
            <ul class="legend" aria-label={t!(pic_legend)}>
                { for (0..=max_level).map(|l| html! { <li><span class={classes!("sw", format!("lvl{}", l % 8))}>{ format!(t!(pic_level), l) }</span></li> }) }
                { for LEGEND.iter().map(|&(class, sample, words)| html! { <li><span class={class}>{ sample }</span>{ words }</li> }) }
            </ul>
        </figure>
    }
}

fn fmt(x: f64) -> String {
    Fixed(x, 1).to_string()
}

fn rect_el(class: &'static str, r: &Rect, rx: f64) -> Html {
    html! { <rect class={class} x={fmt(r.x)} y={fmt(r.y)} width={fmt(r.w)} height={fmt(r.h)} rx={fmt(rx)} /> }
}

/// Chips right-aligned in a row ending at `right`, centred on `cy`.
fn chips(list: &[Chip], right: f64, cy: f64) -> Html {
    const W: f64 = 44.0;
    const GAP: f64 = 4.0;
    const H: f64 = 26.0;
    let n = list.len() as f64;
    let x0 = right - n * W - (n - 1.0).max(0.0) * GAP;
    html! {
        { for list.iter().enumerate().map(|(i, c)| {
            let x = x0 + i as f64 * (W + GAP);
            let class = classes!("chip", format!("lvl{}", c.level % 8), c.viewed.then_some("viewed"), c.delay.is_some().then_some("drop"));
            let style = c.delay.map(|d| format!("--d:{d}"));
            html! {
                <g class={class} style={style}>
                    <rect x={fmt(x)} y={fmt(cy - H / 2.0)} width={fmt(W)} height={fmt(H)} rx="6" />
                    <text class="nr" x={fmt(x + 24.0)} y={fmt(cy + 5.0)} text-anchor="end">{ c.nr }</text>
                    <text class="lv" x={fmt(x + 26.0)} y={fmt(cy + 5.0)}>{ format!("L{}", c.level) }</text>
                </g>
            }
        }) }
    }
}

/// The node index of the treeitem an event happened in.
fn item_of(p: &Picture, target: Option<web_sys::EventTarget>) -> Option<usize> {
    let id = target
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("[role=treeitem]").ok().flatten())
        .and_then(|el| el.get_attribute("data-id"))?;
    p.nodes.iter().position(|n| dom_id(n) == id)
}

/// A node, moved into place: drawn in its own coordinates, so a node that only moves
/// changes one attribute and its [`NodeView`] is not re-rendered.
fn node(props: &WorldProps, i: usize, tab_stop: bool) -> Html {
    let n = &props.picture.nodes[i];
    let local = PicNode {
        rect: Rect {
            x: 0.0,
            y: 0.0,
            ..n.rect
        },
        tab: n.tab.map(|t| Rect {
            x: t.x - n.rect.x,
            y: t.y - n.rect.y,
            ..t
        }),
        ..n.clone()
    };
    let selected = matches!(&n.kind, NodeKind::Process { name, .. } if *name == props.selected);
    // The tasks the step ended fall in the order it ended them.
    let style = match n.kind {
        NodeKind::Process { ended: true, fall, .. } if fall > 0 => Some(format!("--i:{fall}")),
        _ => None,
    };
    html! {
        <g key={dom_id(n)} class="pnode-wrap" {style} transform={format!("translate({} {})", fmt(n.rect.x), fmt(n.rect.y))}>
            <NodeView node={Rc::new(local)} prefix={props.prefix.clone()} {tab_stop} {selected} />
        </g>
    }
}

#[derive(Properties)]
struct NodeViewProps {
    node: Rc<PicNode>,
    prefix: AttrValue,
    tab_stop: bool,
    selected: bool,
}

impl PartialEq for NodeViewProps {
    fn eq(&self, o: &Self) -> bool {
        *self.node == *o.node && self.prefix == o.prefix && self.tab_stop == o.tab_stop && self.selected == o.selected
    }
}

#[function_component(NodeView)]
fn node_view(props: &NodeViewProps) -> Html {
    let n = &*props.node;
    let (r, tab, tab_stop) = (n.rect, n.tab, props.tab_stop);
    // The treeitem holds only the node's box; its text is drawn in a sibling layer that
    // assistive technology skips and clicks pass through, so the accessible name is the
    // item's own (its drawn numbers are not a label to match).
    let common = |class: Classes, ink: Html, selected: bool| {
        html! {
            <>
                <g role="treeitem" id={format!("{}-{}", props.prefix, dom_id(n))} data-id={dom_id(n)} tabindex={if tab_stop { "0" } else { "-1" }}
                    aria-level={n.depth.to_string()} aria-label={n.label.clone()} aria-description={n.description.clone()}
                    aria-selected={selected.to_string()} class={class.clone()}>
                    { rect_el("box", &r, 10.0) }
                </g>
                <g class={classes!(class, "ink")} data-for={format!("{}-{}", props.prefix, dom_id(n))} aria-hidden="true">{ ink }</g>
            </>
        }
    };
    match &n.kind {
        NodeKind::More { count, .. } => common(
            classes!("pnode", "more"),
            html! {
                <>
                    <text class="name" x={fmt(r.x + r.w / 2.0)} y={fmt(r.y + 27.0)} text-anchor="middle" aria-hidden="true">{ format!(t!(pic_more_short), count) }</text>
                </>
            },
            false,
        ),
        NodeKind::Process {
            name,
            state,
            chips: list,
            threads,
            dimmed,
            ended,
            fresh,
            next,
            ..
        } => {
            let selected = props.selected;
            let class = classes!(
                "pnode",
                format!("lvl{}", n.level % 8),
                format!("state-{state}"),
                dimmed.then_some("dimmed"),
                ended.then_some("ended"),
                fresh.then_some("fresh"),
                selected.then_some("selected"),
            );
            let name_w = name.chars().count() as f64 * 9.0;
            let tag = (*state != pidns_core::ProcState::Running).then(|| state.name());
            let body = html! {
                <>
                    <text class="name" x={fmt(r.x + 14.0)} y={fmt(r.y + 27.0)}>{ name }</text>
                    if *ended {
                        <line class="strike" x1={fmt(r.x + 12.0)} x2={fmt(r.x + 16.0 + name_w)} y1={fmt(r.y + 22.0)} y2={fmt(r.y + 22.0)} />
                    }
                    if let Some(tag) = tag {
                        <g class="state-tag">
                            <rect x={fmt(r.x + 20.0 + name_w)} y={fmt(r.y + 13.0)} width={fmt(tag.len() as f64 * 7.5 + 12.0)} height="18" rx="9" />
                            <text x={fmt(r.x + 26.0 + name_w)} y={fmt(r.y + 26.0)}>{ tag }</text>
                        </g>
                    }
                    { chips(list, r.right() - 14.0, r.y + 22.0) }
                    { for threads.iter().enumerate().map(|(k, t)| {
                        let y = r.y + 44.0 + k as f64 * 40.0;
                        let row = Rect { x: r.x + 10.0, y, w: r.w - 20.0, h: 34.0 };
                        html! {
                            <g class="thread">
                                { rect_el("tbox", &row, 6.0) }
                                <text class="name" x={fmt(row.x + 12.0)} y={fmt(y + 22.0)}>{ &t.name }</text>
                                <text class="ttag" x={fmt(row.x + 20.0 + t.name.chars().count() as f64 * 9.0)} y={fmt(y + 22.0)}>{ t!(pic_thread_tag) }</text>
                                { chips(&t.chips, row.right() - 4.0, y + 17.0) }
                            </g>
                        }
                    }) }
                    if let (Some(tab), Some(next)) = (tab, next) {
                        <g class="next-tab">
                            { rect_el("tab", &tab, 8.0) }
                            <text x={fmt(tab.x + tab.w / 2.0)} y={fmt(tab.y + tab.h / 2.0 + 4.0)} text-anchor="middle">{ next }</text>
                        </g>
                    }
                </>
            };
            common(class, body, selected)
        }
    }
}
