//! Draws a layout as a bare SVG to look at: `cargo run -p pidns-layout --example svg [mockup|SEED N] > x.svg`.

#[path = "../tests/common/mod.rs"]
mod common;

use pidns_layout::{layout, Item, Measures};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let w = match args.as_slice() {
        [seed, n] => common::World::random(seed.parse().unwrap_or(1), n.parse().unwrap_or(100), 8),
        _ => common::World::mockup(),
    };
    let m = Measures {
        collapse_at: 120,
        ..Measures::default()
    };
    let lay = layout(&w.procs, &w.nss, &[], &m);
    let colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9"];
    let b = lay.bounds;
    let scale = (1500.0 / (b.w + 40.0)).min(1.0);
    println!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" font-family="sans-serif" font-size="13">"##,
        (b.w + 40.0) * scale,
        (b.h + 40.0) * scale,
        b.w + 40.0,
        b.h + 40.0
    );
    println!(r##"<rect width="100%" height="100%" fill="white"/><g transform="translate(20,20)">"##);
    for g in &lay.regions {
        let c = colours[g.depth as usize % colours.len()];
        let (r, l) = (g.rect, g.label);
        println!(
            r##"<rect x="{}" y="{}" width="{}" height="{}" rx="18" fill="{c}" fill-opacity="0.08" stroke="{c}" stroke-width="2"/>"##,
            r.x, r.y, r.w, r.h
        );
        println!(
            r##"<rect x="{}" y="{}" width="{}" height="{}" rx="12" fill="{c}"/><text x="{}" y="{}" fill="white">level {} · ns {} #{}</text>"##,
            l.x,
            l.y,
            l.w,
            l.h,
            l.x + 8.0,
            l.y + 17.0,
            g.depth,
            g.ns,
            g.piece
        );
    }
    for e in &lay.edges {
        let (f, t) = (lay.nodes[e.from], lay.nodes[e.to]);
        let (x1, y1) = (f.rect.x + f.rect.w / 2.0, f.tab.map_or(f.rect.bottom(), |t| t.bottom()));
        let (x2, y2) = (t.rect.x + t.rect.w / 2.0, t.rect.y);
        let ym = y1 + m.edge_gap / 2.0;
        println!(r##"<path d="M{x1},{y1} V{ym} H{x2} V{y2}" fill="none" stroke="#8A93A3" stroke-width="1.7"/>"##);
        if let Some(g) = e.tag {
            println!(
                r##"<rect x="{}" y="{}" width="{}" height="{}" rx="12" fill="white" stroke="#555"/><text x="{}" y="{}">ppid 0</text>"##,
                g.x,
                g.y,
                g.w,
                g.h,
                g.x + 10.0,
                g.y + 17.0
            );
        }
    }
    for n in &lay.nodes {
        let r = n.rect;
        let text = match n.item {
            Item::Process(k) => format!("p{k}"),
            Item::More { count, .. } => format!("+{count} processes"),
        };
        println!(
            r##"<rect x="{}" y="{}" width="{}" height="{}" rx="10" fill="white" stroke="#C3CAD4"/><text x="{}" y="{}" font-weight="700">{text}</text>"##,
            r.x,
            r.y,
            r.w,
            r.h,
            r.x + 14.0,
            r.y + 27.0
        );
        if let Some(t) = n.tab {
            println!(
                r##"<rect x="{}" y="{}" width="{}" height="{}" rx="8" fill="#FFF4E0" stroke="#E69F00" stroke-dasharray="5 4"/><text x="{}" y="{}">next children →</text>"##,
                t.x,
                t.y,
                t.w,
                t.h,
                t.x + 10.0,
                t.y + 18.0
            );
        }
    }
    println!("</g></svg>");
}
