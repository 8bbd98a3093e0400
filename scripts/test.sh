#!/usr/bin/env bash
# Every test, in order: format, lint, docs, the build scripts (node --test), native (cargo test),
# browser (wasm-bindgen-test in headless Chromium and Firefox), release build, end to end (the
# built dist/ in Chromium).
# Prints a per-suite table and a closing "Total: N passed, N failed" line.
set -uo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
logs="$ROOT/target/test-logs"
mkdir -p "$logs"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-180}"

names=(); passed=(); failed=(); status=0

# cargo-style "test result: ok. N passed; M failed" lines, summed.
cargo_counts() { awk '/test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } } END { printf "%d %d", p, f }' "$1"; }
node_counts() { awk '/^# pass / { p = $3 } /^# fail / { f = $3 } END { printf "%d %d", p, f }' "$1"; }

# run NAME COUNTER CMD...: runs a suite, records its counts; a suite that exits non-zero
# counts as failed even if it printed no failure line (a build error, say).
run() {
  local name="$1" counter="$2"; shift 2
  local log="$logs/${name// /-}.log"
  say "── $name: $*"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  read -r p f < <("$counter" "$log")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  names+=("$name"); passed+=("$p"); failed+=("$f")
  [ "$rc" -eq 0 ] || status=1
}
none_counts() { echo "0 0"; }
check() { # a step that is not a test suite: its failure fails the run
  local name="$1"; shift
  say "── $name"
  "$@" || { names+=("$name"); passed+=(0); failed+=(1); status=1; }
}

check "format (cargo fmt --check)" cargo fmt --all -- --check
check "lint native (clippy)" cargo clippy --quiet --all-targets -- -D warnings
check "lint wasm32 (clippy)" cargo clippy --quiet --target wasm32-unknown-unknown --lib --tests -- -D warnings
check "docs (cargo doc, warnings denied)" env RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps
run "scripts" node_counts node --test tests/scripts/
run "native" cargo_counts cargo test
run "chromium" cargo_counts wasm-pack test --headless --chrome --test web
run "firefox" cargo_counts wasm-pack test --headless --firefox --test web
check "release build (dist/)" bash scripts/build.sh
run "end-to-end" node_counts node --test --test-timeout=120000 tests/e2e/

echo
say "summary"
total_p=0; total_f=0
for i in "${!names[@]}"; do
  printf '  %-30s %4d passed, %d failed\n' "${names[$i]}" "${passed[$i]}" "${failed[$i]}"
  total_p=$((total_p + passed[i])); total_f=$((total_f + failed[i]))
done
echo "Total: $total_p passed, $total_f failed"
exit $status
