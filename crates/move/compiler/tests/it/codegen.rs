//! Code generation from source: Move text → `compile` (against our MoveStdlib) → verified
//! bytecode, run in the VM with expected results; flow and borrow errors from source.

// The VM's results carry its large error type as they are.
#![allow(clippy::result_large_err)]

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use lumio_move_binary_format::file_format::{Bytecode, CompiledModule};
use lumio_move_compiler::diagnostics::{Code, Diagnostic, render};
use lumio_move_compiler::expansion::parse_address_number;
use lumio_move_compiler::source::SourceFiles;
use lumio_move_compiler::{CompileOptions, CompileOutput, PackageInput, UnitKind, compile};
use lumio_move_core_types::{AccountAddress, Identifier, ModuleId};
use lumio_move_vm::{
    BudgetMeter, EmptyResources, ExecutionError, Loader, ModuleStorage, NativeTable, Session, Value,
};

fn stdlib_files(files: &mut SourceFiles) -> Vec<lumio_move_compiler::source::FileId> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../framework/move-stdlib/sources");
    crate::golden_dir::move_files(&dir)
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("stdlib source");
            files.add(p.display().to_string(), text)
        })
        .collect()
}

/// Compiles `src` against the stdlib at bytecode `version`.
fn compile_src_version(src: &str, version: u32) -> (SourceFiles, CompileOutput) {
    compile_with(src, version, true)
}

/// Compiles `src`, with or without the stdlib, at bytecode `version`.
fn compile_with(src: &str, version: u32, stdlib: bool) -> (SourceFiles, CompileOutput) {
    let mut files = SourceFiles::new();
    let std_ids = if stdlib {
        stdlib_files(&mut files)
    } else {
        Vec::new()
    };
    let id = files.add("test.move", src);
    let packages = [
        PackageInput {
            name: "MoveStdlib".into(),
            files: std_ids,
        },
        PackageInput {
            name: "Test".into(),
            files: vec![id],
        },
    ];
    let options = CompileOptions {
        named_addresses: BTreeMap::from([(
            "std".to_string(),
            parse_address_number("0x1").expect("address"),
        )]),
        bytecode_version: version,
        ..CompileOptions::default()
    };
    let out = compile(&files, &packages, &options);
    (files, out)
}

fn compile_src(src: &str) -> (SourceFiles, CompileOutput) {
    compile_src_version(src, 7)
}

/// Compiles; fails the test with the rendered diagnostics on any error.
fn compile_ok(src: &str) -> CompileOutput {
    let (files, out) = compile_src(src);
    assert!(!out.has_errors(), "{}", render(&files, &out.diagnostics));
    out
}

fn errors_of(src: &str) -> (SourceFiles, Vec<Diagnostic>) {
    let (files, out) = compile_src(src);
    let errs = out
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    (files, errs)
}

struct Store(HashMap<ModuleId, Vec<u8>>);

impl ModuleStorage for Store {
    fn module_bytes(&self, id: &ModuleId) -> Option<Vec<u8>> {
        self.0.get(id).cloned()
    }
}

fn modules(out: &CompileOutput) -> Vec<&CompiledModule> {
    out.units
        .iter()
        .filter_map(|u| match &u.kind {
            UnitKind::Module(m) => Some(m),
            UnitKind::Script(_) => None,
        })
        .collect()
}

/// Calls `0x42::<module>::<fun>(args)`.
fn call(
    out: &CompileOutput,
    module: &str,
    fun: &str,
    args: Vec<Value>,
) -> Result<Vec<Value>, ExecutionError> {
    let mut store = HashMap::new();
    for m in modules(out) {
        store.insert(m.self_id().expect("id"), m.to_bytes().expect("serializes"));
    }
    let store = Store(store);
    let loader = Loader::new(NativeTable::standard());
    let resources = EmptyResources;
    let mut session = Session::new(&loader, &store, &resources);
    let addr = AccountAddress::from_hex_literal("0x42").expect("address");
    let id = ModuleId::new(addr, Identifier::new(module).expect("name"));
    let mut gas = BudgetMeter::new(1_000_000_000);
    session.call_function(&id, fun, &[], args, &mut gas)
}

