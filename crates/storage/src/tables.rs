//! Table definitions and key layouts. `docs/storage.md` describes the schema.
//!
//! All multi-part keys are fixed-width big-endian concatenations, so redb's byte-wise key order
//! is the order the code relies on (by block, by address, by nibble path).

use alloy_primitives::{B256, U256};
use alloy_trie::Nibbles;
use redb::TableDefinition;

/// Raw byte table.
pub(crate) type Raw = TableDefinition<'static, &'static [u8], &'static [u8]>;
/// Table keyed by block number.
pub(crate) type ByNumber = TableDefinition<'static, u64, &'static [u8]>;

/// `"head"` -> head block number (u64 BE).
pub(crate) const META: TableDefinition<'static, &'static str, &'static [u8]> =
    TableDefinition::new("meta");
/// number -> RLP(header).
pub(crate) const HEADERS: ByNumber = TableDefinition::new("headers");
/// number -> block hash.
pub(crate) const CANONICAL: ByNumber = TableDefinition::new("canonical_hashes");
/// block hash -> number (u64 BE).
pub(crate) const HASH_TO_NUMBER: Raw = TableDefinition::new("hash_to_number");
/// number (8) ‖ index of the row's first tx (8) -> row of up to 32 records BCS(StoredTx).
pub(crate) const TRANSACTIONS: Raw = TableDefinition::new("transactions");
/// number (8) ‖ index of the row's first tx (8) -> row of up to 32 records
/// first log index (8) ‖ BCS(StoredReceipt).
pub(crate) const TX_RECEIPTS: Raw = TableDefinition::new("tx_receipts");
/// tx hash -> number (8) ‖ index (8) (schema version 2; version 3 writes `crate::tx_index`'s
/// runs and only reads and deletes here; very old entries carry the block hash between).
pub(crate) const TX_INDEX: Raw = TableDefinition::new("tx_index");

/// address (20) -> nonce (8) ‖ balance (32) ‖ code hash (32).
pub(crate) const PLAIN_ACCOUNTS: Raw = TableDefinition::new("plain_accounts");
/// address (20) ‖ slot (32) -> value (32), zero values are absent.
pub(crate) const PLAIN_STORAGE: Raw = TableDefinition::new("plain_storage");
/// code hash -> code.
pub(crate) const CODES: Raw = TableDefinition::new("codes");

/// keccak(address) -> RLP(TrieAccount), the account trie leaf value.
pub(crate) const HASHED_ACCOUNTS: Raw = TableDefinition::new("hashed_accounts");
/// keccak(address) ‖ keccak(slot) -> RLP(value), the storage trie leaf value.
pub(crate) const HASHED_STORAGE: Raw = TableDefinition::new("hashed_storage");
/// nibble path (one byte per nibble) -> branch node.
pub(crate) const ACCOUNT_TRIE: Raw = TableDefinition::new("account_trie");
/// keccak(address) ‖ nibble path -> branch node.
pub(crate) const STORAGE_TRIE: Raw = TableDefinition::new("storage_trie");

/// number (8) ‖ address (20) -> account before the block (empty = absent).
pub(crate) const ACCOUNT_CHANGESET: Raw = TableDefinition::new("account_changeset");
/// address (20) ‖ number (8) -> account before the block (empty = absent).
pub(crate) const ACCOUNT_HISTORY: Raw = TableDefinition::new("account_history");
/// number (8) ‖ address (20) ‖ slot (32) -> value before the block.
pub(crate) const STORAGE_CHANGESET: Raw = TableDefinition::new("storage_changeset");
/// address (20) ‖ slot (32) ‖ number (8) -> value before the block.
pub(crate) const STORAGE_HISTORY: Raw = TableDefinition::new("storage_history");

/// Key of `META` holding the head block number.
pub(crate) const HEAD_KEY: &str = "head";
/// Key of `META` holding the schema version (u64 BE); absent in version 1 databases.
pub(crate) const VERSION_KEY: &str = "schema_version";

