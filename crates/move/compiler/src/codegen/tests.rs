//! Code generation on hand-built programs: the output verifies, has the expected
//! instructions, and computes the expected results in the VM; flow errors are reported at the
//! right place.

// The VM's results carry its large error type as they are.
#![allow(clippy::result_large_err)]

use std::cell::Cell;
use std::collections::HashMap;

use lumio_move_binary_format::file_format::{Bytecode, CompiledModule, Visibility as FfVis};
use lumio_move_binary_format::metadata::get_metadata_v1;
use lumio_move_core_types::ability::{Ability, AbilitySet};
use lumio_move_core_types::account_address::AccountAddress;
use lumio_move_core_types::{Identifier, ModuleId as VmModuleId};
use lumio_move_vm::{
    BudgetMeter, EmptyResources, ExecutionError, Loader, ModuleStorage, NativeTable, Session, Value,
};

use super::*;
use crate::diagnostics::Code;
use crate::model::*;
use crate::source::FileId;
use crate::tast::*;

// ---- building programs ----

thread_local! {
    static NEXT: Cell<u32> = const { Cell::new(0) };
}

/// A fresh span (distinct per node, so diagnostics can be located).
fn sp() -> Span {
    NEXT.with(|n| {
        let v = n.get();
        n.set(v + 2);
        Span::new(FileId(0), v, v + 1)
    })
}

fn ex(kind: ExpKind, ty: Type) -> Exp {
    Exp {
        kind,
        ty,
        span: sp(),
    }
}

fn u64v(v: u64) -> Exp {
    ex(ExpKind::Value(ConstValue::U64(v)), Type::U64)
}

fn unit() -> Exp {
    ex(ExpKind::Tuple(vec![]), Type::unit())
}

/// `x` (copy or move inferred).
fn var(l: u32, ty: Type) -> Exp {
    ex(ExpKind::Use(LocalId(l), UseKind::Infer), ty)
}

fn bin(op: BinOp, a: Exp, b: Exp) -> Exp {
    let ty = match op {
        BinOp::Lt
        | BinOp::Gt
        | BinOp::Le
        | BinOp::Ge
        | BinOp::Eq
        | BinOp::Neq
        | BinOp::And
        | BinOp::Or => Type::Bool,
        _ => a.ty.clone(),
    };
    ex(ExpKind::Binary(op, Box::new(a), Box::new(b)), ty)
}

fn block(stmts: Vec<Stmt>, e: Exp) -> Exp {
    let ty = e.ty.clone();
    ex(ExpKind::Block(stmts, Box::new(e)), ty)
}

fn pvar(l: u32, ty: Type) -> Pattern {
    Pattern {
        kind: PatternKind::Var(LocalId(l)),
        ty,
        span: sp(),
    }
}

fn let_(l: u32, ty: Type, e: Exp) -> Stmt {
    Stmt::Let(pvar(l, ty), Some(e), sp())
}

fn assign(l: u32, ty: Type, e: Exp) -> Exp {
    ex(ExpKind::Assign(pvar(l, ty), Box::new(e)), Type::unit())
}

fn if_(c: Exp, t: Exp, f: Exp) -> Exp {
    let ty = t.ty.clone();
    ex(ExpKind::IfElse(Box::new(c), Box::new(t), Box::new(f)), ty)
}

fn ref_(mutable: bool, ty: Type) -> Type {
    Type::Ref(mutable, Box::new(ty))
}

fn borrow_local(mutable: bool, l: u32, ty: Type) -> Exp {
    ex(ExpKind::BorrowLocal(mutable, LocalId(l)), ref_(mutable, ty))
}

fn deref(e: Exp) -> Exp {
    let Type::Ref(_, t) = e.ty.clone() else {
        panic!("deref of a non-reference")
    };
    ex(ExpKind::Deref(Box::new(e)), *t)
}

fn mutate(reference: Exp, value: Exp) -> Exp {
    ex(
        ExpKind::Mutate {
            value: Box::new(value),
            reference: Box::new(reference),
        },
        Type::unit(),
    )
}

fn sid(module: u32, index: u32) -> StructId {
    StructId {
        module: ModuleIdx(module),
        index,
    }
}

fn fid(module: u32, index: u32) -> FunId {
    FunId {
        module: ModuleIdx(module),
        index,
    }
}

fn sty(s: StructId) -> Type {
    Type::Struct(s, vec![])
}

/// `&(base).field` of a struct with fields of type `fty`.
fn borrow_field(mutable: bool, base: Exp, s: StructId, field: u16, fty: Type) -> Exp {
    ex(
        ExpKind::BorrowField {
            mutable,
            base: Box::new(base),
            struct_id: s,
            type_args: vec![],
            field,
        },
        ref_(mutable, fty),
    )
}

fn call(f: FunId, targs: Vec<Type>, args: Vec<Exp>, ret: Type) -> Exp {
    ex(ExpKind::Call(f, targs, args), ret)
}

fn abilities(list: &[Ability]) -> AbilitySet {
    list.iter().fold(AbilitySet::EMPTY, |s, a| s.add(*a))
}

fn module(name: &str) -> Module {
    Module {
        id: ModuleId {
            address: AccountAddress::ONE,
            name: name.to_string(),
        },
        package: 0,
        span: sp(),
        name_span: sp(),
        test_only: false,
        friends: vec![],
        structs: vec![],
        functions: vec![],
        constants: vec![],
    }
}

