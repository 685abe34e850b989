//! Runtime types: signature tokens with struct handles resolved to the defining module, and
//! type parameters substituted where known.

use std::sync::Arc;

use lumio_move_core_types::{Identifier, ModuleId, StatusCode, StructTag, TypeTag};

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

/// Most nodes in one type the VM builds: Aptos's type builder limit (`max_ty_size`, 128 in its
/// gas schedule and in `aptos_default_ty_builder`). One more node is `TOO_MANY_TYPE_NODES`.
pub const MAX_TYPE_NODES: u64 = 128;

/// Deepest type the VM builds (`vector<u8>` is 2 deep): Aptos's type builder limit
/// (`max_ty_depth`, 20). One deeper is `VM_MAX_TYPE_DEPTH_REACHED`.
pub const MAX_TYPE_DEPTH: u64 = 20;

/// The type builder's check before each node, as Aptos's: `count` nodes built so far, the node
/// at `depth` (the root is at depth 1).
pub(crate) fn check_type_limits(count: &mut u64, depth: u64) -> PartialVMResult<()> {
    if *count >= MAX_TYPE_NODES {
        return Err(
            crate::errors::PartialVMError::new(StatusCode::TOO_MANY_TYPE_NODES)
                .with_message(format!("type has more than {MAX_TYPE_NODES} nodes")),
        );
    }
    if depth > MAX_TYPE_DEPTH {
        return Err(
            crate::errors::PartialVMError::new(StatusCode::VM_MAX_TYPE_DEPTH_REACHED)
                .with_message(format!("type deeper than {MAX_TYPE_DEPTH}")),
        );
    }
    *count += 1;
    Ok(())
}

impl Type {
    /// Replaces type parameters by `args`, within the type builder's limits (Aptos's
    /// `create_ty_with_subst`: every node of the result is counted, those of a substituted
    /// argument too, at the depth where they land).
    /// Without type arguments a closed type is returned as it is, unchecked: Aptos builds types
    /// through its type builder only for generic instantiations, a non-generic function's types
    /// are the module's, bounded by the verifier.
    pub fn subst(&self, args: &[Type]) -> PartialVMResult<Type> {
        if args.is_empty() && self.is_closed() {
            return Ok(self.clone());
        }
        self.subst_counted(args, &mut 0, 1)
    }

    fn subst_counted(&self, args: &[Type], count: &mut u64, depth: u64) -> PartialVMResult<Type> {
        if let Type::TyParam(i) = self {
            let arg = args
                .get(usize::from(*i))
                .ok_or_else(|| invariant(format!("type parameter {i} out of range")))?;
            // A closed argument: its nodes are counted here, without substitution.
            return arg.subst_counted(&[], count, depth);
        }
        check_type_limits(count, depth)?;
        let inner = |t: &Type, count: &mut u64| t.subst_counted(args, count, depth + 1);
        Ok(match self {
            Type::Vector(t) => Type::Vector(Box::new(inner(t, count)?)),
            Type::Reference(t) => Type::Reference(Box::new(inner(t, count)?)),
            Type::MutableReference(t) => Type::MutableReference(Box::new(inner(t, count)?)),
            Type::Struct(n, ts) => Type::Struct(
                n.clone(),
                ts.iter()
                    .map(|t| inner(t, count))
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

/// Move syntax: `u64`, `vector<0x1::string::String>`, `&mut T0`.
impl std::fmt::Display for Type {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Type::Bool => f.write_str("bool"),
            Type::U8 => f.write_str("u8"),
            Type::U16 => f.write_str("u16"),
            Type::U32 => f.write_str("u32"),
            Type::U64 => f.write_str("u64"),
            Type::U128 => f.write_str("u128"),
            Type::U256 => f.write_str("u256"),
            Type::Address => f.write_str("address"),
            Type::Signer => f.write_str("signer"),
            Type::Vector(t) => write!(f, "vector<{t}>"),
            Type::Reference(t) => write!(f, "&{t}"),
            Type::MutableReference(t) => write!(f, "&mut {t}"),
            Type::TyParam(i) => write!(f, "T{i}"),
            Type::Struct(n, ts) => {
                write!(
                    f,
                    "{}::{}::{}",
                    n.module.address().to_hex_literal(),
                    n.module.name(),
                    n.name
                )?;
                if let Some((first, rest)) = ts.split_first() {
                    write!(f, "<{first}")?;
                    for t in rest {
                        write!(f, ", {t}")?;
                    }
                    f.write_str(">")?;
                }
                Ok(())
            }
        }
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
        assert_eq!(t.to_string(), "0x1::m::S<vector<T0>>");
        assert_eq!(
            Type::MutableReference(Box::new(c)).to_string(),
            "&mut 0x1::m::S<vector<u64>>"
        );
    }

    fn nested_vector(depth: u64) -> Type {
        (1..depth).fold(Type::U8, |t, _| Type::Vector(Box::new(t)))
    }

    #[test]
    fn type_builder_depth_limit_counts_substituted_arguments() {
        // vector<vector<T>>: T lands at depth 3, so T may be at most MAX_TYPE_DEPTH - 2 deep.
        let ty = Type::Vector(Box::new(Type::Vector(Box::new(Type::TyParam(0)))));
        assert!(ty.subst(&[nested_vector(MAX_TYPE_DEPTH - 2)]).is_ok());
        let err = ty.subst(&[nested_vector(MAX_TYPE_DEPTH - 1)]).unwrap_err();
        assert_eq!(err.major_status(), StatusCode::VM_MAX_TYPE_DEPTH_REACHED);
        let t = Type::Vector(Box::new(Type::TyParam(0)));
        assert!(t.subst(&[nested_vector(MAX_TYPE_DEPTH - 1)]).is_ok());
        assert!(t.subst(&[nested_vector(MAX_TYPE_DEPTH)]).is_err());
        // No type arguments: the module's own (verified) types are not rebuilt.
        assert!(nested_vector(MAX_TYPE_DEPTH + 1).subst(&[]).is_ok());
    }

    #[test]
    fn type_builder_node_limit_counts_every_node() {
        let n = Arc::new(StructName {
            module: ModuleId::new(AccountAddress::ONE, Identifier::new("m").unwrap()),
            name: Identifier::new("S").unwrap(),
        });
        // S<T, T, ..> with k parameters and T = vector<u8>: 1 + 2k nodes.
        let generic = |k: u16| Type::Struct(n.clone(), (0..k).map(|_| Type::TyParam(0)).collect());
        let arg = Type::Vector(Box::new(Type::U8));
        let k = ((MAX_TYPE_NODES - 1) / 2) as u16; // 1 + 2k = 127
        assert!(generic(k).subst(std::slice::from_ref(&arg)).is_ok());
        let with_u8 = Type::Struct(
            n.clone(),
            (0..k).map(|_| Type::TyParam(0)).chain([Type::U8]).collect(),
        );
        assert!(with_u8.subst(std::slice::from_ref(&arg)).is_ok()); // 128 nodes
        let err = generic(k + 1).subst(&[arg]).unwrap_err(); // 129 nodes
        assert_eq!(err.major_status(), StatusCode::TOO_MANY_TYPE_NODES);
    }
}
