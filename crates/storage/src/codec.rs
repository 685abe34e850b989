//! Value encodings. Every decoder checks lengths and invariants and returns
//! [`StorageError::Corrupt`] instead of panicking.

use crate::error::{Result, StorageError};
use alloy_primitives::{B256, U256};
use alloy_rlp::{Decodable, Encodable};
use alloy_trie::{BranchNodeCompact, TrieAccount, TrieMask};
use lumio_primitives::AccountState;
use std::sync::Arc;

/// Encoded size of an [`AccountState`].
const ACCOUNT_LEN: usize = 8 + 32 + 32;

pub(crate) fn encode_account(a: &AccountState) -> [u8; ACCOUNT_LEN] {
    let mut out = [0u8; ACCOUNT_LEN];
    out[..8].copy_from_slice(&a.nonce.to_be_bytes());
    out[8..40].copy_from_slice(&a.balance.to_be_bytes::<32>());
    out[40..].copy_from_slice(a.code_hash.as_slice());
    out
}

pub(crate) fn decode_account(bytes: &[u8]) -> Result<AccountState> {
    if bytes.len() != ACCOUNT_LEN {
        return Err(StorageError::corrupt(
            "account",
            format!("length {}", bytes.len()),
        ));
    }
    let mut nonce = [0u8; 8];
    nonce.copy_from_slice(&bytes[..8]);
    Ok(AccountState {
        nonce: u64::from_be_bytes(nonce),
        balance: U256::from_be_slice(&bytes[8..40]),
        code_hash: B256::from_slice(&bytes[40..]),
    })
}

/// Change-set pre-image: empty = account absent.
pub(crate) fn encode_account_opt(a: Option<&AccountState>) -> Vec<u8> {
    a.map(|a| encode_account(a).to_vec()).unwrap_or_default()
}

pub(crate) fn decode_account_opt(bytes: &[u8]) -> Result<Option<AccountState>> {
    if bytes.is_empty() {
        Ok(None)
    } else {
        decode_account(bytes).map(Some)
    }
}

pub(crate) fn decode_u256(bytes: &[u8]) -> Result<U256> {
    if bytes.len() != 32 {
        return Err(StorageError::corrupt(
            "storage value",
            format!("length {}", bytes.len()),
        ));
    }
    Ok(U256::from_be_slice(bytes))
}

pub(crate) fn decode_u64(bytes: &[u8], what: &'static str) -> Result<u64> {
    let arr: [u8; 8] = bytes
        .try_into()
        .map_err(|_| StorageError::corrupt(what, format!("length {}", bytes.len())))?;
    Ok(u64::from_be_bytes(arr))
}

pub(crate) fn decode_b256(bytes: &[u8], what: &'static str) -> Result<B256> {
    if bytes.len() != 32 {
        return Err(StorageError::corrupt(
            what,
            format!("length {}", bytes.len()),
        ));
    }
    Ok(B256::from_slice(bytes))
}

/// Storage trie leaf value: RLP of the slot value.
pub(crate) fn storage_leaf(value: U256) -> Vec<u8> {
    alloy_rlp::encode(value)
}

/// Account trie leaf value: RLP of the account with its storage root.
pub(crate) fn account_leaf(a: &AccountState, storage_root: B256) -> Vec<u8> {
    let mut out = Vec::with_capacity(110);
    TrieAccount::new(a.nonce, a.balance, storage_root, a.code_hash).encode(&mut out);
    out
}

pub(crate) fn decode_account_leaf(bytes: &[u8]) -> Result<TrieAccount> {
    let mut buf = bytes;
    let acc =
        TrieAccount::decode(&mut buf).map_err(|e| StorageError::corrupt("trie account", e))?;
    if !buf.is_empty() {
        return Err(StorageError::corrupt("trie account", "trailing bytes"));
    }
    Ok(acc)
}

