//! `eth_getProof` verified against the header's `stateRoot` with alloy-trie, and
//! `anvil_setBalance` keeping every root honest.

use crate::harness::*;
use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use alloy_trie::{Nibbles, TrieAccount, proof::verify_proof};
use serde_json::{Value, json};

/// Verifies an `eth_getProof` response against `state_root`, including its storage proofs.
pub(crate) fn verify_account_proof(state_root: B256, address: Address, proof: &Value) {
    let account_proof: Vec<Bytes> = serde_json::from_value(proof["accountProof"].clone()).unwrap();
    let balance = u256_of(&proof["balance"]);
    let nonce = u64_of(&proof["nonce"]);
    let code_hash = b256_of(&proof["codeHash"]);
    let storage_root = b256_of(&proof["storageHash"]);
    let exists = !(balance.is_zero()
        && nonce == 0
        && code_hash == alloy_trie::KECCAK_EMPTY
        && storage_root == alloy_trie::EMPTY_ROOT_HASH);
    let expected = exists.then(|| {
        alloy_rlp::encode(TrieAccount {
            nonce,
            balance,
            storage_root,
            code_hash,
        })
    });
    verify_proof(
        state_root,
        Nibbles::unpack(keccak256(address)),
        expected,
        &account_proof,
    )
    .unwrap_or_else(|e| panic!("account proof of {address} does not verify: {e}"));
    for sp in proof["storageProof"].as_array().unwrap() {
        let key = b256_of(&sp["key"]);
        let value = u256_of(&sp["value"]);
        let nodes: Vec<Bytes> = serde_json::from_value(sp["proof"].clone()).unwrap();
        let expected = (!value.is_zero()).then(|| alloy_rlp::encode(value));
        verify_proof(
            storage_root,
            Nibbles::unpack(keccak256(key)),
            expected,
            &nodes,
        )
        .unwrap_or_else(|e| panic!("storage proof of {key} does not verify: {e}"));
    }
}

