//! The in-memory overlay: blocks that are durable in the write-ahead log but not yet folded into
//! redb, as every reader sees them.
//!
//! Two views of the same blocks:
//!
//! - [`Pending`]: an immutable list of [`PendingBlock`]s (oldest first), swapped as a whole when a
//!   block is committed or a fold lands. Readers clone the `Arc` together with their redb read
//!   transaction and answer block, transaction, receipt and plain-state questions from the newest
//!   pending block that has the answer, then from redb. Cost: one hash or binary-search lookup per
//!   pending block, and the number of pending blocks is bounded.
//! - [`TrieCache`]: the hashed leaves and trie nodes of the pending blocks merged into one map per
//!   table (newest write wins, each entry tagged with the block that wrote it), because a state
//!   root walk seeks thousands of times and must not pay a lookup per pending block at each seek.
//!   Walks read it through [`Layered`], which merges it over the redb table.
//!
//! Why overlapping data is harmless: a fold writes blocks `F+1..=G` into redb and only then drops
//! them from the overlay, so a reader may see a block both in redb and in the overlay. An overlay
//! entry of block `b <= G` is either overwritten by a newer overlay entry (which wins) or is the
//! value redb holds at `G` — the same answer either way.

use crate::{
    codec::encode_branch,
    error::Result,
    tables::{key, nibbles_key},
    trie::TrieUpdates,
};
use alloy_primitives::{Address, B256, Bytes, U256};
use lumio_primitives::{
    AccountDiff, AccountState, StateDiff, StoredBlock, StoredReceipt, StoredTx, TxLocation,
};
use redb::ReadableTable;
use std::{
    collections::{BTreeMap, HashMap},
    ops::Bound,
    sync::Arc,
};

/// A visitor of key-value entries: returns `false` to stop.
pub(crate) type Visit<'a> = dyn FnMut(&[u8], &[u8]) -> Result<bool> + 'a;

/// Ordered key-value reads the trie walk needs: a redb table, or a redb table with the
/// [`TrieCache`] over it.
pub(crate) trait KvSource {
    /// Calls `f` on each entry with `start <= key` (and `key <= end` when given), in key order,
    /// until `f` returns `false`.
    fn scan(&self, start: &[u8], end: Option<&[u8]>, f: &mut Visit<'_>) -> Result<()>;
}

/// A redb table as a [`KvSource`].
pub(crate) struct Db<'a, T>(pub(crate) &'a T);

impl<T: ReadableTable<&'static [u8], &'static [u8]>> KvSource for Db<'_, T> {
    fn scan(&self, start: &[u8], end: Option<&[u8]>, f: &mut Visit<'_>) -> Result<()> {
        let range = match end {
            Some(end) => self.0.range::<&[u8]>(start..=end)?,
            None => self.0.range::<&[u8]>(start..)?,
        };
        for entry in range {
            let (k, v) = entry?;
            if !f(k.value(), v.value())? {
                break;
            }
        }
        Ok(())
    }
}

/// Cached table: exact redb key -> (block that wrote it, value; `None` = deleted).
pub(crate) type CachedTable = BTreeMap<Vec<u8>, (u64, Option<Vec<u8>>)>;

/// A redb table with a [`CachedTable`] over it. Cached entries win; `None` hides the key; redb
/// keys whose first 32 bytes are in `wiped` (storage of an account wiped by a pending block) are
/// hidden.
pub(crate) struct Layered<'a, T> {
    pub(crate) db: &'a T,
    pub(crate) cache: &'a CachedTable,
    pub(crate) wiped: Option<&'a HashMap<B256, u64>>,
}

impl<T: ReadableTable<&'static [u8], &'static [u8]>> Layered<'_, T> {
    fn hidden(&self, k: &[u8]) -> bool {
        self.wiped
            .is_some_and(|w| k.len() >= 32 && w.contains_key(&B256::from_slice(&k[..32])))
    }

    /// The value of one key.
    pub(crate) fn get(&self, k: &[u8]) -> Result<Option<Vec<u8>>> {
        if let Some((_, v)) = self.cache.get(k) {
            return Ok(v.clone());
        }
        if self.hidden(k) {
            return Ok(None);
        }
        Ok(self.db.get(k)?.map(|v| v.value().to_vec()))
    }
}

