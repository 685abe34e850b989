//! The dependency graph: from the root's `Move.toml`, every package reachable through
//! `[dependencies]` (and `[dev-dependencies]` in dev mode, for every package as in Aptos),
//! each loaded once, in dependency order.
//!
//! A package is identified by its name; the same name reached twice is one package when it is
//! the same folder (or the same bundled package), and a [`Code::PackageConflict`] otherwise.
//! A dependency's key must be the name in its manifest. Cycles are reported with the path
//! that closes them (`A -> B -> A`).

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{Code, Diagnostic};
use crate::package::location::{
    Bundle, PackageDir, aptos_framework_folder, bundled_join, git_cache_path, node_cache_path,
};
use crate::package::manifest::{self, Dependency, DependencyLocation, Manifest};
use crate::source::{FileId, SourceFiles, Span};

/// One package of the graph.
#[derive(Clone, Debug)]
pub struct ResolvedPackage {
    /// Its name.
    pub name: String,
    /// Its folder.
    pub dir: PackageDir,
    /// Its manifest.
    pub manifest: Manifest,
    /// The manifest's text (it goes, gzipped, into the package metadata).
    pub manifest_text: String,
    /// Its direct dependencies (indices into [`PackageGraph::packages`]).
    pub dependencies: Vec<usize>,
}

impl ResolvedPackage {
    /// The dependency entries in force (`[dev-dependencies]` too in dev mode), by name.
    pub fn active_dependencies(&self, dev: bool) -> impl Iterator<Item = &Dependency> {
        let dev_deps = dev.then_some(&self.manifest.dev_dependencies);
        self.manifest
            .dependencies
            .values()
            .chain(dev_deps.into_iter().flat_map(|d| d.values()))
    }
}

/// Every package of a build, dependencies before the packages that use them; the root last.
#[derive(Clone, Debug)]
pub struct PackageGraph {
    /// The packages in dependency order.
    pub packages: Vec<ResolvedPackage>,
}

impl PackageGraph {
    /// The root package.
    pub fn root(&self) -> &ResolvedPackage {
        self.packages.last().expect("a graph has its root")
    }

    /// Indices of every package the package `index` depends on, directly or not (sorted).
    pub fn transitive_dependencies(&self, index: usize) -> Vec<usize> {
        let mut seen = vec![false; self.packages.len()];
        let mut stack = self.packages[index].dependencies.clone();
        while let Some(i) = stack.pop() {
            if !std::mem::replace(&mut seen[i], true) {
                stack.extend(&self.packages[i].dependencies);
            }
        }
        (0..seen.len()).filter(|&i| seen[i]).collect()
    }
}

/// What resolution needs besides the root folder.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// Include `[dev-dependencies]`.
    pub dev: bool,
    /// The Aptos CLI's package cache (`~/.move`), for git and on-chain dependencies.
    pub move_home: Option<&'a Path>,
    /// The bundled packages.
    pub bundle: &'a Bundle,
}

