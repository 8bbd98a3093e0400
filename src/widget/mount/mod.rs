//! `mount()`, the handle it returns, and the wiring of the page's events.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::ops::Range;
use std::rc::{Rc, Weak};

use gloo_events::{EventListener, EventListenerOptions, EventListenerPhase};
use gloo_timers::callback::Timeout;
use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    AbortController, Element, HtmlElement, RequestInit, Response, ShadowRoot, ShadowRootInit, ShadowRootMode,
};

use super::drafts::Drafts;
use super::events::{self, dispatch, Failure, Ready};
use super::reader::{self, announce_text, current_hash, link_to, push_hash, Ctx, Loaded};
use super::style::{self, Applied};
use super::terms::{self, Opened, Terms};
use crate::drafts::record::GENERAL;
use crate::glossary::marks::{annotate, Annotations, Density};
use crate::glossary::matcher::Matcher;
use crate::glossary::{
    harvest::harvest, json, validate_all, Entry, EntryIssue, Glossary, GlossaryError, Mode, Origin,
    RawEntries, MAX_ENTRIES,
};
use crate::i18n::{error_message, Lang};
use crate::render::{chunks, render_blocks, render_lean_shell, GlossaryView, Late};
use crate::render::{render_error, RenderOptions};
use crate::report::{decode, parse, Document, LoadError};
use crate::state::{clean_key, document_key, initial_folds, FoldRule};

mod draft_actions;
mod term_actions;
mod wiring;

use draft_actions::{export_text, flush_drafts, on_draft_action, on_draft_input, start_drafts};
use term_actions::{on_pointer, walk};
use wiring::{toggle_panel, wire};

/// Delay before the reading state is written after a change, so scrolling writes rarely.
const SAVE_DELAY_MS: u32 = 500;

/// Options of `mount()`, mirroring the element's attributes.
#[derive(Debug, Default)]
struct MountOptions {
    /// The report text itself.
    text: Option<String>,
    /// URL of the report (plain UTF-8 text).
    src: Option<String>,
    /// A fetch of `src` already under way (a `Promise` of its `Response`): `<report-reader>`
    /// starts it while the module loads, so the report downloads alongside the module.
    response: Option<js_sys::Promise>,
    /// Interface language: `zh-CN` (default) or `en`.
    lang: Option<String>,
    /// Key for this report's saved state.
    storage_key: Option<String>,
    /// Initial folds: `none`, `all`, or a level (`1`: subsections folded).
    folded: Option<String>,
    /// Remember folds and reading position in localStorage (default true).
    remember: Option<bool>,
    /// The host's glossary: an array of entries, or the URL of a JSON file.
    glossary: JsValue,
    /// `merge` (default) or `replace`.
    glossary_mode: Option<String>,
    /// `first` (default), `all` or `none`.
    glossary_marks: Option<String>,
    /// Longest draft, in characters (default 5,000).
    draft_max: Option<u32>,
    /// `light`, `dark` or `auto` (default: follow the reader's system).
    theme: Option<String>,
}

impl MountOptions {
    /// Reads the options object: unknown keys are ignored, missing ones default, a known key
    /// of the wrong type is an error.
    fn read(value: JsValue) -> Result<MountOptions, String> {
        let f = super::js::Fields::new(value, "struct MountOptions")?;
        // Said in full: "invalid type …, expected a Promise" would not say which promise.
        let response = f.opt_promise("response").map_err(|_| {
            "`response` must be a Promise of the Response of a fetch of `src` (as fetch(src) returns)"
                .to_owned()
        })?;
        let src = f.opt_string("src")?;
        if response.is_some() && src.is_none() {
            return Err("`response` needs `src`, the URL it fetches (its messages name it)".into());
        }
        Ok(MountOptions {
            text: f.opt_string("text")?,
            src,
            response,
            lang: f.opt_string("lang")?,
            storage_key: f.opt_string("storageKey")?,
            folded: f.opt_string("folded")?,
            remember: f.opt_bool("remember")?,
            glossary: f.get("glossary"),
            glossary_mode: f.opt_string("glossaryMode")?,
            glossary_marks: f.opt_string("glossaryMarks")?,
            draft_max: f.opt_u32("draftMax")?,
            theme: f.opt_string("theme")?,
        })
    }
}

/// Default `draft-max`.
const DRAFT_MAX: usize = 5000;

/// Where the host's glossary comes from.
#[derive(Debug, Clone)]
enum HostGlossary {
    None,
    Entries(Result<RawEntries, GlossaryError>),
    Url(String),
}

/// Reads entries from a parsed JSON value, one by one, so that each
/// bad entry is reported with its index instead of failing the whole glossary.
fn raw_entries(value: &JsValue) -> Result<RawEntries, GlossaryError> {
    if !js_sys::Array::is_array(value) {
        return Err(GlossaryError::NotArray);
    }
    let items = js_sys::Array::from(value);
    if items.length() as usize > MAX_ENTRIES * 4 {
        return Err(GlossaryError::TooMany { count: items.length() as usize });
    }
    // One entry the slow way: field by field, with the exact message for what is wrong.
    let slow = |item: JsValue| {
        if !item.is_object() || js_sys::Array::is_array(&item) {
            return Err("entry is not an object".to_owned());
        }
        super::js::raw_entry(item)
    };
    // Plain entries cross the boundary once, as JSON text (see `glossary::json`).
    let read = super::dom::pack_entries(&items).ok().and_then(|p| json::read_marked(&p).ok());
    Ok(match read {
        Some(list) if list.len() == items.length() as usize => list
            .into_iter()
            .zip(0u32..)
            .map(|(entry, i)| entry.map_or_else(|| slow(items.get(i)), Ok))
            .collect(),
        _ => items.iter().map(slow).collect(),
    })
}

/// Parses glossary JSON text with the browser's `JSON.parse`.
fn parse_glossary_json(text: &str) -> Result<RawEntries, GlossaryError> {
    let value = js_sys::JSON::parse(text).map_err(|e| GlossaryError::NotJson {
        detail: e
            .dyn_ref::<js_sys::Error>()
            .map_or_else(|| "syntax error".into(), |e| String::from(e.message())),
    })?;
    raw_entries(&value)
}

