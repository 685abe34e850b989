//! `0x1::ed25519` (`public_key_validate_internal`, `signature_verify_strict_internal`) and
//! `0x1::multi_ed25519` (`public_key_validate_internal`, `public_key_validate_v2_internal`,
//! `signature_verify_strict_internal`), with Aptos's validity rules:
//!
//! - a public key is valid when it is 32 bytes, decompresses to a curve point, and that point
//!   is not of small order; a key of the wrong length is `false` (Aptos's
//!   `ED25519_PUBKEY_VALIDATE_RETURN_FALSE_WRONG_LENGTH`, on by default), never an abort;
//! - verification is strict: the signature is 64 bytes with a canonical `S` (`S < L`), its `R`
//!   and the public key are not of small order, and `[S]B = R + [k]A` with
//!   `k = SHA-512(R || A || M)` (ed25519-dalek's `verify_strict`, as Aptos calls it);
//! - a MultiEd25519 public key is `n` keys of 32 bytes and a threshold byte `t`, `1 <= t <= n
//!   <= 32`; a signature is `m` signatures of 64 bytes and a 4-byte bitmap (bit `i`, most
//!   significant first, = key `i` signed) with exactly `m` bits set, its last set bit below
//!   `n`, and `m >= t`. `public_key_validate_internal` (v1) checks only the whole 32-byte
//!   chunks (at most 32), ignoring the threshold byte; v2 checks the layout and threshold too.
//!
//! The one difference from Aptos (ed25519-dalek 1 there, 2 here): dalek 2 compares the
//! recomputed `R` with the signature's `R` as encoded bytes, dalek 1 as points, so a
//! non-canonical encoding of `R` is rejected here. Producing a valid signature whose `R` has
//! such an encoding needs the discrete log of one of the 19 points with `y < 19`, which no one
//! has.
//!
//! Gas (Aptos `signature.*`): base 551; per public key deserialized 139,688; per small-order
//! check 23,342; per signature deserialized 1,378; per strict verification 981,492; per
//! message hashed 11,910 + 220 per byte. Charged step by step, so a malformed input stops the
//! charges where it fails.

use ed25519_dalek::{Signature, VerifyingKey};
use lumio_move_core_types::AccountAddress;

use super::ret;
use crate::{
    errors::PartialVMResult,
    natives::{NativeContext, NativeResult, NativeTable, args},
    types::Type,
    values::Value,
};

const BASE: u64 = 551;
const PER_PUBKEY_DESERIALIZE: u64 = 139_688;
const PER_PUBKEY_SMALL_ORDER_CHECK: u64 = 23_342;
const PER_SIG_DESERIALIZE: u64 = 1_378;
const PER_SIG_STRICT_VERIFY: u64 = 981_492;
const PER_MSG_HASHING_BASE: u64 = 11_910;
const PER_MSG_BYTE_HASHING: u64 = 220;

const PUBLIC_KEY_LENGTH: usize = 32;
const SIGNATURE_LENGTH: usize = 64;
/// Most keys in a MultiEd25519 key (Aptos `MAX_NUM_OF_KEYS`).
const MAX_NUM_OF_KEYS: usize = 32;
const BITMAP_NUM_OF_BYTES: usize = 4;

/// The order of the Ed25519 prime-order subgroup, little-endian.
const L: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
];

pub(super) fn register(t: &mut NativeTable, at: AccountAddress) {
    t.add(at, "ed25519", "public_key_validate_internal", pk_validate);
    t.add(
        at,
        "ed25519",
        "signature_verify_strict_internal",
        verify_strict,
    );
    t.add(
        at,
        "multi_ed25519",
        "public_key_validate_internal",
        multi_pk_validate,
    );
    t.add(
        at,
        "multi_ed25519",
        "public_key_validate_v2_internal",
        multi_pk_validate_v2,
    );
    t.add(
        at,
        "multi_ed25519",
        "signature_verify_strict_internal",
        multi_verify_strict,
    );
}

