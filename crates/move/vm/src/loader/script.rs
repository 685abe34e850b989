//! Scripts: deserialized, verified (script verification, then a link check against the
//! modules they import) and turned into a one-function pseudo module the interpreter runs
//! like any other code. Scripts are not cached: each transaction brings its own.

use std::sync::Arc;

use lumio_move_binary_format::file_format::{
    AddressIdentifierIndex, CompiledModule, CompiledScript, FunctionDefinition, FunctionHandle,
    FunctionHandleIndex, IdentifierIndex, ModuleHandle, ModuleHandleIndex, SELF_MODULE_NAME,
    Signature, SignatureIndex, Visibility,
};
use lumio_move_core_types::{AccountAddress, Identifier, ModuleId, StatusCode};

use super::{FunctionInfo, LoadedModule, Loader, ModuleStorage, collect_closure};
use crate::errors::{Location, PartialVMError, PartialVMResult, VMError, invariant};

/// The id the pseudo module of a script runs under (`0x0::<SELF>`); errors located there are
/// reported at [`Location::Script`].
pub(crate) fn script_module_id() -> PartialVMResult<ModuleId> {
    Ok(ModuleId::new(
        AccountAddress::ZERO,
        Identifier::new(SELF_MODULE_NAME).map_err(|e| invariant(e.to_string()))?,
    ))
}

fn index<T>(table: &mut Vec<T>, x: T) -> PartialVMResult<u16> {
    let i = u16::try_from(table.len()).map_err(|_| {
        PartialVMError::new(StatusCode::INDEX_OUT_OF_BOUNDS).with_message("script table full")
    })?;
    table.push(x);
    Ok(i)
}

/// The script's tables plus a self module handle and one function definition, `main`.
fn as_module(s: &CompiledScript, id: &ModuleId) -> PartialVMResult<CompiledModule> {
    let mut m = CompiledModule {
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
    };
    let addr = index(&mut m.address_identifiers, *id.address())?;
    let name = Identifier::new(id.name()).map_err(|e| invariant(e.to_string()))?;
    let name = index(&mut m.identifiers, name)?;
    let me = index(
        &mut m.module_handles,
        ModuleHandle {
            address: AddressIdentifierIndex(addr),
            name: IdentifierIndex(name),
        },
    )?;
    m.self_module_handle_idx = ModuleHandleIndex(me);
    let no_returns = index(&mut m.signatures, Signature(vec![]))?;
    let main = index(
        &mut m.function_handles,
        FunctionHandle {
            module: ModuleHandleIndex(me),
            name: IdentifierIndex(name),
            parameters: s.parameters,
            return_: SignatureIndex(no_returns),
            type_parameters: s.type_parameters.clone(),
            access_specifiers: None,
            attributes: vec![],
        },
    )?;
    m.function_defs.push(FunctionDefinition {
        function: FunctionHandleIndex(main),
        visibility: Visibility::Public,
        is_entry: true,
        acquires_global_resources: vec![],
        code: Some(s.code.clone()),
    });
    Ok(m)
}

impl Loader {
    /// Deserializes and verifies a script, loads the modules it imports (and their
    /// dependencies) and link-checks it against them; returns its pseudo module and `main`.
    /// Errors are located at [`Location::Script`] (or at the dependency that failed to load).
    pub fn load_script(
        &self,
        bytes: &[u8],
        storage: &dyn ModuleStorage,
    ) -> Result<(Arc<LoadedModule>, Arc<FunctionInfo>), VMError> {
        let script = CompiledScript::deserialize(bytes).map_err(|e| e.finish(Location::Script))?;
        lumio_move_verifier::verify_script_with_config(&self.config, &script)?;
        let mut imm_deps = Vec::new();
        let mut closure: Vec<Arc<LoadedModule>> = Vec::new();
        for h in &script.module_handles {
            let addr = script
                .address_identifiers
                .get(usize::from(h.address.0))
                .ok_or_else(|| invariant("address index").finish(Location::Script))?;
            let name = script
                .identifiers
                .get(usize::from(h.name.0))
                .ok_or_else(|| invariant("identifier index").finish(Location::Script))?;
            let dep = self.load_module(&ModuleId::new(*addr, name.clone()), storage)?;
            collect_closure(&dep, &mut closure);
            imm_deps.push(dep);
        }
        lumio_move_verifier::verify_script_with_available(
            &script,
            closure.iter().map(|d| &d.module),
        )?;
        let id = script_module_id().map_err(|e| e.finish(Location::Script))?;
        let module = as_module(&script, &id).map_err(|e| e.finish(Location::Script))?;
        let loaded = Arc::new(
            self.build(id, module, imm_deps)
                .map_err(|e| e.finish(Location::Script))?,
        );
        let main = loaded
            .functions
            .first()
            .cloned()
            .ok_or_else(|| invariant("script without main").finish(Location::Script))?;
        Ok((loaded, main))
    }
}
