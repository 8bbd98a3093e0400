//! Glossary entries that crossed the JS boundary as one string.
//!
//! A host glossary arrives as a JS array of objects. Read field by field from Rust, 300 entries
//! cost about 6,000 calls across the boundary (5–7 ms of a mount in Chromium); the browser layer
//! instead packs them into one string on the JS side (`packEntries` in `src/widget/dom.rs`) and
//! [`unpack`] reads it here. `build.rs` packs the default glossary the same way. An entry the
//! packer is not sure about (not a plain object, a field of another type, a throwing getter) is
//! left to the caller, which reads it field by field and reports the problem exactly as before.
//!
//! The format: the number of structure characters (U+0000–U+0002) that follow, in decimal,
//! then [`END`]; then per entry either [`SLOW`] [`END`], or [`PACKED`] and the seven [`FIELDS`]
//! in order, each followed by [`END`]. A field is [`ABSENT`] alone (`undefined` or `null`), or
//! its text; `aliases` is each alias preceded by [`ALIAS`] (nothing for an empty array). Texts
//! are not escaped: if one holds a structure character, the count does not match, [`unpack`]
//! refuses the string and the caller reads every entry the slow way. (Such texts are rare, and
//! escaping on the JS side cost more than the packing itself.)

use super::RawEntry;

/// The fields of an entry, in the order they are packed.
pub const FIELDS: [&str; 7] = ["term", "definition", "aliases", "category", "source", "en", "note"];
/// An absent field.
pub const ABSENT: char = '\u{0}';
/// Ends the count, every field, and a [`SLOW`] entry.
pub const END: char = '\u{1}';
/// Precedes every alias.
pub const ALIAS: char = '\u{2}';
/// Starts a packed entry.
pub const PACKED: char = 'o';
/// Starts an entry the caller must read itself.
pub const SLOW: char = 's';

/// Why a packed string could not be read: a text held a structure character, or the packer
/// and the reader are out of step. The caller then reads every entry the slow way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnpackError {
    /// Index of the entry where reading stopped (0 when the count did not match).
    pub entry: usize,
}

impl std::fmt::Display for UnpackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "packed glossary entry {} is malformed", self.entry)
    }
}

impl std::error::Error for UnpackError {}

/// Entries read from a packed string: `Some` for a packed entry, `None` for one left to the
/// caller.
pub type Unpacked = Vec<Option<RawEntry>>;

