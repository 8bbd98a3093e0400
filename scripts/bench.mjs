// `npm run bench`: the built widget against a JS stack (mark.js + tocbot) doing the same job, and
// against the browser's floor (the widget's own finished markup, inserted), in one headless
// Chromium. Prints a markdown table (and a size table) and writes every figure to
// bench/results.json.
//   DIST=dir            the bundle to measure (default <repo>/dist)
//   BENCH_RUNS=7        runs per page and report (the table shows medians)
//   BENCH_TIMEOUT_MS    per run (default 180000: the JS stack takes tens of seconds on 1 MB)
//   BENCH_READY_MS      how long the widget may take to fire report-reader:ready (default 30000)
//   BENCH_COMPLETE_MS   how long to wait for report-reader:complete (default 5000)
//   BENCH_PEER_MARK     `regexp` (default: one mark.js markRegExp over every term, longest first)
//                       or `array` (mark.js `mark(terms)`: one walk of the page per term, tens of
//                       seconds on 1 MB, so not the fair way to use it)
//   BENCH_PHONE=0       skip the phone runs (a 390×844 touch viewport at 3× pixels, the CPU
//                       slowed 4× by Chromium's throttling: mount only, same reports)
//   BENCH_COLD=0        skip the cold runs (the seed mounted once in a fresh page whose stack has
//                       not run before: a visitor's first mount, code in the engines' first tiers;
//                       once after the page was left idle 300 ms, once with no idle time before it)
//   CHROMIUM_PATH       default /usr/bin/chromium
import { chromium } from 'playwright-core';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { resolverFor, serveFiles } from './serve.mjs';
import { GLOSSARY_PATH, writeBenchInputs } from './gen-report.mjs';
import { peerLighter } from '../bench/peer-build.js';
import { order, paired, pairedText } from './ab.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const DIST = resolve(process.env.DIST ?? join(root, 'dist'));
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 7));
const RUN_TIMEOUT = Number(process.env.BENCH_TIMEOUT_MS ?? 180000);
const READY_TIMEOUT = Number(process.env.BENCH_READY_MS ?? 30000);
const COMPLETE_WAIT = Number(process.env.BENCH_COMPLETE_MS ?? 5000);
const PEER_MARK = process.env.BENCH_PEER_MARK === 'array' ? 'array' : 'regexp';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = join(root, 'bench', 'out');
const VIEWPORT = { width: 1280, height: 800 };
// A mid-range phone, roughly: its screen, and a CPU about 4× slower than this machine's core.
const PHONE = process.env.BENCH_PHONE !== '0';
const PHONE_PAGE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
const PHONE_CPU_SLOWDOWN = 4;
const COLD = process.env.BENCH_COLD !== '0';
const PAGES = ['widget', 'peer', 'floor'];
const KB = 1024;

const log = (...a) => console.error('[bench]', ...a);

// --- sizes ----------------------------------------------------------------------------------

function fileSize(file) {
  const body = readFileSync(file);
  return { raw: body.length, gz: gzipSync(body, { level: 9 }).length };
}

