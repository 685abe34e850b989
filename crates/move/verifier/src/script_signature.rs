//! Script and entry-function signatures: a script's `main` and every `entry` function return
//! nothing. (Aptos checks argument types of entry calls at execution time, when the actual
//! arguments are known; that belongs to the VM, not here.)

use lumio_move_binary_format::file_format::{CompiledModule, FunctionDefinitionIndex};
use lumio_move_core_types::StatusCode;

use crate::{
    access,
    error::{PartialVMError, PartialVMResult},
};

/// Verifies the entry functions of a module (a script's `main` is an entry function of its
/// module form).
pub(crate) fn verify(m: &CompiledModule) -> PartialVMResult<()> {
    for (i, d) in m.function_defs.iter().enumerate() {
        if !d.is_entry {
            continue;
        }
        let h = access::function_handle(m, d.function)?;
        if !access::sig_tokens(m, h.return_)?.is_empty() {
            return Err(
                PartialVMError::new(StatusCode::INVALID_MAIN_FUNCTION_SIGNATURE)
                    .at_code_offset(FunctionDefinitionIndex(i as u16), 0)
                    .with_message("entry function returns values".to_string()),
            );
        }
    }
    Ok(())
}
