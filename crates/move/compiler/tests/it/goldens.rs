//! Golden diagnostics: each `tests/goldens/NAME.move` is parsed and its rendered diagnostics
//! compared with `NAME.exp`. Regenerate with `UPDATE_GOLDENS=1` and review the diff.

use lumio_move_compiler::diagnostics::render;
use lumio_move_compiler::parse_file;
use lumio_move_compiler::source::SourceFiles;

use crate::golden_dir::check_goldens;

fn render_one(name: &str, src: &str) -> String {
    let mut files = SourceFiles::new();
    let id = files.add(format!("tests/goldens/{name}"), src);
    let (ast, diags) = parse_file(src, id);
    // Rendering never panics and every diagnostic has a primary label.
    assert!(
        diags.iter().all(|d| d.primary_span().is_some()),
        "{name}: {diags:#?}"
    );
    let mut out = render(&files, &diags);
    out.push_str(if ast.is_some() {
        "-- parsed\n"
    } else {
        "-- rejected\n"
    });
    out
}

#[test]
fn golden_diagnostics() {
    check_goldens("goldens", 20, render_one);
}
