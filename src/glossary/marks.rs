//! Which occurrences are marked: hits per block, the density rule, and counts for the term
//! index. Runs over the document before any DOM exists.

use super::matcher::{Hit, Matcher};
use crate::report::{BlockKind, Document};

/// How many occurrences are marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Density {
    /// The first occurrence of each term in each section (the default).
    #[default]
    First,
    /// Every occurrence.
    All,
    /// None (occurrences are still known to the term index).
    None,
}

impl Density {
    /// Reads the `glossary-marks` attribute: `all`, `none`, anything else is `first`.
    pub fn parse(value: &str) -> Density {
        match value.trim().to_ascii_lowercase().as_str() {
            "all" => Density::All,
            "none" | "off" | "false" => Density::None,
            _ => Density::First,
        }
    }
}

/// One occurrence, with whether it is marked and its rank among the term's occurrences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    /// Where, in the block's text.
    pub hit: Hit,
    /// Whether it is shown as a marked term.
    pub marked: bool,
    /// 0-based rank among the occurrences of the same entry, in report order.
    pub rank: usize,
}

/// What the glossary found in a document.
#[derive(Debug, Clone, Default)]
pub struct Annotations {
    /// Occurrences per block (empty for headings and salutations).
    pub blocks: Vec<Vec<Occurrence>>,
    /// Per entry: how many times it occurs (0 if never).
    pub counts: Vec<usize>,
    /// Entries that occur, in order of first occurrence.
    pub order: Vec<usize>,
}

impl Annotations {
    /// Number of marked occurrences.
    pub fn marked(&self) -> usize {
        self.blocks.iter().flatten().filter(|o| o.marked).count()
    }
}

/// Finds every occurrence of the glossary's terms in the paragraphs of `doc` (never in
/// headings, salutations or the outline; never across blocks) and applies `density`.
pub fn annotate(doc: &Document, matcher: &Matcher, entries: usize, density: Density) -> Annotations {
    // The innermost section of each block: sections come parents first, so children overwrite.
    let mut owner: Vec<Option<usize>> = vec![None; doc.blocks.len()];
    for (i, s) in doc.sections.iter().enumerate() {
        for o in &mut owner[s.heading..s.end] {
            *o = Some(i);
        }
    }
    let mut counts = vec![0usize; entries];
    let mut order = Vec::new();
    // Last section in which each entry was marked (density First): sections are visited in
    // order, so "marked in this section already" is "marked last in this section".
    let mut marked_in: Vec<Option<Option<usize>>> = vec![None; entries];
    let blocks = doc
        .blocks
        .iter()
        .enumerate()
        .map(|(b, block)| {
            if block.kind != BlockKind::Paragraph {
                return Vec::new();
            }
            matcher
                .find(&block.text)
                .into_iter()
                .map(|hit| {
                    let e = hit.entry;
                    if counts[e] == 0 {
                        order.push(e);
                    }
                    let rank = counts[e];
                    counts[e] += 1;
                    let marked = match density {
                        Density::All => true,
                        Density::None => false,
                        Density::First => {
                            let first = marked_in[e] != Some(owner[b]);
                            if first {
                                marked_in[e] = Some(owner[b]);
                            }
                            first
                        }
                    };
                    Occurrence { hit, marked, rank }
                })
                .collect()
        })
        .collect();
    Annotations { blocks, counts, order }
}
