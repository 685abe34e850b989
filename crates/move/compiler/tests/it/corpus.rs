//! Our own Move corpus (`tests/corpus/*.move`, one file per area of the language): every file
//! parses without a diagnostic, every span is sane, and the shapes are the intended ones.

use crate::print::print_file;
use lumio_move_compiler::parse_file;
use lumio_move_compiler::parser::ast::*;
use lumio_move_compiler::source::FileId;
use std::path::PathBuf;

pub(crate) fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// All corpus files, sorted: (name, source).
pub(crate) fn corpus() -> Vec<(String, String)> {
    crate::golden_dir::move_files(&corpus_dir())
        .into_iter()
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).expect("read corpus file"))
        })
        .collect()
}

pub(crate) fn parse_ok(name: &str, src: &str) -> File {
    let (ast, diags) = parse_file(src, FileId(0));
    assert!(diags.is_empty(), "{name}: {diags:#?}");
    ast.unwrap_or_else(|| panic!("{name}: no AST"))
}

fn load(name: &str) -> (String, File) {
    let src = std::fs::read_to_string(corpus_dir().join(name)).expect("corpus file");
    let ast = parse_ok(name, &src);
    (src, ast)
}

#[test]
fn every_corpus_file_parses_cleanly() {
    let files = corpus();
    assert!(files.len() >= 10, "corpus has {} files", files.len());
    for (name, src) in files {
        let ast = parse_ok(&name, &src);
        let printed = print_file(&src, &ast);
        if std::env::var_os("PRINT_CORPUS").is_some() {
            println!("==== {name}\n{printed}");
        }
    }
}

/// The printed form of a corpus file (checked spans included).
fn printed(name: &str) -> String {
    let (src, ast) = load(name);
    print_file(&src, &ast)
}

fn assert_has(printed: &str, lines: &[&str]) {
    for line in lines {
        assert!(printed.contains(line), "missing {line:?} in:\n{printed}");
    }
}

fn modules(file: &File) -> Vec<&Module> {
    file.definitions
        .iter()
        .flat_map(|d| match d {
            Definition::Module(m) => vec![m],
            Definition::Address(a) => a.modules.iter().collect(),
            Definition::Script(_) => vec![],
        })
        .collect()
}

#[test]
fn modules_uses_and_friends() {
    let (_, ast) = load("modules_and_uses.move");
    assert_eq!(ast.definitions.len(), 4);
    let names: Vec<_> = modules(&ast).iter().map(|m| m.name.value.clone()).collect();
    assert_eq!(
        names,
        [
            "coins",
            "coins_tests",
            "named_in_block",
            "accounts",
            "empty"
        ]
    );
    assert_has(
        &printed("modules_and_uses.move"),
        &[
            "address 0x42 {\nmodule coins {",
            "module 0xCAFE::accounts {",
            "use std::option::{Self, Option}",
            "use std::string::{String, utf8 as to_string}",
            "use 0x1::signer as sig",
            "use aptos_framework::event::{emit}",
            "#[test_only] use std::debug",
            "friend 0xCAFE::registry",
            "#[test_only] friend lumio::accounts_tests",
            "{use std::vector::{length}\n(let v (call vector::empty<String>))",
            "module lumio::empty {",
        ],
    );
}

#[test]
fn structs_and_enums() {
    assert_has(
        &printed("structs_enums.move"),
        &[
            "struct Account has key,store {balance: u64, frozen: bool}",
            "struct Empty {}",
            "struct Marker has copy,drop ()",
            "struct Pair<T1:copy+drop, phantom T2> has copy,drop {first: T1, second: T1}",
            "struct Wrapper<phantom CoinType:store, T:key+store> has store (0: u64, 1: vector<T>)",
            "struct Later has copy,drop {x: u8}",
            "struct Nested<T> has drop {inner: vector<vector<Option<T>>>}",
            "struct WithRefs has drop {f: |u64|bool has copy,drop, g: ||()}",
            "struct Handle has copy,drop,store native",
            "public struct Visible has drop {x: u64}",
            "public(package) struct Internal has drop {x: u64}",
            "struct Color has copy,drop,store enum {Red, Green, Rgb{r: u8, g: u8, b: u8}, Indexed(0: u8)}",
            "struct Shape<T:store> has store enum {Circle{radius: T}, Rect{w: T, h: T}, #[deprecated] Unit}",
            "struct Versioned has key enum {V1{name: String}, V2{name: String, extra: u64}}",
        ],
    );
}

