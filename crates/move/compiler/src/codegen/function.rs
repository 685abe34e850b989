//! Instruction selection: one typed function body → basic blocks of bytecode with symbolic
//! labels and the copy-or-move choice left open ([`Op::Use`]); [`super::flow`] finishes it.
//!
//! The bytecode verifier requires the operand stack to be empty at every basic-block
//! boundary. So an expression with control flow inside (`if`, loops, `&&`/`||`, `return`,
//! `abort`, `break`, `continue`) is only ever compiled on an empty stack: when such an
//! expression is an operand after the first of an instruction, every operand is first
//! evaluated into a temporary local ("spilled") and the temporaries are pushed afterwards;
//! `if` and the value form of `&&`/`||` leave their result in temporaries that the join block
//! pushes. Conditions of `if`/`while` are compiled to branches directly (`a && b` branches
//! twice, `!a` swaps the targets).
//!
//! `match` tests each arm's pattern through a reference to the scrutinee (kept in a
//! temporary), so a failed test or guard consumes nothing (`FunGen::match_exp`).

use std::collections::HashMap;

use lumio_move_binary_format::file_format::{
    AbilitySet, Bytecode, LocalIndex, SignatureIndex, SignatureToken,
};
use lumio_move_core_types::account_address::AccountAddress;

use super::context::{Context, GenError, GenResult, bug};
use super::flow::{Block, Label, LocalInfo, Op, Term};
use crate::model::{FunId, FunKind, StructId, Type};
use crate::source::Span;
use crate::tast::{
    BinOp, ConstValue, Exp, ExpKind, FunBody, GlobalOp, LocalId, LoopId, MatchArm, Pattern,
    PatternKind, Stmt, UseKind,
};

/// The largest number of locals (parameters included) a function may have.
const MAX_LOCALS: usize = 256;

/// Generates the blocks of one function body.
pub(crate) struct FunGen<'c, 'a> {
    ctx: &'c mut Context<'a>,
    tparams: Vec<AbilitySet>,
    /// tast local → bytecode local (`None` for locals of unit or lambda type).
    local_map: Vec<Option<LocalIndex>>,
    /// Bytecode locals (parameters first).
    pub(crate) locals: Vec<LocalInfo>,
    /// Their types.
    pub(crate) local_sigs: Vec<SignatureToken>,
    pub(crate) blocks: Vec<Block>,
    /// Blocks in the order they were placed (the layout order).
    pub(crate) order: Vec<Label>,
    cur: Label,
    loops: Vec<(LoopId, Label, Label)>,
    /// The innermost expression whose compilation failed.
    pub(crate) err_span: Option<Span>,
    /// Whether an expression has control flow inside, by address (the tree is not
    /// changed while it is compiled), so nested operands are not walked again and again.
    cf_memo: HashMap<*const Exp, bool>,
}

impl<'c, 'a> FunGen<'c, 'a> {
    /// Sets up the locals of `body` (the first `num_params` are the parameters).
    pub(crate) fn new(
        ctx: &'c mut Context<'a>,
        tparams: Vec<AbilitySet>,
        body: &FunBody,
        num_params: usize,
    ) -> GenResult<Self> {
        let mut g = FunGen {
            ctx,
            tparams,
            local_map: Vec::with_capacity(body.locals.len()),
            locals: Vec::new(),
            local_sigs: Vec::new(),
            blocks: vec![Block::default()],
            order: vec![0],
            cur: 0,
            loops: Vec::new(),
            err_span: None,
            cf_memo: HashMap::new(),
        };
        for (i, l) in body.locals.iter().enumerate() {
            let has_form = !matches!(
                l.ty,
                Type::Tuple(_) | Type::Fun(..) | Type::Var(_) | Type::Error
            );
            if i < num_params && !has_form {
                return bug(format!("parameter `{}` has no bytecode type", l.name));
            }
            let idx = if has_form {
                Some(g.add_local(&l.name, &l.ty, l.span, false)?)
            } else {
                None
            };
            g.local_map.push(idx);
        }
        if body.locals.len() < num_params {
            return bug("fewer locals than parameters");
        }
        Ok(g)
    }

    fn add_local(
        &mut self,
        name: &str,
        ty: &Type,
        span: Span,
        temp: bool,
    ) -> GenResult<LocalIndex> {
        if self.locals.len() >= MAX_LOCALS {
            return Err(GenError::Limit(format!(
                "a function may have at most {MAX_LOCALS} locals (parameters and temporaries \
                 included)"
            )));
        }
        let sig = self.ctx.sig(ty)?;
        let abilities = self.ctx.program.abilities(ty, &self.tparams);
        self.locals.push(LocalInfo {
            name: name.to_string(),
            span,
            is_ref: ty.is_ref(),
            abilities,
            borrowed: false,
            temp,
        });
        self.local_sigs.push(sig);
        Ok((self.locals.len() - 1) as LocalIndex)
    }

    fn temp(&mut self, ty: &Type, span: Span) -> GenResult<LocalIndex> {
        let name = format!("$t{}", self.locals.len());
        self.add_local(&name, ty, span, true)
    }

