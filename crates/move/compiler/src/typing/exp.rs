//! Typing of one function body (or constant expression): AST expressions to [`tast`] with
//! inference, sugar removed, and the checks that need types.

use std::collections::BTreeMap;

use lumio_move_core_types::ability::{Ability, AbilitySet};

use crate::CompileOptions;
use crate::diagnostics::{Code, Diagnostic};
use crate::expansion::decls::{TypeResolver, check_constraints};
use crate::expansion::scope::{ModuleScope, Path, Scopes, chain_text};
use crate::model::{
    FunDecl, FunId, ModuleId, ModuleIdx, Program, StructId, StructLayout, Type, Visibility,
};
use crate::parser::ast;
use crate::source::Span;
use crate::tast::{
    BinOp, ConstValue, Exp, ExpKind, FunBody, GlobalOp, LocalDecl, LocalId, LoopId, Pattern,
    PatternKind, Stmt, UseKind,
};
use crate::typing::consts::{int_value, parse_number};
use crate::typing::infer::{Infer, VarKind};
use lumio_move_core_types::account_address::AccountAddress;

/// A struct id standing for "not known yet" in a storage operation typed before its resource
/// type is inferred; replaced when the body is finished.
const PENDING: StructId = crate::tast::PENDING_STRUCT;

/// Stack left before a recursive step grows the stack, and the size of each new segment.
const STACK_RED_ZONE: usize = 128 * 1024;
const STACK_SEGMENT: usize = 2 * 1024 * 1024;

/// What a body does that module-level checks need.
#[derive(Clone, Debug, Default)]
pub(crate) struct Effects {
    /// Resources of the module borrowed or moved from, with the first place.
    pub acquired: BTreeMap<StructId, Span>,
    /// Functions called, with the first call.
    pub calls: BTreeMap<FunId, Span>,
}

struct LoopInfo {
    label: Option<String>,
    id: LoopId,
    has_break: bool,
    /// The lambda nesting depth the loop was opened at.
    lambda_depth: usize,
}

/// An ability a type must have, checked when the body's types are final.
struct AbilityNeed {
    ty: Type,
    ability: Ability,
    span: Span,
    why: &'static str,
}

/// A receiver of `x.f(..)`, before it is adapted to `f`'s `self` parameter.
enum Recv {
    Local(LocalId, Span),
    Place(Exp),
    Value(Exp),
}

/// The typing context of one body.
pub(crate) struct FunCtx<'a> {
    program: &'a Program,
    scopes: &'a Scopes,
    base_scope: &'a ModuleScope,
    block_scopes: Vec<ModuleScope>,
    options: &'a CompileOptions,
    module: Option<ModuleIdx>,
    package: u32,
    tparams: Vec<String>,
    tparam_abilities: Vec<AbilitySet>,
    locals: Vec<LocalDecl>,
    used: Vec<bool>,
    let_bound: Vec<bool>,
    names: Vec<(String, LocalId)>,
    loops: Vec<LoopInfo>,
    next_loop: u32,
    lambda_depth: usize,
    infer: Infer,
    ret: Type,
    diags: Vec<Diagnostic>,
    needs: Vec<AbilityNeed>,
    instantiations: Vec<(Type, Span)>,
    effects: Effects,
    const_values: Option<&'a BTreeMap<u32, ConstValue>>,
    /// Set when a constant refers to a constant not folded yet.
    pub pending_constant: bool,
    /// Typing an inline function: storage operations may name a type parameter (resolved
    /// after inlining).
    inline: bool,
    /// While binding a match arm's pattern: the enum matched (a bare name that is one of its
    /// variants without fields is that variant, not a new variable).
    match_enum: Option<StructId>,
}

/// Types a function body.
pub(crate) fn check_function(
    program: &Program,
    scopes: &Scopes,
    scope: &ModuleScope,
    decl: &FunDecl,
    body: &ast::Sequence,
    options: &CompileOptions,
) -> (Option<FunBody>, Effects, Vec<Diagnostic>) {
    let mut ctx = FunCtx::new(program, scopes, scope, options);
    ctx.tparams = decl.type_params.iter().map(|p| p.name.clone()).collect();
    ctx.inline = decl.kind == crate::model::FunKind::Inline;
    ctx.tparam_abilities = decl.type_params.iter().map(|p| p.constraints).collect();
    ctx.ret = if decl.returns.len() == 1 {
        decl.returns[0].clone()
    } else {
        Type::Tuple(decl.returns.clone())
    };
    for (name, ty) in &decl.params {
        let id = ctx.declare(name, ty.clone(), decl.name_span, false);
        // Parameters count as used: unused-parameter warnings are not Aptos's default.
        ctx.used[id.0 as usize] = true;
    }
    let ret = ctx.ret.clone();
    let e = ctx.sequence(body, Some(&ret));
    let mut e = ctx.coerce(e, &ret, "the function's return type");
    ctx.finish_exp(&mut e);
    ctx.finish_locals();
    ctx.check_needs();
    ctx.warn_unused();
    let body = FunBody {
        locals: std::mem::take(&mut ctx.locals),
        exp: e,
    };
    let effects = std::mem::take(&mut ctx.effects);
    (Some(body), effects, ctx.diags)
}

impl<'a> FunCtx<'a> {
    fn new(
        program: &'a Program,
        scopes: &'a Scopes,
        scope: &'a ModuleScope,
        options: &'a CompileOptions,
    ) -> Self {
        Self {
            program,
            scopes,
            base_scope: scope,
            block_scopes: Vec::new(),
            options,
            module: scope.module,
            package: scope.package,
            tparams: Vec::new(),
            tparam_abilities: Vec::new(),
            locals: Vec::new(),
            used: Vec::new(),
            let_bound: Vec::new(),
            names: Vec::new(),
            loops: Vec::new(),
            next_loop: 0,
            lambda_depth: 0,
            infer: Infer::default(),
            ret: Type::unit(),
            diags: Vec::new(),
            needs: Vec::new(),
            instantiations: Vec::new(),
            effects: Effects::default(),
            const_values: None,
            pending_constant: false,
            match_enum: None,
            inline: false,
        }
    }

    /// A context for a constant's expression; `values` are the module's constants folded so
    /// far (by position).
    pub(crate) fn for_constant(
        program: &'a Program,
        scopes: &'a Scopes,
        scope: &'a ModuleScope,
        options: &'a CompileOptions,
        values: &'a BTreeMap<u32, ConstValue>,
    ) -> Self {
        let mut ctx = Self::new(program, scopes, scope, options);
        ctx.const_values = Some(values);
        ctx
    }

    /// Types a constant's expression against its declared type, finished.
    pub(crate) fn constant_exp(&mut self, e: &ast::Exp, ty: &Type) -> Exp {
        let x = self.exp(e, Some(ty));
        let mut x = self.coerce(x, ty, "the constant's type");
        if !self.pending_constant {
            self.finish_exp(&mut x);
        }
        x
    }

