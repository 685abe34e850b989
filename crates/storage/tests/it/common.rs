//! Helpers: a model of the full state with a from-scratch root, block construction, commits.

use alloy_consensus::Header;
use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use alloy_trie::{
    TrieAccount,
    root::{state_root_unhashed, storage_root_unhashed},
};
use lumio_primitives::{
    AccountDiff, AccountState, StateDiff, StateReader, StoredBlock, StoredReceipt, StoredTx,
};
use lumio_storage::Store;
use std::collections::BTreeMap;

/// The full state, kept in memory by the tests as the oracle.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Model {
    pub(crate) accounts: BTreeMap<Address, (AccountState, BTreeMap<U256, U256>)>,
}

impl Model {
    pub(crate) fn apply(&mut self, diff: &StateDiff) {
        for (address, change) in &diff.accounts {
            match &change.info {
                None => {
                    self.accounts.remove(address);
                }
                Some(info) => {
                    let entry = self
                        .accounts
                        .entry(*address)
                        .or_insert_with(|| (*info, BTreeMap::new()));
                    entry.0 = *info;
                    if change.storage_wiped {
                        entry.1.clear();
                    }
                    for (slot, value) in &change.storage {
                        if value.is_zero() {
                            entry.1.remove(slot);
                        } else {
                            entry.1.insert(*slot, *value);
                        }
                    }
                }
            }
        }
    }

    pub(crate) fn storage_root(&self, address: &Address) -> B256 {
        let storage = self
            .accounts
            .get(address)
            .map(|a| a.1.clone())
            .unwrap_or_default();
        storage_root_unhashed(
            storage
                .into_iter()
                .map(|(k, v)| (B256::from(k.to_be_bytes::<32>()), v)),
        )
    }

    /// Ethereum's state root computed from scratch by alloy-trie.
    pub(crate) fn root(&self) -> B256 {
        state_root_unhashed(self.accounts.iter().map(|(address, (info, _))| {
            (
                *address,
                TrieAccount::new(
                    info.nonce,
                    info.balance,
                    self.storage_root(address),
                    info.code_hash,
                ),
            )
        }))
    }

    /// Checks that a state reader sees exactly this state for the given keys.
    pub(crate) fn check_reader(
        &self,
        reader: &impl StateReader,
        addresses: &[Address],
        slots: &[U256],
    ) {
        for address in addresses {
            let expected = self.accounts.get(address);
            assert_eq!(
                reader.account(*address).unwrap(),
                expected.map(|a| a.0),
                "account {address}"
            );
            for slot in slots {
                let want = expected
                    .and_then(|a| a.1.get(slot).copied())
                    .unwrap_or_default();
                assert_eq!(
                    reader.storage(*address, *slot).unwrap(),
                    want,
                    "slot {slot} of {address}"
                );
            }
        }
    }
}

pub(crate) fn addr(i: u64) -> Address {
    Address::from_slice(&keccak256(i.to_be_bytes())[12..])
}

pub(crate) fn account(nonce: u64, balance: u64) -> AccountState {
    AccountState {
        nonce,
        balance: U256::from(balance),
        ..Default::default()
    }
}

pub(crate) fn set(
    diff: &mut StateDiff,
    a: Address,
    info: Option<AccountState>,
    storage: &[(u64, u64)],
) {
    diff.accounts.insert(
        a,
        AccountDiff {
            info,
            storage_wiped: false,
            storage: storage
                .iter()
                .map(|(k, v)| (U256::from(*k), U256::from(*v)))
                .collect(),
        },
    );
}

pub(crate) fn tx(block: u64, i: u64) -> StoredTx {
    StoredTx {
        hash: keccak256([block.to_be_bytes(), i.to_be_bytes()].concat()),
        sender: addr(i),
        encoded: Bytes::from(vec![2u8, block as u8, i as u8]),
    }
}

pub(crate) fn receipt(i: u64) -> StoredReceipt {
    StoredReceipt {
        tx_type: 2,
        success: i.is_multiple_of(2),
        cumulative_gas_used: 21_000 * (i + 1),
        gas_used: 21_000,
        effective_gas_price: 1_000_000_000,
        logs: vec![],
        contract_address: None,
        l1: Default::default(),
        deposit_nonce: None,
        deposit_receipt_version: None,
    }
}

/// Computes the root, builds block `number` on the head and commits it. Returns the block.
pub(crate) fn commit(store: &Store, diff: &StateDiff, ntx: u64) -> StoredBlock {
    let head = store.latest_block_number().unwrap();
    let number = head.map_or(0, |h| h + 1);
    let parent_hash = head
        .map(|h| store.block_hash(h).unwrap().unwrap())
        .unwrap_or_default();
    let (root, trie) = store.state_root(diff).unwrap();
    let header = Header {
        number,
        parent_hash,
        state_root: root,
        gas_limit: 30_000_000,
        ..Default::default()
    };
    let block = StoredBlock {
        hash: header.hash_slow(),
        header,
        transactions: (0..ntx).map(|i| tx(number, i)).collect(),
    };
    let receipts: Vec<_> = (0..ntx).map(receipt).collect();
    store.commit_block(&block, &receipts, diff, trie).unwrap();
    block
}
