//! Programmatic construction of modules and scripts (feature `builder`): tests of other crates
//! and the benchmarks build programs with it.
//!
//! The builder interns identifiers, addresses, module handles and signatures, and offers one
//! call per kind of definition. It performs no validation: tests of the deserializer, bounds
//! checker and verifier need to build invalid units too. Use [`ModuleBuilder::module_mut`] to
//! tamper with anything directly.
//!
//! ```
//! use lumio_move_binary_format::{builder::ModuleBuilder, file_format::*};
//! use lumio_move_core_types::{AbilitySet, AccountAddress};
//!
//! let mut b = ModuleBuilder::new(AccountAddress::ONE, "m");
//! let (_, s) = b.add_struct("S", AbilitySet::PRIMITIVES, vec![], vec![("x", SignatureToken::U64)]);
//! b.add_function("f", Visibility::Public, false, vec![], vec![SignatureToken::U64], vec![], vec![],
//!     vec![Bytecode::LdU64(1), Bytecode::Ret]);
//! let m = b.build();
//! assert_eq!(m.struct_defs.len(), 1);
//! let _ = s;
//! ```

use lumio_move_core_types::{AbilitySet, AccountAddress, Identifier};

use crate::file_format::*;
use crate::file_format_common::VERSION_DEFAULT;

/// Invalid names become `invalid_name`; tamper via `module_mut` to test identifier checks.
fn ident(name: &str) -> Identifier {
    Identifier::new(name)
        .or_else(|_| Identifier::new("invalid_name"))
        .unwrap_or_else(|_| unreachable!("literal identifier is valid"))
}

macro_rules! pool_methods {
    () => {
        /// Interns an identifier.
        pub fn identifier(&mut self, name: &str) -> IdentifierIndex {
            let ids = &mut self.unit.identifiers;
            if let Some(i) = ids.iter().position(|x| x.as_str() == name) {
                return IdentifierIndex(i as u16);
            }
            ids.push(ident(name));
            IdentifierIndex((ids.len() - 1) as u16)
        }

        /// Interns an address.
        pub fn address(&mut self, a: AccountAddress) -> AddressIdentifierIndex {
            let pool = &mut self.unit.address_identifiers;
            if let Some(i) = pool.iter().position(|x| *x == a) {
                return AddressIdentifierIndex(i as u16);
            }
            pool.push(a);
            AddressIdentifierIndex((pool.len() - 1) as u16)
        }

        /// Interns a module handle.
        pub fn module_handle(&mut self, address: AccountAddress, name: &str) -> ModuleHandleIndex {
            let h = ModuleHandle {
                address: self.address(address),
                name: self.identifier(name),
            };
            let pool = &mut self.unit.module_handles;
            if let Some(i) = pool.iter().position(|x| *x == h) {
                return ModuleHandleIndex(i as u16);
            }
            pool.push(h);
            ModuleHandleIndex((pool.len() - 1) as u16)
        }

        /// Interns a signature.
        pub fn signature(&mut self, tokens: Vec<SignatureToken>) -> SignatureIndex {
            let sig = Signature(tokens);
            let pool = &mut self.unit.signatures;
            if let Some(i) = pool.iter().position(|x| *x == sig) {
                return SignatureIndex(i as u16);
            }
            pool.push(sig);
            SignatureIndex((pool.len() - 1) as u16)
        }

        /// Adds a constant (no interning).
        pub fn constant(&mut self, type_: SignatureToken, data: Vec<u8>) -> ConstantPoolIndex {
            self.unit.constant_pool.push(Constant { type_, data });
            ConstantPoolIndex((self.unit.constant_pool.len() - 1) as u16)
        }

        /// Adds a metadata entry.
        pub fn metadata(&mut self, key: &[u8], value: &[u8]) {
            self.unit.metadata.push(Metadata {
                key: key.to_vec(),
                value: value.to_vec(),
            });
        }

        /// Declares a struct of another module (handle only).
        pub fn import_struct(
            &mut self,
            module: ModuleHandleIndex,
            name: &str,
            abilities: AbilitySet,
            type_parameters: Vec<StructTypeParameter>,
        ) -> StructHandleIndex {
            let name = self.identifier(name);
            self.unit.struct_handles.push(StructHandle {
                module,
                name,
                abilities,
                type_parameters,
            });
            StructHandleIndex((self.unit.struct_handles.len() - 1) as u16)
        }

        /// Adds a function handle (for imports; definitions use `add_function`).
        pub fn function_handle(
            &mut self,
            module: ModuleHandleIndex,
            name: &str,
            params: Vec<SignatureToken>,
            returns: Vec<SignatureToken>,
            type_parameters: Vec<AbilitySet>,
        ) -> FunctionHandleIndex {
            let name = self.identifier(name);
            let parameters = self.signature(params);
            let return_ = self.signature(returns);
            self.unit.function_handles.push(FunctionHandle {
                module,
                name,
                parameters,
                return_,
                type_parameters,
                access_specifiers: None,
                attributes: vec![],
            });
            FunctionHandleIndex((self.unit.function_handles.len() - 1) as u16)
        }

        /// Adds a function instantiation.
        pub fn function_instantiation(
            &mut self,
            handle: FunctionHandleIndex,
            type_args: Vec<SignatureToken>,
        ) -> FunctionInstantiationIndex {
            let type_parameters = self.signature(type_args);
            self.unit
                .function_instantiations
                .push(FunctionInstantiation {
                    handle,
                    type_parameters,
                });
            FunctionInstantiationIndex((self.unit.function_instantiations.len() - 1) as u16)
        }
    };
}

