//! `on_block`: mined, stale, balance changes, promotion.

use crate::common::*;
use lumio_txpool::{PoolTransaction, TxStatus};

#[test]
fn mined_and_stale_txs_leave_followers_are_promoted() {
    let (a, b) = (key(1), key(2));
    let mut state = MemState::funded(&[&a, &b], ETH);
    let mut pool = pool();
    let a_txs: Vec<_> = (0..4).map(|n| Tx::new(n).eip1559(&a)).collect();
    let a_hashes: Vec<_> = a_txs.iter().map(|tx| tx.hash).collect();
    for tx in a_txs {
        pool.add(tx, &state).unwrap();
    }
    // b: nonce 1 queued behind a nonce 0 that will come from elsewhere.
    let b1 = Tx::new(1).eip1559(&b);
    let b1_hash = b1.hash;
    pool.add(b1, &state).unwrap();
    assert_eq!(pool.status(&b1_hash), Some(TxStatus::Queued));

    // The block included a0, a1 and some other b nonce-0 transaction; a's nonce 2 was
    // replaced on chain by a different transaction (so a2 is stale, not mined).
    state.set(a.address(), 3, ETH / 2);
    state.set(b.address(), 1, ETH / 2);
    let update = pool.on_block(&[a_hashes[0], a_hashes[1]], &state);
    assert_eq!(update.mined, vec![a_hashes[0], a_hashes[1]]);
    assert_eq!(update.discarded, vec![a_hashes[2]]);
    assert_eq!(update.promoted, vec![b1_hash]);
    assert!(update.state_errors.is_empty());
    assert_eq!((pool.pending_count(), pool.queued_count()), (2, 0));
    assert_eq!(pool.pending_nonce(a.address()), Some(4));
    assert_eq!(pool.pending_nonce(b.address()), Some(2));
}

#[test]
fn balance_drop_demotes_or_drops_and_rise_promotes() {
    let a = key(1);
    let cost = 21_000 * 10 * GWEI;
    let mut state = MemState::funded(&[&a], 3 * cost);
    let mut pool = pool();
    let txs: Vec<_> = (0..3).map(|n| Tx::new(n).eip1559(&a)).collect();
    let hashes: Vec<_> = txs.iter().map(|tx| tx.hash).collect();
    for tx in txs {
        pool.add(tx, &state).unwrap();
    }
    // Balance now covers one and a half: nonce 0 pending, 1 and 2 queued.
    state.set(a.address(), 0, cost + cost / 2);
    let update = pool.on_block(&[], &state);
    assert!(update.discarded.is_empty() && update.promoted.is_empty());
    assert_eq!((pool.pending_count(), pool.queued_count()), (1, 2));
    assert_eq!(pool.best_transactions(0).count(), 1);
    // Back to three: promoted.
    state.set(a.address(), 0, 3 * cost);
    let update = pool.on_block(&[], &state);
    assert_eq!(update.promoted, vec![hashes[1], hashes[2]]);
    // Balance below one tx's cost: every tx is dropped (geth drops unaffordable txs).
    state.set(a.address(), 0, cost - 1);
    let update = pool.on_block(&[], &state);
    assert_eq!(update.discarded, hashes);
    assert!(pool.is_empty());
    assert_eq!(pool.senders().count(), 0);
}

#[test]
fn unknown_mined_hashes_are_ignored() {
    let a = key(1);
    let state = MemState::funded(&[&a], ETH);
    let mut pool = pool();
    let tx = Tx::new(0).eip1559(&a);
    let other = Tx::new(0).fees(11 * GWEI, 2 * GWEI).eip1559(&a);
    pool.add(tx, &state).unwrap();
    let update = pool.on_block(&[other.hash], &state);
    assert!(update.mined.is_empty());
    assert_eq!(pool.len(), 1);
    assert_eq!(pool.pending_txs().next().unwrap().nonce(), 0);
}

#[test]
fn add_sees_a_block_the_pool_was_not_told_about() {
    let a = key(1);
    let mut state = MemState::funded(&[&a], ETH);
    let mut pool = pool();
    let t0 = Tx::new(0).eip1559(&a);
    let t0_hash = t0.hash;
    pool.add(t0, &state).unwrap();
    pool.add(Tx::new(2).eip1559(&a), &state).unwrap();
    // Nonces 0 and 1 were mined; on_block has not run yet.
    state.set(a.address(), 2, ETH);
    let out = pool.add(Tx::new(3).eip1559(&a), &state).unwrap();
    assert_eq!(out.discarded, vec![t0_hash]);
    assert_eq!(out.promoted.len(), 2);
    assert_eq!(pool.pending_nonce(a.address()), Some(4));
}