fn u64_of(out: &CompileOutput, module: &str, fun: &str, args: Vec<Value>) -> u64 {
    let r = call(out, module, fun, args).unwrap_or_else(|e| panic!("{fun}: {e}"));
    assert_eq!(r.len(), 1, "{fun}: one result");
    r[0].as_u64().unwrap_or_else(|e| panic!("{fun}: {e:?}"))
}

fn abort_code(out: &CompileOutput, module: &str, fun: &str, args: Vec<Value>) -> Option<u64> {
    match call(out, module, fun, args) {
        Err(ExecutionError::Abort { code, .. }) => Some(code),
        other => panic!("{fun}: expected an abort, got {other:?}"),
    }
}

const BASICS: &str = r#"
module 0x42::basics {
    use std::vector;

    struct Point has copy, drop { x: u64, y: u64 }
    struct Line has drop { a: Point, b: Point }
    struct Box<T> has drop { v: T }

    const EBAD: u64 = 7;
    const BYTES: vector<u8> = b"abc";

    public fun arith(a: u64, b: u64): u64 { (a + b) * 2 - a / b % 3 }

    public fun sum_to(n: u64): u64 {
        let s = 0;
        let i = 0;
        while (i < n) { i = i + 1; s = s + i; };
        s
    }

    public fun for_loop(n: u64): u64 {
        let s = 0;
        for (i in 0..n) { if (i % 2 == 0) continue; s += i; };
        s
    }

    public fun loop_break(n: u64): u64 {
        let i = 1;
        loop { if (i * i > n) break; i = i + 1; };
        i
    }

    public fun short_circuit(x: u64): bool { x != 0 && 100 / x > 10 || x == 0 }

    public fun if_value(x: u64): u64 { let y = if (x > 10) x - 10 else { let t = x; t + 100 }; y * 2 }

    public fun points(): u64 {
        let p = Point { x: 1, y: 2 };
        let q = p;
        q.x = 10;
        let l = Line { a: p, b: q };
        let r = &mut l.b;
        r.y = r.y + 5;
        let Line { a, b: Point { x, y } } = l;
        a.x + a.y + x + y
    }

    public fun through_refs(): u64 {
        let p = Point { x: 3, y: 4 };
        let Point { x, y } = &mut p;
        *x = *x * 10;
        *y = *y + 1;
        let Point { x: a, y: _ } = &p;
        *a + p.y
    }

    fun swap(p: &mut Point) { let t = p.x; p.x = p.y; p.y = t; }

    fun pair(p: &Point): (u64, u64) { (p.x, p.y) }

    public fun calls(): u64 {
        let p = Point { x: 1, y: 2 };
        swap(&mut p);
        let (a, b) = pair(&p);
        a * 10 + b
    }

    public fun vectors(): u64 {
        let v = vector[1, 2, 3];
        vector::push_back(&mut v, 4);
        v.push_back(5);
        *vector::borrow_mut(&mut v, 0) = 10;
        v[1] = v[1] + 20;
        let s = 0;
        let i = 0;
        while (i < vector::length(&v)) { s = s + v[i]; i = i + 1; };
        let last = vector::pop_back(&mut v);
        s * 100 + last + vector::length(&BYTES)
    }

    public fun generic(): u64 {
        let b = Box { v: Box { v: 5u64 } };
        let Box { v: inner } = b;
        id(inner).v + id(3)
    }

    fun id<T>(x: T): T { x }

    public fun casts(x: u64): u64 {
        let a = (x as u8);
        let b = (a as u256) << 200;
        ((b >> 200) as u64) + ((((x as u128) * 2)) as u64)
    }

    public fun checked(x: u64): u64 {
        assert!(x < 10, EBAD);
        if (x == 5) abort 99;
        x
    }

    public fun early(x: u64): u64 {
        if (x == 0) return 100;
        let v = vector[x, if (x > 5) { return 200 } else x + 1];
        v[0] + v[1]
    }

    public fun spill(x: u64): u64 { arith(x + 1, if (x > 2) 2 else 1) }
}
"#;

