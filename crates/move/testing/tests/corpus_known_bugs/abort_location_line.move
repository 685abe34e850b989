// Expected: the failure report of `fails` names line 8, column 21 (the `abort` below).
// Actual: `lumio_move_testing::report` prints `abort_location_line.move:9:22`: one line and one
// column too far. `describe` in crates/move/testing/src/lib.rs adds 1 to both numbers of
// `SourceFile::line_col`, which already returns them 1-based.
module 0xc0::abort_location_line {
    #[test]
    fun fails() {
        let _x = 1; abort 7
    }
}
