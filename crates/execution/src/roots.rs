//! Block commitments computed from receipts and transactions: logs blooms, receipts root,
//! transactions root.
//!
//! These dominate the cost of `finish` on large blocks, so they avoid repeated work: a log's
//! address and topics repeat a lot within a block (one token, one event signature), so their
//! keccak hashes are cached per block; receipts are RLP-encoded straight from
//! [`StoredReceipt`] (the OP receipt encoding, checked against op-alloy's `OpReceiptEnvelope` in
//! tests) without building envelopes; and on big blocks the tries are built on a helper thread
//! while the block is still executing ([`RootsPipeline`]): transaction-trie keys are
//! `rlp(index)`, whose sorted order is 1..=127, 0, 128, 129, … so leaves can be streamed into a
//! `HashBuilder` as transactions complete.

use alloy_primitives::{
    Address, B256, Bloom, BloomInput, Bytes, Log, keccak256,
    map::{AddressMap, B256Map},
};
use alloy_rlp::{Encodable, Header as RlpHeader};
use alloy_trie::{EMPTY_ROOT_HASH, HashBuilder, Nibbles, root::ordered_trie_root_with_encoder};
use lumio_primitives::{StoredReceipt, StoredTx};
use std::{sync::mpsc, thread::JoinHandle};

/// Blocks with fewer transactions than this compute their roots on one thread.
const PARALLEL_ROOTS_MIN_TXS: usize = 512;

/// Bloom builder with a per-block keccak cache.
#[derive(Debug, Default)]
pub(crate) struct BloomCache {
    addresses: AddressMap<B256>,
    topics: B256Map<B256>,
}

impl BloomCache {
    fn address_hash(&mut self, address: Address) -> B256 {
        *self
            .addresses
            .entry(address)
            .or_insert_with(|| keccak256(address))
    }

    fn topic_hash(&mut self, topic: B256) -> B256 {
        *self.topics.entry(topic).or_insert_with(|| keccak256(topic))
    }

    /// Bloom of one receipt's logs.
    pub(crate) fn receipt_bloom(&mut self, receipt: &StoredReceipt) -> Bloom {
        self.logs_bloom(&receipt.logs)
    }

    /// Bloom of logs.
    pub(crate) fn logs_bloom(&mut self, logs: &[Log]) -> Bloom {
        let mut bloom = Bloom::ZERO;
        for log in logs {
            bloom.accrue(BloomInput::Hash(self.address_hash(log.address)));
            for topic in log.topics() {
                bloom.accrue(BloomInput::Hash(self.topic_hash(*topic)));
            }
        }
        bloom
    }
}

/// The fields of a receipt that its consensus encoding commits to.
#[derive(Debug, Clone)]
pub(crate) struct ReceiptLeaf {
    pub(crate) tx_type: u8,
    pub(crate) success: bool,
    pub(crate) cumulative_gas_used: u64,
    pub(crate) logs: Vec<Log>,
    pub(crate) deposit_nonce: Option<u64>,
    pub(crate) deposit_receipt_version: Option<u64>,
}

impl ReceiptLeaf {
    pub(crate) fn of(receipt: &StoredReceipt) -> Self {
        Self {
            tx_type: receipt.tx_type,
            success: receipt.success,
            cumulative_gas_used: receipt.cumulative_gas_used,
            logs: receipt.logs.clone(),
            deposit_nonce: receipt.deposit_nonce,
            deposit_receipt_version: receipt.deposit_receipt_version,
        }
    }
}

/// EIP-2718 encoding of an OP receipt: `type ‖ rlp([status, cumulativeGas, bloom, logs,
/// depositNonce?, depositReceiptVersion?])`, no type byte for legacy.
pub(crate) fn encode_receipt(receipt: &StoredReceipt, bloom: &Bloom, out: &mut Vec<u8>) {
    encode_receipt_parts(
        receipt.tx_type,
        receipt.success,
        receipt.cumulative_gas_used,
        &receipt.logs,
        receipt.deposit_nonce,
        receipt.deposit_receipt_version,
        bloom,
        out,
    );
}

