//! The package system on the fixture packages of `tests/packages/` (written for these tests)
//! and on packages made in temporary folders: resolution, named addresses, errors rendered
//! with the manifest line, the metadata and the `build/` layout.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lumio_move_compiler::diagnostics::{Code, Diagnostic, render};
use lumio_move_compiler::package::metadata::{PackageMetadata, gunzip, source_digest};
use lumio_move_compiler::package::{
    BuildError, BuildOptions, Bundle, LoadedPackages, METADATA_FILE_NAME, build_package, load,
};
use lumio_move_core_types::account_address::AccountAddress;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/packages")
        .join(name)
}

fn addr(s: &str) -> AccountAddress {
    s.parse().expect("address")
}

/// Options that never look at the machine's `~/.move` or the built-in bundle.
fn options() -> BuildOptions {
    BuildOptions {
        move_home: Some(PathBuf::from("/nonexistent/move-home")),
        bundle: Some(Arc::new(Bundle::default())),
        ..BuildOptions::default()
    }
}

fn loaded(dir: &Path, options: &BuildOptions) -> LoadedPackages {
    match load(dir, options) {
        Ok(l) => l,
        Err(e) => panic!("{}", e.render()),
    }
}

/// The diagnostics of a failed load, and their rendering.
fn failed(dir: &Path, options: &BuildOptions) -> (Vec<Diagnostic>, String) {
    match load(dir, options) {
        Ok(l) => panic!(
            "loaded: {:?}",
            l.graph.packages.iter().map(|p| &p.name).collect::<Vec<_>>()
        ),
        Err(e @ BuildError::Diagnostics { .. }) => {
            let text = e.render();
            let BuildError::Diagnostics { diagnostics, .. } = e else {
                unreachable!()
            };
            (diagnostics, text)
        }
        Err(e) => panic!("{}", e.render()),
    }
}

fn errors(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    diagnostics.iter().filter(|d| d.is_error()).collect()
}

fn names(l: &LoadedPackages) -> Vec<&str> {
    l.graph.packages.iter().map(|p| p.name.as_str()).collect()
}

fn file_names(l: &LoadedPackages, package: usize) -> Vec<String> {
    l.sources[package]
        .iter()
        .map(|&f| {
            let name = l.files.get(f).expect("file").name();
            name.rsplit("tests/packages/")
                .next()
                .unwrap_or(name)
                .to_string()
        })
        .collect()
}

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

#[test]
fn local_dependency_comes_first_with_its_sources() {
    let l = loaded(&fixture("app"), &options());
    assert_eq!(names(&l), ["Base", "App"]);
    assert_eq!(l.graph.packages[1].dependencies, [0]);
    assert_eq!(
        l.named_addresses,
        BTreeMap::from([
            ("app".to_string(), addr("0xA11CE")),
            ("base".to_string(), addr("0xBA5E")),
        ])
    );
    assert_eq!(
        file_names(&l, 0),
        ["base/sources/math.move", "base/sources/pair.move"]
    );
    assert_eq!(
        file_names(&l, 1),
        [
            "app/sources/accounting.move",
            "app/sources/counter.move",
            "app/sources/labels.move",
            "app/scripts/bump.move"
        ]
    );
    // Dev mode adds tests/ (and examples/).
    let dev = loaded(
        &fixture("app"),
        &BuildOptions {
            dev: true,
            ..options()
        },
    );
    assert_eq!(
        file_names(&dev, 1).last().map(String::as_str),
        Some("app/tests/counter_tests.move")
    );
    // The digest covers exactly the manifest and the sources read.
    let read = |p: &str| std::fs::read(fixture(p)).expect("read");
    let blobs = [
        read("app/Move.toml"),
        read("app/sources/accounting.move"),
        read("app/sources/counter.move"),
        read("app/sources/labels.move"),
        read("app/scripts/bump.move"),
    ];
    assert_eq!(l.digests[1], source_digest(blobs.iter().map(Vec::as_slice)));
    assert_ne!(dev.digests[1], l.digests[1]);
}

