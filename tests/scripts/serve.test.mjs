// scripts/serve.mjs's serveFiles (the demo server of `npm start` and the benchmark harnesses'):
// what it answers, and the validator with which a file requested twice in a page (the glue, by
// the page and by the warm-up worker) is downloaded once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolverFor, serveFiles } from '../../scripts/serve.mjs';

let dir;
let server;
let base;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rr-serve-'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'a.js'), 'export const a = 1;\n');
  writeFileSync(join(dir, 'sub', 'index.html'), '<!doctype html><p>sub</p>\n');
  server = await serveFiles(resolverFor({ '/': dir }), { headers: (file) => (file.endsWith('.html') ? { 'x-test': 'html' } : {}) });
  base = `http://127.0.0.1:${server.address().port}`;
});

after(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path, headers = {}) => fetch(`${base}${path}`, { headers });

const CASES = [
  // [what, path, status, content type, body]
  ['a file', '/a.js', 200, 'text/javascript; charset=utf-8', 'export const a = 1;\n'],
  ['a directory serves its index.html', '/sub/', 200, 'text/html; charset=utf-8', '<!doctype html><p>sub</p>\n'],
  ['a missing file', '/b.js', 404, 'text/plain; charset=utf-8', 'not found'],
  ['a directory without index.html', '/', 404, 'text/plain; charset=utf-8', 'not found'],
  ['a path out of the mount', '/%2e%2e/etc/passwd', 404, 'text/plain; charset=utf-8', 'not found'],
];

for (const [what, path, status, type, body] of CASES) {
  test(`serveFiles: ${what}`, async () => {
    const res = await get(path);
    assert.equal(res.status, status);
    assert.equal(res.headers.get('content-type'), type);
    assert.equal(await res.text(), body);
    if (status === 200) {
      assert.equal(res.headers.get('cache-control'), 'no-cache');
      assert.match(res.headers.get('etag'), /^"[0-9a-z]+-[0-9a-z]+"$/);
    }
  });
}

test('serveFiles: a current copy is confirmed without its body; a changed file is sent again', async () => {
  const first = await get('/a.js');
  const etag = first.headers.get('etag');
  await first.text();
  const again = await get('/a.js', { 'if-none-match': etag });
  assert.equal(again.status, 304);
  assert.equal(again.headers.get('etag'), etag);
  assert.equal(await again.text(), '');
  const stale = await get('/a.js', { 'if-none-match': '"other"' });
  assert.equal(stale.status, 200);
  assert.equal(await stale.text(), 'export const a = 1;\n');
  // The same size, another modification time: a new validator.
  writeFileSync(join(dir, 'a.js'), 'export const b = 2;\n');
  const later = new Date(Date.now() + 5000);
  utimesSync(join(dir, 'a.js'), later, later);
  const changed = await get('/a.js', { 'if-none-match': etag });
  assert.equal(changed.status, 200);
  assert.notEqual(changed.headers.get('etag'), etag);
  assert.equal(await changed.text(), 'export const b = 2;\n');
});

test('serveFiles: the headers option is applied to 200 and 304 answers', async () => {
  const res = await get('/sub/index.html');
  assert.equal(res.headers.get('x-test'), 'html');
  const etag = res.headers.get('etag');
  await res.text();
  const again = await get('/sub/index.html', { 'if-none-match': etag });
  assert.equal(again.status, 304);
  assert.equal(again.headers.get('x-test'), 'html');
});
