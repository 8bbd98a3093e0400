// End to end: the loader's idle-time warm-up (report-reader.js `warmUp`). It mounts the widget
// on a detached element, lays it out hidden in the page for one task (with the default
// glossary's characters, so the fonts are ready) and destroys it, so a visitor's first report
// finds the WebAssembly code compiled and the fonts read; it must leave the page exactly as it
// was, step aside once a report shows, and run only in long idle periods (not between the
// frames of a page that animates).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, hostPage } from './browser.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

// Idle callbacks are held for the test to run when it chooses (the browser's own timing would
// make the test depend on when the page happens to be idle); shadow roots, report-reader events
// and changes to the document are recorded.
const INIT = () => {
  window.idleTasks = [];
  window.requestIdleCallback = (task) => window.idleTasks.push(task);
  window.shadowHosts = [];
  window.shadowElements = [];
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function attachShadow(init) {
    window.shadowHosts.push(this.id || this.localName);
    window.shadowElements.push(this);
    return attach.call(this, init);
  };
  window.seen = [];
  for (const name of ['ready', 'error', 'glossary-issues', 'draft-issue', 'toggle', 'complete', 'navigate']) {
    window.addEventListener(`report-reader:${name}`, () => window.seen.push(name), true);
  }
  // Each batch of changes to the document (one batch per task), as [type, added, removed].
  window.mutations = [];
  const name = (n) => n.id || n.nodeName;
  new MutationObserver((records) => {
    window.mutations.push(records.map((r) => [r.type, [...r.addedNodes].map(name), [...r.removedNodes].map(name)]));
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  // What the warm-up element is like when it is laid out (it forces layout with this call).
  window.layouts = [];
  const rect = Element.prototype.getBoundingClientRect;
  Element.prototype.getBoundingClientRect = function getBoundingClientRect() {
    if (this.id === 'report-reader-warm-up') {
      const style = getComputedStyle(this);
      const added = (part) => this.shadowRoot.querySelector(`[part~="${part}"] > p:last-child`)?.textContent ?? '';
      window.layouts.push({
        connected: this.isConnected,
        visibility: style.visibility,
        position: style.position,
        width: this.offsetWidth === document.documentElement.clientWidth,
        ariaHidden: this.getAttribute('aria-hidden'),
        article: added('article'),
        side: added('side'),
      });
    }
    return rect.call(this);
  };
};

const WARM_UP = 'report-reader-warm-up';
/** The document's changes when the warm-up lays its reader out: in, then out, in one task. */
const IN_AND_OUT = [[['childList', [WARM_UP], []], ['childList', [], [WARM_UP]]]];

async function blankPage() {
  const page = await env.browser.newPage();
  const messages = [];
  page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (['error', 'warning'].includes(m.type())) messages.push(`${m.type()}: ${m.text()}`); });
  await page.addInitScript(INIT);
  await hostPage(page, env.base, '/warm-up.html', 'import * as rr from "/dist/report-reader.js"; window.rr = rr;');
  // A fragment that names a section of the page's widget (the host's id is its prefix): the
  // warm-up must neither follow nor change it.
  await page.goto(`${env.base}/warm-up.html#host-1-过去五年工作回顾`);
  await page.waitForFunction(() => window.rr);
  await page.evaluate(() => window.rr.ready);
  // From here on: the page as loaded, before the warm-up.
  await page.evaluate(() => { window.mutations.length = 0; });
  return { page, messages };
}

const runIdle = (page, remaining = 50) => page.evaluate(async (remaining) => {
  const tasks = window.idleTasks.splice(0);
  for (const task of tasks) task({ didTimeout: false, timeRemaining: () => remaining });
  // Whatever the warm-up queued (events, timers) has run by now.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return tasks.length;
}, remaining);

/** Gives every idle callback only what is left of a frame until none is asked for. */
async function animateUntilItGivesUp(page) {
  const rounds = await page.evaluate(() => {
    let n = 0;
    while (window.idleTasks.length > 0 && n < 10000) {
      n++;
      for (const task of window.idleTasks.splice(0)) task({ didTimeout: false, timeRemaining: () => 8 });
    }
    return n;
  });
  assert.ok(rounds > 100 && rounds < 10000, `gave up after ${rounds} idle periods`);
}

