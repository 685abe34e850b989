//! `lumio dev`: local development chain (ARCHITECTURE §7).

use lumio_node::{DevConfig, Hardfork};
use std::{net::IpAddr, path::PathBuf, process::ExitCode, time::Duration};

/// Arguments of `lumio dev`.
#[derive(Debug, clap::Args)]
pub(crate) struct DevArgs {
    /// Data directory. Default: a fresh temporary directory, removed at exit (see --persist).
    #[arg(long)]
    datadir: Option<PathBuf>,
    /// Keep the chain in `./lumio-data` (or --datadir) across restarts.
    #[arg(long)]
    persist: bool,
    /// Interval mining every <ms> milliseconds; instant mining when unset.
    #[arg(long = "block-time", value_name = "MS")]
    block_time: Option<u64>,
    /// Ethereum JSON-RPC port (HTTP and WebSocket).
    #[arg(long = "http.port", default_value_t = 8545)]
    http_port: u16,
    /// Ethereum JSON-RPC listen address.
    #[arg(long = "http.addr", default_value = "127.0.0.1")]
    http_addr: IpAddr,
    /// EVM chain id.
    #[arg(long = "chain-id", default_value_t = 9990)]
    chain_id: u64,
    /// OP hardfork: holocene, isthmus or jovian.
    #[arg(long, default_value = "isthmus")]
    hardfork: Hardfork,
    /// Mnemonic of the prefunded dev accounts.
    #[arg(long, default_value = lumio_node::DEFAULT_MNEMONIC)]
    mnemonic: String,
    /// Number of prefunded dev accounts.
    #[arg(long, default_value_t = 10)]
    accounts: u32,
    /// Balance of each dev account, in ETH.
    #[arg(long, default_value_t = 10_000)]
    balance: u64,
    /// Block gas limit.
    #[arg(long = "gas-limit", default_value_t = 30_000_000)]
    gas_limit: u64,
    /// Max blocks one eth_getLogs may span.
    #[arg(long = "rpc.max-logs-range", default_value_t = 10_000)]
    max_logs_range: u64,
    /// Max requests in one JSON-RPC batch.
    #[arg(long = "rpc.max-batch", default_value_t = 1000)]
    max_batch: u32,
    /// Max JSON-RPC request body in bytes.
    #[arg(long = "rpc.max-request-size", default_value_t = 15 * 1024 * 1024)]
    max_request_size: u32,
    /// Database page cache in MiB (a fixed cost; the OS caches the database file too).
    #[arg(long = "db.cache-mb", default_value_t = 1024)]
    db_cache_mb: usize,
}

pub(crate) fn run(args: DevArgs) -> anyhow::Result<ExitCode> {
    let defaults = DevConfig::default();
    let config = DevConfig {
        datadir: match (args.datadir, args.persist) {
            (Some(dir), _) => Some(dir),
            (None, true) => Some(PathBuf::from("lumio-data")),
            (None, false) => None,
        },
        http_addr: (args.http_addr, args.http_port).into(),
        chain_id: args.chain_id,
        hardfork: args.hardfork,
        block_time: args.block_time.map(Duration::from_millis),
        mnemonic: args.mnemonic,
        accounts: args.accounts,
        balance_eth: args.balance,
        gas_limit: args.gas_limit,
        db_cache_bytes: args.db_cache_mb.saturating_mul(1 << 20),
        rpc: lumio_node::RpcConfig {
            max_logs_block_range: args.max_logs_range,
            max_batch_size: args.max_batch,
            max_request_body_size: args.max_request_size,
            ..defaults.rpc.clone()
        },
        ..defaults
    };
    if config.block_time == Some(Duration::ZERO) {
        anyhow::bail!("--block-time must be at least 1 ms (omit it for instant mining)");
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    // The start freed most of what it allocated (a genesis of 1M accounts peaks near 1.7 GB and
    // keeps ~0.5 GB); mimalloc returns freed pages to the OS only lazily, so they would stay in
    // the process's RSS. One forced collection once the node is up hands them back.
    runtime.block_on(lumio_node::run_dev_with(config, release_freed_memory))?;
    Ok(ExitCode::SUCCESS)
}

/// Returns the pages mimalloc holds free to the OS (the process's one `unsafe` call: FFI into
/// the global allocator, which has no preconditions).
#[allow(unsafe_code)]
fn release_freed_memory() {
    // SAFETY: `mi_collect` only walks mimalloc's own heaps and segments; any thread may call it
    // at any time.
    unsafe { libmimalloc_sys::mi_collect(true) }
}
