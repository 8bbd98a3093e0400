//! DOM work done in bulk on the JS side of the boundary.
//!
//! Expand-all on a long report touches two elements for each of hundreds of sections. Done
//! from Rust, every touch is a few calls across the boundary with a string each; here the ids
//! cross once, joined, and a short loop does the rest. (wasm-bindgen ships this as a snippet
//! module next to the glue: `snippets/` in `dist/`.)

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
    const button = root.getElementById(id + '-h')?.querySelector('button.toggle');
    if (button) button.setAttribute('aria-expanded', fold ? 'false' : 'true');
  }
}
"#)]
extern "C" {
    /// Folds (or unfolds) the sections whose element ids are `ids`, one per line: their bodies
    /// get `hidden` (with value `hidden`: `until-found` or empty) and their toggle buttons
    /// `aria-expanded`.
    #[wasm_bindgen(js_name = setFolds)]
    pub fn set_folds(root: &ShadowRoot, ids: &str, fold: bool, hidden: &str);
}
