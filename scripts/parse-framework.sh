#!/usr/bin/env bash
# Parses every *.move file under DIR with our Move parser (crates/move/compiler) and reports
# files parsed, errors and speed (lines/s, best of 7 passes, release build).
# Usage: scripts/parse-framework.sh DIR [--quiet]   — e.g. a checkout of the Aptos framework
# sources (move-stdlib, aptos-stdlib, aptos-framework, ...). Exits non-zero on any error.
# Not in CI: the framework sources are Aptos's and are not kept in this repository.
set -euo pipefail
dir="${1:?usage: scripts/parse-framework.sh DIR-with-move-sources [--quiet]}"
shift
[ -d "$dir" ] || { echo "no such directory: $dir" >&2; exit 1; }
dir="$(cd "$dir" && pwd)"
cd "$(dirname "$0")/.."
cargo run --quiet --release -p lumio-move-compiler --example parse_tree -- "$dir" "$@"