#[allow(clippy::too_many_arguments)]
fn encode_receipt_parts(
    tx_type: u8,
    success: bool,
    cumulative_gas_used: u64,
    logs: &[Log],
    deposit_nonce: Option<u64>,
    deposit_receipt_version: Option<u64>,
    bloom: &Bloom,
    out: &mut Vec<u8>,
) {
    let mut payload_length = success.length()
        + cumulative_gas_used.length()
        + bloom.length()
        + alloy_rlp::list_length(logs);
    if let Some(nonce) = deposit_nonce {
        payload_length += nonce.length();
        if let Some(version) = deposit_receipt_version {
            payload_length += version.length();
        }
    }
    if tx_type != 0 {
        out.push(tx_type);
    }
    RlpHeader {
        list: true,
        payload_length,
    }
    .encode(out);
    success.encode(out);
    cumulative_gas_used.encode(out);
    bloom.encode(out);
    alloy_rlp::encode_list(logs, out);
    if let Some(nonce) = deposit_nonce {
        nonce.encode(out);
        if let Some(version) = deposit_receipt_version {
            version.encode(out);
        }
    }
}

/// An ordered trie (keys `rlp(index)`) built from values pushed in index order.
#[derive(Debug, Default)]
struct StreamingOrderedTrie {
    builder: HashBuilder,
    /// Item 0 sorts after items 1..=127 (`0x80` > `0x7f`), so it waits.
    first: Option<Vec<u8>>,
    count: usize,
    key: Vec<u8>,
}

impl StreamingOrderedTrie {
    fn push(&mut self, value: &[u8]) {
        let index = self.count;
        self.count += 1;
        if index == 0 {
            self.first = Some(value.to_vec());
            return;
        }
        if index == 128 {
            self.flush_first();
        }
        self.add(index, value);
    }

    fn flush_first(&mut self) {
        if let Some(first) = self.first.take() {
            self.add(0, &first);
        }
    }

    fn add(&mut self, index: usize, value: &[u8]) {
        self.key.clear();
        index.encode(&mut self.key);
        self.builder.add_leaf(Nibbles::unpack(&self.key), value);
    }

    fn root(mut self) -> B256 {
        if self.count == 0 {
            return EMPTY_ROOT_HASH;
        }
        self.flush_first();
        self.builder.root()
    }
}

/// Incremental body commitments: transactions trie, receipts trie and logs bloom.
#[derive(Debug, Default)]
struct BodyAccumulator {
    transactions: StreamingOrderedTrie,
    receipts: StreamingOrderedTrie,
    blooms: BloomCache,
    logs_bloom: Bloom,
    buf: Vec<u8>,
}

impl BodyAccumulator {
    fn push(&mut self, tx: &[u8], receipt: &ReceiptLeaf) {
        self.transactions.push(tx);
        let bloom = self.blooms.logs_bloom(&receipt.logs);
        self.logs_bloom |= bloom;
        self.buf.clear();
        encode_receipt_parts(
            receipt.tx_type,
            receipt.success,
            receipt.cumulative_gas_used,
            &receipt.logs,
            receipt.deposit_nonce,
            receipt.deposit_receipt_version,
            &bloom,
            &mut self.buf,
        );
        self.receipts.push(&self.buf);
    }

    fn finish(self) -> BodyRoots {
        BodyRoots {
            transactions_root: self.transactions.root(),
            receipts_root: self.receipts.root(),
            logs_bloom: self.logs_bloom,
        }
    }
}

/// One transaction's contribution to the body commitments.
type Leaf = (Bytes, ReceiptLeaf);

/// Blocks reaching this many transactions build their tries on a helper thread.
const PIPELINE_MIN_TXS: usize = 64;

/// Body commitments built while the block executes: the first [`PIPELINE_MIN_TXS`] leaves are
/// buffered; from then on a helper thread hashes them as they come, so `finish` only waits for
/// the tail. Small blocks never start a thread.
#[derive(Debug, Default)]
pub(crate) struct RootsPipeline {
    /// The helper thread died; the caller must recompute.
    failed: bool,
    pending: Vec<Leaf>,
    worker: Option<(mpsc::Sender<Vec<Leaf>>, JoinHandle<BodyRoots>)>,
}