#[test]
fn basics_run_with_expected_results() {
    let out = compile_ok(BASICS);
    let f = |name: &str, args: Vec<u64>| {
        u64_of(
            &out,
            "basics",
            name,
            args.into_iter().map(Value::U64).collect(),
        )
    };
    // (7 + 2) * 2 - 7 / 2 % 3
    assert_eq!(f("arith", vec![7, 2]), 18);
    assert_eq!(f("sum_to", vec![10]), 55);
    assert_eq!(f("for_loop", vec![10]), 1 + 3 + 5 + 7 + 9);
    assert_eq!(f("loop_break", vec![50]), 8);
    assert_eq!(f("if_value", vec![15]), 10);
    assert_eq!(f("if_value", vec![3]), 206);
    assert_eq!(f("points", vec![]), 1 + 2 + 10 + 7);
    assert_eq!(f("through_refs", vec![]), 30 + 5);
    assert_eq!(f("calls", vec![]), 21);
    assert_eq!(f("vectors", vec![]), (10 + 22 + 3 + 4 + 5) * 100 + 5 + 3);
    assert_eq!(f("generic", vec![]), 8);
    assert_eq!(f("casts", vec![7]), 7 + 14);
    assert_eq!(f("checked", vec![3]), 3);
    assert_eq!(
        abort_code(&out, "basics", "checked", vec![Value::U64(12)]),
        Some(7)
    );
    assert_eq!(
        abort_code(&out, "basics", "checked", vec![Value::U64(5)]),
        Some(99)
    );
    assert_eq!(f("early", vec![0]), 100);
    assert_eq!(f("early", vec![3]), 7);
    assert_eq!(f("early", vec![9]), 200);
    // arith(6, 2) = (6 + 2) * 2 - 6 / 2 % 3
    assert_eq!(f("spill", vec![5]), 16);
    let sc = |x: u64| {
        call(&out, "basics", "short_circuit", vec![Value::U64(x)]).unwrap()[0]
            .as_bool()
            .unwrap()
    };
    assert!(sc(0));
    assert!(sc(5));
    assert!(!sc(50));
}

#[test]
fn vector_natives_become_instructions() {
    let out = compile_ok(BASICS);
    let m = modules(&out)
        .into_iter()
        .find(|m| m.self_id().unwrap().name() == "basics")
        .expect("basics");
    let all: Vec<&Bytecode> = m
        .function_defs
        .iter()
        .filter_map(|d| d.code.as_ref())
        .flat_map(|c| c.code.iter())
        .collect();
    for want in [
        "VecLen",
        "VecPushBack",
        "VecMutBorrow",
        "VecImmBorrow",
        "VecPopBack",
    ] {
        assert!(
            all.iter().any(|b| format!("{b:?}").starts_with(want)),
            "{want} missing"
        );
    }
}

const STORAGE: &str = r#"
module 0x42::bank {
    use std::signer;

    struct Account has key { balance: u64, owner: address }
    struct Counter<phantom T> has key { n: u64 }

    public fun run(s: signer): u64 acquires Account, Counter {
        let addr = signer::address_of(&s);
        move_to(&s, Account { balance: 10, owner: addr });
        move_to(&s, Counter<u8> { n: 1 });
        let a = borrow_global_mut<Account>(addr);
        a.balance = a.balance + 5;
        let c = &mut Counter<u8>[addr];
        c.n += 41;
        let exists_before = exists<Account>(addr) && exists<Counter<u8>>(addr);
        let Account { balance, owner: _ } = move_from<Account>(addr);
        let n = borrow_global<Counter<u8>>(addr).n;
        let gone = !exists<Account>(addr);
        if (exists_before && gone) balance * 1000 + n else 0
    }
}
"#;

#[test]
fn global_storage_runs() {
    let out = compile_ok(STORAGE);
    let addr = AccountAddress::from_hex_literal("0x42").unwrap();
    assert_eq!(
        u64_of(&out, "bank", "run", vec![Value::signer(addr)]),
        15_042
    );
}

