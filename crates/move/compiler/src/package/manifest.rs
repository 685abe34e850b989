//! `Move.toml`: the manifest of a package, parsed with spans so every problem points at the
//! line of the manifest it is about.
//!
//! The accepted shape is the Aptos CLI's (`move-package`'s `manifest_parser.rs`, read for the
//! rules): `[package]` needs `name` and `version` (`"a.b.c"`); `authors` (strings) and
//! `license` are known; any other key must be a string and is kept as a custom property
//! (`upgrade_policy` is the one Aptos reads) with a warning if it is not `upgrade_policy`.
//! `[addresses]` maps names to `"0x.."` or `"_"` (assigned elsewhere); `[dev-addresses]` only to
//! addresses. A dependency gives exactly one of `local`, `git` (with `rev`, optional `subdir`)
//! or `aptos` (a node, with `address`), plus optional `addr_subst`, `version`, `digest`.
//! Unknown sections and keys are warnings, as in Aptos.

use std::collections::BTreeMap;
use std::path::PathBuf;

use lumio_move_core_types::account_address::AccountAddress;
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// A value and the span of the manifest text it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it is written.
    pub span: Span,
}

/// How a published package may be upgraded (`code.move`'s `UpgradePolicy`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum UpgradePolicy {
    /// `arbitrary` (0): no compatibility checks (not accepted on Aptos mainnet).
    Arbitrary = 0,
    /// `compatible` (1): the default.
    Compatible = 1,
    /// `immutable` (2): never upgraded.
    Immutable = 2,
}

impl UpgradePolicy {
    /// The `policy: u8` of the Move struct.
    pub fn number(self) -> u8 {
        self as u8
    }
}

/// A parsed `Move.toml`.
#[derive(Clone, Debug)]
pub struct Manifest {
    /// The manifest file (in the build's source files).
    pub file: FileId,
    /// `[package] name`.
    pub name: Located<String>,
    /// `[package] version` as `(major, minor, patch)`.
    pub version: (u64, u64, u64),
    /// `[package] authors`.
    pub authors: Vec<String>,
    /// `[package] license`.
    pub license: Option<String>,
    /// `[package] upgrade_policy` (default `compatible`).
    pub upgrade_policy: UpgradePolicy,
    /// Other `[package]` keys (string values), as Aptos keeps them.
    pub custom_properties: BTreeMap<String, String>,
    /// `[addresses]`: `None` for `"_"`.
    pub addresses: BTreeMap<String, Located<Option<AccountAddress>>>,
    /// `[dev-addresses]`.
    pub dev_addresses: BTreeMap<String, Located<AccountAddress>>,
    /// `[dependencies]`, by name.
    pub dependencies: BTreeMap<String, Dependency>,
    /// `[dev-dependencies]`, by name.
    pub dev_dependencies: BTreeMap<String, Dependency>,
}

/// One entry of `[dependencies]` or `[dev-dependencies]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    /// The package name it must have.
    pub name: String,
    /// The span of the entry's key.
    pub span: Span,
    /// Where the package is.
    pub location: DependencyLocation,
    /// `addr_subst`: named addresses assigned or renamed for this dependency.
    pub addr_subst: BTreeMap<String, Located<Substitution>>,
    /// `digest`: the source digest the dependency must have.
    pub digest: Option<Located<String>>,
}

/// Where a dependency's package is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DependencyLocation {
    /// `local = "../path"`, relative to the manifest's directory.
    Local(PathBuf),
    /// `git = URL, rev = REV, subdir = DIR`.
    Git {
        /// The repository URL.
        url: String,
        /// The branch, tag or commit.
        rev: String,
        /// The package's folder in the repository (empty for the root).
        subdir: String,
    },
    /// `aptos = NODE_URL, address = ADDR`: a package published on chain.
    Node {
        /// The node's URL (or network name).
        node: String,
        /// The account the package is published at.
        address: String,
    },
}

/// One `addr_subst` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Substitution {
    /// `name = "0x.."`: assigns the dependency's named address.
    Assign(AccountAddress),
    /// `name = "other"`: the dependency's `other` is known here as `name`.
    RenameFrom(String),
}

/// Parses a named-address value as Aptos does: `0x` + 1..64 hex digits, or 64 hex digits.
pub fn parse_address(text: &str) -> Option<AccountAddress> {
    text.parse().ok()
}

