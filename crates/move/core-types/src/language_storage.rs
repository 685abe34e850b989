//! [`ModuleId`], [`StructTag`], [`TypeTag`] and function type tags.
//!
//! BCS layout matches aptos-core: `TypeTag` variants are numbered Bool 0, U8 1, U64 2, U128 3,
//! Address 4, Signer 5, Vector 6, Struct 7, U16 8, U32 9, U256 10, Function 11, I8 12, I16 13,
//! I32 14, I64 15, I128 16, I256 17 (some SDKs put I8 at 11; aptos-core does not).
//!
//! Text form: `0x1::coin::CoinStore<0x1::aptos_coin::AptosCoin>`, `vector<u8>`; addresses are
//! printed with [`AccountAddress::to_hex_literal`] (short form, as Aptos' `Display`), parsed in
//! short or long form.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

use crate::{AbilitySet, AccountAddress, Identifier, parser};

pub use crate::parser::TypeTagParseError;

/// Fully qualified module name: address + name.
#[derive(Clone, Eq, Hash, PartialEq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ModuleId {
    /// Publishing address.
    pub address: AccountAddress,
    /// Module name.
    pub name: Identifier,
}

impl ModuleId {
    /// Builds a module id.
    pub fn new(address: AccountAddress, name: Identifier) -> Self {
        Self { address, name }
    }

    /// The address.
    pub fn address(&self) -> &AccountAddress {
        &self.address
    }

    /// The name.
    pub fn name(&self) -> &str {
        self.name.as_str()
    }

    /// `0x1::coin` with the address in long (64-digit) form.
    pub fn to_canonical_string(&self) -> String {
        format!("0x{}::{}", self.address.to_canonical_string(), self.name)
    }
}

impl fmt::Display for ModuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}::{}", self.address.to_hex_literal(), self.name)
    }
}

impl fmt::Debug for ModuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for ModuleId {
    type Err = TypeTagParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parser::parse_module_id(s)
    }
}

/// A struct type: `address::module::Name<type_args>`.
#[derive(Clone, Eq, Hash, PartialEq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StructTag {
    /// Address of the defining module.
    pub address: AccountAddress,
    /// Defining module.
    pub module: Identifier,
    /// Struct name.
    pub name: Identifier,
    /// Type arguments (empty for non-generic structs).
    #[serde(rename = "type_args")]
    pub type_args: Vec<TypeTag>,
}

impl StructTag {
    /// The defining module.
    pub fn module_id(&self) -> ModuleId {
        ModuleId::new(self.address, self.module.clone())
    }

    /// Text with long-form addresses everywhere.
    pub fn to_canonical_string(&self) -> String {
        let mut s = format!(
            "0x{}::{}::{}",
            self.address.to_canonical_string(),
            self.module,
            self.name
        );
        if !self.type_args.is_empty() {
            s.push('<');
            for (i, t) in self.type_args.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                s.push_str(&t.to_canonical_string());
            }
            s.push('>');
        }
        s
    }
}

impl fmt::Display for StructTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}::{}::{}",
            self.address.to_hex_literal(),
            self.module,
            self.name
        )?;
        if !self.type_args.is_empty() {
            f.write_str("<")?;
            for (i, t) in self.type_args.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{t}")?;
            }
            f.write_str(">")?;
        }
        Ok(())
    }
}

impl fmt::Debug for StructTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for StructTag {
    type Err = TypeTagParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match parser::parse_type_tag(s)? {
            TypeTag::Struct(st) => Ok(*st),
            _ => Err(TypeTagParseError::NotAStruct(s.to_string())),
        }
    }
}

/// A runtime type. Variant order is the BCS order of aptos-core (see module docs).
#[derive(Clone, Eq, Hash, PartialEq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TypeTag {
    /// `bool`
    #[serde(rename = "bool")]
    Bool,
    /// `u8`
    #[serde(rename = "u8")]
    U8,
    /// `u64`
    #[serde(rename = "u64")]
    U64,
    /// `u128`
    #[serde(rename = "u128")]
    U128,
    /// `address`
    #[serde(rename = "address")]
    Address,
    /// `signer`
    #[serde(rename = "signer")]
    Signer,
    /// `vector<T>`
    #[serde(rename = "vector")]
    Vector(Box<TypeTag>),
    /// A struct or enum.
    #[serde(rename = "struct")]
    Struct(Box<StructTag>),
    /// `u16`
    #[serde(rename = "u16")]
    U16,
    /// `u32`
    #[serde(rename = "u32")]
    U32,
    /// `u256`
    #[serde(rename = "u256")]
    U256,
    /// A function type (v8 function values).
    #[serde(rename = "function")]
    Function(Box<FunctionTag>),
    /// `i8`
    #[serde(rename = "i8")]
    I8,
    /// `i16`
    #[serde(rename = "i16")]
    I16,
    /// `i32`
    #[serde(rename = "i32")]
    I32,
    /// `i64`
    #[serde(rename = "i64")]
    I64,
    /// `i128`
    #[serde(rename = "i128")]
    I128,
    /// `i256`
    #[serde(rename = "i256")]
    I256,
}

