// Shared by the benchmark pages. scripts/bench.mjs opens a page, waits for `window.bench`
// (or `window.benchError`), then calls its steps one by one with page.evaluate, so it can
// collect garbage and read the heap between them:
//   bench.mount()     → { painted, … }  ms from just before the stack starts work to the first
//                                        frame painted after it is done
//   bench.expandAll() → { expandAll, … } ms from the call to the first frame painted after it,
//                                        starting from the all-folded state
// Every time is performance.now() inside the page, so page.evaluate round trips never count.

export const params = new URLSearchParams(location.search);
/** Which input: `seed` or `1mb` (files written by scripts/bench.mjs into bench/out/). */
export const report = params.get('report') ?? 'seed';
/** How long the widget may take to fire report-reader:ready before the run fails (ms). */
export const timeout = Number(params.get('timeout') ?? 30000);

async function fetchOk(url, as) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res[as]();
}

/** The report text and the 300-term glossary, fetched before any timing starts. */
export async function inputs() {
  const [text, glossary] = await Promise.all([
    fetchOk(`/bench/out/${report}.txt`, 'text'),
    fetchOk('/bench/out/glossary-300.json', 'json'),
  ]);
  return { text, glossary };
}

export { fetchOk };

/**
 * Warms the renderer up, untimed, the same way for every stack: another report's text (CJK
 * fonts loaded and shaped, style and layout code warm), then `stack(text)` — the stack's own
 * work on that text, so its code is compiled before the timed run.
 */
const WARM_RUNS = 3;

export async function warmUp(stack) {
  const text = await fetchOk('/bench/out/warm.txt', 'text');
  const div = document.createElement('div');
  div.lang = 'zh-CN';
  div.append(...text.split(/\r?\n/).filter(Boolean).map((line) => Object.assign(document.createElement('p'), { textContent: line })));
  document.body.append(div);
  div.getBoundingClientRect();
  await painted();
  div.remove();
  // Three times: engines compile hot code in tiers (V8 runs wasm in a baseline tier first and
  // optimizes hot functions in the background), and one small run leaves the timed run to
  // whichever tier happens to be ready, which made medians swing by 2× from one bench to the next.
  // `warm=0`: the stack's own code stays cold, as on a visitor's first mount (the rows marked
  // "cold"); the renderer (fonts) is warmed all the same.
  if (stack && params.get('warm') !== '0') for (let i = 0; i < WARM_RUNS; i++) await stack(text);
  await painted();
}

/**
 * Resolves with performance.now() once the next frame has been produced: rAF callbacks run
 * just before style, layout and paint of that frame, so a task queued from inside one runs
 * after the frame was committed.
 *
 * The task is queued at the highest priority (`scheduler.postTask`, 'user-blocking') so that
 * it runs first after the frame. At normal priority it queued behind any timer that fell due
 * while the frame was being made, and on the throttled phone profile the widget's own
 * after-the-first-frame step (a 16 ms timer; the frame takes 40–50 ms there) then ran first:
 * a trace showed Paint ending at 90 ms and `painted` reading 108. That step is work after the
 * frame, not part of it; the JS stack has none, so its figures do not change. Where
 * `postTask` is missing, MessageChannel (rather than setTimeout(0), which is clamped).
 */
export function painted() {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const done = () => resolve(performance.now());
      if (globalThis.scheduler?.postTask) {
        scheduler.postTask(done, { priority: 'user-blocking' });
        return;
      }
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        done();
      };
      channel.port2.postMessage(0);
    });
  });
}

/** Forces style and layout now (so the work is done, not merely scheduled). */
export function forceLayout(host, article) {
  host.getBoundingClientRect();
  return article ? article.offsetHeight : 0;
}

/** Rejects after `ms` with `message`, so a stack that never answers fails a run clearly. */
export function deadline(ms, message) {
  let timer;
  const promise = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); });
  return { promise, cancel: () => clearTimeout(timer) };
}

/**
 * Publishes the page's steps to the harness, or the reason it cannot run. The page's own first
 * frames (compositor set-up of a fresh page) are produced first: they belong to no stack.
 */
export async function expose(setup, warm) {
  try {
    await warmUp(warm);
    const steps = await setup();
    await painted();
    await painted();
    window.bench = steps;
  } catch (error) {
    window.benchError = `${error?.message ?? error}`;
  }
}
