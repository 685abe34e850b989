//! Natives of aptos-stdlib (`aptos_std` at `0x1`), bound by the names and signatures Aptos's
//! Move sources declare (late 2024): `table`, `type_info`, `from_bcs` (and the framework's
//! `util::from_bytes`), `aptos_hash`, `ed25519`, `multi_ed25519`, `secp256k1`, `string_utils`,
//! `debug`. One file per module below; each states the Aptos rule it follows where Aptos leaves
//! a choice, and its gas figures (Aptos's gas schedule, listed in `docs/vm.md`).
//!
//! Not here: the ZK modules Lumio removes (`ristretto255*`, `bls12381*`, `crypto_algebra`,
//! `bn254_algebra`): a module declaring one of their natives fails to load, naming it.

mod debug;
mod ed25519;
mod from_bcs;
mod hash;
mod secp256k1;
mod string_utils;
mod table;
pub(crate) mod test_only;
mod type_info;

use std::any::Any;

use lumio_move_core_types::AccountAddress;

pub use debug::DebugOutput;
pub(crate) use table::TableContext;

use super::{NativeContext, NativeResult, NativeTable};
use crate::{
    errors::{PartialVMResult, invariant},
    values::Value,
};

/// Chain id the natives report when the session is given none: Aptos's testing value, which
/// `type_info::chain_id` returns in Move unit tests.
pub const DEFAULT_CHAIN_ID: u8 = 4;

/// Facts about the running transaction that natives read (a subset of Aptos's
/// `NativeTransactionContext`): the hash table handles are derived from, and the chain id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TransactionInfo {
    /// The transaction hash (or any per-session unique value) new table handles derive from.
    pub txn_hash: [u8; 32],
    /// `type_info::chain_id_internal()`.
    pub chain_id: u8,
}

impl Default for TransactionInfo {
    fn default() -> Self {
        TransactionInfo {
            txn_hash: [0; 32],
            chain_id: DEFAULT_CHAIN_ID,
        }
    }
}

pub(super) fn register(t: &mut NativeTable) {
    let one = AccountAddress::ONE;
    table::register(t, one);
    type_info::register(t, one);
    from_bcs::register(t, one);
    hash::register(t, one);
    ed25519::register(t, one);
    secp256k1::register(t, one);
    string_utils::register(t, one);
    debug::register(t, one);
}

/// The session's extension of type `T`, created empty on first use.
pub(crate) fn extension<'c, T: Any + Default>(
    cx: &'c mut NativeContext<'_>,
) -> PartialVMResult<&'c mut T> {
    if cx.extensions.get_mut::<T>().is_none() {
        cx.extensions.insert(T::default());
    }
    cx.extensions
        .get_mut::<T>()
        .ok_or_else(|| invariant("native extension vanished"))
}

fn ret(v: Value) -> PartialVMResult<NativeResult> {
    Ok(NativeResult::Return(vec![v]))
}

fn abort(code: u64) -> PartialVMResult<NativeResult> {
    Ok(NativeResult::Abort(code))
}

/// A `0x1::string::String` holding `s`.
fn string_value(s: &str) -> Value {
    Value::struct_(vec![Value::bytes(s.as_bytes())])
}

/// The bytes of a `0x1::string::String` value.
fn string_bytes(v: &Value) -> PartialVMResult<Vec<u8>> {
    crate::values::read(v.container()?)?
        .first()
        .ok_or_else(|| invariant("string without bytes"))?
        .as_bytes()
}

/// `base + per_unit * units`, saturating (a charge that large fails as out of gas anyway).
fn cost(base: u64, per_unit: u64, units: usize) -> u64 {
    base.saturating_add(per_unit.saturating_mul(units as u64))
}
