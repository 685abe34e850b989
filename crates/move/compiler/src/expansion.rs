//! Stage 2, expansion: resolves addresses, modules, `use`s and declarations of every package
//! into a [`Program`] (structs, function signatures, constants' types), and keeps the name
//! scopes the typing stage resolves body names in.

use crate::CompileOptions;
use crate::diagnostics::Diagnostic;
use crate::model::Program;
use crate::parser::ast;

/// A parsed file and the package it belongs to.
#[derive(Clone, Debug)]
pub struct ParsedFile {
    /// The package (index into the compilation's input packages).
    pub package: u32,
    /// The file's AST.
    pub ast: ast::File,
}

/// Name scopes of every module and script, for the typing stage.
#[derive(Clone, Debug, Default)]
pub struct Scopes {}

/// Builds the program's declarations from the parsed files.
pub fn expand(
    files: &[ParsedFile],
    options: &CompileOptions,
) -> (Program, Scopes, Vec<Diagnostic>) {
    let _ = (files, options);
    (Program::default(), Scopes::default(), Vec::new())
}
