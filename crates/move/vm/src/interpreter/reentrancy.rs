//! The module lock of native dynamic dispatch (Aptos AIP-73, `reentrancy_checker.rs`).
//!
//! A module is *active* while one of its functions is on the call stack. A dispatch from a
//! native (`NativeResult::CallFunction`, e.g. `dispatchable_fungible_asset`) turns the lock
//! on until the dispatched function returns; while it is on, a cross-module call into an
//! active module — the dispatch target itself included — is `RUNTIME_DISPATCH_ERROR`. So a
//! fungible-asset hook cannot call back into the framework code that dispatched to it.
//! (Aptos also locks the resources of a module entered twice, which only closures can do;
//! v8 closures are not supported here.)
//!
//! Aptos keeps a bag of active modules updated on every cross-module call and return; the
//! interpreter here derives the same set from its frames, and only while the lock is on, so
//! calls outside a dispatch cost nothing.

use lumio_move_core_types::{ModuleId, StatusCode};

use crate::errors::{PartialVMError, PartialVMResult};

/// Checks a call from a function of `caller` into `callee::function` made while the module
/// lock is on, `active` being the modules with a function on the stack.
pub(super) fn check<'m>(
    mut active: impl Iterator<Item = &'m ModuleId>,
    caller: &ModuleId,
    callee: &ModuleId,
    function: &str,
) -> PartialVMResult<()> {
    if caller != callee && active.any(|m| m == callee) {
        return Err(
            PartialVMError::new(StatusCode::RUNTIME_DISPATCH_ERROR).with_message(format!(
                "reentrancy disallowed: reentering `{callee}` via function `{function}` \
                 (module lock is active)"
            )),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use lumio_move_core_types::{AccountAddress, Identifier};

    use super::*;

    fn id(n: &str) -> ModuleId {
        ModuleId::new(AccountAddress::ONE, Identifier::new(n).unwrap())
    }

    #[test]
    fn only_cross_module_calls_into_active_modules_fail() {
        let (dfa, fa, hook) = (id("dfa"), id("fa"), id("hook"));
        let stack = [dfa.clone(), hook.clone()];
        // The hook may call a module that is not on the stack, and itself.
        assert!(check(stack.iter(), &hook, &fa, "withdraw_with_ref").is_ok());
        assert!(check(stack.iter(), &hook, &hook, "helper").is_ok());
        // Not the dispatcher.
        let err = check(stack.iter(), &hook, &dfa, "deposit").unwrap_err();
        assert_eq!(err.major_status(), StatusCode::RUNTIME_DISPATCH_ERROR);
    }
}
