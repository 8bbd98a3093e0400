//! The scale of the placeholder classes `u0` … `u79` of section bodies (see `estimate`): 0,
//! then 32 growing by 15 % a step. Shared with `build.rs`, which writes each class's value into
//! the stylesheet, so that the markup's classes and the stylesheet's values come from one
//! place.

/// Number of classes `u0` … `u79`: the last stands for 1.58 million characters and more.
pub const BUCKETS: usize = 80;

/// Smallest value of the scale after `u0` (which is 0, an empty body).
pub const FIRST: u64 = 32;

/// The step after `v`: 15 % more, in integer arithmetic.
pub const fn next(v: u64) -> u64 {
    v * 23 / 20
}

/// The value the stylesheet gives class `u{k}`.
pub fn bucket_value(k: usize) -> usize {
    if k == 0 {
        return 0;
    }
    let mut v = FIRST;
    for _ in 1..k {
        v = next(v);
    }
    v as usize
}
