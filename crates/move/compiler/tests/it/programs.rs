//! Golden compilations: each `tests/programs/NAME.move` is compiled (test mode, with our
//! MoveStdlib, as bundled into the compiler, as a dependency) and its rendered
//! diagnostics and outcome compared with `NAME.exp`. Regenerate with `UPDATE_GOLDENS=1` and
//! review the diff.

use std::path::PathBuf;

use crate::golden_dir::{check_goldens, move_files};

use lumio_move_compiler::diagnostics::render;
use lumio_move_compiler::{CompileOptions, compile_with_stdlib};

/// Compiles `src` (named `name`) against the stdlib; returns the golden text.
pub(crate) fn compile_program(name: &str, src: &str) -> String {
    let options = CompileOptions {
        test_mode: true,
        ..CompileOptions::default()
    };
    let (files, out) = compile_with_stdlib(&[(&format!("tests/programs/{name}"), src)], &options);
    assert!(
        out.diagnostics.iter().all(|d| d.primary_span().is_some()),
        "{name}: every diagnostic has a location"
    );
    let mut text = render(&files, &out.diagnostics);
    let errors = out.diagnostics.iter().filter(|d| d.is_error()).count();
    let mut units: Vec<String> = out
        .units
        .iter()
        .filter(|u| u.package == 1)
        .map(|u| u.name.clone())
        .collect();
    units.sort();
    if errors == 0 {
        text.push_str(&format!("-- compiled: {}\n", units.join(", ")));
    } else {
        text.push_str(&format!("-- rejected: {errors} error(s)\n"));
    }
    text
}

#[test]
fn golden_programs() {
    check_goldens("programs", 20, compile_program);
}

#[test]
fn positive_programs_have_no_errors() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    for path in move_files(&dir) {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        if !name.starts_with("ok_") {
            continue;
        }
        let src = std::fs::read_to_string(&path).expect("read program");
        let out = compile_program(&name, &src);
        assert!(out.contains("-- compiled"), "{name}:\n{out}");
    }
}
