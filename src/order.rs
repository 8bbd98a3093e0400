//! One small sort for every ordering the crate does.
//!
//! Each `sort_by_key` call site compiles its own copy of the standard library's sort (2–3 KB of
//! .wasm each); the orderings here are all "by one or two numbers, ties in the original order",
//! so they share one merge sort over plain number triples instead.

/// `items` reordered by `key`, stably (equal keys keep their original order).
pub fn sorted_by_key<T>(items: Vec<T>, key: impl Fn(&T) -> (usize, usize)) -> Vec<T> {
    let order = permutation(items.iter().map(key).collect());
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// The indices of `keys` in ascending key order, ties by index (not generic: compiled once).
fn permutation(keys: Vec<(usize, usize)>) -> Vec<usize> {
    let mut v: Vec<(usize, usize, usize)> =
        keys.into_iter().enumerate().map(|(i, (a, b))| (a, b, i)).collect();
    let mut buf = v.clone();
    merge_sort(&mut v, &mut buf);
    v.into_iter().map(|(_, _, i)| i).collect()
}

/// Top-down merge sort of `v`, using `buf` (same length) as scratch space.
fn merge_sort(v: &mut [(usize, usize, usize)], buf: &mut [(usize, usize, usize)]) {
    let n = v.len();
    if n < 2 {
        return;
    }
    let mid = n / 2;
    merge_sort(&mut v[..mid], &mut buf[..mid]);
    merge_sort(&mut v[mid..], &mut buf[mid..]);
    let (mut i, mut j) = (0, mid);
    for slot in buf.iter_mut().take(n) {
        if j >= n || (i < mid && v[i] <= v[j]) {
            *slot = v[i];
            i += 1;
        } else {
            *slot = v[j];
            j += 1;
        }
    }
    v.copy_from_slice(&buf[..n]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_standard_stable_sort() {
        let mut seed = 7u64;
        for len in [0, 1, 2, 3, 10, 100, 1000] {
            let items: Vec<(usize, usize, u32)> = (0..len)
                .map(|k| {
                    seed =
                        seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    ((seed >> 33) as usize % 7, (seed >> 40) as usize % 3, k)
                })
                .collect();
            let mut want = items.clone();
            want.sort_by_key(|t| (t.0, t.1));
            assert_eq!(sorted_by_key(items, |t| (t.0, t.1)), want, "{len}");
        }
    }
}
