//! Integration tests of lumio-execution: blocks built over an in-memory state.

mod blocks;
mod calls;
mod common;
mod decode;
mod diff;
mod errors;
