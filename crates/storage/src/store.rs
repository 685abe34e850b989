//! The [`Store`]: one redb database with blocks, receipts, indexes, plain and hashed state,
//! trie nodes and per-block change-sets.

use crate::{
    chain::{ChainView, delete_block, write_block},
    codec::{
        account_leaf, decode_account, decode_account_leaf, decode_account_opt, decode_b256,
        decode_header, decode_u64, decode_u256, encode_account, encode_account_opt, encode_branch,
        storage_leaf,
    },
    error::{Result, StorageError},
    snapshot::StateSnapshot,
    tables::{self, *},
    trie::{Overlay, StorageTrieUpdates, TrieSource, TrieUpdates, walk},
};
use alloy_consensus::Header;
use alloy_primitives::{Address, B256, U256, keccak256};
use alloy_trie::{BranchNodeCompact, EMPTY_ROOT_HASH, Nibbles};
use lumio_primitives::{StateDiff, StoredBlock, StoredReceipt, TxLocation};
use parking_lot::{Mutex, RwLock};
use redb::{Database, ReadableDatabase, ReadableTable, Table};
use std::{
    collections::{BTreeMap, BTreeSet},
    path::Path,
};

/// File name of the database inside the data directory.
pub const DB_FILE: &str = "lumio.redb";

/// Schema version this build reads and writes, recorded in `meta` when a database is created.
/// Version 1 (no version recorded) kept each block's transactions and receipts as one value;
/// version 2 keeps one row per transaction (`docs/storage.md`). Databases of another version are
/// refused on open.
pub const SCHEMA_VERSION: u64 = 2;

/// The node's embedded database.
///
/// Many readers ([`Store::latest`], [`Store::state_at`], block reads) run concurrently with one
/// writer ([`Store::commit_block`], [`Store::revert_to`]); each reader sees one committed
/// version. Every commit is one atomic, fsynced redb write transaction.
///
/// The head header is also kept in memory (set after each commit or revert, under a lock that
/// orders writers), so "latest block" questions (every transaction submission asks for the next
/// base fee) need no read transaction.
#[derive(Debug)]
pub struct Store {
    db: Database,
    head: RwLock<Option<Header>>,
    /// Held across a write transaction and the `head` update that follows it.
    writer: Mutex<()>,
}

