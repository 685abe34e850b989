//! `lumio bench rpc-reads`: how fast the node answers for mined transactions, by block size.
//!
//! A dev node runs in-process on a temporary datadir (file-backed store, 1e9 block gas limit,
//! no automatic blocks). For each configured size it signs that many transfers from 100 dev
//! accounts, submits them over HTTP (`eth_sendRawTransaction`, batches of 500) and mines them
//! into ONE block with `evm_mine`. Then, against the real JSON-RPC server on 127.0.0.1 over
//! HTTP, for each block:
//!
//! - `eth_getTransactionReceipt` in batches of [`ReadsConfig::batch`] (default 50),
//!   [`ReadsConfig::in_flight`] batches in flight, for [`ReadsConfig::secs`] seconds: receipts/s;
//! - `eth_getTransactionByHash`, the same way: transactions/s;
//! - `eth_getBlockByNumber(n, true)` and `eth_getBlockReceipts(n)`: best of three, ms.
//!
//! The dev chain has no L1, so a block holds exactly the submitted transfers.
//!
//! Every answer is checked (the receipt or transaction of the hash asked for, full blocks and
//! block receipts of the right length) before it counts. The client runs on the thread that
//! drives the benchmark, the server on the runtime's workers: on a 2-core machine they share
//! the cores, as a load tool on the same host would.

use crate::{BenchError, Result};
use alloy_primitives::{B256, Bytes, U64};
use alloy_signer_local::PrivateKeySigner;
use jsonrpsee_core::{client::ClientT, params::BatchRequestBuilder, rpc_params};
use jsonrpsee_http_client::{HttpClient, HttpClientBuilder};
use lumio_node::{DevConfig, DevNode};
use serde::{Deserialize, de::IgnoredAny};
use std::{
    net::SocketAddr,
    time::{Duration, Instant},
};

/// What to measure. Defaults are noted per field.
#[derive(Debug, Clone)]
pub struct ReadsConfig {
    /// Transactions per block, one block each. Default 1,000 and 20,000.
    pub block_sizes: Vec<usize>,
    /// Requests per batch. Default 50.
    pub batch: usize,
    /// Batches in flight at once. Default 4.
    pub in_flight: usize,
    /// Seconds per throughput figure. Default 3.
    pub secs: f64,
}

impl Default for ReadsConfig {
    fn default() -> Self {
        Self {
            block_sizes: vec![1_000, 20_000],
            batch: 50,
            in_flight: 4,
            secs: 3.0,
        }
    }
}

/// The figures of one block.
#[derive(Debug, Clone)]
pub struct BlockFigures {
    /// Transactions in the block.
    pub txs: usize,
    /// Wall time of the `evm_mine` call that built and committed the block.
    pub mine_ms: f64,
    /// Batched `eth_getTransactionReceipt` answers per second.
    pub receipts_per_sec: f64,
    /// Batched `eth_getTransactionByHash` answers per second.
    pub txs_by_hash_per_sec: f64,
    /// Best `eth_getBlockByNumber(n, true)` time.
    pub full_block_ms: f64,
    /// Best `eth_getBlockReceipts(n)` time.
    pub block_receipts_ms: f64,
}

/// Dev accounts that send the transfers.
const SENDERS: u32 = 100;
/// Transactions per `eth_sendRawTransaction` batch while filling a block.
const SUBMIT_BATCH: usize = 500;

/// Runs the workload on a fresh multi-threaded runtime and prints the table.
pub fn run(config: &ReadsConfig) -> Result<Vec<BlockFigures>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run_async(config))
}

