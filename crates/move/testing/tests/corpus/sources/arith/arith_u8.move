module corpus::arith_u8 {
    fun add(a: u8, b: u8): u8 { a + b }
    fun sub(a: u8, b: u8): u8 { a - b }
    fun mul(a: u8, b: u8): u8 { a * b }

    #[test]
    fun sums_and_products() {
        assert!(add(100, 155) == 255, 1);
        assert!(sub(200, 73) == 127, 2);
        assert!(mul(15, 17) == 255, 3);
        assert!(mul(0, 200) == 0, 4);
        assert!(250u8 / 7 == 35, 5);
        assert!(250u8 % 7 == 5, 6);
    }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun add_overflows() { add(200, 56); }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun sub_underflows() { sub(3, 4); }

    #[test]
    #[expected_failure(arithmetic_error, location = Self)]
    fun mul_overflows() { mul(16, 16); }
}
