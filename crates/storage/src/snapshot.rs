//! [`StateSnapshot`]: one consistent version of the state, latest or historical.

use crate::{
    codec::{decode_account, decode_account_opt, decode_b256, decode_u256},
    error::{Result, StorageError},
    overlay::Pending,
    tables::{
        ACCOUNT_HISTORY, CANONICAL, CODES, META, PLAIN_ACCOUNTS, PLAIN_STORAGE, STORAGE_HISTORY,
        key, slot_key,
    },
};
use alloy_primitives::{Address, B256, Bytes, U256};
use lumio_primitives::{AccountState, StateError, StateReader};
use redb::{ReadOnlyTable, ReadTransaction, TableDefinition};
use std::sync::{Arc, OnceLock};

type RawTable = ReadOnlyTable<&'static [u8], &'static [u8]>;

/// A consistent read view of the state after one block, backed by a redb read transaction and
/// the overlay of not-yet-folded blocks of the same moment: commits that happen after it was
/// taken are not visible. Cheap to create; hold it only as long as needed (an open snapshot
/// keeps the pages of its version alive).
///
/// The latest state is the newest overlay block that changed the key, else the plain tables.
/// A historical state at block `N`: when `N` is at or above redb's head `G`, the newest overlay
/// block up to `N` that changed the key, else redb's plain tables (no block in `(G, N]` changed
/// it); when `N` is below `G`, redb alone: the pre-image recorded by the first block above `N`
/// that changed the key (history tables), else redb's plain value.
#[derive(Debug)]
pub struct StateSnapshot {
    /// `None`: the latest state; `Some(n)`: the state after block `n` (below the head).
    at: Option<u64>,
    head: Option<u64>,
    /// redb's head in this transaction (the overlay holds the blocks above it).
    db_head: Option<u64>,
    pending: Arc<Pending>,
    accounts: RawTable,
    // The other tables are opened on first use: opening a table is a measurable share of a
    // transaction submission, which reads accounts only.
    storage: OnceLock<RawTable>,
    codes: OnceLock<RawTable>,
    canonical: OnceLock<ReadOnlyTable<u64, &'static [u8]>>,
    /// History tables: opened for historical snapshots only (the latest state never reads them).
    history_tables: Option<(RawTable, RawTable)>,
    tx: ReadTransaction,
}

/// The table in `cell`, opening it from `tx` on first use.
pub(crate) fn lazy<'a, K: redb::Key + 'static, V: redb::Value + 'static>(
    tx: &ReadTransaction,
    cell: &'a OnceLock<ReadOnlyTable<K, V>>,
    definition: TableDefinition<'static, K, V>,
) -> Result<&'a ReadOnlyTable<K, V>> {
    if let Some(table) = cell.get() {
        return Ok(table);
    }
    let table = tx.open_table(definition)?;
    Ok(cell.get_or_init(|| table))
}

impl StateSnapshot {
    pub(crate) fn new(tx: ReadTransaction, pending: Arc<Pending>, at: Option<u64>) -> Result<Self> {
        let db_head = crate::store::read_head(&tx.open_table(META)?)?;
        let head = pending.head().or(db_head);
        // Below redb's head only the history tables answer; at or above it, the overlay.
        let history = at.filter(|n| db_head.is_some_and(|g| *n < g));
        Ok(Self {
            at,
            head,
            db_head,
            pending,
            accounts: tx.open_table(PLAIN_ACCOUNTS)?,
            storage: OnceLock::new(),
            codes: OnceLock::new(),
            canonical: OnceLock::new(),
            history_tables: match history {
                Some(_) => Some((
                    tx.open_table(ACCOUNT_HISTORY)?,
                    tx.open_table(STORAGE_HISTORY)?,
                )),
                None => None,
            },
            tx,
        })
    }

    /// Block number this state belongs to (`None`: empty database).
    pub fn block_number(&self) -> Option<u64> {
        self.at.or(self.head)
    }

