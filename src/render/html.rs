//! The HTML of a document: one string for the whole, or a shell and then the article in
//! chunks that each go into the page with one insertion ([`render_shell`], [`chunks`],
//! [`render_blocks`]), so a long report shows its first screen before the rest is parsed.
//! [`render_lean_shell`] also leaves out what no one sees at first ([`Late`]: the term index's
//! list, the removed-lines note, the screen readers' definitions, the print endnotes), which
//! goes in right after the first screen.
//!
//! Markup comes only from literals in this file; everything from the report goes through
//! [`Html::text`] or [`Html::attr`], which escape it.

use std::ops::Range;

use super::escape::Html;
use crate::glossary::marks::{Annotations, Occurrence};
use crate::glossary::{Entry, EntryIssue, Glossary, Origin};
use crate::i18n::{with_n, Lang, Strings};
use crate::report::{BlockKind, Document, FrontKind, Section};

/// What the glossary contributes to a render.
#[derive(Debug, Clone, Copy)]
pub struct GlossaryView<'a> {
    /// The merged glossary.
    pub glossary: &'a Glossary,
    /// Its occurrences in the document.
    pub notes: &'a Annotations,
    /// Problems with the host's glossary, entry by entry.
    pub issues: &'a [EntryIssue],
    /// Why the host's glossary could not be used at all, if so (shown in words).
    pub failure: Option<&'a str>,
}

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
    /// The section whose outline entry is marked as the one being read
    /// (`aria-current="location"`), if any.
    pub current: Option<usize>,
    /// Bytes of the article's text (not folded away) that the first screen shows, about: the
    /// bodies that start within them get class `near`, which the stylesheet lays out with the
    /// page rather than leaving to the browser's check for what is near the screen
    /// (`content-visibility: auto`). That check comes after a first layout pass, in the same
    /// frame, and lays out again what it lets in: a skipped body had its placeholder height in
    /// the first pass, and what follows it on screen moving into place counted as a layout
    /// shift of the host page (0.1 on the demo, a Core Web Vital's whole "good" budget); the
    /// body that runs past the screen's end shows too, so the second pass was only spared if
    /// it is laid out at once as well. 0: none.
    pub near: usize,
    /// Entries of the outline (at any depth) that the first screen's outline column shows,
    /// about: the top-level entries that start within them get class `near`, laid out with
    /// the page for the same reason as [`RenderOptions::near`]. 0: none.
    pub near_entries: usize,
    /// The first frame of a mount that opens at the article's start: the root gets class
    /// `opening`, with which the stylesheet keeps the bodies and outline entries that are not
    /// `near` (they start below the first screen) out of that frame altogether
    /// (`content-visibility: hidden`) rather than letting the browser lay out those within
    /// half a screen of it, in a second layout pass, before it paints. The widget removes the
    /// class at the next frame (sooner if the first screen is elsewhere).
    pub opening: bool,
}

/// The link icon of copy-link buttons: SVG, so the button adds no text to the section.
const LINK_ICON: &str = "<svg aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 24 24\" width=\"16\" \
height=\"16\"><path fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linecap=\"round\" \
d=\"M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1\"/></svg>";

/// Renders a document: header (title, front matter), toolbar and outline, body with nested
/// sections, and the note that lists what was removed from the source.
///
/// Every piece of text from the document is escaped with [`super::escape_html`] rules, and
/// every attribute value with [`super::escape_html_attribute`] rules.
pub fn render(doc: &Document, opts: &RenderOptions) -> String {
    render_with(doc, opts, None)
}

/// [`render`], with glossary marks, the term index and the glossary's problems note.
pub fn render_with(doc: &Document, opts: &RenderOptions, gloss: Option<GlossaryView>) -> String {
    render_shell(doc, opts, gloss, doc.blocks.len())
}

/// Where the article can be cut, as block ranges in order: each range starts and ends outside
/// every section (top level), so it renders to balanced markup with [`render_blocks`]. The
/// first range holds at least `first` bytes of text that is not folded away (the first
/// screen), the others at least `rest` bytes each; the ranges cover every block.
pub fn chunks(doc: &Document, folded: &[bool], first: usize, rest: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // What the first chunk must fill is the screen, so it weighs text that shows; the others
    // weigh what the browser must parse, folded or not.
    let (mut start, mut shown, mut bytes, mut open_end) = (0, 0, 0, 0);
    // End of the folded section the walk is inside: its body shows nothing.
    let mut hidden_until = 0;
    for (i, b) in doc.blocks.iter().enumerate() {
        let full = if out.is_empty() { shown >= first } else { bytes >= rest };
        if i >= open_end && i > start && full {
            out.push(start..i);
            (start, shown, bytes) = (i, 0, 0);
        }
        // A block shows as a line at least; a folded heading shows, its body does not.
        let weight = b.text.len().max(80);
        bytes += weight;
        if i >= hidden_until {
            shown += weight;
        }
        if let BlockKind::Heading(s) = b.kind {
            let sec = &doc.sections[s];
            open_end = open_end.max(sec.end);
            if i >= hidden_until && folded.get(s).copied().unwrap_or(false) {
                hidden_until = sec.end;
            }
        }
    }
    if start < doc.blocks.len() {
        out.push(start..doc.blocks.len());
    }
    out
}

