// End to end: glossary marks, popover and term index with a real mouse and keyboard, on the
// built dist/ in Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, open, settled } from './browser.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const popover = (page) => page.evaluate(() => {
  const root = document.querySelector('report-reader').shadowRoot;
  const pop = root.querySelector('[part~=popover]');
  const active = root.activeElement;
  return {
    open: !pop.hidden,
    term: pop.querySelector('.pop-term')?.textContent ?? null,
    definition: pop.querySelector('.pop-def')?.textContent ?? null,
    link: pop.querySelector('a')?.getAttribute('href') ?? null,
    active: active ? { part: active.getAttribute('part'), text: active.textContent, action: active.dataset.action ?? null } : null,
  };
});

/** A locator for the marked term `text` inside the widget's shadow root. */
const term = (page, text) => page.locator('report-reader').locator('[part~=term]', { hasText: text }).first();

test('hover opens the popover after a pause, it stays while the pointer is on it', async () => {
  const { page, problems } = await open(env.browser, `${env.base}/`);
  await settled(page);
  const marked = await page.evaluate(() => document.querySelector('report-reader').shadowRoot.querySelectorAll('[part~=term]').length);
  assert.ok(marked >= 25, `only ${marked} marked terms in the seed`);
  await term(page, '两学一做').scrollIntoViewIfNeeded();
  await term(page, '两学一做').hover();
  await page.waitForTimeout(100);
  assert.equal((await popover(page)).open, false, 'no popover before the intent delay');
  await page.waitForTimeout(400);
  let p = await popover(page);
  assert.equal(p.open, true);
  assert.equal(p.term, '两学一做');
  assert.match(p.definition, /党章/);
  assert.equal(p.active, null, 'hover does not move focus');
  await page.locator('report-reader').locator('[part~=popover]').hover();
  await page.waitForTimeout(400);
  assert.equal((await popover(page)).open, true, 'stays open on the popover');
  await page.mouse.move(5, 5);
  await page.waitForTimeout(400);
  assert.equal((await popover(page)).open, false, 'closes after leaving');
  assert.deepEqual(problems, []);
  await page.close();
});

test('keyboard: focus opens, Tab enters the popover, Escape returns to the term', async () => {
  const { page } = await open(env.browser, `${env.base}/`);
  await settled(page);
  await term(page, '一岗双责').focus();
  let p = await popover(page);
  assert.equal(p.open, true);
  assert.equal(p.term, '一岗双责');
  await page.keyboard.press('Tab');
  p = await popover(page);
  assert.equal(p.open, true, 'still open with focus inside');
  assert.equal(p.active.action, 'close-popover');
  await page.keyboard.press('Escape');
  p = await popover(page);
  assert.equal(p.open, false);
  assert.equal(p.active.part, 'term');
  assert.equal(p.active.text, '一岗双责');
  await page.close();
});

test('the popover stays inside a phone-sized viewport', async () => {
  const { page } = await open(env.browser, `${env.base}/`, { width: 360, height: 640 });
  await settled(page);
  for (const text of ['产城融合示范区', '两仓', '一岗双责']) {
    await term(page, text).scrollIntoViewIfNeeded();
    await term(page, text).click();
    const box = await page.locator('report-reader').locator('[part~=popover]').boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 360, `${text}: popover at ${box?.x}..${box && box.x + box.width}`);
    assert.ok(box.y >= 0 && box.y + box.height <= 640, `${text}: popover rows ${box.y}..${box.y + box.height}`);
    await page.keyboard.press('Escape');
  }
  await page.close();
});

test('term index: by frequency, next and previous across folded sections', async () => {
  const { page } = await open(env.browser, `${env.base}/examples/folded.html`);
  await settled(page);
  const root = page.locator('report-reader');
  await root.locator('[data-action=terms]').click();
  await root.locator('[data-action=sort-frequency]').click();
  const first = await root.locator('.terms button[data-term]').first().textContent();
  assert.match(first, /\d/);
  // The most frequent term: walk all its occurrences, each unfolded and on screen.
  await root.locator('.terms button[data-term]').first().click();
  const total = Number((await root.locator('.walker-pos').textContent()).match(/\/(\d+)/)[1]);
  for (let k = 1; k <= total; k++) {
    const where = await page.evaluate(() => {
      const r = document.querySelector('report-reader').shadowRoot;
      const el = r.querySelector('.flash');
      const rect = el.getBoundingClientRect();
      return { folded: !!el.closest('.section-body[hidden]'), top: rect.top, h: innerHeight };
    });
    assert.equal(where.folded, false);
    assert.ok(where.top >= 0 && where.top < where.h, 'occurrence on screen');
    await root.locator('[data-action=next-occ]').click();
  }
  assert.match(await root.locator('.walker-pos').textContent(), /第 1\//);
  await page.close();
});

test('a site glossary: its entries win, its invalid entry is reported', async () => {
  const { page } = await open(env.browser, `${env.base}/examples/glossary.html`);
  await settled(page);
  const note = await page.locator('report-reader').locator('[part~=glossary-note]').textContent();
  assert.match(note, /2 处问题/);
  assert.match(note, /第 2 条/);
  await term(page, '企业军团').click();
  let p = await popover(page);
  assert.match(p.definition, /^本站说明/);
  assert.equal(p.link, 'https://example.org/glossary/qiye-juntuan');
  await page.keyboard.press('Escape');
  await term(page, '逐鹿资本市场').click();
  p = await popover(page);
  assert.equal(p.link, null, 'javascript: source not linked');
  await page.close();
});
