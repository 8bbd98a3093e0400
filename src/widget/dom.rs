//! Work done in bulk on the JS side of the boundary.
//!
//! Expand-all on a long report touches two elements for each of hundreds of sections. Done
//! from Rust, every touch is a few calls across the boundary with a string each; here the ids
//! cross once, joined, and a short loop does the rest. A host glossary likewise crosses once,
//! packed into a string (the format is in `glossary::packed`). (wasm-bindgen ships this as a
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
const SLOW = 's\x01';

export function packEntries(items) {
  // Structure characters written; a text holding one makes the reader's count differ, and the
  // reader then falls back to reading field by field (texts are not escaped: see the format).
  let out = '';
  let marks = 0;
  next: for (let i = 0; i < items.length; i++) {
    const e = items[i];
    if (e === null || typeof e !== 'object' || Array.isArray(e)) {
      out += SLOW;
      marks += 1;
      continue;
    }
    let one = 'o';
    let n = 0;
    for (const f of FIELDS) {
      let v;
      try { v = e[f]; } catch { out += SLOW; marks += 1; continue next; }
      if (v === undefined || v === null) {
        one += '\0';
        n += 1;
      } else if (f === 'aliases') {
        if (!Array.isArray(v)) { out += SLOW; marks += 1; continue next; }
        for (let k = 0; k < v.length; k++) {
          if (typeof v[k] !== 'string') { out += SLOW; marks += 1; continue next; }
          one += '\x02' + v[k];
        }
        n += v.length;
      } else if (typeof v === 'string') one += v;
      else { out += SLOW; marks += 1; continue next; }
      one += '\x01';
      n += 1;
    }
    out += one;
    marks += n;
  }
  return marks + '\x01' + out;
}
"#)]
extern "C" {
    /// Folds (or unfolds) the sections whose element ids are `ids`, one per line: their bodies
    /// get `hidden` (with value `hidden`: `until-found` or empty) and their toggle buttons
    /// `aria-expanded`.
    #[wasm_bindgen(js_name = setFolds)]
    pub fn set_folds(root: &ShadowRoot, ids: &str, fold: bool, hidden: &str);

    /// Glossary entries packed into one string (format: `glossary::packed`); an entry that is
    /// not a plain object of string fields is packed as "read it yourself". Throws only if the
    /// array itself does (a hostile proxy).
    #[wasm_bindgen(js_name = packEntries, catch)]
    pub fn pack_entries(items: &js_sys::Array) -> Result<String, JsValue>;
}