#[test]
fn the_same_package_by_two_paths_is_one_package() {
    let l = loaded(&fixture("diamond"), &options());
    assert_eq!(names(&l), ["Base", "Left", "Right", "Diamond"]);
    assert_eq!(l.graph.packages[3].dependencies, [1, 2]);
    assert_eq!(l.graph.packages[1].dependencies, [0]);
    assert_eq!(l.graph.packages[2].dependencies, [0]);
    assert_eq!(l.graph.transitive_dependencies(3), [0, 1, 2]);
    assert_eq!(l.sources[0].len(), 2, "Base's files are read once");
}

#[test]
fn cycles_are_named() {
    let (d, text) = failed(&fixture("cycle_a"), &options());
    let e = errors(&d);
    assert_eq!(e.len(), 1, "{text}");
    assert_eq!(e[0].code, Code::CyclicPackages);
    assert!(
        e[0].message.ends_with("CycleA -> CycleB -> CycleA"),
        "{text}"
    );
    // It points at the entry closing the cycle, in CycleB's manifest.
    assert!(text.contains("cycle_b/Move.toml:6:1"), "{text}");
}

#[test]
fn two_packages_of_one_name_conflict() {
    let (d, text) = failed(&fixture("conflict"), &options());
    let e = errors(&d);
    assert_eq!(e.len(), 1, "{text}");
    assert_eq!(e[0].code, Code::PackageConflict);
    assert!(
        e[0].message
            .contains("two different packages are named `Base`"),
        "{text}"
    );
    assert!(text.contains("base_copy"), "{text}");
}

#[test]
fn dev_addresses_apply_in_dev_mode_only() {
    let (d, text) = failed(&fixture("dev_app"), &options());
    let e = errors(&d);
    assert_eq!(e.len(), 1, "{text}");
    assert_eq!(e[0].code, Code::AddressAssignment);
    assert!(e[0].message.contains("`dev_app` has no value"), "{text}");
    assert!(text.contains("dev_app/Move.toml:6:11"), "{text}");
    assert!(text.contains("--named-addresses dev_app=0x.."), "{text}");

    let dev = loaded(
        &fixture("dev_app"),
        &BuildOptions {
            dev: true,
            ..options()
        },
    );
    assert_eq!(dev.named_addresses["dev_app"], addr("0xDE5"));
    // `addr_subst = { base = "0xB" }` on the dependency.
    assert_eq!(dev.named_addresses["base"], addr("0xB"));
}

#[test]
fn command_line_addresses_fill_but_never_contradict() {
    let mut o = options();
    o.named_addresses.insert("dev_app".into(), addr("0x99"));
    o.named_addresses.insert("extra".into(), addr("0x5"));
    let l = loaded(&fixture("dev_app"), &o);
    assert_eq!(l.named_addresses["dev_app"], addr("0x99"));
    assert_eq!(l.named_addresses["extra"], addr("0x5"));

    o.named_addresses.insert("base".into(), addr("0x5"));
    let (d, text) = failed(&fixture("dev_app"), &o);
    let e = errors(&d);
    assert_eq!(e.len(), 1, "{text}");
    assert_eq!(e[0].code, Code::AddressAssignment);
    assert!(
        e[0].message.contains(
            "`base` is given two values: 0x5 by --named-addresses and 0xb by package `DevApp`"
        ),
        "{text}"
    );

    // --named-addresses against a dev address.
    let mut o = options();
    o.dev = true;
    o.named_addresses.insert("dev_app".into(), addr("0x99"));
    let (d, text) = failed(&fixture("dev_app"), &o);
    assert!(errors(&d)[0].message.contains("two values"), "{text}");
}

#[test]
fn address_conflicts_between_packages() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    write(
        root,
        "a/Move.toml",
        "[package]\nname = \"A\"\nversion = \"1.0.0\"\n[addresses]\nshared = \"0x1\"\n[dependencies]\nB = { local = \"../b\" }\n",
    );
    write(
        root,
        "b/Move.toml",
        "[package]\nname = \"B\"\nversion = \"1.0.0\"\n[addresses]\nshared = \"0x2\"\n",
    );
    let (d, text) = failed(&root.join("a"), &options());
    let e = errors(&d);
    assert_eq!(e.len(), 1, "{text}");
    assert!(
        e[0].message
            .contains("`shared` is given two values: 0x2 by package `B` and 0x1 by package `A`"),
        "{text}"
    );
    // Both manifest lines are shown.
    assert!(text.contains("a/Move.toml:5:10"), "{text}");
    assert!(text.contains("b/Move.toml:5:10"), "{text}");
}

