//! Incremental state root == alloy-trie's from-scratch root, block after block.

use crate::common::{Model, account, addr, commit, set};
use alloy_primitives::{Address, B256, U256};
use alloy_trie::EMPTY_ROOT_HASH;
use lumio_primitives::{AccountDiff, AccountState, StateDiff};
use lumio_storage::{StorageError, Store};
use proptest::prelude::*;

#[test]
fn empty_database_has_the_empty_root() {
    let store = Store::in_memory().unwrap();
    assert_eq!(store.latest_state_root().unwrap(), EMPTY_ROOT_HASH);
    let (root, _) = store.state_root(&StateDiff::default()).unwrap();
    assert_eq!(root, EMPTY_ROOT_HASH);
    assert_eq!(store.latest_block_number().unwrap(), None);
}

#[test]
fn single_account_matches_known_root() {
    // One account, one slot: compare with the from-scratch root.
    let store = Store::in_memory().unwrap();
    let mut diff = StateDiff::default();
    set(&mut diff, addr(1), Some(account(1, 10)), &[(1, 2)]);
    let mut model = Model::default();
    model.apply(&diff);
    let block = commit(&store, &diff, 0);
    assert_eq!(block.header.state_root, model.root());
    assert_eq!(
        store.storage_root(addr(1)).unwrap(),
        model.storage_root(&addr(1))
    );
}

#[test]
fn thousands_of_accounts_then_small_updates() {
    let store = Store::in_memory().unwrap();
    let mut model = Model::default();
    let mut genesis = StateDiff::default();
    for i in 0..3_000u64 {
        let n = if i % 25 == 0 { 50 } else { i % 3 };
        let slots: Vec<(u64, u64)> = (0..n).map(|s| (s, s * 31 + i + 1)).collect();
        set(&mut genesis, addr(i), Some(account(i, i * 1_000)), &slots);
    }
    model.apply(&genesis);
    assert_eq!(commit(&store, &genesis, 0).header.state_root, model.root());

    for round in 1..=5u64 {
        let mut diff = StateDiff::default();
        for j in 0..40u64 {
            let i = (round * 977 + j * 53) % 3_500; // some new accounts
            match j % 5 {
                0 => set(&mut diff, addr(i), None, &[]),
                1 => set(
                    &mut diff,
                    addr(i),
                    Some(account(round, j)),
                    &[(j, 0), (j + 1, round)],
                ),
                _ => set(
                    &mut diff,
                    addr(i),
                    Some(account(round + j, round * j)),
                    &[(j, round * 7)],
                ),
            }
        }
        model.apply(&diff);
        let block = commit(&store, &diff, 2);
        assert_eq!(block.header.state_root, model.root(), "round {round}");
        assert_eq!(store.latest_state_root().unwrap(), model.root());
    }
}

#[test]
fn deleting_everything_returns_to_the_empty_root() {
    let store = Store::in_memory().unwrap();
    let mut diff = StateDiff::default();
    for i in 0..200 {
        set(
            &mut diff,
            addr(i),
            Some(account(i, 1)),
            &[(i, 1), (i + 1, 2)],
        );
    }
    commit(&store, &diff, 0);
    let mut diff = StateDiff::default();
    for i in 0..200 {
        set(&mut diff, addr(i), None, &[]);
    }
    let block = commit(&store, &diff, 0);
    assert_eq!(block.header.state_root, EMPTY_ROOT_HASH);
    // and grows again from nothing stored
    let mut diff = StateDiff::default();
    set(&mut diff, addr(5), Some(account(0, 5)), &[(9, 9)]);
    let mut model = Model::default();
    model.apply(&diff);
    assert_eq!(commit(&store, &diff, 0).header.state_root, model.root());
}

