//! Glossary entries read from JSON text: the default glossary's (compiled in), and a host
//! glossary's, which crosses the JS boundary as JSON text.
//!
//! A host glossary arrives as a JS array of objects. Read field by field from Rust, 300 entries
//! cost about 6,000 calls across the boundary (5–7 ms of a mount in Chromium). Packed into one
//! string by a JS loop, they still cost 3–5 ms on a first mount, because a page's first run of
//! any JS is interpreted. So the browser layer (`packEntries` in `src/widget/dom.rs`) has the
//! engine's own `JSON.stringify` write the array, with the seven field names as its replacer
//! list, and [`read_marked`] reads that text here.
//!
//! Only what a glossary entry may be is read: an object whose fields are strings or `null` and
//! whose `aliases` is an array of strings. Any other element (a string, an array, an object
//! with a field of another type) is `None`, and the caller reads that entry field by field from
//! the JS value, so its issue names exactly what is wrong. Unknown keys are ignored, as they are
//! when an entry is read field by field, and a repeated key keeps its last value, as
//! `JSON.parse` does.
//!
//! With the field names as its replacer list, `JSON.stringify` reads each field as a property
//! read does, inherited and non-enumerable ones included. Two differences remain, both in what
//! JSON can say: a field JSON cannot represent (a function, `NaN`, `Infinity`) reads as absent,
//! and a field value with a `toJSON` method (a `Date`) reads as what that method returns.
//! Entries that have a `toJSON` method themselves are marked by the JS side and read field by
//! field: see [`read_marked`].

use super::RawEntry;

/// Why a text could not be read: it is not JSON of an array, or not the JSON this reader
/// expects. The caller then reads every entry field by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset where reading stopped.
    pub at: usize,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "glossary JSON cannot be read at byte {}", self.at)
    }
}

impl std::error::Error for JsonError {}

/// Entries read from JSON text: `Some` for an entry of the expected shape, `None` for one the
/// caller must read itself.
pub type Entries = Vec<Option<RawEntry>>;

/// The entries of `json`, the JSON text of an array.
///
/// # Errors
/// [`JsonError`] if `json` is not the JSON of an array. Values the reader skips (elements that
/// are not entries, unknown keys) are skipped by their brackets and quotes without checking
/// their grammar: the text comes from `JSON.stringify` or from a file `build.rs` checked, and a
/// skipped element is read from its JS value anyway.
pub fn entries(json: &str) -> Result<Entries, JsonError> {
    let mut r = Reader { s: json, b: json.as_bytes(), i: 0 };
    if !r.eat(b'[') {
        return Err(r.err());
    }
    let mut out = Vec::new();
    if !r.eat(b']') {
        loop {
            out.push(r.entry()?);
            if !r.more(b']')? {
                break;
            }
        }
    }
    r.ws();
    if r.i != r.b.len() {
        return Err(r.err());
    }
    Ok(out)
}

/// The entries of `marked`, which is what `packEntries` returns: the indices of the entries to
/// be read field by field (each followed by a comma), a line break, then the array's JSON. The
/// marked entries are `None`.
///
/// # Errors
/// [`JsonError`] if the list of indices or the JSON cannot be read.
pub fn read_marked(marked: &str) -> Result<Entries, JsonError> {
    let (odd, json) = marked.split_once('\n').ok_or(JsonError { at: 0 })?;
    let mut list = entries(json)?;
    for index in odd.split(',').filter(|s| !s.is_empty()) {
        let slot = index.parse::<usize>().ok().and_then(|i| list.get_mut(i)).ok_or(JsonError { at: 0 })?;
        *slot = None;
    }
    Ok(list)
}

/// A field's value, as far as an entry cares.
enum Value {
    Null,
    Text(String),
    Texts(Vec<String>),
    Other,
}

