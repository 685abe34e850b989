//! Inlining on Move source: parsed, expanded and typed by the earlier stages, with our own
//! MoveStdlib (`crates/move/framework/move-stdlib`) as the library, so `for_each`, `fold`,
//! `map`, `filter`, ... are the real inline functions.

use std::collections::BTreeMap;
use std::path::Path;

use lumio_move_core_types::account_address::AccountAddress;

use super::{Flow, V, check_inlined, codes, run_in, u64s};
use crate::diagnostics::{Code, Diagnostic, render};
use crate::expansion::{self, ParsedFile};
use crate::model::{FunId, FunKind, ModuleIdx, Program};
use crate::source::SourceFiles;
use crate::tast::{Exp, ExpKind};
use crate::{CompileOptions, PackageInput, compile, parse_file, typing};

fn stdlib_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../framework/move-stdlib")
}

/// Files the earlier stages cannot take yet: `cmp.move` tests enum variants with `is`, which
/// typing refuses for now (nothing else of the library uses it).
const NOT_YET: [&str; 2] = ["cmp.move", "cmp_tests.move"];

/// The `.move` files of `dir` (sorted, without [`NOT_YET`]), as (name, text).
fn move_files(dir: &Path) -> Vec<(String, String)> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "move"))
        .filter(|p| {
            !NOT_YET
                .iter()
                .any(|n| p.file_name().is_some_and(|f| f == *n))
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable");
            (p.display().to_string(), text)
        })
        .collect()
}

fn options(test_mode: bool) -> CompileOptions {
    let mut named_addresses = BTreeMap::new();
    named_addresses.insert("std".to_string(), AccountAddress::ONE);
    named_addresses.insert("vm".to_string(), AccountAddress::ZERO);
    CompileOptions {
        named_addresses,
        test_mode,
        ..CompileOptions::default()
    }
}

/// Parses, expands and types `packages` (dependencies first); panics on any error.
fn typed(packages: &[Vec<(String, String)>], test_mode: bool) -> (Program, SourceFiles) {
    let options = options(test_mode);
    let mut files = SourceFiles::new();
    let mut parsed = Vec::new();
    let mut diags = Vec::new();
    for (index, package) in packages.iter().enumerate() {
        for (name, text) in package {
            let id = files.add(name.clone(), text.clone());
            let (ast, d) = parse_file(text, id);
            diags.extend(d);
            if let Some(ast) = ast {
                parsed.push(ParsedFile {
                    package: index as u32,
                    ast,
                });
            }
        }
    }
    let (mut program, scopes, d) = expansion::expand(&parsed, &options);
    diags.extend(d);
    diags.extend(typing::check(&mut program, &parsed, &scopes, &options));
    let errors: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
    assert!(errors.is_empty(), "{}", render(&files, &errors));
    (program, files)
}

/// Inline call sites in the regular bodies of `p`.
fn inline_calls(p: &Program) -> usize {
    fn count(p: &Program, e: &Exp, n: &mut usize) {
        if let ExpKind::Call(f, ..) = &e.kind
            && p.fun_decl(*f).kind == FunKind::Inline
        {
            *n += 1;
        }
        super::super::for_each_child(e, |c| count(p, c, n));
    }
    let mut n = 0;
    for f in p.modules.iter().flat_map(|m| &m.functions) {
        if let (FunKind::Regular, Some(b)) = (f.kind, &f.body) {
            count(p, &b.exp, &mut n);
        }
    }
    n
}

fn find(p: &Program, module: &str, name: &str) -> FunId {
    for (m, module_decl) in p.modules.iter().enumerate() {
        if module_decl.id.name != module {
            continue;
        }
        if let Some(i) = module_decl.functions.iter().position(|f| f.name == name) {
            return FunId {
                module: ModuleIdx(m as u32),
                index: i as u32,
            };
        }
    }
    panic!("no function {module}::{name}");
}

