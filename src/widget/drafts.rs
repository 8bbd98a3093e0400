//! Comment drafts in the page: draft boxes, autosave to guarded localStorage with an in-memory
//! copy that survives any storage failure, another tab's changes, submit and export.
//!
//! Nothing a reader typed is ever dropped: the text lives in the text area and in `items`
//! whatever storage does; a failed save is retried on the next change; an unreadable stored
//! record is moved to a backup key, not deleted; a change from another tab is taken in only
//! when this tab has nothing unsaved, and otherwise the reader chooses.

use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement, ShadowRoot};

use super::storage::{self, StoreError};
use crate::drafts::record::{
    citation, count_chars, section_hash, Draft, DraftKey, Export, Migrated, Shape, DRAFT_VERSION, GENERAL,
};
use crate::i18n::Lang;
use crate::render::drafts::{conflict, count_line, draft_box, drafts_list, segment};
use crate::report::Document;

/// Autosave delay after the last keystroke, in ms (the issue allows at most 500).
pub const AUTOSAVE_MS: u32 = 400;
/// How long a deleted draft can be restored, in ms.
pub const UNDO_MS: u32 = 10_000;

/// One draft and what this tab knows about it.
pub struct Item {
    pub draft: Draft,
    /// Changed since the last successful save.
    pub dirty: bool,
    /// `updatedAt` of the version last read from or written to storage by this tab.
    pub stored_at: f64,
    /// Another tab's version, waiting for the reader's choice.
    pub theirs: Option<Draft>,
    /// Submitted and waiting for the host's confirmation.
    pub submitted: bool,
}

/// Drafts by segment, in key order: what a `BTreeMap` gave, as a sorted `Vec` (a page has a
/// handful of drafts, and the B-tree's code cost the .wasm several KB).
#[derive(Default)]
pub struct Items(Vec<(String, Item)>);

impl Items {
    fn find(&self, seg: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(seg))
    }

    /// The item of `seg`.
    pub fn get(&self, seg: &str) -> Option<&Item> {
        self.find(seg).ok().map(|i| &self.0[i].1)
    }

    /// The item of `seg`, mutably.
    pub fn get_mut(&mut self, seg: &str) -> Option<&mut Item> {
        self.find(seg).ok().map(|i| &mut self.0[i].1)
    }

    /// The item of `seg`, created with `make` if missing.
    pub fn get_or_insert_with(&mut self, seg: &str, make: impl FnOnce() -> Item) -> &mut Item {
        let i = self.find(seg).unwrap_or_else(|i| {
            self.0.insert(i, (seg.to_owned(), make()));
            i
        });
        &mut self.0[i].1
    }

    /// Sets the item of `seg`.
    pub fn insert(&mut self, seg: String, item: Item) {
        match self.find(&seg) {
            Ok(i) => self.0[i].1 = item,
            Err(i) => self.0.insert(i, (seg, item)),
        }
    }

    /// Takes the item of `seg` out.
    pub fn remove(&mut self, seg: &str) -> Option<Item> {
        self.find(seg).ok().map(|i| self.0.remove(i).1)
    }

    /// Every item, in key order.
    pub fn values(&self) -> impl Iterator<Item = &Item> {
        self.0.iter().map(|(_, i)| i)
    }

    /// Every segment and item, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Item)> {
        self.0.iter().map(|(s, i)| (s, i))
    }
}

/// The drafts of one mounted report.
pub struct Drafts {
    pub document: String,
    pub max: usize,
    pub items: Items,
    pub timer: Option<Timeout>,
    pub undo: Option<(Draft, Timeout)>,
    /// The last storage failure, until a save succeeds again.
    pub failing: Option<StoreError>,
}

/// Local time as `HH:MM`.
pub fn hhmm(ms: f64) -> String {
    let d = js_sys::Date::new(&ms.into());
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

/// Local date and time as `YYYY-MM-DD HH:MM`.
pub fn datetime(ms: f64) -> String {
    let d = js_sys::Date::new(&ms.into());
    format!("{}-{:02}-{:02} {}", d.get_full_year(), d.get_month() + 1, d.get_date(), hhmm(ms))
}

fn why(lang: Lang, e: &StoreError) -> &'static str {
    let t = lang.strings();
    match e {
        StoreError::Full => t.storage_full,
        StoreError::Unavailable(_) => t.storage_blocked,
        StoreError::Other(_) => t.storage_failed,
    }
}

