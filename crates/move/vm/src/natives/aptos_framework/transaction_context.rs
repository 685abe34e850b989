//! `0x1::transaction_context`: `get_txn_hash`, `get_script_hash`, `generate_unique_address`,
//! `sender_internal`, `secondary_signers_internal`, `gas_payer_internal`,
//! `max_gas_amount_internal`, `gas_unit_price_internal`, `chain_id_internal`,
//! `entry_function_payload_internal`, `multisig_payload_internal`.
//!
//! The transaction hash and chain id are the session's
//! ([`crate::natives::aptos_stdlib::TransactionInfo`], as for table handles and
//! `type_info::chain_id`); the rest is the session's [`TransactionContext`]
//! (`Session::with_transaction_context`; by default sender and gas payer `0x0`, no secondary
//! signers, gas amounts 0, empty script hash). Aptos aborts the user-transaction getters with
//! `invalid_state(1)` outside a user transaction; here every session has user-transaction
//! facts (the defaults). The entry-function and multisig payloads are always `none` (the
//! session does not record its payload yet).
//!
//! `generate_unique_address` is Aptos's AUID: the session counter is incremented first, then
//! the address is `SHA3-256(txn_hash || counter as u64 little-endian || 0xFB)`.
//!
//! Gas (`transaction_context.*`): `generate_unique_address` 14,704; every other getter 735,
//! `secondary_signers` + 367 per signer.

use lumio_move_core_types::AccountAddress;
use sha3::Digest as _;

use crate::{
    errors::PartialVMResult,
    natives::{
        NativeContext, NativeResult, NativeTable,
        aptos_stdlib::{TransactionInfo, extension},
        args, option_value,
    },
    types::Type,
    values::Value,
};

const GETTER_BASE: u64 = 735;
const PER_SIGNER: u64 = 367;
const UNIQUE_ADDRESS_BASE: u64 = 14_704;
/// Aptos `Scheme::DeriveAuid`.
const DERIVE_AUID: u8 = 0xFB;

/// The user-transaction facts `transaction_context` returns (a native extension).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TransactionContext {
    /// `get_script_hash()`: the script's hash, empty for an entry function.
    pub script_hash: Vec<u8>,
    /// `sender()`.
    pub sender: AccountAddress,
    /// `secondary_signers()`.
    pub secondary_signers: Vec<AccountAddress>,
    /// `gas_payer()` (the sender unless a fee payer pays).
    pub gas_payer: AccountAddress,
    /// `max_gas_amount()`.
    pub max_gas_amount: u64,
    /// `gas_unit_price()`.
    pub gas_unit_price: u64,
    /// Unique addresses generated so far (the AUID counter).
    pub auid_counter: u64,
}

pub(super) fn register(t: &mut NativeTable, at: AccountAddress) {
    let m = "transaction_context";
    t.add(at, m, "get_txn_hash", get_txn_hash);
    t.add(at, m, "get_script_hash", get_script_hash);
    t.add(at, m, "generate_unique_address", generate_unique_address);
    t.add(at, m, "sender_internal", sender);
    t.add(at, m, "secondary_signers_internal", secondary_signers);
    t.add(at, m, "gas_payer_internal", gas_payer);
    t.add(at, m, "max_gas_amount_internal", max_gas_amount);
    t.add(at, m, "gas_unit_price_internal", gas_unit_price);
    t.add(at, m, "chain_id_internal", chain_id);
    t.add(at, m, "entry_function_payload_internal", no_payload);
    t.add(at, m, "multisig_payload_internal", no_payload);
}

fn ret(v: Value) -> PartialVMResult<NativeResult> {
    Ok(NativeResult::Return(vec![v]))
}

/// Charges a getter and reads the session's context.
fn getter<R>(
    cx: &mut NativeContext<'_>,
    a: Vec<Value>,
    f: impl FnOnce(&TransactionContext) -> R,
) -> PartialVMResult<R> {
    let [] = args(a)?;
    cx.charge(GETTER_BASE)?;
    Ok(f(extension::<TransactionContext>(cx)?))
}

fn get_txn_hash(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [] = args(a)?;
    cx.charge(GETTER_BASE)?;
    let hash = extension::<TransactionInfo>(cx)?.txn_hash;
    ret(Value::bytes(&hash))
}

fn chain_id(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [] = args(a)?;
    cx.charge(GETTER_BASE)?;
    let id = extension::<TransactionInfo>(cx)?.chain_id;
    ret(Value::U8(id))
}

fn get_script_hash(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    ret(Value::bytes(&getter(cx, a, |c| c.script_hash.clone())?))
}

fn sender(cx: &mut NativeContext<'_>, _: &[Type], a: Vec<Value>) -> PartialVMResult<NativeResult> {
    ret(Value::Address(getter(cx, a, |c| c.sender)?))
}

fn gas_payer(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    ret(Value::Address(getter(cx, a, |c| c.gas_payer)?))
}

fn max_gas_amount(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    ret(Value::U64(getter(cx, a, |c| c.max_gas_amount)?))
}

fn gas_unit_price(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    ret(Value::U64(getter(cx, a, |c| c.gas_unit_price)?))
}

fn secondary_signers(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let signers = getter(cx, a, |c| c.secondary_signers.clone())?;
    cx.charge(PER_SIGNER.saturating_mul(signers.len() as u64))?;
    ret(Value::vector(
        signers.into_iter().map(Value::Address).collect(),
    ))
}

fn no_payload(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    getter(cx, a, |_| ())?;
    ret(option_value(cx, None)?)
}

fn generate_unique_address(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [] = args(a)?;
    cx.charge(UNIQUE_ADDRESS_BASE)?;
    let txn_hash = extension::<TransactionInfo>(cx)?.txn_hash;
    let ctx = extension::<TransactionContext>(cx)?;
    ctx.auid_counter = ctx.auid_counter.saturating_add(1);
    let mut h = sha3::Sha3_256::new();
    h.update(txn_hash);
    h.update(ctx.auid_counter.to_le_bytes());
    h.update([DERIVE_AUID]);
    ret(Value::Address(AccountAddress::new(h.finalize().into())))
}
