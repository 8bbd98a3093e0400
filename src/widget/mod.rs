//! The browser layer: mounts the rendered report into a shadow root and wires the page.
//!
//! Everything here is thin on purpose: the document, its HTML and its messages come from the
//! pure core; this module only touches the DOM, fetches, and dispatches events. Listeners are
//! owned [`gloo_events::EventListener`] values held by the widget, so dropping the widget
//! (`destroy()`) removes them.

mod dom;
mod drafts;
mod events;
mod html;
mod js;
mod mount;
mod reader;
mod storage;
mod style;
mod terms;

pub use html::set_html_policy;
pub use mount::{mount, warm_up_core, Handle};

use wasm_bindgen::prelude::wasm_bindgen;

/// The text the loader (`report-reader.js`) lays out, hidden, in its idle-time warm-up: the
/// default glossary's ideographs ([`crate::glossary::default_ideographs`]). Not part of the
/// public API (`report-reader.js` does not export it).
#[wasm_bindgen(js_name = warmUpText)]
pub fn warm_up_text() -> String {
    crate::glossary::default_ideographs()
}
