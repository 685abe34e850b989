//! An in-memory [`StateReader`] for tests, benchmarks and tools: maps, a diff applier and a full
//! (non-incremental) state root. Not for the node: the store does this incrementally.

use alloy_primitives::{
    Address, B256, Bytes, U256, keccak256,
    map::{AddressMap, B256Map, HashMap, U256Map},
};
use alloy_trie::TrieAccount;
use lumio_primitives::{AccountState, ChainSpec, StateDiff, StateError, StateReader};

/// State held in maps.
#[derive(Debug, Clone, Default)]
pub struct MemoryState {
    accounts: AddressMap<AccountState>,
    storage: AddressMap<U256Map<U256>>,
    codes: B256Map<Bytes>,
    block_hashes: HashMap<u64, B256>,
}

impl MemoryState {
    /// Empty state.
    pub fn new() -> Self {
        Self::default()
    }

    /// The genesis state of `chain`.
    pub fn from_genesis(chain: &ChainSpec) -> Self {
        let mut state = Self::new();
        state.apply(&lumio_evm::genesis_diff(chain));
        state
    }

    /// Sets an account record.
    pub fn set_account(&mut self, address: Address, account: AccountState) {
        self.accounts.insert(address, account);
    }

    /// Sets an account with `balance` and no code.
    pub fn fund(&mut self, address: Address, balance: U256) {
        let mut account = self.accounts.get(&address).copied().unwrap_or_default();
        account.balance = balance;
        self.accounts.insert(address, account);
    }

    /// Sets code (and its hash) on an account.
    pub fn set_code(&mut self, address: Address, code: Bytes) {
        let hash = keccak256(&code);
        let mut account = self.accounts.get(&address).copied().unwrap_or_default();
        account.code_hash = hash;
        self.accounts.insert(address, account);
        self.codes.insert(hash, code);
    }

    /// Sets a storage slot (zero deletes).
    pub fn set_storage(&mut self, address: Address, slot: U256, value: U256) {
        let slots = self.storage.entry(address).or_default();
        if value.is_zero() {
            slots.remove(&slot);
        } else {
            slots.insert(slot, value);
        }
    }

    /// Records a block hash for BLOCKHASH.
    pub fn set_block_hash(&mut self, number: u64, hash: B256) {
        self.block_hashes.insert(number, hash);
    }

    /// Number of accounts.
    pub fn len(&self) -> usize {
        self.accounts.len()
    }

    /// True when there are no accounts.
    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty()
    }

    /// Applies a block's diff.
    pub fn apply(&mut self, diff: &StateDiff) {
        for (hash, code) in &diff.codes {
            self.codes.insert(*hash, code.clone());
        }
        for (address, change) in &diff.accounts {
            if change.storage_wiped || change.info.is_none() {
                self.storage.remove(address);
            }
            match change.info {
                Some(info) => {
                    self.accounts.insert(*address, info);
                }
                None => {
                    self.accounts.remove(address);
                }
            }
            for (slot, value) in &change.storage {
                self.set_storage(*address, *slot, *value);
            }
        }
    }

    /// Storage root of one account.
    pub fn storage_root(&self, address: Address) -> B256 {
        alloy_trie::root::storage_root_unhashed(
            self.storage
                .get(&address)
                .into_iter()
                .flatten()
                .map(|(k, v)| (B256::from(k.to_be_bytes::<32>()), *v)),
        )
    }

    /// Full state root (recomputed from scratch).
    pub fn state_root(&self) -> B256 {
        alloy_trie::root::state_root_unhashed(self.accounts.iter().map(|(address, a)| {
            let account = TrieAccount {
                nonce: a.nonce,
                balance: a.balance,
                storage_root: self.storage_root(*address),
                code_hash: a.code_hash,
            };
            (*address, account)
        }))
    }
}

impl StateReader for MemoryState {
    fn account(&self, address: Address) -> Result<Option<AccountState>, StateError> {
        Ok(self.accounts.get(&address).copied())
    }
    fn storage(&self, address: Address, slot: U256) -> Result<U256, StateError> {
        Ok(self
            .storage
            .get(&address)
            .and_then(|s| s.get(&slot))
            .copied()
            .unwrap_or_default())
    }
    fn code(&self, code_hash: B256) -> Result<Option<Bytes>, StateError> {
        Ok(self.codes.get(&code_hash).cloned())
    }
    fn block_hash(&self, number: u64) -> Result<Option<B256>, StateError> {
        Ok(self.block_hashes.get(&number).copied())
    }
}
