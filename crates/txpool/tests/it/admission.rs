//! Every rejection, with the exact geth message, and what is accepted.

use crate::common::*;
use alloy_consensus::Sealed;
use alloy_primitives::{Address, B256, Bytes, TxKind, U256, keccak256};
use lumio_txpool::{PoolError, PoolTransaction, PooledTx, TxStatus};
use op_alloy_consensus::{OpTxEnvelope, TxDeposit};

fn reject(tx: PooledTx, state: &MemState) -> String {
    let mut pool = pool();
    let len = pool.len();
    let err = pool.add(tx, state).unwrap_err();
    assert_eq!(pool.len(), len);
    err.to_string()
}

#[test]
fn accepts_1559_and_both_legacy_kinds() {
    let (a, b, c) = (key(1), key(2), key(3));
    let state = MemState::funded(&[&a, &b, &c], ETH);
    let mut pool = pool();
    let tx = Tx::new(0).eip1559(&a);
    let hash = tx.hash;
    let out = pool.add(tx, &state).unwrap();
    assert_eq!((out.hash, out.status), (hash, TxStatus::Pending));
    assert_eq!(pool.get(&hash).unwrap().sender(), a.address());
    pool.add(Tx::new(0).legacy(&b, true), &state).unwrap();
    pool.add(Tx::new(0).legacy(&c, false), &state).unwrap();
    assert_eq!(pool.pending_count(), 3);
}

#[test]
fn already_known() {
    let a = key(1);
    let state = MemState::funded(&[&a], ETH);
    let mut pool = pool();
    pool.add(Tx::new(0).eip1559(&a), &state).unwrap();
    let err = pool.add(Tx::new(0).eip1559(&a), &state).unwrap_err();
    assert_eq!(err.to_string(), "already known");
}

#[test]
fn nonce_too_low() {
    let a = key(1);
    let mut state = MemState::default();
    state.set(a.address(), 5, ETH);
    assert_eq!(reject(Tx::new(4).eip1559(&a), &state), "nonce too low");
}

#[test]
fn insufficient_funds_geth_format() {
    let a = key(1);
    let state = MemState::funded(&[&a], 1_000);
    // 21000 gas * 10 gwei + 7 wei.
    let tx = Tx::new(0).value(7).eip1559(&a);
    assert_eq!(
        reject(tx, &state),
        "insufficient funds for gas * price + value: have 1000 want 210000000000007"
    );
    // Unknown account: balance 0.
    let b = key(2);
    let msg = reject(Tx::new(0).fees(0, 0).value(1).eip1559(&b), &state);
    assert_eq!(
        msg,
        "insufficient funds for gas * price + value: have 0 want 1"
    );
}

#[test]
fn insufficient_funds_counts_the_senders_other_txs() {
    let a = key(1);
    let cost = 21_000 * 10 * GWEI;
    let state = MemState::funded(&[&a], 2 * cost);
    let mut pool = pool();
    pool.add(Tx::new(0).eip1559(&a), &state).unwrap();
    pool.add(Tx::new(1).eip1559(&a), &state).unwrap();
    let err = pool.add(Tx::new(2).eip1559(&a), &state).unwrap_err();
    assert_eq!(
        err,
        PoolError::InsufficientFunds {
            have: U256::from(2 * cost),
            want: U256::from(3 * cost)
        }
    );
}

#[test]
fn oversized_data() {
    let a = key(1);
    let state = MemState::funded(&[&a], ETH);
    let tx = Tx::new(0)
        .gas(10_000_000)
        .input(vec![1; 128 * 1024])
        .eip1559(&a);
    assert!(tx.encoded_len() > 128 * 1024);
    assert_eq!(reject(tx, &state), "oversized data");
    // Just under the limit is fine.
    let tx = Tx::new(0)
        .gas(6_000_000)
        .input(vec![1; 128 * 1024 - 200])
        .eip1559(&a);
    assert!(tx.encoded_len() <= 128 * 1024);
    pool().add(tx, &state).unwrap();
}

#[test]
fn invalid_chain_id() {
    let a = key(1);
    let state = MemState::funded(&[&a], ETH);
    assert_eq!(
        reject(Tx::new(0).chain(1).eip1559(&a), &state),
        "invalid chain id"
    );
    assert_eq!(
        reject(Tx::new(0).chain(1).legacy(&a, true), &state),
        "invalid chain id"
    );
}

#[test]
fn unprotected_legacy_can_be_refused() {
    let a = key(1);
    let state = MemState::funded(&[&a], ETH);
    let mut pool = pool_with(|c| c.allow_unprotected = false);
    let err = pool.add(Tx::new(0).legacy(&a, false), &state).unwrap_err();
    assert_eq!(
        err.to_string(),
        "only replay-protected (EIP-155) transactions allowed over RPC"
    );
}

#[test]
fn intrinsic_gas_too_low() {
    let a = key(1);
    let state = MemState::funded(&[&a], ETH);
    assert_eq!(
        reject(Tx::new(0).gas(20_999).eip1559(&a), &state),
        "intrinsic gas too low"
    );
    // Calldata: 4 non-zero bytes need 21000 + 64 (floor 21160).
    let tx = Tx::new(0).gas(21_100).input(vec![1, 2, 3, 4]).eip1559(&a);
    assert_eq!(reject(tx, &state), "intrinsic gas too low");
    pool()
        .add(
            Tx::new(0).gas(21_160).input(vec![1, 2, 3, 4]).eip1559(&a),
            &state,
        )
        .unwrap();
}

