//! Pool limits and fee policy.

use crate::{PoolError, PoolResult, PoolTransaction, transaction::UNSUPPORTED_TX_TYPES};
use lumio_primitives::ChainSpec;

/// Limits and fee policy of a [`crate::TxPool`]. Defaults follow geth's legacy pool where a
/// counterpart exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolConfig {
    /// EVM chain id that EIP-155 / typed transactions must carry.
    pub chain_id: u64,
    /// Accept legacy transactions without a chain id (pre-EIP-155). Default `true`, like anvil;
    /// the RPC layer may still refuse them.
    pub allow_unprotected: bool,
    /// Block gas limit; a transaction asking for more could never be included. Default 30M.
    pub block_gas_limit: u64,
    /// Max transactions per sender, pending and queued together. Default 64 (geth's
    /// `AccountSlots` 16 + `AccountQueue` 64 collapsed into one number).
    pub max_account_slots: usize,
    /// Max transactions in the pool. Default 10,000.
    pub max_pool_size: usize,
    /// Max encoded size of one transaction in bytes. Default 128 KiB (geth `txMaxSize`).
    pub max_tx_size: usize,
    /// Minimum `max_fee_per_gas` (gas price for legacy) in wei; below is "transaction
    /// underpriced". Default 0: a transaction below the *current base fee* is kept (pending
    /// but not selected) until the base fee drops; only this static floor rejects.
    pub min_max_fee_per_gas: u128,
    /// Minimum priority fee (gas price for legacy) in wei, geth's `--txpool.pricelimit`.
    /// Default 0 (anvil-like; geth's default is 1 wei).
    pub min_priority_fee: u128,
    /// Replacement bump in percent that both the max fee and the priority fee must reach.
    /// Default 10 (geth `--txpool.pricebump`).
    pub price_bump_percent: u32,
}

impl PoolConfig {
    /// Defaults for the given chain id (see the field docs).
    pub const fn new(chain_id: u64) -> Self {
        Self {
            chain_id,
            allow_unprotected: true,
            block_gas_limit: 30_000_000,
            max_account_slots: 64,
            max_pool_size: 10_000,
            max_tx_size: 128 * 1024,
            min_max_fee_per_gas: 0,
            min_priority_fee: 0,
            price_bump_percent: 10,
        }
    }

    /// Defaults with chain id and block gas limit taken from the chain spec.
    pub const fn from_chain_spec(spec: &ChainSpec) -> Self {
        let mut config = Self::new(spec.chain_id);
        config.block_gas_limit = spec.gas_limit;
        config
    }

    /// Checks that need neither state nor the rest of the pool, in geth's order: type, size,
    /// chain id, nonce, gas limit, fee cap vs tip, intrinsic gas, minimum fees. Pure and cheap
    /// enough to run anywhere; [`crate::TxPool::add`] runs it, and a caller that ran it already
    /// (off the pool lock) hands the result to [`crate::TxPool::add_checked`].
    pub fn check_stateless<T: PoolTransaction>(&self, tx: &T) -> PoolResult<()> {
        let config = self;
        let tx_type = tx.tx_type();
        if UNSUPPORTED_TX_TYPES.contains(&tx_type) {
            return Err(PoolError::TxTypeNotSupported { tx_type });
        }
        let size = tx.encoded_len();
        if size > config.max_tx_size {
            return Err(PoolError::OversizedData {
                size,
                max: config.max_tx_size,
            });
        }
        match tx.chain_id() {
            Some(got) if got != config.chain_id => {
                return Err(PoolError::InvalidChainId {
                    got,
                    expected: config.chain_id,
                });
            }
            None if !config.allow_unprotected => return Err(PoolError::Unprotected),
            _ => {}
        }
        if tx.nonce() == u64::MAX {
            return Err(PoolError::NonceMax);
        }
        let gas_limit = tx.gas_limit();
        if gas_limit > config.block_gas_limit {
            return Err(PoolError::ExceedsBlockGasLimit {
                gas_limit,
                block_gas_limit: config.block_gas_limit,
            });
        }
        let max_fee = tx.max_fee_per_gas();
        if tx
            .max_priority_fee_per_gas()
            .is_some_and(|tip| tip > max_fee)
        {
            return Err(PoolError::TipAboveFeeCap);
        }
        let intrinsic = tx.intrinsic_gas();
        if gas_limit < intrinsic {
            return Err(PoolError::IntrinsicGasTooLow {
                gas_limit,
                intrinsic,
            });
        }
        if max_fee < config.min_max_fee_per_gas || tx.priority_fee() < config.min_priority_fee {
            return Err(PoolError::Underpriced);
        }
        Ok(())
    }
}