fn strukt(name: &str, abilities: AbilitySet, fields: Vec<(&str, Type)>) -> StructDecl {
    StructDecl {
        name: name.to_string(),
        span: sp(),
        abilities,
        type_params: vec![],
        layout: StructLayout::Fields(
            fields
                .into_iter()
                .map(|(n, ty)| FieldDecl {
                    name: n.to_string(),
                    span: sp(),
                    ty,
                })
                .collect(),
        ),
        is_event: false,
        resource_group: None,
        resource_group_member: None,
        test_only: false,
    }
}

/// A public function; `locals` are the non-parameter locals (numbered after the parameters).
fn fun(
    name: &str,
    params: Vec<(&str, Type)>,
    returns: Vec<Type>,
    locals: &[(&str, Type)],
    body: Exp,
) -> FunDecl {
    let all: Vec<LocalDecl> = params
        .iter()
        .chain(locals.iter())
        .map(|(n, t)| LocalDecl {
            name: n.to_string(),
            ty: t.clone(),
            span: sp(),
        })
        .collect();
    FunDecl {
        name: name.to_string(),
        span: sp(),
        name_span: sp(),
        visibility: Visibility::Public,
        is_entry: false,
        kind: FunKind::Regular,
        type_params: vec![],
        params: params
            .into_iter()
            .map(|(n, t)| (n.to_string(), t))
            .collect(),
        returns,
        acquires: vec![],
        attrs: FunAttrs::default(),
        body: Some(FunBody {
            locals: all,
            exp: body,
        }),
    }
}

fn program(modules: Vec<Module>) -> Program {
    Program {
        modules,
        scripts: vec![],
    }
}

// ---- compiling and running ----

fn gen_with(p: &Program, options: &CompileOptions) -> (Vec<CompiledUnit>, Vec<Diagnostic>) {
    generate(p, options)
}

/// Compiles `p`; fails the test on any error.
fn ok(p: &Program) -> Vec<CompiledUnit> {
    let (units, diags) = gen_with(p, &CompileOptions::default());
    assert!(
        !diags.iter().any(Diagnostic::is_error),
        "unexpected diagnostics: {diags:#?}"
    );
    for u in &units {
        if let UnitKind::Module(m) = &u.kind {
            for (def, map) in m.function_defs.iter().zip(&u.source_map.functions) {
                let n = def.code.as_ref().map_or(0, |c| c.code.len());
                assert_eq!(n, map.code.len(), "one span per instruction");
            }
        }
    }
    units
}

/// The error diagnostics of compiling `p`.
fn errors(p: &Program) -> Vec<Diagnostic> {
    let (_, diags) = gen_with(p, &CompileOptions::default());
    diags.into_iter().filter(Diagnostic::is_error).collect()
}

fn module_of<'u>(units: &'u [CompiledUnit], name: &str) -> &'u CompiledModule {
    units
        .iter()
        .find_map(|u| match &u.kind {
            UnitKind::Module(m) if u.name == name => Some(m),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no module {name}"))
}

fn code_of<'u>(units: &'u [CompiledUnit], module: &str, fun: &str) -> &'u [Bytecode] {
    let m = module_of(units, module);
    for def in &m.function_defs {
        let h = &m.function_handles[def.function.0 as usize];
        if m.identifiers[h.name.0 as usize].as_str() == fun {
            return &def.code.as_ref().expect("code").code;
        }
    }
    panic!("no function {fun}")
}

struct Store(HashMap<VmModuleId, Vec<u8>>);

impl ModuleStorage for Store {
    fn module_bytes(&self, id: &VmModuleId) -> Option<Vec<u8>> {
        self.0.get(id).cloned()
    }
}

/// Runs `0x1::module::fun(args)` in the VM over the compiled modules.
fn run(
    units: &[CompiledUnit],
    module: &str,
    fun: &str,
    args: Vec<Value>,
) -> Result<Vec<Value>, ExecutionError> {
    let mut store = HashMap::new();
    for u in units {
        if let UnitKind::Module(m) = &u.kind {
            let id = m.self_id().expect("id");
            store.insert(id, m.to_bytes().expect("serializes"));
        }
    }
    let store = Store(store);
    let loader = Loader::new(NativeTable::standard());
    let resources = EmptyResources;
    let mut session = Session::new(&loader, &store, &resources);
    let id = VmModuleId::new(AccountAddress::ONE, Identifier::new(module).unwrap());
    let mut gas = BudgetMeter::new(100_000_000);
    session.call_function(&id, fun, &[], args, &mut gas)
}

fn run_u64(units: &[CompiledUnit], module: &str, fun: &str, args: Vec<Value>) -> u64 {
    let r = run(units, module, fun, args).unwrap_or_else(|e| panic!("call failed: {e}"));
    assert_eq!(r.len(), 1);
    r[0].as_u64().expect("u64")
}

// ---- tests ----

#[test]
fn arithmetic_copies_then_moves() {
    // fun f(x: u64): u64 { let y = x + 1; y * x }
    let mut m = module("m");
    m.functions.push(fun(
        "f",
        vec![("x", Type::U64)],
        vec![Type::U64],
        &[("y", Type::U64)],
        block(
            vec![let_(
                1,
                Type::U64,
                bin(BinOp::Add, var(0, Type::U64), u64v(1)),
            )],
            bin(BinOp::Mul, var(1, Type::U64), var(0, Type::U64)),
        ),
    ));
    let units = ok(&program(vec![m]));
    use Bytecode::*;
    assert_eq!(
        code_of(&units, "m", "f"),
        &[
            CopyLoc(0),
            LdU64(1),
            Add,
            StLoc(1),
            MoveLoc(1),
            MoveLoc(0),
            Mul,
            Ret
        ]
    );
    assert_eq!(run_u64(&units, "m", "f", vec![Value::U64(6)]), 42);
}

