//! Integration tests of the test runner: our MoveStdlib's own unit tests, built by our
//! compiler and run on our VM.

mod corpus;
mod golden;

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

/// A failing test's report names the abort's line and column (1-based, as editors count).
#[test]
fn failure_location_is_the_abort_line() {
    let dir = std::env::temp_dir().join(format!("lumio-abort-line-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("sources")).expect("dir");
    std::fs::write(
        dir.join("Move.toml"),
        "[package]\nname = \"AbortLine\"\nversion = \"1.0.0\"\n[addresses]\nx = \"0xc0\"\n",
    )
    .expect("manifest");
    std::fs::copy(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/abort_location_line.move"),
        dir.join("sources/abort_location_line.move"),
    )
    .expect("source");
    let run = test_package(&dir, &TestOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(run.results.len(), 1);
    assert!(!run.results[0].passed);
    assert!(
        run.results[0]
            .detail
            .contains("abort_location_line.move:6:21"),
        "{}",
        run.results[0].detail
    );
}

/// Copies are charged by size: 20 copies of a 1M-element vector cost far more than building it.
#[test]
fn copies_cost_gas_in_proportion_to_their_size() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/copy_cost");
    let run = test_package(&dir, &TestOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let gas = |name: &str| {
        run.results
            .iter()
            .find(|r| r.name.ends_with(name))
            .map(|r| {
                assert!(r.passed, "{}", r.detail);
                r.gas_used
            })
            .expect("test ran")
    };
    let (copies, build) = (gas("copies_are_flat_cost"), gas("build_only"));
    assert!(
        copies as f64 > build as f64 * 1.4,
        "copies {copies}, build {build}"
    );
}

/// A failure's report lists the call stack, innermost first, each frame with its source line.
#[test]
fn failures_show_the_call_stack() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/trace");
    let run = test_package(&dir, &TestOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let detail = &run.results[0].detail;
    let frames: Vec<&str> = detail
        .lines()
        .filter(|l| l.trim_start().starts_with("in "))
        .collect();
    assert_eq!(frames.len(), 3, "{detail}");
    assert!(
        frames[0].contains("0xc1::trace::inner at ") && frames[0].ends_with("trace.move:4:45"),
        "{detail}"
    );
    assert!(
        frames[1].contains("0xc1::trace::middle at ") && frames[1].ends_with("trace.move:5:31"),
        "{detail}"
    );
    assert!(
        frames[2].contains("0xc1::trace::outer at ") && frames[2].ends_with("trace.move:7:19"),
        "{detail}"
    );
}
