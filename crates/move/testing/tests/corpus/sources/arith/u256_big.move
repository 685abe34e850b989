module corpus::u256_big {
    fun pow2(n: u8): u256 { 1 << n }

    fun factorial(n: u256): u256 { if (n == 0) 1 else n * factorial(n - 1) }

    #[test]
    fun large_values() {
        assert!(pow2(255) == 57896044618658097711785492504343953926634992332820282019728792003956564819968, 1);
        assert!(pow2(255) - 1 + pow2(255) == 115792089237316195423570985008687907853269984665640564039457584007913129639935, 2);
        assert!(factorial(30) == 265252859812191058636308480000000, 3);
        assert!(factorial(57) / factorial(56) == 57, 4);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun factorial_overflows_u256() { factorial(58); }
}
