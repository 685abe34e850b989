//! The rewrite of one regular body: inline calls and lambda invokes expanded, top-down.
//!
//! Expression text is copied through a [`Frame`], which says how the names of the text being
//! copied map to the names of the body being built:
//!
//! - the root frame is the body itself (names kept);
//! - an inline frame is one expansion of an inline function: each of its locals and loops
//!   gets a fresh one the first time it is met, its type parameters are the call's type
//!   arguments, and its function parameters are bound to [`Closure`]s;
//! - a lambda frame is one invoke of a lambda: the locals and loops declared inside the lambda
//!   get fresh ones, every other name (the captured ones) is looked up in the frame the lambda
//!   was written in. The first invoke of a lambda looks up all names there (its own ones
//!   included), so a lambda expanded once leaves no unused local behind.
//!
//! Well-formedness (no `return` in inline code, no lambda out of place, ...) was checked by
//! [`super::check`] before; what remains unexpected here is reported as an internal error.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use crate::diagnostics::{Code, Diagnostic};
use crate::model::{FunId, ModuleIdx, Program, StructId, Type, Visibility};
use crate::source::Span;
use crate::tast::{
    Exp, ExpKind, FunBody, LocalDecl, LocalId, LoopId, MatchArm, Pattern, PatternKind, Stmt,
};

use super::{for_each_child, fun_decl, fun_name, is_inline};

/// How many inline expansions may be nested (a call inside an inlined body inside ...). Real
/// code nests a handful (`map` → `for_each` → `for_each_reverse`); acyclic chains deeper than
/// this are refused rather than risking the compiler's stack.
pub(super) const MAX_INLINE_DEPTH: u32 = 100;

/// How many expression nodes one body may grow to by inlining (a function calling an inline
/// function twice, which calls another twice, ... grows exponentially).
pub(super) const MAX_NODES: usize = 1 << 18;

/// Where the body being expanded lives: what inlined code may access (bytecode has no access
/// to another module's private functions or to its structs' internals).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Home {
    /// A function of this module.
    Module(ModuleIdx),
    /// A script of this package.
    Script(u32),
}

/// Expands every inline call and lambda invoke of `body` (a regular function's or a script's).
pub(super) fn expand_body(
    program: &Program,
    home: Home,
    body: &FunBody,
) -> (FunBody, Vec<Diagnostic>) {
    let mut next_loop = 0;
    max_loop(&body.exp, &mut next_loop);
    let mut ex = Expander {
        program,
        locals: body.locals.clone(),
        next_loop,
        depth: 0,
        nodes: 0,
        over_budget: false,
        diags: Vec::new(),
        home,
        sites: Vec::new(),
        reported: HashSet::new(),
    };
    let root = Rc::new(Frame {
        kind: FrameKind::Root,
        module: match home {
            Home::Module(m) => Some(m),
            Home::Script(_) => None,
        },
        src_locals: &body.locals,
        targs: Vec::new(),
        locals: RefCell::default(),
        loops: RefCell::default(),
        lambdas: HashMap::new(),
    });
    let exp = ex.exp(&body.exp, &root);
    drop(root);
    let locals = ex.locals;
    (FunBody { locals, exp }, ex.diags)
}

/// One past the largest loop id named in `e`.
fn max_loop(e: &Exp, next: &mut u32) {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
        if let ExpKind::Loop(l, _)
        | ExpKind::While(l, _, _)
        | ExpKind::Break(l)
        | ExpKind::Continue(l) = &e.kind
        {
            *next = (*next).max(l.0.saturating_add(1));
        }
        for_each_child(e, |c| max_loop(c, next));
    });
}

enum FrameKind<'a> {
    Root,
    Inline,
    Lambda {
        /// The frame the lambda was written in.
        parent: Rc<Frame<'a>>,
        /// Locals bound inside the lambda (its parameters included).
        own_locals: Rc<HashSet<LocalId>>,
        /// Loops declared inside the lambda.
        own_loops: Rc<HashSet<LoopId>>,
    },
}

