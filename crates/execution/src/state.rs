//! The executor's view of state: a [`StateReader`] with a write-back cache that op-revm reads
//! through (`Database`) and commits into (`DatabaseCommit`), and that turns what was committed
//! into the block's [`StateDiff`].

use alloy_primitives::{
    Address, B256, Bytes, U256,
    map::{AddressMap, B256Map, U256Map},
};
use lumio_evm::revm::{
    Database, DatabaseCommit,
    bytecode::Bytecode,
    context_interface::DBErrorMarker,
    state::{Account, AccountInfo},
};
use lumio_primitives::{
    AccountDiff, AccountState, SortedMap, StateDiff, StateError, StateReader, state::KECCAK_EMPTY,
};
use std::collections::BTreeMap;

/// A state read failure as op-revm sees it.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The backing [`StateReader`] failed.
    #[error(transparent)]
    State(#[from] StateError),
    /// An account references code the state does not have.
    #[error("code {0} missing from state")]
    MissingCode(B256),
}

impl DBErrorMarker for DbError {}

#[derive(Debug, Clone, Copy)]
struct Slot {
    /// Value the diff is relative to: the reader's value, or zero after a wipe.
    base: U256,
    /// Current value.
    value: U256,
}

/// One account in the cache. Kept small (no `AccountInfo`, no copy of the reader's record): a
/// block touches every account once for a cache insert, and that insert's cache misses are a
/// large share of the executor's overhead over raw revm on transfer-heavy blocks.
#[derive(Debug)]
struct CachedAccount {
    /// Current record, `None` if it does not exist (never did, or destroyed).
    current: Option<AccountState>,
    /// The reader has the account (it existed before the block).
    existed: bool,
    /// A commit or override changed the record (it may have changed back: then the diff carries
    /// the unchanged record, which applies as a no-op).
    changed: bool,
    /// Storage was wiped (self-destruct or re-creation) during the block.
    storage_wiped: bool,
    storage: U256Map<Slot>,
}

/// The revm view of a record. Code is left for revm to load through `code_by_hash` (it does for
/// every account whose `code` is `None`), so EOAs never carry a `Bytecode`.
fn to_info(state: AccountState) -> AccountInfo {
    AccountInfo {
        balance: state.balance,
        nonce: state.nonce,
        code_hash: state.code_hash,
        account_id: None,
        code: None,
    }
}

fn to_state(info: &AccountInfo) -> AccountState {
    AccountState {
        nonce: info.nonce,
        balance: info.balance,
        code_hash: info.code_hash,
    }
}

/// Bytecode from raw bytes; bytes that are neither legacy code nor a 7702 delegation are kept as
/// legacy code rather than rejected, so no stored code can make execution panic.
pub(crate) fn bytecode(bytes: Bytes) -> Bytecode {
    Bytecode::new_raw_checked(bytes.clone()).unwrap_or_else(|_| Bytecode::new_legacy(bytes))
}

/// Write-back cache over a [`StateReader`] for one block (or one call).
#[derive(Debug)]
pub struct StateDb<S> {
    reader: S,
    accounts: AddressMap<CachedAccount>,
    codes: B256Map<Bytecode>,
    new_codes: BTreeMap<B256, Bytes>,
    /// An invariant broke inside `commit` (which cannot return errors); reported by the owner.
    broken: Option<String>,
}

impl<S: StateReader> StateDb<S> {
    /// Empty cache over `reader`.
    pub fn new(reader: S) -> Self {
        Self {
            reader,
            accounts: AddressMap::default(),
            codes: B256Map::default(),
            new_codes: BTreeMap::new(),
            broken: None,
        }
    }

    /// The invariant violation recorded by `commit`, if any.
    pub(crate) fn take_broken(&mut self) -> Option<String> {
        self.broken.take()
    }

