//! Natives of the AptosFramework (`aptos_framework` at `0x1`), bound by the names and signatures
//! of a 2024 Aptos framework build: `create_signer`, `event`, `transaction_context`, `object`,
//! `randomness`, `state_storage`. One file per module below.
//!
//! Not provided yet (a module declaring one fails to load, naming it): `code::request_publish*`
//! (publishing from Move: needs the session's publish path behind a native), `aggregator`,
//! `aggregator_factory`, `aggregator_v2`, `function_info`, `dispatchable_fungible_asset`
//! (dispatch needs the interpreter to call a function a native names),
//! `consensus_config::validator_txn_enabled_internal` (needs the on-chain config's BCS types).

mod create_signer;
mod event;
mod object;
mod randomness;
mod state_storage;
mod transaction_context;

use lumio_move_core_types::AccountAddress;

pub use event::EventStore;
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
}