/** Raw and gzip -9 bytes of what each stack makes a visitor download. */
function sizes() {
  const row = (stack, name, file, counted = true, note = '') => ({ stack, name, ...fileSize(file), counted, note });
  const widget = [
    row('widget', 'report_reader_bg.wasm', join(DIST, 'report_reader_bg.wasm')),
    row('widget', 'report_reader.js (wasm-bindgen glue)', join(DIST, 'report_reader.js')),
    row('widget', 'report-reader.js (loader)', join(DIST, 'report-reader.js')),
    // Requested as the loader runs, beside the .wasm (the worker then imports the glue, which
    // the browser's cache serves where the server sends a validator); older bundles (DIST=…
    // for an A/B) have none.
    ...(existsSync(join(DIST, 'report-reader-warm.js'))
      ? [row('widget', 'report-reader-warm.js (warm-up worker)', join(DIST, 'report-reader-warm.js'), true, 'with the .wasm; the worker imports the glue too')]
      : []),
    // Both are compiled into the .wasm by build.rs, squeezed (the glossary is read by
    // src/glossary/json.rs): listed for scale, not downloaded again.
    row('widget', 'style.css', join(root, 'src/widget/style.css'), false, 'inside the .wasm, squeezed'),
    row('widget', 'glossary.zh.json', GLOSSARY_PATH, false, 'inside the .wasm, squeezed'),
  ];
  const peer = [
    row('JS stack', 'mark.min.js', join(root, 'node_modules/mark.js/dist/mark.min.js')),
    row('JS stack', 'tocbot.min.js', join(root, 'node_modules/tocbot/dist/tocbot.min.js')),
    row('JS stack', 'tocbot.css', join(root, 'node_modules/tocbot/dist/tocbot.css')),
  ];
  const total = (rows) => rows.filter((r) => r.counted).reduce((t, r) => ({ raw: t.raw + r.raw, gz: t.gz + r.gz }), { raw: 0, gz: 0 });
  return { files: [...widget, ...peer], total: { widget: total(widget), peer: total(peer) } };
}

// --- server ---------------------------------------------------------------------------------

/** URL prefix → directory. Nothing else of the repository is served. */
const resolveFile = resolverFor({
  '/dist/': DIST,
  '/bench/': join(root, 'bench'),
  '/node_modules/mark.js/': join(root, 'node_modules/mark.js'),
  '/node_modules/tocbot/': join(root, 'node_modules/tocbot'),
});

// --- runs -----------------------------------------------------------------------------------

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

/** Playwright prefixes page errors with its own call stack; keep the page's message. */
const message = (error) => `${error?.message ?? error}`.replace(/^page\.evaluate: /, '').replace(/^Error: /, '').split('\n')[0];

/** How long the page is left idle (no frames due) before a "cold, after an idle moment" mount. */
const IDLE_MOMENT_MS = 300;

/**
 * One run: a fresh page (and browser context, so no storage or cache carries over), navigate,
 * measure, close. `capture` instead grabs the widget's markup for the floor page.
 */
async function run(browser, base, kind, report, { waitComplete, capture = false, phone = false, cold = false, busy = false }) {
  const page = await browser.newPage(phone ? PHONE_PAGE : { viewport: VIEWPORT });
  // A page that is never idle before it mounts: idle callbacks never run (the widget's loader
  // warms its code up in one; the JS stack asks for none).
  if (busy) await page.addInitScript(() => { window.requestIdleCallback = () => 0; });
  if (phone) {
    // Before the page loads, so its warm-up runs at the phone's speed too.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE_CPU_SLOWDOWN });
  }
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  const steps = async () => {
    await page.goto(`${base}/bench/${kind}.html?report=${report}&timeout=${READY_TIMEOUT}&mark=${PEER_MARK}${cold ? '&warm=0' : ''}`);
    await page.waitForFunction(() => window.bench || window.benchError, null, { timeout: RUN_TIMEOUT });
    const setupError = await page.evaluate(() => window.benchError);
    if (setupError) throw new Error(`page set-up failed: ${setupError}`);
    // "After an idle moment": the page set-up ends in frames (fonts warmed, painted), so without
    // this wait no frame-free idle period comes before the mount, as it does on a page waiting
    // for a report or a reader's click. Every stack gets the same wait.
    if (cold && !busy) await page.waitForTimeout(IDLE_MOMENT_MS);
    const mount = await page.evaluate(() => window.bench.mount());
    if (phone || cold) return { mount };
    const complete = waitComplete ? await page.evaluate((ms) => window.bench.complete(ms), COMPLETE_WAIT) : null;
    // Garbage first, so the heap is what the page keeps, not what mounting left behind.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const performanceMemory = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? null);
    const wasm = await page.evaluate(() => window.bench.wasmMemory());
    if (capture) return { mount, complete, captured: await page.evaluate(() => window.bench.capture()) };
    const expand = await page.evaluate(() => window.bench.expandAll());
    return { mount, complete, heap: { ...heap, performanceMemory }, wasm, expand };
  };
  try {
    const result = await withTimeout(steps(), RUN_TIMEOUT, `${kind} ${report}`);
    return { ...result, problems };
  } catch (error) {
    return { error: message(error), problems };
  } finally {
    await page.close().catch(() => {});
  }
}

