//! Helpers shared by the native integration tests.
#![allow(dead_code)]

use report_reader::report::Document;

/// The seed report (Jiyuan 2022), as scraped.
pub const SEED: &str = include_str!("../../www/reports/jiyuan-2022.txt");

/// The outline as indented lines: two spaces per level below the top, then the label.
pub fn outline(doc: &Document) -> String {
    doc.sections
        .iter()
        .map(|s| format!("{}{}", "  ".repeat(s.depth - 1), s.label(200)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Text content of an HTML fragment between the first `<tag ...>` with `marker` in its
/// opening tag and its matching close, with tags removed and entities decoded.
pub fn text_of(html: &str, marker: &str) -> String {
    let start = html.find(marker).expect("marker present");
    let open = html[..start].rfind('<').expect("opening tag");
    let name: String = html[open + 1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    let mut depth = 0usize;
    let mut out = String::new();
    let mut i = open;
    while i < html.len() {
        if html[i..].starts_with('<') {
            let end = i + html[i..].find('>').expect("tag closes");
            let tag = &html[i + 1..end];
            let closing = tag.starts_with('/');
            let tname: String =
                tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            if tname == name {
                if closing {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                } else {
                    depth += 1;
                }
            }
            i = end + 1;
        } else {
            let next = html[i..].find('<').map_or(html.len(), |n| i + n);
            out.push_str(&html[i..next]);
            i = next;
        }
    }
    decode_entities(&out)
}

/// Decodes the entities the renderer produces.
pub fn decode_entities(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Checks that every element opened in `html` is closed in order (void elements excepted).
pub fn assert_balanced(html: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(p) = rest.find('<') {
        let end = rest[p..].find('>').expect("unclosed tag") + p;
        let tag = &rest[p + 1..end];
        let closing = tag.starts_with('/');
        let name: String =
            tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        assert!(!name.is_empty(), "odd tag <{tag}> (unescaped '<' in text?)");
        if closing {
            assert_eq!(stack.pop().as_deref(), Some(name.as_str()), "mismatched </{name}>");
        } else if !tag.ends_with('/')
            && !matches!(name.as_str(), "br" | "img" | "input" | "meta" | "link" | "hr")
        {
            stack.push(name);
        }
        rest = &rest[end + 1..];
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}
