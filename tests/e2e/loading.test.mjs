// End to end: a `src` report downloads alongside the WebAssembly module (report-reader.js
// `fetchEarly`), once, and is cancelled with the element or widget it was for; the module and
// the report are requested while the glue script loads, not after.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, open, settled, hostPage } from './browser.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

/** Start and end of the report's and the module's downloads, from the page's resource timing. */
const timings = (page, report) => page.evaluate((name) => {
  const entries = performance.getEntriesByType('resource');
  const find = (part) => entries.filter((e) => e.name.includes(part)).map((e) => ({ start: e.startTime, end: e.responseEnd }));
  return { report: find(name), wasm: find('report_reader_bg.wasm') };
}, report);

/** Holds the module back `ms`, as a slow network would: what does not wait for it arrives first. */
const slowModule = (page, ms = 400) => page.route('**/report_reader_bg.wasm', async (route) => {
  await new Promise((resolve) => setTimeout(resolve, ms));
  await route.continue();
});

test('<report-reader src>: the report is fetched once, while the module downloads', async () => {
  const requests = [];
  const page = await env.browser.newPage();
  page.on('request', (r) => { if (r.url().includes('jiyuan-2022.txt')) requests.push(r.url()); });
  await slowModule(page);
  await page.goto(`${env.base}/`);
  await settled(page);
  const { report, wasm } = await timings(page, 'jiyuan-2022.txt');
  assert.equal(requests.length, 1, 'one request for the report');
  assert.equal(report.length, 1);
  assert.ok(report[0].end < wasm[0].end, `the report (in at ${report[0].end} ms) came while the module was on its way (in at ${wasm[0].end} ms)`);
  await page.close();
});

test('the .wasm and a src report are requested while the glue script is still on its way', async () => {
  const page = await env.browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  // The glue is held until both other requests have been made (or 5 s have passed): with the
  // glue imported statically, the loader could make neither before the glue had loaded.
  const seen = new Set();
  let release;
  const both = new Promise((resolve) => { release = resolve; });
  page.on('request', (r) => {
    if (r.url().endsWith('/report_reader_bg.wasm')) seen.add('wasm');
    if (r.url().includes('jiyuan-2022.txt')) seen.add('report');
    if (seen.size === 2) release();
  });
  let heldFor = null;
  await page.route('**/dist/report_reader.js', async (route) => {
    const t = Date.now();
    await Promise.race([both, new Promise((resolve) => setTimeout(resolve, 5000))]);
    heldFor = { ms: Date.now() - t, seen: [...seen].sort() };
    await route.continue();
  });
  await page.goto(`${env.base}/`);
  await settled(page);
  assert.deepEqual(heldFor?.seen, ['report', 'wasm'], 'both requested while the glue was held');
  assert.ok(heldFor.ms < 5000, `released at once (${heldFor.ms} ms)`);
  assert.equal(await page.evaluate(() => document.querySelector('report-reader').handle?.sections), 8, 'and the reader works');
  assert.deepEqual(problems, []);
  await page.close();
});

for (const file of ['report_reader_bg.wasm', 'report_reader.js']) {
  test(`${file} missing: each reader says so, in the page and in an event`, async () => {
    const page = await env.browser.newPage();
    await page.addInitScript(() => {
      window.errors = [];
      document.addEventListener('report-reader:error', (e) => window.errors.push(e.detail.code), true);
    });
    await page.route(`**/dist/${file}`, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not here' }));
    await page.goto(`${env.base}/`);
    await page.waitForFunction(() => window.errors.length > 0, null, { timeout: 10000 });
    const shown = await page.evaluate(() => {
      const alert = document.querySelector('report-reader').shadowRoot?.querySelector('[role=alert][part~=error]');
      return { errors: window.errors, text: alert?.textContent ?? '' };
    });
    assert.deepEqual(shown.errors, ['wasm-load']);
    assert.match(shown.text, /阅读器无法加载/);
    assert.ok(shown.text.includes('report_reader.js') && shown.text.includes('report_reader_bg.wasm'), shown.text);
    await page.close();
  });
}

test('mount({src}) before the module is ready fetches alongside it; destroy() still removes everything', async () => {
  const page = await env.browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  let requests = 0;
  page.on('request', (r) => { if (r.url().includes('jiyuan-2022.txt')) requests++; });
  await hostPage(page, env.base, '/early.html', `import { mount } from '/dist/report-reader.js';
      const host = document.getElementById('host');
      window.result = mount(host, { src: '/reports/jiyuan-2022.txt' }).then((handle) => new Promise((resolve) => {
        host.addEventListener('report-reader:ready', () => {
          const sections = handle.sections;
          handle.destroy();
          resolve({ sections, left: host.shadowRoot.childNodes.length, destroyed: handle.destroyed });
        }, { once: true });
      }));`);
  await slowModule(page);
  await page.goto(`${env.base}/early.html`);
  await page.waitForFunction(() => window.result);
  assert.deepEqual(await page.evaluate(() => window.result), { sections: 8, left: 0, destroyed: true });
  const { report, wasm } = await timings(page, 'jiyuan-2022.txt');
  assert.equal(requests, 1);
  assert.ok(report[0].end < wasm[0].end, `the report (in at ${report[0].end} ms) came while the module was on its way (in at ${wasm[0].end} ms)`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('removing the element cancels the report it was fetching', async () => {
  const { page, problems } = await open(env.browser, 'about:blank');
  const failed = [];
  page.on('requestfailed', (r) => failed.push([new URL(r.url()).pathname, r.failure()?.errorText]));
  // The report takes long to come, so the element is gone before it has.
  await page.route('**/reports/slow.txt', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.fulfill({ contentType: 'text/plain; charset=utf-8', body: '一、总体要求\n坚持稳中求进。' }).catch(() => {});
  });
  await hostPage(page, env.base, '/slow.html', `import '/dist/report-reader.js';
      const el = document.createElement('report-reader');
      el.setAttribute('src', '/reports/slow.txt');
      document.body.append(el);
      setTimeout(() => el.remove(), 300);`);
  await page.goto(`${env.base}/slow.html`);
  await page.waitForTimeout(2000);
  assert.deepEqual(failed, [['/reports/slow.txt', 'net::ERR_ABORTED']]);
  assert.deepEqual(problems, []);
  await page.close();
});

test('an early fetch that fails shows the same alert as one the widget made', async () => {
  const { page, problems } = await open(env.browser, 'about:blank');
  await hostPage(page, env.base, '/missing.html', `import '/dist/report-reader.js';
      const el = document.createElement('report-reader');
      el.setAttribute('lang', 'en');
      window.failure = new Promise((resolve) => el.addEventListener('report-reader:error', (e) => resolve(e.detail), { once: true }));
      el.setAttribute('src', '/reports/no-such-report.txt');
      document.body.append(el);`);
  await page.goto(`${env.base}/missing.html`);
  await page.waitForFunction(() => window.failure);
  const detail = await page.evaluate(() => window.failure);
  assert.equal(detail.code, 'http');
  assert.match(detail.message, /no-such-report\.txt/);
  await settled(page);
  const alert = await page.evaluate(() => document.querySelector('report-reader').shadowRoot.querySelector('[part~=error][role=alert]')?.textContent ?? '');
  assert.match(alert, /404/);
  // The failed load itself is the only console error (the browser logs a 404).
  assert.ok(problems.every((p) => p.includes('404')), problems.join('\n'));
  await page.close();
});
