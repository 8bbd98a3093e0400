//! `mount()` and the handle it returns.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use js_sys::Uint8Array;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    AbortController, Element, HtmlElement, RequestInit, Response, ShadowRoot, ShadowRootInit,
    ShadowRootMode,
};

use super::events::{self, dispatch, Failure, Ready};
use super::style::{self, Applied};
use crate::i18n::{error_message, Lang};
use crate::render::{render, render_error, RenderOptions};
use crate::report::{decode, parse, Document, LoadError};

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
    /// Key for this report's saved state (used by drafts and remembered state).
    storage_key: Option<String>,
}

thread_local! {
    /// Instance counter for id prefixes, so two widgets on one page never share an id.
    static INSTANCES: Cell<u32> = const { Cell::new(0) };
}

/// One mounted widget. Dropping it removes its listeners; [`Handle::destroy`] also removes its
/// nodes and stylesheet.
struct Widget {
    host: Element,
    shadow: ShadowRoot,
    root: Element,
    lang: Lang,
    prefix: String,
    style: Applied,
    doc: Option<Document>,
    /// Aborts an in-flight fetch of `src` on destroy.
    abort: Option<AbortController>,
    _listeners: Vec<EventListener>,
}

type Shared = Rc<RefCell<Option<Widget>>>;

/// A mounted report reader. Keep it to call [`Handle::destroy`].
#[wasm_bindgen]
pub struct Handle {
    state: Shared,
    storage_key: Option<String>,
}

#[wasm_bindgen]
impl Handle {
    /// Removes every node, stylesheet and listener the widget added, and aborts a pending
    /// fetch. Calling it twice is harmless.
    pub fn destroy(&self) {
        let Some(w) = self.state.borrow_mut().take() else {
            return;
        };
        if let Some(a) = &w.abort {
            a.abort();
        }
        w.root.remove();
        style::remove(&w.shadow, &w.style);
        // `w` drops here, and with it every EventListener.
    }

    /// Whether [`Handle::destroy`] has been called.
    #[wasm_bindgen(getter)]
    pub fn destroyed(&self) -> bool {
        self.state.borrow().is_none()
    }

    /// Number of sections in the loaded report (0 while loading or after an error).
    #[wasm_bindgen(getter)]
    pub fn sections(&self) -> usize {
        self.state
            .borrow()
            .as_ref()
            .and_then(|w| w.doc.as_ref())
            .map_or(0, |d| d.sections.len())
    }

    /// The report's title, if loaded and found.
    #[wasm_bindgen(getter)]
    pub fn title(&self) -> Option<String> {
        self.state
            .borrow()
            .as_ref()
            .and_then(|w| w.doc.as_ref())
            .and_then(|d| d.title.clone())
    }

    /// The storage key given at mount, if any.
    #[wasm_bindgen(getter, js_name = storageKey)]
    pub fn storage_key(&self) -> Option<String> {
        self.storage_key.clone()
    }

    /// The outline as an array of `{id, number, title, depth, parent}`; `id` is the element id
    /// inside the shadow root.
    pub fn outline(&self) -> JsValue {
        #[derive(serde::Serialize)]
        struct Entry<'a> {
            id: String,
            number: Option<&'a str>,
            title: &'a str,
            depth: usize,
            parent: Option<String>,
        }
        let state = self.state.borrow();
        let Some((w, doc)) = state.as_ref().and_then(|w| Some((w, w.doc.as_ref()?))) else {
            return js_sys::Array::new().into();
        };
        let entries: Vec<Entry> = doc
            .sections
            .iter()
            .map(|s| Entry {
                id: format!("{}{}", w.prefix, s.id),
                number: s.number.as_deref(),
                title: &s.title,
                depth: s.depth,
                parent: s
                    .parent
                    .map(|p| format!("{}{}", w.prefix, doc.sections[p].id)),
            })
            .collect();
        events::to_js(&entries)
    }
}

/// Mounts a report reader into `element` (its open shadow root, created if missing).
///
/// `options`: `{ text?, src?, lang?, storageKey? }`. Without `text` or `src`, the text of a child
/// `<script type="text/plain">` is used. Rendering errors never throw: they are shown in the
/// widget (`part="error"`, `role="alert"`) and reported with a `report-reader:error` event.
///
/// # Errors
/// Throws when `options` is not an object of that shape, or when `element` cannot host a
/// shadow root (for example a `<p>` or `<img>`).
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
    let document = window
        .document()
        .ok_or_else(|| JsError::new("report-reader: no document"))?;
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
    let n = INSTANCES.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    let prefix = format!("rr{n}-");

    let root = document
        .create_element("div")
        .map_err(|_| JsError::new("report-reader: cannot create elements"))?;
    root.set_class_name("rr-root");
    let _ = root.set_attribute("lang", lang.tag());
    let _ = shadow.append_child(&root);
    let style = style::apply(&document, &shadow, &root);

    let listeners = vec![outline_clicks(&root, &shadow, &prefix)];
    let state: Shared = Rc::new(RefCell::new(Some(Widget {
        host: element.clone(),
        shadow,
        root,
        lang,
        prefix,
        style,
        doc: None,
        abort: None,
        _listeners: listeners,
    })));

    let inline = || {
        element
            .query_selector("script[type='text/plain']")
            .ok()
            .flatten()
            .and_then(|s| s.text_content())
    };
    match (opts.text, opts.src) {
        (Some(text), _) => show(&state, parse(&text).map_err(LoadError::from)),
        (None, Some(src)) => load(&state, src),
        (None, None) => match inline() {
            Some(text) => show(&state, parse(&text).map_err(LoadError::from)),
            None => show(&state, Err(LoadError::NoSource)),
        },
    }
    Ok(Handle {
        state,
        storage_key: opts.storage_key,
    })
}

