//! The section tree: depth from the numbering families, block ranges, and ids.
//!
//! Depth is not fixed per family, because reports nest them differently (`第一部分` above
//! `一、` in one report, `一、` at the top in another). Instead the families seen so far form a
//! stack: a heading whose family is already on the stack closes everything below that family
//! (a sibling), a new family opens one level deeper (a child). Appendices always return to
//! the top.
//!
//! Ids keep Chinese characters, like mdBook's: the numbering path, then a slug of the title
//! (`1-2-坚持创新驱动加快产业转型`). The path makes them unique within a document; the widget
//! prefixes them per instance so two widgets on one page never collide.

use super::model::{BlockKind, Document, HeadingKind, Section};
use super::parse::Pending;
use super::text::{fold_char, is_space, lower_char};

/// Longest slug, in chars.
const SLUG_MAX: usize = 24;

/// Builds [`Document::sections`] from the headings the parser found, and points each heading
/// block at its section.
pub(crate) fn build(doc: &mut Document, heads: Vec<Pending>) {
    let mut stack: Vec<(HeadingKind, usize)> = Vec::new(); // (family, section index)
    let mut counters: Vec<usize> = vec![0]; // children counted per open level, root first
    for p in heads {
        if p.kind == HeadingKind::Appendix {
            stack.clear();
        } else if let Some(pos) = stack.iter().position(|(k, _)| *k == p.kind) {
            stack.truncate(pos);
        }
        counters.truncate(stack.len() + 1);
        counters[stack.len()] += 1;
        let parent = stack.last().map(|(_, i)| *i);
        let mut path: Vec<usize> = parent.map(|i| doc.sections[i].path.clone()).unwrap_or_default();
        path.push(counters[stack.len()]);
        let index = doc.sections.len();
        let id = section_id(&path, &p.title, p.kind);
        doc.sections.push(Section {
            id,
            kind: p.kind,
            number: p.number,
            title: p.title,
            depth: stack.len() + 1,
            path,
            parent,
            heading: p.block,
            end: doc.blocks.len(),
            lead: p.lead,
        });
        doc.blocks[p.block].kind = BlockKind::Heading(index);
        stack.push((p.kind, index));
        counters.push(0);
    }
    set_ends(doc);
}

/// A section ends at the next heading of the same or a shallower depth. Salutations
/// (`各位代表！`) open what follows them, so folding a section never hides one: a run of
/// salutations just before that heading stays outside the section, and a salutation that leads
/// into top-level text (nothing but paragraphs until the next top-level heading or the end)
/// closes every open section, as the closing words of a report do.
fn set_ends(doc: &mut Document) {
    let depth_at = |b: usize| match doc.blocks[b].kind {
        BlockKind::Heading(s) => Some(doc.sections[s].depth),
        _ => None,
    };
    let n = doc.blocks.len();
    let breaks: Vec<usize> = (0..n)
        .filter(|&j| {
            doc.blocks[j].kind == BlockKind::Salutation
                && (j == 0 || doc.blocks[j - 1].kind != BlockKind::Salutation)
        })
        .filter(|&j| (j + 1..n).find_map(depth_at).is_none_or(|d| d == 1))
        .collect();
    let ends: Vec<usize> = doc
        .sections
        .iter()
        .map(|sec| {
            let (start, depth) = (sec.heading, sec.depth);
            let next = (start + 1..n).find(|&b| depth_at(b).is_some_and(|d| d <= depth));
            let mut end = next.unwrap_or(n);
            if next.is_some() {
                while end > start + 1 && doc.blocks[end - 1].kind == BlockKind::Salutation {
                    end -= 1;
                }
            }
            breaks.iter().copied().find(|&j| j > start).map_or(end, |j| end.min(j))
        })
        .collect();
    for (sec, end) in doc.sections.iter_mut().zip(ends) {
        sec.end = end;
    }
}

/// `path-slug`, or just the path when the title has no letters or digits.
fn section_id(path: &[usize], title: &str, kind: HeadingKind) -> String {
    let mut id = path.iter().map(|n| n.to_string()).collect::<Vec<_>>().join("-");
    let slug = slugify(title);
    if kind == HeadingKind::Appendix && slug.is_empty() {
        id.push_str("-appendix");
    } else if !slug.is_empty() {
        id.push('-');
        id.push_str(&slug);
    }
    id
}

/// Keeps letters and digits of any script (so Chinese survives), lower-cases ASCII, turns
/// spaces into `-` and drops punctuation.
pub fn slugify(title: &str) -> String {
    let mut out = String::new();
    let mut n = 0;
    for c in title.chars().map(fold_char) {
        if n >= SLUG_MAX {
            break;
        }
        if c.is_alphanumeric() {
            out.push(lower_char(c));
            n += 1;
        } else if (is_space(c) || c == '-') && !out.is_empty() && !out.ends_with('-') {
            out.push('-');
            n += 1;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_chinese() {
        let cases = [
            ("五年来,我们攻坚克难、革故鼎新。", "五年来我们攻坚克难革故鼎新"),
            ("2021年工作回顾", "2021年工作回顾"),
            ("Open  Data -- Policy", "open-data-policy"),
            ("（一）", "一"),
            ("：；。", ""),
            (
                "坚持创新驱动，加快产业转型升级，推动高质量发展取得新成效",
                "坚持创新驱动加快产业转型升级推动高质量发展取得新",
            ),
        ];
        for (title, want) in cases {
            assert_eq!(slugify(title), want, "{title}");
        }
    }
}
