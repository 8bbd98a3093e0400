//! The glossary: entries from three layers (the shipped default, the report's own appendix,
//! the host's), merged so that a later layer wins, and matched against the report in one pass.
//!
//! Steps: JSON → [`RawEntry`] values ([`parse_json`]) → validated [`Entry`] values with an
//! [`EntryIssue`] per problem ([`entry::validate`]) → [`Glossary::build`] (layers merged) →
//! [`matcher::Matcher`] (leftmost-longest and width-folded: a scan by first two characters,
//! which finds what an Aho-Corasick automaton finds) →
//! [`marks::annotate`] (hits per block, density rules, counts for the term index).

pub mod entry;
pub mod harvest;
pub mod json;
pub mod marks;
pub mod matcher;

use std::fmt;

pub use entry::{Entry, EntryIssue, Origin, RawEntry};

/// The default glossary's JSON as compiled in: `data/glossary.zh.json`, checked and squeezed by
/// `build.rs`. [`Glossary::default_entries`] reads it with [`json::entries`], so no page parses
/// it with `JSON.parse` or sends it across the JS boundary.
pub const DEFAULT_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/glossary.zh.json"));

/// The CJK ideographs (U+4E00–U+9FFF) of the default glossary, each once, in the order they
/// first appear: about 900 of the most used characters of a work report, for the loader's
/// warm-up. A page's first report is slow to lay out mostly because the browser reads the
/// CJK font's tables (character map, advances) for the first time; laying these characters
/// out once while the page is idle does that beforehand, and they come from data the module
/// holds anyway, so they cost nothing to download.
pub fn default_ideographs() -> String {
    const FIRST: u32 = 0x4E00;
    const LAST: u32 = 0x9FFF;
    let mut seen = [0u64; ((LAST - FIRST + 1) / 64 + 1) as usize];
    let mut out = String::new();
    for c in DEFAULT_JSON.chars() {
        let n = u32::from(c);
        if !(FIRST..=LAST).contains(&n) {
            continue;
        }
        let (word, bit) = (((n - FIRST) / 64) as usize, (n - FIRST) % 64);
        if seen[word] & (1 << bit) == 0 {
            seen[word] |= 1 << bit;
            out.push(c);
        }
    }
    out
}

/// Why a glossary as a whole cannot be used (entry-level problems are [`EntryIssue`]s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlossaryError {
    /// The text is not JSON; `detail` says where.
    NotJson {
        /// The parser's message.
        detail: String,
    },
    /// The JSON is not an array of entries.
    NotArray,
    /// The glossary could not be fetched.
    Fetch {
        /// The URL.
        url: String,
        /// What went wrong.
        detail: String,
    },
    /// More entries than the widget accepts.
    TooMany {
        /// How many were given.
        count: usize,
    },
}

/// Most entries one glossary may have; beyond it the matcher and the term index stop being
/// useful to a reader, and the page would pay for it on every mount.
pub const MAX_ENTRIES: usize = 5000;

impl GlossaryError {
    /// Stable identifier for events.
    pub fn code(&self) -> &'static str {
        match self {
            GlossaryError::NotJson { .. } => "glossary-json",
            GlossaryError::NotArray => "glossary-shape",
            GlossaryError::Fetch { .. } => "glossary-fetch",
            GlossaryError::TooMany { .. } => "glossary-size",
        }
    }
}

impl fmt::Display for GlossaryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GlossaryError::NotJson { detail } => write!(f, "the glossary is not valid JSON ({detail})"),
            GlossaryError::NotArray => write!(
                f,
                "the glossary must be a JSON array of entries like {{\"term\": \"…\", \"definition\": \"…\"}}"
            ),
            GlossaryError::Fetch { url, detail } => {
                write!(f, "the glossary could not be fetched from {url} ({detail})")
            }
            GlossaryError::TooMany { count } => {
                write!(f, "the glossary has {count} entries; at most {MAX_ENTRIES} are used")
            }
        }
    }
}

impl std::error::Error for GlossaryError {}

/// Entries read from JSON, each either a [`RawEntry`] or the reason it could not be read.
pub type RawEntries = Vec<Result<RawEntry, String>>;

