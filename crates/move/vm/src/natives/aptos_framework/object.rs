//! `0x1::object`: `exists_at<T: key>(addr): bool` and
//! `create_user_derived_object_address_impl(source, derive_from): address`.
//!
//! `exists_at` is `exists<T>(addr)` through the session's data cache (the same slot the
//! bytecode's `exists` reads). The derived address is Aptos's
//! `SHA3-256(source || derive_from || 0xFC)` (addresses as 32 bytes, `0xFC` the
//! `OBJECT_DERIVED_SCHEME` the Move fallback uses).
//!
//! Gas (as recalled from Aptos's schedule): `object.exists_at` base 919 + 1,470 per resource
//! loaded (charged on every call; Aptos charges the load only when it reads storage);
//! `object.user_derived_address` 14,704.

use lumio_move_core_types::AccountAddress;
use sha3::Digest as _;

use crate::{
    errors::PartialVMResult,
    natives::{NativeContext, NativeResult, NativeTable, args, one_type},
    types::Type,
    values::Value,
};

const EXISTS_AT_BASE: u64 = 919;
const EXISTS_AT_PER_ITEM: u64 = 1_470;
const DERIVED_ADDRESS_BASE: u64 = 14_704;
const OBJECT_DERIVED_SCHEME: u8 = 0xFC;

pub(super) fn register(t: &mut NativeTable, at: AccountAddress) {
    t.add(at, "object", "exists_at", exists_at);
    t.add(
        at,
        "object",
        "create_user_derived_object_address_impl",
        derived_address,
    );
}

fn exists_at(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [addr] = args(a)?;
    cx.charge(EXISTS_AT_BASE + EXISTS_AT_PER_ITEM)?;
    let b = cx.resource_exists(addr.as_address()?, one_type(tys)?)?;
    Ok(NativeResult::Return(vec![Value::Bool(b)]))
}

fn derived_address(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [source, derive_from] = args(a)?;
    cx.charge(DERIVED_ADDRESS_BASE)?;
    let mut h = sha3::Sha3_256::new();
    h.update(source.as_address()?.as_ref());
    h.update(derive_from.as_address()?.as_ref());
    h.update([OBJECT_DERIVED_SCHEME]);
    Ok(NativeResult::Return(vec![Value::Address(
        AccountAddress::new(h.finalize().into()),
    )]))
}