#[test]
fn enums_pack_and_test() {
    let src = r#"
module 0x42::shapes {
    enum Shape has drop { Circle { r: u64 }, Rect { w: u64, h: u64 }, Empty }

    fun make(k: u64): Shape {
        if (k == 0) Shape::Circle { r: 3 } else if (k == 1) Shape::Rect { w: 2, h: 5 } else Shape::Empty
    }

    public fun kind(k: u64): u64 {
        let s = make(k);
        if (&s is Circle) 1
        else if (&s is Rect) 2
        else 0
    }

    public fun round(k: u64): bool { let s = make(k); &s is Circle | Empty }
}
"#;
    let out = compile_ok(src);
    assert_eq!(u64_of(&out, "shapes", "kind", vec![Value::U64(0)]), 1);
    assert_eq!(u64_of(&out, "shapes", "kind", vec![Value::U64(1)]), 2);
    assert_eq!(u64_of(&out, "shapes", "kind", vec![Value::U64(2)]), 0);
    let round = |k| {
        call(&out, "shapes", "round", vec![Value::U64(k)]).unwrap()[0]
            .as_bool()
            .unwrap()
    };
    assert!(round(0));
    assert!(!round(1));
    assert!(round(2));
    // Bytecode 6 has no enums.
    let (_, out6) = compile_src_version(src, 6);
    assert!(
        out6.diagnostics
            .iter()
            .any(|d| d.code == Code::LimitExceeded && d.message.contains("version 7"))
    );
    // Without enums (our stdlib has `cmp::Ordering`, so without it), 6 works.
    let no_std = r#"
module 0x42::six {
    struct P has copy, drop { x: u64, y: u16 }
    public fun f(n: u64): u64 {
        let p = P { x: n, y: 3 };
        let s = 0;
        while (p.x > 0) { s = s + (p.y as u64); p.x = p.x - 1 };
        let v = vector[1u256, 2u256];
        let w = v;
        s + ((2u256 * 1) as u64) + (if (w == v) 0 else 100)
    }
}
"#;
    let (files, out6) = compile_with(no_std, 6, false);
    assert!(!out6.has_errors(), "{}", render(&files, &out6.diagnostics));
    assert!(modules(&out6).iter().all(|m| m.version == 6));
    assert_eq!(u64_of(&out6, "six", "f", vec![Value::U64(4)]), 14);
}

const MATCHES: &str = r#"
module 0x42::mt {
    enum Shape has copy, drop {
        Circle { radius: u64 },
        Rect { w: u64, h: u64 },
        Empty,
    }

    enum Wrapper<T> has drop {
        One(T),
        Two(T, T),
    }

    enum Nested has drop { Leaf(u64), Node(Shape, u64) }

    struct Coin { value: u64 }
    enum Purse { Full(Coin), Broke }

    fun shape(k: u64): Shape {
        if (k == 0) Shape::Circle { radius: 2 }
        else if (k == 1) Shape::Rect { w: 3, h: 4 }
        else if (k == 2) Shape::Rect { w: 5, h: 5 }
        else Shape::Empty
    }

    public fun area(k: u64): u64 {
        let s = shape(k);
        match (&s) {
            Shape::Circle { radius } => 3 * *radius * *radius,
            Shape::Rect { w, h } => *w * *h,
            Shape::Empty => 0,
        }
    }

    public fun consume(k: u64): u64 {
        match (shape(k)) {
            Shape::Rect { w, h } if w == h => w,
            Shape::Rect { w, .. } => w + 100,
            _ => 7,
        }
    }

    public fun grow(k: u64): u64 {
        let s = shape(k);
        match (&mut s) {
            Shape::Circle { radius } => *radius = *radius + 10,
            Shape::Rect { w, h: _ } => *w = 0,
            Shape::Empty => {},
        };
        area_of(&s)
    }

    fun area_of(s: &Shape): u64 {
        match (s) {
            Shape::Circle { radius } => *radius,
            Shape::Rect { w, h } => *w + *h,
            Shape::Empty => 1000,
        }
    }

    public fun total(k: u64): u64 {
        let w = if (k == 0) Wrapper::One(5u64) else Wrapper::Two(6, 7);
        match (w) {
            Wrapper::One(x) => x,
            Wrapper::Two(a, b) => a * 10 + b,
        }
    }

    public fun nested(k: u64): u64 {
        let n = if (k == 0) Nested::Leaf(1) else Nested::Node(shape(k - 1), 9);
        match (n) {
            Nested::Node(Shape::Rect { w, h }, z) => w + h + z,
            Nested::Node(Shape::Circle { radius }, _) => radius,
            Nested::Leaf(x) => x + 500,
            _ => 42,
        }
    }

    public fun spend(full: bool): u64 {
        let p = if (full) Purse::Full(Coin { value: 8 }) else Purse::Broke;
        match (p) {
            Purse::Full(c) if c.value > 100 => { let Coin { value } = c; value },
            Purse::Full(c) => { let Coin { value } = c; value + 1 },
            Purse::Broke => 0,
        }
    }
}
"#;

