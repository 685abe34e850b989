//! `lumio bench <workload>`: prints a table of figures.

use std::process::ExitCode;

/// Arguments of `lumio bench`.
#[derive(Debug, clap::Args)]
pub(crate) struct BenchArgs {
    /// Workload: `evm-transfer`, `erc20-transfer`, `move-verify`, `move-exec`, `move-compile`,
    /// `store-commit`, `rpc-reads`, `ingest`, `sign-transfers` (the JS load driver's transfers,
    /// signed on every core, to stdout).
    pub(crate) workload: String,
    /// With `move-verify`: time modules built to maximise the verifier's work instead.
    #[arg(long)]
    pub(crate) adversarial: bool,
}

pub(crate) fn run(args: &BenchArgs) -> anyhow::Result<ExitCode> {
    match args.workload.as_str() {
        "evm-transfer" | "erc20-transfer" => {
            lumio_bench::evm_exec::run(&args.workload, evm_rounds())?;
            Ok(ExitCode::SUCCESS)
        }
        "move-verify" if args.adversarial => {
            // LUMIO_BENCH_FILTER=substring runs only the matching modules (for profiling).
            let filter = std::env::var("LUMIO_BENCH_FILTER").ok();
            lumio_bench::move_verify::print_adversarial(filter.as_deref())?;
            Ok(ExitCode::SUCCESS)
        }
        "move-verify" => {
            // LUMIO_BENCH_FIXTURES=DIR takes the real modules from DIR (e.g. a whole compiled
            // framework) instead of the repository's fixtures.
            let fixtures = std::env::var_os("LUMIO_BENCH_FIXTURES")
                .map_or_else(lumio_bench::move_verify::default_fixtures, Into::into);
            lumio_bench::move_verify::print(&fixtures)?;
            Ok(ExitCode::SUCCESS)
        }
        "move-exec" => {
            lumio_bench::move_exec::print(5)?;
            Ok(ExitCode::SUCCESS)
        }
        "store-commit" => {
            lumio_bench::store_commit::run(&store_config()?)?;
            Ok(ExitCode::SUCCESS)
        }
        "move-compile" => {
            lumio_bench::move_compile::run()?;
            Ok(ExitCode::SUCCESS)
        }
        "ingest" => {
            lumio_bench::ingest::run(&lumio_bench::ingest::IngestConfig::from_env()?)?;
            Ok(ExitCode::SUCCESS)
        }
        "rpc-reads" => {
            lumio_bench::rpc_reads::run(&reads_config()?)?;
            Ok(ExitCode::SUCCESS)
        }
        "sign-transfers" => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
            lumio_bench::sign_transfers::run(&sign_config()?, &mut out)?;
            Ok(ExitCode::SUCCESS)
        }
        _ if args.adversarial => anyhow::bail!("--adversarial applies to `move-verify` only"),
        _ => anyhow::bail!("unknown workload `{}`", args.workload),
    }
}

/// Rounds of `evm-transfer` / `erc20-transfer`: `LUMIO_BENCH_ROUNDS` (more for profiling).
fn evm_rounds() -> usize {
    std::env::var("LUMIO_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(lumio_bench::evm_exec::DEFAULT_ROUNDS)
}

/// `store-commit` options from the environment: `LUMIO_STORE_BLOCKS` (blocks per mode, default
/// 1,000), `LUMIO_STORE_MODES` (`logged`, `direct` or both comma-separated, default both),
/// `LUMIO_STORE_GROUPS=1` (print every group of ten blocks), `LUMIO_STORE_LOOKUPS` (transaction
/// hashes looked up at each checkpoint, found and absent each, default 20,000).
fn store_config() -> anyhow::Result<lumio_bench::store_commit::StoreConfig> {
    use lumio_storage::CommitMode;
    let mut config = lumio_bench::store_commit::StoreConfig::default();
    if let Ok(blocks) = std::env::var("LUMIO_STORE_BLOCKS") {
        config.blocks = blocks.trim().parse()?;
    }
    if let Ok(modes) = std::env::var("LUMIO_STORE_MODES") {
        config.modes = modes
            .split(',')
            .map(|m| match m.trim() {
                "logged" => Ok(CommitMode::Logged),
                "direct" => Ok(CommitMode::Direct),
                other => anyhow::bail!("unknown store mode `{other}` (logged, direct)"),
            })
            .collect::<anyhow::Result<_>>()?;
    }
    config.every_group = std::env::var("LUMIO_STORE_GROUPS").is_ok_and(|v| v == "1");
    if let Ok(lookups) = std::env::var("LUMIO_STORE_LOOKUPS") {
        config.lookups = lookups.trim().parse()?;
    }
    Ok(config)
}

/// `rpc-reads` options from the environment: `LUMIO_BENCH_BLOCKS` (comma-separated block sizes),
/// `LUMIO_BENCH_SECS` (seconds per figure); defaults in [`lumio_bench::rpc_reads::ReadsConfig`].
fn reads_config() -> anyhow::Result<lumio_bench::rpc_reads::ReadsConfig> {
    let mut config = lumio_bench::rpc_reads::ReadsConfig::default();
    if let Ok(sizes) = std::env::var("LUMIO_BENCH_BLOCKS") {
        config.block_sizes = sizes
            .split(',')
            .map(|s| s.trim().parse())
            .collect::<Result<_, _>>()
            .map_err(|e| anyhow::anyhow!("LUMIO_BENCH_BLOCKS: {e}"))?;
    }
    if let Ok(secs) = std::env::var("LUMIO_BENCH_SECS") {
        config.secs = secs
            .parse()
            .map_err(|e| anyhow::anyhow!("LUMIO_BENCH_SECS: {e}"))?;
    }
    Ok(config)
}

/// `sign-transfers` options from the environment: `LUMIO_SIGN_SENDERS` (required),
/// `LUMIO_SIGN_FROM` (default 0), `LUMIO_SIGN_TO` (required, exclusive), `LUMIO_SIGN_CHAIN_ID`
/// (default 9990, the dev chain's).
fn sign_config() -> anyhow::Result<lumio_bench::sign_transfers::SignConfig> {
    fn var(name: &str, default: Option<u64>) -> anyhow::Result<u64> {
        match std::env::var(name) {
            Ok(v) => v
                .trim()
                .parse()
                .map_err(|e| anyhow::anyhow!("{name}: `{v}`: {e}")),
            Err(_) => default.ok_or_else(|| anyhow::anyhow!("{name} must be set")),
        }
    }
    Ok(lumio_bench::sign_transfers::SignConfig {
        senders: var("LUMIO_SIGN_SENDERS", None)?,
        from: var("LUMIO_SIGN_FROM", Some(0))?,
        to: var("LUMIO_SIGN_TO", None)?,
        chain_id: var("LUMIO_SIGN_CHAIN_ID", Some(9990))?,
    })
}
