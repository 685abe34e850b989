module corpus::arith_u16 {
    fun add(a: u16, b: u16): u16 { a + b }
    fun mul(a: u16, b: u16): u16 { a * b }

    #[test]
    fun known_values() {
        assert!(add(65000, 535) == 65535, 1);
        assert!(mul(255, 257) == 65535, 2);
        assert!(mul(256, 255) == 65280, 3);
        assert!(65535u16 / 256 == 255, 4);
        assert!(65535u16 % 256 == 255, 5);
        assert!(1000u16 - 999 == 1, 6);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun add_overflows() { add(65535, 1); }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun mul_overflows() { mul(256, 256); }
}
