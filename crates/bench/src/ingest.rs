//! `lumio bench ingest`: how fast pre-signed transfers get into the pool, from hot senders with
//! deep nonce queues (the burst of issue #11) and from many senders.
//!
//! Two parts per load shape (`senders × per_sender` transfers, each sender's in nonce order,
//! interleaved across senders):
//!
//! 1. **`pool.add` alone**, in-process, no RPC: the decoded, recovered transactions go into a
//!    fresh `TxPool` (the node's limits) over an in-memory state, in nonce order and — for shapes
//!    with more than one transaction per sender — in reverse nonce order per sender (everything
//!    queues behind a gap until nonce 0 arrives, then the whole queue is promoted). Best of
//!    [`IngestConfig::pool_rounds`] rounds.
//! 2. **`eth_sendRawTransaction` over HTTP** against a dev node in-process (temporary datadir,
//!    block gas limit 1e9, interval mining every [`IngestConfig::block_time`]): the transfers in
//!    batches of [`IngestConfig::batch`], [`IngestConfig::clients`] clients each taking the next
//!    batch as soon as its previous one is answered (so batches of one sender can arrive out of
//!    order and queue behind a gap). Accepted tx/s = transactions / time until the last batch is
//!    answered; every answer must be the transaction's own hash. Then the time until the last
//!    transaction of every sender has a receipt (counted from the first submission).
//!
//! Signing happens before the clock starts. Client and node share the machine's cores, as a
//! load tool on the same host would.

use crate::{BenchError, Result};
use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use alloy_signer_local::PrivateKeySigner;
use jsonrpsee_core::{client::ClientT, params::BatchRequestBuilder, rpc_params};
use jsonrpsee_http_client::HttpClientBuilder;
use lumio_node::{DevConfig, DevNode, derive_dev_accounts};
use lumio_primitives::{AccountState, StateError, StateReader};
use lumio_txpool::{PoolConfig, PooledTx, TxPool};
use serde::de::IgnoredAny;
use std::{
    collections::HashMap,
    net::SocketAddr,
    time::{Duration, Instant},
};

/// A load: `senders` accounts, `per_sender` transfers each (nonces `0..per_sender`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Sending accounts.
    pub senders: u32,
    /// Transfers per sender.
    pub per_sender: u64,
}

impl Shape {
    /// Transactions in the load.
    pub const fn txs(&self) -> u64 {
        self.senders as u64 * self.per_sender
    }
}

/// What to measure. Defaults are noted per field.
#[derive(Debug, Clone)]
pub struct IngestConfig {
    /// Loads, one after the other (a fresh node each). Default 10 × 2,000 and 5,000 × 4.
    pub shapes: Vec<Shape>,
    /// Transactions per JSON-RPC batch. Default 100.
    pub batch: usize,
    /// Concurrent clients. Default 4.
    pub clients: usize,
    /// Block interval of the node. Default 1 s.
    pub block_time: Duration,
    /// Rounds of the `pool.add` part (best is printed). Default 3.
    pub pool_rounds: usize,
    /// Skip the RPC part (only `pool.add`). Default false.
    pub pool_only: bool,
}

impl Default for IngestConfig {
    fn default() -> Self {
        Self {
            shapes: vec![
                Shape {
                    senders: 10,
                    per_sender: 2_000,
                },
                Shape {
                    senders: 5_000,
                    per_sender: 4,
                },
            ],
            batch: 100,
            clients: 4,
            block_time: Duration::from_secs(1),
            pool_rounds: 3,
            pool_only: false,
        }
    }
}