thread_local! {
    /// The default glossary, parsed once per page.
    static DEFAULT_ENTRIES: Vec<Entry> = Glossary::default_entries();
}

thread_local! {
    /// Every widget from its mount to its [`Handle::destroy`], with its id prefix.
    ///
    /// The handle alone must not keep a reader alive: a page that calls `mount(el, options)` and
    /// drops what it returns would otherwise see the reader stop (listeners, background chunks,
    /// draft saves) and lose a draft being typed, whenever the garbage collector finalizes the
    /// handle. The prefixes are kept beside the widgets (not read from them, which may be
    /// borrowed while a nested event mounts another) so that a new widget takes a free one.
    static LIVE: RefCell<Vec<(String, Shared)>> = const { RefCell::new(Vec::new()) };
}

/// Picks an id prefix for a widget on `host`: the host element's own id when it has a usable
/// one, else `rr<n>-` with the smallest `n` no live widget has, so the first widget of a page is
/// always `rr1-` and links to it stay valid across reloads. It is taken once the widget is in
/// [`LIVE`].
fn free_prefix(host: &Element) -> String {
    LIVE.with(|live| {
        let live = live.borrow();
        let taken = |c: &str| live.iter().any(|(p, _)| p == c);
        let own: String =
            host.id().chars().filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_').take(40).collect();
        let own = format!("{own}-");
        if own.len() > 1 && !taken(&own) {
            own
        } else {
            (1..).map(|n| format!("rr{n}-")).find(|c| !taken(c)).unwrap_or_default()
        }
    })
}

/// One mounted widget. Dropping it removes its listeners and timers; [`Handle::destroy`] also
/// removes its nodes and stylesheet.
struct Widget {
    host: Element,
    shadow: ShadowRoot,
    root: Element,
    lang: Lang,
    prefix: String,
    style: Applied,
    until_found: bool,
    fold_rule: FoldRule,
    remember: bool,
    storage_key: Option<String>,
    glossary_mode: Mode,
    density: Density,
    draft_max: usize,
    /// Whether mount() put a `theme` attribute on the host (and destroy must take it away).
    added_theme: bool,
    loaded: Option<Loaded>,
    /// Aborts an in-flight fetch of `src` on destroy.
    abort: Option<AbortController>,
    listeners: Vec<EventListener>,
}

impl Widget {
    /// The loaded report and the context its operations need (a split borrow).
    fn parts(&mut self) -> Option<(&mut Loaded, Ctx<'_>)> {
        let ctx = Ctx {
            shadow: &self.shadow,
            prefix: &self.prefix,
            until_found: self.until_found,
            remember: self.remember,
            lang: self.lang,
        };
        Some((self.loaded.as_mut()?, ctx))
    }
}

type Shared = Rc<RefCell<Option<Widget>>>;

/// Runs `f` on the live widget behind `weak`, if any.
///
/// Some DOM calls dispatch events synchronously (`focus()` fires `focusin`), so a listener can
/// run while the widget is already borrowed by the operation that caused it. Such nested
/// events are the widget's own doing and are skipped (`None`) rather than panicking.
fn with<R>(weak: &Weak<RefCell<Option<Widget>>>, f: impl FnOnce(&mut Widget, &Shared) -> R) -> Option<R> {
    let state = weak.upgrade()?;
    let mut guard = state.try_borrow_mut().ok()?;
    let w = guard.as_mut()?;
    Some(f(w, &state))
}

/// A mounted report reader. The reader lives until [`Handle::destroy`], whether or not the page
/// keeps the handle.
#[wasm_bindgen]
pub struct Handle {
    state: Shared,
    storage_key: Option<String>,
}

#[wasm_bindgen]
impl Handle {
    /// Removes every node, stylesheet, listener and timer the widget added, aborts a pending
    /// fetch and writes a pending reading state first. Calling it twice is harmless.
    pub fn destroy(&self) {
        // Its prefix is free again, and the page no longer holds it.
        LIVE.with(|live| live.borrow_mut().retain(|(_, s)| !Rc::ptr_eq(s, &self.state)));
        let Some(mut w) = self.state.borrow_mut().take() else { return };
        if let Some(a) = &w.abort {
            a.abort();
        }
        if let Some((loaded, ctx)) = w.parts() {
            if loaded.save.is_some() {
                loaded.save_now(&ctx);
            }
        }
        flush_drafts(&mut w);
        if w.added_theme {
            let _ = w.host.remove_attribute("theme");
        }
        w.root.remove();
        style::remove(&w.shadow, &w.style);
        // `w` drops here, and with it every EventListener, Timeout and AnimationFrame.
    }

    /// Whether [`Handle::destroy`] has been called.
    #[wasm_bindgen(getter)]
    pub fn destroyed(&self) -> bool {
        self.state.borrow().is_none()
    }

    /// Number of sections in the loaded report (0 while loading or after an error).
    #[wasm_bindgen(getter)]
    pub fn sections(&self) -> usize {
        self.state.borrow().as_ref().and_then(|w| w.loaded.as_ref()).map_or(0, |l| l.doc.sections.len())
    }

    /// The report's title, if loaded and found.
    #[wasm_bindgen(getter)]
    pub fn title(&self) -> Option<String> {
        self.state.borrow().as_ref().and_then(|w| w.loaded.as_ref()).and_then(|l| l.doc.title.clone())
    }

    /// The storage key given at mount, if any.
    #[wasm_bindgen(getter, js_name = storageKey)]
    pub fn storage_key(&self) -> Option<String> {
        self.storage_key.clone()
    }

    /// Id (with this widget's prefix) of the section being read, if any.
    #[wasm_bindgen(getter)]
    pub fn current(&self) -> Option<String> {
        let state = self.state.borrow();
        let w = state.as_ref()?;
        let l = w.loaded.as_ref()?;
        l.current.map(|i| format!("{}{}", w.prefix, l.doc.sections[i].id))
    }

