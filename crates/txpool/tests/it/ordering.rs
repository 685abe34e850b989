//! Block order: effective tip across senders, arrival on ties, nonce within a sender; gaps and
//! promotion.

use crate::common::*;
use alloy_primitives::{Address, B256};
use lumio_txpool::{PoolTransaction, TxStatus};

fn order(
    pool: &lumio_txpool::TxPool<lumio_txpool::PooledTx>,
    base_fee: u64,
) -> Vec<(Address, u64)> {
    pool.best_transactions(base_fee)
        .map(|tx| (tx.sender(), tx.nonce()))
        .collect()
}

#[test]
fn effective_tip_decides_at_the_given_base_fee() {
    let (a, b) = (key(1), key(2));
    let state = MemState::funded(&[&a, &b], ETH);
    let mut pool = pool();
    // a: tip 50 gwei but max fee 100 gwei; b: tip 30 gwei, max fee 1000 gwei.
    pool.add(Tx::new(0).fees(100 * GWEI, 50 * GWEI).eip1559(&a), &state)
        .unwrap();
    pool.add(Tx::new(0).fees(1000 * GWEI, 30 * GWEI).eip1559(&b), &state)
        .unwrap();
    let (a, b) = (a.address(), b.address());
    // Base fee 1 gwei: a tips 50, b 30.
    assert_eq!(order(&pool, 1_000_000_000), vec![(a, 0), (b, 0)]);
    // Base fee 80 gwei: a tips only 20, b still 30.
    assert_eq!(order(&pool, 80_000_000_000), vec![(b, 0), (a, 0)]);
    // Base fee 101 gwei: a cannot be included.
    assert_eq!(order(&pool, 101_000_000_000), vec![(b, 0)]);
}

#[test]
fn legacy_tip_is_gas_price_minus_base_fee() {
    let (a, b) = (key(1), key(2));
    let state = MemState::funded(&[&a, &b], ETH);
    let mut pool = pool();
    pool.add(Tx::new(0).fees(5 * GWEI, 0).legacy(&a, true), &state)
        .unwrap();
    pool.add(Tx::new(0).fees(100 * GWEI, 2 * GWEI).eip1559(&b), &state)
        .unwrap();
    // Base fee 1 gwei: legacy tips 4 gwei, 1559 tips 2.
    assert_eq!(
        order(&pool, 1_000_000_000),
        vec![(a.address(), 0), (b.address(), 0)]
    );
    // Base fee 4 gwei: legacy tips 1 gwei.
    assert_eq!(
        order(&pool, 4_000_000_000),
        vec![(b.address(), 0), (a.address(), 0)]
    );
}

#[test]
fn ties_go_by_arrival_and_nonces_stay_in_order() {
    let (a, b, c) = (key(1), key(2), key(3));
    let state = MemState::funded(&[&a, &b, &c], ETH);
    let mut pool = pool();
    pool.add(Tx::new(0).eip1559(&c), &state).unwrap();
    pool.add(Tx::new(0).eip1559(&a), &state).unwrap();
    // b's first nonce pays little, its second a lot: the second still waits for the first.
    pool.add(Tx::new(0).fees(10 * GWEI, 1).eip1559(&b), &state)
        .unwrap();
    pool.add(Tx::new(1).fees(90 * GWEI, 90 * GWEI).eip1559(&b), &state)
        .unwrap();
    pool.add(Tx::new(1).eip1559(&a), &state).unwrap();
    let (a, b, c) = (a.address(), b.address(), c.address());
    assert_eq!(
        order(&pool, 1),
        vec![(c, 0), (a, 0), (a, 1), (b, 0), (b, 1)]
    );
}

