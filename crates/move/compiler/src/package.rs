//! The package system: a folder with a `Move.toml` (Aptos layout) → its dependency graph,
//! named addresses, sources, one [`compile`](crate::compile) of every package, and the Aptos
//! CLI's output layout under `build/`.
//!
//! Steps, one module each:
//! 1. [`manifest`]: `Move.toml` parsed with spans (errors point at the manifest line);
//! 2. [`resolution`]: dependencies (`local`, git, on-chain; the Aptos framework through git
//!    resolves to the packages bundled into the compiler, see [`location`]), cycles, conflicts;
//! 3. [`addresses`]: one global named-address map;
//! 4. here: sources (`sources/`, `scripts/`, and in dev mode `examples/`, `tests/`), the
//!    compilation (dependencies first), the checks on its output, [`metadata`]
//!    (`package-metadata.bcs`), and the files written:
//!
//! ```text
//! build/<Root>/bytecode_modules/<module>.mv
//! build/<Root>/bytecode_modules/dependencies/<Dep>/<module>.mv
//! build/<Root>/bytecode_scripts/<script>.mv          (and dependencies/<Dep>/ likewise)
//! build/<Root>/package-metadata.bcs
//! ```
//!
//! Everything is deterministic: packages, files and modules are visited in sorted orders, and
//! the metadata's blobs are gzipped without timestamps.
//!
//! Not done here: fetching git or on-chain dependencies (the build is offline: they resolve
//! from the Aptos CLI's cache `~/.move` when present), address renaming through `addr_subst`,
//! `BuildInfo.yaml`, source maps and ABIs on disk.

pub mod addresses;
pub mod location;
pub mod manifest;
pub mod metadata;
pub mod resolution;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lumio_move_core_types::account_address::AccountAddress;

use crate::codegen::{CompiledUnit, UnitKind};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, SourceFiles, Span};
use crate::{CompileOptions, DEFAULT_BYTECODE_VERSION, PackageInput};
pub use location::Bundle;
use metadata::{ModuleMetadata, PackageDep, PackageMetadata, UpgradePolicyValue};
use resolution::PackageGraph;

/// The file name of the package metadata, as the Aptos CLI names it.
pub const METADATA_FILE_NAME: &str = "package-metadata.bcs";

/// How to build a package.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// Dev mode: `[dev-addresses]` of the root and `[dev-dependencies]` of every package, and
    /// the `tests/` and `examples/` folders.
    pub dev: bool,
    /// Compile `#[test]` / `#[test_only]` code (implies dev mode, as `aptos move test`).
    pub test_mode: bool,
    /// `--named-addresses`: values for named addresses (they may not contradict a manifest).
    pub named_addresses: BTreeMap<String, AccountAddress>,
    /// The bytecode version to emit (6 or 7).
    pub bytecode_version: u32,
    /// Accepted for the Aptos CLI's flag: dependencies are never fetched anyway.
    pub skip_fetch_latest_git_deps: bool,
    /// Where `build/` goes (default: the package folder).
    pub install_dir: Option<PathBuf>,
    /// The Aptos CLI's package cache (default: `$MOVE_HOME`, else `~/.move`).
    pub move_home: Option<PathBuf>,
    /// The bundled packages (default: the ones built into this compiler).
    pub bundle: Option<Arc<Bundle>>,
}

impl Default for BuildOptions {
    fn default() -> Self {
        Self {
            dev: false,
            test_mode: false,
            named_addresses: BTreeMap::new(),
            bytecode_version: DEFAULT_BYTECODE_VERSION,
            skip_fetch_latest_git_deps: false,
            install_dir: None,
            move_home: None,
            bundle: None,
        }
    }
}

impl BuildOptions {
    fn dev_mode(&self) -> bool {
        self.dev || self.test_mode
    }
}

/// Why a build failed.
#[derive(Debug)]
pub enum BuildError {
    /// Problems in manifests or sources: render them with [`BuildError::render`] or
    /// [`crate::diagnostics::emit_to_stderr`].
    Diagnostics {
        /// The files the diagnostics point into.
        files: SourceFiles,
        /// Every diagnostic (at least one error).
        diagnostics: Vec<Diagnostic>,
    },
    /// Writing the output failed.
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What went wrong.
        error: std::io::Error,
    },
}

