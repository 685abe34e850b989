//! `0x1::object`: `exists_at<T: key>(addr): bool` and
//! `create_user_derived_object_address_impl(source, derive_from): address`.
//!
//! `exists_at` is `exists<T>(addr)` through the session's data cache (the same slot the
//! bytecode's `exists` reads). The derived address is Aptos's
//! `SHA3-256(source || derive_from || 0xFC)` (addresses as 32 bytes, `0xFC` the
//! `OBJECT_DERIVED_SCHEME` the Move fallback uses).
//!
//! Gas (Aptos's schedule, `aptos-gas-schedule` `aptos_framework.rs`, feature version 7 on;
//! charged as Aptos's `native_exists_at`): `object.exists_at.base` 919 on every call, then, only
//! when the call read the slot from storage (the session's first touch of it),
//! `per_item_loaded` 1,470 + `per_byte_loaded` 183 per byte loaded (0 bytes for an absent
//! resource); `object.user_derived_address.base` 14,704.

use lumio_move_core_types::AccountAddress;
use sha3::Digest as _;

use crate::{
    errors::PartialVMResult,
    natives::{NativeContext, NativeResult, NativeTable, args, one_type},
    types::Type,
    values::Value,
};

const EXISTS_AT_BASE: u64 = 919;
const EXISTS_AT_PER_ITEM_LOADED: u64 = 1_470;
const EXISTS_AT_PER_BYTE_LOADED: u64 = 183;
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
    cx.charge(EXISTS_AT_BASE)?;
    let (exists, loaded) = cx.resource_exists(addr.as_address()?, one_type(tys)?)?;
    if let Some(bytes) = loaded {
        cx.charge(
            EXISTS_AT_PER_BYTE_LOADED
                .saturating_mul(bytes)
                .saturating_add(EXISTS_AT_PER_ITEM_LOADED),
        )?;
    }
    Ok(NativeResult::Return(vec![Value::Bool(exists)]))
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