/// `fun sum(n: u64): u64 { let i = 0; let s = 0; while (i < n) { i = i + 1; s = s + i }; s }`
fn sum_module() -> Module {
    let mut m = module("loops");
    let body = block(
        vec![
            let_(1, Type::U64, u64v(0)),
            let_(2, Type::U64, u64v(0)),
            Stmt::Exp(ex(
                ExpKind::While(
                    LoopId(0),
                    Box::new(bin(BinOp::Lt, var(1, Type::U64), var(0, Type::U64))),
                    Box::new(block(
                        vec![Stmt::Exp(assign(
                            1,
                            Type::U64,
                            bin(BinOp::Add, var(1, Type::U64), u64v(1)),
                        ))],
                        assign(
                            2,
                            Type::U64,
                            bin(BinOp::Add, var(2, Type::U64), var(1, Type::U64)),
                        ),
                    )),
                ),
                Type::unit(),
            )),
        ],
        var(2, Type::U64),
    );
    m.functions.push(fun(
        "sum",
        vec![("n", Type::U64)],
        vec![Type::U64],
        &[("i", Type::U64), ("s", Type::U64)],
        body,
    ));
    m
}

#[test]
fn while_loop_runs() {
    let units = ok(&program(vec![sum_module()]));
    assert_eq!(run_u64(&units, "loops", "sum", vec![Value::U64(10)]), 55);
    assert_eq!(run_u64(&units, "loops", "sum", vec![Value::U64(0)]), 0);
    let code = code_of(&units, "loops", "sum");
    // Inside the loop the counter is copied (still live on the back edge); `s` is moved at
    // the end.
    assert!(code.contains(&Bytecode::CopyLoc(1)));
    assert_eq!(
        &code[code.len() - 2..],
        &[Bytecode::MoveLoc(2), Bytecode::Ret]
    );
}

#[test]
fn short_circuit_and_or_and_if_values() {
    // fun f(x: u64): bool { x > 0 && 10 / x > 1 }   (no division by zero for x = 0)
    // fun g(x: u64): u64 { (if (x == 0 || x > 100) 1 else 2) + 10 }
    let mut m = module("sc");
    m.functions.push(fun(
        "f",
        vec![("x", Type::U64)],
        vec![Type::Bool],
        &[],
        bin(
            BinOp::And,
            bin(BinOp::Gt, var(0, Type::U64), u64v(0)),
            bin(
                BinOp::Gt,
                bin(BinOp::Div, u64v(10), var(0, Type::U64)),
                u64v(1),
            ),
        ),
    ));
    m.functions.push(fun(
        "g",
        vec![("x", Type::U64)],
        vec![Type::U64],
        &[],
        bin(
            BinOp::Add,
            if_(
                bin(
                    BinOp::Or,
                    bin(BinOp::Eq, var(0, Type::U64), u64v(0)),
                    bin(BinOp::Gt, var(0, Type::U64), u64v(100)),
                ),
                u64v(1),
                u64v(2),
            ),
            u64v(10),
        ),
    ));
    let units = ok(&program(vec![m]));
    let b = |x| {
        run(&units, "sc", "f", vec![Value::U64(x)]).unwrap()[0]
            .as_bool()
            .unwrap()
    };
    assert!(!b(0));
    assert!(b(2));
    assert!(!b(10));
    assert_eq!(run_u64(&units, "sc", "g", vec![Value::U64(0)]), 11);
    assert_eq!(run_u64(&units, "sc", "g", vec![Value::U64(500)]), 11);
    assert_eq!(run_u64(&units, "sc", "g", vec![Value::U64(5)]), 12);
}

#[test]
fn operands_are_spilled_around_control_flow() {
    // fun h(a: u64, b: u64): u64 { a - b }
    // fun f(x: u64): u64 { h(x + 100, if (x > 1) { return 7 } else 3) }
    let mut m = module("sp");
    m.functions.push(fun(
        "h",
        vec![("a", Type::U64), ("b", Type::U64)],
        vec![Type::U64],
        &[],
        bin(BinOp::Sub, var(0, Type::U64), var(1, Type::U64)),
    ));
    let ret7 = ex(ExpKind::Return(Box::new(u64v(7))), Type::U64);
    m.functions.push(fun(
        "f",
        vec![("x", Type::U64)],
        vec![Type::U64],
        &[],
        call(
            fid(0, 0),
            vec![],
            vec![
                bin(BinOp::Add, var(0, Type::U64), u64v(100)),
                if_(bin(BinOp::Gt, var(0, Type::U64), u64v(1)), ret7, u64v(3)),
            ],
            Type::U64,
        ),
    ));
    let units = ok(&program(vec![m]));
    assert_eq!(run_u64(&units, "sp", "f", vec![Value::U64(0)]), 97);
    assert_eq!(run_u64(&units, "sp", "f", vec![Value::U64(5)]), 7);
}

/// `struct S has drop { a: u64, b: u64 }` in module 0 at index 0.
fn s_module(name: &str) -> Module {
    let mut m = module(name);
    m.structs.push(strukt(
        "S",
        abilities(&[Ability::Drop]),
        vec![("a", Type::U64), ("b", Type::U64)],
    ));
    m
}

fn pack_s(a: Exp, b: Exp) -> Exp {
    ex(ExpKind::Pack(sid(0, 0), vec![], vec![a, b]), sty(sid(0, 0)))
}