#[test]
fn dev_address_rules() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    let dev = BuildOptions {
        dev: true,
        ..options()
    };
    write(
        root,
        "new/Move.toml",
        "[package]\nname = \"N\"\nversion = \"1.0.0\"\n[dev-addresses]\nfresh = \"0x5\"\n",
    );
    let (d, text) = failed(&root.join("new"), &dev);
    assert!(
        errors(&d)[0]
            .message
            .contains("`fresh` is not a named address of any package"),
        "{text}"
    );
    write(
        root,
        "same/Move.toml",
        "[package]\nname = \"S\"\nversion = \"1.0.0\"\n[addresses]\nstd = \"0x1\"\nme = \"_\"\n[dev-addresses]\nme = \"0x1\"\n",
    );
    let (d, text) = failed(&root.join("same"), &dev);
    assert!(
        errors(&d)[0]
            .message
            .contains("`me` = 0x1 is also the value of `std`"),
        "{text}"
    );
}

#[test]
fn missing_things_are_reported_where_they_are_named() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    // No package at all.
    let (d, text) = failed(&root.join("nothing"), &options());
    assert_eq!(errors(&d)[0].code, Code::InvalidManifest);
    assert!(text.contains("no package at"), "{text}");
    // A local dependency that is not there.
    write(
        root,
        "p/Move.toml",
        "[package]\nname = \"P\"\nversion = \"1.0.0\"\n\n[dependencies]\nGone = { local = \"../gone\" }\n",
    );
    let (d, text) = failed(&root.join("p"), &options());
    assert_eq!(errors(&d)[0].code, Code::UnresolvedDependency);
    assert!(
        text.contains("the dependency `Gone` is not found"),
        "{text}"
    );
    assert!(text.contains("p/Move.toml:6:1"), "{text}");
    // A dependency whose manifest has another name.
    write(
        root,
        "q/Move.toml",
        "[package]\nname = \"Q\"\nversion = \"1.0.0\"\n[dependencies]\nR = { local = \"../r\" }\n",
    );
    write(
        root,
        "r/Move.toml",
        "[package]\nname = \"NotR\"\nversion = \"1.0.0\"\n",
    );
    let (d, text) = failed(&root.join("q"), &options());
    assert!(
        errors(&d)[0]
            .message
            .contains("the dependency `R` is the package `NotR`"),
        "{text}"
    );
    // A broken dependency manifest points into that manifest.
    write(
        root,
        "s/Move.toml",
        "[package]\nname = \"S\"\nversion = \"1.0.0\"\n[dependencies]\nT = { local = \"../t\" }\n",
    );
    write(
        root,
        "t/Move.toml",
        "[package]\nname = \"T\"\nversion = \"one\"\n",
    );
    let (d, text) = failed(&root.join("s"), &options());
    assert_eq!(errors(&d)[0].code, Code::InvalidManifest);
    assert!(text.contains("t/Move.toml:3:11"), "{text}");
    assert!(text.contains("invalid version `one`"), "{text}");
}

#[test]
fn framework_git_dependency_uses_the_bundle() {
    // The built-in bundle: the package if this build has it, else an error naming it.
    let builtin = BuildOptions {
        bundle: None,
        ..options()
    };
    if Bundle::builtin().has_package("move-stdlib") {
        let l = loaded(&fixture("uses_framework"), &builtin);
        assert_eq!(names(&l), ["MoveStdlib", "UsesFramework"]);
    } else {
        let (d, text) = failed(&fixture("uses_framework"), &builtin);
        assert_eq!(errors(&d)[0].code, Code::UnresolvedDependency);
        assert!(text.contains("MoveStdlib is not bundled yet"), "{text}");
    }
    // A given bundle, with a local dependency inside it.
    let bundle = Bundle::from_files([
        (
            "move-stdlib/Move.toml".to_string(),
            "[package]\nname = \"MoveStdlib\"\nversion = \"1.5.0\"\n[addresses]\nstd = \"0x1\"\n[dependencies]\nInner = { local = \"../inner\" }\n".to_string(),
        ),
        (
            "move-stdlib/sources/vector.move".to_string(),
            "module std::vector { native public fun length<T>(v: &vector<T>): u64; }\n".to_string(),
        ),
        (
            "inner/Move.toml".to_string(),
            "[package]\nname = \"Inner\"\nversion = \"0.0.0\"\n".to_string(),
        ),
    ]);
    let o = BuildOptions {
        bundle: Some(Arc::new(bundle)),
        ..options()
    };
    let l = loaded(&fixture("uses_framework"), &o);
    assert_eq!(names(&l), ["Inner", "MoveStdlib", "UsesFramework"]);
    assert_eq!(l.named_addresses["std"], AccountAddress::ONE);
    assert_eq!(
        l.files.get(l.sources[1][0]).expect("file").name(),
        "<bundled>/move-stdlib/sources/vector.move"
    );
}

