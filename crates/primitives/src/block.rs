//! Block, transaction and receipt records as the executor produces them and the store keeps them.
//!
//! Transactions are kept as their EIP-2718 bytes (the exact bytes that were signed and hashed), so
//! the store does not depend on the transaction type set: Move transactions in their EVM envelope
//! and future types are stored the same way.

use alloy_consensus::Header;
use alloy_primitives::{Address, B256, Bytes, Log, U256};
use serde::{Deserialize, Serialize};

/// A transaction inside a block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredTx {
    /// Transaction hash.
    pub hash: B256,
    /// Recovered sender (or the `from` of a deposit).
    pub sender: Address,
    /// EIP-2718 encoding (type byte first for typed txs, plain RLP for legacy).
    pub encoded: Bytes,
}

/// A sealed block: header, its hash and the transactions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredBlock {
    /// The header (all roots filled in).
    pub header: Header,
    /// `keccak256(rlp(header))`.
    pub hash: B256,
    /// Transactions in block order.
    pub transactions: Vec<StoredTx>,
}

impl StoredBlock {
    /// Block number.
    pub const fn number(&self) -> u64 {
        self.header.number
    }
}

/// L1 data-fee fields of a receipt (OP receipts' `l1Fee`, `l1GasUsed`, …). Zero without an L1.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct L1FeeInfo {
    /// L1 data fee charged (wei).
    pub l1_fee: U256,
    /// Estimated L1 gas used (deprecated OP field).
    pub l1_gas_used: u64,
    /// L1 base fee used for the fee.
    pub l1_gas_price: U256,
    /// L1 base-fee scalar (Ecotone+).
    pub l1_base_fee_scalar: u64,
    /// L1 blob base fee.
    pub l1_blob_base_fee: U256,
    /// L1 blob base-fee scalar.
    pub l1_blob_base_fee_scalar: u64,
}

/// A receipt with everything RPC needs, beyond the consensus encoding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredReceipt {
    /// EIP-2718 type of the transaction (0 legacy, 1, 2, 4, 0x7E deposit).
    pub tx_type: u8,
    /// Success (status 1) or failure (0).
    pub success: bool,
    /// Gas used by the block up to and including this transaction.
    pub cumulative_gas_used: u64,
    /// Gas used by this transaction.
    pub gas_used: u64,
    /// Price per gas actually paid (wei).
    pub effective_gas_price: u128,
    /// Logs, in order.
    pub logs: Vec<Log>,
    /// Address of the contract created, if any.
    pub contract_address: Option<Address>,
    /// L1 fee fields.
    pub l1: L1FeeInfo,
    /// Deposit nonce (deposits only, Regolith+).
    pub deposit_nonce: Option<u64>,
    /// Deposit receipt version (deposits only, Canyon+: 1).
    pub deposit_receipt_version: Option<u64>,
}

/// Where a transaction sits in the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TxLocation {
    /// Block number.
    pub block_number: u64,
    /// Block hash.
    pub block_hash: B256,
    /// Index within the block.
    pub index: u64,
}
