//! Checked table access and small type utilities shared by the passes.
//!
//! Every lookup returns an invariant-violation error instead of panicking: the bounds checker
//! runs first, so a failing lookup here means a verifier or bounds-checker bug, and a bug must
//! not take the node down.

use lumio_move_binary_format::file_format::{
    AddressIdentifierIndex, CompiledModule, Constant, ConstantPoolIndex, FieldDefinition,
    FieldHandle, FieldHandleIndex, FieldInstantiation, FieldInstantiationIndex, FunctionDefinition,
    FunctionDefinitionIndex, FunctionHandle, FunctionHandleIndex, FunctionInstantiation,
    FunctionInstantiationIndex, IdentifierIndex, ModuleHandle, ModuleHandleIndex, Signature,
    SignatureIndex, SignatureToken, StructDefInstantiation, StructDefInstantiationIndex,
    StructDefinition, StructDefinitionIndex, StructFieldInformation, StructHandle,
    StructHandleIndex, StructVariantHandle, StructVariantHandleIndex, StructVariantInstantiation,
    StructVariantInstantiationIndex, VariantFieldHandle, VariantFieldHandleIndex,
    VariantFieldInstantiation, VariantFieldInstantiationIndex,
};
use lumio_move_core_types::{AbilitySet, AccountAddress, IdentStr, StatusCode};

use crate::error::{PartialVMError, PartialVMResult};

/// An invariant violation: something the earlier passes guarantee did not hold.
pub(crate) fn invariant(msg: impl Into<String>) -> PartialVMError {
    PartialVMError::new(StatusCode::UNKNOWN_INVARIANT_VIOLATION_ERROR).with_message(msg.into())
}

