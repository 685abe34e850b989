//! The whole pipeline (parse → expansion → typing → inlining → codegen + verification):
//! - never panics on mutated programs (token-level mutations of `tests/programs/`, compiled
//!   against our MoveStdlib), and every diagnostic points into a file;
//! - is deterministic: the same sources give the same bytes (each compilation's hash maps
//!   have their own random seeds, so no output depends on hash order);
//! - emits the requested bytecode version, and refuses v6 for code that needs v7 (enums).

use std::path::PathBuf;
use std::sync::OnceLock;

use lumio_move_compiler::source::SourceFiles;
use lumio_move_compiler::{
    CompileOptions, CompileOutput, PackageInput, UnitKind, compile, compile_with_stdlib,
};
use proptest::prelude::*;

use crate::mutations::{apply, mutation, tokens_of};

fn read_dir(dir: &str) -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "move"))
        .map(|p| {
            (
                p.file_name().expect("name").to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).expect("read"),
            )
        })
        .collect();
    out.sort();
    out
}

fn programs() -> &'static Vec<(String, String)> {
    static P: OnceLock<Vec<(String, String)>> = OnceLock::new();
    P.get_or_init(|| read_dir("tests/programs"))
}

/// Compiles `src` with the stdlib; returns the output and the files.
fn compile_with_std(src: &str, version: u32) -> (CompileOutput, SourceFiles) {
    let options = CompileOptions {
        test_mode: true,
        bytecode_version: version,
        ..CompileOptions::default()
    };
    let (files, out) = compile_with_stdlib(&[("program.move", src)], &options);
    (out, files)
}

fn bytes_of(out: &CompileOutput) -> Vec<Vec<u8>> {
    out.units
        .iter()
        .map(|u| {
            let mut b = Vec::new();
            match &u.kind {
                UnitKind::Module(m) => m.serialize(&mut b).expect("serializes"),
                UnitKind::Script(s) => s.serialize(&mut b).expect("serializes"),
            }
            b
        })
        .collect()
}

fn check(src: &str) {
    let (out, files) = compile_with_std(src, 7);
    for d in &out.diagnostics {
        let span = d.primary_span().expect("every diagnostic has a location");
        let file = files.get(span.file).expect("a known file");
        assert!(
            span.start <= span.end && span.end as usize <= file.text().len(),
            "{d:?}"
        );
    }
    let _ = lumio_move_compiler::diagnostics::render(&files, &out.diagnostics);
    if !out.has_errors() {
        assert!(!out.units.is_empty(), "no error, but nothing compiled");
    }
}

fn program_tokens() -> &'static Vec<Vec<String>> {
    static T: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    T.get_or_init(|| programs().iter().map(|(_, s)| tokens_of(s)).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn mutated_programs_never_panic_the_compiler(
        file in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let all = program_tokens();
        let mut tokens = all[file.index(all.len())].clone();
        for m in &mutations {
            apply(&mut tokens, m);
        }
        check(&tokens.concat());
    }
}

#[test]
fn every_program_compiles_the_same_twice() {
    for (name, src) in programs() {
        let (a, _) = compile_with_std(src, 7);
        let (b, _) = compile_with_std(src, 7);
        assert_eq!(a.diagnostics, b.diagnostics, "{name}");
        assert_eq!(
            bytes_of(&a),
            bytes_of(&b),
            "{name}: output differs between runs"
        );
    }
}

/// A module that needs no library, for the version test (our MoveStdlib itself needs v7:
/// `std::cmp::Ordering` is an enum).
const STANDALONE: &str = "module 0x42::standalone {
    struct Counter has key, drop { n: u64 }
    public fun bump(c: &mut Counter): u64 { c.n = c.n + 1; c.n }
    public fun sum(v: &vector<u64>): u64 {
        let (i, s) = (0, 0);
        while (i < 3) { s = s + i; i = i + 1 };
        s + (if (v == &vector[1]) 1 else 0)
    }
}";

