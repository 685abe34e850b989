//! Accessors for [`CompiledModule`] and [`CompiledScript`], and [`BinaryIndexedView`] over either.
//!
//! Every `*_at` accessor returns `PartialVMResult<&T>`: out-of-range indices give
//! `INDEX_OUT_OF_BOUNDS` (with the index kind and index attached) instead of panicking. After
//! [`crate::check_bounds::BoundsChecker`] has accepted a unit (deserialization runs it) these
//! never fail; callers just use `?`.

use lumio_move_core_types::{
    AbilitySet, AccountAddress, IdentStr, Identifier, ModuleId, StatusCode,
};

use crate::{
    errors::{PartialVMError, PartialVMResult},
    file_format::*,
};

fn get<T, I: ModuleIndex + Copy + Into<TableIndex>>(pool: &[T], idx: I) -> PartialVMResult<&T> {
    pool.get(ModuleIndex::into_index(idx)).ok_or_else(|| {
        PartialVMError::new(StatusCode::INDEX_OUT_OF_BOUNDS)
            .with_message(format!(
                "{} index {} out of bounds (length {})",
                I::KIND,
                ModuleIndex::into_index(idx),
                pool.len()
            ))
            .at_index(I::KIND, idx.into())
    })
}

macro_rules! index_into_u16 {
    ($($t:ident),*) => {$(
        impl From<$t> for TableIndex {
            fn from(i: $t) -> TableIndex {
                i.0
            }
        }
    )*};
}

index_into_u16!(
    ModuleHandleIndex,
    StructHandleIndex,
    FunctionHandleIndex,
    FieldHandleIndex,
    StructDefInstantiationIndex,
    FunctionInstantiationIndex,
    FieldInstantiationIndex,
    IdentifierIndex,
    AddressIdentifierIndex,
    ConstantPoolIndex,
    SignatureIndex,
    StructDefinitionIndex,
    FunctionDefinitionIndex,
    StructVariantHandleIndex,
    StructVariantInstantiationIndex,
    VariantFieldHandleIndex,
    VariantFieldInstantiationIndex
);

macro_rules! common_accessors {
    () => {
        /// Module handle at `idx`.
        pub fn module_handle_at(&self, idx: ModuleHandleIndex) -> PartialVMResult<&ModuleHandle> {
            get(&self.module_handles, idx)
        }
        /// Struct handle at `idx`.
        pub fn struct_handle_at(&self, idx: StructHandleIndex) -> PartialVMResult<&StructHandle> {
            get(&self.struct_handles, idx)
        }
        /// Function handle at `idx`.
        pub fn function_handle_at(
            &self,
            idx: FunctionHandleIndex,
        ) -> PartialVMResult<&FunctionHandle> {
            get(&self.function_handles, idx)
        }
        /// Function instantiation at `idx`.
        pub fn function_instantiation_at(
            &self,
            idx: FunctionInstantiationIndex,
        ) -> PartialVMResult<&FunctionInstantiation> {
            get(&self.function_instantiations, idx)
        }
        /// Signature at `idx`.
        pub fn signature_at(&self, idx: SignatureIndex) -> PartialVMResult<&Signature> {
            get(&self.signatures, idx)
        }
        /// Identifier at `idx`.
        pub fn identifier_at(&self, idx: IdentifierIndex) -> PartialVMResult<&IdentStr> {
            get(&self.identifiers, idx).map(Identifier::as_ident_str)
        }
        /// Address at `idx`.
        pub fn address_identifier_at(
            &self,
            idx: AddressIdentifierIndex,
        ) -> PartialVMResult<&AccountAddress> {
            get(&self.address_identifiers, idx)
        }
        /// Constant at `idx`.
        pub fn constant_at(&self, idx: ConstantPoolIndex) -> PartialVMResult<&Constant> {
            get(&self.constant_pool, idx)
        }
        /// The [`ModuleId`] a module handle names.
        pub fn module_id_for_handle(&self, handle: &ModuleHandle) -> PartialVMResult<ModuleId> {
            Ok(ModuleId::new(
                *self.address_identifier_at(handle.address)?,
                get(&self.identifiers, handle.name)?.clone(),
            ))
        }
    };
}

impl CompiledModule {
    common_accessors!();

