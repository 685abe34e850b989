//! `0x1::function_info`: `check_dispatch_type_compatibility_impl`, `is_identifier`,
//! `load_function_impl`.
//!
//! A `FunctionInfo { module_address, module_name: String, function_name: String }` names a
//! function. `load_function_impl` loads (verifies, links) its module and records it in the
//! session's [`DispatchModules`]; Aptos records it in the transaction's traversal context
//! (the modules whose loading the transaction paid for), which also holds the modules of the
//! transaction's static call graph. We record only what `load_function_impl` loaded, which
//! is what the framework does before every check and dispatch (`load_module_from_function`).
//!
//! `check_dispatch_type_compatibility_impl(framework, target)` is Aptos's: aborts 2
//! (`EINVALID_FUNCTION`) when the target's module was not loaded this way or either function
//! does not exist, or the framework function has no parameter; otherwise true iff the
//! type-parameter constraints and return types are equal, the framework function's
//! parameters are the target's plus one, the target is public, and the two live in different
//! modules. A module or function name that is not an identifier aborts 1.
//!
//! Gas (`function_info.*`): is_identifier 551 + 3 per byte; check 1,002; load 551 (Aptos
//! also charges the loaded module's dependencies by size; we do not meter loading yet).

use std::collections::BTreeSet;

use lumio_move_binary_format::file_format::Visibility;
use lumio_move_core_types::{AccountAddress, Identifier, ModuleId};

use crate::{
    errors::{PartialVMResult, invariant},
    natives::{NativeContext, NativeResult, NativeTable, aptos_stdlib::extension, args},
    types::Type,
    values::{Value, read},
};

const IS_IDENTIFIER_BASE: u64 = 551;
const IS_IDENTIFIER_PER_BYTE: u64 = 3;
const CHECK_DISPATCH_BASE: u64 = 1_002;
const LOAD_FUNCTION_BASE: u64 = 551;

/// `EINVALID_IDENTIFIER`: a name in a `FunctionInfo` is not an identifier.
const EINVALID_IDENTIFIER: u64 = 1;
/// `EINVALID_FUNCTION`: the function does not exist or its module was not loaded.
const EINVALID_FUNCTION: u64 = 2;

/// Modules `load_function_impl` loaded in this session: the ones a dispatch may target.
#[derive(Debug, Default)]
pub struct DispatchModules {
    /// Their ids.
    pub loaded: BTreeSet<ModuleId>,
}

pub(super) fn register(t: &mut NativeTable, at: AccountAddress) {
    let m = "function_info";
    t.add(
        at,
        m,
        "check_dispatch_type_compatibility_impl",
        check_dispatch_type_compatibility_impl,
    );
    t.add(at, m, "is_identifier", is_identifier);
    t.add(at, m, "load_function_impl", load_function_impl);
}

/// The identifier in a `String` value (a field of the `FunctionInfo`), `None` if it is not
/// one.
fn identifier(s: &Value) -> PartialVMResult<Option<Identifier>> {
    let bytes = read(s.container()?)?
        .first()
        .ok_or_else(|| invariant("string without bytes"))?
        .as_bytes()?;
    Ok(String::from_utf8(bytes)
        .ok()
        .and_then(|s| Identifier::new(s).ok()))
}

/// `(module, function)` named by the `&FunctionInfo` `info`; `Err(abort code)` if a name is
/// not an identifier.
pub(super) fn function_info(info: &Value) -> PartialVMResult<Result<(ModuleId, Identifier), u64>> {
    let fields = |v: &Value| {
        let fields = read(v.container()?)?;
        let [addr, module, function] = fields.as_slice() else {
            return Err(invariant("FunctionInfo has three fields"));
        };
        let (Some(module), Some(function)) = (identifier(module)?, identifier(function)?) else {
            return Ok(Err(EINVALID_IDENTIFIER));
        };
        Ok(Ok((ModuleId::new(addr.as_address()?, module), function)))
    };
    match info {
        Value::Ref(r) => r.with(fields),
        v => fields(v),
    }
}

/// `is_identifier(s: &vector<u8>): bool`.
fn is_identifier(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [s] = args(a)?;
    let bytes = s.into_ref()?.with(Value::as_bytes)?;
    cx.charge(
        IS_IDENTIFIER_BASE
            .saturating_add(IS_IDENTIFIER_PER_BYTE.saturating_mul(bytes.len() as u64)),
    )?;
    let ok = std::str::from_utf8(&bytes).is_ok_and(Identifier::is_valid);
    Ok(NativeResult::Return(vec![Value::Bool(ok)]))
}

/// `load_function_impl(f: &FunctionInfo)`: loads the function's module (a module that does
/// not exist or does not verify fails the call with the loader's error).
fn load_function_impl(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [f] = args(a)?;
    cx.charge(LOAD_FUNCTION_BASE)?;
    let (module, _) = match function_info(&f)? {
        Ok(x) => x,
        Err(code) => return Ok(NativeResult::Abort(code)),
    };
    cx.loader
        .load_module(&module, cx.storage)
        .map_err(|e| e.to_partial())?;
    extension::<DispatchModules>(cx)?.loaded.insert(module);
    Ok(NativeResult::Return(vec![]))
}

/// `check_dispatch_type_compatibility_impl(lhs: &FunctionInfo, r: &FunctionInfo): bool`.
fn check_dispatch_type_compatibility_impl(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [lhs, rhs] = args(a)?;
    cx.charge(CHECK_DISPATCH_BASE)?;
    // The target (`rhs`) first, as Aptos pops it first.
    let (rhs_module, rhs_name) = match function_info(&rhs)? {
        Ok(x) => x,
        Err(code) => return Ok(NativeResult::Abort(code)),
    };
    if !extension::<DispatchModules>(cx)?
        .loaded
        .contains(&rhs_module)
    {
        return Ok(NativeResult::Abort(EINVALID_FUNCTION));
    }
    let Ok(target) = cx.load_function(&rhs_module, rhs_name.as_str()) else {
        return Ok(NativeResult::Abort(EINVALID_FUNCTION));
    };
    let (lhs_module, lhs_name) = match function_info(&lhs)? {
        Ok(x) => x,
        Err(code) => return Ok(NativeResult::Abort(code)),
    };
    let Ok(framework) = cx.load_function(&lhs_module, lhs_name.as_str()) else {
        return Ok(NativeResult::Abort(EINVALID_FUNCTION));
    };
    let Some((_, params)) = framework.params.split_last() else {
        return Ok(NativeResult::Abort(EINVALID_FUNCTION));
    };
    let ok = framework.type_params == target.type_params
        && framework.returns == target.returns
        && params == target.params.as_slice()
        && target.visibility == Visibility::Public
        && lhs_module != rhs_module;
    Ok(NativeResult::Return(vec![Value::Bool(ok)]))
}
