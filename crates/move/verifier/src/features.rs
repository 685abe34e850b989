//! Features: rejects constructs whose feature is switched off in the configuration —
//! enums (v7), function values / closures (v8) and resource access specifiers (v7, never
//! enabled on Aptos mainnet). This verifier has no type rules for function values, so they are
//! always rejected unless a future version adds them.

use lumio_move_binary_format::file_format::{
    Bytecode, CompiledModule, SignatureToken, StructFieldInformation,
};
use lumio_move_core_types::StatusCode;

use crate::{
    config::VerifierConfig,
    error::{PartialVMError, PartialVMResult},
};

fn off(what: &str) -> PartialVMError {
    PartialVMError::new(StatusCode::FEATURE_NOT_ENABLED).with_message(format!("{what} not enabled"))
}

fn has_function_type(ty: &SignatureToken) -> bool {
    // Explicit stack: token nesting comes from outside.
    let mut stack = vec![ty];
    while let Some(t) = stack.pop() {
        match t {
            SignatureToken::Function(..) => return true,
            SignatureToken::Vector(x)
            | SignatureToken::Reference(x)
            | SignatureToken::MutableReference(x) => {
                stack.push(x);
            }
            SignatureToken::StructInstantiation(_, xs) => stack.extend(xs.iter()),
            _ => {}
        }
    }
    false
}

/// Verifies a module (or a script in module form).
pub(crate) fn verify(config: &VerifierConfig, m: &CompiledModule) -> PartialVMResult<()> {
    if !config.enable_function_values {
        let in_sigs = m.signatures.iter().flat_map(|s| s.0.iter());
        let in_fields = m
            .struct_defs
            .iter()
            .flat_map(crate::access::all_field_types);
        let in_consts = m.constant_pool.iter().map(|c| &c.type_);
        if in_sigs
            .chain(in_fields)
            .chain(in_consts)
            .any(has_function_type)
        {
            return Err(off("function values"));
        }
    }
    if m.function_handles
        .iter()
        .any(|h| h.access_specifiers.is_some())
    {
        return Err(off("resource access control"));
    }
    if !config.enable_enum_types
        && m.struct_defs.iter().any(|d| {
            matches!(
                d.field_information,
                StructFieldInformation::DeclaredVariants(_)
            )
        })
    {
        return Err(off("enum types"));
    }
    for d in &m.function_defs {
        let Some(code) = &d.code else { continue };
        for instr in &code.code {
            use Bytecode as B;
            match instr {
                B::PackClosure(..) | B::PackClosureGeneric(..) | B::CallClosure(_)
                    if !config.enable_function_values =>
                {
                    return Err(off("function values"));
                }
                B::PackClosure(..) | B::PackClosureGeneric(..) | B::CallClosure(_) => {
                    // Type rules for closures are not implemented: never accept them.
                    return Err(off("function values (unsupported by this verifier)"));
                }
                B::PackVariant(_)
                | B::PackVariantGeneric(_)
                | B::UnpackVariant(_)
                | B::UnpackVariantGeneric(_)
                | B::TestVariant(_)
                | B::TestVariantGeneric(_)
                | B::MutBorrowVariantField(_)
                | B::MutBorrowVariantFieldGeneric(_)
                | B::ImmBorrowVariantField(_)
                | B::ImmBorrowVariantFieldGeneric(_)
                    if !config.enable_enum_types =>
                {
                    return Err(off("enum types"));
                }
                _ => {}
            }
        }
    }
    Ok(())
}
