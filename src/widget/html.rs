//! The one place where HTML strings reach the DOM.
//!
//! Every string given here comes from the core renderer, which escapes everything from the
//! report, the glossary and storage. On pages that enforce Trusted Types
//! (`require-trusted-types-for 'script'`) a plain string cannot be assigned to `innerHTML`, so
//! the loader script creates a policy named `report-reader` and hands it over with
//! `setHtmlPolicy()`; its `createHTML` passes our already-escaped markup through. Nothing else
//! in the widget uses a string-to-DOM sink: emptying an element uses `replaceChildren()`.

use std::cell::RefCell;

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

thread_local! {
    static POLICY: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// Registers the page's Trusted Types policy (called by `report-reader.js`; without it, plain
/// strings are used, which is what pages without Trusted Types need).
#[wasm_bindgen(js_name = setHtmlPolicy)]
pub fn set_html_policy(policy: JsValue) {
    let usable = Reflect::get(&policy, &"createHTML".into()).ok().is_some_and(|f| f.is_function());
    POLICY.with(|p| *p.borrow_mut() = usable.then_some(policy));
}

/// `html` as a value for `innerHTML`: TrustedHTML when a policy is set, else the string.
fn trusted(html: &str) -> JsValue {
    POLICY.with(|p| {
        let p = p.borrow();
        let Some(policy) = p.as_ref() else { return JsValue::from_str(html) };
        Reflect::get(policy, &"createHTML".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .and_then(|f| f.call1(policy, &JsValue::from_str(html)).ok())
            .unwrap_or_else(|| JsValue::from_str(html))
    })
}

/// Replaces the content of `el` with `html` (escaped markup from the core renderer).
pub fn set(el: &Element, html: &str) {
    let _ = Reflect::set(el, &"innerHTML".into(), &trusted(html));
}

/// Inserts `html` (escaped markup from the core renderer) at `position` relative to `el`.
pub fn insert(el: &Element, position: &str, html: &str) {
    let Ok(f) = Reflect::get(el, &"insertAdjacentHTML".into()).and_then(|f| f.dyn_into::<Function>()) else {
        return;
    };
    let _ = f.call2(el, &JsValue::from_str(position), &trusted(html));
}

/// Removes every child of `el`.
pub fn clear(el: &Element) {
    el.replace_children_with_node_0();
}
