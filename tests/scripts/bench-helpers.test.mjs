// The benchmark harnesses' helpers: serve.mjs's resolverFor (which file a URL path serves, and
// that no path leaves its mount), gen-report.mjs's writeBenchInputs (the files the bench pages
// fetch), and ab.mjs's pure parts (settings, round order, medians, the paired count and table).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolverFor } from '../../scripts/serve.mjs';
import { writeBenchInputs } from '../../scripts/gen-report.mjs';
import { config, median, order, paired, pairedText, signTest, summarize, table } from '../../scripts/ab.mjs';

const DIST = '/srv/dist';
const BENCH = '/srv/bench';
const MODS = '/srv/node_modules';
const MARK = '/opt/mark.js';

const resolveFile = resolverFor({
  '/dist/': DIST,
  '/bench/': `${BENCH}/`, // a trailing slash on the directory changes nothing
  '/node_modules/': MODS,
  '/node_modules/mark.js/': MARK, // nested in the one above, listed after it: the longer wins
});

const CASES = [
  // [URL path, file or null, what]
  ['/dist/report-reader.js', `${DIST}/report-reader.js`, 'a file in a mount'],
  ['/dist/snippets/a/inline0.js', `${DIST}/snippets/a/inline0.js`, 'a nested file'],
  ['/bench/widget.html', `${BENCH}/widget.html`, 'a directory given with a trailing slash'],
  ['/bench/out/1mb.txt', `${BENCH}/out/1mb.txt`, 'a subdirectory'],
  ['/dist//report-reader.js', `${DIST}/report-reader.js`, 'a doubled slash is folded'],
  ['/dist/./report-reader.js', `${DIST}/report-reader.js`, 'a `.` segment is folded'],
  ['/node_modules/tocbot/dist/tocbot.js', `${MODS}/tocbot/dist/tocbot.js`, 'the outer of two nested prefixes'],
  ['/node_modules/mark.js/dist/mark.min.js', `${MARK}/dist/mark.min.js`, 'the inner (longer) prefix wins whatever the order'],
  ['/node_modules/mark.js/../tocbot/x.js', `${MODS}/tocbot/x.js`, '`..` out of the inner mount lands in the outer one, still inside it'],
  ['/dist/%E6%8A%A5%E5%91%8A.txt', `${DIST}/报告.txt`, 'percent-encoded UTF-8 is decoded'],
  ['/dist/a%20b.js', `${DIST}/a b.js`, 'an encoded space'],
  ['/bench/out/../widget.html', `${BENCH}/widget.html`, '`..` that stays inside the mount'],
  ['/dist/../bench/widget.html', `${BENCH}/widget.html`, '`..` folded before the prefix test: another mount'],
  ['/dist/', null, "the mount's directory itself"],
  ['/dist', null, 'the prefix without its slash'],
  ['/dist/..', null, '`..` to the mount\'s parent'],
  ['/dist/../../etc/passwd', null, '`..` out of the mount'],
  ['/dist/../../../../../../etc/passwd', null, '`..` past the root'],
  ['/dist/%2e%2e/%2e%2e/etc/passwd', null, 'encoded `..`'],
  ['/dist/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd', null, 'encoded `..` and `/`'],
  ['/dist/..%2f..%2fetc/passwd', null, '`..` with an encoded `/`'],
  ['/dist/%252e%252e/x', `${DIST}/%2e%2e/x`, 'decoded once only: a double-encoded `..` is a plain name'],
  ['/bench/..%5c..%5cetc', `${BENCH}/..\\..\\etc`, 'an encoded backslash is a plain character here (POSIX)'],
  ['/dist/a%00.js', null, 'a NUL'],
  ['/dist/%E0%A4%A', null, 'a malformed escape'],
  ['/', null, 'no mount for the root'],
  ['/index.html', null, 'an unknown prefix'],
  ['/src/lib.rs', null, 'another unknown prefix'],
  ['/distx/a.js', null, 'a prefix of a prefix is not a match'],
  ['/DIST/a.js', null, 'prefixes are case-sensitive'],
  ['dist/a.js', null, 'a relative path'],
];

for (const [path, file, what] of CASES) {
  test(`resolverFor: ${what} (${path})`, () => {
    assert.equal(resolveFile(path), file);
  });
}

