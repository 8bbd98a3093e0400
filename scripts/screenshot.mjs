// Writes docs/screenshot.png (desktop) and docs/screenshot-phone.png (360 px) of the demo,
// from the built dist/ in Debian's Chromium. `npm run screenshot`.
import { start, open, settled } from '../tests/e2e/browser.mjs';

const env = await start();
try {
  for (const [file, width, height] of [['docs/screenshot.png', 1280, 860], ['docs/screenshot-phone.png', 360, 740]]) {
    const { page, problems } = await open(env.browser, `${env.base}/`, { width, height });
    await settled(page);
    await page.screenshot({ path: file });
    if (problems.length) console.warn(problems.join('\n'));
    console.log(`[report-reader] wrote ${file}`);
    await page.close();
  }
} finally {
  await env.close();
}
