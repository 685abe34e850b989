//! `0x1::event`: `write_to_event_store<T>(guid, count, msg)` (v1, handle events) and
//! `write_module_event_to_store<T>(msg)` (v2, module events).
//!
//! Both append to the session's [`EventStore`] (emission order); `Session::finish` moves the
//! list into `ChangeSet::events` with the message's type tag and BCS bytes (and, for v1, the
//! handle's GUID bytes and the sequence number `count`). A dropped session drops its events.
//!
//! Not checked by the native: that a module event's type is defined in the module calling
//! `event::emit` and carries the `#[event]` attribute (Aptos enforces the first when compiling
//! and the second from module metadata, which this VM does not read yet; the native context
//! does not see the calling frames).
//!
//! Gas: `event.write_to_event_store.base` 20,006 (v1 and v2 alike), + 61 per byte of the
//! message's BCS (Aptos charges 61 per abstract value unit; we have no abstract sizes yet).

use lumio_move_core_types::AccountAddress;

use super::super::aptos_stdlib::extension;
use crate::{
    data_cache::Event,
    errors::PartialVMResult,
    natives::{NativeContext, NativeResult, NativeTable, args, one_type},
    types::Type,
    values::Value,
};

const WRITE_BASE: u64 = 20_006;
const WRITE_PER_BYTE: u64 = 61;

/// The events a session emitted, in order (a native extension).
#[derive(Clone, Debug, Default)]
pub struct EventStore {
    /// The events so far.
    pub events: Vec<Event>,
}

pub(super) fn register(t: &mut NativeTable, at: AccountAddress) {
    t.add(at, "event", "write_to_event_store", write_to_event_store);
    t.add(
        at,
        "event",
        "write_module_event_to_store",
        write_module_event_to_store,
    );
}

fn emit(
    cx: &mut NativeContext<'_>,
    ty: &Type,
    msg: &Value,
    v1: Option<(Vec<u8>, u64)>,
) -> PartialVMResult<NativeResult> {
    cx.charge(WRITE_BASE)?;
    let type_tag = cx.type_tag(ty)?;
    let data = msg.serialize()?;
    cx.charge(WRITE_PER_BYTE.saturating_mul(data.len() as u64))?;
    extension::<EventStore>(cx)?
        .events
        .push(Event { v1, type_tag, data });
    Ok(NativeResult::Return(vec![]))
}

fn write_to_event_store(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [guid, count, msg] = args(a)?;
    let Value::U64(seq) = count else {
        return Err(crate::errors::invariant("event count is not a u64"));
    };
    let guid = guid.as_bytes()?;
    emit(cx, one_type(tys)?, &msg, Some((guid, seq)))
}

/// Test-only `emitted_events<T>(): vector<T>`: the module events of type `T` this session
/// emitted so far, in order (bound by [`NativeTable::testing`]).
pub(crate) fn emitted_events(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [] = args(a)?;
    collect_events(cx, one_type(tys)?, None)
}

/// Test-only `emitted_events_by_handle<T>(handle: &EventHandle<T>): vector<T>`: the events
/// emitted through that handle (same GUID) this session.
pub(crate) fn emitted_events_by_handle(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [handle] = args(a)?;
    // EventHandle { counter: u64, guid: GUID }: the GUID's BCS is what the handle emits with.
    let guid = handle.into_ref()?.borrow_part(1)?.read()?.serialize()?;
    collect_events(cx, one_type(tys)?, Some(&guid))
}

fn collect_events(
    cx: &mut NativeContext<'_>,
    ty: &Type,
    guid: Option<&[u8]>,
) -> PartialVMResult<NativeResult> {
    let tag = cx.type_tag(ty)?;
    let layout = cx.layout(ty)?;
    let events = extension::<EventStore>(cx)?.events.clone();
    let mut out = Vec::new();
    for e in events {
        let matches = match (&guid, &e.v1) {
            (None, None) => true,
            (Some(g), Some((eg, _))) => *g == eg.as_slice(),
            _ => false,
        };
        if matches && e.type_tag == tag {
            out.push(Value::deserialize(&e.data, &layout)?);
        }
    }
    Ok(NativeResult::Return(vec![Value::vector(out)]))
}

fn write_module_event_to_store(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [msg] = args(a)?;
    emit(cx, one_type(tys)?, &msg, None)
}
