//! eth_call, eth_estimateGas, eth_createAccessList.

use crate::common::*;
use alloy_primitives::{Address, B256, Bytes, TxKind, U256, hex};
use lumio_execution::{
    AccountOverride, CallEnv, CallError, CallRequest, StateOverrides, call, create_access_list,
    estimate_gas, revert_reason,
};
use std::collections::BTreeMap;

/// `return storage[calldata word 0]`: PUSH1 0 CALLDATALOAD SLOAD PUSH1 0 MSTORE PUSH1 32
/// PUSH1 0 RETURN.
const GETTER: &str = "6000355460005260206000f3";
/// `return balance(calldata word 0)`: PUSH1 0 CALLDATALOAD BALANCE PUSH1 0 MSTORE PUSH1 32
/// PUSH1 0 RETURN.
const BALANCE_OF: &str = "6000353160005260206000f3";

fn word(v: u64) -> Bytes {
    Bytes::from(U256::from(v).to_be_bytes::<32>().to_vec())
}

fn addr_word(a: Address) -> Bytes {
    Bytes::from(a.into_word().to_vec())
}

/// A chain with the store contract deployed by signer 0.
fn with_store() -> (TestChain, Address) {
    let mut chain = TestChain::new(2);
    let a = signer(0);
    chain.block(&[tx_1559(
        &a,
        0,
        TxKind::Create,
        0,
        store_init_code(),
        200_000,
    )]);
    (chain, a.address().create(0))
}

#[test]
fn call_with_code_storage_and_balance_overrides() {
    let chain = TestChain::new(1);
    let env = CallEnv::at(&chain.chain, &chain.parent);
    let target = Address::repeat_byte(0x42);
    let mut overrides = StateOverrides::new();
    overrides.insert(
        target,
        AccountOverride {
            code: Some(Bytes::from(hex::decode(GETTER).unwrap())),
            state_diff: Some(BTreeMap::from([(
                B256::with_last_byte(5),
                B256::with_last_byte(99),
            )])),
            ..Default::default()
        },
    );
    let req = CallRequest {
        to: Some(target),
        input: word(5),
        ..Default::default()
    };
    let out = call(&chain.state, &env, &req, &overrides).unwrap();
    assert!(out.success);
    assert_eq!(out.output, word(99));

    // `state` replaces the whole storage.
    overrides.get_mut(&target).unwrap().state_diff = None;
    overrides.get_mut(&target).unwrap().state = Some(BTreeMap::from([(
        B256::with_last_byte(6),
        B256::with_last_byte(1),
    )]));
    let out = call(&chain.state, &env, &req, &overrides).unwrap();
    assert_eq!(out.output, word(0));

    // Both at once is a request error.
    overrides.get_mut(&target).unwrap().state_diff = Some(BTreeMap::new());
    let err = call(&chain.state, &env, &req, &overrides).unwrap_err();
    assert!(matches!(err, CallError::InvalidRequest(_)), "{err}");

    // Balance override, read with BALANCE.
    let rich = Address::repeat_byte(0x77);
    let mut overrides = StateOverrides::new();
    overrides.insert(
        target,
        AccountOverride {
            code: Some(Bytes::from(hex::decode(BALANCE_OF).unwrap())),
            ..Default::default()
        },
    );
    overrides.insert(
        rich,
        AccountOverride {
            balance: Some(U256::from(12345)),
            ..Default::default()
        },
    );
    let req = CallRequest {
        to: Some(target),
        input: addr_word(rich),
        ..Default::default()
    };
    let out = call(&chain.state, &env, &req, &overrides).unwrap();
    assert_eq!(out.output, word(12345));
}

