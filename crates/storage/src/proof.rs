//! Merkle proofs for `eth_getProof`: the latest state, or a recent one rewound from the
//! change-sets.

use crate::{
    Store,
    codec::{decode_account, decode_account_leaf, decode_u256},
    error::{Result, StorageError},
    overlay::{Layered, Pending, TrieCache},
    tables::{
        ACCOUNT_TRIE, HASHED_ACCOUNTS, HASHED_STORAGE, PLAIN_ACCOUNTS, PLAIN_STORAGE, Raw,
        STORAGE_TRIE, key,
    },
    trie::{Overlay, TrieSource, walk},
};
use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use alloy_trie::{EMPTY_ROOT_HASH, Nibbles};
use lumio_primitives::AccountState;
use redb::ReadableTable;

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

/// How far below the head `account_proof_at` goes. A historical proof rewinds the state inside a
/// write transaction that is then aborted, so its cost grows with the blocks undone and commits
/// wait meanwhile; the work is also capped by the number of changes to undo (500,000). geth
/// serves 128 blocks without an archive; op-proposer asks for blocks minutes behind the head.
pub const MAX_PROOF_DEPTH: u64 = 1024;

impl Store {
    /// [`Store::account_proof`] at block `block_number`: the head, or a block at most
    /// [`MAX_PROOF_DEPTH`] below it (the state is rewound from the change-sets in a transaction
    /// that is aborted afterwards, so nothing is written).
    pub fn account_proof_at(
        &self,
        block_number: u64,
        address: Address,
        slots: &[B256],
    ) -> Result<AccountProof> {
        if self.latest_block_number()? == Some(block_number) {
            let proof = self.account_proof(address, slots)?;
            // A block committed in between: fall through to the rewound path.
            if proof.block_number == Some(block_number) {
                return Ok(proof);
            }
        }
        self.with_rewound(block_number, MAX_PROOF_DEPTH, |tx| {
            // The overlay was folded first: redb alone holds the state.
            let tables = ProofTables::open(|table| tx.open_table(table))?;
            let empty = (TrieCache::default(), Pending::default());
            prove(
                &tables,
                &empty.0,
                &empty.1,
                Some(block_number),
                address,
                slots,
            )
        })
    }

    /// Proof of `address` and the given storage `slots` in the latest state, verifiable with
    /// `alloy_trie::proof::verify_proof` against the head's state root (keys are
    /// keccak256(address) and keccak256(slot); values are the RLP trie account and the RLP slot
    /// value). For an older block use [`Store::account_proof_at`].
    pub fn account_proof(&self, address: Address, slots: &[B256]) -> Result<AccountProof> {
        let (cache, pending, tx) = self.proof_view()?;
        let block_number = cache.head.map(|(n, _)| n);
        let tables = ProofTables::open(|table| tx.open_table(table))?;
        prove(&tables, &cache, &pending, block_number, address, slots)
    }
}

/// The tables a proof reads, from a read transaction (latest state) or from a write transaction
/// holding a rewound state.
struct ProofTables<T> {
    hashed_accounts: T,
    hashed_storage: T,
    account_trie: T,
    storage_trie: T,
    plain_accounts: T,
    plain_storage: T,
}

impl<T> ProofTables<T> {
    /// Opens the six tables with `open` (a read or a write transaction's `open_table`).
    fn open(open: impl Fn(Raw) -> std::result::Result<T, redb::TableError>) -> Result<Self> {
        Ok(Self {
            hashed_accounts: open(HASHED_ACCOUNTS)?,
            hashed_storage: open(HASHED_STORAGE)?,
            account_trie: open(ACCOUNT_TRIE)?,
            storage_trie: open(STORAGE_TRIE)?,
            plain_accounts: open(PLAIN_ACCOUNTS)?,
            plain_storage: open(PLAIN_STORAGE)?,
        })
    }
}

/// Proof from redb's tables with the overlay (trie cache and pending blocks) over them.
fn prove<T: ReadableTable<&'static [u8], &'static [u8]>>(
    tables: &ProofTables<T>,
    cache: &TrieCache,
    pending: &Pending,
    block_number: Option<u64>,
    address: Address,
    slots: &[B256],
) -> Result<AccountProof> {
    let hashed = keccak256(address);
    let target = Nibbles::unpack(hashed);
    let hashed_accounts = Layered {
        db: &tables.hashed_accounts,
        cache: &cache.hashed_accounts,
        wiped: None,
    };
    let source = TrieSource {
        nodes: &Layered {
            db: &tables.account_trie,
            cache: &cache.account_trie,
            wiped: None,
        },
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

    let account = match pending.account(address, None) {
        Some(account) => account,
        None => tables
            .plain_accounts
            .get(address.as_slice())?
            .map(|v| decode_account(v.value()))
            .transpose()?,
    };
    let leaf = hashed_accounts
        .get(hashed.as_slice())?
        .map(|v| decode_account_leaf(&v))
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
            nodes: &Layered {
                db: &tables.storage_trie,
                cache: &cache.storage_trie,
                wiped: Some(&cache.wiped),
            },
            leaves: &Layered {
                db: &tables.hashed_storage,
                cache: &cache.hashed_storage,
                wiped: Some(&cache.wiped),
            },
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
            let value = match pending.storage(address, U256::from_be_bytes(slot.0), None) {
                Some(value) => value,
                None => tables
                    .plain_storage
                    .get(key(&[address.as_slice(), slot.as_slice()]).as_slice())?
                    .map(|v| decode_u256(v.value()))
                    .transpose()?
                    .unwrap_or_default(),
            };
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