impl BuildError {
    /// The error as text: the rendered diagnostics, or the I/O error.
    pub fn render(&self) -> String {
        match self {
            BuildError::Diagnostics { files, diagnostics } => {
                crate::diagnostics::render(files, diagnostics)
            }
            BuildError::Io { path, error } => format!("error: {}: {error}\n", path.display()),
        }
    }
}

/// The packages of a build, resolved and read, ready to compile.
#[derive(Debug)]
pub struct LoadedPackages {
    /// Manifests and sources.
    pub files: SourceFiles,
    /// Warnings so far.
    pub diagnostics: Vec<Diagnostic>,
    /// The packages, dependencies first, the root last.
    pub graph: PackageGraph,
    /// The value of every named address.
    pub named_addresses: BTreeMap<String, AccountAddress>,
    /// The `.move` files of each package of `graph` (same order), sorted by path.
    pub sources: Vec<Vec<FileId>>,
    /// The source digest of each package of `graph`.
    pub digests: Vec<String>,
}

/// A built package.
#[derive(Debug)]
pub struct BuildOutput {
    /// Manifests and sources.
    pub files: SourceFiles,
    /// Warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// The packages, dependencies first, the root last.
    pub graph: PackageGraph,
    /// The value of every named address.
    pub named_addresses: BTreeMap<String, AccountAddress>,
    /// The compiled units: by package (graph order), modules in dependency order, then
    /// scripts by name.
    pub units: Vec<CompiledUnit>,
    /// The root package's metadata.
    pub metadata: PackageMetadata,
    /// Where the output was written (`build/<Root>`), once written.
    pub output_dir: Option<PathBuf>,
    /// The typed program (declarations and attributes, e.g. the `#[test]`s the test runner
    /// runs).
    pub program: Option<crate::model::Program>,
}

impl BuildOutput {
    /// The units of the package at `index` of the graph.
    pub fn units_of(&self, index: usize) -> impl Iterator<Item = &CompiledUnit> {
        self.units
            .iter()
            .filter(move |u| u.package as usize == index)
    }
}

impl BuildOutput {
    /// What the Aptos CLI prints before compiling: `INCLUDING DEPENDENCY <Dep>` per dependency
    /// (in dependency order), then `BUILDING <Root>`.
    pub fn progress_lines(&self) -> Vec<String> {
        let (root, deps) = self
            .graph
            .packages
            .split_last()
            .expect("a graph has its root");
        deps.iter()
            .map(|p| format!("INCLUDING DEPENDENCY {}", p.name))
            .chain(std::iter::once(format!("BUILDING {}", root.name)))
            .collect()
    }

    /// One line: what was built and where.
    pub fn summary(&self) -> String {
        let root = (self.graph.packages.len() - 1) as u32;
        let count = |of_root: bool, module: bool| {
            self.units
                .iter()
                .filter(|u| (u.package == root) == of_root && u.module_id.is_some() == module)
                .count()
        };
        let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        let mut line = format!(
            "built {}: {}, {} ({} from {})",
            self.graph.root().name,
            plural(count(true, true), "module"),
            plural(count(true, false), "script"),
            plural(count(false, true), "dependency module"),
            plural(self.graph.packages.len() - 1, "package"),
        );
        if let Some(dir) = &self.output_dir {
            line.push_str(&format!(" in {}", dir.display()));
        }
        line
    }
}

/// Parses `--named-addresses`: `name=0x..` pairs separated by commas (as the Aptos CLI;
/// account profiles are not supported).
pub fn parse_named_addresses(text: &str) -> Result<BTreeMap<String, AccountAddress>, String> {
    let mut out = BTreeMap::new();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, value) = pair
            .split_once('=')
            .ok_or_else(|| format!("`{pair}` is not `name=address`"))?;
        let (name, value) = (name.trim(), value.trim());
        if !manifest::is_identifier(name) {
            return Err(format!("`{name}` is not a named address"));
        }
        let address = manifest::parse_address(value).ok_or_else(|| {
            format!("`{value}` (for `{name}`) is not an address (`0x` and hex digits)")
        })?;
        if out.insert(name.to_string(), address).is_some() {
            return Err(format!("`{name}` is given twice"));
        }
    }
    Ok(out)
}

