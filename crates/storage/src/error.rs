//! Errors of the store.

/// Result alias of this crate.
pub type Result<T, E = StorageError> = std::result::Result<T, E>;

/// Everything that can go wrong in the store. Corrupt data on disk is an error, never a panic.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The database backend failed (I/O, lock, transaction or table error).
    #[error("database: {0}")]
    Db(#[from] redb::Error),
    /// Bytes read from disk do not decode; the database is damaged or was written by another
    /// version.
    #[error("corrupt {what}: {detail}")]
    Corrupt {
        /// What was being decoded (table or record kind).
        what: &'static str,
        /// Why it failed.
        detail: String,
    },
    /// A record that a consistent database must contain is missing.
    #[error("missing {what} for {key}")]
    Missing {
        /// What is missing.
        what: &'static str,
        /// Its key.
        key: String,
    },
    /// The database was written in another schema version than this build reads.
    #[error(
        "the database has schema version {found}, this build reads versions {oldest} to {supported} only (see docs/storage.md); start with a fresh data directory"
    )]
    UnsupportedSchema {
        /// Version found (1: written before versions were recorded).
        found: u64,
        /// The oldest version this build opens (and upgrades).
        oldest: u64,
        /// The version this build writes.
        supported: u64,
    },
    /// The block does not extend the current head.
    #[error("block {got} does not extend the head (expected block {expected})")]
    NotNextBlock {
        /// Expected number (head + 1, or 0 on an empty database).
        expected: u64,
        /// Number of the block given.
        got: u64,
    },
    /// The trie updates were computed against another head than the current one.
    #[error("trie updates were computed on head {computed_on:?}, the head is {head:?}")]
    StaleTrieUpdates {
        /// Head when `state_root` ran.
        computed_on: Option<u64>,
        /// Head now.
        head: Option<u64>,
    },
    /// The header's state root differs from the root the trie updates produce.
    #[error("header state root {header} differs from computed root {computed}")]
    StateRootMismatch {
        /// Root in the header.
        header: alloy_primitives::B256,
        /// Root the trie updates lead to.
        computed: alloy_primitives::B256,
    },
    /// A block number beyond the head (or before genesis) was asked for.
    #[error("block {requested} is not available (head {head:?})")]
    UnknownBlock {
        /// Requested number.
        requested: u64,
        /// Current head.
        head: Option<u64>,
    },
    /// A historical state further back than the operation serves.
    #[error(
        "block {requested} is more than {max_depth} blocks below the head {head}; this operation serves the latest {max_depth} blocks"
    )]
    TooDeep {
        /// Requested number.
        requested: u64,
        /// Current head.
        head: u64,
        /// How far back the operation goes.
        max_depth: u64,
    },
    /// A historical view would undo more changes than the operation serves.
    #[error(
        "block {requested} is too far behind the head {head}: more than {max_changes} account and slot changes to undo"
    )]
    TooMuchHistory {
        /// Requested number.
        requested: u64,
        /// Current head.
        head: u64,
        /// How many changes the operation undoes at most.
        max_changes: u64,
    },
    /// The background fold of the overlay into the database failed (commits stop once the
    /// overlay is full; the log keeps every committed block).
    #[error("folding blocks into the database failed: {0}")]
    Fold(String),
    /// Encoding a record failed (should not happen for well-formed values).
    #[error("encode {what}: {detail}")]
    Encode {
        /// Record kind.
        what: &'static str,
        /// Why.
        detail: String,
    },
}

impl StorageError {
    pub(crate) fn corrupt(what: &'static str, detail: impl std::fmt::Display) -> Self {
        Self::Corrupt {
            what,
            detail: detail.to_string(),
        }
    }
}

macro_rules! from_redb {
    ($($t:ty),*) => {$(
        impl From<$t> for StorageError {
            fn from(e: $t) -> Self {
                Self::Db(e.into())
            }
        }
    )*};
}
from_redb!(
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError
);
