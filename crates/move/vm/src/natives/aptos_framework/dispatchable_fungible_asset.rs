//! `0x1::dispatchable_fungible_asset`: `dispatchable_withdraw`, `dispatchable_deposit`,
//! `dispatchable_derived_balance`, `dispatchable_derived_supply`.
//!
//! Each calls the function its last argument (`&FunctionInfo`) names with its other
//! arguments and type arguments, returning what that function returns (Aptos's
//! `native_dispatch`, through [`NativeResult::CallFunction`]; the interpreter checks the
//! target's visibility and signature). The target's module must have been loaded by
//! `function_info::load_function_impl` in this session unless its address is special
//! (`0x0`..`0xf`), else abort 4; a name that is not an identifier aborts 1.
//!
//! Gas (`dispatchable_fungible_asset.dispatch.base`): 551.

use lumio_move_core_types::AccountAddress;

use super::function_info::{DispatchModules, function_info};
use crate::{
    errors::{PartialVMResult, invariant},
    natives::{NativeContext, NativeResult, NativeTable, aptos_stdlib::extension},
    types::Type,
    values::Value,
};

const DISPATCH_BASE: u64 = 551;
/// Abort code when the target's module was not loaded in this transaction.
const EMODULE_NOT_LOADED: u64 = 4;

pub(super) fn register(t: &mut NativeTable, at: AccountAddress) {
    let m = "dispatchable_fungible_asset";
    t.add(at, m, "dispatchable_withdraw", dispatch);
    t.add(at, m, "dispatchable_deposit", dispatch);
    t.add(at, m, "dispatchable_derived_balance", dispatch);
    t.add(at, m, "dispatchable_derived_supply", dispatch);
}

/// Aptos `AccountAddress::is_special`: `0x0` to `0xf`.
fn is_special(a: &AccountAddress) -> bool {
    let bytes: &[u8] = a.as_ref();
    bytes
        .split_last()
        .is_some_and(|(last, rest)| *last < 0x10 && rest.iter().all(|x| *x == 0))
}

fn dispatch(
    cx: &mut NativeContext<'_>,
    tys: &[Type],
    mut a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let info = a
        .pop()
        .ok_or_else(|| invariant("dispatch native without a FunctionInfo"))?;
    let (module, function) = match function_info(&info)? {
        Ok(x) => x,
        Err(code) => return Ok(NativeResult::Abort(code)),
    };
    if !is_special(module.address()) && !extension::<DispatchModules>(cx)?.loaded.contains(&module)
    {
        return Ok(NativeResult::Abort(EMODULE_NOT_LOADED));
    }
    cx.charge(DISPATCH_BASE)?;
    Ok(NativeResult::CallFunction {
        module,
        function,
        ty_args: tys.to_vec(),
        args: a,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_addresses_are_0x0_to_0xf() {
        let a = |h: &str| AccountAddress::from_hex_literal(h).unwrap();
        assert!(is_special(&a("0x0")));
        assert!(is_special(&a("0x1")));
        assert!(is_special(&a("0xf")));
        assert!(!is_special(&a("0x10")));
        assert!(!is_special(&a(
            "0x100000000000000000000000000000000000000000000000000000000000001"
        )));
    }
}
