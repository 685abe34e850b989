//! Move source compiler: Move as the Aptos compiler accepts it (Move 2, 2024/25) to bytecode,
//! as a pipeline of stages, each in its own module with its own output types.
//!
//! Built so far: stage 1, [`parser`] (lexer + recursive-descent parser to an AST with spans;
//! specification constructs are recognised and dropped). Every stage reports problems as
//! [`diagnostics::Diagnostic`]s (stable codes, labelled [`source::Span`]s), rendered with the
//! source line shown.
//!
//! Not here yet: name resolution, type checking, code generation, the package system.

pub mod diagnostics;
pub mod parser;
pub mod source;

pub use parser::parse_file;
