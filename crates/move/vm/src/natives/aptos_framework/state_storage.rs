//! `0x1::state_storage::get_state_storage_usage_only_at_epoch_beginning(): Usage` — the state
//! size at the start of the epoch, `Usage { items: u64, bytes: u64 }`, from the session's
//! [`StateStorageUsage`] (zero unless set through `Session::extensions`).
//!
//! Gas (as recalled): 14,704.

use lumio_move_core_types::AccountAddress;

use crate::{
    errors::PartialVMResult,
    natives::{NativeContext, NativeResult, NativeTable, aptos_stdlib::extension, args},
    types::Type,
    values::Value,
};

const BASE: u64 = 14_704;

/// State storage usage at the beginning of the epoch (a native extension).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StateStorageUsage {
    /// Number of state items.
    pub items: u64,
    /// Their total bytes.
    pub bytes: u64,
}

pub(super) fn register(t: &mut NativeTable, at: AccountAddress) {
    t.add(
        at,
        "state_storage",
        "get_state_storage_usage_only_at_epoch_beginning",
        usage,
    );
}

fn usage(cx: &mut NativeContext<'_>, _: &[Type], a: Vec<Value>) -> PartialVMResult<NativeResult> {
    let [] = args(a)?;
    cx.charge(BASE)?;
    let u = *extension::<StateStorageUsage>(cx)?;
    Ok(NativeResult::Return(vec![Value::struct_(vec![
        Value::U64(u.items),
        Value::U64(u.bytes),
    ])]))
}
