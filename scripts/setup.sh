#!/usr/bin/env bash
# Installs what `npm start` and `npm test` need on a fresh Debian bookworm machine, and skips
# whatever is already there (a few seconds when everything is present).
#   scripts/setup.sh          everything (build + browsers + drivers)
#   scripts/setup.sh build    only what a release build needs (npm start)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
what="${1:-all}"

# wasm-bindgen-cli must be exactly the wasm-bindgen in Cargo.lock (Cargo.toml pins it with `=`).
WBG_VERSION="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)"
[ -n "$WBG_VERSION" ] || die "could not read the wasm-bindgen version from Cargo.lock"
WASM_PACK_VERSION="0.15.1"
GECKODRIVER_VERSION="0.37.1"

# --locked first (reproducible); a lock file that names a crate the registry no longer serves
# (yanked) makes that fail, and then the newest compatible versions are used instead.
cargo_install() {
  cargo install --quiet --locked "$@" 2>/dev/null || { say "  (--locked failed, retrying with fresh dependency resolution)"; cargo install --quiet "$@"; }
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  if [ $apt_updated = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

command -v cargo >/dev/null || die "cargo not found: install Rust with rustup first"
command -v npm >/dev/null || die "npm not found: install Node.js 20 first"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! wasm-pack --version 2>/dev/null | grep -q "$WASM_PACK_VERSION"; then
  say "installing wasm-pack $WASM_PACK_VERSION (cargo install, about 3 minutes)"
  cargo_install wasm-pack --version "$WASM_PACK_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WBG_VERSION\$\| $WBG_VERSION "; then
  say "installing wasm-bindgen-cli $WBG_VERSION to match Cargo.lock (cargo install, about 4 minutes)"
  cargo_install --force wasm-bindgen-cli --version "$WBG_VERSION"
fi

# npm packages: binaryen (wasm-opt), esbuild (minifies the JS of dist/), playwright-core and axe-core
# (end-to-end tests), mark.js and tocbot (npm run bench); nothing that downloads a browser.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
fi

if [ "$what" = all ]; then
  # fonts-noto-cjk: Chinese glyphs for screenshots and layout checks in headless browsers.
  apt_install chromium chromium-driver firefox-esr fonts-noto-cjk
  if ! geckodriver --version 2>/dev/null | grep -q "$GECKODRIVER_VERSION"; then
    say "installing geckodriver $GECKODRIVER_VERSION (cargo install, about 2.5 minutes)"
    cargo_install geckodriver --version "$GECKODRIVER_VERSION"
  fi
fi
say "set-up complete (wasm-bindgen $WBG_VERSION, $(wasm-opt --version 2>/dev/null | head -1))"
