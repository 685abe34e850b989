//! Stage 3, typing: checks and infers the types of every function body and constant of the
//! program and stores the typed trees ([`tast`](crate::tast)) in it.

use crate::CompileOptions;
use crate::diagnostics::Diagnostic;
use crate::expansion::{ParsedFile, Scopes};
use crate::model::Program;

/// Type-checks every body of `program`.
pub fn check(
    program: &mut Program,
    files: &[ParsedFile],
    scopes: &Scopes,
    options: &CompileOptions,
) -> Vec<Diagnostic> {
    let _ = (program, files, scopes, options);
    Vec::new()
}