/// A public key that decompresses (not checked for small order).
fn public_key(bytes: &[u8]) -> Option<VerifyingKey> {
    VerifyingKey::from_bytes(bytes.try_into().ok()?).ok()
}

/// A 64-byte signature whose `S` is canonical (`S < L`).
fn signature(bytes: &[u8]) -> Option<Signature> {
    let bytes: &[u8; SIGNATURE_LENGTH] = bytes.try_into().ok()?;
    // Compare S and L as little-endian integers, from the most significant byte.
    let s = &bytes[32..];
    for i in (0..32).rev() {
        match s[i].cmp(&L[i]) {
            std::cmp::Ordering::Less => return Some(Signature::from_bytes(bytes)),
            std::cmp::Ordering::Greater => return None,
            std::cmp::Ordering::Equal => {}
        }
    }
    None
}

fn msg_cost(msg_len: usize) -> u64 {
    PER_SIG_STRICT_VERIFY
        .saturating_add(PER_MSG_HASHING_BASE)
        .saturating_add(PER_MSG_BYTE_HASHING.saturating_mul(msg_len as u64))
}

/// `ed25519::public_key_validate_internal(bytes): bool`.
fn pk_validate(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [key] = args(a)?;
    let key = key.as_bytes()?;
    cx.charge(BASE + PER_PUBKEY_DESERIALIZE)?;
    let Some(pk) = public_key(&key) else {
        return ret(Value::Bool(false));
    };
    cx.charge(PER_PUBKEY_SMALL_ORDER_CHECK)?;
    ret(Value::Bool(!pk.is_weak()))
}

/// `ed25519::signature_verify_strict_internal(signature, public_key, message): bool`.
fn verify_strict(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [sig, pk, msg] = args(a)?;
    let (sig, pk, msg) = (sig.as_bytes()?, pk.as_bytes()?, msg.as_bytes()?);
    cx.charge(BASE + PER_PUBKEY_DESERIALIZE)?;
    let Some(pk) = public_key(&pk) else {
        return ret(Value::Bool(false));
    };
    cx.charge(PER_SIG_DESERIALIZE)?;
    let Some(sig) = signature(&sig) else {
        return ret(Value::Bool(false));
    };
    cx.charge(msg_cost(msg.len()))?;
    ret(Value::Bool(pk.verify_strict(&msg, &sig).is_ok()))
}

/// Counts the leading 32-byte chunks of `keys` that are valid public keys (decompress, not of
/// small order), charging for each one looked at; stops at the first invalid one.
fn valid_subkeys(cx: &mut NativeContext<'_>, keys: &[u8]) -> PartialVMResult<usize> {
    let mut valid = 0;
    for chunk in keys.chunks_exact(PUBLIC_KEY_LENGTH) {
        cx.charge(PER_PUBKEY_DESERIALIZE + PER_PUBKEY_SMALL_ORDER_CHECK)?;
        if public_key(chunk).is_some_and(|k| !k.is_weak()) {
            valid += 1;
        } else {
            break;
        }
    }
    Ok(valid)
}

/// `(threshold, number of keys)` of a MultiEd25519 public key's layout, if well formed
/// (Aptos `check_and_get_threshold`).
fn threshold(bytes: &[u8]) -> Option<(u8, usize)> {
    let n = bytes.len() / PUBLIC_KEY_LENGTH;
    let t = *bytes.last()?;
    if n == 0 || n > MAX_NUM_OF_KEYS || bytes.len() % PUBLIC_KEY_LENGTH != 1 {
        return None;
    }
    (t != 0 && usize::from(t) <= n).then_some((t, n))
}

