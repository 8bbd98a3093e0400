//! What a reader does with a loaded report: fold and unfold, navigate, deep links, the outline
//! drawer, copy link, scroll-spy, and the remembered reading state.
//!
//! All of it works on a [`Loaded`] (the document plus the DOM it was rendered into) held by the
//! widget. Events for the host are queued with `announce`, never dispatched while the widget's
//! state is borrowed, so a host listener can call back into the handle safely.

use std::collections::VecDeque;
use std::ops::Range;

use gloo_timers::callback::Timeout;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, ShadowRoot};

use super::storage;
use crate::i18n::Lang;
use crate::render::{render_blocks, Late, RenderOptions};
use crate::report::Document;
use crate::state::{reading_key, ReadingState, READING_VERSION};

/// A rendered report and the reader's state over it.
pub struct Loaded {
    pub doc: Document,
    /// Key of this document in storage (host's `storage-key`, else a hash of the body).
    pub doc_key: String,
    /// Fold state per section.
    pub folded: Vec<bool>,
    /// Section being read (scroll-spy), if any.
    pub current: Option<usize>,
    /// Visible section headings in document order, for scroll-spy; `None` when stale.
    pub visible: Option<Vec<(usize, Element)>>,
    /// Pending save of the reading state.
    pub save: Option<Timeout>,
    /// Pending scroll-spy update.
    pub frame: Option<gloo_render::AnimationFrame>,
    /// The section last navigated to: scroll-spy keeps it current while its heading is on
    /// screen (near the end of a report the page cannot scroll it up to the reading line, and
    /// the outline must not then jump to the last section).
    pub pinned: Option<usize>,
    /// The glossary's matches, popover and term index (`None`: no glossary).
    pub terms: Option<super::terms::Terms>,
    /// The reader's comment drafts.
    pub drafts: Option<super::drafts::Drafts>,
    /// Chunks of the article not in the page yet, in document order (see [`Loaded::fill`]).
    pub pending: VecDeque<Range<usize>>,
    /// What the first screen leaves out (term index items, definitions, endnotes, the removed
    /// lines), put in by the first background step or by whatever needs it first.
    pub late: Option<Late>,
    /// The next background step of [`Loaded::fill`].
    pub filler: Option<Timeout>,
    /// The scroll to the section shown at mount, made again once the browser may skip
    /// off-screen bodies (see `settle_at` in `mount/mod.rs`).
    pub settle: Option<gloo_render::AnimationFrame>,
    /// The end of the first frame's `opening` class (see `RenderOptions::opening`).
    pub opening: Option<gloo_render::AnimationFrame>,
}

/// What the reader needs of the widget around it.
pub struct Ctx<'a> {
    pub shadow: &'a ShadowRoot,
    pub prefix: &'a str,
    pub until_found: bool,
    pub remember: bool,
    pub lang: Lang,
}

impl Ctx<'_> {
    /// The value of `hidden` on a folded body.
    pub fn hidden(&self) -> &'static str {
        if self.until_found {
            "until-found"
        } else {
            ""
        }
    }

    fn by_id(&self, id: &str) -> Option<Element> {
        self.shadow.get_element_by_id(&format!("{}{id}", self.prefix))
    }
}

/// Milliseconds since the epoch.
pub fn now() -> f64 {
    js_sys::Date::now()
}

impl Loaded {
    /// Puts the next pending chunk of the article into the page (one insertion) and returns
    /// whether one was left.
    ///
    /// A long report is shown in chunks: the first screen at once, the rest in the background
    /// a few milliseconds at a time, so the widget is ready before the browser has parsed a
    /// megabyte of markup. Chunks render with the folds as they are now, so folding a section
    /// not in the page yet works; whatever needs the page itself (navigation, the term index,
    /// printing) first renders what lies before its target with [`Loaded::ensure`].
    pub fn render_next(&mut self, ctx: &Ctx) -> bool {
        if self.render_late(ctx) {
            return true;
        }
        let Some(range) = self.pending.pop_front() else { return false };
        let opts = RenderOptions {
            id_prefix: ctx.prefix.to_owned(),
            lang: ctx.lang,
            folded: self.folded.clone(),
            until_found: ctx.until_found,
            current: None,
            // The first chunk holds the first screen (see `near_bytes`).
            near: 0,
            near_entries: 0,
            opening: false,
        };
        let notes = self.terms.as_ref().map(|t| &t.notes);
        let markup = render_blocks(&self.doc, &opts, notes, range);
        if let Some(article) = ctx.shadow.query_selector("article.body").ok().flatten() {
            super::html::insert(&article, "beforeend", &markup);
        }
        self.visible = None;
        if let Some(t) = self.terms.as_ref().filter(|t| !t.marks_on) {
            t.untab(ctx.shadow);
        }
        if let Some(d) = &self.drafts {
            d.mark_buttons(&self.doc, ctx.shadow, ctx.lang);
        }
        true
    }

