//! Link-time checks of a module or script against the modules it imports, run at publish and
//! load time with the module store at hand. They follow Aptos's `dependencies.rs` and
//! `cyclic_dependencies.rs` (`move-bytecode-verifier`) and the legacy loader that drives them:
//!
//! 1. every imported module is in the store (`MISSING_DEPENDENCY`);
//! 2. every imported struct handle names a struct the module defines (`LOOKUP_FAILED`), with
//!    no more abilities than the definition, the same number of type parameters, constraints
//!    at least as strict and phantom only where the definition is phantom (`TYPE_MISMATCH`);
//! 3. every imported function handle — used or not — names a function the module defines
//!    *and lets the importer call* (`LOOKUP_FAILED` otherwise): public, or friend when the
//!    importer is a module among the owner's declared friends. Private functions never link,
//!    and scripts see public functions only. The handle must then have type-parameter
//!    constraints at least as strict as the definition's and identical parameter and return
//!    types (`TYPE_MISMATCH`). (Aptos bytecode has no package visibility: the compiler turns
//!    `public(package)` into friend visibility plus friend declarations.)
//! 4. bytecode before v5 only: a function that is not `entry` may not call an entry
//!    ("script-visible") function (`CALLED_SCRIPT_VISIBLE_FROM_NON_SCRIPT_VISIBLE`);
//! 5. modules only: walking the whole dependency closure and the whole friend closure through
//!    the store never comes back to the module (`CYCLIC_MODULE_DEPENDENCY`,
//!    `CYCLIC_MODULE_FRIENDSHIP`), every module on the way is in the store
//!    (`MISSING_DEPENDENCY`), and no module is in both closures
//!    (`INVALID_FRIEND_DECL_WITH_MODULES_IN_DEPENDENCIES`).
//!
//! The store is a lookup by module id ([`verify_module_with_store`]); [`verify_module_with_deps`]
//! builds one from a list. Both are strict. The CLI checks a set of files without the rest of
//! the chain, so [`verify_module_with_available`] runs the same checks but skips what is not
//! in the list: imports of absent modules are not checked, and the closure walks stop there.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use lumio_move_binary_format::{
    file_format::{
        Bytecode, CompiledModule, CompiledScript, FunctionDefinitionIndex, FunctionHandle,
        FunctionHandleIndex, IndexKind, ModuleHandleIndex, SignatureToken, StructDefinitionIndex,
        StructHandle, StructHandleIndex, Visibility,
    },
    file_format_common::VERSION_5,
};
use lumio_move_core_types::{ModuleId, StatusCode};

use crate::{
    access::{self, invariant},
    error::{Location, PartialVMError, PartialVMResult, VMResult},
    verifier::{module_id, script_into_module},
};

type ST = SignatureToken;

/// A lookup of modules by id: the node's module store, or the modules at hand.
type Store<'s, 'a> = &'s dyn Fn(&ModuleId) -> Option<&'a CompiledModule>;

/// Link-checks `module` against a module store: every module its checks reach (imports, and
/// the dependency and friend closures) must be found by `store`.
pub fn verify_module_with_store<'a>(
    module: &CompiledModule,
    store: impl Fn(&ModuleId) -> Option<&'a CompiledModule>,
) -> VMResult<()> {
    link(module, &store, true, false).map_err(|e| e.finish(module_location(module)))
}

/// [`verify_module_with_store`] over the modules in `deps` (a store of exactly those modules;
/// unrelated modules are ignored).
pub fn verify_module_with_deps<'a>(
    module: &CompiledModule,
    deps: impl IntoIterator<Item = &'a CompiledModule>,
) -> VMResult<()> {
    let deps = index_deps(deps);
    verify_module_with_store(module, |id| deps.get(id).copied())
}

/// Like [`verify_module_with_deps`], but modules not among `deps` are skipped: imports of them
/// are not checked and the closure walks end there.
pub fn verify_module_with_available<'a>(
    module: &CompiledModule,
    deps: impl IntoIterator<Item = &'a CompiledModule>,
) -> VMResult<()> {
    let deps = index_deps(deps);
    link(module, &|id| deps.get(id).copied(), false, false)
        .map_err(|e| e.finish(module_location(module)))
}

/// Link-checks a script against a module store; every imported module must be found.
pub fn verify_script_with_store<'a>(
    script: &CompiledScript,
    store: impl Fn(&ModuleId) -> Option<&'a CompiledModule>,
) -> VMResult<()> {
    script_link(script, &store, true).map_err(|e| e.finish(Location::Script))
}

/// [`verify_script_with_store`] over the modules in `deps`.
pub fn verify_script_with_deps<'a>(
    script: &CompiledScript,
    deps: impl IntoIterator<Item = &'a CompiledModule>,
) -> VMResult<()> {
    let deps = index_deps(deps);
    verify_script_with_store(script, |id| deps.get(id).copied())
}

/// Like [`verify_script_with_deps`], but imports of modules not among `deps` are not checked.
pub fn verify_script_with_available<'a>(
    script: &CompiledScript,
    deps: impl IntoIterator<Item = &'a CompiledModule>,
) -> VMResult<()> {
    let deps = index_deps(deps);
    script_link(script, &|id| deps.get(id).copied(), false).map_err(|e| e.finish(Location::Script))
}

