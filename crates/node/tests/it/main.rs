//! Integration tests of lumio-node: restarts on a datadir, chain-spec checks, interval mining,
//! and concurrent load through the sequencer.

// The in-process RPC harness of lumio-rpc-eth's tests, shared rather than copied.
#[path = "../../../rpc/eth/tests/it/harness.rs"]
mod harness;

mod http;
mod load;
mod mining;
mod restart;
