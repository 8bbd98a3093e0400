// A/B of two (or more) builds of the widget: bench/widget.html mounted against each bundle in
// turn, interleaved in one headless Chromium (round 1: A, B; round 2: B, A; … so drift in the
// machine hits every build alike), a fresh page (and browser context) per run. Prints a markdown
// table to stdout: per figure the page reports, the median for each build and, against A, the
// ratio of medians and in how many paired runs (same round) the build beat A, with a two-sided
// sign test. Lower is better for every figure.
//
//   node scripts/ab.mjs DIST_A DIST_B [DIST_C …]
//
// A DIST is a built bundle (what `npm run build` leaves in dist/: report-reader.js,
// report_reader.js, report_reader_bg.wasm, and report-reader-warm.js where the build has it).
// The bench page and its inputs are this tree's (bench/, inputs written to bench/out/); each
// bundle is served from its own loopback port at /dist/. To compare a change with its base
// commit, build the base in a second worktree and keep copies of both bundles (a later build
// overwrites dist/):
//
//   git worktree add --detach ../base HEAD~1        # or the base branch / commit
//   (cd ../base && ln -s "$OLDPWD/node_modules" node_modules && npm run build)
//   cp -r ../base/dist /tmp/dist-base
//   npm run build && cp -r dist /tmp/dist-new
//   AB_RUNS=21 AB_MODE=busy node scripts/ab.mjs /tmp/dist-base /tmp/dist-new
//
// Passing one bundle twice (an A/A run) shows how far this machine's noise goes.
//
//   AB_RUNS=11          rounds (each build is mounted once per round)
//   AB_REPORT=seed      the report mounted: `seed` (7 KB) or `1mb`
//   AB_MODE=warm        `warm`: the widget first handles another report three times, untimed (the
//                       bench's main rows); `cold`: its code has not run in the page, and the page
//                       is left idle 300 ms before the mount (the bench's "cold, after an idle
//                       moment"); `busy`: cold with idle callbacks never run, so no idle moment
//                       (the bench's "cold, no idle moment")
//   AB_PHONE=1          the bench's phone profile: a 390×844 touch viewport at 3× pixels, the CPU
//                       slowed 4× by Chromium's throttling (set before the page loads)
//   AB_TIMEOUT_MS       per run (default 60000); AB_READY_MS: how long the widget may take to fire
//                       report-reader:ready (default 30000)
//   CHROMIUM_PATH       default /usr/bin/chromium
//
// There is no wait-before-mount option: bench/widget.html has no such parameter (AB_WAIT is
// refused rather than ignored). Expand-all, the complete event and memory are in `npm run bench`.
//
// Any page error, console error or warning (the widget reports its own failures as warnings),
// failed request or non-ok HTTP response in any run stops the A/B with exit status 1 and the
// run's problems; a request for /favicon.ico is ignored.
//
// The browser set-up (phone profile, idle moment, busy pages, launch flags) is scripts/bench.mjs's
// `run`, repeated here because importing bench.mjs runs the bench: keep the two in step.
import { chromium } from 'playwright-core';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolverFor, serveFiles } from './serve.mjs';
import { writeBenchInputs } from './gen-report.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

export const VIEWPORT = { width: 1280, height: 800 };
export const PHONE_PAGE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
export const PHONE_CPU_SLOWDOWN = 4;
/** How long the page is left idle (no frames due) before a `cold` mount, as in bench.mjs. */
export const IDLE_MOMENT_MS = 300;
export const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--enable-precise-memory-info',
  '--disable-background-networking', '--disable-component-update', '--no-first-run'];
/** The files a bundle must have (report-reader-warm.js is newer than some bundles). */
export const DIST_FILES = ['report-reader.js', 'report_reader.js', 'report_reader_bg.wasm'];

/** What bench/widget.html's mount() reports, in ms from just before rr.mount(): key, label. */
export const METRICS = [
  ['mountReturned', 'mount() returned'],
  ['ready', 'report-reader:ready'],
  ['laidOut', 'ready, laid out'],
  ['painted', 'first frame painted'],
];

const MODES = ['warm', 'cold', 'busy'];
const REPORTS = ['seed', '1mb'];

/** The run's settings from the environment; throws an Error saying what is wrong. */
export function config(env = process.env) {
  const runs = Number(env.AB_RUNS ?? 11);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`AB_RUNS must be a whole number ≥ 1, not ${JSON.stringify(env.AB_RUNS)}`);
  const report = env.AB_REPORT ?? 'seed';
  if (!REPORTS.includes(report)) throw new Error(`AB_REPORT must be one of ${REPORTS.join(', ')}, not ${JSON.stringify(report)}`);
  const mode = env.AB_MODE ?? 'warm';
  if (!MODES.includes(mode)) throw new Error(`AB_MODE must be one of ${MODES.join(', ')}, not ${JSON.stringify(mode)}`);
  const phone = env.AB_PHONE ?? '0';
  if (phone !== '0' && phone !== '1') throw new Error(`AB_PHONE must be 0 or 1, not ${JSON.stringify(phone)}`);
  if (env.AB_WAIT != null && env.AB_WAIT !== '') {
    throw new Error('AB_WAIT is not supported: bench/widget.html has no wait-before-mount parameter (AB_MODE=cold waits 300 ms idle)');
  }
  const timeout = Number(env.AB_TIMEOUT_MS ?? 60000);
  const ready = Number(env.AB_READY_MS ?? 30000);
  if (!(timeout > 0) || !(ready > 0)) throw new Error('AB_TIMEOUT_MS and AB_READY_MS must be positive numbers of ms');
  return { runs, report, mode, phone: phone === '1', timeoutMs: timeout, readyMs: ready };
}

