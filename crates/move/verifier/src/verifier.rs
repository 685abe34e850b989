//! The verification pipeline. **The order of the passes is written down here and nowhere
//! else**; it follows the Aptos verifier (`move-bytecode-verifier/src/verifier.rs`):
//!
//! | # | pass | file |
//! |---|------|------|
//! | 0 | bounds (binary-format bounds checker) | `lumio_move_binary_format::check_bounds` |
//! | 1 | features (enums / function values / access specifiers switched off) | `features.rs` |
//! | 2 | limits | `limits.rs` |
//! | 3 | duplication | `check_duplication.rs` |
//! | 4 | signatures (incl. ability constraints, phantom positions, field abilities) | `signature.rs` |
//! | 5 | instruction consistency (generic vs non-generic opcodes) | `instruction_consistency.rs` |
//! | 6 | constants | `constants.rs` |
//! | 7 | friends (modules only) | `friends.rs` |
//! | 8 | recursive struct definitions (modules only) | `struct_defs.rs` |
//! | 9 | instantiation loops (modules only) | `instantiation_loops.rs` |
//! | 10 | per function: control flow → stack usage → type safety → locals safety → reference safety → acquires (modules only) | `control_flow.rs`, `stack_usage.rs`, `type_safety.rs`, `locals_safety.rs`, `reference_safety.rs`, `acquires.rs` |
//! | 10g | struct API patterns (v10 function attributes) | `struct_api.rs` |
//! | 11 | script signatures (legacy rule for scripts before v5; nothing for modules) | `script_signature.rs` |
//!
//! Link-time checks against dependencies are separate: [`crate::dependencies`].
//!
//! A script is verified as a module with one function (`main`, entry) at address 0 named
//! `<SELF>`; errors are reported with [`Location::Script`].

use lumio_move_binary_format::file_format::{
    AddressIdentifierIndex, CompiledModule, CompiledScript, FunctionDefinition,
    FunctionDefinitionIndex, FunctionHandle, FunctionHandleIndex, IdentifierIndex, ModuleHandle,
    ModuleHandleIndex, SELF_MODULE_NAME, Signature, SignatureIndex, Visibility,
};
use lumio_move_core_types::{AccountAddress, Identifier, ModuleId, StatusCode};

use crate::{
    absint::FunctionContext,
    access::{self, invariant},
    acquires, bounds, check_duplication,
    config::VerifierConfig,
    constants, control_flow,
    error::{Location, PartialVMError, PartialVMResult, VMResult},
    features, friends, instantiation_loops, instruction_consistency, limits, locals_safety,
    meter::Meter,
    reference_safety, script_signature, signature, stack_usage, struct_api, struct_defs,
    type_safety,
};

/// Verifies a module with the default (unbounded) configuration.
pub fn verify_module(module: &CompiledModule) -> VMResult<()> {
    verify_module_with_config(&VerifierConfig::default(), module)
}

/// Verifies a module.
pub fn verify_module_with_config(config: &VerifierConfig, module: &CompiledModule) -> VMResult<()> {
    let location = module_location(module);
    guard(|| verify_module_impl(config, module)).map_err(|e| e.finish(location))
}

/// Verifies a script with the default configuration.
pub fn verify_script(script: &CompiledScript) -> VMResult<()> {
    verify_script_with_config(&VerifierConfig::default(), script)
}

/// Verifies a script.
pub fn verify_script_with_config(config: &VerifierConfig, script: &CompiledScript) -> VMResult<()> {
    guard(|| verify_script_impl(config, script)).map_err(|e| e.finish(Location::Script))
}

/// The id of a module, if its self handle resolves.
pub(crate) fn module_id(m: &CompiledModule) -> PartialVMResult<ModuleId> {
    let (addr, name) = access::module_name(m, m.self_module_handle_idx)?;
    let name = Identifier::new(name).map_err(|_| invariant("bad module name"))?;
    Ok(ModuleId::new(addr, name))
}

fn module_location(m: &CompiledModule) -> Location {
    module_id(m)
        .map(Location::Module)
        .unwrap_or(Location::Undefined)
}

/// Runs `f`, turning a panic (a verifier bug) into an invariant-violation error so that a
/// hostile module can at worst be rejected, never crash the node.
fn guard(f: impl FnOnce() -> PartialVMResult<()>) -> PartialVMResult<()> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(_) => Err(
            PartialVMError::new(StatusCode::VERIFIER_INVARIANT_VIOLATION)
                .with_message(crate::PANIC_MESSAGE),
        ),
    }
}

/// The bytecode version must be one the configuration enables.
fn check_version(config: &VerifierConfig, version: u32) -> PartialVMResult<()> {
    if version > config.max_binary_format_version {
        return Err(
            PartialVMError::new(StatusCode::UNKNOWN_VERSION).with_message(format!(
                "bytecode version {version} is not enabled (this configuration accepts up to {})",
                config.max_binary_format_version
            )),
        );
    }
    Ok(())
}

fn verify_module_impl(config: &VerifierConfig, m: &CompiledModule) -> PartialVMResult<()> {
    check_version(config, m.version)?;
    bounds::verify_module(m)?;
    features::verify(config, m)?;
    limits::verify(config, m)?;
    check_duplication::verify_module(m)?;
    signature::verify(m)?;
    instruction_consistency::verify(m)?;
    constants::verify(m)?;
    friends::verify(m)?;
    struct_defs::verify(m)?;
    instantiation_loops::verify(m)?;
    code_units(config, m, false)?;
    // Pass 11 (script signatures) checks nothing in a module: see `script_signature`.
    struct_api::verify(m)
}

