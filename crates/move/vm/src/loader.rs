//! The loader: fetches modules from a [`ModuleStorage`], deserializes, verifies (bytecode
//! verifier with the production configuration) and link-checks them against their loaded
//! dependencies, binds native functions, and caches the result.
//!
//! The cache is `Send + Sync` and meant to be shared by the sessions of many threads: a
//! [`LoadedModule`] holds no runtime values, only code and resolved types. One loader serves
//! one module store: modules are cached by id.

mod depth;
mod script;

use std::sync::{Arc, OnceLock, RwLock};

use rustc_hash::FxHashMap as HashMap;

use lumio_move_binary_format::file_format::{
    AbilitySet, Bytecode, CompiledModule, Constant, FunctionDefinitionIndex, SignatureIndex,
    SignatureToken, StructFieldInformation, StructHandleIndex, Visibility,
};
use lumio_move_core_types::{
    Identifier, ModuleId, MoveStructLayout, MoveTypeLayout, StatusCode, TypeTag,
};
use lumio_move_verifier::VerifierConfig;

use crate::{
    errors::{Location, PartialVMError, PartialVMResult, VMError, invariant},
    natives::{NativeFunction, NativeTable},
    types::{StructName, Type},
};

/// Where the loader finds published modules.
pub trait ModuleStorage {
    /// The bytes of module `id`, `None` if it is not published.
    fn module_bytes(&self, id: &ModuleId) -> Option<Vec<u8>>;
}

/// What a struct definition declares.
#[derive(Debug)]
pub enum StructLayout {
    /// A struct's field types (type parameters unsubstituted).
    Fields(Vec<Type>),
    /// An enum's variants: name and field types.
    Variants(Vec<(Identifier, Vec<Type>)>),
}

/// A struct or enum definition, with types resolved.
#[derive(Debug)]
pub struct StructInfo {
    /// Defining module and name.
    pub name: Arc<StructName>,
    /// Declared abilities.
    pub abilities: AbilitySet,
    /// Number of type parameters.
    pub type_param_count: usize,
    /// Which type parameters are phantom.
    pub phantoms: Vec<bool>,
    /// Fields or variants.
    pub layout: StructLayout,
    /// Storage key and BCS layout of a non-generic struct, computed on first use.
    pub(crate) resolved: OnceLock<(lumio_move_core_types::StructTag, MoveTypeLayout)>,
    /// How deep a value of the struct is, given its type arguments' depths; computed on first
    /// use.
    pub(crate) depth: OnceLock<depth::DepthFormula>,
}

/// A function definition, with types resolved.
#[derive(Debug)]
pub struct FunctionInfo {
    /// Its name.
    pub name: Identifier,
    /// Index of the definition in its module.
    pub def_idx: FunctionDefinitionIndex,
    /// Parameter types.
    pub params: Vec<Type>,
    /// Return types.
    pub returns: Vec<Type>,
    /// Number of locals, parameters included.
    pub local_count: usize,
    /// Constraints of the type parameters.
    pub type_params: Vec<AbilitySet>,
    /// `entry` function.
    pub is_entry: bool,
    /// Declared visibility.
    pub visibility: Visibility,
    /// The code (empty for a native).
    pub code: Vec<Bytecode>,
    /// The Rust implementation of a native function.
    pub native: Option<NativeFunction>,
}

/// A verified, linked module ready to run.
#[derive(Debug)]
pub struct LoadedModule {
    /// Its id.
    pub id: ModuleId,
    /// The bytecode.
    pub module: CompiledModule,
    /// Struct handle index -> defining module and name.
    struct_names: Vec<Arc<StructName>>,
    /// Struct definitions, by definition index.
    pub structs: Vec<Arc<StructInfo>>,
    /// Function definitions, by definition index.
    pub functions: Vec<Arc<FunctionInfo>>,
    struct_by_name: HashMap<Identifier, usize>,
    function_by_name: HashMap<Identifier, usize>,
    /// Signature index -> types.
    signatures: Vec<Vec<Type>>,
    /// Function handle index -> callee in another module, resolved on first call.
    calls: Vec<OnceLock<(Arc<LoadedModule>, usize)>>,
    /// The modules it imports, loaded (dependencies are acyclic: no reference cycle).
    deps: Vec<Arc<LoadedModule>>,
}

