//! Same sender and nonce: geth's 10% bump on both fees.

use crate::common::*;
use lumio_txpool::{PoolError, TxStatus};

#[test]
fn exact_ten_percent_on_both_fees_replaces() {
    let a = key(1);
    let state = MemState::funded(&[&a], ETH);
    let mut pool = pool();
    let old = Tx::new(0).fees(100 * GWEI, 10 * GWEI).eip1559(&a);
    let old_hash = old.hash;
    pool.add(old, &state).unwrap();

    for (fee, tip) in [(109, 11), (110, 10), (200, 10), (105, 100)] {
        let tx = Tx::new(0).fees(fee * GWEI, tip * GWEI).eip1559(&a);
        assert_eq!(
            pool.add(tx, &state).unwrap_err(),
            PoolError::ReplacementUnderpriced
        );
    }
    let new = Tx::new(0).fees(110 * GWEI, 11 * GWEI).eip1559(&a);
    let new_hash = new.hash;
    let out = pool.add(new, &state).unwrap();
    assert_eq!(out.replaced, Some(old_hash));
    assert_eq!(out.status, TxStatus::Pending);
    assert_eq!(out.promoted, vec![new_hash]);
    assert!(!pool.contains(&old_hash));
    assert!(pool.contains(&new_hash));
    assert_eq!((pool.len(), pool.pending_count()), (1, 1));
}

#[test]
fn legacy_replacement_uses_gas_price_for_both() {
    let a = key(1);
    let state = MemState::funded(&[&a], ETH);
    let mut pool = pool();
    pool.add(Tx::new(0).fees(10 * GWEI, 0).legacy(&a, true), &state)
        .unwrap();
    let low = Tx::new(0).fees(10 * GWEI + 1, 0).legacy(&a, true);
    assert_eq!(
        pool.add(low, &state).unwrap_err(),
        PoolError::ReplacementUnderpriced
    );
    // A 1559 replacement with tip 11 gwei and fee 11 gwei beats gas price 10 gwei on both.
    let out = pool
        .add(Tx::new(0).fees(11 * GWEI, 11 * GWEI).eip1559(&a), &state)
        .unwrap();
    assert!(out.replaced.is_some());
}

#[test]
fn replacing_a_queued_tx_keeps_it_queued() {
    let a = key(1);
    let state = MemState::funded(&[&a], ETH);
    let mut pool = pool();
    pool.add(Tx::new(2).eip1559(&a), &state).unwrap();
    let out = pool
        .add(Tx::new(2).fees(20 * GWEI, 2 * GWEI).eip1559(&a), &state)
        .unwrap();
    assert_eq!(out.status, TxStatus::Queued);
    assert!(out.promoted.is_empty());
    assert_eq!((pool.len(), pool.queued_count()), (1, 1));
}

#[test]
fn replacement_balance_check_excludes_the_replaced_cost() {
    let a = key(1);
    // Enough for one tx at 20 gwei, not for 10 + 20 gwei.
    let state = MemState::funded(&[&a], 21_000 * 20 * GWEI);
    let mut pool = pool();
    pool.add(Tx::new(0).eip1559(&a), &state).unwrap();
    pool.add(Tx::new(0).fees(20 * GWEI, 2 * GWEI).eip1559(&a), &state)
        .unwrap();
    let err = pool
        .add(Tx::new(0).fees(30 * GWEI, 3 * GWEI).eip1559(&a), &state)
        .unwrap_err();
    assert!(matches!(err, PoolError::InsufficientFunds { .. }));
}
