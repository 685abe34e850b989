//! Block executor: routes transactions to the EVM, builds receipts and headers, produces the state diff of a block.
