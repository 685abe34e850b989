//! What inlining cannot place, checked once per body before anything is expanded: misplaced
//! lambdas, function parameters and control flow (code 502), and recursive inline functions
//! (code 501).

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::diagnostics::{Code, Diagnostic};
use crate::model::{FunDecl, FunId, FunKind, Program, Type};
use crate::source::Span;
use crate::tast::{Exp, ExpKind, FunBody, LocalId, LoopId};

use super::{Owner, bodies, for_each_child, fun_decl, fun_name, is_inline};

/// Checks every body of `program` and the inline call graph; also returns the regular
/// bodies that hold inline code (the others need no expansion and are left untouched).
pub(super) fn check_program(program: &Program) -> (Vec<Diagnostic>, Vec<Owner>) {
    let mut diags = Vec::new();
    let mut to_expand = Vec::new();
    for (owner, decl) in bodies(program) {
        if let Some(body) = &decl.body {
            let mut checker = Checker {
                program,
                decl,
                body,
                lambdas: Vec::new(),
                inline_code: false,
                diags: &mut diags,
            };
            checker.exp(&body.exp);
            if checker.inline_code && decl.kind != FunKind::Inline {
                to_expand.push(owner);
            }
        }
    }
    diags.extend(recursion(program));
    (diags, to_expand)
}

struct Checker<'a> {
    program: &'a Program,
    decl: &'a FunDecl,
    body: &'a FunBody,
    /// For each lambda around the current expression (innermost last), the loops declared in
    /// it so far: the only ones a `break`/`continue` inside may name.
    lambdas: Vec<HashSet<LoopId>>,
    /// Whether the body calls an inline function (or holds a lambda or an invoke).
    inline_code: bool,
    diags: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    fn is_fun_local(&self, l: LocalId) -> bool {
        self.body
            .locals
            .get(l.0 as usize)
            .is_some_and(|d| matches!(d.ty, Type::Fun(..)))
    }

    fn error(&mut self, span: Span, message: String, label: &str) {
        self.diags
            .push(Diagnostic::error(Code::InvalidLambda, message, span, label));
    }

    fn exp(&mut self, e: &Exp) {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.exp_inner(e));
    }

    fn exp_inner(&mut self, e: &Exp) {
        match &e.kind {
            ExpKind::Return(_) => {
                if self.decl.kind == FunKind::Inline {
                    let message = format!(
                        "`return` is not allowed in an inline function (`{}`)",
                        self.decl.name
                    );
                    self.error(e.span, message, "return in an inline function");
                } else if !self.lambdas.is_empty() {
                    self.error(
                        e.span,
                        "`return` is not allowed in a lambda".into(),
                        "return in a lambda",
                    );
                }
            }
            ExpKind::Break(l) | ExpKind::Continue(l)
                if self
                    .lambdas
                    .last()
                    .is_some_and(|inside| !inside.contains(l)) =>
            {
                let what = if matches!(e.kind, ExpKind::Break(_)) {
                    "break"
                } else {
                    "continue"
                };
                self.error(
                    e.span,
                    format!("`{what}` out of a lambda is not allowed"),
                    "this names a loop outside the lambda",
                );
            }
            ExpKind::Loop(l, _) | ExpKind::While(l, _, _) => {
                if let Some(inside) = self.lambdas.last_mut() {
                    inside.insert(*l);
                }
            }
            ExpKind::Lambda(..) => {
                self.inline_code = true;
                self.error(
                    e.span,
                    "a lambda is only allowed as the argument of an inline function".into(),
                    "lambda here",
                );
                return;
            }
            ExpKind::Use(l, _) | ExpKind::BorrowLocal(_, l) if self.is_fun_local(*l) => {
                self.fun_param_misuse(e.span, *l);
            }
            ExpKind::Invoke(callee, args) => {
                self.inline_code = true;
                match &callee.kind {
                    ExpKind::Use(l, _)
                        if self.decl.kind == FunKind::Inline
                            && (l.0 as usize) < self.decl.params.len()
                            && self.is_fun_local(*l) => {}
                    _ => self.error(
                        callee.span,
                        "only a function parameter of an inline function can be called".into(),
                        "not a function parameter of an inline function",
                    ),
                }
                for a in args {
                    self.exp(a);
                }
                return;
            }
            ExpKind::Call(f, _, args) if is_inline(self.program, *f) => {
                self.inline_code = true;
                self.inline_call_args(*f, args);
                return;
            }
            _ => {}
        }
        for_each_child(e, |c| self.exp(c));
    }

    fn fun_param_misuse(&mut self, span: Span, l: LocalId) {
        let name = self
            .body
            .locals
            .get(l.0 as usize)
            .map_or("?", |d| d.name.as_str());
        self.error(
            span,
            format!(
                "function parameter `{name}` can only be called or passed to an inline function"
            ),
            "function parameter used here",
        );
    }

    /// The arguments of a call of the inline function `f`: lambdas and function parameters
    /// where `f` takes a function, ordinary expressions elsewhere.
    fn inline_call_args(&mut self, f: FunId, args: &[Exp]) {
        let params = fun_decl(self.program, f).map_or(&[][..], |d| &d.params[..]);
        for (i, arg) in args.iter().enumerate() {
            let takes_fun = params
                .get(i)
                .is_some_and(|(_, t)| matches!(t, Type::Fun(..)));
            match &arg.kind {
                ExpKind::Lambda(_, body) if takes_fun => {
                    self.lambdas.push(HashSet::new());
                    self.exp(body);
                    self.lambdas.pop();
                }
                ExpKind::Use(l, _) if takes_fun && self.is_fun_local(*l) => {}
                _ if takes_fun => {
                    let name = params.get(i).map_or("?", |(n, _)| n.as_str());
                    self.error(
                        arg.span,
                        format!(
                            "the argument for parameter `{name}` of `{}` must be a lambda",
                            fun_name(self.program, f)
                        ),
                        "not a lambda",
                    );
                    self.exp(arg);
                }
                _ => self.exp(arg),
            }
        }
    }
}

