//! Squeezes the two text assets compiled into the module (the default glossary and the widget's
//! stylesheet) into `OUT_DIR`: comments and white space that mean nothing go, so the .wasm
//! carries about 8 KB less. The sources in the repository stay readable.

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

fn main() {
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for (src, name, css) in
        [("data/glossary.zh.json", "glossary.zh.json", false), ("src/widget/style.css", "style.css", true)]
    {
        println!("cargo:rerun-if-changed={src}");
        let text = fs::read_to_string(src).expect("asset is readable");
        fs::write(Path::new(&out).join(name), squeeze(&text, css)).expect("OUT_DIR is writable");
    }
}