    /// Field handle at `idx`.
    pub fn field_handle_at(&self, idx: FieldHandleIndex) -> PartialVMResult<&FieldHandle> {
        get(&self.field_handles, idx)
    }
    /// Struct instantiation at `idx`.
    pub fn struct_instantiation_at(
        &self,
        idx: StructDefInstantiationIndex,
    ) -> PartialVMResult<&StructDefInstantiation> {
        get(&self.struct_def_instantiations, idx)
    }
    /// Field instantiation at `idx`.
    pub fn field_instantiation_at(
        &self,
        idx: FieldInstantiationIndex,
    ) -> PartialVMResult<&FieldInstantiation> {
        get(&self.field_instantiations, idx)
    }
    /// Struct definition at `idx`.
    pub fn struct_def_at(&self, idx: StructDefinitionIndex) -> PartialVMResult<&StructDefinition> {
        get(&self.struct_defs, idx)
    }
    /// Function definition at `idx`.
    pub fn function_def_at(
        &self,
        idx: FunctionDefinitionIndex,
    ) -> PartialVMResult<&FunctionDefinition> {
        get(&self.function_defs, idx)
    }
    /// Struct variant handle at `idx`.
    pub fn struct_variant_handle_at(
        &self,
        idx: StructVariantHandleIndex,
    ) -> PartialVMResult<&StructVariantHandle> {
        get(&self.struct_variant_handles, idx)
    }
    /// Struct variant instantiation at `idx`.
    pub fn struct_variant_instantiation_at(
        &self,
        idx: StructVariantInstantiationIndex,
    ) -> PartialVMResult<&StructVariantInstantiation> {
        get(&self.struct_variant_instantiations, idx)
    }
    /// Variant field handle at `idx`.
    pub fn variant_field_handle_at(
        &self,
        idx: VariantFieldHandleIndex,
    ) -> PartialVMResult<&VariantFieldHandle> {
        get(&self.variant_field_handles, idx)
    }
    /// Variant field instantiation at `idx`.
    pub fn variant_field_instantiation_at(
        &self,
        idx: VariantFieldInstantiationIndex,
    ) -> PartialVMResult<&VariantFieldInstantiation> {
        get(&self.variant_field_instantiations, idx)
    }

    /// This module's handle.
    pub fn self_handle(&self) -> PartialVMResult<&ModuleHandle> {
        self.module_handle_at(self.self_module_handle_idx)
    }
    /// This module's id.
    pub fn self_id(&self) -> PartialVMResult<ModuleId> {
        self.module_id_for_handle(self.self_handle()?)
    }
    /// This module's address.
    pub fn self_addr(&self) -> PartialVMResult<&AccountAddress> {
        self.address_identifier_at(self.self_handle()?.address)
    }
    /// This module's name.
    pub fn self_name(&self) -> PartialVMResult<&IdentStr> {
        self.identifier_at(self.self_handle()?.name)
    }

    /// Ids of the modules this one uses (all handles except self).
    pub fn immediate_dependencies(&self) -> PartialVMResult<Vec<ModuleId>> {
        let mut out = Vec::new();
        for (i, h) in self.module_handles.iter().enumerate() {
            if i != self.self_module_handle_idx.into_index() {
                out.push(self.module_id_for_handle(h)?);
            }
        }
        Ok(out)
    }

    /// Ids of the declared friends.
    pub fn immediate_friends(&self) -> PartialVMResult<Vec<ModuleId>> {
        self.friend_decls
            .iter()
            .map(|h| self.module_id_for_handle(h))
            .collect()
    }

    /// Definition index of the struct defined here with `name`.
    pub fn find_struct_def_by_name(&self, name: &str) -> Option<StructDefinitionIndex> {
        self.struct_defs.iter().enumerate().find_map(|(i, d)| {
            let h = self.struct_handles.get(d.struct_handle.into_index())?;
            let n = self.identifiers.get(h.name.into_index())?;
            (n.as_str() == name).then_some(StructDefinitionIndex(i as TableIndex))
        })
    }

    /// Definition index of the function defined here with `name`.
    pub fn find_function_def_by_name(&self, name: &str) -> Option<FunctionDefinitionIndex> {
        self.function_defs.iter().enumerate().find_map(|(i, d)| {
            let h = self.function_handles.get(d.function.into_index())?;
            let n = self.identifiers.get(h.name.into_index())?;
            (n.as_str() == name).then_some(FunctionDefinitionIndex(i as TableIndex))
        })
    }

