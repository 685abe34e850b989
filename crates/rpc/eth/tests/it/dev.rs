//! Dev helpers: `evm_mine`, `anvil_mine`, `evm_snapshot` / `evm_revert`.

use crate::harness::*;
use alloy_primitives::{Address, U256};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn evm_mine_block_count_and_timestamps() {
    let n = TestNode::start().await;
    assert_eq!(n.ok("evm_mine", json!([])).await, "0x0");
    assert_eq!(n.block_number().await, 1);
    // Options object: 3 blocks from a given timestamp, one second apart.
    let parent_ts =
        u64_of(&n.ok("eth_getBlockByNumber", json!(["latest", false])).await["timestamp"]);
    let ts = parent_ts + 1000;
    n.ok("evm_mine", json!([{"blocks": 3, "timestamp": ts}]))
        .await;
    assert_eq!(n.block_number().await, 4);
    for (i, number) in (2..=4u64).enumerate() {
        let b = n
            .ok(
                "eth_getBlockByNumber",
                json!([format!("{number:#x}"), false]),
            )
            .await;
        assert_eq!(u64_of(&b["timestamp"]), ts + i as u64);
        assert_eq!(b["transactions"], json!([]));
        assert_eq!(b["gasUsed"], "0x0");
    }
    // A bare timestamp.
    n.ok("evm_mine", json!([ts + 50])).await;
    let b = n.ok("eth_getBlockByNumber", json!(["latest", false])).await;
    assert_eq!(
        (u64_of(&b["number"]), u64_of(&b["timestamp"])),
        (5, ts + 50)
    );
    // A timestamp not after the parent's is refused, nothing mined.
    let err = n.err("evm_mine", json!([ts])).await;
    assert_eq!(err.code, -32000, "{err:?}");
    assert_eq!(n.block_number().await, 5);
    // anvil_mine.
    n.ok("anvil_mine", json!(["0x2"])).await;
    assert_eq!(n.block_number().await, 7);
    // Next automatic timestamps stay after the forced ones.
    n.send_and_mine(0, Tx::default()).await;
    let b = n.ok("eth_getBlockByNumber", json!(["latest", false])).await;
    assert!(u64_of(&b["timestamp"]) > ts + 50);
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshot_and_revert() {
    let n = TestNode::start().await;
    let to = Address::repeat_byte(0x21);
    n.send_and_mine(
        0,
        Tx {
            to: Some(to),
            ..Tx::default()
        },
    )
    .await;
    let snap_head = n.block_number().await;
    let snap_block = n.ok("eth_getBlockByNumber", json!(["latest", false])).await;
    let balance0 = n.balance(n.addr(0), json!("latest")).await;
    let id = n.ok("evm_snapshot", json!([])).await;

    let (contract, _) = n.deploy(0).await;
    let r = n
        .send_and_mine(
            0,
            Tx {
                nonce: 2,
                to: Some(to),
                value: U256::from(1000),
                ..Tx::default()
            },
        )
        .await;
    n.ok("evm_mine", json!([])).await;
    let id2 = n.ok("evm_snapshot", json!([])).await;
    assert_ne!(id, id2);
    assert!(n.block_number().await > snap_head);

    assert_eq!(n.ok("evm_revert", json!([id])).await, true);
    assert_eq!(n.block_number().await, snap_head);
    assert_eq!(
        n.ok("eth_getBlockByNumber", json!(["latest", false])).await,
        snap_block
    );
    assert_eq!(n.balance(n.addr(0), json!("latest")).await, balance0);
    assert_eq!(n.balance(to, json!("latest")).await, U256::from(1));
    assert_eq!(n.nonce(n.addr(0)).await, 1);
    assert_eq!(n.ok("eth_getCode", json!([contract, "latest"])).await, "0x");
    assert!(
        n.ok("eth_getTransactionReceipt", json!([r["transactionHash"]]))
            .await
            .is_null(),
        "reverted receipts are gone"
    );
    assert!(
        n.ok(
            "eth_getBlockByNumber",
            json!([format!("{:#x}", snap_head + 1), false])
        )
        .await
        .is_null()
    );
    // Reverting again to the same id, or to a later one: gone (as anvil).
    assert_eq!(n.ok("evm_revert", json!([id])).await, false);
    assert_eq!(n.ok("evm_revert", json!([id2])).await, false);
    assert_eq!(n.ok("evm_revert", json!(["0x999"])).await, false);

    // Transactions after the revert work, reusing the reverted nonce.
    let r = n
        .send_and_mine(
            0,
            Tx {
                nonce: 1,
                to: Some(to),
                value: U256::from(7),
                ..Tx::default()
            },
        )
        .await;
    assert_eq!(r["status"], "0x1");
    assert_eq!(u64_of(&r["blockNumber"]), snap_head + 1);
    assert_eq!(n.balance(to, json!("latest")).await, U256::from(8));
    let b = n.ok("eth_getBlockByNumber", json!(["latest", false])).await;
    assert_eq!(b["parentHash"], snap_block["hash"]);
    // A new snapshot after the revert works.
    let id3 = n.ok("evm_snapshot", json!([])).await;
    n.ok("evm_mine", json!([])).await;
    assert_eq!(n.ok("evm_revert", json!([id3])).await, true);
    assert_eq!(n.block_number().await, snap_head + 1);
    n.stop().await;
}