    fn load(&mut self, address: Address) -> Result<&mut CachedAccount, DbError> {
        use std::collections::hash_map::Entry;
        Ok(match self.accounts.entry(address) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                let current = self.reader.account(address)?;
                e.insert(CachedAccount {
                    current,
                    existed: current.is_some(),
                    changed: false,
                    storage_wiped: false,
                    storage: U256Map::default(),
                })
            }
        })
    }

    /// Current account record (after everything committed so far).
    pub fn account(&mut self, address: Address) -> Result<Option<AccountState>, DbError> {
        Ok(self.load(address)?.current)
    }

    /// Overwrites an account's record and/or storage (eth_call state overrides). `code` replaces
    /// the code; `storage_replace` wipes storage first (`state`), `storage` patches it
    /// (`stateDiff`).
    pub(crate) fn apply_override(
        &mut self,
        address: Address,
        balance: Option<U256>,
        nonce: Option<u64>,
        code: Option<Bytes>,
        storage_replace: Option<&BTreeMap<B256, B256>>,
        storage_patch: Option<&BTreeMap<B256, B256>>,
    ) -> Result<(), DbError> {
        let code_hash = code.map(|c| {
            let bc = bytecode(c);
            let hash = bc.hash_slow();
            self.codes.insert(hash, bc);
            hash
        });
        let account = self.load(address)?;
        let mut state = account.current.unwrap_or_default();
        if let Some(balance) = balance {
            state.balance = balance;
        }
        if let Some(nonce) = nonce {
            state.nonce = nonce;
        }
        if let Some(hash) = code_hash {
            state.code_hash = hash;
        }
        account.current = Some(state);
        account.changed = true;
        if let Some(replace) = storage_replace {
            account.storage_wiped = true;
            account.storage.clear();
            for (k, v) in replace {
                let value = U256::from_be_bytes(v.0);
                account.storage.insert(
                    U256::from_be_bytes(k.0),
                    Slot {
                        base: U256::ZERO,
                        value,
                    },
                );
            }
        }
        if let Some(patch) = storage_patch {
            for (k, v) in patch {
                let value = U256::from_be_bytes(v.0);
                account
                    .storage
                    .insert(U256::from_be_bytes(k.0), Slot { base: value, value });
            }
        }
        Ok(())
    }

    /// Everything committed, as a diff against the reader's state.
    pub fn into_diff(self) -> StateDiff {
        // The cache is read once in its own memory order (random lookups into it cost a cache
        // miss each); then only (address, position) pairs are sorted, and the diffs are taken
        // in that order into the diff's sorted vector.
        let mut diffs: Vec<AccountDiff> = Vec::with_capacity(self.accounts.len());
        let mut order: Vec<(Address, usize)> = Vec::with_capacity(self.accounts.len());
        for (address, account) in &self.accounts {
            if let Some(diff) = account_diff(account) {
                order.push((*address, diffs.len()));
                diffs.push(diff);
            }
        }
        order.sort_unstable_by_key(|(address, _)| *address);
        let mut sorted: Vec<(Address, AccountDiff)> = Vec::with_capacity(order.len());
        for (address, i) in order {
            if let Some(diff) = diffs.get_mut(i) {
                sorted.push((address, std::mem::take(diff)));
            }
        }
        // Keys come from a map, so they are unique; sorted just above.
        let accounts =
            SortedMap::from_sorted(sorted).unwrap_or_else(|entries| entries.into_iter().collect());
        StateDiff {
            accounts,
            codes: self.new_codes,
        }
    }
}

/// What changed in one cached account, `None` if nothing did.
fn account_diff(account: &CachedAccount) -> Option<AccountDiff> {
    if !account.existed && account.current.is_none() {
        // Did not exist before and does not now (e.g. created and destroyed in one
        // transaction, or touched while empty).
        return None;
    }
    let storage: BTreeMap<U256, U256> = if account.current.is_none() {
        BTreeMap::new()
    } else {
        account
            .storage
            .iter()
            .filter(|(_, slot)| slot.value != slot.base)
            .map(|(k, slot)| (*k, slot.value))
            .collect()
    };
    let wiped = account.storage_wiped && account.existed;
    if !wiped && !account.changed && storage.is_empty() {
        return None;
    }
    Some(AccountDiff {
        info: account.current,
        storage_wiped: wiped,
        storage,
    })
}

