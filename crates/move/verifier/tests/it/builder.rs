//! A tiny programmatic module builder for verifier tests: every case is a few lines.

#![allow(dead_code)]

use lumio_move_binary_format::file_format::*;
use lumio_move_core_types::{AccountAddress, Identifier};

pub(crate) type ST = SignatureToken;

pub(crate) fn r(t: ST) -> ST {
    ST::Reference(Box::new(t))
}
pub(crate) fn mr(t: ST) -> ST {
    ST::MutableReference(Box::new(t))
}
pub(crate) fn vec_of(t: ST) -> ST {
    ST::Vector(Box::new(t))
}
pub(crate) fn tp(i: u16) -> ST {
    ST::TypeParameter(i)
}

pub(crate) const NONE: AbilitySet = AbilitySet::EMPTY;
pub(crate) const ALL: AbilitySet = AbilitySet::ALL;
pub(crate) fn ab(list: &[Ability]) -> AbilitySet {
    list.iter().copied().collect()
}
pub(crate) fn key() -> AbilitySet {
    ab(&[Ability::Key])
}
pub(crate) fn key_store() -> AbilitySet {
    ab(&[Ability::Key, Ability::Store])
}
pub(crate) fn drop_() -> AbilitySet {
    ab(&[Ability::Drop])
}
pub(crate) fn copy_drop() -> AbilitySet {
    ab(&[Ability::Copy, Ability::Drop])
}

/// Description of one function.
pub(crate) struct Fun {
    pub(crate) name: &'static str,
    pub(crate) tparams: Vec<AbilitySet>,
    pub(crate) params: Vec<ST>,
    pub(crate) rets: Vec<ST>,
    pub(crate) locals: Vec<ST>,
    pub(crate) code: Option<Vec<Bytecode>>,
    pub(crate) visibility: Visibility,
    pub(crate) entry: bool,
    pub(crate) acquires: Vec<StructDefinitionIndex>,
}

impl Fun {
    pub(crate) fn new(
        name: &'static str,
        params: Vec<ST>,
        rets: Vec<ST>,
        locals: Vec<ST>,
        code: Vec<Bytecode>,
    ) -> Self {
        Fun {
            name,
            tparams: vec![],
            params,
            rets,
            locals,
            code: Some(code),
            visibility: Visibility::Public,
            entry: false,
            acquires: vec![],
        }
    }
    pub(crate) fn tparams(mut self, t: Vec<AbilitySet>) -> Self {
        self.tparams = t;
        self
    }
    pub(crate) fn acquires(mut self, a: Vec<StructDefinitionIndex>) -> Self {
        self.acquires = a;
        self
    }
    pub(crate) fn visibility(mut self, v: Visibility) -> Self {
        self.visibility = v;
        self
    }
    pub(crate) fn entry(mut self) -> Self {
        self.entry = true;
        self
    }
    pub(crate) fn native(mut self) -> Self {
        self.code = None;
        self
    }
}

/// Module under construction.
pub(crate) struct B {
    pub(crate) m: CompiledModule,
}

impl B {
    /// `0x1::<name>` with no members.
    pub(crate) fn named(addr: AccountAddress, name: &str) -> Self {
        let mut b = B {
            m: CompiledModule {
                version: 7,
                ..Default::default()
            },
        };
        let a = b.addr(addr);
        let n = b.ident(name);
        b.m.module_handles.push(ModuleHandle {
            address: a,
            name: n,
        });
        b.m.self_module_handle_idx = ModuleHandleIndex(0);
        b
    }

    pub(crate) fn new() -> Self {
        Self::named(AccountAddress::ONE, "M")
    }

    pub(crate) fn addr(&mut self, a: AccountAddress) -> AddressIdentifierIndex {
        if let Some(i) = self.m.address_identifiers.iter().position(|x| *x == a) {
            return AddressIdentifierIndex(i as u16);
        }
        self.m.address_identifiers.push(a);
        AddressIdentifierIndex(self.m.address_identifiers.len() as u16 - 1)
    }

    pub(crate) fn ident(&mut self, s: &str) -> IdentifierIndex {
        if let Some(i) = self.m.identifiers.iter().position(|x| x.as_str() == s) {
            return IdentifierIndex(i as u16);
        }
        self.m
            .identifiers
            .push(Identifier::new(s).expect("valid test identifier"));
        IdentifierIndex(self.m.identifiers.len() as u16 - 1)
    }

    pub(crate) fn sig(&mut self, toks: Vec<ST>) -> SignatureIndex {
        let s = Signature(toks);
        if let Some(i) = self.m.signatures.iter().position(|x| *x == s) {
            return SignatureIndex(i as u16);
        }
        self.m.signatures.push(s);
        SignatureIndex(self.m.signatures.len() as u16 - 1)
    }

