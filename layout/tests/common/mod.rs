//! Worlds for the tests and the benchmark: the mock-up's, and random ones.
#![allow(dead_code)]

use pidns_layout::{Key, Ns, Proc};

/// A world as the web app would describe it.
#[derive(Clone, Debug, Default)]
pub struct World {
    pub procs: Vec<Proc>,
    pub nss: Vec<Ns>,
    /// Namespace depths, by namespace key (keys are 0, 1, 2, …).
    pub depth: Vec<u16>,
}

impl World {
    /// A world with a top namespace (key 0) and its init (key 1).
    pub fn new() -> World {
        let mut w = World::default();
        w.add_ns(None);
        w.add_proc(None, 0);
        w
    }

    pub fn add_ns(&mut self, parent: Option<Key>) -> Key {
        let key = self.nss.len() as Key;
        let depth = parent.map_or(0, |p| self.depth[p as usize] + 1);
        self.nss.push(Ns {
            key,
            parent,
            label_w: 120.0 + f64::from(depth % 3) * 7.0,
        });
        self.depth.push(depth);
        key
    }

    /// A process with the next key (keys are creation order, from 1).
    pub fn add_proc(&mut self, parent: Option<Key>, ns: Key) -> Key {
        let key = self.procs.len() as Key + 1;
        let level = self.depth.get(ns as usize).copied().unwrap_or(0);
        self.procs.push(Proc {
            key,
            parent,
            ns,
            chips: level + 1,
            name_chars: 3 + (key % 7) as u16,
            threads: 0,
            next_tab: false,
        });
        key
    }

    pub fn proc_mut(&mut self, key: Key) -> &mut Proc {
        &mut self.procs[key as usize - 1]
    }

    /// Whether namespace `a` is `b` or an ancestor of it.
    pub fn ns_anc_or_eq(&self, a: Key, b: Key) -> bool {
        let mut x = Some(b);
        while let Some(k) = x {
            if k == a {
                return true;
            }
            x = self.nss[k as usize].parent;
        }
        false
    }

    /// The mock-up's world (`/work/shared/design/README.md`).
    pub fn mockup() -> World {
        let mut w = World::new(); // init = 1
        let shell = w.add_proc(Some(1), 0);
        w.proc_mut(shell).next_tab = true;
        let l1 = w.add_ns(Some(0));
        let boot = w.add_proc(Some(shell), l1);
        let worker = w.add_proc(Some(boot), l1);
        let _second = w.add_proc(Some(shell), l1);
        let l2 = w.add_ns(Some(l1));
        let bx = w.add_proc(Some(boot), l2);
        w.proc_mut(bx).threads = 1;
        let _job = w.add_proc(Some(bx), l2);
        let _ = worker;
        let _cron = w.add_proc(Some(1), 0);
        w
    }

    /// A random world of `n` processes and namespaces up to `levels` deep: forks mostly, some
    /// `clone(CLONE_NEWPID)`/unshare children in a new namespace, some setns- or
    /// CLONE_PARENT-style children in an existing deeper namespace (which split it in pieces),
    /// some threads and "next children" tabs.
    pub fn random(seed: u64, n: usize, levels: u16) -> World {
        let mut rng = XorShift(seed.max(1));
        let mut w = World::new();
        let mut deepest = 1; // the last process made in the deepest namespace so far
        for _ in 1..n {
            let len = w.procs.len() as u64;
            let parent = match rng.below(10) {
                0..=3 => rng.below(len) + 1,
                4..=8 => len - rng.below(len.min(20)),
                _ => deepest,
            };
            let pns = w.procs[parent as usize - 1].ns;
            let roll = rng.below(100);
            let ns = if roll < 6 && w.depth[pns as usize] + 1 < levels {
                w.add_ns(Some(pns))
            } else if roll < 10 {
                // setns / CLONE_PARENT: any namespace at or below the parent's.
                let below: Vec<Key> = (0..w.nss.len() as Key).filter(|&k| w.ns_anc_or_eq(pns, k)).collect();
                below[rng.below(below.len() as u64) as usize]
            } else {
                pns
            };
            let k = w.add_proc(Some(parent), ns);
            if w.depth[ns as usize] >= w.depth[w.procs[deepest as usize - 1].ns as usize] {
                deepest = k;
            }
            if rng.below(8) == 0 {
                w.proc_mut(k).threads = 1 + rng.below(2) as u16;
            }
            if rng.below(10) == 0 {
                w.proc_mut(k).next_tab = true;
            }
        }
        w
    }
}

/// A tiny deterministic generator (xorshift64).
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
}
