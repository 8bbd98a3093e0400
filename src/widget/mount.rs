//! `mount()`, the handle it returns, and the wiring of the page's events.

use std::cell::RefCell;
use std::collections::VecDeque;
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
use crate::glossary::marks::{annotate, Density};
use crate::glossary::matcher::{Matcher, Pairs};
use crate::glossary::{
    harvest::harvest, validate_all, Entry, EntryIssue, Glossary, GlossaryError, Mode, Origin, RawEntries,
    DEFAULT_JSON, MAX_ENTRIES,
};
use crate::i18n::{error_message, Lang};
use crate::render::{chunks, render_shell, GlossaryView};
use crate::render::{render_error, RenderOptions};
use crate::report::{decode, parse, Document, LoadError};
use crate::state::{clean_key, document_key, initial_folds, FoldRule};

/// Delay before the reading state is written after a change, so scrolling writes rarely.
const SAVE_DELAY_MS: u32 = 500;

/// Options of `mount()`, mirroring the element's attributes.
#[derive(Debug, Default)]
struct MountOptions {
    /// The report text itself.
    text: Option<String>,
    /// URL of the report (plain UTF-8 text).
    src: Option<String>,
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
        Ok(MountOptions {
            text: f.opt_string("text")?,
            src: f.opt_string("src")?,
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
    Ok(items
        .iter()
        .map(|item| {
            if !item.is_object() || js_sys::Array::is_array(&item) {
                return Err("entry is not an object".to_owned());
            }
            super::js::raw_entry(item)
        })
        .collect())
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
    static DEFAULT_ENTRIES: Vec<Entry> = parse_glossary_json(DEFAULT_JSON)
        .map(|raw| validate_all(raw, Origin::Default).0)
        .unwrap_or_default();
}

thread_local! {
    /// Id prefixes of live widgets: a new widget takes the smallest free number, so the first
    /// widget of a page is always `rr1-` and links to it stay valid across reloads.
    static PREFIXES: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Picks this widget's id prefix: the host element's own id when it has a usable one, else
/// `rr<n>-` with the smallest free `n`.
fn take_prefix(host: &Element) -> String {
    PREFIXES.with(|p| {
        let mut live = p.borrow_mut();
        let own: String =
            host.id().chars().filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_').take(40).collect();
        let own = format!("{own}-");
        let prefix = if own.len() > 1 && !live.contains(&own) {
            own
        } else {
            (1..).map(|n| format!("rr{n}-")).find(|c| !live.contains(c)).unwrap_or_default()
        };
        live.push(prefix.clone());
        prefix
    })
}

fn release_prefix(prefix: &str) {
    PREFIXES.with(|p| p.borrow_mut().retain(|x| x != prefix));
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

/// A mounted report reader. Keep it to call [`Handle::destroy`].
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
        release_prefix(&w.prefix);
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
    let state: Shared = Rc::new(RefCell::new(Some(Widget {
        host: element.clone(),
        shadow,
        root,
        lang,
        prefix: take_prefix(element),
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
        (None, Some(src)) => Source::Url(src),
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
    Url(String),
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
    let opts = RenderOptions {
        id_prefix: w.prefix.clone(),
        lang: w.lang,
        folded: folded.clone(),
        until_found: w.until_found,
    };
    let (glossary, issues, failure) = build_glossary(&doc, host, w.glossary_mode);
    // The automaton cannot fail on validated entries short of its size limits; then the
    // report is shown without marks rather than not at all.
    let size: usize = doc.blocks.iter().map(|b| b.text.len()).sum();
    let matcher = if size <= EAGER_BYTES {
        // A short report: an automaton of only the entries that can occur in it.
        Matcher::for_texts(&glossary, &Pairs::of(doc.blocks.iter().map(|b| b.text.as_str())))
    } else {
        Matcher::new(&glossary)
    };
    let matcher = matcher.ok();
    let notes =
        matcher.as_ref().map(|m| annotate(&doc, m, glossary.entries.len(), w.density)).unwrap_or_default();
    let failure_text = failure.as_ref().map(|f| crate::i18n::glossary_error(w.lang, f));
    let view = GlossaryView {
        glossary: &glossary,
        notes: &notes,
        issues: &issues,
        failure: failure_text.as_deref(),
    };
    // The first screen now, the rest in the background (see `Loaded::render_next`).
    let (first, rest) = if size <= EAGER_BYTES { (usize::MAX, usize::MAX) } else { (FIRST_CHUNK, CHUNK) };
    let mut pending: VecDeque<_> = chunks(&doc, &folded, first, rest).into();
    let first = pending.pop_front().map_or(0, |r| r.end);
    let markup = render_shell(&doc, &opts, Some(view), first);
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
        current: None,
        visible: None,
        save: None,
        frame: None,
        pinned: None,
        terms: Some(terms),
        drafts: None,
        pending,
        filler: None,
        settle: None,
    });
    start_drafts(w, state);
    if w.loaded.as_ref().is_some_and(|l| !l.pending.is_empty()) {
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
    // A position to go to is set while the browser lays out every body (see `settle_at`).
    let _ = w.root.class_list().add_1("exact");
    if let Some((loaded, ctx)) = w.parts() {
        let target =
            current_hash().and_then(|h| h.starts_with(ctx.prefix).then(|| loaded.find(&ctx, &h)).flatten());
        let target = target.filter(|_| !rerender);
        let position = remembered.and_then(|r| r.position).filter(|_| !rerender);
        match (target, position) {
            (Some(i), _) => {
                loaded.go_to(&ctx, i, true);
                settle = Some(i);
            }
            (None, Some(pos)) => {
                if let Some(i) = loaded.find(&ctx, &pos) {
                    // Back to where the reader was, leaving their folds as they left them.
                    loaded.scroll_to(&ctx, i);
                    settle = Some(i);
                }
            }
            (None, None) => spy = true,
        }
    }
    if spy {
        spy_soon(w, state);
    }
    match settle {
        Some(i) => settle_at(w, state, i, 2),
        None => {
            let _ = w.root.class_list().remove_1("exact");
        }
    }
    announce(state.clone(), "ready", detail);
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

/// Scrolls section `i` into view again `frames` frames from now, then lets the browser skip
/// off-screen bodies again.
///
/// Bodies the browser skips (content-visibility) take a placeholder height until they have
/// been laid out once, so a scroll made at mount, before any layout, would land short of or
/// past its section, and the section would move when the bodies around it get their real
/// size. So the widget mounts with `exact` on its root, which lays every rendered body out;
/// the scroll is exact, the bodies remember their real sizes, and a couple of frames later
/// `exact` goes and the scroll is made again (nothing should move by then).
fn settle_at(w: &mut Widget, state: &Shared, i: usize, frames: u32) {
    let weak = Rc::downgrade(state);
    if let Some(l) = w.loaded.as_mut() {
        l.settle = Some(gloo_render::request_animation_frame(move |_| {
            with(&weak, |w, state| {
                if frames > 1 {
                    settle_at(w, state, i, frames - 1);
                } else {
                    let _ = w.root.class_list().remove_1("exact");
                    if let Some((l, ctx)) = w.parts() {
                        l.settle = None;
                        l.scroll_to(&ctx, i);
                    }
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

/// Attaches the widget's listeners: one delegated listener per event type on its root, plus
/// the page-level ones (fragment changes, scrolling, leaving the page). All are owned by the
/// widget and removed when it drops.
fn wire(state: &Shared) {
    let weak = Rc::downgrade(state);
    let Some((root, window, document)) = state.borrow().as_ref().and_then(|w| {
        let window = web_sys::window()?;
        let document = window.document()?;
        Some((w.root.clone(), window, document))
    }) else {
        return;
    };
    let mut listeners = Vec::new();

    let wk = weak.clone();
    listeners.push(EventListener::new_with_options(
        &root,
        "click",
        EventListenerOptions::enable_prevent_default(),
        move |event| on_click(&wk, event),
    ));

    let wk = weak.clone();
    listeners.push(EventListener::new_with_options(
        &root,
        "keydown",
        EventListenerOptions::enable_prevent_default(),
        move |event| {
            let Some(key) = event.dyn_ref::<web_sys::KeyboardEvent>().map(|k| k.key()) else { return };
            // Marked terms are inline `role="button"` elements: Enter and Space activate them.
            let on_term = event
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .filter(|el| el.class_list().contains("term"));
            if let (Some(term), "Enter" | " ") = (&on_term, key.as_str()) {
                event.prevent_default();
                if let Some(t) = term.dyn_ref::<HtmlElement>() {
                    t.click();
                }
                return;
            }
            if key == "Escape" {
                with(&wk, |w, _| {
                    let (shadow, root) = (w.shadow.clone(), w.root.clone());
                    let closed = w
                        .loaded
                        .as_mut()
                        .and_then(|l| l.terms.as_mut())
                        .and_then(|t| t.close(&shadow, &root));
                    if let Some(term) = closed {
                        // Escape on the term or inside the popover: focus stays on (or returns to) the term.
                        if let Some(t) = term.dyn_ref::<HtmlElement>() {
                            if shadow.active_element().is_none() {
                                let _ = t.focus();
                            }
                        }
                    } else if w.shadow.query_selector(".side[data-open]").ok().flatten().is_some() {
                        drawer(w, false);
                    }
                });
            }
        },
    ));

    // Find-in-page revealed folded text: the browser already removed `hidden`; follow it.
    let wk = weak.clone();
    listeners.push(EventListener::new(&root, "beforematch", move |event| {
        let Some(body) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        with(&wk, |w, state| {
            let prefix = w.prefix.clone();
            let Some((l, ctx)) = w.parts() else { return };
            let Some(i) = body.id().strip_suffix("-body").and_then(|id| l.find(&ctx, id)) else { return };
            if l.folded[i] {
                l.revealed(&ctx, i);
                let id = l.doc.sections[i].id.clone();
                schedule_save(w, state);
                announce_toggles(state, &prefix, vec![id], true);
            }
        });
    }));

    // Drafts: typing, another tab's changes, leaving with unsaved text.
    let wk = weak.clone();
    listeners.push(EventListener::new(&root, "input", move |event| {
        if let Some(area) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
            on_draft_input(&wk, &area);
        }
    }));
    let wk = weak.clone();
    listeners.push(EventListener::new(&window, "storage", move |event| {
        let Some(e) = event.dyn_ref::<web_sys::StorageEvent>() else { return };
        let Some(key) = e.key() else { return };
        let value = e.new_value();
        with(&wk, |w, _| {
            let (shadow, prefix, lang) = (w.shadow.clone(), w.prefix.clone(), w.lang);
            if let Some(l) = w.loaded.as_mut() {
                if let Some(d) = l.drafts.as_mut() {
                    if d.external(&l.doc, &shadow, &prefix, &key, value, lang).is_some() {
                        d.render_list(&l.doc, &shadow, lang);
                    }
                }
            }
        });
    }));
    let wk = weak.clone();
    listeners.push(EventListener::new_with_options(
        &window,
        "beforeunload",
        EventListenerOptions::enable_prevent_default(),
        move |event| {
            flush(&wk);
            let unsaved = with(&wk, |w, _| {
                w.loaded.as_ref().and_then(|l| l.drafts.as_ref()).is_some_and(|d| d.unsaved())
            })
            .unwrap_or(false);
            if unsaved {
                event.prevent_default();
                if let Some(e) = event.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                    e.set_return_value("unsaved");
                }
            }
        },
    ));

    // Glossary popover: hover intent, focus, and leaving.
    let wk = weak.clone();
    listeners.push(EventListener::new(&root, "pointerover", move |event| on_pointer(&wk, event, true)));
    let wk = weak.clone();
    listeners.push(EventListener::new(&root, "pointerout", move |event| on_pointer(&wk, event, false)));
    let wk = weak.clone();
    listeners.push(EventListener::new(&root, "focusin", move |event| {
        let Some(el) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        with(&wk, |w, _| {
            let (shadow, root, lang) = (w.shadow.clone(), w.root.clone(), w.lang);
            let Some(t) = w.loaded.as_mut().and_then(|l| l.terms.as_mut()) else { return };
            if el.class_list().contains("term") {
                t.open(&shadow, &root, &el, Opened::Focus, lang);
            } else if t.open.is_some() && !t.owns(&shadow, &el) {
                t.close(&shadow, &root);
            }
        });
    }));
    let wk = weak.clone();
    listeners.push(EventListener::new(&document, "pointerdown", move |event| {
        // A press outside the widget closes a popover opened by click or focus.
        let path = event.composed_path();
        with(&wk, |w, _| {
            let (shadow, root) = (w.shadow.clone(), w.root.clone());
            if path.includes(&root, 0) {
                return;
            }
            if let Some(t) = w.loaded.as_mut().and_then(|l| l.terms.as_mut()) {
                t.close(&shadow, &root);
            }
        });
    }));

    let wk = weak.clone();
    listeners.push(EventListener::new(&window, "hashchange", move |_| {
        if let Some(hash) = current_hash() {
            let ours = with(&wk, |w, _| hash.starts_with(&w.prefix)).unwrap_or(false);
            if ours {
                navigate(&wk, &hash, true, false);
            }
        }
    }));

    // Printing a report still arriving in chunks prints all of it.
    let wk = weak.clone();
    listeners.push(EventListener::new(&window, "beforeprint", move |_| {
        with(&wk, |w, _| {
            if let Some((l, ctx)) = w.parts() {
                l.ensure_all(&ctx);
            }
        });
    }));

    // Scroll-spy: scroll events of the page or of any scrolling ancestor (captured at the
    // document), handled at most once per frame.
    let wk = weak.clone();
    let capture = EventListenerOptions { phase: EventListenerPhase::Capture, passive: true };
    listeners.push(EventListener::new_with_options(&document, "scroll", capture, move |_| {
        with(&wk, spy_soon);
    }));

    for (target, name) in [
        (window.clone().unchecked_into::<web_sys::EventTarget>(), "pagehide"),
        (document.clone().into(), "visibilitychange"),
    ] {
        let wk = weak.clone();
        let doc = document.clone();
        listeners.push(EventListener::new(&target, name, move |_| {
            if name == "pagehide" || doc.visibility_state() == web_sys::VisibilityState::Hidden {
                flush(&wk);
            }
        }));
    }

    if let Some(w) = state.borrow_mut().as_mut() {
        w.listeners = listeners;
    }
}

/// The delegated click handler: outline links, fold buttons, copy-link buttons, toolbar.
fn on_click(weak: &Weak<RefCell<Option<Widget>>>, event: &web_sys::Event) {
    let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
    let closest = |sel: &str| target.closest(sel).ok().flatten();
    // A click anywhere else in the widget closes the popover.
    if closest(".term").is_none() {
        with(weak, |w, _| {
            let (shadow, root) = (w.shadow.clone(), w.root.clone());
            if let Some(t) = w.loaded.as_mut().and_then(|l| l.terms.as_mut()) {
                if t.open.is_some() && !t.owns(&shadow, &target) {
                    t.close(&shadow, &root);
                }
            }
        });
    }
    if let Some(term) = closest(".term") {
        with(weak, |w, _| {
            let (shadow, root, lang) = (w.shadow.clone(), w.root.clone(), w.lang);
            if let Some(t) = w.loaded.as_mut().and_then(|l| l.terms.as_mut()) {
                let same_click =
                    t.open.as_ref().is_some_and(|(el, _, how)| el == &term && *how == Opened::Click);
                if same_click {
                    t.close(&shadow, &root);
                } else {
                    t.open(&shadow, &root, &term, Opened::Click, lang);
                }
            }
        });
        return;
    }
    if let Some(b) = closest("button[data-term]") {
        let e = b.get_attribute("data-term").and_then(|v| v.parse::<usize>().ok());
        if let Some(e) = e {
            walk(weak, Some(e), 0);
        }
        return;
    }
    if let Some(link) = closest("a[data-section]") {
        event.prevent_default();
        let id = link.get_attribute("data-section").unwrap_or_default();
        navigate(weak, &id, true, true);
        with(weak, |w, _| drawer(w, false));
    } else if let Some(button) = closest("button.toggle") {
        let id = button.get_attribute("data-section").unwrap_or_default();
        if let Some(i) = with(weak, |w, _| w.parts().and_then(|(l, ctx)| l.find(&ctx, &id))).flatten() {
            toggle(weak, i, None);
        }
    } else if let Some(button) = closest("button.copy-link") {
        let id = button.get_attribute("data-copy").unwrap_or_default();
        with(weak, |w, _| copy_link(w, &id));
    } else if let Some(button) = closest("[data-action]") {
        let action = button.get_attribute("data-action").unwrap_or_default();
        if (action.starts_with("draft")
            || action.starts_with("export")
            || action.starts_with("copy-")
            || action.starts_with("conflict"))
            && on_draft_action(weak, &action, &button)
        {
            return;
        }
        match button.get_attribute("data-action").as_deref() {
            Some("expand-all") => fold_all(weak, false),
            Some("collapse-all") => fold_all(weak, true),
            Some("outline") => {
                with(weak, |w, _| {
                    let open = w.shadow.query_selector(".side[data-open]").ok().flatten().is_none();
                    drawer(w, open);
                });
            }
            Some("outline-close") => {
                with(weak, |w, _| drawer(w, false));
            }
            Some(step @ ("font-smaller" | "font-larger")) => {
                with(weak, |w, _| {
                    let scale = if step == "font-larger" { font_scale() + 1 } else { font_scale() - 1 };
                    let scale = scale.clamp(8, 16);
                    let _ = super::storage::set(FONT_KEY, &tenths_text(scale));
                    apply_font_scale(&w.root, scale);
                });
            }
            Some("terms") => {
                with(weak, |w, _| {
                    let Some(panel) = w.shadow.query_selector(".term-index").ok().flatten() else { return };
                    if toggle_panel(&panel, &button) {
                        // On narrow layouts the panel lives in the drawer area: open it there.
                        if let Some(first) = panel.query_selector("button[data-term]").ok().flatten() {
                            if let Some(f) = first.dyn_ref::<HtmlElement>() {
                                let _ = f.focus();
                            }
                        }
                    }
                });
            }
            Some("marks") => {
                with(weak, |w, _| {
                    let (shadow, root) = (w.shadow.clone(), w.root.clone());
                    if let Some(t) = w.loaded.as_mut().and_then(|l| l.terms.as_mut()) {
                        let on = !t.marks_on;
                        t.set_marks(&shadow, &root, on);
                    }
                });
            }
            Some(sort @ ("sort-report" | "sort-frequency")) => {
                with(weak, |w, _| terms::sort_index(&w.shadow, sort == "sort-frequency"));
            }
            Some(step @ ("next-occ" | "prev-occ")) => {
                let current =
                    with(weak, |w, _| w.loaded.as_ref().and_then(|l| l.terms.as_ref()).and_then(|t| t.walk))
                        .flatten();
                if let Some((e, k)) = current {
                    let total = with(weak, |w, _| {
                        w.loaded.as_ref().and_then(|l| l.terms.as_ref()).map(|t| t.notes.counts[e])
                    })
                    .flatten()
                    .unwrap_or(1)
                    .max(1);
                    let k = if step == "next-occ" { (k + 1) % total } else { (k + total - 1) % total };
                    walk(weak, Some(e), k);
                }
            }
            Some("close-popover") => {
                with(weak, |w, _| {
                    let (shadow, root) = (w.shadow.clone(), w.root.clone());
                    let term = w
                        .loaded
                        .as_mut()
                        .and_then(|l| l.terms.as_mut())
                        .and_then(|t| t.close(&shadow, &root));
                    if let Some(t) = term.and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
                        let _ = t.focus();
                    }
                });
            }
            Some("pop-next") => {
                let next = with(weak, |w, _| {
                    let t = w.loaded.as_ref()?.terms.as_ref()?;
                    let (el, e, _) = t.open.as_ref()?;
                    let rank: usize = el.get_attribute("data-o")?.parse().ok()?;
                    Some((*e, (rank + 1) % t.notes.counts[*e].max(1)))
                })
                .flatten();
                if let Some((e, k)) = next {
                    with(weak, |w, _| {
                        let (shadow, root) = (w.shadow.clone(), w.root.clone());
                        if let Some(t) = w.loaded.as_mut().and_then(|l| l.terms.as_mut()) {
                            t.close(&shadow, &root);
                        }
                    });
                    walk(weak, Some(e), k);
                }
            }
            _ => {}
        }
    }
}

/// Shows or hides a panel controlled by a disclosure `button`; returns whether it is now open.
fn toggle_panel(panel: &Element, button: &Element) -> bool {
    let open = panel.has_attribute("hidden");
    let _ = if open { panel.remove_attribute("hidden") } else { panel.set_attribute("hidden", "") };
    let _ = button.set_attribute("aria-expanded", if open { "true" } else { "false" });
    open
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

/// Loads the drafts of the report just shown and adds the drafts panel.
fn start_drafts(w: &mut Widget, state: &Shared) {
    let (shadow, prefix, lang, max) = (w.shadow.clone(), w.prefix.clone(), w.lang, w.draft_max);
    let Some(l) = w.loaded.as_mut() else { return };
    let (drafts, set_aside) = Drafts::load(&l.doc, &l.doc_key, max);
    let general = crate::drafts::record::citation(&l.doc, None);
    let panel = crate::render::drafts::drafts_panel(&prefix, &general, drafts.text(GENERAL), max, lang);
    if let Some(side) = shadow.query_selector(".side").ok().flatten() {
        super::html::insert(&side, "beforeend", &panel);
    }
    drafts.refresh(&shadow, &prefix, GENERAL, lang);
    drafts.render_list(&l.doc, &shadow, lang);
    for key in &set_aside {
        let text = lang.strings().corrupt.replace("{key}", key);
        if let Some(n) = shadow.query_selector(".drafts-notice").ok().flatten() {
            n.set_text_content(Some(&text));
        }
        let message = format!("report-reader: a stored draft could not be read; it was kept under {key}");
        announce(
            state.clone(),
            "draft-issue",
            events::to_js(&events::DraftIssue { code: "draft-corrupt", backup_key: key, message }),
        );
    }
    l.drafts = Some(drafts);
}

/// Saves unsaved drafts now (leaving the page, hiding it, destroy).
fn flush_drafts(w: &mut Widget) {
    let (shadow, prefix, lang) = (w.shadow.clone(), w.prefix.clone(), w.lang);
    if let Some(l) = w.loaded.as_mut() {
        if let Some(d) = l.drafts.as_mut() {
            let conflicts = d.save_all(&shadow, &prefix, lang);
            for seg in conflicts {
                d.refresh(&shadow, &prefix, &seg, lang);
            }
        }
    }
}

/// An export as Markdown or pretty JSON.
fn export_text(export: &crate::drafts::Export, json: bool, lang: Lang) -> String {
    let t = lang.strings();
    if json {
        let value = events::to_js(export);
        js_sys::JSON::stringify_with_replacer_and_space(&value, &JsValue::NULL, &JsValue::from(2))
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default()
    } else {
        export.markdown(t.general_draft, t.saved_label, super::drafts::datetime)
    }
}

/// Offers `text` as a file download.
fn download(root: &Element, name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let Some(a) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.create_element("a").ok())
    else {
        return;
    };
    let _ = a.set_attribute("href", &url);
    let _ = a.set_attribute("download", name);
    let _ = a.set_attribute("hidden", "");
    let _ = root.append_child(&a);
    if let Some(a) = a.dyn_ref::<HtmlElement>() {
        a.click();
    }
    a.remove();
    // Revoke later: the download reads the blob after this task.
    let _ = Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}

/// The draft actions of the delegated click handler; returns false if `action` is not one.
fn on_draft_action(weak: &Weak<RefCell<Option<Widget>>>, action: &str, button: &Element) -> bool {
    let seg = button.get_attribute("data-seg").unwrap_or_default();
    let handled = with(weak, |w, state| {
        let (shadow, prefix, lang, root) = (w.shadow.clone(), w.prefix.clone(), w.lang, w.root.clone());
        let t = lang.strings();
        let Some(l) = w.loaded.as_mut() else { return true };
        let Some(d) = l.drafts.as_mut() else { return true };
        match action {
            "draft-open" => d.open(&l.doc, &shadow, &prefix, &seg, lang),
            "draft-close" => d.close(&shadow, &prefix, &seg),
            "drafts" => {
                if let Some(panel) = shadow.query_selector(".drafts-panel").ok().flatten() {
                    if toggle_panel(&panel, button) {
                        d.open(&l.doc, &shadow, &prefix, GENERAL, lang);
                    }
                }
            }
            "draft-submit" => {
                if button.get_attribute("aria-disabled").as_deref() == Some("true") {
                    return true;
                }
                let conflicts = d.save_all(&shadow, &prefix, lang);
                if conflicts.contains(&seg) {
                    d.refresh(&shadow, &prefix, &seg, lang);
                    return true;
                }
                let document = d.document.clone();
                let Some(item) = d.items.get_mut(&seg) else { return true };
                item.submitted = true;
                let detail = events::Submit {
                    document: &document,
                    section: item.draft.section.as_deref(),
                    title: crate::render::drafts::cite(&item.draft.citation),
                    text: &item.draft.text,
                    updated_at: item.draft.updated_at,
                };
                announce(state.clone(), "draft-submit", events::to_js(&detail));
                if let Some(s) = shadow.get_element_by_id(&format!("{prefix}draft-status-{seg}")) {
                    s.set_text_content(Some(t.submitted_wait));
                }
            }
            "draft-delete" => {
                if let Some(deleted) = d.delete(&shadow, &prefix, &seg) {
                    let weak2 = Rc::downgrade(state);
                    d.undo = Some((
                        deleted,
                        Timeout::new(crate::widget::drafts::UNDO_MS, move || {
                            with(&weak2, |w, _| {
                                if let Some(d) = w.loaded.as_mut().and_then(|l| l.drafts.as_mut()) {
                                    d.undo = None;
                                }
                                if let Some(n) = w.shadow.query_selector(".drafts-notice").ok().flatten() {
                                    super::html::clear(&n);
                                }
                            });
                        }),
                    ));
                    if let Some(n) = shadow.query_selector(".drafts-notice").ok().flatten() {
                        n.set_text_content(Some(&format!("{} ", t.deleted)));
                        if let Ok(b) = web_sys::window()
                            .and_then(|w| w.document())
                            .ok_or(JsValue::NULL)
                            .and_then(|doc| doc.create_element("button"))
                        {
                            let _ = b.set_attribute("type", "button");
                            let _ = b.set_attribute("data-action", "draft-undo");
                            b.set_text_content(Some(t.undo));
                            let _ = n.append_child(&b);
                        }
                    }
                    announce_text(&shadow, t.deleted);
                }
            }
            "draft-undo" => {
                if let Some((draft, _)) = d.undo.take() {
                    let seg = crate::render::drafts::segment(draft.section.as_deref()).to_owned();
                    d.restore(&l.doc, draft, &shadow, &prefix, lang);
                    if seg != GENERAL {
                        d.open(&l.doc, &shadow, &prefix, &seg, lang);
                    }
                    if let Some(n) = shadow.query_selector(".drafts-notice").ok().flatten() {
                        super::html::clear(&n);
                    }
                }
            }
            "draft-jump" => {
                if seg == GENERAL {
                    d.open(&l.doc, &shadow, &prefix, GENERAL, lang);
                } else if let Some(i) = l.doc.sections.iter().position(|s| s.id == seg) {
                    if let Some((l, ctx)) = w.parts() {
                        l.go_to(&ctx, i, false);
                        if let Some(d) = l.drafts.as_mut() {
                            d.open(&l.doc, &shadow, &prefix, &seg, lang);
                        }
                    }
                }
            }
            "conflict-mine" | "conflict-theirs" => {
                d.resolve(&shadow, &prefix, &seg, action == "conflict-mine", lang)
            }
            "export-md" | "export-json" | "copy-md" | "copy-json" => {
                let json = action.ends_with("json");
                let text = export_text(&d.export(&l.doc), json, lang);
                let base: String = l
                    .doc
                    .title
                    .clone()
                    .unwrap_or_else(|| d.document.clone())
                    .chars()
                    .filter(|c| !"/\\:*?\"<>|".contains(*c))
                    .collect();
                if action.starts_with("export") {
                    let (name, mime) = if json {
                        (format!("{base}-{}.json", t.drafts_file), "application/json")
                    } else {
                        (format!("{base}-{}.md", t.drafts_file), "text/markdown")
                    };
                    download(&root, &name, mime, &text);
                } else {
                    let clipboard = web_sys::window().map(|win| win.navigator().clipboard());
                    let shadow = shadow.clone();
                    spawn_local(async move {
                        let ok = match clipboard {
                            Some(c) => JsFuture::from(c.write_text(&text)).await.is_ok(),
                            None => false,
                        };
                        announce_text(&shadow, if ok { t.copied } else { t.copy_failed });
                        if let Some(n) = shadow.query_selector(".drafts-notice").ok().flatten() {
                            n.set_text_content(Some(if ok { t.copied } else { t.copy_failed }));
                        }
                    });
                }
            }
            _ => return false,
        }
        if let Some(l) = w.loaded.as_ref() {
            if let Some(d) = l.drafts.as_ref() {
                d.render_list(&l.doc, &shadow, lang);
            }
        }
        true
    });
    handled.unwrap_or(false)
}

/// Typing in a draft: counted at once, saved after a pause.
fn on_draft_input(weak: &Weak<RefCell<Option<Widget>>>, area: &web_sys::HtmlTextAreaElement) {
    let Some(seg) = area.get_attribute("data-draft-text") else { return };
    let text = area.value();
    let wk = weak.clone();
    with(weak, |w, _| {
        let (shadow, prefix, lang) = (w.shadow.clone(), w.prefix.clone(), w.lang);
        let Some(l) = w.loaded.as_mut() else { return };
        let Some(d) = l.drafts.as_mut() else { return };
        d.edit(&l.doc, &seg, text);
        d.refresh(&shadow, &prefix, &seg, lang);
        if let Some(s) = shadow.get_element_by_id(&format!("{prefix}draft-status-{seg}")) {
            if d.failing.is_none() {
                s.set_text_content(Some(lang.strings().saving));
            }
        }
        d.timer = Some(Timeout::new(crate::widget::drafts::AUTOSAVE_MS, move || {
            with(&wk, |w, _| {
                let (shadow, prefix, lang) = (w.shadow.clone(), w.prefix.clone(), w.lang);
                if let Some(l) = w.loaded.as_mut() {
                    if let Some(d) = l.drafts.as_mut() {
                        for seg in d.save_all(&shadow, &prefix, lang) {
                            d.refresh(&shadow, &prefix, &seg, lang);
                        }
                        d.render_list(&l.doc, &shadow, lang);
                    }
                }
            });
        }));
    });
}

/// Walks to occurrence `k` of entry `e` (the term index and the popover's "next").
fn walk(weak: &Weak<RefCell<Option<Widget>>>, e: Option<usize>, k: usize) {
    with(weak, |w, state| {
        let (lang, shadow) = (w.lang, w.shadow.clone());
        let prefix = w.prefix.clone();
        let Some((l, ctx)) = w.parts() else { return };
        let Some(e) = e else { return };
        let before: Vec<bool> = l.folded.clone();
        terms::go_to_occurrence(l, &ctx, e, k);
        let opened: Vec<String> = l
            .doc
            .sections
            .iter()
            .zip(before.iter().zip(&l.folded))
            .filter(|(_, (b, a))| **b && !**a)
            .map(|(s, _)| s.id.clone())
            .collect();
        if let Some(t) = l.terms.as_mut() {
            t.walk = Some((e, k));
            terms::show_walk(&shadow, t, lang);
        }
        if !opened.is_empty() {
            schedule_save(w, state);
            announce_toggles(state, &prefix, opened, true);
        }
    });
}

/// Hover intent on marked terms: open after a pause, close after a grace period unless the
/// pointer went onto the popover. Touch and pen use click (tap) instead.
fn on_pointer(weak: &Weak<RefCell<Option<Widget>>>, event: &web_sys::Event, over: bool) {
    let Some(pe) = event.dyn_ref::<web_sys::PointerEvent>() else { return };
    if pe.pointer_type() != "mouse" {
        return;
    }
    let Some(el) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
    let related = pe.related_target().and_then(|t| t.dyn_into::<Element>().ok());
    let wk = weak.clone();
    with(weak, |w, _| {
        let shadow = w.shadow.clone();
        let Some(t) = w.loaded.as_mut().and_then(|l| l.terms.as_mut()) else { return };
        if !t.marks_on {
            return;
        }
        let term = el.closest(".term").ok().flatten();
        let on_popover = el.closest(".popover").ok().flatten().is_some();
        if over {
            if on_popover || term.as_ref().is_some_and(|x| t.open.as_ref().is_some_and(|(o, _, _)| o == x)) {
                t.timer = None; // stay open
            } else if let Some(term) = term {
                t.timer = Some(Timeout::new(terms::HOVER_OPEN_MS, move || {
                    with(&wk, |w, _| {
                        let (shadow, root, lang) = (w.shadow.clone(), w.root.clone(), w.lang);
                        if let Some(t) = w.loaded.as_mut().and_then(|l| l.terms.as_mut()) {
                            t.open(&shadow, &root, &term, Opened::Hover, lang);
                        }
                    });
                }));
            }
        } else {
            // Leaving for something still inside the term or the popover is not leaving.
            if related.as_ref().is_some_and(|r| t.owns(&shadow, r)) {
                return;
            }
            match t.open.as_ref().map(|(_, _, how)| *how) {
                Some(Opened::Hover) => {
                    t.timer = Some(Timeout::new(terms::HOVER_CLOSE_MS, move || {
                        with(&wk, |w, _| {
                            let (shadow, root) = (w.shadow.clone(), w.root.clone());
                            if let Some(t) = w.loaded.as_mut().and_then(|l| l.terms.as_mut()) {
                                t.close(&shadow, &root);
                            }
                        });
                    }));
                }
                // A pending hover open is cancelled when the pointer leaves before it fires.
                None if term.is_some() => t.timer = None,
                _ => {}
            }
        }
    });
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
    // Both requests start now; awaiting them one after the other still overlaps them.
    let report_request = match &report {
        Source::Url(src) => Some((window.fetch_with_str_and_init(src, &init), src.clone())),
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
