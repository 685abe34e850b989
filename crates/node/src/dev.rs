//! `lumio dev`: a local chain with prefunded accounts, like anvil.

use crate::{DevConfig, NodeError, accounts::derive_dev_accounts, genesis, sequencer::Sequencer};
use alloy_primitives::{U256, hex};
use jsonrpsee::server::ServerHandle;
use lumio_primitives::{ChainSpec, GenesisAccount};
use lumio_rpc_eth::{DevSigners, EthContext, start_server};
use lumio_storage::{Store, StoreOptions};
use lumio_txpool::{PoolConfig, TxPool};
use parking_lot::Mutex;
use std::{
    collections::BTreeMap,
    net::SocketAddr,
    path::{Path, PathBuf},
    sync::Arc,
    time::{SystemTime, UNIX_EPOCH},
};
use tokio::sync::{Notify, broadcast, mpsc, oneshot, watch};

const CHAIN_FILE: &str = "chain.json";
/// How long [`DevNode::stop`] waits for the RPC tasks winding down to release the store.
const STORE_RELEASE_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// A running dev node: RPC server, sequencer and store. Stop it with [`DevNode::stop`].
#[derive(Debug)]
pub struct DevNode {
    /// Address the JSON-RPC server listens on (HTTP + WS).
    pub rpc_addr: SocketAddr,
    /// The data directory in use.
    pub datadir: PathBuf,
    /// The shared RPC context (store, pool, spec…), for in-process inspection.
    pub ctx: EthContext,
    server: ServerHandle,
    stop: watch::Sender<bool>,
    /// Result of the sequencer thread, sent when it ends.
    sequencer: oneshot::Receiver<Result<(), NodeError>>,
    // Removed on drop when the datadir is temporary.
    _tempdir: Option<tempfile::TempDir>,
}

impl DevNode {
    /// Opens (or creates, with genesis) the chain in the configured datadir and starts the RPC
    /// server and the sequencer.
    pub async fn start(config: &DevConfig) -> Result<Self, NodeError> {
        let signers = derive_dev_accounts(&config.mnemonic, config.accounts)?;
        let (tempdir, datadir) = match &config.datadir {
            Some(dir) => (None, dir.clone()),
            None => {
                let tmp = tempfile::Builder::new().prefix("lumio-dev-").tempdir()?;
                let path = tmp.path().to_path_buf();
                (Some(tmp), path)
            }
        };
        std::fs::create_dir_all(&datadir)?;

        let mut spec = load_or_create_spec(&datadir, config, &signers)?;
        let store = Arc::new(Store::open_with(datadir.join("db"), store_options(config))?);
        let resumed = store.latest_block_number()?.is_some();
        if !resumed {
            genesis::init(&store, &spec)?;
            // Genesis goes to the database at once (durable before the first RPC answer), and
            // the memory of a large allocation's diff and trie is freed now, not a fold later.
            store.flush()?;
        }
        // The allocation is in the state now (and in the chain spec file); nothing reads it from
        // memory after genesis, and with many dev accounts it is a large part of the node's
        // memory (~170 bytes per account).
        spec.alloc = BTreeMap::new();
        let spec = Arc::new(spec);

        // A dev chain serves scripts that fire hundreds of transactions from one account (deploy
        // scripts, load tests), as anvil allows: far higher per-sender and total limits than a
        // public node's.
        let mut pool_config = PoolConfig::from_chain_spec(&spec);
        pool_config.max_account_slots = config.pool_account_slots;
        pool_config.max_pool_size = config.pool_size;
        let pool = Arc::new(Mutex::new(TxPool::new(pool_config)));
        let (events, _) = broadcast::channel(4096);
        let (commands_tx, commands_rx) = mpsc::channel(64);
        let tx_notify = Arc::new(Notify::new());
        let signers = Arc::new(DevSigners::new(signers));
        let ctx = EthContext {
            spec: spec.clone(),
            store: store.clone(),
            pool: pool.clone(),
            events: events.clone(),
            commands: commands_tx,
            tx_notify: tx_notify.clone(),
            signers: signers.clone(),
            config: config.rpc.clone(),
            client_version: format!("lumio/v{}", env!("CARGO_PKG_VERSION")),
        };
        let (rpc_addr, server) = start_server(config.http_addr, ctx.clone()).await?;

        if config.print_banner {
            print_banner(
                config,
                &spec,
                &signers,
                &datadir,
                resumed,
                store.latest_block_number()?.unwrap_or_default(),
            );
            println!("Listening on {rpc_addr}");
        }

        let (stop, stop_rx) = watch::channel(false);
        let sequencer = Sequencer::new(spec, store, pool, events, tx_notify, config.block_time);
        let sequencer = sequencer.spawn(commands_rx, stop_rx)?;
        Ok(Self {
            rpc_addr,
            datadir,
            ctx,
            server,
            stop,
            sequencer,
            _tempdir: tempdir,
        })
    }