impl Store {
    /// Opens (or creates) the database in `dir` (created if missing).
    pub fn open(dir: impl AsRef<Path>) -> Result<Self> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|e| StorageError::Db(redb::Error::Io(e)))?;
        Self::init(Database::create(dir.join(DB_FILE))?)
    }

    /// A database that lives in memory only (tests, benchmarks, throw-away dev chains).
    pub fn in_memory() -> Result<Self> {
        let db = Database::builder().create_with_backend(redb::backends::InMemoryBackend::new())?;
        Self::init(db)
    }

    fn init(db: Database) -> Result<Self> {
        let tx = db.begin_write()?;
        {
            let mut meta = tx.open_table(META)?;
            let version = meta
                .get(VERSION_KEY)?
                .map(|v| decode_u64(v.value(), "schema version"))
                .transpose()?;
            match version {
                Some(SCHEMA_VERSION) => {}
                // A new database: no block yet and no version.
                None if read_head(&meta)?.is_none() => {
                    meta.insert(VERSION_KEY, SCHEMA_VERSION.to_be_bytes().as_slice())?;
                }
                found => {
                    return Err(StorageError::UnsupportedSchema {
                        found: found.unwrap_or(1),
                        supported: SCHEMA_VERSION,
                    });
                }
            }
        }
        tables::create_all(&tx)?;
        tx.commit()?;
        let store = Self {
            db,
            head: RwLock::new(None),
            writer: Mutex::new(()),
        };
        store.reload_head()?;
        Ok(store)
    }

    /// Re-reads the head header from the database into the in-memory copy.
    fn reload_head(&self) -> Result<()> {
        let tx = self.db.begin_read()?;
        let header = match read_head(&tx.open_table(META)?)? {
            Some(number) => {
                let headers = tx.open_table(HEADERS)?;
                let value = headers.get(number)?.ok_or_else(|| StorageError::Missing {
                    what: "head header",
                    key: number.to_string(),
                })?;
                Some(decode_header(value.value())?)
            }
            None => None,
        };
        *self.head.write() = header;
        Ok(())
    }

    /// Header of the head block (`None` on an empty database), from memory.
    pub fn head_header(&self) -> Option<Header> {
        self.head.read().clone()
    }

    /// The latest committed state.
    pub fn latest(&self) -> Result<StateSnapshot> {
        StateSnapshot::new(self.db.begin_read()?, None)
    }

    /// The state after block `number` (any block from genesis to the head).
    pub fn state_at(&self, number: u64) -> Result<StateSnapshot> {
        let tx = self.db.begin_read()?;
        let head = read_head(&tx.open_table(META)?)?;
        match head {
            Some(h) if number < h => StateSnapshot::new(tx, Some(number)),
            Some(h) if number == h => StateSnapshot::new(tx, None),
            _ => Err(StorageError::UnknownBlock {
                requested: number,
                head,
            }),
        }
    }

    /// Number of the head block, `None` before genesis is committed.
    pub fn latest_block_number(&self) -> Result<Option<u64>> {
        Ok(self.head.read().as_ref().map(|h| h.number))
    }

    /// A consistent read view of blocks, transactions and receipts (one read transaction).
    /// Answering one request from one view means a revert in between cannot mix two chains.
    pub fn chain(&self) -> Result<ChainView> {
        Ok(ChainView::new(self.db.begin_read()?))
    }

    /// Hash of canonical block `number`.
    pub fn block_hash(&self, number: u64) -> Result<Option<B256>> {
        self.chain()?.block_hash(number)
    }

    /// Number of the block with this hash.
    pub fn block_number(&self, hash: B256) -> Result<Option<u64>> {
        self.chain()?.block_number(hash)
    }

    /// Header of block `number`.
    pub fn header_by_number(&self, number: u64) -> Result<Option<Header>> {
        self.chain()?.header(number)
    }

    /// Header of the block with this hash.
    pub fn header_by_hash(&self, hash: B256) -> Result<Option<Header>> {
        let chain = self.chain()?;
        match chain.block_number(hash)? {
            Some(n) => chain.header(n),
            None => Ok(None),
        }
    }

    /// Block `number` with its transactions.
    pub fn block_by_number(&self, number: u64) -> Result<Option<StoredBlock>> {
        self.chain()?.block(number)
    }

    /// The block with this hash.
    pub fn block_by_hash(&self, hash: B256) -> Result<Option<StoredBlock>> {
        let chain = self.chain()?;
        match chain.block_number(hash)? {
            Some(n) => chain.block(n),
            None => Ok(None),
        }
    }

    /// Receipts of block `number`, in transaction order (`None` for an unknown block).
    pub fn receipts(&self, number: u64) -> Result<Option<Vec<StoredReceipt>>> {
        let chain = self.chain()?;
        if chain.header(number)?.is_none() {
            return Ok(None);
        }
        chain.receipts(number).map(Some)
    }

    /// Where the transaction with this hash was included.
    pub fn transaction_location(&self, tx_hash: B256) -> Result<Option<TxLocation>> {
        self.chain()?.transaction_location(tx_hash)
    }

    /// Storage root of `address` in the latest state ([`EMPTY_ROOT_HASH`] for none).
    pub fn storage_root(&self, address: Address) -> Result<B256> {
        let tx = self.db.begin_read()?;
        let t = tx.open_table(HASHED_ACCOUNTS)?;
        stored_storage_root(&t, keccak256(address))
    }

    /// State root of the latest state (the head header's `stateRoot`), or the empty root.
    pub fn latest_state_root(&self) -> Result<B256> {
        let tx = self.db.begin_read()?;
        let t = tx.open_table(ACCOUNT_TRIE)?;
        let leaves = tx.open_table(HASHED_ACCOUNTS)?;
        let source = TrieSource {
            nodes: &t,
            leaves: &leaves,
            prefix: &[],
            stored: true,
        };
        Ok(walk(&source, &Overlay::new(), &[], None)?.root)
    }

    /// State root after applying `diff` on top of the latest state, and the trie changes that
    /// [`Store::commit_block`] writes with it. Cost follows the size of the diff, not the state.
    ///
    /// An account with `info: None` is destroyed: its storage goes with it, whatever
    /// `storage_wiped` says. Storage roots of the changed accounts are in the returned updates
    /// ([`TrieUpdates::storage_root`]), e.g. for the Isthmus `withdrawalsRoot`.
    pub fn state_root(&self, diff: &StateDiff) -> Result<(B256, TrieUpdates)> {
        let tx = self.db.begin_read()?;
        let parent = read_head(&tx.open_table(META)?)?;
        let parent_hash = head_hash(&tx.open_table(CANONICAL)?, parent)?;
        let hashed_accounts = tx.open_table(HASHED_ACCOUNTS)?;
        let hashed_storage = tx.open_table(HASHED_STORAGE)?;
        let account_trie = tx.open_table(ACCOUNT_TRIE)?;
        let storage_trie = tx.open_table(STORAGE_TRIE)?;

        let mut updates = TrieUpdates {
            parent,
            parent_hash,
            ..Default::default()
        };
        for (address, change) in &diff.accounts {
            let hashed = keccak256(address);
            let Some(info) = &change.info else {
                updates.account_leaves.insert(hashed, None);
                updates.storage.insert(
                    hashed,
                    StorageTrieUpdates {
                        wiped: true,
                        ..Default::default()
                    },
                );
                continue;
            };
            let storage_root = if change.storage_wiped || !change.storage.is_empty() {
                let overlay: Overlay = change
                    .storage
                    .iter()
                    .map(|(slot, value)| {
                        let leaf = (!value.is_zero()).then(|| storage_leaf(*value));
                        (keccak256(slot_key(*slot)), leaf)
                    })
                    .collect();
                let changed: Vec<Nibbles> = overlay.keys().map(Nibbles::unpack).collect();
                let source = TrieSource {
                    nodes: &storage_trie,
                    leaves: &hashed_storage,
                    prefix: hashed.as_slice(),
                    stored: !change.storage_wiped,
                };
                let out = walk(&source, &overlay, &changed, None)?;
                updates.stats.add(out.stats);
                updates.storage.insert(
                    hashed,
                    StorageTrieUpdates {
                        wiped: change.storage_wiped,
                        leaves: overlay,
                        nodes: out.updated,
                        removed: out.removed,
                    },
                );
                out.root
            } else {
                stored_storage_root(&hashed_accounts, hashed)?
            };
            updates.storage_roots.insert(*address, storage_root);
            updates
                .account_leaves
                .insert(hashed, Some(account_leaf(info, storage_root)));
        }

        let changed: Vec<Nibbles> = updates.account_leaves.keys().map(Nibbles::unpack).collect();
        let source = TrieSource {
            nodes: &account_trie,
            leaves: &hashed_accounts,
            prefix: &[],
            stored: true,
        };
        let out = walk(&source, &updates.account_leaves, &changed, None)?;
        updates.stats.add(out.stats);
        updates.root = out.root;
        updates.account_nodes = out.updated;
        updates.removed_account_nodes = out.removed;
        Ok((out.root, updates))
    }

    /// Commits a block: header, body, receipts, tx index, the state diff with its change-set,
    /// hashed state and trie nodes, and the new head, in ONE atomic write transaction that is
    /// fsynced before this returns.
    ///
    /// `trie` must come from [`Store::state_root`] for this `diff` on the current head, and the
    /// header's `state_root` must equal its root; otherwise nothing is written.
    pub fn commit_block(
        &self,
        block: &StoredBlock,
        receipts: &[StoredReceipt],
        diff: &StateDiff,
        trie: TrieUpdates,
    ) -> Result<()> {
        let number = block.number();
        let _writer = self.writer.lock();
        let tx = self.db.begin_write()?;
        {
            let mut meta = tx.open_table(META)?;
            let head = read_head(&meta)?;
            let expected = head.map_or(0, |h| h + 1);
            if number != expected {
                return Err(StorageError::NotNextBlock {
                    expected,
                    got: number,
                });
            }
            // Number and hash: a revert followed by new blocks must not let old updates through.
            if trie.parent != head
                || trie.parent_hash != head_hash(&tx.open_table(CANONICAL)?, head)?
            {
                return Err(StorageError::StaleTrieUpdates {
                    computed_on: trie.parent,
                    head,
                });
            }
            if block.header.state_root != trie.root {
                return Err(StorageError::StateRootMismatch {
                    header: block.header.state_root,
                    computed: trie.root,
                });
            }
            write_block(&tx, block, receipts)?;
            write_plain_state(&tx, number, diff)?;
            write_trie(&tx, trie)?;
            meta.insert(HEAD_KEY, number.to_be_bytes().as_slice())?;
        }
        tx.commit()?;
        *self.head.write() = Some(block.header.clone());
        Ok(())
    }

    /// Undoes every block above `number` (for `evm_revert`): restores the plain state from the
    /// change-sets, deletes the blocks and their indexes, then brings hashed state and trie
    /// nodes back in line by re-walking exactly the reverted keys. One atomic transaction; the
    /// resulting root is checked against block `number`'s header before committing.
    pub fn revert_to(&self, number: u64) -> Result<()> {
        let _writer = self.writer.lock();
        let tx = self.db.begin_write()?;
        {
            let mut meta = tx.open_table(META)?;
            let head = read_head(&meta)?;
            let Some(head) = head.filter(|h| number <= *h) else {
                return Err(StorageError::UnknownBlock {
                    requested: number,
                    head,
                });
            };
            if number == head {
                return Ok(());
            }
            rewind(&tx, number, head)?;
            meta.insert(HEAD_KEY, number.to_be_bytes().as_slice())?;
        }
        tx.commit()?;
        self.reload_head()
    }

    /// Runs `f` on a write transaction in which the state has been rewound to block `number`
    /// (`number` below the head, at most `max_depth` blocks below it), then aborts the
    /// transaction: nothing is written. Commits wait meanwhile.
    pub(crate) fn with_rewound<T>(
        &self,
        number: u64,
        max_depth: u64,
        f: impl FnOnce(&redb::WriteTransaction) -> Result<T>,
    ) -> Result<T> {
        let _writer = self.writer.lock();
        let tx = self.db.begin_write()?;
        let head = read_head(&tx.open_table(META)?)?;
        let Some(head) = head.filter(|h| number < *h) else {
            return Err(StorageError::UnknownBlock {
                requested: number,
                head,
            });
        };
        if head - number > max_depth {
            return Err(StorageError::TooDeep {
                requested: number,
                head,
                max_depth,
            });
        }
        // Commits wait while the view exists: bound the work by the changes to undo too.
        let changes = changes_above(&tx, number, MAX_REWIND_CHANGES)?;
        if changes > MAX_REWIND_CHANGES {
            return Err(StorageError::TooMuchHistory {
                requested: number,
                head,
                max_changes: MAX_REWIND_CHANGES,
            });
        }
        rewind(&tx, number, head)?;
        let out = f(&tx);
        tx.abort()?;
        out
    }

    pub(crate) fn begin_read(&self) -> Result<redb::ReadTransaction> {
        Ok(self.db.begin_read()?)
    }
}