    /// The outline as an array of `{id, number, title, depth, parent, folded}`; `id` is the
    /// element id inside the shadow root (and the URL fragment of a deep link).
    pub fn outline(&self) -> JsValue {
        let state = self.state.borrow();
        let Some((w, l)) = state.as_ref().and_then(|w| Some((w, w.loaded.as_ref()?))) else {
            return js_sys::Array::new().into();
        };
        let entries: Vec<events::OutlineEntry> = l
            .doc
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| events::OutlineEntry {
                id: format!("{}{}", w.prefix, s.id),
                number: s.number.as_deref(),
                title: &s.title,
                depth: s.depth,
                parent: s.parent.map(|p| format!("{}{}", w.prefix, l.doc.sections[p].id)),
                folded: l.folded[i],
            })
            .collect();
        events::to_js(&entries)
    }

    /// Unfolds every section.
    #[wasm_bindgen(js_name = expandAll)]
    pub fn expand_all(&self) {
        fold_all(&Rc::downgrade(&self.state), false);
    }

    /// Folds every section that has a body.
    #[wasm_bindgen(js_name = collapseAll)]
    pub fn collapse_all(&self) {
        fold_all(&Rc::downgrade(&self.state), true);
    }

    /// Folds (`true`) or unfolds (`false`) section `id`; returns false if there is no such
    /// foldable section.
    #[wasm_bindgen(js_name = setFolded)]
    pub fn set_folded(&self, id: &str, folded: bool) -> bool {
        let weak = Rc::downgrade(&self.state);
        let i = with(&weak, |w, _| w.parts().and_then(|(l, ctx)| l.find(&ctx, id))).flatten();
        i.is_some_and(|i| toggle(&weak, i, Some(folded)))
    }

    /// Confirms that the host received the draft it was sent in `report-reader:draft-submit`
    /// (`section`: the event's `section`, `null`/omitted for the general draft). Only then is the
    /// draft cleared. Returns false if no such submitted draft is waiting.
    #[wasm_bindgen(js_name = confirmSubmit)]
    pub fn confirm_submit(&self, section: Option<String>) -> bool {
        with(&Rc::downgrade(&self.state), |w, _| {
            let (shadow, prefix, lang) = (w.shadow.clone(), w.prefix.clone(), w.lang);
            let l = w.loaded.as_mut()?;
            let drafts = l.drafts.as_mut()?;
            let seg = crate::render::drafts::segment(section.as_deref()).to_owned();
            if !drafts.items.get(&seg).is_some_and(|i| i.submitted) {
                return Some(false);
            }
            drafts.delete(&shadow, &prefix, &seg);
            drafts.render_list(&l.doc, &shadow, lang);
            announce_text(&shadow, lang.strings().submitted);
            Some(true)
        })
        .flatten()
        .unwrap_or(false)
    }

    /// Every draft of this report: `[{section, citation: {path, number, title}, text, updatedAt}]`.
    pub fn drafts(&self) -> JsValue {
        let state = self.state.borrow();
        let Some(export) = state
            .as_ref()
            .and_then(|w| w.loaded.as_ref())
            .and_then(|l| Some(l.drafts.as_ref()?.export(&l.doc)))
        else {
            return js_sys::Array::new().into();
        };
        events::to_js(&export.drafts)
    }

    /// All drafts as `"markdown"` (default) or `"json"` text, with section citations.
    #[wasm_bindgen(js_name = exportDrafts)]
    pub fn export_drafts(&self, format: Option<String>) -> String {
        let state = self.state.borrow();
        let Some(w) = state.as_ref() else { return String::new() };
        let Some(l) = w.loaded.as_ref() else { return String::new() };
        let Some(d) = l.drafts.as_ref() else { return String::new() };
        export_text(&d.export(&l.doc), format.as_deref() == Some("json"), w.lang)
    }

    /// Replaces the host glossary (an array of entries, or the URL of a JSON file) and renders
    /// the report again with it, keeping folds and drafts; `mode` is `merge` (default) or
    /// `replace`. Problems are reported as at mount (`glossary-issues`, `error`), and `ready`
    /// fires again when the new marks are in.
    #[wasm_bindgen(js_name = setGlossary)]
    pub fn set_glossary(&self, glossary: JsValue, mode: Option<String>) {
        let Some(doc) = ({
            let mut state = self.state.borrow_mut();
            state.as_mut().and_then(|w| {
                if let Some(m) = &mode {
                    w.glossary_mode = Mode::parse(m);
                }
                flush_drafts(w);
                w.loaded.as_ref().map(|l| l.doc.clone())
            })
        }) else {
            return;
        };
        match glossary.as_string() {
            Some(url) => {
                let Some(window) = web_sys::window() else { return };
                let request = window.fetch_with_str(&url);
                let state = self.state.clone();
                spawn_local(async move {
                    let entries = fetch_glossary(request, &url).await;
                    if state.borrow().is_some() {
                        show(&state, Ok(doc), Some(entries));
                    }
                });
            }
            None if glossary.is_undefined() || glossary.is_null() => show(&self.state, Ok(doc), None),
            None => show(&self.state, Ok(doc), Some(raw_entries(&glossary))),
        }
    }

    /// Unfolds section `id` (bare or prefixed) and its ancestors, scrolls to it and focuses its
    /// heading. Returns false if there is no such section.
    #[wasm_bindgen(js_name = goTo)]
    pub fn go_to(&self, id: &str) -> bool {
        navigate(&Rc::downgrade(&self.state), id, true, false)
    }
}