    /// One temporary per value of `ty` (none for `()`).
    fn temps_for(&mut self, ty: &Type, span: Span) -> GenResult<Vec<LocalIndex>> {
        match ty {
            Type::Tuple(ts) => ts.iter().map(|t| self.temp(t, span)).collect(),
            t => Ok(vec![self.temp(t, span)?]),
        }
    }

    fn local(&self, l: LocalId) -> GenResult<Option<LocalIndex>> {
        match self.local_map.get(l.0 as usize) {
            Some(i) => Ok(*i),
            None => bug(format!("local {} out of range", l.0)),
        }
    }

    fn local_required(&self, l: LocalId) -> GenResult<LocalIndex> {
        match self.local(l)? {
            Some(i) => Ok(i),
            None => bug(format!("local {} has no bytecode type", l.0)),
        }
    }

    // ---- blocks ----

    fn block(&mut self) -> &mut Block {
        let cur = self.cur as usize;
        &mut self.blocks[cur]
    }

    fn emit(&mut self, b: Bytecode, span: Span) {
        self.emit_op(Op::Code(b), span);
    }

    fn emit_op(&mut self, op: Op, span: Span) {
        if self.block().term.is_some() {
            // Code after a jump, return or abort: a fresh block nothing reaches.
            let l = self.new_label();
            self.order.push(l);
            self.cur = l;
        }
        self.block().code.push((op, span));
    }

    pub(crate) fn new_label(&mut self) -> Label {
        self.blocks.push(Block::default());
        (self.blocks.len() - 1) as Label
    }

    /// Starts block `l` (the current one falls through into it).
    fn place(&mut self, l: Label, span: Span) {
        if self.block().term.is_none() {
            self.block().term = Some((Term::Jump(l), span));
        }
        self.order.push(l);
        self.cur = l;
    }

    pub(crate) fn terminate(&mut self, t: Term, span: Span) {
        if self.block().term.is_some() {
            let l = self.new_label();
            self.order.push(l);
            self.cur = l;
        }
        self.block().term = Some((t, span));
    }

    // ---- expressions ----

    /// Compiles `e`, leaving its values on the stack.
    pub(crate) fn exp(&mut self, e: &Exp) -> GenResult<()> {
        stacker::maybe_grow(128 * 1024, 2 * 1024 * 1024, || {
            let r = self.exp_inner(e);
            if r.is_err() && self.err_span.is_none() {
                self.err_span = Some(e.span);
            }
            r
        })
    }