/// Builds a [`CompiledModule`].
#[derive(Debug, Clone)]
pub struct ModuleBuilder {
    unit: CompiledModule,
}

impl ModuleBuilder {
    /// A module `address::name` at [`VERSION_DEFAULT`], with its self handle at index 0.
    pub fn new(address: AccountAddress, name: &str) -> Self {
        let mut b = Self {
            unit: CompiledModule {
                version: VERSION_DEFAULT,
                ..Default::default()
            },
        };
        b.unit.self_module_handle_idx = b.module_handle(address, name);
        b
    }

    /// Sets the bytecode version.
    #[must_use]
    pub fn with_version(mut self, version: u32) -> Self {
        self.unit.version = version;
        self
    }

    pool_methods!();

    /// The self module handle.
    pub fn self_handle(&self) -> ModuleHandleIndex {
        self.unit.self_module_handle_idx
    }

    /// Defines a struct with fields; returns its handle and definition index.
    pub fn add_struct(
        &mut self,
        name: &str,
        abilities: AbilitySet,
        type_parameters: Vec<StructTypeParameter>,
        fields: Vec<(&str, SignatureToken)>,
    ) -> (StructHandleIndex, StructDefinitionIndex) {
        let me = self.self_handle();
        let h = self.import_struct(me, name, abilities, type_parameters);
        let fields = fields
            .into_iter()
            .map(|(n, t)| FieldDefinition {
                name: self.identifier(n),
                signature: TypeSignature(t),
            })
            .collect();
        self.unit.struct_defs.push(StructDefinition {
            struct_handle: h,
            field_information: StructFieldInformation::Declared(fields),
        });
        (
            h,
            StructDefinitionIndex((self.unit.struct_defs.len() - 1) as u16),
        )
    }

    /// Defines a native struct.
    pub fn add_native_struct(
        &mut self,
        name: &str,
        abilities: AbilitySet,
    ) -> (StructHandleIndex, StructDefinitionIndex) {
        let me = self.self_handle();
        let h = self.import_struct(me, name, abilities, vec![]);
        self.unit.struct_defs.push(StructDefinition {
            struct_handle: h,
            field_information: StructFieldInformation::Native,
        });
        (
            h,
            StructDefinitionIndex((self.unit.struct_defs.len() - 1) as u16),
        )
    }

    /// Defines an enum (v7) with `(variant name, fields)` variants.
    pub fn add_enum(
        &mut self,
        name: &str,
        abilities: AbilitySet,
        type_parameters: Vec<StructTypeParameter>,
        variants: Vec<(&str, Vec<(&str, SignatureToken)>)>,
    ) -> (StructHandleIndex, StructDefinitionIndex) {
        let me = self.self_handle();
        let h = self.import_struct(me, name, abilities, type_parameters);
        let variants = variants
            .into_iter()
            .map(|(vn, fs)| VariantDefinition {
                name: self.identifier(vn),
                fields: fs
                    .into_iter()
                    .map(|(n, t)| FieldDefinition {
                        name: self.identifier(n),
                        signature: TypeSignature(t),
                    })
                    .collect(),
            })
            .collect();
        self.unit.struct_defs.push(StructDefinition {
            struct_handle: h,
            field_information: StructFieldInformation::DeclaredVariants(variants),
        });
        (
            h,
            StructDefinitionIndex((self.unit.struct_defs.len() - 1) as u16),
        )
    }

    /// Defines a function; `code` empty and `native` = [`ModuleBuilder::add_native_function`].
    #[allow(clippy::too_many_arguments)]
    pub fn add_function(
        &mut self,
        name: &str,
        visibility: Visibility,
        is_entry: bool,
        params: Vec<SignatureToken>,
        returns: Vec<SignatureToken>,
        type_parameters: Vec<AbilitySet>,
        locals: Vec<SignatureToken>,
        code: Vec<Bytecode>,
    ) -> (FunctionHandleIndex, FunctionDefinitionIndex) {
        let me = self.self_handle();
        let fh = self.function_handle(me, name, params, returns, type_parameters);
        let locals = self.signature(locals);
        self.unit.function_defs.push(FunctionDefinition {
            function: fh,
            visibility,
            is_entry,
            acquires_global_resources: vec![],
            code: Some(CodeUnit { locals, code }),
        });
        (
            fh,
            FunctionDefinitionIndex((self.unit.function_defs.len() - 1) as u16),
        )
    }

