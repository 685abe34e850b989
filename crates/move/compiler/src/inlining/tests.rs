//! Inlining on hand-built programs: a compact builder for typed bodies, a checker of what the
//! stage promises (no inline call, lambda or invoke left; locals and loops well named), and a
//! small evaluator so the expanded code is judged by the values it computes.

use std::collections::HashSet;

use lumio_move_core_types::ability::AbilitySet;
use lumio_move_core_types::account_address::AccountAddress;

use super::inline;

mod source;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Type;
use crate::model::{
    FunAttrs, FunDecl, FunId, FunKind, Module, ModuleId, ModuleIdx, Program, TypeParamDecl,
    Visibility,
};
use crate::source::{FileId, Span};
use crate::tast::{
    BinOp, ConstValue, Exp, ExpKind, FunBody, LocalDecl, LocalId, LoopId, Pattern, PatternKind,
    Stmt, UseKind,
};

// ---------------------------------------------------------------------------------------------
// Building programs

/// A span of its own for every node built with [`at`], so diagnostics can be told apart.
fn at(n: u32) -> Span {
    Span::new(FileId(0), n, n + 1)
}

fn ex(kind: ExpKind, ty: Type) -> Exp {
    Exp {
        kind,
        ty,
        span: Span::default(),
    }
}

fn num(n: u64) -> Exp {
    ex(ExpKind::Value(ConstValue::U64(n)), Type::U64)
}