/// A cursor over JSON text.
struct Reader<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn err(&self) -> JsonError {
        JsonError { at: self.i }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    /// Skips white space, then `c` if it is next.
    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        let here = self.peek() == Some(c);
        self.i += usize::from(here);
        here
    }

    /// After an element or a member: whether a comma says another follows (`false` once
    /// `close` ends the array or object).
    fn more(&mut self, close: u8) -> Result<bool, JsonError> {
        if self.eat(b',') {
            return Ok(true);
        }
        if self.eat(close) {
            return Ok(false);
        }
        Err(self.err())
    }

    /// One array element: an entry, or `None` for anything else.
    fn entry(&mut self) -> Result<Option<RawEntry>, JsonError> {
        if !self.eat(b'{') {
            self.skip()?;
            return Ok(None);
        }
        let mut e = RawEntry::default();
        let mut plain = true;
        if self.eat(b'}') {
            return Ok(Some(e));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(self.err());
            }
            let key = self.string()?;
            if !self.eat(b':') {
                return Err(self.err());
            }
            let value = self.value()?;
            if key == "aliases" {
                match value {
                    Value::Texts(t) => e.aliases = Some(t),
                    Value::Null => e.aliases = None,
                    _ => plain = false,
                }
            } else if let Some(slot) = text_field(&mut e, &key) {
                match value {
                    Value::Text(t) => *slot = Some(t),
                    Value::Null => *slot = None,
                    _ => plain = false,
                }
            }
            if !self.more(b'}')? {
                break;
            }
        }
        Ok(plain.then_some(e))
    }

    /// A field's value; anything but `null`, a string or an array of strings is skipped.
    fn value(&mut self) -> Result<Value, JsonError> {
        self.ws();
        match self.peek() {
            Some(b'"') => Ok(Value::Text(self.string()?)),
            Some(b'n') if self.b[self.i..].starts_with(b"null") => {
                self.i += 4;
                Ok(Value::Null)
            }
            Some(b'[') => {
                self.i += 1;
                let mut texts = Vec::new();
                if self.eat(b']') {
                    return Ok(Value::Texts(texts));
                }
                let mut all_texts = true;
                loop {
                    self.ws();
                    if all_texts && self.peek() == Some(b'"') {
                        texts.push(self.string()?);
                    } else {
                        all_texts = false;
                        self.skip()?;
                    }
                    if !self.more(b']')? {
                        break;
                    }
                }
                Ok(if all_texts { Value::Texts(texts) } else { Value::Other })
            }
            _ => {
                self.skip()?;
                Ok(Value::Other)
            }
        }
    }

    /// Skips one value of any kind. A loop with a depth count, not recursion, so no nesting
    /// can exhaust the stack; every step moves on or fails, so it always ends.
    fn skip(&mut self) -> Result<(), JsonError> {
        let mut depth = 0usize;
        loop {
            self.ws();
            match self.peek() {
                None => return Err(self.err()),
                Some(b'"') => {
                    self.string()?;
                }
                Some(b'[' | b'{') => {
                    depth += 1;
                    self.i += 1;
                    continue;
                }
                Some(b']' | b'}') if depth > 0 => {
                    depth -= 1;
                    self.i += 1;
                }
                Some(b',' | b':') if depth > 0 => {
                    self.i += 1;
                    continue;
                }
                Some(b']' | b'}' | b',' | b':') => return Err(self.err()),
                Some(_) => {
                    // A number, true, false or null: up to the next delimiter.
                    let len = self.b[self.i..]
                        .iter()
                        .position(|c| b",:[]{}\" \t\n\r".contains(c))
                        .unwrap_or(self.b.len() - self.i);
                    self.i += len;
                }
            }
            if depth == 0 {
                return Ok(());
            }
        }
    }

    /// A string, at its opening quote. Runs without escapes are copied whole.
    fn string(&mut self) -> Result<String, JsonError> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let from = self.i;
            let len = memchr::memchr2(b'"', b'\\', &self.b[from..]).ok_or_else(|| self.err())?;
            self.i += len;
            // Both ends sit next to an ASCII byte, so they are char boundaries.
            out.push_str(self.s.get(from..self.i).ok_or_else(|| self.err())?);
            if self.b[self.i] == b'"' {
                self.i += 1;
                return Ok(out);
            }
            let escape = self.b.get(self.i + 1).copied().ok_or_else(|| self.err())?;
            self.i += 2;
            out.push(match escape {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => self.unicode()?,
                _ => return Err(self.err()),
            });
        }
    }

    /// The character of a `\uXXXX` escape (after the `u`), with its low surrogate if it is a
    /// high one. A lone surrogate becomes U+FFFD, as when a JS string crosses the boundary.
    fn unicode(&mut self) -> Result<char, JsonError> {
        let high = self.hex4()?;
        if (0xD800..0xDC00).contains(&high) && self.b[self.i..].starts_with(b"\\u") {
            let back = self.i;
            self.i += 2;
            let low = self.hex4()?;
            if (0xDC00..0xE000).contains(&low) {
                let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                return Ok(char::from_u32(c).unwrap_or('\u{FFFD}'));
            }
            self.i = back;
        }
        Ok(char::from_u32(high).unwrap_or('\u{FFFD}'))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.b.get(self.i..self.i + 4).ok_or_else(|| self.err())?;
        let mut n = 0;
        for &d in digits {
            n = n * 16 + char::from(d).to_digit(16).ok_or_else(|| self.err())?;
        }
        self.i += 4;
        Ok(n)
    }
}

