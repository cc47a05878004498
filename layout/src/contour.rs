//! The outline of a laid-out subtree: for every height `y`, the leftmost and rightmost
//! x it occupies, as a piecewise-constant function of `y`. Siblings are placed by
//! comparing the right outline of those already placed with the left outline of the
//! next one, at every height where both have something (a tidy tree with contours).
//!
//! Bands are stored deepest first with a lazy offset, so moving an outline is O(1) and
//! merging two costs the bands of the shallower one plus the deeper one's bands above
//! it, not a copy of the deeper one: the whole tree is laid out in about linear time.

/// One band of an outline: from `y0` down to the next deeper band's `y0` (or the outline's
/// bottom), the subtree occupies `l..r`. A gap is `l = +inf, r = -inf`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Seg {
    y0: f64,
    l: f64,
    r: f64,
}

/// A subtree's outline, relative to its root (centre x, top y of the root's node).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Contour {
    /// Offset to add to every stored x and y.
    dx: f64,
    dy: f64,
    /// Stored bottom of the deepest band.
    bottom: f64,
    /// Bands, deepest first (decreasing `y0`).
    segs: Vec<Seg>,
}

const GAP: (f64, f64) = (f64::INFINITY, f64::NEG_INFINITY);

/// Buffers reused across merges.
#[derive(Default)]
pub(crate) struct Scratch {
    upper: Vec<Seg>,
    merged: Vec<(f64, (f64, f64))>,
}

/// A reading head going down a contour.
struct Cur<'a> {
    c: &'a Contour,
    /// Bands not yet passed: the current one is `segs[i - 1]`.
    i: usize,
}

impl Cur<'_> {
    fn new(c: &Contour) -> Cur<'_> {
        Cur { c, i: c.segs.len() }
    }

    /// Bottom of band `k`, offset.
    fn end(&self, k: usize) -> f64 {
        (if k == 0 { self.c.bottom } else { self.c.segs[k - 1].y0 }) + self.c.dy
    }

    /// The span at height `y` and the height where it next changes (always `> y`).
    /// Heights must be asked in increasing order.
    fn at(&mut self, y: f64) -> (f64, f64, f64) {
        let top = self.c.top();
        if y < top {
            return (GAP.0, GAP.1, top);
        }
        while self.i > 0 && self.end(self.i - 1) <= y {
            self.i -= 1;
        }
        match self.i.checked_sub(1).map(|k| (k, self.c.segs[k])) {
            Some((k, s)) => (s.l + self.c.dx, s.r + self.c.dx, self.end(k)),
            None => (GAP.0, GAP.1, f64::INFINITY),
        }
    }
}

/// Walks `a` and `b` together from the top of either down to `end`, calling
/// `f(y1, a span, b span)` for every band `..y1` where neither changes.
fn zip(a: &Contour, b: &Contour, end: f64, mut f: impl FnMut(f64, (f64, f64), (f64, f64))) {
    let (mut ca, mut cb) = (Cur::new(a), Cur::new(b));
    let mut y = a.top().min(b.top());
    while y < end {
        let (al, ar, an) = ca.at(y);
        let (bl, br, bn) = cb.at(y);
        let y1 = an.min(bn).min(end);
        f(y1, (al, ar), (bl, br));
        y = y1;
    }
}

impl Contour {
    /// A rectangle `l..r` from `y0` to `y1`.
    pub(crate) fn block(y0: f64, y1: f64, l: f64, r: f64) -> Self {
        Contour {
            dx: 0.0,
            dy: 0.0,
            bottom: y1,
            segs: vec![Seg { y0, l, r }],
        }
    }

    fn top(&self) -> f64 {
        self.segs.last().map_or(self.bottom, |s| s.y0) + self.dy
    }

    fn bot(&self) -> f64 {
        self.bottom + self.dy
    }

    /// Moves the outline by `(dx, dy)`.
    pub(crate) fn shift(&mut self, dx: f64, dy: f64) {
        self.dx += dx;
        self.dy += dy;
    }

    /// How far right `b` must move so that it lies right of `self` at every shared height:
    /// `max(self.r(y) - b.l(y))`, or `None` if they share no height.
    pub(crate) fn sep(&self, b: &Contour) -> Option<f64> {
        let mut best: Option<f64> = None;
        zip(self, b, self.bot().min(b.bot()), |_, (_, ar), (bl, _)| {
            if ar.is_finite() && bl.is_finite() {
                let d = ar - bl;
                best = Some(best.map_or(d, |x| x.max(d)));
            }
        });
        best
    }

    /// Pushes a band above the current top (in offset coordinates), merging equal neighbours.
    fn push_above(&mut self, y0: f64, (l, r): (f64, f64)) {
        let s = Seg {
            y0: y0 - self.dy,
            l: l - self.dx,
            r: r - self.dx,
        };
        match self.segs.last_mut() {
            Some(last) if last.l == s.l && last.r == s.r => last.y0 = s.y0,
            _ => self.segs.push(s),
        }
    }

