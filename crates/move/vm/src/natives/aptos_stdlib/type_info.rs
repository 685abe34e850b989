//! `0x1::type_info`: `type_of<T>()`, `type_name<T>()`, `chain_id_internal()`.
//!
//! Names are Aptos's type-tag text: short addresses (`0x1::string::String`), `vector<u8>`,
//! type arguments separated by `", "`. `type_of` of a non-struct type aborts with
//! `NFE_EXPECTED_STRUCT_TYPE_TAG` (1), after charging. The chain id is the session's
//! ([`super::TransactionInfo`], 4 by default as in Aptos's unit tests).
//!
//! Gas: `type_info.type_of` / `type_name` base 1,102 + 18 per byte of the type's text;
//! `type_info.chain_id` 551.

use lumio_move_core_types::{AccountAddress, TypeTag};

use super::{TransactionInfo, abort, cost, extension, ret, string_value};
use crate::{
    errors::PartialVMResult,
    natives::{NativeContext, NativeResult, NativeTable, args, one_type},
    types::Type,
    values::Value,
};

const TYPE_OF_BASE: u64 = 1_102;
const TYPE_NAME_BASE: u64 = 1_102;
const PER_BYTE_IN_STR: u64 = 18;
const CHAIN_ID_BASE: u64 = 551;

/// Aptos `natives::status::NFE_EXPECTED_STRUCT_TYPE_TAG`.
const NFE_EXPECTED_STRUCT_TYPE_TAG: u64 = 1;

pub(super) fn register(t: &mut NativeTable, at: AccountAddress) {
    t.add(at, "type_info", "type_of", type_of);
    t.add(at, "type_info", "type_name", type_name);
    t.add(at, "type_info", "chain_id_internal", chain_id);
}

fn type_of(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [] = args(a)?;
    cx.charge(TYPE_OF_BASE)?;
    let tag = cx.type_tag(one_type(tys)?)?;
    let text = tag.to_string();
    cx.charge(cost(0, PER_BYTE_IN_STR, text.len()))?;
    let TypeTag::Struct(st) = tag else {
        return abort(NFE_EXPECTED_STRUCT_TYPE_TAG);
    };
    // `Name<Arg1, Arg2>`: the struct name with its type arguments, as Aptos writes it.
    let mut name = st.name.to_string();
    if !st.type_args.is_empty() {
        let list: Vec<String> = st.type_args.iter().map(ToString::to_string).collect();
        name = format!("{name}<{}>", list.join(", "));
    }
    ret(Value::struct_(vec![
        Value::Address(st.address),
        Value::bytes(st.module.as_str().as_bytes()),
        Value::bytes(name.as_bytes()),
    ]))
}

fn type_name(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [] = args(a)?;
    cx.charge(TYPE_NAME_BASE)?;
    let text = cx.type_tag(one_type(tys)?)?.to_string();
    cx.charge(cost(0, PER_BYTE_IN_STR, text.len()))?;
    ret(string_value(&text))
}

fn chain_id(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [] = args(a)?;
    cx.charge(CHAIN_ID_BASE)?;
    let id = extension::<TransactionInfo>(cx)?.chain_id;
    ret(Value::U8(id))
}
