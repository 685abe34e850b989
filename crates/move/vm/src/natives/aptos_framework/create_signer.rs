//! `0x1::create_signer::create_signer(addr): signer` — a signer for any address (the framework
//! keeps it `friend`-only).
//!
//! Gas: `account.create_signer.base` 1,102.

use lumio_move_core_types::AccountAddress;

use crate::{
    errors::PartialVMResult,
    natives::{NativeContext, NativeResult, NativeTable, args},
    types::Type,
    values::Value,
};

const CREATE_SIGNER_BASE: u64 = 1_102;

pub(super) fn register(t: &mut NativeTable, at: AccountAddress) {
    t.add(at, "create_signer", "create_signer", create_signer);
}

fn create_signer(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [addr] = args(a)?;
    cx.charge(CREATE_SIGNER_BASE)?;
    Ok(NativeResult::Return(vec![Value::signer(
        addr.as_address()?,
    )]))
}
