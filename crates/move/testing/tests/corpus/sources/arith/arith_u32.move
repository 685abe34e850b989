module corpus::arith_u32 {
    fun add(a: u32, b: u32): u32 { a + b }
    fun sub(a: u32, b: u32): u32 { a - b }
    fun mul(a: u32, b: u32): u32 { a * b }

    #[test]
    fun known_values() {
        assert!(add(4294967290, 5) == 4294967295, 1);
        assert!(mul(65536, 65535) == 4294901760, 2);
        assert!(sub(4294967295, 4294967295) == 0, 3);
        assert!(4294967295u32 / 65536 == 65535, 4);
        assert!(4294967295u32 % 10 == 5, 5);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun mul_overflows() { mul(65536, 65536); }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun sub_underflows() { sub(0, 1); }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun add_overflows() { add(4294967295, 1); }
}
