//! HTML of the drafts interface: a section's draft box, the drafts panel and its list. Pure
//! and escaped like the rest of the renderer; the widget inserts these on demand.

use super::escape::Html;
use crate::drafts::record::{count_chars, Citation, Draft, GENERAL};
use crate::i18n::Lang;

/// The pencil icon of draft buttons (SVG: no text added to the heading row).
pub const PENCIL_ICON: &str =
    "<svg aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 24 24\" width=\"16\" \
height=\"16\"><path fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linejoin=\"round\" \
d=\"M4 20h4L19 9l-4-4L4 16v4zM13.5 6.5l4 4\"/></svg>";

/// The key segment of a draft: its section id, or `~general`.
pub fn segment(section: Option<&str>) -> &str {
    section.unwrap_or(GENERAL)
}

/// How a citation reads in the interface: `§1.2 （一）经济`.
pub fn cite(c: &Citation) -> String {
    if c.path.is_empty() {
        return c.title.clone();
    }
    format!("§{} {}{}", c.path, c.number.as_deref().unwrap_or(""), c.title)
}

/// The count line: `12 / 5000 字`.
pub fn count_line(lang: Lang, n: usize, max: usize) -> String {
    lang.strings().count.replace("{n}", &n.to_string()).replace("{max}", &max.to_string())
}

/// A draft box for one section (or the general draft), holding `text`.
pub fn draft_box(
    prefix: &str,
    section: Option<&str>,
    citation: &Citation,
    text: &str,
    max: usize,
    lang: Lang,
) -> String {
    let t = lang.strings();
    let seg = segment(section);
    let id = |w: &mut Html, what: &str| {
        w.attr(prefix).raw("draft-").raw(what).raw("-").attr(seg);
    };
    let mut w = Html { out: String::with_capacity(text.len() + 1500) };
    w.raw("<div class=\"draft-box\" data-draft-box=\"").attr(seg).raw("\" id=\"");
    id(&mut w, "box");
    w.raw("\">");
    if section.is_some() {
        w.raw("<blockquote class=\"draft-quote\">").text(&cite(citation)).raw("</blockquote>");
    }
    w.raw("<label class=\"draft-label\" for=\"");
    id(&mut w, "text");
    let label = if section.is_some() {
        t.draft_label.replace("{title}", &citation.title)
    } else {
        t.general_draft.to_owned()
    };
    w.raw("\">")
        .text(&label)
        .raw("</label><textarea part=\"draft\" rows=\"5\" data-draft-text=\"")
        .attr(seg)
        .raw("\" id=\"");
    id(&mut w, "text");
    w.raw("\" aria-describedby=\"");
    id(&mut w, "count");
    w.raw(" ");
    id(&mut w, "status");
    w.raw("\">").text(text).raw("</textarea><div class=\"draft-meta\"><span class=\"draft-count\" id=\"");
    id(&mut w, "count");
    w.raw("\">")
        .text(&count_line(lang, count_chars(text), max))
        .raw("</span> <span class=\"draft-status\" role=\"status\" id=\"");
    id(&mut w, "status");
    w.raw("\"></span></div><p class=\"draft-changed\" hidden>").text(t.section_changed).raw("</p>");
    w.raw("<div class=\"draft-conflict\" hidden></div><div class=\"draft-actions\">");
    for (action, label) in [("draft-submit", t.submit), ("draft-delete", t.delete)] {
        w.raw("<button type=\"button\" data-action=\"")
            .raw(action)
            .raw("\" data-seg=\"")
            .attr(seg)
            .raw("\">");
        w.text(label).raw("</button>");
    }
    if section.is_some() {
        w.raw("<button type=\"button\" data-action=\"draft-close\" data-seg=\"").attr(seg).raw("\">");
        w.text(t.close_draft).raw("</button>");
    }
    w.raw("</div></div>");
    w.out
}