impl IngestConfig {
    /// The defaults, changed by the environment: `LUMIO_INGEST_SHAPES` (comma-separated
    /// `SENDERSxPER_SENDER`, e.g. `10x2000,5000x4`), `LUMIO_INGEST_BATCH`,
    /// `LUMIO_INGEST_CLIENTS`, `LUMIO_INGEST_BLOCK_MS`, `LUMIO_INGEST_POOL_ONLY=1`.
    pub fn from_env() -> Result<Self> {
        let mut config = Self::default();
        let var = |name: &str| std::env::var(name).ok().map(|v| v.trim().to_owned());
        let bad =
            |name: &str, value: &str| BenchError::Check(format!("{name}: bad value `{value}`"));
        if let Some(shapes) = var("LUMIO_INGEST_SHAPES") {
            config.shapes = shapes
                .split(',')
                .map(|s| {
                    let (senders, per) = s
                        .trim()
                        .split_once('x')
                        .ok_or_else(|| bad("LUMIO_INGEST_SHAPES", s))?;
                    Ok(Shape {
                        senders: senders.parse().map_err(|_| bad("LUMIO_INGEST_SHAPES", s))?,
                        per_sender: per.parse().map_err(|_| bad("LUMIO_INGEST_SHAPES", s))?,
                    })
                })
                .collect::<Result<_>>()?;
        }
        if let Some(v) = var("LUMIO_INGEST_BATCH") {
            config.batch = v.parse().map_err(|_| bad("LUMIO_INGEST_BATCH", &v))?;
        }
        if let Some(v) = var("LUMIO_INGEST_CLIENTS") {
            config.clients = v.parse().map_err(|_| bad("LUMIO_INGEST_CLIENTS", &v))?;
        }
        if let Some(v) = var("LUMIO_INGEST_BLOCK_MS") {
            let ms: u64 = v.parse().map_err(|_| bad("LUMIO_INGEST_BLOCK_MS", &v))?;
            config.block_time = Duration::from_millis(ms);
        }
        config.pool_only = var("LUMIO_INGEST_POOL_ONLY").is_some_and(|v| v == "1");
        Ok(config)
    }
}

/// `pool.add` figures of one shape and order.
#[derive(Debug, Clone)]
pub struct PoolFigures {
    /// The load.
    pub shape: Shape,
    /// Each sender's transactions in reverse nonce order (else in nonce order).
    pub reverse: bool,
    /// Best round: adds per second.
    pub adds_per_sec: f64,
}

/// RPC figures of one shape.
#[derive(Debug, Clone)]
pub struct RpcFigures {
    /// The load.
    pub shape: Shape,
    /// Seconds until the last batch was answered.
    pub accept_secs: f64,
    /// Transactions accepted per second.
    pub accepted_per_sec: f64,
    /// Seconds from the first submission until every transaction had a receipt.
    pub last_receipt_secs: f64,
}

/// Everything measured.
#[derive(Debug, Clone, Default)]
pub struct IngestFigures {
    /// `pool.add` alone.
    pub pool: Vec<PoolFigures>,
    /// Over HTTP.
    pub rpc: Vec<RpcFigures>,
}

const CHAIN_ID: u64 = crate::DEV_CHAIN_ID;

