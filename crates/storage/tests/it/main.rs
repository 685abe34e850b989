//! Integration tests of lumio-storage (one binary, modules per topic).

mod blocks;
mod common;
mod history;
mod proofs;
mod roots;
mod wal;