fn failure(files: SourceFiles, diagnostics: Vec<Diagnostic>) -> BuildError {
    BuildError::Diagnostics { files, diagnostics }
}

/// Resolves the package in `dir` and its dependencies, assigns named addresses and reads
/// every source file.
pub fn load(dir: &Path, options: &BuildOptions) -> Result<LoadedPackages, BuildError> {
    let mut files = SourceFiles::new();
    let mut diagnostics = Vec::new();
    let move_home = options
        .move_home
        .clone()
        .or_else(location::default_move_home);
    let bundle: &Bundle = match &options.bundle {
        Some(b) => b,
        None => Bundle::builtin(),
    };
    let dev = options.dev_mode();
    let cx = resolution::Context {
        dev,
        move_home: move_home.as_deref(),
        bundle,
    };
    let Some(graph) = resolution::resolve(dir, cx, &mut files, &mut diagnostics) else {
        return Err(failure(files, diagnostics));
    };
    let Some(named_addresses) =
        addresses::assign(&graph, &options.named_addresses, dev, &mut diagnostics)
    else {
        return Err(failure(files, diagnostics));
    };
    let mut sources = Vec::new();
    let mut digests = Vec::new();
    for package in &graph.packages {
        let found = source_files(&package.dir, dev, bundle);
        let mut ids = Vec::new();
        let mut blobs: Vec<Vec<u8>> = vec![package.manifest_text.as_bytes().to_vec()];
        for (name, bytes) in found {
            match String::from_utf8(bytes) {
                Ok(text) => {
                    blobs.push(text.as_bytes().to_vec());
                    ids.push(files.add(name, text));
                }
                Err(_) => {
                    let file = files.add(name.clone(), "");
                    diagnostics.push(Diagnostic::error(
                        Code::InvalidManifest,
                        format!("{name} is not UTF-8 text"),
                        Span::new(file, 0, 0),
                        "",
                    ));
                }
            }
        }
        digests.push(metadata::source_digest(blobs.iter().map(Vec::as_slice)));
        sources.push(ids);
    }
    // `digest = ".."` on a dependency pins its sources (as `move-package` checks it).
    for package in &graph.packages {
        for dep in package.active_dependencies(dev) {
            let Some(want) = &dep.digest else {
                continue;
            };
            let Some(index) = graph.packages.iter().position(|p| p.name == dep.name) else {
                continue;
            };
            if digests[index] != want.value {
                diagnostics.push(Diagnostic::error(
                    Code::UnresolvedDependency,
                    format!(
                        "the sources of `{}` do not have the digest this manifest asks for",
                        dep.name
                    ),
                    want.span,
                    format!("its digest is {}", digests[index]),
                ));
            }
        }
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(failure(files, diagnostics));
    }
    Ok(LoadedPackages {
        files,
        diagnostics,
        graph,
        named_addresses,
        sources,
        digests,
    })
}

/// The `.move` files of a package (name for messages, bytes), sorted by path.
fn source_files(dir: &location::PackageDir, dev: bool, bundle: &Bundle) -> Vec<(String, Vec<u8>)> {
    let mut folders = vec!["sources", "scripts"];
    if dev {
        folders.extend(["examples", "tests"]);
    }
    let mut out = Vec::new();
    for folder in folders {
        match dir {
            location::PackageDir::Disk { path, canonical } => {
                let mut found = Vec::new();
                collect_move_files(&canonical.join(folder), &mut found);
                found.sort();
                for p in found {
                    // A file that vanished between listing and reading reads as empty text
                    // rather than failing the walk.
                    let bytes = std::fs::read(&p).unwrap_or_default();
                    let shown = p
                        .strip_prefix(canonical)
                        .map_or_else(|_| p.clone(), |rel| path.join(rel));
                    out.push((shown.display().to_string(), bytes));
                }
            }
            location::PackageDir::Bundled(name) => {
                for (path, text) in bundle.files_under(&format!("{name}/{folder}")) {
                    if path.ends_with(".move") {
                        out.push((format!("<bundled>/{path}"), text.as_bytes().to_vec()));
                    }
                }
            }
        }
    }
    out
}

