//! Runtime values.
//!
//! Structs, enums, vectors and signers own their contents through a [`Container`] (a shared,
//! mutable vector of values); locals of a frame and global resources live in containers too.
//! A reference is a *slot*: a container plus an index into it. Borrowing a field of the struct
//! in a slot yields the slot (struct's container, field index); borrowing a vector element
//! likewise. Copying a value copies deeply, moving moves the container: the only way two places
//! share a container is a reference, and the bytecode verifier guarantees that references are
//! used safely, so a slot never outlives the value it points into in a way the program can see.
//!
//! Every access goes through `try_borrow`: a conflicting access (which the verifier rules out)
//! becomes an invariant-violation error, never a panic.

mod bcs_codec;

use std::{cell::RefCell, fmt, rc::Rc};

use lumio_move_core_types::{AccountAddress, MoveStruct, MoveTypeLayout, MoveValue, StatusCode};
use ruint::aliases::U256;

use crate::errors::{PartialVMError, PartialVMResult, invariant};

/// Shared, mutable storage for the parts of a value (fields, elements, locals).
pub type Container = Rc<RefCell<Vec<Value>>>;

/// A new container holding `values`.
pub fn container(values: Vec<Value>) -> Container {
    Rc::new(RefCell::new(values))
}

/// A reference: the slot `idx` of `container`.
#[derive(Clone)]
pub struct Ref {
    container: Container,
    idx: usize,
}

impl fmt::Debug for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "&slot[{}]", self.idx)
    }
}

/// A runtime value.
#[derive(Debug)]
pub enum Value {
    /// A local that holds nothing (never moved into, or moved out).
    Invalid,
    /// `bool`
    Bool(bool),
    /// `u8`
    U8(u8),
    /// `u16`
    U16(u16),
    /// `u32`
    U32(u32),
    /// `u64`
    U64(u64),
    /// `u128`
    U128(u128),
    /// `u256`
    U256(U256),
    /// `address`
    Address(AccountAddress),
    /// `signer`: a container with one address (so `signer::borrow_address` can point into it).
    Signer(Container),
    /// `vector<T>`
    Vector(Container),
    /// A struct: its fields.
    Struct(Container),
    /// An enum value: variant tag and the variant's fields.
    Variant(u16, Container),
    /// A reference.
    Ref(Ref),
}

fn borrow_err() -> PartialVMError {
    invariant("conflicting access to a value (reference safety violated)")
}

/// Reads a container.
pub fn read(c: &Container) -> PartialVMResult<std::cell::Ref<'_, Vec<Value>>> {
    c.try_borrow().map_err(|_| borrow_err())
}

/// Writes a container.
pub fn write(c: &Container) -> PartialVMResult<std::cell::RefMut<'_, Vec<Value>>> {
    c.try_borrow_mut().map_err(|_| borrow_err())
}

impl Value {
    /// A signer for `addr`.
    pub fn signer(addr: AccountAddress) -> Value {
        Value::Signer(container(vec![Value::Address(addr)]))
    }

    /// A struct with `fields`.
    pub fn struct_(fields: Vec<Value>) -> Value {
        Value::Struct(container(fields))
    }

    /// A vector of `elems`.
    pub fn vector(elems: Vec<Value>) -> Value {
        Value::Vector(container(elems))
    }

    /// `vector<u8>` of `bytes`.
    pub fn bytes(bytes: &[u8]) -> Value {
        Value::vector(bytes.iter().map(|b| Value::U8(*b)).collect())
    }