async fn state_root(n: &TestNode) -> B256 {
    b256_of(&n.ok("eth_getBlockByNumber", json!(["latest", false])).await["stateRoot"])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn proofs_verify_against_the_state_root() {
    let n = TestNode::start().await;
    // Genesis: a funded account and an absent one.
    let root = state_root(&n).await;
    for addr in [n.addr(0), Address::repeat_byte(0x31)] {
        let p = n.ok("eth_getProof", json!([addr, [], "latest"])).await;
        verify_account_proof(root, addr, &p);
    }
    let absent = n
        .ok(
            "eth_getProof",
            json!([Address::repeat_byte(0x31), [], "latest"]),
        )
        .await;
    assert_eq!(absent["balance"], "0x0");

    // A contract with storage: slot 0 present, slot 1 absent.
    let (contract, _) = n.deploy(0).await;
    let root = state_root(&n).await;
    let p = n
        .ok(
            "eth_getProof",
            json!([contract, [word(0), word(1)], "latest"]),
        )
        .await;
    assert_eq!(p["codeHash"], json!(keccak256(STORE_LOG_RUNTIME)));
    assert_eq!(p["storageProof"][0]["value"], "0x7");
    assert_eq!(p["storageProof"][1]["value"], "0x0");
    verify_account_proof(root, contract, &p);
    // The sender after one transaction (nonce 1).
    let p = n.ok("eth_getProof", json!([n.addr(0), [], "latest"])).await;
    assert_eq!(p["nonce"], "0x1");
    verify_account_proof(root, n.addr(0), &p);
    // A tampered balance does not verify: the check is real.
    let mut forged = p.clone();
    forged["balance"] = json!(U256::from(1));
    let sender = n.addr(0);
    let forged_ok = std::panic::catch_unwind(|| verify_account_proof(root, sender, &forged));
    assert!(forged_ok.is_err(), "a forged proof must not verify");
    // Historical proofs: an older block's state against that block's root.
    let deploy_block = n.ok("eth_getBlockByNumber", json!(["latest", false])).await;
    n.send_and_mine(
        0,
        Tx {
            nonce: 1,
            ..Tx::default()
        },
    )
    .await;
    let latest = n.ok("eth_getProof", json!([n.addr(0), [], "latest"])).await;
    assert_eq!(latest["nonce"], "0x2");
    let at_deploy = n
        .ok(
            "eth_getProof",
            json!([n.addr(0), [], deploy_block["number"]]),
        )
        .await;
    assert_eq!(at_deploy["nonce"], "0x1");
    verify_account_proof(b256_of(&deploy_block["stateRoot"]), n.addr(0), &at_deploy);
    let at_deploy = n
        .ok(
            "eth_getProof",
            json!([contract, [word(0)], deploy_block["hash"]]),
        )
        .await;
    assert_eq!(at_deploy["storageProof"][0]["value"], "0x7");
    verify_account_proof(b256_of(&deploy_block["stateRoot"]), contract, &at_deploy);
    // Before the deployment the contract is absent: an exclusion proof against genesis.
    let genesis = n
        .ok("eth_getBlockByNumber", json!(["earliest", false]))
        .await;
    let before = n
        .ok("eth_getProof", json!([contract, [word(0)], "earliest"]))
        .await;
    assert_eq!(before["storageProof"][0]["value"], "0x0");
    assert_eq!(before["nonce"], "0x0");
    verify_account_proof(b256_of(&genesis["stateRoot"]), contract, &before);
    // The historical reads changed nothing: the latest proof is the same as before them.
    assert_eq!(
        n.ok("eth_getProof", json!([n.addr(0), [], "latest"])).await,
        latest
    );
    // A block above the head is geth's "header not found".
    let err = n
        .err("eth_getProof", json!([n.addr(0), [], "0xffff"]))
        .await;
    assert_eq!(
        (err.code, err.message.as_str()),
        (-32000, "header not found")
    );
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_balance_mines_a_block_whose_root_verifies() {
    let n = TestNode::start().await;
    let target = Address::repeat_byte(0x66);
    let head = n.block_number().await;
    let amount = U256::from(0x1234_5678u64);
    assert!(
        n.ok("anvil_setBalance", json!([target, amount]))
            .await
            .is_null()
    );
    assert_eq!(n.block_number().await, head + 1, "setBalance mines a block");
    assert_eq!(n.balance(target, json!("latest")).await, amount);
    assert_eq!(
        n.balance(target, json!(format!("{head:#x}"))).await,
        U256::ZERO
    );
    let root = state_root(&n).await;
    let p = n.ok("eth_getProof", json!([target, [], "latest"])).await;
    assert_eq!(u256_of(&p["balance"]), amount);
    verify_account_proof(root, target, &p);

    // Lowering a dev account's balance keeps its nonce; its proof verifies too.
    n.send_and_mine(0, Tx::default()).await;
    n.ok("anvil_setBalance", json!([n.addr(0), "0x5"])).await;
    let root = state_root(&n).await;
    let p = n.ok("eth_getProof", json!([n.addr(0), [], "latest"])).await;
    assert_eq!(
        (p["balance"].as_str(), p["nonce"].as_str()),
        (Some("0x5"), Some("0x1"))
    );
    verify_account_proof(root, n.addr(0), &p);
    // An untouched account's proof against the same new root.
    let p = n.ok("eth_getProof", json!([n.addr(5), [], "latest"])).await;
    verify_account_proof(root, n.addr(5), &p);
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_balance_of_a_contract_keeps_code_and_storage() {
    let n = TestNode::start().await;
    let (contract, _) = n.deploy(0).await;
    let code = n.ok("eth_getCode", json!([contract, "latest"])).await;
    n.ok("anvil_setBalance", json!([contract, "0xabc"])).await;
    assert_eq!(
        n.balance(contract, json!("latest")).await,
        U256::from(0xabc)
    );
    assert_eq!(n.ok("eth_getCode", json!([contract, "latest"])).await, code);
    assert_eq!(
        b256_of(
            &n.ok("eth_getStorageAt", json!([contract, "0x0", "latest"]))
                .await
        ),
        word(7)
    );
    let root = state_root(&n).await;
    let p = n
        .ok("eth_getProof", json!([contract, [word(0)], "latest"]))
        .await;
    assert_eq!(p["storageProof"][0]["value"], "0x7");
    assert_eq!(
        p["nonce"], "0x1",
        "EIP-161: a created contract starts at nonce 1"
    );
    verify_account_proof(root, contract, &p);
    // setBalance in the same block as a transaction touching the account.
    n.ok("anvil_setBalance", json!([n.addr(0), "0xde0b6b3a7640000"]))
        .await;
    let r = n
        .send_and_mine(
            0,
            Tx {
                nonce: 1,
                ..Tx::default()
            },
        )
        .await;
    assert_eq!(r["status"], "0x1");
    let root = state_root(&n).await;
    let p = n.ok("eth_getProof", json!([n.addr(0), [], "latest"])).await;
    verify_account_proof(root, n.addr(0), &p);
    n.stop().await;
}
