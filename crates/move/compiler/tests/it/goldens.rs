//! Golden diagnostics: each `tests/goldens/NAME.move` is parsed and its rendered diagnostics
//! compared with `NAME.exp`. Regenerate with `UPDATE_GOLDENS=1` and review the diff.

use lumio_move_compiler::diagnostics::render;
use lumio_move_compiler::parse_file;
use lumio_move_compiler::source::SourceFiles;
use std::path::PathBuf;

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
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/goldens");
    let update = std::env::var_os("UPDATE_GOLDENS").is_some();
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/goldens")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "move"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 20, "only {} goldens", inputs.len());
    let mut failures = Vec::new();
    for path in inputs {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let src = std::fs::read_to_string(&path).expect("read golden input");
        let actual = render_one(&name, &src);
        let exp_path = path.with_extension("exp");
        if update {
            std::fs::write(&exp_path, &actual).expect("write golden");
            continue;
        }
        let expected = std::fs::read_to_string(&exp_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{name}:\n--- expected\n{expected}\n--- actual\n{actual}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden(s) differ (UPDATE_GOLDENS=1 regenerates):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
