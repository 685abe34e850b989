//! Stop and start on the same datadir: same chain; a conflicting chain id is refused.

use crate::harness::*;
use alloy_primitives::{Address, U256};
use lumio_node::DevNode;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_keeps_head_balances_and_receipts() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(Some(dir.path().to_path_buf()), None);
    let to = Address::repeat_byte(0x99);

    let n = TestNode::start_with(&cfg).await;
    let transfer = n
        .send_and_mine(
            0,
            Tx {
                to: Some(to),
                value: U256::from(4242),
                ..Tx::default()
            },
        )
        .await;
    let (contract, deploy) = n.deploy(0).await;
    n.ok("anvil_setBalance", json!([n.addr(7), "0x7"])).await;
    let head = n.block_number().await;
    let head_block = n.ok("eth_getBlockByNumber", json!(["latest", true])).await;
    let genesis = n
        .ok("eth_getBlockByNumber", json!(["earliest", false]))
        .await;
    let balances: Vec<Value> = futures_balances(&n, &[n.addr(0), n.addr(7), to]).await;
    assert!(dir.path().join("chain.json").exists());
    n.stop().await;

    let n = TestNode::start_with(&cfg).await;
    assert_eq!(n.block_number().await, head);
    assert_eq!(
        n.ok("eth_getBlockByNumber", json!(["latest", true])).await,
        head_block
    );
    assert_eq!(
        n.ok("eth_getBlockByNumber", json!(["earliest", false]))
            .await,
        genesis
    );
    assert_eq!(
        futures_balances(&n, &[n.addr(0), n.addr(7), to]).await,
        balances
    );
    for r in [&transfer, &deploy] {
        assert_eq!(
            n.ok("eth_getTransactionReceipt", json!([r["transactionHash"]]))
                .await,
            *r
        );
    }
    assert_eq!(
        n.ok("eth_call", json!([{"to": contract}, "latest"])).await,
        json!(word(7))
    );
    // The chain goes on from where it was: nonce 2 for account 0, parent = old head.
    assert_eq!(n.nonce(n.addr(0)).await, 2);
    let r = n
        .send_and_mine(
            0,
            Tx {
                nonce: 2,
                to: Some(to),
                ..Tx::default()
            },
        )
        .await;
    assert_eq!(u64_of(&r["blockNumber"]), head + 1);
    let b = n.ok("eth_getBlockByNumber", json!(["latest", false])).await;
    assert_eq!(b["parentHash"], head_block["hash"]);
    n.stop().await;
}

async fn futures_balances(n: &TestNode, addrs: &[Address]) -> Vec<Value> {
    let mut out = Vec::new();
    for a in addrs {
        out.push(n.ok("eth_getBalance", json!([a, "latest"])).await);
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conflicting_chain_id_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(Some(dir.path().to_path_buf()), None);
    let n = TestNode::start_with(&cfg).await;
    n.send_and_mine(0, Tx::default()).await;
    n.stop().await;

    let mut other = cfg.clone();
    other.chain_id = 1;
    let err = DevNode::start(&other).await.unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("holds chain id 9990") && msg.contains("--chain-id is 1"),
        "{msg}"
    );
    assert!(matches!(err, lumio_node::NodeError::Config(_)), "{err:?}");

    // The refusal left the datadir intact.
    let n = TestNode::start_with(&cfg).await;
    assert_eq!(n.block_number().await, 1);
    assert_eq!(n.ok("eth_chainId", json!([])).await, "0x2706");
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corrupt_chain_spec_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("chain.json"), "{ not json").unwrap();
    let err = DevNode::start(&config(Some(dir.path().to_path_buf()), None))
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("is not a valid chain spec"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn custom_chain_id_and_accounts_on_a_fresh_datadir() {
    let mut cfg = config(None, None);
    cfg.chain_id = 31337;
    cfg.accounts = 3;
    cfg.balance_eth = 5;
    let n = TestNode::start_with(&cfg).await;
    assert_eq!(n.ok("eth_chainId", json!([])).await, "0x7a69");
    assert_eq!(
        n.ok("eth_accounts", json!([]))
            .await
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        n.balance(n.addr(2), json!("latest")).await,
        U256::from(5u64) * U256::from(10u64).pow(U256::from(18))
    );
    // Transactions signed for the default chain id are refused on this one.
    let err = n.send_raw(&n.sign(0, Tx::default())).await.unwrap_err();
    assert!(err.message.starts_with("invalid chain id"), "{err:?}");
    let r = n
        .send_and_mine(
            0,
            Tx {
                chain_id: 31337,
                ..Tx::default()
            },
        )
        .await;
    assert_eq!(r["status"], "0x1");
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revert_is_durable_across_restart() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(Some(dir.path().to_path_buf()), None);
    let to = Address::repeat_byte(0x98);
    let n = TestNode::start_with(&cfg).await;
    n.send_and_mine(
        0,
        Tx {
            to: Some(to),
            ..Tx::default()
        },
    )
    .await;
    let snap = n.ok("evm_snapshot", json!([])).await;
    let kept = n.ok("eth_getBlockByNumber", json!(["latest", false])).await;
    let reverted = n
        .send_and_mine(
            0,
            Tx {
                nonce: 1,
                to: Some(to),
                value: U256::from(50),
                ..Tx::default()
            },
        )
        .await;
    n.ok("evm_mine", json!([])).await;
    assert_eq!(n.ok("evm_revert", json!([snap])).await, true);
    n.stop().await;

    let n = TestNode::start_with(&cfg).await;
    assert_eq!(
        n.ok("eth_getBlockByNumber", json!(["latest", false])).await,
        kept
    );
    assert_eq!(n.balance(to, json!("latest")).await, U256::from(1));
    assert!(
        n.ok(
            "eth_getTransactionReceipt",
            json!([reverted["transactionHash"]])
        )
        .await
        .is_null()
    );
    assert_eq!(n.nonce(n.addr(0)).await, 1);
    let r = n
        .send_and_mine(
            0,
            Tx {
                nonce: 1,
                to: Some(to),
                ..Tx::default()
            },
        )
        .await;
    assert_eq!(r["blockNumber"], reverted["blockNumber"]);
    assert_eq!(n.balance(to, json!("latest")).await, U256::from(2));
    n.stop().await;
}