const WITH_ENUM: &str = "module 0x42::with_enum {
    enum E has drop { A, B(u64) }
    public fun b(x: u64): E { E::B(x) }
}";

fn compile_alone(src: &str, version: u32) -> CompileOutput {
    let mut files = SourceFiles::new();
    let id = files.add("alone.move", src);
    let packages = [PackageInput {
        name: "P".into(),
        files: vec![id],
    }];
    let options = CompileOptions {
        bytecode_version: version,
        ..CompileOptions::default()
    };
    compile(&files, &packages, &options)
}

#[test]
fn bytecode_version_6_is_emitted_on_request_and_refused_for_enums() {
    for version in [6, 7] {
        let out = compile_alone(STANDALONE, version);
        assert!(!out.has_errors(), "{:#?}", out.diagnostics);
        let UnitKind::Module(m) = &out.units[0].kind else {
            panic!("a module")
        };
        assert_eq!(m.version, version);
    }
    let out = compile_alone(WITH_ENUM, 6);
    assert!(out.has_errors(), "enums need bytecode v7");
    assert!(!compile_alone(WITH_ENUM, 7).has_errors());
}

/// Deeply nested expressions of every shape (below the parser's nesting limit) compile on a
/// 1 MiB thread in a debug build: every recursive stage grows its stack when needed.
#[test]
fn deep_expressions_compile_on_a_small_stack() {
    let n = 400;
    let sum = format!("fun f(x: u64): u64 {{ {} }}", vec!["x"; n].join(" + "));
    let mut chain = String::from("fun g(x: u64): u64 { ");
    for i in 0..200 {
        chain.push_str(&format!("if (x == {i}) {i} else "));
    }
    chain.push_str("0 }");
    let blocks = format!(
        "fun h(): u64 {{ {}1{} }}",
        "{ ".repeat(200),
        " }".repeat(200)
    );
    let ands = format!("fun k(b: bool): bool {{ {} }}", vec!["b"; n].join(" && "));
    let vectors = format!(
        "fun v(): vector<u64> {{ let _x = {}1{}; vector[] }}",
        "vector[".repeat(120),
        "]".repeat(120)
    );
    let src = format!("module 0x42::deep {{ {sum} {chain} {blocks} {ands} {vectors} }}");
    let handle = std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(move || {
            let out = compile_alone(&src, 7);
            (out.has_errors(), format!("{:?}", out.diagnostics.first()))
        })
        .expect("thread");
    let (errors, first) = handle.join().expect("no stack overflow");
    assert!(!errors, "{first}");
}

/// `aptos::metadata_v1`'s error map names each `E*` constant and describes it with its doc
/// comment, as the Aptos CLI does (checked byte for byte against an Aptos CLI build with
/// `compile_tree --abi-against`).
#[test]
fn error_map_carries_doc_comments() {
    let src = "module 0x42::errs {
        /// The thing was not found.
        const ENOT_FOUND: u64 = 1;
        /** Two lines
         * of text. */
        const ETWO: u64 = 2;
        const EBARE: u64 = 3;
        const MAX: u64 = 9;
        public fun f(): u64 { ENOT_FOUND + ETWO + EBARE + MAX }
    }";
    let out = compile_alone(src, 7);
    assert!(!out.has_errors(), "{:#?}", out.diagnostics);
    let UnitKind::Module(m) = &out.units[0].kind else {
        panic!("a module")
    };
    let md = lumio_move_binary_format::metadata::get_metadata_v1(&m.metadata)
        .expect("metadata_v1 present")
        .expect("metadata_v1 decodes");
    let described: Vec<(u64, &str, &str)> = md
        .error_map
        .iter()
        .map(|(c, d)| (*c, d.code_name.as_str(), d.code_description.as_str()))
        .collect();
    assert_eq!(
        described,
        vec![
            (1, "ENOT_FOUND", "The thing was not found."),
            (2, "ETWO", "Two lines\nof text."),
            (3, "EBARE", ""),
        ]
    );
}
