//! Named-address assignment over the whole graph, as one global map (the compiler resolves a
//! name to the same address in every package, as Aptos's compiler v2 does).
//!
//! Values come from every package's `[addresses]` (`"_"` declares a name without a value),
//! `addr_subst = { name = "0x.." }` on dependencies, `--named-addresses`, and in dev mode the
//! root's `[dev-addresses]`. As in the Aptos CLI these never override each other: two
//! different values for one name are an error (so is `--named-addresses` against a value in a
//! manifest); a dev address must name an existing address, may not change an assigned one, and
//! may not take the value of another name; and every declared name must end up with a value.
//! Renaming through `addr_subst = { a = "b" }` is not supported.

use std::collections::BTreeMap;

use lumio_move_core_types::account_address::AccountAddress;

use crate::diagnostics::{Code, Diagnostic};
use crate::package::manifest::Substitution;
use crate::package::resolution::PackageGraph;
use crate::source::Span;

#[derive(Clone, Debug)]
enum Origin {
    CommandLine,
    /// Where in which package's manifest.
    Manifest(String, Span),
}

impl Origin {
    fn describe(&self) -> String {
        match self {
            Origin::CommandLine => "--named-addresses".to_string(),
            Origin::Manifest(package, _) => format!("package `{package}`"),
        }
    }

    fn span(&self) -> Option<Span> {
        match self {
            Origin::CommandLine => None,
            Origin::Manifest(_, span) => Some(*span),
        }
    }
}

struct Assigner<'d> {
    values: BTreeMap<String, (AccountAddress, Origin)>,
    diagnostics: &'d mut Vec<Diagnostic>,
    /// A span for diagnostics that have none of their own (the root's package name).
    fallback: Span,
}

impl Assigner<'_> {
    fn assign(&mut self, name: &str, value: AccountAddress, origin: Origin) {
        match self.values.get(name) {
            Some((old, _)) if *old == value => {}
            Some((old, old_origin)) => {
                let message = format!(
                    "named address `{name}` is given two values: {} by {} and {} by {}",
                    old.to_hex_literal(),
                    old_origin.describe(),
                    value.to_hex_literal(),
                    origin.describe()
                );
                let span = origin.span().or(old_origin.span()).unwrap_or(self.fallback);
                let mut d = Diagnostic::error(
                    Code::AddressAssignment,
                    message,
                    span,
                    format!("`{name}` = {}", value.to_hex_literal()),
                );
                if let (Some(_), Some(s)) = (origin.span(), old_origin.span()) {
                    d = d.with_secondary(s, format!("`{name}` = {}", old.to_hex_literal()));
                }
                self.diagnostics.push(d.with_note(
                    "a named address has one value across all packages; remove one of the assignments",
                ));
            }
            None => {
                self.values.insert(name.to_string(), (value, origin));
            }
        }
    }
}

/// Assigns every named address of `graph`. `None` when there is an error (reported).
pub fn assign(
    graph: &PackageGraph,
    command_line: &BTreeMap<String, AccountAddress>,
    dev: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<BTreeMap<String, AccountAddress>> {
    let errors_before = diagnostics.iter().filter(|d| d.is_error()).count();
    let root = graph.root();
    let mut a = Assigner {
        values: BTreeMap::new(),
        diagnostics,
        fallback: root.manifest.name.span,
    };
    for (name, value) in command_line {
        a.assign(name, *value, Origin::CommandLine);
    }
    // Names declared without a value, with where.
    let mut declared: BTreeMap<&str, Vec<(&str, Span)>> = BTreeMap::new();
    for package in &graph.packages {
        for (name, entry) in &package.manifest.addresses {
            declared
                .entry(name)
                .or_default()
                .push((&package.name, entry.span));
            if let Some(value) = entry.value {
                a.assign(
                    name,
                    value,
                    Origin::Manifest(package.name.clone(), entry.span),
                );
            }
        }
        for dep in package.active_dependencies(dev) {
            for (name, subst) in &dep.addr_subst {
                match &subst.value {
                    Substitution::Assign(value) => a.assign(
                        name,
                        *value,
                        Origin::Manifest(package.name.clone(), subst.span),
                    ),
                    Substitution::RenameFrom(from) => a.diagnostics.push(Diagnostic::error(
                        Code::AddressAssignment,
                        format!(
                            "renaming the named address `{from}` of `{}` to `{name}` is not supported",
                            dep.name
                        ),
                        subst.span,
                        "named addresses have one name across all packages",
                    )),
                }
            }
        }
    }
    if dev {
        for (name, entry) in &root.manifest.dev_addresses {
            let origin = Origin::Manifest(root.name.clone(), entry.span);
            if !declared.contains_key(name.as_str()) && !a.values.contains_key(name) {
                a.diagnostics.push(Diagnostic::error(
                    Code::AddressAssignment,
                    format!("the dev address `{name}` is not a named address of any package"),
                    entry.span,
                    "[dev-addresses] can only give values to names declared in [addresses]",
                ));
                continue;
            }
            if let Some((other, (_, other_origin))) = a
                .values
                .iter()
                .find(|(n, (v, _))| *n != name && *v == entry.value)
            {
                let mut d = Diagnostic::error(
                    Code::AddressAssignment,
                    format!(
                        "the dev address `{name}` = {} is also the value of `{other}`",
                        entry.value.to_hex_literal()
                    ),
                    entry.span,
                    "dev addresses must differ from every other address",
                );
                if let Some(s) = other_origin.span() {
                    d = d.with_secondary(s, format!("`{other}` has this value"));
                }
                a.diagnostics.push(d);
                continue;
            }
            a.assign(name, entry.value, origin);
        }
    }
    for (name, places) in &declared {
        if a.values.contains_key(*name) {
            continue;
        }
        let (package, span) = places[0];
        let mut d = Diagnostic::error(
            Code::AddressAssignment,
            format!(
                "named address `{name}` has no value (declared `\"_\"` in package `{package}`)"
            ),
            span,
            "assigned nowhere",
        );
        for &(_, s) in &places[1..] {
            d = d.with_secondary(s, "also declared here");
        }
        a.diagnostics.push(d.with_note(format!(
            "give it a value in [addresses] of {}, with --named-addresses {name}=0x.., \
             or in [dev-addresses] and build with --dev",
            root.dir.file_name("Move.toml")
        )));
    }
    let errors_after = a.diagnostics.iter().filter(|d| d.is_error()).count();
    (errors_after == errors_before)
        .then(|| a.values.into_iter().map(|(n, (v, _))| (n, v)).collect())
}
