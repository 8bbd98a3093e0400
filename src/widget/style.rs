//! The widget's stylesheet, adopted into each shadow root.
//!
//! A constructed `CSSStyleSheet` (shared by all instances) is used rather than a `<style>`
//! element because pages with `style-src 'self'` block inline `<style>` but not adopted sheets.
//! Browsers without constructable stylesheets get a `<style>` element instead.

use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CssStyleSheet, Document, Element, ShadowRoot};

/// The CSS, compiled into the module so the widget is one script and one .wasm.
pub const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/style.css"));

thread_local! {
    static SHEET: Option<CssStyleSheet> = CssStyleSheet::new().ok().filter(|s| s.replace_sync(CSS).is_ok());
}

/// What [`apply`] did, so [`remove`] can undo it.
pub enum Applied {
    /// The shared sheet was added to the shadow root's `adoptedStyleSheets`.
    Adopted(CssStyleSheet),
    /// A `<style>` element was put in the widget's root (removed with it).
    Element,
}

fn adopted(shadow: &ShadowRoot) -> Option<Array> {
    Reflect::get(shadow, &JsValue::from_str("adoptedStyleSheets")).ok()?.dyn_into::<Array>().ok()
}

/// Styles `shadow`; `root` is the widget's container inside it.
pub fn apply(document: &Document, shadow: &ShadowRoot, root: &Element) -> Applied {
    if let (Some(sheet), Some(list)) = (SHEET.with(Clone::clone), adopted(shadow)) {
        let next = list.slice(0, list.length());
        next.push(&sheet);
        if Reflect::set(shadow, &JsValue::from_str("adoptedStyleSheets"), &next).is_ok() {
            return Applied::Adopted(sheet);
        }
    }
    if let Ok(style) = document.create_element("style") {
        style.set_text_content(Some(CSS));
        let _ = root.prepend_with_node_1(&style);
    }
    Applied::Element
}

/// Removes what [`apply`] added.
pub fn remove(shadow: &ShadowRoot, applied: &Applied) {
    if let (Applied::Adopted(sheet), Some(list)) = (applied, adopted(shadow)) {
        let rest: Array = list.iter().filter(|s| s != AsRef::<JsValue>::as_ref(sheet)).collect();
        let _ = Reflect::set(shadow, &JsValue::from_str("adoptedStyleSheets"), &rest);
    }
}