/** Median; the mean of the middle two for an even count; null if there is nothing. */
function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** The figures the table uses, from one run. */
const FIGURES = {
  mount: (r) => r.mount?.laidOut,
  mountPainted: (r) => r.mount?.painted,
  ready: (r) => r.mount?.ready,
  complete: (r) => r.complete?.painted,
  expandAll: (r) => r.expand?.layout,
  expandPainted: (r) => r.expand?.expandAll,
  heap: (r) => r.heap?.usedSize,
  dom: (r) => r.heap?.embedderHeapUsedSize,
  wasm: (r) => r.wasm?.bytes,
};

function medians(runs) {
  return Object.fromEntries(Object.entries(FIGURES).map(([k, f]) => [k, median(runs.map(f))]));
}

// --- table ----------------------------------------------------------------------------------

const ms = (v) => (v < 10 ? `${v.toFixed(2)} ms` : v < 100 ? `${v.toFixed(1)} ms` : `${Math.round(v)} ms`);
const mib = (v) => `${(v / KB / KB).toFixed(1)} MiB`;
const kib = (v) => `${(v / KB).toFixed(1)} KiB`;
const ratio = (a, b) => (a == null || b == null || b === 0 ? null : a / b);
const times = (r) => (r == null ? '—' : `${r.toFixed(2)}×`);
const tick = (ok) => (ok == null ? '' : ok ? ' ✔' : ' ✘');

/**
 * A median for the table: `{ v }`, or `{ why }` when there is none (every run failed, the
 * bundle fired no report-reader:complete, the stack has no such figure).
 */
function figure(results, kind, report, key) {
  const r = results[kind]?.[report];
  if (!r?.runs?.length) return { why: kind === 'floor' ? 'no capture' : 'not run' };
  if (r.runs.every((x) => x.error)) return { why: 'error' };
  const v = r.median[key];
  // Every run's figure too, in round order, for the paired comparison with the JS stack.
  const runs = r.runs.map((x) => (x.error ? null : FIGURES[key](x)));
  return v == null ? { why: key === 'complete' ? 'no event' : key === 'wasm' ? 'no hook' : '—' } : { v, runs };
}

/**
 * Rows: label, widget / JS stack / floor figures, unit, target. `target[1](widget, floor)` says
 * whether the widget meets it; against the JS stack the widget passes when it is no worse
 * (widget ÷ JS stack ≤ 1). Every figure is lower-is-better.
 */
