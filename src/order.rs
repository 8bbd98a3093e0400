//! One small sort for every ordering and de-duplication the crate does.
//!
//! Each `sort_by_key` call site compiles its own copy of the standard library's sort (2–3 KB of
//! .wasm each), and a `HashMap`/`HashSet` brings hashbrown and SipHash (about 5 KB); the needs
//! here are small, so they share one stable merge sort of indices with a `dyn` comparison.

/// `items` reordered by `key`, stably (equal keys keep their original order).
pub fn sorted_by_key<T>(items: Vec<T>, key: impl Fn(&T) -> (usize, usize)) -> Vec<T> {
    let order = permutation(items.iter().map(key).collect());
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// The indices of `keys` in ascending key order, ties by index.
fn permutation(keys: Vec<(usize, usize)>) -> Vec<usize> {
    sorted_indices(keys.len(), &|a, b| keys[a] <= keys[b])
}

/// For each of `keys`, the index of its first occurrence (its own index when it is the first).
pub fn first_indices(keys: &[String]) -> Vec<usize> {
    let order = sorted_indices(keys.len(), &|a, b| keys[a] <= keys[b]);
    let mut first = vec![0; keys.len()];
    let mut run = 0;
    for (k, &i) in order.iter().enumerate() {
        if k == 0 || keys[order[k - 1]] != keys[i] {
            run = i;
        }
        first[i] = run;
    }
    first
}

/// `0..n` sorted stably by `le` (less or equal); not generic, so it is compiled once.
pub fn sorted_indices(n: usize, le: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    let mut buf = v.clone();
    merge_sort(&mut v, &mut buf, le);
    v
}

/// Top-down merge sort of `v`, using `buf` (same length) as scratch space.
fn merge_sort(v: &mut [usize], buf: &mut [usize], le: &dyn Fn(usize, usize) -> bool) {
    let n = v.len();
    if n < 2 {
        return;
    }
    let mid = n / 2;
    merge_sort(&mut v[..mid], &mut buf[..mid], le);
    merge_sort(&mut v[mid..], &mut buf[mid..], le);
    let (mut i, mut j) = (0, mid);
    for slot in buf.iter_mut().take(n) {
        if j >= n || (i < mid && le(v[i], v[j])) {
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

    #[test]
    fn first_occurrences() {
        let keys: Vec<String> = ["b", "a", "b", "c", "a", "b"].map(String::from).to_vec();
        assert_eq!(first_indices(&keys), [0, 1, 0, 3, 1, 0]);
        assert!(first_indices(&[]).is_empty());
    }
}
