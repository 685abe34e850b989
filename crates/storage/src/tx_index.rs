//! The transaction index (transaction hash → block number and index in the block) as sorted
//! runs merged in the background, the way log-structured merge stores keep a random-key index.
//!
//! Why not one B-tree keyed by hash: transaction hashes are random, so once the index has more
//! leaves than a fold has transactions, every inserted hash lands in a leaf of its own, and redb
//! copies and writes every touched leaf at commit — about one 4 KiB page per transaction, a cost
//! that grew with the chain (2.7 → 13.7 µs per transaction for the fold's commit between 0.6M
//! and 12M transactions, `docs/benchmarks.md`). Here a fold writes its transactions, sorted, as
//! one new *run* (packed rows of [`ROW_ENTRIES`] entries: ~50 bytes per transaction, written
//! once), and runs are merged two at a time, newest two first, whenever the older of the two is
//! not larger than the newer (a binary counter over run sizes): every entry is rewritten about
//! log2(chain / fold) times, sequentially, and there are about that many runs. Runs larger than
//! [`Policy::max_merged`] entries are no longer merged, which bounds the time one merge takes.
//!
//! A lookup probes the runs newest first, each one a single B-tree descent to the row whose
//! first hash is the greatest not above the wanted one, then a binary search in the row. A
//! Bloom filter per run (in memory, ~10–20 bits per transaction, stored with the run) skips the
//! runs that cannot hold the hash, so a lookup touches one run and rarely two.
//!
//! Every change (a new run, a merge, a removal by a revert) happens inside the caller's write
//! transaction, so the runs listed in `META` always match the tables present. Databases of
//! schema version 2 kept the whole index in the `tx_index` table: it is still read, after the
//! runs, and never written again.

use crate::{
    codec::decode_u64,
    error::{Result, StorageError},
    tables::{META, TX_INDEX},
};
use alloy_primitives::B256;
use parking_lot::RwLock;
use redb::{
    ReadTransaction, ReadableTable, ReadableTableMetadata, TableDefinition, WriteTransaction,
};
use std::{
    collections::HashMap,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
};

/// Block number (8, BE) ‖ index in the block (8, BE).
pub(crate) type Location = [u8; 16];
/// Bytes of one entry in a row: hash (32) ‖ location (16).
const ENTRY: usize = 48;
/// Entries per row of a run.
pub(crate) const ROW_ENTRIES: usize = 64;

/// `META` key: the live runs, oldest first, each id (8, BE) ‖ entries (8, BE).
const RUNS_KEY: &str = "tx_index_runs";
/// `META` key: the id the next run gets (ids are never reused).
const NEXT_RUN_KEY: &str = "tx_index_next_run";
/// run id → the run's Bloom filter.
pub(crate) const FILTERS: TableDefinition<'static, u64, &'static [u8]> =
    TableDefinition::new("tx_index_filters");

/// One run's table: first hash of the row (32) → the row's entries, sorted by hash.
fn run_table_name(id: u64) -> String {
    format!("tx_index_run_{id:016x}")
}

fn run_table(name: &str) -> TableDefinition<'_, &'static [u8], &'static [u8]> {
    TableDefinition::new(name)
}

/// A run as listed in `META`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Run {
    pub(crate) id: u64,
    pub(crate) entries: u64,
}

/// When runs are merged.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Policy {
    /// Entries per row.
    pub(crate) row_entries: usize,
    /// Two runs are merged only if the result has at most this many entries: this bounds the
    /// longest fold (a merge to 8M entries made a 10 s fold on the project machine, one to 2M
    /// ~2.5 s; `docs/storage.md` §2.2), at the price of one more run to probe per 2M entries.
    pub(crate) max_merged: u64,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            row_entries: ROW_ENTRIES,
            max_merged: 2 << 20,
        }
    }
}

