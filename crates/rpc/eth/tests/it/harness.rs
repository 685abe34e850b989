//! A dev node driven in-process through the jsonrpsee `RpcModule` (no network client), plus
//! signing helpers. Shared with `crates/node/tests/it` (included there with `#[path]`), hence
//! `allow(dead_code)`: each binary uses a different subset.
#![allow(dead_code, unreachable_pub)]

use alloy_consensus::{SignableTransaction, TxEip1559};
use alloy_eips::eip2718::Encodable2718;
use alloy_network::TxSignerSync;
use alloy_primitives::{Address, B256, Bytes, TxKind, U256, hex};
use alloy_signer_local::PrivateKeySigner;
use jsonrpsee::RpcModule;
use lumio_node::{DevConfig, DevNode};
use op_alloy_consensus::OpTxEnvelope;
use serde_json::{Value, json};
use std::{
    net::SocketAddr,
    path::PathBuf,
    time::{Duration, Instant},
};

/// 1 gwei, the genesis base fee.
pub const GWEI: u128 = 1_000_000_000;
/// Default chain id of the dev node.
pub const CHAIN_ID: u64 = 9990;

/// A JSON-RPC error object.
#[derive(Debug, Clone)]
pub struct RpcErr {
    pub code: i64,
    pub message: String,
    pub data: Option<Value>,
}

/// Config for tests: ephemeral port, optional datadir and block time.
pub fn config(datadir: Option<PathBuf>, block_time: Option<Duration>) -> DevConfig {
    DevConfig {
        http_addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        datadir,
        block_time,
        ..DevConfig::default()
    }
}

/// A running dev node and its RPC module.
pub struct TestNode {
    pub node: DevNode,
    pub module: RpcModule<()>,
    pub signers: Vec<PrivateKeySigner>,
}

impl TestNode {
    /// Instant mining, temporary datadir.
    pub async fn start() -> Self {
        Self::start_with(&config(None, None)).await
    }

    pub async fn start_with(cfg: &DevConfig) -> Self {
        let node = DevNode::start(cfg).await.expect("dev node starts");
        let module = lumio_rpc_eth::rpc_module(node.ctx.clone()).expect("rpc module");
        // The node's own unlocked accounts (deriving them again costs ~0.25 s in debug builds).
        let signers = node.ctx.signers.to_vec();
        assert_eq!(signers.len() as u32, cfg.accounts);
        Self {
            node,
            module,
            signers,
        }
    }

    pub async fn stop(self) {
        drop(self.module);
        self.node.stop().await.expect("clean stop");
    }

    pub fn addr(&self, i: usize) -> Address {
        self.signers[i].address()
    }

    /// Sends a raw JSON-RPC request string; returns the whole response object.
    pub async fn raw(&self, request: &str) -> Value {
        let (resp, _rx) = tokio::time::timeout(
            Duration::from_secs(20),
            self.module.raw_json_request(request, 1),
        )
        .await
        .expect("rpc answered in time")
        .expect("request parses");
        serde_json::from_str(resp.get()).unwrap()
    }

    /// Calls `method` with a JSON array of params.
    pub async fn rpc(&self, method: &str, params: Value) -> Result<Value, RpcErr> {
        let req = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
        let resp = self.raw(&req.to_string()).await;
        if let Some(err) = resp.get("error") {
            return Err(RpcErr {
                code: err["code"].as_i64().unwrap(),
                message: err["message"].as_str().unwrap().to_owned(),
                data: err.get("data").cloned(),
            });
        }
        Ok(resp["result"].clone())
    }

    pub async fn ok(&self, method: &str, params: Value) -> Value {
        match self.rpc(method, params.clone()).await {
            Ok(v) => v,
            Err(e) => panic!("{method}({params}) failed: {e:?}"),
        }
    }

    pub async fn err(&self, method: &str, params: Value) -> RpcErr {
        match self.rpc(method, params.clone()).await {
            Ok(v) => panic!("{method}({params}) should fail, returned {v}"),
            Err(e) => e,
        }
    }

    pub async fn block_number(&self) -> u64 {
        u64_of(&self.ok("eth_blockNumber", json!([])).await)
    }

    pub async fn balance(&self, addr: Address, block: Value) -> U256 {
        u256_of(&self.ok("eth_getBalance", json!([addr, block])).await)
    }

    pub async fn nonce(&self, addr: Address) -> u64 {
        u64_of(
            &self
                .ok("eth_getTransactionCount", json!([addr, "latest"]))
                .await,
        )
    }

    /// Signs an EIP-1559 transaction from dev account `from` (fees: 2 gwei cap, 1 gwei tip).
    pub fn sign(&self, from: usize, tx: Tx) -> Bytes {
        sign_with(&self.signers[from], tx)
    }

    pub async fn send_raw(&self, raw: &Bytes) -> Result<B256, RpcErr> {
        self.rpc("eth_sendRawTransaction", json!([raw]))
            .await
            .map(|v| serde_json::from_value(v).unwrap())
    }

    /// Sends and waits for the receipt.
    pub async fn send_and_mine(&self, from: usize, tx: Tx) -> Value {
        let hash = self.send_raw(&self.sign(from, tx)).await.expect("accepted");
        self.wait_receipt(hash).await
    }

