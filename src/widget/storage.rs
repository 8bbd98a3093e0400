//! `localStorage`, guarded. Touching storage can throw (SecurityError in sandboxed iframes and
//! with cookies blocked; QuotaExceededError when full, named differently per browser), so every
//! access returns a `Result` and reading never breaks because storage did.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::Storage;

/// Why storage could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// No storage here: blocked by the browser or the page (SecurityError), or absent.
    Unavailable(String),
    /// Storage is full (QuotaExceededError, NS_ERROR_DOM_QUOTA_REACHED).
    Full,
    /// Anything else the browser threw.
    Other(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Unavailable(why) => write!(f, "browser storage is unavailable ({why})"),
            StoreError::Full => write!(f, "browser storage is full"),
            StoreError::Other(why) => write!(f, "browser storage failed ({why})"),
        }
    }
}

/// Classifies what the browser threw.
fn classify(e: &JsValue) -> StoreError {
    let name = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.name())).unwrap_or_default();
    let message = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_default();
    let code = js_sys::Reflect::get(e, &"code".into()).ok().and_then(|c| c.as_f64()).unwrap_or(0.0);
    if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" || code == 22.0 || code == 1014.0
    {
        StoreError::Full
    } else if name == "SecurityError" {
        StoreError::Unavailable(message)
    } else {
        StoreError::Other(if message.is_empty() { format!("{e:?}") } else { format!("{name}: {message}") })
    }
}

/// The page's `localStorage`.
pub fn local() -> Result<Storage, StoreError> {
    let window = web_sys::window().ok_or_else(|| StoreError::Unavailable("no window".into()))?;
    match window.local_storage() {
        Ok(Some(s)) => Ok(s),
        Ok(None) => Err(StoreError::Unavailable("localStorage is missing".into())),
        Err(e) => Err(match classify(&e) {
            StoreError::Other(m) => StoreError::Unavailable(m),
            other => other,
        }),
    }
}

/// Reads a raw string.
pub fn get(key: &str) -> Result<Option<String>, StoreError> {
    local()?.get_item(key).map_err(|e| classify(&e))
}

/// Writes a raw string.
pub fn set(key: &str, value: &str) -> Result<(), StoreError> {
    local()?.set_item(key, value).map_err(|e| classify(&e))
}

/// Removes a key (errors ignored: there is nothing to lose).
pub fn remove(key: &str) {
    if let Ok(s) = local() {
        let _ = s.remove_item(key);
    }
}

/// Serializes to JSON with the browser's own `JSON.stringify` (no serde_json in the module).
pub fn to_json<T: super::js::ToJs>(value: &T) -> Option<String> {
    js_sys::JSON::stringify(&value.to_js()).ok().and_then(|s| s.as_string())
}

/// Parses JSON with `JSON.parse` and reads it with `read`; `None` for anything malformed or
/// of the wrong shape.
pub fn from_json<T>(text: &str, read: impl FnOnce(JsValue) -> Option<T>) -> Option<T> {
    read(js_sys::JSON::parse(text).ok()?)
}
