//! Natives that Aptos binds only when running unit tests (`#[test_only]` declarations):
//! `ed25519::{generate_keys_internal, sign_internal}` and
//! `multi_ed25519::{generate_keys_internal, sign_internal}`. They are in
//! [`NativeTable::testing`](crate::NativeTable::testing), never in the node's table.
//!
//! Keys are derived from a process-wide counter hashed with SHA-256 (tests need distinct keys,
//! not secret ones; no system randomness). Formats as Aptos's test natives:
//! - a MultiEd25519 secret key is the `n` 32-byte secret keys followed by the threshold byte,
//!   its public key the `n` public keys followed by the threshold byte;
//! - a MultiEd25519 signature by such a key is the signatures of the first `threshold` keys
//!   followed by the 4-byte bitmap with those bits set (most significant bit first).
//!
//! No gas is charged (test-only).

use std::sync::atomic::{AtomicU64, Ordering};

use ed25519_dalek::{Signer, SigningKey};
use lumio_move_core_types::AccountAddress;
use sha2::{Digest, Sha256};

use crate::{
    errors::{PartialVMResult, invariant},
    natives::{NativeContext, NativeResult, NativeTable, args},
    types::Type,
    values::Value,
};

static COUNTER: AtomicU64 = AtomicU64::new(0);

pub(crate) fn register(t: &mut NativeTable, at: AccountAddress) {
    t.add(at, "ed25519", "generate_keys_internal", ed25519_generate);
    t.add(at, "ed25519", "sign_internal", ed25519_sign);
    t.add(
        at,
        "multi_ed25519",
        "generate_keys_internal",
        multi_generate,
    );
    t.add(at, "multi_ed25519", "sign_internal", multi_sign);
}

fn fresh_key() -> SigningKey {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let seed: [u8; 32] =
        Sha256::digest([b"lumio-test-key".as_slice(), &n.to_le_bytes()].concat()).into();
    SigningKey::from_bytes(&seed)
}

fn key_from(bytes: &[u8]) -> PartialVMResult<SigningKey> {
    let seed: [u8; 32] = bytes
        .try_into()
        .map_err(|_| invariant("an Ed25519 secret key is 32 bytes"))?;
    Ok(SigningKey::from_bytes(&seed))
}

fn ed25519_generate(
    _cx: &mut NativeContext<'_>,
    _tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [] = args(a)?;
    let k = fresh_key();
    Ok(NativeResult::Return(vec![
        Value::bytes(&k.to_bytes()),
        Value::bytes(k.verifying_key().as_bytes()),
    ]))
}

fn ed25519_sign(
    _cx: &mut NativeContext<'_>,
    _tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [sk, msg] = args(a)?;
    let k = key_from(&sk.as_bytes()?)?;
    let sig = k.sign(&msg.as_bytes()?);
    Ok(NativeResult::Return(vec![Value::bytes(&sig.to_bytes())]))
}

fn multi_generate(
    _cx: &mut NativeContext<'_>,
    _tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [threshold, n] = args(a)?;
    let (Value::U8(threshold), Value::U8(n)) = (threshold, n) else {
        return Err(invariant("generate_keys_internal takes two u8"));
    };
    let mut sk = Vec::with_capacity(33 * n as usize);
    let mut pk = Vec::with_capacity(33 * n as usize);
    for _ in 0..n {
        let k = fresh_key();
        sk.extend_from_slice(&k.to_bytes());
        pk.extend_from_slice(k.verifying_key().as_bytes());
    }
    sk.push(threshold);
    pk.push(threshold);
    Ok(NativeResult::Return(vec![
        Value::bytes(&sk),
        Value::bytes(&pk),
    ]))
}

fn multi_sign(
    _cx: &mut NativeContext<'_>,
    _tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [sk, msg] = args(a)?;
    let (sk, msg) = (sk.as_bytes()?, msg.as_bytes()?);
    let Some((&threshold, keys)) = sk.split_last() else {
        return Err(invariant("an empty MultiEd25519 secret key"));
    };
    if keys.len() % 32 != 0 || threshold as usize > keys.len() / 32 || threshold as usize > 32 {
        return Err(invariant("a malformed MultiEd25519 secret key"));
    }
    let mut sig = Vec::with_capacity(64 * threshold as usize + 4);
    let mut bitmap = [0u8; 4];
    for (i, chunk) in keys.chunks(32).take(threshold as usize).enumerate() {
        sig.extend_from_slice(&key_from(chunk)?.sign(&msg).to_bytes());
        bitmap[i / 8] |= 0x80 >> (i % 8);
    }
    sig.extend_from_slice(&bitmap);
    Ok(NativeResult::Return(vec![Value::bytes(&sig)]))
}