/// Block number ‖ transaction index: the key layout of [`TRANSACTIONS`] and [`TX_RECEIPTS`].
pub(crate) fn tx_key(number: u64, index: u64) -> [u8; 16] {
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&number.to_be_bytes());
    out[8..].copy_from_slice(&index.to_be_bytes());
    out
}

/// Concatenates key parts.
pub(crate) fn key(parts: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.extend_from_slice(p);
    }
    out
}

/// Storage slot as the 32-byte big-endian word Ethereum hashes.
pub(crate) fn slot_key(slot: U256) -> B256 {
    B256::from(slot.to_be_bytes::<32>())
}

/// Nibble path as one byte per nibble (sorts like the path itself, prefixes first).
pub(crate) fn nibbles_key(prefix: &[u8], path: &Nibbles) -> Vec<u8> {
    let mut out = Vec::with_capacity(prefix.len() + path.len());
    out.extend_from_slice(prefix);
    out.extend(path.iter());
    out
}

/// Reads a nibble path back; `None` if a byte is not a nibble.
pub(crate) fn nibbles_from_key(bytes: &[u8]) -> Option<Nibbles> {
    if bytes.len() > 64 || bytes.iter().any(|b| *b > 0x0f) {
        return None;
    }
    Some(Nibbles::from_nibbles_unchecked(bytes))
}

/// Smallest and largest 32-byte key under a nibble prefix.
pub(crate) fn prefix_bounds(prefix: &Nibbles) -> (B256, B256) {
    let mut lo = [0u8; 32];
    let mut hi = [0xffu8; 32];
    for (i, n) in prefix.iter().enumerate() {
        let byte = i / 2;
        if i % 2 == 0 {
            lo[byte] = n << 4;
            hi[byte] = (n << 4) | 0x0f;
        } else {
            lo[byte] |= n;
            hi[byte] = (hi[byte] & 0xf0) | n;
        }
    }
    (B256::from(lo), B256::from(hi))
}

/// All tables, created on open so that readers never meet a missing table.
pub(crate) fn create_all(tx: &redb::WriteTransaction) -> Result<(), redb::TableError> {
    tx.open_table(META)?;
    for t in [HEADERS, CANONICAL] {
        tx.open_table(t)?;
    }
    for t in [
        HASH_TO_NUMBER,
        TRANSACTIONS,
        TX_RECEIPTS,
        TX_INDEX,
        PLAIN_ACCOUNTS,
        PLAIN_STORAGE,
        CODES,
        HASHED_ACCOUNTS,
        HASHED_STORAGE,
        ACCOUNT_TRIE,
        STORAGE_TRIE,
        ACCOUNT_CHANGESET,
        ACCOUNT_HISTORY,
        STORAGE_CHANGESET,
        STORAGE_HISTORY,
    ] {
        tx.open_table(t)?;
    }
    tx.open_table(crate::tx_index::FILTERS)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_bounds_cover_exactly_the_prefix() {
        let p = Nibbles::from_nibbles([0xa, 0xb, 0xc]);
        let (lo, hi) = prefix_bounds(&p);
        assert_eq!(&lo[..2], &[0xab, 0xc0]);
        assert_eq!(&hi[..2], &[0xab, 0xcf]);
        assert!(lo[2..].iter().all(|b| *b == 0) && hi[2..].iter().all(|b| *b == 0xff));
        let (lo, hi) = prefix_bounds(&Nibbles::default());
        assert_eq!((lo, hi), (B256::ZERO, B256::repeat_byte(0xff)));
    }

    #[test]
    fn nibble_keys_round_trip_and_sort_like_paths() {
        let a = Nibbles::from_nibbles([1, 2]);
        let b = Nibbles::from_nibbles([1, 2, 0]);
        let c = Nibbles::from_nibbles([1, 3]);
        let (ka, kb, kc) = (
            nibbles_key(&[], &a),
            nibbles_key(&[], &b),
            nibbles_key(&[], &c),
        );
        assert!(ka < kb && kb < kc);
        assert_eq!(nibbles_from_key(&kb), Some(b));
        assert_eq!(nibbles_from_key(&[0x10]), None);
    }
}