const state = (page) => page.evaluate(() => ({
  href: location.href, history: history.length, storage: JSON.stringify(localStorage), body: document.body.innerHTML,
}));
const warmUpElement = (page) => page.evaluate(() => ({
  connected: window.shadowElements[0].isConnected,
  left: window.shadowElements[0].shadowRoot.childNodes.length,
}));

test('the warm-up mounts on a detached element, lays it out hidden for one task, and leaves the page as it was', async () => {
  const { page, messages } = await blankPage();
  await page.evaluate(() => localStorage.setItem('host-own-key', 'kept'));
  const before = await state(page);
  assert.equal(await runIdle(page), 1, 'the loader asked for one idle callback once the module was ready');
  assert.deepEqual(await page.evaluate(() => window.shadowHosts), [WARM_UP], 'it mounted, on its own element');
  assert.deepEqual(await page.evaluate(() => window.mutations), [], 'detached while mounted');
  assert.deepEqual(await warmUpElement(page), { connected: false, left: 1 }, 'kept for the next step');

  assert.equal(await runIdle(page), 1, 'the layout waits for a long idle period of its own');
  const [layout, ...more] = await page.evaluate(() => window.layouts);
  assert.deepEqual(more, [], 'laid out once');
  assert.deepEqual({ ...layout, article: layout.article.length > 500, side: layout.side },
    { connected: true, visibility: 'hidden', position: 'fixed', width: true, ariaHidden: 'true', article: true, side: layout.article },
    'in the page, hidden, as wide as the page, with the same characters in the article (serif) and the side column (sans-serif)');
  for (const c of '乡村振兴产城融合') assert.ok(layout.article.includes(c), `the default glossary's ${c}`);
  assert.ok(/^[\u4e00-\u9fff]+$/.test(layout.article), 'ideographs only');
  assert.deepEqual(await page.evaluate(() => window.mutations), IN_AND_OUT, 'in and out in the same task: never painted');
  assert.deepEqual(await warmUpElement(page), { connected: false, left: 0 }, 'then destroyed');
  assert.equal(await runIdle(page), 0, 'and asks for nothing more');
  assert.deepEqual(await state(page), before, 'URL, history, storage and document as they were');
  assert.deepEqual(await page.evaluate(() => window.seen), [], 'no event reached the page');
  assert.deepEqual(messages, []);

  // A report mounted afterwards works, with the host's id as its prefix.
  const result = await page.evaluate(() => new Promise((resolve) => {
    const host = document.getElementById('host');
    host.addEventListener('report-reader:ready', (e) => resolve({
      sections: e.detail.sections,
      target: host.shadowRoot.getElementById('host-1-过去五年工作回顾')?.localName ?? null,
    }), { once: true });
    window.rr.mount(host, { text: '各位代表：\n一、过去五年工作回顾\n五年来，我们坚持乡村振兴。\n二、今年工作安排\n坚持稳中求进。', remember: false });
  }));
  assert.equal(result.sections, 2);
  assert.ok(result.target, 'the section the fragment names is there');
  assert.deepEqual(messages, []);
  await page.close();
});

test('once a report has been shown, the warm-up does nothing', async () => {
  const { page, messages } = await blankPage();
  await page.evaluate(() => new Promise((resolve) => {
    const host = document.getElementById('host');
    host.addEventListener('report-reader:ready', resolve, { once: true });
    window.rr.mount(host, { text: '一、总体要求\n坚持稳中求进。', remember: false });
  }));
  assert.equal(await runIdle(page), 1);
  assert.deepEqual(await page.evaluate(() => window.shadowHosts), ['host'], 'no second mount');
  assert.deepEqual(messages, []);
  await page.close();
});