/// The drafts panel (initially hidden): the general draft, the list, export buttons.
pub fn drafts_panel(prefix: &str, general: &Citation, text: &str, max: usize, lang: Lang) -> String {
    let t = lang.strings();
    let mut w = Html { out: String::new() };
    w.raw("<section class=\"drafts-panel\" part=\"drafts-panel\" id=\"")
        .attr(prefix)
        .raw("drafts\" aria-labelledby=\"");
    w.attr(prefix)
        .raw("drafts-label\" hidden><div class=\"outline-head\"><h2 class=\"outline-label\" id=\"")
        .attr(prefix);
    w.raw("drafts-label\">").text(t.drafts_panel).raw("</h2></div>");
    w.raw(&draft_box(prefix, None, general, text, max, lang));
    w.raw("<div class=\"drafts-notice\" role=\"status\" aria-live=\"polite\"></div><ul class=\"drafts-list\"></ul>");
    w.raw("<div class=\"drafts-export\">");
    for (action, label) in [
        ("export-md", t.export_md),
        ("export-json", t.export_json),
        ("copy-md", t.copy_md),
        ("copy-json", t.copy_json),
    ] {
        w.raw("<button type=\"button\" data-action=\"").raw(action).raw("\">").text(label).raw("</button>");
    }
    w.raw("</div></section>");
    w.out
}

/// The list of drafts in the panel: citation (a jump button), excerpt, time, delete.
/// `time` formats a timestamp as the reader expects.
pub fn drafts_list(drafts: &[&Draft], lang: Lang, time: impl Fn(f64) -> String) -> String {
    let t = lang.strings();
    let mut w = Html { out: String::new() };
    if drafts.is_empty() {
        w.raw("<li class=\"empty\">").text(t.no_drafts).raw("</li>");
        return w.out;
    }
    for d in drafts {
        let seg = segment(d.section.as_deref());
        let excerpt: String = d.text.chars().take(40).collect();
        let more = if d.text.chars().count() > 40 { "…" } else { "" };
        w.raw("<li><button type=\"button\" class=\"draft-jump\" data-action=\"draft-jump\" data-seg=\"")
            .attr(seg)
            .raw("\">");
        w.text(&if d.section.is_some() { cite(&d.citation) } else { t.general_draft.to_owned() })
            .raw("</button> ");
        w.raw("<span class=\"excerpt\">").text(&excerpt).text(more).raw("</span> <span class=\"when\">");
        w.text(t.saved_label).raw(" ").text(&time(d.updated_at)).raw("</span> ");
        w.raw("<button type=\"button\" data-action=\"draft-delete\" data-seg=\"")
            .attr(seg)
            .raw("\">")
            .text(t.delete);
        w.raw("</button></li>");
    }
    w.out
}

/// The conflict chooser: both versions, and a choice.
pub fn conflict(seg: &str, mine: &str, theirs: &str, lang: Lang) -> String {
    let t = lang.strings();
    let mut w = Html { out: String::new() };
    w.raw("<p>").text(t.conflict).raw("</p><div class=\"versions\"><figure><figcaption>").text(t.this_tab);
    w.raw("</figcaption><pre>")
        .text(mine)
        .raw("</pre></figure><figure><figcaption>")
        .text(t.other_tab_version);
    w.raw("</figcaption><pre>").text(theirs).raw("</pre></figure></div>");
    w.raw("<button type=\"button\" data-action=\"conflict-mine\" data-seg=\"")
        .attr(seg)
        .raw("\">")
        .text(t.keep_mine);
    w.raw("</button><button type=\"button\" data-action=\"conflict-theirs\" data-seg=\"")
        .attr(seg)
        .raw("\">");
    w.text(t.take_theirs).raw("</button>");
    w.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draft_box_escapes_text_and_ids() {
        let c = Citation { path: "1".into(), number: Some("一、".into()), title: "<b>回顾</b>".into() };
        let html =
            draft_box("rr1-", Some("1-回顾\"x"), &c, "</textarea><script>alert(1)</script>", 5000, Lang::Zh);
        assert!(!html.contains("<script"));
        assert_eq!(html.matches("</textarea>").count(), 1, "the text cannot close the text area");
        assert!(html.contains("&lt;/textarea&gt;&lt;script&gt;"));
        assert!(html.contains("data-seg=\"1-回顾&quot;x\""));
        assert!(html.contains("§1 一、&lt;b&gt;回顾&lt;/b&gt;"));
        assert!(html.contains("36 / 5000 字"));
    }
}
