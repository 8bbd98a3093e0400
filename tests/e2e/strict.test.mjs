// End to end: the widget under a strict Content-Security-Policy with Trusted Types enforced
// (no inline script or style, no eval, no string-to-DOM sink without our policy).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, open, settled } from './browser.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

test('strict CSP and Trusted Types: renders and works with no violation', async () => {
  const context = await env.browser.newContext();
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample}`));
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (['error', 'warning'].includes(m.type())) problems.push(m.text()); });
  // The warm-up worker starts under Trusted Types too (its URL through the policy) and ends.
  const workers = [];
  page.on('worker', (worker) => {
    const record = { url: worker.url(), closed: false };
    workers.push(record);
    worker.on('close', () => { record.closed = true; });
  });
  const response = await page.goto(`${env.base}/examples/strict.html`);
  assert.match(response.headers()['content-security-policy'], /require-trusted-types-for 'script'/);
  await settled(page);
  const root = page.locator('report-reader');
  assert.equal(await root.locator('[part~=title]').textContent(), '(河南省)济源市2022年政府工作报告');
  // Every kind of insertion: fold, popover, term index, a draft box, the drafts panel.
  await root.locator('[data-action=collapse-all]').click();
  await root.locator('[data-action=expand-all]').click();
  await root.locator('[part~=term]', { hasText: '两学一做' }).first().click();
  assert.match(await root.locator('[part~=popover]').textContent(), /党章/);
  await root.locator('[data-action=terms]').click();
  await root.locator('button.draft-btn').first().click();
  await root.locator('textarea[part~=draft]').nth(1).fill('严格 CSP 下的草稿');
  await root.locator('[data-action=drafts]').click();
  await page.waitForTimeout(600);
  // The stylesheet applies (adopted, not inline): the title has the accent colour.
  const color = await root.locator('[part~=title]').evaluate((el) => getComputedStyle(el).color);
  assert.notEqual(color, 'rgb(0, 0, 0)');
  assert.deepEqual(workers, [{ url: `${env.base}/dist/report-reader-warm.js`, closed: true }]);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(problems, []);
  await context.close();
});