#[test]
fn other_git_dependencies_come_from_the_aptos_cli_cache() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    write(
        root,
        "p/Move.toml",
        "[package]\nname = \"P\"\nversion = \"1.0.0\"\n[dependencies]\nLib = { git = \"https://github.com/example/lib.git\", rev = \"release/v1\", subdir = \"pkg\" }\nChain = { aptos = \"mainnet\", address = \"0x7\" }\n",
    );
    let o = BuildOptions {
        move_home: Some(root.join("home")),
        skip_fetch_latest_git_deps: true,
        ..options()
    };
    let (d, text) = failed(&root.join("p"), &o);
    let e = errors(&d);
    assert_eq!(e.len(), 2, "{text}");
    assert!(e.iter().all(|d| d.code == Code::UnresolvedDependency));
    assert!(text.contains("does not fetch dependencies"), "{text}");
    assert!(
        text.contains("https___github_com_example_lib_git_release__v1/pkg"),
        "{text}"
    );
    write(
        root,
        "home/https___github_com_example_lib_git_release__v1/pkg/Move.toml",
        "[package]\nname = \"Lib\"\nversion = \"1.0.0\"\n",
    );
    write(
        root,
        "home/mainnet_0x7_Chain/Move.toml",
        "[package]\nname = \"Chain\"\nversion = \"1.0.0\"\n",
    );
    let l = loaded(&root.join("p"), &o);
    assert_eq!(names(&l), ["Chain", "Lib", "P"]);
}

#[test]
fn address_renaming_is_refused() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    write(
        root,
        "p/Move.toml",
        "[package]\nname = \"P\"\nversion = \"1.0.0\"\n[dependencies]\nB = { local = \"../b\", addr_subst = { mine = \"theirs\" } }\n",
    );
    write(
        root,
        "b/Move.toml",
        "[package]\nname = \"B\"\nversion = \"1.0.0\"\n[addresses]\ntheirs = \"0x3\"\n",
    );
    let (d, text) = failed(&root.join("p"), &options());
    assert!(
        errors(&d)[0]
            .message
            .contains("renaming the named address `theirs` of `B` to `mine`"),
        "{text}"
    );
}

#[test]
fn build_writes_the_metadata_deterministically() {
    let tmp = tempfile::tempdir().expect("tmp");
    let o = BuildOptions {
        install_dir: Some(tmp.path().to_path_buf()),
        ..options()
    };
    let out = match build_package(&fixture("app"), &o) {
        Ok(out) => out,
        Err(e) => panic!("{}", e.render()),
    };
    let dir = tmp.path().join("build/App");
    assert_eq!(out.output_dir.as_deref(), Some(dir.as_path()));
    let bytes = std::fs::read(dir.join(METADATA_FILE_NAME)).expect("metadata written");
    let m = PackageMetadata::from_bytes(&bytes).expect("decodes");
    assert_eq!(m, out.metadata);
    assert_eq!(m.name, "App");
    assert_eq!(m.upgrade_policy.policy, 2, "upgrade_policy = \"immutable\"");
    assert_eq!(m.upgrade_number, 0);
    assert_eq!(
        gunzip(&m.manifest).expect("gzip"),
        std::fs::read(fixture("app/Move.toml")).expect("read")
    );
    let loaded = loaded(&fixture("app"), &options());
    assert_eq!(m.source_digest, loaded.digests[1]);
    let root_modules: Vec<&str> = out
        .units_of(1)
        .filter(|u| u.module_id.is_some())
        .map(|u| u.name.as_str())
        .collect();
    let listed: Vec<&str> = m.modules.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(listed, root_modules);
    assert!(m.extension.is_none());
    // Same input, same bytes.
    build_package(&fixture("app"), &o).expect("second build");
    assert_eq!(
        std::fs::read(dir.join(METADATA_FILE_NAME)).expect("metadata"),
        bytes
    );
    // Problems stay diagnostics, rendered with the source line.
    let broken = tempfile::tempdir().expect("tmp");
    write(
        broken.path(),
        "Move.toml",
        "[package]\nname = \"Broken\"\nversion = \"1.0.0\"\n",
    );
    write(
        broken.path(),
        "sources/b.move",
        "module 0x1::b {\n    fun f() { 1 + }\n}\n",
    );
    let Err(e) = build_package(broken.path(), &o) else {
        panic!("a parse error builds");
    };
    let text = e.render();
    assert!(text.contains("sources/b.move:2:19"), "{text}");
    assert!(!tmp.path().join("build/Broken").exists());
}

