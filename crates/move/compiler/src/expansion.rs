//! Stage 2, expansion: resolves addresses, modules, `use`s and declarations of every package
//! into a [`Program`] (structs, function signatures, constants' types), and keeps the name
//! scopes the typing stage resolves body names in ([`Scopes`]).
//!
//! Steps: collect the modules of every file (test-only code dropped outside test mode), give
//! each its numeric [`ModuleId`], order them so that a module comes after the modules it uses
//! ([`deps`]), build each module's scope (`use` aliases, own members), then resolve struct
//! fields, function signatures and constant types ([`decls`]) and check them (ability rules of
//! fields, constraints of type arguments).

mod attributes;
pub(crate) mod decls;
mod deps;
pub mod scope;

use std::collections::BTreeMap;

use lumio_move_core_types::account_address::AccountAddress;

use crate::CompileOptions;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{ModuleId, ModuleIdx, Program};
use crate::parser::ast;
use crate::source::Span;
pub use scope::{ModuleScope, Scopes};

/// A parsed file and the package it belongs to.
#[derive(Clone, Debug)]
pub struct ParsedFile {
    /// The package (index into the compilation's input packages).
    pub package: u32,
    /// The file's AST.
    pub ast: ast::File,
}

/// Where a module or script is in the parsed files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AstLoc {
    /// Index into the parsed files.
    pub file: usize,
    /// Index into the file's definitions.
    pub definition: usize,
    /// Index into an address block's modules (`None` for `module a::m` and scripts).
    pub in_block: Option<usize>,
}

impl AstLoc {
    /// The module at this location.
    pub fn module<'a>(&self, files: &'a [ParsedFile]) -> Option<&'a ast::Module> {
        match (
            files.get(self.file)?.ast.definitions.get(self.definition)?,
            self.in_block,
        ) {
            (ast::Definition::Module(m), None) => Some(m),
            (ast::Definition::Address(b), Some(i)) => b.modules.get(i),
            _ => None,
        }
    }

    /// The script at this location.
    pub fn script<'a>(&self, files: &'a [ParsedFile]) -> Option<&'a ast::Script> {
        match files.get(self.file)?.ast.definitions.get(self.definition)? {
            ast::Definition::Script(s) => Some(s),
            _ => None,
        }
    }
}

/// Whether `attributes` contain one named `name`.
pub(crate) fn has_attribute(attributes: &ast::Attributes, name: &str) -> bool {
    attributes
        .iter()
        .flat_map(|g| &g.attributes)
        .any(|a| a.name().value == name)
}

/// Whether a member with these attributes is compiled in this mode: `#[test]` and
/// `#[test_only]` only in test mode, `#[verify_only]` never.
pub(crate) fn is_compiled(attributes: &ast::Attributes, options: &CompileOptions) -> bool {
    if has_attribute(attributes, "verify_only") {
        return false;
    }
    options.test_mode
        || !(has_attribute(attributes, "test_only") || has_attribute(attributes, "test"))
}

/// Resolves an address as written: a number (hex `0x..` or decimal) or a named address.
pub fn resolve_address(
    name: &ast::LeadingName,
    options: &CompileOptions,
) -> Result<AccountAddress, Diagnostic> {
    match name {
        ast::LeadingName::Address(n) => parse_address_number(&n.value).ok_or_else(|| {
            Diagnostic::error(
                Code::InvalidLiteral,
                format!("invalid address `{}`", n.value),
                n.span,
                "an address is at most 32 bytes",
            )
        }),
        ast::LeadingName::Name(n) => options
            .named_addresses
            .get(&n.value)
            .copied()
            .ok_or_else(|| unassigned_address(&n.value, n.span)),
    }
}

fn unassigned_address(name: &str, span: Span) -> Diagnostic {
    Diagnostic::error(
        Code::UnassignedAddress,
        format!("named address `{name}` has no value"),
        span,
        "not assigned",
    )
    .with_note("assign it in Move.toml's [addresses] or with --named-addresses name=0x..")
}