impl<S: StateReader> Database for StateDb<S> {
    type Error = DbError;

    fn basic(&mut self, address: Address) -> Result<Option<AccountInfo>, DbError> {
        Ok(self.load(address)?.current.map(to_info))
    }

    fn code_by_hash(&mut self, code_hash: B256) -> Result<Bytecode, DbError> {
        if code_hash == KECCAK_EMPTY {
            return Ok(Bytecode::default());
        }
        if let Some(code) = self.codes.get(&code_hash) {
            return Ok(code.clone());
        }
        let bytes = self
            .reader
            .code(code_hash)?
            .ok_or(DbError::MissingCode(code_hash))?;
        let code = bytecode(bytes);
        self.codes.insert(code_hash, code.clone());
        Ok(code)
    }

    fn storage(&mut self, address: Address, index: U256) -> Result<U256, DbError> {
        let account = self.load(address)?;
        if let Some(slot) = account.storage.get(&index) {
            return Ok(slot.value);
        }
        let value = if account.storage_wiped || !account.existed {
            U256::ZERO
        } else {
            self.reader.storage(address, index)?
        };
        // Re-borrow: the reader call above needed `self.reader` while `account` was live.
        if let Some(account) = self.accounts.get_mut(&address) {
            account.storage.insert(index, Slot { base: value, value });
        }
        Ok(value)
    }

    fn block_hash(&mut self, number: u64) -> Result<B256, DbError> {
        Ok(self.reader.block_hash(number)?.unwrap_or_default())
    }
}