#[test]
fn functions_and_modifiers() {
    assert_has(
        &printed("functions.move"),
        &[
            "fun internal(): () {}",
            "public(friend) fun to_friends(): () {}",
            "public(package) fun to_package(): () {}",
            "public(friend) fun also_friend(): () {}",
            "public(package) fun also_package(): () {}",
            "public(friend) entry fun friend_entry(): () {}",
            "public entry fun run(account: &signer, amount: u64): ()",
            "entry fun private_entry(): () {}",
            "public entry fun entry_first(): () {}",
            "native fun hash(data: vector<u8>): vector<u8>;",
            "public native fun sum<T>(v: &vector<T>): u128;",
            "public(friend) native fun secret(): u64;",
            "inline fun twice(x: u64): u64 {(* x 2)}",
            "public inline fun apply<T>(x: T, f: |T|T): T {(call f x)}",
            "fun generic<T:copy+drop, U:key, V>(t: T, _u: &U, _v: &mut V): (T,T) {(tuple t t)}",
            "fun refs(x: &u64, y: &mut u64): &u64 {(= (* y) (* x)); x}",
            "fun reads_two(a: address): u64 acquires R acquires S",
            "fun generic_acquires<T>(a: address): u64 acquires S {(. (call borrow_global<S<T>> a) v)}",
            "fun access(a: address): () reads R(a) writes S<u8>(*) !reads 0x1::funcs::* {}",
            "fun pure_fn(): u64 pure {1}",
            "fun get(self: &R): u64 {(. self v)}",
            "fun fun_param(f: |u64,u64|u64, g: |&R|() has drop): u64",
        ],
    );
}

#[test]
fn literals_and_operators() {
    assert_has(
        &printed("expressions.move"),
        &[
            "const BIG: u256 = 0xFFFF_FFFF_FFFF_FFFF_FFFF_FFFF_FFFF_FFFF",
            "const MILLION: u64 = 1_000_000u64",
            "const SMALL: u8 = 0x1Fu8",
            r#"const BYTES: vector<u8> = b"hello\n\t\"quoted\"\\ A\0""#,
            "const HEX: vector<u8> = x[de, ad, be, ef, 00]",
            "const EMPTY_HEX: vector<u8> = x[]",
            "const NAMED: address = @std",
            "const NESTED: vector<vector<u8>> = (vector (vector 1 2) (vector))",
            "(let _ (vector<vector<u8>> (vector 1u8)))",
            "(let x (- (+ a (* b 2)) (% (/ a 3) 7)))",
            "(let y (| (<< a 2) (^ (& (>> b 1) 0xFF) a)))",
            "(let u (as (as y u8) u64))",
            "(let e (&mut (index v 0)))",
            "(let copied (copy i)); (let moved (move copied)); (let d (* (& moved)))",
            "(let s (pack S a=a b=false)); (let g (pack G<u64> t=3)); (let p (call P 1 true))",
            "(let x (: 1 u64)); (let (a b) (tuple x (: true bool)))",
            "(let m (call 0x1::vector::length<u64> (& v)))",
            "(macro assert (== n m) 1)",
            "(< (call vector::length<u64> (& (vector))) a)",
        ],
    );
}