    /// Stops the RPC server, lets the sequencer finish the block it is writing, and closes the
    /// store.
    pub async fn stop(self) -> Result<(), NodeError> {
        let _ = self.stop.send(true);
        let _ = self.server.stop();
        self.server.stopped().await;
        let result = match self.sequencer.await {
            Ok(result) => result,
            Err(_) => Err(NodeError::Build(
                "the sequencer thread ended without a result (panicked)".into(),
            )),
        };
        // Other handles to the store (RPC tasks still winding down) may outlive the node: stop
        // its background fold now, so nothing writes into a temporary datadir being removed.
        self.ctx.store.close();
        // The server task signals `stopped` before it drops its methods (and their handles to
        // the store); the database file stays locked until the last handle goes. Wait for them
        // (briefly) so that a node started right after on the same datadir can open it.
        let deadline = tokio::time::Instant::now() + STORE_RELEASE_WAIT;
        while Arc::strong_count(&self.ctx.store) > 1 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
        if Arc::strong_count(&self.ctx.store) > 1 {
            tracing::warn!(
                handles = Arc::strong_count(&self.ctx.store) - 1,
                "the store is still held after stop; its database stays open until they end"
            );
        }
        drop(self.ctx);
        result
    }
}

/// Store options: the defaults, except `LUMIO_STORE_FOLD_PAUSE_MS` (a testing aid: every fold of
/// the write-ahead log into the database pauses this long before its commit, so that the
/// end-to-end suite can kill the node in the middle of a fold; see `docs/storage.md` §5).
fn store_options(config: &DevConfig) -> StoreOptions {
    let mut options = StoreOptions {
        cache_bytes: config.db_cache_bytes,
        ..StoreOptions::default()
    };
    if let Some(ms) = std::env::var("LUMIO_STORE_FOLD_PAUSE_MS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        options.fold_pause = std::time::Duration::from_millis(ms);
    }
    options
}

/// Runs a dev node until Ctrl-C / SIGTERM. The signal handlers are installed before the node
/// starts, so a Ctrl-C during a long start (a genesis of many accounts) stops it once it is up
/// instead of being lost or killing it halfway.
pub async fn run_dev(config: DevConfig) -> Result<(), NodeError> {
    run_dev_with(config, || {}).await
}

/// [`run_dev`], calling `started` once the node is up (the binary hands its allocator the
/// memory the start freed: a genesis of many accounts allocates several times what it keeps).
pub async fn run_dev_with(config: DevConfig, started: impl FnOnce()) -> Result<(), NodeError> {
    let shutdown = Shutdown::install();
    let node = DevNode::start(&config).await?;
    started();
    shutdown.wait().await;
    tracing::info!("shutting down");
    node.stop().await
}

/// Ctrl-C and (on unix) SIGTERM, listened for from [`Shutdown::install`] on.
struct Shutdown {
    #[cfg(unix)]
    signals: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl Shutdown {
    fn install() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let signals = signal(SignalKind::interrupt())
                .and_then(|int| Ok((int, signal(SignalKind::terminate())?)))
                .ok();
            Shutdown { signals }
        }
        #[cfg(not(unix))]
        {
            Shutdown {}
        }
    }

    async fn wait(self) {
        #[cfg(unix)]
        if let Some((mut int, mut term)) = self.signals {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
            return;
        }
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// The chain spec is written once, at genesis, next to the database; a restart uses the stored
/// one (same genesis), and refuses a conflicting `--chain-id` instead of forking silently.
fn load_or_create_spec(
    datadir: &Path,
    config: &DevConfig,
    signers: &[alloy_signer_local::PrivateKeySigner],
) -> Result<ChainSpec, NodeError> {
    let path: PathBuf = datadir.join(CHAIN_FILE);
    if path.exists() {
        let text = std::fs::read_to_string(&path)?;
        let spec: ChainSpec = serde_json::from_str(&text).map_err(|e| {
            NodeError::Config(format!("{} is not a valid chain spec: {e}", path.display()))
        })?;
        if spec.chain_id != config.chain_id {
            return Err(NodeError::Config(format!(
                "datadir {} holds chain id {}, but --chain-id is {}",
                datadir.display(),
                spec.chain_id,
                config.chain_id
            )));
        }
        for difference in genesis_differences(&spec, config, signers) {
            tracing::warn!(
                datadir = %datadir.display(),
                "{difference}; genesis settings apply only when a datadir is created, the stored chain spec is used"
            );
        }
        return Ok(spec);
    }
    let balance = genesis_balance(config);
    let alloc: BTreeMap<_, _> = signers
        .iter()
        .map(|s| {
            (
                s.address(),
                GenesisAccount {
                    balance,
                    ..Default::default()
                },
            )
        })
        .collect();
    let mut spec = ChainSpec::dev(config.chain_id, alloc);
    spec.hardfork = config.hardfork;
    spec.gas_limit = config.gas_limit;
    spec.genesis_timestamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let text = serde_json::to_string_pretty(&spec)
        .map_err(|e| NodeError::Config(format!("cannot encode chain spec: {e}")))?;
    // Write-then-rename so a crash never leaves a half-written spec.
    let tmp = datadir.join(format!("{CHAIN_FILE}.tmp"));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, &path)?;
    Ok(spec)
}