impl LoadedModule {
    /// The struct definition named `name`.
    pub fn struct_named(&self, name: &str) -> Option<&Arc<StructInfo>> {
        self.struct_by_name
            .get(name)
            .and_then(|i| self.structs.get(*i))
    }

    /// The function definition named `name`.
    pub fn function_named(&self, name: &str) -> Option<&Arc<FunctionInfo>> {
        self.function_by_name
            .get(name)
            .and_then(|i| self.functions.get(*i))
    }

    /// The types of signature `idx`.
    pub fn signature(&self, idx: SignatureIndex) -> PartialVMResult<&[Type]> {
        self.signatures
            .get(usize::from(idx.0))
            .map(Vec::as_slice)
            .ok_or_else(|| invariant("signature index out of range"))
    }

    /// The struct named by struct handle `idx`.
    pub fn struct_name(&self, idx: StructHandleIndex) -> PartialVMResult<&Arc<StructName>> {
        self.struct_names
            .get(usize::from(idx.0))
            .ok_or_else(|| invariant("struct handle out of range"))
    }

    /// The constant `idx`.
    pub fn constant(&self, idx: u16) -> PartialVMResult<&Constant> {
        self.module
            .constant_pool
            .get(usize::from(idx))
            .ok_or_else(|| invariant("constant index out of range"))
    }
}

/// Converts a signature token of `m` (whose struct handles are `names`) to a runtime type.
pub(crate) fn to_type(names: &[Arc<StructName>], tok: &SignatureToken) -> PartialVMResult<Type> {
    use SignatureToken as S;
    Ok(match tok {
        S::Bool => Type::Bool,
        S::U8 => Type::U8,
        S::U16 => Type::U16,
        S::U32 => Type::U32,
        S::U64 => Type::U64,
        S::U128 => Type::U128,
        S::U256 => Type::U256,
        S::Address => Type::Address,
        S::Signer => Type::Signer,
        S::Vector(t) => Type::Vector(Box::new(to_type(names, t)?)),
        S::Struct(h) => Type::Struct(
            names
                .get(usize::from(h.0))
                .cloned()
                .ok_or_else(|| invariant("struct handle out of range"))?,
            vec![],
        ),
        S::StructInstantiation(h, args) => Type::Struct(
            names
                .get(usize::from(h.0))
                .cloned()
                .ok_or_else(|| invariant("struct handle out of range"))?,
            args.iter()
                .map(|a| to_type(names, a))
                .collect::<PartialVMResult<_>>()?,
        ),
        S::Reference(t) => Type::Reference(Box::new(to_type(names, t)?)),
        S::MutableReference(t) => Type::MutableReference(Box::new(to_type(names, t)?)),
        S::TypeParameter(i) => Type::TyParam(*i),
        other => {
            return Err(PartialVMError::new(StatusCode::FEATURE_NOT_ENABLED)
                .with_message(format!("type {other:?} is not supported by this VM")));
        }
    })
}

/// Most modules one load may pull in through dependencies (Aptos's loader bound is 256 deep).
const MAX_DEPENDENCY_DEPTH: usize = 256;

/// The code cache.
pub struct Loader {
    cache: RwLock<HashMap<ModuleId, Arc<LoadedModule>>>,
    natives: NativeTable,
    config: VerifierConfig,
}

impl std::fmt::Debug for Loader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Loader").finish_non_exhaustive()
    }
}

impl Loader {
    /// A loader binding `natives`, verifying with the production configuration.
    pub fn new(natives: NativeTable) -> Self {
        Self::with_config(natives, VerifierConfig::production())
    }

    /// A loader with a verifier configuration of choice.
    pub fn with_config(natives: NativeTable, config: VerifierConfig) -> Self {
        Loader {
            cache: RwLock::new(HashMap::default()),
            natives,
            config,
        }
    }

    /// The module `id`, loading it (and its dependencies) on first use.
    pub fn load_module(
        &self,
        id: &ModuleId,
        storage: &dyn ModuleStorage,
    ) -> Result<Arc<LoadedModule>, VMError> {
        self.load(id, storage, &mut Vec::new())
    }

    fn cached(&self, id: &ModuleId) -> Option<Arc<LoadedModule>> {
        self.cache.read().ok().and_then(|c| c.get(id).cloned())
    }