/// Renders a loaded document (or the error) into the widget and announces it.
fn show(state: &Shared, result: Result<Document, LoadError>) {
    let mut guard = state.borrow_mut();
    let Some(w) = guard.as_mut() else { return };
    let t = w.lang.strings();
    match result {
        Ok(doc) => {
            let html = render(
                &doc,
                &RenderOptions {
                    id_prefix: w.prefix.clone(),
                    lang: w.lang,
                },
            );
            w.root.set_inner_html(&html);
            let (paragraphs, salutations, _) = doc.counts();
            let detail = events::to_js(&Ready {
                title: doc.title.as_deref(),
                sections: doc.sections.len(),
                paragraphs,
                salutations,
                removed: doc.removed.len(),
            });
            w.doc = Some(doc);
            announce(state.clone(), "ready", detail);
            scroll_to_hash(w);
        }
        Err(e) => {
            w.root
                .set_inner_html(&render_error(t.error_title, &error_message(w.lang, &e)));
            w.doc = None;
            let detail = events::to_js(&Failure {
                code: e.code(),
                message: format!("report-reader: {e}"),
            });
            web_sys::console::warn_1(&JsValue::from_str(&format!("report-reader: {e}")));
            announce(state.clone(), "error", detail);
        }
    }
}

/// Dispatches an event after the current task, so listeners added right after `mount()`
/// returns still hear it; skipped if the widget was destroyed in between.
fn announce(state: Shared, name: &'static str, detail: JsValue) {
    spawn_local(async move {
        let host = state.borrow().as_ref().map(|w| w.host.clone());
        if let Some(host) = host {
            dispatch(&host, name, &detail);
        }
    });
}

/// Fetches `src` and shows it.
fn load(state: &Shared, src: String) {
    let Some(window) = web_sys::window() else {
        return;
    };
    {
        let mut guard = state.borrow_mut();
        let Some(w) = guard.as_mut() else { return };
        let t = w.lang.strings();
        let mut loading = String::from("<p class=\"loading\" role=\"status\">");
        crate::render::escape::escape_into(&mut loading, t.loading, false);
        loading.push_str("</p>");
        w.root.set_inner_html(&loading);
        w.abort = AbortController::new().ok();
    }
    let init = RequestInit::new();
    if let Some(a) = state.borrow().as_ref().and_then(|w| w.abort.clone()) {
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
        detail: e
            .dyn_ref::<js_sys::Error>()
            .map_or_else(|| format!("{e:?}"), |e| String::from(e.message())),
    };
    let response: Response = JsFuture::from(request)
        .await
        .map_err(network)?
        .unchecked_into();
    if !response.ok() {
        return Err(LoadError::Http {
            url: url.to_owned(),
            status: response.status(),
        });
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(network)?)
        .await
        .map_err(network)?;
    let bytes = Uint8Array::new(&buffer).to_vec();
    let text = decode(&bytes)?;
    Ok(parse(&text)?)
}

/// Outline links scroll to their section inside the shadow root (the page's own fragment
/// navigation cannot see into it) and put the section's id in the address bar.
fn outline_clicks(root: &Element, shadow: &ShadowRoot, prefix: &str) -> EventListener {
    let shadow = shadow.clone();
    let prefix = prefix.to_owned();
    EventListener::new_with_options(
        root,
        "click",
        EventListenerOptions::enable_prevent_default(),
        move |event| {
            let Some(link) = event
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|el| el.closest("a[data-section]").ok().flatten())
            else {
                return;
            };
            let Some(id) = link.get_attribute("data-section") else {
                return;
            };
            event.prevent_default();
            let full = format!("{prefix}{id}");
            go_to(&shadow, &full);
            if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&format!("#{full}")));
            }
        },
    )
}

/// Scrolls to section `id` and moves focus to its heading.
fn go_to(shadow: &ShadowRoot, id: &str) -> bool {
    let Some(section) = shadow.get_element_by_id(id) else {
        return false;
    };
    section.scroll_into_view();
    if let Some(heading) = shadow
        .get_element_by_id(&format!("{id}-h"))
        .and_then(|h| h.dyn_into::<HtmlElement>().ok())
    {
        let opts = web_sys::FocusOptions::new();
        opts.set_prevent_scroll(true);
        let _ = heading.focus_with_options(&opts);
    }
    true
}

/// Opening a page whose address names one of this widget's sections goes there.
fn scroll_to_hash(w: &Widget) {
    let Some(hash) = web_sys::window().and_then(|win| win.location().hash().ok()) else {
        return;
    };
    let raw = hash.trim_start_matches('#');
    let id = js_sys::decode_uri_component(raw)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| raw.to_owned());
    if id.starts_with(&w.prefix) {
        go_to(&w.shadow, &id);
    }
}
