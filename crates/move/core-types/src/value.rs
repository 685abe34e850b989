//! Move values described by a type layout, with BCS encoding.
//!
//! [`MoveValue::simple_serialize`] / [`MoveValue::simple_deserialize`] implement BCS directly
//! (integers little-endian fixed width, bool one byte 0/1, vectors ULEB128 length + elements,
//! structs as the concatenation of their fields, enum values as ULEB128 variant tag + fields,
//! addresses and signers as 32 bytes). Decoding is driven by a [`MoveTypeLayout`], checks every
//! length against the remaining input before allocating and limits nesting to
//! [`MAX_VALUE_DEPTH`]. Function values (closures) are not representable here yet.

use std::fmt;

use crate::{AccountAddress, I256, U256};

/// Maximum nesting of values and layouts accepted by the decoder.
pub const MAX_VALUE_DEPTH: usize = 128;

/// Most elements accepted in a vector of zero-sized values.
const MAX_ZERO_SIZED_ELEMENTS: usize = 65536;

/// BCS maximum sequence length (2^31 - 1).
const MAX_SEQUENCE_LENGTH: u64 = (1 << 31) - 1;

/// Layout of a value: what the bytes mean.
#[derive(Clone, Debug, Eq, Hash, PartialEq)]
pub enum MoveTypeLayout {
    /// `bool`
    Bool,
    /// `u8`
    U8,
    /// `u16`
    U16,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `u128`
    U128,
    /// `u256`
    U256,
    /// `i8`
    I8,
    /// `i16`
    I16,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `i128`
    I128,
    /// `i256`
    I256,
    /// `address`
    Address,
    /// `signer` (encoded as its address).
    Signer,
    /// `vector<T>`
    Vector(Box<MoveTypeLayout>),
    /// A struct or enum.
    Struct(MoveStructLayout),
}

/// Layout of a struct (field layouts) or enum (field layouts per variant).
#[derive(Clone, Debug, Eq, Hash, PartialEq)]
pub enum MoveStructLayout {
    /// A struct: its fields in declaration order.
    Runtime(Vec<MoveTypeLayout>),
    /// An enum: for each variant, its fields.
    RuntimeVariants(Vec<Vec<MoveTypeLayout>>),
}

/// A struct or enum value.
#[derive(Clone, Debug, Eq, PartialEq)]
pub enum MoveStruct {
    /// A struct: field values.
    Runtime(Vec<MoveValue>),
    /// An enum value: variant tag and field values.
    RuntimeVariant(u16, Vec<MoveValue>),
}

/// A Move value.
#[derive(Clone, Debug, Eq, PartialEq)]
pub enum MoveValue {
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
    /// `i8`
    I8(i8),
    /// `i16`
    I16(i16),
    /// `i32`
    I32(i32),
    /// `i64`
    I64(i64),
    /// `i128`
    I128(i128),
    /// `i256`
    I256(I256),
    /// `address`
    Address(AccountAddress),
    /// `signer`
    Signer(AccountAddress),
    /// `vector<T>`
    Vector(Vec<MoveValue>),
    /// Struct or enum value.
    Struct(MoveStruct),
}

/// Error decoding or encoding a value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// Input ended early.
    #[error("unexpected end of input")]
    Eof,
    /// Bytes left after the value.
    #[error("{0} trailing bytes after value")]
    TrailingBytes(usize),
    /// A bool byte other than 0 or 1.
    #[error("invalid bool byte {0}")]
    BadBool(u8),
    /// Bad ULEB128 (overlong, overflow, or above the BCS sequence limit).
    #[error("invalid ULEB128 length or tag")]
    BadUleb,
    /// Variant tag out of range.
    #[error("variant tag {0} out of range")]
    BadVariant(u64),
    /// Nested deeper than [`MAX_VALUE_DEPTH`].
    #[error("value nested too deeply")]
    TooDeep,
}

