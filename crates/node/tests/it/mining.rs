//! Interval mining: one block per tick, empty ones included; transactions wait for the tick.

use crate::harness::*;
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interval_mining_produces_empty_blocks() {
    let n = TestNode::start_with(&config(None, Some(Duration::from_millis(100)))).await;
    // Blocks appear one per tick (~100 ms apart), not all at once: three more blocks take at
    // least two whole intervals. (Measured over several blocks, not per poll: a test process
    // starved on a loaded machine may see two blocks in one poll, never blocks closer in time
    // than the ticks that made them.)
    let start = n.block_number().await;
    let started = Instant::now();
    let deadline = started + Duration::from_secs(10);
    let mut last = start;
    while last < start + 3 {
        assert!(
            Instant::now() < deadline,
            "interval mining stalled at {last}"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
        last = n.block_number().await;
    }
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(150),
        "{} blocks in {took:?}: faster than one per 100 ms tick",
        last - start
    );
    let mut prev_ts = 0;
    for i in 1..=last {
        let b = n
            .ok("eth_getBlockByNumber", json!([format!("{i:#x}"), false]))
            .await;
        assert_eq!(b["transactions"], json!([]));
        assert_eq!(b["gasUsed"], "0x0");
        let ts = u64_of(&b["timestamp"]);
        assert!(ts > prev_ts, "timestamps strictly increase");
        prev_ts = ts;
    }

    // A transaction waits for the next tick, then lands in it.
    let head = n.block_number().await;
    let hash = n.send_raw(&n.sign(0, Tx::default())).await.unwrap();
    let r = n.wait_receipt(hash).await;
    assert!(u64_of(&r["blockNumber"]) > head);
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instant_mining_mines_nothing_when_idle() {
    let n = TestNode::start().await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(n.block_number().await, 0);
    n.send_and_mine(0, Tx::default()).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(n.block_number().await, 1, "one transaction, one block");
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instant_mining_makes_no_empty_block_for_an_unincludable_tx() {
    let n = TestNode::start().await;
    // A pending transaction whose fee cap is below the base fee: the RPC refuses those, so it
    // goes straight into the pool, as one left behind by a base-fee rise would sit there.
    let raw = sign_with(
        &n.signers[0],
        Tx {
            max_fee: 1,
            tip: 1,
            ..Tx::default()
        },
    );
    let tx = lumio_execution::decode_and_recover(&raw, CHAIN_ID).unwrap();
    let pooled = lumio_txpool::PooledTx::new(tx.hash, tx.sender, tx.envelope, tx.encoded);
    {
        let ctx = &n.node.ctx;
        let state = ctx.store.latest().unwrap();
        ctx.pool.lock().add(pooled, &state).unwrap();
        ctx.tx_notify.notify_one();
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        n.block_number().await,
        0,
        "no block for a transaction it cannot include"
    );
    // Other senders are still mined at once, one block per batch.
    n.send_and_mine(1, Tx::default()).await;
    assert_eq!(n.block_number().await, 1);
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stop_is_prompt_and_the_datadir_is_temporary() {
    let n = TestNode::start().await;
    let dir = n.node.datadir.clone();
    assert!(dir.exists());
    n.send_and_mine(0, Tx::default()).await;
    let t = Instant::now();
    tokio::time::timeout(Duration::from_secs(5), n.stop())
        .await
        .expect("stop within 5 s");
    assert!(t.elapsed() < Duration::from_secs(5));
    assert!(!dir.exists(), "temporary datadir removed");
}
