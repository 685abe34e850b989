//! Real compiled modules and scripts (see `tests/fixtures/SOURCES.md`): each must deserialize
//! and serialize back to the identical bytes.

use std::path::PathBuf;

use lumio_move_binary_format::{
    CompiledModule, CompiledScript,
    cli::{CompiledUnit, decode_unit},
};

pub(crate) fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// All `.mv` fixtures, sorted by name.
pub(crate) fn fixtures() -> Vec<(String, Vec<u8>)> {
    let mut out = vec![];
    for e in std::fs::read_dir(fixture_dir()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "mv") {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            out.push((name, std::fs::read(&p).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn every_fixture_round_trips_byte_identical() {
    let all = fixtures();
    assert!(all.len() >= 10, "expected fixtures, found {}", all.len());
    for (name, bytes) in all {
        let unit = decode_unit(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let out = match &unit {
            CompiledUnit::Module(m) => m.to_bytes().unwrap(),
            CompiledUnit::Script(s) => s.to_bytes().unwrap(),
        };
        assert_eq!(
            hex::encode(&out),
            hex::encode(&bytes),
            "{name}: round trip differs"
        );
        let is_script = name.contains("script");
        assert_eq!(
            matches!(unit, CompiledUnit::Script(_)),
            is_script,
            "{name}: kind detection"
        );
        // The explicit entry points agree with the auto-detection.
        match unit {
            CompiledUnit::Module(m) => assert_eq!(CompiledModule::deserialize(&bytes).unwrap(), m),
            CompiledUnit::Script(s) => assert_eq!(CompiledScript::deserialize(&bytes).unwrap(), s),
        }
    }
}

#[test]
fn legacy_script_visibility_in_v5_is_rejected_as_current_aptos_does() {
    // Early Aptos (2022) wrote `script` visibility (0x02) in v5 modules; current Aptos
    // deserializers reject visibility 0x02 from v5 on.
    let bytes = std::fs::read(fixture_dir().join("legacy/coin_v5_script_visibility.mv")).unwrap();
    let err = CompiledModule::deserialize(&bytes).unwrap_err();
    assert_eq!(
        err.major_status(),
        lumio_move_core_types::StatusCode::MALFORMED
    );
}
