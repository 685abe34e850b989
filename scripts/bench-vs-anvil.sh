#!/usr/bin/env bash
# Benchmark: the same pre-signed transfers over eth_sendRawTransaction to anvil (npm
# @foundry-rs/anvil-linux-amd64) and to `lumio dev` — interval mining (sustained TPS), then
# instant/automine (p50/p99 submit->receipt latency) — plus peak RSS (VmHWM) of each node.
# Prints a table and the lumio/anvil ratios (goal: lumio TPS >= 3x anvil). Not a timed test.
#
#   scripts/bench-vs-anvil.sh                      # builds lumio --release unless LUMIO_BIN is set
#   LUMIO_BIN=target/release/lumio scripts/bench-vs-anvil.sh --txs 10000
#   BENCH_NODES=anvil scripts/bench-vs-anvil.sh     # anvil only (no build)
#
# Arguments go to tests/e2e/bench/bench.js: --txs N (100000) --senders S (5000; 10 txs per sender stays under per-sender pool limits) --batch B (200)
# --concurrency C (8 batches in flight; --batch 1 --concurrency 64 for single requests)
# --block-time-ms MS (1000) --latency-txs L (500) --gas-limit G (same block gas limit on both, default
# 1e9; `default` = each node's own, 30M for both, which caps 1 s blocks at 1428 transfers)
# --json FILE --nodes anvil,lumio.
# Every node listens on 127.0.0.1 only, on a free port, with a temp datadir removed afterwards.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

bash "$ROOT/scripts/install-clients.sh" >/dev/null

# a relative LUMIO_BIN is taken relative to the directory the script was called from
if [ -n "${LUMIO_BIN:-}" ]; then LUMIO_BIN="$(realpath -m "$LUMIO_BIN")"; export LUMIO_BIN; fi
NODES="${BENCH_NODES:-anvil,lumio}"
ARGS=("$@")
for ((i = 0; i < ${#ARGS[@]}; i++)); do
  if [ "${ARGS[$i]}" = "--nodes" ] && [ $((i + 1)) -lt ${#ARGS[@]} ]; then NODES="${ARGS[$((i + 1))]}"; fi
done
if [[ "$NODES" == *lumio* ]] && [ -z "${LUMIO_BIN:-}" ]; then
  echo "== cargo build --release -p lumio"
  (cd "$ROOT" && cargo build --release -p lumio)
  export LUMIO_BIN="$ROOT/target/release/lumio"
fi
export BENCH_NODES="${BENCH_NODES:-anvil,lumio}"

cd "$ROOT/tests/e2e"
exec timeout 1800 node bench/bench.js "$@"