fn write_uleb(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ValueError> {
        if self.bytes.len() < n {
            return Err(ValueError::Eof);
        }
        let (head, tail) = self.bytes.split_at(n);
        self.bytes = tail;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ValueError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    /// BCS ULEB128 as u32-bounded, canonical.
    fn uleb(&mut self) -> Result<u64, ValueError> {
        let mut value: u64 = 0;
        for shift in (0..64).step_by(7) {
            let [byte] = self.array::<1>()?;
            let digit = u64::from(byte & 0x7f);
            if shift > 0 && byte == 0 {
                return Err(ValueError::BadUleb); // overlong
            }
            value |= digit.checked_shl(shift).ok_or(ValueError::BadUleb)?;
            if byte & 0x80 == 0 {
                return if value > u64::from(u32::MAX) {
                    Err(ValueError::BadUleb)
                } else {
                    Ok(value)
                };
            }
            if shift >= 28 {
                return Err(ValueError::BadUleb);
            }
        }
        Err(ValueError::BadUleb)
    }
}

/// Smallest encoding size of a value of `layout` (0 only for field-less structs).
fn min_size(layout: &MoveTypeLayout) -> usize {
    fn go(layout: &MoveTypeLayout, depth: usize) -> usize {
        if depth > MAX_VALUE_DEPTH {
            return 1;
        }
        match layout {
            MoveTypeLayout::Bool | MoveTypeLayout::U8 | MoveTypeLayout::I8 => 1,
            MoveTypeLayout::U16 | MoveTypeLayout::I16 => 2,
            MoveTypeLayout::U32 | MoveTypeLayout::I32 => 4,
            MoveTypeLayout::U64 | MoveTypeLayout::I64 => 8,
            MoveTypeLayout::U128 | MoveTypeLayout::I128 => 16,
            MoveTypeLayout::U256 | MoveTypeLayout::I256 => 32,
            MoveTypeLayout::Address | MoveTypeLayout::Signer => 32,
            MoveTypeLayout::Vector(_)
            | MoveTypeLayout::Struct(MoveStructLayout::RuntimeVariants(_)) => 1,
            MoveTypeLayout::Struct(MoveStructLayout::Runtime(fields)) => fields
                .iter()
                .map(|f| go(f, depth + 1))
                .fold(0usize, usize::saturating_add),
        }
    }
    go(layout, 0)
}

impl MoveValue {
    /// BCS bytes of the value. `None` is never returned today; kept for API parity with Aptos.
    pub fn simple_serialize(&self) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        self.write(&mut out);
        Some(out)
    }

    fn write(&self, out: &mut Vec<u8>) {
        match self {
            MoveValue::Bool(b) => out.push(u8::from(*b)),
            MoveValue::U8(v) => out.push(*v),
            MoveValue::U16(v) => out.extend_from_slice(&v.to_le_bytes()),
            MoveValue::U32(v) => out.extend_from_slice(&v.to_le_bytes()),
            MoveValue::U64(v) => out.extend_from_slice(&v.to_le_bytes()),
            MoveValue::U128(v) => out.extend_from_slice(&v.to_le_bytes()),
            MoveValue::U256(v) => out.extend_from_slice(&v.to_le_bytes()),
            MoveValue::I8(v) => out.extend_from_slice(&v.to_le_bytes()),
            MoveValue::I16(v) => out.extend_from_slice(&v.to_le_bytes()),
            MoveValue::I32(v) => out.extend_from_slice(&v.to_le_bytes()),
            MoveValue::I64(v) => out.extend_from_slice(&v.to_le_bytes()),
            MoveValue::I128(v) => out.extend_from_slice(&v.to_le_bytes()),
            MoveValue::I256(v) => out.extend_from_slice(&v.to_le_bytes()),
            MoveValue::Address(a) | MoveValue::Signer(a) => out.extend_from_slice(a.as_bytes()),
            MoveValue::Vector(vs) => {
                write_uleb(out, vs.len() as u64);
                for v in vs {
                    v.write(out);
                }
            }
            MoveValue::Struct(MoveStruct::Runtime(fields)) => {
                for f in fields {
                    f.write(out);
                }
            }
            MoveValue::Struct(MoveStruct::RuntimeVariant(tag, fields)) => {
                write_uleb(out, u64::from(*tag));
                for f in fields {
                    f.write(out);
                }
            }
        }
    }

    /// Decodes BCS bytes as a value of `layout`; the whole input must be consumed.
    pub fn simple_deserialize(bytes: &[u8], layout: &MoveTypeLayout) -> Result<Self, ValueError> {
        let mut r = Reader { bytes };
        let v = Self::read(&mut r, layout, 0)?;
        if r.bytes.is_empty() {
            Ok(v)
        } else {
            Err(ValueError::TrailingBytes(r.bytes.len()))
        }
    }

    fn read(r: &mut Reader<'_>, layout: &MoveTypeLayout, depth: usize) -> Result<Self, ValueError> {
        if depth > MAX_VALUE_DEPTH {
            return Err(ValueError::TooDeep);
        }
        Ok(match layout {
            MoveTypeLayout::Bool => match r.array::<1>()? {
                [0] => MoveValue::Bool(false),
                [1] => MoveValue::Bool(true),
                [b] => return Err(ValueError::BadBool(b)),
            },
            MoveTypeLayout::U8 => MoveValue::U8(u8::from_le_bytes(r.array()?)),
            MoveTypeLayout::U16 => MoveValue::U16(u16::from_le_bytes(r.array()?)),
            MoveTypeLayout::U32 => MoveValue::U32(u32::from_le_bytes(r.array()?)),
            MoveTypeLayout::U64 => MoveValue::U64(u64::from_le_bytes(r.array()?)),
            MoveTypeLayout::U128 => MoveValue::U128(u128::from_le_bytes(r.array()?)),
            MoveTypeLayout::U256 => MoveValue::U256(U256::from_le_bytes(r.array()?)),
            MoveTypeLayout::I8 => MoveValue::I8(i8::from_le_bytes(r.array()?)),
            MoveTypeLayout::I16 => MoveValue::I16(i16::from_le_bytes(r.array()?)),
            MoveTypeLayout::I32 => MoveValue::I32(i32::from_le_bytes(r.array()?)),
            MoveTypeLayout::I64 => MoveValue::I64(i64::from_le_bytes(r.array()?)),
            MoveTypeLayout::I128 => MoveValue::I128(i128::from_le_bytes(r.array()?)),
            MoveTypeLayout::I256 => MoveValue::I256(I256::from_le_bytes(r.array()?)),
            MoveTypeLayout::Address => MoveValue::Address(AccountAddress::new(r.array()?)),
            MoveTypeLayout::Signer => MoveValue::Signer(AccountAddress::new(r.array()?)),
            MoveTypeLayout::Vector(elem) => {
                let len = r.uleb()?;
                if len > MAX_SEQUENCE_LENGTH {
                    return Err(ValueError::BadUleb);
                }
                // A forged length must not drive allocation or a long loop: elements of a
                // non-zero-sized layout consume input, so the length is checked against it;
                // zero-sized elements (field-less structs, never produced by Move) are capped.
                let len = usize::try_from(len).map_err(|_| ValueError::BadUleb)?;
                let min = min_size(elem);
                if (min > 0 && len.saturating_mul(min) > r.bytes.len())
                    || (min == 0 && len > MAX_ZERO_SIZED_ELEMENTS)
                {
                    return Err(ValueError::Eof);
                }
                let cap = len.min(r.bytes.len());
                let mut vs = Vec::with_capacity(cap);
                for _ in 0..len {
                    vs.push(Self::read(r, elem, depth + 1)?);
                }
                MoveValue::Vector(vs)
            }
            MoveTypeLayout::Struct(MoveStructLayout::Runtime(fields)) => {
                let mut vs = Vec::with_capacity(fields.len());
                for f in fields {
                    vs.push(Self::read(r, f, depth + 1)?);
                }
                MoveValue::Struct(MoveStruct::Runtime(vs))
            }
            MoveTypeLayout::Struct(MoveStructLayout::RuntimeVariants(variants)) => {
                let tag = r.uleb()?;
                let fields = usize::try_from(tag)
                    .ok()
                    .and_then(|t| variants.get(t))
                    .ok_or(ValueError::BadVariant(tag))?;
                let tag16 = u16::try_from(tag).map_err(|_| ValueError::BadVariant(tag))?;
                let mut vs = Vec::with_capacity(fields.len());
                for f in fields {
                    vs.push(Self::read(r, f, depth + 1)?);
                }
                MoveValue::Struct(MoveStruct::RuntimeVariant(tag16, vs))
            }
        })
    }

    /// A `vector<u8>` value from bytes.
    pub fn vector_u8(bytes: &[u8]) -> Self {
        MoveValue::Vector(bytes.iter().map(|b| MoveValue::U8(*b)).collect())
    }
}

