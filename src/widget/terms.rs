//! The glossary in the page: the popover of a marked term, the term index and its walk through
//! occurrences, and the switch that hides marks.
//!
//! One popover per widget. It opens on hover after an intent delay, on keyboard focus and on
//! tap or click; it stays open while the pointer is on it; Escape closes it and returns focus.
//! While open it sits right after its term in the DOM, so Tab from the term reaches its
//! controls; screen readers get the definition from the term itself (`aria-describedby`).

use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, ShadowRoot};

use super::reader::{Ctx, Loaded};
use crate::i18n::{with_n, Lang};
use crate::render::popover_html;

/// Hover intent before the popover opens, in ms.
pub const HOVER_OPEN_MS: u32 = 350;
/// Grace period before a hover-opened popover closes, so the pointer can move onto it.
pub const HOVER_CLOSE_MS: u32 = 250;

/// How the popover was opened (which decides what closes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// Pointer hover: closes when the pointer leaves term and popover.
    Hover,
    /// Keyboard focus: closes when focus leaves term and popover.
    Focus,
    /// Click or tap: closes on Escape, a click elsewhere, or another term.
    Click,
}

/// The glossary state of a loaded report.
pub struct Terms {
    pub glossary: crate::glossary::Glossary,
    pub notes: crate::glossary::marks::Annotations,
    /// The open popover: its term element, entry, and how it was opened.
    pub open: Option<(Element, usize, Opened)>,
    /// Pending hover open or close.
    pub timer: Option<Timeout>,
    /// The entry being walked in the term index, and the position.
    pub walk: Option<(usize, usize)>,
    /// Removes the highlight of the last occurrence jumped to.
    pub flash: Option<(Element, Timeout)>,
    /// Whether marks are shown.
    pub marks_on: bool,
}

fn popover(shadow: &ShadowRoot) -> Option<HtmlElement> {
    shadow.query_selector(".popover").ok().flatten().and_then(|p| p.dyn_into().ok())
}

/// The body of the top-level section around `el`: the element whose rendering the browser may
/// skip (`content-visibility: auto`).
fn top_body(el: &Element) -> Option<HtmlElement> {
    el.closest(".section.depth-1 > .section-body").ok().flatten()?.dyn_into().ok()
}

/// Entry index of a marked term or an occurrence.
pub fn entry_of(el: &Element) -> Option<usize> {
    el.get_attribute("data-e")?.parse().ok()
}

impl Terms {
    /// Opens the popover for `term` (closing any other).
    pub fn open(&mut self, shadow: &ShadowRoot, root: &Element, term: &Element, how: Opened, lang: Lang) {
        self.timer = None;
        let Some(e) = entry_of(term) else { return };
        if let Some((el, _, prev)) = &self.open {
            if el == term {
                // Already open for this term: a click makes a hover-opened popover stay.
                if how == Opened::Click || *prev == Opened::Hover {
                    self.open = Some((term.clone(), e, how));
                }
                return;
            }
        }
        let Some(pop) = popover(shadow) else { return };
        let entry = &self.glossary.entries[e];
        super::html::set(&pop, &popover_html(entry, self.notes.counts[e], lang));
        let _ = pop.set_attribute("aria-label", &entry.term);
        // Off-screen sections skip rendering (content-visibility: auto), which also contains
        // and clips what is positioned inside them: let the popover's section render normally
        // while the popover is open.
        if let Some(sec) = top_body(term) {
            let _ = sec.style().set_property("content-visibility", "visible");
        }
        let _ = term.after_with_node_1(&pop);
        pop.set_hidden(false);
        place(&pop, term, root);
        self.open = Some((term.clone(), e, how));
    }