    fn load(
        &self,
        id: &ModuleId,
        storage: &dyn ModuleStorage,
        visiting: &mut Vec<ModuleId>,
    ) -> Result<Arc<LoadedModule>, VMError> {
        if let Some(m) = self.cached(id) {
            return Ok(m);
        }
        let loc = || Location::Module(id.clone());
        if visiting.contains(id) {
            return Err(PartialVMError::new(StatusCode::CYCLIC_MODULE_DEPENDENCY)
                .with_message(format!("{id} depends on itself"))
                .finish(loc()));
        }
        if visiting.len() >= MAX_DEPENDENCY_DEPTH {
            return Err(
                PartialVMError::new(StatusCode::MAX_DEPENDENCY_DEPTH_REACHED).finish(loc()),
            );
        }
        let bytes = storage.module_bytes(id).ok_or_else(|| {
            PartialVMError::new(StatusCode::LINKER_ERROR)
                .with_message(format!("module {id} is not published"))
                .finish(loc())
        })?;
        let module = CompiledModule::deserialize(&bytes).map_err(|e| e.finish(loc()))?;
        let self_id = module.self_id().map_err(|e| e.finish(loc()))?;
        if &self_id != id {
            return Err(PartialVMError::new(StatusCode::LINKER_ERROR)
                .with_message(format!("module stored as {id} is {self_id}"))
                .finish(loc()));
        }
        lumio_move_verifier::verify_module_with_config(&self.config, &module)?;
        // Dependencies first; the link check then sees their whole closure.
        visiting.push(id.clone());
        let mut imm_deps = Vec::new();
        let mut closure: Vec<Arc<LoadedModule>> = Vec::new();
        let imm = module
            .immediate_dependencies()
            .map_err(|e| e.finish(loc()))?;
        for dep in &imm {
            let d = self.load(dep, storage, visiting)?;
            collect_closure(&d, &mut closure);
            imm_deps.push(d);
        }
        visiting.pop();
        lumio_move_verifier::verify_module_with_available(
            &module,
            closure.iter().map(|d| &d.module),
        )?;
        let loaded = Arc::new(
            self.build(id.clone(), module, imm_deps)
                .map_err(|e| e.finish(loc()))?,
        );
        let mut cache = self
            .cache
            .write()
            .map_err(|_| invariant("loader cache poisoned").finish(loc()))?;
        // Another thread may have loaded it meanwhile: keep the first, so that every user
        // shares one copy.
        Ok(cache.entry(id.clone()).or_insert(loaded).clone())
    }