fn module_location(m: &CompiledModule) -> Location {
    module_id(m)
        .map(Location::Module)
        .unwrap_or(Location::Undefined)
}

fn script_link(script: &CompiledScript, store: Store<'_, '_>, strict: bool) -> PartialVMResult<()> {
    let m = script_into_module(script)?;
    link(&m, store, strict, true)
}

fn index_deps<'a>(
    deps: impl IntoIterator<Item = &'a CompiledModule>,
) -> BTreeMap<ModuleId, &'a CompiledModule> {
    deps.into_iter()
        .filter_map(|d| Some((module_id(d).ok()?, d)))
        .collect()
}

fn link(
    m: &CompiledModule,
    store: Store<'_, '_>,
    strict: bool,
    is_script: bool,
) -> PartialVMResult<()> {
    let self_idx = m.self_module_handle_idx;
    // The importer's id, for friend visibility; a script is nobody's friend.
    let importer = if is_script { None } else { Some(m.self_id()?) };
    // Module handles -> index of the resolved dependency (absent only in lenient mode).
    let mut indexes: BTreeMap<ModuleHandleIndex, DepIndex<'_>> = BTreeMap::new();
    for (i, h) in m.module_handles.iter().enumerate() {
        let idx = ModuleHandleIndex(u16::try_from(i).map_err(|_| invariant("module handles"))?);
        if idx == self_idx {
            continue;
        }
        let id = m.module_id_for_handle(h)?;
        match store(&id) {
            // A store may hold an older version of the module itself; it is no dependency.
            Some(d) if Some(&id) != importer.as_ref() => {
                indexes.insert(idx, DepIndex::new(d, importer.as_ref())?);
            }
            _ if strict => {
                return Err(PartialVMError::new(StatusCode::MISSING_DEPENDENCY)
                    .with_message(format!("module {id} not found"))
                    .at_index(IndexKind::ModuleHandle, idx.0));
            }
            _ => {}
        }
    }
    for (i, h) in m.struct_handles.iter().enumerate() {
        let Some(index) = indexes.get(&h.module) else {
            continue;
        };
        check_struct_handle(m, h, index).map_err(|e| {
            e.append_message_with_separator(' ', format!("(struct handle #{i})"))
                .at_index(IndexKind::StructHandle, i as u16)
        })?;
    }
    for (i, h) in m.function_handles.iter().enumerate() {
        let Some(index) = indexes.get(&h.module) else {
            continue;
        };
        check_function_handle(m, h, index).map_err(|e| {
            e.append_message_with_separator(' ', format!("(function handle #{i})"))
                .at_index(IndexKind::FunctionHandle, i as u16)
        })?;
    }
    if !is_script {
        legacy_script_calls(m, &indexes)?;
        check_cycles(m, store, strict)?;
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
        // Primitives and type parameters (by index).
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
    h: &StructHandle,
    index: &DepIndex<'_>,
) -> PartialVMResult<()> {
    let name = access::identifier(m, h.name)?;
    let def_idx = index.structs.get(name).copied().ok_or_else(|| {
        PartialVMError::new(StatusCode::LOOKUP_FAILED)
            .with_message(format!("struct {}::{name} not found", index.id))
    })?;
    let def = access::struct_def(index.module, def_idx)?;
    let dh = access::struct_handle(index.module, def.struct_handle)?;
    let mismatch = |what: &str| {
        PartialVMError::new(StatusCode::TYPE_MISMATCH)
            .with_message(format!("struct {}::{name}: {what}", index.id))
    };
    // The importer may see fewer abilities than defined, never more.
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

/// One function definition of a dependency, as the importer sees it.
#[derive(Clone, Copy)]
struct DepFunction<'d> {
    handle: &'d FunctionHandle,
    /// Whether the importer may call it (and so link to it at all).
    visible: bool,
    /// An entry function of pre-v5 bytecode ("script visibility").
    legacy_script: bool,
}

/// Name lookups into one dependency, built once (linear lookups per handle would make linking
/// quadratic in hostile module sizes).
struct DepIndex<'d> {
    module: &'d CompiledModule,
    functions: HashMap<&'d str, DepFunction<'d>>,
    structs: HashMap<&'d str, StructDefinitionIndex>,
    /// The dependency's id (for messages).
    id: ModuleId,
}