    fn exp_inner(&mut self, e: &Exp) -> GenResult<()> {
        let sp = e.span;
        match &e.kind {
            ExpKind::Value(c) => self.value(c, &e.ty, sp)?,
            ExpKind::Use(l, kind) => {
                if let Some(i) = self.local(*l)? {
                    self.emit_op(Op::Use(i, *kind), sp);
                }
            }
            ExpKind::BorrowLocal(mutable, l) => {
                let i = self.local_required(*l)?;
                self.locals[i as usize].borrowed = true;
                let b = if *mutable {
                    Bytecode::MutBorrowLoc(i)
                } else {
                    Bytecode::ImmBorrowLoc(i)
                };
                self.emit(b, sp);
            }
            ExpKind::BorrowField {
                mutable,
                base,
                struct_id,
                type_args,
                field,
            } => {
                self.exp(base)?;
                let b = self.borrow_field(*mutable, *struct_id, type_args, *field)?;
                self.emit(b, sp);
            }
            ExpKind::BorrowVariantField {
                mutable,
                base,
                struct_id,
                type_args,
                variants,
                field,
            } => {
                self.exp(base)?;
                let b =
                    self.borrow_variant_field(*mutable, *struct_id, type_args, variants, *field)?;
                self.emit(b, sp);
            }
            ExpKind::Deref(x) => {
                self.exp(x)?;
                self.emit(Bytecode::ReadRef, sp);
            }
            ExpKind::Mutate { value, reference } => {
                self.operands(&[value.as_ref(), reference.as_ref()])?;
                self.emit(Bytecode::WriteRef, sp);
            }
            ExpKind::Freeze(x) => {
                self.exp(x)?;
                self.emit(Bytecode::FreezeRef, sp);
            }
            ExpKind::Call(f, targs, args) => {
                let (decl, _) = self.ctx.fun_decl(*f)?;
                if decl.kind == FunKind::Inline {
                    return bug(format!(
                        "call of inline function `{}` reached code generation",
                        decl.name
                    ));
                }
                self.operands(&args.iter().collect::<Vec<_>>())?;
                if let Some(b) = self.vector_instruction(*f, targs)? {
                    self.emit(b, sp);
                    return Ok(());
                }
                let b = if targs.is_empty() {
                    Bytecode::Call(self.ctx.fun_handle(*f)?)
                } else {
                    Bytecode::CallGeneric(self.ctx.fun_inst(*f, targs)?)
                };
                self.emit(b, sp);
            }
            ExpKind::Invoke(..) | ExpKind::Lambda(..) => {
                return bug("a lambda or its invocation reached code generation");
            }
            ExpKind::Global(op, sid, targs, args) => {
                self.operands(&args.iter().collect::<Vec<_>>())?;
                let generic = !targs.is_empty();
                let b = if generic {
                    let i = self.ctx.struct_inst(*sid, targs)?;
                    match op {
                        GlobalOp::MoveTo => Bytecode::MoveToGeneric(i),
                        GlobalOp::MoveFrom => Bytecode::MoveFromGeneric(i),
                        GlobalOp::Borrow(true) => Bytecode::MutBorrowGlobalGeneric(i),
                        GlobalOp::Borrow(false) => Bytecode::ImmBorrowGlobalGeneric(i),
                        GlobalOp::Exists => Bytecode::ExistsGeneric(i),
                    }
                } else {
                    let d = self.ctx.struct_def(*sid)?;
                    match op {
                        GlobalOp::MoveTo => Bytecode::MoveTo(d),
                        GlobalOp::MoveFrom => Bytecode::MoveFrom(d),
                        GlobalOp::Borrow(true) => Bytecode::MutBorrowGlobal(d),
                        GlobalOp::Borrow(false) => Bytecode::ImmBorrowGlobal(d),
                        GlobalOp::Exists => Bytecode::Exists(d),
                    }
                };
                self.emit(b, sp);
            }
            ExpKind::Pack(sid, targs, fields) => {
                if self.ctx.is_enum(*sid)? {
                    return bug("Pack of an enum");
                }
                self.operands(&fields.iter().collect::<Vec<_>>())?;
                if self.ctx.is_empty_struct(*sid)? {
                    self.emit(Bytecode::LdFalse, sp);
                }
                let b = if targs.is_empty() {
                    Bytecode::Pack(self.ctx.struct_def(*sid)?)
                } else {
                    Bytecode::PackGeneric(self.ctx.struct_inst(*sid, targs)?)
                };
                self.emit(b, sp);
            }
            ExpKind::PackVariant(sid, variant, targs, fields) => {
                self.operands(&fields.iter().collect::<Vec<_>>())?;
                let b = if targs.is_empty() {
                    Bytecode::PackVariant(self.ctx.variant_handle(*sid, *variant)?)
                } else {
                    Bytecode::PackVariantGeneric(self.ctx.variant_inst(*sid, *variant, targs)?)
                };
                self.emit(b, sp);
            }
            ExpKind::TestVariant(sid, targs, variants, x) => {
                self.exp(x)?;
                self.test_variants(*sid, targs, variants, &x.ty, sp)?;
            }
            ExpKind::Vector(ty, elems) => {
                self.operands(&elems.iter().collect::<Vec<_>>())?;
                let sig = self.ctx.signature_of(std::slice::from_ref(ty))?;
                self.emit(Bytecode::VecPack(sig, elems.len() as u64), sp);
            }
            ExpKind::Not(x) => {
                self.exp(x)?;
                self.emit(Bytecode::Not, sp);
            }
            ExpKind::Binary(BinOp::And | BinOp::Or, ..) => self.cond_value(e)?,
            ExpKind::Binary(op, a, b) => {
                self.operands(&[a.as_ref(), b.as_ref()])?;
                self.emit(binop(*op), sp);
            }
            ExpKind::Cast(x) => {
                self.exp(x)?;
                let b = match e.ty {
                    Type::U8 => Bytecode::CastU8,
                    Type::U16 => Bytecode::CastU16,
                    Type::U32 => Bytecode::CastU32,
                    Type::U64 => Bytecode::CastU64,
                    Type::U128 => Bytecode::CastU128,
                    Type::U256 => Bytecode::CastU256,
                    ref t => return bug(format!("cast to {t:?}")),
                };
                self.emit(b, sp);
            }
            ExpKind::Tuple(es) => self.operands(&es.iter().collect::<Vec<_>>())?,
            ExpKind::IfElse(c, t, f) => {
                let temps = self.temps_for(&e.ty, sp)?;
                let (lt, lf, lend) = (self.new_label(), self.new_label(), self.new_label());
                self.cond(c, lt, lf)?;
                self.place(lt, t.span);
                self.exp(t)?;
                self.store(&temps, t.span);
                self.terminate(Term::Jump(lend), t.span);
                self.place(lf, f.span);
                self.exp(f)?;
                self.store(&temps, f.span);
                self.terminate(Term::Jump(lend), f.span);
                self.place(lend, sp);
                for t in temps {
                    self.emit_op(Op::Use(t, UseKind::Move), sp);
                }
            }
            ExpKind::While(id, c, body) => {
                let (head, lbody, end) = (self.new_label(), self.new_label(), self.new_label());
                self.place(head, c.span);
                self.cond(c, lbody, end)?;
                self.place(lbody, body.span);
                self.loops.push((*id, head, end));
                self.exp(body)?;
                self.pop_values(&body.ty, body.span);
                self.loops.pop();
                self.terminate(Term::Jump(head), sp);
                self.place(end, sp);
            }
            ExpKind::Loop(id, body) => {
                let (head, end) = (self.new_label(), self.new_label());
                self.place(head, body.span);
                self.loops.push((*id, head, end));
                self.exp(body)?;
                self.pop_values(&body.ty, body.span);
                self.loops.pop();
                self.terminate(Term::Jump(head), sp);
                self.place(end, sp);
            }
            ExpKind::Break(id) | ExpKind::Continue(id) => {
                let Some(&(_, head, end)) = self.loops.iter().rev().find(|(l, _, _)| l == id)
                else {
                    return bug("break or continue outside its loop");
                };
                let target = if matches!(e.kind, ExpKind::Break(_)) {
                    end
                } else {
                    head
                };
                self.terminate(Term::Jump(target), sp);
            }
            ExpKind::Return(x) => {
                self.exp(x)?;
                self.terminate(Term::Ret, sp);
            }
            ExpKind::Abort(x) => {
                self.exp(x)?;
                self.terminate(Term::Abort, sp);
            }
            ExpKind::Block(stmts, x) => {
                for s in stmts {
                    self.stmt(s)?;
                }
                self.exp(x)?;
            }
            ExpKind::Assign(p, x) => {
                self.exp(x)?;
                self.bind(p)?;
            }
            ExpKind::Match(scrutinee, arms) => self.match_exp(e, scrutinee, arms)?,
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> GenResult<()> {
        match s {
            Stmt::Let(p, Some(e), _) => {
                self.exp(e)?;
                self.bind(p)
            }
            Stmt::Let(_, None, _) => Ok(()),
            Stmt::Exp(e) => {
                self.exp(e)?;
                self.pop_values(&e.ty, e.span);
                Ok(())
            }
        }
    }

    /// Pops the values of an expression of type `ty`.
    fn pop_values(&mut self, ty: &Type, span: Span) {
        let n = match ty {
            Type::Tuple(ts) => ts.len(),
            _ => 1,
        };
        for _ in 0..n {
            self.emit(Bytecode::Pop, span);
        }
    }

    /// Stores the values on the stack into `temps` (the last value is on top).
    fn store(&mut self, temps: &[LocalIndex], span: Span) {
        for t in temps.iter().rev() {
            self.emit(Bytecode::StLoc(*t), span);
        }
    }

    /// Compiles operands left to right; spills them to temporaries when one after the first
    /// has control flow inside.
    fn operands(&mut self, es: &[&Exp]) -> GenResult<()> {
        if !es.iter().skip(1).any(|e| self.has_cf(e)) {
            for e in es {
                self.exp(e)?;
            }
            return Ok(());
        }
        let mut all = Vec::new();
        for e in es {
            self.exp(e)?;
            let temps = self.temps_for(&e.ty, e.span)?;
            self.store(&temps, e.span);
            all.extend(temps.into_iter().map(|t| (t, e.span)));
        }
        for (t, span) in all {
            self.emit_op(Op::Use(t, UseKind::Move), span);
        }
        Ok(())
    }

    /// Whether compiling `e` creates a block boundary (memoized).
    fn has_cf(&mut self, e: &Exp) -> bool {
        let key = e as *const Exp;
        if let Some(v) = self.cf_memo.get(&key) {
            return *v;
        }
        let v = has_control_flow_with(e, &mut |x| self.has_cf(x));
        self.cf_memo.insert(key, v);
        v
    }

    fn value(&mut self, c: &ConstValue, ty: &Type, sp: Span) -> GenResult<()> {
        let b = match c {
            ConstValue::Bool(true) => Bytecode::LdTrue,
            ConstValue::Bool(false) => Bytecode::LdFalse,
            ConstValue::U8(v) => Bytecode::LdU8(*v),
            ConstValue::U16(v) => Bytecode::LdU16(*v),
            ConstValue::U32(v) => Bytecode::LdU32(*v),
            ConstValue::U64(v) => Bytecode::LdU64(*v),
            ConstValue::U128(v) => Bytecode::LdU128(*v),
            ConstValue::U256(v) => Bytecode::LdU256(*v),
            ConstValue::Address(_) | ConstValue::Vector(_) => {
                Bytecode::LdConst(self.ctx.constant(ty, c)?)
            }
        };
        self.emit(b, sp);
        Ok(())
    }

    /// Branches to `t` when `e` is true, to `f` otherwise (on an empty stack).
    fn cond(&mut self, e: &Exp, t: Label, f: Label) -> GenResult<()> {
        match &e.kind {
            ExpKind::Binary(BinOp::And, a, b) => {
                let mid = self.new_label();
                self.cond(a, mid, f)?;
                self.place(mid, b.span);
                self.cond(b, t, f)
            }
            ExpKind::Binary(BinOp::Or, a, b) => {
                let mid = self.new_label();
                self.cond(a, t, mid)?;
                self.place(mid, b.span);
                self.cond(b, t, f)
            }
            ExpKind::Not(x) => self.cond(x, f, t),
            _ => {
                self.exp(e)?;
                self.terminate(Term::Cond(t, f), e.span);
                Ok(())
            }
        }
    }

    /// The value of a short-circuit condition, through a temporary.
    fn cond_value(&mut self, e: &Exp) -> GenResult<()> {
        let sp = e.span;
        let tmp = self.temp(&Type::Bool, sp)?;
        let (lt, lf, lend) = (self.new_label(), self.new_label(), self.new_label());
        self.cond(e, lt, lf)?;
        self.place(lt, sp);
        self.emit(Bytecode::LdTrue, sp);
        self.emit(Bytecode::StLoc(tmp), sp);
        self.terminate(Term::Jump(lend), sp);
        self.place(lf, sp);
        self.emit(Bytecode::LdFalse, sp);
        self.emit(Bytecode::StLoc(tmp), sp);
        self.terminate(Term::Jump(lend), sp);
        self.place(lend, sp);
        self.emit_op(Op::Use(tmp, UseKind::Move), sp);
        Ok(())
    }

    // ---- match ----

    /// `match (d) { arms }`: the scrutinee goes to a temporary; each arm tests its pattern
    /// through a reference (`TestVariant`, nested patterns on borrowed fields), binds — by
    /// reference when matching a reference, by unpacking the value otherwise — checks its
    /// guard and runs its body; the result goes to temporaries as for `if`. No arm matching
    /// aborts with Aptos's incomplete-match code. A guard on a value match reads copies of
    /// the variables it uses (taken through references), so a failed guard consumes nothing.
    fn match_exp(&mut self, e: &Exp, scrutinee: &Exp, arms: &[MatchArm]) -> GenResult<()> {
        let sp = e.span;
        let temps = self.temps_for(&e.ty, sp)?;
        let by_ref = scrutinee.ty.is_ref();
        self.exp(scrutinee)?;
        let d = self.temp(&scrutinee.ty, scrutinee.span)?;
        self.emit(Bytecode::StLoc(d), scrutinee.span);
        let root = if by_ref {
            RefSrc::Ref(d)
        } else {
            RefSrc::Value(d)
        };
        let end = self.new_label();
        for arm in arms {
            let next = self.new_label();
            self.test_pattern(&arm.pattern, root, next)?;
            if by_ref {
                self.emit_op(Op::Use(d, UseKind::Copy), arm.span);
                self.bind(&arm.pattern)?;
                if let Some(g) = &arm.guard {
                    let ok = self.new_label();
                    self.cond(g, ok, next)?;
                    self.place(ok, g.span);
                }
            } else {
                if let Some(g) = &arm.guard {
                    let g = self.guard_through_refs(&arm.pattern, root, g)?;
                    let ok = self.new_label();
                    self.cond(&g, ok, next)?;
                    self.place(ok, g.span);
                }
                self.emit_op(Op::Use(d, UseKind::Move), arm.span);
                self.bind(&arm.pattern)?;
            }
            self.exp(&arm.body)?;
            self.store(&temps, arm.body.span);
            self.terminate(Term::Jump(end), arm.body.span);
            self.place(next, arm.span);
        }
        self.emit(Bytecode::LdU64(INCOMPLETE_MATCH_ABORT_CODE), sp);
        self.terminate(Term::Abort, sp);
        self.place(end, sp);
        for t in temps {
            self.emit_op(Op::Use(t, UseKind::Move), sp);
        }
        Ok(())
    }

    /// Pushes a reference to the value `src` names.
    fn push_ref(&mut self, src: RefSrc, span: Span) {
        match src {
            RefSrc::Value(l) => {
                self.locals[l as usize].borrowed = true;
                self.emit(Bytecode::ImmBorrowLoc(l), span);
            }
            RefSrc::Ref(l) => self.emit_op(Op::Use(l, UseKind::Copy), span),
        }
    }

    /// Branches to `fail` unless the value behind `src` matches `p` (on an empty stack).
    fn test_pattern(&mut self, p: &Pattern, src: RefSrc, fail: Label) -> GenResult<()> {
        let sp = p.span;
        let (sid, variant, targs, ps) = match &p.kind {
            PatternKind::Var(_) | PatternKind::Wildcard => return Ok(()),
            PatternKind::Tuple(_) => {
                return Err(GenError::Unsupported(
                    "matching tuples is not supported by code generation yet".into(),
                ));
            }
            PatternKind::Variant(sid, v, targs, ps) => {
                self.push_ref(src, sp);
                self.test_variants(*sid, targs, &[*v], &imm_ref(p.ty.clone()), sp)?;
                let ok = self.new_label();
                self.terminate(Term::Cond(ok, fail), sp);
                self.place(ok, sp);
                (*sid, Some(*v), targs, ps)
            }
            PatternKind::Struct(sid, targs, ps) => (*sid, None, targs, ps),
        };
        for (i, q) in ps.iter().enumerate() {
            if !refutable(q) {
                continue;
            }
            self.push_ref(src, q.span);
            let b = match variant {
                Some(v) => self.borrow_variant_field(false, sid, targs, &[v], i as u16)?,
                None => self.borrow_field(false, sid, targs, i as u16)?,
            };
            self.emit(b, q.span);
            let t = self.temp(&imm_ref(q.ty.clone()), q.span)?;
            self.emit(Bytecode::StLoc(t), q.span);
            self.test_pattern(q, RefSrc::Ref(t), fail)?;
        }
        Ok(())
    }

    /// For a guard of a value match: the variables it reads are borrowed from the matched
    /// value (still in its temporary) into reference temporaries, and the guard is rewritten
    /// to read them through those (`x` → `*r`, `&x` → `r`), so a failed guard consumes
    /// nothing. (A guard may only read the pattern's variables, as in Aptos.)
    fn guard_through_refs(&mut self, p: &Pattern, root: RefSrc, guard: &Exp) -> GenResult<Exp> {
        let mut used = Vec::new();
        locals_of(guard, &mut used);
        let mut paths = Vec::new();
        pattern_vars(p, &mut Vec::new(), &mut paths);
        let mut subst = Vec::new();
        for (l, path, ty) in paths {
            if !used.contains(&l) || self.local(l)?.is_none() {
                continue;
            }
            self.push_ref(root, guard.span);
            for step in &path {
                let b = match *step {
                    Step::Field(sid, ref targs, i) => self.borrow_field(false, sid, targs, i)?,
                    Step::VariantField(sid, ref targs, v, i) => {
                        self.borrow_variant_field(false, sid, targs, &[v], i)?
                    }
                };
                self.emit(b, guard.span);
            }
            let ref_ty = imm_ref(ty.clone());
            let t = self.temp(&ref_ty, guard.span)?;
            self.emit(Bytecode::StLoc(t), guard.span);
            // A local id past the body's locals stands for the reference temporary.
            let id = LocalId(self.local_map.len() as u32);
            self.local_map.push(Some(t));
            subst.push((l, id, ty, ref_ty));
        }
        let mut g = guard.clone();
        read_through_refs(&mut g, &subst)?;
        Ok(g)
    }

    /// The instruction for a call of one of `0x1::vector`'s `#[bytecode_instruction]`
    /// natives (as the Aptos compiler emits them), if `f` is one.
    fn vector_instruction(&mut self, f: FunId, targs: &[Type]) -> GenResult<Option<Bytecode>> {
        let (decl, id) = self.ctx.fun_decl(f)?;
        if decl.kind != FunKind::Native
            || id.address != AccountAddress::ONE
            || id.name != "vector"
            || targs.len() != 1
        {
            return Ok(None);
        }
        let make: fn(SignatureIndex) -> Bytecode = match decl.name.as_str() {
            "empty" => |s| Bytecode::VecPack(s, 0),
            "length" => Bytecode::VecLen,
            "borrow" => Bytecode::VecImmBorrow,
            "borrow_mut" => Bytecode::VecMutBorrow,
            "push_back" => Bytecode::VecPushBack,
            "pop_back" => Bytecode::VecPopBack,
            "destroy_empty" => |s| Bytecode::VecUnpack(s, 0),
            "swap" => Bytecode::VecSwap,
            _ => return Ok(None),
        };
        let sig = self.ctx.signature_of(targs)?;
        Ok(Some(make(sig)))
    }

    fn test_variants(
        &mut self,
        sid: StructId,
        targs: &[Type],
        variants: &[u16],
        ref_ty: &Type,
        sp: Span,
    ) -> GenResult<()> {
        let test = |g: &mut Self, v: u16| -> GenResult<Bytecode> {
            Ok(if targs.is_empty() {
                Bytecode::TestVariant(g.ctx.variant_handle(sid, v)?)
            } else {
                Bytecode::TestVariantGeneric(g.ctx.variant_inst(sid, v, targs)?)
            })
        };
        match variants {
            [] => bug("`is` with no variant"),
            [v] => {
                let b = test(self, *v)?;
                self.emit(b, sp);
                Ok(())
            }
            _ => {
                let r = self.temp(ref_ty, sp)?;
                self.emit(Bytecode::StLoc(r), sp);
                for (k, v) in variants.iter().enumerate() {
                    self.emit_op(Op::Use(r, UseKind::Infer), sp);
                    let b = test(self, *v)?;
                    self.emit(b, sp);
                    if k > 0 {
                        self.emit(Bytecode::Or, sp);
                    }
                }
                Ok(())
            }
        }
    }

    fn borrow_field(
        &mut self,
        mutable: bool,
        sid: StructId,
        targs: &[Type],
        field: u16,
    ) -> GenResult<Bytecode> {
        Ok(if targs.is_empty() {
            let h = self.ctx.field_handle(sid, field)?;
            if mutable {
                Bytecode::MutBorrowField(h)
            } else {
                Bytecode::ImmBorrowField(h)
            }
        } else {
            let i = self.ctx.field_inst(sid, field, targs)?;
            if mutable {
                Bytecode::MutBorrowFieldGeneric(i)
            } else {
                Bytecode::ImmBorrowFieldGeneric(i)
            }
        })
    }

    fn borrow_variant_field(
        &mut self,
        mutable: bool,
        sid: StructId,
        targs: &[Type],
        variants: &[u16],
        field: u16,
    ) -> GenResult<Bytecode> {
        Ok(if targs.is_empty() {
            let h = self.ctx.variant_field_handle(sid, variants, field)?;
            if mutable {
                Bytecode::MutBorrowVariantField(h)
            } else {
                Bytecode::ImmBorrowVariantField(h)
            }
        } else {
            let i = self.ctx.variant_field_inst(sid, variants, field, targs)?;
            if mutable {
                Bytecode::MutBorrowVariantFieldGeneric(i)
            } else {
                Bytecode::ImmBorrowVariantFieldGeneric(i)
            }
        })
    }

    // ---- patterns ----

    /// Binds the value on top of the stack (all values of a tuple) to pattern `p`.
    fn bind(&mut self, p: &Pattern) -> GenResult<()> {
        let sp = p.span;
        match &p.kind {
            PatternKind::Var(l) => {
                if let Some(i) = self.local(*l)? {
                    self.emit(Bytecode::StLoc(i), sp);
                }
            }
            PatternKind::Wildcard => self.pop_values(&p.ty, sp),
            PatternKind::Tuple(ps) => {
                for q in ps.iter().rev() {
                    self.bind(q)?;
                }
            }
            PatternKind::Struct(sid, targs, ps) => {
                if let Type::Ref(mutable, _) = p.ty {
                    self.bind_ref_fields(mutable, *sid, targs, None, ps, &p.ty, sp)?;
                } else {
                    let b = if targs.is_empty() {
                        Bytecode::Unpack(self.ctx.struct_def(*sid)?)
                    } else {
                        Bytecode::UnpackGeneric(self.ctx.struct_inst(*sid, targs)?)
                    };
                    self.emit(b, sp);
                    if self.ctx.is_empty_struct(*sid)? {
                        self.emit(Bytecode::Pop, sp);
                    }
                    for q in ps.iter().rev() {
                        self.bind(q)?;
                    }
                }
            }
            PatternKind::Variant(sid, v, targs, ps) => {
                if let Type::Ref(mutable, _) = p.ty {
                    self.bind_ref_fields(mutable, *sid, targs, Some(*v), ps, &p.ty, sp)?;
                } else {
                    let b = if targs.is_empty() {
                        Bytecode::UnpackVariant(self.ctx.variant_handle(*sid, *v)?)
                    } else {
                        Bytecode::UnpackVariantGeneric(self.ctx.variant_inst(*sid, *v, targs)?)
                    };
                    self.emit(b, sp);
                    for q in ps.iter().rev() {
                        self.bind(q)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Binds a struct pattern matched through a reference: every field that is not `_` is
    /// borrowed from the reference (kept in a temporary) and bound.
    #[allow(clippy::too_many_arguments)]
    fn bind_ref_fields(
        &mut self,
        mutable: bool,
        sid: StructId,
        targs: &[Type],
        variant: Option<u16>,
        ps: &[Pattern],
        ref_ty: &Type,
        sp: Span,
    ) -> GenResult<()> {
        if ps.iter().all(|q| matches!(q.kind, PatternKind::Wildcard)) {
            self.emit(Bytecode::Pop, sp);
            return Ok(());
        }
        let r = self.temp(ref_ty, sp)?;
        self.emit(Bytecode::StLoc(r), sp);
        for (i, q) in ps.iter().enumerate() {
            if matches!(q.kind, PatternKind::Wildcard) {
                continue;
            }
            self.emit_op(Op::Use(r, UseKind::Infer), q.span);
            let b = match variant {
                None => self.borrow_field(mutable, sid, targs, i as u16)?,
                Some(v) => self.borrow_variant_field(mutable, sid, targs, &[v], i as u16)?,
            };
            self.emit(b, q.span);
            self.bind(q)?;
        }
        Ok(())
    }
}

/// Abort code of a `match` no arm of which matched (Aptos's well-known code).
const INCOMPLETE_MATCH_ABORT_CODE: u64 = (0xD8CA_26CB_D9BE << 16) | 0x1;

/// Where the value a pattern is tested against lives.
#[derive(Clone, Copy, Debug)]
enum RefSrc {
    /// In a local (borrowed for each test).
    Value(LocalIndex),
    /// Behind the reference in a local (copied for each test).
    Ref(LocalIndex),
}

/// One step from a matched value to a field.
#[derive(Clone, Debug)]
enum Step {
    Field(StructId, Vec<Type>, u16),
    VariantField(StructId, Vec<Type>, u16, u16),
}

/// `&T` for `T`, `&T`, or `&mut T`.
fn imm_ref(ty: Type) -> Type {
    match ty {
        Type::Ref(_, t) => Type::Ref(false, t),
        t => Type::Ref(false, Box::new(t)),
    }
}

/// Whether a pattern can fail to match.
fn refutable(p: &Pattern) -> bool {
    match &p.kind {
        PatternKind::Var(_) | PatternKind::Wildcard => false,
        PatternKind::Variant(..) => true,
        PatternKind::Struct(_, _, ps) | PatternKind::Tuple(ps) => ps.iter().any(refutable),
    }
}

/// The variables of a pattern with their paths from the matched value and types.
fn pattern_vars(p: &Pattern, path: &mut Vec<Step>, out: &mut Vec<(LocalId, Vec<Step>, Type)>) {
    match &p.kind {
        PatternKind::Var(l) => out.push((*l, path.clone(), p.ty.clone())),
        PatternKind::Wildcard | PatternKind::Tuple(_) => {}
        PatternKind::Struct(sid, targs, ps) => {
            for (i, q) in ps.iter().enumerate() {
                path.push(Step::Field(*sid, targs.clone(), i as u16));
                pattern_vars(q, path, out);
                path.pop();
            }
        }
        PatternKind::Variant(sid, v, targs, ps) => {
            for (i, q) in ps.iter().enumerate() {
                path.push(Step::VariantField(*sid, targs.clone(), *v, i as u16));
                pattern_vars(q, path, out);
                path.pop();
            }
        }
    }
}

/// Rewrites reads of the variables in `subst` (`x` → `*r`, `&x` → `r`).
fn read_through_refs(e: &mut Exp, subst: &[(LocalId, LocalId, Type, Type)]) -> GenResult<()> {
    let found = |l: &LocalId| subst.iter().find(|(x, ..)| x == l);
    match &e.kind {
        ExpKind::Use(l, _) => {
            if let Some((_, r, _, ref_ty)) = found(l) {
                let inner = Exp {
                    kind: ExpKind::Use(*r, UseKind::Copy),
                    ty: ref_ty.clone(),
                    span: e.span,
                };
                e.kind = ExpKind::Deref(Box::new(inner));
            }
            return Ok(());
        }
        ExpKind::BorrowLocal(mutable, l) => {
            if let Some((_, r, _, _)) = found(l) {
                if *mutable {
                    return Err(GenError::Unsupported(
                        "a match guard may not borrow a pattern variable mutably".into(),
                    ));
                }
                e.kind = ExpKind::Use(*r, UseKind::Copy);
            }
            return Ok(());
        }
        ExpKind::Assign(p, _) => {
            let mut vars = Vec::new();
            pattern_vars(p, &mut Vec::new(), &mut vars);
            if vars.iter().any(|(l, ..)| found(l).is_some()) {
                return Err(GenError::Unsupported(
                    "a match guard may not assign a pattern variable".into(),
                ));
            }
        }
        _ => {}
    }
    let mut result = Ok(());
    crate::tast::for_each_child_mut(e, &mut |c| {
        if result.is_ok() {
            result = read_through_refs(c, subst);
        }
    });
    result
}

/// The locals an expression reads or borrows.
fn locals_of(e: &Exp, out: &mut Vec<LocalId>) {
    crate::tast::visit(e, &mut |x| {
        if let ExpKind::Use(l, _) | ExpKind::BorrowLocal(_, l) = &x.kind {
            out.push(*l);
        }
    });
}

fn binop(op: BinOp) -> Bytecode {
    match op {
        BinOp::Add => Bytecode::Add,
        BinOp::Sub => Bytecode::Sub,
        BinOp::Mul => Bytecode::Mul,
        BinOp::Div => Bytecode::Div,
        BinOp::Mod => Bytecode::Mod,
        BinOp::BitOr => Bytecode::BitOr,
        BinOp::BitAnd => Bytecode::BitAnd,
        BinOp::Xor => Bytecode::Xor,
        BinOp::Shl => Bytecode::Shl,
        BinOp::Shr => Bytecode::Shr,
        BinOp::Lt => Bytecode::Lt,
        BinOp::Gt => Bytecode::Gt,
        BinOp::Le => Bytecode::Le,
        BinOp::Ge => Bytecode::Ge,
        BinOp::Eq => Bytecode::Eq,
        BinOp::Neq => Bytecode::Neq,
        // Only reached through `cond`/`cond_value`; the strict forms are the bytecode's.
        BinOp::And => Bytecode::And,
        BinOp::Or => Bytecode::Or,
    }
}

/// Whether compiling `e` creates a block boundary (a branch, a jump, a return or an abort),
/// asking `sub` about its sub-expressions.
fn has_control_flow_with(e: &Exp, sub: &mut dyn FnMut(&Exp) -> bool) -> bool {
    match &e.kind {
        ExpKind::IfElse(..)
        | ExpKind::While(..)
        | ExpKind::Loop(..)
        | ExpKind::Break(_)
        | ExpKind::Continue(_)
        | ExpKind::Return(_)
        | ExpKind::Abort(_)
        | ExpKind::Match(..)
        | ExpKind::Binary(BinOp::And | BinOp::Or, ..) => true,
        // A lambda's body is compiled where it is invoked, not here.
        ExpKind::Lambda(..) => false,
        _ => stacker::maybe_grow(128 * 1024, 2 * 1024 * 1024, || {
            let mut any = false;
            crate::tast::for_each_child(e, &mut |c| any = any || sub(c));
            any
        }),
    }
}