    pub(crate) fn module_handle(&mut self, addr: AccountAddress, name: &str) -> ModuleHandleIndex {
        let a = self.addr(addr);
        let n = self.ident(name);
        let h = ModuleHandle {
            address: a,
            name: n,
        };
        if let Some(i) = self.m.module_handles.iter().position(|x| *x == h) {
            return ModuleHandleIndex(i as u16);
        }
        self.m.module_handles.push(h);
        ModuleHandleIndex(self.m.module_handles.len() as u16 - 1)
    }

    /// Struct handle (own or imported).
    pub(crate) fn struct_handle(
        &mut self,
        module: ModuleHandleIndex,
        name: &str,
        abilities: AbilitySet,
        tparams: Vec<(AbilitySet, bool)>,
    ) -> StructHandleIndex {
        let n = self.ident(name);
        self.m.struct_handles.push(StructHandle {
            module,
            name: n,
            abilities,
            type_parameters: tparams
                .into_iter()
                .map(|(constraints, is_phantom)| StructTypeParameter {
                    constraints,
                    is_phantom,
                })
                .collect(),
        });
        StructHandleIndex(self.m.struct_handles.len() as u16 - 1)
    }

    pub(crate) fn struct_(
        &mut self,
        name: &str,
        abilities: AbilitySet,
        tparams: Vec<(AbilitySet, bool)>,
        fields: Vec<(&str, ST)>,
    ) -> (StructHandleIndex, StructDefinitionIndex) {
        let h = self.struct_handle(ModuleHandleIndex(0), name, abilities, tparams);
        let fields = fields
            .into_iter()
            .map(|(n, t)| FieldDefinition {
                name: self.ident(n),
                signature: TypeSignature(t),
            })
            .collect();
        self.m.struct_defs.push(StructDefinition {
            struct_handle: h,
            field_information: StructFieldInformation::Declared(fields),
        });
        (
            h,
            StructDefinitionIndex(self.m.struct_defs.len() as u16 - 1),
        )
    }

    pub(crate) fn enum_(
        &mut self,
        name: &str,
        abilities: AbilitySet,
        tparams: Vec<(AbilitySet, bool)>,
        variants: Vec<(&str, Vec<(&str, ST)>)>,
    ) -> (StructHandleIndex, StructDefinitionIndex) {
        let h = self.struct_handle(ModuleHandleIndex(0), name, abilities, tparams);
        let variants = variants
            .into_iter()
            .map(|(vn, fields)| VariantDefinition {
                name: self.ident(vn),
                fields: fields
                    .into_iter()
                    .map(|(n, t)| FieldDefinition {
                        name: self.ident(n),
                        signature: TypeSignature(t),
                    })
                    .collect(),
            })
            .collect();
        self.m.struct_defs.push(StructDefinition {
            struct_handle: h,
            field_information: StructFieldInformation::DeclaredVariants(variants),
        });
        (
            h,
            StructDefinitionIndex(self.m.struct_defs.len() as u16 - 1),
        )
    }

    pub(crate) fn field(&mut self, owner: StructDefinitionIndex, field: u16) -> FieldHandleIndex {
        self.m.field_handles.push(FieldHandle { owner, field });
        FieldHandleIndex(self.m.field_handles.len() as u16 - 1)
    }

    pub(crate) fn field_inst(
        &mut self,
        handle: FieldHandleIndex,
        args: Vec<ST>,
    ) -> FieldInstantiationIndex {
        let s = self.sig(args);
        self.m.field_instantiations.push(FieldInstantiation {
            handle,
            type_parameters: s,
        });
        FieldInstantiationIndex(self.m.field_instantiations.len() as u16 - 1)
    }

    pub(crate) fn struct_inst(
        &mut self,
        def: StructDefinitionIndex,
        args: Vec<ST>,
    ) -> StructDefInstantiationIndex {
        let s = self.sig(args);
        self.m
            .struct_def_instantiations
            .push(StructDefInstantiation {
                def,
                type_parameters: s,
            });
        StructDefInstantiationIndex(self.m.struct_def_instantiations.len() as u16 - 1)
    }

    pub(crate) fn variant(
        &mut self,
        struct_index: StructDefinitionIndex,
        variant: u16,
    ) -> StructVariantHandleIndex {
        self.m.struct_variant_handles.push(StructVariantHandle {
            struct_index,
            variant,
        });
        StructVariantHandleIndex(self.m.struct_variant_handles.len() as u16 - 1)
    }