/// Parses `text` (the contents of `file`). Returns the manifest when there is no error, and
/// every diagnostic (errors and warnings).
pub fn parse(text: &str, file: FileId) -> (Option<Manifest>, Vec<Diagnostic>) {
    let mut p = Parser {
        file,
        diagnostics: Vec::new(),
    };
    let manifest = p.manifest(text);
    let ok = !p.diagnostics.iter().any(Diagnostic::is_error);
    (manifest.filter(|_| ok), p.diagnostics)
}

const TOP_LEVEL: &[&str] = &[
    "package",
    "build",
    "addresses",
    "dev-addresses",
    "dependencies",
    "dev-dependencies",
];
const PACKAGE_KEYS: &[&str] = &["name", "version", "authors", "license", "upgrade_policy"];
const DEPENDENCY_KEYS: &[&str] = &[
    "addr_subst",
    "version",
    "local",
    "digest",
    "git",
    "rev",
    "subdir",
    "address",
    "aptos",
];

type Entry<'i> = (&'i Spanned<DeString<'i>>, &'i Spanned<DeValue<'i>>);

struct Parser {
    file: FileId,
    diagnostics: Vec<Diagnostic>,
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

impl Parser {
    fn span(&self, range: std::ops::Range<usize>) -> Span {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span::new(self.file, clamp(range.start), clamp(range.end))
    }

    fn error(&mut self, span: Span, message: impl Into<String>, label: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(
            Code::InvalidManifest,
            message,
            span,
            label,
        ));
    }

    fn warn(&mut self, span: Span, message: impl Into<String>, label: impl Into<String>) {
        self.diagnostics.push(Diagnostic::warning(
            Code::InvalidManifest,
            message,
            span,
            label,
        ));
    }

    fn warn_unknown(&mut self, table: &DeTable<'_>, known: &[&str], section: &str) {
        for (key, _) in table {
            if !known.contains(&key.get_ref().as_ref()) {
                let span = self.span(key.span());
                self.warn(
                    span,
                    format!("unknown field `{}` in {section}", key.get_ref()),
                    format!("expected one of {}", known.join(", ")),
                );
            }
        }
    }

