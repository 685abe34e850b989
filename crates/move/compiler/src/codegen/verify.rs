//! Every emitted unit goes through our bytecode verifier (the production profile, with the
//! version bound raised to the version emitted) and is link-checked against the program's
//! other compiled modules.
//!
//! A reference-safety rejection is, for now, the compiler's source-level borrow check: it
//! becomes [`Code::BorrowError`] at the span of the failing instruction (from the source
//! map). Any other rejection means code generation produced bad code and is reported as
//! [`Code::VerifierRejection`], a compiler bug.

// `VMError` is large; the verifier's Aptos-shaped results are kept as they are (rejections
// are rare, so boxing would only cost on the happy path).
#![allow(clippy::result_large_err)]

use lumio_move_binary_format::errors::VMError;
use lumio_move_binary_format::file_format::CompiledModule;
use lumio_move_core_types::StatusCode;
use lumio_move_verifier::VerifierConfig;

use super::{CompiledUnit, UnitKind};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::Span;

/// What a reference-safety rejection means in source terms; `None` for other statuses.
pub(crate) fn borrow_message(status: StatusCode) -> Option<&'static str> {
    use StatusCode as S;
    Some(match status {
        S::BORROWLOC_EXISTS_BORROW_ERROR => {
            "cannot borrow this local mutably: it is still borrowed"
        }
        S::BORROWFIELD_EXISTS_MUTABLE_BORROW_ERROR => {
            "cannot borrow this field: it is still mutably borrowed"
        }
        S::COPYLOC_EXISTS_BORROW_ERROR => "cannot copy this local: it is still mutably borrowed",
        S::MOVELOC_EXISTS_BORROW_ERROR => "cannot move this local: it is still borrowed",
        S::STLOC_UNSAFE_TO_DESTROY_ERROR => "cannot assign to this local: it is still borrowed",
        S::READREF_EXISTS_MUTABLE_BORROW_ERROR => {
            "cannot read through this reference: the value is still mutably borrowed"
        }
        S::WRITEREF_EXISTS_BORROW_ERROR => {
            "cannot write through this reference: the value is still borrowed"
        }
        S::FREEZEREF_EXISTS_MUTABLE_BORROW_ERROR => {
            "cannot freeze this reference: the value is still mutably borrowed elsewhere"
        }
        S::CALL_BORROWED_MUTABLE_REFERENCE_ERROR => {
            "cannot pass this mutable reference: the value it points to is still borrowed"
        }
        S::RET_BORROWED_MUTABLE_REFERENCE_ERROR => {
            "cannot return this mutable reference: the value it points to is still borrowed"
        }
        S::UNSAFE_RET_LOCAL_OR_RESOURCE_STILL_BORROWED => {
            "cannot return a reference to a local or to a resource borrowed in this function"
        }
        S::GLOBAL_REFERENCE_ERROR => {
            "this global resource is still borrowed (or this function does not acquire it)"
        }
        S::VEC_BORROW_ELEMENT_EXISTS_MUTABLE_BORROW_ERROR => {
            "cannot borrow this vector element: the vector is still mutably borrowed"
        }
        S::VEC_UPDATE_EXISTS_MUTABLE_BORROW_ERROR => {
            "cannot update this vector: it is still borrowed"
        }
        _ => return None,
    })
}

/// The configuration emitted code must pass: Aptos production limits.
fn config(version: u32) -> VerifierConfig {
    let mut c = VerifierConfig::production();
    c.max_binary_format_version = c.max_binary_format_version.max(version);
    c
}

/// Verifies `units` (each alone, then linked against the program's other modules).
pub(crate) fn verify_units(units: &[CompiledUnit], version: u32, diags: &mut Vec<Diagnostic>) {
    let config = config(version);
    let modules: Vec<&CompiledModule> = units
        .iter()
        .filter_map(|u| match &u.kind {
            UnitKind::Module(m) => Some(m),
            UnitKind::Script(_) => None,
        })
        .collect();
    for u in units {
        let result = match &u.kind {
            UnitKind::Module(m) => lumio_move_verifier::verify_module_with_config(&config, m)
                .and_then(|()| {
                    lumio_move_verifier::verify_module_with_available(m, modules.iter().copied())
                }),
            UnitKind::Script(s) => lumio_move_verifier::verify_script_with_config(&config, s)
                .and_then(|()| {
                    lumio_move_verifier::verify_script_with_available(s, modules.iter().copied())
                }),
        };
        if let Err(e) = result {
            diags.push(rejection(u, &e));
        }
    }
}

/// Rejections that are the program's fault, not the compiler's (the source checks catch the
/// common forms first; these messages cover what they miss).
fn user_error_message(status: StatusCode) -> Option<&'static str> {
    use StatusCode as S;
    Some(match status {
        S::LOOP_IN_INSTANTIATION_GRAPH => {
            "a generic function calls itself (directly or through others) with a growing type \
             argument, which would need infinitely many instantiations"
        }
        S::RECURSIVE_STRUCT_DEFINITION => "a struct contains itself",
        S::INVALID_FRIEND_DECL_WITH_SELF => "a module cannot be its own friend",
        S::INVALID_FRIEND_DECL_WITH_MODULES_OUTSIDE_ACCOUNT_ADDRESS => {
            "a friend must be a module at the same address"
        }
        S::INVALID_FRIEND_DECL_WITH_MODULES_IN_DEPENDENCIES | S::CYCLIC_MODULE_FRIENDSHIP => {
            "a friend cannot be a module this module depends on (friendship and dependencies \
             would form a cycle)"
        }
        S::ZERO_VARIANTS_ERROR => "an enum needs at least one variant",
        _ => return None,
    })
}

/// The diagnostic of a rejection of `unit`.
pub(crate) fn rejection(unit: &CompiledUnit, e: &VMError) -> Diagnostic {
    let at = e.offsets().first().and_then(|(f, off)| {
        let map = unit.source_map.functions.get(usize::from(f.0))?;
        Some((map.code.get(usize::from(*off)).copied(), map))
    });
    let unit_span = unit.source_map.span.unwrap_or_default();
    let span: Span = match &at {
        Some((Some(s), _)) => *s,
        Some((None, map)) => map.span.unwrap_or(unit_span),
        None => unit_span,
    };
    let status = e.major_status();
    if let Some(msg) = borrow_message(status) {
        return Diagnostic::error(Code::BorrowError, msg, span, "borrow rule broken here")
            .with_note(format!("bytecode verifier: {status}"));
    }
    if let Some(msg) = user_error_message(status) {
        return Diagnostic::error(Code::InvalidDeclaration, msg, span, "here")
            .with_note(format!("bytecode verifier: {status}"));
    }
    let mut what = format!("{status}");
    if let Some(m) = e.message() {
        what.push_str(": ");
        what.push_str(m);
    }
    let place = match (&at, e.offsets().first()) {
        (Some((_, map)), Some((_, off))) => format!(" in `{}` at offset {off}", map.name),
        _ => String::new(),
    };
    Diagnostic::error(
        Code::VerifierRejection,
        format!(
            "compiler bug: the bytecode generated for `{}` failed verification{place}",
            unit.name
        ),
        span,
        "generated from here",
    )
    .with_note(format!("bytecode verifier: {what}"))
}