fn verify_script_impl(config: &VerifierConfig, s: &CompiledScript) -> PartialVMResult<()> {
    check_version(config, s.version)?;
    bounds::verify_script(s)?;
    let m = script_into_module(s)?;
    let tables = script_tables(s);
    features::verify(config, &m)?;
    // Aptos limits a script's own tables: `main` is no function handle there.
    limits::verify(config, &tables)?;
    check_duplication::verify_common(&tables)?;
    signature::verify(&m)?;
    instruction_consistency::verify(&m)?;
    constants::verify(&m)?;
    code_units(config, &m, true)?;
    script_signature::verify_script(s)
}

/// Pass 10: every function body.
fn code_units(config: &VerifierConfig, m: &CompiledModule, is_script: bool) -> PartialVMResult<()> {
    let mut meter = Meter::new(config);
    let defs = reference_safety::local_definitions(m);
    let mut back_edges = 0usize;
    for (i, def) in m.function_defs.iter().enumerate() {
        let Some(code) = &def.code else { continue };
        let index =
            FunctionDefinitionIndex(u16::try_from(i).map_err(|_| invariant("too many functions"))?);
        let handle = access::function_handle(m, def.function)?;
        let parameters = access::sig_tokens(m, handle.parameters)?;
        let locals = access::sig_tokens(m, code.locals)?;
        if parameters.len() + locals.len() > usize::from(u8::MAX) + 1 {
            return Err(PartialVMError::new(StatusCode::TOO_MANY_LOCALS).at_code_offset(index, 0));
        }
        let cfg = control_flow::verify(config, index, &code.code, is_script, m.version)?;
        back_edges += cfg.back_edges.len();
        let ctx = FunctionContext {
            module: m,
            index,
            code: &code.code,
            cfg,
            parameters,
            locals,
            returns: access::sig_tokens(m, handle.return_)?,
            type_parameters: &handle.type_parameters,
            acquires: &def.acquires_global_resources,
        };
        meter.enter_function();
        stack_usage::verify(&ctx, config)?;
        type_safety::verify(&ctx, &mut meter)?;
        locals_safety::verify(&ctx, &mut meter)?;
        reference_safety::verify(&ctx, &defs, &mut meter)?;
        if !is_script {
            acquires::verify(&ctx, &defs)?;
        }
        meter.function_done()?;
    }
    // A module-wide bound; Aptos does not apply it to scripts.
    if !is_script
        && config
            .max_back_edges_per_module
            .is_some_and(|l| back_edges > l)
    {
        return Err(PartialVMError::new(StatusCode::TOO_MANY_BACK_EDGES));
    }
    Ok(())
}

fn push_index<T>(v: &mut Vec<T>, x: T) -> PartialVMResult<u16> {
    let i = u16::try_from(v.len()).map_err(|_| {
        PartialVMError::new(StatusCode::INDEX_OUT_OF_BOUNDS)
            .with_message("script tables full".to_string())
    })?;
    v.push(x);
    Ok(i)
}

/// A module holding only the script's shared tables (for the duplication check, which must
/// not see the synthetic entries added by [`script_into_module`]).
fn script_tables(s: &CompiledScript) -> CompiledModule {
    CompiledModule {
        version: s.version,
        module_handles: s.module_handles.clone(),
        struct_handles: s.struct_handles.clone(),
        function_handles: s.function_handles.clone(),
        function_instantiations: s.function_instantiations.clone(),
        signatures: s.signatures.clone(),
        identifiers: s.identifiers.clone(),
        address_identifiers: s.address_identifiers.clone(),
        constant_pool: s.constant_pool.clone(),
        metadata: s.metadata.clone(),
        ..CompiledModule::default()
    }
}

/// The module form of a script: its tables plus a `<SELF>` module at address 0 with one
/// public entry function `<SELF>` holding the script body (the VM runs scripts as this module).
pub fn script_into_module(s: &CompiledScript) -> PartialVMResult<CompiledModule> {
    let mut m = script_tables(s);
    let addr = push_index(&mut m.address_identifiers, AccountAddress::ZERO)?;
    let name_id = Identifier::new(SELF_MODULE_NAME).map_err(|_| invariant("self name"))?;
    let name = push_index(&mut m.identifiers, name_id)?;
    let self_handle = push_index(
        &mut m.module_handles,
        ModuleHandle {
            address: AddressIdentifierIndex(addr),
            name: IdentifierIndex(name),
        },
    )?;
    m.self_module_handle_idx = ModuleHandleIndex(self_handle);
    let empty = push_index(&mut m.signatures, Signature(vec![]))?;
    let fh = push_index(
        &mut m.function_handles,
        FunctionHandle {
            module: ModuleHandleIndex(self_handle),
            name: IdentifierIndex(name),
            parameters: s.parameters,
            return_: SignatureIndex(empty),
            type_parameters: s.type_parameters.clone(),
            // Access specifiers of a script are checked by the feature pass like a function's.
            access_specifiers: s.access_specifiers.clone(),
            attributes: vec![],
        },
    )?;
    m.function_defs.push(FunctionDefinition {
        function: FunctionHandleIndex(fh),
        visibility: Visibility::Public,
        is_entry: true,
        acquires_global_resources: vec![],
        code: Some(s.code.clone()),
    });
    Ok(m)
}
