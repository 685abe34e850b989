//! Compiles Move packages given as source folders (dependencies first) and reports
//! diagnostics and time: a development tool for running the compiler over real code such as
//! the Aptos framework (kept outside the repository).
//!
//! `cargo run --release -p lumio-move-compiler --example compile_tree -- \
//!    MoveStdlib=DIR/move-stdlib AptosStdlib=DIR/aptos-stdlib --addr std=0x1 --addr aptos_std=0x1 \
//!    [--test] [--show N]`
//!
//! Each folder's `sources/` (or the folder itself if it has none) is read recursively.
//! `--abi-against DIR` compares the ABI of every compiled module (as `lumio move decode --json`
//! prints it, bytecode version aside) with the module of the same id among the `*.mv` files
//! under DIR (e.g. what the Aptos CLI built from the same sources).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use lumio_move_compiler::diagnostics::{Severity, render};
use lumio_move_compiler::expansion::parse_address_number;
use lumio_move_compiler::source::SourceFiles;
use lumio_move_compiler::{CompileOptions, PackageInput, compile};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "move") {
            out.push(path);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut options = CompileOptions {
        named_addresses: BTreeMap::new(),
        ..CompileOptions::default()
    };
    let mut packages = Vec::new();
    let mut show = 20usize;
    let mut show_warnings = false;
    let mut abi_against: Option<PathBuf> = None;
    let mut files = SourceFiles::new();
    let mut lines = 0usize;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--addr" => {
                i += 1;
                let (name, value) = args[i].split_once('=').expect("--addr name=0x..");
                let addr = parse_address_number(value).expect("an address");
                options.named_addresses.insert(name.to_string(), addr);
            }
            "--test" => options.test_mode = true,
            "--warnings" => show_warnings = true,
            "--abi-against" => {
                i += 1;
                abi_against = Some(PathBuf::from(&args[i]));
            }
            "--show" => {
                i += 1;
                show = args[i].parse().expect("a number");
            }
            pkg => {
                let (name, dir) = pkg.split_once('=').expect("Name=DIR");
                let dir = PathBuf::from(dir);
                let sources = if dir.join("sources").is_dir() {
                    dir.join("sources")
                } else {
                    dir.clone()
                };
                let mut paths = Vec::new();
                collect(&sources, &mut paths);
                if options.test_mode && dir.join("tests").is_dir() {
                    collect(&dir.join("tests"), &mut paths);
                }
                paths.sort();
                let mut ids = Vec::new();
                for p in paths {
                    let text = std::fs::read_to_string(&p).expect("readable source");
                    lines += text.lines().count();
                    ids.push(files.add(p.display().to_string(), text));
                }
                packages.push(PackageInput {
                    name: name.to_string(),
                    files: ids,
                });
            }
        }
        i += 1;
    }
    let start = Instant::now();
    let out = compile(&files, &packages, &options);
    let elapsed = start.elapsed();
    let wanted = if show_warnings {
        Severity::Warning
    } else {
        Severity::Error
    };
    let shown: Vec<_> = out
        .diagnostics
        .iter()
        .filter(|d| d.severity == wanted)
        .cloned()
        .collect();
    let errors: Vec<_> = out
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    let warnings = out.diagnostics.len() - errors.len();
    print!("{}", render(&files, &shown[..shown.len().min(show)]));
    let mut by_code: BTreeMap<String, usize> = BTreeMap::new();
    for d in &shown {
        *by_code
            .entry(format!(
                "{} {}",
                d.code.as_string(),
                d.message.split('`').next().unwrap_or("")
            ))
            .or_default() += 1;
    }
    for (k, v) in by_code {
        println!("{v:6}  {k}");
    }
    for (stage, d) in &out.timings {
        println!("  {stage:<10} {:8.1} ms", d.as_secs_f64() * 1e3);
    }
    println!(
        "{} files, {lines} lines, {} modules compiled, {} errors, {warnings} warnings, {:.1} ms",
        files.len(),
        out.units.len(),
        errors.len(),
        elapsed.as_secs_f64() * 1e3
    );
    if !errors.is_empty() {
        std::process::exit(1);
    }
    if let Some(dir) = abi_against
        && !abi_diff(&out.units, &dir)
    {
        std::process::exit(1);
    }
}

