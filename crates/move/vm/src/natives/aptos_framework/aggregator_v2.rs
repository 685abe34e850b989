//! `0x1::aggregator_v2`: `create_aggregator`, `create_unbounded_aggregator`, `try_add`,
//! `try_sub`, `is_at_least_impl`, `read`, `snapshot`, `create_snapshot`, `copy_snapshot`,
//! `read_snapshot`, `string_concat`, `read_derived_string`, `create_derived_string`,
//! `derive_string_concat` (signatures of the late-2024 `aggregator_v2.move`).
//!
//! Lumio executes transactions one after another, so these are Aptos's natives with the
//! delayed-field optimization off: an `Aggregator<T> { value, max_value }` holds its value
//! and the natives read and write that field directly; a snapshot is
//! `AggregatorSnapshot<T> { value }`; a `DerivedStringSnapshot { value: String, padding }`
//! carries zero bytes of padding so that its BCS size is the fixed width Aptos computes
//! (`calculate_width_for_constant_string` / `..._integer_embedded_string`), which keeps the
//! stored bytes identical to Aptos's.
//!
//! Abort codes (Aptos's natives): a type argument other than `u64` / `u128` for an aggregator
//! `0x03_0007` (`EUNSUPPORTED_AGGREGATOR_TYPE`), for a snapshot `0x03_0005`; strings of
//! more than 1,024 bytes (a derived string, or prefix + suffix of a concatenation)
//! `0x03_0008`; `copy_snapshot` and the deprecated `string_concat` always `0x03_0009`
//! (`EAGGREGATOR_FUNCTION_NOT_YET_SUPPORTED`, charged nothing). `try_add` / `try_sub` return
//! `false` and leave the value unchanged when the result would pass `max_value` or go below
//! zero; `add` / `sub` (Move) turn that into `EAGGREGATOR_OVERFLOW` / `_UNDERFLOW`. The
//! aggregator API feature flag is on (Lumio does not gate it).
//!
//! Gas (`aggregator_v2.*`): create 1,838; try_add / try_sub 1,102; is_at_least 500; read
//! 2,205; snapshot 1,102; create_snapshot 1,102 (+ 3 per byte of a derived string);
//! read_snapshot and read_derived_string 2,205; derive_string_concat 1,102 + 3 per byte of
//! prefix and suffix.

use lumio_move_core_types::AccountAddress;

use crate::{
    errors::{PartialVMResult, invariant},
    natives::{NativeContext, NativeResult, NativeTable, args, one_type},
    types::Type,
    values::{Ref, Value},
};

const EUNSUPPORTED_AGGREGATOR_SNAPSHOT_TYPE: u64 = 0x03_0005;
const EUNSUPPORTED_AGGREGATOR_TYPE: u64 = 0x03_0007;
const EINPUT_STRING_LENGTH_TOO_LARGE: u64 = 0x03_0008;
const EAGGREGATOR_FUNCTION_NOT_YET_SUPPORTED: u64 = 0x03_0009;

/// Longest derived-string input (Aptos `DERIVED_STRING_INPUT_MAX_LENGTH`).
const DERIVED_STRING_INPUT_MAX_LENGTH: usize = 1024;

const CREATE_AGGREGATOR_BASE: u64 = 1_838;
const TRY_ADD_BASE: u64 = 1_102;
const TRY_SUB_BASE: u64 = 1_102;
const IS_AT_LEAST_BASE: u64 = 500;
const READ_BASE: u64 = 2_205;
const SNAPSHOT_BASE: u64 = 1_102;
const CREATE_SNAPSHOT_BASE: u64 = 1_102;
const CREATE_SNAPSHOT_PER_BYTE: u64 = 3;
const READ_SNAPSHOT_BASE: u64 = 2_205;
const STRING_CONCAT_BASE: u64 = 1_102;
const STRING_CONCAT_PER_BYTE: u64 = 3;

