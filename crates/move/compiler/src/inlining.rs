//! Stage 4, inlining: every call of an `inline` function is replaced by its body, with the
//! lambdas passed to it substituted at their call sites; afterwards no [`tast`] of a regular
//! function or script contains a call of an inline function, a lambda or an invoke.
//!
//! The stage runs in two steps:
//!
//! 1. [`check`]: every body (inline ones included, so an error is reported once, at its
//!    source) is checked for what inlining cannot place — `return` in an inline function or a
//!    lambda, `break`/`continue` leaving a lambda, a lambda that is not the argument of an
//!    inline call, a function parameter used other than by calling it or passing it on — and
//!    the inline functions that call themselves, directly or through others, are found (one
//!    diagnostic per cycle). Nothing is expanded when this step reports an error.
//! 2. [`expand`]: the bodies of regular functions and scripts are rewritten top-down. A call
//!    of an inline function becomes a block that binds each non-function argument, in order,
//!    to a fresh local and then holds a copy of the callee's body with its locals and loops
//!    renamed to fresh ones and its types instantiated; an invoke of a lambda parameter
//!    becomes a block that binds the lambda's parameters (its own locals at the first invoke,
//!    fresh ones at later ones) and then holds the lambda's body, whose captured variables
//!    are the defining body's. Code that comes from another module is checked for what the
//!    caller's module may not reach (private or friend functions, struct internals). Inline
//!    function bodies stay as they are (code generation skips them).
//!
//! [`tast`]: crate::tast

mod check;
mod expand;
#[cfg(test)]
mod tests;

use crate::diagnostics::Diagnostic;
use crate::model::{FunDecl, FunId, FunKind, ModuleIdx, Program};
use crate::tast::Exp;

/// Expands inline calls in every function body of `program`.
pub fn inline(program: &mut Program) -> Vec<Diagnostic> {
    let (mut diags, to_expand) = check::check_program(program);
    if diags.iter().any(Diagnostic::is_error) {
        return diags;
    }
    for owner in to_expand {
        let (home, slot) = match owner {
            Owner::Fun(f) => (
                expand::Home::Module(f.module),
                program.modules[f.module.0 as usize].functions[f.index as usize]
                    .body
                    .take(),
            ),
            Owner::Script(s) => (
                expand::Home::Script(program.scripts[s].package),
                program.scripts[s].function.body.take(),
            ),
        };
        let Some(body) = slot else {
            continue;
        };
        let (body, more) = expand::expand_body(program, home, &body);
        diags.extend(more);
        match owner {
            Owner::Fun(f) => {
                program.modules[f.module.0 as usize].functions[f.index as usize].body = Some(body);
            }
            Owner::Script(s) => program.scripts[s].function.body = Some(body),
        }
    }
    diags
}

/// The function `id`, if it exists (ids come from typing; a bad one is not a panic here).
fn fun_decl(program: &Program, id: FunId) -> Option<&FunDecl> {
    program
        .modules
        .get(id.module.0 as usize)?
        .functions
        .get(id.index as usize)
}

/// `0x1::m::f`, for messages.
fn fun_name(program: &Program, id: FunId) -> String {
    match (
        program.modules.get(id.module.0 as usize),
        fun_decl(program, id),
    ) {
        (Some(m), Some(f)) => format!("{}::{}", m.id, f.name),
        _ => format!("function #{}.{}", id.module.0, id.index),
    }
}

/// Whether `id` is an inline function with a body.
fn is_inline(program: &Program, id: FunId) -> bool {
    fun_decl(program, id).is_some_and(|f| f.kind == FunKind::Inline && f.body.is_some())
}

/// Calls `f` on every direct sub-expression of `e`, in evaluation order.
fn for_each_child<'a>(e: &'a Exp, mut f: impl FnMut(&'a Exp)) {
    crate::tast::for_each_child(e, &mut f);
}

/// Whose a body is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Owner {
    /// A module's function.
    Fun(FunId),
    /// A script's function (index into [`Program::scripts`]).
    Script(usize),
}

/// Every function with a body, with its owner.
fn bodies(program: &Program) -> impl Iterator<Item = (Owner, &FunDecl)> {
    let modules = program.modules.iter().enumerate().flat_map(|(m, module)| {
        module.functions.iter().enumerate().map(move |(i, f)| {
            let id = FunId {
                module: ModuleIdx(m as u32),
                index: i as u32,
            };
            (Owner::Fun(id), f)
        })
    });
    let scripts = program
        .scripts
        .iter()
        .enumerate()
        .map(|(i, s)| (Owner::Script(i), &s.function));
    modules.chain(scripts).filter(|(_, f)| f.body.is_some())
}
