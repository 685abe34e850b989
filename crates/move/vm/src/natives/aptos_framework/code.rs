//! `0x1::code`: `request_publish(owner, expected_modules, bundle, policy)` and
//! `request_publish_with_allowed_deps(owner, expected_modules, allowed_deps, bundle, policy)`.
//!
//! As in Aptos, the natives only record the request ([`PublishRequest`], in the session's
//! [`CodeContext`]); the session acts on it after the Move call returns
//! (`Session::publish_requested`: names and dependencies checked against the request, then
//! the bundle published from `destination`, with upgrade checks unless the policy is
//! arbitrary). A second request in one session aborts
//! `0x03_0000` (`EALREADY_REQUESTED`). With allowed dependencies, the package's own modules
//! (`destination`, `expected_modules`) are added to them; an empty module name allows every
//! module at that address.
//!
//! Gas (`code.request_publish.*`): 1,838, then 7 per byte of each module's code, per byte
//! of each allowed dependency's module name plus 32 for each new address, and per byte of
//! each expected module name (in that order, as Aptos charges them).

use std::collections::{BTreeMap, BTreeSet};

use lumio_move_core_types::AccountAddress;

use crate::{
    errors::{PartialVMResult, invariant},
    natives::{NativeContext, NativeResult, NativeTable, aptos_stdlib::extension},
    types::Type,
    values::{Value, read},
};

const REQUEST_PUBLISH_BASE: u64 = 1_838;
const REQUEST_PUBLISH_PER_BYTE: u64 = 7;
/// `invalid_state(0)`: publishing requested twice in one transaction.
const EALREADY_REQUESTED: u64 = 0x03_0000;
/// `code::upgrade_policy_arbitrary()`.
const ARBITRARY_POLICY: u8 = 0;

/// A publish request made from Move (Aptos `PublishRequest`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishRequest {
    /// The account the modules are published at.
    pub destination: AccountAddress,
    /// The modules' bytes.
    pub bundle: Vec<Vec<u8>>,
    /// The names of the modules the package metadata lists.
    pub expected_modules: BTreeSet<String>,
    /// The only dependencies allowed, by address (an empty name allows the whole address);
    /// `None` for no restriction.
    pub allowed_deps: Option<BTreeMap<AccountAddress, BTreeSet<String>>>,
    /// Whether the upgrade must be compatible (any policy but arbitrary).
    pub check_compat: bool,
}

/// The session's pending publish request (a native extension).
#[derive(Debug, Default)]
pub struct CodeContext {
    /// The request, if one was made.
    pub request: Option<PublishRequest>,
}

pub(super) fn register(t: &mut NativeTable, at: AccountAddress) {
    t.add(at, "code", "request_publish", request_publish);
    t.add(
        at,
        "code",
        "request_publish_with_allowed_deps",
        request_publish_with_allowed_deps,
    );
}

fn per_byte(n: usize) -> u64 {
    REQUEST_PUBLISH_PER_BYTE.saturating_mul(n as u64)
}

/// The elements of a vector value.
fn elems(v: &Value) -> PartialVMResult<std::cell::Ref<'_, Vec<Value>>> {
    read(v.container()?)
}

/// The text of a `String` value (UTF-8 by construction).
fn string(v: &Value) -> PartialVMResult<String> {
    let bytes = elems(v)?
        .first()
        .ok_or_else(|| invariant("string without bytes"))?
        .as_bytes()?;
    String::from_utf8(bytes).map_err(|_| invariant("String that is not UTF-8"))
}

fn request(
    cx: &mut NativeContext<'_>,
    destination: &Value,
    expected: &Value,
    allowed: Option<&Value>,
    bundle: &Value,
    policy: &Value,
) -> PartialVMResult<NativeResult> {
    cx.charge(REQUEST_PUBLISH_BASE)?;
    let check_compat = match policy {
        Value::U8(p) => *p != ARBITRARY_POLICY,
        other => return Err(invariant(format!("policy {other:?}"))),
    };
    let mut code = Vec::new();
    for m in elems(bundle)?.iter() {
        let bytes = m.as_bytes()?;
        cx.charge(per_byte(bytes.len()))?;
        code.push(bytes);
    }
    let mut allowed_deps = match allowed {
        Some(deps) => {
            let mut map: BTreeMap<AccountAddress, BTreeSet<String>> = BTreeMap::new();
            for dep in elems(deps)?.iter() {
                let fields = elems(dep)?;
                let [account, name] = fields.as_slice() else {
                    return Err(invariant("AllowedDep has two fields"));
                };
                let account = account.as_address()?;
                let name = string(name)?;
                if !map.contains_key(&account) {
                    cx.charge(per_byte(32))?;
                }
                cx.charge(per_byte(name.len()))?;
                map.entry(account).or_default().insert(name);
            }
            Some(map)
        }
        None => None,
    };
    let mut expected_modules = BTreeSet::new();
    for name in elems(expected)?.iter() {
        let name = string(name)?;
        cx.charge(per_byte(name.len()))?;
        expected_modules.insert(name);
    }
    let destination = destination.as_address()?;
    if let Some(deps) = &mut allowed_deps {
        deps.entry(destination)
            .or_default()
            .extend(expected_modules.iter().cloned());
    }
    let ctx = extension::<CodeContext>(cx)?;
    if ctx.request.is_some() {
        return Ok(NativeResult::Abort(EALREADY_REQUESTED));
    }
    ctx.request = Some(PublishRequest {
        destination,
        bundle: code,
        expected_modules,
        allowed_deps,
        check_compat,
    });
    Ok(NativeResult::Return(vec![]))
}

/// `request_publish(owner: address, expected_modules: vector<String>, bundle:
/// vector<vector<u8>>, policy: u8)`.
fn request_publish(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [owner, expected, bundle, policy] = crate::natives::args(a)?;
    request(cx, &owner, &expected, None, &bundle, &policy)
}

/// `request_publish_with_allowed_deps(owner: address, expected_modules: vector<String>,
/// allowed_deps: vector<AllowedDep>, bundle: vector<vector<u8>>, policy: u8)`.
fn request_publish_with_allowed_deps(
    cx: &mut NativeContext<'_>,
    _: &[Type],
    a: Vec<Value>,
) -> PartialVMResult<NativeResult> {
    let [owner, expected, allowed, bundle, policy] = crate::natives::args(a)?;
    request(cx, &owner, &expected, Some(&allowed), &bundle, &policy)
}
