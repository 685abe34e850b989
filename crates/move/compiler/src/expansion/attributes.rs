//! Attributes: the known ones are read into the model; unknown ones warn (as Aptos).

use lumio_move_core_types::account_address::AccountAddress;

use crate::CompileOptions;
use crate::diagnostics::{Code, Diagnostic};
use crate::expansion::resolve_address;
use crate::model::FunAttrs;
use crate::parser::ast;

/// Attribute names the Aptos compiler knows (others get a warning).
const KNOWN: &[&str] = &[
    "test",
    "test_only",
    "expected_failure",
    "verify_only",
    "view",
    "event",
    "resource_group",
    "resource_group_member",
    "deprecated",
    "persistent",
    "module_lock",
    "randomness",
    "legacy_entry_fun",
    "native_interface",
    "bytecode_instruction",
    "lint::skip",
    "lint::allow_unsafe_randomness",
    "fmt::skip",
    "mutation::skip",
];

/// Warns about every unknown attribute in `attributes`.
pub(crate) fn check_known(attributes: &ast::Attributes, diags: &mut Vec<Diagnostic>) {
    for a in attributes.iter().flat_map(|g| &g.attributes) {
        let name = &a.name().value;
        if !KNOWN.contains(&name.as_str()) && !name.starts_with("lint::") {
            diags.push(Diagnostic::warning(
                Code::InvalidAttribute,
                format!("unknown attribute `{name}`"),
                a.span,
                "ignored",
            ));
        }
    }
}

/// The attributes of a function (except `expected_failure`, which needs constants and is
/// read by the typing stage).
pub(crate) fn fun_attrs(
    f: &ast::Function,
    options: &CompileOptions,
    diags: &mut Vec<Diagnostic>,
) -> FunAttrs {
    check_known(&f.attributes, diags);
    let mut attrs = FunAttrs::default();
    for a in f.attributes.iter().flat_map(|g| &g.attributes) {
        match a.name().value.as_str() {
            "view" => attrs.view = true,
            "test_only" => attrs.test_only = true,
            "deprecated" => attrs.deprecated = true,
            "persistent" => attrs.persistent = true,
            "test" => {
                let mut signers = Vec::new();
                if let ast::AttributeKind::Parameterized(_, inner) = &a.kind {
                    for i in inner {
                        match test_signer(i, options) {
                            Ok(s) => signers.push(s),
                            Err(d) => diags.push(d),
                        }
                    }
                }
                attrs.test = Some(signers);
            }
            _ => {}
        }
    }
    attrs
}

/// `a = @0x1` inside `#[test(..)]`.
fn test_signer(
    a: &ast::Attribute,
    options: &CompileOptions,
) -> Result<(String, AccountAddress), Diagnostic> {
    let bad = || {
        Diagnostic::error(
            Code::InvalidAttribute,
            "a test signer is written `name = @address`",
            a.span,
            "expected `name = @address`",
        )
    };
    match &a.kind {
        ast::AttributeKind::Assigned(name, ast::AttributeValue::Value(v)) => match &v.kind {
            ast::ValueKind::Address(addr) => {
                Ok((name.value.clone(), resolve_address(addr, options)?))
            }
            _ => Err(bad()),
        },
        _ => Err(bad()),
    }
}
