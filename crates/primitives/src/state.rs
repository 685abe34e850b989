//! The state model shared by the executor and the store.
//!
//! EVM accounts are the base (ARCHITECTURE §4). The executor reads state through
//! [`StateReader`] and returns a [`StateDiff`] per block; the store applies the diff atomically
//! and updates the state root from exactly the keys in it.

use crate::SortedMap;
use alloy_primitives::{Address, B256, Bytes, U256};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// keccak256 of empty code.
pub const KECCAK_EMPTY: B256 =
    alloy_primitives::b256!("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");

/// An account record (what the state trie commits to, minus the storage root).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountState {
    /// Nonce.
    pub nonce: u64,
    /// Balance in wei.
    pub balance: U256,
    /// keccak256 of the code; [`KECCAK_EMPTY`] for none.
    pub code_hash: B256,
}

impl Default for AccountState {
    fn default() -> Self {
        Self {
            nonce: 0,
            balance: U256::ZERO,
            code_hash: KECCAK_EMPTY,
        }
    }
}

/// Change of one account within a block.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountDiff {
    /// New record, or `None` when the account was destroyed (or touched-empty and cleared).
    pub info: Option<AccountState>,
    /// All previous storage was wiped (self-destruct, or re-creation) before `storage` applies.
    pub storage_wiped: bool,
    /// Changed slots; a zero value deletes the slot.
    pub storage: BTreeMap<U256, U256>,
}

/// Everything a block changed. Keys are sorted so that applying and hashing are deterministic.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateDiff {
    /// Changed accounts, in address order.
    pub accounts: SortedMap<Address, AccountDiff>,
    /// New contract code by hash.
    pub codes: BTreeMap<B256, Bytes>,
}

impl StateDiff {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty() && self.codes.is_empty()
    }
}

/// Error of a state read (backend failure; "not found" is `Ok(None)`).
#[derive(Debug, thiserror::Error)]
#[error("state read failed: {0}")]
pub struct StateError(pub String);

/// Read access to one version of the state (the latest committed one, a historical one, or an
/// in-memory map in tests and benchmarks).
pub trait StateReader {
    /// Account record, `None` if the account does not exist.
    fn account(&self, address: Address) -> Result<Option<AccountState>, StateError>;
    /// Storage slot value (zero if unset).
    fn storage(&self, address: Address, slot: U256) -> Result<U256, StateError>;
    /// Code by hash.
    fn code(&self, code_hash: B256) -> Result<Option<Bytes>, StateError>;
    /// Hash of a canonical block by number (for BLOCKHASH), `None` if unknown.
    fn block_hash(&self, number: u64) -> Result<Option<B256>, StateError>;
}

impl<T: StateReader + ?Sized> StateReader for &T {
    fn account(&self, address: Address) -> Result<Option<AccountState>, StateError> {
        (**self).account(address)
    }
    fn storage(&self, address: Address, slot: U256) -> Result<U256, StateError> {
        (**self).storage(address, slot)
    }
    fn code(&self, code_hash: B256) -> Result<Option<Bytes>, StateError> {
        (**self).code(code_hash)
    }
    fn block_hash(&self, number: u64) -> Result<Option<B256>, StateError> {
        (**self).block_hash(number)
    }
}