    /// The union of two outlines. Reuses the storage of the one reaching deeper and rewrites only
    /// its bands above the other's bottom.
    pub(crate) fn merge(self, other: Contour, scratch: &mut Scratch) -> Contour {
        if other.segs.is_empty() {
            return self;
        }
        if self.segs.is_empty() {
            return other;
        }
        let (mut deep, shallow) = if self.bot() >= other.bot() {
            (self, other)
        } else {
            (other, self)
        };
        let cut = shallow.bot();
        // Take the deep outline's bands above `cut` (top first), keeping the part of the lowest
        // one that reaches below it.
        let mut upper = std::mem::take(&mut scratch.upper);
        upper.clear();
        while let Some(&s) = deep.segs.last().filter(|s| s.y0 + deep.dy < cut) {
            deep.segs.pop();
            upper.push(s);
        }
        let rest_top = deep.top();
        let upper_bottom = rest_top - deep.dy;
        if let Some(&low) = upper.last() {
            if rest_top > cut {
                deep.segs.push(Seg {
                    y0: cut - deep.dy,
                    ..low
                });
            }
        } else if rest_top > cut {
            deep.push_above(cut, GAP);
        }
        upper.reverse();
        let top = Contour {
            dx: deep.dx,
            dy: deep.dy,
            bottom: upper_bottom,
            segs: upper,
        };
        let merged = &mut scratch.merged;
        merged.clear();
        zip(&top, &shallow, cut, |y1, (al, ar), (bl, br)| {
            merged.push((y1, (al.min(bl), ar.max(br))))
        });
        // `merged` runs top-down by band bottoms; push bottom-up, each band starting at the
        // previous one's bottom.
        let start = top.top().min(shallow.top());
        for k in (0..merged.len()).rev() {
            let y0 = if k == 0 { start } else { merged[k - 1].0 };
            deep.push_above(y0, merged[k].1);
        }
        scratch.upper = top.segs;
        deep
    }

    /// The bands as `(y0, y1, l, r)`, top first (for tests).
    #[cfg(test)]
    fn spans(&self) -> Vec<(f64, f64, f64, f64)> {
        let c = Cur::new(self);
        (0..self.segs.len())
            .rev()
            .map(|k| {
                (
                    self.segs[k].y0 + self.dy,
                    c.end(k),
                    self.segs[k].l + self.dx,
                    self.segs[k].r + self.dx,
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(c: Contour, dx: f64, dy: f64) -> Contour {
        let mut c = c;
        c.shift(dx, dy);
        c
    }

    #[test]
    fn separation_is_the_widest_overlap_at_shared_heights() {
        // A wide top, narrow bottom; B narrow top, wide bottom.
        let a = Contour::block(0.0, 10.0, -50.0, 50.0).merge(
            at(Contour::block(0.0, 10.0, -5.0, 5.0), 0.0, 10.0),
            &mut Scratch::default(),
        );
        let b = Contour::block(0.0, 10.0, -5.0, 5.0).merge(
            at(Contour::block(0.0, 10.0, -40.0, 40.0), 0.0, 10.0),
            &mut Scratch::default(),
        );
        // Top: 50 - (-5) = 55; bottom: 5 - (-40) = 45.
        assert_eq!(a.sep(&b), Some(55.0));
        // No shared height: no constraint.
        assert_eq!(a.sep(&Contour::block(30.0, 40.0, 0.0, 1.0)), None);
    }

    #[test]
    fn merge_keeps_gaps_and_joins_equal_bands() {
        let a = Contour::block(0.0, 10.0, 0.0, 10.0);
        let u = a.clone().merge(
            at(Contour::block(0.0, 10.0, 0.0, 10.0), 0.0, 20.0),
            &mut Scratch::default(),
        );
        let inf = f64::INFINITY;
        assert_eq!(
            u.spans(),
            [(0.0, 10.0, 0.0, 10.0), (10.0, 20.0, inf, -inf), (20.0, 30.0, 0.0, 10.0)]
        );
        let same = a
            .clone()
            .merge(Contour::block(10.0, 20.0, 0.0, 10.0), &mut Scratch::default());
        assert_eq!(same.spans(), [(0.0, 20.0, 0.0, 10.0)]);
        // A short wide outline over the top of a tall narrow one, shifted.
        let tall = at(Contour::block(0.0, 100.0, -1.0, 1.0), 5.0, 0.0);
        let u = tall.merge(Contour::block(-10.0, 20.0, -30.0, 30.0), &mut Scratch::default());
        assert_eq!(u.spans(), [(-10.0, 20.0, -30.0, 30.0), (20.0, 100.0, 4.0, 6.0)]);
    }

    #[test]
    fn merge_matches_a_pointwise_union() {
        // Random staircases against a direct evaluation at many heights.
        let mut s = 88172645463325252u64;
        let mut rnd = |n: u64| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s % n) as f64
        };
        for _ in 0..200 {
            let mut parts = Vec::new();
            let mut c = Contour::default();
            for _ in 0..1 + rnd(6) as usize {
                let (y0, h, l, w) = (rnd(50), 1.0 + rnd(30), rnd(40) - 20.0, 1.0 + rnd(20));
                let (dx, dy) = (rnd(10), rnd(10));
                parts.push((y0 + dy, y0 + h + dy, l + dx, l + w + dx));
                c = c.merge(
                    at(Contour::block(y0, y0 + h, l, l + w), dx, dy),
                    &mut Scratch::default(),
                );
            }
            let spans = c.spans();
            for yi in 0..200 {
                let y = f64::from(yi) * 0.5 + 0.25;
                let want = parts
                    .iter()
                    .filter(|p| p.0 <= y && y < p.1)
                    .fold(GAP, |(l, r), p| (l.min(p.2), r.max(p.3)));
                let got = spans.iter().find(|s| s.0 <= y && y < s.1).map_or(GAP, |s| (s.2, s.3));
                assert_eq!(got, want, "at y {y}: {spans:?} from {parts:?}");
            }
        }
    }
}