function table(results, size) {
  const f = (kind, report, key) => figure(results, kind, report, key);
  const none = { why: '—' };
  const rows = [
    ['seed: mount → ready, laid out', f('widget', 'seed', 'mount'), f('peer', 'seed', 'mount'), f('floor', 'seed', 'mount'), ms, ['≤ 5 ms', (w) => w <= 5]],
    ['seed: mount → first frame painted', f('widget', 'seed', 'mountPainted'), f('peer', 'seed', 'mountPainted'), f('floor', 'seed', 'mountPainted'), ms, null],
    ...(COLD ? [
      ['seed, cold (first mount in the page, after an idle moment): mount → ready, laid out', f('widget', 'seed@cold', 'mount'), f('peer', 'seed@cold', 'mount'), f('floor', 'seed@cold', 'mount'), ms, null],
      ['seed, cold: mount → first frame painted', f('widget', 'seed@cold', 'mountPainted'), f('peer', 'seed@cold', 'mountPainted'), f('floor', 'seed@cold', 'mountPainted'), ms, null],
      ['seed, cold, no idle moment before it: mount → ready, laid out', f('widget', 'seed@cold-busy', 'mount'), f('peer', 'seed@cold-busy', 'mount'), f('floor', 'seed@cold-busy', 'mount'), ms, null],
      ['seed, cold, no idle moment: mount → first frame painted', f('widget', 'seed@cold-busy', 'mountPainted'), f('peer', 'seed@cold-busy', 'mountPainted'), f('floor', 'seed@cold-busy', 'mountPainted'), ms, null],
    ] : []),
    ['1 MB: mount → ready, laid out', f('widget', '1mb', 'mount'), f('peer', '1mb', 'mount'), f('floor', '1mb', 'mount'), ms, ['≤ 100 ms', (w) => w <= 100]],
    ['1 MB: mount → first frame painted', f('widget', '1mb', 'mountPainted'), f('peer', '1mb', 'mountPainted'), f('floor', '1mb', 'mountPainted'), ms, null],
    ['1 MB: whole report in the page (widget: last chunk painted)', f('widget', '1mb', 'complete'), none, none, ms, null],
    ['1 MB: expand-all, laid out', f('widget', '1mb', 'expandAll'), f('peer', '1mb', 'expandAll'), f('floor', '1mb', 'expandAll'), ms,
      ['≤ 1.2 × floor', (w, fl) => (fl == null ? null : w <= 1.2 * fl)]],
    ['1 MB: expand-all → frame painted', f('widget', '1mb', 'expandPainted'), f('peer', '1mb', 'expandPainted'), f('floor', '1mb', 'expandPainted'), ms, null],
    ...(PHONE ? [
      ['phone: seed: mount → ready, laid out', f('widget', 'seed@phone', 'mount'), f('peer', 'seed@phone', 'mount'), f('floor', 'seed@phone', 'mount'), ms, null],
      ['phone: seed: mount → first frame painted', f('widget', 'seed@phone', 'mountPainted'), f('peer', 'seed@phone', 'mountPainted'), f('floor', 'seed@phone', 'mountPainted'), ms, null],
      ['phone: 1 MB: mount → ready, laid out', f('widget', '1mb@phone', 'mount'), f('peer', '1mb@phone', 'mount'), f('floor', '1mb@phone', 'mount'), ms, null],
      ['phone: 1 MB: mount → first frame painted', f('widget', '1mb@phone', 'mountPainted'), f('peer', '1mb@phone', 'mountPainted'), f('floor', '1mb@phone', 'mountPainted'), ms, null],
    ] : []),
    ['JS heap after mount (1 MB)', f('widget', '1mb', 'heap'), f('peer', '1mb', 'heap'), f('floor', '1mb', 'heap'), mib, null],
    ['wasm memory (1 MB)', f('widget', '1mb', 'wasm'), none, none, mib, null],
    ['download, gzip -9 total', { v: size.total.widget.gz }, { v: size.total.peer.gz }, none, kib, ['≤ 64 KiB', (w) => w <= 64 * KB]],
  ];
  const lines = [
    '| | widget | JS stack | floor | widget ÷ JS stack | widget lower than the JS stack, paired rounds | widget ÷ floor | target |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  const show = (cell, unit) => (cell.v == null ? cell.why : unit(cell.v));
  for (const [label, w, p, fl, unit, target] of rows) {
    const vsPeer = ratio(w.v, p.v);
    const met = target && w.v != null ? target[1](w.v, fl.v) : null;
    // The runs of one round are made one after the other (see `series`), so a round is a pair; how often the widget was lower says how far the medians' ratio stands out from
    // this machine's noise (ratios near 1 with p well above 0.05 are a tie).
    const pairs = w.runs && p.runs ? paired(p.runs, w.runs) : null;
    lines.push(`| ${label} | ${show(w, unit)} | ${show(p, unit)} | ${show(fl, unit)} | ${times(vsPeer)}${tick(vsPeer == null ? null : vsPeer <= 1)} `
      + `| ${pairs?.pairs ? pairedText(pairs) : '—'} | ${times(ratio(w.v, fl.v))} | ${target ? `${target[0]}${tick(met)}` : '—'} |`);
  }
  return lines.join('\n');
}

function sizeTable(size) {
  const lines = ['| file | raw | gzip -9 | |', '|---|---:|---:|---|'];
  for (const f of size.files) lines.push(`| ${f.stack}: ${f.name} | ${kib(f.raw)} | ${kib(f.gz)} | ${f.note} |`);
  lines.push(`| **widget total** | ${kib(size.total.widget.raw)} | ${kib(size.total.widget.gz)} | |`);
  lines.push(`| **JS stack total** | ${kib(size.total.peer.raw)} | ${kib(size.total.peer.gz)} | |`);
  return lines.join('\n');
}

// --- main -----------------------------------------------------------------------------------

for (const f of ['report-reader.js', 'report_reader.js', 'report_reader_bg.wasm']) {
  if (!existsSync(join(DIST, f))) {
    console.error(`[bench] ${join(DIST, f)} is missing: run \`npm run build\` (npm run bench does) or set DIST`);
    process.exit(1);
  }
}
for (const p of ['mark.js/dist/mark.min.js', 'tocbot/dist/tocbot.min.js']) {
  if (!existsSync(join(root, 'node_modules', p))) {
    console.error(`[bench] node_modules/${p} is missing: run \`npm ci\``);
    process.exit(1);
  }
}

const inputs = writeBenchInputs(OUT);
const size = sizes();
const server = await serveFiles(resolveFile, { port: 0 });
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--enable-precise-memory-info',
    '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const errors = [];
const results = { widget: {}, peer: {}, floor: {} };
const capture = {};

/**
 * `RUNS` runs of every page on `report`, interleaved (widget, JS stack, floor; floor, JS stack,
 * widget; …) so drift in the machine hits all alike, kept under `results[kind][key]` with their medians.
 * `options(kind)` is `run`'s options; `describe(r)` what the log says of a run.
 */
async function series(report, key, options, describe) {
  for (const kind of PAGES) results[kind][key] = { runs: [] };
  for (let i = 1; i <= RUNS; i++) {
    // Widget, JS stack, floor; then the other way round, so that whatever drifts within a round
    // favours no page.
    for (const kind of order(PAGES, i - 1)) {
      // The floor inserts the markup the capture run took.
      if (kind === 'floor' && !capture[report]) continue;
      const r = await run(browser, base, kind, report, options(kind));
      if (r.error) errors.push(`${kind} ${key} run ${i}: ${r.error}`);
      for (const p of r.problems) log(`  ${kind} ${key} run ${i}: ${p}`);
      results[kind][key].runs.push(r);
      log(`${key} run ${i}/${RUNS} ${kind}: ${r.error ? `ERROR ${r.error}` : describe(r)}`);
    }
  }
  for (const kind of PAGES) results[kind][key].median = medians(results[kind][key].runs);
  const lighter = peerLighter(results.peer[key].runs, capture[report]?.sections);
  if (lighter) errors.push(`peer ${key}: ${lighter}`);
}

/** What the log says of a run's mount. */
const describeMount = (r) => `mount ${ms(r.mount.laidOut)} (painted ${ms(r.mount.painted)})`;

try {
  for (const report of Object.keys(inputs.reports)) {
    // A widget run first: it captures the markup the floor page inserts, tells whether this
    // bundle fires report-reader:complete at all (so later runs do not wait for nothing), and
    // warms the browser's caches for everyone. Its figures are not counted.
    log(`${report}: capture run (widget markup for the floor page)`);
    const first = await run(browser, base, 'widget', report, { waitComplete: true, capture: true });
    const hasComplete = first.complete != null;
    if (first.error) {
      errors.push(`widget ${report} capture: ${first.error}`);
    } else {
      const c = first.captured;
      writeFileSync(join(OUT, `floor-${report}-mounted.html`), c.mounted);
      writeFileSync(join(OUT, `floor-${report}-folded.html`), c.folded);
      writeFileSync(join(OUT, `floor-${report}.css`), c.css);
      capture[report] = { sections: c.sections, foldedHidden: c.foldedBodies, markupBytes: Buffer.byteLength(c.mounted), cssBytes: c.css.length, completeEvent: hasComplete };
    }
    await series(report, report, (kind) => ({ waitComplete: kind === 'widget' && hasComplete }),
      (r) => `${describeMount(r)}, expand-all ${ms(r.expand.layout)} (painted ${ms(r.expand.expandAll)})`);
    if (COLD && report === 'seed') {
      // A visitor's first mount: nothing of the stack has run in the page before (the wasm
      // module is loaded and instantiated, as a page has it by the time it mounts). Once as
      // most pages have it (idle while a `src` report is fetched, or until the reader acts),
      // once with no idle moment between the module's arrival and the mount.
      await series(report, `${report}@cold`, () => ({ cold: true }), describeMount);
      await series(report, `${report}@cold-busy`, () => ({ cold: true, busy: true }), describeMount);
    }
    // The phone: mount only.
    if (PHONE) await series(report, `${report}@phone`, () => ({ phone: true }), describeMount);
  }
} finally {
  const version = browser.version();
  await browser.close();
  server.close();
  results.browser = version;
}

const main = table(results, size);
const sizesMd = sizeTable(size);
console.log(main);
console.log();
console.log(sizesMd);

const wasmSource = results.widget['1mb']?.runs.find((r) => r.wasm?.source)?.wasm.source ?? null;
const cpu = cpus();
writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify({
  date: new Date().toISOString(),
  browser: results.browser,
  chromium: CHROMIUM,
  node: process.version,
  machine: { cores: cpu.length, cpu: cpu[0]?.model, memory: totalmem(), os: `${platform()} ${release()}` },
  config: { dist: DIST, runs: RUNS, viewport: VIEWPORT, cold: COLD, phone: PHONE ? { ...PHONE_PAGE, cpuSlowdown: PHONE_CPU_SLOWDOWN } : null, runTimeoutMs: RUN_TIMEOUT, readyTimeoutMs: READY_TIMEOUT, completeWaitMs: COMPLETE_WAIT, peerMark: PEER_MARK },
  notes: {
    mount: 'ms from performance.now() before mount()/innerHTML (inputs already in memory, wasm module ready) to style and layout forced after report-reader:ready (widget) or after the last step (JS stack, floor); mountPainted: to the next frame painted',
    expandAll: 'ms from the call to style and layout forced after it, from the all-folded state (collapsed untimed first); expandPainted: to the next frame painted',
    heap: 'CDP Runtime.getHeapUsage after HeapProfiler.collectGarbage: usedSize (JS heap), embedderHeapUsedSize (Blink/DOM); the page drops its own copy of the inputs first',
    wasm: `linear memory of the widget's wasm instance (${wasmSource ?? 'not reachable'})`,
    sizes: 'style.css and glossary.zh.json are compiled into the .wasm and not counted again in the total',
    cold: `seed@cold: mount in a fresh page where the stack's own code has not run before (warm=0: the renderer is warmed, the stack is not), after the page was left idle (no frames due) for ${IDLE_MOMENT_MS} ms (the widget's loader warms its code and fonts up in long idle periods); seed@cold-busy: the same with idle callbacks never run; every other row follows three untimed runs of the stack on another report`,
  },
  inputs,
  capture,
  sizes: size,
  results: { widget: results.widget, peer: results.peer, floor: results.floor },
  table: main,
  sizeTable: sizesMd,
  errors,
}, null, 1)}\n`);
log(`wrote bench/results.json (${RUNS} runs per page and report)`);
if (errors.length) {
  console.error(`[bench] ${errors.length} run(s) failed:`);
  for (const e of errors) console.error(`  ${e}`);
  process.exitCode = 1;
}
