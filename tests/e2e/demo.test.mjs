// End to end: the *built* dist/ in a real page in Chromium. Faults of the release build
// (wasm-opt, glue, MIME types) are invisible to wasm-pack test; they show here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, open, settled } from './browser.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const shadowText = (page, selector) => page.evaluate((sel) => {
  const root = document.querySelector('report-reader').shadowRoot;
  return [...root.querySelectorAll(sel)].map((e) => e.textContent);
}, selector);

test('the demo shows the seed report, whole, without portal chrome', async () => {
  const { page, problems } = await open(env.browser, `${env.base}/`);
  await settled(page);
  assert.deepEqual(await shadowText(page, '[part~=title]'), ['(河南省)济源市2022年政府工作报告']);
  const paragraphs = await shadowText(page, '[part~=paragraph]');
  assert.equal(paragraphs.length, 8);
  assert.deepEqual(await shadowText(page, '[part~=salutation]'), ['各位代表!', '各位代表!', '各位代表!']);
  const [article] = await shadowText(page, '[part~=article]');
  const seed = await (await fetch(`${env.base}/reports/jiyuan-2022.txt`)).text();
  const bodyLines = seed.split('\n').map((l) => l.trim()).filter((l) => l.length > 40 && !l.startsWith('本文'));
  assert.equal(bodyLines.length, 8);
  for (const line of bodyLines) assert.ok(article.includes(line), `paragraph missing: ${line.slice(0, 20)}…`);
  for (const chrome of ['导航菜单', '本文地址', '留言与评论', '验证码', '不代表本站立场']) {
    assert.ok(!article.includes(chrome), `${chrome} in the article`);
  }
  assert.equal((await shadowText(page, 'nav[part~=outline] a')).length, 8);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the custom element reports ready with the section count', async () => {
  const { page, problems } = await open(env.browser, `${env.base}/`);
  const detail = await page.evaluate(() => new Promise((resolve) => {
    const el = document.createElement('report-reader');
    el.addEventListener('report-reader:ready', (e) => resolve(e.detail));
    el.setAttribute('src', 'reports/jiyuan-2022.txt');
    document.body.append(el);
  }));
  const { terms, ...rest } = detail;
  assert.deepEqual(rest, { title: '(河南省)济源市2022年政府工作报告', sections: 8, paragraphs: 8, salutations: 3, removed: 5 });
  assert.ok(terms >= 30, `${terms} glossary terms found`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('bad input shows a visible alert and fires report-reader:error', async () => {
  const { page } = await open(env.browser, `${env.base}/`);
  const results = await page.evaluate(async () => {
    const { mount } = await import('/dist/report-reader.js');
    const one = (setup) => new Promise((resolve) => {
      const el = document.createElement('div');
      document.body.append(el);
      el.addEventListener('report-reader:error', (e) => resolve({
        code: e.detail.code,
        alert: el.shadowRoot.querySelector('[part~=error][role=alert]')?.textContent ?? null,
      }));
      setup(el);
    });
    return {
      missing: await one((el) => mount(el, { src: '/reports/missing.txt' })),
      empty: await one((el) => mount(el, { text: '   ' })),
      html: await one((el) => mount(el, { src: '/' })),
      binary: await one((el) => mount(el, { src: '/dist/report_reader_bg.wasm' })),
      huge: await one((el) => mount(el, { text: '各位代表，推进乡村振兴。'.repeat(300000) })),
      element: await new Promise((resolve) => {
        const el = document.createElement('report-reader');
        el.setAttribute('src', '/nope.txt');
        el.setAttribute('lang', 'en');
        el.addEventListener('report-reader:error', (e) => resolve({ code: e.detail.code, alert: el.shadowRoot.querySelector('[role=alert]')?.textContent }));
        document.body.append(el);
      }),
    };
  });
  assert.equal(results.missing.code, 'http');
  assert.match(results.missing.alert, /404/);
  assert.equal(results.empty.code, 'empty');
  assert.match(results.empty.alert, /空/);
  assert.equal(results.html.code, 'html-page');
  assert.equal(results.binary.code, 'binary');
  assert.match(results.binary.alert, /二进制/);
  assert.equal(results.huge.code, 'too-large');
  assert.match(results.huge.alert, /MB/);
  assert.equal(results.element.code, 'http');
  assert.match(results.element.alert, /HTTP status 404/);
  await page.close();
});

test('the JS API mounts inline text and destroy() removes everything', async () => {
  const { page, problems } = await open(env.browser, `${env.base}/`);
  const result = await page.evaluate(async () => {
    const { mount } = await import('/dist/report-reader.js');
    const el = document.createElement('div');
    el.innerHTML = '<script type="text/plain">测试市政府工作报告\n一、回顾\n过去一年，经济持续向好，民生不断改善。</script>';
    document.body.append(el);
    const handle = await mount(el);
    const before = { sections: handle.sections, nodes: el.shadowRoot.childNodes.length, outline: handle.outline() };
    handle.destroy();
    return { before, after: el.shadowRoot.childNodes.length, sheets: el.shadowRoot.adoptedStyleSheets.length, light: el.children.length };
  });
  assert.equal(result.before.sections, 1);
  assert.ok(result.before.nodes > 0);
  assert.equal(result.before.outline[0].title, '回顾');
  assert.equal(result.after, 0);
  assert.equal(result.sheets, 0);
  assert.equal(result.light, 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test('removing the element tears the widget down; re-adding mounts again', async () => {
  const { page } = await open(env.browser, `${env.base}/`);
  await settled(page);
  const counts = await page.evaluate(async () => {
    const el = document.querySelector('report-reader');
    const main = el.parentElement;
    el.remove();
    const detached = el.shadowRoot.childNodes.length;
    const ready = new Promise((r) => el.addEventListener('report-reader:ready', r, { once: true }));
    main.append(el);
    await ready;
    return { detached, again: el.shadowRoot.querySelectorAll('[part~=section]').length };
  });
  assert.deepEqual(counts, { detached: 0, again: 8 });
  await page.close();
});

test('at 360 px wide the page does not scroll sideways', async () => {
  const { page } = await open(env.browser, `${env.base}/`, { width: 360, height: 740 });
  await settled(page);
  const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport`);
  await page.close();
});

/** A page of `width`×`height` that records the layout shifts not caused by input. */
async function shiftRecordingPage(width, height) {
  const page = await env.browser.newPage({ viewport: { width, height } });
  await page.addInitScript(() => {
    window.shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.shifts.push(e.value);
    }).observe({ type: 'layout-shift', buffered: true });
  });
  return page;
}

/** The page's layout shift so far, read two frames on so that a shift of the last one counts. */
async function totalShift(page) {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  return page.evaluate(() => window.shifts.reduce((sum, v) => sum + v, 0));
}

// The first screen's section bodies are laid out with the page (class `near`): left to the
// browser's check for what is near the screen, they had placeholder heights in a first layout
// pass, and the sections after them moving up into place in the same frame counted as a
// layout shift of the host page (0.10 here at 1280×720, the whole "good" budget of the Core
// Web Vital).
test('opening the demo shifts nothing on the page (Layout Instability API)', async () => {
  for (const [width, height] of [[1280, 720], [1280, 900], [390, 844]]) {
    const page = await shiftRecordingPage(width, height);
    await page.goto(`${env.base}/`);
    await settled(page);
    const total = await totalShift(page);
    assert.ok(total < 0.005, `${width}×${height}: layout shift ${total.toFixed(4)}`);
    await page.close();
  }
});

/**
 * Records, from `report-reader:ready` on, the reader's state at that moment and in the next two
 * frames' animation-frame callbacks (after the widget's own, which it asked for first): whether
 * the root has class `opening`, which skippable bodies and outline entries are left out of the
 * frame (`content-visibility: hidden`), and where the first of them starts. `scroll` (px) is
 * scrolled to as `ready` arrives, before any frame.
 */
async function openingFrames(page, scroll = 0) {
  await page.addInitScript((scroll) => {
    window.frames_ = new Promise((resolve) => {
      document.addEventListener('report-reader:ready', (e) => {
        const root = e.target.shadowRoot;
        const look = () => {
          const bodies = [...root.querySelectorAll('.section.depth-1 > .section-body, .section.depth-2 > .section-body')];
          const entries = [...root.querySelectorAll('.outline > ol > li')];
          const cv = (el) => getComputedStyle(el).contentVisibility;
          const out = bodies.filter((b) => cv(b) === 'hidden');
          return {
            opening: !!root.querySelector('.rr.opening'),
            near: bodies.filter((b) => b.classList.contains('near')).length,
            out: out.length,
            auto: bodies.filter((b) => cv(b) === 'auto').length,
            entriesOut: entries.filter((li) => cv(li) === 'hidden').length,
            entriesNear: entries.filter((li) => li.classList.contains('near')).length,
            firstOutTop: out.length ? out[0].getBoundingClientRect().top : null,
            // Bodies that start on screen but are not laid out with the page: none should be.
            skippedOnScreen: bodies.filter((b) => !b.classList.contains('near') && b.getBoundingClientRect().top < innerHeight).length,
            height: innerHeight,
          };
        };
        const states = [look()];
        if (scroll) scrollTo(0, scroll);
        requestAnimationFrame(() => {
          states.push(look());
          requestAnimationFrame(() => { states.push(look()); resolve(states); });
        });
      }, { capture: true, once: true });
    });
  }, scroll);
}

// The first frame of a mount at the article's start leaves out what starts below the window
// (class `opening`): left to `content-visibility: auto`, the browser laid out the bodies within
// half a screen of it in a second layout pass before painting that frame. The next frame lets
// them in; a page scrolled into the reader before the first frame, or a deep link, never has
// the class where it would hide what shows.
test('the first frame leaves out what starts below the window, and the next lets it in', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await openingFrames(page);
  await page.goto(`${env.base}/`);
  const [atReady, first, second] = await page.evaluate(() => window.frames_);
  assert.equal(atReady.opening, true, 'the class is there from the start');
  assert.equal(first.opening, true, 'and in the first frame');
  assert.ok(first.near >= 2 && first.out >= 3, `near ${first.near}, left out ${first.out}`);
  assert.ok(first.firstOutTop >= first.height, `the first body left out starts at ${first.firstOutTop}, below ${first.height}`);
  assert.equal(first.skippedOnScreen, 0, 'every body that starts on screen is laid out with the page');
  assert.ok(first.entriesNear === 8 && first.entriesOut === 0, `outline: ${first.entriesNear} near, ${first.entriesOut} out`);
  assert.equal(second.opening, false, 'gone at the next frame');
  assert.equal(second.out, 0, 'nothing left out');
  assert.equal(second.auto, first.out, 'what was left out is skipped as usual until it comes near');
  await page.close();

  const scrolled = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await openingFrames(scrolled, 1500);
  await scrolled.goto(`${env.base}/`);
  const [, scrolledFirst] = await scrolled.evaluate(() => window.frames_);
  assert.equal(scrolledFirst.opening, false, 'scrolled into the reader: the class goes before the first frame');
  assert.equal(scrolledFirst.out, 0);
  await scrolled.close();

  const linked = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await linked.goto(`${env.base}/`);
  await settled(linked);
  const id = await linked.evaluate(() => document.querySelector('report-reader').shadowRoot.querySelectorAll('.section.depth-1')[6].id);
  await openingFrames(linked);
  await linked.goto(`${env.base}/#${id}`);
  await linked.reload();
  const [linkedReady, linkedFirst] = await linked.evaluate(() => window.frames_);
  assert.equal(linkedReady.opening || linkedFirst.opening, false, 'a deep link: no class');
  assert.equal(linkedFirst.near, 0);
  await linked.close();
});

// A reader waiting for its report holds a screen's height (`.loading`): the report arriving
// pushed the inline second reader down by a screen and more (0.77).
test('a reader whose report arrives late does not push the page below it (two readers)', async () => {
  for (const [width, height] of [[1280, 720], [390, 844]]) {
    const page = await shiftRecordingPage(width, height);
    // The first reader's report comes 600 ms late; the second one's is inline and shows first.
    await page.route('**/reports/jiyuan-2022.txt', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      await route.continue();
    });
    await page.goto(`${env.base}/examples/two-instances.html`);
    await settled(page, '#jiyuan');
    const total = await totalShift(page);
    assert.ok(total < 0.005, `${width}×${height}: layout shift ${total.toFixed(4)}`);
    await page.close();
  }
});
