//! `0x1::cmp::compare<T>(first: &T, second: &T): Ordering` (the `std::cmp` of Aptos's 2025
//! MoveStdlib; our MoveStdlib declares it too).
//!
//! The order is [`Value::compare`]'s (Aptos's `Value::compare`): integers numerically,
//! `false < true`, addresses by bytes, vectors and structs element by element and then by
//! length, enum values by variant tag and then fields, signers by address. The result is the
//! enum `Ordering { Less, Equal, Greater }`: variant 0, 1 or 2, no fields.
//!
//! Gas (Aptos `move_stdlib.cmp.compare.*`): 367 + 14 per abstract value unit of both values
//! (references followed), charged before comparing.

use std::cmp::Ordering;

use lumio_move_core_types::AccountAddress;

use crate::{
    errors::PartialVMResult,
    natives::{NativeContext, NativeResult, NativeTable, args, one_type},
    types::Type,
    values::{Value, container},
};

const COMPARE_BASE: u64 = 367;
const COMPARE_PER_ABS_VAL_UNIT: u64 = 14;

/// Variant tags of `0x1::cmp::Ordering`, in declaration order.
const LESS: u16 = 0;
const EQUAL: u16 = 1;
const GREATER: u16 = 2;

pub(super) fn register(t: &mut NativeTable, at: AccountAddress) {
    t.add(at, "cmp", "compare", compare);
}

fn compare(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    one_type(tys)?;
    let [first, second] = args(a)?;
    let units = first
        .abstract_size()?
        .saturating_add(second.abstract_size()?);
    cx.charge(COMPARE_BASE.saturating_add(COMPARE_PER_ABS_VAL_UNIT.saturating_mul(units)))?;
    let tag = match first.compare(&second)? {
        Ordering::Less => LESS,
        Ordering::Equal => EQUAL,
        Ordering::Greater => GREATER,
    };
    Ok(NativeResult::Return(vec![Value::Variant(
        tag,
        container(vec![]),
    )]))
}
