module corpus::abort_helper {
    public fun fail_with(code: u64) { abort code }
    public fun checked_div(a: u64, b: u64): u64 { a / b }
}

module corpus::abort_location {
    use corpus::abort_helper;

    #[test]
    #[expected_failure(abort_code = 5, location = corpus::abort_helper)]
    fun abort_reported_in_callee() { abort_helper::fail_with(5) }

    #[test]
    #[expected_failure(arithmetic_error, location = corpus::abort_helper)]
    fun arithmetic_error_in_callee() { abort_helper::checked_div(1, 0); }

    #[test]
    fun no_abort() { assert!(abort_helper::checked_div(9, 3) == 3, 1) }
}
