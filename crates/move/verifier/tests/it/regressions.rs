//! The modules on which the differential harness (`tools/verifier-diff`) caught the verifier
//! disagreeing with the upstream Move verifier: ours must now give upstream's verdict.

use std::path::Path;

use lumio_move_binary_format::file_format::CompiledModule;
use lumio_move_verifier::{VerifierConfig, verify_module_with_config};

#[test]
fn harness_findings_agree_with_upstream() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut checked = 0;
    let mut failures = Vec::new();
    for dir in std::fs::read_dir(&root).expect("regressions dir").flatten() {
        if !dir.path().is_dir() {
            continue;
        }
        let expected = dir.file_name().to_string_lossy().into_owned();
        for f in std::fs::read_dir(dir.path())
            .expect("category dir")
            .flatten()
        {
            let text = std::fs::read_to_string(f.path()).expect("read");
            let bytes = hex::decode(text.trim()).expect("hex");
            let m = CompiledModule::deserialize(&bytes).expect("deserialize");
            let got = match verify_module_with_config(&VerifierConfig::default(), &m) {
                Ok(()) => "ACCEPT".to_string(),
                Err(e) => e.major_status().name().to_string(),
            };
            if got != expected {
                failures.push(format!(
                    "{}: upstream {expected}, ours {got}",
                    f.path().display()
                ));
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 40, "only {checked} regression modules");
}
