//! Runtime types: signature tokens with struct handles resolved to the defining module, and
//! type parameters substituted where known.

use std::sync::Arc;

use lumio_move_core_types::{Identifier, ModuleId, StructTag, TypeTag};

use crate::errors::{PartialVMResult, invariant};

/// The defining module and name of a struct or enum.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StructName {
    /// Defining module.
    pub module: ModuleId,
    /// Name in that module.
    pub name: Identifier,
}

/// A runtime type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
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
    /// `address`
    Address,
    /// `signer`
    Signer,
    /// `vector<T>`
    Vector(Box<Type>),
    /// A struct or enum with its type arguments.
    Struct(Arc<StructName>, Vec<Type>),
    /// `&T`
    Reference(Box<Type>),
    /// `&mut T`
    MutableReference(Box<Type>),
    /// A type parameter of the function being run (substituted before use).
    TyParam(u16),
}

/// Deepest type the VM builds (nested instantiations); Aptos's type builder bound.
pub const MAX_TYPE_DEPTH: usize = 256;

impl Type {
    /// Replaces type parameters by `args`.
    pub fn subst(&self, args: &[Type]) -> PartialVMResult<Type> {
        self.subst_depth(args, 0)
    }

    fn subst_depth(&self, args: &[Type], depth: usize) -> PartialVMResult<Type> {
        if depth > MAX_TYPE_DEPTH {
            return Err(crate::errors::PartialVMError::new(
                lumio_move_core_types::StatusCode::VM_MAX_TYPE_DEPTH_REACHED,
            ));
        }
        Ok(match self {
            Type::TyParam(i) => args
                .get(usize::from(*i))
                .cloned()
                .ok_or_else(|| invariant(format!("type parameter {i} out of range")))?,
            Type::Vector(t) => Type::Vector(Box::new(t.subst_depth(args, depth + 1)?)),
            Type::Reference(t) => Type::Reference(Box::new(t.subst_depth(args, depth + 1)?)),
            Type::MutableReference(t) => {
                Type::MutableReference(Box::new(t.subst_depth(args, depth + 1)?))
            }
            Type::Struct(n, ts) => Type::Struct(
                n.clone(),
                ts.iter()
                    .map(|t| t.subst_depth(args, depth + 1))
                    .collect::<PartialVMResult<_>>()?,
            ),
            other => other.clone(),
        })
    }

    /// Whether the type mentions no type parameter.
    pub fn is_closed(&self) -> bool {
        match self {
            Type::TyParam(_) => false,
            Type::Vector(t) | Type::Reference(t) | Type::MutableReference(t) => t.is_closed(),
            Type::Struct(_, ts) => ts.iter().all(Type::is_closed),
            _ => true,
        }
    }

    /// The type tag of a closed, non-reference type.
    pub fn to_type_tag(&self) -> PartialVMResult<TypeTag> {
        Ok(match self {
            Type::Bool => TypeTag::Bool,
            Type::U8 => TypeTag::U8,
            Type::U16 => TypeTag::U16,
            Type::U32 => TypeTag::U32,
            Type::U64 => TypeTag::U64,
            Type::U128 => TypeTag::U128,
            Type::U256 => TypeTag::U256,
            Type::Address => TypeTag::Address,
            Type::Signer => TypeTag::Signer,
            Type::Vector(t) => TypeTag::Vector(Box::new(t.to_type_tag()?)),
            Type::Struct(n, ts) => TypeTag::Struct(Box::new(struct_tag(n, ts)?)),
            Type::Reference(_) | Type::MutableReference(_) | Type::TyParam(_) => {
                return Err(invariant(format!("no type tag for {self:?}")));
            }
        })
    }
}

/// The struct tag of `name<args>`.
pub fn struct_tag(name: &StructName, args: &[Type]) -> PartialVMResult<StructTag> {
    Ok(StructTag {
        address: *name.module.address(),
        module: Identifier::new(name.module.name()).map_err(|e| invariant(e.to_string()))?,
        name: name.name.clone(),
        type_args: args
            .iter()
            .map(Type::to_type_tag)
            .collect::<PartialVMResult<_>>()?,
    })
}

#[cfg(test)]
mod tests {
    use lumio_move_core_types::AccountAddress;

    use super::*;

    #[test]
    fn subst_and_tag() {
        let n = Arc::new(StructName {
            module: ModuleId::new(AccountAddress::ONE, Identifier::new("m").unwrap()),
            name: Identifier::new("S").unwrap(),
        });
        let t = Type::Struct(n, vec![Type::Vector(Box::new(Type::TyParam(0)))]);
        assert!(!t.is_closed());
        let c = t.subst(&[Type::U64]).unwrap();
        assert!(c.is_closed());
        assert_eq!(
            c.to_type_tag().unwrap().to_string(),
            "0x1::m::S<vector<u64>>"
        );
        assert!(t.subst(&[]).is_err());
    }
}
