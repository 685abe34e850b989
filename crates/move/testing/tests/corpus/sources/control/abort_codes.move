module corpus::abort_codes {
    const ETOO_SMALL: u64 = 10;
    const ETOO_BIG: u64 = 11;

    fun check(x: u64): u64 {
        if (x < 5) abort ETOO_SMALL;
        assert!(x <= 50, ETOO_BIG);
        x * 2
    }

    #[test]
    fun in_range() { assert!(check(5) == 10 && check(50) == 100, 1); }

    #[test]
    #[expected_failure(abort_code = ETOO_SMALL, location = Self)]
    fun below() { check(4); }

    #[test]
    #[expected_failure(abort_code = 11, location = corpus::abort_codes)]
    fun above() { check(51); }

    #[test]
    #[expected_failure(abort_code = 18446744073709551615, location = Self)]
    fun max_code() { abort 18446744073709551615 }

    #[test]
    #[expected_failure(abort_code = 0, location = Self)]
    fun zero_code() { abort 0 }

    #[test]
    #[expected_failure]
    fun any_failure() { check(0); }
}
