// Puts wasm-bindgen's snippet modules (`inline_js`, see src/widget/dom.rs) into the glue
// script, so dist/ stays three files that a host copies side by side.
//   node scripts/inline-snippets.mjs pkg/report_reader.js pkg > dist/report_reader.js
//
// The glue imports a snippet in two forms: by name (`import { a, b } from './snippets/…'`)
// for functions it wraps in a JS shim, and as a namespace (`import * as import1 from
// "./snippets/…"`) for functions the .wasm imports directly (no conversion needed). Each
// snippet is inlined once; a namespace import becomes an object of the snippet's functions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [glue, pkg] = process.argv.slice(2);
const NAMED = /^import \{ ([\w, ]+) \} from ['"]\.\/(snippets\/[^'"]+\.js)['"];?$/gm;
const NAMESPACE = /^import \* as (\w+) from ['"]\.\/(snippets\/[^'"]+\.js)['"];?$/gm;
const inlined = new Set();

/** The snippet's functions: its body (each `export function` made a plain one) and their names. */
function snippet(path) {
  const source = readFileSync(join(pkg, path), 'utf8');
  const names = [...source.matchAll(/^export function (\w+)\(/gm)].map((m) => m[1]);
  if (/^export (?!function )/m.test(source)) throw new Error(`${path}: only \`export function\` is handled`);
  return { body: source.replace(/^export function /gm, 'function ').trim(), names };
}

/** The snippet's body the first time it is asked for, nothing after that. */
function once(path, body) {
  if (inlined.has(path)) return '';
  inlined.add(path);
  return `// ${path}, inlined by scripts/inline-snippets.mjs\n${body}\n`;
}

const out = readFileSync(glue, 'utf8')
  .replace(NAMED, (_, list, path) => {
    const { body, names } = snippet(path);
    for (const name of list.split(',').map((n) => n.trim())) {
      if (!names.includes(name)) throw new Error(`${path} does not define function ${name}`);
    }
    return once(path, body).trimEnd();
  })
  .replace(NAMESPACE, (_, binding, path) => {
    const { body, names } = snippet(path);
    // Function declarations are hoisted, so the object may come before or after the body.
    return `${once(path, body)}const ${binding} = { __proto__: null, ${names.join(', ')} };`;
  });
if (/from\s*['"]\.\/snippets\//.test(out)) throw new Error('a snippet import was left: its form is not handled');
process.stderr.write(`inlined ${inlined.size} snippet module(s)\n`);
process.stdout.write(out);
