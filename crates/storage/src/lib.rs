//! Embedded database of the node: blocks, receipts, indexes, plain state and the incremental
//! Merkle-Patricia state root.
//!
//! What is here: [`Store`], one [redb](https://docs.rs/redb) database holding headers, bodies,
//! receipts and the transaction index; the plain state (accounts, storage, code) read through
//! [`StateSnapshot`] (which implements [`lumio_primitives::StateReader`]) for the latest state and
//! for any kept block via per-block change-sets; the hashed state and stored branch nodes from
//! which [`Store::state_root`] computes Ethereum's state root incrementally (cost follows the
//! number of changed keys); `eth_getProof` proofs ([`Store::account_proof`]); and
//! [`Store::revert_to`] for dev-chain snapshots. Commits go to a write-ahead log (one fsynced
//! append per block) and an in-memory overlay of the newest blocks that every reader and the
//! next state root consult; a background thread folds many blocks into redb in one transaction
//! ([`CommitMode::Logged`], the default; [`CommitMode::Direct`] commits each block to redb).
//!
//! What is not here: executing blocks, deciding what a block contains, Move state encoding (the
//! executor puts it into the state diff). `docs/storage.md` documents the schema and codecs.
//!
//! Usage: `let (root, trie) = store.state_root(&diff)?;` — put `root` into the header — then
//! `store.commit_block(&block, &receipts, &diff, trie)?`. A receipt may be shown to users once
//! `commit_block` returned: its log record (or, direct, its redb transaction) is fsynced, and
//! opening the store replays the log above redb's head.

mod chain;
mod codec;
mod error;
mod overlay;
mod proof;
mod snapshot;
mod store;
mod tables;
mod trie;
mod tx_index;
mod wal;

pub use chain::{ChainView, IndexedReceipt};
pub use error::{Result, StorageError};
pub use proof::{AccountProof, MAX_PROOF_DEPTH, StorageProof};
pub use snapshot::StateSnapshot;
pub use store::{
    CommitMode, DB_FILE, FoldPhases, FoldStats, OLDEST_SCHEMA_VERSION, SCHEMA_VERSION, Store,
    StoreOptions,
};
pub use trie::TrieUpdates;
pub use wal::WAL_DIR;

#[cfg(test)]
mod tests {
    /// The node shares one store between the sequencer and RPC threads, and hands snapshots to
    /// executors on other threads.
    #[test]
    fn store_and_snapshots_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<super::Store>();
        check::<super::StateSnapshot>();
        check::<super::TrieUpdates>();
        check::<super::ChainView>();
    }
}
