//! Pass 0: index bounds, delegated to the binary-format crate's bounds checker.
//!
//! Later passes still never index blindly; this pass exists so that an out-of-range index is
//! reported as `INDEX_OUT_OF_BOUNDS` (and friends) rather than as an invariant violation.
//! It runs again here (the deserializer also runs it) because modules may be built in memory.

use lumio_move_binary_format::{
    check_bounds::BoundsChecker,
    file_format::{CompiledModule, CompiledScript},
};

use crate::error::PartialVMResult;

/// Bounds-checks a module.
pub(crate) fn verify_module(m: &CompiledModule) -> PartialVMResult<()> {
    BoundsChecker::verify_module(m)
}

/// Bounds-checks a script.
pub(crate) fn verify_script(s: &CompiledScript) -> PartialVMResult<()> {
    BoundsChecker::verify_script(s)
}
