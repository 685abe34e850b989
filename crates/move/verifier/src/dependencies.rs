//! Link-time checks of a module or script against the modules it imports, run at publish and
//! load time with the dependency modules at hand:
//!
//! - every imported module exists (`MISSING_DEPENDENCY`);
//! - every imported struct exists (`LOOKUP_FAILED`), with no more abilities than its
//!   definition, the same number of type parameters, constraints at least as strict and
//!   phantom only where the definition is phantom (`TYPE_MISMATCH`);
//! - every imported function exists (`LOOKUP_FAILED`) with identical parameter and return types
//!   and type-parameter constraints at least as strict as the definition's (`TYPE_MISMATCH`);
//! - every call into another module is allowed by visibility: public, or friend with this
//!   module among the callee module's friends; scripts may call public functions only
//!   (`LOOKUP_FAILED`);
//! - the dependency graph and the friend graph are acyclic (`CYCLIC_MODULE_DEPENDENCY`,
//!   `CYCLIC_MODULE_FRIENDSHIP`) and no dependency is also a friend
//!   (`INVALID_FRIEND_DECL_WITH_MODULES_IN_DEPENDENCIES`).
//!
//! [`verify_module_with_deps`] is strict: a missing dependency is an error. The CLI uses
//! [`verify_module_with_available`], which checks links only against the modules it was given
//! and skips imports it cannot see.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use lumio_move_binary_format::file_format::{
    Bytecode, CompiledModule, CompiledScript, FunctionHandle, ModuleHandleIndex, SignatureToken,
    StructDefinitionIndex, StructHandleIndex, Visibility,
};
use lumio_move_core_types::{ModuleId, StatusCode};

use crate::{
    access::{self, invariant},
    error::{Location, PartialVMError, PartialVMResult, VMResult},
    verifier::{module_id, script_into_module},
};

type ST = SignatureToken;

/// Link-checks `module` against `deps` (any superset of its dependencies; unrelated modules
/// are ignored). Every imported module must be among `deps`.
pub fn verify_module_with_deps<'a>(
    module: &CompiledModule,
    deps: impl IntoIterator<Item = &'a CompiledModule>,
) -> VMResult<()> {
    let location = module_id(module)
        .map(Location::Module)
        .unwrap_or(Location::Undefined);
    link(module, deps, true, false).map_err(|e| e.finish(location))
}

/// Like [`verify_module_with_deps`], but imports of modules not among `deps` are not checked.
pub fn verify_module_with_available<'a>(
    module: &CompiledModule,
    deps: impl IntoIterator<Item = &'a CompiledModule>,
) -> VMResult<()> {
    let location = module_id(module)
        .map(Location::Module)
        .unwrap_or(Location::Undefined);
    link(module, deps, false, false).map_err(|e| e.finish(location))
}

/// Link-checks a script against `deps`; every imported module must be among them.
pub fn verify_script_with_deps<'a>(
    script: &CompiledScript,
    deps: impl IntoIterator<Item = &'a CompiledModule>,
) -> VMResult<()> {
    script_link(script, deps, true).map_err(|e| e.finish(Location::Script))
}

/// Like [`verify_script_with_deps`], but imports of modules not among `deps` are not checked.
pub fn verify_script_with_available<'a>(
    script: &CompiledScript,
    deps: impl IntoIterator<Item = &'a CompiledModule>,
) -> VMResult<()> {
    script_link(script, deps, false).map_err(|e| e.finish(Location::Script))
}

fn script_link<'a>(
    script: &CompiledScript,
    deps: impl IntoIterator<Item = &'a CompiledModule>,
    strict: bool,
) -> PartialVMResult<()> {
    let m = script_into_module(script)?;
    link(&m, deps, strict, true)
}

fn index_deps<'a>(
    deps: impl IntoIterator<Item = &'a CompiledModule>,
) -> BTreeMap<ModuleId, &'a CompiledModule> {
    deps.into_iter()
        .filter_map(|d| Some((module_id(d).ok()?, d)))
        .collect()
}