/// `multi_ed25519::public_key_validate_internal(bytes): bool` (v1).
fn multi_pk_validate(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [keys] = args(a)?;
    let keys = keys.as_bytes()?;
    cx.charge(BASE)?;
    let n = keys.len() / PUBLIC_KEY_LENGTH;
    if n > MAX_NUM_OF_KEYS {
        return ret(Value::Bool(false));
    }
    let valid = valid_subkeys(cx, &keys)?;
    ret(Value::Bool(valid == n))
}

/// `multi_ed25519::public_key_validate_v2_internal(bytes): bool`.
fn multi_pk_validate_v2(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [keys] = args(a)?;
    let keys = keys.as_bytes()?;
    cx.charge(BASE)?;
    let Some((_, n)) = threshold(&keys) else {
        return ret(Value::Bool(false));
    };
    let valid = valid_subkeys(cx, &keys)?;
    ret(Value::Bool(valid == n))
}

/// Bit `i` of a MultiEd25519 bitmap (most significant bit of byte 0 is key 0).
fn bit(bitmap: [u8; BITMAP_NUM_OF_BYTES], i: usize) -> bool {
    bitmap
        .get(i / 8)
        .is_some_and(|b| b & (0b1000_0000 >> (i % 8)) != 0)
}

/// `multi_ed25519::signature_verify_strict_internal(multisignature, public_key, message): bool`.
fn multi_verify_strict(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [sig, pk, msg] = args(a)?;
    let (sig, pk, msg) = (sig.as_bytes()?, pk.as_bytes()?, msg.as_bytes()?);
    cx.charge(BASE)?;
    let num_pks = (pk.len() / PUBLIC_KEY_LENGTH) as u64;
    let num_sigs = (sig.len() / SIGNATURE_LENGTH) as u64;
    cx.charge(PER_PUBKEY_DESERIALIZE.saturating_mul(num_pks))?;
    // The key: layout and threshold, then every key decompressed (small order is caught by
    // the strict verification of the signatures that use it).
    let Some((t, _)) = threshold(&pk) else {
        return ret(Value::Bool(false));
    };
    let Some(keys) = pk
        .chunks_exact(PUBLIC_KEY_LENGTH)
        .map(public_key)
        .collect::<Option<Vec<_>>>()
    else {
        return ret(Value::Bool(false));
    };
    cx.charge(PER_SIG_DESERIALIZE.saturating_mul(num_sigs))?;
    // The signature: `m` signatures and a bitmap with `m` bits set, each with canonical S.
    let m = sig.len() / SIGNATURE_LENGTH;
    if m == 0 || m > MAX_NUM_OF_KEYS || sig.len() % SIGNATURE_LENGTH != BITMAP_NUM_OF_BYTES {
        return ret(Value::Bool(false));
    }
    let mut bitmap = [0u8; BITMAP_NUM_OF_BYTES];
    bitmap.copy_from_slice(&sig[sig.len() - BITMAP_NUM_OF_BYTES..]);
    let ones: u32 = bitmap.iter().map(|b| b.count_ones()).sum();
    if ones as usize != m {
        return ret(Value::Bool(false));
    }
    let Some(sigs) = sig
        .chunks_exact(SIGNATURE_LENGTH)
        .map(signature)
        .collect::<Option<Vec<_>>>()
    else {
        return ret(Value::Bool(false));
    };
    cx.charge(msg_cost(msg.len()).saturating_mul(num_sigs))?;
    // Every set bit names an existing key, enough of them, each signature valid for its key.
    let last = (0..MAX_NUM_OF_KEYS).rev().find(|i| bit(bitmap, *i));
    if last.is_none_or(|l| l >= keys.len()) || ones < u32::from(t) {
        return ret(Value::Bool(false));
    }
    let signers = (0..MAX_NUM_OF_KEYS).filter(|i| bit(bitmap, *i));
    let ok = sigs.iter().zip(signers).all(|(s, i)| {
        keys.get(i)
            .is_some_and(|k| k.verify_strict(&msg, s).is_ok())
    });
    ret(Value::Bool(ok))
}