fn unit() -> Exp {
    ex(ExpKind::Tuple(Vec::new()), Type::unit())
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

fn block(stmts: Vec<Stmt>, value: Exp) -> Exp {
    let ty = value.ty.clone();
    ex(ExpKind::Block(stmts, Box::new(value)), ty)
}

fn s(e: Exp) -> Stmt {
    Stmt::Exp(e)
}

fn call(f: FunId, targs: Vec<Type>, args: Vec<Exp>, ty: Type) -> Exp {
    ex(ExpKind::Call(f, targs, args), ty)
}

fn while_(l: u32, cond: Exp, body: Exp) -> Exp {
    ex(
        ExpKind::While(LoopId(l), Box::new(cond), Box::new(body)),
        Type::unit(),
    )
}

fn brk(l: u32) -> Exp {
    ex(ExpKind::Break(LoopId(l)), Type::unit())
}

fn if_(c: Exp, t: Exp, e: Exp) -> Exp {
    let ty = t.ty.clone();
    ex(ExpKind::IfElse(Box::new(c), Box::new(t), Box::new(e)), ty)
}

fn deref(e: Exp) -> Exp {
    let ty = match &e.ty {
        Type::Ref(_, t) => (**t).clone(),
        _ => Type::Error,
    };
    ex(ExpKind::Deref(Box::new(e)), ty)
}

fn vec_t(t: Type) -> Type {
    Type::Vector(Box::new(t))
}

fn ref_t(mutable: bool, t: Type) -> Type {
    Type::Ref(mutable, Box::new(t))
}

fn fun_t(params: Vec<Type>, ret: Type) -> Type {
    Type::Fun(params, Box::new(ret), AbilitySet::EMPTY)
}

fn vector(elem: Type, xs: &[u64]) -> Exp {
    ex(
        ExpKind::Vector(elem.clone(), xs.iter().map(|&x| num(x)).collect()),
        vec_t(elem),
    )
}

/// The locals of one body under construction.
#[derive(Default)]
struct B {
    locals: Vec<LocalDecl>,
}

impl B {
    fn local(&mut self, name: &str, ty: Type) -> LocalId {
        self.locals.push(LocalDecl {
            name: name.into(),
            ty,
            span: Span::default(),
        });
        LocalId(self.locals.len() as u32 - 1)
    }

    fn ty(&self, l: LocalId) -> Type {
        self.locals[l.0 as usize].ty.clone()
    }

    fn get(&self, l: LocalId) -> Exp {
        ex(ExpKind::Use(l, UseKind::Infer), self.ty(l))
    }

    fn borrow(&self, mutable: bool, l: LocalId) -> Exp {
        ex(ExpKind::BorrowLocal(mutable, l), ref_t(mutable, self.ty(l)))
    }

    fn var(&self, l: LocalId) -> Pattern {
        Pattern {
            kind: PatternKind::Var(l),
            ty: self.ty(l),
            span: Span::default(),
        }
    }

    fn let_(&self, l: LocalId, e: Exp) -> Stmt {
        Stmt::Let(self.var(l), Some(e), Span::default())
    }

    fn assign(&self, l: LocalId, e: Exp) -> Exp {
        ex(ExpKind::Assign(self.var(l), Box::new(e)), Type::unit())
    }

    fn lambda(&self, params: &[LocalId], body: Exp) -> Exp {
        let ty = fun_t(
            params.iter().map(|&p| self.ty(p)).collect(),
            body.ty.clone(),
        );
        let pats = params.iter().map(|&p| self.var(p)).collect();
        ex(ExpKind::Lambda(pats, Box::new(body)), ty)
    }

    fn invoke(&self, f: LocalId, args: Vec<Exp>) -> Exp {
        let ret = match self.ty(f) {
            Type::Fun(_, r, _) => *r,
            _ => Type::Error,
        };
        ex(ExpKind::Invoke(Box::new(self.get(f)), args), ret)
    }

    fn finish(self, exp: Exp) -> Option<FunBody> {
        Some(FunBody {
            locals: self.locals,
            exp,
        })
    }
}

fn decl(
    name: &str,
    kind: FunKind,
    type_params: usize,
    params: &[(&str, Type)],
    returns: Vec<Type>,
    body: Option<FunBody>,
) -> FunDecl {
    FunDecl {
        name: name.into(),
        span: Span::default(),
        name_span: Span::default(),
        visibility: Visibility::Public,
        is_entry: false,
        kind,
        type_params: (0..type_params)
            .map(|i| TypeParamDecl {
                name: format!("T{i}"),
                constraints: AbilitySet::EMPTY,
            })
            .collect(),
        params: params
            .iter()
            .map(|(n, t)| ((*n).to_string(), t.clone()))
            .collect(),
        returns,
        acquires: Vec::new(),
        attrs: FunAttrs::default(),
        body,
    }
}

/// A function whose parameters are the first locals of `b`.
fn fun_of(name: &str, kind: FunKind, tps: usize, b: &B, n_params: usize, ret: Type) -> FunDecl {
    let params: Vec<(&str, Type)> = b.locals[..n_params]
        .iter()
        .map(|d| (d.name.as_str(), d.ty.clone()))
        .collect();
    let returns = match ret {
        Type::Tuple(ts) => ts,
        t => vec![t],
    };
    decl(name, kind, tps, &params, returns, None)
}

fn program(functions: Vec<FunDecl>) -> Program {
    Program {
        modules: vec![Module {
            id: ModuleId {
                address: AccountAddress::ONE,
                name: "m".into(),
            },
            package: 0,
            span: Span::default(),
            name_span: Span::default(),
            test_only: false,
            friends: Vec::new(),
            structs: Vec::new(),
            functions,
            constants: Vec::new(),
        }],
        scripts: Vec::new(),
    }
}

fn fid(i: u32) -> FunId {
    FunId {
        module: ModuleIdx(0),
        index: i,
    }
}

// The library every test program starts with: natives for vectors, then inline functions
// written as in the Aptos framework's `vector.move`.
const LENGTH: u32 = 0;
const PUSH_BACK: u32 = 1;
const POP_BACK: u32 = 2;
const BORROW: u32 = 3;
const DESTROY_EMPTY: u32 = 4;
const REVERSE: u32 = 5;
const FOR_EACH_REF: u32 = 6;
const FOR_EACH_REVERSE: u32 = 7;
const FOR_EACH: u32 = 8;
const FOLD: u32 = 9;
const MAP: u32 = 10;
const APPLY: u32 = 11;
const TWICE: u32 = 12;
const DUP: u32 = 13;
const CALL2: u32 = 14;
/// Index of the first function a test adds.
const FIRST: u32 = 15;

fn t(i: u16) -> Type {
    Type::Param(i)
}

fn length(v: Exp, elem: Type) -> Exp {
    call(fid(LENGTH), vec![elem], vec![v], Type::U64)
}

fn library() -> Vec<FunDecl> {
    let native = |name: &str, params: &[(&str, Type)], returns: Vec<Type>| {
        decl(name, FunKind::Native, 1, params, returns, None)
    };
    let mut fs = vec![
        native(
            "length",
            &[("v", ref_t(false, vec_t(t(0))))],
            vec![Type::U64],
        ),
        native(
            "push_back",
            &[("v", ref_t(true, vec_t(t(0)))), ("e", t(0))],
            vec![],
        ),
        native("pop_back", &[("v", ref_t(true, vec_t(t(0))))], vec![t(0)]),
        native(
            "borrow",
            &[("v", ref_t(false, vec_t(t(0)))), ("i", Type::U64)],
            vec![ref_t(false, t(0))],
        ),
        native("destroy_empty", &[("v", vec_t(t(0)))], vec![]),
        native("reverse", &[("v", ref_t(true, vec_t(t(0))))], vec![]),
    ];

    // inline fun for_each_ref<T>(self: &vector<T>, f: |&T|) {
    //     let i = 0; let len = length(self);
    //     while (i < len) { f(borrow(self, i)); i = i + 1 }
    // }
    let mut b = B::default();
    let this = b.local("self", ref_t(false, vec_t(t(0))));
    let f = b.local("f", fun_t(vec![ref_t(false, t(0))], Type::unit()));
    let i = b.local("i", Type::U64);
    let len = b.local("len", Type::U64);
    let elem = call(
        fid(BORROW),
        vec![t(0)],
        vec![b.get(this), b.get(i)],
        ref_t(false, t(0)),
    );
    let body = block(
        vec![
            b.let_(i, num(0)),
            b.let_(len, length(b.get(this), t(0))),
            s(while_(
                0,
                bin(BinOp::Lt, b.get(i), b.get(len)),
                block(
                    vec![s(b.invoke(f, vec![elem]))],
                    b.assign(i, bin(BinOp::Add, b.get(i), num(1))),
                ),
            )),
        ],
        unit(),
    );
    let mut d = fun_of("for_each_ref", FunKind::Inline, 1, &b, 2, Type::unit());
    d.body = b.finish(body);
    fs.push(d);

    // inline fun for_each_reverse<T>(self: vector<T>, f: |T|) {
    //     let len = length(&self);
    //     while (len > 0) { f(pop_back(&mut self)); len = len - 1; };
    //     destroy_empty(self)
    // }
    let mut b = B::default();
    let this = b.local("self", vec_t(t(0)));
    let f = b.local("f", fun_t(vec![t(0)], Type::unit()));
    let len = b.local("len", Type::U64);
    let popped = call(fid(POP_BACK), vec![t(0)], vec![b.borrow(true, this)], t(0));
    let body = block(
        vec![
            b.let_(len, length(b.borrow(false, this), t(0))),
            s(while_(
                0,
                bin(BinOp::Gt, b.get(len), num(0)),
                block(
                    vec![s(b.invoke(f, vec![popped]))],
                    b.assign(len, bin(BinOp::Sub, b.get(len), num(1))),
                ),
            )),
        ],
        call(
            fid(DESTROY_EMPTY),
            vec![t(0)],
            vec![b.get(this)],
            Type::unit(),
        ),
    );
    let mut d = fun_of("for_each_reverse", FunKind::Inline, 1, &b, 2, Type::unit());
    d.body = b.finish(body);
    fs.push(d);

    // inline fun for_each<T>(self: vector<T>, f: |T|) {
    //     reverse(&mut self); for_each_reverse(self, |e| f(e))
    // }
    let mut b = B::default();
    let this = b.local("self", vec_t(t(0)));
    let f = b.local("f", fun_t(vec![t(0)], Type::unit()));
    let e = b.local("e", t(0));
    let lambda = b.lambda(&[e], b.invoke(f, vec![b.get(e)]));
    let body = block(
        vec![s(call(
            fid(REVERSE),
            vec![t(0)],
            vec![b.borrow(true, this)],
            Type::unit(),
        ))],
        call(
            fid(FOR_EACH_REVERSE),
            vec![t(0)],
            vec![b.get(this), lambda],
            Type::unit(),
        ),
    );
    let mut d = fun_of("for_each", FunKind::Inline, 1, &b, 2, Type::unit());
    d.body = b.finish(body);
    fs.push(d);

    // inline fun fold<A, T>(self: vector<T>, init: A, f: |A, T| A): A {
    //     let accu = init; for_each(self, |elem| accu = f(accu, elem)); accu
    // }
    let mut b = B::default();
    let this = b.local("self", vec_t(t(1)));
    let init = b.local("init", t(0));
    let f = b.local("f", fun_t(vec![t(0), t(1)], t(0)));
    let accu = b.local("accu", t(0));
    let elem = b.local("elem", t(1));
    let lambda = b.lambda(
        &[elem],
        b.assign(accu, b.invoke(f, vec![b.get(accu), b.get(elem)])),
    );
    let body = block(
        vec![
            b.let_(accu, b.get(init)),
            s(call(
                fid(FOR_EACH),
                vec![t(1)],
                vec![b.get(this), lambda],
                Type::unit(),
            )),
        ],
        b.get(accu),
    );
    let mut d = fun_of("fold", FunKind::Inline, 2, &b, 3, t(0));
    d.body = b.finish(body);
    fs.push(d);

    // inline fun map<T, U>(self: vector<T>, f: |T| U): vector<U> {
    //     let result = vector<U>[]; for_each(self, |elem| push_back(&mut result, f(elem))); result
    // }
    let mut b = B::default();
    let this = b.local("self", vec_t(t(0)));
    let f = b.local("f", fun_t(vec![t(0)], t(1)));
    let result = b.local("result", vec_t(t(1)));
    let elem = b.local("elem", t(0));
    let lambda = b.lambda(
        &[elem],
        call(
            fid(PUSH_BACK),
            vec![t(1)],
            vec![b.borrow(true, result), b.invoke(f, vec![b.get(elem)])],
            Type::unit(),
        ),
    );
    let body = block(
        vec![
            b.let_(result, vector(t(1), &[])),
            s(call(
                fid(FOR_EACH),
                vec![t(0)],
                vec![b.get(this), lambda],
                Type::unit(),
            )),
        ],
        b.get(result),
    );
    let mut d = fun_of("map", FunKind::Inline, 2, &b, 2, vec_t(t(1)));
    d.body = b.finish(body);
    fs.push(d);

    // inline fun apply<T>(x: T, f: |T| T): T { f(x) }
    let mut b = B::default();
    let x = b.local("x", t(0));
    let f = b.local("f", fun_t(vec![t(0)], t(0)));
    let body = b.invoke(f, vec![b.get(x)]);
    let mut d = fun_of("apply", FunKind::Inline, 1, &b, 2, t(0));
    d.body = b.finish(body);
    fs.push(d);

    // inline fun twice<T>(x: T, f: |T| T): T { apply(apply(x, f), f) }  (f forwarded as is)
    let mut b = B::default();
    let x = b.local("x", t(0));
    let f = b.local("f", fun_t(vec![t(0)], t(0)));
    let inner = call(fid(APPLY), vec![t(0)], vec![b.get(x), b.get(f)], t(0));
    let body = call(fid(APPLY), vec![t(0)], vec![inner, b.get(f)], t(0));
    let mut d = fun_of("twice", FunKind::Inline, 1, &b, 2, t(0));
    d.body = b.finish(body);
    fs.push(d);

    // inline fun dup(x: u64): u64 { x + x }
    let mut b = B::default();
    let x = b.local("x", Type::U64);
    let body = bin(BinOp::Add, b.get(x), b.get(x));
    let mut d = fun_of("dup", FunKind::Inline, 0, &b, 1, Type::U64);
    d.body = b.finish(body);
    fs.push(d);

    // inline fun call2(f: |u64| u64): u64 { f(1) * 100 + f(2) }
    let mut b = B::default();
    let f = b.local("f", fun_t(vec![Type::U64], Type::U64));
    let body = bin(
        BinOp::Add,
        bin(BinOp::Mul, b.invoke(f, vec![num(1)]), num(100)),
        b.invoke(f, vec![num(2)]),
    );
    let mut d = fun_of("call2", FunKind::Inline, 0, &b, 1, Type::U64);
    d.body = b.finish(body);
    fs.push(d);

    assert_eq!(fs.len(), FIRST as usize);
    fs
}

/// The library plus `extra` (at indices `FIRST..`), inlined; the diagnostics.
fn inlined(extra: Vec<FunDecl>) -> (Program, Vec<Diagnostic>) {
    let mut fs = library();
    fs.extend(extra);
    let mut p = program(fs);
    let diags = inline(&mut p);
    (p, diags)
}

/// Inlines and insists on no diagnostic and a well-formed result.
fn inlined_ok(extra: Vec<FunDecl>) -> Program {
    let (p, diags) = inlined(extra);
    assert!(diags.is_empty(), "{diags:#?}");
    check_inlined(&p);
    p
}

fn codes(diags: &[Diagnostic]) -> Vec<Code> {
    diags.iter().map(|d| d.code).collect()
}

// ---------------------------------------------------------------------------------------------
// What the stage promises

/// Every regular body: no inline call, lambda or invoke; every local named exists and has no
/// function type; each local bound by at most one `let` or pattern; loops declared once, and
/// each `break`/`continue` inside the loop it names; no type parameter beyond the function's.
fn check_inlined(p: &Program) {
    let scripts = p.scripts.iter().map(|s| &s.function);
    for f in p.modules.iter().flat_map(|m| &m.functions).chain(scripts) {
        if f.kind != FunKind::Regular {
            continue;
        }
        let body = f.body.as_ref().expect("regular functions have bodies");
        for (i, l) in body.locals.iter().enumerate() {
            assert!(
                !matches!(l.ty, Type::Fun(..)),
                "{}: local {i} {l:?}",
                f.name
            );
            check_type(&l.ty, f.type_params.len(), &f.name);
        }
        let mut c = Checker {
            program: p,
            name: &f.name,
            n_locals: body.locals.len(),
            n_tparams: f.type_params.len(),
            bound: HashSet::new(),
            declared: HashSet::new(),
            enclosing: Vec::new(),
        };
        for l in 0..f.params.len() {
            c.bound.insert(LocalId(l as u32));
        }
        c.exp(&body.exp);
    }
}

fn check_type(t: &Type, n_tparams: usize, name: &str) {
    match t {
        Type::Param(i) => assert!((*i as usize) < n_tparams, "{name}: {t:?}"),
        Type::Fun(..) | Type::Var(_) | Type::Error => panic!("{name}: {t:?}"),
        Type::Vector(x) | Type::Ref(_, x) => check_type(x, n_tparams, name),
        Type::Struct(_, ts) | Type::Tuple(ts) => {
            ts.iter().for_each(|x| check_type(x, n_tparams, name));
        }
        _ => {}
    }
}

struct Checker<'a> {
    program: &'a Program,
    name: &'a str,
    n_locals: usize,
    n_tparams: usize,
    bound: HashSet<LocalId>,
    declared: HashSet<LoopId>,
    enclosing: Vec<LoopId>,
}

