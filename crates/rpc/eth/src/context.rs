//! Shared state of the RPC handlers and the messages exchanged with the sequencer.

use alloy_primitives::{Address, B256, U256};
use alloy_signer_local::PrivateKeySigner;
use lumio_primitives::{ChainSpec, StoredBlock, StoredReceipt};
use lumio_storage::Store;
use lumio_txpool::{PooledTx, TxPool};
use parking_lot::Mutex;
use std::sync::Arc;
use tokio::sync::{Notify, broadcast, mpsc, oneshot};

/// Limits and options of the RPC server. Defaults are noted per field.
#[derive(Debug, Clone)]
pub struct RpcConfig {
    /// Max request body in bytes. Default 15 MiB (as reth).
    pub max_request_body_size: u32,
    /// Max response body in bytes. Default 160 MiB.
    pub max_response_body_size: u32,
    /// Max requests in one batch. Default 1000.
    pub max_batch_size: u32,
    /// Max concurrent connections. Default 500.
    pub max_connections: u32,
    /// Max blocks one `eth_getLogs` / log filter may span. Default 10,000.
    pub max_logs_block_range: u64,
    /// Max logs one `eth_getLogs` may return. Default 20,000.
    pub max_logs: usize,
    /// Max blocks of `eth_feeHistory`. Default 1024.
    pub max_fee_history: u64,
    /// Gas cap of `eth_call` / `eth_estimateGas`. Default 50,000,000.
    pub gas_cap: u64,
    /// Suggested priority fee (wei) for `eth_maxPriorityFeePerGas`. Default 1,000,000 (0.001 gwei, op-geth's floor).
    pub suggested_priority_fee: u128,
    /// Idle filters are removed after this many seconds. Default 300.
    pub filter_timeout_secs: u64,
}

impl Default for RpcConfig {
    fn default() -> Self {
        Self {
            max_request_body_size: 15 * 1024 * 1024,
            max_response_body_size: 160 * 1024 * 1024,
            max_batch_size: 1000,
            max_connections: 500,
            max_logs_block_range: 10_000,
            max_logs: 20_000,
            max_fee_history: 1024,
            gas_cap: 50_000_000,
            suggested_priority_fee: 1_000_000,
            filter_timeout_secs: 300,
        }
    }
}

/// A block the sequencer committed, with its receipts.
#[derive(Debug)]
pub struct MinedBlock {
    /// The block.
    pub block: StoredBlock,
    /// Its receipts.
    pub receipts: Vec<StoredReceipt>,
}

/// Events the node publishes to RPC subscribers.
#[derive(Debug, Clone)]
pub enum ChainEvent {
    /// A block was committed (durably).
    NewBlock(Arc<MinedBlock>),
    /// A transaction entered the pending set.
    PendingTransaction(B256),
    /// `evm_revert` removed these blocks (ascending). Log subscriptions and log filters report
    /// their logs again with `removed: true`, as geth does for a reorg.
    Reverted(Arc<Vec<MinedBlock>>),
}

/// Requests to the sequencer (the only writer of the chain).
#[derive(Debug)]
pub enum DevCommand {
    /// Mine `blocks` blocks now (with whatever is pending), optionally at a given timestamp.
    Mine {
        /// Number of blocks.
        blocks: u64,
        /// Timestamp of the first block.
        timestamp: Option<u64>,
        /// Reply: the last block number mined.
        reply: oneshot::Sender<Result<u64, String>>,
    },
    /// Remember the current head; reply with the snapshot id.
    Snapshot {
        /// Reply: the snapshot id.
        reply: oneshot::Sender<Result<U256, String>>,
    },
    /// Go back to a snapshot; reply whether it existed.
    Revert {
        /// The snapshot id.
        id: U256,
        /// Reply.
        reply: oneshot::Sender<Result<bool, String>>,
    },
    /// Set an account's balance (in a block of its own, so the change is part of the chain).
    SetBalance {
        /// Account.
        address: Address,
        /// New balance in wei.
        balance: U256,
        /// Reply.
        reply: oneshot::Sender<Result<(), String>>,
    },
}

/// Everything the handlers share.
#[derive(Debug, Clone)]
pub struct EthContext {
    /// Chain parameters.
    pub spec: Arc<ChainSpec>,
    /// The store (committed chain and state).
    pub store: Arc<Store>,
    /// The transaction pool.
    pub pool: Arc<Mutex<TxPool<PooledTx>>>,
    /// Node events (new blocks, pending txs).
    pub events: broadcast::Sender<ChainEvent>,
    /// Commands to the sequencer.
    pub commands: mpsc::Sender<DevCommand>,
    /// Woken when a transaction enters the pool (instant mining).
    pub tx_notify: Arc<Notify>,
    /// Unlocked dev accounts for `eth_sendTransaction` / `eth_accounts`.
    pub signers: Arc<DevSigners>,
    /// Limits.
    pub config: RpcConfig,
    /// Client version string for `web3_clientVersion`.
    pub client_version: String,
}

/// The unlocked dev accounts in derivation order (what `eth_accounts` lists), with an index by
/// address: `eth_sendTransaction` finds its signer in O(1) among a load test's million accounts
/// (a scan took ~6 ms per call there).
#[derive(Debug, Default)]
pub struct DevSigners {
    list: Vec<PrivateKeySigner>,
    by_address: std::collections::HashMap<Address, usize>,
}

impl DevSigners {
    /// Indexes `list` (a repeated address keeps its first position).
    pub fn new(list: Vec<PrivateKeySigner>) -> Self {
        let mut by_address = std::collections::HashMap::with_capacity(list.len());
        for (i, s) in list.iter().enumerate() {
            by_address.entry(s.address()).or_insert(i);
        }
        Self { list, by_address }
    }

    /// The signer of `address`, if it is a dev account.
    pub fn get(&self, address: &Address) -> Option<&PrivateKeySigner> {
        self.by_address.get(address).map(|&i| &self.list[i])
    }
}

impl std::ops::Deref for DevSigners {
    type Target = [PrivateKeySigner];

    fn deref(&self) -> &[PrivateKeySigner] {
        &self.list
    }
}
