//! The pools and handles of the unit being built: one [`Context`] per module or script.
//!
//! The binary-format builder owns the unit and interns identifiers, addresses, module handles
//! and signatures; this layer adds the interning the builder leaves to its callers (struct and
//! function handles by program id, field handles, instantiations, variant handles, constants)
//! and translates program [`Type`]s to [`SignatureToken`]s. Everything is created in first-use
//! order while the module is walked in source order, so the output is deterministic; the hash
//! maps here are lookups only, never iterated.

use std::collections::HashMap;

use lumio_move_binary_format::builder::{ModuleBuilder, ScriptBuilder};
use lumio_move_binary_format::file_format::{
    AbilitySet, AddressIdentifierIndex, CompiledModule, CompiledScript, ConstantPoolIndex,
    FieldHandleIndex, FieldInstantiationIndex, FunctionHandleIndex, FunctionInstantiationIndex,
    ModuleHandleIndex, SignatureIndex, SignatureToken, StructDefInstantiationIndex,
    StructDefinitionIndex, StructHandleIndex, StructTypeParameter, StructVariantHandleIndex,
    StructVariantInstantiation, StructVariantInstantiationIndex, VariantFieldHandleIndex,
    VariantFieldInstantiation, VariantFieldInstantiationIndex,
};
use lumio_move_core_types::account_address::AccountAddress;
use lumio_move_core_types::value::MoveValue;

use crate::model::{
    FunDecl, FunId, ModuleId, ModuleIdx, Program, StructDecl, StructId, StructLayout, Type,
};
use crate::tast::ConstValue;

/// Why a context operation failed: a compiler bug (the typed tree broke an invariant code
/// generation relies on) or a bytecode limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum GenError {
    /// An internal inconsistency; the message says what.
    Bug(String),
    /// A limit of the bytecode format.
    Limit(String),
    /// A construct code generation does not handle yet.
    Unsupported(String),
}

pub(crate) type GenResult<T> = Result<T, GenError>;

pub(crate) fn bug<T>(msg: impl Into<String>) -> GenResult<T> {
    Err(GenError::Bug(msg.into()))
}

/// The unit under construction.
#[derive(Debug)]
pub(crate) enum UnitBuilder {
    Module(ModuleBuilder),
    Script(ScriptBuilder),
}

macro_rules! forward {
    ($self:ident, $b:ident => $e:expr) => {
        match $self {
            UnitBuilder::Module($b) => $e,
            UnitBuilder::Script($b) => $e,
        }
    };
}

impl UnitBuilder {
    pub(crate) fn address(&mut self, a: AccountAddress) -> AddressIdentifierIndex {
        forward!(self, b => b.address(a))
    }
    pub(crate) fn module_handle(&mut self, a: AccountAddress, name: &str) -> ModuleHandleIndex {
        forward!(self, b => b.module_handle(a, name))
    }
    pub(crate) fn signature(&mut self, tokens: Vec<SignatureToken>) -> SignatureIndex {
        forward!(self, b => b.signature(tokens))
    }
    fn constant(&mut self, ty: SignatureToken, data: Vec<u8>) -> ConstantPoolIndex {
        forward!(self, b => b.constant(ty, data))
    }
    pub(crate) fn metadata(&mut self, key: &[u8], value: &[u8]) {
        forward!(self, b => b.metadata(key, value));
    }
    fn import_struct(
        &mut self,
        module: ModuleHandleIndex,
        name: &str,
        abilities: AbilitySet,
        tps: Vec<StructTypeParameter>,
    ) -> StructHandleIndex {
        forward!(self, b => b.import_struct(module, name, abilities, tps))
    }
    pub(crate) fn function_handle(
        &mut self,
        module: ModuleHandleIndex,
        name: &str,
        params: Vec<SignatureToken>,
        returns: Vec<SignatureToken>,
        tps: Vec<AbilitySet>,
    ) -> FunctionHandleIndex {
        forward!(self, b => b.function_handle(module, name, params, returns, tps))
    }
    fn function_instantiation(
        &mut self,
        h: FunctionHandleIndex,
        args: Vec<SignatureToken>,
    ) -> FunctionInstantiationIndex {
        forward!(self, b => b.function_instantiation(h, args))
    }

