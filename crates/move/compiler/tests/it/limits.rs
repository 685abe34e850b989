//! Deeply nested input: refused with a diagnostic past the nesting limit, and never a stack
//! overflow, even on a small thread stack (the parser grows its stack when needed).

use lumio_move_compiler::diagnostics::Code;
use lumio_move_compiler::parse_file;
use lumio_move_compiler::source::FileId;

fn in_fun(body: &str) -> String {
    format!("module 0x1::m {{ fun f() {{ {body} }} }}")
}

fn shapes(n: usize) -> Vec<(&'static str, String)> {
    vec![
        (
            "parentheses",
            in_fun(&format!("{}1{}", "(".repeat(n), ")".repeat(n))),
        ),
        (
            "blocks",
            in_fun(&format!("{}1{}", "{ ".repeat(n), " }".repeat(n))),
        ),
        (
            "ifs",
            in_fun(&format!("{}1{}", "if (c) { ".repeat(n), " }".repeat(n))),
        ),
        (
            "else ifs",
            in_fun(&format!("{}2", "if (c) 1 else ".repeat(n))),
        ),
        ("unary", in_fun(&format!("{}x", "!-&*".repeat(n)))),
        ("returns", in_fun(&format!("{}1", "return ".repeat(n)))),
        ("assignments", in_fun(&format!("{}1", "x = ".repeat(n)))),
        ("lambdas", in_fun(&format!("{}x", "|x| ".repeat(n)))),
        ("binary", in_fun(&format!("x{}", " + x".repeat(n)))),
        ("chain", in_fun(&format!("x{}", ".f()[0]".repeat(n)))),
        (
            "patterns",
            in_fun(&format!(
                "let {}x{} = y;",
                "S { f: ".repeat(n),
                " }".repeat(n)
            )),
        ),
        (
            "types",
            format!(
                "module 0x1::m {{ fun f(): {}u8{} {{}} }}",
                "vector<".repeat(n),
                ">".repeat(n)
            ),
        ),
        (
            "attributes",
            format!("#[{}b{}] module 0x1::m {{}}", "a(".repeat(n), ")".repeat(n)),
        ),
    ]
}

fn run_on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no panic");
}

#[test]
fn too_deep_nesting_is_an_error_not_a_crash() {
    run_on_small_stack(|| {
        for (name, src) in shapes(5_000) {
            let (ast, diags) = parse_file(&src, FileId(0));
            assert!(ast.is_none(), "{name}");
            assert!(
                diags.iter().any(|d| d.code == Code::NestingTooDeep),
                "{name}: {diags:#?}"
            );
        }
    });
}

#[test]
fn reasonable_nesting_parses() {
    run_on_small_stack(|| {
        for (name, src) in shapes(100) {
            let (ast, diags) = parse_file(&src, FileId(0));
            assert!(ast.is_some(), "{name}: {diags:#?}");
        }
    });
}