#[test]
fn match_runs() {
    let out = compile_ok(MATCHES);
    let f = |name: &str, k: u64| u64_of(&out, "mt", name, vec![Value::U64(k)]);
    assert_eq!(f("area", 0), 12);
    assert_eq!(f("area", 1), 12);
    assert_eq!(f("area", 3), 0);
    assert_eq!(f("consume", 2), 5);
    assert_eq!(f("consume", 1), 103);
    assert_eq!(f("consume", 0), 7);
    assert_eq!(f("grow", 0), 12);
    assert_eq!(f("grow", 1), 4);
    assert_eq!(f("grow", 3), 1000);
    assert_eq!(f("total", 0), 5);
    assert_eq!(f("total", 1), 67);
    assert_eq!(f("nested", 0), 501);
    assert_eq!(f("nested", 1), 2);
    assert_eq!(f("nested", 2), 3 + 4 + 9);
    assert_eq!(f("nested", 4), 42);
    let spend = |full: bool| u64_of(&out, "mt", "spend", vec![Value::Bool(full)]);
    assert_eq!(spend(true), 9);
    assert_eq!(spend(false), 0);
}

const MIXED: &str = r#"
module 0x42::mixed {
    use std::vector;

    const TABLE: vector<vector<u8>> = vector[b"ab", x"ff00"];
    const BIG: u256 = 115792089237316195423570985008687907853269984665640564039457584007913129639935;

    struct Pair<A, B> has copy, drop, store { a: A, b: B }
    struct Store has key { items: vector<Pair<u64, bool>> }

    fun three(x: u64): (u64, u64, bool) { (x, x * 2, x > 5) }

    public fun tuples(x: u64): u64 {
        let (a, b, c) = three(x);
        let (p, q) = (a, b);
        (p, q) = (q, p);
        if (c) p * 100 + q else q * 100 + p
    }

    public fun labeled(n: u64): u64 {
        let count = 0;
        let i = 0;
        'outer: while (i < n) {
            let j = 0;
            i = i + 1;
            while (j < n) {
                if (j >= i) continue 'outer;
                if ((i - 1) * j > 20) break 'outer;
                count = count + 1;
                j = j + 1;
            }
        };
        count
    }

    public fun constants(): u64 {
        let t = TABLE;
        let first = vector::borrow(&t, 0);
        let n = vector::length(first) + vector::length(&t[1]);
        let ok = BIG == (BIG - 1) + 1;
        if (ok) n + (*vector::borrow(&t[1], 0) as u64) else 0
    }

    fun first_mut<A, B>(p: &mut Pair<A, B>): &mut A { &mut p.a }

    public fun generic_refs(): u64 {
        let p = Pair { a: 1u64, b: true };
        *first_mut(&mut p) = 41;
        let Pair { a, b } = copy p;
        if (b) a + p.a - 40 else 0
    }

    public fun storage(s: signer): u64 acquires Store {
        let addr = std::signer::address_of(&s);
        move_to(&s, Store { items: vector[] });
        let items = &mut borrow_global_mut<Store>(addr).items;
        let i = 0;
        while (i < 5) {
            vector::push_back(items, Pair { a: i, b: i % 2 == 0 });
            i = i + 1;
        };
        let store = borrow_global<Store>(addr);
        let sum = 0;
        let j = 0;
        let len = vector::length(&store.items);
        while (j < len) {
            let item = vector::borrow(&store.items, j);
            if (item.b) sum = sum + item.a;
            j = j + 1;
        };
        sum
    }

    public fun explicit(x: u64): u64 {
        let y = copy x;
        let z = move x;
        let v = vector[y, z];
        let w = move v;
        vector::pop_back(&mut w) + vector::pop_back(&mut w)
    }

    public fun nested_exprs(x: u64): u64 {
        let v = vector[x, { let t = x + 1; t * 2 }, if (x > 3) { abort 77 } else x];
        let s = 0;
        while ({ let n = vector::length(&v); n > 0 }) {
            s = s + vector::pop_back(&mut v);
        };
        s
    }
}
"#;

