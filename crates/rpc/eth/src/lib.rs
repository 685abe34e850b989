//! Ethereum JSON-RPC server (HTTP + WebSocket) over jsonrpsee.
