//! The one sort of core and the web app. The standard library's sort is
//! generic over the element and the comparison, and each pair costs the wasm
//! ~4 KB of its own copy; here every sort is a stable sort of indices through
//! one comparison type, so the bundle carries a single copy. Same results as
//! `slice::sort_by` / `slice::sort_by_key` (stable: equal elements keep their
//! order), so sorting distinct elements also gives what `sort_unstable` gives.

use std::cmp::Ordering;

/// `0..len` in the order `cmp` (comparing two indices) puts them, equal
/// ones in increasing index order. A bottom-up merge sort: `O(n log n)`
/// comparisons whatever the input, a few hundred bytes of wasm.
fn indices(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut from: Vec<usize> = (0..len).collect();
    let mut to = vec![0; len];
    let mut width = 1;
    while width < len {
        // Merge each pair of neighbouring sorted runs of `width` into `to`.
        let mut lo = 0;
        while lo < len {
            let mid = lo.saturating_add(width).min(len);
            let hi = mid.saturating_add(width).min(len);
            let (mut i, mut j) = (lo, mid);
            for slot in &mut to[lo..hi] {
                // The right run's element goes first only if strictly less: stable.
                if j < hi && (i == mid || cmp(from[j], from[i]) == Ordering::Less) {
                    *slot = from[j];
                    j += 1;
                } else {
                    *slot = from[i];
                    i += 1;
                }
            }
            lo = hi;
        }
        std::mem::swap(&mut from, &mut to);
        width = width.saturating_mul(2);
    }
    from
}

/// Sorts `v` by `cmp`, stably, like `slice::sort_by`.
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let order = indices(v.len(), &|a, b| cmp(&v[a], &v[b]));
    permute(v, &order);
}

/// Sorts `v` by `key`, stably, like `slice::sort_by_key`; each key is
/// computed once (as `slice::sort_by_cached_key` does).
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, key: impl FnMut(&T) -> K) {
    let keys: Vec<K> = v.iter().map(key).collect();
    let order = indices(keys.len(), &|a, b| keys[a].cmp(&keys[b]));
    permute(v, &order);
}

/// Rearranges `v` so that its `i`th element is the old `order[i]`th
/// (`order` is a permutation of `0..v.len()`).
fn permute<T>(v: &mut Vec<T>, order: &[usize]) {
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.iter().filter_map(|&i| slots.get_mut(i).and_then(Option::take)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_sorts_as_the_standard_library_does() {
        let v: Vec<(u8, u32)> = (0..500u32).map(|i| ((i * 7919 % 13) as u8, i)).collect();
        let mut ours = v.clone();
        sort_by_key(&mut ours, |p| p.0);
        let mut std = v.clone();
        std.sort_by_key(|p| p.0);
        assert_eq!(ours, std, "stable by key");
        let mut ours = v.clone();
        sort_by(&mut ours, |a, b| b.0.cmp(&a.0));
        let mut std = v;
        std.sort_by_key(|p| std::cmp::Reverse(p.0));
        assert_eq!(ours, std, "stable by comparison");
        let mut empty: Vec<u8> = Vec::new();
        sort_by_key(&mut empty, |&x| x);
        assert!(empty.is_empty());
    }

    #[test]
    fn every_length_and_mix_of_ties_sorts_as_the_standard_library_does() {
        let mut seed = 1u64;
        for len in (0..70).chain([255, 256, 257, 1000]) {
            for range in [1u64, 3, 1000] {
                let v: Vec<(u64, usize)> = (0..len)
                    .map(|i| {
                        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                        ((seed >> 33) % range, i)
                    })
                    .collect();
                let mut ours = v.clone();
                sort_by_key(&mut ours, |p| p.0);
                let mut std = v;
                std.sort_by_key(|p| p.0);
                assert_eq!(ours, std, "{len} elements, keys below {range}");
            }
        }
    }

    #[test]
    fn indices_are_a_stable_order() {
        let keys = [3, 1, 2, 1, 3];
        assert_eq!(indices(keys.len(), &|a, b| keys[a].cmp(&keys[b])), [1, 3, 2, 0, 4]);
    }
}
