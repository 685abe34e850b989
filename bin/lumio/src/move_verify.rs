//! `lumio move verify FILE.mv...`.

use std::{path::PathBuf, process::ExitCode};

/// Arguments of `lumio move verify`.
#[derive(Debug, clap::Args)]
pub(crate) struct VerifyArgs {
    /// Modules/scripts to verify; given files that are dependencies of each other are linked.
    #[arg(required = true)]
    pub(crate) files: Vec<PathBuf>,
}

pub(crate) fn run(args: &VerifyArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("move verify is not built yet ({} files)", args.files.len())
}
