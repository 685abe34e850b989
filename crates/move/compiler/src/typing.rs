//! Stage 3, typing: checks and infers the types of every function body and constant of the
//! program and stores the typed trees ([`tast`](crate::tast)) in it.
//!
//! Order: the constants of every module are folded first (a constant may use the constants
//! declared before or after it in its module), then every function body is typed
//! ([`exp`]: one [`exp::FunCtx`] per body, inference variables solved by [`infer`]), then
//! each module's `acquires` are checked against what its functions do and completed
//! transitively (the list the bytecode carries), and `#[expected_failure]` attributes are
//! read (they name constants).

mod consts;
mod exhaustive;
mod exp;
mod infer;

use std::collections::{BTreeMap, BTreeSet};

use crate::CompileOptions;
use crate::diagnostics::{Code, Diagnostic};
use crate::expansion::scope::{ModuleScope, Path, Scopes};
use crate::expansion::{ParsedFile, resolve_address};
use crate::model::{ExpectedFailure, FunId, FunKind, ModuleId, ModuleIdx, Program, StructId};
use crate::parser::ast;

/// Type-checks every body of `program`.
pub fn check(
    program: &mut Program,
    files: &[ParsedFile],
    scopes: &Scopes,
    options: &CompileOptions,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    // Constants, module by module.
    for (mi, scope) in scopes.modules.iter().enumerate() {
        let Some(m) = scope.loc.module(files) else {
            continue;
        };
        let asts: Vec<&ast::Constant> = scope
            .const_members
            .iter()
            .filter_map(|&i| match &m.members[i] {
                ast::ModuleMember::Constant(c) => Some(c),
                _ => None,
            })
            .collect();
        let values = consts::fold_module(program, scopes, scope, &asts, options, &mut diags);
        for (c, v) in program.modules[mi].constants.iter_mut().zip(values) {
            c.value = v;
        }
    }
    for (si, scope) in scopes.scripts.iter().enumerate() {
        let Some(s) = scope.loc.script(files) else {
            continue;
        };
        let asts: Vec<&ast::Constant> = s.constants.iter().collect();
        let values = consts::fold_module(program, scopes, scope, &asts, options, &mut diags);
        for (c, v) in program.scripts[si].constants.iter_mut().zip(values) {
            c.value = v;
        }
    }
    // Function bodies.
    let mut effects: BTreeMap<FunId, exp::Effects> = BTreeMap::new();
    for (mi, scope) in scopes.modules.iter().enumerate() {
        let Some(m) = scope.loc.module(files) else {
            continue;
        };
        for (fi, &member) in scope.fun_members.iter().enumerate() {
            let ast::ModuleMember::Function(f) = &m.members[member] else {
                continue;
            };
            let id = FunId {
                module: ModuleIdx(mi as u32),
                index: fi as u32,
            };
            if let ast::FunctionBody::Defined(seq) = &f.body {
                let decl = program.fun_decl(id).clone();
                let (body, fx, d) =
                    exp::check_function(program, scopes, scope, &decl, seq, options);
                diags.extend(d);
                program.modules[mi].functions[fi].body = body;
                effects.insert(id, fx);
            }
            if let Some(ef) = expected_failure(f, scopes, scope, program, options, &mut diags) {
                program.modules[mi].functions[fi].attrs.expected_failure = Some(ef);
            }
        }
    }
    for (si, scope) in scopes.scripts.iter().enumerate() {
        let Some(s) = scope.loc.script(files) else {
            continue;
        };
        if let ast::FunctionBody::Defined(seq) = &s.function.body {
            let decl = program.scripts[si].function.clone();
            let (body, _, d) = exp::check_function(program, scopes, scope, &decl, seq, options);
            diags.extend(d);
            program.scripts[si].function.body = body;
        }
    }
    check_acquires(program, &effects, &mut diags);
    diags
}

