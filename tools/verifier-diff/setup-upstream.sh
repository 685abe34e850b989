#!/usr/bin/env bash
# Extracts the upstream Move verifier (move-language/move) outside the repository, at
# $UPSTREAM_DIR (default /work/upstream/move), and links it as tools/verifier-diff/upstream.
# Idempotent: does nothing when the pinned commit is already there. The upstream code is an
# oracle only: it is never committed (the symlink is gitignored).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MIRROR="${MOVE_MIRROR:-/work/.mirror/move-language+move/repo}"
UPSTREAM_DIR="${UPSTREAM_DIR:-/work/upstream/move}"
# Last commit of move-language/move (the repository is archived); bytecode up to v6.
COMMIT="${MOVE_COMMIT:-c453c90994cba0af30314fe4134acee57fb20d0c}"
# The four crates the harness links, plus the root manifest (they inherit `bcs` from it).
PATHS=(
    Cargo.toml
    language/move-binary-format
    language/move-core/types
    language/move-bytecode-verifier
    language/move-borrow-graph
)

if [[ "$(cat "$UPSTREAM_DIR/.commit" 2>/dev/null)" != "$COMMIT" ]]; then
    if [[ ! -d "$MIRROR" ]]; then
        echo "no mirror of move-language/move at $MIRROR (set MOVE_MIRROR)" >&2
        exit 1
    fi
    echo "extracting move-language/move@${COMMIT:0:9} into $UPSTREAM_DIR"
    tmp="$(mktemp -d "${UPSTREAM_DIR%/}.tmp.XXXXXX")"
    chmod 755 "$tmp"
    git --git-dir="$MIRROR" archive "$COMMIT" "${PATHS[@]}" | tar -x -C "$tmp"
    echo "$COMMIT" >"$tmp/.commit"
    rm -rf "$UPSTREAM_DIR"
    mkdir -p "$(dirname "$UPSTREAM_DIR")"
    mv "$tmp" "$UPSTREAM_DIR"
fi

if [[ "$(readlink "$HERE/upstream" 2>/dev/null)" != "$UPSTREAM_DIR" ]]; then
    rm -f "$HERE/upstream"
    ln -s "$UPSTREAM_DIR" "$HERE/upstream"
fi