impl Checker<'_> {
    fn local(&self, l: LocalId) {
        assert!((l.0 as usize) < self.n_locals, "{}: {l:?}", self.name);
    }

    fn bind(&mut self, p: &Pattern) {
        check_type(&p.ty, self.n_tparams, self.name);
        match &p.kind {
            PatternKind::Var(l) => {
                self.local(*l);
                assert!(self.bound.insert(*l), "{}: {l:?} bound twice", self.name);
            }
            PatternKind::Wildcard => {}
            PatternKind::Struct(_, _, ps)
            | PatternKind::Variant(_, _, _, ps)
            | PatternKind::Tuple(ps) => ps.iter().for_each(|p| self.bind(p)),
        }
    }

    fn exp(&mut self, e: &Exp) {
        check_type(&e.ty, self.n_tparams, self.name);
        match &e.kind {
            ExpKind::Call(f, ..) => {
                assert_ne!(
                    self.program.fun_decl(*f).kind,
                    FunKind::Inline,
                    "{}: inline call left",
                    self.name
                );
            }
            ExpKind::Lambda(..) | ExpKind::Invoke(..) => {
                panic!("{}: {:?} left", self.name, e.kind);
            }
            ExpKind::Use(l, _) | ExpKind::BorrowLocal(_, l) => self.local(*l),
            ExpKind::Break(l) | ExpKind::Continue(l) => {
                assert!(self.enclosing.contains(l), "{}: {l:?} outside", self.name);
            }
            ExpKind::Loop(l, _) | ExpKind::While(l, _, _) => {
                assert!(self.declared.insert(*l), "{}: {l:?} twice", self.name);
                self.enclosing.push(*l);
                super::for_each_child(e, |c| self.exp(c));
                self.enclosing.pop();
                return;
            }
            ExpKind::Block(stmts, _) => {
                for st in stmts {
                    if let Stmt::Let(p, ..) = st {
                        self.bind(p);
                    }
                }
            }
            ExpKind::Assign(p, _) => {
                let mut vars = Vec::new();
                assigned(p, &mut vars);
                vars.iter().for_each(|&l| self.local(l));
            }
            _ => {}
        }
        super::for_each_child(e, |c| self.exp(c));
    }
}

