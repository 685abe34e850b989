//! Blocks, transactions and receipts: how a block is written and deleted, and [`ChainView`],
//! one consistent read view of them.
//!
//! Transactions and receipts are stored in rows of [`CHUNK`] consecutive transactions, keyed by
//! block number ‖ index of the row's first transaction, each row a small table of contents
//! (record count, record end offsets) followed by the records: one transaction or receipt is a
//! point read of its row and a slice of it, whatever the size of its block, and a whole block is
//! one range scan. A receipt record carries the block-wide index of its first log, the one value
//! of an RPC receipt that depends on the transactions before it (the cumulative gas used is
//! already in the receipt).
//!
//! Why rows of [`CHUNK`] and not one row per transaction: a redb insert costs ~1.5 µs on the
//! project machine, and two rows per transaction added ~3 µs per transaction to a block commit
//! (measured on 20k-transaction blocks); rows of 32 cost ~1/32 of that, and a read slices one
//! record out of a ~5 KiB row instead of decoding its neighbours.

use crate::{
    codec::{
        decode_b256, decode_bcs, decode_header, decode_location, decode_u64, encode_bcs,
        encode_header, encode_location,
    },
    error::{Result, StorageError},
    overlay::Pending,
    snapshot::lazy,
    tables::{CANONICAL, HASH_TO_NUMBER, HEADERS, META, TRANSACTIONS, TX_RECEIPTS, tx_key},
    tx_index::{self, Filters, Location, Run},
};
use alloy_consensus::Header;
use alloy_primitives::B256;
use lumio_primitives::{StoredBlock, StoredReceipt, StoredTx, TxLocation};
use redb::{ReadOnlyTable, ReadTransaction, ReadableTable};
use std::sync::{Arc, OnceLock};

type RawTable = ReadOnlyTable<&'static [u8], &'static [u8]>;
type NumberTable = ReadOnlyTable<u64, &'static [u8]>;

/// A receipt with the block-wide index of its first log (logs are numbered across the block).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedReceipt {
    /// The receipt.
    pub receipt: StoredReceipt,
    /// `logIndex` of the receipt's first log: the number of logs of the transactions before it.
    pub first_log_index: u64,
}

/// A consistent read view of the chain's blocks, transactions and receipts (one redb read
/// transaction and the overlay of not-yet-folded blocks of the same moment: blocks committed or
/// reverted after it was taken are not visible). Overlay blocks answer from memory; tables are
/// opened on first use. Hold it for one request, not longer: an open view keeps the pages of
/// its version alive.
#[derive(Debug)]
pub struct ChainView {
    headers: OnceLock<NumberTable>,
    canonical: OnceLock<NumberTable>,
    hash_to_number: OnceLock<RawTable>,
    /// The transaction index runs of this version (`crate::tx_index`).
    tx_runs: OnceLock<Vec<Run>>,
    tx_filters: Arc<Filters>,
    transactions: OnceLock<RawTable>,
    receipts: OnceLock<RawTable>,
    pending: Arc<Pending>,
    tx: ReadTransaction,
}

impl ChainView {
    pub(crate) fn new(
        tx: ReadTransaction,
        pending: Arc<Pending>,
        tx_filters: Arc<Filters>,
    ) -> Self {
        Self {
            headers: OnceLock::new(),
            canonical: OnceLock::new(),
            hash_to_number: OnceLock::new(),
            tx_runs: OnceLock::new(),
            tx_filters,
            transactions: OnceLock::new(),
            receipts: OnceLock::new(),
            pending,
            tx,
        }
    }

    /// Number of the head block in this view (`None` before genesis).
    pub fn head(&self) -> Result<Option<u64>> {
        if let Some(head) = self.pending.head() {
            return Ok(Some(head));
        }
        crate::store::read_head(&self.tx.open_table(META)?)
    }

