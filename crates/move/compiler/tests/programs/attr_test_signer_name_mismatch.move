module 0x42::attr_test_signer_name_mismatch {
    #[test(a = @0x1)]
    fun t(b: &signer) { let _ = b; }
}
