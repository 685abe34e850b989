//! `lumio bench <workload>`: prints a table of figures.

use std::process::ExitCode;

// Declared here rather than in main.rs so the move-verify workload stays a one-file addition.
#[path = "bench_move.rs"]
mod bench_move;
#[path = "bench_store.rs"]
mod bench_store;

/// Arguments of `lumio bench`.
#[derive(Debug, clap::Args)]
pub(crate) struct BenchArgs {
    /// Workload: `evm-transfer`, `erc20-transfer`, `move-verify`, `store-commit`.
    pub(crate) workload: String,
}

pub(crate) fn run(args: &BenchArgs) -> anyhow::Result<ExitCode> {
    match args.workload.as_str() {
        "evm-transfer" | "erc20-transfer" => {
            crate::bench_evm::run(&args.workload)?;
            Ok(ExitCode::SUCCESS)
        }
        "move-verify" => {
            bench_move::run()?;
            Ok(ExitCode::SUCCESS)
        }
        "store-commit" => {
            bench_store::run()?;
            Ok(ExitCode::SUCCESS)
        }
        _ => anyhow::bail!("unknown workload `{}`", args.workload),
    }
}
