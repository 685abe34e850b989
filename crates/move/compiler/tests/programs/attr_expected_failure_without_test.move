module 0x42::attr_expected_failure_without_test {
    #[expected_failure]
    fun t() { abort 1 }
}
