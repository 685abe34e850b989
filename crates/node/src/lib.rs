//! The Lumio node: assembles storage, executor, txpool and RPC; runs the sequencer loop; dev mode.
//!
//! Not here: execution rules (`lumio-execution`), the database (`lumio-storage`), RPC handlers
//! (`lumio-rpc-eth`). This crate wires them and owns the single writer of the chain, the
//! [`sequencer`].

mod accounts;
mod config;
mod dev;
mod genesis;
pub mod sequencer;

pub use accounts::{AccountError, DEFAULT_MNEMONIC, derive_dev_accounts};
pub use config::DevConfig;
pub use dev::{DevNode, run_dev, run_dev_with};
pub use lumio_primitives::Hardfork;
pub use lumio_rpc_eth::RpcConfig;

/// Errors that stop the node from starting or running.
#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    /// Storage failed. Not a `source`: the message already holds the storage error's, and a
    /// source would print it twice in a `{:#}` chain.
    #[error("storage: {0}")]
    Storage(lumio_storage::StorageError),
    /// Dev accounts could not be derived.
    #[error(transparent)]
    Accounts(#[from] AccountError),
    /// I/O (binding ports, temp dirs…).
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    /// Block building failed in a way that is not one transaction's fault.
    #[error("block building: {0}")]
    Build(String),
    /// The stored chain does not match the configuration.
    #[error("{0}")]
    Config(String),
}

impl From<lumio_storage::StorageError> for NodeError {
    fn from(err: lumio_storage::StorageError) -> Self {
        Self::Storage(err)
    }
}
