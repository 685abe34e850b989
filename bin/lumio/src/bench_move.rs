//! `lumio bench move-verify`: deserialize + verify ~100 modules (real fixtures plus generated,
//! larger ones) with the production verifier config; prints the figures and fails if any
//! input does not verify.

use std::path::{Path, PathBuf};

/// Inputs in the workload (fixtures first, the rest generated).
const INPUTS: usize = 100;
/// Timed passes over the inputs.
const ITERATIONS: usize = 20;

pub(crate) fn run() -> anyhow::Result<()> {
    // LUMIO_BENCH_FIXTURES=DIR takes the real modules from DIR (e.g. a whole compiled framework)
    // instead of the repository's fixtures.
    let fixtures = match std::env::var_os("LUMIO_BENCH_FIXTURES") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../crates/move/binary-format/tests/fixtures"),
    };
    let report = lumio_move_verifier::bench::run(&fixtures, INPUTS, ITERATIONS)?;
    println!("{report}");
    Ok(())
}

/// Timed rounds per adversarial module.
const ADVERSARIAL_ROUNDS: usize = 5;
/// The goal: every adversarial module verified or rejected within this many milliseconds.
const ADVERSARIAL_GOAL_MS: f64 = 50.0;

pub(crate) fn run_adversarial() -> anyhow::Result<()> {
    // LUMIO_BENCH_FILTER=substring runs only the matching modules (for profiling).
    let filter = std::env::var("LUMIO_BENCH_FILTER").ok();
    let cases =
        lumio_move_verifier::bench::adversarial::run(ADVERSARIAL_ROUNDS, filter.as_deref())?;
    println!(
        "{:<44} {:>9} {:>10} {:>10}  outcome",
        "module", "bytes", "median ms", "worst ms"
    );
    let mut slowest: f64 = 0.0;
    for c in &cases {
        slowest = slowest.max(c.worst_ms);
        println!(
            "{:<44} {:>9} {:>10.2} {:>10.2}  {}",
            c.name,
            c.bytes,
            c.median_ms,
            c.worst_ms,
            c.rejected.as_deref().unwrap_or("verified")
        );
    }
    println!(
        "slowest: {slowest:.2} ms (goal <= {ADVERSARIAL_GOAL_MS} ms: {})",
        if slowest <= ADVERSARIAL_GOAL_MS {
            "met"
        } else {
            "NOT met"
        }
    );
    Ok(())
}

/// `lumio bench move-exec`: the VM workloads, and the p2p transfer's cost next to the EVM
/// transfer's (`evm-transfer` path (a)) measured in the same process.
pub(crate) fn run_exec() -> anyhow::Result<()> {
    use lumio_move_vm::bench::{Sizes, run};
    let rounds = 5;
    let figures = run(rounds, Sizes::FULL).map_err(|e| anyhow::anyhow!("move-exec: {e}"))?;
    println!("move-exec: best of {rounds} rounds, one thread");
    println!("{:<40} {:>14}  what", "workload", "per second");
    let mut p2p = None;
    for f in &figures {
        println!("{:<40} {:>14.0}  {}", f.name, f.per_sec(), f.what);
        if f.name.starts_with("p2p") {
            p2p = Some(f.secs / f.units as f64);
        }
    }
    // The same kind of work from Move source compiled by our compiler.
    let compiled = lumio_bench::move_exec::run(rounds, 20_000, lumio_move_vm::bench::P2P_PAIRS)?;
    let mut p2p_compiled = None;
    for f in &compiled {
        println!(
            "{:<40} {:>14.0}  compiled from Move source",
            f.name,
            f.per_sec()
        );
        if f.name.starts_with("p2p") {
            p2p_compiled = Some(f.secs / f.units as f64);
        }
    }
    let p2p = p2p.ok_or_else(|| anyhow::anyhow!("no p2p figure"))?;
    let evm = crate::bench_evm::transfer_secs_per_tx(rounds)?;
    println!(
        "p2p: {:.0} tx/s on one thread   [goal >= 20,000]",
        1.0 / p2p
    );
    println!(
        "p2p cost {:.2} us/tx vs EVM transfer {:.2} us/tx (executor + state): ratio {:.2}   [goal <= 1.5]",
        p2p * 1e6,
        evm * 1e6,
        p2p / evm
    );
    if let Some(c) = p2p_compiled {
        println!(
            "p2p (compiled) cost {:.2} us/tx: {:.0} tx/s, ratio to the EVM transfer {:.2}",
            c * 1e6,
            1.0 / c,
            c / evm
        );
    }
    Ok(())
}
