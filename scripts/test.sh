#!/usr/bin/env bash
# Runs every test of the project: Rust unit + integration tests of all crates, then the
# end-to-end suite that drives the real `lumio` binary with real clients (cast, ethers).
# Installs what the tests need (pinned npm clients) by itself.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== dependency check: exactly one revm"
# `cargo tree` marks repeated subtrees with "(*)"; compare name + version only.
revms=$(cargo tree -e normal --prefix none | awk '$1 == "revm" { print $1, $2 }' | sort -u)
if [ "$(printf '%s\n' "$revms" | grep -c .)" -ne 1 ]; then
  echo "expected exactly one revm version in the dependency tree, found:" >&2
  printf '%s\n' "$revms" >&2
  exit 1
fi
echo "$revms"

echo "== rust tests"
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast
else
  cargo test --workspace --no-fail-fast
fi

echo "== end-to-end tests"
bash tests/e2e/run.sh
