#!/usr/bin/env bash
# Memory of a dev node with many prefunded accounts (issue #11 item 5): starts `lumio dev
# --accounts N` on a fresh datadir, waits for the first eth_blockNumber answer, waits SETTLE
# seconds (default 3), prints the time to ready, RSS, peak RSS and RSS per account, stops the
# node with SIGINT and prints the database size.
#   scripts/bench-dev-accounts.sh [N] [extra lumio dev args...]   (N default 1000000)
# Uses target/release/lumio (LUMIO_BIN to override); builds it if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000000}"; shift || true
BIN="${LUMIO_BIN:-target/release/lumio}"
[ -x "$BIN" ] || cargo build --release -p lumio
port=$((20000 + RANDOM % 20000))
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
start=$(date +%s.%N)
"$BIN" dev --accounts "$N" --http.port "$port" --datadir "$dir/d" "$@" > "$dir/log" 2>&1 &
pid=$!
until curl -s -X POST -H 'content-type: application/json' \
  --data '{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}' "http://127.0.0.1:$port" >/dev/null 2>&1; do
  sleep 0.2
  kill -0 "$pid" 2>/dev/null || { echo "lumio exited:"; tail "$dir/log"; exit 1; }
done
end=$(date +%s.%N)
sleep "${SETTLE:-3}"
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
echo "accounts=$N ready_s=$(echo "$end - $start" | bc) rss_kb=$rss peak_rss_kb=$hwm rss_per_account_bytes=$(( rss * 1024 / N ))"
kill -INT "$pid"; wait "$pid" || true
echo "database: $(du -sh "$dir/d" | cut -f1)"
