//! Real compiled bytecode collected by the binary-format crate must verify (top-level
//! `fixtures/*.mv`; `fixtures/legacy/` holds encodings the deserializer rejects on purpose).

use std::path::{Path, PathBuf};

use lumio_move_core_types::StatusCode;
use lumio_move_verifier::{
    VerifierConfig,
    cli::{Outcome, verify_files, verify_files_with_config},
};

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
    // Bytecode up to v7 verifies with the production configuration; v8 and newer only once
    // the version bound is raised (mainnet ran v7 in late 2024).
    let (newer, current): (Vec<_>, Vec<_>) = files.iter().cloned().partition(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        ["_v8.mv", "_v9.mv", "_v10.mv"]
            .iter()
            .any(|s| name.ends_with(s))
    });
    assert!(!newer.is_empty() && !current.is_empty());
    let report = verify_files(&current);
    eprintln!("{report}");
    assert!(
        report.entries.iter().all(|e| e.outcome == Outcome::Ok),
        "fixtures rejected:\n{report}"
    );
    let latest = VerifierConfig {
        max_binary_format_version: 10,
        ..VerifierConfig::production()
    };
    let report = verify_files_with_config(&newer, &latest);
    assert!(
        report.entries.iter().all(|e| e.outcome == Outcome::Ok),
        "v8+ fixtures rejected with the bound raised:\n{report}"
    );
    let report = verify_files(&newer);
    for e in &report.entries {
        match &e.outcome {
            Outcome::Err { code, message } => {
                assert_eq!(code, StatusCode::UNKNOWN_VERSION.name(), "{message}");
                assert!(message.contains("not enabled"), "{message}");
            }
            Outcome::Ok => panic!("v8+ fixture {:?} verified under production", e.path),
        }
    }
}
