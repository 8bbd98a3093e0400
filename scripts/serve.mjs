// Serves the demo: www/ at /, the built bundle at /dist/. Loopback only.
//   PORT=8080 node scripts/serve.mjs
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve as absolute, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Content types by extension (also used by scripts/bench.mjs). */
export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ts': 'text/plain; charset=utf-8',
};

/** The policy the strict examples are served with (pages named strict*.html). */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
  + "require-trusted-types-for 'script'; trusted-types report-reader";

/** Maps a URL path to a file under www/ or dist/, or null (no escaping either folder). */
function resolve(pathname) {
  const path = normalize(decodeURIComponent(pathname));
  const [base, rest] = path.startsWith('/dist/') ? ['dist', path.slice(6)] : ['www', path.slice(1)];
  const dir = join(root, base);
  const file = join(dir, rest || 'index.html');
  return file === dir || file.startsWith(dir + sep) ? file : null;
}

/**
 * A `resolveFile` for serveFiles from `mounts`, URL prefix → directory (`{ '/dist/': dir, … }`;
 * each prefix begins and ends with `/`): the returned function maps a URL path to the absolute
 * path of a file inside the directory of the mount the path begins with (the longest prefix, if
 * prefixes nest), or null: no mount, or the mount's directory itself. The path is percent-decoded
 * and its `..` segments folded before the prefix test, so no path (`%2e%2e` and `%2f` included)
 * leaves its mount; one that does not decode, or holds a NUL, is null.
 */
export function resolverFor(mounts) {
  const table = Object.entries(mounts).map(([prefix, dir]) => {
    if (!prefix.startsWith('/') || !prefix.endsWith('/')) {
      throw new TypeError(`resolverFor: mount prefix ${JSON.stringify(prefix)} must begin and end with /`);
    }
    const abs = absolute(dir);
    return [prefix, abs, abs.endsWith(sep) ? abs : abs + sep];
  }).sort((a, b) => b[0].length - a[0].length);
  return (pathname) => {
    let path;
    try {
      path = normalize(decodeURIComponent(pathname)); // `..` is folded before the prefix test
    } catch {
      return null; // a malformed escape (`%E0%A4%A`)
    }
    if (path.includes('\0')) return null;
    for (const [prefix, dir, inside] of table) {
      if (!path.startsWith(prefix)) continue;
      const file = join(dir, path.slice(prefix.length));
      return file.startsWith(inside) ? file : null;
    }
    return null;
  };
}

/**
 * Starts a static file server on loopback: `resolveFile(pathname)` maps a URL path to a file
 * (or null: 404), `headers(file)` adds headers to a found file. Resolves to the listening server.
 * Shared by the demo server below and the benchmark harnesses (scripts/bench.mjs, scripts/ab.mjs).
 */
export function serveFiles(resolveFile, { port = 0, host = '127.0.0.1', headers = () => ({}) } = {}) {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      let file = resolveFile(url.pathname);
      let info = file && (await stat(file).catch(() => null));
      if (info?.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      const body = info?.isFile() && (await readFile(file).catch(() => null));
      if (!body) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
        return;
      }
      // `no-cache` with a validator, as static servers send: the browser keeps a copy and asks
      // whether it is still current (a 304 without the body), so a file requested twice in a
      // page (the glue, by the page and by the warm-up worker) is downloaded once.
      const etag = `"${info.size.toString(36)}-${Math.trunc(info.mtimeMs).toString(36)}"`;
      const common = { 'cache-control': 'no-cache', etag, ...headers(file) };
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, common).end();
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...common });
      res.end(body);
    } catch {
      res.writeHead(400).end();
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok(server));
  });
}

/** Starts the demo server; resolves to the listening server. */
export function serve(port = Number(process.env.PORT ?? 8080), host = '127.0.0.1') {
  return serveFiles(resolve, {
    port,
    host,
    headers: (file) => (/(^|[\\/])strict[^\\/]*\.html$/.test(file) ? { 'content-security-policy': STRICT_CSP } : {}),
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const server = await serve().catch((e) => {
    console.error(`[report-reader] cannot listen: ${e.message} (set PORT to another port)`);
    process.exit(1);
  });
  const { port } = server.address();
  console.log(`[report-reader] demo at http://127.0.0.1:${port}/  (Ctrl-C to stop)`);
}
