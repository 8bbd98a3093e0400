// Puts wasm-bindgen's snippet modules (`inline_js`, see src/widget/dom.rs) into the glue
// script, so dist/ stays three files that a host copies side by side.
//   node scripts/inline-snippets.mjs pkg/report_reader.js pkg > dist/report_reader.js
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [glue, pkg] = process.argv.slice(2);
const IMPORT = /^import \{ ([\w, ]+) \} from '\.\/(snippets\/[^']+\.js)';$/gm;
let found = 0;
const out = readFileSync(glue, 'utf8').replace(IMPORT, (_, names, path) => {
  found += 1;
  // A snippet is a module of `export function …`; inlined, its functions are plain ones.
  const body = readFileSync(join(pkg, path), 'utf8').replace(/^export function /gm, 'function ');
  for (const name of names.split(',').map((n) => n.trim())) {
    if (!new RegExp(`^function ${name}\\(`, 'm').test(body)) {
      throw new Error(`${path} does not define function ${name}`);
    }
  }
  return `// ${path}, inlined by scripts/inline-snippets.mjs\n${body.trim()}`;
});
if (/from '\.\/snippets\//.test(out)) throw new Error('a snippet import was left: its form is not handled');
process.stderr.write(`inlined ${found} snippet module(s)\n`);
process.stdout.write(out);