/// [`render_with`], with only the blocks before `upto` in the article (a chunk boundary from
/// [`chunks`]); the rest goes in later with [`render_blocks`] at the article's end.
pub fn render_shell(
    doc: &Document,
    opts: &RenderOptions,
    gloss: Option<GlossaryView>,
    upto: usize,
) -> String {
    shell(doc, opts, gloss, upto, false).0
}

/// What [`render_lean_shell`] leaves out, to be inserted once the first screen is painted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Late {
    /// The term index's items: they go at the end of its list (`ol.terms`), empty if the
    /// report has no terms.
    pub index: String,
    /// The removed-lines note, the definitions for screen readers and the print endnotes:
    /// they go just before the live region (`p.announce`), the shell's last element.
    pub tail: String,
}

/// [`render_shell`] without [`Late`]'s parts, which are returned on their own.
pub fn render_lean_shell(
    doc: &Document,
    opts: &RenderOptions,
    gloss: Option<GlossaryView>,
    upto: usize,
) -> (String, Late) {
    shell(doc, opts, gloss, upto, true)
}

/// The shell; with `lean`, [`Late`]'s parts are returned rather than written in place.
fn shell(
    doc: &Document,
    opts: &RenderOptions,
    gloss: Option<GlossaryView>,
    upto: usize,
    lean: bool,
) -> (String, Late) {
    let mut late = Late::default();
    let t = opts.lang.strings();
    let p = &opts.id_prefix;
    let size: usize = doc.blocks[..upto].iter().map(|b| b.text.len()).sum();
    let mut h = Html { out: String::with_capacity(size * 5 / 4 + 600 * doc.sections.len() + 4096) };

    h.raw(if opts.opening { "<div class=\"rr opening\"" } else { "<div class=\"rr\"" });
    h.raw(" lang=\"zh-CN\"><header class=\"head\" part=\"header\">");
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
    h.raw("</header>");
    if let Some(g) = gloss {
        glossary_note(&mut h, t, &g);
    }
    h.raw("<div class=\"layout\"><div class=\"side\" part=\"side\">");
    toolbar(&mut h, doc, opts, gloss.is_some_and(|g| !g.notes.order.is_empty()));
    outline(&mut h, doc, opts);
    if let Some(g) = gloss {
        late.index = term_index(&mut h, opts, &g, lean);
    }
    h.raw("</div>");

    h.raw("<article class=\"body\" part=\"article\" aria-labelledby=\"").attr(p).raw("title\">");
    blocks(&mut h, doc, opts, gloss.map(|g| g.notes), 0..upto);
    h.raw("</article></div>");

    if gloss.is_some() {
        h.raw("<div class=\"popover\" part=\"popover\" role=\"dialog\" hidden></div>");
    }
    late.tail = tail(doc, opts, gloss);
    if !lean {
        h.raw(&std::mem::take(&mut late.tail));
    }
    h.raw("<p class=\"announce\" role=\"status\" aria-live=\"polite\"></p></div>");
    (h.out, late)
}

/// [`Late::tail`]: the removed-lines note, the definitions for screen readers and the print
/// endnotes.
fn tail(doc: &Document, opts: &RenderOptions, gloss: Option<GlossaryView>) -> String {
    let t = opts.lang.strings();
    let p = &opts.id_prefix;
    let mut h = Html { out: String::new() };
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
    if let Some(g) = gloss {
        // Definitions for screen readers: each marked term points here with aria-describedby.
        h.raw("<div class=\"defs\" hidden>");
        for &e in &g.notes.order {
            let entry = &g.glossary.entries[e];
            h.raw("<span id=\"").attr(p).raw("def-").num(e).raw("\">").text(&entry.definition).raw("</span>");
        }
        h.raw("</div>");
        // Printed only: the definitions of the terms found, as endnotes.
        if !g.notes.order.is_empty() {
            h.raw("<section class=\"endnotes\" part=\"endnotes\" aria-hidden=\"true\"><h2>")
                .text(t.endnotes)
                .raw("</h2><dl>");
            for &e in &g.notes.order {
                let entry = &g.glossary.entries[e];
                h.raw("<dt>").text(&entry.term).raw("</dt><dd>").text(&entry.definition).raw("</dd>");
            }
            h.raw("</dl></section>");
        }
    }
    h.out
}