    pub(crate) fn variant_field(
        &mut self,
        struct_index: StructDefinitionIndex,
        variants: Vec<u16>,
        field: u16,
    ) -> VariantFieldHandleIndex {
        self.m.variant_field_handles.push(VariantFieldHandle {
            struct_index,
            variants,
            field,
        });
        VariantFieldHandleIndex(self.m.variant_field_handles.len() as u16 - 1)
    }

    pub(crate) fn fun_inst(
        &mut self,
        handle: FunctionHandleIndex,
        args: Vec<ST>,
    ) -> FunctionInstantiationIndex {
        let s = self.sig(args);
        self.m.function_instantiations.push(FunctionInstantiation {
            handle,
            type_parameters: s,
        });
        FunctionInstantiationIndex(self.m.function_instantiations.len() as u16 - 1)
    }

    pub(crate) fn constant(&mut self, type_: ST, data: Vec<u8>) -> ConstantPoolIndex {
        self.m.constant_pool.push(Constant { type_, data });
        ConstantPoolIndex(self.m.constant_pool.len() as u16 - 1)
    }

    /// Function handle (own or imported).
    pub(crate) fn fun_handle(
        &mut self,
        module: ModuleHandleIndex,
        name: &str,
        tparams: Vec<AbilitySet>,
        params: Vec<ST>,
        rets: Vec<ST>,
    ) -> FunctionHandleIndex {
        let n = self.ident(name);
        let p = self.sig(params);
        let r = self.sig(rets);
        self.m.function_handles.push(FunctionHandle {
            module,
            name: n,
            parameters: p,
            return_: r,
            type_parameters: tparams,
            access_specifiers: None,
            attributes: vec![],
        });
        FunctionHandleIndex(self.m.function_handles.len() as u16 - 1)
    }

    /// Defines a function; returns its handle index (for `Call`).
    pub(crate) fn fun(&mut self, f: Fun) -> FunctionHandleIndex {
        let h = self.fun_handle(ModuleHandleIndex(0), f.name, f.tparams, f.params, f.rets);
        let locals = self.sig(f.locals);
        self.m.function_defs.push(FunctionDefinition {
            function: h,
            visibility: f.visibility,
            is_entry: f.entry,
            acquires_global_resources: f.acquires,
            code: f.code.map(|code| CodeUnit { locals, code }),
        });
        h
    }

    /// Shortcut: `public fun name(params): rets { locals; code }`.
    pub(crate) fn f(
        &mut self,
        name: &'static str,
        params: Vec<ST>,
        rets: Vec<ST>,
        locals: Vec<ST>,
        code: Vec<Bytecode>,
    ) -> FunctionHandleIndex {
        self.fun(Fun::new(name, params, rets, locals, code))
    }

    pub(crate) fn friend(&mut self, addr: AccountAddress, name: &str) {
        let a = self.addr(addr);
        let n = self.ident(name);
        self.m.friend_decls.push(ModuleHandle {
            address: a,
            name: n,
        });
    }

    pub(crate) fn build(self) -> CompiledModule {
        self.m
    }
}

/// A module with one function `f` and nothing else.
pub(crate) fn one_fun(
    params: Vec<ST>,
    rets: Vec<ST>,
    locals: Vec<ST>,
    code: Vec<Bytecode>,
) -> CompiledModule {
    let mut b = B::new();
    b.f("f", params, rets, locals, code);
    b.build()
}

/// A v6 script taking `params`, with `code` and no locals.
pub(crate) fn script(params: Vec<ST>, code: Vec<Bytecode>) -> CompiledScript {
    let mut s = CompiledScript {
        version: 6,
        ..Default::default()
    };
    let empty = params.is_empty();
    s.signatures.push(Signature(params));
    if !empty {
        s.signatures.push(Signature(vec![]));
    }
    s.parameters = SignatureIndex(0);
    s.code = CodeUnit {
        locals: SignatureIndex(if empty { 0 } else { 1 }),
        code,
    };
    s
}

/// `depth` loops nested in one another (heads at 0..depth, back edges innermost first), then
/// `Ret`.
pub(crate) fn nested_loops(depth: u16) -> Vec<Bytecode> {
    let mut code = vec![Bytecode::Nop; usize::from(depth)];
    for head in (0..depth).rev() {
        code.push(Bytecode::LdFalse);
        code.push(Bytecode::BrTrue(head));
    }
    code.push(Bytecode::Ret);
    code
}

/// `n` basic blocks: a chain of `n - 1` branches, each to the next instruction, then `Ret`.
pub(crate) fn blocks(n: u16) -> Vec<Bytecode> {
    let mut code: Vec<Bytecode> = (1..n).map(Bytecode::Branch).collect();
    code.push(Bytecode::Ret);
    code
}
