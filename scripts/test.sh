#!/usr/bin/env bash
# Runs every test of the project: Rust unit + integration tests of all crates, then the
# end-to-end suite that drives the real `lumio` binary with real clients (cast, ethers).
# Installs what the tests need (pinned npm clients) by itself.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== dependency check: exactly one revm"
if cargo tree -e normal --prefix none 2>/dev/null | grep -E '^revm v' | sort -u | awk 'END { exit NR > 1 ? 0 : 1 }'; then
  echo "more than one revm version in the dependency tree:" >&2
  cargo tree -e normal --prefix none | grep -E '^revm v' | sort -u >&2
  exit 1
fi

echo "== rust tests"
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast
else
  cargo test --workspace --no-fail-fast
fi

echo "== end-to-end tests"
bash tests/e2e/run.sh
