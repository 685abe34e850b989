//! Integration tests of the test runner: our MoveStdlib's own unit tests, built by our
//! compiler and run on our VM.

mod corpus;

use std::path::PathBuf;

mod determinism;

use lumio_move_testing::{TestOptions, report, test_package};

fn framework(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../framework")
        .join(name)
}

#[test]
fn move_stdlib_unit_tests_pass() {
    let run = test_package(&framework("move-stdlib"), &TestOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let text = report(&run.results);
    assert!(
        run.results.len() >= 250,
        "only {} tests found",
        run.results.len()
    );
    assert!(run.passed(), "{text}");
    eprintln!("{}", text.lines().last().unwrap_or_default());
}