fn collect_move_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut visited = BTreeSet::new();
    collect_move_files_in(dir, &mut visited, out);
}

/// Walks `dir` following symbolic links (as Aptos does), each real folder once, so a link
/// loop ends.
fn collect_move_files_in(dir: &Path, visited: &mut BTreeSet<PathBuf>, out: &mut Vec<PathBuf>) {
    let Ok(real) = dir.canonicalize() else {
        return;
    };
    if !visited.insert(real) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_move_files_in(&path, visited, out);
        } else if path.extension().is_some_and(|e| e == "move") {
            out.push(path);
        }
    }
}

/// Compiles loaded packages (every package's sources in one compilation, dependencies first).
pub fn compile_loaded(
    loaded: LoadedPackages,
    options: &BuildOptions,
) -> Result<BuildOutput, BuildError> {
    let LoadedPackages {
        files,
        mut diagnostics,
        graph,
        named_addresses,
        sources,
        digests,
    } = loaded;
    let inputs: Vec<PackageInput> = graph
        .packages
        .iter()
        .zip(&sources)
        .map(|(p, files)| PackageInput {
            name: p.name.clone(),
            files: files.clone(),
        })
        .collect();
    let compile_options = CompileOptions {
        named_addresses: named_addresses.clone(),
        test_mode: options.test_mode,
        bytecode_version: options.bytecode_version,
    };
    let out = crate::compile(&files, &inputs, &compile_options);
    let failed = out.has_errors();
    let program = out.program;
    diagnostics.extend(out.diagnostics);
    if failed {
        return Err(failure(files, diagnostics));
    }
    let units = order_units(out.units, &graph, &mut diagnostics);
    check_file_names(&units, &graph, &mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(failure(files, diagnostics));
    }
    let root_index = graph.packages.len() - 1;
    let metadata = package_metadata(&graph, &digests[root_index], &units, &files);
    Ok(BuildOutput {
        files,
        diagnostics,
        graph,
        named_addresses,
        units,
        metadata,
        output_dir: None,
        program,
    })
}

/// Builds the package in `dir` and writes `build/<Package>/` (under `options.install_dir`
/// when given).
pub fn build_package(dir: &Path, options: &BuildOptions) -> Result<BuildOutput, BuildError> {
    let loaded = load(dir, options)?;
    let mut output = compile_loaded(loaded, options)?;
    let base = options
        .install_dir
        .clone()
        .unwrap_or_else(|| dir.to_path_buf());
    let out_dir = base.join("build").join(&output.graph.root().name);
    write_output(&output, &out_dir, options.bytecode_version)?;
    output.output_dir = Some(out_dir);
    Ok(output)
}

/// The module a unit defines, as (address, name).
fn unit_module(unit: &CompiledUnit) -> Option<(AccountAddress, String)> {
    match &unit.kind {
        UnitKind::Module(m) => m
            .self_id()
            .ok()
            .map(|id| (*id.address(), id.name().to_string())),
        UnitKind::Script(_) => None,
    }
}

