//! `eth_sendRawTransaction` over HTTP, through the server and its ingest middleware (sender
//! recovery of a batch in parallel, then the calls in batch order).

use crate::harness::{TestNode, Tx, config, u64_of};
use alloy_primitives::{B256, Bytes, keccak256};
use jsonrpsee_core::{client::ClientT, params::BatchRequestBuilder, rpc_params};
use jsonrpsee_http_client::{HttpClient, HttpClientBuilder};
use serde_json::{Value, json};
use std::time::Duration;

fn client(n: &TestNode) -> HttpClient {
    HttpClientBuilder::default()
        .request_timeout(Duration::from_secs(60))
        .build(format!("http://{}", n.node.rpc_addr))
        .expect("http client")
}

/// One batch of `eth_sendRawTransaction` calls; per call the hash or (code, message).
async fn send_batch(client: &HttpClient, raws: &[Bytes]) -> Vec<Result<B256, (i32, String)>> {
    let mut batch = BatchRequestBuilder::new();
    for raw in raws {
        batch
            .insert("eth_sendRawTransaction", rpc_params![raw])
            .unwrap();
    }
    let response = client
        .batch_request::<B256>(batch)
        .await
        .expect("batch answered");
    assert_eq!(response.len(), raws.len());
    response
        .into_iter()
        .map(|r| r.map_err(|e| (e.code(), e.message().to_owned())))
        .collect()
}

/// A permutation of `0..n`, fixed by `seed` (xorshift; no randomness in tests).
fn shuffled(n: u64, mut seed: u64) -> Vec<u64> {
    let mut order: Vec<u64> = (0..n).collect();
    for i in (1..order.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        order.swap(i, (seed % (i as u64 + 1)) as usize);
    }
    order
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_batch_of_200_shuffled_nonces_of_one_sender_is_all_mined() {
    const N: u64 = 200;
    let n = TestNode::start().await; // instant mining: blocks while the batch is admitted
    let order = shuffled(N, 0x9e37_79b9_7f4a_7c15);
    assert_ne!(order[0], 0, "the batch must not start with the next nonce");
    let raws: Vec<Bytes> = order
        .iter()
        .map(|&nonce| {
            n.sign(
                3,
                Tx {
                    nonce,
                    ..Tx::default()
                },
            )
        })
        .collect();
    let answers = send_batch(&client(&n), &raws).await;
    for (raw, answer) in raws.iter().zip(&answers) {
        assert_eq!(answer, &Ok(keccak256(raw)), "every transaction accepted");
    }
    // Mined in nonce order: (block, index) grows with the nonce.
    let mut by_nonce: Vec<(u64, B256)> = order
        .iter()
        .copied()
        .zip(raws.iter().map(keccak256))
        .collect();
    by_nonce.sort();
    let mut last = None;
    for (nonce, hash) in by_nonce {
        let receipt = n.wait_receipt(hash).await;
        assert_eq!(receipt["status"], "0x1", "nonce {nonce}");
        let pos = (
            u64_of(&receipt["blockNumber"]),
            u64_of(&receipt["transactionIndex"]),
        );
        assert!(last < Some(pos), "nonce {nonce} mined out of order");
        last = Some(pos);
    }
    assert_eq!(n.nonce(n.addr(3)).await, N);
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_answers_equal_single_calls() {
    // No blocks: everything accepted stays in the pool.
    let n = TestNode::start_with(&config(None, Some(Duration::from_secs(3600)))).await;
    let good = n.sign(0, Tx::default());
    let next = n.sign(
        0,
        Tx {
            nonce: 1,
            ..Tx::default()
        },
    );
    let raws = vec![
        next.clone(), // a gap: queued, then promoted by the next one
        good.clone(),
        good.clone(), // already known
        n.sign(
            1,
            Tx {
                chain_id: 1,
                ..Tx::default()
            },
        ),
        n.sign(
            1,
            Tx {
                max_fee: 1,
                tip: 1,
                ..Tx::default()
            },
        ),
        n.sign(
            1,
            Tx {
                gas: 20_000,
                ..Tx::default()
            },
        ),
        n.sign(
            1,
            Tx {
                tip: 3 * crate::harness::GWEI, // above the 2 gwei fee cap
                ..Tx::default()
            },
        ),
        Bytes::from_static(&[0x02, 0xc0, 0x01]),
        Bytes::new(),
    ];
    let client = client(&n);
    let answers = send_batch(&client, &raws).await;
    assert_eq!(answers[0], Ok(keccak256(&next)));
    assert_eq!(answers[1], Ok(keccak256(&good)));
    assert_eq!(answers[2], Err((-32000, "already known".to_owned())));
    // Every rejection is what the same bytes get from a single call, in-process (prepared
    // inline, no middleware) and over HTTP (prepared by the middleware).
    for (raw, answer) in raws.iter().zip(&answers).skip(2) {
        let inline = n
            .send_raw(raw)
            .await
            .map_err(|e| (e.code as i32, e.message));
        assert_eq!(answer, &inline, "batch vs in-process for {raw}");
        let single: Result<B256, _> = client
            .request("eth_sendRawTransaction", rpc_params![raw])
            .await;
        let single = single.map_err(|e| match e {
            jsonrpsee_core::ClientError::Call(e) => (e.code(), e.message().to_owned()),
            other => panic!("transport error {other}"),
        });
        assert_eq!(answer, &single, "batch vs single HTTP call for {raw}");
        assert!(answer.is_err());
    }
    let pending: Value = n
        .ok("eth_getTransactionCount", json!([n.addr(0), "pending"]))
        .await;
    assert_eq!(u64_of(&pending), 2, "both transactions of sender 0 pending");
    n.stop().await;
}