#[test]
fn below_base_fee_blocks_the_rest_of_the_sender() {
    let (a, b) = (key(1), key(2));
    let state = MemState::funded(&[&a, &b], ETH);
    let mut pool = pool();
    pool.add(Tx::new(0).fees(2 * GWEI, GWEI).eip1559(&a), &state)
        .unwrap();
    pool.add(Tx::new(1).fees(50 * GWEI, GWEI).eip1559(&a), &state)
        .unwrap();
    pool.add(Tx::new(0).eip1559(&b), &state).unwrap();
    assert_eq!(order(&pool, 3_000_000_000), vec![(b.address(), 0)]);
    assert_eq!(
        pool.best_transactions(3_000_000_000).base_fee(),
        3_000_000_000
    );
}

#[test]
fn mark_invalid_skips_the_senders_chain() {
    let (a, b) = (key(1), key(2));
    let state = MemState::funded(&[&a, &b], ETH);
    let mut pool = pool();
    for nonce in 0..3 {
        pool.add(Tx::new(nonce).fees(20 * GWEI, 5 * GWEI).eip1559(&a), &state)
            .unwrap();
    }
    pool.add(Tx::new(0).eip1559(&b), &state).unwrap();
    let mut best = pool.best_transactions(GWEI as u64);
    let first = best.next().unwrap();
    assert_eq!((first.sender(), first.nonce()), (a.address(), 0));
    best.mark_invalid(a.address());
    let rest: Vec<_> = best.map(|tx| tx.sender()).collect();
    assert_eq!(rest, vec![b.address()]);
    // The snapshot did not touch the pool.
    assert_eq!(pool.pending_count(), 4);
}

#[test]
fn gaps_queue_and_filling_promotes() {
    let a = key(1);
    let mut state = MemState::default();
    state.set(a.address(), 3, ETH);
    let mut pool = pool();
    let t5 = Tx::new(5).eip1559(&a);
    let t4 = Tx::new(4).eip1559(&a);
    let t3 = Tx::new(3).eip1559(&a);
    let hashes: Vec<B256> = vec![t3.hash, t4.hash, t5.hash];
    assert_eq!(pool.add(t5, &state).unwrap().status, TxStatus::Queued);
    assert_eq!(pool.add(t4, &state).unwrap().status, TxStatus::Queued);
    assert_eq!((pool.pending_count(), pool.queued_count()), (0, 2));
    assert_eq!(pool.pending_nonce(a.address()), None);
    assert_eq!(pool.queued_txs().count(), 2);
    assert_eq!(pool.best_transactions(0).count(), 0);

    let out = pool.add(t3, &state).unwrap();
    assert_eq!(out.status, TxStatus::Pending);
    assert_eq!(out.promoted, hashes);
    assert_eq!((pool.pending_count(), pool.queued_count()), (3, 0));
    assert_eq!(pool.pending_nonce(a.address()), Some(6));
    let pending: Vec<u64> = pool.pending_txs().map(|tx| tx.nonce()).collect();
    assert_eq!(pending, vec![3, 4, 5]);
    let statuses: Vec<TxStatus> = pool.sender_txs(a.address()).map(|(_, s)| s).collect();
    assert_eq!(statuses, vec![TxStatus::Pending; 3]);
}

#[test]
fn removing_a_pending_tx_demotes_the_following_nonces() {
    let a = key(1);
    let state = MemState::funded(&[&a], ETH);
    let mut pool = pool();
    let txs: Vec<_> = (0..3).map(|n| Tx::new(n).eip1559(&a)).collect();
    let hashes: Vec<B256> = txs.iter().map(|tx| tx.hash).collect();
    for tx in txs {
        pool.add(tx, &state).unwrap();
    }
    let removed = pool.remove(&hashes[1]).unwrap();
    assert_eq!(removed.nonce(), 1);
    assert_eq!(pool.status(&hashes[2]), Some(TxStatus::Queued));
    assert_eq!(pool.pending_nonce(a.address()), Some(1));
    // Re-adding it promotes the follower again.
    let out = pool.add(Tx::new(1).eip1559(&a), &state).unwrap();
    assert_eq!(out.promoted, vec![hashes[1], hashes[2]]);
}
