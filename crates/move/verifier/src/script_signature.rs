//! Script and entry-function signatures, as Aptos's bytecode verifier checks them
//! (`move-bytecode-verifier/src/script_signature.rs`, run with
//! `no_additional_script_signature_checks` by `verify_module_with_config` /
//! `verify_script_with_config`):
//!
//! - **modules** (any version): nothing. Entry functions may take any parameters and return
//!   values; Aptos accepts both at publish. (Which arguments a transaction may pass to an
//!   entry function is checked by the VM when it runs one, against the actual arguments.)
//! - **scripts of bytecode v5 and later**: nothing either.
//! - **scripts older than v5** keep the legacy rule (`INVALID_MAIN_FUNCTION_SIGNATURE`): the
//!   parameters are leading signers (`signer` from v2, `&signer` in v1) followed only by
//!   types valid for constants (primitives and vectors of them).

use lumio_move_binary_format::{
    file_format::{CompiledScript, SignatureToken},
    file_format_common::{VERSION_1, VERSION_5},
};
use lumio_move_core_types::StatusCode;

use crate::error::{PartialVMError, PartialVMResult};

/// Verifies a script's `main` signature (the legacy rule for scripts older than v5).
pub(crate) fn verify_script(s: &CompiledScript) -> PartialVMResult<()> {
    if s.version >= VERSION_5 {
        return Ok(());
    }
    let params = &s
        .signatures
        .get(usize::from(s.parameters.0))
        .ok_or_else(|| crate::access::invariant("script parameters out of bounds"))?
        .0;
    let is_signer = |t: &SignatureToken| {
        if s.version <= VERSION_1 {
            matches!(t, SignatureToken::Reference(inner) if **inner == SignatureToken::Signer)
        } else {
            *t == SignatureToken::Signer
        }
    };
    // A script has no return signature, so the legacy "returns nothing" rule always holds.
    if params
        .iter()
        .skip_while(|t| is_signer(t))
        .all(SignatureToken::is_valid_for_constant)
    {
        Ok(())
    } else {
        Err(
            PartialVMError::new(StatusCode::INVALID_MAIN_FUNCTION_SIGNATURE).with_message(
                "a script before v5 takes signers first, then only constant-typed arguments",
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use lumio_move_binary_format::file_format::{Signature, SignatureIndex};

    use super::*;

    fn script(version: u32, params: Vec<SignatureToken>) -> CompiledScript {
        CompiledScript {
            version,
            signatures: vec![Signature(params)],
            parameters: SignatureIndex(0),
            ..CompiledScript::default()
        }
    }

    fn ok(version: u32, params: Vec<SignatureToken>) -> bool {
        verify_script(&script(version, params)).is_ok()
    }

    #[test]
    fn legacy_rule_applies_before_v5_only() {
        use SignatureToken as ST;
        let signer_after_value = vec![ST::U64, ST::Signer];
        assert!(!ok(4, signer_after_value.clone()));
        assert!(ok(5, signer_after_value));
        assert!(ok(4, vec![ST::Signer, ST::Signer, ST::U64]));
        assert!(ok(4, vec![ST::Vector(Box::new(ST::Address))]));
        assert!(!ok(4, vec![ST::TypeParameter(0)]));
        // v1 scripts took `&signer`.
        let ref_signer = ST::Reference(Box::new(ST::Signer));
        assert!(ok(1, vec![ref_signer.clone(), ST::U8]));
        assert!(!ok(2, vec![ref_signer, ST::U8]));
        assert!(!ok(1, vec![ST::Signer]));
    }
}
