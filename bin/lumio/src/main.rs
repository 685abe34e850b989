//! `lumio`: the command line of the Lumio node. Parses arguments and calls into the crates;
//! no logic lives here (see ARCHITECTURE §7 for the fixed command-line contract).

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod bench;
mod dev;
mod move_build;
mod move_decode;
mod move_test;
mod move_verify;

/// mimalloc keeps freed pages for reuse: block building allocates and frees the same sizes every
/// block, and glibc's malloc hands large buffers back to the kernel and faults them in again.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Lumio: an OP-stack L2 node with an EVM and a Move VM over one state.
#[derive(Debug, Parser)]
#[command(name = "lumio", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a local development chain (like anvil), with prefunded accounts.
    Dev(dev::DevArgs),
    /// Move tools: build, test, decode, verify.
    #[command(subcommand)]
    Move(MoveCommand),
    /// Run a benchmark workload and print a table of figures.
    Bench(bench::BenchArgs),
}

#[derive(Debug, Subcommand)]
enum MoveCommand {
    /// Compile a Move package (Move.toml) into `build/<Package>/bytecode_modules/*.mv`.
    Build(move_build::BuildArgs),
    /// Run the package's `#[test]` functions; one line per test, then `N passed, M failed`.
    Test(move_test::TestArgs),
    /// Disassemble a compiled module or script (`--json` for a JSON summary).
    Decode(move_decode::DecodeArgs),
    /// Deserialize, check byte-identical re-serialization and verify modules/scripts.
    Verify(move_verify::VerifyArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let result = match cli.command {
        Command::Dev(args) => dev::run(args),
        Command::Move(MoveCommand::Build(args)) => move_build::run(args),
        Command::Move(MoveCommand::Test(args)) => move_test::run(args),
        Command::Move(MoveCommand::Decode(args)) => move_decode::run(&args),
        Command::Move(MoveCommand::Verify(args)) => move_verify::run(&args),
        Command::Bench(args) => bench::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
