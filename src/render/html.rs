//! The HTML of a document. One string, built once, inserted once.
//!
//! Markup comes only from literals in this file; everything from the report goes through
//! [`Html::text`] or [`Html::attr`], which escape it.

use super::escape::escape_into;
use crate::i18n::{with_n, Lang};
use crate::report::{BlockKind, Document, FrontKind, Section};

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Prefix for every id in the output, unique per widget instance (`rr1-`), so two widgets
    /// on one page never produce the same id. Must be safe in an id (the widget makes it).
    pub id_prefix: String,
    /// Interface language.
    pub lang: Lang,
    /// Which sections start folded, by index (missing entries: open).
    pub folded: Vec<bool>,
    /// Fold with `hidden="until-found"` (find-in-page can reveal it) rather than plain `hidden`,
    /// for browsers that support it.
    pub until_found: bool,
}

/// The link icon of copy-link buttons: SVG, so the button adds no text to the section.
const LINK_ICON: &str = "<svg aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 24 24\" width=\"16\" \
height=\"16\"><path fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linecap=\"round\" \
d=\"M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1\"/></svg>";

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
    fn num(&mut self, n: usize) -> &mut Self {
        self.out.push_str(&n.to_string());
        self
    }
}

/// Renders a document: header (title, front matter), toolbar and outline, body with nested
/// sections, and the note that lists what was removed from the source.
///
/// Every piece of text from the document is escaped with [`super::escape_html`] rules, and
/// every attribute value with [`super::escape_html_attribute`] rules.
pub fn render(doc: &Document, opts: &RenderOptions) -> String {
    let t = opts.lang.strings();
    let p = &opts.id_prefix;
    let size: usize = doc.blocks.iter().map(|b| b.text.len()).sum();
    let mut h = Html { out: String::with_capacity(size * 5 / 4 + 600 * doc.sections.len() + 4096) };

    h.raw("<div class=\"rr\" lang=\"zh-CN\"><header class=\"head\" part=\"header\">");
    h.raw("<h1 part=\"title\" class=\"title\" id=\"").attr(p).raw("title\">");
    h.text(doc.title.as_deref().unwrap_or(t.untitled)).raw("</h1>");
    for f in &doc.front {
        let kind = match f.kind {
            FrontKind::Subtitle => "subtitle",
            FrontKind::Speaker => "speaker",
            FrontKind::Date => "date",
        };
        h.raw("<p class=\"front ").raw(kind).raw("\" part=\"").raw(kind).raw("\">").text(&f.text).raw("</p>");
    }
    h.raw("</header><div class=\"layout\"><div class=\"side\" part=\"side\">");
    toolbar(&mut h, doc, opts);
    outline(&mut h, doc, opts);
    h.raw("</div>");

    h.raw("<article class=\"body\" part=\"article\" aria-labelledby=\"").attr(p).raw("title\">");
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
                h.raw("<p class=\"salutation\" part=\"salutation\">").text(&b.text).raw("</p>");
            }
            BlockKind::Heading(s) => {
                section_start(&mut h, doc, s, opts);
                open.push(s);
            }
        }
    }
    for _ in open {
        h.raw("</div></section>");
    }
    h.raw("</article></div>");

    if !doc.removed.is_empty() {
        h.raw("<details class=\"removed\" part=\"removed\"><summary>");
        h.text(&with_n(t.removed_summary, doc.removed.len())).raw("</summary>");
        h.raw("<p>").text(t.removed_help).raw("</p><ol>");
        for r in &doc.removed {
            h.raw("<li><span class=\"ln\">")
                .text(&with_n(t.line, r.line))
                .raw("</span> <span class=\"why\">");
            h.text(crate::i18n::reason(opts.lang, r.reason)).raw("</span> <span class=\"src\">");
            h.text(&r.text).raw("</span></li>");
        }
        h.raw("</ol></details>");
    }
    h.raw("<p class=\"announce\" role=\"status\" aria-live=\"polite\"></p></div>");
    h.out
}

