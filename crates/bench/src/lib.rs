//! Benchmark workloads of `lumio bench`: some run a whole node in-process and measure it from
//! the outside, the way a client sees it; the others time one component in-process.
//!
//! What is here: [`rpc_reads`] — batched `eth_getTransactionReceipt` and
//! `eth_getTransactionByHash` throughput, full blocks and block receipts, on blocks of a given
//! size, over HTTP against the real JSON-RPC server. Figures go to stdout as a table; the
//! binary (`bin/lumio`) only parses arguments and calls in. [`store_commit`] — block commit cost
//! as the chain grows, logged (write-ahead log + overlay) against direct commits.
//!
//! [`evm_exec`] — our block builder against raw op-revm on pre-signed transfers (in-process,
//! no node). [`move_exec`], [`move_verify`], [`move_compile`] — the Move VM, verifier and
//! compiler workloads. [`ingest`] — pre-signed transfers into the pool: `pool.add` alone, then
//! `eth_sendRawTransaction` batches over HTTP from concurrent clients, hot senders with deep
//! nonce queues and many senders. [`sign_transfers`] — the JS load driver's transfers, signed on
//! every core.

pub mod evm_exec;
pub mod ingest;
pub mod move_compile;
pub mod move_exec;
pub mod move_verify;
pub mod rpc_reads;
pub mod sign_transfers;
pub mod store_commit;

/// Why a workload could not produce its figures.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// The node failed to start, run or stop.
    #[error("node: {0}")]
    Node(#[from] lumio_node::NodeError),
    /// A JSON-RPC call failed (transport or error response).
    #[error("rpc: {0}")]
    Rpc(#[from] jsonrpsee_http_client::types::ErrorObjectOwned),
    /// The HTTP client failed.
    #[error("client: {0}")]
    Client(#[from] jsonrpsee_core::ClientError),
    /// I/O (runtime, temporary directory).
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    /// The node answered, but not what the workload expects: the figures would be wrong.
    #[error("check failed: {0}")]
    Check(String),
}

/// Result alias of this crate.
pub type Result<T, E = BenchError> = std::result::Result<T, E>;

/// Chain id of the dev chain the node workloads start (`DevConfig`'s default).
pub(crate) const DEV_CHAIN_ID: u64 = 9990;

/// A signed EIP-1559 transfer for the node workloads: `nonce` of `signer`, value and recipient
/// (one of 200 addresses) spread by `i`, 10 gwei max fee, 1 gwei tip.
pub(crate) fn signed_transfer(
    signer: &alloy_signer_local::PrivateKeySigner,
    nonce: u64,
    i: u64,
) -> alloy_primitives::Bytes {
    use alloy_primitives::{Address, U256};
    sign_transfer(
        signer,
        DEV_CHAIN_ID,
        nonce,
        Address::with_last_byte((i % 200) as u8 + 1),
        U256::from(1 + i % 1000),
        10 * GWEI,
    )
}

/// One gwei in wei.
pub(crate) const GWEI: u128 = 1_000_000_000;

/// An EIP-1559 transfer (21,000 gas, 1 gwei tip, no input) signed by `signer`, EIP-2718
/// encoded.
pub(crate) fn sign_transfer(
    signer: &alloy_signer_local::PrivateKeySigner,
    chain_id: u64,
    nonce: u64,
    to: alloy_primitives::Address,
    value: alloy_primitives::U256,
    max_fee_per_gas: u128,
) -> alloy_primitives::Bytes {
    use alloy_consensus::{SignableTransaction, TxEip1559};
    use alloy_eips::eip2718::Encodable2718;
    use alloy_network::TxSignerSync;
    use alloy_primitives::{Bytes, TxKind};
    let mut tx = TxEip1559 {
        chain_id,
        nonce,
        gas_limit: 21_000,
        max_fee_per_gas,
        max_priority_fee_per_gas: GWEI,
        to: TxKind::Call(to),
        value,
        access_list: Default::default(),
        input: Bytes::new(),
    };
    let signature = signer
        .sign_transaction_sync(&mut tx)
        .expect("local signing cannot fail");
    op_alloy_consensus::OpTxEnvelope::Eip1559(tx.into_signed(signature))
        .encoded_2718()
        .into()
}
