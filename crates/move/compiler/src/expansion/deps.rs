//! Module dependency order: a module depends on every module it names — through `use`
//! (module level or in a block) or a fully qualified name (`0x1::m::f`, `std::m::S`). The
//! program lists modules so that each comes after its dependencies; a cycle is an error.

use std::collections::{BTreeMap, BTreeSet};

use crate::CompileOptions;
use crate::diagnostics::{Code, Diagnostic};
use crate::expansion::resolve_address;
use crate::model::ModuleId;
use crate::parser::ast;

/// Returns the modules' positions in dependency order (ties broken by input order), or `None`
/// after reporting a cycle.
pub(super) fn order(
    modules: &[(ModuleId, &ast::Module)],
    options: &CompileOptions,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<usize>> {
    let index: BTreeMap<&ModuleId, usize> = modules
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (id, i))
        .collect();
    let mut edges: Vec<BTreeSet<usize>> = Vec::with_capacity(modules.len());
    for (i, (_, m)) in modules.iter().enumerate() {
        let mut named = Collector {
            options,
            out: BTreeSet::new(),
        };
        named.module(m);
        edges.push(
            named
                .out
                .iter()
                .filter_map(|id| index.get(id).copied())
                .filter(|&j| j != i)
                .collect(),
        );
    }
    // Depth-first post-order with cycle detection (iterative).
    let n = modules.len();
    let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    let mut out = Vec::with_capacity(n);
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, Vec<usize>)> =
            vec![(root, edges[root].iter().copied().collect())];
        state[root] = 1;
        while let Some((node, pending)) = stack.last_mut() {
            let node = *node;
            match pending.pop() {
                Some(next) if state[next] == 0 => {
                    state[next] = 1;
                    let succ = edges[next].iter().rev().copied().collect();
                    stack.push((next, succ));
                }
                Some(next) if state[next] == 1 => {
                    let mut cycle: Vec<String> = stack
                        .iter()
                        .skip_while(|(m, _)| *m != next)
                        .map(|(m, _)| modules[*m].0.to_string())
                        .collect();
                    cycle.push(modules[next].0.to_string());
                    diags.push(Diagnostic::error(
                        Code::CyclicDependency,
                        format!("cyclic module dependency: {}", cycle.join(" -> ")),
                        modules[node].1.name.span,
                        "this module is part of the cycle",
                    ));
                    return None;
                }
                Some(_) => {}
                None => {
                    state[node] = 2;
                    out.push(node);
                    stack.pop();
                }
            }
        }
    }
    Some(out)
}

struct Collector<'a> {
    options: &'a CompileOptions,
    out: BTreeSet<ModuleId>,
}

