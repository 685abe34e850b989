//! The project's own Move corpus (`tests/corpus`): programs written for this repository that
//! cover every opcode family and language feature, each with `#[test]` functions that check
//! computed results and expected failures. Built by our compiler, run on our VM.

use std::path::PathBuf;

use lumio_move_testing::{TestOptions, report, test_package};

/// The corpus holds at least this many tests; a drop means tests were lost.
const MIN_TESTS: usize = 480;

#[test]
fn corpus_tests_pass() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let run = test_package(&dir, &TestOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let text = report(&run.results);
    assert!(
        run.results.len() >= MIN_TESTS,
        "only {} tests found",
        run.results.len()
    );
    assert!(run.passed(), "{text}");
    eprintln!("{}", text.lines().last().unwrap_or_default());
}