impl<T: ReadableTable<&'static [u8], &'static [u8]>> KvSource for Layered<'_, T> {
    fn scan(&self, start: &[u8], end: Option<&[u8]>, f: &mut Visit<'_>) -> Result<()> {
        let upper = match end {
            Some(end) => Bound::Included(end),
            None => Bound::Unbounded,
        };
        let mut cached = self
            .cache
            .range::<[u8], _>((Bound::Included(start), upper))
            .peekable();
        let mut db = match end {
            Some(end) => self.db.range::<&[u8]>(start..=end)?,
            None => self.db.range::<&[u8]>(start..)?,
        };
        // Cached entries below `bound` (all for `None`); false when `f` asked to stop.
        let mut flush = |bound: Option<&[u8]>, f: &mut Visit<'_>| -> Result<bool> {
            while let Some((k, (_, v))) =
                cached.next_if(|(k, _)| bound.is_none_or(|b| k.as_slice() <= b))
            {
                if let Some(v) = v
                    && !f(k, v)?
                {
                    return Ok(false);
                }
            }
            Ok(true)
        };
        for entry in db.by_ref() {
            let (k, v) = entry?;
            let k = k.value();
            // Cached keys up to and including `k` first; a cached `k` replaces redb's.
            if !flush(Some(k), f)? {
                return Ok(());
            }
            if self.cache.contains_key(k) || self.hidden(k) {
                continue;
            }
            if !f(k, v.value())? {
                return Ok(());
            }
        }
        flush(None, f)?;
        Ok(())
    }
}

/// Hashed leaves and trie nodes of the pending blocks, merged (see the module docs).
#[derive(Debug, Default)]
pub(crate) struct TrieCache {
    /// Head the cache is at (the newest committed block, pending or folded) and its hash.
    pub(crate) head: Option<(u64, B256)>,
    pub(crate) hashed_accounts: CachedTable,
    pub(crate) account_trie: CachedTable,
    pub(crate) hashed_storage: CachedTable,
    pub(crate) storage_trie: CachedTable,
    /// Accounts whose storage a pending block wiped, by keccak(address), with that block.
    pub(crate) wiped: HashMap<B256, u64>,
}

fn remove_prefix(table: &mut CachedTable, prefix: &[u8]) {
    let doomed: Vec<Vec<u8>> = table
        .range::<[u8], _>((Bound::Included(prefix), Bound::Unbounded))
        .take_while(|(k, _)| k.starts_with(prefix))
        .map(|(k, _)| k.clone())
        .collect();
    for k in doomed {
        table.remove(&k);
    }
}

impl TrieCache {
    /// Adds block `number`'s trie changes (in the order the fold writes them).
    pub(crate) fn apply(&mut self, number: u64, hash: B256, trie: &TrieUpdates) {
        for (hashed, leaf) in &trie.account_leaves {
            self.hashed_accounts
                .insert(hashed.to_vec(), (number, leaf.clone()));
        }
        for path in &trie.removed_account_nodes {
            self.account_trie
                .insert(nibbles_key(&[], path), (number, None));
        }
        for (path, node) in &trie.account_nodes {
            self.account_trie
                .insert(nibbles_key(&[], path), (number, Some(encode_branch(node))));
        }
        for (hashed, st) in &trie.storage {
            if st.wiped {
                remove_prefix(&mut self.hashed_storage, hashed.as_slice());
                remove_prefix(&mut self.storage_trie, hashed.as_slice());
                self.wiped.insert(*hashed, number);
            }
            for (slot, leaf) in &st.leaves {
                self.hashed_storage.insert(
                    key(&[hashed.as_slice(), slot.as_slice()]),
                    (number, leaf.clone()),
                );
            }
            for path in &st.removed {
                self.storage_trie
                    .insert(nibbles_key(hashed.as_slice(), path), (number, None));
            }
            for (path, node) in &st.nodes {
                self.storage_trie.insert(
                    nibbles_key(hashed.as_slice(), path),
                    (number, Some(encode_branch(node))),
                );
            }
        }
        self.head = Some((number, hash));
    }

    /// Drops what blocks up to `folded` wrote: redb holds it now.
    pub(crate) fn prune(&mut self, folded: u64) {
        for table in [
            &mut self.hashed_accounts,
            &mut self.account_trie,
            &mut self.hashed_storage,
            &mut self.storage_trie,
        ] {
            table.retain(|_, (number, _)| *number > folded);
        }
        self.wiped.retain(|_, number| *number > folded);
    }
}

/// A committed block that is not (known to be) in redb yet: everything its commit writes.
#[derive(Debug)]
pub(crate) struct PendingBlock {
    pub(crate) block: StoredBlock,
    pub(crate) receipts: Vec<StoredReceipt>,
    /// `logIndex` of each receipt's first log.
    pub(crate) first_log_index: Vec<u64>,
    /// Transaction hash -> index in the block.
    pub(crate) tx_index: HashMap<B256, u64>,
    pub(crate) diff: StateDiff,
    pub(crate) trie: TrieUpdates,
    /// Size of the block's log record (0 for a store without a log): what the overlay's byte
    /// bound counts.
    pub(crate) record_bytes: usize,
}

