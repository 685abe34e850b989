//! `lumio move test [--package-dir DIR] [--filter S]`: builds the package in test mode and runs
//! its `#[test]` functions on the Move VM (crates/move/testing).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use lumio_move_compiler::package::{BuildOptions, parse_named_addresses};
use lumio_move_core_types::account_address::AccountAddress;
use lumio_move_testing::{DEFAULT_GAS_BUDGET, TestOptions, report, test_package};

/// Arguments of `lumio move test`.
#[derive(Debug, clap::Args)]
pub(crate) struct TestArgs {
    /// The package folder (with `Move.toml`).
    #[arg(long, default_value = ".")]
    pub(crate) package_dir: PathBuf,
    /// Run only the tests whose `0xADDR::module::function` contains this text.
    #[arg(long)]
    pub(crate) filter: Option<String>,
    /// Named addresses: `name=0x..` pairs separated by commas.
    #[arg(long, value_parser = parse_named_addresses, default_value = "")]
    pub(crate) named_addresses: BTreeMap<String, AccountAddress>,
    /// Gas budget of each test (the VM's internal units).
    #[arg(long, default_value_t = DEFAULT_GAS_BUDGET)]
    pub(crate) gas_limit: u64,
    /// Worker threads (default: every core).
    #[arg(long)]
    pub(crate) threads: Option<usize>,
    /// Accepted for the Aptos CLI's flag (dependencies are never fetched: the build is offline).
    #[arg(long)]
    pub(crate) skip_fetch_latest_git_deps: bool,
}

pub(crate) fn run(args: TestArgs) -> anyhow::Result<ExitCode> {
    let mut options = TestOptions {
        filter: args.filter,
        gas_budget: args.gas_limit,
        build: BuildOptions {
            named_addresses: args.named_addresses,
            skip_fetch_latest_git_deps: args.skip_fetch_latest_git_deps,
            ..BuildOptions::default()
        },
        ..TestOptions::default()
    };
    if let Some(t) = args.threads {
        options.threads = t.max(1);
    }
    match test_package(&args.package_dir, &options) {
        Ok(run) => {
            eprint!("{}", run.warnings);
            print!("{}", report(&run.results));
            Ok(if run.passed() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Err(rendered) => {
            eprint!("{rendered}");
            eprintln!(
                "error: could not build {} for testing",
                args.package_dir.display()
            );
            Ok(ExitCode::FAILURE)
        }
    }
}
