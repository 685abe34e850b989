//! Golden compilations: each `tests/programs/NAME.move` is compiled (test mode, with our
//! MoveStdlib, as bundled into the compiler, as a dependency) and its rendered
//! diagnostics and outcome compared with `NAME.exp`. Regenerate with `UPDATE_GOLDENS=1` and
//! review the diff.

use std::path::{Path, PathBuf};

use lumio_move_compiler::diagnostics::render;
use lumio_move_compiler::{CompileOptions, compile_with_stdlib};

fn move_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("readable dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "move"))
        .collect();
    out.sort();
    out
}

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
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    let update = std::env::var_os("UPDATE_GOLDENS").is_some();
    let inputs = move_files(&dir);
    assert!(inputs.len() >= 20, "only {} programs", inputs.len());
    let mut failures = Vec::new();
    for path in inputs {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let src = std::fs::read_to_string(&path).expect("read program");
        let actual = compile_program(&name, &src);
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
        "{} golden(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
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
