// End to end: axe-core over the demo in every state (its rules run inside open shadow roots),
// and the TypeScript declarations of the JS API compile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { start, open, settled } from './browser.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

/** Runs axe on the page; returns the violations as readable lines. */
async function audit(page) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  return result;
}

const states = [
  ['unfolded', {}, async () => {}],
  ['folded', {}, async (root) => root.locator('[data-action=collapse-all]').click()],
  ['popover open', {}, async (root) => root.locator('[part~=term]').first().click()],
  ['term index open', {}, async (root) => root.locator('[data-action=terms]').click()],
  ['drafts panel and a draft box open', {}, async (root) => {
    await root.locator('[data-action=drafts]').click();
    await root.locator('button.draft-btn').first().click();
  }],
  ['dark theme', { colorScheme: 'dark' }, async () => {}],
  ['360 px with the outline drawer open', { width: 360, height: 740 }, async (root) => root.locator('[data-action=outline]').click()],
];

for (const [name, opts, act] of states) {
  test(`axe: no violations, ${name}`, async () => {
    const context = await env.browser.newContext({ colorScheme: opts.colorScheme ?? 'light', viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 } });
    const page = await context.newPage();
    await page.goto(`${env.base}/`);
    await settled(page);
    await act(page.locator('report-reader'));
    await page.waitForTimeout(200);
    assert.deepEqual(await audit(page), []);
    await context.close();
  });
}

test('the TypeScript declarations compile', () => {
  const tsc = require.resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--lib', 'es2022,dom', 'dist/report-reader.d.ts'], { stdio: 'pipe' });
});