pub(crate) fn read_head<T: ReadableTable<&'static str, &'static [u8]>>(
    meta: &T,
) -> Result<Option<u64>> {
    meta.get(HEAD_KEY)?
        .map(|v| decode_u64(v.value(), "head"))
        .transpose()
}

/// Hash of the head block (`None` on an empty database).
fn head_hash<T: ReadableTable<u64, &'static [u8]>>(
    canonical: &T,
    head: Option<u64>,
) -> Result<Option<B256>> {
    let Some(head) = head else { return Ok(None) };
    match canonical.get(head)? {
        Some(v) => decode_b256(v.value(), "block hash").map(Some),
        None => Err(StorageError::Missing {
            what: "head block hash",
            key: head.to_string(),
        }),
    }
}

/// Storage root recorded in the account's trie leaf, or the empty root.
pub(crate) fn stored_storage_root<T>(hashed_accounts: &T, hashed: B256) -> Result<B256>
where
    T: ReadableTable<&'static [u8], &'static [u8]>,
{
    match hashed_accounts.get(hashed.as_slice())? {
        Some(v) => Ok(decode_account_leaf(v.value())?.storage_root),
        None => Ok(EMPTY_ROOT_HASH),
    }
}

/// Applies the diff to the plain tables and records the pre-images of everything it changes.
fn write_plain_state(tx: &redb::WriteTransaction, number: u64, diff: &StateDiff) -> Result<()> {
    let mut codes = tx.open_table(CODES)?;
    for (hash, code) in &diff.codes {
        codes.insert(hash.as_slice(), code.as_ref())?;
    }
    let mut accounts = tx.open_table(PLAIN_ACCOUNTS)?;
    let mut storage = tx.open_table(PLAIN_STORAGE)?;
    let mut acc_cs = tx.open_table(ACCOUNT_CHANGESET)?;
    let mut acc_hist = tx.open_table(ACCOUNT_HISTORY)?;
    let mut st_cs = tx.open_table(STORAGE_CHANGESET)?;
    let mut st_hist = tx.open_table(STORAGE_HISTORY)?;
    let nb = number.to_be_bytes();
    for (address, change) in &diff.accounts {
        let pre = accounts
            .get(address.as_slice())?
            .map(|v| decode_account(v.value()))
            .transpose()?;
        let pre = encode_account_opt(pre.as_ref());
        if number > 0 {
            acc_cs.insert(key(&[&nb, address.as_slice()]).as_slice(), pre.as_slice())?;
            acc_hist.insert(key(&[address.as_slice(), &nb]).as_slice(), pre.as_slice())?;
        }
        match &change.info {
            Some(info) => accounts.insert(address.as_slice(), encode_account(info).as_slice())?,
            None => accounts.remove(address.as_slice())?,
        };

        // Pre-images of every slot this block changes (all old slots when wiped).
        let mut pre_slots: BTreeMap<B256, U256> = BTreeMap::new();
        let wipe = change.storage_wiped || change.info.is_none();
        if wipe {
            let old = slots_of(&storage, *address)?;
            for (slot, value) in old {
                storage.remove(key(&[address.as_slice(), slot.as_slice()]).as_slice())?;
                pre_slots.insert(slot, value);
            }
        }
        if change.info.is_some() {
            for (slot, value) in &change.storage {
                let slot = slot_key(*slot);
                let k = key(&[address.as_slice(), slot.as_slice()]);
                if let std::collections::btree_map::Entry::Vacant(e) = pre_slots.entry(slot) {
                    let old = if wipe {
                        U256::ZERO
                    } else {
                        storage
                            .get(k.as_slice())?
                            .map(|v| decode_u256(v.value()))
                            .transpose()?
                            .unwrap_or_default()
                    };
                    e.insert(old);
                }
                if value.is_zero() {
                    storage.remove(k.as_slice())?;
                } else {
                    storage.insert(k.as_slice(), value.to_be_bytes::<32>().as_slice())?;
                }
            }
        }
        // Nothing precedes genesis: its pre-images are never read (no state before block 0).
        if number == 0 {
            continue;
        }
        for (slot, pre) in pre_slots {
            let pre = pre.to_be_bytes::<32>();
            st_cs.insert(
                key(&[&nb, address.as_slice(), slot.as_slice()]).as_slice(),
                pre.as_slice(),
            )?;
            st_hist.insert(
                key(&[address.as_slice(), slot.as_slice(), &nb]).as_slice(),
                pre.as_slice(),
            )?;
        }
    }
    Ok(())
}