    /// Hash of canonical block `number`.
    pub fn block_hash(&self, number: u64) -> Result<Option<B256>> {
        if let Some(hash) = self.pending.block_hash(number) {
            return Ok(Some(hash));
        }
        lazy(&self.tx, &self.canonical, CANONICAL)?
            .get(number)?
            .map(|v| decode_b256(v.value(), "block hash"))
            .transpose()
    }

    /// Number of the block with this hash.
    pub fn block_number(&self, hash: B256) -> Result<Option<u64>> {
        if let Some(number) = self.pending.block_number(hash) {
            return Ok(Some(number));
        }
        lazy(&self.tx, &self.hash_to_number, HASH_TO_NUMBER)?
            .get(hash.as_slice())?
            .map(|v| decode_u64(v.value(), "block number"))
            .transpose()
    }

    /// Header of block `number`.
    pub fn header(&self, number: u64) -> Result<Option<Header>> {
        if let Some(b) = self.pending.block(number) {
            return Ok(Some(b.block.header.clone()));
        }
        lazy(&self.tx, &self.headers, HEADERS)?
            .get(number)?
            .map(|v| decode_header(v.value()))
            .transpose()
    }

    /// Where the transaction with this hash was included.
    pub fn transaction_location(&self, tx_hash: B256) -> Result<Option<TxLocation>> {
        if let Some(loc) = self.pending.transaction_location(tx_hash) {
            return Ok(Some(loc));
        }
        let runs = match self.tx_runs.get() {
            Some(runs) => runs,
            None => {
                let runs = tx_index::read_runs(&self.tx.open_table(META)?)?;
                self.tx_runs.get_or_init(|| runs)
            }
        };
        let Some(value) = tx_index::find(&self.tx, runs, &self.tx_filters, &tx_hash)? else {
            return Ok(None);
        };
        let (block_number, hash, index) = decode_location(&value)?;
        let block_hash = match hash {
            Some(hash) => hash,
            None => self.block_hash(block_number)?.ok_or_else(|| {
                StorageError::corrupt(
                    "tx index",
                    format!(
                        "transaction {tx_hash} points at block {block_number}, which is not stored"
                    ),
                )
            })?,
        };
        Ok(Some(TxLocation {
            block_number,
            block_hash,
            index,
        }))
    }

    /// Transaction `index` of block `number`.
    pub fn transaction(&self, number: u64, index: u64) -> Result<Option<StoredTx>> {
        if let Some(b) = self.pending.block(number) {
            return Ok(b.transaction(index));
        }
        let table = lazy(&self.tx, &self.transactions, TRANSACTIONS)?;
        let Some(row) = table.get(row_key(number, index).as_slice())? else {
            return Ok(None);
        };
        Chunk::parse(row.value(), "transactions")?
            .get(index % CHUNK)
            .map(|record| decode_bcs("transaction", record))
            .transpose()
    }

    /// Receipt of transaction `index` of block `number`, with its first log's index.
    pub fn receipt(&self, number: u64, index: u64) -> Result<Option<IndexedReceipt>> {
        if let Some(b) = self.pending.block(number) {
            return Ok(b
                .receipt(index)
                .map(|(receipt, first_log_index)| IndexedReceipt {
                    receipt,
                    first_log_index,
                }));
        }
        let table = lazy(&self.tx, &self.receipts, TX_RECEIPTS)?;
        let Some(row) = table.get(row_key(number, index).as_slice())? else {
            return Ok(None);
        };
        Chunk::parse(row.value(), "receipts")?
            .get(index % CHUNK)
            .map(decode_receipt)
            .transpose()
    }