#[test]
fn our_move_stdlib_and_its_tests_inline_to_well_formed_code() {
    let dir = stdlib_dir();
    let mut files = move_files(&dir.join("sources"));
    files.extend(move_files(&dir.join("tests")));
    let (mut p, sources) = typed(&[files], true);
    let before = inline_calls(&p);
    // The library's own code and its tests call inline functions in many places.
    assert!(before >= 40, "only {before} inline calls");
    let diags = super::inline(&mut p);
    assert!(diags.is_empty(), "{}", render(&sources, &diags));
    assert_eq!(inline_calls(&p), 0);
    check_inlined(&p);
}

/// A module using the library's inline functions as framework code does.
const USER: &str = r#"
module 0x42::t {
    use std::option;
    use std::vector;

    fun sum(v: vector<u64>): u64 { vector::fold(v, 0, |a, x| a + x) }
    fun doubled(v: vector<u64>): vector<u64> { v.map(|x| x * 2) }
    fun evens(v: vector<u64>): vector<u64> { v.filter(|x| *x % 2 == 0) }
    fun count_over(v: &vector<u64>, k: u64): u64 {
        let n = 0;
        v.for_each_ref(|x| if (*x > k) n = n + 1);
        n
    }
    fun first_over(v: &vector<u64>, k: u64): u64 {
        let (found, i) = v.find(|x| *x > k);
        if (found) i else 999
    }
    fun weighted(v: &vector<u64>): u64 {
        let s = 0;
        v.enumerate_ref(|i, x| s = s + i * *x);
        s
    }
    fun has(v: &vector<u64>, k: u64): bool { v.any(|x| *x == k) }
    fun all_small(v: &vector<u64>): bool { v.all(|x| *x < 10) }
    fun bump(v: &mut vector<u64>) { v.for_each_mut(|x| *x = *x + 100) }
    fun bumped(v: vector<u64>): vector<u64> { bump(&mut v); v }
    fun opt(x: u64): u64 { option::some(x).map(|y| y + 1).destroy_with_default(0) }
    fun nested(v: vector<u64>): u64 {
        vector::fold(v, 0, |a, x| a + vector::fold(vector[x, x], 1, |b, y| b * y))
    }
    fun repeated(v: vector<u64>): u64 {
        let t = 0;
        let i = 0;
        while (i < 3) {
            v.for_each_ref(|x| t = t + *x);
            i = i + 1
        };
        t
    }
    inline fun twice(x: u64, f: |u64| u64): u64 { f(f(x)) }
    inline fun four_times(x: u64, f: |u64| u64): u64 { twice(twice(x, f), f) }
    fun forwarded(x: u64, k: u64): u64 { four_times(x, |y| y + k) }
}
"#;

#[test]
fn framework_style_code_computes_what_it_should() {
    let std = move_files(&stdlib_dir().join("sources"));
    let user = vec![("t.move".to_string(), USER.to_string())];
    let (mut p, sources) = typed(&[std, user], false);
    let diags = super::inline(&mut p);
    assert!(diags.is_empty(), "{}", render(&sources, &diags));
    check_inlined(&p);
    let run = |name: &str, args: Vec<V>| {
        run_in(&p, find(&p, "t", name), args).unwrap_or_else(|f| panic!("{name}: {f:?}"))
    };
    let v = || u64s(&[3, 8, 1, 12, 6]);
    assert_eq!(run("sum", vec![v()]), V::Int(30));
    assert_eq!(run("sum", vec![u64s(&[])]), V::Int(0));
    assert_eq!(run("doubled", vec![v()]), u64s(&[6, 16, 2, 24, 12]));
    assert_eq!(run("evens", vec![v()]), u64s(&[8, 12, 6]));
    assert_eq!(run("nested", vec![u64s(&[2, 3])]), V::Int(13));
    assert_eq!(run("repeated", vec![u64s(&[1, 2])]), V::Int(9));
    assert_eq!(run("opt", vec![V::Int(41)]), V::Int(42));
    assert_eq!(run("forwarded", vec![V::Int(1), V::Int(10)]), V::Int(41));
    assert_eq!(run("bumped", vec![u64s(&[1, 2])]), u64s(&[101, 102]));
}

