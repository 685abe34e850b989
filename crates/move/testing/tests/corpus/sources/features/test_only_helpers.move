module corpus::test_only_helpers {
    struct Secret has drop { v: u64 }

    fun make(v: u64): Secret { Secret { v } }

    #[test_only]
    fun peek(s: &Secret): u64 { s.v }

    #[test_only]
    const MAGIC: u64 = 31337;

    #[test]
    fun uses_test_only() {
        let s = make(MAGIC);
        assert!(peek(&s) == 31337, 1);
    }
}