fn link<'a>(
    m: &CompiledModule,
    deps: impl IntoIterator<Item = &'a CompiledModule>,
    strict: bool,
    is_script: bool,
) -> PartialVMResult<()> {
    let deps = index_deps(deps);
    let self_idx = m.self_module_handle_idx;
    // Module handles -> resolved dependency (None = not available, lenient mode only).
    let mut resolved: BTreeMap<ModuleHandleIndex, &CompiledModule> = BTreeMap::new();
    for (i, h) in m.module_handles.iter().enumerate() {
        let idx = ModuleHandleIndex(u16::try_from(i).map_err(|_| invariant("module handles"))?);
        if idx == self_idx {
            continue;
        }
        let id = m.module_id_for_handle(h)?;
        match deps.get(&id) {
            Some(d) => {
                resolved.insert(idx, *d);
            }
            None if strict => {
                return Err(PartialVMError::new(StatusCode::MISSING_DEPENDENCY)
                    .with_message(format!("module {id} not found")));
            }
            None => {}
        }
    }
    let mut indexes: BTreeMap<ModuleHandleIndex, DepIndex<'_>> = BTreeMap::new();
    for (mh, dep) in &resolved {
        indexes.insert(*mh, DepIndex::new(dep, m)?);
    }
    for (i, h) in m.struct_handles.iter().enumerate() {
        let (Some(dep), Some(index)) = (resolved.get(&h.module), indexes.get(&h.module)) else {
            continue;
        };
        check_struct_handle(m, h, dep, index)
            .map_err(|e| e.append_message_with_separator(' ', format!("(struct handle #{i})")))?;
    }
    for (i, h) in m.function_handles.iter().enumerate() {
        let (Some(dep), Some(index)) = (resolved.get(&h.module), indexes.get(&h.module)) else {
            continue;
        };
        check_function_handle(m, h, dep, index)
            .map_err(|e| e.append_message_with_separator(' ', format!("(function handle #{i})")))?;
    }
    check_visibility(m, &indexes, is_script)?;
    if !is_script {
        check_cycles(m, &deps)?;
    }
    Ok(())
}

/// `(module, name)` of a struct handle.
fn struct_name(m: &CompiledModule, h: StructHandleIndex) -> PartialVMResult<(ModuleId, String)> {
    let handle = access::struct_handle(m, h)?;
    let mh = access::module_handle(m, handle.module)?;
    Ok((
        m.module_id_for_handle(mh)?,
        access::identifier(m, handle.name)?.to_string(),
    ))
}

fn same_type(lm: &CompiledModule, lt: &ST, dm: &CompiledModule, dt: &ST) -> PartialVMResult<bool> {
    Ok(match (lt, dt) {
        (ST::Struct(a), ST::Struct(b)) => struct_name(lm, *a)? == struct_name(dm, *b)?,
        (ST::StructInstantiation(a, xs), ST::StructInstantiation(b, ys)) => {
            struct_name(lm, *a)? == struct_name(dm, *b)? && same_types(lm, xs, dm, ys)?
        }
        (ST::Vector(a), ST::Vector(b))
        | (ST::Reference(a), ST::Reference(b))
        | (ST::MutableReference(a), ST::MutableReference(b)) => same_type(lm, a, dm, b)?,
        (ST::Function(pa, ra, aa), ST::Function(pb, rb, ab)) => {
            aa == ab && same_types(lm, pa, dm, pb)? && same_types(lm, ra, dm, rb)?
        }
        (
            ST::Struct(_)
            | ST::StructInstantiation(..)
            | ST::Vector(_)
            | ST::Reference(_)
            | ST::MutableReference(_)
            | ST::Function(..),
            _,
        ) => false,
        (a, b) => a == b,
    })
}

