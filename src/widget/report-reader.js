// report-reader: the one script a host page includes.
//
//   <script type="module" src="/dist/report-reader.js"></script>
//   <report-reader src="/reports/2022.txt"></report-reader>
//
// It loads the WebAssembly module next to it, defines the <report-reader> custom element and
// exports `mount()` for pages that prefer a JS API. All logic lives in the wasm module; this
// file only bridges the custom-element lifecycle to it.
import init, { mount as wasmMount, setHtmlPolicy } from './report_reader.js';

/**
 * The Trusted Types policy for the one place the widget inserts HTML (markup the wasm module
 * built and escaped). Pages with `require-trusted-types-for 'script'` and a `trusted-types`
 * list must allow the name `report-reader`.
 */
function createPolicy() {
  const tt = globalThis.trustedTypes;
  if (!tt?.createPolicy) return null;
  try {
    return tt.createPolicy('report-reader', { createHTML: (html) => html });
  } catch (error) {
    console.warn(`report-reader: could not create the Trusted Types policy "report-reader" (${error.message}); allow it in the page's trusted-types directive`);
    return null;
  }
}

/** Resolves when the wasm module is ready; rejects if it could not be loaded. */
export const ready = init({ module_or_path: new URL('./report_reader_bg.wasm', import.meta.url) }).then((exports) => {
  const policy = createPolicy();
  if (policy) setHtmlPolicy(policy);
  return exports;
});

/**
 * Mounts a reader into `element` (rendered into its open shadow root).
 * @param {Element} element
 * @param {{text?: string, src?: string, lang?: string, storageKey?: string, folded?: string, remember?: boolean,
 *   glossary?: string | Array<{term: string, definition: string, aliases?: string[], category?: string, source?: string}>,
 *   glossaryMode?: 'merge' | 'replace', glossaryMarks?: 'first' | 'all' | 'none'}} [options]
 * @returns {Promise<import('./report_reader.js').Handle>} a handle; call `destroy()` to undo.
 */
export async function mount(element, options = {}) {
  await ready;
  return wasmMount(element, options);
}

const ATTRIBUTES = ['src', 'lang', 'storage-key', 'folded', 'remember', 'glossary', 'glossary-mode', 'glossary-marks', 'draft-max'];

/** Shows a failure to load the wasm module itself, which the module cannot report. */
function showLoadFailure(host, error) {
  const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const box = document.createElement('div');
  box.setAttribute('role', 'alert');
  box.setAttribute('part', 'error');
  box.className = 'rr-load-error';
  // The wasm module holds the string catalogue, so this one message is translated here.
  const detail = error?.message ?? String(error);
  box.textContent = (host.getAttribute('lang') ?? '').toLowerCase().startsWith('en')
    ? `The reader could not be loaded (${detail}). Check that report_reader_bg.wasm is served next to report-reader.js as application/wasm.`
    : `阅读器无法加载（${detail}）。请确认 report_reader_bg.wasm 与 report-reader.js 放在同一目录，并以 application/wasm 类型提供。`;
  shadow.replaceChildren(box);
  host.dispatchEvent(new CustomEvent('report-reader:error', {
    bubbles: true, composed: true, detail: { code: 'wasm-load', message: `report-reader: the WebAssembly module could not be loaded (${detail})` },
  }));
}

/** `<report-reader src lang storage-key folded remember glossary glossary-mode glossary-marks>`. */
export class ReportReaderElement extends HTMLElement {
  static get observedAttributes() { return ATTRIBUTES; }

  #handle = null;
  #generation = 0;

  /** The handle of the mounted widget (null before it is ready). */
  get handle() { return this.#handle; }

  connectedCallback() { this.#remount(); }

  disconnectedCallback() {
    this.#generation++;
    this.#handle?.destroy();
    this.#handle = null;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue !== newValue && this.isConnected && this.#handle) this.#remount();
  }

  async #remount() {
    const generation = ++this.#generation;
    try {
      await ready;
    } catch (error) {
      showLoadFailure(this, error);
      return;
    }
    // A later connect/disconnect or attribute change superseded this one.
    if (generation !== this.#generation || !this.isConnected) return;
    this.#handle?.destroy();
    const options = {};
    if (this.hasAttribute('src')) options.src = this.getAttribute('src');
    if (this.hasAttribute('lang')) options.lang = this.getAttribute('lang');
    if (this.hasAttribute('storage-key')) options.storageKey = this.getAttribute('storage-key');
    if (this.hasAttribute('folded')) options.folded = this.getAttribute('folded');
    if (this.hasAttribute('glossary')) options.glossary = this.getAttribute('glossary');
    if (this.hasAttribute('glossary-mode')) options.glossaryMode = this.getAttribute('glossary-mode');
    if (this.hasAttribute('glossary-marks')) options.glossaryMarks = this.getAttribute('glossary-marks');
    if (this.hasAttribute('draft-max')) {
      const max = Number.parseInt(this.getAttribute('draft-max'), 10);
      if (Number.isFinite(max) && max > 0) options.draftMax = max;
    }
    if (this.hasAttribute('remember')) options.remember = !['false', 'off', 'no', '0'].includes(this.getAttribute('remember').trim().toLowerCase());
    this.#handle = wasmMount(this, options);
  }
}

if (!customElements.get('report-reader')) customElements.define('report-reader', ReportReaderElement);
