//! How tall a section's body will be, estimated from its text, for the browser's placeholder.
//!
//! The stylesheet lets the browser skip laying out section bodies far from the screen
//! (`content-visibility: auto`); until it lays one out, the body is as tall as its placeholder
//! (`contain-intrinsic-block-size`). With one fixed placeholder for every body, the page of a
//! long report was a fifth of its real height until read through: the scrollbar said little,
//! and a far jump (a deep link, `scrollIntoView`, the End key) landed among placeholders that
//! then grew. The estimate here is in *units*: one unit is a character one em wide, and a
//! body's height is about `units × line-height ÷ characters per line`. The stylesheet knows
//! the characters per line (container queries on the article's width, in em) and the line
//! height; what does not scale with the width (margins, the part-filled last line of each
//! paragraph) is counted as the characters it would be at [`REFERENCE_PER_LINE`] per line.
//!
//! Markup cannot carry a number into CSS without a `style` attribute, which strict pages
//! (`style-src 'self'`) block, so a body gets a class `u0` … from a geometric scale
//! ([`bucket`]) and the stylesheet gives each class its value ([`bucket_value`], from
//! `scale.rs`, which `build.rs` shares to write those rules).

pub use super::scale::bucket_value;
use super::scale::{next, BUCKETS, FIRST};
use crate::report::{BlockKind, Document};

/// Characters per line at which the fixed parts of a block are counted as characters: between
/// a phone's line (about 20) and the measure's (42), so that either errs by a little (under 10 %
/// of a report's height at 390 and 1280 px wide).
pub const REFERENCE_PER_LINE: usize = 30;

/// The text's line height in hundredths of an em (`line-height: 1.85` in the stylesheet).
const LINE: usize = 185;

/// Units for a height that does not scale with the width, in hundredths of an em.
const fn fixed(hundredths_em: usize) -> usize {
    hundredths_em * REFERENCE_PER_LINE / LINE
}

/// The class number for `units`: the step whose value is nearest on the scale's logarithm
/// (within 8 %).
pub fn bucket(units: usize) -> usize {
    if units == 0 {
        return 0;
    }
    // Below the geometric mean of a step and the next, the step is the nearer.
    let square = (units as u64) * (units as u64);
    let mut v = FIRST;
    for k in 1..BUCKETS {
        if square <= v * next(v) {
            return k;
        }
        v = next(v);
    }
    BUCKETS - 1
}

/// Units of one block of a body. Characters are counted as bytes ÷ 3: a Chinese character or
/// full-width sign is three bytes and one em; the rarer ASCII digits and letters are one byte
/// and half an em, counted as a third.
fn block_units(kind: BlockKind, text: &str) -> usize {
    let chars = text.len() / 3;
    match kind {
        // 2 em of indent; half a line left on average on the last one, and 1 em of margin.
        BlockKind::Paragraph => chars + 2 + fixed(LINE / 2 + 100),
        // No indent; 1.5 em more margin above.
        BlockKind::Salutation => chars + fixed(LINE / 2 + 100 + 150),
        // 1.15 em text on 1.5 lines (1.725 em a line against the text's 1.85: 1.07 units a
        // character), half of such a line, 1.1 + 0.6 em of margin.
        BlockKind::Heading(_) => chars + chars / 16 + fixed(173 / 2 + 170),
    }
}

/// Units of the body of section `s` as it first shows: its blocks, and of a subsection that
/// starts folded only the heading.
pub fn body_units(doc: &Document, s: usize, folded: &[bool]) -> usize {
    let sec = &doc.sections[s];
    let mut units = 0usize;
    let mut i = sec.heading + 1;
    while i < sec.end {
        let b = &doc.blocks[i];
        units = units.saturating_add(block_units(b.kind, &b.text));
        i = match b.kind {
            BlockKind::Heading(t) if folded.get(t).copied().unwrap_or(false) => {
                doc.sections[t].end.max(i + 1)
            }
            _ => i + 1,
        };
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_round_to_the_nearest_step() {
        // (units, class), then every class within 8 % of what it stands for.
        for (units, k) in [(0, 0), (1, 1), (30, 1), (32, 1), (33, 1), (34, 2), (36, 2), (1000, 26)] {
            assert_eq!(bucket(units), k, "units {units}");
        }
        for units in (1..1_600_000).step_by(997) {
            let k = bucket(units);
            let u = units.max(FIRST as usize) as f64;
            let off = |k: usize| (bucket_value(k) as f64 / u).ln().abs();
            assert!(off(k) < 0.08, "units {units} got {}", bucket_value(k));
            assert!(
                off(k) <= off(k - 1) && (k + 1 == BUCKETS || off(k) <= off(k + 1)),
                "units {units}: class {k} is not the nearest"
            );
        }
    }

    /// `build.rs` writes every class's value into the stylesheet, once.
    #[test]
    fn the_stylesheet_has_every_class_with_its_value() {
        let css = include_str!(concat!(env!("OUT_DIR"), "/style.css"));
        for k in 0..BUCKETS {
            let rule = format!(".u{k}{{--rr-u:{}}}", bucket_value(k));
            assert_eq!(css.matches(&rule).count(), 1, "{rule}");
        }
        assert!(!css.contains(&format!(".u{BUCKETS}{{")));
    }
}
