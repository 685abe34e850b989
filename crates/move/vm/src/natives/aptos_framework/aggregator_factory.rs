//! `0x1::aggregator_factory::new_aggregator(factory: &mut AggregatorFactory, limit: u128):
//! Aggregator` (v1).
//!
//! The aggregator's `handle` is the factory's table handle; its `key` is Aptos's:
//! `SHA3-256(txn_hash || n)`, `n` the number of v1 aggregators the session uses so far as a
//! `u128` big-endian; its value (0) is stored as that table's item (see `aggregator.rs`).
//!
//! Gas (`aggregator_factory.new_aggregator.base`): 1,838.

use lumio_move_core_types::AccountAddress;
use sha3::Digest as _;

use super::aggregator::{AggregatorV1Context, create, factory_handle};
use crate::{
    errors::PartialVMResult,
    natives::{
        NativeContext, NativeResult, NativeTable,
        aptos_stdlib::{TransactionInfo, extension},
        args,
    },
    types::Type,
    values::Value,
};

const NEW_AGGREGATOR_BASE: u64 = 1_838;

pub(super) fn register(t: &mut NativeTable, at: AccountAddress) {
    t.add(at, "aggregator_factory", "new_aggregator", new_aggregator);
}

fn new_aggregator(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [factory, limit] = args(a)?;
    cx.charge(NEW_AGGREGATOR_BASE)?;
    let handle = factory_handle(factory)?;
    let txn_hash = extension::<TransactionInfo>(cx)?.txn_hash;
    let n = extension::<AggregatorV1Context>(cx)?.live.len() as u128;
    let mut h = sha3::Sha3_256::new();
    h.update(txn_hash);
    h.update(n.to_be_bytes());
    let key = AccountAddress::new(h.finalize().into());
    create(cx, handle, key)?;
    Ok(NativeResult::Return(vec![Value::struct_(vec![
        Value::Address(handle),
        Value::Address(key),
        limit,
    ])]))
}