/// Mounts a report reader into `element` (its open shadow root, created if missing).
///
/// `options`: `{ text?, src?, lang?, storageKey?, folded?, remember? }`. Without `text` or
/// `src`, the text of a child `<script type="text/plain">` is used. Bad input never throws:
/// it is shown in the widget (`part="error"`, `role="alert"`) and reported with a
/// `report-reader:error` event.
///
/// # Errors
/// Throws when `options` is not an object of that shape, or when `element` cannot host a
/// shadow root (for example an `<img>`).
#[wasm_bindgen]
pub fn mount(element: &Element, options: JsValue) -> Result<Handle, JsError> {
    let opts: MountOptions = if options.is_undefined() || options.is_null() {
        MountOptions::default()
    } else {
        MountOptions::read(options)
            .map_err(|e| JsError::new(&format!("report-reader: invalid mount options: {e}")))?
    };
    let window = web_sys::window()
        .ok_or_else(|| JsError::new("report-reader: no window (mount() needs a browser page)"))?;
    let document = window.document().ok_or_else(|| JsError::new("report-reader: no document"))?;
    let shadow = match element.shadow_root() {
        Some(s) => s,
        None => element.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)).map_err(|_| {
            JsError::new(&format!(
                "report-reader: <{}> cannot host a shadow root; mount into a <div>, <section> or <report-reader> element",
                element.tag_name().to_ascii_lowercase()
            ))
        })?,
    };
    let lang = Lang::from_tag(opts.lang.as_deref().unwrap_or(""));
    let root =
        document.create_element("div").map_err(|_| JsError::new("report-reader: cannot create elements"))?;
    root.set_class_name("rr-root");
    let _ = root.set_attribute("lang", lang.tag());
    let _ = shadow.append_child(&root);
    let style = style::apply(&document, &shadow, &root);
    apply_font_scale(&root, font_scale());
    // hidden="until-found" lets find-in-page reveal folded text; elsewhere plain `hidden`.
    let until_found =
        document.body().is_some_and(|b| js_sys::Reflect::has(&b, &"onbeforematch".into()).unwrap_or(false));

    let storage_key = opts.storage_key.as_deref().map(clean_key).filter(|k| !k.is_empty());
    let prefix = free_prefix(element);
    let state: Shared = Rc::new(RefCell::new(Some(Widget {
        host: element.clone(),
        shadow,
        root,
        lang,
        prefix: prefix.clone(),
        style,
        until_found,
        fold_rule: opts.folded.as_deref().map(FoldRule::parse).unwrap_or_default(),
        remember: opts.remember.unwrap_or(true),
        storage_key: storage_key.clone(),
        glossary_mode: opts.glossary_mode.as_deref().map(Mode::parse).unwrap_or_default(),
        density: opts.glossary_marks.as_deref().map(Density::parse).unwrap_or_default(),
        draft_max: opts.draft_max.map_or(DRAFT_MAX, |m| (m as usize).max(1)),
        added_theme: match opts.theme.as_deref() {
            Some(theme @ ("light" | "dark")) if !element.has_attribute("theme") => {
                element.set_attribute("theme", theme).is_ok()
            }
            _ => false,
        },
        loaded: None,
        abort: None,
        listeners: Vec::new(),
    })));
    // Before anything can dispatch an event whose listener mounts another widget.
    LIVE.with(|live| live.borrow_mut().push((prefix, Rc::clone(&state))));
    wire(&state);

    let host = if let Some(url) = opts.glossary.as_string() {
        HostGlossary::Url(url)
    } else if opts.glossary.is_undefined() || opts.glossary.is_null() {
        HostGlossary::None
    } else {
        HostGlossary::Entries(raw_entries(&opts.glossary))
    };
    let inline =
        || element.query_selector("script[type='text/plain']").ok().flatten().and_then(|s| s.text_content());
    let report = match (opts.text, opts.src) {
        (Some(text), _) => Source::Text(text),
        (None, Some(src)) => Source::Url(src, opts.response),
        (None, None) => inline().map_or(Source::Missing, Source::Text),
    };
    match (report, host) {
        (Source::Text(text), host @ (HostGlossary::None | HostGlossary::Entries(_))) => {
            show(&state, parse(&text).map_err(LoadError::from), host_entries(host));
        }
        (Source::Missing, _) => show(&state, Err(LoadError::NoSource), None),
        (report, host) => load(&state, report, host),
    }
    Ok(Handle { state, storage_key })
}

/// Where the report comes from.
enum Source {
    Text(String),
    /// The URL, and its fetch if the page started it.
    Url(String, Option<js_sys::Promise>),
    Missing,
}

/// The host glossary's entries when they are already at hand (not a URL).
fn host_entries(host: HostGlossary) -> Option<Result<RawEntries, GlossaryError>> {
    match host {
        HostGlossary::Entries(e) => Some(e),
        _ => None,
    }
}

/// The glossary of `doc`: default (unless replaced), the report's appendix, the host's.
/// Returns it with the host's entry issues and, if the host's glossary failed as a whole, why.
fn build_glossary(
    doc: &Document,
    host: Option<Result<RawEntries, GlossaryError>>,
    mode: Mode,
) -> (Glossary, Vec<EntryIssue>, Option<GlossaryError>) {
    let (host_entries, issues, failure) = match host {
        None => (Vec::new(), Vec::new(), None),
        Some(Ok(raw)) => {
            let (entries, issues) = validate_all(raw, Origin::Host);
            (entries, issues, None)
        }
        Some(Err(e)) => (Vec::new(), Vec::new(), Some(e)),
    };
    // A failed host glossary never replaces the default: the reader still gets definitions.
    let mode = if failure.is_some() { Mode::Merge } else { mode };
    // Replaced: no copy of the default entries.
    let default = if mode == Mode::Replace { Vec::new() } else { DEFAULT_ENTRIES.with(Clone::clone) };
    (Glossary::build(default, harvest(doc), host_entries, mode), issues, failure)
}

/// What showing a report works out before it touches the page: the merged glossary, its
/// marks, the first chunk's markup and the chunks still to come.
struct First {
    glossary: Glossary,
    issues: Vec<EntryIssue>,
    failure: Option<GlossaryError>,
    notes: Annotations,
    markup: String,
    late: Late,
    pending: VecDeque<Range<usize>>,
}

