#!/usr/bin/env bash
# Differential harness: upstream Move verifier vs ours on generated v6 modules.
#
#   tools/verifier-diff/run.sh [N] [SEED] [harness options...]
#   tools/verifier-diff/run.sh --ours REV [N] [SEED] [harness options...]
#
# Sets up the upstream checkout if missing (setup-upstream.sh), builds in release (own target
# directory, tools/verifier-diff/target) and runs. Defaults: N=10000, SEED=1, output in
# /work/verifier-diff-out. Harness options: --out DIR, --threads T, --mutate P, --guide P,
# --configs default,production, --save K, --no-minimize, --only INDEX (print one module).
#
# --ours REV compares a committed revision of our crates instead of the working tree (which
# other engineers may be editing): the revision's Cargo.toml and Move crates are extracted to
# /work/verifier-diff-build/move-<hash of their trees>/ next to a copy of this harness, and
# built there (with its own target directory).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
"$HERE/setup-upstream.sh"

DIR="$HERE"
if [[ "${1:-}" == "--ours" ]]; then
    REV="$(git -C "$REPO" rev-parse --short=9 "$2")"
    shift 2
    # Keyed by the content of the three crates compared, so revisions that did not touch them
    # share a build.
    KEY="$(for c in core-types binary-format verifier; do git -C "$REPO" rev-parse "$REV:crates/move/$c"; done | sha1sum | cut -c1-9)"
    SNAP="${VERIFIER_DIFF_BUILD:-/work/verifier-diff-build}/move-$KEY"
    if [[ ! -f "$SNAP/.extracted" ]]; then
        echo "extracting our crates at $REV (Move crates $KEY) into $SNAP"
        mkdir -p "$SNAP"
        git -C "$REPO" archive "$REV" Cargo.toml crates/move/core-types crates/move/binary-format \
            crates/move/verifier | tar -x -C "$SNAP"
        touch "$SNAP/.extracted"
    fi
    # The harness itself is the working tree's.
    mkdir -p "$SNAP/tools/verifier-diff"
    rm -rf "$SNAP/tools/verifier-diff/src"
    cp -r "$HERE/Cargo.toml" "$HERE/Cargo.lock" "$HERE/src" "$SNAP/tools/verifier-diff/"
    ln -sfn "$(readlink "$HERE/upstream")" "$SNAP/tools/verifier-diff/upstream"
    DIR="$SNAP/tools/verifier-diff"
    export VERIFIER_DIFF_OURS="$REV"
    echo "ours = $REV (committed crates), harness = working tree"
fi

# Upstream's crates warn on the current toolchain (not ours to fix): the log keeps them.
LOG="$DIR/target/build.log"
mkdir -p "$DIR/target"
echo "building (release) in $DIR, log $LOG"
if ! (cd "$DIR" && cargo build --release >"$LOG" 2>&1); then
    grep -E '^error' -A12 "$LOG" | head -80 >&2
    echo "build failed (full log: $LOG)" >&2
    exit 1
fi
[[ -n "${1:-}" && "${1:-}" != -* ]] || set -- 10000 "$@"
exec "$DIR/target/release/verifier-diff" "$@"