#[test]
fn framework_style_code_through_references() {
    // The functions taking `&vector<u64>`, called from wrappers that own the vector.
    let wrappers = r#"
module 0x42::w {
    use 0x42::t;
    public fun count_over(v: vector<u64>, k: u64): u64 { t::count_over(&v, k) }
    public fun first_over(v: vector<u64>, k: u64): u64 { t::first_over(&v, k) }
    public fun weighted(v: vector<u64>): u64 { t::weighted(&v) }
    public fun has(v: vector<u64>, k: u64): bool { t::has(&v, k) }
    public fun all_small(v: vector<u64>): bool { t::all_small(&v) }
}
"#;
    let user = USER.replace("    fun ", "    public fun ");
    let std = move_files(&stdlib_dir().join("sources"));
    let (mut p, sources) = typed(
        &[
            std,
            vec![
                ("t.move".to_string(), user),
                ("w.move".to_string(), wrappers.to_string()),
            ],
        ],
        false,
    );
    let diags = super::inline(&mut p);
    assert!(diags.is_empty(), "{}", render(&sources, &diags));
    check_inlined(&p);
    let run = |name: &str, args: Vec<V>| {
        run_in(&p, find(&p, "w", name), args).unwrap_or_else(|f| panic!("{name}: {f:?}"))
    };
    let v = || u64s(&[3, 8, 1, 12, 6]);
    assert_eq!(run("count_over", vec![v(), V::Int(5)]), V::Int(3));
    assert_eq!(run("first_over", vec![v(), V::Int(10)]), V::Int(3));
    assert_eq!(run("first_over", vec![v(), V::Int(100)]), V::Int(999));
    assert_eq!(run("weighted", vec![v()]), V::Int(8 + 2 + 36 + 24));
    assert_eq!(run("has", vec![v(), V::Int(12)]), V::Bool(true));
    assert_eq!(run("has", vec![v(), V::Int(5)]), V::Bool(false));
    assert_eq!(run("all_small", vec![v()]), V::Bool(false));
    assert_eq!(run("all_small", vec![u64s(&[1, 9])]), V::Bool(true));
}

/// Compiles `text` (one module or more, at 0x42) with our MoveStdlib; the diagnostics.
fn compile_with_std(text: &str) -> (Vec<Diagnostic>, SourceFiles) {
    let mut files = SourceFiles::new();
    let mut std_ids = Vec::new();
    for (name, text) in move_files(&stdlib_dir().join("sources")) {
        std_ids.push(files.add(name, text));
    }
    let user = files.add("user.move", text);
    let packages = [
        PackageInput {
            name: "MoveStdlib".into(),
            files: std_ids,
        },
        PackageInput {
            name: "User".into(),
            files: vec![user],
        },
    ];
    let out = compile(&files, &packages, &options(false));
    (out.diagnostics, files)
}

#[test]
fn recursive_inline_functions_in_source() {
    let (diags, files) = compile_with_std(
        r#"
module 0x42::r {
    inline fun a(x: u64): u64 { if (x == 0) 0 else b(x - 1) }
    inline fun b(x: u64): u64 { a(x) }
    inline fun c(x: u64): u64 { c(x) }
    fun f(): u64 { a(3) + c(1) }
}
"#,
    );
    let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    let rendered = render(&files, &diags);
    assert_eq!(errors.len(), 2, "{rendered}");
    assert!(
        errors.iter().all(|d| d.code == Code::RecursiveInline),
        "{rendered}"
    );
    assert!(
        rendered.contains("`0x42::r::a`, `0x42::r::b`"),
        "{rendered}"
    );
    assert!(rendered.contains("`0x42::r::c` calls itself"), "{rendered}");
    assert!(rendered.contains("user.move:3:"), "{rendered}");
}