async fn run_async(config: &ReadsConfig) -> Result<Vec<BlockFigures>> {
    if config.batch == 0 || config.in_flight == 0 || config.block_sizes.contains(&0) {
        return Err(BenchError::Check(
            "batch, in-flight and block sizes must be positive".into(),
        ));
    }
    let datadir = tempfile::Builder::new()
        .prefix("lumio-bench-reads-")
        .tempdir()?;
    let node_config = DevConfig {
        datadir: Some(datadir.path().to_path_buf()),
        http_addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        // Blocks only when the benchmark asks (`evm_mine`).
        block_time: Some(Duration::from_secs(365 * 24 * 3600)),
        accounts: SENDERS,
        gas_limit: 1_000_000_000,
        pool_size: 200_000,
        print_banner: false,
        ..DevConfig::default()
    };
    let node = DevNode::start(&node_config).await?;
    let client = HttpClientBuilder::default()
        .max_request_size(u32::MAX)
        .max_response_size(u32::MAX)
        .request_timeout(Duration::from_secs(600))
        .build(format!("http://{}", node.rpc_addr))?;
    let signers = node.ctx.signers.to_vec();
    println!(
        "rpc-reads: HTTP on {}, batches of {}, {} in flight, {:.0} s per figure, file-backed store",
        node.rpc_addr, config.batch, config.in_flight, config.secs
    );

    let mut nonces = vec![0u64; signers.len()];
    let mut blocks = Vec::new();
    for &size in &config.block_sizes {
        let (number, hashes, mine_ms) = fill_block(&client, &signers, &mut nonces, size).await?;
        blocks.push((number, hashes, mine_ms));
    }

    let mut figures = Vec::new();
    println!(
        "{:>8} {:>10} {:>12} {:>14} {:>16} {:>18}",
        "txs", "mine ms", "receipts/s", "tx-by-hash/s", "full block ms", "block receipts ms"
    );
    for (number, hashes, mine_ms) in &blocks {
        let receipts_per_sec = read_rate(
            &client,
            config,
            "eth_getTransactionReceipt",
            hashes,
            |r: &Option<ReceiptHash>| r.as_ref().map(|r| r.transaction_hash),
        )
        .await?;
        let txs_by_hash_per_sec = read_rate(
            &client,
            config,
            "eth_getTransactionByHash",
            hashes,
            |t: &Option<TxHash>| t.as_ref().map(|t| t.hash),
        )
        .await?;
        // The dev chain has no L1, so no L1-info deposit: the block is the submitted transfers.
        let expected = hashes.len();
        let full_block_ms = best_of_three(|| async {
            let block: Option<BlockTxs> = client
                .request(
                    "eth_getBlockByNumber",
                    rpc_params![U64::from(*number), true],
                )
                .await?;
            check_len(block.map(|b| b.transactions.len()), expected, "full block")
        })
        .await?;
        let block_receipts_ms = best_of_three(|| async {
            let receipts: Option<Vec<IgnoredAny>> = client
                .request("eth_getBlockReceipts", rpc_params![U64::from(*number)])
                .await?;
            check_len(receipts.map(|r| r.len()), expected, "block receipts")
        })
        .await?;
        let row = BlockFigures {
            txs: hashes.len(),
            mine_ms: *mine_ms,
            receipts_per_sec,
            txs_by_hash_per_sec,
            full_block_ms,
            block_receipts_ms,
        };
        println!(
            "{:>8} {:>10.0} {:>12.0} {:>14.0} {:>16.1} {:>18.1}",
            row.txs,
            row.mine_ms,
            row.receipts_per_sec,
            row.txs_by_hash_per_sec,
            row.full_block_ms,
            row.block_receipts_ms
        );
        figures.push(row);
    }
    drop(client);
    node.stop().await?;
    Ok(figures)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReceiptHash {
    transaction_hash: B256,
}

#[derive(Debug, Deserialize)]
struct TxHash {
    hash: B256,
}

#[derive(Debug, Deserialize)]
struct BlockTxs {
    transactions: Vec<IgnoredAny>,
}

fn check_len(got: Option<usize>, expected: usize, what: &str) -> Result<()> {
    match got {
        Some(n) if n == expected => Ok(()),
        other => Err(BenchError::Check(format!(
            "{what}: {other:?} entries, expected {expected}"
        ))),
    }
}

/// Signs `size` transfers round-robin over the senders, submits them and mines them into one
/// block. Returns the block number, the transaction hashes and the `evm_mine` wall time.
async fn fill_block(
    client: &HttpClient,
    signers: &[PrivateKeySigner],
    nonces: &mut [u64],
    size: usize,
) -> Result<(u64, Vec<B256>, f64)> {
    let raws: Vec<Bytes> = (0..size)
        .map(|i| {
            let sender = i % signers.len();
            let nonce = nonces[sender];
            nonces[sender] += 1;
            crate::signed_transfer(&signers[sender], nonce, i as u64)
        })
        .collect();
    let mut hashes = Vec::with_capacity(size);
    for chunk in raws.chunks(SUBMIT_BATCH) {
        let mut batch = BatchRequestBuilder::new();
        for raw in chunk {
            batch
                .insert("eth_sendRawTransaction", rpc_params![raw])
                .map_err(|e| BenchError::Check(e.to_string()))?;
        }
        let response = client.batch_request::<B256>(batch).await?;
        for entry in response {
            hashes.push(entry.map_err(|e| e.into_owned())?);
        }
    }
    let before: U64 = client.request("eth_blockNumber", rpc_params![]).await?;
    let started = Instant::now();
    let _: String = client.request("evm_mine", rpc_params![]).await?;
    let mine_ms = started.elapsed().as_secs_f64() * 1e3;
    let number = before.to::<u64>() + 1;
    let count: Option<U64> = client
        .request(
            "eth_getBlockTransactionCountByNumber",
            rpc_params![U64::from(number)],
        )
        .await?;
    check_len(count.map(|c| c.to::<usize>()), size, "mined block")?;
    Ok((number, hashes, mine_ms))
}

/// Answers per second of `method(hash)` over the block's hashes, in batches, several in
/// flight, for the configured time (batches in flight at the deadline finish and count).
async fn read_rate<R>(
    client: &HttpClient,
    config: &ReadsConfig,
    method: &'static str,
    hashes: &[B256],
    hash_of: fn(&R) -> Option<B256>,
) -> Result<f64>
where
    R: serde::de::DeserializeOwned + std::fmt::Debug,
{
    let batches: Vec<&[B256]> = hashes.chunks(config.batch).collect();
    let next = std::cell::Cell::new(0usize);
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(config.secs);
    let worker = || async {
        let mut answered = 0usize;
        while Instant::now() < deadline {
            let i = next.get();
            next.set(i + 1);
            let chunk = batches[i % batches.len()];
            let mut batch = BatchRequestBuilder::new();
            for hash in chunk {
                batch
                    .insert(method, rpc_params![hash])
                    .map_err(|e| BenchError::Check(e.to_string()))?;
            }
            let response = client.batch_request::<R>(batch).await?;
            for (entry, asked) in response.into_iter().zip(chunk) {
                let got = hash_of(&entry.map_err(|e| e.into_owned())?);
                if got != Some(*asked) {
                    return Err(BenchError::Check(format!(
                        "{method}({asked}) answered for {got:?}"
                    )));
                }
                answered += 1;
            }
        }
        Ok::<_, BenchError>(answered)
    };
    let results = futures::future::join_all((0..config.in_flight).map(|_| worker())).await;
    let mut total = 0;
    for r in results {
        total += r?;
    }
    Ok(total as f64 / started.elapsed().as_secs_f64())
}

/// Best wall time of three runs of `f`, in ms.
async fn best_of_three<F, Fut>(f: F) -> Result<f64>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<()>>,
{
    let mut best = f64::MAX;
    for _ in 0..3 {
        let started = Instant::now();
        f().await?;
        best = best.min(started.elapsed().as_secs_f64() * 1e3);
    }
    Ok(best)
}