struct Frame<'a> {
    kind: FrameKind<'a>,
    /// The module the text is written in (`None`: a script).
    module: Option<ModuleIdx>,
    /// The locals of the body the text comes from.
    src_locals: &'a [LocalDecl],
    /// The type arguments for the text's `Param(i)` (empty in the root).
    targs: Vec<Type>,
    /// Text local → local of the body being built (inline and lambda frames).
    locals: RefCell<HashMap<LocalId, LocalId>>,
    /// Text loop → loop of the body being built (inline and lambda frames).
    loops: RefCell<HashMap<LoopId, LoopId>>,
    /// Function parameters → what they were bound to (inline frames).
    lambdas: HashMap<LocalId, Rc<Closure<'a>>>,
}

/// A lambda argument together with the frame it was written in.
struct Closure<'a> {
    params: &'a [Pattern],
    body: &'a Exp,
    frame: Rc<Frame<'a>>,
    own_locals: Rc<HashSet<LocalId>>,
    own_loops: Rc<HashSet<LoopId>>,
    /// Whether an invoke was expanded already: the first one binds the lambda's own locals
    /// and loops through the defining frame (in the root, the body's own: no local is left
    /// unused), later ones get fresh ones.
    invoked: Cell<bool>,
}

impl<'a> Closure<'a> {
    fn new(params: &'a [Pattern], body: &'a Exp, frame: Rc<Frame<'a>>) -> Self {
        let mut own_locals = HashSet::new();
        let mut own_loops = HashSet::new();
        for p in params {
            pattern_vars(p, &mut own_locals);
        }
        declared_in(body, &mut own_locals, &mut own_loops);
        Self {
            params,
            body,
            frame,
            own_locals: Rc::new(own_locals),
            own_loops: Rc::new(own_loops),
            invoked: Cell::new(false),
        }
    }
}

fn pattern_vars(p: &Pattern, out: &mut HashSet<LocalId>) {
    match &p.kind {
        PatternKind::Var(l) => {
            out.insert(*l);
        }
        PatternKind::Wildcard => {}
        PatternKind::Struct(_, _, ps)
        | PatternKind::Variant(_, _, _, ps)
        | PatternKind::Tuple(ps) => {
            for p in ps {
                pattern_vars(p, out);
            }
        }
    }
}

/// The locals bound (by `let`, match arms, nested lambdas) and the loops declared in `e`.
fn declared_in(e: &Exp, locals: &mut HashSet<LocalId>, loops: &mut HashSet<LoopId>) {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
        match &e.kind {
            ExpKind::Block(stmts, _) => {
                for s in stmts {
                    if let Stmt::Let(p, _, _) = s {
                        pattern_vars(p, locals);
                    }
                }
            }
            ExpKind::Match(_, arms) => {
                for arm in arms {
                    pattern_vars(&arm.pattern, locals);
                }
            }
            ExpKind::Lambda(ps, _) => {
                for p in ps {
                    pattern_vars(p, locals);
                }
            }
            ExpKind::Loop(l, _) | ExpKind::While(l, _, _) => {
                loops.insert(*l);
            }
            _ => {}
        }
        for_each_child(e, |c| declared_in(c, locals, loops));
    });
}

struct Expander<'a> {
    program: &'a Program,
    /// The locals of the body being built: its own, then the fresh ones.
    locals: Vec<LocalDecl>,
    next_loop: u32,
    /// Inline expansions around the current expression.
    depth: u32,
    /// Expression nodes built so far.
    nodes: usize,
    over_budget: bool,
    diags: Vec<Diagnostic>,
    home: Home,
    /// The inline calls written in the root text around the current expression (for
    /// "inlined here" labels).
    sites: Vec<Span>,
    /// Access errors already reported (primary span, call site): one per place.
    reported: HashSet<(Span, Span)>,
}