impl PendingBlock {
    pub(crate) fn new(
        block: StoredBlock,
        receipts: Vec<StoredReceipt>,
        diff: StateDiff,
        trie: TrieUpdates,
        record_bytes: usize,
    ) -> Self {
        let mut first_log_index = Vec::with_capacity(receipts.len());
        let mut logs = 0u64;
        for r in &receipts {
            first_log_index.push(logs);
            logs += r.logs.len() as u64;
        }
        let tx_index = block
            .transactions
            .iter()
            .enumerate()
            .map(|(i, t)| (t.hash, i as u64))
            .collect();
        Self {
            block,
            receipts,
            first_log_index,
            tx_index,
            diff,
            trie,
            record_bytes,
        }
    }

    pub(crate) const fn number(&self) -> u64 {
        self.block.header.number
    }
}

/// What a pending block says about one account.
fn account_in(change: &AccountDiff) -> Option<AccountState> {
    change.info
}

/// The pending blocks, oldest first, consecutive. Immutable: a commit or a fold publishes a new
/// one.
#[derive(Debug, Default, Clone)]
pub(crate) struct Pending {
    pub(crate) blocks: Vec<Arc<PendingBlock>>,
}

impl Pending {
    /// Newest pending block number.
    pub(crate) fn head(&self) -> Option<u64> {
        self.blocks.last().map(|b| b.number())
    }

    pub(crate) fn len(&self) -> usize {
        self.blocks.len()
    }

    /// Log-record bytes of the pending blocks.
    pub(crate) fn record_bytes(&self) -> usize {
        self.blocks.iter().map(|b| b.record_bytes).sum()
    }

    /// Pending block `number`.
    pub(crate) fn block(&self, number: u64) -> Option<&PendingBlock> {
        let first = self.blocks.first()?.number();
        let i = usize::try_from(number.checked_sub(first)?).ok()?;
        self.blocks.get(i).map(|b| &**b)
    }

    /// Number of the pending block with this hash.
    pub(crate) fn block_number(&self, hash: B256) -> Option<u64> {
        self.blocks
            .iter()
            .rev()
            .find(|b| b.block.hash == hash)
            .map(|b| b.number())
    }

    /// Where a pending transaction is.
    pub(crate) fn transaction_location(&self, tx_hash: B256) -> Option<TxLocation> {
        self.blocks.iter().rev().find_map(|b| {
            b.tx_index.get(&tx_hash).map(|index| TxLocation {
                block_number: b.number(),
                block_hash: b.block.hash,
                index: *index,
            })
        })
    }

    /// Blocks up to `at` (all for `None`), newest first.
    fn upto(&self, at: Option<u64>) -> impl Iterator<Item = &PendingBlock> {
        self.blocks
            .iter()
            .rev()
            .map(|b| &**b)
            .filter(move |b| at.is_none_or(|at| b.number() <= at))
    }

    /// The account after block `at` (the newest for `None`) as the pending blocks up to it say:
    /// `None` when none of them changed it (ask redb), `Some(None)` when it does not exist.
    pub(crate) fn account(
        &self,
        address: Address,
        at: Option<u64>,
    ) -> Option<Option<AccountState>> {
        self.upto(at)
            .find_map(|b| b.diff.accounts.get(&address).map(account_in))
    }

    /// A storage slot likewise: `None` when no pending block up to `at` decides it.
    pub(crate) fn storage(&self, address: Address, slot: U256, at: Option<u64>) -> Option<U256> {
        self.upto(at).find_map(|b| {
            let change = b.diff.accounts.get(&address)?;
            if change.info.is_none() {
                return Some(U256::ZERO);
            }
            match change.storage.get(&slot) {
                Some(v) => Some(*v),
                None if change.storage_wiped => Some(U256::ZERO),
                None => None,
            }
        })
    }

    /// Code by hash, if a pending block introduced it.
    pub(crate) fn code(&self, code_hash: B256) -> Option<Bytes> {
        self.blocks
            .iter()
            .rev()
            .find_map(|b| b.diff.codes.get(&code_hash).cloned())
    }

    /// Hash of pending block `number`.
    pub(crate) fn block_hash(&self, number: u64) -> Option<B256> {
        self.block(number).map(|b| b.block.hash)
    }
}

impl PendingBlock {
    /// Transaction `index`.
    pub(crate) fn transaction(&self, index: u64) -> Option<StoredTx> {
        self.block
            .transactions
            .get(usize::try_from(index).ok()?)
            .cloned()
    }

    /// Receipt `index` with its first log index.
    pub(crate) fn receipt(&self, index: u64) -> Option<(StoredReceipt, u64)> {
        let i = usize::try_from(index).ok()?;
        Some((self.receipts.get(i)?.clone(), *self.first_log_index.get(i)?))
    }
}
