//! `lumio move build [--package-dir DIR] [--named-addresses a=0x..] [--dev] ...`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use lumio_move_compiler::diagnostics::emit_to_stderr;
use lumio_move_compiler::package::{
    BuildError, BuildOptions, build_package, parse_named_addresses,
};
use lumio_move_core_types::account_address::AccountAddress;

/// Arguments of `lumio move build`.
#[derive(Debug, clap::Args)]
pub(crate) struct BuildArgs {
    /// The package folder (with `Move.toml`).
    #[arg(long, default_value = ".")]
    pub(crate) package_dir: PathBuf,
    /// Named addresses: `name=0x..` pairs separated by commas.
    #[arg(long, value_parser = parse_named_addresses, default_value = "")]
    pub(crate) named_addresses: BTreeMap<String, AccountAddress>,
    /// Dev mode: `[dev-addresses]`, `[dev-dependencies]`, `tests/` and `examples/`.
    #[arg(long)]
    pub(crate) dev: bool,
    /// Accepted for the Aptos CLI's flag (dependencies are never fetched: the build is offline).
    #[arg(long)]
    pub(crate) skip_fetch_latest_git_deps: bool,
    /// The bytecode version to emit.
    #[arg(long, default_value_t = lumio_move_compiler::DEFAULT_BYTECODE_VERSION,
          value_parser = clap::value_parser!(u32).range(6..=7))]
    pub(crate) bytecode_version: u32,
    /// Where `build/` goes (default: the package folder).
    #[arg(long)]
    pub(crate) output_dir: Option<PathBuf>,
}

pub(crate) fn run(args: BuildArgs) -> anyhow::Result<ExitCode> {
    let options = BuildOptions {
        dev: args.dev,
        named_addresses: args.named_addresses,
        bytecode_version: args.bytecode_version,
        skip_fetch_latest_git_deps: args.skip_fetch_latest_git_deps,
        install_dir: args.output_dir,
        ..BuildOptions::default()
    };
    match build_package(&args.package_dir, &options) {
        Ok(out) => {
            for line in out.progress_lines() {
                eprintln!("{line}");
            }
            emit_to_stderr(&out.files, &out.diagnostics);
            println!("{}", out.summary());
            Ok(ExitCode::SUCCESS)
        }
        Err(BuildError::Diagnostics { files, diagnostics }) => {
            emit_to_stderr(&files, &diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "error: could not build {} ({errors} error{})",
                args.package_dir.display(),
                if errors == 1 { "" } else { "s" }
            );
            Ok(ExitCode::FAILURE)
        }
        Err(e) => {
            eprint!("{}", e.render());
            Ok(ExitCode::FAILURE)
        }
    }
}