/// Sorts units (package order; in a package, modules in dependency order with ties by name,
/// then scripts by name) and reports a module defined by two packages.
fn order_units(
    units: Vec<CompiledUnit>,
    graph: &PackageGraph,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<CompiledUnit> {
    let mut seen: BTreeMap<(AccountAddress, String), (u32, Option<Span>)> = BTreeMap::new();
    for unit in &units {
        let Some(id) = unit_module(unit) else {
            continue;
        };
        if let Some((other, other_span)) = seen.get(&id) {
            let name = |i: u32| {
                graph
                    .packages
                    .get(i as usize)
                    .map_or("?", |p| p.name.as_str())
            };
            let span = unit
                .source_map
                .span
                .or(*other_span)
                .unwrap_or(graph.root().manifest.name.span);
            let mut d = Diagnostic::error(
                Code::PackageConflict,
                format!(
                    "module {}::{} is defined by both package `{}` and package `{}`",
                    id.0.to_hex_literal(),
                    id.1,
                    name(*other),
                    name(unit.package)
                ),
                span,
                "defined here",
            );
            if let (Some(_), Some(s)) = (unit.source_map.span, other_span) {
                d = d.with_secondary(*s, "and here");
            }
            diagnostics.push(d);
        } else {
            seen.insert(id, (unit.package, unit.source_map.span));
        }
    }
    let mut by_package: BTreeMap<u32, Vec<CompiledUnit>> = BTreeMap::new();
    for unit in units {
        by_package.entry(unit.package).or_default().push(unit);
    }
    let mut out = Vec::new();
    for (_, units) in by_package {
        let (modules, mut scripts): (Vec<_>, Vec<_>) = units
            .into_iter()
            .partition(|u| matches!(u.kind, UnitKind::Module(_)));
        out.extend(dependency_order(modules));
        scripts.sort_by(|a, b| a.name.cmp(&b.name));
        out.extend(scripts);
    }
    out
}

/// As the Aptos CLI: the root's modules and scripts must have names that differ in more than
/// letter case, so that the `.mv` files do not collide on a case-insensitive file system.
fn check_file_names(
    units: &[CompiledUnit],
    graph: &PackageGraph,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let root = (graph.packages.len() - 1) as u32;
    let mut by_lowercase: BTreeMap<String, Vec<&CompiledUnit>> = BTreeMap::new();
    for unit in units.iter().filter(|u| u.package == root) {
        by_lowercase
            .entry(unit.name.to_lowercase())
            .or_default()
            .push(unit);
    }
    for same in by_lowercase.values().filter(|v| v.len() > 1) {
        let names: Vec<String> = same.iter().map(|u| format!("`{}`", u.name)).collect();
        let span = same
            .iter()
            .find_map(|u| u.source_map.span)
            .unwrap_or(graph.root().manifest.name.span);
        let mut d = Diagnostic::error(
            Code::PackageConflict,
            format!(
                "{} would collide as `{}.mv` on a case-insensitive file system",
                names.join(" and "),
                same[0].name.to_lowercase()
            ),
            span,
            "rename one of these",
        );
        for u in same.iter().skip(1) {
            if let Some(s) = u.source_map.span
                && s != span
            {
                d = d.with_secondary(s, "collides with this one");
            }
        }
        diagnostics.push(d);
    }
}

/// Modules so that each comes after the modules of the same list it uses; among the ready
/// ones, the smallest name first.
fn dependency_order(modules: Vec<CompiledUnit>) -> Vec<CompiledUnit> {
    let ids: Vec<Option<(AccountAddress, String)>> = modules.iter().map(unit_module).collect();
    let index: BTreeMap<&(AccountAddress, String), usize> = ids
        .iter()
        .enumerate()
        .filter_map(|(i, id)| id.as_ref().map(|id| (id, i)))
        .collect();
    let deps: Vec<BTreeSet<usize>> = modules
        .iter()
        .map(|u| match &u.kind {
            UnitKind::Module(m) => m
                .immediate_dependencies()
                .unwrap_or_default()
                .iter()
                .filter_map(|d| index.get(&(*d.address(), d.name().to_string())).copied())
                .collect(),
            UnitKind::Script(_) => BTreeSet::new(),
        })
        .collect();
    let mut placed = vec![false; modules.len()];
    let mut order = Vec::with_capacity(modules.len());
    while order.len() < modules.len() {
        let next = (0..modules.len())
            .filter(|&i| !placed[i] && deps[i].iter().all(|&d| placed[d] || d == i))
            .min_by(|&a, &b| modules[a].name.cmp(&modules[b].name))
            // A cycle cannot come out of the compiler (Move forbids it); should one appear,
            // the rest goes by name rather than looping forever.
            .or_else(|| {
                (0..modules.len())
                    .filter(|&i| !placed[i])
                    .min_by(|&a, &b| modules[a].name.cmp(&modules[b].name))
            })
            .expect("an unplaced module exists while order is short");
        placed[next] = true;
        order.push(next);
    }
    let mut slots: Vec<Option<CompiledUnit>> = modules.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

fn package_metadata(
    graph: &PackageGraph,
    digest: &str,
    units: &[CompiledUnit],
    files: &SourceFiles,
) -> PackageMetadata {
    let root_index = (graph.packages.len() - 1) as u32;
    let root = graph.root();
    let modules = units
        .iter()
        .filter(|u| u.package == root_index && matches!(u.kind, UnitKind::Module(_)))
        .map(|u| ModuleMetadata {
            name: u.name.clone(),
            source: u
                .source_map
                .span
                .and_then(|s| files.get(s.file))
                .map(|f| metadata::gzip(f.text().as_bytes()))
                .unwrap_or_default(),
            source_map: Vec::new(),
            extension: None,
        })
        .collect();
    let deps: BTreeSet<PackageDep> = units
        .iter()
        .filter(|u| u.package != root_index)
        .filter_map(|u| {
            let (account, _) = unit_module(u)?;
            Some(PackageDep {
                account,
                package_name: graph.packages.get(u.package as usize)?.name.clone(),
            })
        })
        .collect();
    PackageMetadata {
        name: root.name.clone(),
        upgrade_policy: UpgradePolicyValue {
            policy: root.manifest.upgrade_policy.number(),
        },
        upgrade_number: 0,
        source_digest: digest.to_string(),
        manifest: metadata::gzip(root.manifest_text.as_bytes()),
        modules,
        deps: deps.into_iter().collect(),
        extension: None,
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
    move |error| BuildError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// Writes the Aptos layout into `out_dir` (`build/<Root>`): the previous `bytecode_modules/`
/// and `bytecode_scripts/` are replaced, so no module of an earlier build stays behind.
pub fn write_output(
    output: &BuildOutput,
    out_dir: &Path,
    bytecode_version: u32,
) -> Result<(), BuildError> {
    let root_index = (output.graph.packages.len() - 1) as u32;
    for sub in ["bytecode_modules", "bytecode_scripts"] {
        let path = out_dir.join(sub);
        if path.exists() {
            std::fs::remove_dir_all(&path).map_err(io(&path))?;
        }
    }
    for unit in &output.units {
        let (category, bytes) = match &unit.kind {
            UnitKind::Module(m) => {
                let mut b = Vec::new();
                m.serialize_for_version(Some(bytecode_version), &mut b)
                    .map(|()| ("bytecode_modules", b))
            }
            UnitKind::Script(s) => {
                let mut b = Vec::new();
                s.serialize_for_version(Some(bytecode_version), &mut b)
                    .map(|()| ("bytecode_scripts", b))
            }
        }
        .map_err(|e| BuildError::Io {
            path: out_dir.join(&unit.name),
            error: std::io::Error::other(format!("cannot serialize `{}`: {e:?}", unit.name)),
        })?;
        let mut dir = out_dir.join(category);
        if unit.package != root_index {
            let package = &output.graph.packages[unit.package as usize];
            dir = dir.join("dependencies").join(&package.name);
        }
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        let path = dir.join(format!("{}.mv", unit.name));
        std::fs::write(&path, bytes).map_err(io(&path))?;
    }
    std::fs::create_dir_all(out_dir).map_err(io(out_dir))?;
    let path = out_dir.join(METADATA_FILE_NAME);
    std::fs::write(&path, output.metadata.to_bytes()).map_err(io(&path))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_addresses_argument() {
        let m = parse_named_addresses("alice=0x1234, bob = 0x5,").unwrap();
        assert_eq!(m["alice"], "0x1234".parse().unwrap());
        assert_eq!(m["bob"], AccountAddress::from_u8(5));
        assert!(parse_named_addresses("").unwrap().is_empty());
        assert!(
            parse_named_addresses("alice")
                .unwrap_err()
                .contains("name=address")
        );
        assert!(
            parse_named_addresses("a-b=0x1")
                .unwrap_err()
                .contains("not a named address")
        );
        assert!(
            parse_named_addresses("a=default")
                .unwrap_err()
                .contains("not an address")
        );
        assert!(
            parse_named_addresses("a=0x1,a=0x2")
                .unwrap_err()
                .contains("twice")
        );
    }
}
