//! Genesis: the allocation as the first state diff, and block 0.

use crate::NodeError;
use alloy_primitives::B256;
use lumio_evm::predeploys::L2_TO_L1_MESSAGE_PASSER;
use lumio_primitives::{ChainSpec, StoredBlock};
use lumio_storage::{Store, TrieUpdates};

/// Writes block 0 and the genesis allocation into an empty store.
pub(crate) fn init(store: &Store, spec: &ChainSpec) -> Result<StoredBlock, NodeError> {
    let diff = lumio_evm::genesis::genesis_diff(spec);
    let (state_root, trie_updates) = store.state_root(&diff)?;
    let header = lumio_evm::genesis::genesis_header(spec, state_root);
    let block = StoredBlock {
        hash: header.hash_slow(),
        header,
        transactions: Vec::new(),
    };
    store.commit_block(&block, &[], &diff, trie_updates)?;
    tracing::info!(hash = %block.hash, %state_root, "genesis written");
    Ok(block)
}

/// Storage root of the L2ToL1MessagePasser after a block (the Isthmus `withdrawalsRoot`):
/// from the block's trie updates when the block touched it, else from the store.
pub(crate) fn message_passer_root(store: &Store, trie: &TrieUpdates) -> Result<B256, NodeError> {
    match trie.storage_root(L2_TO_L1_MESSAGE_PASSER) {
        Some(root) => Ok(root),
        None => Ok(store.storage_root(L2_TO_L1_MESSAGE_PASSER)?),
    }
}