/// Branch node: state mask (2) ‖ tree mask (2) ‖ hash mask (2) ‖ has-root (1) ‖ hashes ‖ root.
pub(crate) fn encode_branch(node: &BranchNodeCompact) -> Vec<u8> {
    let mut out = Vec::with_capacity(7 + 32 * (node.hashes.len() + 1));
    out.extend_from_slice(&node.state_mask.get().to_be_bytes());
    out.extend_from_slice(&node.tree_mask.get().to_be_bytes());
    out.extend_from_slice(&node.hash_mask.get().to_be_bytes());
    out.push(u8::from(node.root_hash.is_some()));
    for h in node.hashes.iter() {
        out.extend_from_slice(h.as_slice());
    }
    if let Some(root) = node.root_hash {
        out.extend_from_slice(root.as_slice());
    }
    out
}

pub(crate) fn decode_branch(bytes: &[u8]) -> Result<BranchNodeCompact> {
    let bad = |d: &str| StorageError::corrupt("branch node", d);
    if bytes.len() < 7 {
        return Err(bad("too short"));
    }
    let mask = |i: usize| TrieMask::new(u16::from_be_bytes([bytes[i], bytes[i + 1]]));
    let (state_mask, tree_mask, hash_mask) = (mask(0), mask(2), mask(4));
    if !tree_mask.is_subset_of(state_mask) || !hash_mask.is_subset_of(state_mask) {
        return Err(bad("mask not a subset of the state mask"));
    }
    let has_root = match bytes[6] {
        0 => false,
        1 => true,
        _ => return Err(bad("bad root flag")),
    };
    let n = hash_mask.count_ones() as usize;
    if bytes.len() != 7 + 32 * (n + usize::from(has_root)) {
        return Err(bad("length does not match the hash mask"));
    }
    let hashes: Vec<B256> = bytes[7..7 + 32 * n]
        .chunks_exact(32)
        .map(B256::from_slice)
        .collect();
    let root_hash = has_root.then(|| B256::from_slice(&bytes[7 + 32 * n..]));
    // Built field by field: `BranchNodeCompact::new` asserts, and the checks above already hold.
    Ok(BranchNodeCompact {
        state_mask,
        tree_mask,
        hash_mask,
        hashes: Arc::new(hashes),
        root_hash,
    })
}

/// A `tx_index` value: block number (8) ‖ index (8). The block hash is the canonical hash of
/// that number (an index entry is removed with its block), so it is not repeated in every entry:
/// the index, which takes one random key per transaction, stays 40 % smaller.
pub(crate) fn encode_location(block_number: u64, index: u64) -> [u8; 16] {
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&block_number.to_be_bytes());
    out[8..].copy_from_slice(&index.to_be_bytes());
    out
}

/// Decodes a `tx_index` value: block number, the block hash when the entry carries it, index.
/// Entries written by earlier versions of the node (48 bytes: number ‖ block hash ‖ index) are
/// still read, so a datadir needs no migration.
pub(crate) fn decode_location(bytes: &[u8]) -> Result<(u64, Option<B256>, u64)> {
    match bytes.len() {
        16 => Ok((
            decode_u64(&bytes[..8], "tx location")?,
            None,
            decode_u64(&bytes[8..], "tx location")?,
        )),
        48 => Ok((
            decode_u64(&bytes[..8], "tx location")?,
            Some(B256::from_slice(&bytes[8..40])),
            decode_u64(&bytes[40..], "tx location")?,
        )),
        n => Err(StorageError::corrupt("tx location", format!("length {n}"))),
    }
}

pub(crate) fn encode_bcs<T: serde::Serialize>(what: &'static str, v: &T) -> Result<Vec<u8>> {
    bcs::to_bytes(v).map_err(|e| StorageError::Encode {
        what,
        detail: e.to_string(),
    })
}

pub(crate) fn decode_bcs<T: serde::de::DeserializeOwned>(
    what: &'static str,
    bytes: &[u8],
) -> Result<T> {
    bcs::from_bytes(bytes).map_err(|e| StorageError::corrupt(what, e))
}

pub(crate) fn encode_header(h: &alloy_consensus::Header) -> Vec<u8> {
    alloy_rlp::encode(h)
}