pub(super) fn register(t: &mut NativeTable, at: AccountAddress) {
    let m = "aggregator_v2";
    t.add(at, m, "create_aggregator", create_aggregator);
    t.add(
        at,
        m,
        "create_unbounded_aggregator",
        create_unbounded_aggregator,
    );
    t.add(at, m, "try_add", try_add);
    t.add(at, m, "try_sub", try_sub);
    t.add(at, m, "is_at_least_impl", is_at_least_impl);
    t.add(at, m, "read", read_aggregator);
    t.add(at, m, "snapshot", snapshot);
    t.add(at, m, "create_snapshot", create_snapshot);
    t.add(at, m, "copy_snapshot", not_yet_supported);
    t.add(at, m, "read_snapshot", read_snapshot);
    t.add(at, m, "string_concat", not_yet_supported);
    t.add(at, m, "read_derived_string", read_derived_string);
    t.add(at, m, "create_derived_string", create_derived_string);
    t.add(at, m, "derive_string_concat", derive_string_concat);
}

/// The integer types an aggregator or snapshot may hold.
#[derive(Clone, Copy)]
enum Width {
    U64,
    U128,
}

impl Width {
    fn of(ty: &Type) -> Option<Width> {
        match ty {
            Type::U64 => Some(Width::U64),
            Type::U128 => Some(Width::U128),
            _ => None,
        }
    }

    fn max(self) -> u128 {
        match self {
            Width::U64 => u128::from(u64::MAX),
            Width::U128 => u128::MAX,
        }
    }

    /// Decimal digits of the largest value (Aptos `U64_MAX_DIGITS` / `U128_MAX_DIGITS`).
    fn max_digits(self) -> usize {
        match self {
            Width::U64 => 20,
            Width::U128 => 39,
        }
    }

    fn get(self, v: &Value) -> PartialVMResult<u128> {
        match (self, v) {
            (Width::U64, Value::U64(x)) => Ok(u128::from(*x)),
            (Width::U128, Value::U128(x)) => Ok(*x),
            _ => Err(invariant(format!(
                "aggregator value {v:?} of the wrong type"
            ))),
        }
    }

    fn value(self, x: u128) -> PartialVMResult<Value> {
        Ok(match self {
            Width::U64 => {
                Value::U64(u64::try_from(x).map_err(|_| invariant("aggregator value exceeds u64"))?)
            }
            Width::U128 => Value::U128(x),
        })
    }
}

fn ret(v: Value) -> PartialVMResult<NativeResult> {
    Ok(NativeResult::Return(vec![v]))
}

/// `(value, max_value)` of the aggregator `r` points to.
fn fields(r: &Ref, w: Width) -> PartialVMResult<(u128, u128)> {
    let value = r.borrow_part(0)?.with(|v| w.get(v))?;
    let max = r.borrow_part(1)?.with(|v| w.get(v))?;
    Ok((value, max))
}

fn new_aggregator(w: Width, max: u128) -> PartialVMResult<NativeResult> {
    ret(Value::struct_(vec![w.value(0)?, w.value(max)?]))
}

/// `create_aggregator<T: copy + drop>(max_value: T): Aggregator<T>`.
fn create_aggregator(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [max] = args(a)?;
    cx.charge(CREATE_AGGREGATOR_BASE)?;
    let Some(w) = Width::of(one_type(tys)?) else {
        return Ok(NativeResult::Abort(EUNSUPPORTED_AGGREGATOR_TYPE));
    };
    let max = w.get(&max)?;
    new_aggregator(w, max)
}

/// `create_unbounded_aggregator<T: copy + drop>(): Aggregator<T>` (max = the type's max).
fn create_unbounded_aggregator(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [] = args(a)?;
    cx.charge(CREATE_AGGREGATOR_BASE)?;
    let Some(w) = Width::of(one_type(tys)?) else {
        return Ok(NativeResult::Abort(EUNSUPPORTED_AGGREGATOR_TYPE));
    };
    new_aggregator(w, w.max())
}

/// `try_add` / `try_sub`: applies `value` if the result stays in `0..=max_value`.
fn try_apply(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
    base: u64,
    add: bool,
) -> PartialVMResult<NativeResult> {
    let [agg, value] = args(a)?;
    cx.charge(base)?;
    let Some(w) = Width::of(one_type(tys)?) else {
        return Ok(NativeResult::Abort(EUNSUPPORTED_AGGREGATOR_TYPE));
    };
    let rhs = w.get(&value)?;
    let agg = agg.into_ref()?;
    let (lhs, max) = fields(&agg, w)?;
    let result = if add {
        // Aptos `BoundedMath::unsigned_add`: fails when `lhs + rhs > max`.
        lhs.checked_add(rhs).filter(|s| *s <= max)
    } else {
        lhs.checked_sub(rhs)
    };
    if let Some(x) = result {
        agg.borrow_part(0)?.write(w.value(x)?)?;
    }
    ret(Value::Bool(result.is_some()))
}

