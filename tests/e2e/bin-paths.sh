# shellcheck shell=bash
# Source after scripts/install-clients.sh: exports the paths of the npm-shipped foundry binaries.
_E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CAST_BIN="$_E2E_DIR/node_modules/@foundry-rs/cast-linux-amd64/bin/cast"
export ANVIL_BIN="$_E2E_DIR/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
unset _E2E_DIR