/// All (slot, value) pairs of an account in the plain storage table.
fn slots_of<T>(storage: &T, address: Address) -> Result<Vec<(B256, U256)>>
where
    T: ReadableTable<&'static [u8], &'static [u8]>,
{
    let mut out = Vec::new();
    for entry in storage.range::<&[u8]>(address.as_slice()..)? {
        let (k, v) = entry?;
        let k = k.value();
        if !k.starts_with(address.as_slice()) {
            break;
        }
        if k.len() != 52 {
            return Err(StorageError::corrupt(
                "plain storage key",
                format!("length {}", k.len()),
            ));
        }
        out.push((B256::from_slice(&k[20..]), decode_u256(v.value())?));
    }
    Ok(out)
}

/// Deletes every key that starts with `prefix`.
fn delete_prefix(table: &mut Table<'_, &'static [u8], &'static [u8]>, prefix: &[u8]) -> Result<()> {
    let mut doomed = Vec::new();
    for entry in table.range::<&[u8]>(prefix..)? {
        let (k, _) = entry?;
        let k = k.value();
        if !k.starts_with(prefix) {
            break;
        }
        doomed.push(k.to_vec());
    }
    for k in doomed {
        table.remove(k.as_slice())?;
    }
    Ok(())
}

fn apply_nodes(
    table: &mut Table<'_, &'static [u8], &'static [u8]>,
    prefix: &[u8],
    removed: &[Nibbles],
    nodes: &BTreeMap<Nibbles, BranchNodeCompact>,
) -> Result<()> {
    for path in removed {
        table.remove(nibbles_key(prefix, path).as_slice())?;
    }
    for (path, node) in nodes {
        table.insert(
            nibbles_key(prefix, path).as_slice(),
            encode_branch(node).as_slice(),
        )?;
    }
    Ok(())
}

