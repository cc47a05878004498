//! The geometric rules of the picture, stated as properties and checked on the mock-up's world,
//! random worlds (setns and CLONE_PARENT splits, threads, tabs), large and malformed inputs.

mod common;

use common::{World, XorShift};
use pidns_layout::{layout, Item, Key, Layout, Measures, Ns, Proc, Rect};

/// Rounding slack for the gap checks.
const EPS: f64 = 1e-6;

fn lay(w: &World, m: &Measures) -> Layout {
    layout(&w.procs, &w.nss, &[], m)
}

fn unlimited() -> Measures {
    Measures {
        collapse_at: usize::MAX,
        ..Measures::default()
    }
}

/// Every pair of rectangles in `items` that overlaps (sweep over x).
fn overlapping(items: &[(Rect, &'static str, usize)]) -> Vec<String> {
    let mut v: Vec<&(Rect, &str, usize)> = items.iter().collect();
    v.sort_by(|a, b| a.0.x.total_cmp(&b.0.x));
    let mut bad = Vec::new();
    for i in 0..v.len() {
        for j in i + 1..v.len() {
            if v[j].0.x >= v[i].0.right() {
                break;
            }
            if v[i].0.overlaps(&v[j].0) {
                bad.push(format!(
                    "{} {} overlaps {} {}: {:?} {:?}",
                    v[i].1, v[i].2, v[j].1, v[j].2, v[i].0, v[j].0
                ));
            }
        }
    }
    bad
}

/// Checks every rule on a well-formed world; returns the broken ones.
fn broken_rules(w: &World, lay: &Layout, m: &Measures) -> Vec<String> {
    let mut bad = Vec::new();
    // 1. No node, tab, label or tag overlaps another.
    let mut items = Vec::new();
    for (i, n) in lay.nodes.iter().enumerate() {
        items.push((n.rect, "node", i));
        if let Some(t) = n.tab {
            items.push((t, "tab", i));
        }
    }
    for (i, g) in lay.regions.iter().enumerate() {
        items.push((g.label, "label", i));
    }
    for (i, e) in lay.edges.iter().enumerate() {
        if let Some(t) = e.tag {
            items.push((t, "tag", i));
        }
    }
    bad.extend(overlapping(&items));
    // Everything within the bounds.
    for (r, what, i) in &items {
        if !lay.bounds.contains(r) {
            bad.push(format!("{what} {i} outside the bounds"));
        }
    }

    // 2. A region's label band holds its label and no node or tab.
    for (gi, g) in lay.regions.iter().enumerate() {
        let band = Rect { h: m.pad_top, ..g.rect };
        if !band.contains(&g.label) {
            bad.push(format!("label of region {gi} outside its band"));
        }
        for (ni, n) in lay.nodes.iter().enumerate() {
            if band.overlaps(&n.rect) || n.tab.is_some_and(|t| band.overlaps(&t)) {
                bad.push(format!("node {ni} in the label band of region {gi}"));
            }
        }
        if !lay.bounds.contains(&g.rect) {
            bad.push(format!("region {gi} outside the bounds"));
        }
    }

    // 3. Pieces: overlapping ones nest (outer = strict ancestor namespace, gaps kept); a piece of a
    //    child namespace lies inside a piece of its parent's.
    let nests = |outer: &Rect, inner: &Rect| {
        inner.x - outer.x >= m.nest_gap - EPS
            && outer.right() - inner.right() >= m.nest_gap - EPS
            && inner.y - outer.y >= m.nest_gap - EPS
            && outer.bottom() - inner.bottom() >= m.nest_gap - EPS
    };
    for (i, a) in lay.regions.iter().enumerate() {
        for (j, b) in lay.regions.iter().enumerate().skip(i + 1) {
            if !a.rect.overlaps(&b.rect) {
                continue;
            }
            let ok = if a.ns != b.ns && w.ns_anc_or_eq(a.ns, b.ns) {
                nests(&a.rect, &b.rect)
            } else if a.ns != b.ns && w.ns_anc_or_eq(b.ns, a.ns) {
                nests(&b.rect, &a.rect)
            } else {
                false
            };
            if !ok {
                bad.push(format!(
                    "regions {i} (ns {}) and {j} (ns {}) overlap without nesting",
                    a.ns, b.ns
                ));
            }
        }
        if let Some(p) = w.nss[a.ns as usize].parent {
            if !lay.regions.iter().any(|o| o.ns == p && nests(&o.rect, &a.rect)) {
                bad.push(format!("region {i} (ns {}) is not inside a piece of ns {p}", a.ns));
            }
        }
    }

    // 4. Every node inside a piece of each namespace that sees it, outside all the others.
    for (ni, n) in lay.nodes.iter().enumerate() {
        let parts: Vec<Rect> = std::iter::once(n.rect).chain(n.tab).collect();
        let mut x = n.ns;
        while let Some(ns) = x {
            if !lay
                .regions
                .iter()
                .any(|g| g.ns == ns && parts.iter().all(|p| g.rect.contains(p)))
            {
                bad.push(format!("node {ni} ({:?}) not inside a piece of ns {ns}", n.item));
            }
            x = w.nss[ns as usize].parent;
        }
        for (gi, g) in lay.regions.iter().enumerate() {
            let sees = n.ns.is_some_and(|ns| w.ns_anc_or_eq(g.ns, ns));
            if !sees && parts.iter().any(|p| g.rect.overlaps(p)) {
                bad.push(format!("node {ni} ({:?}) inside region {gi} of ns {}", n.item, g.ns));
            }
        }
    }

    // 5. Edges join a parent to its child, below it; a tag marks exactly the namespace changes.
    for e in &lay.edges {
        let (Some(f), Some(t)) = (lay.nodes.get(e.from), lay.nodes.get(e.to)) else {
            bad.push(format!("edge {e:?} out of range"));
            continue;
        };
        if t.rect.y <= f.rect.bottom() {
            bad.push(format!("edge {e:?} goes up"));
        }
        if e.tag.is_some() != (f.ns != t.ns) {
            bad.push(format!("edge {e:?}: tag and namespace change disagree"));
        }
        // Its three segments, as zero-width rectangles.
        let (fx, tx) = (f.rect.x + f.rect.w / 2.0, t.rect.x + t.rect.w / 2.0);
        let start = f.tab.map_or(f.rect.bottom(), |t| t.bottom());
        let segs = [
            Rect {
                x: fx,
                y: start,
                w: 0.0,
                h: e.elbow_y - start,
            },
            Rect {
                x: fx.min(tx),
                y: e.elbow_y,
                w: (tx - fx).abs(),
                h: 0.0,
            },
            Rect {
                x: tx,
                y: e.elbow_y,
                w: 0.0,
                h: t.rect.y - e.elbow_y,
            },
        ];
        // A segment crosses a rectangle when it passes through its interior.
        let hits = |r: &Rect| {
            segs.iter()
                .any(|s| s.x < r.right() && r.x < s.right() && s.y < r.bottom() && r.y < s.bottom())
        };
        for (r, what, i) in &items {
            let own = (*what == "node" && (*i == e.from || *i == e.to))
                || (*what == "tab" && *i == e.from)
                || (*what == "tag" && lay.edges[*i] == *e);
            if !own && hits(r) {
                bad.push(format!("edge {e:?} crosses {what} {i}"));
            }
        }
        for (gi, g) in lay.regions.iter().enumerate() {
            if hits(&g.rect) && !g.rect.contains(&t.rect) && !g.rect.contains(&f.rect) {
                bad.push(format!("edge {e:?} crosses region {gi}"));
            }
        }
    }
    bad
}

fn assert_rules(w: &World, m: &Measures) -> Layout {
    let lay = lay(w, m);
    let bad = broken_rules(w, &lay, m);
    assert!(
        bad.is_empty(),
        "{} broken rules, first: {:#?}",
        bad.len(),
        &bad[..bad.len().min(10)]
    );
    lay
}

fn key_of(n: &pidns_layout::Node) -> Option<Key> {
    match n.item {
        Item::Process(k) => Some(k),
        Item::More { .. } => None,
    }
}

fn rect_of(lay: &Layout, key: Key) -> Rect {
    lay.nodes
        .iter()
        .find(|n| key_of(n) == Some(key))
        .map(|n| n.rect)
        .expect("node")
}

#[test]
fn mockup_world_follows_the_rules_and_the_mockup_shape() {
    let w = World::mockup();
    let lay = assert_rules(&w, &Measures::default());
    assert_eq!(lay.nodes.len(), 8);
    assert_eq!(lay.edges.len(), 7);
    // One piece per namespace, outer first: level 0, level 1, level 2.
    let r: Vec<(Key, u32)> = lay.regions.iter().map(|g| (g.ns, g.depth)).collect();
    assert_eq!(r, [(0, 0), (1, 1), (2, 2)]);
    // "ppid 0" on shell → boot, shell → second, boot → box.
    let tags: Vec<(usize, usize)> = lay
        .edges
        .iter()
        .filter(|e| e.tag.is_some())
        .map(|e| (e.from, e.to))
        .collect();
    assert_eq!(tags.len(), 3);
    // init is centred over shell and cron; rows go down; box is taller for its thread.
    let (init, shell, cron) = (rect_of(&lay, 1), rect_of(&lay, 2), rect_of(&lay, 8));
    let c = |r: Rect| r.x + r.w / 2.0;
    assert!((c(init) - (c(shell) + c(cron)) / 2.0).abs() < EPS);
    assert_eq!(shell.y, cron.y);
    assert!(rect_of(&lay, 3).y > shell.bottom());
    assert_eq!(rect_of(&lay, 6).h, 84.0);
    // boot and worker's siblings share rows with box.
    assert_eq!(rect_of(&lay, 4).y, rect_of(&lay, 6).y);
}

#[test]
fn same_input_same_picture_whatever_the_order() {
    let w = World::random(7, 600, 8);
    let a = lay(&w, &Measures::default());
    assert_eq!(a, lay(&w, &Measures::default()));
    let mut shuffled = w.clone();
    shuffled.procs.reverse();
    shuffled.nss.reverse();
    let b = layout(&shuffled.procs, &shuffled.nss, &[], &Measures::default());
    assert_eq!(a.nodes, b.nodes);
    assert_eq!(a.edges.len(), b.edges.len());
}

#[test]
fn random_worlds_follow_the_rules() {
    for seed in 1..=60u64 {
        let n = 2 + (seed as usize * 37) % 300;
        let w = World::random(seed, n, 8);
        let lay = lay(&w, &unlimited());
        let bad = broken_rules(&w, &lay, &unlimited());
        assert!(bad.is_empty(), "seed {seed}, n {n}: {:#?}", &bad[..bad.len().min(10)]);
        assert_eq!(lay.nodes.len(), n);
    }
}

#[test]
fn a_large_random_world_follows_the_rules() {
    let w = World::random(99, 3000, 8);
    let lay = assert_rules(&w, &unlimited());
    assert_eq!(lay.nodes.len(), 3000);
    assert!(lay.regions.iter().map(|g| g.depth).max() >= Some(6));
}

#[test]
fn split_namespaces_get_one_piece_per_subtree() {
    // init (ns 0) → a (ns 1) and, CLONE_PARENT-style, b (ns 1) a sibling: two pieces of ns 1.
    let mut w = World::new();
    let l1 = w.add_ns(Some(0));
    let a = w.add_proc(Some(1), l1);
    w.add_proc(Some(1), 0);
    let b = w.add_proc(Some(1), l1);
    w.add_proc(Some(a), l1);
    // setns into a deeper namespace from outside it: c (ns 2, a child of ns 1) under init.
    let l2 = w.add_ns(Some(l1));
    let c = w.add_proc(Some(1), l2);
    w.add_proc(Some(b), l2);
    let lay = assert_rules(&w, &Measures::default());
    let pieces = |ns| lay.regions.iter().filter(|g| g.ns == ns).count();
    // b and c are adjacent children of init entering ns 1: they share its second piece.
    assert_eq!((pieces(0), pieces(l1), pieces(l2)), (1, 2, 2));
    // c opened ns 1 and ns 2 at once: both pieces carry a label, the edge one tag.
    let ci = lay.nodes.iter().position(|n| key_of(n) == Some(c)).expect("c");
    let e = lay.edges.iter().find(|e| e.to == ci).expect("edge to c");
    assert!(e.tag.is_some());
}

#[test]
fn adding_a_leaf_moves_little() {
    let m = unlimited();
    let (mut moved_total, mut nodes_total, mut left_total, mut left_moved) = (0, 0, 0, 0);
    for seed in 1..=40u64 {
        let w = World::random(seed, 200, 8);
        let before = lay(&w, &m);
        let mut rng = XorShift(seed * 7919);
        let mut w2 = w.clone();
        let parent = rng.below(w.procs.len() as u64) + 1;
        let pns = w.procs[parent as usize - 1].ns;
        let leaf = w2.add_proc(Some(parent), pns);
        let after = lay(&w2, &m);
        assert!(broken_rules(&w2, &after, &m).is_empty());

        // Ancestors of the leaf.
        let mut anc = vec![];
        let mut x = Some(parent);
        while let Some(k) = x {
            anc.push(k);
            x = w.procs[k as usize - 1].parent;
        }
        let pos = |lay: &Layout| -> Vec<(f64, f64)> {
            let mut v = vec![(0.0, 0.0); w2.procs.len() + 1];
            for n in &lay.nodes {
                if let Some(k) = key_of(n) {
                    v[k as usize] = (n.rect.x, n.rect.y);
                }
            }
            v
        };
        let (p0, p1) = (pos(&before), pos(&after));
        // A subtree that does not hold the leaf is only translated: each node keeps its offset to
        // its parent unless that parent is an ancestor of the leaf.
        for p in &w.procs {
            let Some(par) = p.parent else { continue };
            if anc.contains(&par) {
                continue;
            }
            let d0 = (
                p0[p.key as usize].0 - p0[par as usize].0,
                p0[p.key as usize].1 - p0[par as usize].1,
            );
            let d1 = (
                p1[p.key as usize].0 - p1[par as usize].0,
                p1[p.key as usize].1 - p1[par as usize].1,
            );
            assert_eq!(d0, d1, "seed {seed}: {} moved within its parent {par}'s subtree", p.key);
        }
        // A leaf in its parent's namespace moves nothing vertically.
        for k in 1..=w.procs.len() {
            assert_eq!(p0[k].1, p1[k].1, "seed {seed}: {k} moved vertically");
        }
        let moved = (1..=w.procs.len()).filter(|&k| (p0[k].0 - p1[k].0).abs() > EPS).count();
        // Nodes before the leaf in depth-first order, not its ancestors.
        let mut pre = vec![];
        let mut stack = vec![1u64];
        while let Some(k) = stack.pop() {
            pre.push(k);
            let mut kids: Vec<Key> = w2.procs.iter().filter(|p| p.parent == Some(k)).map(|p| p.key).collect();
            kids.reverse();
            stack.extend(kids);
        }
        let at = pre.iter().position(|&k| k == leaf).unwrap_or(pre.len());
        let left: Vec<Key> = pre[..at].iter().copied().filter(|k| !anc.contains(k)).collect();
        let lm = left
            .iter()
            .filter(|&&k| (p0[k as usize].0 - p1[k as usize].0).abs() > EPS)
            .count();
        left_total += left.len();
        left_moved += lm;
        moved_total += moved;
        nodes_total += w.procs.len();
    }
    // Nodes left of the insertion path keep their place (a node's row is reserved from above the
    // end of its first-child chain); the rare exception is a region label kept clear of an entering
    // edge that moved. Measured: 2 of 4,320.
    eprintln!("adding a leaf moved {moved_total} of {nodes_total} nodes; {left_moved} of the {left_total} on its left");
    assert!(
        left_moved * 200 <= left_total,
        "{left_moved} of {left_total} nodes left of the new leaf moved"
    );
    assert!(
        moved_total * 3 <= nodes_total,
        "{moved_total} of {nodes_total} nodes moved"
    );
}

#[test]
fn large_worlds_collapse_into_counted_groups() {
    let w = World::random(5, 10_000, 8);
    let m = Measures {
        collapse_at: 300,
        ..Measures::default()
    };
    let lay = assert_rules(&w, &m);
    let shown = lay.nodes.iter().filter(|n| key_of(n).is_some()).count();
    let hidden: u64 = lay
        .nodes
        .iter()
        .map(|n| match n.item {
            Item::More { count, .. } => u64::from(count),
            Item::Process(_) => 0,
        })
        .sum();
    assert!(shown <= 300, "{shown} shown");
    assert_eq!(shown as u64 + hidden, 10_000);
    // Expanding the first "+K" shows all the children of its process, and the counts still add up.
    let Some(&Item::More { parent, count }) = lay
        .nodes
        .iter()
        .map(|n| &n.item)
        .find(|i| matches!(i, Item::More { .. }))
    else {
        panic!("nothing collapsed");
    };
    let open = layout(&w.procs, &w.nss, &[parent], &m);
    assert!(broken_rules(&w, &open, &m).is_empty());
    let kids: Vec<Key> = w
        .procs
        .iter()
        .filter(|p| p.parent == Some(parent))
        .map(|p| p.key)
        .collect();
    for k in &kids {
        assert!(
            open.nodes.iter().any(|n| key_of(n) == Some(*k)),
            "child {k} of {parent} not shown"
        );
    }
    assert!(!open
        .nodes
        .iter()
        .any(|n| matches!(n.item, Item::More { parent: p, .. } if p == parent)));
    let shown2 = open.nodes.iter().filter(|n| key_of(n).is_some()).count() as u64;
    let hidden2: u64 = open
        .nodes
        .iter()
        .map(|n| {
            if let Item::More { count, .. } = n.item {
                u64::from(count)
            } else {
                0
            }
        })
        .sum();
    assert_eq!(shown2 + hidden2, 10_000);
    assert!(
        shown2 <= shown as u64 + 300 + kids.len() as u64 && hidden2 < hidden && hidden - hidden2 <= u64::from(count)
    );
}

#[test]
fn malformed_input_never_panics() {
    let p = |key, parent, ns| Proc {
        key,
        parent,
        ns,
        chips: 1,
        name_chars: 4,
        threads: 0,
        next_tab: false,
    };
    let nss = [
        Ns {
            key: 0,
            parent: None,
            label_w: f64::NAN,
        },
        Ns {
            key: 1,
            parent: Some(2),
            label_w: -5.0,
        }, // a namespace cycle 1 ↔ 2
        Ns {
            key: 2,
            parent: Some(1),
            label_w: f64::INFINITY,
        },
        Ns {
            key: 3,
            parent: Some(3),
            label_w: 10.0,
        }, // its own parent
        Ns {
            key: 4,
            parent: Some(77),
            label_w: 10.0,
        }, // unknown parent
        Ns {
            key: 4,
            parent: Some(0),
            label_w: 10.0,
        }, // repeated key
    ];
    let procs = [
        p(1, Some(2), 0), // 1 ↔ 2: a cycle
        p(2, Some(1), 0),
        p(3, Some(3), 1),    // its own parent
        p(4, Some(1000), 2), // unknown parent
        p(5, Some(4), 99),   // unknown namespace under a known one: detached
        p(6, Some(5), 0),    // ns 0 under no namespace
        p(7, Some(4), 0),    // a child in a shallower namespace: detached
        p(7, Some(6), 3),    // repeated key
        p(8, Some(1), 4),
    ];
    let bad = Measures {
        node_h: f64::NAN,
        h_gap: -3.0,
        pad_top: f64::INFINITY,
        collapse_at: 0,
        ..Measures::default()
    };
    let huge = Measures {
        node_h: 1e308,
        char_w: f64::MAX,
        pad_top: 1e308,
        h_gap: 1e308,
        ..Measures::default()
    };
    let w = World::random(3, 200, 8);
    for m in [&bad, &huge] {
        let a = layout(&w.procs, &w.nss, &[], m);
        let count = |n: &pidns_layout::Node| {
            if let Item::More { count, .. } = n.item {
                count
            } else {
                1
            }
        };
        assert_eq!(a.nodes.iter().map(count).sum::<u32>(), 200);
    }
    for m in [Measures::default(), bad, huge] {
        let a = layout(&procs, &nss, &[1, 1, 12345], &m);
        assert_eq!(a, layout(&procs, &nss, &[1, 12345], &m));
        assert!(a
            .nodes
            .iter()
            .all(|n| n.rect.x.is_finite() && n.rect.y.is_finite() && n.rect.w.is_finite()));
        assert!(a.bounds.w.is_finite() && a.bounds.h.is_finite());
        assert!(a.regions.iter().all(|g| g.rect.w.is_finite() && g.rect.h.is_finite()));
    }
    let good = layout(&procs, &nss, &[], &Measures::default());
    assert!(overlapping(
        &good
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.rect, "node", i))
            .collect::<Vec<_>>()
    )
    .is_empty());
    assert_eq!(layout(&[], &[], &[], &Measures::default()), Layout::default());
    assert_eq!(layout(&[], &nss, &[], &Measures::default()).nodes.len(), 0);
}