#[test]
fn framework_like_code_runs() {
    let out = compile_ok(MIXED);
    let f = |name: &str, k: u64| u64_of(&out, "mixed", name, vec![Value::U64(k)]);
    assert_eq!(f("tuples", 3), 3 * 100 + 6);
    assert_eq!(f("tuples", 7), 14 * 100 + 7);
    // pairs (i, j) with j <= i until i * j > 20: i = 0..4 give 1+2+3+4+5; i = 5 stops at j = 5.
    assert_eq!(f("labeled", 10), 15 + 5);
    assert_eq!(u64_of(&out, "mixed", "constants", vec![]), 2 + 2 + 255);
    assert_eq!(u64_of(&out, "mixed", "generic_refs", vec![]), 42);
    let addr = AccountAddress::from_hex_literal("0x42").unwrap();
    assert_eq!(
        u64_of(&out, "mixed", "storage", vec![Value::signer(addr)]),
        6
    );
    assert_eq!(f("explicit", 4), 8);
    assert_eq!(f("nested_exprs", 2), 2 + 6 + 2);
    assert_eq!(
        abort_code(&out, "mixed", "nested_exprs", vec![Value::U64(4)]),
        Some(77)
    );
}

#[test]
fn package_visibility_and_friends_link() {
    let src = r#"
module 0x42::a {
    friend 0x42::c;
    public(package) fun p(): u64 { 1 }
    public(friend) fun q(): u64 { 2 }
}
module 0x42::b {
    public fun r(): u64 { 0x42::a::p() + 10 }
}
module 0x42::c {
    public fun s(): u64 { 0x42::a::q() + 0x42::b::r() }
}
"#;
    let out = compile_ok(src);
    assert_eq!(u64_of(&out, "c", "s", vec![]), 13);
    let a = modules(&out)
        .into_iter()
        .find(|m| m.self_id().unwrap().name() == "a")
        .unwrap();
    let friends: Vec<&str> = a
        .friend_decls
        .iter()
        .map(|h| a.identifiers[h.name.0 as usize].as_str())
        .collect();
    assert_eq!(friends, vec!["c", "b"]);
}

#[test]
fn use_after_move_from_source() {
    let src = r#"
module 0x42::m {
    struct Coin { v: u64 }
    fun burn(c: Coin) { let Coin { v: _ } = c; }
    public fun f() { let c = Coin { v: 1 }; burn(c); burn(c); }
}
"#;
    let (files, errs) = errors_of(src);
    let text = render(&files, &errs);
    assert_eq!(errs.len(), 1, "{text}");
    assert_eq!(errs[0].code, Code::UseAfterMove, "{text}");
    assert!(text.contains("use of moved local `c`"), "{text}");
    assert!(text.contains("test.move:5:59"), "{text}");
}

#[test]
fn unused_resource_from_source() {
    let src = r#"
module 0x42::m {
    struct Coin { v: u64 }
    public fun f(c: Coin): u64 { let Coin { v } = Coin { v: 2 }; v }
}
"#;
    let (files, errs) = errors_of(src);
    let text = render(&files, &errs);
    assert_eq!(errs.len(), 1, "{text}");
    assert_eq!(errs[0].code, Code::UnusedResource, "{text}");
    assert!(text.contains("local `c`"), "{text}");
}