    fn table<'i>(
        &mut self,
        value: &'i Spanned<DeValue<'i>>,
        what: &str,
    ) -> Option<&'i DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                let span = self.span(value.span());
                self.error(
                    span,
                    format!("{what} must be a table"),
                    format!("found {}", type_name(other)),
                );
                None
            }
        }
    }

    fn string<'i>(&mut self, value: &'i Spanned<DeValue<'i>>, what: &str) -> Option<&'i str> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.as_ref()),
            other => {
                let span = self.span(value.span());
                self.error(
                    span,
                    format!("{what} must be a string"),
                    format!("found {}", type_name(other)),
                );
                None
            }
        }
    }

    fn manifest(&mut self, text: &str) -> Option<Manifest> {
        let root = match DeTable::parse(text) {
            Ok(t) => t,
            Err(e) => {
                let span = self.span(e.span().unwrap_or(0..0));
                let message = e.message().trim().to_string();
                self.error(span, format!("invalid TOML: {message}"), message);
                return None;
            }
        };
        let root = root.get_ref();
        self.warn_unknown(root, TOP_LEVEL, "the manifest");
        let Some((_, package)) = root.get_key_value("package") else {
            self.error(
                self.span(0..0),
                "the manifest has no [package] section",
                "a `[package]` with `name` and `version` is required",
            );
            return None;
        };
        let package_span = self.span(package.span());
        let package = self.table(package, "[package]")?;
        let name = self.package_name(package, package_span);
        let version = self.version(package, package_span);
        let authors = match package.get("authors") {
            None => Vec::new(),
            Some(v) => match v.get_ref() {
                DeValue::Array(items) => items
                    .iter()
                    .filter_map(|a| self.string(a, "an author").map(str::to_string))
                    .collect(),
                other => {
                    let span = self.span(v.span());
                    self.error(
                        span,
                        "`authors` must be an array of strings",
                        format!("found {}", type_name(other)),
                    );
                    Vec::new()
                }
            },
        };
        // Aptos keeps any value of `license` as its text.
        let license = package.get("license").map(|v| match v.get_ref() {
            DeValue::String(s) => s.to_string(),
            _ => text[v.span()].to_string(),
        });
        self.warn_unknown(package, PACKAGE_KEYS, "[package]");
        let mut custom_properties = BTreeMap::new();
        let mut upgrade_policy = UpgradePolicy::Compatible;
        for (key, value) in package {
            let key = key.get_ref().as_ref();
            if ["name", "version", "authors", "license"].contains(&key) {
                continue;
            }
            let Some(s) = self.string(value, &format!("`{key}`")) else {
                continue;
            };
            if key == "upgrade_policy" {
                upgrade_policy = match s {
                    "arbitrary" => UpgradePolicy::Arbitrary,
                    "compatible" => UpgradePolicy::Compatible,
                    "immutable" => UpgradePolicy::Immutable,
                    _ => {
                        let span = self.span(value.span());
                        self.error(
                            span,
                            format!("unknown upgrade policy `{s}`"),
                            "expected `arbitrary`, `compatible` or `immutable`",
                        );
                        UpgradePolicy::Compatible
                    }
                };
            }
            custom_properties.insert(key.to_string(), s.to_string());
        }
        if let Some(build) = root.get("build")
            && let Some(build) = self.table(build, "[build]")
        {
            self.warn_unknown(build, &["language_version", "compiler_version"], "[build]");
        }
        let addresses = match root.get("addresses") {
            Some(v) => self.addresses(v),
            None => BTreeMap::new(),
        };
        let dev_addresses = match root.get("dev-addresses") {
            Some(v) => self.dev_addresses(v),
            None => BTreeMap::new(),
        };
        let dependencies = match root.get("dependencies") {
            Some(v) => self.dependencies(v, "[dependencies]"),
            None => BTreeMap::new(),
        };
        let dev_dependencies = match root.get("dev-dependencies") {
            Some(v) => self.dependencies(v, "[dev-dependencies]"),
            None => BTreeMap::new(),
        };
        Some(Manifest {
            file: self.file,
            name: name?,
            version: version?,
            authors,
            license,
            upgrade_policy,
            custom_properties,
            addresses,
            dev_addresses,
            dependencies,
            dev_dependencies,
        })
    }

    fn package_name(&mut self, package: &DeTable<'_>, section: Span) -> Option<Located<String>> {
        let Some(v) = package.get("name") else {
            self.error(
                section,
                "[package] has no `name`",
                "`name = \"...\"` is required",
            );
            return None;
        };
        let name = self.string(v, "the package name")?;
        let span = self.span(v.span());
        if !is_package_name(name) {
            self.error(
                span,
                format!("invalid package name `{name}`"),
                "a package name is letters, digits, `_` and `-`, not starting with a digit",
            );
            return None;
        }
        Some(Located {
            value: name.to_string(),
            span,
        })
    }

    fn version(&mut self, package: &DeTable<'_>, section: Span) -> Option<(u64, u64, u64)> {
        let Some(v) = package.get("version") else {
            self.error(
                section,
                "[package] has no `version`",
                "`version = \"0.0.0\"` is required",
            );
            return None;
        };
        let text = self.string(v, "the package version")?;
        let parts: Vec<Option<u64>> = text.split('.').map(|p| p.parse().ok()).collect();
        match parts.as_slice() {
            [Some(a), Some(b), Some(c)] => Some((*a, *b, *c)),
            _ => {
                let span = self.span(v.span());
                self.error(
                    span,
                    format!("invalid version `{text}`"),
                    "expected `<major>.<minor>.<patch>` (three numbers)",
                );
                None
            }
        }
    }

    fn addresses(
        &mut self,
        value: &Spanned<DeValue<'_>>,
    ) -> BTreeMap<String, Located<Option<AccountAddress>>> {
        let mut out = BTreeMap::new();
        let Some(table) = self.table(value, "[addresses]") else {
            return out;
        };
        for (key, v) in table {
            let Some(name) = self.address_name(key) else {
                continue;
            };
            let Some(text) = self.string(v, &format!("the address `{name}`")) else {
                continue;
            };
            let span = self.span(v.span());
            let value = if text == "_" {
                None
            } else if let Some(a) = parse_address(text) {
                Some(a)
            } else {
                self.bad_address(span, text);
                continue;
            };
            out.insert(name, Located { value, span });
        }
        out
    }

    fn dev_addresses(
        &mut self,
        value: &Spanned<DeValue<'_>>,
    ) -> BTreeMap<String, Located<AccountAddress>> {
        let mut out = BTreeMap::new();
        let Some(table) = self.table(value, "[dev-addresses]") else {
            return out;
        };
        for (key, v) in table {
            let Some(name) = self.address_name(key) else {
                continue;
            };
            let Some(text) = self.string(v, &format!("the dev address `{name}`")) else {
                continue;
            };
            let span = self.span(v.span());
            if text == "_" {
                self.error(
                    span,
                    format!("the dev address `{name}` is not assigned"),
                    "every address in [dev-addresses] must have a value",
                );
            } else if let Some(a) = parse_address(text) {
                out.insert(name, Located { value: a, span });
            } else {
                self.bad_address(span, text);
            }
        }
        out
    }

    fn address_name(&mut self, key: &Spanned<DeString<'_>>) -> Option<String> {
        let name = key.get_ref().as_ref();
        if is_identifier(name) {
            Some(name.to_string())
        } else {
            let span = self.span(key.span());
            self.error(
                span,
                format!("invalid named address `{name}`"),
                "a named address is an identifier",
            );
            None
        }
    }

    fn bad_address(&mut self, span: Span, text: &str) {
        self.error(
            span,
            format!("invalid address `{text}`"),
            "expected `0x` and 1 to 64 hex digits, 64 hex digits, or `_`",
        );
    }

    fn dependencies(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        section: &str,
    ) -> BTreeMap<String, Dependency> {
        let mut out = BTreeMap::new();
        let Some(table) = self.table(value, section) else {
            return out;
        };
        for entry in table {
            if let Some(dep) = self.dependency(entry) {
                out.insert(dep.name.clone(), dep);
            }
        }
        out
    }

    fn dependency(&mut self, (key, value): Entry<'_>) -> Option<Dependency> {
        let name = key.get_ref().to_string();
        let span = self.span(key.span());
        if !is_package_name(&name) {
            self.error(
                span,
                format!("invalid package name `{name}`"),
                "a package name is letters, digits, `_` and `-`, not starting with a digit",
            );
            return None;
        }
        let table = self.table(value, &format!("the dependency `{name}`"))?;
        self.warn_unknown(table, DEPENDENCY_KEYS, &format!("the dependency `{name}`"));
        let mut addr_subst = BTreeMap::new();
        if let Some(subst) = table.get("addr_subst")
            && let Some(subst) = self.table(subst, "`addr_subst`")
        {
            for (k, v) in subst {
                let Some(to) = self.address_name(k) else {
                    continue;
                };
                let Some(text) = self.string(v, "an `addr_subst` value") else {
                    continue;
                };
                let vspan = self.span(v.span());
                let value = if let Some(a) = text
                    .starts_with("0x")
                    .then(|| parse_address(text))
                    .flatten()
                {
                    Substitution::Assign(a)
                } else if is_identifier(text) {
                    Substitution::RenameFrom(text.to_string())
                } else {
                    self.error(
                        vspan,
                        format!("invalid `addr_subst` value `{text}`"),
                        "expected an address (`0x..`) or a named address to rename",
                    );
                    continue;
                };
                addr_subst.insert(to, Located { value, span: vspan });
            }
        }
        if let Some(v) = table.get("version") {
            self.string(v, "`version`");
        }
        let digest = match table.get("digest") {
            Some(v) => Some(Located {
                value: self.string(v, "`digest`")?.to_string(),
                span: self.span(v.span()),
            }),
            None => None,
        };
        let get = |p: &mut Self, key: &str| -> Option<Option<String>> {
            match table.get(key) {
                None => Some(None),
                Some(v) => p
                    .string(v, &format!("`{key}`"))
                    .map(|s| Some(s.to_string())),
            }
        };
        let local = get(self, "local")?;
        let git = get(self, "git")?;
        let aptos = get(self, "aptos")?;
        let location = match (local, git, aptos) {
            (Some(path), None, None) => DependencyLocation::Local(PathBuf::from(path)),
            (None, Some(url), None) => {
                let Some(rev) = get(self, "rev")? else {
                    self.error(
                        span,
                        format!("the git dependency `{name}` has no `rev`"),
                        "add `rev = \"<branch, tag or commit>\"`",
                    );
                    return None;
                };
                let subdir = get(self, "subdir")?.unwrap_or_default();
                DependencyLocation::Git { url, rev, subdir }
            }
            (None, None, Some(node)) => {
                let Some(address) = get(self, "address")? else {
                    self.error(
                        span,
                        format!("the on-chain dependency `{name}` has no `address`"),
                        "add `address = \"0x..\"`",
                    );
                    return None;
                };
                DependencyLocation::Node { node, address }
            }
            _ => {
                self.error(
                    span,
                    format!(
                        "the dependency `{name}` must give exactly one of `local`, `git` or `aptos`"
                    ),
                    "where is this package?",
                );
                return None;
            }
        };
        Some(Dependency {
            name,
            span,
            location,
            addr_subst,
            digest,
        })
    }
}

