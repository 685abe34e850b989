//! Compiles Move packages given as source folders (dependencies first) and reports
//! diagnostics and time: a development tool for running the compiler over real code such as
//! the Aptos framework (kept outside the repository).
//!
//! `cargo run --release -p lumio-move-compiler --example compile_tree -- \
//!    MoveStdlib=DIR/move-stdlib AptosStdlib=DIR/aptos-stdlib --addr std=0x1 --addr aptos_std=0x1 \
//!    [--test] [--show N]`
//!
//! Each folder's `sources/` (or the folder itself if it has none) is read recursively.

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
}
