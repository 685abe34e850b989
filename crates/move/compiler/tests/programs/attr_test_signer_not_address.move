module 0x42::attr_test_signer_not_address {
    #[test(s = 5)]
    fun t(s: &signer) { let _ = s; }
}