fn assigned(p: &Pattern, out: &mut Vec<LocalId>) {
    match &p.kind {
        PatternKind::Var(l) => out.push(*l),
        PatternKind::Wildcard => {}
        PatternKind::Struct(_, _, ps)
        | PatternKind::Variant(_, _, _, ps)
        | PatternKind::Tuple(ps) => {
            ps.iter().for_each(|p| assigned(p, out));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Running the result

#[derive(Clone, Debug, PartialEq)]
enum V {
    /// Any unsigned integer up to `u128` (the width comes from the expression's type).
    Int(u128),
    Bool(bool),
    Address(AccountAddress),
    Unit,
    Vec(Vec<V>),
    Struct(Vec<V>),
    Tuple(Vec<V>),
    /// A reference: a frame of the call stack, a local of it, and a path of vector indices and
    /// field positions.
    Ref(usize, LocalId, Vec<usize>),
}

/// How evaluation left an expression other than with a value.
#[derive(Debug, PartialEq)]
enum Flow {
    Break(LoopId),
    Continue(LoopId),
    Return(V),
    /// `abort code`
    Abort(u64),
    /// An arithmetic error (overflow, division by zero, bad shift or cast).
    Arith,
    /// A vector operation failed with this sub-status.
    VectorError(u64),
    /// Something the evaluator does not model (storage, enums, most natives, ...).
    Unsupported(String),
}

/// Runs regular function `f` of module 0 with `args`; panics unless it returns.
fn run(p: &Program, f: u32, args: Vec<V>) -> V {
    run_in(p, fid(f), args).unwrap_or_else(|flow| panic!("{flow:?}"))
}

fn run_in(p: &Program, f: FunId, args: Vec<V>) -> Result<V, Flow> {
    let mut ev = Eval {
        program: p,
        frames: Vec::new(),
        steps: 0,
    };
    ev.call(f, args)
}

struct Eval<'p> {
    program: &'p Program,
    /// The locals of every active call, the running one last.
    frames: Vec<Vec<Option<V>>>,
    steps: usize,
}

fn unsupported<T>(what: impl std::fmt::Debug) -> Result<T, Flow> {
    Err(Flow::Unsupported(format!("{what:?}")))
}

/// The largest value of an integer type.
fn max_of(ty: &Type) -> Result<u128, Flow> {
    Ok(match ty {
        Type::U8 => u128::from(u8::MAX),
        Type::U16 => u128::from(u16::MAX),
        Type::U32 => u128::from(u32::MAX),
        Type::U64 => u128::from(u64::MAX),
        Type::U128 => u128::MAX,
        other => return unsupported(other),
    })
}

fn bits_of(ty: &Type) -> Result<u32, Flow> {
    Ok(128 - max_of(ty)?.leading_zeros())
}

impl Eval<'_> {
    fn top(&self) -> usize {
        self.frames.len() - 1
    }

    fn deref(&mut self, r: V) -> &mut V {
        let V::Ref(frame, l, path) = r else {
            panic!("not a reference: {r:?}");
        };
        let mut v = self.frames[frame][l.0 as usize]
            .as_mut()
            .expect("reference to an unassigned local");
        for i in path {
            v = match v {
                V::Vec(xs) | V::Struct(xs) => &mut xs[i],
                other => panic!("index into {other:?}"),
            };
        }
        v
    }

    fn vec_at(&mut self, r: V) -> &mut Vec<V> {
        match self.deref(r) {
            V::Vec(xs) => xs,
            other => panic!("not a vector: {other:?}"),
        }
    }

    fn bind(&mut self, p: &Pattern, v: V) -> Result<(), Flow> {
        match (&p.kind, v) {
            (PatternKind::Var(l), v) => {
                let top = self.top();
                self.frames[top][l.0 as usize] = Some(v);
            }
            (PatternKind::Wildcard, _) => {}
            (PatternKind::Tuple(ps), V::Tuple(vs))
            | (PatternKind::Struct(_, _, ps), V::Struct(vs)) => {
                assert_eq!(ps.len(), vs.len());
                for (p, v) in ps.iter().zip(vs) {
                    self.bind(p, v)?;
                }
            }
            (PatternKind::Struct(_, _, ps), V::Ref(f, l, path)) => {
                for (i, p) in ps.iter().enumerate() {
                    let mut path = path.clone();
                    path.push(i);
                    self.bind(p, V::Ref(f, l, path))?;
                }
            }
            (kind, v) => return unsupported((kind, v)),
        }
        Ok(())
    }

    fn int(&mut self, e: &Exp) -> Result<u128, Flow> {
        match self.eval(e)? {
            V::Int(n) => Ok(n),
            other => panic!("not an integer: {other:?}"),
        }
    }

    fn u64_arg(v: &V) -> u64 {
        match v {
            V::Int(n) => u64::try_from(*n).expect("a u64"),
            other => panic!("not an integer: {other:?}"),
        }
    }

    fn bool(&mut self, e: &Exp) -> Result<bool, Flow> {
        match self.eval(e)? {
            V::Bool(b) => Ok(b),
            other => panic!("not a bool: {other:?}"),
        }
    }

    fn all(&mut self, es: &[Exp]) -> Result<Vec<V>, Flow> {
        es.iter().map(|e| self.eval(e)).collect()
    }

    fn constant(c: &ConstValue) -> Result<V, Flow> {
        Ok(match c {
            ConstValue::Bool(b) => V::Bool(*b),
            ConstValue::U8(n) => V::Int(u128::from(*n)),
            ConstValue::U16(n) => V::Int(u128::from(*n)),
            ConstValue::U32(n) => V::Int(u128::from(*n)),
            ConstValue::U64(n) => V::Int(u128::from(*n)),
            ConstValue::U128(n) => V::Int(*n),
            ConstValue::Address(a) => V::Address(*a),
            ConstValue::Vector(xs) => {
                V::Vec(xs.iter().map(Self::constant).collect::<Result<_, _>>()?)
            }
            other => return unsupported(other),
        })
    }

    fn eval(&mut self, e: &Exp) -> Result<V, Flow> {
        self.steps += 1;
        assert!(self.steps < 10_000_000, "runaway evaluation");
        let top = self.top();
        Ok(match &e.kind {
            ExpKind::Value(c) => Self::constant(c)?,
            ExpKind::Use(l, _) => self.frames[top][l.0 as usize]
                .clone()
                .unwrap_or_else(|| panic!("{l:?} read before assigned")),
            ExpKind::BorrowLocal(_, l) => V::Ref(top, *l, Vec::new()),
            ExpKind::BorrowField { base, field, .. } => match self.eval(base)? {
                V::Ref(f, l, mut path) => {
                    path.push(*field as usize);
                    V::Ref(f, l, path)
                }
                other => panic!("field of {other:?}"),
            },
            ExpKind::Deref(x) => {
                let r = self.eval(x)?;
                self.deref(r).clone()
            }
            ExpKind::Freeze(x) => self.eval(x)?,
            ExpKind::Cast(x) => {
                let n = self.int(x)?;
                if n > max_of(&e.ty)? {
                    return Err(Flow::Arith);
                }
                V::Int(n)
            }
            ExpKind::Mutate { value, reference } => {
                let v = self.eval(value)?;
                let r = self.eval(reference)?;
                *self.deref(r) = v;
                V::Unit
            }
            ExpKind::Call(f, _, args) => {
                let vals = self.all(args)?;
                self.call(*f, vals)?
            }
            ExpKind::Pack(_, _, xs) => V::Struct(self.all(xs)?),
            ExpKind::Vector(_, xs) => V::Vec(self.all(xs)?),
            ExpKind::Tuple(xs) if xs.is_empty() => V::Unit,
            ExpKind::Tuple(xs) => V::Tuple(self.all(xs)?),
            ExpKind::Not(x) => V::Bool(!self.bool(x)?),
            ExpKind::Binary(BinOp::And, a, b) => V::Bool(self.bool(a)? && self.bool(b)?),
            ExpKind::Binary(BinOp::Or, a, b) => V::Bool(self.bool(a)? || self.bool(b)?),
            ExpKind::Binary(op @ (BinOp::Eq | BinOp::Neq), a, b) => {
                let (a, b) = (self.eval(a)?, self.eval(b)?);
                let (a, b) = (self.value(a), self.value(b));
                V::Bool((a == b) == (*op == BinOp::Eq))
            }
            ExpKind::Binary(op, a, b) => {
                let (a, b) = (self.int(a)?, self.int(b)?);
                let arith = |r: Option<u128>| r.ok_or(Flow::Arith);
                let max = || max_of(&e.ty);
                let bounded = |n: u128| {
                    if n > max()? {
                        Err(Flow::Arith)
                    } else {
                        Ok(V::Int(n))
                    }
                };
                match op {
                    BinOp::Add => bounded(arith(a.checked_add(b))?)?,
                    BinOp::Sub => V::Int(arith(a.checked_sub(b))?),
                    BinOp::Mul => bounded(arith(a.checked_mul(b))?)?,
                    BinOp::Div => V::Int(arith(a.checked_div(b))?),
                    BinOp::Mod => V::Int(arith(a.checked_rem(b))?),
                    BinOp::BitOr => V::Int(a | b),
                    BinOp::BitAnd => V::Int(a & b),
                    BinOp::Xor => V::Int(a ^ b),
                    BinOp::Shl | BinOp::Shr => {
                        if b >= u128::from(bits_of(&e.ty)?) {
                            return Err(Flow::Arith);
                        }
                        if *op == BinOp::Shl {
                            V::Int((a << b) & max()?)
                        } else {
                            V::Int(a >> b)
                        }
                    }
                    BinOp::Lt => V::Bool(a < b),
                    BinOp::Gt => V::Bool(a > b),
                    BinOp::Le => V::Bool(a <= b),
                    BinOp::Ge => V::Bool(a >= b),
                    BinOp::Eq | BinOp::Neq | BinOp::And | BinOp::Or => unreachable!(),
                }
            }
            ExpKind::IfElse(c, t, f) => {
                if self.bool(c)? {
                    self.eval(t)?
                } else {
                    self.eval(f)?
                }
            }
            ExpKind::While(l, c, body) => {
                while self.bool(c)? {
                    match self.eval(body) {
                        Ok(_) => {}
                        Err(Flow::Break(b)) if b == *l => break,
                        Err(Flow::Continue(b)) if b == *l => {}
                        Err(other) => return Err(other),
                    }
                }
                V::Unit
            }
            ExpKind::Loop(l, body) => loop {
                match self.eval(body) {
                    Ok(_) => {}
                    Err(Flow::Break(b)) if b == *l => break V::Unit,
                    Err(Flow::Continue(b)) if b == *l => {}
                    Err(other) => return Err(other),
                }
            },
            ExpKind::Break(l) => return Err(Flow::Break(*l)),
            ExpKind::Continue(l) => return Err(Flow::Continue(*l)),
            ExpKind::Return(x) => return Err(Flow::Return(self.eval(x)?)),
            ExpKind::Abort(x) => {
                let code = self.int(x)?;
                return Err(Flow::Abort(u64::try_from(code).expect("a u64 code")));
            }
            ExpKind::Block(stmts, value) => {
                for st in stmts {
                    match st {
                        Stmt::Let(p, Some(x), _) => {
                            let v = self.eval(x)?;
                            self.bind(p, v)?;
                        }
                        Stmt::Let(..) => {}
                        Stmt::Exp(x) => {
                            self.eval(x)?;
                        }
                    }
                }
                self.eval(value)?
            }
            ExpKind::Assign(p, x) => {
                let v = self.eval(x)?;
                self.bind(p, v)?;
                V::Unit
            }
            ExpKind::Lambda(..) | ExpKind::Invoke(..) => {
                panic!("{:?} left after inlining", e.kind)
            }
            other => return unsupported(other),
        })
    }

    /// `mem::swap` and the `string` natives.
    fn other_native(&mut self, name: &str, args: &[V]) -> Result<V, Flow> {
        let bytes = |ev: &mut Self, r: &V| -> Vec<u8> {
            ev.vec_at(r.clone())
                .iter()
                .map(|b| match b {
                    V::Int(n) => u8::try_from(*n).expect("a byte"),
                    other => panic!("not a byte: {other:?}"),
                })
                .collect()
        };
        let to_v = |b: &[u8]| V::Vec(b.iter().map(|&x| V::Int(u128::from(x))).collect());
        Ok(match name {
            "swap" => {
                let left = self.deref(args[0].clone()).clone();
                let right = std::mem::replace(self.deref(args[1].clone()), left);
                *self.deref(args[0].clone()) = right;
                V::Unit
            }
            "internal_check_utf8" => V::Bool(std::str::from_utf8(&bytes(self, &args[0])).is_ok()),
            "internal_is_char_boundary" => {
                let b = bytes(self, &args[0]);
                let i = Self::u64_arg(&args[1]) as usize;
                let s = std::str::from_utf8(&b).expect("utf8");
                V::Bool(s.is_char_boundary(i))
            }
            "internal_sub_string" => {
                let b = bytes(self, &args[0]);
                let (i, j) = (
                    Self::u64_arg(&args[1]) as usize,
                    Self::u64_arg(&args[2]) as usize,
                );
                to_v(&b[i..j])
            }
            "internal_index_of" => {
                let (b, r) = (bytes(self, &args[0]), bytes(self, &args[1]));
                let at = (0..=b.len().saturating_sub(r.len()))
                    .find(|&i| b.len() >= r.len() && b[i..i + r.len()] == r[..])
                    .unwrap_or(b.len());
                V::Int(at as u128)
            }
            other => return unsupported(format!("native {other}")),
        })
    }

    /// A value with references replaced by what they point to (for `==`).
    fn value(&mut self, v: V) -> V {
        match v {
            V::Ref(..) => self.deref(v).clone(),
            v => v,
        }
    }

    fn call(&mut self, f: FunId, mut args: Vec<V>) -> Result<V, Flow> {
        let decl = self.program.fun_decl(f);
        match decl.kind {
            FunKind::Inline => panic!("call of inline `{}` left", decl.name),
            FunKind::Regular => {
                let body = decl.body.as_ref().expect("a body");
                let mut locals = vec![None; body.locals.len()];
                for (i, a) in args.into_iter().enumerate() {
                    locals[i] = Some(a);
                }
                self.frames.push(locals);
                let r = match self.eval(&body.exp) {
                    Ok(v) | Err(Flow::Return(v)) => Ok(v),
                    Err(flow @ (Flow::Break(_) | Flow::Continue(_))) => {
                        panic!("{flow:?} escaped `{}`", decl.name)
                    }
                    Err(flow) => Err(flow),
                };
                self.frames.pop();
                r
            }
            FunKind::Native => {
                let module = &self.program.module(f.module).id;
                if module.address != AccountAddress::ONE {
                    return unsupported(format!("native {module}::{}", decl.name));
                }
                match module.name.as_str() {
                    // `0x1::m` is the hand-built library of these tests.
                    "vector" | "m" => {}
                    "mem" | "string" => return self.other_native(&decl.name, &args),
                    _ => return unsupported(format!("native {module}::{}", decl.name)),
                }
                Ok(match decl.name.as_str() {
                    "empty" => V::Vec(Vec::new()),
                    "length" => V::Int(self.vec_at(args.remove(0)).len() as u128),
                    "push_back" => {
                        let x = args.pop().expect("two args");
                        self.vec_at(args.remove(0)).push(x);
                        V::Unit
                    }
                    "pop_back" => match self.vec_at(args.remove(0)).pop() {
                        Some(x) => x,
                        None => return Err(Flow::VectorError(2)),
                    },
                    "reverse" => {
                        self.vec_at(args.remove(0)).reverse();
                        V::Unit
                    }
                    "swap" => {
                        let (i, j) = (Self::u64_arg(&args[1]), Self::u64_arg(&args[2]));
                        let xs = self.vec_at(args.remove(0));
                        if i as usize >= xs.len() || j as usize >= xs.len() {
                            return Err(Flow::VectorError(1));
                        }
                        xs.swap(i as usize, j as usize);
                        V::Unit
                    }
                    "borrow" | "borrow_mut" => {
                        let i = Self::u64_arg(&args[1]);
                        let V::Ref(f, l, mut path) = args.remove(0) else {
                            panic!("borrow of a non-reference");
                        };
                        let n = self.vec_at(V::Ref(f, l, path.clone())).len();
                        if i as usize >= n {
                            return Err(Flow::VectorError(1));
                        }
                        path.push(i as usize);
                        V::Ref(f, l, path)
                    }
                    "destroy_empty" => {
                        if args != vec![V::Vec(Vec::new())] {
                            return Err(Flow::VectorError(3));
                        }
                        V::Unit
                    }
                    "move_range" => {
                        let removal = Self::u64_arg(&args[1]) as usize;
                        let length = Self::u64_arg(&args[2]) as usize;
                        let insert = Self::u64_arg(&args[4]) as usize;
                        let (from, to) = (args[0].clone(), args[3].clone());
                        let src_len = self.vec_at(from.clone()).len();
                        let dst_len = self.vec_at(to.clone()).len();
                        if removal.checked_add(length).is_none_or(|end| end > src_len)
                            || insert > dst_len
                        {
                            return Err(Flow::Abort(0x20000));
                        }
                        let moved: Vec<V> =
                            self.vec_at(from).drain(removal..removal + length).collect();
                        let dst = self.vec_at(to);
                        let tail = dst.split_off(insert);
                        dst.extend(moved);
                        dst.extend(tail);
                        V::Unit
                    }
                    other => return unsupported(format!("native vector::{other}")),
                })
            }
        }
    }
}

fn u64s(xs: &[u64]) -> V {
    V::Vec(xs.iter().map(|&x| V::Int(u128::from(x))).collect())
}

// ---------------------------------------------------------------------------------------------
// Tests

#[test]
fn plain_inline_call_evaluates_each_argument_once() {
    // fun f(): u64 { let c = 0; let r = dup({ c = c + 1; c }); r * 10 + c }
    let mut b = B::default();
    let c = b.local("c", Type::U64);
    let r = b.local("r", Type::U64);
    let arg = block(
        vec![s(b.assign(c, bin(BinOp::Add, b.get(c), num(1))))],
        b.get(c),
    );
    let body = block(
        vec![
            b.let_(c, num(0)),
            b.let_(r, call(fid(DUP), vec![], vec![arg], Type::U64)),
        ],
        bin(BinOp::Add, bin(BinOp::Mul, b.get(r), num(10)), b.get(c)),
    );
    let mut f = fun_of("f", FunKind::Regular, 0, &b, 0, Type::U64);
    f.body = b.finish(body);
    let p = inlined_ok(vec![f]);
    assert_eq!(run(&p, FIRST, vec![]), V::Int(21));
    // The callee's parameter became one fresh local of the caller, named as in the callee.
    let locals = &p.fun_decl(fid(FIRST)).body.as_ref().unwrap().locals;
    assert_eq!(locals.len(), 3);
    assert_eq!(locals[2].name, "x");
    assert_eq!(locals[2].ty, Type::U64);
    // The inline function itself is left as it was.
    let dup = p.fun_decl(fid(DUP)).body.as_ref().unwrap();
    assert_eq!(dup.locals.len(), 1);
}

#[test]
fn lambda_captures_a_local_and_runs_in_the_callees_loop() {
    // fun f(v: vector<u64>): u64 { let sum = 0; for_each_ref(&v, |x| sum = sum + *x); sum }
    let mut b = B::default();
    let v = b.local("v", vec_t(Type::U64));
    let sum = b.local("sum", Type::U64);
    let x = b.local("x", ref_t(false, Type::U64));
    let lambda = b.lambda(
        &[x],
        b.assign(sum, bin(BinOp::Add, b.get(sum), deref(b.get(x)))),
    );
    let body = block(
        vec![
            b.let_(sum, num(0)),
            s(call(
                fid(FOR_EACH_REF),
                vec![Type::U64],
                vec![b.borrow(false, v), lambda],
                Type::unit(),
            )),
        ],
        b.get(sum),
    );
    let mut f = fun_of("f", FunKind::Regular, 0, &b, 1, Type::U64);
    f.body = b.finish(body);
    let p = inlined_ok(vec![f]);
    assert_eq!(run(&p, FIRST, vec![u64s(&[1, 2, 3, 40])]), V::Int(46));
    assert_eq!(run(&p, FIRST, vec![u64s(&[])]), V::Int(0));
    // The captured `sum` is the caller's own local, not a copy.
    let body = p.fun_decl(fid(FIRST)).body.as_ref().unwrap();
    let mut assigned_locals = Vec::new();
    collect_assigned(&body.exp, &mut assigned_locals);
    assert!(assigned_locals.contains(&sum), "{assigned_locals:?}");
    // The caller's 3 (the lambda's `x` reused by its one invoke) and for_each_ref's `self`,
    // `i` and `len`; its function parameter `f` binds no local.
    let names: Vec<&str> = body.locals.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["v", "sum", "x", "self", "i", "len"]);
}

