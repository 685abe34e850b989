//! `lumio move verify FILE.mv...`.

use std::{path::PathBuf, process::ExitCode};

/// Arguments of `lumio move verify`.
#[derive(Debug, clap::Args)]
pub(crate) struct VerifyArgs {
    /// Modules/scripts to verify. Given files that are dependencies of each other are linked;
    /// imports of modules not given (e.g. the framework at 0x1) are not link-checked.
    #[arg(required = true)]
    pub(crate) files: Vec<PathBuf>,
}

pub(crate) fn run(args: &VerifyArgs) -> anyhow::Result<ExitCode> {
    let report = lumio_move_verifier::cli::verify_files(&args.files);
    println!("{report}");
    Ok(if report.failed() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