/// Parses `0x1F`, `0x0000..01` or decimal `42` (underscores allowed) into an address.
pub fn parse_address_number(text: &str) -> Option<AccountAddress> {
    let text: String = text.chars().filter(|c| *c != '_').collect();
    let mut bytes = [0u8; 32];
    if let Some(hex) = text.strip_prefix("0x") {
        if hex.is_empty() || hex.len() > 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let padded = format!("{hex:0>64}");
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&padded[2 * i..2 * i + 2], 16).ok()?;
        }
    } else {
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // Decimal: multiply-add into a big-endian 256-bit accumulator.
        for digit in text.bytes().map(|b| b - b'0') {
            let mut carry = u16::from(digit);
            for byte in bytes.iter_mut().rev() {
                let v = u16::from(*byte) * 10 + carry;
                *byte = v as u8;
                carry = v >> 8;
            }
            if carry != 0 {
                return None;
            }
        }
    }
    AccountAddress::from_bytes(bytes).ok()
}

/// A module found in the files, before ordering.
struct Found<'a> {
    id: ModuleId,
    package: u32,
    loc: AstLoc,
    module: &'a ast::Module,
}

/// Builds the program's declarations from the parsed files.
pub fn expand(
    files: &[ParsedFile],
    options: &CompileOptions,
) -> (Program, Scopes, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut found: Vec<Found<'_>> = Vec::new();
    let mut scripts = Vec::new();
    for (file_index, file) in files.iter().enumerate() {
        for (def_index, def) in file.ast.definitions.iter().enumerate() {
            match def {
                ast::Definition::Module(m) => {
                    let loc = AstLoc {
                        file: file_index,
                        definition: def_index,
                        in_block: None,
                    };
                    let Some(address) = &m.address else {
                        if is_compiled(&m.attributes, options) {
                            diags.push(Diagnostic::error(
                                Code::UnboundName,
                                format!("module `{}` has no address", m.name.value),
                                m.name.span,
                                "write `module address::name` or put it in an `address` block",
                            ));
                        }
                        continue;
                    };
                    add_module(
                        &mut found,
                        &mut diags,
                        options,
                        file.package,
                        loc,
                        address,
                        m,
                    );
                }
                ast::Definition::Address(block) => {
                    for (i, m) in block.modules.iter().enumerate() {
                        let loc = AstLoc {
                            file: file_index,
                            definition: def_index,
                            in_block: Some(i),
                        };
                        let address = m.address.as_ref().unwrap_or(&block.address);
                        add_module(
                            &mut found,
                            &mut diags,
                            options,
                            file.package,
                            loc,
                            address,
                            m,
                        );
                    }
                }
                ast::Definition::Script(s) => {
                    if is_compiled(&s.attributes, options) {
                        scripts.push((
                            file.package,
                            AstLoc {
                                file: file_index,
                                definition: def_index,
                                in_block: None,
                            },
                        ));
                    }
                }
            }
        }
    }
    // Duplicate modules.
    let mut by_id: BTreeMap<ModuleId, usize> = BTreeMap::new();
    let mut unique = Vec::new();
    for f in found {
        if let Some(&first) = by_id.get(&f.id) {
            let first: &Found<'_> = &unique[first];
            let code = if first.package != f.package {
                Code::PackageConflict
            } else {
                Code::DuplicateDeclaration
            };
            diags.push(
                Diagnostic::error(
                    code,
                    format!("module `{}` is declared twice", f.id),
                    f.module.name.span,
                    "declared again here",
                )
                .with_secondary(first.module.name.span, "first declared here"),
            );
            continue;
        }
        by_id.insert(f.id.clone(), unique.len());
        unique.push(f);
    }
    // Order by dependencies.
    let modules_ast: Vec<(ModuleId, &ast::Module)> =
        unique.iter().map(|f| (f.id.clone(), f.module)).collect();
    let Some(order) = deps::order(&modules_ast, options, &mut diags) else {
        return (Program::default(), Scopes::default(), diags);
    };
    let ordered: Vec<&Found<'_>> = order.iter().map(|&i| &unique[i]).collect();
    let index: BTreeMap<ModuleId, ModuleIdx> = ordered
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.clone(), ModuleIdx(i as u32)))
        .collect();
    // Scopes and declarations.
    let mut program = Program::default();
    let mut scopes = Scopes {
        module_index: index,
        ..Scopes::default()
    };
    for (i, f) in ordered.iter().enumerate() {
        let scope = scope::module_scope(
            f.module,
            Some(ModuleIdx(i as u32)),
            f.package,
            f.loc,
            options,
            &mut diags,
        );
        scopes.modules.push(scope);
        program
            .modules
            .push(decls::module_shell(f.id.clone(), f.package, f.module));
    }
    for (package, loc) in &scripts {
        let Some(s) = loc.script(files) else { continue };
        let scope = scope::script_scope(s, *package, *loc, options, &mut diags);
        scopes.scripts.push(scope);
    }
    check_uses(&scopes, &mut diags);
    decls::resolve_all(&mut program, &scopes, files, options, &mut diags);
    (program, scopes, diags)
}