#[test]
fn call_reports_logs_and_revert_data() {
    let (chain, store) = with_store();
    let env = CallEnv::at(&chain.chain, &chain.parent);
    // From an account with no ETH and no gas price: free, like geth.
    let nobody = Address::repeat_byte(0x01);
    let req = CallRequest {
        from: Some(nobody),
        to: Some(store),
        input: store_call(7, 1),
        ..Default::default()
    };
    let out = call(&chain.state, &env, &req, &Default::default()).unwrap();
    assert!(out.success);
    assert_eq!(out.logs.len(), 1);
    assert!(out.gas_used > 21_000);

    let req = CallRequest {
        to: Some(store),
        ..Default::default()
    };
    let out = call(&chain.state, &env, &req, &Default::default()).unwrap();
    assert!(!out.success);
    assert_eq!(out.revert, Some(Bytes::from_static(b"nope")));
    assert_eq!(out.output.as_ref(), b"nope");

    // With a gas price the sender must pay.
    let req = CallRequest {
        from: Some(nobody),
        to: Some(store),
        input: store_call(7, 1),
        gas_price: Some(GWEI),
        ..Default::default()
    };
    let err = call(&chain.state, &env, &req, &Default::default()).unwrap_err();
    assert!(err.to_string().contains("insufficient funds"), "{err}");

    // An explicit zero price is "no fee" (geth).
    let req = CallRequest {
        from: Some(nobody),
        to: Some(store),
        input: store_call(7, 1),
        gas_price: Some(0),
        ..Default::default()
    };
    assert!(
        call(&chain.state, &env, &req, &Default::default())
            .unwrap()
            .success
    );

    // Nonce given and wrong: rejected; absent: not checked.
    let req = CallRequest {
        from: Some(signer(0).address()),
        to: Some(store),
        input: store_call(1, 1),
        nonce: Some(0),
        ..Default::default()
    };
    let err = call(&chain.state, &env, &req, &Default::default()).unwrap_err();
    assert!(err.to_string().contains("nonce too low"), "{err}");
}

/// Smallest gas at which `req` succeeds, by exhaustive binary search with `call`.
fn true_need(chain: &TestChain, req: &CallRequest, overrides: &StateOverrides) -> u64 {
    let env = CallEnv::at(&chain.chain, &chain.parent);
    let (mut lo, mut hi) = (20_000u64, 1_000_000u64);
    while lo + 1 < hi {
        let mid = (lo + hi) / 2;
        let r = CallRequest {
            gas: Some(mid),
            ..req.clone()
        };
        match call(&chain.state, &env, &r, overrides) {
            Ok(o) if o.success => hi = mid,
            _ => lo = mid,
        }
    }
    hi
}

#[test]
fn estimate_is_within_one_percent_of_need() {
    let (chain, store) = with_store();
    let env = CallEnv::at(&chain.chain, &chain.parent);
    let a = signer(0).address();
    let transfer = CallRequest {
        from: Some(a),
        to: Some(Address::repeat_byte(0x31)),
        value: Some(U256::from(1)),
        ..Default::default()
    };
    assert_eq!(
        estimate_gas(&chain.state, &env, &transfer, &Default::default()).unwrap(),
        21_000
    );

    let requests = [
        // Fresh slot (20k SSTORE) with a log.
        CallRequest {
            from: Some(a),
            to: Some(store),
            input: store_call(5, 9),
            ..Default::default()
        },
        // Deployment.
        CallRequest {
            from: Some(a),
            to: None,
            input: store_init_code(),
            ..Default::default()
        },
        // With a fee: still the same need.
        CallRequest {
            from: Some(a),
            to: Some(store),
            input: store_call(6, 10),
            max_fee_per_gas: Some(2 * GWEI),
            max_priority_fee_per_gas: Some(1),
            ..Default::default()
        },
    ];
    // A forwarder that CALLs the store with all its gas and reverts if that fails: the 63/64
    // rule makes the need larger than the gas used.
    let forwarder = Address::repeat_byte(0xf0);
    let code = format!(
        "36600060003760006000366000600073{}5af115602b57005b600080fd",
        hex::encode(store)
    );
    let mut overrides = StateOverrides::new();
    overrides.insert(
        forwarder,
        AccountOverride {
            code: Some(Bytes::from(hex::decode(code).unwrap())),
            ..Default::default()
        },
    );
    let forwarded = CallRequest {
        from: Some(a),
        to: Some(forwarder),
        input: store_call(3, 11),
        ..Default::default()
    };
    let requests = requests.into_iter().chain([forwarded]);
    for req in requests {
        let estimate = estimate_gas(&chain.state, &env, &req, &overrides).unwrap();
        let need = true_need(&chain, &req, &overrides);
        assert!(estimate >= need, "estimate {estimate} below need {need}");
        assert!(
            estimate * 100 <= need * 101,
            "estimate {estimate} more than 1% above need {need}"
        );
    }
}

