//! Pass 0: index bounds, delegated to the binary-format crate's bounds checker, plus a cap on
//! type nesting.
//!
//! Later passes still never index blindly; this pass exists so that an out-of-range index is
//! reported as `INDEX_OUT_OF_BOUNDS` (and friends) rather than as an invariant violation.
//! It runs again here (the deserializer also runs it) because modules may be built in memory.
//! For the same reason the nesting cap the deserializer enforces (`SIGNATURE_TOKEN_DEPTH_MAX`)
//! is re-checked, iteratively: several passes recurse over types, and a type nested a million
//! deep built in memory would otherwise overflow the stack (an abort, not a catchable panic).

use lumio_move_binary_format::{
    check_bounds::BoundsChecker,
    file_format::{CompiledModule, CompiledScript, SignatureToken},
    file_format_common::SIGNATURE_TOKEN_DEPTH_MAX,
};
use lumio_move_core_types::StatusCode;

use crate::{
    access,
    error::{PartialVMError, PartialVMResult},
};

/// Bounds-checks a module.
pub(crate) fn verify_module(m: &CompiledModule) -> PartialVMResult<()> {
    check_depths(
        m.signatures
            .iter()
            .flat_map(|s| s.0.iter())
            .chain(m.constant_pool.iter().map(|c| &c.type_))
            .chain(m.struct_defs.iter().flat_map(access::all_field_types)),
    )?;
    BoundsChecker::verify_module(m)
}

/// Bounds-checks a script.
pub(crate) fn verify_script(s: &CompiledScript) -> PartialVMResult<()> {
    check_depths(
        s.signatures
            .iter()
            .flat_map(|s| s.0.iter())
            .chain(s.constant_pool.iter().map(|c| &c.type_)),
    )?;
    BoundsChecker::verify_script(s)
}

fn check_depths<'a>(tys: impl Iterator<Item = &'a SignatureToken>) -> PartialVMResult<()> {
    for ty in tys {
        let mut stack = vec![(ty, 1usize)];
        while let Some((t, depth)) = stack.pop() {
            if depth > SIGNATURE_TOKEN_DEPTH_MAX {
                return Err(
                    PartialVMError::new(StatusCode::MALFORMED).with_message(format!(
                        "type nested deeper than {SIGNATURE_TOKEN_DEPTH_MAX}"
                    )),
                );
            }
            match t {
                SignatureToken::Vector(x)
                | SignatureToken::Reference(x)
                | SignatureToken::MutableReference(x) => {
                    stack.push((x, depth + 1));
                }
                SignatureToken::StructInstantiation(_, xs) => {
                    stack.extend(xs.iter().map(|x| (x, depth + 1)));
                }
                SignatureToken::Function(ps, rs, _) => {
                    stack.extend(ps.iter().chain(rs).map(|x| (x, depth + 1)));
                }
                _ => {}
            }
        }
    }
    Ok(())
}
