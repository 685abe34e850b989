//! Embedded database of the node: blocks, receipts, indexes, plain state and the incremental Merkle-Patricia state root.