    fn build(
        &self,
        id: ModuleId,
        module: CompiledModule,
        deps: Vec<Arc<LoadedModule>>,
    ) -> PartialVMResult<LoadedModule> {
        let m = &module;
        let mut struct_names = Vec::with_capacity(m.struct_handles.len());
        for h in &m.struct_handles {
            let mh = m.module_handle_at(h.module)?;
            struct_names.push(Arc::new(StructName {
                module: m.module_id_for_handle(mh)?,
                name: ident(m.identifier_at(h.name)?)?,
            }));
        }
        let signatures = m
            .signatures
            .iter()
            .map(|s| {
                s.0.iter()
                    .map(|t| to_type(&struct_names, t))
                    .collect::<PartialVMResult<Vec<_>>>()
            })
            .collect::<PartialVMResult<Vec<_>>>()?;
        let mut structs = Vec::with_capacity(m.struct_defs.len());
        let mut struct_by_name = HashMap::default();
        for (i, def) in m.struct_defs.iter().enumerate() {
            let h = m.struct_handle_at(def.struct_handle)?;
            let name = struct_names
                .get(usize::from(def.struct_handle.0))
                .cloned()
                .ok_or_else(|| invariant("struct handle out of range"))?;
            let field_types =
                |fields: &[lumio_move_binary_format::file_format::FieldDefinition]| {
                    fields
                        .iter()
                        .map(|f| to_type(&struct_names, &f.signature.0))
                        .collect::<PartialVMResult<Vec<_>>>()
                };
            let layout = match &def.field_information {
                StructFieldInformation::Declared(fields) => {
                    StructLayout::Fields(field_types(fields)?)
                }
                StructFieldInformation::DeclaredVariants(vs) => StructLayout::Variants(
                    vs.iter()
                        .map(|v| Ok((ident(m.identifier_at(v.name)?)?, field_types(&v.fields)?)))
                        .collect::<PartialVMResult<_>>()?,
                ),
                StructFieldInformation::Native => {
                    return Err(PartialVMError::new(StatusCode::UNKNOWN_NATIVE_STRUCT_FLAG)
                        .with_message(format!("native struct {}", name.name)));
                }
            };
            struct_by_name.insert(name.name.clone(), i);
            structs.push(Arc::new(StructInfo {
                name,
                abilities: h.abilities,
                type_param_count: h.type_parameters.len(),
                phantoms: h.type_parameters.iter().map(|p| p.is_phantom).collect(),
                layout,
                resolved: OnceLock::new(),
                depth: OnceLock::new(),
            }));
        }
        let mut functions = Vec::with_capacity(m.function_defs.len());
        let mut function_by_name = HashMap::default();
        for (i, def) in m.function_defs.iter().enumerate() {
            let h = m.function_handle_at(def.function)?;
            let name = ident(m.identifier_at(h.name)?)?;
            let params = signatures
                .get(usize::from(h.parameters.0))
                .cloned()
                .ok_or_else(|| invariant("signature out of range"))?;
            let returns = signatures
                .get(usize::from(h.return_.0))
                .cloned()
                .ok_or_else(|| invariant("signature out of range"))?;
            let (code, local_count, native) = match &def.code {
                Some(unit) => (
                    unit.code.clone(),
                    params.len() + m.signature_at(unit.locals)?.0.len(),
                    None,
                ),
                None => {
                    let native = self
                        .natives
                        .get(id.address(), id.name(), name.as_str())
                        .ok_or_else(|| {
                            PartialVMError::new(StatusCode::MISSING_DEPENDENCY).with_message(
                                format!(
                                    "missing native function {}::{}::{} (not provided by this \
                                     node)",
                                    id.address().to_hex_literal(),
                                    id.name(),
                                    name
                                ),
                            )
                        })?;
                    (vec![], params.len(), Some(native))
                }
            };
            function_by_name.insert(name.clone(), i);
            functions.push(Arc::new(FunctionInfo {
                name,
                def_idx: FunctionDefinitionIndex(
                    u16::try_from(i).map_err(|_| invariant("too many functions"))?,
                ),
                params,
                returns,
                local_count,
                type_params: h.type_parameters.clone(),
                is_entry: def.is_entry,
                visibility: def.visibility,
                code,
                native,
            }));
        }
        let calls = (0..m.function_handles.len())
            .map(|_| OnceLock::new())
            .collect();
        Ok(LoadedModule {
            id,
            module,
            struct_names,
            structs,
            functions,
            struct_by_name,
            function_by_name,
            signatures,
            calls,
            deps,
        })
    }

    /// The function called through function handle `fh` of `module`: `(defining module, def
    /// index)`.
    pub fn resolve_call(
        &self,
        module: &Arc<LoadedModule>,
        fh: u16,
        storage: &dyn ModuleStorage,
    ) -> PartialVMResult<(Arc<LoadedModule>, usize)> {
        let m = &module.module;
        let h = m
            .function_handles
            .get(usize::from(fh))
            .ok_or_else(|| invariant("function handle out of range"))?;
        let target = m.module_id_for_handle(m.module_handle_at(h.module)?)?;
        let name = m.identifier_at(h.name)?;
        if target == module.id {
            let idx = *module
                .function_by_name
                .get(name)
                .ok_or_else(|| invariant("own function not found"))?;
            return Ok((module.clone(), idx));
        }
        let slot = module
            .calls
            .get(usize::from(fh))
            .ok_or_else(|| invariant("function handle out of range"))?;
        if let Some(r) = slot.get() {
            return Ok(r.clone());
        }
        let callee = self
            .load_module(&target, storage)
            .map_err(|e| e.to_partial())?;
        let idx = *callee.function_by_name.get(name).ok_or_else(|| {
            PartialVMError::new(StatusCode::FUNCTION_RESOLUTION_FAILURE)
                .with_message(format!("{target}::{name} not found"))
        })?;
        Ok(slot.get_or_init(|| (callee, idx)).clone())
    }