    /// Closes the popover; returns the term it was open for. Focus goes back to the term if it
    /// was inside the popover.
    pub fn close(&mut self, shadow: &ShadowRoot, root: &Element) -> Option<Element> {
        self.timer = None;
        let (term, _, _) = self.open.take()?;
        if let Some(sec) = top_body(&term) {
            let _ = sec.style().remove_property("content-visibility");
        }
        if let Some(pop) = popover(shadow) {
            let had_focus = shadow.active_element().is_some_and(|a| pop.contains(Some(&a)));
            pop.set_hidden(true);
            super::html::clear(&pop);
            // Back to the end of the widget: an idle popover must not sit inside a paragraph.
            let _ = root.append_child(&pop);
            if had_focus {
                if let Some(t) = term.dyn_ref::<HtmlElement>() {
                    let _ = t.focus();
                }
            }
        }
        Some(term)
    }

    /// Whether `el` is inside the open popover or is its term.
    pub fn owns(&self, shadow: &ShadowRoot, el: &Element) -> bool {
        let in_pop = popover(shadow).is_some_and(|p| p.contains(Some(el)));
        in_pop || self.open.as_ref().is_some_and(|(t, _, _)| t == el || t.contains(Some(el)))
    }

    /// Takes marked terms out of the Tab order (marks are off), those added since included.
    pub fn untab(&self, shadow: &ShadowRoot) {
        retab(shadow, "0", "-1");
    }

    /// Shows or hides marks (and takes hidden ones out of the Tab order).
    pub fn set_marks(&mut self, shadow: &ShadowRoot, root: &Element, on: bool) {
        self.marks_on = on;
        if !on {
            self.close(shadow, root);
        }
        let _ = root.class_list().toggle_with_force("marks-off", !on);
        if on {
            retab(shadow, "-1", "0");
        } else {
            self.untab(shadow);
        }
        if let Some(b) = shadow.query_selector("[data-action=marks]").ok().flatten() {
            let _ = b.set_attribute("aria-pressed", if on { "true" } else { "false" });
        }
    }
}

/// Sets `tabindex` to `to` on every marked term whose `tabindex` is `from`.
fn retab(shadow: &ShadowRoot, from: &str, to: &str) {
    if let Ok(list) = shadow.query_selector_all(&format!(".term[tabindex=\"{from}\"]")) {
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                let _ = el.set_attribute("tabindex", to);
            }
        }
    }
}

/// Puts the popover under its term (or above, if there is no room below), inside the viewport.
/// It is positioned against the widget's root, whose layout containment makes it the
/// containing block; the CSSOM is used (not a style attribute) so strict CSP pages allow it.
fn place(pop: &HtmlElement, term: &Element, root: &Element) {
    let Some(window) = web_sys::window() else { return };
    let vw =
        window.document().and_then(|d| d.document_element()).map_or(360.0, |d| f64::from(d.client_width()));
    let vh = window.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(640.0);
    let r = root.get_bounding_client_rect();
    let a = term.get_bounding_client_rect();
    let style = pop.style();
    let width = (vw - 16.0).min(352.0);
    let _ = style.set_property("width", &px(width));
    let height = pop.get_bounding_client_rect().height();
    // Not `f64::clamp`: its `min <= max` assertion formats floats with `Debug`, which alone
    // kept Rust's float printing (about 15 KB) in the .wasm. The bounds are ordered here.
    let left = a.left().max(8.0).min((vw - width - 8.0).max(8.0));
    let below = a.bottom() + 6.0;
    let top = if below + height > vh - 8.0 && a.top() - 6.0 - height >= 8.0 {
        a.top() - 6.0 - height
    } else {
        below
    };
    let _ = style.set_property("left", &px(left - r.left()));
    let _ = style.set_property("top", &px(top - r.top()));
}

/// A CSS length in pixels, written by JS's `Number#toString`: Rust's float formatting would
/// add about 15 KB to the .wasm for three numbers.
fn px(v: f64) -> String {
    let n = js_sys::Number::from(v).to_string_with_radix(10).map(String::from).unwrap_or_default();
    format!("{n}px")
}

