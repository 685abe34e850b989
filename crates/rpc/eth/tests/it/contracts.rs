//! A hand-written contract (see `harness::STORE_LOG_RUNTIME`): code, storage, logs, calls,
//! reverts, gas estimation, access lists.

use crate::harness::*;
use alloy_primitives::{Address, Bytes, U256};
use serde_json::{Value, json};

fn set_call(v: u64) -> Bytes {
    Bytes::from(word(v).to_vec())
}

/// Deploys, then calls `set(v)` for each value (one block each); returns the contract and the
/// receipts of the set calls.
async fn deploy_and_set(n: &TestNode, values: &[u64]) -> (Address, Value, Vec<Value>) {
    let (contract, deploy) = n.deploy(0).await;
    let mut receipts = Vec::new();
    for &v in values {
        let nonce = n.nonce(n.addr(0)).await;
        let r = n
            .send_and_mine(
                0,
                Tx {
                    nonce,
                    to: Some(contract),
                    value: U256::ZERO,
                    input: set_call(v),
                    gas: 100_000,
                    ..Tx::default()
                },
            )
            .await;
        assert_eq!(r["status"], "0x1", "{r}");
        receipts.push(r);
    }
    (contract, deploy, receipts)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deploy_code_storage_and_call() {
    let n = TestNode::start().await;
    let (contract, deploy, sets) = deploy_and_set(&n, &[0x11]).await;
    assert_eq!(contract, n.addr(0).create(0));
    assert!(deploy["to"].is_null());
    assert!(u64_of(&deploy["gasUsed"]) > 53_000);
    let deploy_block = deploy["blockNumber"].clone();

    assert_eq!(
        n.ok("eth_getCode", json!([contract, "latest"])).await,
        json!(Bytes::from_static(&STORE_LOG_RUNTIME))
    );
    assert_eq!(
        n.ok("eth_getCode", json!([n.addr(0), "latest"])).await,
        "0x"
    );
    // No code before the deployment block.
    assert_eq!(
        n.ok("eth_getCode", json!([contract, "earliest"])).await,
        "0x"
    );

    // Slot 0: 7 after the constructor, 0x11 after set.
    assert_eq!(
        b256_of(
            &n.ok("eth_getStorageAt", json!([contract, "0x0", deploy_block]))
                .await
        ),
        word(7)
    );
    assert_eq!(
        b256_of(
            &n.ok("eth_getStorageAt", json!([contract, "0x0", "latest"]))
                .await
        ),
        word(0x11)
    );
    assert_eq!(
        b256_of(
            &n.ok("eth_getStorageAt", json!([contract, "0x1", "latest"]))
                .await
        ),
        word(0)
    );
    // The set receipt has the log.
    let logs = sets[0]["logs"].as_array().unwrap();
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0]["address"], json!(contract));
    assert_eq!(logs[0]["topics"], json!([log_topic()]));
    assert_eq!(logs[0]["data"], json!(word(0x11)));
    assert_eq!(logs[0]["logIndex"], "0x0");
    assert_eq!(logs[0]["transactionHash"], sets[0]["transactionHash"]);
    assert_ne!(
        sets[0]["logsBloom"],
        json!(alloy_primitives::Bloom::ZERO),
        "bloom covers the log"
    );

    // eth_call of the getter, at latest and at the deploy block.
    let getter = json!({"to": contract});
    assert_eq!(
        n.ok("eth_call", json!([getter, "latest"])).await,
        json!(word(0x11))
    );
    assert_eq!(
        n.ok("eth_call", json!([getter, deploy_block])).await,
        json!(word(7))
    );
    // A call does not change state.
    n.ok(
        "eth_call",
        json!([{"to": contract, "input": set_call(0x99)}, "latest"]),
    )
    .await;
    assert_eq!(
        n.ok("eth_call", json!([getter, "latest"])).await,
        json!(word(0x11))
    );
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn call_with_state_overrides() {
    let n = TestNode::start().await;
    let (contract, _, _) = deploy_and_set(&n, &[]).await;
    let getter = json!({"to": contract});
    // stateDiff of slot 0.
    let overrides = json!({ contract.to_string(): {"stateDiff": {"0x0000000000000000000000000000000000000000000000000000000000000000": word(0x99)}}});
    assert_eq!(
        n.ok("eth_call", json!([getter, "latest", overrides])).await,
        json!(word(0x99))
    );
    // Code override on an empty address: the runtime runs there, with empty storage.
    let elsewhere = Address::repeat_byte(0x42);
    let overrides =
        json!({ elsewhere.to_string(): {"code": Bytes::from_static(&STORE_LOG_RUNTIME)}});
    assert_eq!(
        n.ok("eth_call", json!([{"to": elsewhere}, "latest", overrides]))
            .await,
        json!(word(0))
    );
    // Balance override: a poor sender can send value in a call.
    let poor = Address::repeat_byte(0x43);
    let req = json!({"from": poor, "to": n.addr(1), "value": "0xde0b6b3a7640000"});
    let err = n.err("eth_call", json!([req, "latest"])).await;
    assert_eq!(err.code, -32000, "{err:?}");
    assert!(err.message.contains("insufficient funds"), "{err:?}");
    let overrides = json!({ poor.to_string(): {"balance": "0x1000000000000000000"}});
    assert_eq!(
        n.ok("eth_call", json!([req, "latest", overrides])).await,
        "0x"
    );
    // Without overrides, nothing leaked into state.
    assert_eq!(
        n.ok("eth_call", json!([getter, "latest"])).await,
        json!(word(7))
    );
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revert_is_code_3_with_data_and_gas_estimation() {
    let n = TestNode::start().await;
    let (contract, _, _) = deploy_and_set(&n, &[]).await;
    let revert_req = json!({"from": n.addr(1), "to": contract, "input": set_call(0)});
    let err = n.err("eth_call", json!([revert_req, "latest"])).await;
    assert_eq!(err.code, 3, "{err:?}");
    assert_eq!(err.message, "execution reverted");
    assert_eq!(err.data, Some(json!(word(0xbeef))));
    // estimateGas of a reverting call: the same error.
    let err = n.err("eth_estimateGas", json!([revert_req])).await;
    assert_eq!(err.code, 3, "{err:?}");
    assert_eq!(err.data, Some(json!(word(0xbeef))));

    // Transfer: exactly 21000.
    let transfer = json!({"from": n.addr(1), "to": n.addr(2), "value": "0x1"});
    assert_eq!(n.ok("eth_estimateGas", json!([transfer])).await, "0x5208");
    // set(5): fresh nonzero slot write + log; the estimate is enough and not absurd.
    let set_req = json!({"from": n.addr(1), "to": contract, "input": set_call(5)});
    let estimate = u64_of(&n.ok("eth_estimateGas", json!([set_req, "latest"])).await);
    assert!((21_000 + 2_900..100_000).contains(&estimate), "{estimate}");
    let r = n
        .send_and_mine(
            1,
            Tx {
                to: Some(contract),
                value: U256::ZERO,
                input: set_call(5),
                gas: estimate,
                ..Tx::default()
            },
        )
        .await;
    assert_eq!(r["status"], "0x1", "estimate {estimate} was too low: {r}");
    assert!(u64_of(&r["gasUsed"]) <= estimate);
    // A mined reverting transaction: status 0, no logs.
    let r = n
        .send_and_mine(
            1,
            Tx {
                nonce: 1,
                to: Some(contract),
                value: U256::ZERO,
                input: set_call(0),
                gas: 100_000,
                ..Tx::default()
            },
        )
        .await;
    assert_eq!(r["status"], "0x0");
    assert_eq!(r["logs"], json!([]));
    // Deployment estimate.
    let deploy = json!({"from": n.addr(1), "input": Bytes::from_static(&STORE_LOG_INIT)});
    let estimate = u64_of(&n.ok("eth_estimateGas", json!([deploy])).await);
    assert!(estimate > 53_000, "{estimate}");
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_access_list() {
    let n = TestNode::start().await;
    let (contract, _, _) = deploy_and_set(&n, &[]).await;
    // A call into an empty-code account through code override is not possible here, so use the
    // contract itself: its own address is excluded like geth's `to`, so check gas and shape.
    let req = json!({"from": n.addr(1), "to": contract, "input": set_call(3)});
    let res = n.ok("eth_createAccessList", json!([req, "latest"])).await;
    assert!(res["accessList"].is_array(), "{res}");
    let gas = u64_of(&res["gasUsed"]);
    assert!(gas > 21_000, "{res}");
    assert!(res.get("error").is_none_or(Value::is_null), "{res}");
    for entry in res["accessList"].as_array().unwrap() {
        assert_ne!(entry["address"], json!(n.addr(1)), "sender is excluded");
    }
    // Reverting request: the error is reported in the result, not as an RPC error.
    let req = json!({"from": n.addr(1), "to": contract, "input": set_call(0)});
    let res = n.ok("eth_createAccessList", json!([req, "latest"])).await;
    assert_eq!(res["error"], "execution reverted", "{res}");
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_logs_filters_and_range_limit() {
    let mut cfg = config(None, None);
    cfg.rpc.max_logs_block_range = 3;
    let n = TestNode::start_with(&cfg).await;
    let (contract, _, sets) = deploy_and_set(&n, &[1, 2, 3]).await;
    let blocks: Vec<u64> = sets.iter().map(|r| u64_of(&r["blockNumber"])).collect();
    let hex = |b: u64| format!("{b:#x}");

    let data_of = |logs: &Value| -> Vec<Value> {
        logs.as_array()
            .unwrap()
            .iter()
            .map(|l| l["data"].clone())
            .collect()
    };
    // Address filter over the set blocks.
    let logs = n
        .ok(
            "eth_getLogs",
            json!([{"address": contract, "fromBlock": hex(blocks[0]), "toBlock": hex(blocks[2])}]),
        )
        .await;
    assert_eq!(
        data_of(&logs),
        vec![json!(word(1)), json!(word(2)), json!(word(3))]
    );
    for (l, r) in logs.as_array().unwrap().iter().zip(&sets) {
        assert_eq!(l["blockNumber"], r["blockNumber"]);
        assert_eq!(l["blockHash"], r["blockHash"]);
        assert_eq!(l["transactionHash"], r["transactionHash"]);
        assert_eq!(l["removed"], false);
    }
    // Narrower range.
    let logs = n
        .ok(
            "eth_getLogs",
            json!([{"address": contract, "fromBlock": hex(blocks[1]), "toBlock": hex(blocks[1])}]),
        )
        .await;
    assert_eq!(data_of(&logs), vec![json!(word(2))]);
    // Topic filter: matching, an OR list, and a non-matching topic.
    let logs = n
        .ok(
            "eth_getLogs",
            json!([{"topics": [log_topic()], "fromBlock": hex(blocks[0]), "toBlock": "latest"}]),
        )
        .await;
    assert_eq!(logs.as_array().unwrap().len(), 3);
    let logs = n
        .ok(
            "eth_getLogs",
            json!([{"topics": [[word(1), log_topic()]], "fromBlock": hex(blocks[0])}]),
        )
        .await;
    assert_eq!(logs.as_array().unwrap().len(), 3);
    let logs = n
        .ok(
            "eth_getLogs",
            json!([{"topics": [word(0x2b)], "fromBlock": hex(blocks[0])}]),
        )
        .await;
    assert_eq!(logs, json!([]));
    // Another address: nothing.
    let logs = n
        .ok(
            "eth_getLogs",
            json!([{"address": n.addr(0), "fromBlock": hex(blocks[0])}]),
        )
        .await;
    assert_eq!(logs, json!([]));
    // By block hash.
    let logs = n
        .ok("eth_getLogs", json!([{"blockHash": sets[2]["blockHash"]}]))
        .await;
    assert_eq!(data_of(&logs), vec![json!(word(3))]);
    // Default range: latest only.
    let logs = n.ok("eth_getLogs", json!([{"address": contract}])).await;
    assert_eq!(data_of(&logs), vec![json!(word(3))]);
    // from > to: empty.
    let logs = n
        .ok(
            "eth_getLogs",
            json!([{"fromBlock": hex(blocks[2]), "toBlock": hex(blocks[0])}]),
        )
        .await;
    assert_eq!(logs, json!([]));
    // The range limit (3 blocks): 0..=latest spans more.
    let err = n
        .err(
            "eth_getLogs",
            json!([{"fromBlock": "earliest", "toBlock": "latest"}]),
        )
        .await;
    assert_eq!(err.code, -32005, "{err:?}");
    assert!(err.message.contains("max block range 3"), "{err:?}");
    // Unknown block hash.
    let err = n
        .err(
            "eth_getLogs",
            json!([{"blockHash": alloy_primitives::B256::ZERO}]),
        )
        .await;
    assert_eq!(err.code, -32001, "{err:?}");
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_logs_from_beyond_the_head_is_empty() {
    let n = TestNode::start().await;
    let (contract, _, sets) = deploy_and_set(&n, &[8]).await;
    let head = n.block_number().await;
    assert_eq!(u64_of(&sets[0]["blockNumber"]), head);
    // The usual polling pattern: "anything from the block after the last one I saw?"
    let next = format!("{:#x}", head + 1);
    for filter in [
        json!({"address": contract, "fromBlock": next}),
        json!({"address": contract, "fromBlock": next, "toBlock": "latest"}),
        json!({"address": contract, "fromBlock": next, "toBlock": next}),
    ] {
        let logs = n.ok("eth_getLogs", json!([filter])).await;
        assert_eq!(
            logs,
            json!([]),
            "{filter}: the head's logs were returned again"
        );
    }
    // toBlock beyond the head is clamped to it.
    let logs = n
        .ok(
            "eth_getLogs",
            json!([{"address": contract, "fromBlock": format!("{head:#x}"), "toBlock": "0xffff"}]),
        )
        .await;
    assert_eq!(logs.as_array().unwrap().len(), 1);
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_transactions_in_one_block_have_block_wide_indices() {
    // Interval mining with a long block time: transactions gather until evm_mine.
    let n = TestNode::start_with(&config(None, Some(std::time::Duration::from_secs(3600)))).await;
    let deploy = n
        .send_raw(&n.sign(
            0,
            Tx {
                to: None,
                value: U256::ZERO,
                input: Bytes::from_static(&STORE_LOG_INIT),
                gas: 200_000,
                ..Tx::default()
            },
        ))
        .await
        .unwrap();
    n.ok("evm_mine", json!([])).await;
    let contract: Address =
        serde_json::from_value(n.wait_receipt(deploy).await["contractAddress"].clone()).unwrap();

    // Two log-emitting calls from account 0 (tip 1 gwei) and a transfer from account 1 (tip
    // 0.25 gwei, so it is ordered last).
    let mut hashes = Vec::new();
    for (nonce, v) in [(1u64, 0xa1u64), (2, 0xa2)] {
        let raw = n.sign(
            0,
            Tx {
                nonce,
                to: Some(contract),
                value: U256::ZERO,
                input: set_call(v),
                gas: 100_000,
                ..Tx::default()
            },
        );
        hashes.push(n.send_raw(&raw).await.unwrap());
    }
    hashes.push(
        n.send_raw(&n.sign(
            1,
            Tx {
                tip: GWEI / 4,
                ..Tx::default()
            },
        ))
        .await
        .unwrap(),
    );
    n.ok("evm_mine", json!([])).await;
    let mut receipts = Vec::new();
    for h in &hashes {
        receipts.push(n.wait_receipt(*h).await);
    }
    let block = receipts[0]["blockNumber"].clone();
    let mut cumulative = 0;
    for (i, r) in receipts.iter().enumerate() {
        assert_eq!(r["blockNumber"], block, "all in one block");
        assert_eq!(u64_of(&r["transactionIndex"]), i as u64);
        cumulative += u64_of(&r["gasUsed"]);
        assert_eq!(u64_of(&r["cumulativeGasUsed"]), cumulative);
    }
    assert_eq!(receipts[0]["logs"][0]["logIndex"], "0x0");
    assert_eq!(receipts[1]["logs"][0]["logIndex"], "0x1");
    assert_eq!(receipts[1]["logs"][0]["transactionIndex"], "0x1");
    assert_eq!(receipts[2]["logs"], json!([]));
    let b = n.ok("eth_getBlockByNumber", json!([block, false])).await;
    assert_eq!(u64_of(&b["gasUsed"]), cumulative);
    assert_eq!(
        n.ok("eth_getBlockReceipts", json!([block])).await,
        json!(receipts)
    );
    let logs = n
        .ok(
            "eth_getLogs",
            json!([{"fromBlock": block, "toBlock": block}]),
        )
        .await;
    assert_eq!(
        logs,
        json!([receipts[0]["logs"][0], receipts[1]["logs"][0]])
    );
    // Fee history rewards are gas-weighted percentiles of the tips: the transfer (lowest tip)
    // is a small share of the gas, so only a low percentile picks it.
    let h = n
        .ok(
            "eth_feeHistory",
            json!(["0x1", block, [0.0, 10.0, 50.0, 100.0]]),
        )
        .await;
    let rewards: Vec<u128> = h["reward"][0]
        .as_array()
        .unwrap()
        .iter()
        .map(u128_of)
        .collect();
    let low_share = 21_000.0 / cumulative as f64 * 100.0;
    assert!(low_share > 10.0 && low_share < 50.0, "{low_share}");
    assert_eq!(rewards, vec![GWEI / 4, GWEI / 4, GWEI, GWEI]);
    n.stop().await;
}

/// Init code of a proxy whose runtime calls `target` with empty calldata (the store contract's
/// getter, an SLOAD of slot 0):
///
/// ```text
/// init:    PUSH1 0x22 DUP1 PUSH1 0x0b PUSH1 0 CODECOPY PUSH1 0 RETURN
/// runtime: PUSH1 0 (x5) PUSH20 target GAS CALL STOP
/// ```
fn proxy_init(target: Address) -> Bytes {
    let mut code = alloy_primitives::hex!("602280600b6000396000f3").to_vec();
    code.extend_from_slice(&alloy_primitives::hex!("60006000600060006000"));
    code.push(0x73);
    code.extend_from_slice(target.as_slice());
    code.extend_from_slice(&[0x5a, 0xf1, 0x00]);
    assert_eq!(code.len(), 0x0b + 0x22);
    code.into()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_access_list_lists_slots_of_called_contracts() {
    let n = TestNode::start().await;
    let (store, _) = n.deploy(0).await;
    let r = n
        .send_and_mine(
            0,
            Tx {
                nonce: 1,
                to: None,
                value: U256::ZERO,
                input: proxy_init(store),
                gas: 200_000,
                ..Tx::default()
            },
        )
        .await;
    assert_eq!(r["status"], "0x1");
    let proxy: Address = serde_json::from_value(r["contractAddress"].clone()).unwrap();

    let req = json!({"from": n.addr(1), "to": proxy});
    let res = n.ok("eth_createAccessList", json!([req, "latest"])).await;
    assert_eq!(
        res["accessList"],
        json!([{"address": store, "storageKeys": [word(0)]}]),
        "{res}"
    );
    // The gas reported is that of the call with the list applied; a plain estimate of the
    // same call differs (cold vs warm access).
    let with_list = u64_of(&res["gasUsed"]);
    let req_with_list = json!({"from": n.addr(1), "to": proxy, "accessList": res["accessList"]});
    let estimate = u64_of(&n.ok("eth_estimateGas", json!([req_with_list])).await);
    assert!(estimate >= with_list, "{estimate} < {with_list}");
    assert!(with_list > 21_000);
    n.stop().await;
}
