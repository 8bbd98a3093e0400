// Generates the benchmark inputs exactly as benches/native.rs does, so the browser figures of
// `npm run bench` and the native ones of `cargo bench --bench native` measure the same text.
//   node scripts/gen-report.mjs report [BYTES] > big.txt     (default 1 MiB, like native.rs)
//   node scripts/gen-report.mjs glossary [N] > glossary.json (default 300)
// `writeBenchInputs(dir)` writes the files the bench pages fetch (scripts/bench.mjs, scripts/ab.mjs).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const SEED_PATH = `${root}www/reports/jiyuan-2022.txt`;
export const GLOSSARY_PATH = `${root}data/glossary.zh.json`;

// Rust's `char::is_whitespace` (Unicode White_Space). JS `trim()` differs from Rust's `trim()`
// (it strips U+FEFF and keeps U+0085), so the port trims with Rust's set to stay exact.
const RUST_WHITESPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;
const rustTrim = (s) => s.replace(RUST_WHITESPACE, '');

const HAN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/**
 * `big_report` of benches/native.rs: the seed's long paragraphs (more than 40 characters, not
 * site chrome mentioning 本站) repeated under 一、 headings every 20 paragraphs and （一）
 * headings every 4, until the text is at least `bytes` bytes of UTF-8.
 */
export function bigReport(seedText, bytes = 1 << 20) {
  // Rust's `lines()` splits on \n and drops a trailing \r; trimming removes that \r anyway.
  const paragraphs = seedText.split('\n').map(rustTrim)
    .filter((l) => [...l].length > 40 && !l.includes('本站'));
  if (paragraphs.length === 0) throw new Error('bigReport: the seed has no paragraph longer than 40 characters');
  const parts = ['(河南省)济源市2022年政府工作报告（基准测试合成版）\n各位代表！\n'];
  let size = Buffer.byteLength(parts[0]);
  const push = (s) => { parts.push(s); size += Buffer.byteLength(s); };
  for (let i = 0, n = 0; size < bytes; i++, n++) {
    if (n % 20 === 0) push(`${HAN[Math.floor(n / 20) % 10]}、第${Math.floor(n / 20) + 1}部分工作\n`);
    if (n % 4 === 0) push(`（${HAN[Math.floor(n / 4) % 10]}）重点任务${Math.floor(n / 4) + 1}\n`);
    push(`${paragraphs[i % paragraphs.length]}\n`);
  }
  return parts.join('');
}

/**
 * `glossary(n)` of benches/native.rs as a host glossary: the default entries as shipped, then
 * synthetic four-character terms numbered `i` until there are `n` entries. Native.rs builds it
 * as host entries in merge mode over no default layer; `glossaryMode: 'replace'` with this
 * array gives the widget the same set.
 */
export function glossary(n = 300, defaults = JSON.parse(readFileSync(GLOSSARY_PATH, 'utf8'))) {
  const entries = [...defaults];
  const words = [...'改革发展创新建设推进城市乡村经济社会生态文明产业项目服务保障治理'];
  const synthetic = Math.max(0, n - entries.length);
  for (let i = 0; i < synthetic; i++) {
    let term = '';
    for (let k = 0; k < 4; k++) term += words[(i * 7 + k * 13 + Math.floor(i / 5)) % words.length];
    entries.push({ term: term + i, definition: '合成词条。' });
  }
  return entries;
}

/**
 * Writes the inputs every bench page fetches into `outDir` (created if need be; bench/out/ for
 * the pages): `seed.txt`, `1mb.txt` (bigReport of the seed), `warm.txt` (the other report each
 * page first handles, untimed) and `glossary-300.json`. Returns what bench/results.json records
 * about them.
 */
export function writeBenchInputs(outDir) {
  mkdirSync(outDir, { recursive: true });
  const seed = readFileSync(SEED_PATH, 'utf8');
  const reports = { seed, '1mb': bigReport(seed, 1 << 20) };
  const terms = glossary(300);
  for (const [id, text] of Object.entries(reports)) writeFileSync(join(outDir, `${id}.txt`), text);
  // Every page first handles this other report, untimed: fonts, JIT and caches are then warm
  // for all three stacks alike, and the timed run measures the stack, not a cold renderer.
  writeFileSync(join(outDir, 'warm.txt'), readFileSync(join(root, 'tests/fixtures/national-crlf.txt'), 'utf8'));
  writeFileSync(join(outDir, 'glossary-300.json'), JSON.stringify(terms));
  return {
    reports: Object.fromEntries(Object.entries(reports).map(([id, t]) => [id, { bytes: Buffer.byteLength(t), lines: t.split('\n').length }])),
    glossary: { entries: terms.length, source: 'default entries + synthetic (benches/native.rs glossary(300)), glossaryMode replace' },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [what, arg] = process.argv.slice(2);
  if (what === 'report') {
    process.stdout.write(bigReport(readFileSync(SEED_PATH, 'utf8'), arg ? Number(arg) : 1 << 20));
  } else if (what === 'glossary') {
    process.stdout.write(`${JSON.stringify(glossary(arg ? Number(arg) : 300), null, 1)}\n`);
  } else {
    console.error('usage: node scripts/gen-report.mjs report [BYTES] | glossary [N]');
    process.exit(2);
  }
}