/// Whether `s` is a Move identifier (named addresses).
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `s` can name a package (and so a folder under `build/`): letters, digits, `_`, `-`,
/// not starting with a digit or `-`.
pub fn is_package_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;

    fn ok(text: &str) -> (Manifest, Vec<Diagnostic>) {
        let (m, d) = parse(text, FileId(0));
        (m.unwrap_or_else(|| panic!("{d:#?}")), d)
    }

    fn errors(text: &str) -> Vec<String> {
        let (m, d) = parse(text, FileId(0));
        assert!(m.is_none(), "accepted: {text}");
        let errs: Vec<String> = d
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.message.clone())
            .collect();
        assert!(!errs.is_empty());
        assert!(d.iter().all(|d| d.code == Code::InvalidManifest));
        errs
    }

    #[test]
    fn full_manifest() {
        let (m, d) = ok(r#"
[package]
name = "Hello"
version = "1.2.3"
authors = ["a", "b"]
license = "Apache-2.0"
upgrade_policy = "immutable"

[addresses]
hello = "_"
std = "0x1"
long = "0000000000000000000000000000000000000000000000000000000000000002"

[dev-addresses]
hello = "0xCAFE"

[dependencies]
Base = { local = "../base" }
AptosFramework = { git = "https://github.com/aptos-labs/aptos-core.git", rev = "mainnet", subdir = "aptos-move/framework/aptos-framework" }
Onchain = { aptos = "mainnet", address = "0x7" }

[dependencies.Subst]
local = "sub"
addr_subst = { x = "0x5", y = "z" }

[dev-dependencies]
Testing = { local = "../testing" }
"#);
        assert!(d.is_empty(), "{d:#?}");
        assert_eq!(m.name.value, "Hello");
        assert_eq!(m.version, (1, 2, 3));
        assert_eq!(m.authors, ["a", "b"]);
        assert_eq!(m.license.as_deref(), Some("Apache-2.0"));
        assert_eq!(m.upgrade_policy, UpgradePolicy::Immutable);
        assert_eq!(m.custom_properties["upgrade_policy"], "immutable");
        assert_eq!(m.addresses["hello"].value, None);
        assert_eq!(m.addresses["std"].value, Some(AccountAddress::ONE));
        assert_eq!(m.addresses["long"].value, Some(AccountAddress::from_u8(2)));
        assert_eq!(
            m.dev_addresses["hello"].value,
            parse_address("0xcafe").unwrap()
        );
        assert_eq!(
            m.dependencies["Base"].location,
            DependencyLocation::Local("../base".into())
        );
        assert_eq!(
            m.dependencies["AptosFramework"].location,
            DependencyLocation::Git {
                url: "https://github.com/aptos-labs/aptos-core.git".into(),
                rev: "mainnet".into(),
                subdir: "aptos-move/framework/aptos-framework".into()
            }
        );
        assert_eq!(
            m.dependencies["Onchain"].location,
            DependencyLocation::Node {
                node: "mainnet".into(),
                address: "0x7".into()
            }
        );
        let subst = &m.dependencies["Subst"].addr_subst;
        assert_eq!(
            subst["x"].value,
            Substitution::Assign(AccountAddress::from_u8(5))
        );
        assert_eq!(subst["y"].value, Substitution::RenameFrom("z".into()));
        assert!(m.dev_dependencies.contains_key("Testing"));
    }

    #[test]
    fn unknown_keys_warn_and_are_kept() {
        let (m, d) = ok(r#"
[package]
name = "P"
version = "0.0.1"
edition = "2024"
[mystery]
x = 1
[dependencies]
Q = { local = "q", colour = "blue" }
"#);
        assert_eq!(d.len(), 3, "{d:#?}");
        assert!(d.iter().all(|d| d.severity == Severity::Warning));
        assert_eq!(m.custom_properties["edition"], "2024");
        assert_eq!(m.upgrade_policy, UpgradePolicy::Compatible);
    }

    #[test]
    fn bad_manifests_are_errors_not_panics() {
        assert!(errors("[package\nname = 1")[0].starts_with("invalid TOML"));
        assert!(errors("x = 1")[0].contains("no [package]"));
        assert!(errors("package = 3")[0].contains("must be a table"));
        assert!(errors("[package]\nversion = \"1.0.0\"")[0].contains("no `name`"));
        assert!(errors("[package]\nname = \"P\"")[0].contains("no `version`"));
        assert!(
            errors("[package]\nname = \"P\"\nversion = \"1.0\"")[0].contains("invalid version")
        );
        assert!(errors("[package]\nname = \"P\"\nversion = 1")[0].contains("must be a string"));
        assert!(
            errors("[package]\nname = \"a/b\"\nversion = \"1.0.0\"")[0]
                .contains("invalid package name")
        );
        assert!(
            errors("[package]\nname = \"P\"\nversion = \"1.0.0\"\nextra = 5")[0]
                .contains("`extra` must be a string")
        );
        assert!(
            errors("[package]\nname = \"P\"\nversion = \"1.0.0\"\nupgrade_policy = \"sometimes\"")
                [0]
            .contains("unknown upgrade policy")
        );
        let head = "[package]\nname = \"P\"\nversion = \"1.0.0\"\n";
        assert!(errors(&format!("{head}[addresses]\nx = \"0xZZ\""))[0].contains("invalid address"));
        assert!(errors(&format!("{head}[addresses]\nx = 5"))[0].contains("must be a string"));
        assert!(
            errors(&format!("{head}[addresses]\n\"a b\" = \"0x1\""))[0]
                .contains("invalid named address")
        );
        assert!(errors(&format!("{head}[dev-addresses]\nx = \"_\""))[0].contains("not assigned"));
        assert!(errors(&format!("{head}[dependencies]\nQ = {{ }}"))[0].contains("exactly one of"));
        assert!(
            errors(&format!(
                "{head}[dependencies]\nQ = {{ local = \"a\", git = \"b\" }}"
            ))[0]
                .contains("exactly one of")
        );
        assert!(
            errors(&format!("{head}[dependencies]\nQ = {{ git = \"b\" }}"))[0].contains("no `rev`")
        );
        assert!(
            errors(&format!(
                "{head}[dependencies]\nQ = {{ aptos = \"mainnet\" }}"
            ))[0]
                .contains("no `address`")
        );
        assert!(
            errors(&format!("{head}[dependencies]\nQ = \"../q\""))[0].contains("must be a table")
        );
        assert!(
            errors(&format!("{head}[dependencies]\nQ = {{ local = 1 }}"))[0]
                .contains("must be a string")
        );
        assert!(errors(&format!("{head}[dependencies]\nQ = {{ local = \"q\", addr_subst = {{ x = \"not an address!\" }} }}"))[0].contains("addr_subst"));
        // Duplicate keys are TOML errors.
        assert!(
            errors(&format!("{head}[addresses]\nx = \"0x1\"\nx = \"0x2\""))[0]
                .starts_with("invalid TOML")
        );
    }

    #[test]
    fn error_spans_point_at_the_value() {
        let text = "[package]\nname = \"P\"\nversion = \"1.0.0\"\n[addresses]\nx = \"0xZZ\"\n";
        let (_, d) = parse(text, FileId(0));
        let span = d[0].primary_span().unwrap();
        assert_eq!(&text[span.range()], "\"0xZZ\"");
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        // A few hostile inputs; the property test in tests/it covers more.
        for text in [
            "",
            "\0",
            "[[package]]",
            "[package]\nname=\"\"",
            "a.b.c = {",
            "[package]\nname = \"P\"\nversion = \"99999999999999999999.0.0\"",
        ] {
            let _ = parse(text, FileId(0));
        }
    }

    #[test]
    fn names() {
        assert!(is_package_name("AptosFramework"));
        assert!(is_package_name("hello_blockchain"));
        assert!(is_package_name("my-pkg"));
        assert!(!is_package_name("1pkg"));
        assert!(!is_package_name("../x"));
        assert!(!is_package_name(""));
        assert!(is_identifier("aptos_std"));
        assert!(!is_identifier("aptos-std"));
    }
}
