//! `eth_subscribe` through `RpcModule::subscribe_unbounded`.

use crate::harness::*;
use alloy_primitives::{B256, U256};
use jsonrpsee::core::{params::ArrayParams, server::Subscription};
use serde_json::{Value, json};
use std::time::Duration;

/// A JSON array as positional params.
fn params(v: &Value) -> ArrayParams {
    let mut p = ArrayParams::new();
    for item in v.as_array().unwrap() {
        p.insert(item).unwrap();
    }
    p
}

async fn next(sub: &mut Subscription) -> Value {
    let item = tokio::time::timeout(Duration::from_secs(10), sub.next::<Value>())
        .await
        .expect("a subscription item within 10 s")
        .expect("subscription open")
        .expect("item decodes");
    item.0
}

async fn nothing_more(sub: &mut Subscription) {
    let r = tokio::time::timeout(Duration::from_millis(150), sub.next::<Value>()).await;
    assert!(r.is_err(), "unexpected item: {r:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_heads_and_logs() {
    let n = TestNode::start().await;
    let (contract, _) = n.deploy(0).await;
    let mut heads = n
        .module
        .subscribe_unbounded("eth_subscribe", ["newHeads"])
        .await
        .unwrap();
    let mut logs = n
        .module
        .subscribe_unbounded(
            "eth_subscribe",
            params(&json!(["logs", {"address": contract, "topics": [log_topic()]}])),
        )
        .await
        .unwrap();
    let mut other_logs = n
        .module
        .subscribe_unbounded(
            "eth_subscribe",
            params(&json!(["logs", {"address": n.addr(4)}])),
        )
        .await
        .unwrap();
    let snap = n.ok("evm_snapshot", json!([])).await;
    let r = n
        .send_and_mine(
            0,
            Tx {
                nonce: 1,
                to: Some(contract),
                value: U256::ZERO,
                input: word(9).to_vec().into(),
                gas: 100_000,
                ..Tx::default()
            },
        )
        .await;
    let head = next(&mut heads).await;
    assert_eq!(head["hash"], r["blockHash"]);
    assert_eq!(head["number"], r["blockNumber"]);
    assert!(head.get("transactions").is_none(), "a header, not a block");
    let block = n
        .ok("eth_getBlockByNumber", json!([r["blockNumber"], false]))
        .await;
    assert_eq!(head["stateRoot"], block["stateRoot"]);
    assert_eq!(head["parentHash"], block["parentHash"]);

    let log = next(&mut logs).await;
    assert_eq!(log["address"], json!(contract));
    assert_eq!(log["data"], json!(word(9)));
    assert_eq!(log["transactionHash"], r["transactionHash"]);
    assert_eq!(log["blockHash"], r["blockHash"]);
    nothing_more(&mut other_logs).await;

    // An empty block: a head, no log.
    n.ok("evm_mine", json!([])).await;
    let head2 = next(&mut heads).await;
    assert_eq!(head2["parentHash"], head["hash"]);
    nothing_more(&mut logs).await;

    // evm_revert to before the logging block: its log comes again marked `removed` (as geth
    // reports a reorg), once; a subscription that never saw it gets nothing.
    assert_eq!(n.ok("evm_revert", json!([snap])).await, true);
    let gone = next(&mut logs).await;
    assert_eq!(gone["removed"], json!(true));
    assert_eq!(gone["transactionHash"], r["transactionHash"]);
    assert_eq!(gone["blockHash"], r["blockHash"]);
    assert_eq!(gone["data"], json!(word(9)));
    assert_eq!(log["removed"], json!(false));
    nothing_more(&mut logs).await;
    nothing_more(&mut other_logs).await;

    // Unknown kinds are refused.
    let err = n
        .module
        .subscribe_unbounded("eth_subscribe", ["nope"])
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("unsupported subscription kind"),
        "{err}"
    );
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_pending_transactions() {
    let n = TestNode::start_with(&config(None, Some(Duration::from_secs(3600)))).await;
    let mut hashes = n
        .module
        .subscribe_unbounded("eth_subscribe", ["newPendingTransactions"])
        .await
        .unwrap();
    let mut full = n
        .module
        .subscribe_unbounded(
            "eth_subscribe",
            params(&json!(["newPendingTransactions", true])),
        )
        .await
        .unwrap();
    let h = n.send_raw(&n.sign(0, Tx::default())).await.unwrap();
    let got: B256 = serde_json::from_value(next(&mut hashes).await).unwrap();
    assert_eq!(got, h);
    let tx = next(&mut full).await;
    assert_eq!(b256_of(&tx["hash"]), h);
    assert_eq!(tx["from"], json!(n.addr(0)));
    assert!(tx["blockHash"].is_null());
    // Mining it does not announce it again.
    n.ok("evm_mine", json!([])).await;
    nothing_more(&mut hashes).await;
    n.stop().await;
}
