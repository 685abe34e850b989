module corpus::arith_u256 {
    const MAX: u256 = 115792089237316195423570985008687907853269984665640564039457584007913129639935;

    fun add(a: u256, b: u256): u256 { a + b }
    fun mul(a: u256, b: u256): u256 { a * b }
    fun sub(a: u256, b: u256): u256 { a - b }

    #[test]
    fun known_values() {
        let two128: u256 = 340282366920938463463374607431768211456;
        assert!(mul(two128 - 1, two128 + 1) == MAX, 1);
        assert!(MAX / two128 == two128 - 1, 2);
        assert!(MAX % two128 == two128 - 1, 3);
        assert!(add(MAX - 5, 5) == MAX, 4);
        assert!(MAX % 10 == 5, 5);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun add_overflows() { add(MAX, 1); }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun mul_overflows() {
        let two128: u256 = 340282366920938463463374607431768211456;
        mul(two128, two128);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun sub_underflows() { sub(0, MAX); }
}
