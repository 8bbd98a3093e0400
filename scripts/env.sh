# Sourced by the other scripts: one place that says where our tools live.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
# npm's binaryen (wasm-opt 132) must win over Debian's wasm-opt 108, which breaks
# wasm-bindgen 0.2.13x output at load time (WebAssembly.Table.set()).
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# wasm-pack must never try to download anything: this machine cannot.
export WASM_PACK_CACHE="$ROOT/target/wasm-pack-cache"
say() { printf '\033[1m[report-reader]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[report-reader] error:\033[0m %s\n' "$*" >&2; exit 1; }
