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
