#!/usr/bin/env bash
# Installs the pinned end-to-end clients into tests/e2e/node_modules (idempotent):
#   @foundry-rs/cast-linux-amd64, @foundry-rs/anvil-linux-amd64 (prebuilt ELF binaries shipped
#   inside the npm packages), solc (solcjs), ethers v6, @aptos-labs/ts-sdk.
# Versions are pinned exactly in tests/e2e/package.json and, transitively, package-lock.json;
# installation is `npm ci`, so a fresh machine with only node/npm (and the npm registry) suffices.
# Re-running is a no-op while package-lock.json is unchanged and the binaries are present.
# Afterwards `source tests/e2e/bin-paths.sh` exports CAST_BIN and ANVIL_BIN.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
E2E="$ROOT/tests/e2e"
cd "$E2E"

command -v node >/dev/null || { echo "install-clients: node is required (>= 20)" >&2; exit 1; }
command -v npm >/dev/null || { echo "install-clients: npm is required" >&2; exit 1; }
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$NODE_MAJOR" -lt 20 ]; then echo "install-clients: node >= 20 required, found $(node --version)" >&2; exit 1; fi

STAMP="node_modules/.lumio-install-stamp"
WANT="$(sha256sum package-lock.json | cut -d' ' -f1) node-$(node --version)"
CAST="node_modules/@foundry-rs/cast-linux-amd64/bin/cast"
ANVIL="node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ] && [ -x "$CAST" ] && [ -x "$ANVIL" ] \
   && [ -f node_modules/solc/package.json ] && [ -f node_modules/ethers/package.json ]; then
  echo "install-clients: up to date ($(cut -c1-12 <<<"$WANT"))"
else
  echo "install-clients: npm ci in $E2E"
  for attempt in 1 2 3; do
    if npm ci --no-audit --no-fund --loglevel=error; then break; fi
    if [ "$attempt" = 3 ]; then echo "install-clients: npm ci failed" >&2; exit 1; fi
    echo "install-clients: npm ci failed (attempt $attempt), retrying" >&2; sleep 5
  done
  chmod +x "$CAST" "$ANVIL"
  echo "$WANT" > "$STAMP"
fi

"$E2E/$CAST" --version | head -1
"$E2E/$ANVIL" --version | head -1
node -e 'const fs=require("fs");const v=p=>JSON.parse(fs.readFileSync("node_modules/"+p+"/package.json","utf8")).version;console.log(`solc ${v("solc")}, ethers ${v("ethers")}, @aptos-labs/ts-sdk ${v("@aptos-labs/ts-sdk")}`)'
echo "CAST_BIN=$E2E/$CAST"
echo "ANVIL_BIN=$E2E/$ANVIL"