    /// The definition of struct `name`.
    pub fn struct_info(
        &self,
        name: &StructName,
        storage: &dyn ModuleStorage,
    ) -> PartialVMResult<Arc<StructInfo>> {
        let m = self
            .load_module(&name.module, storage)
            .map_err(|e| e.to_partial())?;
        m.struct_named(name.name.as_str()).cloned().ok_or_else(|| {
            PartialVMError::new(StatusCode::TYPE_RESOLUTION_FAILURE)
                .with_message(format!("{}::{} not found", name.module, name.name))
        })
    }

    /// The type a tag names (transaction type arguments, stored resources and events), within
    /// the type builder's limits (Aptos's `create_ty`: 128 nodes, depth 20); a struct must be
    /// given as many type arguments as it declares.
    pub fn type_of_tag(&self, tag: &TypeTag, storage: &dyn ModuleStorage) -> PartialVMResult<Type> {
        self.type_of_tag_within(tag, storage, &mut 0, 1)
    }

    fn type_of_tag_within(
        &self,
        tag: &TypeTag,
        storage: &dyn ModuleStorage,
        count: &mut u64,
        depth: u64,
    ) -> PartialVMResult<Type> {
        crate::types::check_type_limits(count, depth)?;
        Ok(match tag {
            TypeTag::Bool => Type::Bool,
            TypeTag::U8 => Type::U8,
            TypeTag::U16 => Type::U16,
            TypeTag::U32 => Type::U32,
            TypeTag::U64 => Type::U64,
            TypeTag::U128 => Type::U128,
            TypeTag::U256 => Type::U256,
            TypeTag::Address => Type::Address,
            TypeTag::Signer => Type::Signer,
            TypeTag::Vector(t) => Type::Vector(Box::new(self.type_of_tag_within(
                t,
                storage,
                count,
                depth + 1,
            )?)),
            TypeTag::Struct(st) => {
                let name = StructName {
                    module: st.module_id(),
                    name: st.name.clone(),
                };
                let info = self.struct_info(&name, storage)?;
                if info.type_param_count != st.type_args.len() {
                    return Err(PartialVMError::new(
                        StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH,
                    ));
                }
                Type::Struct(
                    info.name.clone(),
                    st.type_args
                        .iter()
                        .map(|t| self.type_of_tag_within(t, storage, count, depth + 1))
                        .collect::<PartialVMResult<_>>()?,
                )
            }
            other => {
                return Err(PartialVMError::new(StatusCode::FEATURE_NOT_ENABLED)
                    .with_message(format!("type {other} is not supported by this VM")));
            }
        })
    }

    /// The BCS layout of a closed, non-reference type; one deeper than
    /// [`MAX_VALUE_DEPTH`](crate::values::MAX_VALUE_DEPTH) is `VM_MAX_VALUE_DEPTH_REACHED`.
    pub fn layout(
        &self,
        ty: &Type,
        storage: &dyn ModuleStorage,
    ) -> PartialVMResult<MoveTypeLayout> {
        self.layout_depth(ty, storage, 1)
    }

    fn layout_depth(
        &self,
        ty: &Type,
        storage: &dyn ModuleStorage,
        depth: usize,
    ) -> PartialVMResult<MoveTypeLayout> {
        // A value is as deep as its layout (a scalar is 1 deep): Aptos's `layout_max_depth`.
        if depth > crate::values::MAX_VALUE_DEPTH as usize {
            return Err(
                PartialVMError::new(StatusCode::VM_MAX_VALUE_DEPTH_REACHED).with_message(format!(
                    "layout deeper than {}",
                    crate::values::MAX_VALUE_DEPTH
                )),
            );
        }
        Ok(match ty {
            Type::Bool => MoveTypeLayout::Bool,
            Type::U8 => MoveTypeLayout::U8,
            Type::U16 => MoveTypeLayout::U16,
            Type::U32 => MoveTypeLayout::U32,
            Type::U64 => MoveTypeLayout::U64,
            Type::U128 => MoveTypeLayout::U128,
            Type::U256 => MoveTypeLayout::U256,
            Type::Address => MoveTypeLayout::Address,
            Type::Signer => MoveTypeLayout::Signer,
            Type::Vector(t) => {
                MoveTypeLayout::Vector(Box::new(self.layout_depth(t, storage, depth + 1)?))
            }
            Type::Struct(name, args) => {
                let info = self.struct_info(name, storage)?;
                let fields = |ts: &[Type]| {
                    ts.iter()
                        .map(|t| self.layout_depth(&t.subst(args)?, storage, depth + 1))
                        .collect::<PartialVMResult<Vec<_>>>()
                };
                MoveTypeLayout::Struct(match &info.layout {
                    StructLayout::Fields(ts) => MoveStructLayout::Runtime(fields(ts)?),
                    StructLayout::Variants(vs) => MoveStructLayout::RuntimeVariants(
                        vs.iter()
                            .map(|(_, ts)| fields(ts))
                            .collect::<PartialVMResult<_>>()?,
                    ),
                })
            }
            Type::Reference(_) | Type::MutableReference(_) | Type::TyParam(_) => {
                return Err(invariant(format!("no layout for {ty:?}")));
            }
        })
    }