    /// A deep copy (what `CopyLoc` and `ReadRef` produce).
    pub fn copy_value(&self) -> PartialVMResult<Value> {
        Ok(match self {
            Value::Invalid => return Err(invariant("copy of an unavailable value")),
            Value::Bool(b) => Value::Bool(*b),
            Value::U8(x) => Value::U8(*x),
            Value::U16(x) => Value::U16(*x),
            Value::U32(x) => Value::U32(*x),
            Value::U64(x) => Value::U64(*x),
            Value::U128(x) => Value::U128(*x),
            Value::U256(x) => Value::U256(*x),
            Value::Address(a) => Value::Address(*a),
            Value::Signer(c) => Value::Signer(copy_container(c)?),
            Value::Vector(c) => Value::Vector(copy_container(c)?),
            Value::Struct(c) => Value::Struct(copy_container(c)?),
            Value::Variant(t, c) => Value::Variant(*t, copy_container(c)?),
            Value::Ref(r) => Value::Ref(r.clone()),
        })
    }

    /// Structural equality (references compare what they point to).
    pub fn equals(&self, other: &Value) -> PartialVMResult<bool> {
        Ok(match (self, other) {
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::U8(a), Value::U8(b)) => a == b,
            (Value::U16(a), Value::U16(b)) => a == b,
            (Value::U32(a), Value::U32(b)) => a == b,
            (Value::U64(a), Value::U64(b)) => a == b,
            (Value::U128(a), Value::U128(b)) => a == b,
            (Value::U256(a), Value::U256(b)) => a == b,
            (Value::Address(a), Value::Address(b)) => a == b,
            (Value::Signer(a), Value::Signer(b))
            | (Value::Vector(a), Value::Vector(b))
            | (Value::Struct(a), Value::Struct(b)) => containers_equal(a, b)?,
            (Value::Variant(t1, a), Value::Variant(t2, b)) => t1 == t2 && containers_equal(a, b)?,
            (Value::Ref(a), Value::Ref(b)) => {
                let x = a.read()?;
                let y = b.read()?;
                x.equals(&y)?
            }
            _ => return Err(invariant("equality of values of different kinds")),
        })
    }

    /// The `u64` inside, or an invariant error.
    pub fn as_u64(&self) -> PartialVMResult<u64> {
        match self {
            Value::U64(x) => Ok(*x),
            _ => Err(invariant(format!("expected u64, got {self:?}"))),
        }
    }

    /// The `bool` inside, or an invariant error.
    pub fn as_bool(&self) -> PartialVMResult<bool> {
        match self {
            Value::Bool(x) => Ok(*x),
            _ => Err(invariant(format!("expected bool, got {self:?}"))),
        }
    }

    /// The address inside an `address` or a `signer`.
    pub fn as_address(&self) -> PartialVMResult<AccountAddress> {
        match self {
            Value::Address(a) => Ok(*a),
            Value::Signer(c) => read(c)?
                .first()
                .ok_or_else(|| invariant("empty signer"))?
                .as_address(),
            _ => Err(invariant(format!("expected address, got {self:?}"))),
        }
    }

    /// The reference inside, or an invariant error.
    pub fn into_ref(self) -> PartialVMResult<Ref> {
        match self {
            Value::Ref(r) => Ok(r),
            other => Err(invariant(format!("expected reference, got {other:?}"))),
        }
    }

    /// The bytes of a `vector<u8>`.
    pub fn as_bytes(&self) -> PartialVMResult<Vec<u8>> {
        match self {
            Value::Vector(c) => read(c)?
                .iter()
                .map(|v| match v {
                    Value::U8(b) => Ok(*b),
                    other => Err(invariant(format!("expected u8, got {other:?}"))),
                })
                .collect(),
            _ => Err(invariant(format!("expected vector<u8>, got {self:?}"))),
        }
    }

    /// The elements container of a vector, struct, variant or signer.
    pub fn container(&self) -> PartialVMResult<&Container> {
        match self {
            Value::Vector(c) | Value::Struct(c) | Value::Signer(c) | Value::Variant(_, c) => Ok(c),
            _ => Err(invariant(format!(
                "expected a container value, got {self:?}"
            ))),
        }
    }

    /// Converts to the layout-free [`MoveValue`] used for BCS.
    pub fn to_move_value(&self) -> PartialVMResult<MoveValue> {
        Ok(match self {
            Value::Bool(b) => MoveValue::Bool(*b),
            Value::U8(x) => MoveValue::U8(*x),
            Value::U16(x) => MoveValue::U16(*x),
            Value::U32(x) => MoveValue::U32(*x),
            Value::U64(x) => MoveValue::U64(*x),
            Value::U128(x) => MoveValue::U128(*x),
            Value::U256(x) => MoveValue::U256(lumio_move_core_types::U256::from_le_bytes(
                x.to_le_bytes::<32>(),
            )),
            Value::Address(a) => MoveValue::Address(*a),
            Value::Signer(_) => MoveValue::Signer(self.as_address()?),
            Value::Vector(c) => MoveValue::Vector(
                read(c)?
                    .iter()
                    .map(Value::to_move_value)
                    .collect::<PartialVMResult<_>>()?,
            ),
            Value::Struct(c) => MoveValue::Struct(MoveStruct::Runtime(
                read(c)?
                    .iter()
                    .map(Value::to_move_value)
                    .collect::<PartialVMResult<_>>()?,
            )),
            Value::Variant(t, c) => MoveValue::Struct(MoveStruct::RuntimeVariant(
                *t,
                read(c)?
                    .iter()
                    .map(Value::to_move_value)
                    .collect::<PartialVMResult<_>>()?,
            )),
            Value::Ref(r) => return r.read()?.to_move_value(),
            Value::Invalid => return Err(invariant("serializing an unavailable value")),
        })
    }

    /// BCS bytes of the value.
    pub fn serialize(&self) -> PartialVMResult<Vec<u8>> {
        bcs::to_bytes(&bcs_codec::SerValue(self))
            .map_err(|e| invariant(format!("value not serializable: {e}")))
    }

    /// Decodes BCS `bytes` with `layout` (all bytes, canonical form);
    /// malformed bytes are `FAILED_TO_DESERIALIZE_ARGUMENT`.
    pub fn deserialize(bytes: &[u8], layout: &MoveTypeLayout) -> PartialVMResult<Value> {
        bcs::from_bytes_seed(bcs_codec::LayoutSeed(layout), bytes).map_err(|e| {
            PartialVMError::new(StatusCode::FAILED_TO_DESERIALIZE_ARGUMENT)
                .with_message(e.to_string())
        })
    }
}