/// The slot of a text field called `key`, if it is one (`aliases` is not).
fn text_field<'e>(e: &'e mut RawEntry, key: &str) -> Option<&'e mut Option<String>> {
    Some(match key {
        "term" => &mut e.term,
        "definition" => &mut e.definition,
        "category" => &mut e.category,
        "source" => &mut e.source,
        "en" => &mut e.en,
        "note" => &mut e.note,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(term: &str, definition: &str) -> RawEntry {
        RawEntry { term: Some(term.into()), definition: Some(definition.into()), ..RawEntry::default() }
    }

    #[test]
    fn reads_entries_and_leaves_the_rest_to_the_caller() {
        let full = RawEntry {
            term: Some("两学一做".into()),
            definition: Some("学党章党规、学系列讲话，做合格党员。".into()),
            aliases: Some(vec!["两学".into(), "".into()]),
            category: Some("党建".into()),
            source: Some("https://example.invalid/".into()),
            en: Some("Two Studies, One Action".into()),
            note: Some("".into()),
        };
        let cases: Vec<(&str, Result<Entries, JsonError>)> = vec![
            ("[]", Ok(vec![])),
            (" \r\n[ ] \n", Ok(vec![])),
            ("[{}]", Ok(vec![Some(RawEntry::default())])),
            (r#"[{"term":"术语","definition":"定义"}]"#, Ok(vec![Some(entry("术语", "定义"))])),
            (
                r#"[{"term":"两学一做","definition":"学党章党规、学系列讲话，做合格党员。","aliases":["两学",""],
                   "category":"党建","source":"https://example.invalid/","en":"Two Studies, One Action","note":""}]"#,
                Ok(vec![Some(full)]),
            ),
            // Escapes, surrogate pairs, lone surrogates (U+FFFD, as across the JS boundary).
            (
                r#"[{"term":"a\"b\\c\/d\b\f\n\r\t","definition":"\u4e2d\u6587 \ud83d\ude00 \ud800 x\udc00 \u0001"}]"#,
                Ok(vec![Some(entry("a\"b\\c/d\u{8}\u{c}\n\r\t", "中文 😀 \u{FFFD} x\u{FFFD} \u{1}"))]),
            ),
            // A high surrogate followed by an escape that is not a low one.
            (
                r#"[{"term":"\ud800\u0041"}]"#,
                Ok(vec![Some(RawEntry { term: Some("\u{FFFD}A".into()), ..RawEntry::default() })]),
            ),
            // null is absent; unknown keys are ignored whatever their value; the last of a
            // repeated key wins; an empty aliases array is kept.
            (
                r#"[{"term":"t","definition":null,"x":{"y":[1,{"z":"]"}]},"aliases":[],"term":"u"}]"#,
                Ok(vec![Some(RawEntry {
                    term: Some("u".into()),
                    aliases: Some(vec![]),
                    ..RawEntry::default()
                })]),
            ),
            // Elements that are not entries, fields of another type: left to the caller.
            (
                r#"[null,1,-2.5e3,true,"s",[],[{"term":"a"}],{"term":5},{"term":["a"]},{"definition":{}},
                   {"aliases":"a"},{"aliases":["a",1]},{"aliases":[1,"a"]},{"note":false},{"term":"ok"}]"#,
                Ok(vec![None; 14]
                    .into_iter()
                    .chain([Some(RawEntry { term: Some("ok".into()), ..RawEntry::default() })])
                    .collect()),
            ),
            // Not an array, or not JSON.
            ("", Err(JsonError { at: 0 })),
            ("{}", Err(JsonError { at: 0 })),
            ("[", Err(JsonError { at: 1 })),
            ("[{}", Err(JsonError { at: 3 })),
            ("[{},]", Err(JsonError { at: 4 })),
            ("[{}] x", Err(JsonError { at: 5 })),
            ("[{} {}]", Err(JsonError { at: 4 })),
            (r#"[{"term"}]"#, Err(JsonError { at: 8 })),
            (r#"[{"term":"a}]"#, Err(JsonError { at: 10 })),
            (r#"[{term:"a"}]"#, Err(JsonError { at: 2 })),
            (r#"[{"term":"\x"}]"#, Err(JsonError { at: 12 })),
            (r#"[{"term":"\u12"}]"#, Err(JsonError { at: 12 })),
            (r#"[{"term":"\u12G4"}]"#, Err(JsonError { at: 12 })),
            (r#"[{"term":"a"}}]"#, Err(JsonError { at: 13 })),
            // What is skipped is not checked: it comes from JSON.stringify, and a skipped element
            // is read from its JS value anyway.
            ("[[1,]]", Ok(vec![None])),
            ("[:]", Err(JsonError { at: 1 })),
        ];
        for (json, want) in cases {
            assert_eq!(entries(json), want, "{json}");
        }
    }

    #[test]
    fn deep_nesting_ends_without_recursion() {
        let deep = format!("[{}{}]", "[".repeat(200_000), "]".repeat(200_000));
        assert_eq!(entries(&deep), Ok(vec![None]));
        let open = format!("[{}", "{\"a\":[".repeat(100_000));
        assert!(entries(&open).is_err());
    }

    #[test]
    fn marked_entries_are_left_to_the_caller() {
        let json = r#"[{"term":"a"},{"term":"b"},{"term":"c"}]"#;
        let t = |s: &str| Some(RawEntry { term: Some(s.into()), ..RawEntry::default() });
        let cases: Vec<(String, Result<Entries, JsonError>)> = vec![
            (format!("\n{json}"), Ok(vec![t("a"), t("b"), t("c")])),
            (format!("0,2,\n{json}"), Ok(vec![None, t("b"), None])),
            (format!("1,1,\n{json}"), Ok(vec![t("a"), None, t("c")])),
            (format!("3,\n{json}"), Err(JsonError { at: 0 })),
            (format!("x,\n{json}"), Err(JsonError { at: 0 })),
            (json.to_owned(), Err(JsonError { at: 0 })),
        ];
        for (marked, want) in cases {
            assert_eq!(read_marked(&marked), want, "{marked}");
        }
    }
}
