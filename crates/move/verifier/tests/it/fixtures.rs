//! Real compiled bytecode collected by the binary-format crate must verify (top-level
//! `fixtures/*.mv`; `fixtures/legacy/` holds encodings the deserializer rejects on purpose).

use std::path::{Path, PathBuf};

use lumio_move_verifier::cli::{Outcome, verify_files};

pub(crate) fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../binary-format/tests/fixtures")
}

pub(crate) fn fixture_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(fixture_dir()) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_file() && p.extension().is_some_and(|x| x == "mv") {
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
    assert!(
        !files.is_empty(),
        "no fixtures found in {}",
        fixture_dir().display()
    );
    let report = verify_files(&files);
    eprintln!("{report}");
    let bad: Vec<_> = report
        .entries
        .iter()
        .filter(|e| e.outcome != Outcome::Ok)
        .collect();
    assert!(bad.is_empty(), "fixtures rejected:\n{report}");
}
