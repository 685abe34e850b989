//! Block commitments computed from receipts and transactions: logs blooms, receipts root,
//! transactions root.
//!
//! These dominate the cost of `finish` on large blocks, so they avoid repeated work: a log's
//! address and topics repeat a lot within a block (one token, one event signature), so their
//! keccak hashes are cached per block; receipts are RLP-encoded straight from
//! [`StoredReceipt`] (the OP receipt encoding, checked against op-alloy's `OpReceiptEnvelope` in
//! tests) without building envelopes; and the two roots are computed in parallel for big blocks.

use alloy_primitives::{
    Address, B256, Bloom, BloomInput, keccak256,
    map::{AddressMap, B256Map},
};
use alloy_rlp::{Encodable, Header as RlpHeader};
use alloy_trie::root::ordered_trie_root_with_encoder;
use lumio_primitives::{StoredReceipt, StoredTx};

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
        let mut bloom = Bloom::ZERO;
        for log in &receipt.logs {
            bloom.accrue(BloomInput::Hash(self.address_hash(log.address)));
            for topic in log.topics() {
                bloom.accrue(BloomInput::Hash(self.topic_hash(*topic)));
            }
        }
        bloom
    }
}

/// EIP-2718 encoding of an OP receipt: `type ‖ rlp([status, cumulativeGas, bloom, logs,
/// depositNonce?, depositReceiptVersion?])`, no type byte for legacy.
pub(crate) fn encode_receipt(receipt: &StoredReceipt, bloom: &Bloom, out: &mut Vec<u8>) {
    let mut payload_length = receipt.success.length()
        + receipt.cumulative_gas_used.length()
        + bloom.length()
        + alloy_rlp::list_length(&receipt.logs);
    if let Some(nonce) = receipt.deposit_nonce {
        payload_length += nonce.length();
        if let Some(version) = receipt.deposit_receipt_version {
            payload_length += version.length();
        }
    }
    if receipt.tx_type != 0 {
        out.push(receipt.tx_type);
    }
    RlpHeader {
        list: true,
        payload_length,
    }
    .encode(out);
    receipt.success.encode(out);
    receipt.cumulative_gas_used.encode(out);
    bloom.encode(out);
    alloy_rlp::encode_list(&receipt.logs, out);
    if let Some(nonce) = receipt.deposit_nonce {
        nonce.encode(out);
        if let Some(version) = receipt.deposit_receipt_version {
            version.encode(out);
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