impl RootsPipeline {
    pub(crate) fn push(&mut self, tx: Bytes, receipt: ReceiptLeaf) {
        self.pending.push((tx, receipt));
        if self.pending.len() < PIPELINE_MIN_TXS {
            return;
        }
        if self.worker.is_none() {
            let (sender, receiver) = mpsc::channel::<Vec<Leaf>>();
            let spawned = std::thread::Builder::new()
                .name("lumio-roots".into())
                .spawn(move || {
                    let mut acc = BodyAccumulator::default();
                    for batch in receiver {
                        for (tx, receipt) in &batch {
                            acc.push(tx, receipt);
                        }
                    }
                    acc.finish()
                });
            match spawned {
                Ok(handle) => self.worker = Some((sender, handle)),
                // No thread (resource limits): stay single-threaded.
                Err(_) => return,
            }
        }
        // Leaves travel in batches: one channel operation per PIPELINE_MIN_TXS transactions.
        if let Some((sender, _)) = &self.worker {
            let batch = std::mem::replace(&mut self.pending, Vec::with_capacity(PIPELINE_MIN_TXS));
            if let Err(mpsc::SendError(batch)) = sender.send(batch) {
                // The helper is gone (it panicked); finish() recomputes from the block.
                self.worker = None;
                self.pending = batch;
                self.failed = true;
            }
        }
    }

    /// The commitments of everything pushed; `None` if the helper thread failed (the caller
    /// recomputes from the block's transactions and receipts).
    pub(crate) fn finish(self) -> Option<BodyRoots> {
        if self.failed {
            return None;
        }
        match self.worker {
            None => {
                let mut acc = BodyAccumulator::default();
                for (tx, receipt) in &self.pending {
                    acc.push(tx, receipt);
                }
                Some(acc.finish())
            }
            Some((sender, handle)) => {
                if !self.pending.is_empty() && sender.send(self.pending).is_err() {
                    return None;
                }
                drop(sender);
                handle.join().ok()
            }
        }
    }
}

/// Receipts root from receipts and their blooms.
pub(crate) fn receipts_root(receipts: &[StoredReceipt], blooms: &[Bloom]) -> B256 {
    let pairs: Vec<(&StoredReceipt, &Bloom)> = receipts.iter().zip(blooms).collect();
    ordered_trie_root_with_encoder(&pairs, |(receipt, bloom), buf| {
        encode_receipt(receipt, bloom, buf);
    })
}

/// Transactions root of encoded transactions.
pub fn transactions_root(transactions: &[StoredTx]) -> B256 {
    ordered_trie_root_with_encoder(transactions, |tx, buf| buf.extend_from_slice(&tx.encoded))
}

/// Commitments of a block's body.
#[derive(Debug)]
pub(crate) struct BodyRoots {
    pub(crate) transactions_root: B256,
    pub(crate) receipts_root: B256,
    pub(crate) logs_bloom: Bloom,
}