impl<'d> DepIndex<'d> {
    fn new(dep: &'d CompiledModule, importer: Option<&ModuleId>) -> PartialVMResult<Self> {
        let importer_is_friend = match importer {
            Some(id) => dep.immediate_friends()?.contains(id),
            None => false,
        };
        let mut functions = HashMap::new();
        for d in &dep.function_defs {
            let handle = access::function_handle(dep, d.function)?;
            if handle.module != dep.self_module_handle_idx {
                continue;
            }
            let visible = match d.visibility {
                Visibility::Public => true,
                Visibility::Friend => importer_is_friend,
                Visibility::Private => false,
            };
            functions
                .entry(access::identifier(dep, handle.name)?)
                .or_insert(DepFunction {
                    handle,
                    visible,
                    legacy_script: dep.version < VERSION_5 && d.is_entry,
                });
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
        Ok(Self {
            module: dep,
            functions,
            structs,
            id: dep.self_id()?,
        })
    }
}

fn check_function_handle(
    m: &CompiledModule,
    h: &FunctionHandle,
    index: &DepIndex<'_>,
) -> PartialVMResult<()> {
    let name = access::identifier(m, h.name)?;
    let dh = match index.functions.get(name) {
        Some(f) if f.visible => f.handle,
        found => {
            let why = if found.is_some() {
                "is not visible to this module"
            } else {
                "not found"
            };
            return Err(PartialVMError::new(StatusCode::LOOKUP_FAILED)
                .with_message(format!("function {}::{name} {why}", index.id)));
        }
    };
    let mismatch = |what: &str| {
        PartialVMError::new(StatusCode::TYPE_MISMATCH)
            .with_message(format!("function {}::{name}: {what}", index.id))
    };
    // The importer may constrain type parameters more, never less.
    if h.type_parameters.len() != dh.type_parameters.len() {
        return Err(mismatch("type parameter count differs"));
    }
    for (l, d) in h.type_parameters.iter().zip(&dh.type_parameters) {
        if !d.is_subset(*l) {
            return Err(mismatch("type parameter constraints differ"));
        }
    }
    let dep = index.module;
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

/// Before v5, `entry` was "script visibility": such functions could be called only from
/// scripts and other script-visible functions. The rule survives for old bytecode. (A script
/// is script-visible itself, so only modules can break it.)
fn legacy_script_calls(
    m: &CompiledModule,
    indexes: &BTreeMap<ModuleHandleIndex, DepIndex<'_>>,
) -> PartialVMResult<()> {
    if m.version >= VERSION_5 {
        return Ok(());
    }
    let mut script_visible: BTreeSet<FunctionHandleIndex> = m
        .function_defs
        .iter()
        .filter(|d| d.is_entry)
        .map(|d| d.function)
        .collect();
    for (i, h) in m.function_handles.iter().enumerate() {
        let Some(index) = indexes.get(&h.module) else {
            continue;
        };
        let name = access::identifier(m, h.name)?;
        if index.functions.get(name).is_some_and(|f| f.legacy_script) {
            script_visible.insert(FunctionHandleIndex(i as u16));
        }
    }
    for (fi, d) in m.function_defs.iter().enumerate() {
        let Some(code) = &d.code else { continue };
        if d.is_entry {
            continue;
        }
        for (pc, instr) in code.code.iter().enumerate() {
            let fh = match instr {
                Bytecode::Call(fh) => *fh,
                Bytecode::CallGeneric(fi) => access::function_inst(m, *fi)?.handle,
                _ => continue,
            };
            if script_visible.contains(&fh) {
                return Err(PartialVMError::new(
                    StatusCode::CALLED_SCRIPT_VISIBLE_FROM_NON_SCRIPT_VISIBLE,
                )
                .with_message(
                    "script-visible functions can only be called from scripts or other \
                     script-visible functions",
                )
                .at_code_offset(FunctionDefinitionIndex(fi as u16), pc as u16));
            }
        }
    }
    Ok(())
}

/// Every module reachable from `start` through `next`; errors with `code` if `self_id` is
/// reached. Depth first in declaration order, like Aptos's recursive walk, so that a cycle
/// and a missing module are reported in the same order as there.
fn collect_all(
    self_id: &ModuleId,
    start: Vec<ModuleId>,
    next: impl Fn(&ModuleId) -> PartialVMResult<Vec<ModuleId>>,
    code: StatusCode,
) -> PartialVMResult<BTreeSet<ModuleId>> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![start.into_iter()];
    while let Some(top) = stack.last_mut() {
        let Some(id) = top.next() else {
            stack.pop();
            continue;
        };
        if &id == self_id {
            return Err(PartialVMError::new(code).with_message(format!("cycle through {id}")));
        }
        if seen.insert(id.clone()) {
            stack.push(next(&id)?.into_iter());
        }
    }
    Ok(seen)
}

fn check_cycles(m: &CompiledModule, store: Store<'_, '_>, strict: bool) -> PartialVMResult<()> {
    let self_id = m.self_id()?;
    let lookup = |id: &ModuleId| -> PartialVMResult<Option<&CompiledModule>> {
        match store(id) {
            Some(d) => Ok(Some(d)),
            None if strict => Err(PartialVMError::new(StatusCode::MISSING_DEPENDENCY)
                .with_message(format!("module {id} not found"))),
            None => Ok(None),
        }
    };
    let all_deps = collect_all(
        &self_id,
        m.immediate_dependencies()?,
        |id| lookup(id)?.map_or(Ok(vec![]), CompiledModule::immediate_dependencies),
        StatusCode::CYCLIC_MODULE_DEPENDENCY,
    )?;
    let all_friends = collect_all(
        &self_id,
        m.immediate_friends()?,
        |id| lookup(id)?.map_or(Ok(vec![]), CompiledModule::immediate_friends),
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
