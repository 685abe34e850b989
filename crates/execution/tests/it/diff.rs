//! The state diff of a block.

use crate::common::*;
use alloy_primitives::{Address, Bytes, TxKind, U256, hex};
use lumio_primitives::StateReader;

#[test]
fn storage_writes_and_deletions() {
    let mut chain = TestChain::new(1);
    let a = signer(0);
    let deploy = tx_1559(&a, 0, TxKind::Create, 0, store_init_code(), 200_000);
    let contract = a.address().create(0);
    let set = tx_1559(&a, 1, TxKind::Call(contract), 0, store_call(9, 1), 100_000);
    let set2 = tx_1559(&a, 2, TxKind::Call(contract), 0, store_call(8, 2), 100_000);
    let (executed, _) = chain.block(&[deploy, set, set2]);
    let change = &executed.diff.accounts[&contract];
    assert!(!change.storage_wiped, "a fresh account has nothing to wipe");
    assert_eq!(change.storage.len(), 2);
    assert_eq!(change.info.unwrap().nonce, 1);

    // Delete slot 1, leave slot 2, write-then-restore slot 2 within one block.
    let del = tx_1559(&a, 3, TxKind::Call(contract), 0, store_call(0, 1), 100_000);
    let tmp = tx_1559(&a, 4, TxKind::Call(contract), 0, store_call(77, 2), 100_000);
    let back = tx_1559(&a, 5, TxKind::Call(contract), 0, store_call(8, 2), 100_000);
    let (executed, _) = chain.block(&[del, tmp, back]);
    let change = &executed.diff.accounts[&contract];
    assert!(!change.storage_wiped);
    assert_eq!(change.info, chain.state.account(contract).unwrap());
    assert_eq!(
        change.storage.len(),
        1,
        "unchanged-in-the-end slots are not in the diff"
    );
    assert_eq!(
        change.storage[&U256::from(1)],
        U256::ZERO,
        "zero means delete"
    );
    assert_eq!(
        chain.state.storage(contract, U256::from(1)).unwrap(),
        U256::ZERO
    );
    assert_eq!(
        chain.state.storage(contract, U256::from(2)).unwrap(),
        U256::from(8)
    );
    assert!(executed.diff.codes.is_empty());
}

#[test]
fn selfdestruct_in_creating_transaction_leaves_nothing() {
    let mut chain = TestChain::new(1);
    let a = signer(0);
    let heir = Address::with_last_byte(0x77);
    // Init code: SSTORE(0, 1); SELFDESTRUCT(heir). Never returns runtime code.
    let init = format!("600160005573{}ff", hex::encode(heir));
    let tx = tx_1559(
        &a,
        0,
        TxKind::Create,
        1000,
        Bytes::from(hex::decode(init).unwrap()),
        200_000,
    );
    let (executed, _) = chain.block(&[tx]);
    assert!(executed.receipts[0].success);
    let created = a.address().create(0);
    assert!(
        !executed.diff.accounts.contains_key(&created),
        "{:?}",
        executed.diff.accounts.get(&created)
    );
    assert!(chain.state.account(created).unwrap().is_none());
    assert_eq!(chain.balance(heir), U256::from(1000));
}

#[test]
fn only_changed_accounts_are_in_the_diff() {
    let mut chain = TestChain::new(2);
    let (a, b) = (signer(0), signer(1));
    // A zero-value transfer to an empty address touches it; EIP-161 leaves it absent.
    let empty = Address::with_last_byte(0x55);
    let (executed, _) = chain.block(&[transfer(&a, 0, empty, 0)]);
    assert!(!executed.diff.accounts.contains_key(&empty));
    assert!(!executed.diff.accounts.contains_key(&b.address()));
    let senders: Vec<_> = executed.diff.accounts.keys().copied().collect();
    assert!(senders.contains(&a.address()));
    assert!(chain.state.account(empty).unwrap().is_none());
}