/// Every `use` names a module of the program and, for member uses, one of its members.
fn check_uses(scopes: &Scopes, diags: &mut Vec<Diagnostic>) {
    for scope in scopes.modules.iter().chain(&scopes.scripts) {
        for (id, span) in scope.module_aliases.values() {
            if scopes.module_idx(id).is_none() {
                diags.push(Diagnostic::error(
                    Code::UnboundName,
                    format!("unbound module `{id}`"),
                    *span,
                    "no such module in this package or its dependencies",
                ));
            }
        }
        for (id, member, span) in scope.member_aliases.values() {
            match scopes.module_idx(id) {
                None => diags.push(Diagnostic::error(
                    Code::UnboundName,
                    format!("unbound module `{id}`"),
                    *span,
                    "no such module in this package or its dependencies",
                )),
                Some(m) => {
                    let s = &scopes.modules[m.0 as usize];
                    if !s.structs.contains_key(member)
                        && !s.funs.contains_key(member)
                        && !s.consts.contains_key(member)
                    {
                        diags.push(Diagnostic::error(
                            Code::UnboundName,
                            format!("`{id}` has no member `{member}`"),
                            *span,
                            "unknown member",
                        ));
                    }
                }
            }
        }
    }
}

fn add_module<'a>(
    found: &mut Vec<Found<'a>>,
    diags: &mut Vec<Diagnostic>,
    options: &CompileOptions,
    package: u32,
    loc: AstLoc,
    address: &ast::LeadingName,
    module: &'a ast::Module,
) {
    if !is_compiled(&module.attributes, options) {
        return;
    }
    match resolve_address(address, options) {
        Ok(address) => found.push(Found {
            id: ModuleId {
                address,
                name: module.name.value.clone(),
            },
            package,
            loc,
            module,
        }),
        Err(d) => diags.push(d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_parse_in_hex_and_decimal() {
        assert_eq!(
            parse_address_number("0x1").unwrap(),
            AccountAddress::from_hex_literal("0x1").unwrap()
        );
        assert_eq!(
            parse_address_number("10").unwrap(),
            AccountAddress::from_hex_literal("0xa").unwrap()
        );
        assert_eq!(
            parse_address_number("0x1_0").unwrap(),
            AccountAddress::from_hex_literal("0x10").unwrap()
        );
        assert!(parse_address_number("0x").is_none());
        assert!(parse_address_number(&format!("0x{}", "1".repeat(65))).is_none());
        assert!(parse_address_number(&"9".repeat(80)).is_none());
        assert!(parse_address_number("12a").is_none());
    }
}