    /// Defines a native function.
    pub fn add_native_function(
        &mut self,
        name: &str,
        visibility: Visibility,
        params: Vec<SignatureToken>,
        returns: Vec<SignatureToken>,
        type_parameters: Vec<AbilitySet>,
    ) -> (FunctionHandleIndex, FunctionDefinitionIndex) {
        let me = self.self_handle();
        let fh = self.function_handle(me, name, params, returns, type_parameters);
        self.unit.function_defs.push(FunctionDefinition {
            function: fh,
            visibility,
            is_entry: false,
            acquires_global_resources: vec![],
            code: None,
        });
        (
            fh,
            FunctionDefinitionIndex((self.unit.function_defs.len() - 1) as u16),
        )
    }

    /// Adds a field handle.
    pub fn field_handle(
        &mut self,
        owner: StructDefinitionIndex,
        field: MemberCount,
    ) -> FieldHandleIndex {
        self.unit.field_handles.push(FieldHandle { owner, field });
        FieldHandleIndex((self.unit.field_handles.len() - 1) as u16)
    }

    /// Adds a field instantiation.
    pub fn field_instantiation(
        &mut self,
        handle: FieldHandleIndex,
        type_args: Vec<SignatureToken>,
    ) -> FieldInstantiationIndex {
        let type_parameters = self.signature(type_args);
        self.unit.field_instantiations.push(FieldInstantiation {
            handle,
            type_parameters,
        });
        FieldInstantiationIndex((self.unit.field_instantiations.len() - 1) as u16)
    }

    /// Adds a struct instantiation.
    pub fn struct_instantiation(
        &mut self,
        def: StructDefinitionIndex,
        type_args: Vec<SignatureToken>,
    ) -> StructDefInstantiationIndex {
        let type_parameters = self.signature(type_args);
        self.unit
            .struct_def_instantiations
            .push(StructDefInstantiation {
                def,
                type_parameters,
            });
        StructDefInstantiationIndex((self.unit.struct_def_instantiations.len() - 1) as u16)
    }

    /// Adds a struct variant handle (v7).
    pub fn struct_variant_handle(
        &mut self,
        struct_index: StructDefinitionIndex,
        variant: VariantIndex,
    ) -> StructVariantHandleIndex {
        self.unit.struct_variant_handles.push(StructVariantHandle {
            struct_index,
            variant,
        });
        StructVariantHandleIndex((self.unit.struct_variant_handles.len() - 1) as u16)
    }

    /// Adds a variant field handle (v7).
    pub fn variant_field_handle(
        &mut self,
        struct_index: StructDefinitionIndex,
        variants: Vec<VariantIndex>,
        field: MemberCount,
    ) -> VariantFieldHandleIndex {
        self.unit.variant_field_handles.push(VariantFieldHandle {
            struct_index,
            variants,
            field,
        });
        VariantFieldHandleIndex((self.unit.variant_field_handles.len() - 1) as u16)
    }

    /// Declares a friend.
    pub fn friend(&mut self, address: AccountAddress, name: &str) {
        let h = ModuleHandle {
            address: self.address(address),
            name: self.identifier(name),
        };
        self.unit.friend_decls.push(h);
    }

    /// Direct access for anything the helpers do not cover.
    pub fn module_mut(&mut self) -> &mut CompiledModule {
        &mut self.unit
    }

    /// The module.
    pub fn build(self) -> CompiledModule {
        self.unit
    }
}

/// Builds a [`CompiledScript`].
#[derive(Debug, Clone)]
pub struct ScriptBuilder {
    unit: CompiledScript,
}

impl Default for ScriptBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ScriptBuilder {
    /// An empty script at [`VERSION_DEFAULT`] (parameters: empty signature, code: empty).
    pub fn new() -> Self {
        let mut b = Self {
            unit: CompiledScript {
                version: VERSION_DEFAULT,
                ..Default::default()
            },
        };
        b.unit.parameters = b.signature(vec![]);
        b.unit.code.locals = b.unit.parameters;
        b
    }

    /// Sets the bytecode version.
    #[must_use]
    pub fn with_version(mut self, version: u32) -> Self {
        self.unit.version = version;
        self
    }

    pool_methods!();

    /// Sets `main`'s parameters, type parameters, locals and code.
    pub fn main(
        &mut self,
        params: Vec<SignatureToken>,
        type_parameters: Vec<AbilitySet>,
        locals: Vec<SignatureToken>,
        code: Vec<Bytecode>,
    ) {
        self.unit.parameters = self.signature(params);
        self.unit.type_parameters = type_parameters;
        self.unit.code = CodeUnit {
            locals: self.signature(locals),
            code,
        };
    }

    /// Direct access.
    pub fn script_mut(&mut self) -> &mut CompiledScript {
        &mut self.unit
    }

    /// The script.
    pub fn build(self) -> CompiledScript {
        self.unit
    }
}