#[test]
fn hostile_manifests_never_panic() {
    use proptest::prelude::*;
    let base = std::fs::read_to_string(fixture("dev_app/Move.toml")).expect("read");
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().to_path_buf();
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
        cases: 200,
        ..Default::default()
    });
    runner
        .run(
            &(0..base.len(), 0..base.len(), "[ -~\n]{0,8}"),
            |(at, len, insert)| {
                let start = at.min(base.len());
                let end = (at + len % 12).min(base.len());
                if !base.is_char_boundary(start) || !base.is_char_boundary(end) {
                    return Ok(());
                }
                let text = format!("{}{}{}", &base[..start], insert, &base[end..]);
                std::fs::write(dir.join("Move.toml"), &text).expect("write");
                let o = BuildOptions {
                    dev: true,
                    ..options()
                };
                if let Err(BuildError::Diagnostics { files, diagnostics }) = load(&dir, &o) {
                    prop_assert!(diagnostics.iter().any(Diagnostic::is_error));
                    let _ = render(&files, &diagnostics);
                }
                Ok(())
            },
        )
        .expect("no panic");
}

/// Every `.mv` under `dir`, sorted.
fn mv_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "mv") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn built(dir: &Path, options: &BuildOptions) -> lumio_move_compiler::package::BuildOutput {
    match build_package(dir, options) {
        Ok(out) => out,
        Err(e) => panic!("{}", e.render()),
    }
}