/// The markup of the blocks in `range` (a range from [`chunks`]), to go at the end of the
/// article of a [`render_shell`].
pub fn render_blocks(
    doc: &Document,
    opts: &RenderOptions,
    notes: Option<&Annotations>,
    range: Range<usize>,
) -> String {
    let size: usize = doc.blocks[range.clone()].iter().map(|b| b.text.len()).sum();
    let mut h = Html { out: String::with_capacity(size * 5 / 4 + 1024) };
    blocks(&mut h, doc, opts, notes, range);
    h.out
}

/// What a block takes on screen beyond its text, for [`RenderOptions::near`], in bytes of text:
/// a line (42 Han characters, the measure), for a paragraph's last line and margin or a
/// heading's row.
pub const NEAR_BLOCK_EXTRA: usize = 42 * 3;

/// The article's markup for the blocks in `range`, which starts and ends at the top level.
fn blocks(
    h: &mut Html,
    doc: &Document,
    opts: &RenderOptions,
    notes: Option<&Annotations>,
    range: Range<usize>,
) {
    let p = &opts.id_prefix;
    let mut open: Vec<usize> = Vec::new(); // open sections, innermost last

    // What shows before block `i`, for `near`: what earlier chunks hold counts in full (folded
    // or not), which only errs towards fewer near bodies.
    let mut shown: usize = if opts.near == 0 {
        usize::MAX
    } else {
        doc.blocks[..range.start].iter().map(|b| b.text.len() + NEAR_BLOCK_EXTRA).sum()
    };
    let mut folded_until = 0; // blocks before this index are inside a folded section
    for i in range {
        let b = &doc.blocks[i];
        while open.last().is_some_and(|&s| doc.sections[s].end <= i) {
            open.pop();
            h.raw("</div></section>");
        }
        // What shows up to the end of this block; a heading whose row ends within the first
        // screen starts its body there (`near`).
        let through = shown.saturating_add(b.text.len() + NEAR_BLOCK_EXTRA);
        if i >= folded_until {
            shown = through;
        }
        match b.kind {
            BlockKind::Paragraph => {
                h.raw("<p part=\"paragraph\">");
                match notes.and_then(|n| n.blocks.get(i)) {
                    Some(occ) if !occ.is_empty() => marked_text(h, &b.text, occ, p),
                    _ => {
                        h.text(&b.text);
                    }
                }
                h.raw("</p>");
            }
            BlockKind::Salutation => {
                h.raw("<p class=\"salutation\" part=\"salutation\">").text(&b.text).raw("</p>");
            }
            BlockKind::Heading(s) => {
                section_start(h, doc, s, opts, through < opts.near);
                if i >= folded_until && opts.folded.get(s).copied().unwrap_or(false) {
                    folded_until = doc.sections[s].end;
                }
                open.push(s);
            }
        }
    }
    for _ in open {
        h.raw("</div></section>");
    }
}

/// A paragraph's text with its glossary occurrences: marked ones are focusable inline buttons
/// (`role="button"`, `part="term"`) described by their definition; the others are plain spans
/// the term index can find. A real `<button>` would break the line of text for the browser's
/// find-in-page (a phrase running into a term would no longer be found).
fn marked_text(h: &mut Html, text: &str, occ: &[Occurrence], p: &str) {
    let mut at = 0;
    for o in occ {
        let (start, end, e) = (o.hit.start, o.hit.end, o.hit.entry);
        h.text(&text[at..start]);
        if o.marked {
            h.raw("<span class=\"term\" part=\"term\" role=\"button\" tabindex=\"0\" data-e=\"")
                .num(e)
                .raw("\" data-o=\"");
            h.num(o.rank).raw("\" aria-describedby=\"").attr(p).raw("def-").num(e).raw("\">");
            h.text(&text[start..end]).raw("</span>");
        } else {
            h.raw("<span class=\"occ\" data-e=\"").num(e).raw("\" data-o=\"").num(o.rank).raw("\">");
            h.text(&text[start..end]).raw("</span>");
        }
        at = end;
    }
    h.text(&text[at..]);
}

