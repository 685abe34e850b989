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

#[cfg(test)]
mod tests {
    use super::ast::*;
    use super::parse_file;
    use crate::diagnostics::{Code, Severity};
    use crate::source::FileId;

    fn members(src: &str) -> Vec<ModuleMember> {
        let (ast, diags) = parse_file(src, FileId(0));
        assert!(diags.is_empty(), "{diags:#?}");
        match ast.expect("parsed").definitions.into_iter().next() {
            Some(Definition::Module(m)) => m.members,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn empty_and_comment_only_files_parse() {
        for src in ["", "  \n", "// nothing\n/* here */\n/// dangling doc\n"] {
            let (ast, diags) = parse_file(src, FileId(3));
            assert!(diags.is_empty());
            let ast = ast.expect("parsed");
            assert!(ast.definitions.is_empty());
            assert_eq!(ast.span.file, FileId(3));
        }
    }

    #[test]
    fn warnings_keep_the_ast() {
        let (ast, diags) = parse_file("module 0x1::m { public(script) fun f() {} }", FileId(0));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].severity, Severity::Warning);
        assert_eq!(diags[0].code, Code::Deprecated);
        let Some(Definition::Module(m)) = ast.map(|a| a.definitions.into_iter().next().unwrap())
        else {
            panic!("module");
        };
        let ModuleMember::Function(f) = &m.members[0] else {
            panic!("fun")
        };
        assert!(matches!(f.visibility, Visibility::Public(_)));
        assert!(f.entry.is_some());
    }

    #[test]
    fn errors_drop_the_ast_and_recovery_reports_each_member() {
        let src = "module 0x1::m { fun a() { 1 + } fun b() {} fun c(: u64) {} struct S { x } }";
        let (ast, diags) = parse_file(src, FileId(0));
        assert!(ast.is_none());
        let at: Vec<&str> = diags
            .iter()
            .map(|d| &src[d.primary_span().unwrap().range()])
            .collect();
        assert_eq!(at, ["}", ":", "}"]);
    }

    #[test]
    fn shift_tokens_close_nested_type_arguments() {
        let m = members("module 0x1::m { fun f(x: vector<vector<u8>>): Option<vector<u8>>{ x } }");
        let ModuleMember::Function(f) = &m[0] else {
            panic!("fun")
        };
        let TypeKind::Apply(_, args) = &f.signature.parameters[0].1.kind else {
            panic!("apply")
        };
        let TypeKind::Apply(inner, inner_args) = &args[0].kind else {
            panic!("inner")
        };
        assert_eq!(inner.as_single().unwrap().value, "vector");
        assert_eq!(inner_args.len(), 1);
        // The split `>` tokens keep exact spans.
        assert_eq!(
            f.signature.parameters[0].1.span.len(),
            "vector<vector<u8>>".len() as u32
        );
    }

    #[test]
    fn spec_keyword_is_never_an_identifier() {
        let (ast, diags) = parse_file("module 0x1::m { fun f(spec: u64) {} }", FileId(0));
        assert!(ast.is_none());
        assert_eq!(diags[0].code, Code::UnexpectedToken);
        // ... while words containing it are ordinary names.
        members("module 0x1::m { fun spec_of(specs: u64): u64 { let inspect = specs; inspect } }");
    }

    #[test]
    fn friend_is_a_declaration_or_a_visibility() {
        let m =
            members("module 0x1::m { friend 0x1::n; friend fun f() {} friend entry fun g() {} }");
        assert!(matches!(m[0], ModuleMember::Friend(_)));
        assert!(
            matches!(&m[1], ModuleMember::Function(f) if matches!(f.visibility, Visibility::Friend(_)))
        );
        assert!(matches!(&m[2], ModuleMember::Function(f) if f.entry.is_some()));
    }

    #[test]
    fn contextual_keywords_are_names_elsewhere() {
        let m = members(
            "module 0x1::m { struct S { entry: u64, enum: u64, for: u64, match: u64, package: u64, has: u64 } \
             fun phantom(address: address, vector: u64): u64 { vector } }",
        );
        let ModuleMember::Struct(s) = &m[0] else {
            panic!("struct")
        };
        let StructLayout::Fields { fields, .. } = &s.layout else {
            panic!("fields")
        };
        assert_eq!(fields.len(), 6);
        assert!(matches!(&m[1], ModuleMember::Function(f) if f.name.value == "phantom"));
    }
}
