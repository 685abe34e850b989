//! BCS for runtime values through the `bcs` crate: [`SerValue`] serializes a value (structs as
//! tuples, enum values as variants with a ULEB128 tag, addresses and u256 as 32-byte tuples,
//! `vector<u8>` as bytes), [`LayoutSeed`] decodes bytes straight into a value, driven by a type
//! layout. No intermediate `MoveValue` tree.

use std::fmt;

use lumio_move_core_types::{AccountAddress, MoveStructLayout, MoveTypeLayout};
use ruint::aliases::U256;
use serde::{
    Serialize, Serializer,
    de::{self, DeserializeSeed, Deserializer, EnumAccess, SeqAccess, VariantAccess, Visitor},
    ser::{Error as _, SerializeSeq, SerializeTuple, SerializeTupleVariant},
};

use super::{Value, container, read};

/// Serializes the value it wraps.
pub(crate) struct SerValue<'a>(pub(crate) &'a Value);

fn ser_bytes32<S: Serializer>(s: S, b: &[u8; 32]) -> Result<S::Ok, S::Error> {
    let mut t = s.serialize_tuple(32)?;
    for x in b {
        t.serialize_element(x)?;
    }
    t.end()
}

impl Serialize for SerValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let fields = |c| read(c).map_err(|e| S::Error::custom(e.to_string()));
        match self.0 {
            Value::Bool(b) => s.serialize_bool(*b),
            Value::U8(x) => s.serialize_u8(*x),
            Value::U16(x) => s.serialize_u16(*x),
            Value::U32(x) => s.serialize_u32(*x),
            Value::U64(x) => s.serialize_u64(*x),
            Value::U128(x) => s.serialize_u128(*x),
            Value::U256(x) => ser_bytes32(s, &x.to_le_bytes::<32>()),
            Value::Address(a) => ser_bytes32(s, a.as_bytes()),
            Value::Signer(_) => {
                let a = self
                    .0
                    .as_address()
                    .map_err(|e| S::Error::custom(e.to_string()))?;
                ser_bytes32(s, a.as_bytes())
            }
            Value::Vector(c) => {
                let v = fields(c)?;
                if v.iter().all(|x| matches!(x, Value::U8(_))) && !v.is_empty() {
                    let bytes: Vec<u8> = v
                        .iter()
                        .map(|x| if let Value::U8(b) = x { *b } else { 0 })
                        .collect();
                    return s.serialize_bytes(&bytes);
                }
                let mut seq = s.serialize_seq(Some(v.len()))?;
                for x in v.iter() {
                    seq.serialize_element(&SerValue(x))?;
                }
                seq.end()
            }
            Value::Struct(c) => {
                let v = fields(c)?;
                let mut t = s.serialize_tuple(v.len())?;
                for x in v.iter() {
                    t.serialize_element(&SerValue(x))?;
                }
                t.end()
            }
            Value::Variant(tag, c) => {
                let v = fields(c)?;
                let mut t = s.serialize_tuple_variant("", u32::from(*tag), "", v.len())?;
                for x in v.iter() {
                    t.serialize_field(&SerValue(x))?;
                }
                t.end()
            }
            Value::Ref(r) => {
                let v = r.read().map_err(|e| S::Error::custom(e.to_string()))?;
                SerValue(&v).serialize(s)
            }
            Value::Invalid => Err(S::Error::custom("serializing an unavailable value")),
        }
    }
}

/// Decodes a value of a layout.
#[derive(Clone, Copy)]
pub(crate) struct LayoutSeed<'a>(pub(crate) &'a MoveTypeLayout);

struct Bytes32Visitor;

impl<'de> Visitor<'de> for Bytes32Visitor {
    type Value = [u8; 32];
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("32 bytes")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<[u8; 32], A::Error> {
        let mut out = [0u8; 32];
        for (i, b) in out.iter_mut().enumerate() {
            *b = seq
                .next_element()?
                .ok_or_else(|| de::Error::invalid_length(i, &self))?;
        }
        Ok(out)
    }
}

struct FieldsVisitor<'a>(&'a [MoveTypeLayout]);

impl<'de> Visitor<'de> for FieldsVisitor<'_> {
    type Value = Vec<Value>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} fields", self.0.len())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Value>, A::Error> {
        let mut out = Vec::with_capacity(self.0.len());
        for (i, l) in self.0.iter().enumerate() {
            out.push(
                seq.next_element_seed(LayoutSeed(l))?
                    .ok_or_else(|| de::Error::invalid_length(i, &self))?,
            );
        }
        Ok(out)
    }
}

struct VectorVisitor<'a>(&'a MoveTypeLayout);

impl<'de> Visitor<'de> for VectorVisitor<'_> {
    type Value = Vec<Value>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a vector")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Value>, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(v) = seq.next_element_seed(LayoutSeed(self.0))? {
            out.push(v);
        }
        Ok(out)
    }
}

struct BytesVisitor;

impl<'de> Visitor<'de> for BytesVisitor {
    type Value = Vec<u8>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("bytes")
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
        Ok(v.to_vec())
    }
    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Vec<u8>, E> {
        Ok(v.to_vec())
    }
    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
        Ok(v)
    }
}

struct VariantVisitor<'a>(&'a [Vec<MoveTypeLayout>]);

impl<'de> Visitor<'de> for VariantVisitor<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an enum value")
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (tag, variant): (u32, _) = data.variant()?;
        let fields = self
            .0
            .get(tag as usize)
            .ok_or_else(|| de::Error::custom(format!("variant {tag} out of range")))?;
        let tag = u16::try_from(tag).map_err(|_| de::Error::custom("variant tag too large"))?;
        let vals = variant.tuple_variant(fields.len(), FieldsVisitor(fields))?;
        Ok(Value::Variant(tag, container(vals)))
    }
}

impl<'de> DeserializeSeed<'de> for LayoutSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        use MoveTypeLayout as L;
        Ok(match self.0 {
            L::Bool => Value::Bool(serde::Deserialize::deserialize(d)?),
            L::U8 => Value::U8(serde::Deserialize::deserialize(d)?),
            L::U16 => Value::U16(serde::Deserialize::deserialize(d)?),
            L::U32 => Value::U32(serde::Deserialize::deserialize(d)?),
            L::U64 => Value::U64(serde::Deserialize::deserialize(d)?),
            L::U128 => Value::U128(serde::Deserialize::deserialize(d)?),
            L::U256 => Value::U256(U256::from_le_bytes(
                d.deserialize_tuple(32, Bytes32Visitor)?,
            )),
            L::Address => Value::Address(AccountAddress::from(
                d.deserialize_tuple(32, Bytes32Visitor)?,
            )),
            L::Signer => Value::signer(AccountAddress::from(
                d.deserialize_tuple(32, Bytes32Visitor)?,
            )),
            L::Vector(inner) if **inner == L::U8 => {
                Value::bytes(&d.deserialize_bytes(BytesVisitor)?)
            }
            L::Vector(inner) => Value::vector(d.deserialize_seq(VectorVisitor(inner))?),
            L::Struct(MoveStructLayout::Runtime(fields)) => {
                Value::struct_(d.deserialize_tuple(fields.len(), FieldsVisitor(fields))?)
            }
            L::Struct(MoveStructLayout::RuntimeVariants(variants)) => {
                d.deserialize_enum("", &[], VariantVisitor(variants))?
            }
            other => {
                return Err(de::Error::custom(format!(
                    "layout {other:?} is not supported by this VM"
                )));
            }
        })
    }
}
