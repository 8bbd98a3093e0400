//! The draft record: keys, schema (with a migration from the v0 shape), counting and export.

use serde::{Deserialize, Serialize};

use crate::report::Document;

/// Schema version of [`Draft`] records.
pub const DRAFT_VERSION: u32 = 1;
/// Key segment of the general (whole-report) draft; `~` never occurs in section ids.
pub const GENERAL: &str = "~general";
/// Prefix of every key report-reader writes.
pub const NAMESPACE: &str = "report-reader:v1:";

/// Where a draft lives: `report-reader:v1:<document>:<section>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DraftKey {
    /// The document key (the host's `storage-key`, or a hash of the report body).
    pub document: String,
    /// The section id, or `None` for the general draft.
    pub section: Option<String>,
}

impl DraftKey {
    /// The storage key.
    pub fn storage_key(&self) -> String {
        format!("{NAMESPACE}{}:{}", self.document, self.section.as_deref().unwrap_or(GENERAL))
    }

    /// The key under which an unreadable record is set aside (never deleted).
    pub fn backup_key(&self, now_ms: f64) -> String {
        format!("{}:corrupt-{}", self.storage_key(), now_ms as u64)
    }

    /// Reads a storage key back; `None` for keys of other documents, the reading state and
    /// backups.
    pub fn parse(document: &str, key: &str) -> Option<DraftKey> {
        let rest = key.strip_prefix(NAMESPACE)?.strip_prefix(document)?.strip_prefix(':')?;
        if rest.contains(':') || rest.starts_with('~') && rest != GENERAL {
            return None;
        }
        Some(DraftKey { document: document.to_owned(), section: (rest != GENERAL).then(|| rest.to_owned()) })
    }
}

/// Where in the report a draft belongs, as readers cite it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Citation {
    /// The numbering path, `2.1.3` (empty for the general draft).
    pub path: String,
    /// The section's number as published (`（一）`), if any.
    pub number: Option<String>,
    /// The section's title, or the report's title for the general draft.
    pub title: String,
}

/// A stored draft (schema v1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    /// Schema version.
    pub v: u32,
    /// The document key.
    pub document: String,
    /// The section id, or `None` for the general draft.
    pub section: Option<String>,
    /// Where it belongs.
    pub citation: Citation,
    /// The reader's text.
    pub text: String,
    /// Last save, milliseconds since the epoch.
    pub updated_at: f64,
    /// Hash of the section's text when the draft was written, to notice later changes.
    pub section_hash: Option<String>,
    /// `updatedAt` of the stored version this one was edited from (0 for a first save): a tab
    /// that receives a version not built on its own last save knows both changed at once.
    #[serde(default)]
    pub base: f64,
}

/// A record read from storage.
#[derive(Debug, Clone, PartialEq)]
pub enum Migrated {
    /// A current record.
    Current(Draft),
    /// An older record, upgraded (write it back to finish the migration).
    Upgraded(Draft),
    /// Not a record this version can read; set it aside.
    Unreadable(String),
}

impl Draft {
    /// Reads a stored record (decoded from JSON by the platform: `Err` holds why it could not
    /// be) and migrates older shapes. `key` says which document and section it must belong to.
    pub fn read(value: Result<Shape, String>, key: &DraftKey, cite: impl FnOnce() -> Citation) -> Migrated {
        let value = match value {
            Ok(v) => v,
            Err(e) => return Migrated::Unreadable(format!("not JSON: {e}")),
        };
        match value {
            Shape::V1(d) if d.v == DRAFT_VERSION => {
                if d.document != key.document || d.section != key.section {
                    Migrated::Unreadable("record belongs to another section".into())
                } else {
                    Migrated::Current(d)
                }
            }
            Shape::V1(d) => Migrated::Unreadable(format!("unknown schema version {}", d.v)),
            Shape::V0 { text, saved } => Migrated::Upgraded(Draft {
                v: DRAFT_VERSION,
                document: key.document.clone(),
                section: key.section.clone(),
                citation: cite(),
                text,
                updated_at: saved.unwrap_or(0.0),
                section_hash: None,
                base: 0.0,
            }),
        }
    }
}