/// Resolves the graph of the package in `root`. Manifests are added to `files`; problems go to
/// `diagnostics`. `None` when there is an error.
pub fn resolve(
    root: &Path,
    cx: Context<'_>,
    files: &mut SourceFiles,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<PackageGraph> {
    let mut r = Resolver {
        cx,
        files,
        diagnostics,
        loaded: Vec::new(),
        done: BTreeMap::new(),
        failed: Default::default(),
        stack: Vec::new(),
        order: Vec::new(),
        nodes: Vec::new(),
    };
    let dir = match PackageDir::disk(root.to_path_buf()) {
        Ok(d) if root.join("Move.toml").is_file() => d,
        _ => {
            let name = root.join("Move.toml").display().to_string();
            let file = r.files.add(name.clone(), "");
            r.diagnostics.push(Diagnostic::error(
                Code::InvalidManifest,
                format!("no package at {}: {name} does not exist", root.display()),
                Span::new(file, 0, 0),
                "a package folder has a Move.toml",
            ));
            return None;
        }
    };
    let root_index = r.visit(dir, None);
    if r.diagnostics.iter().any(Diagnostic::is_error) {
        return None;
    }
    root_index?;
    // `order` is a post-order: every package after its dependencies.
    let mut position = vec![0; r.nodes.len()];
    for (pos, &node) in r.order.iter().enumerate() {
        position[node] = pos;
    }
    let mut packages: Vec<Option<ResolvedPackage>> = r.nodes.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(packages.len());
    for &node in &r.order {
        let mut p = packages[node].take().expect("each node once in the order");
        for d in &mut p.dependencies {
            *d = position[*d];
        }
        p.dependencies.sort_unstable();
        out.push(p);
    }
    Some(PackageGraph { packages: out })
}

struct Loaded {
    dir: PackageDir,
    manifest: Option<(Manifest, String)>,
}

struct Resolver<'a, 'f> {
    cx: Context<'a>,
    files: &'f mut SourceFiles,
    diagnostics: &'f mut Vec<Diagnostic>,
    /// Manifests read so far, by folder (each file read once).
    loaded: Vec<Loaded>,
    /// Finished (or in progress) packages by name: node index.
    done: BTreeMap<String, usize>,
    /// Packages that failed (reported once).
    failed: std::collections::BTreeSet<String>,
    /// Names of the packages being visited, outermost first.
    stack: Vec<String>,
    /// Post-order of nodes.
    order: Vec<usize>,
    nodes: Vec<ResolvedPackage>,
}

/// Who asked for a package: the dependency entry and the manifest file it is in.
type Via<'d> = Option<&'d Dependency>;

impl Resolver<'_, '_> {
    fn error(&mut self, code: Code, message: String, span: Span, label: &str) {
        self.diagnostics
            .push(Diagnostic::error(code, message, span, label));
    }

    fn load(&mut self, dir: &PackageDir) -> Option<(Manifest, String)> {
        if let Some(l) = self.loaded.iter().find(|l| l.dir.same(dir)) {
            return l.manifest.clone();
        }
        let text = match dir {
            PackageDir::Disk { canonical, .. } => std::fs::read(canonical.join("Move.toml"))
                .map_err(|e| e.to_string())
                .and_then(|b| String::from_utf8(b).map_err(|_| "it is not UTF-8".to_string())),
            PackageDir::Bundled(folder) => self
                .cx
                .bundle
                .read(&format!("{folder}/Move.toml"))
                .map(str::to_string)
                .ok_or_else(|| "it is not in the bundle".to_string()),
        };
        let name = dir.file_name("Move.toml");
        let manifest = match text {
            Ok(text) => {
                let file = self.files.add(name, text.clone());
                let (m, diags) = manifest::parse(&text, file);
                self.diagnostics.extend(diags);
                m.map(|m| (m, text))
            }
            Err(why) => {
                let file = self.files.add(name.clone(), "");
                self.error(
                    Code::InvalidManifest,
                    format!("cannot read {name}: {why}"),
                    Span::new(file, 0, 0),
                    "",
                );
                None
            }
        };
        self.loaded.push(Loaded {
            dir: dir.clone(),
            manifest: manifest.clone(),
        });
        manifest
    }

    fn visit(&mut self, dir: PackageDir, via: Via<'_>) -> Option<usize> {
        let (manifest, text) = self.load(&dir)?;
        let name = manifest.name.value.clone();
        if let Some(dep) = via
            && dep.name != name
        {
            self.error(
                Code::UnresolvedDependency,
                format!(
                    "the dependency `{}` is the package `{name}` (at {})",
                    dep.name,
                    dir.display()
                ),
                dep.span,
                "a dependency's name must be the name in its Move.toml",
            );
            return None;
        }
        if self.failed.contains(&name) {
            return None;
        }
        if let Some(start) = self.stack.iter().position(|n| *n == name) {
            let mut cycle: Vec<&str> = self.stack[start..].iter().map(String::as_str).collect();
            cycle.push(&name);
            let message = format!("dependency cycle between packages: {}", cycle.join(" -> "));
            let span = via.map_or(manifest.name.span, |d| d.span);
            self.error(
                Code::CyclicPackages,
                message,
                span,
                "this dependency closes the cycle",
            );
            return None;
        }
        if let Some(&node) = self.done.get(&name) {
            let other = &self.nodes[node];
            if other.dir.same(&dir) {
                return Some(node);
            }
            let message = format!(
                "two different packages are named `{name}`: {} and {}",
                other.dir.display(),
                dir.display()
            );
            let first = other.manifest.name.span;
            let span = via.map_or(manifest.name.span, |d| d.span);
            self.diagnostics.push(
                Diagnostic::error(Code::PackageConflict, message, span, "this one")
                    .with_secondary(first, "conflicts with this one"),
            );
            return None;
        }
        self.stack.push(name.clone());
        let mut dependencies = Vec::new();
        let deps: Vec<Dependency> = {
            let dev = self.cx.dev;
            let dev_deps = dev.then_some(&manifest.dev_dependencies);
            manifest
                .dependencies
                .values()
                .chain(dev_deps.into_iter().flat_map(|d| d.values()))
                .cloned()
                .collect()
        };
        let mut failed = false;
        for dep in &deps {
            let Some(dep_dir) = self.locate(&dir, dep, manifest.file) else {
                failed = true;
                continue;
            };
            match self.visit(dep_dir, Some(dep)) {
                Some(node) => dependencies.push(node),
                None => failed = true,
            }
        }
        self.stack.pop();
        if failed {
            self.failed.insert(name);
            return None;
        }
        let node = self.nodes.len();
        dependencies.sort_unstable();
        dependencies.dedup();
        self.nodes.push(ResolvedPackage {
            name: name.clone(),
            dir,
            manifest,
            manifest_text: text,
            dependencies,
        });
        self.done.insert(name, node);
        self.order.push(node);
        Some(node)
    }

    /// Finds the folder of `dep`, declared in the package at `from`.
    fn locate(&mut self, from: &PackageDir, dep: &Dependency, _file: FileId) -> Option<PackageDir> {
        let name = &dep.name;
        match &dep.location {
            DependencyLocation::Local(rel) => match from {
                PackageDir::Disk { path, .. } => {
                    let path = path.join(rel);
                    match PackageDir::disk(path.clone()) {
                        Ok(d) if path.join("Move.toml").is_file() => Some(d),
                        _ => {
                            self.error(
                                Code::UnresolvedDependency,
                                format!(
                                    "the dependency `{name}` is not found: {} does not exist",
                                    path.join("Move.toml").display()
                                ),
                                dep.span,
                                "`local` is relative to this Move.toml's folder",
                            );
                            None
                        }
                    }
                }
                PackageDir::Bundled(folder) => {
                    match bundled_join(folder, rel).filter(|f| self.cx.bundle.has_package(f)) {
                        Some(f) => Some(PackageDir::Bundled(f)),
                        None => {
                            self.error(
                                Code::UnresolvedDependency,
                                format!(
                                    "the bundled package at {folder} depends on `{name}` at {}, which is not bundled",
                                    rel.display()
                                ),
                                dep.span,
                                "not in the bundle",
                            );
                            None
                        }
                    }
                }
            },
            DependencyLocation::Git { url, rev, subdir } => {
                if let Some((package, folder)) = aptos_framework_folder(url, subdir) {
                    if self.cx.bundle.has_package(folder) {
                        return Some(PackageDir::Bundled(folder.to_string()));
                    }
                    self.error(
                        Code::UnresolvedDependency,
                        format!(
                            "{package} is not bundled yet: this build of lumio has no crates/move/framework/{folder}, \
                             and git dependencies are not fetched"
                        ),
                        dep.span,
                        "a git dependency on the Aptos framework resolves to the bundled package",
                    );
                    return None;
                }
                let cached = self
                    .cx
                    .move_home
                    .map(|home| git_cache_path(home, url, rev, subdir));
                self.cached(
                    dep,
                    cached,
                    &format!("the git dependency `{name}` ({url} at {rev})"),
                )
            }
            DependencyLocation::Node { node, address } => {
                let cached = self
                    .cx
                    .move_home
                    .map(|home| node_cache_path(home, node, address, name));
                self.cached(
                    dep,
                    cached,
                    &format!("the on-chain dependency `{name}` ({address} on {node})"),
                )
            }
        }
    }

    fn cached(
        &mut self,
        dep: &Dependency,
        cached: Option<std::path::PathBuf>,
        what: &str,
    ) -> Option<PackageDir> {
        if let Some(path) = &cached
            && path.join("Move.toml").is_file()
            && let Ok(d) = PackageDir::disk(path.clone())
        {
            return Some(d);
        }
        let place = cached.map_or_else(
            || "no package cache (set MOVE_HOME or HOME)".to_string(),
            |p| format!("not in the package cache at {}", p.display()),
        );
        self.error(
            Code::UnresolvedDependency,
            format!(
                "{what} is {place}; lumio works offline and does not fetch dependencies \
                 (fetch it once with the Aptos CLI, or use a `local` dependency)"
            ),
            dep.span,
            "not available offline",
        );
        None
    }
}
