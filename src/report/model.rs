//! The parsed report: what the renderer, the outline and (later) the glossary work from.

use serde::Serialize;

/// A parsed work report.
///
/// Nothing of the source is dropped: every line is either in [`Document::title`],
/// [`Document::front`], [`Document::blocks`] or [`Document::removed`] (site chrome).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Document {
    /// The report's title, such as `(河南省)济源市2022年政府工作报告`, if one was found.
    pub title: Option<String>,
    /// Lines between the title and the body: subtitle, speaker, date, in source order.
    pub front: Vec<FrontLine>,
    /// The body, in source order: paragraphs, salutations and headings.
    pub blocks: Vec<Block>,
    /// The section tree, flattened in document order (parents before children).
    pub sections: Vec<Section>,
    /// Site chrome (menus, breadcrumbs, footers) set aside from the source, in source order.
    pub removed: Vec<Removed>,
}

/// One line of front matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrontLine {
    /// What the line is.
    pub kind: FrontKind,
    /// The line as published.
    pub text: String,
}

/// The kinds of front-matter line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FrontKind {
    /// `——2022年1月5日在…会议上`.
    Subtitle,
    /// `市长 张三`.
    Speaker,
    /// `2022年1月5日`.
    Date,
}

/// One block of the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// The text as published (trimmed of surrounding white space).
    pub text: String,
    /// 1-based line number in the source, for messages and the removed-content note.
    pub line: usize,
}

/// The kinds of body block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    /// Running text.
    Paragraph,
    /// An address to the audience such as `各位代表！` or `同志们：`.
    Salutation,
    /// The heading of section `n` (an index into [`Document::sections`]).
    Heading(usize),
}

/// The heading families of Chinese government reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HeadingKind {
    /// `第一部分`, `第一章`, `第一篇`.
    Part,
    /// `一、`.
    Han,
    /// `（一）` or `(一)`.
    ParenHan,
    /// `1.`, `1．`, `1、`.
    Arabic,
    /// `（1）` or `(1)`.
    ParenArabic,
    /// A short line on its own with no number and no sentence punctuation.
    Plain,
    /// A paragraph's short lead sentence, in reports with no numbered headings.
    Lead,
    /// An appendix such as `附：名词解释`.
    Appendix,
}

/// One section of the outline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Id unique within the document: numbering path plus a slug that keeps Chinese characters.
    pub id: String,
    /// The heading family.
    pub kind: HeadingKind,
    /// The number as published (`一、`, `（二）`, `3.`), if any.
    pub number: Option<String>,
    /// The heading text after the number.
    pub title: String,
    /// Depth in the tree, 1 for top-level sections.
    pub depth: usize,
    /// 1-based positions among siblings from the root down (`[1, 2]` is the second child of
    /// the first section).
    pub path: Vec<usize>,
    /// Index of the parent section, if any.
    pub parent: Option<usize>,
    /// Index of the heading block in [`Document::blocks`].
    pub heading: usize,
    /// Index one past the last block of the section (its content and subsections).
    pub end: usize,
    /// Whether the heading was taken from the start of a paragraph (the rest of it follows as
    /// a paragraph).
    pub lead: bool,
}

impl Section {
    /// Whether the section has anything under its heading, and so can fold.
    pub fn has_body(&self) -> bool {
        self.end > self.heading + 1
    }

    /// A short label for the outline: the number and the title, cut at `max` characters.
    pub fn label(&self, max: usize) -> String {
        let mut s = String::new();
        if let Some(n) = &self.number {
            s.push_str(n);
            // 第一部分 总则 keeps its space; 一、 and （一） end in punctuation and need none.
            if n.chars().last().is_some_and(char::is_alphanumeric) && !self.title.is_empty() {
                s.push(' ');
            }
        }
        s.push_str(&self.title);
        if s.chars().count() > max {
            let mut cut: String = s.chars().take(max.saturating_sub(1)).collect();
            cut.push('…');
            cut
        } else {
            s
        }
    }
}

/// A line of site chrome set aside from the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removed {
    /// 1-based line number in the source.
    pub line: usize,
    /// The line as published.
    pub text: String,
    /// Which rule matched, in words (`navigation`, `footer`, `comment form` …).
    pub reason: &'static str,
}

impl Document {
    /// Direct children of section `i`, or the top-level sections for `None`.
    pub fn children(&self, parent: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        self.sections.iter().enumerate().filter(move |(_, s)| s.parent == parent).map(|(i, _)| i)
    }

    /// Counts of blocks by kind: (paragraphs, salutations, headings).
    pub fn counts(&self) -> (usize, usize, usize) {
        self.blocks.iter().fold((0, 0, 0), |(p, s, h), b| match b.kind {
            BlockKind::Paragraph => (p + 1, s, h),
            BlockKind::Salutation => (p, s + 1, h),
            BlockKind::Heading(_) => (p, s, h + 1),
        })
    }

    /// The report body as one string, blocks joined by newlines: what a reader must be able to
    /// read in full in the rendered output.
    pub fn body_text(&self) -> String {
        self.blocks.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join("\n")
    }
}
