//! "The picture" (issue 16) as plain data: the process tree inside nested pid-namespace
//! regions, built from a `Session` through core's observation functions (`TaskRef`,
//! `World::namespaces`, `World::tasks`) and laid out by `pidns_layout`. No Yew here, so the
//! model is tested natively; `components/world.rs` only draws it.
//!
//! Keys: a process's key is its global pid (root-level number), a namespace's its `NsId` index.

use pidns_core::scenario::Session;
use pidns_core::{Effect, NsId, ProcState, SignalFate, TaskRef};
use pidns_layout::{layout, Item, Key, Layout, Measures, Ns, Proc, Rect};
use std::collections::{HashMap, HashSet};

/// Width of one character of a region label, in pixels (12 px type).
const LABEL_CHAR_W: f64 = 7.0;
/// Padding inside a region label pill, both sides together.
const LABEL_PAD: f64 = 20.0;

/// One pid chip: a task's number at one level.
#[derive(Clone, Debug, PartialEq)]
pub struct Chip {
    /// The level whose number it shows.
    pub level: u32,
    /// The number at that level.
    pub nr: u32,
    /// The chip of the level being viewed (the viewer's level with "view from", else the task's own).
    pub viewed: bool,
    /// For a task the step created: its place in `alloc_pid`'s order (deepest level first, 0).
    pub delay: Option<u32>,
}

/// A thread drawn inside its process's node.
#[derive(Clone, Debug, PartialEq)]
pub struct Thread {
    /// Its name.
    pub name: String,
    /// Its tid chips, as the process's.
    pub chips: Vec<Chip>,
    /// Its tid at every level, root first.
    pub nspid: Vec<u32>,
}

/// What a node draws.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// A process.
    Process {
        /// Its name.
        name: String,
        /// Its state (core's).
        state: ProcState,
        /// The pid chips shown, root first (none when dimmed).
        chips: Vec<Chip>,
        /// Its threads other than the leader, in creation order.
        threads: Vec<Thread>,
        /// Invisible from the "view from" namespace.
        dimmed: bool,
        /// The last step ended it (struck through, for one step).
        ended: bool,
        /// Its place among the tasks the last step ended, in the order of the step's `State`
        /// effects (the members of a zapped namespace fall in turn).
        fall: u32,
        /// The last step created it (its chips drop in).
        fresh: bool,
        /// The label of the "next children" tab, when its children go elsewhere.
        next: Option<String>,
    },
    /// "+K processes": hidden children of the process `parent` (a key), expandable.
    More {
        /// The process whose children it stands for.
        parent: Key,
        /// How many processes it hides.
        count: u32,
    },
}

/// A placed node with its accessible name and description.
#[derive(Clone, Debug, PartialEq)]
pub struct PicNode {
    /// The process's key (global pid), or the "+K" node's parent key.
    pub key: Key,
    /// What it draws.
    pub kind: NodeKind,
    /// Its namespace's level (colour of its border).
    pub level: u32,
    /// The box, threads included.
    pub rect: Rect,
    /// The "next children" tab, if any.
    pub tab: Option<Rect>,
    /// Depth in the process tree, 1 for a root (`aria-level`).
    pub depth: u32,
    /// Accessible name: "boot, pid 3/1, running".
    pub label: String,
    /// Accessible description: its namespace's region name.
    pub description: String,
    /// What a process reaped by the next step is drawn from (a ghost); `None` for "+K".
    pub ghost: Option<Ghost>,
}

/// A process as the picture last drew it: enough to draw it once more, struck through,
/// after the step that reaped it (as the table keeps its row).
#[derive(Clone, Debug, PartialEq)]
pub struct Ghost {
    /// Its name.
    pub name: String,
    /// Its global pid (its key).
    pub key: Key,
    /// Its parent's key.
    pub parent: Option<Key>,
    /// Its namespace's key.
    pub ns: Key,
    /// Its numbers, root first.
    pub nspid: Vec<u32>,
}

/// One rectangle of a namespace's region.
#[derive(Clone, Debug, PartialEq)]
pub struct PicRegion {
    /// The namespace's key.
    pub ns: Key,
    /// Which piece of its namespace (0, 1, … in drawing order).
    pub piece: u32,
    /// The namespace's level (its colour).
    pub level: u32,
    /// The region.
    pub rect: Rect,
    /// Its label pill.
    pub label_rect: Rect,
    /// "level N · init NAME".
    pub label: String,
    /// "pid namespace level N, init NAME" (the group's accessible name).
    pub name: String,
    /// The namespace is dead.
    pub dead: bool,
    /// The last step began `zap_pid_ns_processes` on it: its init died (the region flashes).
    pub zap: bool,
    /// The enclosing piece (an index into [`Picture::regions`]), if any.
    pub parent: Option<usize>,
}

