// scripts/inline-snippets.mjs: wasm-bindgen's snippet modules put into the glue, in both of the
// forms the glue imports them (by name for functions it wraps, as a namespace for functions the
// .wasm imports directly), or a clear failure. Each case runs the script on a made-up glue and
// snippet and imports the result, so what is checked is that the inlined code works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../scripts/inline-snippets.mjs', import.meta.url));
const SNIPPET = 'snippets/report-reader-0123456789abcdef/inline0.js';
const FUNCTIONS = `const seen = new WeakMap();
export function remember(key, value) {
  seen.set(key, value);
  return value;
}

export function recall(key) {
  return seen.get(key);
}
`;

/** Runs the script on `glue` with `snippet` as the snippet module; its output, or its error. */
function inline(glue, snippet = FUNCTIONS) {
  const dir = mkdtempSync(join(tmpdir(), 'inline-snippets-'));
  try {
    mkdirSync(join(dir, 'pkg', SNIPPET, '..'), { recursive: true });
    writeFileSync(join(dir, 'pkg', SNIPPET), snippet);
    writeFileSync(join(dir, 'pkg', 'glue.js'), glue);
    const out = execFileSync('node', [SCRIPT, join(dir, 'pkg', 'glue.js'), join(dir, 'pkg')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { out };
  } catch (error) {
    return { error: `${error.stderr ?? error.message}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Imports `source` as a module (from a file, as the browser would load dist/). */
async function load(source) {
  const dir = mkdtempSync(join(tmpdir(), 'inline-snippets-out-'));
  try {
    const file = join(dir, 'glue.mjs');
    writeFileSync(file, source);
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const WORKS = [
  {
    name: 'by name, as the glue imports functions it wraps',
    glue: `import { remember, recall } from './${SNIPPET}';\nconst k = {};\nremember(k, 7);\nexport const result = recall(k);\n`,
  },
  {
    name: 'as a namespace, as the glue imports functions the .wasm calls directly',
    glue: `import * as import1 from "./${SNIPPET}"\nconst k = {};\nimport1.remember(k, 7);\nexport const result = import1.recall(k);\nexport const keys = Object.keys(import1);\n`,
  },
  {
    name: 'in both forms at once: one copy, so both see the same state',
    glue: `import { remember } from './${SNIPPET}';\nimport * as import1 from "./${SNIPPET}"\nconst k = {};\nremember(k, 7);\nexport const result = import1.recall(k);\n`,
  },
];

for (const { name, glue } of WORKS) {
  test(`inlines a snippet imported ${name}`, async () => {
    const { out, error } = inline(glue);
    assert.equal(error, undefined);
    assert.doesNotMatch(out, /from\s*['"]\.\/snippets\//);
    assert.equal(out.match(/^const seen = new WeakMap\(\);$/gm)?.length, 1, 'the snippet is inlined exactly once');
    const module = await load(out);
    assert.equal(module.result, 7);
    if (module.keys) assert.deepEqual(module.keys, ['remember', 'recall']);
  });
}

const FAILS = [
  {
    name: 'a function the snippet does not define',
    glue: `import { forget } from './${SNIPPET}';\n`,
    message: /does not define function forget/,
  },
  {
    name: 'a snippet that exports something other than functions',
    glue: `import { remember } from './${SNIPPET}';\n`,
    snippet: `${FUNCTIONS}export const LIMIT = 3;\n`,
    message: /only `export function` is handled/,
  },
  {
    name: 'an import form it does not know (a default import)',
    glue: `import snippet from './${SNIPPET}';\n`,
    message: /a snippet import was left/,
  },
];

for (const { name, glue, snippet, message } of FAILS) {
  test(`refuses ${name}`, () => {
    const { out, error } = inline(glue, snippet);
    assert.equal(out, undefined, 'no output');
    assert.match(error, message);
  });
}
