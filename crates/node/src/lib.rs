//! Assembles the node: storage, executor, txpool, RPC; sequencer loop and dev mode.
