//! Embeds the bundled Move packages (`crates/move/framework/{move-stdlib,aptos-stdlib,
//! aptos-framework}`: their `Move.toml` and `.move` files) into the compiler, so that a git
//! dependency on MoveStdlib / AptosStdlib / AptosFramework resolves offline in a
//! self-contained binary. A package folder that does not exist yet is simply not bundled
//! (the package system then says so by name).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const PACKAGES: [&str; 3] = ["move-stdlib", "aptos-stdlib", "aptos-framework"];
const SOURCE_DIRS: [&str; 4] = ["sources", "scripts", "tests", "examples"];

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let framework = manifest_dir.join("../framework");
    if framework.is_dir() {
        println!("cargo:rerun-if-changed={}", framework.display());
    } else {
        // Until the folder exists, watch its parent so that its arrival is noticed.
        println!(
            "cargo:rerun-if-changed={}",
            manifest_dir.join("..").display()
        );
    }
    let mut files = Vec::new();
    for package in PACKAGES {
        let dir = framework.join(package);
        let manifest = dir.join("Move.toml");
        if !manifest.is_file() {
            continue;
        }
        files.push((format!("{package}/Move.toml"), manifest));
        for sub in SOURCE_DIRS {
            collect(&dir.join(sub), &format!("{package}/{sub}"), &mut files);
        }
    }
    files.sort();
    let mut out = String::from("&[\n");
    for (name, path) in &files {
        let path = path.canonicalize().unwrap_or_else(|_| path.clone());
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .expect("writing to a String");
    }
    out.push(']');
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("bundled.rs");
    std::fs::write(dest, out).expect("writing OUT_DIR/bundled.rs");
}

fn collect(dir: &Path, prefix: &str, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_string)
        else {
            continue;
        };
        if path.is_dir() {
            collect(&path, &format!("{prefix}/{name}"), out);
        } else if name.ends_with(".move") {
            out.push((format!("{prefix}/{name}"), path));
        }
    }
}
