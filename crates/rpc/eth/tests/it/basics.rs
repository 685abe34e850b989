//! Identity methods, malformed requests, and the node staying up after them.

use crate::harness::*;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identity_methods() {
    let n = TestNode::start().await;
    assert_eq!(n.ok("eth_chainId", json!([])).await, "0x2706"); // 9990
    assert_eq!(n.ok("net_version", json!([])).await, "9990");
    assert_eq!(n.ok("net_listening", json!([])).await, true);
    assert_eq!(n.ok("net_peerCount", json!([])).await, "0x0");
    let version = n.ok("web3_clientVersion", json!([])).await;
    assert!(
        version.as_str().unwrap().starts_with("lumio/v"),
        "{version}"
    );
    assert_eq!(n.ok("eth_syncing", json!([])).await, false);
    assert_eq!(n.ok("eth_blockNumber", json!([])).await, "0x0");
    // keccak256("") and keccak256(0x68656c6c6f)
    assert_eq!(
        n.ok("web3_sha3", json!(["0x"])).await,
        "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    );
    assert_eq!(
        n.ok("web3_sha3", json!(["0x68656c6c6f"])).await,
        "0x1c8aff950685c2ed4bc3174f3472287b56d9517b9c948127319a09a7a36deac8"
    );
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts_are_the_prefunded_dev_accounts() {
    let n = TestNode::start().await;
    let accounts = n.ok("eth_accounts", json!([])).await;
    let accounts = accounts.as_array().unwrap();
    assert_eq!(accounts.len(), 10);
    assert_eq!(
        accounts[0].as_str().unwrap().to_lowercase(),
        "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"
    );
    let ten_thousand_eth = alloy_primitives::U256::from(10_000u64)
        * alloy_primitives::U256::from(10u64).pow(alloy_primitives::U256::from(18));
    for (i, a) in accounts.iter().enumerate() {
        assert_eq!(
            a.as_str()
                .unwrap()
                .parse::<alloy_primitives::Address>()
                .unwrap(),
            n.addr(i)
        );
        assert_eq!(
            n.balance(n.addr(i), json!("latest")).await,
            ten_thousand_eth
        );
        assert_eq!(n.nonce(n.addr(i)).await, 0);
    }
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gas_price_methods() {
    let n = TestNode::start().await;
    // Empty head at 1 gwei: next base fee is lower, so gasPrice = 1 gwei + 0.001 gwei tip.
    assert_eq!(
        u128_of(&n.ok("eth_gasPrice", json!([])).await),
        GWEI + 1_000_000
    );
    assert_eq!(
        u128_of(&n.ok("eth_maxPriorityFeePerGas", json!([])).await),
        1_000_000
    );
    assert_eq!(n.ok("eth_blobBaseFee", json!([])).await, "0x1");
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_params_are_invalid_params_and_the_node_keeps_answering() {
    let n = TestNode::start().await;
    let bad = [
        ("eth_getBalance", json!(["0xzz", "latest"])),
        ("eth_getBalance", json!(["0x1234", "latest"])), // short address
        ("eth_getBlockByNumber", json!(["notatag", false])),
        ("eth_getBlockByNumber", json!([])),
        ("eth_getTransactionByHash", json!([42])),
        ("eth_call", json!(["not an object"])),
        ("eth_feeHistory", json!(["0x2", "latest", [75, 25]])), // unsorted percentiles
        ("eth_feeHistory", json!(["0x2", "latest", [101]])),
        ("eth_sendRawTransaction", json!(["0xnothex"])),
        ("eth_getFilterChanges", json!(["not a number"])),
        ("evm_revert", json!([{"x": 1}])),
    ];
    for (method, params) in bad {
        let err = n.err(method, params.clone()).await;
        assert_eq!(err.code, -32602, "{method}({params}): {err:?}");
    }
    // Both `data` and `input`, different: geth's invalid-params message.
    let err = n
        .err(
            "eth_call",
            json!([{"to": n.addr(1), "data": "0x01", "input": "0x02"}, "latest"]),
        )
        .await;
    assert_eq!(err.code, -32602);
    assert!(
        err.message.contains("both \"data\" and \"input\""),
        "{err:?}"
    );

    // Unknown method and not-JSON-RPC still get proper errors.
    assert_eq!(n.err("eth_noSuchMethod", json!([])).await.code, -32601);
    // Still alive and correct.
    assert_eq!(n.ok("eth_chainId", json!([])).await, "0x2706");
    let receipt = n.send_and_mine(0, Tx::default()).await;
    assert_eq!(receipt["status"], "0x1");
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_blocks_and_hashes() {
    let n = TestNode::start().await;
    let zero = alloy_primitives::B256::ZERO;
    assert!(
        n.ok("eth_getBlockByNumber", json!(["0x99", false]))
            .await
            .is_null()
    );
    assert!(
        n.ok("eth_getBlockByHash", json!([zero, false]))
            .await
            .is_null()
    );
    assert!(
        n.ok("eth_getTransactionByHash", json!([zero]))
            .await
            .is_null()
    );
    assert!(
        n.ok("eth_getTransactionReceipt", json!([zero]))
            .await
            .is_null()
    );
    assert!(
        n.ok("eth_getRawTransactionByHash", json!([zero]))
            .await
            .is_null()
    );
    assert!(
        n.ok("eth_getBlockReceipts", json!(["0x99"]))
            .await
            .is_null()
    );
    assert!(
        n.ok("eth_getBlockTransactionCountByNumber", json!(["0x99"]))
            .await
            .is_null()
    );
    // State at an unknown block: geth's "header not found", -32000.
    let err = n.err("eth_getBalance", json!([n.addr(0), "0x99"])).await;
    assert_eq!(
        (err.code, err.message.as_str()),
        (-32000, "header not found")
    );
    n.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_queries_by_block_hash_eip1898() {
    let n = TestNode::start().await;
    let genesis = n.ok("eth_getBlockByNumber", json!(["0x0", false])).await;
    let r = n.send_and_mine(0, Tx::default()).await;
    let before = n
        .ok(
            "eth_getBalance",
            json!([n.addr(0), {"blockHash": genesis["hash"]}]),
        )
        .await;
    let after = n
        .ok(
            "eth_getBalance",
            json!([n.addr(0), {"blockHash": r["blockHash"], "requireCanonical": true}]),
        )
        .await;
    assert_eq!(
        before,
        n.ok("eth_getBalance", json!([n.addr(0), "0x0"])).await
    );
    assert_eq!(
        after,
        n.ok("eth_getBalance", json!([n.addr(0), "latest"])).await
    );
    assert_ne!(before, after);
    assert_eq!(
        n.ok(
            "eth_getTransactionCount",
            json!([n.addr(0), {"blockNumber": "0x0"}])
        )
        .await,
        "0x0"
    );
    let err = n
        .err(
            "eth_getBalance",
            json!([n.addr(0), {"blockHash": alloy_primitives::B256::repeat_byte(1)}]),
        )
        .await;
    assert_eq!(
        (err.code, err.message.as_str()),
        (-32000, "header not found")
    );
    n.stop().await;
}