#[test]
fn control_flow() {
    assert_has(
        &printed("control_flow.move"),
        &[
            "(let z (if (== x 0) {3} (if (== x 1) {4} {5})))",
            "(if (== x 6) {(= y 0);}); (let w (+ (if (== x 7) {1} {2}) 10))",
            "(loop {(if (> i 100) (break))}); (for k 0 n {(= sum (+ sum k));})",
            "(for j 0 (+ n 1) (= sum (+ sum j)))",
            "(loop 'outer {(while 'inner (< count n)",
            "(continue 'outer)",
            "(break 'inner)",
            "fun returns_unit(x: u64): () {(if (== x 0) (return)); (return)}",
            "(abort (+ E_FAIL 1))",
            "(let a {(let t 1); (+ t 1)}); (let b {5}); {}; {(= a (+ a 1));}; (+ a b)",
            "(while {(= i (+ i 1)); (< i 10)}",
        ],
    );
}

#[test]
fn patterns_and_match() {
    assert_has(
        &printed("patterns.move"),
        &[
            "(let x); (let y: u64);",
            "(let (c d): (u64,bool) (tuple 3 true))",
            "(let Outer{inner:Pair{a:e b:_} tag:tag} o)",
            "(let Pos(f _) p); (let Gen<u64>{t:t} g)",
            "(= (tuple x y) (tuple y x)); (= (pack Pair a=x b=y) (pack Pair a=1 b=2)); (= _ tag)",
            "(let Pair{a:a ..} p); (let Outer{inner:Pair{..} ..} o)",
            "(Msg::Move{x:x y:0} if (> x 5) => x) (Msg::Move{x:x ..} => {(+ x 1)})",
            "(Msg::Pair(a ..) if (== a 0) => 1)",
            "(match (tuple a b) ((Msg::Quit Msg::Quit) => 1) ((_ _) => 2))",
            "(match x (0 => 1) (1..5 => 2) (5..=9 => 3) (_ => 4))",
            "fun match_as_call(): u64 {(call match 1 2)}",
        ],
    );
}

#[test]
fn move2_features() {
    assert_has(
        &printed("move2.move"),
        &[
            "(+= (. self value) by)",
            "(method c bump (method c value))",
            "(let _ (method doubled map<u64,bool> (lambda (x) (> x 2))))",
            "(let _ (method doubled map<u64,bool> (lambda (x:u64) {(> x 2)})))",
            "(+ (method v length) (method (. c items) length))",
            "(let c (& (index Counter addr))); (let m (&mut (index Counter addr)))",
            "(+= (. (index Counter addr) value) 1)",
            "(+ (index (index nested 0) 0) (index v (index v 0)))",
            "(+= x 1); (-= x 1); (*= x 2); (/= x 2); (%= x 7); (|= x 1); (&= x 0xff); (^= x 3); (<<= x 1); (>>= x 1)",
            "(let Wrapper(n c) w)",
            "(+ (. w2 0) (. (. w2 1) value))",
            "(|| (is k Kind::A) (is k Kind::A Kind::B))",
            "(lambda (e) (= acc (call f acc e)))",
            "(let noop (lambda () {})); (call noop)",
            "(let capture (move-lambda (x:u64) (+ x sum))); (let copied (copy-lambda (x) x))",
            "(let a (as x u128)); (let b (+ (as x u128) 1))",
        ],
    );
}

#[test]
fn attributes_everywhere() {
    assert_has(
        &printed("attributes.move"),
        &[
            "#[test_only] #[lint::skip(needless_mutable_reference)] module 0x1::attrs {",
            "#[event] struct Deposited",
            "#[resource_group(scope = global)] struct Group {}",
            "#[resource_group_member(group = 0x1::attrs::Group)] struct Member",
            "#[deprecated] const OLD",
            "#[view] public fun balance",
            "#[test(a = @0xA, b = @lumio, framework = @aptos_framework)] fun with_signers",
            "#[test, expected_failure(abort_code = 1, location = Self)] fun fails_here",
            "#[expected_failure(abort_code = std::error::E_INVALID, location = 0x1::attrs)]",
            "#[expected_failure(vector_error, minor_status = 1, location = Self)]",
            "#[lint::skip(while_true, needless_ref_deref)] #[legacy_entry_fun] entry fun odd",
            r#"#[cmd(desc = b"a byte string", flag = true, n = 3u8)] fun values"#,
        ],
    );
}

