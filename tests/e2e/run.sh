#!/usr/bin/env bash
# End-to-end suite: the real `lumio dev` driven by real clients (cast, ethers v6, solc).
#
#   bash tests/e2e/run.sh                 # builds lumio (debug) unless LUMIO_BIN is set, runs all
#   LUMIO_BIN=target/release/lumio bash tests/e2e/run.sh
#   E2E_TARGET=anvil bash tests/e2e/run.sh   # same suite against anvil (lumio-only tests skip)
#   bash tests/e2e/run.sh test/02-ethers.test.js   # a subset
#
# Env: E2E_TARGET=lumio|anvil (default lumio), LUMIO_BIN, E2E_PROFILE=debug|release (build profile
# when LUMIO_BIN is unset; default debug: it reuses the artifacts of `cargo test`, a release build
# of the whole dependency tree would add many minutes of CI time), LUMIO_EXTRA_ARGS (appended to
# `lumio dev ...`), E2E_KEEP_DATADIR=1 (keep temp datadirs and node logs).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
E2E="$ROOT/tests/e2e"

bash "$ROOT/scripts/install-clients.sh"

# a relative LUMIO_BIN is taken relative to the directory the script was called from
if [ -n "${LUMIO_BIN:-}" ]; then LUMIO_BIN="$(realpath -m "$LUMIO_BIN")"; export LUMIO_BIN; fi
export E2E_TARGET="${E2E_TARGET:-lumio}"
if [ "$E2E_TARGET" = "lumio" ] && [ -z "${LUMIO_BIN:-}" ]; then
  PROFILE="${E2E_PROFILE:-debug}"
  echo "== building lumio ($PROFILE)"
  if [ "$PROFILE" = "release" ]; then
    (cd "$ROOT" && cargo build --release -p lumio)
    export LUMIO_BIN="$ROOT/target/release/lumio"
  else
    (cd "$ROOT" && cargo build -p lumio)
    export LUMIO_BIN="$ROOT/target/debug/lumio"
  fi
fi
echo "== e2e target: $E2E_TARGET ${LUMIO_BIN:+($LUMIO_BIN)}"

cd "$E2E"
if [ "$#" -gt 0 ]; then FILES=("$@"); else FILES=(test/*.test.js); fi
# One file at a time (each starts its own node). --test-timeout bounds a single hung test (the
# persistence tests set their own 240 s), E2E_TIMEOUT_S the whole run (default 30 min), so a
# wedged node cannot eat CI's time.
timeout --kill-after=30 "${E2E_TIMEOUT_S:-1800}" \
  node --test --test-concurrency=1 --test-timeout=120000 "${FILES[@]}" &
RUN=$!
# `timeout` runs in a process group of its own (pgid = its pid) that every node it starts
# inherits. The tests stop their nodes, and kill them when the test process exits; a node left
# behind anyway (a test process killed outright) is killed with the group here, on every exit.
trap 'kill -KILL -- "-$RUN" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM
rc=0
wait "$RUN" || rc=$?
exit "$rc"
