//! 200 transactions from 10 senders, submitted concurrently: all mined, nonces in order.

use crate::harness::*;
use alloy_primitives::{Address, B256, U256};
use serde_json::json;
use std::{collections::HashMap, sync::Arc};

const SENDERS: usize = 10;
const PER_SENDER: u64 = 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_senders_all_mined_in_nonce_order() {
    let n = Arc::new(TestNode::start().await);
    let sink = Address::repeat_byte(0xcc);
    let mut tasks = Vec::new();
    for s in 0..SENDERS {
        let n = n.clone();
        tasks.push(tokio::spawn(async move {
            let mut nonces: Vec<u64> = (0..PER_SENDER).collect();
            // Odd senders submit out of order (queued, then promoted as gaps fill).
            if s % 2 == 1 {
                nonces.swap(0, 5);
                nonces.reverse();
            }
            let mut hashes = Vec::new();
            for nonce in nonces {
                let raw = n.sign(
                    s,
                    Tx {
                        nonce,
                        to: Some(sink),
                        ..Tx::default()
                    },
                );
                let hash = n.send_raw(&raw).await.expect("accepted");
                hashes.push((nonce, hash));
            }
            hashes
        }));
    }
    let mut by_sender: Vec<Vec<(u64, B256)>> = Vec::new();
    for t in tasks {
        let mut h = t.await.unwrap();
        h.sort_unstable();
        by_sender.push(h);
    }

    let mut per_block: HashMap<u64, u64> = HashMap::new();
    for (s, hashes) in by_sender.iter().enumerate() {
        let mut prev = None;
        for (nonce, hash) in hashes {
            let r = n.wait_receipt(*hash).await;
            assert_eq!(r["status"], "0x1");
            assert_eq!(r["from"], json!(n.addr(s)));
            let pos = (u64_of(&r["blockNumber"]), u64_of(&r["transactionIndex"]));
            assert!(
                prev < Some(pos),
                "sender {s} nonce {nonce} mined out of order"
            );
            prev = Some(pos);
            *per_block.entry(pos.0).or_default() += 1;
        }
        assert_eq!(n.nonce(n.addr(s)).await, PER_SENDER);
    }
    assert_eq!(per_block.values().sum::<u64>(), SENDERS as u64 * PER_SENDER);
    // Every block's gas and count agree with its receipts.
    for (number, count) in &per_block {
        let b = n
            .ok(
                "eth_getBlockByNumber",
                json!([format!("{number:#x}"), false]),
            )
            .await;
        assert_eq!(b["transactions"].as_array().unwrap().len() as u64, *count);
        assert_eq!(u64_of(&b["gasUsed"]), 21_000 * count);
    }
    assert_eq!(
        n.balance(sink, json!("latest")).await,
        U256::from(SENDERS as u64 * PER_SENDER)
    );
    assert_eq!(
        n.ok("eth_getTransactionCount", json!([n.addr(0), "pending"]))
            .await,
        "0x14"
    );
    Arc::into_inner(n).expect("tasks done").stop().await;
}