/// Elements of a draft box by role (`text`, `count`, `status`, `box`).
fn part(shadow: &ShadowRoot, prefix: &str, seg: &str, what: &str) -> Option<Element> {
    shadow.get_element_by_id(&format!("{prefix}draft-{what}-{seg}"))
}

/// A stored record decoded with `JSON.parse` and read by hand ([`super::js::shape`]).
fn decode(raw: &str) -> Result<Shape, String> {
    let value = js_sys::JSON::parse(raw).map_err(|_| "not JSON".to_owned())?;
    super::js::shape(value)
}

impl Drafts {
    /// Loads this document's drafts from storage. Unreadable records are moved to a backup key
    /// and their new keys returned, for a notice; v0 records are upgraded in place.
    pub fn load(doc: &Document, document: &str, max: usize) -> (Drafts, Vec<String>) {
        let mut d = Drafts {
            document: document.to_owned(),
            max,
            items: Items::default(),
            timer: None,
            undo: None,
            failing: None,
        };
        let mut set_aside = Vec::new();
        let Ok(store) = storage::local() else { return (d, set_aside) };
        let keys: Vec<String> =
            (0..store.length().unwrap_or(0)).filter_map(|i| store.key(i).ok().flatten()).collect();
        for k in keys {
            let Some(key) = DraftKey::parse(document, &k) else { continue };
            let Ok(Some(raw)) = store.get_item(&k) else { continue };
            let section = key.section.clone();
            match Draft::read(decode(&raw), &key, || citation(doc, section.as_deref())) {
                Migrated::Current(draft) => {
                    d.items.insert(k.rsplit(':').next().unwrap_or(GENERAL).to_owned(), Item::stored(draft));
                }
                Migrated::Upgraded(draft) => {
                    if let Some(json) = storage::to_json(&draft) {
                        let _ = storage::set(&k, &json);
                    }
                    d.items.insert(segment(draft.section.as_deref()).to_owned(), Item::stored(draft));
                }
                Migrated::Unreadable(_) => {
                    let backup = key.backup_key(js_sys::Date::now());
                    // Copy first; only once the copy is safe is the original key freed.
                    if storage::set(&backup, &raw).is_ok() {
                        storage::remove(&k);
                    }
                    set_aside.push(backup);
                }
            }
        }
        (d, set_aside)
    }

    /// The draft for `seg`, created empty if missing.
    fn item(&mut self, doc: &Document, seg: &str) -> &mut Item {
        let document = self.document.clone();
        self.items.get_or_insert_with(seg, || {
            let section = (seg != GENERAL).then(|| seg.to_owned());
            Item {
                draft: Draft {
                    v: DRAFT_VERSION,
                    document,
                    citation: citation(doc, section.as_deref()),
                    section_hash: section.as_deref().and_then(|s| section_hash(doc, s)),
                    section,
                    text: String::new(),
                    updated_at: 0.0,
                    base: 0.0,
                },
                dirty: false,
                stored_at: 0.0,
                theirs: None,
                submitted: false,
            }
        })
    }

    /// Text of `seg` (empty if none).
    pub fn text(&self, seg: &str) -> &str {
        self.items.get(seg).map_or("", |i| i.draft.text.as_str())
    }

    /// Whether any draft has unsaved text.
    pub fn unsaved(&self) -> bool {
        self.items.values().any(|i| i.dirty && !i.draft.text.is_empty())
    }