impl<'a> Expander<'a> {
    fn internal(&mut self, span: Span, what: &str) {
        self.diags.push(Diagnostic::error(
            Code::InvalidLambda,
            format!("internal compiler error in inlining: {what}"),
            span,
            "",
        ));
    }

    /// Whether the text of `fr` comes from another module than the body being built (only
    /// such text can reach what the body's module may not: typing checked the rest).
    fn foreign(&self, fr: &Frame<'_>) -> bool {
        match self.home {
            Home::Module(m) => fr.module != Some(m),
            Home::Script(_) => fr.module.is_some(),
        }
    }

    fn home_name(&self) -> String {
        match self.home {
            Home::Module(m) => self
                .program
                .modules
                .get(m.0 as usize)
                .map_or_else(|| "?".into(), |m| format!("module `{}`", m.id)),
            Home::Script(_) => "a script".into(),
        }
    }

    fn access_error(&mut self, span: Span, message: String) {
        let site = self.sites.first().copied().unwrap_or_default();
        if !self.reported.insert((span, site)) {
            return;
        }
        let mut d = Diagnostic::error(
            Code::Visibility,
            message,
            span,
            "in code of an inline function",
        );
        if !self.sites.is_empty() {
            d = d.with_secondary(site, "expanded here");
        }
        self.diags.push(d);
    }

    /// A call of the regular or native `f` in text of `fr`.
    fn check_call(&mut self, fr: &Frame<'_>, f: FunId, span: Span) {
        if !self.foreign(fr) {
            return;
        }
        let program = self.program;
        let (Some(decl), Some(callee_module)) = (
            fun_decl(program, f),
            program.modules.get(f.module.0 as usize),
        ) else {
            return;
        };
        let allowed = match (self.home, decl.visibility) {
            (_, Visibility::Public) => true,
            (Home::Module(h), _) if h == f.module => true,
            (Home::Module(h), Visibility::Friend) => program
                .modules
                .get(h.0 as usize)
                .is_some_and(|home| callee_module.friends.iter().any(|(id, _)| *id == home.id)),
            (Home::Module(h), Visibility::Package) => program
                .modules
                .get(h.0 as usize)
                .is_some_and(|home| home.package == callee_module.package),
            (Home::Script(_) | Home::Module(_), _) => false,
        };
        if !allowed {
            let vis = match decl.visibility {
                Visibility::Private => "private",
                Visibility::Friend => "friend",
                Visibility::Package => "package",
                Visibility::Public => "public",
            };
            let message = format!(
                "`{}` ({vis}) cannot be called from {}, where this inline function is expanded",
                fun_name(program, f),
                self.home_name()
            );
            self.access_error(span, message);
        }
    }

    /// An operation on the internals of struct `s` (`what`) in text of `fr`.
    fn check_struct(&mut self, fr: &Frame<'_>, s: StructId, span: Span, what: &str) {
        if !self.foreign(fr) || self.home == Home::Module(s.module) {
            return;
        }
        let program = self.program;
        let name = match (
            program.modules.get(s.module.0 as usize),
            program
                .modules
                .get(s.module.0 as usize)
                .and_then(|m| m.structs.get(s.index as usize)),
        ) {
            (Some(m), Some(d)) => format!("{}::{}", m.id, d.name),
            _ => "?".into(),
        };
        let message = format!(
            "cannot {what} `{name}` in {}, where this inline function is expanded: only its \
             own module can",
            self.home_name()
        );
        self.access_error(span, message);
    }