fn collect_assigned(e: &Exp, out: &mut Vec<LocalId>) {
    if let ExpKind::Assign(p, _) = &e.kind {
        assigned(p, out);
    }
    super::for_each_child(e, |c| collect_assigned(c, out));
}

#[test]
fn lambda_invoked_twice_gets_fresh_locals_and_loops_each_time() {
    // fun f(): u64 {
    //     call2(|n| { let i = 0; let s = 0; while (i < n) { i = i + 1; s = s + i }; s })
    // }   == (1) * 100 + (1 + 2)
    let mut b = B::default();
    let n = b.local("n", Type::U64);
    let i = b.local("i", Type::U64);
    let sum = b.local("s", Type::U64);
    let lambda_body = block(
        vec![
            b.let_(i, num(0)),
            b.let_(sum, num(0)),
            s(while_(
                0,
                bin(BinOp::Lt, b.get(i), b.get(n)),
                block(
                    vec![s(b.assign(i, bin(BinOp::Add, b.get(i), num(1))))],
                    b.assign(sum, bin(BinOp::Add, b.get(sum), b.get(i))),
                ),
            )),
        ],
        b.get(sum),
    );
    let lambda = b.lambda(&[n], lambda_body);
    let body = call(fid(CALL2), vec![], vec![lambda], Type::U64);
    let mut f = fun_of("f", FunKind::Regular, 0, &b, 0, Type::U64);
    f.body = b.finish(body);
    // check_inlined refuses a local bound twice or a loop declared twice.
    let p = inlined_ok(vec![f]);
    assert_eq!(run(&p, FIRST, vec![]), V::Int(103));
    let locals = &p.fun_decl(fid(FIRST)).body.as_ref().unwrap().locals;
    // The lambda's own 3 for the first invoke, 3 fresh for the second.
    assert_eq!(locals.len(), 6, "{locals:?}");
}