/// Deepest value `compare` walks (Aptos `DEFAULT_MAX_VM_VALUE_NESTED_DEPTH`): deeper is
/// `VM_MAX_VALUE_DEPTH_REACHED`.
pub const MAX_VALUE_DEPTH: u64 = 128;

/// Aptos's abstract value sizes (`misc.abs_val.*`, gas feature versions from 2023 on): what a
/// native charging "per abstract value unit" counts.
mod abs_val {
    /// Any scalar, struct, vector or reference header.
    pub(super) const NODE: u64 = 40;
}

impl Value {
    /// The abstract size of the value, references followed (Aptos
    /// `abstract_value_size_dereferenced`): 40 per scalar, 40 per struct, enum value or signer
    /// plus its parts (an enum's tag counts as a `u16`), 40 per vector plus, for a vector of
    /// integers, bools or addresses, their packed widths (1, 2, 4, 8, 16, 32; bool 1; address
    /// 32) and otherwise its elements' sizes.
    pub fn abstract_size(&self) -> PartialVMResult<u64> {
        self.abstract_size_depth(0)
    }

    fn abstract_size_depth(&self, depth: u64) -> PartialVMResult<u64> {
        if depth > MAX_VALUE_DEPTH {
            return Err(PartialVMError::new(StatusCode::VM_MAX_VALUE_DEPTH_REACHED));
        }
        let parts = |c: &Container| -> PartialVMResult<u64> {
            let mut n = 0u64;
            for v in read(c)?.iter() {
                n = n.saturating_add(v.abstract_size_depth(depth + 1)?);
            }
            Ok(n)
        };
        Ok(match self {
            Value::Invalid => return Err(invariant("size of an unavailable value")),
            Value::Bool(_)
            | Value::U8(_)
            | Value::U16(_)
            | Value::U32(_)
            | Value::U64(_)
            | Value::U128(_)
            | Value::U256(_)
            | Value::Address(_) => abs_val::NODE,
            Value::Struct(c) | Value::Signer(c) => abs_val::NODE.saturating_add(parts(c)?),
            Value::Variant(_, c) => (2 * abs_val::NODE).saturating_add(parts(c)?),
            Value::Vector(c) => {
                let elems = read(c)?;
                let packed = match elems.first() {
                    Some(Value::U8(_) | Value::Bool(_)) => Some(1),
                    Some(Value::U16(_)) => Some(2),
                    Some(Value::U32(_)) => Some(4),
                    Some(Value::U64(_)) => Some(8),
                    Some(Value::U128(_)) => Some(16),
                    Some(Value::U256(_) | Value::Address(_)) => Some(32),
                    _ => None,
                };
                let body = match packed {
                    Some(w) => (elems.len() as u64).saturating_mul(w),
                    None => {
                        drop(elems);
                        parts(c)?
                    }
                };
                abs_val::NODE.saturating_add(body)
            }
            Value::Ref(r) => r.with(|v| v.abstract_size_depth(depth + 1))?,
        })
    }

