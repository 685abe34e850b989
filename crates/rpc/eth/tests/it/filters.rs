//! Polling filters: log, block and pending-transaction filters.

use crate::harness::*;
use alloy_primitives::{B256, U256};
use serde_json::{Value, json};
use std::time::Duration;

fn hashes(v: &Value) -> Vec<B256> {
    serde_json::from_value(v.clone()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn block_and_log_filters() {
    let n = TestNode::start().await;
    let (contract, _) = n.deploy(0).await;
    let blocks = n.ok("eth_newBlockFilter", json!([])).await;
    let logs = n
        .ok(
            "eth_newFilter",
            json!([{"address": contract, "topics": [log_topic()]}]),
        )
        .await;
    let other = n.ok("eth_newFilter", json!([{"address": n.addr(9)}])).await;
    assert_ne!(blocks, logs);
    // Nothing yet.
    assert_eq!(
        n.ok("eth_getFilterChanges", json!([blocks])).await,
        json!([])
    );
    assert_eq!(n.ok("eth_getFilterChanges", json!([logs])).await, json!([]));

    let mut receipts = Vec::new();
    for v in [4u64, 5] {
        let nonce = n.nonce(n.addr(0)).await;
        receipts.push(
            n.send_and_mine(
                0,
                Tx {
                    nonce,
                    to: Some(contract),
                    value: U256::ZERO,
                    input: word(v).to_vec().into(),
                    gas: 100_000,
                    ..Tx::default()
                },
            )
            .await,
        );
    }
    let changes = n.ok("eth_getFilterChanges", json!([blocks])).await;
    let block_hashes: Vec<Value> = receipts.iter().map(|r| r["blockHash"].clone()).collect();
    assert_eq!(changes, json!(block_hashes));
    // Polled: the next poll is empty.
    assert_eq!(
        n.ok("eth_getFilterChanges", json!([blocks])).await,
        json!([])
    );

    let changes = n.ok("eth_getFilterChanges", json!([logs])).await;
    let data: Vec<Value> = changes
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["data"].clone())
        .collect();
    assert_eq!(data, vec![json!(word(4)), json!(word(5))]);
    assert_eq!(n.ok("eth_getFilterChanges", json!([logs])).await, json!([]));
    assert_eq!(
        n.ok("eth_getFilterChanges", json!([other])).await,
        json!([])
    );
    // getFilterLogs re-runs the whole filter (from/to default: latest).
    let all = n.ok("eth_getFilterLogs", json!([logs])).await;
    assert_eq!(all.as_array().unwrap().len(), 1);
    // A block filter is not a log filter.
    let err = n.err("eth_getFilterLogs", json!([blocks])).await;
    assert_eq!(err.code, -32602);

    // A log filter with an explicit past range delivers it on the first poll.
    let ranged = n
        .ok(
            "eth_newFilter",
            json!([{"fromBlock": "0x0", "address": contract}]),
        )
        .await;
    let changes = n.ok("eth_getFilterChanges", json!([ranged])).await;
    assert_eq!(changes.as_array().unwrap().len(), 2);

    // Uninstall: true once, then false, and polling errors.
    for id in [&blocks, &logs, &other, &ranged] {
        assert_eq!(n.ok("eth_uninstallFilter", json!([id])).await, true);
        assert_eq!(n.ok("eth_uninstallFilter", json!([id])).await, false);
    }
    let err = n.err("eth_getFilterChanges", json!([blocks])).await;
    assert_eq!(err.code, -32001, "{err:?}");
    assert_eq!(err.message, "filter not found");
    let err = n.err("eth_getFilterChanges", json!(["0xdeadbeef"])).await;
    assert_eq!(err.code, -32001);
    let err = n.err("eth_getFilterLogs", json!(["0xdeadbeef"])).await;
    assert_eq!(err.code, -32001);
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pending_transaction_filter() {
    let n = TestNode::start_with(&config(None, Some(Duration::from_secs(3600)))).await;
    let id = n.ok("eth_newPendingTransactionFilter", json!([])).await;
    assert_eq!(n.ok("eth_getFilterChanges", json!([id])).await, json!([]));
    let h1 = n.send_raw(&n.sign(0, Tx::default())).await.unwrap();
    let h2 = n.send_raw(&n.sign(1, Tx::default())).await.unwrap();
    // A gapped nonce is queued, not pending: not reported until the gap fills.
    let gapped = n
        .send_raw(&n.sign(
            2,
            Tx {
                nonce: 1,
                ..Tx::default()
            },
        ))
        .await
        .unwrap();
    let changes = hashes(&n.ok("eth_getFilterChanges", json!([id])).await);
    assert_eq!(changes, vec![h1, h2]);
    assert_eq!(n.ok("eth_getFilterChanges", json!([id])).await, json!([]));
    let h3 = n.send_raw(&n.sign(2, Tx::default())).await.unwrap();
    let changes = hashes(&n.ok("eth_getFilterChanges", json!([id])).await);
    assert_eq!(changes, vec![h3, gapped]);
    assert_eq!(n.ok("eth_uninstallFilter", json!([id])).await, true);
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_filter_polled_after_more_blocks_than_the_range_limit() {
    let mut cfg = config(None, None);
    cfg.rpc.max_logs_block_range = 3;
    let n = TestNode::start_with(&cfg).await;
    let (contract, _) = n.deploy(0).await;
    let id = n.ok("eth_newFilter", json!([{"address": contract}])).await;
    // Six blocks with a log each before the first poll: more than one query may span.
    for nonce in 1..=6u64 {
        n.send_and_mine(
            0,
            Tx {
                nonce,
                to: Some(contract),
                value: U256::ZERO,
                input: word(nonce).to_vec().into(),
                gas: 100_000,
                ..Tx::default()
            },
        )
        .await;
    }
    // Polling catches up in range-sized steps instead of failing forever.
    let mut got = Vec::new();
    for _ in 0..10 {
        let changes = n
            .rpc("eth_getFilterChanges", json!([id]))
            .await
            .unwrap_or_else(|e| panic!("poll failed: {e:?}"));
        let batch = changes.as_array().unwrap();
        if batch.is_empty() {
            break;
        }
        got.extend(batch.iter().map(|l| l["data"].clone()));
    }
    let want: Vec<Value> = (1..=6).map(|v| json!(word(v))).collect();
    assert_eq!(got, want);
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_deliver_blocks_and_logs_mined_again_after_evm_revert() {
    let n = TestNode::start().await;
    let (contract, _) = n.deploy(0).await;
    let snap = n.ok("evm_snapshot", json!([])).await;
    let blocks = n.ok("eth_newBlockFilter", json!([])).await;
    let logs = n.ok("eth_newFilter", json!([{"address": contract}])).await;
    let set = |nonce: u64, v: u64| Tx {
        nonce,
        to: Some(contract),
        value: U256::ZERO,
        input: word(v).to_vec().into(),
        gas: 100_000,
        ..Tx::default()
    };
    n.send_and_mine(0, set(1, 0x10)).await;
    n.ok("evm_mine", json!([{"blocks": 2}])).await;
    assert_eq!(
        hashes(&n.ok("eth_getFilterChanges", json!([blocks])).await).len(),
        3
    );
    assert_eq!(
        n.ok("eth_getFilterChanges", json!([logs]))
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Back to the snapshot, then two new blocks at the numbers already reported.
    assert_eq!(n.ok("evm_revert", json!([snap])).await, true);
    let r = n.send_and_mine(0, set(1, 0x20)).await;
    n.ok("evm_mine", json!([])).await;
    let latest = n.ok("eth_getBlockByNumber", json!(["latest", false])).await;
    assert_eq!(
        hashes(&n.ok("eth_getFilterChanges", json!([blocks])).await),
        vec![b256_of(&r["blockHash"]), b256_of(&latest["hash"])]
    );
    // The log of the reverted block comes back marked `removed`, then the new one.
    let changes = n.ok("eth_getFilterChanges", json!([logs])).await;
    let data: Vec<(Value, Value)> = changes
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["data"].clone(), l["removed"].clone()))
        .collect();
    assert_eq!(
        data,
        vec![
            (json!(word(0x10)), json!(true)),
            (json!(word(0x20)), json!(false))
        ]
    );
    // And on from there as usual.
    n.ok("evm_mine", json!([])).await;
    assert_eq!(
        hashes(&n.ok("eth_getFilterChanges", json!([blocks])).await).len(),
        1
    );
    assert_eq!(
        n.ok("eth_getFilterChanges", json!([blocks])).await,
        json!([])
    );
    n.stop().await;
}