#[test]
fn storage_wipe_and_recreate() {
    let store = Store::in_memory().unwrap();
    let mut model = Model::default();
    let mut diff = StateDiff::default();
    let slots: Vec<(u64, u64)> = (0..300).map(|s| (s, s + 1)).collect();
    set(&mut diff, addr(7), Some(account(1, 1)), &slots);
    set(&mut diff, addr(8), Some(account(1, 1)), &slots);
    model.apply(&diff);
    commit(&store, &diff, 0);
    let mut diff = StateDiff::default();
    diff.accounts.insert(
        addr(7),
        AccountDiff {
            info: Some(account(0, 2)),
            storage_wiped: true,
            storage: [(U256::from(3), U256::from(33))].into_iter().collect(),
        },
    );
    model.apply(&diff);
    let block = commit(&store, &diff, 0);
    assert_eq!(block.header.state_root, model.root());
    assert_eq!(
        store.storage_root(addr(7)).unwrap(),
        model.storage_root(&addr(7))
    );
    let snap = store.latest().unwrap();
    assert_eq!(snap.storage(addr(7), U256::from(4)).unwrap(), U256::ZERO);
    assert_eq!(
        snap.storage(addr(7), U256::from(3)).unwrap(),
        U256::from(33)
    );
    assert_eq!(snap.storage(addr(8), U256::from(4)).unwrap(), U256::from(5));
}

#[test]
fn trie_updates_report_storage_roots() {
    let store = Store::in_memory().unwrap();
    let mut diff = StateDiff::default();
    let passer = Address::from_slice(&alloy_primitives::hex!(
        "4200000000000000000000000000000000000016"
    ));
    diff.accounts.insert(
        passer,
        AccountDiff {
            info: Some(AccountState::default()),
            storage_wiped: false,
            storage: [(U256::from(1), U256::from(1))].into_iter().collect(),
        },
    );
    let (_, trie) = store.state_root(&diff).unwrap();
    let mut model = Model::default();
    model.apply(&diff);
    assert_eq!(trie.storage_root(passer), Some(model.storage_root(&passer)));
    assert_eq!(trie.parent(), None);
}

#[test]
fn commit_rejects_mismatched_blocks() {
    let store = Store::in_memory().unwrap();
    let mut diff = StateDiff::default();
    set(&mut diff, addr(1), Some(account(0, 1)), &[]);
    let (root, trie) = store.state_root(&diff).unwrap();
    let header = alloy_consensus::Header {
        number: 0,
        state_root: B256::repeat_byte(1),
        ..Default::default()
    };
    let block = lumio_primitives::StoredBlock {
        hash: header.hash_slow(),
        header,
        transactions: vec![],
    };
    let err = store
        .commit_block(&block, &[], &diff, trie.clone())
        .unwrap_err();
    assert!(
        matches!(err, StorageError::StateRootMismatch { .. }),
        "{err}"
    );
    let header = alloy_consensus::Header {
        number: 3,
        state_root: root,
        ..Default::default()
    };
    let block = lumio_primitives::StoredBlock {
        hash: header.hash_slow(),
        header,
        transactions: vec![],
    };
    let err = store
        .commit_block(&block, &[], &diff, trie.clone())
        .unwrap_err();
    assert!(
        matches!(
            err,
            StorageError::NotNextBlock {
                expected: 0,
                got: 3
            }
        ),
        "{err}"
    );
    // stale updates: computed before another block landed
    commit(&store, &diff, 0);
    let header = alloy_consensus::Header {
        number: 1,
        state_root: root,
        ..Default::default()
    };
    let block = lumio_primitives::StoredBlock {
        hash: header.hash_slow(),
        header,
        transactions: vec![],
    };
    let err = store.commit_block(&block, &[], &diff, trie).unwrap_err();
    assert!(
        matches!(err, StorageError::StaleTrieUpdates { .. }),
        "{err}"
    );
    assert_eq!(store.latest_block_number().unwrap(), Some(0));
}

/// One random account change over a pool of addresses and slots small enough to collide.
fn account_diff() -> impl Strategy<Value = (u64, AccountDiff)> {
    let info = prop_oneof![
        1 => Just(None),
        9 => (0u64..4, 0u64..1_000).prop_map(|(n, b)| Some(account(n, b))),
    ];
    let storage = prop::collection::btree_map(
        (0u64..64).prop_map(U256::from),
        prop_oneof![1 => Just(U256::ZERO), 3 => (1u64..1_000).prop_map(U256::from)],
        0..12,
    );
    (0u64..120, info, prop::bool::weighted(0.08), storage).prop_map(
        |(i, info, storage_wiped, storage)| {
            (
                i,
                AccountDiff {
                    info,
                    storage_wiped,
                    storage,
                },
            )
        },
    )
}