#[test]
fn field_mutation_releases_the_reference() {
    // let s = S { a: 1, b: 2 }; let r = &mut s.a; *r = 5; let S { a, b } = s; a * 10 + b
    let mut m = s_module("st");
    let s_ty = sty(sid(0, 0));
    let r_ty = ref_(true, Type::U64);
    let unpack = Pattern {
        kind: PatternKind::Struct(
            sid(0, 0),
            vec![],
            vec![pvar(3, Type::U64), pvar(4, Type::U64)],
        ),
        ty: s_ty.clone(),
        span: sp(),
    };
    let body = block(
        vec![
            let_(1, s_ty.clone(), pack_s(u64v(1), u64v(2))),
            let_(
                2,
                r_ty.clone(),
                borrow_field(
                    true,
                    borrow_local(true, 1, s_ty.clone()),
                    sid(0, 0),
                    0,
                    Type::U64,
                ),
            ),
            Stmt::Exp(mutate(var(2, r_ty.clone()), u64v(5))),
            Stmt::Let(unpack, Some(var(1, s_ty.clone())), sp()),
        ],
        bin(
            BinOp::Add,
            bin(BinOp::Mul, var(3, Type::U64), u64v(10)),
            var(4, Type::U64),
        ),
    );
    m.functions.push(fun(
        "f",
        vec![("unused", Type::U64)],
        vec![Type::U64],
        &[("s", s_ty), ("r", r_ty), ("a", Type::U64), ("b", Type::U64)],
        body,
    ));
    let units = ok(&program(vec![m]));
    assert_eq!(run_u64(&units, "st", "f", vec![Value::U64(0)]), 52);
    assert!(code_of(&units, "st", "f").contains(&Bytecode::Unpack(
        lumio_move_binary_format::file_format::StructDefinitionIndex(0)
    )));
}

#[test]
fn reference_dead_on_one_branch_is_released_on_that_edge() {
    // fun f(c: bool): u64 { let s = S { a: 1, b: 2 }; let r = &mut s.a;
    //   if (c) { *r = 9 } else { s.b = 7 }; s.a + s.b }
    // In the else branch `r` is dead but still holds a borrow of `s`.
    let mut m = s_module("edge");
    let s_ty = sty(sid(0, 0));
    let r_ty = ref_(true, Type::U64);
    let field = |mutable: bool, i: u16| {
        borrow_field(
            mutable,
            borrow_local(mutable, 1, s_ty.clone()),
            sid(0, 0),
            i,
            Type::U64,
        )
    };
    let body = block(
        vec![
            let_(1, s_ty.clone(), pack_s(u64v(1), u64v(2))),
            let_(2, r_ty.clone(), field(true, 0)),
            Stmt::Exp(if_(
                var(0, Type::Bool),
                mutate(var(2, r_ty.clone()), u64v(9)),
                mutate(field(true, 1), u64v(7)),
            )),
        ],
        bin(BinOp::Add, deref(field(false, 0)), deref(field(false, 1))),
    );
    m.functions.push(fun(
        "f",
        vec![("c", Type::Bool)],
        vec![Type::U64],
        &[("s", s_ty.clone()), ("r", r_ty)],
        body,
    ));
    let units = ok(&program(vec![m]));
    assert_eq!(run_u64(&units, "edge", "f", vec![Value::Bool(true)]), 11);
    assert_eq!(run_u64(&units, "edge", "f", vec![Value::Bool(false)]), 8);
    let code = code_of(&units, "edge", "f");
    let release = code
        .windows(2)
        .any(|w| w == [Bytecode::MoveLoc(2), Bytecode::Pop]);
    assert!(release, "no release of `r`: {code:?}");
}

#[test]
fn use_after_move_is_reported_at_the_second_use() {
    // struct R { v: u64 } (no abilities); fun f(r: R): (R, R) { (r, r) }
    let mut m = module("mv");
    m.structs
        .push(strukt("R", AbilitySet::EMPTY, vec![("v", Type::U64)]));
    let r_ty = sty(sid(0, 0));
    let second = var(0, r_ty.clone());
    let second_span = second.span;
    m.functions.push(fun(
        "f",
        vec![("r", r_ty.clone())],
        vec![r_ty.clone(), r_ty.clone()],
        &[],
        ex(
            ExpKind::Tuple(vec![var(0, r_ty.clone()), second]),
            Type::Tuple(vec![r_ty.clone(), r_ty]),
        ),
    ));
    let errs = errors(&program(vec![m]));
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].code, Code::UseAfterMove);
    assert_eq!(errs[0].primary_span(), Some(second_span));
    assert!(
        errs[0].message.contains("moved local `r`"),
        "{}",
        errs[0].message
    );
}

#[test]
fn unassigned_local_is_reported() {
    // fun f(c: bool): u64 { let x; if (c) x = 1; x }
    let mut m = module("ua");
    let use_x = var(1, Type::U64);
    let at = use_x.span;
    m.functions.push(fun(
        "f",
        vec![("c", Type::Bool)],
        vec![Type::U64],
        &[("x", Type::U64)],
        block(
            vec![
                Stmt::Let(pvar(1, Type::U64), None, sp()),
                Stmt::Exp(if_(
                    var(0, Type::Bool),
                    assign(1, Type::U64, u64v(1)),
                    unit(),
                )),
            ],
            use_x,
        ),
    ));
    let errs = errors(&program(vec![m]));
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].code, Code::UseAfterMove);
    assert_eq!(errs[0].primary_span(), Some(at));
    assert!(errs[0].message.contains("possibly unassigned"));
}

