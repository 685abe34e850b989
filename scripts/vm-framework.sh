#!/usr/bin/env bash
# Runs Aptos-compiled MoveStdlib bytecode on our VM (crates/move/vm/tests/it/framework.rs).
# Usage: scripts/vm-framework.sh DIR   — DIR holds compiled framework modules (*.mv, searched
# recursively), e.g. the `dependencies/` folder an `aptos move compile` writes. Not in CI: the
# bytecode is Aptos's and is not kept in this repository.
set -euo pipefail
dir="${1:?usage: scripts/vm-framework.sh DIR-with-compiled-framework-modules}"
[ -d "$dir" ] || { echo "no such directory: $dir" >&2; exit 1; }
cd "$(dirname "$0")/.."
LUMIO_APTOS_FRAMEWORK_DIR="$(cd "$dir" && pwd)" \
  cargo test -p lumio-move-vm --test it -- --ignored --nocapture framework
