//! Genesis: the allocation as the first state diff, and block 0.

use crate::NodeError;
use lumio_primitives::ChainSpec;
use lumio_storage::Store;

/// Writes block 0 and the genesis allocation into an empty store.
pub(crate) fn init(store: &Store, spec: &ChainSpec) -> Result<(), NodeError> {
    let diff = lumio_evm::genesis::genesis_diff(spec);
    let (state_root, trie_updates) = store.state_root(&diff)?;
    let withdrawals_root = store.storage_root_after(
        lumio_evm::predeploys::L2_TO_L1_MESSAGE_PASSER,
        &diff,
        &trie_updates,
    )?;
    let block = lumio_evm::genesis::genesis_block(spec, state_root, withdrawals_root);
    store.commit_block(&block, &[], &diff, trie_updates)?;
    tracing::info!(hash = %block.hash, %state_root, "genesis written");
    Ok(())
}
