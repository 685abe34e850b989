//! Golden disassembly and JSON ABI of every fixture. Regenerate with `UPBL=1` and review the
//! diff.

use std::path::{Path, PathBuf};

use lumio_move_binary_format::cli::decode_bytes;

use crate::fixtures::fixtures;

fn check(path: &Path, actual: &str) {
    if std::env::var_os("UPBL").is_some() {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path)
        .unwrap_or_else(|_| panic!("missing golden {}; run with UPBL=1", path.display()));
    assert_eq!(
        expected,
        actual,
        "golden {} differs; rerun with UPBL=1 and review",
        path.display()
    );
}

#[test]
fn disassembly_and_abi_goldens() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/goldens");
    for (name, bytes) in fixtures() {
        check(
            &dir.join(format!("{name}.txt")),
            &decode_bytes(&bytes, false).unwrap(),
        );
        check(
            &dir.join(format!("{name}.json")),
            &decode_bytes(&bytes, true).unwrap(),
        );
    }
}