#[test]
fn specs_are_dropped_and_code_survives() {
    let (_, ast) = load("specs.move");
    // The file-level `spec 0x1::specced { .. }` leaves nothing.
    assert_eq!(ast.definitions.len(), 1);
    let m = modules(&ast)[0];
    let kinds: Vec<&str> = m
        .members
        .iter()
        .map(|m| match m {
            ModuleMember::Use(_) => "use",
            ModuleMember::Friend(_) => "friend",
            ModuleMember::Constant(_) => "const",
            ModuleMember::Struct(_) => "struct",
            ModuleMember::Function(f) => f.name.value.as_str(),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "use",
            "struct",
            "increment",
            "sum",
            "specification_is_an_identifier"
        ]
    );
    assert_has(
        &printed("specs.move"),
        &[
            // `spec { .. };` statements are gone.
            "acquires Counter {(let c (call borrow_global_mut<Counter> addr)); (= (. c value)",
            // The loop invariant block in the condition leaves the condition.
            "(while {(< i (call vector::length v))}",
            // Invariants after a loop body and in a `for` header, and a lambda's spec, are gone.
            "(while (> i 0) {(= i (- i 1));}); (for j 0 10 {(= total (+ total j));}); (let f (lambda (x) (+ x 1)))",
            "(let inspect (+ specification spec_value)); (+ inspect specs)",
        ],
    );
}

#[test]
fn scripts() {
    let (_, ast) = load("scripts.move");
    let scripts: Vec<&Script> = ast
        .definitions
        .iter()
        .filter_map(|d| match d {
            Definition::Script(s) => Some(s),
            _ => None,
        })
        .collect();
    assert_eq!(scripts.len(), 2);
    assert_eq!(scripts[0].uses.len(), 2);
    assert_eq!(scripts[0].constants.len(), 2);
    assert_eq!(scripts[0].function.name.value, "main");
    assert_eq!(scripts[0].attributes.len(), 1);
    assert!(scripts[1].function.entry.is_some());
    assert_eq!(scripts[1].function.signature.type_parameters.len(), 1);
}

#[test]
fn doc_comments_are_attached() {
    let (src, ast) = load("doc_comments.move");
    let text = |spans: &[lumio_move_compiler::source::Span]| -> Vec<String> {
        spans.iter().map(|s| src[s.range()].to_string()).collect()
    };
    let m = modules(&ast)[0];
    assert_eq!(
        text(&m.doc),
        ["/// Module documentation,", "/// on two lines."]
    );
    let ModuleMember::Struct(thing) = &m.members[0] else {
        panic!("struct")
    };
    assert_eq!(text(&thing.doc), ["/** Block doc for a struct. */"]);
    let StructLayout::Fields { fields, .. } = &thing.layout else {
        panic!("fields")
    };
    assert_eq!(text(&fields[0].doc), ["/// The first field."]);
    assert_eq!(text(&fields[1].doc), ["/// The second field."]);
    let ModuleMember::Struct(e) = &m.members[1] else {
        panic!("enum")
    };
    let StructLayout::Variants(vs) = &e.layout else {
        panic!("variants")
    };
    assert_eq!(text(&vs[0].doc), ["/// First variant."]);
    assert_eq!(text(&vs[1].doc), ["/// Second variant."]);
    let ModuleMember::Function(f) = &m.members[2] else {
        panic!("f")
    };
    assert_eq!(
        text(&f.doc),
        ["/// Before the attribute.", "/// After the attribute."]
    );
    let ModuleMember::Function(g) = &m.members[3] else {
        panic!("g")
    };
    assert!(g.doc.is_empty(), "{:?}", text(&g.doc));
    let ModuleMember::Constant(c) = &m.members[4] else {
        panic!("C")
    };
    assert_eq!(text(&c.doc), ["/// A constant."]);
}
