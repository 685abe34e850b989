//! Transfers, receipts, fee vaults, pending transactions, `eth_sendTransaction`, rejections.

use crate::harness::*;
use alloy_primitives::{Address, B256, Bytes, U256, address};
use serde_json::json;
use std::time::Duration;

const BASE_FEE_VAULT: Address = address!("0x4200000000000000000000000000000000000019");
const SEQUENCER_FEE_VAULT: Address = address!("0x4200000000000000000000000000000000000011");
const L1_FEE_VAULT: Address = address!("0x420000000000000000000000000000000000001A");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transfer_receipt_balances_and_fee_vaults() {
    let n = TestNode::start().await;
    let (from, to) = (n.addr(0), Address::repeat_byte(0x77));
    let value = U256::from(123_456_789u64);
    let before = n.balance(from, json!("latest")).await;
    let raw = n.sign(
        0,
        Tx {
            to: Some(to),
            value,
            ..Tx::default()
        },
    );
    let hash = n.send_raw(&raw).await.unwrap();
    assert_eq!(hash, alloy_primitives::keccak256(&raw));
    let r = n.wait_receipt(hash).await;

    assert_eq!(r["status"], "0x1");
    assert_eq!(r["type"], "0x2");
    assert_eq!(b256_of(&r["transactionHash"]), hash);
    assert_eq!(r["transactionIndex"], "0x0");
    assert_eq!(r["gasUsed"], "0x5208"); // 21000
    assert_eq!(r["cumulativeGasUsed"], "0x5208");
    assert_eq!(r["from"], json!(from));
    assert_eq!(r["to"], json!(to));
    assert!(r["contractAddress"].is_null());
    assert_eq!(r["logs"], json!([]));
    let number = u64_of(&r["blockNumber"]);
    let block = n
        .ok("eth_getBlockByNumber", json!([r["blockNumber"], false]))
        .await;
    assert_eq!(r["blockHash"], block["hash"]);
    assert_eq!(block["gasUsed"], "0x5208");
    let base_fee = u128_of(&block["baseFeePerGas"]);
    // 1559: base fee + min(tip, cap - base fee).
    let price = u128_of(&r["effectiveGasPrice"]);
    assert_eq!(price, base_fee + GWEI.min(2 * GWEI - base_fee));
    let l1_fee = r.get("l1Fee").map_or(0, u128_of);

    // Balances move by value + gas * price (+ the L1 data fee, zero or not).
    let gas = U256::from(21_000u64);
    let after = n.balance(from, json!("latest")).await;
    assert_eq!(
        before - after,
        value + gas * U256::from(price) + U256::from(l1_fee)
    );
    assert_eq!(n.balance(to, json!("latest")).await, value);
    assert_eq!(n.nonce(from).await, 1);
    // Historical state: the balance at the parent block is the old one.
    let parent = json!(format!("{:#x}", number - 1));
    assert_eq!(n.balance(from, parent.clone()).await, before);
    assert_eq!(n.balance(to, parent.clone()).await, U256::ZERO);

    // Fee vaults: base fee to 0x…19, tip to the coinbase 0x…11, L1 fee to 0x…1a.
    let at = json!(format!("{number:#x}"));
    let delta = |a: U256, b: U256| a - b;
    assert_eq!(
        delta(
            n.balance(BASE_FEE_VAULT, at.clone()).await,
            n.balance(BASE_FEE_VAULT, parent.clone()).await
        ),
        gas * U256::from(base_fee)
    );
    assert_eq!(
        delta(
            n.balance(SEQUENCER_FEE_VAULT, at.clone()).await,
            n.balance(SEQUENCER_FEE_VAULT, parent.clone()).await
        ),
        gas * U256::from(price - base_fee)
    );
    assert_eq!(
        delta(
            n.balance(L1_FEE_VAULT, at).await,
            n.balance(L1_FEE_VAULT, parent).await
        ),
        U256::from(l1_fee)
    );

    // The mined transaction by hash and raw.
    let tx = n.ok("eth_getTransactionByHash", json!([hash])).await;
    assert_eq!(tx["blockHash"], block["hash"]);
    assert_eq!(tx["value"], json!(value));
    assert_eq!(tx["to"], json!(to));
    assert_eq!(u128_of(&tx["gasPrice"]), price);
    assert_eq!(
        n.ok("eth_getRawTransactionByHash", json!([hash])).await,
        json!(raw)
    );
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pending_transaction_then_mined() {
    // Interval mining with a long block time: the transaction waits in the pool until evm_mine.
    let n = TestNode::start_with(&config(None, Some(Duration::from_secs(3600)))).await;
    let raw = n.sign(0, Tx::default());
    let hash = n.send_raw(&raw).await.unwrap();

    let pending = n.ok("eth_getTransactionByHash", json!([hash])).await;
    assert_eq!(b256_of(&pending["hash"]), hash);
    assert!(pending["blockHash"].is_null(), "{pending}");
    assert!(pending["blockNumber"].is_null());
    assert!(pending["transactionIndex"].is_null());
    assert_eq!(pending["from"], json!(n.addr(0)));
    assert!(
        n.ok("eth_getTransactionReceipt", json!([hash]))
            .await
            .is_null()
    );
    assert_eq!(
        n.ok("eth_getRawTransactionByHash", json!([hash])).await,
        json!(raw)
    );
    // Pending nonce counts the pool; latest does not.
    assert_eq!(n.nonce(n.addr(0)).await, 0);
    assert_eq!(
        n.ok("eth_getTransactionCount", json!([n.addr(0), "pending"]))
            .await,
        "0x1"
    );
    assert_eq!(n.block_number().await, 0);

    n.ok("evm_mine", json!([])).await;
    let r = n.wait_receipt(hash).await;
    assert_eq!(r["blockNumber"], "0x1");
    let mined = n.ok("eth_getTransactionByHash", json!([hash])).await;
    assert_eq!(mined["blockNumber"], "0x1");
    assert_eq!(mined["blockHash"], r["blockHash"]);
    assert_eq!(mined["transactionIndex"], "0x0");
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_transaction_with_unlocked_account() {
    let n = TestNode::start().await;
    let to = Address::repeat_byte(0x55);
    let hash = n
        .ok(
            "eth_sendTransaction",
            json!([{"from": n.addr(3), "to": to, "value": "0x64"}]),
        )
        .await;
    let r = n.wait_receipt(b256_of(&hash)).await;
    assert_eq!(r["status"], "0x1");
    assert_eq!(r["from"], json!(n.addr(3)));
    assert_eq!(r["gasUsed"], "0x5208");
    assert_eq!(n.balance(to, json!("latest")).await, U256::from(100));
    // Nonce filled from the account: a second one goes through too.
    let hash = n
        .ok(
            "eth_sendTransaction",
            json!([{"from": n.addr(3), "to": to, "value": "0x1", "gasPrice": "0x77359400"}]),
        )
        .await;
    let r = n.wait_receipt(b256_of(&hash)).await;
    assert_eq!(r["type"], "0x0", "gasPrice given: a legacy transaction");
    assert_eq!(n.nonce(n.addr(3)).await, 2);

    // Not an unlocked account / no from.
    let err = n
        .err(
            "eth_sendTransaction",
            json!([{"from": Address::repeat_byte(9), "to": to}]),
        )
        .await;
    assert_eq!(err.code, -32000);
    assert!(err.message.contains("no unlocked account"), "{err:?}");
    let err = n.err("eth_sendTransaction", json!([{"to": to}])).await;
    assert_eq!(err.code, -32602);
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejections_carry_geth_messages() {
    let n = TestNode::start().await;
    n.send_and_mine(0, Tx::default()).await; // nonce 0 used
    let huge = U256::from(10u64).pow(U256::from(30));

    let cases: Vec<(&str, Bytes)> = vec![
        ("nonce too low", n.sign(0, Tx::default())),
        (
            "insufficient funds for gas * price + value",
            n.sign(
                1,
                Tx {
                    value: huge,
                    ..Tx::default()
                },
            ),
        ),
        (
            "invalid chain id",
            n.sign(
                1,
                Tx {
                    chain_id: 1,
                    ..Tx::default()
                },
            ),
        ),
        (
            "max fee per gas less than block base fee",
            n.sign(
                1,
                Tx {
                    max_fee: 1,
                    tip: 1,
                    ..Tx::default()
                },
            ),
        ),
        (
            "intrinsic gas too low",
            n.sign(
                1,
                Tx {
                    gas: 20_000,
                    ..Tx::default()
                },
            ),
        ),
        (
            "failed to decode transaction",
            Bytes::from_static(&[0x02, 0xc0, 0x01]),
        ),
        ("empty transaction", Bytes::new()),
    ];
    for (expected, raw) in cases {
        let err = n.send_raw(&raw).await.unwrap_err();
        assert_eq!(err.code, -32000, "{expected}: {err:?}");
        assert!(
            err.message.starts_with(expected),
            "expected {expected:?}, got {:?}",
            err.message
        );
    }

    // Already known: the same bytes twice while the first is still pooled (interval mining).
    let m = TestNode::start_with(&config(None, Some(Duration::from_secs(3600)))).await;
    let raw = m.sign(0, Tx::default());
    m.send_raw(&raw).await.unwrap();
    let err = m.send_raw(&raw).await.unwrap_err();
    assert_eq!((err.code, err.message.as_str()), (-32000, "already known"));
    m.stop().await;

    // Nothing was mined by any rejection; the node still works.
    assert_eq!(n.nonce(n.addr(1)).await, 0);
    let r = n.send_and_mine(1, Tx::default()).await;
    assert_eq!(r["status"], "0x1");
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nonce_gap_waits_then_mines_in_order() {
    let n = TestNode::start().await;
    let h1 = n
        .send_raw(&n.sign(
            2,
            Tx {
                nonce: 1,
                ..Tx::default()
            },
        ))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        n.ok("eth_getTransactionReceipt", json!([h1]))
            .await
            .is_null(),
        "a nonce gap is not mined"
    );
    let h0 = n.send_raw(&n.sign(2, Tx::default())).await.unwrap();
    let r0 = n.wait_receipt(h0).await;
    let r1 = n.wait_receipt(h1).await;
    let pos = |r: &serde_json::Value| (u64_of(&r["blockNumber"]), u64_of(&r["transactionIndex"]));
    assert!(pos(&r0) < pos(&r1));
    assert_eq!(n.nonce(n.addr(2)).await, 2);
    let _: B256 = h0;
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_send_transaction_from_one_account() {
    // Scripts often fire several eth_sendTransaction at once (Promise.all): each must get its
    // own nonce.
    let n = std::sync::Arc::new(TestNode::start().await);
    let to = Address::repeat_byte(0x56);
    // Three rounds of 16 at once: the race (both read the same pending nonce) is narrow.
    for round in 0..3u64 {
        let mut tasks = Vec::new();
        for i in 0..16u64 {
            let n = n.clone();
            tasks.push(tokio::spawn(async move {
                n.rpc(
                    "eth_sendTransaction",
                    json!([{"from": n.addr(4), "to": to, "value": format!("{:#x}", i + 1)}]),
                )
                .await
            }));
        }
        let mut hashes = Vec::new();
        for t in tasks {
            let hash = t
                .await
                .unwrap()
                .unwrap_or_else(|e| panic!("round {round}: rejected: {e:?}"));
            hashes.push(b256_of(&hash));
        }
        for h in hashes {
            assert_eq!(n.wait_receipt(h).await["status"], "0x1");
        }
    }
    assert_eq!(n.nonce(n.addr(4)).await, 48);
    assert_eq!(n.balance(to, json!("latest")).await, U256::from(3 * 136));
    std::sync::Arc::into_inner(n).unwrap().stop().await;
}
