//! `lumio bench move-verify`: deserialize + verify ~100 modules (real fixtures plus generated,
//! larger ones) with the production verifier config; prints the figures and fails if any
//! input does not verify.

use std::path::Path;

/// Inputs in the workload (fixtures first, the rest generated).
const INPUTS: usize = 100;
/// Timed passes over the inputs.
const ITERATIONS: usize = 20;

pub(crate) fn run() -> anyhow::Result<()> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../crates/move/binary-format/tests/fixtures");
    let report = lumio_move_verifier::bench::run(&fixtures, INPUTS, ITERATIONS)?;
    println!("{report}");
    Ok(())
}
