//! Integration tests of the Move VM (one binary, modules below): programs written as bytecode
//! with the module builder, run through the loader, interpreter and sessions.

// Results carry the VM's `ExecutionError`, large on purpose (Aptos-shaped errors).
#![allow(clippy::result_large_err)]

mod framework;
mod harness;
mod natives;
mod programs;
mod publish;
mod robustness;
mod sessions;
mod storage_gas;