/// The shapes a stored record can have, decoded by serde (untagged) on either platform.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Shape {
    /// Schema v1 (or a later version this code does not know).
    V1(Draft),
    /// The v0 shape of the first prototype: `{"text": "...", "saved": <ms>}`, no version.
    V0 {
        /// The text.
        text: String,
        /// When it was saved.
        saved: Option<f64>,
    },
}

/// Characters as a reader counts them: Unicode scalar values, so 中文 is 2 (not 6 bytes, and
/// not UTF-16 units, where an emoji or a rare CJK character counts twice).
pub fn count_chars(text: &str) -> usize {
    text.chars().count()
}

/// The citation of section `id` of `doc` (or of the whole report for `None`).
pub fn citation(doc: &Document, id: Option<&str>) -> Citation {
    match id.and_then(|id| doc.sections.iter().find(|s| s.id == id)) {
        Some(s) => Citation {
            path: s.path.iter().map(|n| n.to_string()).collect::<Vec<_>>().join("."),
            number: s.number.clone(),
            title: s.title.clone(),
        },
        None => Citation { path: String::new(), number: None, title: doc.title.clone().unwrap_or_default() },
    }
}

/// A hash of a section's text (its blocks, heading included), to tell whether it changed
/// since a draft was written.
pub fn section_hash(doc: &Document, id: &str) -> Option<String> {
    let s = doc.sections.iter().find(|s| s.id == id)?;
    Some(crate::state::content_hash(doc.blocks[s.heading..s.end].iter().map(|b| b.text.as_str())))
}

/// All drafts of a report, ready to export.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Export {
    /// The report's title.
    pub title: String,
    /// The document key.
    pub document: String,
    /// When the export was made (ms since the epoch).
    pub exported_at: f64,
    /// The drafts, general first, then in report order.
    pub drafts: Vec<ExportDraft>,
}

/// One draft in an export.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportDraft {
    /// The section id, or `None` for the general draft.
    pub section: Option<String>,
    /// Where it belongs.
    pub citation: Citation,
    /// The text.
    pub text: String,
    /// Last save.
    pub updated_at: f64,
}

impl Export {
    /// Collects non-empty drafts in report order (general first).
    pub fn new(doc: &Document, document: &str, drafts: &[Draft], now_ms: f64) -> Export {
        let order = |d: &Draft| match &d.section {
            None => 0,
            Some(id) => doc.sections.iter().position(|s| &s.id == id).map_or(usize::MAX, |i| i + 1),
        };
        let list: Vec<&Draft> = drafts.iter().filter(|d| !d.text.trim().is_empty()).collect();
        let list = crate::order::sorted_by_key(list, |d| (order(d), 0));
        Export {
            title: doc.title.clone().unwrap_or_default(),
            document: document.to_owned(),
            exported_at: now_ms,
            drafts: list
                .into_iter()
                .map(|d| ExportDraft {
                    section: d.section.clone(),
                    citation: d.citation.clone(),
                    text: d.text.clone(),
                    updated_at: d.updated_at,
                })
                .collect(),
        }
    }

    /// The export as Markdown: a heading per draft with its citation, the text as written.
    /// `time` formats a timestamp (the platform knows the reader's time zone).
    pub fn markdown(&self, general: &str, saved: &str, time: impl Fn(f64) -> String) -> String {
        let mut out = format!("# {}\n\n", md_inline(&self.title));
        for d in &self.drafts {
            let heading = match &d.section {
                None => general.to_owned(),
                Some(_) => {
                    let number = d.citation.number.as_deref().unwrap_or("");
                    format!("§{} {}{}", d.citation.path, number, d.citation.title)
                }
            };
            out.push_str(&format!("## {}\n\n", md_inline(&heading)));
            out.push_str(d.text.trim_end());
            out.push_str(&format!("\n\n*{} {}*\n\n", saved, time(d.updated_at)));
        }
        out
    }
}

