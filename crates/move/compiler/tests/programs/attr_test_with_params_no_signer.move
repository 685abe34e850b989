module 0x42::attr_test_with_params_no_signer {
    #[test]
    fun t(x: u64) { assert!(x == 0, 1) }
}
