// End to end: a long report (about 1 MB, from scripts/gen-report.mjs) in the built bundle. It is
// ready with its first screen, arrives whole in the background, a deep link at load into its
// last section lands there and stays there, and the page is about as tall while the browser
// skips the bodies off screen as once they are all laid out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { start, open, settled } from './browser.mjs';
import { bigReport, SEED_PATH } from '../../scripts/gen-report.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const text = bigReport(readFileSync(SEED_PATH, 'utf8'));

/** Mounts `text` into a new `<div id="long">` and resolves with facts at ready and at complete. */
const mountLong = (page) => page.evaluate(async (text) => {
  const { mount } = await import('/dist/report-reader.js');
  const host = Object.assign(document.createElement('div'), { id: 'long' });
  document.body.replaceChildren(host);
  const sections = () => host.shadowRoot.querySelectorAll('[part~=section]').length;
  const at = {};
  const complete = new Promise((resolve) => host.addEventListener('report-reader:complete', (e) => resolve(e.detail), { once: true }));
  const ready = new Promise((resolve) => host.addEventListener('report-reader:ready', () => {
    at.ready = { sections: sections(), busy: host.shadowRoot.querySelector('article').getAttribute('aria-busy') };
    resolve();
  }, { once: true }));
  const handle = await mount(host, { text, remember: false });
  await ready;
  at.complete = await complete;
  at.all = sections();
  at.outline = handle.outline().map((s) => s.id);
  at.busy = host.shadowRoot.querySelector('article').getAttribute('aria-busy');
  const last = host.shadowRoot.querySelectorAll('[part~=paragraph]');
  at.lastParagraph = last[last.length - 1].textContent;
  handle.destroy();
  return at;
}, text);

/**
 * The js-api example page, once its own reader has settled: the tests replace the page's body
 * with their own reader, and the example's script, which goes on after `await mount()`, must
 * have finished with the page's elements by then.
 */
async function examplePage(size) {
  const opened = await open(env.browser, `${env.base}/examples/js-api.html`, size);
  await settled(opened.page, '#reader');
  return opened;
}

test('a long report is ready with its first screen and arrives whole', async () => {
  const { page, problems } = await examplePage();
  const at = await mountLong(page);
  assert.ok(at.ready.sections > 0 && at.ready.sections < at.outline.length, `${at.ready.sections} of ${at.outline.length} at ready`);
  assert.equal(at.ready.busy, 'true');
  assert.equal(at.complete.sections, at.outline.length);
  assert.equal(at.all, at.outline.length);
  assert.equal(at.busy, null);
  const lastLine = text.trim().split('\n').at(-1);
  assert.equal(at.lastParagraph, lastLine, 'the last paragraph of the text is in the page');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a deep link at load into the last section of a long report lands and stays there', async () => {
  const { page, problems } = await examplePage();
  const { outline } = await mountLong(page);
  const last = outline.at(-1);
  await page.evaluate((id) => { location.hash = id; }, last);
  const { seen, skippable, bodies } = await page.evaluate(async ({ text, id }) => {
    const { mount } = await import('/dist/report-reader.js');
    const host = Object.assign(document.createElement('div'), { id: 'long' });
    document.body.replaceChildren(host);
    await mount(host, { text, remember: false });
    // The bodies stay skippable while the position settles: laying the whole report out to
    // land exactly at once made this mount 570 ms instead of 90.
    const bodies = [...host.shadowRoot.querySelectorAll('.section-body:not([hidden])')];
    const skippable = bodies.filter((b) => getComputedStyle(b).contentVisibility === 'auto').length;
    const top = () => Math.round(host.shadowRoot.getElementById(id).getBoundingClientRect().top);
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const seen = [];
    for (let i = 0; i < 10; i++) { await frame(); seen.push(top()); }
    await new Promise((r) => setTimeout(r, 500));
    seen.push(top());
    return { seen, skippable, bodies: bodies.length };
  }, { text, id: last });
  assert.ok(skippable === bodies && bodies > 100, `${skippable} of ${bodies} bodies skippable at mount`);
  // Settled at the top of the viewport (scroll-margin aside) after the first frames, and still there.
  for (const t of seen.slice(3)) assert.ok(Math.abs(t) < 40, `section top over time: ${seen.join(' ')}`);
  assert.deepEqual(problems, []);
  await page.close();
});

for (const [width, height] of [[1280, 900], [390, 844]]) {
  test(`at ${width}x${height}, a long report's page is about as tall before its bodies are laid out as after`, async () => {
    const { page, problems } = await examplePage({ width, height });
    const { skipped, estimated, real } = await page.evaluate(async (text) => {
      const { mount } = await import('/dist/report-reader.js');
      const host = Object.assign(document.createElement('div'), { id: 'long' });
      document.body.replaceChildren(host);
      const complete = new Promise((resolve) => host.addEventListener('report-reader:complete', resolve, { once: true }));
      const handle = await mount(host, { text, remember: false });
      await complete;
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const bodies = [...host.shadowRoot.querySelectorAll('.section-body')];
      // Skipped: placeholders, which the browser has not laid out (far from the screen).
      const skipped = bodies.filter((b) => b.getBoundingClientRect().top > 2 * innerHeight && getComputedStyle(b).contentVisibility === 'auto').length;
      const estimated = document.documentElement.scrollHeight;
      for (const b of bodies) b.style.contentVisibility = 'visible';
      const real = document.documentElement.scrollHeight;
      handle.destroy();
      return { skipped, estimated, real };
    }, text);
    assert.ok(skipped > 100, `${skipped} bodies skipped`);
    // The placeholders stand for the text's height in the column's characters per line: within
    // a few per cent over the whole report (one fixed height for every body made it a fifth).
    const ratio = estimated / real;
    assert.ok(ratio > 0.85 && ratio < 1.15, `page ${estimated} px tall with placeholders, ${real} px laid out (${ratio.toFixed(2)})`);
    assert.deepEqual(problems, []);
    await page.close();
  });
}