pub(crate) fn decode_header(bytes: &[u8]) -> Result<alloy_consensus::Header> {
    let mut buf = bytes;
    let h = alloy_consensus::Header::decode(&mut buf)
        .map_err(|e| StorageError::corrupt("header", e))?;
    if !buf.is_empty() {
        return Err(StorageError::corrupt("header", "trailing bytes"));
    }
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{Address, Bytes, Log, LogData, b256};
    use lumio_primitives::{L1FeeInfo, StoredReceipt, StoredTx};

    #[test]
    fn locations_decode_in_both_forms_and_reject_other_lengths() {
        let compact = encode_location(7, 3);
        assert_eq!(decode_location(&compact).unwrap(), (7, None, 3));
        // the form earlier nodes wrote: number ‖ block hash ‖ index
        let hash = B256::repeat_byte(0xab);
        let mut old = Vec::new();
        old.extend_from_slice(&9u64.to_be_bytes());
        old.extend_from_slice(hash.as_slice());
        old.extend_from_slice(&2u64.to_be_bytes());
        assert_eq!(decode_location(&old).unwrap(), (9, Some(hash), 2));
        for len in [0, 8, 15, 17, 47, 49] {
            let err = decode_location(&vec![0; len]).unwrap_err().to_string();
            assert!(err.contains(&format!("length {len}")), "{err}");
        }
    }

    #[test]
    fn account_round_trip_and_corruption() {
        let a = AccountState {
            nonce: 7,
            balance: U256::from(123_456u64),
            code_hash: B256::repeat_byte(3),
        };
        assert_eq!(decode_account(&encode_account(&a)).unwrap(), a);
        assert_eq!(decode_account_opt(&encode_account_opt(None)).unwrap(), None);
        assert!(decode_account(&[1, 2, 3]).is_err());
    }

    #[test]
    fn branch_round_trip_and_corruption() {
        let node = BranchNodeCompact::new(
            0b1011u16,
            0b0001u16,
            0b1010u16,
            vec![B256::repeat_byte(1), B256::repeat_byte(2)],
            Some(b256!(
                "0x1111111111111111111111111111111111111111111111111111111111111111"
            )),
        );
        let enc = encode_branch(&node);
        assert_eq!(decode_branch(&enc).unwrap(), node);
        assert!(decode_branch(&enc[..enc.len() - 1]).is_err());
        let mut bad = enc;
        bad[5] = 0b0100; // hash mask not in state mask
        assert!(decode_branch(&bad).is_err());
        assert!(decode_branch(&[]).is_err());
    }

    #[test]
    fn receipts_round_trip_through_bcs() {
        let r = StoredReceipt {
            tx_type: 2,
            success: true,
            cumulative_gas_used: 42_000,
            gas_used: 21_000,
            effective_gas_price: 1_000_000_007,
            logs: vec![Log {
                address: Address::repeat_byte(9),
                data: LogData::new_unchecked(vec![B256::repeat_byte(1)], Bytes::from_static(b"hi")),
            }],
            contract_address: Some(Address::repeat_byte(4)),
            l1: L1FeeInfo {
                l1_fee: U256::from(5u64),
                l1_gas_used: 3,
                ..Default::default()
            },
            deposit_nonce: Some(1),
            deposit_receipt_version: None,
        };
        let enc = encode_bcs("receipts", &vec![r.clone()]).unwrap();
        let dec: Vec<StoredReceipt> = decode_bcs("receipts", &enc).unwrap();
        assert_eq!(dec, vec![r]);
        assert!(decode_bcs::<Vec<StoredReceipt>>("receipts", &enc[..enc.len() - 2]).is_err());
        let tx = StoredTx {
            hash: B256::repeat_byte(8),
            sender: Address::ZERO,
            encoded: Bytes::from_static(&[2, 1]),
        };
        let enc = encode_bcs("body", &vec![tx.clone()]).unwrap();
        assert_eq!(decode_bcs::<Vec<StoredTx>>("body", &enc).unwrap(), vec![tx]);
    }
}