test('resolverFor: directories are made absolute, and a bad prefix is refused', () => {
  assert.equal(resolverFor({ '/x/': 'rel/dir' })('/x/a.txt'), join(process.cwd(), 'rel/dir/a.txt'));
  assert.equal(resolverFor({})('/dist/a.js'), null);
  assert.equal(resolverFor({ '/': '/srv/www' })('/a/b.html'), '/srv/www/a/b.html');
  assert.equal(resolverFor({ '/': '/' })('/etc/hostname'), '/etc/hostname');
  assert.throws(() => resolverFor({ '/dist': DIST }), /must begin and end with \//);
  assert.throws(() => resolverFor({ 'dist/': DIST }), /must begin and end with \//);
});

test('writeBenchInputs writes the report, the 1 MB report, the warm-up report and the glossary', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-inputs-'));
  try {
    const out = join(dir, 'nested', 'out'); // created
    const info = writeBenchInputs(out);
    assert.deepEqual(readdirSync(out).sort(), ['1mb.txt', 'glossary-300.json', 'seed.txt', 'warm.txt']);
    const big = statSync(join(out, '1mb.txt')).size;
    assert.ok(big >= 1 << 20 && big < (1 << 20) + 4096, `1mb.txt is ${big} bytes`);
    const seed = readFileSync(join(out, 'seed.txt'), 'utf8');
    assert.ok(seed.length > 1000);
    assert.ok(readFileSync(join(out, 'warm.txt'), 'utf8').length > 1000);
    const text = readFileSync(join(out, '1mb.txt'), 'utf8');
    assert.match(text, /^\(河南省\)济源市2022年政府工作报告/);
    assert.match(text, /\n一、第1部分工作\n（一）重点任务1\n/);
    const glossary = JSON.parse(readFileSync(join(out, 'glossary-300.json'), 'utf8'));
    assert.equal(glossary.length, 300);
    for (const e of glossary) {
      assert.equal(typeof e.term, 'string');
      assert.ok(e.term.length > 0);
    }
    assert.equal(new Set(glossary.map((e) => e.term)).size, 300, 'terms are distinct');
    assert.deepEqual(info.reports['1mb'], { bytes: big, lines: text.split('\n').length });
    assert.equal(info.reports.seed.bytes, Buffer.byteLength(seed));
    assert.equal(info.glossary.entries, 300);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ab.mjs: settings from the environment', () => {
  assert.deepEqual(config({}), { runs: 11, report: 'seed', mode: 'warm', phone: false, timeoutMs: 60000, readyMs: 30000 });
  assert.deepEqual(config({ AB_RUNS: '3', AB_REPORT: '1mb', AB_MODE: 'busy', AB_PHONE: '1' }),
    { runs: 3, report: '1mb', mode: 'busy', phone: true, timeoutMs: 60000, readyMs: 30000 });
  assert.throws(() => config({ AB_RUNS: '0' }), /AB_RUNS/);
  assert.throws(() => config({ AB_RUNS: '2.5' }), /AB_RUNS/);
  assert.throws(() => config({ AB_REPORT: '2mb' }), /AB_REPORT/);
  assert.throws(() => config({ AB_MODE: 'idle' }), /AB_MODE/);
  assert.throws(() => config({ AB_PHONE: 'yes' }), /AB_PHONE/);
  assert.throws(() => config({ AB_WAIT: '600' }), /AB_WAIT is not supported/);
});

test('ab.mjs: rounds alternate which build goes first', () => {
  assert.deepEqual([0, 1, 2, 3].map((r) => order(['A', 'B'], r).join('')), ['AB', 'BA', 'AB', 'BA']);
  assert.deepEqual([0, 1].map((r) => order(['A', 'B', 'C'], r).join('')), ['ABC', 'CBA']);
});

test('ab.mjs: medians, paired wins and the sign test', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([null, undefined, NaN]), null);
  assert.equal(signTest(0, 0), 1);
  assert.equal(signTest(5, 5), 1);
  assert.equal(signTest(10, 0), 2 / 1024);
  assert.ok(Math.abs(signTest(9, 2) - 0.06543) < 1e-4);
  const rounds = [
    { A: { ready: 10, laidOut: 20, painted: 30, mountReturned: 1 }, B: { ready: 8, laidOut: 21, painted: 30, mountReturned: 1 } },
    { A: { ready: 12, laidOut: 22, painted: 32, mountReturned: 1 }, B: { ready: 9, laidOut: 20, painted: 31, mountReturned: 1 } },
    { A: { ready: 11, laidOut: 24, painted: 34, mountReturned: 1 }, B: { ready: 7, laidOut: 25 } },
  ];
  const rows = summarize(['A', 'B'], rounds);
  const by = Object.fromEntries(rows.map((r) => [r.key, r]));
  assert.deepEqual(by.ready.medians, { A: 11, B: 8 });
  assert.deepEqual(by.ready.versus.B, { ratio: 8 / 11, wins: 3, losses: 0, pairs: 3, p: 0.25 });
  assert.deepEqual(by.laidOut.versus.B, { ratio: 21 / 22, wins: 1, losses: 2, pairs: 3, p: 1 });
  assert.equal(by.painted.versus.B.pairs, 2, 'a round where one side has no figure is not a pair');
  assert.equal(by.painted.versus.B.wins, 1, 'a tie is no win');
  const md = table(['A', 'B'], rows).split('\n');
  assert.equal(md[0], '| mount → | A | B | B ÷ A | B beat A |');
  assert.equal(md[1], '|---|---:|---:|---:|---:|');
  assert.ok(md.includes('| report-reader:ready | 11.0 ms | 8.00 ms | 0.73× | 3/3 (sign test p 0.250) |'), md.join('\n'));
});

test('ab.mjs: paired comparison of per-round figures', () => {
  const cases = [
    // base, other, expected (wins: rounds where other is lower)
    [[10, 12, 11], [8, 13, 11], { wins: 1, losses: 1, pairs: 3, p: 1 }],
    [[5, 5, 5, 5, 5, 5], [1, 1, 1, 1, 1, 1], { wins: 6, losses: 0, pairs: 6, p: 2 / 64 }],
    [[1, 1, 1], [2, 2, 2], { wins: 0, losses: 3, pairs: 3, p: 0.25 }],
    [[10, null, 12, NaN, 9], [9, 8, undefined, 1, 8], { wins: 2, losses: 0, pairs: 2, p: 0.5 }],
    [[10, 11, 12], [9], { wins: 1, losses: 0, pairs: 1, p: 1 }],
    [[], [], { wins: 0, losses: 0, pairs: 0, p: 1 }],
  ];
  for (const [base, other, expected] of cases) assert.deepEqual(paired(base, other), expected, `${base} vs ${other}`);
  assert.equal(pairedText({ wins: 20, pairs: 21, p: 0.00001 }), '20/21 (sign test p < 0.001)');
  assert.equal(pairedText({ wins: 9, pairs: 21, p: 0.6636 }), '9/21 (sign test p 0.664)');
});
