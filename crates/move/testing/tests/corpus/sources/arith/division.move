module corpus::division {
    fun div64(a: u64, b: u64): u64 { a / b }
    fun mod64(a: u64, b: u64): u64 { a % b }
    fun div8(a: u8, b: u8): u8 { a / b }
    fun mod128(a: u128, b: u128): u128 { a % b }
    fun div256(a: u256, b: u256): u256 { a / b }

    #[test]
    fun truncates_toward_zero() {
        assert!(div64(7, 2) == 3, 1);
        assert!(div64(1, 2) == 0, 2);
        assert!(mod64(17, 5) == 2, 3);
        assert!(mod64(5, 17) == 5, 4);
        assert!(div8(255, 255) == 1, 5);
        assert!(mod128(1000000007, 1000) == 7, 6);
        assert!(div256(1000000, 3) == 333333, 7);
    }

    #[test]
    fun div_mod_identity() {
        let a = 987654321;
        let b = 12345;
        assert!(div64(a, b) * b + mod64(a, b) == a, 1);
        assert!(div64(a, b) == 80004, 2);
        assert!(mod64(a, b) == 4941, 3);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun div_by_zero() { div64(1, 0); }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun mod_by_zero() { mod64(1, 0); }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun div8_by_zero() { div8(0, 0); }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun mod128_by_zero() { mod128(7, 0); }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun div256_by_zero() { div256(7, 0); }
}