/// The live runs of a database version (read from `META`).
pub(crate) fn read_runs<T: ReadableTable<&'static str, &'static [u8]>>(
    meta: &T,
) -> Result<Vec<Run>> {
    let Some(value) = meta.get(RUNS_KEY)? else {
        return Ok(Vec::new());
    };
    let bytes = value.value();
    if !bytes.len().is_multiple_of(16) {
        return Err(StorageError::corrupt(
            "tx index runs",
            format!("length {}", bytes.len()),
        ));
    }
    bytes
        .chunks_exact(16)
        .map(|c| {
            Ok(Run {
                id: decode_u64(&c[..8], "tx index run id")?,
                entries: decode_u64(&c[8..], "tx index run size")?,
            })
        })
        .collect()
}

fn write_runs(tx: &WriteTransaction, runs: &[Run], next: u64) -> Result<()> {
    let mut meta = tx.open_table(META)?;
    let bytes: Vec<u8> = runs
        .iter()
        .flat_map(|r| [r.id.to_be_bytes(), r.entries.to_be_bytes()])
        .flatten()
        .collect();
    meta.insert(RUNS_KEY, bytes.as_slice())?;
    meta.insert(NEXT_RUN_KEY, next.to_be_bytes().as_slice())?;
    Ok(())
}

fn read_next<T: ReadableTable<&'static str, &'static [u8]>>(meta: &T) -> Result<u64> {
    meta.get(NEXT_RUN_KEY)?
        .map_or(Ok(0), |v| decode_u64(v.value(), "tx index next run"))
}

/// A Bloom filter over transaction hashes, blocked: every hash sets and tests its bits in one
/// 64-byte line, so a test costs one cache miss however large the filter (a lookup tests the
/// filter of every run). The hashes are keccak outputs, so the line and the bits are taken from
/// the hash itself: the line from its first word, the [`BLOOM_PROBES`] bit positions (9 bits
/// each) from its second.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bloom {
    lines: Vec<Line>,
}

/// One cache line of filter bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[repr(align(64))]
struct Line([u64; 8]);

const BLOOM_PROBES: u32 = 6;
const BLOOM_BITS_PER_ENTRY: u64 = 10;
const LINE_BYTES: usize = 64;

impl Bloom {
    /// A filter sized for `entries` hashes (a power of two of lines, at least 10 bits per entry).
    pub(crate) fn for_entries(entries: u64) -> Self {
        let lines = entries
            .saturating_mul(BLOOM_BITS_PER_ENTRY)
            .div_ceil(512)
            .next_power_of_two();
        Self {
            lines: vec![Line::default(); lines as usize],
        }
    }

    /// The line of `hash` and the bits it sets there (word index, bit mask).
    fn positions(&self, hash: &B256) -> (usize, impl Iterator<Item = (usize, u64)> + use<>) {
        let word = |i: usize| u64::from_le_bytes(hash[i * 8..i * 8 + 8].try_into().expect("8"));
        let line = (word(0) & (self.lines.len() as u64 - 1)) as usize;
        let bits = word(1);
        let probes = (0..BLOOM_PROBES).map(move |i| {
            let bit = (bits >> (9 * i)) & 511;
            ((bit / 64) as usize, 1u64 << (bit % 64))
        });
        (line, probes)
    }

    pub(crate) fn insert(&mut self, hash: &B256) {
        let (line, probes) = self.positions(hash);
        let line = &mut self.lines[line].0;
        for (word, mask) in probes {
            line[word] |= mask;
        }
    }

    /// False only if `hash` was never inserted.
    pub(crate) fn may_contain(&self, hash: &B256) -> bool {
        let (line, mut probes) = self.positions(hash);
        let line = &self.lines[line].0;
        probes.all(|(word, mask)| line[word] & mask != 0)
    }

    fn to_bytes(&self) -> Vec<u8> {
        self.lines
            .iter()
            .flat_map(|l| l.0)
            .flat_map(u64::to_le_bytes)
            .collect()
    }

    fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let lines = bytes.len() / LINE_BYTES;
        if !bytes.len().is_multiple_of(LINE_BYTES) || !lines.is_power_of_two() {
            return Err(StorageError::corrupt(
                "tx index filter",
                format!("length {}", bytes.len()),
            ));
        }
        Ok(Self {
            lines: bytes
                .chunks_exact(LINE_BYTES)
                .map(|c| {
                    let mut line = Line::default();
                    for (w, b) in line.0.iter_mut().zip(c.chunks_exact(8)) {
                        *w = u64::from_le_bytes(b.try_into().expect("8"));
                    }
                    line
                })
                .collect(),
        })
    }
}

/// The runs' filters in memory, shared by the store and its read views. A filter is added once
/// the transaction that wrote its run committed and dropped once its run is merged away; a view
/// of another version that meets a run without a filter probes it (correct, only slower).
#[derive(Debug, Default)]
pub(crate) struct Filters {
    blooms: RwLock<HashMap<u64, Arc<Bloom>>>,
    /// The version-2 `tx_index` table holds entries (checked on open).
    legacy: AtomicBool,
}

/// Filters to publish after a write transaction commits.
#[derive(Debug, Default)]
#[must_use = "publish with Filters::apply after the commit"]
pub(crate) struct FilterChanges {
    added: Vec<(u64, Arc<Bloom>)>,
    removed: Vec<u64>,
}

impl Filters {
    /// The filters of the live runs and whether the version-2 table is in use.
    pub(crate) fn load(tx: &ReadTransaction) -> Result<Self> {
        let runs = read_runs(&tx.open_table(META)?)?;
        let table = tx.open_table(FILTERS)?;
        let mut blooms = HashMap::with_capacity(runs.len());
        for run in runs {
            if let Some(bytes) = table.get(run.id)? {
                blooms.insert(run.id, Arc::new(Bloom::from_bytes(bytes.value())?));
            }
        }
        let legacy = !tx.open_table(TX_INDEX)?.is_empty()?;
        Ok(Self {
            blooms: RwLock::new(blooms),
            legacy: AtomicBool::new(legacy),
        })
    }

    /// Publishes what a committed transaction wrote (intermediate runs of a cascade of merges
    /// are both added and removed: removal goes last).
    pub(crate) fn apply(&self, changes: FilterChanges) {
        let mut blooms = self.blooms.write();
        blooms.extend(changes.added);
        for id in changes.removed {
            blooms.remove(&id);
        }
    }

    #[cfg(test)]
    fn get(&self, id: u64) -> Option<Arc<Bloom>> {
        self.blooms.read().get(&id).cloned()
    }

    /// Number of filters held (tests).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.blooms.read().len()
    }
}

/// Finds `hash` in a row (entries sorted by hash).
fn search_row(row: &[u8], hash: &B256) -> Result<Option<usize>> {
    if row.is_empty() || !row.len().is_multiple_of(ENTRY) {
        return Err(StorageError::corrupt(
            "tx index row",
            format!("length {}", row.len()),
        ));
    }
    let (mut lo, mut hi) = (0, row.len() / ENTRY);
    while lo < hi {
        let mid = (lo + hi) / 2;
        match row[mid * ENTRY..mid * ENTRY + 32].cmp(hash.as_slice()) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return Ok(Some(mid)),
        }
    }
    Ok(None)
}

fn location_at(row: &[u8], i: usize) -> Location {
    row[i * ENTRY + 32..(i + 1) * ENTRY]
        .try_into()
        .expect("entry length")
}

/// Looks `hash` up in one run's table.
fn find_in_run<T: ReadableTable<&'static [u8], &'static [u8]>>(
    table: &T,
    hash: &B256,
) -> Result<Option<Location>> {
    let Some(row) = table.range::<&[u8]>(..=hash.as_slice())?.next_back() else {
        return Ok(None);
    };
    let (_, row) = row?;
    let row = row.value();
    Ok(search_row(row, hash)?.map(|i| location_at(row, i)))
}