/// A parent → child edge.
#[derive(Clone, Debug, PartialEq)]
pub struct PicEdge {
    /// Index of the parent node.
    pub from: usize,
    /// Index of the child node.
    pub to: usize,
    /// The polyline's points: down, across at the elbow, down.
    pub points: [(f64, f64); 4],
    /// Where "ppid 0" is drawn: the child's parent is outside the child's namespace.
    pub tag: Option<Rect>,
    /// The last step reparented the child: its old parent's bottom centre, where the edge
    /// swings from.
    pub swing: Option<(f64, f64)>,
}

/// A signal the last step sent: an arrow from the sender's box to the target's.
#[derive(Clone, Debug, PartialEq)]
pub struct PicSignal {
    /// Where the arrow starts (on the sender's border).
    pub from: (f64, f64),
    /// Where it ends (on the target's border).
    pub to: (f64, f64),
    /// The control point of its curve: level with the upper end, above (or below) the
    /// lower one, so that the arrow passes beside the processes between them rather than
    /// through them.
    pub ctrl: (f64, f64),
    /// Where its label goes (on the curve, near the lower end).
    pub at: (f64, f64),
    /// "SIGTERM: ignored by the namespace's init".
    pub label: String,
    /// Its fate as a class name: `delivered`, `refused` (ignored, by an init or not) or `forced`.
    pub fate: &'static str,
}

/// The picture of a session.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Picture {
    /// Nodes, in layout order (breadth first).
    pub nodes: Vec<PicNode>,
    /// Regions, outer first.
    pub regions: Vec<PicRegion>,
    /// Edges.
    pub edges: Vec<PicEdge>,
    /// The signals the last step sent (a few at most).
    pub signals: Vec<PicSignal>,
    /// Node indices in tree order (depth first, children left to right): the keyboard's order.
    pub order: Vec<usize>,
    /// Each node's parent node index.
    pub parent: Vec<Option<usize>>,
    /// The innermost region piece holding each node.
    pub region_of: Vec<Option<usize>>,
    /// Everything drawn.
    pub bounds: Rect,
}

/// At most this many signal arrows are drawn for one step (a zap sends one per member).
const MAX_SIGNALS: usize = 6;

/// What a laid-out process key is drawn from.
#[derive(Clone, Copy)]
enum Drawn<'a> {
    /// A process of the session.
    Live(TaskRef<'a>),
    /// A process the last step reaped, as the picture before it drew it.
    Ghost(&'a Ghost),
}

/// The entry of `v` for a namespace key (namespace keys are indices).
fn at<T>(v: &[T], key: Key) -> Option<&T> {
    usize::try_from(key).ok().and_then(|i| v.get(i))
}

fn centre(r: &Rect) -> (f64, f64) {
    (r.x + r.w / 2.0, r.y + r.h / 2.0)
}

/// Where the segment from `c` (the centre of `r`) towards `p` leaves `r`.
fn border(r: &Rect, c: (f64, f64), p: (f64, f64)) -> (f64, f64) {
    let (dx, dy) = (p.0 - c.0, p.1 - c.1);
    let t = [(r.w / 2.0, dx), (r.h / 2.0, dy)]
        .iter()
        .filter(|(_, d)| d.abs() > f64::EPSILON)
        .map(|(half, d)| half / d.abs())
        .fold(1.0_f64, f64::min);
    (c.0 + dx * t, c.1 + dy * t)
}

/// What the picture is drawn for besides the session.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options<'a> {
    /// "View from": the process whose namespace looks.
    pub view_from: Option<&'a str>,
    /// Processes (keys) whose collapsed children are shown.
    pub expanded: &'a [Key],
    /// The last step's effects (created task's `alloc_pid` order).
    pub effects: &'a [Effect<String>],
    /// Tasks the last step ended.
    pub ended: &'a [String],
    /// The task the last step created.
    pub fresh: Option<&'a str>,
    /// Processes the last step ended and reaped, as the picture before it drew them.
    pub ghosts: &'a [Ghost],
}

/// The group name of a namespace's region: "pid namespace level N, init NAME".
pub fn region_name(level: u32, init: Option<&str>) -> String {
    match init {
        Some(i) => format!(t!(pic_region_name_init), level = level, i = i),
        None => format!(t!(pic_region_name), level = level),
    }
}

/// The label pill of a namespace's region: "level N · init NAME".
pub fn region_label(level: u32, init: Option<&str>, dead: bool) -> String {
    let mut s = format!("level {level}");
    if let Some(i) = init {
        s += &format!(t!(init), i = i);
    }
    if dead {
        s += t!(dead);
    }
    s
}

