//! `lumio move decode FILE.mv [--json]`.

use std::{path::PathBuf, process::ExitCode};

/// Arguments of `lumio move decode`.
#[derive(Debug, clap::Args)]
pub(crate) struct DecodeArgs {
    /// Compiled module or script (`.mv`).
    pub(crate) file: PathBuf,
    /// Print a JSON summary instead of the disassembly.
    #[arg(long)]
    pub(crate) json: bool,
}

pub(crate) fn run(args: &DecodeArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("move decode is not built yet ({})", args.file.display())
}
