//! Rejections of the pool. `Display` is the exact geth message so that clients which match on
//! error strings (ethers, viem, cast, wallets) behave as they do against geth / reth.

use alloy_primitives::U256;

/// Result alias of the pool.
pub type PoolResult<T> = Result<T, PoolError>;

/// Why a transaction was not accepted.
///
/// The `Display` text is geth's error string (`core/txpool/errors.go`, `core/error.go`); the
/// fields carry the details for logs and tests without changing the text clients match on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PoolError {
    /// The same transaction hash is already in the pool.
    #[error("already known")]
    AlreadyKnown,
    /// Deposit (0x7E), post-exec (0x7D) or blob (0x03) transactions never enter the pool.
    #[error("transaction type not supported")]
    TxTypeNotSupported {
        /// The EIP-2718 type byte.
        tx_type: u8,
    },
    /// The encoded transaction is larger than [`crate::PoolConfig::max_tx_size`].
    #[error("oversized data")]
    OversizedData {
        /// Encoded size in bytes.
        size: usize,
        /// Configured limit.
        max: usize,
    },
    /// The transaction is signed for another chain.
    #[error("invalid chain id")]
    InvalidChainId {
        /// Chain id of the transaction.
        got: u64,
        /// Chain id of this node.
        expected: u64,
    },
    /// A pre-EIP-155 transaction while [`crate::PoolConfig::allow_unprotected`] is off.
    #[error("only replay-protected (EIP-155) transactions allowed over RPC")]
    Unprotected,
    /// The gas limit is above the block gas limit: it could never be included.
    #[error("exceeds block gas limit")]
    ExceedsBlockGasLimit {
        /// Gas limit of the transaction.
        gas_limit: u64,
        /// Block gas limit.
        block_gas_limit: u64,
    },
    /// `max_priority_fee_per_gas > max_fee_per_gas`.
    #[error("max priority fee per gas higher than max fee per gas")]
    TipAboveFeeCap,
    /// The gas limit does not cover the intrinsic gas (or the EIP-7623 calldata floor).
    #[error("intrinsic gas too low")]
    IntrinsicGasTooLow {
        /// Gas limit of the transaction.
        gas_limit: u64,
        /// Gas the transaction needs at least.
        intrinsic: u64,
    },
    /// The fee is below the configured minimum, or the pool is full of better-paying
    /// transactions of the same kind.
    #[error("transaction underpriced")]
    Underpriced,
    /// The nonce is `u64::MAX` (EIP-2681: the account nonce could not be incremented).
    #[error("nonce has max value")]
    NonceMax,
    /// The nonce is below the sender's account nonce.
    #[error("nonce too low")]
    NonceTooLow {
        /// Nonce of the transaction.
        tx_nonce: u64,
        /// Current account nonce.
        state_nonce: u64,
    },
    /// The balance does not cover `gas * price + value` (of this transaction plus the
    /// sender's other pool transactions).
    #[error("insufficient funds for gas * price + value: have {have} want {want}")]
    InsufficientFunds {
        /// Balance of the sender.
        have: U256,
        /// What the sender's pool transactions including this one may cost.
        want: U256,
    },
    /// A transaction with the same sender and nonce exists, and this one does not raise both the
    /// max fee and the priority fee by the configured bump (10%).
    #[error("replacement transaction underpriced")]
    ReplacementUnderpriced,
    /// The sender already has [`crate::PoolConfig::max_account_slots`] transactions and this one
    /// would not be more useful than any of them.
    #[error("account limit exceeded")]
    AccountLimitExceeded,
    /// The pool is full and every transaction in it is at least as good as this one.
    #[error("txpool is full")]
    PoolFull,
    /// Reading the sender's account failed (a backend problem, not the transaction's fault).
    /// Holds the `StateError` text ("state read failed: ...").
    #[error("{0}")]
    State(String),
}