    /// The built body's local for the text's local `l` in frame `fr`.
    fn local(&mut self, fr: &Frame<'a>, l: LocalId) -> LocalId {
        match &fr.kind {
            FrameKind::Root => return l,
            FrameKind::Lambda {
                parent, own_locals, ..
            } if !own_locals.contains(&l) => return self.local(parent, l),
            _ => {}
        }
        if let Some(&mapped) = fr.locals.borrow().get(&l) {
            return mapped;
        }
        let decl = match fr.src_locals.get(l.0 as usize) {
            Some(d) => LocalDecl {
                name: d.name.clone(),
                ty: d.ty.subst(&fr.targs),
                span: d.span,
            },
            None => {
                self.internal(Span::default(), "a local outside its body");
                LocalDecl {
                    name: "$invalid".into(),
                    ty: Type::Error,
                    span: Span::default(),
                }
            }
        };
        let fresh = LocalId(self.locals.len() as u32);
        self.locals.push(decl);
        fr.locals.borrow_mut().insert(l, fresh);
        fresh
    }

    /// The built body's loop for the text's loop `l` in frame `fr`.
    fn loop_id(&mut self, fr: &Frame<'a>, l: LoopId) -> LoopId {
        match &fr.kind {
            FrameKind::Root => return l,
            FrameKind::Lambda {
                parent, own_loops, ..
            } if !own_loops.contains(&l) => return self.loop_id(parent, l),
            _ => {}
        }
        if let Some(&mapped) = fr.loops.borrow().get(&l) {
            return mapped;
        }
        let fresh = LoopId(self.next_loop);
        self.next_loop = self.next_loop.saturating_add(1);
        fr.loops.borrow_mut().insert(l, fresh);
        fresh
    }