    /// Drafts with text, general first, then in report order.
    pub fn listed<'a>(&'a self, doc: &Document) -> Vec<&'a Draft> {
        let order = |d: &Draft| match &d.section {
            None => 0,
            Some(id) => doc.sections.iter().position(|s| &s.id == id).map_or(usize::MAX, |i| i + 1),
        };
        let v: Vec<&Draft> =
            self.items.values().map(|i| &i.draft).filter(|d| !d.text.trim().is_empty()).collect();
        crate::order::sorted_by_key(v, |d| (order(d), 0))
    }

    /// Records the reader's typing; the caller schedules the save.
    pub fn edit(&mut self, doc: &Document, seg: &str, text: String) {
        let item = self.item(doc, seg);
        item.draft.text = text;
        item.dirty = true;
        item.submitted = false;
    }

    /// Saves every unsaved draft now. Returns the segments whose save found another tab's
    /// newer version (a conflict to show).
    pub fn save_all(&mut self, shadow: &ShadowRoot, prefix: &str, lang: Lang) -> Vec<String> {
        self.timer = None;
        let segs: Vec<String> = self
            .items
            .iter()
            .filter(|(_, i)| i.dirty && i.theirs.is_none())
            .map(|(s, _)| s.clone())
            .collect();
        let mut conflicts = Vec::new();
        for seg in segs {
            if self.save(&seg, shadow, prefix, lang) {
                conflicts.push(seg);
            }
        }
        conflicts
    }

    /// Saves one draft; returns true if another tab had saved a different newer version
    /// (then nothing is written and the reader must choose).
    fn save(&mut self, seg: &str, shadow: &ShadowRoot, prefix: &str, lang: Lang) -> bool {
        let t = lang.strings();
        let document = self.document.clone();
        let Some(item) = self.items.get_mut(seg) else { return false };
        let key = DraftKey { document, section: item.draft.section.clone() }.storage_key();
        // Another tab may have written since we last read: never overwrite it silently.
        if let Ok(Some(raw)) = storage::get(&key) {
            if let Ok(Shape::V1(theirs)) = decode(&raw) {
                if theirs.updated_at > item.stored_at && theirs.text != item.draft.text {
                    item.theirs = Some(theirs);
                    return true;
                }
            }
        }
        let now = js_sys::Date::now();
        let result = if item.draft.text.is_empty() {
            // An emptied draft is removed rather than stored empty.
            storage::local().and_then(|s| s.remove_item(&key).map_err(|_| StoreError::Other("remove".into())))
        } else {
            let mut record = item.draft.clone();
            record.updated_at = now;
            record.base = item.stored_at;
            match storage::to_json(&record) {
                Some(json) => storage::set(&key, &json),
                None => Err(StoreError::Other("could not serialize".into())),
            }
        };
        let status = match result {
            Ok(()) => {
                item.draft.updated_at = now;
                item.stored_at = now;
                item.dirty = false;
                self.failing = None;
                t.saved_at.replace("{time}", &hhmm(now))
            }
            Err(e) => {
                let message = t.not_saved.replace("{why}", why(lang, &e));
                self.failing = Some(e);
                message
            }
        };
        if let Some(s) = part(shadow, prefix, seg, "status") {
            s.set_text_content(Some(&status));
        }
        false
    }

    /// Opens (or focuses) the draft box of section `seg` right under its heading.
    pub fn open(&mut self, doc: &Document, shadow: &ShadowRoot, prefix: &str, seg: &str, lang: Lang) {
        if part(shadow, prefix, seg, "box").is_none() {
            let Some(row) =
                shadow.get_element_by_id(&format!("{prefix}{seg}-h")).and_then(|h| h.parent_element())
            else {
                return;
            };
            let max = self.max;
            let item = self.item(doc, seg);
            let html = draft_box(
                prefix,
                item.draft.section.as_deref(),
                &item.draft.citation,
                &item.draft.text,
                max,
                lang,
            );
            let changed = item.draft.section_hash.is_some()
                && !item.draft.text.is_empty()
                && item.draft.section_hash
                    != item.draft.section.as_deref().and_then(|s| section_hash(doc, s));
            super::html::insert(&row, "afterend", &html);
            if changed {
                if let Some(note) = part(shadow, prefix, seg, "box")
                    .and_then(|b| b.query_selector(".draft-changed").ok().flatten())
                {
                    let _ = note.remove_attribute("hidden");
                }
            }
            self.refresh(shadow, prefix, seg, lang);
        }
        if let Some(text) = part(shadow, prefix, seg, "text").and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
            let _ = text.focus();
        }
    }

    /// Closes a section's draft box (the draft stays).
    pub fn close(&mut self, shadow: &ShadowRoot, prefix: &str, seg: &str) {
        if seg == GENERAL {
            return;
        }
        if let Some(b) = part(shadow, prefix, seg, "box") {
            b.remove();
        }
        if let Some(btn) = shadow
            .query_selector(&format!("button.draft-btn[data-seg=\"{}\"]", super::reader::css_escape(seg)))
            .ok()
            .flatten()
        {
            if let Some(b) = btn.dyn_ref::<HtmlElement>() {
                let _ = b.focus();
            }
        }
    }

    /// Updates a box's text area (when changed from outside), counter and limit warning.
    pub fn refresh(&self, shadow: &ShadowRoot, prefix: &str, seg: &str, lang: Lang) {
        let t = lang.strings();
        let text = self.text(seg);
        if let Some(area) =
            part(shadow, prefix, seg, "text").and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
        {
            if area.value() != text {
                area.set_value(text);
            }
        }
        let n = count_chars(text);
        if let Some(c) = part(shadow, prefix, seg, "count") {
            let mut line = count_line(lang, n, self.max);
            if n > self.max {
                line = format!("{line} · {}", t.over_limit.replace("{over}", &(n - self.max).to_string()));
            } else if n * 10 >= self.max * 9 {
                line = format!("{line} · {}", t.near_limit.replace("{left}", &(self.max - n).to_string()));
            }
            c.set_text_content(Some(&line));
            let _ = c.class_list().toggle_with_force("warn", n * 10 >= self.max * 9);
        }
        if let Some(b) = part(shadow, prefix, seg, "box")
            .and_then(|b| b.query_selector("[data-action=draft-submit]").ok().flatten())
        {
            let block = n == 0 || n > self.max;
            let _ = if block {
                b.set_attribute("aria-disabled", "true")
            } else {
                b.remove_attribute("aria-disabled")
            };
        }
        self.show_conflict(shadow, prefix, seg, lang);
    }

    /// Shows or hides the conflict chooser of `seg`.
    fn show_conflict(&self, shadow: &ShadowRoot, prefix: &str, seg: &str, lang: Lang) {
        let Some(area) =
            part(shadow, prefix, seg, "box").and_then(|b| b.query_selector(".draft-conflict").ok().flatten())
        else {
            return;
        };
        match self.items.get(seg).and_then(|i| i.theirs.as_ref().map(|th| (i, th))) {
            Some((item, theirs)) => {
                super::html::set(&area, &conflict(seg, &item.draft.text, &theirs.text, lang));
                let _ = area.remove_attribute("hidden");
            }
            None => {
                super::html::clear(&area);
                let _ = area.set_attribute("hidden", "");
            }
        }
    }

    /// Resolves a conflict: keep this tab's text (written over theirs) or take theirs.
    pub fn resolve(&mut self, shadow: &ShadowRoot, prefix: &str, seg: &str, mine: bool, lang: Lang) {
        let Some(item) = self.items.get_mut(seg) else { return };
        let Some(theirs) = item.theirs.take() else { return };
        item.stored_at = theirs.updated_at;
        if mine {
            item.dirty = true;
            self.save(seg, shadow, prefix, lang);
        } else {
            item.draft.text = theirs.text;
            item.draft.updated_at = theirs.updated_at;
            item.dirty = false;
        }
        self.refresh(shadow, prefix, seg, lang);
    }

    /// Another tab changed `key` (a `storage` event). Returns the segment if it is one of ours.
    pub fn external(
        &mut self,
        doc: &Document,
        shadow: &ShadowRoot,
        prefix: &str,
        key: &str,
        value: Option<String>,
        lang: Lang,
    ) -> Option<String> {
        let k = DraftKey::parse(&self.document, key)?;
        let seg = segment(k.section.as_deref()).to_owned();
        let theirs = match value.as_deref().map(decode) {
            Some(Ok(Shape::V1(d))) => Some(d),
            Some(_) => return None, // not a record we can read: leave it to the next load
            None => None,           // deleted there
        };
        let item = self.item(doc, &seg);
        let their_text = theirs.as_ref().map_or("", |d| d.text.as_str());
        if item.draft.text == their_text {
            item.stored_at = theirs.as_ref().map_or(item.stored_at, |d| d.updated_at);
            return Some(seg);
        }
        // Their version was not edited from our last save: both tabs saved at once (storage
        // reaches other tabs with a delay, so neither saw the other's write).
        let concurrent = theirs.as_ref().is_some_and(|d| d.base < item.stored_at);
        if item.dirty || concurrent {
            // Both changed: keep both until the reader chooses.
            let mut th = theirs.unwrap_or_else(|| Draft { text: String::new(), ..item.draft.clone() });
            th.updated_at = th.updated_at.max(js_sys::Date::now());
            item.theirs = Some(th);
        } else {
            item.draft.text = their_text.to_owned();
            item.stored_at = theirs.as_ref().map_or(0.0, |d| d.updated_at);
            item.draft.updated_at = item.stored_at;
            if let Some(s) = part(shadow, prefix, &seg, "status") {
                s.set_text_content(Some(lang.strings().other_tab));
            }
        }
        self.refresh(shadow, prefix, &seg, lang);
        Some(seg)
    }

    /// Deletes a draft (kept for undo for a while).
    pub fn delete(&mut self, shadow: &ShadowRoot, prefix: &str, seg: &str) -> Option<Draft> {
        let item = self.items.remove(seg)?;
        let key =
            DraftKey { document: self.document.clone(), section: item.draft.section.clone() }.storage_key();
        storage::remove(&key);
        if let Some(b) = part(shadow, prefix, seg, "box") {
            if seg == GENERAL {
                if let Some(a) = b
                    .query_selector("textarea")
                    .ok()
                    .flatten()
                    .and_then(|a| a.dyn_into::<HtmlTextAreaElement>().ok())
                {
                    a.set_value("");
                }
            } else {
                b.remove();
            }
        }
        Some(item.draft)
    }

    /// Puts a deleted draft back, in memory and in storage.
    pub fn restore(&mut self, doc: &Document, draft: Draft, shadow: &ShadowRoot, prefix: &str, lang: Lang) {
        let seg = segment(draft.section.as_deref()).to_owned();
        let item = self.item(doc, &seg);
        item.draft = draft;
        item.dirty = true;
        item.stored_at = 0.0;
        self.save(&seg, shadow, prefix, lang);
        self.refresh(shadow, prefix, &seg, lang);
    }

    /// The export of every draft.
    pub fn export(&self, doc: &Document) -> Export {
        let drafts: Vec<Draft> = self.items.values().map(|i| i.draft.clone()).collect();
        Export::new(doc, &self.document, &drafts, js_sys::Date::now())
    }

    /// Re-renders the panel's list and the "has a draft" state of section buttons.
    pub fn render_list(&self, doc: &Document, shadow: &ShadowRoot, lang: Lang) {
        if let Some(list) = shadow.query_selector(".drafts-list").ok().flatten() {
            super::html::set(&list, &drafts_list(&self.listed(doc), lang, datetime));
        }
        self.mark_buttons(doc, shadow, lang);
    }

    /// Sets the "has a draft" state of the section buttons in the page. Buttons render as
    /// "no draft", so only those of sections with a draft, and those marked before, are
    /// visited (a long report has hundreds of buttons and arrives in chunks).
    pub fn mark_buttons(&self, doc: &Document, shadow: &ShadowRoot, lang: Lang) {
        let t = lang.strings();
        let mut segs: Vec<String> =
            self.items.iter().map(|(s, _)| s).filter(|s| s.as_str() != GENERAL).cloned().collect();
        if let Ok(marked) = shadow.query_selector_all("button.draft-btn.has-draft") {
            for i in 0..marked.length() {
                if let Some(seg) =
                    marked.item(i).and_then(|n| n.dyn_into::<Element>().ok()?.get_attribute("data-seg"))
                {
                    // A marked button whose draft still exists is in the list already.
                    if !segs.contains(&seg) {
                        segs.push(seg);
                    }
                }
            }
        }
        for seg in segs {
            let selector = format!("button.draft-btn[data-seg=\"{}\"]", super::reader::css_escape(&seg));
            let Some(b) = shadow.query_selector(&selector).ok().flatten() else { continue };
            let has = !self.text(&seg).trim().is_empty();
            let _ = b.class_list().toggle_with_force("has-draft", has);
            let title = doc.sections.iter().find(|s| s.id == seg).map(|s| s.label(40)).unwrap_or_default();
            let label = if has { t.edit_draft } else { t.write_draft }.replace("{title}", &title);
            let _ = b.set_attribute("aria-label", &label);
            let _ = b.set_attribute("title", &label);
        }
    }
}

impl Item {
    fn stored(draft: Draft) -> Item {
        Item { stored_at: draft.updated_at, draft, dirty: false, theirs: None, submitted: false }
    }
}
