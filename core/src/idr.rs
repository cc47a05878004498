//! A namespace's pid number space (`ns->idr`), with the cyclic allocation of
//! `idr_alloc_cyclic` as `alloc_pid` uses it (lib/idr.c, kernel/pid.c).
//!
//! Stored like a two-level radix tree: pages of [`PAGE`] slots made on demand
//! and dropped when empty and behind the cursor, so a namespace whose cursor
//! climbs to `pid_max` through fork/exit cycles stays small, and a full page
//! is skipped in one step when searching for a free number.

use crate::ids::PidId;

const PAGE: usize = 1024;

type Page = Box<[Option<PidId>; PAGE]>;

/// One page of the idr and how many of its numbers are in use.
#[derive(Clone, Debug, Default)]
struct PageSlot {
    page: Option<Page>,
    count: u16,
}

/// Number → pid map with a cursor (`idr_next`), like `struct idr`. Two idrs
/// are equal when they map the same numbers and have the same cursor,
/// however their pages happen to be laid out.
#[derive(Clone, Debug, Default)]
pub struct Idr {
    pages: Vec<PageSlot>,
    cursor: u32,
    len: u32,
}

impl PartialEq for Idr {
    fn eq(&self, other: &Idr) -> bool {
        self.cursor == other.cursor && self.len == other.len && self.iter().eq(other.iter())
    }
}

impl Eq for Idr {}

impl Idr {
    /// `idr_get_cursor`: the next number to try.
    pub fn cursor(&self) -> u32 {
        self.cursor
    }

    /// `idr_set_cursor` (ns_last_pid writes, first-process failure).
    pub fn set_cursor(&mut self, c: u32) {
        let old = self.cursor;
        self.cursor = c;
        self.drop_if_idle(old as usize / PAGE);
    }

    /// How many numbers are in use.
    pub fn len(&self) -> u32 {
        self.len
    }

    /// Whether no number is in use.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// `idr_find`: the pid holding `nr`.
    pub fn find(&self, nr: u32) -> Option<PidId> {
        let (p, o) = (nr as usize / PAGE, nr as usize % PAGE);
        self.pages.get(p)?.page.as_ref()?[o]
    }

    /// `idr_alloc_cyclic(idr, pid, min, max_excl)`: the smallest free number
    /// ≥ max(cursor, min) below `max_excl`, else (if that start was above
    /// `min`) the smallest free one ≥ `min`; the cursor moves past it.
    /// `None` is the idr's `-ENOSPC`.
    pub fn alloc_cyclic(&mut self, pid: PidId, min: u32, max_excl: u32) -> Option<u32> {
        let start = self.cursor.max(min);
        let nr = match self.find_free(start, max_excl) {
            Some(nr) => nr,
            None if start > min => self.find_free(min, max_excl)?,
            None => return None,
        };
        self.insert(nr, pid);
        let old = self.cursor;
        self.cursor = nr + 1;
        if old as usize / PAGE != nr as usize / PAGE {
            self.drop_if_idle(old as usize / PAGE);
        }
        Some(nr)
    }

    /// `idr_alloc(idr, pid, nr, nr + 1)`: takes exactly `nr` if it is free
    /// (false, the idr's `-ENOSPC`, if it is taken). The cursor does not
    /// move: only `idr_alloc_cyclic` moves it.
    pub fn alloc_exact(&mut self, pid: PidId, nr: u32) -> bool {
        if self.find(nr).is_some() {
            return false;
        }
        self.insert(nr, pid);
        true
    }

    /// `idr_remove`: frees `nr`. The cursor does not move back.
    pub fn remove(&mut self, nr: u32) {
        let (p, o) = (nr as usize / PAGE, nr as usize % PAGE);
        if let Some(PageSlot {
            page: Some(page),
            count,
        }) = self.pages.get_mut(p)
        {
            if page[o].take().is_some() {
                *count -= 1;
                self.len -= 1;
                self.drop_if_idle(p);
            }
        }
    }

    /// Numbers in use, ascending, with their pids.
    pub fn iter(&self) -> impl Iterator<Item = (u32, PidId)> + '_ {
        self.pages.iter().enumerate().flat_map(|(p, slot)| {
            slot.page.iter().flat_map(move |page| {
                page.iter()
                    .enumerate()
                    .filter_map(move |(o, s)| s.map(|pid| ((p * PAGE + o) as u32, pid)))
            })
        })
    }

    fn insert(&mut self, nr: u32, pid: PidId) {
        let (p, o) = (nr as usize / PAGE, nr as usize % PAGE);
        if self.pages.len() <= p {
            self.pages.resize_with(p + 1, PageSlot::default);
        }
        let slot = &mut self.pages[p];
        slot.page.get_or_insert_with(|| Box::new([None; PAGE]))[o] = Some(pid);
        slot.count += 1;
        self.len += 1;
    }

    fn find_free(&self, from: u32, max_excl: u32) -> Option<u32> {
        let mut nr = from as usize;
        let end = max_excl as usize;
        while nr < end {
            let (p, o) = (nr / PAGE, nr % PAGE);
            match self.pages.get(p) {
                None | Some(PageSlot { page: None, .. }) => return Some(nr as u32),
                Some(slot) if slot.count as usize == PAGE => nr = (p + 1) * PAGE,
                Some(PageSlot { page: Some(page), .. }) => match page[o..].iter().position(|s| s.is_none()) {
                    Some(i) => return Some((nr + i) as u32).filter(|n| (*n as usize) < end),
                    None => nr = (p + 1) * PAGE,
                },
            }
        }
        None
    }

    fn drop_if_idle(&mut self, p: usize) {
        let cursor_page = self.cursor as usize / PAGE;
        if p != cursor_page {
            if let Some(slot) = self.pages.get_mut(p).filter(|s| s.count == 0) {
                slot.page = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pid(n: u32) -> PidId {
        PidId::new(0, n)
    }

    #[test]
    fn first_number_is_min_then_cursor_climbs() {
        let mut idr = Idr::default();
        assert_eq!(idr.alloc_cyclic(pid(0), 1, 10), Some(1));
        assert_eq!(idr.alloc_cyclic(pid(1), 1, 10), Some(2));
        idr.remove(1);
        assert_eq!(
            idr.alloc_cyclic(pid(2), 1, 10),
            Some(3),
            "freed numbers are not reused before a wrap"
        );
    }

    #[test]
    fn wraps_to_min_and_reports_full() {
        let mut idr = Idr::default();
        for i in 1..5 {
            assert_eq!(idr.alloc_cyclic(pid(i), 1, 5), Some(i));
        }
        assert_eq!(idr.alloc_cyclic(pid(9), 1, 5), None, "1..4 taken, pid_max 5");
        idr.remove(2);
        assert_eq!(idr.alloc_cyclic(pid(9), 1, 5), Some(2), "wraps to the lowest free");
        assert_eq!(idr.cursor(), 3);
    }

    #[test]
    fn skips_full_pages_and_drops_idle_ones() {
        let mut idr = Idr::default();
        for i in 0..(2 * PAGE as u32) {
            assert_eq!(idr.alloc_cyclic(pid(i), 1, 1 << 22), Some(i + 1));
        }
        for i in 1..=(PAGE as u32 + 10) {
            idr.remove(i);
        }
        assert!(
            idr.pages[0].page.is_none(),
            "an empty page behind the cursor is dropped"
        );
        assert_eq!(idr.len(), PAGE as u32 - 10);
        assert_eq!(idr.find(PAGE as u32 + 11), Some(pid(PAGE as u32 + 10)));
        assert_eq!(idr.iter().count(), PAGE - 10);
    }
}
