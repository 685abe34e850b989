//! Real compiled bytecode collected by the binary-format crate must verify.

use std::path::{Path, PathBuf};

use lumio_move_verifier::cli::{Outcome, verify_files};

pub(crate) fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../binary-format/tests/fixtures")
}

pub(crate) fn fixture_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![fixture_dir()];
    while let Some(d) = dirs.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "mv") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_fixture_verifies() {
    let files = fixture_files();
    assert!(!files.is_empty(), "no fixtures found in {}", fixture_dir().display());
    let report = verify_files(&files);
    eprintln!("{report}");
    let bad: Vec<_> = report.entries.iter().filter(|e| e.outcome != Outcome::Ok).collect();
    assert!(bad.is_empty(), "fixtures rejected:\n{report}");
}