/// Looks `hash` up in the runs of a read transaction (`runs` read from its `META`), newest
/// first, then in the version-2 table. The value is a `tx_index` value (16 or 48 bytes).
pub(crate) fn find(
    tx: &ReadTransaction,
    runs: &[Run],
    filters: &Filters,
    hash: &B256,
) -> Result<Option<Vec<u8>>> {
    // the runs that may hold it, newest first (filters tested under one read lock)
    let candidates: Vec<u64> = {
        let blooms = filters.blooms.read();
        runs.iter()
            .rev()
            .filter(|run| blooms.get(&run.id).is_none_or(|f| f.may_contain(hash)))
            .map(|run| run.id)
            .collect()
    };
    for id in candidates {
        let name = run_table_name(id);
        if let Some(location) = find_in_run(&tx.open_table(run_table(&name))?, hash)? {
            return Ok(Some(location.to_vec()));
        }
    }
    if !filters.legacy.load(Ordering::Relaxed) {
        return Ok(None);
    }
    Ok(tx
        .open_table(TX_INDEX)?
        .get(hash.as_slice())?
        .map(|v| v.value().to_vec()))
}

/// Writes sorted, unique entries as the rows of run `id`, returning their number and filter.
fn write_run(
    tx: &WriteTransaction,
    id: u64,
    capacity: u64,
    policy: &Policy,
    entries: impl Iterator<Item = Result<(B256, Location)>>,
) -> Result<(u64, Bloom)> {
    let name = run_table_name(id);
    let mut table = tx.open_table(run_table(&name))?;
    let mut bloom = Bloom::for_entries(capacity);
    let mut row: Vec<u8> = Vec::with_capacity(policy.row_entries * ENTRY);
    let mut count = 0u64;
    let mut last: Option<B256> = None;
    let mut flush = |row: &mut Vec<u8>| -> Result<()> {
        if !row.is_empty() {
            table.insert(&row[..32], row.as_slice())?;
            row.clear();
        }
        Ok(())
    };
    for entry in entries {
        let (hash, location) = entry?;
        if last.is_some_and(|l| l >= hash) {
            return Err(StorageError::corrupt(
                "tx index run",
                format!("entries out of order at {hash}"),
            ));
        }
        last = Some(hash);
        bloom.insert(&hash);
        row.extend_from_slice(hash.as_slice());
        row.extend_from_slice(&location);
        count += 1;
        if row.len() == policy.row_entries * ENTRY {
            flush(&mut row)?;
        }
    }
    flush(&mut row)?;
    Ok((count, bloom))
}

/// Reads a run in hash order (it must not be written meanwhile).
fn run_entries<'a, T: ReadableTable<&'static [u8], &'static [u8]>>(
    table: &'a T,
) -> Result<impl Iterator<Item = Result<(B256, Location)>> + 'a> {
    let rows = table.iter()?;
    Ok(rows.flat_map(|row| {
        let entries: Vec<Result<(B256, Location)>> = match row {
            Err(e) => vec![Err(e.into())],
            Ok((_, row)) => {
                let row = row.value();
                if row.is_empty() || !row.len().is_multiple_of(ENTRY) {
                    vec![Err(StorageError::corrupt(
                        "tx index row",
                        format!("length {}", row.len()),
                    ))]
                } else {
                    row.chunks_exact(ENTRY)
                        .map(|e| {
                            Ok((
                                B256::from_slice(&e[..32]),
                                e[32..].try_into().expect("entry length"),
                            ))
                        })
                        .collect()
                }
            }
        };
        entries
    }))
}

/// Merges two sorted entry streams; on equal hashes the newer's entry wins.
fn merge_sorted<I, J>(older: I, newer: J) -> impl Iterator<Item = Result<(B256, Location)>>
where
    I: Iterator<Item = Result<(B256, Location)>>,
    J: Iterator<Item = Result<(B256, Location)>>,
{
    let (mut older, mut newer) = (older.peekable(), newer.peekable());
    std::iter::from_fn(move || {
        let pick_newer = match (older.peek(), newer.peek()) {
            (None, None) => return None,
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (Some(Err(_)), _) => false,
            (_, Some(Err(_))) => true,
            (Some(Ok((a, _))), Some(Ok((b, _)))) => {
                if a == b {
                    older.next(); // shadowed by the newer entry
                    true
                } else {
                    b < a
                }
            }
        };
        if pick_newer {
            newer.next()
        } else {
            older.next()
        }
    })
}