    /// Orders two values of the same type as Aptos's `Value::compare` (and `std::cmp::compare`):
    /// integers numerically, `false < true`, addresses by their bytes (big-endian, so
    /// numerically), vectors and structs element by element then by length, enum values by
    /// variant tag then fields, signers by address; references compare what they point to.
    pub fn compare(&self, other: &Value) -> PartialVMResult<std::cmp::Ordering> {
        self.compare_depth(other, 1)
    }

    fn compare_depth(&self, other: &Value, depth: u64) -> PartialVMResult<std::cmp::Ordering> {
        use std::cmp::Ordering;
        if depth > MAX_VALUE_DEPTH {
            return Err(PartialVMError::new(StatusCode::VM_MAX_VALUE_DEPTH_REACHED));
        }
        let seq = |a: &Container, b: &Container| -> PartialVMResult<Ordering> {
            if Rc::ptr_eq(a, b) {
                return Ok(Ordering::Equal);
            }
            let x = read(a)?;
            let y = read(b)?;
            for (p, q) in x.iter().zip(y.iter()) {
                let o = p.compare_depth(q, depth + 1)?;
                if o != Ordering::Equal {
                    return Ok(o);
                }
            }
            Ok(x.len().cmp(&y.len()))
        };
        Ok(match (self, other) {
            (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
            (Value::U8(a), Value::U8(b)) => a.cmp(b),
            (Value::U16(a), Value::U16(b)) => a.cmp(b),
            (Value::U32(a), Value::U32(b)) => a.cmp(b),
            (Value::U64(a), Value::U64(b)) => a.cmp(b),
            (Value::U128(a), Value::U128(b)) => a.cmp(b),
            (Value::U256(a), Value::U256(b)) => a.cmp(b),
            (Value::Address(a), Value::Address(b)) => a.cmp(b),
            (Value::Signer(a), Value::Signer(b))
            | (Value::Vector(a), Value::Vector(b))
            | (Value::Struct(a), Value::Struct(b)) => seq(a, b)?,
            (Value::Variant(t1, a), Value::Variant(t2, b)) => match t1.cmp(t2) {
                Ordering::Equal => seq(a, b)?,
                o => o,
            },
            (Value::Ref(a), Value::Ref(b)) => {
                a.with(|x| b.with(|y| x.compare_depth(y, depth + 1)))?
            }
            (a, b) => {
                return Err(PartialVMError::new(StatusCode::INTERNAL_TYPE_ERROR)
                    .with_message(format!("comparison of {a:?} and {b:?}")));
            }
        })
    }
}

fn copy_container(c: &Container) -> PartialVMResult<Container> {
    let vals = read(c)?
        .iter()
        .map(Value::copy_value)
        .collect::<PartialVMResult<Vec<_>>>()?;
    Ok(container(vals))
}

fn containers_equal(a: &Container, b: &Container) -> PartialVMResult<bool> {
    if Rc::ptr_eq(a, b) {
        return Ok(true);
    }
    let x = read(a)?;
    let y = read(b)?;
    if x.len() != y.len() {
        return Ok(false);
    }
    for (p, q) in x.iter().zip(y.iter()) {
        if !p.equals(q)? {
            return Ok(false);
        }
    }
    Ok(true)
}

impl Ref {
    /// A reference to slot `idx` of `container`.
    pub fn new(container: Container, idx: usize) -> Ref {
        Ref { container, idx }
    }

