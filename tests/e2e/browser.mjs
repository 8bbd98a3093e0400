// Shared set-up for the end-to-end tests: the demo server and Debian's Chromium via
// playwright-core (never a downloaded browser: this machine cannot fetch one).
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { serve } from '../../scripts/serve.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Starts the server on a free port and the browser; returns { base, browser, close }. */
export async function start() {
  if (!existsSync(new URL('../../dist/report-reader.js', import.meta.url))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it for you)');
  }
  const server = await serve(0);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  return {
    base,
    browser,
    async close() {
      await browser.close();
      await new Promise((ok) => server.close(ok));
    },
  };
}

/** Opens `url` in a new page that records page errors and console errors. */
export async function open(browser, url, { width = 1280, height = 900 } = {}) {
  const page = await browser.newPage({ viewport: { width, height } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await page.goto(url);
  return { page, problems };
}

/** Waits until the first <report-reader> on the page has rendered or failed. */
export async function settled(page, selector = 'report-reader') {
  await page.waitForFunction((sel) => {
    const root = document.querySelector(sel)?.shadowRoot;
    // Complete: the article is no longer busy (chunks and late parts are in the page).
    return root && (root.querySelector('[part~=article]:not([aria-busy])') || root.querySelector('[part~=error]'));
  }, selector, { timeout: 10000 });
}

/**
 * Serves, at `path` of the test server and for `page` only, a bare host page: `lang="zh-CN"`,
 * an empty `<div id="host">`, and `script` run as a module.
 */
export function hostPage(page, base, path, script, host = '<div id="host"></div>') {
  const body = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${path}</title></head>`
    + `<body>${host}<script type="module">${script}</script></body></html>`;
  return page.route(`${base}${path}`, (route) => route.fulfill({ contentType: 'text/html', body }));
}
