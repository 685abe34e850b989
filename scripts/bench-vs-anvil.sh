#!/usr/bin/env bash
# Benchmark: the same pre-signed transfers over eth_sendRawTransaction to anvil (npm
# @foundry-rs/anvil-linux-amd64) and to `lumio dev`, in the same run, with the same block time and
# block gas limit; prints a table and the lumio/anvil ratios. Not a timed test. Scenarios:
#   default  interval mining (sustained TPS from new blocks), then instant mining (p50/p99
#            submit->receipt over --latency-txs txs sent one at a time), plus peak RSS (VmHWM);
#   burst    20,000 transfers from 10 hot senders sent in batches, every receipt polled in batches
#            of 50 until all are found: tx/s first send -> last receipt, p50/p99 submit->receipt;
#   rate     open loop at --rate R tx/s for --duration S s from 5,000 senders, receipts polled in
#            batches, a sweep per new block: p50/p99 submit->receipt, the rate achieved, the lag;
#   reads    blocks of 1,000 and 20,000 transfers: batched receipts/s and
#            eth_getTransactionByHash/s on each, eth_getBlockReceipts and full-block times.
#
#   scripts/bench-vs-anvil.sh                      # builds lumio --release unless LUMIO_BIN is set
#   LUMIO_BIN=target/release/lumio scripts/bench-vs-anvil.sh --txs 10000
#   LUMIO_BIN=... scripts/bench-vs-anvil.sh --scenario burst --gas-limit default   # 30M on both
#   LUMIO_BIN=... scripts/bench-vs-anvil.sh --scenario rate --rate 5000 --duration 30
#   BENCH_NODES=anvil scripts/bench-vs-anvil.sh     # anvil only (no build)
#
# Arguments go to tests/e2e/bench/bench.js (its header lists them all): --scenario default|burst|rate|reads
# --txs N (default 100000; burst 20000; rate: rate x duration) --senders S (default 5000; burst 10)
# --batch B (200) --concurrency C (8 batches in flight; --batch 1 --concurrency 64 for single
# requests) --block-time-ms MS | --block-time SECONDS (1 s) --gas-limit G (same block gas limit on
# both, default 1e9; `default` = each node's own, 30M for both, which caps 1 s blocks at 1428
# transfers) --latency-txs L (500) --rate R (2000) --duration S (60) --poll-batch (50)
# --poll-concurrency (4) --poll-mode sweep|head --read-blocks 1000,20000 --read-secs 5 --json FILE
# --nodes anvil,lumio --no-cache.
# Signed transactions are cached per sender count in $TMPDIR/lumio-bench-txs (LUMIO_BENCH_CACHE).
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
  export LUMIO_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/lumio"
fi
export BENCH_NODES="${BENCH_NODES:-anvil,lumio}"

cd "$ROOT/tests/e2e"
exec timeout "${BENCH_TIMEOUT_S:-3600}" node bench/bench.js "$@"
