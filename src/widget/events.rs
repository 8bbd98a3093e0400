//! `report-reader:*` events on the host element.

use serde::Serialize;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, Element};

/// `detail` of `report-reader:ready`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Ready<'a> {
    pub title: Option<&'a str>,
    pub sections: usize,
    pub paragraphs: usize,
    pub salutations: usize,
    pub removed: usize,
    /// Distinct glossary terms found in the report.
    pub terms: usize,
}

/// `detail` of `report-reader:error`.
#[derive(Serialize)]
pub struct Failure<'a> {
    pub code: &'a str,
    pub message: String,
}

/// Converts a detail to a plain JS object (not a `Map`).
pub fn to_js<T: Serialize>(value: &T) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

/// Dispatches `report-reader:<name>` on `host`; it bubbles and crosses shadow boundaries so a
/// host can listen on `document`.
pub fn dispatch(host: &Element, name: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(&format!("report-reader:{name}"), &init) {
        // A host listener that throws must not break the widget.
        let _ = host.dispatch_event(&event);
    }
}