fn block_diff() -> impl Strategy<Value = StateDiff> {
    prop::collection::vec(account_diff(), 0..25).prop_map(|changes| StateDiff {
        accounts: changes.into_iter().map(|(i, d)| (addr(i), d)).collect(),
        codes: Default::default(),
    })
}

proptest! {
    // Each case commits a 600-account genesis (deep enough for stored nodes below the root)
    // and recomputes the model root from scratch per block: a few seconds per case in debug.
    #![proptest_config(ProptestConfig { cases: 14, ..ProptestConfig::default() })]

    /// Random sequences of diffs: after every block the incremental root equals the from-scratch
    /// root, the stored trie gives the same root when re-walked, and the plain state matches.
    #[test]
    fn incremental_root_equals_from_scratch(blocks in prop::collection::vec(block_diff(), 1..8)) {
        let store = Store::in_memory().unwrap();
        let mut model = Model::default();
        // a genesis large enough to have stored branch nodes
        let mut genesis = StateDiff::default();
        for i in 0..600u64 {
            let n = if i % 10 == 0 { 40 } else { i % 3 };
            let slots: Vec<(u64, u64)> = (0..n).map(|s| (s, s + i + 1)).collect();
            set(&mut genesis, addr(i), Some(account(1, i + 1)), &slots);
        }
        model.apply(&genesis);
        commit(&store, &genesis, 0);
        let addresses: Vec<Address> = (0..130).map(addr).collect();
        let slots: Vec<U256> = (0..64).map(U256::from).collect();
        for diff in &blocks {
            model.apply(diff);
            let block = commit(&store, diff, 1);
            prop_assert_eq!(block.header.state_root, model.root());
            prop_assert_eq!(store.latest_state_root().unwrap(), model.root());
            for a in diff.accounts.keys() {
                let expected = if model.accounts.contains_key(a) { model.storage_root(a) } else { alloy_trie::EMPTY_ROOT_HASH };
                prop_assert_eq!(store.storage_root(*a).unwrap(), expected);
            }
        }
        model.check_reader(&store.latest().unwrap(), &addresses, &slots);
    }
}

/// Root-update cost for 100 changed accounts at different state sizes (`docs/storage.md`).
/// Run: `LUMIO_ROOT_BENCH=10000,1000000 cargo nextest run -p lumio-storage --run-ignored only
/// --no-capture root_update_cost` (add `--release` for release numbers).
#[test]
#[ignore = "timing, minutes at 1M accounts"]
fn root_update_cost() {
    let sizes: Vec<u64> = std::env::var("LUMIO_ROOT_BENCH")
        .unwrap_or_else(|_| "10000,100000".into())
        .split(',')
        .map(|s| s.trim().parse().unwrap())
        .collect();
    for n in sizes {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let t = std::time::Instant::now();
        let chunk = 100_000u64;
        let mut start = 0;
        while start < n {
            let end = (start + chunk).min(n);
            let mut diff = StateDiff::default();
            for i in start..end {
                set(&mut diff, addr(i), Some(account(0, i + 1)), &[]);
            }
            commit(&store, &diff, 0);
            start = end;
        }
        let fill = t.elapsed();
        let mut roots = Vec::new();
        let mut commits = Vec::new();
        for round in 1..=7u64 {
            let mut diff = StateDiff::default();
            for j in 0..100u64 {
                let i = (round * 1_000_003 + j * 7_919) % n;
                set(&mut diff, addr(i), Some(account(round, i + round)), &[]);
            }
            let t = std::time::Instant::now();
            let (root, trie) = store.state_root(&diff).unwrap();
            roots.push(t.elapsed());
            let header = alloy_consensus::Header {
                number: store.latest_block_number().unwrap().unwrap() + 1,
                state_root: root,
                ..Default::default()
            };
            let block = lumio_primitives::StoredBlock {
                hash: header.hash_slow(),
                header,
                transactions: vec![],
            };
            let t = std::time::Instant::now();
            store.commit_block(&block, &[], &diff, trie).unwrap();
            commits.push(t.elapsed());
        }
        roots.sort();
        commits.sort();
        eprintln!(
            "accounts {n:>9}: fill {fill:>10.2?}  state_root(100 changed) median {:>10.2?} (min {:>10.2?})  commit_block median {:>10.2?}",
            roots[3], roots[0], commits[3]
        );
    }
}
