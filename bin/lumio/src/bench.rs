//! `lumio bench <workload>`: prints a table of figures.

use std::process::ExitCode;

// Declared here rather than in main.rs so the move-verify workload stays a one-file addition.
#[path = "bench_move.rs"]
mod bench_move;

/// Arguments of `lumio bench`.
#[derive(Debug, clap::Args)]
pub(crate) struct BenchArgs {
    /// Workload: `evm-transfer`, `erc20-transfer`, `move-verify`, `move-exec`, `move-compile`,
    /// `store-commit`, `rpc-reads`, `ingest`.
    pub(crate) workload: String,
    /// With `move-verify`: time modules built to maximise the verifier's work instead.
    #[arg(long)]
    pub(crate) adversarial: bool,
}

pub(crate) fn run(args: &BenchArgs) -> anyhow::Result<ExitCode> {
    match args.workload.as_str() {
        "evm-transfer" | "erc20-transfer" => {
            crate::bench_evm::run(&args.workload)?;
            Ok(ExitCode::SUCCESS)
        }
        "move-verify" if args.adversarial => {
            bench_move::run_adversarial()?;
            Ok(ExitCode::SUCCESS)
        }
        "move-verify" => {
            bench_move::run()?;
            Ok(ExitCode::SUCCESS)
        }
        "move-exec" => {
            bench_move::run_exec()?;
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
        _ if args.adversarial => anyhow::bail!("--adversarial applies to `move-verify` only"),
        _ => anyhow::bail!("unknown workload `{}`", args.workload),
    }
}

/// `store-commit` options from the environment: `LUMIO_STORE_BLOCKS` (blocks per mode, default
/// 1,000), `LUMIO_STORE_MODES` (`logged`, `direct` or both comma-separated, default both),
/// `LUMIO_STORE_GROUPS=1` (print every group of ten blocks).
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