fn write_trie(tx: &redb::WriteTransaction, trie: TrieUpdates) -> Result<()> {
    let mut hashed_accounts = tx.open_table(HASHED_ACCOUNTS)?;
    let mut hashed_storage = tx.open_table(HASHED_STORAGE)?;
    let mut account_trie = tx.open_table(ACCOUNT_TRIE)?;
    let mut storage_trie = tx.open_table(STORAGE_TRIE)?;
    for (hashed, leaf) in trie.account_leaves {
        match leaf {
            Some(leaf) => hashed_accounts.insert(hashed.as_slice(), leaf.as_slice())?,
            None => hashed_accounts.remove(hashed.as_slice())?,
        };
    }
    for (hashed, st) in trie.storage {
        if st.wiped {
            delete_prefix(&mut hashed_storage, hashed.as_slice())?;
            delete_prefix(&mut storage_trie, hashed.as_slice())?;
        }
        for (slot, leaf) in st.leaves {
            let k = key(&[hashed.as_slice(), slot.as_slice()]);
            match leaf {
                Some(leaf) => hashed_storage.insert(k.as_slice(), leaf.as_slice())?,
                None => hashed_storage.remove(k.as_slice())?,
            };
        }
        apply_nodes(&mut storage_trie, hashed.as_slice(), &st.removed, &st.nodes)?;
    }
    apply_nodes(
        &mut account_trie,
        &[],
        &trie.removed_account_nodes,
        &trie.account_nodes,
    )
}

/// Restores the plain state of one block from its change-set and deletes the change-set.
/// Most account and slot changes a rewound view (historical proofs) undoes.
pub(crate) const MAX_REWIND_CHANGES: u64 = 500_000;