/// Adds the entries of a fold (or of one directly committed block) as a new run and merges
/// runs as the policy says, inside `tx`. Entries may come in any order; for a repeated hash the
/// last one counts. Returns the filters to publish once `tx` committed.
pub(crate) fn add(
    tx: &WriteTransaction,
    mut entries: Vec<(B256, Location)>,
    policy: &Policy,
) -> Result<FilterChanges> {
    let mut changes = FilterChanges::default();
    if entries.is_empty() {
        return Ok(changes);
    }
    // stable: for equal hashes the later entry stays after the earlier one; keep the last
    entries.sort_by_key(|e| e.0);
    let mut unique: Vec<(B256, Location)> = Vec::with_capacity(entries.len());
    for e in entries {
        match unique.last_mut() {
            Some(last) if last.0 == e.0 => *last = e,
            _ => unique.push(e),
        }
    }
    let (mut runs, mut next) = {
        let meta = tx.open_table(META)?;
        (read_runs(&meta)?, read_next(&meta)?)
    };
    let mut filters = tx.open_table(FILTERS)?;
    let id = next;
    next += 1;
    let (count, bloom) = write_run(
        tx,
        id,
        unique.len() as u64,
        policy,
        unique.into_iter().map(Ok),
    )?;
    filters.insert(id, bloom.to_bytes().as_slice())?;
    changes.added.push((id, Arc::new(bloom)));
    runs.push(Run { id, entries: count });
    while let [.., older, newer] = runs[..] {
        let total = older.entries + newer.entries;
        if older.entries > newer.entries || total > policy.max_merged {
            break;
        }
        let id = next;
        next += 1;
        let (count, bloom) = {
            let (older_name, newer_name) = (run_table_name(older.id), run_table_name(newer.id));
            let older_table = tx.open_table(run_table(&older_name))?;
            let newer_table = tx.open_table(run_table(&newer_name))?;
            let merged = merge_sorted(run_entries(&older_table)?, run_entries(&newer_table)?);
            write_run(tx, id, total, policy, merged)?
        };
        for old in [older, newer] {
            tx.delete_table(run_table(&run_table_name(old.id)))?;
            filters.remove(old.id)?;
            changes.removed.push(old.id);
        }
        filters.insert(id, bloom.to_bytes().as_slice())?;
        changes.added.push((id, Arc::new(bloom)));
        runs.truncate(runs.len() - 2);
        runs.push(Run { id, entries: count });
    }
    drop(filters);
    write_runs(tx, &runs, next)?;
    Ok(changes)
}

