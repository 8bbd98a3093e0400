// report-reader: the one script a host page includes.
//
//   <script type="module" src="/dist/report-reader.js"></script>
//   <report-reader src="/reports/2022.txt"></report-reader>
//
// It loads the WebAssembly module next to it, defines the <report-reader> custom element and
// exports `mount()` for pages that prefer a JS API. All logic lives in the wasm module; this
// file bridges the custom-element lifecycle to it, starts fetching a `src` report while the
// module loads, has a worker run the module's pipeline once it has loaded (report-reader-warm.js:
// the code then is compiled for the page too), and warms the widget and the fonts up once while
// the page is idle.

/**
 * The Trusted Types policy for the one place the widget inserts HTML (markup the wasm module
 * built and escaped). Pages with `require-trusted-types-for 'script'` and a `trusted-types`
 * list must allow the name `report-reader`.
 */
function createPolicy() {
  const tt = globalThis.trustedTypes;
  if (!tt?.createPolicy) return null;
  try {
    return tt.createPolicy('report-reader', {
      createHTML: (html) => html,
      // The warm-up worker's script, and nothing else (see startWarmUpWorker).
      createScriptURL: (url) => {
        if (url === WARM_URL.href) return url;
        throw new TypeError(`report-reader: not the warm-up worker's URL: ${url}`);
      },
    });
  } catch (error) {
    console.warn(`report-reader: could not create the Trusted Types policy "report-reader" (${error.message}); allow it in the page's trusted-types directive`);
    return null;
  }
}

/** The glue's exports (`mount`, `setHtmlPolicy`, `warmUpText`) once the wasm module has loaded; null until then. */
let wasm = null;

// The .wasm is requested now, as this script runs, and the glue imported alongside it rather
// than statically: a static import made this script (and with it the .wasm's request, the
// custom element and an early `src` fetch) wait for the glue to load, one round trip more
// before anything else could start.
const wasmResponse = fetch(new URL('./report_reader_bg.wasm', import.meta.url));
// Read (and any failure reported) by the glue's init; until then, not an unhandled rejection.
wasmResponse.catch(() => {});
/** The warm-up worker's script, next to this one (see startWarmUpWorker). */
const WARM_URL = new URL('./report-reader-warm.js', import.meta.url);

/**
 * Compiles the fetched .wasm (as the glue's init would, with its messages) so that the compiled
 * module can also be handed to the warm-up worker: the glue keeps the one it compiles to itself.
 */