/// Parses glossary JSON natively (serde_json). The wasm module parses with the browser's
/// `JSON.parse` instead and produces the same [`RawEntries`].
///
/// # Errors
/// [`GlossaryError::NotJson`] or [`GlossaryError::NotArray`].
#[cfg(not(target_arch = "wasm32"))]
pub fn parse_json(text: &str) -> Result<RawEntries, GlossaryError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| GlossaryError::NotJson { detail: e.to_string() })?;
    let serde_json::Value::Array(items) = value else { return Err(GlossaryError::NotArray) };
    Ok(items
        .into_iter()
        .map(|v| {
            if !v.is_object() {
                return Err("entry is not an object".to_owned());
            }
            serde_json::from_value::<RawEntry>(v).map_err(|e| e.to_string())
        })
        .collect())
}

/// Validates raw entries of one layer: the usable entries and every issue. Duplicate terms
/// within one layer keep the first entry.
pub fn validate_all(raw: RawEntries, origin: Origin) -> (Vec<Entry>, Vec<EntryIssue>) {
    // Each entry on its own first, then duplicates by first occurrence (no hash map: see
    // `crate::order`).
    let mut checked: Vec<(usize, Option<Entry>, Vec<EntryIssue>)> = Vec::new();
    let mut beyond = None;
    for (index, r) in raw.into_iter().enumerate() {
        if index >= MAX_ENTRIES {
            beyond = Some(EntryIssue {
                index,
                term: None,
                reason: format!("beyond the first {MAX_ENTRIES} entries; ignored"),
                skipped: true,
            });
            break;
        }
        checked.push(match r {
            Ok(r) => {
                let (entry, found) = entry::validate(r, index, origin);
                (index, entry, found)
            }
            Err(reason) => (index, None, vec![EntryIssue { index, term: None, reason, skipped: true }]),
        });
    }
    let (keys, valid): (Vec<String>, Vec<usize>) =
        checked.iter().filter_map(|(index, e, _)| Some((matcher::key(&e.as_ref()?.term), *index))).unzip();
    let first = crate::order::first_indices(&keys);
    let mut entries: Vec<Entry> = Vec::new();
    let mut issues = Vec::new();
    let mut k = 0;
    for (index, entry, mut found) in checked {
        issues.append(&mut found);
        let Some(entry) = entry else { continue };
        let f = first[k];
        k += 1;
        if f != k - 1 {
            issues.push(EntryIssue {
                index,
                term: Some(entry.term.clone()),
                reason: format!("duplicate of entry {}; ignored", valid[f]),
                skipped: true,
            });
            continue;
        }
        entries.push(entry);
    }
    issues.extend(beyond);
    (entries, issues)
}

/// How a host glossary combines with the default one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Host entries are added over the default ones; the host wins where both define a term.
    #[default]
    Merge,
    /// Host entries replace the default glossary (the report's own appendix still applies).
    Replace,
}

impl Mode {
    /// Reads the `glossary-mode` attribute: `replace`, anything else is `merge`.
    pub fn parse(value: &str) -> Mode {
        if value.trim().eq_ignore_ascii_case("replace") {
            Mode::Replace
        } else {
            Mode::Merge
        }
    }
}

/// The merged glossary of one report.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    /// Entries in layer order (default, report, host); an entry whose term or alias a later
    /// layer claims is left out entirely.
    pub entries: Vec<Entry>,
}

impl Glossary {
    /// Merges the layers. `default` is skipped in [`Mode::Replace`].
    pub fn build(default: Vec<Entry>, report: Vec<Entry>, host: Vec<Entry>, mode: Mode) -> Glossary {
        let default = if mode == Mode::Replace { Vec::new() } else { default };
        let layers = [default, report, host];
        // Keys claimed by each layer, so lower layers can be shadowed.
        let claimed: Vec<Vec<String>> = layers
            .iter()
            .map(|l| {
                l.iter()
                    .flat_map(|e| std::iter::once(&e.term).chain(&e.aliases))
                    .map(|k| matcher::key(k))
                    .collect()
            })
            .collect();
        let mut entries = Vec::new();
        for (li, layer) in layers.into_iter().enumerate() {
            for e in layer {
                let shadowed = std::iter::once(&e.term)
                    .chain(&e.aliases)
                    .any(|k| claimed[li + 1..].iter().any(|c| c.contains(&matcher::key(k))));
                if !shadowed {
                    entries.push(e);
                }
            }
        }
        Glossary { entries }
    }

    /// The default glossary's entries, validated.
    pub fn default_entries() -> Vec<Entry> {
        // build.rs checked that every entry is an object of string fields, so none is left out
        // here (a test compares these entries with serde_json's reading of the file).
        let raw = json::entries(DEFAULT_JSON).unwrap_or_default().into_iter().flatten().map(Ok).collect();
        validate_all(raw, Origin::Default).0
    }
}