test('a report shown between the two steps: the warm-up reader is destroyed without being laid out', async () => {
  const { page, messages } = await blankPage();
  assert.equal(await runIdle(page), 1);
  await page.evaluate(() => new Promise((resolve) => {
    const host = document.getElementById('host');
    host.addEventListener('report-reader:ready', resolve, { once: true });
    window.rr.mount(host, { text: '一、总体要求\n坚持稳中求进。', remember: false });
  }));
  assert.equal(await runIdle(page), 1);
  assert.deepEqual(await page.evaluate(() => window.layouts), [], 'not laid out');
  assert.ok(!(await page.evaluate(() => window.mutations)).flat().some(([, added]) => added.includes(WARM_UP)), 'never in the page');
  assert.deepEqual(await warmUpElement(page), { connected: false, left: 0 }, 'destroyed');
  assert.equal(await runIdle(page), 0);
  assert.deepEqual(messages, []);
  await page.close();
});

test('the warm-up waits for a long idle period, not the gaps between the frames of an animating page', async () => {
  const { page, messages } = await blankPage();
  // Between frames an idle period is what is left of a frame: the warm-up asks again.
  for (let i = 0; i < 3; i++) assert.equal(await runIdle(page, 12), 1);
  assert.deepEqual(await page.evaluate(() => window.shadowHosts), [], 'no warm-up between frames');
  // A long one (nothing due): it warms up then.
  assert.equal(await runIdle(page, 49), 1);
  assert.deepEqual(await page.evaluate(() => window.shadowHosts), [WARM_UP]);
  // The layout, too, waits for a long idle period.
  for (let i = 0; i < 3; i++) assert.equal(await runIdle(page, 12), 1);
  assert.deepEqual(await page.evaluate(() => window.layouts), [], 'no layout between frames');
  assert.equal(await runIdle(page, 49), 1);
  assert.equal((await page.evaluate(() => window.layouts)).length, 1);
  assert.deepEqual(await warmUpElement(page), { connected: false, left: 0 });
  assert.equal(await runIdle(page), 0, 'and asks for nothing more');
  assert.deepEqual(messages, []);
  await page.close();
});

test('on a page that starts animating after the mount step, the warm-up reader is destroyed unlaid', async () => {
  const { page, messages } = await blankPage();
  assert.equal(await runIdle(page), 1);
  // The mount step's `complete` queues the layout step.
  await page.waitForTimeout(300);
  await animateUntilItGivesUp(page);
  assert.deepEqual(await page.evaluate(() => window.layouts), []);
  assert.deepEqual(await page.evaluate(() => window.mutations), []);
  assert.deepEqual(await warmUpElement(page), { connected: false, left: 0 }, 'destroyed');
  assert.deepEqual(messages, []);
  await page.close();
});

test('on a page that never stops animating, the warm-up gives up', async () => {
  const { page, messages } = await blankPage();
  await animateUntilItGivesUp(page);
  assert.deepEqual(await page.evaluate(() => window.shadowHosts), []);
  assert.deepEqual(messages, []);
  await page.close();
});

// The warm-up worker (report-reader.js `startWarmUpWorker`): started with the script, sent the
// glue's URL at once and the module the page compiled once it has, it runs the pipeline on a
// sample report and is then ended. Recorded: each worker the page starts, what it is sent and
// what it answers, and whether the page ends it.
const WORKERS = () => {
  window.workers = [];
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url, options) {
      super(url, options);
      this.record = { url: String(url), type: options?.type ?? null, sent: [], answers: [], errors: 0, terminated: false };
      window.workers.push(this.record);
      this.addEventListener('message', ({ data }) => this.record.answers.push(data?.ok ? { ok: true, ms: typeof data.ms } : data));
      this.addEventListener('error', () => { this.record.errors++; });
    }
    postMessage(message, ...rest) {
      const { module, glue, text, glossary, runs } = message ?? {};
      this.record.sent.push({ module: module instanceof WebAssembly.Module, glue, text: typeof text, glossary: glossary?.length, runs });
      super.postMessage(message, ...rest);
    }
    terminate() {
      this.record.terminated = true;
      super.terminate();
    }
  };
};