/// The part of [`show`] that needs no page (glossary, matching, the first chunk's markup), so
/// that the loader's warm-up worker runs the very same code ([`warm_up_core`]).
#[inline(never)]
fn prepare(
    doc: &Document,
    host: Option<Result<RawEntries, GlossaryError>>,
    mode: Mode,
    density: Density,
    opts: &RenderOptions,
) -> First {
    let (glossary, issues, failure) = build_glossary(doc, host, mode);
    let size: usize = doc.blocks.iter().map(|b| b.text.len()).sum();
    let matcher = Matcher::new(&glossary);
    let notes = annotate(doc, &matcher, glossary.entries.len(), density);
    let failure_text = failure.as_ref().map(|f| crate::i18n::glossary_error(opts.lang, f));
    let view = GlossaryView {
        glossary: &glossary,
        notes: &notes,
        issues: &issues,
        failure: failure_text.as_deref(),
    };
    // The first screen now, the rest in the background (see `Loaded::render_next`).
    let (first, rest) = if size <= EAGER_BYTES { (usize::MAX, usize::MAX) } else { (FIRST_CHUNK, CHUNK) };
    let mut pending: VecDeque<_> = chunks(doc, &opts.folded, first, rest).into();
    let first = pending.pop_front().map_or(0, |r| r.end);
    // What no one sees at first (term index items, definitions, endnotes) comes a frame later.
    let (markup, late) = render_lean_shell(doc, opts, Some(view), first);
    First { glossary, issues, failure, notes, markup, late, pending }
}

/// Runs what mounting `text` with the host glossary `glossary` (an array of entries, or
/// `undefined`) computes without a page: parsing, the document's key and folds, the glossary,
/// matching, the first chunk's markup and every later chunk's. Returns the bytes of markup
/// made (so that none of it is optimised away). Not part of the public API: the loader's
/// warm-up worker (`report-reader-warm.js`) calls it. The browser compiles a WebAssembly
/// function on its first call and shares the compiled code between the page and its
/// workers, so the page's first report then finds this code compiled, without the page's
/// main thread having paid for it.
#[wasm_bindgen(js_name = warmUpCore)]
pub fn warm_up_core(text: &str, glossary: JsValue) -> usize {
    let Ok(doc) = parse(text) else { return 0 };
    let host = (!glossary.is_undefined() && !glossary.is_null()).then(|| raw_entries(&glossary));
    let folded = initial_folds(&doc, FoldRule::default());
    let mut opts = RenderOptions {
        id_prefix: "rr-warm-".to_owned(),
        lang: Lang::default(),
        folded,
        until_found: true,
        current: Some(0),
        near: FIRST_CHUNK,
        near_entries: 30,
        opening: true,
    };
    let first = prepare(&doc, host, Mode::default(), Density::default(), &opts);
    (opts.current, opts.near) = (None, 0);
    let later: usize =
        first.pending.iter().map(|r| render_blocks(&doc, &opts, Some(&first.notes), r.clone()).len()).sum();
    document_key(&doc).len() + first.markup.len() + first.late.index.len() + first.late.tail.len() + later
}

/// Renders a loaded document (or the error) into the widget, restores the reading state or
/// follows the URL's fragment, and announces the outcome.
fn show(
    state: &Shared,
    result: Result<Document, LoadError>,
    host: Option<Result<RawEntries, GlossaryError>>,
) {
    let mut guard = state.borrow_mut();
    let Some(w) = guard.as_mut() else { return };
    let t = w.lang.strings();
    let doc = match result {
        Ok(doc) => doc,
        Err(e) => {
            super::html::set(&w.root, &render_error(t.error_title, &error_message(w.lang, &e)));
            w.loaded = None;
            let detail = events::to_js(&Failure { code: e.code(), message: format!("report-reader: {e}") });
            web_sys::console::warn_1(&JsValue::from_str(&format!("report-reader: {e}")));
            announce(state.clone(), "error", detail);
            return;
        }
    };
    let doc_key = w.storage_key.clone().unwrap_or_else(|| document_key(&doc));
    let remembered = if w.remember { reader::restore(&doc_key) } else { None };
    // A re-render (setGlossary) keeps the reader's folds as they are now.
    let kept = w.loaded.as_ref().filter(|l| l.doc == doc).map(|l| l.folded.clone());
    let rerender = kept.is_some();
    let folded = kept.unwrap_or_else(|| {
        remembered.as_ref().map_or_else(|| initial_folds(&doc, w.fold_rule), |r| r.folds_for(&doc))
    });
    // The outline marks the first section as the one being read from the start, unless the
    // page goes elsewhere at once (a link to a section, a remembered position): scroll-spy's
    // first run then finds it set and changes nothing, so the first frame has no style change
    // and no layout to redo.
    let goes_elsewhere = !rerender
        && (current_hash().is_some_and(|h| h.starts_with(&w.prefix))
            || remembered.as_ref().is_some_and(|r| r.position.is_some()));
    let first_current = (!goes_elsewhere && !doc.sections.is_empty()).then_some(0);
    let opts = RenderOptions {
        id_prefix: w.prefix.clone(),
        lang: w.lang,
        folded: folded.clone(),
        until_found: w.until_found,
        current: first_current,
        // Where the page opens elsewhere, the article's start is not the first screen.
        near: if goes_elsewhere { 0 } else { near_bytes() },
        near_entries: if goes_elsewhere { 0 } else { near_entries() },
        opening: !goes_elsewhere && !rerender,
    };
    let First { glossary, issues, failure, notes, markup, late, pending } =
        prepare(&doc, host, w.glossary_mode, w.density, &opts);
    super::html::set(&w.root, &markup);
    let (paragraphs, salutations, _) = doc.counts();
    let detail = events::to_js(&Ready {
        title: doc.title.as_deref(),
        sections: doc.sections.len(),
        paragraphs,
        salutations,
        removed: doc.removed.len(),
        terms: notes.order.len(),
    });
    if !issues.is_empty() {
        announce(state.clone(), "glossary-issues", events::to_js(&events::Issues { issues: &issues }));
    }
    if let Some(f) = &failure {
        let detail = events::to_js(&Failure { code: f.code(), message: format!("report-reader: {f}") });
        web_sys::console::warn_1(&JsValue::from_str(&format!("report-reader: {f}")));
        announce(state.clone(), "error", detail);
    }
    let terms = Terms { glossary, notes, open: None, timer: None, walk: None, flash: None, marks_on: true };
    w.loaded = Some(Loaded {
        doc,
        doc_key,
        folded,
        current: first_current,
        visible: None,
        save: None,
        frame: None,
        pinned: None,
        terms: Some(terms),
        drafts: None,
        pending,
        late: Some(late),
        filler: None,
        settle: None,
        opening: None,
    });
    start_drafts(w, state);
    if w.loaded.as_ref().is_some_and(Loaded::incomplete) {
        // Busy until `complete`: chunks of the article, or its terms' definitions, are to come.
        if let Some(article) = w.shadow.query_selector("article.body").ok().flatten() {
            let _ = article.set_attribute("aria-busy", "true");
        }
        // After the first frame is painted (a timer set now runs after it).
        let weak = Rc::downgrade(state);
        if let Some(l) = w.loaded.as_mut() {
            l.filler = Some(Timeout::new(FIRST_FILL_DELAY_MS, move || fill(&weak)));
        }
    }

    let (mut spy, mut settle) = (false, None);
    if let Some((loaded, ctx)) = w.parts() {
        let target =
            current_hash().and_then(|h| h.starts_with(ctx.prefix).then(|| loaded.find(&ctx, &h)).flatten());
        let target = target.filter(|_| !rerender);
        let position = remembered.and_then(|r| r.position).filter(|_| !rerender);
        match (target, position) {
            (Some(i), _) => {
                settle = Some(i);
                loaded.go_to(&ctx, i, true);
            }
            (None, Some(pos)) => {
                if let Some(i) = loaded.find(&ctx, &pos) {
                    // Back to where the reader was, leaving their folds as they left them.
                    settle = Some(i);
                    loaded.scroll_to(&ctx, i);
                }
            }
            (None, None) => spy = true,
        }
    }
    if opts.opening {
        end_opening(w, state, true);
    }
    if spy {
        spy_soon(w, state);
    }
    if let Some(i) = settle {
        settle_at(w, state, i, 2);
    }
    announce(state.clone(), "ready", detail);
}