#[test]
fn resource_left_in_a_local_is_reported() {
    // fun f(r: R) { }   and   fun g(r: R, q: R) { r = q }  (R has no drop)
    let mut m = module("res");
    m.structs
        .push(strukt("R", AbilitySet::EMPTY, vec![("v", Type::U64)]));
    let r_ty = sty(sid(0, 0));
    m.functions
        .push(fun("f", vec![("r", r_ty.clone())], vec![], &[], unit()));
    m.functions.push(fun(
        "g",
        vec![("r", r_ty.clone()), ("q", r_ty.clone())],
        vec![],
        &[],
        assign(0, r_ty.clone(), var(1, r_ty)),
    ));
    let errs = errors(&program(vec![m]));
    assert!(
        errs.iter().all(|d| d.code == Code::UnusedResource),
        "{errs:#?}"
    );
    // f: `r` at return; g: `r` overwritten, then `r` (the new value) at return.
    assert_eq!(errs.len(), 3, "{errs:#?}");
    assert!(errs.iter().any(|d| d.message.contains("overwritten")));
}

#[test]
fn conflicting_borrows_are_borrow_errors() {
    // fun f(): u64 { let x = 1; let r = &mut x; let q = &mut x; *q = 2; *r = 3; x }
    let mut m = module("br");
    let r_ty = ref_(true, Type::U64);
    // The bytecode allows creating the second borrow; writing through it while the first
    // is alive is the error, reported at that write.
    let second = borrow_local(true, 0, Type::U64);
    let write = mutate(var(2, r_ty.clone()), u64v(2));
    let at = write.span;
    m.functions.push(fun(
        "f",
        vec![],
        vec![Type::U64],
        &[("x", Type::U64), ("r", r_ty.clone()), ("q", r_ty.clone())],
        block(
            vec![
                let_(0, Type::U64, u64v(1)),
                let_(1, r_ty.clone(), borrow_local(true, 0, Type::U64)),
                let_(2, r_ty.clone(), second),
                Stmt::Exp(write),
                Stmt::Exp(mutate(var(1, r_ty), u64v(3))),
            ],
            var(0, Type::U64),
        ),
    ));
    let errs = errors(&program(vec![m]));
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].code, Code::BorrowError);
    assert_eq!(errs[0].primary_span(), Some(at));
}