    /// The abilities of a closed type: the declared abilities of a struct restricted by its
    /// non-phantom type arguments (a vector's by its element), as Aptos computes them for
    /// type-argument constraints.
    pub fn abilities(&self, ty: &Type, storage: &dyn ModuleStorage) -> PartialVMResult<AbilitySet> {
        use lumio_move_core_types::Ability;
        let data: AbilitySet = [Ability::Copy, Ability::Drop, Ability::Store]
            .into_iter()
            .collect();
        Ok(match ty {
            Type::Bool
            | Type::U8
            | Type::U16
            | Type::U32
            | Type::U64
            | Type::U128
            | Type::U256
            | Type::Address => data,
            Type::Signer => [Ability::Drop].into_iter().collect(),
            Type::Reference(_) | Type::MutableReference(_) => {
                [Ability::Copy, Ability::Drop].into_iter().collect()
            }
            Type::Vector(t) => {
                AbilitySet::polymorphic_abilities(data, &[false], &[self.abilities(t, storage)?])
                    .ok_or_else(|| invariant("vector abilities"))?
            }
            Type::Struct(name, args) => {
                let info = self.struct_info(name, storage)?;
                let arg_abilities = args
                    .iter()
                    .map(|a| self.abilities(a, storage))
                    .collect::<PartialVMResult<Vec<_>>>()?;
                AbilitySet::polymorphic_abilities(info.abilities, &info.phantoms, &arg_abilities)
                    .ok_or_else(|| {
                        PartialVMError::new(StatusCode::NUMBER_OF_TYPE_ARGUMENTS_MISMATCH)
                    })?
            }
            Type::TyParam(_) => return Err(invariant("abilities of an open type")),
        })
    }

    /// Every type argument has the abilities its parameter requires
    /// (`CONSTRAINT_NOT_SATISFIED` otherwise).
    pub fn check_type_constraints(
        &self,
        constraints: &[AbilitySet],
        args: &[Type],
        storage: &dyn ModuleStorage,
    ) -> PartialVMResult<()> {
        for (c, t) in constraints.iter().zip(args) {
            if !c.is_subset(self.abilities(t, storage)?) {
                return Err(PartialVMError::new(StatusCode::CONSTRAINT_NOT_SATISFIED)
                    .with_message(format!("type argument {t} lacks abilities {c}")));
            }
        }
        Ok(())
    }

    /// The verifier configuration modules are checked with.
    pub fn verifier_config(&self) -> &VerifierConfig {
        &self.config
    }

    /// Drops every cached module: to be called after published modules were written to the
    /// storage this loader reads (cached modules may link to the old versions).
    pub fn flush(&self) {
        if let Ok(mut c) = self.cache.write() {
            c.clear();
        }
    }
}

fn ident(s: &str) -> PartialVMResult<Identifier> {
    Identifier::new(s).map_err(|e| invariant(e.to_string()))
}

/// Adds `m` and everything it depends on to `out` (once each).
fn collect_closure(m: &Arc<LoadedModule>, out: &mut Vec<Arc<LoadedModule>>) {
    let mut todo = vec![m.clone()];
    while let Some(x) = todo.pop() {
        if out.iter().any(|o| o.id == x.id) {
            continue;
        }
        todo.extend(x.deps.iter().cloned());
        out.push(x);
    }
}