fn same_types(
    lm: &CompiledModule,
    ls: &[ST],
    dm: &CompiledModule,
    ds: &[ST],
) -> PartialVMResult<bool> {
    if ls.len() != ds.len() {
        return Ok(false);
    }
    for (a, b) in ls.iter().zip(ds) {
        if !same_type(lm, a, dm, b)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn check_struct_handle(
    m: &CompiledModule,
    h: &lumio_move_binary_format::file_format::StructHandle,
    dep: &CompiledModule,
    index: &DepIndex<'_>,
) -> PartialVMResult<()> {
    let name = access::identifier(m, h.name)?;
    let def_idx = index.structs.get(name).copied().ok_or_else(|| {
        PartialVMError::new(StatusCode::LOOKUP_FAILED)
            .with_message(format!("struct {name} not found"))
    })?;
    let def = access::struct_def(dep, def_idx)?;
    let dh = access::struct_handle(dep, def.struct_handle)?;
    let mismatch = |what: &str| {
        PartialVMError::new(StatusCode::TYPE_MISMATCH)
            .with_message(format!("struct {name}: {what}"))
    };
    if !h.abilities.is_subset(dh.abilities) {
        return Err(mismatch("abilities differ from the definition"));
    }
    if h.type_parameters.len() != dh.type_parameters.len() {
        return Err(mismatch("type parameter count differs"));
    }
    for (l, d) in h.type_parameters.iter().zip(&dh.type_parameters) {
        if !d.constraints.is_subset(l.constraints) || (l.is_phantom && !d.is_phantom) {
            return Err(mismatch("type parameter constraints differ"));
        }
    }
    Ok(())
}

/// Name lookups into one dependency, built once (linear lookups per handle would make linking
/// quadratic in hostile module sizes).
struct DepIndex<'d> {
    functions: HashMap<&'d str, (&'d FunctionHandle, Visibility)>,
    structs: HashMap<&'d str, StructDefinitionIndex>,
    /// Whether the importing module is among the dependency's friends.
    self_is_friend: bool,
    /// The dependency's id (for messages).
    id: ModuleId,
}

impl<'d> DepIndex<'d> {
    fn new(dep: &'d CompiledModule, importer: &CompiledModule) -> PartialVMResult<Self> {
        let mut functions = HashMap::new();
        for d in &dep.function_defs {
            let h = access::function_handle(dep, d.function)?;
            if h.module == dep.self_module_handle_idx {
                functions
                    .entry(access::identifier(dep, h.name)?)
                    .or_insert((h, d.visibility));
            }
        }
        let mut structs = HashMap::new();
        for (i, d) in dep.struct_defs.iter().enumerate() {
            let h = access::struct_handle(dep, d.struct_handle)?;
            let idx =
                StructDefinitionIndex(u16::try_from(i).map_err(|_| invariant("struct defs"))?);
            structs
                .entry(access::identifier(dep, h.name)?)
                .or_insert(idx);
        }
        let self_is_friend = dep.immediate_friends()?.contains(&importer.self_id()?);
        Ok(Self {
            functions,
            structs,
            self_is_friend,
            id: dep.self_id()?,
        })
    }
}

fn check_function_handle(
    m: &CompiledModule,
    h: &FunctionHandle,
    dep: &CompiledModule,
    index: &DepIndex<'_>,
) -> PartialVMResult<()> {
    let name = access::identifier(m, h.name)?;
    let (dh, _) = *index.functions.get(name).ok_or_else(|| {
        PartialVMError::new(StatusCode::LOOKUP_FAILED)
            .with_message(format!("function {name} not found"))
    })?;
    let mismatch = |what: &str| {
        PartialVMError::new(StatusCode::TYPE_MISMATCH)
            .with_message(format!("function {name}: {what}"))
    };
    if h.type_parameters.len() != dh.type_parameters.len() {
        return Err(mismatch("type parameter count differs"));
    }
    for (l, d) in h.type_parameters.iter().zip(&dh.type_parameters) {
        if !d.is_subset(*l) {
            return Err(mismatch("type parameter constraints differ"));
        }
    }
    let (lp, dp) = (
        access::sig_tokens(m, h.parameters)?,
        access::sig_tokens(dep, dh.parameters)?,
    );
    if !same_types(m, lp, dep, dp)? {
        return Err(mismatch("parameter types differ"));
    }
    let (lr, dr) = (
        access::sig_tokens(m, h.return_)?,
        access::sig_tokens(dep, dh.return_)?,
    );
    if !same_types(m, lr, dep, dr)? {
        return Err(mismatch("return types differ"));
    }
    Ok(())
}

