//! Prepares the two assets compiled into the module, in `OUT_DIR`:
//! - the widget's stylesheet, squeezed: comments and white space that mean nothing go;
//! - the default glossary, packed (`glossary.packed`, the format of `src/glossary/packed.rs`),
//!   so a page pays no JSON parsing for it: reading 151 entries through `JSON.parse` and the
//!   JS boundary cost 3–5 ms of the first mount. The shipped file is checked here: a field of
//!   the wrong type or an unknown field fails the build. Its squeezed JSON is kept for native
//!   tests, which check that both give the same entries.
//!
//! The sources in the repository stay readable.

use std::{env, fs, path::Path};

/// Drops white space outside strings; with `css`, also `/* … */` comments, and keeps one space
/// where white space separates tokens (CSS needs it in selectors and values), except next to
/// `{`, `}` and `;`, where it never matters.
fn squeeze(text: &str, css: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut quote: Option<char> = None;
    let mut space = false;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == '\\' {
                out.extend(chars.next());
            } else if c == q {
                quote = None;
            }
            continue;
        }
        if css && c == '/' && chars.peek() == Some(&'*') {
            chars.next();
            let mut prev = ' ';
            for d in chars.by_ref() {
                if prev == '*' && d == '/' {
                    break;
                }
                prev = d;
            }
            space = true;
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && css && !out.is_empty() && !matches!(c, '{' | '}' | ';') && !out.ends_with(['{', '}', ';'])
        {
            out.push(' ');
        }
        space = false;
        if c == '"' || (css && c == '\'') {
            quote = Some(c);
        }
        out.push(c);
    }
    out
}

/// The fields an entry may have, in `RawEntry`'s order; `aliases` is the one array.
const FIELDS: [&str; 7] = ["term", "definition", "aliases", "category", "source", "en", "note"];

/// `data/glossary.zh.json` packed in the format of `src/glossary/packed.rs` (the one the
/// browser layer packs host glossaries in); panics, failing the build, if the file is not a
/// valid glossary.
fn glossary_packed(json: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(json).expect("data/glossary.zh.json is JSON");
    let items = value.as_array().expect("data/glossary.zh.json is an array");
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        let entry = item.as_object().unwrap_or_else(|| panic!("glossary entry {i} is not an object"));
        if let Some(k) = entry.keys().find(|k| !FIELDS.contains(&k.as_str())) {
            panic!("glossary entry {i} has an unknown field `{k}`");
        }
        out.push('o');
        for f in FIELDS {
            let text = |v: &serde_json::Value| {
                let s = v.as_str().unwrap_or_else(|| panic!("glossary entry {i}: `{f}` is not a string"));
                assert!(
                    !s.contains(['\u{0}', '\u{1}', '\u{2}']),
                    "glossary entry {i}: `{f}` has a control character"
                );
                s.to_owned()
            };
            match entry.get(f).filter(|v| !v.is_null()) {
                None => out.push('\u{0}'),
                Some(serde_json::Value::Array(a)) if f == "aliases" => {
                    for alias in a {
                        out.push('\u{2}');
                        out.push_str(&text(alias));
                    }
                }
                Some(v) => out.push_str(&text(v)),
            }
            out.push('\u{1}');
        }
    }
    let structure = out.chars().filter(|c| matches!(c, '\u{0}' | '\u{1}' | '\u{2}')).count();
    format!("{structure}\u{1}{out}")
}

fn main() {
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for (src, name, css) in
        [("data/glossary.zh.json", "glossary.zh.json", false), ("src/widget/style.css", "style.css", true)]
    {
        println!("cargo:rerun-if-changed={src}");
        let text = fs::read_to_string(src).expect("asset is readable");
        fs::write(Path::new(&out).join(name), squeeze(&text, css)).expect("OUT_DIR is writable");
        if !css {
            fs::write(Path::new(&out).join("glossary.packed"), glossary_packed(&text))
                .expect("OUT_DIR is writable");
        }
    }
}
