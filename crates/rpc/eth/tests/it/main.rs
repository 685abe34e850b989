//! Integration tests of lumio-rpc-eth: a real dev node (sequencer, store, pool) driven through
//! the jsonrpsee `RpcModule` in-process.

mod basics;
mod blocks;
mod contracts;
mod dev;
mod filters;
mod harness;
mod proof;
mod pubsub;
mod transactions;