/// `try_add<T>(aggregator: &mut Aggregator<T>, value: T): bool`.
fn try_add(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    try_apply(cx, tys, a, TRY_ADD_BASE, true)
}

/// `try_sub<T>(aggregator: &mut Aggregator<T>, value: T): bool`.
fn try_sub(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    try_apply(cx, tys, a, TRY_SUB_BASE, false)
}

/// `is_at_least_impl<T>(aggregator: &Aggregator<T>, min_amount: T): bool`.
fn is_at_least_impl(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [agg, min] = args(a)?;
    cx.charge(IS_AT_LEAST_BASE)?;
    let Some(w) = Width::of(one_type(tys)?) else {
        return Ok(NativeResult::Abort(EUNSUPPORTED_AGGREGATOR_TYPE));
    };
    let min = w.get(&min)?;
    let (value, _) = fields(&agg.into_ref()?, w)?;
    ret(Value::Bool(value >= min))
}

/// `read<T>(aggregator: &Aggregator<T>): T`.
fn read_aggregator(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [agg] = args(a)?;
    cx.charge(READ_BASE)?;
    let Some(w) = Width::of(one_type(tys)?) else {
        return Ok(NativeResult::Abort(EUNSUPPORTED_AGGREGATOR_TYPE));
    };
    let (value, max) = fields(&agg.into_ref()?, w)?;
    if value > max {
        return Err(invariant(format!(
            "aggregator value {value} above its maximum {max}"
        )));
    }
    ret(w.value(value)?)
}

/// `snapshot<T>(aggregator: &Aggregator<T>): AggregatorSnapshot<T>`.
fn snapshot(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [agg] = args(a)?;
    cx.charge(SNAPSHOT_BASE)?;
    let Some(w) = Width::of(one_type(tys)?) else {
        return Ok(NativeResult::Abort(EUNSUPPORTED_AGGREGATOR_TYPE));
    };
    let (value, _) = fields(&agg.into_ref()?, w)?;
    ret(Value::struct_(vec![w.value(value)?]))
}

/// `create_snapshot<T: copy + drop>(value: T): AggregatorSnapshot<T>`.
fn create_snapshot(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [value] = args(a)?;
    cx.charge(CREATE_SNAPSHOT_BASE)?;
    if Width::of(one_type(tys)?).is_none() {
        return Ok(NativeResult::Abort(EUNSUPPORTED_AGGREGATOR_SNAPSHOT_TYPE));
    }
    ret(Value::struct_(vec![value]))
}

/// The value of the snapshot `r` points to.
fn snapshot_value(r: Value, w: Width) -> PartialVMResult<u128> {
    r.into_ref()?.borrow_part(0)?.with(|v| w.get(v))
}

/// `read_snapshot<T>(snapshot: &AggregatorSnapshot<T>): T`.
fn read_snapshot(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [snap] = args(a)?;
    cx.charge(READ_SNAPSHOT_BASE)?;
    let Some(w) = Width::of(one_type(tys)?) else {
        return Ok(NativeResult::Abort(EUNSUPPORTED_AGGREGATOR_SNAPSHOT_TYPE));
    };
    ret(w.value(snapshot_value(snap, w)?)?)
}

/// `copy_snapshot` and `string_concat`: never implemented by Aptos either.
fn not_yet_supported(
    _: &mut NativeContext<'_>,
    _: &[Type],
    _: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    Ok(NativeResult::Abort(EAGGREGATOR_FUNCTION_NOT_YET_SUPPORTED))
}

/// The bytes of a `String` value.
fn string_bytes(v: &Value) -> PartialVMResult<Vec<u8>> {
    crate::values::read(v.container()?)?
        .first()
        .ok_or_else(|| invariant("string without bytes"))?
        .as_bytes()
}

/// `read_derived_string(snapshot: &DerivedStringSnapshot): String`.
fn read_derived_string(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [snap] = args(a)?;
    cx.charge(READ_SNAPSHOT_BASE)?;
    let s = snap.into_ref()?.borrow_part(0)?.read()?;
    ret(s)
}

