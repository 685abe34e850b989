//! The golden-file loop of this binary's golden tests: every `NAME.move` of a directory is
//! rendered and compared with `NAME.exp` (`UPDATE_GOLDENS=1` rewrites the `.exp` files).

use std::path::{Path, PathBuf};

/// The `.move` files of `dir`, sorted.
pub(crate) fn move_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("readable dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "move"))
        .collect();
    out.sort();
    out
}

/// Renders every program of `tests/<sub>` with `render(name, source)` and compares it with its
/// `.exp` file (or rewrites them all under `UPDATE_GOLDENS`); at least `min` programs.
pub(crate) fn check_goldens(sub: &str, min: usize, render: impl Fn(&str, &str) -> String) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(sub);
    let update = std::env::var_os("UPDATE_GOLDENS").is_some();
    let inputs = move_files(&dir);
    assert!(
        inputs.len() >= min,
        "only {} programs in tests/{sub}",
        inputs.len()
    );
    let mut failures = Vec::new();
    for path in inputs {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let src = std::fs::read_to_string(&path).expect("read program");
        let actual = render(&name, &src);
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
