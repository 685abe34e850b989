//! `0x1::randomness`: `fetch_and_increment_txn_counter(): vector<u8>`, `is_unbiasable(): bool`.
//!
//! The session's [`RandomnessContext`]: `is_unbiasable` says whether the transaction is an
//! entry call Aptos deems safe from test-and-abort (`Session::extensions` sets it; false by
//! default). `fetch_and_increment_txn_counter` aborts with 1
//! (`E_API_USE_SUSCEPTIBLE_TO_TEST_AND_ABORT`) unless unbiasable, else returns the counter as
//! 8 little-endian bytes and increments it.
//!
//! Gas (as recalled): 1,102 each.

use lumio_move_core_types::AccountAddress;

use crate::{
    errors::PartialVMResult,
    natives::{NativeContext, NativeResult, NativeTable, aptos_stdlib::extension, args},
    types::Type,
    values::Value,
};

const BASE: u64 = 1_102;
const E_API_USE_SUSCEPTIBLE_TO_TEST_AND_ABORT: u64 = 1;

/// Per-transaction randomness state (a native extension).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RandomnessContext {
    /// Counter of randomness fetches in the transaction.
    pub txn_counter: u64,
    /// Whether randomness may be used (an unbiasable entry call).
    pub unbiasable: bool,
}

pub(super) fn register(t: &mut NativeTable, at: AccountAddress) {
    t.add(
        at,
        "randomness",
        "fetch_and_increment_txn_counter",
        fetch_and_increment,
    );
    t.add(at, "randomness", "is_unbiasable", is_unbiasable);
}

fn fetch_and_increment(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [] = args(a)?;
    cx.charge(BASE)?;
    let ctx = extension::<RandomnessContext>(cx)?;
    if !ctx.unbiasable {
        return Ok(NativeResult::Abort(E_API_USE_SUSCEPTIBLE_TO_TEST_AND_ABORT));
    }
    let bytes = ctx.txn_counter.to_le_bytes();
    ctx.txn_counter = ctx.txn_counter.wrapping_add(1);
    Ok(NativeResult::Return(vec![Value::bytes(&bytes)]))
}

fn is_unbiasable(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [] = args(a)?;
    cx.charge(BASE)?;
    let u = extension::<RandomnessContext>(cx)?.unbiasable;
    Ok(NativeResult::Return(vec![Value::Bool(u)]))
}