    /// Polls `eth_getTransactionReceipt` for up to 10 s.
    pub async fn wait_receipt(&self, hash: B256) -> Value {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let r = self.ok("eth_getTransactionReceipt", json!([hash])).await;
            if !r.is_null() {
                return r;
            }
            assert!(
                Instant::now() < deadline,
                "no receipt for {hash} within 10 s"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Polls until the head reaches `number` (10 s at most).
    pub async fn wait_block(&self, number: u64) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.block_number().await < number {
            assert!(Instant::now() < deadline, "block {number} not reached");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Deploys [`STORE_LOG_INIT`] from account `from`; returns (contract address, receipt).
    pub async fn deploy(&self, from: usize) -> (Address, Value) {
        let nonce = self.nonce(self.addr(from)).await;
        let receipt = self
            .send_and_mine(
                from,
                Tx {
                    nonce,
                    to: None,
                    input: Bytes::from_static(&STORE_LOG_INIT),
                    gas: 200_000,
                    ..Tx::default()
                },
            )
            .await;
        assert_eq!(receipt["status"], "0x1", "deploy failed: {receipt}");
        let address: Address = serde_json::from_value(receipt["contractAddress"].clone()).unwrap();
        (address, receipt)
    }
}

/// An EIP-1559 transaction to sign; defaults: a 1 wei transfer to 0x…beef, 21000 gas,
/// 2 gwei fee cap, 1 gwei tip, chain 9990.
#[derive(Debug, Clone)]
pub struct Tx {
    pub chain_id: u64,
    pub nonce: u64,
    pub to: Option<Address>,
    pub value: U256,
    pub input: Bytes,
    pub gas: u64,
    pub max_fee: u128,
    pub tip: u128,
}

impl Default for Tx {
    fn default() -> Self {
        Self {
            chain_id: CHAIN_ID,
            nonce: 0,
            to: Some(Address::with_last_byte(0xef)),
            value: U256::from(1),
            input: Bytes::new(),
            gas: 21_000,
            max_fee: 2 * GWEI,
            tip: GWEI,
        }
    }
}

pub fn sign_with(signer: &PrivateKeySigner, t: Tx) -> Bytes {
    let mut tx = TxEip1559 {
        chain_id: t.chain_id,
        nonce: t.nonce,
        gas_limit: t.gas,
        max_fee_per_gas: t.max_fee,
        max_priority_fee_per_gas: t.tip,
        to: t.to.map_or(TxKind::Create, TxKind::Call),
        value: t.value,
        access_list: Default::default(),
        input: t.input,
    };
    let sig = signer.sign_transaction_sync(&mut tx).unwrap();
    OpTxEnvelope::Eip1559(tx.into_signed(sig))
        .encoded_2718()
        .into()
}

pub fn u64_of(v: &Value) -> u64 {
    let s = v.as_str().unwrap_or_else(|| panic!("not a quantity: {v}"));
    u64::from_str_radix(s.trim_start_matches("0x"), 16).unwrap()
}

pub fn u128_of(v: &Value) -> u128 {
    let s = v.as_str().unwrap_or_else(|| panic!("not a quantity: {v}"));
    u128::from_str_radix(s.trim_start_matches("0x"), 16).unwrap()
}

pub fn u256_of(v: &Value) -> U256 {
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("not a U256 {v}: {e}"))
}

pub fn b256_of(v: &Value) -> B256 {
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("not a B256 {v}: {e}"))
}

pub fn word(v: u64) -> B256 {
    B256::from(U256::from(v))
}

/// Topic of the log the test contract emits (`PUSH1 0x2a` as topic 0).
pub fn log_topic() -> B256 {
    word(0x2a)
}

/// Runtime of the hand-written test contract (52 bytes):
///
/// ```text
/// 00 CALLDATASIZE ISZERO PUSH1 0x1c JUMPI      ; no calldata -> getter
/// 05 PUSH1 0 CALLDATALOAD                      ; v = calldata[0..32]
/// 08 DUP1 ISZERO PUSH1 0x28 JUMPI              ; v == 0 -> revert
/// 0d DUP1 PUSH1 0 SSTORE                       ; slot0 = v
/// 11 PUSH1 0 MSTORE                            ; mem[0..32] = v
/// 14 PUSH1 0x2a PUSH1 0x20 PUSH1 0 LOG1        ; log(data = v, topic0 = 0x2a)
/// 1b STOP
/// 1c JUMPDEST PUSH1 0 SLOAD PUSH1 0 MSTORE PUSH1 0x20 PUSH1 0 RETURN   ; return slot0
/// 28 JUMPDEST PUSH2 0xbeef PUSH1 0 MSTORE PUSH1 0x20 PUSH1 0 REVERT    ; revert(word 0xbeef)
/// ```
pub const STORE_LOG_RUNTIME: [u8; 52] = hex!(
    "3615601c57" "600035" "801560285780" "600055" "600052" "602a60206000a1" "00"
    "5b600054600052" "60206000f3"
    "5b61beef600052" "60206000fd"
);

/// Init code: `slot0 = 7`, then return the runtime (copied from offset 0x10, 0x34 bytes).
///
/// ```text
/// PUSH1 7 PUSH1 0 SSTORE PUSH1 0x34 DUP1 PUSH1 0x10 PUSH1 0 CODECOPY PUSH1 0 RETURN
/// ```
pub const STORE_LOG_INIT: [u8; 68] = hex!(
    "6007600055" "603480" "6010600039" "6000f3"
    "3615601c57" "600035" "801560285780" "600055" "600052" "602a60206000a1" "00"
    "5b600054600052" "60206000f3"
    "5b61beef600052" "60206000fd"
);