/// About how many bytes of the article's text the first screen shows (see
/// `RenderOptions::near`): lines of the body text's 31 px (at the default size) down the
/// window, each of at most 42 characters (its measure) of 17 px, three UTF-8 bytes to a Han
/// character. It errs high (the heading, the toolbar and, on wide screens, the outline column
/// take part of the window), which only lays out a little more at once.
fn near_bytes() -> usize {
    let (width, height) = window_size();
    let chars = (width / 17.0).min(42.0) * height / 31.0;
    (chars as usize).saturating_mul(3).min(FIRST_CHUNK)
}

/// The window's inner width and height in CSS pixels; 0 where there is no window.
fn window_size() -> (f64, f64) {
    let Some(window) = web_sys::window() else { return (0.0, 0.0) };
    let px = |v: Result<JsValue, JsValue>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
    (px(window.inner_width()), px(window.inner_height()))
}

/// About how many outline entries the first screen's outline column shows (see
/// `RenderOptions::near_entries`): rows of 24 px down the window, which errs high (an entry
/// takes 27 px at the default size, the toolbar and the outline's heading come first).
fn near_entries() -> usize {
    (window_size().1 / 24.0) as usize
}

/// Ends the first frame's `opening` (see `RenderOptions::opening`) at the next frame. At the
/// first frame (`first`), before it is laid out, the class goes at once if the first screen is
/// not where the renderer assumed (the page scrolled into the reader, a window of another
/// size than at mount): what it leaves out would show there.
fn end_opening(w: &mut Widget, state: &Shared, first: bool) {
    let weak = Rc::downgrade(state);
    if let Some(l) = w.loaded.as_mut() {
        l.opening = Some(gloo_render::request_animation_frame(move |_| {
            with(&weak, |w, state| {
                if first && first_screen_as_assumed(&w.shadow) {
                    end_opening(w, state, false);
                    return;
                }
                if let Some(l) = w.loaded.as_mut() {
                    l.opening = None;
                }
                if let Some(root) = w.shadow.query_selector(".rr.opening").ok().flatten() {
                    let _ = root.class_list().remove_1("opening");
                }
            });
        }));
    }
}

/// Whether what `opening` leaves out of the first frame is all below the window: the first
/// body it leaves out starts below it (every later one starts further down). Reads layout,
/// which the first frame is about to do anyway.
fn first_screen_as_assumed(shadow: &web_sys::ShadowRoot) -> bool {
    let height = window_size().1;
    let selector = ".section.depth-1 > .section-body:not([hidden]):not(.near), \
                    .section.depth-2 > .section-body:not([hidden]):not(.near)";
    match shadow.query_selector(selector).ok().flatten() {
        Some(body) => body.get_bounding_client_rect().top() >= height,
        None => true,
    }
}

/// Reports up to this many bytes of text go into the page at once: chunks would save little,
/// and find-in-page reaches everything from the first moment.
const EAGER_BYTES: usize = 64_000;
/// Bytes of text that shows (not folded away) in the first chunk of the article: a few
/// screens, rendered before `ready`.
const FIRST_CHUNK: usize = 6_000;
/// Bytes of text in each later chunk: one insertion, a few milliseconds of parsing.
const CHUNK: usize = 24_000;
/// Milliseconds of chunks per background step, so scrolling and typing stay smooth.
const FILL_BUDGET_MS: f64 = 8.0;
/// Delay before the first background step, so the first screen is painted first.
const FIRST_FILL_DELAY_MS: u32 = 16;

/// One background step of rendering the article's pending chunks; schedules the next, or
/// announces `report-reader:complete` when the whole report is in the page.
fn fill(weak: &Weak<RefCell<Option<Widget>>>) {
    let done = with(weak, |w, state| {
        let (l, ctx) = w.parts()?;
        if l.fill(&ctx, FILL_BUDGET_MS) {
            let weak = Rc::downgrade(state);
            l.filler = Some(Timeout::new(0, move || fill(&weak)));
            return None;
        }
        l.filler = None;
        if let Some(article) = ctx.shadow.query_selector("article.body").ok().flatten() {
            let _ = article.remove_attribute("aria-busy");
        }
        Some((state.clone(), l.doc.sections.len()))
    })
    .flatten();
    if let Some((state, sections)) = done {
        announce(state, "complete", events::to_js(&events::Complete { sections }));
    }
}

/// Dispatches an event after the current task, so listeners added right after `mount()`
/// returns still hear it and no widget state is borrowed while host code runs; skipped if the
/// widget was destroyed in between.
fn announce(state: Shared, name: &'static str, detail: JsValue) {
    spawn_local(async move {
        let host = state.borrow().as_ref().map(|w| w.host.clone());
        if let Some(host) = host {
            dispatch(&host, name, &detail);
        }
    });
}