/// The visible note about a host glossary's problems (nothing when there are none).
fn glossary_note(h: &mut Html, t: &Strings, g: &GlossaryView) {
    if g.issues.is_empty() && g.failure.is_none() {
        return;
    }
    h.raw("<div class=\"glossary-note\" part=\"glossary-note\" role=\"status\">");
    if let Some(f) = g.failure {
        h.raw("<p><strong>").text(t.glossary_failed).raw("</strong> ").text(f).raw("</p>");
    }
    if !g.issues.is_empty() {
        h.raw("<details><summary>").text(&with_n(t.glossary_issues, g.issues.len())).raw("</summary><ul>");
        for i in g.issues {
            let line = t
                .glossary_issue
                .replace("{index}", &(i.index + 1).to_string())
                .replace("{term}", i.term.as_deref().unwrap_or("—"))
                .replace("{reason}", &i.reason);
            h.raw("<li>").text(&line).raw("</li>");
        }
        h.raw("</ul></details>");
    }
    h.raw("</div>");
}

/// The term index: every glossary term found in the report with its count, and a walker
/// through its occurrences (filled in by the widget). With `lean`, its list is left empty and
/// its items are returned ([`Late::index`]).
fn term_index(h: &mut Html, opts: &RenderOptions, g: &GlossaryView, lean: bool) -> String {
    let t = opts.lang.strings();
    let p = &opts.id_prefix;
    h.raw("<section class=\"term-index\" part=\"term-index\" id=\"")
        .attr(p)
        .raw("terms\" aria-labelledby=\"");
    h.attr(p)
        .raw("terms-label\" hidden><div class=\"outline-head\"><h2 class=\"outline-label\" id=\"")
        .attr(p);
    h.raw("terms-label\">").text(t.term_index).raw("</h2></div>");
    if g.notes.order.is_empty() {
        h.raw("<p class=\"empty\">").text(t.no_terms).raw("</p></section>");
        return String::new();
    }
    h.raw("<div class=\"sort\" role=\"group\">");
    h.raw("<button type=\"button\" data-action=\"sort-report\" aria-pressed=\"true\">").text(t.sort_report);
    h.raw("</button><button type=\"button\" data-action=\"sort-frequency\" aria-pressed=\"false\">");
    h.text(t.sort_frequency).raw("</button></div>");
    h.raw("<div class=\"walker\" hidden><span class=\"walker-term\"></span> <span class=\"walker-pos\" aria-live=\"polite\"></span> ");
    h.raw("<button type=\"button\" data-action=\"prev-occ\">").text(t.previous).raw("</button>");
    h.raw("<button type=\"button\" data-action=\"next-occ\">")
        .text(t.next)
        .raw("</button></div><ol class=\"terms\">");
    let mut items = Html { out: String::with_capacity(g.notes.order.len() * 160) };
    for (pos, &e) in g.notes.order.iter().enumerate() {
        let h = &mut items;
        let n = g.notes.counts[e];
        h.raw("<li data-pos=\"")
            .num(pos)
            .raw("\" data-count=\"")
            .num(n)
            .raw("\"><button type=\"button\" data-term=\"");
        h.num(e).raw("\" aria-pressed=\"false\">").text(&g.glossary.entries[e].term);
        h.raw(" <span class=\"count\"><span aria-hidden=\"true\">").num(n).raw("</span><span class=\"vh\">");
        h.text(&with_n(t.times, n)).raw("</span></span></button></li>");
    }
    if lean {
        h.raw("</ol></section>");
        return items.out;
    }
    h.raw(&items.out).raw("</ol></section>");
    String::new()
}

/// The content of the popover for entry `e` (`count` occurrences in the report).
pub fn popover_html(entry: &Entry, count: usize, lang: Lang) -> String {
    let t = lang.strings();
    let mut h = Html { out: String::new() };
    h.raw("<div class=\"pop-head\"><strong class=\"pop-term\" id=\"pop-term\">")
        .text(&entry.term)
        .raw("</strong>");
    if let Some(c) = &entry.category {
        h.raw(" <span class=\"pop-cat\"><span class=\"vh\">")
            .text(t.category)
            .raw("：</span>")
            .text(c)
            .raw("</span>");
    }
    h.raw("<button type=\"button\" class=\"pop-close\" data-action=\"close-popover\">")
        .text(t.close)
        .raw("</button></div>");
    h.raw("<p class=\"pop-def\">").text(&entry.definition).raw("</p>");
    if let Some(en) = &entry.en {
        h.raw("<p class=\"pop-en\" lang=\"en\">").text(en).raw("</p>");
    }
    if let Some(note) = &entry.note {
        h.raw("<p class=\"pop-note\">").text(note).raw("</p>");
    }
    h.raw("<p class=\"pop-meta\"><span>").text(&with_n(t.occurs, count)).raw("</span>");
    if count > 1 {
        h.raw(" <button type=\"button\" data-action=\"pop-next\">").text(t.next).raw("</button>");
    }
    h.raw("</p>");
    if let Some(src) = entry.source.as_deref().filter(|s| crate::glossary::entry::is_http_url(s)) {
        h.raw("<p class=\"pop-src\"><a href=\"")
            .attr(src)
            .raw("\" target=\"_blank\" rel=\"noopener noreferrer\">");
        h.text(t.source).raw("</a></p>");
    }
    let origin = match entry.origin {
        Origin::Default => t.from_default,
        Origin::Report => t.from_report,
        Origin::Host => t.from_host,
    };
    h.raw("<p class=\"pop-origin\">").text(origin).raw("</p>");
    h.out
}