    pub(crate) fn module(&mut self) -> GenResult<&mut ModuleBuilder> {
        match self {
            UnitBuilder::Module(b) => Ok(b),
            UnitBuilder::Script(_) => bug("a struct operation in a script"),
        }
    }

    /// Sizes of the pools indexed by `u16`, with their names (checked before building).
    pub(crate) fn pool_sizes(&mut self) -> Vec<(&'static str, usize)> {
        match self {
            UnitBuilder::Module(b) => {
                let m: &CompiledModule = b.module_mut();
                vec![
                    ("module handles", m.module_handles.len()),
                    ("struct handles", m.struct_handles.len()),
                    ("function handles", m.function_handles.len()),
                    ("field handles", m.field_handles.len()),
                    ("struct instantiations", m.struct_def_instantiations.len()),
                    ("function instantiations", m.function_instantiations.len()),
                    ("field instantiations", m.field_instantiations.len()),
                    ("signatures", m.signatures.len()),
                    ("identifiers", m.identifiers.len()),
                    ("addresses", m.address_identifiers.len()),
                    ("constants", m.constant_pool.len()),
                    ("struct definitions", m.struct_defs.len()),
                    ("function definitions", m.function_defs.len()),
                    ("variant handles", m.struct_variant_handles.len()),
                    (
                        "variant instantiations",
                        m.struct_variant_instantiations.len(),
                    ),
                    ("variant field handles", m.variant_field_handles.len()),
                    (
                        "variant field instantiations",
                        m.variant_field_instantiations.len(),
                    ),
                ]
            }
            UnitBuilder::Script(b) => {
                let s: &CompiledScript = b.script_mut();
                vec![
                    ("module handles", s.module_handles.len()),
                    ("struct handles", s.struct_handles.len()),
                    ("function handles", s.function_handles.len()),
                    ("function instantiations", s.function_instantiations.len()),
                    ("signatures", s.signatures.len()),
                    ("identifiers", s.identifiers.len()),
                    ("addresses", s.address_identifiers.len()),
                    ("constants", s.constant_pool.len()),
                ]
            }
        }
    }
}

