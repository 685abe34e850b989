//! Historical state reads and revert.

use crate::common::{Model, account, addr, commit};
use alloy_primitives::{Address, U256};
use lumio_primitives::{AccountDiff, StateDiff};
use lumio_storage::{StorageError, Store};
use proptest::prelude::*;

fn diff_strategy() -> impl Strategy<Value = StateDiff> {
    let change = (
        0u64..30,
        prop_oneof![1 => Just(None), 6 => (0u64..5, 0u64..100).prop_map(|(n, b)| Some(account(n, b)))],
        prop::bool::weighted(0.1),
        prop::collection::btree_map(
            (0u64..20).prop_map(U256::from),
            prop_oneof![1 => Just(U256::ZERO), 2 => (1u64..50).prop_map(U256::from)],
            0..6,
        ),
    )
        .prop_map(|(i, info, storage_wiped, storage)| (addr(i), AccountDiff { info, storage_wiped, storage }));
    prop::collection::vec(change, 0..10).prop_map(|c| StateDiff {
        accounts: c.into_iter().collect(),
        codes: Default::default(),
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// `state_at(n)` equals the model after block n, for every kept block; then reverting to a
    /// random block restores that state and root, and later blocks still get correct roots.
    #[test]
    fn historical_reads_and_revert_match_the_model(
        diffs in prop::collection::vec(diff_strategy(), 1..8),
        revert_pick in 0usize..8,
        after in prop::collection::vec(diff_strategy(), 0..3),
    ) {
        let store = Store::in_memory().unwrap();
        let mut model = Model::default();
        let mut models = Vec::new();
        for diff in &diffs {
            model.apply(diff);
            commit(&store, diff, 1);
            models.push(model.clone());
        }
        let addresses: Vec<Address> = (0..30).map(addr).collect();
        let slots: Vec<U256> = (0..20).map(U256::from).collect();
        for (n, m) in models.iter().enumerate() {
            m.check_reader(&store.state_at(n as u64).unwrap(), &addresses, &slots);
        }
        let head = models.len() as u64 - 1;
        let beyond = matches!(store.state_at(head + 1), Err(StorageError::UnknownBlock { .. }));
        prop_assert!(beyond, "state beyond the head must be an error");

        let target = (revert_pick % models.len()) as u64;
        let target_hash = store.block_hash(target).unwrap();
        store.revert_to(target).unwrap();
        prop_assert_eq!(store.latest_block_number().unwrap(), Some(target));
        prop_assert_eq!(store.block_hash(target).unwrap(), target_hash);
        // The in-memory head follows the revert.
        prop_assert_eq!(store.head_header(), store.header_by_number(target).unwrap());
        prop_assert_eq!(store.block_by_number(target + 1).unwrap(), None);
        let mut model = models[target as usize].clone();
        prop_assert_eq!(store.latest_state_root().unwrap(), model.root());
        model.check_reader(&store.latest().unwrap(), &addresses, &slots);
        for n in 0..=target {
            models[n as usize].check_reader(&store.state_at(n).unwrap(), &addresses, &slots);
        }
        for diff in &after {
            model.apply(diff);
            prop_assert_eq!(commit(&store, diff, 0).header.state_root, model.root());
        }
        model.check_reader(&store.latest().unwrap(), &addresses, &slots);
    }
}

#[test]
fn balance_at_every_block() {
    let store = Store::in_memory().unwrap();
    for b in 0..10u64 {
        let mut diff = StateDiff::default();
        crate::common::set(&mut diff, addr(1), Some(account(b, b * 100)), &[(0, b + 1)]);
        commit(&store, &diff, 0);
    }
    for b in 0..10u64 {
        let s = store.state_at(b).unwrap();
        assert_eq!(
            s.account(addr(1)).unwrap().map(|a| a.balance),
            Some(U256::from(b * 100))
        );
        assert_eq!(s.storage(addr(1), U256::ZERO).unwrap(), U256::from(b + 1));
        assert_eq!(s.block_number(), Some(b));
        assert!(s.block_hash(b).unwrap().is_some());
        assert_eq!(s.block_hash(b + 1).unwrap(), None);
    }
    assert!(store.revert_to(10).is_err());
    store.revert_to(9).unwrap(); // no-op
    assert_eq!(store.latest_block_number().unwrap(), Some(9));
}

#[test]
fn revert_on_a_deep_trie_then_continue() {
    let store = Store::in_memory().unwrap();
    let mut model = Model::default();
    let mut genesis = StateDiff::default();
    for i in 0..3_000u64 {
        let n = if i % 20 == 0 { 60 } else { i % 3 };
        let slots: Vec<(u64, u64)> = (0..n).map(|s| (s, s + 1)).collect();
        crate::common::set(&mut genesis, addr(i), Some(account(0, i)), &slots);
    }
    model.apply(&genesis);
    commit(&store, &genesis, 0);
    let mut models = vec![model.clone()];
    for b in 1..=6u64 {
        let mut diff = StateDiff::default();
        for j in 0..60u64 {
            let i = (b * 7_919 + j * 613) % 3_200;
            match j % 6 {
                0 => crate::common::set(&mut diff, addr(i), None, &[]),
                1 => {
                    diff.accounts.insert(
                        addr(i),
                        AccountDiff {
                            info: Some(account(b, j)),
                            storage_wiped: true,
                            storage: [(U256::from(j), U256::from(b))].into_iter().collect(),
                        },
                    );
                }
                _ => crate::common::set(
                    &mut diff,
                    addr(i),
                    Some(account(b, i + j)),
                    &[(j, b), (j + 100, 0)],
                ),
            }
        }
        model.apply(&diff);
        assert_eq!(commit(&store, &diff, 1).header.state_root, model.root());
        models.push(model.clone());
    }
    let addresses: Vec<Address> = (0..3_200).step_by(7).map(addr).collect();
    let slots: Vec<U256> = (0..60).step_by(3).map(U256::from).collect();
    models[2].check_reader(&store.state_at(2).unwrap(), &addresses, &slots);
    store.revert_to(2).unwrap();
    let mut model = models[2].clone();
    assert_eq!(store.latest_state_root().unwrap(), model.root());
    model.check_reader(&store.latest().unwrap(), &addresses, &slots);
    for b in 0..3u64 {
        let mut diff = StateDiff::default();
        for j in 0..40u64 {
            crate::common::set(
                &mut diff,
                addr((b * 31 + j * 97) % 3_200),
                Some(account(9, b)),
                &[(j, 7)],
            );
        }
        model.apply(&diff);
        assert_eq!(commit(&store, &diff, 0).header.state_root, model.root());
    }
    store.revert_to(0).unwrap();
    assert_eq!(store.latest_state_root().unwrap(), models[0].root());
}

#[test]
fn trie_updates_from_before_a_revert_are_refused() {
    let store = Store::in_memory().unwrap();
    for b in 0..2u64 {
        let mut diff = StateDiff::default();
        crate::common::set(&mut diff, addr(b), Some(account(0, 1)), &[]);
        commit(&store, &diff, 0);
    }
    let mut x = StateDiff::default();
    crate::common::set(&mut x, addr(10), Some(account(0, 10)), &[]);
    let (root, trie) = store.state_root(&x).unwrap();
    store.revert_to(0).unwrap();
    let mut y = StateDiff::default();
    crate::common::set(&mut y, addr(20), Some(account(0, 20)), &[]);
    commit(&store, &y, 0); // block 1 again, different hash
    let header = alloy_consensus::Header {
        number: 2,
        state_root: root,
        ..Default::default()
    };
    let block = lumio_primitives::StoredBlock {
        hash: header.hash_slow(),
        header,
        transactions: vec![],
    };
    let err = store.commit_block(&block, &[], &x, trie).unwrap_err();
    assert!(
        matches!(err, StorageError::StaleTrieUpdates { .. }),
        "{err}"
    );
}
