// End to end: the outline with keyboard, deep links, find-in-page and remembered state,
// on the built dist/ in Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, open, settled } from './browser.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

/** Facts about the widget's shadow DOM, read in the page. */
const state = (page) => page.evaluate(() => {
  const root = document.querySelector('report-reader').shadowRoot;
  const active = root.activeElement;
  return {
    expanded: [...root.querySelectorAll('button[part~=toggle]')].map((b) => b.getAttribute('aria-expanded') === 'true'),
    hidden: [...root.querySelectorAll('.section-body')].map((b) => b.hasAttribute('hidden')),
    active: active ? { tag: active.tagName, text: active.textContent, action: active.dataset.action ?? null, part: active.getAttribute('part') } : null,
    current: root.querySelector('nav a[aria-current]')?.textContent ?? null,
    drawer: root.querySelector('.side')?.hasAttribute('data-open') ?? false,
  };
});

/** Presses Tab until `pred(active)` holds (at most 60 times). */
async function tabTo(page, pred, what) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const { active } = await state(page);
    if (active && pred(active)) return active;
  }
  throw new Error(`could not Tab to ${what}`);
}

test('keyboard only: collapse all, jump from the outline, fold and unfold', async () => {
  const { page, problems } = await open(env.browser, `${env.base}/examples/folded.html`);
  await settled(page);
  let s = await state(page);
  assert.deepEqual(s.expanded, Array(8).fill(false), 'folded="all" starts folded');
  assert.deepEqual(s.hidden, Array(8).fill(true));

  await tabTo(page, (a) => a.action === 'expand-all', 'expand all');
  await page.keyboard.press('Enter');
  s = await state(page);
  assert.deepEqual(s.expanded, Array(8).fill(true));
  assert.deepEqual(s.hidden, Array(8).fill(false));

  await tabTo(page, (a) => a.action === 'collapse-all', 'collapse all');
  await page.keyboard.press('Enter');
  assert.deepEqual((await state(page)).expanded, Array(8).fill(false));

  // The outline's seventh entry: Enter unfolds it and moves focus to its heading button.
  await tabTo(page, (a) => a.tag === 'A' && a.text.startsWith('惟其笃行'), 'outline entry 7');
  await page.keyboard.press('Enter');
  s = await state(page);
  assert.equal(s.expanded[6], true);
  assert.equal(s.active.part, 'toggle');
  assert.match(s.active.text, /^惟其笃行/);
  assert.match(await page.evaluate(() => location.hash), /^#rr1-7-/);

  // Space and Enter on the heading button fold and unfold.
  await page.keyboard.press('Space');
  assert.equal((await state(page)).expanded[6], false);
  await page.keyboard.press('Enter');
  assert.equal((await state(page)).expanded[6], true);

  // Focus is visible: the focused button has an outline.
  const outline = await page.evaluate(() => getComputedStyle(document.querySelector('report-reader').shadowRoot.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  assert.deepEqual(problems, []);
  await page.close();
});

test('narrow screens: the outline is a drawer opened by a button; Escape closes it', async () => {
  const { page } = await open(env.browser, `${env.base}/`, { width: 360, height: 740 });
  await settled(page);
  const visible = () => page.evaluate(() => {
    const nav = document.querySelector('report-reader').shadowRoot.querySelector('nav[part~=outline]');
    return nav.getBoundingClientRect().height > 0;
  });
  assert.equal(await visible(), false, 'drawer closed at first');
  await tabTo(page, (a) => a.action === 'outline', 'the contents button');
  await page.keyboard.press('Enter');
  let s = await state(page);
  assert.equal(s.drawer, true);
  assert.equal(await visible(), true);
  assert.equal(s.active.tag, 'A', 'focus moved into the drawer');
  await page.keyboard.press('Escape');
  s = await state(page);
  assert.equal(s.drawer, false);
  assert.equal(s.active.action, 'outline', 'focus back on the button');
  // Choosing an entry closes the drawer and lands on the section.
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const target = (await state(page)).active.text;
  await page.keyboard.press('Enter');
  s = await state(page);
  assert.equal(s.drawer, false);
  assert.equal(s.active.text, target);
  const top = await page.evaluate(() => document.querySelector('report-reader').shadowRoot.activeElement.getBoundingClientRect().top);
  assert.ok(top >= 0 && top < 740, `section heading on screen (top ${top})`);
  await page.close();
});

test('find-in-page (a text fragment) reveals folded text and the widget follows', async () => {
  const url = `${env.base}/examples/folded.html`;
  const { page } = await open(env.browser, url);
  await settled(page);
  assert.equal((await state(page)).hidden[1], true);
  const toggles = page.evaluate(() => new Promise((resolve) => {
    document.querySelector('report-reader').addEventListener('report-reader:toggle', (e) => resolve(e.detail), { once: true });
  }));
  await page.goto(`${url}#:~:text=${encodeURIComponent('小浪底北岸灌区全线贯通')}`);
  const detail = await toggles;
  assert.equal(detail.expanded, true);
  assert.match(detail.id, /^rr1-2-/);
  const s = await state(page);
  assert.equal(s.hidden[1], false, 'the matched section is revealed');
  assert.equal(s.expanded[1], true, 'aria-expanded follows');
  assert.equal(s.hidden[0], true, 'other sections stay folded');
  await page.close();
});

test('a deep link opens the page at its section; copy link copies one', async () => {
  const context = await env.browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${env.base}/examples/folded.html`);
  await settled(page);
  await page.evaluate(() => {
    const root = document.querySelector('report-reader').shadowRoot;
    root.querySelectorAll('button[part~=copy-link]')[5].click();
  });
  await page.waitForFunction(() => document.querySelector('report-reader').shadowRoot.querySelector('.announce').textContent.length > 0);
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, /\/examples\/folded\.html#rr1-6-/);

  const other = await context.newPage();
  await other.goto(link);
  await settled(other);
  const s = await state(other);
  assert.equal(s.expanded[5], true, 'target unfolded although folded="all"');
  assert.equal(s.expanded[4], false);
  assert.match(s.active.text, /^历尽天华/);
  const { top, scrolled } = await other.evaluate(() => ({
    top: document.querySelector('report-reader').shadowRoot.activeElement.getBoundingClientRect().top,
    scrolled: window.scrollY > 0,
  }));
  assert.ok(scrolled && top >= 0 && top < 760, `section scrolled into view (top ${top})`);
  assert.match(s.current, /^历尽天华/, 'the outline marks it');
  await context.close();
});

test('scroll-spy marks the section being read', async () => {
  const { page } = await open(env.browser, `${env.base}/`, { width: 1280, height: 800 });
  await settled(page);
  assert.match((await state(page)).current, /^五年来,我们攻坚克难/);
  await page.evaluate(() => {
    const root = document.querySelector('report-reader').shadowRoot;
    const h = [...root.querySelectorAll('[part~=heading]')].find((e) => e.textContent.startsWith('安不忘危'));
    window.scrollTo(0, window.scrollY + h.getBoundingClientRect().top - 50);
  });
  await page.waitForFunction(() => document.querySelector('report-reader').shadowRoot.querySelector('nav a[aria-current]')?.textContent.startsWith('安不忘危'));
  await page.close();
});

test('fold state and reading position are remembered across a reload', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${env.base}/`);
  await settled(page);
  await page.evaluate(() => document.querySelector('report-reader').shadowRoot.querySelectorAll('button[part~=toggle]')[1].click());
  await page.evaluate(() => {
    const root = document.querySelector('report-reader').shadowRoot;
    const h = [...root.querySelectorAll('[part~=heading]')].find((e) => e.textContent.startsWith('五年来,我们深化'));
    window.scrollTo(0, window.scrollY + h.getBoundingClientRect().top - 20);
  });
  await page.waitForFunction(() => document.querySelector('report-reader').shadowRoot.querySelector('nav a[aria-current]')?.textContent.startsWith('五年来,我们深化'));
  await page.reload(); // pagehide flushes the pending save
  await settled(page);
  const s = await state(page);
  assert.deepEqual(s.expanded, [true, false, true, true, true, true, true, true]);
  assert.match(s.current, /^五年来,我们深化/);
  const top = await page.evaluate(() => {
    const root = document.querySelector('report-reader').shadowRoot;
    return [...root.querySelectorAll('[part~=heading]')].find((e) => e.textContent.startsWith('五年来,我们深化')).getBoundingClientRect().top;
  });
  assert.ok(Math.abs(top) < 200, `reading position restored (heading top ${top})`);

  // The folded example does not remember: its state is what the attribute says.
  await page.goto(`${env.base}/examples/folded.html`);
  await settled(page);
  await page.evaluate(() => document.querySelector('report-reader').shadowRoot.querySelector('[data-action=expand-all]').click());
  await page.reload();
  await settled(page);
  assert.deepEqual((await state(page)).expanded, Array(8).fill(false));
  await context.close();
});