#[test]
fn lambda_forwarded_through_two_inline_levels() {
    // fun f(k: u64): u64 { twice(5, |x| x * k) }   (twice → apply(apply(x, f), f))
    let mut b = B::default();
    let k = b.local("k", Type::U64);
    let x = b.local("x", Type::U64);
    let lambda = b.lambda(&[x], bin(BinOp::Mul, b.get(x), b.get(k)));
    let body = call(fid(TWICE), vec![Type::U64], vec![num(5), lambda], Type::U64);
    let mut f = fun_of("f", FunKind::Regular, 0, &b, 1, Type::U64);
    f.body = b.finish(body);
    let p = inlined_ok(vec![f]);
    assert_eq!(run(&p, FIRST, vec![V::Int(3)]), V::Int(45));
    assert_eq!(run(&p, FIRST, vec![V::Int(0)]), V::Int(0));
}

#[test]
fn fold_and_map_as_in_the_framework() {
    // fun f(v: vector<u64>, k: u64): u64 { fold(v, 7, |acc, e| acc + e * k) }
    let mut b = B::default();
    let v = b.local("v", vec_t(Type::U64));
    let k = b.local("k", Type::U64);
    let acc = b.local("acc", Type::U64);
    let e = b.local("e", Type::U64);
    let lambda = b.lambda(
        &[acc, e],
        bin(BinOp::Add, b.get(acc), bin(BinOp::Mul, b.get(e), b.get(k))),
    );
    let body = call(
        fid(FOLD),
        vec![Type::U64, Type::U64],
        vec![b.get(v), num(7), lambda],
        Type::U64,
    );
    let mut f = fun_of("f", FunKind::Regular, 0, &b, 2, Type::U64);
    f.body = b.finish(body);

    // fun g(v: vector<u64>): vector<u64> { map(v, |e| e + 1) }
    let mut b = B::default();
    let v = b.local("v", vec_t(Type::U64));
    let e = b.local("e", Type::U64);
    let lambda = b.lambda(&[e], bin(BinOp::Add, b.get(e), num(1)));
    let body = call(
        fid(MAP),
        vec![Type::U64, Type::U64],
        vec![b.get(v), lambda],
        vec_t(Type::U64),
    );
    let mut g = fun_of("g", FunKind::Regular, 0, &b, 1, vec_t(Type::U64));
    g.body = b.finish(body);

    let p = inlined_ok(vec![f, g]);
    assert_eq!(
        run(&p, FIRST, vec![u64s(&[1, 2, 3]), V::Int(10)]),
        V::Int(67)
    );
    assert_eq!(run(&p, FIRST, vec![u64s(&[]), V::Int(10)]), V::Int(7));
    assert_eq!(run(&p, FIRST + 1, vec![u64s(&[1, 2, 3])]), u64s(&[2, 3, 4]));
}

#[test]
fn generic_callees_are_instantiated_with_the_callers_types() {
    // fun f<X>(v: vector<X>): u64 { fold(v, 0, |n, _e| n + 1) }: fold<u64, X>, for_each<X>, ...
    let mut b = B::default();
    let v = b.local("v", vec_t(t(0)));
    let n = b.local("n", Type::U64);
    let e = b.local("_e", t(0));
    let lambda = b.lambda(&[n, e], bin(BinOp::Add, b.get(n), num(1)));
    let body = call(
        fid(FOLD),
        vec![Type::U64, t(0)],
        vec![b.get(v), num(0), lambda],
        Type::U64,
    );
    let mut f = fun_of("f", FunKind::Regular, 1, &b, 1, Type::U64);
    f.body = b.finish(body);
    let p = inlined_ok(vec![f]);
    assert_eq!(run(&p, FIRST, vec![u64s(&[9, 9, 9, 9])]), V::Int(4));
    let locals = &p.fun_decl(fid(FIRST)).body.as_ref().unwrap().locals;
    let ty_of = |name: &str| -> Vec<Type> {
        locals
            .iter()
            .filter(|l| l.name == name)
            .map(|l| l.ty.clone())
            .collect()
    };
    // fold's `accu: A` is u64; `self: vector<T>` of fold, for_each and for_each_reverse is
    // the caller's vector<X>; for_each's lambda parameter `e: T` is X.
    assert_eq!(ty_of("accu"), vec![Type::U64]);
    assert_eq!(ty_of("self"), vec![vec_t(t(0)); 3]);
    assert_eq!(ty_of("e"), vec![t(0)]);
    // And every type in the body is closed over the caller's own parameters (check_inlined).
}

#[test]
fn loop_ids_are_renumbered_apart_from_the_callers() {
    // fun f(v: vector<u64>): u64 {
    //     let total = 0; let r = 0;
    //     while (r < 3) { for_each_ref(&v, |x| total = total + *x); r = r + 1 };
    //     total
    // }   — the caller's loop 0 around for_each_ref's loop 0.
    let mut b = B::default();
    let v = b.local("v", vec_t(Type::U64));
    let total = b.local("total", Type::U64);
    let r = b.local("r", Type::U64);
    let x = b.local("x", ref_t(false, Type::U64));
    let lambda = b.lambda(
        &[x],
        b.assign(total, bin(BinOp::Add, b.get(total), deref(b.get(x)))),
    );
    let body = block(
        vec![
            b.let_(total, num(0)),
            b.let_(r, num(0)),
            s(while_(
                0,
                bin(BinOp::Lt, b.get(r), num(3)),
                block(
                    vec![s(call(
                        fid(FOR_EACH_REF),
                        vec![Type::U64],
                        vec![b.borrow(false, v), lambda],
                        Type::unit(),
                    ))],
                    b.assign(r, bin(BinOp::Add, b.get(r), num(1))),
                ),
            )),
        ],
        b.get(total),
    );
    let mut f = fun_of("f", FunKind::Regular, 0, &b, 1, Type::U64);
    f.body = b.finish(body);
    let p = inlined_ok(vec![f]);
    assert_eq!(run(&p, FIRST, vec![u64s(&[1, 2])]), V::Int(9));
    let mut loops = Vec::new();
    loop_ids(
        &p.fun_decl(fid(FIRST)).body.as_ref().unwrap().exp,
        &mut loops,
    );
    assert_eq!(loops, vec![LoopId(0), LoopId(1)]);
}

fn loop_ids(e: &Exp, out: &mut Vec<LoopId>) {
    if let ExpKind::Loop(l, _) | ExpKind::While(l, _, _) = &e.kind {
        out.push(*l);
    }
    super::for_each_child(e, |c| loop_ids(c, out));
}