impl Collector<'_> {
    fn module(&mut self, m: &ast::Module) {
        for member in &m.members {
            match member {
                ast::ModuleMember::Use(u) => self.use_decl(u),
                ast::ModuleMember::Friend(_) => {}
                ast::ModuleMember::Constant(c) => {
                    self.ty(&c.ty);
                    self.exp(&c.value);
                }
                ast::ModuleMember::Struct(s) => match &s.layout {
                    ast::StructLayout::Native(_) => {}
                    ast::StructLayout::Fields { fields, .. } => {
                        fields.iter().for_each(|f| self.ty(&f.ty));
                    }
                    ast::StructLayout::Variants(vs) => vs
                        .iter()
                        .flat_map(|v| &v.fields)
                        .for_each(|f| self.ty(&f.ty)),
                },
                ast::ModuleMember::Function(f) => {
                    f.signature.parameters.iter().for_each(|(_, t)| self.ty(t));
                    self.ty(&f.signature.return_type);
                    for a in f.access_specifiers.iter().flatten() {
                        self.chain(&a.resource);
                    }
                    if let ast::FunctionBody::Defined(seq) = &f.body {
                        self.seq(seq);
                    }
                }
            }
        }
    }

    fn use_decl(&mut self, u: &ast::UseDecl) {
        let (ast::UseKind::Module { module, .. } | ast::UseKind::Members { module, .. }) = &u.kind;
        if let Ok(address) = resolve_address(&module.address, self.options) {
            self.out.insert(ModuleId {
                address,
                name: module.module.value.clone(),
            });
        }
    }

    fn chain(&mut self, c: &ast::NameAccessChain) {
        let qualified = match &c.root {
            ast::LeadingName::Address(_) => c.path.len() >= 2,
            ast::LeadingName::Name(n) => {
                c.path.len() >= 2 && self.options.named_addresses.contains_key(&n.value)
            }
        };
        if qualified && let Ok(address) = resolve_address(&c.root, self.options) {
            self.out.insert(ModuleId {
                address,
                name: c.path[0].value.clone(),
            });
        }
    }

    fn ty(&mut self, t: &ast::Type) {
        match &t.kind {
            ast::TypeKind::Apply(c, args) => {
                self.chain(c);
                args.iter().for_each(|a| self.ty(a));
            }
            ast::TypeKind::Ref { inner, .. } => self.ty(inner),
            ast::TypeKind::Fun { params, result, .. } => {
                params.iter().for_each(|a| self.ty(a));
                self.ty(result);
            }
            ast::TypeKind::Unit => {}
            ast::TypeKind::Tuple(ts) => ts.iter().for_each(|a| self.ty(a)),
        }
    }

    fn tys(&mut self, ts: &Option<Vec<ast::Type>>) {
        ts.iter().flatten().for_each(|t| self.ty(t));
    }

    fn seq(&mut self, s: &ast::Sequence) {
        s.uses.iter().for_each(|u| self.use_decl(u));
        for item in &s.items {
            match &item.kind {
                ast::SequenceItemKind::Exp(e) => self.exp(e),
                ast::SequenceItemKind::Let { binds, ty, value } => {
                    binds.binds.iter().for_each(|b| self.bind(b));
                    if let Some(t) = ty {
                        self.ty(t);
                    }
                    if let Some(v) = value {
                        self.exp(v);
                    }
                }
            }
        }
        if let Some(t) = &s.trailing {
            self.exp(t);
        }
    }

    fn bind(&mut self, b: &ast::Bind) {
        if let ast::BindKind::Unpack {
            name,
            type_args,
            fields,
        } = &b.kind
        {
            self.chain(name);
            self.tys(type_args);
            match fields {
                ast::BindFields::None => {}
                ast::BindFields::Named(fs) => {
                    for f in fs {
                        if let ast::FieldBind::Field(_, b) = f {
                            self.bind(b);
                        }
                    }
                }
                ast::BindFields::Positional(ps) => {
                    for p in ps {
                        if let ast::PositionalBind::Bind(b) = p {
                            self.bind(b);
                        }
                    }
                }
            }
        }
    }

    fn exp(&mut self, e: &ast::Exp) {
        stacker::maybe_grow(128 * 1024, 2 * 1024 * 1024, || self.exp_inner(e));
    }

    fn exp_inner(&mut self, e: &ast::Exp) {
        use ast::ExpKind as K;
        match &e.kind {
            K::Value(_) | K::Move(_) | K::Copy(_) | K::Unit | K::Spec => {}
            K::Break(_) | K::Continue(_) => {}
            K::Name(c, ts) => {
                self.chain(c);
                self.tys(ts);
            }
            K::Call {
                name,
                type_args,
                args,
                ..
            } => {
                self.chain(name);
                self.tys(type_args);
                args.iter().for_each(|a| self.exp(a));
            }
            K::MethodCall {
                receiver,
                type_args,
                args,
                ..
            } => {
                self.exp(receiver);
                self.tys(type_args);
                args.iter().for_each(|a| self.exp(a));
            }
            K::ExpCall(f, args) => {
                self.exp(f);
                args.iter().for_each(|a| self.exp(a));
            }
            K::Pack(c, ts, fields) => {
                self.chain(c);
                self.tys(ts);
                fields.iter().for_each(|(_, e)| self.exp(e));
            }
            K::Vector(ts, es) => {
                self.tys(ts);
                es.iter().for_each(|a| self.exp(a));
            }
            K::ExpList(es) => es.iter().for_each(|a| self.exp(a)),
            K::IfElse(c, t, f) => {
                self.exp(c);
                self.exp(t);
                if let Some(f) = f {
                    self.exp(f);
                }
            }
            K::While(_, c, b) => {
                self.exp(c);
                self.exp(b);
            }
            K::Loop(_, b) => self.exp(b),
            K::For {
                lower, upper, body, ..
            } => {
                self.exp(lower);
                self.exp(upper);
                self.exp(body);
            }
            K::Match(e, arms) => {
                self.exp(e);
                for arm in arms {
                    arm.binds.binds.iter().for_each(|b| self.bind(b));
                    if let Some(g) = &arm.guard {
                        self.exp(g);
                    }
                    self.exp(&arm.body);
                }
            }
            K::Block(s) => self.seq(s),
            K::Lambda { params, body, .. } => {
                for p in params {
                    self.bind(&p.bind);
                    if let Some(t) = &p.ty {
                        self.ty(t);
                    }
                }
                self.exp(body);
            }
            K::Assign { lhs, rhs, .. } => {
                self.exp(lhs);
                self.exp(rhs);
            }
            K::Return(e) => {
                if let Some(e) = e {
                    self.exp(e);
                }
            }
            K::Abort(e) | K::Dereference(e) | K::Unary(_, e) | K::Dot(e, _) => self.exp(e),
            K::Borrow { exp, .. } => self.exp(exp),
            K::Binary(a, _, b) | K::Index(a, b) => {
                self.exp(a);
                self.exp(b);
            }
            K::Cast(e, t) | K::Annotate(e, t) => {
                self.exp(e);
                self.ty(t);
            }
            K::Test(e, ts) => {
                self.exp(e);
                ts.iter().for_each(|t| self.ty(t));
            }
        }
    }
}
