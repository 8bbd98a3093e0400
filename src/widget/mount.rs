//! `mount()`, the handle it returns, and the wiring of the page's events.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo_events::{EventListener, EventListenerOptions, EventListenerPhase};
use gloo_timers::callback::Timeout;
use js_sys::Uint8Array;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    AbortController, Element, HtmlElement, RequestInit, Response, ShadowRoot, ShadowRootInit, ShadowRootMode,
};

use super::events::{self, dispatch, Failure, Ready};
use super::reader::{self, announce_text, current_hash, link_to, push_hash, Ctx, Loaded};
use super::style::{self, Applied};
use crate::i18n::{error_message, Lang};
use crate::render::{render, render_error, RenderOptions};
use crate::report::{decode, parse, Document, LoadError};
use crate::state::{clean_key, document_key, initial_folds, FoldRule};

/// Delay before the reading state is written after a change, so scrolling writes rarely.
const SAVE_DELAY_MS: u32 = 500;

/// Options of `mount()`, mirroring the element's attributes.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
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
        };
        Some((self.loaded.as_mut()?, ctx))
    }
}

type Shared = Rc<RefCell<Option<Widget>>>;

/// Runs `f` on the live widget behind `weak`, if any.
fn with<R>(weak: &Weak<RefCell<Option<Widget>>>, f: impl FnOnce(&mut Widget, &Shared) -> R) -> Option<R> {
    let state = weak.upgrade()?;
    let mut guard = state.borrow_mut();
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
        #[derive(serde::Serialize)]
        struct Entry<'a> {
            id: String,
            number: Option<&'a str>,
            title: &'a str,
            depth: usize,
            parent: Option<String>,
            folded: bool,
        }
        let state = self.state.borrow();
        let Some((w, l)) = state.as_ref().and_then(|w| Some((w, w.loaded.as_ref()?))) else {
            return js_sys::Array::new().into();
        };
        let entries: Vec<Entry> = l
            .doc
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| Entry {
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
        serde_wasm_bindgen::from_value(options)
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
                element.tag_name().to_lowercase()
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
        loaded: None,
        abort: None,
        listeners: Vec::new(),
    })));
    wire(&state);

    let inline =
        || element.query_selector("script[type='text/plain']").ok().flatten().and_then(|s| s.text_content());
    match (opts.text, opts.src) {
        (Some(text), _) => show(&state, parse(&text).map_err(LoadError::from)),
        (None, Some(src)) => load(&state, src),
        (None, None) => match inline() {
            Some(text) => show(&state, parse(&text).map_err(LoadError::from)),
            None => show(&state, Err(LoadError::NoSource)),
        },
    }
    Ok(Handle { state, storage_key })
}

