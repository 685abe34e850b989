//! Parses every `*.move` file under a directory and reports files, lines, errors and speed.
//!
//! `cargo run --release -p lumio-move-compiler --example parse_tree -- DIR [--quiet]`
//! (used by `scripts/parse-framework.sh`). Exit status 1 if any file has an error.

use lumio_move_compiler::diagnostics::{Severity, render};
use lumio_move_compiler::parse_file;
use lumio_move_compiler::parser::{ast, lexer};
use lumio_move_compiler::source::SourceFiles;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "move") {
            out.push(path);
        }
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: parse_tree DIR [--quiet]");
        std::process::exit(2);
    };
    let quiet = args.iter().any(|a| a == "--quiet");
    let per_file = args.iter().any(|a| a == "--per-file");
    let mut paths = Vec::new();
    if let Err(e) = collect(Path::new(dir), &mut paths) {
        eprintln!("cannot read {dir}: {e}");
        std::process::exit(2);
    }
    paths.sort();
    let mut files = SourceFiles::new();
    let mut ids = Vec::new();
    for p in &paths {
        match std::fs::read_to_string(p) {
            Ok(text) => ids.push(files.add(p.display().to_string(), text)),
            Err(e) => {
                eprintln!("cannot read {}: {e}", p.display());
                std::process::exit(2);
            }
        }
    }
    let lines: usize = ids
        .iter()
        .map(|id| files.get(*id).map_or(0, |f| f.text().lines().count()))
        .sum();
    let bytes: usize = ids
        .iter()
        .map(|id| files.get(*id).map_or(0, |f| f.text().len()))
        .sum();

    // First pass: diagnostics and what was found.
    let mut stats = Stats::default();
    let mut failed = 0usize;
    let mut errors = 0usize;
    let mut warnings = 0usize;
    for id in &ids {
        let file = files.get(*id).expect("added above");
        let (ast, diags) = parse_file(file.text(), *id);
        errors += diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        warnings += diags
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        match &ast {
            Some(ast) => {
                let before = stats.functions;
                stats.add(ast);
                if per_file {
                    println!("{} {}", stats.functions - before, file.name());
                }
            }
            None => failed += 1,
        }
        if !diags.is_empty() && !quiet {
            eprint!("{}", render(&files, &diags));
        }
    }

    // Timing: the best of several whole-tree passes (the machine is shared).
    let mut best = Duration::MAX;
    for _ in 0..7 {
        let t = Instant::now();
        let mut nodes = 0usize;
        for id in &ids {
            let file = files.get(*id).expect("added above");
            let (ast, _) = parse_file(file.text(), *id);
            nodes += ast.map_or(0, |a| a.definitions.len());
        }
        std::hint::black_box(nodes);
        best = best.min(t.elapsed());
    }
    // Lexing alone, to see where the time goes.
    let mut best_lex = Duration::MAX;
    for _ in 0..7 {
        let t = Instant::now();
        let mut tokens = 0usize;
        for id in &ids {
            let file = files.get(*id).expect("added above");
            tokens += lexer::lex(file.text(), *id).tokens.len();
        }
        std::hint::black_box(tokens);
        best_lex = best_lex.min(t.elapsed());
    }
    let secs = best.as_secs_f64();
    println!(
        "{dir}: {} files, {lines} lines, {bytes} bytes: {} parsed, {failed} failed, {errors} errors, {warnings} warnings",
        ids.len(),
        ids.len() - failed
    );
    println!(
        "parse time {:.1} ms (best of 7; lexing {:.1} ms of it): {:.0} lines/s, {:.1} MB/s",
        secs * 1e3,
        best_lex.as_secs_f64() * 1e3,
        lines as f64 / secs,
        bytes as f64 / secs / 1e6
    );
    println!(
        "found {} modules, {} scripts, {} functions, {} structs/enums, {} constants, {} uses, {} friends",
        stats.modules,
        stats.scripts,
        stats.functions,
        stats.structs,
        stats.constants,
        stats.uses,
        stats.friends
    );
    if failed > 0 {
        std::process::exit(1);
    }
}

#[derive(Default)]
struct Stats {
    modules: usize,
    scripts: usize,
    functions: usize,
    structs: usize,
    constants: usize,
    uses: usize,
    friends: usize,
}

impl Stats {
    fn add(&mut self, file: &ast::File) {
        for d in &file.definitions {
            match d {
                ast::Definition::Module(m) => self.module(m),
                ast::Definition::Address(a) => a.modules.iter().for_each(|m| self.module(m)),
                ast::Definition::Script(_) => {
                    self.scripts += 1;
                    self.functions += 1;
                }
            }
        }
    }

    fn module(&mut self, m: &ast::Module) {
        self.modules += 1;
        for member in &m.members {
            match member {
                ast::ModuleMember::Use(_) => self.uses += 1,
                ast::ModuleMember::Friend(_) => self.friends += 1,
                ast::ModuleMember::Constant(_) => self.constants += 1,
                ast::ModuleMember::Struct(_) => self.structs += 1,
                ast::ModuleMember::Function(_) => self.functions += 1,
            }
        }
    }
}