/// Account and slot change-set entries of the blocks above `number`, counted up to `limit + 1`.
fn changes_above(tx: &redb::WriteTransaction, number: u64, limit: u64) -> Result<u64> {
    let Some(from) = number.checked_add(1) else {
        return Ok(0);
    };
    let start = from.to_be_bytes();
    let mut count = 0u64;
    for table in [ACCOUNT_CHANGESET, STORAGE_CHANGESET] {
        for entry in tx.open_table(table)?.range::<&[u8]>(start.as_slice()..)? {
            entry?;
            count += 1;
            if count > limit {
                return Ok(count);
            }
        }
    }
    Ok(count)
}

/// Inside `tx`: undoes blocks `number + 1 ..= head` (plain state from the change-sets, block
/// records deleted), re-hashes exactly the touched keys and checks the resulting root against
/// block `number`'s header. The caller commits (`evm_revert`) or aborts (historical proofs).
fn rewind(tx: &redb::WriteTransaction, number: u64, head: u64) -> Result<()> {
    let mut touched_accounts = BTreeSet::new();
    let mut touched_slots: BTreeMap<Address, BTreeSet<B256>> = BTreeMap::new();
    for block in (number + 1..=head).rev() {
        undo_block_state(tx, block, &mut touched_accounts, &mut touched_slots)?;
        delete_block(tx, block)?;
    }
    touched_accounts.extend(touched_slots.keys().copied());
    let root = rehash(tx, &touched_accounts, &touched_slots)?;
    let headers = tx.open_table(HEADERS)?;
    let header = headers.get(number)?.ok_or_else(|| StorageError::Missing {
        what: "header",
        key: number.to_string(),
    })?;
    let expected = decode_header(header.value())?.state_root;
    if root != expected {
        return Err(StorageError::StateRootMismatch {
            header: expected,
            computed: root,
        });
    }
    Ok(())
}

fn undo_block_state(
    tx: &redb::WriteTransaction,
    number: u64,
    touched_accounts: &mut BTreeSet<Address>,
    touched_slots: &mut BTreeMap<Address, BTreeSet<B256>>,
) -> Result<()> {
    let nb = number.to_be_bytes();
    let mut accounts = tx.open_table(PLAIN_ACCOUNTS)?;
    let mut storage = tx.open_table(PLAIN_STORAGE)?;
    let mut acc_cs = tx.open_table(ACCOUNT_CHANGESET)?;
    let mut acc_hist = tx.open_table(ACCOUNT_HISTORY)?;
    let mut st_cs = tx.open_table(STORAGE_CHANGESET)?;
    let mut st_hist = tx.open_table(STORAGE_HISTORY)?;

    let mut entries = Vec::new();
    for entry in acc_cs.range::<&[u8]>(nb.as_slice()..)? {
        let (k, v) = entry?;
        if !k.value().starts_with(&nb) {
            break;
        }
        entries.push((k.value().to_vec(), v.value().to_vec()));
    }
    for (k, pre) in entries {
        if k.len() != 28 {
            return Err(StorageError::corrupt(
                "account change-set key",
                format!("length {}", k.len()),
            ));
        }
        let address = Address::from_slice(&k[8..]);
        match decode_account_opt(&pre)? {
            Some(acc) => accounts.insert(address.as_slice(), encode_account(&acc).as_slice())?,
            None => accounts.remove(address.as_slice())?,
        };
        acc_hist.remove(key(&[address.as_slice(), &nb]).as_slice())?;
        acc_cs.remove(k.as_slice())?;
        touched_accounts.insert(address);
    }

    let mut entries = Vec::new();
    for entry in st_cs.range::<&[u8]>(nb.as_slice()..)? {
        let (k, v) = entry?;
        if !k.value().starts_with(&nb) {
            break;
        }
        entries.push((k.value().to_vec(), v.value().to_vec()));
    }
    for (k, pre) in entries {
        if k.len() != 60 {
            return Err(StorageError::corrupt(
                "storage change-set key",
                format!("length {}", k.len()),
            ));
        }
        let address = Address::from_slice(&k[8..28]);
        let slot = B256::from_slice(&k[28..]);
        let pre = decode_u256(&pre)?;
        let sk = key(&[address.as_slice(), slot.as_slice()]);
        if pre.is_zero() {
            storage.remove(sk.as_slice())?;
        } else {
            storage.insert(sk.as_slice(), pre.to_be_bytes::<32>().as_slice())?;
        }
        st_hist.remove(key(&[address.as_slice(), slot.as_slice(), &nb]).as_slice())?;
        st_cs.remove(k.as_slice())?;
        touched_slots.entry(address).or_default().insert(slot);
    }
    Ok(())
}