/// The entries of `packed`.
///
/// # Errors
/// [`UnpackError`] if `packed` does not follow the format.
pub fn unpack(packed: &str) -> Result<Unpacked, UnpackError> {
    let (count, mut rest) = packed.split_once(END).ok_or(UnpackError { entry: 0 })?;
    let structure = rest.bytes().filter(|&b| b <= 2).count();
    if count.parse::<usize>().ok() != Some(structure) {
        return Err(UnpackError { entry: 0 });
    }
    let mut out = Vec::new();
    while !rest.is_empty() {
        let err = UnpackError { entry: out.len() };
        let mut chars = rest.chars();
        match chars.next() {
            Some(SLOW) if chars.next() == Some(END) => {
                rest = chars.as_str();
                out.push(None);
            }
            Some(PACKED) => {
                rest = chars.as_str();
                let mut fields: [Option<&str>; 7] = [None; 7];
                for field in &mut fields {
                    let (text, after) = rest.split_once(END).ok_or_else(|| err.clone())?;
                    *field = (text != "\u{0}").then_some(text);
                    rest = after;
                }
                // U+0000–U+0002 are the only chars whose UTF-8 has a byte of 2 or less.
                let bad = |s: &str| s.bytes().any(|b| b <= 2);
                let aliases: Option<Vec<&str>> = match fields[2] {
                    None => None,
                    Some("") => Some(Vec::new()),
                    Some(a) => Some(a.strip_prefix(ALIAS).ok_or_else(|| err.clone())?.split(ALIAS).collect()),
                };
                let texts = [0, 1, 3, 4, 5, 6].map(|i| fields[i]);
                if texts.iter().flatten().chain(aliases.iter().flatten()).any(|t| bad(t)) {
                    return Err(err);
                }
                let aliases = aliases.map(|a| a.into_iter().map(str::to_owned).collect());
                let own = |i: usize| fields[i].map(str::to_owned);
                out.push(Some(RawEntry {
                    term: own(0),
                    definition: own(1),
                    aliases,
                    category: own(3),
                    source: own(4),
                    en: own(5),
                    note: own(6),
                }));
            }
            _ => return Err(err),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(term: &str, definition: &str) -> RawEntry {
        RawEntry { term: Some(term.into()), definition: Some(definition.into()), ..RawEntry::default() }
    }

    #[test]
    fn unpacks_the_format() {
        let full = RawEntry {
            term: Some("两学一做".into()),
            definition: Some("学党章党规、学系列讲话，做合格党员。".into()),
            aliases: Some(vec!["两学".into(), "".into()]),
            category: Some("党建".into()),
            source: Some("https://example.invalid/".into()),
            en: Some("Two Studies, One Action".into()),
            note: Some("".into()),
        };
        // The last five fields absent, or the last four.
        let absent5 = "\u{0}\u{1}\u{0}\u{1}\u{0}\u{1}\u{0}\u{1}\u{0}\u{1}";
        let absent4 = &absent5[2..];
        let cases: Vec<(String, Result<Unpacked, UnpackError>)> = vec![
            ("0\u{1}".into(), Ok(vec![])),
            ("1\u{1}s\u{1}".into(), Ok(vec![None])),
            (format!("12\u{1}o术语\u{1}定义\u{1}{absent5}"), Ok(vec![Some(entry("术语", "定义"))])),
            (
                "10\u{1}o两学一做\u{1}学党章党规、学系列讲话，做合格党员。\u{1}\u{2}两学\u{2}\u{1}党建\u{1}https://example.invalid/\u{1}Two Studies, One Action\u{1}\u{1}s\u{1}".into(),
                Ok(vec![Some(full), None]),
            ),
            // An empty aliases array.
            (
                format!("11\u{1}oa\u{1}d\u{1}\u{1}{absent4}"),
                Ok(vec![Some(RawEntry { aliases: Some(vec![]), ..entry("a", "d") })]),
            ),
            // A text holding a structure character: the count does not match.
            (format!("12\u{1}oa\u{2}b\u{1}d\u{1}{absent5}"), Err(UnpackError { entry: 0 })),
            (format!("12\u{1}oa\u{0}b\u{1}d\u{1}{absent5}"), Err(UnpackError { entry: 0 })),
            // Malformed: no count, a wrong count, too few fields, an unknown tag, aliases
            // without their marker, a slow entry without its end, a stray absent mark.
            ("s\u{1}".into(), Err(UnpackError { entry: 0 })),
            ("x\u{1}s\u{1}".into(), Err(UnpackError { entry: 0 })),
            ("2\u{1}oa\u{1}b\u{1}".into(), Err(UnpackError { entry: 0 })),
            ("2\u{1}s\u{1}x\u{1}".into(), Err(UnpackError { entry: 1 })),
            (format!("11\u{1}oa\u{1}d\u{1}x\u{1}{absent4}"), Err(UnpackError { entry: 0 })),
            ("0\u{1}s".into(), Err(UnpackError { entry: 0 })),
            // The count matches but an alias holds a structure character.
            (format!("13\u{1}oa\u{1}d\u{1}\u{2}x\u{0}y\u{1}{absent4}"), Err(UnpackError { entry: 0 })),
            // The count matches but a text holds a structure character.
            (format!("13\u{1}oa\u{0}\u{1}d\u{1}{absent5}"), Err(UnpackError { entry: 0 })),
        ];
        for (packed, want) in cases {
            assert_eq!(unpack(&packed), want, "{packed:?}");
        }
    }
}
