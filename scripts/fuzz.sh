#!/usr/bin/env bash
# Runs one of the Move fuzz targets with libFuzzer on the stable toolchain (no nightly, no
# cargo-fuzz): the target is built with LLVM's sanitizer-coverage passes, overflow checks and
# debug assertions, and seeded with the real Aptos-compiled fixtures.
#
#   scripts/fuzz.sh verify  [SECONDS]   # crates/move/verifier/fuzz: deserialize_and_verify
#   scripts/fuzz.sh format  [SECONDS]   # crates/move/binary-format/fuzz: deserialize
#
# Crashes land in target/fuzz/artifacts/<target>/ (reproduce: run the printed binary with the
# file as its argument); the growing corpus stays in target/fuzz/corpus/<target>/.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WHICH="${1:-verify}"
SECONDS_TO_RUN="${2:-600}"
case "$WHICH" in
  verify) DIR="$ROOT/crates/move/verifier/fuzz"; BIN=deserialize_and_verify ;;
  format) DIR="$ROOT/crates/move/binary-format/fuzz"; BIN=deserialize ;;
  *) echo "usage: $0 verify|format [SECONDS]" >&2; exit 2 ;;
esac
TRIPLE="$(rustc -vV | sed -n 's/^host: //p')"
OUT="$ROOT/target/fuzz"
mkdir -p "$OUT/corpus/$BIN" "$OUT/artifacts/$BIN"
cp -n "$ROOT"/crates/move/binary-format/tests/fixtures/*.mv "$OUT/corpus/$BIN/" 2>/dev/null || true

# --target keeps these flags off build scripts and proc macros (which cannot link the
# coverage callbacks).
(cd "$DIR" && CARGO_TARGET_DIR="$OUT/build" RUSTFLAGS="-Cpasses=sancov-module \
  -Cllvm-args=-sanitizer-coverage-level=4 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
  -Cllvm-args=-sanitizer-coverage-pc-table -Cllvm-args=-sanitizer-coverage-trace-compares \
  --cfg fuzzing -Cdebug-assertions -Coverflow-checks" \
  cargo build --release --target "$TRIPLE" --bin "$BIN")

EXE="$OUT/build/$TRIPLE/release/$BIN"
echo "== fuzzing $BIN for ${SECONDS_TO_RUN}s ($EXE)"
exec "$EXE" "$OUT/corpus/$BIN" -artifact_prefix="$OUT/artifacts/$BIN/" \
  -max_total_time="$SECONDS_TO_RUN" -rss_limit_mb=4096 -timeout=10
