//! The outline of a laid-out subtree: for every height `y`, the leftmost and rightmost
//! x it occupies, as a piecewise-constant function of `y`. Siblings are placed by
//! comparing the right outline of those already placed with the left outline of the
//! next one, at every height where both have something (a tidy tree with contours).

/// One band of an outline: from the previous band's end (or [`Contour::y0`]) to `y1`,
/// the subtree occupies `l..r`. A gap is `l = +inf, r = -inf`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Seg {
    y1: f64,
    l: f64,
    r: f64,
}

/// A subtree's outline, relative to its root (centre x, top y of the root's node).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Contour {
    y0: f64,
    segs: Vec<Seg>,
}

const GAP: (f64, f64) = (f64::INFINITY, f64::NEG_INFINITY);

/// A reading head on a contour shifted by `(dx, dy)`.
struct Cur<'a> {
    c: &'a Contour,
    dx: f64,
    dy: f64,
    i: usize,
}

impl Cur<'_> {
    /// The span at height `y` and the height where it next changes (always `> y`).
    /// Heights must be asked in increasing order.
    fn at(&mut self, y: f64) -> (f64, f64, f64) {
        let start = self.c.y0 + self.dy;
        if y < start {
            return (GAP.0, GAP.1, start);
        }
        while self.i < self.c.segs.len() && self.c.segs[self.i].y1 + self.dy <= y {
            self.i += 1;
        }
        match self.c.segs.get(self.i) {
            Some(s) => (s.l + self.dx, s.r + self.dx, s.y1 + self.dy),
            None => (GAP.0, GAP.1, f64::INFINITY),
        }
    }
}

impl Contour {
    /// A rectangle `l..r` from `y0` to `y1`.
    pub(crate) fn block(y0: f64, y1: f64, l: f64, r: f64) -> Self {
        Contour {
            y0,
            segs: vec![Seg { y1, l, r }],
        }
    }

    fn end(&self) -> f64 {
        self.segs.last().map_or(self.y0, |s| s.y1)
    }

    /// Walks `a` shifted by `ao` and `b` shifted by `bo` together, calling `f(y0, y1, a span, b span)`
    /// for every band where neither changes.
    fn zip(
        a: &Contour,
        ao: (f64, f64),
        b: &Contour,
        bo: (f64, f64),
        mut f: impl FnMut(f64, f64, (f64, f64), (f64, f64)),
    ) {
        let mut ca = Cur {
            c: a,
            dx: ao.0,
            dy: ao.1,
            i: 0,
        };
        let mut cb = Cur {
            c: b,
            dx: bo.0,
            dy: bo.1,
            i: 0,
        };
        let end = (a.end() + ao.1).max(b.end() + bo.1);
        let mut y = (a.y0 + ao.1).min(b.y0 + bo.1);
        while y < end {
            let (al, ar, an) = ca.at(y);
            let (bl, br, bn) = cb.at(y);
            let y1 = an.min(bn).min(end);
            f(y, y1, (al, ar), (bl, br));
            y = y1;
        }
    }

    /// How far right `b` must move so that it lies right of `self` at every shared height:
    /// `max(self.r(y) - b.l(y))`, or `None` if they share no height.
    pub(crate) fn sep(&self, b: &Contour) -> Option<f64> {
        let mut best: Option<f64> = None;
        Self::zip(self, (0.0, 0.0), b, (0.0, 0.0), |_, _, (_, ar), (bl, _)| {
            if ar.is_finite() && bl.is_finite() {
                let d = ar - bl;
                best = Some(best.map_or(d, |x| x.max(d)));
            }
        });
        best
    }

    /// The union of `self` and `b` shifted by `(dx, dy)`.
    pub(crate) fn union(&self, b: &Contour, dx: f64, dy: f64) -> Contour {
        let mut out = Contour {
            y0: self.y0.min(b.y0 + dy),
            segs: Vec::with_capacity(self.segs.len().max(b.segs.len()) + 1),
        };
        Self::zip(self, (0.0, 0.0), b, (dx, dy), |_, y1, (al, ar), (bl, br)| {
            let (l, r) = (al.min(bl), ar.max(br));
            match out.segs.last_mut() {
                Some(s) if s.l == l && s.r == r => s.y1 = y1,
                _ => out.segs.push(Seg { y1, l, r }),
            }
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separation_is_the_widest_overlap_at_shared_heights() {
        // A wide top, narrow bottom; B narrow top, wide bottom.
        let a = Contour::block(0.0, 10.0, -50.0, 50.0).union(&Contour::block(0.0, 10.0, -5.0, 5.0), 0.0, 10.0);
        let b = Contour::block(0.0, 10.0, -5.0, 5.0).union(&Contour::block(0.0, 10.0, -40.0, 40.0), 0.0, 10.0);
        // Top: 50 - (-5) = 55; bottom: 5 - (-40) = 45.
        assert_eq!(a.sep(&b), Some(55.0));
        // No shared height: no constraint.
        assert_eq!(a.sep(&Contour::block(30.0, 40.0, 0.0, 1.0)), None);
    }

    #[test]
    fn union_keeps_gaps_and_merges_equal_bands() {
        let a = Contour::block(0.0, 10.0, 0.0, 10.0);
        let u = a.union(&Contour::block(0.0, 10.0, 0.0, 10.0), 0.0, 20.0);
        assert_eq!(u.segs.len(), 3);
        assert_eq!(u.segs[1].l, f64::INFINITY);
        let same = a.union(&Contour::block(10.0, 20.0, 0.0, 10.0), 0.0, 0.0);
        assert_eq!(same, Contour::block(0.0, 20.0, 0.0, 10.0));
    }
}