async function compile(responsePromise) {
  const response = await responsePromise;
  if (!response.ok) throw new Error(`failed to fetch Wasm: ${response.status} ${response.statusText} fetching '${response.url}'`);
  if (typeof WebAssembly.compileStreaming === 'function') {
    try {
      return await WebAssembly.compileStreaming(response);
    } catch (error) {
      // Streaming needs the MIME type; anything else is a real failure (an invalid module, say).
      if (response.headers.get('Content-Type') === 'application/wasm') throw error;
      console.warn(`report-reader: the .wasm is not served as application/wasm, so it is compiled only once it has downloaded (slower); serve it with that MIME type (${error.message})`);
    }
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

/** How many mounts are waiting for the module to be ready (see the worker's `run` below). */
let waiting = 0;

/** Resolves (or rejects) with `ready`, counted in `waiting` meanwhile. */
async function untilReady() {
  waiting++;
  try {
    return await ready;
  } finally {
    waiting--;
  }
}

/** The Trusted Types policy, or null (see createPolicy). */
const policy = createPolicy();
// The warm-up worker starts now and gets the module once it has compiled: its start-up (a
// thread, its script, its import of the glue) overlaps the .wasm's download and compilation
// instead of following it. Started when the module was ready, it had not finished when a page
// that is never idle mounted its first report 100-140 ms later, in 4 of 5 bench runs.
const warmWorker = startWarmUpWorker(policy);
const compiled = compile(wasmResponse);
// Where a mount is already waiting for the module (a `<report-reader>` in the page's markup, a
// `mount()` called as the page loads), it starts as soon as the module is ready: the worker's
// run would then compile and run the same code at the same time, on a core the page needs, and
// would help nothing. The demo page (its report fetched before the .wasm had arrived), 11-run
// medians: `ready` 316 -> 241 ms and painted 376 -> 301 served from this machine, 678 -> 664
// and 725 -> 700 at 40 ms round trips and 10 Mbit/s, without the worker's run.
compiled.then((module) => (waiting > 0 ? warmWorker?.end() : warmWorker?.run(module)), () => warmWorker?.end());

/** Resolves when the wasm module is ready; rejects if it could not be loaded. */
export const ready = Promise.all([import('./report_reader.js'), compiled]).then(async ([glue, module]) => {
  const exports = await glue.default({ module_or_path: module });
  wasm = glue;
  if (policy) glue.setHtmlPolicy(policy);
  whenLongIdle(warmUp);
  return exports;
});

/**
 * Starts fetching a report while the module is still loading, so the two download side by side
 * (the widget would otherwise fetch it only once the module is ready). The widget reads the
 * response, and reports a failure, as if it had fetched `src` itself; `abort()` cancels it.
 * Null once the module has loaded: the widget then fetches `src` itself, as soon.
 */
function fetchEarly(src) {
  if (wasm || typeof src !== 'string' || src === '') return null;
  const controller = new AbortController();
  const response = fetch(src, { signal: controller.signal });
  // Read (and any failure reported) by the widget; until then, not an unhandled rejection.
  response.catch(() => {});
  return { response, abort: () => controller.abort() };
}

/** Whether a widget of this page has shown a report: then nothing is left to warm up. */
let shown = false;
const markShown = () => { shown = true; };

/** Notes when the widget about to be mounted on `element` has shown its report. */
function watch(element) {
  element.addEventListener('report-reader:ready', markShown, { once: true });
}

/**
 * A short report in the shapes the parser knows (site chrome before and after, a title, a
 * salutation, headings at three depths, a lead sentence, a term appendix), with terms of the
 * default glossary in its text.
 */
const SAMPLE = '首页 > 政府工作报告\n某市2022年政府工作报告\n各位代表：\n'
  + '一、过去五年工作回顾\n五年来，我们坚持乡村振兴，推进产城融合示范区建设。\n'
  + '（一）经济实力稳步提升。全市生产总值增长6.5%，一岗双责落实到位。\n'
  + '1.深化改革。两学一做学习教育常态化。\n二、今年工作安排\n坚持稳中求进。\n各位代表！\n'
  + '附：名词解释\n1.稳中求进：工作总基调。\n本文仅代表作者观点，不代表本站立场。\n';

/** A one-entry host glossary for the warm-ups, so that merging and validating run too. */
const WARM_GLOSSARY = [{ term: '常态化', definition: '长期坚持。', aliases: ['常态'] }];

/**
 * Mounts a reader on a detached element with SAMPLE and a one-entry host glossary; once it has
 * put in what comes after the first frame (`report-reader:complete`), lays it out hidden in the
 * page in a second long idle period (layOutHidden), then destroys it. V8 compiles each
 * WebAssembly function on its first call and runs it in a baseline tier at first; on a
 * visitor's first mount that was about 40 % of the time to `ready`. Run while the page is idle
 * (while a `src` report is being fetched, say), it leaves a first report the parser, glossary,
 * matcher, renderer, drafts and stylesheet compiled and built. It goes through the public
 * `mount()`, so the WebAssembly module is the same (a Rust entry point for this changed how the
 * pipeline was optimised and slowed the 1 MB mount). Its events never reach the page (the
 * element is detached while it is mounted), its id gives it its own id prefix (the page's URL
 * fragment cannot name its sections), and its storage key holds nothing, so it reads no drafts
 * and writes none.
 */
function warmUp() {
  if (shown) return;
  const element = document.createElement('div');
  element.id = 'report-reader-warm-up';
  let handle = null;
  let finished = false;
  const destroy = () => {
    handle?.destroy();
    handle = null;
  };
  const done = () => {
    clearTimeout(timer);
    if (finished) return;
    finished = true;
    // Laying out takes about as long as the mount did: an idle period of its own.
    whenLongIdle(() => {
      try {
        layOutHidden(element);
      } catch (error) {
        console.warn(`report-reader: warming up the fonts failed (${error?.message ?? error})`);
      } finally {
        destroy();
      }
    }, destroy);
  };
  // Should `complete` not come (nothing left for after the first frame), it ends all the same.
  const timer = setTimeout(done, 5000);
  element.addEventListener('report-reader:complete', done, { once: true });
  try {
    handle = wasm.mount(element, {
      text: SAMPLE,
      remember: false,
      storageKey: 'report-reader-warm-up',
      glossary: WARM_GLOSSARY,
    });
  } catch (error) {
    clearTimeout(timer);
    console.warn(`report-reader: warming up failed (${error?.message ?? error})`);
  }
}

/**
 * Starts a worker that runs the wasm module's pipeline (parsing, glossary, matching, markup:
 * `warmUpCore`) on SAMPLE, off the page's main thread: it is started, and imports the glue, as
 * this script runs, and `run(module)` hands it the module once compiled (`end()` instead where
 * the module failed to load, or where a mount is already waiting for it). Returns null where
 * no worker can start. V8 compiles each WebAssembly function lazily, on its first call, and the
 * compiled code belongs to the module, which the page and its workers share: a first mount then
 * finds that code compiled even on a page that is never idle (where `warmUp` never runs).
 * Measured on the seed with a 300-term glossary, first mount in the page with no idle moment
 * before it: ready 56 → 36 ms (15-run A/B; README, Benchmarks, "Cold"). Only for a worker
 * script of the page's own origin (a module worker cannot be started from another origin's URL:
 * from a CDN, the first mount is cold when the page is never idle) and, on a page that enforces
 * Trusted Types, when the `report-reader` policy exists. The worker touches neither the page nor
 * its storage; a failure there is a warning, never an error.
 */
function startWarmUpWorker(policy) {
  if (typeof Worker !== 'function' || WARM_URL.origin !== globalThis.location?.origin) return null;
  const tt = globalThis.trustedTypes;
  if (tt?.createPolicy && !policy) return null;
  let worker;
  try {
    worker = new Worker(policy ? policy.createScriptURL(WARM_URL.href) : WARM_URL, { type: 'module' });
  } catch (error) {
    console.warn(`report-reader: the warm-up worker could not start (${error?.message ?? error})`);
    return null;
  }
  let ended = false;
  const end = (problem) => {
    if (ended) return;
    ended = true;
    worker.terminate();
    if (problem) console.warn(`report-reader: the warm-up worker failed (${problem})`);
  };
  worker.onmessage = ({ data }) => end(data?.ok ? null : data?.error ?? 'no reason given');
  worker.onerror = (event) => {
    // Handled here: not reported as the page's error.
    event.preventDefault();
    end(event.message || 'its script could not be loaded');
  };
  // The glue first: the worker imports it while the .wasm downloads and compiles.
  worker.postMessage({ glue: new URL('./report_reader.js', import.meta.url).href });
  return {
    // Called as the module compiles, before any mount can begin (each awaits `ready`), so no
    // report has shown yet.
    run(module) {
      if (ended) return;
      worker.postMessage({ module, text: SAMPLE, glossary: WARM_GLOSSARY, runs: 3 });
    },
    end: () => end(),
  };
}

/**
 * Lays the warm-up reader out once in the page, hidden (never painted: it leaves in the same
 * task), with the default glossary's ideographs (867) added to its article and its side column.
 * A page's first report was laid out 2–3 times slower than the next: the browser looked up its
 * fonts for each size (serif for the text, sans-serif for the outline and controls) and read
 * the CJK fonts' tables for the first time. Traces of a first mount after an idle moment: 21 ms
 * of `FontCache::GetFontPlatformData` and 33 of text shaping, against none and 16 for the next
 * report. Afterwards the first report pays what the next one does.
 */
function layOutHidden(element) {
  const body = document.body;
  const root = element.shadowRoot;
  if (!body || !root) return;
  const text = wasm.warmUpText();
  for (const part of ['article', 'side']) {
    const paragraph = document.createElement('p');
    paragraph.textContent = text;
    root.querySelector(`[part~="${part}"]`)?.append(paragraph);
  }
  // Full width, as a reader usually is, so that the stylesheet picks the same sizes.
  const style = {
    position: 'fixed', inset: '0 auto auto 0', width: '100%', visibility: 'hidden', 'pointer-events': 'none',
  };
  for (const [name, value] of Object.entries(style)) element.style.setProperty(name, value, 'important');
  element.setAttribute('aria-hidden', 'true');
  body.append(element);
  try {
    element.getBoundingClientRect();
  } finally {
    element.remove();
  }
}

/**
 * An idle period at least this long (ms left in it) means no frame is due: the browser gives at
 * most what is left of the current frame between frames (under 17 ms at 60 Hz), and up to 50 ms
 * when nothing is animating.
 */
const LONG_IDLE_MS = 40;
/** Idle periods to look at before giving up: about 10 s of a page that animates at 60 Hz. */
const IDLE_TRIES = 600;

/**
 * Runs `task` in the first long idle period (see LONG_IDLE_MS), or else `otherwise` once a report
 * has been shown or no such period came. Each step of the warm-up is one task of 0.05–0.1 s on a
 * desktop and several times that on a phone (it cannot yield: `mount()` is one call, and so is a
 * layout). Run between the frames of a page that animates (a carousel, a news ticker) it would
 * drop frames; a page that never stops animating mounts its first report cold instead.
 */
function whenLongIdle(task, otherwise = () => {}) {
  if (!globalThis.requestIdleCallback) {
    setTimeout(() => (shown ? otherwise() : task()), 200);
    return;
  }
  let tries = 0;
  const attempt = (deadline) => {
    if (shown) otherwise();
    else if (deadline.timeRemaining() >= LONG_IDLE_MS) task();
    else if (++tries < IDLE_TRIES) requestIdleCallback(attempt);
    else otherwise();
  };
  requestIdleCallback(attempt);
}

/**
 * Mounts a reader into `element` (rendered into its open shadow root).
 * @param {Element} element
 * @param {{text?: string, src?: string, lang?: string, storageKey?: string, folded?: string, remember?: boolean,
 *   glossary?: string | Array<{term: string, definition: string, aliases?: string[], category?: string, source?: string}>,
 *   glossaryMode?: 'merge' | 'replace', glossaryMarks?: 'first' | 'all' | 'none'}} [options]
 * @returns {Promise<import('./report_reader.js').Handle>} a handle; call `destroy()` to undo.
 */
export async function mount(element, options = {}) {
  const early = options?.text == null && options?.response == null ? fetchEarly(options?.src) : null;
  try {
    await untilReady();
  } catch (error) {
    early?.abort();
    throw error;
  }
  watch(element);
  if (!early) return wasm.mount(element, options);
  // The caller's options as they are (inherited and non-enumerable fields are read too), plus
  // the response.
  const handle = wasm.mount(element, Object.create(options, { response: { value: early.response, enumerable: true } }));
  // destroy() cancels a fetch the widget started itself; this one is ours to cancel.
  const destroy = handle.destroy.bind(handle);
  handle.destroy = () => {
    early.abort();
    destroy();
  };
  return handle;
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
    ? `The reader could not be loaded (${detail}). Check that report_reader.js and report_reader_bg.wasm are served next to report-reader.js, the .wasm as application/wasm.`
    : `阅读器无法加载（${detail}）。请确认 report_reader.js 和 report_reader_bg.wasm 与 report-reader.js 放在同一目录，.wasm 以 application/wasm 类型提供。`;
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
  /** The fetch of `src` started before the module had loaded (see fetchEarly). */
  #early = null;

  /** The handle of the mounted widget (null before it is ready). */
  get handle() { return this.#handle; }

  connectedCallback() { this.#remount(); }

  disconnectedCallback() {
    this.#generation++;
    this.#early?.abort();
    this.#early = null;
    this.#handle?.destroy();
    this.#handle = null;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue !== newValue && this.isConnected && this.#handle) this.#remount();
  }

  async #remount() {
    const generation = ++this.#generation;
    this.#early?.abort();
    const early = fetchEarly(this.getAttribute('src'));
    this.#early = early;
    try {
      await untilReady();
    } catch (error) {
      early?.abort();
      showLoadFailure(this, error);
      return;
    }
    // A later connect/disconnect or attribute change superseded this one (and cancelled its fetch).
    if (generation !== this.#generation || !this.isConnected) return;
    this.#handle?.destroy();
    const options = {};
    if (this.hasAttribute('src')) options.src = this.getAttribute('src');
    if (early) options.response = early.response;
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
    watch(this);
    this.#handle = wasm.mount(this, options);
  }
}

if (!customElements.get('report-reader')) customElements.define('report-reader', ReportReaderElement);