test('the warm-up worker gets the compiled module, runs the pipeline on a sample report, and is ended', async () => {
  const page = await env.browser.newPage();
  const messages = [];
  page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (['error', 'warning'].includes(m.type())) messages.push(`${m.type()}: ${m.text()}`); });
  const wasmRequests = [];
  page.context().on('request', (r) => { if (r.url().endsWith('.wasm')) wasmRequests.push(r.url()); });
  await page.addInitScript(INIT);
  await page.addInitScript(WORKERS);
  await hostPage(page, env.base, '/warm-up-worker.html', 'import * as rr from "/dist/report-reader.js"; window.rr = rr;');
  await page.goto(`${env.base}/warm-up-worker.html`);
  await page.waitForFunction(() => window.rr);
  await page.evaluate(() => window.rr.ready);
  await page.waitForFunction(() => window.workers[0]?.terminated, null, { timeout: 10000 });
  const [worker, ...more] = await page.evaluate(() => window.workers);
  assert.deepEqual(more, [], 'one worker');
  assert.deepEqual(worker, {
    url: `${env.base}/dist/report-reader-warm.js`,
    type: 'module',
    sent: [
      { module: false, glue: `${env.base}/dist/report_reader.js`, text: 'undefined', glossary: undefined, runs: undefined },
      { module: true, glue: undefined, text: 'string', glossary: 1, runs: 3 },
    ],
    answers: [{ ok: true, ms: 'number' }],
    errors: 0,
    terminated: true,
  });
  assert.deepEqual(wasmRequests, [`${env.base}/dist/report_reader_bg.wasm`], 'the worker was sent the module: the .wasm is fetched once');
  // Only the idle-time warm-up (held here) was left for the page's main thread.
  assert.equal(await page.evaluate(() => window.idleTasks.length), 1);
  assert.deepEqual(await page.evaluate(() => [window.shadowHosts, window.seen, document.getElementById('host').outerHTML, document.body.childElementCount, location.hash, localStorage.length]),
    [[], [], '<div id="host"></div>', 2, '', 0], 'the page untouched');
  assert.deepEqual(messages, []);
  await page.close();
});