/// Transactions root, receipts root and logs bloom; the two roots in parallel on big blocks.
pub(crate) fn body_roots(transactions: &[StoredTx], receipts: &[StoredReceipt]) -> BodyRoots {
    let receipts_side = || {
        let mut cache = BloomCache::default();
        let blooms: Vec<Bloom> = receipts.iter().map(|r| cache.receipt_bloom(r)).collect();
        let logs_bloom = blooms.iter().fold(Bloom::ZERO, |acc, b| acc | *b);
        (receipts_root(receipts, &blooms), logs_bloom)
    };
    if transactions.len() < PARALLEL_ROOTS_MIN_TXS {
        let (receipts_root, logs_bloom) = receipts_side();
        return BodyRoots {
            transactions_root: transactions_root(transactions),
            receipts_root,
            logs_bloom,
        };
    }
    std::thread::scope(|scope| {
        let tx_root = scope.spawn(|| transactions_root(transactions));
        let (receipts_root, logs_bloom) = receipts_side();
        // A panic in the helper thread would be a bug in alloy-trie; fall back to computing
        // the root here rather than propagating it.
        let transactions_root = tx_root
            .join()
            .unwrap_or_else(|_| transactions_root(transactions));
        BodyRoots {
            transactions_root,
            receipts_root,
            logs_bloom,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_eips::eip2718::Encodable2718;
    use alloy_primitives::{Bytes, Log, LogData};
    use op_alloy_consensus::{OpReceiptEnvelope, OpTxType};

    fn receipt(tx_type: u8, success: bool, logs: usize, deposit: bool) -> StoredReceipt {
        let logs = (0..logs)
            .map(|i| Log {
                address: Address::with_last_byte(i as u8),
                data: LogData::new_unchecked(
                    vec![B256::with_last_byte(1), B256::with_last_byte(i as u8)],
                    Bytes::from(vec![i as u8; i]),
                ),
            })
            .collect();
        StoredReceipt {
            tx_type,
            success,
            cumulative_gas_used: 21_000 * (u64::from(tx_type) + 1),
            gas_used: 21_000,
            effective_gas_price: 1,
            logs,
            contract_address: None,
            l1: Default::default(),
            deposit_nonce: deposit.then_some(7),
            deposit_receipt_version: deposit.then_some(1),
        }
    }

    #[test]
    fn encoding_matches_op_alloy() {
        for (ty, op_ty) in [
            (0, OpTxType::Legacy),
            (1, OpTxType::Eip2930),
            (2, OpTxType::Eip1559),
            (4, OpTxType::Eip7702),
            (0x7e, OpTxType::Deposit),
        ] {
            for success in [true, false] {
                for n in [0, 1, 3] {
                    let r = receipt(ty, success, n, ty == 0x7e);
                    let mut cache = BloomCache::default();
                    let bloom = cache.receipt_bloom(&r);
                    let envelope = OpReceiptEnvelope::from_parts(
                        r.success,
                        r.cumulative_gas_used,
                        &r.logs,
                        op_ty,
                        r.deposit_nonce,
                        r.deposit_receipt_version,
                    );
                    assert_eq!(bloom, envelope.logs_bloom().to_owned());
                    let mut ours = Vec::new();
                    encode_receipt(&r, &bloom, &mut ours);
                    assert_eq!(
                        ours,
                        envelope.encoded_2718(),
                        "type {ty} success {success} logs {n}"
                    );
                }
            }
        }
    }

    #[test]
    fn streaming_trie_matches_ordered_trie_root() {
        for n in [0usize, 1, 2, 3, 127, 128, 129, 200, 1000] {
            let items: Vec<Vec<u8>> = (0..n).map(|i| vec![i as u8; 1 + i % 40]).collect();
            let mut trie = StreamingOrderedTrie::default();
            for item in &items {
                trie.push(item);
            }
            let expected =
                ordered_trie_root_with_encoder(&items, |v, buf| buf.extend_from_slice(v));
            assert_eq!(trie.root(), expected, "n = {n}");
        }
    }

    #[test]
    fn pipeline_matches_batch_roots() {
        for n in [0usize, 10, 63, 64, 65, 600] {
            let receipts: Vec<_> = (0..n)
                .map(|i| receipt(2, i % 3 != 0, i % 4, false))
                .collect();
            let txs: Vec<_> = (0..n as u32)
                .map(|i| StoredTx {
                    hash: B256::ZERO,
                    sender: Address::ZERO,
                    encoded: Bytes::from(i.to_be_bytes().to_vec()),
                })
                .collect();
            let mut pipeline = RootsPipeline::default();
            for (tx, r) in txs.iter().zip(&receipts) {
                pipeline.push(tx.encoded.clone(), ReceiptLeaf::of(r));
            }
            let streamed = pipeline.finish().unwrap();
            let batch = body_roots(&txs, &receipts);
            assert_eq!(
                streamed.transactions_root, batch.transactions_root,
                "n = {n}"
            );
            assert_eq!(streamed.receipts_root, batch.receipts_root, "n = {n}");
            assert_eq!(streamed.logs_bloom, batch.logs_bloom, "n = {n}");
        }
    }

    #[test]
    fn parallel_and_serial_roots_agree() {
        let receipts: Vec<_> = (0..600)
            .map(|i| receipt(2, i % 3 != 0, i % 4, false))
            .collect();
        let txs: Vec<_> = (0..600u32)
            .map(|i| StoredTx {
                hash: B256::ZERO,
                sender: Address::ZERO,
                encoded: Bytes::from(i.to_be_bytes().to_vec()),
            })
            .collect();
        let parallel = body_roots(&txs, &receipts);
        let small = body_roots(&txs[..10], &receipts[..10]);
        let envelopes: Vec<OpReceiptEnvelope> = receipts
            .iter()
            .map(|r| {
                OpReceiptEnvelope::from_parts(
                    r.success,
                    r.cumulative_gas_used,
                    &r.logs,
                    OpTxType::Eip1559,
                    None,
                    None,
                )
            })
            .collect();
        assert_eq!(
            parallel.receipts_root,
            alloy_consensus::proofs::calculate_receipt_root(&envelopes)
        );
        assert_eq!(
            small.receipts_root,
            alloy_consensus::proofs::calculate_receipt_root(&envelopes[..10])
        );
        assert_eq!(parallel.transactions_root, transactions_root(&txs));
        assert_eq!(
            parallel.logs_bloom,
            alloy_primitives::logs_bloom(receipts.iter().flat_map(|r| r.logs.iter()))
        );
    }
}