/// Length of the ULEB128 encoding of `n`.
fn uleb_len(mut n: usize) -> usize {
    let mut len = 1;
    while n >= 0x80 {
        n >>= 7;
        len += 1;
    }
    len
}

/// BCS size of a byte vector of length `n`.
fn bcs_bytes_size(n: usize) -> usize {
    uleb_len(n) + n
}

/// `DerivedStringSnapshot { value: String(bytes), padding }` whose BCS size is `width`
/// (Aptos `bytes_and_width_to_derived_string_struct`).
fn derived_string(bytes: &[u8], width: usize) -> PartialVMResult<Value> {
    let value_width = bcs_bytes_size(bytes.len());
    let padding = width
        .checked_sub(value_width + 1)
        .ok_or_else(|| invariant("derived string wider than its width"))?;
    // The padding's length must fit one ULEB byte for the width to be exact.
    if uleb_len(padding) > 1 {
        return Err(invariant("derived string padding too long"));
    }
    Ok(Value::struct_(vec![
        Value::struct_(vec![Value::bytes(bytes)]),
        Value::bytes(&vec![0; padding]),
    ]))
}

/// `create_derived_string(value: String): DerivedStringSnapshot`.
fn create_derived_string(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [s] = args(a)?;
    cx.charge(CREATE_SNAPSHOT_BASE)?;
    let bytes = string_bytes(&s)?;
    cx.charge(CREATE_SNAPSHOT_PER_BYTE.saturating_mul(bytes.len() as u64))?;
    if bytes.len() > DERIVED_STRING_INPUT_MAX_LENGTH {
        return Ok(NativeResult::Abort(EINPUT_STRING_LENGTH_TOO_LARGE));
    }
    // Wide enough for the string itself or, as Aptos stores it in parallel execution, for
    // the decimal id of a u64 in its place (20 digits + two length bytes).
    let width = (bcs_bytes_size(bytes.len()) + 1).max(Width::U64.max_digits() + 2);
    ret(derived_string(&bytes, width)?)
}

/// `derive_string_concat<T>(before: String, snapshot: &AggregatorSnapshot<T>, after: String):
/// DerivedStringSnapshot`: `before ++ decimal(snapshot) ++ after`.
fn derive_string_concat(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [before, snap, after] = args(a)?;
    cx.charge(STRING_CONCAT_BASE)?;
    // Aptos pops (and charges) the suffix first, then the prefix.
    let suffix = string_bytes(&after)?;
    cx.charge(STRING_CONCAT_PER_BYTE.saturating_mul(suffix.len() as u64))?;
    let prefix = string_bytes(&before)?;
    cx.charge(STRING_CONCAT_PER_BYTE.saturating_mul(prefix.len() as u64))?;
    let rest = prefix.len().saturating_add(suffix.len());
    if rest > DERIVED_STRING_INPUT_MAX_LENGTH {
        return Ok(NativeResult::Abort(EINPUT_STRING_LENGTH_TOO_LARGE));
    }
    let Some(w) = Width::of(one_type(tys)?) else {
        return Ok(NativeResult::Abort(EUNSUPPORTED_AGGREGATOR_SNAPSHOT_TYPE));
    };
    let width = bcs_bytes_size(rest + w.max_digits()) + 1;
    let value = snapshot_value(snap, w)?;
    let mut out = prefix;
    out.extend_from_slice(value.to_string().as_bytes());
    out.extend_from_slice(&suffix);
    ret(derived_string(&out, width)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_string_widths_are_exact() {
        for n in [0usize, 1, 5, 20, 21, 127, 128, 129, 1024] {
            let bytes = vec![b'a'; n];
            let width = (bcs_bytes_size(n) + 1).max(22);
            let v = derived_string(&bytes, width).unwrap();
            assert_eq!(v.serialize().unwrap().len(), width, "constant {n}");
            for (w, max) in [(Width::U64, u128::from(u64::MAX)), (Width::U128, u128::MAX)] {
                let width = bcs_bytes_size(n + w.max_digits()) + 1;
                for x in [0u128, 7, max] {
                    let mut out = vec![b'a'; n];
                    out.extend_from_slice(x.to_string().as_bytes());
                    let v = derived_string(&out, width).unwrap();
                    assert_eq!(v.serialize().unwrap().len(), width, "concat {n} {x}");
                }
            }
        }
    }
}