    /// A view over this module.
    pub fn as_view(&self) -> BinaryIndexedView<'_> {
        BinaryIndexedView::Module(self)
    }
}

impl CompiledScript {
    common_accessors!();

    /// A view over this script.
    pub fn as_view(&self) -> BinaryIndexedView<'_> {
        BinaryIndexedView::Script(self)
    }
}

/// A module or a script, for code (verifier passes, disassembler) that handles both.
#[derive(Clone, Copy, Debug)]
pub enum BinaryIndexedView<'a> {
    /// A module.
    Module(&'a CompiledModule),
    /// A script.
    Script(&'a CompiledScript),
}

fn script_error(what: &str) -> PartialVMError {
    PartialVMError::new(StatusCode::INVALID_OPERATION_IN_SCRIPT)
        .with_message(format!("scripts have no {what}"))
}

impl<'a> BinaryIndexedView<'a> {
    /// Bytecode version.
    pub fn version(&self) -> u32 {
        match self {
            Self::Module(m) => m.version,
            Self::Script(s) => s.version,
        }
    }
    /// Module handles.
    pub fn module_handles(&self) -> &'a [ModuleHandle] {
        match self {
            Self::Module(m) => &m.module_handles,
            Self::Script(s) => &s.module_handles,
        }
    }
    /// Struct handles.
    pub fn struct_handles(&self) -> &'a [StructHandle] {
        match self {
            Self::Module(m) => &m.struct_handles,
            Self::Script(s) => &s.struct_handles,
        }
    }
    /// Function handles.
    pub fn function_handles(&self) -> &'a [FunctionHandle] {
        match self {
            Self::Module(m) => &m.function_handles,
            Self::Script(s) => &s.function_handles,
        }
    }
    /// Function instantiations.
    pub fn function_instantiations(&self) -> &'a [FunctionInstantiation] {
        match self {
            Self::Module(m) => &m.function_instantiations,
            Self::Script(s) => &s.function_instantiations,
        }
    }
    /// Signatures.
    pub fn signatures(&self) -> &'a [Signature] {
        match self {
            Self::Module(m) => &m.signatures,
            Self::Script(s) => &s.signatures,
        }
    }
    /// Identifiers.
    pub fn identifiers(&self) -> &'a [Identifier] {
        match self {
            Self::Module(m) => &m.identifiers,
            Self::Script(s) => &s.identifiers,
        }
    }
    /// Addresses.
    pub fn address_identifiers(&self) -> &'a [AccountAddress] {
        match self {
            Self::Module(m) => &m.address_identifiers,
            Self::Script(s) => &s.address_identifiers,
        }
    }
    /// Constants.
    pub fn constant_pool(&self) -> &'a [Constant] {
        match self {
            Self::Module(m) => &m.constant_pool,
            Self::Script(s) => &s.constant_pool,
        }
    }
    /// Metadata.
    pub fn metadata(&self) -> &'a [Metadata] {
        match self {
            Self::Module(m) => &m.metadata,
            Self::Script(s) => &s.metadata,
        }
    }
    /// Module handle at `idx`.
    pub fn module_handle_at(&self, idx: ModuleHandleIndex) -> PartialVMResult<&'a ModuleHandle> {
        get(self.module_handles(), idx)
    }
    /// Struct handle at `idx`.
    pub fn struct_handle_at(&self, idx: StructHandleIndex) -> PartialVMResult<&'a StructHandle> {
        get(self.struct_handles(), idx)
    }
    /// Function handle at `idx`.
    pub fn function_handle_at(
        &self,
        idx: FunctionHandleIndex,
    ) -> PartialVMResult<&'a FunctionHandle> {
        get(self.function_handles(), idx)
    }
    /// Function instantiation at `idx`.
    pub fn function_instantiation_at(
        &self,
        idx: FunctionInstantiationIndex,
    ) -> PartialVMResult<&'a FunctionInstantiation> {
        get(self.function_instantiations(), idx)
    }
    /// Signature at `idx`.
    pub fn signature_at(&self, idx: SignatureIndex) -> PartialVMResult<&'a Signature> {
        get(self.signatures(), idx)
    }
    /// Identifier at `idx`.
    pub fn identifier_at(&self, idx: IdentifierIndex) -> PartialVMResult<&'a IdentStr> {
        get(self.identifiers(), idx).map(Identifier::as_ident_str)
    }
    /// Address at `idx`.
    pub fn address_identifier_at(
        &self,
        idx: AddressIdentifierIndex,
    ) -> PartialVMResult<&'a AccountAddress> {
        get(self.address_identifiers(), idx)
    }
    /// Constant at `idx`.
    pub fn constant_at(&self, idx: ConstantPoolIndex) -> PartialVMResult<&'a Constant> {
        get(self.constant_pool(), idx)
    }
    /// The [`ModuleId`] a module handle names.
    pub fn module_id_for_handle(&self, handle: &ModuleHandle) -> PartialVMResult<ModuleId> {
        Ok(ModuleId::new(
            *self.address_identifier_at(handle.address)?,
            get(self.identifiers(), handle.name)?.clone(),
        ))
    }
    /// Struct definition at `idx` (modules only).
    pub fn struct_def_at(
        &self,
        idx: StructDefinitionIndex,
    ) -> PartialVMResult<&'a StructDefinition> {
        match self {
            Self::Module(m) => get(&m.struct_defs, idx),
            Self::Script(_) => Err(script_error("struct definitions")),
        }
    }
    /// Function definition at `idx` (modules only).
    pub fn function_def_at(
        &self,
        idx: FunctionDefinitionIndex,
    ) -> PartialVMResult<&'a FunctionDefinition> {
        match self {
            Self::Module(m) => get(&m.function_defs, idx),
            Self::Script(_) => Err(script_error("function definitions")),
        }
    }
    /// The module, if this is one.
    pub fn module(&self) -> Option<&'a CompiledModule> {
        match self {
            Self::Module(m) => Some(m),
            Self::Script(_) => None,
        }
    }
    /// Self id of a module; `None` for scripts.
    pub fn self_id(&self) -> PartialVMResult<Option<ModuleId>> {
        match self {
            Self::Module(m) => m.self_id().map(Some),
            Self::Script(_) => Ok(None),
        }
    }

    /// Abilities of `ty`, with type parameter `i` constrained by `constraints[i]`.
    ///
    /// References: copy+drop; signer: drop; vectors: their element's abilities ∩ copy+drop+store;
    /// struct instances: declared abilities restricted by the (non-phantom) arguments; function
    /// values: their declared abilities.
    pub fn abilities(
        &self,
        ty: &SignatureToken,
        constraints: &[AbilitySet],
    ) -> PartialVMResult<AbilitySet> {
        use SignatureToken::*;
        Ok(match ty {
            Bool | U8 | U16 | U32 | U64 | U128 | U256 | I8 | I16 | I32 | I64 | I128 | I256
            | Address => AbilitySet::PRIMITIVES,
            Reference(_) | MutableReference(_) => AbilitySet::REFERENCES,
            Signer => AbilitySet::SIGNER,
            TypeParameter(i) => *constraints.get(usize::from(*i)).ok_or_else(|| {
                PartialVMError::new(StatusCode::INDEX_OUT_OF_BOUNDS)
                    .with_message(format!("type parameter {i} out of bounds"))
            })?,
            Vector(inner) => self
                .abilities(inner, constraints)?
                .intersect(AbilitySet::VECTOR),
            Function(_, _, abilities) => *abilities,
            Struct(idx) => self.struct_handle_at(*idx)?.abilities,
            StructInstantiation(idx, args) => {
                let handle = self.struct_handle_at(*idx)?;
                let phantom: Vec<bool> = handle
                    .type_parameters
                    .iter()
                    .map(|p| p.is_phantom)
                    .collect();
                let arg_abilities = args
                    .iter()
                    .map(|a| self.abilities(a, constraints))
                    .collect::<PartialVMResult<Vec<_>>>()?;
                AbilitySet::polymorphic_abilities(handle.abilities, &phantom, &arg_abilities)
                    .ok_or_else(|| {
                        PartialVMError::new(StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH)
                            .with_message("struct instantiation arity mismatch")
                    })?
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_bounds_is_error() {
        let m = CompiledModule::default();
        let e = m.signature_at(SignatureIndex(3)).unwrap_err();
        assert_eq!(e.major_status(), StatusCode::INDEX_OUT_OF_BOUNDS);
        assert_eq!(e.indices(), &[(IndexKind::Signature, 3)]);
        assert!(m.self_id().is_err());
    }
}