#[test]
fn exceeds_block_gas_limit() {
    let a = key(1);
    let state = MemState::funded(&[&a], ETH);
    assert_eq!(
        reject(Tx::new(0).gas(30_000_001).eip1559(&a), &state),
        "exceeds block gas limit"
    );
}

#[test]
fn tip_above_fee_cap() {
    let a = key(1);
    let state = MemState::funded(&[&a], ETH);
    assert_eq!(
        reject(Tx::new(0).fees(GWEI, 2 * GWEI).eip1559(&a), &state),
        "max priority fee per gas higher than max fee per gas"
    );
}

#[test]
fn transaction_underpriced_below_configured_minimum() {
    let a = key(1);
    let state = MemState::funded(&[&a], ETH);
    let mut pool = pool_with(|c| {
        c.min_max_fee_per_gas = GWEI;
        c.min_priority_fee = 1;
    });
    let err = pool
        .add(Tx::new(0).fees(GWEI - 1, 1).eip1559(&a), &state)
        .unwrap_err();
    assert_eq!(err.to_string(), "transaction underpriced");
    let err = pool
        .add(Tx::new(0).fees(GWEI, 0).eip1559(&a), &state)
        .unwrap_err();
    assert_eq!(err.to_string(), "transaction underpriced");
    let err = pool
        .add(Tx::new(0).fees(GWEI - 1, 0).legacy(&a, true), &state)
        .unwrap_err();
    assert_eq!(err.to_string(), "transaction underpriced");
    pool.add(Tx::new(0).fees(GWEI, 1).eip1559(&a), &state)
        .unwrap();
}

#[test]
fn below_base_fee_is_accepted_by_default() {
    let a = key(1);
    let state = MemState::funded(&[&a], ETH);
    let mut pool = pool();
    let out = pool.add(Tx::new(0).fees(1, 0).eip1559(&a), &state).unwrap();
    assert_eq!(out.status, TxStatus::Pending);
    assert_eq!(pool.best_transactions(1_000_000_000).count(), 0);
    assert_eq!(pool.best_transactions(1).count(), 1);
}

#[test]
fn deposit_type_not_supported() {
    let deposit = TxDeposit {
        source_hash: B256::repeat_byte(1),
        from: Address::repeat_byte(2),
        to: TxKind::Call(Address::ZERO),
        mint: 0,
        value: U256::ZERO,
        gas_limit: 100_000,
        is_system_transaction: false,
        input: Bytes::new(),
    };
    let envelope = OpTxEnvelope::Deposit(Sealed::new(deposit));
    let encoded = Bytes::from(alloy_eips::eip2718::Encodable2718::encoded_2718(&envelope));
    let tx = PooledTx::new(
        keccak256(&encoded),
        Address::repeat_byte(2),
        envelope,
        encoded,
    );
    assert_eq!(tx.tx_type(), 0x7E);
    assert_eq!(
        reject(tx, &MemState::default()),
        "transaction type not supported"
    );
}

#[test]
fn replacement_underpriced_message() {
    let a = key(1);
    let state = MemState::funded(&[&a], ETH);
    let mut pool = pool();
    pool.add(Tx::new(0).eip1559(&a), &state).unwrap();
    let err = pool
        .add(Tx::new(0).fees(10 * GWEI + 1, GWEI + 1).eip1559(&a), &state)
        .unwrap_err();
    assert_eq!(err.to_string(), "replacement transaction underpriced");
}

#[test]
fn pool_full_and_account_limit_messages() {
    let (a, b) = (key(1), key(2));
    let state = MemState::funded(&[&a, &b], ETH);
    let mut pool = pool_with(|c| c.max_pool_size = 1);
    pool.add(Tx::new(0).eip1559(&a), &state).unwrap();
    let err = pool.add(Tx::new(0).eip1559(&b), &state).unwrap_err();
    assert_eq!(err.to_string(), "txpool is full");

    let mut pool = pool_with(|c| c.max_account_slots = 1);
    pool.add(Tx::new(0).eip1559(&a), &state).unwrap();
    let err = pool.add(Tx::new(1).eip1559(&a), &state).unwrap_err();
    assert_eq!(err.to_string(), "account limit exceeded");
}

#[test]
fn rejection_leaves_no_trace() {
    let a = key(1);
    let state = MemState::funded(&[&a], ETH);
    let mut pool = pool();
    assert!(pool.add(Tx::new(0).chain(5).eip1559(&a), &state).is_err());
    assert!(pool.is_empty());
    assert_eq!(pool.senders().count(), 0);
    assert_eq!(pool.pending_nonce(a.address()), None);
}

#[test]
fn nonce_max_value() {
    let a = key(1);
    let state = MemState::funded(&[&a], ETH);
    assert_eq!(
        reject(Tx::new(u64::MAX).eip1559(&a), &state),
        "nonce has max value"
    );
}

#[test]
fn pool_and_snapshot_can_cross_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<lumio_txpool::TxPool<PooledTx>>();
    send_sync::<lumio_txpool::BestTransactions<PooledTx>>();
}