/// Pools, handles and their lookups for one unit.
#[derive(Debug)]
pub(crate) struct Context<'a> {
    pub(crate) program: &'a Program,
    /// The module being compiled (`None` for a script).
    pub(crate) module: Option<ModuleIdx>,
    pub(crate) unit: UnitBuilder,
    /// The bytecode version (6 or 7).
    pub(crate) version: u32,
    struct_handles: HashMap<StructId, StructHandleIndex>,
    /// Definitions of the module's own structs.
    pub(crate) struct_defs: HashMap<StructId, StructDefinitionIndex>,
    fun_handles: HashMap<FunId, FunctionHandleIndex>,
    field_handles: HashMap<(StructDefinitionIndex, u16), FieldHandleIndex>,
    field_insts: HashMap<(FieldHandleIndex, SignatureIndex), FieldInstantiationIndex>,
    struct_insts: HashMap<(StructDefinitionIndex, SignatureIndex), StructDefInstantiationIndex>,
    fun_insts: HashMap<(FunctionHandleIndex, SignatureIndex), FunctionInstantiationIndex>,
    variant_handles: HashMap<(StructDefinitionIndex, u16), StructVariantHandleIndex>,
    variant_insts:
        HashMap<(StructVariantHandleIndex, SignatureIndex), StructVariantInstantiationIndex>,
    variant_field_handles: HashMap<(StructDefinitionIndex, Vec<u16>, u16), VariantFieldHandleIndex>,
    variant_field_insts:
        HashMap<(VariantFieldHandleIndex, SignatureIndex), VariantFieldInstantiationIndex>,
    constants: HashMap<(SignatureToken, Vec<u8>), ConstantPoolIndex>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(
        program: &'a Program,
        module: Option<ModuleIdx>,
        unit: UnitBuilder,
        version: u32,
    ) -> Self {
        Self {
            program,
            module,
            unit,
            version,
            struct_handles: HashMap::new(),
            struct_defs: HashMap::new(),
            fun_handles: HashMap::new(),
            field_handles: HashMap::new(),
            field_insts: HashMap::new(),
            struct_insts: HashMap::new(),
            fun_insts: HashMap::new(),
            variant_handles: HashMap::new(),
            variant_insts: HashMap::new(),
            variant_field_handles: HashMap::new(),
            variant_field_insts: HashMap::new(),
            constants: HashMap::new(),
        }
    }

    /// Records the handle of one of the module's own structs (created by the assembler).
    pub(crate) fn set_struct_handle(&mut self, id: StructId, h: StructHandleIndex) {
        self.struct_handles.insert(id, h);
    }

    /// Records the handle of one of the module's own functions.
    pub(crate) fn set_fun_handle(&mut self, id: FunId, h: FunctionHandleIndex) {
        self.fun_handles.insert(id, h);
    }

    /// The handle of `id`'s module (the self handle for the module's own members).
    fn module_handle_of(&mut self, m: ModuleIdx) -> ModuleHandleIndex {
        let id = &self.program.module(m).id;
        self.unit.module_handle(id.address, &id.name)
    }

    /// The struct handle of `id` (imported on first use).
    pub(crate) fn struct_handle(&mut self, id: StructId) -> GenResult<StructHandleIndex> {
        if let Some(h) = self.struct_handles.get(&id) {
            return Ok(*h);
        }
        let Some(decl) = self
            .program
            .modules
            .get(id.module.0 as usize)
            .and_then(|m| m.structs.get(id.index as usize))
        else {
            return bug(format!("unknown struct {id:?}"));
        };
        if self.module == Some(id.module) {
            return bug(format!(
                "struct `{}` of this module has no definition (test-only?)",
                decl.name
            ));
        }
        let mh = self.module_handle_of(id.module);
        let tps = decl
            .type_params
            .iter()
            .map(|tp| StructTypeParameter {
                constraints: tp.constraints,
                is_phantom: tp.phantom,
            })
            .collect();
        let h = self.unit.import_struct(mh, &decl.name, decl.abilities, tps);
        self.struct_handles.insert(id, h);
        Ok(h)
    }

    /// The signature token of a type that can live in bytecode.
    pub(crate) fn sig(&mut self, ty: &Type) -> GenResult<SignatureToken> {
        Ok(match ty {
            Type::Bool => SignatureToken::Bool,
            Type::U8 => SignatureToken::U8,
            Type::U16 => SignatureToken::U16,
            Type::U32 => SignatureToken::U32,
            Type::U64 => SignatureToken::U64,
            Type::U128 => SignatureToken::U128,
            Type::U256 => SignatureToken::U256,
            Type::Address => SignatureToken::Address,
            Type::Signer => SignatureToken::Signer,
            Type::Vector(t) => SignatureToken::Vector(Box::new(self.sig(t)?)),
            Type::Struct(id, args) => {
                let h = self.struct_handle(*id)?;
                if args.is_empty() {
                    SignatureToken::Struct(h)
                } else {
                    SignatureToken::StructInstantiation(h, self.sigs(args)?)
                }
            }
            Type::Param(i) => SignatureToken::TypeParameter(*i),
            Type::Ref(false, t) => SignatureToken::Reference(Box::new(self.sig(t)?)),
            Type::Ref(true, t) => SignatureToken::MutableReference(Box::new(self.sig(t)?)),
            Type::Tuple(_) | Type::Fun(..) | Type::Var(_) | Type::Error => {
                return bug(format!("type {ty:?} has no bytecode form"));
            }
        })
    }

    pub(crate) fn sigs(&mut self, tys: &[Type]) -> GenResult<Vec<SignatureToken>> {
        tys.iter().map(|t| self.sig(t)).collect()
    }

    pub(crate) fn signature_of(&mut self, tys: &[Type]) -> GenResult<SignatureIndex> {
        let tokens = self.sigs(tys)?;
        Ok(self.unit.signature(tokens))
    }

    /// The function handle of `id` (imported on first use).
    pub(crate) fn fun_handle(&mut self, id: FunId) -> GenResult<FunctionHandleIndex> {
        if let Some(h) = self.fun_handles.get(&id) {
            return Ok(*h);
        }
        let program = self.program;
        let Some(decl) = program
            .modules
            .get(id.module.0 as usize)
            .and_then(|m| m.functions.get(id.index as usize))
        else {
            return bug(format!("unknown function {id:?}"));
        };
        if self.module == Some(id.module) {
            return bug(format!(
                "call of `{}`, a function of this module that is not compiled (inline or \
                 test-only)",
                decl.name
            ));
        }
        let mh = self.module_handle_of(id.module);
        let params: Vec<Type> = decl.params.iter().map(|(_, t)| t.clone()).collect();
        let params = self.sigs(&params)?;
        let returns = self.sigs(&decl.returns)?;
        let tps = decl.type_params.iter().map(|tp| tp.constraints).collect();
        let h = self
            .unit
            .function_handle(mh, &decl.name, params, returns, tps);
        self.fun_handles.insert(id, h);
        Ok(h)
    }

    /// A function instantiation of `id` with `targs`.
    pub(crate) fn fun_inst(
        &mut self,
        id: FunId,
        targs: &[Type],
    ) -> GenResult<FunctionInstantiationIndex> {
        let h = self.fun_handle(id)?;
        let sig = self.signature_of(targs)?;
        if let Some(i) = self.fun_insts.get(&(h, sig)) {
            return Ok(*i);
        }
        let tokens = self.sigs(targs)?;
        let i = self.unit.function_instantiation(h, tokens);
        self.fun_insts.insert((h, sig), i);
        Ok(i)
    }

    /// The definition of one of the module's own structs.
    pub(crate) fn struct_def(&self, id: StructId) -> GenResult<StructDefinitionIndex> {
        match self.struct_defs.get(&id) {
            Some(d) => Ok(*d),
            None => bug(format!(
                "struct {id:?} is not defined by the module being compiled"
            )),
        }
    }

    /// A struct instantiation of one of the module's own structs.
    pub(crate) fn struct_inst(
        &mut self,
        id: StructId,
        targs: &[Type],
    ) -> GenResult<StructDefInstantiationIndex> {
        let def = self.struct_def(id)?;
        let sig = self.signature_of(targs)?;
        if let Some(i) = self.struct_insts.get(&(def, sig)) {
            return Ok(*i);
        }
        let tokens = self.sigs(targs)?;
        let i = self.unit.module()?.struct_instantiation(def, tokens);
        self.struct_insts.insert((def, sig), i);
        Ok(i)
    }

    pub(crate) fn field_handle(&mut self, id: StructId, field: u16) -> GenResult<FieldHandleIndex> {
        let def = self.struct_def(id)?;
        if let Some(h) = self.field_handles.get(&(def, field)) {
            return Ok(*h);
        }
        let h = self.unit.module()?.field_handle(def, field);
        self.field_handles.insert((def, field), h);
        Ok(h)
    }

    pub(crate) fn field_inst(
        &mut self,
        id: StructId,
        field: u16,
        targs: &[Type],
    ) -> GenResult<FieldInstantiationIndex> {
        let h = self.field_handle(id, field)?;
        let sig = self.signature_of(targs)?;
        if let Some(i) = self.field_insts.get(&(h, sig)) {
            return Ok(*i);
        }
        let tokens = self.sigs(targs)?;
        let i = self.unit.module()?.field_instantiation(h, tokens);
        self.field_insts.insert((h, sig), i);
        Ok(i)
    }

    fn check_enums(&self) -> GenResult<()> {
        if self.version < 7 {
            return Err(GenError::Limit(format!(
                "enums need bytecode version 7 (compiling for version {})",
                self.version
            )));
        }
        Ok(())
    }

    pub(crate) fn variant_handle(
        &mut self,
        id: StructId,
        variant: u16,
    ) -> GenResult<StructVariantHandleIndex> {
        self.check_enums()?;
        let def = self.struct_def(id)?;
        if let Some(h) = self.variant_handles.get(&(def, variant)) {
            return Ok(*h);
        }
        let h = self.unit.module()?.struct_variant_handle(def, variant);
        self.variant_handles.insert((def, variant), h);
        Ok(h)
    }

    pub(crate) fn variant_inst(
        &mut self,
        id: StructId,
        variant: u16,
        targs: &[Type],
    ) -> GenResult<StructVariantInstantiationIndex> {
        let handle = self.variant_handle(id, variant)?;
        let sig = self.signature_of(targs)?;
        if let Some(i) = self.variant_insts.get(&(handle, sig)) {
            return Ok(*i);
        }
        let m = self.unit.module()?.module_mut();
        m.struct_variant_instantiations
            .push(StructVariantInstantiation {
                handle,
                type_parameters: sig,
            });
        let i = StructVariantInstantiationIndex((m.struct_variant_instantiations.len() - 1) as u16);
        self.variant_insts.insert((handle, sig), i);
        Ok(i)
    }

    pub(crate) fn variant_field_handle(
        &mut self,
        id: StructId,
        variants: &[u16],
        field: u16,
    ) -> GenResult<VariantFieldHandleIndex> {
        self.check_enums()?;
        let def = self.struct_def(id)?;
        let key = (def, variants.to_vec(), field);
        if let Some(h) = self.variant_field_handles.get(&key) {
            return Ok(*h);
        }
        let h = self
            .unit
            .module()?
            .variant_field_handle(def, variants.to_vec(), field);
        self.variant_field_handles.insert(key, h);
        Ok(h)
    }

    pub(crate) fn variant_field_inst(
        &mut self,
        id: StructId,
        variants: &[u16],
        field: u16,
        targs: &[Type],
    ) -> GenResult<VariantFieldInstantiationIndex> {
        let handle = self.variant_field_handle(id, variants, field)?;
        let sig = self.signature_of(targs)?;
        if let Some(i) = self.variant_field_insts.get(&(handle, sig)) {
            return Ok(*i);
        }
        let m = self.unit.module()?.module_mut();
        m.variant_field_instantiations
            .push(VariantFieldInstantiation {
                handle,
                type_parameters: sig,
            });
        let i = VariantFieldInstantiationIndex((m.variant_field_instantiations.len() - 1) as u16);
        self.variant_field_insts.insert((handle, sig), i);
        Ok(i)
    }

    /// A constant of type `ty` (a vector or an address) holding `value`, interned.
    pub(crate) fn constant(
        &mut self,
        ty: &Type,
        value: &ConstValue,
    ) -> GenResult<ConstantPoolIndex> {
        let token = self.sig(ty)?;
        let Some(data) = to_move_value(value).simple_serialize() else {
            return bug("constant does not serialize");
        };
        let key = (token, data);
        if let Some(i) = self.constants.get(&key) {
            return Ok(*i);
        }
        let i = self.unit.constant(key.0.clone(), key.1.clone());
        self.constants.insert(key, i);
        Ok(i)
    }

    /// The declaration of struct `id` (a bug if the id is out of range).
    pub(crate) fn struct_decl(&self, id: StructId) -> GenResult<&'a StructDecl> {
        let program: &'a Program = self.program;
        match program
            .modules
            .get(id.module.0 as usize)
            .and_then(|m| m.structs.get(id.index as usize))
        {
            Some(d) => Ok(d),
            None => bug(format!("unknown struct {id:?}")),
        }
    }

    /// The declaration of function `id` and its module's id.
    pub(crate) fn fun_decl(&self, id: FunId) -> GenResult<(&'a FunDecl, &'a ModuleId)> {
        let program: &'a Program = self.program;
        match program
            .modules
            .get(id.module.0 as usize)
            .and_then(|m| m.functions.get(id.index as usize).map(|f| (f, &m.id)))
        {
            Some(d) => Ok(d),
            None => bug(format!("unknown function {id:?}")),
        }
    }

    /// Whether struct `id` is a struct without fields: bytecode has no empty structs, so it
    /// gets one field `dummy_field: bool` (always `false`), as the Move compilers do.
    pub(crate) fn is_empty_struct(&self, id: StructId) -> GenResult<bool> {
        Ok(matches!(&self.struct_decl(id)?.layout, StructLayout::Fields(fs) if fs.is_empty()))
    }

    /// Whether struct `id` is an enum.
    pub(crate) fn is_enum(&self, id: StructId) -> GenResult<bool> {
        Ok(matches!(
            self.struct_decl(id)?.layout,
            StructLayout::Variants(_)
        ))
    }
}

/// The BCS value of a folded constant.
pub(crate) fn to_move_value(v: &ConstValue) -> MoveValue {
    match v {
        ConstValue::Bool(b) => MoveValue::Bool(*b),
        ConstValue::U8(x) => MoveValue::U8(*x),
        ConstValue::U16(x) => MoveValue::U16(*x),
        ConstValue::U32(x) => MoveValue::U32(*x),
        ConstValue::U64(x) => MoveValue::U64(*x),
        ConstValue::U128(x) => MoveValue::U128(*x),
        ConstValue::U256(x) => MoveValue::U256(*x),
        ConstValue::Address(a) => MoveValue::Address(*a),
        ConstValue::Vector(vs) => MoveValue::Vector(vs.iter().map(to_move_value).collect()),
    }
}
