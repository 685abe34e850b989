//! Integration tests of lumio-txpool with real signed transactions (secp256k1 keys, EIP-2718
//! encoding, recovered senders).

mod admission;
mod block;
mod common;
mod invariants;
mod limits;
mod ordering;
mod replacement;