/// Goes to occurrence `rank` of entry `e`: unfolds the sections around it, scrolls it into
/// view, focuses it if it is a marked term, and highlights it briefly.
pub fn go_to_occurrence(loaded: &mut Loaded, ctx: &Ctx, e: usize, rank: usize) -> Option<Element> {
    // The occurrence may be in a chunk not rendered yet.
    loaded.ensure_all(ctx);
    let el = ctx.shadow.query_selector(&format!("[data-e=\"{e}\"][data-o=\"{rank}\"]")).ok().flatten()?;
    // Unfold every folded section that contains it.
    let mut bodies = Vec::new();
    let mut node = el.parent_element();
    while let Some(n) = node {
        if n.class_list().contains("section-body") {
            bodies.push(n.id());
        }
        node = n.parent_element();
    }
    for id in bodies {
        if let Some(i) = id.strip_suffix("-body").and_then(|id| loaded.find(ctx, id)) {
            loaded.set_folded(ctx, i, false);
        }
    }
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_block(web_sys::ScrollLogicalPosition::Center);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
    if let Some(h) = el.dyn_ref::<HtmlElement>().filter(|_| el.class_list().contains("term")) {
        let f = web_sys::FocusOptions::new();
        f.set_prevent_scroll(true);
        let _ = h.focus_with_options(&f);
    }
    let terms = loaded.terms.as_mut()?;
    if let Some((old, _)) = terms.flash.take() {
        let _ = old.class_list().remove_1("flash");
    }
    let _ = el.class_list().add_1("flash");
    let target = el.clone();
    terms.flash = Some((
        el.clone(),
        Timeout::new(1600, move || {
            let _ = target.class_list().remove_1("flash");
        }),
    ));
    Some(el)
}

/// Updates the term index's walker line (`两学一做 · 第 2/5 处`).
pub fn show_walk(shadow: &ShadowRoot, terms: &Terms, lang: Lang) {
    let t = lang.strings();
    let Some(walker) = shadow.query_selector(".walker").ok().flatten() else { return };
    let Some((e, k)) = terms.walk else {
        let _ = walker.set_attribute("hidden", "");
        return;
    };
    let _ = walker.remove_attribute("hidden");
    let total = terms.notes.counts[e];
    if let Some(w) = walker.query_selector(".walker-term").ok().flatten() {
        w.set_text_content(Some(&terms.glossary.entries[e].term));
    }
    if let Some(w) = walker.query_selector(".walker-pos").ok().flatten() {
        w.set_text_content(Some(&with_n(t.occurrence, k + 1).replace("{total}", &total.to_string())));
    }
    if let Ok(list) = shadow.query_selector_all(".terms button[data-term]") {
        for i in 0..list.length() {
            if let Some(b) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                let on = b.get_attribute("data-term").and_then(|v| v.parse::<usize>().ok()) == Some(e);
                let _ = b.set_attribute("aria-pressed", if on { "true" } else { "false" });
            }
        }
    }
}

/// Reorders the term index: report order or by frequency (ties in report order).
pub fn sort_index(shadow: &ShadowRoot, by_frequency: bool) {
    let Some(list) = shadow.query_selector(".terms").ok().flatten() else { return };
    let Ok(items) = list.query_selector_all("li") else { return };
    let num =
        |el: &Element, attr: &str| el.get_attribute(attr).and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
    let els: Vec<Element> = (0..items.length()).filter_map(|i| items.item(i)?.dyn_into().ok()).collect();
    let els = if by_frequency {
        crate::order::sorted_by_key(els, |el| (usize::MAX - num(el, "data-count"), num(el, "data-pos")))
    } else {
        crate::order::sorted_by_key(els, |el| (num(el, "data-pos"), 0))
    };
    for el in els {
        let _ = list.append_child(&el);
    }
    for (action, on) in [("sort-report", !by_frequency), ("sort-frequency", by_frequency)] {
        if let Some(b) = shadow.query_selector(&format!("[data-action={action}]")).ok().flatten() {
            let _ = b.set_attribute("aria-pressed", if on { "true" } else { "false" });
        }
    }
}