    /// The transactions of block `number`, in order (empty for an unknown block).
    pub fn transactions(&self, number: u64) -> Result<Vec<StoredTx>> {
        if let Some(b) = self.pending.block(number) {
            return Ok(b.block.transactions.clone());
        }
        let table = lazy(&self.tx, &self.transactions, TRANSACTIONS)?;
        let mut out = Vec::new();
        for_each_row(table, number, "transactions", |chunk| {
            for record in chunk.records() {
                out.push(decode_bcs("transaction", record)?);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// The receipts of block `number`, in transaction order (empty for an unknown block).
    pub fn receipts(&self, number: u64) -> Result<Vec<StoredReceipt>> {
        if let Some(b) = self.pending.block(number) {
            return Ok(b.receipts.clone());
        }
        let table = lazy(&self.tx, &self.receipts, TX_RECEIPTS)?;
        let mut out = Vec::new();
        for_each_row(table, number, "receipts", |chunk| {
            for record in chunk.records() {
                out.push(decode_receipt(record)?.receipt);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// Number of transactions in block `number` (row headers only, no record decoded).
    pub fn transaction_count(&self, number: u64) -> Result<u64> {
        if let Some(b) = self.pending.block(number) {
            return Ok(b.block.transactions.len() as u64);
        }
        let table = lazy(&self.tx, &self.transactions, TRANSACTIONS)?;
        let mut count = 0;
        for_each_row(table, number, "transactions", |chunk| {
            count += chunk.len() as u64;
            Ok(())
        })?;
        Ok(count)
    }

    /// Block `number` with its transactions.
    pub fn block(&self, number: u64) -> Result<Option<StoredBlock>> {
        if let Some(b) = self.pending.block(number) {
            return Ok(Some(b.block.clone()));
        }
        let Some(header) = self.header(number)? else {
            return Ok(None);
        };
        let hash = self
            .block_hash(number)?
            .ok_or_else(|| StorageError::Missing {
                what: "block hash",
                key: number.to_string(),
            })?;
        Ok(Some(StoredBlock {
            header,
            hash,
            transactions: self.transactions(number)?,
        }))
    }
}

/// Transactions per row of the `transactions` and `tx_receipts` tables.
pub(crate) const CHUNK: u64 = 32;

/// Key of the row holding transaction `index` of block `number`.
fn row_key(number: u64, index: u64) -> [u8; 16] {
    tx_key(number, index - index % CHUNK)
}

/// Calls `f` with each row of block `number`, in order.
fn for_each_row<T: ReadableTable<&'static [u8], &'static [u8]>>(
    table: &T,
    number: u64,
    what: &'static str,
    mut f: impl FnMut(Chunk<'_>) -> Result<()>,
) -> Result<()> {
    let prefix = number.to_be_bytes();
    for entry in table.range::<&[u8]>(tx_key(number, 0).as_slice()..)? {
        let (key, value) = entry?;
        if !key.value().starts_with(&prefix) {
            break;
        }
        f(Chunk::parse(value.value(), what)?)?;
    }
    Ok(())
}

/// A row of up to [`CHUNK`] records: count (u16 BE) ‖ end offset of each record (u32 BE, from
/// the start of the row) ‖ the records, back to back.
#[derive(Debug, Clone, Copy)]
struct Chunk<'a> {
    bytes: &'a [u8],
    count: usize,
}

impl<'a> Chunk<'a> {
    fn encode(records: &[Vec<u8>]) -> Vec<u8> {
        let header = 2 + 4 * records.len();
        let mut out = Vec::with_capacity(header + records.iter().map(Vec::len).sum::<usize>());
        // At most CHUNK records of at most a block's size: both fit the widths.
        out.extend_from_slice(&(records.len() as u16).to_be_bytes());
        let mut end = header;
        for r in records {
            end += r.len();
            out.extend_from_slice(&(end as u32).to_be_bytes());
        }
        for r in records {
            out.extend_from_slice(r);
        }
        out
    }

    /// Checks the table of contents (offsets in order, inside the row, the last one its end).
    fn parse(bytes: &'a [u8], what: &'static str) -> Result<Self> {
        let bad = |detail: &str| StorageError::corrupt(what, detail);
        let count = match bytes {
            [a, b, ..] => usize::from(u16::from_be_bytes([*a, *b])),
            _ => return Err(bad("row shorter than its header")),
        };
        let header = 2 + 4 * count;
        if count == 0 || count as u64 > CHUNK || bytes.len() < header {
            return Err(bad("bad record count"));
        }
        let chunk = Self { bytes, count };
        let mut start = header;
        for i in 0..count {
            let end = chunk.end(i);
            if end < start || end > bytes.len() {
                return Err(bad("record offsets out of order or outside the row"));
            }
            start = end;
        }
        if start != bytes.len() {
            return Err(bad("trailing bytes after the last record"));
        }
        Ok(chunk)
    }

    fn end(&self, i: usize) -> usize {
        let at = 2 + 4 * i;
        let b = &self.bytes[at..at + 4];
        u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize
    }

    fn len(&self) -> usize {
        self.count
    }

    /// Record `i` (`None` past the last one). Offsets were checked by `parse`.
    fn get(&self, i: u64) -> Option<&'a [u8]> {
        let i = usize::try_from(i).ok().filter(|i| *i < self.count)?;
        let start = if i == 0 {
            2 + 4 * self.count
        } else {
            self.end(i - 1)
        };
        Some(&self.bytes[start..self.end(i)])
    }

    fn records(self) -> impl Iterator<Item = &'a [u8]> {
        (0..self.count as u64).filter_map(move |i| self.get(i))
    }
}

/// Receipt row: first log index (8) ‖ BCS(StoredReceipt).
fn encode_receipt(receipt: &StoredReceipt, first_log_index: u64) -> Result<Vec<u8>> {
    let mut out = first_log_index.to_be_bytes().to_vec();
    out.extend_from_slice(&encode_bcs("receipt", receipt)?);
    Ok(out)
}

fn decode_receipt(bytes: &[u8]) -> Result<IndexedReceipt> {
    if bytes.len() < 8 {
        return Err(StorageError::corrupt(
            "receipt",
            format!("length {}", bytes.len()),
        ));
    }
    Ok(IndexedReceipt {
        first_log_index: decode_u64(&bytes[..8], "receipt")?,
        receipt: decode_bcs("receipt", &bytes[8..])?,
    })
}

/// Writes a block's header, hashes and one row per transaction and per receipt; its
/// transaction-hash index entries go to `index_out` (the caller adds a fold's or a block's
/// entries to the index at once: `crate::tx_index::add`).
pub(crate) fn write_block(
    tx: &redb::WriteTransaction,
    block: &StoredBlock,
    receipts: &[StoredReceipt],
    index_out: &mut Vec<(B256, Location)>,
) -> Result<()> {
    if receipts.len() != block.transactions.len() {
        return Err(StorageError::Encode {
            what: "block",
            detail: format!(
                "{} receipts for {} transactions",
                receipts.len(),
                block.transactions.len()
            ),
        });
    }
    let number = block.number();
    tx.open_table(HEADERS)?
        .insert(number, encode_header(&block.header).as_slice())?;
    tx.open_table(CANONICAL)?
        .insert(number, block.hash.as_slice())?;
    tx.open_table(HASH_TO_NUMBER)?
        .insert(block.hash.as_slice(), number.to_be_bytes().as_slice())?;
    let mut transactions = tx.open_table(TRANSACTIONS)?;
    let mut receipt_rows = tx.open_table(TX_RECEIPTS)?;
    let mut first_log_index = 0u64;
    let (mut tx_records, mut receipt_records) = (Vec::new(), Vec::new());
    for (i, (t, receipt)) in block.transactions.iter().zip(receipts).enumerate() {
        let i = i as u64;
        tx_records.push(encode_bcs("transaction", t)?);
        receipt_records.push(encode_receipt(receipt, first_log_index)?);
        first_log_index += receipt.logs.len() as u64;
        index_out.push((t.hash, encode_location(number, i)));
        let last = i + 1 == block.transactions.len() as u64;
        if (i + 1).is_multiple_of(CHUNK) || last {
            let key = row_key(number, i);
            transactions.insert(key.as_slice(), Chunk::encode(&tx_records).as_slice())?;
            receipt_rows.insert(key.as_slice(), Chunk::encode(&receipt_records).as_slice())?;
            tx_records.clear();
            receipt_records.clear();
        }
    }
    Ok(())
}

/// Deletes a block's header, hashes, transactions, receipts and index entries.
pub(crate) fn delete_block(tx: &redb::WriteTransaction, number: u64) -> Result<()> {
    tx.open_table(HEADERS)?.remove(number)?;
    if let Some(hash) = tx.open_table(CANONICAL)?.remove(number)? {
        tx.open_table(HASH_TO_NUMBER)?.remove(hash.value())?;
    }
    let mut transactions = tx.open_table(TRANSACTIONS)?;
    let mut hashes = Vec::new();
    let mut rows = 0u64;
    for_each_row(&transactions, number, "transactions", |chunk| {
        rows += 1;
        for record in chunk.records() {
            hashes.push(decode_bcs::<StoredTx>("transaction", record)?.hash);
        }
        Ok(())
    })?;
    let mut receipts = tx.open_table(TX_RECEIPTS)?;
    for row in 0..rows {
        let key = tx_key(number, row * CHUNK);
        transactions.remove(key.as_slice())?;
        receipts.remove(key.as_slice())?;
    }
    drop((transactions, receipts));
    tx_index::remove(tx, &hashes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_rows_round_trip_and_reject_short_values() {
        let receipt = StoredReceipt {
            tx_type: 2,
            success: true,
            cumulative_gas_used: 42_000,
            gas_used: 21_000,
            effective_gas_price: 7,
            logs: vec![],
            contract_address: None,
            l1: Default::default(),
            deposit_nonce: None,
            deposit_receipt_version: None,
        };
        let row = encode_receipt(&receipt, 5).unwrap();
        assert_eq!(
            decode_receipt(&row).unwrap(),
            IndexedReceipt {
                receipt,
                first_log_index: 5
            }
        );
        assert!(decode_receipt(&row[..7]).is_err());
        assert!(decode_receipt(&row[..row.len() - 1]).is_err());
    }

    #[test]
    fn chunks_round_trip_and_reject_bad_tables_of_contents() {
        let records: Vec<Vec<u8>> = vec![vec![1, 2, 3], vec![], vec![4; 40]];
        let row = Chunk::encode(&records);
        let chunk = Chunk::parse(&row, "test").unwrap();
        assert_eq!(chunk.len(), 3);
        for (i, r) in records.iter().enumerate() {
            assert_eq!(chunk.get(i as u64), Some(r.as_slice()));
        }
        assert_eq!(chunk.get(3), None);
        assert_eq!(chunk.get(u64::MAX), None);
        assert_eq!(chunk.records().collect::<Vec<_>>().len(), 3);
        // Truncated, trailing bytes, offsets out of order, empty and oversized counts.
        assert!(Chunk::parse(&row[..row.len() - 1], "test").is_err());
        let mut longer = row.clone();
        longer.push(0);
        assert!(Chunk::parse(&longer, "test").is_err());
        let mut swapped = row.clone();
        swapped[2..6].copy_from_slice(&100u32.to_be_bytes());
        assert!(Chunk::parse(&swapped, "test").is_err());
        assert!(Chunk::parse(&[0, 0], "test").is_err());
        assert!(Chunk::parse(&[0], "test").is_err());
        let mut many = vec![0u8; 2 + 4 * 33];
        many[..2].copy_from_slice(&33u16.to_be_bytes());
        assert!(Chunk::parse(&many, "test").is_err());
    }

    #[test]
    fn row_keys_group_chunk_transactions() {
        assert_eq!(row_key(7, 0), tx_key(7, 0));
        assert_eq!(row_key(7, CHUNK - 1), tx_key(7, 0));
        assert_eq!(row_key(7, CHUNK), tx_key(7, CHUNK));
        assert_eq!(row_key(7, 3 * CHUNK + 5), tx_key(7, 3 * CHUNK));
    }
}