    /// What the function parameter `l` of the text in `fr` is bound to.
    fn closure(fr: &Frame<'a>, l: LocalId) -> Option<Rc<Closure<'a>>> {
        match &fr.kind {
            FrameKind::Root => None,
            FrameKind::Inline => fr.lambdas.get(&l).cloned(),
            FrameKind::Lambda { parent, .. } => Self::closure(parent, l),
        }
    }

    fn ty(fr: &Frame<'_>, t: &Type) -> Type {
        t.subst(&fr.targs)
    }

    fn tys(fr: &Frame<'_>, ts: &[Type]) -> Vec<Type> {
        ts.iter().map(|t| t.subst(&fr.targs)).collect()
    }

    fn pattern(&mut self, p: &'a Pattern, fr: &Frame<'a>) -> Pattern {
        if let PatternKind::Struct(s, ..) | PatternKind::Variant(s, ..) = &p.kind {
            self.check_struct(fr, *s, p.span, "unpack");
        }
        let kind = match &p.kind {
            PatternKind::Var(l) => PatternKind::Var(self.local(fr, *l)),
            PatternKind::Wildcard => PatternKind::Wildcard,
            PatternKind::Struct(s, ts, ps) => PatternKind::Struct(
                *s,
                Self::tys(fr, ts),
                ps.iter().map(|p| self.pattern(p, fr)).collect(),
            ),
            PatternKind::Variant(s, v, ts, ps) => PatternKind::Variant(
                *s,
                *v,
                Self::tys(fr, ts),
                ps.iter().map(|p| self.pattern(p, fr)).collect(),
            ),
            PatternKind::Tuple(ps) => {
                PatternKind::Tuple(ps.iter().map(|p| self.pattern(p, fr)).collect())
            }
        };
        Pattern {
            kind,
            ty: Self::ty(fr, &p.ty),
            span: p.span,
        }
    }

    fn exps(&mut self, es: &'a [Exp], fr: &Rc<Frame<'a>>) -> Vec<Exp> {
        es.iter().map(|e| self.exp(e, fr)).collect()
    }

    fn boxed(&mut self, e: &'a Exp, fr: &Rc<Frame<'a>>) -> Box<Exp> {
        Box::new(self.exp(e, fr))
    }

    /// Copies `e`, written in frame `fr`, into the body being built.
    fn exp(&mut self, e: &'a Exp, fr: &Rc<Frame<'a>>) -> Exp {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            if !self.over_budget {
                self.over_budget = true;
                self.diags.push(Diagnostic::error(
                    Code::LimitExceeded,
                    format!("inlining makes this function larger than {MAX_NODES} expressions"),
                    e.span,
                    "while expanding this",
                ));
            }
            return Exp {
                kind: ExpKind::Tuple(Vec::new()),
                ty: Self::ty(fr, &e.ty),
                span: e.span,
            };
        }
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.exp_inner(e, fr))
    }

    fn exp_inner(&mut self, e: &'a Exp, fr: &Rc<Frame<'a>>) -> Exp {
        match &e.kind {
            ExpKind::Call(f, ..) if !is_inline(self.program, *f) => {
                self.check_call(fr, *f, e.span);
            }
            ExpKind::Pack(s, ..) | ExpKind::PackVariant(s, ..) => {
                self.check_struct(fr, *s, e.span, "pack");
            }
            ExpKind::BorrowField { struct_id, .. }
            | ExpKind::BorrowVariantField { struct_id, .. } => {
                self.check_struct(fr, *struct_id, e.span, "access a field of");
            }
            ExpKind::TestVariant(s, ..) => {
                self.check_struct(fr, *s, e.span, "test the variant of");
            }
            // A storage operation on a type parameter is checked once resolved, after inlining.
            ExpKind::Global(_, s, ..) if *s != crate::tast::PENDING_STRUCT => {
                self.check_struct(fr, *s, e.span, "access global storage of");
            }
            _ => {}
        }
        let kind = match &e.kind {
            ExpKind::Value(v) => ExpKind::Value(v.clone()),
            ExpKind::Use(l, k) => ExpKind::Use(self.local(fr, *l), *k),
            ExpKind::BorrowLocal(m, l) => ExpKind::BorrowLocal(*m, self.local(fr, *l)),
            ExpKind::BorrowField {
                mutable,
                base,
                struct_id,
                type_args,
                field,
            } => ExpKind::BorrowField {
                mutable: *mutable,
                base: self.boxed(base, fr),
                struct_id: *struct_id,
                type_args: Self::tys(fr, type_args),
                field: *field,
            },
            ExpKind::BorrowVariantField {
                mutable,
                base,
                struct_id,
                type_args,
                variants,
                field,
            } => ExpKind::BorrowVariantField {
                mutable: *mutable,
                base: self.boxed(base, fr),
                struct_id: *struct_id,
                type_args: Self::tys(fr, type_args),
                variants: variants.clone(),
                field: *field,
            },
            ExpKind::Deref(x) => ExpKind::Deref(self.boxed(x, fr)),
            ExpKind::Mutate { value, reference } => ExpKind::Mutate {
                value: self.boxed(value, fr),
                reference: self.boxed(reference, fr),
            },
            ExpKind::Freeze(x) => ExpKind::Freeze(self.boxed(x, fr)),
            ExpKind::Call(f, targs, args) => {
                if is_inline(self.program, *f) {
                    return self.inline_call(e, *f, targs, args, fr);
                }
                ExpKind::Call(*f, Self::tys(fr, targs), self.exps(args, fr))
            }
            ExpKind::Invoke(callee, args) => return self.invoke(e, callee, args, fr),
            ExpKind::Lambda(..) => {
                // Only arguments of inline calls may be lambdas, and those never get here.
                self.internal(e.span, "a lambda out of place");
                ExpKind::Tuple(Vec::new())
            }
            ExpKind::Global(op, s, targs, args) => {
                ExpKind::Global(*op, *s, Self::tys(fr, targs), self.exps(args, fr))
            }
            ExpKind::Pack(s, targs, args) => {
                ExpKind::Pack(*s, Self::tys(fr, targs), self.exps(args, fr))
            }
            ExpKind::PackVariant(s, v, targs, args) => {
                ExpKind::PackVariant(*s, *v, Self::tys(fr, targs), self.exps(args, fr))
            }
            ExpKind::TestVariant(s, targs, vs, x) => {
                ExpKind::TestVariant(*s, Self::tys(fr, targs), vs.clone(), self.boxed(x, fr))
            }
            ExpKind::Vector(t, args) => ExpKind::Vector(Self::ty(fr, t), self.exps(args, fr)),
            ExpKind::Not(x) => ExpKind::Not(self.boxed(x, fr)),
            ExpKind::Binary(op, a, b) => ExpKind::Binary(*op, self.boxed(a, fr), self.boxed(b, fr)),
            ExpKind::Cast(x) => ExpKind::Cast(self.boxed(x, fr)),
            ExpKind::Tuple(xs) => ExpKind::Tuple(self.exps(xs, fr)),
            ExpKind::IfElse(c, t, f) => {
                ExpKind::IfElse(self.boxed(c, fr), self.boxed(t, fr), self.boxed(f, fr))
            }
            ExpKind::While(l, c, b) => {
                let l = self.loop_id(fr, *l);
                ExpKind::While(l, self.boxed(c, fr), self.boxed(b, fr))
            }
            ExpKind::Loop(l, b) => {
                let l = self.loop_id(fr, *l);
                ExpKind::Loop(l, self.boxed(b, fr))
            }
            ExpKind::Break(l) => ExpKind::Break(self.loop_id(fr, *l)),
            ExpKind::Continue(l) => ExpKind::Continue(self.loop_id(fr, *l)),
            ExpKind::Return(x) => ExpKind::Return(self.boxed(x, fr)),
            ExpKind::Abort(x) => ExpKind::Abort(self.boxed(x, fr)),
            ExpKind::Block(stmts, value) => {
                let stmts = stmts
                    .iter()
                    .map(|s| match s {
                        // The value first: it cannot see the variables it is bound to.
                        Stmt::Let(p, x, span) => {
                            let x = x.as_ref().map(|x| self.exp(x, fr));
                            Stmt::Let(self.pattern(p, fr), x, *span)
                        }
                        Stmt::Exp(x) => Stmt::Exp(self.exp(x, fr)),
                    })
                    .collect();
                ExpKind::Block(stmts, self.boxed(value, fr))
            }
            ExpKind::Assign(p, x) => {
                let x = self.boxed(x, fr);
                ExpKind::Assign(self.pattern(p, fr), x)
            }
            ExpKind::Match(x, arms) => {
                let x = self.boxed(x, fr);
                let arms = arms
                    .iter()
                    .map(|arm| MatchArm {
                        pattern: self.pattern(&arm.pattern, fr),
                        guard: arm.guard.as_ref().map(|g| self.exp(g, fr)),
                        body: self.exp(&arm.body, fr),
                        span: arm.span,
                    })
                    .collect();
                ExpKind::Match(x, arms)
            }
        };
        Exp {
            kind,
            ty: Self::ty(fr, &e.ty),
            span: e.span,
        }
    }

    /// `f<targs>(args)` of an inline `f`, written in `fr`: a block binding the ordinary
    /// arguments to the callee's parameters (fresh locals), then the callee's body.
    fn inline_call(
        &mut self,
        call: &'a Exp,
        f: FunId,
        targs: &'a [Type],
        args: &'a [Exp],
        fr: &Rc<Frame<'a>>,
    ) -> Exp {
        let ty = Self::ty(fr, &call.ty);
        let program = self.program;
        let Some((decl, body)) = fun_decl(program, f).and_then(|d| Some((d, d.body.as_ref()?)))
        else {
            self.internal(call.span, "an inline function without a body");
            return unit_placeholder(ty, call.span);
        };
        if self.depth >= MAX_INLINE_DEPTH {
            self.diags.push(Diagnostic::error(
                Code::RecursiveInline,
                format!(
                    "inline functions nested more than {MAX_INLINE_DEPTH} deep (expanding `{}`)",
                    fun_name(program, f)
                ),
                call.span,
                "this call is too deep",
            ));
            return unit_placeholder(ty, call.span);
        }
        // Function parameters first: they bind no local and evaluate nothing.
        let mut lambdas = HashMap::new();
        for (i, arg) in args.iter().enumerate() {
            if !matches!(decl.params.get(i), Some((_, Type::Fun(..)))) {
                continue;
            }
            let closure = match &arg.kind {
                ExpKind::Lambda(params, lambda_body) => {
                    Some(Rc::new(Closure::new(params, lambda_body, Rc::clone(fr))))
                }
                ExpKind::Use(l, _) => Self::closure(fr, *l),
                _ => None,
            };
            match closure {
                Some(c) => {
                    lambdas.insert(LocalId(i as u32), c);
                }
                None => self.internal(arg.span, "a function argument that is not a lambda"),
            }
        }
        let callee = Rc::new(Frame {
            kind: FrameKind::Inline,
            module: Some(f.module),
            src_locals: &body.locals,
            targs: Self::tys(fr, targs),
            locals: RefCell::default(),
            loops: RefCell::default(),
            lambdas,
        });
        let mut stmts = Vec::new();
        for (i, arg) in args.iter().enumerate() {
            let param = LocalId(i as u32);
            if callee.lambdas.contains_key(&param) {
                continue;
            }
            let value = self.exp(arg, fr);
            let local = self.local(&callee, param);
            let pattern = Pattern {
                kind: PatternKind::Var(local),
                ty: self.locals[local.0 as usize].ty.clone(),
                span: arg.span,
            };
            stmts.push(Stmt::Let(pattern, Some(value), arg.span));
        }
        self.depth += 1;
        self.sites.push(call.span);
        let value = self.exp(&body.exp, &callee);
        self.sites.pop();
        self.depth -= 1;
        Exp {
            kind: ExpKind::Block(stmts, Box::new(value)),
            ty,
            span: call.span,
        }
    }

    /// `callee(args)` written in `fr`, `callee` a function parameter: a block binding the
    /// lambda's parameters to the arguments, then the lambda's body.
    fn invoke(&mut self, e: &'a Exp, callee: &'a Exp, args: &'a [Exp], fr: &Rc<Frame<'a>>) -> Exp {
        let ty = Self::ty(fr, &e.ty);
        let closure = match &callee.kind {
            ExpKind::Use(l, _) => Self::closure(fr, *l),
            _ => None,
        };
        let Some(closure) = closure else {
            self.internal(callee.span, "a call of something that is not a lambda");
            return unit_placeholder(ty, e.span);
        };
        if closure.params.len() != args.len() {
            self.internal(e.span, "a lambda called with the wrong number of arguments");
            return unit_placeholder(ty, e.span);
        }
        let values = self.exps(args, fr);
        let (own_locals, own_loops) = if closure.invoked.replace(true) {
            (
                Rc::clone(&closure.own_locals),
                Rc::clone(&closure.own_loops),
            )
        } else {
            (Rc::default(), Rc::default())
        };
        let frame = Frame {
            kind: FrameKind::Lambda {
                parent: Rc::clone(&closure.frame),
                own_locals,
                own_loops,
            },
            module: closure.frame.module,
            src_locals: closure.frame.src_locals,
            targs: closure.frame.targs.clone(),
            locals: RefCell::default(),
            loops: RefCell::default(),
            lambdas: HashMap::new(),
        };
        let frame = Rc::new(frame);
        let stmts = closure
            .params
            .iter()
            .zip(values)
            .map(|(p, v)| {
                let span = p.span;
                Stmt::Let(self.pattern(p, &frame), Some(v), span)
            })
            .collect();
        let value = self.exp(closure.body, &frame);
        Exp {
            kind: ExpKind::Block(stmts, Box::new(value)),
            ty,
            span: e.span,
        }
    }
}

/// What stands in for an expression that could not be expanded (an error is reported, so the
/// body never reaches code generation).
fn unit_placeholder(ty: Type, span: Span) -> Exp {
    Exp {
        kind: ExpKind::Tuple(Vec::new()),
        ty,
        span,
    }
}
