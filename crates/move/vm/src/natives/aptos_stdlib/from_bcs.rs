//! `0x1::from_bcs::from_bytes<T>(bytes): T` and the framework's `0x1::util::from_bytes<T>`
//! (one native, as in Aptos): BCS bytes decoded with `T`'s layout; bytes that are not exactly
//! one value of `T` (malformed, or trailing bytes) abort with `EFROM_BCS` (`0x10001`).
//!
//! Gas: `util.from_bytes` base 1,102 + 18 per byte.

use lumio_move_core_types::AccountAddress;

use super::{abort, cost, ret};
use crate::{
    errors::PartialVMResult,
    natives::{NativeContext, NativeResult, NativeTable, args, one_type},
    types::Type,
    values::Value,
};

const BASE: u64 = 1_102;
const PER_BYTE: u64 = 18;

/// `error::invalid_argument(1)`, Aptos's `EFROM_BYTES`.
const EFROM_BCS: u64 = 0x1_0001;

pub(super) fn register(t: &mut NativeTable, at: AccountAddress) {
    t.add(at, "from_bcs", "from_bytes", from_bytes);
    t.add(at, "util", "from_bytes", from_bytes);
}

fn from_bytes(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let layout = cx.layout(one_type(tys)?)?;
    let [v] = args(a)?;
    let bytes = v.as_bytes()?;
    cx.charge(cost(BASE, PER_BYTE, bytes.len()))?;
    match Value::deserialize(&bytes, &layout) {
        Ok(v) => ret(v),
        Err(_) => abort(EFROM_BCS),
    }
}
