//! Stage 1, parsing: Move source text to the [`ast`] of one file.
//!
//! [`lexer`] turns text into tokens; `syntax` (recursive descent) turns tokens into the AST.
//! [`parse_file`] runs both.

pub mod ast;
pub mod lexer;
mod syntax;

use crate::diagnostics::Diagnostic;
use crate::source::FileId;

/// Parses one file. Returns the AST when there is no error (warnings may be present), and
/// every diagnostic in source order of discovery: lexical errors first, then syntax errors
/// (after a syntax error the parser skips to the next module member, so several may be
/// reported).
pub fn parse_file(source: &str, file: FileId) -> (Option<ast::File>, Vec<Diagnostic>) {
    let lexed = lexer::lex(source, file);
    let mut parser = syntax::Parser::new(source, file, lexed);
    let ast = parser.parse_file();
    let diagnostics = std::mem::take(&mut parser.diagnostics);
    let ok = !diagnostics.iter().any(Diagnostic::is_error);
    (ok.then_some(ast), diagnostics)
}