/// `report-reader:toggle` for each section whose fold state changed.
fn announce_toggles(state: &Shared, prefix: &str, ids: Vec<String>, expanded: bool) {
    if ids.is_empty() {
        return;
    }
    // Expand-all on a long report changes hundreds of sections: one task makes and dispatches
    // them all, after the change itself.
    let (state, prefix) = (state.clone(), prefix.to_owned());
    spawn_local(async move {
        let host = state.borrow().as_ref().map(|w| w.host.clone());
        if let Some(host) = host {
            for id in ids {
                let detail = events::to_js(&events::Toggle { id: format!("{prefix}{id}"), expanded });
                dispatch(&host, "toggle", &detail);
            }
        }
    });
}

/// Scrolls section `i` into view again `frames` frames from now.
///
/// Bodies the browser skips (content-visibility) take a placeholder height until they have
/// been laid out once, so a scroll made at mount lands by those heights; in the first frame
/// the browser lays out the bodies near the section (scroll anchoring keeps the section in
/// view while they take their real size), and the scroll made again a couple of frames later
/// puts it exactly at the top. Laying every body out before the first scroll instead would be
/// exact at once, but a deep link into the end of a 1 MB report then mounted in 570 ms
/// instead of 90 (the whole report laid out).
fn settle_at(w: &mut Widget, state: &Shared, i: usize, frames: u32) {
    let weak = Rc::downgrade(state);
    if let Some(l) = w.loaded.as_mut() {
        l.settle = Some(gloo_render::request_animation_frame(move |_| {
            with(&weak, |w, state| {
                if frames > 1 {
                    settle_at(w, state, i, frames - 1);
                } else if let Some((l, ctx)) = w.parts() {
                    l.settle = None;
                    l.scroll_to(&ctx, i);
                }
            });
        }));
    }
}

/// Runs scroll-spy at the next frame (once, however often asked): after a scroll, a fold or
/// a mount, when the browser lays the page out anyway, rather than forcing a layout now.
fn spy_soon(w: &mut Widget, state: &Shared) {
    let weak = Rc::downgrade(state);
    if let Some(l) = w.loaded.as_mut().filter(|l| l.frame.is_none()) {
        l.frame = Some(gloo_render::request_animation_frame(move |_| {
            with(&weak, |w, state| {
                let Some((l, ctx)) = w.parts() else { return };
                l.frame = None;
                if l.spy(&ctx) {
                    schedule_save(w, state);
                }
            });
        }));
    }
}

/// Writes the reading state after a pause (replacing a pending write).
fn schedule_save(w: &mut Widget, state: &Shared) {
    if !w.remember {
        return;
    }
    let weak = Rc::downgrade(state);
    if let Some(l) = w.loaded.as_mut() {
        l.save = Some(Timeout::new(SAVE_DELAY_MS, move || {
            with(&weak, |w, _| {
                if let Some((l, ctx)) = w.parts() {
                    l.save_now(&ctx);
                }
            });
        }));
    }
}

/// Writes a pending reading state at once (the page is being hidden or left).
fn flush(weak: &Weak<RefCell<Option<Widget>>>) {
    with(weak, |w, _| {
        flush_drafts(w);
        if let Some((l, ctx)) = w.parts() {
            if l.save.is_some() {
                l.save_now(&ctx);
            }
        }
    });
}

/// Toggles section `i` (or sets it to `to`); returns whether it changed.
fn toggle(weak: &Weak<RefCell<Option<Widget>>>, i: usize, to: Option<bool>) -> bool {
    with(weak, |w, state| {
        let prefix = w.prefix.clone();
        let (l, ctx) = w.parts()?;
        let fold = to.unwrap_or(!l.folded[i]);
        if !l.set_folded(&ctx, i, fold) {
            return Some(false);
        }
        let id = l.doc.sections[i].id.clone();
        schedule_save(w, state);
        announce_toggles(state, &prefix, vec![id], !fold);
        Some(true)
    })
    .flatten()
    .unwrap_or(false)
}

/// Folds or unfolds everything.
fn fold_all(weak: &Weak<RefCell<Option<Widget>>>, fold: bool) {
    with(weak, |w, state| {
        let prefix = w.prefix.clone();
        let Some((l, ctx)) = w.parts() else { return };
        let changed = l.set_all(&ctx, fold);
        spy_soon(w, state);
        if !changed.is_empty() {
            schedule_save(w, state);
            announce_toggles(state, &prefix, changed, !fold);
        }
    });
}

/// Goes to section `id`; `push` puts its link in the address bar.
fn navigate(weak: &Weak<RefCell<Option<Widget>>>, id: &str, focus: bool, push: bool) -> bool {
    with(weak, |w, state| {
        let prefix = w.prefix.clone();
        let (l, ctx) = w.parts()?;
        let i = l.find(&ctx, id)?;
        let opened = l.go_to(&ctx, i, focus);
        if push {
            push_hash(&format!("{prefix}{}", l.doc.sections[i].id));
        }
        schedule_save(w, state);
        announce_toggles(state, &prefix, opened, true);
        Some(())
    })
    .flatten()
    .is_some()
}

/// Opens or closes the outline drawer (narrow layouts).
fn drawer(w: &Widget, open: bool) {
    let Some(side) = w.shadow.query_selector(".side").ok().flatten() else { return };
    let was_open = side.has_attribute("data-open");
    let button = w.shadow.query_selector("button.outline-toggle").ok().flatten();
    if open {
        let _ = side.set_attribute("data-open", "");
    } else {
        let _ = side.remove_attribute("data-open");
    }
    if let Some(b) = &button {
        let _ = b.set_attribute("aria-expanded", if open { "true" } else { "false" });
    }
    let focus = |el: Option<Element>| {
        if let Some(el) = el.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
            let _ = el.focus();
        }
    };
    if open && !was_open {
        focus(
            w.shadow
                .query_selector("nav a[aria-current]")
                .ok()
                .flatten()
                .or_else(|| w.shadow.query_selector("nav a").ok().flatten()),
        );
    } else if !open && was_open {
        // Focus returns to the button only if it was inside the drawer (not lost elsewhere).
        let inside = w
            .shadow
            .active_element()
            .is_some_and(|a| side.contains(Some(&a)) && !button.as_ref().is_some_and(|b| b == &a));
        if inside {
            focus(button);
        }
    }
}

