//! `0x1::secp256k1::ecdsa_recover_internal(message, recovery_id, signature): (vector<u8>, bool)`:
//! the 64-byte public key (`x || y`, no prefix) that produced `signature = r || s` over the
//! 32-byte `message` digest, as libsecp256k1's `recover` (which Aptos calls) computes it:
//!
//! - aborts with `NFE_DESERIALIZE` (`0x10001`) if the message is not 32 bytes, the recovery id
//!   is not below 4, or the signature is not 64 bytes with `r < n` and `s < n`;
//! - `(empty, false)` if `r` or `s` is zero, `R` (x = `r`, or `r + n` for ids 2 and 3; y parity
//!   from bit 0) is not on the curve, or the recovered point is the identity;
//! - the message is reduced modulo `n`; high-`s` signatures are accepted (no normalisation).
//!
//! The arithmetic is k256's; recovery is written out here rather than through k256's ECDSA
//! `recover_from_prehash`, which also re-verifies and so would differ from libsecp256k1 on
//! edge cases.
//!
//! Gas (Aptos `secp256k1.*`): base 551, then 5,918,360 once the inputs parse.

use k256::{
    AffinePoint, FieldBytes, ProjectivePoint, Scalar, Secp256k1, U256,
    elliptic_curve::{
        Curve, PrimeField,
        bigint::{ArrayEncoding, CheckedAdd},
        ops::Reduce,
        point::DecompressPoint,
        sec1::ToEncodedPoint,
        subtle::Choice,
    },
};
use lumio_move_core_types::AccountAddress;

use super::abort;
use crate::{
    errors::PartialVMResult,
    natives::{NativeContext, NativeResult, NativeTable, args},
    types::Type,
    values::Value,
};

const BASE: u64 = 551;
const ECDSA_RECOVER: u64 = 5_918_360;

/// `error::invalid_argument(1)`, Aptos's `NFE_DESERIALIZE`.
const NFE_DESERIALIZE: u64 = 0x1_0001;

pub(super) fn register(t: &mut NativeTable, at: AccountAddress) {
    t.add(at, "secp256k1", "ecdsa_recover_internal", ecdsa_recover);
}

fn ecdsa_recover(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [msg, rid, sig] = args(a)?;
    let (msg, sig) = (msg.as_bytes()?, sig.as_bytes()?);
    let Value::U8(rid) = rid else {
        return Err(crate::errors::invariant("recovery id is not a u8"));
    };
    cx.charge(BASE)?;
    let (Ok(msg), true, Some((r, s))) =
        (<[u8; 32]>::try_from(msg.as_slice()), rid < 4, scalars(&sig))
    else {
        return abort(NFE_DESERIALIZE);
    };
    cx.charge(ECDSA_RECOVER)?;
    Ok(NativeResult::Return(match recover(&msg, rid, &r, &s) {
        Some(pk) => vec![Value::bytes(&pk), Value::Bool(true)],
        None => vec![Value::bytes(&[]), Value::Bool(false)],
    }))
}

/// 32 big-endian bytes as k256's array type.
fn field_bytes(b: &[u8]) -> FieldBytes {
    let mut out = FieldBytes::default();
    out.copy_from_slice(b);
    out
}

/// `(r, s)` of a 64-byte signature, each below the group order.
fn scalars(sig: &[u8]) -> Option<(Scalar, Scalar)> {
    let sig: &[u8; 64] = sig.try_into().ok()?;
    let r = Option::from(Scalar::from_repr(field_bytes(&sig[..32])))?;
    let s = Option::from(Scalar::from_repr(field_bytes(&sig[32..])))?;
    Some((r, s))
}

/// The uncompressed public key without its `0x04` prefix, or `None` where libsecp256k1's
/// `recover` fails.
fn recover(msg: &[u8; 32], rid: u8, r: &Scalar, s: &Scalar) -> Option<Vec<u8>> {
    if bool::from(r.is_zero()) || bool::from(s.is_zero()) {
        return None;
    }
    // x of R: r, or r + n (which must stay below p, checked by decompression).
    let mut x = r.to_repr();
    if rid & 2 != 0 {
        let sum = Option::<U256>::from(U256::from_be_byte_array(x).checked_add(&Secp256k1::ORDER))?;
        x = sum.to_be_byte_array();
    }
    let big_r = Option::<AffinePoint>::from(AffinePoint::decompress(&x, Choice::from(rid & 1)))?;
    let z = <Scalar as Reduce<U256>>::reduce_bytes(&field_bytes(msg));
    let r_inv = Option::<Scalar>::from(r.invert())?;
    let u1 = -(r_inv * z);
    let u2 = r_inv * s;
    let q = ProjectivePoint::GENERATOR * u1 + ProjectivePoint::from(big_r) * u2;
    if q == ProjectivePoint::IDENTITY {
        return None;
    }
    let encoded = q.to_affine().to_encoded_point(false);
    encoded.as_bytes().get(1..).map(<[u8]>::to_vec)
}
