//! Natives of MoveStdlib (`std` at `0x1`): `bcs`, `hash`, `signer`, `string`, `vector`,
//! `mem`, `cmp` (in `move_stdlib/cmp.rs`), `unit_test`. Gas figures follow Aptos's `move_stdlib` gas parameters (see
//! `docs/vm.md`).

mod cmp;

use lumio_move_core_types::AccountAddress;
use sha2::Digest as _;

use super::{NativeContext, NativeResult, NativeTable, args, one_type};
use crate::{
    errors::{PartialVMResult, invariant},
    types::Type,
    values::{Ref, Value, read, write},
};

pub(super) fn register(t: &mut NativeTable) {
    let one = AccountAddress::ONE;
    t.add(one, "bcs", "to_bytes", bcs_to_bytes);
    t.add(one, "bcs", "serialized_size", bcs_serialized_size);
    t.add(
        one,
        "bcs",
        "constant_serialized_size",
        bcs_constant_serialized_size,
    );
    t.add(one, "hash", "sha2_256", sha2_256);
    t.add(one, "hash", "sha3_256", sha3_256);
    t.add(one, "signer", "borrow_address", signer_borrow_address);
    t.add(one, "string", "internal_check_utf8", string_check_utf8);
    t.add(
        one,
        "string",
        "internal_is_char_boundary",
        string_is_char_boundary,
    );
    t.add(one, "string", "internal_sub_string", string_sub_string);
    t.add(one, "string", "internal_index_of", string_index_of);
    t.add(one, "vector", "move_range", vector_move_range);
    // The classic vector functions are declared `native` in `std::vector`, but the compiler
    // emits bytecode instructions for them; these bindings serve code that calls them anyway.
    t.add(one, "vector", "empty", vector_empty);
    t.add(one, "vector", "length", vector_length);
    t.add(one, "vector", "borrow", vector_borrow);
    t.add(one, "vector", "borrow_mut", vector_borrow);
    t.add(one, "vector", "push_back", vector_push_back);
    t.add(one, "vector", "pop_back", vector_pop_back);
    t.add(one, "vector", "destroy_empty", vector_destroy_empty);
    t.add(one, "vector", "swap", vector_swap);
    t.add(one, "mem", "swap", mem_swap);
    cmp::register(t, one);
    t.add(
        one,
        "unit_test",
        "create_signers_for_testing",
        create_signers_for_testing,
    );
}

fn ret(v: Value) -> PartialVMResult<NativeResult> {
    Ok(NativeResult::Return(vec![v]))
}

/// The bytes of the `vector<u8>` a reference points to.
fn ref_bytes(v: Value) -> PartialVMResult<Vec<u8>> {
    v.into_ref()?.with(Value::as_bytes)
}

fn bcs_to_bytes(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    one_type(tys)?;
    let [v] = args(a)?;
    let bytes = v.into_ref()?.read()?.serialize()?;
    cx.charge(735 + 36 * bytes.len() as u64)?;
    ret(Value::bytes(&bytes))
}

fn bcs_serialized_size(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    one_type(tys)?;
    let [v] = args(a)?;
    let n = v.into_ref()?.read()?.serialize()?.len();
    cx.charge(735 + 36 * n as u64)?;
    ret(Value::U64(n as u64))
}

/// The serialized size of every value of a layout, if the same for all (no vectors, no
/// enums).
fn constant_size(l: &lumio_move_core_types::MoveTypeLayout) -> Option<u64> {
    use lumio_move_core_types::{MoveStructLayout as S, MoveTypeLayout as L};
    Some(match l {
        L::Bool | L::U8 | L::I8 => 1,
        L::U16 | L::I16 => 2,
        L::U32 | L::I32 => 4,
        L::U64 | L::I64 => 8,
        L::U128 | L::I128 => 16,
        L::U256 | L::I256 | L::Address | L::Signer => 32,
        L::Vector(_) | L::Struct(S::RuntimeVariants(_)) => return None,
        L::Struct(S::Runtime(fs)) => fs.iter().map(constant_size).sum::<Option<u64>>()?,
    })
}

/// `bcs::constant_serialized_size<T>(): Option<u64>`.
fn bcs_constant_serialized_size(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let t = one_type(tys)?;
    let [] = args(a)?;
    cx.charge(735)?;
    let size = constant_size(&cx.layout(t)?);
    ret(super::option_value(cx, size.map(Value::U64))?)
}

fn sha2_256(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [v] = args(a)?;
    let bytes = v.as_bytes()?;
    cx.charge(11_028 + 183 * bytes.len() as u64)?;
    ret(Value::bytes(&sha2::Sha256::digest(&bytes)))
}

fn sha3_256(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [v] = args(a)?;
    let bytes = v.as_bytes()?;
    cx.charge(14_704 + 165 * bytes.len() as u64)?;
    ret(Value::bytes(&sha3::Sha3_256::digest(&bytes)))
}

/// `signer::borrow_address(s: &signer): &address` — a reference into the signer.
fn signer_borrow_address(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [s] = args(a)?;
    cx.charge(735)?;
    ret(Value::Ref(s.into_ref()?.borrow_part(0)?))
}

fn string_check_utf8(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [v] = args(a)?;
    let bytes = ref_bytes(v)?;
    cx.charge(1_102 + 29 * bytes.len() as u64)?;
    ret(Value::Bool(std::str::from_utf8(&bytes).is_ok()))
}