#[test]
fn return_in_an_inline_function_in_source() {
    let (diags, files) = compile_with_std(
        r#"
module 0x42::r {
    inline fun first(v: &vector<u64>): u64 { if (v.length() > 0) return v[0]; 0 }
    fun f(): u64 { first(&vector[1]) }
}
"#,
    );
    let rendered = render(&files, &diags);
    assert_eq!(codes(&diags), vec![Code::InvalidLambda], "{rendered}");
    assert!(
        rendered.contains("`return` is not allowed in an inline function"),
        "{rendered}"
    );
}

#[test]
fn inline_code_reaching_a_private_function_of_its_module_in_source() {
    let (diags, files) = compile_with_std(
        r#"
module 0x42::a {
    struct Counter has drop { n: u64 }
    fun secret(): u64 { 7 }
    public inline fun peek(): u64 { secret() }
    public inline fun counter(): Counter { Counter { n: 1 } }
    public fun ok(): u64 { peek() }
}
module 0x42::b {
    fun f(): u64 { 0x42::a::peek() }
    fun g() { let _c = 0x42::a::counter(); }
}
"#,
    );
    let rendered = render(&files, &diags);
    assert_eq!(
        codes(&diags),
        vec![Code::Visibility, Code::Visibility],
        "{rendered}"
    );
    assert!(
        rendered.contains("`0x42::a::secret` (private)"),
        "{rendered}"
    );
    assert!(
        rendered.contains("cannot pack `0x42::a::Counter`"),
        "{rendered}"
    );
    assert!(rendered.contains("expanded here"), "{rendered}");
}

/// Every `#[test]` of our MoveStdlib without parameters, run by the evaluator on the expanded
/// code, ends as it expects (returns, or aborts with the expected code or error). The vector
/// and option tests go through nearly every inline function of the library.
#[test]
fn our_move_stdlib_tests_pass_on_the_expanded_code() {
    let dir = stdlib_dir();
    let mut files = move_files(&dir.join("sources"));
    files.extend(move_files(&dir.join("tests")));
    let (mut p, sources) = typed(&[files], true);
    let diags = super::inline(&mut p);
    assert!(diags.is_empty(), "{}", render(&sources, &diags));
    let (mut passed, mut unsupported) = (0, Vec::new());
    let mut failures = Vec::new();
    for (m, module) in p.modules.iter().enumerate() {
        for (i, f) in module.functions.iter().enumerate() {
            let Some(signers) = &f.attrs.test else {
                continue;
            };
            if !signers.is_empty() || !f.params.is_empty() {
                continue;
            }
            let id = FunId {
                module: ModuleIdx(m as u32),
                index: i as u32,
            };
            let name = format!("{}::{}", module.id.name, f.name);
            let outcome = run_in(&p, id, Vec::new());
            let ok = match (&outcome, &f.attrs.expected_failure) {
                (Err(Flow::Unsupported(what)), _) => {
                    unsupported.push(format!("{name}: {what}"));
                    continue;
                }
                (Ok(_), None) => true,
                (Err(Flow::Abort(code)), Some(ef)) => ef.abort_code == Some(*code),
                (Err(Flow::Arith), Some(ef)) => ef.arithmetic_error,
                (Err(Flow::VectorError(minor)), Some(ef)) => {
                    ef.vector_error && ef.minor_status.is_none_or(|m| m == *minor)
                }
                _ => false,
            };
            if ok {
                passed += 1;
            } else {
                failures.push(format!(
                    "{name}: {outcome:?}, expected {:?}",
                    f.attrs.expected_failure
                ));
            }
        }
    }
    eprintln!(
        "passed {passed}, unsupported {}: {unsupported:#?}",
        unsupported.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
    // 241 of 269 when written; the rest need natives the evaluator lacks (bcs, hash,
    // unit_test) or global storage.
    assert!(passed >= 200, "only {passed} ran: {unsupported:#?}");
}
