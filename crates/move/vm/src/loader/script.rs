//! Scripts: deserialized, verified (script verification, then a link check against the
//! modules they import) and turned into a one-function pseudo module the interpreter runs
//! like any other code. Scripts are not cached: each transaction brings its own.

use std::sync::Arc;

use lumio_move_binary_format::file_format::{CompiledScript, SELF_MODULE_NAME};
use lumio_move_core_types::{AccountAddress, Identifier, ModuleId};

use super::{FunctionInfo, LoadedModule, Loader, ModuleStorage, collect_closure};
use crate::errors::{Location, PartialVMResult, VMError, invariant};

/// The id the pseudo module of a script runs under (`0x0::<SELF>`); errors located there are
/// reported at [`Location::Script`].
pub(crate) fn script_module_id() -> PartialVMResult<ModuleId> {
    Ok(ModuleId::new(
        AccountAddress::ZERO,
        Identifier::new(SELF_MODULE_NAME).map_err(|e| invariant(e.to_string()))?,
    ))
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
        let module = lumio_move_verifier::verifier::script_into_module(&script)
            .map_err(|e| e.finish(Location::Script))?;
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