fn check_visibility(
    m: &CompiledModule,
    indexes: &BTreeMap<ModuleHandleIndex, DepIndex<'_>>,
    is_script: bool,
) -> PartialVMResult<()> {
    for (fi, d) in m.function_defs.iter().enumerate() {
        let Some(code) = &d.code else { continue };
        for (pc, instr) in code.code.iter().enumerate() {
            let fh = match instr {
                Bytecode::Call(fh) | Bytecode::PackClosure(fh, _) => *fh,
                Bytecode::CallGeneric(fi) | Bytecode::PackClosureGeneric(fi, _) => {
                    access::function_inst(m, *fi)?.handle
                }
                _ => continue,
            };
            let h = access::function_handle(m, fh)?;
            let Some(index) = indexes.get(&h.module) else {
                continue;
            };
            let name = access::identifier(m, h.name)?;
            let Some(&(_, vis)) = index.functions.get(name) else {
                return Err(invariant("resolved function vanished"));
            };
            let allowed = match vis {
                Visibility::Public => true,
                Visibility::Friend => !is_script && index.self_is_friend,
                Visibility::Private => false,
            };
            if !allowed {
                return Err(PartialVMError::new(StatusCode::LOOKUP_FAILED)
                    .with_message(format!(
                        "{vis:?} function {}::{name} is not visible here",
                        index.id
                    ))
                    .at_code_offset(
                        lumio_move_binary_format::file_format::FunctionDefinitionIndex(fi as u16),
                        pc as u16,
                    ));
            }
        }
    }
    Ok(())
}

/// Every module reachable from `start` through `next`; errors if `self_id` is reached.
fn collect_all(
    self_id: &ModuleId,
    start: Vec<ModuleId>,
    next: impl Fn(&ModuleId) -> PartialVMResult<Vec<ModuleId>>,
    code: StatusCode,
) -> PartialVMResult<BTreeSet<ModuleId>> {
    let mut seen = BTreeSet::new();
    let mut stack = start;
    while let Some(id) = stack.pop() {
        if &id == self_id {
            return Err(PartialVMError::new(code).with_message(format!("cycle through {id}")));
        }
        if seen.insert(id.clone()) {
            stack.extend(next(&id)?);
        }
    }
    Ok(seen)
}

fn check_cycles(
    m: &CompiledModule,
    deps: &BTreeMap<ModuleId, &CompiledModule>,
) -> PartialVMResult<()> {
    let self_id = m.self_id()?;
    let all_deps = collect_all(
        &self_id,
        m.immediate_dependencies()?,
        |id| {
            deps.get(id)
                .map_or(Ok(vec![]), |d| d.immediate_dependencies())
        },
        StatusCode::CYCLIC_MODULE_DEPENDENCY,
    )?;
    let all_friends = collect_all(
        &self_id,
        m.immediate_friends()?,
        |id| deps.get(id).map_or(Ok(vec![]), |d| d.immediate_friends()),
        StatusCode::CYCLIC_MODULE_FRIENDSHIP,
    )?;
    if let Some(both) = all_deps.intersection(&all_friends).next() {
        return Err(PartialVMError::new(
            StatusCode::INVALID_FRIEND_DECL_WITH_MODULES_IN_DEPENDENCIES,
        )
        .with_message(format!("{both} is both a dependency and a friend")));
    }
    Ok(())
}