    /// The diagnostics reported.
    pub(crate) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diags
    }

    // ---------------------------------------------------------------- helpers

    fn scope(&self) -> &ModuleScope {
        self.block_scopes.last().unwrap_or(self.base_scope)
    }

    fn error(&mut self, code: Code, msg: impl Into<String>, span: Span, label: impl Into<String>) {
        self.diags.push(Diagnostic::error(code, msg, span, label));
    }

    fn mk(kind: ExpKind, ty: Type, span: Span) -> Exp {
        Exp { kind, ty, span }
    }

    fn unit(span: Span) -> Exp {
        Self::mk(ExpKind::Tuple(Vec::new()), Type::unit(), span)
    }

    fn error_exp(span: Span) -> Exp {
        Self::mk(ExpKind::Tuple(Vec::new()), Type::Error, span)
    }

    fn bottom(&mut self, span: Span) -> Type {
        self.infer.fresh(VarKind::Bottom, span)
    }

    fn need(&mut self, ty: &Type, ability: Ability, span: Span, why: &'static str) {
        self.needs.push(AbilityNeed {
            ty: ty.clone(),
            ability,
            span,
            why,
        });
    }

    /// A type for display.
    fn show(&self, t: &Type) -> String {
        let t = self.infer.resolve(t);
        self.show_resolved(&t)
    }

    fn show_resolved(&self, t: &Type) -> String {
        match t {
            Type::Bool => "bool".into(),
            Type::U8 => "u8".into(),
            Type::U16 => "u16".into(),
            Type::U32 => "u32".into(),
            Type::U64 => "u64".into(),
            Type::U128 => "u128".into(),
            Type::U256 => "u256".into(),
            Type::Address => "address".into(),
            Type::Signer => "signer".into(),
            Type::Vector(e) => format!("vector<{}>", self.show_resolved(e)),
            Type::Struct(id, args) => {
                let decl = self.program.struct_decl(*id);
                let m = &self.program.module(id.module).id.name;
                if args.is_empty() {
                    format!("{m}::{}", decl.name)
                } else {
                    let a: Vec<String> = args.iter().map(|t| self.show_resolved(t)).collect();
                    format!("{m}::{}<{}>", decl.name, a.join(", "))
                }
            }
            Type::Param(i) => self
                .tparams
                .get(*i as usize)
                .cloned()
                .unwrap_or_else(|| format!("T{i}")),
            Type::Ref(m, e) => {
                format!("&{}{}", if *m { "mut " } else { "" }, self.show_resolved(e))
            }
            Type::Tuple(ts) => {
                let a: Vec<String> = ts.iter().map(|t| self.show_resolved(t)).collect();
                format!("({})", a.join(", "))
            }
            Type::Fun(ps, r, _) => {
                let a: Vec<String> = ps.iter().map(|t| self.show_resolved(t)).collect();
                format!("|{}| {}", a.join(", "), self.show_resolved(r))
            }
            Type::Var(v) => match self.infer.kind(*v) {
                VarKind::Int => "integer".into(),
                _ => "_".into(),
            },
            Type::Error => "_".into(),
        }
    }

    fn mismatch(&mut self, expected: &Type, actual: &Type, span: Span, context: &str) {
        let (e, a) = (self.show(expected), self.show(actual));
        self.diags.push(
            Diagnostic::error(
                Code::TypeMismatch,
                format!("type mismatch: expected `{e}`, found `{a}`"),
                span,
                format!("this has type `{a}`"),
            )
            .with_note(format!("expected because of {context}")),
        );
    }

    /// Makes `e` usable where `expected` is wanted: equal types, or `&mut T` where `&T` is
    /// expected (frozen).
    fn coerce(&mut self, e: Exp, expected: &Type, context: &str) -> Exp {
        let actual = self.infer.shallow(&e.ty);
        let want = self.infer.shallow(expected);
        if let (Type::Ref(true, a), Type::Ref(false, b)) = (&actual, &want) {
            if !self.infer.unify(a, b) {
                self.mismatch(expected, &e.ty, e.span, context);
            }
            let span = e.span;
            return Self::mk(ExpKind::Freeze(Box::new(e)), want, span);
        }
        if !self.infer.unify(&want, &actual) {
            self.mismatch(expected, &e.ty, e.span, context);
        }
        e
    }

    fn exp_expect(&mut self, e: &ast::Exp, ty: &Type, context: &str) -> Exp {
        let x = self.exp(e, Some(ty));
        self.coerce(x, ty, context)
    }

    fn resolve_type(&mut self, t: &ast::Type) -> Type {
        let r = TypeResolver {
            scopes: self.scopes,
            scope: self.block_scopes.last().unwrap_or(self.base_scope),
            type_params: &self.tparams,
            options: self.options,
            program: self.program,
        };
        let mut d = Vec::new();
        let ty = r.resolve(t, &mut d);
        self.diags.extend(d);
        self.instantiations.push((ty.clone(), t.span));
        ty
    }

    fn type_args(
        &mut self,
        targs: Option<&Vec<ast::Type>>,
        count: usize,
        span: Span,
        what: &str,
    ) -> Vec<Type> {
        match targs {
            Some(ts) => {
                let ts: Vec<Type> = ts.iter().map(|t| self.resolve_type(t)).collect();
                if ts.len() != count {
                    self.error(
                        Code::ArityMismatch,
                        format!(
                            "`{what}` takes {count} type argument(s), {} given",
                            ts.len()
                        ),
                        span,
                        "wrong number of type arguments",
                    );
                    return (0..count).map(|_| Type::Error).collect();
                }
                ts
            }
            None => (0..count)
                .map(|_| self.infer.fresh(VarKind::Any, span))
                .collect(),
        }
    }

    // ---------------------------------------------------------------- locals

    fn declare(&mut self, name: &str, ty: Type, span: Span, let_bound: bool) -> LocalId {
        let id = LocalId(self.locals.len() as u32);
        self.locals.push(LocalDecl {
            name: name.to_string(),
            ty,
            span,
        });
        self.used.push(false);
        self.let_bound.push(let_bound);
        self.names.push((name.to_string(), id));
        id
    }

    fn temp(&mut self, ty: Type, span: Span) -> LocalId {
        let id = LocalId(self.locals.len() as u32);
        self.locals.push(LocalDecl {
            name: format!("$t{}", id.0),
            ty,
            span,
        });
        self.used.push(true);
        self.let_bound.push(false);
        id
    }

    fn find_local(&self, name: &str) -> Option<LocalId> {
        self.names
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, id)| *id)
    }

    fn lookup(&mut self, name: &str) -> Option<LocalId> {
        let id = self
            .names
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, id)| *id)?;
        self.used[id.0 as usize] = true;
        Some(id)
    }

    fn local_ty(&self, id: LocalId) -> Type {
        self.locals[id.0 as usize].ty.clone()
    }

    fn use_local(&mut self, id: LocalId, kind: UseKind, span: Span) -> Exp {
        let ty = self.local_ty(id);
        if kind == UseKind::Copy {
            self.need(&ty, Ability::Copy, span, "`copy` of a value");
        }
        Self::mk(ExpKind::Use(id, kind), ty, span)
    }

    // ---------------------------------------------------------------- blocks

    fn sequence(&mut self, seq: &ast::Sequence, expected: Option<&Type>) -> Exp {
        let mark = self.names.len();
        let pushed_scope = !seq.uses.is_empty();
        if pushed_scope {
            let mut s = self.scope().clone();
            let mut d = Vec::new();
            s.add_block_uses(&seq.uses, self.options, &mut d);
            self.diags.extend(d);
            self.block_scopes.push(s);
        }
        let mut stmts = Vec::new();
        let mut diverged = false;
        let mut warned = false;
        for item in &seq.items {
            if diverged && !warned {
                self.diags.push(Diagnostic::warning(
                    Code::UnreachableCode,
                    "unreachable code",
                    item.span,
                    "this is never executed",
                ));
                warned = true;
            }
            match &item.kind {
                ast::SequenceItemKind::Exp(e) => {
                    let x = self.exp(e, None);
                    diverged |= self.is_bottom(&x.ty);
                    if !self.is_bottom(&x.ty) && !self.infer.shallow(&x.ty).is_unit() {
                        self.need(&x.ty, Ability::Drop, x.span, "a value discarded by `;`");
                    }
                    stmts.push(Stmt::Exp(x));
                }
                ast::SequenceItemKind::Let { binds, ty, value } => {
                    let declared = ty.as_ref().map(|t| self.resolve_type(t));
                    let value = value.as_ref().map(|v| match &declared {
                        Some(t) => self.exp_expect(v, t, "the `let` annotation"),
                        None => self.exp(v, None),
                    });
                    if let Some(v) = &value {
                        diverged |= self.is_bottom(&v.ty);
                    }
                    let ty = match (&declared, &value) {
                        (Some(t), _) => t.clone(),
                        (None, Some(v)) => v.ty.clone(),
                        (None, None) => self.infer.fresh(VarKind::Any, binds.span),
                    };
                    let pattern = self.bind_list(binds, &ty, true);
                    stmts.push(Stmt::Let(pattern, value, item.span));
                }
            }
        }
        let trailing = match &seq.trailing {
            Some(e) => {
                if diverged && !warned {
                    self.diags.push(Diagnostic::warning(
                        Code::UnreachableCode,
                        "unreachable code",
                        e.span,
                        "this is never executed",
                    ));
                }
                self.exp(e, expected)
            }
            None if diverged => {
                let ty = self.bottom(seq.span);
                Self::mk(ExpKind::Tuple(Vec::new()), ty, seq.span)
            }
            None => Self::unit(seq.span),
        };
        self.names.truncate(mark);
        if pushed_scope {
            self.block_scopes.pop();
        }
        if stmts.is_empty() {
            return trailing;
        }
        let ty = trailing.ty.clone();
        Self::mk(ExpKind::Block(stmts, Box::new(trailing)), ty, seq.span)
    }

    fn is_bottom(&self, t: &Type) -> bool {
        matches!(self.infer.shallow(t), Type::Var(v) if self.infer.kind(v) == VarKind::Bottom)
    }

    // ---------------------------------------------------------------- patterns

    fn bind_list(&mut self, binds: &ast::BindList, ty: &Type, declare: bool) -> Pattern {
        if binds.binds.len() == 1 {
            return self.bind(&binds.binds[0], ty, declare);
        }
        let tys: Vec<Type> = binds
            .binds
            .iter()
            .map(|b| self.infer.fresh(VarKind::Any, b.span))
            .collect();
        let mut tuple = Type::Tuple(tys.clone());
        let mut tys = tys;
        if !self.infer.unify(ty, &tuple) {
            self.mismatch(&tuple, ty, binds.span, "the tuple pattern");
            // Bind the names anyway, without further errors.
            tys = vec![Type::Error; tys.len()];
            tuple = Type::Error;
        }
        // Declare after all sub-patterns are typed (a name may appear once).
        let pats = binds
            .binds
            .iter()
            .zip(&tys)
            .map(|(b, t)| self.bind(b, t, declare))
            .collect();
        Pattern {
            kind: PatternKind::Tuple(pats),
            ty: tuple,
            span: binds.span,
        }
    }

    fn bind(&mut self, b: &ast::Bind, ty: &Type, declare: bool) -> Pattern {
        stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || {
            self.bind_inner(b, ty, declare)
        })
    }

    fn bind_inner(&mut self, b: &ast::Bind, ty: &Type, declare: bool) -> Pattern {
        let kind = match &b.kind {
            ast::BindKind::Var(n) if n.value == "_" => {
                self.need(ty, Ability::Drop, b.span, "a value bound to `_`");
                PatternKind::Wildcard
            }
            ast::BindKind::Var(n)
                if self.match_enum.is_some_and(|e| {
                    self.variant_of(e, &n.value)
                        .is_some_and(|v| self.variant_fields(e, v) == 0)
                }) =>
            {
                let e = self.match_enum.expect("checked");
                let v = self.variant_of(e, &n.value).expect("checked");
                let decl = self.program.struct_decl(e);
                let targs = self.type_args(None, decl.type_params.len(), n.span, "");
                let st = Type::Struct(e, targs.clone());
                let matched = match self.infer.shallow(ty) {
                    Type::Ref(_, inner) => *inner,
                    t => t,
                };
                if !self.infer.unify(&matched, &st) {
                    self.mismatch(&st, &matched, b.span, "the pattern");
                }
                PatternKind::Variant(e, v, targs, Vec::new())
            }
            ast::BindKind::Var(n) => {
                if declare {
                    PatternKind::Var(self.declare(&n.value, ty.clone(), n.span, true))
                } else {
                    match self.lookup(&n.value) {
                        Some(id) => {
                            let lt = self.local_ty(id);
                            if !self.infer.unify(&lt, ty) {
                                self.mismatch(&lt, ty, b.span, "the assigned variable's type");
                            }
                            PatternKind::Var(id)
                        }
                        None => {
                            self.error(
                                Code::UnboundName,
                                format!("unbound variable `{}`", n.value),
                                n.span,
                                "not declared",
                            );
                            PatternKind::Wildcard
                        }
                    }
                }
            }
            ast::BindKind::Unpack {
                name,
                type_args,
                fields,
            } => return self.unpack(b, name, type_args.as_ref(), fields, ty, declare),
            ast::BindKind::Literal(_) | ast::BindKind::Range { .. } => {
                self.error(
                    Code::InvalidOperation,
                    "literal and range patterns are only allowed in `match`",
                    b.span,
                    "not allowed here",
                );
                PatternKind::Wildcard
            }
        };
        Pattern {
            kind,
            ty: ty.clone(),
            span: b.span,
        }
    }

    fn unpack(
        &mut self,
        b: &ast::Bind,
        name: &ast::NameAccessChain,
        type_args: Option<&Vec<ast::Type>>,
        fields: &ast::BindFields,
        ty: &Type,
        declare: bool,
    ) -> Pattern {
        let err_pattern = Pattern {
            kind: PatternKind::Wildcard,
            ty: Type::Error,
            span: b.span,
        };
        let Some((id, variant)) = self.resolve_pack_target(name) else {
            return err_pattern;
        };
        self.check_struct_access(id, b.span, "unpacked");
        let decl = self.program.struct_decl(id);
        let targs = self.type_args(type_args, decl.type_params.len(), name.span, &decl.name);
        let st = Type::Struct(id, targs.clone());
        self.instantiations.push((st.clone(), b.span));
        // Unpacking through a reference binds references to the fields.
        let (by_ref, matched) = match self.infer.shallow(ty) {
            Type::Ref(m, inner) => (Some(m), *inner),
            _ => (None, ty.clone()),
        };
        if !self.infer.unify(&matched, &st) {
            self.mismatch(&st, &matched, b.span, "the pattern");
        }
        let Some(decl_fields) = self.target_fields(id, variant, &targs, b.span, "unpacked") else {
            return err_pattern;
        };
        let mut given: Vec<Option<&ast::Bind>> = vec![None; decl_fields.len()];
        let mut rest = false;
        match fields {
            ast::BindFields::None => {}
            ast::BindFields::Named(fs) => {
                for f in fs {
                    match f {
                        ast::FieldBind::Rest(_) => rest = true,
                        ast::FieldBind::Field(n, p) => {
                            match decl_fields.iter().position(|(fname, _)| *fname == n.value) {
                                Some(i) if given[i].is_none() => given[i] = Some(p),
                                Some(_) => self.error(
                                    Code::DuplicateDeclaration,
                                    format!("field `{}` bound twice", n.value),
                                    n.span,
                                    "again here",
                                ),
                                None => self.error(
                                    Code::UnboundName,
                                    format!("`{}` has no field `{}`", decl.name, n.value),
                                    n.span,
                                    "unknown field",
                                ),
                            }
                        }
                    }
                }
            }
            ast::BindFields::Positional(ps) => {
                let mut i = 0;
                for p in ps {
                    match p {
                        ast::PositionalBind::Rest(_) => {
                            rest = true;
                            // `..` in the middle: the rest bind from the end.
                            break;
                        }
                        ast::PositionalBind::Bind(p) => {
                            if i < given.len() {
                                given[i] = Some(p);
                            }
                            i += 1;
                        }
                    }
                }
                if i > given.len() {
                    self.error(
                        Code::ArityMismatch,
                        format!("`{}` has {} fields, {i} bound", decl.name, given.len()),
                        b.span,
                        "too many fields",
                    );
                }
                if rest {
                    let tail: Vec<&ast::Bind> = ps
                        .iter()
                        .rev()
                        .take_while(|p| !matches!(p, ast::PositionalBind::Rest(_)))
                        .filter_map(|p| match p {
                            ast::PositionalBind::Bind(b) => Some(b),
                            _ => None,
                        })
                        .collect();
                    let n = given.len();
                    for (k, p) in tail.into_iter().enumerate() {
                        if k < n {
                            given[n - 1 - k] = Some(p);
                        }
                    }
                }
            }
        }
        let mut pats = Vec::with_capacity(decl_fields.len());
        // Bare variant names are only recognised at the top of a match arm.
        let saved_enum = self.match_enum.take();
        for (i, (fname, fty)) in decl_fields.iter().enumerate() {
            let sub_ty = match by_ref {
                Some(m) => Type::Ref(m, Box::new(fty.clone())),
                None => fty.clone(),
            };
            match given[i] {
                Some(p) => pats.push(self.bind(p, &sub_ty, declare)),
                None => {
                    if !rest {
                        self.error(
                            Code::ArityMismatch,
                            format!("field `{fname}` of `{}` is not bound", decl.name),
                            b.span,
                            "missing field (or add `..`)",
                        );
                    }
                    self.need(&sub_ty, Ability::Drop, b.span, "a field ignored by `..`");
                    pats.push(Pattern {
                        kind: PatternKind::Wildcard,
                        ty: sub_ty,
                        span: b.span,
                    });
                }
            }
        }
        self.match_enum = saved_enum;
        let kind = match variant {
            None => PatternKind::Struct(id, targs, pats),
            Some(v) => PatternKind::Variant(id, v, targs, pats),
        };
        Pattern {
            kind,
            ty: ty.clone(),
            span: b.span,
        }
    }

    /// A struct, or an enum variant (`E::V`, `m::E::V`), named in a pack or unpack.
    fn resolve_pack_target(
        &mut self,
        chain: &ast::NameAccessChain,
    ) -> Option<(StructId, Option<u16>)> {
        let path = match self.scopes.split(self.scope(), chain, self.options) {
            Ok(p) => p,
            Err(d) => {
                self.diags.push(d);
                return None;
            }
        };
        let found = self.pack_target(&path);
        if found.is_none() {
            self.error(
                Code::UnboundName,
                format!("unbound struct or variant `{}`", chain_text(chain)),
                chain.span,
                "not found",
            );
        }
        found
    }

    /// The fields (name, type instantiated with `targs`) of struct `id`, or of its variant
    /// `variant`; an error for a native struct or an enum named without a variant.
    fn target_fields(
        &mut self,
        id: StructId,
        variant: Option<u16>,
        targs: &[Type],
        span: Span,
        what: &str,
    ) -> Option<Vec<(String, Type)>> {
        let decl = self.program.struct_decl(id);
        let fields = match (&decl.layout, variant) {
            (StructLayout::Fields(fs), None) => fs,
            (StructLayout::Variants(vs), Some(v)) => &vs[v as usize].fields,
            _ => {
                let name = decl.name.clone();
                self.error(
                    Code::InvalidOperation,
                    format!("`{name}` cannot be {what} here"),
                    span,
                    "native struct or enum without a variant",
                );
                return None;
            }
        };
        Some(
            fields
                .iter()
                .map(|f| (f.name.clone(), f.ty.subst(targs)))
                .collect(),
        )
    }

    fn variant_fields(&self, s: StructId, v: u16) -> usize {
        match &self.program.struct_decl(s).layout {
            StructLayout::Variants(vs) => vs.get(v as usize).map_or(0, |v| v.fields.len()),
            _ => 0,
        }
    }

    fn variant_of(&self, s: StructId, name: &str) -> Option<u16> {
        match &self.program.struct_decl(s).layout {
            StructLayout::Variants(vs) => vs.iter().position(|v| v.name == name).map(|i| i as u16),
            _ => None,
        }
    }

    /// Struct internals (pack, unpack, fields, storage) are only accessible in the defining
    /// module.
    fn check_struct_access(&mut self, id: StructId, span: Span, what: &str) {
        if Some(id.module) != self.module && id != PENDING {
            let name = self.program.struct_decl(id).name.clone();
            let m = self.program.module(id.module).id.to_string();
            self.error(
                Code::Visibility,
                format!("`{m}::{name}` can only be {what} in the module that declares it"),
                span,
                format!("{what} outside `{m}`"),
            );
        }
    }

    // ---------------------------------------------------------------- expressions

    pub(crate) fn exp(&mut self, e: &ast::Exp, expected: Option<&Type>) -> Exp {
        // Deep expressions (long operator chains, nested blocks) recurse deeply: grow the
        // stack on demand rather than overflow a small thread's.
        stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || {
            self.exp_inner(e, expected)
        })
    }

    fn exp_inner(&mut self, e: &ast::Exp, expected: Option<&Type>) -> Exp {
        use ast::ExpKind as K;
        let span = e.span;
        match &e.kind {
            K::Value(v) => self.value(v),
            K::Move(n) | K::Copy(n) => match self.lookup(&n.value) {
                Some(id) => {
                    let kind = if matches!(e.kind, K::Move(_)) {
                        UseKind::Move
                    } else {
                        UseKind::Copy
                    };
                    self.use_local(id, kind, span)
                }
                None => {
                    self.error(
                        Code::UnboundName,
                        format!("unbound variable `{}`", n.value),
                        n.span,
                        "not declared",
                    );
                    Self::error_exp(span)
                }
            },
            K::Name(chain, targs) => self.name(chain, targs.as_ref(), span),
            K::Call {
                name,
                kind: ast::CallKind::Macro,
                args,
                ..
            } => self.macro_call(name, args, span),
            K::Call {
                name,
                type_args,
                args,
                ..
            } => self.call(name, type_args.as_ref(), args, span),
            K::MethodCall {
                receiver,
                method,
                type_args,
                args,
            } => self.method_call(receiver, method, type_args.as_ref(), args, span),
            K::ExpCall(f, args) => {
                let callee = self.exp(f, None);
                self.invoke(callee, args, span)
            }
            K::Pack(chain, targs, fields) => self.pack(chain, targs.as_ref(), fields, span),
            K::Vector(targs, es) => {
                let elem = match targs {
                    Some(ts) if ts.len() == 1 => self.resolve_type(&ts[0]),
                    Some(_) => {
                        self.error(
                            Code::ArityMismatch,
                            "`vector` takes one type argument",
                            span,
                            "here",
                        );
                        Type::Error
                    }
                    None => self.infer.fresh(VarKind::Any, span),
                };
                let items = es
                    .iter()
                    .map(|x| self.exp_expect(x, &elem, "the vector's element type"))
                    .collect();
                self.instantiations
                    .push((Type::Vector(Box::new(elem.clone())), span));
                let ty = Type::Vector(Box::new(elem.clone()));
                Self::mk(ExpKind::Vector(elem, items), ty, span)
            }
            K::IfElse(c, t, f) => {
                let c = self.exp_expect(c, &Type::Bool, "an `if` condition");
                match f {
                    None => {
                        let t = self.exp_expect(t, &Type::unit(), "an `if` without `else`");
                        Self::mk(
                            ExpKind::IfElse(Box::new(c), Box::new(t), Box::new(Self::unit(span))),
                            Type::unit(),
                            span,
                        )
                    }
                    Some(f) => {
                        let t = self.exp(t, expected);
                        let f = self.exp(f, expected);
                        let (t, f) = self.join(t, f);
                        let ty = t.ty.clone();
                        Self::mk(
                            ExpKind::IfElse(Box::new(c), Box::new(t), Box::new(f)),
                            ty,
                            span,
                        )
                    }
                }
            }
            K::While(label, c, body) => {
                let id = self.open_loop(label.as_ref());
                let c = self.exp_expect(c, &Type::Bool, "a `while` condition");
                let body = self.exp_expect(body, &Type::unit(), "a loop body");
                self.loops.pop();
                Self::mk(
                    ExpKind::While(id, Box::new(c), Box::new(body)),
                    Type::unit(),
                    span,
                )
            }
            K::Loop(label, body) => {
                let id = self.open_loop(label.as_ref());
                let body = self.exp_expect(body, &Type::unit(), "a loop body");
                let info = self.loops.pop().expect("opened above");
                let ty = if info.has_break {
                    Type::unit()
                } else {
                    self.bottom(span)
                };
                Self::mk(ExpKind::Loop(id, Box::new(body)), ty, span)
            }
            K::For {
                var,
                lower,
                upper,
                body,
            } => self.for_loop(var, lower, upper, body, span),
            K::Match(scrutinee, arms) => self.match_exp(scrutinee, arms, expected, span),
            K::Block(seq) => self.sequence(seq, expected),
            K::Lambda { params, body, .. } => self.lambda(params, body, expected, span),
            K::ExpList(es) => {
                let items: Vec<Exp> = es.iter().map(|x| self.exp(x, None)).collect();
                let ty = Type::Tuple(items.iter().map(|x| x.ty.clone()).collect());
                Self::mk(ExpKind::Tuple(items), ty, span)
            }
            K::Unit | K::Spec => Self::unit(span),
            K::Assign { lhs, op, rhs } => self.assign(lhs, *op, rhs, span),
            K::Return(v) => {
                if self.lambda_depth > 0 {
                    self.error(
                        Code::InvalidLambda,
                        "`return` is not allowed in a lambda",
                        span,
                        "inside a lambda",
                    );
                }
                let ret = self.ret.clone();
                let v = match v {
                    Some(v) => self.exp_expect(v, &ret, "the function's return type"),
                    None => {
                        let u = Self::unit(span);
                        self.coerce(u, &ret, "the function's return type")
                    }
                };
                let ty = self.bottom(span);
                Self::mk(ExpKind::Return(Box::new(v)), ty, span)
            }
            K::Abort(code) => {
                let code = self.exp_expect(code, &Type::U64, "an abort code");
                let ty = self.bottom(span);
                Self::mk(ExpKind::Abort(Box::new(code)), ty, span)
            }
            K::Break(label) | K::Continue(label) => {
                let is_break = matches!(e.kind, K::Break(_));
                let ty = self.bottom(span);
                match self.find_loop(label.as_ref(), span) {
                    Some(i) => {
                        let id = self.loops[i].id;
                        if is_break {
                            self.loops[i].has_break = true;
                            Self::mk(ExpKind::Break(id), ty, span)
                        } else {
                            Self::mk(ExpKind::Continue(id), ty, span)
                        }
                    }
                    None => Self::mk(ExpKind::Tuple(Vec::new()), ty, span),
                }
            }
            K::Dereference(r) => {
                let r = self.exp(r, None);
                self.deref(r, span)
            }
            K::Unary(ast::UnaryOp::Not, x) => {
                let x = self.exp_expect(x, &Type::Bool, "`!`");
                Self::mk(ExpKind::Not(Box::new(x)), Type::Bool, span)
            }
            K::Unary(ast::UnaryOp::Neg, _) => {
                self.error(
                    Code::InvalidOperation,
                    "unary `-` is not defined on unsigned integers",
                    span,
                    "no negation",
                );
                Self::error_exp(span)
            }
            K::Binary(a, op, b) => self.binary(a, *op, b, span),
            K::Borrow { mutable, exp } => {
                let p = self.place(exp, *mutable);
                if !mutable { self.freeze_if_mut(p) } else { p }
            }
            K::Dot(..) | K::Index(..) => {
                let p = self.place(e, false);
                self.deref(p, span)
            }
            K::Cast(x, t) => {
                let int = self.infer.fresh(VarKind::Int, span);
                let x = self.exp_expect(x, &int, "a cast (integers only)");
                let target = self.resolve_type(t);
                if !target.is_integer() && target != Type::Error {
                    self.error(
                        Code::TypeMismatch,
                        format!("cannot cast to `{}`", self.show(&target)),
                        t.span,
                        "casts are between integer types",
                    );
                    return Self::error_exp(span);
                }
                Self::mk(ExpKind::Cast(Box::new(x)), target, span)
            }
            K::Annotate(x, t) => {
                let t = self.resolve_type(t);
                self.exp_expect(x, &t, "the type annotation")
            }
            K::Test(x, variants) => self.test_variants(x, variants, span),
        }
    }

    /// `e is V1 | V2`: `e` (a value or reference of an enum type) is borrowed and tested.
    fn test_variants(&mut self, x: &ast::Exp, variants: &[ast::Type], span: Span) -> Exp {
        let r = self.place(x, false);
        let r = self.freeze_if_mut(r);
        let enum_ty = match self.infer.shallow(&r.ty) {
            Type::Ref(_, t) => self.infer.shallow(&t),
            _ => Type::Error,
        };
        let Type::Struct(id, targs) = enum_ty else {
            if enum_ty != Type::Error {
                let shown = self.show(&enum_ty);
                self.error(
                    Code::TypeMismatch,
                    format!("`is` needs an enum value, found `{shown}`"),
                    x.span,
                    "not an enum",
                );
            }
            return Self::error_exp(span);
        };
        self.check_struct_access(id, span, "tested with `is`");
        let mut tags = Vec::new();
        for v in variants {
            let name = match &v.kind {
                ast::TypeKind::Apply(chain, args) if args.is_empty() => chain.last().value.clone(),
                _ => String::new(),
            };
            match self.variant_of(id, &name) {
                Some(tag) => tags.push(tag),
                None => {
                    let en = self.program.struct_decl(id).name.clone();
                    self.error(
                        Code::UnboundName,
                        format!("`{en}` has no variant `{name}`"),
                        v.span,
                        "unknown variant",
                    );
                }
            }
        }
        tags.sort_unstable();
        tags.dedup();
        Self::mk(
            ExpKind::TestVariant(id, targs, tags, Box::new(r)),
            Type::Bool,
            span,
        )
    }

    /// `match (e) { arms }` over an enum value or reference.
    fn match_exp(
        &mut self,
        scrutinee: &ast::Exp,
        arms: &[ast::MatchArm],
        expected: Option<&Type>,
        span: Span,
    ) -> Exp {
        let d = self.exp(scrutinee, None);
        let dty = d.ty.clone();
        let enum_id = match self.infer.shallow(&dty) {
            Type::Ref(_, t) => self.infer.shallow(&t),
            t => t,
        };
        let enum_id = match enum_id {
            Type::Struct(id, _)
                if matches!(
                    self.program.struct_decl(id).layout,
                    StructLayout::Variants(_)
                ) =>
            {
                Some(id)
            }
            Type::Error => None,
            other => {
                let shown = self.show(&other);
                self.error(
                    Code::TypeMismatch,
                    format!("`match` needs an enum value or reference, found `{shown}`"),
                    scrutinee.span,
                    "not an enum",
                );
                None
            }
        };
        let mut typed_arms: Vec<crate::tast::MatchArm> = Vec::new();
        let mut result: Option<Type> = None;
        for arm in arms {
            let mark = self.names.len();
            self.match_enum = enum_id;
            let pattern = self.bind_list(&arm.binds, &dty, true);
            self.match_enum = None;
            let guard = arm
                .guard
                .as_ref()
                .map(|g| self.exp_expect(g, &Type::Bool, "a match guard"));
            let mut body = self.exp(&arm.body, expected);
            match &result {
                None => result = Some(body.ty.clone()),
                Some(t) => {
                    let t = t.clone();
                    body = self.coerce(body, &t, "the type of the first match arm");
                }
            }
            self.names.truncate(mark);
            typed_arms.push(crate::tast::MatchArm {
                pattern,
                guard,
                body,
                span: arm.span,
            });
        }
        if let Some(id) = enum_id {
            self.check_exhaustive(id, &typed_arms, span);
        }
        let ty = result.unwrap_or_else(|| self.bottom(span));
        Self::mk(ExpKind::Match(Box::new(d), typed_arms), ty, span)
    }

    /// Every variant is covered by an unguarded arm whose sub-patterns cannot fail (or a
    /// catch-all arm). Nested patterns that together cover a variant are not combined: such a
    /// match needs a catch-all arm here (stricter than Aptos).
    fn check_exhaustive(&mut self, _id: StructId, arms: &[crate::tast::MatchArm], span: Span) {
        let rows: Vec<&Pattern> = arms
            .iter()
            .filter(|a| a.guard.is_none())
            .map(|a| &a.pattern)
            .collect();
        if let Some(witness) = crate::typing::exhaustive::missing(self.program, &rows) {
            self.error(
                Code::InvalidOperation,
                format!("`match` does not cover every value: `{witness}` is not matched"),
                span,
                "add the missing arms or a `_` arm",
            );
        }
    }

    fn value(&mut self, v: &ast::Value) -> Exp {
        let span = v.span;
        match &v.kind {
            ast::ValueKind::Bool(b) => {
                Self::mk(ExpKind::Value(ConstValue::Bool(*b)), Type::Bool, span)
            }
            ast::ValueKind::Address(a) => {
                match crate::expansion::resolve_address(a, self.options) {
                    Ok(addr) => Self::mk(
                        ExpKind::Value(ConstValue::Address(addr)),
                        Type::Address,
                        span,
                    ),
                    Err(d) => {
                        self.diags.push(d);
                        Self::error_exp(span)
                    }
                }
            }
            ast::ValueKind::ByteString(bytes) | ast::ValueKind::HexString(bytes) => Self::mk(
                ExpKind::Value(ConstValue::Vector(
                    bytes.iter().map(|b| ConstValue::U8(*b)).collect(),
                )),
                Type::Vector(Box::new(Type::U8)),
                span,
            ),
            ast::ValueKind::Num(text) => match parse_number(text) {
                Ok((n, Some(t))) => match int_value(n, &t) {
                    Some(c) => Self::mk(ExpKind::Value(c), t, span),
                    None => {
                        self.error(
                            Code::InvalidLiteral,
                            format!("`{text}` does not fit in `{}`", self.show(&t)),
                            span,
                            "out of range",
                        );
                        Self::error_exp(span)
                    }
                },
                Ok((n, None)) => {
                    let ty = self.infer.fresh(VarKind::Int, span);
                    let c = int_value(n, &Type::U256).expect("every parsed number fits u256");
                    Self::mk(ExpKind::Value(c), ty, span)
                }
                Err(msg) => {
                    self.error(Code::InvalidLiteral, msg, span, "invalid number");
                    Self::error_exp(span)
                }
            },
        }
    }

    fn name(
        &mut self,
        chain: &ast::NameAccessChain,
        targs: Option<&Vec<ast::Type>>,
        span: Span,
    ) -> Exp {
        if let Some(n) = chain.as_single()
            && let Some(id) = self.lookup(&n.value)
        {
            return self.use_local(id, UseKind::Infer, span);
        }
        let path = match self.scopes.split(self.scope(), chain, self.options) {
            Ok(p) => p,
            Err(d) => {
                self.diags.push(d);
                return Self::error_exp(span);
            }
        };
        // Constants of this module.
        let own_const = match path {
            Path::Single(n) => self.scope().consts.get(&n.value).copied(),
            Path::Member {
                module,
                name,
                rest: [],
            } if Some(module) == self.module => self.scope().consts.get(&name.value).copied(),
            _ => None,
        };
        if let Some(index) = own_const {
            return self.constant(index, span);
        }
        // A variant without fields.
        if let Some((id, Some(v))) = self.try_variant(&path) {
            return self.pack_fields(id, Some(v), targs, &[], span);
        }
        self.error(
            Code::UnboundName,
            format!("unbound name `{}`", chain_text(chain)),
            chain.span,
            "no variable or constant of this name",
        );
        Self::error_exp(span)
    }

    /// The struct (`S`, `m::S`) or enum variant (`E::V`, `m::E::V`) a path names.
    fn pack_target(&self, path: &Path<'_>) -> Option<(StructId, Option<u16>)> {
        match path {
            Path::Single(n) => self
                .scopes
                .single_struct(self.scope(), &n.value)
                .map(|s| (s, None)),
            Path::Member {
                module,
                name,
                rest: [],
            } => self
                .scopes
                .struct_in(*module, &name.value)
                .map(|s| (s, None)),
            _ => self.try_variant(path),
        }
    }

    fn try_variant(&self, path: &Path<'_>) -> Option<(StructId, Option<u16>)> {
        match path {
            Path::Member {
                module,
                name,
                rest: [v],
            } => {
                let s = self.scopes.struct_in(*module, &name.value)?;
                Some((s, Some(self.variant_of(s, &v.value)?)))
            }
            Path::TypeMember { ty, rest: [v] } => {
                let s = self.scopes.single_struct(self.scope(), &ty.value)?;
                Some((s, Some(self.variant_of(s, &v.value)?)))
            }
            _ => None,
        }
    }

    fn constant(&mut self, index: u32, span: Span) -> Exp {
        let ty = match self.module {
            Some(m) => self.program.module(m).constants[index as usize].ty.clone(),
            None => self
                .program
                .scripts
                .iter()
                .zip(&self.scopes.scripts)
                .find(|(_, s)| s.loc == self.base_scope.loc)
                .map(|(s, _)| s.constants[index as usize].ty.clone())
                .unwrap_or(Type::Error),
        };
        let value = match self.const_values {
            Some(values) => match values.get(&index) {
                Some(v) => Some(v.clone()),
                None => {
                    self.pending_constant = true;
                    return Self::error_exp(span);
                }
            },
            None => match self.module {
                Some(m) => self.program.module(m).constants[index as usize]
                    .value
                    .clone(),
                None => self
                    .program
                    .scripts
                    .iter()
                    .zip(&self.scopes.scripts)
                    .find(|(_, s)| s.loc == self.base_scope.loc)
                    .and_then(|(s, _)| s.constants[index as usize].value.clone()),
            },
        };
        match value {
            Some(v) => Self::mk(ExpKind::Value(v), ty, span),
            // The constant's own error was reported.
            None => Self::error_exp(span),
        }
    }

    fn macro_call(&mut self, name: &ast::NameAccessChain, args: &[ast::Exp], span: Span) -> Exp {
        if name.as_single().is_none_or(|n| n.value != "assert") {
            self.error(
                Code::UnboundName,
                format!("unknown macro `{}!`", chain_text(name)),
                name.span,
                "only `assert!` is a macro",
            );
            return Self::error_exp(span);
        }
        if args.len() != 2 {
            self.error(
                Code::ArityMismatch,
                format!(
                    "`assert!` takes a condition and an abort code, {} argument(s) given",
                    args.len()
                ),
                span,
                "expected `assert!(condition, code)`",
            );
            return Self::error_exp(span);
        }
        let cond = self.exp_expect(&args[0], &Type::Bool, "an `assert!` condition");
        let code = self.exp_expect(&args[1], &Type::U64, "an abort code");
        let abort_ty = self.bottom(args[1].span);
        let abort = Self::mk(ExpKind::Abort(Box::new(code)), abort_ty, args[1].span);
        Self::mk(
            ExpKind::IfElse(Box::new(cond), Box::new(Self::unit(span)), Box::new(abort)),
            Type::unit(),
            span,
        )
    }

    fn call(
        &mut self,
        name: &ast::NameAccessChain,
        targs: Option<&Vec<ast::Type>>,
        args: &[ast::Exp],
        span: Span,
    ) -> Exp {
        if let Some(n) = name.as_single() {
            if let Some(id) = self.find_local(&n.value)
                && matches!(self.infer.shallow(&self.local_ty(id)), Type::Fun(..))
            {
                self.used[id.0 as usize] = true;
                let callee = self.use_local(id, UseKind::Infer, n.span);
                return self.invoke(callee, args, span);
            }
            if self.scopes.single_fun(self.scope(), &n.value).is_none()
                && let Some(e) = self.builtin(&n.value, targs, args, span)
            {
                return e;
            }
        }
        let path = match self.scopes.split(self.scope(), name, self.options) {
            Ok(p) => p,
            Err(d) => {
                self.diags.push(d);
                return Self::error_exp(span);
            }
        };
        let fun = match path {
            Path::Single(n) => self.scopes.single_fun(self.scope(), &n.value),
            Path::Member {
                module,
                name,
                rest: [],
            } => self.scopes.fun_in(module, &name.value),
            _ => None,
        };
        if let Some(f) = fun {
            return self.call_fun(f, targs, None, args, span, name.span);
        }
        // Positional struct or variant construction: `P(a, b)`, `E::V(a)`.
        let target = self.pack_target(&path);
        if let Some((s, v)) = target {
            let fields: Vec<(Option<String>, &ast::Exp)> = args
                .iter()
                .enumerate()
                .map(|(i, a)| (Some(i.to_string()), a))
                .collect();
            return self.pack_fields(s, v, targs, &fields, span);
        }
        self.error(
            Code::UnboundName,
            format!("unbound function `{}`", chain_text(name)),
            name.span,
            "no function of this name is in scope",
        );
        for a in args {
            self.exp(a, None);
        }
        Self::error_exp(span)
    }

    fn check_call_visibility(&mut self, f: FunId, span: Span) {
        let decl = self.program.fun_decl(f);
        let callee_module = self.program.module(f.module);
        let same = Some(f.module) == self.module;
        let ok = same
            || match decl.visibility {
                Visibility::Public => true,
                Visibility::Private => false,
                Visibility::Friend => match self.module {
                    Some(m) => {
                        let me = &self.program.module(m).id;
                        callee_module.friends.iter().any(|(id, _)| id == me)
                    }
                    None => false,
                },
                Visibility::Package => {
                    self.module.is_some()
                        && callee_module.package == self.package
                        && self.module.map(|m| self.program.module(m).id.address)
                            == Some(callee_module.id.address)
                }
            };
        if !ok {
            let what = match decl.visibility {
                Visibility::Private => "private",
                Visibility::Friend => "friend-only",
                Visibility::Package => "package-only",
                Visibility::Public => "public",
            };
            self.diags.push(
                Diagnostic::error(
                    Code::Visibility,
                    format!(
                        "`{}::{}` is {what} and cannot be called here",
                        callee_module.id, decl.name
                    ),
                    span,
                    "not visible here",
                )
                .with_secondary(decl.name_span, "declared here"),
            );
        }
    }

    /// A call of `f` with `first` (an already typed receiver argument) and `args`.
    fn call_fun(
        &mut self,
        f: FunId,
        targs: Option<&Vec<ast::Type>>,
        first: Option<Exp>,
        args: &[ast::Exp],
        span: Span,
        name_span: Span,
    ) -> Exp {
        self.check_call_visibility(f, name_span);
        self.effects.calls.entry(f).or_insert(span);
        let decl = self.program.fun_decl(f);
        if decl.attrs.deprecated && self.program.module(f.module).package != self.package {
            self.diags.push(Diagnostic::warning(
                Code::DeprecatedUse,
                format!("`{}` is deprecated", decl.name),
                name_span,
                "deprecated",
            ));
        }
        let targs = self.type_args(targs, decl.type_params.len(), name_span, &decl.name.clone());
        let decl = self.program.fun_decl(f);
        let params: Vec<Type> = decl.params.iter().map(|(_, t)| t.subst(&targs)).collect();
        let returns: Vec<Type> = decl.returns.iter().map(|t| t.subst(&targs)).collect();
        let given = args.len() + usize::from(first.is_some());
        if given != params.len() {
            let name = decl.name.clone();
            self.error(
                Code::ArityMismatch,
                format!("`{name}` takes {} argument(s), {given} given", params.len()),
                span,
                "wrong number of arguments",
            );
        }
        let mut typed = Vec::with_capacity(params.len());
        let mut rest = params.iter();
        if let Some(x) = first {
            let p = rest.next().cloned().unwrap_or(Type::Error);
            typed.push(self.coerce(x, &p, "the receiver parameter"));
        }
        for a in args {
            let p = rest.next().cloned();
            typed.push(match p {
                Some(p) => self.exp_expect(a, &p, "the parameter's type"),
                None => self.exp(a, None),
            });
        }
        let ty = if returns.len() == 1 {
            returns[0].clone()
        } else {
            Type::Tuple(returns)
        };
        Self::mk(ExpKind::Call(f, targs, typed), ty, span)
    }

    fn invoke(&mut self, callee: Exp, args: &[ast::Exp], span: Span) -> Exp {
        match self.infer.shallow(&callee.ty) {
            Type::Fun(ps, r, _) => {
                if ps.len() != args.len() {
                    self.error(
                        Code::ArityMismatch,
                        format!(
                            "the function takes {} argument(s), {} given",
                            ps.len(),
                            args.len()
                        ),
                        span,
                        "wrong number of arguments",
                    );
                }
                let typed = args
                    .iter()
                    .enumerate()
                    .map(|(i, a)| match ps.get(i) {
                        Some(p) => self.exp_expect(a, p, "the function parameter's type"),
                        None => self.exp(a, None),
                    })
                    .collect();
                Self::mk(ExpKind::Invoke(Box::new(callee), typed), *r, span)
            }
            Type::Error => Self::error_exp(span),
            t => {
                let shown = self.show(&t);
                self.error(
                    Code::TypeMismatch,
                    format!("`{shown}` is not a function"),
                    callee.span,
                    "called here",
                );
                Self::error_exp(span)
            }
        }
    }

    fn builtin(
        &mut self,
        name: &str,
        targs: Option<&Vec<ast::Type>>,
        args: &[ast::Exp],
        span: Span,
    ) -> Option<Exp> {
        let op = match name {
            "move_to" => GlobalOp::MoveTo,
            "move_from" => GlobalOp::MoveFrom,
            "borrow_global" => GlobalOp::Borrow(false),
            "borrow_global_mut" => GlobalOp::Borrow(true),
            "exists" => GlobalOp::Exists,
            "freeze" => {
                if args.len() != 1 {
                    self.error(
                        Code::ArityMismatch,
                        "`freeze` takes one argument",
                        span,
                        "here",
                    );
                    return Some(Self::error_exp(span));
                }
                let inner = self.infer.fresh(VarKind::Any, span);
                let want = Type::Ref(true, Box::new(inner.clone()));
                let r = self.exp_expect(&args[0], &want, "`freeze` (a mutable reference)");
                return Some(Self::mk(
                    ExpKind::Freeze(Box::new(r)),
                    Type::Ref(false, Box::new(inner)),
                    span,
                ));
            }
            _ => return None,
        };
        let expected_args = if op == GlobalOp::MoveTo { 2 } else { 1 };
        if args.len() != expected_args {
            self.error(
                Code::ArityMismatch,
                format!(
                    "`{name}` takes {expected_args} argument(s), {} given",
                    args.len()
                ),
                span,
                "wrong number of arguments",
            );
            return Some(Self::error_exp(span));
        }
        let resource = match targs {
            Some(ts) if ts.len() == 1 => self.resolve_type(&ts[0]),
            Some(_) => {
                self.error(
                    Code::ArityMismatch,
                    format!("`{name}` takes one type argument"),
                    span,
                    "here",
                );
                Type::Error
            }
            None => self.infer.fresh(VarKind::Any, span),
        };
        let mut typed = Vec::new();
        if op == GlobalOp::MoveTo {
            let signer = Type::Ref(false, Box::new(Type::Signer));
            typed.push(self.exp_expect(&args[0], &signer, "`move_to`'s first argument"));
            typed.push(self.exp_expect(&args[1], &resource, "the resource type"));
        } else {
            typed.push(self.exp_expect(&args[0], &Type::Address, "a resource address"));
        }
        let ty = match op {
            GlobalOp::MoveTo => Type::unit(),
            GlobalOp::MoveFrom => resource.clone(),
            GlobalOp::Borrow(m) => Type::Ref(m, Box::new(resource.clone())),
            GlobalOp::Exists => Type::Bool,
        };
        Some(Self::mk(
            ExpKind::Global(op, PENDING, vec![resource], typed),
            ty,
            span,
        ))
    }

    fn method_call(
        &mut self,
        receiver: &ast::Exp,
        method: &ast::Name,
        targs: Option<&Vec<ast::Type>>,
        args: &[ast::Exp],
        span: Span,
    ) -> Exp {
        let recv = self.receiver(receiver);
        let recv_ty = match &recv {
            Recv::Local(id, _) => self.local_ty(*id),
            Recv::Place(p) => match self.infer.shallow(&p.ty) {
                Type::Ref(_, t) => *t,
                t => t,
            },
            Recv::Value(v) => v.ty.clone(),
        };
        let base = match self.infer.shallow(&recv_ty) {
            Type::Ref(_, t) => self.infer.shallow(&t),
            t => t,
        };
        let module = match &base {
            Type::Struct(id, _) => Some(id.module),
            Type::Vector(_) => self.std_module("vector"),
            _ => None,
        };
        let fun = module.and_then(|m| self.scopes.fun_in(m, &method.value));
        let Some(f) = fun else {
            let shown = self.show(&base);
            self.error(
                Code::UnboundName,
                format!("no function `{}` for receiver type `{shown}`", method.value),
                method.span,
                "unknown method",
            );
            for a in args {
                self.exp(a, None);
            }
            return Self::error_exp(span);
        };
        let decl = self.program.fun_decl(f);
        let Some((pname, pty)) = decl.params.first().cloned() else {
            self.error(
                Code::InvalidOperation,
                format!("`{}` has no `self` parameter", decl.name),
                method.span,
                "not a method",
            );
            return Self::error_exp(span);
        };
        if pname != "self" {
            let name = decl.name.clone();
            self.error(
                Code::InvalidOperation,
                format!("`{name}` cannot be called with receiver syntax: its first parameter is not `self`"),
                method.span,
                "not a method",
            );
        }
        let first = match pty {
            Type::Ref(m, _) => self.borrow_receiver(recv, m),
            _ => match recv {
                Recv::Local(id, s) => self.use_local(id, UseKind::Infer, s),
                Recv::Place(p) => {
                    let s = p.span;
                    self.deref(p, s)
                }
                Recv::Value(v) => {
                    if self.infer.shallow(&v.ty).is_ref() {
                        let s = v.span;
                        self.deref(v, s)
                    } else {
                        v
                    }
                }
            },
        };
        self.call_fun(f, targs, Some(first), args, span, method.span)
    }

    fn receiver(&mut self, e: &ast::Exp) -> Recv {
        match &e.kind {
            ast::ExpKind::Name(chain, None) if chain.as_single().is_some() => {
                let n = chain.as_single().expect("checked");
                match self.lookup(&n.value) {
                    Some(id) if !self.infer.shallow(&self.local_ty(id)).is_ref() => {
                        Recv::Local(id, e.span)
                    }
                    _ => Recv::Value(self.exp(e, None)),
                }
            }
            ast::ExpKind::Dot(..) | ast::ExpKind::Index(..) => Recv::Place(self.place(e, false)),
            _ => Recv::Value(self.exp(e, None)),
        }
    }

    fn borrow_receiver(&mut self, recv: Recv, mutable: bool) -> Exp {
        match recv {
            Recv::Local(id, span) => {
                let ty = Type::Ref(mutable, Box::new(self.local_ty(id)));
                Self::mk(ExpKind::BorrowLocal(mutable, id), ty, span)
            }
            Recv::Place(p) => {
                if mutable {
                    self.make_mut(p)
                } else {
                    self.freeze_if_mut(p)
                }
            }
            Recv::Value(v) => {
                if self.infer.shallow(&v.ty).is_ref() {
                    v
                } else {
                    self.borrow_temp(v, mutable)
                }
            }
        }
    }

    fn std_module(&self, name: &str) -> Option<ModuleIdx> {
        self.scopes.module_idx(&ModuleId {
            address: AccountAddress::ONE,
            name: name.to_string(),
        })
    }

    fn pack(
        &mut self,
        chain: &ast::NameAccessChain,
        targs: Option<&Vec<ast::Type>>,
        fields: &[(ast::Name, ast::Exp)],
        span: Span,
    ) -> Exp {
        let Some((id, variant)) = self.resolve_pack_target(chain) else {
            for (_, e) in fields {
                self.exp(e, None);
            }
            return Self::error_exp(span);
        };
        let fields: Vec<(Option<String>, &ast::Exp)> = fields
            .iter()
            .map(|(n, e)| (Some(n.value.clone()), e))
            .collect();
        self.pack_fields(id, variant, targs, &fields, span)
    }

    /// Packs a struct or variant from fields given by name (in source order).
    fn pack_fields(
        &mut self,
        id: StructId,
        variant: Option<u16>,
        targs: Option<&Vec<ast::Type>>,
        fields: &[(Option<String>, &ast::Exp)],
        span: Span,
    ) -> Exp {
        self.check_struct_access(id, span, "constructed");
        let decl = self.program.struct_decl(id);
        let name = decl.name.clone();
        let targs = self.type_args(targs, decl.type_params.len(), span, &name);
        let Some(decl_fields) = self.target_fields(id, variant, &targs, span, "constructed") else {
            return Self::error_exp(span);
        };
        let st = Type::Struct(id, targs.clone());
        self.instantiations.push((st.clone(), span));
        // Type in source order.
        let mut typed: Vec<Option<Exp>> = vec![None; decl_fields.len()];
        let mut order = Vec::new();
        for (fname, e) in fields {
            let fname = fname.as_deref().unwrap_or("");
            match decl_fields.iter().position(|(n, _)| n == fname) {
                Some(i) if typed[i].is_none() => {
                    let ft = decl_fields[i].1.clone();
                    typed[i] = Some(self.exp_expect(e, &ft, "the field's type"));
                    order.push(i);
                }
                Some(_) => {
                    self.error(
                        Code::DuplicateDeclaration,
                        format!("field `{fname}` given twice"),
                        e.span,
                        "again here",
                    );
                    self.exp(e, None);
                }
                None => {
                    self.error(
                        Code::UnboundName,
                        format!("`{name}` has no field `{fname}`"),
                        e.span,
                        "unknown field",
                    );
                    self.exp(e, None);
                }
            }
        }
        let missing: Vec<&str> = decl_fields
            .iter()
            .zip(&typed)
            .filter(|(_, t)| t.is_none())
            .map(|((n, _), _)| n.as_str())
            .collect();
        if !missing.is_empty() {
            self.error(
                Code::ArityMismatch,
                format!("missing field(s) of `{name}`: {}", missing.join(", ")),
                span,
                "every field must be given",
            );
            return Self::error_exp(span);
        }
        let in_order = order.windows(2).all(|w| w[0] < w[1]);
        let kind = |values: Vec<Exp>| match variant {
            None => ExpKind::Pack(id, targs.clone(), values),
            Some(v) => ExpKind::PackVariant(id, v, targs.clone(), values),
        };
        let values: Vec<Exp> = typed.into_iter().map(|t| t.expect("all present")).collect();
        if in_order {
            return Self::mk(kind(values), st, span);
        }
        // Keep source evaluation order: bind to temporaries first.
        let mut stmts = Vec::new();
        let mut temps = vec![LocalId(0); values.len()];
        let mut values: Vec<Option<Exp>> = values.into_iter().map(Some).collect();
        for &i in &order {
            let v = values[i].take().expect("each field once");
            let t = self.temp(v.ty.clone(), v.span);
            temps[i] = t;
            let pattern = Pattern {
                kind: PatternKind::Var(t),
                ty: v.ty.clone(),
                span: v.span,
            };
            stmts.push(Stmt::Let(pattern, Some(v), span));
        }
        let uses = temps
            .iter()
            .map(|t| Self::mk(ExpKind::Use(*t, UseKind::Move), self.local_ty(*t), span))
            .collect();
        let pack = Self::mk(kind(uses), st.clone(), span);
        Self::mk(ExpKind::Block(stmts, Box::new(pack)), st, span)
    }

    fn join(&mut self, t: Exp, f: Exp) -> (Exp, Exp) {
        let (a, b) = (self.infer.shallow(&t.ty), self.infer.shallow(&f.ty));
        let (t, f) = match (&a, &b) {
            (Type::Ref(true, _), Type::Ref(false, _)) => (self.freeze_if_mut(t), f),
            (Type::Ref(false, _), Type::Ref(true, _)) => (t, self.freeze_if_mut(f)),
            _ => (t, f),
        };
        if !self.infer.unify(&t.ty, &f.ty) {
            let (x, y) = (self.show(&t.ty), self.show(&f.ty));
            self.error(
                Code::TypeMismatch,
                format!("the branches of `if` have different types: `{x}` and `{y}`"),
                f.span,
                format!("this has type `{y}`"),
            );
        }
        (t, f)
    }

    fn open_loop(&mut self, label: Option<&ast::Name>) -> LoopId {
        let id = LoopId(self.next_loop);
        self.next_loop += 1;
        self.loops.push(LoopInfo {
            label: label.map(|l| l.value.clone()),
            id,
            has_break: false,
            lambda_depth: self.lambda_depth,
        });
        id
    }

    fn find_loop(&mut self, label: Option<&ast::Name>, span: Span) -> Option<usize> {
        let found = match label {
            Some(l) => self
                .loops
                .iter()
                .rposition(|i| i.label.as_deref() == Some(&l.value)),
            None => self.loops.len().checked_sub(1),
        };
        match found {
            None => {
                let msg = match label {
                    Some(l) => format!("no enclosing loop labelled `{}`", l.value),
                    None => "`break` or `continue` outside a loop".into(),
                };
                self.error(Code::InvalidOperation, msg, span, "no loop");
                None
            }
            Some(i) if self.loops[i].lambda_depth < self.lambda_depth => {
                self.error(
                    Code::InvalidLambda,
                    "`break` or `continue` inside a lambda cannot leave the lambda",
                    span,
                    "targets a loop outside the lambda",
                );
                None
            }
            Some(i) => Some(i),
        }
    }

    fn for_loop(
        &mut self,
        var: &ast::Name,
        lower: &ast::Exp,
        upper: &ast::Exp,
        body: &ast::Exp,
        span: Span,
    ) -> Exp {
        // { let i = lo; let $ub = hi; let $started = false;
        //   loop { if ($started) i = i + 1 else $started = true;
        //          if (i < $ub) body else break } }
        let int = self.infer.fresh(VarKind::Int, lower.span);
        let lo = self.exp_expect(lower, &int, "the loop's range");
        let hi = self.exp_expect(upper, &int, "the loop's range");
        let mark = self.names.len();
        let ub = self.temp(int.clone(), upper.span);
        let started = self.temp(Type::Bool, span);
        let i = self.declare(&var.value, int.clone(), var.span, true);
        self.used[i.0 as usize] = true;
        let id = self.open_loop(None);
        let body = self.exp_expect(body, &Type::unit(), "a loop body");
        self.loops.pop();
        self.names.truncate(mark);
        let var_pat = |id: LocalId, ty: &Type, s: Span| Pattern {
            kind: PatternKind::Var(id),
            ty: ty.clone(),
            span: s,
        };
        let use_copy =
            |id: LocalId, ty: &Type| Self::mk(ExpKind::Use(id, UseKind::Copy), ty.clone(), span);
        let one = Self::mk(
            ExpKind::Value(ConstValue::U256(
                lumio_move_core_types::int256::U256::from_u128(1),
            )),
            int.clone(),
            span,
        );
        let incr = Self::mk(
            ExpKind::Assign(
                var_pat(i, &int, span),
                Box::new(Self::mk(
                    ExpKind::Binary(BinOp::Add, Box::new(use_copy(i, &int)), Box::new(one)),
                    int.clone(),
                    span,
                )),
            ),
            Type::unit(),
            span,
        );
        let set_started = Self::mk(
            ExpKind::Assign(
                var_pat(started, &Type::Bool, span),
                Box::new(Self::mk(
                    ExpKind::Value(ConstValue::Bool(true)),
                    Type::Bool,
                    span,
                )),
            ),
            Type::unit(),
            span,
        );
        let step = Self::mk(
            ExpKind::IfElse(
                Box::new(use_copy(started, &Type::Bool)),
                Box::new(incr),
                Box::new(set_started),
            ),
            Type::unit(),
            span,
        );
        let cond = Self::mk(
            ExpKind::Binary(
                BinOp::Lt,
                Box::new(use_copy(i, &int)),
                Box::new(use_copy(ub, &int)),
            ),
            Type::Bool,
            span,
        );
        let brk_ty = self.bottom(span);
        let check = Self::mk(
            ExpKind::IfElse(
                Box::new(cond),
                Box::new(body),
                Box::new(Self::mk(ExpKind::Break(id), brk_ty, span)),
            ),
            Type::unit(),
            span,
        );
        let loop_body = Self::mk(
            ExpKind::Block(vec![Stmt::Exp(step)], Box::new(check)),
            Type::unit(),
            span,
        );
        let lp = Self::mk(ExpKind::Loop(id, Box::new(loop_body)), Type::unit(), span);
        let f = Self::mk(ExpKind::Value(ConstValue::Bool(false)), Type::Bool, span);
        Self::mk(
            ExpKind::Block(
                vec![
                    Stmt::Let(var_pat(i, &int, var.span), Some(lo), span),
                    Stmt::Let(var_pat(ub, &int, upper.span), Some(hi), span),
                    Stmt::Let(var_pat(started, &Type::Bool, span), Some(f), span),
                ],
                Box::new(lp),
            ),
            Type::unit(),
            span,
        )
    }

    fn lambda(
        &mut self,
        params: &[ast::TypedBind],
        body: &ast::Exp,
        expected: Option<&Type>,
        span: Span,
    ) -> Exp {
        let Some(Type::Fun(ps, r, abilities)) = expected.map(|t| self.infer.shallow(t)) else {
            self.error(
                Code::InvalidLambda,
                "a lambda can only be passed to a function parameter of an inline function",
                span,
                "lambda not allowed here",
            );
            return Self::error_exp(span);
        };
        if ps.len() != params.len() {
            self.error(
                Code::ArityMismatch,
                format!(
                    "the lambda takes {} parameter(s), {} expected",
                    params.len(),
                    ps.len()
                ),
                span,
                "wrong number of parameters",
            );
            return Self::error_exp(span);
        }
        let mark = self.names.len();
        let mut pats = Vec::new();
        for (p, t) in params.iter().zip(&ps) {
            if let Some(annot) = &p.ty {
                let a = self.resolve_type(annot);
                if !self.infer.unify(&a, t) {
                    self.mismatch(t, &a, annot.span, "the lambda parameter's expected type");
                }
            }
            pats.push(self.bind(&p.bind, t, true));
        }
        self.lambda_depth += 1;
        let b = self.exp_expect(body, &r, "the lambda's result type");
        self.lambda_depth -= 1;
        self.names.truncate(mark);
        Self::mk(
            ExpKind::Lambda(pats, Box::new(b)),
            Type::Fun(ps, r, abilities),
            span,
        )
    }

    fn assign(
        &mut self,
        lhs: &ast::Exp,
        op: Option<ast::BinOp>,
        rhs: &ast::Exp,
        span: Span,
    ) -> Exp {
        use ast::ExpKind as K;
        if let Some(op) = op {
            return self.compound_assign(lhs, op, rhs, span);
        }
        match &lhs.kind {
            K::Dereference(r) => {
                let value = self.exp(rhs, None);
                let r = self.exp(r, None);
                self.mutate(value, r, span)
            }
            K::Dot(..) | K::Index(..) => {
                let value = self.exp(rhs, None);
                let p = self.place(lhs, true);
                self.mutate(value, p, span)
            }
            _ => {
                let value = self.exp(rhs, None);
                let pattern = self.lvalue(lhs, &value.ty);
                Self::mk(
                    ExpKind::Assign(pattern, Box::new(value)),
                    Type::unit(),
                    span,
                )
            }
        }
    }

    fn mutate(&mut self, value: Exp, reference: Exp, span: Span) -> Exp {
        let inner = self.infer.fresh(VarKind::Any, span);
        let want = Type::Ref(true, Box::new(inner.clone()));
        let reference = self.coerce(
            reference,
            &want,
            "an assignment through a reference (needs `&mut`)",
        );
        let value = self.coerce(value, &inner, "the referenced type");
        self.need(
            &inner,
            Ability::Drop,
            span,
            "the value overwritten by an assignment through a reference",
        );
        Self::mk(
            ExpKind::Mutate {
                value: Box::new(value),
                reference: Box::new(reference),
            },
            Type::unit(),
            span,
        )
    }

    fn compound_assign(
        &mut self,
        lhs: &ast::Exp,
        op: ast::BinOp,
        rhs: &ast::Exp,
        span: Span,
    ) -> Exp {
        let Some(bin) = self.arith_op(op) else {
            self.error(
                Code::InvalidOperation,
                format!("`{}=` is not an assignment operator", op.as_str()),
                span,
                "here",
            );
            return Self::error_exp(span);
        };
        if let ast::ExpKind::Name(chain, None) = &lhs.kind
            && let Some(n) = chain.as_single()
            && let Some(id) = self.lookup(&n.value)
            && !self.infer.shallow(&self.local_ty(id)).is_ref()
        {
            // x op= e  ==>  x = x op e
            let ty = self.local_ty(id);
            let current = Self::mk(ExpKind::Use(id, UseKind::Copy), ty.clone(), lhs.span);
            let value = self.binary_typed(bin, current, rhs, span);
            let pattern = Pattern {
                kind: PatternKind::Var(id),
                ty: ty.clone(),
                span: lhs.span,
            };
            let value = self.coerce(value, &ty, "the variable's type");
            return Self::mk(
                ExpKind::Assign(pattern, Box::new(value)),
                Type::unit(),
                span,
            );
        }
        // place op= e  ==>  { let $r = &mut place; *$r = *$r op e }
        let reference = match &lhs.kind {
            ast::ExpKind::Dereference(r) => self.exp(r, None),
            _ => self.place(lhs, true),
        };
        let inner = self.infer.fresh(VarKind::Any, span);
        let reference = self.coerce(
            reference,
            &Type::Ref(true, Box::new(inner.clone())),
            "a compound assignment (needs `&mut`)",
        );
        let rty = reference.ty.clone();
        let r = self.temp(rty.clone(), lhs.span);
        let read = Self::mk(
            ExpKind::Deref(Box::new(Self::mk(
                ExpKind::Use(r, UseKind::Copy),
                rty.clone(),
                lhs.span,
            ))),
            inner.clone(),
            lhs.span,
        );
        let value = self.binary_typed(bin, read, rhs, span);
        let value = self.coerce(value, &inner, "the referenced type");
        let write = Self::mk(
            ExpKind::Mutate {
                value: Box::new(value),
                reference: Box::new(Self::mk(
                    ExpKind::Use(r, UseKind::Move),
                    rty.clone(),
                    lhs.span,
                )),
            },
            Type::unit(),
            span,
        );
        let pattern = Pattern {
            kind: PatternKind::Var(r),
            ty: rty,
            span: lhs.span,
        };
        Self::mk(
            ExpKind::Block(
                vec![Stmt::Let(pattern, Some(reference), span)],
                Box::new(write),
            ),
            Type::unit(),
            span,
        )
    }

    /// The left side of a plain assignment as a pattern over existing locals.
    fn lvalue(&mut self, lhs: &ast::Exp, ty: &Type) -> Pattern {
        use ast::ExpKind as K;
        let span = lhs.span;
        match &lhs.kind {
            K::Name(chain, None) if chain.as_single().is_some() => {
                let n = chain.as_single().expect("checked");
                let b = ast::Bind {
                    kind: ast::BindKind::Var(n.clone()),
                    span,
                };
                self.bind(&b, ty, false)
            }
            K::ExpList(items) => {
                let tys: Vec<Type> = items
                    .iter()
                    .map(|i| self.infer.fresh(VarKind::Any, i.span))
                    .collect();
                let tuple = Type::Tuple(tys.clone());
                if !self.infer.unify(ty, &tuple) {
                    self.mismatch(&tuple, ty, span, "the assigned tuple");
                }
                let pats = items
                    .iter()
                    .zip(&tys)
                    .map(|(i, t)| self.lvalue(i, t))
                    .collect();
                Pattern {
                    kind: PatternKind::Tuple(pats),
                    ty: tuple,
                    span,
                }
            }
            K::Unit => {
                if !self.infer.unify(ty, &Type::unit()) {
                    self.mismatch(&Type::unit(), ty, span, "the assigned unit");
                }
                Pattern {
                    kind: PatternKind::Tuple(Vec::new()),
                    ty: Type::unit(),
                    span,
                }
            }
            K::Pack(chain, targs, fields) => {
                // `S { f: x, g } = e`: a pattern over existing locals.
                let binds = fields
                    .iter()
                    .map(|(n, e)| {
                        let b = self.exp_as_bind(e).unwrap_or(ast::Bind {
                            kind: ast::BindKind::Var(ast::Name {
                                value: "_".into(),
                                span: e.span,
                            }),
                            span: e.span,
                        });
                        ast::FieldBind::Field(n.clone(), b)
                    })
                    .collect();
                self.unpack(
                    &ast::Bind {
                        kind: ast::BindKind::Var(ast::Name {
                            value: "_".into(),
                            span,
                        }),
                        span,
                    },
                    chain,
                    targs.as_ref(),
                    &ast::BindFields::Named(binds),
                    ty,
                    false,
                )
            }
            _ => {
                self.error(
                    Code::InvalidOperation,
                    "invalid assignment target",
                    span,
                    "cannot assign to this",
                );
                Pattern {
                    kind: PatternKind::Wildcard,
                    ty: Type::Error,
                    span,
                }
            }
        }
    }

    fn exp_as_bind(&mut self, e: &ast::Exp) -> Option<ast::Bind> {
        match &e.kind {
            ast::ExpKind::Name(chain, None) => chain.as_single().map(|n| ast::Bind {
                kind: ast::BindKind::Var(n.clone()),
                span: e.span,
            }),
            _ => {
                self.error(
                    Code::InvalidOperation,
                    "only variables can be assigned in a struct pattern",
                    e.span,
                    "here",
                );
                None
            }
        }
    }

    fn arith_op(&self, op: ast::BinOp) -> Option<BinOp> {
        use ast::BinOp as A;
        Some(match op {
            A::Add => BinOp::Add,
            A::Sub => BinOp::Sub,
            A::Mul => BinOp::Mul,
            A::Div => BinOp::Div,
            A::Mod => BinOp::Mod,
            A::BitOr => BinOp::BitOr,
            A::BitAnd => BinOp::BitAnd,
            A::Xor => BinOp::Xor,
            A::Shl => BinOp::Shl,
            A::Shr => BinOp::Shr,
            _ => return None,
        })
    }

    fn binary(&mut self, a: &ast::Exp, op: ast::BinOp, b: &ast::Exp, span: Span) -> Exp {
        use ast::BinOp as A;
        let bin = match op {
            A::Implies | A::Iff | A::Range => {
                self.error(
                    Code::InvalidOperation,
                    format!(
                        "`{}` is only allowed in specifications{}",
                        op.as_str(),
                        if op == A::Range {
                            " and `for` loops"
                        } else {
                            ""
                        }
                    ),
                    span,
                    "not allowed here",
                );
                return Self::error_exp(span);
            }
            A::Or => BinOp::Or,
            A::And => BinOp::And,
            A::Eq => BinOp::Eq,
            A::Neq => BinOp::Neq,
            A::Lt => BinOp::Lt,
            A::Gt => BinOp::Gt,
            A::Le => BinOp::Le,
            A::Ge => BinOp::Ge,
            other => self.arith_op(other).expect("arithmetic operators covered"),
        };
        let left = self.exp(a, None);
        self.binary_typed(bin, left, b, span)
    }

    fn binary_typed(&mut self, op: BinOp, left: Exp, b: &ast::Exp, span: Span) -> Exp {
        use BinOp::*;
        match op {
            And | Or => {
                let left = self.coerce(left, &Type::Bool, "a boolean operator");
                let right = self.exp_expect(b, &Type::Bool, "a boolean operator");
                Self::mk(
                    ExpKind::Binary(op, Box::new(left), Box::new(right)),
                    Type::Bool,
                    span,
                )
            }
            Eq | Neq => {
                let right = self.exp(b, None);
                let (left, right) =
                    match (self.infer.shallow(&left.ty), self.infer.shallow(&right.ty)) {
                        (Type::Ref(true, _), Type::Ref(false, _)) => {
                            (self.freeze_if_mut(left), right)
                        }
                        (Type::Ref(false, _), Type::Ref(true, _)) => {
                            (left, self.freeze_if_mut(right))
                        }
                        _ => (left, right),
                    };
                if !self.infer.unify(&left.ty, &right.ty) {
                    self.mismatch(
                        &left.ty,
                        &right.ty,
                        right.span,
                        "the other operand of the comparison",
                    );
                }
                if !self.infer.shallow(&left.ty).is_ref() {
                    self.need(
                        &left.ty,
                        Ability::Drop,
                        span,
                        "an equality comparison (consumes both operands)",
                    );
                }
                Self::mk(
                    ExpKind::Binary(op, Box::new(left), Box::new(right)),
                    Type::Bool,
                    span,
                )
            }
            Shl | Shr => {
                let int = self.infer.fresh(VarKind::Int, left.span);
                let left = self.coerce(left, &int, "a shift (integers only)");
                let right = self.exp_expect(b, &Type::U8, "a shift amount");
                Self::mk(
                    ExpKind::Binary(op, Box::new(left), Box::new(right)),
                    int,
                    span,
                )
            }
            Lt | Gt | Le | Ge => {
                let int = self.infer.fresh(VarKind::Int, left.span);
                let left = self.coerce(left, &int, "a comparison (integers only)");
                let right = self.exp_expect(b, &int, "the other operand of the comparison");
                Self::mk(
                    ExpKind::Binary(op, Box::new(left), Box::new(right)),
                    Type::Bool,
                    span,
                )
            }
            _ => {
                let int = self.infer.fresh(VarKind::Int, left.span);
                let left = self.coerce(left, &int, "an arithmetic operator (integers only)");
                let right = self.exp_expect(b, &int, "the other operand");
                Self::mk(
                    ExpKind::Binary(op, Box::new(left), Box::new(right)),
                    int,
                    span,
                )
            }
        }
    }

    fn deref(&mut self, r: Exp, span: Span) -> Exp {
        match self.infer.shallow(&r.ty) {
            Type::Ref(_, inner) => {
                self.need(
                    &inner,
                    Ability::Copy,
                    span,
                    "reading a value through a reference (a copy)",
                );
                Self::mk(ExpKind::Deref(Box::new(r)), *inner, span)
            }
            Type::Error => Self::error_exp(span),
            t => {
                let shown = self.show(&t);
                self.error(
                    Code::TypeMismatch,
                    format!("cannot dereference `{shown}`: not a reference"),
                    r.span,
                    "not a reference",
                );
                Self::error_exp(span)
            }
        }
    }

    fn freeze_if_mut(&mut self, e: Exp) -> Exp {
        match self.infer.shallow(&e.ty) {
            Type::Ref(true, inner) => {
                let span = e.span;
                Self::mk(ExpKind::Freeze(Box::new(e)), Type::Ref(false, inner), span)
            }
            _ => e,
        }
    }

    fn borrow_temp(&mut self, v: Exp, mutable: bool) -> Exp {
        let span = v.span;
        let ty = v.ty.clone();
        let t = self.temp(ty.clone(), span);
        let pattern = Pattern {
            kind: PatternKind::Var(t),
            ty: ty.clone(),
            span,
        };
        let rty = Type::Ref(mutable, Box::new(ty));
        Self::mk(
            ExpKind::Block(
                vec![Stmt::Let(pattern, Some(v), span)],
                Box::new(Self::mk(
                    ExpKind::BorrowLocal(mutable, t),
                    rty.clone(),
                    span,
                )),
            ),
            rty,
            span,
        )
    }

    /// A reference to the place `e` denotes (a local, a field path, a vector element, a
    /// resource), or to a temporary holding `e`'s value.
    fn place(&mut self, e: &ast::Exp, mutable: bool) -> Exp {
        stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || {
            self.place_inner(e, mutable)
        })
    }

    fn place_inner(&mut self, e: &ast::Exp, mutable: bool) -> Exp {
        use ast::ExpKind as K;
        let span = e.span;
        match &e.kind {
            K::Name(chain, None) if chain.as_single().is_some() => {
                let n = chain.as_single().expect("checked");
                if let Some(id) = self.lookup(&n.value) {
                    let ty = self.local_ty(id);
                    return match self.infer.shallow(&ty) {
                        Type::Ref(m, _) => {
                            if mutable && !m {
                                self.error(
                                    Code::TypeMismatch,
                                    format!("`{}` is an immutable reference", n.value),
                                    span,
                                    "cannot mutate through it",
                                );
                                return Self::error_exp(span);
                            }
                            self.use_local(id, UseKind::Infer, span)
                        }
                        _ => Self::mk(
                            ExpKind::BorrowLocal(mutable, id),
                            Type::Ref(mutable, Box::new(ty)),
                            span,
                        ),
                    };
                }
            }
            K::Dot(base, field) => {
                let b = self.place(base, mutable);
                return self.borrow_field(b, field, mutable, span);
            }
            K::Index(base, index) => {
                if let K::Name(chain, targs) = &base.kind
                    && !chain
                        .as_single()
                        .is_some_and(|n| self.names.iter().any(|(x, _)| *x == n.value))
                    && let Ok(id) = self
                        .scopes
                        .resolve_struct(self.scope(), chain, self.options)
                {
                    // R[addr]
                    let decl = self.program.struct_decl(id);
                    let name = decl.name.clone();
                    let targs =
                        self.type_args(targs.as_ref(), decl.type_params.len(), chain.span, &name);
                    let resource = Type::Struct(id, targs);
                    let addr = self.exp_expect(index, &Type::Address, "a resource address");
                    return Self::mk(
                        ExpKind::Global(
                            GlobalOp::Borrow(mutable),
                            PENDING,
                            vec![resource.clone()],
                            vec![addr],
                        ),
                        Type::Ref(mutable, Box::new(resource)),
                        span,
                    );
                }
                let v = self.place(base, mutable);
                return self.vector_element(v, index, mutable, span);
            }
            K::Dereference(r) => {
                let r = self.exp(r, None);
                if let Type::Ref(m, _) = self.infer.shallow(&r.ty) {
                    if mutable && !m {
                        self.error(
                            Code::TypeMismatch,
                            "cannot mutate through an immutable reference",
                            span,
                            "immutable",
                        );
                    }
                    return r;
                }
                let shown = self.show(&r.ty);
                self.error(
                    Code::TypeMismatch,
                    format!("cannot dereference `{shown}`"),
                    span,
                    "not a reference",
                );
                return Self::error_exp(span);
            }
            _ => {}
        }
        let v = self.exp(e, None);
        match self.infer.shallow(&v.ty) {
            Type::Ref(m, _) => {
                if mutable && !m {
                    self.error(
                        Code::TypeMismatch,
                        "cannot mutate through an immutable reference",
                        span,
                        "immutable",
                    );
                }
                v
            }
            Type::Error => v,
            _ => self.borrow_temp(v, mutable),
        }
    }

    fn borrow_field(&mut self, base: Exp, field: &ast::Name, mutable: bool, span: Span) -> Exp {
        let st = match self.infer.shallow(&base.ty) {
            Type::Ref(m, inner) => {
                if mutable && !m {
                    self.error(
                        Code::TypeMismatch,
                        "cannot mutably borrow a field through an immutable reference",
                        span,
                        "immutable",
                    );
                }
                self.infer.shallow(&inner)
            }
            Type::Error => return Self::error_exp(span),
            t => t,
        };
        let Type::Struct(id, targs) = st else {
            if st != Type::Error {
                let shown = self.show(&st);
                self.error(
                    Code::TypeMismatch,
                    format!("`{shown}` has no fields"),
                    base.span,
                    "not a struct",
                );
            }
            return Self::error_exp(span);
        };
        self.check_struct_access(id, span, "accessed (fields)");
        let decl = self.program.struct_decl(id);
        let fields = match &decl.layout {
            StructLayout::Fields(fields) => fields,
            StructLayout::Variants(vs) => {
                // `e.f` on an enum: the variants that have `f` (at one position, of one type);
                // reading it from another variant aborts at run time.
                let mut found: Vec<(u16, usize, Type)> = Vec::new();
                for (vi, v) in vs.iter().enumerate() {
                    if let Some(pos) = v.fields.iter().position(|f| f.name == field.value) {
                        found.push((vi as u16, pos, v.fields[pos].ty.clone()));
                    }
                }
                let name = decl.name.clone();
                let Some((_, pos, fty)) = found.first().cloned() else {
                    self.error(
                        Code::UnboundName,
                        format!("no variant of `{name}` has a field `{}`", field.value),
                        field.span,
                        "unknown field",
                    );
                    return Self::error_exp(span);
                };
                if found.iter().any(|(_, p, t)| *p != pos || *t != fty) {
                    self.error(
                        Code::InvalidOperation,
                        format!(
                            "the variants of `{name}` have field `{}` at different positions or with different types",
                            field.value
                        ),
                        field.span,
                        "use `match` to read it",
                    );
                    return Self::error_exp(span);
                }
                let fty = fty.subst(&targs);
                return Self::mk(
                    ExpKind::BorrowVariantField {
                        mutable,
                        base: Box::new(base),
                        struct_id: id,
                        type_args: targs,
                        variants: found.iter().map(|(v, _, _)| *v).collect(),
                        field: pos as u16,
                    },
                    Type::Ref(mutable, Box::new(fty)),
                    span,
                );
            }
            StructLayout::Native => {
                let name = decl.name.clone();
                self.error(
                    Code::InvalidOperation,
                    format!("native struct `{name}` has no fields"),
                    span,
                    "no fields",
                );
                return Self::error_exp(span);
            }
        };
        let Some(index) = fields.iter().position(|f| f.name == field.value) else {
            let name = decl.name.clone();
            self.error(
                Code::UnboundName,
                format!("`{name}` has no field `{}`", field.value),
                field.span,
                "unknown field",
            );
            return Self::error_exp(span);
        };
        let fty = fields[index].ty.subst(&targs);
        Self::mk(
            ExpKind::BorrowField {
                mutable,
                base: Box::new(base),
                struct_id: id,
                type_args: targs,
                field: index as u16,
            },
            Type::Ref(mutable, Box::new(fty)),
            span,
        )
    }

    fn vector_element(&mut self, v: Exp, index: &ast::Exp, mutable: bool, span: Span) -> Exp {
        let Some(vm) = self.std_module("vector") else {
            self.error(
                Code::UnboundName,
                "index notation needs the `std::vector` module",
                span,
                "no `0x1::vector` in the program",
            );
            return Self::error_exp(span);
        };
        let fname = if mutable { "borrow_mut" } else { "borrow" };
        let Some(f) = self.scopes.fun_in(vm, fname) else {
            self.error(
                Code::UnboundName,
                format!("`std::vector::{fname}` not found"),
                span,
                "needed by index notation",
            );
            return Self::error_exp(span);
        };
        let elem = self.infer.fresh(VarKind::Any, span);
        let want = Type::Ref(mutable, Box::new(Type::Vector(Box::new(elem.clone()))));
        let v = self.coerce(v, &want, "index notation (a vector)");
        let i = self.exp_expect(index, &Type::U64, "a vector index");
        self.effects.calls.entry(f).or_insert(span);
        Self::mk(
            ExpKind::Call(f, vec![elem.clone()], vec![v, i]),
            Type::Ref(mutable, Box::new(elem)),
            span,
        )
    }

    /// Turns an immutable place reference into a mutable one (for `&mut` receivers).
    fn make_mut(&mut self, e: Exp) -> Exp {
        let span = e.span;
        let inner = match self.infer.shallow(&e.ty) {
            Type::Ref(true, _) => return e,
            Type::Ref(false, t) => *t,
            _ => return e,
        };
        let ty = Type::Ref(true, Box::new(inner));
        let kind = match e.kind {
            ExpKind::BorrowLocal(false, id) => ExpKind::BorrowLocal(true, id),
            ExpKind::BorrowField {
                base,
                struct_id,
                type_args,
                field,
                ..
            } => ExpKind::BorrowField {
                mutable: true,
                base: Box::new(self.make_mut(*base)),
                struct_id,
                type_args,
                field,
            },
            ExpKind::Global(GlobalOp::Borrow(false), s, ts, args) => {
                ExpKind::Global(GlobalOp::Borrow(true), s, ts, args)
            }
            ExpKind::Call(f, ts, mut args) if self.is_vector_borrow(f) => {
                let vm = f.module;
                let bm = self.scopes.fun_in(vm, "borrow_mut").unwrap_or(f);
                if !args.is_empty() {
                    let v = args.remove(0);
                    args.insert(0, self.make_mut(v));
                }
                ExpKind::Call(bm, ts, args)
            }
            ExpKind::Freeze(inner) => return *inner,
            ExpKind::Block(stmts, last) if matches!(last.kind, ExpKind::BorrowLocal(false, _)) => {
                let ExpKind::BorrowLocal(_, t) = last.kind else {
                    unreachable!("matched")
                };
                ExpKind::Block(
                    stmts,
                    Box::new(Self::mk(ExpKind::BorrowLocal(true, t), ty.clone(), span)),
                )
            }
            other => {
                self.error(
                    Code::TypeMismatch,
                    "a mutable reference is needed, but this is immutable",
                    span,
                    "immutable",
                );
                other
            }
        };
        Self::mk(kind, ty, span)
    }

    fn is_vector_borrow(&self, f: FunId) -> bool {
        Some(f.module) == self.std_module("vector") && self.program.fun_decl(f).name == "borrow"
    }

    // ---------------------------------------------------------------- finishing

    /// Replaces inference variables everywhere, converts literals to their final width,
    /// completes storage operations, and records the checks that need final types.
    fn finish_exp(&mut self, e: &mut Exp) {
        let mut unsolved = Vec::new();
        self.finish_rec(e, &mut unsolved);
        self.report_unsolved(unsolved);
    }

    fn report_unsolved(&mut self, unsolved: Vec<(u32, Span)>) {
        for (_, span) in unsolved {
            self.error(
                Code::CannotInferType,
                "cannot infer this type",
                span,
                "add a type annotation or type arguments",
            );
        }
    }

    fn finish_locals(&mut self) {
        // Locals whose type is unsolved were reported through their uses (or are unused).
        let mut unsolved = Vec::new();
        for i in 0..self.locals.len() {
            let t = self.infer.finish(&self.locals[i].ty, &mut unsolved);
            self.locals[i].ty = t;
        }
    }

    fn finish_ty(&self, t: &mut Type, unsolved: &mut Vec<(u32, Span)>) {
        *t = self.infer.finish(t, unsolved);
    }

    fn finish_pattern(&mut self, p: &mut Pattern, unsolved: &mut Vec<(u32, Span)>) {
        self.finish_ty(&mut p.ty, unsolved);
        match &mut p.kind {
            PatternKind::Var(_) | PatternKind::Wildcard => {}
            PatternKind::Struct(id, ts, ps) | PatternKind::Variant(id, _, ts, ps) => {
                for t in ts.iter_mut() {
                    self.finish_ty(t, unsolved);
                }
                self.instantiations
                    .push((Type::Struct(*id, ts.clone()), p.span));
                for q in ps {
                    self.finish_pattern(q, unsolved);
                }
            }
            PatternKind::Tuple(ps) => {
                for q in ps {
                    self.finish_pattern(q, unsolved);
                }
            }
        }
    }

    fn finish_rec(&mut self, e: &mut Exp, unsolved: &mut Vec<(u32, Span)>) {
        stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || {
            self.finish_inner(e, unsolved);
        });
    }

    fn finish_inner(&mut self, e: &mut Exp, unsolved: &mut Vec<(u32, Span)>) {
        self.finish_ty(&mut e.ty, unsolved);
        let span = e.span;
        match &mut e.kind {
            ExpKind::Value(v) => {
                if let ConstValue::U256(x) = v
                    && e.ty != Type::U256
                    && e.ty.is_integer()
                {
                    let n = ruint::aliases::U256::from_le_bytes(x.to_le_bytes());
                    match int_value(n, &e.ty) {
                        Some(c) => *v = c,
                        None => {
                            let t = self.show_resolved(&e.ty);
                            self.error(
                                Code::InvalidLiteral,
                                format!("`{n}` does not fit in `{t}`"),
                                span,
                                "out of range",
                            );
                        }
                    }
                }
            }
            ExpKind::Use(..)
            | ExpKind::BorrowLocal(..)
            | ExpKind::Break(_)
            | ExpKind::Continue(_) => {}
            ExpKind::BorrowField {
                base, type_args, ..
            }
            | ExpKind::BorrowVariantField {
                base, type_args, ..
            } => {
                for t in type_args.iter_mut() {
                    self.finish_ty(t, unsolved);
                }
                self.finish_rec(base, unsolved);
            }
            ExpKind::Deref(x)
            | ExpKind::Freeze(x)
            | ExpKind::Not(x)
            | ExpKind::Cast(x)
            | ExpKind::Return(x)
            | ExpKind::Abort(x) => self.finish_rec(x, unsolved),
            ExpKind::Mutate { value, reference } => {
                self.finish_rec(value, unsolved);
                self.finish_rec(reference, unsolved);
            }
            ExpKind::Call(f, ts, args) => {
                for t in ts.iter_mut() {
                    self.finish_ty(t, unsolved);
                    let mut d = Vec::new();
                    crate::expansion::decls::check_type_argument(t, span, &mut d);
                    self.diags.extend(d);
                }
                let f = *f;
                let constraints: Vec<AbilitySet> = self
                    .program
                    .fun_decl(f)
                    .type_params
                    .iter()
                    .map(|p| p.constraints)
                    .collect();
                for (t, c) in ts.iter().zip(constraints) {
                    for a in c.iter() {
                        self.need(t, a, span, "a type argument's constraint");
                    }
                    self.instantiations.push((t.clone(), span));
                }
                for a in args {
                    self.finish_rec(a, unsolved);
                }
            }
            ExpKind::Invoke(c, args) => {
                self.finish_rec(c, unsolved);
                for a in args {
                    self.finish_rec(a, unsolved);
                }
            }
            ExpKind::Lambda(ps, b) => {
                for p in ps {
                    self.finish_pattern(p, unsolved);
                }
                self.finish_rec(b, unsolved);
            }
            ExpKind::Global(op, id, ts, args) => {
                for t in ts.iter_mut() {
                    self.finish_ty(t, unsolved);
                }
                if *id == PENDING {
                    match ts.first().cloned() {
                        Some(Type::Struct(s, targs)) => {
                            *id = s;
                            *ts = targs;
                            self.check_global(*op, s, span);
                            self.instantiations
                                .push((Type::Struct(s, ts.clone()), span));
                        }
                        Some(Type::Error) | None => {}
                        Some(Type::Param(i)) if self.inline => {
                            // Resolved after inlining; the parameter must promise `key`.
                            let key = self
                                .tparam_abilities
                                .get(i as usize)
                                .is_some_and(|a| a.has_key());
                            if !key {
                                let name =
                                    self.tparams.get(i as usize).cloned().unwrap_or_default();
                                self.error(
                                    Code::MissingAbility,
                                    format!("type parameter `{name}` must have `key` for a storage operation"),
                                    span,
                                    "add `: key` to its constraints",
                                );
                            }
                        }
                        Some(other) => {
                            let shown = self.show_resolved(&other);
                            self.error(
                                Code::TypeMismatch,
                                format!("`{shown}` is not a resource type"),
                                span,
                                "storage operations need a struct with `key`",
                            );
                        }
                    }
                }
                for a in args {
                    self.finish_rec(a, unsolved);
                }
            }
            ExpKind::Pack(_, ts, args) | ExpKind::PackVariant(_, _, ts, args) => {
                for t in ts.iter_mut() {
                    self.finish_ty(t, unsolved);
                    let mut d = Vec::new();
                    crate::expansion::decls::check_type_argument(t, span, &mut d);
                    self.diags.extend(d);
                }
                for a in args {
                    self.finish_rec(a, unsolved);
                }
            }
            ExpKind::TestVariant(_, ts, _, x) => {
                for t in ts.iter_mut() {
                    self.finish_ty(t, unsolved);
                }
                self.finish_rec(x, unsolved);
            }
            ExpKind::Vector(t, items) => {
                self.finish_ty(t, unsolved);
                let mut d = Vec::new();
                crate::expansion::decls::check_type_argument(t, span, &mut d);
                self.diags.extend(d);
                for i in items {
                    self.finish_rec(i, unsolved);
                }
            }
            ExpKind::Binary(_, a, b) => {
                self.finish_rec(a, unsolved);
                self.finish_rec(b, unsolved);
            }
            ExpKind::Tuple(items) => {
                for i in items {
                    self.finish_rec(i, unsolved);
                }
            }
            ExpKind::IfElse(c, t, f) => {
                self.finish_rec(c, unsolved);
                self.finish_rec(t, unsolved);
                self.finish_rec(f, unsolved);
            }
            ExpKind::While(_, c, b) => {
                self.finish_rec(c, unsolved);
                self.finish_rec(b, unsolved);
            }
            ExpKind::Loop(_, b) => self.finish_rec(b, unsolved),
            ExpKind::Block(stmts, last) => {
                for s in stmts {
                    match s {
                        Stmt::Let(p, v, _) => {
                            self.finish_pattern(p, unsolved);
                            if let Some(v) = v {
                                self.finish_rec(v, unsolved);
                            }
                        }
                        Stmt::Exp(x) => self.finish_rec(x, unsolved),
                    }
                }
                self.finish_rec(last, unsolved);
            }
            ExpKind::Assign(p, v) => {
                self.finish_pattern(p, unsolved);
                self.finish_rec(v, unsolved);
            }
            ExpKind::Match(x, arms) => {
                self.finish_rec(x, unsolved);
                for arm in arms {
                    self.finish_pattern(&mut arm.pattern, unsolved);
                    if let Some(g) = &mut arm.guard {
                        self.finish_rec(g, unsolved);
                    }
                    self.finish_rec(&mut arm.body, unsolved);
                }
            }
        }
    }

    fn check_global(&mut self, op: GlobalOp, s: StructId, span: Span) {
        let what = match op {
            GlobalOp::MoveTo => "published with `move_to`",
            GlobalOp::MoveFrom => "moved from storage",
            GlobalOp::Borrow(_) => "borrowed from storage",
            GlobalOp::Exists => "tested with `exists`",
        };
        self.check_struct_access(s, span, what);
        let decl = self.program.struct_decl(s);
        if !decl.abilities.has_key() {
            let name = decl.name.clone();
            self.error(
                Code::MissingAbility,
                format!("`{name}` does not have `key`"),
                span,
                format!("cannot be {what}"),
            );
        }
        if matches!(op, GlobalOp::MoveFrom | GlobalOp::Borrow(_)) && Some(s.module) == self.module {
            self.effects.acquired.entry(s).or_insert(span);
        }
    }

    fn check_needs(&mut self) {
        let needs = std::mem::take(&mut self.needs);
        let mut unsolved = Vec::new();
        for n in needs {
            let ty = self.infer.finish(&n.ty, &mut unsolved);
            if ty == Type::Error || matches!(ty, Type::Tuple(ref ts) if ts.is_empty()) {
                continue;
            }
            // A tuple (several results discarded at once) needs the ability on each element.
            let parts = match &ty {
                Type::Tuple(ts) => ts.clone(),
                t => vec![t.clone()],
            };
            if let Some(ty) = parts.into_iter().find(|t| {
                !self
                    .program
                    .abilities(t, &self.tparam_abilities)
                    .has_ability(n.ability)
            }) {
                let shown = self.show_resolved(&ty);
                self.error(
                    Code::MissingAbility,
                    format!(
                        "`{shown}` does not have `{}`, needed by {}",
                        n.ability.name(),
                        n.why
                    ),
                    n.span,
                    format!("needs `{}`", n.ability.name()),
                );
            }
        }
        let insts = std::mem::take(&mut self.instantiations);
        let mut d = Vec::new();
        for (t, span) in insts {
            let t = self.infer.finish(&t, &mut unsolved);
            check_constraints(self.program, &t, &self.tparam_abilities, span, &mut d);
        }
        // One report per span.
        d.dedup_by(|a, b| a.primary_span() == b.primary_span() && a.message == b.message);
        self.diags.extend(d);
    }

    fn warn_unused(&mut self) {
        for (i, l) in self.locals.iter().enumerate() {
            if self.let_bound[i] && !self.used[i] && !l.name.starts_with('_') {
                self.diags.push(
                    Diagnostic::warning(
                        Code::UnusedVariable,
                        format!("unused variable `{}`", l.name),
                        l.span,
                        "never used",
                    )
                    .with_note("prefix it with `_` to silence this warning"),
                );
            }
        }
    }
}
