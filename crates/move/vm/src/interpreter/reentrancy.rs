//! The module lock of native dynamic dispatch (Aptos AIP-73, `reentrancy_checker.rs`).
//!
//! Modules with a function on the call stack are *active* (a bag: counted once per
//! cross-module entry, and the entry function's module). A dispatch from a native
//! (`NativeResult::CallFunction`, e.g. `dispatchable_fungible_asset`) turns on the lock until
//! the dispatched function returns; while it is on, a cross-module call into an active module
//! — the dispatch target itself included — is `RUNTIME_DISPATCH_ERROR`. So a fungible-asset
//! hook cannot call back into the framework code that dispatched to it. (Aptos also locks the
//! resources of a module entered twice, which only closures can do; v8 closures are not
//! supported here.)

use std::collections::{BTreeMap, btree_map::Entry};

use lumio_move_core_types::{ModuleId, StatusCode};

use crate::errors::{PartialVMError, PartialVMResult, invariant};

/// Active modules and the module-lock depth of one top-level call.
#[derive(Debug, Default)]
pub(crate) struct ReentrancyChecker {
    active: BTreeMap<ModuleId, usize>,
    lock: usize,
}

impl ReentrancyChecker {
    /// Entering `callee` from a function of `caller` (`None`: the top-level call),
    /// by native dispatch if `dispatched`.
    pub(crate) fn enter(
        &mut self,
        caller: Option<&ModuleId>,
        callee: &ModuleId,
        function: &str,
        dispatched: bool,
    ) -> PartialVMResult<()> {
        if dispatched {
            self.lock += 1;
        }
        if caller == Some(callee) {
            return Ok(());
        }
        if self.lock > 0 && self.active.contains_key(callee) {
            return Err(
                PartialVMError::new(StatusCode::RUNTIME_DISPATCH_ERROR).with_message(format!(
                    "reentrancy disallowed: reentering `{callee}` via function `{function}` \
                     (module lock is active)"
                )),
            );
        }
        *self.active.entry(callee.clone()).or_default() += 1;
        Ok(())
    }

    /// Returning from `callee` to a function of `caller`.
    pub(crate) fn exit(
        &mut self,
        caller: &ModuleId,
        callee: &ModuleId,
        dispatched: bool,
    ) -> PartialVMResult<()> {
        if caller != callee {
            match self.active.entry(callee.clone()) {
                Entry::Occupied(mut e) => {
                    if *e.get() == 1 {
                        e.remove();
                    } else {
                        *e.get_mut() -= 1;
                    }
                }
                Entry::Vacant(_) => return Err(invariant("unbalanced reentrancy bookkeeping")),
            }
        }
        if dispatched {
            self.lock = self
                .lock
                .checked_sub(1)
                .ok_or_else(|| invariant("unbalanced module lock"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use lumio_move_core_types::{AccountAddress, Identifier};

    use super::*;

    fn id(n: &str) -> ModuleId {
        ModuleId::new(AccountAddress::ONE, Identifier::new(n).unwrap())
    }

    #[test]
    fn lock_forbids_reentering_active_modules_until_the_dispatch_returns() {
        let (dfa, fa, hook) = (id("dfa"), id("fa"), id("hook"));
        let mut c = ReentrancyChecker::default();
        c.enter(None, &dfa, "withdraw", false).unwrap();
        // Without the lock, a regular call into fa and back out.
        c.enter(Some(&dfa), &fa, "check", false).unwrap();
        c.exit(&dfa, &fa, false).unwrap();
        // Dispatch into the hook: lock on.
        c.enter(Some(&dfa), &hook, "withdraw", true).unwrap();
        // The hook may call fa (not active) ...
        c.enter(Some(&hook), &fa, "withdraw_with_ref", false)
            .unwrap();
        c.exit(&hook, &fa, false).unwrap();
        // ... but not dfa, which is active.
        let err = c.enter(Some(&hook), &dfa, "deposit", false).unwrap_err();
        assert_eq!(err.major_status(), StatusCode::RUNTIME_DISPATCH_ERROR);
        c.exit(&dfa, &hook, true).unwrap();
        // Lock off again: a regular call into fa is fine.
        c.enter(Some(&dfa), &fa, "x", false).unwrap();
        // Unbalanced exits are invariant errors, not panics.
        c.exit(&dfa, &fa, false).unwrap();
        assert!(c.exit(&dfa, &fa, false).is_err());
        assert!(c.exit(&dfa, &dfa, true).is_err());
    }

    #[test]
    fn dispatch_to_an_active_module_fails() {
        let (a, b) = (id("a"), id("b"));
        let mut c = ReentrancyChecker::default();
        c.enter(None, &a, "f", false).unwrap();
        c.enter(Some(&a), &b, "g", false).unwrap();
        // b's native dispatches back into a.
        assert!(c.enter(Some(&b), &a, "h", true).is_err());
    }
}