/// The opening of section `s`: its heading row (fold button, copy-link button) and the start
/// of its body (`near`: laid out with the page, see [`RenderOptions::near`]).
fn section_start(h: &mut Html, doc: &Document, s: usize, opts: &RenderOptions, near: bool) {
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
    let write = t.write_draft.replace("{title}", &sec.label(40));
    h.raw("<button type=\"button\" class=\"draft-btn\" part=\"draft-toggle\" data-action=\"draft-open\" data-seg=\"");
    h.attr(&sec.id).raw("\" aria-label=\"").attr(&write).raw("\" title=\"").attr(&write).raw("\">");
    h.raw(super::drafts::PENCIL_ICON).raw("</button>");
    let copy = t.copy_link.replace("{title}", &sec.label(40));
    h.raw("<button type=\"button\" class=\"copy-link\" part=\"copy-link\" data-copy=\"").attr(&sec.id);
    h.raw("\" aria-label=\"").attr(&copy).raw("\" title=\"").attr(&copy).raw("\">").raw(LINK_ICON);
    // The placeholder's height class, for when the browser skips the body (see `estimate`).
    h.raw("</button></div><div class=\"section-body u");
    h.num(super::estimate::bucket(super::estimate::body_units(doc, s, &opts.folded)));
    h.raw(if near { " near" } else { "" }).raw("\" id=\"");
    h.attr(p).attr(&sec.id).raw("-body\"");
    if folded {
        h.raw(if opts.until_found { " hidden=\"until-found\"" } else { " hidden" });
    }
    h.raw(">");
}

/// The toolbar: outline drawer button (narrow layouts), expand all, collapse all, and, when
/// the report has glossary terms, the term index button and the marks switch.
fn toolbar(h: &mut Html, doc: &Document, opts: &RenderOptions, terms: bool) {
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
    for (action, text, label) in
        [("font-smaller", t.smaller, t.smaller_label), ("font-larger", t.larger, t.larger_label)]
    {
        h.raw("<button type=\"button\" class=\"font-size\" part=\"font-size\" data-action=\"").raw(action);
        h.raw("\" title=\"")
            .attr(label)
            .raw("\"><span aria-hidden=\"true\">")
            .text(text)
            .raw("</span><span class=\"vh\">");
        h.text(label).raw("</span></button>");
    }
    h.raw("<button type=\"button\" part=\"drafts-toggle\" data-action=\"drafts\" aria-expanded=\"false\" ");
    h.raw("aria-controls=\"").attr(&opts.id_prefix).raw("drafts\">").text(t.drafts).raw("</button>");
    if terms {
        h.raw("<button type=\"button\" part=\"terms-toggle\" data-action=\"terms\" aria-expanded=\"false\" ");
        h.raw("aria-controls=\"").attr(&opts.id_prefix).raw("terms\">").text(t.terms).raw("</button>");
        h.raw("<button type=\"button\" part=\"marks-toggle\" data-action=\"marks\" aria-pressed=\"true\">");
        h.text(t.marks).raw("</button>");
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
    for (i, s) in doc.sections.iter().enumerate() {
        // A top-level entry (`.outline > ol > li`, the stylesheet's skipped unit) is `near` if
        // it starts on the first screen: every entry before it takes about a row.
        let near = s.depth == 1 && i < opts.near_entries;
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
        h.raw(if near { "<li class=\"near\"><a href=\"#" } else { "<li><a href=\"#" });
        h.attr(p).attr(&s.id).raw("\" data-section=\"").attr(&s.id).raw("\"");
        if opts.current == Some(i) {
            h.raw(" aria-current=\"location\"");
        }
        h.raw(">");
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