#[test]
fn estimate_fails_with_revert_data() {
    let (chain, store) = with_store();
    let env = CallEnv::at(&chain.chain, &chain.parent);
    let req = CallRequest {
        to: Some(store),
        ..Default::default()
    };
    let err = estimate_gas(&chain.state, &env, &req, &Default::default()).unwrap_err();
    assert_eq!(
        err,
        CallError::Reverted {
            data: Bytes::from_static(b"nope")
        }
    );
    assert_eq!(revert_reason(b"nope"), None);
    // An infinite loop halts out of gas at every limit.
    let looping = Address::repeat_byte(0x66);
    let mut overrides = StateOverrides::new();
    overrides.insert(
        looping,
        AccountOverride {
            code: Some(Bytes::from_static(&[0x5b, 0x60, 0x00, 0x56])),
            ..Default::default()
        },
    );
    let req = CallRequest {
        to: Some(looping),
        gas: Some(100_000),
        ..Default::default()
    };
    let err = estimate_gas(&chain.state, &env, &req, &overrides).unwrap_err();
    assert_eq!(err, CallError::GasRequiredExceedsAllowance { cap: 100_000 });
}

#[test]
fn access_list_lists_touched_slots_and_accounts() {
    let chain = TestChain::new(1);
    let env = CallEnv::at(&chain.chain, &chain.parent);
    let getter = Address::repeat_byte(0x42);
    let balance_of = Address::repeat_byte(0x43);
    let other = Address::repeat_byte(0x44);
    let mut overrides = StateOverrides::new();
    overrides.insert(
        getter,
        AccountOverride {
            code: Some(Bytes::from(hex::decode(GETTER).unwrap())),
            ..Default::default()
        },
    );
    overrides.insert(
        balance_of,
        AccountOverride {
            code: Some(Bytes::from(hex::decode(BALANCE_OF).unwrap())),
            ..Default::default()
        },
    );
    let from = signer(0).address();
    let req = CallRequest {
        from: Some(from),
        to: Some(getter),
        input: word(5),
        ..Default::default()
    };
    let out = create_access_list(&chain.state, &env, &req, &overrides).unwrap();
    assert_eq!(out.access_list.0.len(), 1);
    assert_eq!(out.access_list.0[0].address, getter);
    assert_eq!(
        out.access_list.0[0].storage_keys,
        vec![B256::with_last_byte(5)]
    );
    assert!(out.outcome.success);

    let req = CallRequest {
        from: Some(from),
        to: Some(balance_of),
        input: addr_word(other),
        ..Default::default()
    };
    let out = create_access_list(&chain.state, &env, &req, &overrides).unwrap();
    let addresses: Vec<_> = out.access_list.0.iter().map(|i| i.address).collect();
    assert_eq!(addresses, vec![other]);
    // Sender, callee and precompiles are never listed.
    let req = CallRequest {
        from: Some(from),
        to: Some(balance_of),
        input: addr_word(Address::with_last_byte(1)),
        ..Default::default()
    };
    let out = create_access_list(&chain.state, &env, &req, &overrides).unwrap();
    assert!(out.access_list.0.is_empty());
}
