//! Ethereum JSON-RPC of the Lumio node (HTTP and WebSocket on one port, batch requests), served
//! with jsonrpsee.
//!
//! Namespaces: `eth_*`, `net_*`, `web3_*`, filters, `eth_subscribe`, and the anvil-style dev
//! helpers (`evm_mine`, `evm_snapshot`, `evm_revert`, `anvil_setBalance`). Error codes and
//! messages follow geth/reth so that cast, ethers and wallets understand them.
//!
//! The handlers read committed state from the store and the pool directly; anything that changes
//! the chain (mining, snapshots, balance overrides) is sent to the sequencer as a [`DevCommand`],
//! because the sequencer is the only writer.

mod api;
mod context;
pub mod convert;
mod dev;
pub mod error;
mod filters;
mod ingest;
mod pubsub;
mod request;
mod server;

pub use context::{ChainEvent, DevCommand, DevSigners, EthContext, MinedBlock, RpcConfig};
pub use error::{RpcError, RpcResult};
pub use server::{rpc_module, start_server};
