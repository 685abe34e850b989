//! Blocks, transactions and receipts: how a block is written and deleted, and [`ChainView`],
//! one consistent read view of them.
//!
//! Transactions and receipts are stored one row per transaction, keyed by block number ‖ index,
//! and the transaction-hash index points at that key: one transaction, its receipt or its
//! position is a few point reads whatever the size of its block, and a whole block is one range
//! scan. A receipt row carries the block-wide index of its first log, the one value of an RPC
//! receipt that depends on the transactions before it (the cumulative gas used is already in
//! the receipt).

use crate::{
    codec::{
        decode_b256, decode_bcs, decode_header, decode_location, decode_u64, encode_bcs,
        encode_header, encode_location,
    },
    error::{Result, StorageError},
    snapshot::lazy,
    tables::{
        CANONICAL, HASH_TO_NUMBER, HEADERS, META, TRANSACTIONS, TX_INDEX, TX_RECEIPTS, tx_key,
    },
};
use alloy_consensus::Header;
use alloy_primitives::B256;
use lumio_primitives::{StoredBlock, StoredReceipt, StoredTx, TxLocation};
use redb::{ReadOnlyTable, ReadTransaction, ReadableTable};
use std::sync::OnceLock;

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
/// transaction: blocks committed or reverted after it was taken are not visible). Tables are
/// opened on first use. Hold it for one request, not longer: an open view keeps the pages of
/// its version alive.
#[derive(Debug)]
pub struct ChainView {
    headers: OnceLock<NumberTable>,
    canonical: OnceLock<NumberTable>,
    hash_to_number: OnceLock<RawTable>,
    tx_index: OnceLock<RawTable>,
    transactions: OnceLock<RawTable>,
    receipts: OnceLock<RawTable>,
    tx: ReadTransaction,
}

impl ChainView {
    pub(crate) fn new(tx: ReadTransaction) -> Self {
        Self {
            headers: OnceLock::new(),
            canonical: OnceLock::new(),
            hash_to_number: OnceLock::new(),
            tx_index: OnceLock::new(),
            transactions: OnceLock::new(),
            receipts: OnceLock::new(),
            tx,
        }
    }

    /// Number of the head block in this view (`None` before genesis).
    pub fn head(&self) -> Result<Option<u64>> {
        crate::store::read_head(&self.tx.open_table(META)?)
    }

    /// Hash of canonical block `number`.
    pub fn block_hash(&self, number: u64) -> Result<Option<B256>> {
        lazy(&self.tx, &self.canonical, CANONICAL)?
            .get(number)?
            .map(|v| decode_b256(v.value(), "block hash"))
            .transpose()
    }

    /// Number of the block with this hash.
    pub fn block_number(&self, hash: B256) -> Result<Option<u64>> {
        lazy(&self.tx, &self.hash_to_number, HASH_TO_NUMBER)?
            .get(hash.as_slice())?
            .map(|v| decode_u64(v.value(), "block number"))
            .transpose()
    }

    /// Header of block `number`.
    pub fn header(&self, number: u64) -> Result<Option<Header>> {
        lazy(&self.tx, &self.headers, HEADERS)?
            .get(number)?
            .map(|v| decode_header(v.value()))
            .transpose()
    }

    /// Where the transaction with this hash was included.
    pub fn transaction_location(&self, tx_hash: B256) -> Result<Option<TxLocation>> {
        lazy(&self.tx, &self.tx_index, TX_INDEX)?
            .get(tx_hash.as_slice())?
            .map(|v| decode_location(v.value()))
            .transpose()
    }

    /// Transaction `index` of block `number`.
    pub fn transaction(&self, number: u64, index: u64) -> Result<Option<StoredTx>> {
        lazy(&self.tx, &self.transactions, TRANSACTIONS)?
            .get(tx_key(number, index).as_slice())?
            .map(|v| decode_bcs("transaction", v.value()))
            .transpose()
    }

    /// Receipt of transaction `index` of block `number`, with its first log's index.
    pub fn receipt(&self, number: u64, index: u64) -> Result<Option<IndexedReceipt>> {
        lazy(&self.tx, &self.receipts, TX_RECEIPTS)?
            .get(tx_key(number, index).as_slice())?
            .map(|v| decode_receipt(v.value()))
            .transpose()
    }

