module 0x42::attr_expected_failure_bad_key {
    #[test]
    #[expected_failure(abort_cod = 1)]
    fun t() { abort 1 }
}
