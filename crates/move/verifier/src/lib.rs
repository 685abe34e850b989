//! Move bytecode verifier: the node's wall against hostile bytecode.
//!
//! One pass per file; the order of the passes is written down in one place, [`verifier`].
//! Link-time checks against the module store (handles resolve to real, visible definitions
//! with the same shape; no cyclic dependencies) are in [`dependencies`]. [`cli`] implements
//! `lumio move verify`.
//!
//! Not here: deserialization and bounds checks (`lumio-move-binary-format`), execution
//! (`lumio-move-vm`), Aptos publish policies outside the Move verifier (module address vs
//! sender, metadata, upgrade compatibility).
//!
//! Every entry point returns a [`VMError`](lumio_move_binary_format::errors::VMError) with an
//! Aptos status code and location; no input makes the verifier panic (a panic caused by a bug is
//! caught and reported as `VERIFIER_INVARIANT_VIOLATION`).

// `VMError` (binary-format crate) is large; the Aptos-shaped `VMResult` API is kept on purpose
// and errors are rare (rejections), so boxing would only cost on the happy path's callers.
#![allow(clippy::result_large_err)]

mod absint;
mod access;
mod acquires;
mod bounds;
mod cfg;
mod check_duplication;
pub mod cli;
mod config;
mod constants;
mod control_flow;
mod control_flow_v5;
pub mod dependencies;
mod error;
mod features;
mod friends;
mod instantiation_loops;
mod instruction_consistency;
mod limits;
mod locals_safety;
mod meter;
mod reference_safety;
mod script_signature;
mod signature;
mod stack_usage;
mod struct_api;
mod struct_defs;
mod type_safety;
pub mod verifier;

pub use config::VerifierConfig;

pub use dependencies::{
    verify_module_with_available, verify_module_with_deps, verify_module_with_store,
    verify_script_with_available, verify_script_with_deps, verify_script_with_store,
};
pub use verifier::{
    verify_module, verify_module_with_config, verify_script, verify_script_with_config,
};

/// Message of the error reported when a verifier bug panicked (tests assert it never shows).
pub const PANIC_MESSAGE: &str = "panic in verifier";
