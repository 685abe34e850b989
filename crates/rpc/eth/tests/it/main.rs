//! Integration tests of lumio-rpc-eth: a real dev node (sequencer, store, pool) driven through
//! the jsonrpsee `RpcModule` in-process (and, in `ingest`, over HTTP through the real server).

mod basics;
mod blocks;
mod contracts;
mod dev;
mod filters;
mod harness;
mod ingest;
mod proof;
mod pubsub;
mod transactions;