/// Escapes characters that would start Markdown syntax inside a heading line.
fn md_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '<' | '>') {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::report::parse;

    fn key(section: Option<&str>) -> DraftKey {
        DraftKey { document: "doc1".into(), section: section.map(Into::into) }
    }

    #[test]
    fn keys_round_trip() {
        let cases = [
            (key(None), "report-reader:v1:doc1:~general"),
            (key(Some("1-2-回顾")), "report-reader:v1:doc1:1-2-回顾"),
        ];
        for (k, s) in cases {
            assert_eq!(k.storage_key(), s);
            assert_eq!(DraftKey::parse("doc1", s), Some(k));
        }
        for other in [
            "report-reader:v1:doc1:~reading",
            "report-reader:v1:doc2:1-回顾",
            "report-reader:v1:doc1:1-回顾:corrupt-1700000000000",
            "something-else",
        ] {
            assert_eq!(DraftKey::parse("doc1", other), None, "{other}");
        }
        assert_eq!(key(Some("3")).backup_key(1234.0), "report-reader:v1:doc1:3:corrupt-1234");
    }

    #[test]
    fn counting_counts_characters() {
        for (text, n) in [("中文", 2), ("abc", 3), ("𠮷野家", 3), ("各位代表！", 5), ("", 0), ("👍🏽", 2)]
        {
            assert_eq!(count_chars(text), n, "{text}");
        }
    }

    #[test]
    fn export_orders_and_cites() {
        let doc =
            parse("测试报告\n一、回顾\n正文，有内容。\n（一）经济\n正文，有内容。\n二、计划\n正文，有内容。")
                .expect("parses");
        let d = |section: Option<&str>, text: &str| Draft {
            v: 1,
            document: "doc1".into(),
            section: section.map(Into::into),
            citation: citation(&doc, section),
            text: text.into(),
            updated_at: 0.0,
            section_hash: section.and_then(|s| section_hash(&doc, s)),
            base: 0.0,
        };
        let list = vec![
            d(Some("2-计划"), "关于计划。"),
            d(Some("1-1-经济"), "关于经济。"),
            d(None, "总的意见。"),
            d(Some("1-回顾"), "  "),
        ];
        let e = Export::new(&doc, "doc1", &list, 5.0);
        let order: Vec<Option<&str>> = e.drafts.iter().map(|d| d.section.as_deref()).collect();
        assert_eq!(
            order,
            [None, Some("1-1-经济"), Some("2-计划")],
            "general first, report order, empty left out"
        );
        assert_eq!(
            e.drafts[1].citation,
            Citation { path: "1.1".into(), number: Some("（一）".into()), title: "经济".into() }
        );
        let md = e.markdown("总体意见", "保存于", |_| "2026-11-28 10:00".into());
        assert_eq!(
            md,
            "# 测试报告\n\n## 总体意见\n\n总的意见。\n\n*保存于 2026-11-28 10:00*\n\n## §1.1 （一）经济\n\n关于经济。\n\n*保存于 2026-11-28 10:00*\n\n## §2 二、计划\n\n关于计划。\n\n*保存于 2026-11-28 10:00*\n\n"
        );
    }

    #[test]
    fn migration_from_v0_and_unreadable_records() {
        let k = key(Some("1-回顾"));
        let cite = || Citation { path: "1".into(), number: Some("一、".into()), title: "回顾".into() };
        let read = |json: &str| {
            Draft::read(serde_json::from_str::<Shape>(json).map_err(|e| e.to_string()), &k, cite)
        };
        match read(r#"{"text": "旧草稿", "saved": 1700000000000}"#) {
            Migrated::Upgraded(d) => {
                assert_eq!((d.v, d.text.as_str(), d.updated_at), (1, "旧草稿", 1_700_000_000_000.0));
                assert_eq!(d.section.as_deref(), Some("1-回顾"));
                assert_eq!(d.citation.title, "回顾");
            }
            other => panic!("{other:?}"),
        }
        let v1 = r#"{"v":1,"document":"doc1","section":"1-回顾","citation":{"path":"1","number":"一、","title":"回顾"},"text":"新","updatedAt":5,"sectionHash":null}"#;
        assert!(matches!(read(v1), Migrated::Current(d) if d.text == "新"));
        let other_section = v1.replace("\"section\":\"1-回顾\"", "\"section\":\"2-计划\"");
        assert!(matches!(read(&other_section), Migrated::Unreadable(_)));
        let future = v1.replace("\"v\":1", "\"v\":9");
        assert!(matches!(read(&future), Migrated::Unreadable(r) if r.contains("version 9")));
        for bad in ["{not json", "42", "[]", r#"{"txt": "x"}"#] {
            assert!(matches!(read(bad), Migrated::Unreadable(_)), "{bad}");
        }
    }
}