    /// A copy of the value pointed to.
    pub fn read(&self) -> PartialVMResult<Value> {
        read(&self.container)?
            .get(self.idx)
            .ok_or_else(|| invariant("dangling reference"))?
            .copy_value()
    }

    /// Replaces the value pointed to.
    pub fn write(&self, v: Value) -> PartialVMResult<()> {
        let mut c = write(&self.container)?;
        let slot = c
            .get_mut(self.idx)
            .ok_or_else(|| invariant("dangling reference"))?;
        *slot = v;
        Ok(())
    }

    /// Runs `f` on the value pointed to without copying it.
    pub fn with<T>(&self, f: impl FnOnce(&Value) -> PartialVMResult<T>) -> PartialVMResult<T> {
        let c = read(&self.container)?;
        f(c.get(self.idx)
            .ok_or_else(|| invariant("dangling reference"))?)
    }

    /// The container of the value pointed to (a struct's fields, a vector's elements, ...).
    pub fn inner_container(&self) -> PartialVMResult<Container> {
        self.with(|v| v.container().cloned())
    }

    /// A reference to part `idx` of the value pointed to (a field or an element).
    pub fn borrow_part(&self, idx: usize) -> PartialVMResult<Ref> {
        Ok(Ref::new(self.inner_container()?, idx))
    }

    // ---- the vector operations (instructions and `std::vector` natives share them) ----

    /// Length of the vector pointed to.
    pub fn vec_len(&self) -> PartialVMResult<u64> {
        Ok(read(&self.inner_container()?)?.len() as u64)
    }

    /// A reference to element `i`.
    pub fn vec_borrow(&self, i: u64) -> PartialVMResult<Ref> {
        let c = self.inner_container()?;
        if i >= read(&c)?.len() as u64 {
            return Err(vec_err(INDEX_OUT_OF_BOUNDS));
        }
        Ok(Ref::new(c, i as usize))
    }

    /// Appends `v`.
    pub fn vec_push(&self, v: Value) -> PartialVMResult<()> {
        write(&self.inner_container()?)?.push(v);
        Ok(())
    }

    /// Removes and returns the last element.
    pub fn vec_pop(&self) -> PartialVMResult<Value> {
        write(&self.inner_container()?)?
            .pop()
            .ok_or_else(|| vec_err(POP_EMPTY_VEC))
    }

