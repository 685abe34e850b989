//! `0x1::aggregator` (v1): `add`, `sub`, `read`, `destroy`.
//!
//! A v1 `Aggregator { handle, key, limit }` keeps its value outside itself, as Aptos does: a
//! `u128` stored as item `key` (32 bytes) of the table `handle` (the aggregator factory's
//! table), so its writes reach the change set as table writes, exactly where Aptos puts them.
//! Lumio executes sequentially, so instead of recording deltas the natives read the stored
//! value on first touch and apply each operation to it (Aptos's result in a sequential run;
//! where Aptos would find an overflow only when materializing a delta, at the end of the
//! transaction, we abort at the operation).
//!
//! Aborts (Aptos's `aggregator_v1_extension`): `add` past `limit` `0x02_0001`
//! (`EAGGREGATOR_OVERFLOW`, out of range), `sub` below zero `0x02_0002`. An aggregator that
//! is neither created in the session nor in storage is a `VM_EXTENSION_ERROR`.
//!
//! Gas (`aggregator.*`): add, sub, read 1,102; destroy 1,838.

use std::collections::BTreeSet;

use lumio_move_core_types::{AccountAddress, StatusCode};

use crate::{
    errors::{PartialVMError, PartialVMResult, invariant},
    natives::{
        NativeContext, NativeResult, NativeTable,
        aptos_stdlib::{TableContext, extension},
        args,
    },
    types::Type,
    values::{Ref, Value},
};

const EADD_OVERFLOW: u64 = 0x02_0001;
const ESUB_UNDERFLOW: u64 = 0x02_0002;

const ADD_BASE: u64 = 1_102;
const SUB_BASE: u64 = 1_102;
const READ_BASE: u64 = 1_102;
const DESTROY_BASE: u64 = 1_838;

/// The v1 aggregators a session uses (created, read or changed, and not destroyed), by
/// `(handle, key)`: their number is the counter new aggregator keys derive from.
#[derive(Default)]
pub(crate) struct AggregatorV1Context {
    pub(crate) live: BTreeSet<(AccountAddress, AccountAddress)>,
}

pub(super) fn register(t: &mut NativeTable, at: AccountAddress) {
    t.add(at, "aggregator", "add", add);
    t.add(at, "aggregator", "sub", sub);
    t.add(at, "aggregator", "read", read_value);
    t.add(at, "aggregator", "destroy", destroy);
}

/// `(handle, key, limit)` of an aggregator struct, given by value or by reference.
fn parts(agg: &Value) -> PartialVMResult<(AccountAddress, AccountAddress, u128)> {
    let fields = |v: &Value| -> PartialVMResult<_> {
        let c = crate::values::read(v.container()?)?;
        match c.as_slice() {
            [Value::Address(h), Value::Address(k), Value::U128(l)] => Ok((*h, *k, *l)),
            other => Err(invariant(format!("aggregator fields {other:?}"))),
        }
    };
    match agg {
        Value::Ref(r) => r.with(fields),
        v => fields(v),
    }
}

/// The current value of the aggregator `(handle, key)`.
fn current(
    cx: &mut NativeContext<'_>,
    handle: AccountAddress,
    key: AccountAddress,
) -> PartialVMResult<u128> {
    let v = extension::<TableContext>(cx)?.u128_item(handle, key.as_ref().to_vec())?;
    extension::<AggregatorV1Context>(cx)?
        .live
        .insert((handle, key));
    v.ok_or_else(|| {
        PartialVMError::new(StatusCode::VM_EXTENSION_ERROR).with_message(format!(
            "no value for aggregator {} of table {}",
            key.to_hex_literal(),
            handle.to_hex_literal()
        ))
    })
}

fn set(
    cx: &mut NativeContext<'_>,
    handle: AccountAddress,
    key: AccountAddress,
    v: Option<u128>,
) -> PartialVMResult<()> {
    extension::<TableContext>(cx)?.set_u128_item(handle, key.as_ref().to_vec(), v)
}

/// `add(aggregator: &mut Aggregator, value: u128)`.
fn add(cx: &mut NativeContext<'_>, _: &[Type], a: Vec<Value>) -> PartialVMResult<NativeResult> {
    let [agg, value] = args(a)?;
    cx.charge(ADD_BASE)?;
    let (handle, key, limit) = parts(&agg)?;
    let value = as_u128(&value)?;
    let now = current(cx, handle, key)?;
    match now.checked_add(value).filter(|x| *x <= limit) {
        Some(x) => {
            set(cx, handle, key, Some(x))?;
            Ok(NativeResult::Return(vec![]))
        }
        None => Ok(NativeResult::Abort(EADD_OVERFLOW)),
    }
}

/// `sub(aggregator: &mut Aggregator, value: u128)`.
fn sub(cx: &mut NativeContext<'_>, _: &[Type], a: Vec<Value>) -> PartialVMResult<NativeResult> {
    let [agg, value] = args(a)?;
    cx.charge(SUB_BASE)?;
    let (handle, key, _) = parts(&agg)?;
    let value = as_u128(&value)?;
    let now = current(cx, handle, key)?;
    match now.checked_sub(value) {
        Some(x) => {
            set(cx, handle, key, Some(x))?;
            Ok(NativeResult::Return(vec![]))
        }
        None => Ok(NativeResult::Abort(ESUB_UNDERFLOW)),
    }
}

/// `read(aggregator: &Aggregator): u128`.
fn read_value(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [agg] = args(a)?;
    cx.charge(READ_BASE)?;
    let (handle, key, _) = parts(&agg)?;
    let now = current(cx, handle, key)?;
    Ok(NativeResult::Return(vec![Value::U128(now)]))
}

/// `destroy(aggregator: Aggregator)`: the stored value is deleted (one created in this
/// session leaves nothing behind).
fn destroy(cx: &mut NativeContext<'_>, _: &[Type], a: Vec<Value>) -> PartialVMResult<NativeResult> {
    let [agg] = args(a)?;
    cx.charge(DESTROY_BASE)?;
    let (handle, key, _) = parts(&agg)?;
    set(cx, handle, key, None)?;
    extension::<AggregatorV1Context>(cx)?
        .live
        .remove(&(handle, key));
    Ok(NativeResult::Return(vec![]))
}

fn as_u128(v: &Value) -> PartialVMResult<u128> {
    match v {
        Value::U128(x) => Ok(*x),
        other => Err(invariant(format!("expected u128, got {other:?}"))),
    }
}

/// Creates aggregator `key` of table `handle` with value 0 (used by `aggregator_factory`).
pub(super) fn create(
    cx: &mut NativeContext<'_>,
    handle: AccountAddress,
    key: AccountAddress,
) -> PartialVMResult<()> {
    set(cx, handle, key, Some(0))?;
    extension::<AggregatorV1Context>(cx)?
        .live
        .insert((handle, key));
    Ok(())
}

/// The handle of the table inside the factory `factory` points to.
pub(super) fn factory_handle(factory: Value) -> PartialVMResult<AccountAddress> {
    let r: Ref = factory.into_ref()?;
    r.borrow_part(0)?.borrow_part(0)?.read()?.as_address()
}
