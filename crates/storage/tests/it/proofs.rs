//! `eth_getProof` proofs verify against the state root.

use crate::common::{Model, account, addr, commit, set};
use alloy_primitives::{B256, U256, keccak256};
use alloy_trie::{Nibbles, TrieAccount, proof::verify_proof};
use lumio_primitives::StateDiff;
use lumio_storage::{AccountProof, Store};
use proptest::prelude::*;

fn verify(p: &AccountProof, model: &Model) {
    let expected = model.accounts.get(&p.address).map(|(info, _)| {
        alloy_rlp::encode(TrieAccount::new(
            info.nonce,
            info.balance,
            model.storage_root(&p.address),
            info.code_hash,
        ))
    });
    assert_eq!(p.account, model.accounts.get(&p.address).map(|a| a.0));
    verify_proof(
        p.state_root,
        Nibbles::unpack(keccak256(p.address)),
        expected,
        &p.proof,
    )
    .unwrap_or_else(|e| panic!("account proof of {}: {e}", p.address));
    assert_eq!(p.storage_root, model.storage_root(&p.address));
    for sp in &p.storage_proofs {
        let want = model
            .accounts
            .get(&p.address)
            .and_then(|a| a.1.get(&U256::from_be_bytes(sp.slot.0)).copied())
            .unwrap_or_default();
        assert_eq!(sp.value, want);
        let expected = (!want.is_zero()).then(|| alloy_rlp::encode(want));
        verify_proof(
            p.storage_root,
            Nibbles::unpack(keccak256(sp.slot)),
            expected,
            &sp.proof,
        )
        .unwrap_or_else(|e| panic!("storage proof of {} slot {}: {e}", p.address, sp.slot));
    }
}

fn slot(i: u64) -> B256 {
    B256::from(U256::from(i).to_be_bytes::<32>())
}

#[test]
fn proofs_of_present_and_absent_keys_verify() {
    let store = Store::in_memory().unwrap();
    let mut model = Model::default();
    let mut diff = StateDiff::default();
    for i in 0..500u64 {
        let slots: Vec<(u64, u64)> = (0..i % 40).map(|s| (s, s + 1)).collect();
        set(&mut diff, addr(i), Some(account(i, i)), &slots);
    }
    model.apply(&diff);
    let block = commit(&store, &diff, 0);
    for i in [0u64, 1, 39, 77, 499, 1_000, 1_001] {
        let slots: Vec<B256> = [0u64, 5, 38, 39, 100].into_iter().map(slot).collect();
        let p = store.account_proof(addr(i), &slots).unwrap();
        assert_eq!(p.state_root, block.header.state_root);
        assert_eq!(p.block_number, Some(0));
        verify(&p, &model);
    }
    assert_eq!(
        store.account_proof_at(0, addr(1), &[]).unwrap().address,
        addr(1)
    );
    // Later blocks change accounts and slots; block 0's proofs still verify against its root.
    let model_at_0 = model.clone();
    let mut diff = StateDiff::default();
    for i in [1u64, 77, 600] {
        set(
            &mut diff,
            addr(i),
            Some(account(i, i + 9)),
            &[(5, 0), (38, 1234)],
        );
    }
    model.apply(&diff);
    let later = commit(&store, &diff, 0);
    assert_ne!(later.header.state_root, block.header.state_root);
    for i in [1u64, 77, 499, 600] {
        let slots: Vec<B256> = [0u64, 5, 38].into_iter().map(slot).collect();
        let p = store.account_proof_at(0, addr(i), &slots).unwrap();
        assert_eq!(p.state_root, block.header.state_root);
        assert_eq!(p.block_number, Some(0));
        verify(&p, &model_at_0);
        let p = store.account_proof_at(1, addr(i), &slots).unwrap();
        assert_eq!(p.state_root, later.header.state_root);
        verify(&p, &model);
    }
    // Nothing was written by the rewound proofs.
    assert_eq!(store.latest_state_root().unwrap(), model.root());
    assert_eq!(store.latest_block_number().unwrap(), Some(1));
    assert!(matches!(
        store.account_proof_at(2, addr(1), &[]),
        Err(lumio_storage::StorageError::UnknownBlock { .. })
    ));
}

#[test]
fn proof_on_empty_and_tiny_states() {
    let store = Store::in_memory().unwrap();
    let p = store.account_proof(addr(1), &[slot(1)]).unwrap();
    verify(&p, &Model::default());
    let mut diff = StateDiff::default();
    set(&mut diff, addr(1), Some(account(0, 1)), &[(1, 1)]);
    let mut model = Model::default();
    model.apply(&diff);
    commit(&store, &diff, 0);
    verify(
        &store.account_proof(addr(1), &[slot(1), slot(2)]).unwrap(),
        &model,
    );
    verify(&store.account_proof(addr(2), &[slot(1)]).unwrap(), &model);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn proofs_verify_after_random_updates(
        seeds in prop::collection::vec((0u64..300, 0u64..20, 0u64..3), 1..200),
        probe in prop::collection::vec(0u64..320, 1..10),
    ) {
        let store = Store::in_memory().unwrap();
        let mut model = Model::default();
        let mut genesis = StateDiff::default();
        for i in 0..200u64 {
            set(&mut genesis, addr(i), Some(account(0, i)), &[(i % 20, i + 1)]);
        }
        model.apply(&genesis);
        commit(&store, &genesis, 0);
        let mut diff = StateDiff::default();
        for (i, s, v) in seeds {
            if v == 0 && s == 0 {
                set(&mut diff, addr(i), None, &[]);
            } else {
                set(&mut diff, addr(i), Some(account(1, i)), &[(s, v)]);
            }
        }
        model.apply(&diff);
        commit(&store, &diff, 0);
        for i in probe {
            let slots: Vec<B256> = (0..20).map(slot).collect();
            verify(&store.account_proof(addr(i), &slots).unwrap(), &model);
        }
    }
}
