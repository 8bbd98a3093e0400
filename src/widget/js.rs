//! Plain JS objects to and from our records, by hand.
//!
//! The module used to convert with serde and serde-wasm-bindgen; their generic code was about
//! 40 KB of the .wasm. Every shape that crosses the boundary is small and fixed (event details,
//! handle results, stored records), so a few `Reflect` calls do the same job. The shapes are
//! those serde-wasm-bindgen's JSON-compatible serializer gave: fields in declaration order,
//! `None` as `null`, numbers as numbers, arrays as arrays.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::drafts::record::{Citation, Draft, Export, ExportDraft, Shape};
use crate::glossary::{EntryIssue, RawEntry};
use crate::state::ReadingState;

/// A value that can be given to the page as a plain JS value.
pub trait ToJs {
    /// The JS value.
    fn to_js(&self) -> JsValue;
}

impl ToJs for str {
    fn to_js(&self) -> JsValue {
        JsValue::from_str(self)
    }
}

impl ToJs for String {
    fn to_js(&self) -> JsValue {
        JsValue::from_str(self)
    }
}

impl ToJs for bool {
    fn to_js(&self) -> JsValue {
        JsValue::from_bool(*self)
    }
}

impl ToJs for f64 {
    fn to_js(&self) -> JsValue {
        JsValue::from_f64(*self)
    }
}

impl ToJs for u32 {
    fn to_js(&self) -> JsValue {
        JsValue::from_f64(f64::from(*self))
    }
}

impl ToJs for usize {
    fn to_js(&self) -> JsValue {
        JsValue::from_f64(*self as f64)
    }
}

impl<T: ToJs + ?Sized> ToJs for &T {
    fn to_js(&self) -> JsValue {
        (**self).to_js()
    }
}

impl<T: ToJs> ToJs for Option<T> {
    fn to_js(&self) -> JsValue {
        self.as_ref().map_or(JsValue::NULL, ToJs::to_js)
    }
}

impl<T: ToJs> ToJs for [T] {
    fn to_js(&self) -> JsValue {
        self.iter().map(ToJs::to_js).collect::<Array>().into()
    }
}

impl<T: ToJs> ToJs for Vec<T> {
    fn to_js(&self) -> JsValue {
        self.as_slice().to_js()
    }
}

/// A plain object with `fields` in this order (not generic, so it is compiled once).
pub fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in fields {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

/// Implements [`ToJs`] for a struct as a plain object: `type { field => "jsName", … }`.
macro_rules! to_js_object {
    ($ty:ty { $($field:ident => $key:literal),* $(,)? }) => {
        impl $crate::widget::js::ToJs for $ty {
            fn to_js(&self) -> wasm_bindgen::JsValue {
                $crate::widget::js::object(&[$(($key, $crate::widget::js::ToJs::to_js(&self.$field))),*])
            }
        }
    };
}
pub(crate) use to_js_object;

/// Reads fields of a JS object, with serde-like errors for wrong types.
pub struct Fields(JsValue);

impl Fields {
    /// `value` if it is an object (arrays included, as serde-wasm-bindgen did).
    ///
    /// # Errors
    /// Says what `value` is instead.
    pub fn new(value: JsValue, what: &str) -> Result<Fields, String> {
        if value.is_object() {
            Ok(Fields(value))
        } else {
            Err(invalid(&value, what))
        }
    }

    /// The raw value of `key` (`undefined` when missing or when a getter throws).
    pub fn get(&self, key: &str) -> JsValue {
        Reflect::get(&self.0, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }

    /// An optional field: `None` for `undefined` and `null`, else `read` of the value.
    fn opt<T>(
        &self,
        key: &str,
        read: impl Fn(&JsValue) -> Option<T>,
        what: &str,
    ) -> Result<Option<T>, String> {
        let v = self.get(key);
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        read(&v).map(Some).ok_or_else(|| invalid(&v, what))
    }

    /// A required field.
    fn req<T>(&self, key: &str, read: impl Fn(&JsValue) -> Option<T>, what: &str) -> Result<T, String> {
        self.opt(key, read, what)?.ok_or_else(|| format!("missing field `{key}`"))
    }

    /// An optional `Promise`.
    pub fn opt_promise(&self, key: &str) -> Result<Option<js_sys::Promise>, String> {
        self.opt(key, |v| v.clone().dyn_into().ok(), "a Promise")
    }

    /// An optional string.
    pub fn opt_string(&self, key: &str) -> Result<Option<String>, String> {
        self.opt(key, JsValue::as_string, "a string")
    }

    /// A required string.
    pub fn string(&self, key: &str) -> Result<String, String> {
        self.req(key, JsValue::as_string, "a string")
    }

    /// An optional array of strings.
    pub fn opt_strings(&self, key: &str) -> Result<Option<Vec<String>>, String> {
        let v = self.get(key);
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        if !Array::is_array(&v) {
            return Err(invalid(&v, "a sequence"));
        }
        Array::from(&v)
            .iter()
            .map(|s| s.as_string().ok_or_else(|| invalid(&s, "a string")))
            .collect::<Result<_, _>>()
            .map(Some)
    }

    /// A required array of strings.
    pub fn strings(&self, key: &str) -> Result<Vec<String>, String> {
        self.opt_strings(key)?.ok_or_else(|| format!("missing field `{key}`"))
    }

    /// An optional number.
    pub fn opt_f64(&self, key: &str) -> Result<Option<f64>, String> {
        self.opt(key, JsValue::as_f64, "f64")
    }

    /// A required number.
    pub fn f64(&self, key: &str) -> Result<f64, String> {
        self.req(key, JsValue::as_f64, "f64")
    }

    /// An optional whole number that fits a `u32`.
    pub fn opt_u32(&self, key: &str) -> Result<Option<u32>, String> {
        self.opt(key, as_u32, "u32")
    }

    /// A required whole number that fits a `u32`.
    pub fn u32(&self, key: &str) -> Result<u32, String> {
        self.req(key, as_u32, "u32")
    }

    /// An optional boolean.
    pub fn opt_bool(&self, key: &str) -> Result<Option<bool>, String> {
        self.opt(key, JsValue::as_bool, "a boolean")
    }
}

/// `v` as a `u32` when it is a whole number in range.
fn as_u32(v: &JsValue) -> Option<u32> {
    v.as_f64().filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n)).map(|n| n as u32)
}