#[test]
fn globals_generics_and_vectors() {
    // struct Coin has key, store { v: u64 }   struct Box<T> has drop { x: T }
    // fun id<T>(x: T): T { x }
    // fun f(s: signer): u64 { move_to(&s, Coin { v: id<u64>(40) });
    //   let c = borrow_global_mut<Coin>(@0x1); c.v = c.v + vector[1, 2][..]; ... }
    let mut m = module("gl");
    m.structs.push(strukt(
        "Coin",
        abilities(&[Ability::Key, Ability::Store]),
        vec![("v", Type::U64)],
    ));
    let mut boxed = strukt(
        "Box",
        abilities(&[Ability::Drop]),
        vec![("x", Type::Param(0))],
    );
    boxed.type_params.push(StructTypeParam {
        name: "T".into(),
        phantom: false,
        constraints: AbilitySet::EMPTY,
    });
    m.structs.push(boxed);
    let mut id = fun(
        "id",
        vec![("x", Type::Param(0))],
        vec![Type::Param(0)],
        &[],
        var(0, Type::Param(0)),
    );
    id.type_params.push(TypeParamDecl {
        name: "T".into(),
        constraints: AbilitySet::EMPTY,
    });
    m.functions.push(id);
    let coin = sty(sid(0, 0));
    let box_u64 = Type::Struct(sid(0, 1), vec![Type::U64]);
    let cref = ref_(true, coin.clone());
    let addr = ex(
        ExpKind::Value(ConstValue::Address(AccountAddress::ONE)),
        Type::Address,
    );
    let addr2 = ex(
        ExpKind::Value(ConstValue::Address(AccountAddress::ONE)),
        Type::Address,
    );
    let vec_const = ex(
        ExpKind::Value(ConstValue::Vector(vec![
            ConstValue::U8(3),
            ConstValue::U8(4),
        ])),
        Type::Vector(Box::new(Type::U8)),
    );
    let body = block(
        vec![
            Stmt::Exp(ex(
                ExpKind::Global(
                    GlobalOp::MoveTo,
                    sid(0, 0),
                    vec![],
                    vec![
                        borrow_local(false, 0, Type::Signer),
                        ex(
                            ExpKind::Pack(
                                sid(0, 0),
                                vec![],
                                vec![call(fid(0, 0), vec![Type::U64], vec![u64v(40)], Type::U64)],
                            ),
                            coin.clone(),
                        ),
                    ],
                ),
                Type::unit(),
            )),
            let_(
                1,
                cref.clone(),
                ex(
                    ExpKind::Global(GlobalOp::Borrow(true), sid(0, 0), vec![], vec![addr]),
                    cref.clone(),
                ),
            ),
            // b = Box<u64> { x: 2 }
            let_(
                2,
                box_u64.clone(),
                ex(
                    ExpKind::Pack(sid(0, 1), vec![Type::U64], vec![u64v(2)]),
                    box_u64.clone(),
                ),
            ),
            // v = vector[5, 6]
            let_(
                3,
                Type::Vector(Box::new(Type::U64)),
                ex(
                    ExpKind::Vector(Type::U64, vec![u64v(5), u64v(6)]),
                    Type::Vector(Box::new(Type::U64)),
                ),
            ),
            let_(4, Type::Vector(Box::new(Type::U8)), vec_const),
            // c.v = c.v + b.x
            Stmt::Exp(mutate(
                borrow_field(true, var(1, cref.clone()), sid(0, 0), 0, Type::U64),
                bin(
                    BinOp::Add,
                    deref(borrow_field(
                        false,
                        ex(
                            ExpKind::Freeze(Box::new(var(1, cref.clone()))),
                            ref_(false, coin.clone()),
                        ),
                        sid(0, 0),
                        0,
                        Type::U64,
                    )),
                    deref(ex(
                        ExpKind::BorrowField {
                            mutable: false,
                            base: Box::new(borrow_local(false, 2, box_u64.clone())),
                            struct_id: sid(0, 1),
                            type_args: vec![Type::U64],
                            field: 0,
                        },
                        ref_(false, Type::U64),
                    )),
                ),
            )),
        ],
        // exists<Coin>(@0x1) ? the coin's value : 0, with the coin moved out
        if_(
            ex(
                ExpKind::Global(GlobalOp::Exists, sid(0, 0), vec![], vec![addr2]),
                Type::Bool,
            ),
            {
                let unpack = Pattern {
                    kind: PatternKind::Struct(sid(0, 0), vec![], vec![pvar(5, Type::U64)]),
                    ty: coin.clone(),
                    span: sp(),
                };
                block(
                    vec![Stmt::Let(
                        unpack,
                        Some(ex(
                            ExpKind::Global(
                                GlobalOp::MoveFrom,
                                sid(0, 0),
                                vec![],
                                vec![ex(
                                    ExpKind::Value(ConstValue::Address(AccountAddress::ONE)),
                                    Type::Address,
                                )],
                            ),
                            coin,
                        )),
                        sp(),
                    )],
                    var(5, Type::U64),
                )
            },
            u64v(0),
        ),
    );
    let mut f = fun(
        "f",
        vec![("s", Type::Signer)],
        vec![Type::U64],
        &[
            ("c", cref),
            ("b", box_u64),
            ("v", Type::Vector(Box::new(Type::U64))),
            ("w", Type::Vector(Box::new(Type::U8))),
            ("value", Type::U64),
        ],
        body,
    );
    f.acquires.push(sid(0, 0));
    m.functions.push(f);
    let units = ok(&program(vec![m]));
    let code = code_of(&units, "gl", "f");
    use lumio_move_binary_format::file_format::StructDefinitionIndex as D;
    for expected in [
        Bytecode::MoveTo(D(0)),
        Bytecode::MutBorrowGlobal(D(0)),
        Bytecode::Exists(D(0)),
        Bytecode::MoveFrom(D(0)),
    ] {
        assert!(code.contains(&expected), "{expected:?} missing: {code:?}");
    }
    assert!(code.iter().any(|b| matches!(b, Bytecode::CallGeneric(_))));
    assert!(code.iter().any(|b| matches!(b, Bytecode::PackGeneric(_))));
    assert!(
        code.iter()
            .any(|b| matches!(b, Bytecode::ImmBorrowFieldGeneric(_)))
    );
    assert!(code.iter().any(|b| matches!(b, Bytecode::VecPack(_, 2))));
    assert!(code.iter().any(|b| matches!(b, Bytecode::LdConst(_))));
    let md = module_of(&units, "gl");
    assert_eq!(
        md.constant_pool.len(),
        2,
        "the two addresses share one constant"
    );
    let r = run_u64(&units, "gl", "f", vec![Value::signer(AccountAddress::ONE)]);
    assert_eq!(r, 42);
}

#[test]
fn package_functions_make_their_callers_friends() {
    // module a { package fun p(): u64 { 1 } }  module b { fun q(): u64 { a::p() } }
    let mut a = module("a");
    let mut p = fun("p", vec![], vec![Type::U64], &[], u64v(1));
    p.visibility = Visibility::Package;
    a.functions.push(p);
    let mut b = module("b");
    b.functions.push(fun(
        "q",
        vec![],
        vec![Type::U64],
        &[],
        call(fid(0, 0), vec![], vec![], Type::U64),
    ));
    let units = ok(&program(vec![a, b]));
    let ma = module_of(&units, "a");
    assert_eq!(ma.function_defs[0].visibility, FfVis::Friend);
    assert_eq!(ma.friend_decls.len(), 1);
    assert_eq!(
        ma.identifiers[ma.friend_decls[0].name.0 as usize].as_str(),
        "b"
    );
    assert_eq!(run_u64(&units, "b", "q", vec![]), 1);
}

#[test]
fn inline_and_test_functions_are_skipped_unless_testing() {
    let mut m = module("sk");
    let mut inl = fun("inl", vec![], vec![Type::U64], &[], u64v(1));
    inl.kind = FunKind::Inline;
    m.functions.push(inl);
    let mut t = fun("t", vec![], vec![], &[], unit());
    t.attrs.test = Some(vec![]);
    m.functions.push(t);
    m.functions.push(fun("f", vec![], vec![], &[], unit()));
    let mut tm = module("only_tests");
    tm.test_only = true;
    let p = program(vec![m, tm]);
    let units = ok(&p);
    assert_eq!(units.len(), 1);
    assert_eq!(module_of(&units, "sk").function_defs.len(), 1);
    let options = CompileOptions {
        test_mode: true,
        ..CompileOptions::default()
    };
    let (units, diags) = gen_with(&p, &options);
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(units.len(), 2);
    assert_eq!(module_of(&units, "sk").function_defs.len(), 2);
}