    /// Puts the late parts into the page, if they are not yet; returns whether it did. The
    /// term index's items go at the end of its list, the rest before the live region (the
    /// places `render_lean_shell` left for them).
    pub fn render_late(&mut self, ctx: &Ctx) -> bool {
        let Some(late) = self.late.take() else { return false };
        let at = |selector: &str| ctx.shadow.query_selector(selector).ok().flatten();
        if let Some(list) = at(".term-index ol.terms").filter(|_| !late.index.is_empty()) {
            super::html::insert(&list, "beforeend", &late.index);
        }
        if let Some(live) = at(".rr > p.announce").filter(|_| !late.tail.is_empty()) {
            super::html::insert(&live, "beforebegin", &late.tail);
        }
        true
    }

    /// Whether anything is still to be put into the page.
    pub fn incomplete(&self) -> bool {
        self.late.is_some() || !self.pending.is_empty()
    }

    /// Renders every pending chunk up to the one holding section `i`, so the section is in
    /// the page and nothing above it will still move.
    pub fn ensure(&mut self, ctx: &Ctx, i: usize) {
        let block = self.doc.sections.get(i).map_or(usize::MAX, |s| s.heading);
        while self.pending.front().is_some_and(|r| r.start <= block) {
            self.render_next(ctx);
        }
    }

    /// Renders every pending chunk.
    pub fn ensure_all(&mut self, ctx: &Ctx) {
        while self.render_next(ctx) {}
    }

    /// Renders pending chunks for about `budget_ms`; returns whether any is left.
    pub fn fill(&mut self, ctx: &Ctx, budget_ms: f64) -> bool {
        let start = js_sys::Date::now();
        while self.render_next(ctx) {
            if js_sys::Date::now() - start >= budget_ms {
                break;
            }
        }
        self.incomplete()
    }

    /// Index of the section with id `id` (bare or with this widget's prefix).
    pub fn find(&self, ctx: &Ctx, id: &str) -> Option<usize> {
        let bare = id.strip_prefix(ctx.prefix).unwrap_or(id);
        self.doc.sections.iter().position(|s| s.id == bare)
    }

    /// Folds or unfolds section `i`; returns whether anything changed.
    pub fn set_folded(&mut self, ctx: &Ctx, i: usize, fold: bool) -> bool {
        let sec = &self.doc.sections[i];
        if !sec.has_body() || self.folded[i] == fold {
            return false;
        }
        if let Some(body) = ctx.by_id(&format!("{}-body", sec.id)) {
            if fold {
                let _ = body.set_attribute("hidden", ctx.hidden());
            } else {
                let _ = body.remove_attribute("hidden");
            }
        }
        if let Some(button) =
            ctx.by_id(&format!("{}-h", sec.id)).and_then(|h| h.query_selector("button.toggle").ok().flatten())
        {
            let _ = button.set_attribute("aria-expanded", if fold { "false" } else { "true" });
        }
        self.folded[i] = fold;
        self.visible = None;
        true
    }

    /// Records that the browser itself revealed section `i` (find-in-page, `beforematch`).
    pub fn revealed(&mut self, ctx: &Ctx, i: usize) {
        if let Some(button) = ctx
            .by_id(&format!("{}-h", self.doc.sections[i].id))
            .and_then(|h| h.query_selector("button.toggle").ok().flatten())
        {
            let _ = button.set_attribute("aria-expanded", "true");
        }
        self.folded[i] = false;
        self.visible = None;
    }

    /// Folds or unfolds every section; returns the ids that changed.
    pub fn set_all(&mut self, ctx: &Ctx, fold: bool) -> Vec<String> {
        let mut changed = Vec::new();
        let mut ids = String::new();
        for (i, sec) in self.doc.sections.iter().enumerate() {
            if sec.has_body() && self.folded[i] != fold {
                self.folded[i] = fold;
                if !ids.is_empty() {
                    ids.push('\n');
                }
                ids.push_str(ctx.prefix);
                ids.push_str(&sec.id);
                changed.push(sec.id.clone());
            }
        }
        // One call for all of them (sections not in the page yet render with these folds).
        if !ids.is_empty() {
            super::dom::set_folds(ctx.shadow, &ids, fold, ctx.hidden());
        }
        self.visible = None;
        changed
    }

