//! Invalid transactions are rejected and leave no trace in the block.

use crate::common::*;
use alloy_primitives::{Address, Bytes, TxKind, U256};
use lumio_execution::TxExecError;

#[test]
fn invalid_transactions_leave_no_trace() {
    let chain = TestChain::new(2);
    let (a, poor) = (signer(0), signer(9));
    let to = Address::repeat_byte(0x12);
    let mut builder = chain.builder();
    builder.execute_tx(&transfer(&a, 0, to, 1)).unwrap();

    let err = builder.execute_tx(&transfer(&a, 0, to, 1)).unwrap_err();
    assert_eq!(err, TxExecError::NonceTooLow { tx: 0, state: 1 });
    let err = builder.execute_tx(&transfer(&a, 5, to, 1)).unwrap_err();
    assert_eq!(err, TxExecError::NonceTooHigh { tx: 5, state: 1 });
    let err = builder.execute_tx(&transfer(&poor, 0, to, 1)).unwrap_err();
    assert!(matches!(err, TxExecError::InsufficientFunds(_)), "{err}");
    let err = builder
        .execute_tx(&transfer(&a, 1, to, 200 * ETH))
        .unwrap_err();
    assert!(matches!(err, TxExecError::InsufficientFunds(_)), "{err}");
    let err = builder
        .execute_tx(&tx_1559(
            &a,
            1,
            TxKind::Call(to),
            0,
            Bytes::new(),
            31_000_000,
        ))
        .unwrap_err();
    assert!(matches!(err, TxExecError::ExceedsBlockGas { .. }), "{err}");
    let err = builder
        .execute_tx(&tx_1559(&a, 1, TxKind::Call(to), 0, Bytes::new(), 20_000))
        .unwrap_err();
    assert!(
        matches!(err, TxExecError::Invalid(_)),
        "intrinsic gas: {err}"
    );

    // The block is as if none of those had been tried.
    builder.execute_tx(&transfer(&a, 1, to, 1)).unwrap();
    assert_eq!(builder.receipts().len(), 2);
    assert_eq!(builder.gas_used(), 42_000);
    let executed = builder.finish().unwrap();
    assert_eq!(executed.transactions.len(), 2);
    assert!(!executed.diff.accounts.contains_key(&poor.address()));
    assert_eq!(
        executed.diff.accounts[&to].info.unwrap().balance,
        U256::from(2)
    );
    assert_eq!(executed.diff.accounts[&a.address()].info.unwrap().nonce, 2);
}

#[test]
fn block_gas_is_enforced_across_transactions() {
    let mut chain = TestChain::new(1);
    chain.chain.gas_limit = 50_000;
    let a = signer(0);
    let to = Address::repeat_byte(0x12);
    let mut builder = chain.builder();
    builder.execute_tx(&transfer(&a, 0, to, 1)).unwrap();
    builder.execute_tx(&transfer(&a, 1, to, 1)).unwrap();
    let err = builder.execute_tx(&transfer(&a, 2, to, 1)).unwrap_err();
    assert_eq!(
        err,
        TxExecError::ExceedsBlockGas {
            gas_limit: 21_000,
            remaining: 8_000
        }
    );
}

#[test]
fn fee_cap_below_base_fee_is_rejected() {
    let mut chain = TestChain::new(1);
    chain.chain.genesis_base_fee = 100 * GWEI as u64;
    chain.parent.base_fee_per_gas = Some(100 * GWEI as u64);
    let a = signer(0);
    let mut builder = chain.builder();
    let err = builder
        .execute_tx(&transfer(&a, 0, Address::repeat_byte(0x12), 1))
        .unwrap_err();
    assert!(matches!(err, TxExecError::FeeCapTooLow { .. }), "{err}");
}

#[test]
fn timestamp_must_advance() {
    let chain = TestChain::new(1);
    let err = lumio_execution::BlockBuilder::new(
        &chain.state,
        &chain.chain,
        &chain.parent,
        chain.parent.timestamp,
        Default::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("not after parent"));
}