impl TypeTag {
    /// Text with long-form addresses.
    pub fn to_canonical_string(&self) -> String {
        match self {
            TypeTag::Vector(t) => format!("vector<{}>", t.to_canonical_string()),
            TypeTag::Struct(s) => s.to_canonical_string(),
            other => other.to_string(),
        }
    }
}

impl fmt::Display for TypeTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeTag::Bool => f.write_str("bool"),
            TypeTag::U8 => f.write_str("u8"),
            TypeTag::U16 => f.write_str("u16"),
            TypeTag::U32 => f.write_str("u32"),
            TypeTag::U64 => f.write_str("u64"),
            TypeTag::U128 => f.write_str("u128"),
            TypeTag::U256 => f.write_str("u256"),
            TypeTag::I8 => f.write_str("i8"),
            TypeTag::I16 => f.write_str("i16"),
            TypeTag::I32 => f.write_str("i32"),
            TypeTag::I64 => f.write_str("i64"),
            TypeTag::I128 => f.write_str("i128"),
            TypeTag::I256 => f.write_str("i256"),
            TypeTag::Address => f.write_str("address"),
            TypeTag::Signer => f.write_str("signer"),
            TypeTag::Vector(t) => write!(f, "vector<{t}>"),
            TypeTag::Struct(s) => write!(f, "{s}"),
            TypeTag::Function(func) => write!(f, "{func}"),
        }
    }
}

impl fmt::Debug for TypeTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for TypeTag {
    type Err = TypeTagParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parser::parse_type_tag(s)
    }
}

/// Type of a function value: `|args| results has abilities`.
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FunctionTag {
    /// Parameter types.
    pub args: Vec<FunctionParamOrReturnTag>,
    /// Result types.
    pub results: Vec<FunctionParamOrReturnTag>,
    /// Abilities of the function value.
    pub abilities: AbilitySet,
}

/// A parameter or result of a [`FunctionTag`]; references are allowed here.
#[derive(Clone, Debug, Eq, Hash, PartialEq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum FunctionParamOrReturnTag {
    /// `&T`
    Reference(TypeTag),
    /// `&mut T`
    MutableReference(TypeTag),
    /// `T`
    Value(TypeTag),
}

impl fmt::Display for FunctionParamOrReturnTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FunctionParamOrReturnTag::Reference(t) => write!(f, "&{t}"),
            FunctionParamOrReturnTag::MutableReference(t) => write!(f, "&mut {t}"),
            FunctionParamOrReturnTag::Value(t) => write!(f, "{t}"),
        }
    }
}

impl fmt::Display for FunctionTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("|")?;
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{a}")?;
        }
        f.write_str("|")?;
        match self.results.as_slice() {
            [] => {}
            [one] => write!(f, "{one}")?,
            many => {
                f.write_str("(")?;
                for (i, r) in many.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{r}")?;
                }
                f.write_str(")")?;
            }
        }
        if !self.abilities.is_empty() {
            let names: Vec<_> = self.abilities.iter().map(|a| a.name()).collect();
            write!(f, " has {}", names.join("+"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_tag_bcs_variant_order() {
        let cases = [
            (TypeTag::Bool, 0u8),
            (TypeTag::U8, 1),
            (TypeTag::U64, 2),
            (TypeTag::U128, 3),
            (TypeTag::Address, 4),
            (TypeTag::Signer, 5),
            (TypeTag::U16, 8),
            (TypeTag::U32, 9),
            (TypeTag::U256, 10),
            (TypeTag::I8, 12),
            (TypeTag::I16, 13),
            (TypeTag::I32, 14),
            (TypeTag::I64, 15),
            (TypeTag::I128, 16),
            (TypeTag::I256, 17),
        ];
        for (t, idx) in cases {
            assert_eq!(bcs::to_bytes(&t).unwrap(), vec![idx], "{t}");
        }
        let v = TypeTag::Vector(Box::new(TypeTag::U8));
        assert_eq!(bcs::to_bytes(&v).unwrap(), vec![6, 1]);
        let f = TypeTag::Function(Box::new(FunctionTag {
            args: vec![FunctionParamOrReturnTag::Reference(TypeTag::U64)],
            results: vec![],
            abilities: AbilitySet::EMPTY,
        }));
        assert_eq!(bcs::to_bytes(&f).unwrap(), vec![11, 1, 0, 2, 0, 0]);
    }

    #[test]
    fn struct_tag_bcs() {
        let st: StructTag = "0x1::coin::CoinStore<0x1::aptos_coin::AptosCoin>"
            .parse()
            .unwrap();
        let b = bcs::to_bytes(&st).unwrap();
        // address, "coin", "CoinStore", 1 type arg, Struct variant 7 ...
        assert_eq!(&b[..32], AccountAddress::ONE.as_bytes());
        assert_eq!(&b[32..37], b"\x04coin");
        assert_eq!(&b[37..47], b"\x09CoinStore");
        assert_eq!(&b[47..49], &[1, 7]);
        assert_eq!(bcs::from_bytes::<StructTag>(&b).unwrap(), st);
    }
}