/// The message serde gave for a value of the wrong type.
fn invalid(v: &JsValue, expected: &str) -> String {
    let found = if let Some(s) = v.as_string() {
        format!("string \"{s}\"")
    } else if let Some(b) = v.as_bool() {
        format!("boolean `{b}`")
    } else if v.as_f64().is_some() {
        // JSON.stringify writes the number as JS does, without Rust's float formatting.
        let text = js_sys::JSON::stringify(v).ok().and_then(|s| s.as_string()).unwrap_or_default();
        format!("number `{text}`")
    } else if Array::is_array(v) {
        "sequence".to_owned()
    } else if v.is_null() || v.is_undefined() {
        "null".to_owned()
    } else if v.is_object() {
        "map".to_owned()
    } else {
        "a value of another type".to_owned()
    };
    format!("invalid type: {found}, expected {expected}")
}

to_js_object!(Citation { path => "path", number => "number", title => "title" });
to_js_object!(Draft {
    v => "v",
    document => "document",
    section => "section",
    citation => "citation",
    text => "text",
    updated_at => "updatedAt",
    section_hash => "sectionHash",
    base => "base",
});
to_js_object!(ExportDraft { section => "section", citation => "citation", text => "text", updated_at => "updatedAt" });
to_js_object!(Export { title => "title", document => "document", exported_at => "exportedAt", drafts => "drafts" });
to_js_object!(ReadingState { v => "v", folded => "folded", position => "position", updated_at => "updatedAt" });
to_js_object!(EntryIssue { index => "index", term => "term", reason => "reason", skipped => "skipped" });

/// A glossary entry as the host wrote it; every field optional, a wrong type is an error.
///
/// # Errors
/// The first field of a wrong type.
pub fn raw_entry(value: JsValue) -> Result<RawEntry, String> {
    let f = Fields::new(value, "struct RawEntry")?;
    Ok(RawEntry {
        term: f.opt_string("term")?,
        definition: f.opt_string("definition")?,
        aliases: f.opt_strings("aliases")?,
        category: f.opt_string("category")?,
        source: f.opt_string("source")?,
        en: f.opt_string("en")?,
        note: f.opt_string("note")?,
    })
}

/// A stored draft record: the v1 shape if it reads as one, else the v0 shape `{text, saved}`
/// (the order serde's untagged enum tried them in).
///
/// # Errors
/// When it is neither.
pub fn shape(value: JsValue) -> Result<Shape, String> {
    let f = Fields::new(value, "a draft record")?;
    let v1 = || -> Result<Draft, String> {
        let c = Fields::new(f.get("citation"), "struct Citation")?;
        Ok(Draft {
            v: f.u32("v")?,
            document: f.string("document")?,
            section: f.opt_string("section")?,
            citation: Citation {
                path: c.string("path")?,
                number: c.opt_string("number")?,
                title: c.string("title")?,
            },
            text: f.string("text")?,
            updated_at: f.f64("updatedAt")?,
            section_hash: f.opt_string("sectionHash")?,
            base: f.opt_f64("base")?.unwrap_or(0.0),
        })
    };
    if let Ok(d) = v1() {
        return Ok(Shape::V1(d));
    }
    match (f.string("text"), f.opt_f64("saved")) {
        (Ok(text), Ok(saved)) => Ok(Shape::V0 { text, saved }),
        _ => Err("data did not match any variant of untagged enum Shape".into()),
    }
}

/// A stored reading state, if it has the right shape.
pub fn reading_state(value: JsValue) -> Option<ReadingState> {
    let f = Fields::new(value, "struct ReadingState").ok()?;
    Some(ReadingState {
        v: f.u32("v").ok()?,
        folded: f.strings("folded").ok()?,
        position: f.opt_string("position").ok()?,
        updated_at: f.f64("updatedAt").ok()?,
    })
}
