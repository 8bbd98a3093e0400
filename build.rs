//! Prepares the two assets compiled into the module, in `OUT_DIR`, squeezed: white space that
//! means nothing goes, and comments from the stylesheet.
//! - the widget's stylesheet;
//! - the default glossary's JSON, which the module reads with `src/glossary/json.rs` (no page
//!   parses it with `JSON.parse` or sends it across the JS boundary: that cost 3–5 ms of the
//!   first mount). The file is checked here: an entry that is not an object, an unknown field or
//!   a field of the wrong type fails the build.
//!
//! The sources in the repository stay readable.

use std::{env, fs, path::Path};

/// The placeholder classes' scale, shared with the module (`render::estimate`).
#[path = "src/render/scale.rs"]
mod scale;

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

/// The fields an entry may have; `aliases` is the one array.
const FIELDS: [&str; 7] = ["term", "definition", "aliases", "category", "source", "en", "note"];

/// Panics, failing the build, if `data/glossary.zh.json` is not a valid glossary: an array of
/// objects with known fields only, each a string (or null), `aliases` an array of strings.
fn check_glossary(json: &str) {
    let value: serde_json::Value = serde_json::from_str(json).expect("data/glossary.zh.json is JSON");
    let items = value.as_array().expect("data/glossary.zh.json is an array");
    for (i, item) in items.iter().enumerate() {
        let entry = item.as_object().unwrap_or_else(|| panic!("glossary entry {i} is not an object"));
        for (k, v) in entry {
            let ok = match v {
                serde_json::Value::Null => true,
                serde_json::Value::String(_) => k != "aliases",
                serde_json::Value::Array(a) => k == "aliases" && a.iter().all(serde_json::Value::is_string),
                _ => false,
            };
            assert!(FIELDS.contains(&k.as_str()), "glossary entry {i} has an unknown field `{k}`");
            assert!(
                ok,
                "glossary entry {i}: `{k}` is not of its type (a string, or for aliases an array of strings)"
            );
        }
    }
}

fn main() {
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed=src/render/scale.rs");
    for (src, name, css) in
        [("data/glossary.zh.json", "glossary.zh.json", false), ("src/widget/style.css", "style.css", true)]
    {
        println!("cargo:rerun-if-changed={src}");
        let text = fs::read_to_string(src).expect("asset is readable");
        if !css {
            check_glossary(&text);
        }
        let mut squeezed = squeeze(&text, css);
        if css {
            squeezed.push_str(&estimate_rules());
        }
        fs::write(Path::new(&out).join(name), squeezed).expect("OUT_DIR is writable");
    }
}

/// The value of each placeholder class `u0` … `u79` of a section body (`--rr-u`, in units of
/// `src/render/estimate.rs`), from the scale the module rounds to (`src/render/scale.rs`).
///
/// Then the characters per line, `--rr-c`: the column's width in em rounded down (Chinese text
/// is one em a character, justified). One rule per width below 49 em (wider than the default
/// measure, 42 em) down to below 11, the narrowest last so that it wins where several match.
fn estimate_rules() -> String {
    let mut rules = String::new();
    for k in 0..scale::BUCKETS {
        rules.push_str(&format!(".u{k}{{--rr-u:{}}}", scale::bucket_value(k)));
    }
    for per_line in (10..=48).rev() {
        let below = per_line + 1;
        rules
            .push_str(&format!("@container rr-body (width<{below}em){{.section-body{{--rr-c:{per_line}}}}}"));
    }
    rules
}
