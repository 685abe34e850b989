//! `0x1::aptos_hash`: `sip_hash` (SipHash-2-4 with the all-zero key, as Aptos's
//! `siphasher::sip::SipHasher::new()`), `keccak256`, and the `*_internal` natives behind
//! `sha2_512`, `sha3_512`, `ripemd160`, `blake2b_256` (BLAKE2b with a 32-byte digest). The
//! Move wrappers check their feature flags; the natives do not.
//!
//! Gas (Aptos `aptos_framework` parameters `hash.*`): base + per byte of input.

use std::hash::Hasher as _;

use blake2::Digest as _;
use lumio_move_core_types::AccountAddress;

use super::{cost, ret};
use crate::{
    errors::PartialVMResult,
    natives::{NativeContext, NativeResult, NativeTable, args},
    types::Type,
    values::Value,
};

const SIP_HASH: (u64, u64) = (3_676, 73);
const KECCAK256: (u64, u64) = (14_704, 165);
const SHA2_512: (u64, u64) = (11_910, 220);
const SHA3_512: (u64, u64) = (16_542, 183);
const RIPEMD160: (u64, u64) = (11_028, 183);
const BLAKE2B_256: (u64, u64) = (6_433, 55);

pub(super) fn register(t: &mut NativeTable, at: AccountAddress) {
    t.add(at, "aptos_hash", "sip_hash", sip_hash);
    t.add(at, "aptos_hash", "keccak256", keccak256);
    t.add(at, "aptos_hash", "sha2_512_internal", sha2_512);
    t.add(at, "aptos_hash", "sha3_512_internal", sha3_512);
    t.add(at, "aptos_hash", "ripemd160_internal", ripemd160);
    t.add(at, "aptos_hash", "blake2b_256_internal", blake2b_256);
}

/// The single `vector<u8>` argument, after charging `gas` for its length.
fn input(cx: &mut NativeContext<'_>, a: Vec<Value>, gas: (u64, u64)) -> PartialVMResult<Vec<u8>> {
    let [v] = args(a)?;
    let bytes = v.as_bytes()?;
    cx.charge(cost(gas.0, gas.1, bytes.len()))?;
    Ok(bytes)
}

fn sip_hash(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let bytes = input(cx, a, SIP_HASH)?;
    let mut h = siphasher::sip::SipHasher::new();
    h.write(&bytes);
    ret(Value::U64(h.finish()))
}

fn keccak256(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let bytes = input(cx, a, KECCAK256)?;
    ret(Value::bytes(&sha3::Keccak256::digest(&bytes)))
}

fn sha2_512(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let bytes = input(cx, a, SHA2_512)?;
    ret(Value::bytes(&sha2::Sha512::digest(&bytes)))
}

fn sha3_512(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let bytes = input(cx, a, SHA3_512)?;
    ret(Value::bytes(&sha3::Sha3_512::digest(&bytes)))
}

fn ripemd160(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let bytes = input(cx, a, RIPEMD160)?;
    ret(Value::bytes(&ripemd::Ripemd160::digest(&bytes)))
}

fn blake2b_256(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let bytes = input(cx, a, BLAKE2B_256)?;
    ret(Value::bytes(
        &blake2::Blake2b::<blake2::digest::consts::U32>::digest(&bytes),
    ))
}