/** Holds the page's request for the .wasm back until the returned function is called. */
async function holdWasm(page) {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/dist/report_reader_bg.wasm', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

test('the warm-up worker starts while the .wasm is still downloading, and gets the module once it has compiled', async () => {
  const page = await env.browser.newPage();
  await page.addInitScript(WORKERS);
  const release = await holdWasm(page);
  await hostPage(page, env.base, '/warm-up-early.html', 'import * as rr from "/dist/report-reader.js"; window.rr = rr;');
  await page.goto(`${env.base}/warm-up-early.html`);
  await page.waitForFunction(() => window.rr);
  // The .wasm has not arrived: the worker is already there, with the glue's URL only.
  const early = await page.evaluate(() => window.workers.map((w) => [w.sent.map((m) => [m.module, Boolean(m.glue)]), w.terminated]));
  assert.deepEqual(early, [[[[false, true]], false]]);
  release();
  await page.evaluate(() => window.rr.ready);
  await page.waitForFunction(() => window.workers[0]?.terminated, null, { timeout: 10000 });
  assert.deepEqual(await page.evaluate(() => window.workers.map((w) => [w.sent.map((m) => m.module), w.answers])),
    [[[false, true], [{ ok: true, ms: 'number' }]]]);
  await page.close();
});

// A mount that is waiting for the module when it compiles starts as soon as it is ready: the
// worker's run would compete with it for the same code and a core, so the worker is ended
// unsent. Each page mounts before the .wasm (held back) has arrived.
const LISTEN = 'import * as rr from "/dist/report-reader.js"; window.rr = rr; const host = document.getElementById("host");'
  + ' host.addEventListener("report-reader:ready", (e) => { window.sections = e.detail.sections; });';
const WAITING = [
  // what, path, the page's script, its host element
  ['mount() called as the page loads', '/warm-up-waiting-api.html',
    `${LISTEN} rr.mount(host, { text: "一、总体要求\\n坚持稳中求进。\\n二、主要任务\\n推进乡村振兴。", remember: false });`, undefined],
  ['a <report-reader> in the page\'s markup', '/warm-up-waiting-element.html', LISTEN,
    '<report-reader id="host" remember="false"><script type="text/plain">一、总体要求\n坚持稳中求进。\n二、主要任务\n推进乡村振兴。</script></report-reader>'],
];

for (const [what, path, script, host] of WAITING) {
  test(`a mount waiting for the module when it compiles (${what}): the worker is ended unsent, the report shows`, async () => {
    const page = await env.browser.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (['error', 'warning'].includes(m.type())) problems.push(`${m.type()}: ${m.text()}`); });
    await page.addInitScript(WORKERS);
    const release = await holdWasm(page);
    await hostPage(page, env.base, path, script, host);
    await page.goto(`${env.base}${path}`);
    await page.waitForFunction(() => window.rr && window.workers.length === 1);
    release();
    await page.waitForFunction(() => window.sections != null, null, { timeout: 10000 });
    await page.waitForFunction(() => window.workers[0]?.terminated, null, { timeout: 10000 });
    assert.equal(await page.evaluate(() => window.sections), 2);
    assert.deepEqual(await page.evaluate(() => window.workers.map((w) => [w.sent.map((m) => [m.module, Boolean(m.glue)]), w.answers, w.errors])),
      [[[[false, true]], [], 0]], 'sent the glue\'s URL only, then ended');
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('when the module cannot load, the warm-up worker is ended without being sent anything more', async () => {
  const page = await env.browser.newPage();
  const problems = [];
  page.on('console', (m) => { if (['error', 'warning'].includes(m.type())) problems.push(`${m.type()}: ${m.text()}`); });
  await page.addInitScript(WORKERS);
  await page.route('**/dist/report_reader_bg.wasm', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not here' }));
  await hostPage(page, env.base, '/warm-up-no-module.html', 'import * as rr from "/dist/report-reader.js"; window.rr = rr;');
  await page.goto(`${env.base}/warm-up-no-module.html`);
  await page.waitForFunction(() => window.rr);
  const failed = await page.evaluate(() => window.rr.ready.then(() => null, (e) => e.message));
  assert.match(failed, /404/);
  await page.waitForFunction(() => window.workers[0]?.terminated, null, { timeout: 10000 });
  assert.deepEqual(await page.evaluate(() => window.workers.map((w) => [w.sent.length, w.answers.length])), [[1, 0]]);
  assert.ok(!problems.some((p) => p.includes('warm-up worker')), problems.join('\n'));
  await page.close();
});

test('a warm-up worker that cannot load is a warning, and the reader works', async () => {
  const { page, problems } = await (async () => {
    const page = await env.browser.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (['error', 'warning'].includes(m.type())) problems.push(`${m.type()}: ${m.text()}`); });
    await page.addInitScript(WORKERS);
    await page.route('**/dist/report-reader-warm.js', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not here' }));
    await hostPage(page, env.base, '/warm-up-missing.html', 'import * as rr from "/dist/report-reader.js"; window.rr = rr;');
    await page.goto(`${env.base}/warm-up-missing.html`);
    return { page, problems };
  })();
  await page.waitForFunction(() => window.workers?.[0]?.terminated, null, { timeout: 10000 });
  assert.deepEqual(await page.evaluate(() => window.workers.map((w) => [w.errors, w.answers.length])), [[1, 0]]);
  const sections = await page.evaluate(() => new Promise((resolve) => {
    const host = document.getElementById('host');
    host.addEventListener('report-reader:ready', (e) => resolve(e.detail.sections), { once: true });
    window.rr.mount(host, { text: '一、总体要求\n坚持稳中求进。\n二、主要任务\n推进乡村振兴。', remember: false });
  }));
  assert.equal(sections, 2);
  const warnings = problems.filter((p) => p.startsWith('warning: '));
  assert.equal(warnings.length, 1, problems.join('\n'));
  assert.match(warnings[0], /report-reader: the warm-up worker failed/);
  // Besides it, only the browser's own line for the 404.
  assert.ok(problems.every((p) => p.startsWith('warning: ') || p.includes('404')), problems.join('\n'));
  await page.close();
});