    /// The block up to which the overlay answers: `None` = all of it; `Some(n)` = blocks up to
    /// `n`; and whether the overlay answers at all (not below redb's head).
    fn overlay_at(&self) -> Option<Option<u64>> {
        match self.at {
            None => Some(None),
            Some(n) if self.db_head.is_some_and(|g| n < g) => None,
            Some(n) => Some(Some(n)),
        }
    }

    /// First history entry of `prefix` recorded by a block above this snapshot's block (only
    /// below redb's head; see the type's docs).
    fn history(&self, storage: bool, prefix: &[u8]) -> Result<Option<Vec<u8>>> {
        let (Some(at), Some((accounts, slots))) = (self.at, &self.history_tables) else {
            return Ok(None);
        };
        let table = if storage { slots } else { accounts };
        let Some(from) = at.checked_add(1) else {
            return Ok(None);
        };
        let start = key(&[prefix, &from.to_be_bytes()]);
        let end = key(&[prefix, &u64::MAX.to_be_bytes()]);
        let mut range = table.range::<&[u8]>(start.as_slice()..=end.as_slice())?;
        match range.next() {
            Some(entry) => Ok(Some(entry?.1.value().to_vec())),
            None => Ok(None),
        }
    }

    /// Account record.
    pub fn account(&self, address: Address) -> Result<Option<AccountState>> {
        if let Some(at) = self.overlay_at()
            && let Some(account) = self.pending.account(address, at)
        {
            return Ok(account);
        }
        if let Some(pre) = self.history(false, address.as_slice())? {
            return decode_account_opt(&pre);
        }
        self.accounts
            .get(address.as_slice())?
            .map(|v| decode_account(v.value()))
            .transpose()
    }

    /// Storage value (zero if unset).
    pub fn storage(&self, address: Address, slot: U256) -> Result<U256> {
        if let Some(at) = self.overlay_at()
            && let Some(value) = self.pending.storage(address, slot, at)
        {
            return Ok(value);
        }
        let k = key(&[address.as_slice(), slot_key(slot).as_slice()]);
        if let Some(pre) = self.history(true, &k)? {
            return decode_u256(&pre);
        }
        Ok(lazy(&self.tx, &self.storage, PLAIN_STORAGE)?
            .get(k.as_slice())?
            .map(|v| decode_u256(v.value()))
            .transpose()?
            .unwrap_or_default())
    }

    /// Code by hash (codes are content-addressed and never removed).
    pub fn code(&self, code_hash: B256) -> Result<Option<Bytes>> {
        if let Some(code) = self.pending.code(code_hash) {
            return Ok(Some(code));
        }
        Ok(lazy(&self.tx, &self.codes, CODES)?
            .get(code_hash.as_slice())?
            .map(|v| Bytes::copy_from_slice(v.value())))
    }

    /// Hash of canonical block `number` if it is not above this snapshot's block.
    pub fn block_hash(&self, number: u64) -> Result<Option<B256>> {
        if self.at.is_some_and(|at| number > at) {
            return Ok(None);
        }
        if let Some(hash) = self.pending.block_hash(number) {
            return Ok(Some(hash));
        }
        lazy(&self.tx, &self.canonical, CANONICAL)?
            .get(number)?
            .map(|v| decode_b256(v.value(), "block hash"))
            .transpose()
    }
}

fn state_err(e: &StorageError) -> StateError {
    StateError(e.to_string())
}

impl StateReader for StateSnapshot {
    fn account(&self, address: Address) -> Result<Option<AccountState>, StateError> {
        Self::account(self, address).map_err(|e| state_err(&e))
    }
    fn storage(&self, address: Address, slot: U256) -> Result<U256, StateError> {
        Self::storage(self, address, slot).map_err(|e| state_err(&e))
    }
    fn code(&self, code_hash: B256) -> Result<Option<Bytes>, StateError> {
        Self::code(self, code_hash).map_err(|e| state_err(&e))
    }
    fn block_hash(&self, number: u64) -> Result<Option<B256>, StateError> {
        Self::block_hash(self, number).map_err(|e| state_err(&e))
    }
}
