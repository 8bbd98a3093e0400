#!/usr/bin/env bash
# Release build: wasm-pack (wasm-opt from npm's binaryen) → pkg/, then dist/ with what a host copies.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
case "$(command -v wasm-opt)" in
  "$ROOT/node_modules/.bin/"*) ;;
  *) die "wasm-opt is not npm's binaryen (found: $(command -v wasm-opt || echo none)); run npm run setup" ;;
esac
say "building the release wasm (wasm-pack, $(wasm-opt --version))"
wasm-pack --log-level warn build --release --target web --out-dir pkg --out-name report_reader --no-pack
rm -rf dist && mkdir -p dist
cp pkg/report_reader_bg.wasm dist/
# The glue, with wasm-bindgen's snippet modules (src/widget/dom.rs) inlined.
node scripts/inline-snippets.mjs pkg/report_reader.js pkg > dist/report_reader.js
cp pkg/report_reader.d.ts dist/report_reader.d.ts 2>/dev/null || true
cp src/widget/report-reader.js src/widget/report-reader-warm.js dist/
# Minified: about 5 KB less to download, gzipped (the readable sources are in src/widget/).
esbuild dist/report_reader.js dist/report-reader.js dist/report-reader-warm.js --minify --format=esm --log-level=warning \
  --allow-overwrite --outdir=dist
cp src/widget/report-reader.d.ts dist/report-reader.d.ts
wasm_bytes=$(stat -c %s dist/report_reader_bg.wasm)
wasm_gz=$(gzip -9c dist/report_reader_bg.wasm | wc -c)
say "dist/ ready: report-reader.js, report-reader-warm.js, report_reader.js, report_reader_bg.wasm (${wasm_bytes} bytes, ${wasm_gz} gzipped)"