/** A, B, C, … for the builds in argument order. */
export const labelsFor = (n) => Array.from({ length: n }, (_, i) => String.fromCharCode(65 + i));

/** The order of round `round` (0-based): as given, then reversed, and so on (A B, B A, A B, …). */
export const order = (items, round) => (round % 2 ? [...items].reverse() : [...items]);

/** Median; the mean of the middle two for an even count; null if there is nothing. */
export function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** Two-sided sign test: p of a split at least this uneven between `wins` and `losses` (ties left out). */
export function signTest(wins, losses) {
  const n = wins + losses;
  if (n === 0) return 1;
  let tail = 0;
  let c = 1; // C(n, k)
  for (let k = 0; k <= Math.min(wins, losses); k++) {
    tail += c;
    c = (c * (n - k)) / (k + 1);
  }
  return Math.min(1, (2 * tail) / 2 ** n);
}

/**
 * A paired comparison of per-round figures (lower is better): in how many rounds `other` was
 * lower than `base` (`wins`), higher (`losses`), of `pairs` rounds where both have a number, and
 * the sign test's p for that split. `base[i]` and `other[i]` come from the same round.
 */
export function paired(base, other) {
  let wins = 0, losses = 0, pairs = 0;
  for (let i = 0; i < Math.min(base.length, other.length); i++) {
    const x = base[i], y = other[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    pairs++;
    if (y < x) wins++;
    else if (y > x) losses++;
  }
  return { wins, losses, pairs, p: signTest(wins, losses) };
}

/** `wins/pairs (sign test p …)`, as the tables print a paired comparison. */
export const pairedText = (v) => `${v.wins}/${v.pairs} (sign test p ${v.p < 0.001 ? '< 0.001' : v.p.toFixed(3)})`;

/**
 * `rounds[i][label]` is round i's mount() result for that build. Per metric: every build's
 * median and, for each build after A, the ratio of its median to A's and how many paired runs it
 * was quicker than A in (`wins`), slower (`losses`), of `pairs` rounds where both have the figure.
 */
export function summarize(labels, rounds) {
  const [a, ...others] = labels;
  return METRICS.map(([key, label]) => {
    const medians = Object.fromEntries(labels.map((l) => [l, median(rounds.map((r) => r[l]?.[key]))]));
    const versus = Object.fromEntries(others.map((o) => {
      const ratio = medians[a] && medians[o] != null ? medians[o] / medians[a] : null;
      return [o, { ratio, ...paired(rounds.map((r) => r[a]?.[key]), rounds.map((r) => r[o]?.[key])) }];
    }));
    return { key, label, medians, versus };
  });
}

const ms = (v) => (v == null ? '—' : v < 10 ? `${v.toFixed(2)} ms` : v < 100 ? `${v.toFixed(1)} ms` : `${Math.round(v)} ms`);

/** The markdown table of `summarize`'s rows. */
export function table(labels, rows) {
  const others = labels.slice(1);
  const head = ['mount →', ...labels, ...others.flatMap((o) => [`${o} ÷ A`, `${o} beat A`])];
  const lines = [`| ${head.join(' | ')} |`, `|---|${head.slice(1).map(() => '---:').join('|')}|`];
  for (const row of rows) {
    const cells = [row.label, ...labels.map((l) => ms(row.medians[l]))];
    for (const o of others) {
      const v = row.versus[o];
      cells.push(v.ratio == null ? '—' : `${v.ratio.toFixed(2)}×`);
      cells.push(pairedText(v));
    }
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Why `dir` cannot be measured, or null. */
export function distProblem(dir) {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return `${dir} is not a directory`;
  const missing = DIST_FILES.filter((f) => !existsSync(join(dir, f)));
  return missing.length ? `${dir} has no ${missing.join(', ')}: not a built bundle (npm run build leaves one in dist/)` : null;
}

const isFavicon = (url) => { try { return new URL(url).pathname === '/favicon.ico'; } catch { return false; } };

/**
 * One run: a fresh page on `base` (the server of one build), set up as `cfg` says, mounted once.
 * Resolves to mount()'s figures; rejects, with every problem the page showed, on the first one.
 */
export async function runOnce(browser, base, cfg) {
  const page = await browser.newPage(cfg.phone ? PHONE_PAGE : { viewport: VIEWPORT });
  const problems = [];
  let raise;
  const raised = new Promise((_, reject) => { raise = reject; });
  raised.catch(() => {});
  const problem = (what) => { problems.push(what); raise(new Error(what)); };
  page.on('pageerror', (e) => problem(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error' && m.type() !== 'warning') return;
    const where = m.location()?.url ?? '';
    if (/^Failed to load resource/.test(m.text()) && isFavicon(where)) return;
    problem(`console ${m.type()}: ${m.text()}${where ? ` (${where}:${m.location().lineNumber})` : ''}`);
  });
  // The context's, so a worker's requests count too.
  page.context().on('response', (r) => {
    if (!r.ok() && !isFavicon(r.url())) problem(`HTTP ${r.status()} ${r.statusText()}: ${r.url()}`);
  });
  page.context().on('requestfailed', (r) => {
    if (!isFavicon(r.url())) problem(`request failed (${r.failure()?.errorText}): ${r.url()}`);
  });
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result within ${cfg.timeoutMs} ms`)), cfg.timeoutMs);
  });
  const steps = async () => {
    // A page that is never idle before it mounts: idle callbacks never run.
    if (cfg.mode === 'busy') await page.addInitScript(() => { window.requestIdleCallback = () => 0; });
    if (cfg.phone) {
      // Before the page loads, so its warm-up runs at the phone's speed too.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE_CPU_SLOWDOWN });
    }
    const cold = cfg.mode !== 'warm';
    await page.goto(`${base}/bench/widget.html?report=${cfg.report}&timeout=${cfg.readyMs}${cold ? '&warm=0' : ''}`);
    await page.waitForFunction(() => window.bench || window.benchError, null, { timeout: cfg.timeoutMs, polling: 50 });
    const setupError = await page.evaluate(() => window.benchError);
    if (setupError) throw new Error(`page set-up failed: ${setupError}`);
    if (cfg.mode === 'cold') await page.waitForTimeout(IDLE_MOMENT_MS);
    const { detail, ...figures } = await page.evaluate(() => window.bench.mount());
    return figures;
  };
  try {
    const figures = await Promise.race([steps(), raised, timeout]);
    if (problems.length) throw new Error(problems[0]);
    return figures;
  } catch (error) {
    // A moment for what follows the first problem (a 404 is also a console error, say).
    await page.waitForTimeout(250).catch(() => {});
    const first = `${error?.message ?? error}`.replace(/^page\.\w+: /, '').split('\n')[0];
    const all = [...new Set([first, ...problems])];
    throw new Error(all.join('\n  '));
  } finally {
    clearTimeout(timer);
    await page.close().catch(() => {});
  }
}

async function main() {
  const log = (...a) => console.error('[ab]', ...a);
  const fail = (msg) => { console.error(`[ab] ${msg}`); process.exit(1); };
  const dirs = process.argv.slice(2).map((d) => resolve(d));
  if (dirs.length < 2) {
    console.error('usage: [AB_RUNS=11] [AB_REPORT=seed|1mb] [AB_MODE=warm|cold|busy] [AB_PHONE=1] node scripts/ab.mjs DIST_A DIST_B [DIST_C …]');
    process.exit(2);
  }
  let cfg;
  try { cfg = config(); } catch (e) { fail(e.message); }
  for (const d of dirs) { const p = distProblem(d); if (p) fail(p); }
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromiumPath)) fail(`${chromiumPath} not found: set CHROMIUM_PATH`);

  const labels = labelsFor(dirs.length);
  writeBenchInputs(join(root, 'bench', 'out'));
  const servers = [];
  let browser;
  const rounds = [];
  let status = 0;
  try {
    const bases = {};
    for (const [i, dir] of dirs.entries()) {
      const server = await serveFiles(resolverFor({ '/dist/': dir, '/bench/': join(root, 'bench') }), { port: 0 });
      servers.push(server);
      bases[labels[i]] = `http://127.0.0.1:${server.address().port}`;
    }
    browser = await chromium.launch({ executablePath: chromiumPath, args: LAUNCH_ARGS });
    const setup = `${cfg.report}, ${cfg.mode}${cfg.phone ? ', phone' : ''}, ${cfg.runs} rounds`;
    log(`${setup} in Chromium ${browser.version()}`);
    for (const [i, dir] of dirs.entries()) log(`  ${labels[i]} = ${dir}`);
    for (let round = 0; round < cfg.runs; round++) {
      const results = {};
      for (const label of order(labels, round)) {
        try {
          results[label] = await runOnce(browser, bases[label], cfg);
        } catch (error) {
          throw new Error(`${label} (${dirs[labels.indexOf(label)]}), round ${round + 1}:\n  ${error.message}`);
        }
        const r = results[label];
        log(`round ${round + 1}/${cfg.runs} ${label}: ready ${ms(r.ready)}, laid out ${ms(r.laidOut)}, painted ${ms(r.painted)}`);
      }
      rounds.push(results);
    }
    console.log(`${setup}; ${labels.map((l, i) => `${l} = ${dirs[i]}`).join(', ')}\n`);
    console.log(table(labels, summarize(labels, rounds)));
  } catch (error) {
    console.error(`[ab] FAILED: ${error.message}`);
    status = 1;
  } finally {
    await browser?.close().catch(() => {});
    for (const s of servers) s.close();
  }
  process.exitCode = status;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