/// Copies the link to section `id` (bare), falling back to the address bar.
fn copy_link(w: &Widget, id: &str) {
    let full = format!("{}{id}", w.prefix);
    let url = link_to(&full);
    let shadow = w.shadow.clone();
    let t = w.lang.strings();
    let clipboard = web_sys::window().map(|win| win.navigator().clipboard());
    spawn_local(async move {
        let copied = match clipboard {
            Some(c) => JsFuture::from(c.write_text(&url)).await.is_ok(),
            None => false,
        };
        if copied {
            announce_text(&shadow, t.link_copied);
        } else {
            push_hash(&full);
            announce_text(&shadow, t.link_in_address_bar);
        }
    });
}

/// Where the reader's text size is remembered (per browser, for every report).
const FONT_KEY: &str = "report-reader:v1:~font-scale";

/// The remembered text size factor, in tenths (10 when none or unreadable). Stored as the
/// decimal text earlier versions wrote (`1`, `1.1`, `0.9`), so they still read each other's
/// value; read and written with integers, because float parsing and printing cost the .wasm
/// about 20 KB.
fn font_scale() -> u32 {
    super::storage::get(FONT_KEY)
        .ok()
        .flatten()
        .and_then(|v| parse_tenths(&v))
        .filter(|v| (8..=16).contains(v))
        .unwrap_or(10)
}

/// `1.1` → 11, `1` → 10, `0.85` → 9 (rounded half up); `None` for anything else.
fn parse_tenths(text: &str) -> Option<u32> {
    let (int, frac) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || int.len() > 3 || !digits(int) || !digits(frac) {
        return None;
    }
    let mut f = frac.bytes().map(|b| u32::from(b - b'0'));
    let tenths = int.parse::<u32>().ok()? * 10 + f.next().unwrap_or(0);
    Some(tenths + u32::from(f.next().is_some_and(|d| d >= 5)))
}

/// Tenths as the decimal text `f64::to_string` gave: `1`, `1.1`, `0.9`.
fn tenths_text(tenths: u32) -> String {
    if tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// Sets the text size factor (in tenths) on the widget (through the CSSOM, which strict CSP
/// allows).
fn apply_font_scale(root: &Element, scale: u32) {
    if let Some(el) = root.dyn_ref::<HtmlElement>() {
        let _ = el.style().set_property("--rr-scale", &tenths_text(scale));
    }
}

/// Fetches what is not at hand (the report, the host's glossary, or both, in parallel) and
/// shows the result.
fn load(state: &Shared, report: Source, host: HostGlossary) {
    let Some(window) = web_sys::window() else { return };
    let abort = AbortController::new().ok();
    {
        let mut guard = state.borrow_mut();
        let Some(w) = guard.as_mut() else { return };
        let mut loading = String::from("<p class=\"loading\" role=\"status\">");
        crate::render::escape::escape_into(&mut loading, w.lang.strings().loading, false);
        loading.push_str("</p>");
        super::html::set(&w.root, &loading);
        w.abort = abort.clone();
    }
    let init = RequestInit::new();
    if let Some(a) = &abort {
        init.set_signal(Some(&a.signal()));
    }
    // Both requests start now (unless the page started the report's); awaiting them one after
    // the other still overlaps them.
    let report_request = match &report {
        Source::Url(src, Some(started)) => Some((started.clone(), src.clone())),
        Source::Url(src, None) => Some((window.fetch_with_str_and_init(src, &init), src.clone())),
        _ => None,
    };
    let glossary_request = match &host {
        HostGlossary::Url(url) => Some((window.fetch_with_str_and_init(url, &init), url.clone())),
        _ => None,
    };
    let state = state.clone();
    spawn_local(async move {
        let result = match (report, report_request) {
            (_, Some((request, src))) => fetch_text(request, &src).await,
            (Source::Text(text), None) => parse(&text).map_err(LoadError::from),
            _ => Err(LoadError::NoSource),
        };
        let glossary = match (host, glossary_request) {
            (_, Some((request, url))) => Some(fetch_glossary(request, &url).await),
            (host, None) => host_entries(host),
        };
        if state.borrow().is_some() {
            show(&state, result, glossary);
        }
    });
}

/// Awaits a fetch of a glossary and parses it.
async fn fetch_glossary(request: js_sys::Promise, url: &str) -> Result<RawEntries, GlossaryError> {
    let fail = |detail: String| GlossaryError::Fetch { url: url.to_owned(), detail };
    let message = |e: JsValue| {
        e.dyn_ref::<js_sys::Error>().map_or_else(|| format!("{e:?}"), |e| String::from(e.message()))
    };
    let response: Response = JsFuture::from(request).await.map_err(|e| fail(message(e)))?.unchecked_into();
    if !response.ok() {
        return Err(fail(format!("HTTP status {}", response.status())));
    }
    let text =
        JsFuture::from(response.text().map_err(|e| fail(message(e)))?).await.map_err(|e| fail(message(e)))?;
    parse_glossary_json(&text.as_string().unwrap_or_default())
}

/// Awaits a fetch and decodes its body as a report.
async fn fetch_text(request: js_sys::Promise, url: &str) -> Result<Document, LoadError> {
    let network = |e: JsValue| LoadError::Network {
        url: url.to_owned(),
        detail: e.dyn_ref::<js_sys::Error>().map_or_else(|| format!("{e:?}"), |e| String::from(e.message())),
    };
    let response: Response = JsFuture::from(request).await.map_err(network)?.unchecked_into();
    if !response.ok() {
        return Err(LoadError::Http { url: url.to_owned(), status: response.status() });
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(network)?).await.map_err(network)?;
    let bytes = Uint8Array::new(&buffer).to_vec();
    let text = decode(&bytes)?;
    Ok(parse(&text)?)
}
