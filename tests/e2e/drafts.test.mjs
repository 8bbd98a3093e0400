// End to end: comment drafts survive a reload, a closed tab, and a second tab, on the built
// dist/ in Chromium (storage faults and corrupt records are covered in both browsers by
// tests/web.rs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, settled } from './browser.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const S1 = '1-五年来我们攻坚克难革故鼎新';

async function openDraft(page) {
  const root = page.locator('report-reader');
  await root.locator(`button.draft-btn[data-seg="${S1}"]`).click();
  return root.locator(`textarea[data-draft-text="${S1}"]`);
}

const value = (page) => page.evaluate((s1) => {
  const area = document.querySelector('report-reader').shadowRoot.querySelector(`textarea[data-draft-text="${s1}"]`);
  return area?.value ?? null;
}, S1);

test('a draft survives a reload and a closed tab', async () => {
  const context = await env.browser.newContext();
  let page = await context.newPage();
  await page.goto(`${env.base}/`);
  await settled(page);
  const area = await openDraft(page);
  await area.pressSequentially('建议公开改革试点的评估报告。');
  // Reload right away: pagehide flushes what the debounce has not saved yet.
  await page.reload();
  await settled(page);
  await openDraft(page);
  assert.equal(await value(page), '建议公开改革试点的评估报告。');
  const again = await openDraft(page);
  await again.press('Control+End');
  await again.pressSequentially('另外补充一句。');
  await page.close({ runBeforeUnload: true });
  page = await context.newPage();
  await page.goto(`${env.base}/`);
  await settled(page);
  await openDraft(page);
  assert.equal(await value(page), '建议公开改革试点的评估报告。另外补充一句。');
  const list = await page.locator('report-reader').locator('.drafts-list').textContent();
  assert.match(list, /§1 五年来/);
  await context.close();
});

test('a second tab: a newer draft comes in; a concurrent edit asks', async () => {
  const context = await env.browser.newContext();
  const a = await context.newPage();
  const b = await context.newPage();
  for (const p of [a, b]) {
    await p.goto(`${env.base}/`);
    await settled(p);
  }
  await (await openDraft(a)).pressSequentially('甲页写的');
  await (await openDraft(b)).click();
  await a.waitForTimeout(700); // autosave
  await b.waitForFunction((s1) => document.querySelector('report-reader').shadowRoot
    .querySelector(`textarea[data-draft-text="${s1}"]`).value === '甲页写的', S1);
  // Both edit before either saves (well within the autosave delay): no silent overwrite, the
  // reader chooses.
  const edit = (p, text) => p.evaluate(([s1, text]) => {
    const area = document.querySelector('report-reader').shadowRoot.querySelector(`textarea[data-draft-text="${s1}"]`);
    area.value += text;
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }, [S1, text]);
  await openDraft(a);
  await Promise.all([edit(b, '，乙页补充'), edit(a, '，甲页补充')]);
  await a.waitForTimeout(900);
  await b.waitForTimeout(900);
  const conflicts = await Promise.all([a, b].map((p) => p.evaluate((s1) => {
    const box = document.querySelector('report-reader').shadowRoot.querySelector(`[data-draft-box="${s1}"] .draft-conflict`);
    return box.hidden ? null : box.textContent;
  }, S1)));
  // Whichever tab saved second (or both, when the saves crossed) shows both versions.
  const shown = conflicts.filter(Boolean);
  assert.ok(shown.length >= 1, `no tab asks: ${JSON.stringify(conflicts)}`);
  for (const text of shown) {
    assert.match(text, /甲页补充/);
    assert.match(text, /乙页补充/);
  }
  await context.close();
});

test('a reader whose handle the page dropped keeps working, and keeps its drafts, after garbage collection', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.base}/examples/js-api.html`);
  // The example's own script has finished with the page before its body is replaced.
  await settled(page, '#reader');
  // A host that calls mount() and keeps nothing of what it returns.
  await page.evaluate(async () => {
    const { mount } = await import('/dist/report-reader.js');
    const text = await (await fetch('/reports/jiyuan-2022.txt')).text();
    const host = Object.assign(document.createElement('div'), { id: 'dropped' });
    document.body.replaceChildren(host);
    const ready = new Promise((resolve) => host.addEventListener('report-reader:ready', resolve, { once: true }));
    await mount(host, { text, storageKey: 'dropped-handle' });
    await ready;
  });
  // Collect until the handle's finalizer (wasm-bindgen's FinalizationRegistry) has had its turn.
  const cdp = await context.newCDPSession(page);
  for (let i = 0; i < 3; i++) {
    await cdp.send('HeapProfiler.collectGarbage');
    await page.waitForTimeout(200);
  }
  const root = page.locator('#dropped');
  const toggle = root.locator(`button.toggle[data-section="${S1}"]`);
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false', 'the fold button still works');
  await root.locator(`button.draft-btn[data-seg="${S1}"]`).click();
  await root.locator(`textarea[data-draft-text="${S1}"]`).pressSequentially('句柄丢了也要保存。');
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.includes('dropped-handle') && localStorage.getItem(k).includes('句柄丢了也要保存。')), null, { timeout: 5000 });
  await context.close();
});