/// What each dev account holds at genesis, in wei.
fn genesis_balance(config: &DevConfig) -> U256 {
    U256::from(config.balance_eth) * U256::from(10u64).pow(U256::from(18))
}

/// Genesis settings given on this start that differ from the chain stored in the datadir.
fn genesis_differences(
    spec: &ChainSpec,
    config: &DevConfig,
    signers: &[alloy_signer_local::PrivateKeySigner],
) -> Vec<String> {
    let mut out = Vec::new();
    if spec.hardfork != config.hardfork {
        out.push(format!(
            "hardfork {} requested, the chain runs {}",
            config.hardfork, spec.hardfork
        ));
    }
    if spec.gas_limit != config.gas_limit {
        out.push(format!(
            "gas limit {} requested, the chain uses {}",
            config.gas_limit, spec.gas_limit
        ));
    }
    let balance = genesis_balance(config);
    let unfunded = signers
        .iter()
        .filter(|s| {
            spec.alloc
                .get(&s.address())
                .is_none_or(|a| a.balance != balance)
        })
        .count();
    if unfunded > 0 {
        out.push(format!(
            "{unfunded} of the {} dev accounts (mnemonic, --accounts, --balance) were not funded with {} ETH at this chain's genesis",
            signers.len(),
            config.balance_eth
        ));
    }
    out
}

/// Accounts the start banner lists.
const BANNER_ACCOUNTS: usize = 100;

fn print_banner(
    config: &DevConfig,
    spec: &ChainSpec,
    signers: &[alloy_signer_local::PrivateKeySigner],
    datadir: &Path,
    resumed: bool,
    head: u64,
) {
    // The first BANNER_ACCOUNTS accounts are listed (a load test's 1M accounts would be hundreds
    // of megabytes of text); `eth_accounts` lists all of them.
    let shown = &signers[..signers.len().min(BANNER_ACCOUNTS)];
    let more = |out: &mut String| {
        if signers.len() > shown.len() {
            out.push_str(&format!(
                "... and {} more (eth_accounts lists them all)\n",
                signers.len() - shown.len()
            ));
        }
    };
    let mut out = String::new();
    out.push_str("\nLumio dev chain\n\nAvailable Accounts\n==================\n");
    for (i, s) in shown.iter().enumerate() {
        out.push_str(&format!(
            "({i}) {} ({}.000000000000000000 ETH)\n",
            s.address(),
            config.balance_eth
        ));
    }
    more(&mut out);
    out.push_str("\nPrivate Keys\n==================\n");
    for (i, s) in shown.iter().enumerate() {
        out.push_str(&format!("({i}) 0x{}\n", hex::encode(s.to_bytes())));
    }
    more(&mut out);
    out.push_str(&format!(
        "\nWallet\n==================\nMnemonic:          {}\nDerivation path:   m/44'/60'/0'/0/\n",
        config.mnemonic
    ));
    out.push_str(&format!(
        "\nChain ID\n==================\n{}\n",
        spec.chain_id
    ));
    out.push_str(&format!(
        "\nHardfork\n==================\n{}\n",
        spec.hardfork
    ));
    out.push_str(&format!(
        "\nBase Fee\n==================\n{}\n",
        spec.genesis_base_fee
    ));
    out.push_str(&format!(
        "\nGas Limit\n==================\n{}\n",
        spec.gas_limit
    ));
    out.push_str(&format!(
        "\nGenesis Timestamp\n==================\n{}\n",
        spec.genesis_timestamp
    ));
    let mining = match config.block_time {
        Some(t) => format!("interval, every {} ms", t.as_millis()),
        None => "instant".to_owned(),
    };
    out.push_str(&format!("\nMining\n==================\n{mining}\n"));
    out.push_str(&format!(
        "\nData directory\n==================\n{}{}\n",
        datadir.display(),
        if config.datadir.is_none() {
            " (temporary)"
        } else {
            ""
        }
    ));
    if resumed {
        out.push_str(&format!("resumed at block {head}\n"));
    }
    println!("{out}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use lumio_primitives::Hardfork;

    #[test]
    fn restart_with_other_genesis_flags_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let config = DevConfig::default();
        let signers = derive_dev_accounts(&config.mnemonic, config.accounts).unwrap();
        let spec = load_or_create_spec(dir.path(), &config, &signers).unwrap();
        assert!(genesis_differences(&spec, &config, &signers).is_empty());

        let changed = DevConfig {
            gas_limit: config.gas_limit * 2,
            hardfork: Hardfork::Jovian,
            accounts: config.accounts + 2,
            ..DevConfig::default()
        };
        let more = derive_dev_accounts(&changed.mnemonic, changed.accounts).unwrap();
        // The stored spec wins; each difference is named.
        let resumed = load_or_create_spec(dir.path(), &changed, &more).unwrap();
        assert_eq!(resumed.gas_limit, config.gas_limit);
        let said = genesis_differences(&resumed, &changed, &more);
        assert_eq!(said.len(), 3, "{said:?}");
        assert!(said[0].contains("hardfork"));
        assert!(said[1].contains("gas limit"));
        assert!(
            said[2].starts_with("2 of the 12 dev accounts"),
            "{}",
            said[2]
        );
    }
}
