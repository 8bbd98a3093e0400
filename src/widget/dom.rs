//! Work done in bulk on the JS side of the boundary.
//!
//! Expand-all on a long report touches two elements for each of hundreds of sections. Done
//! from Rust, every touch is a few calls across the boundary with a string each; here the ids
//! cross once, joined, and a short loop does the rest. A host glossary likewise crosses once,
//! as JSON text (the format is in `glossary::json`). (wasm-bindgen ships this as a
//! snippet module; `scripts/inline-snippets.mjs` inlines it into the glue in `dist/`.)

use wasm_bindgen::prelude::*;
use web_sys::ShadowRoot;

#[wasm_bindgen(inline_js = r#"
export function setFolds(root, ids, fold, hidden) {
  for (const id of ids.split('\n')) {
    const body = root.getElementById(id + '-body');
    if (body) {
      if (fold) body.setAttribute('hidden', hidden);
      else body.removeAttribute('hidden');
    }
    // The toggle is the heading's first child (render/html.rs): no selector to match.
    const button = root.getElementById(id + '-h')?.firstElementChild;
    if (button?.localName === 'button') button.setAttribute('aria-expanded', fold ? 'false' : 'true');
  }
}

const FIELDS = ['term', 'definition', 'aliases', 'category', 'source', 'en', 'note'];

export function packEntries(items) {
  // JSON.stringify is the engine's own code: a loop of ours would run interpreted on a first
  // mount, several times slower. With the field names as its replacer list it reads each field
  // as a property read would (inherited and non-enumerable ones too), but an entry with a
  // toJSON method would be written as what that returns: those are listed first, for Rust to
  // read field by field.
  let odd = '';
  for (let i = 0; i < items.length; i++) {
    const e = items[i];
    if (e !== null && typeof e === 'object' && 'toJSON' in e) odd += i + ',';
  }
  return odd + '\n' + JSON.stringify(items, FIELDS);
}
"#)]
extern "C" {
    /// Folds (or unfolds) the sections whose element ids are `ids`, one per line: their bodies
    /// get `hidden` (with value `hidden`: `until-found` or empty) and their toggle buttons
    /// `aria-expanded`.
    #[wasm_bindgen(js_name = setFolds)]
    pub fn set_folds(root: &ShadowRoot, ids: &str, fold: bool, hidden: &str);

    /// Glossary entries as JSON text, after the indices of entries to read field by field
    /// (format: `glossary::json::read_marked`). Throws if `JSON.stringify` does (a throwing
    /// getter, a cycle, a BigInt): the caller then reads every entry field by field.
    #[wasm_bindgen(js_name = packEntries, catch)]
    pub fn pack_entries(items: &js_sys::Array) -> Result<String, JsValue>;
}
