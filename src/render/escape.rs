//! Escaping, as two functions because text and attribute values need different care (as in
//! mdBook): text content only has to keep `<` and `&` from starting markup; attribute values
//! are also quoted, so quotes must go too.

/// Escapes text for an HTML text node: `&`, `<`, `>`.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(&mut out, s, false);
    out
}

/// Escapes text for a double- or single-quoted HTML attribute value: `&`, `<`, `>`, `"`, `'`.
pub fn escape_html_attribute(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(&mut out, s, true);
    out
}

/// Appends `s` to `out`, escaped for text (`attr == false`) or attributes.
pub(crate) fn escape_into(out: &mut String, s: &str, attr: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\'' if attr => out.push_str("&#39;"),
            // NUL is replaced by parsers anyway; dropping it keeps the output well-formed.
            '\0' => out.push('\u{FFFD}'),
            _ => out.push(c),
        }
    }
}

/// A small writer that keeps escaping in one place: markup goes in with [`Html::raw`] (string
/// literals of the renderer only), everything else with [`Html::text`] or [`Html::attr`].
pub(crate) struct Html {
    pub(crate) out: String,
}

impl Html {
    pub(crate) fn raw(&mut self, s: &str) -> &mut Self {
        self.out.push_str(s);
        self
    }
    pub(crate) fn text(&mut self, s: &str) -> &mut Self {
        escape_into(&mut self.out, s, false);
        self
    }
    pub(crate) fn attr(&mut self, s: &str) -> &mut Self {
        escape_into(&mut self.out, s, true);
        self
    }
    pub(crate) fn num(&mut self, n: usize) -> &mut Self {
        self.out.push_str(&n.to_string());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attribute_escaping() {
        let cases = [
            ("a<b>&c", "a&lt;b&gt;&amp;c", "a&lt;b&gt;&amp;c"),
            ("\"x\" 'y'", "\"x\" 'y'", "&quot;x&quot; &#39;y&#39;"),
            (
                "<img src=x onerror=alert(1)>",
                "&lt;img src=x onerror=alert(1)&gt;",
                "&lt;img src=x onerror=alert(1)&gt;",
            ),
            ("各位代表！", "各位代表！", "各位代表！"),
            ("&amp;", "&amp;amp;", "&amp;amp;"),
        ];
        for (input, text, attr) in cases {
            assert_eq!(escape_html(input), text, "text: {input}");
            assert_eq!(escape_html_attribute(input), attr, "attr: {input}");
        }
    }
}
