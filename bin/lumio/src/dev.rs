//! `lumio dev`: local development chain.

use std::process::ExitCode;

/// Arguments of `lumio dev` (ARCHITECTURE §7).
#[derive(Debug, clap::Args)]
pub(crate) struct DevArgs {}

pub(crate) fn run(_args: DevArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("lumio dev is not built yet")
}