#[test]
fn borrow_errors_from_source() {
    // Copying a local while a mutable borrow of it is still used later; assigning a local
    // while a field of it is borrowed.
    let src = r#"
module 0x42::m {
    struct S has drop { a: u64, b: u64 }
    public fun f(): u64 {
        let x = 1;
        let r = &mut x;
        let y = x;
        *r = 2;
        y
    }
    public fun g(): u64 {
        let s = S { a: 1, b: 2 };
        let r = &s.a;
        s = S { a: 3, b: 4 };
        *r
    }
}
"#;
    let (files, errs) = errors_of(src);
    let text = render(&files, &errs);
    assert_eq!(errs.len(), 1, "one rejection per module: {text}");
    assert_eq!(errs[0].code, Code::BorrowError, "{text}");
    assert!(text.contains("cannot copy this local"), "{text}");
    assert!(text.contains("test.move:7:17"), "{text}");
    let (files, errs) = errors_of(
        &src.replace("public fun f()", "fun unused_f()")
            .replace("        let y = x;\n", "        let y = 5;\n"),
    );
    let text = render(&files, &errs);
    assert_eq!(errs.len(), 1, "{text}");
    assert_eq!(errs[0].code, Code::BorrowError, "{text}");
    assert!(text.contains("cannot assign to this local"), "{text}");
}

#[test]
fn ordinary_reference_code_verifies() {
    // Patterns the Aptos compiler accepts that need copy/move inference and reference
    // release to pass the bytecode verifier.
    let src = r#"
module 0x42::refs {
    use std::vector;
    struct S has drop { f: u64, g: u64, v: vector<u64> }

    public fun a(): u64 { let s = S { f: 0, g: 7, v: vector[] }; let r = &mut s.f; *r = 1; s.g + s.f }

    public fun b(c: bool): u64 {
        let s = S { f: 1, g: 2, v: vector[] };
        let r = &mut s.f;
        if (c) { *r = 10 };
        s.f + s.g
    }

    public fun c(): u64 {
        let s = S { f: 1, g: 2, v: vector[5] };
        let v = &mut s.v;
        let i = 0;
        while (i < 3) { vector::push_back(v, i); i = i + 1 };
        let n = vector::length(&s.v);
        s.f = n;
        s.f
    }

    fun first(v: &vector<u64>): &u64 { vector::borrow(v, 0) }

    public fun d(): u64 {
        let v = vector[3, 4];
        let x = first(&v);
        let y = *x;
        vector::push_back(&mut v, y);
        v[2] + v[1]
    }
}
"#;
    let out = compile_ok(src);
    assert_eq!(u64_of(&out, "refs", "a", vec![]), 8);
    assert_eq!(u64_of(&out, "refs", "b", vec![Value::Bool(true)]), 12);
    assert_eq!(u64_of(&out, "refs", "b", vec![Value::Bool(false)]), 3);
    assert_eq!(u64_of(&out, "refs", "c", vec![]), 4);
    assert_eq!(u64_of(&out, "refs", "d", vec![]), 7);
}

#[test]
fn the_stdlib_compiles_and_verifies_deterministically() {
    let src = "module 0x42::empty {}";
    let a = compile_ok(src);
    let b = compile_ok(src);
    let bytes = |o: &CompileOutput| -> Vec<Vec<u8>> {
        modules(o).iter().map(|m| m.to_bytes().unwrap()).collect()
    };
    assert_eq!(bytes(&a), bytes(&b));
    // MoveStdlib modules plus `empty`.
    assert!(modules(&a).len() >= 10, "{}", modules(&a).len());
    for u in &a.units {
        if let UnitKind::Module(m) = &u.kind {
            for (def, map) in m.function_defs.iter().zip(&u.source_map.functions) {
                assert_eq!(
                    def.code.as_ref().map_or(0, |c| c.code.len()),
                    map.code.len(),
                    "{}::{}",
                    u.name,
                    map.name
                );
            }
        }
    }
}

#[test]
fn scripts_compile() {
    let src = r#"
module 0x42::m { public fun f(x: u64): u64 { x + 1 } }
script {
    use 0x42::m;
    fun main(x: u64) { assert!(m::f(x) > 1, 3); }
}
"#;
    let out = compile_ok(src);
    let script = out
        .units
        .iter()
        .find_map(|u| match &u.kind {
            UnitKind::Script(s) => Some(s),
            UnitKind::Module(_) => None,
        })
        .expect("a script");
    assert!(script.code.code.contains(&Bytecode::Abort));
}