impl<S: StateReader> DatabaseCommit for StateDb<S> {
    fn commit(&mut self, changes: AddressMap<Account>) {
        for (address, account) in changes {
            if !account.is_touched() {
                continue;
            }
            let Some(cached) = self.accounts.get_mut(&address) else {
                // op-revm only commits accounts it loaded through `basic`.
                self.broken = Some(format!("commit of account {address} that was never loaded"));
                continue;
            };
            if account.is_selfdestructed() {
                cached.current = None;
                cached.changed = true;
                cached.storage_wiped = true;
                cached.storage.clear();
                continue;
            }
            if account.is_created() {
                cached.storage_wiped = true;
                cached.storage.clear();
            }
            // EIP-161: a touched empty account is removed (revm leaves that to the database).
            if account.is_empty() {
                cached.changed |= cached.current.is_some();
                cached.current = None;
                continue;
            }
            let previous_code = cached.current.map_or(KECCAK_EMPTY, |a| a.code_hash);
            if account.info.code_hash != previous_code && account.info.code_hash != KECCAK_EMPTY {
                match &account.info.code {
                    Some(code) => {
                        self.new_codes
                            .insert(account.info.code_hash, code.original_bytes());
                        self.codes.insert(account.info.code_hash, code.clone());
                    }
                    None => {
                        self.broken =
                            Some(format!("new code of {address} committed without bytes"));
                    }
                }
            }
            let wiped = cached.storage_wiped;
            for (key, slot) in account.storage {
                if !slot.is_changed() {
                    continue;
                }
                cached
                    .storage
                    .entry(key)
                    .and_modify(|s| s.value = slot.present_value)
                    .or_insert(Slot {
                        base: if wiped {
                            U256::ZERO
                        } else {
                            slot.original_value
                        },
                        value: slot.present_value,
                    });
            }
            let state = Some(to_state(&account.info));
            if state != cached.current {
                cached.current = state;
                cached.changed = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemoryState;
    use lumio_evm::revm::state::{AccountStatus, EvmStorageSlot};

    fn touched(info: AccountInfo) -> Account {
        let mut account = Account::from(info);
        account.mark_touch();
        account
    }

    #[test]
    fn diff_records_changes_deletions_and_wipes() {
        let (a, b, c) = (
            Address::with_last_byte(1),
            Address::with_last_byte(2),
            Address::with_last_byte(3),
        );
        let mut reader = MemoryState::new();
        reader.fund(a, U256::from(10));
        reader.fund(b, U256::from(5));
        reader.set_storage(b, U256::from(1), U256::from(11));
        reader.set_storage(b, U256::from(2), U256::from(22));
        let mut db = StateDb::new(&reader);

        // Reads alone change nothing.
        let info_a = db.basic(a).unwrap().unwrap();
        assert_eq!(db.storage(b, U256::from(1)).unwrap(), U256::from(11));
        assert_eq!(db.basic(c).unwrap(), None);

        // a: balance change; b: slot 1 deleted, slot 2 unchanged; c: untouched.
        let mut changes = AddressMap::default();
        changes.insert(
            a,
            touched(AccountInfo {
                balance: U256::from(7),
                ..info_a
            }),
        );
        let info_b = db.basic(b).unwrap().unwrap();
        let mut account_b = touched(info_b);
        let mut slot = EvmStorageSlot::new(U256::from(11), 0);
        slot.present_value = U256::ZERO;
        account_b.storage.insert(U256::from(1), slot);
        account_b
            .storage
            .insert(U256::from(2), EvmStorageSlot::new(U256::from(22), 0));
        changes.insert(b, account_b);
        db.commit(changes);
        assert!(db.take_broken().is_none());

        // The current values are served from the cache.
        assert_eq!(db.storage(b, U256::from(1)).unwrap(), U256::ZERO);
        assert_eq!(db.basic(a).unwrap().unwrap().balance, U256::from(7));

        let diff = db.into_diff();
        assert_eq!(diff.accounts.len(), 2);
        assert_eq!(diff.accounts[&a].info.unwrap().balance, U256::from(7));
        let b_diff = &diff.accounts[&b];
        assert!(!b_diff.storage_wiped);
        assert_eq!(b_diff.storage.len(), 1);
        assert_eq!(b_diff.storage[&U256::from(1)], U256::ZERO);
    }

    #[test]
    fn selfdestruct_wipes_and_deletes() {
        let b = Address::with_last_byte(2);
        let mut reader = MemoryState::new();
        reader.set_code(b, Bytes::from_static(&[0x00]));
        reader.set_storage(b, U256::from(1), U256::from(1));
        let mut db = StateDb::new(&reader);
        let info = db.basic(b).unwrap().unwrap();
        let mut account = touched(info);
        account.status |= AccountStatus::SelfDestructed;
        let mut changes = AddressMap::default();
        changes.insert(b, account);
        db.commit(changes);
        assert_eq!(
            db.storage(b, U256::from(1)).unwrap(),
            U256::ZERO,
            "wiped storage reads zero"
        );
        let diff = db.into_diff();
        assert_eq!(diff.accounts[&b].info, None);
        assert!(diff.accounts[&b].storage_wiped);
    }

    #[test]
    fn commit_of_unknown_account_is_reported_not_panicking() {
        let reader = MemoryState::new();
        let mut db = StateDb::new(&reader);
        let mut changes = AddressMap::default();
        changes.insert(Address::with_last_byte(9), touched(AccountInfo::default()));
        db.commit(changes);
        assert!(db.take_broken().is_some());
    }

    #[test]
    fn missing_code_is_an_error_and_bad_code_does_not_panic() {
        let reader = MemoryState::new();
        let mut db = StateDb::new(&reader);
        assert!(matches!(
            db.code_by_hash(B256::repeat_byte(1)),
            Err(DbError::MissingCode(_))
        ));
        // An EOF-looking prefix that is not valid is kept as legacy bytes.
        let code = bytecode(Bytes::from_static(&[0xef, 0x00, 0x01]));
        assert_eq!(code.original_bytes().as_ref(), &[0xef, 0x00, 0x01]);
    }
}