/// Runs the workload and prints the tables.
pub fn run(config: &IngestConfig) -> Result<IngestFigures> {
    if config.batch == 0
        || config.clients == 0
        || config.pool_rounds == 0
        || config.shapes.iter().any(|s| s.txs() == 0)
    {
        return Err(BenchError::Check(
            "batch, clients, rounds and shapes must be positive".into(),
        ));
    }
    let mut figures = IngestFigures::default();
    println!(
        "ingest: pool.add alone (in-process, node limits, best of {} rounds)",
        config.pool_rounds
    );
    println!(
        "{:>14} {:>9} {:>12} {:>10}",
        "shape", "order", "adds/s", "µs/add"
    );
    let mut loads = Vec::new();
    for &shape in &config.shapes {
        let signers = derive_dev_accounts(lumio_node::DEFAULT_MNEMONIC, shape.senders)
            .map_err(lumio_node::NodeError::from)?;
        let raws = sign_all(&signers, shape);
        let txs = recover_all(&raws)?;
        let orders: &[bool] = if shape.per_sender > 1 {
            &[false, true]
        } else {
            &[false]
        };
        for &reverse in orders {
            let row = pool_adds(&signers, shape, &txs, reverse, config.pool_rounds)?;
            println!(
                "{:>14} {:>9} {:>12.0} {:>10.2}",
                format!("{} x {}", shape.senders, shape.per_sender),
                if reverse { "reverse" } else { "nonce" },
                row.adds_per_sec,
                1e6 / row.adds_per_sec
            );
            figures.pool.push(row);
        }
        let senders: Vec<Address> = signers.iter().map(PrivateKeySigner::address).collect();
        loads.push((shape, senders, raws));
    }
    if config.pool_only {
        return Ok(figures);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    println!(
        "ingest: eth_sendRawTransaction over HTTP, batches of {}, {} clients, {} ms blocks",
        config.batch,
        config.clients,
        config.block_time.as_millis()
    );
    println!(
        "{:>14} {:>8} {:>10} {:>14} {:>16}",
        "shape", "txs", "accept s", "accepted tx/s", "last receipt s"
    );
    for (shape, senders, raws) in &loads {
        let shape = *shape;
        let row = runtime.block_on(rpc_ingest(config, shape, senders, raws))?;
        println!(
            "{:>14} {:>8} {:>10.2} {:>14.0} {:>16.2}",
            format!("{} x {}", shape.senders, shape.per_sender),
            shape.txs(),
            row.accept_secs,
            row.accepted_per_sec,
            row.last_receipt_secs
        );
        figures.rpc.push(row);
    }
    Ok(figures)
}

/// Signs every transfer of `shape`, interleaved across senders in nonce order
/// (`s0 n0, s1 n0, …, s0 n1, …`), on all cores.
fn sign_all(signers: &[PrivateKeySigner], shape: Shape) -> Vec<Bytes> {
    let total = shape.txs() as usize;
    let senders = signers.len();
    let one = |i: usize| {
        let sender = i % senders;
        crate::signed_transfer(&signers[sender], (i / senders) as u64, i as u64)
    };
    parallel_map(total, one)
}

/// `f(0..n)` in order, computed on all cores.
fn parallel_map<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = n.div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .step_by(chunk)
            .map(|start| {
                let f = &f;
                scope.spawn(move || (start..(start + chunk).min(n)).map(f).collect::<Vec<_>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

fn recover_all(raws: &[Bytes]) -> Result<Vec<PooledTx>> {
    parallel_map(raws.len(), |i| {
        lumio_execution::decode_and_recover(&raws[i], CHAIN_ID)
            .map(|tx| PooledTx::new(tx.hash, tx.sender, tx.envelope, tx.encoded))
            .map_err(|e| BenchError::Check(format!("own transaction does not decode: {e}")))
    })
    .into_iter()
    .collect()
}

/// The senders' accounts as the dev genesis funds them (10,000 ETH, nonce 0).
struct Funded(HashMap<Address, AccountState>);

impl StateReader for Funded {
    fn account(&self, address: Address) -> std::result::Result<Option<AccountState>, StateError> {
        Ok(self.0.get(&address).copied())
    }
    fn storage(&self, _: Address, _: U256) -> std::result::Result<U256, StateError> {
        Ok(U256::ZERO)
    }
    fn code(&self, _: B256) -> std::result::Result<Option<Bytes>, StateError> {
        Ok(None)
    }
    fn block_hash(&self, _: u64) -> std::result::Result<Option<B256>, StateError> {
        Ok(None)
    }
}

/// The pool limits `DevNode` configures, large enough for the load.
fn node_pool_config(shape: Shape) -> PoolConfig {
    let mut config = PoolConfig::new(CHAIN_ID);
    let defaults = DevConfig::default();
    config.block_gas_limit = 1_000_000_000;
    config.max_account_slots = defaults.pool_account_slots.max(shape.per_sender as usize);
    config.max_pool_size = defaults.pool_size.max(shape.txs() as usize);
    config
}

fn pool_adds(
    signers: &[PrivateKeySigner],
    shape: Shape,
    txs: &[PooledTx],
    reverse: bool,
    rounds: usize,
) -> Result<PoolFigures> {
    let eth = U256::from(10u64).pow(U256::from(18u64));
    let balance = U256::from(DevConfig::default().balance_eth) * eth;
    let state = Funded(
        signers
            .iter()
            .map(|s| {
                let account = AccountState {
                    balance,
                    ..AccountState::default()
                };
                (s.address(), account)
            })
            .collect(),
    );
    // `txs` is interleaved in nonce order: row `n` holds every sender's nonce `n`.
    let senders = shape.senders as usize;
    let order: Vec<usize> = if reverse {
        (0..txs.len())
            .map(|i| (txs.len() / senders - 1 - i / senders) * senders + i % senders)
            .collect()
    } else {
        (0..txs.len()).collect()
    };
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let mut pool = TxPool::new(node_pool_config(shape));
        let batch: Vec<PooledTx> = order.iter().map(|&i| txs[i].clone()).collect();
        let started = Instant::now();
        for tx in batch {
            pool.add(tx, &state)
                .map_err(|e| BenchError::Check(format!("pool refused a transfer: {e}")))?;
        }
        let secs = started.elapsed().as_secs_f64();
        if pool.pending_count() != txs.len() {
            return Err(BenchError::Check(format!(
                "{} of {} transfers pending after the adds",
                pool.pending_count(),
                txs.len()
            )));
        }
        best = best.min(secs);
    }
    Ok(PoolFigures {
        shape,
        reverse,
        adds_per_sec: txs.len() as f64 / best,
    })
}

async fn rpc_ingest(
    config: &IngestConfig,
    shape: Shape,
    senders: &[Address],
    raws: &[Bytes],
) -> Result<RpcFigures> {
    let datadir = tempfile::Builder::new()
        .prefix("lumio-bench-ingest-")
        .tempdir()?;
    let defaults = DevConfig::default();
    let node_config = DevConfig {
        datadir: Some(datadir.path().to_path_buf()),
        http_addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        block_time: Some(config.block_time),
        accounts: shape.senders,
        gas_limit: 1_000_000_000,
        pool_account_slots: defaults.pool_account_slots.max(shape.per_sender as usize),
        pool_size: defaults.pool_size.max(shape.txs() as usize),
        print_banner: false,
        ..defaults
    };
    let node = DevNode::start(&node_config).await?;
    let client = HttpClientBuilder::default()
        .max_request_size(u32::MAX)
        .max_response_size(u32::MAX)
        .request_timeout(Duration::from_secs(600))
        .build(format!("http://{}", node.rpc_addr))?;
    if node
        .ctx
        .signers
        .iter()
        .map(PrivateKeySigner::address)
        .ne(senders.iter().copied())
    {
        return Err(BenchError::Check(
            "the node's dev accounts are not the signers of the load".into(),
        ));
    }
    let hashes: Vec<B256> = raws.iter().map(keccak256).collect();
    let batches: Vec<(usize, &[Bytes])> = raws
        .chunks(config.batch)
        .enumerate()
        .map(|(i, chunk)| (i * config.batch, chunk))
        .collect();

    let next = std::cell::Cell::new(0usize);
    let started = Instant::now();
    let worker = || async {
        loop {
            let i = next.get();
            next.set(i + 1);
            let Some(&(offset, chunk)) = batches.get(i) else {
                return Ok::<_, BenchError>(());
            };
            let mut batch = BatchRequestBuilder::new();
            for raw in chunk {
                batch
                    .insert("eth_sendRawTransaction", rpc_params![raw])
                    .map_err(|e| BenchError::Check(e.to_string()))?;
            }
            let response = client.batch_request::<B256>(batch).await?;
            for (k, entry) in response.into_iter().enumerate() {
                let got = entry.map_err(|e| e.into_owned())?;
                if got != hashes[offset + k] {
                    return Err(BenchError::Check(format!(
                        "transaction {} answered {got}, expected {}",
                        offset + k,
                        hashes[offset + k]
                    )));
                }
            }
        }
    };
    for result in futures::future::join_all((0..config.clients).map(|_| worker())).await {
        result?;
    }
    let accept_secs = started.elapsed().as_secs_f64();

    // A sender's last nonce mined means all of its transactions were (nonces run in order).
    let mut waiting: Vec<B256> = hashes[hashes.len() - senders.len()..].to_vec();
    let deadline = Instant::now() + Duration::from_secs(600);
    while !waiting.is_empty() {
        let mut still = Vec::new();
        for chunk in waiting.chunks(1_000) {
            let mut batch = BatchRequestBuilder::new();
            for hash in chunk {
                batch
                    .insert("eth_getTransactionReceipt", rpc_params![hash])
                    .map_err(|e| BenchError::Check(e.to_string()))?;
            }
            let response = client.batch_request::<Option<IgnoredAny>>(batch).await?;
            for (entry, hash) in response.into_iter().zip(chunk) {
                if entry.map_err(|e| e.into_owned())?.is_none() {
                    still.push(*hash);
                }
            }
        }
        waiting = still;
        if Instant::now() > deadline {
            return Err(BenchError::Check(format!(
                "{} senders' last transactions not mined after 600 s",
                waiting.len()
            )));
        }
        if !waiting.is_empty() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
    let last_receipt_secs = started.elapsed().as_secs_f64();
    drop(client);
    node.stop().await?;
    Ok(RpcFigures {
        shape,
        accept_secs,
        accepted_per_sec: shape.txs() as f64 / accept_secs,
        last_receipt_secs,
    })
}