fn string_is_char_boundary(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [v, i] = args(a)?;
    let bytes = ref_bytes(v)?;
    let i = i.as_u64()?;
    cx.charge(1_102)?;
    // The Move side guarantees valid UTF-8.
    let s = std::str::from_utf8(&bytes).map_err(|_| invariant("string is not UTF-8"))?;
    ret(Value::Bool(
        usize::try_from(i).is_ok_and(|i| s.is_char_boundary(i)),
    ))
}

fn string_sub_string(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [v, i, j] = args(a)?;
    let bytes = ref_bytes(v)?;
    let (i, j) = (i.as_u64()?, j.as_u64()?);
    let (i, j) = (
        usize::try_from(i).map_err(|_| invariant("index"))?,
        usize::try_from(j).map_err(|_| invariant("index"))?,
    );
    let part = bytes
        .get(i..j)
        .ok_or_else(|| invariant("sub_string out of range (checked by the Move caller)"))?;
    cx.charge(1_470 + 110 * part.len() as u64)?;
    ret(Value::bytes(part))
}

fn string_index_of(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [s, r] = args(a)?;
    let hay = ref_bytes(s)?;
    let needle = ref_bytes(r)?;
    let pos = if needle.is_empty() {
        0
    } else {
        hay.windows(needle.len())
            .position(|w| w == needle.as_slice())
            .unwrap_or(hay.len())
    };
    cx.charge(1_470 + 73 * needle.len() as u64 + 36 * pos as u64)?;
    ret(Value::U64(pos as u64))
}

/// `vector::move_range<T>(from: &mut vector<T>, removal_position: u64, length: u64,
/// to: &mut vector<T>, insert_position: u64)`: moves `length` elements of `from` starting at
/// `removal_position` into `to` at `insert_position`. Out-of-range positions abort with
/// `EINDEX_OUT_OF_BOUNDS` (0x20000, as `std::vector` defines it).
fn vector_move_range(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    const EINDEX_OUT_OF_BOUNDS: u64 = 0x20000;
    one_type(tys)?;
    let [from, removal, length, to, insert] = args(a)?;
    let (from, to) = (from.into_ref()?, to.into_ref()?);
    let (removal, length, insert) = (removal.as_u64()?, length.as_u64()?, insert.as_u64()?);
    let src = from.inner_container()?;
    let dst = to.inner_container()?;
    let src_len = read(&src)?.len() as u64;
    let dst_len = read(&dst)?.len() as u64;
    if removal.checked_add(length).is_none_or(|end| end > src_len) || insert > dst_len {
        return Ok(NativeResult::Abort(EINDEX_OUT_OF_BOUNDS));
    }
    cx.charge(4_000 + 400 * length)?;
    let (removal, length, insert) = (removal as usize, length as usize, insert as usize);
    let moved: Vec<Value> = write(&src)?.drain(removal..removal + length).collect();
    let mut d = write(&dst)?;
    let tail = d.split_off(insert);
    d.extend(moved);
    d.extend(tail);
    Ok(NativeResult::Return(vec![]))
}

fn vector_empty(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    one_type(tys)?;
    let [] = args(a)?;
    cx.charge(1_102)?;
    ret(Value::vector(vec![]))
}

fn vector_length(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    one_type(tys)?;
    let [v] = args(a)?;
    cx.charge(1_102)?;
    ret(Value::U64(v.into_ref()?.vec_len()?))
}

fn vector_borrow(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    one_type(tys)?;
    let [v, i] = args(a)?;
    cx.charge(1_102)?;
    ret(Value::Ref(v.into_ref()?.vec_borrow(i.as_u64()?)?))
}

fn vector_push_back(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    one_type(tys)?;
    let [v, e] = args(a)?;
    cx.charge(1_102)?;
    v.into_ref()?.vec_push(e)?;
    Ok(NativeResult::Return(vec![]))
}

fn vector_pop_back(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    one_type(tys)?;
    let [v] = args(a)?;
    cx.charge(1_102)?;
    ret(v.into_ref()?.vec_pop()?)
}

fn vector_destroy_empty(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    one_type(tys)?;
    let [v] = args(a)?;
    cx.charge(1_102)?;
    v.vec_unpack(0)?;
    Ok(NativeResult::Return(vec![]))
}

fn vector_swap(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    one_type(tys)?;
    let [v, i, j] = args(a)?;
    cx.charge(1_102)?;
    v.into_ref()?.vec_swap(i.as_u64()?, j.as_u64()?)?;
    Ok(NativeResult::Return(vec![]))
}

/// `mem::swap<T>(left: &mut T, right: &mut T)`.
fn mem_swap(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    one_type(tys)?;
    let [l, r] = args(a)?;
    let (l, r): (Ref, Ref) = (l.into_ref()?, r.into_ref()?);
    cx.charge(1_102)?;
    let x = l.read()?;
    let y = r.read()?;
    l.write(y)?;
    r.write(x)?;
    Ok(NativeResult::Return(vec![]))
}

/// `unit_test::create_signers_for_testing(n): vector<signer>`: signer `i` has the address
/// whose leading bytes are `i` in little-endian, the rest zero (distinct and deterministic).
fn create_signers_for_testing(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [n] = args(a)?;
    let n = n.as_u64()?;
    cx.charge(n.saturating_mul(100))?;
    let signers = (0..n)
        .map(|i| {
            let mut b = [0u8; 32];
            b[..8].copy_from_slice(&i.to_le_bytes());
            Value::signer(AccountAddress::from(b))
        })
        .collect();
    ret(Value::vector(signers))
}
