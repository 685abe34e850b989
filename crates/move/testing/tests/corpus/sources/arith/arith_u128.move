module corpus::arith_u128 {
    const MAX: u128 = 340282366920938463463374607431768211455;

    fun add(a: u128, b: u128): u128 { a + b }
    fun mul(a: u128, b: u128): u128 { a * b }

    #[test]
    fun known_values() {
        let two64: u128 = 18446744073709551616;
        assert!(mul(two64, two64 - 1) == 340282366920938463444927863358058659840, 1);
        assert!(add(MAX - 1, 1) == MAX, 2);
        assert!(MAX / two64 == 18446744073709551615, 3);
        assert!(MAX % 10 == 5, 4);
        assert!(MAX - two64 * (two64 - 1) == 18446744073709551615, 5);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun mul_overflows() {
        let two64: u128 = 18446744073709551616;
        mul(two64, two64);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun add_overflows() { add(MAX, MAX); }
}
