//! Blocks: genesis fields, tags, full transactions, block receipts, counts, fee history.

use crate::harness::*;
use alloy_primitives::{B256, keccak256};
use serde_json::{Value, json};

/// Rebuilds the consensus header from the RPC JSON and hashes it.
fn rlp_hash(block: &Value) -> B256 {
    let header: alloy_rpc_types_eth::Header = serde_json::from_value(block.clone()).unwrap();
    let mut out = Vec::new();
    alloy_rlp::Encodable::encode(&header.inner, &mut out);
    keccak256(out)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn genesis_block_has_isthmus_fields() {
    let n = TestNode::start().await;
    let g = n
        .ok("eth_getBlockByNumber", json!(["earliest", false]))
        .await;
    assert_eq!(g["number"], "0x0");
    assert_eq!(g["parentHash"], json!(B256::ZERO));
    // Holocene+ extraData: version 0, denominator 250, elasticity 6 (u32 BE each).
    assert_eq!(g["extraData"], "0x00000000fa00000006");
    // Isthmus requestsHash: sha256 of no requests = sha256("").
    let empty_sha: [u8; 32] = <sha2::Sha256 as sha2::Digest>::digest(b"").into();
    assert_eq!(g["requestsHash"], json!(B256::from(empty_sha)));
    assert!(g["withdrawalsRoot"].is_string(), "{g}");
    assert_eq!(g["withdrawals"], json!([]));
    assert_eq!(u128_of(&g["baseFeePerGas"]), GWEI);
    assert_eq!(g["gasLimit"], "0x1c9c380"); // 30M
    assert_eq!(g["gasUsed"], "0x0");
    assert_eq!(g["blobGasUsed"], "0x0");
    assert_eq!(g["excessBlobGas"], "0x0");
    assert_eq!(g["parentBeaconBlockRoot"], json!(B256::ZERO));
    assert_eq!(g["transactions"], json!([]));
    assert_eq!(
        g["transactionsRoot"],
        "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"
    );
    assert_eq!(b256_of(&g["hash"]), rlp_hash(&g));
    // Same block by hash, and by number 0.
    let by_hash = n.ok("eth_getBlockByHash", json!([g["hash"], false])).await;
    assert_eq!(by_hash, g);
    assert_eq!(n.ok("eth_getBlockByNumber", json!(["0x0", false])).await, g);
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tags_full_transactions_receipts_and_counts() {
    let n = TestNode::start().await;
    let r1 = n.send_and_mine(0, Tx::default()).await;
    let r2 = n
        .send_and_mine(
            1,
            Tx {
                value: alloy_primitives::U256::from(5),
                ..Tx::default()
            },
        )
        .await;
    let head = n.block_number().await;
    assert_eq!(head, u64_of(&r2["blockNumber"]));

    let latest = n.ok("eth_getBlockByNumber", json!(["latest", false])).await;
    assert_eq!(u64_of(&latest["number"]), head);
    assert_eq!(b256_of(&latest["hash"]), rlp_hash(&latest));
    // No L1 yet: safe, finalized and pending are the head.
    for tag in ["pending", "safe", "finalized"] {
        let b = n.ok("eth_getBlockByNumber", json!([tag, false])).await;
        assert_eq!(b["hash"], latest["hash"], "{tag}");
    }
    assert_eq!(
        n.ok("eth_getBlockByNumber", json!(["earliest", false]))
            .await["number"],
        "0x0"
    );
    // Parent links and a consensus hash for every block.
    let mut prev = n.ok("eth_getBlockByNumber", json!(["0x0", false])).await;
    for i in 1..=head {
        let b = n
            .ok("eth_getBlockByNumber", json!([format!("{i:#x}"), false]))
            .await;
        assert_eq!(b["parentHash"], prev["hash"]);
        assert_eq!(b256_of(&b["hash"]), rlp_hash(&b));
        assert!(u64_of(&b["timestamp"]) > u64_of(&prev["timestamp"]));
        assert_eq!(b["miner"], "0x4200000000000000000000000000000000000011");
        prev = b;
    }

    // Block of the first transfer, with full transactions.
    let b1 = r1["blockNumber"].clone();
    let full = n.ok("eth_getBlockByNumber", json!([b1, true])).await;
    let txs = full["transactions"].as_array().unwrap();
    assert_eq!(txs.len(), 1);
    let tx = &txs[0];
    assert_eq!(tx["hash"], r1["transactionHash"]);
    assert_eq!(tx["blockHash"], full["hash"]);
    assert_eq!(tx["blockNumber"], b1);
    assert_eq!(tx["transactionIndex"], "0x0");
    assert_eq!(tx["type"], "0x2");
    assert_eq!(
        tx["from"].as_str().unwrap().to_lowercase(),
        format!("{:#x}", n.addr(0))
    );
    assert_eq!(tx["nonce"], "0x0");
    assert_eq!(tx["chainId"], "0x2706");
    // `size` is the length of the block's RLP (header, transactions, no ommers, empty
    // withdrawals), here rebuilt with alloy from the RPC fields.
    let header: alloy_rpc_types_eth::Header = serde_json::from_value(full.clone()).unwrap();
    let envelopes: Vec<op_alloy_consensus::OpTxEnvelope> = txs
        .iter()
        .map(|t| {
            let rpc: op_alloy_rpc_types::Transaction = serde_json::from_value(t.clone()).unwrap();
            rpc.inner.inner.into_inner()
        })
        .collect();
    let block = alloy_consensus::Block {
        header: header.inner,
        body: alloy_consensus::BlockBody {
            transactions: envelopes,
            ommers: Vec::new(),
            withdrawals: Some(alloy_eips::eip4895::Withdrawals::default()),
        },
    };
    assert_eq!(
        u64_of(&full["size"]),
        alloy_rlp::Encodable::length(&block) as u64
    );
    let hashes = n.ok("eth_getBlockByNumber", json!([b1, false])).await;
    assert_eq!(hashes["transactions"], json!([r1["transactionHash"]]));
    // The transactionsRoot of a one-tx block is not the empty root.
    assert_ne!(
        full["transactionsRoot"],
        "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"
    );

    // Block receipts by number, by hash, by tag.
    let receipts = n.ok("eth_getBlockReceipts", json!([b1])).await;
    assert_eq!(receipts, json!([r1.clone()]));
    let by_hash = n.ok("eth_getBlockReceipts", json!([full["hash"]])).await;
    assert_eq!(by_hash, receipts);
    let latest_receipts = n.ok("eth_getBlockReceipts", json!(["latest"])).await;
    assert_eq!(latest_receipts, json!([r2.clone()]));

    // Counts.
    assert_eq!(
        n.ok("eth_getBlockTransactionCountByNumber", json!([b1]))
            .await,
        "0x1"
    );
    assert_eq!(
        n.ok("eth_getBlockTransactionCountByNumber", json!(["earliest"]))
            .await,
        "0x0"
    );
    assert_eq!(
        n.ok("eth_getBlockTransactionCountByHash", json!([full["hash"]]))
            .await,
        "0x1"
    );
    assert!(
        n.ok("eth_getBlockTransactionCountByHash", json!([B256::ZERO]))
            .await
            .is_null()
    );
    assert_eq!(
        n.ok("eth_getUncleCountByBlockNumber", json!([b1])).await,
        "0x0"
    );

    // By block and index.
    let t = n
        .ok(
            "eth_getTransactionByBlockNumberAndIndex",
            json!([b1, "0x0"]),
        )
        .await;
    assert_eq!(t, *tx);
    let t = n
        .ok(
            "eth_getTransactionByBlockHashAndIndex",
            json!([full["hash"], "0x0"]),
        )
        .await;
    assert_eq!(t, *tx);
    assert!(
        n.ok(
            "eth_getTransactionByBlockNumberAndIndex",
            json!([b1, "0x1"])
        )
        .await
        .is_null()
    );
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fee_history_shapes_and_values() {
    let n = TestNode::start().await;
    // Two blocks with one transfer each; tips 1 gwei and 0.5 gwei.
    let r1 = n.send_and_mine(0, Tx::default()).await;
    let r2 = n
        .send_and_mine(
            1,
            Tx {
                tip: GWEI / 2,
                ..Tx::default()
            },
        )
        .await;
    let head = n.block_number().await;
    assert_eq!(u64_of(&r2["blockNumber"]), head);
    assert_eq!(u64_of(&r1["blockNumber"]), head - 1);

    let h = n
        .ok("eth_feeHistory", json!(["0x2", "latest", [25.0, 75.0]]))
        .await;
    assert_eq!(u64_of(&h["oldestBlock"]), head - 1);
    let base = h["baseFeePerGas"].as_array().unwrap();
    assert_eq!(base.len(), 3, "{h}");
    assert_eq!(h["gasUsedRatio"].as_array().unwrap().len(), 2);
    for (i, number) in [head - 1, head].into_iter().enumerate() {
        let b = n
            .ok(
                "eth_getBlockByNumber",
                json!([format!("{number:#x}"), false]),
            )
            .await;
        assert_eq!(base[i], b["baseFeePerGas"]);
        let ratio = h["gasUsedRatio"][i].as_f64().unwrap();
        let expect = u64_of(&b["gasUsed"]) as f64 / 30_000_000.0;
        assert!((ratio - expect).abs() < 1e-12, "{ratio} vs {expect}");
    }
    // The last base fee is the next block's: what eth_gasPrice builds on.
    let next = u128_of(&base[2]);
    let head_fee = u128_of(&base[1]);
    assert!(next <= head_fee, "a near-empty block lowers the base fee");
    let rewards = h["reward"].as_array().unwrap();
    assert_eq!(rewards.len(), 2);
    let tip_of = |r: &Value| u128_of(&r["effectiveGasPrice"]) - u128_of(&base[0]);
    assert_eq!(
        rewards[0],
        json!([format!("{:#x}", tip_of(&r1)), format!("{:#x}", tip_of(&r1))])
    );
    assert_eq!(u128_of(&rewards[1][0]), GWEI / 2);
    assert_eq!(u128_of(&rewards[1][1]), GWEI / 2);

    // No percentiles: no reward field; more blocks than exist are clamped to the chain.
    let h = n.ok("eth_feeHistory", json!(["0x64", "latest"])).await;
    assert_eq!(h["oldestBlock"], "0x0");
    assert_eq!(
        h["baseFeePerGas"].as_array().unwrap().len() as u64,
        head + 2
    );
    assert!(h.get("reward").is_none_or(Value::is_null), "{h}");
    // Genesis base fee first.
    assert_eq!(u128_of(&h["baseFeePerGas"][0]), GWEI);
    // Empty block range: a zero count.
    let h = n.ok("eth_feeHistory", json!(["0x0", "latest", []])).await;
    assert_eq!(h["oldestBlock"], "0x0");
    // Beyond the head.
    let err = n.err("eth_feeHistory", json!(["0x1", "0x99"])).await;
    assert_eq!(err.code, -32602);
    n.stop().await;
}

/// One block with a deploy, contract calls with logs, a reverted call and transfers from
/// several senders. Every per-transaction read (which reads that transaction's rows only) must
/// equal the entry of the whole-block read (which numbers logs and sums gas over the block).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_transaction_reads_equal_the_whole_block_reads() {
    // Blocks only on `evm_mine`, so that all transactions land in one block.
    let n = TestNode::start_with(&config(None, Some(std::time::Duration::from_secs(3600)))).await;
    let deployer = n.addr(0);
    let created = deployer.create(0);
    let call = |v: u64| alloy_primitives::Bytes::from(word(v).to_vec());
    let txs = vec![
        n.sign(1, Tx::default()),
        n.sign(
            0,
            Tx {
                nonce: 0,
                to: None,
                input: alloy_primitives::Bytes::from_static(&STORE_LOG_INIT),
                gas: 200_000,
                ..Tx::default()
            },
        ),
        n.sign(
            0,
            Tx {
                nonce: 1,
                to: Some(created),
                input: call(5),
                gas: 100_000,
                ..Tx::default()
            },
        ),
        n.sign(2, Tx::default()),
        // Reverts (v == 0): no logs, status 0.
        n.sign(
            0,
            Tx {
                nonce: 2,
                to: Some(created),
                input: call(0),
                gas: 100_000,
                ..Tx::default()
            },
        ),
        n.sign(
            0,
            Tx {
                nonce: 3,
                to: Some(created),
                input: call(9),
                gas: 100_000,
                ..Tx::default()
            },
        ),
        n.sign(
            3,
            Tx {
                nonce: 0,
                to: Some(created),
                input: call(11),
                gas: 100_000,
                ..Tx::default()
            },
        ),
    ];
    let mut hashes = Vec::new();
    for raw in &txs {
        hashes.push(n.send_raw(raw).await.expect("accepted"));
    }
    n.ok("evm_mine", json!([])).await;
    let number = n.block_number().await;
    let tag = json!(format!("{number:#x}"));
    let block = n.ok("eth_getBlockByNumber", json!([tag, true])).await;
    let receipts = n.ok("eth_getBlockReceipts", json!([tag])).await;
    let (block_txs, receipts) = (
        block["transactions"].as_array().unwrap(),
        receipts.as_array().unwrap(),
    );
    assert_eq!(block_txs.len(), hashes.len());
    assert_eq!(receipts.len(), hashes.len());

    let (mut logs, mut cumulative, mut log_count) = (Vec::new(), 0u64, 0u64);
    for (i, hash) in hashes.iter().enumerate() {
        let receipt = n.ok("eth_getTransactionReceipt", json!([hash])).await;
        assert_eq!(receipt, receipts[i], "receipt {i}");
        assert_eq!(b256_of(&receipt["transactionHash"]), *hash);
        cumulative += u64_of(&receipt["gasUsed"]);
        assert_eq!(u64_of(&receipt["cumulativeGasUsed"]), cumulative);
        for log in receipt["logs"].as_array().unwrap() {
            assert_eq!(u64_of(&log["logIndex"]), log_count);
            log_count += 1;
            logs.push(log.clone());
        }
        let by_hash = n.ok("eth_getTransactionByHash", json!([hash])).await;
        assert_eq!(by_hash, block_txs[i], "transaction {i}");
        let index = json!(format!("{i:#x}"));
        let by_number = n
            .ok(
                "eth_getTransactionByBlockNumberAndIndex",
                json!([tag, index]),
            )
            .await;
        assert_eq!(by_number, by_hash);
        let by_block_hash = n
            .ok(
                "eth_getTransactionByBlockHashAndIndex",
                json!([block["hash"], index]),
            )
            .await;
        assert_eq!(by_block_hash, by_hash);
        let raw = n.ok("eth_getRawTransactionByHash", json!([hash])).await;
        assert_eq!(raw, json!(txs[i]));
    }
    assert_eq!(receipts[1]["contractAddress"], json!(created));
    assert_eq!(receipts[4]["status"], "0x0");
    assert_eq!(log_count, 3, "three successful calls log once each");
    let count = n
        .ok("eth_getBlockTransactionCountByNumber", json!([tag]))
        .await;
    assert_eq!(u64_of(&count), hashes.len() as u64);
    let past = json!(format!("{:#x}", hashes.len()));
    assert!(
        n.ok(
            "eth_getTransactionByBlockNumberAndIndex",
            json!([tag, past])
        )
        .await
        .is_null()
    );

    // Logs by block hash and by range equal the receipts' logs; filtered ones a subset.
    let all = n
        .ok("eth_getLogs", json!([{"blockHash": block["hash"]}]))
        .await;
    assert_eq!(all, json!(logs));
    let ranged = n
        .ok(
            "eth_getLogs",
            json!([{"fromBlock": tag, "toBlock": tag, "address": created}]),
        )
        .await;
    assert_eq!(ranged, json!(logs));
    let topic = json!(word(11));
    let one = n
        .ok(
            "eth_getLogs",
            json!([{"fromBlock": tag, "toBlock": tag, "topics": [log_topic()]}]),
        )
        .await;
    assert_eq!(one, json!(logs));
    let by_data: Vec<_> = logs
        .iter()
        .filter(|l| l["data"] == topic)
        .cloned()
        .collect();
    assert_eq!(by_data.len(), 1);
    let none = n
        .ok(
            "eth_getLogs",
            json!([{"fromBlock": tag, "toBlock": tag, "address": deployer}]),
        )
        .await;
    assert_eq!(none, json!([]));
    n.stop().await;
}