/// Checks declared `acquires` against what each function does (directly, or through calls
/// of functions of its module), and stores the complete list in the declaration.
fn check_acquires(
    program: &mut Program,
    effects: &BTreeMap<FunId, exp::Effects>,
    diags: &mut Vec<Diagnostic>,
) {
    // Transitive closure within each module (calls only count inside the module).
    let mut acquired: BTreeMap<FunId, BTreeSet<StructId>> = effects
        .iter()
        .map(|(id, fx)| (*id, fx.acquired.keys().copied().collect()))
        .collect();
    // Natives and bodiless functions: what they declare.
    for (mi, m) in program.modules.iter().enumerate() {
        for (fi, f) in m.functions.iter().enumerate() {
            let id = FunId {
                module: ModuleIdx(mi as u32),
                index: fi as u32,
            };
            acquired
                .entry(id)
                .or_insert_with(|| f.acquires.iter().copied().collect());
        }
    }
    loop {
        let mut changed = false;
        for (id, fx) in effects {
            let mut add = BTreeSet::new();
            for callee in fx.calls.keys() {
                if callee.module == id.module
                    && let Some(set) = acquired.get(callee)
                {
                    add.extend(set.iter().copied());
                }
            }
            let set = acquired.get_mut(id).expect("every function has an entry");
            for s in add {
                changed |= set.insert(s);
            }
        }
        if !changed {
            break;
        }
    }
    for (id, fx) in effects {
        let decl = program.fun_decl(*id);
        if decl.kind == FunKind::Inline {
            // Inline functions need no `acquires` (their callers do, after expansion).
            continue;
        }
        let set = &acquired[id];
        let declared: BTreeSet<StructId> = decl.acquires.iter().copied().collect();
        for s in set {
            if declared.contains(s) {
                continue;
            }
            // Where: the direct access, or the call that acquires it.
            let span = fx.acquired.get(s).copied().or_else(|| {
                fx.calls
                    .iter()
                    .find(|(c, _)| c.module == id.module && acquired[c].contains(s))
                    .map(|(_, span)| *span)
            });
            let name = &program.struct_decl(*s).name;
            diags.push(
                Diagnostic::error(
                    Code::Acquires,
                    format!(
                        "function `{}` acquires `{name}` but does not declare it",
                        decl.name
                    ),
                    span.unwrap_or(decl.name_span),
                    format!("`{name}` acquired here"),
                )
                .with_secondary(
                    decl.name_span,
                    format!("add `acquires {name}` to `{}`", decl.name),
                ),
            );
        }
        for s in &declared {
            if !set.contains(s) && s.module == id.module {
                diags.push(Diagnostic::warning(
                    Code::Acquires,
                    format!(
                        "function `{}` declares `acquires {}` but never acquires it",
                        decl.name,
                        program.struct_decl(*s).name
                    ),
                    decl.name_span,
                    "unused acquires",
                ));
            }
        }
    }
    // The bytecode carries the resources of the function's own module that it acquires.
    for (id, set) in acquired {
        let decl = &mut program.modules[id.module.0 as usize].functions[id.index as usize];
        if decl.kind == FunKind::Regular && effects.contains_key(&id) {
            decl.acquires = set.into_iter().filter(|s| s.module == id.module).collect();
        }
    }
}

/// Reads `#[expected_failure(..)]`.
fn expected_failure(
    f: &ast::Function,
    scopes: &Scopes,
    scope: &ModuleScope,
    program: &Program,
    options: &CompileOptions,
    diags: &mut Vec<Diagnostic>,
) -> Option<ExpectedFailure> {
    let attr = f
        .attributes
        .iter()
        .flat_map(|g| &g.attributes)
        .find(|a| a.name().value == "expected_failure")?;
    let mut ef = ExpectedFailure::default();
    let ast::AttributeKind::Parameterized(_, inner) = &attr.kind else {
        return Some(ef);
    };
    for a in inner {
        let bad = |what: &str| {
            Diagnostic::error(
                Code::InvalidAttribute,
                format!("invalid `expected_failure` argument: {what}"),
                a.span,
                "here",
            )
        };
        match (&a.kind, a.name().value.as_str()) {
            (ast::AttributeKind::Name(_), "arithmetic_error") => ef.arithmetic_error = true,
            (ast::AttributeKind::Name(_), "out_of_gas") => ef.out_of_gas = true,
            (ast::AttributeKind::Name(_), "vector_error") => ef.vector_error = true,
            (
                ast::AttributeKind::Assigned(_, v),
                key @ ("abort_code" | "major_status" | "minor_status"),
            ) => match attribute_number(v, scopes, scope, program, options) {
                Some(n) => match key {
                    "abort_code" => ef.abort_code = Some(n),
                    "major_status" => ef.major_status = Some(n),
                    _ => ef.minor_status = Some(n),
                },
                None => diags.push(bad("expected a u64 number or constant")),
            },
            (ast::AttributeKind::Assigned(_, ast::AttributeValue::Name(chain)), "location") => {
                match location(chain, scope, program, options) {
                    Some(id) => ef.location = Some(id),
                    None => diags.push(bad("expected `Self` or `address::module`")),
                }
            }
            _ => diags.push(bad("unknown argument")),
        }
    }
    Some(ef)
}

fn attribute_number(
    v: &ast::AttributeValue,
    scopes: &Scopes,
    scope: &ModuleScope,
    program: &Program,
    options: &CompileOptions,
) -> Option<u64> {
    match v {
        ast::AttributeValue::Value(ast::Value {
            kind: ast::ValueKind::Num(text),
            ..
        }) => consts::parse_number(text)
            .ok()
            .and_then(|(n, _)| n.try_into().ok()),
        ast::AttributeValue::Value(_) => None,
        ast::AttributeValue::Name(chain) => {
            let id = match scopes.split(scope, chain, options).ok()? {
                Path::Single(n) => crate::model::ConstId {
                    module: scope.module?,
                    index: *scope.consts.get(&n.value)?,
                },
                Path::Member {
                    module,
                    name,
                    rest: [],
                } => scopes.const_in(module, &name.value)?,
                _ => return None,
            };
            match program.const_decl(id).value {
                Some(crate::tast::ConstValue::U64(n)) => Some(n),
                _ => None,
            }
        }
    }
}

fn location(
    chain: &ast::NameAccessChain,
    scope: &ModuleScope,
    program: &Program,
    options: &CompileOptions,
) -> Option<ModuleId> {
    match (&chain.root, chain.path.as_slice()) {
        (ast::LeadingName::Name(n), []) if n.value == "Self" => {
            Some(program.module(scope.module?).id.clone())
        }
        (ast::LeadingName::Name(n), []) => {
            scope.module_aliases.get(&n.value).map(|(id, _)| id.clone())
        }
        (_, [m]) => Some(ModuleId {
            address: resolve_address(&chain.root, options).ok()?,
            name: m.value.clone(),
        }),
        _ => None,
    }
}