/// A process's accessible name: "boot, pid 3/1, running".
fn node_label(name: &str, nspid: &[u32], state: ProcState) -> String {
    format!(
        t!(pic_node_label),
        name = name,
        nspid = crate::view::format_nspid(nspid),
        state = state.name()
    )
}

/// The ghosts of the processes named in `gone` (ended and reaped by the last step), as
/// `before` (the picture one step earlier) drew them.
pub fn ghosts(before: &Picture, gone: &[&str]) -> Vec<Ghost> {
    before
        .nodes
        .iter()
        .filter_map(|n| n.ghost.as_ref())
        .filter(|g| gone.contains(&g.name.as_str()))
        .cloned()
        .collect()
}

/// Builds the picture of `s`.
pub fn picture(s: &Session, o: &Options<'_>) -> Picture {
    let w = s.world();
    let viewer_ns = o.view_from.and_then(|n| s.task(n)).map(|t| t.active_pid_ns());
    let viewer_level = viewer_ns.and_then(|ns| w.pid_namespace(ns)).map(|n| n.level);
    // Namespaces: key, parent, level, init, dead. A namespace's key is its index, so
    // `ns_info` and `nss` are indexed by key.
    let mut ns_info: Vec<(u32, Option<String>, bool)> = Vec::new();
    let mut nss = Vec::new();
    for (id, ns) in w.namespaces() {
        let init = ns.child_reaper.and_then(|t| s.name_of(t)).map(str::to_string);
        let label = region_label(ns.level, init.as_deref(), ns.is_dead());
        nss.push(Ns {
            key: id.index() as Key,
            parent: ns.parent.map(|p| p.index() as Key),
            label_w: label.chars().count() as f64 * LABEL_CHAR_W + LABEL_PAD,
        });
        ns_info.push((ns.level, init, ns.is_dead()));
    }
    let level_of_ns = |ns: NsId| w.pid_namespace(ns).map_or(0, |n| n.level);
    // Processes: thread-group leaders, keyed by global pid.
    let mut procs = Vec::new();
    let mut by_key = HashMap::new();
    for t in w.tasks().filter_map(|t| w.task_ref(t)).filter(|t| !t.is_thread()) {
        let Some(&key) = t.nspid().first() else { continue };
        let name = s.name_of(t.id()).unwrap_or("?");
        let threads = t.threads();
        let longest = threads
            .iter()
            .skip(1)
            .map(|&th| s.name_of(th).map_or(1, |n| n.chars().count() + 7))
            .chain([name.chars().count() + 8])
            .max()
            .unwrap_or(1);
        let ns = t.active_pid_ns();
        procs.push(Proc {
            key: Key::from(key),
            parent: t
                .parent_process()
                .and_then(|p| w.task_ref(p))
                .and_then(|p| p.nspid().first().map(|&k| Key::from(k))),
            ns: ns.index() as Key,
            chips: u16::try_from(t.level() + 1).unwrap_or(u16::MAX),
            name_chars: u16::try_from(longest).unwrap_or(u16::MAX),
            threads: u16::try_from(threads.len().saturating_sub(1)).unwrap_or(u16::MAX),
            next_tab: t.pid_ns_for_children() != ns,
        });
        by_key.insert(Key::from(key), Drawn::Live(t));
    }
    for g in o.ghosts {
        if matches!(by_key.get(&g.key), Some(Drawn::Live(_))) {
            continue;
        }
        procs.push(Proc {
            key: g.key,
            parent: g.parent,
            ns: g.ns,
            chips: u16::try_from(g.nspid.len()).unwrap_or(u16::MAX),
            name_chars: u16::try_from(g.name.chars().count() + 8).unwrap_or(u16::MAX),
            threads: 0,
            next_tab: false,
        });
        by_key.insert(g.key, Drawn::Ghost(g));
    }
    let m = Measures::default();
    let lay: Layout = layout(&procs, &nss, o.expanded, &m);
    let ended: HashSet<&str> = o.ended.iter().map(String::as_str).collect();
    // alloc_pid's order for the task the step created: level → place, deepest first.
    let created_order: Vec<u32> = o
        .effects
        .iter()
        .find_map(|e| match e {
            Effect::TaskCreated { task, upids, .. } if Some(task.as_str()) == o.fresh => Some(upids),
            _ => None,
        })
        .map(|upids| upids.iter().map(|u| level_of_ns(u.ns)).collect())
        .unwrap_or_default();
    // A task's chips from its numbers (root first) and own level; `fresh`: it drops in.
    let chips_of = |nspid: &[u32], own: u32, fresh: bool| -> Vec<Chip> {
        nspid
            .iter()
            .enumerate()
            .map(|(l, &nr)| (l as u32, nr))
            .filter(|&(l, _)| viewer_level.is_none_or(|v| l == v))
            .map(|(level, nr)| Chip {
                level,
                nr,
                viewed: viewer_level.unwrap_or(own) == level,
                delay: if fresh {
                    created_order.iter().position(|&l| l == level).map(|i| i as u32)
                } else {
                    None
                },
            })
            .collect()
    };
    // What the step did, from its effects: the namespaces it zapped, the order it ended tasks in.
    let zapped: Vec<Key> = o
        .effects
        .iter()
        .filter_map(|e| match e {
            Effect::ZapBegins { ns, .. } => Some(ns.index() as Key),
            _ => None,
        })
        .collect();
    let fall: HashMap<&str, usize> = o
        .effects
        .iter()
        .filter_map(Effect::ended)
        .enumerate()
        .map(|(i, t)| (t.as_str(), i))
        .collect();
    let fall_of = |name: &str| fall.get(name).map_or(0, |&i| i as u32);
    let mut regions: Vec<PicRegion> = lay
        .regions
        .iter()
        .map(|r| {
            let (level, init, dead) = at(&ns_info, r.ns).cloned().unwrap_or((r.depth, None, false));
            PicRegion {
                ns: r.ns,
                piece: r.piece,
                level,
                rect: r.rect,
                label_rect: r.label,
                label: region_label(level, init.as_deref(), dead),
                name: region_name(level, init.as_deref()),
                dead,
                zap: zapped.contains(&r.ns),
                parent: None,
            }
        })
        .collect();
    // A piece's parent: the piece of its parent namespace that contains it.
    let mut pieces: Vec<Vec<usize>> = vec![Vec::new(); nss.len()];
    for (i, r) in regions.iter().enumerate() {
        if let Some(p) = usize::try_from(r.ns).ok().and_then(|k| pieces.get_mut(k)) {
            p.push(i);
        }
    }
    let innermost = |ns: Key, rect: &Rect, regions: &[PicRegion]| -> Option<usize> {
        at(&pieces, ns)?
            .iter()
            .copied()
            .find(|&i| regions[i].rect.contains(rect))
    };
    for i in 0..regions.len() {
        let p = at(&nss, regions[i].ns).and_then(|n| n.parent);
        regions[i].parent = p.and_then(|p| innermost(p, &regions[i].rect, &regions));
    }
    let mut nodes = Vec::with_capacity(lay.nodes.len());
    let mut region_of = Vec::with_capacity(lay.nodes.len());
    for n in &lay.nodes {
        region_of.push(n.ns.and_then(|ns| innermost(ns, &n.rect, &regions)));
        let (level, init) =
            n.ns.and_then(|k| at(&ns_info, k))
                .map_or((0, None), |(l, i, _)| (*l, i.clone()));
        let description = region_name(level, init.as_deref());
        let node = |key, kind, label, ghost| PicNode {
            key,
            kind,
            level,
            rect: n.rect,
            tab: n.tab,
            depth: 1,
            label,
            description,
            ghost,
        };
        let (key, kind, label, ghost) = match n.item {
            Item::More { parent, count } => (
                parent,
                NodeKind::More { parent, count },
                format!(t!(pic_more), count),
                None,
            ),
            Item::Process(key) => {
                let drawn = by_key.get(&key).copied();
                let Some(Drawn::Live(t)) = drawn else {
                    // A process the last step ended and reaping removed: drawn once more, struck through.
                    let Some(Drawn::Ghost(g)) = drawn else { continue };
                    let label = node_label(&g.name, &g.nspid, ProcState::Gone) + t!(pic_ended);
                    let kind = NodeKind::Process {
                        name: g.name.clone(),
                        state: ProcState::Gone,
                        chips: chips_of(&g.nspid, level, false),
                        threads: Vec::new(),
                        dimmed: false,
                        ended: true,
                        fall: fall_of(&g.name),
                        fresh: false,
                        next: None,
                    };
                    nodes.push(node(key, kind, label, Some(g.clone())));
                    continue;
                };
                let name = s.name_of(t.id()).unwrap_or("?").to_string();
                let state: ProcState = t.state().into();
                let seen = viewer_ns.map(|ns| t.pid_nr_ns(ns));
                let dimmed = seen == Some(0);
                let fresh = o.fresh == Some(name.as_str());
                let threads: Vec<Thread> = t
                    .threads()
                    .into_iter()
                    .skip(1)
                    .filter_map(|th| w.task_ref(th))
                    .map(|th| {
                        let nspid = th.nspid();
                        Thread {
                            name: s.name_of(th.id()).unwrap_or("?").to_string(),
                            chips: if dimmed {
                                Vec::new()
                            } else {
                                chips_of(&nspid, th.level(), false)
                            },
                            nspid,
                        }
                    })
                    .collect();
                let next = (t.pid_ns_for_children() != t.active_pid_ns())
                    .then(|| format!(t!(pic_next_children), level_of_ns(t.pid_ns_for_children())));
                let mut label = node_label(&name, &t.nspid(), state);
                for th in &threads {
                    label += &format!(t!(pic_thread), th.name, crate::view::format_nspid(&th.nspid));
                }
                if let (Some(seen), Some(v)) = (seen, o.view_from) {
                    label += &if seen == 0 {
                        format!(t!(pic_invisible_from), v)
                    } else {
                        format!(t!(pic_seen_by), seen, v)
                    };
                }
                if let Some(nx) = &next {
                    label += &format!(", {nx}");
                }
                let ended = ended.contains(name.as_str());
                let fall = fall_of(&name);
                if ended {
                    label += t!(pic_ended);
                }
                let chips = if dimmed {
                    Vec::new()
                } else {
                    chips_of(&t.nspid(), t.level(), fresh)
                };
                let ghost = Some(Ghost {
                    name: name.clone(),
                    key,
                    parent: t
                        .parent_process()
                        .and_then(|p| w.task_ref(p))
                        .and_then(|p| p.nspid().first().map(|&k| Key::from(k))),
                    ns: t.active_pid_ns().index() as Key,
                    nspid: t.nspid(),
                });
                (
                    key,
                    NodeKind::Process {
                        name,
                        state,
                        chips,
                        threads,
                        dimmed,
                        ended,
                        fall,
                        fresh,
                        next,
                    },
                    label,
                    ghost,
                )
            }
        };
        nodes.push(node(key, kind, label, ghost));
    }
    // Edges, parents, children and the keyboard's order (layout nodes map 1:1 unless a
    // process vanished, which `continue` above cannot do for a laid-out key).
    let count = nodes.len();
    let index: HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| match &n.kind {
            NodeKind::Process { name, .. } => Some((name.as_str(), i)),
            NodeKind::More { .. } => None,
        })
        .collect();
    let rect_of = |name: &str| index.get(name).map(|&i| nodes[i].rect);
    // Reparented children: their old parent's bottom centre, by the child's node.
    let mut swings: Vec<Option<(f64, f64)>> = vec![None; count];
    for e in o.effects {
        if let Effect::Reparented { task, from, .. } = e {
            if let (Some(&t), Some(f)) = (index.get(task.as_str()), rect_of(from)) {
                swings[t] = Some((f.x + f.w / 2.0, f.bottom()));
            }
        }
    }
    // A zap's SIGKILLs are drawn as its region's flash, not as arrows.
    let signals = o
        .effects
        .iter()
        .take_while(|e| !matches!(e, Effect::ZapBegins { .. }))
        .filter_map(|e| match e {
            Effect::Signal { from, to, sig, fate } if from != to => {
                let (a, b) = (rect_of(from)?, rect_of(to)?);
                let (ca, cb) = (centre(&a), centre(&b));
                let (from, to) = (border(&a, ca, cb), border(&b, cb, ca));
                let (ctrl, t) = if to.1 >= from.1 {
                    ((to.0, from.1), 0.75)
                } else {
                    ((from.0, to.1), 0.25)
                };
                // The quadratic Bézier at t.
                let (u, v, w) = ((1.0 - t) * (1.0 - t), 2.0 * t * (1.0 - t), t * t);
                Some(PicSignal {
                    from,
                    to,
                    ctrl,
                    at: (u * from.0 + v * ctrl.0 + w * to.0, u * from.1 + v * ctrl.1 + w * to.1),
                    label: format!(t!(pic_signal), sig.name(), fate.describe()),
                    fate: match fate {
                        SignalFate::Delivered => "delivered",
                        SignalFate::ForcedFromAncestor => "forced",
                        _ => "refused",
                    },
                })
            }
            _ => None,
        })
        .take(MAX_SIGNALS)
        .collect();
    let mut parent = vec![None; count];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut edges = Vec::with_capacity(lay.edges.len());
    for e in lay.edges.iter().filter(|e| e.from < count && e.to < count) {
        parent[e.to] = Some(e.from);
        children[e.from].push(e.to);
        let (a, b) = (&nodes[e.from], &nodes[e.to]);
        let x1 = a.rect.x + a.rect.w / 2.0;
        let y1 = a.tab.map_or(a.rect.bottom(), |t| t.bottom());
        let x2 = b.rect.x + b.rect.w / 2.0;
        edges.push(PicEdge {
            from: e.from,
            to: e.to,
            points: [(x1, y1), (x1, e.elbow_y), (x2, e.elbow_y), (x2, b.rect.y)],
            tag: e.tag,
            swing: swings[e.to],
        });
    }
    for c in &mut children {
        pidns_core::sort::sort_by(c, |&x, &y| nodes[x].rect.x.total_cmp(&nodes[y].rect.x));
    }
    let mut order = Vec::with_capacity(count);
    let mut stack: Vec<(usize, u32)> = (0..count)
        .filter(|&i| parent[i].is_none())
        .rev()
        .map(|i| (i, 1))
        .collect();
    while let Some((i, d)) = stack.pop() {
        nodes[i].depth = d;
        order.push(i);
        stack.extend(children[i].iter().rev().map(|&c| (c, d + 1)));
    }
    Picture {
        nodes,
        regions,
        edges,
        signals,
        order,
        parent,
        region_of,
        bounds: lay.bounds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pidns_core::scenario::history::History;
    use pidns_core::scenario::parse;

    const MOCKUP: &str = "init fork as shell\nshell unshare newpid\nshell fork as boot\nboot fork as worker\nshell fork as second\nboot clone newpid as box\nbox fork as job\nbox clone thread as t1\nworker exit\ninit fork as cron\n";

    fn history(text: &str) -> History {
        let mut h = History::new(pidns_core::PID_MAX_DEFAULT);
        h.push(parse(text).expect("parses").statements());
        h
    }

    fn node<'p>(p: &'p Picture, name: &str) -> &'p PicNode {
        p.nodes
            .iter()
            .find(|n| matches!(&n.kind, NodeKind::Process { name: x, .. } if x == name))
            .unwrap_or_else(|| panic!("{name} drawn"))
    }

    #[test]
    fn the_mockup_world_has_the_contracts_names_and_nesting() {
        let h = history(MOCKUP);
        let p = picture(h.run(pidns_core::Model::Multilevel).session(), &Options::default());
        assert_eq!(node(&p, "boot").label, "boot, pid 3/1, running");
        assert_eq!(node(&p, "boot").description, "pid namespace level 1, init boot");
        assert_eq!(node(&p, "worker").label, "worker, pid 4/2, zombie");
        assert_eq!(node(&p, "box").label, "box, pid 6/4/1, running, thread t1 tid 8/6/3");
        assert_eq!(node(&p, "box").description, "pid namespace level 2, init box");
        assert_eq!(
            node(&p, "shell").label,
            "shell, pid 2, running, next children → level 1"
        );
        assert!(node(&p, "shell").tab.is_some());
        assert_eq!(node(&p, "job").depth, 5, "init > shell > boot > box > job");
        let names: Vec<&str> = p.regions.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "pid namespace level 0, init init",
                "pid namespace level 1, init boot",
                "pid namespace level 2, init box"
            ]
        );
        assert_eq!(p.regions[1].label, "level 1 · init boot");
        assert_eq!(p.regions[2].parent, Some(1));
        // Every node inside its innermost region, which is its own namespace's.
        for (i, n) in p.nodes.iter().enumerate() {
            let r = p.region_of[i].expect("in a region");
            assert!(p.regions[r].rect.contains(&n.rect));
            assert_eq!(p.regions[r].name, n.description);
        }
        // Tree order is depth first, left to right.
        let order: Vec<&str> = p
            .order
            .iter()
            .filter_map(|&i| match &p.nodes[i].kind {
                NodeKind::Process { name, .. } => Some(name.as_str()),
                NodeKind::More { .. } => None,
            })
            .collect();
        assert_eq!(
            order,
            ["init", "shell", "boot", "worker", "box", "job", "second", "cron"]
        );
        // The edge into level 1 says ppid 0; shell → boot crosses, init → cron does not.
        let edge_to = |name: &str| {
            let i = p
                .nodes
                .iter()
                .position(|n| n.label.starts_with(&format!("{name},")))
                .expect("node");
            p.edges.iter().find(|e| e.to == i).expect("edge")
        };
        assert!(edge_to("boot").tag.is_some() && edge_to("box").tag.is_some());
        assert!(edge_to("cron").tag.is_none() && edge_to("job").tag.is_none());
    }

    #[test]
    fn a_setns_child_whose_parent_is_outside_is_tagged_ppid_0() {
        let h = history("init clone newpid as c\nc fork as k\ninit setns c\ninit fork as x\n");
        let p = picture(h.run(pidns_core::Model::Multilevel).session(), &Options::default());
        let i = p.nodes.iter().position(|n| n.label.starts_with("x,")).expect("node");
        let e = p.edges.iter().find(|e| e.to == i).expect("edge");
        assert!(e.tag.is_some(), "{:?}", p.edges);
    }

    #[test]
    fn view_from_box_dims_what_it_cannot_see_and_shows_its_numbers() {
        let h = history(MOCKUP);
        let o = Options {
            view_from: Some("box"),
            ..Options::default()
        };
        let p = picture(h.run(pidns_core::Model::Multilevel).session(), &o);
        let chips = |name: &str| match &node(&p, name).kind {
            NodeKind::Process { chips, dimmed, .. } => (
                *dimmed,
                chips.iter().map(|c| (c.level, c.nr, c.viewed)).collect::<Vec<_>>(),
            ),
            NodeKind::More { .. } => unreachable!(),
        };
        assert_eq!(chips("boot"), (true, vec![]));
        assert_eq!(chips("box"), (false, vec![(2, 1, true)]));
        assert_eq!(chips("job"), (false, vec![(2, 2, true)]));
        assert!(node(&p, "job").label.ends_with(", 2 as seen by box"));
        assert_eq!(
            node(&p, "box").label,
            "box, pid 6/4/1, running, thread t1 tid 8/6/3, 1 as seen by box"
        );
        assert!(node(&p, "init").label.ends_with(", invisible from box"));
    }

    #[test]
    fn a_fork_drops_its_chips_deepest_first_and_an_ended_task_is_marked() {
        let mut h = history(MOCKUP);
        h.push(parse("job fork as new\njob exit\n").expect("parses").statements());
        h.undo();
        let run = h.run(pidns_core::Model::Multilevel);
        let step = run.last_op(h.cursor()).map(|(_, s)| s.clone()).expect("a step");
        let o = Options {
            effects: &step.effects,
            fresh: step.created.as_deref(),
            ..Options::default()
        };
        let p = picture(run.session(), &o);
        let NodeKind::Process { chips, fresh, .. } = &node(&p, "new").kind else {
            unreachable!()
        };
        assert!(fresh);
        let delays: Vec<Option<u32>> = chips.iter().map(|c| c.delay).collect();
        assert_eq!(
            delays,
            [Some(2), Some(1), Some(0)],
            "root first, allocated deepest first"
        );
        h.redo();
        let run = h.run(pidns_core::Model::Multilevel);
        let step = run.last_op(h.cursor()).map(|(_, s)| s.clone()).expect("a step");
        let ended: Vec<String> = step.ended().map(str::to_string).collect();
        let o = Options {
            ended: &ended,
            ..Options::default()
        };
        let p = picture(run.session(), &o);
        assert!(matches!(
            node(&p, "job").kind,
            NodeKind::Process {
                ended: true,
                state: ProcState::Zombie,
                ..
            }
        ));
        assert!(node(&p, "job").label.ends_with(", ended by the last step"));
    }

    #[test]
    fn a_process_the_step_reaped_is_drawn_once_more_as_a_ghost() {
        let mut h = history("init fork as a\na clone newpid as box\nbox fork as x\nbox exit\n");
        h.undo();
        let ml = pidns_core::Model::Multilevel;
        let before = picture(h.run(ml).session(), &Options::default());
        h.redo();
        let ghosts = ghosts(&before, &["x"]);
        let ended = vec!["box".to_string()];
        let o = Options {
            ended: &ended,
            ghosts: &ghosts,
            ..Options::default()
        };
        let p = picture(h.run(ml).session(), &o);
        assert_eq!(node(&p, "x").label, "x, pid 4/2, gone, ended by the last step");
        assert_eq!(
            node(&p, "x").description,
            node(&p, "box").description,
            "in box's namespace"
        );
        assert!(matches!(
            node(&p, "box").kind,
            NodeKind::Process {
                ended: true,
                state: ProcState::Zombie,
                ..
            }
        ));
        let p = picture(h.run(ml).session(), &Options::default());
        assert!(p.nodes.iter().all(|n| !n.label.starts_with("x,")), "one step only");
    }

    /// The picture of the session after `more` runs on `text`, with the last step's effects.
    fn after(text: &str, more: &str) -> Picture {
        let mut h = history(text);
        h.push(parse(more).expect("parses").statements());
        let run = h.run(pidns_core::Model::Multilevel);
        let step = run.last_op(h.cursor()).map(|(_, s)| s.clone()).expect("a step");
        let ended: Vec<String> = step.ended().map(str::to_string).collect();
        let o = Options {
            effects: &step.effects,
            ended: &ended,
            ..Options::default()
        };
        picture(run.session(), &o)
    }

    #[test]
    fn a_signal_is_an_arrow_from_sender_to_target_with_its_fate() {
        let p = after(MOCKUP, "init kill boot SIGTERM\n");
        assert_eq!(p.signals.len(), 1);
        let s = &p.signals[0];
        assert_eq!(s.label, "SIGTERM: ignored by the namespace's init");
        assert_eq!(s.fate, "refused");
        let (init, boot) = (node(&p, "init").rect, node(&p, "boot").rect);
        assert!(
            (s.from.1 - init.bottom()).abs() < 1e-6,
            "leaves init's box at its bottom"
        );
        assert!((s.to.1 - boot.y).abs() < 1e-6, "enters boot's box at its top");
        let shell = node(&p, "shell").rect;
        let at = Rect {
            x: s.at.0,
            y: s.at.1,
            w: 0.0,
            h: 0.0,
        };
        assert!(!shell.contains(&at), "labelled beside shell, not on it");
        let up = &after(MOCKUP, "job kill box SIGTERM\n").signals[0];
        assert!(up.to.1 < up.from.1 && up.label.starts_with("SIGTERM: "), "up: {up:?}");
        let p = after(MOCKUP, "init kill boot SIGKILL\n");
        assert_eq!(p.signals.len(), 1, "the zap that follows is a flash, not arrows");
        assert_eq!(p.signals[0].fate, "forced");
        assert!(after(MOCKUP, "init fork as z\n").signals.is_empty());
    }

    #[test]
    fn an_inits_death_flashes_its_region_and_its_members_fall_in_turn() {
        let p = after(MOCKUP, "boot exit\n");
        let zapped: Vec<&str> = p.regions.iter().filter(|r| r.zap).map(|r| r.label.as_str()).collect();
        assert_eq!(zapped.len(), 1);
        assert!(zapped[0].starts_with("level 1"), "{zapped:?}");
        let fall = |name: &str| match node(&p, name).kind {
            NodeKind::Process { fall, ended, .. } => (fall, ended),
            NodeKind::More { .. } => unreachable!(),
        };
        assert!(fall("boot").1 && fall("second").1);
        let turns: Vec<u32> = p
            .nodes
            .iter()
            .filter_map(|n| match n.kind {
                NodeKind::Process { ended: true, fall, .. } => Some(fall),
                _ => None,
            })
            .collect();
        let distinct: HashSet<&u32> = turns.iter().collect();
        assert!(
            turns.len() >= 2 && distinct.len() == turns.len(),
            "each in its own turn: {turns:?}"
        );
    }

    #[test]
    fn a_reparented_child_swings_from_its_old_parent() {
        let p = after("init fork as a\na fork as b\n", "a exit\n");
        let b = p.nodes.iter().position(|n| n.label.starts_with("b,")).expect("b");
        let e = p.edges.iter().find(|e| e.to == b).expect("b's edge");
        assert_eq!(p.nodes[e.from].label.split(',').next(), Some("init"));
        let a = node(&p, "a").rect;
        assert_eq!(e.swing, Some((a.x + a.w / 2.0, a.bottom())));
        assert!(p.edges.iter().filter(|x| x.to != b).all(|x| x.swing.is_none()));
    }

    #[test]
    fn a_large_world_collapses_and_expands() {
        let mut text = String::new();
        for i in 0..400 {
            text += &format!("init fork as p{i}\n");
        }
        let h = history(&text);
        let s = h.run(pidns_core::Model::Multilevel).session();
        let p = picture(s, &Options::default());
        let more = p
            .nodes
            .iter()
            .find(|n| matches!(n.kind, NodeKind::More { .. }))
            .expect("a +K node");
        assert!(more.label.starts_with('+') && more.label.contains("processes"));
        let expanded = [more.key];
        let p = picture(
            s,
            &Options {
                expanded: &expanded,
                ..Options::default()
            },
        );
        assert_eq!(p.nodes.len(), 401);
        assert_eq!(p.order.len(), 401);
    }
}

#[cfg(test)]
mod timing {
    use super::*;
    use pidns_core::scenario::history::History;
    use pidns_core::scenario::parse;

    #[test]
    #[ignore = "a timing probe, run with --release --ignored --nocapture"]
    fn probe() {
        for (n, levels) in [(1000, 1), (10000, 8)] {
            let mut text = String::new();
            let mut parent = "init".to_string();
            for l in 1..=levels {
                text += &format!("{parent} clone newpid as n{l}\n");
                parent = format!("n{l}");
            }
            for i in 0..n {
                text += &format!("n{} fork as q{i}\n", (i % levels) + 1);
            }
            let mut h = History::new(pidns_core::PID_MAX_DEFAULT);
            h.push(parse(&text).expect("parses").statements());
            let s = h.run(pidns_core::Model::Multilevel).session();
            let t = std::time::Instant::now();
            let p = picture(s, &Options::default());
            eprintln!("{n}: {:?} for {} nodes", t.elapsed(), p.nodes.len());
        }
    }
}