/// The inline functions that call themselves, directly or through other inline functions:
/// one diagnostic per strongly connected component of the inline call graph that has a cycle.
fn recursion(program: &Program) -> Vec<Diagnostic> {
    // Edges: inline function → the inline functions its body calls, with the call spans.
    let mut graph: BTreeMap<FunId, BTreeMap<FunId, Vec<Span>>> = BTreeMap::new();
    for (owner, decl) in bodies(program) {
        let (Owner::Fun(id), Some(body)) = (owner, &decl.body) else {
            continue;
        };
        if decl.kind != FunKind::Inline {
            continue;
        }
        let mut calls = BTreeMap::new();
        collect_inline_calls(program, &body.exp, &mut calls);
        graph.insert(id, calls);
    }
    let mut diags = Vec::new();
    for component in strongly_connected(&graph) {
        let first = component[0];
        let members: BTreeSet<FunId> = component.iter().copied().collect();
        let self_loop = graph
            .get(&first)
            .is_some_and(|calls| calls.contains_key(&first));
        if component.len() == 1 && !self_loop {
            continue;
        }
        let names: Vec<String> = component
            .iter()
            .map(|f| format!("`{}`", fun_name(program, *f)))
            .collect();
        let message = if component.len() == 1 {
            format!("inline function {} calls itself", names[0])
        } else {
            format!(
                "inline functions {} call each other recursively",
                names.join(", ")
            )
        };
        let span = fun_decl(program, first).map_or(Span::default(), |d| d.name_span);
        let mut d = Diagnostic::error(
            Code::RecursiveInline,
            message,
            span,
            "an inline function cannot be expanded into itself",
        );
        for f in &component {
            for (callee, spans) in graph.get(f).into_iter().flatten() {
                if members.contains(callee) {
                    for s in spans {
                        let label = format!("calls `{}`", fun_name(program, *callee));
                        d = d.with_secondary(*s, label);
                    }
                }
            }
        }
        diags.push(d);
    }
    diags
}

fn collect_inline_calls(program: &Program, e: &Exp, out: &mut BTreeMap<FunId, Vec<Span>>) {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
        if let ExpKind::Call(f, _, _) = &e.kind
            && is_inline(program, *f)
        {
            out.entry(*f).or_default().push(e.span);
        }
        for_each_child(e, |c| collect_inline_calls(program, c, out));
    });
}

/// Tarjan's algorithm, iterative (a long chain of inline functions must not exhaust the
/// stack). Components come out with their members sorted.
fn strongly_connected(graph: &BTreeMap<FunId, BTreeMap<FunId, Vec<Span>>>) -> Vec<Vec<FunId>> {
    struct Node {
        index: usize,
        low: usize,
        on_stack: bool,
    }
    let mut nodes: BTreeMap<FunId, Node> = BTreeMap::new();
    let mut stack: Vec<FunId> = Vec::new();
    let mut out = Vec::new();
    let mut next = 0;
    for &root in graph.keys() {
        if nodes.contains_key(&root) {
            continue;
        }
        // (node, its successors, position of the next successor to visit)
        let mut work: Vec<(FunId, Vec<FunId>, usize)> = Vec::new();
        let succ = |f: FunId| -> Vec<FunId> {
            graph
                .get(&f)
                .map(|c| {
                    c.keys()
                        .copied()
                        .filter(|g| graph.contains_key(g))
                        .collect()
                })
                .unwrap_or_default()
        };
        nodes.insert(
            root,
            Node {
                index: next,
                low: next,
                on_stack: true,
            },
        );
        next += 1;
        stack.push(root);
        work.push((root, succ(root), 0));
        while let Some((v, succs, pos)) = work.last_mut() {
            let v = *v;
            if let Some(&w) = succs.get(*pos) {
                *pos += 1;
                match nodes.get(&w) {
                    None => {
                        nodes.insert(
                            w,
                            Node {
                                index: next,
                                low: next,
                                on_stack: true,
                            },
                        );
                        next += 1;
                        stack.push(w);
                        work.push((w, succ(w), 0));
                    }
                    Some(n) if n.on_stack => {
                        let wi = n.index;
                        if let Some(nv) = nodes.get_mut(&v) {
                            nv.low = nv.low.min(wi);
                        }
                    }
                    Some(_) => {}
                }
                continue;
            }
            work.pop();
            let (v_low, v_index) = nodes.get(&v).map_or((0, 0), |n| (n.low, n.index));
            if let Some((parent, _, _)) = work.last()
                && let Some(np) = nodes.get_mut(parent)
            {
                np.low = np.low.min(v_low);
            }
            if v_low == v_index {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    if let Some(n) = nodes.get_mut(&w) {
                        n.on_stack = false;
                    }
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                component.sort();
                out.push(component);
            }
        }
    }
    out
}