#[test]
fn metadata_as_aptos_writes_it() {
    let mut m = module("md");
    let mut ev = strukt(
        "Ev",
        abilities(&[Ability::Drop, Ability::Store]),
        vec![("x", Type::U64)],
    );
    ev.is_event = true;
    m.structs.push(ev);
    let mut g = strukt(
        "Group",
        AbilitySet::EMPTY,
        vec![("dummy_field", Type::Bool)],
    );
    g.resource_group = Some("global".into());
    m.structs.push(g);
    let mut mem = strukt("Member", abilities(&[Ability::Key]), vec![("x", Type::U64)]);
    mem.resource_group_member = Some(sid(0, 1));
    m.structs.push(mem);
    let mut v = fun("get", vec![], vec![Type::U64], &[], u64v(3));
    v.attrs.view = true;
    m.functions.push(v);
    for (name, value) in [("ENOT_FOUND", 1u64), ("EDUP", 1), ("MAX", 9), ("EOTHER", 2)] {
        m.constants.push(ConstDecl {
            name: name.into(),
            span: sp(),
            ty: Type::U64,
            value: Some(ConstValue::U64(value)),
            doc: String::new(),
        });
    }
    let units = ok(&program(vec![m]));
    let md = module_of(&units, "md");
    assert_eq!(md.metadata[0].key, b"compilation_metadata");
    let v1 = get_metadata_v1(&md.metadata)
        .expect("present")
        .expect("decodes");
    assert!(v1.is_view("get"));
    assert!(v1.is_event("Ev"));
    assert_eq!(
        v1.struct_attributes["Group"][0].get_resource_group(),
        Some("global")
    );
    assert_eq!(
        v1.struct_attributes["Member"][0].get_resource_group_member(),
        Some("0x1::md::Group")
    );
    assert_eq!(v1.error_map.len(), 2);
    assert_eq!(v1.error_map[&1].code_name, "ENOT_FOUND");
    assert_eq!(v1.error_map[&2].code_name, "EOTHER");

    // No attributes and no error constants: no `aptos::metadata_v1`.
    let units = ok(&program(vec![module("plain")]));
    assert_eq!(module_of(&units, "plain").metadata.len(), 1);
}

#[test]
fn output_is_deterministic() {
    let p = program(vec![sum_module(), s_module("other")]);
    let bytes = |units: &[CompiledUnit]| -> Vec<Vec<u8>> {
        units
            .iter()
            .map(|u| match &u.kind {
                UnitKind::Module(m) => m.to_bytes().unwrap(),
                UnitKind::Script(s) => s.to_bytes().unwrap(),
            })
            .collect()
    };
    let first = bytes(&ok(&p));
    for _ in 0..3 {
        assert_eq!(bytes(&ok(&p)), first);
    }
}

#[test]
fn scripts_compile_and_verify() {
    // script { fun main(x: u64) { assert!(m::f(x) > 0, 1) } } with m::f from the first test.
    let mut m = module("m");
    m.functions.push(fun(
        "f",
        vec![("x", Type::U64)],
        vec![Type::U64],
        &[],
        var(0, Type::U64),
    ));
    let main = fun(
        "main",
        vec![("x", Type::U64)],
        vec![],
        &[],
        if_(
            bin(
                BinOp::Gt,
                call(fid(0, 0), vec![], vec![var(0, Type::U64)], Type::U64),
                u64v(0),
            ),
            unit(),
            ex(ExpKind::Abort(Box::new(u64v(1))), Type::unit()),
        ),
    );
    let mut p = program(vec![m]);
    p.scripts.push(Script {
        package: 0,
        span: sp(),
        constants: vec![],
        function: main,
    });
    let units = ok(&p);
    let script = units
        .iter()
        .find_map(|u| match &u.kind {
            UnitKind::Script(s) => Some(s),
            UnitKind::Module(_) => None,
        })
        .expect("a script");
    assert!(script.code.code.contains(&Bytecode::Abort));
    assert_eq!(script.module_handles.len(), 1);
}

/// `enum E has drop { A { x: u64 }, B }` at index 0.
fn enum_module() -> Module {
    let mut m = module("en");
    m.structs.push(StructDecl {
        name: "E".into(),
        span: sp(),
        abilities: abilities(&[Ability::Drop]),
        type_params: vec![],
        layout: StructLayout::Variants(vec![
            VariantDecl {
                name: "A".into(),
                span: sp(),
                fields: vec![FieldDecl {
                    name: "x".into(),
                    span: sp(),
                    ty: Type::U64,
                }],
            },
            VariantDecl {
                name: "B".into(),
                span: sp(),
                fields: vec![],
            },
        ]),
        is_event: false,
        resource_group: None,
        resource_group_member: None,
        test_only: false,
    });
    // fun f(b: bool): u64 { let e = if (b) E::A { x: 5 } else E::B; if (&e is A) e.x else 0 }
    let e_ty = sty(sid(0, 0));
    m.functions.push(fun(
        "f",
        vec![("b", Type::Bool)],
        vec![Type::U64],
        &[("e", e_ty.clone())],
        block(
            vec![let_(
                1,
                e_ty.clone(),
                if_(
                    var(0, Type::Bool),
                    ex(
                        ExpKind::PackVariant(sid(0, 0), 0, vec![], vec![u64v(5)]),
                        e_ty.clone(),
                    ),
                    ex(
                        ExpKind::PackVariant(sid(0, 0), 1, vec![], vec![]),
                        e_ty.clone(),
                    ),
                ),
            )],
            if_(
                ex(
                    ExpKind::TestVariant(
                        sid(0, 0),
                        vec![],
                        vec![0],
                        Box::new(borrow_local(false, 1, e_ty.clone())),
                    ),
                    Type::Bool,
                ),
                deref(ex(
                    ExpKind::BorrowVariantField {
                        mutable: false,
                        base: Box::new(borrow_local(false, 1, e_ty)),
                        struct_id: sid(0, 0),
                        type_args: vec![],
                        variants: vec![0],
                        field: 0,
                    },
                    ref_(false, Type::U64),
                )),
                u64v(0),
            ),
        ),
    ));
    m
}