    /// Unfolds section `i` and its ancestors, scrolls to it and moves focus to its heading's
    /// button (or the heading). Returns the ids that were unfolded.
    pub fn go_to(&mut self, ctx: &Ctx, i: usize, focus: bool) -> Vec<String> {
        self.ensure(ctx, i);
        let mut chain = vec![i];
        while let Some(p) = self.doc.sections[*chain.last().unwrap_or(&i)].parent {
            chain.push(p);
        }
        let opened: Vec<usize> =
            chain.into_iter().rev().filter(|&s| self.set_folded(ctx, s, false)).collect();
        let opened: Vec<String> = opened.into_iter().map(|s| self.doc.sections[s].id.clone()).collect();
        let id = &self.doc.sections[i].id;
        if let Some(section) = ctx.by_id(id) {
            section.scroll_into_view();
        }
        if focus {
            let heading = ctx.by_id(&format!("{id}-h"));
            let target =
                heading.as_ref().and_then(|h| h.query_selector("button.toggle").ok().flatten()).or(heading);
            if let Some(el) = target.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
                let opts = web_sys::FocusOptions::new();
                opts.set_prevent_scroll(true);
                let _ = el.focus_with_options(&opts);
            }
        }
        self.set_current(ctx, Some(i));
        self.pinned = Some(i);
        opened
    }

    /// Scrolls to section `i` without changing any fold or focus (restoring the reading
    /// position); a heading hidden in a folded ancestor is not scrolled to.
    pub fn scroll_to(&mut self, ctx: &Ctx, i: usize) {
        self.ensure(ctx, i);
        let mut p = self.doc.sections[i].parent;
        while let Some(a) = p {
            if self.folded[a] {
                return;
            }
            p = self.doc.sections[a].parent;
        }
        if let Some(section) = ctx.by_id(&self.doc.sections[i].id) {
            section.scroll_into_view();
        }
        self.set_current(ctx, Some(i));
        self.pinned = Some(i);
    }

    /// Scroll-spy: marks the section being read in the outline and keeps it in view there.
    /// Returns whether the current section changed.
    pub fn spy(&mut self, ctx: &Ctx) -> bool {
        let Some(window) = web_sys::window() else { return false };
        let height = window.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(800.0);
        let line = (height * 0.3).min(200.0);
        if self.visible.is_none() {
            self.visible = Some(self.visible_headings(ctx));
        }
        if let Some(i) = self.pinned {
            let rect =
                ctx.by_id(&format!("{}-h", self.doc.sections[i].id)).map(|h| h.get_bounding_client_rect());
            if rect.is_some_and(|r| r.height() > 0.0 && r.bottom() > 0.0 && r.top() < height) {
                return false;
            }
            self.pinned = None;
        }
        let visible = self.visible.as_deref().unwrap_or(&[]);
        // Headings are in document order, so their tops increase: binary search for the last
        // one above the reading line.
        let mut after = self.count_above(ctx, visible, line);
        // At the end of the report the last headings can never scroll up to the line: once the
        // article's end is on screen, the last heading on screen is the one being read.
        let end_in_view = ctx
            .shadow
            .query_selector("[part~=article]")
            .ok()
            .flatten()
            .is_some_and(|a| a.get_bounding_client_rect().bottom() <= height + 1.0);
        if end_in_view {
            after = after.max(self.count_above(ctx, visible, height - 0.01));
        }
        let current = after.checked_sub(1).map(|k| visible[k].0).or_else(|| visible.first().map(|(i, _)| *i));
        if current != self.current {
            self.set_current(ctx, current);
            return true;
        }
        false
    }

    /// How many of `visible` (in document order, so with increasing tops) have their top at or
    /// above `y`. Top-level sections are measured first and only the headings of the one at
    /// `y` after them: measuring a heading inside a section the browser skips off screen
    /// (`content-visibility: auto`) would make it lay that section out.
    fn count_above(&self, ctx: &Ctx, visible: &[(usize, Element)], y: f64) -> usize {
        let tops: Vec<usize> =
            (0..visible.len()).filter(|&k| self.doc.sections[visible[k].0].parent.is_none()).collect();
        let top_of = |k: usize| {
            let section = ctx.by_id(&self.doc.sections[visible[k].0].id);
            section.map_or(f64::INFINITY, |e| e.get_bounding_client_rect().top())
        };
        let t = tops.partition_point(|&k| top_of(k) <= y);
        let lo = t.checked_sub(1).map_or(0, |t| tops[t]);
        let hi = tops.get(t).copied().unwrap_or(visible.len());
        lo + visible[lo..hi].partition_point(|(_, el)| el.get_bounding_client_rect().top() <= y)
    }

    /// Headings not inside a folded section.
    fn visible_headings(&self, ctx: &Ctx) -> Vec<(usize, Element)> {
        let mut hidden_until = 0; // block index before which everything is folded away
        let mut out = Vec::new();
        for (i, s) in self.doc.sections.iter().enumerate() {
            if s.heading < hidden_until {
                continue;
            }
            if let Some(h) = ctx.by_id(&format!("{}-h", s.id)) {
                out.push((i, h));
            }
            if self.folded[i] {
                hidden_until = s.end;
            }
        }
        out
    }

    /// Moves `aria-current` in the outline to section `i`.
    fn set_current(&mut self, ctx: &Ctx, i: Option<usize>) {
        let link = |s: usize| {
            ctx.shadow
                .query_selector(&format!("nav a[data-section=\"{}\"]", css_escape(&self.doc.sections[s].id)))
                .ok()
                .flatten()
        };
        if let Some(old) = self.current.and_then(link) {
            let _ = old.remove_attribute("aria-current");
        }
        self.current = i;
        let Some(new) = i.and_then(link) else { return };
        let _ = new.set_attribute("aria-current", "location");
        // Keep the entry in view inside the outline's own scroll box, without scrolling the page.
        if let Some(nav) = new.closest(".side").ok().flatten() {
            let (n, l) = (nav.get_bounding_client_rect(), new.get_bounding_client_rect());
            if l.height() > 0.0 && (l.top() < n.top() || l.bottom() > n.bottom()) {
                nav.set_scroll_top(nav.scroll_top() + (l.top() - n.top() - n.height() / 3.0) as i32);
            }
        }
    }

    /// The reading state to remember.
    pub fn reading_state(&self) -> ReadingState {
        ReadingState {
            v: READING_VERSION,
            folded: self
                .doc
                .sections
                .iter()
                .zip(&self.folded)
                .filter(|(_, f)| **f)
                .map(|(s, _)| s.id.clone())
                .collect(),
            position: self.current.map(|i| self.doc.sections[i].id.clone()),
            updated_at: now(),
        }
    }

    /// Writes the reading state now (if remembering); storage failures are ignored, because
    /// this state is a convenience and reading must go on.
    pub fn save_now(&mut self, ctx: &Ctx) {
        self.save = None;
        if !ctx.remember {
            return;
        }
        if let Some(json) = storage::to_json(&self.reading_state()) {
            let _ = storage::set(&reading_key(&self.doc_key), &json);
        }
    }
}

