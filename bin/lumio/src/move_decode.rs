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
    let text = lumio_move_binary_format::cli::decode_file(&args.file, args.json)?;
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}
