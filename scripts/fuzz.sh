#!/usr/bin/env bash
# Fuzzes the core with cargo-fuzz (libFuzzer): `npm run fuzz` (60 s per target) or
# `FUZZ_SECONDS=1800 npm run fuzz`. Each target is seeded with the fixtures. Runs on stable
# Rust: RUSTC_BOOTSTRAP lets cargo-fuzz pass its coverage flags, and --sanitizer none skips the
# nightly-only sanitizers (the targets assert the invariants themselves).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
seconds="${FUZZ_SECONDS:-60}"
command -v cargo-fuzz >/dev/null || { say "installing cargo-fuzz"; cargo install --quiet --locked cargo-fuzz; }
mkdir -p fuzz/corpus/pipeline fuzz/corpus/glossary_json
cp www/reports/*.txt tests/fixtures/*.txt fuzz/corpus/pipeline/
cp data/glossary.zh.json www/examples/site-glossary.json fuzz/corpus/glossary_json/
status=0
for target in pipeline glossary_json; do
  say "fuzzing $target for ${seconds}s"
  RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none -O "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=4096 -print_final_stats=1 || status=1
done
[ "$status" = 0 ] && say "no findings" || die "a fuzzer found a failing input: see fuzz/artifacts/ and add it as a regression test"