/// The remembered state of a document, if remembering, stored, valid and not expired. An
/// expired record is removed.
pub fn restore(doc_key: &str) -> Option<ReadingState> {
    let key = reading_key(doc_key);
    let raw = storage::get(&key).ok().flatten()?;
    let state: ReadingState = storage::from_json(&raw, super::js::reading_state)?;
    if state.expired(now()) {
        storage::remove(&key);
        return None;
    }
    Some(state)
}

/// Escapes a value for a CSS attribute selector in double quotes.
pub fn css_escape(s: &str) -> String {
    s.chars().flat_map(|c| if c == '"' || c == '\\' { vec!['\\', c] } else { vec![c] }).collect()
}

/// Sets the polite live region's text (alternating a trailing space so a repeated message is
/// announced again).
pub fn announce_text(shadow: &ShadowRoot, text: &str) {
    if let Some(region) = shadow.query_selector(".announce").ok().flatten() {
        let old = region.text_content().unwrap_or_default();
        let next = if old == text { format!("{text}\u{00A0}") } else { text.to_owned() };
        region.set_text_content(Some(&next));
    }
}

/// The page's URL with `#id` as fragment.
pub fn link_to(id: &str) -> String {
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let base = href.split('#').next().unwrap_or_default();
    format!("{base}#{}", js_sys::encode_uri_component(id))
}

/// Puts `#id` in the address bar without scrolling or a new navigation.
pub fn push_hash(id: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.push_state_with_url(
            &JsValue::NULL,
            "",
            Some(&format!("#{}", js_sys::encode_uri_component(id))),
        );
    }
}

/// The decoded fragment of the page's URL.
pub fn current_hash() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let raw = hash.strip_prefix('#')?;
    Some(js_sys::decode_uri_component(raw).ok().and_then(|s| s.as_string()).unwrap_or_else(|| raw.to_owned()))
}
