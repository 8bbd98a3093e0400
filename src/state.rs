//! Reading state that outlives a page: which sections are folded and where the reader was.
//!
//! Pure bookkeeping (keys, the record's schema, expiry, the initial fold rule); the browser
//! layer stores records in `localStorage` behind its own guards.

use serde::{Deserialize, Serialize};

use crate::report::Document;

/// Schema version of [`ReadingState`] records.
pub const READING_VERSION: u32 = 1;
/// Remembered reading state expires after this many milliseconds (30 days).
pub const READING_TTL_MS: f64 = 30.0 * 24.0 * 60.0 * 60.0 * 1000.0;

/// Which sections start folded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FoldRule {
    /// Every section open (the default).
    #[default]
    None,
    /// Every section folded.
    All,
    /// Sections deeper than this level folded (`1`: top-level sections open, their
    /// subsections folded).
    Below(usize),
}

impl FoldRule {
    /// Reads the `folded` attribute: `none`, `all`, or a level number. Anything else is `None`
    /// (never an error: a typo must not hide the report).
    pub fn parse(value: &str) -> FoldRule {
        match value.trim().to_ascii_lowercase().as_str() {
            "all" | "true" => FoldRule::All,
            v => v.parse::<usize>().map_or(FoldRule::None, |n| {
                if n == 0 {
                    FoldRule::All
                } else {
                    FoldRule::Below(n)
                }
            }),
        }
    }

    /// Whether a section at `depth` starts folded.
    pub fn folds(self, depth: usize) -> bool {
        match self {
            FoldRule::None => false,
            FoldRule::All => true,
            FoldRule::Below(n) => depth > n,
        }
    }
}

/// The remembered reading state of one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadingState {
    /// Schema version ([`READING_VERSION`]).
    pub v: u32,
    /// Ids (without the instance prefix) of folded sections.
    pub folded: Vec<String>,
    /// Id of the section being read.
    pub position: Option<String>,
    /// When it was saved, in milliseconds since the epoch.
    pub updated_at: f64,
}

impl ReadingState {
    /// Whether the record is too old (or from the future, a clock that jumped) to restore.
    pub fn expired(&self, now_ms: f64) -> bool {
        self.v != READING_VERSION
            || now_ms - self.updated_at > READING_TTL_MS
            || self.updated_at - now_ms > READING_TTL_MS
    }

    /// The fold state per section of `doc` this record describes; ids the document no longer
    /// has are ignored.
    pub fn folds_for(&self, doc: &Document) -> Vec<bool> {
        doc.sections.iter().map(|s| self.folded.contains(&s.id)).collect()
    }
}

/// The folds `rule` gives each section of `doc`; sections without a body never fold.
pub fn initial_folds(doc: &Document, rule: FoldRule) -> Vec<bool> {
    doc.sections.iter().map(|s| rule.folds(s.depth) && s.has_body()).collect()
}

/// A key for a document when the host gives none: a hash of its body (FNV-1a, 64 bits), so the
/// same report gets the same key on every page that shows it.
pub fn document_key(doc: &Document) -> String {
    content_hash(doc.title.iter().map(String::as_str).chain(doc.blocks.iter().map(|b| b.text.as_str())))
}

/// FNV-1a (64 bits, hex) over `parts`, each followed by a NUL so that ["ab", "c"] and
/// ["a", "bc"] differ: a stable fingerprint of text, not a security measure.
pub fn content_hash<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    // Plain loops, not a flattened iterator: this runs over every byte of a long report.
    let step = |h: u64, b: u8| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    for part in parts {
        h = part.as_bytes().iter().fold(h, |h, &b| step(h, b));
        h = step(h, 0);
    }
    format!("{h:016x}")
}

/// Makes a host-given storage key safe inside our key format (no `:`; bounded length).
pub fn clean_key(key: &str) -> String {
    key.chars().filter(|c| !c.is_control() && *c != ':').take(100).collect()
}

/// The `localStorage` key of a document's reading state.
pub fn reading_key(document: &str) -> String {
    format!("report-reader:v1:{document}:~reading")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::parse;

    #[test]
    fn fold_rules() {
        let cases = [
            ("none", [false, false, false]),
            ("", [false, false, false]),
            ("all", [true, true, true]),
            ("1", [false, true, true]),
            ("2", [false, false, true]),
            ("0", [true, true, true]),
            ("bogus", [false, false, false]),
        ];
        for (attr, want) in cases {
            let rule = FoldRule::parse(attr);
            assert_eq!([1, 2, 3].map(|d| rule.folds(d)), want, "{attr}");
        }
    }

    #[test]
    fn sections_without_a_body_never_fold() {
        let doc = parse("工作报告\n一、甲\n二、乙\n正文，有内容。").expect("parses");
        assert_eq!(initial_folds(&doc, FoldRule::All), [false, true]);
    }

    #[test]
    fn expiry_after_thirty_days() {
        let day = 24.0 * 3600.0 * 1000.0;
        let s = ReadingState { v: 1, folded: vec![], position: None, updated_at: 1000.0 * day };
        assert!(!s.expired(1000.0 * day + 29.0 * day));
        assert!(s.expired(1000.0 * day + 31.0 * day));
        assert!(ReadingState { v: 2, ..s.clone() }.expired(1000.0 * day));
    }

    #[test]
    fn document_key_is_stable_and_content_based() {
        let a = parse("工作报告\n正文，有内容。").expect("parses");
        let b = parse("导航菜单\n工作报告\r\n\r\n正文，有内容。").expect("parses");
        let c = parse("工作报告\n正文，有别的内容。").expect("parses");
        assert_eq!(document_key(&a), document_key(&b), "chrome and line endings do not change the key");
        assert_ne!(document_key(&a), document_key(&c));
        assert_eq!(document_key(&a).len(), 16);
        assert_eq!(clean_key("a:b\u{0}c"), "abc");
    }

    /// Stored reading states and drafts are keyed by this hash: its values must never change.
    #[test]
    fn content_hash_is_fnv1a_with_nul_separators() {
        assert_eq!(content_hash(["", "a", "bc"].into_iter()), "e33c907e2084b71f");
        assert_eq!(content_hash(["两学一做"].into_iter()), "df738178725768f3");
    }
}
