//! The HTML of a document. One string, built once, inserted once.

use super::escape::escape_into;
use crate::i18n::{with_n, Lang};
use crate::report::{BlockKind, Document, FrontKind};

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Prefix for every id in the output, unique per widget instance (`rr1-`), so two widgets
    /// on one page never produce the same id. Must be safe in an id (the widget makes it).
    pub id_prefix: String,
    /// Interface language.
    pub lang: Lang,
}

/// A small writer that keeps escaping in one place.
struct Html {
    out: String,
}

impl Html {
    fn raw(&mut self, s: &str) -> &mut Self {
        self.out.push_str(s);
        self
    }
    fn text(&mut self, s: &str) -> &mut Self {
        escape_into(&mut self.out, s, false);
        self
    }
    fn attr(&mut self, s: &str) -> &mut Self {
        escape_into(&mut self.out, s, true);
        self
    }
}

/// Renders a document: header (title, front matter), outline, body with nested sections, and
/// the note that lists what was removed from the source.
///
/// Every piece of text from the document is escaped with [`super::escape_html`] rules, and
/// every attribute value with [`super::escape_html_attribute`] rules.
pub fn render(doc: &Document, opts: &RenderOptions) -> String {
    let t = opts.lang.strings();
    let p = &opts.id_prefix;
    let mut h = Html {
        out: String::with_capacity(
            doc.blocks.iter().map(|b| b.text.len()).sum::<usize>() * 5 / 4 + 4096,
        ),
    };

    h.raw("<div class=\"rr\" lang=\"zh-CN\">");
    h.raw("<header class=\"head\" part=\"header\"><h1 part=\"title\" class=\"title\" id=\"")
        .attr(p)
        .raw("title\">");
    h.text(doc.title.as_deref().unwrap_or(t.untitled))
        .raw("</h1>");
    for f in &doc.front {
        let kind = match f.kind {
            FrontKind::Subtitle => "subtitle",
            FrontKind::Speaker => "speaker",
            FrontKind::Date => "date",
        };
        h.raw("<p class=\"front ")
            .raw(kind)
            .raw("\" part=\"")
            .raw(kind)
            .raw("\">")
            .text(&f.text)
            .raw("</p>");
    }
    h.raw("</header><div class=\"layout\">");

    outline(&mut h, doc, opts);

    h.raw("<article class=\"body\" part=\"article\" aria-labelledby=\"")
        .attr(p)
        .raw("title\">");
    let mut open: Vec<usize> = Vec::new(); // open sections, innermost last
    for (i, b) in doc.blocks.iter().enumerate() {
        while open.last().is_some_and(|&s| doc.sections[s].end <= i) {
            open.pop();
            h.raw("</div></section>");
        }
        match b.kind {
            BlockKind::Paragraph => {
                h.raw("<p part=\"paragraph\">").text(&b.text).raw("</p>");
            }
            BlockKind::Salutation => {
                h.raw("<p class=\"salutation\" part=\"salutation\">")
                    .text(&b.text)
                    .raw("</p>");
            }
            BlockKind::Heading(s) => {
                let sec = &doc.sections[s];
                let level = (sec.depth + 1).min(6);
                h.raw("<section part=\"section\" class=\"section depth-")
                    .raw(&sec.depth.to_string())
                    .raw("\" id=\"")
                    .attr(p)
                    .attr(&sec.id);
                h.raw("\" aria-labelledby=\"")
                    .attr(p)
                    .attr(&sec.id)
                    .raw("-h\">");
                h.raw("<h")
                    .raw(&level.to_string())
                    .raw(" part=\"heading\" class=\"heading");
                if sec.lead {
                    h.raw(" lead");
                }
                h.raw("\" id=\"")
                    .attr(p)
                    .attr(&sec.id)
                    .raw("-h\" tabindex=\"-1\"");
                if sec.depth + 1 > 6 {
                    h.raw(" aria-level=\"")
                        .raw(&(sec.depth + 1).to_string())
                        .raw("\"");
                }
                h.raw(">");
                match sec.number.as_deref().filter(|n| b.text.starts_with(n)) {
                    Some(n) => {
                        h.raw("<span class=\"num\">")
                            .text(n)
                            .raw("</span>")
                            .text(&b.text[n.len()..]);
                    }
                    None => {
                        h.text(&b.text);
                    }
                }
                h.raw("</h")
                    .raw(&level.to_string())
                    .raw("><div class=\"section-body\">");
                open.push(s);
            }
        }
    }
    for _ in open {
        h.raw("</div></section>");
    }
    h.raw("</article></div>");

    if !doc.removed.is_empty() {
        h.raw("<details class=\"removed\" part=\"removed\"><summary>")
            .text(&with_n(t.removed_summary, doc.removed.len()))
            .raw("</summary>");
        h.raw("<p>").text(t.removed_help).raw("</p><ol>");
        for r in &doc.removed {
            h.raw("<li><span class=\"ln\">")
                .text(&with_n(t.line, r.line))
                .raw("</span> <span class=\"why\">");
            h.text(crate::i18n::reason(opts.lang, r.reason))
                .raw("</span> <span class=\"src\">")
                .text(&r.text)
                .raw("</span></li>");
        }
        h.raw("</ol></details>");
    }
    h.raw("</div>");
    h.out
}

/// The outline: a labelled `nav` with nested lists of links to sections.
fn outline(h: &mut Html, doc: &Document, opts: &RenderOptions) {
    let t = opts.lang.strings();
    let p = &opts.id_prefix;
    h.raw("<nav class=\"outline\" part=\"outline\" aria-labelledby=\"")
        .attr(p)
        .raw("outline-label\">");
    h.raw("<h2 class=\"outline-label\" id=\"")
        .attr(p)
        .raw("outline-label\">")
        .text(t.outline)
        .raw("</h2>");
    if doc.sections.is_empty() {
        h.raw("<p class=\"empty\">")
            .text(t.no_sections)
            .raw("</p></nav>");
        return;
    }
    let mut depth = 0;
    for s in &doc.sections {
        if s.depth > depth {
            for _ in depth..s.depth {
                h.raw("<ol>");
            }
        } else {
            h.raw("</li>");
            for _ in s.depth..depth {
                h.raw("</ol></li>");
            }
        }
        depth = s.depth;
        h.raw("<li><a href=\"#")
            .attr(p)
            .attr(&s.id)
            .raw("\" data-section=\"")
            .attr(&s.id)
            .raw("\">")
            .text(&s.label(40))
            .raw("</a>");
    }
    for _ in 1..depth {
        h.raw("</li></ol>");
    }
    h.raw("</li></ol></nav>");
}

/// Renders a visible error message (`role="alert"`, `part="error"`).
pub fn render_error(title: &str, message: &str) -> String {
    let mut h = Html { out: String::new() };
    h.raw("<div class=\"error\" part=\"error\" role=\"alert\"><strong>")
        .text(title)
        .raw("</strong> <span>")
        .text(message)
        .raw("</span></div>");
    h.out
}