#[test]
fn break_inside_a_lambda_to_its_own_loop_is_fine() {
    // fun f(): u64 { call2(|n| { let i = 0; loop { i = i + 1; if (i == n + 2) break }; i }) }
    let mut b = B::default();
    let n = b.local("n", Type::U64);
    let i = b.local("i", Type::U64);
    let lambda_body = block(
        vec![
            b.let_(i, num(0)),
            s(ex(
                ExpKind::Loop(
                    LoopId(0),
                    Box::new(block(
                        vec![s(b.assign(i, bin(BinOp::Add, b.get(i), num(1))))],
                        if_(
                            bin(BinOp::Eq, b.get(i), bin(BinOp::Add, b.get(n), num(2))),
                            brk(0),
                            unit(),
                        ),
                    )),
                ),
                Type::unit(),
            )),
        ],
        b.get(i),
    );
    let lambda = b.lambda(&[n], lambda_body);
    let body = call(fid(CALL2), vec![], vec![lambda], Type::U64);
    let mut f = fun_of("f", FunKind::Regular, 0, &b, 0, Type::U64);
    f.body = b.finish(body);
    let p = inlined_ok(vec![f]);
    assert_eq!(run(&p, FIRST, vec![]), V::Int(304));
}

/// `inline fun name(x: u64): u64 { callee(x) }` (or `x` with no callee).
fn inline_calling(name: &str, callee: Option<u32>, span: u32) -> FunDecl {
    let mut b = B::default();
    let x = b.local("x", Type::U64);
    let body = match callee {
        Some(c) => {
            let mut e = call(fid(c), vec![], vec![b.get(x)], Type::U64);
            e.span = at(span);
            e
        }
        None => b.get(x),
    };
    let mut d = fun_of(name, FunKind::Inline, 0, &b, 1, Type::U64);
    d.body = b.finish(body);
    d.name_span = at(span + 1000);
    d
}

#[test]
fn recursive_inline_functions_are_reported_once_per_cycle() {
    // a → a; b → c → b; d → e (no cycle); f regular, calls a and d.
    let (a, bb, c, d, e) = (FIRST, FIRST + 1, FIRST + 2, FIRST + 3, FIRST + 4);
    let mut b = B::default();
    let x = b.local("x", Type::U64);
    let body = bin(
        BinOp::Add,
        call(fid(a), vec![], vec![b.get(x)], Type::U64),
        call(fid(d), vec![], vec![b.get(x)], Type::U64),
    );
    let mut f = fun_of("f", FunKind::Regular, 0, &b, 1, Type::U64);
    f.body = b.finish(body);
    let (p, diags) = inlined(vec![
        inline_calling("a", Some(a), 1),
        inline_calling("b", Some(c), 2),
        inline_calling("c", Some(bb), 3),
        inline_calling("d", Some(e), 4),
        inline_calling("e", None, 5),
        f,
    ]);
    assert_eq!(
        codes(&diags),
        vec![Code::RecursiveInline, Code::RecursiveInline],
        "{diags:#?}"
    );
    assert!(
        diags[0].message.contains("`0x1::m::a` calls itself"),
        "{diags:#?}"
    );
    assert_eq!(diags[0].primary_span(), Some(at(1001)));
    assert_eq!(diags[0].labels[1].span, at(1));
    assert!(
        diags[1].message.contains("`0x1::m::b`, `0x1::m::c`"),
        "{diags:#?}"
    );
    let secondary: HashSet<Span> = diags[1].labels[1..].iter().map(|l| l.span).collect();
    assert_eq!(secondary, HashSet::from([at(2), at(3)]));
    // Nothing was expanded.
    assert!(matches!(
        p.fun_decl(fid(FIRST + 5)).body.as_ref().unwrap().exp.kind,
        ExpKind::Binary(..)
    ));
}

#[test]
fn an_acyclic_chain_is_expanded_and_a_too_deep_one_refused() {
    // i0 → i1 → ... → i(n-1) → (x), f calls i0.
    let chain = |n: u32| {
        let mut fs: Vec<FunDecl> = (0..n)
            .map(|i| {
                let callee = (i + 1 < n).then_some(FIRST + i + 1);
                inline_calling(&format!("i{i}"), callee, i)
            })
            .collect();
        let mut b = B::default();
        let x = b.local("x", Type::U64);
        let body = call(fid(FIRST), vec![], vec![b.get(x)], Type::U64);
        let mut f = fun_of("f", FunKind::Regular, 0, &b, 1, Type::U64);
        f.body = b.finish(body);
        fs.push(f);
        inlined(fs)
    };
    let (p, diags) = chain(20);
    assert!(diags.is_empty(), "{diags:#?}");
    check_inlined(&p);
    assert_eq!(run(&p, FIRST + 20, vec![V::Int(42)]), V::Int(42));
    let (_, diags) = chain(super::expand::MAX_INLINE_DEPTH + 5);
    assert_eq!(codes(&diags), vec![Code::RecursiveInline], "{diags:#?}");
    assert!(diags[0].message.contains("nested more than"), "{diags:#?}");
}

#[test]
fn return_in_a_lambda_or_an_inline_function_is_refused() {
    // fun f(): u64 { apply(1, |x| return x) }
    let mut b = B::default();
    let x = b.local("x", Type::U64);
    let mut ret = ex(ExpKind::Return(Box::new(b.get(x))), Type::U64);
    ret.span = at(7);
    let lambda = b.lambda(&[x], ret);
    let body = call(fid(APPLY), vec![Type::U64], vec![num(1), lambda], Type::U64);
    let mut f = fun_of("f", FunKind::Regular, 0, &b, 0, Type::U64);
    f.body = b.finish(body);
    // inline fun g(x: u64): u64 { return x }
    let mut b = B::default();
    let x = b.local("x", Type::U64);
    let mut ret = ex(ExpKind::Return(Box::new(b.get(x))), Type::U64);
    ret.span = at(8);
    let mut g = fun_of("g", FunKind::Inline, 0, &b, 1, Type::U64);
    g.body = b.finish(ret);
    let (_, diags) = inlined(vec![f, g]);
    assert_eq!(
        codes(&diags),
        vec![Code::InvalidLambda, Code::InvalidLambda],
        "{diags:#?}"
    );
    assert_eq!(diags[0].primary_span(), Some(at(7)));
    assert!(diags[0].message.contains("lambda"), "{diags:#?}");
    assert_eq!(diags[1].primary_span(), Some(at(8)));
    assert!(diags[1].message.contains("inline function"), "{diags:#?}");
}

#[test]
fn break_out_of_a_lambda_is_refused() {
    // fun f() { while (true) { for_each_ref(&vector[1], |_x| break) } }
    let mut b = B::default();
    let x = b.local("_x", ref_t(false, Type::U64));
    let v = b.local("v", vec_t(Type::U64));
    let mut out = brk(0);
    out.span = at(9);
    let lambda = b.lambda(&[x], out);
    let body = block(
        vec![b.let_(v, vector(Type::U64, &[1]))],
        while_(
            0,
            ex(ExpKind::Value(ConstValue::Bool(true)), Type::Bool),
            call(
                fid(FOR_EACH_REF),
                vec![Type::U64],
                vec![b.borrow(false, v), lambda],
                Type::unit(),
            ),
        ),
    );
    let mut f = fun_of("f", FunKind::Regular, 0, &b, 0, Type::unit());
    f.body = b.finish(body);
    let (_, diags) = inlined(vec![f]);
    assert_eq!(codes(&diags), vec![Code::InvalidLambda], "{diags:#?}");
    assert_eq!(diags[0].primary_span(), Some(at(9)));
}

#[test]
fn lambdas_and_invokes_out_of_place_are_refused() {
    let mut b = B::default();
    let g = b.local("g", fun_t(vec![Type::U64], Type::U64));
    let x = b.local("x", Type::U64);
    // fun f() { let g = |x| x; }   (a lambda bound to a local)
    let mut lambda = b.lambda(&[x], b.get(x));
    lambda.span = at(10);
    let body = block(vec![b.let_(g, lambda)], unit());
    let mut f = fun_of("f", FunKind::Regular, 0, &b, 0, Type::unit());
    f.body = b.finish(body);
    // fun h(): u64 { dup(|x| x) }   (a lambda where a u64 is expected)
    let mut b = B::default();
    let x = b.local("x", Type::U64);
    let mut lambda = b.lambda(&[x], b.get(x));
    lambda.span = at(11);
    let body = call(fid(DUP), vec![], vec![lambda], Type::U64);
    let mut h = fun_of("h", FunKind::Regular, 0, &b, 0, Type::U64);
    h.body = b.finish(body);
    // inline fun k(f: |u64| u64): u64 { let y = f; 0 }   (a function parameter as a value)
    let mut b = B::default();
    let fp = b.local("f", fun_t(vec![Type::U64], Type::U64));
    let y = b.local("y", fun_t(vec![Type::U64], Type::U64));
    let mut use_f = b.get(fp);
    use_f.span = at(12);
    let body = block(vec![b.let_(y, use_f)], num(0));
    let mut k = fun_of("k", FunKind::Inline, 0, &b, 1, Type::U64);
    k.body = b.finish(body);
    // fun r(): u64 { apply(1, 5) }   (not a lambda for a function parameter)
    let mut arg = num(5);
    arg.span = at(13);
    let body = call(fid(APPLY), vec![Type::U64], vec![num(1), arg], Type::U64);
    let mut r = decl("r", FunKind::Regular, 0, &[], vec![Type::U64], None);
    r.body = Some(FunBody {
        locals: Vec::new(),
        exp: body,
    });
    let (_, diags) = inlined(vec![f, h, k, r]);
    let at_codes: Vec<(Option<Span>, Code)> =
        diags.iter().map(|d| (d.primary_span(), d.code)).collect();
    assert_eq!(
        at_codes,
        vec![
            (Some(at(10)), Code::InvalidLambda),
            (Some(at(11)), Code::InvalidLambda),
            (Some(at(12)), Code::InvalidLambda),
            (Some(at(13)), Code::InvalidLambda),
        ],
        "{diags:#?}"
    );
}