macro_rules! getter {
    ($(#[$doc:meta])* $name:ident, $field:ident, $idx:ty, $out:ty) => {
        $(#[$doc])*
        pub(crate) fn $name(m: &CompiledModule, idx: $idx) -> PartialVMResult<&$out> {
            m.$field.get(usize::from(idx.0)).ok_or_else(|| {
                invariant(format!(concat!(stringify!($field), " index {} out of bounds"), idx.0))
            })
        }
    };
}

getter!(/// Module handle.
    module_handle, module_handles, ModuleHandleIndex, ModuleHandle);
getter!(/// Struct handle.
    struct_handle, struct_handles, StructHandleIndex, StructHandle);
getter!(/// Function handle.
    function_handle, function_handles, FunctionHandleIndex, FunctionHandle);
getter!(/// Field handle.
    field_handle, field_handles, FieldHandleIndex, FieldHandle);
getter!(/// Field instantiation.
    field_inst, field_instantiations, FieldInstantiationIndex, FieldInstantiation);
getter!(/// Function instantiation.
    function_inst, function_instantiations, FunctionInstantiationIndex, FunctionInstantiation);
getter!(/// Struct definition instantiation.
    struct_def_inst, struct_def_instantiations, StructDefInstantiationIndex, StructDefInstantiation);
getter!(/// Signature.
    signature, signatures, SignatureIndex, Signature);
getter!(/// Constant.
    constant, constant_pool, ConstantPoolIndex, Constant);
getter!(/// Struct definition.
    struct_def, struct_defs, StructDefinitionIndex, StructDefinition);
getter!(/// Function definition.
    function_def, function_defs, FunctionDefinitionIndex, FunctionDefinition);
getter!(/// Variant field handle.
    variant_field_handle, variant_field_handles, VariantFieldHandleIndex, VariantFieldHandle);
getter!(/// Variant field instantiation.
    variant_field_inst, variant_field_instantiations, VariantFieldInstantiationIndex, VariantFieldInstantiation);
getter!(/// Struct variant handle.
    struct_variant_handle, struct_variant_handles, StructVariantHandleIndex, StructVariantHandle);
getter!(/// Struct variant instantiation.
    struct_variant_inst, struct_variant_instantiations, StructVariantInstantiationIndex, StructVariantInstantiation);

/// Identifier text.
pub(crate) fn identifier(m: &CompiledModule, idx: IdentifierIndex) -> PartialVMResult<&IdentStr> {
    m.identifiers
        .get(usize::from(idx.0))
        .map(|i| i.as_ident_str())
        .ok_or_else(|| invariant(format!("identifier index {} out of bounds", idx.0)))
}

/// Address value.
pub(crate) fn address(
    m: &CompiledModule,
    idx: AddressIdentifierIndex,
) -> PartialVMResult<&AccountAddress> {
    m.address_identifiers
        .get(usize::from(idx.0))
        .ok_or_else(|| invariant(format!("address index {} out of bounds", idx.0)))
}

/// Signature tokens.
pub(crate) fn sig_tokens(
    m: &CompiledModule,
    idx: SignatureIndex,
) -> PartialVMResult<&[SignatureToken]> {
    signature(m, idx).map(|s| s.0.as_slice())
}

/// The self module handle index as a typed index.
pub(crate) fn self_handle_idx(m: &CompiledModule) -> ModuleHandleIndex {
    m.self_module_handle_idx
}

/// `(address, name)` of a module handle.
pub(crate) fn module_name(
    m: &CompiledModule,
    idx: ModuleHandleIndex,
) -> PartialVMResult<(AccountAddress, &IdentStr)> {
    let h = module_handle(m, idx)?;
    Ok((*address(m, h.address)?, identifier(m, h.name)?))
}

/// Fields of a plain (non-enum, non-native) struct.
pub(crate) fn declared_fields(def: &StructDefinition) -> Option<&[FieldDefinition]> {
    match &def.field_information {
        StructFieldInformation::Declared(f) => Some(f.as_slice()),
        _ => None,
    }
}

/// Fields of variant `v` of an enum.
pub(crate) fn variant_fields(def: &StructDefinition, v: u16) -> Option<&[FieldDefinition]> {
    match &def.field_information {
        StructFieldInformation::DeclaredVariants(vs) => {
            vs.get(usize::from(v)).map(|x| x.fields.as_slice())
        }
        _ => None,
    }
}

/// Every field type of a definition (all variants for enums).
pub(crate) fn all_field_types(def: &StructDefinition) -> Vec<&SignatureToken> {
    match &def.field_information {
        StructFieldInformation::Native => vec![],
        StructFieldInformation::Declared(f) => f.iter().map(|f| &f.signature.0).collect(),
        StructFieldInformation::DeclaredVariants(vs) => vs
            .iter()
            .flat_map(|v| v.fields.iter().map(|f| &f.signature.0))
            .collect(),
    }
}

/// The type `S` or `S<args>` of a struct definition.
pub(crate) fn struct_type(
    m: &CompiledModule,
    sd: StructDefinitionIndex,
    args: Option<&[SignatureToken]>,
) -> PartialVMResult<SignatureToken> {
    let def = struct_def(m, sd)?;
    Ok(match args {
        None => SignatureToken::Struct(def.struct_handle),
        Some(a) => SignatureToken::StructInstantiation(def.struct_handle, a.to_vec()),
    })
}

/// Replaces type parameters by `args`.
pub(crate) fn instantiate(
    ty: &SignatureToken,
    args: &[SignatureToken],
) -> PartialVMResult<SignatureToken> {
    use SignatureToken as ST;
    if args.is_empty() {
        return Ok(ty.clone());
    }
    Ok(match ty {
        ST::TypeParameter(i) => args
            .get(usize::from(*i))
            .cloned()
            .ok_or_else(|| invariant(format!("type parameter {i} out of range")))?,
        ST::Vector(t) => ST::Vector(Box::new(instantiate(t, args)?)),
        ST::Reference(t) => ST::Reference(Box::new(instantiate(t, args)?)),
        ST::MutableReference(t) => ST::MutableReference(Box::new(instantiate(t, args)?)),
        ST::StructInstantiation(h, ts) => ST::StructInstantiation(
            *h,
            ts.iter()
                .map(|t| instantiate(t, args))
                .collect::<PartialVMResult<_>>()?,
        ),
        ST::Function(ps, rs, ab) => ST::Function(
            ps.iter()
                .map(|t| instantiate(t, args))
                .collect::<PartialVMResult<_>>()?,
            rs.iter()
                .map(|t| instantiate(t, args))
                .collect::<PartialVMResult<_>>()?,
            *ab,
        ),
        other => other.clone(),
    })
}

/// Abilities of a type, given the constraints of the type parameters in scope.
pub(crate) fn abilities(
    m: &CompiledModule,
    ty: &SignatureToken,
    tparams: &[AbilitySet],
) -> PartialVMResult<AbilitySet> {
    use SignatureToken as ST;
    Ok(match ty {
        ST::Bool | ST::U8 | ST::U16 | ST::U32 | ST::U64 | ST::U128 | ST::U256 | ST::Address => {
            AbilitySet::PRIMITIVES
        }
        ST::I8 | ST::I16 | ST::I32 | ST::I64 | ST::I128 | ST::I256 => AbilitySet::PRIMITIVES,
        ST::Signer => AbilitySet::SIGNER,
        ST::Reference(_) | ST::MutableReference(_) => AbilitySet::REFERENCES,
        ST::TypeParameter(i) => *tparams
            .get(usize::from(*i))
            .ok_or_else(|| invariant(format!("type parameter {i} out of range")))?,
        ST::Vector(t) => abilities(m, t, tparams)?.intersect(AbilitySet::VECTOR),
        ST::Function(_, _, ab) => *ab,
        ST::Struct(h) => struct_handle(m, *h)?.abilities,
        ST::StructInstantiation(h, args) => {
            let handle = struct_handle(m, *h)?;
            let arg_abilities = args
                .iter()
                .map(|a| abilities(m, a, tparams))
                .collect::<PartialVMResult<Vec<_>>>()?;
            let phantom: Vec<bool> = handle
                .type_parameters
                .iter()
                .map(|p| p.is_phantom)
                .collect();
            AbilitySet::polymorphic_abilities(handle.abilities, &phantom, &arg_abilities)
                .ok_or_else(|| invariant("struct instantiation arity"))?
        }
    })
}

/// Whether the type is an integer type.
pub(crate) fn is_integer(ty: &SignatureToken) -> bool {
    use SignatureToken as ST;
    matches!(
        ty,
        ST::U8
            | ST::U16
            | ST::U32
            | ST::U64
            | ST::U128
            | ST::U256
            | ST::I8
            | ST::I16
            | ST::I32
            | ST::I64
            | ST::I128
            | ST::I256
    )
}
