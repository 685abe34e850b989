//! Natives of the AptosFramework (`aptos_framework` at `0x1`), bound by the names and signatures
//! of a 2024 Aptos framework build: `create_signer`, `event`, `transaction_context`, `object`,
//! `randomness`, `state_storage`, `aggregator` and `aggregator_factory` (v1),
//! `aggregator_v2`, `function_info`, `dispatchable_fungible_asset`, `code`,
//! `consensus_config`. One file per module below.

mod aggregator;
mod aggregator_factory;
mod aggregator_v2;
mod code;
mod consensus_config;
mod create_signer;
mod dispatchable_fungible_asset;
pub(crate) mod event;
mod function_info;
mod object;
mod randomness;
mod state_storage;
mod transaction_context;

use lumio_move_core_types::AccountAddress;

pub use code::{CodeContext, PublishRequest};
pub use event::EventStore;
pub use function_info::DispatchModules;
pub use randomness::RandomnessContext;
pub use state_storage::StateStorageUsage;
pub use transaction_context::TransactionContext;

use super::NativeTable;

pub(super) fn register(t: &mut NativeTable) {
    let one = AccountAddress::ONE;
    create_signer::register(t, one);
    event::register(t, one);
    transaction_context::register(t, one);
    object::register(t, one);
    randomness::register(t, one);
    state_storage::register(t, one);
    aggregator::register(t, one);
    aggregator_factory::register(t, one);
    aggregator_v2::register(t, one);
    function_info::register(t, one);
    dispatchable_fungible_asset::register(t, one);
    code::register(t, one);
    consensus_config::register(t, one);
}