impl fmt::Display for MoveValue {
    /// Compact text: integers in decimal with a type suffix-free form, addresses `@0x..`,
    /// vectors `[a, b]`, structs `{ a, b }`, enum values `#tag{ .. }`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MoveValue::Bool(b) => write!(f, "{b}"),
            MoveValue::U8(v) => write!(f, "{v}u8"),
            MoveValue::U16(v) => write!(f, "{v}u16"),
            MoveValue::U32(v) => write!(f, "{v}u32"),
            MoveValue::U64(v) => write!(f, "{v}"),
            MoveValue::U128(v) => write!(f, "{v}u128"),
            MoveValue::U256(v) => write!(f, "{v}u256"),
            MoveValue::I8(v) => write!(f, "{v}i8"),
            MoveValue::I16(v) => write!(f, "{v}i16"),
            MoveValue::I32(v) => write!(f, "{v}i32"),
            MoveValue::I64(v) => write!(f, "{v}i64"),
            MoveValue::I128(v) => write!(f, "{v}i128"),
            MoveValue::I256(v) => write!(f, "{v}i256"),
            MoveValue::Address(a) => write!(f, "@{}", a.to_hex_literal()),
            MoveValue::Signer(a) => write!(f, "signer({})", a.to_hex_literal()),
            MoveValue::Vector(vs) => {
                if !vs.is_empty() && vs.iter().all(|v| matches!(v, MoveValue::U8(_))) {
                    f.write_str("x\"")?;
                    for v in vs {
                        if let MoveValue::U8(b) = v {
                            write!(f, "{b:02x}")?;
                        }
                    }
                    return f.write_str("\"");
                }
                f.write_str("[")?;
                for (i, v) in vs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            MoveValue::Struct(s) => {
                let fields = match s {
                    MoveStruct::Runtime(fs) => fs,
                    MoveStruct::RuntimeVariant(tag, fs) => {
                        write!(f, "#{tag}")?;
                        fs
                    }
                };
                f.write_str("{ ")?;
                for (i, v) in fields.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str(" }")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcs_matches_serde_bcs() {
        let layout = MoveTypeLayout::Struct(MoveStructLayout::Runtime(vec![
            MoveTypeLayout::U64,
            MoveTypeLayout::Vector(Box::new(MoveTypeLayout::U8)),
            MoveTypeLayout::Address,
            MoveTypeLayout::Bool,
        ]));
        let v = MoveValue::Struct(MoveStruct::Runtime(vec![
            MoveValue::U64(7),
            MoveValue::vector_u8(b"hi"),
            MoveValue::Address(AccountAddress::ONE),
            MoveValue::Bool(true),
        ]));
        let bytes = v.simple_serialize().unwrap();
        let expected = bcs::to_bytes(&(7u64, b"hi".to_vec(), AccountAddress::ONE, true)).unwrap();
        assert_eq!(bytes, expected);
        assert_eq!(MoveValue::simple_deserialize(&bytes, &layout).unwrap(), v);
    }

    #[test]
    fn zero_sized_elements_cannot_loop_forever() {
        let layout = MoveTypeLayout::Vector(Box::new(MoveTypeLayout::Struct(
            MoveStructLayout::Runtime(vec![]),
        )));
        // Length 2^31 - 1 with no element bytes.
        assert_eq!(
            MoveValue::simple_deserialize(&[0xff, 0xff, 0xff, 0xff, 0x07], &layout),
            Err(ValueError::Eof)
        );
        let v = MoveValue::simple_deserialize(&[2], &layout).unwrap();
        assert_eq!(
            v,
            MoveValue::Vector(vec![MoveValue::Struct(MoveStruct::Runtime(vec![])); 2])
        );
    }

    #[test]
    fn enum_and_errors() {
        let layout = MoveTypeLayout::Struct(MoveStructLayout::RuntimeVariants(vec![
            vec![],
            vec![MoveTypeLayout::U8],
        ]));
        let v = MoveValue::simple_deserialize(&[1, 9], &layout).unwrap();
        assert_eq!(
            v,
            MoveValue::Struct(MoveStruct::RuntimeVariant(1, vec![MoveValue::U8(9)]))
        );
        assert_eq!(v.simple_serialize().unwrap(), vec![1, 9]);
        assert_eq!(
            MoveValue::simple_deserialize(&[2], &layout),
            Err(ValueError::BadVariant(2))
        );
        assert_eq!(
            MoveValue::simple_deserialize(&[2], &MoveTypeLayout::Bool),
            Err(ValueError::BadBool(2))
        );
        let vec_u8 = MoveTypeLayout::Vector(Box::new(MoveTypeLayout::U8));
        // Huge forged length must fail cleanly, not allocate.
        assert_eq!(
            MoveValue::simple_deserialize(&[0xff, 0xff, 0xff, 0xff, 0x07], &vec_u8),
            Err(ValueError::Eof)
        );
        // Overlong ULEB.
        assert_eq!(
            MoveValue::simple_deserialize(&[0x80, 0x00], &vec_u8),
            Err(ValueError::BadUleb)
        );
        assert_eq!(
            MoveValue::simple_deserialize(&[0, 0], &vec_u8),
            Err(ValueError::TrailingBytes(1))
        );
    }
}