    /// Swaps elements `i` and `j`.
    pub fn vec_swap(&self, i: u64, j: u64) -> PartialVMResult<()> {
        let c = self.inner_container()?;
        let mut v = write(&c)?;
        let len = v.len() as u64;
        if i >= len || j >= len {
            return Err(vec_err(INDEX_OUT_OF_BOUNDS));
        }
        v.swap(i as usize, j as usize);
        Ok(())
    }
}

/// `VECTOR_OPERATION_ERROR` sub-statuses (Aptos `move-vm-types` values).
pub const INDEX_OUT_OF_BOUNDS: u64 = 1;
/// Pop from an empty vector.
pub const POP_EMPTY_VEC: u64 = 2;
/// `vec_unpack` / `destroy_empty` of a vector of another length.
pub const VEC_UNPACK_PARITY_MISMATCH: u64 = 3;

/// A vector operation error with its sub-status.
pub fn vec_err(sub: u64) -> PartialVMError {
    PartialVMError::new(StatusCode::VECTOR_OPERATION_ERROR).with_sub_status(sub)
}

impl Value {
    /// The `n` elements of a vector (`vec_unpack`); another length is an error.
    pub fn vec_unpack(self, n: u64) -> PartialVMResult<Vec<Value>> {
        let elems = match self {
            Value::Vector(c) => std::mem::take(&mut *write(&c)?),
            other => return Err(invariant(format!("vec_unpack of {other:?}"))),
        };
        if elems.len() as u64 != n {
            return Err(vec_err(VEC_UNPACK_PARITY_MISMATCH));
        }
        Ok(elems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_is_deep_and_refs_alias() {
        let s = Value::struct_(vec![Value::U64(1), Value::vector(vec![Value::U8(7)])]);
        let locals = container(vec![s]);
        let r = Ref::new(locals, 0);
        let copy = r.read().unwrap();
        // Write through a field reference; the copy keeps the old value.
        r.borrow_part(0).unwrap().write(Value::U64(5)).unwrap();
        assert!(!copy.equals(&r.read().unwrap()).unwrap());
        assert_eq!(
            r.borrow_part(0).unwrap().read().unwrap().as_u64().unwrap(),
            5
        );
        assert!(
            Value::struct_(vec![Value::U64(5), Value::bytes(&[7])])
                .equals(&r.read().unwrap())
                .unwrap()
        );
    }

    #[test]
    fn bcs_round_trip() {
        let v = Value::struct_(vec![
            Value::U64(1),
            Value::Address(AccountAddress::ONE),
            Value::bytes(b"hi"),
            Value::Variant(1, container(vec![Value::Bool(true)])),
        ]);
        let bytes = v.serialize().unwrap();
        let layout =
            MoveTypeLayout::Struct(lumio_move_core_types::MoveStructLayout::Runtime(vec![
                MoveTypeLayout::U64,
                MoveTypeLayout::Address,
                MoveTypeLayout::Vector(Box::new(MoveTypeLayout::U8)),
                MoveTypeLayout::Struct(lumio_move_core_types::MoveStructLayout::RuntimeVariants(
                    vec![vec![], vec![MoveTypeLayout::Bool]],
                )),
            ]));
        let back = Value::deserialize(&bytes, &layout).unwrap();
        assert!(back.equals(&v).unwrap());
        assert_eq!(
            Value::deserialize(&bytes[..3], &layout)
                .unwrap_err()
                .major_status(),
            StatusCode::FAILED_TO_DESERIALIZE_ARGUMENT
        );
    }

    #[test]
    fn bcs_rejects_malformed_and_non_canonical_bytes() {
        let l = MoveTypeLayout::Vector(Box::new(MoveTypeLayout::Bool));
        assert!(Value::deserialize(&[1, 1], &l).is_ok());
        // bool 2, trailing byte, short input, non-canonical ULEB length.
        for bad in [&[1u8, 2][..], &[1, 1, 0], &[2, 1], &[0x81, 0x00, 1]] {
            assert_eq!(
                Value::deserialize(bad, &l).unwrap_err().major_status(),
                StatusCode::FAILED_TO_DESERIALIZE_ARGUMENT,
                "{bad:?}"
            );
        }
        let bytes = MoveTypeLayout::Vector(Box::new(MoveTypeLayout::U8));
        for v in [vec![], vec![0u8, 255]] {
            let ser = Value::bytes(&v).serialize().unwrap();
            assert_eq!(ser, bcs::to_bytes(&v).unwrap());
            assert_eq!(
                Value::deserialize(&ser, &bytes)
                    .unwrap()
                    .as_bytes()
                    .unwrap(),
                v
            );
        }
    }

    #[test]
    fn conflicting_access_is_an_error_not_a_panic() {
        let c = container(vec![Value::U64(1)]);
        let _hold = c.borrow_mut();
        assert!(Ref::new(c.clone(), 0).read().is_err());
    }
}
