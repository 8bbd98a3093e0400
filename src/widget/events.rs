//! `report-reader:*` events on the host element, and the plain objects given to the page.

use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, Element};

use super::js::{to_js_object, ToJs};
use crate::glossary::EntryIssue;

/// `detail` of `report-reader:ready`.
pub struct Ready<'a> {
    pub title: Option<&'a str>,
    pub sections: usize,
    pub paragraphs: usize,
    pub salutations: usize,
    pub removed: usize,
    /// Distinct glossary terms found in the report.
    pub terms: usize,
}
to_js_object!(Ready<'_> {
    title => "title",
    sections => "sections",
    paragraphs => "paragraphs",
    salutations => "salutations",
    removed => "removed",
    terms => "terms",
});

/// `detail` of `report-reader:error`.
pub struct Failure<'a> {
    pub code: &'a str,
    pub message: String,
}
to_js_object!(Failure<'_> { code => "code", message => "message" });

/// `detail` of `report-reader:glossary-issues`.
pub struct Issues<'a> {
    pub issues: &'a [EntryIssue],
}
to_js_object!(Issues<'_> { issues => "issues" });

/// `detail` of `report-reader:toggle`.
pub struct Toggle {
    pub id: String,
    pub expanded: bool,
}
to_js_object!(Toggle { id => "id", expanded => "expanded" });

/// `detail` of `report-reader:complete`.
pub struct Complete {
    pub sections: usize,
}
to_js_object!(Complete { sections => "sections" });

/// `detail` of `report-reader:draft-issue`.
pub struct DraftIssue<'a> {
    pub code: &'a str,
    pub backup_key: &'a str,
    pub message: String,
}
to_js_object!(DraftIssue<'_> { code => "code", backup_key => "backupKey", message => "message" });

/// `detail` of `report-reader:draft-submit`.
pub struct Submit<'a> {
    pub document: &'a str,
    pub section: Option<&'a str>,
    pub title: String,
    pub text: &'a str,
    pub updated_at: f64,
}
to_js_object!(Submit<'_> {
    document => "document",
    section => "section",
    title => "title",
    text => "text",
    updated_at => "updatedAt",
});

/// One entry of `handle.outline()`.
pub struct OutlineEntry<'a> {
    pub id: String,
    pub number: Option<&'a str>,
    pub title: &'a str,
    pub depth: usize,
    pub parent: Option<String>,
    pub folded: bool,
}
to_js_object!(OutlineEntry<'_> {
    id => "id",
    number => "number",
    title => "title",
    depth => "depth",
    parent => "parent",
    folded => "folded",
});

/// Converts a detail to a plain JS object (not a `Map`).
pub fn to_js<T: ToJs + ?Sized>(value: &T) -> JsValue {
    value.to_js()
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
