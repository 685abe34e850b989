//! Transaction pool of the Lumio node: validation, per-sender nonce ordering, pending vs
//! queued, replacement and limits.
//!
//! What it is: [`TxPool`] keeps transactions that passed the stateless checks (decode,
//! signature, done by `lumio-execution`) until a block includes them. It validates against the
//! configuration ([`PoolConfig`]) and the latest account state (a
//! [`lumio_primitives::StateReader`]), rejecting with geth's messages ([`PoolError`]). The
//! block builder pulls [`TxPool::best_transactions`]; after commit the node calls
//! [`TxPool::on_block`].
//!
//! What it is not: no decoding, no signature recovery, no execution, no networking, no
//! locking (the node wraps it in a lock), no notifications (the hashes that became pending are
//! returned by [`TxPool::add`] / [`TxPool::on_block`]; the node forwards them).
//!
//! Fee policy: a transaction is rejected ("transaction underpriced") only below the static
//! floors [`PoolConfig::min_max_fee_per_gas`] / [`PoolConfig::min_priority_fee`]. One whose max
//! fee is below the current base fee is accepted and stays pending, but
//! [`TxPool::best_transactions`] does not offer it (nor the sender's later nonces) until the
//! base fee drops to its max fee.
//!
//! Balance policy (geth-like): admission needs `balance >= cost` of the transaction and of
//! all the sender's pool transactions together (`cost = gas_limit * max_fee + value`; the OP
//! L1 data fee is not counted). Pending is the longest run of consecutive nonces from the
//! account nonce whose cumulative cost fits the balance; the rest is queued. After a block, a
//! transaction whose own cost exceeds the new balance is dropped, as geth does.
//!
//! Limits and eviction: max size per transaction (128 KiB), per sender (64, pending and queued
//! together) and per pool (10,000). At the sender limit a lower nonce evicts the sender's
//! highest one, otherwise "account limit exceeded". When the pool is full the lowest-ranked
//! transaction goes (queued before pending, then lower max fee, lower priority fee, later
//! arrival; of pending ones only a sender's last), and only if the newcomer ranks strictly
//! higher; otherwise "txpool is full". Finding it is a linear scan, done only when full.
//!
//! The pool is generic over [`PoolTransaction`]; [`PooledTx`] is the EVM implementation (the
//! executor's `RecoveredTx` fields), a Move (Aptos BCS) transaction type can be a second one.

mod best;
mod config;
mod error;
mod pool;
mod transaction;

pub use best::BestTransactions;
pub use config::PoolConfig;
pub use error::{PoolError, PoolResult};
pub use pool::{AddOutcome, BlockUpdate, TxPool, TxStatus};
pub use transaction::{PoolTransaction, PooledTx, UNSUPPORTED_TX_TYPES, intrinsic_gas};
