//! Per-sender and pool-wide limits, eviction order.

use crate::common::*;
use lumio_txpool::{PoolError, TxStatus};

#[test]
fn default_limits_match_the_documented_numbers() {
    let config = pool().config().clone();
    assert_eq!(config.max_account_slots, 64);
    assert_eq!(config.max_pool_size, 10_000);
    assert_eq!(config.max_tx_size, 128 * 1024);
    assert_eq!(config.price_bump_percent, 10);
    assert_eq!(config.block_gas_limit, 30_000_000);
}

#[test]
fn sender_limit_of_64() {
    let a = key(1);
    let state = MemState::funded(&[&a], ETH);
    let mut pool = pool();
    for nonce in 1..=64 {
        pool.add(Tx::new(nonce).eip1559(&a), &state).unwrap();
    }
    let err = pool.add(Tx::new(65).eip1559(&a), &state).unwrap_err();
    assert_eq!(err, PoolError::AccountLimitExceeded);
    // Replacement is always allowed.
    pool.add(Tx::new(64).fees(20 * GWEI, 2 * GWEI).eip1559(&a), &state)
        .unwrap();
    // The missing nonce 0 pushes out nonce 64 and makes everything pending.
    let out = pool.add(Tx::new(0).eip1559(&a), &state).unwrap();
    assert_eq!(out.evicted.len(), 1);
    assert_eq!(out.promoted.len(), 64);
    assert_eq!((pool.pending_count(), pool.queued_count()), (64, 0));
    assert_eq!(pool.pending_nonce(a.address()), Some(64));
}

#[test]
fn full_pool_evicts_lowest_fee_queued_first() {
    let keys: Vec<_> = (1..=5).map(key).collect();
    let refs: Vec<_> = keys.iter().collect();
    let state = MemState::funded(&refs, ETH);
    let mut pool = pool_with(|c| c.max_pool_size = 4);
    // Two queued (gap at nonce 0) and two pending.
    let q_cheap = Tx::new(1).fees(2 * GWEI, GWEI).eip1559(&keys[0]);
    let q_rich = Tx::new(1).fees(50 * GWEI, GWEI).eip1559(&keys[1]);
    let (q_cheap_hash, q_rich_hash) = (q_cheap.hash, q_rich.hash);
    pool.add(q_cheap, &state).unwrap();
    pool.add(q_rich, &state).unwrap();
    pool.add(Tx::new(0).fees(3 * GWEI, GWEI).eip1559(&keys[2]), &state)
        .unwrap();
    let p_cheap = Tx::new(0).fees(GWEI, GWEI).eip1559(&keys[3]);
    let p_cheap_hash = p_cheap.hash;
    pool.add(p_cheap, &state).unwrap();
    assert_eq!(pool.len(), 4);

    // A queued tx paying less than every queued one is rejected.
    let worse = Tx::new(7).fees(GWEI, GWEI).eip1559(&keys[4]);
    assert_eq!(pool.add(worse, &state).unwrap_err(), PoolError::PoolFull);
    // A queued tx paying more than the cheapest queued one evicts it.
    let out = pool
        .add(Tx::new(7).fees(3 * GWEI, GWEI).eip1559(&keys[4]), &state)
        .unwrap();
    assert_eq!(
        (out.status, out.evicted),
        (TxStatus::Queued, vec![q_cheap_hash])
    );
    // A pending tx evicts the cheapest queued one, even when that pays more.
    let out = pool
        .add(Tx::new(0).fees(GWEI, GWEI).eip1559(&keys[0]), &state)
        .unwrap();
    assert_eq!(out.status, TxStatus::Pending);
    assert_eq!(out.evicted.len(), 1);
    assert_ne!(out.evicted[0], q_rich_hash);
    let out = pool
        .add(Tx::new(0).fees(GWEI, GWEI).eip1559(&keys[1]), &state)
        .unwrap();
    assert_eq!(out.evicted, vec![q_rich_hash]);
    // b's nonce 0 is pending; only pending left: the lowest-fee pending tail goes, oldest kept.
    assert_eq!(pool.queued_count(), 0);
    let out = pool
        .add(Tx::new(0).fees(5 * GWEI, GWEI).eip1559(&keys[4]), &state)
        .unwrap();
    assert_eq!(out.evicted.len(), 1);
    assert_ne!(
        out.evicted[0], p_cheap_hash,
        "the later arrival at equal fee goes first"
    );
    assert_eq!(pool.len(), 4);
    // Equal rank is not enough.
    let err = pool
        .add(Tx::new(1).fees(GWEI, GWEI).eip1559(&keys[3]), &state)
        .unwrap_err();
    assert_eq!(err, PoolError::PoolFull);
}
