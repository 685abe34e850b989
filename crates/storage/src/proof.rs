//! Merkle proofs for `eth_getProof` on the latest state.

use crate::{
    Store,
    codec::{decode_account, decode_account_leaf, decode_u256},
    error::{Result, StorageError},
    tables::{
        ACCOUNT_TRIE, HASHED_ACCOUNTS, HASHED_STORAGE, META, PLAIN_ACCOUNTS, PLAIN_STORAGE,
        STORAGE_TRIE, key,
    },
    trie::{Overlay, TrieSource, walk},
};
use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use alloy_trie::{EMPTY_ROOT_HASH, Nibbles};
use lumio_primitives::AccountState;

/// Proof of one account (and some of its storage slots) against a state root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountProof {
    /// The account.
    pub address: Address,
    /// Block number of the state the proof is for.
    pub block_number: Option<u64>,
    /// State root the proof verifies against.
    pub state_root: B256,
    /// The account record, `None` if it does not exist (the proof is then an exclusion proof).
    pub account: Option<AccountState>,
    /// Storage root of the account ([`EMPTY_ROOT_HASH`] when it has none or does not exist).
    pub storage_root: B256,
    /// RLP trie nodes from the state root to the account's leaf (or to where it would be).
    pub proof: Vec<Bytes>,
    /// One entry per requested slot, in request order.
    pub storage_proofs: Vec<StorageProof>,
}

/// Proof of one storage slot against the account's storage root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageProof {
    /// The slot (as requested, not hashed).
    pub slot: B256,
    /// Its value (zero when unset: the proof is then an exclusion proof).
    pub value: U256,
    /// RLP trie nodes from the storage root to the slot's leaf.
    pub proof: Vec<Bytes>,
}

impl Store {
    /// [`Store::account_proof`] for a given block: only the head block is supported, any other
    /// block is [`StorageError::Unsupported`] (change-sets restore values, not trie nodes).
    pub fn account_proof_at(
        &self,
        block_number: u64,
        address: Address,
        slots: &[B256],
    ) -> Result<AccountProof> {
        let proof = self.account_proof(address, slots)?;
        if proof.block_number != Some(block_number) {
            return Err(StorageError::Unsupported(
                "proofs are only available for the latest block",
            ));
        }
        Ok(proof)
    }

    /// Proof of `address` and the given storage `slots` in the latest state, verifiable with
    /// `alloy_trie::proof::verify_proof` against the head's state root (keys are
    /// keccak256(address) and keccak256(slot); values are the RLP trie account and the RLP slot
    /// value). Historical proofs are not supported: use the result only for the latest block.
    pub fn account_proof(&self, address: Address, slots: &[B256]) -> Result<AccountProof> {
        let tx = self.begin_read()?;
        let block_number = crate::store::read_head(&tx.open_table(META)?)?;
        let hashed_accounts = tx.open_table(HASHED_ACCOUNTS)?;
        let hashed_storage = tx.open_table(HASHED_STORAGE)?;
        let account_trie = tx.open_table(ACCOUNT_TRIE)?;
        let storage_trie = tx.open_table(STORAGE_TRIE)?;
        let plain_accounts = tx.open_table(PLAIN_ACCOUNTS)?;
        let plain_storage = tx.open_table(PLAIN_STORAGE)?;

        let hashed = keccak256(address);
        let target = Nibbles::unpack(hashed);
        let source = TrieSource {
            nodes: &account_trie,
            leaves: &hashed_accounts,
            prefix: &[],
            stored: true,
        };
        let out = walk(&source, &Overlay::new(), &[target], Some(vec![target]))?;
        let proof = out
            .proof
            .matching_nodes_sorted(&target)
            .into_iter()
            .map(|(_, node)| node)
            .collect();

        let account = plain_accounts
            .get(address.as_slice())?
            .map(|v| decode_account(v.value()))
            .transpose()?;
        let leaf = hashed_accounts
            .get(hashed.as_slice())?
            .map(|v| decode_account_leaf(v.value()))
            .transpose()?;
        if account.is_some() != leaf.is_some() {
            return Err(StorageError::corrupt(
                "hashed accounts",
                format!("{address} out of sync with plain state"),
            ));
        }
        let storage_root = leaf.map_or(EMPTY_ROOT_HASH, |l| l.storage_root);

        let mut storage_proofs = Vec::with_capacity(slots.len());
        if !slots.is_empty() {
            let mut targets: Vec<Nibbles> = slots
                .iter()
                .map(|s| Nibbles::unpack(keccak256(s)))
                .collect();
            targets.sort_unstable();
            targets.dedup();
            let source = TrieSource {
                nodes: &storage_trie,
                leaves: &hashed_storage,
                prefix: hashed.as_slice(),
                stored: true,
            };
            let out = walk(&source, &Overlay::new(), &targets, Some(targets.clone()))?;
            if out.root != storage_root {
                return Err(StorageError::corrupt(
                    "storage trie",
                    format!(
                        "{address}: root {} differs from the account's {storage_root}",
                        out.root
                    ),
                ));
            }
            for slot in slots {
                let value = plain_storage
                    .get(key(&[address.as_slice(), slot.as_slice()]).as_slice())?
                    .map(|v| decode_u256(v.value()))
                    .transpose()?
                    .unwrap_or_default();
                let t = Nibbles::unpack(keccak256(slot));
                let proof = out
                    .proof
                    .matching_nodes_sorted(&t)
                    .into_iter()
                    .map(|(_, n)| n)
                    .collect();
                storage_proofs.push(StorageProof {
                    slot: *slot,
                    value,
                    proof,
                });
            }
        }
        Ok(AccountProof {
            address,
            block_number,
            state_root: out.root,
            account,
            storage_root,
            proof,
            storage_proofs,
        })
    }
}