#[test]
fn enums_need_version_7() {
    let p = program(vec![enum_module()]);
    let units = ok(&p);
    assert_eq!(run_u64(&units, "en", "f", vec![Value::Bool(true)]), 5);
    assert_eq!(run_u64(&units, "en", "f", vec![Value::Bool(false)]), 0);
    let options = CompileOptions {
        bytecode_version: 6,
        ..CompileOptions::default()
    };
    let (_, diags) = gen_with(&p, &options);
    assert!(
        diags
            .iter()
            .any(|d| d.code == Code::LimitExceeded && d.message.contains("version 7")),
        "{diags:#?}"
    );
    // Without enums, version 6 works.
    let (units, diags) = gen_with(&program(vec![sum_module()]), &options);
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(module_of(&units, "loops").version, 6);
}

#[test]
fn loop_with_break_and_unreachable_code() {
    // fun f(n: u64): u64 { let i = 0; loop { if (i >= n) break; i = i + 2; continue; i = 100 }; i }
    let mut m = module("lp");
    let body = block(
        vec![
            let_(1, Type::U64, u64v(0)),
            Stmt::Exp(ex(
                ExpKind::Loop(
                    LoopId(3),
                    Box::new(block(
                        vec![
                            Stmt::Exp(if_(
                                bin(BinOp::Ge, var(1, Type::U64), var(0, Type::U64)),
                                ex(ExpKind::Break(LoopId(3)), Type::unit()),
                                unit(),
                            )),
                            Stmt::Exp(assign(
                                1,
                                Type::U64,
                                bin(BinOp::Add, var(1, Type::U64), u64v(2)),
                            )),
                            Stmt::Exp(ex(ExpKind::Continue(LoopId(3)), Type::unit())),
                        ],
                        assign(1, Type::U64, u64v(100)),
                    )),
                ),
                Type::unit(),
            )),
        ],
        var(1, Type::U64),
    );
    m.functions.push(fun(
        "f",
        vec![("n", Type::U64)],
        vec![Type::U64],
        &[("i", Type::U64)],
        body,
    ));
    let units = ok(&program(vec![m]));
    assert_eq!(run_u64(&units, "lp", "f", vec![Value::U64(7)]), 8);
    assert!(
        !code_of(&units, "lp", "f").contains(&Bytecode::LdU64(100)),
        "dead code dropped"
    );
}

#[test]
fn empty_structs_get_a_dummy_field() {
    // struct M {}  fun f(): u64 { let m = M {}; let M {} = m; 3 }
    let mut m = module("em");
    m.structs.push(strukt("M", AbilitySet::EMPTY, vec![]));
    let m_ty = sty(sid(0, 0));
    let unpack = Pattern {
        kind: PatternKind::Struct(sid(0, 0), vec![], vec![]),
        ty: m_ty.clone(),
        span: sp(),
    };
    m.functions.push(fun(
        "f",
        vec![],
        vec![Type::U64],
        &[("m", m_ty.clone())],
        block(
            vec![
                let_(
                    0,
                    m_ty.clone(),
                    ex(ExpKind::Pack(sid(0, 0), vec![], vec![]), m_ty.clone()),
                ),
                Stmt::Let(unpack, Some(var(0, m_ty)), sp()),
            ],
            u64v(3),
        ),
    ));
    let units = ok(&program(vec![m]));
    let md = module_of(&units, "em");
    assert_eq!(md.struct_defs[0].declared_field_count(), 1);
    assert_eq!(run_u64(&units, "em", "f", vec![]), 3);
}

#[test]
fn too_many_locals_is_a_limit_diagnostic() {
    // fun f(): u64 { let x0 = 0; ... let x299 = 0; 0 }
    let n = 300u32;
    let mut m = module("many");
    let stmts: Vec<Stmt> = (0..n).map(|i| let_(i, Type::U64, u64v(0))).collect();
    let names: Vec<String> = (0..n).map(|i| format!("x{i}")).collect();
    let locals: Vec<(&str, Type)> = names.iter().map(|s| (s.as_str(), Type::U64)).collect();
    m.functions.push(fun(
        "f",
        vec![],
        vec![Type::U64],
        &locals,
        block(stmts, u64v(0)),
    ));
    let errs = errors(&program(vec![m]));
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].code, Code::LimitExceeded);
}

#[test]
fn inconsistent_programs_are_diagnostics_not_panics() {
    // A call of a function that does not exist, a pack of a struct that does not exist.
    let mut m = module("bad");
    m.functions.push(fun(
        "f",
        vec![],
        vec![Type::U64],
        &[],
        call(fid(0, 42), vec![], vec![], Type::U64),
    ));
    m.functions.push(fun(
        "g",
        vec![],
        vec![],
        &[],
        block(
            vec![Stmt::Exp(ex(
                ExpKind::Pack(sid(3, 0), vec![], vec![]),
                sty(sid(3, 0)),
            ))],
            unit(),
        ),
    ));
    let errs = errors(&program(vec![m]));
    assert!(!errs.is_empty());
    assert!(
        errs.iter()
            .all(|d| d.code == Code::VerifierRejection && d.message.contains("compiler bug")),
        "{errs:#?}"
    );
}