/// Removes `hashes` from every run and from the version-2 table, inside `tx` (a revert). The
/// filters keep them (a filter may say "maybe" for a hash that is gone).
pub(crate) fn remove(tx: &WriteTransaction, hashes: &[B256]) -> Result<()> {
    if hashes.is_empty() {
        return Ok(());
    }
    let (mut runs, next) = {
        let meta = tx.open_table(META)?;
        (read_runs(&meta)?, read_next(&meta)?)
    };
    for run in &mut runs {
        let name = run_table_name(run.id);
        let mut table = tx.open_table(run_table(&name))?;
        for hash in hashes {
            let found = {
                let Some(row) = table.range::<&[u8]>(..=hash.as_slice())?.next_back() else {
                    continue;
                };
                let (key, row) = row?;
                let row = row.value();
                search_row(row, hash)?.map(|i| {
                    let mut rest = row.to_vec();
                    rest.drain(i * ENTRY..(i + 1) * ENTRY);
                    (key.value().to_vec(), rest)
                })
            };
            if let Some((key, rest)) = found {
                table.remove(key.as_slice())?;
                if !rest.is_empty() {
                    table.insert(&rest[..32], rest.as_slice())?;
                }
                run.entries = run.entries.saturating_sub(1);
            }
        }
    }
    write_runs(tx, &runs, next)?;
    let mut legacy = tx.open_table(TX_INDEX)?;
    for hash in hashes {
        legacy.remove(hash.as_slice())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use redb::{Database, ReadableDatabase, TableHandle, backends::InMemoryBackend};
    use std::collections::BTreeMap;

    fn db() -> Database {
        let db = Database::builder()
            .create_with_backend(InMemoryBackend::new())
            .unwrap();
        let tx = db.begin_write().unwrap();
        crate::tables::create_all(&tx).unwrap();
        tx.commit().unwrap();
        db
    }

    fn hash(i: u64) -> B256 {
        alloy_primitives::keccak256(i.to_be_bytes())
    }

    fn location(block: u64, index: u64) -> Location {
        crate::codec::encode_location(block, index)
    }

    fn lookup(db: &Database, filters: &Filters, h: &B256) -> Option<Vec<u8>> {
        let tx = db.begin_read().unwrap();
        let runs = read_runs(&tx.open_table(META).unwrap()).unwrap();
        find(&tx, &runs, filters, h).unwrap()
    }

    fn runs(db: &Database) -> Vec<Run> {
        read_runs(&db.begin_read().unwrap().open_table(META).unwrap()).unwrap()
    }

    #[test]
    fn bloom_has_no_false_negatives_and_few_false_positives() {
        let mut bloom = Bloom::for_entries(10_000);
        for i in 0..10_000 {
            bloom.insert(&hash(i));
        }
        assert!((0..10_000).all(|i| bloom.may_contain(&hash(i))));
        let false_positives = (10_000..110_000)
            .filter(|i| bloom.may_contain(&hash(*i)))
            .count();
        // 256 lines (131,072 bits) for 10k entries, 6 probes in one line: ~0.1–0.3 %
        assert!(false_positives < 1_000, "{false_positives} of 100,000");
        assert_eq!(Bloom::from_bytes(&bloom.to_bytes()).unwrap(), bloom);
        assert!(Bloom::from_bytes(&[0; 24]).is_err());
        assert!(Bloom::from_bytes(&[0; 3 * 64]).is_err());
        // at the sizing limit (10 bits per entry exactly), still about 1 %
        let mut tight = Bloom::for_entries(512 * 64 / 10);
        assert_eq!(tight.lines.len(), 64);
        for i in 0..512 * 64 / 10 {
            tight.insert(&hash(i));
        }
        let false_positives = (1_000_000..1_100_000)
            .filter(|i| tight.may_contain(&hash(*i)))
            .count();
        assert!(false_positives < 2_500, "{false_positives} of 100,000");
    }

    /// Random folds, reverts and lookups against a map: every lookup agrees, merges keep the
    /// number of runs logarithmic, and the stored filters are the published ones.
    #[test]
    fn runs_agree_with_a_map_through_merges_and_removals() {
        let db = db();
        let filters = Filters::default();
        let policy = Policy {
            row_entries: 4,
            max_merged: 300,
        };
        let mut reference: BTreeMap<B256, Location> = BTreeMap::new();
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut random = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let mut next_hash = 0u64;
        for block in 1..200u64 {
            let tx = db.begin_write().unwrap();
            if random(10) == 0 && !reference.is_empty() {
                // a revert: drop some indexed hashes
                let gone: Vec<B256> = reference
                    .keys()
                    .filter(|_| random(3) == 0)
                    .copied()
                    .collect();
                remove(&tx, &gone).unwrap();
                for h in &gone {
                    reference.remove(h);
                }
            } else {
                let n = random(40);
                let mut entries = Vec::new();
                for i in 0..n {
                    // now and then a hash indexed before (re-included at a new place)
                    let h = if random(8) == 0 && next_hash > 0 {
                        hash(random(next_hash))
                    } else {
                        next_hash += 1;
                        hash(next_hash)
                    };
                    entries.push((h, location(block, i)));
                    reference.insert(h, location(block, i));
                }
                let changes = add(&tx, entries, &policy).unwrap();
                tx.commit().unwrap();
                filters.apply(changes);
                let live = runs(&db);
                assert!(live.len() <= 12, "{} runs: {live:?}", live.len());
                assert_eq!(filters.len(), live.len());
                continue;
            }
            tx.commit().unwrap();
        }
        for (h, loc) in &reference {
            assert_eq!(lookup(&db, &filters, h).as_deref(), Some(loc.as_slice()));
        }
        for i in next_hash + 1..next_hash + 200 {
            assert_eq!(lookup(&db, &filters, &hash(i)), None);
        }
        let total: u64 = runs(&db).iter().map(|r| r.entries).sum();
        assert!(total >= reference.len() as u64);
        // the filters on disk are the ones published
        let loaded = Filters::load(&db.begin_read().unwrap()).unwrap();
        assert_eq!(loaded.len(), filters.len());
        for run in runs(&db) {
            assert_eq!(loaded.get(run.id), filters.get(run.id));
        }
    }

    #[test]
    fn equal_sized_folds_merge_like_a_binary_counter() {
        let db = db();
        let policy = Policy::default();
        for fold in 0..8u64 {
            let tx = db.begin_write().unwrap();
            let entries = (0..100)
                .map(|i| (hash(fold * 100 + i), location(fold, i)))
                .collect();
            let _ = add(&tx, entries, &policy).unwrap();
            tx.commit().unwrap();
            let sizes: Vec<u64> = runs(&db).iter().map(|r| r.entries).collect();
            let expected: Vec<u64> = (0..64)
                .rev()
                .filter(|bit| (fold + 1) & (1 << bit) != 0)
                .map(|bit| 100 << bit)
                .collect();
            assert_eq!(sizes, expected, "after fold {fold}");
        }
        // merged-away tables are gone: 8 folds → one run, one table
        let tx = db.begin_read().unwrap();
        let tables = tx
            .list_tables()
            .unwrap()
            .filter(|t| t.name().starts_with("tx_index_run_"))
            .count();
        assert_eq!(tables, 1);
    }

    #[test]
    fn the_version_2_table_is_read_after_the_runs() {
        let db = db();
        let (old, both) = (hash(1), hash(2));
        let tx = db.begin_write().unwrap();
        {
            let mut legacy = tx.open_table(TX_INDEX).unwrap();
            legacy
                .insert(old.as_slice(), location(1, 0).as_slice())
                .unwrap();
            legacy
                .insert(both.as_slice(), location(1, 1).as_slice())
                .unwrap();
        }
        let _ = add(&tx, vec![(both, location(5, 0))], &Policy::default()).unwrap();
        tx.commit().unwrap();
        let filters = Filters::load(&db.begin_read().unwrap()).unwrap();
        assert_eq!(lookup(&db, &filters, &old), Some(location(1, 0).to_vec()));
        assert_eq!(lookup(&db, &filters, &both), Some(location(5, 0).to_vec()));
        assert_eq!(lookup(&db, &filters, &hash(3)), None);
        let tx = db.begin_write().unwrap();
        remove(&tx, &[old, both]).unwrap();
        tx.commit().unwrap();
        assert_eq!(lookup(&db, &filters, &old), None);
        assert_eq!(lookup(&db, &filters, &both), None);
    }

    #[test]
    fn damaged_rows_and_lists_are_reported() {
        assert!(search_row(&[0; 47], &B256::ZERO).is_err());
        assert!(search_row(&[], &B256::ZERO).is_err());
        let db = db();
        let tx = db.begin_write().unwrap();
        tx.open_table(META)
            .unwrap()
            .insert(RUNS_KEY, [0u8; 15].as_slice())
            .unwrap();
        let err = read_runs(&tx.open_table(META).unwrap()).unwrap_err();
        assert!(err.to_string().contains("tx index runs"), "{err}");
    }
}