/// Renders a loaded document (or the error) into the widget, restores the reading state or
/// follows the URL's fragment, and announces the outcome.
fn show(state: &Shared, result: Result<Document, LoadError>) {
    let mut guard = state.borrow_mut();
    let Some(w) = guard.as_mut() else { return };
    let t = w.lang.strings();
    let doc = match result {
        Ok(doc) => doc,
        Err(e) => {
            w.root.set_inner_html(&render_error(t.error_title, &error_message(w.lang, &e)));
            w.loaded = None;
            let detail = events::to_js(&Failure { code: e.code(), message: format!("report-reader: {e}") });
            web_sys::console::warn_1(&JsValue::from_str(&format!("report-reader: {e}")));
            announce(state.clone(), "error", detail);
            return;
        }
    };
    let doc_key = w.storage_key.clone().unwrap_or_else(|| document_key(&doc));
    let remembered = if w.remember { reader::restore(&doc_key) } else { None };
    let folded = remembered.as_ref().map_or_else(|| initial_folds(&doc, w.fold_rule), |r| r.folds_for(&doc));
    let opts = RenderOptions {
        id_prefix: w.prefix.clone(),
        lang: w.lang,
        folded: folded.clone(),
        until_found: w.until_found,
    };
    w.root.set_inner_html(&render(&doc, &opts));
    let (paragraphs, salutations, _) = doc.counts();
    let detail = events::to_js(&Ready {
        title: doc.title.as_deref(),
        sections: doc.sections.len(),
        paragraphs,
        salutations,
        removed: doc.removed.len(),
    });
    w.loaded = Some(Loaded {
        doc,
        doc_key,
        folded,
        current: None,
        visible: None,
        save: None,
        frame: None,
        pinned: None,
    });
    if let Some((loaded, ctx)) = w.parts() {
        let target =
            current_hash().and_then(|h| h.starts_with(ctx.prefix).then(|| loaded.find(&ctx, &h)).flatten());
        match (target, remembered.and_then(|r| r.position)) {
            (Some(i), _) => {
                loaded.go_to(&ctx, i, true);
            }
            (None, Some(pos)) => {
                if let Some(i) = loaded.find(&ctx, &pos) {
                    loaded.go_to(&ctx, i, false);
                }
            }
            (None, None) => {
                loaded.spy(&ctx);
            }
        }
    }
    announce(state.clone(), "ready", detail);
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
fn announce_toggles(state: &Shared, prefix: &str, ids: &[String], expanded: bool) {
    #[derive(serde::Serialize)]
    struct Toggle {
        id: String,
        expanded: bool,
    }
    for id in ids {
        announce(state.clone(), "toggle", events::to_js(&Toggle { id: format!("{prefix}{id}"), expanded }));
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
        announce_toggles(state, &prefix, &[id], !fold);
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
        l.spy(&ctx);
        if !changed.is_empty() {
            schedule_save(w, state);
            announce_toggles(state, &prefix, &changed, !fold);
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
        announce_toggles(state, &prefix, &opened, true);
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
    listeners.push(EventListener::new(&root, "keydown", move |event| {
        let Some(key) = event.dyn_ref::<web_sys::KeyboardEvent>().map(|k| k.key()) else { return };
        if key == "Escape" {
            with(&wk, |w, _| {
                if w.shadow.query_selector(".side[data-open]").ok().flatten().is_some() {
                    drawer(w, false);
                }
            });
        }
    }));

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
                announce_toggles(state, &prefix, &[id], true);
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

    // Scroll-spy: scroll events of the page or of any scrolling ancestor (captured at the
    // document), handled at most once per frame.
    let wk = weak.clone();
    let capture = EventListenerOptions { phase: EventListenerPhase::Capture, passive: true };
    listeners.push(EventListener::new_with_options(&document, "scroll", capture, move |_| {
        let wk2 = wk.clone();
        with(&wk, |w, _| {
            if let Some(l) = w.loaded.as_mut().filter(|l| l.frame.is_none()) {
                l.frame = Some(gloo_render::request_animation_frame(move |_| {
                    with(&wk2, |w, state| {
                        let Some((l, ctx)) = w.parts() else { return };
                        l.frame = None;
                        if l.spy(&ctx) {
                            schedule_save(w, state);
                        }
                    });
                }));
            }
        });
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
            _ => {}
        }
    }
}

/// Fetches `src` and shows it.
fn load(state: &Shared, src: String) {
    let Some(window) = web_sys::window() else { return };
    let abort = AbortController::new().ok();
    {
        let mut guard = state.borrow_mut();
        let Some(w) = guard.as_mut() else { return };
        let mut loading = String::from("<p class=\"loading\" role=\"status\">");
        crate::render::escape::escape_into(&mut loading, w.lang.strings().loading, false);
        loading.push_str("</p>");
        w.root.set_inner_html(&loading);
        w.abort = abort.clone();
    }
    let init = RequestInit::new();
    if let Some(a) = &abort {
        init.set_signal(Some(&a.signal()));
    }
    let request = window.fetch_with_str_and_init(&src, &init);
    let state = state.clone();
    spawn_local(async move {
        let result = fetch_text(request, &src).await;
        if state.borrow().is_some() {
            show(&state, result);
        }
    });
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