fn collect_ext(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_ext(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// The ABI with definition order removed (Aptos compilers differ in the order they emit
/// functions and structs: v1 sorted them by name, v2 keeps source order).
fn normalized(
    m: &lumio_move_binary_format::file_format::CompiledModule,
) -> lumio_move_binary_format::abi::ModuleAbi {
    let mut abi = lumio_move_binary_format::abi::module_abi(m);
    abi.version = 0;
    abi.friends.sort();
    abi.exposed_functions.sort_by(|a, b| a.name.cmp(&b.name));
    abi.structs.sort_by(|a, b| a.name.cmp(&b.name));
    if std::env::var_os("ABI_IGNORE_METADATA").is_some() {
        abi.exposed_functions
            .iter_mut()
            .for_each(|f| f.is_view = false);
        abi.structs.iter_mut().for_each(|s| s.is_event = false);
    }
    abi
}

/// Compares ABIs with the reference modules; true when all compiled modules match.
fn abi_diff(units: &[lumio_move_compiler::CompiledUnit], dir: &Path) -> bool {
    use lumio_move_binary_format::file_format::CompiledModule;
    let mut reference = BTreeMap::new();
    let mut reference_md = BTreeMap::new();
    let mut paths = Vec::new();
    collect_ext(dir, "mv", &mut paths);
    for p in paths {
        let Ok(bytes) = std::fs::read(&p) else {
            continue;
        };
        let Ok(m) = CompiledModule::deserialize(&bytes) else {
            continue;
        };
        let abi = normalized(&m);
        if let Some(md) = m.metadata.iter().find(|md| md.key == b"aptos::metadata_v1") {
            reference_md.insert((abi.address.clone(), abi.name.clone()), md.value.clone());
        }
        reference.insert((abi.address.clone(), abi.name.clone()), abi);
    }
    let (mut equal, mut differ, mut missing) = (0, 0, 0);
    for u in units {
        let lumio_move_compiler::UnitKind::Module(m) = &u.kind else {
            continue;
        };
        let abi = normalized(m);
        match reference.get(&(abi.address.clone(), abi.name.clone())) {
            None => missing += 1,
            Some(r) if *r == abi => equal += 1,
            Some(r) => {
                differ += 1;
                let ours = serde_json::to_string_pretty(&abi).unwrap_or_default();
                let theirs = serde_json::to_string_pretty(r).unwrap_or_default();
                println!("ABI differs: {}::{}", abi.address, abi.name);
                for (a, b) in ours
                    .lines()
                    .zip(theirs.lines())
                    .filter(|(a, b)| a != b)
                    .take(6)
                {
                    println!("  ours:   {a}\n  theirs: {b}");
                }
                if ours.lines().count() != theirs.lines().count() {
                    println!(
                        "  ({} lines vs {} lines)",
                        ours.lines().count(),
                        theirs.lines().count()
                    );
                }
            }
        }
    }
    println!("ABI: {equal} equal, {differ} differ, {missing} without a reference module");
    // aptos::metadata_v1 (error map with descriptions, view/event/resource-group attributes),
    // byte for byte, where the reference module has it.
    let (mut md_equal, mut md_differ) = (0, 0);
    for u in units {
        let lumio_move_compiler::UnitKind::Module(m) = &u.kind else {
            continue;
        };
        let abi = normalized(m);
        let Some(theirs) = reference_md.get(&(abi.address.clone(), abi.name.clone())) else {
            continue;
        };
        let ours = m.metadata.iter().find(|md| md.key == b"aptos::metadata_v1");
        if ours.is_some_and(|md| md.value == *theirs) {
            md_equal += 1;
        } else {
            md_differ += 1;
            println!("aptos::metadata_v1 differs: {}::{}", abi.address, abi.name);
        }
    }
    println!("aptos::metadata_v1: {md_equal} byte-identical, {md_differ} differ");
    differ == 0
}
