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
