module corpus::arith_u64 {
    const MAX: u64 = 18446744073709551615;

    fun add(a: u64, b: u64): u64 { a + b }
    fun mul(a: u64, b: u64): u64 { a * b }
    fun sub(a: u64, b: u64): u64 { a - b }

    #[test]
    fun known_values() {
        assert!(add(MAX - 10, 10) == MAX, 1);
        assert!(mul(4294967296, 4294967295) == 18446744069414584320, 2);
        assert!(MAX / 4294967296 == 4294967295, 3);
        assert!(MAX % 1000 == 615, 4);
        assert!(sub(1_000_000, 1) == 999_999, 5);
        assert!(123456789 * 1000 == 123456789000, 6);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun add_overflows() { add(MAX, 1); }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun mul_overflows() { mul(4294967296, 4294967296); }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun sub_underflows() { sub(5, 6); }
}