#[test]
fn build_writes_verified_bytecode_in_the_aptos_layout() {
    let tmp = tempfile::tempdir().expect("tmp");
    let o = BuildOptions {
        install_dir: Some(tmp.path().to_path_buf()),
        ..options()
    };
    let out = built(&fixture("app"), &o);
    let dir = tmp.path().join("build/App");
    let rel: Vec<String> = mv_files(&dir)
        .iter()
        .map(|p| p.strip_prefix(&dir).expect("inside").display().to_string())
        .collect();
    assert_eq!(
        rel,
        [
            "bytecode_modules/accounting.mv",
            "bytecode_modules/counter.mv",
            "bytecode_modules/dependencies/Base/math.mv",
            "bytecode_modules/dependencies/Base/pair.mv",
            "bytecode_modules/labels.mv",
            "bytecode_scripts/bump.mv",
        ]
    );
    // Every file deserializes, re-serializes to the same bytes, verifies and links.
    let report = lumio_move_verifier::cli::verify_files(&mv_files(&dir));
    assert_eq!(report.failed(), 0, "{report}");
    assert_eq!(report.passed(), 6, "{report}");
    // Modules at their named addresses, emitted at the default version.
    let counter = std::fs::read(dir.join("bytecode_modules/counter.mv")).expect("read");
    let m = lumio_move_binary_format::file_format::CompiledModule::deserialize(&counter)
        .expect("module");
    assert_eq!(m.self_id().expect("id").address(), &addr("0xA11CE"));
    assert_eq!(m.version, 7);
    let math = std::fs::read(dir.join("bytecode_modules/dependencies/Base/math.mv")).expect("r");
    let m =
        lumio_move_binary_format::file_format::CompiledModule::deserialize(&math).expect("module");
    assert_eq!(m.self_id().expect("id").address(), &addr("0xBA5E"));
    // The metadata: root modules in dependency order, their sources, the dependency.
    let md = &out.metadata;
    let listed: Vec<&str> = md.modules.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(listed, ["counter", "labels", "accounting"]);
    for m in &md.modules {
        let source = gunzip(&m.source).expect("gzip");
        let want = std::fs::read(fixture(&format!("app/sources/{}.move", m.name))).expect("src");
        assert_eq!(source, want, "{}", m.name);
        assert!(m.source_map.is_empty());
    }
    assert_eq!(md.deps.len(), 1);
    assert_eq!(md.deps[0].account, addr("0xBA5E"));
    assert_eq!(md.deps[0].package_name, "Base");
    // Units: Base's modules in dependency order, then App's, then the script.
    let names: Vec<&str> = out.units.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(
        names,
        ["math", "pair", "counter", "labels", "accounting", "bump"]
    );
    assert_eq!(
        out.summary(),
        format!(
            "built App: 3 modules, 1 script (2 dependency modules from 1 package) in {}",
            dir.display()
        )
    );
    assert_eq!(
        out.progress_lines(),
        ["INCLUDING DEPENDENCY Base", "BUILDING App"]
    );
    // A second build gives the same bytes, and removes what is no longer built.
    let before: Vec<Vec<u8>> = mv_files(&dir)
        .iter()
        .map(|p| std::fs::read(p).expect("r"))
        .collect();
    std::fs::write(dir.join("bytecode_modules/stale.mv"), b"old").expect("write");
    built(&fixture("app"), &o);
    let after: Vec<Vec<u8>> = mv_files(&dir)
        .iter()
        .map(|p| std::fs::read(p).expect("r"))
        .collect();
    assert_eq!(before, after);
}

#[test]
fn bytecode_version_6_and_test_mode() {
    let tmp = tempfile::tempdir().expect("tmp");
    let o = BuildOptions {
        install_dir: Some(tmp.path().to_path_buf()),
        bytecode_version: 6,
        ..options()
    };
    built(&fixture("app"), &o);
    let bytes = std::fs::read(tmp.path().join("build/App/bytecode_modules/counter.mv")).expect("r");
    let m =
        lumio_move_binary_format::file_format::CompiledModule::deserialize(&bytes).expect("module");
    assert_eq!(m.version, 6);
    // The test module of tests/ is compiled in test mode only.
    let test = BuildOptions {
        test_mode: true,
        ..options()
    };
    let l = load(&fixture("app"), &test).expect("load");
    let out = lumio_move_compiler::package::compile_loaded(l, &test).expect("compile");
    assert!(out.units.iter().any(|u| u.name == "counter_tests"));
    let dev = BuildOptions {
        dev: true,
        ..options()
    };
    let l = load(&fixture("app"), &dev).expect("load");
    let out = lumio_move_compiler::package::compile_loaded(l, &dev).expect("compile");
    assert!(!out.units.iter().any(|u| u.name == "counter_tests"));
}