    /// The transactions of block `number`, in order (empty for an unknown block).
    pub fn transactions(&self, number: u64) -> Result<Vec<StoredTx>> {
        let table = lazy(&self.tx, &self.transactions, TRANSACTIONS)?;
        let mut out = Vec::new();
        for entry in table.range::<&[u8]>(block_range(number).as_slice()..)? {
            let (key, value) = entry?;
            if !key.value().starts_with(&number.to_be_bytes()) {
                break;
            }
            out.push(decode_bcs("transaction", value.value())?);
        }
        Ok(out)
    }

    /// The receipts of block `number`, in transaction order (empty for an unknown block).
    pub fn receipts(&self, number: u64) -> Result<Vec<StoredReceipt>> {
        let table = lazy(&self.tx, &self.receipts, TX_RECEIPTS)?;
        let mut out = Vec::new();
        for entry in table.range::<&[u8]>(block_range(number).as_slice()..)? {
            let (key, value) = entry?;
            if !key.value().starts_with(&number.to_be_bytes()) {
                break;
            }
            out.push(decode_receipt(value.value())?.receipt);
        }
        Ok(out)
    }

    /// Number of transactions in block `number` (keys only, nothing decoded).
    pub fn transaction_count(&self, number: u64) -> Result<u64> {
        let table = lazy(&self.tx, &self.transactions, TRANSACTIONS)?;
        let mut count = 0;
        for entry in table.range::<&[u8]>(block_range(number).as_slice()..)? {
            if !entry?.0.value().starts_with(&number.to_be_bytes()) {
                break;
            }
            count += 1;
        }
        Ok(count)
    }

    /// Block `number` with its transactions.
    pub fn block(&self, number: u64) -> Result<Option<StoredBlock>> {
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

/// First key of block `number` in the per-transaction tables.
fn block_range(number: u64) -> [u8; 16] {
    tx_key(number, 0)
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

/// Writes a block's header, hashes, one row per transaction and per receipt, and the
/// transaction-hash index.
pub(crate) fn write_block(
    tx: &redb::WriteTransaction,
    block: &StoredBlock,
    receipts: &[StoredReceipt],
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
    let mut index = tx.open_table(TX_INDEX)?;
    let mut first_log_index = 0u64;
    for (i, (t, receipt)) in block.transactions.iter().zip(receipts).enumerate() {
        let key = tx_key(number, i as u64);
        transactions.insert(key.as_slice(), encode_bcs("transaction", t)?.as_slice())?;
        receipt_rows.insert(
            key.as_slice(),
            encode_receipt(receipt, first_log_index)?.as_slice(),
        )?;
        first_log_index += receipt.logs.len() as u64;
        let loc = TxLocation {
            block_number: number,
            block_hash: block.hash,
            index: i as u64,
        };
        index.insert(t.hash.as_slice(), encode_location(&loc).as_slice())?;
    }
    Ok(())
}

/// Deletes a block's header, hashes, transactions, receipts and index entries.
pub(crate) fn delete_block(tx: &redb::WriteTransaction, number: u64) -> Result<()> {
    tx.open_table(HEADERS)?.remove(number)?;
    if let Some(hash) = tx.open_table(CANONICAL)?.remove(number)? {
        tx.open_table(HASH_TO_NUMBER)?.remove(hash.value())?;
    }
    let start = block_range(number);
    let mut transactions = tx.open_table(TRANSACTIONS)?;
    let mut rows = Vec::new();
    for entry in transactions.range::<&[u8]>(start.as_slice()..)? {
        let (key, value) = entry?;
        if !key.value().starts_with(&number.to_be_bytes()) {
            break;
        }
        let t: StoredTx = decode_bcs("transaction", value.value())?;
        rows.push((key.value().to_vec(), t.hash));
    }
    let mut receipts = tx.open_table(TX_RECEIPTS)?;
    let mut index = tx.open_table(TX_INDEX)?;
    for (key, hash) in rows {
        transactions.remove(key.as_slice())?;
        receipts.remove(key.as_slice())?;
        index.remove(hash.as_slice())?;
    }
    Ok(())
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
}
