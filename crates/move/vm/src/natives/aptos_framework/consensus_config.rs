//! `0x1::consensus_config::validator_txn_enabled_internal(config_bytes: vector<u8>): bool`.
//!
//! Aptos decodes the on-chain `OnChainConsensusConfig` and reports whether validator
//! transactions (DKG results, JWK updates) are enabled. Lumio is a rollup with one sequencer
//! and no validator set: there are no validator transactions, so this is always `false`,
//! whatever the bytes (which are not decoded). That keeps `reconfiguration_with_dkg` and
//! `randomness`-driven epoch changes on their non-DKG paths. Aptos charges nothing.

use lumio_move_core_types::AccountAddress;

use crate::{
    errors::PartialVMResult,
    natives::{NativeContext, NativeResult, NativeTable, args},
    types::Type,
    values::Value,
};

pub(super) fn register(t: &mut NativeTable, at: AccountAddress) {
    t.add(
        at,
        "consensus_config",
        "validator_txn_enabled_internal",
        validator_txn_enabled_internal,
    );
}

fn validator_txn_enabled_internal(
    _: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [_config_bytes] = args(a)?;
    Ok(NativeResult::Return(vec![Value::Bool(false)]))
}