#[test]
fn framework_dependency_builds_against_the_bundled_move_stdlib() {
    if !Bundle::builtin().has_package("move-stdlib") {
        return; // covered by framework_git_dependency_uses_the_bundle until it is bundled
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let o = BuildOptions {
        install_dir: Some(tmp.path().to_path_buf()),
        bundle: None,
        ..options()
    };
    let out = built(&fixture("uses_framework"), &o);
    let dir = tmp.path().join("build/UsesFramework");
    assert!(dir.join("bytecode_modules/hello.mv").is_file());
    let deps = mv_files(&dir.join("bytecode_modules/dependencies/MoveStdlib"));
    assert!(deps.iter().any(|p| p.ends_with("vector.mv")), "{deps:?}");
    let report = lumio_move_verifier::cli::verify_files(&mv_files(&dir));
    assert_eq!(report.failed(), 0, "{report}");
    assert_eq!(out.metadata.deps.len(), 1);
    assert_eq!(out.metadata.deps[0].account, AccountAddress::ONE);
    assert_eq!(out.metadata.deps[0].package_name, "MoveStdlib");
}

#[test]
fn one_module_in_two_packages_is_an_error() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    write(
        root,
        "a/Move.toml",
        "[package]\nname = \"A\"\nversion = \"1.0.0\"\n[dependencies]\nB = { local = \"../b\" }\n",
    );
    write(
        root,
        "a/sources/same.move",
        "module 0x77::same { public fun f(): u64 { 1 } }\n",
    );
    write(
        root,
        "b/Move.toml",
        "[package]\nname = \"B\"\nversion = \"1.0.0\"\n",
    );
    write(
        root,
        "b/sources/same.move",
        "module 0x77::same { public fun f(): u64 { 2 } }\n",
    );
    let o = BuildOptions {
        install_dir: Some(root.to_path_buf()),
        ..options()
    };
    let Err(BuildError::Diagnostics { files, diagnostics }) = build_package(&root.join("a"), &o)
    else {
        panic!("built");
    };
    let text = render(&files, &diagnostics);
    let e = errors(&diagnostics);
    assert_eq!(e.len(), 1, "{text}");
    assert_eq!(e[0].code, Code::PackageConflict, "{text}");
    assert!(e[0].message.contains("0x77::same"), "{text}");
    assert!(
        text.contains("a/sources/same.move") && text.contains("b/sources/same.move"),
        "{text}"
    );
    assert!(!root.join("build").exists());
}

#[test]
fn names_that_differ_only_in_case_are_refused() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    write(
        root,
        "Move.toml",
        "[package]\nname = \"Cases\"\nversion = \"1.0.0\"\n",
    );
    write(
        root,
        "sources/a.move",
        "module 0x9::Coin { public fun f(): u64 { 1 } }\n",
    );
    write(
        root,
        "sources/b.move",
        "module 0x9::coin { public fun f(): u64 { 2 } }\n",
    );
    let o = BuildOptions {
        install_dir: Some(root.to_path_buf()),
        ..options()
    };
    let Err(BuildError::Diagnostics { files, diagnostics }) = build_package(root, &o) else {
        panic!("built");
    };
    let text = render(&files, &diagnostics);
    let e = errors(&diagnostics);
    assert_eq!(e.len(), 1, "{text}");
    assert_eq!(e[0].code, Code::PackageConflict);
    assert!(
        e[0].message.contains(
            "`Coin` and `coin` would collide as `coin.mv` on a case-insensitive file system"
        ),
        "{text}"
    );
    assert!(!root.join("build").exists());
}

#[test]
fn a_dependency_digest_pins_its_sources() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    write(
        root,
        "b/Move.toml",
        "[package]\nname = \"B\"\nversion = \"1.0.0\"\n",
    );
    write(root, "b/sources/m.move", "module 0x5::m {}\n");
    let b = loaded(&root.join("b"), &options());
    let digest = b.digests[0].clone();
    let manifest = |d: &str| {
        format!(
            "[package]\nname = \"A\"\nversion = \"1.0.0\"\n[dependencies]\nB = {{ local = \"../b\", digest = \"{d}\" }}\n"
        )
    };
    write(root, "a/Move.toml", &manifest(&digest));
    loaded(&root.join("a"), &options());
    // The dependency's sources change: the pinned digest no longer matches.
    write(root, "b/sources/m.move", "module 0x5::m { }\n");
    let (d, text) = failed(&root.join("a"), &options());
    let e = errors(&d);
    assert_eq!(e.len(), 1, "{text}");
    assert_eq!(e[0].code, Code::UnresolvedDependency);
    assert!(e[0].message.contains("do not have the digest"), "{text}");
    assert!(text.contains("a/Move.toml:5:32"), "{text}");
}

#[cfg(unix)]
#[test]
fn symbolic_link_loops_in_sources_end() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    write(
        root,
        "Move.toml",
        "[package]\nname = \"Loop\"\nversion = \"1.0.0\"\n",
    );
    write(root, "sources/inner/m.move", "module 0x5::m {}\n");
    std::os::unix::fs::symlink(root.join("sources"), root.join("sources/inner/back"))
        .expect("symlink");
    let l = loaded(root, &options());
    assert_eq!(file_names(&l, 0).len(), 1);
}
