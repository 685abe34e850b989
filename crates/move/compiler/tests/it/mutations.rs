//! The parser never panics: token-level mutations of the corpus (deleted, inserted, replaced,
//! swapped, duplicated tokens; truncated files) always give diagnostics or an AST, with
//! diagnostics that render and spans inside the file.

use crate::corpus::corpus;
use crate::print::print_file;
use lumio_move_compiler::diagnostics::render;
use lumio_move_compiler::parse_file;
use lumio_move_compiler::parser::lexer::{TokenKind, lex};
use lumio_move_compiler::source::{FileId, SourceFiles};
use proptest::prelude::*;
use std::sync::OnceLock;

/// Tokens (and broken lexemes) the mutations insert.
const VOCABULARY: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "<",
    ">",
    ">>",
    "[",
    "]",
    ",",
    ";",
    ":",
    "::",
    "=",
    "==",
    "=>",
    "|",
    "||",
    "&",
    "&mut",
    "*",
    "!",
    ".",
    "..",
    "..=",
    "@",
    "#",
    "#[",
    "'l",
    "-",
    "+=",
    "<<=",
    "fun",
    "struct",
    "enum",
    "spec",
    "module",
    "script",
    "address",
    "let",
    "if",
    "else",
    "while",
    "loop",
    "for",
    "in",
    "match",
    "return",
    "abort",
    "break",
    "continue",
    "public",
    "friend",
    "package",
    "native",
    "inline",
    "entry",
    "use",
    "const",
    "as",
    "is",
    "has",
    "copy",
    "drop",
    "move",
    "phantom",
    "invariant",
    "acquires",
    "vector",
    "x",
    "Self",
    "0x1",
    "1u64",
    "0",
    "b\"x\"",
    "x\"0f\"",
    "x\"0\"",
    "b\"\\q\"",
    "\"",
    "b\"",
    "/*",
    "*/",
    "///",
    "$",
    "é",
    "'",
];

/// Each corpus file as the texts of its tokens, each with the separator before it: none if
/// the tokens touched (`f<T>` differs from `f < T`), else a space or a newline; comments are
/// left out.
pub(crate) fn tokens_of(src: &str) -> Vec<String> {
    let mut prev_end = 0;
    lex(src, FileId(0))
        .tokens
        .iter()
        .filter(|t| t.kind != TokenKind::Eof)
        .map(|t| {
            let gap = &src[prev_end..t.start as usize];
            prev_end = t.end as usize;
            let sep = if gap.is_empty() {
                ""
            } else if gap.contains('\n') {
                "\n"
            } else {
                " "
            };
            format!("{sep}{}", t.text(src))
        })
        .collect()
}

fn corpus_tokens() -> &'static Vec<Vec<String>> {
    static TOKENS: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    TOKENS.get_or_init(|| {
        corpus()
            .into_iter()
            .map(|(_, src)| {
                let mut prev_end = 0;
                lex(&src, FileId(0))
                    .tokens
                    .iter()
                    .filter(|t| t.kind != TokenKind::Eof)
                    .map(|t| {
                        let gap = &src[prev_end..t.start as usize];
                        prev_end = t.end as usize;
                        let sep = if gap.is_empty() {
                            ""
                        } else if gap.contains('\n') {
                            "\n"
                        } else {
                            " "
                        };
                        format!("{sep}{}", t.text(&src))
                    })
                    .collect()
            })
            .collect()
    })
}

#[derive(Debug, Clone)]
pub(crate) enum Mutation {
    Delete(usize),
    Insert(usize, usize),
    Replace(usize, usize),
    Swap(usize),
    Duplicate(usize),
    Truncate(usize),
}

pub(crate) fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<usize>();
    let word = 0..VOCABULARY.len();
    prop_oneof![
        3 => at.prop_map(Mutation::Delete),
        3 => (at, word.clone()).prop_map(|(a, w)| Mutation::Insert(a, w)),
        3 => (at, word).prop_map(|(a, w)| Mutation::Replace(a, w)),
        2 => at.prop_map(Mutation::Swap),
        2 => at.prop_map(Mutation::Duplicate),
        1 => at.prop_map(Mutation::Truncate),
    ]
}

pub(crate) fn apply(tokens: &mut Vec<String>, m: &Mutation) {
    if tokens.is_empty() {
        return;
    }
    let n = tokens.len();
    match *m {
        Mutation::Delete(a) => {
            tokens.remove(a % n);
        }
        Mutation::Insert(a, w) => tokens.insert(a % (n + 1), format!(" {}", VOCABULARY[w])),
        Mutation::Replace(a, w) => tokens[a % n] = format!(" {}", VOCABULARY[w]),
        Mutation::Swap(a) if n > 1 => tokens.swap(a % (n - 1), a % (n - 1) + 1),
        Mutation::Swap(_) => {}
        Mutation::Duplicate(a) => {
            let t = tokens[a % n].clone();
            tokens.insert(a % n, t);
        }
        Mutation::Truncate(a) => tokens.truncate(a % n),
    }
}

/// Parses `src` and checks everything that must hold for any input.
fn check(src: &str) {
    let mut files = SourceFiles::new();
    let id = files.add("mutant.move", src);
    let (ast, diags) = parse_file(src, id);
    let has_error = diags.iter().any(|d| d.is_error());
    assert_eq!(
        ast.is_some(),
        !has_error,
        "an AST exactly when there is no error: {diags:#?}"
    );
    for d in &diags {
        let span = d.primary_span().expect("every diagnostic has a location");
        assert!(
            span.start <= span.end && span.end as usize <= src.len(),
            "{d:?}"
        );
        assert!(
            src.is_char_boundary(span.start as usize) && src.is_char_boundary(span.end as usize),
            "{d:?}"
        );
    }
    let rendered = render(&files, &diags);
    assert_eq!(
        rendered.matches("error[").count() + rendered.matches("warning[").count(),
        diags.len()
    );
    if let Some(ast) = ast {
        // The span invariants of a clean parse hold for mutants that still parse.
        print_file(src, &ast);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn mutated_corpus_never_panics(
        file in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let files = corpus_tokens();
        let mut tokens = files[file.index(files.len())].clone();
        for m in &mutations {
            apply(&mut tokens, m);
        }
        check(&tokens.concat());
    }
}

#[test]
fn every_truncation_of_the_corpus_is_handled() {
    for tokens in corpus_tokens() {
        for n in 0..tokens.len() {
            check(&tokens[..n].concat());
        }
    }
}

#[test]
fn corpus_rebuilt_from_tokens_still_parses() {
    // Sanity check of the mutation base: rebuilding from tokens loses only comments.
    for tokens in corpus_tokens() {
        let src = tokens.concat();
        let (ast, diags) = parse_file(&src, FileId(0));
        assert!(ast.is_some() && diags.is_empty(), "{diags:#?}");
    }
}