/// Brings hashed state and trie nodes in line with the (already restored) plain state for the
/// given accounts and slots, and returns the new state root.
fn rehash(
    tx: &redb::WriteTransaction,
    touched_accounts: &BTreeSet<Address>,
    touched_slots: &BTreeMap<Address, BTreeSet<B256>>,
) -> Result<B256> {
    let accounts = tx.open_table(PLAIN_ACCOUNTS)?;
    let storage = tx.open_table(PLAIN_STORAGE)?;
    let mut hashed_accounts = tx.open_table(HASHED_ACCOUNTS)?;
    let mut hashed_storage = tx.open_table(HASHED_STORAGE)?;
    let mut account_trie = tx.open_table(ACCOUNT_TRIE)?;
    let mut storage_trie = tx.open_table(STORAGE_TRIE)?;
    let mut changed_accounts = Vec::with_capacity(touched_accounts.len());
    for address in touched_accounts {
        let hashed = keccak256(address);
        let storage_root = match touched_slots.get(address) {
            Some(slots) => {
                let mut changed = Vec::with_capacity(slots.len());
                for slot in slots {
                    let value = storage
                        .get(key(&[address.as_slice(), slot.as_slice()]).as_slice())?
                        .map(|v| decode_u256(v.value()))
                        .transpose()?
                        .unwrap_or_default();
                    let hashed_slot = keccak256(slot);
                    let k = key(&[hashed.as_slice(), hashed_slot.as_slice()]);
                    if value.is_zero() {
                        hashed_storage.remove(k.as_slice())?;
                    } else {
                        hashed_storage.insert(k.as_slice(), storage_leaf(value).as_slice())?;
                    }
                    changed.push(Nibbles::unpack(hashed_slot));
                }
                changed.sort_unstable();
                changed.dedup();
                let source = TrieSource {
                    nodes: &storage_trie,
                    leaves: &hashed_storage,
                    prefix: hashed.as_slice(),
                    stored: true,
                };
                let out = walk(&source, &Overlay::new(), &changed, None)?;
                apply_nodes(
                    &mut storage_trie,
                    hashed.as_slice(),
                    &out.removed,
                    &out.updated,
                )?;
                out.root
            }
            None => stored_storage_root(&hashed_accounts, hashed)?,
        };
        match accounts.get(address.as_slice())? {
            Some(v) => {
                let acc = decode_account(v.value())?;
                hashed_accounts.insert(
                    hashed.as_slice(),
                    account_leaf(&acc, storage_root).as_slice(),
                )?;
            }
            None => {
                hashed_accounts.remove(hashed.as_slice())?;
            }
        }
        changed_accounts.push(Nibbles::unpack(hashed));
    }
    changed_accounts.sort_unstable();
    changed_accounts.dedup();
    let source = TrieSource {
        nodes: &account_trie,
        leaves: &hashed_accounts,
        prefix: &[],
        stored: true,
    };
    let out = walk(&source, &Overlay::new(), &changed_accounts, None)?;
    apply_nodes(&mut account_trie, &[], &out.removed, &out.updated)?;
    Ok(out.root)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lumio_primitives::{AccountDiff, AccountState};
    use redb::ReadableTableMetadata;

    fn addr(i: u64) -> Address {
        Address::from_slice(&keccak256(i.to_be_bytes())[12..])
    }

    fn diff_of(range: impl Iterator<Item = u64>, nonce: u64, slots: u64) -> StateDiff {
        let mut diff = StateDiff::default();
        for i in range {
            let info = AccountState {
                nonce,
                balance: U256::from(i + 1),
                ..Default::default()
            };
            let storage = (0..slots)
                .map(|s| (U256::from(s), U256::from(nonce + s + 1)))
                .collect();
            diff.accounts.insert(
                addr(i),
                AccountDiff {
                    info: Some(info),
                    storage_wiped: false,
                    storage,
                },
            );
        }
        diff
    }

    fn commit(store: &Store, diff: &StateDiff) -> Result<()> {
        let number = store.latest_block_number()?.map_or(0, |h| h + 1);
        let (root, trie) = store.state_root(diff)?;
        let header = Header {
            number,
            state_root: root,
            ..Default::default()
        };
        let block = StoredBlock {
            hash: header.hash_slow(),
            header,
            transactions: vec![],
        };
        store.commit_block(&block, &[], diff, trie)
    }

    /// The work of a root update for 50 changed accounts does not grow with the state: the
    /// same number of stored nodes and leaves (up to trie depth) is read at 2k and at 30k
    /// accounts, far less than the state itself.
    #[test]
    fn root_update_reads_do_not_grow_with_the_state() {
        let mut reads = Vec::new();
        for n in [2_000u64, 30_000] {
            let store = Store::in_memory().unwrap();
            commit(&store, &diff_of(0..n, 0, 0)).unwrap();
            let change = diff_of((0..50).map(|i| i * 37), 1, 2);
            let (_, trie) = store.state_root(&change).unwrap();
            reads.push(trie.stats);
        }
        let (small, big) = (reads[0], reads[1]);
        // 50 keys, each path at most a few stored nodes deep, and at most 16 sibling leaves at
        // the bottom: bounded by the change count, not by n.
        assert!(big.nodes_read <= 50 * 6, "{big:?}");
        assert!(big.leaves_read <= 50 * 16, "{big:?}");
        assert!(
            big.nodes_read <= small.nodes_read * 2 + 20,
            "{small:?} vs {big:?}"
        );
    }

    #[test]
    fn rewound_views_are_bounded_and_write_nothing() {
        let store = Store::in_memory().unwrap();
        for n in 0..4 {
            commit(&store, &diff_of(0..20, n, 1)).unwrap();
        }
        let root = store.latest_state_root().unwrap();
        let err = store.with_rewound(0, 2, |_| Ok(())).unwrap_err();
        assert!(
            matches!(
                err,
                StorageError::TooDeep {
                    requested: 0,
                    head: 3,
                    max_depth: 2
                }
            ),
            "{err}"
        );
        assert!(matches!(
            store.with_rewound(3, 2, |_| Ok(())),
            Err(StorageError::UnknownBlock { .. })
        ));
        // Inside the view the head block's records are gone; afterwards everything is back.
        let inside = store
            .with_rewound(1, 2, |tx| Ok(tx.open_table(HEADERS)?.get(3)?.is_some()))
            .unwrap();
        assert!(!inside);
        assert_eq!(store.latest_state_root().unwrap(), root);
        assert!(store.header_by_number(3).unwrap().is_some());
        // A later commit still works (the aborted transaction left no lock or partial state).
        commit(&store, &diff_of(0..20, 4, 1)).unwrap();
        // The change count above a block: 20 accounts + 20 slots per block.
        let tx = store.db.begin_write().unwrap();
        assert_eq!(changes_above(&tx, 2, 1_000).unwrap(), 2 * 40);
        assert_eq!(
            changes_above(&tx, 0, 10).unwrap(),
            11,
            "stops past the limit"
        );
        tx.abort().unwrap();
    }

    #[test]
    fn corrupt_trie_node_is_an_error_not_a_panic() {
        let store = Store::in_memory().unwrap();
        commit(&store, &diff_of(0..500, 0, 0)).unwrap();
        let tx = store.db.begin_write().unwrap();
        {
            let mut t = tx.open_table(ACCOUNT_TRIE).unwrap();
            t.insert([].as_slice(), [1u8, 2, 3].as_slice()).unwrap();
        }
        tx.commit().unwrap();
        let err = store.state_root(&diff_of(0..1, 5, 0)).unwrap_err();
        assert!(matches!(err, StorageError::Corrupt { .. }), "{err}");
    }

    #[test]
    fn corrupt_account_record_is_an_error_not_a_panic() {
        let store = Store::in_memory().unwrap();
        commit(&store, &diff_of(0..3, 0, 0)).unwrap();
        let tx = store.db.begin_write().unwrap();
        {
            let mut t = tx.open_table(PLAIN_ACCOUNTS).unwrap();
            t.insert(addr(1).as_slice(), [9u8; 5].as_slice()).unwrap();
        }
        tx.commit().unwrap();
        let snap = store.latest().unwrap();
        assert!(matches!(
            snap.account(addr(1)),
            Err(StorageError::Corrupt { .. })
        ));
        let reader: &dyn lumio_primitives::StateReader = &snap;
        assert!(reader.account(addr(1)).is_err());
    }

    #[test]
    fn genesis_writes_no_change_sets() {
        let store = Store::in_memory().unwrap();
        commit(&store, &diff_of(0..10, 0, 3)).unwrap();
        let tx = store.db.begin_read().unwrap();
        assert!(
            tx.open_table(ACCOUNT_CHANGESET)
                .unwrap()
                .is_empty()
                .unwrap()
        );
        assert!(tx.open_table(STORAGE_HISTORY).unwrap().is_empty().unwrap());
        drop(tx);
        commit(&store, &diff_of(0..2, 1, 1)).unwrap();
        let tx = store.db.begin_read().unwrap();
        assert_eq!(tx.open_table(ACCOUNT_CHANGESET).unwrap().len().unwrap(), 2);
        assert_eq!(tx.open_table(STORAGE_HISTORY).unwrap().len().unwrap(), 2);
    }
}