/// The opening of section `s`: its heading row (fold button, copy-link button) and the start
/// of its body.
fn section_start(h: &mut Html, doc: &Document, s: usize, opts: &RenderOptions) {
    let t = opts.lang.strings();
    let p = &opts.id_prefix;
    let sec = &doc.sections[s];
    let text = &doc.blocks[sec.heading].text;
    let level = (sec.depth + 1).min(6);
    let foldable = sec.has_body();
    let folded = foldable && opts.folded.get(s).copied().unwrap_or(false);

    h.raw("<section part=\"section\" class=\"section depth-").num(sec.depth.min(6)).raw("\" id=\"");
    h.attr(p).attr(&sec.id).raw("\" aria-labelledby=\"").attr(p).attr(&sec.id).raw("-h\">");
    h.raw("<div class=\"heading-row\"><h").num(level).raw(" part=\"heading\" class=\"heading");
    if sec.lead {
        h.raw(" lead");
    }
    h.raw("\" id=\"").attr(p).attr(&sec.id).raw("-h\"");
    if sec.depth + 1 > 6 {
        h.raw(" aria-level=\"").num(sec.depth + 1).raw("\"");
    }
    if foldable {
        // The disclosure pattern: the heading's text is a real button.
        h.raw("><button type=\"button\" class=\"toggle\" part=\"toggle\" aria-expanded=\"");
        h.raw(if folded { "false" } else { "true" }).raw("\" aria-controls=\"").attr(p).attr(&sec.id);
        h.raw("-body\" data-section=\"").attr(&sec.id).raw("\">");
    } else {
        h.raw(" tabindex=\"-1\"><span class=\"no-toggle\">");
    }
    match sec.number.as_deref().filter(|n| text.starts_with(n)) {
        Some(n) => h.raw("<span class=\"num\">").text(n).raw("</span>").text(&text[n.len()..]),
        None => h.text(text),
    };
    h.raw(if foldable { "</button></h" } else { "</span></h" }).num(level).raw(">");
    let copy = t.copy_link.replace("{title}", &sec.label(40));
    h.raw("<button type=\"button\" class=\"copy-link\" part=\"copy-link\" data-copy=\"").attr(&sec.id);
    h.raw("\" aria-label=\"").attr(&copy).raw("\" title=\"").attr(&copy).raw("\">").raw(LINK_ICON);
    h.raw("</button></div><div class=\"section-body\" id=\"").attr(p).attr(&sec.id).raw("-body\"");
    if folded {
        h.raw(if opts.until_found { " hidden=\"until-found\"" } else { " hidden" });
    }
    h.raw(">");
}

/// The toolbar: outline drawer button (narrow layouts), expand all, collapse all.
fn toolbar(h: &mut Html, doc: &Document, opts: &RenderOptions) {
    let t = opts.lang.strings();
    h.raw("<div class=\"toolbar\" part=\"toolbar\" role=\"group\" aria-label=\"").attr(t.toolbar).raw("\">");
    h.raw(
        "<button type=\"button\" class=\"outline-toggle\" part=\"outline-toggle\" data-action=\"outline\" ",
    );
    h.raw("aria-expanded=\"false\" aria-controls=\"").attr(&opts.id_prefix).raw("outline\">");
    h.text(t.show_outline).raw("</button>");
    if doc.sections.iter().any(Section::has_body) {
        h.raw("<button type=\"button\" part=\"expand-all\" data-action=\"expand-all\">");
        h.text(t.expand_all).raw("</button>");
        h.raw("<button type=\"button\" part=\"collapse-all\" data-action=\"collapse-all\">");
        h.text(t.collapse_all).raw("</button>");
    }
    h.raw("</div>");
}

/// The outline: a labelled `nav` with nested lists of links to sections.
fn outline(h: &mut Html, doc: &Document, opts: &RenderOptions) {
    let t = opts.lang.strings();
    let p = &opts.id_prefix;
    h.raw("<nav class=\"outline\" part=\"outline\" id=\"").attr(p).raw("outline\" aria-labelledby=\"");
    h.attr(p).raw("outline-label\"><div class=\"outline-head\"><h2 class=\"outline-label\" id=\"");
    h.attr(p).raw("outline-label\">").text(t.outline).raw("</h2>");
    h.raw("<button type=\"button\" class=\"outline-close\" data-action=\"outline-close\">");
    h.text(t.hide_outline).raw("</button></div>");
    if doc.sections.is_empty() {
        h.raw("<p class=\"empty\">").text(t.no_sections).raw("</p></nav>");
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
        h.raw("<li><a href=\"#").attr(p).attr(&s.id).raw("\" data-section=\"").attr(&s.id).raw("\">");
        h.text(&s.label(40)).raw("</a>");
    }
    for _ in 1..depth {
        h.raw("</li></ol>");
    }
    h.raw("</li></ol></nav>");
}

/// Renders a visible error message (`role="alert"`, `part="error"`).
pub fn render_error(title: &str, message: &str) -> String {
    let mut h = Html { out: String::new() };
    h.raw("<div class=\"error\" part=\"error\" role=\"alert\"><strong>").text(title).raw("</strong> <span>");
    h.text(message).raw("</span></div>");
    h.out
}
