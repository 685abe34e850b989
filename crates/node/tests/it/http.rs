//! The real HTTP server on `DevNode::rpc_addr` (raw HTTP/1.1 over TCP, no client library):
//! single requests, batches, the batch limit, CORS.

use crate::harness::*;
use serde_json::{Value, json};
use std::{net::SocketAddr, time::Duration};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

/// POSTs `body` and returns (status line, headers+body text).
async fn post(addr: SocketAddr, body: &str, extra_headers: &str) -> (String, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n{extra_headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut out))
        .await
        .expect("response within 10 s")
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    let status = text.lines().next().unwrap_or_default().to_owned();
    (status, text)
}

fn body_json(text: &str) -> Value {
    let body = text.split("\r\n\r\n").nth(1).expect("a body");
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_single_batch_and_cors() {
    let mut cfg = config(None, None);
    cfg.rpc.max_batch_size = 3;
    let n = TestNode::start_with(&cfg).await;
    let addr = n.node.rpc_addr;
    assert_ne!(addr.port(), 0, "the bound port is reported");

    let (status, text) = post(
        addr,
        r#"{"jsonrpc":"2.0","id":7,"method":"eth_chainId","params":[]}"#,
        "Origin: http://example.test\r\n",
    )
    .await;
    assert!(status.contains("200"), "{status}");
    assert_eq!(
        body_json(&text),
        json!({"jsonrpc": "2.0", "id": 7, "result": "0x2706"})
    );
    assert!(
        text.to_ascii_lowercase()
            .contains("access-control-allow-origin: *"),
        "permissive CORS: {text}"
    );

    let batch = json!([
        {"jsonrpc": "2.0", "id": 1, "method": "eth_blockNumber", "params": []},
        {"jsonrpc": "2.0", "id": 2, "method": "net_version", "params": []},
        {"jsonrpc": "2.0", "id": 3, "method": "eth_getBalance", "params": ["0xzz", "latest"]},
    ]);
    let (_, text) = post(addr, &batch.to_string(), "").await;
    let mut items = body_json(&text).as_array().unwrap().clone();
    items.sort_by_key(|v| v["id"].as_u64());
    assert_eq!(items[0]["result"], "0x0");
    assert_eq!(items[1]["result"], "9990");
    assert_eq!(items[2]["error"]["code"], -32602);

    // Over the batch limit (3): refused as a whole.
    let big: Vec<Value> = (0..4)
        .map(|i| json!({"jsonrpc": "2.0", "id": i, "method": "eth_chainId", "params": []}))
        .collect();
    let (_, text) = post(addr, &Value::from(big).to_string(), "").await;
    let resp = body_json(&text);
    assert!(resp["error"]["code"].is_i64(), "{resp}");

    // Not JSON: a parse error, and the server still answers afterwards.
    let (_, text) = post(addr, "{not json", "").await;
    assert_eq!(body_json(&text)["error"]["code"], -32700);
    let (_, text) = post(
        addr,
        r#"{"jsonrpc":"2.0","id":8,"method":"eth_syncing","params":[]}"#,
        "",
    )
    .await;
    assert_eq!(body_json(&text)["result"], false);
    n.stop().await;
    // Stopped: the port no longer accepts connections.
    assert!(TcpStream::connect(addr).await.is_err());
}