#[test]
fn invoke_in_a_regular_function_is_refused() {
    // fun f(g: |u64| u64): u64 { g(1) }  (typing should refuse the parameter; inlining too)
    let mut b = B::default();
    let g = b.local("g", fun_t(vec![Type::U64], Type::U64));
    let mut e = b.invoke(g, vec![num(1)]);
    if let ExpKind::Invoke(callee, _) = &mut e.kind {
        callee.span = at(14);
    }
    let mut f = fun_of("f", FunKind::Regular, 0, &b, 1, Type::U64);
    f.body = b.finish(e);
    let (_, diags) = inlined(vec![f]);
    assert_eq!(codes(&diags), vec![Code::InvalidLambda], "{diags:#?}");
    assert_eq!(diags[0].primary_span(), Some(at(14)));
}

#[test]
fn scripts_are_expanded_too() {
    let mut b = B::default();
    let x = b.local("x", Type::U64);
    let body = call(fid(DUP), vec![], vec![b.get(x)], Type::U64);
    let mut fs = library();
    fs.truncate(FIRST as usize);
    let mut p = program(fs);
    let mut main = fun_of("main", FunKind::Regular, 0, &b, 1, Type::U64);
    main.body = b.finish(body);
    p.scripts.push(crate::model::Script {
        package: 0,
        span: Span::default(),
        constants: Vec::new(),
        function: main,
    });
    assert!(inline(&mut p).is_empty());
    let body = p.scripts[0].function.body.as_ref().unwrap();
    assert!(matches!(body.exp.kind, ExpKind::Block(..)));
    assert_eq!(body.locals.len(), 2);
}

/// Module `0x1::m` (a private and a friend function, a struct, public inline functions
/// using them) and module `0x1::n` calling the inline functions; `n_is_friend` lists `n` in
/// `m`'s friends.
fn two_modules(n_is_friend: bool) -> Program {
    use crate::model::{FieldDecl, StructDecl, StructLayout};
    let m_fun = |i| FunId {
        module: ModuleIdx(0),
        index: i,
    };
    let s_id = crate::model::StructId {
        module: ModuleIdx(0),
        index: 0,
    };
    let s_ty = Type::Struct(s_id, Vec::new());
    let mut secret = decl("secret", FunKind::Regular, 0, &[], vec![Type::U64], None);
    secret.visibility = Visibility::Private;
    secret.body = B::default().finish(num(7));
    let mut fr = decl("fr", FunKind::Regular, 0, &[], vec![Type::U64], None);
    fr.visibility = Visibility::Friend;
    fr.body = B::default().finish(num(8));
    // public inline fun peek(): u64 { secret() + fr() }
    let mut peek = decl("peek", FunKind::Inline, 0, &[], vec![Type::U64], None);
    let mut c1 = call(m_fun(0), vec![], vec![], Type::U64);
    c1.span = at(20);
    let mut c2 = call(m_fun(1), vec![], vec![], Type::U64);
    c2.span = at(21);
    peek.body = B::default().finish(bin(BinOp::Add, c1, c2));
    // public inline fun make(): S { S { x: 1 } }
    let mut make = decl("make", FunKind::Inline, 0, &[], vec![s_ty.clone()], None);
    let mut pack = ex(ExpKind::Pack(s_id, Vec::new(), vec![num(1)]), s_ty.clone());
    pack.span = at(22);
    make.body = B::default().finish(pack);
    // public fun ok(): u64 { peek() }  (same module: fine)
    let mut ok = decl("ok", FunKind::Regular, 0, &[], vec![Type::U64], None);
    ok.body = B::default().finish(call(m_fun(2), vec![], vec![], Type::U64));
    let mut m = program(vec![secret, fr, peek, make, ok]).modules.remove(0);
    m.structs.push(StructDecl {
        name: "S".into(),
        span: Span::default(),
        abilities: AbilitySet::EMPTY,
        type_params: Vec::new(),
        layout: StructLayout::Fields(vec![FieldDecl {
            name: "x".into(),
            span: Span::default(),
            ty: Type::U64,
        }]),
        is_event: false,
        resource_group: None,
        resource_group_member: None,
        test_only: false,
    });
    let n_id = ModuleId {
        address: AccountAddress::ONE,
        name: "n".into(),
    };
    if n_is_friend {
        m.friends.push((n_id.clone(), Span::default()));
    }
    // fun f(): u64 { m::peek() }   fun g(): S { m::make() }
    let mut f = decl("f", FunKind::Regular, 0, &[], vec![Type::U64], None);
    let mut site = call(m_fun(2), vec![], vec![], Type::U64);
    site.span = at(30);
    f.body = B::default().finish(site);
    let mut g = decl("g", FunKind::Regular, 0, &[], vec![s_ty.clone()], None);
    let mut site = call(m_fun(3), vec![], vec![], s_ty);
    site.span = at(31);
    g.body = B::default().finish(site);
    let mut n = program(vec![f, g]).modules.remove(0);
    n.id = n_id;
    Program {
        modules: vec![m, n],
        scripts: Vec::new(),
    }
}

#[test]
fn inlined_code_may_only_reach_what_the_callers_module_may() {
    let mut p = two_modules(false);
    let diags = inline(&mut p);
    let found: Vec<(Code, Option<Span>, Span)> = diags
        .iter()
        .map(|d| (d.code, d.primary_span(), d.labels[1].span))
        .collect();
    assert_eq!(
        found,
        vec![
            (Code::Visibility, Some(at(20)), at(30)),
            (Code::Visibility, Some(at(21)), at(30)),
            (Code::Visibility, Some(at(22)), at(31)),
        ],
        "{diags:#?}"
    );
    assert!(
        diags[0].message.contains("`0x1::m::secret` (private)"),
        "{diags:#?}"
    );
    assert!(diags[0].message.contains("module `0x1::n`"), "{diags:#?}");
    assert!(
        diags[2].message.contains("cannot pack `0x1::m::S`"),
        "{diags:#?}"
    );
    // A friend may call the friend function; the private one and the struct stay out of reach.
    let mut p = two_modules(true);
    let diags = inline(&mut p);
    let primaries: Vec<Option<Span>> = diags.iter().map(Diagnostic::primary_span).collect();
    assert_eq!(primaries, vec![Some(at(20)), Some(at(22))], "{diags:#?}");
}

#[test]
fn exponential_expansion_is_refused() {
    // inline fun d_k(x: u64): u64 { d_{k+1}(x) + d_{k+1}(x) }, 24 levels: 2^24 copies.
    let n = 24;
    let mut fs: Vec<FunDecl> = (0..n)
        .map(|i| {
            let mut b = B::default();
            let x = b.local("x", Type::U64);
            let body = if i + 1 < n {
                let next = || call(fid(FIRST + i + 1), vec![], vec![b.get(x)], Type::U64);
                bin(BinOp::Add, next(), next())
            } else {
                b.get(x)
            };
            let mut d = fun_of(&format!("d{i}"), FunKind::Inline, 0, &b, 1, Type::U64);
            d.body = b.finish(body);
            d
        })
        .collect();
    let mut b = B::default();
    let x = b.local("x", Type::U64);
    let body = call(fid(FIRST), vec![], vec![b.get(x)], Type::U64);
    let mut f = fun_of("f", FunKind::Regular, 0, &b, 1, Type::U64);
    f.body = b.finish(body);
    fs.push(f);
    let (_, diags) = inlined(fs);
    assert_eq!(codes(&diags), vec![Code::LimitExceeded], "{diags:#?}");
}
