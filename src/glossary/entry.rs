//! Glossary entries: the loose shape hosts send, the validated shape the matcher uses, and the
//! rules between them.

use serde::{Deserialize, Serialize};

/// Longest term or alias, in chars.
pub const MAX_TERM: usize = 60;
/// Longest definition, in chars.
pub const MAX_DEFINITION: usize = 2000;

/// Where an entry comes from; later layers win over earlier ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// The glossary shipped with report-reader (`data/glossary.zh.json`).
    Default,
    /// Harvested from the report's own appendix (附：名词解释).
    Report,
    /// Supplied by the host page.
    Host,
}

/// An entry as written in JSON: every field optional so that each mistake can be reported on
/// its own instead of rejecting the whole file.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(default)]
pub struct RawEntry {
    /// The term.
    pub term: Option<String>,
    /// Its definition.
    pub definition: Option<String>,
    /// Other written forms.
    pub aliases: Option<Vec<String>>,
    /// A category such as 党建 or 经济.
    pub category: Option<String>,
    /// A URL where the definition comes from (linked only if http or https).
    pub source: Option<String>,
    /// An English gloss.
    pub en: Option<String>,
    /// A note, for example that a term is local to one place.
    pub note: Option<String>,
}

/// A validated entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The term as it should be shown.
    pub term: String,
    /// Other written forms (not empty strings, not the term itself).
    pub aliases: Vec<String>,
    /// The definition.
    pub definition: String,
    /// Category, if given.
    pub category: Option<String>,
    /// Source URL, only when it is http(s).
    pub source: Option<String>,
    /// English gloss, if given.
    pub en: Option<String>,
    /// Note, if given.
    pub note: Option<String>,
    /// Where the entry comes from.
    pub origin: Origin,
}

/// Something wrong with one entry of a glossary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryIssue {
    /// 0-based index of the entry in its array.
    pub index: usize,
    /// The entry's term, when it has a readable one.
    pub term: Option<String>,
    /// What is wrong, in English (stable wording, shown to host developers).
    pub reason: String,
    /// Whether the entry was left out (`false`: kept, with the faulty part dropped).
    pub skipped: bool,
}

/// Whether `url` is an absolute http or https URL (so a link to it is safe to show).
pub fn is_http_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && lower.len() > "https://".len()
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

fn clean(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Validates entry `index` of a glossary from `origin`. Returns the entry (if usable) and the
/// issues found (an unusable entry always has exactly one, with `skipped: true`).
pub fn validate(raw: RawEntry, index: usize, origin: Origin) -> (Option<Entry>, Vec<EntryIssue>) {
    let term = clean(raw.term);
    let issue = |reason: String, skipped: bool| EntryIssue { index, term: term.clone(), reason, skipped };
    let Some(t) = term.clone() else {
        return (None, vec![issue("`term` is missing or empty".into(), true)]);
    };
    if t.chars().count() > MAX_TERM || t.contains(['\n', '\r']) {
        return (
            None,
            vec![issue(format!("`term` must be one line of at most {MAX_TERM} characters"), true)],
        );
    }
    let Some(definition) = clean(raw.definition) else {
        return (None, vec![issue("`definition` is missing or empty".into(), true)]);
    };
    if definition.chars().count() > MAX_DEFINITION {
        return (None, vec![issue(format!("`definition` is longer than {MAX_DEFINITION} characters"), true)]);
    }
    let mut issues = Vec::new();
    let mut aliases = Vec::new();
    for (k, a) in raw.aliases.unwrap_or_default().into_iter().enumerate() {
        let a = a.trim().to_owned();
        if a.is_empty() || a.chars().count() > MAX_TERM || a.contains(['\n', '\r']) {
            issues.push(issue(format!("alias {k} is empty or too long; ignored"), false));
        } else if a != t && !aliases.contains(&a) {
            aliases.push(a);
        }
    }
    let source = match clean(raw.source) {
        Some(s) if is_http_url(&s) => Some(s),
        Some(_) => {
            issues.push(issue("`source` is not an http(s) URL; it is not linked".into(), false));
            None
        }
        None => None,
    };
    let entry = Entry {
        term: t,
        aliases,
        definition,
        category: clean(raw.category).map(|c| c.chars().take(20).collect()),
        source,
        en: clean(raw.en),
        note: clean(raw.note),
        origin,
    };
    (Some(entry), issues)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(term: Option<&str>, definition: Option<&str>) -> RawEntry {
        RawEntry { term: term.map(Into::into), definition: definition.map(Into::into), ..Default::default() }
    }

    #[test]
    fn validation_table() {
        let long = "长".repeat(MAX_TERM + 1);
        let cases: Vec<(RawEntry, bool, &str)> = vec![
            (raw(Some("两学一做"), Some("学党章党规、学系列讲话，做合格党员。")), true, ""),
            (raw(None, Some("x")), false, "`term` is missing or empty"),
            (raw(Some("  "), Some("x")), false, "`term` is missing or empty"),
            (raw(Some("甲"), None), false, "`definition` is missing or empty"),
            (raw(Some(&long), Some("x")), false, "`term` must be one line of at most 60 characters"),
            (raw(Some("甲\n乙"), Some("x")), false, "`term` must be one line of at most 60 characters"),
            (
                RawEntry { source: Some("javascript:alert(1)".into()), ..raw(Some("甲"), Some("x")) },
                true,
                "`source` is not an http(s) URL; it is not linked",
            ),
            (
                RawEntry {
                    aliases: Some(vec!["".into(), "乙".into(), "甲".into()]),
                    ..raw(Some("甲"), Some("x"))
                },
                true,
                "alias 0 is empty or too long; ignored",
            ),
        ];
        for (input, usable, reason) in cases {
            let (entry, issues) = validate(input.clone(), 7, Origin::Host);
            assert_eq!(entry.is_some(), usable, "{input:?}");
            if reason.is_empty() {
                assert!(issues.is_empty(), "{issues:?}");
            } else {
                assert_eq!(issues[0].reason, reason);
                assert_eq!(issues[0].index, 7);
                assert_eq!(issues[0].skipped, !usable);
            }
        }
        let (e, _) = validate(
            RawEntry {
                aliases: Some(vec!["乙".into(), "甲".into(), "乙".into()]),
                ..raw(Some("甲"), Some("x"))
            },
            0,
            Origin::Host,
        );
        assert_eq!(e.map(|e| e.aliases), Some(vec!["乙".to_owned()]), "self and duplicate aliases dropped");
    }

    #[test]
    fn http_urls_only() {
        for (url, ok) in [
            ("https://www.gov.cn/", true),
            ("http://example.org/a?b=c", true),
            ("HTTPS://EXAMPLE.ORG", true),
            ("javascript:alert(1)", false),
            ("data:text/html,<script>alert(1)</script>", false),
            ("java\tscript:alert(1)", false),
            ("https://exa mple.org", false),
            ("//example.org", false),
            ("https://", false),
        ] {
            assert_eq!(is_http_url(url), ok, "{url}");
        }
    }
}
